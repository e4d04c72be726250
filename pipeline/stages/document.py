"""One PDF in, the rows of every dataset out. Nothing here raises for a bad file.

Three phases that a run may spread over workers (``pipeline.tasks``): ``read_pdf`` (text layer),
``ocr_page_task`` (one page), ``finish_pdf`` (rows); ``process_pdf`` does all three in turn.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import __version__
from ..rules import Rules
from ..text.periods import parse_date
from .budgets import budgets_from_tables
from .extract import ExtractedPdf, Page, extract_pdf, sha256_file
from .measures import measures_from_budget_projects, measures_from_tables
from .metadata import document_metadata
from .scores import indicator_scores, item_scores
from .tables import build_logical_tables

log = logging.getLogger(__name__)


@dataclass
class DocumentResult:
    doc_id: str
    source_file: str
    status: str
    error: str | None
    pages: int
    rows: dict[str, list[dict]] = field(default_factory=dict)


def _status(ex: ExtractedPdf) -> tuple[str, str | None]:
    if ex.error:
        return "error", ex.error
    reasons = list(ex.page_errors)
    no_text = [p.page for p in ex.pages if p.needs_ocr and not p.has_text_layer and p.extraction != "ocr" and not p.error]
    if no_text and len(no_text) == len(ex.pages):
        reasons.append(f"no text layer on any of the {len(ex.pages)} pages (scanned); OCR needed")
    elif no_text:
        reasons.append(f"no text layer on pages {_ranges(no_text)}; OCR needed")
    empty = [p.page for p in ex.pages if p.extraction == "ocr" and not p.text.strip()]
    if empty:
        reasons.append(f"OCR found no text on pages {_ranges(empty)}")
    return ("partial" if reasons else "ok"), ("; ".join(reasons) or None)


def _ranges(pages: list[int]) -> str:
    out, start, prev = [], None, None
    for p in pages + [None]:
        if start is None:
            start = prev = p
        elif p is not None and p == prev + 1:
            prev = p
        else:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = p
    return ", ".join(out)


def document_rows(ex: ExtractedPdf, source_file: str, file_size: int, rules: Rules) -> DocumentResult:
    """Pure: the extracted pages of one PDF -> rows of every dataset."""
    status, error = _status(ex)
    md = document_metadata([p.text for p in ex.pages], rules)
    lts = build_logical_tables(ex.pages, rules)
    page_texts = {p.page: p.text for p in ex.pages}
    default_year = md.overall_score_year or (md.fiscal_year - 1 if md.fiscal_year and md.doc_type in ("integrity_measures", "ita_analysis") else md.fiscal_year)
    ind = indicator_scores(lts, page_texts, ex.doc_id, md.org_name, default_year, rules)
    items = item_scores(lts, page_texts, ex.doc_id, md.org_name, default_year, rules)
    measures = measures_from_tables(lts, ex.doc_id, md.org_name, md.fiscal_year, md.doc_type, rules)
    budgets = budgets_from_tables(lts, ex.doc_id, md.org_name, rules)
    if md.doc_type == "anticorruption_plan":
        measures += measures_from_budget_projects(budgets.rows, ex.doc_id, md.org_name, md.fiscal_year,
                                                  md.fiscal_year_end, len(measures) + 1, rules)
    for m in measures:
        m["source_file"] = source_file
    if budgets.problems:
        status = "error" if status == "error" else "partial"
        error = "; ".join(filter(None, [error, *budgets.problems]))
    ocr_pages = sum(p.extraction == "ocr" for p in ex.pages)
    extraction = "ocr" if ocr_pages and ocr_pages == len(ex.pages) else ("mixed" if ocr_pages else "text")
    quals = [p.quality for p in ex.pages if p.quality is not None]
    doc = {
        "doc_id": ex.doc_id,
        "source_file": source_file,
        **md.__dict__,
        "extraction": extraction,
        "pages": ex.n_pages,
        "status": status,
        "error": error,
        "file_size": file_size,
        "pages_needing_ocr": sum(p.needs_ocr for p in ex.pages),
        "text_quality": round(sum(quals) / len(quals), 4) if quals else None,
        "pipeline_version": __version__,
        "doc_date": parse_date(ex.pages[0].text, rules) if ex.pages else None,
    }
    pages = [
        {
            "doc_id": ex.doc_id, "page": p.page, "text": p.text, "extraction": p.extraction,
            "quality": p.quality, "source_file": source_file, "n_chars": p.n_chars,
            "has_text_layer": p.has_text_layer, "needs_ocr": p.needs_ocr, "image_cover": p.image_cover,
            "n_tables": len(p.tables), "error": p.error,
        }
        for p in ex.pages
    ]
    rows = {"documents": [doc], "pages": pages, "indicator_scores": ind, "item_scores": items,
            "measures": measures, "budgets": budgets.rows}
    return DocumentResult(ex.doc_id, source_file, status, error, ex.n_pages, rows)


def read_pdf(path: str | Path, source_file: str, rules: Rules) -> tuple[ExtractedPdf | None, DocumentResult | None, int]:
    """Phase 1 of a document: its text layer. Returns (extracted, None, size), or (None, error
    result, size) when the file cannot be read at all."""
    path = Path(path)
    try:
        size = path.stat().st_size
        doc_id = sha256_file(path)
    except OSError as exc:
        return None, error_result(f"missing:{source_file}", source_file, f"cannot read file: {exc}"), 0
    try:
        return extract_pdf(path, rules, doc_id), None, size
    except Exception as exc:  # the run goes on; the reason is kept
        log.error("failed on %s\n%s", source_file, traceback.format_exc())
        return None, error_result(doc_id, source_file, f"internal error: {type(exc).__name__}: {exc}", size), size


def ocr_page_task(path: str | Path, index: int, rules: Rules, cache_dir: str | Path | None) -> Page | str:
    """Phase 2: OCR one page (index 0-based) and repair its text (the costly part of both, so it
    runs a page per task). Returns the OCR reading as a ``Page``, or the reason it failed."""
    from ..ocr.engine import OcrTimeout, OcrUnavailable
    from ..ocr.page import ocr_pdf_page
    from .extract import ocr_to_page

    try:
        return ocr_to_page(ocr_pdf_page(path, index, rules, cache_dir), rules)
    except OcrTimeout:
        return f"page {index + 1}: OCR timed out after {rules.ocr.page_timeout_seconds:.0f} s"
    except OcrUnavailable as exc:
        return f"page {index + 1}: OCR unavailable: {exc}"
    except Exception as exc:  # a page that fails OCR must not stop the run
        log.error("OCR failed on page %d of %s\n%s", index + 1, path, traceback.format_exc())
        return f"page {index + 1}: OCR failed: {type(exc).__name__}: {exc}"


def finish_pdf(ex: ExtractedPdf, ocr_results: dict[int, Page | str], source_file: str, size: int, rules: Rules) -> DocumentResult:
    """Phase 3: put the OCR'd pages in (keeping the better reading of each page) and build rows."""
    from .extract import better_page

    try:
        for idx, res in sorted(ocr_results.items()):
            page = ex.pages[idx]
            if isinstance(res, str):
                ex.page_errors.append(res)
                page.error = res
                continue
            read = replace(res, n_chars=page.n_chars, has_text_layer=page.has_text_layer, image_cover=page.image_cover)
            ex.pages[idx] = better_page(page, read)
        return document_rows(ex, source_file, size, rules)
    except Exception as exc:
        log.error("failed on %s\n%s", source_file, traceback.format_exc())
        return error_result(ex.doc_id, source_file, f"internal error: {type(exc).__name__}: {exc}", size)


def pages_to_ocr(ex: ExtractedPdf) -> list[int]:
    """0-based indexes of the pages whose text must come from OCR."""
    return [i for i, p in enumerate(ex.pages) if p.needs_ocr and p.error is None]


def process_pdf(path: str | Path, source_file: str, rules: Rules, ocr: bool = True,
                cache_dir: str | Path | None = None) -> DocumentResult:
    """All three phases for one PDF in this process. Any failure becomes an ``error`` row."""
    ex, err, size = read_pdf(path, source_file, rules)
    if err is not None:
        return err
    results = {i: ocr_page_task(path, i, rules, cache_dir) for i in pages_to_ocr(ex)} if ocr else {}
    return finish_pdf(ex, results, source_file, size, rules)


def doc_id_of(path: str | Path, source_file: str) -> str:
    """sha256 of the file's bytes; ``missing:<name>`` when it cannot be read."""
    try:
        return sha256_file(path)
    except OSError:
        return f"missing:{source_file}"


def error_result(doc_id: str, source_file: str, reason: str, size: int | None = None) -> DocumentResult:
    """The single row of a document that failed, with the reason."""
    row = {"doc_id": doc_id, "source_file": source_file, "doc_type": "other", "extraction": "text", "pages": 0,
           "status": "error", "error": reason, "file_size": size, "pages_needing_ocr": 0,
           "pipeline_version": __version__}
    return DocumentResult(doc_id, source_file, "error", reason, 0, {"documents": [row], "pages": []})
