"""Table reading: header roles, item codes, checkboxes, rows across pages, budget totals."""

import pytest
from conftest import context, repair_text

from pipeline.model import DocType, DocumentState, Page
from pipeline.model import PageTable as Table
from pipeline.stages import tables as T
from pipeline.stages.budgets import budgets_from_tables
from pipeline.stages.match import match_one
from pipeline.stages.measures import DocRef, parse_status
from pipeline.stages.measures import measures_from_tables as _measures_from_tables
from pipeline.stages.scores import indicator_scores, item_scores
from pipeline.tables import records as R
from pipeline.tables import roles as TR
from pipeline.text.items import parse_item_code
from pipeline.text.numbers import parse_amount as _parse_amount


def raw_measures(lts, doc_id, org, fy, doc_type, rules):
    """Measure rows as the measures stage gives them (before matching)."""
    doc = DocRef(doc_id, "test.pdf", org, fy)
    return [m.row() for m in _measures_from_tables(lts, doc, DocType(doc_type), rules, context().lexicon)]


def measures_from_tables(lts, doc_id, org, fy, doc_type, rules):
    """Measure rows as the measures and match stages give them."""
    lex = context().lexicon
    doc = DocRef(doc_id, "test.pdf", org, fy)
    return [
        match_one(m, rules, lex).row() for m in _measures_from_tables(lts, doc, DocType(doc_type), rules, lex)
    ]


def parse_amount(text):
    t = context().rules.tables
    return _parse_amount(text, t.no_amount, t.currency_words)


@pytest.mark.parametrize(
    "header, role",
    [
        ("มาตรการ/ แนวทาง", "measure"),
        ("มาตรการ/โครงการ/กิจกรรม", "measure"),
        ("มาตรการ/ กิจกรรม", "measure"),
        ("ขั้นตอน/วิธีปฏิบัติ", "steps"),
        ("วิธีดำเนินการ", "steps"),
        ("ขั้นตอนหรือวิธีการ ปฏิบัติ", "steps"),
        ("ผู้รับผิด ชอบ", "responsible"),
        ("หน่วยงาน รับผิดชอบ", "responsible"),
        ("ระยะเวลา ดำเนินการ", "period"),
        ("ระยะเวลา", "period"),
        ("ผลการดำเนินการ", "result"),
        ("สรุปผลการดำเนินการตาม มาตรการหรือกิจกรรม", "result"),
        ("ความก้าวหน้าผลการดำเนินการ", "result"),
        ("การกำกับติดตาม", "result"),
        ("การทำกับติดตาม", "result"),  # OCR fault in seed 000
        ("ผลลัพธ์/ความสำเร็จ ของการดำเนินการ", "outcome"),
        ("ตัวชี้วัด", "indicator"),
        ("ลำดับ", "sequence"),
        ("คะแนน", "score"),
        ("แบบ", "tool"),
        ("เครื่องมือ การ ประเมิน", "tool"),
        ("ข้อความคำถาม", "question"),
        ("รายละเอียดตัวชี้วัด", "indicator_name"),
        ("มิติ", "dimension"),
        ("ภารกิจตามมิติ", "mission"),
        ("หมายเหตุ", "note"),
    ],
)
def test_header_roles_from_synonyms(rules, header, role):
    assert TR.header_roles([[header]], rules)[1] == [role]


def test_two_header_rows_give_year_columns(rules):
    _, roles, years = TR.header_roles(
        [["โครงการ/ กิจกรรม/ มาตรการ", "ปี 2566", "ปี 2567"], ["", "งบประมาณ (บาท)", "งบประมาณ (บาท)"]], rules
    )
    assert roles == ["measure", "year", "year"] and years == [None, 2566, 2567]


def test_data_rows_are_not_headers(rules):
    assert not TR.is_header_row(["ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่", "ทุกส่วนงาน", "ต.ค. 65 - ก.ย. 66"], rules)
    assert TR.is_header_row(["ตัวชี้วัด", "แนวทางในการยกระดับการประเมิน", "ผู้รับผิดชอบ", "ระยะเวลา"], rules)


@pytest.mark.parametrize(
    "label, code",
    [
        ("ข้อ o๒ ข้อมูลผู้บริหาร", "o2"),
        ("ข้อ ๐33 รายงานผลการดำเนินการป้องกันการทุจริตประจำปี", "o33"),
        ("O 9 รายงานผลการดำเนินงานประจำปี", "o9"),
        ("ข้อ o 12 ข้อมูลสถิติการให้บริการ", "o12"),
        ("ข้อ i1 1 ในหน่วยงานของท่าน มีเจ้าหน้าที่ ที่นำทรัพย์สินของราชการไปใช้", "i11"),
        ("ข้อ o1 1 คู่มือหรือแนวทางการให้บริการสำหรับผู้รับบริการ", "o11"),
        ("ข้อ o1 โครงสร้าง", "o1"),
        ("ข้อ e9 ท่านเคยใช้งานระบบการให้บริการออนไลน์", "e9"),
    ],
)
def test_item_code_repair(rules, label, code):
    assert parse_item_code(repair_text(label), rules, rules.catalog(2567))[0] == code


def test_no_item_code_in_plain_text(rules):
    assert parse_item_code("ตามข้อ 2 ของระเบียบ พบว่า 0 ครั้ง", rules, None) is None


@pytest.mark.parametrize(
    "text, status",
    [
        ("☐ ยังไม่ได้ดำเนินการ ☐ อยู่ระหว่างดำเนินการ ☑ ดำเนินการ - เทศบาลได้จัดทำผังขั้นตอน", "done"),  # doc-004
        ("☐ ยังไม่ได้ดำเนินการ ☑ อยู่ระหว่างดำเนินการ ☐ ดำเนินการ - มีการจัดทำคู่มือ", "in_progress"),
        ("☒ ยังไม่ได้ดำเนินการ ☐ อยู่ระหว่างดำเนินการ", "not_started"),
        ("[x] อยู่ระหว่างดำเนินการ [ ] ดำเนินการแล้ว", "in_progress"),
        ("☐ ยังไม่ได้ดำเนินการ ☐ อยู่ระหว่างดำเนินการ ☐ ดำเนินการ", None),  # nothing ticked
        ("ดำเนินการแล้วเสร็จ ตามแผน", "done"),  # wording, no boxes
        ("อยู่ระหว่างการดำเนินการจัดซื้อ", "in_progress"),
        ("จัดทำคำสั่งมอบหมายงาน", None),
    ],
)
def test_checkbox_and_wording_status(rules, text, status):
    assert parse_status(text, rules) == status


def _page(n, rows, above="", text=""):
    return Page(n, text, "text", 1.0, 100, True, 0.0, tables=(Table(n, 0, (0, 0, 1, 1), rows, (), above),))


HEADER = ["มาตรการ/กิจกรรม", "ขั้นตอน/วิธีการปฏิบัติ", "หน่วยงานรับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินการ"]


def test_rows_continue_across_pages_and_repeated_headers_drop(rules):
    # doc-002's layout: numbered measures, a row cut by the page break, the header on every page
    pages = [
        _page(
            3,
            [
                HEADER,
                [
                    "1. การกำหนดแนวทาง มาตรการในการใช้",
                    "1. จัดทำมาตรการ",
                    "สำนักงานปลัด",
                    "ต.ค. 67 - ก.ย. 68",
                    "จัดทำแล้ว",
                ],
                ["2. การพัฒนาวิธีการเผยแพร่", "1. จัดทำแผน", "กองยุทธ", "ต.ค. 67 - ก.ย. 68", "ดำเนินการ"],
            ],
        ),
        _page(
            4,
            [
                HEADER,
                ["แผนการดำเนินงาน", "2. เผยแพร่แผน", "ศาสตร์ฯ", "", "แล้ว"],
                ["(1) กิจกรรมย่อย", "", "", "", ""],
                ["3. จัดให้บุคลากรมีส่วนร่วม", "1. จัดประชุม", "กองคลัง", "ทุกเดือน", "จัดประชุมแล้ว"],
            ],
        ),
    ]
    lts = T.build_logical_tables(pages, rules)
    assert len(lts) == 1 and lts[0].pages == (3, 4)
    ms = measures_from_tables(lts, "d", "o", 2568, "integrity_report", rules)
    assert [m["text"] for m in ms] == [
        "1. การกำหนดแนวทาง มาตรการในการใช้",
        "2. การพัฒนาวิธีการเผยแพร่แผนการดำเนินงาน (1) กิจกรรมย่อย",
        "3. จัดให้บุคลากรมีส่วนร่วม",
    ]
    assert ms[1]["responsible"] == "กองยุทธศาสตร์ฯ" and ms[1]["page"] == 3
    assert ms[0]["kind"] == "report" and str(ms[2]["period_start"]) == "2024-10-01"


def test_empty_key_cell_continues_and_sequence_column_decides(rules):
    header = ["ลำดับ", "มาตรการ/กิจกรรม", "วิธีดำเนินการ", "ผู้รับผิดชอบ"]
    pages = [
        _page(2, [header, ["1", "มาตรการเสริมสร้าง", "จัดทำคู่มือ", "สำนักปลัด"]]),
        _page(3, [header, ["", "", "ต่อจากหน้าก่อน", ""], ["2", "เปิดโอกาส", "ประชาสัมพันธ์", "งานนิติกร"]]),
    ]
    ms = measures_from_tables(
        T.build_logical_tables(pages, rules), "d", "o", 2566, "integrity_measures", rules
    )
    assert [m["text"] for m in ms] == ["มาตรการเสริมสร้าง", "เปิดโอกาส"]
    assert ms[0]["steps"] == "จัดทำคู่มือต่อจากหน้าก่อน" and ms[0]["kind"] == "plan"


def test_scores_trust_the_values_shape(rules):
    # seed 001 prints "เครื่องมือการประเมิน" over the score column
    rows = [
        ["เครื่องมือ การประเมิน", "ข้อคำถาม", "เครื่องมือ การประเมิน"],
        ["IIT", "ข้อ i13 ผู้บริหารสูงสุดของหน่วยงาน", "90.86"],
        ["OIT", "ข้อ o22 แนวปฏิบัติการจัดการเรื่องร้องเรียน", "0.00"],
        ["", "ข้อ o22 แนวปฏิบัติการจัดการเรื่องร้องเรียน", "0.00"],
    ]
    lts = T.build_logical_tables([_page(13, rows, "การวิเคราะห์ผลการประเมิน ประจำปีงบประมาณ พ.ศ. 2567")], rules)
    items = item_scores(lts, {}, "d", "o", None, rules)
    assert [(i["item_code"], i["score"], i["assessment_year"]) for i in items] == [
        ("i13", 90.86, 2567),
        ("o22", 0.0, 2567),
    ]
    assert items[1]["item_name"] == "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"


def test_indicator_scores_with_tool_on_first_row_of_group(rules):
    rows = [
        ["แบบ", "ลำดับ", "รายละเอียดตัวชี้วัด", "คะแนน"],
        ["IIT", "1", "การปฏิบัติหน้าที่", "93.5"],
        ["", "4", "การใช้ทรัพย์สินของ ราชการ", "80.95"],
        ["OIT", "9", "การเปิดเผยข้อมูล", "44.17"],
    ]
    lts = T.build_logical_tables([_page(2, rows, "2.สรุปผลการประเมินรายตัวชี้วัด ประจำปีงบประมาณ พ.ศ. 2567")], rules)
    got = [
        (r["indicator_no"], r["tool"], r["indicator_name"], r["score"])
        for r in indicator_scores(lts, {}, "d", "o", None, rules)
    ]
    assert got == [
        (1, "IIT", "การปฏิบัติหน้าที่", 93.5),
        (4, "IIT", "การใช้ทรัพย์สินของราชการ", 80.95),
        (9, "OIT", "การเปิดเผยข้อมูล", 44.17),
    ]


BUDGET_HEADER = [
    ["มิติ", "ภารกิจตามมิติ", "โครงการ/ กิจกรรม/ มาตรการ", "ปี 2566", "ปี 2567", "หมายเหตุ"],
    ["", "", "", "งบประมาณ (บาท)", "งบประมาณ (บาท)", ""],
]


def _budget(rows):
    return T.build_logical_tables([_page(16, BUDGET_HEADER + rows)], T_rules())


def T_rules():
    return context().rules


def test_budget_projects_shared_cells_dashes_and_totals(rules):
    lts = _budget(
        [
            ["1. การสร้างวัฒนธรรมสุจริต", "1.1 การเสริมสร้าง", "1) โครงการเผยแพร่", "-", "-", ""],
            ["", "", "2) โครงการฝึกอบรม", "5,000", "5,000", ""],
            ["", "รวม", "จำนวน 2 โครงการ", "5,000", "5,000", ""],
            ["2. การบริหารราชการ", "2.1 การเปิดเผย", "3) มาตรการปรับปรุง 4) มาตรการเปิดเผย", "-", "-", ""],
            ["", "", "ข้อมูลสาธารณะ 1 1) กิจกรรม", "", "", ""],  # continuation with a split "11)"
            ["", "รวม", "จำนวน 3 โครงการ", "-", "-", ""],
            ["", "รวมทั้งสิ้น", "จำนวน 5 โครงการ", "5,000", "5,000", ""],
        ]
    )
    res = budgets_from_tables(lts, "d", "o", rules)
    got = {(r["project_no"], r["fiscal_year"]): r["amount_thb"] for r in res.rows}
    assert got[(1, 2566)] == 0 and got[(2, 2567)] == 5000 and got[(11, 2566)] == 0
    assert {r["project_no"] for r in res.rows} == {1, 2, 3, 4, 11}
    assert next(r for r in res.rows if r["project_no"] == 4)["shared_with"] == [3, 4, 11]
    assert next(r for r in res.rows if r["project_no"] == 2)["dimension_no"] == 1
    assert res.problems == []


def test_budget_projects_numbered_with_a_dot_as_word_and_calc_number_them(rules):
    # "1. โครงการ …": a dotted number before the word a project starts with; a dotted step is not one
    lts = _budget(
        [
            ["1. การสร้างสังคม", "1.1 การสร้างจิตสำนึก", "1. โครงการอบรมคุณธรรม", "30,000", "30,000", ""],
            ["", "", "2. กิจกรรมส่งเสริม 1. จัดประชุมชี้แจง", "-", "-", ""],
            ["", "1.2 การปลูกจิตสำนึก", "3 . โครงการปลูกป่า", "20,000", "-", ""],
            ["", "รวม", "จำนวน 2 โครงการ 1 กิจกรรม", "50,000", "30,000", ""],
        ]
    )
    res = budgets_from_tables(lts, "d", "o", rules)
    got = {(r["project_no"], r["fiscal_year"]): r["amount_thb"] for r in res.rows}
    assert got == {
        (1, 2566): 30000,
        (1, 2567): 30000,
        (2, 2566): 0,
        (2, 2567): 0,
        (3, 2566): 20000,
        (3, 2567): 0,
    }
    assert next(r for r in res.rows if r["project_no"] == 2)["project_name"] == "กิจกรรมส่งเสริม 1. จัดประชุมชี้แจง"
    assert res.problems == []


def test_budget_total_mismatch_is_reported(rules):
    lts = _budget(
        [
            ["1. มิติ", "1.1", "1) โครงการ ก", "5,000", "5,000", ""],
            ["", "รวม", "จำนวน 1 โครงการ", "6,000", "5,000", ""],
        ]
    )
    res = budgets_from_tables(lts, "d", "o", rules)
    assert res.problems == ["budget dimension 1 total for 2566 is 6,000 but the projects add up to 5,000"]


def test_amounts():
    assert (
        parse_amount("-") == 0
        and parse_amount("5,000") == 5000
        and parse_amount("") is None
        and parse_amount("10,000 บาท") == 10000
    )


def test_partial_document_when_totals_disagree(ctx, tmp_path):
    from pipeline.stages import FINISH_STAGES, run_stages

    rows = BUDGET_HEADER + [
        ["1. มิติ", "1.1", "1) โครงการ ก", "5,000", "5,000", ""],
        ["", "รวมทั้งสิ้น", "", "9,000", "5,000", ""],
    ]
    state = DocumentState(
        "d" * 64, "x.pdf", 1, 1, pages=(_page(1, rows, text="แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. 2566 – 2567)"),)
    )
    res = run_stages(state, ctx, FINISH_STAGES).result
    assert res.status == "partial" and "grand total for 2566 is 9,000" in res.rows["documents"][0]["error"]


def test_figures_of_a_budget_table_are_no_item_codes(rules):
    # real-08 p.4: ",042" of 177,042 read as item o42, ",000" as o0
    rows = [
        ["รายการ", "งบประมาณ", "จัดซื้อจริง", "ร้อยละ", "งบประมาณ คงเหลือ"],
        ["วัสดุบริโภค", "785,000", "916,124", "100", "-131,124"],
        ["วัสดุสำนักงาน", "1,200,000", "1,022,958", "85.24", "177,042"],
    ]
    lts = T.build_logical_tables([_page(4, rows)], rules)
    assert item_scores(lts, {}, "d", "o", 2567, rules) == []


def test_a_cell_spanning_rows_reads_on_every_row_and_says_so(rules):
    # real-04: one period cell ("รอบ 12 เดือน") spans the five measure rows
    rows = [
        ["ข้อที่", "มาตรการป้องกันการรับสินบน", "ผลการปฏิบัติตามมาตรการ", "ระยะเวลาการติดตามและรายงานผล"],
        ["1", "มาตรการการใช้รถราชการ", "ไม่พบ", "รอบ 12 เดือน"],
        ["2", "มาตรการการรับของขวัญ", "ไม่พบ", None],
        ["3", "มาตรการจัดซื้อจัดจ้าง", "ไม่พบ", None],
    ]
    page = Page(
        1,
        "",
        "text",
        1.0,
        100,
        True,
        0.0,
        tables=(Table(1, 0, (0, 0, 1, 1), rows, (), "", "ruled", ((2, 3), (3, 3))),),
    )
    lts = T.build_logical_tables([page], rules)
    ms = raw_measures(lts, "d", "o", 2567, "integrity_report", rules)
    assert [m["period_text"] for m in ms] == ["รอบ 12 เดือน"] * 3
    assert [m["from_spanning_cell"] for m in ms] == [[], ["period"], ["period"]]


def test_numbered_parts_after_a_headline_are_the_measures_steps(rules):
    # real-04: "มาตรการการใช้รถราชการ 2.1 ประกาศ… 2.2 …" is one measure with two steps
    rows = [
        ["ข้อที่", "มาตรการ", "ผลการดำเนินการ"],
        ["2", "มาตรการการใช้รถราชการ 2.1 ประกาศโรงพยาบาล เรื่องการใช้รถ 2.2 ระเบียบกระทรวงการคลัง", "ไม่พบ"],
    ]
    lts = T.build_logical_tables([_page(1, rows)], rules)
    (m,) = raw_measures(lts, "d", "o", 2567, "integrity_report", rules)
    assert m["text"] == "มาตรการการใช้รถราชการ"
    assert m["steps"] == "2.1 ประกาศโรงพยาบาล เรื่องการใช้รถ\n2.2 ระเบียบกระทรวงการคลัง"


RISK_HEADER = ["ความเสี่ยง", "แนวทางการจัดการความเสี่ยง"]


def test_a_header_cut_by_the_page_break_and_a_row_continued_with_its_heading_again(rules):
    # real-17 pp.28-31: "หน่วยงาน" at the foot of p.28, "ที่รับผิดชอบ" at the top of p.29; "5.2 … (ต่อ)"
    head = ["ยุทธศาสตร์การพัฒนา", "แนวทางการพัฒนา", "หน่วยงานที่รับผิดชอบ"]
    p1 = _page(
        28,
        [
            head,
            ["3. ด้านทรัพยากร", "3.2 การบริหารจัดการ", "- กองสาธารณสุข"],
            ["ยุทธศาสตร์การพัฒนา", "แนวทางการพัฒนา", "หน่วยงาน"],
        ],
    )
    p2 = _page(
        29,
        [
            ["", "", "ที่รับผิดชอบ"],
            ["3. ด้านทรัพยากร", "3.3 พัฒนาตัวอย่าง", "- กองสาธารณสุข"],
            ["5. ด้านการศึกษา", "5.2 ส่งเสริมคุณภาพ", "- กองการศึกษา"],
        ],
    )
    p3 = _page(
        30,
        [
            head,
            ["5. ด้านการศึกษา", "5.2 ส่งเสริมคุณภาพ (ต่อ) ให้ได้มาตรฐาน", ""],
            ["", "5.3 การบริหารจัดการ", "- กองการศึกษา"],
        ],
    )
    lts = T.build_logical_tables([p1, p2, p3], rules)
    ms = raw_measures(lts, "d", "o", 2567, "other", rules)
    assert [m["text"] for m in ms] == [
        "3.2 การบริหารจัดการ",
        "3.3 พัฒนาตัวอย่าง",
        "5.2 ส่งเสริมคุณภาพให้ได้มาตรฐาน",
        "5.3 การบริหารจัดการ",
    ]


def test_a_row_number_printed_without_its_dot_still_starts_a_row(rules):
    # real-14 p.125: "3. ความเสี่ยง…" then "4 ความเสี่ยง…"
    lts = T.build_logical_tables(
        [
            _page(
                125,
                [
                    RISK_HEADER,
                    ["3. ความเสี่ยงจากการเปลี่ยนแปลง", "3.1 เสริมสร้าง"],
                    ["", "3.2 สร้างโอกาส"],
                    ["4 ความเสี่ยงจากภาวะวิกฤติ", "4.1 ประเมินความเสี่ยง"],
                ],
            )
        ],
        rules,
    )
    ms = raw_measures(lts, "d", "o", 2567, "other", rules)
    assert [(m["text"], m["steps"]) for m in ms] == [
        ("3. ความเสี่ยงจากการเปลี่ยนแปลง", "3.1 เสริมสร้าง 3.2 สร้างโอกาส"),
        ("4 ความเสี่ยงจากภาวะวิกฤติ", "4.1 ประเมินความเสี่ยง"),
    ]


def test_a_garbled_ocr_header_is_named_by_the_next_pages_header(rules):
    # issue 14: a header cell OCR garbled ("ผู้รับผิดชอบ" read as junk) loses its role; the header
    # printed again on the next page names it, and the two pages stay one table
    header = ["ลำดับ", "มาตรการ/กิจกรรม", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    garbled = ["ลำดับ", "มาตรการ/กิจกรรม", "วิธีดำเนินการ", "ag ภูรุบ ผด", "ระยะเวลา"]
    pages = [
        _page(2, [garbled, ["1", "มาตรการเสริมสร้าง", "จัดทำคู่มือ", "สำนักปลัด", "ตลอดปี"]]),
        _page(3, [header, ["2", "เปิดโอกาส", "ประชาสัมพันธ์", "งานนิติกร", "ทุกเดือน"]]),
    ]
    lts = T.build_logical_tables(pages, rules)
    assert len(lts) == 1 and lts[0].roles[3] == "responsible"
    ms = measures_from_tables(lts, "d", "o", 2566, "integrity_measures", rules)
    assert [m["responsible"] for m in ms] == ["สำนักปลัด", "งานนิติกร"]


def test_a_stray_digit_in_a_header_keeps_its_role_a_row_number_does_not(rules):
    assert TR.cell_role("ผู้รับผิดชอบ1", rules)[0] == "responsible"
    assert TR.cell_role("1 จัดทำคู่มือ", rules)[0] is None


@pytest.mark.parametrize(
    "cell, marker",
    [
        ("' ตัวชี้วัดที่ 4 การใช้ทรัพย์สิน", "indicator"),
        ("|2. การกำหนดแนวทาง", "number_dot"),
        ("ตัวชี้วัดที่ 4", "indicator"),
        ("o12 ข้อมูล", None),
    ],
)
def test_row_markers_after_ocr_junk(rules, cell, marker):
    assert R.marker_type(cell, rules) == marker


def test_any_glyph_in_the_sequence_column_starts_a_record(rules):
    # a lone "๔" read as "@" or "en" by OCR still starts row 4; a speck read as "." does not
    header = ["ที่", "มาตรการ/กิจกรรม", "ผู้รับผิดชอบ", "ระยะเวลา"]
    pages = [
        _page(
            2,
            [
                header,
                ["1", "จัดทำคู่มือ", "สำนักปลัด", "ตลอดปี"],
                ["en", "เปิดโอกาส", "งานนิติกร", "ทุกเดือน"],
                [".", "ร้องเรียน", "", ""],
            ],
        )
    ]
    ms = measures_from_tables(
        T.build_logical_tables(pages, rules), "d", "o", 2566, "integrity_measures", rules
    )
    assert [m["text"] for m in ms] == ["จัดทำคู่มือ", "เปิดโอกาสร้องเรียน"]


def test_a_ticked_label_misread_is_the_nearest_label_or_null_with_a_note(rules):
    from pipeline.stages.measures import _status_note

    assert parse_status("☐ ยังไม่ได้ดำเนินการ ☑ อยูระหวางดาเนนการ ☐ ดำเนินการแล้ว", rules) == "in_progress"
    text = "ยังไม่ได้ดำเนินการ ☑ xxxx ดำเนินการแล้ว"
    assert parse_status(text, rules) is None
    assert _status_note(text, rules).startswith("a box is ticked but its label cannot be read")


def test_a_column_of_periods_is_the_period_column_whatever_its_header_reads(rules):
    # issue 14: the same face garbles "ระยะเวลา" the same way on every page ("วะอยาวคล")
    header = ["ตัวชี้วัด", "แนวทางในการยกระดับ", "ผู้รับผิดชอบ", "วะอยาวคล", "ความก้าวหน้าผลการดำเนินการ"]
    rows = [
        header,
        ["ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่", "จัดทำผัง", "ทุกส่วนงาน", "ต.ค. 65 - ก.ย. 66", "☑ ดำเนินการ"],
        ["ตัวชี้วัดที่ 2 การใช้งบประมาณ", "เผยแพร่แผน", "กองคลัง", "ตลอดปีงบประมาณ", "☑ ดำเนินการ"],
    ]
    lts = T.build_logical_tables([_page(6, rows)], rules)
    assert lts[0].roles[3] == "period"
    ms = measures_from_tables(lts, "d", "o", 2566, "integrity_report", rules)
    assert [str(m["period_end"]) for m in ms] == ["2023-09-30", "2023-09-30"]
