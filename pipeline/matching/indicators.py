"""Which ITA indicator (1-10) and items does a measure serve?

1. **Explicit** references win: "ตัวชี้วัดที่ 4", "ตัวชี้วัดการใช้ทรัพย์สินของราชการ", "ข้อ o15", "(o12)" in
   the measure cell, its row, or the heading of its table/section -> ``match_method = explicit``.
2. Otherwise **fuzzy**: the measure's text (and, weighing half, its steps) against each indicator's
   name, aliases and keywords from the catalog. A keyword found in the text adds its weight; a
   keyword used by few indicators weighs more (``ทรัพย์สิน`` says more than ``พัฒนา``). A rapidfuzz
   token_set score of the newmm-segmented text against the indicator's name adds to it.
3. ``match_score`` (0-100) grows with the best indicator's evidence and its lead over the
   runner-up; below ``rules/matching.yaml: min_score`` the indicator is left null (``none``).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..rules import Catalog, Rules
from ..text.dictionary import tokenize
from .fuzzy import compact, partial_ratio, token_set

_RE_PAREN_ITEM = re.compile(r"\(\s*([ieoIEO])\s?(\d{1,2})\s*\)")


@dataclass(frozen=True)
class Match:
    indicator_no: int | None
    item_codes: tuple[str, ...]
    score: float
    method: str  # explicit | fuzzy | none


def _words(text: str) -> list[str]:
    return [t for t in tokenize(text) if not t.isspace() and len(t.strip()) > 1]


_TERMS: dict[int, dict[int, list[tuple[str, float]]]] = {}


def _indicator_terms(catalog: Catalog) -> dict[int, list[tuple[str, float]]]:
    """Per indicator: (compact term, weight). Terms are its name, aliases and keywords; the
    weight is an idf over indicators (terms shared by many indicators weigh less). Built once
    per catalog."""
    if id(catalog) not in _TERMS:
        _TERMS[id(catalog)] = _build_terms(catalog)
    return _TERMS[id(catalog)]


def _build_terms(catalog: Catalog) -> dict[int, list[tuple[str, float]]]:
    raw = {ind.number: {compact(t) for t in [ind.name, *ind.aliases, *ind.keywords] if compact(t)} for ind in catalog.indicators}
    n = len(raw)
    out = {}
    for no, terms in raw.items():
        weighted = []
        for t in terms:
            df = sum(1 for other in raw.values() if any(t in o or o in t for o in other))
            weighted.append((t, math.log(1 + n / df) * (1 + min(len(t), 20) / 20)))
        out[no] = weighted
    return out


def explicit_indicator(texts: list[str], catalog: Catalog | None, rules: Rules) -> int | None:
    """An indicator named in so many words: its number, or "ตัวชี้วัด" + its name."""
    for text in texts:
        if not text:
            continue
        m = rules.patterns["indicator_ref"].search(text)
        if m and 1 <= int(m.group(1)) <= 10:
            return int(m.group(1))
        if catalog is not None:
            flat = compact(text)
            for hit in re.finditer("ตัวชี้วัด", flat):
                after = flat[hit.end(): hit.end() + 40]
                for ind in catalog.indicators:
                    for name in (ind.name, *ind.aliases):
                        n = compact(name)
                        if after.startswith(n) or (len(n) > 6 and partial_ratio(n, after[: len(n) + 4]) >= 92):
                            return ind.number
    return None


def explicit_items(texts: list[str], rules: Rules) -> list[str]:
    """Item codes named in the text: "ข้อ o15", "(o12)"."""
    codes: list[str] = []
    for text in texts:
        if not text:
            continue
        for m in rules.patterns["item_code"].finditer(text):
            if "ข้อ" in text[max(0, m.start() - 4): m.start() + 3]:
                code = m.group("letter").lower().replace("0", "o") + str(int(m.group("num").replace(" ", "")))
                codes.append(code)
        for m in _RE_PAREN_ITEM.finditer(text):
            codes.append(m.group(1).lower() + str(int(m.group(2))))
    return list(dict.fromkeys(codes))


def indicator_scores(text: str, steps: str | None, catalog: Catalog) -> dict[int, float]:
    """Evidence for each indicator (not normalised)."""
    flat, flat_steps = compact(text), compact(steps or "")
    words = _words(text)
    out = {}
    for ind in catalog.indicators:
        s = 0.0
        for term, w in _indicator_terms(catalog)[ind.number]:
            if term in flat:
                s += w
            elif term in flat_steps:
                s += 0.5 * w
        names = [ind.name, *ind.aliases]
        s += max(token_set(words, _words(n)) for n in names) / 100.0
        out[ind.number] = s
    return out


def match_items(text: str, steps: str | None, catalog: Catalog, rules: Rules, indicator: int | None) -> list[str]:
    """Items whose name the measure's text covers (most of the item name's words appear)."""
    m = rules.matching
    words = set(_words(text)) | set(_words(steps or ""))
    flat = compact(text) + compact(steps or "")
    out = []
    for item in catalog.items:
        if not item.code.startswith("o"):
            continue  # IIT/EIT items are survey questions, not evidence a measure publishes
        name_words = [w for w in _words(item.name) if w not in m.stop_words]
        if not name_words:
            continue
        if compact(item.name) in flat or any(compact(k) in flat for k in item.keywords):
            out.append(item.code)
            continue
        hit = sum(1 for w in name_words if w in words or w in flat)
        if len(name_words) >= 2 and hit >= 2 and hit / len(name_words) >= m.item_min_coverage:
            out.append(item.code)
    return out


def match_measure(text: str, steps: str | None, context: list[str], catalog: Catalog | None, rules: Rules) -> Match:
    """Indicator and items of one measure. ``context`` holds the row's other cells and the
    headings above it (section title, text above the table), nearest first."""
    m = rules.matching
    ind = explicit_indicator([text, *context], catalog, rules)
    items = explicit_items([text, *context[:1]], rules)
    if ind is not None:
        if catalog is not None and not items:
            items = [c for c in match_items(text, steps, catalog, rules, ind) if (catalog.item(c) and catalog.item(c).indicator == ind)]
        return Match(ind, tuple(items), 100.0, "explicit")
    if items and catalog is not None:
        owners = {catalog.item(c).indicator for c in items if catalog.item(c)}
        if len(owners) == 1:
            return Match(owners.pop(), tuple(items), 100.0, "explicit")
    if catalog is None:
        return Match(None, tuple(items), 0.0, "none")
    scores = indicator_scores(text, steps, catalog)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, s1), (_, s2) = ranked[0], ranked[1]
    # confidence needs both evidence for the best indicator and a lead over the runner-up
    conf = 100.0 * math.sqrt(1 - math.exp(-s1 / m.score_scale)) * (1 - math.exp(-(s1 - s2) / m.margin_scale))
    items = items or match_items(text, steps, catalog, rules, best)
    if conf < m.min_score:
        return Match(None, tuple(items), round(conf, 1), "none")
    return Match(best, tuple(items), round(conf, 1), "fuzzy")
