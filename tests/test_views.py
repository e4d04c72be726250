"""What auditors and researchers run: ``ita audit``, ``ita query``, ``ita report`` (also in a real
browser) and the data dictionary. Content is checked, not only exit codes."""

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.datasets import ALL

TUN = "องค์การบริหารส่วนตำบลตุน"
runner = CliRunner()


def run(*args):
    res = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in res.output, res.output
    return res


def flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------------------ audit
def test_audit_lists_tun_missing_o9_o12_o15_and_what_addresses_them(corpus_data):
    from pipeline.adapters.sql import connect
    from pipeline.views.audit import audit_rows

    result = audit_rows(connect(corpus_data), ["o9", "o12", "o15"])
    assert [(r.org_name, r.item_code, r.status, r.addressed) for r in result] == [
        (TUN, "o9", "missing", False),
        (TUN, "o12", "missing", False),
        (TUN, "o15", "missing", True),
    ]
    o15 = result[2]
    assert o15.assessment_year == 2567 and o15.province == "ศรีสะเกษ" and o15.district == "กันทรารมย์"
    assert (
        o15.measures
        and o15.measures[0]["fiscal_year"] > 2567
        and o15.measures[0]["source_file"] == "doc-001.pdf"
    )

    res = run("audit", "--items", "o9,o12,o15", "--data", corpus_data)
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert TUN in res.output and "1 organisation, 3 items, 1 addressed by a later plan" in flat(res.output)
    row = {code: next(ln for ln in lines if f"│ {code} " in ln) for code in ("o9", "o12", "o15")}
    assert "missing" in row["o9"] and " no " in row["o9"] and "none" in row["o9"]
    assert "missing" in row["o12"] and " no " in row["o12"]
    assert "yes" in row["o15"] and o15.measures[0]["text"][:20] in row["o15"]
    assert "doc-001.pdf p." in res.output
    # measures the matcher left without an indicator may address an item: the audit says how many,
    # and says nothing when there are none (every one of Tun's planned measures has an indicator)
    con = duckdb.connect()
    unmatched = con.execute(
        f"select count(*) filter (where indicator_no is null), count(*) from '{corpus_data}/measures.parquet' "
        "where counted and counts_as = 'planned' and org_name = ?",
        [TUN],
    ).fetchone()
    assert unmatched is not None and unmatched[1] > 0
    said = re.search(
        r"(\d+) of these organisations' \d+ planned measures have no indicator", flat(res.output)
    )
    assert (int(said.group(1)) if said else 0) == unmatched[0]
    other = run("audit", "--org", "บึงปรือ", "--data", corpus_data)  # a plan with a measure left unmatched
    assert re.search(r"[1-9]\d* of the \d+ planned measures have no indicator", flat(other.output))


def test_audit_by_topic_follows_one_requirement_and_says_what_each_code_means(corpus_data):
    """2567 o15 is the procurement announcements; asked by topic it is found whatever its number,
    and asked by code the audit says what the code is in the year shown."""
    from pipeline.adapters.sql import connect
    from pipeline.views.audit import audit_rows

    got = audit_rows(connect(corpus_data), ["procurement_announcements"])
    assert [(r.org_name, r.assessment_year, r.item_code, r.item_topic) for r in got] == [
        (TUN, 2567, "o15", "procurement_announcements")
    ]
    res = run("audit", "--items", "o9", "--data", corpus_data)
    assert res.exit_code == 0 and "o9: 2567 o9 รายงานผลการดำเนินงานประจำปี" in flat(res.output)
    res = run("audit", "--items", "o9,procurement_announcement", "--data", corpus_data)
    assert res.exit_code != 0 and "unknown item 'procurement_announcement'" in flat(res.output)


def test_audit_exports_csv_and_excel(corpus_data, tmp_path):
    import openpyxl

    res = run(
        "audit",
        "--items",
        "o15, O๙",
        "--data",
        corpus_data,
        "--csv",
        tmp_path / "a.csv",
        "--xlsx",
        tmp_path / "a.xlsx",
    )
    assert res.exit_code == 0 and "wrote 2 rows" in res.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["org_name"], r["item_code"], r["status"], r["addressed"]) for r in rows] == [
        (TUN, "o9", "missing", "False"),
        (TUN, "o15", "missing", "True"),
    ]
    assert rows[1]["measures"] and rows[1]["measure_sources"].startswith("doc-001.pdf p.")
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    values = list(sheet.values)
    assert values[0][:4] == ("org_name", "province", "district", "assessment_year") and values[2][4] == "o15"


def test_audit_puts_the_worst_organisation_first(tmp_path, rules):
    """Two organisations: the one with more missing items comes first, items in catalog order."""
    from pipeline.adapters import parquet as pio
    from pipeline.adapters.sql import connect
    from pipeline.corpus import cross_document
    from pipeline.datasets import BY_NAME
    from pipeline.views.audit import audit_rows

    docs = [
        {
            "doc_id": "a",
            "source_file": "a.pdf",
            "org_name": "องค์การบริหารส่วนตำบลก",
            "org_type": "sao",
            "province": "ข",
            "district": None,
            "status": "ok",
        },
        {
            "doc_id": "b",
            "source_file": "b.pdf",
            "org_name": "เทศบาลตำบลค",
            "org_type": "subdistrict_municipality",
            "province": "ง",
            "district": None,
            "status": "ok",
        },
    ]
    items = [
        {"doc_id": "a", "assessment_year": 2567, "item_code": "o12", "score": 50.0},
        {
            "doc_id": "b",
            "assessment_year": 2566,
            "item_code": "o12",
            "score": 0.0,
        },  # older assessment of b: not shown
        {"doc_id": "b", "assessment_year": 2567, "item_code": "o15", "score": 0.0},
        {"doc_id": "b", "assessment_year": 2567, "item_code": "o2", "score": 0.0},
        {"doc_id": "a", "assessment_year": 2567, "item_code": "o1", "score": 100.0},
    ]
    built = cross_document(
        {
            "documents": [{"status": "ok", "extraction": "text", "pages": 1, **d} for d in docs],
            "indicator_scores": [],
            "item_scores": items,
            "measures": [],
            "budgets": [],
        },
        rules,
    )
    tables = {name: built[name] for name in ("documents", "item_scores", "missing_items")}
    for name, rs in tables.items():
        pio.write_parquet(pio.to_table(rs, BY_NAME[name]), tmp_path / f"{name}.parquet")
    got = [(r.org_name, r.assessment_year, r.item_code, r.status) for r in audit_rows(connect(tmp_path))]
    assert got == [
        ("เทศบาลตำบลค", 2567, "o2", "missing"),
        ("เทศบาลตำบลค", 2567, "o15", "missing"),
        ("องค์การบริหารส่วนตำบลก", 2567, "o12", "partial"),
    ]
    assert [r.item_code for r in audit_rows(connect(tmp_path), year=2566)] == ["o12"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--items", "o99"], "unknown item 'o99'"),
        (["--items", "i3"], "i3 is not an OIT item"),
        (["--year", "67"], "give a Buddhist-Era year"),
    ],
)
def test_audit_says_what_is_wrong_in_one_line(corpus_data, args, message):
    res = run("audit", "--data", corpus_data, *args)
    assert res.exit_code == 2 and message in res.output and len(res.output.strip().splitlines()) == 1


def test_audit_empty_result_and_missing_data(corpus_data, tmp_path):
    # a body whose items no document scores: the audit says it cannot judge it, never "lacks none"
    res = run("audit", "--data", corpus_data, "--org", "เกษตรพัฒนา")
    assert res.exit_code == 0 and "lacks" not in flat(res.output).split("whether")[0]
    assert flat(res.output).startswith("cannot judge 1 organisation matching 'เกษตรพัฒนา': no OIT item scores")
    assert "เทศบาลตำบลเกษตรพัฒนา (2566)" in flat(res.output)
    res = run("audit", "--data", corpus_data, "--org", "ตุน", "--items", "o1")  # scored, and o1 is full
    assert res.exit_code == 0 and flat(res.output).startswith(
        "none of the 1 organisation matching 'ตุน' with OIT item scores lacks o1 in its latest assessment"
    )
    res = run("audit", "--data", tmp_path / "nowhere")
    assert res.exit_code == 2 and "data folder not found" in res.output
    res = run("audit", "--data", tmp_path)
    assert res.exit_code == 2 and "no datasets in" in res.output and "ita extract" in res.output


# ------------------------------------------------------------------------------ query
def test_query_counts_measures_per_organisation(corpus_data):
    res = run(
        "query", "select org_name, count(*) as n from measures group by 1 order by 1", "--data", corpus_data
    )
    assert res.exit_code == 0
    measures = pq.read_table(corpus_data / "measures.parquet").to_pylist()
    for org in {m["org_name"] for m in measures}:
        n = sum(m["org_name"] == org for m in measures)
        assert any(org in ln and f" {n} " in ln for ln in res.output.splitlines()), (org, n)
    assert f"{len({m['org_name'] for m in measures})} rows" in res.output


def test_query_every_dataset_is_a_view_and_csv_has_all_rows(corpus_data):
    for ds in ALL:
        res = run("query", f"select count(*) as n from {ds.name}", "--data", corpus_data, "--csv")
        assert res.exit_code == 0, res.output
        n = pads.dataset(corpus_data / f"{ds.name}.parquet").count_rows()
        assert res.output.splitlines() == ['"n"', str(n)], ds.name
    res = run(
        "query",
        "select item_code, score from item_scores where item_code in ('o9', 'o15') order by 1",
        "--data",
        corpus_data,
        "--csv",
    )
    assert list(csv.reader(io.StringIO(res.output))) == [["item_code", "score"], ["o15", "0"], ["o9", "0"]]


def test_query_errors_are_one_line(corpus_data, tmp_path):
    res = run("query", "select nope from measures", "--data", corpus_data)
    assert res.exit_code == 2 and "nope" in res.output and len(res.output.strip().splitlines()) == 1
    res = run("query", "select org_nam from documents", "--data", corpus_data)
    assert 'Candidate bindings: "org_name"' in flat(res.output) and len(res.output.strip().splitlines()) == 1
    res = run("query", "select 1", "--data", tmp_path / "nowhere")
    assert res.exit_code == 2 and "data folder not found" in res.output


@pytest.mark.parametrize("fmt", ["--csv", "--json", "--parquet"])
def test_query_writes_every_dataset_whole_in_every_format(corpus_data, tmp_path, fmt):
    """Every dataset, list columns included, comes back in pandas with its rows."""
    import pandas as pd

    for ds in ALL:
        n = pads.dataset(corpus_data / f"{ds.name}.parquet").count_rows()
        if fmt == "--parquet":
            res = run("query", f"select * from {ds.name}", "--data", corpus_data, fmt, tmp_path / "r.parquet")
            assert res.exit_code == 0, res.output
            back = pd.read_parquet(tmp_path / "r.parquet")
        else:
            res = run("query", f"select * from {ds.name}", "--data", corpus_data, fmt)
            assert res.exit_code == 0, res.output
            text = io.StringIO(res.stdout)
            back = pd.read_csv(text) if fmt == "--csv" and n else pd.read_json(text, lines=True) if n else []
        assert len(back) == n, ds.name
    res = run(
        "query",
        "select item_codes from measures where len(item_codes) > 1 limit 1",
        "--data",
        corpus_data,
        "--csv",
    )
    import json

    (row,) = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(json.loads(row["item_codes"])) > 1  # a list as a JSON array


def test_query_shows_numbers_as_numbers(corpus_data):
    res = run(
        "query",
        "select 10000.0::double as amount, 1234567.89 as budget, 2568 as fiscal_year",
        "--data",
        corpus_data,
    )
    assert "10,000" in res.stdout and "1,234,567.89" in res.stdout and " 2568 " in res.stdout
    assert "e+" not in res.stdout
    assert res.stdout.rstrip().splitlines()[-1] == "1 row"  # the count on its own line


def test_version_help_and_inputs(corpus_data, tmp_path):
    from pipeline import __version__

    assert run("--version").output.strip() == f"ita {__version__}"
    assert "extract" in run("-h").output
    one = Path(__file__).resolve().parents[1] / "data" / "raw" / "doc-000.pdf"
    res = run("extract", one, "--out", tmp_path / "one", "--workers", 0, "--no-ocr")
    assert res.exit_code == 0, res.output
    assert pq.read_table(tmp_path / "one" / "current" / "documents.parquet").column(
        "source_file"
    ).to_pylist() == ["doc-000.pdf"]
    empty = tmp_path / "empty"
    empty.mkdir()
    res = run("extract", empty, "--out", tmp_path / "one", "--workers", 0)
    assert res.exit_code == 2 and "no PDF in" in flat(res.output) and "--allow-empty" in res.output
    res = run("extract", empty, "--out", tmp_path / "fresh", "--workers", 0)
    assert res.exit_code == 0 and "warning: no PDF in" in flat(res.output)
    res = run("extract", tmp_path / "nowhere.pdf", "--out", tmp_path / "x")
    assert res.exit_code == 2 and "input not found" in res.output
    res = run("extract", empty, "--timeout", "-5")
    assert res.exit_code == 2 and "--timeout" in res.output


@pytest.mark.parametrize(
    "sql",
    [
        "copy (select 1) to '{out}/x.csv'",
        "copy (select * from measures) to '{data}/measures.parquet'",
        "select * from read_csv('/etc/passwd')",
        "select * from read_text('/etc/hostname')",
        "select * from glob('/etc/*')",
        "attach '{out}/y.db'",
        "load httpfs",
        "install httpfs",
        "set enable_external_access = true",
        "select * from read_text('{data}/_manifest.json')",
    ],
)
def test_query_cannot_write_or_read_outside_the_datasets(corpus_data, tmp_path, sql):
    before = sorted(p.name for p in corpus_data.iterdir())
    res = run("query", sql.format(out=tmp_path, data=corpus_data), "--data", corpus_data)
    assert res.exit_code == 2, res.output
    assert sorted(p.name for p in corpus_data.iterdir()) == before and not list(tmp_path.iterdir())


def test_the_researchers_worked_questions_give_what_the_guide_says(corpus_data):
    from tools.worked_questions import GUIDE, check, questions

    assert len(questions(GUIDE.read_text(encoding="utf-8"))) >= 5
    assert check(corpus_data) == []  # python -m tools.worked_questions --update after a meant change


def test_datapackage_describes_every_published_dataset(corpus_data):
    """datapackage.json beside the Parquet files validates as a Frictionless Data Package and
    lists every dataset with the columns and types its file has."""
    import json

    import frictionless

    descriptor = json.loads((corpus_data / "datapackage.json").read_text(encoding="utf-8"))
    package = frictionless.Package.from_descriptor(descriptor)  # raises when the descriptor is invalid
    assert [r.name for r in package.resources] == [ds.name for ds in ALL]
    arrow_to_table = {
        "string": "string",
        "int32": "integer",
        "int64": "integer",
        "double": "number",
        "bool": "boolean",
    }
    for res in descriptor["resources"]:
        paths = res["path"] if isinstance(res["path"], list) else [res["path"]]
        assert all((corpus_data / p).is_file() for p in paths), res["name"]
        schema = pads.dataset(corpus_data / f"{res['name']}.parquet").schema
        assert [f["name"] for f in res["schema"]["fields"]] == schema.names, res["name"]
        for f in res["schema"]["fields"]:
            t = str(schema.field(f["name"]).type)
            want = "array" if t.startswith("list") else "date" if t.startswith("date") else arrow_to_table[t]
            assert f["type"] == want, (res["name"], f["name"], t)


# ------------------------------------------------------------------------------ report
@pytest.fixture(scope="module")
def report_html(corpus_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    res = run("report", "--data", corpus_data, "--out", out)
    assert res.exit_code == 0 and "wrote" in res.output
    return out


def _tun_scores(corpus_data) -> dict[int, float]:
    docs = {d["doc_id"]: d for d in pq.read_table(corpus_data / "documents.parquet").to_pylist()}
    return {
        r["indicator_no"]: r["score"]
        for r in pq.read_table(corpus_data / "indicator_scores.parquet").to_pylist()
        if docs[r["doc_id"]]["org_name"] == TUN
    }


def test_report_is_self_contained_and_shows_the_data(report_html, corpus_data):
    html = report_html.read_text(encoding="utf-8")
    # self-contained: one inline script (sorting and filtering), nothing fetched
    assert (
        "<script src" not in html
        and "<link" not in html
        and 'src="http' not in html
        and "url(http" not in html
    )
    assert html.count("<script") == 1
    assert '<meta name="viewport" content="width=device-width' in html and '"Sarabun"' in html
    assert html.count("<svg") >= 2  # charts inline
    for section in ('id="attention"', 'id="compare"', 'id="budgets"', 'id="over-years"', 'id="provinces"'):
        assert section in html, section
    assert "125,000" in html  # a plan's budget over its years, in baht
    docs = pq.read_table(corpus_data / "documents.parquet").to_pylist()
    for org in {d["org_name"] for d in docs if d["org_name"]}:
        assert org in html
    for d in docs:
        assert d["source_file"] in html
    scores = _tun_scores(corpus_data)
    assert f"{scores[9]:.2f}" in html and 'data-item="o9"' in html


def test_a_report_says_what_the_data_has_none_of(corpus_data, rules):
    from pipeline.adapters.sql import connect
    from pipeline.views.report import render_report, report_data

    data = report_data(connect(corpus_data), rules)
    data["budgets"] = {**data["budgets"], "rows": []}
    data["over_years"] = {**data["over_years"], "rows": []}
    html = render_report(data)
    assert 'id="budgets"' in html and 'id="over-years"' in html  # the section stays, saying so
    assert html.count("None in these documents") == 2 and "125,000" not in html


def test_the_report_and_the_audit_name_the_same_bodies_they_cannot_judge(corpus_data, rules):
    from pipeline.adapters.sql import connect
    from pipeline.views.audit import unjudged
    from pipeline.views.report import report_data

    con = connect(corpus_data)
    names = sorted(u["name"] for u in report_data(con, rules)["overview"]["unjudged"])
    assert names and names == sorted(u.org_name for u in unjudged(con))


def test_report_without_data_is_one_line(tmp_path):
    res = run("report", "--data", tmp_path / "nowhere", "--out", tmp_path / "r.html")
    assert res.exit_code == 2 and "data folder not found" in res.output and not (tmp_path / "r.html").exists()


def test_a_province_known_only_by_its_code_is_named(rules):
    from pipeline.corpus.organisations import identify
    from pipeline.views.report import _named_places

    # a hospital placed by its district code, no document printing the province's name
    doc = {"doc_id": "d", "source_file": "d.pdf", "org_name": "โรงพยาบาลน้ำยืน", "org_type": "other"}
    (o,) = identify([{**doc, "province_code": "34", "district_code": "3409"}], rules)
    assert o.province is None and (o.gazetteer_province, o.gazetteer_district) == ("อุบลราชธานี", "น้ำยืน")
    (row,) = _named_places([o.row()])
    assert (row["province"], row["district"]) == ("อุบลราชธานี", "น้ำยืน")
    (row,) = _named_places([{**o.row(), "province": "ศรีสะเกษ"}])
    assert row["province"] == "ศรีสะเกษ"  # as printed, when printed


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-extensions",
    "--mute-audio",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.fail("Chromium not found: `make setup` installs Debian's chromium")


def _browser(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, url],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_report_in_headless_chromium(report_html, corpus_data, tmp_path):
    """The browser's DOM shows the organisations, a known score and a missing item; a phone-width
    screenshot is drawn and the page does not overflow sideways."""
    import re

    from PIL import Image, ImageStat

    # a copy with a probe that writes the layout width into the DOM (the report itself has no script)
    probe = tmp_path / "probe.html"
    probe.write_text(
        report_html.read_text(encoding="utf-8").replace(
            "</body>",
            "<script>document.body.dataset.scrollWidth = document.documentElement.scrollWidth;"
            "document.body.dataset.innerWidth = window.innerWidth;</script></body>",
        ),
        encoding="utf-8",
    )
    dom = _browser(probe.as_uri(), tmp_path, "--window-size=390,844", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert TUN in html and "เทศบาลตำบลเกษตรพัฒนา" in html
    assert f"{_tun_scores(corpus_data)[9]:.2f}" in html
    cell = re.search(r'<span class="cell (\w+)" data-item="o9"', html)
    assert cell and cell.group(1) == "missing"
    # headless Chromium lays the DOM out at no less than 500px; nothing may stick out sideways
    # (wide tables scroll inside their own box)
    viewport = int(re.search(r'data-inner-width="(\d+)"', html).group(1))
    width = int(re.search(r'data-scroll-width="(\d+)"', html).group(1))
    assert viewport <= 500 and width <= viewport, f"the page is {width}px wide in a {viewport}px window"

    artifacts = Path(os.environ.get("ITA_ARTIFACTS", Path(__file__).resolve().parent / ".artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = artifacts / "report-phone.png"
    res = _browser(report_html.as_uri(), tmp_path, "--window-size=390,2200", f"--screenshot={shot}")
    assert res.returncode == 0 and shot.exists(), res.stderr[-2000:]
    img = Image.open(shot).convert("L")
    assert img.size == (390, 2200)
    assert ImageStat.Stat(img).stddev[0] > 20  # text and charts were drawn, not a blank page


# ------------------------------------------------------------------------------ data dictionary
def test_data_dictionary_documents_every_column_and_is_up_to_date():
    from pipeline.views.data_dictionary import data_dictionary
    from tools.data_dictionary import DICTIONARY

    text = data_dictionary()
    for ds in ALL:
        assert f"## {ds.name}\n" in text
        for c in ds.columns:
            assert c.meaning.strip() and c.example.strip(), (
                f"{ds.name}.{c.name} needs a meaning and an example"
            )
            assert f"| `{c.name}` | {c.type} |" in text.split(f"## {ds.name}\n")[1].split("\n## ")[0], (
                f"{ds.name}.{c.name}"
            )
    assert DICTIONARY.read_text(encoding="utf-8") == text, "docs/data-dictionary.md is stale: run `make docs`"


def test_published_columns_are_the_documented_ones(corpus_data):
    for ds in ALL:
        assert pads.dataset(corpus_data / f"{ds.name}.parquet").schema.names == ds.names
