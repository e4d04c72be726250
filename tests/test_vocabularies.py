"""Closed vocabularies: every code a rules file names is a member of its enum (read from the YAML
as written, not through the schema that converts it), every member is documented in the data
dictionary, and a wrong code is refused at load naming the file and the entry."""

import shutil

import pytest
import yaml
from conftest import ROOT

from pipeline.datasets import ALL, DatasetError, check_rows, vocabularies
from pipeline.model import (
    DocType,
    Edit,
    Fault,
    MeasureStatus,
    OcrLanguages,
    OcrMode,
    OrgType,
    ProjectKind,
    Role,
    Tool,
    Vocabulary,
    all_vocabularies,
)
from pipeline.rules import RULES_DIR, RulesError, load_rules_from
from pipeline.rules.load import rules_vocabularies

DICTIONARY = ROOT / "docs" / "data-dictionary.md"


def _yaml(name):
    return yaml.safe_load((RULES_DIR / name).read_text(encoding="utf-8"))


def _members(vocab: type[Vocabulary]) -> set[str]:
    return set(vocab.values())


def test_doc_and_org_type_codes_are_members():
    assert {d["code"] for d in _yaml("doc_types.yaml")["doc_types"]} == _members(DocType) - {"other"}
    assert {o["code"] for o in _yaml("org_types.yaml")["org_types"]} <= _members(OrgType)


def test_table_roles_and_status_words_are_members():
    tables = _yaml("tables.yaml")
    # every role but the year's (a column is a year's by its header's form, not by a word) has its words
    assert set(tables["roles"]) == _members(Role) - {"year"}
    for key in ("labels", "wording"):
        assert set(tables["status"][key]) == _members(MeasureStatus)
    assert {ex["status"] for ex in tables["status"]["examples"]} - {None} <= _members(MeasureStatus)
    assert set(tables["project_kinds"].values()) == _members(ProjectKind)


def test_font_faults_and_edits_are_members():
    repair = _yaml("text.yaml")["repair"]
    assert set(repair["fonts"]["fault_edits"]) <= _members(Fault)
    assert {e for edits in repair["fonts"]["fault_edits"].values() for e in edits} <= _members(Edit)
    assert set(repair["penalties"]) == _members(Edit)


def test_ocr_engine_settings_name_every_language_set_and_mode():
    ocr = _yaml("ocr.yaml")
    engine = ocr[ocr["engine"]]
    assert set(engine["languages"]) == _members(OcrLanguages) and set(engine["psm"]) == _members(OcrMode)
    assert set(engine["min_linesize"]) <= _members(OcrMode)


def test_catalog_tools_are_members():
    for path in sorted((RULES_DIR / "catalogs").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert {i["tool"] for i in data.get("indicators", [])} <= _members(Tool), path.name


def test_every_rules_vocabulary_is_found_by_the_schema_walk():
    found = rules_vocabularies()
    for vocab in (
        DocType,
        OrgType,
        Role,
        MeasureStatus,
        ProjectKind,
        Fault,
        Edit,
        OcrLanguages,
        OcrMode,
        Tool,
    ):
        assert vocab in found, vocab.__name__


def test_every_member_of_every_vocabulary_is_documented():
    text = DICTIONARY.read_text(encoding="utf-8")
    vocabs = all_vocabularies()
    assert set(vocabularies()) <= set(vocabs) and set(rules_vocabularies()) <= set(vocabs)
    for vocab in vocabs:
        assert f"### {vocab.__name__}" in text, vocab.__name__
        for m in vocab:
            assert m.meaning, f"{vocab.__name__}.{m.name} says nothing"
            assert f"| `{m.value}` | " in text, f"{vocab.__name__}.{m.value} is not in the data dictionary"


def test_members_are_written_as_their_values():
    import json

    assert json.dumps({"s": MeasureStatus.DONE}) == '{"s": "done"}'
    assert (
        f"{Role.MEASURE}" == "measure"
        and str(Tool.OIT) == "OIT"
        and MeasureStatus("done") is MeasureStatus.DONE
    )


def test_a_value_outside_its_vocabulary_is_refused_when_rows_are_built():
    measures = next(ds for ds in ALL if ds.name == "measures")
    check_rows(
        [{"doc_id": "d", "status": "done", "kind": "plan"}], measures
    )  # plain strings, as reused rows hold
    with pytest.raises(DatasetError, match=r"measures.status: 'finished'"):
        check_rows([{"doc_id": "d", "status": "finished"}], measures)
    fonts = next(ds for ds in ALL if ds.name == "fonts")
    with pytest.raises(DatasetError, match=r"fonts.faults: 'broken'"):
        check_rows([{"doc_id": "d", "faults": ["aa_as_am", "broken"]}], fonts)


@pytest.mark.parametrize(
    "file, edit, message",
    [
        (
            "doc_types.yaml",
            lambda d: d["doc_types"][0].update(code="integrity_plan"),
            r"doc_types.yaml: doc_types.0.code",
        ),
        ("tables.yaml", lambda d: d["roles"].update(budgt=d["roles"]["budget"]), r"tables.yaml: roles.budgt"),
        (
            "text.yaml",
            lambda d: d["repair"]["penalties"].update(lost_nikhait=1.0),
            r"text.yaml: repair.penalties",
        ),
        ("ocr.yaml", lambda d: d["tesseract"]["psm"].pop("line"), r"ocr.yaml: tesseract.psm"),
    ],
)
def test_a_code_outside_its_vocabulary_is_refused_at_load(tmp_path, file, edit, message):
    d = tmp_path / "rules"
    shutil.copytree(RULES_DIR, d)
    data = yaml.safe_load((d / file).read_text(encoding="utf-8"))
    edit(data)
    (d / file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_rules_from(d)


def test_what_utf8_cannot_hold_is_replaced_and_counted_wherever_it_is():
    """A lone surrogate (a broken ToUnicode map) in a page's text, in a list, or after many clean
    rows (the search goes a chunk of values at a time) becomes U+FFFD, counted in
    ``replaced_chars``; clean rows pass as they are, their count 0 where there was none."""
    from pipeline.datasets import PAGES

    clean = {"doc_id": "d", "page": 1, "text": "มาตรการ"}
    rows = [dict(clean, page=i) for i in range(30_000)]
    assert [r["replaced_chars"] for r in check_rows(rows[:2], PAGES)] == [0, 0]
    broken = dict(clean, text="ก\ud800ข\udfff")
    out = check_rows([*rows, broken], PAGES)
    assert out[-1]["text"] == "ก\ufffdข\ufffd" and out[-1]["replaced_chars"] == 2
    assert out[0] == {**clean, "page": 0, "replaced_chars": 0}
    kept = check_rows([dict(clean, replaced_chars=3)], PAGES)
    assert kept[0]["replaced_chars"] == 3
