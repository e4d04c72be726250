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
import hashlib
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import Char, Edge, FontFace, RawPage
from . import fontprogram


class PageTooLarge(Exception):
    """A page past one of the limits (``rules/thresholds.yaml: limits``); the message names it."""


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
        return f"not a PDF ({_kind_of(head)})"  # its kind only: never a file's content in a published reason
    if b"%%EOF" not in tail:
        return "truncated PDF (no end-of-file marker; the download was probably cut)"
    if b"/Encrypt" in tail:
        return "encrypted PDF (a password is required)"
    if b"/Count 0" in tail or b"/Count 0" in head:
        return "the PDF has no pages"
    return f"damaged PDF that cannot be opened ({pdfium_message})"


_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)


def _kind_of(head: bytes) -> str:
    """What a file that is not a PDF seems to be, by its first bytes."""
    kind = next((k for sig, k in _SIGNATURES if head.startswith(sig)), None)
    if kind:
        return kind
    if b"<html" in head[:512].lower() or b"<!doctype html" in head[:512].lower():
        return "an HTML page"
    try:
        head.decode("utf-8")
        return "a text file"
    except UnicodeDecodeError:
        return "binary data"


def page_count(doc: Any) -> int:
    return len(doc)


_PAGES_NODE = re.compile(rb"/Type\s*/Pages\b")
_COUNT = re.compile(rb"/Count\s+(\d{1,6})")


def declared_pages(path: str | Path) -> int | None:
    """The page count the file's own page tree states, where it is written in the open (not in a
    compressed object stream): more than a reader finds means pages were lost to damage."""
    data = Path(path).read_bytes()
    counts = []
    for m in _PAGES_NODE.finditer(data):
        start = data.rfind(b"<<", 0, m.start())
        end = data.find(b">>", m.end())
        if start >= 0 and end > 0:
            c = _COUNT.search(data, start, end)
            if c:
                counts.append(int(c.group(1)))
    return max(counts) if counts else None


@dataclass(frozen=True)
class FontDecoding:
    """How fonts whose ToUnicode map is wrong are decoded from their programs (``rules/text.yaml:
    font_decoding``): where the full fonts are installed, how sure a decoded glyph must be, how near
    a drawn character's box must be to its glyph's (units of a 1000-unit em), and the Thai
    presentation forms (PUA) folded before texts are compared."""

    font_dirs: tuple[str, ...]
    min_confidence: float
    box_max_distance: float
    pua: tuple[tuple[str, str], ...] = ()


class FontReader:
    """Font facts of one document while it is read: names, digests and, for fonts whose codes
    the PDF does not map to Unicode, the glyph table of their embedded program (built once per
    program). With ``maps`` (the document's ToUnicode maps, read when first needed) and
    ``decoding``, a font whose characters show a mark's glyph mapped to a letter is checked against
    its program and, when its map is wrong, decoded (``decoders``)."""

    def __init__(
        self,
        maps: Callable[[], dict[str, list[tuple[str, dict[int, str], bool]]]] | None = None,
        decoding: FontDecoding | None = None,
    ) -> None:
        self.tables: dict[str, dict[int, str]] = {}  # font key -> glyph id -> character
        self._maps_of = maps
        self._maps: dict[str, list[tuple[str, dict[int, str], bool]]] | None = None
        self.decoding = decoding
        self.decoders: dict[
            str, fontprogram.DecodedFont | None
        ] = {}  # font key -> decoder (None: left as read)

    def face(self, font: Any) -> tuple[str, str, int, bool]:
        """(key, name, flags, embedded) of a pdfium font handle; the key is the name with the
        subset prefix and a digest of the embedded program (pdfium drops the prefix of simple
        fonts, and a Thai subset and its Latin companion often share a name)."""
        n = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        buf = ctypes.create_string_buffer(max(1, n))
        pdfium_c.FPDFFont_GetBaseFontName(font, buf, n)
        name = buf.value.decode("utf-8", "replace")
        digest = hashlib.sha1(self.program(font)).hexdigest()[:8]
        flags = int(pdfium_c.FPDFFont_GetFlags(font))
        return f"{name}#{digest}", name, flags, bool(pdfium_c.FPDFFont_GetIsEmbedded(font))

    @staticmethod
    def program(font: Any) -> bytes:
        size = ctypes.c_size_t()
        if not pdfium_c.FPDFFont_GetFontData(font, None, 0, ctypes.byref(size)) or not size.value:
            return b""
        buf = (ctypes.c_ubyte * size.value)()
        pdfium_c.FPDFFont_GetFontData(font, buf, size.value, ctypes.byref(size))
        return bytes(buf)[: size.value]

    def glyph_table(self, font: Any, key: str) -> dict[int, str]:
        if key not in self.tables:
            data = self.program(font)
            digest = hashlib.sha1(data).hexdigest()
            if digest not in self.tables:
                self.tables[digest] = fontprogram.glyph_characters(data) if data else {}
            self.tables[key] = self.tables[digest]
        return self.tables[key]

    def _map(self, key: str) -> tuple[dict[int, str] | None, bool]:
        """The ToUnicode map of font ``key`` (name#digest) and whether it is CID-keyed: pdfium
        keeps the subset prefix of Type0 fonts' names and drops it for simple ones."""
        if self._maps is None:
            try:
                self._maps = self._maps_of() if self._maps_of is not None else {}
            except Exception:  # an unreadable font dictionary: the document's fonts stay as read
                self._maps = {}
        name, _, digest = key.rpartition("#")
        entries = self._maps.get(digest) or []
        for n, table, cid in entries:
            if n == name or (n.split("+", 1)[-1] == name.split("+", 1)[-1] and not cid):
                return table, cid
        return (entries[0][1], entries[0][2]) if entries else (None, False)

    def judge(self, font: Any, key: str, name: str) -> bool:
        """Check a font's map against its program once; True when it is decoded from now on. A
        program the decoder cannot read leaves the font as the PDF maps it (the page is never lost)."""
        if key in self.decoders or self.decoding is None:
            return self.decoders.get(key) is not None
        self.decoders[key] = None
        try:
            return self._judge(font, key, name, self.decoding)
        except Exception:  # a damaged or unusual program: read as mapped, judged by the text as before
            self.decoders[key] = None
            return False

    def _judge(self, font: Any, key: str, name: str, d: FontDecoding) -> bool:
        table, cid = self._map(key)
        program = fontprogram.read_program(self.program(font), cid) if table else None
        if program is None or table is None:
            return False
        pua = dict(d.pua)
        if not fontprogram.triage(program, table, pua).suspect:
            return False
        files = fontprogram.reference_files(name, d.font_dirs)
        refs = fontprogram.references(files, d.pua) if files else None
        self.decoders[key] = fontprogram.DecodedFont.of(
            program, table, refs, pua, d.min_confidence, d.box_max_distance
        )
        return True


def read_page(
    doc: Any,
    index: int,
    symbol_table: Callable[[str], dict[int, str] | None] | None = None,
    fonts: FontReader | None = None,
    max_chars: int | None = None,
    max_objects: int | None = None,
) -> RawPage:
    """Characters (content-stream order, generated ones dropped) with their fonts, ruling edges
    and image cover.

    ``symbol_table(font_name)`` maps symbol-font code points (U+F0xx: Wingdings check boxes) of
    that font to Unicode. A character the PDF gives no Unicode for (a font without a usable
    ToUnicode map) is read through its font program's own cmap, when it has one. ``fonts``: the
    document's font reader (glyph tables are built once per document).
    """
    page = doc[index]
    try:
        width, height = page.get_size()
        n_objects = pdfium_c.FPDFPage_CountObjects(page.raw)
        if max_objects and n_objects > max_objects:
            raise PageTooLarge(f"{n_objects:,} drawing objects (the limit is {max_objects:,})")
        textpage = page.get_textpage()
        try:
            n_chars = pdfium_c.FPDFText_CountChars(textpage.raw)
            if max_chars and n_chars > max_chars:
                raise PageTooLarge(f"{n_chars:,} characters (the limit is {max_chars:,})")
            reader = fonts or FontReader()
            chars, faces, blank, handles = _chars(textpage.raw, height, symbol_table, reader)
            if reader.decoding is not None and _judge_fonts(faces, handles, reader):  # read again, decoded
                chars, faces, blank, _ = _chars(textpage.raw, height, symbol_table, reader)
        finally:
            textpage.close()
        edges, image_area, marks = _edges_and_images(page, height, width * height)
        return RawPage(
            index + 1,
            float(width),
            float(height),
            int(page.get_rotation()),
            tuple(_ticked_boxes(chars, marks)),
            tuple(edges),
            image_area,
            tuple(faces),
            blank,
        )
    finally:
        page.close()


def _judge_fonts(faces: list[FontFace], handles: list[Any], reader: FontReader) -> bool:
    """Judge the fonts of the page (``handles``: their pdfium handles, by font index) whose
    characters show a mark's glyph mapped to a letter (the evidence, needing no dictionary, of a
    wrong map); True when one of them is now decoded."""
    return any(
        [
            reader.judge(handles[k], f.key, f.name)
            for k, f in enumerate(faces)
            if f.embedded and f.zero_width_letters and f.key not in reader.decoders
        ]
    )


def _font_name(tp: Any, i: int) -> str:
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(tp, i, buf, 128, ctypes.byref(flags))
    return buf.value.decode("latin-1", "replace")


class _PageFonts:
    """The fonts met on one page, by text object: index, counts, handle."""

    def __init__(self, reader: FontReader):
        self.reader = reader
        self.by_object: dict[int, int] = {}  # text object -> font index
        self.by_handle: dict[int, int] = {}  # font handle -> font index
        self.by_key: dict[str, int] = {}
        self.faces: list[dict[str, Any]] = []
        self.handles: list[Any] = []
        self.invisible: set[int] = set()  # text objects drawn invisibly

    def decoder(self, k: int) -> fontprogram.DecodedFont | None:
        """The decoder of font ``k`` of the page (None: read as the PDF maps it)."""
        return self.reader.decoders.get(self.faces[k]["key"]) if k >= 0 else None

    def index(self, obj: Any, ptr: int) -> int:
        """The font index of text object ``obj`` (at address ``ptr``)."""
        if ptr in self.by_object:
            return self.by_object[ptr]
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        handle = ctypes.cast(font, ctypes.c_void_p).value or 0
        k = self.by_handle.get(handle)
        if k is None:
            key, name, flags, embedded = self.reader.face(font)
            k = self.by_key.get(key)
        if k is None:
            k = self.by_key[key] = len(self.faces)
            self.faces.append(
                {
                    "key": key,
                    "name": name,
                    "flags": flags,
                    "embedded": embedded,
                    "chars": 0,
                    "invisible": 0,
                    "unmapped": 0,
                    "decoded": 0,
                    "zero_width_spaces": 0,
                    "zero_width_letters": 0,
                    "redecoded": 0,
                }
            )
            self.handles.append(font)
        self.by_handle[handle] = k
        if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == 3:
            self.invisible.add(ptr)
        self.by_object[ptr] = k
        return k


def _text_object_address() -> Any:
    """FPDFText_GetTextObject returning the object's address as an int (one call per character:
    a ctypes cast of the typed pointer would cost as much again)."""
    try:
        from pypdfium2_raw import bindings

        lib = bindings._libs["pdfium"]
    except (ImportError, AttributeError, KeyError):  # another build of the bindings: cast instead
        return None
    fn = lib["FPDFText_GetTextObject"]  # a new function object: its restype is ours alone
    fn.argtypes = pdfium_c.FPDFText_GetTextObject.argtypes
    fn.restype = ctypes.c_void_p
    return fn


_OBJECT_ADDRESS = _text_object_address()


_THAI_STARTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F)) | frozenset("เแโใไ")
_NUMBER_CHARS = frozenset("0123456789๐๑๒๓๔๕๖๗๘๙.,")


def _count_zero_advances(chars: list[Char], faces: list[dict[str, Any]]) -> None:
    """A space or a Thai consonant after which the pen does not move (the next character of the
    same font starts where it started) is a mark's glyph mapped to a space or a letter: the
    evidence of a broken ToUnicode map that needs no dictionary."""
    for a, b in itertools.pairwise(chars):
        if a.font < 0 or a.font != b.font or b.text not in _THAI_STARTS:
            continue
        if abs(b.ox - a.ox) < 0.03 * a.size and abs(b.baseline - a.baseline) < 0.3 * a.size:
            face = faces[a.font]
            face["zero_width_spaces"] += a.text.isspace()
            face["zero_width_letters"] += "\u0e01" <= a.text <= "\u0e2e"


def _symbol(
    tp: Any, i: int, code: int, text: str, symbol_table: Callable[[str], dict[int, str] | None]
) -> str:
    """A symbol font's code (U+F0xx: a Wingdings check box) as the Unicode its font's table gives."""
    table = symbol_table(_font_name(tp, i))
    return table[code] if table and code in table else text


def _chars(
    tp: Any, height: float, symbol_table: Any, reader: FontReader
) -> tuple[list[Char], list[FontFace], int, list[Any]]:
    """The page's characters, its fonts, how many glyphs it draws that map to no character (code
    0: a ToUnicode map of zeros), and the fonts' pdfium handles."""
    n = pdfium_c.FPDFText_CountChars(tp)
    out: list[Char] = []
    box = [ctypes.c_double() for _ in range(4)]
    loose = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    box_refs = [ctypes.byref(b) for b in box]
    loose_ref, ox_ref, oy_ref = ctypes.byref(loose), ctypes.byref(ox), ctypes.byref(oy)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    is_generated = pdfium_c.FPDFText_IsGenerated
    get_box = pdfium_c.FPDFText_GetCharBox
    get_loose = pdfium_c.FPDFText_GetLooseCharBox
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    get_size = pdfium_c.FPDFText_GetFontSize
    get_object = pdfium_c.FPDFText_GetTextObject
    unmapped = pdfium_c.FPDFText_HasUnicodeMapError
    fonts = _PageFonts(reader)
    cast, void_p = ctypes.cast, ctypes.c_void_p
    address = _OBJECT_ADDRESS
    last_ptr, f, face, invisible, check_map, decoder = -1, -1, None, False, False, None
    matrix = pdfium_c.FS_MATRIX()
    blank = 0
    for i in range(n):
        code = get_unicode(tp, i)
        generated = is_generated(tp, i) == 1
        if code == 0 or generated:
            blank += not generated  # a drawn glyph its map gives no character
            continue
        ptr = address(tp, i) if address is not None else cast(get_object(tp, i), void_p).value
        ptr = ptr or 0
        text = chr(code)
        if ptr != last_ptr:  # the characters of one text object come one after the other
            last_ptr = ptr
            f = fonts.index(get_object(tp, i), ptr) if ptr else -1
            face = fonts.faces[f] if f >= 0 else None
            invisible = ptr in fonts.invisible
            # a font without a usable ToUnicode map: its characters are checked one by one
            check_map = face is not None and (face["unmapped"] > 0 or unmapped(tp, i) == 1)
            decoder = fonts.decoder(f)
        if check_map and face is not None and unmapped(tp, i) == 1:
            text = _from_program(reader, fonts.handles[f], face, code, text)
        get_box(tp, i, *box_refs)  # left, right, bottom, top
        get_origin(tp, i, ox_ref, oy_ref)
        left, right, bottom, top = box[0].value, box[1].value, box[2].value, box[3].value
        font_size = float(get_size(tp, i))
        if decoder is not None:
            em = _em_box(tp, i, (left, right, bottom, top), (ox.value, oy.value), font_size, matrix)
            text = _redecoded(decoder, fonts.faces[f], text, em)
        if text in _SKIP:
            continue
        if 0xF000 <= code <= 0xF0FF and symbol_table is not None:
            text = _symbol(tp, i, code, text, symbol_table)
        size = font_size or 1.0
        adv = -1.0
        if text in _NUMBER_CHARS:  # the advance only matters inside numbers (a narrow 1 in a wide cell)
            get_loose(tp, i, loose_ref)
            adv = loose.right
        if face is not None:
            face["chars"] += 1
            face["invisible"] += invisible
        out.append(
            Char(
                text,
                left,
                right,
                height - top,
                height - bottom,
                ox.value,
                height - oy.value,
                size,
                f,
                adv if adv > right else right,
            )
        )
    _count_zero_advances(out, fonts.faces)
    return out, [FontFace(**d) for d in fonts.faces], blank, fonts.handles


def _from_program(reader: FontReader, handle: Any, face: dict[str, Any], code: int, text: str) -> str:
    """A character the PDF gives no Unicode for, read through its font program's own cmap."""
    face["unmapped"] += 1
    decoded = reader.glyph_table(handle, face["key"]).get(code)
    if not decoded:
        return text
    face["decoded"] += 1
    return decoded


def _redecoded(
    decoder: fontprogram.DecodedFont,
    face: dict[str, Any],
    text: str,
    em: tuple[float, float, float, float] | None,
) -> str:
    better = decoder.text(text, em)
    if better is None or len(better) != 1:
        return text
    face["redecoded"] += 1
    return better


def _em_box(
    tp: Any,
    i: int,
    box: tuple[float, float, float, float],
    origin: tuple[float, float],
    size: float,
    matrix: Any,
) -> tuple[float, float, float, float] | None:
    """Character ``i``'s tight box (left, right, bottom, top) in its glyph's em space (1000
    units): the box minus the origin, through the inverse of the text matrix, over the font size."""
    a, b, c, d = 1.0, 0.0, 0.0, 1.0
    if pdfium_c.FPDFText_GetMatrix(tp, i, ctypes.byref(matrix)):
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    det = a * d - b * c
    if abs(det) < 1e-9 or size <= 0:
        return None
    ox, oy = origin
    us, vs = [], []
    for x in box[:2]:
        for y in box[2:]:
            dx, dy = x - ox, y - oy
            us.append((d * dx - c * dy) / det / size * 1000)
            vs.append((-b * dx + a * dy) / det / size * 1000)
    return (min(us), min(vs), max(us), max(vs))


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: a fill or stroke this light draws nothing on a white page (white boxes behind text fields)
_PAPER = 235


def _matrix(obj: Any) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _objects(page: Any) -> Any:
    """Every page object with the matrix from its container's space to page space: objects inside
    Form XObjects have their coordinates in the form's space (a table drawn as a form)."""
    stack = [(page.raw, False, _IDENTITY, 0)]
    while stack:
        parent, is_form, outer, depth = stack.pop()
        count = (
            pdfium_c.FPDFFormObj_CountObjects(parent) if is_form else pdfium_c.FPDFPage_CountObjects(parent)
        )
        for i in range(count):
            obj = (
                pdfium_c.FPDFFormObj_GetObject(parent, i)
                if is_form
                else pdfium_c.FPDFPage_GetObject(parent, i)
            )
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
                stack.append((obj, True, _compose(_matrix(obj), outer), depth + 1))
            else:
                yield obj, kind, outer


def _bounds(obj: Any, outer: _Matrix) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in page space."""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    )
    pts = [_apply(outer, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
    return min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts)


def _paint(obj: Any) -> tuple[tuple[int, ...] | None, bool]:
    """(fill colour if the path is filled darker than paper, stroked darker than paper?): white
    boxes behind text fields draw nothing."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return None, True
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()

    def dark(get: Callable[..., int]) -> tuple[int, ...] | None:
        if not get(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
            return (0, 0, 0)
        return (
            (r.value, g.value, b.value) if a.value > 0 and min(r.value, g.value, b.value) < _PAPER else None
        )

    filled = dark(pdfium_c.FPDFPageObj_GetFillColor) if fill.value else None
    return filled, bool(stroke.value and dark(pdfium_c.FPDFPageObj_GetStrokeColor))


def _merge_fills(boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Boxes of one colour that share a whole side as one box, and none inside another: a shaded
    cell drawn in strips (padding, text, padding) or twice (cell, then its text area) has no rule
    between its parts."""
    boxes = sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
    kept: list[tuple[float, float, float, float]] = []
    for b in boxes:
        if not any(
            k[0] - 1 <= b[0] and k[1] - 1 <= b[1] and b[2] <= k[2] + 1 and b[3] <= k[3] + 1 for k in kept
        ):
            kept.append(b)
    boxes = sorted(kept)
    changed = True
    while changed:
        changed = False
        for i, j in itertools.combinations(range(len(boxes)), 2):
            a, b = boxes[i], boxes[j]
            same_rows = (
                abs(a[1] - b[1]) < 1
                and abs(a[3] - b[3]) < 1
                and (abs(a[2] - b[0]) < 1 or abs(b[2] - a[0]) < 1)
            )
            same_cols = (
                abs(a[0] - b[0]) < 1
                and abs(a[2] - b[2]) < 1
                and (abs(a[3] - b[1]) < 1 or abs(b[3] - a[1]) < 1)
            )
            if same_rows or same_cols:
                boxes[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                del boxes[j]
                changed = True
                break
    return boxes


def _edges_and_images(page: Any, height: float, area: float) -> tuple[list[Edge], float, list[Char]]:
    """Ruling edges (thin filled rectangles, path segments) of visible paths, the share of the
    page covered by images, and tick marks drawn as lines (a check or a cross drawn in a status
    cell or over a box) as the characters they stand for."""
    edges: list[Edge] = []
    strokes: list[tuple[tuple[float, float, float, float], list[_Line]]] = []
    fills: dict[tuple[int, ...], list[tuple[float, float, float, float]]] = {}
    image_area = 0.0
    for obj, kind, outer in _objects(page):
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = _bounds(obj, outer)
            image_area += max(0.0, right - left) * max(0.0, top - bottom)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        fill, stroked = _paint(obj)
        if fill is None and not stroked:
            continue
        left, bottom, right, top = _bounds(obj, outer)
        w, h = right - left, top - bottom
        if w < 3 and h < 3:
            continue
        if h <= 3 or w <= 3:  # a thin line or a thin filled rectangle
            mid_y, mid_x = height - (top + bottom) / 2, (left + right) / 2
            edges.append(
                Edge("h", left, right, mid_y, mid_y)
                if h <= 3
                else Edge("v", mid_x, mid_x, height - top, height - bottom)
            )
        elif fill is not None and not stroked and pdfium_c.FPDFPath_CountSegments(obj) <= 6:
            fills.setdefault(fill, []).append((left, height - top, right, height - bottom))  # a shaded box
        else:
            m = _compose(_matrix(obj), outer)
            lines = _mark_strokes(obj, m, w, h) if stroked else None
            if lines:
                strokes.append(((left, bottom, right, top), lines))
            else:
                _path_edges(obj, m, height, edges)
    return edges + _fill_edges(fills), min(1.0, image_area / area) if area else 0.0, _marks(strokes, height)


def _fill_edges(fills: dict[tuple[int, ...], list[tuple[float, float, float, float]]]) -> list[Edge]:
    """The four sides of each shaded box (boxes of one colour that touch are one)."""
    edges: list[Edge] = []
    for boxes in fills.values():
        for x0, y0, x1, y1 in _merge_fills(boxes):
            edges += [
                Edge("h", x0, x1, y0, y0),
                Edge("h", x0, x1, y1, y1),
                Edge("v", x0, x0, y0, y1),
                Edge("v", x1, x1, y0, y1),
            ]
    return edges


#: a drawn tick is this small (points) and about as wide as high
MARK_SIZE = (4.0, 24.0)
MARK_ASPECT = (0.4, 2.5)
CHECK, CROSS = "✓", "✗"
_Line = tuple[tuple[float, float], tuple[float, float]]


def _mark_strokes(obj: Any, m: _Matrix, w: float, h: float) -> list[_Line] | None:
    """The straight diagonal strokes of a small path that may be part of a drawn tick; None when
    the path is anything else (a curve, a rule, a box, a large shape)."""
    if not (MARK_SIZE[0] <= max(w, h) <= MARK_SIZE[1]):
        return None
    n = pdfium_c.FPDFPath_CountSegments(obj)
    if not 2 <= n <= 4:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    pts: list[tuple[float, float]] = []
    for k in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO or (kind == pdfium_c.FPDF_SEGMENT_MOVETO and k):
            return None
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        pts.append(_apply(m, x.value, y.value))
    lines = list(itertools.pairwise(pts))
    if not all(abs(b[0] - a[0]) > 0.3 and 0.3 <= abs((b[1] - a[1]) / (b[0] - a[0])) <= 3.5 for a, b in lines):
        return None
    return lines


def _marks(strokes: list[tuple[tuple[float, float, float, float], list[_Line]]], height: float) -> list[Char]:
    """Drawn ticks as characters: a cross (two diagonals of opposite slopes over one small box) or a
    check (a short stroke down to the right, then a longer one up to the right), in one path or
    two; strokes that make neither are dropped."""
    out: list[Char] = []
    # a path that is a tick by itself is one, however near the next one sits (the ticks of two
    # rows a point apart); only strokes drawn one path each are put together
    used = {i for i, (_, lines) in enumerate(strokes) if _tick(lines)}
    for i, (box, lines) in enumerate(strokes):
        if i in used:
            out += _mark_char(box, lines, height)
            continue
        group, gbox = list(lines), box
        for j in range(i + 1, len(strokes)):
            b2, l2 = strokes[j]
            if j not in used and _overlap(gbox, b2):
                group += l2
                used.add(j)
                gbox = (min(gbox[0], b2[0]), min(gbox[1], b2[1]), max(gbox[2], b2[2]), max(gbox[3], b2[3]))
        out += _mark_char(gbox, group, height)
    # one tick drawn twice in one place (filled and stroked, a bold drawn twice) is one
    return list({(m.text, round(m.x0), round(m.top)): m for m in out}.values())


def _mark_char(box: tuple[float, float, float, float], lines: list[_Line], height: float) -> list[Char]:
    """The tick the strokes make, as a character over their box (none when they make none)."""
    mark = _tick(lines)
    left, bottom, right, top = box
    w, h = right - left, top - bottom
    if mark and MARK_ASPECT[0] <= w / max(h, 0.1) <= MARK_ASPECT[1]:
        return [Char(mark, left, right, height - top, height - bottom, left, height - bottom, h, -1, right)]
    return []


#: empty boxes a drawn tick may be drawn over (the symbol fonts' boxes read as these)
BOXES = frozenset("☐□❑▢")
TICKED_BOX = "☑"


def _ticked_boxes(chars: list[Char], marks: list[Char]) -> list[Char]:
    """The page's characters with its drawn ticks: a tick drawn over an empty box ticks that box
    (☐ -> ☑); one drawn anywhere else is a character of its own."""
    out = list(chars)
    for mk in marks:
        cx, cy = (mk.x0 + mk.x1) / 2, (mk.top + mk.bottom) / 2
        k = next(
            (
                k
                for k, c in enumerate(out)
                if c.text in BOXES
                and c.x0 - 2 <= cx <= c.x1 + 2
                and c.top - c.size / 2 <= cy <= c.bottom + c.size / 2
            ),
            None,
        )
        if k is None:
            out.append(mk)
        else:
            out[k] = out[k]._replace(text=TICKED_BOX)
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] - 1 <= b[2] and b[0] - 1 <= a[2] and a[1] - 1 <= b[3] and b[1] - 1 <= a[3]


def _tick(lines: list[_Line]) -> str | None:
    if len(lines) != 2:
        return None
    (a0, a1), (b0, b1) = (tuple(sorted(ln)) for ln in lines)  # each stroke left to right
    slope = [(q[1] - p[1]) / (q[0] - p[0]) for p, q in ((a0, a1), (b0, b1))]
    if slope[0] * slope[1] >= 0:
        return None
    down, up = ((a0, a1), (b0, b1)) if slope[0] < 0 else ((b0, b1), (a0, a1))
    if math.dist(down[1], up[0]) <= 1.0 and math.dist(*up) > CHECK_RATIO * math.dist(*down):
        return CHECK  # the down stroke ends where the up stroke starts, the up one longer
    # an X: the diagonals cross inside both (an arrowhead's strokes meet at an end)
    t, u = _crossing((a0, a1), (b0, b1))
    return CROSS if 0.2 <= t <= 0.8 and 0.2 <= u <= 0.8 else None


#: a check's up stroke is at least this much longer than its down stroke (a "V" is not a check)
CHECK_RATIO = 1.3


def _crossing(a: _Line, b: _Line) -> tuple[float, float]:
    """Where two segments' lines cross, as fractions along each (-1, -1 when parallel)."""
    (x1, y1), (x2, y2) = a
    (x3, y3), (x4, y4) = b
    d = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3)
    if abs(d) < 1e-9:
        return -1.0, -1.0
    t = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / d
    u = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / d
    return t, u


def _path_edges(obj: Any, m: _Matrix, height: float, edges: list[Edge]) -> None:
    x, y = ctypes.c_float(), ctypes.c_float()
    pts: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        p = _apply(m, x.value, y.value)
        if pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = p
        elif pts:
            _segment_edge(edges, pts[-1], p, height)
        pts.append(p)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _segment_edge(edges, p, start, height)


def _segment_edge(edges: list[Edge], a: tuple[float, float], b: tuple[float, float], height: float) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 1 and abs(ax - bx) >= 3:
        yy = height - (ay + by) / 2
        edges.append(Edge("h", min(ax, bx), max(ax, bx), yy, yy))
    elif abs(ax - bx) < 1 and abs(ay - by) >= 3:
        xx = (ax + bx) / 2
        edges.append(Edge("v", xx, xx, height - max(ay, by), height - min(ay, by)))


def render_page(doc, index: int, dpi: int = 300, max_pixels: int | None = None, min_dpi: int = 0):
    """The page as a grey PIL image at ``dpi`` (for OCR; a third of the memory of RGB), at a lower
    dpi when it would be more than ``max_pixels``; ``PageTooLarge`` below ``min_dpi``."""
    return render_for_ocr(doc, index, dpi, max_pixels, min_dpi)[0]


def render_for_ocr(
    doc,
    index: int,
    dpi: int = 300,
    max_pixels: int | None = None,
    min_dpi: int = 0,
    native_floor: int | None = None,
) -> tuple[Any, float]:
    """``render_page`` and the dpi it rendered at. With ``native_floor``, a scanned page (one image
    over most of it) is rendered at the scan's own resolution when that is lower than ``dpi``
    (never below ``native_floor``): upscaling a scan adds pixels to read, not detail."""
    page = doc[index]
    try:
        w, h = page.get_size()
        if native_floor:
            native = _scan_ppi(page, w * h)
            if native:
                dpi = int(min(dpi, max(native_floor, round(native))))
        pixels = (w * dpi / 72) * (h * dpi / 72)
        if max_pixels and pixels > max_pixels:
            dpi = int(dpi * (max_pixels / pixels) ** 0.5)
            if dpi < min_dpi:
                raise PageTooLarge(f"a {w / 72:.0f} x {h / 72:.0f} inch page is too large to OCR")
        return page.render(scale=dpi / 72, grayscale=True).to_pil(), float(dpi)
    finally:
        page.close()


def _scan_ppi(page: Any, area: float) -> float | None:
    """The resolution (pixels per inch) of the image that covers most of the page, if one does."""
    best: tuple[float, float] | None = None
    for obj, kind, outer in _objects(page):
        if kind != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        left, bottom, right, top = _bounds(obj, outer)
        cover = max(0.0, right - left) * max(0.0, top - bottom)
        if cover < 0.5 * area or right - left <= 0 or top - bottom <= 0:
            continue
        px_w, px_h = ctypes.c_uint(), ctypes.c_uint()
        if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(px_w), ctypes.byref(px_h)):
            continue
        ppi = min(px_w.value / ((right - left) / 72), px_h.value / ((top - bottom) / 72))
        if best is None or cover > best[0]:
            best = (cover, ppi)
    return best[1] if best else None
