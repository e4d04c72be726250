"""One PDF through the stages, with the file and process work around them: hashing and reading
the PDF (phase 1: ``read_pdf``), OCR of one page (phase 2: ``ocr_page``), the rest of the stages
(phase 3: ``finish_pdf``); ``process_pdf`` does all three in this process. Nothing here raises
for a bad file: a failure becomes an ``error`` row with the reason.
"""

from __future__ import annotations

import hashlib
import logging
import re
import traceback
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .. import __version__
from ..adapters import pdfium, plumber
from ..adapters.executors import TaskTimeout
from ..model import (
    DocType,
    DocumentResult,
    DocumentState,
    Extraction,
    OcrFailure,
    OcrFailureKind,
    OcrTimeout,
    OcrUnavailable,
    Page,
    PageReadError,
    RawPage,
    Status,
)
from ..stages import FINISH_STAGES, READ_STAGES, Context, run_stages, total_seconds
from ..stages.merge_ocr import ocr_to_page
from .ocr_cache import ocr_pdf_page
from .publish import sha256_file

log = logging.getLogger(__name__)

#: failures of the environment (a missing module, a folder that cannot be written): the file is
#: read again next run, its failure is never recorded as the file's
ENVIRONMENT_ERRORS = (ImportError, PermissionError, OcrUnavailable)


def font_reader(path: Path, ctx: Context) -> pdfium.FontReader:
    """The document's font reader, decoding fonts whose ToUnicode map is wrong (``rules/text.yaml:
    font_decoding``; the maps are read from the file only when a font shows the fault)."""
    text = ctx.rules.text
    fd = text.font_decoding
    decoding = pdfium.FontDecoding(
        tuple(fd.font_dirs),
        fd.min_confidence,
        fd.box_max_distance,
        tuple((chr(int(k, 16)), v) for k, v in text.pua_thai.items()),
    )
    return pdfium.FontReader(lambda: plumber.font_maps(path), decoding if fd.enabled else None)


def _raw_pages(doc, n: int, ctx: Context, fonts: pdfium.FontReader) -> Iterator[RawPage | PageReadError]:  # type: ignore[no-untyped-def]
    limits = ctx.rules.thresholds.limits
    total = 0
    for i in range(n):
        if total > limits.max_chars_per_document:
            yield PageReadError(
                i + 1,
                "too large",
                f"the document's pages before it hold over {limits.max_chars_per_document:,} characters",
            )
            continue
        try:
            page = pdfium.read_page(
                doc,
                i,
                ctx.rules.text.symbol_table,
                fonts,
                max_chars=limits.max_chars_per_page,
                max_objects=limits.max_objects_per_page,
            )
            total += len(page.chars)
            yield page
        except pdfium.PageTooLarge as exc:
            yield PageReadError(i + 1, "too large", str(exc))
        except Exception as exc:
            yield PageReadError(i + 1, type(exc).__name__, str(exc))


def read_pdf(
    path: str | Path, source_file: str, ctx: Context
) -> tuple[DocumentState | None, DocumentResult | None]:
    """Phase 1 of a document: its text layer (``READ_STAGES``). Returns (state, None), or (None,
    error result) when the file cannot be read at all."""
    path = Path(path)
    try:
        size = path.stat().st_size
        doc_id = sha256_file(path)
    except OSError as exc:
        # the file's permissions, a share gone away: the machine's state, not the file's (read again)
        failed = error_result(
            f"missing:{source_file}", source_file, f"cannot read file: {exc.strerror or exc}"
        )
        return None, replace(failed, retry=True)
    try:
        try:
            doc = pdfium.open_pdf(path)
        except pdfium.PdfReadError as exc:
            return None, error_result(doc_id, source_file, str(exc), size)
        try:
            n = pdfium.page_count(doc)
            if n == 0:
                return None, error_result(doc_id, source_file, "the PDF has no pages", size)
            state = DocumentState(
                doc_id, source_file, size, n, raw_pages=_raw_pages(doc, n, ctx, font_reader(path, ctx))
            )
            declared = pdfium.declared_pages(path)
            if declared is not None and declared > n:
                lost = f"the file's page tree lists {declared} pages; {n} could be read (the file is damaged)"
                state = replace(state, page_errors=(lost,))
            return run_stages(state, ctx, READ_STAGES), None
        finally:
            doc.close()
    except Exception as exc:
        log.error("failed on %s\n%s", source_file, traceback.format_exc())
        return None, replace(
            error_result(doc_id, source_file, f"internal error: {type(exc).__name__}: {exc}", size),
            retry=isinstance(exc, ENVIRONMENT_ERRORS),
        )


def ocr_page(path: str | Path, index: int, ctx: Context, cache_dir: str | Path | None) -> Page | OcrFailure:
    """Phase 2: OCR one page (index 0-based) and repair its text (the costly part of both, so it
    runs a page per task). Returns the OCR reading as a ``Page``, or why it failed."""
    page = index + 1
    try:
        return ocr_to_page(ocr_pdf_page(path, index, ctx.rules, ctx.repairer, cache_dir), ctx)
    except OcrTimeout:
        limit = ctx.rules.ocr.page_timeout_seconds
        return OcrFailure(page, OcrFailureKind.TIMEOUT, f"OCR timed out after {limit:.0f} s")
    except OcrUnavailable as exc:
        return OcrFailure(page, OcrFailureKind.UNAVAILABLE, f"OCR unavailable: {exc}")
    except pdfium.PageTooLarge as exc:
        return OcrFailure(page, OcrFailureKind.TOO_LARGE, f"not OCR'd: {exc}")
    except MemoryError:
        limit_mb = ctx.rules.thresholds.limits.worker_memory_mb
        return OcrFailure(page, OcrFailureKind.MEMORY, f"OCR ran out of memory (limit {limit_mb} MB)")
    except TaskTimeout:
        raise  # the document's time budget is spent: the scheduler says so, not a page's failure
    except Exception as exc:
        log.error("OCR failed on page %d of %s\n%s", page, path, traceback.format_exc())
        return OcrFailure(page, OcrFailureKind.FAILED, f"OCR failed: {type(exc).__name__}: {exc}")


def finish_pdf(
    state: DocumentState, ocr_results: dict[int, Page | OcrFailure], ctx: Context
) -> DocumentResult:
    """Phase 3: the OCR'd pages in, then every remaining stage (``FINISH_STAGES``)."""
    try:
        done = run_stages(replace(state, ocr=dict(ocr_results)), ctx, FINISH_STAGES)
        assert done.result is not None
        environment = any(isinstance(r, OcrFailure) and r.environment for r in ocr_results.values())
        return replace(done.result, retry=environment, stage_seconds=total_seconds(done.seconds))
    except TaskTimeout:
        raise
    except Exception as exc:
        log.error("failed on %s\n%s", state.source_file, traceback.format_exc())
        return replace(
            error_result(
                state.doc_id,
                state.source_file,
                f"internal error: {type(exc).__name__}: {exc}",
                state.file_size,
            ),
            retry=isinstance(exc, ENVIRONMENT_ERRORS),
        )


def pages_to_ocr(state: DocumentState) -> list[int]:
    """0-based indexes of the pages whose text must come from OCR."""
    return [i for i, p in enumerate(state.pages) if p.needs_ocr and p.error is None]


def process_pdf(
    path: str | Path, source_file: str, ctx: Context, ocr: bool = True, cache_dir: str | Path | None = None
) -> DocumentResult:
    """All three phases for one PDF in this process. Any failure becomes an ``error`` row."""
    state, err = read_pdf(path, source_file, ctx)
    if err is not None:
        return err
    assert state is not None
    results = {i: ocr_page(path, i, ctx, cache_dir) for i in pages_to_ocr(state)} if ocr else {}
    return finish_pdf(state, results, ctx)


def unread_doc_id(source_file: str) -> str:
    """The id of a document whose bytes were never read (the main process never reads an input:
    it could be a FIFO, a device, a hung network share)."""
    return "unread:" + hashlib.sha256(source_file.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def refused_result(source_file: str, reason: str) -> DocumentResult:
    """The row of an input that is not read (not a regular file, a link out of the input folder)."""
    return error_result(unread_doc_id(source_file), source_file, reason)


_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


def error_result(doc_id: str, source_file: str, reason: str, size: int | None = None) -> DocumentResult:
    """The single row of a document that failed, with the reason (memory addresses taken out: the
    same file gives the same row on every run)."""
    reason = _ADDRESS.sub("0x…", reason)
    row = {
        "doc_id": doc_id,
        "source_file": source_file,
        "doc_type": DocType.OTHER,
        "extraction": Extraction.TEXT,
        "pages": 0,
        "status": Status.ERROR,
        "error": reason,
        "file_size": size,
        "pages_needing_ocr": 0,
        "pipeline_version": __version__,
    }
    return DocumentResult(doc_id, source_file, Status.ERROR, reason, 0, {"documents": [row], "pages": []})
