"""The output edge: datasets to Parquet files, written so that readers never see half a run.

Every dataset is first written completely under ``<out>/.staging-<pid>/`` and then moved into
place with ``os.replace`` (atomic per file on POSIX). An interrupted run leaves the previous
files untouched; the staging folder is removed at the next run.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..adapters.parquet import read_rows as _read_rows
from ..adapters.parquet import write_parquet


def publish(tables: Mapping[str, Any], out_dir: str | Path) -> list[Path]:
    """Write every table to ``<out>/<name>.parquet``: all to staging first, then swap in."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    written = []
    try:
        for name, table in tables.items():
            write_parquet(table, staging / f"{name}.parquet")
        for name in tables:
            target = out / f"{name}.parquet"
            os.replace(staging / f"{name}.parquet", target)
            written.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write a text file whole or not at all (a temporary file beside it, then ``os.replace``)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def clean_stale_staging(out_dir: str | Path) -> None:
    """Remove staging folders left by runs that were killed."""
    out = Path(out_dir)
    if out.exists():
        for p in out.glob(".staging-*"):
            shutil.rmtree(p, ignore_errors=True)


# ------------------------------------------------------------------------------ previous rows
def read_rows(out_dir: str | Path, name: str, doc_ids: set[str]) -> list[dict[str, Any]]:
    """The rows of a published dataset that belong to ``doc_ids`` (to reuse unchanged documents)."""
    return _read_rows(Path(out_dir) / f"{name}.parquet", doc_ids)
