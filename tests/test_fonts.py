"""The text layer per font, on PDFs made here: a font whose ToUnicode map is broken is repaired
while the clean font beside it is left alone; a font without a ToUnicode map is decoded from its
own program; a narrow "1" in a full-width advance does not split numbers; fonts that draw Arabic
digit codes as Thai digits read right; a layer of invisible Latin junk over a scan is OCR'd."""

from pathlib import Path

import pytest
from conftest import context, seed_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfgen import TLWG, PdfBuilder, variant_font, without_tounicode
from PIL import Image, ImageDraw, ImageFont

from pipeline.runner.document import process_pdf, read_pdf

CLEAN_LINE = "ประจำปีงบประมาณ คำนำ การดำเนินงาน"  # a clean font: its real ำ must stay
AA_AS_AM = "บริกำรประชำชน กำรตรวจสอบ กำรจัดซื้อจัดจ้ำง"  # the page shows บริการประชาชน …
NIKHAHIT_AS_SPACE = "ส\u00a0านักงานปลัด ประจ\u00a0าปี การด\u00a0าเนินงาน"  # the page shows สำนักงานปลัด …

pytestmark = pytest.mark.skipif(not TLWG.exists(), reason="fonts-thai-tlwg is not installed (make setup)")


@pytest.fixture(scope="module")
def broken_fonts_pdf(tmp_path_factory):
    d = tmp_path_factory.mktemp("fonts")
    aa_am = variant_font("Laksaman", {"ำ": "า"}, d / "aa_am.ttf")
    nik = variant_font("Laksaman", {"\u00a0": "ํ"}, d / "nik_space.ttf")
    pdf = PdfBuilder()
    page = pdf.page()
    page.text(72, 100, CLEAN_LINE, "Laksaman", 16)
    page.text(72, 130, AA_AS_AM, str(aa_am), 16)
    page.text(72, 160, NIKHAHIT_AS_SPACE, str(nik), 16)
    return pdf.save(d / "broken-fonts.pdf")


def _lines(state):
    return state.pages[0].text.split("\n")


def test_a_broken_font_is_repaired_and_the_clean_font_beside_it_left_alone(broken_fonts_pdf):
    state, _ = read_pdf(broken_fonts_pdf, "broken-fonts.pdf", context())
    assert _lines(state) == [
        CLEAN_LINE,
        "บริการประชาชน การตรวจสอบ การจัดซื้อจัดจ้าง",
        "สำนักงานปลัด ประจำปี การดำเนินงาน",
    ]
    by_name = {d.name: d for d in state.fonts}
    assert by_name["Laksaman"].action == "clean" and by_name["Laksaman"].faults == ()
    assert by_name["aaam"].action == "repair" and "aa_as_am" in by_name["aaam"].faults
    assert by_name["nikspace"].action == "repair" and "nikhahit_as_space" in by_name["nikspace"].faults


def test_a_font_without_a_tounicode_map_is_read_through_its_own_program(broken_fonts_pdf, tmp_path):
    state, _ = read_pdf(
        without_tounicode(broken_fonts_pdf, tmp_path / "no-tounicode.pdf"), "x.pdf", context()
    )
    assert _lines(state)[0] == CLEAN_LINE and _lines(state)[2] == "สำนักงานปลัด ประจำปี การดำเนินงาน"
    assert {d.action for d in state.fonts} == {"decoded"}
    assert all(d.evidence.unmapped == d.evidence.decoded > 0 for d in state.fonts)
    assert not state.pages[0].needs_ocr


def test_the_fonts_dataset_names_each_font_and_what_was_done(broken_fonts_pdf):
    res = process_pdf(broken_fonts_pdf, "broken-fonts.pdf", context(), ocr=False)
    rows = {r["name"]: r for r in res.rows["fonts"]}
    assert rows["aaam"]["action"] == "repair" and "am=" in rows["aaam"]["evidence"]
    assert rows["Laksaman"]["action"] == "clean" and rows["Laksaman"]["pages"] == 1


SCORES = [
    ("o1", "โครงสร้าง", "100.00"),
    ("o11", "คู่มือหรือแนวทางการให้บริการ", "91.76"),
    ("o12", "ข้อมูลสถิติการให้บริการ", "61.18"),
    ("o15", "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้าง", "11.10"),
]


def _score_table(font: str, path: Path) -> Path:
    pdf = PdfBuilder()
    page = pdf.page()
    page.text(72, 80, "ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2567", font, 14)
    page.text(72, 105, "งบประมาณทั้งสิ้น 15,000 บาท และ 1,100,000 บาท", font, 14)
    xs, top, h = [60, 120, 440, 540], 130, 28
    rows = [("ข้อ", "ประเด็น", "คะแนน"), *SCORES]
    for r, (code, name, score) in enumerate(rows):
        y = top + r * h
        for x, text in zip(xs, (code, name, score)):
            page.text(x + 6, y + 19, text, font, 13)
    for r in range(len(rows) + 1):
        page.hline(xs[0], xs[-1], top + r * h)
    for x in xs:
        page.vline(x, top, top + len(rows) * h)
    return pdf.save(path)


def test_a_narrow_one_in_a_full_width_advance_does_not_split_numbers(tmp_path):
    from pipeline.adapters import pdfium

    path = _score_table("Sawasdee", tmp_path / "narrow-one.pdf")
    # the font is what the test says: the ink gap after a "1" is wider than a word space
    doc = pdfium.open_pdf(path)
    chars = pdfium.read_page(doc, 0).chars
    doc.close()
    one = next(i for i, ch in enumerate(chars) if ch.text == "1" and chars[i + 1].text == "0")
    assert chars[one + 1].x0 - chars[one].x1 > 0.22 * chars[one].size
    res = process_pdf(path, "narrow-one.pdf", context(), ocr=False)
    text = res.rows["pages"][0]["text"]
    assert "15,000" in text and "1,100,000" in text and "1 00" not in text
    got = {r["item_code"]: r["score"] for r in res.rows["item_scores"]}
    assert got == {code: float(score) for code, _, score in SCORES}


def test_a_font_that_draws_arabic_digit_codes_as_thai_digits_reads_the_values(tmp_path):
    # as TH SarabunIT๙: the codes 0-9 are drawn with the glyphs of ๐-๙
    font = variant_font("Laksaman", {str(d): chr(0x0E50 + d) for d in range(10)}, tmp_path / "itdigits.ttf")
    res = process_pdf(
        _score_table(str(font), tmp_path / "it-digits.pdf"), "it-digits.pdf", context(), ocr=False
    )
    got = {r["item_code"]: r["score"] for r in res.rows["item_scores"]}
    assert got == {code: float(score) for code, _, score in SCORES}
    assert "1,100,000" in res.rows["pages"][0]["text"]


def _scan(tmp_path: Path, junk: str, font: str = "Laksaman") -> Path:
    img = Image.new("L", (1240, 1754), 255)
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(str(TLWG / "Garuda.ttf"), 48)
    for k, line in enumerate(
        ["ประกาศเทศบาลตำบลหางดง", "เรื่อง ประชาสัมพันธ์งบประมาณรายจ่ายประจำปี 2561", "อำเภอหางดง จังหวัดเชียงใหม่"]
    ):
        d.text((150, 200 + 90 * k), line, fill=0, font=f)
    pdf = PdfBuilder()
    page = pdf.page()
    page.image(img)
    page.text(72, 100, junk, font, 14, invisible=True)
    return pdf.save(tmp_path / "scan-with-junk.pdf")


def test_an_invisible_latin_layer_over_a_scan_is_not_taken_for_text(tmp_path):
    res = process_pdf(
        _scan(tmp_path, "j . v _,rttnartunuragiruaul.:ft.l r3a r il :c tr du"), "s.pdf", context(), ocr=False
    )
    page = res.rows["pages"][0]
    assert page["needs_ocr"] and "invisible" in page["reason"]
    assert res.status == "partial" and "OCR needed" in res.error


@pytest.mark.slow
def test_an_invisible_latin_layer_over_a_scan_is_ocred(tmp_path):
    res = process_pdf(
        _scan(tmp_path, "j . v _,rttnartunuragiruaul.:ft.l r3a r il :c tr du"), "s.pdf", context()
    )
    doc, page = res.rows["documents"][0], res.rows["pages"][0]
    assert doc["extraction"] == "ocr" and doc["org_name"] == "เทศบาลตำบลหางดง"
    assert page["quality"] >= 0.85 and "invisible" in page["reason"]


def test_a_layer_in_a_script_thai_documents_do_not_use_goes_to_ocr(tmp_path):
    # raw glyph ids read as Greek and control characters (a font without a usable ToUnicode map)
    pdf = PdfBuilder()
    page = pdf.page()
    page.text(
        72,
        100,
        "ωϓλιϗϧπϖσπΙ ϗϧπϖ ωϓλ σπΙωϓ λιϗϧπϖσ",
        "DejaVuSans"
        if (TLWG / "DejaVuSans.ttf").exists()
        else "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        14,
    )
    res = process_pdf(pdf.save(tmp_path / "greek.pdf"), "greek.pdf", context(), ocr=False)
    p = res.rows["pages"][0]
    assert p["needs_ocr"] and "not_thai" in p["reason"]
    assert res.rows["fonts"][0]["action"] == "unreadable"


# ------------------------------------------------------------------------------ properties
WORDS = sorted(w for w in context().lexicon.words if 2 <= len(w) <= 8 and w.isalpha())[::97]
SLOW = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), st.booleans())
def test_a_clean_font_text_is_never_touched(words, spaced):
    from pipeline.text.repair import CLEAN

    text = (" " if spaced else "").join(words)
    r = context().repairer
    assert r.repair_prepared(r.mechanical(text), CLEAN) == r.mechanical(text)


_LINES = seed_lines()


@SLOW
@given(st.integers(0, len(_LINES) - 1), st.sets(st.integers(0, 40), max_size=4))
def test_per_font_repair_is_idempotent(i, cuts):
    from pipeline.text.repair import FULL

    broken = FULL
    line = _LINES[i][:60].replace("ำ", "า") if i % 2 else _LINES[i][:60].replace("ำ", " า")
    line = "".join(ch for k, ch in enumerate(line) if k not in cuts)
    r = context().repairer
    once = r.repair_prepared(r.mechanical(line), broken)
    assert r.repair_prepared(r.mechanical(once), broken) == once
