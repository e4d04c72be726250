"""Read numbers, and short closed-vocabulary cells, in scans glyph by glyph (numpy and Pillow; an
image adapter like ``raster``): each connected component is matched against characters drawn with
the Thai fonts of Debian's fonts-thai-tlwg.

Tesseract's Thai model confuses ๖, ๒ and ๐ (it reads "๒๕๖๖" as "๒๕๒๐๒๐" and "๘๙.๗๒" as "๕๕.ญ๒"); a
nearest-template reader on the glyph shapes does not. It returns None rather than guess: every
glyph must match a digit (or be a dot, comma or dash) well enough; digits that touch are cut apart.
``read_lines`` reads a small cell's letters, marks and digits the same way (month abbreviations
and years, where tesseract fails on a face), '?' for a glyph it cannot tell.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from . import raster

DIGITS = "๐๑๒๓๔๕๖๗๘๙0123456789"
#: Thai consonants and the vowels written on the line: the letters a mark can sit on
THAI_LETTERS = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮเแโใไา"
#: what a line of a short Thai text is read with
LETTERS = THAI_LETTERS + DIGITS
#: marks above and below a letter
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e38\u0e39"
GLYPH = (24, 32)  # normalised glyph size (w, h)
# a component this many times wider than high that matches no digit is cut apart (two or three
# digits that touch; the widest digit, "๘" with its tail, is 1.42 in the template fonts). In a
# cell known to hold one figure from 1.2: a 100 ppi scan of Norasi runs "00" into one glyph of
# 1.38 (a lone "๘" matches its template, so it is not cut); elsewhere a wide letter would be cut
# again and again for nothing
TOUCHING_ASPECT = 1.6
FIGURE_TOUCHING_ASPECT = 1.2
WIDEST = 1.45
THIN = 0.35  # letters narrower than this (w/h) are compared padded to it


@dataclass(frozen=True)
class Template:
    char: str
    vector: np.ndarray
    aspect: float


@dataclass(frozen=True, eq=False)
class TemplateSet:
    """Digit templates, and the same as one matrix (built with the set, used by ``classify``)."""

    templates: tuple[Template, ...]
    matrix: np.ndarray
    log_aspects: np.ndarray
    chars: tuple[str, ...]
    min_aspect: float = 0.0  # glyphs narrower than this are padded to it (see raster.normalise_glyph)

    @cached_property
    def char_array(self) -> np.ndarray:
        """``chars`` as an array (to compare in numpy)."""
        return np.asarray(self.chars)

    def __bool__(self) -> bool:
        return bool(self.templates)

    def __len__(self) -> int:
        return len(self.templates)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.templates)


def template_set(temps: tuple[Template, ...], min_aspect: float = 0.0) -> TemplateSet:
    if not temps:
        return TemplateSet((), np.zeros((0, GLYPH[0] * GLYPH[1])), np.zeros(0), (), min_aspect)
    return TemplateSet(
        temps,
        np.stack([t.vector.ravel() for t in temps]),
        np.log(np.array([t.aspect for t in temps])),
        tuple(t.char for t in temps),
        min_aspect,
    )


@lru_cache(maxsize=4)
def templates(fonts_dir: str, fonts: tuple[str, ...], chars: str = DIGITS) -> TemplateSet:
    """``chars`` (Thai and Arabic digits unless told) drawn with ``fonts`` (cached by what is asked).
    Marks are drawn on their own (no shaping), so a mark comes without a dotted circle. Letters
    are compared padded to a third of their height: a loopless face's "เ" is a bare bar."""
    min_aspect = 0.0 if chars == DIGITS else THIN
    out = []
    for name in fonts:
        path = os.path.join(fonts_dir, f"{name}.ttf")
        if not os.path.exists(path):
            continue
        for size in SIZES if chars == DIGITS else SIZES[:1]:
            font = ImageFont.truetype(path, size)
            bare = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
            k = size / SIZES[0]
            for ch in chars:
                img = Image.new("L", (round(130 * k) + 2, round(150 * k) + 2), 0)
                mark = unicodedata.category(ch) == "Mn"
                ImageDraw.Draw(img).text(
                    ((60 if mark else 15) * k, (40 if mark else 10) * k),
                    ch,
                    fill=255,
                    font=bare if mark else font,
                )
                vec, aspect = raster.normalise_glyph(np.asarray(img) > 128, GLYPH, min_aspect)
                if vec is not None:
                    out.append(Template(ch, vec, aspect))
    return template_set(tuple(out), min_aspect)


#: the sizes (pixels per em) digits are drawn at: large, and as small as a 100 ppi scan prints a
#: 14-16 pt digit, black and white (a loop of "๒" closed up, a stroke a pixel wide): the glyphs of
#: a low-resolution scan match the small drawing far better than the large one
SIZES = (64, 20, 26)


def classify(mask: np.ndarray, temps: TemplateSet) -> tuple[str, float]:
    """The character a glyph looks most like, and the match (correlation less an aspect penalty)."""
    ch, score, _ = classify_margin(mask, temps)
    return ch, score


def classify_margin(mask: np.ndarray, temps: TemplateSet) -> tuple[str, float, float]:
    """``classify``, and by how much the best character beats the best of any other."""
    vec, aspect = raster.normalise_glyph(mask, GLYPH, temps.min_aspect)
    if vec is None or not temps:
        return "", 0.0, 0.0
    scores = _scores(vec.ravel()[:, None], np.array([aspect]), temps)[:, 0]
    k = int(np.argmax(scores))
    ch = temps.chars[k]
    others = scores[temps.char_array != ch]
    return ch, float(scores[k]), float(scores[k] - others.max()) if len(others) else 1.0


def classify_all(masks: list[np.ndarray], temps: TemplateSet) -> list[tuple[str, float]]:
    """``classify`` of many glyphs at once (one product of matrices)."""
    if not masks:
        return []
    normed = [raster.normalise_glyph(m, GLYPH, temps.min_aspect) for m in masks]
    if not temps:
        return [("", 0.0)] * len(masks)
    zero = np.zeros(GLYPH[0] * GLYPH[1], dtype=np.float32)
    vecs = np.stack([zero if v is None else v.ravel() for v, _ in normed], axis=1)
    scores = _scores(vecs, np.array([a for _, a in normed]), temps)
    best = np.argmax(scores, axis=0)
    return [
        ("", 0.0) if v is None else (temps.chars[k], float(scores[k, j]))
        for j, ((v, _), k) in enumerate(zip(normed, best))
    ]


def _scores(vecs: np.ndarray, aspects: np.ndarray, temps: TemplateSet) -> np.ndarray:
    """The match of each template (rows) with each glyph (columns: its normalised vector and its
    aspect): the correlation less an aspect penalty."""
    logs = np.log(np.maximum(aspects, 1e-3))
    return temps.matrix @ vecs - 0.5 * np.abs(logs[None, :] - temps.log_aspects[:, None])


def _small_mark(x: int, y: int, w: int, h: int, base: float, hmax: float) -> str | None:
    """A glyph much shorter than a digit: a dash (high and wide), a comma or dot (on the line), or
    not part of a number (None)."""
    if w >= 0.6 * hmax and y + h < base - 0.2 * hmax:
        return "-"
    if y + h >= base - 0.3 * hmax and w < 0.6 * hmax:
        return "," if y + h > base + 0.15 * hmax else "."
    return None


def _labels(
    comps: list,
    h_img: int,
    temps: TemplateSet,
    min_match: float,
    touching: float = TOUCHING_ASPECT,
) -> list[tuple[int, int, str | None]]:
    """(x0, x1, character or None for a glyph that is not part of a number) per glyph on the line."""
    tall = [c for c in comps if c[3] >= 0.3 * h_img] or comps
    hmax = float(np.median([c[3] for c in tall]))
    base = float(np.median([c[1] + c[3] for c in tall]))
    labels: list[tuple[int, int, str | None]] = []
    for x, y, w, h, mask in comps:
        if y + h < base - 1.3 * hmax or y > base + 0.5 * hmax:
            continue  # marks above the line / descenders of the line below
        if h < 0.35 * hmax:
            labels.append((x, x + w, _small_mark(x, y, w, h, base, hmax)))
            continue
        labels += _glyph(x, w, h, mask, temps, min_match, touching)
    return sorted(labels, key=lambda t: (t[0], t[1]))


def _glyph(
    x: int,
    w: int,
    h: int,
    mask: np.ndarray,
    temps: TemplateSet,
    min_match: float,
    touching: float = TOUCHING_ASPECT,
) -> list[tuple[int, int, str | None]]:
    """A component as (x0, x1, character or None when it matches nothing well): one glyph, or the
    digits of a component at least ``touching`` times wider than high that cut apart into digits."""
    ch, score = classify(mask, temps)
    if score < min_match and w >= touching * h:
        split = _split(mask, temps, min_match)
        if split:
            return [(x + a, x + b, c) for a, b, c in split[1]]
    return [(x, x + w, ch if score >= min_match else None)]


def _split(
    mask: np.ndarray, temps: TemplateSet, min_match: float
) -> tuple[float, list[tuple[int, int, str]]] | None:
    """Digits that touch ("๕๖" printed tight, or ink spread by the scan) are one component: cut it
    into two or more (as many as its width allows), each cut, left to right, where the piece before
    it looks most like a digit (near an even share of the width), the last where both pieces it
    leaves do; keep the cut whose every piece is a digit (the best worst piece when several are):
    (the worst piece's match, the pieces). None when no cut gives digits."""
    h, w = mask.shape
    cutter = _Cutter(mask, temps)
    best: tuple[float, list[tuple[int, int, str]]] | None = None
    # as many pieces as digits fit: none wider than the widest digit (1.45 of its height)
    for n in range(max(2, math.ceil(w / (WIDEST * h))), min(6, max(3, round(w / (0.7 * h)))) + 1):
        pieces = cutter.pieces(n)
        worst = min((p[3] for p in pieces), default=-1.0)
        if len(pieces) == n and worst >= min_match and (best is None or worst > best[0]):
            best = (worst, [(a, b, ch) for a, b, ch, _ in pieces])
    return best


class _Cutter:
    """The pieces of one component cut into digits (each piece classified once)."""

    def __init__(self, mask: np.ndarray, temps: TemplateSet):
        self.mask, self.temps = mask, temps
        self.h, self.w = mask.shape
        self.step = max(1, round(self.h / 12))  # cuts a few pixels apart first, then every pixel
        self.seen: dict[tuple[int, int], tuple[str, float]] = {}

    def classified(self, pairs: list[tuple[int, int]]) -> None:
        """Classify the pieces (a, b) not seen yet, all in one product of matrices."""
        new = [(a, b) for a, b in dict.fromkeys(pairs) if b - a > 1 and (a, b) not in self.seen]
        self.seen.update(zip(new, classify_all([self.mask[:, a:b] for a, b in new], self.temps)))

    def value(self, a: int, b: int, last: bool) -> float | None:
        """How good a cut at ``b`` is: the match of the piece before it; for the last cut, the worse
        of the two pieces it leaves."""
        left = self.seen.get((a, b))
        right = self.seen.get((b, self.w)) if last else left
        return None if left is None or right is None else min(left[1], right[1])

    def best_cut(self, a: int, lo: int, hi: int, last: bool) -> int | None:
        def values(bs: list[int]) -> dict[int, float]:
            self.classified([(a, b) for b in bs] + ([(b, self.w) for b in bs] if last else []))
            return {b: v for b in bs if (v := self.value(a, b, last)) is not None}

        vals = values(list(range(lo, hi + 1, self.step)) if hi >= lo else [lo])
        if not vals:
            return None
        b0 = max(vals, key=lambda b: vals[b])
        vals.update(values([b for b in range(max(lo, b0 - self.step + 1), min(hi, b0 + self.step - 1) + 1)]))
        return max(vals, key=lambda b: vals[b])  # every pixel around the best: a pixel decides "๔" from "๕"

    def pieces(self, n: int) -> list[tuple[int, int, str, float]]:
        out: list[tuple[int, int, str, float]] = []
        a, w = 0, self.w
        for i in range(1, n):
            lo, hi = max(a + 2, int(w * (i - 0.4) / n)), min(w - 2, int(w * (i + 0.4) / n))
            b = self.best_cut(a, lo, hi, i == n - 1)
            if b is None:
                return out
            out.append((a, b, *self.seen[a, b]))
            a = b
        self.classified([(a, w)])
        last = self.seen.get((a, w))
        return out + [(a, w, *last)] if last else out


def read_number(
    gray: np.ndarray, temps: TemplateSet, min_match: float, anchor: tuple[int, int] | None = None
) -> str | None:
    """The number printed in a crop: the run of glyphs that are digits (or '.', ',', '-') and that
    overlaps ``anchor`` (x0, x1 in crop pixels; the whole crop when None). None when the glyphs
    there are not digits. Glyphs cut by the crop's edge are ignored."""
    h_img, w_img = gray.shape
    comps = [c for c in raster.components(gray) if c[0] > 0 and c[0] + c[2] < w_img]
    if not comps:
        return None
    a0, a1 = anchor if anchor else (0, w_img)
    run: list[tuple[int, int, str | None]] = []
    before: tuple[int, int, str | None] | None = None
    for item in [*_labels(comps, h_img, temps, min_match), (w_img, w_img, None)]:
        if item[2] is not None:
            run.append(item)
            continue
        if run and run[0][0] <= a1 and run[-1][1] >= a0 and any(c in DIGITS for *_, c in run if c):
            if _inside(item, a0, a1) or (before is not None and _inside(before, a0, a1)):
                return None  # a glyph that is no digit inside the number: "๒" of "๒?๖๖" is no year
            text = "".join(c for *_, c in run if c).strip(".,-")
            return text if any(c in DIGITS for c in text) else None
        run = []
        before = item
    return None


def read_figure(gray: np.ndarray, temps: TemplateSet, min_match: float) -> str | None:
    """What a table cell holds when it holds one figure: the number, every glyph of the cell's
    one line a digit (or '.', ',', '-') matching at least ``min_match`` (a glyph that does not is
    cut apart where it may be digits that touch: the bar decides that too, so a looser reading is
    a reading of its own), or '-' when its only ink is a dash (no score); None for anything else
    (words, two lines, an empty cell, a box drawn around something). Rules and specks the crop's
    sides cut are ignored; a glyph they cut makes the cell unreadable (its digits are not all
    there)."""
    h_img, w_img = gray.shape
    if h_img < 2 or w_img < 2:
        return None
    every = raster.components(gray)
    comps = [c for c in every if c[0] > 0 and c[0] + c[2] < w_img]
    if any(c not in comps and 0.3 * c[3] < c[2] < 3 * c[3] and c[3] >= 0.2 * h_img for c in every):
        return None  # a glyph cut by the crop's side (not a rule, not a speck): a digit may be lost
    if not comps:
        return None
    if _is_dash(comps, h_img):
        return "-"
    tall = [c for c in comps if c[3] >= 0.3 * h_img] or comps
    hmax = max(c[3] for c in tall)
    top, bottom = min(c[1] for c in tall), max(c[1] + c[3] for c in tall)
    if bottom - top > ONE_LINE * hmax:
        return None  # two lines (a wrapped cell): not one figure
    # specks of a stroke the scan broke off, inside a digit's width (a dot stands between digits)
    comps = [
        c
        for c in comps
        if c[3] >= 0.3 * hmax or not any(t[0] <= c[0] + c[2] / 2 <= t[0] + t[2] for t in tall if t is not c)
    ]
    if _no_figure(tall, comps, hmax, temps, min_match):
        return None
    labels = _labels(comps, h_img, temps, min_match, touching=FIGURE_TOUCHING_ASPECT)
    if not labels or any(ch is None for *_, ch in labels):
        return None
    if any(b[0] - a[1] > SPACE * hmax for a, b in itertools.pairwise(labels)):
        return None  # two numbers a space apart ("12 15"): not one figure
    return _one_figure("".join(ch for *_, ch in labels if ch).strip(",-"))


def _no_figure(tall: list, comps: list, hmax: float, temps: TemplateSet, min_match: float) -> bool:
    """Quick signs that a cell holds no figure, before any glyph is cut apart: a box drawn around
    something (a form's field); a glyph that is no digit and too narrow to be two (words)."""
    for x, y, w, h, _ in tall:
        if any(x < c[0] and c[0] + c[2] < x + w and y < c[1] and c[1] + c[3] < y + h for c in comps):
            return True
    return any(
        h >= 0.35 * hmax and w < FIGURE_TOUCHING_ASPECT * h and classify(mask, temps)[1] < min_match
        for _, _, w, h, mask in tall
    )


def _is_dash(comps: list, h_img: int) -> bool:
    """A dash (flat and filled, not a scribble), with at most specks of the scan beside it."""
    big = max(comps, key=lambda c: int(c[4].sum()))
    flat = big[3] <= DASH_HEIGHT * h_img and big[4].sum() >= 0.5 * big[2] * big[3]
    return bool(
        flat
        and big[2] >= DASH_ASPECT * big[3]
        and all(c is big or c[4].sum() < SPECK_SHARE * big[4].sum() for c in comps)
    )


def _one_figure(text: str) -> str | None:
    """``text`` when it can be one printed figure: digits of one script ("8๐" is none), no leading
    zero before a digit ("03", "๐12": an item code "e3", "o12" read as digits)."""
    thai, arabic = any("๐" <= c <= "๙" for c in text), any("0" <= c <= "9" for c in text)
    if (thai and arabic) or _RE_LEADING_ZERO.match(text) or not (thai or arabic):
        return None
    return text


#: a lone glyph this many times wider than high is a dash; glyphs spread over more than this many
#: glyph heights are more than one line
DASH_ASPECT = 1.8
DASH_HEIGHT = 0.25  # a dash is flat: at most this share of the cell's height
SPACE = 0.5  # glyphs further apart than this many digit heights are two numbers
_RE_LEADING_ZERO = re.compile(r"[0๐][0-9๐-๙]")
SPECK_SHARE = 0.25
ONE_LINE = 1.6


def _inside(glyph: tuple[int, int, str | None], a0: int, a1: int) -> bool:
    """Is the glyph's middle well inside the span [a0, a1]?"""
    margin = 0.15 * (a1 - a0)
    return a0 + margin < (glyph[0] + glyph[1]) / 2 < a1 - margin


Word = tuple[str, tuple[int, int, int, int]]  # text, and its box (x0, y0, x1, y1) in the crop


def read_lines(
    gray: np.ndarray,
    letters: TemplateSet,
    marks: TemplateSet,
    min_match: float,
    mark_min_match: float,
    min_margin: float = 0.0,
) -> list[list[Word]]:
    """The text of a small crop (a table cell of a few words) read glyph by glyph: every connected
    component matched against ``letters`` (letters and digits) and, above or below them, ``marks``;
    dots, commas and dashes from their size and place. A glyph that matches nothing well is '?'; a
    mark (small, matched less surely: ``mark_min_match``; '?' when two marks match about as well,
    by less than ``min_margin``: "ึ" or "ี") goes on a Thai letter only, never on a digit (specks
    of the scan above a year).
    For a closed vocabulary (month abbreviations and years) where tesseract fails on a face.
    Lines of words (glyphs closer than half an x-height; an abbreviation's dots join it)."""
    comps = raster.components(gray)
    if not comps:
        return []
    ref = float(np.percentile([c[3] for c in comps], 75))
    body = sorted((c for c in comps if c[3] >= 0.5 * ref), key=lambda c: c[1] + c[3] / 2)
    lines: list[list] = []
    for c in body:  # body glyphs whose middles are close share a line
        cy = c[1] + c[3] / 2
        if lines and abs(cy - float(np.mean([d[1] + d[3] / 2 for d in lines[-1]]))) < 0.5 * ref:
            lines[-1].append(c)
        else:
            lines.append([c])
    spans = [
        (float(np.median([c[1] for c in ln])), float(np.median([c[1] + c[3] for c in ln]))) for ln in lines
    ]
    small: list[list] = [[] for _ in lines]
    for c in comps:
        if c[3] >= 0.5 * ref:
            continue
        cy = c[1] + c[3] / 2
        k = min(range(len(spans)), key=lambda i: max(0.0, spans[i][0] - cy, cy - spans[i][1]))
        top, base = spans[k]
        if top - (base - top) <= cy <= base + 0.7 * (base - top):
            small[k].append(c)
    return [
        _read_line(ln, sm, top, base, letters, marks, (min_match, mark_min_match, min_margin))
        for ln, sm, (top, base) in zip(lines, small, spans)
    ]


def _read_line(
    body: list,
    small: list,
    top: float,
    base: float,
    letters: TemplateSet,
    marks: TemplateSet,
    matches: tuple[float, float, float],
) -> list[Word]:
    min_match, mark_min_match, min_margin = matches
    hx = max(1.0, base - top)
    items: list[tuple[int, int, str]] = []
    for x, _, w, h, mask in body:
        items += [(a, b, c or "?") for a, b, c in _glyph(x, w, h, mask, letters, min_match)]
    items.sort()
    attached: dict[int, str] = {}
    for x, y, w, h, mask in small:
        host = max(
            range(len(items)), key=lambda i: min(items[i][1], x + w) - max(items[i][0], x), default=None
        )
        over = host is not None and min(items[host][1], x + w) - max(items[host][0], x) >= 0.5 * w
        if host is not None and over and (y + h <= top + 0.25 * hx or y >= base - 0.1 * hx):  # a mark
            if items[host][2] in THAI_LETTERS and max(w, h) >= 0.25 * hx:
                ch, score, margin = classify_margin(mask, marks)
                attached[host] = attached.get(host, "") + (
                    ch if score >= mark_min_match and margin >= min_margin else "?"
                )
            continue
        if h <= 0.5 * w and w >= 0.25 * hx and top + 0.15 * hx < y + h / 2 < base - 0.15 * hx:
            items.append((x, x + w, "-"))  # a dash: flat, at mid height
            continue
        sign = _small_mark(x, y, w, h, base, hx)
        if sign:
            items.append((x, x + w, sign))
    y0 = min(c[1] for c in [*body, *small])
    y1 = max(c[1] + c[3] for c in [*body, *small])
    words: list[tuple[str, tuple[int, int, int, int]]] = []
    prev: tuple[int, str] = (0, "")
    for i in sorted(range(len(items)), key=lambda i: items[i][0]):
        x0, x1, ch = items[i]
        # a gap is a space, but not before a dot nor between an abbreviation's dot and its next
        # letter: "ต . ค ." of a typewriter face is "ต.ค."
        if not words or (
            x0 - prev[0] > 0.45 * hx and ch not in ".," and not (prev[1] == "." and ch not in DIGITS)
        ):
            words.append(("", (x0, y0, x1, y1)))
        text, box = words[-1]
        words[-1] = (text + ch + attached.get(i, ""), (box[0], y0, max(box[2], x1), y1))
        prev = (x1, ch)
    return words
