"""Announcements of measures written as numbered paragraphs (no table), and documents with numbered
clauses that are no measures, typed in Word and exported by LibreOffice as public bodies do.

    python -m tools.make_measure_lists tests/fixtures/measure_lists      (make fixtures)

Each announcement states the same 12 measures in another face and numbering (``๑.``, ``1 .``,
``(1)``, ``1)``), long enough to cross a page break, each paragraph wrapping to continuation lines;
the counter-examples (a governance policy, a guideline for the use of vehicles) number their clauses
the same way. ``expected.json``: per file, the measures the pipeline must find (none for the
counter-examples), as ``head body`` with Arabic digits and single spaces.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from .office import Page, export_fixtures

ORG = "เทศบาลตำบลโนนสะอาด"
MEASURES = [
    (
        "มาตรการเปิดเผยข้อมูลสาธารณะ",
        "ให้ทุกกองจัดส่งข้อมูลตามที่กฎหมายกำหนดเพื่อเผยแพร่บนเว็บไซต์ของเทศบาลภายใน 7 วันนับแต่วันที่ได้รับข้อมูล "
        "และปรับปรุงข้อมูลให้เป็นปัจจุบันทุกเดือน",
    ),
    (
        "มาตรการส่งเสริมการมีส่วนร่วมของประชาชน",
        "ให้จัดเวทีประชาคมและเปิดช่องทางออนไลน์เพื่อรับฟังความคิดเห็นต่อแผนพัฒนาท้องถิ่นและโครงการที่มีผลกระทบต่อชุมชน",
    ),
    (
        "มาตรการความโปร่งใสในการจัดซื้อจัดจ้าง",
        "ให้เผยแพร่แผนการจัดซื้อจัดจ้าง ประกาศเชิญชวน และสรุปผลการจัดซื้อจัดจ้างรายเดือนต่อสาธารณะ",
    ),
    (
        "มาตรการจัดการเรื่องร้องเรียนการทุจริต",
        "ให้มีช่องทางรับเรื่องร้องเรียนหลายช่องทาง คุ้มครองผู้ร้องเรียน และแจ้งผลการดำเนินการภายใน 15 วันทำการ",
    ),
    ("มาตรการป้องกันการรับสินบน", "ให้บุคลากรทุกคนปฏิบัติตามนโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่"),
    (
        "มาตรการป้องกันผลประโยชน์ทับซ้อน",
        "ให้ผู้เกี่ยวข้องกับการอนุมัติ อนุญาต หรือการจัดซื้อจัดจ้าง แจ้งการมีส่วนได้เสียและถอนตัวจากการพิจารณา",
    ),
    (
        "มาตรการการใช้ทรัพย์สินของทางราชการ",
        "ให้การยืมหรือใช้ทรัพย์สินของทางราชการเป็นไปตามคู่มือที่กำหนด และห้ามนำไปใช้เพื่อประโยชน์ส่วนตน",
    ),
    ("มาตรการลดการใช้ดุลพินิจ", "ให้ทุกกองจัดทำคู่มือการปฏิบัติงานและแผนผังขั้นตอนการให้บริการ ติดประกาศ ณ จุดให้บริการ"),
    (
        "มาตรการส่งเสริมคุณธรรมจริยธรรม",
        "ให้จัดอบรมประมวลจริยธรรมแก่ผู้บริหาร สมาชิกสภา พนักงานเทศบาล และพนักงานจ้างอย่างน้อยปีละหนึ่งครั้ง",
    ),
    (
        "มาตรการความโปร่งใสในการบริหารงานบุคคล",
        "ให้ประกาศหลักเกณฑ์การสรรหา การแต่งตั้ง และการเลื่อนขั้นเงินเดือนให้บุคลากรทราบล่วงหน้า",
    ),
    (
        "มาตรการกำกับการใช้จ่ายงบประมาณ",
        "ให้กองคลังรายงานผลการใช้จ่ายงบประมาณต่อผู้บริหารทุกไตรมาส และเผยแพร่รายงานให้ประชาชนทราบ",
    ),
    ("มาตรการประเมินความเสี่ยงการทุจริต", "ให้จัดทำแผนบริหารความเสี่ยงการทุจริตประจำปี และติดตามผลทุก 6 เดือน"),
]
CLAUSES = {  # numbered clauses of documents that do not state measures
    "policy": (
        "นโยบายการกำกับดูแลองค์การที่ดี",
        [
            "บริหารงานตามหลักธรรมาภิบาล มีความรับผิดชอบ โปร่งใส และตรวจสอบได้ทุกขั้นตอน",
            "ให้บริการด้วยความเสมอภาค สะดวก รวดเร็ว และเป็นธรรมแก่ผู้รับบริการทุกคน",
            "พัฒนาระบบเทคโนโลยีสารสนเทศเพื่อสนับสนุนการบริหารงานและการตัดสินใจของผู้บริหาร",
            "ดูแลสวัสดิการและสภาพแวดล้อมในการทำงานให้ปลอดภัยและถูกสุขอนามัย",
        ],
    ),
    "guideline": (
        "แนวทางปฏิบัติในการใช้รถราชการ",
        [
            "ผู้ขอใช้รถยื่นแบบขออนุญาตใช้รถต่อหัวหน้าสำนักปลัดล่วงหน้าอย่างน้อยหนึ่งวันทำการ",
            "พนักงานขับรถบันทึกการใช้รถทุกครั้ง ระบุเลขไมล์ก่อนและหลังการใช้งาน",
            "ห้ามนำรถราชการไปใช้ในกิจการส่วนตัวหรือจอดค้างนอกสถานที่โดยไม่ได้รับอนุญาต",
            "เมื่อใช้รถเสร็จให้ส่งคืนกุญแจและสมุดบันทึกที่งานธุรการภายในวันเดียวกัน",
        ],
    ),
}
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# (name, face, numbering, Thai digits, document kind)
FIXTURES = [
    ("M01_announce_laksaman_thai", "Laksaman", "{}.", True, "measures"),
    ("M02_announce_norasi_space", "Norasi", "{} .", False, "measures"),
    ("M03_announce_loma_paren", "Loma", "({})", False, "measures"),
    ("M04_announce_garuda_close_thai", "Garuda", "{})", True, "measures"),
    ("N01_policy_laksaman", "Laksaman", "{}.", True, "policy"),
    ("N02_guideline_kinnari", "Kinnari", "{}.", False, "guideline"),
]


def write(face: str, number: str, thai: bool, kind: str, path: Path) -> list[str]:
    """One document; the measures it states (none for the counter-examples)."""
    digits = (lambda s: s.translate(THAI)) if thai else (lambda s: s)
    pg = Page(face)
    pg.para(f"ประกาศ{ORG}", 17, True, "center")
    if kind == "measures":
        title, items = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", MEASURES
    else:
        title, clauses = CLAUSES[kind]
        items = [(c, "") for c in clauses]  # type: ignore[assignment]
    pg.para(f"เรื่อง  {title}  ประจำปีงบประมาณ พ.ศ. {digits('2568')}", 16, True, "center")
    pg.para("------------------------------", 15, False, "center")
    pg.para(
        f"เพื่อให้การบริหารราชการของ{ORG}เป็นไปด้วยความโปร่งใส ตรวจสอบได้ และสอดคล้องกับการประเมินคุณธรรม"
        f"และความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ จึงกำหนด{title} ดังนี้",
        indent=True,
        align="justify",
    )
    for i, (head, body) in enumerate(items, 1):
        pg.para(f"{digits(number.format(i))} {head} {digits(body)}".rstrip(), indent=True, align="justify")
    pg.para("ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป", indent=True)
    pg.para(f"ประกาศ ณ วันที่ {digits('1')} ตุลาคม พ.ศ. {digits('2567')}", 15, False, "center")
    pg.para("(นายสมศักดิ์  ใจงาม)", 15, False, "center")
    pg.para("นายกเทศมนตรีตำบลโนนสะอาด", 15, False, "center")
    pg.doc.save(str(path))
    return [f"{h} {b}" for h, b in MEASURES] if kind == "measures" else []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path)
    a = ap.parse_args(argv)

    def fixture(face: str, number: str, thai: bool, kind: str) -> Callable[[Path], dict]:
        def made(src: Path) -> dict:
            measures = write(face, number, thai, kind, src)
            return {"face": face, "numbering": number, "kind": kind, "measures": measures}

        return made

    return export_fixtures(a.outdir, ((name, "docx", fixture(*spec)) for name, *spec in FIXTURES))


if __name__ == "__main__":
    raise SystemExit(main())
