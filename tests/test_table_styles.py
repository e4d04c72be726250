"""The same table drawn four ways — every rule, column rules only, row rules only, no rules — across a
page break, in several Thai fonts, must give the same rows: an anti-corruption plan's budgets and
totals, a report's measures with their steps, periods and status, an analysis table's items, scores
and the measures that answer them (tests/tables_data.py)."""

import pytest
import tables_data as D
from conftest import context
from pdfgen import STYLES, TLWG, PdfBuilder, draw_table

from pipeline.runner.document import process_pdf

pytestmark = pytest.mark.skipif(not TLWG.exists(), reason="fonts-thai-tlwg is not installed (make setup)")

TABLES = {
    "plan": (D.PLAN_TITLE, D.PLAN_HEADER, D.PLAN_ROWS, D.PLAN_WIDTHS, 120.0),
    "report": (D.REPORT_TITLE, D.REPORT_HEADER, D.REPORT_ROWS, D.REPORT_WIDTHS, 60.0),
    "analysis": (D.ANALYSIS_TITLE, D.ANALYSIS_HEADER, D.ANALYSIS_ROWS, D.ANALYSIS_WIDTHS, 60.0),
}


def _run(tmp_path_factory, table: str, style: str, font: str = "Laksaman"):
    title, header, rows, widths, bottom = TABLES[table]
    pdf = PdfBuilder()
    pages = draw_table(pdf, header, rows, widths, style, font=font, title=title, bottom=bottom)
    path = pdf.save(tmp_path_factory.mktemp("styles") / f"{table}-{style}.pdf")
    return process_pdf(path, path.name, context(), ocr=False).rows, len(pages)


@pytest.mark.parametrize("style", STYLES)
def test_plan_budgets_and_totals_are_the_same_however_the_table_is_drawn(tmp_path_factory, style):
    rows, pages = _run(tmp_path_factory, "plan", style)
    assert pages == 2  # a row is cut by the page break
    doc = rows["documents"][0]
    assert doc["status"] == "ok", doc["error"]  # every total (amounts, counts of projects) adds up
    got = {}
    for b in rows["budgets"]:
        got.setdefault(
            (b["project_no"], b["project_ref"], b["dimension_no"], b["kind"], b["project_name"]), {}
        )[b["fiscal_year"]] = b["amount_thb"]
    assert got == {p[:5]: p[5] for p in D.PLAN_PROJECTS}
    assert {b["table_style"] for b in rows["budgets"]} == {style}
    assert [m["text"] for m in rows["measures"]] == [p[4] for p in D.PLAN_PROJECTS]


@pytest.mark.parametrize("style", STYLES)
def test_report_measures_are_the_same_however_the_table_is_drawn(tmp_path_factory, style):
    rows, pages = _run(tmp_path_factory, "report", style)
    assert pages == 2
    got = [(m["text"], m["steps"], m["responsible"], m["period_text"], m["status"]) for m in rows["measures"]]
    assert got == D.REPORT_MEASURES
    assert all(m["kind"] == "report" and m["period_start"] for m in rows["measures"])
    assert {m["table_style"] for m in rows["measures"]} == {style}


@pytest.mark.parametrize("style", STYLES)
def test_analysis_items_scores_and_measures_are_the_same_however_the_table_is_drawn(tmp_path_factory, style):
    rows, _ = _run(tmp_path_factory, "analysis", style)
    measures = [(m["text"], m["item_codes"], m["match_method"]) for m in rows["measures"]]
    assert measures == [(text, [code], "printed") for text, code, _ in D.ANALYSIS_MEASURES]
    # the document has no item table of its own: the analysis rows give the item scores
    assert sorted((i["item_code"], i["score"]) for i in rows["item_scores"]) == sorted(
        (c, s) for _, c, s in D.ANALYSIS_MEASURES
    )


@pytest.mark.parametrize("font", ["Garuda", "Sawasdee", "Norasi"])
@pytest.mark.parametrize("style", ["vertical_rules", "unruled"])
def test_tables_without_row_rules_read_the_same_in_other_fonts(tmp_path_factory, font, style):
    rows, _ = _run(tmp_path_factory, "plan", style, font)
    assert rows["documents"][0]["status"] == "ok", rows["documents"][0]["error"]
    assert sorted({(b["project_no"], b["fiscal_year"], b["amount_thb"]) for b in rows["budgets"]}) == sorted(
        (p[0], y, a) for p in D.PLAN_PROJECTS for y, a in p[5].items()
    )
