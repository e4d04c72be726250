"""PDF -> pages (repaired text, quality) and ruled tables (repaired cell text).

``extract_pdf`` is the I/O edge (reads the file); everything it returns is plain data. A page
that fails is reported in ``page_errors`` and the rest of the document goes on.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..pdf import layout, pdfium_reader, tables
from ..rules import Rules
from ..text.dictionary import detect_faults, join_lines, thai_word_coverage
from ..text.thai import mechanical_repair, repair_text


@dataclass
class Table:
    """A ruled table on one page; ``rows[r][c]`` is the cell's repaired text ('' empty, None covered)."""

    page: int
    index: int  # order on the page
    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]
    raw_rows: list[list[list[str] | None]]  # the cell lines before repair (for checking)
    text_above: str = ""  # the page's text between the previous table (or the page top) and this one


@dataclass
class Page:
    page: int
    text: str
    extraction: str  # 'text' or 'ocr'
    quality: float | None
    n_chars: int
    has_text_layer: bool
    image_cover: float
    needs_ocr: bool = False
    rotation: int = 0
    tables: list[Table] = field(default_factory=list)
    error: str | None = None
    from_cache: bool = False  # an OCR reading that came from the page cache (not written out)


@dataclass
class ExtractedPdf:
    doc_id: str
    n_pages: int
    pages: list[Page]
    error: str | None = None  # the whole file could not be read
    page_errors: list[str] = field(default_factory=list)


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def page_quality(text: str) -> float | None:
    """Dictionary coverage of the Thai letters; 0.0 for an empty page, None for text without Thai."""
    if not text.strip():
        return 0.0
    return thai_word_coverage(text)


def raw_page_to_page(raw: pdfium_reader.RawPage, rules: Rules) -> Page:
    """Pure: one page's characters and edges -> repaired text, quality and tables."""
    clusters = layout.chars_to_clusters(raw.chars)
    lines = layout.clusters_to_lines(clusters)
    plain = mechanical_repair(layout.lines_to_text(lines))
    faults = detect_faults(plain)
    text = repair_text(plain, faults=faults)
    n_chars = sum(1 for ch in raw.chars if not ch.text.isspace())
    th = rules.thresholds.page_quality
    quality = page_quality(text)
    has_layer = n_chars >= th.min_text_chars
    blank = n_chars == 0 and raw.image_area < th.blank_image_cover
    if blank:
        quality = None  # nothing to read: neither good nor bad
    page = Page(raw.number, text, "text", round(quality, 4) if quality is not None else None, n_chars,
                has_layer, round(raw.image_area, 4), rotation=raw.rotation)
    page.needs_ocr = (not has_layer and not blank) or (quality is not None and quality < th.needs_ocr_below)
    prev_bottom = -1.0
    for i, grid in enumerate(tables.find_table_grids(raw.edges)):
        raw_rows = layout.fill_cells(clusters, grid)
        rows = [[None if cell is None else repair_text(join_lines(mechanical_repair("\n".join(cell)).split("\n")), faults=faults)
                 for cell in row] for row in raw_rows]
        cells = [bb for row in grid for bb in row if bb]
        bbox = (min(b[0] for b in cells), min(b[1] for b in cells), max(b[2] for b in cells), max(b[3] for b in cells))
        above = [ln.text for ln in lines if prev_bottom < ln.baseline < bbox[1]]
        page.tables.append(Table(raw.number, i, bbox, rows, raw_rows, repair_text("\n".join(above), faults=faults)))
        prev_bottom = bbox[3]
    return page


def ocr_to_page(ocr, rules: Rules, previous: Page | None = None) -> Page:
    """Pure: an ``OcrPage`` (raw OCR lines and table cells) -> a repaired ``Page``.

    Table rows become lines of the page text at their place; every cell gets the Thai repair
    (OCR text shows the faults of broken fonts: lost tone marks, ``ํา``, spaces inside words).
    """
    from ..text.dictionary import ocr_profile

    faults = ocr_profile()
    items = [(ln.box[1], ln.text) for ln in ocr.lines]
    page_tables = []
    for i, t in enumerate(sorted(ocr.tables, key=lambda t: t.bbox[1])):
        rows = [[None if c is None else repair_text(join_lines(mechanical_repair(c).split("\n")), faults=faults) for c in row]
                for row in t.rows]
        above = [txt for y, txt in items if y < t.bbox[1] and (i == 0 or y > page_tables[-1].bbox[3])]
        page_tables.append(Table(ocr.page, i, tuple(t.bbox), rows, [[None if c is None else c.split("\n") for c in r] for r in t.rows],
                                 repair_text("\n".join(above), faults=faults)))
        row_h = (t.bbox[3] - t.bbox[1]) / max(1, len(rows))
        items += [(t.bbox[1] + k * row_h, " ".join(c for c in row if c)) for k, row in enumerate(rows)]
    text = repair_text("\n".join(txt for _, txt in sorted(items, key=lambda it: it[0]) if txt.strip()), faults=faults)
    quality = page_quality(text)
    page = Page(ocr.page, text, "ocr", round(quality, 4) if quality is not None else None,
                previous.n_chars if previous else 0, previous.has_text_layer if previous else False,
                previous.image_cover if previous else 1.0, needs_ocr=False, rotation=ocr.rotation, tables=page_tables,
                from_cache=bool(getattr(ocr, "cached", False)))
    return page


def better_page(text_page: Page, ocr_page: Page) -> Page:
    """Keep whichever reading of a page scores better (a text layer that is merely poor may still
    beat OCR)."""
    if not text_page.has_text_layer or (text_page.quality or 0.0) < (ocr_page.quality or 0.0):
        return ocr_page
    return text_page


def extract_pdf(path: str | Path, rules: Rules, doc_id: str | None = None) -> ExtractedPdf:
    """Read every page of a PDF. Never raises for a bad file: the reason goes into ``error``."""
    doc_id = doc_id or sha256_file(path)
    try:
        doc = pdfium_reader.open_pdf(path)
    except pdfium_reader.PdfReadError as exc:
        return ExtractedPdf(doc_id, 0, [], error=str(exc))
    try:
        n = pdfium_reader.page_count(doc)
        if n == 0:
            return ExtractedPdf(doc_id, 0, [], error="the PDF has no pages")
        pages, errors = [], []
        for i in range(n):
            try:
                pages.append(raw_page_to_page(pdfium_reader.read_page(doc, i, rules.text.symbol_table), rules))
            except Exception as exc:  # a broken page must not stop the document
                errors.append(f"page {i + 1}: {type(exc).__name__}: {exc}")
                pages.append(Page(i + 1, "", "text", 0.0, 0, False, 0.0, needs_ocr=True, error=str(exc)))
        return ExtractedPdf(doc_id, n, pages, page_errors=errors)
    finally:
        doc.close()
