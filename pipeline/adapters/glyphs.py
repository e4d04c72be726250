"""Read numbers in scans glyph by glyph (numpy and Pillow; an image adapter like ``raster``): each
connected component of a number is matched against
Thai and Arabic digits drawn with the Thai fonts of Debian's fonts-thai-tlwg.

Tesseract's Thai model confuses ๖, ๒ and ๐ (it reads "๒๕๖๖" as "๒๕๒๐๒๐" and "๘๙.๗๒" as "๕๕.ญ๒"); a
nearest-template reader on the glyph shapes does not. It returns None rather than guess: every
glyph must match a digit (or be a dot, comma or dash) well enough.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from . import raster

DIGITS = "๐๑๒๓๔๕๖๗๘๙0123456789"
GLYPH = (24, 32)  # normalised glyph size (w, h)


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

    def __bool__(self) -> bool:
        return bool(self.templates)

    def __len__(self) -> int:
        return len(self.templates)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.templates)


def template_set(temps: tuple[Template, ...]) -> TemplateSet:
    if not temps:
        return TemplateSet((), np.zeros((0, GLYPH[0] * GLYPH[1])), np.zeros(0), ())
    return TemplateSet(temps, np.stack([t.vector.ravel() for t in temps]), np.log(np.array([t.aspect for t in temps])),
                       tuple(t.char for t in temps))


@lru_cache(maxsize=4)
def templates(fonts_dir: str, fonts: tuple[str, ...]) -> TemplateSet:
    """Thai and Arabic digits drawn with ``fonts`` (cached by the fonts asked for)."""
    out = []
    for name in fonts:
        path = os.path.join(fonts_dir, f"{name}.ttf")
        if not os.path.exists(path):
            continue
        font = ImageFont.truetype(path, 64)
        for ch in DIGITS:
            img = Image.new("L", (110, 130), 0)
            ImageDraw.Draw(img).text((15, 10), ch, fill=255, font=font)
            vec, aspect = raster.normalise_glyph(np.asarray(img) > 128, GLYPH)
            if vec is not None:
                out.append(Template(ch, vec, aspect))
    return template_set(tuple(out))


def classify(mask: np.ndarray, temps: TemplateSet) -> tuple[str, float]:
    """The digit a glyph looks most like, and the match (correlation less an aspect penalty)."""
    vec, aspect = raster.normalise_glyph(mask, GLYPH)
    if vec is None or not temps:
        return "", 0.0
    scores = temps.matrix @ vec.ravel() - 0.5 * np.abs(math.log(max(aspect, 1e-3)) - temps.log_aspects)
    k = int(np.argmax(scores))
    return temps.chars[k], float(scores[k])


def _small_mark(x: int, y: int, w: int, h: int, base: float, hmax: float) -> str | None:
    """A glyph much shorter than a digit: a dash (high and wide), a comma or dot (on the line), or
    not part of a number (None)."""
    if w >= 0.6 * hmax and y + h < base - 0.2 * hmax:
        return "-"
    if y + h >= base - 0.3 * hmax and w < 0.6 * hmax:
        return "," if y + h > base + 0.15 * hmax else "."
    return None


def _labels(comps: list, h_img: int, temps: TemplateSet, min_match: float) -> list[tuple[int, int, str | None]]:
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
        ch, score = classify(mask, temps)
        labels.append((x, x + w, ch if score >= min_match else None))
    return sorted(labels, key=lambda t: (t[0], t[1]))


def read_number(gray: np.ndarray, temps: TemplateSet, min_match: float,
                anchor: tuple[int, int] | None = None) -> str | None:
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


def _inside(glyph: tuple[int, int, str | None], a0: int, a1: int) -> bool:
    """Is the glyph's middle well inside the span [a0, a1]?"""
    margin = 0.15 * (a1 - a0)
    return a0 + margin < (glyph[0] + glyph[1]) / 2 < a1 - margin
