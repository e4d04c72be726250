"""Which tables hold measures, which column is a row's key, and how a table's rows group into
records (a row that starts one plus the rows that continue it)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..model import LogicalTable, Record, Role, Row, RowKind
from ..rules import Rules
from ..text.chars import compact, join_thai
from ..text.lexicon import Lexicon

_RE_SEQ_GLYPH = re.compile(r"[^\W_]")

#: columns about doing a measure: a table with a measure column and one of these is a measure table
DETAIL_ROLES = frozenset(
    {Role.STEPS, Role.RESPONSIBLE, Role.PERIOD, Role.RESULT, Role.OUTCOME, Role.STATUS, Role.MONITORING}
)
#: columns whose cells say what was done (a table with one filled is a report)
REPORTED_ROLES = (Role.RESULT, Role.OUTCOME, Role.STATUS)
#: a table with one of these is about money or counts, not measures
NOT_MEASURE_ROLES = frozenset({Role.YEAR, Role.BUDGET, Role.COUNT})
#: the column a row's record is keyed by, in order of preference
KEY_ROLES = (Role.MEASURE, Role.INDICATOR, Role.QUESTION, Role.INDICATOR_NAME)
#: the column whose cell is the measure, in order of preference
MEASURE_KEY_ROLES = (Role.MEASURE, Role.INDICATOR, Role.RISK)
#: a marker name of ``rules/tables.yaml: row_markers`` that names an indicator ("ตัวชี้วัดที่ 4")
INDICATOR_MARKER = "indicator"


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
    for role in KEY_ROLES:
        c = lt.col(role)
        if c is not None:
            return c
    return next((i for i, r in enumerate(lt.roles) if r not in (Role.SEQUENCE, Role.TOOL)), 0)


def is_measure_table(lt: LogicalTable, rules: Rules) -> bool:
    """A table of measures: a measure column (or an indicator column whose rows name indicators,
    "ตัวชี้วัดที่ 4 …", or a risk column of a risk plan) and at least one column about doing it.
    Not a budget table (year columns), a count or money summary, or a score table without measures
    (an analysis table — item, score, findings, measures — is one)."""
    roles = {r for r in lt.roles if r}
    if roles & NOT_MEASURE_ROLES or not roles & DETAIL_ROLES:
        return False
    if Role.MEASURE in roles:
        return True
    if Role.SCORE in roles:
        return False
    if Role.RISK in roles:
        return True
    col = lt.col(Role.INDICATOR)
    if col is None:
        return False
    cells = [r.cells[col] for r in lt.data_rows if r.cells[col]]
    named = sum(1 for c in cells if rules.tables.row_markers[INDICATOR_MARKER].regex.match(c))
    return bool(cells) and named >= max(1, len(cells) // 3)


def measure_key_column(lt: LogicalTable) -> int | None:
    """The column whose cell is the measure: measure, else indicator, else risk."""
    return next((c for role in MEASURE_KEY_ROLES if (c := lt.col(role)) is not None), None)


def group_records(lt: LogicalTable, rules: Rules, lexicon: Lexicon) -> list[Record]:
    """Group data rows into records: a row starts a record when its sequence cell has a number,
    or its key cell starts the way most rows of the table start ("ตัวชี้วัดที่ 4", "1.", "▪");
    otherwise it continues the record above (a page break, a "(1)" sub-row, a wrapped cell)."""
    key = key_column(lt)
    seq = lt.col(Role.SEQUENCE)
    data = [(i, r) for i, r in enumerate(lt.rows) if r.kind == RowKind.DATA]
    kinds = Counter(m for _, r in data if (m := marker_type(r.cells[key], rules)))
    first = marker_type(data[0][1].cells[key], rules) if data else None
    # the way the first row starts is how records start; else the commonest way (2+ rows)
    dominant = first or (kinds.most_common(1)[0][0] if kinds and kinds.most_common(1)[0][1] >= 2 else None)
    records: list[Record] = []
    title: str | None = None
    prev_index = -10
    for i, row in enumerate(lt.rows):
        if row.kind == RowKind.TITLE:
            title = next((c for c in row.cells if c), None)
            prev_index = -10
            continue
        if row.kind != RowKind.DATA:
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
