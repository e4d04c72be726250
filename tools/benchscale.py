"""The nightly-at-scale benchmark (``make bench-scale``; a harness, not a timed test).

An operator's output folder holds the datasets of 10^3 … 10^5 documents; each night a few documents
are added. This builds such a folder **without PDFs**: the bundled documents are read once, and
their rows (every dataset, realistic sizes) are repeated as the documents of other bodies — one
body per repetition, named after a real ตำบล of the gazetteer (its codes and places), a new
``doc_id`` per document, fiscal years spread over several years, sketches of their own (no copy of
another) — and published with a manifest whose inputs exist (placeholder files, never opened:
they are unchanged). Then, each in its own ``ita extract`` process, as a nightly run is:

1. **add one document** (a bundled PDF under a new name): time, peak memory of the main process,
   the run record's phase times (plan, process, publish);
2. **nothing changed** (the same command again): time and memory.

Each night runs ``--repeats`` times (3), each on a copy of the version as built (hard links), and
the median is reported with every time.

    python -m tools.benchscale [--sizes 1000 10000 100000] [--json out.json] [--keep DIR]

Building the 10^5 folder takes about 6 minutes and 18 GB of memory (its tables are made whole,
then cut into parts): on a smaller machine give ``--sizes 1000 10000``. The runs themselves are
what is measured, each capped by ``--max-gb`` of address space so that none can swap the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
#: the bundled documents with a text layer: their rows are the template of every body's documents
TEMPLATE = ("doc-000.pdf", "doc-001.pdf", "doc-002.pdf", "doc-003.pdf", "doc-004.pdf")
#: a placeholder input is never opened (it is unchanged); one file linked many times (ext4 allows
#: 65,000 links to one file: a new one per LINKS)
LINKS = 50_000
#: the body's kind as the documents print it (the ตำบล's name follows)
PREFIX = "องค์การบริหารส่วนตำบล"


def _template(work: Path) -> None:
    """The datasets of the bundled text documents (one real run, no OCR) in ``work/template_out``."""
    from pipeline.runner.run import run_extract

    raw, out = work / "template_raw", work / "template_out"
    raw.mkdir(parents=True, exist_ok=True)
    for name in TEMPLATE:
        shutil.copy2(RAW / name, raw / name)
    run_extract(raw, out, workers=0, ocr=False)


def _bodies(n: int) -> list[dict[str, str]]:
    """``n`` bodies: one per ตำบล of the gazetteer (repeating over the years past the last)."""
    from pipeline.adapters.gazetteer import areas

    provinces, districts, subdistricts = areas()
    pname = {a.code: a.name for a in provinces}
    dname = {a.code: (a.name, a.parent) for a in districts}
    out = []
    for s in subdistricts[: min(n, len(subdistricts))]:
        district, province_code = dname[s.parent]
        out.append(
            {
                "org_name": PREFIX + s.name,
                "subdistrict_code": s.code,
                "district_code": s.parent,
                "province_code": province_code,
                "district": district,
                "province": pname[province_code],
            }
        )
    return out


def _doc_id(i: int) -> str:
    return hashlib.sha256(f"synthetic document {i}".encode()).hexdigest()


def synthetic_tables(
    template: dict[str, Any], n_docs: int, seed: int = 1
) -> tuple[dict[str, Any], list[str]]:
    """The template's rows repeated to ``n_docs`` documents (whole repetitions: one body's set of
    documents each) -> ({dataset: table}, every doc_id in order)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    docs = template["documents"]
    t_ids = docs.column("doc_id").to_pylist()
    per_body = len(t_ids)
    reps = max(1, n_docs // per_body)
    bodies = _bodies(reps)
    rng = np.random.default_rng(seed)
    new_ids = [_doc_id(i) for i in range(reps * per_body)]
    out: dict[str, Any] = {}
    for name, table in template.items():
        if "doc_id" not in table.column_names or table.num_rows == 0:
            out[name] = table.slice(0, 0)
            continue
        t_index = {d: i for i, d in enumerate(t_ids)}
        row_doc = np.array([t_index.get(d, 0) for d in table.column("doc_id").to_pylist()])
        n = table.num_rows
        take = np.tile(np.arange(n), reps)
        rep = np.repeat(np.arange(reps), n)
        big = pa.concat_tables([table] * reps)  # the same rows again: chunks over one buffer, no copy
        doc_of_row = rep * per_body + row_doc[take]
        ids = np.array(new_ids, dtype=object)[doc_of_row]
        cols = {c: big.column(c) for c in big.column_names}
        cols["doc_id"] = pa.array(ids, pa.string())
        body = rep % len(bodies)
        year_shift = (rep // len(bodies)).astype(np.int32)
        for col, values in _body_columns(bodies, body, cols).items():
            cols[col] = values
        for col in ("fiscal_year", "assessment_year", "fiscal_year_end", "overall_score_year"):
            if col in cols and pa.types.is_integer(cols[col].type):
                cols[col] = pc.subtract(cols[col], pa.array(year_shift)).cast(cols[col].type)
        if "source_file" in cols:
            cols["source_file"] = pa.array(
                [f"b{b // 1000:03d}/{b:06d}-{i}.pdf" for b, i in zip(rep, row_doc[take])], pa.string()
            )
        for col in ("measure_id", "org_key"):
            if col in cols:
                prefix = pa.array([s[:8] for s in ids], pa.string())
                cols[col] = pc.binary_join_element_wise(prefix, cols[col].cast(pa.string()), "")
        if "content_sketch" in cols:  # sketches of their own: no document is a copy of another
            width = max((len(v) for v in docs.column("content_sketch").to_pylist() if v), default=0)
            values = rng.integers(0, 2**32 - 1, size=(big.num_rows, width), dtype=np.int64)
            cols["content_sketch"] = pa.array(list(values), type=big.schema.field("content_sketch").type)
        out[name] = pa.table([cols[c] for c in big.column_names], schema=big.schema)
    return out, new_ids


def _body_columns(bodies: list[dict[str, str]], body: Any, cols: dict[str, Any]) -> dict[str, Any]:
    import pyarrow as pa

    out = {}
    for col in ("org_name", "subdistrict_code", "district_code", "province_code", "district", "province"):
        if col in cols:
            out[col] = pa.array([bodies[b][col] for b in body], pa.string())
    if "org_key" in cols:
        out["org_key"] = pa.array([f"sao:{bodies[b]['subdistrict_code']}" for b in body], pa.string())
    if "org_type" in cols:  # every document of an อบต. is an อบต.'s
        out["org_type"] = pa.array(["sao"] * len(body), pa.string())
    return out


def build_previous(work: Path, template: dict[str, Any], n_docs: int) -> tuple[Path, Path, int]:
    """A raw folder of ``n_docs`` placeholder inputs and an output folder whose published version
    holds their synthetic rows and a manifest that knows them -> (raw, out, documents)."""
    from pipeline.rules import load_rules
    from pipeline.runner import manifest, publish, store
    from pipeline.runner.manifest import FileState

    tables, ids = synthetic_tables(template, n_docs)
    raw, out = work / "raw", work / "out"
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(raw, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    raw.mkdir(parents=True)
    docs = tables["documents"]
    files = docs.column("source_file").to_pylist()
    pages = docs.column("pages").to_pylist()
    states = []
    anchor: Path | None = None
    for i, (rel, doc_id, n_pages) in enumerate(zip(files, ids, pages)):
        if i % LINKS == 0:
            anchor = work / f"placeholder-{i // LINKS}.pdf"
            anchor.write_bytes(b"%PDF-1.4\n% placeholder: never opened\n%%EOF\n")
        path = raw / rel
        path.parent.mkdir(exist_ok=True)
        assert anchor is not None
        os.link(anchor, path)
        st = path.stat()
        states.append(FileState(rel, st.st_size, st.st_mtime_ns, doc_id, "ok", None, n_pages or 0))
    rules = load_rules()
    tables = _settled(tables, rules)
    files, part_of = store.full_files(tables)
    publish.publish(
        files,
        out,
        "synthetic",
        lambda outputs: manifest.manifest_data(
            states, rules.digest, "synthetic", outputs, {"ocr": False}, part_of
        ),
    )
    return raw, out, len(ids)


def _settled(tables: dict[str, Any], rules: Any) -> dict[str, Any]:
    """The synthetic version as the pipeline would have published it: its documents marked and its
    bodies found by the corpus step itself (``corpus.mark_documents``), the keyed rows carrying
    those keys. (The per-body datasets keep the template's rows: only their size matters here.)"""
    import pyarrow as pa

    from pipeline import corpus
    from pipeline.adapters import parquet
    from pipeline.datasets import BY_NAME

    docs, orgs = corpus.mark_documents(tables["documents"].to_pylist(), rules)
    out = dict(tables)
    out["documents"] = parquet.to_table(docs, BY_NAME["documents"])
    out["organisations"] = parquet.to_table([o.row() for o in orgs], BY_NAME["organisations"])
    org = {d["doc_id"]: d["org_key"] for d in docs}
    counted = {d["doc_id"] for d in docs if d["counted"]}
    for name in corpus.KEYED:
        t = out[name]
        ids = t.column("doc_id").to_pylist()
        for col, values in (("org_key", [org.get(i) for i in ids]), ("counted", [i in counted for i in ids])):
            t = t.set_column(t.schema.get_field_index(col), col, pa.array(values, t.schema.field(col).type))
        out[name] = t
    return out


def _run(raw: Path, out: Path, max_gb: float) -> dict[str, Any]:
    """One ``ita extract`` process, as cron starts it: wall time, peak memory, its run record.
    Started without ``fork`` of this (large) process, whose pages would count in its peak."""
    before = set((out / "_runs").glob("*.json"))
    log = out.parent / "run.log"
    t0 = time.perf_counter()
    with log.open("wb") as sink:  # a file, not a pipe: a full pipe would stop the run
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipeline",
                "extract",
                str(raw),
                "-o",
                str(out),
                "--workers",
                "1",
                "--no-ocr",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
        with contextlib.suppress(OSError):  # a run that would take the machine's memory fails, never swaps
            resource.prlimit(proc.pid, resource.RLIMIT_AS, (int(max_gb * 2**30),) * 2)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    err = log.read_text(encoding="utf-8", errors="replace")[-400:]
    record: dict[str, Any] = {}
    new = sorted(set((out / "_runs").glob("*.json")) - before)
    if new:
        record = json.loads(new[-1].read_text(encoding="utf-8"))
    return {
        "seconds": round(seconds, 2),
        "exit": os.waitstatus_to_exitcode(status),
        "peak_rss_mb": usage.ru_maxrss // 1024,  # the largest of the process and its workers
        "main_rss_mb": (record.get("peak_rss_mb") or {}).get("main"),
        "mode": record.get("mode"),
        "timings": {k: v for k, v in (record.get("timings") or {}).items() if k != "stages"},
        "error": "" if status == 0 else err,
    }


def _build_apart(work: Path, n: int) -> tuple[Path, Path, int]:
    """``build_previous`` in a process of its own (its tables are gone before a run starts)."""
    folder = work / f"n{n}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.benchscale",
            "--build",
            str(n),
            str(folder),
            str(work / "template_out"),
        ],
        cwd=ROOT,
        check=True,
    )
    docs = json.loads((folder / "built.json").read_text(encoding="utf-8"))["documents"]
    return folder / "raw", folder / "out", docs


def _build_main(n: int, folder: Path, template_out: Path) -> None:
    import pyarrow.parquet as pq

    template = {
        p.name.removesuffix(".parquet"): pq.read_table(p)
        for p in sorted((template_out / "current").glob("*.parquet"))
    }
    _, _, docs = build_previous(folder, template, n)
    (folder / "built.json").write_text(json.dumps({"documents": docs}), encoding="utf-8")


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median time, with every run's time and the largest main peak (this VM's timings
    move by a fifth from run to run: one run says little)."""
    ranked = sorted(runs, key=lambda r: r["seconds"])
    mid = dict(ranked[(len(ranked) - 1) // 2])
    mid["all_seconds"] = [r["seconds"] for r in runs]
    mid["main_rss_mb"] = max((r["main_rss_mb"] or 0) for r in runs) or None
    return mid


def scale_bench(
    sizes: list[int], max_gb: float = 12.0, keep: Path | None = None, repeats: int = 3
) -> list[dict[str, Any]]:
    results = []
    with tempfile.TemporaryDirectory(prefix="ita-scale-") as tmp:
        work = keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        # the template in a process of its own too: this one stays small (a child's peak memory
        # counts the pages it was forked with)
        subprocess.run(
            [sys.executable, "-m", "tools.benchscale", "--template", str(work)], cwd=ROOT, check=True
        )
        for n in sizes:
            t0 = time.perf_counter()
            raw, out, docs = _build_apart(work, n)
            built = time.perf_counter() - t0
            published = _bytes(out / ".versions")
            new = raw / "new"
            new.mkdir()
            shutil.copy2(RAW / TEMPLATE[1], new / "added-tonight.pdf")
            adds, sames = [], []
            for r in range(repeats):  # each night on the version as built (a copy of links to it)
                night = out.parent / f"night-{r}"
                shutil.rmtree(night, ignore_errors=True)
                shutil.copytree(out, night, symlinks=True, copy_function=os.link)
                adds.append(_run(raw, night, max_gb))
                sames.append(_run(raw, night, max_gb))
                if r:
                    shutil.rmtree(night, ignore_errors=True)
            add, same = _median_run(adds), _median_run(sames)
            results.append(
                {
                    "documents": docs,
                    "dataset_mb": round(published / 2**20, 1),
                    "build_seconds": round(built, 1),
                    "add_one": add,
                    "nothing_changed": same,
                }
            )
            print_row(results[-1])
            if keep is None:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
    return results


def print_row(r: dict[str, Any]) -> None:
    a, s = r["add_one"], r["nothing_changed"]
    print(
        f"{r['documents']:>7} documents ({r['dataset_mb']} MB of Parquet): add one {a['seconds']} s "
        f"(median of {a.get('all_seconds')}), "
        f"main {a['main_rss_mb']} MB (largest process {a['peak_rss_mb']} MB) {a['timings']} "
        f"{a['error'] and 'FAILED ' + a['error']}| nothing changed {s['seconds']} s (of {s.get('all_seconds')}), "
        f"main {s['main_rss_mb']} MB "
        f"{s['error'] and 'FAILED ' + s['error']}",
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--max-gb", type=float, default=12.0, help="address-space cap of each run (no swapping)")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--repeats", type=int, default=3, help="nights per size (the median is reported)")
    ap.add_argument("--build", nargs=3, metavar=("N", "FOLDER", "TEMPLATE_OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--template", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.template:
        _template(a.template)
        return
    if a.build:
        _build_main(int(a.build[0]), Path(a.build[1]), Path(a.build[2]))
        return
    r = scale_bench(a.sizes, a.max_gb, a.keep, a.repeats)
    if a.json:
        a.json.write_text(json.dumps(r, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
