"""Office-suite PDFs whose fonts have a wrong ToUnicode map, and the same PDFs as exported.

    python -m tools.make_broken_maps tests/fixtures/broken_maps      (make fixtures)

Older LibreOffice releases (and other exporters) write, for each glyph of a Thai subset, the text of
the first cluster it was drawn in cut to one character: a mark's glyph gets the letter it sat on, so
every tone mark of the font reads as a consonant (``../shared/real`` has a 76-page plan made so).
Today's LibreOffice writes right maps, so the fault is made the way it arises: a plan typed in Word
(python-docx) in FreeSerif and in a TLWG face, regular and bold, exported by LibreOffice
(``NAME.pdf``), then every map entry that reads a Thai mark rewritten to read the letter the mark
first sits on in the text (``NAME_broken.pdf``). The glyphs drawn are unchanged: decoding the fonts must give the
text of ``NAME.pdf`` back. ``expected.json``: per broken file, the file it must read as.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from .office import Page, export_fixtures, fix_pdf

#: Thai marks drawn over or under a letter (no advance of their own)
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"

LINES = [
    "บัญชีสรุปจำนวนโครงการพัฒนาท้องถิ่น กิจกรรมและงบประมาณ",
    "แผนงานเคหะและชุมชน โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓ งบประมาณ ๕๐,๐๐๐ บาท กองช่าง",
    "แผนงานสร้างความเข้มแข็งของชุมชน โครงการส่งเสริมคุณธรรมจริยธรรมของผู้บริหาร สมาชิกสภา และพนักงาน",
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ ผู้รับผิดชอบ สำนักปลัดเทศบาล",
    "เจ้าหน้าที่ปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต ไม่เรียกรับสินบน เผยแพร่ข้อมูลบนเว็บไซต์ของหน่วยงาน",
    "ระยะเวลาดำเนินการ ต.ค. ๖๗ - ก.ย. ๖๘ ผลการดำเนินงาน ดำเนินการแล้วเสร็จ ร้อยละ ๑๐๐",
]


def plan(face: str) -> Callable[[Path], dict]:
    def write(path: Path) -> dict:
        page = Page(face)
        for bold in (False, True):
            for line in LINES:
                page.para(line, bold=bold)
        page.doc.save(str(path))
        return {}

    return write


def first_bases(lines: list[str]) -> dict[str, str]:
    """Each mark -> the letter it first sits on in ``lines`` (what the old exporters wrote)."""
    out: dict[str, str] = {}
    for line in lines:
        base = ""
        for ch in line:
            if ch in MARKS:
                out.setdefault(ch, base)
            else:
                base = ch
    return {m: b for m, b in out.items() if b}


def break_maps(src: Path, dst: Path, lines: list[str]) -> int:
    """Copy ``src`` with every ToUnicode entry that reads a Thai mark reading the letter the mark
    first sits on in ``lines`` instead; returns how many entries were changed."""
    bases = first_bases(lines)
    reader = PdfReader(src)
    writer = PdfWriter(clone_from=reader)
    changed = 0
    done: set[int] = set()
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            tu = font.get("/ToUnicode")
            if tu is None or tu.idnum in done:
                continue
            done.add(tu.idnum)
            stream = tu.get_object()
            text = stream.get_data().decode("latin-1")

            def wrong(m: re.Match[str]) -> str:
                nonlocal changed
                mark = chr(int(m.group(2), 16))
                if mark in bases:
                    changed += 1
                    return f"{m.group(1)}<{ord(bases[mark]):04X}>"
                return m.group(0)

            stream.set_data(re.sub(r"(<[0-9A-Fa-f]+>\s*)<([0-9A-Fa-f]{4})>", wrong, text).encode("latin-1"))
            stream[NameObject("/Filter")] = stream.get("/Filter", NameObject("/FlateDecode"))
    with open(dst, "wb") as f:
        writer.write(f)
    fix_pdf(dst)
    return changed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    out: Path = ap.parse_args().outdir
    faces = {"B01_freeserif": "FreeSerif", "B02_kinnari": "Kinnari"}
    status = export_fixtures(out, [(name, "docx", plan(face)) for name, face in faces.items()])
    expected = {}
    for name in faces:
        n = break_maps(out / f"{name}.pdf", out / f"{name}_broken.pdf", LINES)
        expected[f"{name}_broken.pdf"] = {"reads_as": f"{name}.pdf", "entries_broken": n}
    (out / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
