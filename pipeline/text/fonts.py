"""Per-font diagnosis of a text layer: which fonts of a document are clean, which need repair, and
which cannot be read at all.

A Thai text layer breaks per font, not per page: each font's ToUnicode map decides how its glyphs
read (Word writes a subset per style; if the first SARA AA glyph of a subset was drawn inside a
SARA AM, every "า" of that font reads "ำ"; otherwise its NIKHAHIT glyph reads as a space). So the
evidence is gathered per font over the whole document, where there is enough text to be sure:

* from the font itself (the reader's counts): spaces and Thai letters drawn without an advance
  (a mark's glyph mapped to a space or to a letter), codes without Unicode (no usable ToUnicode)
  and how many of them the embedded program decoded, text drawn invisibly (an OCR layer);
* from the font's own text: SARA AM against SARA AA, tone marks, "C า" (a nikhahit drawn as a
  space), private-use code points, letters of scripts a Thai document does not use (raw glyph
  ids read as Greek), and the share of its Thai letters that form dictionary words.

Thresholds are ``rules/text.yaml: fonts``.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Fault, FontAction, FontDiagnosis, FontEvidence, FontFace
from ..rules.models import FontRules
from .chars import CONSONANTS, SARA_AA, SARA_AM, TONES

_RE_SPACED_AA = re.compile(f"[{CONSONANTS}][{TONES}]? {SARA_AA}")
_RE_PUA = re.compile("[\ue000-\uf8ff]")


def face_evidence(face: FontFace) -> FontEvidence:
    """What the reader counted for a font on one page."""
    return FontEvidence(
        chars=face.chars,
        invisible=face.invisible,
        unmapped=face.unmapped,
        decoded=face.decoded,
        zero_width_spaces=face.zero_width_spaces,
        zero_width_letters=face.zero_width_letters,
        redecoded=face.redecoded,
        pages=1,
    )


def _script(ch: str) -> str:
    if "\u0e01" <= ch <= "\u0e4e":
        return "thai"
    if ch.isascii():
        return "latin" if ch.isalpha() else "other"
    cat = unicodedata.category(ch)
    if cat.startswith("L") or cat == "Cc":
        return "foreign"
    return "other"


def text_evidence(text: str, sample_size: int) -> FontEvidence:
    """Counts over a font's text (mechanically repaired: SARA AM composed, PUA mapped)."""
    thai = latin = foreign = 0
    for ch in text:
        kind = _script(ch)
        thai += kind == "thai"
        latin += kind == "latin"
        foreign += kind == "foreign"
    return FontEvidence(
        thai=thai,
        latin=latin,
        foreign=foreign,
        am=text.count(SARA_AM),
        aa=text.count(SARA_AA),
        tones=sum(text.count(t) for t in TONES),
        spaced_aa=len(_RE_SPACED_AA.findall(text)),
        pua=len(_RE_PUA.findall(text)),
        sample=text[:sample_size] if thai else "",
    )


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _unreadable(ev: FontEvidence, rules: FontRules) -> tuple[list[Fault], bool]:
    """Faults that make a font's text useless as it is: (faults, unreadable?)."""
    faults: list[Fault] = []
    unreadable = False
    if ev.unmapped:
        faults.append(Fault.UNMAPPED)
        unreadable |= _share(ev.unmapped - ev.decoded, ev.chars) > rules.max_unreadable_share
    if ev.invisible and _share(ev.invisible, ev.chars) > 0.5:
        faults.append(Fault.INVISIBLE)
        unreadable |= ev.thai == 0
    if ev.foreign and _share(ev.foreign, ev.thai + ev.latin + ev.foreign) >= rules.min_foreign_share:
        faults.append(Fault.NOT_THAI)
        unreadable = True
    if ev.zero_width_letters >= rules.min_zero_width and _share(ev.zero_width_letters, ev.thai) > 0.01:
        faults.append(Fault.MARKS_AS_LETTERS)  # no edit restores a mark mapped to a consonant
        unreadable = True
    return faults, unreadable


def _repairable(ev: FontEvidence, coverage: float | None, rules: FontRules) -> list[Fault]:
    """Faults the dictionary repair mends."""
    faults: list[Fault] = []
    enough = ev.thai >= rules.min_letters
    if ev.zero_width_spaces >= rules.min_zero_width or ev.spaced_aa >= rules.min_spaced_aa:
        faults.append(Fault.NIKHAHIT_AS_SPACE)
    if enough and _share(ev.am, ev.thai) < rules.min_am_share:
        faults.append(Fault.LOST_NIKHAHIT)
    if ev.am > ev.aa and ev.am >= rules.min_am_for_aa:
        faults.append(Fault.AA_AS_AM)
    if enough and _share(ev.tones, ev.thai) < rules.min_tone_share:
        faults.append(Fault.LOST_TONES)
    if enough and coverage is not None and coverage < rules.min_coverage:
        faults.append(Fault.LOW_COVERAGE)
    return faults


def page_faults(ev: FontEvidence, rules: FontRules) -> list[Fault]:
    """The repairable faults one page's text of a font shows by itself."""
    return _repairable(ev, None, rules)


def diagnose(
    key: str, name: str, ev: FontEvidence, coverage: float | None, rules: FontRules
) -> FontDiagnosis:
    """The faults a font's evidence shows and the action they call for (see the module docstring).

    >>> from pipeline.rules import load_rules
    >>> r = load_rules().text.repair.fonts
    >>> ev = FontEvidence(chars=900, thai=800, am=45, aa=0, tones=60)
    >>> [str(f) for f in diagnose("f", "THSarabunPSK", ev, 0.77, r).faults]
    ['aa_as_am', 'low_coverage']
    >>> str(diagnose("g", "Helvetica", FontEvidence(chars=500, invisible=500, latin=400), None, r).action)
    'unreadable'
    """
    faults, unreadable = _unreadable(ev, rules)
    repairable = _repairable(ev, coverage, rules)
    if ev.pua:
        repairable.append(Fault.PUA)
    # a font decoded from its program whose text still reads poorly is not trusted: OCR, as before
    unreadable |= bool(ev.redecoded) and Fault.LOW_COVERAGE in repairable
    if unreadable:
        action = FontAction.UNREADABLE
    elif ev.unmapped or ev.redecoded:
        action = FontAction.DECODED
    elif [f for f in repairable if f != Fault.PUA]:
        action = FontAction.REPAIR
    else:
        action = FontAction.CLEAN
    return FontDiagnosis(key, name, ev, tuple(faults + repairable), action, coverage)
