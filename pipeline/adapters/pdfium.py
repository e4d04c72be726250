"""Read a PDF with pypdfium2 (the only module that imports it): characters with their boxes,
ruling edges and images per page, and page images for OCR.

It returns plain data (``pipeline.model.RawPage``) so that everything after it is a pure
function over tables and can be tested without PDFs.

Why pypdfium2 for characters (measured, see README "Text layer"): on the bundled corpus it is
~20x faster per page than pdfminer/pdfplumber and returns the right code points where
pdfplumber's ToUnicode handling turns sara uu (ู) into a tone mark (``ข้อม้ล`` for ``ข้อมูล``) and
splits sara am into ``ำา``. Its own text assembly breaks lines at below-base marks, so we take
the characters in content-stream order and build lines ourselves (``pipeline.layout``).
"""
from __future__ import annotations

import ctypes
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import Char, Edge, RawPage


class PdfReadError(Exception):
    """The file cannot be opened as a PDF; ``reason`` is meant for people."""


_SKIP = {"\r", "\n", "\x00", "\ufffe", "\uffff"}


def open_pdf(path: str | Path, password: str | None = None) -> Any:
    """Open a PDF or raise ``PdfReadError`` with a reason people understand."""
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        raise PdfReadError(_diagnose(Path(path), str(exc))) from exc


def _diagnose(path: Path, pdfium_message: str) -> str:
    msg = pdfium_message.lower()
    if "password" in msg or "security" in msg:
        return "encrypted PDF (a password is required)"
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - 2048))
            tail = f.read()
    except OSError as exc:
        return f"cannot read file: {exc}"
    if size == 0:
        return "empty file (0 bytes)"
    if b"%PDF-" not in head:
        shown = head[:16].decode("latin-1", "replace").encode("unicode_escape").decode()
        return f"not a PDF (the file starts with '{shown}')"
    if b"%%EOF" not in tail:
        return "truncated PDF (no end-of-file marker; the download was probably cut)"
    if b"/Encrypt" in tail:
        return "encrypted PDF (a password is required)"
    if b"/Count 0" in tail or b"/Count 0" in head:
        return "the PDF has no pages"
    return f"damaged PDF that cannot be opened ({pdfium_message})"


def page_count(doc) -> int:
    return len(doc)


def read_page(doc, index: int, symbol_table: Callable[[str], dict[int, str] | None] | None = None) -> RawPage:
    """Characters (content-stream order, generated ones dropped), ruling edges and image cover.

    ``symbol_table(font_name)`` maps symbol-font code points (U+F0xx: Wingdings check boxes) of
    that font to Unicode; the font is read from the PDF only for such characters.
    """
    page = doc[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage.raw, height, symbol_table)
        finally:
            textpage.close()
        edges, image_area = _edges_and_images(page, height, width * height)
        return RawPage(index + 1, float(width), float(height), int(page.get_rotation()), tuple(chars), tuple(edges),
                       image_area)
    finally:
        page.close()


def _font_name(tp, i: int) -> str:
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(tp, i, buf, 128, ctypes.byref(flags))
    return buf.value.decode("latin-1", "replace")


def _chars(tp, height: float, symbol_table=None) -> list[Char]:
    n = pdfium_c.FPDFText_CountChars(tp)
    out: list[Char] = []
    box = [ctypes.c_double() for _ in range(4)]
    ox, oy = ctypes.c_double(), ctypes.c_double()
    refs = [ctypes.byref(b) for b in box]
    get_unicode = pdfium_c.FPDFText_GetUnicode
    is_generated = pdfium_c.FPDFText_IsGenerated
    get_box = pdfium_c.FPDFText_GetCharBox
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    get_size = pdfium_c.FPDFText_GetFontSize
    for i in range(n):
        code = get_unicode(tp, i)
        if code == 0 or is_generated(tp, i) == 1:
            continue
        text = chr(code)
        if text in _SKIP:
            continue
        if 0xF000 <= code <= 0xF0FF and symbol_table is not None:
            table = symbol_table(_font_name(tp, i))
            if table and code in table:
                text = table[code]
        get_box(tp, i, *refs)  # left, right, bottom, top
        get_origin(tp, i, ctypes.byref(ox), ctypes.byref(oy))
        left, right, bottom, top = (b.value for b in box)
        out.append(Char(text, left, right, height - top, height - bottom, ox.value, height - oy.value,
                        float(get_size(tp, i)) or 1.0))
    return out


def _edges_and_images(page, height: float, area: float) -> tuple[list[Edge], float]:
    edges: list[Edge] = []
    image_area = 0.0
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(max_depth=2):
        kind = obj.type
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = obj.get_bounds()
            image_area += max(0.0, right - left) * max(0.0, top - bottom)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if w < 3 and h < 3:
            continue
        if h <= 3 or w <= 3:  # a thin line or a thin filled rectangle
            mid_y, mid_x = height - (top + bottom) / 2, (left + right) / 2
            edges.append(Edge("h", left, right, mid_y, mid_y) if h <= 3 else Edge("v", mid_x, mid_x, height - top, height - bottom))
            continue
        m = obj.get_matrix()
        pts: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        nseg = pdfium_c.FPDFPath_CountSegments(obj.raw)
        for k in range(nseg):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, k)
            pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            px = m.a * x.value + m.c * y.value + m.e
            py = m.b * x.value + m.d * y.value + m.f
            if pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = (px, py)
            elif pts:
                _segment_edge(edges, pts[-1], (px, py), height)
            pts.append((px, py))
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                _segment_edge(edges, (px, py), start, height)
    return edges, min(1.0, image_area / area) if area else 0.0


def _segment_edge(edges: list[Edge], a: tuple[float, float], b: tuple[float, float], height: float) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 1 and abs(ax - bx) >= 3:
        yy = height - (ay + by) / 2
        edges.append(Edge("h", min(ax, bx), max(ax, bx), yy, yy))
    elif abs(ax - bx) < 1 and abs(ay - by) >= 3:
        xx = (ax + bx) / 2
        edges.append(Edge("v", xx, xx, height - max(ay, by), height - min(ay, by)))


def render_page(doc, index: int, dpi: int = 300):
    """The page as a grey PIL image at ``dpi`` (for OCR; a third of the memory of RGB)."""
    page = doc[index]
    try:
        return page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()
