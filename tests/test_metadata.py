"""Document metadata, field by field, on real sentences from the seeds."""
import pytest
from conftest import context, repair_text, seed_text

from pipeline.stages import metadata as md


def pages_of(prefix):
    return [repair_text(seed_text(prefix))]


@pytest.mark.parametrize("text, name, code", [
    ("ขององค์การบริหารส่วนตำบลตุน อำเภอกันทรารมย์ จังหวัดศรีสะเกษ", "องค์การบริหารส่วนตำบลตุน", "sao"),
    ("เทศบาลตำบลหนองขอนกว้างจึงได้จัดทำรายงาน", "เทศบาลตำบลหนองขอนกว้าง", "subdistrict_municipality"),
    ("ปลัดองค์กรบริหารส่วนตำบลด่านขุนทด", "องค์การบริหารส่วนตำบลด่านขุนทด", "sao"),  # misspelt องค์กร
    ("ประกาศ อบต.ตุน เรื่อง", "องค์การบริหารส่วนตำบลตุน", "sao"),
    ("เทศบาลเมืองบ้านไผ่ ประจำปี", "เทศบาลเมืองบ้านไผ่", "town_municipality"),
    ("องค์ การบริหารส่วน ตำบลพระอาจารย์", "องค์การบริหารส่วนตำบลพระอาจารย์", "sao"),  # real-13 spacing
    ("โรงพยาบาลพิชัย สังกัด สำนักงานสาธารณสุขจังหวัดอุตรดิตถ์ โรงพยาบาลพิชัย", "โรงพยาบาลพิชัย", "other"),
])
def test_org_name_and_type(rules, text, name, code):
    assert md.find_org([text], rules, context().lexicon) == (name, code)


def test_org_name_by_vote_over_a_garbled_mention(rules):
    # seed 001 prints 'ตำบลนูน' once (OCR) and 'ตำบลตุน' elsewhere; the title page names no body
    pages = ["องค์การบริหารส่วนตำบล\nอำเภอ กันทรารมย์ จังหวัดศรีสะเกษ",
             "ขององค์การบริหารส่วนตำบลตุน อำเภอกันทรารมย์ องค์การบริหารส่วน ตำบลนูน",
             "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในองค์การบริหารส่วนตำบลตุน"]
    assert md.find_org(pages, rules, context().lexicon) == ("องค์การบริหารส่วนตำบลตุน", "sao")


def test_role_after_abbreviation_is_not_a_name(rules):
    assert md.find_org(["รองนายก อบต. รองปลัด อบต."], rules, context().lexicon) == (None, None)


@pytest.mark.parametrize("text, district, province", [
    ("อำเภอ กันทรารมย์ จังหวัดศรีสะเกษ", "กันทรารมย์", "ศรีสะเกษ"),
    ("อำเภอเมืองอุดรธานี จังหวัดอุดรธานี", "เมืองอุดรธานี", "อุดรธานี"),
    ("อ.เทพารักษ์ จ.นครราชสีมา", "เทพารักษ์", "นครราชสีมา"),
    ("อำเภอบ้านแพ้วจังหวัดสมุทรสาคร", "บ้านแพ้ว", "สมุทรสาคร"),
    ("ไม่ระบุที่ตั้ง", None, None),
    ("จังหวัดนี้", None, None),  # not a province
])
def test_district_and_province(rules, text, district, province):
    assert md.find_location([text], rules, context().lexicon) == (district, province)


@pytest.mark.parametrize("prefix, doc_type", [
    ("000", "integrity_report"), ("001", "integrity_measures"), ("002", "integrity_report"),
    ("003", "anticorruption_plan"), ("004", "integrity_report"),
])
def test_doc_type_from_title(rules, prefix, doc_type):
    assert md.detect_doc_type(pages_of(prefix)[0], rules) == doc_type


def test_anticorruption_report_title(rules):
    assert md.detect_doc_type("รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต ประจำปี 2567", rules) == "anticorruption_report"


@pytest.mark.parametrize("prefix, years", [
    ("000", (2564, 2564)),  # analyses 2563, reports on 2564
    ("001", (2568, 2568)),  # measures for 2568 from the 2567 assessment
    ("002", (2568, 2568)),
    ("004", (2566, 2566)),
])
def test_fiscal_year(rules, prefix, years):
    pages = pages_of(prefix)
    assert md.find_fiscal_years(pages, md.detect_doc_type(pages[0], rules), rules) == years


def test_plan_span_and_national_strategy_span(rules):
    assert md.find_fiscal_years(["แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. 2566 – 2570)"], "anticorruption_plan", rules) == (2566, 2570)
    # a 20-year national strategy is not the document's span
    text = "ยุทธศาสตร์ชาติ (พ.ศ. 2561 - 2580) รายงานประจำปีงบประมาณ พ.ศ. 2568"
    assert md.find_fiscal_years([text], "anticorruption_plan", rules) == (2568, 2568)


@pytest.mark.parametrize("text, score, year", [
    ("จากผลการประเมินฯ ITA ในปีงบประมาณ พ.ศ. 2567 ขององค์การบริหารส่วนตำบลตุน พบว่าคะแนนภาพรวมอยู่ที่ 72.84 คะแนน", 72.84, 2567),
    ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖\nโดยภาพรวมได้คะแนน ๘๙.๗๒ อยู่ในระดับ ผ่านการประเมิน", 89.72, 2566),
    ("ไม่มีคะแนน", None, None),
])
def test_overall_score_and_year(rules, text, score, year):
    assert md.find_overall_score([repair_text(text)], rules) == (score, year)


def test_empty_document_has_no_metadata(rules):
    m = md.document_metadata(["", ""], rules, context().lexicon)
    assert m.org_name is None and m.doc_type == "other" and m.fiscal_year is None
