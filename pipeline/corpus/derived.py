"""The auditor's datasets, derived across documents: ``missing_items``, ``plan_vs_outcome`` and
``coverage``.

Pure functions of the per-document rows once ``pipeline.corpus.cross_document`` has marked them:
``org_key`` (who), ``counted`` (the rows of a copy or a superseded version never count) and, for
measures, ``counts_as`` (planned, reported, or evidence of something else) and ``fiscal_years``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..model import Evidence, ItemStatus, MeasureRole, MeasureStatus, Rows
from ..rules import CatalogItem, Rules
from ..text.items import is_oit, item_number

#: an organisation's year: (org_key, fiscal year)
OrgYear = tuple[str, int]


def _counted(rows: Iterable[Rows]) -> list[Rows]:
    return [r for r in rows if r.get("counted") and r.get("org_key")]


def missing_items(items: list[Rows], measures: list[Rows], names: dict[str, str], rules: Rules) -> list[Rows]:
    """One row per organisation x assessment year x OIT item scored below full marks; and, for a
    year whose items are scored, one per item of that year's catalog the data has no score for
    (``unscored``: not evidence that it is missing — a document may list only some items).

    ``addressed_by``: the organisation's planned measures for a later fiscal year that serve the
    item: its topic among their ``item_topics`` (codes are renumbered between years; the code
    itself only for an item no catalog knows). ``same_indicator``: its later planned measures
    that name no item but serve the item's indicator — weaker evidence, kept apart: an OIT
    indicator spans some twenty items, and a measure to publish the procurement plan does not
    take up a missing annual report.
    """
    plans: dict[str, list[Rows]] = defaultdict(list)  # per organisation
    for m in _counted(measures):
        if m.get("counts_as") == MeasureRole.PLANNED:
            plans[m["org_key"]].append(m)
    scored: dict[tuple[str, int | None], dict[str, Rows]] = defaultdict(dict)
    for it in sorted(
        _counted(items), key=lambda r: (r["org_key"], r.get("assessment_year") or 0, r["doc_id"])
    ):
        if is_oit(it["item_code"]):
            scored[(it["org_key"], it.get("assessment_year"))].setdefault(it["item_code"], it)
    out = []
    for (key, year), by_code in sorted(scored.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        catalog = rules.catalog(year)
        codes = set(by_code)
        if catalog is not None and catalog.complete:
            codes |= {c.code for c in catalog.oit_items}
        for code in sorted(codes, key=item_number):
            got = by_code.get(code)
            if got is None or (got.get("score") is not None and got["score"] < 100):
                item = catalog.item(code) if catalog else None
                out.append(_item_row(key, year, code, got, item, plans.get(key, []), names))
    return out


def _item_row(
    key: str,
    year: int | None,
    code: str,
    it: Rows | None,
    item: CatalogItem | None,
    plans: list[Rows],  # the organisation's planned measures
    names: dict[str, str],
) -> Rows:
    score = it.get("score") if it else None
    indicator = item.indicator if item else (it or {}).get("indicator_no")
    topic = item.topic if item else (it or {}).get("item_topic")
    later = [m for m in plans if year and any(y > year for y in _years(m))]
    addressed_by = [m["measure_id"] for m in later if _serves(m, code, topic)]
    same_indicator = [
        m["measure_id"]
        for m in later
        if not m.get("item_codes") and indicator is not None and m.get("indicator_no") == indicator
    ]
    status = ItemStatus.UNSCORED if it is None else ItemStatus.MISSING if score == 0 else ItemStatus.PARTIAL
    return {
        "org_name": names.get(key),
        "assessment_year": year,
        "item_code": code,
        "item_name": (it.get("item_name") if it else None) or (item.name if item else None),
        "score": score,
        "status": status,
        "addressed_by": addressed_by,
        "addressed": bool(addressed_by),
        "same_indicator": same_indicator,
        "org_key": key,
        "indicator_no": indicator,
        "item_topic": topic,
        "doc_id": it["doc_id"] if it else None,
        "page": it.get("page") if it else None,
    }


def _serves(m: Rows, code: str, topic: str | None) -> bool:
    """Does measure ``m`` name the item: by topic (its codes are of another year's catalog), or by
    the code itself for an item no catalog knows?"""
    return topic in (m.get("item_topics") or []) if topic else code in (m.get("item_codes") or [])


def _years(m: Rows) -> list[int]:
    """The fiscal years a measure counts in (its document's year when none were found)."""
    return list(m.get("fiscal_years") or ([m["fiscal_year"]] if m.get("fiscal_year") else []))


def measure_counts(measures: list[Rows]) -> dict[OrgYear, dict[int | None, dict[str, int]]]:
    """Per organisation's year and indicator (None: no indicator found), how many counted integrity
    measures were planned, reported, and reported in each status."""
    counts: dict[OrgYear, dict[int | None, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for m in _counted(measures):
        role = m.get("counts_as")
        if role not in (MeasureRole.PLANNED, MeasureRole.REPORTED):
            continue
        for y in _years(m):
            c = counts[(m["org_key"], y)][m.get("indicator_no")]
            c[str(role)] += 1
            if role == MeasureRole.REPORTED and m.get("status") in MeasureStatus.values():
                c[str(m["status"])] += 1
    return counts


def plan_vs_outcome(
    measures: list[Rows], scores: list[Rows], names: dict[str, str], rules: Rules
) -> list[Rows]:
    """One row per organisation x fiscal year x indicator (1-10) for every year the organisation
    has counted integrity measures: planned and reported, report statuses, and the indicator's
    score in the latest assessment before that year. A measure counts in each of its
    ``fiscal_years`` (a multi-year plan's measure in the years it is scheduled)."""
    by_org_scores: dict[str, list[Rows]] = defaultdict(list)
    for s in _counted(scores):
        by_org_scores[s["org_key"]].append(s)
    out = []
    for (key, fy), per_ind in sorted(measure_counts(measures).items()):
        catalog = rules.nearest_catalog(fy - 1)
        unmatched = per_ind.get(None, {})
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
                    "planned": c.get(MeasureRole.PLANNED.value, 0),
                    "reported": c.get(MeasureRole.REPORTED.value, 0),
                    "planned_unmatched": unmatched.get(MeasureRole.PLANNED.value, 0),
                    "reported_unmatched": unmatched.get(MeasureRole.REPORTED.value, 0),
                    **{st.value: c.get(st.value, 0) for st in MeasureStatus},
                    "score_before": latest["score"] if latest else None,
                    "score_before_year": latest["assessment_year"] if latest else None,
                    "org_key": key,
                    "indicator_name": ind.name if ind else None,
                }
            )
    return out


def coverage(rows: dict[str, list[Rows]], names: dict[str, str], rules: Rules) -> list[Rows]:
    """One row per organisation x fiscal year the corpus holds any evidence for: what evidence, what
    it lacks of what a year should have (``rules/corpus.yaml: expected_each_year``), and from which
    documents. An assessment's scores count in its year (ITA 2567 is assessed in fiscal year 2567)."""
    ev = _Evidence()
    ev.documents(_counted(rows["documents"]), rules)
    ev.scores(_counted(rows["indicator_scores"]), Evidence.INDICATOR_SCORES, "indicator_no")
    ev.scores(
        [s for s in _counted(rows["item_scores"]) if is_oit(s["item_code"])],
        Evidence.ITEM_SCORES,
        "item_code",
    )
    counts = measure_counts(rows["measures"])
    expected = rules.corpus.expected_each_year
    out = []
    for key, year in sorted(ev.found):
        per = counts.get((key, year), {})
        unmatched = per.get(None, {})
        out.append(
            {
                "org_key": key,
                "org_name": names.get(key),
                "fiscal_year": year,
                "evidence": [e.value for e in Evidence if e in ev.found[(key, year)]],
                "lacking": [e.value for e in expected if e not in ev.found[(key, year)]],
                "overall_score": ev.overall.get((key, year)),
                "indicators_scored": len(ev.scored[(Evidence.INDICATOR_SCORES, (key, year))]),
                "items_scored": len(ev.scored[(Evidence.ITEM_SCORES, (key, year))]),
                "measures_planned": sum(c.get(MeasureRole.PLANNED.value, 0) for c in per.values()),
                "measures_reported": sum(c.get(MeasureRole.REPORTED.value, 0) for c in per.values()),
                "measures_unmatched": unmatched.get(MeasureRole.PLANNED.value, 0)
                + unmatched.get(MeasureRole.REPORTED.value, 0),
                "doc_ids": sorted(ev.docs[(key, year)]),
            }
        )
    return out


class _Evidence:
    """What the counted rows say about each organisation's year (built by ``coverage``)."""

    def __init__(self) -> None:
        self.found: dict[OrgYear, set[Evidence]] = defaultdict(set)
        self.docs: dict[OrgYear, set[str]] = defaultdict(set)
        self.overall: dict[OrgYear, float] = {}
        self.scored: dict[tuple[Evidence, OrgYear], set[object]] = defaultdict(set)

    def add(self, key: str, year: int | None, kind: Evidence, doc_id: str) -> None:
        if year:
            self.found[(key, year)].add(kind)
            self.docs[(key, year)].add(doc_id)

    def documents(self, docs: list[Rows], rules: Rules) -> None:
        """What each document is evidence of (its kind's rule) in every year it covers (a year with
        documents of other kinds only has a row too, with no evidence), and its overall score in
        the score's year."""
        for d in docs:
            rule = rules.corpus.evidence_rule(d.get("doc_type"), d.get("doc_subtype"))
            first = d.get("fiscal_year")
            years = range(first, (d.get("fiscal_year_end") or first) + 1) if first else range(0)
            for year in years:
                self.found[(d["org_key"], year)].update(rule.evidence if rule else ())
                self.docs[(d["org_key"], year)].add(d["doc_id"])
            if d.get("overall_score") is not None and d.get("overall_score_year"):
                self.add(d["org_key"], d["overall_score_year"], Evidence.OVERALL_SCORE, d["doc_id"])
                self.overall.setdefault((d["org_key"], d["overall_score_year"]), d["overall_score"])

    def scores(self, scores: list[Rows], kind: Evidence, what: str) -> None:
        for s in scores:
            if s.get("score") is not None:
                self.add(s["org_key"], s.get("assessment_year"), kind, s["doc_id"])
                self.scored[(kind, (s["org_key"], s.get("assessment_year") or 0))].add(s[what])
