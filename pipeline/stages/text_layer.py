"""Stage ``text_layer``: every page's characters and ruling edges -> repaired text, quality and
tables, and whether the page must be OCR'd.

A page that fails is reported in ``page_errors`` and the rest of the document goes on.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..adapters import plumber
from ..layout import cells as layout_cells
from ..layout import clusters as layout
from ..model import DocumentState, Extraction, Page, PageReadError, PageTable, RawPage
from ..text.chars import join_lines
from .context import Context


def raw_page_to_page(raw: RawPage, ctx: Context) -> Page:
    """One page's characters and edges -> repaired text, quality and tables."""
    repairer = ctx.repairer
    clusters = layout.chars_to_clusters(raw.chars)
    lines = layout.clusters_to_lines(clusters, ctx.layout)
    plain = repairer.mechanical(layout.lines_to_text(lines))
    faults = repairer.detect_faults(plain)
    text = repairer.repair(plain, faults=faults)
    n_chars = sum(1 for ch in raw.chars if not ch.text.isspace())
    th = ctx.rules.thresholds.page_quality
    quality = repairer.quality(text)
    has_layer = n_chars >= th.min_text_chars
    blank = n_chars == 0 and raw.image_area < th.blank_image_cover
    if blank:
        quality = None  # nothing to read: neither good nor bad
    tables = []
    prev_bottom = -1.0
    for i, grid in enumerate(plumber.find_table_grids(raw.edges)):
        raw_rows = layout_cells.fill_cells(clusters, grid, ctx.layout)
        rows = tuple(tuple(None if cell is None else repairer.repair(join_lines(repairer.mechanical("\n".join(cell)).split("\n")),
                                                                     faults=faults)
                           for cell in row) for row in raw_rows)
        cells = [bb for row in grid for bb in row if bb]
        bbox = (min(b[0] for b in cells), min(b[1] for b in cells), max(b[2] for b in cells), max(b[3] for b in cells))
        above = [ln.text for ln in lines if prev_bottom < ln.baseline < bbox[1]]
        frozen_raw = tuple(tuple(None if c is None else tuple(c) for c in row) for row in raw_rows)
        tables.append(PageTable(raw.number, i, bbox, rows, frozen_raw, repairer.repair("\n".join(above), faults=faults)))
        prev_bottom = bbox[3]
    needs_ocr = (not has_layer and not blank) or (quality is not None and quality < th.needs_ocr_below)
    return Page(raw.number, text, Extraction.TEXT, round(quality, 4) if quality is not None else None, n_chars,
                has_layer, round(raw.image_area, 4), needs_ocr=needs_ocr, rotation=raw.rotation, tables=tuple(tables))


def broken_page(number: int, error: str) -> Page:
    """A page that could not be read (it is OCR'd if OCR is on)."""
    return Page(number, "", Extraction.TEXT, 0.0, 0, False, 0.0, needs_ocr=True, error=error)


def read_pages(raw_pages: Iterable[RawPage | PageReadError], ctx: Context) -> tuple[tuple[Page, ...], tuple[str, ...]]:
    """Every page, in order; a page that could not be read, or that fails here, is reported and
    kept as a broken page."""
    pages, errors = [], []
    for raw in raw_pages:
        if isinstance(raw, PageReadError):
            errors.append(f"page {raw.number}: {raw.kind}: {raw.message}")
            pages.append(broken_page(raw.number, raw.message))
            continue
        try:
            pages.append(raw_page_to_page(raw, ctx))
        except Exception as exc:
            errors.append(f"page {raw.number}: {type(exc).__name__}: {exc}")
            pages.append(broken_page(raw.number, str(exc)))
    return tuple(pages), tuple(errors)


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: the text layer of every page (``state.raw_pages`` is consumed)."""
    pages, errors = read_pages(state.raw_pages, ctx)
    return replace(state, raw_pages=(), pages=pages, page_errors=state.page_errors + errors)
