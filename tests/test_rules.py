"""Rules are data: every file loads, every pattern matches its examples, mistakes name file and entry."""

import shutil

import pytest
import yaml

from pipeline.rules import RULES_DIR, RulesError, load_rules_from


def test_all_rules_load(rules):
    assert rules.orgs.org_types and rules.doc_types.doc_types and len(rules.months.months) == 12
    assert len(rules.digest) == 64


def test_every_named_pattern_matches_its_examples(rules):
    for name, pat in rules.patterns.patterns.items():
        for ex in pat.examples:
            m = pat.regex.search(ex.text)
            assert m, (name, ex.text)
            if ex.groups:
                assert list(m.groups()) == ex.groups


def test_every_doc_type_matches_its_examples(rules):
    import re

    for dt in rules.doc_types.doc_types:
        for ex in dt.examples:
            assert any(re.search(p, re.sub(r"\s+", "", ex)) for p in dt.patterns), (dt.code, ex)


def test_pua_tables_map_to_thai(rules):
    assert all("\u0e00" <= v <= "\u0e7f" for v in rules.text.pua_thai.values())
    assert rules.text.symbol_table("BCDJEE+Wingdings2")[0xF052] == "☑"
    assert rules.text.symbol_table("Wingdings")[0xF0FE] == "☑"
    assert rules.text.symbol_table("Arial") is None


def _copy_rules(tmp_path):
    d = tmp_path / "rules"
    shutil.copytree(RULES_DIR, d)
    return d


def test_a_pattern_that_misses_its_example_names_file_and_entry(tmp_path):
    d = _copy_rules(tmp_path)
    data = yaml.safe_load((d / "patterns.yaml").read_text(encoding="utf-8"))
    data["patterns"]["district"]["examples"][0]["text"] = "ไม่มีอำเภอที่นี่"
    data["patterns"]["district"]["examples"][0]["groups"] = ["x"]
    (d / "patterns.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules/patterns.yaml: patterns.district"):
        load_rules_from(d)


def test_unknown_org_type_code_is_rejected(tmp_path):
    d = _copy_rules(tmp_path)
    data = yaml.safe_load((d / "org_types.yaml").read_text(encoding="utf-8"))
    data["org_types"][0]["code"] = "village"
    (d / "org_types.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules/org_types.yaml: org_types.0.code"):
        load_rules_from(d)


def test_missing_file_and_bad_yaml(tmp_path):
    d = _copy_rules(tmp_path)
    (d / "months.yaml").unlink()
    with pytest.raises(RulesError, match=r"months\.yaml: file is missing"):
        load_rules_from(d)
    d2 = _copy_rules(tmp_path / "b")
    (d2 / "months.yaml").write_text("months: [unclosed", encoding="utf-8")
    with pytest.raises(RulesError, match=r"months\.yaml: not valid YAML"):
        load_rules_from(d2)


def test_extra_words_survive_repair(rules):
    from conftest import repair_text

    for w in rules.text.extra_words:
        assert repair_text(w) == w


def test_catalogs_per_year(rules):
    assert {2563, 2564, 2565, 2566, 2567, 2568} <= set(rules.catalogs)
    c = rules.catalog(2567)
    assert [i.number for i in c.indicators] == list(range(1, 11))
    assert c.item("o33").indicator == 10 and c.item("i10").indicator == 4
    # item numbering changes between years: o9 is a different item in 2565 and 2567
    assert rules.catalog(2565).item("o9").name != c.item("o9").name
    assert rules.catalog(2568).complete is False
    assert rules.nearest_catalog(2570).year == 2569 and rules.catalog(2560) is None


def test_catalog_aliases_and_names_survive_repair(rules):
    from conftest import repair_text

    for c in rules.catalogs.values():
        for ind in c.indicators:
            for name in (ind.name, *ind.aliases):
                assert repair_text(name) == name, (c.year, name)
        for it in c.items:
            assert repair_text(it.name) == it.name, (c.year, it.code)


def test_catalog_errors_name_file_and_entry(tmp_path):
    d = _copy_rules(tmp_path)
    p = d / "catalogs" / "ita_2567.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    data["items"].append(dict(data["items"][0]))  # duplicate code
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match=r"rules/catalogs/ita_2567.yaml: .*unique: \['i1'\]"):
        load_rules_from(d)
    data["items"].pop()
    data["items"][0]["indicator"] = 11
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match="points to indicator 11"):
        load_rules_from(d)


def test_edited_rules_change_the_repair_of_a_long_lived_worker(tmp_path):
    """A worker that serves two runs repairs with the rules of each (the cache is keyed by the
    rules' content): an edited PUA table or word list takes effect, and so do rules loaded from
    another folder."""
    from pipeline.rules import load_rules
    from pipeline.stages import context_for

    d = _copy_rules(tmp_path)
    first = context_for(load_rules(d))
    assert first.repairer.repair("\uf70fาติ") == "ญาติ"
    text = (d / "text.yaml").read_text(encoding="utf-8").replace('F70F: "\\u0E0D"', 'F70F: "\\u0E10"')
    text = text.replace("  - ตัวชี้วัด\n", "  - ตัวชี้วัด\n  - ฐาติ\n")
    (d / "text.yaml").write_text(text, encoding="utf-8")
    second = context_for(load_rules(d))
    assert second.rules.digest != first.rules.digest
    assert second.repairer.repair("\uf70fาติ") == "ฐาติ"
    assert second.lexicon.is_word("ฐาติ") and not first.lexicon.is_word("ฐาติ")
    assert context_for(load_rules_from(d)).repairer.repair("\uf70fาติ") == "ฐาติ"
    assert first.repairer.repair("\uf70fาติ") == "ญาติ"  # the first rules' repairer is untouched


def test_rows_with_an_unknown_column_are_refused():
    from pipeline.datasets import MEASURES, DatasetError, check_rows

    assert check_rows([{"doc_id": "d", "seq": 1}], MEASURES) == [{"doc_id": "d", "seq": 1}]
    with pytest.raises(DatasetError, match="unknown columns \\['sqe'\\]"):
        check_rows([{"doc_id": "d", "sqe": 1}], MEASURES)
