"""Every type the stages share, in one place. All are immutable (frozen dataclasses, named
tuples, tuples instead of lists), so that a stage can only return new values, never change the
ones it was given; closed vocabularies are ``str`` enums whose values are what the datasets hold.

Coordinates are PDF points with the origin at the page's top left.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, NamedTuple, Protocol


class StrEnum(str, Enum):
    """A ``str`` enum that prints, formats and serialises as its value."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Vocabulary(StrEnum):
    """A closed vocabulary of the datasets or the rules: each member is a value written as it is
    (``str``) and says what it means (``.meaning``, printed in the data dictionary). Rules files
    that name a member are checked against the enum when they are loaded."""

    meaning: str

    def __new__(cls, value: str, meaning: str = "") -> Vocabulary:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.meaning = meaning
        return obj

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


def all_vocabularies() -> list[type[Vocabulary]]:
    """Every closed vocabulary defined here, in the order they are defined."""
    return list(Vocabulary.__subclasses__())


class Status(Vocabulary):
    """How a document came through."""

    OK = "ok", "read whole"
    PARTIAL = "partial", "read in part: the error column says what is missing"
    ERROR = "error", "not read: the error column says why"


class Extraction(Vocabulary):
    """Where text came from (a page's is text or ocr; a document's also mixed)."""

    TEXT = "text", "the PDF's text layer"
    OCR = "ocr", "optical character recognition of the page image"
    MIXED = "mixed", "some pages from the text layer, some from OCR (documents only)"


class MeasureKind(Vocabulary):
    """Whether a measure row is planned or reported."""

    PLAN = "plan", "what will be done"
    REPORT = "report", "what was done"


class MeasureStatus(Vocabulary):
    """How far a reported measure got."""

    DONE = "done", "done (ดำเนินการแล้ว)"
    IN_PROGRESS = "in_progress", "in progress (อยู่ระหว่างดำเนินการ)"
    NOT_STARTED = "not_started", "not started (ยังไม่ได้ดำเนินการ)"


class ItemStatus(Vocabulary):
    """How far an OIT item falls short, or that the data cannot say."""

    MISSING = "missing", "scored 0"
    PARTIAL = "partial", "scored above 0 and below 100"
    UNSCORED = (
        "unscored",
        (
            "no score in the data, though other items of the body's assessment that year are scored "
            "(not evidence that it was missing: a document may list only some items)"
        ),
    )


class Evidence(Vocabulary):
    """What the corpus holds about a body's year (``coverage``), by ``rules/corpus.yaml: evidence``."""

    OVERALL_SCORE = "overall_score", "its overall ITA score"
    INDICATOR_SCORES = "indicator_scores", "its scores per indicator"
    ITEM_SCORES = "item_scores", "its scores per OIT item"
    INTEGRITY_PLAN = "integrity_plan", "its integrity measures (มาตรการส่งเสริมคุณธรรมและความโปร่งใส)"
    INTEGRITY_REPORT = "integrity_report", "a report of what was done about its integrity measures"
    ANTICORRUPTION_PLAN = "anticorruption_plan", "its anti-corruption plan (แผนปฏิบัติการป้องกันการทุจริต)"
    ANTICORRUPTION_REPORT = (
        "anticorruption_report",
        "a report of what was done under its anti-corruption plan",
    )
    RISK_PLAN = "risk_plan", "its corruption-risk management plan"
    RISK_REPORT = "risk_report", "a report on its corruption-risk plan or bribery measures"


class YearsSource(Vocabulary):
    """Where the fiscal years a measure counts in come from (``measures.fiscal_years_source``)."""

    PERIOD = "period", "its printed period (the fiscal years the period falls in)"
    BUDGET = "budget", "the years of its plan's budget table that give it an amount"
    PLAN_SPAN = "plan_span", "every year its multi-year plan covers (the plan prints no schedule for it)"
    FISCAL_YEAR = "fiscal_year", "its document's fiscal year"


class MeasureRole(Vocabulary):
    """What a measure row counts as across the corpus (``rules/corpus.yaml: evidence``)."""

    PLANNED = "planned", "a planned integrity or anti-corruption measure (plan_vs_outcome.planned)"
    REPORTED = "reported", "a reported one (plan_vs_outcome.reported)"
    OTHER = "other", "evidence of something else (a manpower plan's strategies, an operating plan's projects)"


class MatchMethod(Vocabulary):
    """How a measure's indicator was found."""

    PRINTED = (
        "printed",
        "an indicator number or item code printed on the row, in a column or in a heading above",
    )
    EXPLICIT = "explicit", "the measure's text, row or heading names the indicator in words"
    FUZZY = "fuzzy", "the measure's words against the indicators' names and keywords"
    NONE = "none", "no indicator could be given"


class DocType(Vocabulary):
    """What a document is (the contract's kinds)."""

    INTEGRITY_MEASURES = (
        "integrity_measures",
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใส, often with the analysis of last year's ITA",
    )
    INTEGRITY_REPORT = "integrity_report", "รายงานผลการดำเนินการ… ตามมาตรการ: what was done about the measures"
    ANTICORRUPTION_PLAN = "anticorruption_plan", "แผนปฏิบัติการป้องกันการทุจริต, often multi-year, with budgets"
    ANTICORRUPTION_REPORT = "anticorruption_report", "a report of what was done under an anti-corruption plan"
    ITA_ANALYSIS = "ita_analysis", "an analysis of the body's ITA results"
    OTHER = "other", "any other document (doc_subtype may say what it is)"


class OrgType(Vocabulary):
    """What kind of public body a document is about."""

    SAO = "sao", "องค์การบริหารส่วนตำบล (อบต.)"
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", "เทศบาลตำบล"
    TOWN_MUNICIPALITY = "town_municipality", "เทศบาลเมือง"
    CITY_MUNICIPALITY = "city_municipality", "เทศบาลนคร"
    PAO = "pao", "องค์การบริหารส่วนจังหวัด (อบจ.)"
    OTHER = "other", "any other public body"


class OrgGroup(Vocabulary):
    """The ITA's groups of public bodies (``documents.org_group``; the fine kind is ``org_kind``)."""

    LOCAL_GOVERNMENT = "local_government", "local government (อปท.): its tier is org_type"
    CENTRAL_GOVERNMENT = (
        "central_government",
        "a ministry, a department, their national and provincial offices",
    )
    STATE_ENTERPRISE = "state_enterprise", "a state enterprise (รัฐวิสาหกิจ)"
    PUBLIC_ORGANISATION = "public_organisation", "a public organisation (องค์การมหาชน)"
    UNIVERSITY = "university", "a university"
    VOCATIONAL_COLLEGE = "vocational_college", "a vocational college (OVEC)"
    SCHOOL = "school", "a school or an educational service area (OBEC)"
    HEALTH = "health", "a hospital or a health office"
    COURT_INDEPENDENT = "court_independent", "a court or an independent body"
    OTHER = "other", "any other body"


class Role(Vocabulary):
    """What a table column holds, named by its header (``rules/tables.yaml: roles``) or by its
    values (a year, a column of scores)."""

    SEQUENCE = "sequence", "the row's number (ลำดับ)"
    MEASURE = "measure", "the measure, project or activity"
    INDICATOR = "indicator", "an ITA indicator the row is about"
    INDICATOR_NAME = "indicator_name", "an indicator's name in a score table"
    STEPS = "steps", "steps or method"
    RESPONSIBLE = "responsible", "the responsible unit"
    PERIOD = "period", "when it is done"
    RESULT = "result", "what was done"
    STATUS = "status", "how far it got (ticks or words)"
    MONITORING = "monitoring", "follow-up of what was done"
    OUTCOME = "outcome", "outcome or success measure (ผลลัพธ์)"
    SCORE = "score", "a score 0-100"
    FINDINGS = "findings", "findings of an analysis"
    TOOL = "tool", "IIT, EIT or OIT"
    QUESTION = "question", "an item or question (i1…, e1…, o1…)"
    DIMENSION = "dimension", "a plan's dimension (มิติ)"
    MISSION = "mission", "a plan's mission under a dimension (ภารกิจตามมิติ)"
    BUDGET = "budget", "an amount of money"
    COUNT = "count", "a count"
    PERCENT = "percent", "a share in per cent"
    PLACE = "place", "where"
    NOTE = "note", "remarks (หมายเหตุ)"
    RISK = "risk", "a risk of a risk plan"
    TARGET = "target", "a target or indicator of success"
    OBJECTIVE = "objective", "an objective"
    TARGET_GROUP = "target_group", "who it is for"
    PROBLEMS = "problems", "problems met"
    EVIDENCE = "evidence", "evidence or documents"
    YEAR = "year", "a fiscal year's column of amounts (its header names the year)"
    BODY = "body", "a body's name (a results announcement's rows)"
    IIT = "iit", "a body's IIT points"
    EIT = "eit", "a body's EIT points"
    OIT = "oit", "a body's OIT points"
    TOTAL = "total", "a body's total ITA score"
    LEVEL = "level", "a body's result level as printed (ผ่านดีเยี่ยม, ผ่าน, …)"


class TableStyle(Vocabulary):
    """How a table is drawn."""

    RULED = "ruled", "every cell boxed"
    VERTICAL_RULES = "vertical_rules", "column rules only: rows cut by their numbering"
    HORIZONTAL_RULES = "horizontal_rules", "row rules only: columns from the text's gaps"
    UNRULED = "unruled", "no rules: columns from the text's gaps, rows by their numbering"
    HEADER_RULED = (
        "header_ruled",
        "the header boxed, the body without rules: the header's columns, rows from the text",
    )
    LIST = "list", "no table: numbered paragraphs under a title that says they are measures"


class RowKind(Vocabulary):
    DATA = "data", "a row of values"
    HEADER = "header", "a header row (it names columns)"
    TITLE = "title", "a section title across the table"


class ProjectKind(Vocabulary):
    """What a plan's budget row is, by the word its name starts with."""

    PROJECT = "project", "โครงการ"
    ACTIVITY = "activity", "กิจกรรม"
    MEASURE = "measure", "มาตรการ"


class Fault(Vocabulary):
    """What a font's evidence shows about its text layer."""

    NIKHAHIT_AS_SPACE = "nikhahit_as_space", "the NIKHAHIT of ำ mapped to a space (ส านัก)"
    LOST_NIKHAHIT = "lost_nikhahit", "ำ read as า (สานัก)"
    AA_AS_AM = "aa_as_am", "า read as ำ (บริกำร)"
    LOST_TONES = "lost_tones", "tone marks missing"
    PUA = "pua", "private-use code points (legacy Thai glyphs, symbol fonts)"
    UNMAPPED = "unmapped", "codes without Unicode (no usable ToUnicode map)"
    NOT_THAI = "not_thai", "letters of scripts a Thai document does not use (glyph ids read as Greek)"
    INVISIBLE = "invisible", "text drawn invisibly (an OCR layer over a scan)"
    MARKS_AS_LETTERS = "marks_as_letters", "marks mapped to consonants (no edit restores them)"
    LOW_COVERAGE = "low_coverage", "few of its Thai letters form dictionary words"


class FontAction(Vocabulary):
    """What is done about a font's text."""

    CLEAN = "clean", "left alone"
    REPAIR = "repair", "the dictionary repair with the edits its faults call for"
    DECODED = "decoded", "read through its embedded font program"
    UNREADABLE = "unreadable", "its text is not kept: the pages it covers are OCR'd"


class Edit(Vocabulary):
    """A kind of edit the dictionary repair tries (``pipeline.text.repair``; penalties and which
    fault calls for which in ``rules/text.yaml``)."""

    LOST_NIKHAHIT = "lost_nikhahit", "า back to ำ (สานัก -> สำนัก)"
    NIKHAHIT_AS_SPACE = "nikhahit_as_space", "a space before า back to ำ (ส านัก -> สำนัก)"
    AM_FOR_AA = "am_for_aa", "ำ back to า (บริกำร -> บริการ)"
    DROP_SPACE = "drop_space", "a space inside a word dropped (ทั้ ง -> ทั้ง)"
    MARK_FOR_SPACE = "mark_for_space", "a space that stands for a lost mark"
    MISPLACED_MARK = "misplaced_mark", "a mark moved to the letter it belongs to"
    LOST_TONE = "lost_tone", "a lost tone mark put back"
    TONE_FOR_UU = "tone_for_uu", "a tone mark read for a sara uu"
    NIKHAHIT_AS_TONE = "nikhahit_as_tone", "a nikhahit read as a tone mark"
    MARK_MISREAD = "mark_misread", "OCR only: one above-mark read for another"


class Tool(Vocabulary):
    """An ITA assessment tool."""

    IIT = "IIT", "Internal Integrity and Transparency Assessment: staff survey (items i1…)"
    EIT = "EIT", "External Integrity and Transparency Assessment: survey of service users (items e1…)"
    OIT = "OIT", "Open Integrity and Transparency Assessment: published evidence (items o1…)"

    @classmethod
    def of_item(cls, code: str | None) -> Tool | None:
        """The tool an item code belongs to, by its letter (``o12`` -> OIT); None for no code."""
        return {"i": cls.IIT, "e": cls.EIT, "o": cls.OIT}.get((code or "")[:1])


class TaskKind(Vocabulary):
    """The tasks of a document (``pipeline.runner.schedule``)."""

    READ = "read", "its text layer"
    OCR = "ocr", "one page's OCR"
    FINISH = "finish", "the rest of the stages"


class OcrFailureKind(Vocabulary):
    """Why a page's OCR failed (``OcrFailure.kind``)."""

    TIMEOUT = "timeout", "it ran past the page's time limit"
    UNAVAILABLE = "unavailable", "the OCR engine is not installed or cannot start (the machine's fault)"
    TOO_LARGE = "too_large", "the page image is over the pixel limit"
    MEMORY = "memory", "it ran out of the worker's memory"
    FAILED = "failed", "the engine or the code failed on it"


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
    redecoded: int = 0  # characters whose wrong ToUnicode text the font program corrected


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
    blank_glyphs: int = 0  # glyphs drawn that map to no character (a ToUnicode map of zeros)


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
    style: TableStyle
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
    redecoded: int = 0
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
    faults: tuple[Fault, ...]
    action: FontAction
    coverage: float | None = None

    @property
    def broken(self) -> bool:
        return self.action in (FontAction.REPAIR, FontAction.DECODED)


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
    style: TableStyle = TableStyle.RULED  # how it is drawn
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
    # why the page needs OCR (and what came of it), None when the text layer is fine
    reason: str | None = None
    kept_text_layer: bool = False  # OCR read it no better: its text layer stands


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


@dataclass(frozen=True)
class OcrFailure:
    """Why one page's OCR gave no reading; ``str()`` is the reason as the datasets say it."""

    page: int  # 1-based
    kind: OcrFailureKind
    message: str  # what happened, without the page ("OCR timed out after 120 s")

    @property
    def environment(self) -> bool:
        """The machine's fault (the engine is missing), not the page's: the document is read again
        on the next run."""
        return self.kind == OcrFailureKind.UNAVAILABLE

    def __str__(self) -> str:
        return f"page {self.page}: {self.message}"


# ------------------------------------------------------------------------------ OCR engines
class OcrLanguages(Vocabulary):
    """Which scripts an OCR engine is asked to read."""

    THAI_LATIN = "thai_latin", "Thai and Latin (pages and cells)"
    THAI = "thai", "Thai alone (a cell the Latin model misread: 'A.A.' for 'ต.ค.')"


class OcrMode(Vocabulary):
    """What an image given to an OCR engine holds."""

    PAGE = "page", "a page or a part of one: the engine finds its blocks and lines"
    BLOCK = "block", "one block of text (a table cell)"
    LINE = "line", "one line or word (a word the glyph reader could not read)"


class OcrUnavailable(RuntimeError):
    """The OCR engine or its Thai model is not installed (run `make setup`)."""


class OcrTimeout(RuntimeError):
    """Recognition did not finish before the page's deadline."""


PixelBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels


def box_around(boxes: Iterable[PixelBox]) -> PixelBox:
    """The box around ``boxes``."""
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: PixelBox
    conf: float


@dataclass(frozen=True)
class OcrWordLine:
    """A line of words as the engine grouped them."""

    words: tuple[OcrWord, ...]
    box: PixelBox


class OcrEngine(Protocol):
    """An OCR engine (``pipeline.ocr.engine.engine_for`` picks one by ``rules/ocr.yaml: engine``;
    its own settings are under its name there). Images are PIL images; ``deadline`` is a
    ``time.monotonic()`` value after which recognition is abandoned (``OcrTimeout``)."""

    name: str

    def version(self) -> str: ...

    def read(
        self, image: Any, languages: OcrLanguages, mode: OcrMode, deadline: float | None = None
    ) -> list[OcrWordLine]: ...

    def read_rects(
        self,
        image: Any,
        rects: Sequence[PixelBox],
        languages: OcrLanguages,
        mode: OcrMode,
        deadline: float | None = None,
    ) -> list[list[OcrWordLine]]: ...

    def orientation(self, image: Any) -> int:
        """Clockwise rotation (0, 90, 180, 270) that makes the page upright; 0 when unsure."""
        ...


# ------------------------------------------------------------------------------ tables
@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    page: int
    kind: RowKind = RowKind.DATA
    style: TableStyle = TableStyle.RULED  # how its table is drawn on that page (PageTable.style)
    carried: tuple[int, ...] = ()  # columns whose text comes from a cell above that spans this row


@dataclass(frozen=True)
class Record:
    """One logical row: a row that starts a record plus the rows that continue it."""

    cells: tuple[str, ...]
    page: int
    n_rows: int = 1
    title: str | None = None  # the section title row above it, if any
    style: TableStyle = TableStyle.RULED  # how its table is drawn where the record starts
    carried: tuple[int, ...] = ()  # columns whose text comes from a cell that spans rows


@dataclass(frozen=True)
class LogicalTable:
    """The tables of consecutive pages that continue one another, as one table."""

    index: int
    first_page: int
    header: tuple[str, ...]  # header text per column (header rows joined)
    roles: tuple[Role | None, ...]  # role per column
    years: tuple[int | None, ...]  # fiscal year of a year column
    rows: tuple[Row, ...] = ()
    context: str = ""  # text above the table on its first page
    pages: tuple[int, ...] = ()

    @property
    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == RowKind.DATA]

    def col(self, role: Role) -> int | None:
        """The first column with this role."""
        return next((i for i, r in enumerate(self.roles) if r == role), None)

    def cols(self, role: Role) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]


# ------------------------------------------------------------------------------ document
@dataclass(frozen=True)
class Metadata:
    org_name: str | None = None
    org_type: OrgType | None = None
    district: str | None = None
    province: str | None = None
    doc_type: DocType = DocType.OTHER
    fiscal_year: int | None = None
    fiscal_year_end: int | None = None
    overall_score: float | None = None
    overall_score_year: int | None = None
    province_code: str | None = None  # DOPA codes of the body's place (printed or inferred: place_source)
    district_code: str | None = None
    subdistrict_code: str | None = None
    place_source: str | None = None  # document | gazetteer
    doc_subtype: str | None = None  # a finer kind (rules/doc_types.yaml: subtypes)
    revision_note: str | None = None  # the title calls it a revision ("ฉบับปรับปรุง"), as printed
    publisher_name: str | None = None  # the body that posted it, when another than the one it is about
    publisher_type: OrgType | None = None
    org_kind: str | None = None  # the fine kind of body (rules/org_types.yaml: kind)
    org_group: OrgGroup | None = None


@dataclass(frozen=True)
class Match:
    """The indicator and items a measure serves, and how sure that is."""

    indicator_no: int | None
    item_codes: tuple[str, ...]
    score: float
    method: MatchMethod
    item_topics: tuple[str, ...] = ()  # the items' topics (rules/topics.yaml): their meaning in any year
    note: str | None = None  # why there is no indicator, or what the printed code and the text disagree on
    framework: str | None = None  # another framework's code printed on the row ("MOIT")
    framework_code: str | None = None  # ... as printed there, normalised ("MOIT 3")


@dataclass(frozen=True)
class Measure:
    """One measure row of a plan or a results report as the ``measures`` stage reads it; the
    ``match`` stage adds ``match``; ``row()`` is its row of the ``measures`` dataset.

    ``match_context`` (the row's indicator cell, its section title, the lines above its table,
    nearest first) and ``row_items`` (the item of its table row) are what the matcher reads
    around the measure; they are not published."""

    doc_id: str
    source_file: str
    org_name: str | None
    fiscal_year: int | None
    seq: int
    kind: MeasureKind
    text: str
    page: int
    steps: str | None = None
    responsible: str | None = None
    period_text: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    result_text: str | None = None
    outcome_text: str | None = None
    status: MeasureStatus | None = None
    status_note: str | None = None
    period_note: str | None = None
    indicator_cell: str | None = None
    item_cell: str | None = None
    section: str | None = None
    table_style: TableStyle | None = None
    from_spanning_cell: tuple[str, ...] = ()
    project_no: int | None = None  # the plan project this row is (budgets.project_no)
    fiscal_years: tuple[int, ...] = ()  # the fiscal years it is planned (or reported) in
    fiscal_years_source: YearsSource | None = None
    match_context: tuple[str, ...] = ()
    row_items: tuple[str, ...] = ()
    match: Match | None = None

    @property
    def measure_id(self) -> str:
        """Stable id: the same document, position and text give the same id."""
        return hashlib.sha1(f"{self.doc_id}|{self.seq}|{self.text}".encode()).hexdigest()[:16]

    def row(self) -> Rows:
        """The ``measures`` row (what the matcher read around it left out)."""
        m = self.match
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _MEASURE_PRIVATE}
        return {
            **out,
            "measure_id": self.measure_id,
            "from_spanning_cell": list(self.from_spanning_cell),
            "fiscal_years": list(self.fiscal_years),
            "indicator_no": m.indicator_no if m else None,
            "item_codes": list(m.item_codes) if m else [],
            "item_topics": list(m.item_topics) if m else [],
            "match_note": m.note if m else None,
            "framework": m.framework if m else None,
            "framework_code": m.framework_code if m else None,
            "match_score": m.score if m else None,
            "match_method": m.method if m else None,
        }


_MEASURE_PRIVATE = frozenset({"match_context", "row_items", "match"})


@dataclass(frozen=True)
class DocumentResult:
    """One document's outcome and its rows of every per-document dataset."""

    doc_id: str
    source_file: str
    status: Status
    error: str | None
    pages: int
    rows: dict[str, list[Rows]] = field(default_factory=dict)
    # the failure came from the environment (OCR not installed, …), not from the file: the run does
    # not record this result as the file's, and the next run reads the file again
    retry: bool = False
    # seconds each stage ran on this document (and ``ocr``: its pages' OCR tasks), for the run record
    stage_seconds: dict[str, float] = field(default_factory=dict)


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
    ocr: Mapping[int, Page | OcrFailure] = field(
        default_factory=dict
    )  # 0-based page -> OCR reading or why it failed
    tables: tuple[LogicalTable, ...] = ()  # tables
    metadata: Metadata = Metadata()  # metadata
    indicator_scores: tuple[Rows, ...] = ()  # scores
    item_scores: tuple[Rows, ...] = ()
    measures: tuple[Measure, ...] = ()  # measures, then match
    budgets: tuple[Rows, ...] = ()  # budgets
    assessment_results: tuple[Rows, ...] = ()  # results
    problems: tuple[str, ...] = ()  # budget totals that do not add up
    result: DocumentResult | None = None  # rows
    seconds: tuple[tuple[str, float], ...] = ()  # run_stages: (stage, seconds it ran), in order
