"""ITA catalogs (``rules/catalogs/ita_<year>.yaml``): indicators 1-10 and items per assessment year.

Item numbering changes between years (o9 is "Social Network" in 2565 and "รายงานผลการดำเนินงาน
ประจำปี" in 2567): a code means nothing without its year.
"""

from __future__ import annotations

import math
import re
from functools import cached_property

from pydantic import Field, field_validator, model_validator

from ..model import Tool
from ..text.chars import compact
from .models import Frozen


class CatalogIndicator(Frozen):
    number: int = Field(ge=1, le=10)
    tool: Tool
    name: str
    aliases: list[str] = []
    keywords: list[str] = []


class CatalogItem(Frozen):
    code: str
    indicator: int
    name: str
    keywords: list[str] = []
    source: str | None = None  # where the entry was read (notes/ita-catalog.md legend)

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not re.fullmatch(r"[ieo][1-9]\d?", v):
            raise ValueError(f"item code {v!r} must be i/e/o and a number (i1, e9, o35)")
        return v


class Catalog(Frozen):
    year: int
    source: str
    confidence: str | None = None
    complete: bool = True  # False: the year's list is only partly known
    indicators_from: int | None = None  # take indicators 1-10 from that year's catalog
    indicators: list[CatalogIndicator] = []
    items: list[CatalogItem]

    @model_validator(mode="after")
    def _consistent(self) -> Catalog:
        if not self.indicators:
            if self.indicators_from is None:
                raise ValueError("give indicators or indicators_from")
            return self  # checked once the referenced catalog is resolved
        nos = [i.number for i in self.indicators]
        if len(set(nos)) != len(nos):
            raise ValueError("indicator numbers must be unique")
        codes = [i.code for i in self.items]
        dup = {c for c in codes if codes.count(c) > 1}
        if dup:
            raise ValueError(f"item codes must be unique: {sorted(dup)}")
        for it in self.items:
            if it.indicator not in nos:
                raise ValueError(
                    f"item {it.code} points to indicator {it.indicator}, which is not in the catalog"
                )
        return self

    def item(self, code: str) -> CatalogItem | None:
        return next((i for i in self.items if i.code == code), None)

    @property
    def oit_items(self) -> list[CatalogItem]:
        """The OIT items (published evidence), in catalog order."""
        return [i for i in self.items if Tool.of_item(i.code) == Tool.OIT]

    def indicator(self, no: int) -> CatalogIndicator | None:
        return next((i for i in self.indicators if i.number == no), None)

    @cached_property
    def indicator_terms(self) -> dict[int, list[tuple[str, float]]]:
        """Per indicator: (compact term, weight). Terms are its name, aliases and keywords; the
        weight is an idf over indicators (terms shared by many indicators weigh less)."""
        raw = {
            ind.number: {compact(t) for t in [ind.name, *ind.aliases, *ind.keywords] if compact(t)}
            for ind in self.indicators
        }
        n = len(raw)
        out = {}
        for no, terms in raw.items():
            weighted = []
            for t in sorted(terms):
                df = sum(1 for other in raw.values() if any(t in o or o in t for o in other))
                weighted.append((t, math.log(1 + n / df) * (1 + min(len(t), 20) / 20)))
            out[no] = weighted
        return out
