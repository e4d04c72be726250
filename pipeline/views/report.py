"""``ita report``: one self-contained HTML file (no script, no network; charts are inline SVG).

``report_data`` gathers what the page shows from the datasets (pure over query results);
``render_report`` fills the Jinja2 template ``templates/report.html.j2``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from pathlib import Path

from .. import __version__
from ..adapters import charts, html
from ..adapters.sql import rows
from ..rules import Rules
from ..text.items import is_oit, item_number
from . import audit, compare


def _item_class(score: float | None) -> str:
    if score is None:
        return "unknown"
    return "full" if score >= 100 else "missing" if score == 0 else "partial"


def report_data(con, rules: Rules) -> dict:
    docs = rows(con, "select * exclude (text_quality) from documents order by source_file")
    # the rows of counted documents only: a copy's or a superseded version's never count twice
    ind = rows(
        con,
        "select s.*, d.source_file from indicator_scores s join documents d on d.doc_id = s.doc_id and d.counted "
        "where s.org_key is not null order by assessment_year, indicator_no",
    )
    items = rows(con, "select * from item_scores where counted and org_key is not null")
    plan_outcome = rows(con, "select * from plan_vs_outcome order by fiscal_year, indicator_no")
    measures = rows(
        con,
        "select m.*, d.doc_type from measures m join documents d on d.doc_id = m.doc_id and d.counted "
        "where m.org_key is not null order by m.fiscal_year, d.source_file, m.seq",
    )
    missing = rows(con, "select * from missing_items where status != 'unscored'")
    coverage = rows(con, "select * from coverage order by fiscal_year")
    results = rows(
        con, "select * from assessment_results where counted order by assessment_year, issuer, page, seq"
    )
    budgets = rows(con, "select * from budgets where counted and org_key is not null")
    organisations = _named_places(rows(con, "select * from organisations order by org_name"))
    by_id = {m["measure_id"]: m for m in measures}
    for m in missing:
        m["measures"] = [by_id[i] for i in m["addressed_by"] or [] if i in by_id]
    pass_mark = rules.thresholds.ita.pass_mark
    # each dataset grouped by organisation once (not filtered again for every organisation)
    docs_of, ind_of, items_of, plan_outcome_of, missing_of, measures_of, coverage_of, results_of = (
        _by_org(rs) for rs in (docs, ind, items, plan_outcome, missing, measures, coverage, results)
    )
    orgs = []
    org_by_key = {o["org_key"]: o for o in organisations}

    def who(key: str) -> tuple[str, str, str]:
        """The body's name and places as most of its documents print them."""
        ds = docs_of[key]
        return tuple(
            Counter(d[f] for d in ds if d[f]).most_common(1)[0][0] if any(d[f] for d in ds) else ""
            for f in ("org_name", "province", "district")
        )  # type: ignore[return-value]

    for key in sorted(docs_of, key=who):
        name, province, district = (v or None for v in who(key))
        org = org_by_key.get(key, {})
        province, district = province or org.get("province"), district or org.get("district")
        o_ind = ind_of.get(key, [])
        years = sorted({r["assessment_year"] for r in o_ind if r["assessment_year"]}, reverse=True)
        latest = years[0] if years else None
        latest_rows = sorted(
            (r for r in o_ind if r["assessment_year"] == latest), key=lambda r: r["indicator_no"]
        )
        chart = (
            charts.score_bars(
                [f"{r['indicator_no']}. {r['indicator_name'] or ''}" for r in latest_rows],
                [r["score"] for r in latest_rows],
                pass_mark,
            )
            if latest_rows
            else None
        )
        o_plan_outcome = plan_outcome_of.get(key, [])
        orgs.append(
            {
                "key": key,
                "name": name,
                "province": province,
                "district": district,
                "docs": docs_of[key],
                "latest": latest,
                "score_chart": chart,
                "score_table": _score_table(o_ind, years),
                "heatmap": _heatmap(items_of.get(key, []), rules),
                "missing": sorted(
                    missing_of.get(key, []), key=lambda m: (m["assessment_year"], item_number(m["item_code"]))
                ),
                "pvo": o_plan_outcome,
                "measures": measures_of.get(key, []),
                "coverage": coverage_of.get(key, []),
                "results": results_of.get(key, []),
            }
        )
    names = {o["org_key"]: o["org_name"] for o in organisations}
    places = {o["org_key"]: o.get("province") for o in organisations}
    counted_docs = [d for d in docs if d.get("counted")]
    table = compare.bodies_by_indicator(plan_outcome, ind, names, places)
    over_years = compare.scores_over_years(counted_docs, results, names)
    return {
        "overview": {
            **_overview(docs),
            "unjudged": [{"name": u.org_name, "years": u.years} for u in audit.unjudged(con)],
            "announced": announced(results),
        },
        "attention": compare.attention(missing, plan_outcome, names),
        "compare": table,
        "compare_chart": _planned_done_chart(plan_outcome, names),
        "budgets": compare.budgets_by_year(budgets, names),
        "over_years": over_years,
        "over_years_chart": _years_chart(over_years, pass_mark),
        "provinces": compare.provinces(counted_docs, organisations),
        "orgs": orgs,
        "pass_mark": pass_mark,
        "version": __version__,
        "generated": dt.date.today().isoformat(),
    }


def _named_places(organisations: list[dict]) -> list[dict]:
    """The organisations with the province and district the gazetteer names by their codes where
    no document prints them (a hospital placed by its district code): a reader wants "อุบลราชธานี",
    not "34"."""
    for o in organisations:
        o["province"] = o.get("province") or o.get("gazetteer_province")
        o["district"] = o.get("district") or o.get("gazetteer_district")
    return organisations


def _by_org(rows_: list[dict]) -> dict[str, list[dict]]:
    """Rows by ``org_key`` (rows without one are left out), in their order."""
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows_:
        if r["org_key"]:
            out[r["org_key"]].append(r)
    return out


def _score_table(o_ind: list[dict], years: list[int]) -> dict:
    """Indicators x assessment years (latest first)."""
    names: dict[int, str] = {}
    cells: dict[tuple[int, int], dict] = {}
    for r in o_ind:
        names.setdefault(r["indicator_no"], r["indicator_name"] or "")
        cells[(r["indicator_no"], r["assessment_year"])] = r
    return {
        "years": years,
        "rows": [
            {"no": no, "name": names[no], "cells": [cells.get((no, y)) for y in years]}
            for no in sorted(names)
        ],
    }


def _heatmap(items: list[dict], rules: Rules) -> list[dict]:
    """Per assessment year, every OIT item of that year's catalog: full / partial / missing /
    unknown (not found in the documents)."""
    by_year: dict[int, dict[str, dict]] = defaultdict(dict)
    for r in items:
        if is_oit(r["item_code"]) and r["assessment_year"]:
            by_year[r["assessment_year"]].setdefault(r["item_code"], r)
    out = []
    for year in sorted(by_year, reverse=True):
        catalog = rules.catalog(year)
        codes = {it.code: it.name for it in catalog.oit_items} if catalog else {}
        codes.update({c: r["item_name"] for c, r in by_year[year].items() if c not in codes})
        cells = []
        for code in sorted(codes, key=item_number):
            got = by_year[year].get(code)
            score = got["score"] if got else None
            cells.append(
                {
                    "code": code,
                    "name": codes[code] or "",
                    "score": score,
                    "class": _item_class(score),
                    "page": got["page"] if got else None,
                }
            )
        out.append({"year": year, "cells": cells})
    return out


def _overview(docs: list[dict]) -> dict:
    status = Counter(d["status"] for d in docs)
    types = sorted({d["doc_type"] or "other" for d in docs})
    by_type = {t: Counter(d["status"] for d in docs if (d["doc_type"] or "other") == t) for t in types}
    years: list[int | None] = sorted({d["fiscal_year"] for d in docs if d["fiscal_year"]})
    if any(not d["fiscal_year"] for d in docs):
        years.append(None)  # documents without a fiscal year are counted too ("no year")
    by_year = {
        y: Counter(d["doc_type"] or "other" for d in docs if (d["fiscal_year"] or None) == y) for y in years
    }
    return {
        "documents": len(docs),
        "pages": sum(d["pages"] or 0 for d in docs),
        "status": status,
        "organisations": len({d["org_key"] for d in docs if d["org_key"]}),
        "types": types,
        "by_type": by_type,
        "years": years,
        "by_year": by_year,
        "problems": [d for d in docs if d["status"] != "ok"],
        "unattributed": [d for d in docs if not d["org_key"] and d["status"] != "error"],
        "copies": [d for d in docs if d.get("duplicate_of") or d.get("superseded_by")],
    }


def _planned_done_chart(plan_outcome: list[dict], names: dict[str, str]) -> str | None:
    """Measures planned, reported and done per body in its latest fiscal year (when two bodies or
    more have measures: one body's counts are in its own table)."""
    latest: dict[str, int] = {}
    for r in plan_outcome:
        latest[r["org_key"]] = max(latest.get(r["org_key"], 0), r["fiscal_year"])
    if len(latest) < 2:
        return None
    keys = sorted(latest, key=lambda k: names.get(k, k))
    sums = {k: [0, 0, 0] for k in keys}
    for r in plan_outcome:
        if r["fiscal_year"] == latest[r["org_key"]]:
            s = sums[r["org_key"]]
            s[0], s[1], s[2] = s[0] + r["planned"], s[1] + r["reported"], s[2] + r["done"]
    labels = [f"{names.get(k, k)} ({latest[k]})" for k in keys]
    return charts.hbars(
        labels,
        {
            "planned": [sums[k][0] for k in keys],
            "reported": [sums[k][1] for k in keys],
            "done": [sums[k][2] for k in keys],
        },
    )


def _years_chart(over_years: dict, pass_mark: float) -> str | None:
    """Overall scores over the years, for the bodies with two years or more (at most 8)."""
    years = over_years["years"]
    series = {
        r["org_name"]: [c[0] if c else None for c in r["cells"]]
        for r in over_years["rows"]
        if sum(1 for c in r["cells"] if c) >= 2
    }
    if not series:
        return None
    return charts.lines(years, dict(list(series.items())[:8]), pass_mark)


def announced(results: list[dict]) -> list[dict]:
    """Per results announcement (issuer and assessment year): how many bodies, how many rows are
    complete, the median total, the levels as counted."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in results:
        groups[(r["assessment_year"], r["issuer"] or "", r["source_file"] or "")].append(r)
    out = []
    for (year, issuer, source), rs in sorted(groups.items()):
        totals = [r["total"] for r in rs if r["total"] is not None]
        out.append(
            {
                "year": year,
                "issuer": issuer,
                "source_file": source,
                "bodies": len(rs),
                "checked": len(totals),
                "unchecked": sum(1 for r in rs if r["check_note"]),
                "median": statistics.median(totals) if totals else None,
                "levels": Counter(r["level"] for r in rs if r["level"]).most_common(),
            }
        )
    return out


def render_report(data: dict) -> str:
    return html.render(
        Path(__file__).parent / "templates",
        "report.html.j2",
        data,
        {
            "num": lambda v, nd=2: "–" if v is None else f"{v:.{nd}f}",
            "money": lambda v: "–" if v is None else f"{v:,.0f}" if v == int(v) else f"{v:,.2f}",
        },
    )
