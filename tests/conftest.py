import functools
import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"


def extract_command(raw, out, *options) -> list[str]:
    """``ita extract RAW --out OUT [options]`` as a separate process runs it (with this interpreter)."""
    return [sys.executable, "-m", "pipeline", "extract", str(raw), "--out", str(out), *map(str, options)]


SLOW_FIXTURES = {"corpus_results", "corpus_data", "corpus_extracted"}
SLOW_MODULES = {"test_nightly.py", "test_ocr.py", "test_golden.py", "test_hostile.py", "test_table_styles.py"}


def pytest_collection_modifyitems(items):
    """``slow``: the corpus through the whole pipeline, OCR, runs in processes and on Dask, the
    browser; ``make test-fast`` leaves them out."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@functools.lru_cache(maxsize=1)
def context():
    """The stage context of the project's rules (rules, repairer, lexicon, layout settings)."""
    from pipeline.rules import load_rules
    from pipeline.stages import context_for

    return context_for(load_rules())


def repair_text(text, faults=None, dictionary=True):
    """Every repair pass with the project's rules (what the stages do to a text)."""
    return context().repairer.repair(text, faults=faults, dictionary=dictionary)


@pytest.fixture(scope="session")
def rules():
    return context().rules


@pytest.fixture(scope="session")
def ctx():
    return context()


@pytest.fixture(scope="session")
def lexicon():
    return context().lexicon


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def seed_lines() -> list[str]:
    """Every non-empty line of the five seed documents (clean Thai from real ITA documents)."""
    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        out += [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return out


@pytest.fixture(scope="session")
def corpus_extracted(ctx):
    """Every bundled corpus PDF's text layer, once per test session: {file name: DocumentState}."""
    from pipeline.runner.document import read_pdf

    return {p.name: read_pdf(p, p.name, ctx)[0] for p in sorted(CORPUS.glob("*.pdf"))}


@pytest.fixture(scope="session")
def corpus_results(ctx):
    """Every bundled corpus PDF through the whole per-document pipeline: {file name: DocumentResult}."""
    from pipeline.runner.document import process_pdf

    cache = ROOT / "tests" / ".cache" / "ocr"  # OCR'd pages are reused across local test runs
    return {p.name: process_pdf(p, p.name, ctx, cache_dir=cache) for p in sorted(CORPUS.glob("*.pdf"))}


@pytest.fixture(scope="session")
def corpus_data(corpus_results, rules, tmp_path_factory):
    """The published datasets of the bundled corpus (as ``ita extract`` writes them), in a folder."""
    from pipeline.assemble import build_tables
    from pipeline.runner import publish, store

    out = tmp_path_factory.mktemp("processed")
    tables = build_tables(sorted(corpus_results.values(), key=lambda r: r.source_file), rules)
    publish.publish(store.full_files(tables)[0], out, "corpus")
    return out


def make_bad_pdfs(folder: Path) -> dict[str, str]:
    """Write broken inputs into ``folder``; return {file name: expected status}."""
    import pypdf
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "not-a-pdf.pdf").write_text("hello, this is a text file", encoding="utf-8")
    good = (CORPUS / "doc-000.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(good[: len(good) // 2])
    w = pypdf.PdfWriter()
    w.add_blank_page(200, 200)
    w.encrypt("secret", algorithm="AES-128")
    buf = io.BytesIO()
    w.write(buf)
    (folder / "encrypted.pdf").write_bytes(buf.getvalue())
    buf = io.BytesIO()
    pypdf.PdfWriter().write(buf)
    (folder / "zero-pages.pdf").write_bytes(buf.getvalue())
    Image.new("RGB", (850, 1100), "white").save(folder / "image-only.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    return {
        "not-a-pdf.pdf": "error",
        "truncated.pdf": "error",
        "encrypted.pdf": "error",
        "zero-pages.pdf": "error",
        "image-only.pdf": "partial",
        "empty.pdf": "error",
    }


def session_processes(sid: int) -> list[int]:
    """Live processes of the session ``sid`` (a run started with ``start_new_session``): a run's
    workers must not outlive it."""
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                fields = (p / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                out.append(int(p.name))
    return out
