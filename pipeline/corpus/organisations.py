"""Organisation identity across documents.

Documents of one body are grouped: the kind of body equal, the places compatible (codes equal or one
unknown; printed names equal, one unknown, or similar beyond ``org_place_min``), and the names after
the kind similar beyond ``rules/matching.yaml: org_name_min`` once spaces and tone marks are removed
(a tone mark lost, a space, an OCR slip).

The key says who the body is as exactly as the documents allow: ``<org_type>:<DOPA code>`` when the
body is named after a place the gazetteer resolves (an อบต. is its ตำบล: ``sao:330501``; a district
hospital its อำเภอ; a provincial body its จังหวัด); else ``<org_type>:<name>@<province>[/<district>]`` with the
most common spelling and the places the documents print, codes where known (an OCR'd document's
vote counts half). Two bodies with the same ตำบล name in
different districts have different codes, so different keys; a document without a district joins
the one with it. Documents without an organisation get no key.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby

from ..adapters.fuzzy import ratio, similar
from ..model import Rows
from ..rules import Rules
from ..rules.models import OrgTypeRule
from ..text.chars import TONES, compact, skeleton
from ..text.places import Gazetteer

_RE_TONE_OR_SPACE = re.compile(f"[{TONES}\\s\u0e4c]")


#: votes per value (a spelling, a place): an OCR'd document's vote counts half
Votes = dict[str, float]
_CODES = ("province_code", "district_code", "subdistrict_code")
_PLACES = ("province", "district")
_SIGNED = (*_PLACES, *_CODES)


@dataclass
class _OrgGroup:
    org_type: str | None
    kind: OrgTypeRule | None  # its fine kind: two bodies of different kinds are never one
    names: Votes = field(default_factory=lambda: defaultdict(float))
    places: dict[str, Votes] = field(
        default_factory=lambda: {k: defaultdict(float) for k in (*_PLACES, *_CODES)}
    )
    doc_ids: list[str] = field(default_factory=list)
    order: int = 0  # the order the groups were made in
    cores: set[str] = field(default_factory=set)  # its names' cores (``_core``)

    def top(self, c: Votes) -> str | None:
        """The most voted value; on a tie the one seen first (dicts keep insertion order)."""
        return max(c.items(), key=lambda kv: kv[1])[0] if c else None


@dataclass(frozen=True)
class Organisation:
    """One body, as the documents that name it say."""

    key: str
    name: str
    org_type: str | None
    org_kind: str | None
    org_group: str | None
    province: str | None
    district: str | None
    province_code: str | None
    district_code: str | None
    subdistrict_code: str | None
    doc_ids: tuple[str, ...]
    names: tuple[str, ...]  # every spelling seen, most common first
    # the province and district of its codes as the gazetteer names them (complete where a code is
    # known, printed or not)
    gazetteer_province: str | None = None
    gazetteer_district: str | None = None

    def row(self) -> Rows:
        return {
            "org_key": self.key,
            "org_name": self.name,
            "org_type": self.org_type,
            "org_kind": self.org_kind,
            "org_group": self.org_group,
            "province": self.province,
            "district": self.district,
            "province_code": self.province_code,
            "district_code": self.district_code,
            "subdistrict_code": self.subdistrict_code,
            "gazetteer_province": self.gazetteer_province,
            "gazetteer_district": self.gazetteer_district,
            "n_documents": len(self.doc_ids),
            "doc_ids": list(self.doc_ids),
            "names": list(self.names),
        }


def _core(name: str, rules: Rules) -> str:
    """The name without its kind prefix, spaces and tone marks: ``องค์การบริหารส่วนตำบลตุน`` -> ``ตุน``."""
    for ot in rules.orgs.longest_first:
        if name.startswith(ot.canonical):
            name = name[len(ot.canonical) :]
            break
    return _RE_TONE_OR_SPACE.sub("", name)


def _compatible(a: str | None, b: Votes, threshold: float) -> bool:
    """Places agree: one unknown, or equal, or similar beyond ``threshold`` without spaces and
    tone marks (a misread letter in an OCR'd district name)."""
    if a is None or not b or a in b:
        return True
    core = _RE_TONE_OR_SPACE.sub("", a)
    return any(ratio(core, _RE_TONE_OR_SPACE.sub("", p)) >= threshold for p in b)


def _same_place(d: Rows, g: _OrgGroup, rules: Rules) -> bool:
    """Are document ``d``'s places those of group ``g`` (its kind and name already agree)?"""
    if g.kind is not None and g.kind.place == "national":  # in no province: its name alone says who it is
        return True
    if any(d.get(c) and g.places[c] and d[c] not in g.places[c] for c in _CODES):
        return False  # two places the gazetteer tells apart (the same ตำบล name in two districts)
    return all(_compatible(d.get(p), g.places[p], rules.matching.org_place_min) for p in _PLACES)


def _block(org_type: str | None, kind: OrgTypeRule | None) -> tuple[str | None, str | None]:
    """The groups a document of this type and kind may join (two kinds are never one body)."""
    return org_type, kind.canonical if kind is not None else None


class _Groups:
    """The groups found so far, kept so that a document's group is found without comparing it with
    every group of a national corpus: per kind of body, and within a kind per province code (the
    groups whose documents print none apart); a group's names as their cores. A document joins the
    first group, in the order they were made, whose names are alike (compared in C over the
    candidates) and whose places agree: the group a scan of every group would find, since a group
    of another province code never agrees."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.made: list[_OrgGroup] = []
        self.kinds: dict[tuple[str | None, str | None], list[_OrgGroup]] = defaultdict(list)
        self.by_code: dict[tuple[str | None, str | None, str], list[_OrgGroup]] = defaultdict(list)
        self.no_code: dict[tuple[str | None, str | None], dict[int, _OrgGroup]] = defaultdict(dict)
        # a pool's version, bumped when a group enters it or a group in it gains a name; the
        # groups alike to a name in a pool, remembered while the pool stays as it was (a body's
        # documents repeat its name: most are found without comparing names again)
        self.stamp: dict[tuple, int] = defaultdict(int)
        self.seen: dict[tuple, tuple[tuple[int, ...], list[_OrgGroup]]] = {}

    def find(self, d: Rows, core: str, kind: OrgTypeRule | None) -> _OrgGroup | None:
        block = _block(d.get("org_type"), kind)
        code = d.get("province_code")
        national = kind is not None and kind.place == "national"
        pools = [(*block, "*")] if national or not code else [(*block, code), (*block, None)]
        stamps = tuple(self.stamp[p] for p in pools)
        known = self.seen.get((*pools[0], core))
        if known is not None and known[0] == stamps:
            alike = known[1]
        else:
            if national or not code:
                pool = self.kinds[block]
            else:
                pool = self.by_code[(*block, code)] + list(self.no_code[block].values())
            names = [(c, g) for g in pool for c in g.cores]
            hits = similar(core, [c for c, _ in names], self.rules.matching.org_name_min)
            alike = sorted({names[i][1].order: names[i][1] for i in hits}.values(), key=lambda g: g.order)
            self.seen[(*pools[0], core)] = (stamps, alike)
        return next((g for g in alike if _same_place(d, g, self.rules)), None)

    def new(self, d: Rows, kind: OrgTypeRule | None) -> _OrgGroup:
        g = _OrgGroup(d.get("org_type"), kind, order=len(self.made))
        self.made.append(g)
        block = _block(d.get("org_type"), kind)
        self.kinds[block].append(g)
        self.no_code[block][g.order] = g
        self._bump((*block, "*"), (*block, None))
        return g

    def joined(self, g: _OrgGroup, d: Rows, core: str) -> None:
        """``d`` joined ``g``: its name's core and its province code are the group's too."""
        block = _block(g.org_type, g.kind)
        if compact(core) not in g.cores:
            g.cores.add(compact(core))  # compared as similar() wants them
            codes = g.places["province_code"]
            self._bump((*block, "*"), *(((*block, c) for c in codes) if codes else [(*block, None)]))
        code = d.get("province_code")
        if not code or code in g.places["province_code"]:
            return
        if not g.places["province_code"]:
            del self.no_code[block][g.order]
            self._bump((*block, None))
        self.by_code[(*block, code)].append(g)
        self._bump((*block, code))

    def _bump(self, *pools: tuple) -> None:
        for p in pools:
            self.stamp[p] += 1


def _key(g: _OrgGroup, name: str, rules: Rules) -> str:
    """``kind:code`` when the body is named after a place the gazetteer resolves (a ตำบล, an อำเภอ or
    a จังหวัด by its kind), ``kind:name`` for a body of the whole country, else
    ``kind:name@province code`` (kind: the fine kind, which is org_type for local governments:
    ``sao:330305``, ``hospital:3409``). A kind named after a district or a province (``area``: the
    colleges, of several kinds of one name each) keeps its name in the key."""
    kind = g.kind
    prefix = kind.kind if kind is not None else g.org_type
    if kind is not None and kind.place == "national":
        return f"{prefix}:{_core(name, rules)}"  # a body of the whole country: no place in its key
    level = {"subdistrict": "subdistrict_code", "district": "district_code", "province": "province_code"}.get(
        kind.place if kind else "none"
    )
    code = g.top(g.places[level]) if level else None
    if code:
        return f"{prefix}:{code}"
    province = g.top(g.places["province_code"]) or g.top(g.places["province"]) or ""
    district = g.top(g.places["district_code"]) or g.top(g.places["district"]) or ""
    where = f"@{province}" if province else ""
    return f"{prefix}:{_core(name, rules)}{where}" + (f"/{district}" if district else "")


def _signature(d: Rows) -> tuple:
    """What names a document's body: its kind, name and places."""
    return (d.get("org_type"), d.get("org_name"), *map(d.get, _SIGNED))


def identify(docs: list[Rows], rules: Rules) -> list[Organisation]:
    """The bodies the documents name, each with its documents."""
    groups = _Groups(rules)
    seen: dict[tuple[str, str | None], tuple[str, OrgTypeRule | None]] = {}  # a body's documents share a name
    ordered = sorted(docs, key=lambda d: (d.get("source_file") or "", d["doc_id"]))
    # documents that name the body and the places the one before them did (a body's documents sit
    # side by side in its folder) join the same group, at once: the groups made before them refused
    # the first of them, and the group it joined now holds its name and places
    for (org_type, name, *_), run in groupby(ordered, key=_signature):
        if not name:
            continue
        if (name, org_type) not in seen:
            seen[(name, org_type)] = (_core(name, rules), rules.orgs.kind_of(name, org_type))
        core, kind = seen[(name, org_type)]
        same = list(run)
        d = same[0]
        hit = groups.find(d, core, kind) or groups.new(d, kind)
        groups.joined(hit, d, core)
        # an OCR'd document's spelling counts half: on a tie the text layer's spelling wins
        weight = sum(0.5 if x.get("extraction") in ("ocr", "mixed") else 1.0 for x in same)
        hit.names[name] += weight
        for place, counter in hit.places.items():
            if d.get(place):
                counter[d[place]] += weight
        hit.doc_ids.extend(x["doc_id"] for x in same)
    out = []
    gaz = Gazetteer(rules.places)
    for g in groups.made:
        name = g.top(g.names) or ""
        top = {k: g.top(c) for k, c in g.places.items()}
        province, district = (gaz.area(top[c]) for c in ("province_code", "district_code"))
        out.append(
            Organisation(
                _key(g, name, rules),
                name,
                g.org_type,
                g.kind.kind if g.kind else None,
                g.kind.group if g.kind else None,
                top["province"],
                top["district"],
                top["province_code"],
                top["district_code"],
                top["subdistrict_code"],
                tuple(g.doc_ids),
                tuple(n for n, _ in sorted(g.names.items(), key=lambda kv: -kv[1])),
                province.name if province else None,
                district.name if district else None,
            )
        )
    return out


def assign_org_keys(docs: list[Rows], rules: Rules) -> dict[str, str]:
    """doc_id -> org_key for every document that names its organisation."""
    return {did: o.key for o in identify(docs, rules) for did in o.doc_ids}


def resolver(orgs: list[Organisation], rules: Rules) -> Callable[[str | None], str | None]:
    """``resolve(name)``: the key of the one known body a name (as a results table prints it) is,
    else None: its spellings compared without marks, spaces and punctuation, alike beyond
    ``org_name_min``."""
    spellings = [(compact(skeleton(n)), o.key) for o in orgs for n in o.names]
    choices = [s for s, _ in spellings]

    def resolve(name: str | None) -> str | None:
        if not name:
            return None
        hits = {spellings[i][1] for i in similar(skeleton(name), choices, rules.matching.org_name_min)}
        return hits.pop() if len(hits) == 1 else None

    return resolve
