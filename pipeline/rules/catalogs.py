"""ITA catalogs (``rules/catalogs/ita_<year>.yaml``): indicators 1-10 and items per assessment year;
and the item topics (``rules/topics.yaml``) that say which items of different years ask for the same.

Item numbering changes between years (o9 is "Social Network" in 2565, "รายงานผลการดำเนินงาน
ประจำปี" in 2567 and the service manual in 2568): a code means nothing without its year. Its
``topic`` does: ``service_manual`` is 2566 o15, 2567 o11, 2568 o9 and 2569 o9.
"""

from __future__ import annotations

import re

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
    topic: str  # the requirement the item asks for, the same across years (rules/topics.yaml)
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


class Topic(Frozen):
    """One requirement of the assessment (a kind of document or a survey question), whatever its
    code in a year. ``terms``: words every item name of the topic holds (``a|b``: either), the
    check that the items put together ask for the same thing."""

    description: str
    indicator: int = Field(ge=1, le=10)  # in the latest year that has it
    indicator_by_year: dict[int, list[int]] = {}  # indicator -> years, where it changed
    terms: list[str] = Field(min_length=1)
    without: list[str] = []  # words none of its item names holds (what tells it from a neighbour)
    uncertain: str | None = None  # what the sources leave open

    def describes(self, name: str) -> bool:
        """Does an item named ``name`` hold every term (one of ``a|b``) and none of ``without``?"""
        n = compact(name).casefold()
        found = all(any(compact(a).casefold() in n for a in t.split("|")) for t in self.terms)
        return found and not any(compact(w).casefold() in n for w in self.without)

    def indicator_in(self, year: int) -> int:
        """The topic's indicator in ``year``."""
        return next((no for no, years in self.indicator_by_year.items() if year in years), self.indicator)


class TopicRelation(Frozen):
    """How topics changed between years (merged, renamed, dropped …), as the notes establish it."""

    topics: list[str] = Field(min_length=1)
    years: str
    kind: str
    into: str | None = None
    note: str


class TopicRules(Frozen):
    """``rules/topics.yaml``."""

    topics: dict[str, Topic]
    relations: list[TopicRelation] = []

    @model_validator(mode="after")
    def _relations_known(self) -> TopicRules:
        for r in self.relations:
            for t in [*r.topics, *([r.into] if r.into else [])]:
                if t not in self.topics:
                    raise ValueError(f"relation {r.years} {r.kind}: unknown topic {t!r}")
        return self

    def check_catalogs(self, catalogs: dict[int, Catalog]) -> list[str]:
        """What is wrong between the catalogs and the topics: an item on an undeclared topic, one
        topic on two items of a year, a declared topic no item uses."""
        problems, used = [], set()
        for year, cat in sorted(catalogs.items()):
            seen: dict[str, str] = {}
            for it in cat.items:
                used.add(it.topic)
                if it.topic not in self.topics:
                    problems.append(
                        f"catalogs/ita_{year}.yaml: {it.code}: topic {it.topic!r} is not in topics.yaml"
                    )
                elif it.topic in seen:
                    problems.append(
                        f"catalogs/ita_{year}.yaml: {it.code}: topic {it.topic!r} is already {seen[it.topic]}'s"
                    )
                seen.setdefault(it.topic, it.code)
        problems += [
            f"topics.yaml: {t}: no catalog item has this topic" for t in self.topics if t not in used
        ]
        return problems
