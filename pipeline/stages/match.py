"""Stage ``match``: which ITA indicator (1-10) and items does each measure serve?

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
from dataclasses import replace

from ..adapters.fuzzy import partial_ratio, token_set
from ..model import DocumentState, Match, MatchMethod, Measure
from ..rules import Catalog, Rules
from ..text.chars import compact
from ..text.items import codes_in
from ..text.lexicon import Lexicon
from .context import Context


def _words(text: str, lexicon: Lexicon) -> list[str]:
    return [t for t in lexicon.tokenize(text) if not t.isspace() and len(t.strip()) > 1]


def explicit_indicator(texts: list[str], catalog: Catalog | None, rules: Rules) -> int | None:
    """An indicator named in so many words: its number, or "ตัวชี้วัด" + its name."""
    for text in texts:
        if not text:
            continue
        m = rules.patterns["indicator_ref"].search(text)
        if m and rules.thresholds.ita.is_indicator(int(m.group(1))):
            return int(m.group(1))
        if catalog is not None:
            flat = compact(text)
            for hit in re.finditer(re.escape(rules.matching.indicator_word), flat):
                after = flat[hit.end() : hit.end() + 40]
                for ind in catalog.indicators:
                    for name in (ind.name, *ind.aliases):
                        n = compact(name)
                        if after.startswith(n) or (
                            len(n) > 6 and partial_ratio(n, after[: len(n) + 4]) >= 92
                        ):
                            return ind.number
    return None


def explicit_items(texts: list[str], rules: Rules) -> list[str]:
    """Item codes named in the text: "ข้อ o15", "(o12)"."""
    return list(dict.fromkeys(code for text in texts if text for code in codes_in(text, rules)))


def indicator_evidence(text: str, steps: str | None, catalog: Catalog, lexicon: Lexicon) -> dict[int, float]:
    """Evidence for each indicator (not normalised)."""
    flat, flat_steps = compact(text), compact(steps or "")
    words = _words(text, lexicon)
    out = {}
    for ind in catalog.indicators:
        s = 0.0
        for term, w in catalog.indicator_terms[ind.number]:
            if term in flat:
                s += w
            elif term in flat_steps:
                s += 0.5 * w
        names = [ind.name, *ind.aliases]
        s += max(token_set(words, _words(n, lexicon)) for n in names) / 100.0
        out[ind.number] = s
    return out


def match_items(text: str, steps: str | None, catalog: Catalog, rules: Rules, lexicon: Lexicon) -> list[str]:
    """Items whose name the measure's text covers (most of the item name's words appear)."""
    m = rules.matching
    words = set(_words(text, lexicon)) | set(_words(steps or "", lexicon))
    flat = compact(text) + compact(steps or "")
    out = []
    for item in catalog.oit_items:  # IIT/EIT items are survey questions, not evidence a measure publishes
        name_words = [w for w in _words(item.name, lexicon) if w not in m.stop_words]
        if not name_words:
            continue
        if compact(item.name) in flat or any(compact(k) in flat for k in item.keywords):
            out.append(item.code)
            continue
        hit = sum(1 for w in name_words if w in words or w in flat)
        if len(name_words) >= 2 and hit >= 2 and hit / len(name_words) >= m.item_min_coverage:
            out.append(item.code)
    return out


def match_measure(
    text: str,
    steps: str | None,
    context: list[str],
    catalog: Catalog | None,
    rules: Rules,
    lexicon: Lexicon,
    row_items: list[str] | tuple[str, ...] = (),
) -> Match:
    """Indicator and items of one measure. ``context`` holds the row's other cells and the
    headings above it (section title, text above the table), nearest first; ``row_items``: the
    item its table row is about (an analysis table's item column)."""
    m = rules.matching
    ind = explicit_indicator([text, *context], catalog, rules)
    items = list(dict.fromkeys([*row_items, *explicit_items([text, *context[:1]], rules)]))
    if ind is not None:
        if catalog is not None and not items:
            items = [
                c
                for c in match_items(text, steps, catalog, rules, lexicon)
                if (it := catalog.item(c)) is not None and it.indicator == ind
            ]
        return Match(ind, tuple(items), 100.0, MatchMethod.EXPLICIT)
    if items and catalog is not None:
        owners = {it.indicator for c in items if (it := catalog.item(c)) is not None}
        if len(owners) == 1:
            return Match(owners.pop(), tuple(items), 100.0, MatchMethod.EXPLICIT)
    if catalog is None:
        return Match(None, tuple(items), 0.0, MatchMethod.NONE)
    scores = indicator_evidence(text, steps, catalog, lexicon)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, s1), (_, s2) = ranked[0], ranked[1]
    # confidence needs both evidence for the best indicator and a lead over the runner-up
    conf = 100.0 * math.sqrt(1 - math.exp(-s1 / m.score_scale)) * (1 - math.exp(-(s1 - s2) / m.margin_scale))
    items = items or match_items(text, steps, catalog, rules, lexicon)
    if conf < m.min_score:
        return Match(None, tuple(items), round(conf, 1), MatchMethod.NONE)
    return Match(best, tuple(items), round(conf, 1), MatchMethod.FUZZY)


def match_one(measure: Measure, rules: Rules, lexicon: Lexicon) -> Measure:
    """A measure with its indicator, items, score and method (measures answer the assessment
    before their fiscal year; that year's catalog names their items)."""
    fy = measure.fiscal_year
    catalog = rules.nearest_catalog(fy - 1 if fy else None)
    m = match_measure(
        measure.text, measure.steps, list(measure.match_context), catalog, rules, lexicon, measure.row_items
    )
    topics = [it.topic for c in m.item_codes if catalog and (it := catalog.item(c))]
    return replace(measure, match=replace(m, item_topics=tuple(dict.fromkeys(topics))))


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: every measure matched to an indicator and items."""
    return replace(state, measures=tuple(match_one(m, ctx.rules, ctx.lexicon) for m in state.measures))
