"""Ruled tables from ruling edges, with pdfplumber's table geometry (the only pdfplumber import).

We give pdfplumber's own algorithm (snap/join edges -> intersections -> cells -> tables) the
ruling edges read by pypdfium2, so a page is parsed once and pdfminer's slow layout pass is
never needed. Settings are pdfplumber's defaults for the "lines" strategy.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def find_table_grids(edges: Sequence[Edge]) -> list[Grid]:
    """Tables as grids of cell bboxes ``(x0, top, x1, bottom)``; ``None`` where a merged cell spans.

    Tables are ordered top to bottom; a "table" needs at least two cells.
    """
    if len(edges) < 4:
        return []
    dicts = [_edge_dict(e) for e in edges]
    merged = plumber_table.merge_edges(dicts, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    merged = [
        e
        for e in merged
        if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= EDGE_MIN_LENGTH
    ]
    inter = plumber_table.edges_to_intersections(merged, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    cells = plumber_table.intersections_to_cells(inter)
    grids = []
    for cell_group in plumber_table.cells_to_tables(cells):
        t = plumber_table.Table(None, cell_group)  # type: ignore[arg-type]  # the cells are all it reads
        grids.append([list(row.cells) for row in t.rows])
    return grids
