"""missing_items and plan_vs_outcome on a small hand-made example: two organisations, two years."""

from pipeline.corpus import cross_document
from pipeline.corpus.organisations import assign_org_keys, identify


def cross(rules, docs, items=(), measures=(), scores=()):
    """The cross-document datasets of hand-made per-document rows (documents read whole, of the
    kind whose measures are integrity measures unless they say)."""
    rows = {
        "documents": [
            {"status": "ok", "extraction": "text", "pages": 3, "doc_type": "integrity_measures", **d}
            for d in docs
        ],
        "indicator_scores": list(scores),
        "item_scores": list(items),
        "measures": [{"seq": i, **m} for i, m in enumerate(measures)],
        "budgets": [],
    }
    return cross_document(rows, rules)


DOCS = [
    {
        "doc_id": "a1",
        "source_file": "a-2567.pdf",
        "org_name": "องค์การบริหารส่วนตำบลตุน",
        "org_type": "sao",
        "province": "ศรีสะเกษ",
        "district": "กันทรารมย์",
        "fiscal_year": 2568,
        "fiscal_year_end": 2568,
    },
    {
        "doc_id": "a2",
        "source_file": "a-2568.pdf",
        "org_name": "องค์การบริหารส่วนตำบลตุ่น",
        "org_type": "sao",
        "province": "ศรีสะเกษ",
        "district": None,
        "fiscal_year": 2568,
        "fiscal_year_end": 2568,
    },  # a tone-mark variant
    {
        "doc_id": "b1",
        "source_file": "b.pdf",
        "org_name": "เทศบาลตำบลหนองขอนกว้าง",
        "org_type": "subdistrict_municipality",
        "province": "อุดรธานี",
        "district": None,
        "fiscal_year": 2567,
        "fiscal_year_end": 2567,
    },
    {
        "doc_id": "c1",
        "source_file": "c.pdf",
        "org_name": "องค์การบริหารส่วนตำบลตูม",
        "org_type": "sao",
        "province": "ศรีสะเกษ",
        "district": None,
        "fiscal_year": 2568,
        "fiscal_year_end": 2568,
    },  # another body
]
ITEMS = [
    {
        "doc_id": "a1",
        "assessment_year": 2567,
        "item_code": "o15",
        "item_name": "ประกาศต่าง ๆ",
        "score": 0.0,
        "page": 3,
    },
    {
        "doc_id": "a1",
        "assessment_year": 2567,
        "item_code": "o14",
        "item_name": "รายการ",
        "score": 50.0,
        "page": 3,
    },
    {
        "doc_id": "a1",
        "assessment_year": 2567,
        "item_code": "o9",
        "item_name": "รายงานผล",
        "score": 0.0,
        "page": 2,
    },
    {
        "doc_id": "a1",
        "assessment_year": 2567,
        "item_code": "o1",
        "item_name": "โครงสร้าง",
        "score": 100.0,
        "page": 2,
    },
    {
        "doc_id": "a1",
        "assessment_year": 2567,
        "item_code": "i4",
        "item_name": "…",
        "score": 50.0,
        "page": 2,
    },  # not OIT
    {
        "doc_id": "b1",
        "assessment_year": 2566,
        "item_code": "o12",
        "item_name": "สถิติ",
        "score": 0.0,
        "page": 4,
    },
]
MEASURES = [
    {
        "doc_id": "a2",
        "measure_id": "m1",
        "kind": "plan",
        "fiscal_year": 2568,
        "indicator_no": 9,
        "item_codes": ["o15"],
        "item_topics": ["procurement_announcements"],
        "status": None,
    },
    {
        "doc_id": "a2",
        "measure_id": "m2",
        "kind": "plan",
        "fiscal_year": 2568,
        "indicator_no": 9,
        "item_codes": [],
        "status": None,
    },
    {
        "doc_id": "a2",
        "measure_id": "m3",
        "kind": "report",
        "fiscal_year": 2568,
        "indicator_no": 9,
        "item_codes": ["o9"],
        "item_topics": ["annual_operation_report"],
        "status": "done",
    },
    {
        "doc_id": "a2",
        "measure_id": "m4",
        "kind": "plan",
        "fiscal_year": 2567,
        "indicator_no": 9,
        "item_codes": ["o9"],
        "item_topics": ["annual_operation_report"],
        "status": None,
    },  # not later
    {
        "doc_id": "b1",
        "measure_id": "m5",
        "kind": "report",
        "fiscal_year": 2567,
        "indicator_no": 4,
        "item_codes": [],
        "status": "in_progress",
    },
    {
        "doc_id": "b1",
        "measure_id": "m6",
        "kind": "report",
        "fiscal_year": 2567,
        "indicator_no": None,
        "item_codes": [],
        "status": "done",
    },
]
SCORES = [
    {"doc_id": "a1", "assessment_year": 2567, "indicator_no": 9, "score": 44.17},
    {"doc_id": "a1", "assessment_year": 2566, "indicator_no": 9, "score": 30.0},
    {"doc_id": "b1", "assessment_year": 2567, "indicator_no": 4, "score": 80.0},  # not before 2567
]


def test_org_keys_join_spelling_variants_not_other_bodies(rules):
    keys = assign_org_keys(DOCS, rules)
    assert keys["a1"] == keys["a2"] == "sao:ตุน@ศรีสะเกษ/กันทรารมย์"  # no codes in these rows: kind, name, places
    assert (
        keys["c1"] != keys["a1"] and keys["b1"] == "subdistrict_municipality:หนองขอนกวาง@อุดรธานี"
    )  # tone marks dropped


def test_org_keys_join_a_misread_district_not_another_district(rules):
    docs = [
        {
            "doc_id": "t",
            "source_file": "t.pdf",
            "org_name": "เทศบาลตำบลเกษตรพัฒนา",
            "org_type": "subdistrict_municipality",
            "province": "สมุทรสาคร",
            "district": "บ้านแพ้ว",
        },
        {
            "doc_id": "s",
            "source_file": "t-scan.pdf",
            "org_name": "เทศบาลตำบลเกษตรพัฒนา",
            "org_type": "subdistrict_municipality",
            "province": "สมุทรสาคร",
            "district": "บ้านแท้ว",
            "extraction": "ocr",
        },  # OCR slip
        {
            "doc_id": "o",
            "source_file": "u.pdf",
            "org_name": "เทศบาลตำบลเกษตรพัฒนา",
            "org_type": "subdistrict_municipality",
            "province": "สมุทรสาคร",
            "district": "กระทุ่มแบน",
        },  # same name, other district
    ]
    keys = assign_org_keys(docs, rules)
    assert keys["t"] == keys["s"]
    assert keys["o"] != keys["t"]


def test_org_keys_from_place_codes(rules, ctx):
    # real gazetteer names: the ตำบล หนองใหญ่ of two districts are two bodies; a document without its
    # district joins the one with it; the key is the ตำบล's code
    same = [s for s in ctx.gazetteer.subdistricts() if s.name == "หนองใหญ่"][:2]
    (a, b) = same
    da, db = ctx.gazetteer.area(a.parent), ctx.gazetteer.area(b.parent)
    docs = [
        {
            "doc_id": "1",
            "source_file": "1.pdf",
            "org_name": "องค์การบริหารส่วนตำบลหนองใหญ่",
            "org_type": "sao",
            "district": da.name,
            "province_code": da.parent,
            "district_code": da.code,
            "subdistrict_code": a.code,
        },
        {
            "doc_id": "2",
            "source_file": "2.pdf",
            "org_name": "องค์การบริหารส่วนตำบลหนองใหญ่",
            "org_type": "sao",
            "district": db.name,
            "province_code": db.parent,
            "district_code": db.code,
            "subdistrict_code": b.code,
        },
        {
            "doc_id": "3",
            "source_file": "3.pdf",
            "org_name": "องค์การบริหารส่วนตำบลหนองใหญ่",
            "org_type": "sao",
            "province_code": da.parent,
            "subdistrict_code": None,
        },  # no district printed
    ]
    keys = assign_org_keys(docs, rules)
    assert keys["1"] == f"sao:{a.code}" and keys["2"] == f"sao:{b.code}"
    assert keys["3"] in (keys["1"], keys["2"])
    orgs = {o.key: o for o in identify(docs, rules)}
    assert orgs[keys["1"]].district == da.name and orgs[keys["1"]].subdistrict_code == a.code


def _names(keys, docs=None):
    """org_key -> name, as the organisations dataset gives it."""
    by_doc = {d["doc_id"]: d["org_name"] for d in (docs or DOCS)}
    return {k: by_doc[d] for d, k in sorted(keys.items(), reverse=True)}


def test_missing_items(rules):
    got = cross(rules, DOCS, ITEMS, MEASURES)["missing_items"]
    rows = {(r["org_name"], r["item_code"]): r for r in got if r["status"] != "unscored"}
    assert set(rows) == {
        ("องค์การบริหารส่วนตำบลตุน", "o15"),
        ("องค์การบริหารส่วนตำบลตุน", "o14"),
        ("องค์การบริหารส่วนตำบลตุน", "o9"),
        ("เทศบาลตำบลหนองขอนกว้าง", "o12"),
    }
    o15, o14, o9 = (rows[("องค์การบริหารส่วนตำบลตุน", c)] for c in ("o15", "o14", "o9"))
    assert o15["status"] == "missing" and o14["status"] == "partial"
    # m1 names o15; m2 names no item but serves indicator 9 (o15's): weaker evidence, kept apart
    # (an indicator spans twenty items); m4 is not for a later year; m3 is a report
    assert o15["addressed_by"] == ["m1"] and o15["addressed"] and o15["same_indicator"] == ["m2"]
    assert o14["addressed_by"] == [] and not o14["addressed"] and o14["same_indicator"] == ["m2"]
    assert o9["addressed_by"] == [] and o9["same_indicator"] == ["m2"]
    assert rows[("เทศบาลตำบลหนองขอนกว้าง", "o12")]["addressed"] is False
    # the 2567 catalog is complete: its items no document scores are there, as unscored (not missing)
    unscored = {r["item_code"] for r in got if r["status"] == "unscored" and r["assessment_year"] == 2567}
    assert "o2" in unscored and not unscored & {"o1", "o9", "o14", "o15"}
    assert all(r["score"] is None for r in got if r["status"] == "unscored")


def test_a_later_plan_serves_an_item_by_its_topic_not_its_code(rules):
    """2568 o9 is the service manual, 2569 o9 too; 2568 o12 is the procurement list with its
    progress, 2569 o12 the annual procurement report: a 2570 plan (2569 catalog) serves the first,
    not the second, though it names the same code."""
    from pipeline.corpus.derived import missing_items

    items = [
        {
            "doc_id": "d",
            "org_key": "k",
            "counted": True,
            "assessment_year": 2568,
            "item_code": c,
            "score": 0.0,
        }
        for c in ("o9", "o12")
    ]
    plan = {"org_key": "k", "counted": True, "counts_as": "planned", "fiscal_years": [2570]}
    measures = [
        {**plan, "measure_id": "a", "item_codes": ["o9"], "item_topics": ["service_manual"]},
        {**plan, "measure_id": "b", "item_codes": ["o12"], "item_topics": ["procurement_annual_report"]},
    ]
    got = {r["item_code"]: r for r in missing_items(items, measures, {"k": "x"}, rules)}
    assert got["o9"]["addressed_by"] == ["a"] and got["o9"]["item_topic"] == "service_manual"
    assert got["o12"]["addressed_by"] == [] and got["o12"]["item_topic"] == "procurement_list_and_progress"


def test_plan_vs_outcome(rules):
    got = cross(rules, DOCS, ITEMS, MEASURES, SCORES)["plan_vs_outcome"]
    rows = {(r["org_name"], r["fiscal_year"], r["indicator_no"]): r for r in got}
    tun = rows[("องค์การบริหารส่วนตำบลตุน", 2568, 9)]
    assert (tun["planned"], tun["reported"], tun["done"], tun["score_before"], tun["score_before_year"]) == (
        2,
        1,
        1,
        44.17,
        2567,
    )
    assert rows[("องค์การบริหารส่วนตำบลตุน", 2567, 9)]["score_before"] == 30.0
    assert rows[("องค์การบริหารส่วนตำบลตุน", 2568, 4)]["planned"] == 0  # every indicator gets a row
    b = rows[("เทศบาลตำบลหนองขอนกว้าง", 2567, 4)]
    assert (b["reported"], b["in_progress"], b["score_before"]) == (1, 1, None)
    assert len([k for k in rows if k[0] == "เทศบาลตำบลหนองขอนกว้าง"]) == 10


def test_multi_year_plan_counts_in_each_year(rules):
    docs = [
        {
            "doc_id": "p",
            "source_file": "p.pdf",
            "org_name": "องค์การบริหารส่วนตำบลบึงปรือ",
            "org_type": "sao",
            "province": "นครราชสีมา",
            "district": None,
            "fiscal_year": 2566,
            "fiscal_year_end": 2570,
        }
    ]
    measures = [
        {
            "doc_id": "p",
            "measure_id": "x",
            "kind": "plan",
            "fiscal_year": 2566,
            "indicator_no": 10,
            "item_codes": [],
            "fiscal_years": [2566, 2567, 2568, 2569, 2570],  # a plan's measure without a schedule of its own
        },
        {  # a project the budget table funds in 2567 and 2569 only
            "doc_id": "p",
            "measure_id": "y",
            "kind": "plan",
            "fiscal_year": 2566,
            "indicator_no": 4,
            "item_codes": [],
            "fiscal_years": [2567, 2569],
        },
    ]
    rows = cross(rules, docs, measures=measures)["plan_vs_outcome"]
    assert sorted({r["fiscal_year"] for r in rows if r["planned"]}) == [2566, 2567, 2568, 2569, 2570]
    assert sorted(r["fiscal_year"] for r in rows if r["indicator_no"] == 4 and r["planned"]) == [2567, 2569]


def test_the_years_a_plan_measure_counts_in(rules):
    """Its budget's funded years, else its printed period, else the plan's span, else the year."""
    import datetime as dt

    from pipeline.model import Measure, MeasureKind
    from pipeline.stages.measures import fiscal_years

    def m(**kw):
        return Measure("d", "f.pdf", None, 2566, 1, kw.pop("kind", MeasureKind.PLAN), "x", 1, **kw)

    budgets = [
        {"project_no": 3, "fiscal_year": 2567, "amount_thb": 5000.0},
        {"project_no": 3, "fiscal_year": 2568, "amount_thb": 0.0},
        {"project_no": 3, "fiscal_year": 2569, "amount_thb": 100.0},
    ]
    span = (2566, 2570)
    assert fiscal_years(m(project_no=3), span, budgets, rules) == ((2567, 2569), "budget")
    assert fiscal_years(m(project_no=4), span, budgets, rules) == (
        (2566, 2567, 2568, 2569, 2570),
        "plan_span",
    )
    period = {"period_start": dt.date(2023, 10, 1), "period_end": dt.date(2024, 9, 30)}
    assert fiscal_years(m(**period), span, budgets, rules) == ((2567,), "period")
    assert fiscal_years(m(), (2568, 2568), [], rules) == ((2568,), "fiscal_year")
    assert fiscal_years(m(kind=MeasureKind.REPORT), span, [], rules) == ((2566,), "fiscal_year")
