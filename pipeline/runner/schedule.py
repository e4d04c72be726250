"""The work of a run, as tasks an executor can send anywhere, and the datasets built from them.

A document goes through three tasks: read its text layer (one task per document), OCR each
page that needs it (one task per page, so that one long scan still keeps every worker busy),
finish it (OCR'd pages in, tables to rows). Tasks are top-level functions of plain arguments; a
worker loads the rules of the run's folder (cached per content) and checks they are the ones the
run planned with.
"""

from __future__ import annotations

import contextlib
import ctypes
import time
from dataclasses import replace
from typing import Any

from ..model import DocumentResult, DocumentState, OcrFailure, OcrFailureKind, TaskKind
from ..rules import RULES_DIR, Rules, load_rules
from ..stages import Context, context_for
from .document import error_result, finish_pdf, ocr_page, pages_to_ocr, read_pdf, unread_doc_id
from .executors import TaskTimeout, describe, is_failure
from .progress import Progress


def _context(rules_dir: str | None, rules_digest: str) -> Context:
    """A worker's stage context: the rules the run planned with, or a refusal."""
    return context_for(load_rules(rules_dir, expect_digest=rules_digest))


def _timed(fn: Any, *args: Any) -> tuple[Any, float]:
    """``fn(*args)`` and the seconds it ran (the document's time budget counts running, not
    waiting); then the memory the task freed goes back to the system (glibc keeps it otherwise,
    and a worker's footprint grows task by task)."""
    t0 = time.monotonic()
    try:
        return fn(*args), time.monotonic() - t0
    finally:
        trim_memory()


def trim_memory() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def read_task(path: str, rel: str, rules_dir: str | None, rules_digest: str) -> tuple[Any, float]:
    return _timed(read_pdf, path, rel, _context(rules_dir, rules_digest))


def ocr_task(
    path: str, index: int, cache_dir: str, rules_dir: str | None, rules_digest: str
) -> tuple[Any, float]:
    return _timed(ocr_page, path, index, _context(rules_dir, rules_digest), cache_dir)


def finish_task(
    state: DocumentState, results: dict[int, Any], rules_dir: str | None, rules_digest: str
) -> tuple[Any, float]:
    return _timed(finish_pdf, state, results, _context(rules_dir, rules_digest))


class _Schedule:
    """The tasks of a run in flight: which documents are read, which pages are out for OCR, what
    is done. Each outcome that comes back queues what follows it."""

    def __init__(
        self,
        executor: Any,
        todo: list[tuple[str, str]],
        rules: Rules,
        ocr_cache: str | None,
        doc_timeout: float,
        progress: Progress,
    ):
        self.executor, self.rules, self.ocr_cache, self.doc_timeout, self.progress = (
            executor,
            rules,
            ocr_cache,
            doc_timeout,
            progress,
        )
        self.page_timeout = rules.ocr.page_timeout_seconds + 30
        # the rules' folder goes with every task, unless it is the default (a Dask worker on
        # another machine has its own checkout); workers check the digest either way
        self.rules_dir = None if rules.directory == RULES_DIR.resolve() else str(rules.directory)
        self.name = dict(todo)
        self.results: dict[str, DocumentResult] = {}
        self.read: dict[str, DocumentState] = {}  # path -> state after the read stages
        self.ocr_wanted: dict[str, set[int]] = {}
        self.ocr_queue: dict[str, list[int]] = {}  # pages not yet submitted
        self.ocr_got: dict[str, dict[int, Any]] = {}
        # handle -> (kind, path, page index, timeout)
        self.pending: dict[Any, tuple[TaskKind, str, int, float]] = {}
        self.spent: dict[str, float] = {}  # path -> seconds its tasks have run
        self.ocr_spent: dict[str, float] = {}  # path -> seconds its OCR tasks have run
        self.n_ocr = self.n_cached = 0

    def submit(self, kind: TaskKind, path: str, fn: Any, args: tuple, timeout: float, page: int = -1) -> None:
        self.pending[self.executor.submit(fn, args, timeout)] = (kind, path, page, timeout)

    def left(self, path: str) -> float:
        """Seconds left of the document's budget: ``--timeout`` covers the running time of all of its
        tasks (its pages' OCR included), not the time they wait for a worker."""
        return self.doc_timeout - self.spent.get(path, 0.0)

    def charge(self, path: str, outcome: Any, timeout: float) -> Any:
        """The task's result, its running time charged to the document (a task that timed out
        used all it was given)."""
        if is_failure(outcome):
            self.spent[path] = self.spent.get(path, 0.0) + (
                timeout if isinstance(outcome, TaskTimeout) else 0.0
            )
            return outcome
        result, seconds = outcome
        self.spent[path] = self.spent.get(path, 0.0) + seconds
        return result

    def finish(self, path: str) -> None:
        left = self.left(path)
        if left <= 0:
            state = self.read.pop(path)
            self.done(
                path,
                replace(
                    error_result(state.doc_id, self.name[path], self.over_budget(), state.file_size),
                    retry=True,
                ),
            )
            return
        self.submit(
            TaskKind.FINISH,
            path,
            finish_task,
            (self.read[path], self.ocr_got.pop(path, {}), self.rules_dir, self.rules.digest),
            left,
        )

    def over_budget(self) -> str:
        return (
            f"took longer than its time budget of {self.doc_timeout:.0f} s: read again on the next run "
            "(a longer --timeout gives it more time)"
        )

    def why(self, outcome: BaseException, could_not: str) -> str:
        """The reason a failed task gives its document: over its time budget, or what went wrong."""
        return (
            self.over_budget()
            if isinstance(outcome, TaskTimeout)
            else f"could not be {could_not}: {describe(outcome)}"
        )

    def done(self, path: str, result: DocumentResult) -> None:
        if result.error and result.error == self.over_budget():
            result = replace(
                result, retry=True
            )  # a time-out is the machine's and the budget's, not the file's
        if path in self.ocr_spent:
            result = replace(result, stage_seconds={**result.stage_seconds, "ocr": self.ocr_spent.pop(path)})
        self.results[path] = result
        self.progress.document_done(result)

    def on_read(self, path: str, outcome: Any) -> None:
        rel = self.name[path]
        if is_failure(outcome):
            self.done(path, error_result(unread_doc_id(rel), rel, self.why(outcome, "read")))
            return
        state, err = outcome
        if state is None:
            self.done(path, err)
            return
        self.read[path] = state
        self.progress.document_read(rel, state.n_pages)
        pages = pages_to_ocr(state) if self.ocr_cache is not None else []
        if not pages:
            self.finish(path)
            return
        self.ocr_wanted[path] = set(pages)
        self.ocr_queue[path] = list(pages)
        self.progress.ocr_planned(len(pages))
        # as many pages out at once as there are workers: each goes with what is left of the
        # document's budget when it starts, and the budget is checked as each comes back
        for _ in range(max(1, getattr(self.executor, "slots", 1))):
            self.next_ocr(path)

    def next_ocr(self, path: str) -> None:
        queue = self.ocr_queue.get(path)
        if not queue:
            return
        i = queue.pop(0)
        self.submit(
            TaskKind.OCR,
            path,
            ocr_task,
            (path, i, self.ocr_cache, self.rules_dir, self.rules.digest),
            max(1.0, min(self.page_timeout, self.left(path))),
            i,
        )

    def out_of_time(self, path: str) -> None:
        """The document's budget is spent: its pages still out are stopped, the rest never sent."""
        mine = [h for h, (kind, p, _, _) in self.pending.items() if p == path]
        self.executor.cancel(mine)
        for h in mine:
            self.pending.pop(h, None)
        self.ocr_queue.pop(path, None)
        self.ocr_wanted.pop(path, None)
        self.ocr_got.pop(path, None)
        state = self.read.pop(path)
        self.done(path, error_result(state.doc_id, self.name[path], self.over_budget(), state.file_size))

    def on_ocr(self, path: str, page: int, outcome: Any) -> None:
        if path not in self.read:
            return  # the document ran out of time meanwhile
        if self.left(path) <= 0:
            self.out_of_time(path)
            return
        if is_failure(outcome):
            outcome = OcrFailure(page + 1, OcrFailureKind.FAILED, f"OCR failed: {describe(outcome)}")
        self.n_ocr += 1
        self.n_cached += bool(getattr(outcome, "from_cache", False))
        self.progress.ocr_done()
        self.ocr_got.setdefault(path, {})[page] = outcome
        self.ocr_wanted[path].discard(page)
        self.next_ocr(path)
        if not self.ocr_wanted[path]:
            self.finish(path)

    def on_finish(self, path: str, outcome: Any) -> None:
        state = self.read.pop(path)
        if is_failure(outcome):
            outcome = error_result(
                state.doc_id, self.name[path], self.why(outcome, "finished"), state.file_size
            )
        self.done(path, outcome)

    def run(self) -> None:
        for path, rel in self.name.items():
            self.submit(
                TaskKind.READ,
                path,
                read_task,
                (path, rel, self.rules_dir, self.rules.digest),
                self.doc_timeout,
            )
        while self.pending:
            for handle, outcome in self.executor.wait(list(self.pending)):
                if handle not in self.pending:
                    continue  # a task of a document that ran out of time, stopped meanwhile
                kind, path, page, timeout = self.pending.pop(handle)
                before = self.spent.get(path, 0.0)
                outcome = self.charge(path, outcome, timeout)
                if kind == TaskKind.OCR:
                    self.ocr_spent[path] = self.ocr_spent.get(path, 0.0) + self.spent[path] - before
                if kind == TaskKind.READ:
                    self.on_read(path, outcome)
                elif kind == TaskKind.OCR:
                    self.on_ocr(path, page, outcome)
                else:
                    self.on_finish(path, outcome)


def process_documents(
    executor: Any,
    todo: list[tuple[str, str]],
    rules: Rules,
    ocr_cache: str | None,
    doc_timeout: float,
    progress: Progress | None = None,
) -> tuple[list[DocumentResult], int, int]:
    """(path, relative name) pairs -> one result per document, in input order; also the number
    of pages OCR'd and how many of them came from the cache. ``ocr_cache=None``: no OCR.

    No phase waits for another: a document's OCR pages are queued as soon as its text layer is
    read, and it is finished as soon as its last page is back, so that workers never idle while
    one long document holds a phase open.
    """
    sched = _Schedule(executor, todo, rules, ocr_cache, doc_timeout, progress or Progress())
    sched.run()
    return [sched.results[path] for path, _ in todo], sched.n_ocr, sched.n_cached
