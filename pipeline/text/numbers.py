"""Numbers as printed in Thai documents (repaired text: Arabic digits)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_RE_NUMBER = re.compile(r"^\s*[-+]?\d{1,3}(?:,\d{3})*(?:\.\d+)?\s*$|^\s*[-+]?\d+(?:\.\d+)?\s*$")


def parse_number(text: str | None) -> float | None:
    """``93.5``, ``5,000``, ``100.00`` -> float; anything else None.

    >>> parse_number("5,000"), parse_number("93.5"), parse_number("ก"), parse_number("")
    (5000.0, 93.5, None, None)
    """
    t = (text or "").strip().replace("\u00a0", "")
    if not _RE_NUMBER.match(t):
        return None
    try:
        return float(t.replace(",", ""))
    except ValueError:
        return None


def parse_amount(text: str | None, no_amount: Iterable[str], currency_words: Iterable[str]) -> float | None:
    """An amount of money: ``5,000`` -> 5000.0; a "no budget" mark (``-``) -> 0.0; empty or
    anything else -> None. ``no_amount`` and ``currency_words`` come from ``rules/tables.yaml``.

    >>> parse_amount("10,000 บาท", ["-"], ["บาท"]), parse_amount("-", ["-"], ["บาท"]), parse_amount("", ["-"], [])
    (10000.0, 0.0, None)
    """
    t = (text or "").strip()
    for w in currency_words:
        t = t.replace(w, "")
    t = t.strip()
    if t in set(no_amount):
        return 0.0
    return parse_number(t)
