"""From drawn characters to Thai grapheme clusters and text lines (pure geometry, no PDF library).

Thai combining marks (category Mn: ั ิ ี ึ ื ุ ู ่ ้ ๊ ๋ ์ ํ ็) are drawn as separate zero-advance glyphs
whose boxes sit above or below the line. Sorting characters by x (what pdfplumber does) puts a
mark after the next consonant ("เงนิ" for "เงิน") or splits it off ("ต ้อง"). Here every mark is
attached to the base character that precedes it in content-stream order, and only these
clusters are grouped into lines (by baseline) and sorted by x.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from ..model import Char, Cluster, TextLine
from ..settings import LayoutSettings
from ..text.chars import mark_rank

DEFAULT_LAYOUT = LayoutSettings()


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn"


def _mark_order(marks: str) -> str:
    """Vowel marks before tone marks before the rest (ั ิ ี ึ ื ุ ู ็ < ่ ้ ๊ ๋ < ์ ํ)."""
    return "".join(sorted(marks, key=mark_rank))


def _covers(base: Char, mark: Char, pad: float = 0.15) -> bool:
    """Is ``mark`` drawn over or under ``base`` (within ``pad`` x font size horizontally)?"""
    cx = (mark.x0 + mark.x1) / 2
    cy = (mark.top + mark.bottom) / 2
    p = pad * base.size
    return (base.x0 - p <= cx <= base.x1 + p) and (
        base.top - 0.8 * base.size <= cy <= base.bottom + 0.8 * base.size
    )


def _over_letter_before(bases: Sequence[Char], prev: int, m: Char) -> bool:
    """Is the mark drawn left of the base before it in the stream, over the letter before that?"""
    if prev < 1 or bases[prev - 1].text == " ":
        return False
    return (m.x0 + m.x1) / 2 < bases[prev].x0 and _covers(bases[prev - 1], m, pad=0.1)


#: a mark's origin this close (in font sizes) to a base's baseline is on that base's line (fonts
#: shift marks up or down a little: a tone mark lowered where no vowel stands under it)
SAME_LINE = 0.3


def _mark_base(bases: Sequence[Char], prev: int, m: Char) -> int | None:
    """Index of the base character a mark belongs to.

    Trust the content stream (the base drawn just before the mark) unless the mark is clearly
    drawn over another base. pdfium splits the box of a ligature (ผู้ drawn as one glyph) evenly
    among its characters: such a mark has its base's vertical extent, and stays with it.
    """
    has_prev = prev >= 0 and bases[prev].text != " "
    if has_prev:
        near = _stream_base(bases, prev, m)
        if near is not None:
            return near
    lo, hi = max(0, prev - 120), min(len(bases), prev + 121)
    # the nearest base on the mark's own line first: a tall stack (ขั้น) reaches up to the line
    # above, whose letter may stand nearer in x
    covering = [
        (
            abs(bases[k].baseline - m.baseline) > SAME_LINE * m.size,
            abs((bases[k].x0 + bases[k].x1) / 2 - (m.x0 + m.x1) / 2),
            k,
        )
        for k in range(lo, hi)
        if bases[k].text != " " and _covers(bases[k], m)
    ]
    if covering:
        return min(covering)[2]
    return prev if has_prev else None


def _stream_base(bases: Sequence[Char], prev: int, m: Char) -> int | None:
    """The base before the mark in the stream when the mark is drawn on it (or a ligature's part),
    or the letter before that when the mark was written after the next letter; else None."""
    b = bases[prev]
    if abs(m.top - b.top) < 0.5 and abs(m.bottom - b.bottom) < 0.5:
        return prev
    if _covers(b, m, pad=0):
        return prev
    if _over_letter_before(bases, prev, m):
        return prev - 1  # drawn after the next letter in the stream (ตอ้ง), but over the letter before it
    return prev if _covers(b, m) else None


def chars_to_clusters(chars: Iterable[Char]) -> list[Cluster]:
    """Attach each combining mark to its base character and order the marks canonically.

    The base is the character before the mark in content-stream order when the mark is drawn
    over or under it; otherwise (marks misplaced in the stream, a known fault of Thai PDFs) the
    base drawn under/over the mark. In a cluster, vowel marks come before tone marks.

    >>> from pipeline.model import Char
    >>> cs = [Char("ม", 0, 9, 0, 10, 0, 9, 16), Char("ู", 3, 8, 10, 14, 9, 9, 16), Char("ล", 9, 18, 0, 10, 9, 9, 16)]
    >>> "".join(c.text for c in chars_to_clusters(cs))
    'มูล'
    """
    bases: list[Char] = []
    marks_of: list[str] = []
    lig: list[bool] = []
    pending: list[tuple[int, Char]] = []  # (index of stream-previous base, mark)
    prev_ox = None
    for ch in chars:
        same_glyph = prev_ox is not None and abs(ch.ox - prev_ox) < 0.01 and ch.text != " "
        prev_ox = ch.ox
        if same_glyph and bases:
            lig[-1] = True
        if is_mark(ch.text):
            pending.append((len(bases) - 1, ch))
        else:
            bases.append(ch)
            marks_of.append("")
            lig.append(same_glyph)
    orphans: list[Char] = []
    for prev, m in pending:
        target = _mark_base(bases, prev, m)
        if target is None:
            orphans.append(m)
        else:
            marks_of[target] += m.text
    out = []
    for ch, marks, is_lig in zip(bases, marks_of, lig):
        x0 = ch.x0 if ch.x1 > ch.x0 else ch.ox
        out.append(
            Cluster(
                ch.text + _mark_order(marks),
                x0,
                max(ch.x1, x0),
                ch.top,
                ch.bottom,
                ch.baseline,
                ch.size,
                is_lig,
                ch.font,
                ch.adv_x1,
            )
        )
    for m in orphans:
        out.append(Cluster(m.text, m.x0, m.x1, m.top, m.bottom, m.baseline, m.size, font=m.font))
    return out


def baseline_groups(
    clusters: Sequence[Cluster], settings: LayoutSettings = DEFAULT_LAYOUT
) -> list[list[Cluster]]:
    """Clusters grouped by baseline (top to bottom), each group ordered by x."""
    if not clusters:
        return []
    order = sorted(range(len(clusters)), key=lambda i: (clusters[i].baseline, i))
    groups: list[list[Cluster]] = []
    current: list[Cluster] = []
    ref = None
    for i in order:
        c = clusters[i]
        if ref is not None and abs(c.baseline - ref) > settings.baseline_tolerance * max(c.size, 1.0):
            groups.append(current)
            current = []
        if not current:
            ref = c.baseline
        current.append(c)
    groups.append(current)
    return [sorted(g, key=lambda c: c.x0) for g in groups]


def clusters_to_lines(
    clusters: Sequence[Cluster], settings: LayoutSettings = DEFAULT_LAYOUT
) -> list[TextLine]:
    """Group clusters by baseline, order each line by x and put spaces where the gaps are."""
    lines = []
    for g in baseline_groups(clusters, settings):
        text, fonts = _join_clusters(g, settings)
        if text:
            base = [c for c in g if c.text.strip()]
            lines.append(
                TextLine(
                    text,
                    min(c.x0 for c in base),
                    max(c.x1 for c in base),
                    min(c.top for c in base),
                    max(c.bottom for c in base),
                    sum(c.baseline for c in base) / len(base),
                    max(c.size for c in base),
                    fonts,
                )
            )
    return lines


_NUMBER_CHARS = frozenset("0123456789๐๑๒๓๔๕๖๗๘๙.,")


def _gap(prev: Cluster, c: Cluster) -> float:
    """The white space between two clusters: from the end of the previous glyph's ink; inside a
    number, from the end of its advance when that is further (a narrow "1" in a full-width
    advance is not followed by a space, while "6." before a word keeps the space its ink shows)."""
    if prev.text[-1:] in _NUMBER_CHARS and c.text[:1] in _NUMBER_CHARS:
        return c.x0 - max(prev.x1, prev.adv_x1)
    return c.x0 - prev.x1


def _gaps(g: Sequence[Cluster]) -> list[float | None]:
    """For each cluster, the white space after the previous non-space cluster (None for spaces and
    the first one)."""
    out: list[float | None] = []
    prev: Cluster | None = None
    for c in g:
        if c.text.isspace():
            out.append(None)
            continue
        out.append(None if prev is None else _gap(prev, c))
        prev = c
    return out


def _letter_spacing(g: Sequence[Cluster], gaps: list[float | None]) -> list[float]:
    """For each cluster, the letter spacing of its run of text: how far the median gap between the
    run's clusters exceeds a tenth of the size, when it is less than half the size (Thai set with
    distributed justification, ``ส่ ง เ ส ริ ม``), else 0. A run ends at a gap wider than a column gap."""
    out = [0.0] * len(g)
    if len(g) < 5:
        return out
    start = 0
    for i in range(1, len(g) + 1):
        if i < len(g) and (gaps[i] is None or gaps[i] <= 1.2 * g[i].size):  # type: ignore[operator]
            continue
        run = [x for x in gaps[start + 1 : i] if x is not None]
        floor = 0.1 * g[start].size
        if len(run) >= 4 and 2 * sum(1 for x in run if x > floor) > len(run):  # most are wide: look closer
            run.sort()
            median = run[len(run) // 2]
            if floor < median < 5 * floor:  # wider: separate marks, not letter spacing
                out[start:i] = [median - floor] * (i - start)  # beyond a font's own side bearings
        start = i
    return out


def _join_clusters(g: Sequence[Cluster], settings: LayoutSettings) -> tuple[str, tuple[int, ...]]:
    """A line's text, and the font of each of its characters (a space takes the one before it).
    In letter-spaced text a word space is a space beyond the letter spacing."""
    parts: list[str] = []
    fonts: list[int] = []
    prev: Cluster | None = None
    gaps = _gaps(g)
    spacing = _letter_spacing(g, gaps)
    for k, c in enumerate(g):
        if c.text.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
                fonts.append(fonts[-1])
            continue
        gap_k = gaps[k]
        if prev is not None and parts and parts[-1] != " " and gap_k is not None:
            limit = (settings.ligature_space_gap if prev.ligature else settings.space_gap) * max(
                c.size, prev.size
            )
            if gap_k > limit + spacing[k]:
                parts.append(" ")
                fonts.append(prev.font)
        parts.append(c.text)
        fonts += [c.font] * len(c.text)
        prev = c
    if parts and parts[-1] == " ":
        parts.pop()
        fonts.pop()
    text = "".join(parts)
    stripped = text.lstrip()
    return stripped, tuple(fonts[len(text) - len(stripped) :])


def lines_to_text(lines: Sequence[TextLine]) -> str:
    return "\n".join(line.text for line in lines)
