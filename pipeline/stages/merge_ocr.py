"""Stage ``merge_ocr``: OCR readings of pages -> repaired pages, each page keeping the better of
its text layer and its OCR reading.

``ocr_to_page`` is also what an OCR task runs right after OCR (the Thai repair is the costly part
of it, so it runs in parallel per page); the stage then only chooses.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import DocumentState, Extraction, OcrFailure, OcrPage, Page, PageTable
from ..text.chars import join_lines
from ..text.repair import OCR_PROFILE
from .context import Context


def ocr_to_page(ocr: OcrPage, ctx: Context) -> Page:
    """An ``OcrPage`` (raw OCR lines and table cells) -> a repaired ``Page``.

    Table rows become lines of the page text at their place; every cell gets the Thai repair
    (OCR text shows the faults of broken fonts: lost tone marks, ``ํา``, spaces inside words).
    """
    repairer = ctx.repairer
    faults = OCR_PROFILE
    items = [(ln.box[1], ln.text) for ln in ocr.lines]
    page_tables: list[PageTable] = []
    for i, t in enumerate(sorted(ocr.tables, key=lambda t: t.bbox[1])):
        rows = tuple(
            tuple(
                None
                if c is None
                else repairer.repair(join_lines(repairer.mechanical(c).split("\n")), faults=faults)
                for c in row
            )
            for row in t.rows
        )
        above = [txt for y, txt in items if y < t.bbox[1] and (i == 0 or y > page_tables[-1].bbox[3])]
        raw = tuple(tuple(None if c is None else tuple(c.split("\n")) for c in r) for r in t.rows)
        page_tables.append(
            PageTable(ocr.page, i, t.bbox, rows, raw, repairer.repair("\n".join(above), faults=faults))
        )
        row_h = (t.bbox[3] - t.bbox[1]) / max(1, len(rows))
        items += [(t.bbox[1] + k * row_h, " ".join(c for c in row if c)) for k, row in enumerate(rows)]
    text = repairer.repair(
        "\n".join(txt for _, txt in sorted(items, key=lambda it: it[0]) if txt.strip()), faults=faults
    )
    quality = repairer.quality(text)
    return Page(
        ocr.page,
        text,
        Extraction.OCR,
        round(quality, 4) if quality is not None else None,
        0,
        False,
        1.0,
        needs_ocr=False,
        rotation=ocr.rotation,
        tables=tuple(page_tables),
        from_cache=ocr.cached,
    )


def better_page(text_page: Page, ocr_page: Page, good: float) -> Page:
    """Keep whichever reading of a page scores better (a text layer that is merely poor may still
    beat OCR).

    A layer sent to OCR although its text scores ``good`` or better was condemned by its fonts (an
    invisible layer over a scan, a map that gives the wrong letters): its score says nothing of
    whether its letters are the page's, so a good OCR reading replaces it.
    """
    ocr_q, text_q = ocr_page.quality or 0.0, text_page.quality or 0.0
    if not text_page.has_text_layer or text_q < ocr_q:
        return ocr_page
    if text_page.needs_ocr and text_q >= good and ocr_q >= good:
        return ocr_page
    return text_page


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: each OCR'd page in (the better reading), each failed one noted."""
    if not state.ocr:
        return state
    pages = list(state.pages)
    errors = list(state.page_errors)
    for idx, res in sorted(state.ocr.items()):
        page = pages[idx]
        if isinstance(res, OcrFailure):
            errors.append(str(res))
            pages[idx] = replace(page, error=str(res))
            continue
        read = replace(
            res,
            n_chars=page.n_chars,
            has_text_layer=page.has_text_layer,
            image_cover=page.image_cover,
            reason=page.reason,
        )
        kept = better_page(page, read, ctx.rules.thresholds.page_quality.needs_ocr_below)
        if kept is page:  # OCR read it no better: the text layer stays, and says so
            kept = replace(
                page,
                reason=f"{page.reason or 'needs OCR'}; OCR read no better ({read.quality}), text layer kept",
                kept_text_layer=True,
            )
            if page.quality is None or page.quality < ctx.rules.thresholds.page_quality.needs_ocr_below:
                errors.append(f"page {page.page}: {kept.reason}")  # and it is not good enough: partial
        pages[idx] = kept
    return replace(state, pages=tuple(pages), page_errors=tuple(errors), ocr={})
