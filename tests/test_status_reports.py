"""Reports whose status is ticked the ways office suites print it (tools/make_status_reports.py:
Word and Calc documents exported by LibreOffice): the status as three columns under a spanning
header (a Word symbol, a typed "/", "✗" in Calc), the options in one cell (Wingdings boxes in a
fallback face, "( / )" in a table without rules). Every status right, the odd one null, none
wrong; the measures whole."""

import json
from pathlib import Path

import pytest
from conftest import context

from pipeline.runner.document import process_pdf
from pipeline.stages.measures import parse_status

FIXTURES = Path(__file__).parent / "fixtures" / "status_reports"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
MEASURES = [
    "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
    "มาตรการป้องกันการรับสินบน",
    "มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง",
]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_status_as_ticked_and_the_odd_one_null(name):
    res = process_pdf(FIXTURES / name, name, context(), ocr=False)
    rows = res.rows["measures"]
    assert [m["status"] for m in rows] == EXPECTED[name]["statuses"]
    assert ["".join(m["text"].split()) for m in rows[:3]] == ["".join(t.split()) for t in MEASURES]
    assert all(m["kind"] == "report" for m in rows)


def test_the_labels_of_the_options_are_no_status(rules):
    # the options with their boxes lost: their wording names every status, so none of them
    assert parse_status("ดำเนินการแล้ว อยู่ระหว่างดำเนินการ ยังไม่ได้ดำเนินการ", rules) is None
    assert parse_status("ดำเนินการแล้ว ตามแผน", rules) == "done"


def test_a_dash_in_a_status_column_ticks_nothing(rules):
    from pipeline.model import LogicalTable, Role
    from pipeline.stages.measures import _status_cell

    header = ("มาตรการ", "สถานะ ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ")
    roles = (Role.MEASURE, Role.STATUS, Role.STATUS, Role.STATUS)
    lt = LogicalTable(0, 1, header, roles, (None,) * 4)
    assert parse_status(_status_cell(("ก", "-", "✓", "-"), lt, rules), rules) == "in_progress"
    assert parse_status(_status_cell(("ก", "–", "", "-"), lt, rules), rules) is None
    assert parse_status(_status_cell(("ก", "", "", "X"), lt, rules), rules) == "not_started"


def test_header_words_are_only_a_header_where_they_are_one(rules):
    from pipeline.stages.tables import _glued
    from pipeline.tables.roles import is_header_row

    # a row of measures whose cells start like their headers is not the header glued to a row
    assert _glued(["มาตรการเผยแพร่ข้อมูล", "กิจกรรมอบรม"], ["มาตรการ", "กิจกรรม"]) is None
    assert _glued(
        ["ลำดับ", "มาตรการ/กิจกรรม ต่อสาธารณะ", "ผู้รับผิดชอบ"], ["ลำดับ", "มาตรการ/กิจกรรม", "ผู้รับผิดชอบ"]
    ) == [
        "",
        "ต่อสาธารณะ",
        "",
    ]
    # a wrapped header word ("ดำเนินการ") is no status label: a row of it is no row of labels
    assert not is_header_row(["", "ดำเนินการ", "ยังไม่ได้ดำเนินการ"], rules)
    assert is_header_row(["", "ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ"], rules)


# ------------------------------------------------------------------------------ drawn ticks
def test_ticks_drawn_as_lines_are_told_apart_from_other_strokes():
    """A check (short stroke down to the right, longer one up) or a cross (two diagonals of
    opposite slopes) drawn with lines is a tick; other pairs of strokes are not (PDF y points up)."""
    from pipeline.adapters.pdfium import CHECK, CROSS, _tick

    assert _tick([((0, 5), (3, 1)), ((3, 1), (10, 10))]) == CHECK
    assert _tick([((0, 0), (10, 10)), ((0, 10), (10, 0))]) == CROSS
    assert _tick([((0, 0), (10, 10)), ((0, 2), (10, 12))]) is None  # two parallel strokes
    assert _tick([((0, 0), (4, 4)), ((6, 4), (10, 0))]) is None  # a caret apart, not crossing
    assert _tick([((0, 0), (10, 10))]) is None


def test_a_tick_drawn_over_an_empty_box_ticks_that_box():
    from pipeline.adapters.pdfium import CHECK, _ticked_boxes
    from pipeline.model import Char

    boxes = [Char("☐", 10, 20, 100, 110, 10, 110, 10), Char("☐", 60, 70, 100, 110, 60, 110, 10)]
    mark = Char(CHECK, 59, 71, 98, 108, 59, 108, 10)
    got = _ticked_boxes(boxes, [mark])
    assert [c.text for c in got] == ["☐", "☑"]
    alone = Char(CHECK, 200, 210, 100, 110, 200, 110, 10)  # in a status column: a mark of its own
    assert [c.text for c in _ticked_boxes(boxes, [alone])] == ["☐", "☐", CHECK]


def test_an_arrowhead_is_not_a_tick():
    """An org chart's arrowheads ('<', '>') are two strokes meeting at the tip, not crossing."""
    from pipeline.adapters.pdfium import _tick

    assert _tick([((0, 5), (8, 10)), ((0, 5), (8, 0))]) is None  # "<"
    assert _tick([((0, 10), (8, 5)), ((0, 0), (8, 5))]) is None  # ">"
    assert _tick([((0, 10), (5, 0)), ((5, 0), (10, 10))]) is None  # "V": strokes of one length
