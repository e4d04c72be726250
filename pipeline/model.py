"""Every type the stages share, in one place. All are immutable (frozen dataclasses, named
tuples, tuples instead of lists), so that a stage can only return new values, never change the
ones it was given; closed vocabularies are ``str`` enums whose values are what the datasets hold.

Coordinates are PDF points with the origin at the page's top left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, NamedTuple


class StrEnum(str, Enum):
    """A ``str`` enum that prints, formats and serialises as its value."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Status(StrEnum):
    """How a document came through: ``documents.status``."""

    OK = "ok"
    PARTIAL = "partial"
    ERROR = "error"


class Extraction(StrEnum):
    """Where text came from: ``pages.extraction`` (text/ocr), ``documents.extraction`` (also mixed)."""

    TEXT = "text"
    OCR = "ocr"
    MIXED = "mixed"


class MeasureKind(StrEnum):
    PLAN = "plan"
    REPORT = "report"


class MatchMethod(StrEnum):
    EXPLICIT = "explicit"
    FUZZY = "fuzzy"
    NONE = "none"


class DocType(StrEnum):
    INTEGRITY_MEASURES = "integrity_measures"
    INTEGRITY_REPORT = "integrity_report"
    ANTICORRUPTION_PLAN = "anticorruption_plan"
    ANTICORRUPTION_REPORT = "anticorruption_report"
    ITA_ANALYSIS = "ita_analysis"
    OTHER = "other"


class OrgType(StrEnum):
    SAO = "sao"
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality"
    TOWN_MUNICIPALITY = "town_municipality"
    CITY_MUNICIPALITY = "city_municipality"
    PAO = "pao"
    OTHER = "other"


#: document types whose measures are reports of what was done
REPORT_DOC_TYPES = frozenset({DocType.INTEGRITY_REPORT, DocType.ANTICORRUPTION_REPORT})

Rows = dict[str, Any]
"""One dataset row: column name -> value (``pipeline.datasets`` checks the names)."""


# ------------------------------------------------------------------------------ PDF reading
class Char(NamedTuple):
    """One character as drawn."""

    text: str
    x0: float  # glyph box (ink)
    x1: float
    top: float
    bottom: float
    ox: float  # pen origin (left end of the advance)
    baseline: float  # origin y, measured from the top
    size: float
    font: int = -1  # index into the page's ``RawPage.fonts`` (-1: unknown)
    adv_x1: float = -1.0  # right end of the advance (pdfium's loose box); -1: unknown


@dataclass(frozen=True)
class FontFace:
    """One font of a page as the reader saw it. ``key`` identifies the font across the pages of a
    document (its name with the subset prefix and a digest of its program)."""

    key: str
    name: str
    flags: int = 0
    embedded: bool = True
    chars: int = 0  # characters drawn with it on the page
    invisible: int = 0  # ... of them in text render mode 3 (an OCR layer over a scan)
    unmapped: int = 0  # ... that the PDF gives no Unicode for (no usable ToUnicode map)
    decoded: int = 0  # ... of those read through the embedded font program's own cmap
    zero_width_spaces: int = 0  # spaces without an advance: a mark's glyph mapped to a space
    zero_width_letters: int = 0  # Thai consonants without an advance: a mark's glyph mapped to a letter


class Edge(NamedTuple):
    """A horizontal ('h') or vertical ('v') ruling segment."""

    orientation: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class RawPage:
    """One PDF page as read: characters (content-stream order), ruling edges, image cover."""

    number: int  # 1-based
    width: float
    height: float
    rotation: int
    chars: tuple[Char, ...] = ()
    edges: tuple[Edge, ...] = ()
    image_area: float = 0.0  # share of the page covered by images (0-1, capped)
    fonts: tuple[FontFace, ...] = ()


class PageReadError(NamedTuple):
    """A page the reader could not read (the others go on)."""

    number: int  # 1-based
    kind: str  # the exception's type name
    message: str


Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Grid = list[list[Box | None]]  # cell boxes of one table; None where a merged cell spans


@dataclass(frozen=True)
class TableGrid:
    """A table found on a page: its cells' boxes, how it was drawn, and the cells that a cell of a
    row above covers (it spans rows), as (row, column)."""

    cells: tuple[tuple[Box | None, ...], ...]
    style: str  # ruled | vertical_rules | horizontal_rules | unruled
    spans: tuple[tuple[int, int], ...] = ()
    row_shape: tuple[str, ...] | None = None  # the kind of number its rows start with ("9", "9" for 1.1)

    @property
    def grid(self) -> Grid:
        return [list(r) for r in self.cells]

    @property
    def bbox(self) -> Box:
        boxes = [b for r in self.cells for b in r if b]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


# ------------------------------------------------------------------------------ layout
class Cluster(NamedTuple):
    """A base character with the marks that belong to it (a Thai grapheme cluster)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    ligature: bool = False  # drawn as part of one glyph with its neighbour (box is unreliable)
    font: int = -1  # the base character's font (index into the page's fonts)
    adv_x1: float = -1.0  # right end of the base character's advance; -1: unknown

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return self.baseline - self.size * 0.3


class TextLine(NamedTuple):
    """Clusters of one baseline, in reading order, as text; ``fonts[i]`` is the font of
    ``text[i]`` (a space takes the font of the character before it)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    fonts: tuple[int, ...] = ()


# ------------------------------------------------------------------------------ fonts
@dataclass(frozen=True)
class FontEvidence:
    """Counts over one font's characters (the reader's) and text (after the mechanical passes)."""

    chars: int = 0
    invisible: int = 0
    unmapped: int = 0
    decoded: int = 0
    zero_width_spaces: int = 0
    zero_width_letters: int = 0
    thai: int = 0  # Thai letters
    latin: int = 0
    foreign: int = 0  # letters of other scripts and control characters
    am: int = 0
    aa: int = 0
    tones: int = 0
    spaced_aa: int = 0
    pua: int = 0
    pages: int = 0  # pages the font is used on
    sample: str = ""  # the font's first Thai text (for the dictionary test)

    def __add__(self, other: FontEvidence) -> FontEvidence:
        values = {
            f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self) if f.name != "sample"
        }
        sample = (
            f"{self.sample}\n{other.sample}" if self.sample and other.sample else self.sample or other.sample
        )
        return FontEvidence(**values, sample=sample)


@dataclass(frozen=True)
class FontDiagnosis:
    """A font's faults and what is done about them: ``clean`` (left alone), ``repair`` (the
    dictionary repair with every edit), ``decoded`` (read through its font program), or
    ``unreadable`` (its text is not kept: the pages it covers are OCR'd)."""

    key: str
    name: str
    evidence: FontEvidence
    faults: tuple[str, ...]
    action: str
    coverage: float | None = None

    @property
    def broken(self) -> bool:
        return self.action in ("repair", "decoded")


# ------------------------------------------------------------------------------ pages
Cells = tuple[tuple[str | None, ...], ...]  # rows of cells: '' empty, None covered by a merged cell


@dataclass(frozen=True)
class PageTable:
    """A table on one page; ``rows[r][c]`` is the cell's repaired text ('' empty, None covered)."""

    page: int
    index: int  # order on the page
    bbox: Box
    rows: Cells
    raw_rows: tuple[tuple[tuple[str, ...] | None, ...], ...]  # the cell lines before repair (for checking)
    text_above: str = ""  # the page's text between the previous table (or the page top) and this one
    style: str = "ruled"  # how it is drawn: ruled | vertical_rules | horizontal_rules | unruled
    spans: tuple[tuple[int, int], ...] = ()  # (row, column) cells covered by a cell above that spans rows


@dataclass(frozen=True)
class Page:
    """One page's text as the pipeline reads it (text layer or OCR)."""

    page: int
    text: str
    extraction: Extraction
    quality: float | None
    n_chars: int
    has_text_layer: bool
    image_cover: float
    needs_ocr: bool = False
    rotation: int = 0
    tables: tuple[PageTable, ...] = ()
    error: str | None = None
    from_cache: bool = False  # an OCR reading that came from the page cache (not written out)
    reason: str | None = (
        None  # why the page needs OCR (and what came of it), None when the text layer is fine
    )


@dataclass(frozen=True)
class PdfText:
    """Every page of one PDF as read from its text layer (before OCR)."""

    doc_id: str
    n_pages: int
    pages: tuple[Page, ...]
    error: str | None = None  # the whole file could not be read
    page_errors: tuple[str, ...] = ()


# ------------------------------------------------------------------------------ OCR
@dataclass(frozen=True)
class OcrLine:
    text: str
    box: Box


@dataclass(frozen=True)
class OcrTable:
    bbox: Box
    rows: tuple[tuple[str | None, ...], ...]  # cell text (lines joined by \n); None where a merged cell spans


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page: lines around the tables, and the tables' cells."""

    page: int
    width: float
    height: float
    rotation: int  # degrees (counter-clockwise) the scan was turned to make the page upright
    skew: float
    lines: tuple[OcrLine, ...] = ()
    tables: tuple[OcrTable, ...] = ()
    numbers_fixed: int = 0
    numbers_unreadable: int = 0
    seconds: float = 0.0
    cached: bool = False


# ------------------------------------------------------------------------------ tables
@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    page: int
    kind: str = "data"  # data | header | title
    style: str = "ruled"  # how its table is drawn on that page (PageTable.style)
    carried: tuple[int, ...] = ()  # columns whose text comes from a cell above that spans this row


@dataclass(frozen=True)
class Record:
    """One logical row: a row that starts a record plus the rows that continue it."""

    cells: tuple[str, ...]
    page: int
    n_rows: int = 1
    title: str | None = None  # the section title row above it, if any
    style: str = "ruled"  # how its table is drawn where the record starts
    carried: tuple[int, ...] = ()  # columns whose text comes from a cell that spans rows


@dataclass(frozen=True)
class LogicalTable:
    """The tables of consecutive pages that continue one another, as one table."""

    index: int
    first_page: int
    header: tuple[str, ...]  # header text per column (header rows joined)
    roles: tuple[str | None, ...]  # role per column
    years: tuple[int | None, ...]  # fiscal year of a year column
    rows: tuple[Row, ...] = ()
    context: str = ""  # text above the table on its first page
    pages: tuple[int, ...] = ()

    @property
    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "data"]

    def col(self, role: str) -> int | None:
        """The first column with this role."""
        return next((i for i, r in enumerate(self.roles) if r == role), None)

    def cols(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]


# ------------------------------------------------------------------------------ document
@dataclass(frozen=True)
class Metadata:
    org_name: str | None = None
    org_type: str | None = None
    district: str | None = None
    province: str | None = None
    doc_type: str = DocType.OTHER.value
    fiscal_year: int | None = None
    fiscal_year_end: int | None = None
    overall_score: float | None = None
    overall_score_year: int | None = None
    province_code: str | None = None  # DOPA codes of the body's place (printed or inferred: place_source)
    district_code: str | None = None
    subdistrict_code: str | None = None
    place_source: str | None = None  # document | gazetteer
    doc_subtype: str | None = None  # a finer kind (rules/doc_types.yaml: subtypes)


@dataclass(frozen=True)
class Match:
    """The indicator and items a measure serves, and how sure that is."""

    indicator_no: int | None
    item_codes: tuple[str, ...]
    score: float
    method: str  # a MatchMethod value


@dataclass(frozen=True)
class DocumentResult:
    """One document's outcome and its rows of every per-document dataset."""

    doc_id: str
    source_file: str
    status: str  # a Status value
    error: str | None
    pages: int
    rows: dict[str, list[Rows]] = field(default_factory=dict)
    # the failure came from the environment (OCR not installed, …), not from the file: the run does
    # not record this result as the file's, and the next run reads the file again
    retry: bool = False


@dataclass(frozen=True)
class DocumentState:
    """One document as it goes through the stages (``pipeline.stages.STAGES``): each stage
    returns a new state with its own fields filled in; none changes what it was given."""

    doc_id: str
    source_file: str
    file_size: int
    n_pages: int = 0
    raw_pages: Iterable[RawPage | PageReadError] = ()  # input of text_layer (consumed by it)
    pages: tuple[Page, ...] = ()  # text_layer, then merge_ocr
    page_errors: tuple[str, ...] = ()
    fonts: tuple[FontDiagnosis, ...] = ()  # text_layer: every font of the document, diagnosed
    ocr: Mapping[int, Page | str] = field(
        default_factory=dict
    )  # 0-based page -> OCR reading or why it failed
    tables: tuple[LogicalTable, ...] = ()  # tables
    metadata: Metadata = Metadata()  # metadata
    indicator_scores: tuple[Rows, ...] = ()  # scores
    item_scores: tuple[Rows, ...] = ()
    measures: tuple[Rows, ...] = ()  # measures, then match
    budgets: tuple[Rows, ...] = ()  # budgets
    problems: tuple[str, ...] = ()  # budget totals that do not add up
    result: DocumentResult | None = None  # rows
