"""The corpus as one body of evidence: a document published twice counts once, what counts as
evidence of what is a rule, absence is not zero, a body that posts another's document is not that
body, a multi-year plan counts in the years it schedules."""

import random
import shutil

import pytest
from conftest import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.corpus import cross_document
from pipeline.model import DocumentResult

CROSS = ("organisations", "missing_items", "plan_vs_outcome", "coverage")


def scan_of(pdf, out, dpi=150, seed=7):
    """A scan of a PDF as offices make one: every page printed and scanned grey, a little skewed
    and blurred, saved as an image-only PDF."""
    from scans import scanify

    from pipeline.adapters import pdfium

    rng = random.Random(seed)
    doc = pdfium.open_pdf(pdf)
    try:
        pages = [pdfium.render_page(doc, i, dpi).convert("L") for i in range(len(doc))]
    finally:
        doc.close()
    images = [scanify(p, dpi, rng, round(rng.uniform(-0.6, 0.6), 2)) for p in pages]
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:], quality=75)
    return out


def _cross_tables(out):
    import pyarrow.parquet as pq

    return {name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in CROSS}


@pytest.mark.slow
def test_a_report_its_scan_and_a_renamed_copy_count_once(tmp_path):
    """The acceptance case: a report, a scan of it and a renamed copy are one document; every
    cross-document figure is the one of the report alone."""
    from pipeline.runner.run import run_extract

    report = CORPUS / "doc-000.pdf"
    alone, three = tmp_path / "alone", tmp_path / "three"
    alone.mkdir()
    three.mkdir()
    shutil.copy(report, alone / "report.pdf")
    shutil.copy(report, three / "report.pdf")
    shutil.copy(report, three / "uploaded-again.pdf")
    scan_of(report, three / "scanned.pdf")
    run_extract(alone, tmp_path / "out-alone", workers=0)
    summary = run_extract(three, tmp_path / "out-three", workers=0)
    import pyarrow.parquet as pq

    docs = {
        d["source_file"]: d for d in pq.read_table(tmp_path / "out-three" / "documents.parquet").to_pylist()
    }
    assert len(docs) == 3 and [f for f, d in docs.items() if d["counted"]] == ["report.pdf"]
    kept = docs["report.pdf"]["doc_id"]
    assert (
        docs["uploaded-again.pdf"]["duplicate_of"] == kept
        and "same bytes" in docs["uploaded-again.pdf"]["duplicate_reason"]
    )
    assert docs["scanned.pdf"]["duplicate_of"] == kept and docs["scanned.pdf"]["extraction"] == "ocr"
    assert "read by OCR" in docs["scanned.pdf"]["duplicate_reason"]
    assert {f for f, _ in summary.duplicates} == {"uploaded-again.pdf", "scanned.pdf"}
    assert _cross_tables(tmp_path / "out-three") == _cross_tables(tmp_path / "out-alone")


# ------------------------------------------------------------------------------ properties
@pytest.fixture(scope="module")
def corpus_rows(corpus_results):
    return {name: [r for res in corpus_results.values() for r in res.rows.get(name, [])] for name in _PER_DOC}


_PER_DOC = ("documents", "pages", "fonts", "indicator_scores", "item_scores", "measures", "budgets")


def _with_copy(rows, doc_id, same_bytes):
    """The rows with one more input: the same bytes under another name, or another file of the same
    content (a scan: its own doc_id, read by OCR)."""
    out = {k: list(v) for k, v in rows.items()}
    doc = next(d for d in rows["documents"] if d["doc_id"] == doc_id)
    if same_bytes:
        out["documents"].append({**doc, "source_file": "zz-copy.pdf"})
        return out
    new = "copy" + doc_id[4:]
    for name in _PER_DOC:
        out[name] += [
            {**r, "doc_id": new, "source_file": "zz-copy.pdf"} for r in rows[name] if r["doc_id"] == doc_id
        ]
    out["documents"][-1] = {**out["documents"][-1], "extraction": "ocr"}
    return out


def _figures(rows, rules):
    built = cross_document(rows, rules)
    return {name: built[name] for name in CROSS}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_adding_a_copy_of_any_input_changes_no_cross_document_figure(corpus_rows, rules, data):
    ids = sorted({d["doc_id"] for d in corpus_rows["documents"]})
    doc_id = data.draw(st.sampled_from(ids))
    same_bytes = data.draw(st.booleans())
    before = _figures(corpus_rows, rules)
    after = cross_document(_with_copy(corpus_rows, doc_id, same_bytes), rules)
    assert {name: after[name] for name in CROSS} == before
    copy = next(d for d in after["documents"] if d["source_file"] == "zz-copy.pdf")
    assert copy["counted"] is False and copy["duplicate_of"]


def test_removing_a_document_removes_exactly_its_contribution(corpus_rows, rules):
    """plan_vs_outcome falls by exactly the document's counted measure-years; coverage no longer
    names it. A document that has a copy hands its place to the copy instead."""
    full = cross_document(corpus_rows, rules)
    copied = {d["duplicate_of"] for d in full["documents"] if d["duplicate_of"]}
    counted = [d for d in full["documents"] if d["counted"] and d["doc_id"] not in copied]
    for original in copied:
        rest = {k: [r for r in v if r["doc_id"] != original] for k, v in corpus_rows.items()}
        its_copies = {d["source_file"] for d in full["documents"] if d["duplicate_of"] == original}
        again = {d["source_file"]: d for d in cross_document(rest, rules)["documents"]}
        assert its_copies and all(again[f]["counted"] for f in its_copies)

    def total(pvo, col):
        return sum(r[col] for r in pvo)

    for d in counted:
        rest = {k: [r for r in v if r["doc_id"] != d["doc_id"]] for k, v in corpus_rows.items()}
        if not rest["documents"]:
            continue
        without = cross_document(rest, rules)
        mine = [m for m in full["measures"] if m["doc_id"] == d["doc_id"] and m["indicator_no"] is not None]
        for role, col in (("planned", "planned"), ("reported", "reported")):
            years = sum(len(m["fiscal_years"]) for m in mine if m["counts_as"] == role)
            assert total(full["plan_vs_outcome"], col) - total(without["plan_vs_outcome"], col) == years, d[
                "source_file"
            ]
        assert all(d["doc_id"] not in c["doc_ids"] for c in without["coverage"])


def test_a_manpower_plan_counts_as_nothing_an_integrity_plan_counts_as_planned(rules):
    docs = [
        {"doc_id": "m", "source_file": "m.pdf", "doc_type": "other", "doc_subtype": "manpower_plan"},
        {"doc_id": "p", "source_file": "p.pdf", "doc_type": "integrity_measures"},
    ]
    common = {
        "org_name": "องค์การบริหารส่วนตำบลหนองบัว",
        "org_type": "sao",
        "fiscal_year": 2568,
        "status": "ok",
        "extraction": "text",
        "pages": 2,
    }
    measures = [
        {
            "doc_id": did,
            "measure_id": did,
            "seq": 1,
            "kind": "plan",
            "fiscal_year": 2568,
            "indicator_no": 3,
            "item_codes": [],
            "fiscal_years": [2568],
        }
        for did in ("m", "p")
    ]
    out = cross_document(
        {
            "documents": [{**common, **d} for d in docs],
            "indicator_scores": [],
            "item_scores": [],
            "measures": measures,
            "budgets": [],
        },
        rules,
    )
    roles = {m["doc_id"]: m["counts_as"] for m in out["measures"]}
    assert roles == {"m": "other", "p": "planned"}
    assert sum(r["planned"] for r in out["plan_vs_outcome"]) == 1


def test_absence_is_not_zero(rules):
    """A body with a plan and no scores: coverage says what it lacks; missing_items says nothing of it."""
    doc = {
        "doc_id": "p",
        "source_file": "p.pdf",
        "doc_type": "integrity_measures",
        "status": "ok",
        "extraction": "text",
        "pages": 2,
        "org_name": "เทศบาลตำบลนาดี",
        "org_type": "subdistrict_municipality",
        "fiscal_year": 2568,
    }
    out = cross_document(
        {"documents": [doc], "indicator_scores": [], "item_scores": [], "measures": [], "budgets": []}, rules
    )
    (cov,) = out["coverage"]
    assert cov["evidence"] == ["integrity_plan"] and {"item_scores", "overall_score"} <= set(cov["lacking"])
    assert out["missing_items"] == []


def test_a_later_revision_supersedes_the_plan_it_revises(rules):
    """The same plan published again as a revision: the revision counts, the first is superseded."""
    base = {
        "doc_type": "anticorruption_plan",
        "status": "ok",
        "extraction": "text",
        "pages": 10,
        "org_name": "องค์การบริหารส่วนตำบลหนองบัว",
        "org_type": "sao",
        "fiscal_year": 2566,
        "fiscal_year_end": 2570,
        "content_sketch": list(range(128)),
    }
    first = {**base, "doc_id": "v1", "source_file": "plan.pdf"}
    second = {
        **base,
        "doc_id": "v2",
        "source_file": "plan-revised.pdf",
        "revision_note": "ฉบับปรับปรุง",
        "content_sketch": list(range(100)) + list(range(1000, 1028)),
    }
    out = cross_document(
        {
            "documents": [first, second],
            "indicator_scores": [],
            "item_scores": [],
            "measures": [],
            "budgets": [],
        },
        rules,
    )
    docs = {d["doc_id"]: d for d in out["documents"]}
    assert docs["v2"]["counted"] and docs["v2"]["supersedes"] == "v1"
    assert (
        not docs["v1"]["counted"]
        and docs["v1"]["superseded_by"] == "v2"
        and docs["v1"]["duplicate_of"] is None
    )


def test_two_months_reports_are_two_documents_however_alike(rules):
    base = {
        "doc_type": "other",
        "doc_subtype": "procurement_report",
        "status": "ok",
        "extraction": "text",
        "pages": 2,
        "org_name": "โรงพยาบาลบ้านนา",
        "org_type": "other",
        "fiscal_year": 2568,
        "content_sketch": list(range(128)),
    }
    import datetime as dt

    docs = [
        {**base, "doc_id": "a", "source_file": "oct.pdf", "doc_date": dt.date(2024, 11, 5)},
        {**base, "doc_id": "b", "source_file": "nov.pdf", "doc_date": dt.date(2024, 12, 5)},
    ]
    out = cross_document(
        {"documents": docs, "indicator_scores": [], "item_scores": [], "measures": [], "budgets": []}, rules
    )
    assert all(d["counted"] and d["duplicate_of"] is None for d in out["documents"])


def test_a_ministry_plan_posted_by_a_hospital_is_the_ministrys(rules):
    """A cover memo of a hospital asking to publish the ministry's plan: the plan is the ministry's
    (in no province), the hospital its publisher; the two bodies never merge."""
    from conftest import context

    from pipeline.stages.metadata import document_metadata

    memo = (
        "บันทึกข้อความ\nส่วนราชการ กลุ่มงานบริหารทั่วไป โรงพยาบาลบ้านนา อำเภอบ้านนา จังหวัดนครนายก\n"
        "เรื่อง ขออนุญาตนำเผยแพร่แผนปฏิบัติราชการบนเว็บไซต์ของหน่วยงาน\nเรียน ผู้อำนวยการโรงพยาบาลบ้านนา"
    )
    plan = (
        "แผนปฏิบัติราชการ ด้านการป้องกัน ปราบปรามการทุจริตและประพฤติมิชอบ\nกระทรวงสาธารณสุข\n"
        "ระยะที่ 2 (พ.ศ. 2566-2570)\nกระทรวงสาธารณสุขใสสะอาด ร่วมต้านทุจริต"
    )
    ctx = context()
    meta = document_metadata(
        [memo, plan, "โครงการของกระทรวงสาธารณสุข ในจังหวัดชลบุรี"], rules, ctx.lexicon, ctx.gazetteer
    )
    assert meta.org_name == "กระทรวงสาธารณสุข" and meta.doc_type == "anticorruption_plan"
    assert meta.publisher_name == "โรงพยาบาลบ้านนา" and meta.province is None and meta.province_code is None
    alone = document_metadata(
        [memo], rules, ctx.lexicon, ctx.gazetteer
    )  # the memo is all there is: it is the document
    assert alone.org_name == "โรงพยาบาลบ้านนา" and alone.publisher_name is None


def test_byte_copies_keep_a_documents_row_each():
    from pipeline.assemble import one_per_document

    row = {"doc_id": "x", "source_file": "a.pdf", "status": "ok"}
    res = DocumentResult(
        "x", "a.pdf", "ok", None, 1, {"documents": [row], "measures": [{"doc_id": "x", "seq": 1}]}
    )
    copy = DocumentResult("x", "b.pdf", "ok", None, 1, {"documents": [{**row, "source_file": "b.pdf"}]})
    out, copies = one_per_document([copy, res])
    assert [r.source_file for r in out] == ["a.pdf", "b.pdf"] and copies == [("b.pdf", "a.pdf")]
    assert out[1].rows == {"documents": [{**row, "source_file": "b.pdf"}]}  # no second set of measures


def test_organisations_found_through_the_index_are_those_a_scan_of_every_group_finds(rules):
    """identify() finds a document's group through an index (kind, province code, names compared in
    C); the answer must be the one of the plain rule: the first group made whose names are alike
    and whose places agree. Generated documents: names with a letter changed, province codes
    printed or not, the same ตำบล name in two provinces, two kinds of body."""
    from pipeline.corpus.organisations import identify

    docs = _generated_bodies(random.Random(7), 300)
    want = sorted(tuple(g["docs"]) for g in _plain_rule(docs, rules))
    got = sorted(o.doc_ids for o in identify(docs, rules))
    assert got == want
    assert 10 < len(want) < 200  # neither everything one body nor every document its own


def _generated_bodies(rng: random.Random, n: int) -> list[dict]:
    bases = ["หนองบัวแดง", "บ้านใหม่", "ท่าช้าง", "โนนสูง", "หนองบัวแดน", "บ้านใหม", "ดอนแก้ว", "ป่าแดง"]
    kinds = [("องค์การบริหารส่วนตำบล", "sao"), ("เทศบาลตำบล", "municipality")]
    docs = []
    for i in range(n):
        prefix, org_type = rng.choice(kinds)
        name = rng.choice(bases)
        if rng.random() < 0.2:  # an OCR slip
            k = rng.randrange(len(name))
            name = name[:k] + rng.choice("กขคงนมบ") + name[k + 1 :]
        places = dict.fromkeys(("province", "district", "district_code", "subdistrict_code"))
        if docs and rng.random() < 0.3:  # a body's documents side by side: the one before, again
            docs.append({**docs[-1], "doc_id": f"d{i:04d}", "source_file": f"f{i:04d}.pdf"})
            continue
        docs.append(
            {
                "doc_id": f"d{i:04d}",
                "source_file": f"f{i:04d}.pdf",
                "org_name": prefix + name,
                "org_type": org_type,
                "province_code": rng.choice([None, "40", "44", "46"]),
                "extraction": "text",
                **places,
            }
        )
    return docs


def _plain_rule(docs: list[dict], rules) -> list[dict]:
    """Every group scanned, in the order they were made, for each document."""
    from types import SimpleNamespace

    from pipeline.adapters.fuzzy import ratio
    from pipeline.corpus.organisations import _core, _same_place

    groups: list[dict] = []
    for d in sorted(docs, key=lambda d: (d["source_file"], d["doc_id"])):
        core = _core(d["org_name"], rules)
        kind = rules.orgs.kind_of(d["org_name"], d["org_type"])
        same_kind = [g for g in groups if g["org_type"] == d["org_type"] and g["kind"] is kind]
        alike = [
            g for g in same_kind if max(ratio(core, c) for c in g["cores"]) >= rules.matching.org_name_min
        ]
        hit = next(
            (g for g in alike if _same_place(d, SimpleNamespace(kind=kind, places=g["places"]), rules)), None
        )
        if hit is None:
            places = {
                k: {} for k in ("province", "district", "province_code", "district_code", "subdistrict_code")
            }
            hit = {"org_type": d["org_type"], "kind": kind, "cores": set(), "docs": [], "places": places}
            groups.append(hit)
        hit["cores"].add(core)
        for place, votes in hit["places"].items():
            if d.get(place):
                votes[d[place]] = votes.get(d[place], 0) + 1
        hit["docs"].append(d["doc_id"])
    return groups


def test_relations_found_around_fresh_documents_are_those_of_the_whole_corpus(corpus_rows, rules):
    """A nightly run compares again only the documents a new (or removed) one may touch, and keeps
    the relations published for the others: for every document of a corpus with a byte copy, a scan
    and a revision, adding it last, or removing it, gives the relations of the whole corpus."""
    from dataclasses import asdict

    from pipeline.adapters.sketch import Sketches
    from pipeline.corpus.identity import Relation, key_of, relations

    size = rules.corpus.identity.sketch_size
    base = sorted(corpus_rows["documents"], key=lambda d: d["source_file"])
    first, second, third = base[0], base[1], base[2]
    docs = [
        *base,
        {**first, "source_file": "zz-bytes.pdf"},  # the same bytes under another name
        {
            **second,
            "doc_id": "scan" + second["doc_id"][4:],
            "source_file": "zz-scan.pdf",
            "extraction": "ocr",
        },
        {
            **third,
            "doc_id": "rev" + third["doc_id"][3:],
            "source_file": "zz-rev.pdf",
            "revision_note": "ฉบับปรับปรุง",
        },
    ]

    def published(rows, rel):
        return [{**d, **asdict(rel.get(key_of(d), Relation()))} for d in rows]

    full = relations(docs, rules)
    assert {r.duplicate_reason is not None for r in full.values()} == {True, False}  # copies and a version
    for x in sorted({d["doc_id"] for d in docs}):
        others = [d for d in docs if d["doc_id"] != x]
        before = published(others, relations(others, rules))
        assert relations(before + [d for d in docs if d["doc_id"] == x], rules, fresh={x}) == full, x
        # as a nightly run reads the published rows: their sketches as one matrix, not in the rows
        known = Sketches.of({d["doc_id"]: d["content_sketch"] for d in before}, size)
        bare = [{k: v for k, v in d.items() if k != "content_sketch"} for d in before]
        new = [d for d in docs if d["doc_id"] == x]
        assert relations(bare + new, rules, fresh={x}, known=known) == full, x
        after = [d for d in published(docs, full) if d["doc_id"] != x]
        assert relations(after, rules, fresh={x}) == relations(others, rules), x
    # an input gone whose document stays under another name, as a nightly run reads the rows
    gone = "zz-bytes.pdf"
    rest = [d for d in published(docs, full) if d["source_file"] != gone]
    known = Sketches.of({d["doc_id"]: d["content_sketch"] for d in rest}, size)
    bare = [{k: v for k, v in d.items() if k != "content_sketch"} for d in rest]
    assert relations(bare, rules, fresh={first["doc_id"]}, known=known) == relations(
        [d for d in docs if d["source_file"] != gone], rules
    )


def test_a_corpus_of_sketches_is_read_back_as_one_matrix(tmp_path):
    """The published sketches come back as one array (a row per document, once per document, the
    empty ones left out), in parts as written, and find the candidates the rows' own sketches find."""
    import numpy as np

    from pipeline.adapters import parquet
    from pipeline.adapters.sketch import Sketches, candidates_of
    from pipeline.datasets import BY_NAME

    ds = BY_NAME["documents"]
    rng = np.random.default_rng(7)
    sketches = {f"d{i}": [int(v) for v in rng.integers(0, 2**32, 128)] for i in range(40)}
    sketches["d3"] = list(sketches["d1"])  # alike: the same sketch
    rows = [{"doc_id": k, "source_file": f"{k}.pdf", "content_sketch": v} for k, v in sketches.items()]
    rows += [
        {"doc_id": "d1", "source_file": "copy-of-d1.pdf", "content_sketch": sketches["d1"]},
        {"doc_id": "empty", "source_file": "empty.pdf", "content_sketch": []},
        {"doc_id": "none", "source_file": "none.pdf", "content_sketch": None},
    ]
    folder = tmp_path / "documents.parquet"
    folder.mkdir()
    for i, part in enumerate((rows[:25], rows[25:])):
        parquet.write_parquet(parquet.to_table(part, ds), folder / f"part-{i:05d}.parquet")
    keys, matrix = parquet.read_list_matrix(folder, ds, "doc_id", "content_sketch")
    assert sorted(keys) == sorted(sketches) and len(set(keys)) == len(keys)
    assert matrix.shape == (len(sketches), 128) and matrix.dtype == np.uint32
    known = Sketches(keys, matrix)
    assert [int(v) for v in known.get("d7")] == sketches["d7"] and len(known.get("empty")) == 0
    asked = {"d1": sketches["d1"]}
    assert candidates_of(asked, known, 0.3) == candidates_of(asked, sketches, 0.3) == {"d1", "d3"}
    assert parquet.read_list_matrix(tmp_path / "absent.parquet", ds, "doc_id", "content_sketch") == ([], None)


def test_published_rows_read_back_part_by_part_with_the_contracts_types(tmp_path):
    """A dataset's parts read back as one list of rows, in part order, with the contract's types;
    a part written before a column was added gives that column as None (a dataset grows columns,
    CONTRACT.md); low-cardinality text is one object per value."""
    import pyarrow as pa

    from pipeline.adapters import parquet
    from pipeline.datasets import BY_NAME

    ds = BY_NAME["documents"]
    folder = tmp_path / "documents.parquet"
    folder.mkdir()
    rows = [
        {"doc_id": f"d{i}", "source_file": f"f{i}.pdf", "province": "ขอนแก่น", "pages": i} for i in range(6)
    ]
    parquet.write_parquet(parquet.to_table(rows[3:], ds), folder / "part-00001.parquet")
    old = parquet.to_table(rows[:3], ds).drop_columns(["province"])  # an older layout
    old = old.set_column(old.schema.get_field_index("pages"), "pages", old.column("pages").cast(pa.int64()))
    parquet.write_parquet(old, folder / "part-00000.parquet")
    got = parquet.read_dataset(folder, ds, ("doc_id", "province", "pages"))
    assert [(r["doc_id"], r["province"], r["pages"]) for r in got] == [
        ("d0", None, 0),
        ("d1", None, 1),
        ("d2", None, 2),
        ("d3", "ขอนแก่น", 3),
        ("d4", "ขอนแก่น", 4),
        ("d5", "ขอนแก่น", 5),
    ]
    assert got[3]["province"] is got[5]["province"]
    assert parquet.read_dataset(tmp_path / "absent.parquet", ds) == []
