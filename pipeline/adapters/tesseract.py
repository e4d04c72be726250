"""Tesseract through tesserocr (the only module that imports it): offline Thai + English OCR.

One engine per process keeps the models loaded (a tesseract process per page or per cell would
spend most of its time starting). ``read`` returns lines with their words and boxes, so that
callers can put text into table cells and re-read numbers.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from functools import lru_cache

# one thread per tesseract: the pipeline parallelises over pages; OpenMP threads on top of that
# only fight (plain `tesseract` takes 8.7 s on a page with them, 1.9 s without, on 2 cores)
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import tesserocr
from PIL import Image
from tesserocr import PSM, RIL, iterate_level

#: tessdata folders tried in order (Debian's tesseract-ocr packages install here)
TESSDATA_DIRS = [
    os.environ.get("TESSDATA_PREFIX", ""),
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
]


class OcrUnavailable(RuntimeError):
    """Tesseract or its Thai model is not installed (run `make setup`)."""


class OcrTimeout(RuntimeError):
    """Recognition did not finish before the page's deadline."""


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels
    conf: float


@dataclass(frozen=True)
class WordLine:
    """A line of words as tesseract grouped them."""

    words: tuple[Word, ...]
    box: tuple[int, int, int, int]


@lru_cache(maxsize=1)
def tessdata_dir() -> str:
    for d in TESSDATA_DIRS:
        if d and os.path.exists(os.path.join(d, "tha.traineddata")):
            return d
    raise OcrUnavailable(
        "tesseract's Thai model (tha.traineddata) was not found; run `make setup` "
        "(Debian packages tesseract-ocr tesseract-ocr-tha)"
    )


def version() -> str:
    return tesserocr.tesseract_version().split()[1] if tesserocr.tesseract_version() else "unknown"


@lru_cache(maxsize=4)
def _engine(lang: str) -> tesserocr.PyTessBaseAPI:
    """One engine per language set: its models are loaded once (tens of MB each), whatever the
    page segmentation mode of a call."""
    api = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=lang, oem=tesserocr.OEM.LSTM_ONLY)
    api.SetVariable("preserve_interword_spaces", "1")
    return api


#: tesseract's own default for ``textord_min_linesize`` (in x-heights)
DEFAULT_MIN_LINESIZE = 1.25


def _api(lang: str, psm: int, min_linesize: float = DEFAULT_MIN_LINESIZE) -> tesserocr.PyTessBaseAPI:
    """The language set's engine, set for this call: page segmentation mode, and the smallest
    height a line may have (a row of Thai marks stacked above the letters is shorter than that, so
    it stays on its line instead of being read as a line of Latin junk of its own)."""
    api = _engine(lang)
    api.SetPageSegMode(psm)
    api.SetVariable("textord_min_linesize", str(min_linesize))
    return api


def read(
    image: Image.Image,
    lang: str = "tha+eng",
    psm: int = PSM.AUTO,
    deadline: float | None = None,
    min_linesize: float = DEFAULT_MIN_LINESIZE,
) -> list[WordLine]:
    """OCR a whole image: lines of words with boxes and confidences. ``deadline`` is a
    ``time.monotonic()`` value after which recognition is abandoned (``OcrTimeout``)."""
    api = _api(lang, psm, min_linesize)
    api.SetImage(image)
    try:
        return _recognize(api, deadline)
    finally:
        api.Clear()  # drop tesseract's copies of the page and its results (tens of MB per API)


def read_rects(
    image: Image.Image,
    rects: list[tuple[int, int, int, int]],
    lang: str = "tha+eng",
    psm: int = PSM.SINGLE_BLOCK,
    deadline: float | None = None,
    min_linesize: float = DEFAULT_MIN_LINESIZE,
) -> list[list[WordLine]]:
    """OCR several rectangles of one image (table cells): the image is handed to tesseract once."""
    api = _api(lang, psm, min_linesize)
    api.SetImage(image)
    out = []
    for x0, y0, x1, y1 in rects:
        if x1 - x0 < 4 or y1 - y0 < 4:
            out.append([])
            continue
        api.SetRectangle(x0, y0, x1 - x0, y1 - y0)
        try:
            out.append(_recognize(api, deadline))
        except BaseException:
            api.Clear()
            raise
    api.Clear()
    return out


def _recognize(api, deadline: float | None = None) -> list[WordLine]:
    if deadline is None:
        api.Recognize()
    else:
        left_ms = int((deadline - time.monotonic()) * 1000)
        if left_ms <= 0 or not api.Recognize(timeout=left_ms):
            raise OcrTimeout("OCR did not finish in time")
    lines: list[WordLine] = []
    ri = api.GetIterator()
    if ri is None:
        return lines
    words: list[Word] = []
    for r in iterate_level(ri, RIL.WORD):
        try:
            text = r.GetUTF8Text(RIL.WORD)
        except RuntimeError:  # an empty region
            continue
        if text is None:
            continue
        box = r.BoundingBox(RIL.WORD)
        if box is None:
            continue
        words.append(Word(text, tuple(box), r.Confidence(RIL.WORD)))
        if r.IsAtFinalElement(RIL.TEXTLINE, RIL.WORD):
            lines.append(WordLine(tuple(words), union_box([w.box for w in words])))
            words = []
    if words:
        lines.append(WordLine(tuple(words), union_box([w.box for w in words])))
    return lines


def orientation(image: Image.Image) -> int:
    """Clockwise rotation (0, 90, 180, 270) that makes the page upright, from tesseract's OSD
    on a half-size image; 0 when OSD cannot tell."""
    api = _api("osd", PSM.OSD_ONLY)
    api.SetImage(image.resize((image.width // 2, image.height // 2)))
    try:
        osd = api.DetectOrientationScript()
    except RuntimeError:
        return 0
    finally:
        api.Clear()
    if not osd or osd.get("orient_conf", 0) < 1.5:
        return 0
    return int(osd.get("orient_deg", 0)) % 360


def union_box(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    """The box around ``boxes``."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
