"""``ita audit``: which organisations lack which OIT items in their latest assessment, and did a
later plan take them up?

Reads ``missing_items`` (one row per organisation x year x OIT item below full marks, with the
later plan measures that serve it) and keeps, per organisation, its latest assessment (or the
year asked for). Organisations come worst first: most missing items, then most partial ones.
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
    item_name: str | None
    score: float
    status: str  # missing / partial
    addressed: bool
    measures: list[dict] = field(default_factory=list)  # the later plan measures that serve the item
    source_file: str | None = None  # where the score was read
    page: int | None = None
    province: str | None = None
    district: str | None = None


def parse_item_codes(text: str, rules: Rules) -> list[str]:
    """``"o9, O12,o๑๕"`` -> ``["o9", "o12", "o15"]``; an unknown or non-OIT code is a ``DataError``.

    >>> from pipeline.rules import load_rules
    >>> parse_item_codes("o9, O12,o๑๕", load_rules())
    ['o9', 'o12', 'o15']
    """
    known = {it.code for cat in rules.catalogs.values() for it in cat.items}
    oit = sorted((c for c in known if is_oit(c)), key=item_number)
    try:
        out = items.parse_item_codes(text, known)
    except ValueError as exc:
        raise DataError(
            f"unknown item code {str(exc)!r}: OIT items are {oit[0]}…{oit[-1]} (rules/catalogs)"
        ) from None
    for code in out:
        if not is_oit(code):
            raise DataError(f"{code} is not an OIT item: the audit covers OIT items ({oit[0]}…{oit[-1]})")
    if not out:
        raise DataError("--items: give item codes, e.g. o9,o12,o15")
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
       m.addressed_by, m.page, d.source_file, p.province, p.district
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
    ``year``), worst organisations first, items in catalog order."""
    measures = {m["measure_id"]: m for m in rows(con, _MEASURES)}
    found = rows(con, _MISSING, {"year": year})
    needle = org.strip().casefold() if org else None
    out: list[AuditRow] = []
    for r in found:
        if items and r["item_code"] not in items:
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
