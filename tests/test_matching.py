"""Measure -> indicator/item matching: explicit references, fuzzy matching on labelled pairs."""

from pathlib import Path

import pytest
import yaml
from conftest import context, repair_text

from pipeline.stages.match import explicit_items, named_indicator, printed_indicator
from pipeline.stages.match import match_measure as _match_measure
from pipeline.text.chars import compact


def match_measure(text, steps, ctx_texts, catalog, rules, row_items=(), printed=None):
    return _match_measure(text, steps, ctx_texts, catalog, rules, context().lexicon, row_items, printed)


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
    texts = [repair_text(text)]
    assert (printed_indicator(texts, rules) or named_indicator(texts, rules.catalog(2567), rules)) == no


def test_explicit_items(rules):
    assert explicit_items(["แก้ไขข้อ o15 และ (o12) ตามข้อ 0 33"], rules) == ["o15", "o33", "o12"]
    assert explicit_items(["ตามข้อ 2 ของระเบียบ"], rules) == []


def test_explicit_wins_over_fuzzy(rules):
    m = match_measure("จัดทำคู่มือการใช้ทรัพย์สิน", None, ["ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"], rules.catalog(2567), rules)
    assert (m.indicator_no, m.method, m.score) == (9, "printed", 100.0)
    assert m.note == "printed 9, the words point to 4"  # the conflict is recorded, not resolved silently


def test_an_indicator_named_in_words_is_explicit(rules):
    m = match_measure("จัดทำแนวทาง", None, ["ตัวชี้วัดการใช้ทรัพย์สินของราชการ"], rules.catalog(2567), rules)
    assert (m.indicator_no, m.method) == (4, "explicit")


def test_item_reference_gives_its_indicator(rules):
    m = match_measure("เผยแพร่ประกาศจัดซื้อจัดจ้าง (o15)", None, [], rules.catalog(2567), rules)
    assert (m.indicator_no, m.item_codes, m.method) == (9, ("o15",), "printed")


# the same printed codes where analyses put them: in the text, in an item column, at a line's
# start, in the heading above the rows; each must decide the indicator whatever the words say
PRINTED = [  # (text, headings, item column, analysed year, indicator)
    ("จัดกิจกรรมเสริมสร้างจิตสำนึก (i23)", [], [], 2564, 4),
    ("จัดกิจกรรมเสริมสร้างจิตสำนึก", [], ["i8"], 2564, 2),
    ("จัดกิจกรรมเสริมสร้างจิตสำนึก", [], ["i8"], 2567, 3),
    ("E1 จัดกิจกรรมเสริมสร้างจิตสำนึก", [], [], 2567, 6),
    ("จัดกิจกรรมเสริมสร้างจิตสำนึก", ["ข้อ e1 ท่านได้รับการบริการ"], [], 2567, 6),
    ("จัดกิจกรรมเสริมสร้างจิตสำนึก", ["ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร"], [], 2567, 7),
    ("O12 รายงานผลการดำเนินงานประจำปี", [], [], 2567, 9),
]


@pytest.mark.parametrize("text, ctx_texts, row_items, year, no", PRINTED)
def test_printed_codes_decide_wherever_they_are(rules, text, ctx_texts, row_items, year, no):
    m = match_measure(text, None, ctx_texts, rules.catalog(2567), rules, row_items, rules.catalog(year))
    assert (m.indicator_no, m.method) == (no, "printed")


def test_a_printed_code_the_catalog_does_not_know_is_said(rules):
    m = match_measure("จัดกิจกรรมวันเด็ก", None, [], rules.catalog(2567), rules, ["e14"], rules.catalog(2567))
    assert m.indicator_no is None and "e14" in m.note


def test_printed_codes_are_read_in_the_year_the_document_analyses(rules):
    # o25 names different requirements in different years: the analysed year's catalog decides
    by_year = {y: rules.catalog(y).item("o25") for y in (2567, 2569) if rules.catalog(y)}
    assert len({it.indicator for it in by_year.values() if it}) == 2, "o25 changed indicator"
    for year, item in by_year.items():
        m = match_measure("ดำเนินการ", None, [], rules.catalog(2567), rules, ["o25"], rules.catalog(year))
        assert m.indicator_no == item.indicator


def test_a_framework_code_is_kept_and_maps_only_where_known(rules):
    m = match_measure("MOIT 3 หน่วยงานมีการวิเคราะห์ผลการจัดซื้อจัดจ้าง", None, [], rules.catalog(2567), rules)
    assert (m.framework, m.framework_code) == ("MOIT", "MOIT 3")
    assert m.method != "printed"  # no MOIT -> ITA mapping is established: the words decide


def test_a_measure_of_no_indicator_is_left_null_with_its_reason(rules):
    m = match_measure("เข้าร่วมการประเมินคุณธรรมและความโปร่งใส (ITA)", None, [], rules.catalog(2567), rules)
    assert m.indicator_no is None and m.note.startswith("not an ITA measure")


def test_not_sure_names_what_came_close(rules):
    # two subjects of equal weight (claims: 2; vehicles: 4): no answer, and the note names both
    m = match_measure("กำกับการเบิกจ่ายค่าตอบแทนและการใช้รถราชการ", None, [], rules.catalog(2567), rules)
    assert m.indicator_no is None and m.note.startswith("not sure: ") and "2 (" in m.note and "4 (" in m.note


def test_the_matcher_on_its_labelled_set():
    """The acceptance figures (docs/labelling.md): precision of the answers given >= 0.9, abstention
    <= 25 %, rows with printed codes all right."""
    from tools.matcher_eval import SET, evaluate

    rows = yaml.safe_load(SET.read_text(encoding="utf-8"))
    s = evaluate(rows)
    assert s.precision >= 0.9 and s.abstention <= 0.25, (s.precision, s.abstention, s.misses)
    printed = [r for r in rows if r.get("basis") == "printed" and "indicator" in r]
    assert printed and not [
        m for m in s.misses if any(m.startswith(f"{r['doc']} #{r['seq']} ") for r in printed)
    ]


def test_matcher_on_labelled_pairs_from_the_seeds(rules):
    catalog = rules.catalog(2567)
    got = [(p, match_measure(p["text"], None, [], catalog, rules).indicator_no) for p in PAIRS]
    answered = [(p, no) for p, no in got if no is not None]
    wrong = [p["text"][:30] for p, no in answered if no not in p["accept"]]
    assert len(answered) >= 0.75 * len(PAIRS) and len(wrong) <= 0.1 * len(answered), wrong


@pytest.mark.parametrize("pair", [p for p in PAIRS if len(p["accept"]) == 1])
def test_unambiguous_pairs(rules, pair):
    # one indicator fits: the matcher gives it or says it is not sure, never another
    assert match_measure(pair["text"], None, [], rules.catalog(2567), rules).indicator_no in [
        *pair["accept"],
        None,
    ]


def test_no_evidence_gives_none(rules):
    m = match_measure("กิจกรรมวันเด็กแห่งชาติ", None, [], rules.catalog(2567), rules)
    assert (
        m.indicator_no is None
        and m.method == "none"
        and m.note == "nothing in the text points to an indicator"
    )


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
