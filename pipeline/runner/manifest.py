"""What a run must do, from the manifest of the previous run.

``<out>/_manifest.json`` records, for the last complete run: the pipeline version and a digest of
its code, a digest of ``rules/``, and every input file (path, size, mtime, doc_id). A new run
processes new and changed files, reuses the rows of unchanged ones, drops removed ones, and
processes everything when the code or the rules changed (or with ``--full``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .. import __version__
from .publish import LISTING, MANIFEST, current_dir, sha256_file

#: the code that makes the datasets: a change to any of it reprocesses everything (the views and
#: the command line read the datasets; editing them reprocesses nothing)
EXTRACTION_CODE = (
    "model.py",
    "settings.py",
    "datasets.py",
    "rules/",
    "adapters/",
    "text/",
    "layout/",
    "ocr/",
    "stages/",
    "corpus/",
    "runner/",
)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 over the pipeline's extraction code: any change to it reprocesses everything."""
    h = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent.parent
    for p in sorted(root.rglob("*.py")):
        rel = p.relative_to(root).as_posix()
        if not rel.startswith(EXTRACTION_CODE):
            continue
        h.update(rel.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


class FileState(NamedTuple):
    """One input as a run finds it and the manifest records it (a named tuple: a national corpus
    makes 10^5 of them a run, twice as fast as a frozen dataclass)."""

    path: str  # relative to the input folder
    size: int
    mtime_ns: int
    doc_id: str | None = None
    # as published (None for a file skipped as a duplicate): a rerun with nothing to do reports
    # from here without opening the datasets
    status: str | None = None
    error: str | None = None
    pages: int = 0


@dataclass
class Plan:
    process: list[FileState] = field(default_factory=list)  # to read (new, changed, or all)
    reuse: list[FileState] = field(default_factory=list)  # unchanged: previous rows kept
    removed: list[str] = field(default_factory=list)
    full: bool = False
    reason: str = ""

    @property
    def nothing_to_do(self) -> bool:
        return not self.process and not self.removed and not self.full


@dataclass(frozen=True)
class Discovery:
    """What the input folder holds: the PDFs to read, the inputs that cannot be read (each becomes
    a row with the reason) and what was passed over (said in the run record)."""

    files: list[tuple[str, str]] = field(default_factory=list)  # (path to open, name as published)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name, why): a row each
    passed_over: list[str] = field(default_factory=list)  # hidden files, unreadable folders
    renamed: list[tuple[str, str]] = field(
        default_factory=list
    )  # (name as published, the name's bytes escaped)
    stats: dict[str, os.stat_result] = field(default_factory=dict)  # path -> what discovery saw of it


def display_name(rel: str) -> tuple[str, str | None]:
    """A file name as text: UTF-8, else Thai TIS-620/CP874 (names from zip archives and Windows
    shares), else with the bytes escaped; and the bytes escaped when they were not UTF-8.

    >>> display_name("ราย.pdf")
    ('ราย.pdf', None)
    >>> display_name("ราย.pdf".encode("cp874").decode("utf-8", "surrogateescape"))
    ('ราย.pdf', '\\\\xc3\\\\xd2\\\\xc2.pdf')
    """
    if rel.isprintable():  # valid UTF-8 (no escaped byte), no control character: as it is
        return rel, None
    raw = os.fsencode(rel)
    escaped = _escape_controls(raw.decode("ascii", "backslashreplace"))
    for codec in ("utf-8", "tis-620", "cp874"):
        try:
            name = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(name):  # a control character in a name is shown escaped, never published raw
            return _escape_controls(name), escaped
        return name, None if codec == "utf-8" else escaped
    return escaped, escaped


def _escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def discover_pdfs(raw_dir: str | Path, follow_links: bool = False) -> Discovery:
    """Every ``*.pdf`` (any case) under ``raw_dir``, recursively, sorted. Only regular files are
    inputs: a FIFO or a device named ``*.pdf`` is refused (reading it could block forever), and so
    is a link to a file outside the folder unless ``follow_links``. Hidden files and folders, and
    folders that cannot be read, are passed over and said."""
    root = Path(raw_dir)
    real_root = root.resolve()
    found = Discovery()

    def unreadable(err: OSError) -> None:
        found.passed_over.append(f"{err.filename}: cannot be read ({err.strerror})")

    # names as strings, paths made once per file: a national corpus has 10^5 of them
    top = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(top, onerror=unreadable):
        here = os.path.relpath(dirpath, top)
        prefix = "" if here == "." else here.replace(os.sep, "/") + "/"
        hidden = [d for d in dirnames if d.startswith(".")]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.passed_over.extend(f"{prefix}{d}/: hidden folder" for d in hidden)
        for f in sorted(filenames):
            if not f.lower().endswith(".pdf"):
                continue
            rel, escaped = display_name(prefix + f)
            if f.startswith("."):
                found.passed_over.append(f"{rel}: hidden file")
                continue
            p = os.path.join(dirpath, f)
            st = _regular(p)  # the common case: a regular file, and what scan() needs of it
            why = None if st is not None else _not_an_input(p, real_root, follow_links)
            if why:
                found.refused.append((rel, why))
                continue
            found.files.append((p, rel))
            if st is not None:
                found.stats[p] = st
            if escaped:
                found.renamed.append((rel, escaped))
    return replace(found, files=_distinct_names(found.files))


def _distinct_names(files: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each file under a name of its own: two files whose names read as the same text (TIS-620 and
    UTF-8 bytes of one Thai name; an escaped byte and the byte itself) are two files, never one.
    The first by its bytes keeps the name; the others are published under their bytes escaped
    (stable from run to run, as the bytes are)."""
    if len({rel for _, rel in files}) == len(files):  # the common case: every name its own
        return sorted(files, key=lambda t: t[1])
    by_name: dict[str, list[tuple[str, str]]] = {}
    for p, rel in files:
        by_name.setdefault(rel, []).append((p, rel))
    out = []
    for rel, group in by_name.items():
        group.sort(key=lambda t: os.fsencode(t[0]))
        out.append(group[0])
        for p, _ in group[1:]:
            name = f"{_bytes_name(os.fsencode(os.path.basename(p)))} [bytes]"
            out.append((p, f"{rel.rsplit('/', 1)[0]}/{name}" if "/" in rel else name))
    return sorted(out, key=lambda t: t[1])


def _bytes_name(raw: bytes) -> str:
    """A name's bytes as ASCII text that no other bytes give: printable ASCII as itself, a
    backslash doubled, every other byte ``\\xNN``."""
    return "".join("\\\\" if b == 0x5C else chr(b) if 0x20 <= b < 0x7F else f"\\x{b:02x}" for b in raw)


def discover_inputs(inputs: Sequence[str | Path], follow_links: bool = False) -> Discovery:
    """The PDFs of several inputs, folders and files: a file is published under its own name, a
    folder's PDFs under their path in it (prefixed by the folder's name when there are several
    inputs); a name two inputs would both publish is refused the second time."""
    paths = [Path(p) for p in inputs]
    if len(paths) == 1 and paths[0].is_dir():
        return discover_pdfs(paths[0], follow_links)
    found = Discovery()
    for p in paths:
        if p.is_dir():
            sub = discover_pdfs(p, follow_links)
            prefix = f"{p.resolve().name}/"
            found.files.extend((f, prefix + rel) for f, rel in sub.files)
            found.stats.update(sub.stats)
            found.refused.extend((prefix + rel, why) for rel, why in sub.refused)
            found.passed_over.extend(sub.passed_over)
            found.renamed.extend((prefix + rel, esc) for rel, esc in sub.renamed)
            continue
        rel, escaped = display_name(p.name)
        why = _not_an_input(p, p.resolve().parent, follow_links=True)
        if why:
            found.refused.append((rel, why))
            continue
        found.files.append((str(p), rel))
        if escaped:
            found.renamed.append((rel, escaped))
    seen: set[str] = set()
    unique = []
    for f, rel in found.files:
        if rel in seen:
            found.refused.append((rel, f"{f}: another input is published under the same name"))
            continue
        seen.add(rel)
        unique.append((f, rel))
    return replace(found, files=sorted(unique, key=lambda t: t[1]))


def _regular(path: str) -> os.stat_result | None:
    """What ``lstat`` says of a regular file (None: anything else, or nothing there)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _not_an_input(path: str | Path, real_root: Path, follow_links: bool) -> str | None:
    """Why ``path`` is not read (None: it is a regular file to read)."""
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):  # the common case: a regular file, no link
            return None
        p = Path(path)
        st = p.stat()  # follows a link
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if not stat.S_ISREG(st.st_mode):
        kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a file")
        return f"not a regular file ({kind}): not read"
    if p.is_symlink() and not follow_links and real_root not in p.resolve().parents:
        return "a link to a file outside the input folder (not followed; --follow-links follows it)"
    return None


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def scan(files: list[tuple[str, str]], seen: dict[str, os.stat_result] | None = None) -> list[FileState]:
    """Every input's size and mtime (``seen``: what discovery already knows of a regular file)."""
    out = []
    for path, rel in files:
        try:
            st = (seen or {}).get(path) or os.stat(path)
            out.append(FileState(rel, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append(FileState(rel, -1, -1))
    return out


def _made_by(rules_digest: str, options: dict | None) -> dict:
    """What made a version (a manifest records it; a change of any reprocesses everything): the
    pipeline's version, a digest of its code and of its rules, the options that change output."""
    return {
        "pipeline_version": __version__,
        "code_digest": code_digest(),
        "rules_digest": rules_digest,
        "options": options or {},
    }


def load_manifest(out_dir: Path) -> tuple[dict | None, str]:
    """The previous run's manifest and, when there is none to trust, why: no previous run, or a
    dataset it published is gone or was changed since (then everything is rebuilt)."""
    folder = current_dir(out_dir)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, "no previous run"
    why = _stale(folder, manifest.get("outputs", {}))
    return (None, why) if why else (manifest, "")


def _stale(folder: Path, outputs: dict[str, object]) -> str | None:
    """Why the files a version published are not as it recorded them (None: they are)."""
    for rel, known in outputs.items():
        why = _changed(folder / rel, known)
        if why:
            return f"{rel.split('/')[0]} {why}"
    return None


def unchanged(
    out_dir: Path,
    files: list[tuple[str, str]],
    stats: dict[str, os.stat_result],
    rules_digest: str,
    options: dict | None = None,
) -> dict | None:
    """The published version's listing (``listing_data``) when nothing is new: the inputs are the
    ones it was made from, name for name, size for size, mtime for mtime, by this code, rules and
    options, and its datasets are as it published them. Decided from the small listing file, not
    the manifest of every input (a national corpus's night with nothing new: a digest of 10^5
    names, not 10^5 records). None: look closer (``load_manifest``, ``make_plan``)."""
    folder = current_dir(out_dir)
    try:
        known = json.loads((folder / LISTING).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(known, dict) or any(
        known.get(k) != v for k, v in _made_by(rules_digest, options).items()
    ):
        return None
    if _stale(folder, known.get("outputs", {})):
        return None
    rows = []
    for path, rel in files:
        st = stats.get(path)
        if st is None:
            try:
                st = os.stat(path)
            except OSError:
                return None
        rows.append((rel, st.st_size, st.st_mtime_ns))
    return known if listing_digest(rows) == known.get("inputs") else None


def listing_digest(rows: Sequence[tuple[str, int, int]]) -> str:
    """A digest of the inputs' (name, size, mtime), in name order."""
    text = "\n".join(f"{name}\0{size}\0{mtime}" for name, size, mtime in rows)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def listing_data(manifest: dict) -> dict | None:
    """What a night with nothing new reads (``unchanged``), from the manifest: its code, rules,
    options and outputs, the digest of its inputs, and the standing of the documents (the inputs
    that are not ``ok`` one by one, the others counted). None when an input is to be read again
    (its failure came from the environment): such a night is not one with nothing to do."""
    files = manifest["files"]
    if any(not f.get("doc_id") for f in files):
        return None
    ok = [f for f in files if f.get("status") == "ok"]
    return {
        **{k: manifest[k] for k in ("pipeline_version", "code_digest", "rules_digest", "options", "run_id")},
        "outputs": manifest["outputs"],
        "inputs": listing_digest([(f["path"], f["size"], f["mtime_ns"]) for f in files]),
        "ok": [len(ok), sum(f.get("pages") or 0 for f in ok)],
        "others": [
            [f["path"], f["status"], f.get("error"), f.get("pages") or 0]
            for f in files
            if f.get("status") and f["status"] != "ok"
        ],
    }


def _changed(path: Path, known: object) -> str | None:
    """Why a published file is not the one the manifest recorded (None: it is). A file with the
    size and modification time recorded is trusted unread; any other is hashed."""
    try:
        st = path.stat()
    except OSError:
        return "is missing"
    if isinstance(known, dict):
        if st.st_size != known.get("size"):
            return "was changed since the last run"
        if st.st_mtime_ns == known.get("mtime_ns"):
            return None
        known = known.get("sha256")
    try:
        return (
            None
            if isinstance(known, str) and sha256_file(path) == known
            else "was changed since the last run"
        )
    except OSError:
        return "is missing"


def make_plan(
    current: list[FileState],
    previous: dict | None,
    rules_digest: str,
    full: bool = False,
    options: dict | None = None,
    no_previous: str = "no previous run",
) -> Plan:
    """Pure: current files + previous manifest -> what to do. ``options`` are the run's settings
    that change the output (e.g. ``{"ocr": True}``): a change reprocesses everything;
    ``no_previous``: why there is no previous manifest."""
    now = _made_by(rules_digest, options)
    if full or previous is None or any(previous.get(k) != v for k, v in now.items()):
        changed = [] if previous is None else [k for k, v in now.items() if previous.get(k) != v]
        why = (
            "--full"
            if full
            else no_previous
            if previous is None
            else "the rules changed"
            if "rules_digest" in changed
            else "the options changed"
            if changed == ["options"]
            else "the pipeline changed"
        )
        return Plan(process=list(current), full=True, reason=why)
    before = {f["path"]: f for f in previous.get("files", [])}
    plan = Plan(reason="incremental")
    for f in current:
        old = before.get(f.path)
        if old and old["size"] == f.size and old["mtime_ns"] == f.mtime_ns and old.get("doc_id"):
            plan.reuse.append(  # made, not replace()d: ten times quicker
                FileState(
                    f.path,
                    f.size,
                    f.mtime_ns,
                    old["doc_id"],
                    old.get("status"),
                    old.get("error"),
                    old.get("pages", 0),
                )
            )
        else:
            plan.process.append(f)
    present = {f.path for f in current}
    plan.removed = sorted(p for p in before if p not in present)
    return plan


def manifest_data(
    files: list[FileState],
    rules_digest: str,
    run_id: str,
    outputs: dict[str, dict],
    options: dict | None = None,
    parts: dict[str, int] | None = None,
) -> dict:
    """What the manifest says (written with the datasets, in the same version): the datasets'
    content hashes, and every input as published — a document whose failure came from the
    environment, not from the file, is recorded without its id, so the next run reads it again."""
    return {
        **_made_by(rules_digest, options),
        "run_id": run_id,
        "outputs": dict(sorted(outputs.items())),
        "files": [f._asdict() for f in sorted(files, key=lambda f: f.path)],
        # every published input's part of the per-document datasets (pipeline.runner.store)
        "parts": dict(sorted((parts or {}).items())),
    }
