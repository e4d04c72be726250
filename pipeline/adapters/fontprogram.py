"""Embedded font programs (the only module that imports fontTools): which Unicode character each
glyph of a TrueType/OpenType program stands for, from the font's own cmap and, for glyphs the cmap
does not reach (positional variants such as low tone marks, a tail-less ญ), its GSUB substitutions.

This is how a font without a usable ToUnicode map is read: its codes are glyph ids (Identity-H),
and the font program itself says what each glyph is. And how a font whose ToUnicode map is wrong is
read (``DecodedFont``, below): from the program's cmap, glyph names and outlines.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import math
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from fontTools import agl
from fontTools.cffLib import CFFFontSet
from fontTools.encodings.StandardEncoding import StandardEncoding
from fontTools.pens.basePen import BasePen, NullPen
from fontTools.t1Lib import T1Font
from fontTools.ttLib import TTFont, TTLibError

# subset programs carry odd header dates and tables fontTools warns about; nothing a user can act on
logging.getLogger("fontTools").setLevel(logging.ERROR)


def _unicode_cmaps(tt: TTFont) -> list:  # type: ignore[type-arg]
    """Unicode subtables ((3,1), (3,10), (0,*)); the (3,0) symbol table only when there is none."""
    tables = tt["cmap"].tables if "cmap" in tt else []
    uni = [t for t in tables if (t.platformID == 3 and t.platEncID in (1, 10)) or t.platformID == 0]
    return uni or [t for t in tables if t.platformID == 3 and t.platEncID == 0]


def _substitutions(tt: TTFont) -> list[tuple[str, str]]:
    """(source glyph, substitute glyph) of every one-to-one GSUB substitution (and each output of
    a one-to-many one); ligatures are not."""
    return [(ins[0], g) for kind, ins, outs in _gsub_rules(tt) if kind != "lig" for g in outs]


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


# ---------------------------------------------------------------------------------------------
# Decoding a font whose ToUnicode map is wrong, from the program itself (issue: fonts decoded
# instead of OCR'd). LibreOffice writes, for each glyph of a Thai subset, the text of the first
# cluster it was drawn in cut to one character: a mark's glyph gets its base letter (real files:
# every "ไม้โท" of a subset reads "น"). The glyphs are right; the program says what they are:
#   1. its own Unicode cmap (with GSUB variants) and glyph names (AGL: "maithothai"), and
#   2. its outlines, against the same glyphs of the full font installed on the machine (Debian's
#      FreeFont, TLWG, DejaVu …): an exact point sequence, or a near one (subsetters rewrite a few
#      points) by chamfer distance.
# Which code a drawn character is comes from its tight box in em units: among the codes the map
# reads as its text, the one whose glyph box it is.

STEP = 10.0  # outline flattening step, in units of a 1000-unit em
BOX_MARGIN = 3.0  # the nearest glyph box must be this much nearer than the next to tell codes apart


class _Flatten(BasePen):  # type: ignore[misc]
    """A glyph's contours as polylines in a 1000-unit em, and its raw points (an exact key)."""

    def __init__(self, glyphset: Any, scale: float):
        super().__init__(glyphset)
        self.s = scale
        self.contours: list[list[tuple[float, float]]] = []
        self.raw: list[tuple[int, int]] = []
        self.cur: list[tuple[float, float]] = []

    def _p(self, p: Any) -> tuple[float, float]:
        return (p[0] * self.s, p[1] * self.s)

    def _moveTo(self, p: Any) -> None:
        self._end()
        q = self._p(p)
        self.cur = [q]
        self.raw += [(10**6, 0), (round(q[0]), round(q[1]))]

    def _lineTo(self, p: Any) -> None:
        q = self._p(p)
        self.cur.append(q)
        self.raw.append((round(q[0]), round(q[1])))

    def _curve(self, ctrl: list[tuple[float, float]]) -> None:
        p0 = self.cur[-1]
        pts = [p0, *ctrl]
        n = max(2, math.ceil(sum(math.dist(a, b) for a, b in itertools.pairwise(pts)) / STEP))
        for k in range(1, n + 1):
            t = k / n
            q = pts
            while len(q) > 1:  # de Casteljau
                q = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in itertools.pairwise(q)]
            self.cur.append(q[0])
        self.raw += [(round(x), round(y)) for x, y in ctrl]

    def _curveToOne(self, p1: Any, p2: Any, p3: Any) -> None:
        self._curve([self._p(p1), self._p(p2), self._p(p3)])

    def _qCurveToOne(self, p1: Any, p2: Any) -> None:
        self._curve([self._p(p1), self._p(p2)])

    def _closePath(self) -> None:
        self._end()

    def _endPath(self) -> None:
        self._end()

    def _end(self) -> None:
        if len(self.cur) > 1:
            self.contours.append(self.cur)
        self.cur = []


@dataclass
class Shape:
    """A glyph's outline in a 1000-unit em (y up, origin at the pen): its advance (nan when the
    program's advances say nothing), polylines, a key of its raw points and its box."""

    advance: float
    contours: list[np.ndarray]
    key: int
    bbox: tuple[float, float, float, float] | None

    @property
    def empty(self) -> bool:
        return not self.contours

    def samples(self) -> np.ndarray:
        """Points every ~STEP units along the outline."""
        out = []
        for c in self.contours:
            c2 = np.vstack([c, c[:1]])
            seg = np.diff(c2, axis=0)
            cum = np.concatenate([[0], np.cumsum(np.hypot(seg[:, 0], seg[:, 1]))])
            if cum[-1] <= 0:
                continue
            ts = np.arange(0, cum[-1], STEP)
            out.append(np.stack([np.interp(ts, cum, c2[:, 0]), np.interp(ts, cum, c2[:, 1])], 1))
        return np.vstack(out).astype(np.float32) if out else np.zeros((0, 2), np.float32)

    def perimeter(self) -> float:
        return float(sum(np.hypot(*np.diff(np.vstack([c, c[:1]]), axis=0).T).sum() for c in self.contours))


def _shape(glyphset: Any, name: str, scale: float, advance: float) -> Shape:
    pen = _Flatten(glyphset, scale)
    try:
        glyphset[name].draw(pen)
    except Exception:  # a broken glyph: nothing to compare
        return Shape(advance * scale, [], 0, None)
    pen._end()
    if not pen.contours:
        return Shape(advance * scale, [], 0, None)
    contours = [np.asarray(c, np.float32) for c in pen.contours]
    allp = np.vstack(contours)
    bbox = (
        float(allp[:, 0].min()),
        float(allp[:, 1].min()),
        float(allp[:, 0].max()),
        float(allp[:, 1].max()),
    )
    key = int.from_bytes(
        hashlib.blake2b(np.asarray(pen.raw, np.int32).tobytes(), digest_size=8).digest(), "little"
    )
    return Shape(advance * scale, contours, key, bbox)


_GENERIC_NAME = re.compile(
    r"^(glyph\d+|g\d+|gid\d+|cid\d+|index\d+|\.notdef|\.null|nonmarkingreturn|[a-z]?\d+)$", re.I
)


def _fold(text: str | None, pua: Mapping[str, str]) -> str | None:
    """Thai presentation forms (PUA) as the characters they are."""
    return "".join(pua.get(c, c) for c in text) if text else text


def name_text(name: str, pua: Mapping[str, str] = {}) -> str | None:
    """The text a glyph name stands for (AGL, uniXXXX, ligatures with '_'; suffixes like '.low'
    dropped); None for generic names (glyph12, g7)."""
    if not name or _GENERIC_NAME.match(name):
        return None
    base = name.split(".")[0]
    try:
        text = agl.toUnicode(base) if base else ""
    except Exception:
        text = ""
    return _fold(text, pua) or None


def _gsub_rules(tt: TTFont) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    rules: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    if "GSUB" not in tt or not tt["GSUB"].table.LookupList:
        return rules
    for lookup in tt["GSUB"].table.LookupList.Lookup:
        for st in lookup.SubTable:
            if lookup.LookupType == 7:
                st = st.ExtSubTable
            kind = type(st).__name__
            if kind == "SingleSubst":
                rules += [("single", (a,), (b,)) for a, b in st.mapping.items()]
            elif kind == "AlternateSubst":
                rules += [("single", (a,), (b,)) for a, bs in st.alternates.items() for b in bs]
            elif kind == "MultipleSubst":
                rules += [("multi", (a,), tuple(bs)) for a, bs in st.mapping.items()]
            elif kind == "LigatureSubst":
                rules += [
                    ("lig", (a, *lig.Component), (lig.LigGlyph,))
                    for a, ligs in st.ligatures.items()
                    for lig in ligs
                ]
    return rules


def _substituted(
    kind: str, ins: tuple[str, ...], outs: tuple[str, ...], texts: dict[str, str]
) -> dict[str, str]:
    """The texts of a substitution's output glyphs: a variant its source's, a ligature the sources'
    joined, a multiple substitution's first glyph the source's and the others none."""
    if kind == "single":
        return {outs[0]: texts[ins[0]]}
    if kind == "lig":
        return {outs[0]: "".join(texts[g] for g in ins)}
    return {g: texts[ins[0]] if j == 0 else "" for j, g in enumerate(outs)}


def gsub_closure(tt: TTFont, base: dict[str, str], own: frozenset[str] = frozenset()) -> dict[str, str]:
    """``base`` (glyph -> text) with the glyphs GSUB reaches from it: a variant gets its source's
    text, a ligature the texts joined; a glyph reached from two different texts gets none."""
    out = dict(base)
    rules = _gsub_rules(tt)
    derived: dict[str, set[str]] = {}
    for _ in range(4):  # variants of variants
        changed = False
        for kind, ins, outs in rules:
            if not all(g in out for g in ins):
                continue
            for g, t in _substituted(kind, ins, outs, out).items():
                if g in base or g in own:
                    continue
                seen = derived.setdefault(g, set())
                if t not in seen:
                    seen.add(t)
                    changed = True
                    if len(seen) == 1:
                        out[g] = t
                    else:
                        out.pop(g, None)
        if not changed:
            break
    return out


@dataclass
class Program:
    """An embedded font program's glyphs by character code, and what it says each glyph is."""

    kind: str  # sfnt | type1 | cff
    glyphset: Any
    scale: float  # to a 1000-unit em
    code_to_glyph: dict[int, str]
    names_meaningful: bool
    unicode_of: dict[str, str]  # glyph -> text from the program's Unicode cmap (+ GSUB)
    advances: dict[str, float]
    tt: Any = None

    def __post_init__(self) -> None:
        widths = {round(v) for g, v in self.advances.items() if g != ".notdef"}
        self.advance_known = len(widths) > 2  # a Type1 subset written with every width 1000 says nothing

    def shape(self, glyph: str) -> Shape:
        s = _shape(self.glyphset, glyph, self.scale, self.advances.get(glyph, 0.0))
        if not self.advance_known:
            s.advance = float("nan")
        return s

    def claim(self, glyph: str, pua: Mapping[str, str]) -> str | None:
        """What the program itself says the glyph is (cmap, else its name)."""
        if glyph in self.unicode_of:
            return _fold(self.unicode_of[glyph], pua)
        return name_text(glyph, pua) if self.names_meaningful or self.kind == "type1" else None


def _meaningful(names: list[str]) -> bool:
    return sum(1 for n in names if name_text(n)) > 0.5 * max(1, len(names))


def read_program(data: bytes, cid: bool = False) -> Program | None:
    """TrueType/OpenType, bare CFF or Type1 (PFA/PFB); None when it cannot be read. Codes: a simple
    TrueType font's byte through its (3,0)/(1,0) cmap; Type1/CFF their built-in encoding; a CID
    font (Identity) the glyph id."""
    try:
        if data[:2] in (b"%!", b"\x80\x01"):
            return _read_type1(data)
        if data[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
            return _read_sfnt(data, cid)
        if data[:1] == b"\x01":
            return _read_cff(data, cid)
    except Exception:  # a damaged program is one we cannot decode
        return None
    return None


def _simple_codes(tables: list[Any]) -> dict[int, str]:
    """A simple TrueType font's code -> glyph: through its symbol (3,0) or Mac (1,0) cmap, else
    (nonsymbolic) the code as a character looked up in (3,1)."""
    out: dict[int, str] = {}
    for t in tables:
        if (t.platformID, t.platEncID) in ((3, 0), (1, 0)):
            for c, g in t.cmap.items():
                out.setdefault(c & 0xFF if 0xF000 <= c <= 0xF0FF else c, g)
    if not out:
        for t in tables:
            if t.platformID == 3 and t.platEncID in (1, 10):
                out.update({c: g for c, g in t.cmap.items() if c < 256})
    return out


def _read_sfnt(data: bytes, cid: bool) -> Program | None:
    tt = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
    order = tt.getGlyphOrder()
    hmtx = tt["hmtx"].metrics if "hmtx" in tt else {}
    tables = tt["cmap"].tables if "cmap" in tt else []
    code_to_glyph = dict(enumerate(order)) if cid else _simple_codes(tables)
    unicode_of: dict[str, str] = {}
    for t in tables:
        if (t.platformID == 3 and t.platEncID in (1, 10)) or t.platformID == 0:
            for u, g in sorted(t.cmap.items()):
                unicode_of.setdefault(g, chr(u))
    if unicode_of:
        unicode_of = gsub_closure(tt, unicode_of)
    adv = {g: float(m[0]) for g, m in hmtx.items()}
    scale = 1000.0 / (tt["head"].unitsPerEm or 1000)
    return Program(
        "sfnt", tt.getGlyphSet(), scale, code_to_glyph, _meaningful(order[1:]), unicode_of, adv, tt
    )


def _advances(charstrings: Any, names: Any) -> dict[str, float]:
    adv = {}
    for n in names:
        try:
            g = charstrings[n]
            g.draw(NullPen())
            adv[n] = float(getattr(g, "width", 0) or 0)
        except Exception:
            adv[n] = 0.0
    return adv


def _read_type1(data: bytes) -> Program | None:
    with tempfile.TemporaryDirectory() as tmp:  # fontTools reads Type1 from a file only
        path = Path(tmp) / ("font.pfa" if data[:2] == b"%!" else "font.pfb")
        path.write_bytes(data)
        t1 = T1Font(str(path))
        t1.parse()
    font = t1.font
    cs = font["CharStrings"]
    enc = font.get("Encoding")
    if isinstance(enc, list):
        code_to_glyph = {c: n for c, n in enumerate(enc) if n and n != ".notdef" and n in cs}
    elif enc == "StandardEncoding":
        code_to_glyph = {c: n for c, n in enumerate(StandardEncoding) if n in cs and n != ".notdef"}
    else:
        code_to_glyph = {}
    names = [n for n in cs.keys() if n != ".notdef"]  # noqa: SIM118  (CharStrings: keys(), no iteration)
    scale = 1000.0 * float(font.get("FontMatrix", [0.001])[0])
    return Program("type1", cs, scale, code_to_glyph, _meaningful(names), {}, _advances(cs, cs.keys()))


def _read_cff(data: bytes, cid: bool) -> Program | None:
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    top = cff[cff.fontNames[0]]
    cs, charset = top.CharStrings, top.charset
    if cid:
        code_to_glyph = dict(enumerate(charset))
    else:
        enc = getattr(top, "Encoding", None)
        code_to_glyph = (
            {c: n for c, n in enumerate(enc) if n and n != ".notdef"} if isinstance(enc, list) else {}
        )
    scale = 1000.0 * float(getattr(top, "FontMatrix", [0.001])[0])
    names = [n for n in charset if n != ".notdef"]
    return Program("cff", cs, scale, code_to_glyph, _meaningful(names), {}, _advances(cs, charset))


# ---- the reference glyphs: full fonts installed on the machine
@dataclass
class References:
    """Glyphs of full fonts (Thai, Latin, digits and their GSUB variants) to match outlines against."""

    texts: list[str]
    adv: np.ndarray
    bbox: np.ndarray  # n x 4
    ncont: np.ndarray
    perim: np.ndarray
    keys: dict[int, list[int]]
    samples: list[np.ndarray]

    def __len__(self) -> int:
        return len(self.texts)


def _wanted(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b" or "!" <= ch <= "~" or ch in "\u00a0°×·–—‘’“”•…฿"


@lru_cache(maxsize=8)
def references(files: tuple[str, ...], pua: tuple[tuple[str, str], ...] = ()) -> References:
    """The glyphs of ``files`` (built once per process and set of files: ~0.3 s per font file)."""
    folds = dict(pua)
    texts: list[str] = []
    adv, bbox, ncont, perim, samples = [], [], [], [], []
    keys: dict[int, list[int]] = {}
    for path in files:
        try:
            tt = TTFont(path, lazy=True)
            best = tt.getBestCmap() or {}
            hm = tt["hmtx"].metrics
            scale = 1000.0 / tt["head"].unitsPerEm
            gs = tt.getGlyphSet()
        except Exception:
            continue
        base: dict[str, str] = {}
        for u, g in sorted(best.items()):
            if _wanted(chr(u)):
                base.setdefault(g, chr(u))
            elif chr(u) in folds:
                base.setdefault(g, folds[chr(u)])
        for g, text in gsub_closure(tt, base, frozenset(best.values())).items():
            if g not in hm:
                continue
            s = _shape(gs, g, scale, hm[g][0])
            if s.empty or s.bbox is None:
                continue
            keys.setdefault(s.key, []).append(len(texts))
            texts.append(text)
            adv.append(s.advance)
            bbox.append(s.bbox)
            ncont.append(len(s.contours))
            perim.append(s.perimeter())
            smp = s.samples()
            samples.append(smp[:: max(1, math.ceil(len(smp) / 200))])
        tt.close()
    return References(
        texts,
        np.asarray(adv, np.float32),
        np.asarray(bbox, np.float32).reshape(-1, 4),
        np.asarray(ncont, np.int16),
        np.asarray(perim, np.float32),
        keys,
        samples,
    )


def _norm_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@lru_cache(maxsize=4)
def _installed(dirs: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for d in dirs:
        base = Path(d)
        if base.is_dir():
            out += sorted(str(p) for p in base.rglob("*") if p.suffix.lower() in (".ttf", ".otf"))
    return tuple(out)


def reference_files(font_name: str, dirs: tuple[str, ...]) -> tuple[str, ...]:
    """The installed font files of the embedded font's family (its name without the subset
    prefix, as the file is named: FreeSerifBold -> FreeSerifBold.ttf); the TrueType one first."""
    family = _norm_name(font_name.split("+", 1)[-1].split(",")[0])
    if not family:
        return ()
    files = [f for f in _installed(dirs) if _norm_name(Path(f).stem) == family]
    return tuple(sorted(files, key=lambda f: not f.lower().endswith(".ttf")))[:1]


def match_outline(shape: Shape, refs: References) -> tuple[list[str], float] | None:
    """The texts of the reference glyphs with this outline (exact points, else within a few units
    by chamfer distance), best first, and how sure."""
    if shape.bbox is None or not len(refs):
        return None
    rows = refs.keys.get(shape.key, [])
    if rows:
        texts = list(dict.fromkeys(refs.texts[r] for r in rows))
        return texts, 1.0 if len(texts) == 1 else 0.9
    b = np.asarray(shape.bbox, np.float32)
    per = shape.perimeter()
    ok = (np.abs(refs.bbox - b).max(1) <= 25) & (refs.ncont == len(shape.contours))
    ok &= np.abs(refs.perim - per) <= 0.06 * per + 20
    if not math.isnan(shape.advance):
        ok &= np.abs(refs.adv - shape.advance) <= max(4.0, 0.01 * abs(shape.advance))
    cand = np.nonzero(ok)[0]
    if not len(cand):
        return None
    a = shape.samples()
    a = a[:: max(1, math.ceil(len(a) / 200))]
    scored = []
    for r in cand[:40]:
        p = refs.samples[int(r)]
        if len(p) and len(a):
            d = np.sqrt(((a[:, None, :] - p[None, :, :]) ** 2).sum(-1))
            scored.append((0.5 * float(d.min(1).mean() + d.min(0).mean()), int(r)))
    if not scored:
        return None
    scored.sort()
    best, row = scored[0]
    if best > 6.0:
        return None
    texts = [refs.texts[row]]
    runner = next((s for s, r in scored[1:] if refs.texts[r] not in texts), None)
    texts += [refs.texts[r] for s, r in scored[1:] if s <= best + 0.5 and refs.texts[r] not in texts]
    margin = (runner - best) if runner is not None else 99.0
    return texts, 0.98 if best <= 2.5 and margin >= 3 else 0.9 if best <= 4 and margin >= 2 else 0.75


def decode_font(
    program: Program, used: Mapping[int, str], refs: References | None, pua: Mapping[str, str]
) -> dict[int, tuple[str, float]]:
    """code -> (text, confidence) for the codes of ``used`` (code -> the map's text): what the
    program says (cmap, names), checked against the outline of the installed full font; the map's
    text is kept wherever the evidence allows it."""
    out: dict[int, tuple[str, float]] = {}
    for code, tu in used.items():
        g = program.code_to_glyph.get(code)
        if g is None:
            continue
        claim = program.claim(g, pua)
        mapped = _fold(tu, pua)
        if claim and claim == mapped:
            out[code] = (tu, 0.97)
            continue
        s = program.shape(g)
        if s.empty:
            out[code] = (claim or (tu if tu and tu.isspace() else " "), 0.9)
            continue
        om = match_outline(s, refs) if refs is not None else None
        if om is not None:
            allowed, conf = om
            pick = next((t for t in (mapped, claim) if t in allowed), allowed[0])
            if claim and claim != pick:
                conf = min(conf, 0.85)  # the program says otherwise
            out[code] = (tu if pick == mapped else pick, conf)
        elif claim:
            out[code] = (claim, 0.95)
    return out


@dataclass
class Triage:
    """Cheap evidence, from the program and the map alone, that a font's map is wrong."""

    codes: int = 0
    shared: int = 0  # one map text for glyphs that cannot all be it
    blank: int = 0  # a space or control text for a glyph with ink
    claims: int = 0  # the program says another character than the map

    @property
    def suspect(self) -> bool:
        return bool(self.shared or self.blank or self.claims)


def _mark_like(s: Shape) -> bool:
    if math.isnan(s.advance):
        return s.bbox is not None and s.bbox[2] <= 20
    return s.advance < 1


def triage(program: Program, tounicode: Mapping[int, str], pua: Mapping[str, str]) -> Triage:
    """``shared``: one map text for glyphs the program calls different characters, or of different
    kinds (empty, a mark without advance, a spacing glyph); ``blank``; ``claims``."""
    out = Triage()
    by_text: dict[str, dict[int, tuple[str, str | None]]] = defaultdict(dict)
    for code, text in tounicode.items():
        g = program.code_to_glyph.get(code)
        if g is None or text == "\x00":
            continue
        out.codes += 1
        s = program.shape(g)
        claim = program.claim(g, pua)
        blank = not text or text.isspace() or any(ord(ch) < 32 for ch in text)
        out.blank += blank and not s.empty
        out.claims += bool(claim and not blank and claim != _fold(text, pua))
        kind = "empty" if s.empty else "mark" if _mark_like(s) else "spacing"
        by_text[" " if blank else text][s.key] = (kind, claim)
    for text, glyphs in by_text.items():
        if len(glyphs) < 2:
            continue
        claims = [cl for _, cl in glyphs.values()]
        if all(cl and cl == _fold(text, pua) for cl in claims):
            continue  # positional variants the program itself calls this character
        if any(cl and cl != _fold(text, pua) for cl in claims) or len({k for k, _ in glyphs.values()}) > 1:
            out.shared += len(glyphs) - 1
    return out


@dataclass
class DecodedFont:
    """One suspect font of a document: the decoded text of each code, and the glyph boxes that
    tell which code a drawn character is."""

    table: dict[int, tuple[str, float]]
    by_text: dict[str, list[int]]  # the map's text -> its codes
    codes: np.ndarray
    boxes: np.ndarray  # glyph boxes (1000-unit em) of ``codes``
    min_confidence: float
    box_max_distance: float

    @classmethod
    def of(
        cls,
        program: Program,
        tounicode: Mapping[int, str],
        refs: References | None,
        pua: Mapping[str, str],
        min_confidence: float,
        box_max_distance: float,
    ) -> DecodedFont:
        by_text: dict[str, list[int]] = defaultdict(list)
        for c, t in tounicode.items():
            by_text[t].append(c)
        codes, boxes = [], []
        for c in tounicode:
            g = program.code_to_glyph.get(c)
            if g is not None and (s := program.shape(g)).bbox is not None:
                codes.append(c)
                boxes.append(s.bbox)
        table = decode_font(program, tounicode, refs, pua)
        return cls(
            table,
            dict(by_text),
            np.asarray(codes),
            np.asarray(boxes, np.float32).reshape(-1, 4),
            min_confidence,
            box_max_distance,
        )

    def text(self, mapped: str, em: tuple[float, float, float, float] | None) -> str | None:
        """The decoded text of a drawn character the map reads as ``mapped`` whose tight box in em
        units is ``em``; None when it stays as the map reads it."""
        codes = self.by_text.get(mapped)
        if not codes:
            return None
        if len(codes) > 1:
            if em is None or (em[2] - em[0] < 1 and em[3] - em[1] < 1):
                return None  # nothing drawn: the empty glyph
            pos = {int(c): i for i, c in enumerate(self.codes)}
            rows = [(pos[c], c) for c in codes if c in pos]
            if not rows:
                return None
            d = np.abs(self.boxes[[r for r, _ in rows]] - np.asarray(em, np.float32)).max(1)
            ranked = sorted(zip(d.tolist(), [c for _, c in rows], strict=True))
            if ranked[0][0] > self.box_max_distance or (
                len(ranked) > 1 and ranked[1][0] - ranked[0][0] < BOX_MARGIN
            ):
                return None  # no box tells them apart
            codes = [ranked[0][1]]
        got = self.table.get(codes[0])
        if got is None:
            return None
        new, conf = got
        if new == mapped or not new or new.isspace() or conf < self.min_confidence:
            return None
        if new in unicodedata.normalize("NFKD", mapped):
            return None  # SARA AM's nikhahit glyph mapped to SARA AM: the map says more than the glyph
        return new
