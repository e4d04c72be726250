"""Bad files become rows with a status and a reason; the run goes on; --strict changes the exit code."""

import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, make_bad_pdfs
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.runner.run import run_extract


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    expected = make_bad_pdfs(raw / "sub")  # also checks the recursive search
    (raw / "GOOD.PDF").write_bytes((CORPUS / "doc-000.pdf").read_bytes())  # upper-case extension
    out = tmp_path_factory.mktemp("out")
    summary = run_extract(raw, out)
    docs = {r["source_file"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}
    return raw, out, summary, docs, expected


def test_every_file_has_a_row(bad_run):
    _, _, summary, docs, expected = bad_run
    assert set(docs) == {f"sub/{n}" for n in expected} | {"GOOD.PDF"}
    assert summary.documents == len(expected) + 1
    assert docs["GOOD.PDF"]["status"] == "ok"


@pytest.mark.parametrize(
    "name, status, reason",
    [
        ("not-a-pdf.pdf", "error", "not a PDF"),
        ("truncated.pdf", "error", "truncated PDF"),
        ("encrypted.pdf", "error", "encrypted PDF"),
        ("zero-pages.pdf", "error", "no pages"),
        ("empty.pdf", "error", "empty file"),
        ("image-only.pdf", "partial", "OCR found no text on pages 1"),  # a blank scan
    ],
)
def test_status_and_readable_reason(bad_run, name, status, reason):
    docs = bad_run[3]
    row = docs[f"sub/{name}"]
    assert row["status"] == status
    assert reason in row["error"]
    assert len(row["doc_id"]) == 64


def test_a_run_lists_the_first_problems_and_counts_the_rest(bad_run, monkeypatch):
    """A national corpus has thousands of partial documents: the terminal shows the first few and
    how many more there are (the run record and the documents dataset have every one)."""
    import pipeline.cli as cli

    raw, out, *_ = bad_run
    monkeypatch.setattr(cli, "SHOWN", 2)
    res = CliRunner().invoke(app, ["extract", str(raw), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "4 more need attention" in res.output
    assert (
        sum(name in res.output for name in ("not-a-pdf.pdf", "truncated.pdf", "encrypted.pdf", "empty.pdf"))
        <= 2
    )


def test_cli_exit_codes(bad_run):
    raw, out, *_ = bad_run
    runner = CliRunner()
    res = runner.invoke(app, ["extract", str(raw), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "1 ok" in res.output and "5 error" in res.output
    res = runner.invoke(app, ["extract", str(raw), "--out", str(out), "--strict"])
    assert res.exit_code == 1
    res = runner.invoke(app, ["extract", str(raw / "missing"), "--out", str(out)])
    assert res.exit_code == 2 and "input not found" in res.output


def test_interrupted_publish_leaves_previous_output(bad_run, tmp_path, monkeypatch):
    from pipeline.runner import publish as io

    raw, _, *_ = bad_run
    out = tmp_path / "out"
    run_extract(raw, out)
    before = {p.name: p.read_bytes() for p in (out / "documents.parquet").iterdir()}

    def boom(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(io, "write_parquet", boom)
    with pytest.raises(KeyboardInterrupt):
        run_extract(raw, out, full=True)
    assert {p.name: p.read_bytes() for p in (out / "documents.parquet").iterdir()} == before
    assert not list(out.glob(".staging-*"))
