"""Hostile and unlucky inputs (issue 15): bombs, FIFOs, names that are not UTF-8, service accounts,
markup in names, formulas in exports, signals, time budgets, torn publishes, lock races, links out
of the input folder, hidden files, an unreachable cluster, unstable error texts. Each reproduces the
failure with generated inputs."""

import json
import os
import resource
import signal
import subprocess
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, context, extract_command, session_processes
from pdfgen import TLWG, PdfBuilder
from PIL import Image
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.runner import publish as pub
from pipeline.runner import schedule as tasks
from pipeline.runner.document import process_pdf
from pipeline.runner.executors import LocalExecutor, TaskCrashed
from pipeline.runner.lock import OutputLock
from pipeline.runner.run import run_extract

ROOT = Path(__file__).resolve().parent.parent
BORN = CORPUS / "doc-001.pdf"


def docs_of(out: Path) -> dict[str, dict]:
    return {r["source_file"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


# ------------------------------------------------------------------------------ 1. bombs
def test_a_huge_page_is_not_rendered_at_full_resolution(tmp_path):
    pdf = PdfBuilder()
    pdf.page(7200, 7200).image(Image.new("L", (8, 8), 200))  # 100 x 100 inches, an image over all of it
    path = pdf.save(tmp_path / "huge.pdf")
    before = _peak_mb()
    row = process_pdf(path, "huge.pdf", context(), ocr=True).rows["documents"][0]
    assert row["status"] == "partial" and "too large to OCR" in row["error"]
    assert _peak_mb() - before < 300  # 300 dpi would be 900 million pixels


@pytest.mark.skipif(not TLWG.exists(), reason="fonts-thai-tlwg is not installed")
def test_a_page_with_too_many_characters_is_refused_by_name(tmp_path):
    pdf = PdfBuilder()
    page = pdf.page()
    for k in range(300):
        page.text(20, 20 + k * 2.5, "ก" * 1000, "Laksaman", 2)
    path = pdf.save(tmp_path / "dense.pdf")
    row = process_pdf(path, "dense.pdf", context(), ocr=False).rows["documents"][0]
    assert row["status"] == "partial" and "characters (the limit is 250,000)" in row["error"]


def _allocate(mb: int) -> int:
    return len(bytearray(mb * 1024 * 1024))


def test_a_worker_past_its_memory_ceiling_fails_its_task_not_the_run():
    ex = LocalExecutor(1, memory_mb=300)
    try:
        big = ex.submit(_allocate, (2000,), 60)
        ((_, outcome),) = ex.wait([big])
        assert isinstance(outcome, (TaskCrashed, MemoryError)), outcome
        small = ex.submit(_allocate, (10,), 60)
        ((_, outcome),) = ex.wait([small])
        assert outcome == 10 * 1024 * 1024  # the next task runs
    finally:
        ex.close()


def test_a_worker_is_replaced_after_its_tasks_and_the_run_goes_on():
    # what tesseract and the allocator keep of each OCR'd page adds up in a long-lived worker
    ex = LocalExecutor(1, max_tasks=2)
    try:
        pids = []
        for _ in range(5):
            ((_, pid),) = ex.wait([ex.submit(os.getpid, (), 60)])
            pids.append(pid)
        assert len(set(pids)) == 3 and pids[0] == pids[1] != pids[2] == pids[3] != pids[4], pids
    finally:
        ex.close()


# ------------------------------------------------------------------------------ 2, 13, 14. what is an input
def test_fifos_devices_and_links_out_of_the_folder_are_rows_not_hangs(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "good.pdf").write_bytes(BORN.read_bytes())
    os.mkfifo(raw / "fifo.pdf")
    os.symlink("/dev/zero", raw / "zero.pdf")
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    os.symlink(secret, raw / "outside.pdf")
    (raw / ".hidden.pdf").write_bytes(BORN.read_bytes())
    t0 = time.monotonic()
    summary = run_extract(raw, out, workers=0, doc_timeout=20)
    assert time.monotonic() - t0 < 60
    docs = docs_of(out)
    assert docs["good.pdf"]["status"] == "ok"
    assert "not a regular file (a FIFO)" in docs["fifo.pdf"]["error"]
    assert "not a regular file (a device)" in docs["zero.pdf"]["error"]
    assert "outside the input folder" in docs["outside.pdf"]["error"]
    assert not any("root:" in (d["error"] or "") for d in docs.values())  # no file content in a reason
    assert ".hidden.pdf: hidden file" in summary.passed_over
    with OutputLock(out):  # released
        pass
    # asked to follow links: the link is read, and the reason names only the kind of file it is
    run_extract(raw, tmp_path / "out2", workers=0, full=True, follow_links=True)
    outside = docs_of(tmp_path / "out2")["outside.pdf"]["error"]
    assert outside == "not a PDF (a text file)"


def test_a_file_name_that_is_not_utf8_is_read_as_thai(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    name = "รายงาน.pdf".encode("cp874")
    with open(os.path.join(os.fsencode(raw), name), "wb") as f:
        f.write(BORN.read_bytes())
    summary = run_extract(raw, out, workers=0)
    assert summary.ok == 1 and summary.renamed == [("รายงาน.pdf", "\\xc3\\xd2\\xc2\\xa7\\xd2\\xb9.pdf")]
    assert list(docs_of(out)) == ["รายงาน.pdf"]


def test_two_files_whose_names_read_alike_are_two_documents(tmp_path):
    """The same Thai name in UTF-8 and in TIS-620 bytes, and an escaped byte beside the byte:
    four files, four documents, and a second run that finds nothing changed."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    names = ["รายงาน.pdf".encode(), "รายงาน.pdf".encode("cp874"), b"\\xa1.pdf", b"\xa1.pdf"]
    sources = [BORN, CORPUS / "doc-000.pdf", CORPUS / "doc-002.pdf", CORPUS / "doc-003.pdf"]
    for name, src in zip(names, sources):
        with open(os.path.join(os.fsencode(raw), name), "wb") as f:
            f.write(src.read_bytes())
    first = run_extract(raw, out, workers=0, ocr=False)
    docs = docs_of(out)
    assert first.documents == 4 and len(docs) == 4 and len({d["doc_id"] for d in docs.values()}) == 4
    assert run_extract(raw, out, workers=0, ocr=False).mode == "unchanged"


# ------------------------------------------------------------------------------ 4. the environment
def test_a_run_without_a_home_gives_the_same_datasets(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.pdf").write_bytes(BORN.read_bytes())
    for home, out in (("/nonexistent", tmp_path / "homeless"), (str(tmp_path), tmp_path / "normal")):
        env = {**os.environ, "HOME": home}
        done = subprocess.run(
            extract_command(raw, out, "--workers", 1, "--no-ocr"),
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    for name in ("documents", "pages", "measures", "item_scores"):
        homeless, normal = (
            sorted((tmp_path / o / f"{name}.parquet").glob("*.parquet")) for o in ("homeless", "normal")
        )
        assert homeless and [p.read_bytes() for p in homeless] == [p.read_bytes() for p in normal]


def test_a_failure_of_the_environment_is_not_remembered(tmp_path, monkeypatch):
    from pipeline.model import OcrUnavailable

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "scan.pdf").write_bytes((CORPUS / "doc-004s.pdf").read_bytes())

    def unavailable(*a, **k):
        raise OcrUnavailable("tesseract is not installed")

    monkeypatch.setattr("pipeline.runner.ocr_cache.ocr_image", unavailable)
    first = run_extract(raw, out, workers=0)
    assert first.partial == 1 and "OCR unavailable" in docs_of(out)["scan.pdf"]["error"]
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["files"][0]["doc_id"] is None  # not recorded as the file's result
    monkeypatch.undo()
    again = run_extract(raw, out, workers=0)
    assert again.processed == 1 and docs_of(out)["scan.pdf"]["status"] == "ok"


def test_a_file_that_could_not_be_read_is_read_again_once_it_can(tmp_path, monkeypatch):
    """Permissions (or a share gone away) are the machine's state, not the file's: the error row
    is published but not remembered, and the next run reads the file."""
    from pipeline.runner import document

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.pdf").write_bytes(BORN.read_bytes())

    def denied(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(document, "sha256_file", denied)
    first = run_extract(raw, out, workers=0)
    assert first.error == 1 and "Permission denied" in docs_of(out)["a.pdf"]["error"]
    monkeypatch.undo()
    again = run_extract(raw, out, workers=0)
    assert again.processed == 1 and docs_of(out)["a.pdf"]["status"] == "ok"


def test_a_document_whose_pages_were_lost_to_damage_is_not_ok(tmp_path):
    """The page tree lists more pages than a reader finds (damage lost some): said, never ok."""
    import re

    data = (CORPUS / "doc-000.pdf").read_bytes()
    damaged = re.sub(rb"/Count\s+13\b", b"/Count 15", data, count=1)
    assert damaged != data
    (tmp_path / "d.pdf").write_bytes(damaged)
    row = process_pdf(tmp_path / "d.pdf", "d.pdf", context(), ocr=False).rows["documents"][0]
    assert row["status"] == "partial" and ("lists 15 pages" in row["error"] or "page 14:" in row["error"])


def test_workers_leave_no_dictionary_folders_behind(tmp_path):
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("ita-dict-*"))
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.pdf").write_bytes(BORN.read_bytes())
    run_extract(raw, out, workers=2)
    assert set(Path(tempfile.gettempdir()).glob("ita-dict-*")) <= before


# ------------------------------------------------------------------------------ 5, 15. what is said
def test_markup_in_a_file_name_is_shown_as_it_is(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "[").mkdir()
    (raw / "[" / "]bad.pdf").write_bytes(b"not a pdf")  # shown as "[/]bad.pdf": rich's closing tag
    (raw / "[bold]root:x:0:0:.pdf").write_bytes(b"%PDF-1.4 broken")
    for _ in range(2):  # this run and the next
        res = CliRunner().invoke(
            app, ["extract", str(raw), "--out", str(out), "--workers", "0"], env={"COLUMNS": "200"}
        )
        assert res.exit_code == 0, res.output
        assert "[/]bad.pdf" in res.output and "[bold]root:x:0:0:.pdf" in res.output  # no markup, no emoji


def test_an_unreachable_scheduler_is_said_as_such(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.pdf").write_bytes(BORN.read_bytes())
    res = CliRunner().invoke(
        app, ["extract", str(raw), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert res.exit_code == 2 and "cannot use the Dask scheduler" in res.output


def test_a_scheduler_that_never_answers_is_said_and_frees_the_output(tmp_path, monkeypatch):
    """A listener that accepts and never speaks: one line after the connect timeout, the lock
    released (the next run goes ahead)."""
    import socket
    import threading

    from pipeline.adapters import executors as ex

    monkeypatch.setattr(ex.DaskExecutor.__init__, "__defaults__", (2.0,))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held = []
    threading.Thread(target=lambda: [held.append(listener.accept()) for _ in range(20)], daemon=True).start()
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.pdf").write_bytes(BORN.read_bytes())
    t0 = time.monotonic()
    address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    res = CliRunner().invoke(app, ["extract", str(raw), "--out", str(out), "--scheduler", address])
    assert res.exit_code == 2 and "did not answer" in res.output and time.monotonic() - t0 < 30
    assert run_extract(raw, out, workers=0).ok == 1  # the lock was released


# ------------------------------------------------------------------------------ 7. exports
def test_exports_neutralise_formulas_and_control_characters(tmp_path):
    import openpyxl

    from pipeline.adapters.spreadsheet import write_records

    rows = [
        {
            "org_name": '=HYPERLINK("http://evil","x")',
            "item": "+1",
            "note": "-2",
            "who": "@SUM(A1)",
            "ctl": "a\x07b\x1bc",
            "ok": "กองคลัง",
            "n": 3,
        }
    ]
    write_records(rows, tmp_path / "a.xlsx", "xlsx")
    write_records(rows, tmp_path / "a.csv", "csv")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    values = [c.value for c in ws[2]]
    assert all(c.data_type != "f" for c in ws[2])
    assert values[:5] == ['\'=HYPERLINK("http://evil","x")', "'+1", "'-2", "'@SUM(A1)", "abc"] and values[
        5:
    ] == ["กองคลัง", 3]
    assert "\x07" not in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")


# ------------------------------------------------------------------------------ 8. signals
def test_sigterm_ends_a_run_cleanly(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for i in range(12):
        (raw / f"d{i:02d}.pdf").write_bytes((CORPUS / "doc-003.pdf").read_bytes() + b"\n%" + bytes([48 + i]))
    proc = subprocess.Popen(
        extract_command(raw, out, "--workers", 2),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(4)
    assert proc.poll() is None, "the run ended before the signal"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err
    deadline = time.time() + 10
    while session_processes(proc.pid) and time.time() < deadline:
        time.sleep(0.1)
    assert not session_processes(proc.pid), "workers outlived the run"
    assert not (out / "documents.parquet").exists()  # nothing of the run published
    with OutputLock(out):
        pass


# ------------------------------------------------------------------------------ 9. time budget
def test_the_time_budget_covers_all_of_a_documents_tasks_inline(tmp_path, monkeypatch):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "scan.pdf").write_bytes((CORPUS / "doc-004s.pdf").read_bytes())
    real = tasks.ocr_page

    def slow(*a, **k):
        time.sleep(1.0)
        return real(*a, **k)

    monkeypatch.setattr(tasks, "ocr_page", slow)
    monkeypatch.setattr(
        "pipeline.runner.ocr_cache.ocr_image", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x"))
    )
    run_extract(raw, out, workers=0, doc_timeout=2.5)  # 6 pages of 1 s each: over budget
    assert (
        "time budget of 2 s" in docs_of(out)["scan.pdf"]["error"]
        or "time budget of 3 s" in docs_of(out)["scan.pdf"]["error"]
    )


@pytest.mark.parametrize("workers", [0, 2])
def test_the_time_budget_stops_ocr_as_it_runs_out(tmp_path, workers):
    """--timeout 5 on a 6-page scan: the pages still to OCR are never sent, those running are
    stopped; the run ends within 10 s, and the document is read again on the next run."""
    import pypdf

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    reader = pypdf.PdfReader(str(CORPUS / "doc-004s.pdf"))
    writer = pypdf.PdfWriter()
    for p in reader.pages[:6]:
        writer.add_page(p)
    with open(raw / "scan.pdf", "wb") as f:
        writer.write(f)
    t0 = time.monotonic()
    run_extract(raw, out, workers=workers, doc_timeout=5)
    assert time.monotonic() - t0 < 10 + (3 if workers else 0)  # (+ starting the worker processes)
    doc = docs_of(out)["scan.pdf"]
    assert doc["status"] == "error" and "time budget of 5 s" in doc["error"] and "next run" in doc["error"]
    manifest = json.loads((out / "_manifest.json").read_text())
    assert [f["doc_id"] for f in manifest["files"] if f["path"] == "scan.pdf"] == [None]  # read again


# ------------------------------------------------------------------------------ 10. one run, one version
def test_a_publish_that_fails_midway_leaves_the_previous_run_whole(tmp_path, monkeypatch):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.pdf").write_bytes(BORN.read_bytes())
    run_extract(raw, out, workers=0)
    before = {p: p.read_bytes() for p in out.glob("*.parquet/*.parquet")}
    manifest = (out / "_manifest.json").read_bytes()
    (raw / "b.pdf").write_bytes((CORPUS / "doc-002.pdf").read_bytes())
    calls = {"n": 0}
    real = pub.write_parquet

    def failing(table, path):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        return real(table, path)

    monkeypatch.setattr(pub, "write_parquet", failing)
    with pytest.raises(OSError):
        run_extract(raw, out, workers=0)
    assert {p: p.read_bytes() for p in out.glob("*.parquet/*.parquet")} == before
    assert (out / "_manifest.json").read_bytes() == manifest
    monkeypatch.undo()
    run_extract(raw, out, workers=0)
    assert sorted(docs_of(out)) == ["a.pdf", "b.pdf"]
    assert not list((out / ".versions").glob(".*.tmp"))


def test_every_dataset_a_reader_opens_is_of_one_run(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.pdf").write_bytes(BORN.read_bytes())
    run_extract(raw, out, workers=0)
    first = pub.current_dir(out)  # a reader resolves the version once ...
    (raw / "b.pdf").write_bytes((CORPUS / "doc-002.pdf").read_bytes())
    run_extract(raw, out, workers=0)  # ... a run publishes meanwhile
    assert pq.read_table(first / "documents.parquet").num_rows == 1  # what it reads stays one run
    assert (
        pq.read_table(first / "measures.parquet").column("doc_id").to_pylist()[0]
        == pq.read_table(first / "documents.parquet").column("doc_id").to_pylist()[0]
    )
    assert pq.read_table(out / "documents.parquet").num_rows == 2  # the contract's path is the new run
    assert len(list((out / ".versions").iterdir())) == 2  # the one before is kept for readers still open


# ------------------------------------------------------------------------------ 16. deterministic reasons
def test_a_damaged_pdf_gives_the_same_reason_every_time(tmp_path):
    data = BORN.read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(data[:200] + bytes(range(256)) * 4 + data[-1200:])
    reasons = {
        process_pdf(bad, "bad.pdf", context(), ocr=False).rows["documents"][0]["error"] for _ in range(3)
    }
    assert len(reasons) == 1 and "0x7" not in next(iter(reasons))


# ------------------------------------------------------------------------------ 6. fuzzing
def _mutants(src: bytes, n: int, seed: int = 15) -> list[bytes]:
    """``n`` damaged copies of a PDF: bytes flipped in its streams, spans zeroed, cut short, garbage
    spliced in (a fixed seed: the same mutants on every run)."""
    import random

    rnd = random.Random(seed)
    out = []
    for k in range(n):
        data = bytearray(src)
        how = k % 4
        if how == 0:
            for _ in range(rnd.randint(1, 40)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        elif how == 1:
            at = rnd.randrange(len(data) // 4, len(data))
            data[at : at + rnd.randint(16, 4096)] = bytes(rnd.randint(16, 4096))
        elif how == 2:
            data = data[: rnd.randrange(len(data) // 3, len(data))]
        else:
            at = rnd.randrange(len(data))
            data[at:at] = bytes(
                rnd.randrange(32) for _ in range(rnd.randint(100, 3000))
            )  # control characters
        out.append(bytes(data))
    return out


def test_fuzzed_pdfs_each_get_a_row_and_no_garbage_is_ok(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for k, data in enumerate(_mutants((CORPUS / "doc-002.pdf").read_bytes(), 24)):
        (raw / f"m{k:02d}.pdf").write_bytes(data)
    t0 = time.monotonic()
    summary = run_extract(raw, out, workers=2, doc_timeout=120)
    assert time.monotonic() - t0 < 600  # no hang
    docs = docs_of(out)
    assert len(docs) == 24  # every mutant has a row (a byte-identical copy too)
    ok = {d["doc_id"] for d in docs.values() if d["status"] == "ok"}
    threshold = context().rules.thresholds.page_quality.needs_ocr_below
    for p in pq.read_table(out / "pages.parquet").to_pylist():
        assert not any(ord(c) < 32 and c not in "\n\t" for c in p["text"] or ""), p[
            "doc_id"
        ]  # no control characters
        if p["doc_id"] in ok:
            assert p["quality"] is None or p["quality"] >= threshold or p["extraction"] == "ocr", p
    assert summary.peak_rss_mb["workers"] < 2000


def _thai_page(path: Path) -> Path:
    """A page of twelve lines of Thai in one embedded face: a document whose map can be broken."""
    pdf = PdfBuilder()
    page = pdf.page()
    for k in range(12):
        page.text(40, 60 + 22 * k, "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี", "Laksaman", 14)
    return pdf.save(path)


@pytest.mark.parametrize("how", ["zero", "controls", "surrogates", "expanding", "truncated"])
def test_a_broken_tounicode_map_never_publishes_wrong_text_as_ok(tmp_path, how):
    """A font's ToUnicode map broken as producers break it: the run publishes (no character that
    UTF-8 cannot hold stops it), and no page whose text is unreadable is ``ok``."""
    from pdfgen import with_tounicode

    good = _thai_page(tmp_path / "good.pdf")
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    with_tounicode(good, raw / f"{how}.pdf", how)
    (raw / "good.pdf").write_bytes(good.read_bytes())
    summary = run_extract(raw, out, workers=0, ocr=False)
    docs = {d["source_file"]: d for d in docs_of(out).values()}
    assert docs["good.pdf"]["status"] == "ok" and summary.documents == 2
    broken = docs[f"{how}.pdf"]
    pages = [p for p in pq.read_table(out / "pages.parquet").to_pylist() if p["doc_id"] == broken["doc_id"]]
    if broken["status"] == "ok":  # then its text must be right
        assert all("มาตรการ" in (p["text"] or "") for p in pages), (how, [p["text"][:60] for p in pages])
    else:
        assert broken["error"], how
    assert all("\ufffd" not in (p["text"] or "") or p["replaced_chars"] for p in pages)


def test_a_folder_named_current_in_the_output_is_refused_before_any_work(tmp_path):
    from pipeline.runner.publish import OutputError

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.pdf").write_bytes((CORPUS / "doc-000.pdf").read_bytes())
    (out / "current").mkdir(parents=True)
    with pytest.raises(OutputError, match="current is a folder"):
        run_extract(raw, out, workers=0)
    assert not (out / ".versions").exists() or not any((out / ".versions").iterdir())


def test_a_kill_between_rename_and_switch_never_costs_the_published_version(tmp_path, monkeypatch):
    """A run killed after its version is in place but before 'current' points to it: the next run
    keeps the published version (for readers still open) and drops the orphan."""
    from pipeline.runner import publish as io

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.pdf").write_bytes((CORPUS / "doc-000.pdf").read_bytes())
    run_extract(raw, out, workers=0)
    published = os.readlink(out / "current")

    def killed(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(io, "_switch", killed)
    with pytest.raises(KeyboardInterrupt):
        run_extract(raw, out, workers=0, full=True)
    monkeypatch.undo()
    orphan = {p.name for p in (out / ".versions").iterdir()} - {Path(published).name}
    assert len(orphan) == 1 and os.readlink(out / "current") == published
    run_extract(raw, out, workers=0, full=True)
    left = {p.name for p in (out / ".versions").iterdir()}
    assert Path(published).name in left and not orphan & left and len(left) == 2


def test_a_layer_of_foreign_letters_that_ocr_reads_no_better_is_not_ok(tmp_path):
    # the codes of a font without a usable map read as Greek (as real-22's did): sent to OCR, which
    # reads the drawn glyphs as junk; the document says so instead of being "ok"
    pdf = PdfBuilder()
    page = pdf.page()
    for k in range(20):
        page.text(
            40,
            60 + 20 * k,
            "".join(chr(0x370 + (i * 7 + k) % 60) for i in range(60)),
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            12,
        )
    path = pdf.save(tmp_path / "greek.pdf")
    row = process_pdf(path, "greek.pdf", context(), ocr=True).rows["documents"][0]
    assert row["status"] == "partial" and "OCR read them poorly" in row["error"]


def test_a_folder_of_every_hostile_file_and_a_good_one_exits_0_and_1_under_strict(tmp_path):
    """What an operator meets on a bad night, in one folder: every broken ToUnicode map, damaged
    copies of a good report, a file that is no PDF, an empty file — and the good report. The run
    ends 0 (1 under --strict), the good report ok, every other file a row with a reason or text
    that reads; nothing unreadable is ok."""
    from pdfgen import with_tounicode

    made = _thai_page(tmp_path / "made.pdf")
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for how in ("zero", "controls", "surrogates", "expanding", "truncated"):
        with_tounicode(made, raw / f"map-{how}.pdf", how)
    for k, data in enumerate(_mutants((CORPUS / "doc-002.pdf").read_bytes(), 4, seed=23)):
        (raw / f"damaged-{k}.pdf").write_bytes(data)
    (raw / "not-a-pdf.pdf").write_text("<html>404 Not Found</html>", encoding="utf-8")
    (raw / "empty.pdf").write_bytes(b"")
    (raw / "good.pdf").write_bytes((CORPUS / "doc-002.pdf").read_bytes())
    runner = CliRunner()
    args = ["extract", str(raw), "--out", str(out), "--workers", "0", "--no-ocr"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--strict"]).exit_code == 1
    docs = docs_of(out)
    assert len(docs) == 12 and docs["good.pdf"]["status"] == "ok"
    assert docs["not-a-pdf.pdf"]["status"] == "error" and docs["empty.pdf"]["status"] == "error"
    assert all(d["error"] for d in docs.values() if d["status"] != "ok")
    pages = pq.read_table(out / "pages.parquet").to_pylist()
    threshold = context().rules.thresholds.page_quality.needs_ocr_below
    for d in docs.values():
        if d["status"] == "ok" and d["source_file"].startswith("map-"):
            assert all("มาตรการ" in (p["text"] or "") for p in pages if p["doc_id"] == d["doc_id"]), d
        if d["status"] == "ok":
            assert all(
                p["quality"] is None or p["quality"] >= threshold for p in pages if p["doc_id"] == d["doc_id"]
            ), d["source_file"]
