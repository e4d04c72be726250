"""Across documents: which inputs are one document (identity), which bodies they are about
(organisations), what each kind of document is evidence of (rules/corpus.yaml), then the auditor's
datasets (derived). Pure: per-document rows in, new rows out."""

from __future__ import annotations

from ..adapters.sketch import Sketches
from ..model import MeasureKind, MeasureRole, Rows, Status
from ..rules import Rules
from .derived import coverage, missing_items, plan_vs_outcome
from .identity import Relation, key_of, relations
from .organisations import Organisation, assign_org_keys, identify, resolver

__all__ = [
    "DERIVED",
    "assign_org_keys",
    "cross_document",
    "derive",
    "identify",
    "mark_documents",
    "mark_rows",
]

#: the per-document datasets that name the organisation: each row gets its ``org_key`` and whether
#: its document counts (``counted``)
KEYED = ("indicator_scores", "item_scores", "measures", "budgets")
#: the datasets derived per organisation (``derive``)
DERIVED = ("missing_items", "plan_vs_outcome", "coverage")


def cross_document(rows: dict[str, list[Rows]], rules: Rules) -> dict[str, list[Rows]]:
    """The per-document rows of every document -> those rows marked (``org_key``, ``counted``,
    copies and versions, what measures count as), ``organisations``, and the cross-document
    datasets. The input is not changed."""
    docs, orgs = mark_documents(rows["documents"], rules)
    out = mark_rows(rows, docs, orgs, rules)
    out.update({"documents": docs, "organisations": [o.row() for o in orgs]})
    out.update(derive(out, orgs, rules))
    return out


def mark_documents(
    documents: list[Rows],
    rules: Rules,
    fresh: set[str] | None = None,
    in_place: bool = False,
    known: Sketches | None = None,
) -> tuple[list[Rows], list[Organisation]]:
    """Every input's ``documents`` row with what the corpus says of it (copies and versions,
    ``counted``, ``org_key``), and the bodies the counted ones name. ``fresh``: the documents new
    to a corpus whose other rows carry their relations as published (``identity.relations``);
    ``in_place``: the rows are the caller's to change (a nightly run over 10^5 inputs does not
    copy them all); ``known``: the published documents' sketches, when their rows carry none.
    """
    rel = relations(documents, rules, fresh, known)
    docs = [_document(d, rel.get(key_of(d), Relation()), in_place) for d in documents]
    orgs = identify([d for d in docs if d["counted"]], rules)
    org_of = {did: o.key for o in orgs for did in o.doc_ids}
    for d in docs:  # a copy or an earlier version is about the body of the one that counts
        d["org_key"] = org_of.get(d["doc_id"]) or org_of.get(d["duplicate_of"] or d["superseded_by"] or "")
    return docs, orgs


def mark_rows(
    rows: dict[str, list[Rows]], docs: list[Rows], orgs: list[Organisation], rules: Rules
) -> dict[str, list[Rows]]:
    """The rows of the keyed datasets (``KEYED``, ``assessment_results``) with their document's
    ``org_key`` and ``counted`` (``docs``: marked by ``mark_documents``), measures with what they
    count as."""
    counted = {d["doc_id"] for d in docs if d["counted"]}
    org_by_doc = {d["doc_id"]: d["org_key"] for d in docs if d["org_key"]}
    kind_of = {d["doc_id"]: (d.get("doc_type"), d.get("doc_subtype")) for d in docs}
    out = {
        name: [
            {**r, "org_key": org_by_doc.get(r["doc_id"]), "counted": r["doc_id"] in counted}
            for r in rows.get(name, [])
        ]
        for name in KEYED
    }
    out["measures"] = [
        {**m, "counts_as": _counts_as(m, kind_of.get(m["doc_id"]), rules)} for m in out["measures"]
    ]
    resolve = resolver(orgs, rules)
    out["assessment_results"] = [
        {**r, "org_key": resolve(r["org_name"]), "counted": r["doc_id"] in counted}
        for r in rows.get("assessment_results", [])
    ]
    return out


def derive(rows: dict[str, list[Rows]], orgs: list[Organisation], rules: Rules) -> dict[str, list[Rows]]:
    """The auditor's datasets from the marked rows: per organisation, so the rows of some
    organisations give exactly their rows."""
    names = {o.key: o.name for o in orgs}
    return {
        "missing_items": missing_items(rows["item_scores"], rows["measures"], names, rules),
        "plan_vs_outcome": plan_vs_outcome(rows["measures"], rows["indicator_scores"], names, rules),
        "coverage": coverage(rows, names, rules),
    }


def _document(d: Rows, r: Relation, in_place: bool = False) -> Rows:
    out = d if in_place else dict(d)
    out.update(
        duplicate_of=r.duplicate_of,
        duplicate_reason=r.duplicate_reason,
        supersedes=r.supersedes,
        superseded_by=r.superseded_by,
        counted=r.counts and d.get("status") != Status.ERROR,
    )
    return out


def _counts_as(m: Rows, kind: tuple[str | None, str | None] | None, rules: Rules) -> MeasureRole:
    """Planned or reported when its document's measures are integrity measures, by whether the row
    is a plan's or a report's; else evidence of something else."""
    rule = rules.corpus.evidence_rule(*(kind or (None, None)))
    if rule is None or rule.measures != "integrity":
        return MeasureRole.OTHER
    return MeasureRole.PLANNED if m.get("kind") == MeasureKind.PLAN else MeasureRole.REPORTED
