"""OCR a PDF page through a cache: ``<cache_dir>/<sha256 of the page image + OCR settings + OCR
code>.json``, so a page is never OCR'd twice and a change of settings or code never serves a
stale reading."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..adapters import pdfium, raster
from ..model import OcrLine, OcrPage, OcrTable
from ..ocr import page as ocr_page_module
from ..ocr.engine import engine_for
from ..ocr.page import ocr_image
from ..rules import Rules
from ..text.repair import Repairer

_PACKAGE = Path(__file__).resolve().parent.parent


def settings_key(rules: Rules) -> str:
    """Every setting an OCR reading depends on: the OCR rules, the rules that decide which cells
    are read again (a period's unread end, a status label near a box), how tables without rules
    are found among the words (``rules/tables.yaml``) and how text is read (``rules/text.yaml``),
    the engine and its version, and the code (``ocr_code_digest``)."""
    o = rules.ocr
    settings = o.model_dump(mode="json", exclude={"page_timeout_seconds"})
    settings["reread"] = [
        rules.periods.model_dump(mode="json"),
        rules.months.model_dump(mode="json"),
        rules.tables.model_dump(mode="json"),
        rules.text.model_dump(mode="json"),
    ]
    engine = engine_for(rules)
    return json.dumps(
        {**settings, "engine_version": f"{engine.name} {engine.version()}", "ocr_code": ocr_code_digest()},
        sort_keys=True,
        default=str,
    )


def ocr_code_files() -> list[Path]:
    """The package's modules an OCR reading depends on: everything ``pipeline.ocr.page`` and the
    engines import, followed through the package (derived, never a hand-kept list)."""
    start = [Path(ocr_page_module.__file__)] + sorted((_PACKAGE / "ocr").glob("*.py"))
    start += sorted((_PACKAGE / "adapters").glob("tesseract.py"))
    seen: set[Path] = set()
    todo = [p.resolve() for p in start]
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        todo += _package_imports(path)
    return sorted(seen)


def _package_imports(path: Path) -> list[Path]:
    """The files of this package a module imports (relative and absolute ``pipeline`` imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.parent.relative_to(_PACKAGE.parent).parts
    out: list[Path | None] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
            elif (node.module or "").split(".")[0] == "pipeline":
                base = []
            else:
                continue
            mod = base + (node.module.split(".") if node.module else [])
            out += [_module_file(mod + [a.name]) or _module_file(mod) for a in node.names]
        elif isinstance(node, ast.Import):
            out += [_module_file(a.name.split(".")) for a in node.names if a.name.split(".")[0] == "pipeline"]
    return [p for p in out if p is not None]


def _module_file(parts: list[str]) -> Path | None:
    base = _PACKAGE.parent.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate.resolve()
    return None


@lru_cache(maxsize=1)
def ocr_code_digest() -> str:
    """The OCR code itself is part of the cache key: changing it never serves stale pages."""
    h = hashlib.sha256()
    for f in ocr_code_files():
        h.update(f.relative_to(_PACKAGE).as_posix().encode())
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
    page = ocr_image(gray, page_no, rules, repairer, engine_for(rules), dpi)
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
