"""Thai word segmentation, dictionary coverage and dictionary-guided word repair.

The only module that imports pythainlp. The dictionary is pythainlp's word list plus the domain
words in ``rules/text.yaml``; it is built once per process.

*Coverage* (``thai_word_coverage``) is the share of Thai letters that fall in dictionary words
after newmm segmentation: clean Thai prose scores ~0.97-1.0, a broken text layer much less.

*Repair* (``repair_words``) looks only at tokens that are not words and tries one small edit at a
time in a window around them (restore a lost nikhahit ``สานักงาน`` -> ``สำนักงาน``, drop a space
inside a word ``หน วยงาน``, put back a lost tone mark ``หนวยงาน`` -> ``หน่วยงาน`` …). An edit is kept
only when it makes the window segment into fewer, known words, and no other edit does as well.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from nlpo3 import segment as _segment  # pythainlp's engine="nlpo3", called directly (hot path)

from .chars import ABOVE_VOWELS, BELOW_VOWELS, CONSONANTS, MARKS, NIKHAHIT, SARA_AA, SARA_AM, TONES

_LETTER = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_RE_LETTER = re.compile(f"[{_LETTER}]")
_RE_NEEDS_CANONICAL = re.compile(f"[{NIKHAHIT}{SARA_AM}]|[{MARKS}]{{2}}")
_RE_THAI_RUN = re.compile(f"[{_LETTER}](?:[{_LETTER}]| (?=[{_LETTER}]))*")


@lru_cache(maxsize=1)
def word_set() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    from ..rules import load_rules

    return frozenset(thai_words()) | frozenset(load_rules().text.extra_words)


@lru_cache(maxsize=1)
def _dictionary_name() -> str:
    """Load the word set into nlpo3 (pythainlp's Rust newmm) once per process; return its name."""
    import hashlib
    import tempfile

    from nlpo3 import load_dict

    words = "\n".join(sorted(word_set()))
    name = "ita_" + hashlib.sha256(words.encode()).hexdigest()[:16]
    path = os.path.join(tempfile.gettempdir(), f"{name}.txt")
    if not os.path.exists(path):
        tmp = f"{path}.{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(words)
        os.replace(tmp, path)
    load_dict(path, name)
    return name


@lru_cache(maxsize=65536)
def tokenize(text: str) -> tuple[str, ...]:
    """newmm word segmentation (pythainlp's nlpo3 engine, ~10x faster than the Python newmm)
    with the project dictionary; whitespace kept as tokens.

    >>> tokenize("สำนักงานปลัด ตำบล")
    ('สำนักงาน', 'ปลัด', ' ', 'ตำบล')
    """
    return tuple(_segment(text, _dictionary_name()))


def is_word(token: str) -> bool:
    return token in word_set()


@lru_cache(maxsize=262144)
def thai_letters(text: str) -> int:
    return len(_RE_LETTER.findall(text))


def coverage_counts(text: str) -> tuple[int, int]:
    """(Thai letters inside dictionary words, all Thai letters)."""
    covered = total = 0
    words = word_set()
    for run in _RE_THAI_RUN.findall(text):
        for tok in tokenize(run):
            n = thai_letters(tok)
            total += n
            if n and tok in words:
                covered += n
    return covered, total


def thai_word_coverage(text: str) -> float | None:
    """Share of Thai letters in dictionary words; ``None`` when the text has no Thai.

    >>> thai_word_coverage("สำนักงานปลัด")
    1.0
    >>> thai_word_coverage("ส านักงานปลัด") < 1.0
    True
    """
    covered, total = coverage_counts(text)
    return covered / total if total else None


# ---------------------------------------------------------------- dictionary-guided repair
#
# Candidates are scored with a unigram language model over the newmm segmentation: the cost of a
# string is the sum of -log P(word) (Thai National Corpus frequencies shipped with pythainlp),
# out-of-dictionary pieces cost much more. An edit is taken when it lowers the cost by more than
# the edit's prior penalty (rules/text.yaml: repair) and no other edit comes close.

import math

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
        yield s[: m.start()] + m.group(1) + SARA_AM + s[m.end():]


def _edit_nikhahit_as_space(s: str) -> Iterator[str]:
    """``ส านักงาน``, ``ค าน า`` -> ``สำนักงาน``, ``คำนำ`` (the nikhahit drawn as a space)."""
    for m in _RE_LOST_AM_SPACE.finditer(s):
        yield s[: m.start()] + m.group(1) + SARA_AM + s[m.end():]


def _edit_am_for_aa(s: str) -> Iterator[str]:
    """``ด้ำนสุขภำพ`` -> ``ด้านสุขภาพ`` (fonts whose sara aa is mapped to sara am)."""
    for i, ch in enumerate(s):
        if ch == SARA_AM:
            yield s[:i] + SARA_AA + s[i + 1:]


def _edit_drop_space(s: str) -> Iterator[str]:
    """``ปร ะ ม า ณ`` -> ``ประมาณ`` (a space drawn inside a word)."""
    for m in _RE_SPACE.finditer(s):
        yield s[: m.start()] + s[m.end():]


def _edit_mark_for_space(s: str) -> Iterator[str]:
    """``หน วยงาน`` -> ``หน่วยงาน``, ``ป งบ`` -> ``ปีงบ`` (a mark whose glyph came out as a space)."""
    for m in _RE_SPACE.finditer(s):
        if s[m.start() - 1] in CONSONANTS:
            for mark in _SPACE_MARKS:
                yield s[: m.start()] + mark + s[m.end():]


def _edit_misplaced_mark(s: str) -> Iterator[str]:
    """``เงนิ`` -> ``เงิน``, ``สเู่`` -> ``สู่เ`` (marks that came out after the next letter)."""
    for m in _RE_MISPLACED.finditer(s):
        c1, c2, marks = m.groups()
        yield s[: m.start()] + c1 + marks + c2 + s[m.end():]


def _edit_lost_tone(s: str) -> Iterator[str]:
    """``หนวยงาน`` -> ``หน่วยงาน``, ``ให`` -> ``ให้`` (tone-mark glyphs without a Unicode mapping)."""
    for m in _RE_TONE_SLOT.finditer(s):
        for tone in "\u0e48\u0e49":
            yield s[: m.end()] + tone + s[m.end():]


def _edit_tone_for_uu(s: str) -> Iterator[str]:
    """``ข้อม้ล`` -> ``ข้อมูล``, ``ความร้`` -> ``ความรู้`` (sara uu read as a tone mark)."""
    for i, ch in enumerate(s):
        if ch in "\u0e48\u0e49" and i and s[i - 1] in CONSONANTS:
            yield s[:i] + "\u0e39" + s[i + 1:]
            yield s[:i] + "\u0e39" + s[i:]


_ABOVE_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
_RE_ABOVE = re.compile(f"[{_ABOVE_MARKS}]")


def _edit_mark_misread(s: str) -> Iterator[str]:
    """OCR reads one above-mark for another (``ทิี`` -> ``ที่``): substitute it, or drop it."""
    from .thai import order_marks

    for m in _RE_ABOVE.finditer(s):
        head, tail = s[: m.start()], s[m.end():]
        yield head + tail
        for other in _ABOVE_MARKS:
            if other != m.group():
                yield order_marks(head + other + tail)


#: edit generators (name -> function); each is a real fault of Thai text layers
EDITS: dict[str, Callable[[str], Iterable[str]]] = {
    "lost_nikhahit": _edit_lost_nikhahit,
    "nikhahit_as_space": _edit_nikhahit_as_space,
    "am_for_aa": _edit_am_for_aa,
    "drop_space": _edit_drop_space,
    "mark_for_space": _edit_mark_for_space,
    "misplaced_mark": _edit_misplaced_mark,
    "lost_tone": _edit_lost_tone,
    "tone_for_uu": _edit_tone_for_uu,
}

#: faults of OCR output only (tesseract confuses marks); tried on OCR'd text
OCR_EDITS: dict[str, Callable[[str], Iterable[str]]] = {"mark_misread": _edit_mark_misread}


@dataclass(frozen=True)
class FaultProfile:
    """Which repairs a text needs, read off its letter statistics (``detect_faults``).

    ``edits``: the edit kinds tried; ``broken``: the text shows a font fault, so rare words are
    looked at too (not only non-words) and two-edit fixes are searched.
    """

    edits: frozenset[str]
    broken: bool


CLEAN = FaultProfile(frozenset({"drop_space", "nikhahit_as_space", "lost_nikhahit"}), False)


def ocr_profile() -> FaultProfile:
    """What OCR'd Thai needs: every text-layer edit and the OCR-only ones."""
    return FaultProfile(frozenset(EDITS) | frozenset(OCR_EDITS), True)

_RE_AA_AFTER_SPACE = re.compile(f"[{CONSONANTS}][{TONES}]? {SARA_AA}")
_RE_TONE = re.compile(f"[{TONES}]")


def detect_faults(text: str) -> FaultProfile:
    """Font faults shown by letter statistics of a page (thresholds in rules/text.yaml: faults).

    Normal Thai prose has ำ in ~1% of letters and tone marks in ~6%; a legacy font that loses
    the nikhahit has almost no ำ and writes "ส านัก"; one that maps า to ำ has more ำ than า.

    >>> detect_faults("ค าน า เอกสารฉบับนี้จัดท าขึ้น ประจ าปี ส านักงาน").broken
    True
    """
    f = _repair_settings().faults
    letters = thai_letters(text)
    edits: set[str] = set(CLEAN.edits)
    am, aa = text.count(SARA_AM), text.count(SARA_AA)
    spaced = len(_RE_AA_AFTER_SPACE.findall(text))
    if spaced >= f.min_spaced_aa:
        edits |= {"lost_nikhahit", "mark_for_space"}
    if letters >= f.min_letters and am / letters < f.min_am_share:
        edits.add("lost_nikhahit")
    if letters >= f.min_letters and len(_RE_TONE.findall(text)) / letters < f.min_tone_share:
        edits |= {"lost_tone", "mark_for_space"}
    if am > aa and am >= f.min_am_for_aa:
        edits.add("am_for_aa")
    if edits == CLEAN.edits and spaced < f.min_spaced_aa:
        return CLEAN
    return FaultProfile(frozenset(EDITS), True)  # a broken font rarely has a single fault


@lru_cache(maxsize=1)
def _repair_settings():
    from ..rules import load_rules

    return load_rules().text.repair


@lru_cache(maxsize=1)
def _log_probs() -> dict[str, float]:
    from pythainlp.corpus import tnc

    settings = _repair_settings()
    freqs = dict(tnc.word_freqs())
    total = float(sum(freqs.values()))
    out = {}
    for w in word_set():
        f = freqs.get(w, 0) or settings.unseen_word_frequency
        out[w] = -math.log(f / total)
    return out


@lru_cache(maxsize=131072)
def _cost(s: str) -> float:
    """-log P of the newmm segmentation of ``s`` under a unigram model; unknown pieces cost more."""
    lp = _log_probs()
    settings = _repair_settings()
    cost = 0.0
    for tok in tokenize(s):
        if tok.isspace():
            continue
        n = thai_letters(tok)
        if not n:
            continue
        c = lp.get(tok)
        cost += c if c is not None else settings.unknown_base_cost + settings.unknown_letter_cost * n
    return cost


def _canonical(s: str) -> str:
    """An edited string in the form the mechanical passes leave (``ควำาม`` -> ``ควำม``), so that
    repairing twice changes nothing. Only a string with two marks in a row or a (part of) SARA
    AM can change: the rest skip the passes (most candidates; this runs for every one)."""
    from .thai import compose_sara_am, dedupe_marks

    if _RE_NEEDS_CANONICAL.search(s) is None:
        return s
    return dedupe_marks(compose_sara_am(s))


def _variants(window: str, edits: frozenset[str]) -> dict[str, float]:
    """Every one-edit variant of ``window`` with its penalty (the cheapest edit that makes it)."""
    penalties = _repair_settings().penalties
    out: dict[str, float] = {}
    for name, edit in {**EDITS, **OCR_EDITS}.items():
        if name not in edits:
            continue
        for cand in map(_canonical, edit(window)):
            if cand != window and penalties[name] < out.get(cand, math.inf):
                out[cand] = penalties[name]
    return out


@lru_cache(maxsize=32768)
def _best_edit(window: str, profile: FaultProfile) -> str | None:
    """The best variant of ``window`` with one (two when broken) edits, or None when none is clearly better."""
    settings = _repair_settings()
    base = _cost(window)
    scored = {cand: _cost(cand) + pen for cand, pen in _variants(window, profile.edits).items()}
    if not scored:
        return None
    beam = sorted(scored.items(), key=lambda kv: kv[1])[: settings.beam_width if profile.broken else 0]
    for cand, total in beam:
        pen1 = total - _cost(cand)
        for cand2, pen2 in _variants(cand, profile.edits).items():
            if cand2 != window:
                t = _cost(cand2) + pen1 + pen2
                if t < scored.get(cand2, math.inf):
                    scored[cand2] = t
    ranked = sorted(scored.items(), key=lambda kv: kv[1])
    best, best_cost = ranked[0]
    if best_cost >= base:
        return None
    if len(ranked) > 1 and ranked[1][1] - best_cost < settings.ambiguity_margin:
        return None
    return best


def _suspicious(tok: str, broken: bool) -> bool:
    """A non-word; or, in broken text, also a rare word (``จา`` in ``ประ|จา|ปี``)."""
    if tok.isspace() or not thai_letters(tok):
        return False
    c = _log_probs().get(tok)
    return c is None or (broken and c > _repair_settings().rare_word_cost)


_MAX_WINDOW = 40
_MAX_ROUNDS = 4


def _repair_run(run: str, profile: FaultProfile) -> str:
    """Repair one run of Thai letters (with single spaces) window by window.

    A window is a group of consecutive suspicious tokens with one neighbour on each side.
    """
    done: set[tuple[int, str]] = set()
    for _ in range(2 * len(run) + 2):
        spans, pos = [], 0
        for tok in tokenize(run):
            if not tok.isspace():
                spans.append((pos, pos + len(tok), tok))
            pos += len(tok)
        changed = False
        k = 0
        while k < len(spans):
            if not _suspicious(spans[k][2], profile.broken):
                k += 1
                continue
            j = k
            while j + 1 < len(spans) and _suspicious(spans[j + 1][2], profile.broken) and spans[j + 1][1] - spans[k][0] <= _MAX_WINDOW:
                j += 1
            lo = spans[max(0, k - 1)][0]
            hi = spans[min(len(spans) - 1, j + 1)][1]
            window = run[lo:hi]
            k = j + 1
            if (lo, window) in done:
                continue
            done.add((lo, window))
            fixed = _best_edit(window, profile)
            if fixed is not None:
                run = run[:lo] + fixed + run[hi:]
                changed = True
                break
        if not changed:
            break
    return run


def repair_words(text: str, profile: FaultProfile | None = None) -> str:
    """Repair broken Thai words with the dictionary (see module docstring). ``profile`` defaults
    to the faults detected in ``text`` itself; pass the page's profile for short texts (cells).

    >>> repair_words("ส านักงานสาธารณสุข ประจาปี มุงหวังใหหนวยงาน ค าน า")
    'สำนักงานสาธารณสุข ประจำปี มุ่งหวังให้หน่วยงาน คำนำ'
    """
    if profile is not None:
        return _RE_THAI_RUN.sub(lambda m: _repair_run(m.group(), profile), text)
    # the repaired text may show other faults than the input did: repeat to a fixed point so
    # that repairing twice changes nothing
    for _ in range(_MAX_ROUNDS):
        round_profile = detect_faults(text)
        fixed = _RE_THAI_RUN.sub(lambda m: _repair_run(m.group(), round_profile), text)
        if fixed == text:
            break
        text = fixed
    return text


def join_lines(lines: list[str]) -> str:
    """Join the wrapped lines of a table cell. Thai wraps at word boundaries without a space, so
    two Thai letters meet without one; anything else (digits, Latin, bullets) gets a space.

    >>> join_lines(["การใช้ทรัพย์สินของ", "ราชการ", "๑. จัดทำ", "แผน ITA", "2567"])
    'การใช้ทรัพย์สินของราชการ ๑. จัดทำแผน ITA 2567'
    """
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (_RE_LETTER.match(line[0]) and _RE_LETTER.match(out[-1])):
            out += " "
        out += line
    return out


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """The 77 Thai provinces (pythainlp's list), longest first."""
    from pythainlp.corpus import provinces

    return tuple(sorted({p["name_th"] for p in provinces(details=True)}, key=len, reverse=True))


def continues_word(left: str, right: str) -> bool:
    """Does a word run from the end of ``left`` into the start of ``right``? (a row cut by a page
    break: ``กองการเจ้า`` + ``หน้าที่``). Only when the cut pieces are not both words themselves.

    >>> continues_word("กองการเจ้า", "หน้าที่"), continues_word("สำนักปลัด", "กองคลัง")
    (True, False)
    """
    if not (left and right and _RE_LETTER.match(left[-1]) and _RE_LETTER.match(right[0])):
        return False
    tail = left.rsplit(" ", 1)[-1][-12:]
    head = right.split(" ", 1)[0][:12]
    cut, pos = len(tail), 0
    for tok in tokenize(tail + head):
        if pos < cut < pos + len(tok):
            return tok in word_set()
        pos += len(tok)
    t_last, h_first = tokenize(tail)[-1], tokenize(head)[0]
    return not is_word(t_last) and not is_word(h_first)
