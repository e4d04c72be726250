"""Page tables -> logical tables: header roles, repeated headers dropped, rows joined across pages.

A printed table continues over pages: its header rows repeat on each page, and a row cut by a
page break goes on at the top of the next page (its key cell empty, or text that does not start
the way the table's rows start). Column roles come from header text via the synonyms in
``rules/tables.yaml``, matched fuzzily after repair — never from positions.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..adapters.fuzzy import prefix_ratio, ratio
from ..layout.tables import TableHints
from ..model import Cells, DocumentState, LogicalTable, Page, PageTable, Record, Row
from ..rules import Rules
from ..text.chars import RE_THAI_CONSONANT, compact, join_thai
from ..text.lexicon import Lexicon
from ..text.numbers import parse_amount, parse_number
from ..text.periods import find_dates
from ..text.thai import thai_digits_to_arabic
from .context import Context

_RE_DIGIT = re.compile(r"\d")
_RE_SEQ_GLYPH = re.compile(r"[^\W_]")


@dataclass
class _Building:
    """A logical table while its pages are added (frozen into a ``LogicalTable`` at the end)."""

    index: int
    first_page: int
    header: list[str]
    roles: list[str | None]
    years: list[int | None]
    rows: list[Row] = field(default_factory=list)
    context: str = ""
    pages: list[int] = field(default_factory=list)


# ----------------------------------------------------------------------------- header roles
@lru_cache(maxsize=8192)
def _cell_role(cell: str, rules: Rules) -> tuple[str | None, float, int | None]:
    """(role, score, year) of a header cell; ('year', 100, 2566) for "ปี 2566"."""
    text = cell.strip()
    if not text:
        return None, 0.0, None
    ym = rules.tables.year_header.regex.match(compact(text)) or rules.tables.year_header.regex.match(text)
    if ym:
        return "year", 100.0, int(ym.group(1))
    digits = _RE_DIGIT.findall(text)
    if len(digits) == 1 and not text[0].isdigit() and len(RE_THAI_CONSONANT.findall(text)) >= 4:
        text = _RE_DIGIT.sub(
            "", text
        )  # a stray digit in a header's words (an OCR'd speck), not a row's number
    elif digits or len(compact(text)) > 80:
        return None, 0.0, None
    best: tuple[str | None, float] = (None, 0.0)
    c = compact(text)
    for role, syns in rules.tables.synonyms.items():
        for syn in syns:
            s = ratio(c, syn)
            if len(c) > len(compact(syn)) + 2:
                s = max(s, 0.97 * prefix_ratio(c, syn))
            if s > best[1] or (s == best[1] and best[0] is not None and len(syn) > 0 and role < best[0]):
                best = (role, s)
    return best[0], best[1], None


def is_header_row(cells: list[str], rules: Rules, first: bool = False) -> bool:
    """Most non-empty cells name a column role (for the first row of a new table, a third is
    enough when no cell holds a number: a header's unusual columns are still headers)."""
    filled = [c for c in cells if c and c.strip()]
    if not filled:
        return False
    hits = sum(1 for c in filled if _cell_role(c, rules)[1] >= rules.tables.header_match_min)
    share = hits / len(filled)
    if share >= rules.tables.header_row_share and hits >= min(2, len(filled)):
        return True
    return (
        first
        and hits >= 2
        and share >= rules.tables.first_row_share
        and not any(_RE_DIGIT.search(c) and _cell_role(c, rules)[0] != "year" for c in filled)
    )


def is_title_row(cells: list[str | None], rules: Rules) -> bool:
    """A section title across the table: one cell spanning the row ("กลยุทธ์ที่ 1 …"), or one
    filled cell that reads like a title ("ประเด็นที่ 1 …", "วิเคราะห์ข้อบกพร่อง…")."""
    filled = [c for c in cells if c and c.strip()]
    if len(filled) != 1 or len(cells) < 2:
        return False
    spanning = sum(1 for c in cells if c is None) == len(cells) - 1
    return spanning or bool(rules.tables.section_title.regex.match(filled[0].strip()))


def header_roles(
    header_rows: list[list[str]], rules: Rules
) -> tuple[list[str], list[str | None], list[int | None]]:
    """Join stacked header rows per column and give each column a role (and a year)."""
    n = max(len(r) for r in header_rows)
    texts, roles, years = [], [], []
    for i in range(n):
        parts = [r[i] for r in header_rows if i < len(r) and r[i] and r[i].strip()]
        texts.append(" ".join(parts))
        role, year = None, None
        for part in parts:  # the year of "ปี 2566 / งบประมาณ (บาท)" wins over "งบประมาณ"
            r, score, y = _cell_role(part, rules)
            if y is not None:
                role, year = "year", y
                break
            if r and score >= rules.tables.header_match_min and role is None:
                role = r
        if role is None and texts[-1]:
            r, score, y = _cell_role(texts[-1], rules)
            if r and score >= rules.tables.header_match_min:
                role, year = r, y
        roles.append(role)
        years.append(year)
    # a second activity column after the measure one holds the activities: steps
    seen_measure = False
    for i, r in enumerate(roles):
        if r == "measure":
            if seen_measure and "steps" not in roles:
                roles[i] = "steps"
            seen_measure = True
    return texts, roles, years


# ----------------------------------------------------------------------------- hints for the layout
def numbering(text: str, rules: Rules) -> tuple[str, ...] | None:
    """A line's leading number as its parts (``rules/tables.yaml: row_numbering``), an item code as
    one part, a bullet as ``("•",)``; None when the line does not start with one.

    >>> from pipeline.rules import load_rules
    >>> r = load_rules()
    >>> numbering("1.1.1 (2) โครงการ", r), numbering("๑๓.๑ มีการวิเคราะห์", r), numbering("o12 ข้อมูล", r)
    (('1', '1', '1', '2'), ('13', '1'), ('o12',))
    >>> numbering("5,000", r), numbering("- กองคลัง", r)
    (None, ('•',))
    """
    text = thai_digits_to_arabic(text.strip())
    m = rules.tables.row_numbering.regex.match(text)
    if m:
        parts = tuple(p.strip() for p in m.group("path").split("."))
        return (
            ((m.group("word"),) if m.group("word") else ())
            + parts
            + ((m.group("sub"),) if m.group("sub") else ())
        )
    m = rules.patterns["item_code"].match(text)
    if m:
        return (m.group("letter").lower().replace("0", "o") + m.group("num").replace(" ", ""),)
    if rules.tables.leading_bullet.regex.match(text):
        return ("•",)
    return None


def is_value(text: str, rules: Rules) -> bool:
    """A figure: a number (with + or -), a "no amount" dash, or a number with its unit word."""
    t = thai_digits_to_arabic(text.strip())
    if t in rules.tables.no_amount:
        return True
    return (
        parse_number(t.lstrip("+-")) is not None
        or parse_amount(t, rules.tables.no_amount, rules.tables.currency_words) is not None
    )


@lru_cache(maxsize=8)
def table_hints(ctx: Context) -> TableHints:
    """What ``pipeline.layout.tables`` is told about text, from these rules."""
    rules, lexicon = ctx.rules, ctx.lexicon

    def first_word(text: str) -> str:
        return next((t for t in lexicon.tokenize(text) if not t.isspace()), "")

    return TableHints(
        lambda t: numbering(t, rules),
        lambda cells: is_header_row(list(cells), rules, first=True),
        first_word,
        lambda t: is_value(t, rules),
    )


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
        (not x and not y) or ratio(x, y) >= 85 or (x and y.startswith(x) and len(x) >= 0.4 * len(y))
        for x, y in zip(a, b)
    )


def _same_header(a: list[list[str]], b: list[list[str]]) -> bool:
    return bool(a) and len(a) == len(b) and all(_same_row(x, y) for x, y in zip(a, b))


def _same_roles(new: list[str | None], old: list[str | None]) -> bool:
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
    """The title and header rows a page table starts with: (how many, header rows, title rows)."""
    k = 0
    head: list[list[str]] = []
    titles: list[int] = []
    while k < len(rows) and k < 6:
        if is_title_row(list(raw_rows[k]), rules):
            titles.append(k)
        elif is_header_row(rows[k], rules, first=not head and new_table):
            head.append(rows[k])
        else:
            break
        k += 1
    return k, head, titles


def _row_kind(
    i: int,
    cells: list[str],
    raw: Cells,
    lead: tuple[int, list[list[str]], list[int]],
    header_rows: list[list[str]],
    rules: Rules,
) -> str:
    k, head, titles = lead
    if i < k and (i in titles or cells in head):
        return "title" if i in titles else "header"
    if is_title_row(list(raw[i]), rules):
        return "title"
    if (header_rows and any(_same_row(cells, h) for h in header_rows)) or is_header_row(cells, rules):
        return "header"  # a header repeated inside the page
    return "data"


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


def _no_header(n: int) -> tuple[list[str], list[str | None], list[int | None]]:
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
        if kind == "data" and prev is not None and prev.kind == "data":
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
        or b.rows[-1].kind != "header"
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
    if not any(r.kind == "data" for r in b.rows):
        b.header, b.roles, b.years = header_roles([list(b.rows[-1].cells)], rules)


def _roles_from_values(b: _Building, rules: Rules) -> tuple[str | None, ...]:
    """Trust the values' shape: a column of 0-100 numbers is a score column whatever its header
    says (one seed prints "เครื่องมือการประเมิน" over the scores); a column without a role whose
    cells are periods is the period column (its header misread by OCR on every page)."""
    roles = list(b.roles)
    data = [r for r in b.rows if r.kind == "data"]
    if not data:
        return tuple(roles)
    for i in range(len(roles)):
        if roles[i] in ("year", "sequence"):
            continue
        vals = [r.cells[i] for r in data if i < len(r.cells) and r.cells[i]]
        if len(vals) < 2:
            continue
        if roles[i] is None and "period" not in roles and _periods(vals, rules):
            roles[i] = "period"
            continue
        nums = [parse_number(v) for v in vals]
        decimals = [v for v in vals if "." in v]
        scores = all(x is not None and 0 <= x <= 100 for x in nums) and decimals
        if scores and roles[i] in (None, "tool", "question", "indicator_name"):
            roles[i] = "score"
    return tuple(roles)


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


# ----------------------------------------------------------------------------- records
def marker_type(text: str, rules: Rules) -> str | None:
    """How a row's key cell starts (``rules/tables.yaml: row_markers``), also after stripping OCR
    junk before it (``marker_junk``)."""
    t = text.strip()
    for attempt in (t, rules.tables.marker_junk.regex.sub("", t, count=1)):
        for name, m in rules.tables.row_markers.items():
            if m.regex.match(attempt):
                return name
    return None


def key_column(lt: LogicalTable) -> int:
    for role in ("measure", "indicator", "question", "indicator_name"):
        c = lt.col(role)
        if c is not None:
            return c
    return next((i for i, r in enumerate(lt.roles) if r not in ("sequence", "tool")), 0)


_DETAIL_ROLES = {"steps", "responsible", "period", "result", "outcome", "status", "monitoring"}


def is_measure_table(lt: LogicalTable, rules: Rules) -> bool:
    """A table of measures: a measure column (or an indicator column whose rows name indicators,
    "ตัวชี้วัดที่ 4 …", or a risk column of a risk plan) and at least one column about doing it.
    Not a budget table (year columns), a count or money summary, or a score table without measures
    (an analysis table — item, score, findings, measures — is one)."""
    roles = set(r for r in lt.roles if r)
    if roles & {"year", "budget", "count"} or not roles & _DETAIL_ROLES:
        return False
    if "measure" in roles:
        return True
    if "score" in roles:
        return False
    if "risk" in roles:
        return True
    col = lt.col("indicator")
    if col is None:
        return False
    cells = [r.cells[col] for r in lt.data_rows if r.cells[col]]
    named = sum(1 for c in cells if rules.tables.row_markers["indicator"].regex.match(c))
    return bool(cells) and named >= max(1, len(cells) // 3)


def measure_key_column(lt: LogicalTable) -> int | None:
    """The column whose cell is the measure: measure, else indicator, else risk."""
    return next((c for role in ("measure", "indicator", "risk") if (c := lt.col(role)) is not None), None)


def group_records(lt: LogicalTable, rules: Rules, lexicon: Lexicon) -> list[Record]:
    """Group data rows into records: a row starts a record when its sequence cell has a number,
    or its key cell starts the way most rows of the table start ("ตัวชี้วัดที่ 4", "1.", "▪");
    otherwise it continues the record above (a page break, a "(1)" sub-row, a wrapped cell)."""
    key = key_column(lt)
    seq = lt.col("sequence")
    data = [(i, r) for i, r in enumerate(lt.rows) if r.kind == "data"]
    kinds = Counter(m for _, r in data if (m := marker_type(r.cells[key], rules)))
    first = marker_type(data[0][1].cells[key], rules) if data else None
    # the way the first row starts is how records start; else the commonest way (2+ rows)
    dominant = first or (kinds.most_common(1)[0][0] if kinds and kinds.most_common(1)[0][1] >= 2 else None)
    records: list[Record] = []
    title: str | None = None
    prev_index = -10
    for i, row in enumerate(lt.rows):
        if row.kind == "title":
            title = next((c for c in row.cells if c), None)
            prev_index = -10
            continue
        if row.kind != "data":
            continue
        cells = row.cells
        starts: bool
        if seq is not None and seq != key:
            # any glyph in the sequence column starts a record (OCR reads a lone digit as a
            # letter: "@", "en"); a speck read as punctuation does not
            starts = bool(_RE_SEQ_GLYPH.search(cells[seq]))
        elif dominant is not None:
            starts = marker_type(cells[key], rules) == dominant
        else:
            starts = bool(cells[key]) and not (
                records and i == prev_index + 1 and _continues(records[-1], row, lexicon)
            )
        if not records or (prev_index < 0 and not starts and not records):
            starts = True
        rest = _continued(records[-1], cells, key, rules) if starts and records else None
        if rest is not None:  # "5.2 … (ต่อ)": the row the page break cut, its heading printed again
            cells, starts = (*cells[:key], rest, *cells[key + 1 :]), False
        if starts or not records:
            records.append(Record(tuple(cells), row.page, 1, title, row.style, row.carried))
        else:
            rec = records[-1]
            joined = tuple(
                a if c in row.carried or (b and a == b) else join_thai(a, b)
                for c, (a, b) in enumerate(zip(rec.cells, cells))
            )
            records[-1] = replace(rec, cells=joined, n_rows=rec.n_rows + 1)
        prev_index = i
    return records


def _continued(rec: Record, cells: tuple[str, ...], key: int, rules: Rules) -> str | None:
    """A row whose key cell repeats the record's heading marked as continued ("5.2 ส่งเสริม… (ต่อ)"):
    the text after the mark, which goes on with the record; else None."""
    m = rules.tables.continued.regex.search(cells[key])
    if not m:
        return None
    head = compact(cells[key][: m.start()])
    return (
        cells[key][m.end() :].strip()
        if head and compact(rec.cells[key]).startswith(head[: max(4, len(head) // 2)])
        else None
    )


def _continues(rec: Record, row: Row, lexicon: Lexicon) -> bool:
    """Without markers: the row goes on with the text of the record above (a word cut in two)."""
    return any(a and b and lexicon.continues_word(a, b) for a, b in zip(rec.cells, row.cells))


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: the page tables of the document as logical tables."""
    return replace(state, tables=tuple(build_logical_tables(state.pages, ctx.rules)))
