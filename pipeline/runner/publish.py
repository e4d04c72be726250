"""The output edge: a run's datasets published in one atomic step.

Every run writes a complete version of the output — every dataset and the manifest — into
``<out>/.versions/<run_id>/``; one ``rename`` of a symbolic link ``<out>/current`` then switches
readers to it. The contract's paths (``<out>/measures.parquet`` …) and ``<out>/_manifest.json``
are links through ``current``, so they always name files of one run; a reader that resolves
``current`` once (``ita query/audit/report`` do) reads one run throughout. The version before is
kept for readers still open; older ones are removed. A run killed at any moment leaves the
previous version published and whole; its unfinished folder is removed by the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..adapters.parquet import read_rows as _read_rows
from ..adapters.parquet import write_parquet
from ..datasets import PER_DOCUMENT
from ..model import DocumentResult, Rows
from ..views.datapackage import datapackage

VERSIONS = ".versions"
CURRENT = "current"
MANIFEST = "_manifest.json"
DATAPACKAGE = "datapackage.json"  # the datasets as a Frictionless Data Package


def sha256_file(path: str | Path) -> str:
    """The file's sha256, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def publish(
    tables: Mapping[str, Any],
    out_dir: str | Path,
    run_id: str,
    manifest: Callable[[dict[str, str]], dict[str, Any]] | None = None,
) -> dict[str, str]:
    """Write every table and the manifest (``manifest(hashes)`` -> its content) as a new version,
    then switch ``current`` to it. Returns ``{file name: sha256}`` of the datasets."""
    out = Path(out_dir)
    versions = out / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    staging = versions / f".{run_id}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        hashes = {}
        for name, table in tables.items():
            target = staging / f"{name}.parquet"
            write_parquet(table, target)
            hashes[target.name] = sha256_file(target)
        if manifest is not None:
            (staging / MANIFEST).write_text(
                json.dumps(manifest(hashes), ensure_ascii=False, indent=1), encoding="utf-8"
            )
        (staging / DATAPACKAGE).write_text(
            json.dumps(datapackage(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        _fsync_dir(staging)
        final = versions / run_id
        os.replace(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    before = _published(out)
    _switch(out, final)
    for name in [*hashes, DATAPACKAGE, *([MANIFEST] if manifest is not None else [])]:
        _link(out / name, Path(CURRENT) / name)
    _prune(versions, keep={final.name, *([before] if before else [])})
    return hashes


class OutputError(Exception):
    """The output folder holds something in the way of publishing (said in one line)."""


def check_output(out_dir: str | Path) -> None:
    """Refuse, before any work, an output folder where ``current`` is not this pipeline's link (a
    folder or a file of that name would fail the switch after every run)."""
    cur = Path(out_dir) / CURRENT
    if (cur.exists() or cur.is_symlink()) and not cur.is_symlink():
        kind = "folder" if cur.is_dir() else "file"
        raise OutputError(
            f"{cur} is a {kind}: the output's 'current' is the link to the published version; "
            "move it away and run again"
        )


def _published(out: Path) -> str | None:
    """The name of the version ``current`` points to now (None: none)."""
    cur = out / CURRENT
    return Path(os.readlink(cur)).name if cur.is_symlink() else None


def _switch(out: Path, version: Path) -> None:
    """Point ``<out>/current`` at ``version`` in one atomic rename."""
    _link(out / CURRENT, Path(VERSIONS) / version.name)
    _fsync_dir(out)


def _link(path: Path, target: Path) -> None:
    """``path`` -> ``target`` (a relative link) in one atomic rename, replacing what was there
    (another link, or a file of an older layout)."""
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _prune(versions: Path, keep: set[str]) -> None:
    """Remove every version but ``keep``: the one just published and the one it replaces (for
    readers still open). A version a killed run renamed but never published goes too."""
    for p in versions.iterdir():
        if p.is_dir() and not p.name.startswith(".") and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def current_dir(out_dir: str | Path) -> Path:
    """The folder of the published version (resolved once), or ``out_dir`` itself (an older layout)."""
    out = Path(out_dir)
    cur = out / CURRENT
    return cur.resolve() if cur.is_symlink() and cur.exists() else out


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write a text file whole or not at all (a temporary file beside it, then ``os.replace``)."""
    replace_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def replace_atomic(path: str | Path, write: Callable[[Path], object]) -> None:
    """``write`` a temporary file beside ``path``, then put it in place: whole or not at all."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def clean_stale_staging(out_dir: str | Path) -> None:
    """Remove what killed runs left: unfinished versions, staging folders of the older layout."""
    out = Path(out_dir)
    if not out.exists():
        return
    for p in [*out.glob(".staging-*"), *(out / VERSIONS).glob(".*.tmp")]:
        shutil.rmtree(p, ignore_errors=True)


# ------------------------------------------------------------------------------ previous rows
def read_rows(out_dir: str | Path, name: str, doc_ids: set[str]) -> list[dict[str, Any]]:
    """The rows of a published dataset that belong to ``doc_ids`` (to reuse unchanged documents)."""
    return _read_rows(current_dir(out_dir) / f"{name}.parquet", doc_ids)


def reused_results(out: Path, reuse: Any) -> list[DocumentResult]:
    """Previous rows of unchanged documents (``FileState`` with a doc_id), read back from the
    published datasets."""
    ids = {f.doc_id for f in reuse if f.doc_id}
    if not ids:
        return []
    by_doc: dict[str, dict[str, list[Rows]]] = {}
    for ds in PER_DOCUMENT:
        for r in read_rows(out, ds.name, ids):
            by_doc.setdefault(r["doc_id"], {}).setdefault(ds.name, []).append(r)
    results = []
    for f in reuse:
        doc_rows = by_doc.get(f.doc_id)
        if not doc_rows or not doc_rows.get("documents"):
            continue
        # the same bytes under two names: one documents row each; this file's is the one it reuses
        mine = [d for d in doc_rows["documents"] if d["source_file"] == f.path] or doc_rows["documents"][:1]
        doc_rows = {**doc_rows, "documents": mine}
        d = mine[0]
        results.append(
            DocumentResult(f.doc_id, f.path, d["status"], d.get("error"), d.get("pages") or 0, doc_rows)
        )
    return results
