"""Stage ``match``: which ITA indicator (1-10) and items does each measure serve?

1. **Printed** evidence decides (``match_method = printed``): an indicator number ("ตัวชี้วัดที่ 5"),
   else item codes ("(i23)", "ข้อ o15", an item column, a line starting "O12") through the catalog of
   the assessment the document analyses, else another framework's code ("MOIT 3") where its
   mapping to the ITA is known (``rules/matching.yaml: frameworks``; the code is kept either way).
2. **Explicit**: an indicator named in words ("ตัวชี้วัดการใช้ทรัพย์สินของราชการ") on the row or above.
3. Otherwise the measure's **words** (``fuzzy``): the cues of ``rules/matching.yaml`` (what a
   measure of each indicator does, as in docs/labelling.md) add evidence, more for the first-named
   act. The best indicator is given only with enough evidence and a lead over the runner-up;
   else ``indicator_no`` is null, ``match_method = none`` and ``match_note`` says what came close.
   Measures that serve no indicator (``not_ita``) and the measures of documents that are not
   integrity plans (a manpower plan) are left null with the reason.

When printed evidence and the words disagree, the print stands and ``match_note`` records it.
Measured on the labelled set (``tests/fixtures/matching``): ``python -m tools.matcher_eval``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from ..adapters.fuzzy import partial_ratio
from ..model import DocumentState, Match, MatchMethod, Measure
from ..rules import Catalog, Rules
from ..text.chars import compact
from ..text.items import codes_in, leading_code
from ..text.lexicon import Lexicon
from .context import Context


def _words(text: str, lexicon: Lexicon) -> list[str]:
    return [t for t in lexicon.tokenize(text) if not t.isspace() and len(t.strip()) > 1]


def printed_indicator(texts: list[str], rules: Rules) -> int | None:
    """An indicator printed by number: "ตัวชี้วัดที่ 5"."""
    for text in texts:
        m = rules.patterns["indicator_ref"].search(text or "")
        if m and rules.thresholds.ita.is_indicator(int(m.group(1))):
            return int(m.group(1))
    return None


def named_indicator(texts: list[str], catalog: Catalog | None, rules: Rules) -> int | None:
    """An indicator named in so many words: "ตัวชี้วัด" + its name."""
    if catalog is None:
        return None
    for text in texts:
        flat = compact(text or "")
        for hit in re.finditer(re.escape(rules.matching.indicator_word), flat):
            after = flat[hit.end() : hit.end() + 40]
            for ind in catalog.indicators:
                for name in (ind.name, *ind.aliases):
                    n = compact(name)
                    if after.startswith(n) or (len(n) > 6 and partial_ratio(n, after[: len(n) + 4]) >= 92):
                        return ind.number
    return None


def framework_code(texts: list[str], rules: Rules) -> tuple[str, str, int] | None:
    """Another framework's code printed on the row or above it ("MOIT 3"): name, code, number."""
    for text in texts:
        for fw in rules.matching.frameworks:
            if text and (m := fw.regex.search(text)):
                return fw.name, f"{fw.name} {int(m.group(1))}", int(m.group(1))
    return None


def explicit_items(texts: list[str], rules: Rules) -> list[str]:
    """Item codes printed with the text: "ข้อ o15", "(o12)", or a line that starts with one ("O12 …")."""
    found = [code for text in texts if text for code in codes_in(text, rules)]
    found += [code for text in texts if text and (code := leading_code(text.strip(), rules))]
    return list(dict.fromkeys(found))


def _cue_text(text: str | None, rules: Rules) -> str:
    flat = compact(text or "").casefold()
    for phrase in rules.matching.ignore_phrases:
        flat = flat.replace(compact(phrase).casefold(), " ")
    return flat


def _found(parts: tuple[tuple[str, ...], ...], flat: str) -> int:
    """Where the earliest of a cue's words is when all of them are in ``flat``, else -1."""
    where = [min((i for a in alts if (i := flat.find(a)) >= 0), default=-1) for alts in parts]
    return min(where) if all(w >= 0 for w in where) else -1


def cue_evidence(text: str, steps: str | None, rules: Rules) -> dict[int, float]:
    """Evidence for each indicator from the cues of ``rules/matching.yaml`` (what the measure does,
    in words): a cue whose words are all in the text adds its weight, more when it is among the
    text's first words (the first-named act decides), less when only in the steps."""
    m = rules.matching
    flat, flat_steps = _cue_text(text, rules), _cue_text(steps, rules)
    first = max(1, int(len(flat) * m.first_act_share))
    out: dict[int, float] = {}
    for ind, cues in m.cues.items():
        s = 0.0
        for cue in cues:
            at = _found(cue.parts, flat)
            if at >= 0:
                s += cue.weight * (m.first_act_bonus if at < first else 1.0)
            elif flat_steps and _found(cue.parts, flat + " " + flat_steps) >= 0:
                s += cue.weight * m.steps_weight
        if s:
            out[ind] = s
    return out


def not_ita(text: str, rules: Rules) -> str | None:
    """Why a measure serves none of the indicators (``rules/matching.yaml: not_ita``), or None."""
    flat = _cue_text(text, rules)
    return next((c.note for c in rules.matching.not_ita if _found(c.parts, flat) >= 0), None)


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


def _ranked(scores: dict[int, float]) -> list[tuple[int | None, float]]:
    return [*sorted(scores.items(), key=lambda kv: -kv[1]), (None, 0.0), (None, 0.0)]


def text_indicator(text: str, steps: str | None, rules: Rules) -> tuple[int | None, float, str | None]:
    """The indicator the measure's words point to (None when not sure), a 0-100 confidence, and
    a note when there is none (what came close, or why the measure serves no indicator)."""
    m = rules.matching
    if (why := not_ita(text, rules)) is not None:
        return None, 0.0, f"not an ITA measure: {why}"
    (best, s1), (_, s2), *_ = ranked = _ranked(cue_evidence(text, steps, rules))
    # confidence needs both evidence for the best indicator and a lead over the runner-up
    conf = 100.0 * (1 - math.exp(-s1 / m.cue_min)) * (1 - math.exp(-(s1 - s2) / max(m.cue_margin, 0.1)))
    if best is None or s1 < m.cue_min or s1 - s2 < m.cue_margin:
        close = ", ".join(f"{k} ({v:.1f})" for k, v in ranked[:2] if k is not None)
        return (
            None,
            round(conf, 1),
            f"not sure: {close}" if close else "nothing in the text points to an indicator",
        )
    return best, round(conf, 1), None


def match_measure(
    text: str,
    steps: str | None,
    context: list[str],
    catalog: Catalog | None,
    rules: Rules,
    lexicon: Lexicon,
    row_items: list[str] | tuple[str, ...] = (),
    printed_catalog: Catalog | None = None,
) -> Match:
    """Indicator and items of one measure. ``context`` holds the row's other cells and the
    headings above it (section title, text above the table), nearest first; ``row_items``: the
    item its table row is about (an analysis table's item column).

    Printed evidence decides first: an indicator number, then item codes through
    ``printed_catalog`` (the catalog of the assessment the document analyses; ``catalog``, the
    one the measure's year answers, when None), then a framework code with a known mapping; then an
    indicator named in words; then the measure's words (``text_indicator``). When the words point
    elsewhere than the print, ``note`` says so.
    """
    texts = [text, *context]
    pcat = printed_catalog or catalog
    fw = framework_code(texts, rules)
    fw_name, fw_code = (fw[0], fw[1]) if fw else (None, None)
    items = list(dict.fromkeys([*row_items, *explicit_items([text, *context[:1]], rules)]))
    ind, method = printed_indicator(texts, rules), MatchMethod.PRINTED
    if ind is None and items and pcat is not None:
        owners = {it.indicator for c in items if (it := pcat.item(c)) is not None}
        ind = owners.pop() if len(owners) == 1 else None
    if ind is None and fw is not None:
        ind = next((f.indicators.get(fw[2]) for f in rules.matching.frameworks if f.name == fw[0]), None)
    if ind is None:
        ind, method = named_indicator(texts, catalog, rules), MatchMethod.EXPLICIT
    words, conf, note = text_indicator(text, steps, rules)
    unknown = [c for c in items if pcat is not None and pcat.item(c) is None]
    if ind is None and unknown:
        note = f"printed {', '.join(unknown)}: not in the catalog of {pcat.year if pcat else '?'}; " + (
            note or ""
        )
    if ind is not None:
        if catalog is not None and not items:
            items = [
                c
                for c in match_items(text, steps, catalog, rules, lexicon)
                if (it := catalog.item(c)) is not None and it.indicator == ind
            ]
        clash = f"printed {ind}, the words point to {words}" if words is not None and words != ind else None
        return Match(ind, tuple(items), 100.0, method, note=clash, framework=fw_name, framework_code=fw_code)
    items = items or (match_items(text, steps, catalog, rules, lexicon) if catalog is not None else [])
    method = MatchMethod.FUZZY if words is not None else MatchMethod.NONE
    return Match(words, tuple(items), conf, method, note=note, framework=fw_name, framework_code=fw_code)


def not_integrity(doc_type: str | None, doc_subtype: str | None, rules: Rules) -> str | None:
    """Why a document's measures are no integrity measures to match (a manpower plan's strategies),
    by ``rules/corpus.yaml``; None when they may be."""
    rule = rules.corpus.evidence_rule(doc_type, doc_subtype)
    if rule is not None and rule.measures != "integrity":
        return f"not an integrity measure: the document is a {doc_subtype or doc_type}"
    return None


def match_one(
    measure: Measure, rules: Rules, lexicon: Lexicon, gate: str | None = None, analysed: int | None = None
) -> Measure:
    """A measure with its indicator, items, score and method (measures answer the assessment
    before their fiscal year; that year's catalog names their items). ``gate``: why the
    document's measures are not matched at all; ``analysed``: the assessment year the document
    analyses (its printed item codes are that year's)."""
    if gate is not None:
        return replace(measure, match=Match(None, (), 0.0, MatchMethod.NONE, note=gate))
    fy = measure.fiscal_year
    catalog = rules.nearest_catalog(fy - 1 if fy else None)
    # a plan answers an assessment before its year: a later "analysed" year is the plan's own, misread
    printed = rules.nearest_catalog(analysed) if analysed and (fy is None or analysed < fy) else None
    m = match_measure(
        measure.text,
        measure.steps,
        list(measure.match_context),
        catalog,
        rules,
        lexicon,
        measure.row_items,
        printed,
    )
    topics = [it.topic for c in m.item_codes if catalog and (it := catalog.item(c))]
    return replace(measure, match=replace(m, item_topics=tuple(dict.fromkeys(topics))))


def run(state: DocumentState, ctx: Context) -> DocumentState:
    """Stage: every measure matched to an indicator and items."""
    meta = state.metadata
    gate = not_integrity(meta.doc_type, meta.doc_subtype, ctx.rules)
    years = Counter(r.get("assessment_year") for r in (*state.item_scores, *state.indicator_scores))
    years.pop(None, None)
    analysed = years.most_common(1)[0][0] if years else None
    return replace(
        state, measures=tuple(match_one(m, ctx.rules, ctx.lexicon, gate, analysed) for m in state.measures)
    )
