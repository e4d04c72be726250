"""The datasets of a run, from the results of its documents (pure): one result per document, the
per-document rows of all of them, then the cross-document datasets (``pipeline.corpus``), then one
Arrow table per dataset."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import corpus
from .adapters import parquet
from .datasets import ALL, PER_DOCUMENT
from .model import DocumentResult, Rows
from .rules import Rules


def one_per_document(results: list[DocumentResult]) -> tuple[list[DocumentResult], list[tuple[str, str]]]:
    """Sorted by file name. A file with the same bytes as an earlier one (the same ``doc_id``) keeps
    its ``documents`` row (every input has one; ``pipeline.corpus`` marks it a copy) but no other
    rows: the document's rows are published once. Also the (copy, first file) pairs."""
    first: dict[str, DocumentResult] = {}
    out: list[DocumentResult] = []
    copies = []
    for r in sorted(results, key=lambda r: r.source_file):
        if r.doc_id not in first:
            first[r.doc_id] = r
            out.append(r)
            continue
        original = first[r.doc_id]
        copies.append((r.source_file, original.source_file))
        doc = [{**d, "source_file": r.source_file} for d in original.rows.get("documents", [])[:1]]
        out.append(replace(original, source_file=r.source_file, rows={"documents": doc}))
    return out, copies


def build_rows(results: list[DocumentResult], rules: Rules) -> dict[str, list[Rows]]:
    """Per-document rows of every document -> the rows of every dataset (pure)."""
    rows = {ds.name: [row for r in results for row in r.rows.get(ds.name, [])] for ds in PER_DOCUMENT}
    rows.update(corpus.cross_document(rows, rules))
    return rows


def copies(documents: list[Rows]) -> list[tuple[str, str]]:
    """(file, why) of every input the corpus holds as a copy of another document, from the marked
    ``documents`` rows."""
    return sorted((d["source_file"], d["duplicate_reason"]) for d in documents if d.get("duplicate_reason"))


def build_tables(results: list[DocumentResult], rules: Rules) -> dict[str, Any]:
    """Per-document rows -> cross-document datasets -> one Arrow table per dataset."""
    rows = build_rows(results, rules)
    return {ds.name: parquet.to_table(rows[ds.name], ds) for ds in ALL}
