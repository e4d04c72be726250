"""Results announcements of a supervising body (the ITA results of all its units in one table), typed
in Word and exported by LibreOffice, and the same pages scanned, as public bodies publish them.

    python -m tools.make_announcements tests/fixtures/announcements      (make fixtures)

One announcement of the 2568 results of 36 colleges (IIT out of 30, EIT 30, OIT 40, the total their
sum, the level as the issuer printed it), drawn six ways: four faces (Laksaman, Norasi, Loma, Kinnari),
ruled and unruled tables, Arabic and Thai digits, a long name wrapping to a second line inside its
cell, a dash for a tool that was not scored, and a page break inside the table. Each PDF is also
printed to paper and scanned: rendered at 100 ppi in black and white (the real announcements are
low-resolution scans) into ``NAME_scan100.pdf``. ``expected.json``: per file, the rows the pipeline
must read (``seq``, ``org_name``, ``iit``, ``eit``, ``oit``, ``total``, ``level``; null for a dash).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm
from PIL import Image

from .office import Page, export_fixtures, set_font

ISSUER = "สำนักงานคณะกรรมการการอาชีวศึกษา"
TITLE = (
    f"ประกาศ{ISSUER}",
    "เรื่อง ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
    "ของสถานศึกษาในสังกัด ประจำปีงบประมาณ พ.ศ. 2568",
)
PLACES = [
    "สุโขทัย",
    "น่าน",
    "แพร่",
    "ลำปาง",
    "พะเยา",
    "เชียงราย",
    "ตาก",
    "กำแพงเพชร",
    "พิษณุโลก",
    "อุตรดิตถ์",
    "ขอนแก่น",
    "มหาสารคาม",
    "ร้อยเอ็ด",
    "กาฬสินธุ์",
    "สกลนคร",
    "นครพนม",
    "มุกดาหาร",
    "ยโสธร",
]
KINDS = ["วิทยาลัยเทคนิค", "วิทยาลัยอาชีวศึกษา", "วิทยาลัยการอาชีพ", "วิทยาลัยเกษตรและเทคโนโลยี"]
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
HEADER = ("ลำดับ", "ชื่อสถานศึกษา", "IIT", "EIT", "OIT", "คะแนนรวม", "ระดับผลการประเมิน")


def level(total: float) -> str:
    return "ผ่านดีเยี่ยม" if total >= 95 else "ผ่านดี" if total >= 85 else "ผ่าน" if total >= 75 else "ไม่ผ่าน"


def results(n: int = 36, seed: int = 2568) -> list[dict]:
    """``n`` colleges with their scores (two decimals, the total their sum; a few tools not scored)."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        name = f"{KINDS[i % len(KINDS)]}{PLACES[i % len(PLACES)]}"
        if i % len(PLACES) != i:  # a second college of the kind in the province: its district
            name += " อำเภอเมือง"
        parts = [round(rnd.uniform(lo, hi), 2) for lo, hi in ((24, 30), (22, 30), (25, 40))]
        iit, eit, oit = parts
        if i in (7, 23):
            oit = None  # not scored: printed as a dash
        total = round(sum(p for p in (iit, eit, oit) if p is not None), 2)
        rows.append(
            {
                "seq": i + 1,
                "org_name": name,
                "iit": iit,
                "eit": eit,
                "oit": oit,
                "total": total,
                "level": level(total),
            }
        )
    return rows


def _figure(v: float | None, thai: bool) -> str:
    s = "-" if v is None else f"{v:.2f}"
    return s.translate(THAI_DIGITS) if thai else s


def announcement(face: str, ruled: bool, thai: bool) -> Callable[[Path], dict]:
    def write(path: Path) -> dict:
        rows = results()
        page = Page(face)
        sec = page.doc.sections[0]
        sec.left_margin = sec.right_margin = Cm(2)
        for k, line in enumerate(TITLE):
            page.para(line.translate(THAI_DIGITS) if thai else line, size=16, bold=k == 0, align="center")
        table = page.doc.add_table(rows=1 + len(rows), cols=len(HEADER))
        table.style = "Table Grid" if ruled else None
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = (Cm(1.2), Cm(5.2), Cm(2.0), Cm(2.0), Cm(2.0), Cm(2.2), Cm(2.4))
        table.autofit = False
        for col, w in zip(table.columns, widths, strict=True):
            col.width = w
        for r, cells in enumerate([HEADER, *([None] * len(rows))]):
            if r == 0:
                texts = list(cells)
            else:
                row = rows[r - 1]
                name = row["org_name"].replace(" อำเภอ", "\nอำเภอ")  # the district on a line of its own
                texts = [
                    str(row["seq"]).translate(THAI_DIGITS) if thai else str(row["seq"]),
                    name,
                    *(_figure(row[k], thai) for k in ("iit", "eit", "oit", "total")),
                    row["level"],
                ]
            for c, text in enumerate(texts):
                cell = table.rows[r].cells[c]
                cell.width = widths[c]
                for j, line in enumerate(text.split("\n")):
                    p = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
                    set_font(p.add_run(line), face, 14, bold=r == 0)
        page.para(
            "ประกาศ ณ วันที่ 15 ตุลาคม พ.ศ. 2568".translate(THAI_DIGITS)
            if thai
            else "ประกาศ ณ วันที่ 15 ตุลาคม พ.ศ. 2568"
        )
        page.doc.save(str(path))
        return {"rows": rows, "issuer": ISSUER, "assessment_year": 2568}

    return write


def scan(pdf: Path, out: Path, ppi: int = 100) -> None:
    """The PDF printed and scanned: each page rendered at ``ppi`` in black and white, as images."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(ppi), "-mono", str(pdf), f"{tmp}/p"], check=True)
        pages = [Image.open(p).convert("1") for p in sorted(Path(tmp).glob("p*.pbm"))]
        pages[0].save(out, save_all=True, append_images=pages[1:], resolution=ppi, format="PDF")


VARIANTS = {
    "R01_laksaman_ruled": ("Laksaman", True, False),
    "R02_norasi_unruled": ("Norasi", False, False),
    "R03_kinnari_ruled_thai": ("Kinnari", True, True),
    "R04_laksaman_unruled_thai": ("Laksaman", False, True),
    "R05_norasi_ruled": ("Norasi", True, False),
    "R06_loma_unruled": ("Loma", False, False),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    out: Path = ap.parse_args().outdir
    status = export_fixtures(out, [(name, "docx", announcement(*v)) for name, v in VARIANTS.items()])
    expected = json.loads((out / "expected.json").read_text(encoding="utf-8"))
    for name in VARIANTS:
        scan(out / f"{name}.pdf", out / f"{name}_scan100.pdf")
        expected[f"{name}_scan100.pdf"] = expected[f"{name}.pdf"]
    (out / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
