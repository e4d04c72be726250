"""Office-suite documents for test fixtures, made the way public bodies make their PDFs: a Word
document (python-docx) or a spreadsheet (openpyxl), exported by LibreOffice.

Development only (``make fixtures``): needs ``soffice`` (apt: libreoffice-writer-nogui,
libreoffice-calc-nogui) and python-docx / openpyxl (``pip install -e .[fixtures]``). The PDFs are
made reproducible: fixed dates and an /ID derived from the content.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


def set_font(run, face: str, size: float, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    """A run in ``face`` for Thai as well as Latin (Word keeps a separate complex-script font)."""
    run.font.name = face
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), face)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(round(size * 2)))
    rpr.append(size_cs)
    if bold:
        rpr.append(OxmlElement("w:bCs"))


def to_pdf(sources: list[Path], outdir: Path) -> None:
    """Export documents to PDF with LibreOffice (one private profile per call), reproducibly."""
    if not sources:
        return
    with tempfile.TemporaryDirectory(prefix="lo_profile_") as profile:
        cmd = [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1200)
    for src in sources:
        fix_pdf(outdir / f"{src.stem}.pdf")


def export_fixtures(outdir: Path, fixtures: Iterable[tuple[str, str, Callable[[Path], dict]]]) -> int:
    """A fixture set: each ``(name, suffix, write)`` writes its source document (``name.suffix``,
    in a private folder) and returns what the test expects of it; all are exported to PDF into
    ``outdir`` and the expectations written to ``outdir/expected.json``. Returns 0 (a command's
    exit status)."""
    outdir.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="fixtures_") as tmp:
        sources = []
        for name, suffix, write in fixtures:
            src = Path(tmp) / f"{name}.{suffix}"
            expected[f"{name}.pdf"] = write(src)
            sources.append(src)
        to_pdf(sources, outdir)
    (outdir / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(expected)} documents -> {outdir}")
    return 0


def fix_pdf(path: Path) -> None:
    """Fixed dates and a content-derived /ID (same-length edits: the xref offsets stay right)."""
    data = path.read_bytes()
    data = re.sub(
        rb"/(CreationDate|ModDate)\(D:(\d{14})", lambda m: b"/" + m.group(1) + b"(D:20250930090000", data
    )
    stable = re.sub(rb"/ID \[[^\]]*\]|/DocChecksum /[0-9A-Fa-f]+", b"", data)
    digest = hashlib.md5(stable).hexdigest().upper().encode()
    data = re.sub(
        rb"/DocChecksum /([0-9A-Fa-f]+)", lambda m: b"/DocChecksum /" + digest[: len(m.group(1))], data
    )

    def new_id(m: re.Match[bytes]) -> bytes:
        out = m.group(0)
        for h in re.findall(rb"<([0-9A-Fa-f]+)>", out):
            out = out.replace(h, (digest * 4)[: len(h)], 1)
        return out

    path.write_bytes(re.sub(rb"/ID \[[^\]]*\]", new_id, data))


class Page:
    """One page of a document in one face."""

    def __init__(self, face: str) -> None:
        self.doc = Document()
        self.face = face
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        sec.left_margin = sec.right_margin = Cm(2.5)
        sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)

    def para(
        self,
        text: str | tuple[str, ...],
        size: float = 15,
        bold: bool = False,
        align: str = "left",
        indent: bool = False,
    ) -> None:
        p = self.doc.add_paragraph()
        p.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        if indent:
            p.paragraph_format.first_line_indent = Cm(2.5)
        parts = (text,) if isinstance(text, str) else text
        for k, part in enumerate(parts):
            run = p.add_run(part)
            set_font(run, self.face, size, bold)
            if k + 1 < len(parts):
                run.add_break(WD_BREAK.LINE)
