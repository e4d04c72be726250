"""Mechanical Thai text repair: an ordered list of small named passes (``MECHANICAL_PASSES``).

Each pass is a pure ``str -> str`` function, safe to apply twice, that never removes a base
consonant. ``mechanical_repair`` runs them in order; the dictionary-guided pass that comes after
them lives in ``pipeline.text.repair`` (it needs a dictionary).

Never NFKC: it decomposes ``ำ`` into ``ํา`` (the broken form). Never rapidfuzz's default
processor or pythainlp ``normalize()`` on raw text: both drop Thai marks (see README).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from .chars import MARKS, NIKHAHIT, SARA_AA, SARA_AM, THAI_DIGITS, TONES, mark_rank

_THAI_DIGIT_TABLE = str.maketrans(THAI_DIGITS, "0123456789")


_RE_PUA = re.compile("[\ue000-\uf8ff]")


def map_pua(text: str, table: Mapping[int, str]) -> str:
    """Private-use glyphs of legacy Thai fonts (and, for text without font information, Wingdings
    boxes) to Unicode by ``table`` (``rules.text.pua_table``); unknown PUA dropped. Symbols with a
    known font are mapped when reading.

    >>> map_pua("\\uf70fการ\\uf701", {0xF70F: "ญ", 0xF701: "ิ"})  # tail-less YO YING, shifted SARA I
    'ญการิ'
    >>> map_pua("\\uf0fe ดำเนินการ", {0xF0FE: "☑"})  # Wingdings ticked box
    '☑ ดำเนินการ'
    """
    if not _RE_PUA.search(text):
        return text
    return _RE_PUA.sub(lambda m: table.get(ord(m.group()), ""), text)


_RE_AM_DECOMPOSED = re.compile(f"{NIKHAHIT}([{TONES}]?){SARA_AA}+")
_RE_AM_TONE_FIRST = re.compile(f"([{TONES}]){NIKHAHIT}{SARA_AA}+")
_RE_AM_DOUBLED = re.compile(f"{SARA_AM}{SARA_AA}+")
_RE_AM_TONE_AFTER = re.compile(f"{SARA_AM}([{TONES}])")


def compose_sara_am(text: str) -> str:
    """Rebuild SARA AM from its shaped pieces: ``ํา``, ``ําา``, ``ำา``, ``ํ+tone+า``, ``ำ+tone``.

    >>> compose_sara_am("ประจําปี ดําาเนินการ ประจำาปี น้ําา นำ้")
    'ประจำปี ดำเนินการ ประจำปี น้ำ น้ำ'
    """
    text = _RE_AM_DECOMPOSED.sub(lambda m: m.group(1) + SARA_AM, text)
    text = _RE_AM_TONE_FIRST.sub(lambda m: m.group(1) + SARA_AM, text)
    text = _RE_AM_DOUBLED.sub(SARA_AM, text)
    text = _RE_AM_TONE_AFTER.sub(lambda m: m.group(1) + SARA_AM, text)
    return order_marks(text)  # a tone moved before ำ may now stand next to other marks


_RE_SPACE_BEFORE_MARK = re.compile(f"[ \t\u00a0]+(?=[{MARKS}])")


def remove_space_before_marks(text: str) -> str:
    """A combining mark never follows a space: the space is an extraction artefact.

    >>> remove_space_before_marks("กรณ ีที่ ต ้องการ ถ ึง")
    'กรณีที่ ต้องการ ถึง'
    """
    return _RE_SPACE_BEFORE_MARK.sub("", text)


_RE_MARK_RUN = re.compile(f"[{MARKS}]{{2,}}")


def order_marks(text: str) -> str:
    """Vowel marks before tone marks inside a cluster (``รู้`` -> ``รู้``), as Thai is typed.

    >>> order_marks("ความรู้เกี่ยวกับ ที่ี่")
    'ความรู้เกี่ยวกับ ทีี่่'
    """
    return _RE_MARK_RUN.sub(lambda m: "".join(sorted(m.group(), key=mark_rank)), text)


_RE_DOUBLED_MARK = re.compile(f"([{MARKS}])\\1+")
_RE_DOUBLED_PAIR = re.compile(f"([{MARKS}])([{MARKS}])\\1\\2")


def dedupe_marks(text: str) -> str:
    """The same mark drawn twice (fake bold, overprint) counts once.

    >>> dedupe_marks("ที่่ ผู้้ ทีี่่")
    'ที่ ผู้ ที่'
    """
    prev = None
    while prev != text:
        prev, text = text, _RE_DOUBLED_MARK.sub(r"\1", text)
        text = _RE_DOUBLED_PAIR.sub(r"\1\2", text)
    return text


def thai_digits_to_arabic(text: str) -> str:
    """Thai digits to Arabic digits.

    >>> thai_digits_to_arabic("พ.ศ. ๒๕๖๘ คะแนน ๘๙.๗๒")
    'พ.ศ. 2568 คะแนน 89.72'
    """
    return text.translate(_THAI_DIGIT_TABLE)


def nfc(text: str) -> str:
    """Canonical composition (NFC, never NFKC, which would split ``ำ``).

    >>> nfc("ประจำปี") == "ประจำปี"
    True
    """
    return unicodedata.normalize("NFC", text)


_RE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def drop_controls(text: str) -> str:
    """Control characters are never text (a font without a usable ToUnicode map gives its glyph
    ids, some of which fall on them); line breaks and tabs stay.

    >>> drop_controls("ก\\x03ข\\x1cค\\nง")
    'กขค\\nง'
    """
    return _RE_CONTROL.sub("", text)


_RE_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_RE_HSPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_RE_BLANK_LINES = re.compile(r"\n{2,}")


def collapse_whitespace(text: str) -> str:
    """Zero-width characters removed, runs of spaces collapsed, lines trimmed, no blank lines.

    >>> collapse_whitespace("  ตัวชี้วัดที่\\u200b ๑   การปฏิบัติ  \\n\\n หน้าที่ ")
    'ตัวชี้วัดที่ ๑ การปฏิบัติ\\nหน้าที่'
    """
    text = _RE_ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _RE_HSPACE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _RE_BLANK_LINES.sub("\n", text).strip()


#: the passes in the order ``mechanical_repair`` applies them (after ``map_pua``)
MECHANICAL_PASSES: list[Callable[[str], str]] = [
    drop_controls,
    remove_space_before_marks,
    order_marks,
    compose_sara_am,
    dedupe_marks,
    nfc,
    collapse_whitespace,
]

#: what comes after the dictionary pass
FINAL_PASSES: list[Callable[[str], str]] = [thai_digits_to_arabic, collapse_whitespace]


def mechanical_repair(text: str | None, pua_table: Mapping[int, str]) -> str:
    """``map_pua``, every mechanical pass and the final ones: everything but the dictionary
    (what fault detection and the dictionary look at).

    >>> mechanical_repair("ประจําาปี  งบประมาณ พ.ศ. ๒๕๖๘", {})
    'ประจำปี งบประมาณ พ.ศ. 2568'
    """
    if not text:
        return ""
    text = map_pua(text, pua_table)
    for p in MECHANICAL_PASSES:
        text = p(text)
    return finish(text)


def finish(text: str) -> str:
    """The passes after the dictionary: Arabic digits, whitespace."""
    for p in FINAL_PASSES:
        text = p(text)
    return text
