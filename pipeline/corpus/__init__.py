"""Across documents: organisation identity, then the auditor's datasets (pure)."""

from __future__ import annotations

from ..model import Rows
from ..rules import Rules
from .derived import missing_items, plan_vs_outcome
from .organisations import assign_org_keys, identify

__all__ = ["assign_org_keys", "cross_document", "identify"]

#: the per-document datasets that name the organisation: each row gets its ``org_key``
KEYED = ("documents", "indicator_scores", "item_scores", "measures", "budgets")


def cross_document(rows: dict[str, list[Rows]], rules: Rules) -> dict[str, list[Rows]]:
    """The per-document rows of every document -> those rows with ``org_key``, ``organisations``,
    and the cross-document datasets (``missing_items``, ``plan_vs_outcome``). The input is not
    changed."""
    orgs = identify(rows["documents"], rules)
    org_of = {did: o.key for o in orgs for did in o.doc_ids}
    names = {o.key: o.name for o in orgs}
    keyed = {name: [{**r, "org_key": org_of.get(r["doc_id"])} for r in rows.get(name, [])] for name in KEYED}
    return {
        **keyed,
        "organisations": [o.row() for o in orgs],
        "missing_items": missing_items(rows["item_scores"], rows["measures"], org_of, names, rules),
        "plan_vs_outcome": plan_vs_outcome(
            rows["measures"], rows["indicator_scores"], rows["documents"], org_of, names, rules
        ),
    }
