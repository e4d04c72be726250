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

from pipeline.datasets import ALL, BY_NAME, PER_DOCUMENT

GOLDEN = Path(__file__).resolve().parent / "golden"
DATASETS = [ds.name for ds in PER_DOCUMENT]
#: the pipeline's version; a hash of text the golden files already hold (any change of it shows there)
VOLATILE = {"pipeline_version", "content_sketch"}
#: columns filled in across documents, not by the document's own stages
ACROSS_DOCUMENTS = {
    "org_key",
    "counted",
    "duplicate_of",
    "duplicate_reason",
    "supersedes",
    "superseded_by",
    "counts_as",
}
#: the cross-document datasets, golden over the whole bundled corpus (``corpus/<dataset>.jsonl``)
CROSS = [ds.name for ds in ALL if ds not in PER_DOCUMENT]
#: what the corpus makes of each input (the columns set across documents)
IDENTITY = ["source_file", "org_key", "counted", "duplicate_of", "supersedes", "superseded_by"]
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
    "item_topics",
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


def serialize(rows: list[dict], dataset: str, ocr: bool = False, per_document: bool = True) -> str:
    """Rows as the dataset publishes them: every column of its contract (null when a row has no
    value), but those added across documents (``org_key``)."""
    drop = VOLATILE | (ACROSS_DOCUMENTS if per_document else set()) | (OCR_FREE_TEXT if ocr else set())
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


@pytest.fixture(scope="module")
def corpus_rows(corpus_results, rules):
    from pipeline.assemble import build_rows, one_per_document

    results, _ = one_per_document(list(corpus_results.values()))
    return build_rows(results, rules)


def _check(path: Path, got: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"missing golden file {path.relative_to(GOLDEN.parent)}; run `make golden`"
    assert got == path.read_text(encoding="utf-8"), f"{path.name} differs; if intended, `make golden`"


@pytest.mark.parametrize("dataset", CROSS)
def test_golden_across_documents(dataset, corpus_rows):
    """The cross-document datasets of the whole bundled corpus (the scan doc-004s is a copy of
    doc-004: nothing of it may count twice)."""
    key = BY_NAME[dataset].key
    rows = sorted(
        corpus_rows[dataset],
        key=lambda r: tuple((isinstance(r.get(k), int), str(r.get(k)).zfill(9)) for k in key),
    )
    _check(GOLDEN / "corpus" / f"{dataset}.jsonl", serialize(rows, dataset, per_document=False))


def test_golden_document_identity(corpus_rows):
    """What the corpus makes of each input: its body, whether it counts, what it is a copy of."""
    rows = sorted(corpus_rows["documents"], key=lambda r: r["source_file"])
    got = "".join(
        json.dumps({k: r.get(k) for k in IDENTITY}, ensure_ascii=False, sort_keys=True) + "\n" for r in rows
    )
    _check(GOLDEN / "corpus" / "documents_identity.jsonl", got)
