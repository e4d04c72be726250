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

from ..adapters.parquet import write_parquet
from ..views.datapackage import datapackage

VERSIONS = ".versions"
CURRENT = "current"
MANIFEST = "_manifest.json"
#: beside the manifest: what a run with nothing new reads (``manifest.unchanged``)
LISTING = "_listing.json"
DATAPACKAGE = "datapackage.json"  # the datasets as a Frictionless Data Package


def sha256_file(path: str | Path) -> str:
    """The file's sha256, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def publish(
    files: Mapping[str, Mapping[str, Any]],
    out_dir: str | Path,
    run_id: str,
    manifest: Callable[[dict[str, dict[str, Any]]], dict[str, Any]] | None = None,
    before: Mapping[str, Any] | None = None,
    listing: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Write every dataset as a folder of parts (``files``: {dataset: {part file: an Arrow table to
    write, or the Path of the previous version's file to link}}) and the manifest
    (``manifest(outputs)`` -> its content) as a new version, then switch ``current`` to it. Returns
    the outputs: {``<dataset>.parquet/<part>``: sha256, size, mtime_ns}; a linked part keeps what
    ``before`` (the previous manifest's outputs) says of it, unread. ``listing(manifest)``: the
    content of the listing file beside the manifest (None: none)."""
    out = Path(out_dir)
    versions = out / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    staging = versions / f".{run_id}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        outputs = {}
        for name, parts in files.items():
            folder = staging / f"{name}.parquet"
            folder.mkdir()
            for part, what in sorted(parts.items()):
                rel, target = f"{name}.parquet/{part}", folder / part
                if isinstance(what, Path):
                    _link_or_copy(what, target)
                    known = (before or {}).get(rel)
                    digest = known["sha256"] if isinstance(known, dict) else sha256_file(target)
                else:
                    write_parquet(what, target)
                    digest = sha256_file(target)
                st = target.stat()
                outputs[rel] = {"sha256": digest, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        if manifest is not None:
            data = manifest(outputs)
            (staging / MANIFEST).write_text(
                # one line: JSON's C encoder (indenting falls back to Python's, ten times slower
                # on the 10^5 inputs of a national corpus); `jq .` shows it indented
                json.dumps(data, ensure_ascii=False),
                encoding="utf-8",
            )
            short = listing(data) if listing is not None else None
            if short is not None:
                (staging / LISTING).write_text(json.dumps(short, ensure_ascii=False), encoding="utf-8")
        (staging / DATAPACKAGE).write_text(
            json.dumps(
                datapackage(parts={n: sorted(p) for n, p in files.items()}), ensure_ascii=False, indent=1
            ),
            encoding="utf-8",
        )
        _fsync_dir(staging)
        final = versions / run_id
        os.replace(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    previous = _published(out)
    _switch(out, final)
    for name in [
        *(f"{n}.parquet" for n in files),
        DATAPACKAGE,
        *([MANIFEST] if manifest is not None else []),
    ]:
        _link(out / name, Path(CURRENT) / name)
    _prune(versions, keep={final.name, *([previous] if previous else [])})
    return outputs


def _link_or_copy(source: Path, target: Path) -> None:
    """``target`` as a hard link of ``source`` (no bytes written: the previous version's file is
    never changed, a version is never written into), a copy where links cannot be made."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


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
