"""The stages of one document, in order. Each is a module whose ``run(DocumentState, Context) ->
DocumentState`` is a pure function that fills in its own fields and changes nothing it was given.

``READ_STAGES`` run where the PDF is read (they decide which pages need OCR); the runner then
OCRs those pages, one task per page, and ``FINISH_STAGES`` turn the pages into rows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from types import ModuleType

from ..model import DocumentState
from . import budgets, match, measures, merge_ocr, metadata, results, rows, scores, tables, text_layer
from .context import Context, context_for

Stage = ModuleType  # a module with ``run(state, ctx) -> state``

READ_STAGES: tuple[Stage, ...] = (text_layer,)
FINISH_STAGES: tuple[Stage, ...] = (
    merge_ocr,
    tables,
    metadata,
    scores,
    results,
    budgets,
    measures,
    match,
    rows,
)
STAGES: tuple[Stage, ...] = READ_STAGES + FINISH_STAGES


def run_stages(state: DocumentState, ctx: Context, stages: Sequence[Stage] = STAGES) -> DocumentState:
    """Each stage in turn, its running time added to ``state.seconds``."""
    for stage in stages:
        t0 = time.perf_counter()
        state = stage.run(state, ctx)
        name = stage.__name__.rsplit(".", 1)[-1]
        state = replace(state, seconds=(*state.seconds, (name, time.perf_counter() - t0)))
    return state


def total_seconds(timed: Iterable[tuple[str, float]]) -> dict[str, float]:
    """(name, seconds) pairs summed per name, in the order names first come."""
    out: dict[str, float] = {}
    for name, seconds in timed:
        out[name] = out.get(name, 0.0) + seconds
    return out


def describe_stages() -> list[tuple[str, str, str]]:
    """(name, module, first line of its docstring) per stage, in order (for the docs)."""
    out = []
    for st in STAGES:
        doc = (st.run.__doc__ or "").strip().splitlines()[0]
        name = st.__name__.rsplit(".", 1)[-1]
        out.append((name, st.__name__.replace("pipeline.", "").replace(".", "/") + ".py", doc))
    return out


__all__ = [
    "FINISH_STAGES",
    "READ_STAGES",
    "STAGES",
    "Context",
    "DocumentState",
    "Stage",
    "context_for",
    "describe_stages",
    "run_stages",
    "total_seconds",
]
