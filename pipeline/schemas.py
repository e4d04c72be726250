"""The published datasets: one pyarrow schema per dataset, with a meaning and an example per column.

This is the single source of the data dictionary (``ita docs``/README) and of the types written
to Parquet. The columns of ../shared/CONTRACT.md are all here, with their names and types;
extra columns are marked ``extra``.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    meaning: str
    example: str = ""
    extra: bool = False  # not in the contract: added by this project


@dataclass(frozen=True)
class Dataset:
    name: str
    grain: str  # "one row per …"
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type) for c in self.columns])

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


S, I, D, B, DT = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32()
LS = pa.list_(pa.string())

DOCUMENTS = Dataset(
    "documents", "one row per input PDF, also for PDFs that failed", ("doc_id",),
    (
        Column("doc_id", S, "sha256 of the file's bytes", "9f2c…e1"),
        Column("source_file", S, "file path relative to the input folder", "doc-001.pdf"),
        Column("org_name", S, "full canonical name of the publishing body", "องค์การบริหารส่วนตำบลตุน"),
        Column("org_type", S, "sao, subdistrict_municipality, town_municipality, city_municipality, pao or other", "sao"),
        Column("district", S, "อำเภอ name without the word อำเภอ; null if not stated", "กันทรารมย์"),
        Column("province", S, "จังหวัด name without the word จังหวัด; null if not stated", "ศรีสะเกษ"),
        Column("doc_type", S, "integrity_measures, integrity_report, anticorruption_plan, anticorruption_report, ita_analysis or other", "integrity_measures"),
        Column("fiscal_year", I, "Buddhist-Era fiscal year the document is for (first year of a plan)", "2568"),
        Column("fiscal_year_end", I, "last fiscal year covered (= fiscal_year for one-year documents)", "2568"),
        Column("overall_score", D, "ITA overall score reported in the document", "72.84"),
        Column("overall_score_year", I, "assessment year of overall_score", "2567"),
        Column("extraction", S, "text, ocr or mixed: where the page texts came from", "text"),
        Column("pages", I, "page count", "23"),
        Column("status", S, "ok, partial or error", "ok"),
        Column("error", S, "why, for partial/error", "page 3: OCR timed out"),
        Column("org_key", S, "organisation identity used to join documents: canonical name|province|district", "องค์การบริหารส่วนตำบลตุน|ศรีสะเกษ|กันทรารมย์", extra=True),
        Column("file_size", pa.int64(), "bytes", "80505", extra=True),
        Column("pages_needing_ocr", I, "pages whose text layer is missing or below the quality threshold", "0", extra=True),
        Column("text_quality", D, "mean page quality (Thai letters in dictionary words)", "0.997", extra=True),
        Column("pipeline_version", S, "version of this pipeline that produced the row", "0.1.0", extra=True),
    ),
)

PAGES = Dataset(
    "pages", "one row per document x page", ("doc_id", "page"),
    (
        Column("doc_id", S, "sha256 of the file", "9f2c…e1"),
        Column("page", I, "1-based page number", "1"),
        Column("text", S, "the page text after Thai repair, reading order, lines joined by \\n", "มาตรการส่งเสริมคุณธรรม…"),
        Column("extraction", S, "text or ocr: what this page's text came from", "text"),
        Column("quality", D, "share of Thai letters in dictionary words after newmm segmentation (0-1); low = broken text", "0.996"),
        Column("source_file", S, "file path relative to the input folder", "doc-001.pdf", extra=True),
        Column("n_chars", I, "characters in the page's text layer (0 = none)", "1534", extra=True),
        Column("has_text_layer", B, "the PDF page carries a usable text layer", "true", extra=True),
        Column("needs_ocr", B, "no text layer, or its quality is below rules/thresholds.yaml", "false", extra=True),
        Column("image_cover", D, "share of the page covered by images", "0.0", extra=True),
        Column("n_tables", I, "ruled tables found on the page", "1", extra=True),
        Column("error", S, "why the page could not be read", "", extra=True),
    ),
)

ALL = [DOCUMENTS, PAGES]
BY_NAME = {d.name: d for d in ALL}
