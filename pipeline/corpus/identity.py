"""Document identity by content: which inputs are one document (the same bytes under two names, a
text PDF and a scan of it, a re-export, a re-upload with a few pages changed), and which are a
later version of a plan that replaces an earlier one.

Every input keeps its ``documents`` row. Of one document's copies the one kept has the better text
source (text layer, then mixed, then OCR), then is the newer (its printed date, then the last year
it covers), then comes first by file name; the others get ``duplicate_of`` and a reason. Two
documents are compared only when they are alike enough to be worth it (``adapters.sketch``:
locality-sensitive hashing over their MinHash sketches, never every pair), and are one document
only when their kind, year, body and page count agree too: two bodies' plans typed from one
template share most of their words but not their names, places and figures.

A document that calls itself a revision of another (``revision_note``: "ฉบับปรับปรุง") is a later
version, not a copy: it ``supersedes`` the earlier one, whose rows stop counting. Two documents that
print different dates are two documents (this month's report and last month's), never copies.
Pure: rows in, relations out (``rules/corpus.yaml: identity``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from ..adapters.fuzzy import ratio
from ..adapters.sketch import Sketches, candidate_pairs, candidates_of, likeness
from ..model import Extraction, Rows, Status
from ..rules import Rules
from ..rules.models import IdentityRules

DocKey = tuple[str, str]  # (doc_id, source_file): one input
_RE_TONE_OR_SPACE = re.compile("[\u0e48-\u0e4c\\s]")
#: how good a text source is (higher is better)
_SOURCE_RANK = {Extraction.TEXT: 2, Extraction.MIXED: 1, Extraction.OCR: 0}


@dataclass(frozen=True)
class Relation:
    """What one input is to the others."""

    duplicate_of: str | None = None  # doc_id of the copy kept
    duplicate_reason: str | None = None
    supersedes: str | None = None  # doc_id of the earlier version it replaces
    superseded_by: str | None = None

    @property
    def counts(self) -> bool:
        return self.duplicate_of is None and self.superseded_by is None


#: an input's key: (doc_id, source_file) of its documents row (a getter in C: a nightly run takes
#: the keys of 10^5 rows several times)
key_of: Callable[[Rows], DocKey] = itemgetter("doc_id", "source_file")


def relations(
    docs: list[Rows], rules: Rules, fresh: set[str] | None = None, known: Sketches | None = None
) -> dict[DocKey, Relation]:
    """Every input's relation to the others (inputs that are none of these are left out).

    ``fresh``: the doc_ids new to a corpus whose other rows carry the relations found before
    (``duplicate_of`` …, as published): only the documents a fresh one may touch are compared again
    — the fresh ones, those LSH pairs with one, and every document related to those before — and the
    others keep what they had. The same answer as comparing the whole corpus, at the cost of the
    few. ``known``: the published documents' sketches as one matrix, when their rows carry none (a
    nightly run reads 10^5 of them as one array)."""
    if fresh is not None:
        return _relations_around(docs, rules, fresh, known)
    ident = rules.corpus.identity
    out: dict[DocKey, Relation] = {}
    firsts: dict[str, Rows] = {}
    for d in sorted(docs, key=lambda d: (d["doc_id"], d["source_file"])):
        if d["doc_id"] in firsts:  # the same bytes under another name
            first = firsts[d["doc_id"]]
            out[key_of(d)] = Relation(d["doc_id"], f"same bytes as {first['source_file']}")
        else:
            firsts[d["doc_id"]] = d
    readable = {doc_id: d for doc_id, d in firsts.items() if d.get("status") != Status.ERROR}
    sketches = {doc_id: _sketch(d) for doc_id, d in readable.items()}
    same: list[tuple[str, str, float]] = []
    versions: list[tuple[str, str]] = []  # (later, earlier)
    for a, b in candidate_pairs(sketches, ident.candidate_likeness):
        da, db = readable[a], readable[b]
        if not _same_kind(da, db, rules) or _dated_apart(da, db):
            continue  # another body's, kind's or year's document; or another month's report
        if (da.get("revision_note") or "") != (db.get("revision_note") or ""):
            versions.append((a, b) if _later(da, db) else (b, a))
            continue
        alike = likeness(sketches[a], sketches[b])
        if alike >= _threshold(da, db, ident) and _pages_agree(da, db, ident):
            same.append((a, b, alike))
    out.update(_copies(readable, same))
    copies = {k[0] for k, r in out.items() if r.duplicate_of}
    for later, earlier in versions:
        if later in copies or earlier in copies:
            continue
        out[key_of(readable[later])] = _merge(out.get(key_of(readable[later])), supersedes=earlier)
        out[key_of(readable[earlier])] = _merge(out.get(key_of(readable[earlier])), superseded_by=later)
    return out


def _relations_around(
    docs: list[Rows], rules: Rules, fresh: set[str], known: Sketches | None
) -> dict[DocKey, Relation]:
    before = {key_of(d): _relation_of(d) for d in docs if _related(d)}
    present = {d["doc_id"] for d in docs}
    links: dict[str, set[str]] = {}
    for (doc_id, _), r in before.items():
        for other in (r.duplicate_of, r.supersedes, r.superseded_by):
            if other and other != doc_id:
                links.setdefault(doc_id, set()).add(other)
                links.setdefault(other, set()).add(doc_id)
    readable = [d for d in docs if d.get("status") != Status.ERROR]
    asked = {d["doc_id"]: _sketch(d) for d in readable if d["doc_id"] in fresh}
    sketches: Sketches | dict[str, Sequence[int]]
    if known is not None:  # the published ones as read, a row of the matrix each
        sketches = known  # (a published document that lost an input has its sketch there)
        asked = {k: v if len(v) else known.get(k) for k, v in asked.items()}
    else:
        sketches = {d["doc_id"]: _sketch(d) for d in readable}
    touched = set(fresh) | candidates_of(asked, sketches, rules.corpus.identity.candidate_likeness)
    touched |= {k for k, near in links.items() if near - present}  # related to a document now gone
    todo = list(touched)
    while todo:  # and everything related to those, before
        for other in links.get(todo.pop(), ()):
            if other not in touched:
                touched.add(other)
                todo.append(other)
    again = [d for d in docs if d["doc_id"] in touched]
    if known is not None:
        again = [
            d if "content_sketch" in d else {**d, "content_sketch": known.get(d["doc_id"])} for d in again
        ]
    out = {k: r for k, r in before.items() if k[0] not in touched and r != Relation()}
    out.update(relations(again, rules))
    return out


def _related(d: Rows) -> bool:
    return bool(d.get("duplicate_of") or d.get("supersedes") or d.get("superseded_by"))


def _relation_of(d: Rows) -> Relation:
    return Relation(
        d.get("duplicate_of"), d.get("duplicate_reason"), d.get("supersedes"), d.get("superseded_by")
    )


def _sketch(d: Rows) -> Sequence[int]:
    v = d.get("content_sketch")
    return v if v is not None and len(v) else ()


def _merge(r: Relation | None, **fields: str) -> Relation:
    base = r or Relation()
    return Relation(
        base.duplicate_of,
        base.duplicate_reason,
        fields.get("supersedes", base.supersedes),
        fields.get("superseded_by", base.superseded_by),
    )


def _threshold(a: Rows, b: Rows, ident: IdentityRules) -> float:
    ocr = {a.get("extraction"), b.get("extraction")} & {Extraction.OCR, Extraction.MIXED}
    return ident.same_ocr if ocr else ident.same_text


def _pages_agree(a: Rows, b: Rows, ident: IdentityRules) -> bool:
    pa, pb = a.get("pages") or 0, b.get("pages") or 0
    return abs(pa - pb) <= max(1, ident.page_tolerance * max(pa, pb))


def _core(name: str | None) -> str:
    return _RE_TONE_OR_SPACE.sub("", name or "")


def _same_kind(a: Rows, b: Rows, rules: Rules) -> bool:
    """The same kind of document, of the same year and the same body (as far as each says)."""
    if (a.get("doc_type"), a.get("doc_subtype")) != (b.get("doc_type"), b.get("doc_subtype")):
        return False
    for col in ("fiscal_year", "fiscal_year_end", "org_type"):
        if a.get(col) is not None and b.get(col) is not None and a[col] != b[col]:
            return False
    na, nb = _core(a.get("org_name")), _core(b.get("org_name"))
    return not na or not nb or ratio(na, nb) >= rules.matching.org_name_min


def _dated_apart(a: Rows, b: Rows) -> bool:
    """Both print a date and the dates differ: two documents (this month's report and last month's),
    never copies of one."""
    return a.get("doc_date") is not None and b.get("doc_date") is not None and a["doc_date"] != b["doc_date"]


def _later(a: Rows, b: Rows) -> bool:
    """Is ``a`` the later version of the two? The one that calls itself a revision (the higher
    revision number when both do)."""
    na, nb = a.get("revision_note") or "", b.get("revision_note") or ""
    if bool(na) != bool(nb):
        return bool(na)
    return _revision_number(na) > _revision_number(nb)


def _revision_number(note: str) -> int:
    digits = re.findall(r"\d+", note)
    return int(digits[-1]) if digits else 1


def _copies(docs: dict[str, Rows], same: list[tuple[str, str, float]]) -> dict[DocKey, Relation]:
    """Copies grouped (a copy of a copy is a copy), each group's best kept, the others pointing at it."""
    parent = {k: k for k in docs}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    best: dict[tuple[str, str], float] = {}  # likeness of each pair found alike
    for a, b, alike in same:
        parent[root(a)] = root(b)
        best[(a, b)] = best[(b, a)] = alike
    groups: dict[str, list[str]] = {}
    for k in docs:
        groups.setdefault(root(k), []).append(k)
    out: dict[DocKey, Relation] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        kept = min(members, key=lambda k: _preference(docs[k]))
        for k in members:
            if k == kept:
                continue
            d, keep = docs[k], docs[kept]
            pair = best.get((k, kept))
            how = f"likeness {pair:.2f}" if pair is not None else "through another copy"
            source = (
                "; this one read by OCR" if d.get("extraction") in (Extraction.OCR, Extraction.MIXED) else ""
            )
            out[key_of(d)] = Relation(kept, f"same document as {keep['source_file']} ({how}{source})")
    return out


def _preference(d: Rows) -> tuple[int, bool, int, int, str]:
    """Which copy to keep (smallest first): the better text source, read whole, the newer, then the
    first by file name."""
    dated = d.get("doc_date")
    return (
        -_SOURCE_RANK.get(Extraction(d.get("extraction") or Extraction.TEXT), 0),
        d.get("status") != Status.OK,
        -(dated.toordinal() if dated else 0),
        -(d.get("fiscal_year_end") or d.get("fiscal_year") or 0),
        d["source_file"],
    )
