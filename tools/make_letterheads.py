"""Letterheads of every kind of public body, as Word documents exported by LibreOffice: the test
fixtures of ``tests/test_bodies.py`` (does the pipeline find the body, its kind and group?).

    python -m tools.make_letterheads tests/fixtures/letterheads

Each fixture is one page in one of the forms bodies head their documents with — a memo
(บันทึกข้อความ / ส่วนราชการ …), an announcement (ประกาศ… / เรื่อง …), an order (คำสั่ง… / ที่ …) or
an external letter (ที่ ศธ … with the body and its address) — in one of several Thai faces, the
body's name sometimes broken over two lines or followed by its short name in brackets, and a body
text that names other bodies too (the supervising ministry, the NACC), as real ones do. Names are
made from the gazetteer's places (seeded): no real body's document is copied. ``expected.json``
holds what the pipeline must find for each.
Development only: needs soffice and python-docx (see ``tools/office.py``).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.adapters.gazetteer import areas

from .office import Page, to_pdf

FACES = ["Laksaman", "Garuda", "Loma", "Kinnari", "Norasi", "Sawasdee"]


@dataclass
class Body:
    name: str  # as the pipeline must give it
    kind: str
    group: str
    province: str | None  # its province (None: a national body), printed by the memo and letter forms
    named_by: str | None = None  # the place its name is (a district, a province): its province follows
    lines: tuple[str, ...] = ()  # the name as printed over two lines (empty: one line)
    short: str = ""  # "(วท.กันทรลักษ์)" after the name


@dataclass
class Fixture:
    file: str
    form: str
    face: str
    org_name: str
    org_kind: str
    org_group: str
    province: str | None  # as printed (null: the letterhead prints none)
    province_code: str | None  # printed, or known from the body's name (a unique place name)


def _places(rng: random.Random) -> tuple[str, str, str]:
    """A province, one of its districts and one of that district's subdistricts (as DOPA names them)."""
    provinces, districts, subdistricts = areas()
    p = rng.choice(provinces)
    d = rng.choice([x for x in districts if x.parent == p.code and not x.name.startswith("เมือง")])
    s = rng.choice([x for x in subdistricts if x.parent == d.code])
    return p.name, d.name, s.name


def bodies(rng: random.Random) -> list[Body]:
    """One or two bodies of every group the ITA assesses."""
    out = []

    def add(name: str, kind: str, group: str, province: str | None, **kw: object) -> None:
        out.append(Body(name, kind, group, province, **kw))  # type: ignore[arg-type]

    p, d, s = _places(rng)
    add(f"วิทยาลัยเทคนิค{d}", "vocational_college", "vocational_college", p, named_by=d, short=f"(วท.{d})")
    p, d, s = _places(rng)
    add(f"วิทยาลัยการอาชีพ{d}", "vocational_college", "vocational_college", p, named_by=d)
    p, d, s = _places(rng)
    add(
        f"วิทยาลัยเกษตรและเทคโนโลยี{p}",
        "vocational_college",
        "vocational_college",
        p,
        named_by=p,
        lines=("วิทยาลัยเกษตรและเทคโนโลยี", p),
    )
    p, d, s = _places(rng)
    add(f"โรงเรียนบ้าน{s}", "school", "school", p)
    p, d, s = _places(rng)
    n = rng.randint(1, 3)
    lines = ("สำนักงานเขตพื้นที่การศึกษา", f"ประถมศึกษา{p} เขต {n}")
    add(
        f"สำนักงานเขตพื้นที่การศึกษาประถมศึกษา{p} เขต {n}",
        "primary_education_area",
        "school",
        p,
        named_by=p,
        lines=lines,
    )
    p, d, s = _places(rng)
    add(f"สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา{p}", "secondary_education_area", "school", p, named_by=p)
    p, d, s = _places(rng)
    add(f"โรงพยาบาล{d}", "hospital", "health", p, named_by=d)
    p, d, s = _places(rng)
    lines = ("โรงพยาบาลส่งเสริมสุขภาพตำบล", s)
    add(f"โรงพยาบาลส่งเสริมสุขภาพตำบล{s}", "health_promoting_hospital", "health", p, named_by=s, lines=lines)
    p, d, s = _places(rng)
    add(f"สำนักงานสาธารณสุขอำเภอ{d}", "district_health_office", "health", p, named_by=d)
    p, d, s = _places(rng)
    add(f"สำนักงานสาธารณสุขจังหวัด{p}", "provincial_health_office", "health", p, named_by=p)
    p, d, s = _places(rng)
    add(f"มหาวิทยาลัยราชภัฏ{p}", "rajabhat_university", "university", p, named_by=p)
    add(rng.choice(["กรมควบคุมโรค", "กรมอนามัย", "กรมพัฒนาฝีมือแรงงาน"]), "department", "central_government", None)
    p, d, s = _places(rng)
    add(f"สำนักงานจังหวัด{p}", "provincial_office", "central_government", p, named_by=p)
    add(
        rng.choice(["การรถไฟแห่งประเทศไทย", "การประปาส่วนภูมิภาค", "องค์การเภสัชกรรม"]),
        "state_enterprise",
        "state_enterprise",
        None,
    )
    add(
        rng.choice(["สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", "สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์ (องค์การมหาชน)"]),
        "public_organisation",
        "public_organisation",
        None,
    )
    p, d, s = _places(rng)
    add(f"ศาลจังหวัด{p}", "court", "court_independent", p, named_by=p)
    p, d, s = _places(rng)
    add(f"องค์การบริหารส่วนตำบล{s}", "sao", "local_government", p, named_by=s)
    p, d, s = _places(rng)
    add(f"เทศบาลตำบล{s}", "subdistrict_municipality", "local_government", p, named_by=s)
    return out


def province_code(b: Body, printed: bool) -> str | None:
    """The body's province code when the letterhead prints the province, or when the place its
    name is is a province, or a district or subdistrict no other has that name."""
    provinces, districts, subdistricts = areas()
    if b.province is None:
        return None
    code = next(a.code for a in provinces if a.name == b.province)
    if printed or b.named_by == b.province:
        return code
    for level in (districts, subdistricts):  # the level its name is of: a district's, else a subdistrict's
        named = [a for a in level if a.name == b.named_by]
        if any(a.code.startswith(code) for a in named):
            return code if len(named) == 1 else None
    return None


def printed_province(b: Body, form: str) -> str | None:
    """The province the letterhead prints: the memo's and the letter's address, or in the name."""
    if b.province and (form in ("memo", "letter") or f"จังหวัด{b.province}" in b.name):
        return b.province
    return None


SUPERVISORS = [
    "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.)",
    "กระทรวงศึกษาธิการ",
    "กระทรวงสาธารณสุข",
    "กระทรวงมหาดไทย",
]


def _title(b: Body, prefix: str) -> tuple[str, ...]:
    """The body's name after ``prefix`` ("ประกาศ"), over two lines where it is printed so."""
    if b.lines:
        return (prefix + b.lines[0], *b.lines[1:])
    return (f"{prefix}{b.name}{' ' + b.short if b.short else ''}",)


def _body_text(b: Body, rng: random.Random) -> str:
    sup = rng.choice(SUPERVISORS)
    return (
        f"ตามที่{sup} ได้กำหนดให้มีการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"(Integrity and Transparency Assessment : ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ นั้น {b.name} "
        "จึงได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน เพื่อเป็นแนวทางในการปฏิบัติงาน"
        "ของเจ้าหน้าที่ให้เป็นไปด้วยความโปร่งใส ตรวจสอบได้"
    )


def write(b: Body, form: str, face: str, path: Path, rng: random.Random) -> None:
    pg = Page(face)
    place = f"จังหวัด{b.province}" if b.province else ""
    if form == "memo":
        pg.para("บันทึกข้อความ", 24, True, "center")
        unit = rng.choice(["กลุ่มงานบริหารทั่วไป", "งานบริหารงานทั่วไป", "ฝ่ายบริหาร"])
        pg.para(f"ส่วนราชการ  {unit}  {b.name}  {place}".rstrip())
        pg.para("ที่  ๑๒๓/๒๕๖๘                    วันที่  ๑๕  ตุลาคม  ๒๕๖๗")
        pg.para("เรื่อง  รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
        pg.para(f"เรียน  ผู้อำนวยการ{b.name}")
    elif form == "announcement":
        pg.para(_title(b, "ประกาศ"), 17, True, "center")
        pg.para("เรื่อง  มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", 17, True, "center")
        pg.para("------------------------------", 15, False, "center")
    elif form == "order":
        pg.para(_title(b, "คำสั่ง"), 17, True, "center")
        pg.para("ที่  ๔๕/๒๕๖๘", 16, False, "center")
        pg.para("เรื่อง  แต่งตั้งคณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส", 16, True, "center")
    else:  # an external letter: the code and the body with its address
        pg.para(f"ที่ ศธ ๐๖๓๕.{rng.randint(10, 99)}/{rng.randint(100, 999)}                          {b.name}")
        pg.para(f"{place}  {rng.randint(10000, 99999)}".strip(), 15, False, "right")
        pg.para("๒๐  ตุลาคม  ๒๕๖๗", 15, False, "center")
        pg.para("เรื่อง  ขอส่งรายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    pg.para(_body_text(b, rng), indent=True, align="justify")
    pg.para("จึงประกาศมาเพื่อทราบโดยทั่วกัน" if form == "announcement" else "จึงเรียนมาเพื่อโปรดทราบ", indent=True)
    pg.para("(นายสมชาย  ใจดี)", 15, False, "center")
    pg.para(
        f"ผู้อำนวยการ{b.name}" if not b.name.startswith(("กรม", "ศาล")) else "หัวหน้าส่วนราชการ",
        15,
        False,
        "center",
    )
    pg.doc.save(str(path))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=2568)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    a.outdir.mkdir(parents=True, exist_ok=True)
    forms = ["memo", "announcement", "order", "letter"]
    fixtures: list[Fixture] = []
    with tempfile.TemporaryDirectory(prefix="letterheads_") as tmp:
        sources = []
        for i, b in enumerate(bodies(rng)):
            form = "announcement" if b.lines else forms[i % len(forms)]
            face = FACES[i % len(FACES)]
            name = f"L{i + 1:02d}_{b.kind}_{form}"
            src = Path(tmp) / f"{name}.docx"
            write(b, form, face, src, rng)
            sources.append(src)
            printed = printed_province(b, form) is not None
            fixtures.append(
                Fixture(
                    f"{name}.pdf",
                    form,
                    face,
                    b.name,
                    b.kind,
                    b.group,
                    printed_province(b, form),
                    province_code(b, printed),
                )
            )
        to_pdf(sources, a.outdir)
    (a.outdir / "expected.json").write_text(
        json.dumps([asdict(f) for f in fixtures], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(fixtures)} letterheads -> {a.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
