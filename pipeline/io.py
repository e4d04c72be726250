"""The output edge: datasets to Parquet, written so that readers never see half a run.

Every dataset is first written completely under ``<out>/.staging-<pid>/`` and then moved into
place with ``os.replace`` (atomic per file on POSIX). An interrupted run leaves the previous
files untouched; the staging folder is removed at the next run.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:
    import pyarrow as pa

    from .schemas import Dataset

# pyarrow is imported where a table is made or written: a run with nothing to do only writes
# its JSON records (write_text_atomic) and must start quickly


def to_table(rows: Iterable[Mapping], dataset: Dataset) -> pa.Table:
    """Rows (dicts) -> a table with exactly the dataset's schema, sorted by its key."""
    import pyarrow as pa

    names = dataset.names
    cols: dict[str, list] = {n: [] for n in names}
    for r in rows:
        for n in names:
            cols[n].append(r.get(n))
    table = pa.table({n: pa.array(cols[n], type=dataset.schema.field(n).type) for n in names})
    if table.num_rows and dataset.key:
        table = table.sort_by([(k, "ascending") for k in dataset.key])
    return table


def write_parquet(table: pa.Table, path: Path) -> None:
    import pyarrow.parquet as pq

    # no timestamps or run ids inside data files: identical input gives identical bytes
    pq.write_table(table, str(path), compression="zstd", write_statistics=True)


def publish(tables: Mapping[str, pa.Table], out_dir: str | Path) -> list[Path]:
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
def read_rows(out_dir: str | Path, name: str, doc_ids: set[str]) -> list[dict]:
    """The rows of a published dataset that belong to ``doc_ids`` (to reuse unchanged documents)."""
    import pyarrow.compute as pc
    import pyarrow.dataset as pads

    path = Path(out_dir) / f"{name}.parquet"
    if not path.exists() or not doc_ids:
        return []
    table = pads.dataset(str(path)).to_table(filter=pc.field("doc_id").isin(list(doc_ids)))
    return table.to_pylist()
