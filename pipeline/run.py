"""Run the pipeline over a folder of PDFs. The only place that knows about files, processes and
clocks; everything it calls is a function over plain data.

Three phases, each a map over independent tasks (serially, or in ``workers`` processes):

1. read every PDF's text layer (per document);
2. OCR every page that needs it (per page: a single scanned document still uses every core;
   pages already OCR'd are read from ``<out>/_cache/ocr``);
3. finish every document (OCR'd pages in, tables to rows) — then the cross-document datasets
   and an atomic publish.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import io, schemas
from .rules import load_rules
from .stages.audit import missing_items, plan_vs_outcome
from .stages.document import (DocumentResult, discover_pdfs, finish_pdf, ocr_page_task, pages_to_ocr,
                              read_pdf)
from .stages.organisations import assign_org_keys

log = logging.getLogger(__name__)

CACHE_DIR = "_cache"


@dataclass
class RunSummary:
    documents: int = 0
    ok: int = 0
    partial: int = 0
    error: int = 0
    pages: int = 0
    ocr_pages: int = 0
    ocr_cached: int = 0
    seconds: float = 0.0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (file, status, reason)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


# ------------------------------------------------------------------------------ tasks (picklable)
def _read_task(args):
    path, rel = args
    return read_pdf(path, rel, load_rules())


def _ocr_task(args):
    path, index, cache_dir = args
    return ocr_page_task(path, index, load_rules(), cache_dir)


def _finish_task(args):
    ex, results, rel, size = args
    return finish_pdf(ex, results, rel, size, load_rules())


class _Serial:
    def map(self, fn, items: Iterable):
        return map(fn, items)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _executor(workers: int):
    return ProcessPoolExecutor(max_workers=workers) if workers > 1 else _Serial()


def run_extract(raw_dir: str | Path, out_dir: str | Path, workers: int = 1, ocr: bool = True,
                progress: Callable[[DocumentResult], None] | None = None) -> RunSummary:
    """Process every PDF under ``raw_dir`` and publish the datasets to ``out_dir``."""
    t0 = time.perf_counter()
    rules = load_rules()  # fail early, with the rule named, before any work
    out = Path(out_dir)
    io.clean_stale_staging(out)
    cache_dir = str(out / CACHE_DIR / "ocr")
    files = [(str(p), rel) for p, rel in discover_pdfs(raw_dir)]
    summary = RunSummary()
    with _executor(workers) as pool:
        read = list(pool.map(_read_task, files))
        jobs = [(path, i, cache_dir) for (path, _), (ex, _, _) in zip(files, read) if ex is not None and ocr
                for i in pages_to_ocr(ex)]
        ocr_results: dict[str, dict[int, object]] = {}
        for (path, i, _), res in zip(jobs, pool.map(_ocr_task, jobs)):
            ocr_results.setdefault(path, {})[i] = res
            summary.ocr_pages += 1
            summary.ocr_cached += bool(getattr(res, "cached", False))
        finish = [(ex, ocr_results.get(path, {}), rel, size) for (path, rel), (ex, err, size) in zip(files, read) if ex is not None]
        finished = iter(pool.map(_finish_task, finish))
        results = [err if ex is None else next(finished) for (ex, err, _) in read]
    for r in results:
        if progress:
            progress(r)
    tables = build_tables(results, rules)
    io.publish(tables, out)
    summary.documents = len(results)
    summary.seconds = time.perf_counter() - t0
    for r in results:
        setattr(summary, r.status, getattr(summary, r.status) + 1)
        summary.pages += r.pages
        if r.status != "ok":
            summary.problems.append((r.source_file, r.status, r.error or ""))
    return summary


def build_tables(results: list[DocumentResult], rules=None) -> dict:
    """Per-document rows -> cross-document datasets -> one Arrow table per dataset."""
    rules = rules or load_rules()
    rows = {ds.name: [row for r in results for row in r.rows.get(ds.name, [])] for ds in schemas.PER_DOCUMENT}
    rows.update(cross_document(rows, rules))
    return {ds.name: io.to_table(rows[ds.name], ds) for ds in schemas.ALL}


def cross_document(rows: dict[str, list[dict]], rules) -> dict[str, list[dict]]:
    """Organisation keys, then the auditor's datasets (pure)."""
    org_of = assign_org_keys(rows["documents"], rules)
    for d in rows["documents"]:
        d["org_key"] = org_of.get(d["doc_id"])
    return {
        "missing_items": missing_items(rows["item_scores"], rows["measures"], org_of, rules),
        "plan_vs_outcome": plan_vs_outcome(rows["measures"], rows["indicator_scores"], rows["documents"], org_of, rules),
    }
