"""The datasets as parts: what makes a nightly run cost what changed, not the size of the corpus.

Every dataset is a folder ``<name>.parquet/`` of Parquet files, read as one table by pyarrow
(``pq.read_table``, ``pyarrow.dataset``), pandas (``pd.read_parquet``), DuckDB
(``read_parquet('<name>.parquet/*.parquet')``) and Spark:

- **per document** (documents, pages, fonts, scores, measures, budgets): ``part-NNNNN.parquet``
  holds the rows of up to ``RunSettings.part_inputs`` inputs (500); the manifest says which part
  each input is in.
  A new input goes to the last part while it has room, then to a new part;
- **per body** (missing_items, plan_vs_outcome, coverage): ``part-BB.parquet`` holds the
  organisations whose key hashes to bucket BB (``BUCKETS`` of them);
- **whole** (organisations, assessment_results): one part, made again every run (one row per body;
  the rows of results tables, whose names are resolved against every body known).

A run that adds or changes k documents writes the parts those documents are in or go to, the parts
of documents whose standing in the corpus changed (a new copy of one, a later version) and the
buckets of the bodies they touch; every other part is a hard link to the previous version's file
(no bytes written, the same inode). A full run writes every part. Either way the rows are those a
full run over the same inputs gives: the corpus marks (copies, versions, ``org_key``,
``counted``) are computed over every document, and a body's derived rows from all of its documents.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from .. import corpus
from ..adapters import parquet
from ..adapters.sketch import Sketches
from ..corpus.identity import key_of
from ..datasets import ALL, BY_NAME, Dataset
from ..model import DocumentResult, Rows
from ..rules import Rules

#: buckets of the per-body datasets
BUCKETS = 16
#: the whole-corpus datasets, one part each
WHOLE = ("organisations", "assessment_results")
#: the per-document datasets kept in parts of inputs
BY_INPUT = tuple(ds.name for ds in ALL if ds.name not in WHOLE and ds.name not in corpus.DERIVED)
#: what the corpus says of an input (``corpus.mark_documents``): a change rewrites its parts
MARKS = ("org_key", "counted", "duplicate_of", "duplicate_reason", "supersedes", "superseded_by")
#: what a night reads back of every published input (10^5 rows in Python: only what the corpus step
#: reads — identity, bodies, marks, the per-body evidence — and what the run reports)
READ_BACK = (
    *("doc_id", "source_file", "status", "error", "pages", "extraction"),
    *("doc_type", "doc_subtype", "fiscal_year", "fiscal_year_end", "doc_date", "revision_note"),
    *("org_name", "org_type", "province", "district", "province_code", "district_code", "subdistrict_code"),
    *("overall_score", "overall_score_year", *MARKS),
)
#: the corpus marks of a keyed row
ROW_MARKS = ("org_key", "counted")
#: an input's marks, of a documents row that has them all
_marks = itemgetter(*MARKS)

#: {dataset: {file name in its folder: an Arrow table to write, or the Path of a file to link}}
Files = dict[str, dict[str, Any]]


def part_name(n: int) -> str:
    return f"part-{n:05d}.parquet"


def bucket(key: str | None) -> int:
    """The bucket of a body's key (stable across runs, processes and machines)."""
    return zlib.crc32((key or "").encode("utf-8")) % BUCKETS


def bucket_file(b: int) -> str:
    return f"part-{b:02d}.parquet"


def bucket_name(key: str | None) -> str:
    return bucket_file(bucket(key))


def all_buckets() -> list[str]:
    return [bucket_file(b) for b in range(BUCKETS)]


# ------------------------------------------------------------------------------ a full run
def full_files(tables: dict[str, Any], part_inputs: int = 500) -> tuple[Files, dict[str, int]]:
    """Every dataset of a full run cut into its parts -> (files, {input: its part})."""
    docs = tables["documents"]
    inputs = sorted(docs.column("source_file").to_pylist())
    part_of = {f: i // part_inputs for i, f in enumerate(inputs)}
    first = _firsts(zip(docs.column("doc_id").to_pylist(), docs.column("source_file").to_pylist()))
    home = {d: part_of[f] for d, f in first.items()}
    parts = sorted(set(part_of.values())) or [0]
    files: Files = {}
    for ds in ALL:
        table = tables[ds.name]
        if ds.name in WHOLE:
            files[ds.name] = {part_name(0): table}
        elif ds.name in corpus.DERIVED:
            of_row = [bucket(k) for k in table.column("org_key").to_pylist()]
            files[ds.name] = {bucket_file(b): parquet.part_of_rows(table, of_row, b) for b in range(BUCKETS)}
        else:
            col = "source_file" if ds.name == "documents" else "doc_id"
            lookup = part_of if ds.name == "documents" else home
            of_row = [lookup.get(v, 0) for v in table.column(col).to_pylist()]
            files[ds.name] = {part_name(p): parquet.part_of_rows(table, of_row, p) for p in parts}
    return files, part_of


def _firsts(inputs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """doc_id -> its first input by name, of (doc_id, input) pairs: the input whose name its rows
    carry and whose part they live in (the others are copies, whose only row is their
    ``documents`` row)."""
    first: dict[str, str] = {}
    for doc_id, f in inputs:
        if doc_id not in first or f < first[doc_id]:
            first[doc_id] = f
    return first


# ------------------------------------------------------------------------------ an incremental run
@dataclass
class Previous:
    """The published version a run builds on."""

    folder: Path  # the version's folder
    part_of: dict[str, int]  # input -> part, as the manifest says
    removed: set[str]  # inputs gone or changed since: their rows go


@dataclass
class Incremental:
    files: Files
    part_of: dict[str, int]
    documents: list[Rows]  # every input's documents row, marked
    rewritten: dict[str, int] = field(default_factory=dict)  # what was written: parts, buckets, bodies


def incremental_files(
    prev: Previous, new: list[DocumentResult], rules: Rules, part_inputs: int = 500
) -> Incremental:
    """The datasets after adding ``new`` (documents read by this run) to the previous version,
    without its removed inputs: the parts that change, the others linked."""
    old_docs = parquet.read_dataset(prev.folder / "documents.parquet", BY_NAME["documents"], READ_BACK)
    # their sketches as one matrix (10^5 of them: one array, not a list of numbers per row)
    sketches = Sketches(
        *parquet.read_list_matrix(
            prev.folder / "documents.parquet", BY_NAME["documents"], "doc_id", "content_sketch"
        )
    )
    kept = [d for d in old_docs if d["source_file"] not in prev.removed]
    kept_ids = {d["doc_id"] for d in kept}
    new_rows, new_docs = _new_rows(new, kept_ids)
    # compared again: the documents that came, and those that lost an input (a copy may now be kept)
    fresh = {d["doc_id"] for d in new_docs} | {
        d["doc_id"] for d in old_docs if d["source_file"] in prev.removed
    }
    old_marks = {key_of(d): _marks(d) for d in kept}  # (getters in C, over 10^5 rows)
    docs, orgs = corpus.mark_documents(kept + new_docs, rules, fresh, True, sketches)  # rows read here
    marked = {key_of(d): d for d in docs}
    now_marks = {k: _marks(d) for k, d in marked.items()}
    moved = {k for k, m in old_marks.items() if now_marks[k] != m}

    part_of = {d["source_file"]: prev.part_of[d["source_file"]] for d in kept}
    dirty = {prev.part_of[f] for f in prev.removed if f in prev.part_of} | {part_of[f] for _, f in moved}
    dirty |= _place_new(part_of, sorted(d["source_file"] for d in new_docs), part_inputs)
    first = _firsts(map(key_of, docs))
    home = {d: part_of[f] for d, f in first.items()}
    # a document whose first input went or came: its rows move to that input's part, and name it
    for d, f in _firsts(map(key_of, old_docs)).items():
        if d in first and first[d] != f:
            dirty |= {prev.part_of[f], home[d]}
    # where the rows published before go: a kept input's documents row, a kept document's rows
    carried = {
        "documents": {k: part_of[k[1]] for k in old_marks},
        "doc_id": {d: home[d] for d in kept_ids},
    }
    marks: dict[str, dict[Any, Any]] = {
        "documents": now_marks,
        "rows": {d["doc_id"]: (d["org_key"], bool(d["counted"])) for d in _counting(docs)},
        "first": first,
    }
    # the results rows of kept documents too: their names are resolved against every body again
    results = parquet.read_dataset(prev.folder / "assessment_results.parquet", BY_NAME["assessment_results"])
    new_rows["assessment_results"] = [r for r in results if r["doc_id"] in kept_ids] + new_rows.get(
        "assessment_results", []
    )
    marked_new = {**new_rows, **corpus.mark_rows(new_rows, docs, orgs, rules)}
    marked_new["documents"] = [marked[key_of(d)] for d in new_docs]
    parts = sorted(set(part_of.values()) | dirty) or [0]
    files: Files = {
        name: _by_input(
            prev, BY_NAME[name], parts, dirty, carried, marks, marked_new.get(name, []), part_of, home
        )
        for name in BY_INPUT
    }
    org_rows = {o.key: o.row() for o in orgs}
    files["organisations"] = {
        part_name(0): parquet.to_table(list(org_rows.values()), BY_NAME["organisations"])
    }
    files["assessment_results"] = {
        part_name(0): parquet.to_table(marked_new["assessment_results"], BY_NAME["assessment_results"])
    }
    new_ids = {d["doc_id"] for d in new_docs} - kept_ids
    derived, bodies = _derived(prev, docs, orgs, org_rows, home, new_ids, marks, marked_new, rules)
    files.update(derived)
    return Incremental(files, part_of, docs, {"parts": len(dirty), "bodies": bodies})


def _counting(docs: list[Rows]) -> list[Rows]:
    """One row per document: the one that counts when any does (the marks of its rows)."""
    by_id: dict[str, Rows] = {}
    for d in docs:
        if d["doc_id"] not in by_id or (d["counted"] and not by_id[d["doc_id"]]["counted"]):
            by_id[d["doc_id"]] = d
    return list(by_id.values())


def _new_rows(new: list[DocumentResult], kept_ids: set[str]) -> tuple[dict[str, list[Rows]], list[Rows]]:
    """The rows of the documents read by this run: a document whose bytes are already published (a
    copy under another name) brings only its ``documents`` row."""
    rows: dict[str, list[Rows]] = defaultdict(list)
    docs: list[Rows] = []
    seen = set(kept_ids)
    for r in sorted(new, key=lambda r: r.source_file):
        docs += [{**d, "source_file": r.source_file} for d in r.rows.get("documents", [])[:1]]
        if r.doc_id in seen:
            continue
        seen.add(r.doc_id)
        for name, got in r.rows.items():
            if name != "documents":
                rows[name] += got
    return rows, docs


def _place_new(part_of: dict[str, int], inputs: list[str], part_inputs: int) -> set[int]:
    """New inputs into the last part while it has room, then into new parts -> the parts they go to."""
    if not inputs:
        return set()
    count: dict[int, int] = defaultdict(int)
    for p in part_of.values():
        count[p] += 1
    last = max(part_of.values(), default=0)
    out = set()
    for f in inputs:
        if count[last] >= part_inputs:
            last += 1
        part_of[f] = last
        count[last] += 1
        out.add(last)
    return out


def _by_input(
    prev: Previous,
    ds: Dataset,
    parts: list[int],
    dirty: set[int],
    carried: dict[str, dict[Any, int]],
    marks: dict[str, dict[Any, Any]],
    new_rows: list[Rows],
    part_of: dict[str, int],
    home: dict[str, int],
) -> dict[str, Any]:
    """A per-document dataset's parts: the clean ones linked; a dirty one read, its removed rows
    dropped, its rows' corpus marks set anew, rows moving in from another part and the new rows
    added."""
    documents = ds.name == "documents"
    goes = carried["documents" if documents else "doc_id"]
    rows_of_part: dict[int, list[Any]] = defaultdict(list)
    for p in sorted(dirty):
        path = prev.folder / f"{ds.name}.parquet" / part_name(p)
        if not path.exists():
            continue
        old = parquet.read_part(path, ds)
        of_row = [goes.get(k, -1) for k in _row_keys(old, documents)]
        for q in set(of_row) - {-1}:
            rows_of_part[q].append(_remarked(parquet.part_of_rows(old, of_row, q), ds, marks))
    new_by_part: dict[int, list[Rows]] = defaultdict(list)
    for r in new_rows:
        new_by_part[part_of[r["source_file"]] if documents else home[r["doc_id"]]].append(r)
    out: dict[str, Any] = {}
    for p in parts:
        if p not in dirty:
            out[part_name(p)] = prev.folder / f"{ds.name}.parquet" / part_name(p)
            continue
        tables = rows_of_part[p] + ([parquet.to_table(new_by_part[p], ds)] if new_by_part[p] else [])
        out[part_name(p)] = parquet.combined(tables, ds)
    return out


def _row_keys(table: Any, documents: bool) -> list[Any]:
    """What names a row's document: (doc_id, source_file) in ``documents``, else the doc_id."""
    ids = table.column("doc_id").to_pylist()
    return list(zip(ids, table.column("source_file").to_pylist())) if documents else ids


def _remarked(table: Any, ds: Dataset, marks: dict[str, dict[Any, Any]]) -> Any:
    """The rows with their corpus marks as they now stand, and the name of their document's first
    input (``source_file`` of a document's rows)."""
    documents = ds.name == "documents"
    if not table.num_rows:
        return table
    keys = _row_keys(table, documents)
    changes: dict[str, list[Any]] = {}
    if documents or ds.name in corpus.KEYED:
        cols, by = (MARKS, marks["documents"]) if documents else (ROW_MARKS, marks["rows"])
        values = [by.get(k, (None, False)) for k in keys]
        changes.update({c: [v[i] for v in values] for i, c in enumerate(cols)})
    if not documents and "source_file" in ds.names:
        changes["source_file"] = [marks["first"][k] for k in keys]
    return parquet.with_values(table, ds, changes) if changes else table


def _derived(
    prev: Previous,
    docs: list[Rows],
    orgs: list,
    now: dict[str, Rows],  # every body's organisations row, by key
    home: dict[str, int],
    new_ids: set[str],
    marks: dict[str, dict[Any, Any]],
    marked_new: dict[str, list[Rows]],
    rules: Rules,
) -> tuple[Files, int]:
    """The per-body datasets: the bodies whose row in ``organisations`` changed (documents in or
    out, a name, a place) derived again from all of their documents' rows; every other body's rows
    kept, bucket by bucket."""
    before = {
        r["org_key"]: r
        for r in parquet.read_dataset(prev.folder / "organisations.parquet", BY_NAME["organisations"])
    }
    touched = {k for k in before.keys() | now.keys() if before.get(k) != now.get(k)}
    bodies = [o for o in orgs if o.key in touched]
    wanted = {d for o in bodies for d in o.doc_ids}
    rows: dict[str, list[Rows]] = {"documents": [d for d in docs if d["doc_id"] in wanted and d["counted"]]}
    for name in ("item_scores", "measures", "indicator_scores"):
        ds = BY_NAME[name]
        got = [r for r in marked_new.get(name, []) if r["doc_id"] in wanted]
        for p in sorted({home[d] for d in wanted - new_ids}):
            path = prev.folder / f"{name}.parquet" / part_name(p)
            if path.exists():
                old = parquet.where(parquet.read_part(path, ds), "doc_id", wanted - new_ids)
                got += parquet.to_rows(_remarked(old, ds, marks))
        rows[name] = got
    derived = corpus.derive(rows, bodies, rules)
    buckets = {bucket_name(k) for k in touched}
    files: Files = {}
    for name in corpus.DERIVED:
        ds = BY_NAME[name]
        files[name] = {}
        for b in all_buckets():
            path = prev.folder / f"{name}.parquet" / b
            if b not in buckets and path.exists():
                files[name][b] = path
                continue
            keep = parquet.where(parquet.read_part(path, ds), "org_key", touched, keep=False)
            mine = [r for r in derived[name] if bucket_name(r["org_key"]) == b]
            files[name][b] = parquet.combined([keep, parquet.to_table(mine, ds)], ds)
    return files, len(touched)
