"""OCR one page image into the same structures as a born-digital page.

turn upright (tesseract OSD) -> deskew -> find ruling lines -> table grids (pdfplumber's
algorithm, the same as for text PDFs) -> OCR every cell as a block (psm 6) and the text around
the tables -> re-read the numbers glyph by glyph -> tables without rules among the words around
(the header-anchored layout of ``pipeline.layout.tables``, the same as for text PDFs) -> a plain
``OcrPage``.

Rendering the PDF page and caching the result are the runner's (``pipeline.runner.ocr_cache``);
the Thai repair of the text comes after (``pipeline.stages.merge_ocr``), so improving the repair
never needs a new OCR.
"""

from __future__ import annotations

import itertools
import re
import time
import unicodedata
from dataclasses import replace
from typing import Any

from ..adapters import glyphs, plumber, raster
from ..layout import tables as layout_tables
from ..model import (
    Cluster,
    OcrEngine,
    OcrLanguages,
    OcrLine,
    OcrMode,
    OcrPage,
    OcrTable,
    OcrWord,
    OcrWordLine,
    box_around,
)
from ..rules import Rules
from ..tables.roles import table_hints
from ..text.chars import RE_THAI_CONSONANT
from ..text.numbers import parse_number
from ..text.periods import find_dates, half_read, month_word_regex, normalise_year
from ..text.repair import Repairer
from ..text.thai import thai_digits_to_arabic

DIGIT_CHARS = set(glyphs.DIGITS) | set(".,-")


def ocr_image(
    image: Any,
    page_no: int,
    rules: Rules,
    repairer: Repairer,
    engine: OcrEngine,
    dpi: float | None = None,
) -> OcrPage:
    """OCR a page image (any mode; read grey) rendered at ``dpi`` (default ``rules.ocr.dpi``, the
    resolution the pixel thresholds are set for; they scale with it)."""
    t0 = time.perf_counter()
    page = _ocr(raster.to_gray(image), page_no, rules, repairer, engine, dpi or rules.ocr.dpi)
    return replace(page, seconds=round(time.perf_counter() - t0, 3))


def _upright(gray: Any, rules: Rules, engine: OcrEngine) -> tuple[Any, Any, Any, int, float]:
    """The page turned upright (tesseract OSD, only when it looks sideways) and deskewed:
    (image, grey array, binary array, rotation, skew)."""
    o = rules.ocr
    arr = raster.gray_array(gray)
    bw = raster.binarize(arr)
    rotation = engine.orientation(gray) if raster.looks_sideways(bw) else 0
    if rotation:  # OSD's angle is how far the content is turned; turn it back counter-clockwise
        gray = raster.turn(gray, rotation)
        arr = raster.gray_array(gray)
        bw = raster.binarize(arr)
    skew = raster.skew_angle(arr, o.max_skew_degrees, bw)
    if abs(skew) >= o.min_skew_degrees:
        gray = raster.rotate(gray, -skew)
        arr = raster.gray_array(gray)
        bw = raster.binarize(arr)
    return gray, arr, bw, rotation, skew


def _read_cells(
    gray: Any,
    rects: list[tuple[int, int, int, int]],
    rules: Rules,
    repairer: Repairer,
    engine: OcrEngine,
    deadline: float,
) -> list[list[OcrWordLine]]:
    """OCR the cells of a table. Thai abbreviations come out as Latin with the English model
    ("ต.ค." -> "A.A."): cells with such Latin are read again with Thai alone, and the more
    plausible reading is kept."""
    o = rules.ocr
    results = engine.read_rects(gray, rects, OcrLanguages.THAI_LATIN, OcrMode.BLOCK, deadline)
    misread = o.latin_misread.regex
    latin = [
        k
        for k, lines in enumerate(results)
        if misread.search(" ".join("".join(w.text for w in ln.words) for ln in lines))
    ]
    if latin:
        thai_only = engine.read_rects(
            gray, [rects[k] for k in latin], OcrLanguages.THAI, OcrMode.BLOCK, deadline
        )
        for k, alt in zip(latin, thai_only):
            if _plausibility(alt, rules, repairer) > _plausibility(results[k], rules, repairer):
                results[k] = alt
    return results


def _read_table(
    grid: Any,
    gray: Any,
    fixer: _NumberFixer,
    temps: Any,
    rules: Rules,
    repairer: Repairer,
    engine: OcrEngine,
    deadline: float,
    scale: float,
    m: int,
) -> OcrTable:
    """One ruled table of the page: every cell OCR'd (``m`` pixels inside its rules), numbers
    re-read, check boxes placed."""
    cells, rects = _cells(grid, scale, m)
    results = _read_cells(gray, rects, rules, repairer, engine, deadline)
    rows: list[list[str | None]] = [[None] * len(row) for row in grid]
    for (r, c, _), lines, rect in zip(cells, results, rects):
        text = _cell_text(lines, rect, fixer, rules, repairer)
        if _period_suspect(text, rules):
            text = _reread_range(gray, rect, temps, rules, engine, deadline, text) or text
        rows[r][c] = text
    _figure_columns(rows, cells, rects, fixer, rules.ocr.figure_column_share)
    bbox = (
        min(bb[0] for *_, bb in cells),
        min(bb[1] for *_, bb in cells),
        max(bb[2] for *_, bb in cells),
        max(bb[3] for *_, bb in cells),
    )
    return OcrTable(bbox, tuple(tuple(r) for r in rows))


def _cells(
    grid: Any, scale: float, m: int
) -> tuple[list[tuple[int, int, Any]], list[tuple[int, int, int, int]]]:
    """A grid's cells (row, column, box in points) and their rectangles in pixels, ``m`` inside."""
    cells = [(r, c, bb) for r, row in enumerate(grid) for c, bb in enumerate(row) if bb]
    rects = [
        (int(bb[0] / scale) + m, int(bb[1] / scale) + m, int(bb[2] / scale) - m, int(bb[3] / scale) - m)
        for _, _, bb in cells
    ]
    return cells, rects


def _cell_text(
    lines: list[OcrWordLine],
    rect: tuple[int, int, int, int],
    fixer: _NumberFixer,
    rules: Rules,
    repairer: Repairer,
) -> str:
    """A cell's lines of words as text, numbers re-read; check boxes placed only where the text
    names a status (they only matter next to status labels)."""
    text = "\n".join(fixer.line_text(ln, rect, boxes=False) for ln in lines)
    if _mentions_status(text, rules, repairer):
        text = "\n".join(fixer.line_text(ln, rect) for ln in lines)
    return text


def _figure_columns(
    rows: list[list[str | None]],
    cells: list[tuple[int, int, Any]],
    rects: list[tuple[int, int, int, int]],
    fixer: _NumberFixer,
    share: float,
) -> None:
    """Cells of columns of figures taken as the digit templates read them, in place: a column is
    one of figures when at least ``share`` of its cells with ink are one figure each (OCR's words
    for a 100 ppi score are often letters; a dash it often leaves out)."""
    strict = {k: f for k, rect in enumerate(rects) if (f := fixer.figure(rect)) is not None}
    by_col: dict[int, list[int]] = {}
    for k, (r, c, _) in enumerate(cells):
        if k in strict or (rows[r][c] or "").strip():
            by_col.setdefault(c, []).append(k)
    for ks in by_col.values():
        found = [k for k in ks if k in strict]
        if not found or len(found) < share * len(ks):
            continue
        # the others read again with the looser bar of a cell known to be a figure, kept when they
        # have the shape of the column's figures (digits and separators: "dd.dd"; a header's
        # "ลำดับ" read loosely as "801" has none of the sequence numbers' shapes)
        shapes = {_RE_ANY_DIGIT.sub("d", strict[k]) for k in found}
        for k in ks:
            r, c, _ = cells[k]
            got = _figure_cell(
                rows[r][c] or "", strict.get(k), lambda k=k: fixer.figure(rects[k], loose=True), shapes
            )
            if got is not None:
                rows[r][c] = got


def _figure_cell(text: str, strict: str | None, loose: Any, shapes: set[str]) -> str | None:
    """What a cell of a column of figures holds, or None to keep ``text`` as OCR read it: never a
    figure where OCR read an item code ("e3", "o12": the templates read them as 03, ๐12); the
    strict reading; else, where OCR read no number, the looser one when it has the shape of the
    column's figures."""
    if _RE_LATIN.search(text):
        return None
    if strict is not None:
        return strict
    if text.strip() == "-" or parse_number(thai_digits_to_arabic(text)) is not None:
        return None  # read as a number already: a looser reading does not replace it
    got = loose()
    if got is not None and got != "-" and _RE_ANY_DIGIT.sub("d", got) not in shapes:
        return None
    return got


def _ocr(gray: Any, page_no: int, rules: Rules, repairer: Repairer, engine: OcrEngine, dpi: float) -> OcrPage:
    o = rules.ocr
    deadline = time.monotonic() + o.page_timeout_seconds
    scale = 72.0 / dpi  # points per pixel
    k = dpi / o.dpi  # pixel thresholds are set for rules.ocr.dpi
    gray, arr, bw, rotation, skew = _upright(gray, rules, engine)
    width, height = raster.size(gray)
    temps = glyphs.templates(o.digit_fonts_dir, tuple(o.digit_fonts))
    boxes = raster.find_checkboxes(
        arr, max(8, round(o.checkbox_px[0] * k)), round(o.checkbox_px[1] * k), bw=bw
    )
    fixer = _NumberFixer(
        arr,
        temps,
        o.digit_min_match,
        o.digit_confusions,
        boxes,
        o.short_cell_glyphs,
        month_word_regex(rules),
        tuple(rules.periods.range_separators),
        o.figure_min_match,
    )
    margin = max(1, round(o.cell_margin_px * k))
    tables_out = [
        _read_table(grid, gray, fixer, temps, rules, repairer, engine, deadline, scale, margin)
        for grid in plumber.find_table_grids(
            raster.ruling_edges(arr, scale, bw=bw), max(1.0, min(width, height) * scale / A4_WIDTH)
        )
    ]
    table_boxes_px = [
        (int(t.bbox[0] / scale), int(t.bbox[1] / scale), int(t.bbox[2] / scale), int(t.bbox[3] / scale))
        for t in tables_out
    ]
    around = raster.from_array(raster.whiten(arr, table_boxes_px)) if table_boxes_px else gray
    read = engine.read(around, OcrLanguages.THAI_LATIN, OcrMode.PAGE, deadline)
    unruled = [
        _words_table(grid, read, fixer, rules, repairer, scale, margin)
        if by_ink
        else _read_table(grid, gray, fixer, temps, rules, repairer, engine, deadline, scale, margin)
        for grid, by_ink in _unruled_grids(read, bw, rules, repairer, scale)
    ]
    tables_out += unruled
    lines_out: list[OcrLine] = []
    for ln in read:
        x0, y0, x1, y1 = (v * scale for v in ln.box)
        if any(_inside_box(((x0 + x1) / 2, (y0 + y1) / 2), t.bbox) for t in unruled):
            continue  # its words are a table's cells
        text = fixer.line_text(ln, boxes=False)
        if _mentions_status(text, rules, repairer):
            text = fixer.line_text(ln)
        if text.strip():
            lines_out.append(OcrLine(text, (x0, y0, x1, y1)))
    return OcrPage(
        page_no,
        width * scale,
        height * scale,
        rotation,
        round(skew, 2),
        tuple(lines_out),
        tuple(tables_out),
        fixer.fixed,
        fixer.unreadable,
    )


def _word_grids(
    lines: list[OcrWordLine], bw: Any, rules: Rules, repairer: Repairer, scale: float
) -> list[Any]:
    """The grids of tables without rules among the words read around the ruled ones: found as in
    a text PDF, by a header row over columns (``pipeline.layout.tables``, the words in place of
    characters); rows as found there, columns where the image leaves a gap all the way down the
    body (OCR's word boxes run numbers together). Each is then read cell by cell like a ruled one."""
    clusters: list[Cluster] = []
    for ln in lines:
        height = max(1, ln.box[3] - ln.box[1])
        size = OCR_SIZE * height * scale
        base = ln.box[3] * scale - OCR_DESCENT * size
        for w in ln.words:
            if w.text.strip():
                x0, y0, x1, y1 = (v * scale for v in w.box)
                clusters.append(Cluster(w.text.strip(), x0, x1, y0, y1, base, size))
    found = layout_tables.find_tables([], clusters, lambda _: [], table_hints(rules, repairer.lexicon))
    grids = []
    for t, _ in found:
        rows = [
            (min(b[1] for b in r if b) / scale, max(b[3] for b in r if b) / scale) for r in t.cells if any(r)
        ]
        x0, _, x1, _ = (v / scale for v in t.bbox)
        body = rows[2:] if len(rows) > 4 else rows[1:]
        line = sorted(b - a for a, b in rows)[len(rows) // 2]
        cuts = raster.ink_gaps(bw, (int(x0), int(body[0][0]), int(x1), int(body[-1][1])), OCR_GUTTER * line)
        xs = [x0, *cuts, x1]
        grids.append(
            [
                [(a * scale, top * scale, b * scale, bottom * scale) for a, b in itertools.pairwise(xs)]
                for top, bottom in rows
            ]
        )
    return grids


def _unruled_grids(
    lines: list[OcrWordLine], bw: Any, rules: Rules, repairer: Repairer, scale: float
) -> list[tuple[Any, bool]]:
    """Tables without rules, each with whether it was found by its columns alone: found by a
    header over columns (``_word_grids``), and by columns alone (``_ink_grids``), the one with more
    rows where both find the same table."""
    by_header = _word_grids(lines, bw, rules, repairer, scale)
    out = [(g, False) for g in by_header]
    for grid in _ink_grids(lines, bw, scale, OCR_TABLE_ROWS):
        same = [g for g in by_header if _overlap(_grid_box(g), _grid_box(grid)) > 0]
        if sum(len(g) for g in same) < len(grid):
            out = [(g, ink) for g, ink in out if all(g is not o for o in same)] + [(grid, True)]
    return sorted(out, key=lambda t: _grid_box(t[0])[1])


def _words_table(
    grid: Any,
    lines: list[OcrWordLine],
    fixer: _NumberFixer,
    rules: Rules,
    repairer: Repairer,
    scale: float,
    m: int,
) -> OcrTable:
    """A table found by its columns, its cells the words the page's reading put inside them (no
    second reading: such tables are found on any page with columns, and a reading per cell costs
    a tesseract call each), numbers re-read glyph by glyph, figure cells whole."""
    cells, rects = _cells(grid, scale, m)
    rows: list[list[str | None]] = [[None] * len(row) for row in grid]
    for (r, c, bb), rect in zip(cells, rects):
        px = (bb[0] / scale, bb[1] / scale, bb[2] / scale, bb[3] / scale)
        parts = []
        for ln in lines:
            words = tuple(
                w for w in ln.words if _inside_box(((w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2), px)
            )
            if words:
                parts.append(OcrWordLine(words, box_around(w.box for w in words)))
        rows[r][c] = _cell_text(parts, rect, fixer, rules, repairer)
    _figure_columns(rows, cells, rects, fixer, rules.ocr.figure_column_share)
    return OcrTable(_grid_box(grid), tuple(tuple(r) for r in rows))


def _grid_box(grid: Any) -> tuple[float, float, float, float]:
    return box_around(bb for row in grid for bb in row if bb)


def _ink_grids(lines: list[OcrWordLine], bw: Any, scale: float, min_rows: int) -> list[Any]:
    """The grids of tables without rules found by their columns alone (a page that goes on with a
    table whose header is on the page before, a header OCR could not read). The page's lines of
    words, each a band across the page, in blocks apart by a gap of several lines; a table is a
    block with at least ``min_rows`` lines of words in three or more columns, its columns where
    most of those lines (``OCR_GUTTER_SHARE``) leave a gutter blank. Lines at the top or the
    bottom of the block whose words cross a gutter (a title, the date under the table) are not the
    table's; at least ``min_rows`` of the lines left must have words in three columns or more."""
    bands = _bands(lines)
    if not bands:
        return []
    height = sorted(b[3] - b[1] for b in bands)[len(bands) // 2]
    gutter = OCR_GUTTER * height
    blocks: list[list[list[int]]] = []
    for b in bands:
        if blocks and b[1] - blocks[-1][-1][3] < OCR_TABLE_GAP * height:
            blocks[-1].append(b)
        else:
            blocks.append([b])

    grids = []
    for block in blocks:
        found = _block_table(block, bw, gutter, height, min_rows)
        if found is not None:
            xs, rows = found
            grids.append(
                [
                    [(a * scale, top * scale, c * scale, bottom * scale) for a, c in itertools.pairwise(xs)]
                    for top, bottom in rows
                ]
            )
    return grids


def _block_table(
    block: list[list[int]], bw: Any, gutter: float, height: int, min_rows: int
) -> tuple[list[float], list[tuple[float, float]]] | None:
    """The column edges and rows (pixels) of the table a block of lines holds, or None."""

    wide = [len(raster.ink_gaps(bw, (b[0], b[1], b[2], b[3]), gutter)) >= 2 for b in block]  # 3+ columns
    tabular = [(b[0], b[1], b[2], b[3]) for b, w in zip(block, wide) if w]
    if len(tabular) < min_rows:
        return None
    cuts = raster.shared_gaps(bw, tabular, gutter, OCR_GUTTER_SHARE)
    cross = [
        [raster.has_ink(bw, (int(c - gutter / 4), b[1], int(c + gutter / 4), b[3])) for c in cuts]
        for b in block
    ]
    # a gutter of the table is crossed only by lines above or below it (a title, a date): by a run
    # of lines at the top or the bottom of the block, none between; those lines are not the table's
    # (a gap most names leave blank is crossed by long names all the way down: no gutter)
    edge = [j for j in range(len(cuts)) if _only_at_ends([row[j] for row in cross])]
    top, bottom = 0, len(block)
    while top < bottom and any(cross[top][j] for j in edge):
        top += 1
    while bottom > top and any(cross[bottom - 1][j] for j in edge):
        bottom -= 1
    block, wide = block[top:bottom], wide[top:bottom]
    # the columns again from the table's own lines alone, all of them (a gutter most names leave
    # blank is no gutter when a long name crosses it)
    tabular = [(b[0], b[1], b[2], b[3]) for b, w in zip(block, wide) if w]
    cuts = raster.shared_gaps(bw, tabular, gutter, 1.0) if len(tabular) >= min_rows else []
    if len(cuts) < 2:
        return None
    # the cells reach a gutter beyond the ink (a cell is read inside a margin)
    left, right = min(b[0] for b in block) - gutter, max(b[2] for b in block) + gutter
    xs = [max(0.0, left), *cuts, min(float(bw.shape[1]), right)]
    rows = _table_rows(block, xs, bw, height)
    return (xs, rows) if len(rows) >= min_rows else None


def _only_at_ends(flags: list[bool]) -> bool:
    """Are the true ``flags`` a run at the start and/or a run at the end, and no others?"""
    start = next((i for i, f in enumerate(flags) if not f), len(flags))
    end = len(flags) - next((i for i, f in enumerate(reversed(flags)) if not f), len(flags))
    return not any(flags[start:end])


def _bands(lines: list[OcrWordLine]) -> list[list[int]]:
    """The page's lines of words (x0, y0, x1, y1), each across the page: the words whose middles
    are level, joined where tesseract made two lines of one (``_joined_bands``)."""
    bands: list[list[int]] = []
    for b in sorted(
        (w.box for ln in lines for w in ln.words if w.text.strip()), key=lambda b: (b[1] + b[3]) / 2
    ):
        mid = (b[1] + b[3]) / 2
        if bands and bands[-1][1] <= mid <= bands[-1][3]:
            a = bands[-1]
            a[0], a[1], a[2], a[3] = min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])
        else:
            bands.append(list(b))
    return _joined_bands(bands)


def _table_rows(block: list[list[int]], xs: list[float], bw: Any, height: int) -> list[tuple[float, float]]:
    """The rows (top, bottom in pixels) of a table of lines ``block`` and column edges ``xs``: a
    line whose words lie in one column other than the first goes on with the row above (a name
    over two lines); any other line starts a row. Each row reaches halfway to the next."""
    rows: list[list[float]] = []
    for b in block:
        cols = {k for k in range(len(xs) - 1) if raster.has_ink(bw, (int(xs[k]), b[1], int(xs[k + 1]), b[3]))}
        if not cols or b[3] - b[1] < 0.5 * height:
            continue  # words of no ink (what tesseract made of specks), marks on their own
        if rows and len(cols) == 1 and 0 not in cols:
            rows[-1][1] = b[3]
        else:
            rows.append([b[1], b[3]])
    if not rows:
        return []
    pad = 0.25 * height
    edges = [
        max(0.0, rows[0][0] - pad),
        *((a[1] + b[0]) / 2 for a, b in itertools.pairwise(rows)),
        min(float(bw.shape[0]), rows[-1][1] + pad),
    ]
    return list(itertools.pairwise(edges))


def _joined_bands(bands: list[list[int]]) -> list[list[int]]:
    """Lines of words as read, joined where tesseract made two of one: the marks above a word read
    as words of their own (a thin band right above, over the same letters), a word whose box lies
    inside another line's height."""
    out: list[list[int]] = []
    for b in sorted(bands, key=lambda b: b[1]):
        if out:
            a = out[-1]
            ha, hb = a[3] - a[1], b[3] - b[1]
            over_y = min(a[3], b[3]) - max(a[1], b[1])
            over_x = min(a[2], b[2]) - max(a[0], b[0])
            marks = min(ha, hb) < 0.6 * max(ha, hb) and over_x > 0 and b[1] - a[3] < 0.25 * max(ha, hb)
            if over_y > 0.5 * min(ha, hb) or marks:
                a[0], a[1], a[2], a[3] = min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])
                continue
        out.append(list(b))
    return out


_RE_ANY_DIGIT = re.compile(r"\d")
_RE_LATIN = re.compile(r"\b[A-Za-z]{1,2}\s?[0-9]")  # an item code as OCR read it: "e3", "o12", "OIT 1"

#: the width of an A4 page in points (what the table finder's tolerances are for)
A4_WIDTH = 595.0

#: a table found by its columns alone has at least this many lines in three or more columns, and
#: no gap of this many line heights between two of its lines
OCR_TABLE_ROWS = 3
OCR_TABLE_GAP = 2.5
#: a gutter of such a table is blank in at least this share of its lines in three or more columns
OCR_GUTTER_SHARE = 0.6

#: a line's font size as a share of its box height (the box holds marks above and vowels below),
#: how far its baseline is above the box's bottom (in font sizes), and the narrowest gap between
#: columns of a scanned table without rules (in line heights)
OCR_SIZE = 0.7
OCR_DESCENT = 0.25
OCR_GUTTER = 0.25


#: a line's font size as a share of its box height (the box holds marks above and vowels below),
#: and how far its baseline is above the box's bottom (in font sizes)
OCR_SIZE = 0.7
OCR_DESCENT = 0.25


def _inside_box(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


class _NumberFixer:
    """Rebuild a line's text from tesseract's words: re-read every run of digit-like words glyph by
    glyph, and put the check boxes found in the image (☑/☐) where they are drawn."""

    def __init__(
        self,
        arr,
        temps,
        min_match: float,
        confusions: str,
        boxes=(),
        short_cell: int = 4,
        month_word: re.Pattern[str] | None = None,
        separators: tuple[str, ...] = (),
        figure_min_match: float | None = None,
    ):
        self.arr, self.temps, self.min_match, self.short_cell = arr, temps, min_match, short_cell
        self.figure_min_match = min_match if figure_min_match is None else figure_min_match
        self.month_word, self.separators = month_word, separators
        self.confusions = set(confusions)
        self.boxes = list(boxes)
        self.fixed = self.unreadable = 0

    def _with_boxes(self, line: OcrWordLine, region=None) -> list[OcrWord]:
        """The line's words with its check boxes as words ('☑'/'☐'); what tesseract read where a
        box is drawn ("O", "□") is dropped. Boxes must lie in ``region`` (a table cell) or near
        the line."""
        x0, y0, x1, y1 = line.box
        h = y1 - y0
        rx0, rx1 = (region[0], region[2]) if region else (x0 - h, x1 + 2 * h)
        mine = [
            b
            for b in self.boxes
            if b[1] < y1
            and b[3] > y0
            and min(b[3], y1) - max(b[1], y0) >= 0.5 * (b[3] - b[1])
            and rx0 <= b[0]
            and b[2] <= rx1
        ]
        if not mine:
            return list(line.words)
        words = [w for w in line.words if not any(_overlap(w.box, b) > 0.5 for b in mine)]
        words += [OcrWord("☑" if b[4] else "☐", b[:4], 100.0) for b in mine]
        return sorted(words, key=lambda w: w.box[0])

    def _digitish(self, text: str) -> bool:
        return (
            bool(text)
            and all(ch in DIGIT_CHARS or ch in self.confusions for ch in text)
            and any(ch in glyphs.DIGITS for ch in text)
        )

    def line_text(self, line: OcrWordLine, region=None, boxes: bool = True) -> str:
        words = [w for w in (self._with_boxes(line, region) if boxes else line.words) if w.text.strip()]
        if not words:
            return ""
        height = max(1, line.box[3] - line.box[1])
        chars = "".join(w.text.strip() for w in words)
        lone = self._lone_number(line, chars) if region is not None else None
        if lone is None and region is not None and len(words) == 1:
            lone = self._garbled_score(line, chars)
        if lone is not None:
            return lone
        n_digits = sum(ch in glyphs.DIGITS for ch in chars)
        n_letters = sum("\u0e01" <= ch <= "\u0e2e" or (ch.isalpha() and ch.isascii()) for ch in chars)
        if n_digits >= 2 and n_digits >= 0.5 * len(chars) and n_letters <= 1:
            # a number on its own (a score or amount cell): read the whole line as one number
            whole = self._reread(line.box, line.box)
            if whole is not None:
                return whole
        out = self._runs(words, line, height)
        text, prev = "", None
        for t, box in out:
            if prev is not None and box[0] - prev[2] > 0.35 * height:
                text += " "
            text += t
            prev = box
        return text

    def _runs(
        self, words: list[OcrWord], line: OcrWordLine, height: int
    ) -> list[tuple[str, tuple[int, int, int, int]]]:
        """The line's words with runs of digit-like words re-read as one number each."""
        out: list[tuple[str, tuple[int, int, int, int]]] = []
        i = 0
        while i < len(words):
            starts_number = self._digitish(words[i].text.strip()) or (
                words[i].text.strip() in self.confusions
                and i + 1 < len(words)
                and self._digitish(words[i + 1].text.strip())
            )
            end = self._year_after_month(words, i, height) if not starts_number else None
            if end is not None:
                # a year after a month whose Thai digits were read as letters ("ต.ค. อ5", "ก.ย. ออ")
                box = box_around(w.box for w in words[i:end])
                got = self._reread(box, line.box, count=False)
                if got is not None and got.isdigit():
                    self.fixed += 1
                    out.append((got, box))
                    i = end
                    continue
            if starts_number:
                j = i
                number_chars = DIGIT_CHARS | self.confusions
                while (
                    j + 1 < len(words)
                    and (
                        self._digitish(words[j + 1].text.strip()) or words[j + 1].text.strip() in number_chars
                    )
                    and words[j + 1].box[0] - words[j].box[2] < 0.6 * height
                ):
                    j += 1
                box = box_around(w.box for w in words[i : j + 1])
                original = "".join(w.text.strip() for w in words[i : j + 1])
                out.append((self._reread(box, line.box) or original, box))
                i = j + 1
            else:
                out.append((words[i].text.strip(), words[i].box))
                i += 1
        return out

    def _year_after_month(self, words: list[OcrWord], i: int, height: int) -> int | None:
        """Where a short non-number right after a month's abbreviation ends (tesseract gives Thai
        one glyph per word: "ต", ".", "ค", ".", "อ", "๕"), or None."""
        if self.month_word is None or i == 0:
            return None
        before = "".join(w.text.strip() for w in words[max(0, i - 6) : i])[-6:]
        m = self.month_word.search(before + " ")
        if "." not in before or m is None or m.end() < len(before):
            return None  # an abbreviation has its dot: letters alone ("พ", "ย") are a word's
        j, text = i, ""
        while (
            j < len(words)
            and words[j].text.strip() not in self.separators
            and len(text + words[j].text.strip()) <= 4
            and (j == i or words[j].box[0] - words[j - 1].box[2] < 0.35 * height)
        ):
            text += words[j].text.strip()
            j += 1
        if len(text) < 2 or self._digitish(text) or unicodedata.category(text[0]) == "Mn":
            return None
        return j

    def _lone_number(self, line: OcrWordLine, chars: str) -> str | None:
        """A cell line of a few glyphs and no Thai letter ("@", "en", "|" for "๔", "๓", "๑"): a lone
        sequence number tesseract read as letters, when the digit templates read every glyph."""
        if (
            len(chars) > self.short_cell
            or RE_THAI_CONSONANT.search(chars)
            or all(ch in DIGIT_CHARS for ch in chars)
        ):
            return None
        got = self._reread(line.box, line.box, count=False)
        if got is not None and got.isdigit() and len(got) < self.short_cell:
            self.fixed += 1
            return got
        return None

    def _garbled_score(self, line: OcrWordLine, chars: str) -> str | None:
        """A cell's one short word tesseract read as letters ("ฮุขุว" for "89.52" in a 100 ppi
        scan): a score when the digit templates read every glyph of it as a decimal number."""
        if not (3 <= len(chars) <= SCORE_CHARS) or _RE_SCORE.fullmatch(chars):
            return None
        got = self._reread(line.box, line.box, count=False)
        if got is not None and _RE_SCORE.fullmatch(got):
            self.fixed += 1
            return got
        return None

    def figure(self, rect: tuple[int, int, int, int], loose: bool = False) -> str | None:
        """The one figure a table cell (its rectangle in pixels) holds, as the templates read it;
        ``loose``: with the bar of a cell in a column of figures."""
        h, w = self.arr.shape
        x0, y0, x1, y1 = max(0, rect[0]), max(0, rect[1]), min(w, rect[2]), min(h, rect[3])
        if x1 - x0 < 2 or y1 - y0 < 2:
            return None
        bar = self.figure_min_match if loose else self.min_match
        crop = self.arr[y0:y1, x0:x1]
        a, b = raster.inside_rules(crop)  # the cell's own rules, where the scan bent them
        return glyphs.read_figure(crop[:, a:b], self.temps, bar)

    def _reread(self, box, line_box, count: bool = True) -> str | None:
        """Re-read the number around ``box`` (tesseract's boxes for Thai glyphs are loose): a
        window of the line's height, one line-height wider on each side."""
        height = max(1, line_box[3] - line_box[1])
        x0, _, x1, _ = box
        h, w = self.arr.shape
        wx0, wx1 = max(0, x0 - height), min(w, x1 + height)
        wy0, wy1 = max(0, line_box[1] - height // 4), min(h, line_box[3] + height // 4)
        crop = self.arr[wy0:wy1, wx0:wx1]
        got = glyphs.read_number(crop, self.temps, self.min_match, (x0 - wx0, x1 - wx0))
        if not count:
            return got
        if got is None:
            self.unreadable += 1
        else:
            self.fixed += 1
        return got


#: a score as printed in a results or score table (two decimals), and how long a garbled reading
#: of one may be
_RE_SCORE = re.compile(r"\d{1,3}[.,]\d{2}")
SCORE_CHARS = 8

#: a period cell read again, larger and with these scripts, until both ends of its range are months
_RETRIES = [
    (1.0, OcrLanguages.THAI),
    (1.5, OcrLanguages.THAI),
    (1.5, OcrLanguages.THAI_LATIN),
    (2.0, OcrLanguages.THAI),
]


def _mentions_status(text: str, rules: Rules, repairer: Repairer) -> bool:
    """Does the text name a status ("ดำเนินการ", "ยังไม่ได้ดำเนินการ" …)? Only then are check boxes
    looked for: a boxy letter ("ย", "ว") elsewhere must not become a box."""
    flat = re.sub(r"\s+", "", repairer.mechanical(text))
    return any(lab in flat for labs in rules.tables.status.labels.values() for lab in labs)


def _period_suspect(text: str, rules: Rules) -> bool:
    """A short cell that looks like a period not fully read: a date range with one end unread
    ("ต.ค. ๖๕ - A.W. ๖๖", "กกล ๒๕๖๗ กย. ๒๕๖๗"), or a month as OCR reads it with no date found
    ("กย: ออ"), two years and no month read, or a month whose year no fiscal year can be."""
    t = thai_digits_to_arabic(text)
    if len(t) > rules.ocr.period_cell_chars:
        return False
    found = find_dates(t, rules)
    if len(found) == 1:
        return half_read(t, found[0], rules)
    if found:  # a year no fiscal year can be: digits run together ("เม.ย252567มิ.ย. 2567")
        return any(
            d.year_be is not None and not rules.thresholds.fiscal_year.plausible(d.year_be) for d in found
        )
    years = [normalise_year(int(n)) for n in re.findall(r"(?<![\d.,])(\d{4}|\d{2})(?![\d.,])", t)]
    return (
        bool(month_word_regex(rules).search(t + " "))
        or sum(1 for y in years if y and rules.thresholds.fiscal_year.plausible(y)) >= 2
    )  # "ต:ะค: ๖๕ โซ้ยไฟ ๖๖"


def _reread_range(
    gray: Any,
    rect: tuple[int, int, int, int],
    temps: Any,
    rules: Rules,
    engine: OcrEngine,
    deadline: float,
    text: str,
) -> str | None:
    """Read a period cell again until both ends of its range are months: glyph by glyph against
    letter templates (a closed vocabulary: abbreviations and years; a face tesseract reads badly),
    then with tesseract (Thai alone, larger)."""
    crop = raster.crop(gray, rect)
    o = rules.ocr
    letters = glyphs.templates(o.digit_fonts_dir, tuple(o.digit_fonts), glyphs.LETTERS)
    marks = glyphs.templates(o.digit_fonts_dir, tuple(o.digit_fonts), glyphs.MARKS)
    words = [
        w
        for ln in glyphs.read_lines(
            raster.gray_array(crop), letters, marks, o.digit_min_match, o.mark_min_match, o.glyph_margin
        )
        for w in ln
    ]
    unsure = [k for k, (t, _) in enumerate(words) if "?" in t]
    if (
        unsure
    ):  # a word with a glyph no template knows (a face unlike them all): tesseract reads that word alone
        pad = max(2, round(0.2 * min(b[3] - b[1] for _, b in words)))
        rects = [_grow(words[k][1], pad, rect) for k in unsure]
        for k, lines in zip(
            unsure, engine.read_rects(gray, rects, OcrLanguages.THAI, OcrMode.LINE, deadline)
        ):
            got = "".join(w.text.strip() for ln in lines for w in ln.words)
            if got:
                words[k] = (got, words[k][1])
    read = re.sub(
        r"\s+([.,])", r"\1", " ".join(t for t, _ in words)
    )  # a dot wrapped to the next line is the abbreviation's
    if _agrees(read, text, rules):
        return read
    for scale, lang in _RETRIES:
        img = raster.scale(crop, scale)
        fixer = _NumberFixer(
            raster.gray_array(img), temps, rules.ocr.digit_min_match, rules.ocr.digit_confusions
        )
        again = "\n".join(fixer.line_text(ln) for ln in engine.read(img, lang, OcrMode.BLOCK, deadline))
        if len(find_dates(thai_digits_to_arabic(again), rules)) >= 2:
            return again
    return None


def _grow(box, pad: int, rect) -> tuple[int, int, int, int]:
    """A word's box in a cell crop, as page pixels, ``pad`` larger on each side within the cell."""
    x0, y0, x1, y1 = box
    return (
        max(rect[0], rect[0] + x0 - pad),
        max(rect[1], rect[1] + y0 - pad),
        min(rect[2], rect[0] + x1 + pad),
        min(rect[3], rect[1] + y1 + pad),
    )


def _agrees(read: str, text: str, rules: Rules) -> bool:
    """Is a glyph reading of a period cell a whole range that keeps every month tesseract read?"""
    got = find_dates(thai_digits_to_arabic(read), rules)
    had = {d.month for d in find_dates(thai_digits_to_arabic(text), rules)}
    return len(got) >= 2 and had <= {d.month for d in got}


def _plausibility(lines: list[OcrWordLine], rules: Rules, repairer: Repairer) -> float:
    """Share of a reading's characters in Thai dictionary words, Thai month names, digits."""
    text = " ".join("".join(w.text for w in ln.words) for ln in lines)
    if not text.strip():
        return 0.0
    covered, _ = repairer.lexicon.coverage_counts(text)
    months = sum(m.end - m.start for m in find_dates(text, rules))
    digits_n = sum(1 for ch in text if ch.isdigit())
    letters = sum(1 for ch in text if not ch.isspace())
    return (covered + months + digits_n) / max(1, letters)


def _overlap(a, b) -> float:
    """Share of box ``a`` covered by box ``b``."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / max(1, (a[2] - a[0]) * (a[3] - a[1]))
