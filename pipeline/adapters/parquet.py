"""Parquet and Arrow (the only module that imports pyarrow): a dataset's rows as a table with
exactly its contract's types, written without timestamps, rows read back, and the table work a
nightly run does on the parts of a dataset (rows of some documents kept or moved, marks set anew).

pyarrow is imported where a table is made, written or read: a run with nothing to do only writes
its JSON records and must start quickly.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..datasets import Dataset, check_rows
from ..model import Rows

if TYPE_CHECKING:
    import pyarrow as pa


def arrow_type(name: str) -> Any:
    """An Arrow type from its printed name (``string``, ``list<item: int32>``, ``date32[day]`` …)."""
    import pyarrow as pa

    simple = {
        "string": pa.string(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "double": pa.float64(),
        "bool": pa.bool_(),
        "date32[day]": pa.date32(),
    }
    if name in simple:
        return simple[name]
    if name.startswith("list<item: ") and name.endswith(">"):
        return pa.list_(arrow_type(name[len("list<item: ") : -1]))
    raise ValueError(f"unknown Arrow type {name!r}")


def schema(dataset: Dataset) -> pa.Schema:
    import pyarrow as pa

    return pa.schema([pa.field(c.name, arrow_type(c.type)) for c in dataset.columns])


def to_table(rows: Iterable[Rows], dataset: Dataset) -> pa.Table:
    """Rows -> a table with exactly the dataset's schema, sorted by its key. A row with a column
    the dataset does not have is refused (``DatasetError``)."""
    import pyarrow as pa

    rows = check_rows(rows, dataset)
    sch = schema(dataset)
    cols = {n: [r.get(n) for r in rows] for n in dataset.names}
    table = pa.table({n: pa.array(cols[n], type=sch.field(n).type) for n in dataset.names})
    if table.num_rows and dataset.key:
        table = table.sort_by([(k, "ascending") for k in dataset.key])
    return table


def empty_table(dataset: Dataset) -> pa.Table:
    return schema(dataset).empty_table()


def empty_result() -> pa.Table:
    """A table with no columns (a statement that returns nothing)."""
    import pyarrow as pa

    return pa.table({})


def write_csv(table: pa.Table, sink: Any) -> None:
    """CSV of any table: list and struct columns as JSON text (``["o14", "o15"]``), as spreadsheet
    users and ``pandas.read_csv`` can read them back."""
    import pyarrow.csv as pacsv

    pacsv.write_csv(flat(table), sink)


def flat(table: pa.Table) -> pa.Table:
    """The table with its nested columns (lists, structs, maps) as JSON text."""
    import json

    import pyarrow as pa
    import pyarrow.types as pat

    cols = []
    for name in table.column_names:
        col = table.column(name)
        t = col.type
        if pat.is_list(t) or pat.is_large_list(t) or pat.is_struct(t) or pat.is_map(t):
            col = pa.array(
                [
                    None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                    for v in col.to_pylist()
                ],
                pa.string(),
            )
        cols.append(col)
    return pa.table(cols, names=table.column_names)


def write_json_lines(table: pa.Table, sink: Any) -> None:
    """One JSON object per row (dates as ISO text, decimals as numbers)."""
    import decimal
    import json

    def plain(v: Any) -> Any:
        if isinstance(v, decimal.Decimal):
            return float(v) if v != v.to_integral_value() else int(v)
        return v.isoformat() if hasattr(v, "isoformat") else str(v)

    for batch in table.to_batches():
        for row in batch.to_pylist():
            sink.write((json.dumps(row, ensure_ascii=False, default=plain) + "\n").encode())


def is_numeric(table: pa.Table, name: str) -> bool:
    import pyarrow.types as pat

    t = table.schema.field(name).type
    return bool(pat.is_integer(t) or pat.is_floating(t) or pat.is_decimal(t))


def write_parquet(table: pa.Table, path: Path) -> None:
    import pyarrow.parquet as pq

    # no timestamps or run ids inside data files: identical input gives identical bytes
    pq.write_table(table, str(path), compression="zstd", write_statistics=True)


# ------------------------------------------------------------------------------ parts of a dataset
def read_part(path: Path, dataset: Dataset) -> pa.Table:
    """One part file of a dataset (its schema's empty table when there is none)."""
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).read(use_threads=False) if path.exists() else empty_table(dataset)


def where(table: pa.Table, column: str, values: Iterable[Any], keep: bool = True) -> pa.Table:
    """The rows whose ``column`` is (``keep``) or is not one of ``values``."""
    import pyarrow.compute as pc

    mask = pc.is_in(table.column(column), value_set=_values(values, table.schema.field(column).type))
    return table.filter(mask if keep else pc.invert(mask))


def _values(values: Iterable[Any], type_: Any) -> pa.Array:
    import pyarrow as pa

    return pa.array(sorted({v for v in values if v is not None}), type=type_)


def part_of_rows(table: pa.Table, part_of: list[int], part: int) -> pa.Table:
    """The rows whose part (``part_of``, one per row) is ``part``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return table.filter(pc.equal(pa.array(part_of, pa.int32()), part))


def with_values(table: pa.Table, dataset: Dataset, values: dict[str, list[Any]]) -> pa.Table:
    """The table with the columns of ``values`` replaced (one value per row)."""
    import pyarrow as pa

    sch = schema(dataset)
    for name, vals in values.items():
        i = table.schema.get_field_index(name)
        table = table.set_column(i, name, pa.array(vals, type=sch.field(name).type))
    return table


def combined(tables: list[pa.Table], dataset: Dataset) -> pa.Table:
    """The tables as one, sorted by the dataset's key (as ``to_table`` sorts)."""
    import pyarrow as pa

    sch = schema(dataset)
    table = (
        pa.concat_tables([t.select(dataset.names).cast(sch) for t in tables])
        if tables
        else empty_table(dataset)
    )
    if table.num_rows and dataset.key:
        table = table.sort_by([(k, "ascending") for k in dataset.key])
    return table


def to_rows(table: pa.Table, columns: list[str] | None = None) -> list[Rows]:
    return (table.select(columns) if columns else table).to_pylist()


def _files(path: Path) -> list[Path]:
    """A published dataset's files: a file, or a folder of parts in name order. Read file by file,
    not through ``pyarrow.dataset``: no scanner's threads and read-ahead (30-100 MB more at 10^5
    rows), and no import of it and of pandas (0.4 s a run)."""
    return sorted(path.glob("*.parquet")) if path.is_dir() else [path]


def _batches(files: list[Path], dataset: Dataset, columns: list[str] | None) -> Iterable[pa.RecordBatch]:
    """The rows of the files a part at a time, with the contract's types (a column a part was
    written without: nulls): Arrow never holds the whole dataset, nor more than one file open."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sch = schema(dataset)
    wanted = columns or sch.names
    types = {c: sch.field(c).type for c in wanted}
    for f in files:
        part = pq.ParquetFile(f)
        file_types = {field.name: field.type for field in part.schema_arrow}
        as_written = all(file_types.get(c) == t for c, t in types.items())
        for batch in part.iter_batches(columns=[c for c in wanted if c in file_types], use_threads=False):
            if as_written:  # the common case: a part written with the contract's schema
                yield batch
                continue
            yield pa.RecordBatch.from_arrays(
                [
                    _as(batch.column(c), t) if c in file_types else pa.nulls(batch.num_rows, t)
                    for c, t in types.items()
                ],
                names=list(types),
            )


def _as(column: pa.Array, type_: pa.DataType) -> pa.Array:
    return column if column.type == type_ else column.cast(type_)


def read_dataset(path: Path, dataset: Dataset, columns: tuple[str, ...] | None = None) -> list[Rows]:
    """Every row of a published dataset (a file or a folder of parts); [] when it is absent. For the
    small datasets only (documents, organisations, results). ``columns``: only these."""
    if not path.exists():
        return []
    rows: list[Rows] = []
    shared: dict[str, dict[Any, Any]] = {}  # per column, one object per value
    for batch in _batches(_files(path), dataset, list(columns) if columns else None):
        names = batch.schema.names
        values = [_shared(batch.column(i), shared.setdefault(n, {})) for i, n in enumerate(names)]
        rows += [dict(zip(names, row)) for row in zip(*values)]
    return rows


def _shared(column: pa.Array, seen: dict[Any, Any]) -> list[Any]:
    """A column's values, each text or date one object however many rows hold it (10^5 rows of a
    corpus name a few hundred places, kinds and years: a string each would take 70 MB)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (pa.types.is_string(column.type) or pa.types.is_date(column.type)):
        return column.to_pylist()  # type: ignore[no-any-return]
    coded = pc.dictionary_encode(column)
    if len(coded.dictionary) * 2 > len(column):  # mostly values of their own (ids, file names)
        return column.to_pylist()  # type: ignore[no-any-return]
    uniq = [seen.setdefault(v, v) for v in coded.dictionary.to_pylist()]
    return [None if i is None else uniq[i] for i in coded.indices.to_pylist()]


def read_list_matrix(path: Path, dataset: Dataset, key: str, column: str) -> tuple[list[Any], Any]:
    """A list column of numbers as one 2-D numpy array: the rows whose list has the length of the
    first list found (the others, an empty sketch, left out), each row's ``key`` once (its first
    row) -> (keys, array), as 32 bits when every value fits. ([], None) when the dataset is absent
    or no row has a list. A corpus's 10^5 sketches as one array of 51 MB, filled a part at a time,
    without a Python object per value."""
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if not path.exists():
        return [], None
    keys: list[Any] = []
    matrix: Any = None
    seen: set[Any] = set()
    files = _files(path)
    rows = sum(pq.read_metadata(f).num_rows for f in files)  # from the footers
    for batch in _batches(files, dataset, [key, column]):
        values = batch.column(column)
        lengths = pc.list_value_length(values).fill_null(0).to_numpy(zero_copy_only=False)
        if matrix is None and lengths.any():
            matrix = np.zeros((rows, int(lengths[lengths > 0][0])), dtype=np.uint32)
        if matrix is None:
            continue
        keep = lengths == matrix.shape[1]
        names = batch.column(key).to_pylist()
        for i in np.flatnonzero(keep):  # a key's first row only (copies share their document's sketch)
            if names[i] in seen:
                keep[i] = False
            else:
                seen.add(names[i])
        if not keep.any():
            continue
        block = pc.filter(values, keep).flatten().to_numpy(zero_copy_only=False).reshape(-1, matrix.shape[1])
        if matrix.dtype == np.uint32 and (block.min() < 0 or block.max() >= 2**32):
            matrix = matrix.astype(np.int64)  # a value beyond 32 bits: all as they are
        matrix[len(keys) : len(keys) + len(block)] = block
        keys += [n for n, k in zip(names, keep) if k]
    return (keys, matrix[: len(keys)]) if keys else ([], None)
