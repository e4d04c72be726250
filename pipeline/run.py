"""Run the pipeline over a folder of PDFs: per-document tasks, then the cross-document datasets,
then an atomic publish. The only place that knows about files, processes and clocks."""
from __future__ import annotations

import logging
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import io, schemas
from .rules import load_rules
from .stages.audit import missing_items, plan_vs_outcome
from .stages.document import DocumentResult, discover_pdfs, process_pdf
from .stages.organisations import assign_org_keys

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    documents: int = 0
    ok: int = 0
    partial: int = 0
    error: int = 0
    pages: int = 0
    seconds: float = 0.0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (file, status, reason)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def _task(args: tuple[str, str]) -> DocumentResult:
    path, rel = args
    return process_pdf(path, rel, load_rules())


def run_extract(raw_dir: str | Path, out_dir: str | Path, workers: int = 1,
                progress: Callable[[DocumentResult], None] | None = None) -> RunSummary:
    """Process every PDF under ``raw_dir`` and publish the datasets to ``out_dir``."""
    t0 = time.perf_counter()
    load_rules()  # fail early, with the rule named, before any work
    io.clean_stale_staging(out_dir)
    files = [(str(p), rel) for p, rel in discover_pdfs(raw_dir)]
    results: list[DocumentResult] = []
    if workers > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for res in pool.map(_task, files):
                results.append(res)
                if progress:
                    progress(res)
    else:
        for f in files:
            res = _task(f)
            results.append(res)
            if progress:
                progress(res)
    tables = build_tables(results)
    io.publish(tables, out_dir)
    summary = RunSummary(documents=len(results), seconds=time.perf_counter() - t0)
    for r in results:
        setattr(summary, r.status, getattr(summary, r.status) + 1)
        summary.pages += r.pages
        if r.status != "ok":
            summary.problems.append((r.source_file, r.status, r.error or ""))
    return summary


def build_tables(results: list[DocumentResult]) -> dict:
    """Per-document rows -> cross-document datasets -> one Arrow table per dataset."""
    rows = {ds.name: [row for r in results for row in r.rows.get(ds.name, [])] for ds in schemas.PER_DOCUMENT}
    rows.update(cross_document(rows, load_rules()))
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
