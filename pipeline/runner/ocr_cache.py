"""OCR a PDF page through a cache: ``<cache_dir>/<sha256 of the page image + OCR settings + OCR
code>.json``, so a page is never OCR'd twice and a change of settings or code never serves a
stale reading."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..adapters import pdfium, raster
from ..adapters import tesseract as engine
from ..model import OcrLine, OcrPage, OcrTable
from ..ocr.page import ocr_image
from ..rules import Rules
from ..text.repair import Repairer

_PACKAGE = Path(__file__).resolve().parent.parent
#: the code an OCR reading depends on
OCR_CODE = (
    "ocr",
    "adapters/tesseract.py",
    "adapters/raster.py",
    "adapters/glyphs.py",
    "adapters/plumber.py",
    "text/periods.py",
)


def settings_key(rules: Rules) -> str:
    o = rules.ocr
    settings = o.model_dump(mode="json", exclude={"page_timeout_seconds"})
    # what decides which cells are read again: a period's unread end, a status label near a box
    settings["reread"] = [
        rules.periods.model_dump(mode="json"),
        rules.months.model_dump(mode="json"),
        rules.tables.status.labels,
    ]
    return json.dumps(
        {**settings, "tesseract": engine.version(), "ocr_code": ocr_code_digest()},
        sort_keys=True,
        default=str,
    )


@lru_cache(maxsize=1)
def ocr_code_digest() -> str:
    """The OCR code itself is part of the cache key: changing it never serves stale pages."""
    h = hashlib.sha256()
    for rel in OCR_CODE:
        p = _PACKAGE / rel
        for f in sorted(p.glob("*.py")) if p.is_dir() else [p]:
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def ocr_pdf_page(
    path: str | Path, index: int, rules: Rules, repairer: Repairer, cache_dir: str | Path | None
) -> OcrPage:
    """OCR page ``index`` (0-based) of a PDF, using the cache when the same image was OCR'd."""
    doc = pdfium.open_pdf(path)
    try:
        limits = rules.thresholds.limits
        image, dpi = pdfium.render_for_ocr(
            doc, index, rules.ocr.dpi, limits.max_page_pixels, limits.min_ocr_dpi, rules.ocr.native_floor_dpi
        )
    finally:
        doc.close()
    return cached_ocr(image, index + 1, rules, repairer, cache_dir, dpi)


def cached_ocr(
    image: Any,
    page_no: int,
    rules: Rules,
    repairer: Repairer,
    cache_dir: str | Path | None,
    dpi: float | None = None,
) -> OcrPage:
    """OCR a page image rendered at ``dpi`` (default ``rules.ocr.dpi``), through the cache."""
    gray = raster.to_gray(image)
    key = hashlib.sha256(
        raster.fingerprint(gray) + settings_key(rules).encode() + f"|{dpi}".encode()
    ).hexdigest()
    path = Path(cache_dir) / f"{key}.json" if cache_dir else None
    if path is not None and path.exists():
        return replace(from_json(json.loads(path.read_text(encoding="utf-8"))), page=page_no, cached=True)
    page = ocr_image(gray, page_no, rules, repairer, dpi)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(page), f, ensure_ascii=False)
        os.replace(tmp, path)
    return page


def from_json(d: dict[str, Any]) -> OcrPage:
    lines = tuple(OcrLine(ln["text"], tuple(ln["box"])) for ln in d["lines"])
    tables = tuple(OcrTable(tuple(t["bbox"]), tuple(tuple(r) for r in t["rows"])) for t in d["tables"])
    return OcrPage(**{k: v for k, v in d.items() if k not in ("lines", "tables")}, lines=lines, tables=tables)
