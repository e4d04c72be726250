"""The labelled set of the matcher: every measure of the labelled documents as the matcher sees it
(its text, steps, the cells and headings around it, its year) with the indicator two people gave
it by reading the document (``docs/labelling.md``).

    python -m tools.matcher_set --labels A.yaml [--labels B.yaml] --pdf DIR... \
        --out tests/fixtures/matching/measures.yaml

Each labels file is a list of ``{doc, seq, indicator, basis, note, confidence}`` (``seq`` as in
``measures.seq``). Rows where the labellers agree carry ``indicator``; where they disagree,
``disputed`` lists both (the matcher is scored on the agreed rows; disputed ones are reported).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import yaml

from pipeline.rules import load_rules
from pipeline.runner.document import ocr_page, pages_to_ocr, read_pdf
from pipeline.stages import FINISH_STAGES, context_for, match, run_stages


def measures_of(pdf: Path, ctx, cache: Path | None) -> list[dict]:  # type: ignore[no-untyped-def]
    """The document's measures as the ``match`` stage receives them."""
    state, err = read_pdf(pdf, pdf.name, ctx)
    if state is None:
        raise SystemExit(f"{pdf}: {err.error if err else 'unreadable'}")
    ocr = {i: ocr_page(pdf, i, ctx, cache) for i in pages_to_ocr(state)}
    before = FINISH_STAGES[: FINISH_STAGES.index(match)]
    done = run_stages(replace(state, ocr=ocr), ctx, before)
    meta = done.metadata
    return [
        {
            "doc": pdf.name,
            "doc_type": str(meta.doc_type) if meta.doc_type else None,
            "doc_subtype": meta.doc_subtype,
            "seq": m.seq,
            "kind": str(m.kind),
            "fiscal_year": m.fiscal_year,
            "text": m.text,
            "steps": m.steps,
            "context": list(m.match_context),
            "row_items": list(m.row_items),
        }
        for m in done.measures
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, action="append", required=True)
    ap.add_argument("--pdf", type=Path, action="append", required=True, help="a folder of the labelled PDFs")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("data/processed/_ocr_cache"))
    a = ap.parse_args(argv)
    labels = [
        {(r["doc"], r["seq"]): r for r in yaml.safe_load(p.read_text(encoding="utf-8"))} for p in a.labels
    ]
    docs = sorted({doc for lab in labels for doc, _ in lab})
    ctx = context_for(load_rules())
    out = []
    for doc in docs:
        pdf = next((d / doc for d in a.pdf if (d / doc).exists()), None)
        if pdf is None:
            raise SystemExit(f"{doc}: not in {a.pdf}")
        for m in measures_of(pdf, ctx, a.cache):
            given = [lab[(doc, m["seq"])] for lab in labels if (doc, m["seq"]) in lab]
            if not given:
                continue
            answers = [g["indicator"] for g in given]
            first = given[0]
            row = {
                **m,
                "basis": first["basis"],
                "confidence": first.get("confidence"),
                "note": first.get("note"),
            }
            if len(set(answers)) == 1:
                row["indicator"] = answers[0]
            else:
                row["disputed"] = answers
            out.append(row)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# The matcher's labelled set: built by tools/matcher_set.py from the labels of two people\n"
        "# (docs/labelling.md); do not edit by hand. indicator: agreed (null: not an ITA measure);\n"
        "# disputed: the two labels where they differ.\n"
    )
    a.out.write_text(
        header + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    agreed = sum(1 for r in out if "indicator" in r)
    print(f"{len(out)} measures ({agreed} agreed, {len(out) - agreed} disputed) -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
