"""ITA item codes (``i1``…, ``e1``…, ``o1``…): the one place that reads them, repairs them and
says what kind of item a code is.

Printed codes come damaged: ``o๒`` (a Thai digit; digits are Arabic by the time text gets here),
``0 33`` (the letter o read as a zero), ``O 9``, ``i1 1`` (a space inside the number). The
contract's form is a lowercase letter and the number without leading zeros: ``o2``, ``o33``,
``o9``, ``i11``. Where a space makes the code ambiguous (``i1 1`` is i11 or i1 followed by a
word starting with 1) the catalog's item names decide.
"""

from __future__ import annotations

import re

from ..adapters.fuzzy import partial_ratio, ratio
from ..model import Tool
from ..rules import Catalog, Rules
from .thai import thai_digits_to_arabic

_RE_CODE = re.compile(r"([ieo])0*(\d{1,3})")


def normalise_code(letter: str, number: str) -> str:
    """A code from its printed parts: the letter lowercased (a zero read for o is o), the
    number's spaces and leading zeros dropped.

    >>> normalise_code("O", "09"), normalise_code("0", "3 3"), normalise_code("i", "1 1")
    ('o9', 'o33', 'i11')
    """
    return letter.lower().replace("0", "o") + str(int(number.replace(" ", "")))


def is_item_code(code: str) -> bool:
    """``o12`` is an item code in the contract's form; ``O12``, ``o012``, ``x1`` are not.

    >>> is_item_code("o12"), is_item_code("O12"), is_item_code("o012")
    (True, False, False)
    """
    m = _RE_CODE.fullmatch(code)
    return m is not None and code == normalise_code(m.group(1), m.group(2))


def is_oit(code: str | None) -> bool:
    """An OIT item (published evidence, ``o1``…), not a survey question (``i1``…, ``e1``…)."""
    return Tool.of_item(code) == Tool.OIT


def tool_of(code: str) -> Tool | None:
    """IIT, EIT or OIT from the code's letter."""
    return Tool.of_item(code)


def item_number(code: str) -> tuple[str, int]:
    """Sort key of an item code: o2 before o12.

    >>> sorted(["o12", "o2", "i3"], key=item_number)
    ['i3', 'o2', 'o12']
    """
    return code[0], int(code[1:])


def parse_item_code(text: str, rules: Rules, catalog: Catalog | None) -> tuple[str, str] | None:
    """(code, label after the code) of the first item code in ``text``; None if there is none.

    >>> from pipeline.rules import load_rules
    >>> r = load_rules()
    >>> parse_item_code("ข้อ 0 33 รายงานผลการดำเนินการป้องกันการทุจริตประจำปี", r, r.catalog(2567))[0]
    'o33'
    >>> parse_item_code("ข้อ o1 1 คู่มือหรือแนวทางการให้บริการ", r, r.catalog(2567))[0]
    'o11'
    """
    m = rules.patterns["item_code"].search(text)
    if not m:
        return None
    letter, num = m.group("letter"), m.group("num")
    if not int(num.replace(" ", "")):
        return None  # "o0": the end of a figure ("785,000"), not an item
    label = text[m.end() :].strip(" :.-")
    if " " not in num:
        return normalise_code(letter, num), label
    a, b = num.split()
    joined, short = normalise_code(letter, a + b), normalise_code(letter, a)
    if catalog is None:
        return joined, label
    label_short = (b + " " + label).strip()
    cj, cs = catalog.item(joined), catalog.item(short)
    sj = _name_score(label, cj.name) if cj else -1
    ss = _name_score(label_short, cs.name) if cs else -1
    return (joined, label) if sj >= ss else (short, label_short)


def _name_score(label: str, name: str) -> float:
    return max(ratio(label[: len(name) + 5], name), partial_ratio(name[:30], label)) if label else 0.0


def codes_in(text: str, rules: Rules) -> list[str]:
    """Item codes named in running text: after the item word ("ข้อ o15") or in brackets ("(o12)"),
    in order, each once."""
    codes: list[str] = []
    for m in rules.patterns["item_code"].finditer(text):
        if rules.matching.item_word in text[max(0, m.start() - 4) : m.start() + 3]:
            codes.append(normalise_code(m.group("letter"), m.group("num")))
    for m in rules.patterns["item_in_brackets"].finditer(text):
        codes.append(normalise_code(m.group(1), m.group(2)))
    return list(dict.fromkeys(codes))


def leading_code(text: str, rules: Rules) -> str | None:
    """The item code a line starts with (``o12 ข้อมูล…`` -> ``o12``), None if it starts with none."""
    m = rules.patterns["item_code"].match(text)
    return normalise_code(m.group("letter"), m.group("num")) if m else None


def parse_item_codes(text: str, known: set[str]) -> list[str]:
    """Codes a person typed (``"o9, O12,o๑๕"``), in the contract's form, each once; a code not in
    ``known`` raises ``ValueError`` naming it.

    >>> parse_item_codes("o9, O12,o๑๕", {"o9", "o12", "o15"})
    ['o9', 'o12', 'o15']
    """
    out: list[str] = []
    for piece in re.split(r"[,\s]+", thai_digits_to_arabic(text).strip().lower()):
        if not piece:
            continue
        m = _RE_CODE.fullmatch(piece)
        code = normalise_code(m.group(1), m.group(2)) if m else piece
        if code not in known:
            raise ValueError(piece)
        if code not in out:
            out.append(code)
    return out
