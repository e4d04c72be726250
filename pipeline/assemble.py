"""The datasets of a run, from the results of its documents (pure): one result per document, the
per-document rows of all of them, then the cross-document datasets (``pipeline.corpus``), then one
Arrow table per dataset."""

from __future__ import annotations

from typing import Any

from . import corpus
from .adapters import parquet
from .datasets import ALL, PER_DOCUMENT
from .model import DocumentResult, Rows
from .rules import Rules


def one_per_document(results: list[DocumentResult]) -> tuple[list[DocumentResult], list[tuple[str, str]]]:
    """Sorted by file name; a file with the same bytes as an earlier one (same ``doc_id``) is
    reported, not published twice: ``doc_id`` is the key of every dataset."""
    kept: dict[str, DocumentResult] = {}
    duplicates = []
    for r in sorted(results, key=lambda r: r.source_file):
        if r.doc_id in kept:
            duplicates.append((r.source_file, kept[r.doc_id].source_file))
            continue
        kept[r.doc_id] = r
    return list(kept.values()), duplicates


def build_rows(results: list[DocumentResult], rules: Rules) -> dict[str, list[Rows]]:
    """Per-document rows of every document -> the rows of every dataset (pure)."""
    rows = {ds.name: [row for r in results for row in r.rows.get(ds.name, [])] for ds in PER_DOCUMENT}
    rows.update(corpus.cross_document(rows, rules))
    return rows


def build_tables(results: list[DocumentResult], rules: Rules) -> dict[str, Any]:
    """Per-document rows -> cross-document datasets -> one Arrow table per dataset."""
    rows = build_rows(results, rules)
    return {ds.name: parquet.to_table(rows[ds.name], ds) for ds in ALL}
