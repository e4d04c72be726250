"""Thai place names against the gazetteer (provinces, districts, subdistricts with DOPA codes).

A document names its place in running text (``อำเภอน้ำยืน จังหวัดอุบลราชธานี``, ``อ.เมือง``), often
run on into the next word, sometimes misread by OCR (``บ้านแท้ว``). A name counts only when it is a
place of the gazetteer: the longest gazetteer name the text starts with (in the province, when the
province is known); else the nearest one when the match is close and unambiguous
(``rules/places.yaml``: ``min_similarity``, ``min_margin``); ``เมือง`` alone is the province's capital
district. Anything else (``แผนพัฒนา``, ``และโรงพยาบาล…``) is not a place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ..adapters import gazetteer
from ..adapters.fuzzy import ratio
from ..adapters.gazetteer import Area
from ..rules.models import PlaceRules


@dataclass(frozen=True)
class Gazetteer:
    """The gazetteer with the rules for matching names to it."""

    rules: PlaceRules

    @cached_property
    def _areas(self) -> tuple[tuple[Area, ...], tuple[Area, ...], tuple[Area, ...]]:
        return gazetteer.areas()

    @property
    def provinces(self) -> tuple[Area, ...]:
        return self._areas[0]

    @cached_property
    def names(self) -> frozenset[str]:
        """Every province's, district's and subdistrict's name."""
        return frozenset(a.name for level in self._areas for a in level)

    @cached_property
    def _by_code(self) -> dict[str, Area]:
        return {a.code: a for level in self._areas for a in level}

    @cached_property
    def _children(self) -> dict[str, tuple[Area, ...]]:
        out: dict[str, list[Area]] = {}
        for level in self._areas[1:]:
            for a in level:
                out.setdefault(a.parent, []).append(a)
        return {k: tuple(v) for k, v in out.items()}

    def area(self, code: str | None) -> Area | None:
        return self._by_code.get(code) if code else None

    def districts(self, province_code: str | None = None) -> tuple[Area, ...]:
        return self._children.get(province_code, ()) if province_code else self._areas[1]

    def subdistricts(
        self, district_code: str | None = None, province_code: str | None = None
    ) -> tuple[Area, ...]:
        if district_code:
            return self._children.get(district_code, ())
        if province_code:
            return tuple(s for d in self.districts(province_code) for s in self._children.get(d.code, ()))
        return self._areas[2]

    # -------------------------------------------------------------------------------- names
    def province(self, run: str) -> Area | None:
        """The province a run of text after ``จังหวัด``/``จ.`` names."""
        return self._match(run, self.provinces)

    def district(self, run: str, province_code: str | None = None) -> Area | None:
        """The district a run of text after ``อำเภอ``/``อ.`` names (in the province when known)."""
        pool = self.districts(province_code)
        hit = self._match(run, pool)
        if hit is None and province_code and run.startswith(self.rules.capital_district):
            capital = self.rules.capital_district + (self.area(province_code) or Area("", "", "")).name
            hit = next((d for d in pool if d.name == capital), None)
        return hit

    def subdistrict(
        self, name: str, district_code: str | None = None, province_code: str | None = None
    ) -> Area | None:
        """The subdistrict called ``name`` in the district (or the province) when there is exactly one."""
        pool = self.subdistricts(district_code, province_code)
        hits = [s for s in pool if s.name == name]
        return hits[0] if len(hits) == 1 else None

    def nearest(self, name: str, pool: Iterable[Area]) -> Area | None:
        """The area whose name is nearest to ``name``, when close and unambiguous (an OCR slip)."""
        scored = sorted(((ratio(name, a.name), a) for a in pool), key=lambda sa: -sa[0])
        if not scored or scored[0][0] < self.rules.min_similarity:
            return None
        best, area = scored[0]
        rivals = [a for s, a in scored[1:] if best - s < self.rules.min_margin and a.name != area.name]
        return None if rivals else area

    def _match(self, run: str, pool: tuple[Area, ...]) -> Area | None:
        """The longest name of ``pool`` that ``run`` starts with; else the nearest name to a prefix of
        ``run`` as long as the candidate (an OCR slip), when unambiguous."""
        run = run.replace(" ", "")
        exact = [a for a in pool if run.startswith(a.name)]
        if exact:
            longest = max(len(a.name) for a in exact)
            hits = [a for a in exact if len(a.name) == longest]
            return hits[0] if len(hits) == 1 else Area("", hits[0].name, "")  # a name several provinces have
        scored: list[tuple[float, Area]] = []
        for a in pool:
            s = max(ratio(run[:n], a.name) for n in {len(a.name) - 1, len(a.name), len(a.name) + 1} if n > 0)
            scored.append((s, a))
        scored.sort(key=lambda sa: -sa[0])
        if not scored or scored[0][0] < self.rules.min_similarity:
            return None
        best, area = scored[0]
        if any(best - s < self.rules.min_margin and a.name != area.name for s, a in scored[1:]):
            return None
        return area
