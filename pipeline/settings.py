"""Algorithm tunables that are not rules about Thai documents (geometry, run options), as frozen
dataclasses with their ``DEFAULT_*`` values; ``resolve`` turns a dict, ``None`` or an instance
into an instance (pdfplumber's ``TableSettings`` pattern). Passed down; never read from globals.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

T = TypeVar("T")

#: gap between two clusters, as a share of the font size, that counts as a word space
DEFAULT_SPACE_GAP = 0.22
#: after a ligature glyph (ผู้, สำ drawn as one glyph) pdfium reports only part of its box, so the
#: gap to the next character must be this much larger to count as a space
DEFAULT_LIGATURE_SPACE_GAP = 0.6
#: two clusters are on the same line when their baselines differ by less than this share of size
DEFAULT_BASELINE_TOLERANCE = 0.35
#: documents: seconds one document may take before it becomes an error row
DEFAULT_DOC_TIMEOUT = 600.0


def _resolve(cls: type[T], value: T | dict[str, Any] | None) -> T:
    if value is None:
        return cls()
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        unknown = set(value) - known
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown settings {sorted(unknown)}; known: {sorted(known)}")
        return cls(**value)
    raise TypeError(
        f"{cls.__name__}.resolve: expected a dict, None or {cls.__name__}, got {type(value).__name__}"
    )


@dataclass(frozen=True)
class LayoutSettings:
    """How characters become words and lines (``pipeline.layout``)."""

    space_gap: float = DEFAULT_SPACE_GAP
    ligature_space_gap: float = DEFAULT_LIGATURE_SPACE_GAP
    baseline_tolerance: float = DEFAULT_BASELINE_TOLERANCE

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) <= 0:
                raise ValueError(f"LayoutSettings.{f.name} must be > 0")

    @classmethod
    def resolve(cls, value: LayoutSettings | dict[str, Any] | None = None) -> LayoutSettings:
        return _resolve(cls, value)


@dataclass(frozen=True)
class RunSettings:
    """What a run does (``ita extract`` options)."""

    workers: int | None = None  # local processes (None: all cores; 0: inline)
    scheduler: Any = None  # a Dask scheduler address or Client
    ocr: bool = True
    full: bool = False
    doc_timeout: float = DEFAULT_DOC_TIMEOUT
    follow_links: bool = False  # read links to files outside the input folder
    allow_empty: bool = False  # publish empty datasets when the input holds no PDF
    # inputs per part of a per-document dataset (pipeline.runner.store): what a nightly run that
    # adds one document rewrites
    part_inputs: int = 500

    def __post_init__(self) -> None:
        if self.workers is not None and self.workers < 0:
            raise ValueError("RunSettings.workers must be >= 0")
        if self.doc_timeout <= 0:
            raise ValueError("RunSettings.doc_timeout must be > 0")
        if self.part_inputs < 1:
            raise ValueError("RunSettings.part_inputs must be >= 1")

    @classmethod
    def resolve(cls, value: RunSettings | dict[str, Any] | None = None) -> RunSettings:
        return _resolve(cls, value)

    def with_(self, **changes: Any) -> RunSettings:
        return replace(self, **changes)

    @property
    def output_options(self) -> dict[str, Any]:
        """The options that change what is published (a change reprocesses everything)."""
        return {"ocr": self.ocr}
