"""Charts for the report as inline SVG (matplotlib; the only module that uses it).

Titles are the page's (``<figcaption>``), not the chart's. Text stays text (``svg.fonttype: none``):
the browser shapes Thai with the page's font stack,
which matplotlib's own text layout cannot. Ids and metadata are fixed, so the same data gives
the same bytes.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import AutoLocator

logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # absent fonts in the stack are fine

STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "ita-report",
    "font.family": ["Sarabun", "Noto Sans Thai", "Loma", "Garuda", "Tlwg Typo", "DejaVu Sans", "sans-serif"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
PASS, FAIL, NEUTRAL = "#2e7d32", "#c62828", "#607d8b"
SERIES = ("#1565c0", "#f9a825", "#2e7d32")


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(
        buf,
        format="svg",
        bbox_inches="tight",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML prologue inside HTML
    return svg.replace("<svg ", '<svg role="img" preserveAspectRatio="xMinYMin meet" ', 1)


def _integer_ticks() -> AutoLocator:
    """Matplotlib's default ticks, whole numbers only (counts)."""
    loc = AutoLocator()
    loc.set_params(integer=True)
    return loc


def score_bars(labels: list[str], scores: list[float | None], pass_mark: float) -> str:
    """Horizontal bars 0-100, green at or above the pass mark, red below, a line at the mark."""
    with plt.rc_context(STYLE):  # type: ignore[arg-type]  # matplotlib types rcParams keys as literals
        fig, ax = plt.subplots(figsize=(5.0, 0.32 * len(labels) + 0.9))
        ys = list(range(len(labels)))[::-1]
        vals = [s if s is not None else 0 for s in scores]
        colors = [NEUTRAL if s is None else PASS if s >= pass_mark else FAIL for s in scores]
        ax.barh(ys, vals, color=colors, height=0.65)
        for y, s in zip(ys, scores):
            ax.text(min((s or 0) + 1, 101), y, "–" if s is None else f"{s:.2f}", va="center", fontsize=8)
        ax.axvline(pass_mark, color="#333", linestyle="--", linewidth=1)
        ax.text(pass_mark, len(labels) - 0.4, f" {pass_mark:g}", fontsize=8)
        ax.set_yticks(ys, labels)
        ax.set_xlim(0, 110)
        return _svg(fig)


def hbars(labels: list[str], series: dict[str, list[int]]) -> str:
    """Horizontal grouped bars, one group per label (a body), one bar per series (planned, done)."""
    with plt.rc_context(STYLE):  # type: ignore[arg-type]  # matplotlib types rcParams keys as literals
        n = max(1, len(series))
        fig, ax = plt.subplots(figsize=(6.0, 0.22 * n * len(labels) + 1.0))
        height = 0.8 / n
        ys = list(range(len(labels)))[::-1]
        for k, (name, values) in enumerate(series.items()):
            pos = [y + ((n - 1) / 2 - k) * height for y in ys]
            ax.barh(pos, values, height=height, label=name, color=SERIES[k % len(SERIES)])
        ax.set_yticks(ys, labels)
        ax.xaxis.set_major_locator(_integer_ticks())
        ax.legend(frameon=False, ncols=n, loc="lower left", bbox_to_anchor=(0, 1.0))
        return _svg(fig)


def lines(years: list[int], series: dict[str, list[float | None]], pass_mark: float) -> str:
    """A line per body over the assessment years (gaps where a year has no score), the pass mark dashed."""
    with plt.rc_context(STYLE):  # type: ignore[arg-type]  # matplotlib types rcParams keys as literals
        fig, ax = plt.subplots(figsize=(6.0, 3.0))
        for name, values in series.items():
            pts = [(y, v) for y, v in zip(years, values) if v is not None]
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", linewidth=1.5, label=name)
        ax.axhline(pass_mark, color="#333", linestyle="--", linewidth=1)
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_ylim(0, 105)
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _svg(fig)
