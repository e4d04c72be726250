"""Tables as office suites draw them, rule by rule, on geometry made here: the cases the office-suite
set (tests/fixtures/office_set) showed, each reduced to the lines and rules that make it.

Every table below is drawn the way LibreOffice exports a Writer table: text lines of 14 pt on a
pitch of 24 pt, columns of fixed width, rules where the drawing has them."""

import pytest
from conftest import context

from pipeline.adapters.pdfium import _marks
from pipeline.adapters.plumber import find_table_grids
from pipeline.layout import clusters as layout
from pipeline.layout import tables as LT
from pipeline.model import Char, Cluster, Edge
from pipeline.tables import roles as TR

SIZE = 14.0
PITCH = 24.0
W = 0.5 * SIZE  # a character's width


def _line(pieces: list[tuple[str, float]], baseline: float, size: float = SIZE) -> list[Cluster]:
    """Clusters of one line: each piece's characters from its x on (marks drawn over the letter before)."""
    out: list[Cluster] = []
    for text, x in pieces:
        for ch in text:
            if layout.is_mark(ch) and out:
                last = out[-1]
                out[-1] = last._replace(text=last.text + ch)
                continue
            if ch != " ":
                out.append(Cluster(ch, x, x + W, baseline - size, baseline, baseline, size))
            x += W
    return out


def _page(lines: list[list[tuple[str, float]]], top: float = 100.0) -> list[Cluster]:
    return [c for k, pieces in enumerate(lines) for c in _line(pieces, top + k * PITCH)]


@pytest.fixture(scope="module")
def hints():
    ctx = context()
    return TR.table_hints(ctx.rules, ctx.lexicon)


def _cells(found) -> list[list[str]]:
    _, cells = found
    return [[" ".join(ln.text for ln in cell) if cell else "" for cell in row] for row in cells]


def _find(edges, clusters, hints):
    return LT.find_tables(edges, clusters, find_table_grids, hints)


# ----------------------------------------------------------------------------- column rules only
#: a report drawn with column rules only: ลำดับ | มาตรการ | ผล | สถานะ (three options under a band) | ผู้รับผิดชอบ
XS = [40.0, 90.0, 250.0, 420.0, 480.0, 540.0, 600.0, 700.0]
STATUS_HEAD = [
    [("ลำดับ", 45), ("มาตรการ", 100), ("ผลการดำเนินงาน", 260), ("สถานะการดำเนินงาน", 454), ("ผู้รับผิดชอบ", 610)],
    [("ดำเนิน", 425), ("อยู่", 490), ("ยังไม่ได้", 545)],
    [("การแล้ว", 422), ("ระหว่าง", 485), ("ดำเนินการ", 542)],
    [("ดำเนินการ", 482)],
]


def _report_rows(ticks: list[int]) -> list[list[tuple[str, float]]]:
    return [
        [
            (f"{k + 1}.", 45),
            ("มาตรการเผยแพร่ข้อมูล", 100),
            ("ดำเนินการครบถ้วน", 260),
            ("X", XS[3 + t] + 25),
            ("กองคลัง", 610),
        ]
        for k, t in enumerate(ticks)
    ]


def test_a_column_rule_stopping_under_a_band_keeps_its_columns(hints):
    # Writer draws the options' rules from under the band "สถานะการดำเนินงาน" down: without an edge
    # where they stop, they meet none and the three options are one column with every mark in it
    top, sub, bottom = 90.0, 90.0 + PITCH + 2, 90.0 + 9 * PITCH
    edges = [Edge("v", x, x, sub if x in (XS[4], XS[5]) else top, bottom) for x in XS]
    clusters = _page([*STATUS_HEAD, *_report_rows([0, 1, 2, 0])])
    (found,) = _find(edges, clusters, hints)
    rows = _cells(found)
    assert len(rows[0]) == 7
    marks = [[c for c in r[3:6]] for r in rows if r[0].endswith(".")]
    assert marks == [["X", "", ""], ["", "X", ""], ["", "", "X"], ["X", "", ""]]
    # the options are a header row (a wrapped header word beside them is no data)
    assert TR.is_header_row(
        ["บ", "", "", "ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ", ""], context().rules
    )
    assert not TR.is_header_row(["1", "", "", "ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "", ""], context().rules)


def test_edges_are_added_only_where_three_rules_run_the_whole_block():
    full = [Edge("v", x, x, 100, 400) for x in (40, 200, 400)]
    short = Edge("v", 300, 300, 130, 400)
    added = {round(e.top) for e in LT.closing_edges([*full, short]) if e.orientation == "h"}
    assert added == {100, 130, 400}
    # a chart's connectors: rules of many heights, fewer than three the block's full height
    chart = [Edge("v", 40, 40, 100, 400), Edge("v", 200, 200, 100, 400), Edge("v", 300, 300, 130, 400)]
    assert {round(e.top) for e in LT.closing_edges(chart) if e.orientation == "h"} == {100, 400}


# ----------------------------------------------------------------------------- no rules
def test_an_unruled_table_keeps_the_option_no_row_ticks_and_the_number_typed_apart_from_its_dot(hints):
    # B06: rows "1 ." (a space before the dot), marks in the first two options only on this page
    body = [
        [
            (f"{k + 1} .", 45),
            ("มาตรการเผยแพร่ข้อมูล", 100),
            ("ดำเนินการครบถ้วน", 260),
            ("X", 445 + 60 * t),
            ("กองคลัง", 610),
        ]
        for k, t in enumerate([0, 1, 0, 0, 1, 0, 1, 0])
    ]
    (found,) = _find([], _page([*STATUS_HEAD, *body]), hints)
    rows = _cells(found)
    assert rows[0][0] == "ลำดับ" and len(rows[0]) == 7, rows[0]
    data = [r for r in rows if r[0].endswith(".")]
    assert [r[0] for r in data] == [f"{k} ." for k in range(1, 9)]
    assert all(r[5] == "" and r[6] == "กองคลัง" for r in data)
    assert [r[3:5].index("X") for r in data] == [0, 1, 0, 0, 1, 0, 1, 0]


def test_a_gap_between_the_words_of_one_column_is_no_column_edge(hints):
    # A05: the period column's few lines ("ต.ค. ๖๗ - ก.ย." / "๖๘") leave gaps under its header all the
    # way down a long body; the header's second line ("การ") is the header's (baselines 24 pt apart)
    head = [[("ลำดับ", 45), ("มาตรการ", 100), ("ผู้รับผิดชอบ", 430), ("ระยะเวลาดำเนิน", 560)], [("การ", 600)]]
    body = [
        [("1 .", 45), ("มาตรการเผยแพร่ข้อมูล", 100), ("สำนักปลัด", 430), ("ต.ค. 67 - ก.ย.", 560)],
        [("68", 600)],
    ]
    body += [[("มาตรการต่อเนื่องบรรทัดที่สอง", 100)] for _ in range(8)]
    body += [[("2 .", 45), ("มาตรการป้องกัน", 100), ("กองคลัง", 430), ("ตลอดปี", 570)]]
    (found,) = _find([], _page([*head, *body]), hints)
    rows = _cells(found)
    assert len(rows[0]) == 4 and rows[0][3] == "ระยะเวลาดำเนิน การ", rows[0]
    assert [r[3] for r in rows[1:] if r[0]] == ["ต.ค. 67 - ก.ย. 68", "ตลอดปี"]


def test_the_rest_of_a_row_under_a_header_printed_again_is_not_the_headers(hints):
    # B06 page 2: the rest of row 3 ("รวบรวมข้อมูล") right under the header printed again, as close
    # to the header's last line as its lines are to one another
    body = [
        [(f"{k + 4} .", 45), ("มาตรการเผยแพร่ข้อมูล", 100), ("ดำเนินการครบถ้วน", 260), ("X", 445), ("กองคลัง", 610)]
        for k in range(8)
    ]
    (found,) = _find([], _page([*STATUS_HEAD, [("รวบรวมข้อมูล", 260)], *body]), hints)
    rows = _cells(found)
    assert rows[0][2] == "ผลการดำเนินงาน", rows[0]
    rest = next(r for r in rows if r[2] == "รวบรวมข้อมูล")
    assert not any(rest[3:6]), rest  # a row of its own, not a header line beside the options


def test_a_header_ends_where_a_line_sits_under_a_cell_that_ended_lines_above(hints):
    # B06 page 2: the rest of a row cut by the page break, right under a header printed again
    band = [("ลำดับ", 45), ("ผลการดำเนินงาน", 260), ("สถานะการดำเนินงาน", 450)]
    opts = [[("ดำเนินการ", 422), ("อยู่", 500)], [("แล้ว", 430), ("ระหว่าง", 490)], [("ดำเนินการ", 482)]]
    rest = [("รวบรวมข้อมูล", 260)]
    rows = [
        LT._segments(_line(p, 100 + k * PITCH), LT.DEFAULT_LAYOUT) for k, p in enumerate([band, *opts, rest])
    ]
    assert not LT._cell_left_off(rows[:4])
    assert LT._cell_left_off(rows)


def test_a_total_label_over_two_columns_stays_whole_beside_its_figures(hints):
    # C06: "รวม ๔ โครงการ ๒ กิจกรรม" typed across the มิติ and ภารกิจ columns of a continued page
    r = LT._segments(_line([("รวม 4 โครงการ 2 กิจกรรม", 45), ("100,000", 400)], 200), LT.DEFAULT_LAYOUT)
    cut = 45 + 9 * W  # inside "โครงการ"
    assert LT._in_word(r, cut)
    figures = LT._segments(_line([("82.99", 45), ("ผ่าน", 45 + 6 * W)], 200), LT.DEFAULT_LAYOUT)
    assert not LT._in_word(figures, 45 + 5.5 * W)  # "๘๒.๙๙ | ผ่าน": the boundary is in the line's gap


def test_a_number_and_its_dot_typed_apart_are_one_span_of_ink():
    spans = LT._ink(_line([("1 .", 45), ("2 3", 100)], 100))
    assert spans[0] == (45, 45 + 3 * W)  # "1 ." one span
    assert len(spans) == 3  # "2" and "3" stay apart


def test_header_lines_stack_by_baseline_not_by_ink():
    # a line of short letters ("การ") has its ink far below the line's top: 29 pt top to top, 24 pt
    # baseline to baseline in Kinnari
    a = LT._Row((), (), 219.0, 233.0, SIZE, 231.8)
    b = LT._Row((), (), 248.0, 257.0, SIZE, 255.8)
    assert LT._stacked(a, b)
    assert not LT._stacked(a, LT._Row((), (), 290.0, 304.0, SIZE, 302.0))


# ----------------------------------------------------------------------------- marks and ticks
def test_a_tone_mark_of_a_tall_stack_goes_to_its_own_line():
    # C03 (Noto Sans Thai): the ้ of "ขั้น" is written at the end of the cell; over its letter it
    # reaches up to the line above, whose "ร" stands nearer in x
    c = [
        Char("ร", 285.0, 289.1, 505.5, 511.2, 284.6, 511.1, 10.0),
        Char("ข", 282.4, 286.5, 520.7, 526.3, 281.9, 526.2, 10.0),
        Char("ั", 284.2, 287.9, 518.4, 519.9, 287.5, 526.2, 10.0),
        Char("น", 288.2, 292.6, 520.7, 526.3, 287.4, 526.2, 10.0),
        Char("ก", 300.0, 304.0, 520.7, 526.3, 300.0, 526.2, 10.0),
        Char("้", 285.1, 287.8, 516.7, 518.3, 285.1, 526.8, 10.0),
    ]
    texts = [cl.text for cl in layout.chars_to_clusters(c)]
    assert texts[:3] == ["ร", "ขั้", "น"]


def test_two_drawn_checks_a_point_apart_are_two_ticks():
    # B10: the ticks of two rows' boxes, each one path of two strokes, 1 pt apart
    def check(y):
        return (
            (530.0, y, 546.0, y + 15.7),
            [((530.0, y + 8.0), (535.0, y)), ((535.0, y), (546.0, y + 15.7))],
        )

    marks = _marks([check(100.0), check(116.7)], 600.0)
    assert [m.text for m in marks] == ["✓", "✓"]


def test_justified_prose_split_by_wide_gaps_is_no_table(hints):
    # real-11 (legacy font, justified): a line of prose over two pieces of the next is no band
    # over columns, and the paragraph no table
    prose = "หน่วยงานต้องยึดถือเป็นหลักและปฏิบัติตามระเบียบข้อบังคับและคำสั่งต่างๆของทางราชการ"  # 448 pt
    lines = [
        [("หน่วยงานย่อมมีส่วนเกี่ยวข้อง", 72), ("หน้าที่และ", 479)],
        [("ความรับผิดชอบของหน่วยงาน", 73), ("และในแต่ละ", 469)],
        [(prose[:-6], 72), ("ที่", 517)],
        [(prose, 72)],
        [(prose, 72)],
        [("เสนอราคาต่อหน่วยงานของรัฐ", 73), ("มาตรการและแนวทางการปฏิบัติ", 270)],
        [("งบประมาณประจำปีของรัฐบาล", 73), ("ดำเนินการจัดซื้อจัดจ้าง", 270)],
    ]
    assert _find([], _page(lines), hints) == []


# ----------------------------------------------------------------------------- what the rules must not do
# (each found by a review of the change; the old reading, which these rules must keep)
def _page_at(lines: list[tuple[float, list[tuple[str, float]]]]) -> list[Cluster]:
    return [c for baseline, pieces in lines for c in _line(pieces, baseline)]


def test_a_header_centred_down_its_cells_keeps_its_lines(hints):
    # Word centres a header's cells: one-line cells half a line below the two-line ones
    head = [
        (100, [("มาตรการ/", 100), ("ผลการ", 260), ("ผู้รับ", 420)]),
        (112, [("ลำดับ", 45), ("งบประมาณ", 540)]),
        (124, [("กิจกรรม", 100), ("ดำเนินงาน", 260), ("ผิดชอบ", 420)]),
    ]
    body = [
        (156 + k * PITCH, [(f"{k + 1}.", 45), ("มาตรการเผยแพร่ข้อมูล", 100), ("ดำเนินการครบถ้วน", 260), ("กองคลัง", 420), ("50,000", 540)])
        for k in range(5)
    ]  # fmt: skip
    (found,) = _find([], _page_at(head + body), hints)
    assert _cells(found)[0] == ["ลำดับ", "มาตรการ/ กิจกรรม", "ผลการ ดำเนินงาน", "ผู้รับ ผิดชอบ", "งบประมาณ"]


def test_option_labels_typed_close_together_keep_their_columns_of_marks(hints):
    # three 44-pt option columns whose wrapped labels sit closer than a column gap: one mark a row
    head = [
        (100, [("ลำดับ", 45), ("มาตรการ", 100), ("ผลการดำเนินงาน", 190), ("สถานะการดำเนินงาน", 318), ("ผู้รับผิดชอบ", 450)]),
        (124, [("ดำเนิน", 305), ("อยู่", 355), ("ยังไม่ได้", 392)]),
        (148, [("การแล้ว", 303), ("ระหว่าง", 347), ("ดำเนินการ", 390)]),
    ]  # fmt: skip
    body = [
        (180 + k * PITCH, [(f"{k + 1}.", 45), ("มาตรการเผยแพร่", 100), ("ครบถ้วน", 190), ("X", 318 + 44 * (k % 3)), ("กองคลัง", 450)])
        for k in range(8)
    ]  # fmt: skip
    (found,) = _find([], _page_at(head + body), hints)
    data = [r for r in _cells(found) if r[0].endswith(".")]
    assert [r.index("X") for r in data] == [2 + k % 3 for k in range(8)]


def test_a_wide_gap_under_one_header_piece_of_a_short_body_is_still_an_edge(hints):
    head = [(100, [("ลำดับ", 45), ("มาตรการ", 100), ("ระยะเวลาดำเนินการ", 300), ("งบประมาณ", 418)])]
    body = [
        (132 + k * PITCH, [(f"{k + 1}.", 45), ("มาตรการเผยแพร่ข้อมูล", 100), ("ต.ค. 66", 300), ("50,000", 440)])
        for k in range(2)
    ]
    (found,) = _find([], _page_at(head + body), hints)
    assert [r[-2:] for r in _cells(found)[1:]] == [["ต.ค. 66", "50,000"]] * 2


def test_check_boxes_drawn_in_a_column_ruled_table_cut_no_rows(hints):
    xs = [40.0, 90.0, 250.0, 400.0, 560.0, 660.0]
    lines = [[("ลำดับ", 45), ("มาตรการ", 100), ("ผลการดำเนินงาน", 260), ("สถานะ", 410), ("ผู้รับผิดชอบ", 570)]]
    for k in range(3):
        lines += [
            [(f"{k + 1}.", 45), ("มาตรการเผยแพร่ข้อมูล", 100), ("ดำเนินการครบถ้วน", 260), ("ดำเนินการแล้ว", 420), ("กองคลัง", 570)],
            [("ต่อสาธารณะทางเว็บไซต์", 100), ("ตามแผนที่กำหนด", 260), ("อยู่ระหว่างดำเนินการ", 420)],
            [("ของหน่วยงาน", 100), ("ยังไม่ได้ดำเนินการ", 420)],
        ]  # fmt: skip
    base = 108.0
    edges = [Edge("v", x, x, 90.0, base + len(lines) * PITCH) for x in xs]
    for i in range(1, len(lines)):  # a 9-pt square before each option
        t, b = base + i * PITCH - 10, base + i * PITCH - 1
        edges += [
            Edge("v", 406, 406, t, b),
            Edge("v", 415, 415, t, b),
            Edge("h", 406, 415, t, t),
            Edge("h", 406, 415, b, b),
        ]
    (found,) = _find(edges, _page(lines, top=base), hints)
    rows = _cells(found)
    assert [r[0] for r in rows] == ["ลำดับ", "1.", "2.", "3."] and len(rows[0]) == 5, rows


def test_a_band_wider_than_its_cells_keeps_its_letters_and_tight_headers_are_no_band(hints):
    head = [
        (100, [("ลำดับ", 45), ("มาตรการ", 100), ("ผลการประเมินตนเอง", 305)]),
        (124, [("ผ่าน", 318), ("ไม่ผ่าน", 370)]),
    ]
    body = [
        (156 + k * PITCH, [(f"{k + 1}.", 45), ("มาตรการเผยแพร่ข้อมูล", 100), ("X", 327 + 60 * (k % 2))])
        for k in range(4)
    ]
    (found,) = _find([], _page_at(head + body), hints)
    assert _cells(found)[0][2] == "ผลการประเมินตนเอง"
    # "ลำดับ" typed closer than a column gap before "มาตรการ/": two headers, not a band over ที่ | กิจกรรม
    head = [
        (100, [("ลำดับ มาตรการ/", 45), ("ผลการดำเนินงาน", 260), ("งบประมาณ", 420)]),
        (124, [("ที่", 45), ("กิจกรรม", 100), ("(บาท)", 430)]),
    ]
    body = [
        (
            156 + k * PITCH,
            [(f"{k + 1}.", 45), ("มาตรการเผยแพร่ข้อมูล", 100), ("ดำเนินการครบถ้วน", 260), ("50,000", 430)],
        )
        for k in range(4)
    ]
    (found,) = _find([], _page_at(head + body), hints)
    assert _cells(found)[0][:2] == ["ลำดับ ที่", "มาตรการ/ กิจกรรม"]


def test_a_row_marker_or_a_tick_beside_two_status_labels_is_no_header_tail():
    rules = context().rules
    for row in (["ก.", "ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ"], ["X", "ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ"]):
        assert not TR.is_header_row(row, rules), row


def test_one_check_drawn_twice_in_one_place_is_one_tick():
    def check(dx):
        return (
            (530.0 + dx, 100.0, 546.0 + dx, 115.7),
            [((530.0 + dx, 108.0), (535.0 + dx, 100.0)), ((535.0 + dx, 100.0), (546.0 + dx, 115.7))],
        )

    assert [m.text for m in _marks([check(0.0), check(0.3)], 600.0)] == ["✓"]
