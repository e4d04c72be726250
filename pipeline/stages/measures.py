"""Measures (plans) and what was done (reports) from measure tables, with periods and status."""
from __future__ import annotations

import hashlib
import re

from ..matching.indicators import match_measure
from ..rules import Rules
from ..text.periods import parse_period
from .tables import LogicalTable, group_records

REPORT_DOC_TYPES = {"integrity_report", "anticorruption_report"}
_DETAIL_ROLES = {"steps", "responsible", "period", "result", "outcome"}


def is_measure_table(lt: LogicalTable, rules: Rules) -> bool:
    """A table of measures: a measure column (or an indicator column whose rows name indicators,
    "ตัวชี้วัดที่ 4 …") and at least one column about doing it; not a score table, a budget table
    (year columns) or a risk register."""
    roles = set(r for r in lt.roles if r)
    if roles & {"score", "year", "risk", "budget"} or not roles & _DETAIL_ROLES:
        return False
    if "measure" in roles:
        return True
    col = lt.col("indicator")
    if col is None:
        return False
    cells = [r.cells[col] for r in lt.data_rows if r.cells[col]]
    named = sum(1 for c in cells if rules.tables.row_markers["indicator"].regex.match(c))
    return bool(cells) and named >= max(1, len(cells) // 3)


def measure_id(doc_id: str, seq: int, text: str) -> str:
    """Stable id: the same document, position and text give the same id."""
    return hashlib.sha1(f"{doc_id}|{seq}|{text}".encode("utf-8")).hexdigest()[:16]


def parse_status(text: str | None, rules: Rules) -> str | None:
    """done / in_progress / not_started from a ticked box before its label, else from wording.

    >>> from pipeline.rules import load_rules
    >>> parse_status("☐ ยังไม่ได้ดำเนินการ ☑ อยู่ระหว่างดำเนินการ ☐ ดำเนินการ - จัดทำคู่มือ", load_rules())
    'in_progress'
    """
    if not text:
        return None
    st = rules.tables.status
    flat = re.sub(r"\s+", "", text)
    labels = sorted(((lab, status) for status, labs in st.labels.items() for lab in labs), key=lambda x: -len(x[0]))
    ticks = sorted(st.ticked, key=len, reverse=True)
    for i in range(len(flat)):
        tick = next((t for t in ticks if flat.startswith(t, i)), None)
        if tick is None:
            continue
        rest = flat[i + len(tick):]
        for skip in range(3):  # OCR may leave a stray character between the box and its label
            for lab, status in labels:
                if rest[skip:].startswith(lab):
                    return status
    if any(u in flat for u in st.unticked) and not any(t in flat for t in st.ticked):
        return None  # boxes, none ticked: not stated
    for status in ("not_started", "in_progress", "done"):
        if any(re.search(p, flat) for p in st.wording[status]):
            return status
    return None


_RE_LEADING_BULLET = re.compile(r"^(?:[▪•●■◆➢►✓\-–*]\s*)+")


def clean_measure_text(text: str) -> str:
    """The measure's own words: a leading bullet is layout, not content ("▪ จัดประชุม…")."""
    return _RE_LEADING_BULLET.sub("", text).strip()


def _cell(cells: list[str], col: int | None) -> str | None:
    if col is None:
        return None
    v = cells[col].strip()
    return v or None


def measures_from_tables(lts: list[LogicalTable], doc_id: str, org_name: str | None, fiscal_year: int | None,
                         doc_type: str, rules: Rules) -> list[dict]:
    """One row per measure row of every measure table, in document order."""
    out: list[dict] = []
    for lt in lts:
        if not is_measure_table(lt, rules):
            continue
        key = lt.col("measure") if lt.col("measure") is not None else lt.col("indicator")
        has_results = any(_cell(r.cells, c) for r in lt.data_rows for c in lt.cols("result") + lt.cols("outcome"))
        kind = "report" if has_results or doc_type in REPORT_DOC_TYPES else "plan"
        # measures answer the assessment before their fiscal year; its catalog names their items
        catalog = rules.nearest_catalog(fiscal_year - 1 if fiscal_year else None)
        heading = [ln for ln in lt.context.split("\n") if ln.strip()][-2:][::-1]
        for rec in group_records(lt, rules):
            text = _cell(rec.cells, key)
            if not text or not clean_measure_text(text):
                continue
            text = clean_measure_text(text)
            if rules.tables.total_row.regex.match(text):
                continue
            period_text = _cell(rec.cells, lt.col("period"))
            start, end = parse_period(period_text, fiscal_year, rules)
            result = _cell(rec.cells, lt.col("result"))
            outcome = _cell(rec.cells, lt.col("outcome"))
            seq = len(out) + 1
            indicator_cell = _cell(rec.cells, lt.col("indicator")) if key != lt.col("indicator") else None
            steps = _cell(rec.cells, lt.col("steps"))
            match = match_measure(text, steps, [c for c in (indicator_cell, rec.title, *heading) if c], catalog, rules)
            out.append({
                "doc_id": doc_id, "org_name": org_name, "fiscal_year": fiscal_year,
                "measure_id": measure_id(doc_id, seq, text), "seq": seq, "kind": kind, "text": text,
                "steps": steps, "responsible": _cell(rec.cells, lt.col("responsible")),
                "period_text": period_text, "period_start": start, "period_end": end,
                "result_text": (result or outcome) if kind == "report" else None,
                "outcome_text": outcome if kind == "report" else None,
                "status": parse_status(result or outcome, rules) if kind == "report" else None,
                "indicator_no": match.indicator_no, "item_codes": list(match.item_codes),
                "match_score": match.score, "match_method": match.method,
                "indicator_cell": indicator_cell,
                "section": rec.title, "_context": lt.context,
                "page": rec.page,
            })
    return out


def measures_from_budget_projects(budget_rows: list[dict], doc_id: str, org_name: str | None, fiscal_year: int | None,
                                  fiscal_year_end: int | None, first_seq: int, rules: Rules) -> list[dict]:
    """An anti-corruption plan's projects are its planned measures (one row per project), over
    the plan's whole span."""
    from ..text.periods import fiscal_year_span

    catalog = rules.nearest_catalog(fiscal_year - 1 if fiscal_year else None)
    seen, out = set(), []
    for b in sorted(budget_rows, key=lambda r: r["project_no"]):
        if b["project_no"] in seen:
            continue
        seen.add(b["project_no"])
        seq = first_seq + len(out)
        text = b["project_name"]
        match = match_measure(text, None, [], catalog, rules)
        start = fiscal_year_span(fiscal_year, rules)[0] if fiscal_year else None
        end = fiscal_year_span(fiscal_year_end or fiscal_year, rules)[1] if fiscal_year else None
        out.append({
            "doc_id": doc_id, "org_name": org_name, "fiscal_year": fiscal_year,
            "measure_id": measure_id(doc_id, seq, text), "seq": seq, "kind": "plan", "text": text,
            "steps": None, "responsible": None,
            "period_text": f"ปีงบประมาณ พ.ศ. {fiscal_year} - {fiscal_year_end}" if fiscal_year else None,
            "period_start": start, "period_end": end, "result_text": None, "outcome_text": None, "status": None,
            "indicator_no": match.indicator_no, "item_codes": list(match.item_codes),
            "match_score": match.score, "match_method": match.method,
            "indicator_cell": None, "section": f"project {b['project_no']} (dimension {b['dimension_no']})", "page": b["page"],
        })
    return out
