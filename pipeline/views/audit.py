"""``ita audit``: which organisations lack which OIT items in their latest assessment, and did a
later plan take them up?

Reads ``missing_items`` (one row per organisation x year x OIT item below full marks, with the
later plan measures that serve it) and keeps, per organisation, its latest assessment (or the
year asked for). Organisations come worst first: most missing items, then most partial ones.

Items are asked for by code (``o9``: the item numbered so in each assessment's own year) or by
topic (``service_manual``: the same requirement whatever its number that year); codes are
renumbered between years, so ``item_meanings`` says what each code asked means in each year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..adapters.sql import DataError, rows
from ..model import ItemStatus
from ..rules import Rules
from ..text import items
from ..text.items import is_oit, item_number


@dataclass
class AuditRow:
    org_name: str
    org_key: str
    assessment_year: int
    item_code: str
    item_name: str | None  # its name in the catalog of its year
    score: float
    status: str  # missing / partial
    addressed: bool
    measures: list[dict] = field(default_factory=list)  # the later plan measures that serve the item
    source_file: str | None = None  # where the score was read
    page: int | None = None
    province: str | None = None
    district: str | None = None
    item_topic: str | None = None  # what it asks for in any year (rules/topics.yaml)


def _oit_topics(rules: Rules) -> dict[str, str]:
    """OIT topic -> the topic itself, for the topics an OIT item of some year has."""
    return {it.topic: it.topic for cat in rules.catalogs.values() for it in cat.oit_items}


def parse_item_codes(text: str, rules: Rules) -> list[str]:
    """``"o9, O12,o๑๕"`` -> ``["o9", "o12", "o15"]``; topics (``service_manual``) as given; an
    unknown or non-OIT code is a ``DataError``.

    >>> from pipeline.rules import load_rules
    >>> parse_item_codes("o9, O12,o๑๕, service_manual", load_rules())
    ['o9', 'o12', 'o15', 'service_manual']
    """
    known = {it.code for cat in rules.catalogs.values() for it in cat.items}
    topics = _oit_topics(rules)
    oit = sorted((c for c in known if is_oit(c)), key=item_number)
    try:
        out = items.parse_item_codes(text, known | set(topics))
    except ValueError as exc:
        raise DataError(
            f"unknown item {str(exc)!r}: give OIT item codes ({oit[0]}…{oit[-1]}) or topics "
            "(e.g. service_manual; rules/topics.yaml lists them)"
        ) from None
    for code in out:
        if code not in topics and not is_oit(code):
            raise DataError(f"{code} is not an OIT item: the audit covers OIT items ({oit[0]}…{oit[-1]})")
    if not out:
        raise DataError("--items: give item codes or topics, e.g. o9,o12,o15 or service_manual")
    return out


def item_meanings(asked: list[str], years: list[int], rules: Rules) -> dict[str, list[tuple[int, str, str]]]:
    """What each code or topic asked is in each of ``years``: ``(year, code, name)``, so that an
    auditor sees o9 is the service manual in 2568 and the annual report in 2567.

    >>> from pipeline.rules import load_rules
    >>> m = item_meanings(["o9"], [2567, 2568], load_rules())["o9"]
    >>> [(y, c, n[:12]) for y, c, n in m]
    [(2567, 'o9', 'รายงานผลการด'), (2568, 'o9', 'คู่มือหรือแน')]
    """
    out: dict[str, list[tuple[int, str, str]]] = {}
    for a in asked:
        for y in sorted(set(years)):
            cat = rules.catalog(y)
            it = next((i for i in cat.oit_items if a in (i.code, i.topic)), None) if cat else None
            if it is not None:
                out.setdefault(a, []).append((y, it.code, it.name))
    return out


_MISSING = """
with assessed as (
    select org_key, assessment_year as year from item_scores
    where counted and org_key is not null and assessment_year is not null and item_code like 'o%'
    group by all
), chosen as (
    select org_key, max(year) as year from assessed
    where ($year::integer is null or year = $year::integer) group by org_key
), places as (
    select org_key, mode(province) as province, mode(district) as district
    from documents where counted and org_key is not null group by org_key
)
select m.org_name, m.org_key, m.assessment_year, m.item_code, m.item_name, m.score, m.status, m.addressed,
       m.addressed_by, m.page, d.source_file, p.province, p.district, m.item_topic
from missing_items m
join chosen c on c.org_key = m.org_key and c.year = m.assessment_year
left join documents d on d.doc_id = m.doc_id and d.counted
left join places p on p.org_key = m.org_key
where m.status in ('missing', 'partial')
"""

#: what the audit cannot judge: organisations (and years) the data has no OIT item scores for, and
#: the items of an assessed year no document scores
_UNJUDGED = """
with scored as (
    select distinct org_key, assessment_year as year from item_scores
    where counted and org_key is not null and assessment_year is not null and item_code like 'o%'
)
select o.org_key, o.org_name, o.province, o.district,
       list(distinct c.fiscal_year order by c.fiscal_year) filter (where c.fiscal_year is not null) as years
from organisations o left join coverage c on c.org_key = o.org_key
where not exists (select 1 from scored s where s.org_key = o.org_key
                  and ($year::integer is null or s.year = $year::integer))
group by all
order by o.org_name, o.org_key
"""

_MEASURES = """
select measure_id, text, fiscal_year, kind, status, source_file, page, match_score, indicator_no
from measures where measure_id in (select unnest(addressed_by) from missing_items)
"""


def _matches(r: dict, needle: str | None) -> bool:
    """``--org``: the text is in the body's name, key, province or district."""
    keys = ("org_name", "org_key", "province", "district")
    return not needle or any(needle in (r[k] or "").casefold() for k in keys)


def audit_rows(
    con, items: list[str] | None = None, org: str | None = None, year: int | None = None
) -> list[AuditRow]:
    """The audit table: organisation x missing/partial OIT item of its latest assessment (or of
    ``year``), worst organisations first, items in catalog order. ``items``: codes (as numbered
    in each assessment's year) or topics."""
    measures = {m["measure_id"]: m for m in rows(con, _MEASURES)}
    found = rows(con, _MISSING, {"year": year})
    needle = org.strip().casefold() if org else None
    out: list[AuditRow] = []
    for r in found:
        if items and r["item_code"] not in items and r["item_topic"] not in items:
            continue
        if not _matches(r, needle):
            continue
        ms = sorted(
            (measures[i] for i in r["addressed_by"] or [] if i in measures),
            key=lambda m: (m.get("fiscal_year") or 0, m.get("source_file") or "", m.get("page") or 0),
        )
        out.append(
            AuditRow(
                r["org_name"],
                r["org_key"],
                r["assessment_year"],
                r["item_code"],
                r["item_name"],
                r["score"],
                r["status"],
                bool(r["addressed"]),
                ms,
                r["source_file"],
                r["page"],
                r["province"],
                r["district"],
                r["item_topic"],
            )
        )
    worst: dict[str, tuple[int, int]] = {}
    for a in out:
        miss, part = worst.get(a.org_key, (0, 0))
        worst[a.org_key] = (miss + (a.status == ItemStatus.MISSING), part + (a.status == ItemStatus.PARTIAL))
    return sorted(
        out,
        key=lambda r: (
            -worst[r.org_key][0],
            -worst[r.org_key][1],
            r.org_name,
            r.org_key,
            item_number(r.item_code),
        ),
    )


@dataclass
class Unjudged:
    """A body the audit cannot judge: the data has no OIT item scores of it (for the year asked)."""

    org_key: str
    org_name: str | None
    province: str | None
    district: str | None
    years: list[int]  # the years the corpus holds other evidence for


_JUDGED = """
select distinct s.org_key, o.org_name, o.province, o.district from item_scores s
join organisations o on o.org_key = s.org_key
where s.counted and s.assessment_year is not null and s.item_code like 'o%'
  and ($year::integer is null or s.assessment_year = $year::integer)
"""


def judged(con, org: str | None = None, year: int | None = None) -> int:
    """How many organisations the audit can judge: the data has OIT item scores of them."""
    needle = org.strip().casefold() if org else None
    return sum(1 for r in rows(con, _JUDGED, {"year": year}) if _matches(r, needle))


def unjudged(con, org: str | None = None, year: int | None = None) -> list[Unjudged]:
    """The organisations the audit cannot judge (no OIT item scores, in ``year`` when given)."""
    needle = org.strip().casefold() if org else None
    out = []
    for r in rows(con, _UNJUDGED, {"year": year}):
        if year is not None and r["years"] and year not in r["years"]:
            continue  # nothing at all of that year: not a body of that year's audit
        if not _matches(r, needle):
            continue
        out.append(
            Unjudged(r["org_key"], r["org_name"], r["province"], r["district"], list(r["years"] or []))
        )
    return out


_UNMATCHED = """
select m.org_key, o.org_name, o.province, o.district, count(*) filter (where m.indicator_no is null) as unmatched,
       count(*) as planned
from measures m left join organisations o on o.org_key = m.org_key
where m.counted and m.counts_as = 'planned' and m.org_key is not null
group by all
"""


def unmatched_plans(con, keys: set[str] | None = None, org: str | None = None) -> tuple[int, int]:
    """Of the counted planned measures (of the organisations ``keys``, or matching ``org``), how
    many have no indicator, and how many there are: an item "not addressed" may be addressed by one
    of the unmatched (``measures.match_note`` says why each is)."""
    needle = org.strip().casefold() if org else None
    got = [
        r
        for r in rows(con, _UNMATCHED)
        if (keys is None or r["org_key"] in keys) and (keys is not None or _matches(r, needle))
    ]
    return sum(r["unmatched"] for r in got), sum(r["planned"] for r in got)


def audit_records(audit: list[AuditRow]) -> list[dict]:
    """Flat rows for CSV/Excel: one per organisation x item, the serving measures joined."""
    return [
        {
            "org_name": r.org_name,
            "province": r.province,
            "district": r.district,
            "assessment_year": r.assessment_year,
            "item_code": r.item_code,
            "item_name": r.item_name,
            "item_topic": r.item_topic,
            "score": r.score,
            "status": r.status,
            "addressed": r.addressed,
            "measures": " | ".join(m["text"] or "" for m in r.measures),
            "measure_fiscal_years": " | ".join(str(m.get("fiscal_year") or "") for m in r.measures),
            "measure_sources": " | ".join(f"{m.get('source_file')} p.{m.get('page')}" for m in r.measures),
            "measure_ids": " | ".join(m["measure_id"] for m in r.measures),
            "score_source": f"{r.source_file} p.{r.page}" if r.source_file else None,
            "org_key": r.org_key,
        }
        for r in audit
    ]
