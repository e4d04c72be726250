"""Embedded font programs (the only module that imports fontTools): which Unicode character each
glyph of a TrueType/OpenType program stands for, from the font's own cmap and, for glyphs the cmap
does not reach (positional variants such as low tone marks, a tail-less ญ), its GSUB substitutions.

This is how a font without a usable ToUnicode map is read: its codes are glyph ids (Identity-H),
and the font program itself says what each glyph is.
"""

from __future__ import annotations

import io
from collections import defaultdict

from fontTools.ttLib import TTFont, TTLibError


def _unicode_cmaps(tt: TTFont) -> list:  # type: ignore[type-arg]
    """Unicode subtables ((3,1), (3,10), (0,*)); the (3,0) symbol table only when there is none."""
    tables = tt["cmap"].tables if "cmap" in tt else []
    uni = [t for t in tables if (t.platformID == 3 and t.platEncID in (1, 10)) or t.platformID == 0]
    return uni or [t for t in tables if t.platformID == 3 and t.platEncID == 0]


def _substitutions(tt: TTFont) -> list[tuple[str, str]]:
    """(source glyph, substitute glyph) of every one-to-one GSUB substitution."""
    pairs: list[tuple[str, str]] = []
    if "GSUB" not in tt or not tt["GSUB"].table.LookupList:
        return pairs
    for lookup in tt["GSUB"].table.LookupList.Lookup:
        for st in lookup.SubTable:
            if lookup.LookupType == 7:
                st = st.ExtSubTable
            kind = type(st).__name__
            if kind == "SingleSubst":
                pairs += list(st.mapping.items())
            elif kind == "AlternateSubst":
                pairs += [(a, b) for a, bs in st.alternates.items() for b in bs]
            elif kind == "MultipleSubst":
                pairs += [(a, b) for a, bs in st.mapping.items() for b in bs]
    return pairs


def _prefer_thai(values: set[int]) -> str:
    for u in sorted(values):
        if 0x0E00 <= u <= 0x0E7F:
            return chr(u)
    return chr(min(values))


def glyph_characters(data: bytes) -> dict[int, str]:
    """glyph id -> the character the glyph stands for; empty when the program cannot be read or
    has no Unicode cmap (then the font's codes cannot be decoded from the program)."""
    try:
        tt = TTFont(io.BytesIO(data), lazy=True)
        order = tt.getGlyphOrder()
    except (TTLibError, Exception):
        return {}
    gid = {g: i for i, g in enumerate(order)}
    chars: dict[int, set[int]] = defaultdict(set)
    for table in _unicode_cmaps(tt):
        for u, g in table.cmap.items():
            if g in gid:
                chars[gid[g]].add(u)
    if not chars:
        return {}
    subs = _substitutions(tt)
    for _ in range(3):  # variants of variants
        changed = False
        for src, dst in subs:
            s, d = gid.get(src), gid.get(dst)
            if s is not None and d is not None and s in chars and d not in chars:
                chars[d] = set(chars[s])
                changed = True
        if not changed:
            break
    return {g: _prefer_thai(us) for g, us in chars.items()}
