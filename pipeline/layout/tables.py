"""Tables however they are drawn: full grids, vertical rules only, horizontal rules only, no rules.

Every drawing style is reduced to one thing, a grid of cell boxes, which ``cells.fill_cell_lines``
fills the same way for all of them:

* **ruled** — the rules make the grid (pdfplumber's lines algorithm, passed in as ``find_grids``);
* **vertical rules only** — the column rules are closed at their ends by the table's top and
  bottom (``closing_edges``), which gives one tall row per block; each tall row is then cut into
  the rows its text shows (``split_rows``);
* **horizontal rules only** and **unruled** — a header row (text the rules call a header) anchors
  the table; its columns are where the text below it leaves a vertical gap that runs down the whole
  body (a narrow gap counts in a long body: a figure column beside a text column); rows come from
  the horizontal rules where there are any, then from the text (``split_rows``);
* **header boxed, body unruled** (an office suite's table with borders on the header only) — a
  ruled grid whose rows are all header rows, with text in its columns right below it: the body
  takes the header's columns, its rows come from the text.

A tall row is cut where a new row starts: a key cell that starts with a numbering the table uses
(``1.``, ``1.1.1 (2)``, ``o12``: ``TableHints.numbering``) and is not an item under the row's own
number (``13.1`` under ``13``); else, in a table with figure columns,
a key line with figures beside it; else a key line after one that ended short (the first word of
the next line would have fitted: a row's last line, not a wrap), after a blank line, or after lines
where the key column was empty. A cell's wrapped lines stay one cell.

Pure geometry: what counts as a header, a numbering or a figure comes in as ``TableHints``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from ..model import Box, Cluster, Edge, Grid, TableGrid, TableStyle, TextLine
from ..settings import LayoutSettings
from .cells import fill_cell_lines
from .clusters import DEFAULT_LAYOUT, baseline_groups, clusters_to_lines


@dataclass(frozen=True)
class TableHints:
    """What the geometry is told about text (built from ``rules/tables.yaml`` by the stage)."""

    numbering: Callable[
        [str], tuple[str, ...] | None
    ]  # a line's leading number: "1.1.1 (2) …" -> ("1","1","1","2"); a bullet -> ("•",)
    is_header: Callable[[Sequence[str]], bool]  # cells that name columns
    first_word: Callable[[str], str]  # the first word of a line (Thai is written without spaces)
    is_value: Callable[[str], bool]  # a figure ("1", "-", "5,000", "+1")


NO_HINTS = TableHints(lambda s: None, lambda cells: False, lambda s: s.split(" ")[0], lambda s: False)

#: horizontal gap (in font sizes) between two pieces of a line that may be two columns
COLUMN_GAP = 0.8
#: a line in one piece wider than this share of the header is prose, not a row of the table
PROSE_WIDTH = 0.85
#: a vertical gap (in line heights) that ends an unruled table
MAX_ROW_GAP = 2.5
#: in a body of at least NARROW_GUTTER_ROWS lines, a gap this wide (in font sizes) that no line has
#: ink in, all the way down, is a column boundary too ("๘๒.๙๙ ผ่าน": a figure column, then a text one)
NARROW_GUTTER = 0.3
NARROW_GUTTER_ROWS = 8
#: a header piece over this share of each of two columns or more is a band over them
BAND_COVER = 0.6
#: a grid of this many rows or more has its rows ruled apart (a table drawn with column rules only
#: is one band a page, its header and rows inside)
RULED_ROWS = 3


# ----------------------------------------------------------------------------- rules
def closing_edges(edges: Sequence[Edge], min_columns: int = 3) -> list[Edge]:
    """Horizontal edges at the top and bottom of every group of vertical rules that overlap (at
    least ``min_columns`` of them, at different x): the frame a table drawn with vertical rules
    only, or a cell left open at a page break, lacks."""
    vs = _merge_collinear(
        sorted((e for e in edges if e.orientation == "v"), key=lambda e: (round(e.x0), e.top))
    )
    vs.sort(key=lambda e: e.top)
    groups: list[list[Edge]] = []
    for e in vs:
        for g in groups:
            top, bottom = min(x.top for x in g), max(x.bottom for x in g)
            if min(bottom, e.bottom) - max(top, e.top) > 0.5 * min(e.bottom - e.top, bottom - top):
                g.append(e)
                break
        else:
            groups.append([e])
    out = []
    for g in groups:
        xs = sorted({round(e.x0) for e in g})
        if len(xs) < min_columns:
            continue
        x0, x1 = min(e.x0 for e in g), max(e.x0 for e in g)
        top, bottom = min(e.top for e in g), max(e.bottom for e in g)
        out += [Edge("h", x0, x1, top, top), Edge("h", x0, x1, bottom, bottom)]
        out += _spanning_cell_edges(g, top, bottom)
    return out


#: how far (points) inside a block of column rules one of them must start or end to mark a cell
#: that spans its neighbours
SPAN_INSET = 3.0
#: the pieces of a column rule interrupted by cells spanning it run most of its block's height
#: (the sides of the check boxes of a column do not)
INTERRUPTED_RULE = 0.5


def _spanning_cell_edges(g: list[Edge], top: float, bottom: float) -> list[Edge]:
    """A column rule of a table drawn with column rules only that stops at a cell spanning it and
    its neighbours (a group header "สถานะการดำเนินงาน" over its options, a section title or a total
    across the first columns) meets no edge, and its columns are lost. An edge across the table
    where it stops cuts the spanning cell's line from the rest; the rows between are still found
    by their text (``split_rows``). Only where three rules or more run the block's full height (a
    chart's connectors are no table), and only for a rule that reaches an end of the block or is a
    piece of a column rule interrupted by such cells: the sides of a box drawn in a cell (a check
    box) are no column rule."""
    full = [e for e in g if e.top - top <= SPAN_INSET and bottom - e.bottom <= SPAN_INSET]
    if len({round(e.x0) for e in full}) < 3:
        return []  # not a table's columns (the connectors of a chart)
    x0, x1 = min(o.x0 for o in full), max(o.x0 for o in full)
    out = []
    for e in g:
        top_in, bottom_in = e.top - top > SPAN_INSET, bottom - e.bottom > SPAN_INSET
        if top_in and bottom_in:
            line = sum(o.bottom - o.top for o in g if abs(o.x0 - e.x0) < 1)
            if line < INTERRUPTED_RULE * (bottom - top):
                continue  # inside the block at both ends and no column's rule: a box's side
        out += [Edge("h", x0, x1, y, y) for y, inside in ((e.top, top_in), (e.bottom, bottom_in)) if inside]
    return out


def _merge_collinear(vs: list[Edge]) -> list[Edge]:
    """Vertical segments at one x that touch (a rule drawn cell by cell) as one edge."""
    out: list[Edge] = []
    for e in vs:
        if out and abs(out[-1].x0 - e.x0) < 1 and e.top <= out[-1].bottom + 2:
            last = out[-1]
            out[-1] = Edge("v", last.x0, last.x1, last.top, max(last.bottom, e.bottom))
        else:
            out.append(e)
    return out


# ----------------------------------------------------------------------------- entry point
CellLines = list[list[list[TextLine] | None]]


def find_tables(
    edges: Sequence[Edge],
    clusters: Sequence[Cluster],
    find_grids: Callable[[Sequence[Edge]], list[Grid]],
    hints: TableHints = NO_HINTS,
    settings: LayoutSettings = DEFAULT_LAYOUT,
    before: TableGrid | None = None,
) -> list[tuple[TableGrid, CellLines]]:
    """Every table of a page, top to bottom, whatever its drawing style, with its cells' lines.
    ``before``: the last table of the previous page; the first table here, if it has as many
    columns, goes on with it (its first row may be the rest of a row cut by the page break, so the
    rows start the way those did)."""
    tables: list[tuple[TableGrid, CellLines]] = []
    grids = find_grids([*edges, *closing_edges(edges)])
    if grids and before is not None:
        grids[0] = _with_columns_of(grids[0], before)
    taken = [_bbox(g) for g in grids]
    for grid in grids:
        cells = fill_cell_lines(clusters, grid, settings)
        if sum(1 for row in cells for cell in row if cell) < 2:
            continue  # a frame, a footer rule, a box behind one word: not a table
        n = max(len(r) for r in grid)
        if n < 2:
            continue  # shaded bands without column rules: a table of the text kind (below)
        head = _boxed_header(grid, cells, hints)
        if head < len(grid):  # rules that go on below a boxed header only in some columns
            others = [b for b in taken if b != _bbox(grid)] + [_bbox(grid[:head])]
            body = _body_under_header(grid[:head], cells[:head], clusters, others, hints, settings)
        else:
            body = _body_under_header(grid, cells, clusters, taken, hints, settings)
        if body:
            tables.append(_header_ruled(grid[:head], body, clusters, hints, settings))
            continue
        goes_on = not tables and before is not None and len(before.cells[0]) == n
        t = split_rows(
            grid,
            cells,
            hints,
            TableStyle.RULED,
            TableStyle.VERTICAL_RULES,
            shape=before.row_shape if goes_on and before else None,
        )
        tables.append(_with_cells(t, grid, cells, clusters, settings))
    boxes = [t.bbox for t, _ in tables]
    free = (
        [
            c
            for c in clusters
            if not any(x0 <= c.cx <= x1 and top <= c.cy <= bottom for x0, top, x1, bottom in boxes)
        ]
        if boxes
        else list(clusters)
    )
    rows = _text_rows(free, settings)
    found = _text_tables(rows, free, edges, hints, settings)
    if before is not None and before.style in (TableStyle.UNRULED, TableStyle.HORIZONTAL_RULES):
        top = min((t.bbox[1] for t, _ in [*tables, *found]), default=float("inf"))
        cont = _continued(rows, free, before, edges, hints, settings)
        if cont is not None and cont[0].bbox[3] <= top:
            found.append(cont)
    tables += found
    return sorted(tables, key=lambda tc: tc[0].bbox[1])


#: how far apart (points) two column boundaries may be and still be one
BOUNDARY_SLACK = 2.0


def _boundaries_of(grid: Grid) -> list[float]:
    xs = sorted({round(x, 1) for r in grid for b in r if b for x in (b[0], b[2])})
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > BOUNDARY_SLACK:
            out.append(x)
    return out


def _near(x: float, xs: list[float]) -> bool:
    return any(abs(x - y) <= BOUNDARY_SLACK for y in xs)


def _with_columns_of(grid: Grid, before: TableGrid) -> Grid:
    """The first grid of a page that goes on with the previous page's table, with that table's
    columns where this page draws fewer of its rules (LibreOffice leaves out the rules of cells
    merged across the page break): a grid with the same outer edges whose every column boundary
    is one of the previous table's is cut at the boundaries it lacks."""
    mine, theirs = _boundaries_of(grid), _boundaries_of(before.grid)
    if len(mine) >= len(theirs) or len(mine) < 2 or not all(_near(x, theirs) for x in mine):
        return grid
    if not (_near(theirs[0], mine[:1]) and _near(theirs[-1], mine[-1:])):
        return grid
    out: Grid = []
    for row in grid:
        cells: list[Box | None] = []
        for b in row:
            if b is None:
                cells.append(None)
                continue
            cuts = [b[0], *(x for x in theirs if b[0] + BOUNDARY_SLACK < x < b[2] - BOUNDARY_SLACK), b[2]]
            cells += [(a, b[1], c, b[3]) for a, c in itertools.pairwise(cuts)]
        out.append(cells)
    return out


#: lines at the top of a page that may come before a table's continuation (a page number, a
#: running head)
TOP_LINES = 3


def _continued(
    rows: list[_Row],
    clusters: Sequence[Cluster],
    before: TableGrid,
    edges: Sequence[Edge],
    hints: TableHints,
    settings: LayoutSettings,
) -> tuple[TableGrid, CellLines] | None:
    """The rest of a table without rules that the previous page ended with: the lines at the top
    of this page whose pieces keep to that table's columns (the header is not printed again)."""
    full = next(([b for b in r if b] for r in before.cells if all(r)), None)
    if not full:
        return None
    bounds = [full[0][0], *(b[2] for b in full)]
    first = next((k for k, r in enumerate(rows[: TOP_LINES + 1]) if _in_columns(r, bounds)), None)
    if first is None:
        return None
    # lines in the columns just above the first full row: the rest of a row the page break cut
    # (a name's last lines), not a page number
    start = first
    while start > 0 and _in_columns(rows[start - 1], bounds, loose=True) and _worded(rows[start - 1]):
        start -= 1
    zones = [_Zone(a, b, ()) for a, b in itertools.pairwise(bounds)]
    body = _body([rows[start], *rows[start:]], 1, zones)
    while body and not _in_columns(body[-1], bounds, loose=True):
        body.pop()
    if not body:
        return None
    return _text_grid([], body, bounds, edges, clusters, hints, settings, shape=before.row_shape)


def _worded(row: _Row) -> bool:
    return any(ch.isalpha() for seg in row.segs for ch in seg.text)


def _in_columns(row: _Row, bounds: list[float], loose: bool = False) -> bool:
    """Pieces of a line that each keep to one column of ``bounds`` (two or more of them, unless
    ``loose``: a name's second line), within the table's width."""
    slack = 0.3 * row.size
    if row.x0 < bounds[0] - row.size or row.x1 > bounds[-1] + row.size:
        return False
    inside = all(
        any(a - slack <= seg.x0 and seg.x1 <= b + slack for a, b in itertools.pairwise(bounds))
        for seg in row.segs
    )
    return inside and (loose or len(row.segs) >= 2)


def _bbox(grid: Grid) -> tuple[float, float, float, float]:
    boxes = [b for r in grid for b in r if b]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


#: below a boxed header, rows that have at most this share of their cells are the rules of a few
#: columns going on (a merged cell's borders), not a ruled body
PARTIAL_ROW = 0.5


def _boxed_header(grid: Grid, cells: CellLines, hints: TableHints) -> int:
    """How many of the grid's rows to take as a boxed header: all of them, or the header rows
    when every row below them has cells in only a few columns (the rules of the first columns
    reaching into the body)."""
    n = max(len(r) for r in grid)
    texts = [[" ".join(ln.text for ln in cell) if cell else "" for cell in row] for row in cells]
    k = 0
    while k < len(grid) and any(texts[k]) and hints.is_header(texts[k]):
        k += 1
    if 0 < k < len(grid) and all(sum(1 for b in row if b) <= PARTIAL_ROW * n for row in grid[k:]):
        return k
    return len(grid)


def _body_under_header(
    grid: Grid,
    cells: CellLines,
    clusters: Sequence[Cluster],
    taken: list[tuple[float, float, float, float]],
    hints: TableHints,
    settings: LayoutSettings,
) -> list[_Row]:
    """The unruled lines right below a ruled grid that is all header (each of its rows names
    columns), inside its width: the body of a table whose header alone is boxed; else []."""
    texts = [[" ".join(ln.text for ln in cell) if cell else "" for cell in row] for row in cells]
    if not all(hints.is_header(row) for row in texts if any(row)):
        return []
    x0, _, x1, bottom = _bbox(grid)
    below = [
        c
        for c in clusters
        if c.cy > bottom
        and x0 - 1 <= c.cx <= x1 + 1
        and not any(a <= c.cx <= b and t < c.cy < u for a, t, b, u in taken)
    ]
    rows = _text_rows(below, settings)
    if not rows or rows[0].top - bottom > MAX_ROW_GAP * rows[0].size:
        return []
    cols = _columns(grid)
    body: list[_Row] = []
    prev = bottom
    for r in rows:
        single = len(r.segs) == 1
        if single and (r.top - prev > MAX_ROW_GAP * r.size or r.x1 - r.x0 > PROSE_WIDTH * (x1 - x0)):
            break  # past a blank line, only lines of several cells go on with the table; prose ends it
        body.append(r)
        prev = r.bottom
    while (
        body
        and len(body[-1].segs) == 1
        and not any(a - 1 <= body[-1].x0 and body[-1].x1 <= b + 1 for a, _, b, _ in cols)
    ):
        body.pop()  # a line across the columns at the end: the date or signature under the table
    return body


def _columns(grid: Grid) -> list[tuple[float, float, float, float]]:
    """A grid's columns, each as its narrowest cell (a band over several is not a column)."""
    n = max(len(r) for r in grid)
    out = []
    for c in range(n):
        boxes = [b for r in grid if c < len(r) and (b := r[c]) is not None]
        out.append(min(boxes, key=lambda b: b[2] - b[0]))
    return out


def _header_ruled(
    grid: Grid, body: list[_Row], clusters: Sequence[Cluster], hints: TableHints, settings: LayoutSettings
) -> tuple[TableGrid, CellLines]:
    """A boxed header with its unruled body: the header's rows as drawn, then the body in the
    header's columns (each column as wide as its narrowest cell), cut into rows by its text."""
    n = max(len(r) for r in grid)
    cols = _columns(grid)
    bottom = _bbox(grid)[3]
    end = body[-1].bottom + 1
    full: Grid = [list(r) + [None] * (n - len(r)) for r in grid]
    full.append([(b[0], bottom, b[2], end) for b in cols])
    inside = [c for c in clusters if cols[0][0] - 1 <= c.cx <= cols[-1][2] + 1 and c.cy <= end]
    bounds = [b[2] for b in cols[:-1]]
    cells = fill_cell_lines(inside, full, settings)
    cells[-1] = _join_across(cells[-1], body, bounds)
    t = split_rows(
        full, cells, hints, TableStyle.HEADER_RULED, TableStyle.HEADER_RULED, loose=True, head=len(grid)
    )
    t, refilled = _with_cells(t, full, cells, inside, settings)
    return t, cells if refilled is cells else [_join_across(row, body, bounds) for row in refilled]


def _join_across(
    row: list[list[TextLine] | None], body: list[_Row], bounds: list[float]
) -> list[list[TextLine] | None]:
    """A piece of a body line across a column boundary that cuts a word of it (a section heading
    over an unruled body, ``1. มาตรการด้านความโปร่งใส…``; a total's label over two columns, ``รวม ๔
    โครงการ ๒ กิจกรรม``) is one cell's line, in the column where it starts, not pieces of a word in
    each column it crosses. A boundary in a gap of the line ("๘๒.๙๙ | ผ่าน") stays."""
    out = [list(cell) if cell else cell for cell in row]
    for r, seg in ((line, seg) for line in body for seg in line.segs):
        if not any(seg.x0 + r.size < x < seg.x1 - r.size and _in_word(r, x) for x in bounds):
            continue
        parts = sorted(
            (
                (c, ln)
                for c, cell in enumerate(out)
                if cell
                for ln in cell
                if ln.top < r.bottom and ln.bottom > r.top and ln.x0 >= seg.x0 - 1 and ln.x1 <= seg.x1 + 1
            ),
            key=lambda cl: cl[1].x0,
        )
        if len(parts) < 2:
            continue
        text, fonts = parts[0][1].text, list(parts[0][1].fonts)
        for (_, a), (_, b) in itertools.pairwise(parts):
            gap = " " if b.x0 - a.x1 > 0.3 * a.size else ""
            text += gap + b.text
            fonts += ([fonts[-1]] if gap and fonts else []) + list(b.fonts)
        first = parts[0][1]
        joined = first._replace(text=text, x1=parts[-1][1].x1, fonts=tuple(fonts))
        for c, ln in parts:
            cell = out[c]
            if cell is not None:
                cell.remove(ln)
        col = parts[0][0]
        out[col] = sorted([*(out[col] or []), joined], key=lambda ln: ln.top)
    return [cell if cell else ([] if cell is not None else None) for cell in out]


def _in_word(r: _Row, x: float) -> bool:
    """Does ``x`` fall inside the line's ink or in a gap narrower than a column's gutter?"""
    lo = max((b for a, b in r.ink if a < x), default=None)
    hi = min((a for a, b in r.ink if b > x), default=None)
    if lo is None or hi is None:
        return False
    return lo > x or hi < x or hi - lo < NARROW_GUTTER * r.size


def _with_cells(
    t: TableGrid, grid: Grid, cells: CellLines, clusters: Sequence[Cluster], settings: LayoutSettings
) -> tuple[TableGrid, CellLines]:
    """The table with its cells' lines (filled again only when its rows were cut)."""
    same = len(t.cells) == len(grid)
    return t, cells if same else fill_cell_lines(clusters, t.grid, settings)


# ----------------------------------------------------------------------------- rows from text
@dataclass(frozen=True)
class _Line:
    col: int
    line: TextLine


def split_rows(
    grid: Grid,
    cells: CellLines,
    hints: TableHints,
    style: TableStyle,
    split_style: TableStyle,
    loose: bool = False,
    shape: tuple[str, ...] | None = None,
    head: int = 1,
) -> TableGrid:
    """Cut every row of ``grid`` that holds several rows of text into those rows (see the module
    docstring); ``style`` names the table when nothing was cut, ``split_style`` when something was.
    ``loose``: the table has no rules between its rows, so rows may also be told by the layout of
    their key lines (a ruled table's tall cell is one row unless its numbering says otherwise).
    ``shape``: the kind of number the rows start with, known from the page before. ``head``: how
    many of the grid's rows are surely header (a boxed header's), whose words say nothing of which
    columns hold figures."""
    n_cols = max(len(r) for r in grid)
    tops = _row_tops(grid)
    spanning = {
        (r, c)
        for r, row in enumerate(grid)
        for c, bb in enumerate(row)
        if bb is not None and r + 1 < len(tops) and bb[3] > tops[r + 1] + 1
    }
    bands = [
        _levels(
            [_Line(c, ln) for c, cell in enumerate(row) if cell and (r, c) not in spanning for ln in cell]
        )
        for r, row in enumerate(cells)
    ]
    # a grid of one or two rows is column rules closed at the top and bottom, not rows ruled
    # apart: any of its lines may start a row (Writer's table with column rules only)
    plan = _plan(bands, n_cols, hints, shape, loose or len(grid) < RULED_ROWS, head)
    out: Grid = []
    split = False
    for r, row in enumerate(grid):
        cuts = _cuts(bands[r], plan, hints, loose and r > 0, ruled_rows=not loose and len(grid) >= RULED_ROWS)
        if not cuts:
            out.append(list(row))
            continue
        split = True
        ys = [tops[r], *cuts, tops[r + 1] if r + 1 < len(tops) else max(bb[3] for bb in row if bb)]
        for k in range(len(ys) - 1):
            out.append(
                [
                    bb
                    if bb is None or ((r, c) in spanning and k == 0)
                    else None
                    if (r, c) in spanning
                    else (bb[0], ys[k], bb[2], ys[k + 1])
                    for c, bb in enumerate(row)
                ]
            )
    return TableGrid(tuple(tuple(r) for r in out), split_style if split else style, _spans(out), plan.shape)


def _row_tops(grid: Grid) -> list[float]:
    return [min(bb[1] for bb in row if bb) if any(row) else 0.0 for row in grid]


def _spans(grid: Grid) -> tuple[tuple[int, int], ...]:
    """Cells covered by a cell of a row above (a cell that spans rows), as (row, column)."""
    out = []
    for r, row in enumerate(grid):
        ref = next((b for b in row if b), None)
        if r == 0 or ref is None:
            continue
        cy = (ref[1] + ref[3]) / 2
        for c, bb in enumerate(row):
            if bb is not None:
                continue
            above = next(
                (grid[a][c] for a in range(r - 1, -1, -1) if c < len(grid[a]) and grid[a][c] is not None),
                None,
            )
            if above is not None and above[1] < cy < above[3]:
                out.append((r, c))
    return tuple(out)


def _levels(band: list[_Line]) -> list[list[_Line]]:
    """A band's lines grouped into the text rows they sit on, top to bottom: lines of different
    columns on one row (their baselines close, or their boxes overlapping by half: a figure in
    another font sits a little lower than its label)."""
    out: list[list[_Line]] = []
    for x in sorted(band, key=lambda x: x.line.baseline):
        if out:
            ref = out[-1][0].line
            ln = x.line
            overlap = min(ref.bottom, ln.bottom) - max(ref.top, ln.top)
            if abs(ln.baseline - ref.baseline) < 0.35 * max(ln.size, 1.0) or overlap > 0.5 * min(
                ref.bottom - ref.top, ln.bottom - ln.top
            ):
                out[-1].append(x)
                continue
        out.append([x])
    return out


def _value_columns(bands: list[list[list[_Line]]], n_cols: int, hints: TableHints) -> frozenset[int]:
    """Columns of figures (most of their lines are numbers or dashes)."""
    values, filled = [0] * n_cols, [0] * n_cols
    for band in bands:
        for level in band:
            for x in level:
                values[x.col] += hints.is_value(x.line.text)
                filled[x.col] += 1
    return frozenset(
        c
        for c in range(n_cols)
        if (values[c] >= 2 and values[c] >= 0.6 * filled[c]) or values[c] == filled[c] > 0
    )


def _first_key(level: list[_Line], values: frozenset[int], hints: TableHints) -> int | None:
    """The column that numbers the row starting at ``level``: the first numbered column, or a
    column to its right whose number goes deeper in the same numbering (มิติ ``1.`` | ภารกิจ ``1.1`` |
    project ``1.1.1 (1)``: the project's); a list in a later cell numbered on its own (``1. … 2. …``
    steps beside item ``o12``) is not the row's number."""
    key, number = None, None
    for x in sorted(level, key=lambda x: x.col):
        if x.col in values:
            continue
        n = hints.numbering(x.line.text)
        if n is None or n == ("•",):
            continue
        if number is None or (len(n) > len(number) and n[: len(number)] == number):
            key, number = x.col, n
    return key


def _shape(n: tuple[str, ...]) -> tuple[str, ...]:
    """The kind of a numbering: ``1.1.1 (2)`` and ``2.1.3 (1)`` are alike, ``(1)`` and ``ตัวชี้วัดที่ 10``
    are not; item codes are alike."""
    return tuple("9" if p.isdigit() else "o1" if p[:1] in "ieo" and p[1:].isdigit() else p for p in n)


class _Cut(Enum):
    """How a table's rows start."""

    SEQUENCE = "sequence"  # a figure in its first column: ที่ 1, 2
    MARKER = "marker"  # a numbering of one kind in the key column
    VALUE = "value"  # figures beside the key text
    LAYOUT = "layout"  # the key lines' layout


@dataclass(frozen=True)
class _Plan:
    """How a table's rows start (``_Cut``), in which column, with which numbering."""

    mode: _Cut
    key: int
    shape: tuple[str, ...] | None
    values: frozenset[int]


def _plan(
    bands: list[list[list[_Line]]],
    n_cols: int,
    hints: TableHints,
    shape: tuple[str, ...] | None,
    loose: bool,
    head: int = 1,
) -> _Plan:
    values = _value_columns(
        bands[head:] if len(bands) > head else bands, n_cols, hints
    )  # not the header's lines
    used = sorted({x.col for band in bands for level in band for x in level})
    text_key = next((c for c in used if c not in values), 0)
    if used and used[0] in values:
        return _Plan(_Cut.SEQUENCE, used[0], shape, values)
    key = _numbered_column(bands, values, hints, every_level=loose or shape is not None, shape=shape)
    if key is not None:
        col, found = key
        return _Plan(_Cut.MARKER, col, shape or found, values)
    return _Plan(_Cut.VALUE if values else _Cut.LAYOUT, text_key, shape, values)


def _numbered_column(
    bands: list[list[list[_Line]]],
    values: frozenset[int],
    hints: TableHints,
    every_level: bool,
    shape: tuple[str, ...] | None = None,
) -> tuple[int, tuple[str, ...]] | None:
    """The column and kind of number that number the rows: the one that numbers most lines where a
    row may start (the first line of each ruled row; any line of a table without row rules), whose
    numbers never repeat (a list "1. … 2. …" that starts again in every row is no row numbering)."""
    seen: dict[tuple[int, tuple[str, ...]], list[tuple[str, ...]]] = {}
    every: dict[tuple[int, tuple[str, ...]], list[tuple[str, ...]]] = {}
    levels: list[tuple[tuple[int, tuple[str, ...]] | None, set[tuple[int, tuple[str, ...]]]]] = []
    for band in bands:
        for level in band if every_level else band[:1]:
            col = _first_key(level, values, hints)
            n = (
                next((hints.numbering(x.line.text) for x in level if x.col == col), None)
                if col is not None
                else None
            )
            if n is not None and col is not None:
                seen.setdefault((col, _shape(n)), []).append(n)
            here = set()
            for x in level:
                if x.col not in values and (m := hints.numbering(x.line.text)) not in (None, ("•",)):
                    every.setdefault((x.col, _shape(m)), []).append(m)
                    here.add((x.col, _shape(m)))
            levels.append(((col, _shape(n)) if n is not None and col is not None else None, here))
    ok = [
        (len(ns), -col, col, s)
        for (col, s), ns in seen.items()
        if len(set(ns)) == len(ns) and shape in (None, s)
    ]
    if not ok:
        return None
    _, _, col, found = max(ok)
    # a column to the right numbered on its own, more finely, never repeating (มิติ ``1.`` | ภารกิจ
    # ``1.1`` | project ``1)`` ``2)`` … numbered through the plan): its numbers start the rows
    # (it is numbered wherever the key is, over two keys or more: numbers that go on from one key's
    # rows to the next, not a list of steps that starts again under each)
    finer = [
        (len(ns), c, s)
        for (c, s), ns in every.items()
        if c > col
        and len(seen[(col, found)]) >= 2
        and len(set(ns)) == len(ns)
        and len(ns) > len(seen[(col, found)])
        and shape in (None, s)
        and all((c, s) in here for key, here in levels if key == (col, found))
    ]
    if finer:
        _, col, found = max(finer)
    return col, found


def _cuts(
    levels: list[list[_Line]], plan: _Plan, hints: TableHints, loose: bool, ruled_rows: bool = False
) -> list[float]:
    """Where rows start inside one band (the y of each cut, top to bottom). ``ruled_rows``: the
    table's rows are ruled apart (not one band per page between column rules)."""
    if len(levels) < 2:
        return []
    starts: list[int] = []
    rest = list(enumerate(levels[1:], 1))
    if plan.mode == _Cut.SEQUENCE:  # a number in the key column starts a row; so do words there (a
        # sub-heading "อำเภอเขาสวนกวาง" between numbered rows: wrapped lines leave the key column empty)
        starts = [i for i, level in rest if any(x.col == plan.key and x.line.text.strip() for x in level)]
    elif plan.mode == _Cut.MARKER:  # the next number of the same kind starts a row (not 13.1 under 13, not a
        # "(1)" list inside a "ตัวชี้วัดที่ 10" row); so does a line with figures (a total, a sub-item with its own)
        key = _first_key(levels[0], plan.values, hints)
        key = plan.key if key is None else key
        first = next((hints.numbering(x.line.text) for x in levels[0] if x.col == key), None)
        shape = plan.shape or (_shape(first) if first else None)
        for i, level in rest:
            n = next((hints.numbering(x.line.text) for x in level if x.col == key), None)
            if (n is not None and _shape(n) == shape) or _has_value(level, plan.values, hints):
                starts.append(i)
    elif plan.mode == _Cut.VALUE:  # figures beside the key text start a row; a line without them goes on (in
        # a ruled table, only a band of several such rows: one cell may list two figures)
        starts = [
            i
            for i, level in rest
            if any(x.col not in plan.values for x in level) and _has_value(level, plan.values, hints)
        ]
        starts = starts if loose or len(starts) >= 2 else []
    elif loose:
        starts = _layout_starts(levels, plan.key, hints)
    if ruled_rows and not loose and len(starts) == 1 and _one_row(levels, starts[0], plan.key, hints):
        starts = []
    return [_cut_between(levels[i - 1], levels[i]) for i in starts]


def _one_row(levels: list[list[_Line]], i: int, key: int, hints: TableHints) -> bool:
    """In a table whose rows are ruled apart, is a cell's one number at level ``i`` the number of
    the whole ruled row — centred down its cell (Calc's and Word's middle alignment), or under a
    tick set high in its cell — rather than the start of a second row: nothing above it in the key
    column, and what is above it no header?"""
    above = levels[:i]
    if any(x.col == key and x.line.text.strip() for level in above for x in level):
        return False
    cols = sorted({x.col for level in above for x in level})
    texts = [" ".join(x.line.text for level in above for x in level if x.col == c) for c in cols]
    return not hints.is_header(texts)


def _has_value(level: list[_Line], values: frozenset[int], hints: TableHints) -> bool:
    return any(x.col in values and hints.is_value(x.line.text) for x in level)


def _layout_starts(levels: list[list[_Line]], key: int, hints: TableHints) -> list[int]:
    """Rows told by their key lines: after a key line that ended short (the next line's first word
    would have fitted: not a wrap), after a blank line, or after lines without key text."""
    keys = [next((x.line for x in level if x.col == key), None) for level in levels]
    reach = max((k.x1 for k in keys if k is not None), default=0.0)
    starts = []
    prev: TextLine | None = None
    gap = False
    for i, (_level, line) in enumerate(zip(levels, keys)):
        if line is None:
            gap = True
            continue
        if i and prev is not None:
            blank = line.top - max(x.line.bottom for x in levels[i - 1]) > 0.8 * line.size
            short = reach - prev.x1 > 0.55 * line.size * max(1, len(hints.first_word(line.text)))
            if gap or blank or short:
                starts.append(i)
        prev, gap = line, False
    return starts


def _cut_between(above: list[_Line], below: list[_Line]) -> float:
    a = max(x.line.bottom for x in above)
    b = min(x.line.top for x in below)
    return (a + b) / 2 if b > a else b - 0.5


# ----------------------------------------------------------------------------- tables without vertical rules
@dataclass(frozen=True)
class _Seg:
    """A piece of a line (text apart from its neighbours by a column gap); its text is made when
    asked for (most lines of a page are never looked at as a header)."""

    x0: float
    x1: float
    clusters: tuple[Cluster, ...]
    settings: LayoutSettings

    @cached_property
    def text(self) -> str:
        return " ".join(ln.text for ln in clusters_to_lines(self.clusters, self.settings))


@dataclass(frozen=True)
class _Row:
    """A line of the page: its pieces (text apart by a column gap) and its characters' extents."""

    segs: tuple[_Seg, ...]
    ink: tuple[tuple[float, float], ...]
    top: float
    bottom: float
    size: float
    baseline: float = 0.0

    @property
    def x0(self) -> float:
        return self.segs[0].x0

    @property
    def x1(self) -> float:
        return self.segs[-1].x1


def _segments(group: list[Cluster], settings: LayoutSettings) -> _Row:
    segs: list[list[Cluster]] = []
    for c in group:
        if c.text.isspace():
            continue
        if segs and c.x0 - segs[-1][-1].x1 < COLUMN_GAP * max(c.size, 1.0):
            segs[-1].append(c)
        else:
            segs.append([c])
    out = tuple(_Seg(s[0].x0, max(c.x1 for c in s), tuple(s), settings) for s in segs)
    return _Row(
        out,
        _ink(group),
        min(c.top for c in group),
        max(c.bottom for c in group),
        max(c.size for c in group),
        max(c.baseline for c in group),
    )


#: what closes a row number ("1 .", "๒ )"): typed after a space, it is still the number's
_NUMBER_CLOSE = frozenset(".)")


def _ink(group: list[Cluster]) -> tuple[tuple[float, float], ...]:
    """The line's ink as spans; a number and the dot or bracket typed a space after it are one
    span (the gap between them runs down a numbered column, but it is no column's edge)."""
    ink: list[tuple[float, float]] = []
    prev: Cluster | None = None
    for c in group:
        if c.text.isspace():
            continue
        if (
            prev is not None
            and c.text in _NUMBER_CLOSE
            and prev.text[-1:].isdigit()
            and c.x0 - prev.x1 < COLUMN_GAP * max(c.size, 1.0)
        ):
            ink[-1] = (ink[-1][0], max(ink[-1][1], c.x1))
        else:
            ink.append((c.x0, c.x1))
        prev = c
    return tuple(ink)


@dataclass(frozen=True)
class _Zone:
    x0: float
    x1: float
    parts: tuple[_Seg, ...]  # top to bottom

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts)


def _zones(rows: Sequence[_Row], bands: Sequence[_Seg] = ()) -> list[_Zone]:
    """The header cells of stacked header lines: pieces that overlap horizontally are one cell,
    read top to bottom; ``bands``: pieces of the first line over the cells of the second (not cells)."""
    zones: list[list[tuple[int, _Seg]]] = []
    pieces = [(s, k) for k, r in enumerate(rows) for s in r.segs if k or s not in bands]
    for s, k in sorted(pieces, key=lambda sk: sk[0].x0):
        if zones and s.x0 < max(x.x1 for _, x in zones[-1]):
            zones[-1].append((k, s))
        else:
            zones.append([(k, s)])
    return [
        _Zone(
            min(s.x0 for _, s in z),
            max(s.x1 for _, s in z),
            tuple(s for _, s in sorted(z, key=lambda ks: ks[0])),
        )
        for z in zones
    ]


def _over_pieces(seg: _Seg, below: Sequence[_Row]) -> bool:
    """Is a header piece a band over the cells of the line below it (two pieces or more under it,
    "สถานะการดำเนินงาน" over "ดำเนินการแล้ว | อยู่ระหว่าง… | ยังไม่ได้…")? The cells below are the columns.
    A band's words run on over the gaps between those cells; two headers typed close together
    ("ลำดับ มาตรการ/" over "ที่ | กิจกรรม") leave their space over such a gap, and are no band."""
    size = max((c.size for c in seg.clusters), default=1.0)
    spaces = [(a.x1, b.x0) for a, b in itertools.pairwise(seg.clusters) if b.x0 - a.x1 > NARROW_GUTTER * size]
    for r in below:
        under = sorted((s for s in r.segs if s.x0 < seg.x1 and s.x1 > seg.x0), key=lambda s: s.x0)
        if len(under) < 2:
            continue
        gaps = [(a.x1, b.x0) for a, b in itertools.pairwise(under)]
        if not any(lo < s1 and s0 < hi for lo, hi in gaps for s0, s1 in spaces):
            return True
    return False


#: lines of one header cell: their ink this close (in font sizes), or their baselines this close (a
#: face with tall line spacing: Sawasdee's "ปี 2566 / งบ" are 1.8 sizes apart)
HEADER_LINE_GAP = 0.8
HEADER_LINE_PITCH = 2.0


def _stacked(a: _Row, b: _Row) -> bool:
    # baselines, not ink: a line of short letters ("การ") has its ink far below the line's top
    return (
        b.top - a.bottom <= HEADER_LINE_GAP * a.size or b.baseline - a.baseline <= HEADER_LINE_PITCH * a.size
    )


def _cell_left_off(lines: list[_Row]) -> bool:
    """Does a line have a piece under a header cell that ended two lines or more above it? A cell's
    lines follow one another (a cell centred down the header sits half a line off the others: one
    line between), so that piece is the first line of a row under the header (the rest of a row cut
    by the page break, under a header printed again), not the header's."""
    for j in range(3, len(lines)):
        for s in lines[j].segs:
            over = [k for k in range(j) for o in lines[k].segs if o.x0 < s.x1 and o.x1 > s.x0]
            if over and max(over) < j - 2:
                return True
    return False


#: lines a header may take: "ปี 2566 / งบ / ประมาณ / (บาท)" in a narrow column; more only under a band
#: over status options each wrapped to four lines ("สถานะ…" / "อยู่ / ระหว่าง / ดำเนิน / การ")
LINES_WITHOUT_BAND = 4
MAX_HEADER_LINES = 6


def _bands(lines: Sequence[_Row]) -> list[_Seg]:
    """The pieces of the first line that are bands over the cells of the second."""
    return [s for s in lines[0].segs if _over_pieces(s, lines[1:2])] if len(lines) > 1 else []


def _header_at(rows: list[_Row], i: int, hints: TableHints) -> tuple[int, list[_Zone]] | None:
    """The header that starts at ``rows[i]`` (up to ``MAX_HEADER_LINES`` close lines): (lines, cells)."""
    bands: list[_Seg] | None = None  # the same for every k above 1: found once
    for k in range(MAX_HEADER_LINES, 0, -1):
        group = rows[i : i + k]
        if len(group) < k or not all(_stacked(a, b) for a, b in itertools.pairwise(group)):
            continue
        if k > 1 and len(group[0].segs) < 2:
            continue  # a title line above the header (one piece across its columns) is not its first line
        if any(hints.numbering(r.segs[0].text) for r in group[1:]) or _cell_left_off(group):
            continue
        if k > 1 and bands is None:
            bands = _bands(group)
        if k > LINES_WITHOUT_BAND and not bands:
            continue
        zones = _zones(group, bands if k > 1 and bands else ())
        if len(zones) >= 2 and hints.is_header([z.text for z in zones]):
            return k, zones
    return None


def _text_rows(clusters: Sequence[Cluster], settings: LayoutSettings) -> list[_Row]:
    """The lines of ``clusters`` that hold text, top to bottom, in pieces apart by column gaps."""
    return [r for r in (_segments(g, settings) for g in baseline_groups(clusters, settings)) if r.segs]


def _text_tables(
    rows: list[_Row],
    clusters: Sequence[Cluster],
    edges: Sequence[Edge],
    hints: TableHints,
    settings: LayoutSettings,
) -> list[tuple[TableGrid, CellLines]]:
    """Tables found by their header row among text that no ruled grid holds (``rows``: its lines)."""
    out = []
    i = 0
    while i < len(rows):
        head = _header_at(rows, i, hints)
        if head is None:
            i += 1
            continue
        k, zones = head
        body = _body(rows, i + k, zones)
        bounds = _boundaries(zones, body)
        if len(bounds) >= 2:  # the outer edges hold every header piece (a band wider than its cells)
            pieces = [s for r in rows[i : i + k] for s in r.segs]
            bounds[0] = min(bounds[0], *(s.x0 for s in pieces))
            bounds[-1] = max(bounds[-1], *(s.x1 for s in pieces))
        if not body or len(bounds) < 3:
            i += k
            continue
        out.append(_text_grid(rows[i : i + k], body, bounds, edges, clusters, hints, settings))
        i += k + len(body)
    return out


def _body(rows: list[_Row], start: int, zones: list[_Zone]) -> list[_Row]:
    """The lines under a header up to prose (one piece of text across most of the table), a wide
    gap, or another header; lines across the columns at its end (the date and signature under a
    table) are not the table's."""
    width = zones[-1].x1 - zones[0].x0
    body: list[_Row] = []
    prev = rows[start - 1]
    for r in rows[start:]:
        if r.top - prev.bottom > MAX_ROW_GAP * r.size:
            break
        if len(r.segs) == 1 and r.x1 - r.x0 > PROSE_WIDTH * width:
            break
        body.append(r)
        prev = r
    while len(body) > 1 and _across(body[-1], zones):
        body.pop()
    return body


def _across(row: _Row, zones: list[_Zone]) -> bool:
    """One piece of text over the gap between two header cells and into both: a title or a note
    across the columns, not cells of a row."""
    return len(row.segs) == 1 and any(
        row.x0 < a.x1 and row.x1 > b.x0 and row.x0 < a.x1 <= b.x0 < row.x1
        for a, b in itertools.pairwise(zones)
    )


def _boundaries(zones: list[_Zone], body: list[_Row]) -> list[float]:
    """Column boundaries: between two header cells, the middle of the widest gap that the body's
    characters leave all the way down (header cells over one body column are one column)."""
    lines = [r.ink for r in body if not _across(r, zones)]  # a title across has no gutters
    ink = [span for spans in lines for span in spans]
    # a header cell with nothing under it (a status option no row on this page ticks) is its
    # column's only ink: the column stays
    ink += [(z.x0, z.x1) for z in zones if not any(a < z.x1 and b > z.x0 for a, b in ink)]
    left = min([zones[0].x0, *(a for a, _ in ink)])
    right = max([zones[-1].x1, *(b for _, b in ink)])
    size = sorted(r.size for r in body)[len(body) // 2] if body else 10.0
    long = len(body) >= NARROW_GUTTER_ROWS
    gutter = (NARROW_GUTTER if long else COLUMN_GAP) * size
    # a long body's gutters anywhere (a column whose header sits over its neighbour's, as a level
    # column's two-line header beside a band)
    bounds = [left, *(_gaps(left, right, ink, gutter) if long else [])]
    for k, z in enumerate(zones):
        # a header cell over several columns (a band, or a word wider than its column): the body's
        # own gaps under it are boundaries too
        bounds += _gaps(z.x0, z.x1, ink, gutter)
        if k + 1 < len(zones):
            b = zones[k + 1]
            # between the two header cells where they and the body leave a gap (a body word wider
            # than its column, "ติดตามต่อเนื่อง", must not pull the edge into a header cell), else
            # where the body alone does (a header word wider than its column)
            mids = ((z.x0 + z.x1) / 2, (b.x0 + b.x1) / 2)
            gap = _widest_gap(*mids, [*ink, (z.x0, z.x1), (b.x0, b.x1)]) or _widest_gap(*mids, ink)
            if gap is not None:
                bounds.append(gap)
    wide = COLUMN_GAP * size
    bounds = sorted(
        set(round(x, 1) for x in bounds if left < x < right and not _inside_cell(x, zones, lines, wide))
    )
    return [left, *_one_per_gap(bounds, ink), right]


#: a gap under one header cell is an edge between two of its columns when this many lines have
#: ink under the cell on both sides of it
SPLIT_LINES = 3


def _inside_cell(
    x: float, zones: list[_Zone], lines: list[tuple[tuple[float, float], ...]], wide: float
) -> bool:
    """Is ``x`` a gap inside one header cell's column rather than an edge between two columns
    under it? A header word over two columns has words under it on both sides of the edge, line
    after line; labels typed close together over columns of marks (one option ticked a row) have
    marks on each side in different lines; a gap as wide as between two columns' words (``wide``)
    is an edge. A gap beside a column's few marks ("X" under "ดำเนินการแล้ว": nothing on its other
    side) or a narrow one between the words of one phrase ("ต.ค. ๖๗ - ก.ย.": on both sides in the
    same line only) is neither."""
    for z in zones:
        if z.x0 < x < z.x1:
            sides = [
                (any(a < x and b > z.x0 for a, b in ink), any(a < z.x1 and b > x for a, b in ink))
                for ink in lines
            ]
            if not (any(left for left, _ in sides) and any(right for _, right in sides)):
                return True
            if _gap_at(x, lines) >= wide:
                return False  # a column gap, as wide as between two columns' words
            both = sum(1 for left, right in sides if left and right)
            apart = (True, False) in sides and (False, True) in sides
            return both < SPLIT_LINES and not apart
    return False


def _gap_at(x: float, lines: list[tuple[tuple[float, float], ...]]) -> float:
    """The width of the gap the lines' ink leaves around ``x``."""
    ends = [b for ink in lines for a, b in ink if b <= x]
    starts = [a for ink in lines for a, b in ink if a >= x]
    return (min(starts) if starts else x) - (max(ends) if ends else x)


def _one_per_gap(bounds: list[float], ink: list[tuple[float, float]]) -> list[float]:
    """Boundaries with no ink between them are one (the middle of their gap): two ways of finding
    a column's edge must not make an empty column between them."""
    out: list[float] = []
    for x in bounds:
        if out and not any(a < x and b > out[-1] for a, b in ink):
            lo = max((b for _, b in ink if b <= out[-1]), default=out[-1])
            hi = min((a for a, _ in ink if a >= x), default=x)
            out[-1] = round((lo + hi) / 2, 1)
            continue
        out.append(x)
    return out


def _gaps(lo: float, hi: float, ink: list[tuple[float, float]], min_width: float) -> list[float]:
    """Middles of the gaps at least ``min_width`` wide that the ink leaves between ``lo`` and ``hi``
    with ink on both sides."""
    cover = sorted((a, b) for a, b in ink if b > lo and a < hi)
    out = []
    x = None
    for a, b in cover:
        if x is not None and a - x >= min_width:
            out.append((a + x) / 2)
        x = b if x is None else max(x, b)
    return out


def _widest_gap(lo: float, hi: float, ink: list[tuple[float, float]]) -> float | None:
    cover = sorted((max(lo, a), min(hi, b)) for a, b in ink if b > lo and a < hi)
    best: tuple[float, float] | None = None
    x = lo
    for a, b in [*cover, (hi, hi)]:
        if a > x and (best is None or a - x > best[1] - best[0]):
            best = (x, a)
        x = max(x, b)
    return None if best is None else (best[0] + best[1]) / 2


def _is_band(seg: _Seg, bounds: list[float]) -> bool:
    """Does a header piece lie over two columns or more (most of each), as a band names a group of
    columns, rather than a word a little wider than its own column?"""
    covered = sum(
        1
        for a, b in itertools.pairwise(bounds)
        if b > a and (min(b, seg.x1) - max(a, seg.x0)) >= BAND_COVER * (b - a)
    )
    return covered >= 2


def _spanned(row: list[Box | None], bands: list[_Seg], below: _Row) -> list[Box | None]:
    """A grid row with each band's columns (those of the header cells under it, ``below``) as one cell."""
    out = list(row)
    for seg in bands:
        mids = [(s.x0 + s.x1) / 2 for s in below.segs if s.x0 < seg.x1 and s.x1 > seg.x0]
        cols = [c for c, b in enumerate(row) if b is not None and any(b[0] <= m < b[2] for m in mids)]
        if len(cols) < 2:
            continue
        first, last = row[cols[0]], row[cols[-1]]
        assert first is not None and last is not None
        out[cols[0]] = (first[0], first[1], last[2], first[3])
        for c in cols[1:]:
            out[c] = None
    return out


def _text_grid(
    head: list[_Row],
    body: list[_Row],
    bounds: list[float],
    edges: Sequence[Edge],
    clusters: Sequence[Cluster],
    hints: TableHints,
    settings: LayoutSettings,
    shape: tuple[str, ...] | None = None,
) -> tuple[TableGrid, CellLines]:
    """The grid of a table without vertical rules: a header row (none on a page that goes on with
    the table), then the body cut at horizontal rules across the table, then at the rows its text
    shows (``shape``: how the rows of the page before started)."""
    left, right = bounds[0], bounds[-1]
    first = (head or body)[0]
    top, bottom = first.top - 1, body[-1].bottom + 1
    span = right - left
    rules = sorted(
        {
            round(e.top, 1)
            for e in edges
            if e.orientation == "h"
            and e.x0 <= left + 0.2 * span
            and e.x1 >= right - 0.2 * span
            and top - 0.5 * first.size <= e.top <= bottom + 0.5 * body[-1].size
        }
    )
    head_cut = (
        [
            next(
                (y for y in rules if head[-1].bottom - 1 <= y <= body[0].top + 1),
                (head[-1].bottom + body[0].top) / 2,
            )
        ]
        if head
        else []
    )
    # a header line with a band over several columns stays a row of its own, so that the band's
    # pieces do not run into the words under it ("เครื่" + "IIT")
    over = _bands(head) if head else []  # the first line's bands over the second line's cells
    banded = [
        (j, a)
        for j, (a, b) in enumerate(itertools.pairwise(head))
        if (any(_is_band(s, bounds) for s in a.segs) or (j == 0 and over)) and b.top > a.top + 0.5 * a.size
    ]
    bands = [(a.bottom + head[j + 1].top) / 2 for j, a in banded]
    cuts = [top, *bands, *head_cut, *(y for y in rules if body[0].top < y < body[-1].bottom), bottom]
    grid: Grid = [
        [(bounds[c], a, bounds[c + 1], b) for c in range(len(bounds) - 1)]
        for a, b in itertools.pairwise(cuts)
        if b - a > 1
    ]
    if over and banded and banded[0][0] == 0 and len(grid) > len(banded):
        grid[0] = _spanned(grid[0], over, head[1])  # a band is one cell over the columns it names
    inside = [c for c in clusters if left - 1 <= c.cx <= right + 1 and top <= c.cy <= bottom]
    style = TableStyle.HORIZONTAL_RULES if len(rules) >= 2 else TableStyle.UNRULED
    cells = fill_cell_lines(inside, grid, settings)
    t, cells = _with_cells(
        split_rows(grid, cells, hints, style, style, loose=True, shape=shape), grid, cells, inside, settings
    )
    return t, [_join_across(row, body, bounds[1:-1]) for row in cells]
