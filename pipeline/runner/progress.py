"""Progress of a run: a hook object the scheduler tells of every page OCR'd and document done.

``Progress`` counts and says nothing; ``LogProgress`` logs a line every 10% of the documents
(cron, systemd); the command line draws a bar.
"""

from __future__ import annotations

import logging
import time
from typing import Any

log = logging.getLogger("pipeline")


class Progress:
    """Told of a run's work as it goes, and counts it; says nothing itself. ``LogProgress`` logs
    it; the command line draws a bar. Subclasses show the counts in ``changed``."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.total = self.docs = self.pages = self.ocr = self.ocr_total = 0

    def start(self, documents: int) -> None:
        self.total, self.t0 = documents, time.perf_counter()

    def info(self) -> str:
        rate = self.pages / max(1e-6, time.perf_counter() - self.t0)
        ocr = f", OCR {self.ocr}/{self.ocr_total} pages" if self.ocr_total else ""
        return f"{self.pages} pages, {rate:.1f} pages/s{ocr}"

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
        """A page was OCR'd (``result`` None) or a document is done."""

    def close(self) -> None:
        pass


class LogProgress(Progress):
    """A log line every 10% of the documents (cron, systemd)."""

    def changed(self, result: Any = None) -> None:
        if result is not None and self.docs * 10 // self.total != (self.docs - 1) * 10 // self.total:
            log.info("documents %d/%d (%s)", self.docs, self.total, self.info())
