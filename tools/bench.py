"""Benchmarks (a harness, not a timed test): ``python -m tools.bench {ocr,pipeline,all}``.

* ``ocr``: per page of the scanned sample, our OCR (no cache) against plain ``tesseract`` on the
  same page image at the same dpi (one OpenMP thread, as the pipeline runs it), interleaved,
  medians; then a second run through the cache (no tesseract call).
* ``pipeline``: see ``pipeline_bench``.
* ``scans``: font-varied scans read back and scored per face (``tools.benchscans``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.benchpipe import RAW, documents_by_kind, median


def ocr_bench(pdf: Path | None = None, pages: int = 6, repeats: int = 3) -> dict:
    """``pdf``: default, the first document of data/raw with pages to OCR."""
    from pipeline.adapters import pdfium as pdfium_reader
    from pipeline.ocr.engine import engine_for
    from pipeline.rules import load_rules
    from pipeline.runner.ocr_cache import cached_ocr
    from pipeline.stages import context_for

    rules = load_rules()
    repairer = context_for(rules).repairer

    def ocr_image(img, page_no, rules, cache, dpi=None):  # type: ignore[no-untyped-def]
        return cached_ocr(img, page_no, rules, repairer, cache, dpi)

    def tesseract(png: Path) -> float:
        t = time.perf_counter()
        subprocess.run(
            ["tesseract", str(png), "-", "-l", rules.ocr.lang],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.perf_counter() - t

    if pdf is None:
        scanned = documents_by_kind(RAW)[1]
        if not scanned:
            raise SystemExit(f"no scanned document in {RAW} to benchmark OCR on")
        pdf = scanned[0]
    doc = pdfium_reader.open_pdf(pdf)
    n = min(pages, len(doc))
    # plain tesseract reads the page rendered at rules.ocr.dpi (what `pdftoppm -r 300 | tesseract`
    # does); the pipeline reads it as it runs (a scan at its own resolution when that is lower)
    plain_images = [pdfium_reader.render_page(doc, i, rules.ocr.dpi).convert("L") for i in range(n)]
    ours_images = [
        pdfium_reader.render_for_ocr(doc, i, rules.ocr.dpi, native_floor=rules.ocr.native_floor_dpi)
        for i in range(n)
    ]
    doc.close()
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    ocr_image(
        ours_images[0][0], 1, rules, None, ours_images[0][1]
    )  # load models and templates once (as a worker)
    rows = []
    try:
        for i, (img, (own, dpi)) in enumerate(zip(plain_images, ours_images)):
            png, own_png = tmp / f"p{i}.png", tmp / f"o{i}.png"
            img.save(png)
            own.save(own_png)
            ours, plain, same = [], [], []
            for _ in range(repeats):  # interleaved
                plain.append(tesseract(png))
                same.append(tesseract(own_png))
                t = time.perf_counter()
                ocr_image(own, i + 1, rules, None, dpi)
                ours.append(time.perf_counter() - t)
            rows.append(
                {
                    "page": i + 1,
                    "dpi": dpi,
                    "tesseract_s": round(median(plain), 3),
                    "tesseract_same_image_s": round(median(same), 3),
                    "pipeline_s": round(median(ours), 3),
                    "ratio": round(median(ours) / median(plain), 3),
                    "ratio_same_image": round(median(ours) / median(same), 3),
                }
            )
        cache = tmp / "cache"
        first = [ocr_image(img, i + 1, rules, cache, dpi) for i, (img, dpi) in enumerate(ours_images)]
        t = time.perf_counter()
        again = [ocr_image(img, i + 1, rules, cache, dpi) for i, (img, dpi) in enumerate(ours_images)]
        cached_s = time.perf_counter() - t
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total_ours = sum(r["pipeline_s"] for r in rows)
    total_plain = sum(r["tesseract_s"] for r in rows)
    return {
        "pdf": pdf.name,
        "pages": rows,
        "tesseract_version": engine_for(rules).version(),
        "tesseract_dpi": rules.ocr.dpi,
        "ratio_total": round(total_ours / total_plain, 3),
        "ratio_median": round(median([r["ratio"] for r in rows]), 3),
        "ratio_same_image": round(total_ours / sum(r["tesseract_same_image_s"] for r in rows), 3),
        "second_run_cached_pages": sum(p.cached for p in again),
        "first_run_cached_pages": sum(p.cached for p in first),
        "second_run_seconds": round(cached_s, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["ocr", "pipeline", "scans", "all"], nargs="?", default="all")
    ap.add_argument("--pages", type=int, default=6, help="OCR bench: pages of the scan")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args()
    out = {}
    if a.what in ("ocr", "all"):
        r = ocr_bench(pages=a.pages, repeats=a.repeats)
        out["ocr"] = r
        print(
            f"OCR per page of {r['pdf']} (median of {a.repeats}, interleaved) vs plain `tesseract -l tha+eng` "
            "(OMP_THREAD_LIMIT=1):"
        )
        for p in r["pages"]:
            print(
                f"  page {p['page']}: tesseract {p['tesseract_s']:.2f} s at {r['tesseract_dpi']} dpi "
                f"({p['tesseract_same_image_s']:.2f} s on the pipeline's {p['dpi']:.0f}-dpi image), "
                f"pipeline {p['pipeline_s']:.2f} s, ratio {p['ratio']:.2f}"
            )
        print(
            f"  ratio over all pages {r['ratio_total']:.2f} (median of pages {r['ratio_median']:.2f}; "
            f"{r['ratio_same_image']:.2f} against tesseract on the same image)"
        )
        print(
            f"  second run: {r['second_run_cached_pages']}/{len(r['pages'])} pages from the cache, "
            f"{r['second_run_seconds']:.2f} s, no tesseract call"
        )
    if a.what in ("pipeline", "all"):
        from tools.benchpipe import pipeline_bench, print_pipeline

        r = pipeline_bench(repeats=a.repeats)
        out["pipeline"] = r
        print_pipeline(r)
    if a.what in ("scans", "all"):
        from tools.benchscans import scans_bench

        print("Font-varied scans (tests/scans.py), read back by the pipeline:")
        out["scans"] = scans_bench()
    if a.json:
        a.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
