"""Dictionary-guided repair of Thai words broken in a text layer, and the fault profile that says
which repairs a text needs.

*Repair* looks only at tokens that are not words (in text that shows a font fault, also at rare
words) and tries small edits in a window around them, each a known fault of Thai text layers
(restore a lost nikhahit ``สานักงาน`` -> ``สำนักงาน``, drop a space inside a word ``หน วยงาน``, put
back a lost tone mark ``หนวยงาน`` -> ``หน่วยงาน`` …). Candidates are scored with a unigram model
over the Thai National Corpus (``Lexicon.log_probs``): an edit is kept when it lowers the cost of
the window by more than its penalty (``rules/text.yaml: repair``) and no other edit comes close.

Everything a ``Repairer`` needs is given to it (the text rules and a lexicon); its caches live on
it, so a new rules file means a new repairer, never stale words or penalties.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Edit
from ..rules.load import cached_by_digest
from ..rules.models import FaultRules, TextRules
from .chars import ABOVE_VOWELS, BELOW_VOWELS, CONSONANTS, LETTER, MARKS, NIKHAHIT, SARA_AA, SARA_AM, TONES
from .lexicon import Lexicon, lexicon_for, sub_thai_runs
from .thai import compose_sara_am, dedupe_marks, finish, mechanical_repair, order_marks

if TYPE_CHECKING:
    from ..rules import Rules

_LETTER = LETTER
_VOWEL_MARKS = ABOVE_VOWELS + BELOW_VOWELS
#: what the mechanical passes change: a nikhahit, ำ before a tone or า, marks out of order, a mark doubled
RE_NEEDS_CANONICAL = re.compile(
    f"{NIKHAHIT}|{SARA_AM}[{TONES}{SARA_AA}]|[{TONES}][{_VOWEL_MARKS}]"
    f"|[\u0e4c\u0e4e][{_VOWEL_MARKS}{TONES}]|([{MARKS}])\\1|([{MARKS}])([{MARKS}])\\2\\3"
)

_C = f"[{CONSONANTS}]"
_LEAD = "\u0e40-\u0e44"  # เ แ โ ใ ไ
_RE_LOST_AM = re.compile(f"(?<={_C})([{TONES}]?){SARA_AA}")
_RE_LOST_AM_SPACE = re.compile(f"(?<={_C})([{TONES}]?) {SARA_AA}")
_RE_SPACE = re.compile(f"(?<=[{_LETTER}]) (?=[{_LETTER}])")
_RE_MISPLACED = re.compile(f"({_C})([{CONSONANTS}{_LEAD}])([{ABOVE_VOWELS + BELOW_VOWELS + TONES}]+)")
_RE_TONE_SLOT = re.compile(f"{_C}[{ABOVE_VOWELS + BELOW_VOWELS}]?(?![{MARKS}])")
_SPACE_MARKS = "\u0e48\u0e49\u0e35\u0e34"  # ่ ้ ี ิ


def _edit_lost_nikhahit(s: str) -> Iterator[str]:
    """``สานักงาน`` -> ``สำนักงาน`` (the nikhahit of ำ lost in the text layer)."""
    for m in _RE_LOST_AM.finditer(s):
        yield s[: m.start()] + m.group(1) + SARA_AM + s[m.end() :]


def _edit_nikhahit_as_space(s: str) -> Iterator[str]:
    """``ส านักงาน``, ``ค าน า`` -> ``สำนักงาน``, ``คำนำ`` (the nikhahit drawn as a space)."""
    for m in _RE_LOST_AM_SPACE.finditer(s):
        yield s[: m.start()] + m.group(1) + SARA_AM + s[m.end() :]


def _edit_am_for_aa(s: str) -> Iterator[str]:
    """``ด้ำนสุขภำพ`` -> ``ด้านสุขภาพ`` (fonts whose sara aa is mapped to sara am)."""
    for i, ch in enumerate(s):
        if ch == SARA_AM:
            yield s[:i] + SARA_AA + s[i + 1 :]


def _edit_drop_space(s: str) -> Iterator[str]:
    """``ปร ะ ม า ณ`` -> ``ประมาณ`` (a space drawn inside a word)."""
    for m in _RE_SPACE.finditer(s):
        yield s[: m.start()] + s[m.end() :]


def _edit_mark_for_space(s: str) -> Iterator[str]:
    """``หน วยงาน`` -> ``หน่วยงาน``, ``ป งบ`` -> ``ปีงบ`` (a mark whose glyph came out as a space)."""
    for m in _RE_SPACE.finditer(s):
        if s[m.start() - 1] in CONSONANTS:
            for mark in _SPACE_MARKS:
                yield s[: m.start()] + mark + s[m.end() :]


def _edit_misplaced_mark(s: str) -> Iterator[str]:
    """``เงนิ`` -> ``เงิน``, ``สเู่`` -> ``สู่เ`` (marks that came out after the next letter)."""
    for m in _RE_MISPLACED.finditer(s):
        c1, c2, marks = m.groups()
        yield s[: m.start()] + c1 + marks + c2 + s[m.end() :]


def _edit_lost_tone(s: str) -> Iterator[str]:
    """``หนวยงาน`` -> ``หน่วยงาน``, ``ให`` -> ``ให้`` (tone-mark glyphs without a Unicode mapping)."""
    for m in _RE_TONE_SLOT.finditer(s):
        for tone in "\u0e48\u0e49":
            yield s[: m.end()] + tone + s[m.end() :]


def _edit_tone_for_uu(s: str) -> Iterator[str]:
    """``ข้อม้ล`` -> ``ข้อมูล``, ``ความร้`` -> ``ความรู้`` (sara uu read as a tone mark)."""
    for i, ch in enumerate(s):
        if ch in "\u0e48\u0e49" and i and s[i - 1] in CONSONANTS:
            yield s[:i] + "\u0e39" + s[i + 1 :]
            yield s[:i] + "\u0e39" + s[i:]


_RE_TONE_AA = re.compile(f"(?<={_C})( ?)([{TONES}]){SARA_AA}")


def _edit_nikhahit_as_tone(s: str) -> Iterator[str]:
    """``ต้าแหน่ง`` -> ``ตำแหน่ง``, ``น ้า`` -> ``น้ำ`` (fonts whose nikhahit glyph is mapped to a tone
    mark: the "tone" before า is the nikhahit, and a space before it, if any, was the real tone)."""
    for m in _RE_TONE_AA.finditer(s):
        head, tail = s[: m.start()], s[m.end() :]
        if m.group(1):
            for tone in TONES:
                yield head + tone + SARA_AM + tail
        else:
            yield head + SARA_AM + tail


_ABOVE_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
_RE_ABOVE = re.compile(f"[{_ABOVE_MARKS}]")


def _edit_mark_misread(s: str) -> Iterator[str]:
    """OCR reads one above-mark for another (``ทิี`` -> ``ที่``): substitute it, or drop it."""
    for m in _RE_ABOVE.finditer(s):
        head, tail = s[: m.start()], s[m.end() :]
        yield head + tail
        for other in _ABOVE_MARKS:
            if other != m.group():
                yield order_marks(head + other + tail)


#: edit generators (name -> function); each is a real fault of Thai text layers
EDITS: dict[Edit, Callable[[str], Iterable[str]]] = {
    Edit.LOST_NIKHAHIT: _edit_lost_nikhahit,
    Edit.NIKHAHIT_AS_SPACE: _edit_nikhahit_as_space,
    Edit.AM_FOR_AA: _edit_am_for_aa,
    Edit.DROP_SPACE: _edit_drop_space,
    Edit.MARK_FOR_SPACE: _edit_mark_for_space,
    Edit.MISPLACED_MARK: _edit_misplaced_mark,
    Edit.LOST_TONE: _edit_lost_tone,
    Edit.TONE_FOR_UU: _edit_tone_for_uu,
    Edit.NIKHAHIT_AS_TONE: _edit_nikhahit_as_tone,
}

#: faults of OCR output only (tesseract confuses marks); tried on OCR'd text
OCR_EDITS: dict[Edit, Callable[[str], Iterable[str]]] = {Edit.MARK_MISREAD: _edit_mark_misread}
ALL_EDITS = {**EDITS, **OCR_EDITS}
assert set(ALL_EDITS) == set(Edit), "every Edit has its generator"


@dataclass(frozen=True)
class FaultProfile:
    """Which repairs a text needs, read off its letter statistics (``detect_faults``).

    ``edits``: the edit kinds tried; ``broken``: the text shows a font fault, so rare words are
    looked at too (not only non-words) and two-edit fixes are searched; ``wide``: the faults are
    not known (every edit is tried), so the search for two-edit fixes is wider.
    """

    edits: frozenset[Edit]
    broken: bool
    wide: bool = False


#: text that shows no fault: a lost ำ and a space inside a word are mended anyway (they are cheap
#: to look for and common even in good text layers)
CLEAN = FaultProfile(frozenset({Edit.DROP_SPACE, Edit.NIKHAHIT_AS_SPACE, Edit.LOST_NIKHAHIT}), False)
#: text whose faults are not known: every text-layer edit, the wide search
FULL = FaultProfile(frozenset(EDITS), True, True)
#: what OCR'd Thai needs: every text-layer edit and the OCR-only ones
OCR_PROFILE = FaultProfile(frozenset(EDITS) | frozenset(OCR_EDITS), True, True)

_RE_AA_AFTER_SPACE = re.compile(f"[{CONSONANTS}][{TONES}]? {SARA_AA}")
_RE_TONE = re.compile(f"[{TONES}]")
_RE_LETTER = re.compile(f"[{_LETTER}]")


def detect_faults(text: str, f: FaultRules) -> FaultProfile:
    """Font faults shown by letter statistics of a text (thresholds in rules/text.yaml: faults):
    ``FULL`` when the text shows one, else ``CLEAN`` (a broken font rarely has a single fault, so
    which one it shows does not narrow the search).

    Normal Thai prose has ำ in ~1% of letters and tone marks in ~6%; a legacy font that loses
    the nikhahit writes "ส านัก" (a lost ำ without the space is mended by ``CLEAN`` already); one
    that maps า to ำ has more ำ than า.

    >>> from pipeline.rules.models import FaultRules
    >>> f = FaultRules(min_letters=200, min_am_share=0.002, min_tone_share=0.03, min_spaced_aa=2, min_am_for_aa=5)
    >>> detect_faults("ค าน า เอกสารฉบับนี้จัดท าขึ้น ประจ าปี ส านักงาน", f).broken
    True
    """
    letters = len(_RE_LETTER.findall(text))
    am, aa = text.count(SARA_AM), text.count(SARA_AA)
    spaced_aa = len(_RE_AA_AFTER_SPACE.findall(text)) >= f.min_spaced_aa
    few_tones = letters >= f.min_letters and len(_RE_TONE.findall(text)) / letters < f.min_tone_share
    aa_as_am = am > aa and am >= f.min_am_for_aa
    return FULL if spaced_aa or few_tones or aa_as_am else CLEAN


def _canonical(s: str) -> str:
    """An edited string in the form the mechanical passes leave (``ควำาม`` -> ``ควำม``), so that
    repairing twice changes nothing. Only what ``RE_NEEDS_CANONICAL`` finds can change: the rest
    skip the passes (most candidates; this runs for every one)."""
    if RE_NEEDS_CANONICAL.search(s) is None:
        return s
    return dedupe_marks(compose_sara_am(s))


_MAX_WINDOW = 40
#: letters beyond the suspicious tokens where edits are still tried (a space between them and a
#: neighbour, and the letter a lookbehind needs)
_MARGIN = 2
_CLUSTER_TAIL = MARKS + SARA_AM + SARA_AA


def _core(window: str, start: int, end: int) -> tuple[int, int]:
    """``window[start:end]`` widened to whole clusters: the marks, ำ and า that follow the last
    letter belong to it (``ห|น้ำ`` where ``หน้ำ`` needs its ำ read as า)."""
    start, end = max(0, start), min(len(window), end)
    while start > 0 and window[start] in MARKS:
        start -= 1
    while end < len(window) and window[end] in _CLUSTER_TAIL:
        end += 1
    return start, end


_MAX_ROUNDS = 4


@dataclass(frozen=True, eq=False)
class Repairer:
    """Thai text repair with the given rules and dictionary: ``repair`` (every pass),
    ``mechanical`` (every pass but the dictionary), ``detect_faults``, ``quality``."""

    rules: TextRules
    lexicon: Lexicon
    _best: Callable[[str, FaultProfile, int, int], str | None] = field(init=False, repr=False)
    _cost: Callable[[str], float] = field(init=False, repr=False)
    _run: Callable[[str, FaultProfile], str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # cache sizes measured on real-14/-17/-08/-20: 4x larger caches gave 1% more hits and cost
        # a worker 56 MB (issue 15: a worker's peak is bounded)
        object.__setattr__(self, "_cost", lru_cache(maxsize=32768)(self._cost_uncached))
        object.__setattr__(self, "_best", lru_cache(maxsize=32768)(self._best_edit))
        # the same runs repeat (page headers, table headers, names): each is repaired once
        object.__setattr__(self, "_run", lru_cache(maxsize=65536)(self._repair_run))

    def forget(self) -> None:
        """Empty the caches (a benchmark's cold start; a run never needs this)."""
        for cache in (self._cost, self._best, self._run):
            cache.cache_clear()  # type: ignore[union-attr]
        self.lexicon.forget()

    @property
    def pua_table(self) -> dict[int, str]:
        return self.rules.pua_table

    def mechanical(self, text: str | None) -> str:
        """Every pass but the dictionary one (what fault detection looks at)."""
        return mechanical_repair(text, self.rules.pua_table)

    def detect_faults(self, text: str) -> FaultProfile:
        return detect_faults(text, self.rules.repair.faults)

    def repair(self, text: str | None, faults: FaultProfile | None = None, dictionary: bool = True) -> str:
        """Every pass; ``faults`` overrides the faults the dictionary pass would detect in ``text``
        itself (give a page's profile for its cells); ``dictionary=False`` skips that pass.

        >>> R = repairer_for(__import__("pipeline.rules", fromlist=["x"]).load_rules())
        >>> R.repair("ประจําาปี  งบประมาณ พ.ศ. ๒๕๖๘")
        'ประจำปี งบประมาณ พ.ศ. 2568'
        >>> R.repair("ส านักงานปลัด ประจ าปี")
        'สำนักงานปลัด ประจำปี'
        """
        text = self.mechanical(text)
        if not text:
            return ""
        if dictionary:
            text = self.repair_words(text, faults)
        return finish(text)

    def repair_prepared(self, text: str, faults: FaultProfile) -> str:
        """The dictionary pass with ``faults`` and the final passes, on text that already went
        through the mechanical ones (a font's span of a line)."""
        return finish(self.repair_words(text, faults)) if text else ""

    def quality(self, text: str) -> float | None:
        """How readable the text is, whatever its script (0-1; 0.0 for an empty text): the
        dictionary coverage of its Thai letters, times how much of it is letters, digits and
        ordinary punctuation (a map into control characters gives ``! !//!3678``), times how
        little of it is one character repeated (a map that turns each code into a run of ``ก``).
        None only for text of no letters at all that is also short (a page number)."""
        return text_quality(text, self.lexicon.coverage(text), self.rules.expected_ranges)

    # ------------------------------------------------------------------ dictionary pass
    def _cost_uncached(self, s: str) -> float:
        """-log P of the newmm segmentation of ``s`` under a unigram model; unknown pieces cost more."""
        lp = self.lexicon.log_probs
        settings = self.rules.repair
        cost = 0.0
        for tok in self.lexicon.tokenize(s):
            if tok.isspace():
                continue
            n = self.lexicon.thai_letters(tok)
            if not n:
                continue
            c = lp.get(tok)
            cost += c if c is not None else settings.unknown_base_cost + settings.unknown_letter_cost * n
        return cost

    def _variants(
        self, window: str, edits: frozenset[str], lo: int = 0, hi: int | None = None
    ) -> dict[str, float]:
        """Every one-edit variant of ``window`` with its penalty (the cheapest edit that makes it);
        edits only inside ``window[lo:hi]`` (the suspicious part, with a letter of margin)."""
        penalties = self.rules.repair.penalties
        hi = len(window) if hi is None else hi
        head, part, tail = window[:lo], window[lo:hi], window[hi:]
        out: dict[str, float] = {}
        for name, edit in ALL_EDITS.items():
            if name not in edits:
                continue
            for v in edit(part):
                # canonical forms are a cluster's business: only the edited part and a cluster of
                # context on each side can change
                cand = head[:-3] + _canonical(head[-3:] + v + tail[:3]) + tail[3:]
                if cand != window and penalties[name] < out.get(cand, math.inf):
                    out[cand] = penalties[name]
        return out

    def _best_edit(
        self, window: str, profile: FaultProfile, lo: int = 0, hi: int | None = None
    ) -> str | None:
        """The best variant of ``window`` with one (two when broken) edits inside ``window[lo:hi]``,
        or None when none is clearly better."""
        settings = self.rules.repair
        cost = self._cost
        base = cost(window)
        hi = len(window) if hi is None else hi
        scored = {
            cand: cost(cand) + pen for cand, pen in self._variants(window, profile.edits, lo, hi).items()
        }
        if not scored:
            return None
        width = (settings.wide_beam_width if profile.wide else settings.beam_width) if profile.broken else 0
        beam = sorted(scored.items(), key=lambda kv: kv[1])[:width]
        for cand, total in beam:
            pen1 = total - cost(cand)
            for cand2, pen2 in self._variants(cand, profile.edits, lo, hi + len(cand) - len(window)).items():
                if cand2 != window:
                    t = cost(cand2) + pen1 + pen2
                    if t < scored.get(cand2, math.inf):
                        scored[cand2] = t
        ranked = sorted(scored.items(), key=lambda kv: kv[1])
        best, best_cost = ranked[0]
        if best_cost >= base:
            return None
        if base - best_cost < settings.min_gain_with_new_nonword and not self._unknown(best) <= self._unknown(
            window
        ):
            return None  # a small gain that makes a non-word of its own (ปงบประมาณ -> ป้|งบประมาณ)
        if len(ranked) > 1 and ranked[1][1] - best_cost < settings.ambiguity_margin:
            return None
        return best

    def _unknown(self, s: str) -> Counter[str]:
        """The pieces of ``s`` that are not words."""
        lp = self.lexicon.log_probs
        return Counter(t for t in self.lexicon.tokenize(s) if self.lexicon.thai_letters(t) and t not in lp)

    def _suspicious(self, tok: str, broken: bool) -> bool:
        """A non-word; or, in broken text, also a rare word (``จา`` in ``ประ|จา|ปี``)."""
        if tok.isspace() or not self.lexicon.thai_letters(tok):
            return False
        c = self.lexicon.log_probs.get(tok)
        return c is None or (broken and c > self.rules.repair.rare_word_cost)

    def _repair_run(self, run: str, profile: FaultProfile) -> str:
        """Repair one run of Thai letters (with single spaces) window by window.

        A window is a group of consecutive suspicious tokens with one neighbour on each side.
        """
        done: set[tuple[int, str]] = set()
        for _ in range(2 * len(run) + 2):
            spans, pos = [], 0
            for tok in self.lexicon.tokenize(run):
                if not tok.isspace():
                    spans.append((pos, pos + len(tok), tok))
                pos += len(tok)
            changed = False
            k = 0
            while k < len(spans):
                if not self._suspicious(spans[k][2], profile.broken):
                    k += 1
                    continue
                j = k
                while (
                    j + 1 < len(spans)
                    and self._suspicious(spans[j + 1][2], profile.broken)
                    and spans[j + 1][1] - spans[k][0] <= _MAX_WINDOW
                ):
                    j += 1
                lo = spans[max(0, k - 1)][0]
                hi = spans[min(len(spans) - 1, j + 1)][1]
                window = run[lo:hi]
                core = _core(window, spans[k][0] - lo - _MARGIN, spans[j][1] - lo + _MARGIN)
                k = j + 1
                if (lo, window) in done:
                    continue
                done.add((lo, window))
                fixed = self._best(window, profile, *core)
                if fixed is not None:
                    run = run[:lo] + fixed + run[hi:]
                    changed = True
                    break
            if not changed:
                break
        return run

    def repair_words(self, text: str, profile: FaultProfile | None = None) -> str:
        """Repair broken Thai words with the dictionary. ``profile`` defaults to the faults
        detected in ``text`` itself; pass the page's profile for short texts (cells).

        >>> R = repairer_for(__import__("pipeline.rules", fromlist=["x"]).load_rules())
        >>> R.repair_words("ส านักงานสาธารณสุข ประจาปี มุงหวังใหหนวยงาน ค าน า")
        'สำนักงานสาธารณสุข ประจำปี มุ่งหวังให้หน่วยงาน คำนำ'
        """
        if profile is not None:
            fixed_profile = profile
            return sub_thai_runs(
                lambda run: self._run(run, fixed_profile), text, self.rules.repair.abbreviation_letters
            )
        # the repaired text may show other faults than the input did: repeat to a fixed point so
        # that repairing twice changes nothing
        for _ in range(_MAX_ROUNDS):
            fixed = self.repair_words(text, self.detect_faults(text))
            if fixed == text:
                break
            text = fixed
        return text


#: characters a readable text is made of besides letters, marks and digits
_ORDINARY = frozenset(" \n\t.,:;()[]{}-–—/%'\"“”‘’…•·+=&@#*?!_<>|฿๏๚๛\u00a0")
#: the shares of letters and digits, and of those with ordinary punctuation, from which a text
#: counts as fully readable
CORE_SHARE = 0.7
ORDINARY_SHARE = 0.95
_RE_REPEAT = re.compile(r"(.)\1{5,}")
_RE_LEADER_RUN = re.compile(r"([.\-_…=*·])\1{2,}")


def text_quality(
    text: str, thai_coverage: float | None, expected: tuple[tuple[int, int], ...] = ()
) -> float | None:
    """See ``Repairer.quality`` (pure, for any script).

    >>> text_quality("สำนักงาน ปลัด", 1.0), text_quality("! !//!3678", None) < 0.75
    (1.0, True)
    >>> text_quality("ก" * 500, 0.0) == 0.0, text_quality("Annual report 2024", None)
    (True, 1.0)
    """
    if not text.strip():
        return 0.0
    bare = _RE_LEADER_RUN.sub(" ", text)  # a form's dotted lines are neither good nor bad
    chars = [c for c in bare if not c.isspace()]
    if not chars:
        return None
    kinds = [
        "X" if k in "LM" and expected and not any(lo <= ord(c) <= hi for lo, hi in expected) else k
        for c, k in ((c, unicodedata.category(c)[0]) for c in chars)
    ]  # X: a letter of a script the documents are not written in
    letters = sum(1 for k in kinds if k in "LM")
    core = letters + sum(1 for k in kinds if k == "N")
    ordinary = core + sum(1 for c, k in zip(chars, kinds) if k not in "LMN" and c in _ORDINARY)
    if thai_coverage is None and not letters and len(chars) < 8:
        return None  # a page number, a lone figure: neither good nor bad
    repeated = sum(len(m.group()) for m in _RE_REPEAT.finditer(bare) if not m.group()[0].isspace())
    plain = (
        min(1.0, core / len(chars) / CORE_SHARE)
        * min(1.0, ordinary / len(chars) / ORDINARY_SHARE)
        * (1.0 - repeated / len(chars))
    )
    return round((1.0 if thai_coverage is None else thai_coverage) * plain, 4)


def repairer(text_rules: TextRules) -> Repairer:
    """A repairer for these text rules (its lexicon is shared by every repairer with the same words)."""
    return Repairer(
        text_rules, lexicon_for(tuple(text_rules.extra_words), text_rules.repair.unseen_word_frequency)
    )


@cached_by_digest()
def repairer_for(rules: Rules) -> Repairer:
    """The repairer of a ``Rules`` (one per content: keyed by the rules' digest)."""
    return repairer(rules.text)
