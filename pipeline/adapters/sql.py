"""The published datasets as DuckDB views, one per dataset, named after it (the only module that
imports DuckDB): ``query(connect("data/processed"), "select org_name, count(*) from measures group by 1")``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from ..datasets import ALL, Dataset
from . import parquet


class DataError(Exception):
    """A problem with the data folder or a query, said in one line."""


def _source(folder: Path, name: str) -> list[str]:
    """The files of ``NAME.parquet`` (a file, or a folder of parts as ``ita extract`` publishes), or
    of a folder ``NAME/`` of Parquet files (CONTRACT.md allows both), as absolute paths; [] when
    the dataset is absent."""
    for path in (folder / f"{name}.parquet", folder / name):
        if path.is_file():
            return [str(path.resolve())]
        if path.is_dir():
            return sorted(str(p.resolve()) for p in path.rglob("*.parquet"))
    return []


def _literal(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def connect(data_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per dataset; a dataset that is absent is an empty view
    with its columns, so that queries still bind. Read-only beyond the views: the published
    files are the only ones it may open (no COPY, read_csv, glob, ATTACH, extension loading), and
    its configuration is locked once the views are made."""
    folder = Path(data_dir)
    if not folder.is_dir():
        raise DataError(f"data folder not found: {folder} (run `ita extract` first, or give --data)")
    sources = {ds.name: _source(folder, ds.name) for ds in ALL}
    if not any(sources.values()):
        raise DataError(f"no datasets in {folder}: run `ita extract` first")
    con = duckdb.connect(
        ":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    for ds in ALL:
        files = sources[ds.name]
        if not files:
            con.register(f"_empty_{ds.name}", _empty(ds))
            con.execute(f"create view {ds.name} as select * from _empty_{ds.name}")
        else:
            listed = "[" + ", ".join(_literal(f) for f in files) + "]"
            con.execute(
                f"create view {ds.name} as select * from read_parquet({listed}, "
                "hive_partitioning = true, union_by_name = true)"
            )
    allowed = "[" + ", ".join(_literal(f) for files in sources.values() for f in files) + "]"
    con.execute(f"set allowed_paths = {allowed}")
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


def _empty(ds: Dataset) -> Any:
    return parquet.empty_table(ds)


def query(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> Any:
    """Run ``sql``; a mistake in it is a ``DataError`` with DuckDB's first line."""
    try:
        rel = con.sql(sql, params=params or None)
        if rel is None:  # a statement without a result (create view, set, ...)
            return parquet.empty_result()
        fetch = getattr(rel, "to_arrow_table", None) or rel.arrow  # DuckDB 2 / 1.x
        return fetch()
    except duckdb.Error as exc:
        raise DataError(one_line(str(exc))) from None


def one_line(message: str) -> str:
    """DuckDB's message in one line: the error and its hint (``Candidate bindings: "org_name"``,
    ``Did you mean "measures"?``), without the echo of the query."""
    lines = [ln.strip() for ln in message.strip().splitlines() if ln.strip()]
    keep = [lines[0], *(ln for ln in lines[1:] if not ln.startswith("LINE ") and set(ln) - set("^ "))]
    return " ".join(keep)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> list[dict]:
    return query(con, sql, params).to_pylist()
