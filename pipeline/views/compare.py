"""What the report compares across bodies (pure functions of the datasets' rows): what needs an
auditor's attention first, bodies x indicators, budgets per year, overall scores over the years,
and bodies per province."""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean
from typing import Any

Row = dict[str, Any]


def attention(missing: list[Row], plan_outcome: list[Row], names: dict[str, str]) -> dict[str, list[Row]]:
    """OIT items below full marks that no later plan takes up, per body and year; and the years a
    body planned measures but no report says what came of them."""
    items: dict[tuple[str, int], list[str]] = defaultdict(list)
    for m in missing:
        if m["status"] in ("missing", "partial") and not m["addressed"]:
            items[(m["org_key"], m["assessment_year"])].append(m["item_code"])
    unaddressed = [
        {"org_key": k, "org_name": names.get(k, k), "year": y, "codes": codes}
        for (k, y), codes in sorted(items.items(), key=lambda kv: (-len(kv[1]), names.get(kv[0][0], "")))
    ]
    per_year: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for r in plan_outcome:
        c = per_year[(r["org_key"], r["fiscal_year"])]
        c[0] += r["planned"]
        c[1] += r["reported"]
    no_report = [
        {"org_key": k, "org_name": names.get(k, k), "fiscal_year": y, "planned": p}
        for (k, y), (p, rep) in sorted(per_year.items(), key=lambda kv: (names.get(kv[0][0], ""), kv[0][1]))
        if p and not rep
    ]
    return {"unaddressed": unaddressed, "no_report": no_report}


def bodies_by_indicator(
    plan_outcome: list[Row], scores: list[Row], names: dict[str, str], places: dict[str, str | None]
) -> list[Row]:
    """One row per body x indicator: its latest indicator score and, for its latest fiscal year
    with measures, how many were planned, reported and done."""
    latest_fy: dict[str, int] = {}
    for r in plan_outcome:
        latest_fy[r["org_key"]] = max(latest_fy.get(r["org_key"], 0), r["fiscal_year"])
    latest_score: dict[tuple[str, int], Row] = {}
    for s in scores:
        key = (s["org_key"], s["indicator_no"])
        if s.get("assessment_year") and (
            key not in latest_score or s["assessment_year"] > latest_score[key]["assessment_year"]
        ):
            latest_score[key] = s
    rows: dict[tuple[str, int], Row] = {}
    for r in plan_outcome:
        if r["fiscal_year"] == latest_fy[r["org_key"]]:
            rows[(r["org_key"], r["indicator_no"])] = {
                "fiscal_year": r["fiscal_year"],
                "planned": r["planned"],
                "reported": r["reported"],
                "done": r["done"],
                "indicator_name": r.get("indicator_name"),
            }
    for (k, no), score in latest_score.items():
        rows.setdefault((k, no), {"indicator_name": score.get("indicator_name")})
    out = []
    for (k, no), r in rows.items():
        best = latest_score.get((k, no))
        out.append(
            {
                "org_key": k,
                "org_name": names.get(k, k),
                "province": places.get(k) or "",
                "indicator_no": no,
                "indicator_name": r.get("indicator_name") or (best or {}).get("indicator_name") or "",
                "score": best["score"] if best else None,
                "score_year": best["assessment_year"] if best else None,
                "fiscal_year": r.get("fiscal_year"),
                "planned": r.get("planned"),
                "reported": r.get("reported"),
                "done": r.get("done"),
            }
        )
    return sorted(out, key=lambda r: (r["org_name"], r["indicator_no"]))


def budgets_by_year(budgets: list[Row], names: dict[str, str]) -> dict[str, Any]:
    """Budget per body and fiscal year (baht, each plan counted once), and the years."""
    total: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    projects: dict[str, set[tuple]] = defaultdict(set)
    for b in budgets:
        if b.get("fiscal_year") is None or b.get("amount_thb") is None:
            continue
        total[b["org_key"]][b["fiscal_year"]] += b["amount_thb"]
        projects[b["org_key"]].add((b["doc_id"], b.get("project_ref") or b.get("project_no")))
    years = sorted({y for per in total.values() for y in per})
    rows = [
        {
            "org_name": names.get(k, k),
            "amounts": [per.get(y) for y in years],
            "total": sum(per.values()),
            "projects": len(projects[k]),
        }
        for k, per in sorted(total.items(), key=lambda kv: names.get(kv[0], ""))
    ]
    return {"years": years, "rows": rows}


def scores_over_years(docs: list[Row], results: list[Row], names: dict[str, str]) -> dict[str, Any]:
    """Each body's overall ITA score by assessment year: as its own documents print it, else as an
    announcement lists it."""
    by: dict[str, dict[int, tuple[float, str]]] = defaultdict(dict)
    for r in results:
        if r.get("org_key") and r.get("total") is not None and r.get("assessment_year"):
            by[r["org_key"]][r["assessment_year"]] = (r["total"], "announced")
    for d in docs:
        if d.get("org_key") and d.get("overall_score") is not None and d.get("overall_score_year"):
            by[d["org_key"]][d["overall_score_year"]] = (d["overall_score"], "document")
    years = sorted({y for per in by.values() for y in per})
    rows = [
        {"org_key": k, "org_name": names.get(k, k), "cells": [per.get(y) for y in years]}
        for k, per in sorted(by.items(), key=lambda kv: names.get(kv[0], ""))
    ]
    return {"years": years, "rows": rows}


def provinces(docs: list[Row], orgs: list[Row]) -> list[Row]:
    """Per province (by its DOPA code, as printed or inferred): bodies, documents, and the mean of
    the bodies' latest overall scores."""
    latest: dict[str, tuple[int, float]] = {}
    for d in docs:
        if d.get("org_key") and d.get("overall_score") is not None:
            y = d.get("overall_score_year") or 0
            if d["org_key"] not in latest or y >= latest[d["org_key"]][0]:
                latest[d["org_key"]] = (y, d["overall_score"])
    names = {o["province_code"]: o.get("province") for o in orgs if o.get("province_code")}
    bodies: dict[str, set[str]] = defaultdict(set)
    for o in orgs:
        bodies[o.get("province_code") or ""].add(o["org_key"])
    n_docs = Counter(d.get("province_code") or "" for d in docs if d.get("org_key"))
    out = []
    for code, keys in sorted(bodies.items(), key=lambda kv: (kv[0] == "", names.get(kv[0]) or "")):
        scored = [latest[k][1] for k in keys if k in latest]
        out.append(
            {
                "province_code": code or None,
                "province": names.get(code) or (code if code else "not known"),
                "bodies": len(keys),
                "documents": n_docs.get(code, 0),
                "scored": len(scored),
                "mean_score": round(mean(scored), 2) if scored else None,
            }
        )
    return out
