"""Thailand's provinces, districts and subdistricts with their DOPA codes (the only module that
imports geothai). Plain tuples out: ``pipeline.text.places`` does the matching."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import geothai


class Area(NamedTuple):
    code: str  # DOPA code: province 2 digits, district 4, subdistrict 6
    name: str  # Thai name as the Department of Provincial Administration writes it
    parent: str  # the code of the area it is in ('' for a province)


@lru_cache(maxsize=1)
def areas() -> tuple[tuple[Area, ...], tuple[Area, ...], tuple[Area, ...]]:
    """(provinces, districts, subdistricts)."""
    provinces = tuple(Area(p.code, p.name_th, "") for p in geothai.provinces())
    districts = tuple(
        Area(d.code, d.name_th, d.province_code) for p in provinces for d in geothai.districts(p.code)
    )
    subdistricts = tuple(
        Area(s.code, s.name_th, d.code) for d in districts for s in geothai.subdistricts(d.code)
    )
    return provinces, districts, subdistricts


def data_version() -> str:
    return str(geothai.DATA_VERSION)
