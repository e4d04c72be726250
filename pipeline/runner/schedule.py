"""The work of a run, as tasks an executor can send anywhere, and the datasets built from them.

A document goes through three tasks: read its text layer (one task per document), OCR each
page that needs it (one task per page, so that one long scan still keeps every worker busy),
finish it (OCR'd pages in, tables to rows). Tasks are top-level functions of plain arguments; a
worker loads the rules of the run's folder (cached per content) and checks they are the ones the
run planned with.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import corpus
from ..adapters import parquet
from ..datasets import ALL, PER_DOCUMENT
from ..model import DocumentResult, DocumentState, Rows
from ..rules import RULES_DIR, Rules, load_rules
from ..stages import Context, context_for
from . import publish
from .document import doc_id_of, error_result, finish_pdf, ocr_page, pages_to_ocr, read_pdf
from .executors import describe, is_failure
from .progress import Progress


def _context(rules_dir: str | None, rules_digest: str) -> Context:
    """A worker's stage context: the rules the run planned with, or a refusal."""
    return context_for(load_rules(rules_dir, expect_digest=rules_digest))


def read_task(path: str, rel: str, rules_dir: str | None, rules_digest: str) -> tuple[DocumentState | None, DocumentResult | None]:
    return read_pdf(path, rel, _context(rules_dir, rules_digest))


def ocr_task(path: str, index: int, cache_dir: str, rules_dir: str | None, rules_digest: str) -> Any:
    return ocr_page(path, index, _context(rules_dir, rules_digest), cache_dir)


def finish_task(state: DocumentState, results: dict[int, Any], rules_dir: str | None, rules_digest: str) -> DocumentResult:
    return finish_pdf(state, results, _context(rules_dir, rules_digest))


class _Schedule:
    """The tasks of a run in flight: which documents are read, which pages are out for OCR, what
    is done. Each outcome that comes back queues what follows it."""

    def __init__(self, executor: Any, todo: list[tuple[str, str]], rules: Rules, ocr_cache: str | None,
                 doc_timeout: float, progress: Progress):
        self.executor, self.rules, self.ocr_cache, self.doc_timeout, self.progress = (
            executor, rules, ocr_cache, doc_timeout, progress)
        self.page_timeout = rules.ocr.page_timeout_seconds + 30
        # the rules' folder goes with every task, unless it is the default (a Dask worker on
        # another machine has its own checkout); workers check the digest either way
        self.rules_dir = None if rules.directory == RULES_DIR.resolve() else str(rules.directory)
        self.name = dict(todo)
        self.results: dict[str, DocumentResult] = {}
        self.read: dict[str, DocumentState] = {}  # path -> state after the read stages
        self.ocr_wanted: dict[str, set[int]] = {}
        self.ocr_got: dict[str, dict[int, Any]] = {}
        self.pending: dict[Any, tuple[str, str, int]] = {}  # handle -> (kind, path, page index)
        self.n_ocr = self.n_cached = 0

    def submit(self, kind: str, path: str, fn: Any, args: tuple, timeout: float, page: int = -1) -> None:
        self.pending[self.executor.submit(fn, args, timeout)] = (kind, path, page)

    def finish(self, path: str) -> None:
        self.submit("finish", path, finish_task, (self.read[path], self.ocr_got.pop(path, {}), self.rules_dir,
                                                  self.rules.digest), self.doc_timeout)

    def done(self, path: str, result: DocumentResult) -> None:
        self.results[path] = result
        self.progress.document_done(result)

    def on_read(self, path: str, outcome: Any) -> None:
        rel = self.name[path]
        if is_failure(outcome):
            self.done(path, error_result(doc_id_of(path, rel), rel, f"could not be read: {describe(outcome)}"))
            return
        state, err = outcome
        if state is None:
            self.done(path, err)
            return
        self.read[path] = state
        pages = pages_to_ocr(state) if self.ocr_cache is not None else []
        if not pages:
            self.finish(path)
            return
        self.ocr_wanted[path] = set(pages)
        self.progress.ocr_planned(len(pages))
        for i in pages:
            self.submit("ocr", path, ocr_task, (path, i, self.ocr_cache, self.rules_dir, self.rules.digest),
                        self.page_timeout, i)

    def on_ocr(self, path: str, page: int, outcome: Any) -> None:
        if is_failure(outcome):
            outcome = f"page {page + 1}: OCR failed: {describe(outcome)}"
        self.n_ocr += 1
        self.n_cached += bool(getattr(outcome, "from_cache", False))
        self.progress.ocr_done()
        self.ocr_got.setdefault(path, {})[page] = outcome
        self.ocr_wanted[path].discard(page)
        if not self.ocr_wanted[path]:
            self.finish(path)

    def on_finish(self, path: str, outcome: Any) -> None:
        state = self.read.pop(path)
        if is_failure(outcome):
            outcome = error_result(state.doc_id, self.name[path], f"could not be finished: {describe(outcome)}",
                                   state.file_size)
        self.done(path, outcome)

    def run(self) -> None:
        for path, rel in self.name.items():
            self.submit("read", path, read_task, (path, rel, self.rules_dir, self.rules.digest), self.doc_timeout)
        while self.pending:
            for handle, outcome in self.executor.wait(list(self.pending)):
                kind, path, page = self.pending.pop(handle)
                if kind == "read":
                    self.on_read(path, outcome)
                elif kind == "ocr":
                    self.on_ocr(path, page, outcome)
                else:
                    self.on_finish(path, outcome)


def process_documents(executor: Any, todo: list[tuple[str, str]], rules: Rules, ocr_cache: str | None,
                      doc_timeout: float, progress: Progress | None = None) -> tuple[list[DocumentResult], int, int]:
    """(path, relative name) pairs -> one result per document, in input order; also the number
    of pages OCR'd and how many of them came from the cache. ``ocr_cache=None``: no OCR.

    No phase waits for another: a document's OCR pages are queued as soon as its text layer is
    read, and it is finished as soon as its last page is back, so that workers never idle while
    one long document holds a phase open.
    """
    sched = _Schedule(executor, todo, rules, ocr_cache, doc_timeout, progress or Progress())
    sched.run()
    return [sched.results[path] for path, _ in todo], sched.n_ocr, sched.n_cached


def reused_results(out: Path, reuse: Any) -> list[DocumentResult]:
    """Previous rows of unchanged documents (``FileState`` with a doc_id), read back from the
    published datasets."""
    ids = {f.doc_id for f in reuse if f.doc_id}
    if not ids:
        return []
    by_doc: dict[str, dict[str, list[Rows]]] = {}
    for ds in PER_DOCUMENT:
        for r in publish.read_rows(out, ds.name, ids):
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


def build_rows(results: list[DocumentResult], rules: Rules) -> dict[str, list[Rows]]:
    """Per-document rows of every document -> the rows of every dataset (pure)."""
    rows = {ds.name: [row for r in results for row in r.rows.get(ds.name, [])] for ds in PER_DOCUMENT}
    rows.update(corpus.cross_document(rows, rules))
    return rows


def build_tables(results: list[DocumentResult], rules: Rules) -> dict[str, Any]:
    """Per-document rows -> cross-document datasets -> one Arrow table per dataset."""
    rows = build_rows(results, rules)
    return {ds.name: parquet.to_table(rows[ds.name], ds) for ds in ALL}
