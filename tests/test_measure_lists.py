"""Measures written as numbered paragraphs, with no table (tools/make_measure_lists.py: Word
documents exported by LibreOffice in several faces and numberings, crossing a page break), and
numbered clauses that are no measures."""

import json
import re
from pathlib import Path

import pytest
from conftest import context

from pipeline.runner.document import process_pdf
from pipeline.stages.measures import numbered_paragraphs

FIXTURES = Path(__file__).parent / "fixtures" / "measure_lists"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_numbered_measure_and_no_clause(name):
    res = process_pdf(FIXTURES / name, name, context(), ocr=False)
    got = [m["text"] for m in res.rows["measures"]]
    want = EXPECTED[name]["measures"]
    assert [_norm(t) for t in got] == [_norm(t) for t in want]
    assert all(m["table_style"] == "list" and m["kind"] == "plan" for m in res.rows["measures"])
    if want:  # the list crosses a page break: its measures are on more than one page
        assert len({m["page"] for m in res.rows["measures"]}) > 1


def test_a_title_that_states_no_measures_gives_none(rules):
    text = "เรื่อง นโยบายการกำกับดูแลองค์การที่ดี\n1. บริหารงานโปร่งใส\n2. ให้บริการเสมอภาค\n3. พัฒนาระบบสารสนเทศ"
    assert numbered_paragraphs([(1, text)], rules) == []
    assert len(numbered_paragraphs([(1, text.replace("นโยบาย", "มาตรการ"))], rules)) == 3


def test_the_longest_run_numbered_from_one_is_the_list(rules):
    # a numbered preamble (1-2) before the list (1-4): the list is the longer run; a continuation
    # line joins its paragraph as Thai does (no space between Thai words cut by a line break)
    text = (
        "เรื่อง มาตรการป้องกันการทุจริต\n1. ตามระเบียบ\n2. ตามมติ\nจึงกำหนดมาตรการ ดังนี้\n"
        "1. มาตรการ ก\nต่อ ก\n2. มาตรการ ข\n- 2 -\n3. มาตรการ ค\n4. มาตรการ ง\nทั้งนี้ ตั้งแต่บัดนี้"
    )
    got = [t for _, t in numbered_paragraphs([(1, text)], rules)]
    assert got == ["มาตรการ กต่อ ก", "มาตรการ ข", "มาตรการ ค", "มาตรการ ง"]


def test_a_list_under_a_measure_a_going_on_tee_nee_and_a_list_after_the_signature(rules):
    def got(text):
        return [t for _, t in numbered_paragraphs([(1, text)], rules)]

    head = "เรื่อง มาตรการป้องกันการทุจริต\n"
    # (1)-(4) under measure 1 are its parts, not the list
    sub = head + "1. มาตรการ ก ดังนี้\n(1) ย่อย\n(2) ย่อย\n(3) ย่อย\n(4) ย่อย\n2. มาตรการ ข\n3. มาตรการ ค\n"
    assert [t.split()[1] for t in got(sub)] == ["ก", "ข", "ค"]
    # "ทั้งนี้ ให้…" goes on a paragraph; only the closing formula ends the list
    goes_on = head + "1. มาตรการ ก\nทั้งนี้ ให้ทุกกองรายงาน\n2. มาตรการ ข\n3. มาตรการ ค\nประกาศ ณ วันที่ 1"
    assert len(got(goes_on)) == 3 and "ทั้งนี้" in got(goes_on)[0]
    # a longer numbered list after the signature (copies to) is not the measures
    after = (
        head
        + "1. มาตรการ ก\n2. มาตรการ ข\n3. มาตรการ ค\n(ลงชื่อ) นาย ก\n1. สำเนา\n2. สำเนา\n3. สำเนา\n4. สำเนา"
    )
    assert got(after) == ["มาตรการ ก", "มาตรการ ข", "มาตรการ ค"]
