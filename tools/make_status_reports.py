"""Reports of what was done, with the status ticked the ways office suites print it, typed in Word
or Calc and exported by LibreOffice as public bodies do.

    python -m tools.make_status_reports tests/fixtures/status_reports      (make fixtures)

Every report states the same 8 measures with the same statuses; one row's status is none of the
three (``ติดตามต่อเนื่อง``, written across the status columns or as a fourth option): its status
is null. The drawings:

* ``columns``: the status as three columns under one spanning header (``สถานะการดำเนินงาน`` over
  ``ดำเนินการแล้ว | อยู่ระหว่างดำเนินการ | ยังไม่ได้ดำเนินการ``), the header's two rows repeated on
  every page; the tick a Word symbol (Wingdings ✓, which LibreOffice draws from OpenSymbol and
  the text layer keeps as U+F0FC), a typed ``/``, or ``✗`` in a Calc sheet;
* ``options``: the three labels in the status cell, one ticked: ``þ``/``¨`` typed in a Wingdings run
  (a face the exporting machine lacks: the text layer keeps the Latin letters), ``( / )`` in a
  table without rules, or ``☑``/``☐`` in a table with column rules only (Writer's preset: no rule
  across the table, so a page's header and rows are one box per column, the header repeated
  over the rest of a row the page break cut).

``expected.json``: per file, the status of each measure in order (null for the odd row).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from .office import Page, export_fixtures, set_font

ORG = "องค์การบริหารส่วนตำบลหนองบัวแดง"
LABELS = {"done": "ดำเนินการแล้ว", "in_progress": "อยู่ระหว่างดำเนินการ", "not_started": "ยังไม่ได้ดำเนินการ"}
ODD = "ติดตามต่อเนื่อง"
MEASURES = [  # (measure, result, responsible, status)
    ("มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "ปรับปรุงข้อมูลบนเว็บไซต์ครบทุกหัวข้อตามที่กำหนด", "สำนักปลัด", "done"),
    ("มาตรการป้องกันการรับสินบน", "ประกาศเจตนารมณ์ไม่รับของขวัญ และไม่พบการรายงานการรับ", "สำนักปลัด", "done"),
    (
        "มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง",
        "เผยแพร่แบบ สขร.1 ครบทุกเดือน การวิเคราะห์ผลยังรวบรวมข้อมูล",
        "กองคลัง",
        "in_progress",
    ),
    ("มาตรการการใช้ทรัพย์สินของทางราชการ", "จัดทำคู่มือแนวปฏิบัติ และชี้แจงในการประชุมประจำเดือน", "กองคลัง", "done"),
    ("มาตรการจัดการเรื่องร้องเรียนการทุจริต", "เปิดช่องทางร้องเรียนครบทุกช่องทาง ไม่มีเรื่องร้องเรียน", "สำนักปลัด", None),
    (
        "มาตรการป้องกันผลประโยชน์ทับซ้อน",
        "จัดทำคู่มือ และกำหนดจัดกิจกรรมให้ความรู้ในเดือนมีนาคม",
        "ทุกส่วนราชการ",
        "in_progress",
    ),
    ("มาตรการส่งเสริมการปฏิบัติตามประมวลจริยธรรม", "ยังไม่ได้จัดอบรม เนื่องจากรอจัดสรรงบประมาณ", "สำนักปลัด", "not_started"),
    ("มาตรการลดขั้นตอนการให้บริการ", "ติดประกาศแผนภูมิขั้นตอนการให้บริการ ณ จุดบริการ", "กองช่าง", "done"),
]
#: the rows of every report: the measures, then the first three again (long enough to cross a page)
ROWS = MEASURES + MEASURES[:3]
# (name, suite, face, layout, tick)
FIXTURES = [
    ("S01_columns_wingdings_laksaman", "writer", "Laksaman", "columns", "wingdings"),
    ("S02_columns_slash_kinnari", "writer", "Kinnari", "columns", "/"),
    ("S03_columns_xmark_calc_loma", "calc", "Loma", "columns", "✗"),
    ("S04_options_wingdingsrun_norasi", "writer", "Norasi", "options", "wingdings_run"),
    ("S05_options_parenslash_unruled_sawasdee", "writer", "Sawasdee", "options", "( / )"),
    ("S06_options_box_column_rules_garuda", "writer", "Garuda", "options", "☑"),
]
SIZE = 14


ALL_RULES = ("top", "left", "bottom", "right", "insideH", "insideV")
#: what Writer's "vertical rules only" border preset draws: no rule across the table
COLUMN_RULES = ("left", "right", "insideV")


def _borders(table, on: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """These rules of a Word table, and no other."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ALL_RULES:
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if edge in on else "nil")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    """The row is printed again at the top of every page the table runs onto."""
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _write(cell, text: str, face: str, center: bool = False, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    p = cell.paragraphs[0]
    if text:
        set_font(p.add_run(text), face, SIZE, bold)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _symbol(paragraph, char: str) -> None:  # type: ignore[no-untyped-def]
    """A Word symbol (Insert > Symbol, Wingdings)."""
    run = paragraph.add_run()
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), "Wingdings")
    sym.set(qn("w:char"), char)
    run._r.append(sym)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _title(pg: Page) -> None:
    pg.para("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", 16, True, "center")
    pg.para(f"ประจำปีงบประมาณ พ.ศ. 2568 {ORG}", 16, True, "center")


def _header(pg: Page, face: str, layout: str, tick: str):  # type: ignore[no-untyped-def]
    """The table with its header (two rows under a spanning status header for ``columns``),
    printed again on every page; the columns' widths."""
    if layout == "columns":
        table = pg.doc.add_table(rows=2, cols=7)
        _borders(table, ALL_RULES)
        h1, h2 = table.rows
        heads = ["ลำดับ", "มาตรการ/กิจกรรม", "ผลการดำเนินงาน", "สถานะการดำเนินงาน", "", "", "ผู้รับผิดชอบ"]
        for c, text in enumerate(heads):
            _write(h1.cells[c], text, face, True, True)
        for c, st in zip((3, 4, 5), LABELS):
            _write(h2.cells[c], LABELS[st], face, True, True)
        h1.cells[3].merge(h1.cells[5])
        for c in (0, 1, 2, 6):
            h1.cells[c].merge(h2.cells[c])
        _repeat_header(h1)
        _repeat_header(h2)
        return table, [1.2, 4.6, 5.0, 1.7, 1.8, 1.7, 2.0]
    table = pg.doc.add_table(rows=1, cols=5)
    _borders(table, () if tick == "( / )" else COLUMN_RULES if tick == "☑" else ALL_RULES)
    for c, text in enumerate(["ลำดับ", "มาตรการ/กิจกรรม", "ผลการดำเนินงาน", "สถานะการดำเนินงาน", "ผู้รับผิดชอบ"]):
        _write(table.rows[0].cells[c], text, face, True, True)
    _repeat_header(table.rows[0])
    return table, [1.2, 5.0, 5.6, 4.2, 2.0]


def _status_columns(cells, status: str | None, face: str, tick: str) -> None:  # type: ignore[no-untyped-def]
    if status is None:
        _write(cells[3].merge(cells[5]), ODD, face, True)
    elif tick == "wingdings":
        _symbol(cells[3 + list(LABELS).index(status)].paragraphs[0], "F0FC")
    else:
        _write(cells[3 + list(LABELS).index(status)], tick, face, True)


def _status_options(cell, status: str | None, face: str, tick: str) -> None:  # type: ignore[no-untyped-def]
    options = [*LABELS] + ([None] if status is None else [])
    for j, st in enumerate(options):
        p = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
        on = st == status
        label = LABELS[st] if st else ODD
        if tick == "wingdings_run":
            set_font(p.add_run("þ" if on else "¨"), "Wingdings", SIZE)
            set_font(p.add_run(f" {label}"), face, SIZE)
        elif tick == "☑":
            set_font(p.add_run(f"{'☑' if on else '☐'} {label}"), face, SIZE)
        else:
            set_font(p.add_run(f"{'( / )' if on else '(   )'} {label}"), face, SIZE)


def writer(face: str, layout: str, tick: str, path: Path) -> None:
    pg = Page(face)
    sec = pg.doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(1.5)
    _title(pg)
    table, widths = _header(pg, face, layout, tick)
    for i, (measure, result, resp, status) in enumerate(ROWS, 1):
        cells = table.add_row().cells
        _write(cells[0], f"{i}.", face, True)
        _write(cells[1], measure, face)
        _write(cells[2], result, face)
        _write(cells[-1], resp, face)
        if layout == "columns":
            _status_columns(cells, status, face, tick)
        else:
            _status_options(cells[3], status, face, tick)
    table.autofit = False
    for c, w in enumerate(widths):
        table.columns[c].width = Cm(w)  # the grid LibreOffice lays out by
        for cell in table.columns[c].cells:
            cell.width = Cm(w)
    pg.para("")
    pg.para("ผู้รายงาน  นางสาววิภาวรรณ แก้วมณี", 15, False, "center")
    pg.doc.save(str(path))


def calc(face: str, tick: str, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    font, bold = Font(name=face, size=SIZE), Font(name=face, size=SIZE, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws["A1"] = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    ws["A2"] = f"ประจำปีงบประมาณ พ.ศ. 2568 {ORG}"
    for ref in ("A1", "A2"):
        ws[ref].font = bold
    heads = ["ลำดับ", "มาตรการ/กิจกรรม", "ผลการดำเนินงาน", "สถานะการดำเนินงาน", "", "", "ผู้รับผิดชอบ"]
    for c, text in enumerate(heads, 1):
        ws.cell(4, c, text or None)
    for c, st in zip((4, 5, 6), LABELS):
        ws.cell(5, c, LABELS[st])
    ws.merge_cells("D4:F4")
    for col in "ABCG":
        ws.merge_cells(f"{col}4:{col}5")
    rows = list(enumerate(ROWS, 1))
    for r, (i, (measure, result, resp, status)) in enumerate(rows, 6):
        ws.cell(r, 1, i)
        ws.cell(r, 2, measure)
        ws.cell(r, 3, result)
        ws.cell(r, 7, resp)
        if status is None:
            ws.cell(r, 4, ODD)
            ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=6)
        else:
            ws.cell(r, 4 + list(LABELS).index(status), tick)
        ws.row_dimensions[r].height = 60  # Calc does not fit an xlsx's row heights
    ws.row_dimensions[4].height = ws.row_dimensions[5].height = 40
    for row in ws.iter_rows(min_row=4, max_row=5 + len(rows), max_col=7):
        for cell in row:
            cell.border = box
            cell.font = bold if cell.row <= 5 else font
            cell.alignment = center if cell.row <= 5 or cell.column in (1, 4, 5, 6) else wrap
    for col, w in zip("ABCDEFG", (6, 26, 30, 11, 12, 11, 13)):
        ws.column_dimensions[col].width = w
    ws.print_title_rows = "4:5"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.save(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path)
    a = ap.parse_args(argv)
    statuses = [m[3] for m in ROWS]

    def fixture(suite: str, face: str, layout: str, tick: str) -> Callable[[Path], dict]:
        def made(src: Path) -> dict:
            if suite == "calc":
                calc(face, tick, src)
            else:
                writer(face, layout, tick, src)
            return {"face": face, "layout": layout, "tick": tick, "statuses": statuses}

        return made

    return export_fixtures(
        a.outdir,
        ((name, "xlsx" if spec[0] == "calc" else "docx", fixture(*spec)) for name, *spec in FIXTURES),
    )


if __name__ == "__main__":
    raise SystemExit(main())
