"""The published datasets: one contract per dataset (grain, key, columns with type, meaning and
example), the single source of the data dictionary (``ita dictionary``) and of the types written
to Parquet (``pipeline.adapters.parquet``). The columns of ../shared/CONTRACT.md are all here,
with their names and types; extra columns are marked ``extra``.

``check_rows`` refuses a row with a column the dataset does not have (a misspelt key would
otherwise be dropped and its column left null).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import (
    DocType,
    Evidence,
    Extraction,
    Fault,
    FontAction,
    ItemStatus,
    MatchMethod,
    MeasureKind,
    MeasureRole,
    MeasureStatus,
    OrgGroup,
    OrgType,
    ProjectKind,
    Rows,
    Status,
    TableStyle,
    Tool,
    Vocabulary,
    YearsSource,
)


class DatasetError(ValueError):
    """Rows that do not fit their dataset's contract."""


VocabularyType = type[Vocabulary]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Arrow type, as Arrow prints it: string, int32, double, bool, date32[day], list<item: string>
    meaning: str
    example: str = ""
    extra: bool = False  # not in the contract: added by this project
    values: VocabularyType | None = None  # a closed vocabulary: the only values (or list items) allowed


@dataclass(frozen=True)
class Dataset:
    name: str
    grain: str  # "one row per …"
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


S, INT, D, B, DT = "string", "int32", "double", "bool", "date32[day]"
LS = "list<item: string>"
LI = "list<item: int32>"
#: what ``org_key`` is, in every dataset that has it (pipeline/corpus/organisations.py)
ORG_KEY = (
    "organisation identity (docs/corpus.md): <org_kind>:<DOPA code> for a body named after a place the "
    "gazetteer resolves (an อบต. is its ตำบล), <org_kind>:<name> for a body of the whole country, else "
    "<org_kind>:<name>@<province code>; the same in every dataset"
)
I64 = "int64"
LI64 = "list<item: int64>"
#: whether a row counts across documents (the copies of a document and earlier versions do not)
COUNTED = (
    "its document counts in the cross-document datasets (documents.counted): false for the rows of a copy "
    "or of a superseded version"
)

DOCUMENTS = Dataset(
    "documents",
    "one row per input PDF, also for PDFs that failed and for copies (two files with the same bytes "
    "share a doc_id: the key is doc_id and source_file)",
    ("doc_id", "source_file"),
    (
        Column("doc_id", S, "sha256 of the file's bytes", "9f2c…e1"),
        Column("source_file", S, "file path relative to the input folder", "doc-001.pdf"),
        Column("org_name", S, "full canonical name of the publishing body", "องค์การบริหารส่วนตำบลตุน"),
        Column(
            "org_type",
            S,
            "sao, subdistrict_municipality, town_municipality, city_municipality, pao or other",
            "sao",
            values=OrgType,
        ),
        Column("district", S, "อำเภอ name without the word อำเภอ; null if not stated", "กันทรารมย์"),
        Column("province", S, "จังหวัด name without the word จังหวัด; null if not stated", "ศรีสะเกษ"),
        Column(
            "doc_type",
            S,
            "integrity_measures, integrity_report, anticorruption_plan, anticorruption_report, "
            "ita_analysis or other",
            "integrity_measures",
            values=DocType,
        ),
        Column(
            "fiscal_year", INT, "Buddhist-Era fiscal year the document is for (first year of a plan)", "2568"
        ),
        Column(
            "fiscal_year_end", INT, "last fiscal year covered (= fiscal_year for one-year documents)", "2568"
        ),
        Column("overall_score", D, "ITA overall score reported in the document", "72.84"),
        Column("overall_score_year", INT, "assessment year of overall_score", "2567"),
        Column(
            "extraction", S, "text, ocr or mixed: where the page texts came from", "text", values=Extraction
        ),
        Column("pages", INT, "page count", "23"),
        Column("status", S, "ok, partial or error", "ok", values=Status),
        Column("error", S, "why, for partial/error", "page 3: OCR timed out"),
        Column("org_key", S, ORG_KEY, "sao:330305", extra=True),
        Column("file_size", I64, "bytes", "80505", extra=True),
        Column(
            "pages_needing_ocr",
            INT,
            "pages whose text layer is missing or below the quality threshold",
            "0",
            extra=True,
        ),
        Column(
            "text_quality", D, "mean page quality (Thai letters in dictionary words)", "0.997", extra=True
        ),
        Column("pipeline_version", S, "version of this pipeline that produced the row", "0.1.0", extra=True),
        Column(
            "doc_date", DT, "date printed on the document (a memo's วันที่), if any", "2021-03-31", extra=True
        ),
        Column(
            "province_code",
            S,
            "DOPA code of the body's province (printed, or inferred: place_source)",
            "34",
            extra=True,
        ),
        Column("district_code", S, "DOPA code of the body's district", "3409", extra=True),
        Column(
            "subdistrict_code",
            S,
            "DOPA code of the body's subdistrict (an อบต. or เทศบาลตำบล is its ตำบล)",
            "340901",
            extra=True,
        ),
        Column(
            "doc_subtype",
            S,
            "a finer kind of document (rules/doc_types.yaml: subtypes), e.g. risk_plan_report, "
            "manpower_plan, procurement_analysis, budget_ordinance, operating_plan, memo",
            "risk_plan_report",
            extra=True,
        ),
        Column(
            "place_source",
            S,
            "document (the codes are of places it prints) or gazetteer (some inferred from the body's name)",
            "document",
            extra=True,
        ),
        Column(
            "counted",
            B,
            "the document counts in the cross-document datasets (it is no copy of another, no earlier "
            "version of one, and was read): filter on it to count each document once",
            "true",
            extra=True,
        ),
        Column(
            "duplicate_of",
            S,
            "the doc_id of the document this one is a copy of (the same bytes, a scan of it, a re-export "
            "or re-upload): the one kept has the better text source, then is the newer",
            "2b98…7b",
            extra=True,
        ),
        Column(
            "duplicate_reason",
            S,
            "how it is known to be a copy",
            "same document as doc-004.pdf (likeness 0.62; this one read by OCR)",
            extra=True,
        ),
        Column(
            "supersedes", S, "doc_id of the earlier version of this plan it replaces", "9f2c…e1", extra=True
        ),
        Column(
            "superseded_by",
            S,
            "doc_id of the later version that replaces it (its rows do not count)",
            "77ab…02",
            extra=True,
        ),
        Column(
            "publisher_name",
            S,
            "the body that posted the document, when another than the one it is about (from a cover memo "
            "asking to publish it: rules/doc_types.yaml: posting_memo); org_name stays the author",
            "โรงพยาบาลพิชัย",
            extra=True,
        ),
        Column("publisher_type", S, "its kind, as org_type", "other", extra=True, values=OrgType),
        Column(
            "org_kind",
            S,
            "the fine kind of body (rules/org_types.yaml: kind): sao, hospital, vocational_college, ministry, "
            "public_organisation, …",
            "hospital",
            extra=True,
        ),
        Column("org_group", S, "the ITA's group of bodies", "health", extra=True, values=OrgGroup),
        Column(
            "revision_note",
            S,
            "the words that call the document a revision, as printed in its title (rules/corpus.yaml)",
            "ฉบับปรับปรุง",
            extra=True,
        ),
        Column(
            "content_sketch",
            LI64,
            "MinHash sketch of its text (letters and digits, no marks): how copies are found "
            "(rules/corpus.yaml: identity)",
            "[1203394, 88120, …]",
            extra=True,
        ),
    ),
)

PAGES = Dataset(
    "pages",
    "one row per document x page",
    ("doc_id", "page"),
    (
        Column("doc_id", S, "sha256 of the file", "9f2c…e1"),
        Column("page", INT, "1-based page number", "1"),
        Column(
            "text",
            S,
            "the page text after Thai repair, reading order, lines joined by \\n",
            "มาตรการส่งเสริมคุณธรรม…",
        ),
        Column("extraction", S, "text or ocr: what this page's text came from", "text", values=Extraction),
        Column(
            "quality",
            D,
            "share of Thai letters in dictionary words after newmm segmentation (0-1); low = broken text",
            "0.996",
        ),
        Column("source_file", S, "file path relative to the input folder", "doc-001.pdf", extra=True),
        Column("n_chars", INT, "characters in the page's text layer (0 = none)", "1534", extra=True),
        Column("has_text_layer", B, "the PDF page carries a usable text layer", "true", extra=True),
        Column(
            "needs_ocr",
            B,
            "no text layer, or its quality is below rules/thresholds.yaml",
            "false",
            extra=True,
        ),
        Column("image_cover", D, "share of the page covered by images", "0.0", extra=True),
        Column("n_tables", INT, "ruled tables found on the page", "1", extra=True),
        Column(
            "error",
            S,
            "why the page could not be read (null when it was)",
            "page 4: OCR timed out after 120 s",
            extra=True,
        ),
        Column(
            "reason",
            S,
            "why the page needed OCR, and what came of it (null: the text layer was used as it is)",
            "text layer unreadable: font ABCDEE+Microsoft Sans Serif (unmapped, not_thai)",
            extra=True,
        ),
        Column(
            "replaced_chars",
            INT,
            "characters of the page's text that were no valid Unicode (a broken font map gives lone "
            "surrogates) and are published as U+FFFD",
            "0",
            extra=True,
        ),
    ),
)

FONTS = Dataset(
    "fonts",
    "one row per document x font of its text layer (the unit a text layer breaks by)",
    ("doc_id", "font"),
    (
        Column("doc_id", S, "sha256 of the file", "9f2c…e1"),
        Column(
            "font",
            S,
            "the font: its name with the subset prefix, and the first 8 hex digits of the sha1 of its "
            "embedded program (empty for a font that is not embedded)",
            "BBNVKP+THSarabunPSK#3fa2c1d0",
        ),
        Column("name", S, "the font's name as the PDF gives it", "BBNVKP+THSarabunPSK"),
        Column("chars", INT, "characters drawn with it", "5210"),
        Column("thai_letters", INT, "Thai letters in its text", "4788"),
        Column("pages", INT, "pages it is used on", "3"),
        Column(
            "faults",
            LS,
            "what its evidence shows: nikhahit_as_space, lost_nikhahit, aa_as_am, lost_tones, pua, unmapped, "
            "not_thai, invisible, marks_as_letters, low_coverage",
            "[aa_as_am, low_coverage]",
            values=Fault,
        ),
        Column(
            "action",
            S,
            "clean (left alone), repair (dictionary repair with every edit), decoded (read through its "
            "embedded font program), unreadable (its pages are OCR'd)",
            "repair",
            values=FontAction,
        ),
        Column(
            "coverage",
            D,
            "share of its Thai letters in dictionary words, before repair (null: too little text)",
            "0.77",
        ),
        Column(
            "evidence",
            S,
            "the counts behind the faults",
            "am=45 aa=0 tones=120 zero_width_spaces=0 unmapped=0",
        ),
        Column("source_file", S, "file path relative to the input folder", "real-20.pdf"),
    ),
)

INDICATOR_SCORES = Dataset(
    "indicator_scores",
    "one row per document x indicator",
    ("doc_id", "indicator_no"),
    (
        Column("doc_id", S, "sha256 of the file", "9f2c…e1"),
        Column("org_name", S, "publishing body (as in documents)", "องค์การบริหารส่วนตำบลตุน"),
        Column("assessment_year", INT, "ITA assessment year of the scores (B.E.)", "2567"),
        Column("indicator_no", INT, "ITA indicator 1-10", "4"),
        Column("tool", S, "IIT, EIT or OIT", "IIT", values=Tool),
        Column("indicator_name", S, "canonical indicator name (rules/catalogs)", "การใช้ทรัพย์สินของราชการ"),
        Column("score", D, "score 0-100 as printed", "80.95"),
        Column("page", INT, "page of the row", "2"),
        Column("raw_name", S, "the indicator's name as printed", "การใช้ทรัพย์สินของ ราชการ", extra=True),
        Column(
            "score_note",
            S,
            "why score is null (the cell as read, e.g. an OCR misread)",
            "not a score 0-100: 'ee.๓๒'",
            extra=True,
        ),
        Column("org_key", S, ORG_KEY, "sao:330305", extra=True),
        Column("counted", B, COUNTED, "true", extra=True),
    ),
)

ITEM_SCORES = Dataset(
    "item_scores",
    "one row per document x item code (an item printed twice is one row)",
    ("doc_id", "item_code"),
    (
        Column("doc_id", S, "sha256 of the file", "9f2c…e1"),
        Column("org_name", S, "publishing body", "องค์การบริหารส่วนตำบลตุน"),
        Column(
            "assessment_year", INT, "ITA assessment year (B.E.); item codes mean nothing without it", "2567"
        ),
        Column("item_code", S, "i1.., e1.., o1.. (repaired: o๒ -> o2, ๐33 -> o33)", "o33"),
        Column(
            "item_name",
            S,
            "canonical item name from the catalog of that year",
            "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี",
        ),
        Column("raw_label", S, "the row's label as printed", "ข้อ 0 33 รายงานผลการดำเนินการป้องกันการทุจริตประจำปี"),
        Column("score", D, "score 0-100", "100.0"),
        Column("page", INT, "page of the row", "15"),
        Column("indicator_no", INT, "indicator the item belongs to (catalog)", "10", extra=True),
        Column(
            "item_topic",
            S,
            "what the item asks for, the same in every year (rules/topics.yaml); null: not in the year's catalog",
            "anticorruption_report",
            extra=True,
        ),
        Column("tool", S, "IIT, EIT or OIT (from the code's letter)", "OIT", extra=True, values=Tool),
        Column(
            "score_note",
            S,
            "why score is null (the cell as read, e.g. an OCR misread)",
            "not a score 0-100: 'ee.๓๒'",
            extra=True,
        ),
        Column("org_key", S, ORG_KEY, "sao:330305", extra=True),
        Column("counted", B, COUNTED, "true", extra=True),
    ),
)

MEASURES = Dataset(
    "measures",
    "one row per measure/activity row of a plan or a results report, in document order",
    ("doc_id", "seq"),
    (
        Column("doc_id", S, "sha256 of the file", "9f2c…e1"),
        Column("org_name", S, "publishing body", "เทศบาลตำบลเกษตรพัฒนา"),
        Column("fiscal_year", INT, "fiscal year of the document (B.E.)", "2566"),
        Column("measure_id", S, "stable id (hash of doc_id, seq and text)", "3f1a9c0b2d4e5f60"),
        Column("seq", INT, "1-based order within the document", "1"),
        Column("kind", S, "plan (what will be done) or report (what was done)", "report", values=MeasureKind),
        Column("text", S, "the measure/activity cell, normalised", "ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของทางราชการ"),
        Column("steps", S, "steps/method cell", "1. สร้างแนวปฏิบัติเกี่ยวกับการใช้ทรัพย์สิน…"),
        Column("responsible", S, "responsible unit as printed", "กองคลัง"),
        Column("period_text", S, "period as printed", "ต.ค. 65 - ก.ย. 66"),
        Column("period_start", DT, "resolved start (ISO date, C.E.)", "2022-10-01"),
        Column("period_end", DT, "resolved end (ISO date, C.E.)", "2023-09-30"),
        Column("result_text", S, "reported result/outcome; null for plans", "☑ ดำเนินการ - มีการจัดทำคู่มือ…"),
        Column(
            "status",
            S,
            "done, in_progress, not_started (ticked box / wording); null if not stated",
            "in_progress",
            values=MeasureStatus,
        ),
        Column(
            "status_note",
            S,
            "why status is null though a box is ticked (its label could not be read)",
            "a box is ticked but its label cannot be read: '☑ xxาเนน'",
            extra=True,
        ),
        Column(
            "period_note",
            S,
            "why period_start/period_end are null though a period is printed",
            "not a readable period: 'ต.ค. 65 - กุย. oo'",
            extra=True,
        ),
        Column("indicator_no", INT, "ITA indicator the measure serves; null if none found", "4"),
        Column("item_codes", LS, "items the measure serves (may be empty)", "[o14, o15]"),
        Column(
            "item_topics",
            LS,
            "the topics of those items (rules/topics.yaml): what they ask for in any year",
            "[procurement_plan, procurement_announcements]",
            extra=True,
        ),
        Column("match_score", D, "0-100 confidence of indicator_no", "100"),
        Column(
            "match_method",
            S,
            "printed (a code or indicator number on the row or above it), explicit (named in words), fuzzy "
            "(the measure's words) or none",
            "printed",
            values=MatchMethod,
        ),
        Column(
            "match_note",
            S,
            "why indicator_no is null (what came close, or the document's measures are not integrity "
            "measures), or where a printed code and the text disagree",
            "not sure: 5 (3.0), 10 (2.5)",
            extra=True,
        ),
        Column(
            "framework",
            S,
            "another framework whose code is printed on the row (rules/matching.yaml: frameworks), e.g. the "
            "Ministry of Public Health's MOIT",
            "MOIT",
            extra=True,
        ),
        Column("framework_code", S, "that framework's code as printed, normalised", "MOIT 3", extra=True),
        Column("page", INT, "page where the row starts", "11"),
        Column(
            "outcome_text", S, "outcome/success column of a report (ผลลัพธ์)", "มีคู่มือการปฏิบัติงาน…", extra=True
        ),
        Column(
            "indicator_cell",
            S,
            "the indicator column of the row, when the table has one besides the measure",
            "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล",
            extra=True,
        ),
        Column(
            "section",
            S,
            "section title row above the measure",
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            extra=True,
        ),
        Column(
            "item_cell",
            S,
            "the item column of an analysis table's row (its item code is the measure's item)",
            "o12 ข้อมูลเชิงสถิติเรื่องร้องเรียน",
            extra=True,
        ),
        Column(
            "table_style",
            S,
            "how the row's table is drawn: ruled, vertical_rules, horizontal_rules or unruled "
            "(rows of tables without row rules are cut by their numbering)",
            "vertical_rules",
            extra=True,
            values=TableStyle,
        ),
        Column(
            "from_spanning_cell",
            LS,
            "roles of the columns whose text comes from a cell spanning several rows "
            "(one period cell for the whole table)",
            "[period]",
            extra=True,
        ),
        Column("source_file", S, "file path relative to the input folder", "doc-004.pdf", extra=True),
        Column("org_key", S, ORG_KEY, "sao:330305", extra=True),
        Column(
            "counts_as",
            S,
            "what the row counts as across the corpus, by its document's kind (rules/corpus.yaml: "
            "evidence) and whether it is a plan's or a report's row",
            "planned",
            extra=True,
            values=MeasureRole,
        ),
        Column("counted", B, COUNTED, "true", extra=True),
        Column(
            "fiscal_years",
            LI,
            "the fiscal years (B.E.) it is planned or reported in (plan_vs_outcome counts it in each)",
            "[2567, 2568]",
            extra=True,
        ),
        Column(
            "fiscal_years_source",
            S,
            "where fiscal_years come from",
            "budget",
            extra=True,
            values=YearsSource,
        ),
        Column("project_no", INT, "for a plan's project: its budgets.project_no", "3", extra=True),
    ),
)

BUDGETS = Dataset(
    "budgets",
    "one row per anti-corruption-plan project x fiscal year",
    ("doc_id", "project_no", "fiscal_year"),
    (
        Column("doc_id", S, "sha256 of the file", "9f2c…e1"),
        Column("org_name", S, "publishing body", "องค์การบริหารส่วนตำบลบึงปรือ"),
        Column("project_no", INT, "project number as printed in the plan", "3"),
        Column("project_name", S, "project name", "โครงการฝึกอบรมการส่งเสริมคุณธรรมจริยธรรม…"),
        Column("dimension_no", INT, "plan dimension (มิติ) 1-4", "1"),
        Column("fiscal_year", INT, "fiscal year (B.E.) of the amount", "2566"),
        Column("amount_thb", D, "budget in baht ('-' = 0)", "5000"),
        Column("amount_text", S, "the amount cell as printed", "5,000", extra=True),
        Column(
            "shared_with", LI, "project numbers that share this cell and its figure", "[5, 6]", extra=True
        ),
        Column("page", INT, "page of the project's row", "18", extra=True),
        Column("project_ref", S, "the project's numbering as printed", "1.1.1 (2)", extra=True),
        Column(
            "kind",
            S,
            "project, activity or measure (the word its name starts with)",
            "activity",
            extra=True,
            values=ProjectKind,
        ),
        Column(
            "table_style",
            S,
            "how the plan table is drawn: ruled, vertical_rules, horizontal_rules or unruled",
            "vertical_rules",
            extra=True,
            values=TableStyle,
        ),
        Column(
            "numbering_note",
            S,
            "a project number printed twice or after a gap (kept as printed)",
            "number 7 follows 5",
            extra=True,
        ),
        Column("org_key", S, ORG_KEY, "sao:330305", extra=True),
        Column("counted", B, COUNTED, "true", extra=True),
    ),
)

ASSESSMENT_RESULTS = Dataset(
    "assessment_results",
    "one row per body x assessment year of a table that lists several bodies' ITA results (a "
    "supervising body's announcement)",
    ("doc_id", "page", "org_name"),
    (
        Column("doc_id", S, "the announcement", "9f2c…e1"),
        Column("org_name", S, "the body as printed (a name over two lines joined)", "วิทยาลัยเทคนิคกันทรลักษ์"),
        Column(
            "org_key",
            S,
            "the body's key when it is a body the corpus knows (organisations), else null",
            "vocational_college:กันทรลักษ์@33",
        ),
        Column("assessment_year", INT, "ITA assessment year (B.E.)", "2568"),
        Column(
            "iit",
            D,
            "IIT as printed: points out of 30 from 2568, a score of 0-100 before (rules/assessment.yaml); "
            "null for a dash or when the row does not add up (check_note)",
            "29.64",
        ),
        Column("eit", D, "EIT, as iit", "27.62"),
        Column("oit", D, "OIT (out of 40 from 2568)", "33.51"),
        Column("total", D, "the total as printed (checked against the tools)", "90.77"),
        Column("level", S, "the level as printed (ผ่านดีเยี่ยม, ผ่านดี, …), or derived (level_source)", "ผ่านดี"),
        Column(
            "level_source", S, "printed, or derived from the total where the year's rule is known", "printed"
        ),
        Column(
            "check_note",
            S,
            "why the figures are null: a tool over its weight, or tools that do not add up to the total",
            "IIT 29.64 + EIT 27.62 + OIT 33.51 = 90.77, total printed 90.71: figures not read as printed",
        ),
        Column("seq", INT, "the row's number as printed", "179"),
        Column(
            "section",
            S,
            "the sub-heading the row is listed under (a district, a kind of unit), as printed",
            "อำเภอเขาสวนกวาง",
            extra=True,
        ),
        Column(
            "issuer", S, "the body that issued the table (documents.org_name)", "สำนักงานคณะกรรมการการอาชีวศึกษา"
        ),
        Column("page", INT, "page of the row", "3"),
        Column("source_file", S, "file path relative to the input folder", "ann-01.pdf", extra=True),
        Column("counted", B, COUNTED, "true", extra=True),
    ),
)

ORGANISATIONS = Dataset(
    "organisations",
    "one row per public body the documents name",
    ("org_key",),
    (
        Column("org_key", S, ORG_KEY, "sao:330305"),
        Column(
            "org_name", S, "canonical name (the spelling most documents agree on)", "องค์การบริหารส่วนตำบลตุน"
        ),
        Column("org_type", S, "kind of body (as documents.org_type)", "sao", values=OrgType),
        Column("org_kind", S, "the fine kind of body (as documents.org_kind)", "sao", extra=True),
        Column("org_group", S, "the ITA's group of bodies", "local_government", extra=True, values=OrgGroup),
        Column("province", S, "province as the documents print it", "ศรีสะเกษ"),
        Column("district", S, "district as the documents print it", "กันทรารมย์"),
        Column("province_code", S, "DOPA province code", "33"),
        Column("district_code", S, "DOPA district code", "3303"),
        Column("subdistrict_code", S, "DOPA subdistrict code", "330305"),
        Column(
            "gazetteer_province",
            S,
            "the province of province_code as the gazetteer names it: known wherever the code is, printed or not",
            "ศรีสะเกษ",
            extra=True,
        ),
        Column(
            "gazetteer_district",
            S,
            "the district of district_code as the gazetteer names it",
            "กันทรารมย์",
            extra=True,
        ),
        Column("n_documents", INT, "documents that name the body", "2"),
        Column("doc_ids", LS, "those documents", "[2b98…7b]"),
        Column("names", LS, "every spelling of its name seen, most common first", "[องค์การบริหารส่วนตำบลตุน]"),
    ),
)

MISSING_ITEMS = Dataset(
    "missing_items",
    "one row per organisation x assessment year x OIT item scored below full marks, or of that year's "
    "catalog but not scored in the data though other items of that assessment are",
    ("org_key", "assessment_year", "item_code"),
    (
        Column("org_name", S, "organisation (canonical name)", "องค์การบริหารส่วนตำบลตุน"),
        Column("assessment_year", INT, "ITA assessment year (B.E.)", "2567"),
        Column("item_code", S, "OIT item", "o15"),
        Column(
            "item_name",
            S,
            "canonical item name (catalog of that year)",
            "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ",
        ),
        Column("score", D, "the item's score (null: unscored)", "0.0"),
        Column(
            "status",
            S,
            "missing (score 0), partial (0 < score < 100), unscored (no score in the data: not evidence it is missing)",
            "missing",
            values=ItemStatus,
        ),
        Column(
            "addressed_by",
            LS,
            "measure_id of the organisation's plans for a later fiscal year that serve the item",
            "[3f1a9c0b2d4e5f60]",
        ),
        Column("addressed", B, "some later plan serves the item", "true"),
        Column(
            "same_indicator",
            LS,
            "measure_id of later plans that name no item but serve the item's indicator "
            "(weaker evidence: not counted in addressed)",
            "[9c0b2d4e5f603f1a]",
            extra=True,
        ),
        Column("org_key", S, ORG_KEY, "sao:330305", extra=True),
        Column("indicator_no", INT, "indicator of the item", "9", extra=True),
        Column(
            "item_topic",
            S,
            "what the item asks for, the same in every year (rules/topics.yaml): compare years by it",
            "procurement_announcements",
            extra=True,
        ),
        Column("doc_id", S, "document the score was read from", "2b98…7b", extra=True),
        Column("page", INT, "page of the score", "10", extra=True),
    ),
)

PLAN_VS_OUTCOME = Dataset(
    "plan_vs_outcome",
    "one row per organisation x fiscal year x indicator",
    ("org_key", "fiscal_year", "indicator_no"),
    (
        Column("org_name", S, "organisation (canonical name)", "เทศบาลตำบลเกษตรพัฒนา"),
        Column("fiscal_year", INT, "fiscal year (B.E.)", "2566"),
        Column("indicator_no", INT, "ITA indicator 1-10", "4"),
        Column(
            "planned",
            INT,
            "planned integrity measures for the indicator that year (measures.counts_as planned, counted, "
            "in each of its fiscal_years: a multi-year plan's measure counts in the years it is scheduled)",
            "2",
        ),
        Column("reported", INT, "reported integrity measures for the indicator that year", "1"),
        Column(
            "planned_unmatched",
            INT,
            "planned integrity measures of the organisation that year with no indicator (measures.match_note "
            "says why): the same on each of the year's ten rows, counted in none of them",
            "1",
            extra=True,
        ),
        Column(
            "reported_unmatched",
            INT,
            "reported ones with no indicator (as planned_unmatched)",
            "0",
            extra=True,
        ),
        Column("done", INT, "reported as done", "0"),
        Column("in_progress", INT, "reported as in progress", "1"),
        Column("not_started", INT, "reported as not started", "0"),
        Column(
            "score_before",
            D,
            "the indicator's score in the latest assessment before that fiscal year",
            "80.95",
        ),
        Column("score_before_year", INT, "the year of that assessment", "2567", extra=True),
        Column("org_key", S, ORG_KEY, "subdistrict_municipality:740307", extra=True),
        Column("indicator_name", S, "canonical indicator name", "การใช้ทรัพย์สินของราชการ", extra=True),
    ),
)

COVERAGE = Dataset(
    "coverage",
    "one row per organisation x fiscal year the corpus holds any document or score for",
    ("org_key", "fiscal_year"),
    (
        Column("org_key", S, ORG_KEY, "sao:330305"),
        Column("org_name", S, "organisation (canonical name)", "องค์การบริหารส่วนตำบลตุน"),
        Column("fiscal_year", INT, "fiscal year (B.E.); an assessment's scores count in its year", "2567"),
        Column(
            "evidence",
            LS,
            "what the corpus holds about the body's year (documents counted once; empty when its documents "
            "of that year are evidence of none of these)",
            "[item_scores, integrity_plan]",
            values=Evidence,
        ),
        Column(
            "lacking",
            LS,
            "the kinds of evidence the corpus does not hold for that year: what cannot be judged",
            "[integrity_report]",
            values=Evidence,
        ),
        Column("overall_score", D, "its overall ITA score that year, if the data has it", "72.84"),
        Column("indicators_scored", INT, "indicators with a score that year", "10"),
        Column("items_scored", INT, "OIT items with a score that year", "35"),
        Column("measures_planned", INT, "planned integrity measures counted that year", "12"),
        Column("measures_reported", INT, "reported integrity measures counted that year", "8"),
        Column(
            "measures_unmatched",
            INT,
            "of those, the ones with no indicator (plan_vs_outcome cannot place them)",
            "2",
        ),
        Column("doc_ids", LS, "the counted documents that give that evidence", "[2b98…7b]"),
    ),
)

ALL = [
    DOCUMENTS,
    PAGES,
    FONTS,
    INDICATOR_SCORES,
    ITEM_SCORES,
    MEASURES,
    BUDGETS,
    ASSESSMENT_RESULTS,
    ORGANISATIONS,
    MISSING_ITEMS,
    PLAN_VS_OUTCOME,
    COVERAGE,
]
PER_DOCUMENT = [DOCUMENTS, PAGES, FONTS, INDICATOR_SCORES, ITEM_SCORES, MEASURES, BUDGETS, ASSESSMENT_RESULTS]
BY_NAME = {d.name: d for d in ALL}


def check_rows(rows: Iterable[Rows], dataset: Dataset) -> list[Rows]:
    """The rows, after checking that none names a column the dataset does not have and that every
    value of a closed vocabulary is one of its members (a data test, run as the rows are built)."""
    names = set(dataset.names)
    vocab = {c.name: set(c.values.values()) for c in dataset.columns if c.values is not None}
    rows = list(rows)
    if _unencodable(rows):
        out = [_valid(r, dataset) for r in rows]
    elif "replaced_chars" in names:  # nothing replaced: the count stays what it was, or 0
        out = [r if r.get("replaced_chars") is not None else {**r, "replaced_chars": 0} for r in rows]
    else:
        out = rows
    for r in out:
        unknown = set(r) - names
        if unknown:
            raise DatasetError(f"{dataset.name}: unknown columns {sorted(unknown)} (known: {dataset.names})")
        for name, allowed in vocab.items():
            v = r.get(name)
            for item in v if isinstance(v, list) else [v]:
                if item is not None and item not in allowed:
                    raise DatasetError(f"{dataset.name}.{name}: {item!r} is not one of {sorted(allowed)}")
    return out


#: what no UTF-8 can hold: a lone surrogate (a broken ToUnicode map yields them)
_UNENCODABLE = re.compile("[\ud800-\udfff]")


def _unencodable(rows: list[Rows], chunk: int = 20_000) -> bool:
    """Does any string of the rows hold what UTF-8 cannot (searched a chunk of strings at a time:
    most datasets have none, and a corpus has millions of values)?"""
    texts: list[str] = []
    for r in rows:
        for v in r.values():
            if isinstance(v, str):
                texts.append(v)
            elif isinstance(v, list):
                texts.extend(x for x in v if isinstance(x, str))
        if len(texts) >= chunk:
            if _UNENCODABLE.search("\x00".join(texts)):
                return True
            texts.clear()
    return bool(_UNENCODABLE.search("\x00".join(texts)))


def _valid(row: Rows, dataset: Dataset) -> Rows:
    """The row with every string valid Unicode (what cannot be written as UTF-8 is U+FFFD); a
    page's row counts what was replaced (``replaced_chars``). One document's broken font never
    stops a run from publishing."""
    replaced = 0
    out = dict(row)
    for k, v in row.items():
        if isinstance(v, str):
            out[k], n = _UNENCODABLE.subn("\ufffd", v)
            replaced += n
        elif isinstance(v, list) and any(isinstance(x, str) for x in v):
            fixed = [_UNENCODABLE.subn("\ufffd", x) if isinstance(x, str) else (x, 0) for x in v]
            out[k] = [x for x, _ in fixed]
            replaced += sum(n for _, n in fixed)
    if "replaced_chars" in dataset.names:
        out["replaced_chars"] = (row.get("replaced_chars") or 0) + replaced
    return out


def vocabularies() -> dict[type[Vocabulary], list[str]]:
    """Every closed vocabulary the datasets hold, with the columns that hold it (``dataset.column``)."""
    out: dict[type[Vocabulary], list[str]] = {}
    for ds in ALL:
        for c in ds.columns:
            if c.values is not None:
                out.setdefault(c.values, []).append(f"{ds.name}.{c.name}")
    return out
