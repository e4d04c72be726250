"""Table cells from clusters: every cluster goes into the cell that holds its centre (pure geometry)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ..model import Box, Cluster, Grid, TextLine
from ..settings import LayoutSettings
from .clusters import DEFAULT_LAYOUT, clusters_to_lines


def fill_cells(
    clusters: Sequence[Cluster], grid_bboxes: Grid, settings: LayoutSettings = DEFAULT_LAYOUT
) -> list[list[list[str] | None]]:
    """Put every cluster into the cell that contains its centre; return each cell's lines."""
    return [
        [None if cell is None else [ln.text for ln in cell] for cell in row]
        for row in fill_cell_lines(clusters, grid_bboxes, settings)
    ]


def clusters_outside(clusters: Sequence[Cluster], boxes: Sequence[Box]) -> list[Cluster]:
    """Clusters not inside any of ``boxes`` (text around tables)."""

    def inside(cl: Cluster) -> bool:
        return any(x0 <= cl.cx <= x1 and top <= cl.cy <= bottom for x0, top, x1, bottom in boxes)

    return [cl for cl in clusters if not inside(cl)]


def fill_cell_lines(
    clusters: Sequence[Cluster], grid_bboxes: Grid, settings: LayoutSettings = DEFAULT_LAYOUT
) -> list[list[list[TextLine] | None]]:
    """Like ``fill_cells``, with each cell's lines as ``TextLine`` (their fonts kept)."""
    cells = [(r, c, bb) for r, row in enumerate(grid_bboxes) for c, bb in enumerate(row) if bb]
    buckets: dict[tuple[int, int], list[Cluster]] = {(r, c): [] for r, c, _ in cells}
    tops = sorted({bb[1] for _, _, bb in cells})
    by_band: dict[float, list[tuple[int, int, Box]]] = {}
    for r, c, bb in cells:
        by_band.setdefault(bb[1], []).append((r, c, bb))
    for cl in clusters:
        hit = _cell_of(cl, tops, by_band)
        if hit:
            buckets[hit].append(cl)
    out: list[list[list[TextLine] | None]] = [[None] * len(row) for row in grid_bboxes]
    for (r, c), members in buckets.items():
        out[r][c] = clusters_to_lines(members, settings)
    return out


def _cell_of(
    cl: Cluster, tops: list[float], by_band: dict[float, list[tuple[int, int, Box]]]
) -> tuple[int, int] | None:
    """The (row, column) of the cell that holds the cluster's centre."""
    cx, cy = cl.cx, cl.cy
    k = bisect_right(tops, cy)
    for t in reversed(tops[:k]):
        for r, c, (x0, top, x1, bottom) in by_band[t]:
            if x0 <= cx < x1 and top <= cy < bottom:
                return r, c
    return None
