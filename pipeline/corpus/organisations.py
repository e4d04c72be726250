"""Organisation identity across documents.

Documents are joined by **canonical name + province (+ district when known)**. The name is the
full canonical form from metadata (``อบต.`` already expanded); spelling variants of the same body
(a tone mark lost, a space, an OCR slip) are joined when, with the kind of body equal and the
places compatible (equal, one unknown, or similar beyond ``org_place_min``), their names after the kind prefix are similar beyond
``rules/matching.yaml: org_name_min`` once spaces and tone marks are removed.

The key is ``"<name>|<province>|<district>"`` with the most common spelling and places of the
group (an OCR'd document's vote counts half); documents without an organisation get no key.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..adapters.fuzzy import ratio
from ..model import Rows
from ..rules import Rules
from ..text.chars import TONES

_RE_TONE_OR_SPACE = re.compile(f"[{TONES}\\s\u0e4c]")


@dataclass
class _OrgGroup:
    org_type: str | None
    names: Counter = field(default_factory=Counter)
    provinces: Counter = field(default_factory=Counter)
    districts: Counter = field(default_factory=Counter)
    doc_ids: list[str] = field(default_factory=list)

    def top(self, c: Counter) -> str | None:
        """The most common value; on a tie the one seen first (Counter keeps insertion order)."""
        return max(c.items(), key=lambda kv: kv[1])[0] if c else None


def _core(name: str, rules: Rules) -> str:
    """The name without its kind prefix, spaces and tone marks: ``องค์การบริหารส่วนตำบลตุน`` -> ``ตุน``."""
    for ot in sorted(rules.orgs.org_types, key=lambda o: -len(o.canonical)):
        if name.startswith(ot.canonical):
            name = name[len(ot.canonical):]
            break
    return _RE_TONE_OR_SPACE.sub("", name)


def _compatible(a: str | None, b: Counter, threshold: float) -> bool:
    """Places agree: one unknown, or equal, or similar beyond ``threshold`` without spaces and
    tone marks (a misread letter in an OCR'd district name)."""
    if a is None or not b or a in b:
        return True
    core = _RE_TONE_OR_SPACE.sub("", a)
    return any(ratio(core, _RE_TONE_OR_SPACE.sub("", p)) >= threshold for p in b)


def _same_body(d: Rows, core: str, g: _OrgGroup, rules: Rules) -> bool:
    """Is document ``d`` (its name's core ``core``) of the body of group ``g``?"""
    place_min = rules.matching.org_place_min
    if g.org_type != d.get("org_type"):
        return False
    if not (_compatible(d.get("province"), g.provinces, place_min) and _compatible(d.get("district"), g.districts, place_min)):
        return False
    return max(ratio(core, _core(n, rules)) for n in g.names) >= rules.matching.org_name_min


def assign_org_keys(docs: list[Rows], rules: Rules) -> dict[str, str]:
    """doc_id -> org_key for every document that names its organisation."""
    groups: list[_OrgGroup] = []
    for d in sorted(docs, key=lambda d: (d.get("source_file") or "", d["doc_id"])):
        name = d.get("org_name")
        if not name:
            continue
        core = _core(name, rules)
        hit = next((g for g in groups if _same_body(d, core, g, rules)), None)
        if hit is None:
            hit = _OrgGroup(d.get("org_type"))
            groups.append(hit)
        # an OCR'd document's spelling counts half: on a tie the text layer's spelling wins
        weight = 0.5 if d.get("extraction") in ("ocr", "mixed") else 1.0
        hit.names[name] += weight
        for place, counter in (("province", hit.provinces), ("district", hit.districts)):
            if d.get(place):
                counter[d[place]] += weight
        hit.doc_ids.append(d["doc_id"])
    out = {}
    for g in groups:
        key = f"{g.top(g.names)}|{g.top(g.provinces) or ''}|{g.top(g.districts) or ''}"
        for did in g.doc_ids:
            out[did] = key
    return out


def key_parts(org_key: str) -> tuple[str, str | None, str | None]:
    """``"name|province|district"`` -> (name, province or None, district or None).

    >>> key_parts("องค์การบริหารส่วนตำบลด่านขุนทด||")
    ('องค์การบริหารส่วนตำบลด่านขุนทด', None, None)
    """
    name, province, district = (org_key.split("|") + ["", ""])[:3]
    return name, province or None, district or None


def key_name(org_key: str | None) -> str | None:
    return key_parts(org_key)[0] if org_key else None
