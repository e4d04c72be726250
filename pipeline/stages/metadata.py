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
from ..model import DocType, DocumentState, Metadata
from ..rules import Rules
from ..rules.models import OrgTypeRule
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


@dataclass(frozen=True)
class _OrgForms:
    """Every way the rules name a body, as one regex, and the kind each form is."""

    rx: re.Pattern[str]
    kind: dict[str, OrgTypeRule]  # a phrase or abbreviation without spaces or dot -> its kind


def _alternatives(forms: list[str], abbreviations: bool = False) -> str:
    pats = sorted(
        ((len(f), re.escape(f.rstrip(".")) + r"\.?" if abbreviations else _flexible(f)) for f in forms),
        key=lambda a: -a[0],  # longest first: โรงพยาบาลส่งเสริมสุขภาพตำบล before โรงพยาบาล
    )
    return "|".join(f"(?:{p})" for _, p in pats) or "(?!)"


@lru_cache(maxsize=4)
def _org_regex(rules: Rules) -> _OrgForms:
    """One regex for every form of every kind of body (``rules/org_types.yaml``)."""
    kind: dict[str, OrgTypeRule] = {}
    groups: dict[str, list[str]] = {"named": [], "abbr": [], "fixed": [], "fabbr": [], "suffixed": []}
    suffixes: set[str] = set()
    listed: list[str] = []  # a kind with a closed list of names (the ministries): the kind and one of them
    for ot in rules.orgs.org_types:
        if ot.names:
            names = _alternatives(ot.names)
            listed += [rf"{_flexible(p)}\s?(?:{names})" for p in ot.phrases]
            for form in ot.phrases:
                kind.setdefault(_form_key(form), ot)
            continue
        phrases = "suffixed" if ot.suffix else "fixed" if ot.fixed else "named"
        groups[phrases] += ot.phrases
        groups["fabbr" if ot.fixed else "abbr"] += [] if ot.suffix else ot.abbreviations
        for form in [*ot.phrases, *ot.abbreviations]:
            kind.setdefault(_form_key(form), ot)
        if ot.suffix:
            suffixes.add(ot.suffix)
    letter = "[\u0e01-\u0e4e]"
    area = r"(?P<{0}>\s?เขต\s?\d{{1,2}}(?!\d))?"
    rx = re.compile(
        # an institute or office that names itself by a suffix: "สถาบัน… (องค์การมหาชน)"
        rf"(?P<sfull>{_alternatives(groups['suffixed'])})(?P<sname>[\u0e01-\u0e4e ]{{2,80}}?)\s?"
        rf"(?P<suffix>{_alternatives(sorted(suffixes))})"
        rf"|(?P<fixed>{_alternatives(groups['fixed'])})"  # a body whose kind is its whole name
        rf"|(?P<listed>{'|'.join(f'(?:{x})' for x in listed) or '(?!)'})"
        rf"|(?<!{letter})(?P<fabbr>{_alternatives(groups['fabbr'], True)})"
        # a kind and the name after it, at once or after one space or line break
        rf"|(?P<full>{_alternatives(groups['named'])})\s?(?P<name>{letter}+){area.format('area')}"
        # อบต.ตุน (with a space it is a role: "นายก อบต. รอง…")
        rf"|(?<!{letter})(?P<abbr>{_alternatives(groups['abbr'], True)})(?P<aname>{letter}+){area.format('aarea')}"
    )
    return _OrgForms(rx, kind)


def _form_key(form: str) -> str:
    return re.sub(r"\s+", "", form).rstrip(".")


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
    """A name does not start with a function word (``ที่ใช้…`` is running text, not a name) or a
    stop word (``กรมธรรม์ประกันภัย``: "ธรรม์" makes the word a policy, not a department)."""
    first = next((t for t in lexicon.tokenize(name) if not t.isspace()), "")
    return (first in set(rules.orgs.name_terminators) and first != name) or first in set(
        rules.orgs.name_stop_words
    )


def find_org(
    pages: list[str], rules: Rules, lexicon: Lexicon, gaz: Gazetteer | None = None
) -> tuple[str | None, OrgTypeRule | None]:
    """(org_name, its kind) by vote over every mention of a public body. With the gazetteer: a
    name that is a place is a name, even one that starts like a function word (ตำบลในควน), and a
    kind named after its province names one (สำนักงานสาธารณสุขจังหวัด + a province, not the words
    of the next column)."""
    forms = _org_regex(rules)
    mentions: list[tuple[tuple[str, str], int]] = []
    for p, text in enumerate(pages):
        for m in forms.rx.finditer(text):
            named = _mention(m, forms, rules, lexicon, gaz)
            if named is not None:
                mentions.append((named, FIRST_PAGE_WEIGHT if p == 0 else 1))
    won = _vote(mentions)
    return (won[0], forms.kind[won[1]]) if won is not None else (None, None)


def _mention(
    m: re.Match[str], forms: _OrgForms, rules: Rules, lexicon: Lexicon, gaz: Gazetteer | None = None
) -> tuple[str, str] | None:
    """(the body's full name, the key of its kind's form) of one match, None when it names no body."""
    if m.group("sfull"):
        suffixed = forms.kind[_form_key(m.group("sfull"))]
        name = " ".join(m.group("sname").split())
        return f"{suffixed.canonical}{name} {suffixed.suffix}", _form_key(m.group("sfull"))
    form = m.group("fixed") or m.group("fabbr")
    if form:
        return forms.kind[_form_key(form)].canonical, _form_key(form)
    if m.group("listed"):  # a kind with a closed list of names: the longest kind and name it is
        said = _form_key(m.group("listed"))
        for key in sorted(
            (k for k, o in forms.kind.items() if o.names and said.startswith(k)), key=len, reverse=True
        ):
            listed = forms.kind[key]
            rest = said[len(key) :]
            known = [n for n in listed.names if rest.startswith(_form_key(n))]
            if known:
                return listed.canonical + _form_key(max(known, key=len)), key
        return None
    form = m.group("full") or m.group("abbr")
    ot = forms.kind.get(_form_key(form))
    found = _name_after(ot, m, rules, lexicon, gaz) if ot is not None else None
    if ot is None or found is None:
        return None
    name = found
    area = m.group("area") or m.group("aarea")
    if ot.area_number and area and name == (m.group("name") or m.group("aname")):
        name += " เขต " + re.sub(r"\D", "", area)
    return ot.canonical + name, _form_key(form)


def _name_after(
    ot: OrgTypeRule, m: re.Match[str], rules: Rules, lexicon: Lexicon, gaz: Gazetteer | None
) -> str | None:
    """The name after a kind's phrase or abbreviation, cut where running text starts; None when
    the words there name no body."""
    name = cut_name(m.group("name") or m.group("aname"), rules, lexicon)
    places = gaz.names if gaz is not None else frozenset()
    broken = m.group("name") and "\n" in m.string[m.end("full") : m.start("name")]
    if broken and not _heading(m, rules) and name not in places:
        return None  # the next line of running text, or of another column: not the name
    if gaz is not None and ot.place == "province":
        name = _provinces_named(name, gaz) or ""
    if (
        len(name) < 2
        or name in set(rules.orgs.name_stop_words)
        or (_starts_with_terminator(name, rules, lexicon) and name not in places)
    ):
        return None
    return name


def _heading(m: re.Match[str], rules: Rules) -> bool:
    """Does the kind start its line (after at most a heading word: "ประกาศ", "ส่วนราชการ")?"""
    line = m.string[m.string.rfind("\n", 0, m.start("full")) + 1 : m.start("full")].strip()
    return not line or line in rules.orgs.heading_words


def _provinces_named(name: str, gaz: Gazetteer) -> str | None:
    """The province (or the two provinces: "เลย-หนองบัวลำภู") a name starts with, as printed."""
    first = gaz.province(name)
    if first is None:
        return None
    n = len(first.name) if name.startswith(first.name) else len(name)
    rest = name[n:]
    joined = rest.lstrip(" -")
    second = gaz.province(joined) if rest[:1] in (" ", "-") else None
    if second is not None and joined.startswith(second.name):
        return name[: n + len(rest) - len(joined) + len(second.name)]
    return name[:n]


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


def _place_named(org_name: str, kind: OrgTypeRule, gaz: Gazetteer) -> tuple[str, str, str]:
    """(the place's name in the body's name, the area number after it, the kind of place): an area
    is a province's name, else a district's."""
    core = org_name[len(kind.canonical) :]
    area_no = re.search(r"\s*เขต\s*\d+$", core) if kind.area_number else None
    if area_no:  # "ปราจีนบุรี เขต 3": the place is before the area's number
        core = core[: area_no.start()]
    place = kind.place
    if place == "area":
        place = "province" if gaz.nearest(core, gaz.provinces) is not None else "district"
    return core, area_no.group(0) if area_no else "", place


def place_of_body(
    org_name: str | None, kind: OrgTypeRule | None, loc: Location, rules: Rules, gaz: Gazetteer
) -> tuple[str | None, Location]:
    """The body's name with its place read against the gazetteer (``โรงพยาบาลนำยืน`` -> ``…น้ำยืน``
    when that is the one near name), and the codes its name gives (an อบต. is its ตำบล): inferred
    codes only fill what the document does not print."""
    if kind is None or kind.place in ("none", "national") or kind.fixed or kind.suffix or not org_name:
        return org_name, loc
    core, area_no, place = _place_named(org_name, kind, gaz)
    pool = {
        "subdistrict": gaz.subdistricts(loc.district_code, loc.province_code),
        "district": gaz.districts(loc.province_code),
        "province": gaz.provinces,
    }[place]
    if place == "subdistrict" and not (loc.district_code or loc.province_code):
        # thousands of ตำบล share names: without a district or province only a name no other has
        unique = gaz.subdistrict(core)
        pool = (unique,) if unique else ()
    hit = next((a for a in pool if a.name == core), None) or gaz.nearest(core, pool)
    if hit is None:
        return org_name, loc
    if place == "district" and not loc.province_code and sum(1 for a in pool if a.name == hit.name) > 1:
        return org_name, loc  # a district name two provinces have: which is not known
    name = kind.canonical + hit.name + area_no
    codes = {
        "subdistrict": ("subdistrict_code", "district_code", "province_code"),
        "district": ("district_code", "province_code"),
        "province": ("province_code",),
    }[place]
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
    publisher = find_org(pages[:memo], rules, lexicon, gaz) if memo else (None, None)
    pages = pages[memo:]
    first = next((p for p in pages if p.strip()), "")
    doc_type = detect_doc_type(first, rules)
    org_name, kind = find_org(pages, rules, lexicon, gaz)
    publisher_name = place_of_body(*publisher, Location(), rules, gaz)[0]
    if publisher_name is None or _same_name(publisher_name, org_name, rules):
        publisher = (None, None)
    national = kind is not None and kind.place == "national"
    loc = Location() if national else find_location(pages, rules, gaz)
    org_name, loc = place_of_body(org_name, kind, loc, rules, gaz)
    fiscal_year, fiscal_year_end = find_fiscal_years(pages, doc_type, rules)
    overall_score, overall_score_year = find_overall_score(pages, rules)
    return Metadata(
        org_name,
        kind.code if kind else None,
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
        publisher_name if publisher[1] else None,
        publisher[1].code if publisher[1] else None,
        kind.kind if kind else None,
        kind.group if kind else None,
    )


def _same_name(a: str | None, b: str | None, rules: Rules) -> bool:
    """Two spellings of one body's name (a lost mark, a space): alike beyond ``org_name_min``."""
    if a is None or b is None:
        return a == b
    return ratio(skeleton(a), skeleton(b)) >= rules.matching.org_name_min


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: who published the document, where, what it is, for which year, its overall score."""
    return replace(
        state,
        metadata=document_metadata([p.text for p in state.pages], ctx.rules, ctx.lexicon, ctx.gazetteer),
    )
