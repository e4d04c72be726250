"""The auditor's datasets, derived across documents: ``missing_items`` and ``plan_vs_outcome``.

Both are pure functions of the per-document rows plus the organisation keys.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import ItemStatus, MeasureKind, MeasureStatus, Rows
from ..rules import Rules
from ..text.items import is_oit


def missing_items(
    items: list[Rows], measures: list[Rows], org_of: dict[str, str], names: dict[str, str], rules: Rules
) -> list[Rows]:
    """One row per organisation x assessment year x OIT item scored below full marks.

    ``addressed_by``: the organisation's plan measures for a later fiscal year that serve the
    item (its code among their ``item_codes``; or, for measures without items, the item's
    indicator as theirs).
    """
    plans = [m for m in measures if m.get("kind") == MeasureKind.PLAN and org_of.get(m["doc_id"])]
    seen: set[tuple[str, int | None, str]] = set()
    out = []
    for it in sorted(
        items, key=lambda r: (org_of.get(r["doc_id"]) or "", r.get("assessment_year") or 0, r["item_code"])
    ):
        key = org_of.get(it["doc_id"])
        code, score, year = it["item_code"], it.get("score"), it.get("assessment_year")
        if not key or not is_oit(code) or score is None or score >= 100 or (key, year, code) in seen:
            continue
        seen.add((key, year, code))
        catalog = rules.catalog(year)
        item = catalog.item(code) if catalog else None
        indicator = item.indicator if item else it.get("indicator_no")
        addressed_by = [
            m["measure_id"]
            for m in plans
            if org_of[m["doc_id"]] == key
            and m.get("fiscal_year")
            and year
            and m["fiscal_year"] > year
            and (
                code in (m.get("item_codes") or [])
                or (not m.get("item_codes") and indicator and m.get("indicator_no") == indicator)
            )
        ]
        out.append(
            {
                "org_name": names.get(key),
                "assessment_year": year,
                "item_code": code,
                "item_name": it.get("item_name"),
                "score": score,
                "status": ItemStatus.MISSING if score == 0 else ItemStatus.PARTIAL,
                "addressed_by": addressed_by,
                "addressed": bool(addressed_by),
                "org_key": key,
                "indicator_no": indicator,
                "doc_id": it["doc_id"],
                "page": it.get("page"),
            }
        )
    return out


def plan_vs_outcome(
    measures: list[Rows],
    scores: list[Rows],
    docs: list[Rows],
    org_of: dict[str, str],
    names: dict[str, str],
    rules: Rules,
) -> list[Rows]:
    """One row per organisation x fiscal year x indicator (1-10) for every year the organisation
    has measures: plan and report counts, report statuses, and the indicator's score in the
    latest assessment before that year. A multi-year plan counts in each of its years."""
    span = {
        d["doc_id"]: (d.get("fiscal_year"), d.get("fiscal_year_end") or d.get("fiscal_year")) for d in docs
    }
    counts: dict[tuple[str, int], dict[int | None, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for m in measures:
        key = org_of.get(m["doc_id"])
        fy = m.get("fiscal_year")
        if not key or not fy:
            continue
        first, last = span.get(m["doc_id"], (fy, fy))
        years = range(fy, (last or fy) + 1) if m.get("kind") == MeasureKind.PLAN and first == fy else [fy]
        for y in years:
            c = counts[(key, y)][m.get("indicator_no")]
            c["planned" if m.get("kind") == MeasureKind.PLAN else "reported"] += 1
            if m.get("kind") == MeasureKind.REPORT and m.get("status") in MeasureStatus.values():
                c[m["status"]] += 1
    by_org_scores: dict[str, list[dict]] = defaultdict(list)
    for s in scores:
        if org_of.get(s["doc_id"]):
            by_org_scores[org_of[s["doc_id"]]].append(s)
    out = []
    for (key, fy), per_ind in sorted(counts.items()):
        catalog = rules.nearest_catalog(fy - 1)
        for no in rules.thresholds.ita.indicators:
            c = per_ind.get(no, {})
            before = [
                s
                for s in by_org_scores[key]
                if s["indicator_no"] == no and s.get("assessment_year") and s["assessment_year"] < fy
            ]
            latest = max(before, key=lambda s: s["assessment_year"], default=None)
            ind = catalog.indicator(no) if catalog else None
            out.append(
                {
                    "org_name": names.get(key),
                    "fiscal_year": fy,
                    "indicator_no": no,
                    "planned": c.get("planned", 0),
                    "reported": c.get("reported", 0),
                    **{st.value: c.get(st, 0) for st in MeasureStatus},
                    "score_before": latest["score"] if latest else None,
                    "score_before_year": latest["assessment_year"] if latest else None,
                    "org_key": key,
                    "indicator_name": ind.name if ind else None,
                }
            )
    return out
