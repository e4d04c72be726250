"""Nightly reprocessing: incremental runs, atomic publish, the lock, timeouts, and identical
output whether tasks run inline, in local processes or on a Dask cluster."""

import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import CORPUS, extract_command, session_processes
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.datasets import ALL
from pipeline.runner import lock
from pipeline.runner import schedule as tasks
from pipeline.runner.run import run_extract

BORN_DIGITAL = ["doc-000.pdf", "doc-002.pdf", "doc-004.pdf"]


def snapshot(out: Path) -> dict[str, bytes]:
    """Every part file of every dataset (a dataset is a folder of Parquet parts), by its path."""
    return {f"{ds.name}/{p.name}": p.read_bytes() for ds in ALL for p in parts(out, ds.name)}


def parts(out: Path, name: str) -> list[Path]:
    return sorted((out / f"{name}.parquet").glob("*.parquet"))


def source_files(out: Path) -> list[str]:
    return sorted(pq.read_table(out / "documents.parquet", columns=["source_file"]).column(0).to_pylist())


def copy_pdfs(raw: Path, names) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for n in names:
        (raw / n).write_bytes((CORPUS / n).read_bytes())


def no_parsing(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a PDF was parsed")

    monkeypatch.setattr(tasks, "read_pdf", refuse)


@pytest.fixture(scope="module")
def full_reference(tmp_path_factory):
    """A full, inline run over the born-digital documents: what every other run must equal."""
    raw = tmp_path_factory.mktemp("raw")
    copy_pdfs(raw, BORN_DIGITAL)
    out = tmp_path_factory.mktemp("reference")
    summary = run_extract(raw, out, workers=0)
    assert summary.ok == len(BORN_DIGITAL)
    return raw, snapshot(out)


# ------------------------------------------------------------------------------ incremental
def test_incremental_add_change_remove(tmp_path, monkeypatch, full_reference):
    _, reference = full_reference
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:2])
    first = run_extract(raw, out, workers=0)
    assert first.mode.startswith("full") and first.processed == 2

    # nothing changed: no PDF is opened, the datasets keep their bytes (and their mtimes)
    before = snapshot(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.glob("*.parquet/*.parquet")}
    with monkeypatch.context() as m:
        no_parsing(m)
        again = run_extract(raw, out, workers=0)
    assert again.mode == "unchanged" and again.processed == 0 and not again.published
    assert again.documents == 2 and again.ok == 2
    assert snapshot(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.parquet/*.parquet")} == mtimes

    # a new PDF: only it is read; the result equals a full run over the same three files
    copy_pdfs(raw, BORN_DIGITAL[2:])
    added = run_extract(raw, out, workers=0)
    assert (added.mode, added.processed, added.reused) == ("incremental", 1, 2)
    assert snapshot(out) == reference

    # a changed PDF (other bytes under the same name) is read again, its old rows go
    (raw / BORN_DIGITAL[0]).write_bytes((CORPUS / "doc-001.pdf").read_bytes())
    changed = run_extract(raw, out, workers=0)
    assert (changed.processed, changed.reused) == (1, 2)
    docs = {r["source_file"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}
    assert docs[BORN_DIGITAL[0]]["doc_id"] == io_sha(CORPUS / "doc-001.pdf")
    measures = pq.read_table(out / "measures.parquet").to_pylist()
    assert {m["doc_id"] for m in measures} <= {d["doc_id"] for d in docs.values()}

    # a removed PDF drops out of every dataset
    (raw / BORN_DIGITAL[1]).unlink()
    removed = run_extract(raw, out, workers=0)
    assert (removed.processed, removed.removed) == (0, 1)
    assert source_files(out) == [BORN_DIGITAL[0], BORN_DIGITAL[2]]
    for ds in ALL:
        if "doc_id" in ds.names:
            ids = set(pq.read_table(out / f"{ds.name}.parquet", columns=["doc_id"]).column(0).to_pylist())
            ids.discard(None)  # a derived row of no document (an item the data has no score for)
            assert ids <= {d["doc_id"] for d in docs.values() if d["source_file"] != BORN_DIGITAL[1]}, ds.name


def test_nightly_runs_over_many_parts_give_the_rows_of_a_full_run(tmp_path):
    """One input per part, so that every step moves rows between parts: a document added, a byte
    copy of another added, a file changed, and the first name of a copied document removed (its
    rows move to the copy's part). After each, every dataset holds the rows of a full run over the
    same files, and the parts no step touched are the previous version's files (hard links)."""
    from pipeline.runner.run import run
    from pipeline.settings import RunSettings

    raw, out = tmp_path / "raw", tmp_path / "out"
    settings = RunSettings(workers=0, part_inputs=1)
    copy_pdfs(raw, ["doc-000.pdf", "doc-002.pdf"])
    run(raw, out, settings)

    def same_as_full(step: str) -> None:
        full = tmp_path / f"full-{step}"
        run(raw, full, settings)
        for ds in ALL:
            got, want = (sorted_rows(o, ds) for o in (out, full))
            assert got == want, (step, ds.name)

    copy_pdfs(raw, ["doc-004.pdf"])
    (raw / "zz-copy.pdf").write_bytes((raw / "doc-000.pdf").read_bytes())
    inodes = {p.name: p.stat().st_ino for p in parts(out, "pages")}
    assert run(raw, out, settings).mode == "incremental"
    same_as_full("added")
    assert {p.name: p.stat().st_ino for p in parts(out, "pages")}.items() >= inodes.items()  # linked

    (raw / "doc-002.pdf").write_bytes((CORPUS / "doc-001.pdf").read_bytes())
    assert run(raw, out, settings).processed == 1
    same_as_full("changed")

    (raw / "doc-000.pdf").unlink()
    assert run(raw, out, settings).removed == 1
    same_as_full("removed")

    # the parts read as one table by every reader: pandas, and `ita query` (DuckDB)
    import pandas as pd

    from pipeline.adapters.sql import connect, query

    assert len(parts(out, "pages")) > 1
    n = query(connect(out), "select count(*) as n from pages").column("n")[0].as_py()
    assert n == len(pd.read_parquet(out / "pages.parquet")) == len(sorted_rows(out, ALL[1])) > 0


def sorted_rows(out: Path, ds) -> list[dict]:
    rows = pq.read_table(out / f"{ds.name}.parquet").to_pylist()
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def io_sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_changed_rules_file_reprocesses_everything(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    monkeypatch.setenv("ITA_RULES_DIR", str(rules))
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:2])
    run_extract(raw, out, workers=0)
    assert run_extract(raw, out, workers=0).mode == "unchanged"
    with open(rules / "text.yaml", "a", encoding="utf-8") as f:
        f.write("\n# an edit\n")
    again = run_extract(raw, out, workers=0)
    assert again.mode == "full: the rules changed" and again.processed == 2
    assert run_extract(raw, out, workers=0, full=True).mode == "full: --full"


def test_same_bytes_under_two_names_keep_a_row_each_and_count_once(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    (raw / "copy.pdf").write_bytes((CORPUS / BORN_DIGITAL[0]).read_bytes())
    summary = run_extract(raw, out, workers=0)
    assert summary.duplicates == [(BORN_DIGITAL[0], "same bytes as copy.pdf")]
    assert source_files(out) == ["copy.pdf", BORN_DIGITAL[0]]
    docs = {d["source_file"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    assert docs["copy.pdf"]["counted"] and not docs[BORN_DIGITAL[0]]["counted"]
    measures = pq.read_table(out / "measures.parquet").to_pylist()
    assert len({m["seq"] for m in measures}) == len(measures)  # the document's measures are published once
    again = run_extract(raw, out, workers=0)  # nothing changed: both rows stand as they were
    assert again.mode == "unchanged" and source_files(out) == ["copy.pdf", BORN_DIGITAL[0]]


def test_run_record(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    summary = run_extract(raw, out, workers=0)
    record = json.loads((out / "_runs" / f"{summary.run_id}.json").read_text())
    assert record["ok"] == 1 and record["error"] == 0 and record["pages"] > 0
    assert record["pages_per_second"] > 0 and record["seconds"] > 0
    assert record["started"] <= record["ended"]
    assert record["versions"]["pipeline"] and record["versions"]["pdfplumber"]
    # where the time went, per stage (what `make bench` and an operator compare between runs)
    from pipeline.stages import STAGES

    stages = record["timings"]["stages"]
    assert set(stages) == {s.__name__.rsplit(".", 1)[-1] for s in STAGES}
    assert all(v >= 0 for v in stages.values()) and stages["text_layer"] > 0
    manifest = json.loads((out / "_manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == [BORN_DIGITAL[0]]


def test_a_run_with_nothing_to_do_loads_no_stage(tmp_path):
    """The nightly run that finds nothing new must start and end quickly: it reads the manifest
    and stats the inputs, and never imports the stages (PDF parsers, MinHash and SciPy; the OCR
    engine is asked its version for the run record)."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    run_extract(raw, out, workers=0, ocr=False)
    probe = (
        "import sys; from pipeline.runner.run import run_extract; "
        f"s = run_extract({str(raw)!r}, {str(out)!r}, workers=0, ocr=False); "
        "print(s.mode, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pdfplumber', 'pypdfium2', 'datasketch', 'scipy') or m.startswith('pipeline.stages')))"
    )
    said = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert said.strip() == "unchanged []"


def test_a_night_with_nothing_new_is_told_from_the_listing_with_the_manifests_counts(tmp_path):
    """A run over the inputs a version was made from reads the small listing beside the manifest
    (a digest of every input's name, size and mtime), not the manifest of every input; it says
    what the manifest would (counts, problems), and anything new is seen."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:2])
    (raw / "broken.pdf").write_bytes(b"%PDF-1.4 not a PDF at all")
    first = run_extract(raw, out, workers=0, ocr=False)
    assert first.error == 1 and (out / "current" / "_listing.json").exists()

    def said(s):
        return (s.mode, s.documents, s.ok, s.partial, s.error, s.pages_total, s.problems)

    quick = run_extract(raw, out, workers=0, ocr=False)
    listing = out / "current" / "_listing.json"
    kept = listing.read_bytes()
    listing.write_text("{not json")  # no listing: the manifest decides
    slow = run_extract(raw, out, workers=0, ocr=False)
    listing.write_bytes(kept)
    assert said(quick) == said(slow) == ("unchanged", *said(first)[1:])
    before = snapshot(out)
    # a new mtime is something new, even at the same size
    st = (raw / BORN_DIGITAL[0]).stat()
    os.utime(raw / BORN_DIGITAL[0], ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert run_extract(raw, out, workers=0, ocr=False).mode == "incremental"
    assert snapshot(out) == before  # the same bytes read again: the same datasets


# ------------------------------------------------------------------------------ executors
def test_processes_and_dask_give_identical_parquet(tmp_path, full_reference):
    raw, reference = full_reference
    processes = run_extract(raw, tmp_path / "processes", workers=2)
    assert processes.executor == "processes(2)"
    assert snapshot(tmp_path / "processes") == reference

    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        on_dask = run_extract(raw, tmp_path / "dask", scheduler=client)
    assert on_dask.executor.startswith("dask(")
    assert snapshot(tmp_path / "dask") == reference


def test_a_cluster_of_separate_scheduler_and_worker_processes_gives_identical_parquet(
    tmp_path, full_reference
):
    """As operators run it: ``dask scheduler`` and two ``dask worker`` processes (each its own
    process, as on other machines sharing the input and output folders), ``ita extract
    --scheduler tcp://…`` from the command line."""
    import signal

    raw, reference = full_reference
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    info = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [
        subprocess.Popen(
            [*dask, "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(info), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        for k in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "distributed.cli.dask_worker",
                        address,
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--name",
                        f"w{k}",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                    env=env,
                )
            )
        out = tmp_path / "cluster"
        res = subprocess.run(
            extract_command(raw, out, "--scheduler", address),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert res.returncode == 0, res.stdout + res.stderr
        assert "dask(" in res.stdout + res.stderr
        assert snapshot(out) == reference
    finally:
        for p in reversed(procs):
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=30)


def test_a_hung_or_crashing_document_becomes_an_error_row(tmp_path, monkeypatch):
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    (raw / "hangs.pdf").write_bytes((CORPUS / BORN_DIGITAL[1]).read_bytes())
    (raw / "crashes.pdf").write_bytes((CORPUS / BORN_DIGITAL[2]).read_bytes())
    monkeypatch.setattr(tasks, "read_pdf", _wrap(tasks.read_pdf))  # worker processes are forked: they see it
    t0 = time.perf_counter()
    summary = run_extract(raw, out, workers=2, doc_timeout=3)
    assert time.perf_counter() - t0 < 40
    docs = {r["source_file"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}
    assert docs[BORN_DIGITAL[0]]["status"] == "ok"
    assert docs["hangs.pdf"]["status"] == "error" and "time budget of 3 s" in docs["hangs.pdf"]["error"]
    assert docs["crashes.pdf"]["status"] == "error" and "worker process died" in docs["crashes.pdf"]["error"]
    # the main process never reads an input (it could be a FIFO): the row's id names the file, not its bytes
    assert docs["hangs.pdf"]["doc_id"].startswith("unread:") and docs["hangs.pdf"]["doc_id"] != io_sha(
        raw / "hangs.pdf"
    )
    assert summary.error == 2 and summary.ok == 1


def test_a_hung_document_on_dask_becomes_an_error_row(tmp_path, monkeypatch):
    from distributed import Client, LocalCluster

    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    (raw / "hangs.pdf").write_bytes((CORPUS / BORN_DIGITAL[1]).read_bytes())
    monkeypatch.setattr(tasks, "read_pdf", _wrap(tasks.read_pdf, hang=8))  # threads in this process see it
    with (
        LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        summary = run_extract(raw, out, scheduler=client, doc_timeout=2)
    docs = {r["source_file"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}
    assert docs[BORN_DIGITAL[0]]["status"] == "ok"
    assert docs["hangs.pdf"]["status"] == "error" and "time budget of 2 s" in docs["hangs.pdf"]["error"]
    assert summary.error == 1


def _wrap(read_pdf, hang: float = 60):
    def read(path, source_file, rules):
        if "hangs" in source_file:
            time.sleep(hang)
        if "crashes" in source_file:
            os._exit(3)
        return read_pdf(path, source_file, rules)

    return read


# ------------------------------------------------------------------------------ lock and atomicity
def test_a_live_lock_stops_a_second_run(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    out.mkdir()
    with lock.OutputLock(out):  # a run holds it (the kernel's lock, from another process or this one)
        holder = subprocess.run(
            extract_command(raw, out, "--workers", 0),
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent.parent,
        )
        assert holder.returncode == 2 and "another run" in holder.stderr
    assert not (out / "documents.parquet").exists()


def test_a_lock_left_by_a_killed_run_is_no_lock(tmp_path, caplog):
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / ".lock").write_text(json.dumps({"pid": dead.pid, "host": os.uname().nodename, "started": 0}))
    summary = run_extract(raw, out, workers=0)
    assert summary.ok == 1
    assert "did not end cleanly" in caplog.text
    assert json.loads((out / ".lock").read_text())["ended"]  # released: the next run takes it at once


def test_two_runs_started_together_never_both_hold_the_lock(tmp_path):
    out = tmp_path / "out"
    script = (
        "import sys, time; from pipeline.runner.lock import OutputLock, LockedError\n"
        "try:\n    with OutputLock(sys.argv[1]):\n        t0 = time.time(); time.sleep(0.3); print(t0, time.time())\n"
        "except LockedError:\n    pass"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(out)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent.parent,
        )
        for _ in range(8)
    ]
    windows = sorted(
        tuple(map(float, line.split())) for p in procs for line in p.communicate()[0].splitlines()
    )
    assert windows, "nobody held the lock"
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(windows)), f"two holders at once: {windows}"


def test_killing_a_run_leaves_the_previous_output_intact(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    run_extract(raw, out, workers=0)
    before = snapshot(out)
    manifest = (out / "_manifest.json").read_bytes()
    copy_pdfs(raw, BORN_DIGITAL[1:])
    for i in range(20):  # plenty of work, so that the kill lands mid-run
        (raw / f"more-{i:02d}.pdf").write_bytes(
            (CORPUS / "doc-000.pdf").read_bytes() + b"\n%" + bytes([48 + i])
        )
    proc = subprocess.Popen(
        extract_command(raw, out, "--workers", 1),
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(3.0)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.kill()  # the main process only: its workers die with it (PR_SET_PDEATHSIG)
    proc.wait()
    deadline = time.time() + 10
    while session_processes(proc.pid) and time.time() < deadline:
        time.sleep(0.1)
    assert not session_processes(proc.pid), "a worker outlived the run"
    assert snapshot(out) == before
    assert (out / "_manifest.json").read_bytes() == manifest
    # the next run is not locked out by the dead one and finishes the work
    summary = run_extract(raw, out, workers=0)
    assert summary.documents == 23 and summary.processed == 22
    assert not list((out / ".versions").glob(".*.tmp"))


def test_turning_ocr_on_reprocesses(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    run_extract(raw, out, workers=0, ocr=False)
    assert run_extract(raw, out, workers=0, ocr=False).mode == "unchanged"
    assert run_extract(raw, out, workers=0, ocr=True).mode == "full: the options changed"


def test_a_deleted_dataset_is_rebuilt(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    run_extract(raw, out, workers=0)
    shutil.rmtree(out / "current" / "measures.parquet")
    again = run_extract(raw, out, workers=0)
    assert again.mode == "full: measures.parquet is missing" and (out / "measures.parquet").exists()


def test_a_dataset_changed_without_changing_size_is_rebuilt_with_the_reason(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:1])
    run_extract(raw, out, workers=0)
    target = parts(out, "measures")[0].resolve()
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, other content
    target.write_bytes(bytes(data))
    again = run_extract(raw, out, workers=0)
    assert again.mode == "full: measures.parquet was changed since the last run"
    assert pq.read_table(out / "measures.parquet").num_rows > 0


def test_the_same_bytes_under_many_names_are_read_once(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    data = (CORPUS / BORN_DIGITAL[0]).read_bytes()
    for k in range(6):
        (raw / f"copy-{k}.pdf").write_bytes(data)
    summary = run_extract(raw, out, workers=0)
    assert summary.processed == 1 and summary.documents == 6
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert len({d["doc_id"] for d in docs}) == 1 and sum(1 for d in docs if d["counted"]) == 1


def test_cli_reports_the_work_and_logs_progress(tmp_path, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="pipeline")
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_pdfs(raw, BORN_DIGITAL[:2])
    runner = CliRunner()
    first = runner.invoke(app, ["extract", str(raw), "--out", str(out), "--workers", "1", "-v"])
    assert first.exit_code == 0, first.output
    text = " ".join(first.output.split())
    assert (
        "2 documents: 2 ok, 0 partial, 0 error; 2 processed, 0 reused, 0 removed (full: no previous run)"
        in text
    )
    assert "processes(1)" in text
    assert "documents 2/2 (" in caplog.text and "pages/s" in caplog.text  # -v, not a terminal: log lines
    caplog.clear()
    again = runner.invoke(app, ["extract", str(raw), "--out", str(out)])
    assert "documents" not in caplog.text  # not a terminal, no -v: nothing but the summary
    assert again.exit_code == 0 and "nothing changed, datasets left as they were" in " ".join(
        again.output.split()
    )
    assert len(list((out / "_runs").glob("*.json"))) == 2
