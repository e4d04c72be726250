"""Golden tests: every dataset of every bundled corpus document, as readable JSON lines.

A missing golden file fails. Regenerate only on purpose: ``make golden`` (UPDATE_GOLDEN=1), then
review the diff of tests/golden/ like any other change.
"""

import datetime
import json
import os
from pathlib import Path

import pytest
from conftest import CORPUS

from pipeline.datasets import BY_NAME, PER_DOCUMENT

GOLDEN = Path(__file__).resolve().parent / "golden"
DATASETS = [ds.name for ds in PER_DOCUMENT]
VOLATILE = {"pipeline_version"}
#: columns filled in across documents, not by the document's own stages
ACROSS_DOCUMENTS = {"org_key"}
# For OCR'd documents the golden files keep the structured values (numbers, dates, codes, statuses)
# and leave out free text, whose exact characters depend on the OCR engine's build.
OCR_FREE_TEXT = {
    "text",
    "steps",
    "responsible",
    "result_text",
    "outcome_text",
    "period_text",
    "raw_label",
    "raw_name",
    "section",
    "indicator_cell",
    "project_name",
    "quality",
    "text_quality",
    "error",
    "district",
    "item_codes",
    "match_score",
}
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
DOCS = sorted(p.name for p in CORPUS.glob("*.pdf"))


def _plain(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, float):
        return round(v, 4)
    return v


def serialize(rows: list[dict], dataset: str, ocr: bool = False) -> str:
    """Rows as the dataset publishes them: every column of its contract (null when a row has no
    value), but those added across documents (``org_key``)."""
    drop = VOLATILE | ACROSS_DOCUMENTS | (OCR_FREE_TEXT if ocr else set())
    columns = sorted(c for c in BY_NAME[dataset].names if c not in drop)
    lines = [
        json.dumps({k: _plain(r.get(k)) for k in columns}, ensure_ascii=False, sort_keys=True) for r in rows
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def test_update_flag_is_off_in_ci():
    assert not (UPDATE and os.environ.get("CI")), "UPDATE_GOLDEN must not be set in CI"


def test_every_corpus_document_has_golden_files():
    for doc in DOCS:
        for ds in DATASETS:
            assert (GOLDEN / Path(doc).stem / f"{ds}.jsonl").exists() or UPDATE, (
                f"missing golden file for {doc} {ds}"
            )


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("doc", DOCS)
def test_golden(doc, dataset, corpus_results):
    res = corpus_results[doc]
    ocr = res.rows["documents"][0].get("extraction") in ("ocr", "mixed")
    got = serialize(res.rows.get(dataset, []), dataset, ocr)
    path = GOLDEN / Path(doc).stem / f"{dataset}.jsonl"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), (
        f"missing golden file {path.relative_to(GOLDEN.parent)}; run `make golden` and review the diff"
    )
    assert got == path.read_text(encoding="utf-8"), (
        f"{doc} {dataset} differs from {path.name}; if intended, `make golden`"
    )
