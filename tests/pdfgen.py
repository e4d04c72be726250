"""Test PDFs made here, with pdfium's own page-object API: Thai text in any TrueType font (embedded,
with the ToUnicode map pdfium writes for it), ruling lines and thin filled rectangles (as Word
draws table rules). Coordinates are PDF points from the page's top left.

    pdf = PdfBuilder()
    page = pdf.page()
    page.text(72, 100, "คะแนน 91.76", "Sawasdee", 14)
    page.hline(72, 300, 120)
    pdf.save(path)
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as c

TLWG = Path("/usr/share/fonts/truetype/tlwg")


def font_path(name: str) -> Path:
    """A fonts-thai-tlwg face by name (``Sawasdee``, ``Kinnari-Bold``), or a path to a .ttf."""
    p = Path(name)
    return p if p.suffix == ".ttf" else TLWG / f"{name}.ttf"


class PdfPage:
    def __init__(self, builder: PdfBuilder, width: float, height: float):
        self.builder, self.width, self.height = builder, width, height
        self.raw = c.FPDFPage_New(builder.doc.raw, builder.pages, width, height)
        builder.pages += 1

    def text(
        self,
        x: float,
        y: float,
        text: str,
        font: str = "Laksaman",
        size: float = 14.0,
        invisible: bool = False,
    ) -> float:
        """``text`` with its baseline at (x, y) from the top left; returns its width."""
        obj = c.FPDFPageObj_CreateTextObj(self.builder.doc.raw, self.builder.font(font), size)
        data = (text + "\0").encode("utf-16-le")
        buf = (ctypes.c_ushort * (len(data) // 2)).from_buffer_copy(data)
        c.FPDFText_SetText(obj, buf)
        if invisible:
            c.FPDFTextObj_SetTextRenderMode(obj, c.FPDF_TEXTRENDERMODE_INVISIBLE)
        c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, self.height - y)
        c.FPDFPage_InsertObject(self.raw, obj)
        left, right = ctypes.c_float(), ctypes.c_float()
        bottom, top = ctypes.c_float(), ctypes.c_float()
        c.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        )
        return right.value - left.value

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.75) -> None:
        """A stroked line (a ruling line drawn as a path)."""
        path = c.FPDFPageObj_CreateNewPath(x0, self.height - y0)
        c.FPDFPath_LineTo(path, x1, self.height - y1)
        c.FPDFPageObj_SetStrokeColor(path, 0, 0, 0, 255)
        c.FPDFPageObj_SetStrokeWidth(path, width)
        c.FPDFPath_SetDrawMode(path, c.FPDF_FILLMODE_NONE, True)
        c.FPDFPage_InsertObject(self.raw, path)

    def bar(self, x0: float, y0: float, x1: float, y1: float, gray: int = 0) -> None:
        """A filled rectangle (Word draws table rules as thin ones; a white one is no rule)."""
        rect = c.FPDFPageObj_CreateNewRect(x0, self.height - y1, x1 - x0, y1 - y0)
        c.FPDFPageObj_SetFillColor(rect, gray, gray, gray, 255)
        c.FPDFPath_SetDrawMode(rect, c.FPDF_FILLMODE_WINDING, False)
        c.FPDFPage_InsertObject(self.raw, rect)

    def image(
        self, pil_image, x0: float = 0.0, y0: float = 0.0, x1: float | None = None, y1: float | None = None
    ) -> None:
        """A raster image over (x0, y0)-(x1, y1) (the whole page by default): a scan."""
        x1 = self.width if x1 is None else x1
        y1 = self.height if y1 is None else y1
        obj = c.FPDFPageObj_NewImageObj(self.builder.doc.raw)
        bitmap = pdfium.PdfBitmap.from_pil(pil_image.convert("RGB"))
        c.FPDFImageObj_SetBitmap(None, 0, obj, bitmap.raw)
        c.FPDFImageObj_SetMatrix(obj, x1 - x0, 0, 0, y1 - y0, x0, self.height - y1)
        c.FPDFPage_InsertObject(self.raw, obj)
        self.builder._data.append(bitmap)  # keep it alive until the document is saved

    def hline(self, x0: float, x1: float, y: float, width: float = 0.5) -> None:
        self.bar(x0, y - width / 2, x1, y + width / 2)

    def vline(self, x: float, y0: float, y1: float, width: float = 0.5) -> None:
        self.bar(x - width / 2, y0, x + width / 2, y1)


class PdfBuilder:
    def __init__(self) -> None:
        self.doc = pdfium.PdfDocument.new()
        self.pages = 0
        self._fonts: dict[str, object] = {}
        self._data: list[ctypes.Array] = []  # font programs must outlive the document
        self._pages: list[PdfPage] = []

    def font(self, name: str):
        if name not in self._fonts:
            data = font_path(name).read_bytes()
            buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
            self._data.append(buf)
            self._fonts[name] = c.FPDFText_LoadFont(self.doc.raw, buf, len(data), c.FPDF_FONT_TRUETYPE, True)
        return self._fonts[name]

    def page(self, width: float = 595.0, height: float = 842.0) -> PdfPage:
        p = PdfPage(self, width, height)
        self._pages.append(p)
        return p

    def save(self, path: str | Path) -> Path:
        for p in self._pages:
            c.FPDFPage_GenerateContent(p.raw)
        self.doc.save(str(path))
        return Path(path)


def variant_font(base: str, remap: dict[str, str], path: Path) -> Path:
    """A copy of a TrueType font whose characters ``remap`` draw another character's glyph, and
    no longer stand for their own glyph: ``{"ำ": "า"}`` makes a font that draws SARA AA for the
    code of SARA AM (its text layer reads "บริกำร" where the page shows "บริการ"), and
    ``{"\u00a0": "ํ"}`` one whose NIKHAHIT reads as a space ("ส านัก"), as the broken ToUnicode
    maps of real documents do."""
    from fontTools.ttLib import TTFont

    tt = TTFont(str(font_path(base)))
    tt[
        "post"
    ].formatType = 3.0  # no glyph names (as the subsets of real documents): a reader has only the cmap
    name = (
        f"{Path(path).stem.replace('_', '')}"  # a name of its own: a writer must not take it for the original
    )
    for record in tt["name"].names:
        if record.nameID in (1, 3, 4, 6, 16):
            record.string = name
    for table in tt["cmap"].tables:
        if not table.isUnicode():
            continue
        cmap = dict(table.cmap)
        for code, drawn in remap.items():
            glyph = cmap.get(ord(drawn))
            if glyph is None:
                continue
            for other in [u for u, g in cmap.items() if g == glyph and u != ord(code)]:
                del table.cmap[other]  # the glyph stands only for the remapped code now
            table.cmap[ord(code)] = glyph
    tt.save(str(path))
    return path


def without_tounicode(src: Path, dst: Path) -> Path:
    """The PDF with every font's ToUnicode map removed (its codes then mean nothing to a reader;
    the embedded program's own cmap still does)."""
    import pypdf

    reader = pypdf.PdfReader(str(src))
    writer = pypdf.PdfWriter(clone_from=reader)
    for page in writer.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            if "/ToUnicode" in font:
                del font["/ToUnicode"]
    with open(dst, "wb") as f:
        writer.write(f)
    return dst


def with_tounicode(src: Path, dst: Path, how: str) -> Path:
    """The PDF with every font's ToUnicode map broken as producers break them: ``zero`` (every code
    to U+0000), ``controls`` (to control characters), ``surrogates`` (to lone UTF-16 surrogates),
    ``expanding`` (each code to a run of 60 ``ก``), ``truncated`` (the map cut in the middle)."""
    import re

    import pypdf
    from pypdf.generic import NameObject, StreamObject

    reader = pypdf.PdfReader(str(src))
    writer = pypdf.PdfWriter(clone_from=reader)
    for page in writer.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            codes = [m.group(1) for m in re.finditer(r"<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]+>", cmap)]
            for a, b in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*[<\[]", cmap):
                codes += [f"{v:0{len(a)}X}" for v in range(int(a, 16), int(b, 16) + 1)]
            target = {
                "zero": lambda k: "0000",
                "controls": lambda k: f"{1 + k % 30:04X}",
                "surrogates": lambda k: f"{0xD800 + k % 1024:04X}",
                "expanding": lambda k: "0E01" * 60,
            }
            if how == "truncated":
                data = cmap[: len(cmap) // 2]
            else:
                body = "\n".join(f"<{c}> <{target[how](k)}>" for k, c in enumerate(dict.fromkeys(codes)))
                head = cmap[: cmap.index("begincodespacerange")] if "begincodespacerange" in cmap else ""
                space = re.search(r"begincodespacerange.*?endcodespacerange", cmap, re.S)
                data = (
                    f"{head}{space.group(0) if space else ''}\n{len(set(codes))} beginbfchar\n{body}\n"
                    "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
                )
            stream = StreamObject()
            stream.set_data(data.encode("latin-1"))
            font[NameObject("/ToUnicode")] = writer._add_object(stream)
    with open(dst, "wb") as f:
        writer.write(f)
    return dst


STYLES = ("ruled", "vertical_rules", "horizontal_rules", "unruled")


class _Table:
    """A table being drawn page by page (see ``draw_table``)."""

    def __init__(
        self,
        pdf: PdfBuilder,
        header: list[str],
        widths: list[float],
        style: str,
        font: str,
        size: float,
        x0: float,
        top: float,
        title: str | None,
        page_size: tuple[float, float],
        bottom: float,
        repeat_header: bool,
    ):
        self.pdf, self.header, self.widths, self.style, self.font, self.size = (
            pdf,
            header,
            widths,
            style,
            font,
            size,
        )
        self.top, self.title, self.page_size, self.bottom, self.repeat_header = (
            top,
            title,
            page_size,
            bottom,
            repeat_header,
        )
        self.line_h, self.pad = size * 1.6, size * 0.45
        self.xs = [x0]
        for w in widths:
            self.xs.append(self.xs[-1] + w)
        self.pages: list[PdfPage] = []
        self.y = 0.0

    def new_page(self) -> None:
        page = self.pdf.page(*self.page_size)
        self.pages.append(page)
        self.y = self.top
        if self.title and len(self.pages) == 1:
            page.text(self.xs[0], self.y, self.title, self.font, self.size + 2)
            self.y += self.line_h * 1.5
        if self.repeat_header or len(self.pages) == 1:
            self.row([h.split("\n") for h in self.header], head=True)

    def room(self) -> int:
        return int((self.page_size[1] - self.bottom - self.y - 2 * self.pad) // self.line_h)

    def rules(self, y0: float, y1: float, head: bool, last: bool) -> None:
        page, xs = self.pages[-1], self.xs
        if self.style in ("ruled", "horizontal_rules") or (self.style == "vertical_rules" and head):
            page.hline(xs[0], xs[-1], y0)
            page.hline(xs[0], xs[-1], y1)
        if self.style in ("ruled", "vertical_rules"):
            for x in xs:
                page.vline(x, y0, y1)
        if self.style == "vertical_rules" and last:
            page.hline(xs[0], xs[-1], y1)

    def row(self, cells: list[list[str]], head: bool = False, last: bool = False) -> None:
        page = self.pages[-1]
        for col, lines in enumerate(cells):
            for k, text in enumerate(lines):
                if not text:
                    continue
                width = page.text(
                    self.xs[col] + self.pad,
                    self.y + self.pad + (k + 1) * self.line_h - self.size * 0.45,
                    text,
                    self.font,
                    self.size,
                )
                if width > self.widths[col] - 2 * self.pad + 0.5:
                    raise ValueError(
                        f"{text!r} ({width:.0f} pt) does not fit its column ({self.widths[col] - 2 * self.pad:.0f} pt)"
                    )
        h = max(len(c) for c in cells) * self.line_h + 2 * self.pad
        self.rules(self.y, self.y + h, head, last)
        self.y += h


def draw_table(
    pdf: PdfBuilder,
    header: list[str],
    rows: list[list[str]],
    widths: list[float],
    style: str,
    font: str = "Laksaman",
    size: float = 12.0,
    x0: float = 40.0,
    top: float = 80.0,
    title: str | None = None,
    page_size: tuple[float, float] = (842.0, 595.0),
    bottom: float = 60.0,
    split_rows: bool = True,
    repeat_header: bool = True,
) -> list[PdfPage]:
    """Draw a table the way a word processor does, in one of ``STYLES``: every rule, column rules
    only (closed at the top, under the header and at the end), row rules only, or none. A cell's
    text is given with its line breaks (``"\\n"``) and must fit its column; the header repeats on
    every page, and a row that does not fit is cut at the page break (``split_rows``) or moved to
    the next page."""
    t = _Table(pdf, header, widths, style, font, size, x0, top, title, page_size, bottom, repeat_header)
    t.new_page()
    for i, row in enumerate(rows):
        cells = [cell.split("\n") if cell else [""] for cell in row]
        while cells:
            room, n = t.room(), max(len(cell) for cell in cells)
            if n <= room:
                t.row(cells, last=i == len(rows) - 1)
                cells = []
                continue
            if split_rows and room >= 1:
                t.row([cell[:room] for cell in cells])
                cells = [cell[room:] or [""] for cell in cells]
            t.new_page()
    return t.pages
