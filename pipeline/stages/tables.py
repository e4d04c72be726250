"""Page tables -> logical tables: header roles, repeated headers dropped, rows joined across pages.

A printed table continues over pages: its header rows repeat on each page, and a row cut by a
page break goes on at the top of the next page (its key cell empty, or text that does not start
the way the table's rows start). Column roles come from header text (``pipeline.tables.roles``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..adapters.fuzzy import ratio
from ..model import Cells, DocumentState, LogicalTable, Page, PageTable, Role, Row, RowKind
from ..rules import Rules
from ..tables.roles import header_roles, is_header_row, is_title_row, is_value
from ..text.chars import compact, join_thai
from ..text.numbers import parse_number
from ..text.periods import find_dates
from ..text.thai import thai_digits_to_arabic
from .context import Context

_RE_DIGIT = re.compile(r"\d")
#: two header cells are the same when this alike (a header repeated on the next page)
SAME_CELL_MIN = 85
#: ... or when one is the start of the other, this long a share of it (a header cut by a page break)
SAME_CELL_PREFIX = 0.4
#: how many rows a table may start with that are titles or headers
MAX_LEADING_ROWS = 6
#: header lines a table's header may stack (a band, the tools under it, a wrapped word)
MAX_HEADER_LINES = 3
#: a page's first row is its header again glued to a cut row's rest only when this many named
#: columns or more start with their header's words
GLUED_MIN_COLUMNS = 3


@dataclass
class _Building:
    """A logical table while its pages are added (frozen into a ``LogicalTable`` at the end)."""

    index: int
    first_page: int
    header: list[str]
    roles: list[Role | None]
    years: list[int | None]
    rows: list[Row] = field(default_factory=list)
    context: str = ""
    pages: list[int] = field(default_factory=list)


# ----------------------------------------------------------------------------- assembling
def _norm_cells(row: list[str | None], n: int) -> list[str]:
    cells = [(c or "").strip() for c in row]
    return cells + [""] * (n - len(cells))


def _same_row(a: list[str], b: list[str]) -> bool:
    """The same cells (a header repeated on a page, also one cut by the page break: "หน่วยงาน" for
    "หน่วยงานที่รับผิดชอบ")."""
    if len(a) != len(b):
        return False
    return all(
        (not x and not y)
        or ratio(x, y) >= SAME_CELL_MIN
        or (x and y.startswith(x) and len(x) >= SAME_CELL_PREFIX * len(y))
        for x, y in zip(a, b)
    )


def _same_header(a: list[list[str]], b: list[list[str]]) -> bool:
    return bool(a) and len(a) == len(b) and all(_same_row(x, y) for x, y in zip(a, b))


def _same_roles(new: list[Role | None], old: list[Role | None]) -> bool:
    """The same columns: every role the new header names is the old one's (an OCR-garbled header
    cell names none), and most are named."""
    if len(new) != len(old):
        return False
    both = [(a, b) for a, b in zip(new, old) if a is not None and b is not None]
    either = sum(1 for a, b in zip(new, old) if a is not None or b is not None)
    return bool(both) and either >= max(1, len(old) - 1) and all(a == b for a, b in both)


def _leading_rows(
    rows: list[list[str]], raw_rows: Cells, rules: Rules, new_table: bool
) -> tuple[int, list[list[str]], list[int]]:
    """The title and header rows a page table starts with: (how many, header rows, title rows).
    A line of words without figures right above the header is part of it (a band over several
    columns, cut by the columns below it: "เครื่องมือการ | ประเมิน ITA" over IIT | EIT | OIT)."""
    k = 0
    head: list[list[str]] = []
    titles: list[int] = []
    while k < len(rows) and k < MAX_LEADING_ROWS:
        if is_title_row(list(raw_rows[k]), rules):
            titles.append(k)
        elif is_header_row(rows[k], rules, first=not head and new_table) or (
            not head and _over_header(rows, k, rules, first=new_table)
        ):
            head.append(rows[k])
        else:
            break
        k += 1
    return k, head, titles


def _glued(cells: list[str], header: list[str]) -> list[str] | None:
    """The rest of each cell when every cell of the row starts with its column's header text
    (and some cell goes on after it), else None."""
    pairs = [(c, h) for c, h in zip(cells, header) if h.strip()]
    # every named column, three at least: a row whose cells merely start like their headers
    # ("มาตรการเผยแพร่…" under "มาตรการ") does not do that in every column
    if len(pairs) < GLUED_MIN_COLUMNS or not all(c and compact(c).startswith(compact(h)) for c, h in pairs):
        return None
    rest = [_after(c, h) if h.strip() else c for c, h in zip(cells, header)]
    return rest if any(rest) else None


def _after(cell: str, head: str) -> str:
    """``cell`` without its first characters that spell ``head`` (spaces aside)."""
    want = compact(head)
    k = 0
    for i, ch in enumerate(cell):
        if k == len(want):
            return cell[i:].strip()
        if ch.lower() == want[k]:
            k += 1
        elif not ch.isspace():
            return cell
    return ""


def _over_header(rows: list[list[str]], k: int, rules: Rules, first: bool) -> bool:
    """Is row ``k`` words without figures, with a header row right below it (or below more such)?"""
    for j in range(k, min(len(rows), k + MAX_HEADER_LINES)):
        filled = [c for c in rows[j] if c and c.strip()]
        if not filled or any(is_value(c, rules) for c in filled):
            return False
        if j > k and is_header_row(rows[j], rules, first=first):
            return True
    return False


def _row_kind(
    i: int,
    cells: list[str],
    raw: Cells,
    lead: tuple[int, list[list[str]], list[int]],
    header_rows: list[list[str]],
    rules: Rules,
) -> RowKind:
    k, head, titles = lead
    if i < k and (i in titles or cells in head):
        return RowKind.TITLE if i in titles else RowKind.HEADER
    if is_title_row(list(raw[i]), rules):
        return RowKind.TITLE
    if (header_rows and any(_same_row(cells, h) for h in header_rows)) or is_header_row(cells, rules):
        return RowKind.HEADER  # a header repeated inside the page
    return RowKind.DATA


def _goes_on(
    current: _Building | None,
    head: list[list[str]],
    header_rows: list[list[str]],
    n: int,
    page: int,
    rules: Rules,
) -> bool:
    """Does a page table go on with the logical table before it (same width, same or no header,
    the next page)?"""
    if current is None or len(current.header) != n or page - max(current.pages) > 1:
        return False
    return (
        not head
        or _same_header(head, header_rows)
        or _same_header(head[:1], header_rows[:1])
        or _same_roles(header_roles(head, rules)[1], current.roles)
    )  # reworded or misread header


def _no_header(n: int) -> tuple[list[str], list[Role | None], list[int | None]]:
    return [""] * n, [None] * n, [None] * n


def build_logical_tables(pages: list[Page] | tuple[Page, ...], rules: Rules) -> list[LogicalTable]:
    """Merge the tables of consecutive pages into logical tables."""
    out: list[_Building] = []
    current: _Building | None = None
    header_rows_of_current: list[list[str]] = []
    for page in pages:
        for t in page.tables:
            n = max(len(r) for r in t.rows)
            rows = [_norm_cells(list(r), n) for r in t.rows]
            if len(rows) > 1 and _header_rest(current, rows[0], n, page.page):
                assert current is not None
                _join_header_rest(current, rows[0], rules)
                rows = rows[1:]
                t = replace(t, rows=t.rows[1:], spans=tuple((r - 1, c) for r, c in t.spans if r > 0))
            if (
                current is not None
                and len(current.header) == n
                and page.page == max(current.pages) + 1
                and (rest := _glued(rows[0], current.header))
            ):
                # the header printed again with the rest of a row cut by the page break under it,
                # in one cell per column (a table with column rules only): two rows
                rows = [list(current.header), rest, *rows[1:]]
                t = replace(
                    t,
                    rows=(tuple(current.header), tuple(rest), *t.rows[1:]),
                    spans=tuple((r + 1 if r > 0 else r, c) for r, c in t.spans),
                )
            lead = _leading_rows(rows, t.rows, rules, new_table=current is None or len(current.header) != n)
            head = lead[1]
            if current is None or not _goes_on(current, head, header_rows_of_current, n, page.page, rules):
                current = _new_table(len(out), page.page, head, n, t.text_above, rules)
                header_rows_of_current = head
                out.append(current)
            elif head:
                _vote_roles(current, head, rules)
            if page.page not in current.pages:
                current.pages.append(page.page)
            current.rows += _page_rows(t, rows, lead, header_rows_of_current, page.page, rules)
    return [
        LogicalTable(
            b.index,
            b.first_page,
            tuple(b.header),
            _roles_from_values(b, rules),
            tuple(b.years),
            tuple(b.rows),
            b.context,
            tuple(b.pages),
        )
        for b in out
    ]


def _page_rows(
    t: PageTable,
    rows: list[list[str]],
    lead: tuple[int, list[list[str]], list[int]],
    header_rows: list[list[str]],
    page: int,
    rules: Rules,
) -> list[Row]:
    """A page table's rows, typed (title, header, data); a cell that spans rows (one period for
    the whole table) reads on every row it spans."""
    spans = set(t.spans)
    out: list[Row] = []
    prev: Row | None = None
    for i, cells in enumerate(rows):
        kind = _row_kind(i, cells, t.rows, lead, header_rows, rules)
        carried: list[int] = []
        if kind == RowKind.DATA and prev is not None and prev.kind == RowKind.DATA:
            for c in range(len(cells)):
                if (i, c) in spans and not cells[c] and prev.cells[c]:
                    cells[c] = prev.cells[c]
                    carried.append(c)
            carried += [c for c in prev.carried if (i, c) in spans and c not in carried]
        prev = Row(tuple(cells), page, kind, t.style, tuple(sorted(carried)))
        out.append(prev)
    return out


def _new_table(index: int, page: int, head: list[list[str]], n: int, context: str, rules: Rules) -> _Building:
    texts, roles, years = header_roles(head, rules) if head else _no_header(n)
    return _Building(index, page, texts, roles, years, context=context)


def _vote_roles(b: _Building, head: list[list[str]], rules: Rules) -> None:
    """A header printed again on a later page names the columns an OCR-garbled first header did
    not (every page's header is read anew: one misread cell does not lose a column)."""
    texts, roles, years = header_roles(head, rules)
    for i, (role, old) in enumerate(zip(roles, b.roles)):
        if old is None and role is not None:
            b.roles[i], b.years[i], b.header[i] = role, years[i], texts[i]


def _header_rest(b: _Building | None, cells: list[str], n: int, page: int) -> bool:
    """The first row of a page is the rest of a header cut by the page break (real-17: "หน่วยงาน" at
    the foot of one page, "ที่รับผิดชอบ" at the top of the next): the table's last row is a header on
    the page before, and this row fills some of its cells with words, no figure."""
    if (
        b is None
        or not b.rows
        or b.rows[-1].kind != RowKind.HEADER
        or len(b.header) != n
        or page != max(b.pages) + 1
    ):
        return False
    filled = [c for c in cells if c]
    return 0 < len(filled) < len(cells) and not any(_RE_DIGIT.search(c) for c in filled)


def _join_header_rest(b: _Building, cells: list[str], rules: Rules) -> None:
    """Join the rest of a cut header to the header row above it (and name the columns again when
    that row is the table's own header)."""
    last = b.rows[-1]
    b.rows[-1] = replace(last, cells=tuple(join_thai(a, c) if c else a for a, c in zip(last.cells, cells)))
    if not any(r.kind == RowKind.DATA for r in b.rows):
        b.header, b.roles, b.years = header_roles([list(b.rows[-1].cells)], rules)


def _roles_from_values(b: _Building, rules: Rules) -> tuple[Role | None, ...]:
    """Trust the values' shape: a column of 0-100 numbers is a score column whatever its header
    says (one seed prints "เครื่องมือการประเมิน" over the scores); a column without a role whose
    cells are periods is the period column (its header misread by OCR on every page)."""
    roles = list(b.roles)
    data = [r for r in b.rows if r.kind == RowKind.DATA]
    if not data:
        return tuple(roles)
    for i in range(len(roles)):
        if roles[i] in (Role.YEAR, Role.SEQUENCE):
            continue
        vals = [r.cells[i] for r in data if i < len(r.cells) and r.cells[i]]
        if len(vals) < 2:
            continue
        if roles[i] is None and Role.PERIOD not in roles and _periods(vals, rules):
            roles[i] = Role.PERIOD
            continue
        if roles[i] in (None, Role.SCORE) and Role.LEVEL not in roles and _levels(vals, rules):
            roles[i] = Role.LEVEL  # a results table's levels ("ผ่านดีเยี่ยม"), whatever the header says
            continue
        nums = [parse_number(v) for v in vals]
        decimals = [v for v in vals if "." in v]
        scores = all(x is not None and 0 <= x <= 100 for x in nums) and decimals
        if scores and roles[i] in (None, Role.TOOL, Role.QUESTION, Role.INDICATOR_NAME):
            roles[i] = Role.SCORE
    return tuple(roles)


def _levels(vals: list[str], rules: Rules) -> bool:
    """Most cells are an assessment level as printed (``rules/assessment.yaml: level_words``)."""
    return sum(1 for v in vals if rules.assessment.is_level(v)) >= max(2, 0.6 * len(vals))


def _periods(vals: list[str], rules: Rules) -> bool:
    """Most cells name months or the whole fiscal year, and are short (a period, not a report)."""
    whole = rules.periods.whole_fiscal_year
    hits = sum(
        1
        for v in vals
        if len(v) <= 40
        and (find_dates(thai_digits_to_arabic(v), rules) or any(w in compact(v) for w in whole))
    )
    return hits >= max(2, 0.5 * len(vals))


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: the page tables of the document as logical tables."""
    return replace(state, tables=tuple(build_logical_tables(state.pages, ctx.rules)))
