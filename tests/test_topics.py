"""Item topics (rules/topics.yaml): every catalog item 2563-2569 has one, and the items put on one
topic across years ask for the same thing."""

import shutil

import pytest
import yaml

from pipeline.model import Tool
from pipeline.rules import load_rules
from pipeline.rules.load import RULES_DIR, RulesError, load_rules_from


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_every_catalog_item_of_every_year_has_a_topic(rules):
    assert sorted(rules.catalogs) == list(range(2563, 2570))
    for cat in rules.catalogs.values():
        for it in cat.items:
            assert it.topic in rules.topics.topics, (cat.year, it.code)


def test_a_topics_items_across_years_name_the_same_requirement(rules):
    """Each item's name holds its topic's terms (and none of its ``without``), and no other item of
    the same tool in that year does: the topic picks out one requirement per year."""
    for cat in rules.catalogs.values():
        for it in cat.items:
            topic = rules.topics.topics[it.topic]
            assert topic.describes(it.name), (cat.year, it.code, it.topic, it.name)
            rivals = [
                o.code
                for o in cat.items
                if o is not it and Tool.of_item(o.code) == Tool.of_item(it.code) and topic.describes(o.name)
            ]
            assert not rivals, (cat.year, it.code, it.topic, rivals)


def test_a_topics_indicator_is_its_items_indicator(rules):
    for cat in rules.catalogs.values():
        for it in cat.items:
            assert rules.topics.topics[it.topic].indicator_in(cat.year) == it.indicator, (cat.year, it.code)


# what notes/ita-catalog.md and notes/ita-2568-2569.md establish: (year, code) per topic
SAME_REQUIREMENT = {
    "service_manual": [(2563, "o14"), (2566, "o15"), (2567, "o11"), (2568, "o9"), (2569, "o9")],
    "anticorruption_plan": [(2563, "o39"), (2566, "o36"), (2567, "o32"), (2568, "o25"), (2569, "o23")],
    "anticorruption_report": [(2566, "o38"), (2567, "o33"), (2568, "o26"), (2569, "o24")],
    "ita_analysis_measures": [(2566, "o42"), (2567, "o34"), (2569, "o25")],
    "integrity_measures_report": [(2566, "o43"), (2567, "o35"), (2569, "o26")],
    "procurement_annual_report": [(2567, "o17"), (2568, "o13"), (2569, "o12")],
    "structure_and_duties": [(2563, "o1"), (2568, "o1"), (2569, "o1")],
}


@pytest.mark.parametrize("topic", sorted(SAME_REQUIREMENT))
def test_items_the_notes_call_the_same_share_a_topic(rules, topic):
    for year, code in SAME_REQUIREMENT[topic]:
        assert rules.topic_of(year, code) == topic, (year, code)


def test_one_code_means_different_things_in_different_years(rules):
    assert len({rules.topic_of(y, "o9") for y in (2565, 2567, 2568)}) == 3
    assert rules.topic_of(2568, "o12") == "procurement_list_and_progress"
    assert rules.topic_of(2569, "o12") == "procurement_annual_report"
    assert rules.topic_of(2569, "o99") is None and rules.topic_of(2570, "o1") is None


def _copy_rules(tmp_path):
    d = tmp_path / "rules"
    shutil.copytree(RULES_DIR, d)
    return d


def test_an_item_on_an_undeclared_topic_is_refused(tmp_path):
    d = _copy_rules(tmp_path)
    path = d / "catalogs" / "ita_2569.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("topic: service_manual", "topic: servise_manual")
    )
    with pytest.raises(RulesError, match=r"ita_2569.yaml: o9: topic 'servise_manual' is not in topics.yaml"):
        load_rules_from(d)


def test_one_topic_on_two_items_of_a_year_is_refused(tmp_path):
    d = _copy_rules(tmp_path)
    path = d / "catalogs" / "ita_2568.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("topic: staff_work_manual", "topic: service_manual")
    )
    with pytest.raises(RulesError, match=r"ita_2568.yaml: o9: topic 'service_manual' is already o8's"):
        load_rules_from(d)


def test_a_relation_naming_an_unknown_topic_is_refused(tmp_path):
    d = _copy_rules(tmp_path)
    data = yaml.safe_load((d / "topics.yaml").read_text(encoding="utf-8"))
    data["relations"][0]["into"] = "nothing_like_it"
    (d / "topics.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match=r"unknown topic 'nothing_like_it'"):
        load_rules_from(d)
