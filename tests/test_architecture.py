"""The tree keeps its shape: no import cycles, third-party libraries only in adapters/, rules
loaded only at the edges, no cache keyed by id(), stages that do not change their inputs, a
non-editable install that carries its rules."""

import ast
import copy
import dataclasses
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

PACKAGE = ROOT / "pipeline"
STDLIB = set(sys.stdlib_module_names)
#: third-party imports allowed outside adapters/, each with its reason
ALLOWED_OUTSIDE_ADAPTERS = {
    "pydantic": ("pipeline/rules/",),  # the rules' schema language
    "typer": ("pipeline/cli.py",),  # the command line is the terminal's adapter
    "rich": ("pipeline/cli.py",),
}
#: where the rules may be loaded: the command line and the runner (the edges); stages get them passed
LOAD_RULES_ALLOWED = ("pipeline/cli.py", "pipeline/runner/", "pipeline/rules/")


def modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PACKAGE.rglob("*.py")):
        rel = p.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        out[name] = p
    return out


def imports_of(name: str, path: Path) -> list[tuple[str, int]]:
    """(absolute module imported, line) for every import in the module, lazy ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            # "from . import x" may import the submodule x
            out += [(f"{mod}.{a.name}", node.lineno) for a in node.names] + [(mod, node.lineno)]
    return out


def internal_graph() -> dict[str, set[str]]:
    mods = modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for imp, _ in imports_of(name, path):
            if imp in mods and imp != name:
                graph[name].add(imp)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    return cycles


def test_the_cycle_finder_finds_cycles():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    graph = internal_graph()
    # a package's __init__ importing its own submodules is not a cycle of the design
    for name in graph:
        graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    assert find_cycles(graph) == [], "import cycles"


def test_third_party_libraries_only_in_adapters():
    wrong = []
    for name, path in modules().items():
        rel = path.relative_to(ROOT).as_posix()
        for imp, line in imports_of(name, path):
            top = imp.split(".")[0]
            if top in STDLIB or top == "pipeline" or not top or top == "__future__":
                continue
            if rel.startswith("pipeline/adapters/"):
                continue
            if any(rel.startswith(p) for p in ALLOWED_OUTSIDE_ADAPTERS.get(top, ())):
                continue
            wrong.append(f"{rel}:{line} imports {imp}")
    assert wrong == []


def test_each_adapter_is_the_only_home_of_its_library():
    homes: dict[str, set[str]] = {}
    for name, path in modules().items():
        rel = path.relative_to(ROOT).as_posix()
        if not rel.startswith("pipeline/adapters/"):
            continue
        for imp, _ in imports_of(name, path):
            top = imp.split(".")[0]
            if top not in STDLIB and top not in ("pipeline", "__future__", ""):
                homes.setdefault(top, set()).add(rel)
    # numpy and PIL are the image adapters' shared vocabulary (raster, glyphs)
    shared = {"numpy", "PIL"}
    assert {lib: sorted(p) for lib, p in homes.items() if len(p) > 1 and lib not in shared} == {}


def test_rules_are_loaded_only_at_the_edges():
    wrong = []
    for _name, path in modules().items():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(LOAD_RULES_ALLOWED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                fn = node.func
                called = (
                    fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
                )
                if called in ("load_rules", "load_rules_from"):
                    wrong.append(f"{rel}:{node.lineno}")
    assert wrong == []


def test_no_cache_is_keyed_by_id():
    wrong = []
    for _name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id":
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert wrong == []


def test_every_package_is_listed_in_pyproject():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert packages <= listed, (
        f"add to pyproject.toml [tool.setuptools] packages: {sorted(packages - listed)}"
    )


# ------------------------------------------------------------------------------ purity
def _frozen_copy(state):
    return copy.deepcopy(dataclasses.replace(state, raw_pages=()))


@pytest.mark.slow
def test_stages_do_not_change_their_inputs(ctx):
    """Every stage gets a deep copy's equal back untouched: it returns a new state."""
    from pipeline.adapters import pdfium
    from pipeline.model import DocumentState
    from pipeline.stages import STAGES

    for name in ("doc-001.pdf", "doc-003.pdf", "doc-004.pdf"):
        path = CORPUS / name
        doc = pdfium.open_pdf(path)
        try:
            raw = tuple(pdfium.read_page(doc, i, ctx.rules.text.symbol_table) for i in range(len(doc)))
        finally:
            doc.close()
        state = DocumentState("d" * 64, name, path.stat().st_size, len(raw), raw_pages=raw)
        for stage in STAGES:
            before = copy.deepcopy(state)
            after = stage.run(state, ctx)
            assert state == before, f"{stage.__name__} changed its input on {name}"
            assert after is not state or stage.__name__.endswith("merge_ocr")
            state = after
        assert state.result is not None and state.result.status == "ok"


# ------------------------------------------------------------------------------ packaging
@pytest.mark.slow
def test_a_non_editable_install_carries_its_rules_and_extracts(tmp_path):
    """``pip install .`` (not editable) into a fresh venv: the rules come with the package and an
    extraction runs from a folder outside the checkout."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # the dependencies are this environment's: the venv sees them through a .pth (not the
    # checkout, whose editable finder lives in a .pth file of its own that is not read from there)
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    build = tmp_path / "src"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(build)], check=True)
    for p in (
        "pipeline",
        "rules",
        "pyproject.toml",
        "README.md",
    ):  # the working tree, not only what is committed
        src, dst = ROOT / p, build / p
        subprocess.run(["rm", "-rf", str(dst)], check=True)
        subprocess.run(["cp", "-r", str(src), str(dst)], check=True)
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", str(build)], check=True, capture_output=True
    )
    subprocess.run(["rm", "-rf", str(build)], check=True)
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "doc-000.pdf").write_bytes((CORPUS / "doc-000.pdf").read_bytes())
    probe = subprocess.run(
        [str(py), "-c", "import pipeline.rules as r; print(r.RULES_DIR)"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "site-packages/pipeline/_rules" in probe
    res = subprocess.run(
        [str(py), "-m", "pipeline", "extract", str(raw), "--out", str(out), "--workers", "0", "--no-ocr"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert "1 ok" in res.stderr
