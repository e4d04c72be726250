"""What the stages make of one PDF, for a person debugging it: the pages' text, the tables with
their column roles and rows, and the rows of every dataset.

    python -m tools.show FILE.pdf [--text] [--tables] [--rows DATASET] [--no-ocr] [--page N]

Uses the OCR cache of ``data/processed`` like ``ita extract`` does.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from pipeline.rules import load_rules
from pipeline.runner.document import FINISH_STAGES, ocr_page, pages_to_ocr, read_pdf
from pipeline.stages import context_for, run_stages


def _print_tables(done, page: int | None) -> None:  # type: ignore[no-untyped-def]
    for t in done.tables:
        if page and page not in t.pages:
            continue
        print(f"===== table {t.index} pages={t.pages} roles={[str(r) for r in t.roles]}")
        print(f"  header: {' | '.join(t.header)}")
        for r in t.rows:
            print(f"  [{r.kind}] p{r.page} " + " | ".join(c or "" for c in r.cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("--text", action="store_true", help="print each page's text")
    ap.add_argument("--tables", action="store_true", help="print each table: roles and rows")
    ap.add_argument("--rows", action="append", default=[], help="print this dataset's rows")
    ap.add_argument("--no-ocr", action="store_true")
    ap.add_argument("--page", type=int, help="only this page (1-based)")
    ap.add_argument("--cache", type=Path, default=Path("data/processed/_ocr_cache"))
    a = ap.parse_args()
    ctx = context_for(load_rules())
    state, err = read_pdf(a.pdf, a.pdf.name, ctx)
    if err is not None or state is None:
        raise SystemExit(f"cannot read: {err.error if err else '?'}")
    ocr = {} if a.no_ocr else {i: ocr_page(a.pdf, i, ctx, a.cache) for i in pages_to_ocr(state)}
    done = run_stages(replace(state, ocr=ocr), ctx, FINISH_STAGES)
    if a.text:
        for p in done.pages:
            if not a.page or p.page == a.page:
                print(f"===== page {p.page} =====\n{p.text}")
    if a.tables:
        _print_tables(done, a.page)
    assert done.result is not None
    print(f"status={done.result.status} error={done.result.error}")
    for name in a.rows:
        for row in done.result.rows.get(name, []):
            print(json.dumps(row, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
