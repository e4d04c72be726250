"""Tesseract through tesserocr (the only module that imports it): offline Thai + English OCR, as
an ``OcrEngine`` (``pipeline.model``).

One engine per process keeps the models loaded (a tesseract process per page or per cell would
spend most of its time starting). ``read`` returns lines with their words and boxes, so that
callers can put text into table cells and re-read numbers. Tesseract's own vocabulary (language
codes, page segmentation modes, ``textord_min_linesize``) stays here and in ``rules/ocr.yaml:
tesseract``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

# one thread per tesseract: the pipeline parallelises over pages; OpenMP threads on top of that
# only fight (plain `tesseract` takes 8.7 s on a page with them, 1.9 s without, on 2 cores)
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import tesserocr
from PIL import Image
from tesserocr import PSM, RIL, iterate_level

from ..model import (
    OcrLanguages,
    OcrMode,
    OcrTimeout,
    OcrUnavailable,
    OcrWord,
    OcrWordLine,
    PixelBox,
    box_around,
)

#: tessdata folders tried in order (Debian's tesseract-ocr packages install here)
TESSDATA_DIRS = [
    os.environ.get("TESSDATA_PREFIX", ""),
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
]


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


def _read(
    image: Image.Image, lang: str, psm: int, deadline: float | None, min_linesize: float
) -> list[OcrWordLine]:
    api = _api(lang, psm, min_linesize)
    api.SetImage(image)
    try:
        return _recognize(api, deadline)
    finally:
        api.Clear()  # drop tesseract's copies of the page and its results (tens of MB per API)


def _read_rects(
    image: Image.Image,
    rects: Sequence[PixelBox],
    lang: str,
    psm: int,
    deadline: float | None,
    min_linesize: float,
) -> list[list[OcrWordLine]]:
    """OCR several rectangles of one image (table cells): the image is handed to tesseract once."""
    api = _api(lang, psm, min_linesize)
    api.SetImage(image)
    out: list[list[OcrWordLine]] = []
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


def _recognize(api: Any, deadline: float | None = None) -> list[OcrWordLine]:
    if deadline is None:
        api.Recognize()
    else:
        left_ms = int((deadline - time.monotonic()) * 1000)
        if left_ms <= 0 or not api.Recognize(timeout=left_ms):
            raise OcrTimeout("OCR did not finish in time")
    lines: list[OcrWordLine] = []
    ri = api.GetIterator()
    if ri is None:
        return lines
    words: list[OcrWord] = []
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
        words.append(OcrWord(text, tuple(box), r.Confidence(RIL.WORD)))
        if r.IsAtFinalElement(RIL.TEXTLINE, RIL.WORD):
            lines.append(OcrWordLine(tuple(words), box_around(w.box for w in words)))
            words = []
    if words:
        lines.append(OcrWordLine(tuple(words), box_around(w.box for w in words)))
    return lines


def _orientation(image: Image.Image) -> int:
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


class Tesseract:
    """Tesseract as an ``OcrEngine``: our languages and modes in tesseract's words
    (``rules/ocr.yaml: tesseract``)."""

    name = "tesseract"

    def __init__(
        self, languages: Mapping[str, str], psm: Mapping[str, int], min_linesize: Mapping[str, float]
    ):
        self.languages, self.psm, self.min_linesize = dict(languages), dict(psm), dict(min_linesize)

    def _lang(self, languages: OcrLanguages) -> str:
        return self.languages[languages.value]

    def _linesize(self, mode: OcrMode) -> float:
        return self.min_linesize.get(mode.value, DEFAULT_MIN_LINESIZE)

    def version(self) -> str:
        return version()

    def read(
        self, image: Any, languages: OcrLanguages, mode: OcrMode, deadline: float | None = None
    ) -> list[OcrWordLine]:
        return _read(image, self._lang(languages), self.psm[mode.value], deadline, self._linesize(mode))

    def read_rects(
        self,
        image: Any,
        rects: Sequence[PixelBox],
        languages: OcrLanguages,
        mode: OcrMode,
        deadline: float | None = None,
    ) -> list[list[OcrWordLine]]:
        return _read_rects(
            image, rects, self._lang(languages), self.psm[mode.value], deadline, self._linesize(mode)
        )

    def orientation(self, image: Any) -> int:
        return _orientation(image)
