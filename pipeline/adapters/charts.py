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


def grouped_bars(categories: list[str], series: dict[str, list[int]]) -> str:
    """Vertical bars, one group per category (e.g. indicator), one bar per series."""
    with plt.rc_context(STYLE):  # type: ignore[arg-type]  # matplotlib types rcParams keys as literals
        fig, ax = plt.subplots(figsize=(5.0, 2.6))
        n = max(1, len(series))
        width = 0.8 / n
        for k, (name, values) in enumerate(series.items()):
            xs = [i + (k - (n - 1) / 2) * width for i in range(len(categories))]
            ax.bar(xs, values, width=width, label=name, color=SERIES[k % len(SERIES)])
        ax.set_xticks(range(len(categories)), categories)
        ax.yaxis.set_major_locator(_integer_ticks())
        ax.legend(frameon=False, ncols=n, loc="lower left", bbox_to_anchor=(0, 1.0))
        return _svg(fig)


def stacked_bars(categories: list[str], series: dict[str, list[int]], colors: dict[str, str]) -> str:
    """Horizontal stacked bars (e.g. documents per type, by status)."""
    with plt.rc_context(STYLE):  # type: ignore[arg-type]  # matplotlib types rcParams keys as literals
        fig, ax = plt.subplots(figsize=(5.0, 0.35 * len(categories) + 0.9))
        ys = list(range(len(categories)))[::-1]
        left = [0] * len(categories)
        for name, values in series.items():
            ax.barh(ys, values, left=left, label=name, color=colors.get(name, NEUTRAL), height=0.6)
            left = [a + b for a, b in zip(left, values)]
        ax.set_yticks(ys, categories)
        ax.xaxis.set_major_locator(_integer_ticks())
        ax.legend(frameon=False, ncols=len(series), loc="lower left", bbox_to_anchor=(0, 1.0))
        return _svg(fig)
