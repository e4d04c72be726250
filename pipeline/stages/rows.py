"""Stage ``rows``: the document's status, and its rows of every per-document dataset."""

from __future__ import annotations

from dataclasses import replace

from .. import __version__
from ..adapters.sketch import sketch
from ..model import DocumentResult, DocumentState, Extraction, FontDiagnosis, Page, Rows, Status
from ..rules import Rules
from ..text.chars import shingles
from ..text.periods import parse_date
from .context import Context


def page_ranges(pages: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``"1-3, 5"``.

    >>> page_ranges([1, 2, 3, 5, 7, 8])
    '1-3, 5, 7-8'
    """
    out: list[str] = []
    start = prev = None
    for p in [*pages, None]:
        if start is None:
            start = prev = p
        elif p is not None and prev is not None and p == prev + 1:
            prev = p
        else:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = p
    return ", ".join(out)


def document_status(state: DocumentState, quality_floor: float = 0.75) -> tuple[Status, str | None]:
    """ok, or partial with the reasons: pages that could not be read, scans without OCR, OCR that
    found nothing or read poorly (coverage below ``quality_floor``), budget totals that do not add up."""
    reasons = list(state.page_errors)
    pages = state.pages
    no_text = [
        p.page
        for p in pages
        if p.needs_ocr and not p.has_text_layer and p.extraction != Extraction.OCR and not p.error
    ]
    if no_text and len(no_text) == len(pages):
        reasons.append(f"no text layer on any of the {len(pages)} pages (scanned); OCR needed")
    elif no_text:
        reasons.append(f"no text layer on pages {page_ranges(no_text)}; OCR needed")
    unread = [
        p
        for p in pages
        if p.needs_ocr
        and p.has_text_layer
        and p.extraction != Extraction.OCR
        and not p.error
        and not p.kept_text_layer
    ]
    for reason in dict.fromkeys(p.reason or "needs OCR" for p in unread):
        reasons.append(
            f"pages {page_ranges([p.page for p in unread if (p.reason or 'needs OCR') == reason])}: {reason}; "
            "OCR needed"
        )
    empty = [p.page for p in pages if p.extraction == Extraction.OCR and not p.text.strip()]
    if empty:
        reasons.append(f"OCR found no text on pages {page_ranges(empty)}")
    poor = [
        p.page
        for p in pages
        if p.extraction == Extraction.OCR
        and p.text.strip()
        and p.quality is not None
        and p.quality < quality_floor
    ]
    if poor:
        reasons.append(
            f"pages {page_ranges(poor)}: OCR read them poorly (dictionary coverage below {quality_floor:.2f})"
        )
    reasons += state.problems
    return (Status.PARTIAL if reasons else Status.OK), ("; ".join(reasons) or None)


_EVIDENCE = (
    "am",
    "aa",
    "tones",
    "spaced_aa",
    "zero_width_spaces",
    "zero_width_letters",
    "unmapped",
    "decoded",
    "redecoded",
    "invisible",
    "pua",
    "latin",
    "foreign",
)


def content_sketch(pages: tuple[Page, ...], rules: Rules) -> tuple[int, ...]:
    """The MinHash sketch of the document's text skeleton (``rules/corpus.yaml: identity``): how the
    corpus tells that two inputs are one document (a text PDF and its scan, a re-upload)."""
    ident = rules.corpus.identity
    return sketch(
        set().union(*(shingles(p.text, ident.shingle, ident.fold) for p in pages)), ident.sketch_size
    )


def font_row(state: DocumentState, d: FontDiagnosis) -> Rows:
    ev = d.evidence
    return {
        "doc_id": state.doc_id,
        "font": d.key,
        "name": d.name,
        "chars": ev.chars,
        "thai_letters": ev.thai,
        "pages": ev.pages,
        "faults": list(d.faults),
        "action": d.action,
        "coverage": round(d.coverage, 4) if d.coverage is not None else None,
        "evidence": " ".join(f"{k}={getattr(ev, k)}" for k in _EVIDENCE if getattr(ev, k)),
        "source_file": state.source_file,
    }


def document_rows(state: DocumentState, ctx: Context) -> DocumentResult:
    """The rows of every per-document dataset."""
    status, error = document_status(state, ctx.rules.thresholds.page_quality.needs_ocr_below)
    meta = state.metadata
    pages = state.pages
    ocr_pages = sum(p.extraction == Extraction.OCR for p in pages)
    extraction = (
        Extraction.OCR
        if ocr_pages and ocr_pages == len(pages)
        else (Extraction.MIXED if ocr_pages else Extraction.TEXT)
    )
    quals = [p.quality for p in pages if p.quality is not None]
    doc = {
        "doc_id": state.doc_id,
        "source_file": state.source_file,
        **meta.__dict__,
        "extraction": extraction,
        "pages": state.n_pages,
        "status": status,
        "error": error,
        "file_size": state.file_size,
        "pages_needing_ocr": sum(p.needs_ocr for p in pages),
        "text_quality": round(sum(quals) / len(quals), 4) if quals else None,
        "pipeline_version": __version__,
        "doc_date": parse_date(pages[0].text, ctx.rules) if pages else None,
        "content_sketch": list(content_sketch(pages, ctx.rules)),
    }
    page_rows = [
        {
            "doc_id": state.doc_id,
            "page": p.page,
            "text": p.text,
            "extraction": Extraction(p.extraction),
            "quality": p.quality,
            "source_file": state.source_file,
            "n_chars": p.n_chars,
            "has_text_layer": p.has_text_layer,
            "needs_ocr": p.needs_ocr,
            "image_cover": p.image_cover,
            "n_tables": len(p.tables),
            "error": p.error,
            "reason": p.reason,
        }
        for p in pages
    ]
    font_rows = [font_row(state, d) for d in state.fonts]
    rows = {
        "documents": [doc],
        "pages": page_rows,
        "fonts": font_rows,
        "indicator_scores": list(state.indicator_scores),
        "item_scores": list(state.item_scores),
        "measures": [m.row() for m in state.measures],
        "budgets": list(state.budgets),
        "assessment_results": list(state.assessment_results),
    }
    return DocumentResult(state.doc_id, state.source_file, status, error, state.n_pages, rows)


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: the document's result (status and rows)."""
    return replace(state, result=document_rows(state, ctx))
