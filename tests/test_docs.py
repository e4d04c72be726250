"""README and docs/ stay true: every path they name exists, every make target and ita command
they name exists, every link resolves, and the generated parts (stage list) are current."""

import re

import pytest
from conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PATH_PREFIXES = ("pipeline/", "rules/", "tools/", "tests/", "docs/", "data/")


def _generated_dirs() -> tuple[str, ...]:
    """Folders the project writes when it runs (ignored by git): a doc may name what a test or a
    run writes there, which a clean clone does not hold yet."""
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return tuple(line.lstrip("/") for line in lines if line.endswith("/") and not line.startswith("!"))


def _code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_named_paths_exist(doc):
    missing = []
    for span in _code_spans(doc.read_text(encoding="utf-8")):
        for token in re.split(r"[\s,:()]+", span):
            token = token.rstrip(".")
            if not token.startswith(PATH_PREFIXES) or "<" in token or "*" in token:
                continue
            if token.startswith(_generated_dirs()):
                continue
            if not (ROOT / token).exists():
                missing.append(token)
    assert missing == [], f"{doc.name} names paths that do not exist"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_links_resolve(doc):
    text = doc.read_text(encoding="utf-8")
    broken = [
        t
        for t in re.findall(r"\]\(([^)#]+)\)", text)
        if not t.startswith("http") and not (doc.parent / t).exists()
    ]
    assert broken == []


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-zA-Z_-]+):", (ROOT / "Makefile").read_text(), flags=re.M))


def _ita_commands() -> set[str]:
    from typer.main import get_command

    from pipeline.cli import app

    return set(get_command(app).commands)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_named_commands_exist(doc):
    text = doc.read_text(encoding="utf-8")
    targets, commands = _make_targets(), _ita_commands()
    unknown = [f"make {t}" for t in re.findall(r"\bmake ([a-z][a-z-]*)\b", text) if t not in targets]
    unknown += [
        f"ita {c}"
        for c in re.findall(r"`ita ([a-z]+)", text) + re.findall(r"^ita ([a-z]+)", text, flags=re.M)
        if c not in commands
    ]
    assert unknown == []


def test_the_stage_list_in_the_architecture_doc_is_current():
    from tools.data_dictionary import ARCHITECTURE, with_stage_table

    text = ARCHITECTURE.read_text(encoding="utf-8")
    assert with_stage_table(text) == text, "docs/architecture.md: the stage list is stale; run `make docs`"
    from pipeline.stages import STAGES

    for st in STAGES:
        assert f"`{st.__name__.rsplit('.', 1)[-1]}`" in text


def test_every_module_is_named_in_the_architecture_doc():
    """The tree and the stage list of docs/architecture.md name every package and module (no hand
    list drifts)."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    tree = text[text.index("```\npipeline/") : text.index("## Rules and configuration")]
    words = set(re.findall(r"[a-z_]+", tree))
    missing = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "pipeline").rglob("*.py"))
        if p.stem not in ("__init__", "__main__") and p.stem not in words
    ]
    missing += [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "pipeline").iterdir())
        if p.is_dir() and p.name[0] != "_"
        if p.name not in words
    ]
    assert missing == [], "docs/architecture.md does not name these modules"


def test_the_checks_see_what_the_readme_names():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        {"extract", "test", "test-fast", "lint"}
        <= set(re.findall(r"\bmake ([a-z][a-z-]*)\b", text))
        <= _make_targets()
    )
    assert (
        {"extract", "audit", "report", "query"}
        <= set(re.findall(r"^ita ([a-z]+)", text, flags=re.M))
        <= _ita_commands()
    )
    assert "pipeline/datasets.py" in {t for s in _code_spans(text) for t in s.split()}
