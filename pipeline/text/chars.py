"""Thai character classes (Unicode facts, not rules)."""
import re

CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))  # ก..ฮ
ABOVE_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"  # ั ิ ี ึ ื ็
BELOW_VOWELS = "\u0e38\u0e39\u0e3a"  # ุ ู ฺ
TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
OTHER_MARKS = "\u0e4c\u0e4d\u0e4e"  # ์ ํ ๎
MARKS = ABOVE_VOWELS + BELOW_VOWELS + TONES + OTHER_MARKS
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
THAI_RANGE = "\u0e00-\u0e7f"

RE_THAI_CHAR = re.compile(f"[{THAI_RANGE}]")
RE_THAI_LETTER = re.compile(f"[\u0e01-\u0e4e]")


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def count_consonants(text: str) -> int:
    return sum(1 for ch in text if "\u0e01" <= ch <= "\u0e2e")
