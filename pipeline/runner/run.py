"""Run the pipeline over a folder of PDFs. The only place that knows about files, processes and
clocks; everything it calls is a function over plain data.

1. plan: compare the input files with ``<out>/_manifest.json`` (``pipeline.runner.manifest``): new and
   changed files are processed, unchanged ones keep their previous rows, removed ones drop out;
   a change of code or rules (or ``--full``) processes everything; nothing changed = nothing done;
2. read every PDF's text layer (a task per document);
3. OCR every page that needs it (a task per page: one scanned document still uses every worker;
   pages OCR'd before come from ``<out>/_cache/ocr``);
4. finish every document (OCR'd pages in, tables to rows);
5. cross-document datasets, then an atomic publish (every file written aside, then swapped in,
   the manifest last), a run record in ``<out>/_runs/``.

Steps 2-5 are ``pipeline.runner.schedule``; tasks run inline, in local processes or on Dask
(``pipeline.runner.executors``); a task that hangs past its timeout or crashes becomes an
``error`` row and the run goes on. Only one run may write to an output folder at a time
(``pipeline.runner.lock``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import resource
import signal
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

from .. import __version__
from ..model import DocumentResult
from ..rules import Rules, load_rules
from ..settings import DEFAULT_DOC_TIMEOUT, RunSettings
from . import manifest, publish
from .executors import make_executor, raising_on
from .lock import OutputLock
from .progress import Progress
from .publish import sha256_file

# The stages (pdfplumber, pandas, ...) are imported when there is work: a rerun with nothing
# to do must be quick.

log = logging.getLogger("pipeline")

CACHE_DIR = "_cache"
RUNS_DIR = "_runs"


@dataclass
class RunSummary:
    run_id: str = ""
    started: str = ""
    ended: str = ""
    documents: int = 0
    processed: int = 0
    reused: int = 0
    removed: int = 0
    ok: int = 0
    partial: int = 0
    error: int = 0
    pages: int = 0  # pages read by this run
    pages_total: int = 0  # pages of all published documents
    ocr_pages: int = 0
    ocr_cached: int = 0
    seconds: float = 0.0
    executor: str = ""
    mode: str = ""  # full (why) / incremental / unchanged
    published: bool = False
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (file, status, reason)
    passed_over: list[str] = field(default_factory=list)  # hidden files, unreadable folders
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (name as published, its bytes escaped)
    # inputs that are copies of another document (the same bytes, a scan of it, a re-upload): (file, why)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    versions: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)  # seconds: plan, process, publish; stages: per stage
    peak_rss_mb: dict = field(default_factory=dict)  # main process; largest local worker

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


# ------------------------------------------------------------------------------ the run
class EmptyInput(Exception):
    """No input PDF where the output holds published documents (refused unless allow_empty)."""


def run_extract(
    raw_dir: str | Path | Sequence[str | Path],
    out_dir: str | Path,
    workers: int | None = None,
    ocr: bool = True,
    full: bool = False,
    scheduler: Any = None,
    doc_timeout: float = DEFAULT_DOC_TIMEOUT,
    progress: Progress | None = None,
    rules: Rules | None = None,
    follow_links: bool = False,
    allow_empty: bool = False,
) -> RunSummary:
    """Process the PDFs under ``raw_dir`` (a folder, or several folders and PDF files) into
    ``out_dir`` (incremental unless ``full``). No PDF at all over published datasets is refused
    (``EmptyInput``: an unmounted share would otherwise publish empty datasets) unless
    ``allow_empty``.

    ``workers``: local processes (None = all cores, 0 = inline); ``scheduler``: a Dask scheduler
    address or Client (then ``workers`` is ignored); ``progress``: told of every document done
    (default: nothing is said); ``rules``: default ``load_rules()``.
    """
    settings = RunSettings(workers, scheduler, ocr, full, doc_timeout, follow_links, allow_empty)
    # SIGTERM (systemd stop, kill) ends the run like Ctrl-C: workers stopped, staging removed, the
    # lock released, nothing published
    with raising_on(signal.SIGTERM, lambda signum: KeyboardInterrupt(f"signal {signum}")):
        return run(raw_dir, out_dir, settings, progress, rules)


def run(
    raw_dir: str | Path | Sequence[str | Path],
    out_dir: str | Path,
    settings: RunSettings,
    progress: Progress | None = None,
    rules: Rules | None = None,
) -> RunSummary:
    """``run_extract`` with its options as ``RunSettings``."""
    t0 = time.perf_counter()
    rules = rules or load_rules()  # fail early, with the rule named, before any work
    workers, scheduler, ocr, full, doc_timeout = (
        settings.workers,
        settings.scheduler,
        settings.ocr,
        settings.full,
        settings.doc_timeout,
    )
    out = Path(out_dir)
    run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]
    summary = RunSummary(run_id=run_id, started=_now(), versions=_versions(rules))
    with OutputLock(out, warn=log.warning):
        publish.check_output(out)
        inputs = [raw_dir] if isinstance(raw_dir, (str, Path)) else list(raw_dir)
        found = manifest.discover_inputs(inputs, settings.follow_links)
        files = found.files
        summary.passed_over, summary.renamed = found.passed_over, found.renamed
        refused = _refused(found.refused)
        if not settings.full and files:  # a night with nothing new, told from the listing alone
            known = manifest.unchanged(out, files, found.stats, rules.digest, settings.output_options)
            if known is not None:
                summary.mode = "unchanged"
                n_ok, ok_pages = known["ok"]
                return _finish_summary(summary, out, t0, None, [], [], (n_ok, ok_pages, known["others"]))
        states = manifest.scan(files, found.stats)
        found.stats.clear()  # 10^5 stat results, not needed again
        previous, why_not = manifest.load_manifest(out)
        if (
            not files
            and not found.refused
            and previous
            and previous.get("files")
            and not settings.allow_empty
        ):
            raise EmptyInput(
                f"no PDF in {', '.join(map(str, inputs))}, but {out} holds the datasets of "
                f"{len(previous['files'])} documents: nothing was changed (an unmounted share?); "
                "--allow-empty publishes empty datasets"
            )
        plan = manifest.make_plan(states, previous, rules.digest, full, settings.output_options, why_not)
        if previous:  # its inputs are in the plan now: 10^5 records freed before the corpus is read
            previous.pop("files", None)
        summary.mode = (
            "unchanged" if plan.nothing_to_do else ("full: " + plan.reason if plan.full else "incremental")
        )
        if plan.nothing_to_do:
            # nothing new: no PDF is opened and the datasets stay byte for byte as they are
            return _finish_summary(summary, out, t0, None, [], plan.reuse)
        from .. import assemble
        from . import store

        publish.clean_stale_staging(out)
        path_of = {rel: str(p) for p, rel in files}
        todo, copy_of = _same_bytes([(path_of[f.path], f.path) for f in plan.process])
        bar = progress or Progress()
        bar.start(len(todo))
        summary.timings["plan"] = round(time.perf_counter() - t0, 3)
        results = _process(
            todo,
            rules,
            out,
            workers,
            scheduler,
            ocr,
            doc_timeout,
            bar,
            summary,
        )
        by_name = {r.source_file: r for r in results}
        results += [
            replace(by_name[first], source_file=rel) for rel, first in copy_of.items() if first in by_name
        ]
        summary.timings["process"] = round(time.perf_counter() - t0 - summary.timings["plan"], 3)
        summary.reused, summary.removed, summary.processed = len(plan.reuse), len(plan.removed), len(todo)
        prev = _previous(out, previous, plan)
        if prev is None:  # a full run: every dataset from the rows of every document
            all_results, _ = assemble.one_per_document(results + refused)
            tables = assemble.build_tables(all_results, rules)
            parts, part_of = store.full_files(tables, settings.part_inputs)
            documents = tables["documents"].to_pylist()
        else:  # the previous version's parts, the changed ones made again (pipeline.runner.store)
            inc = store.incremental_files(prev, results + refused, rules, settings.part_inputs)
            parts, part_of, documents = inc.files, inc.part_of, inc.documents
            summary.timings["rewritten"] = inc.rewritten
        published = [
            _Shown(d["source_file"], d["status"], d.get("error"), d.get("pages") or 0) for d in documents
        ]
        reused = {f.path: f for f in plan.reuse}  # with the ids the manifest gave them
        states = _published_states([reused.get(f.path, f) for f in states], results, published)
        summary.duplicates = assemble.copies(documents)
        publish.publish(
            parts,
            out,
            run_id,
            lambda outputs: manifest.manifest_data(
                states, rules.digest, run_id, outputs, settings.output_options, part_of
            ),
            (previous or {}).get("outputs"),
            manifest.listing_data,
        )
        summary.timings["publish"] = round(
            time.perf_counter() - t0 - summary.timings["plan"] - summary.timings["process"], 3
        )
        return _finish_summary(summary, out, t0, published, results, states)


class _Shown(NamedTuple):
    """An input as published: what the run record and the manifest say of it."""

    source_file: str
    status: str
    error: str | None
    pages: int


def _previous(out: Path, previous: dict | None, plan: manifest.Plan) -> Any:
    """The published version an incremental run builds on (None: a full run, or a version of an
    older layout, without parts)."""
    from . import store

    if plan.full or not previous or "parts" not in previous:
        return None
    kept = {f.path for f in plan.reuse}
    parts = {f: int(p) for f, p in previous["parts"].items()}
    return store.Previous(publish.current_dir(out), parts, removed=set(parts) - kept)


def _refused(refused: list[tuple[str, str]]) -> list[DocumentResult]:
    """An ``error`` row for every input refused before reading (the stages are imported only
    when there is such an input: a run with nothing to do must start quickly)."""
    if not refused:
        return []
    from .document import refused_result

    return [refused_result(rel, why) for rel, why in refused]


def _published_states(
    states: list[manifest.FileState], read: list, published: list
) -> list[manifest.FileState]:
    """The inputs as the manifest records them: each file's id and outcome; a file skipped as a
    duplicate has no outcome; a file whose failure came from the environment has no id (read
    again next run)."""
    done = {r.source_file: r for r in read}
    shown = {r.source_file: r for r in published}
    out = []
    for f in states:
        r = done.get(f.path)
        doc_id = None if r is not None and r.retry else (r.doc_id if r is not None else f.doc_id)
        p = shown.get(f.path)
        out.append(  # made, not replace()d: ten times quicker over the 10^5 inputs of a corpus
            manifest.FileState(
                f.path,
                f.size,
                f.mtime_ns,
                doc_id,
                p.status if p else None,
                p.error if p else None,
                p.pages if p else 0,
            )
        )
    return out


def _same_bytes(todo: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The files to read once: of files with the same bytes (found by size, then hash), only the
    first by name is read; the others are copies of it (``{copy: first}``), published with its
    rows. The same PDF under 50 names is read once, not 51 times."""
    by_size: dict[int, list[tuple[str, str]]] = {}
    for path, rel in todo:
        try:
            by_size.setdefault(Path(path).stat().st_size, []).append((path, rel))
        except OSError:
            by_size.setdefault(-1, []).append((path, rel))
    keep, copy_of = [], {}
    for size, group in by_size.items():
        if size < 0 or len(group) == 1:
            keep += group
            continue
        first: dict[str, str] = {}
        for path, rel in sorted(group, key=lambda t: t[1]):
            try:
                digest = sha256_file(path)
            except OSError:
                keep.append((path, rel))
                continue
            if digest in first:
                copy_of[rel] = first[digest]
            else:
                first[digest] = rel
                keep.append((path, rel))
    return sorted(keep, key=lambda t: t[1]), copy_of


def _process(todo, rules, out, workers, scheduler, ocr, doc_timeout, bar: Progress, summary):  # type: ignore[no-untyped-def]
    from . import schedule as tasks

    limits = rules.thresholds.limits
    executor = make_executor(workers, scheduler, limits.worker_memory_mb, limits.worker_max_tasks)
    summary.executor = executor.name
    finished = False
    try:
        cache = str(out / CACHE_DIR / "ocr") if ocr else None
        results, summary.ocr_pages, summary.ocr_cached = tasks.process_documents(
            executor, todo, rules, cache, doc_timeout, bar
        )
        summary.timings["stages"] = stage_totals(results)
        finished = True
    finally:
        bar.close()
        executor.close(abort=not finished)  # interrupted: the workers are stopped, not waited for
    return results


def stage_totals(results: list[DocumentResult]) -> dict[str, float]:
    """Seconds each stage ran over the documents of a run (summed over workers: with two workers
    they may add up to twice the time the run took), OCR included."""
    from ..stages import total_seconds

    out = total_seconds(kv for r in results for kv in r.stage_seconds.items())
    return {k: round(v, 3) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}


def _finish_summary(
    summary: RunSummary,
    out: Path,
    t0: float,
    published_results,
    processed,
    states,
    listed: tuple[int, int, list] | None = None,
) -> RunSummary:
    """Counts over the datasets as they now stand; pages and pages/s over the work of this run.
    ``listed``: the standing as the listing file counts it (the ``ok`` documents, their pages, and
    every other input)."""
    summary.published = published_results is not None
    if listed is not None:  # nothing changed, as the listing says
        summary.ok, summary.pages_total, standing = listed[0], listed[1], [tuple(s) for s in listed[2]]
        summary.documents = listed[0]
    elif published_results is None:  # nothing changed: the standing datasets, as the manifest has them
        standing = [(f.path, f.status, f.error, f.pages) for f in states if f.status]
    else:
        standing = [(r.source_file, r.status, r.error, r.pages) for r in published_results]
    summary.documents += len(standing)
    for source_file, status, error, pages in sorted(standing):
        setattr(summary, status, getattr(summary, status) + 1)
        summary.pages_total += pages
        if status != "ok":
            summary.problems.append((source_file, status, error or ""))
    summary.pages = sum(r.pages for r in processed)
    summary.peak_rss_mb = {
        "main": _peak_rss_mb(resource.RUSAGE_SELF),
        "workers": _peak_rss_mb(resource.RUSAGE_CHILDREN),
    }
    summary.seconds = round(time.perf_counter() - t0, 3)
    summary.ended = _now()
    _write_run_record(out, summary)
    return summary


def _write_run_record(out: Path, summary: RunSummary) -> None:
    runs = out / RUNS_DIR
    runs.mkdir(parents=True, exist_ok=True)
    # the fields as they are (asdict copies every list deeply: a second for a corpus's problems)
    record = {f.name: getattr(summary, f.name) for f in fields(summary)}
    record["pages_per_second"] = round(summary.pages_per_second, 2)
    # one line: JSON's C encoder (a record lists every problem of a corpus; `jq .` indents it)
    publish.write_text_atomic(runs / f"{summary.run_id}.json", json.dumps(record, ensure_ascii=False))


def _peak_rss_mb(who: int) -> int | None:
    """Peak resident memory (Linux reports KiB): this process, or the largest of its finished
    child processes (local workers; None when there were none)."""
    kib = resource.getrusage(who).ru_maxrss
    return round(kib / 1024) if kib else None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _versions(rules) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    v = {
        "pipeline": __version__,
        "code": manifest.code_digest()[:12],
        "rules": rules.digest[:12],
        "python": sys.version.split()[0],
    }
    for lib in ("pdfplumber", "pypdfium2", "pythainlp", "rapidfuzz", "tesserocr", "pyarrow"):
        try:
            v[lib] = version(lib)
        except PackageNotFoundError:
            v[lib] = None
    try:
        from ..ocr.engine import engine_for

        engine = engine_for(rules)
        v[engine.name] = engine.version()
    except Exception:
        v[rules.ocr.engine] = None
    return v
