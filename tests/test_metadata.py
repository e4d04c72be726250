"""Document metadata, field by field, on real sentences from the seeds."""

import pytest
from conftest import context, repair_text, seed_text

from pipeline.stages import metadata as md


def _org(pages, rules):
    """(org_name, org_type) as the metadata stage reads them."""
    name, kind = md.find_org(pages, rules, context().lexicon)
    return name, kind.code if kind else None


def _kind(name, code, rules):
    return rules.orgs.kind_of(name, code)


def pages_of(prefix):
    return [repair_text(seed_text(prefix))]


@pytest.mark.parametrize(
    "text, name, code",
    [
        ("ขององค์การบริหารส่วนตำบลตุน อำเภอกันทรารมย์ จังหวัดศรีสะเกษ", "องค์การบริหารส่วนตำบลตุน", "sao"),
        ("เทศบาลตำบลหนองขอนกว้างจึงได้จัดทำรายงาน", "เทศบาลตำบลหนองขอนกว้าง", "subdistrict_municipality"),
        ("ปลัดองค์กรบริหารส่วนตำบลด่านขุนทด", "องค์การบริหารส่วนตำบลด่านขุนทด", "sao"),  # misspelt องค์กร
        ("ประกาศ อบต.ตุน เรื่อง", "องค์การบริหารส่วนตำบลตุน", "sao"),
        ("เทศบาลเมืองบ้านไผ่ ประจำปี", "เทศบาลเมืองบ้านไผ่", "town_municipality"),
        ("องค์ การบริหารส่วน ตำบลพระอาจารย์", "องค์การบริหารส่วนตำบลพระอาจารย์", "sao"),  # real-13 spacing
        ("โรงพยาบาลพิชัย สังกัด สำนักงานสาธารณสุขจังหวัดอุตรดิตถ์ โรงพยาบาลพิชัย", "โรงพยาบาลพิชัย", "other"),
    ],
)
def test_org_name_and_type(rules, text, name, code):
    assert _org([text], rules) == (name, code)


def test_org_name_by_vote_over_a_garbled_mention(rules):
    # seed 001 prints 'ตำบลนูน' once (OCR) and 'ตำบลตุน' elsewhere; the title page names no body
    pages = [
        "องค์การบริหารส่วนตำบล\nอำเภอ กันทรารมย์ จังหวัดศรีสะเกษ",
        "ขององค์การบริหารส่วนตำบลตุน อำเภอกันทรารมย์ องค์การบริหารส่วน ตำบลนูน",
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในองค์การบริหารส่วนตำบลตุน",
    ]
    assert _org(pages, rules) == ("องค์การบริหารส่วนตำบลตุน", "sao")


def test_role_after_abbreviation_is_not_a_name(rules):
    assert _org(["รองนายก อบต. รองปลัด อบต."], rules) == (None, None)


@pytest.mark.parametrize(
    "text, district, province",
    [
        ("อำเภอ กันทรารมย์ จังหวัดศรีสะเกษ", "กันทรารมย์", "ศรีสะเกษ"),
        ("อำเภอเมืองอุดรธานี จังหวัดอุดรธานี", "เมืองอุดรธานี", "อุดรธานี"),
        ("อ.เทพารักษ์ จ.นครราชสีมา", "เทพารักษ์", "นครราชสีมา"),
        ("อำเภอบ้านแพ้วจังหวัดสมุทรสาคร", "บ้านแพ้ว", "สมุทรสาคร"),
        ("ไม่ระบุที่ตั้ง", None, None),
        ("จังหวัดนี้", None, None),  # not a province
    ],
)
def test_district_and_province(rules, text, district, province):
    loc = md.find_location([text], rules, context().gazetteer)
    assert (loc.district, loc.province) == (district, province)


@pytest.mark.parametrize(
    "prefix, doc_type",
    [
        ("000", "integrity_report"),
        ("001", "integrity_measures"),
        ("002", "integrity_report"),
        ("003", "anticorruption_plan"),
        ("004", "integrity_report"),
    ],
)
def test_doc_type_from_title(rules, prefix, doc_type):
    assert md.detect_doc_type(pages_of(prefix)[0], rules) == doc_type


def test_anticorruption_report_title(rules):
    assert (
        md.detect_doc_type("รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต ประจำปี 2567", rules)
        == "anticorruption_report"
    )


@pytest.mark.parametrize(
    "prefix, years",
    [
        ("000", (2564, 2564)),  # analyses 2563, reports on 2564
        ("001", (2568, 2568)),  # measures for 2568 from the 2567 assessment
        ("002", (2568, 2568)),
        ("004", (2566, 2566)),
    ],
)
def test_fiscal_year(rules, prefix, years):
    pages = pages_of(prefix)
    assert md.find_fiscal_years(pages, md.detect_doc_type(pages[0], rules), rules) == years


def test_plan_span_and_national_strategy_span(rules):
    assert md.find_fiscal_years(
        ["แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. 2566 – 2570)"], "anticorruption_plan", rules
    ) == (2566, 2570)
    # a 20-year national strategy is not the document's span
    text = "ยุทธศาสตร์ชาติ (พ.ศ. 2561 - 2580) รายงานประจำปีงบประมาณ พ.ศ. 2568"
    assert md.find_fiscal_years([text], "anticorruption_plan", rules) == (2568, 2568)


@pytest.mark.parametrize(
    "text, score, year",
    [
        (
            "จากผลการประเมินฯ ITA ในปีงบประมาณ พ.ศ. 2567 ขององค์การบริหารส่วนตำบลตุน พบว่าคะแนนภาพรวมอยู่ที่ 72.84 คะแนน",
            72.84,
            2567,
        ),
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖\nโดยภาพรวมได้คะแนน ๘๙.๗๒ อยู่ในระดับ ผ่านการประเมิน", 89.72, 2566),
        ("ไม่มีคะแนน", None, None),
        # a comparison with the year before: the older score is not this year's
        (
            "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2566 มีผลคะแนนเฉลี่ย91.40 คะแนน สูงกว่าปีที่ผ่านมา 2.10 คะแนน "
            "(ปีงบประมาณ พ.ศ. 2565 ได้ผลคะแนน 89.30 คะแนน)",
            91.40,
            2566,
        ),
        ("การประเมิน ITA 2567 หน่วยงานได้คะแนน 85.27 คะแนน อยู่ในระดับ A", 85.27, 2567),
        ("ปีงบประมาณ พ.ศ. 2567 พบว่ามีผลคะแนน 91.40 คะแนน อยู่ในระดับผ่าน", 91.40, 2567),
    ],
)
def test_overall_score_and_year(rules, text, score, year):
    assert md.find_overall_score([repair_text(text)], rules) == (score, year)


def test_empty_document_has_no_metadata(rules):
    m = md.document_metadata(["", ""], rules, context().lexicon, context().gazetteer)
    assert m.org_name is None and m.doc_type == "other" and m.fiscal_year is None


def test_places_from_the_gazetteer(rules):
    gaz = context().gazetteer
    # an OCR slip is read right within the province; a name that is no district is no district
    loc = md.find_location(["ที่ว่าการอำเภอบ้านแท้ว จังหวัดสมุทรสาคร อำเภอบ้านแท้ว"], rules, gaz)
    assert (loc.district, loc.province, loc.district_code, loc.province_code) == (
        "บ้านแพ้ว",
        "สมุทรสาคร",
        "7403",
        "74",
    )
    assert md.find_location(["แผนอัตรากำลัง 3 ปี อำเภอแผนพัฒนา"], rules, gaz).district is None
    # the province of a district that is printed alone is inferred as a code, never printed
    loc = md.find_location(["อ.พรรณานิคม"], rules, gaz)
    assert (loc.district, loc.province, loc.province_code) == ("พรรณานิคม", None, "47")


def test_the_body_named_after_its_place_gets_its_codes_and_its_misread_name_fixed(rules):
    gaz = context().gazetteer
    loc = md.find_location(["อำเภอพรรณานิคม จังหวัดสกลนคร"], rules, gaz)
    name, loc2 = md.place_of_body(
        "เทศบาลตำบลพอกน้อย", _kind("เทศบาลตำบลพอกน้อย", "subdistrict_municipality", rules), loc, rules, gaz
    )
    assert name == "เทศบาลตำบลพอกน้อย" and loc2.subdistrict_code and loc2.subdistrict_code.startswith("4704")
    assert loc2.place_source == "gazetteer" and loc2.district == "พรรณานิคม"  # printed places stay as printed
    name, loc3 = md.place_of_body(
        "โรงพยาบาลนำยืน", _kind("โรงพยาบาลนำยืน", "other", rules), md.Location(), rules, gaz
    )  # OCR: น้ำ read as นำ
    assert name == "โรงพยาบาลน้ำยืน" and loc3.district_code == "3409" and loc3.district is None
    # the same ตำบล name in two districts: without a district no code is guessed
    same = [s for s in gaz.subdistricts() if s.name == "หนองใหญ่"]
    assert len({s.parent for s in same}) > 1
    assert (
        md.place_of_body(
            "องค์การบริหารส่วนตำบลหนองใหญ่",
            _kind("องค์การบริหารส่วนตำบลหนองใหญ่", "sao", rules),
            md.Location(),
            rules,
            gaz,
        )[1].subdistrict_code
        is None
    )


@pytest.mark.parametrize(
    "text, years",
    [
        ("แผนอัตรากำลัง 3 ปี (พ.ศ. 2561 - 2563) เทศบาลตำบลหางดง", (2561, 2563)),  # a plan's span in its title
        ("แบบรายงานสถานะแผนบริหารความเสี่ยงการทุจริต ณ วันที่ 2 กันยายน 2567 (รอบ 12 เดือน)", (2567, 2567)),  # dated
        ("บันทึกข้อความ วันที่ 3 ธันวาคม 2567 เรื่อง รายงานผล", (2568, 2568)),  # December is in the next fiscal year
    ],
)
def test_fiscal_year_without_a_fiscal_year_printed(rules, text, years):
    assert md.find_fiscal_years([text], "other", rules) == years
