"""Stage ``results``: the ITA results of several bodies in one table — a supervising body's
announcement of its units' results (per body the IIT, EIT and OIT scores, the total and the level).

A results table is one whose columns name at least two of the tools (``rules/tables.yaml: roles``
iit, eit, oit), or, where the header cannot be read (a scan), one with four columns of figures
side by side that add up as the year's tools do on most rows (IIT + EIT + OIT = total), rows whose
tools are one figure repeated not counted (they add up under any weights): those are the tools
and the total, in the order every announcement prints them.

A row starts a body when it has a sequence number, a figure or a level; a row with a name and no
figure goes on with the name above (a name printed over two lines); a row of words that starts
in the sequence column, or a title across the table, is a sub-heading the rows below are listed
under (a district, a kind of unit): their ``section``. Every row is checked:
the tools must add up to the total (``rules/assessment.yaml``: a sum of points from 2568, a
weighted mean of percentages before), each within its weight; a row that fails keeps its name
and level but no figure, and says why (``check_note``): a wrong figure is never published. A
dash is no score.

The body that published the announcement gets its overall score from its own row.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from ..adapters.fuzzy import ratio
from ..model import DocumentState, Extraction, LogicalTable, Role, RowKind, Rows, Tool
from ..rules import Rules
from ..rules.models import AssessmentYears
from ..tables.roles import cell_role
from ..text.chars import join_thai, skeleton
from ..text.numbers import parse_number
from .context import Context
from .scores import table_year

TOOL_ROLES = {Tool.IIT: Role.IIT, Tool.EIT: Role.EIT, Tool.OIT: Role.OIT}
#: the tools and the total, in the order every announcement prints them side by side
PRINTED_ORDER = (*TOOL_ROLES.values(), Role.TOTAL)
#: a cell that says "no score" (a dash, of any width)
_NO_SCORE = frozenset("-–—_")


#: the share of rows with four figures that must add up for unnamed columns to be read as the tools
ADD_UP_SHARE = 0.6


def results_columns(lt: LogicalTable, year: AssessmentYears | None, rules: Rules) -> dict[Role, int] | None:
    """The columns of the tools and the total (and the level): as the header names them when it
    names all four; else four columns of figures side by side that add up on most rows (where they
    agree with the ones the header names); else as the header names them when it names at least two
    tools, or one with a total (a table cut so that a page shows part of its header); None for any
    other table."""
    named = {r: c for r in (*TOOL_ROLES.values(), Role.TOTAL, Role.LEVEL) if (c := lt.col(r)) is not None}
    tools = sum(1 for r in TOOL_ROLES.values() if r in named)
    if tools == len(TOOL_ROLES) and Role.TOTAL in named:
        return named
    # a header read in part (a scan's "IIT" read as "111"): the columns that add up, where they
    # agree with the ones it names
    span = _adding_up(lt, year, rules)
    if span is not None and all(span.get(r, c) == c for r, c in named.items() if r != Role.LEVEL):
        return {**named, **span}
    if tools >= 2 or (tools == 1 and Role.TOTAL in named):
        return {**_side_by_side(named, lt), **named}
    return None


def _side_by_side(named: dict[Role, int], lt: LogicalTable) -> dict[Role, int]:
    """The tools and the total the header does not name, where the ones it names say they are:
    every announcement prints them side by side in the order IIT, EIT, OIT, total (a scan's
    "IIT" read as junk sits right before "EIT", under the header over all the tools). Only columns
    the header gives no other role."""
    order = PRINTED_ORDER
    starts = {c - order.index(r) for r, c in named.items() if r in order}
    if len(starts) != 1:
        return {}
    start = starts.pop()
    return {
        r: start + i
        for i, r in enumerate(order)
        if r not in named
        and 0 <= start + i < len(lt.roles)
        and lt.roles[start + i] in (None, Role.SCORE, Role.TOOL)
    }


def _adding_up(lt: LogicalTable, year: AssessmentYears | None, rules: Rules) -> dict[Role, int] | None:
    """Four columns of figures side by side that add up (tools, then total) on most rows."""
    rows = [r.cells for r in lt.data_rows]
    tol = rules.assessment.sum_tolerance
    for first in range(len(lt.roles) - 3):
        span = range(first, first + 4)
        full = [[_figure(cells[c])[0] for c in span] for cells in rows]
        # a row whose tools are all the same figure adds up under any weights (a staffing table's
        # 1 1 1 1): it is no evidence that the columns are scores
        full = [v for v in full if all(x is not None for x in v) and len(set(v[:3])) > 1]
        fit = sum(1 for *tv, total in full if check(dict(zip(TOOL_ROLES, tv)), total, year, tol) is None)
        if len(full) >= rules.assessment.min_rows and fit >= ADD_UP_SHARE * len(full):
            return dict(zip(PRINTED_ORDER, span))
    return None


def _name_column(lt: LogicalTable, cols: dict[Role, int]) -> int | None:
    """The body's column: named so, else the text column before the first figure's."""
    col = lt.col(Role.BODY)
    if col is not None:
        return col
    first = min(cols.values(), default=len(lt.roles))
    named_seq = lt.col(Role.SEQUENCE)
    return next(
        (
            c
            for c in range(first - 1, -1, -1)
            if lt.roles[c] != Role.SEQUENCE and (c > 0 or named_seq is not None)
        ),
        first - 1 if first > 0 else None,
    )


def _figure(cell: str | None) -> tuple[float | None, bool]:
    """(value, printed?) of a score cell: a number; a dash is printed but no score; empty is neither."""
    text = (cell or "").strip()
    if not text:
        return None, False
    if set(text) <= _NO_SCORE:
        return None, True
    return parse_number(text), True


def _is_figure(cell: str | None) -> bool:
    """A number or a dash (no score)."""
    value, printed = _figure(cell)
    return value is not None or (printed and set((cell or "").strip()) <= _NO_SCORE)


def check(
    values: dict[Tool, float | None], total: float | None, year: AssessmentYears | None, tolerance: float
) -> str | None:
    """Why a row's figures cannot be trusted (None when they can): a tool over its weight, or the
    tools not adding up to the total."""
    scale = year.scale if year else "points"
    for tool, v in values.items():
        top = year.weights[tool] if year and scale == "points" else 100.0
        if v is not None and not 0 <= v <= top + tolerance:
            return f"{tool} {v:g} is not a score of 0-{top:g}"
    if total is not None and not 0 <= total <= 100:
        return f"total {total:g} is not a score of 0-100"
    given = {t: v for t, v in values.items() if v is not None}
    if total is None or not given:
        return None
    if scale == "points":
        expected = sum(given.values())
    elif len(given) == len(values) and year is not None:
        expected = sum(year.weights[t] / 100 * v for t, v in given.items())
    else:
        return None  # a weighted mean with a tool missing: nothing to check against
    if abs(expected - total) > tolerance:
        parts = " + ".join(f"{t} {v:g}" for t, v in given.items())
        return f"{parts} = {expected:.2f}, total printed {total:g}: figures not read as printed"
    return None


def result_rows(
    lt: LogicalTable, found: dict[Role, int], doc_id: str, year: int | None, rules: Rules
) -> list[Rows]:
    """One row per body of a results table (names over two lines joined), checked."""
    name_col = _name_column(lt, found)
    seq_col = lt.col(Role.SEQUENCE)
    if seq_col is None and name_col:
        seq_col = name_col - 1  # the column before the names numbers them
    cols = {t: found.get(r) for t, r in TOOL_ROLES.items()}
    total_col, level_col = found.get(Role.TOTAL), found.get(Role.LEVEL)
    figure_cols = [c for c in (*cols.values(), total_col) if c is not None]
    out: list[Rows] = []
    section: str | None = None
    for row in lt.rows:
        if row.kind == RowKind.TITLE:
            section = " ".join(" ".join(c for c in row.cells if c).split()) or section
            continue
        if row.kind != RowKind.DATA or name_col is None:
            continue
        cells = row.cells
        name = " ".join(cells[name_col].split())
        seq = parse_number(cells[seq_col]) if seq_col is not None else None
        printed = [c for c in figure_cols if _is_figure(cells[c])]
        level = " ".join(cells[level_col].split()) if level_col is not None else ""
        if seq_col is not None and seq is None and cells[seq_col].strip() and not printed and not level:
            section = functools.reduce(join_thai, (c.strip() for c in cells[: name_col + 1] if c.strip()))
            continue  # words in the sequence column: a sub-heading ("อำเภอ | เขาสวนกวาง")
        if seq is None and not printed and not rules.assessment.is_level(level):
            if out and not level and name and not any(cells[c].strip() for c in figure_cols):
                out[-1]["org_name"] = (
                    f"{out[-1]['org_name']}{name}"  # the name goes on: printed over two lines
                )
            continue  # no number, figure or level: no body (a header line the scan garbled, a note)
        if not name or rules.tables.total_row.regex.match(name):
            continue
        if seq is None and _names_the_column(name, rules):
            continue  # a header read as a row (a scan's "IIT" read "111"): its name cell is a column's name
        values = {t: _figure(cells[c])[0] if c is not None else None for t, c in cols.items()}
        total = _figure(cells[total_col])[0] if total_col is not None else None
        out.append(
            {
                "doc_id": doc_id,
                "page": row.page,
                "seq": int(seq) if seq is not None and seq == int(seq) else None,
                "org_name": name,
                "assessment_year": year,
                "iit": values[Tool.IIT],
                "eit": values[Tool.EIT],
                "oit": values[Tool.OIT],
                "total": total,
                "level": level or None,
                "section": section,
                "raw": " | ".join(cells[c] for c in figure_cols),
                "printed": {
                    str(t): cells[c] for t, c in (*cols.items(), ("total", total_col)) if c is not None
                },
            }
        )
    return out


def _finer_than_total(printed: dict[str, str]) -> str | None:
    """Why a row's tools cannot be as printed: one has more decimals than the total they add up to
    (a table prints its figures alike; a scan's speck or a digit of the next cell read as a third
    decimal, 29.97 read 29.972, still adds up within the tolerance)."""
    places = {k: len(m.group(1)) for k, v in printed.items() if (m := _RE_DECIMALS.search(v or ""))}
    total = places.get("total")
    finer = [k for k, n in places.items() if k != "total" and total is not None and n > total]
    if not finer:
        return None
    return f"{', '.join(finer)} printed with more decimals than the total: not read as printed ({printed})"


#: the decimals of a figure as printed (Thai or Arabic digits)
_RE_DECIMALS = re.compile(r"[0-9๐-๙][.,]([0-9๐-๙]+)\s*$")


def _names_the_column(name: str, rules: Rules) -> bool:
    """Is ``name`` the body column's header itself (not a name that starts like it: "สถานศึกษา
    บ้านนา")?"""
    role, score, _ = cell_role(name, rules)
    return role == Role.BODY and score >= max(rules.tables.header_match_min, FULL_MATCH)


#: a header matched whole, not by its start (a prefix match weighs at most 97)
FULL_MATCH = 98


def _checked(r: Rows, rules: Rules, ocr: bool = False) -> Rows:
    """The row with its figures nulled when they do not add up (the why in ``check_note``), and a
    level derived where the year's rule is known and none is printed. ``ocr``: the row was read from
    a scan, where a figure that cannot be checked against the others is not trusted either (a cell
    OCR left empty, not a dash, leaves the sum unchecked)."""
    assessment = rules.assessment
    year = assessment.year(r["assessment_year"])
    values = {Tool.IIT: r["iit"], Tool.EIT: r["eit"], Tool.OIT: r["oit"]}
    note = check(values, r["total"], year, assessment.sum_tolerance)
    cells = r["raw"].split(" | ")
    unreadable = [
        t
        for t, c in zip(("iit", "eit", "oit", "total"), cells)
        if c.strip() and _figure(c) == (None, True) and set(c.strip()) - _NO_SCORE
    ]
    if note is None and unreadable:
        note = f"not a figure: {', '.join(unreadable)} as printed {r['raw']!r}"
    dashes = sum(1 for c in cells if c.strip() and set(c.strip()) <= _NO_SCORE)
    missing = [
        k
        for k, v in (("iit", r["iit"]), ("eit", r["eit"]), ("oit", r["oit"]), ("total", r["total"]))
        if v is None
    ]
    if note is None and ocr and len(missing) > dashes and len(missing) < 4:
        note = f"read from a scan and cannot be checked: {', '.join(missing)} not read ({r['raw']!r})"
    if note is None and ocr:
        note = _finer_than_total(r.get("printed") or {})
    out = {k: v for k, v in r.items() if k not in ("raw", "printed")}
    if note is not None:
        out.update(iit=None, eit=None, oit=None, total=None)
    out["check_note"] = note
    out["level_source"] = "printed" if r["level"] else None
    if (
        not r["level"]
        and out["total"] is not None
        and year
        and year.levels
        and r["assessment_year"] <= (year.levels_last or year.last)
    ):
        out["level"] = next((lv.label for lv in year.levels if out["total"] >= lv.min), None)
        out["level_source"] = "derived"
    return out


def assessment_results(state: DocumentState, rules: Rules) -> list[Rows]:
    page_texts = {p.page: p.text for p in state.pages}
    meta = state.metadata
    rows: list[Rows] = []
    for lt in state.tables:
        year = table_year(lt, page_texts, rules) or meta.fiscal_year
        found = results_columns(lt, rules.assessment.year(year), rules)
        if found is not None:
            rows += result_rows(lt, found, state.doc_id, year, rules)
    if len(rows) < rules.assessment.min_rows:
        return []
    issuer = meta.org_name
    ocr = {p.page for p in state.pages if p.extraction == Extraction.OCR}
    return [
        {**_checked(r, rules, r["page"] in ocr), "issuer": issuer, "source_file": state.source_file}
        for r in rows
    ]


def own_row(rows: list[Rows], names: list[str | None], rules: Rules) -> Rows | None:
    """The row of one of ``names`` (the document's author or publisher): its body's own result."""
    wanted = [skeleton(n) for n in names if n]
    least = rules.matching.org_name_min
    scored = (r for r in rows if r["total"] is not None)
    return next((r for r in scored if any(ratio(skeleton(r["org_name"]), w) >= least for w in wanted)), None)


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: the ITA results of the bodies a results table lists (an announcement)."""
    rows = assessment_results(state, ctx.rules)
    meta = state.metadata
    mine = (
        own_row(rows, [meta.publisher_name, meta.org_name], ctx.rules) if meta.overall_score is None else None
    )
    if mine is not None:
        meta = replace(meta, overall_score=mine["total"], overall_score_year=mine["assessment_year"])
    return replace(state, assessment_results=tuple(rows), metadata=meta)
