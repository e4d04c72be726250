"""Document metadata from page texts: who published it, where, what it is, for which year.

Pure functions over the repaired page texts; all words and patterns come from ``rules/``.
A body is named many times in a document and OCR or a title page can garble or omit one
mention, so names and places are *voted*: the value most mentions agree on wins (first-page
mentions weigh more, they are the title).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypeVar

from ..adapters.fuzzy import ratio
from ..adapters.gazetteer import Area
from ..model import DocType, DocumentState, Metadata, OrgType
from ..rules import Rules
from ..text.chars import skeleton
from ..text.lexicon import Lexicon
from ..text.periods import fiscal_year_of, parse_date
from ..text.places import Gazetteer
from .context import Context

FIRST_PAGE_WEIGHT = 3
T = TypeVar("T")


def _flexible(phrase: str) -> str:
    """Regex for a phrase that tolerates a stray space or line break anywhere inside it
    (``องค์ การบริหารส่วน ตำบล``)."""
    chars = [c for c in phrase if not c.isspace()]
    return r"\s?".join(re.escape(c) for c in chars)


@lru_cache(maxsize=4)
def _org_regex(rules: Rules) -> tuple[re.Pattern[str], dict[str, tuple[OrgType, str]]]:
    """One regex for every org phrase/abbreviation; maps the matched form to (code, canonical)."""
    alternatives: list[tuple[int, str, bool]] = []
    lookup: dict[str, tuple[OrgType, str]] = {}
    for ot in rules.orgs.org_types:
        for ph in ot.phrases:
            alternatives.append((len(ph), _flexible(ph), False))
            lookup[re.sub(r"\s+", "", ph)] = (ot.code, ot.canonical)
        for ab in ot.abbreviations:
            core = ab.rstrip(".")
            alternatives.append((len(core), re.escape(core) + r"\.?", True))
            lookup[core] = (ot.code, ot.canonical)
    alternatives.sort(key=lambda a: -a[0])  # longest first: โรงพยาบาลส่งเสริมสุขภาพตำบล before โรงพยาบาล
    full = "|".join(f"(?:{p})" for _, p, ab in alternatives if not ab)
    abbr = "|".join(f"(?:{p})" for _, p, ab in alternatives if ab)
    letter = "[\u0e01-\u0e4e]"
    rx = re.compile(
        rf"(?P<full>{full})(?P<name>{letter}+)"  # full phrase: the name follows at once
        rf"|(?<!{letter})(?P<abbr>{abbr})(?P<aname>{letter}+)"  # อบต.ตุน (with a space it is a role: "นายก อบต. รอง…")
    )
    return rx, lookup


def cut_name(name: str, rules: Rules, lexicon: Lexicon) -> str:
    """Cut a run-on name at the first terminator word (never at its start).

    ``หนองขอนกว้างจึงได้จัดทำ`` -> ``หนองขอนกว้าง``
    """
    terms = set(rules.orgs.name_terminators)
    out = []
    for i, tok in enumerate(t for t in lexicon.tokenize(name) if not t.isspace()):
        if i > 0 and tok in terms:
            break
        out.append(tok)
    return "".join(out)


def _starts_with_terminator(name: str, rules: Rules, lexicon: Lexicon) -> bool:
    """A name does not start with a function word (``ที่ใช้…`` is running text, not a name)."""
    first = next((t for t in lexicon.tokenize(name) if not t.isspace()), "")
    return first in set(rules.orgs.name_terminators) and first != name


def find_org(pages: list[str], rules: Rules, lexicon: Lexicon) -> tuple[str | None, OrgType | None]:
    """(org_name, org_type) by vote over every mention of a public body."""
    rx, lookup = _org_regex(rules)
    mentions: list[tuple[tuple[str, OrgType], int]] = []
    stop = set(rules.orgs.name_stop_words)
    for p, text in enumerate(pages):
        for m in rx.finditer(text):
            form = m.group("full") or m.group("abbr")
            name = m.group("name") or m.group("aname")
            key = re.sub(r"\s+", "", form).rstrip(".")
            if key not in lookup:
                continue
            code, canonical = lookup[key]
            name = cut_name(name, rules, lexicon)
            if len(name) < 2 or name in stop or _starts_with_terminator(name, rules, lexicon):
                continue
            mentions.append(((canonical + name, code), FIRST_PAGE_WEIGHT if p == 0 else 1))
    won = _vote(mentions)
    return won if won is not None else (None, None)


def _vote(values: list[tuple[T, int]]) -> T | None:
    """The value with the most weight; on a tie the one mentioned first."""
    c: Counter[T] = Counter()
    first: dict[T, int] = {}
    for i, (v, w) in enumerate(values):
        c[v] += w
        first.setdefault(v, i)
    if not c:
        return None
    return max(c.items(), key=lambda kv: (kv[1], -first[kv[0]]))[0]


@dataclass(frozen=True)
class Location:
    """Where a document says its body is, read against the gazetteer: the names as printed (a
    misread name read right), and DOPA codes — printed, or inferred from the body's name
    (``place_source``)."""

    district: str | None = None
    province: str | None = None
    province_code: str | None = None
    district_code: str | None = None
    subdistrict_code: str | None = None
    place_source: str | None = None  # document | gazetteer


def _district_mention(text: str, start: int, rules: Rules) -> bool:
    """Is the ``อำเภอ`` at ``start`` an address, not part of an office's or a network's name
    (``สาธารณสุขอำเภอ``, ``เครือข่ายสุขภาพอำเภอ``)?"""
    before = re.sub(r"\s+", "", text[max(0, start - 30) : start])
    return not any(before.endswith(w) for w in rules.places.district_not_after)


def find_location(pages: list[str], rules: Rules, gaz: Gazetteer) -> Location:
    """District and province by vote over the mentions that are gazetteer places (first-page
    mentions weigh more); the district within the province when that is known."""
    provinces: list[tuple[str, int]] = []
    runs: list[tuple[str, int]] = []
    for p, text in enumerate(pages):
        w = FIRST_PAGE_WEIGHT if p == 0 else 1
        for m in rules.patterns["province"].finditer(text):
            hit = gaz.province(m.group(1))
            if hit is not None:
                provinces.append((hit.code, w))
        for m in rules.patterns["district"].finditer(text):
            if _district_mention(text, m.start(), rules):
                runs.append((m.group(1), w))
    province_code = _vote(provinces)
    districts = [
        (d.code or d.name, w) for run, w in runs if (d := gaz.district(run, province_code)) is not None
    ]
    district_key = _vote(districts)
    district = gaz.area(district_key) if district_key and district_key.isdigit() else None
    if district is not None and province_code is None:
        province_code = district.parent  # the district tells the province (not printed: a code only)
    province = gaz.area(province_code)
    printed_province = province.name if province and any(c == province_code for c, _ in provinces) else None
    return Location(
        district.name if district else district_key,
        printed_province,
        province_code,
        district.code if district else None,
        None,
        "document" if province_code or district else None,
    )


def place_of_body(
    org_name: str | None, org_type: OrgType | None, loc: Location, rules: Rules, gaz: Gazetteer
) -> tuple[str | None, Location]:
    """The body's name with its place read against the gazetteer (``โรงพยาบาลนำยืน`` -> ``…น้ำยืน``
    when that is the one near name), and the codes its name gives (an อบต. is its ตำบล): inferred
    codes only fill what the document does not print."""
    kind = rules.orgs.kind_of(org_name, org_type)
    if kind is None or kind.place in ("none", "national") or not org_name:
        return org_name, loc
    core = org_name[len(kind.canonical) :]
    pool = {
        "subdistrict": gaz.subdistricts(loc.district_code, loc.province_code),
        "district": gaz.districts(loc.province_code),
        "province": gaz.provinces,
    }[kind.place]
    if kind.place == "subdistrict" and not (loc.district_code or loc.province_code):
        # thousands of ตำบล share names: without a district or province only a name no other has
        unique = gaz.subdistrict(core)
        pool = (unique,) if unique else ()
    hit = next((a for a in pool if a.name == core), None) or gaz.nearest(core, pool)
    if hit is None:
        return org_name, loc
    name = kind.canonical + hit.name
    codes = {
        "subdistrict": ("subdistrict_code", "district_code", "province_code"),
        "district": ("district_code", "province_code"),
        "province": ("province_code",),
    }[kind.place]
    area: Area | None = hit
    inferred = {}
    for field_name in codes:
        if area is None:
            break
        if getattr(loc, field_name) is None:
            inferred[field_name] = area.code
        area = gaz.area(area.parent)
    if not inferred:
        return name, loc
    return name, replace(loc, **inferred, place_source="gazetteer")


def detect_doc_type(first_page: str, rules: Rules) -> DocType:
    """The doc type whose title phrase starts earliest on the first page (ties: listed first)."""
    flat = re.sub(r"\s+", "", first_page)[: rules.doc_types.title_chars]
    best: tuple[tuple[int, int], DocType] | None = None
    for rank, dt in enumerate(rules.doc_types.doc_types):
        for p in dt.patterns:
            m = re.search(p, flat)
            if m and (best is None or (m.start(), rank) < best[0]):
                best = ((m.start(), rank), dt.code)
    return best[1] if best else DocType.OTHER


def revision_note(first_page: str, rules: Rules) -> str | None:
    """The words that call a document a revision of another ("ฉบับปรับปรุง", "แก้ไขเพิ่มเติม ครั้งที่
    2"), as printed in its title area (``rules/corpus.yaml: identity.revision``)."""
    m = rules.corpus.identity.revision.regex.search(first_page[: rules.doc_types.title_chars * 2])
    return " ".join(m.group(0).split()) if m else None


def detect_doc_subtype(first_page: str, rules: Rules) -> str | None:
    """The finer kind of a document of none of the contract's types: the first subtype listed whose
    phrase is in the title area."""
    flat = re.sub(r"\s+", "", first_page)[: rules.doc_types.title_chars]
    return next(
        (st.code for st in rules.doc_types.subtypes if any(re.search(p, flat) for p in st.patterns)), None
    )


def _span(text: str, rules: Rules) -> tuple[int, int] | None:
    """A plan's span of fiscal years ("(พ.ศ. 2566 – 2570)"), when plausible for a plan."""
    fy = rules.thresholds.fiscal_year
    for m in rules.patterns["year_span"].finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if fy.plausible(a) and 1 <= b - a <= fy.max_plan_span_years - 1:
            return a, b
    return None


def find_fiscal_years(pages: list[str], doc_type: DocType, rules: Rules) -> tuple[int | None, int | None]:
    """(fiscal_year, fiscal_year_end).

    A plan "(พ.ศ. 2566 – 2570)" gives 2566/2570. Otherwise the latest "ประจำปีงบประมาณ พ.ศ. X" on
    the first page that has one: a document of measures for 2568 that analyses the 2567
    assessment is for 2568. A document that names no fiscal year is for the span in its title
    (a 3-year manpower plan), else for the fiscal year of the date it is dated (``ณ วันที่ 2
    กันยายน 2567``: 1 Oct 2566 - 30 Sep 2567, so 2567).
    """
    first = next((p for p in pages if p.strip()), "")
    title_span = _span(first[: rules.doc_types.title_chars], rules)
    if title_span:  # a plan's title names its years ("แผนอัตรากำลัง 3 ปี ปีงบประมาณ 2561-2563")
        return title_span
    for text in pages[:3]:
        span = _span(text, rules) if doc_type == DocType.ANTICORRUPTION_PLAN else None
        if span:
            return span
        years = [
            int(m.group(1))
            for name in ("fiscal_year", "fiscal_year_calendar")
            for m in rules.patterns[name].finditer(text)
        ]
        years = [y for y in years if rules.thresholds.fiscal_year.plausible(y)]
        if years:
            return max(years), max(years)
    dated = parse_date(first, rules)
    if dated is not None:
        fy = fiscal_year_of(dated, rules)
        if rules.thresholds.fiscal_year.plausible(fy):
            return fy, fy
    return None, None


def _score_year(before: str, rules: Rules) -> int | None:
    """The fiscal year named nearest before a score (``ปีงบประมาณ พ.ศ. 2566``, ``ITA 2566``)."""
    fy = rules.thresholds.fiscal_year
    found = [
        (y.start(), int(y.group(1)))
        for name in ("fiscal_year", "be_year")
        for y in rules.patterns[name].finditer(before)
    ]
    found = [(pos, y) for pos, y in found if fy.plausible(y)]
    return max(found)[1] if found else None


def find_overall_score(pages: list[str], rules: Rules) -> tuple[float | None, int | None]:
    """The ITA overall score and the year it is for (the nearest year named before it). A document
    that compares with an earlier year ("สูงกว่าปีที่ผ่านมา … (ปีงบประมาณ พ.ศ. 2565 ได้ 89.30 คะแนน)")
    names several: the latest year's is the document's."""
    found: list[tuple[int, int, float]] = []  # (year or 0, -order, score)
    for text in pages:
        for m in rules.patterns["overall_score"].finditer(text):
            score = float(next(g for g in m.groups() if g))
            if 0 <= score <= 100:
                year = _score_year(text[max(0, m.start() - 400) : m.start()], rules)
                found.append((year or 0, -len(found), score))
    if not found:
        return None, None
    year, _, score = max(found)
    return score, year or None


def posting_memo_pages(pages: list[str], rules: Rules) -> int:
    """How many leading pages are a memo asking that the document be published
    (``rules/doc_types.yaml: posting_memo``); 0 when there is none, or when the memo is all there is
    (then it is the document)."""
    memo = rules.doc_types.posting_memo
    n = 0
    while n < min(memo.max_pages, len(pages)) and memo.is_memo(pages[n]):
        n += 1
    return n if n < len(pages) and any(p.strip() for p in pages[n:]) else 0


def document_metadata(pages: list[str], rules: Rules, lexicon: Lexicon, gaz: Gazetteer) -> Metadata:
    """Who the document is about, where, what it is, for which year. A cover memo asking to publish
    it names who posted it (``publisher_*``, when another body); the document is read after it."""
    if not any(p.strip() for p in pages):
        return Metadata()
    memo = posting_memo_pages(pages, rules)
    publisher = find_org(pages[:memo], rules, lexicon) if memo else (None, None)
    pages = pages[memo:]
    first = next((p for p in pages if p.strip()), "")
    doc_type = detect_doc_type(first, rules)
    org_name, org_type = find_org(pages, rules, lexicon)
    if publisher[0] is not None:
        publisher = (place_of_body(*publisher, Location(), rules, gaz)[0], publisher[1])
        if _same_name(publisher[0], org_name, rules):
            publisher = (None, None)
    loc = find_location(pages, rules, gaz) if _kind(org_name, org_type, rules) != "national" else Location()
    org_name, loc = place_of_body(org_name, org_type, loc, rules, gaz)
    fiscal_year, fiscal_year_end = find_fiscal_years(pages, doc_type, rules)
    overall_score, overall_score_year = find_overall_score(pages, rules)
    return Metadata(
        org_name,
        org_type,
        loc.district,
        loc.province,
        doc_type,
        fiscal_year,
        fiscal_year_end,
        overall_score,
        overall_score_year,
        loc.province_code,
        loc.district_code,
        loc.subdistrict_code,
        loc.place_source,
        detect_doc_subtype(first, rules) if doc_type == DocType.OTHER else None,
        revision_note(first, rules),
        *publisher,
    )


def _same_name(a: str | None, b: str | None, rules: Rules) -> bool:
    """Two spellings of one body's name (a lost mark, a space): alike beyond ``org_name_min``."""
    if a is None or b is None:
        return a == b
    return ratio(skeleton(a), skeleton(b)) >= rules.matching.org_name_min


def _kind(org_name: str | None, org_type: OrgType | None, rules: Rules) -> str | None:
    """The place a body's kind is named after (``rules/org_types.yaml: place``)."""
    kind = rules.orgs.kind_of(org_name, org_type)
    return kind.place if kind else None


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: who published the document, where, what it is, for which year, its overall score."""
    return replace(
        state,
        metadata=document_metadata([p.text for p in state.pages], ctx.rules, ctx.lexicon, ctx.gazetteer),
    )
