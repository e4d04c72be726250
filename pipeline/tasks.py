"""The work of a run, as tasks an executor can send anywhere, and the datasets built from them.

A document goes through three tasks: read its text layer (one task per document), OCR each
page that needs it (one task per page, so that one long scan still keeps every worker busy),
finish it (OCR'd pages in, tables to rows). Tasks are top-level functions of plain arguments; a
worker loads the rules once (cached per process) and checks they are the ones the run planned
with.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import io, schemas
from .executors import describe, is_failure
from .rules import Rules, load_rules
from .run import Progress
from .stages.audit import missing_items, plan_vs_outcome
from .stages.document import (DocumentResult, doc_id_of, error_result, finish_pdf, ocr_page_task, pages_to_ocr,
                              read_pdf)
from .stages.organisations import assign_org_keys

def read_task(path: str, rel: str, rules_digest: str):
    return read_pdf(path, rel, load_rules(expect_digest=rules_digest))


def ocr_task(path: str, index: int, cache_dir: str, rules_digest: str):
    return ocr_page_task(path, index, load_rules(expect_digest=rules_digest), cache_dir)


def finish_task(ex, results, rel: str, size: int, rules_digest: str):
    return finish_pdf(ex, results, rel, size, load_rules(expect_digest=rules_digest))


def process_documents(executor, todo: list[tuple[str, str]], rules: Rules, ocr_cache: str | None,
                      doc_timeout: float, progress: Progress | None = None) -> tuple[list[DocumentResult], int, int]:
    """(path, relative name) pairs -> one result per document, in input order; also the number
    of pages OCR'd and how many of them came from the cache. ``ocr_cache=None``: no OCR.

    No phase waits for another: a document's OCR pages are queued as soon as its text layer is
    read, and it is finished as soon as its last page is back, so that workers never idle while
    one long document holds a phase open.
    """
    progress = progress or Progress()
    page_timeout = rules.ocr.page_timeout_seconds + 30
    results: dict[str, DocumentResult] = {}
    read: dict[str, tuple] = {}  # path -> (extracted, size)
    ocr_wanted: dict[str, set[int]] = {}
    ocr_got: dict[str, dict[int, object]] = {}
    name = dict(todo)
    pending: dict[Any, tuple[str, str, int]] = {}  # handle -> (kind, path, page index)
    n_ocr = n_cached = 0

    def submit(kind: str, path: str, fn, args: tuple, timeout: float, page: int = -1) -> None:
        pending[executor.submit(fn, args, timeout)] = (kind, path, page)

    def finish(path: str) -> None:
        extracted, size = read[path]
        submit("finish", path, finish_task, (extracted, ocr_got.pop(path, {}), name[path], size, rules.digest), doc_timeout)

    def done(path: str, result: DocumentResult) -> None:
        results[path] = result
        progress.document_done(result)

    for path, rel in todo:
        submit("read", path, read_task, (path, rel, rules.digest), doc_timeout)
    while pending:
        for handle, outcome in executor.wait(list(pending)):
            kind, path, page = pending.pop(handle)
            rel = name[path]
            if kind == "read":
                if is_failure(outcome):
                    done(path, error_result(doc_id_of(path, rel), rel, f"could not be read: {describe(outcome)}"))
                    continue
                extracted, err, size = outcome
                if extracted is None:
                    done(path, err)
                    continue
                read[path] = (extracted, size)
                pages = pages_to_ocr(extracted) if ocr_cache is not None else []
                if not pages:
                    finish(path)
                    continue
                ocr_wanted[path] = set(pages)
                progress.ocr_planned(len(pages))
                for i in pages:
                    submit("ocr", path, ocr_task, (path, i, ocr_cache, rules.digest), page_timeout, i)
            elif kind == "ocr":
                if is_failure(outcome):
                    outcome = f"page {page + 1}: OCR failed: {describe(outcome)}"
                n_ocr += 1
                n_cached += bool(getattr(outcome, "from_cache", False))
                progress.ocr_done()
                ocr_got.setdefault(path, {})[page] = outcome
                ocr_wanted[path].discard(page)
                if not ocr_wanted[path]:
                    finish(path)
            else:
                extracted, size = read.pop(path)
                done(path, error_result(extracted.doc_id, rel, f"could not be finished: {describe(outcome)}", size)
                     if is_failure(outcome) else outcome)
    return [results[path] for path, _ in todo], n_ocr, n_cached


def reused_results(out: Path, reuse) -> list[DocumentResult]:
    """Previous rows of unchanged documents (``FileState`` with a doc_id), read back from the
    published datasets."""
    ids = {f.doc_id for f in reuse if f.doc_id}
    if not ids:
        return []
    by_doc: dict[str, dict[str, list[dict]]] = {}
    for ds in schemas.PER_DOCUMENT:
        for r in io.read_rows(out, ds.name, ids):
            by_doc.setdefault(r["doc_id"], {}).setdefault(ds.name, []).append(r)
    results = []
    for f in reuse:
        doc_rows = by_doc.get(f.doc_id)
        if not doc_rows or not doc_rows.get("documents"):
            continue
        d = doc_rows["documents"][0]
        results.append(DocumentResult(f.doc_id, f.path, d["status"], d.get("error"), d.get("pages") or 0, doc_rows))
    return results


def one_per_document(results: list[DocumentResult]) -> tuple[list[DocumentResult], list[tuple[str, str]]]:
    """Sorted by file name; a file with the same bytes as an earlier one (same ``doc_id``) is
    reported, not published twice: ``doc_id`` is the key of every dataset."""
    kept: dict[str, DocumentResult] = {}
    duplicates = []
    for r in sorted(results, key=lambda r: r.source_file):
        if r.doc_id in kept:
            duplicates.append((r.source_file, kept[r.doc_id].source_file))
            continue
        kept[r.doc_id] = r
    return list(kept.values()), duplicates


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
