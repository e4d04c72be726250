"""Thai character classes (Unicode facts, not rules) and joining of cut text."""

from __future__ import annotations

import re

CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))  # ก..ฮ
ABOVE_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"  # ั ิ ี ึ ื ็
BELOW_VOWELS = "\u0e38\u0e39\u0e3a"  # ุ ู ฺ
TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
OTHER_MARKS = "\u0e4c\u0e4d\u0e4e"  # ์ ํ ๎
MARKS = ABOVE_VOWELS + BELOW_VOWELS + TONES + OTHER_MARKS
_MARK_RANK = {**{c: 0 for c in ABOVE_VOWELS + BELOW_VOWELS}, **{c: 1 for c in TONES}}


def mark_rank(ch: str) -> int:
    """Where a mark goes in its cluster as Thai is typed: vowel marks (0) before tone marks (1)
    before the rest (2: ์ ํ, and anything that is not a mark)."""
    return _MARK_RANK.get(ch, 2)


SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
THAI_RANGE = "\u0e00-\u0e7f"
#: letters of Thai words (consonants, vowels, marks; not digits or signs like ฯ ๆ)
LETTER = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"

RE_THAI_CHAR = re.compile(f"[{THAI_RANGE}]")
RE_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
RE_THAI_CONSONANT = re.compile("[\u0e01-\u0e2e]")
RE_LETTER = re.compile(f"[{LETTER}]")
_RE_SPACE = re.compile(r"\s+")


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def count_consonants(text: str) -> int:
    return sum(1 for ch in text if "\u0e01" <= ch <= "\u0e2e")


def compact(text: str | None) -> str:
    """Whitespace removed (Thai words are not separated by spaces; line wraps add them) and Latin
    letters lower-cased ("NO Gift Policy" = "No Gift Policy").

    >>> compact("ผู้รับผิด ชอบ  NO Gift")
    'ผู้รับผิดชอบnogift'
    """
    return _RE_SPACE.sub("", text or "").lower()


def join_thai(a: str, b: str) -> str:
    """Join two pieces of one cell or label cut by a line or page break: Thai meets Thai without
    a space (Thai runs on without one where it wraps); anything else gets a space.

    >>> join_thai("การใช้ทรัพย์สินของ", "ราชการ"), join_thai("ข้อ 1", "2567"), join_thai("", "แผน")
    ('การใช้ทรัพย์สินของราชการ', 'ข้อ 1 2567', 'แผน')
    """
    if not b:
        return a
    if not a:
        return b
    return a + b if RE_THAI_LETTER.match(a[-1]) and RE_THAI_LETTER.match(b[0]) else f"{a} {b}"


def join_lines(lines: list[str] | tuple[str, ...]) -> str:
    """Join the wrapped lines of a table cell. Thai wraps at word boundaries without a space, so
    two Thai letters meet without one; anything else (digits, Latin, bullets, ๆ, ฯ) gets a space.

    >>> join_lines(["การใช้ทรัพย์สินของ", "ราชการ", "๑. จัดทำ", "แผน ITA", "2567"])
    'การใช้ทรัพย์สินของราชการ ๑. จัดทำแผน ITA 2567'
    """
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (RE_LETTER.match(line[0]) and RE_LETTER.match(out[-1])):
            out += " "
        out += line
    return out


_SKELETON = str.maketrans({SARA_AM: SARA_AA, **{d: str(i) for i, d in enumerate(THAI_DIGITS)}})
_RE_NOT_SKELETON = re.compile("[^\u0e01-\u0e2e\u0e30\u0e32\u0e40-\u0e45a-z0-9]")


def skeleton(text: str) -> str:
    """What is left of a text when everything OCR and broken fonts get wrong most is taken out:
    marks, spaces, punctuation, ำ against า, Thai against Arabic digits (for comparing two readings
    of one document).

    >>> skeleton("ส่วนที่ ๒ การดำเนินงาน (ITA 2567)")
    'สวนท2การดาเนนงานita2567'
    """
    return _RE_NOT_SKELETON.sub("", text.lower().translate(_SKELETON))


def shingles(text: str, k: int, fold: dict[str, str] | None = None) -> set[str]:
    """The distinct runs of ``k`` characters of a text's skeleton, with the letters of ``fold``
    replaced (letters OCR reads as one another).

    >>> sorted(shingles("ก ข ค ง", 3)), sorted(shingles("ป่า ปลา", 3, {"ป": "บ"}))
    (['กขค', 'ขคง'], ['บลา', 'บาบ', 'าบล'])
    """
    s = skeleton(text)
    if fold:
        s = s.translate({ord(a): b for a, b in fold.items()})
    return {s[i : i + k] for i in range(max(0, len(s) - k + 1))}
