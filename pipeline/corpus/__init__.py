"""Across documents: which inputs are one document (identity), which bodies they are about
(organisations), what each kind of document is evidence of (rules/corpus.yaml), then the auditor's
datasets (derived). Pure: per-document rows in, new rows out."""

from __future__ import annotations

from ..model import MeasureKind, MeasureRole, Rows, Status
from ..rules import Rules
from .derived import coverage, missing_items, plan_vs_outcome
from .identity import Relation, key_of, relations
from .organisations import assign_org_keys, identify, resolver

__all__ = ["assign_org_keys", "cross_document", "identify"]

#: the per-document datasets that name the organisation: each row gets its ``org_key`` and whether
#: its document counts (``counted``)
KEYED = ("indicator_scores", "item_scores", "measures", "budgets")


def cross_document(rows: dict[str, list[Rows]], rules: Rules) -> dict[str, list[Rows]]:
    """The per-document rows of every document -> those rows marked (``org_key``, ``counted``,
    copies and versions, what measures count as), ``organisations``, and the cross-document
    datasets. The input is not changed."""
    rel = relations(rows["documents"], rules)
    docs = [_document(d, rel.get(key_of(d), Relation())) for d in rows["documents"]]
    orgs = identify([d for d in docs if d["counted"]], rules)
    org_of = {did: o.key for o in orgs for did in o.doc_ids}
    for d in docs:  # a copy or an earlier version is about the body of the one that counts
        d["org_key"] = org_of.get(d["doc_id"]) or org_of.get(d["duplicate_of"] or d["superseded_by"] or "")
    names = {o.key: o.name for o in orgs}
    counted = {d["doc_id"] for d in docs if d["counted"]}
    org_by_doc = {d["doc_id"]: d["org_key"] for d in docs if d["org_key"]}
    kind_of = {d["doc_id"]: (d.get("doc_type"), d.get("doc_subtype")) for d in docs}
    keyed = {
        name: [
            {**r, "org_key": org_by_doc.get(r["doc_id"]), "counted": r["doc_id"] in counted}
            for r in rows.get(name, [])
        ]
        for name in KEYED
    }
    keyed["measures"] = [
        {**m, "counts_as": _counts_as(m, kind_of.get(m["doc_id"]), rules)} for m in keyed["measures"]
    ]
    out = {**keyed, "documents": docs, "organisations": [o.row() for o in orgs]}
    resolve = resolver(orgs, rules)
    out["assessment_results"] = [
        {**r, "org_key": resolve(r["org_name"]), "counted": r["doc_id"] in counted}
        for r in rows.get("assessment_results", [])
    ]
    out["missing_items"] = missing_items(out["item_scores"], out["measures"], names, rules)
    out["plan_vs_outcome"] = plan_vs_outcome(out["measures"], out["indicator_scores"], names, rules)
    out["coverage"] = coverage(out, names, rules)
    return out


def _document(d: Rows, r: Relation) -> Rows:
    return {
        **d,
        "duplicate_of": r.duplicate_of,
        "duplicate_reason": r.duplicate_reason,
        "supersedes": r.supersedes,
        "superseded_by": r.superseded_by,
        "counted": r.counts and d.get("status") != Status.ERROR,
    }


def _counts_as(m: Rows, kind: tuple[str | None, str | None] | None, rules: Rules) -> MeasureRole:
    """Planned or reported when its document's measures are integrity measures, by whether the row
    is a plan's or a report's; else evidence of something else."""
    rule = rules.corpus.evidence_rule(*(kind or (None, None)))
    if rule is None or rule.measures != "integrity":
        return MeasureRole.OTHER
    return MeasureRole.PLANNED if m.get("kind") == MeasureKind.PLAN else MeasureRole.REPORTED
