"""Ruled tables from ruling edges, with pdfplumber's table geometry (the only pdfplumber import), and
the ToUnicode maps of embedded fonts, read with pdfminer (pdfplumber's reader).

We give pdfplumber's own algorithm (snap/join edges -> intersections -> cells -> tables) the
ruling edges read by pypdfium2, so a page is parsed once and pdfminer's slow layout pass is
never needed. Settings are pdfplumber's defaults for the "lines" strategy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfplumber import table as plumber_table

from ..model import Edge, Grid

SNAP_TOLERANCE = plumber_table.DEFAULT_SNAP_TOLERANCE
JOIN_TOLERANCE = plumber_table.DEFAULT_JOIN_TOLERANCE
EDGE_MIN_LENGTH = 3
INTERSECTION_TOLERANCE = 3


def _edge_dict(e: Edge) -> dict:
    return {
        "object_type": "line",
        "orientation": e.orientation,
        "x0": e.x0,
        "x1": e.x1,
        "top": e.top,
        "bottom": e.bottom,
        "doctop": e.top,
        "width": e.x1 - e.x0,
        "height": e.bottom - e.top,
    }


def find_table_grids(edges: Sequence[Edge], size: float = 1.0) -> list[Grid]:
    """Tables as grids of cell bboxes ``(x0, top, x1, bottom)``; ``None`` where a merged cell spans.

    Tables are ordered top to bottom; a "table" needs at least two cells. The tolerances are for a
    page of A4 size; ``size``: how many times larger the page is drawn (a scan placed on a page of
    1600 points: one rule scanned crooked is two lines 4.6 points apart there).
    """
    if len(edges) < 4:
        return []
    dicts = [_edge_dict(e) for e in edges]
    snap, join = SNAP_TOLERANCE * size, JOIN_TOLERANCE * size
    merged = plumber_table.merge_edges(dicts, snap, snap, join, join)
    merged = [
        e
        for e in merged
        if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= EDGE_MIN_LENGTH
    ]
    meet = INTERSECTION_TOLERANCE * size
    inter = plumber_table.edges_to_intersections(merged, meet, meet)
    cells = plumber_table.intersections_to_cells(inter)
    grids = []
    for cell_group in plumber_table.cells_to_tables(cells):
        t = plumber_table.Table(None, cell_group)  # type: ignore[arg-type]  # the cells are all it reads
        grids.append([list(row.cells) for row in t.rows])
    return grids


def font_maps(path: str | Path) -> dict[str, list[tuple[str, dict[int, str], bool]]]:
    """(BaseFont, ToUnicode map code -> text, CID-keyed?) of every embedded font with a ToUnicode
    map, by the first 8 hex digits of the sha1 of its program (the digest in the reader's font
    keys): pdfium does not expose the map; pdfminer (pdfplumber's reader) reads the font
    dictionaries alone, without laying out any page. A digest may have several entries (Word
    writes one program for a simple and a Type0 font), told apart by name."""
    out: dict[str, list[tuple[str, dict[int, str], bool]]] = {}
    seen: set[Any] = set()
    rsrc = PDFResourceManager(caching=False)
    with open(path, "rb") as fh:
        for page in PDFPage.get_pages(fh):
            fonts = resolve1((page.resources or {}).get("Font")) or {}
            for ref in fonts.values() if isinstance(fonts, dict) else ():
                oid = getattr(ref, "objid", None)  # a direct (unshared) font dictionary has none
                if oid is not None and oid in seen:
                    continue
                seen.add(oid)
                entry = _font_entry(rsrc, resolve1(ref))
                if entry is not None:
                    digest, name, table, cid = entry
                    out.setdefault(digest, []).append((name, table, cid))
    return out


def _font_entry(rsrc: Any, spec: Any) -> tuple[str, str, dict[int, str], bool] | None:
    if not isinstance(spec, dict) or "ToUnicode" not in spec:
        return None
    cid = "Type0" in str(spec.get("Subtype"))
    desc = resolve1((resolve1(spec.get("DescendantFonts")) or [{}])[0]) if cid else spec
    fd = resolve1(desc.get("FontDescriptor")) if isinstance(desc, dict) else None
    if not isinstance(fd, dict):
        return None
    stream = next((resolve1(fd[k]) for k in ("FontFile2", "FontFile3", "FontFile") if k in fd), None)
    if stream is None:
        return None
    try:
        font = rsrc.get_font(None, spec)
        table = dict(font.unicode_map.cid2unichr) if font.unicode_map is not None else {}
        program = stream.get_data()
    except Exception:  # a damaged font dictionary: the font keeps what pdfium reads
        return None
    if not table:
        return None
    name = spec.get("BaseFont")
    name = getattr(name, "name", name) or ""
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return hashlib.sha1(program).hexdigest()[:8], str(name), table, cid
