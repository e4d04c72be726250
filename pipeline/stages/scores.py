"""ITA scores printed in tables: per indicator (1-10) and per item (i1…, e1…, o1…).

The assessment year of a score table is the year named last before the table ("…ประจำปี
งบประมาณ พ.ศ. 2567"). Item codes are repaired (``o๒`` -> o2, ``๐33`` -> o33, ``O 9``, ``i1 1`` -> i11);
where a space makes the code ambiguous the catalog name decides. Names come from the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..adapters.fuzzy import ratio
from ..model import DocType, DocumentState, LogicalTable, Role, RowKind, Rows, Tool
from ..rules import Catalog, Rules
from ..tables.records import is_measure_table
from ..text.chars import compact, join_thai
from ..text.items import parse_item_code, tool_of
from ..text.numbers import parse_number
from .context import Context

#: a printed indicator name is the catalog's from this rapidfuzz ratio up
INDICATOR_NAME_MIN = 85
#: a table whose header names this many indicators has a column per indicator (units x indicators)
INDICATOR_COLUMNS_MIN = 3


def year_before(text: str, rules: Rules) -> int | None:
    """The last fiscal year named in ``text`` ("ประจำปีงบประมาณ" mentions first, then other years)."""
    fy = rules.thresholds.fiscal_year
    for rx in (rules.patterns["fiscal_year"], rules.patterns["be_year"]):
        years = [int(m.group(1)) for m in rx.finditer(text)]
        years = [y for y in years if fy.min_be_year <= y <= fy.max_be_year]
        if years:
            return years[-1]
    return None


def table_year(lt: LogicalTable, page_texts: dict[int, str], rules: Rules) -> int | None:
    """Assessment year of a table: named above it on its page, else on the pages before."""
    y = year_before(lt.context, rules)
    if y:
        return y
    for p in sorted((p for p in page_texts if p < lt.first_page), reverse=True):
        y = year_before(page_texts[p], rules)
        if y:
            return y
    return None


# ------------------------------------------------------------------------------ scores
def _score_of_row(cells: Sequence[str], lt: LogicalTable) -> float | None:
    cols = lt.cols(Role.SCORE) or []
    for c in cols:
        v = parse_number(cells[c]) if c < len(cells) else None
        if v is not None and 0 <= v <= 100:
            return v
    if cols:
        return None
    return _shape_score(cells)


def _score_note(cells: Sequence[str], lt: LogicalTable) -> str | None:
    """Why a score column holds no valid score: the cell as printed (an OCR misread is left null,
    never turned into a wrong number)."""
    for c in lt.cols(Role.SCORE):
        raw = cells[c].strip() if c < len(cells) else ""
        if raw:
            v = parse_number(raw)
            return f"not a score 0-100: {raw!r}" if v is None or not 0 <= v <= 100 else None
    return None


def _shape_score(cells: Sequence[str]) -> float | None:
    for cell in reversed(cells):  # the values' shape: the last 0-100 number of the row
        v = parse_number(cell)
        if v is not None and 0 <= v <= 100 and "." in cell:
            return v
    return None


def item_scores(
    tables: list[LogicalTable] | tuple[LogicalTable, ...],
    page_texts: dict[int, str],
    doc_id: str,
    org_name: str | None,
    default_year: int | None,
    rules: Rules,
) -> list[Rows]:
    """One row per item code (an item printed twice is kept once, the first time). The items of an
    analysis table (item, score, findings, measures) count only when the document has no item table
    of its own."""
    own = [lt for lt in tables if not is_measure_table(lt, rules)]
    out = _item_scores(own, page_texts, doc_id, org_name, default_year, rules)
    return out or _item_scores(
        [lt for lt in tables if is_measure_table(lt, rules)],
        page_texts,
        doc_id,
        org_name,
        default_year,
        rules,
    )


def _item_scores(
    tables: list[LogicalTable],
    page_texts: dict[int, str],
    doc_id: str,
    org_name: str | None,
    default_year: int | None,
    rules: Rules,
) -> list[Rows]:
    out: dict[str, Rows] = {}
    for lt in tables:
        year = table_year(lt, page_texts, rules) or default_year
        catalog = rules.catalog(year)
        last: Rows | None = None
        for row in lt.rows:
            if row.kind != RowKind.DATA:
                last = None
                continue
            hit = None
            for c, cell in enumerate(row.cells):
                if lt.roles[c] in (Role.SCORE, Role.YEAR):
                    continue
                hit = parse_item_code(cell, rules, catalog or rules.nearest_catalog(year))
                if hit:
                    break
            score = _score_of_row(row.cells, lt)
            if hit is None:
                # a label cut by a page break goes on in the next row
                if last is not None and score is None and (text := " ".join(c for c in row.cells if c)):
                    last["raw_label"] = join_thai(last["raw_label"], text)
                last = None if score is not None else last
                continue
            code, _ = hit
            note = _score_note(row.cells, lt) if score is None else None
            if (score is None and note is None) or code in out:
                last = None
                continue
            item = catalog.item(code) if catalog else None
            raw = next((cell for cell in row.cells if rules.patterns["item_code"].search(cell)), "")
            out[code] = {
                "doc_id": doc_id,
                "org_name": org_name,
                "assessment_year": year,
                "item_code": code,
                "item_name": item.name if item else None,
                "raw_label": raw,
                "score": score,
                "page": row.page,
                "indicator_no": item.indicator if item else None,
                "item_topic": item.topic if item else None,
                "tool": tool_of(code),
                "score_note": note,
            }
            last = out[code]
    return list(out.values())


def indicator_scores(
    tables: list[LogicalTable] | tuple[LogicalTable, ...],
    page_texts: dict[int, str],
    doc_id: str,
    org_name: str | None,
    default_year: int | None,
    rules: Rules,
) -> list[Rows]:
    """One row per indicator 1-10 found in a table with a score column."""
    out: dict[int, Rows] = {}
    for lt in tables:
        if lt.col(Role.SCORE) is None or _indicator_columns(lt, rules):
            continue
        year = table_year(lt, page_texts, rules) or default_year
        catalog = rules.nearest_catalog(year)
        tool = None
        seq, tool_col = lt.col(Role.SEQUENCE), lt.col(Role.TOOL)
        name_col = (
            lt.col(Role.INDICATOR_NAME) if lt.col(Role.INDICATOR_NAME) is not None else lt.col(Role.INDICATOR)
        )
        for row in lt.data_rows:
            cells = row.cells
            if any(rules.patterns["item_code"].search(c) for c in cells):
                continue
            if tool_col is not None and cells[tool_col].strip().upper() in Tool.values():
                tool = cells[tool_col].strip().upper()
            no = _indicator_number(cells, seq, name_col, catalog, rules)
            score = _score_of_row(cells, lt)
            note = _score_note(cells, lt) if score is None else None
            if no is None or (score is None and note is None) or no in out:
                continue
            ind = catalog.indicator(no) if catalog else None
            out[no] = {
                "doc_id": doc_id,
                "org_name": org_name,
                "assessment_year": year,
                "indicator_no": no,
                "tool": tool or (ind.tool if ind else None),
                "indicator_name": ind.name if ind else None,
                "raw_name": cells[name_col] if name_col is not None else None,
                "score": score,
                "page": row.page,
                "score_note": note,
            }
    return [out[k] for k in sorted(out)]


def _indicator_columns(lt: LogicalTable, rules: Rules) -> bool:
    """A table with a column per indicator (units x indicators: a ministry's table of its
    departments' scores) is not this body's own indicator scores."""
    catalog = rules.nearest_catalog(None)
    if catalog is None:
        return False
    names = [compact(n) for ind in catalog.indicators for n in (ind.name, *ind.aliases)]
    hits = sum(1 for h in lt.header if h and max(ratio(compact(h), n) for n in names) >= 90)
    return hits >= INDICATOR_COLUMNS_MIN


def _indicator_number(
    cells: Sequence[str], seq: int | None, name_col: int | None, catalog: Catalog | None, rules: Rules
) -> int | None:
    if seq is not None:
        v = parse_number(cells[seq])
        if v is not None and rules.thresholds.ita.is_indicator(v):
            return int(v)
    for c in cells:
        m = rules.patterns["indicator_ref"].search(c)
        if m and rules.thresholds.ita.is_indicator(int(m.group(1))):
            return int(m.group(1))
    if name_col is not None and catalog is not None and cells[name_col]:
        best, best_s = None, 0.0
        for ind in catalog.indicators:
            s = max(ratio(cells[name_col], n) for n in [ind.name, *ind.aliases])
            if s > best_s:
                best, best_s = ind.number, s
        if best_s >= INDICATOR_NAME_MIN:
            return best
    return None


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: indicator and item scores printed in the document's tables.

    A table's assessment year is the one named above it; else the document's (an analysis or a
    measures document for fiscal year N analyses the assessment of N-1)."""
    meta = state.metadata
    analyses = meta.doc_type in (DocType.INTEGRITY_MEASURES, DocType.ITA_ANALYSIS)
    default_year = meta.overall_score_year or (
        meta.fiscal_year - 1 if meta.fiscal_year and analyses else meta.fiscal_year
    )
    page_texts = {p.page: p.text for p in state.pages}
    ind = indicator_scores(state.tables, page_texts, state.doc_id, meta.org_name, default_year, ctx.rules)
    items = item_scores(state.tables, page_texts, state.doc_id, meta.org_name, default_year, ctx.rules)
    return replace(state, indicator_scores=tuple(ind), item_scores=tuple(items))
