"""Across documents: organisation identity, then the auditor's datasets (pure)."""
from __future__ import annotations

from ..model import Rows
from ..rules import Rules
from .derived import missing_items, plan_vs_outcome
from .organisations import assign_org_keys


def cross_document(rows: dict[str, list[Rows]], rules: Rules) -> dict[str, list[Rows]]:
    """The per-document rows of every document -> ``documents`` with ``org_key``, and the
    cross-document datasets (``missing_items``, ``plan_vs_outcome``). The input is not changed."""
    org_of = assign_org_keys(rows["documents"], rules)
    return {
        "documents": [{**d, "org_key": org_of.get(d["doc_id"])} for d in rows["documents"]],
        "missing_items": missing_items(rows["item_scores"], rows["measures"], org_of, rules),
        "plan_vs_outcome": plan_vs_outcome(rows["measures"], rows["indicator_scores"], rows["documents"], org_of, rules),
    }
