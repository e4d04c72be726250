"""OCR of scans: a rendered Thai table, numbers re-read glyph by glyph, rotation, the cache."""

import numpy as np
import pytest
from conftest import context, repair_text
from PIL import Image, ImageDraw, ImageFont

from pipeline.adapters import glyphs as digits
from pipeline.adapters import raster, tesseract
from pipeline.model import OcrTimeout, OcrUnavailable, OcrWord, OcrWordLine
from pipeline.runner.ocr_cache import cached_ocr


def ocr_image(img, page_no, rules, cache_dir):
    return cached_ocr(img, page_no, rules, context().repairer, cache_dir)


FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"


def _font(size=50):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        pytest.skip("fonts-thai-tlwg is not installed (make setup)")


def _number_image(text, size=50):
    img = Image.new("L", (40 + int(size * 0.7) * len(text), size * 2), 255)
    ImageDraw.Draw(img).text((20, size // 3), text, fill=0, font=_font(size))
    return img


@pytest.fixture(scope="module")
def temps(rules):
    t = digits.templates(rules.ocr.digit_fonts_dir, tuple(rules.ocr.digit_fonts))
    if not t:
        pytest.skip("fonts-thai-tlwg is not installed (make setup)")
    return t


@pytest.mark.parametrize("text", ["๘๙.๗๒", "๒๕๖๖", "๖๕", "2567", "93.50", "5,000"])
def test_numbers_are_read_glyph_by_glyph(rules, temps, text):
    # tesseract's Thai model reads these as "๕๕.ญ๒" and "๒๕๒๐๒๐"; the glyph reader does not
    arr = raster.gray_array(_number_image(text))
    assert digits.read_number(arr, temps, rules.ocr.digit_min_match) == text


def test_letters_are_not_numbers(rules, temps):
    arr = raster.gray_array(_number_image("การ"))
    assert digits.read_number(arr, temps, rules.ocr.digit_min_match) is None


def _scanned_cell(text, font, px=24):
    """A table cell as a 100 ppi black-and-white scan shows it (a 17 pt face is about 24 pixels
    to the em), rendered again at 300 dpi for OCR: every pixel three, edges stepped."""
    try:
        face = ImageFont.truetype(f"/usr/share/fonts/truetype/tlwg/{font}.ttf", px)
    except OSError:
        pytest.skip("fonts-thai-tlwg is not installed (make setup)")
    lines = text.split("\n")
    img = Image.new("L", (12 + px * len(max(lines, key=len)), 10 + int(px * 1.4) * len(lines)), 255)
    for k, line in enumerate(lines):
        ImageDraw.Draw(img).text((6, 4 + int(px * 1.4) * k), line, fill=0, font=face)
    img = img.point(lambda v: 0 if v < 128 else 255)
    return raster.gray_array(img.resize((img.width * 3, img.height * 3), Image.NEAREST))


@pytest.mark.parametrize("font", ["Norasi", "Kinnari", "Laksaman", "Loma"])
@pytest.mark.parametrize("text", ["23.00", "๒๙.๗๓", "24.21", "๘๙.๕๒", "100.00", "7", "-"])
def test_a_scanned_figure_cell_is_read_whole(rules, temps, font, text):
    # tesseract reads such cells as "ฮุขุว", "ภก51", a dash as nothing; at 100 ppi "๒" matches its
    # large drawing at 0.57 and Norasi's "00" is one glyph
    got = digits.read_figure(_scanned_cell(text, font), temps, rules.ocr.figure_min_match)
    assert got == text


@pytest.mark.parametrize("text", ["12 15", "03", "๐12", "8๐"])
def test_two_numbers_an_item_code_or_mixed_digits_are_no_figure(rules, temps, text):
    # found in review: "12 15" was read 1215; "e3"/"o12" read as digits 03/๐12 turned e-items into o-items
    assert digits.read_figure(_scanned_cell(text, "Laksaman"), temps, rules.ocr.figure_min_match) is None


def test_a_cell_of_a_figure_column_keeps_what_ocr_read_when_it_is_an_item_code_or_a_number():
    from pipeline.ocr.page import _figure_cell

    never = lambda: pytest.fail("no looser reading")  # noqa: E731
    assert _figure_cell("e3", "03", never, {"d"}) is None  # an item code is never a figure
    assert _figure_cell("๑๔.๖๘", None, never, {"dd.dd"}) is None  # a number stays as OCR read it
    assert _figure_cell("ฮุขุว", "89.52", never, {"dd.dd"}) == "89.52"
    assert _figure_cell("ลำดับ", None, lambda: "801", {"d", "dd"}) is None  # not the column's shape


def test_a_cell_reaching_past_the_page_is_read_without_a_crash(rules, temps):
    from pipeline.ocr.page import _NumberFixer

    arr = _scanned_cell("23.00", "Laksaman")
    fixer = _NumberFixer(
        arr, temps, rules.ocr.digit_min_match, "", figure_min_match=rules.ocr.figure_min_match
    )
    assert fixer.figure((-5, -40, arr.shape[1] + 9, arr.shape[0] + 20)) == "23.00"
    assert fixer.figure((0, -50, 10, -1)) is None


def test_a_dash_with_specks_of_the_scan_beside_it_is_a_dash(rules, temps):
    arr = _scanned_cell("-", "Laksaman").copy()
    arr[5:8, 5:8] = 0  # a speck in the cell's corner
    assert digits.read_figure(arr, temps, rules.ocr.figure_min_match) == "-"


def test_a_figure_is_read_inside_the_rule_the_scan_bent_into_its_cell(rules, temps):
    # a real colour scan: the grid's straight rule missed the bent one, and the next cell's last
    # digit stood inside the crop ("๔๒๘.๔๓" for "๒๘.๔๓")
    from pipeline.adapters import raster as rs

    left, cell = _scanned_cell("๔", "Laksaman"), _scanned_cell("๒๘.๔๓", "Laksaman")
    h = max(left.shape[0], cell.shape[0])
    pad = lambda a: np.pad(a, ((0, h - a.shape[0]), (0, 0)), constant_values=255)  # noqa: E731
    rule = np.zeros((h, 6), dtype=left.dtype)
    crop = np.hstack([pad(left)[:, 20:], np.full((h, 8), 255, dtype=left.dtype), rule, pad(cell)])
    a, b = rs.inside_rules(crop)
    assert digits.read_figure(crop[:, a:b], temps, rules.ocr.figure_min_match) == "๒๘.๔๓"


def test_a_rule_scanned_crooked_on_a_large_page_is_one_rule():
    # a scan placed on a 1600-point page: the table's left rule in two pieces 4.6 points apart
    from pipeline.adapters import plumber
    from pipeline.model import Edge

    xs = [215.0, 308.0, 732.0]
    edges = [Edge("v", x, x, 1150, 1800) for x in xs[1:]]
    edges += [Edge("v", 215.0, 215.0, 1150, 1410), Edge("v", 219.6, 219.6, 1495, 1800)]
    edges += [Edge("h", 215.0, 732.0, y, y) for y in (1150, 1400, 1500, 1800)]
    assert {len(row) for g in plumber.find_table_grids(edges, 1600 / 595) for row in g} == {2}
    assert {len(row) for g in plumber.find_table_grids(edges) for row in g} != {2}  # A4 tolerances


@pytest.mark.parametrize("text", ["ผ่านดี", "ไม่ผ่าน", "วิทยาลัย", "24.21\n25.00", "ก.ย. 68"])
def test_a_cell_of_words_or_two_lines_is_no_figure(rules, temps, text):
    assert digits.read_figure(_scanned_cell(text, "Laksaman"), temps, rules.ocr.figure_min_match) is None


def _table_image():
    """A small ruled table drawn at 300 dpi with a Thai font: header, two rows with scores."""
    img = Image.new("L", (1500, 700), 255)
    d = ImageDraw.Draw(img)
    xs, ys = [60, 260, 1100, 1440], [60, 200, 340, 480]
    for x in xs:
        d.line([(x, ys[0]), (x, ys[-1])], fill=0, width=3)
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    f = _font(54)
    rows = [["ลำดับ", "ตัวชี้วัด", "คะแนน"], ["๑", "การปฏิบัติหน้าที่", "๙๓.๕๐"], ["๔", "การใช้ทรัพย์สิน", "๘๐.๙๕"]]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            d.text((xs[c] + 25, ys[r] + 35), text, fill=0, font=f)
    return img


@pytest.fixture(scope="module")
def table_page(rules):
    try:
        tesseract.tessdata_dir()
    except OcrUnavailable:
        pytest.skip("tesseract Thai is not installed (make setup)")
    return ocr_image(_table_image(), 1, rules, None)


def test_ocr_finds_the_table_and_reads_its_cells(table_page):
    assert len(table_page.tables) == 1
    rows = table_page.tables[0].rows
    assert len(rows) == 3 and len(rows[0]) == 3
    assert [r[2] for r in rows[1:]] == ["๙๓.๕๐", "๘๐.๙๕"]  # numbers re-read exactly
    assert [r[0] for r in rows[1:]] == ["๑", "๔"]
    assert "คะแนน" in rows[0][2].replace(" ", "")


def test_ocr_table_feeds_the_same_table_pipeline(rules, ctx, table_page):
    from pipeline.stages.merge_ocr import ocr_to_page
    from pipeline.stages.scores import indicator_scores
    from pipeline.stages.tables import build_logical_tables

    page = ocr_to_page(table_page, ctx)
    assert page.extraction == "ocr"
    lts = build_logical_tables([page], rules)
    got = {(r["indicator_no"], r["score"]) for r in indicator_scores(lts, {}, "d", "o", 2567, rules)}
    assert got == {(1, 93.5), (4, 80.95)}


CONTINUED = [  # a results table going on from the page before: no header, no rules
    ("๑๑", "วิทยาลัยการอาชีพ", "๒๙.๖๖", "๒๓.๐๗", "๓๑.๗๑", "๘๔.๔๔", "ผ่าน"),
    ("", "ขอนแก่น", "", "", "", "", ""),
    ("๑๒", "วิทยาลัยเทคนิคร้อยเอ็ด", "๒๖.๖๐", "๒๕.๒๐", "๓๐.๗๒", "๘๒.๕๒", "ผ่าน"),
    ("๑๓", "วิทยาลัยเกษตรและ", "๒๘.๖๔", "๒๔.๔๑", "-", "๕๓.๐๕", "ไม่ผ่าน"),
    ("", "เทคโนโลยีน่าน", "", "", "", "", ""),
    ("๑๔", "วิทยาลัยอาชีวศึกษา", "๒๘.๗๒", "๒๗.๓๔", "๓๑.๓๓", "๘๗.๓๙", "ผ่านดี"),
]


def _continued_page(font="Laksaman"):
    """A page of a results announcement printed and scanned at 100 ppi (black and white): a line
    of text across the top, the table going on without its header or rules, the date below."""
    try:
        face = ImageFont.truetype(f"/usr/share/fonts/truetype/tlwg/{font}.ttf", 22)
    except OSError:
        pytest.skip("fonts-thai-tlwg is not installed (make setup)")
    img = Image.new("L", (827, 700), 255)
    d = ImageDraw.Draw(img)
    d.text((80, 40), "ประกาศผลการประเมิน ของสถานศึกษาในสังกัด ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", fill=0, font=face)
    xs = [80, 130, 340, 420, 500, 580, 660]
    y = 110
    for row in CONTINUED:
        for x, text in zip(xs, row):
            if text:
                d.text((x, y), text, fill=0, font=face)
        y += 40
    d.text((300, y + 30), "ประกาศ ณ วันที่ ๕ ตุลาคม พ.ศ. ๒๕๖๘", fill=0, font=face)
    img = img.point(lambda v: 0 if v < 128 else 255)
    return img.resize((img.width * 3, img.height * 3), Image.NEAREST)


def test_a_scanned_table_without_header_or_rules_is_found_by_its_columns(rules):
    try:
        tesseract.tessdata_dir()
    except OcrUnavailable:
        pytest.skip("tesseract Thai is not installed (make setup)")
    page = ocr_image(_continued_page(), 2, rules, None)
    assert len(page.tables) == 1
    rows = [r for r in page.tables[0].rows if any(r)]
    assert len(rows[0]) == 7  # the title above and the date below are not the table's
    by_seq = {r[0]: r for r in rows}
    for want in (r for r in CONTINUED if r[0]):
        got = by_seq[want[0]]
        assert got[2:6] == want[2:6]  # every figure (a dash too), read whole
    assert "ขอนแก" in by_seq["๑๑"][1]  # the name's second line goes with its row


@pytest.mark.parametrize(
    "crossing, gutter",
    [
        ([True, False, False, False, True], True),  # the title above and the date below
        ([False, False, True, True], True),  # two lines of a note below
        ([False, True, False, True, False], False),  # long names down the table: no gutter
        ([True, False, True, False], False),
        ([False, False, False], True),
    ],
)
def test_a_gutter_is_crossed_only_above_or_below_its_table(crossing, gutter):
    from pipeline.ocr.page import _only_at_ends

    assert _only_at_ends(crossing) is gutter


LINES = [
    "รายงานผลการดำเนินงานตามมาตรการ",
    "ส่งเสริมคุณธรรมและความโปร่งใส",
    "ภายในหน่วยงาน ประจำปีงบประมาณ",
    "องค์การบริหารส่วนตำบลตัวอย่าง",
    "อำเภอเมือง จังหวัดนครราชสีมา",
]


@pytest.mark.parametrize("turn", [90, 270])
def test_sideways_page_is_turned_upright(rules, turn):
    """A landscape table scanned sideways (real-06.pdf) comes out upright."""
    img = Image.new("L", (1700, 1000), 255)
    d = ImageDraw.Draw(img)
    for k, text in enumerate(LINES):
        d.text((80, 60 + 150 * k), text, fill=0, font=_font(64))
    page = ocr_image(img.rotate(turn, expand=True, fillcolor=255), 1, rules, None)
    assert page.rotation == 360 - turn
    assert repair_text(page.lines[0].text) == LINES[0]


def test_second_run_uses_the_cache_without_tesseract(rules, tmp_path, monkeypatch):
    img = _table_image()
    first = ocr_image(img, 1, rules, tmp_path)
    assert not first.cached and list(tmp_path.glob("*.json"))

    def boom(*a, **k):
        raise AssertionError("tesseract called on a cached page")

    monkeypatch.setattr(tesseract, "_read", boom)
    monkeypatch.setattr(tesseract, "_read_rects", boom)
    again = ocr_image(img, 1, rules, tmp_path)
    assert again.cached and again.tables[0].rows == first.tables[0].rows


def test_failed_ocr_page_makes_the_document_partial(ctx, tmp_path, monkeypatch):
    from PIL import Image as I

    from pipeline.model import OcrPage
    from pipeline.runner import document as D

    pdf = tmp_path / "scan.pdf"
    I.new("RGB", (850, 1100), "white").save(
        pdf, save_all=True, append_images=[I.new("RGB", (850, 1100), "white")]
    )

    def timeout(path, index, rules, repairer, cache_dir):
        if index == 1:
            raise OcrTimeout("late")
        return OcrPage(index + 1, 612, 792, 0, 0.0)

    monkeypatch.setattr(D, "ocr_pdf_page", timeout)
    res = D.process_pdf(pdf, "scan.pdf", ctx)
    assert res.status == "partial" and "page 2: OCR timed out" in res.error


def test_unreadable_score_is_null_with_a_reason(rules):
    from pipeline.model import Page
    from pipeline.model import PageTable as Table
    from pipeline.stages import tables as T
    from pipeline.stages.scores import item_scores

    rows = [
        ["เครื่องมือการประเมิน", "ข้อคำถาม", "คะแนน"],
        ["OIT", "ข้อ o9 รายงานผลการดำเนินงานประจำปี", "ee.๓๒"],
        ["", "ข้อ o10 คู่มือ", "100.00"],
    ]
    page = Page(
        3,
        "",
        "ocr",
        1.0,
        0,
        False,
        1.0,
        tables=[Table(3, 0, (0, 0, 1, 1), rows, [], "ประจำปีงบประมาณ พ.ศ. 2567")],
    )
    got = {
        r["item_code"]: (r["score"], r["score_note"])
        for r in item_scores(T.build_logical_tables([page], rules), {}, "d", "o", None, rules)
    }
    assert got["o9"] == (None, "not a score 0-100: 'ee.๓๒'") and got["o10"] == (100.0, None)


@pytest.mark.parametrize("misread", ["@", "en", "|"])
def test_a_lone_number_read_as_letters_is_read_again_as_digits(rules, temps, misread):
    # issue 14: a sequence cell "๔" that tesseract read as "@" is read by the digit templates
    from pipeline.ocr.page import _NumberFixer

    img = _number_image("๔")
    arr = raster.gray_array(img)
    box = (15, 5, img.width - 15, img.height - 5)
    line = OcrWordLine((OcrWord(misread, box, 50.0),), box)
    fixer = _NumberFixer(
        arr, temps, rules.ocr.digit_min_match, rules.ocr.digit_confusions, (), rules.ocr.short_cell_glyphs
    )
    assert fixer.line_text(line, region=(0, 0, img.width, img.height), boxes=False) == "๔"
    assert fixer.line_text(line, boxes=False) == misread  # outside a table cell the line is left as read


def test_a_scan_is_rendered_at_its_own_resolution_only_when_asked(tmp_path):
    # issue 14: a 150-ppi scan rendered at 300 dpi is upscaled; native_floor_dpi lets it be read
    # at its own resolution (off by default: rules/ocr.yaml says why); a page without a scan is not
    from pipeline.adapters import pdfium

    pdf = tmp_path / "scan150.pdf"
    Image.new("L", (1240, 1754), 255).save(pdf, resolution=150.0)
    doc = pdfium.open_pdf(pdf)
    try:
        assert pdfium.render_for_ocr(doc, 0, 300, native_floor=100)[1] == 150
        assert pdfium.render_for_ocr(doc, 0, 300, native_floor=200)[1] == 200
        img, dpi = pdfium.render_for_ocr(doc, 0, 300)
        assert dpi == 300 and abs(img.width - 2480) <= 1
        assert (
            pdfium.render_for_ocr(doc, 0, 300, max_pixels=1_000_000)[1] < 150
        )  # a huge page: lower, and said
    finally:
        doc.close()


def test_a_letter_inside_a_number_is_no_number_not_its_first_digits(rules, temps):
    # the glyph reader stopped at a glyph that is no digit and gave the digits before it: "๒" for a
    # year it could not read ("๒ก๖๖"); a part of a number is a wrong value, so it is None
    arr = raster.gray_array(_number_image("๒ก๖๖"))
    assert digits.read_number(arr, temps, rules.ocr.digit_min_match) is None
    arr = raster.gray_array(_number_image("๒๕๖๖ ก"))
    assert digits.read_number(arr, temps, rules.ocr.digit_min_match, (0, int(arr.shape[1] * 0.6))) == "๒๕๖๖"


def _face(name, size):
    try:
        return ImageFont.truetype(f"/usr/share/fonts/truetype/tlwg/{name}.ttf", size)
    except OSError:
        pytest.skip(f"{name} of fonts-thai-tlwg is not installed (make setup)")


@pytest.mark.parametrize("face", ["Sawasdee", "Garuda", "Kinnari"])
def test_touching_digits_are_split(rules, temps, face):
    # issue 14: Sawasdee's "๕๖" of "๒๕๖๖" printed tight is one blob; a year read as no year
    f = _face(face, 60)
    for tighter in range(0, 6):  # the least overlap at which this face's digits touch
        img = Image.new("L", (420, 140), 255)
        d, x = ImageDraw.Draw(img), 20
        for ch in "๒๕๖๖":
            d.text((x, 30), ch, fill=0, font=f)
            x += int(f.getlength(ch)) - tighter
        arr = raster.gray_array(img)
        if any(c[2] >= digits.TOUCHING_ASPECT * c[3] for c in raster.components(arr)):
            break
    else:
        pytest.fail("the digits never touched")
    assert digits.read_number(arr, temps, rules.ocr.digit_min_match) == "๒๕๖๖"


def _cell_image(lines, face, size=50, spaced=False):
    f = _face(face, size)
    img = Image.new("L", (900, 60 + int(size * 1.6) * len(lines)), 255)
    d = ImageDraw.Draw(img)
    for k, text in enumerate(lines):
        d.text((20, 30 + int(size * 1.6) * k), " ".join(text) if spaced else text, fill=0, font=f)
    return raster.gray_array(img)


@pytest.fixture(scope="module")
def letter_sets(rules):
    o = rules.ocr
    return (
        digits.templates(o.digit_fonts_dir, tuple(o.digit_fonts), digits.LETTERS),
        digits.templates(o.digit_fonts_dir, tuple(o.digit_fonts), digits.MARKS),
    )


@pytest.mark.parametrize("face", ["Laksaman", "Garuda", "Kinnari", "Loma", "Sawasdee", "Norasi"])
@pytest.mark.parametrize(
    "lines,months",
    [
        (["ต.ค. ๖๕ - ก.ย. ๖๖"], (10, 9)),
        (["ม.ค. 2567 -", "มี.ค. 2567"], (1, 3)),
        (["เม.ย. 2567 -", "มิ.ย. 2567"], (4, 6)),
    ],
)
def test_a_period_cell_is_read_glyph_by_glyph(rules, letter_sets, face, lines, months):
    # issue 14: the months and years of a period cell that tesseract garbles in a face it reads badly
    from pipeline.text.periods import find_dates
    from pipeline.text.thai import thai_digits_to_arabic

    got = digits.read_lines(
        _cell_image(lines, face), *letter_sets, rules.ocr.digit_min_match, rules.ocr.mark_min_match
    )
    assert len(got) == len(lines)
    found = find_dates(thai_digits_to_arabic(" ".join(t for ln in got for t, _ in ln)), rules)
    assert tuple(d.month for d in found) == months


@pytest.mark.parametrize("face", ["TlwgTypist", "TlwgTypewriter", "TlwgMono"])
def test_a_letter_spaced_period_gives_its_range_or_nothing(rules, letter_sets, face):
    # typewriter faces (not among the template faces) print "ก . ย ."; tesseract reads "ชร ทาค".
    # The glyph reader joins an abbreviation's letters and dots; what it cannot read it leaves '?',
    # never another month
    from pipeline.text.periods import find_dates
    from pipeline.text.thai import thai_digits_to_arabic

    got = digits.read_lines(
        _cell_image(["ต.ค. ๖๕", "- ก.ย. ๖๖"], face, spaced=True),
        *letter_sets,
        rules.ocr.digit_min_match,
        rules.ocr.mark_min_match,
    )
    months = [
        d.month for d in find_dates(thai_digits_to_arabic(" ".join(t for ln in got for t, _ in ln)), rules)
    ]
    assert set(months) <= {10, 9}


@pytest.mark.parametrize(
    "text,suspect",
    [
        ("ต.ค. ๖๕ - ชร ทาค ๖๖", True),  # one end of the range unread
        ("ต:ะค: ๖๕ โซ้ยไฟ ว ๖๖", True),  # two years, no month read
        ("กย: ออ", True),  # a month as OCR reads it, no date
        ("เม.ย252567มิ.ย.\n2567", True),  # a year run into other digits: 2525
        ("ต.ค. ๖๕ - ก.ย. ๖๖", False),  # read whole
        ("๘๙.๗๒", False),
        ("๑๒ ๑๕", False),  # a score, counts: no years
        ("ตลอดปีงบประมาณ", False),
    ],
)
def test_which_cells_are_read_again_as_periods(rules, text, suspect):
    from pipeline.ocr.page import _period_suspect

    assert _period_suspect(text, rules) is suspect


def test_a_glyph_reading_must_keep_the_months_tesseract_read(rules):
    from pipeline.ocr.page import _agrees

    assert _agrees("ต.ค. ๖๕ - ก.ย. ๖๖", "ต.ค. ๖๕ ชร ทาค ๖๖", rules)
    assert not _agrees("ต.ค. ๖๕ - ก.ย. ๖๖", "ธ.ค. ๖๕ ชร ทาค ๖๖", rules)  # tesseract read another month
    assert not _agrees("ต.ค. ๖๕ - ?.ย. ๖๖", "ต.ค. ๖๕ ชร ทาค ๖๖", rules)  # one end still unread


def test_tables_are_whitened_with_the_paper_colour():
    # a grey scan whose table was painted white: tesseract's threshold fell between white and the
    # paper, the paper became ink and the title above the table was read as nothing
    import numpy as np

    page = np.full((400, 600), 237, dtype=np.uint8)
    page[300:320, 50:550] = 30
    out = raster.whiten(page, [(40, 100, 560, 380)])
    assert out[200, 300] == 237 and out[310, 300] == 237 and page[310, 300] == 30
