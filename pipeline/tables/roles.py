"""Column roles from header text, header and title rows, and the hints the layout is given
(``pipeline.layout.tables.TableHints``): a line's numbering, a figure, a header row.

Column roles come from header text via the synonyms in ``rules/tables.yaml``, matched fuzzily
after repair — never from positions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..adapters.fuzzy import prefix_ratio, ratio
from ..layout.tables import TableHints
from ..model import MeasureStatus, Role
from ..rules import Rules
from ..text.chars import RE_THAI_CONSONANT, compact
from ..text.items import leading_code
from ..text.lexicon import Lexicon
from ..text.numbers import parse_amount, parse_number
from ..text.thai import thai_digits_to_arabic

_RE_DIGIT = re.compile(r"\d")
#: a header cell this long is text, not a column's name
MAX_HEADER_CHARS = 80
#: a header cell longer than a synonym by more than this is compared by its start
PREFIX_SLACK = 2
#: ... and such a prefix match weighs this much of a full one
PREFIX_WEIGHT = 0.97


@lru_cache(maxsize=8192)
def cell_role(cell: str, rules: Rules) -> tuple[Role | None, float, int | None]:
    """(role, score, year) of a header cell; (Role.YEAR, 100, 2566) for "ปี 2566" (or "ปี ๒๕๖๖", as
    the layout reads a header before the text passes)."""
    text = rules.tables.header_note.regex.sub(" ", thai_digits_to_arabic(cell)).strip()
    if not text:
        return None, 0.0, None
    ym = rules.tables.year_header.regex.match(compact(text)) or rules.tables.year_header.regex.match(text)
    if ym:
        return Role.YEAR, 100.0, int(ym.group(1))
    digits = _RE_DIGIT.findall(text)
    if len(digits) == 1 and not text[0].isdigit() and len(RE_THAI_CONSONANT.findall(text)) >= 4:
        text = _RE_DIGIT.sub(
            "", text
        )  # a stray digit in a header's words (an OCR'd speck), not a row's number
    elif digits or len(compact(text)) > MAX_HEADER_CHARS:
        return None, 0.0, None
    best: tuple[Role | None, float] = (None, 0.0)
    c = compact(text)
    for role, syns in rules.tables.synonyms.items():
        for syn in syns:
            s = ratio(c, syn)
            if len(c) > len(compact(syn)) + PREFIX_SLACK:
                s = max(s, PREFIX_WEIGHT * prefix_ratio(c, syn))
            if s > best[1] or (s == best[1] and best[0] is not None and len(syn) > 0 and role < best[0]):
                best = (role, s)
    return best[0], best[1], None


def is_header_row(cells: list[str], rules: Rules, first: bool = False) -> bool:
    """Most non-empty cells name a column role (for the first row of a new table, a third is
    enough when no cell holds a number: a header's unusual columns are still headers)."""
    filled = [c for c in cells if c and c.strip()]
    if not filled or any(is_value(c, rules) and cell_role(c, rules)[0] != Role.YEAR for c in filled):
        return False  # a figure is a value ("92.00", "5,000"): a header names columns, it holds none
    if any(rules.patterns["item_code"].search(c) for c in filled):
        return False  # an item code ("ข้อ o9 …") is a row's, never a column's name
    if _options_row(filled, rules):
        return True  # the statuses' labels over their columns, under a status header spanning them
    hits = sum(1 for c in filled if cell_role(c, rules)[1] >= rules.tables.header_match_min)
    share = hits / len(filled)
    if share >= rules.tables.header_row_share and hits >= min(2, len(filled)):
        return True
    return (
        first
        and hits >= 2
        and share >= rules.tables.first_row_share
        and not any(
            _RE_DIGIT.search(rules.tables.header_note.regex.sub("", c))
            and cell_role(c, rules)[0] != Role.YEAR
            for c in filled
        )
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
) -> tuple[list[str], list[Role | None], list[int | None]]:
    """Join stacked header rows per column and give each column a role (and a year)."""
    n = max(len(r) for r in header_rows)
    texts: list[str] = []
    roles: list[Role | None] = []
    years: list[int | None] = []
    for i in range(n):
        parts = [r[i] for r in header_rows if i < len(r) and r[i] and r[i].strip()]
        texts.append(" ".join(parts))
        role, year = _column_role(parts, texts[-1], rules)
        roles.append(role)
        years.append(year)
    # a status label over each of several columns (ดำเนินการแล้ว | อยู่ระหว่างดำเนินการ | …): each is
    # the status's column, a mark in it ticks that status
    for run in _option_runs(header_rows, n, rules):
        for i in run:
            roles[i] = Role.STATUS
    # a second activity column after the measure one holds the activities: steps
    seen_measure = False
    for i, r in enumerate(roles):
        if r == Role.MEASURE:
            if seen_measure and Role.STEPS not in roles:
                roles[i] = Role.STEPS
            seen_measure = True
    return texts, roles, years


def _column_role(parts: list[str], text: str, rules: Rules) -> tuple[Role | None, int | None]:
    """A column's role (and year) from its stacked header cells ``parts`` (joined: ``text``)."""
    role: Role | None = None
    best = 0.0
    for part in parts:  # the year of "ปี 2566 / งบประมาณ (บาท)" wins over "งบประมาณ"
        r, score, y = cell_role(part, rules)
        if y is not None:
            return Role.YEAR, y
        # the part that names a role best: "IIT" under a spanning "เครื่องมือการประเมิน ITA"
        if r and score >= rules.tables.header_match_min and score > best:
            role, best = r, score
    if text and (role is None or len(parts) > 1):
        # the header read whole when it names a role at least as well as its best line: "คะแนน / รวม"
        # wrapped in a narrow column is คะแนนรวม (the total), not คะแนน (a score)
        r, score, y = cell_role(text, rules)
        if r and score >= rules.tables.header_match_min and score >= best:
            return r, y
    return role, None


def option_status(header: str, rules: Rules) -> MeasureStatus | None:
    """The status whose label a column's header ends with (``สถานะ ดำเนินการแล้ว`` -> done), the
    longest label first."""
    flat = compact(header)
    return next((st for lab, st in rules.tables.status.by_length if lab and flat.endswith(lab)), None)


def _option_runs(header_rows: list[list[str]], n: int, rules: Rules) -> list[list[int]]:
    """Runs of side-by-side columns whose lowest header cell is a status's label, two statuses or
    more in a run."""
    last = [
        next((r[i] for r in reversed(header_rows) if i < len(r) and r[i] and r[i].strip()), "")
        for i in range(n)
    ]
    runs: list[list[int]] = [[]]
    for i, text in enumerate(last):
        if text and _options([text, text], rules, distinct=1):
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if len(r) >= 2 and _options([last[i] for i in r], rules)]


def _options_row(filled: list[str], rules: Rules) -> bool:
    """Are the filled cells the labels of two statuses or more, beside nothing but column names (Calc's
    second header row under a merged "สถานะการดำเนินงาน") and other headers' wrapped tails ("บ" of
    "ลำดั|บ": Thai letters, at most ``rules/tables.yaml: header_fragment_chars``)?"""
    flat = [compact(c) for c in filled]
    labels = [f for f in flat if f in rules.tables.status.distinct]
    if len(labels) < 2 or not _options(labels, rules):
        return False
    return all(
        f in rules.tables.status.distinct
        or (_RE_THAI_TAIL.fullmatch(f) and len(f) <= rules.tables.header_fragment_chars)
        or cell_role(c, rules)[1] >= rules.tables.header_match_min
        for c, f in zip(filled, flat)
    )


#: the tail of a Thai header word wrapped in its cell ("บ" of "ลำดั|บ"): Thai letters and marks only
#: (not a row's marker "ก.", a tick, a tool's name "OIT")
_RE_THAI_TAIL = re.compile(r"[\u0E01-\u0E2E\u0E30-\u0E3A\u0E40-\u0E4E]+")


def _options(cells: list[str], rules: Rules, distinct: int = 2) -> bool:
    """Are these cells the labels of two statuses or more, each only a label? A label inside
    another status's label (``ดำเนินการ`` in ``ยังไม่ได้ดำเนินการ``: a wrapped header word) is not
    one here."""
    flat = [compact(c) for c in cells]
    labels = rules.tables.status.distinct
    return all(f in labels for f in flat) and len({labels[f] for f in flat}) >= distinct


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
    code = leading_code(text, rules)
    if code:
        return (code,)
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
def table_hints(rules: Rules, lexicon: Lexicon) -> TableHints:
    """What ``pipeline.layout.tables`` is told about text, from these rules."""

    def first_word(text: str) -> str:
        return next((t for t in lexicon.tokenize(text) if not t.isspace()), "")

    return TableHints(
        lambda t: numbering(t, rules),
        lambda cells: is_header_row(list(cells), rules, first=True),
        first_word,
        lambda t: is_value(t, rules),
    )
