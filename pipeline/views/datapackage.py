"""``datapackage.json``: the published datasets described as a Frictionless Data Package (the
descriptor researchers' tools read: frictionless, Datasette, R, spreadsheets), from
``pipeline/datasets.py``. Written beside the Parquet files by every publish."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import __version__
from ..datasets import ALL, Column, Dataset

#: Arrow types as Table Schema field types
_TYPES = {
    "string": "string",
    "int32": "integer",
    "int64": "integer",
    "double": "number",
    "bool": "boolean",
    "date32[day]": "date",
}


def _field(c: Column) -> dict[str, Any]:
    if c.type.startswith("list<"):
        kind = {"type": "array", "arrayItem": {"type": _TYPES.get(c.type[len("list<item: ") : -1], "any")}}
    else:
        kind = {"type": _TYPES.get(c.type, "any")}
    out: dict[str, Any] = {"name": c.name, **kind, "description": c.meaning}
    if c.example and kind["type"] != "array":
        out["example"] = c.example
    elif c.example:
        out["description"] += f" (e.g. {c.example})"
    if c.values is not None:
        values = list(c.values.values())
        if kind["type"] == "array":
            out["arrayItem"]["constraints"] = {"enum": values}
        else:
            out["constraints"] = {"enum": values}
    if c.extra:
        out["x-extra"] = True  # added by this project to CONTRACT.md
    return out


def _foreign_keys(ds: Dataset) -> list[dict[str, Any]]:
    """A row's document (``doc_id``) and body (``org_key``), where the dataset has them."""
    names = set(ds.names)
    out = []
    if "doc_id" in names and ds.name != "documents":
        out.append({"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}})
    if "org_key" in names and ds.name != "organisations":
        out.append({"fields": ["org_key"], "reference": {"resource": "organisations", "fields": ["org_key"]}})
    return out


def _resource(ds: Dataset, parts: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c) for c in ds.columns], "primaryKey": list(ds.key)}
    if keys := _foreign_keys(ds):
        schema["foreignKeys"] = keys
    return {
        "name": ds.name,
        # a folder of parts: every part named (a multipart resource), else the one file
        "path": [f"{ds.name}.parquet/{p}" for p in parts] if parts else f"{ds.name}.parquet",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "type": "table",
        "description": f"{ds.grain[0].upper()}{ds.grain[1:]}",
        "schema": schema,
    }


def datapackage(run_id: str | None = None, parts: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """The Data Package descriptor of the datasets (every dataset, its columns and key; ``parts``:
    the part files of each dataset's folder)."""
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "thai-ita-documents",
        "title": "Thai ITA documents: plans, reports and scores of public bodies",
        "description": (
            "Integrity and Transparency Assessment (ITA) documents of Thai public bodies read into "
            "datasets: documents, scores, measures, budgets and what they say across documents. "
            "Column meanings: docs/data-dictionary.md."
        ),
        "version": __version__,
        **({"x-run-id": run_id} if run_id else {}),
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [_resource(ds, (parts or {}).get(ds.name)) for ds in ALL],
    }
