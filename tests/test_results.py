"""Every kind of public body, every assessment year: body groups from letterheads, results
announcements read and checked, the assessment's years as data."""

import pytest
from conftest import context

from pipeline.model import Page, Role, Tool
from pipeline.model import PageTable as Table
from pipeline.stages import metadata as md
from pipeline.stages import tables as T
from pipeline.stages.results import check, own_row, result_rows, results_columns

# ------------------------------------------------------------------------------ body groups
LETTERHEADS = [
    # (first page as printed, org_name, org_kind, org_group)
    (
        "คำสั่งวิทยาลัยเทคนิคสุโขทัย\nที่ ๑๒/๒๕๖๘\nเรื่อง แต่งตั้งคณะกรรมการ",
        "วิทยาลัยเทคนิคสุโขทัย",
        "vocational_college",
        "vocational_college",
    ),
    (
        "ประกาศวิทยาลัยการอาชีพ\nบ้านไร่ (วก.บ้านไร่)\nเรื่อง มาตรการส่งเสริมคุณธรรม",
        "วิทยาลัยการอาชีพบ้านไร่",
        "vocational_college",
        "vocational_college",
    ),
    ("บันทึกข้อความ\nส่วนราชการ โรงเรียนบ้านหนองแวง อำเภอพล จังหวัดขอนแก่น", "โรงเรียนบ้านหนองแวง", "school", "school"),
    (
        "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาน่าน เขต 1\nมาตรการส่งเสริมคุณธรรม",
        "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาน่าน เขต 1",
        "primary_education_area",
        "school",
    ),
    (
        "ส่วนราชการ มหาวิทยาลัยราชภัฏสกลนคร กองนโยบายและแผน",
        "มหาวิทยาลัยราชภัฏสกลนคร",
        "rajabhat_university",
        "university",
    ),
    ("ส่วนราชการ กลุ่มงานบริหารทั่วไป โรงพยาบาลบ้านหมี่ อำเภอบ้านหมี่", "โรงพยาบาลบ้านหมี่", "hospital", "health"),
    (
        "ประกาศสำนักงานสาธารณสุขจังหวัดน่าน เรื่อง มาตรการ",
        "สำนักงานสาธารณสุขจังหวัดน่าน",
        "provincial_health_office",
        "health",
    ),
    (
        "แผนปฏิบัติการป้องกันการทุจริต กระทรวงมหาดไทย พ.ศ. 2566-2570",
        "กระทรวงมหาดไทย",
        "ministry",
        "central_government",
    ),
    (
        "ประกาศสำนักงานคณะกรรมการการอาชีวศึกษา\nเรื่อง ผลการประเมิน",
        "สำนักงานคณะกรรมการการอาชีวศึกษา",
        "vocational_education_office",
        "central_government",
    ),
    (
        "สถาบันส่งเสริมการเรียนรู้ทางไกล (องค์การมหาชน)\nรายงานผลการดำเนินการ",
        "สถาบันส่งเสริมการเรียนรู้ทางไกล (องค์การมหาชน)",
        "public_organisation",
        "public_organisation",
    ),
    (
        "การประปาส่วนภูมิภาค สาขาน่าน\nมาตรการป้องกันการรับสินบน",
        "การประปาส่วนภูมิภาค",
        "state_enterprise",
        "state_enterprise",
    ),
    ("ส่วนราชการ ศาลจังหวัดน่าน\nเรื่อง มาตรการ", "ศาลจังหวัดน่าน", "court", "court_independent"),
    ("องค์การบริหารส่วนตำบลบ่อแก้ว อำเภอนาหมื่น จังหวัดน่าน", "องค์การบริหารส่วนตำบลบ่อแก้ว", "sao", "local_government"),
]


@pytest.mark.parametrize("page, name, kind, group", LETTERHEADS, ids=[x[2] for x in LETTERHEADS])
def test_the_body_and_its_group_from_a_letterhead(rules, page, name, kind, group):
    ctx = context()
    meta = md.document_metadata([page, "รายละเอียด"], rules, ctx.lexicon, ctx.gazetteer)
    assert (meta.org_name, meta.org_kind, meta.org_group) == (name, kind, group)


def test_two_bodies_of_different_kinds_with_one_place_name_are_two(rules):
    """A hospital and a school named after the same place are two bodies (the kind is in the key)."""
    from pipeline.corpus.organisations import identify

    base = {"org_type": "other", "province": "น่าน", "district": "ปัว", "status": "ok"}
    docs = [
        {**base, "doc_id": "a", "source_file": "a.pdf", "org_name": "โรงพยาบาลปัว"},
        {**base, "doc_id": "b", "source_file": "b.pdf", "org_name": "โรงเรียนปัว"},
    ]
    keys = sorted(o.key for o in identify(docs, rules))
    assert len(keys) == 2 and keys[0].startswith("hospital:") and keys[1].startswith("school:")


# ------------------------------------------------------------------------------ results
HEADER = [
    ["ลำดับ", "ชื่อสถานศึกษา", "เครื่องมือการประเมิน ITA", "", "", "", "ระดับผลการประเมิน"],
    ["", "", "IIT", "EIT", "OIT", "รวม", ""],
]
ROWS = [
    ["1", "วิทยาลัยเทคนิคสุโขทัย", "30.00", "29.89", "40.00", "99.89", "ผ่านดีเยี่ยม"],
    ["2", "วิทยาลัยการอาชีพบ้านไร่", "29.64", "27.62", "33.51", "90.77", "ผ่านดี"],
    ["", "(วก.บ้านไร่)", "", "", "", "", ""],  # the name goes on over a second line
    ["3", "วิทยาลัยเทคนิคน่าน", "-", "22.70", "-", "22.70", "ปรับปรุง"],
    ["4", "วิทยาลัยสารพัดช่างแพร่", "29.64", "27.62", "33.51", "90.71", "ผ่านดี"],  # does not add up
    ["5", "วิทยาลัยการอาชีพปัว", "", "", "", "", "ปรับปรุง"],
]


def _announcement(rules, rows=ROWS):
    page = Page(
        2,
        "ประกาศ ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568",
        "text",
        1.0,
        0,
        True,
        0.0,
        tables=(
            Table(
                2,
                0,
                (0, 0, 1, 1),
                tuple(tuple(r) for r in HEADER + rows),
                (),
                "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568",
            ),
        ),
    )
    (lt,) = T.build_logical_tables([page], rules)
    return lt


def test_a_results_table_gives_a_row_per_body_checked(rules):
    from pipeline.stages.results import _checked

    lt = _announcement(rules)
    found = results_columns(lt, rules.assessment.year(2568), rules)
    rows = [_checked(r, rules) for r in result_rows(lt, found, "d", 2568, rules)]
    by = {r["seq"]: r for r in rows}
    assert len(rows) == 5
    assert (by[1]["iit"], by[1]["eit"], by[1]["oit"], by[1]["total"], by[1]["level"]) == (
        30.0,
        29.89,
        40.0,
        99.89,
        "ผ่านดีเยี่ยม",
    )
    assert by[2]["org_name"] == "วิทยาลัยการอาชีพบ้านไร่(วก.บ้านไร่)" and by[2]["total"] == 90.77
    assert (by[3]["iit"], by[3]["eit"], by[3]["total"]) == (None, 22.7, 22.7)  # a dash is no score
    assert (
        by[4]["total"] is None and by[4]["iit"] is None and "90.71" in by[4]["check_note"]
    )  # never a wrong figure
    assert by[4]["level"] == "ผ่านดี" and by[5]["total"] is None and by[5]["level"] == "ปรับปรุง"


def _unheaded(rules, rows, year=2566):
    """A results table whose header cannot be read (a scan): figures only."""
    page = Page(
        2, "", "text", 1.0, 0, True, 0.0, tables=(Table(2, 0, (0, 0, 1, 1), tuple(map(tuple, rows)), (), ""),)
    )
    (lt,) = T.build_logical_tables([page], rules)
    return results_columns(lt, rules.assessment.year(year), rules)


def test_four_columns_that_add_up_as_the_tools_are_read_without_a_header(rules):
    # 0.3*IIT + 0.3*EIT + 0.4*OIT = total (2566)
    rows = [
        ["1", "โรงเรียนบ้านหนองบัว", "90.00", "80.00", "70.00", "79.00"],
        ["2", "โรงเรียนบ้านโนนสูง", "95.50", "88.20", "92.10", "91.95"],
        ["3", "โรงเรียนวัดป่าเลไลย์", "80.00", "90.00", "100.00", "91.00"],
    ]
    assert _unheaded(rules, rows) is not None


def test_a_header_read_in_part_takes_the_columns_that_add_up(rules):
    # a 100 ppi scan: "IIT" read as "utr", "คะแนนรวม" as "ทะแนน/งวาม"; EIT and OIT read. The
    # named columns alone lose IIT and the total: every row would be unchecked
    header = ["ลำดับ", "ชื่อสถานศึกษา", "utr", "EIT", "OIT", "ทะแนน\nงวาม", "ระดับผล\nการ\nประเมิน"]
    rows = [header] + [r[:7] for r in ROWS if r[2] not in ("", "-") and r[0] != "4"]
    page = Page(
        2,
        "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568",
        "ocr",
        1.0,
        0,
        False,
        0.0,
        tables=(Table(2, 0, (0, 0, 1, 1), tuple(map(tuple, rows)), (), ""),),
    )
    (lt,) = T.build_logical_tables([page], rules)
    found = results_columns(lt, rules.assessment.year(2568), rules)
    assert found is not None
    assert [found.get(r) for r in (Role.IIT, Role.EIT, Role.OIT, Role.TOTAL)] == [2, 3, 4, 5]


def test_a_tool_read_with_a_third_decimal_is_not_published(rules):
    # a real 74 ppi scan: the next cell's digit read as a third decimal (29.97 -> 29.972); the row
    # still adds up within the tolerance, so only the printing (tools like the total) tells
    from pipeline.stages.results import _checked

    row = {
        "assessment_year": 2568,
        "iit": 29.972,
        "eit": 29.023,
        "oit": 32.43,
        "total": 91.42,
        "level": "ผ่านดี",
        "raw": "29.972 | 29.023 | 32.43 | 91.42",
        "printed": {"iit": "๒๙.๙๗๒", "eit": "๒๙.๐๒๓", "oit": "๓๒.๔๓", "total": "๙๑.๔๒"},
    }
    out = _checked(row, rules, ocr=True)
    assert out["iit"] is None and out["total"] is None and "decimals" in out["check_note"]
    alike = {**row, "iit": 29.97, "eit": 29.02, "printed": {**row["printed"], "iit": "29.97", "eit": "29.02"}}
    assert _checked(alike, rules, ocr=True)["total"] == 91.42


def test_a_born_digital_total_printed_short_keeps_its_row(rules):
    # Excel's General format prints 85.50 as "85.5": the decimals rule is for scans only
    from pipeline.stages.results import _checked

    printed = {"iit": "29.97", "eit": "30.00", "oit": "25.53", "total": "85.5"}
    row = {"assessment_year": 2568, "iit": 29.97, "eit": 30.0, "oit": 25.53, "total": 85.5, "level": "ผ่าน"}
    row |= {"raw": "29.97 | 30.00 | 25.53 | 85.5", "printed": printed}
    assert _checked(row, rules)["total"] == 85.5


def test_a_name_that_starts_like_the_column_header_is_a_body(rules):
    from pipeline.stages.results import _names_the_column

    assert _names_the_column("ชื่อสถานศึกษา", rules)
    assert not _names_the_column("สถานศึกษาบ้านนา", rules)


def test_the_tools_the_header_does_not_name_are_where_the_named_ones_say(rules):
    # a scan's header: "IIT" junk under the header over all the tools, EIT, OIT and the total named
    header = ["ลำดับ", "ชื่อสถานศึกษา", "เครื่องมือการประเมิน ITA", "", "", "", "ระดับผลการประเมิน"]
    sub = ["", "", "[ท", "EIT", "OIT", "รวม", ""]
    rows = [header, sub, ["422", "วิทยาลัยอาชีวศึกษาเสาวภา", "23.14", "-", "-", "23.14", "ปรับปรุง"]]
    rows += [["423", "วิทยาลัยเกษตรและเทคโนโลยีนครสวรรค์", "-", "-", "22.70", "22.70", "ปรับปรุง"]]
    page = Page(
        4, "", "ocr", 1.0, 0, False, 0.0, tables=(Table(4, 0, (0, 0, 1, 1), tuple(map(tuple, rows)), (), ""),)
    )
    (lt,) = T.build_logical_tables([page], rules)
    found = results_columns(lt, rules.assessment.year(2568), rules)
    assert found is not None and found.get(Role.IIT) == 2 and found.get(Role.TOTAL) == 5


def test_a_staffing_table_of_repeated_counts_is_not_a_results_table(rules):
    # a manpower plan's positions with this year's and the next three years' counts: 1 1 1 1
    # adds up under any weights, and proves nothing
    rows = [
        ["1", "นักจัดการงานทั่วไป ปก./ชก.", "1", "1", "1", "1"],
        ["2", "นักวิเคราะห์นโยบายและแผน ปก./ชก.", "1", "1", "1", "1"],
        ["3", "พนักงานขับรถยนต์", "2", "2", "2", "2"],
        ["4", "นักประชาสัมพันธ์ ปก./ชก.", "1", "1", "1", "1"],
    ]
    assert _unheaded(rules, rows) is None


def test_the_check_knows_each_years_scale(rules):
    y2568, y2566 = rules.assessment.year(2568), rules.assessment.year(2566)
    tol = rules.assessment.sum_tolerance
    pts = {Tool.IIT: 30.0, Tool.EIT: 29.89, Tool.OIT: 40.0}
    assert check(pts, 99.89, y2568, tol) is None and check(pts, 99.79, y2568, tol)
    assert check({**pts, Tool.IIT: 31.5}, 101.39, y2568, tol).startswith("IIT 31.5 is not a score of 0-30")
    pct = {Tool.IIT: 90.0, Tool.EIT: 80.0, Tool.OIT: 70.0}  # 0.3*90 + 0.3*80 + 0.4*70 = 79
    assert check(pct, 79.0, y2566, tol) is None and check(pct, 80.0, y2566, tol)


def test_the_publishing_body_gets_its_overall_score_from_its_row(rules):
    rows = [
        {"org_name": "วิทยาลัยเทคนิคสุโขทัย", "total": 99.89, "assessment_year": 2568},
        {"org_name": "วิทยาลัยเทคนิคน่าน", "total": 22.7, "assessment_year": 2568},
    ]
    assert own_row(rows, [None, "วิทยาลัยเทคนิค น่าน"], rules)["total"] == 22.7
    assert own_row(rows, ["สำนักงานคณะกรรมการการอาชีวศึกษา"], rules) is None


def test_an_overall_score_glued_to_the_next_word_is_read(rules):
    assert md.find_overall_score(["ในปี 2567 สถานศึกษาได้คะแนน 89.720อยู่ในระดับผ่านดี"], rules) == (89.72, 2567)


def test_a_level_column_is_known_by_its_values(rules):
    header = [["ลำดับ", "ชื่อสถานศึกษา", "IIT", "EIT", "OIT", "รวม", "ผลการประเมินภาพรวม"]]
    rows = [
        ["1", "ก", "30.00", "29.89", "40.00", "99.89", "ผ่านดีเยี่ยม"],
        ["2", "ข", "30.00", "29.00", "40.00", "99.00", "ผ่านดี"],
    ]
    page = Page(
        1,
        "",
        "text",
        1.0,
        0,
        True,
        0.0,
        tables=(Table(1, 0, (0, 0, 1, 1), tuple(tuple(r) for r in header + rows), ()),),
    )
    (lt,) = T.build_logical_tables([page], rules)
    assert str(lt.roles[-1]) == "level"


def test_a_row_read_from_a_scan_that_cannot_be_checked_publishes_no_figure(rules):
    """OCR lost the IIT and the total: the EIT and OIT it read cannot be checked against them, so
    from a scan they are not published (a text layer's row keeps them: what is printed is there)."""
    from pipeline.stages.results import _checked

    row = {
        "assessment_year": 2568,
        "iit": None,
        "eit": 20.0,
        "oit": 31.22,
        "total": None,
        "level": "ผ่านดี",
        "raw": " | 20.0 | 31.22 | ",
        "seq": 21,
    }
    scanned = _checked(row, rules, ocr=True)
    assert (scanned["eit"], scanned["oit"]) == (None, None) and "cannot be checked" in scanned["check_note"]
    assert _checked(row, rules)["eit"] == 20.0
    dash = {
        **row,
        "iit": 28.64,
        "eit": 24.41,
        "oit": None,
        "total": 53.05,
        "raw": "28.64 | 24.41 | - | 53.05",
    }
    assert _checked(dash, rules, ocr=True)["total"] == 53.05  # a dash is no score, and the sum checks
