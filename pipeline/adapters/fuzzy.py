"""Fuzzy string similarity for Thai (the only module that imports rapidfuzz).

rapidfuzz's ``default_process`` replaces Thai vowels and tone marks with spaces (they are not
``\\w``), so it is never used: callers pass text already repaired by ``pipeline.text``; here we
only drop whitespace (``compact``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from ..text.chars import compact


def ratio(a: str, b: str) -> float:
    """0-100 edit-distance similarity of the compacted strings."""
    return fuzz.ratio(compact(a), compact(b), processor=None)


def similar(query: str, choices: list[str], cutoff: float) -> list[int]:
    """The indices of the ``choices`` whose ``ratio`` to ``query`` is ``cutoff`` or more, compared
    in C (thousands of choices cost what a few dozen calls of ``ratio`` do). The choices are
    taken as given: compact them once (``compact``), not for every query."""
    if not choices:
        return []
    hits = process.extract(
        compact(query), choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None
    )
    return [i for _, _, i in hits]


def prefix_ratio(text: str, phrase: str) -> float:
    """How well ``text`` starts with ``phrase`` (0-100): a long header that opens with a synonym
    ("สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม" opens with "สรุปผลการดำเนินการ")."""
    t, p = compact(text), compact(phrase)
    if not t or not p:
        return 0.0
    return fuzz.ratio(t[: len(p)], p, processor=None)


def partial_ratio(needle: str, haystack: str) -> float:
    """Best alignment of ``needle`` inside ``haystack`` (0-100), compacted."""
    return fuzz.partial_ratio(compact(needle), compact(haystack), processor=None)


def best_of(query: str, choices: Iterable[str], scorer: str = "ratio") -> tuple[str | None, float]:
    """The choice most similar to ``query`` and its score."""
    choices = list(choices)
    if not choices:
        return None, 0.0
    fn = {"ratio": fuzz.ratio, "partial": fuzz.partial_ratio}[scorer]
    hit = process.extractOne(compact(query), [compact(c) for c in choices], scorer=fn, processor=None)
    return (choices[hit[2]], float(hit[1])) if hit else (None, 0.0)
