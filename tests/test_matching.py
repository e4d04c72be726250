"""Measure -> indicator/item matching: explicit references, fuzzy matching on labelled pairs."""

from pathlib import Path

import pytest
import yaml
from conftest import context, repair_text

from pipeline.stages.match import explicit_indicator, explicit_items
from pipeline.stages.match import match_measure as _match_measure
from pipeline.text.chars import compact


def match_measure(text, steps, ctx_texts, catalog, rules):
    return _match_measure(text, steps, ctx_texts, catalog, rules, context().lexicon)


PAIRS = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "matcher_pairs.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize(
    "text, no",
    [
        ("ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของทางราชการ", 4),
        ("ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต", 10),
        ("ตัวชี้วัดการใช้ทรัพย์สินของราชการ", 4),
        ("ประเด็นตามตัวชี้วัดการเปิดเผยข้อมูล", 9),
        ("จัดประชุมประจำเดือน", None),
        ("ตัวชี้วัดการประเมินคุณธรรมและความโปร่งใส", None),  # names no indicator
    ],
)
def test_explicit_indicator(rules, text, no):

    assert explicit_indicator([repair_text(text)], rules.catalog(2567), rules) == no


def test_explicit_items(rules):
    assert explicit_items(["แก้ไขข้อ o15 และ (o12) ตามข้อ 0 33"], rules) == ["o15", "o33", "o12"]
    assert explicit_items(["ตามข้อ 2 ของระเบียบ"], rules) == []


def test_explicit_wins_over_fuzzy(rules):
    m = match_measure("จัดทำคู่มือการใช้ทรัพย์สิน", None, ["ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"], rules.catalog(2567), rules)
    assert (m.indicator_no, m.method, m.score) == (9, "explicit", 100.0)


def test_item_reference_gives_its_indicator(rules):
    m = match_measure("เผยแพร่ประกาศจัดซื้อจัดจ้าง (o15)", None, [], rules.catalog(2567), rules)
    assert (m.indicator_no, m.item_codes, m.method) == (9, ("o15",), "explicit")


def test_matcher_on_labelled_pairs_from_the_seeds(rules):
    catalog = rules.catalog(2567)
    hits = [match_measure(p["text"], None, [], catalog, rules).indicator_no in p["accept"] for p in PAIRS]
    assert sum(hits) / len(hits) >= 0.85, [p["text"][:30] for p, h in zip(PAIRS, hits) if not h]


@pytest.mark.parametrize("pair", [p for p in PAIRS if len(p["accept"]) == 1])
def test_unambiguous_pairs(rules, pair):
    assert match_measure(pair["text"], None, [], rules.catalog(2567), rules).indicator_no in pair["accept"]


def test_no_evidence_gives_none(rules):
    m = match_measure("กิจกรรมวันเด็กแห่งชาติ", None, [], rules.catalog(2567), rules)
    assert m.indicator_no is None and m.method == "none" and m.score < rules.matching.min_score


def test_match_score_is_bounded_and_reflects_the_lead(rules):
    cat = rules.catalog(2567)
    clear = match_measure("มาตรการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ", None, [], cat, rules)
    vague = match_measure("จัดประชุมประจำเดือนเพื่อปรึกษาหารือการปฏิบัติงาน", None, [], cat, rules)
    assert 0 <= vague.score < clear.score <= 100


def test_items_served(rules):
    m = match_measure(
        "จัดทำคู่มือ/แนวทางการปฏิบัติงานหรือการให้บริการ",
        "1. จัดทำคู่มือการให้บริการสำหรับผู้รับบริการหรือผู้มาติดต่อ",
        [],
        rules.catalog(2567),
        rules,
    )
    assert {"o10", "o11"} <= set(m.item_codes)


def test_compact_keeps_thai_marks():
    # never rapidfuzz's default processor: it would turn Thai marks into spaces
    assert compact("ผู้รับผิด ชอบ") == "ผู้รับผิดชอบ" and compact("NO Gift") == "nogift"
