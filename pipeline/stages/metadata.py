"""Document metadata from page texts: who published it, where, what it is, for which year.

Pure functions over the repaired page texts; all words and patterns come from ``rules/``.
A body is named many times in a document and OCR or a title page can garble or omit one
mention, so names and places are *voted*: the value most mentions agree on wins (first-page
mentions weigh more, they are the title).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from ..adapters.thainlp import province_names
from ..model import DocumentState, Metadata
from ..rules import Rules
from ..text.lexicon import Lexicon
from .context import Context

FIRST_PAGE_WEIGHT = 3


def _flexible(phrase: str) -> str:
    """Regex for a phrase that tolerates a stray space or line break anywhere inside it
    (``องค์ การบริหารส่วน ตำบล``)."""
    chars = [c for c in phrase if not c.isspace()]
    return r"\s?".join(re.escape(c) for c in chars)


@lru_cache(maxsize=4)
def _org_regex(rules: Rules) -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """One regex for every org phrase/abbreviation; maps the matched form to (code, canonical)."""
    alternatives, lookup = [], {}
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


def find_org(pages: list[str], rules: Rules, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """(org_name, org_type) by vote over every mention of a public body."""
    rx, lookup = _org_regex(rules)
    votes: Counter[tuple[str, str]] = Counter()
    first_seen: dict[tuple[str, str], int] = {}
    stop = set(rules.orgs.name_stop_words)
    order = 0
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
            cand = (canonical + name, code)
            votes[cand] += FIRST_PAGE_WEIGHT if p == 0 else 1
            first_seen.setdefault(cand, order)
            order += 1
    if not votes:
        return None, None
    (name, code), _ = max(votes.items(), key=lambda kv: (kv[1], -first_seen[kv[0]]))
    return name, code


def _vote(values: list[tuple[str, int]]) -> str | None:
    c: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, (v, w) in enumerate(values):
        c[v] += w
        first.setdefault(v, i)
    if not c:
        return None
    return max(c.items(), key=lambda kv: (kv[1], -first[kv[0]]))[0]


def find_location(pages: list[str], rules: Rules, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """(district, province) by vote; the province must be one of the 77."""
    districts, provinces = [], []
    provs = province_names()
    for p, text in enumerate(pages):
        w = FIRST_PAGE_WEIGHT if p == 0 else 1
        for m in rules.patterns["district"].finditer(text):
            d = cut_name(m.group(1), rules, lexicon)
            if len(d) >= 2:
                districts.append((d, w))
        for m in rules.patterns["province"].finditer(text):
            run = m.group(1)
            hit = next((pv for pv in provs if run.startswith(pv)), None)
            if hit:
                provinces.append((hit, w))
    return _vote(districts), _vote(provinces)


def detect_doc_type(first_page: str, rules: Rules) -> str:
    """The doc type whose title phrase starts earliest on the first page (ties: listed first)."""
    flat = re.sub(r"\s+", "", first_page)[: rules.doc_types.title_chars]
    best = None
    for rank, dt in enumerate(rules.doc_types.doc_types):
        for p in dt.patterns:
            m = re.search(p, flat)
            if m and (best is None or (m.start(), rank) < best[0]):
                best = ((m.start(), rank), dt.code)
    return best[1] if best else "other"


def find_fiscal_years(pages: list[str], doc_type: str, rules: Rules) -> tuple[int | None, int | None]:
    """(fiscal_year, fiscal_year_end).

    A plan "(พ.ศ. 2566 – 2570)" gives 2566/2570. Otherwise the latest "ประจำปีงบประมาณ พ.ศ. X" on
    the first page that has one: a document of measures for 2568 that analyses the 2567
    assessment is for 2568.
    """
    max_span = rules.thresholds.fiscal_year.max_plan_span_years
    for text in pages[:3]:
        if doc_type == "anticorruption_plan":
            for m in rules.patterns["year_span"].finditer(text):
                a, b = int(m.group(1)), int(m.group(2))
                if rules.thresholds.fiscal_year.plausible(a) and 1 <= b - a <= max_span - 1:
                    return a, b
        years = [int(m.group(1)) for name in ("fiscal_year", "fiscal_year_calendar")
                 for m in rules.patterns[name].finditer(text)]
        years = [y for y in years if rules.thresholds.fiscal_year.plausible(y)]
        if years:
            return max(years), max(years)
    return None, None


def find_overall_score(pages: list[str], rules: Rules) -> tuple[float | None, int | None]:
    """The ITA overall score and the year it is for (the nearest year named before it)."""
    year_rx = rules.patterns["fiscal_year"]
    for text in pages:
        for m in rules.patterns["overall_score"].finditer(text):
            score = float(m.group(1))
            if not 0 <= score <= 100:
                continue
            before = text[max(0, m.start() - 400): m.start()]
            years = [int(y.group(1)) for y in year_rx.finditer(before)]
            years += [int(y.group(1)) for y in rules.patterns["be_year"].finditer(before)]
            year = None
            if years:
                # the mention closest to the score
                pos = {int(y.group(1)): y.start() for y in re.finditer(r"(25\d\d)", before)}
                year = max((y for y in years if rules.thresholds.fiscal_year.plausible(y)), key=lambda y: pos.get(y, -1), default=None)
            return score, year
    return None, None


def document_metadata(pages: list[str], rules: Rules, lexicon: Lexicon) -> Metadata:
    if not any(p.strip() for p in pages):
        return Metadata()
    first = next((p for p in pages if p.strip()), "")
    doc_type = detect_doc_type(first, rules)
    org_name, org_type = find_org(pages, rules, lexicon)
    district, province = find_location(pages, rules, lexicon)
    fiscal_year, fiscal_year_end = find_fiscal_years(pages, doc_type, rules)
    overall_score, overall_score_year = find_overall_score(pages, rules)
    return Metadata(org_name, org_type, district, province, doc_type, fiscal_year, fiscal_year_end, overall_score,
                    overall_score_year)


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: who published the document, where, what it is, for which year, its overall score."""
    return replace(state, metadata=document_metadata([p.text for p in state.pages], ctx.rules, ctx.lexicon))
