"""The pipeline benchmark (``make bench``; a harness, not a timed test).

1. **vs plain pdfplumber**: on the documents that have a text layer, the whole pipeline (every
   stage, Parquet written; one process, OCR on) against plain pdfplumber ``extract_text()`` +
   ``extract_tables()`` on the same pages. Both warmed once, then interleaved runs, medians.
2. **workers**: the whole corpus (scans included; fresh output folder, so no OCR cache) with
   ``--workers 1`` and ``--workers 2``, each a separate ``ita extract`` process, interleaved,
   medians; the speed-up, pages/s, and the peak memory (max RSS) of the largest process of the
   run (main or worker), from ``wait4``.
3. **no-change rerun**: ``ita extract`` again on the same output: wall time, and whether every
   Parquet file kept its bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def _plain_pdfplumber(paths: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                page.close()  # free the page's cached objects, as a careful user would
                pages += 1
    return pages


def documents_by_kind(raw: Path) -> tuple[list[tuple[Path, int]], list[Path]]:
    """The PDFs of ``raw`` as the pipeline sees them: (path, pages) of those whose every page
    has a usable text layer, and the paths of those with pages to OCR (scans)."""
    from pipeline.rules import load_rules
    from pipeline.runner.document import pages_to_ocr, read_pdf
    from pipeline.runner.manifest import discover_pdfs
    from pipeline.stages import context_for

    ctx = context_for(load_rules())
    text_layer, scanned = [], []
    for name, rel in discover_pdfs(raw).files:
        path = Path(name)
        state, _ = read_pdf(path, rel, ctx)
        if state is None:
            continue
        if pages_to_ocr(state):
            scanned.append(path)
        else:
            text_layer.append((path, state.n_pages))
    return text_layer, scanned


def _cold() -> None:
    """Forget what the text repair learnt in the previous run: each run pays for its own work."""
    from pipeline.rules import load_rules
    from pipeline.stages import context_for

    context_for(load_rules()).repairer.forget()


def vs_pdfplumber(raw: Path = RAW, repeats: int = 3, paths: list[Path] | None = None) -> dict:
    """The whole pipeline against plain pdfplumber on the same pages (the text-layer documents of
    ``raw``, or ``paths``); each pipeline run starts with cold repair caches."""
    from pipeline.adapters.pdfium import open_pdf
    from pipeline.runner.run import run_extract

    if paths is None:
        docs = documents_by_kind(raw)[0]
        paths = [p for p, _ in docs]
        pages = sum(n for _, n in docs)
    else:
        pages = 0
        for p in paths:
            doc = open_pdf(p)
            pages += len(doc)
            doc.close()
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    try:
        folder = tmp / "raw"
        folder.mkdir()
        for p in paths:
            os.symlink(p.resolve(), folder / p.name)  # links out of the folder: run with follow_links

        def ours() -> float:
            _cold()
            t = time.perf_counter()
            summary = run_extract(folder, tmp / "out", workers=0, full=True, ocr=False, follow_links=True)
            elapsed = time.perf_counter() - t
            if summary.processed != len(paths) or summary.pages != pages:
                raise SystemExit(
                    f"the bench read {summary.processed}/{len(paths)} documents, {summary.pages}/{pages} pages"
                )
            return elapsed

        def plain() -> float:
            t = time.perf_counter()
            _plain_pdfplumber(paths)
            return time.perf_counter() - t

        ours(), plain()  # warm-up: rules, dictionaries, fonts, imports
        t_ours, t_plain = [], []
        for _ in range(repeats):
            t_plain.append(plain())
            t_ours.append(ours())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    m_ours, m_plain = median(t_ours), median(t_plain)
    return {
        "documents": len(paths),
        "pages": pages,
        "pipeline_s": round(m_ours, 3),
        "pdfplumber_s": round(m_plain, 3),
        "ratio": round(m_ours / m_plain, 3),
        "pipeline_pages_per_s": round(pages / m_ours, 1),
        "pdfplumber_pages_per_s": round(pages / m_plain, 1),
        "pipeline_ms_per_page": round(1000 * m_ours / pages, 1),
        "pdfplumber_ms_per_page": round(1000 * m_plain / pages, 1),
    }


def _extract(raw: Path, out: Path, *extra: str) -> tuple[float, int, int]:
    """``ita extract`` in its own process: (wall seconds, peak RSS in MB of its largest process, exit code)."""
    cmd = [sys.executable, "-m", "pipeline", "extract", str(raw), "--out", str(out), *extra]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss // 1024, proc.returncode


_PLAIN = (
    "import sys, pdfplumber\n"
    "for f in sys.argv[1:]:\n"
    "    with pdfplumber.open(f) as pdf:\n"
    "        for p in pdf.pages:\n"
    "            p.extract_text(); p.extract_tables()\n"
)


def whole_process(raw: Path = RAW, repeats: int = 3) -> dict:
    """What a user waits for: ``ita extract --workers 1 --no-ocr`` on the text-layer documents, a
    process of its own with a fresh output folder (imports, rules, dictionaries, a worker process,
    publishing), against plain pdfplumber in a process of its own; interleaved, best of
    ``repeats``."""
    paths = [p for p, _ in documents_by_kind(raw)[0]]
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    ours, plain = [], []
    try:
        folder = tmp / "raw"
        folder.mkdir()
        for p in paths:
            shutil.copy(p, folder / p.name)
        for r in range(repeats):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", _PLAIN, *map(str, paths)], check=True, cwd=ROOT)
            plain.append(time.perf_counter() - t)
            s, _, code = _extract(folder, tmp / f"out{r}", "--workers", "1", "--no-ocr")
            if code != 0:
                raise RuntimeError(f"ita extract exited with {code}")
            ours.append(s)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "documents": len(paths),
        "pipeline_s": round(min(ours), 2),
        "pdfplumber_s": round(min(plain), 2),
        "ratio": round(min(ours) / min(plain), 2),
    }


def _digests(out: Path) -> dict[str, str]:
    return {
        f"{p.parent.name}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.glob("*.parquet/*.parquet"))  # every part of every dataset
    }


def workers_and_rerun(raw: Path = RAW, repeats: int = 3) -> dict:
    from pipeline.adapters.pdfium import open_pdf
    from pipeline.runner.manifest import discover_pdfs

    pages = 0
    for path, _ in discover_pdfs(raw).files:
        try:
            doc = open_pdf(path)
            pages += len(doc)
            doc.close()
        except Exception:
            pass
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    times: dict[int, list[float]] = {1: [], 2: []}
    peak: dict[int, int] = {1: 0, 2: 0}
    stages: list[dict[str, float]] = []  # per stage, the one-worker runs (from their run records)
    try:
        for r in range(repeats):
            for n in (1, 2):
                out = tmp / f"w{n}-{r}"  # fresh: no OCR cache, no manifest
                s, mb, code = _extract(raw, out, "--workers", str(n))
                if code != 0:
                    raise RuntimeError(f"ita extract --workers {n} exited with {code}")
                times[n].append(s)
                peak[n] = max(peak[n], mb)
                if n == 1:
                    record = max((out / "_runs").glob("*.json"))
                    stages.append(json.loads(record.read_text())["timings"]["stages"])
        out = tmp / "w2-0"
        before = _digests(out)
        rerun = [_extract(raw, out)[0] for _ in range(repeats)]
        identical = _digests(out) == before
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    one, two = median(times[1]), median(times[2])
    return {
        "pages": pages,
        "workers_1_s": round(one, 2),
        "workers_2_s": round(two, 2),
        "speedup_2_vs_1": round(one / two, 2),
        "pages_per_s_1": round(pages / one, 1),
        "pages_per_s_2": round(pages / two, 1),
        "peak_rss_mb_1": peak[1],
        "peak_rss_mb_2": peak[2],
        "no_change_rerun_s": round(median(rerun), 2),
        "no_change_rerun_identical": identical,
        "stage_s_1": {k: round(median([st.get(k, 0.0) for st in stages]), 3) for k in stages[0]}
        if stages
        else {},
    }


SHARED_REAL = ROOT.parent / "shared" / "real"
#: real files measured one by one against plain pdfplumber: a plan whose font loses ำ everywhere
#: (83 pages), a 135-page ministry plan, and a 76-page plan whose fonts map marks to letters (decoded)
REAL_FILES = ("real-17.pdf", "real-14.pdf", "real-18.pdf")


def real_bench(repeats: int = 3, names: tuple[str, ...] = REAL_FILES) -> dict:
    """Per real file (when ../shared/real is there): pipeline (no OCR) vs plain pdfplumber."""
    out = {}
    for name in names:
        path = SHARED_REAL / name
        if path.exists():
            out[name] = vs_pdfplumber(repeats=repeats, paths=[path])
    return out


def pipeline_bench(raw: Path = RAW, repeats: int = 3) -> dict:
    return {
        "vs_pdfplumber": vs_pdfplumber(raw, repeats),
        "whole_process": whole_process(raw, repeats),
        "real": real_bench(repeats),
        "workers": workers_and_rerun(raw, repeats),
    }


def print_pipeline(r: dict) -> None:
    a, w = r["vs_pdfplumber"], r["workers"]
    print(
        f"Whole pipeline vs plain pdfplumber extract_text()+extract_tables(), {a['documents']} text-layer documents, "
        f"{a['pages']} pages (median, interleaved):"
    )
    print(
        f"  pdfplumber {a['pdfplumber_s']:.2f} s ({a['pdfplumber_ms_per_page']:.1f} ms/page, "
        f"{a['pdfplumber_pages_per_s']} pages/s)"
    )
    print(
        f"  pipeline   {a['pipeline_s']:.2f} s ({a['pipeline_ms_per_page']:.1f} ms/page, "
        f"{a['pipeline_pages_per_s']} pages/s)"
    )
    print(f"  ratio pipeline/pdfplumber {a['ratio']:.2f}")
    for name, rr in r.get("real", {}).items():
        print(
            f"Real file {name}, {rr['pages']} pages, pipeline (no OCR, cold repair caches) "
            "vs plain pdfplumber (median):"
        )
        print(
            f"  pdfplumber {rr['pdfplumber_s']:.2f} s, pipeline {rr['pipeline_s']:.2f} s, ratio {rr['ratio']:.2f}"
        )
    print(
        f"Whole corpus, {w['pages']} pages incl. scans, fresh output (no OCR cache), `ita extract` (median):"
    )
    print(
        f"  --workers 1: {w['workers_1_s']:.1f} s ({w['pages_per_s_1']} pages/s), peak RSS {w['peak_rss_mb_1']} MB"
    )
    print(
        f"  --workers 2: {w['workers_2_s']:.1f} s ({w['pages_per_s_2']} pages/s), peak RSS {w['peak_rss_mb_2']} MB "
        f"(largest process)"
    )
    print(f"  speed-up 2 vs 1 workers: {w['speedup_2_vs_1']:.2f}x")
    print(
        "  where one worker's time went (s, median): "
        + ", ".join(f"{k} {v:.2f}" for k, v in w.get("stage_s_1", {}).items())
    )
    print(
        f"  no-change rerun: {w['no_change_rerun_s']:.2f} s, Parquet byte-identical: {w['no_change_rerun_identical']}"
    )
    wp = r.get("whole_process")
    if wp:
        print(
            f"Whole process, as a user waits for it: `ita extract --workers 1 --no-ocr` on the {wp['documents']} "
            f"text-layer documents {wp['pipeline_s']:.2f} s, plain pdfplumber in its own process "
            f"{wp['pdfplumber_s']:.2f} s: ratio {wp['ratio']:.2f} (best of 3, interleaved)"
        )
