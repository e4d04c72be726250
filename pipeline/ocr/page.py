"""OCR one PDF page into the same structures as a born-digital page.

render at 300 dpi -> turn upright (tesseract OSD) -> deskew -> find ruling lines -> table grids
(pdfplumber's algorithm, the same as for text PDFs) -> OCR every cell as a block (psm 6) and the
text around the tables -> re-read the numbers glyph by glyph -> a cached, plain ``OcrPage``.

The result is cached under ``<cache_dir>/<sha256 of the page image + OCR settings>.json``, so a
page is never OCR'd twice; ``to_page`` repairs the text (Thai repair passes) afterwards, so
improving the repair never needs a new OCR.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image

from .. import __version__
from ..pdf import pdfium_reader, tables
from ..rules import Rules
from ..text.dictionary import coverage_counts
from ..text.periods import _unread_range_end, find_dates
from . import digits, engine, raster

DIGIT_CHARS = set(digits.DIGITS) | set(".,-")


@dataclass
class OcrLine:
    text: str
    box: tuple[float, float, float, float]  # PDF points, top-left origin


@dataclass
class OcrTable:
    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]  # cell text (lines joined by \n); None where a merged cell spans


@dataclass
class OcrPage:
    page: int
    width: float
    height: float
    rotation: int  # degrees (counter-clockwise) the scan was turned to make the page upright
    skew: float
    lines: list[OcrLine] = field(default_factory=list)
    tables: list[OcrTable] = field(default_factory=list)
    numbers_fixed: int = 0
    numbers_unreadable: int = 0
    seconds: float = 0.0
    cached: bool = False


def settings_key(rules: Rules) -> str:
    o = rules.ocr
    return json.dumps({"dpi": o.dpi, "lang": o.lang, "psm": [o.psm_page, o.psm_cell], "skew": o.max_skew_degrees,
                       "margin": o.cell_margin_px, "fonts": o.digit_fonts, "match": o.digit_min_match,
                       "confusions": o.digit_confusions, "latin": o.latin_misread.pattern,
                       "tesseract": engine.version(), "ocr_code": _ocr_code_digest()},
                      sort_keys=True)


@lru_cache(maxsize=1)
def _ocr_code_digest() -> str:
    """The OCR code itself is part of the cache key: changing it never serves stale pages."""
    h = hashlib.sha256()
    for p in sorted(Path(__file__).parent.glob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def ocr_pdf_page(path: str | Path, index: int, rules: Rules, cache_dir: str | Path | None) -> OcrPage:
    """OCR page ``index`` (0-based) of a PDF, using the cache when the same image was OCR'd."""
    doc = pdfium_reader.open_pdf(path)
    try:
        image = pdfium_reader.render_page(doc, index, rules.ocr.dpi)
    finally:
        doc.close()
    return ocr_image(image, index + 1, rules, cache_dir)


def ocr_image(image: Image.Image, page_no: int, rules: Rules, cache_dir: str | Path | None) -> OcrPage:
    gray = image.convert("L")
    key = hashlib.sha256(gray.tobytes() + str(gray.size).encode() + settings_key(rules).encode()).hexdigest()
    path = Path(cache_dir) / f"{key}.json" if cache_dir else None
    if path is not None and path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        page = _from_json(data)
        page.page, page.cached = page_no, True
        return page
    t0 = time.perf_counter()
    page = _ocr(gray, page_no, rules)
    page.seconds = round(time.perf_counter() - t0, 3)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(page), f, ensure_ascii=False)
        os.replace(tmp, path)
    return page


def _from_json(d: dict) -> OcrPage:
    p = OcrPage(**{k: v for k, v in d.items() if k not in ("lines", "tables")})
    p.lines = [OcrLine(ln["text"], tuple(ln["box"])) for ln in d["lines"]]
    p.tables = [OcrTable(tuple(t["bbox"]), t["rows"]) for t in d["tables"]]
    return p


def _ocr(gray: Image.Image, page_no: int, rules: Rules) -> OcrPage:
    o = rules.ocr
    deadline = time.monotonic() + o.page_timeout_seconds
    scale = 72.0 / o.dpi  # points per pixel
    arr = raster.gray_array(gray)
    bw = raster.binarize(arr)
    rotation = engine.orientation(gray) if raster.looks_sideways(bw) else 0
    if rotation:  # OSD's angle is how far the content is turned; turn it back counter-clockwise
        gray = gray.rotate(rotation, expand=True, fillcolor=255)
        arr = raster.gray_array(gray)
        bw = raster.binarize(arr)
    skew = raster.skew_angle(arr, o.max_skew_degrees, bw)
    if abs(skew) >= o.min_skew_degrees:
        gray = raster.rotate(gray, -skew)
        arr = raster.gray_array(gray)
        bw = raster.binarize(arr)
    page = OcrPage(page_no, gray.width * scale, gray.height * scale, rotation, round(skew, 2))
    temps = digits.templates(o.digit_fonts_dir, tuple(o.digit_fonts))
    fixer = _NumberFixer(arr, temps, o.digit_min_match, o.digit_confusions, raster.find_checkboxes(arr, bw=bw))
    grids = tables.find_table_grids(raster.ruling_edges(arr, scale, bw=bw))
    table_boxes_px = []
    for grid in grids:
        cells = [(r, c, bb) for r, row in enumerate(grid) for c, bb in enumerate(row) if bb]
        m = o.cell_margin_px
        rects = [(int(bb[0] / scale) + m, int(bb[1] / scale) + m, int(bb[2] / scale) - m, int(bb[3] / scale) - m)
                 for _, _, bb in cells]
        results = engine.read_rects(gray, rects, o.lang, o.psm_cell, deadline)
        # Thai abbreviations come out as Latin with the English model ("ต.ค." -> "A.A."): cells with
        # Latin letters are read again with Thai alone, and the more plausible reading is kept
        misread = rules.ocr.latin_misread.regex
        latin = [k for k, lines in enumerate(results)
                 if misread.search(" ".join("".join(w.text for w in ln.words) for ln in lines))]
        if latin and "+" in o.lang:
            thai_only = engine.read_rects(gray, [rects[k] for k in latin], o.lang.split("+")[0], o.psm_cell, deadline)
            for k, alt in zip(latin, thai_only):
                if _plausibility(alt, rules) > _plausibility(results[k], rules):
                    results[k] = alt
        rows: list[list[str | None]] = [[None] * len(row) for row in grid]
        for (r, c, _), lines, rect in zip(cells, results, rects):
            text = "\n".join(fixer.line_text(ln, rect, boxes=False) for ln in lines)
            if _mentions_status(text, rules):  # check boxes only matter next to status labels
                text = "\n".join(fixer.line_text(ln, rect) for ln in lines)
            if _broken_range(text, rules):
                text = _reread_range(gray, rect, temps, rules, deadline) or text
            rows[r][c] = text
        bbox = (min(bb[0] for *_, bb in cells), min(bb[1] for *_, bb in cells),
                max(bb[2] for *_, bb in cells), max(bb[3] for *_, bb in cells))
        page.tables.append(OcrTable(bbox, rows))
        table_boxes_px.append(tuple(int(v / scale) for v in bbox))
    around = Image.fromarray(raster.whiten(arr, table_boxes_px)) if table_boxes_px else gray
    for ln in engine.read(around, o.lang, o.psm_page, deadline):
        text = fixer.line_text(ln, boxes=False)
        if _mentions_status(text, rules):
            text = fixer.line_text(ln)
        if text.strip():
            page.lines.append(OcrLine(text, tuple(v * scale for v in ln.box)))
    page.numbers_fixed, page.numbers_unreadable = fixer.fixed, fixer.unreadable
    return page


class _NumberFixer:
    """Rebuild a line's text from tesseract's words: re-read every run of digit-like words glyph by
    glyph, and put the check boxes found in the image (☑/☐) where they are drawn."""

    def __init__(self, arr, temps, min_match: float, confusions: str, boxes=()):
        self.arr, self.temps, self.min_match = arr, temps, min_match
        self.confusions = set(confusions)
        self.boxes = list(boxes)
        self.fixed = self.unreadable = 0

    def _with_boxes(self, line: engine.Line, region=None) -> list[engine.Word]:
        """The line's words with its check boxes as words ('☑'/'☐'); what tesseract read where a
        box is drawn ("O", "□") is dropped. Boxes must lie in ``region`` (a table cell) or near
        the line."""
        x0, y0, x1, y1 = line.box
        h = y1 - y0
        rx0, rx1 = (region[0], region[2]) if region else (x0 - h, x1 + 2 * h)
        mine = [b for b in self.boxes if b[1] < y1 and b[3] > y0 and min(b[3], y1) - max(b[1], y0) >= 0.5 * (b[3] - b[1])
                and rx0 <= b[0] and b[2] <= rx1]
        if not mine:
            return list(line.words)
        words = [w for w in line.words if not any(_overlap(w.box, b) > 0.5 for b in mine)]
        words += [engine.Word("☑" if b[4] else "☐", b[:4], 100.0) for b in mine]
        return sorted(words, key=lambda w: w.box[0])

    def _digitish(self, text: str) -> bool:
        return bool(text) and all(ch in DIGIT_CHARS or ch in self.confusions for ch in text) and any(ch in digits.DIGITS for ch in text)

    def line_text(self, line: engine.Line, region=None, boxes: bool = True) -> str:
        words = [w for w in (self._with_boxes(line, region) if boxes else line.words) if w.text.strip()]
        if not words:
            return ""
        height = max(1, line.box[3] - line.box[1])
        chars = "".join(w.text.strip() for w in words)
        n_digits = sum(ch in digits.DIGITS for ch in chars)
        n_letters = sum("\u0e01" <= ch <= "\u0e2e" or ch.isalpha() and ch.isascii() for ch in chars)
        if n_digits >= 2 and n_digits >= 0.5 * len(chars) and n_letters <= 1:
            # a number on its own (a score or amount cell): read the whole line as one number
            whole = self._reread(line.box, line.box)
            if whole is not None:
                return whole
        # runs of digit-like words, re-read as one number each
        out: list[tuple[str, tuple[int, int, int, int]]] = []
        i = 0
        while i < len(words):
            if self._digitish(words[i].text.strip()) or (words[i].text.strip() in self.confusions and i + 1 < len(words) and self._digitish(words[i + 1].text.strip())):
                j = i
                while j + 1 < len(words) and (self._digitish(words[j + 1].text.strip()) or words[j + 1].text.strip() in DIGIT_CHARS | self.confusions) \
                        and words[j + 1].box[0] - words[j].box[2] < 0.6 * height:
                    j += 1
                box = engine._union([w.box for w in words[i:j + 1]])
                original = "".join(w.text.strip() for w in words[i:j + 1])
                out.append((self._reread(box, line.box) or original, box))
                i = j + 1
            else:
                out.append((words[i].text.strip(), words[i].box))
                i += 1
        text, prev = "", None
        for t, box in out:
            if prev is not None and box[0] - prev[2] > 0.35 * height:
                text += " "
            text += t
            prev = box
        return text

    def _reread(self, box, line_box) -> str | None:
        """Re-read the number around ``box`` (tesseract's boxes for Thai glyphs are loose): a
        window of the line's height, one line-height wider on each side."""
        height = max(1, line_box[3] - line_box[1])
        x0, _, x1, _ = box
        h, w = self.arr.shape
        wx0, wx1 = max(0, x0 - height), min(w, x1 + height)
        wy0, wy1 = max(0, line_box[1] - height // 4), min(h, line_box[3] + height // 4)
        crop = self.arr[wy0:wy1, wx0:wx1]
        got = digits.read_number(crop, self.temps, self.min_match, (x0 - wx0, x1 - wx0))
        if got is None:
            self.unreadable += 1
        else:
            self.fixed += 1
        return got


_RE_LATIN = re.compile("[A-Za-z]")
_RETRIES = [(1.0, "tha"), (1.5, "tha"), (1.5, "tha+eng"), (2.0, "tha")]  # (scale, languages)


def _mentions_status(text: str, rules: Rules) -> bool:
    """Does the text name a status ("ดำเนินการ", "ยังไม่ได้ดำเนินการ" …)? Only then are check boxes
    looked for: a boxy letter ("ย", "ว") elsewhere must not become a box."""
    from ..text.thai import mechanical_repair

    flat = re.sub(r"\s+", "", mechanical_repair(text))
    return any(lab in flat for labs in rules.tables.status.labels.values() for lab in labs)


def _broken_range(text: str, rules: Rules) -> bool:
    """A date range whose end month could not be read ("ต.ค. ๖๕ - A.W. ๖๖")."""
    from ..text.thai import thai_digits_to_arabic

    t = thai_digits_to_arabic(text)
    found = find_dates(t, rules)
    return len(found) == 1 and _unread_range_end(t, found[0], rules)


def _reread_range(gray: Image.Image, rect, temps, rules: Rules, deadline) -> str | None:
    """Read a period cell again (Thai alone, larger) until both ends of its range are months."""
    from ..text.thai import thai_digits_to_arabic

    crop = gray.crop(rect)
    for scale, lang in _RETRIES:
        img = crop if scale == 1.0 else crop.resize((int(crop.width * scale), int(crop.height * scale)), Image.LANCZOS)
        fixer = _NumberFixer(raster.gray_array(img), temps, rules.ocr.digit_min_match, rules.ocr.digit_confusions)
        text = "\n".join(fixer.line_text(ln) for ln in engine.read(img, lang, rules.ocr.psm_cell, deadline))
        if len(find_dates(thai_digits_to_arabic(text), rules)) >= 2:
            return text
    return None


def _plausibility(lines: list[engine.Line], rules: Rules) -> float:
    """Share of a reading's characters in Thai dictionary words, Thai month names, digits."""
    text = " ".join("".join(w.text for w in ln.words) for ln in lines)
    if not text.strip():
        return 0.0
    covered, total = coverage_counts(text)
    months = sum(m.end - m.start for m in find_dates(text, rules))
    digits_n = sum(1 for ch in text if ch.isdigit())
    letters = sum(1 for ch in text if not ch.isspace())
    return (covered + months + digits_n) / max(1, letters)


def _overlap(a, b) -> float:
    """Share of box ``a`` covered by box ``b``."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / max(1, (a[2] - a[0]) * (a[3] - a[1]))
