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
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .. import __version__
from .publish import write_text_atomic

MANIFEST = "_manifest.json"

#: the code that makes the datasets: a change to any of it reprocesses everything (the views and
#: the command line read the datasets; editing them reprocesses nothing)
EXTRACTION_CODE = ("model.py", "settings.py", "datasets.py", "rules/", "adapters/", "text/", "layout/", "ocr/",
                   "stages/", "corpus/", "runner/")


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


@dataclass(frozen=True)
class FileState:
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


def discover_pdfs(raw_dir: str | Path) -> list[tuple[Path, str]]:
    """Every ``*.pdf`` (any case) under ``raw_dir``, recursively, as (path, relative name), sorted;
    hidden files and folders are skipped."""
    root = Path(raw_dir)
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in filenames:
            if f.lower().endswith(".pdf") and not f.startswith("."):
                p = Path(dirpath) / f
                found.append((p, p.relative_to(root).as_posix()))
    return sorted(found, key=lambda t: t[1])


def scan(files: list[tuple[Path, str]]) -> list[FileState]:
    out = []
    for path, rel in files:
        try:
            st = path.stat()
            out.append(FileState(rel, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append(FileState(rel, -1, -1))
    return out


def load_manifest(out_dir: Path) -> dict | None:
    """The previous run's manifest; None when there is none, or when a dataset it published is
    gone or was changed since (then everything is rebuilt)."""
    p = out_dir / MANIFEST
    try:
        manifest = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for name, size in manifest.get("outputs", {}).items():
        try:
            if (out_dir / name).stat().st_size != size:
                return None
        except OSError:
            return None
    return manifest


def make_plan(current: list[FileState], previous: dict | None, rules_digest: str, full: bool = False,
              options: dict | None = None) -> Plan:
    """Pure: current files + previous manifest -> what to do. ``options`` are the run's settings
    that change the output (e.g. ``{"ocr": True}``): a change reprocesses everything."""
    now = {"pipeline_version": __version__, "code_digest": code_digest(), "rules_digest": rules_digest,
           "options": options or {}}
    if full or previous is None or any(previous.get(k) != v for k, v in now.items()):
        changed = [] if previous is None else [k for k, v in now.items() if previous.get(k) != v]
        why = ("--full" if full else "no previous run" if previous is None else
               "the rules changed" if "rules_digest" in changed else
               "the options changed" if changed == ["options"] else "the pipeline changed")
        return Plan(process=list(current), full=True, reason=why)
    before = {f["path"]: f for f in previous.get("files", [])}
    plan = Plan(reason="incremental")
    for f in current:
        old = before.get(f.path)
        if old and old["size"] == f.size and old["mtime_ns"] == f.mtime_ns and old.get("doc_id"):
            plan.reuse.append(replace(f, doc_id=old["doc_id"], status=old.get("status"), error=old.get("error"),
                                      pages=old.get("pages", 0)))
        else:
            plan.process.append(f)
    present = {f.path for f in current}
    plan.removed = sorted(p for p in before if p not in present)
    return plan


def write_manifest(out_dir: Path, files: list[FileState], rules_digest: str, run_id: str,
                   outputs: list[Path], options: dict | None = None) -> None:
    """Written last, after the datasets are in place: a manifest always describes a complete run."""
    data = {
        "pipeline_version": __version__, "code_digest": code_digest(), "rules_digest": rules_digest,
        "options": options or {},
        "run_id": run_id, "outputs": {p.name: p.stat().st_size for p in sorted(outputs)},
        "files": [asdict(f) for f in sorted(files, key=lambda f: f.path)],
    }
    write_text_atomic(out_dir / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1))
