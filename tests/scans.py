"""Font-varied scans of known tables, and how well the pipeline reads them back (issue 14).

A table is typeset in one Thai face (words wrapped to the columns with the face's own advance
widths), drawn black on white with HarfBuzz shaping (PIL + raqm: marks placed as a word processor
places them, stacked high in looped faces), then made to look scanned: grey paper with uneven
light, ink level, blur, noise, dust, a small skew, a grey JPEG at the scan's resolution, wrapped
as an image-only PDF. What was drawn in every cell is kept (the truth for the cell error rate).

Contents: ``report`` (tests/tables_data.py: six measures with periods and status words) and
``doc004`` (tests/fixtures/scans/doc004.json: the corpus's doc-004 re-typeset, two tables, check
boxes and Thai digits). ``score()`` runs the pipeline and compares measures (recall, status and
period right/null/wrong, responsible) and cells (character error rate, pythainlp's definition:
edits over the truth's length, whitespace ignored, Thai digits as Arabic).

    python -m tools.bench scans     # the full set: every face, 150-300 ppi
"""

from __future__ import annotations

import itertools
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from pdfgen import font_path
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "scans"
BOX_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOXES = "☐☑☒"
#: looped serif faces with marks stacked high, and loopless ones
FACES = ["Laksaman", "Kinnari", "Norasi", "Garuda", "Loma", "Sawasdee", "TlwgTypist"]
TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


# ------------------------------------------------------------------ contents and their answers
def report_content() -> dict:
    import tables_data as T

    xs = [40.0]
    for w in T.REPORT_WIDTHS:
        xs.append(xs[-1] + w * 1.15)
    return {
        "name": "report",
        "cover": [],
        "font_size": 14.0,
        "tables": [
            {
                "size": (842.0, 595.0),
                "xs": xs,
                "title": [T.REPORT_TITLE],
                "header": [h.replace("\n", " ") for h in T.REPORT_HEADER],
                "rows": [[c.replace("\n", " ") for c in r] for r in T.REPORT_ROWS],
            }
        ],
    }


def report_gold() -> list[dict]:
    import tables_data as T

    from pipeline.rules import load_rules
    from pipeline.text.periods import parse_period

    rules = load_rules()
    out = []
    for k, (text, _steps, resp, period, status) in enumerate(T.REPORT_MEASURES, 1):
        start, end = parse_period(period, 2567, rules)
        out.append(
            {
                "seq": k,
                "text": text,
                "responsible": resp,
                "status": status,
                "period_start": start and start.isoformat(),
                "period_end": end and end.isoformat(),
            }
        )
    return out


def content(name: str) -> dict:
    if name == "report":
        return report_content()
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def gold(name: str) -> list[dict]:
    if name == "report":
        return report_gold()
    return json.loads((FIXTURES / f"{name}.gold.json").read_text(encoding="utf-8"))["measures"]


# ------------------------------------------------------------------ typesetting
@cache
def _font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px, layout_engine=ImageFont.Layout.RAQM)


def _face(name: str) -> str:
    return BOX_FONT if name == BOX_FONT else str(font_path(name))


def _runs(text: str) -> list[tuple[str, bool]]:
    return [(m.group(0), m.group(0)[0] in BOXES) for m in re.finditer(f"[{BOXES}]+|[^{BOXES}]+", text)]


def width(text: str, face: str, size: float) -> float:
    """Shaped advance width in points (check boxes in DejaVu Sans)."""
    return sum(
        _font(_face(BOX_FONT if box else face), 1000).getlength(run) / 1000 * size for run, box in _runs(text)
    )


def _words(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=True)


def wrap(text: str, face: str, size: float, max_w: float) -> list[str]:
    """Greedy word wrap on pythainlp words; a word wider than the column is cut."""
    lines, cur = [], ""
    for w in _words(text):
        if w.isspace():
            cur += " " if cur else ""
            continue
        if width(cur + w, face, size) <= max_w:
            cur += w
            continue
        if cur.strip():
            lines.append(cur.strip())
        while width(w, face, size) > max_w and len(w) > 1:
            k = len(w) - 1
            while k > 1 and width(w[:k], face, size) > max_w:
                k -= 1
            lines.append(w[:k])
            w = w[k:]
        cur = w
    if cur.strip():
        lines.append(cur.strip())
    return lines or [""]


@dataclass
class Page:
    """A page as drawing operations in points from the top left."""

    width: float
    height: float
    ops: list[tuple] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, face: str, size: float) -> None:
        for run, box in _runs(text):
            f = BOX_FONT if box else face
            self.ops.append(("text", x, y, run, f, size))
            x += width(run, f, size)

    def rule(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.ops.append(("rect", x0, y0, x1, y1))


class _Setter:
    """Word-processor layout: fixed line pitch, the first baseline a fixed distance under the
    cell's top rule (a face with high marks comes closer to the rule)."""

    def __init__(self, face: str, size: float):
        self.face, self.size = face, size
        self.pitch, self.asc, self.pad, self.hpad, self.w = 1.71 * size, 1.05 * size, 2.5, 5.0, 0.75
        self.pages: list[Page] = []
        self.truth: list[list[list[str]]] = []
        self.y = 0.0

    def cover(self, lines: list[str]) -> None:
        page = Page(595.0, 842.0)
        y = 80.0
        for ln in lines:
            for sub in wrap(ln, self.face, self.size, 595 - 144):
                page.text(72, y, sub, self.face, self.size)
                y += self.pitch
        self.pages.append(page)
        self.truth.append([])

    def _wrapped(self, cells: list[str], xs: list[float]) -> list[list[str]]:
        widths = [b - a - 2 * self.hpad for a, b in itertools.pairwise(xs)]
        return [wrap(c, self.face, self.size, cw) if c else [""] for c, cw in zip(cells, widths)]

    def height(self, cells: list[str], xs: list[float]) -> float:
        return max(len(x) for x in self._wrapped(cells, xs)) * self.pitch + 2 * self.pad + 0.3 * self.size

    def row(self, cells: list[str], xs: list[float]) -> None:
        page, y, w = self.pages[-1], self.y, self.w
        wrapped = self._wrapped(cells, xs)
        h = self.height(cells, xs)
        for k, lines in enumerate(wrapped):
            for j, ln in enumerate(lines):
                if ln:
                    page.text(
                        xs[k] + self.hpad, y + self.pad + self.asc + j * self.pitch, ln, self.face, self.size
                    )
        for x in xs:
            page.rule(x - w / 2, y, x + w / 2, y + h)
        page.rule(xs[0], y - w / 2, xs[-1], y + w / 2)
        page.rule(xs[0], y + h - w / 2, xs[-1], y + h + w / 2)
        self.truth[-1].append([" ".join(x) for x in wrapped])
        self.y = y + h

    def new_page(self, tab: dict, first: bool) -> None:
        xs = tab["xs"]
        self.pages.append(Page(*tab["size"]))
        self.truth.append([])
        self.y = 57.0
        if first:
            for ln in tab["title"]:
                for sub in wrap(ln, self.face, self.size, xs[-1] - xs[0]):
                    self.pages[-1].text(xs[0], self.y + self.asc, sub, self.face, self.size)
                    self.y += self.pitch
            self.y += 10
        self.row(tab["header"], xs)

    def table(self, tab: dict) -> None:
        self.new_page(tab, True)
        for r in tab["rows"]:
            if self.y + self.height(r, tab["xs"]) > tab["size"][1] - 50:
                self.new_page(tab, False)
            self.row(r, tab["xs"])


def typeset(doc: dict, face: str) -> tuple[list[Page], list[list[list[str]]]]:
    """The pages of a content in ``face`` and, per page, the cells drawn."""
    setter = _Setter(face, doc["font_size"])
    if doc["cover"]:
        setter.cover(doc["cover"])
    for tab in doc["tables"]:
        setter.table(tab)
    return setter.pages, setter.truth


# ------------------------------------------------------------------ scanning
def raster(page: Page, ppi: int, oversample: int = 3) -> Image.Image:
    """The page drawn at ``ppi`` (drawn larger, then reduced: anti-aliased as a scanner's)."""
    k = ppi * oversample / 72
    img = Image.new("L", (round(page.width * k), round(page.height * k)), 255)
    d = ImageDraw.Draw(img)
    for op in page.ops:
        if op[0] == "rect":
            _, x0, y0, x1, y1 = op
            d.rectangle([x0 * k, y0 * k, max(x0 * k, x1 * k - 1), max(y0 * k, y1 * k - 1)], fill=0)
        else:
            _, x, y, text, face, size = op
            d.text((x * k, y * k), text, font=_font(_face(face), round(size * k)), fill=0, anchor="ls")
    return img.resize((round(page.width * ppi / 72), round(page.height * ppi / 72)), Image.BOX)


def scanify(img: Image.Image, ppi: int, rng: random.Random, skew: float) -> Image.Image:
    """Scanner blur, paper and ink levels with uneven light, noise, dust, a small skew."""
    g = img.filter(ImageFilter.GaussianBlur(0.45 * ppi / 200))
    a = np.asarray(g, dtype=np.float32) / 255.0
    h, w = a.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    paper = 238 + 8 * np.sin(xx / w * 3.1 + rng.random()) * np.cos(yy / h * 2.3 + rng.random())
    ink = rng.uniform(25, 55)
    out = ink + (paper - ink) * a
    out += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 5.0, out.shape)
    for _ in range(int(w * h / 20000)):
        y0, x0, r = rng.randrange(h), rng.randrange(w), rng.choice([1, 1, 1, 2])
        out[max(0, y0 - r // 2) : y0 + r, max(0, x0 - r // 2) : x0 + r] -= rng.uniform(40, 120)
    im = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    return im.rotate(skew, resample=Image.BILINEAR, fillcolor=int(np.median(paper)))


def scan_pdf(name: str, face: str, ppi: int, out: Path, max_skew: float = 0.6) -> dict:
    """``out``: the content ``name`` typeset in ``face`` and scanned at ``ppi`` (grey JPEG,
    quality 70). Returns the truth: cells per page and the skews."""
    pages, cells = typeset(content(name), face)
    rng = random.Random(f"{face}-{ppi}-{name}")
    images, skews = [], []
    for p in pages:
        skews.append(round(rng.uniform(-max_skew, max_skew), 2))
        images.append(scanify(raster(p, ppi), ppi, rng, skews[-1]))
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=float(ppi), save_all=True, append_images=images[1:], quality=70)
    return {"cells": cells, "skews": skews}


# ------------------------------------------------------------------ scoring
@dataclass
class Score:
    measures: int = 0
    found: int = 0
    status: dict = field(default_factory=lambda: {"right": 0, "null": 0, "wrong": 0})
    period: dict = field(default_factory=lambda: {"right": 0, "null": 0, "wrong": 0})
    responsible: list = field(default_factory=lambda: [0, 0])
    cer: list = field(default_factory=lambda: [0, 0])  # edits, truth characters
    seconds: list = field(default_factory=lambda: [0.0, 0])  # OCR seconds, pages

    def add(self, other: Score) -> Score:
        self.measures += other.measures
        self.found += other.found
        for k in ("status", "period"):
            for kk in getattr(self, k):
                getattr(self, k)[kk] += getattr(other, k)[kk]
        for k in ("responsible", "cer", "seconds"):
            a, b = getattr(self, k), getattr(other, k)
            a[0] += b[0]
            a[1] += b[1]
        return self

    def row(self, label: str) -> str:
        st, pe = self.status, self.period
        return (
            f"| {label} | {self.cer[0] / max(1, self.cer[1]):.3f} | {self.found}/{self.measures} | "
            f"{st['right']}/{st['null']}/{st['wrong']} | {pe['right']}/{pe['null']}/{pe['wrong']} | "
            f"{self.responsible[0]}/{self.responsible[1]} | {self.seconds[0] / max(1, self.seconds[1]):.2f} |"
        )

    HEAD = (
        "| scan | cell CER | measures found | status right/null/wrong | period right/null/wrong | responsible | "
        "OCR s/page |\n|---|---|---|---|---|---|---|"
    )


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").translate(TO_ARABIC).replace("\u0e4d\u0e32", "\u0e33")
    return "".join(s.split())


def cell_edits(truth: list[list[list[str]]], ocr_pages: list) -> tuple[int, int]:
    """(edits, truth characters) over the cells of every table page; a page whose grid has another
    shape is compared as the table's text in reading order."""
    from rapidfuzz.distance import Levenshtein

    by_no = {p.page: p for p in ocr_pages}
    edits = total = 0
    for k, cells in enumerate(truth):
        if not cells:
            continue
        page = by_no.get(k + 1)
        got = [list(r) for r in page.tables[0].rows] if page and page.tables else []
        flat_truth = [c for r in cells for c in r]
        same_shape = len(got) == len(cells) and all(len(a) == len(b) for a, b in zip(got, cells))
        pairs = (
            list(zip(flat_truth, [c for r in got for c in r]))
            if same_shape
            else [("".join(flat_truth), "".join(c or "" for r in got for c in r))]
        )
        for t, o in pairs:
            a, b = _norm(t), _norm(o)
            edits += Levenshtein.distance(a, b)
            total += len(a)
    return edits, total


def score_measures(want: list[dict], got: list[dict]) -> Score:
    """Each answer's measure paired with the extracted measure whose text it best matches (one to
    one); a status or period is right, null, or wrong (any end that is there and differs)."""
    from rapidfuzz import fuzz

    s = Score(measures=len(want))
    free = list(got)
    for g in want:
        best = max(
            free, key=lambda m: fuzz.partial_ratio(_norm(g["text"]), _norm(m.get("text"))), default=None
        )
        if best is None or fuzz.partial_ratio(_norm(g["text"]), _norm(best.get("text"))) < 80:
            continue
        free.remove(best)
        s.found += 1
        if g.get("status"):
            got_st = best.get("status")
            s.status["null" if got_st is None else "right" if got_st == g["status"] else "wrong"] += 1
        if g.get("period_start"):
            have = (_iso(best.get("period_start")), _iso(best.get("period_end")))
            want_p = (g["period_start"], g["period_end"])
            s.period[
                "right"
                if have == want_p
                else "wrong"
                if any(v is not None and v != w for v, w in zip(have, want_p))
                else "null"
            ] += 1
        if g.get("responsible"):
            s.responsible[1] += 1
            s.responsible[0] += _norm(g["responsible"]) == _norm(best.get("responsible"))
    return s


def _iso(v) -> str | None:
    return None if v is None else str(v)[:10]


def read_scan(pdf: Path, truth: dict, name: str, ctx, cache_dir: Path | None = None) -> Score:
    """Run the pipeline's reading of ``pdf`` (every page OCR'd) and score it."""
    from pipeline.runner import document as D

    ocr_pages = []
    real = D.ocr_pdf_page

    def keep(path, index, rules, repairer, cache):
        page = real(path, index, rules, repairer, cache)
        ocr_pages.append(page)
        return page

    D.ocr_pdf_page = keep
    try:
        res = D.process_pdf(pdf, pdf.name, ctx, ocr=True, cache_dir=cache_dir)
    finally:
        D.ocr_pdf_page = real
    s = score_measures(gold(name), res.rows.get("measures", []))
    s.cer[0], s.cer[1] = cell_edits(truth["cells"], ocr_pages)
    s.seconds = [sum(p.seconds for p in ocr_pages), len(ocr_pages)]
    return s
