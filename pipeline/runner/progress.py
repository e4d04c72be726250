"""Progress of a run: a hook object the scheduler tells of every page OCR'd and document done.

``Progress`` counts and says nothing; ``LogProgress`` logs a line every 10% of the documents
(cron, systemd); the command line draws a bar.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Any

log = logging.getLogger("pipeline")


class Progress:
    """Told of a run's work as it goes, and counts it; says nothing itself. ``LogProgress`` logs
    it; the command line draws a bar. Subclasses show the counts in ``changed``.

    Pages are known as documents are read; the time left is estimated from the work done so far
    (an OCR'd page costs about ``OCR_WEIGHT`` text pages), the documents not yet read counted at
    the pages per document seen."""

    #: an OCR'd page's cost in text-layer pages (on the 2-core machines we measure on)
    OCR_WEIGHT = 25.0

    #: the rate shown is over this many last seconds
    WINDOW = 60.0

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.total = self.docs = self.pages = self.ocr = self.ocr_total = 0
        self.read = self.pages_known = 0
        self.current = ""
        self.recent: deque[tuple[float, float]] = deque()  # (when, work done then)

    def start(self, documents: int) -> None:
        self.total, self.t0 = documents, time.perf_counter()

    def rate(self) -> float:
        """Pages per second over the last ``WINDOW`` seconds (an OCR'd page counts as a page)."""
        now = time.perf_counter()
        done = self.pages + self.ocr
        self.recent.append((now, done))
        while len(self.recent) > 1 and now - self.recent[0][0] > self.WINDOW:
            self.recent.popleft()
        t, d = self.recent[0]
        if now - t < 1.0:
            return done / max(1e-6, now - self.t0)
        return (done - d) / (now - t)

    def info(self) -> str:
        rate = self.rate()
        pages = f"{self.pages}/{self.pages_known}{'+' if self.read < self.total else ''} pages"
        ocr = f", OCR {self.ocr}/{self.ocr_total} pages" if self.ocr_total else ""
        eta = self.eta()
        left = f", about {_duration(eta)} left" if eta is not None else ""
        now = f", reading {self.current}" if self.current and self.docs < self.total else ""
        return f"{pages}, {rate:.1f} pages/s{ocr}{left}{now}"

    def eta(self) -> float | None:
        """Seconds left, from the work done so far (None until there is some to go by)."""
        spent = time.perf_counter() - self.t0
        per_doc = self.pages_known / self.read if self.read else 0.0
        known = self.pages_known + per_doc * (self.total - self.read)
        work = known + self.OCR_WEIGHT * self.ocr_total
        done = self.pages + self.OCR_WEIGHT * self.ocr
        if done <= 0 or spent < 2.0 or work <= done:
            return None
        return spent / done * (work - done)

    def document_read(self, source_file: str, pages: int) -> None:
        self.read += 1
        self.pages_known += pages
        self.current = source_file
        self.changed()

    def ocr_planned(self, pages: int) -> None:
        self.ocr_total += pages

    def ocr_done(self) -> None:
        self.ocr += 1
        self.changed()

    def document_done(self, result: Any) -> None:
        self.docs += 1
        self.pages += result.pages
        self.changed(result)

    def changed(self, result: Any = None) -> None:
        """A document was read, a page OCR'd (``result`` None) or a document is done."""

    def close(self) -> None:
        pass


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class LogProgress(Progress):
    """A log line every 10 % of the documents, and at least every ``EVERY`` seconds while pages
    are being OCR'd (cron, systemd: a long OCR is seen to move)."""

    EVERY = 60.0

    def __init__(self) -> None:
        super().__init__()
        self.last = time.perf_counter()

    def changed(self, result: Any = None) -> None:
        step = result is not None and self.docs * 10 // self.total != (self.docs - 1) * 10 // self.total
        if step or time.perf_counter() - self.last >= self.EVERY:
            self.last = time.perf_counter()
            log.info("documents %d/%d (%s)", self.docs, self.total, self.info())
