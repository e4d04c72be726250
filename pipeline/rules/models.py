"""One pydantic model per rules file (``rules/*.yaml``): what each file may hold, checked at load.

Every model is frozen and refuses unknown keys; every list of words or phrases refuses
duplicates; every pattern carries ``examples`` that must match (with their groups) and, for the
broad ones, ``counter_examples`` that must not. A mistake names the file and the entry
(``rules/patterns.yaml: patterns.district.examples.0: pattern does not match 'อ.เทพารักษ์'``).
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..model import (
    DocType,
    Edit,
    Evidence,
    Fault,
    MeasureStatus,
    OcrLanguages,
    OcrMode,
    OrgGroup,
    OrgType,
    ProjectKind,
    Role,
    Tool,
)
from ..text.chars import compact, skeleton


def _duplicates(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    dup = []
    for v in values:
        key = v if isinstance(v, (str, int, float)) else None
        if key is None:
            continue
        if key in seen and key not in dup:
            dup.append(key)
        seen.add(key)
    return dup


class Frozen(BaseModel):
    """Frozen, no unknown keys, no duplicate entries in any list of words."""

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))

    @model_validator(mode="after")
    def _no_duplicates(self) -> Frozen:
        for name in type(self).model_fields:
            value = getattr(self, name)
            lists = (
                [value]
                if isinstance(value, list)
                else list(value.values())
                if isinstance(value, dict)
                else []
            )
            for lst in lists:
                if isinstance(lst, list) and (dup := _duplicates(lst)):
                    raise ValueError(f"{name}: listed twice: {dup}")
        return self


# ------------------------------------------------------------------------------ patterns
class Example(Frozen):
    """A text a pattern must match; ``groups`` (when given) are the groups it must capture."""

    text: str
    groups: list[str | None] = []

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, v: Any) -> Any:
        return {"text": v} if isinstance(v, str) else v


class Pattern(Frozen):
    """A regular expression over repaired text (NFC, Arabic digits) with the examples that show
    what it is for: each example must match, each counter-example must not."""

    pattern: str
    examples: list[Example] = Field(min_length=1)
    counter_examples: list[str] = []

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return v

    @model_validator(mode="after")
    def _examples(self) -> Pattern:
        rx = re.compile(self.pattern)
        for example in self.examples:
            m = rx.search(example.text)
            if not m:
                raise ValueError(f"pattern does not match its example {example.text!r}")
            if example.groups and list(m.groups()) != example.groups:
                raise ValueError(
                    f"example {example.text!r} gives groups {list(m.groups())}, expected {example.groups}"
                )
        for ce in self.counter_examples:
            if rx.search(ce):
                raise ValueError(f"pattern matches its counter-example {ce!r}")
        return self

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


class PatternRules(Frozen):
    patterns: dict[str, Pattern]

    def __getitem__(self, name: str) -> re.Pattern[str]:
        return self.patterns[name].regex


# ------------------------------------------------------------------------------ text.yaml
class FaultRules(Frozen):
    min_letters: int = Field(ge=0)
    min_am_share: float = Field(ge=0, le=1)
    min_tone_share: float = Field(ge=0, le=1)
    min_spaced_aa: int = Field(ge=1)
    min_am_for_aa: int = Field(ge=1)


class FontRules(FaultRules):
    """When a font's evidence over a document shows a fault (``pipeline.text.fonts``): the letter
    statistics of ``FaultRules`` over the font's whole text, and the font's own evidence."""

    min_zero_width: int = Field(ge=1)  # spaces/letters drawn without an advance that prove a mapping fault
    # codes neither mapped nor decoded, beyond which a font is unreadable
    max_unreadable_share: float = Field(ge=0, le=1)
    min_foreign_share: float = Field(ge=0, le=1)  # letters of scripts a Thai document does not use
    # dictionary coverage below which a font with enough text is broken
    min_coverage: float = Field(ge=0, le=1)
    sample_letters: int = Field(ge=100)  # how much of a font's text the dictionary test reads
    # the repair edits each fault calls for (a font gets those of its faults)
    fault_edits: dict[Fault, list[Edit]]


class RepairRules(Frozen):
    faults: FaultRules
    fonts: FontRules
    unseen_word_frequency: int = Field(gt=0)
    unknown_base_cost: float = Field(ge=0)
    unknown_letter_cost: float = Field(ge=0)
    rare_word_cost: float = Field(ge=0)
    ambiguity_margin: float = Field(ge=0)
    min_gain_with_new_nonword: float = Field(ge=0)
    beam_width: int = Field(ge=0, le=50)
    abbreviation_letters: int = Field(ge=0, le=4)
    wide_beam_width: int = Field(ge=0, le=50)
    penalties: dict[Edit, float]

    @field_validator("penalties")
    @classmethod
    def _every_edit(cls, v: dict[Edit, float]) -> dict[Edit, float]:
        if set(v) != set(Edit):
            raise ValueError(f"penalties must name exactly the edits {sorted(Edit.values())}")
        return v


class ScriptExample(Frozen):
    """A text and whether its letters are of the expected scripts."""

    text: str
    readable: bool


class FontDecodingRules(Frozen):
    """Fonts whose ToUnicode map is wrong, decoded from their programs (``adapters/fontprogram``)."""

    enabled: bool = True  # off: such fonts are judged unreadable and their pages OCR'd, as before
    font_dirs: list[str]  # where the full fonts are installed (their outlines identify subset glyphs)
    min_confidence: float = Field(ge=0.5, le=1)  # a decoded glyph replaces the map's text from here up
    box_max_distance: float = Field(gt=0)  # a drawn character's box is its glyph's within this (em/1000)


class TextRules(Frozen):
    source: str
    repair: RepairRules
    font_decoding: FontDecodingRules
    pua_thai: dict[str, str]
    symbol_fonts: dict[str, dict[str, str]]
    default_symbol_font: str
    extra_words: list[str]
    expected_scripts: dict[str, str] = {}  # name -> code point ranges ("0E00-0E7F, 0041-005A")
    expected_script_examples: list[ScriptExample] = []

    @cached_property
    def expected_ranges(self) -> tuple[tuple[int, int], ...]:
        """The expected scripts' code point ranges (empty: every script is expected)."""
        out = []
        for spec in self.expected_scripts.values():
            for part in spec.split(","):
                lo, _, hi = part.strip().partition("-")
                out.append((int(lo, 16), int(hi or lo, 16)))
        return tuple(out)

    @field_validator("pua_thai")
    @classmethod
    def _hex_keys(cls, v: dict[str, str]) -> dict[str, str]:
        for k, val in v.items():
            code = int(str(k), 16)
            if not 0xE000 <= code <= 0xF8FF:
                raise ValueError(f"{k} is not a private-use code point")
            if len(val) != 1:
                raise ValueError(f"{k} must map to one character, not {val!r}")
        return {str(k).upper(): val for k, val in v.items()}

    @field_validator("symbol_fonts")
    @classmethod
    def _font_codes(cls, v: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        out = {}
        for font, table in v.items():
            for k, val in table.items():
                if not 0x20 <= int(str(k), 16) <= 0xFF:
                    raise ValueError(f"{font}: {k} is not a one-byte font code")
                if len(val) != 1:
                    raise ValueError(f"{font}: {k} must map to one character, not {val!r}")
            out[font.lower()] = {str(k).upper().zfill(2): val for k, val in table.items()}
        return out

    @model_validator(mode="after")
    def _default_font(self) -> TextRules:
        if self.default_symbol_font not in self.symbol_fonts:
            raise ValueError(f"default_symbol_font {self.default_symbol_font!r} is not in symbol_fonts")
        return self

    def symbol_table(self, font_name: str | None) -> dict[int, str] | None:
        """U+F0xx -> Unicode for a font (subset prefix and spaces ignored), None if unknown."""
        key = font_name or self.default_symbol_font
        key = key.split("+")[-1].lower().replace(" ", "").replace("-", "")
        for font, table in self.symbol_fonts.items():
            if key.startswith(font) and (len(key) == len(font) or not key[len(font)].isdigit()):
                return {0xF000 + int(k, 16): val for k, val in table.items()}
        return None

    @cached_property
    def pua_table(self) -> dict[int, str]:
        """Every private-use code point the repair maps: legacy Thai glyphs and (for text
        without font information) the default symbol font's boxes."""
        table = {int(k, 16): v for k, v in self.pua_thai.items()}
        table.update(self.symbol_table(None) or {})
        return table


# ------------------------------------------------------------------------------ thresholds
class PageQualityRules(Frozen):
    needs_ocr_below: float = Field(ge=0, le=1)
    min_text_chars: int = Field(ge=0)
    scan_image_cover: float = Field(ge=0, le=1)
    blank_image_cover: float = Field(ge=0, le=1)


class FiscalYearRules(Frozen):
    max_plan_span_years: int = Field(ge=1, le=20)
    min_be_year: int
    max_be_year: int

    def plausible(self, year: int | None) -> bool:
        return year is not None and self.min_be_year <= year <= self.max_be_year


class ItaRules(Frozen):
    pass_mark: float = Field(ge=0, le=100)
    first_indicator: int = Field(ge=1)
    last_indicator: int = Field(ge=1)

    def is_indicator(self, no: float | None) -> bool:
        return no is not None and no == int(no) and self.first_indicator <= no <= self.last_indicator

    @property
    def indicators(self) -> range:
        return range(self.first_indicator, self.last_indicator + 1)


class Limits(Frozen):
    worker_memory_mb: int = Field(ge=200)
    worker_max_tasks: int = Field(ge=0)
    max_page_pixels: int = Field(ge=1_000_000)
    min_ocr_dpi: int = Field(ge=50)
    max_chars_per_page: int = Field(ge=10_000)
    max_objects_per_page: int = Field(ge=10_000)
    max_chars_per_document: int = Field(ge=100_000)


class Thresholds(Frozen):
    page_quality: PageQualityRules
    fiscal_year: FiscalYearRules
    ita: ItaRules
    limits: Limits


# ------------------------------------------------------------------------------ org types
class OrgExample(Frozen):
    """A mention of a body as printed and the canonical name it must give."""

    text: str
    name: str


class OrgTypeRule(Frozen):
    code: OrgType
    kind: str  # the fine kind (documents.org_kind)
    group: OrgGroup
    fixed: bool = False  # the canonical form is the whole name
    suffix: str | None = None  # the name is the words between a phrase and this ("(องค์การมหาชน)")
    area_number: bool = False  # "… เขต 2" after the name is part of it
    names: list[str] = []  # the only names there are after the kind (the ministries), when listed
    canonical: str
    phrases: list[str]
    abbreviations: list[str] = []
    examples: list[OrgExample] = Field(min_length=1)
    counter_examples: list[str] = []  # text that names no body of this kind ("กรมธรรม์": a policy)
    # what the name after the kind is: a subdistrict (อบต.ตุน), a district (โรงพยาบาลน้ำยืน), a province
    # (อบจ.ศรีสะเกษ) or none; a name that is nearly that place's name is that place misread; national:
    # a body of the whole country, in no province
    # area: a district's name or a province's (a college, a hospital)
    place: Literal["subdistrict", "district", "province", "area", "none", "national"] = "none"

    @model_validator(mode="after")
    def _canonical_listed(self) -> OrgTypeRule:
        if self.canonical not in self.phrases:
            raise ValueError(f"canonical {self.canonical!r} must be one of its phrases")
        return self


class CutExample(Frozen):
    """A run-on name and where it must be cut."""

    text: str
    cut: str


class OrgRules(Frozen):
    org_types: list[OrgTypeRule]
    name_terminators: list[str]
    name_terminator_examples: list[CutExample] = Field(min_length=1)
    name_stop_words: list[str]
    heading_words: list[str] = []  # a heading's first word: a name may go on on the next line after it

    def kind_of(self, org_name: str | None, org_type: str | None) -> OrgTypeRule | None:
        """The kind of body a name is: the longest canonical form it starts with, of its type."""
        return next(
            (
                ot
                for ot in self.longest_first
                if org_name and org_name.startswith(ot.canonical) and ot.code == org_type
            ),
            None,
        )

    @cached_property
    def longest_first(self) -> tuple[OrgTypeRule, ...]:
        """The kinds, the longest canonical form first (a name is of the longest it starts with)."""
        return tuple(sorted(self.org_types, key=lambda o: -len(o.canonical)))


# ------------------------------------------------------------------------------ places
class PlaceExample(Frozen):
    text: str
    district: str | None
    province: str | None


class PlaceRules(Frozen):
    """Place names against the gazetteer (``pipeline/text/places.py``)."""

    min_similarity: float = Field(ge=50, le=100)
    min_margin: float = Field(ge=0)
    capital_district: str
    district_not_after: list[str]
    examples: list[PlaceExample] = Field(min_length=1)


# ------------------------------------------------------------------------------ doc types
class PhraseRule(Frozen):
    """Phrases (regular expressions over text without spaces) that name a kind of document, with
    titles as printed that one of them must match."""

    patterns: list[str]
    examples: list[str] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _compile(cls, v: list[str]) -> list[str]:
        for p in v:
            re.compile(p)
        return v

    @model_validator(mode="after")
    def _examples_match(self) -> PhraseRule:
        for example in self.examples:
            flat = re.sub(r"\s+", "", example)
            if not any(re.search(p, flat) for p in self.patterns):
                raise ValueError(f"no pattern matches its example {example!r}")
        return self


class DocTypeRule(PhraseRule):
    code: DocType


class DocSubtypeRule(PhraseRule):
    """A finer kind of document (any doc_type): the first listed whose phrase is in the title area.
    Subtypes are an open vocabulary: a new one is a new entry in ``rules/doc_types.yaml``."""

    code: str


class PostingMemoRules(Frozen):
    """A cover memo asking that a document be published (``stages.metadata.posting_memo_pages``):
    phrases compared as skeletons (``text.chars.skeleton``: no marks, spaces or punctuation)."""

    max_pages: int = Field(ge=1, le=5)
    letterhead: list[str] = Field(min_length=1)
    request: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=1)  # memo pages as printed (or as OCR reads them)
    counter_examples: list[str] = []

    def is_memo(self, page: str, top_chars: int = 200) -> bool:
        flat = skeleton(page)
        return any(skeleton(w) in flat[:top_chars] for w in self.letterhead) and any(
            skeleton(w) in flat for w in self.request
        )

    @model_validator(mode="after")
    def _examples(self) -> PostingMemoRules:
        for ex in self.examples:
            if not self.is_memo(ex):
                raise ValueError(f"not a posting memo: its example {ex!r}")
        for ce in self.counter_examples:
            if self.is_memo(ce):
                raise ValueError(f"a posting memo: its counter-example {ce!r}")
        return self


class DocTypeRules(Frozen):
    doc_types: list[DocTypeRule]
    subtypes: list[DocSubtypeRule] = []
    title_chars: int = Field(gt=0)
    posting_memo: PostingMemoRules


# ------------------------------------------------------------------------------ months
class Month(Frozen):
    names: list[str]
    abbreviations: list[str]


class MonthRules(Frozen):
    months: dict[int, Month]
    era: str  # an era marker between a month and its year ("พ.ศ.", "ค.ศ."), as a regular expression
    examples: list[DatedExample] = Field(min_length=1)

    @field_validator("months")
    @classmethod
    def _twelve(cls, v: dict[int, Month]) -> dict[int, Month]:
        if sorted(v) != list(range(1, 13)):
            raise ValueError("months must be exactly 1..12")
        return v


class DatedExample(Frozen):
    """A period or date as printed and what it must resolve to (ISO dates; null = unreadable)."""

    text: str
    fiscal_year: int | None = None
    start: str | None
    end: str | None


# ------------------------------------------------------------------------------ tables
class RoleRule(Frozen):
    """A column role: the header words that name it, and real header cells that must get it."""

    synonyms: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=1)
    counter_examples: list[str] = []


class StatusExample(Frozen):
    text: str
    status: MeasureStatus | None


class StatusRules(Frozen):
    ticked: list[str]
    unticked: list[str]
    labels: dict[MeasureStatus, list[str]]
    label_min_similarity: float = Field(ge=50, le=100)  # a misread label after a tick
    label_margin: float = Field(ge=0, le=50)  # ahead of every other status by this much
    wording: dict[MeasureStatus, list[str]]
    examples: list[StatusExample] = Field(min_length=1)

    @field_validator("labels", "wording")
    @classmethod
    def _statuses(cls, v: dict[MeasureStatus, list[str]]) -> dict[MeasureStatus, list[str]]:
        if set(v) != set(MeasureStatus):
            raise ValueError(f"must give every status: {sorted(MeasureStatus.values())}")
        return v

    @field_validator("wording")
    @classmethod
    def _compile(cls, v: dict[MeasureStatus, list[str]]) -> dict[MeasureStatus, list[str]]:
        for pats in v.values():
            for p in pats:
                re.compile(p)
        return v

    @cached_property
    def by_length(self) -> list[tuple[str, MeasureStatus]]:
        """Every label (spaces removed) with its status, the longest first: a label is tried before
        the labels inside it."""
        every = [("".join(lab.split()), st) for st, labs in self.labels.items() for lab in labs]
        return sorted(every, key=lambda x: -len(x[0]))

    @cached_property
    def distinct(self) -> dict[str, MeasureStatus]:
        """The labels that name a status on their own: inside no other status's label (``ดำเนินการ``,
        in ``ยังไม่ได้ดำเนินการ``, may be a wrapped header word)."""
        every = self.by_length
        return {lab: st for lab, st in every if not any(lab in other and st != o for other, o in every)}


class AmountExample(Frozen):
    """An amount cell as printed and what it is worth (null: not an amount)."""

    text: str
    amount: float | None


class NumberedMeasures(Frozen):
    """Measures written as numbered paragraphs, with no table (an announcement of measures): the
    paragraphs are measures only when the document's title says it states measures."""

    title: Pattern  # the title line ("เรื่อง …")
    measure_title: Pattern  # ... that says the document states measures
    item: Pattern  # a paragraph's number: group 1 the number
    end: Pattern  # a line after the list (the closing formula, the signature)
    page_number: Pattern  # a line that is only a page number, skipped
    title_lines: int = Field(ge=1)  # the title is among the first lines of the document
    min_items: int = Field(ge=2)


class TableRules(Frozen):
    header_match_min: float = Field(ge=0, le=100)
    header_row_share: float = Field(ge=0, le=1)
    first_row_share: float = Field(ge=0, le=1)
    header_fragment_chars: int = Field(ge=0)
    roles: dict[Role, RoleRule]
    year_header: Pattern
    header_note: Pattern  # "(30)" after a tool's name: its maximum, not a row's figure
    section_title: Pattern
    row_markers: dict[str, Pattern]
    marker_junk: Pattern  # OCR junk before a row marker, stripped when the marker is not found as it is
    row_numbering: Pattern
    step_number: Pattern
    continued: Pattern
    total_row: Pattern
    grand_total: Pattern
    leading_bullet: Pattern
    project_number: Pattern
    project_kinds: dict[str, ProjectKind]
    project_count: Pattern
    dimension: Pattern
    no_amount: list[str]
    currency_words: list[str]
    amount_examples: list[AmountExample] = Field(min_length=1)
    status: StatusRules
    numbered_measures: NumberedMeasures

    @field_validator("roles")
    @classmethod
    def _unique_synonyms(cls, v: dict[Role, RoleRule]) -> dict[Role, RoleRule]:
        seen: dict[str, Role] = {}
        for role, rule in v.items():
            for s in rule.synonyms:
                key = re.sub(r"\s+", "", s)
                if key in seen and seen[key] != role:
                    raise ValueError(f"synonym {s!r} is given for both {seen[key]!r} and {role!r}")
                seen[key] = role
        return v

    @cached_property
    def synonyms(self) -> dict[Role, list[str]]:
        """role -> header words."""
        return {role: rule.synonyms for role, rule in self.roles.items()}


class QuarterRules(Pattern):
    words: dict[str, int]


class PeriodRules(Frozen):
    fiscal_year_start_month: int = Field(ge=1, le=12)
    whole_fiscal_year: list[str]
    quarter: QuarterRules
    range_separators: list[str]
    unread_end: Pattern  # after the one month read, no separator: an end that is there but no month
    budget_word: str  # a span of years is a span of fiscal years when this word comes before it
    plan_span_text: str  # how a plan's span is written as a period ({start}, {end}: B.E. years)
    examples: list[DatedExample] = Field(min_length=1)


# ------------------------------------------------------------------------------ matching
class Cue(Frozen):
    """Words that must all be in a measure's text (``a|b``: either) for it to count toward an
    indicator, and how surely they mean it."""

    all: list[str] = Field(min_length=1)
    weight: float = Field(gt=0)

    @cached_property
    def parts(self) -> tuple[tuple[str, ...], ...]:
        """Each required word's alternatives, compacted and case-folded."""
        return tuple(tuple(compact(a).casefold() for a in part.split("|") if a.strip()) for part in self.all)


class NotItaCue(Frozen):
    """Words that make a measure none of the ten indicators' (taking part in the assessment itself,
    a harassment policy): such a measure is left unmatched, with ``note`` as the reason."""

    all: list[str] = Field(min_length=1)
    note: str = Field(min_length=1)

    @cached_property
    def parts(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(compact(a).casefold() for a in part.split("|") if a.strip()) for part in self.all)


class CueExample(Frozen):
    text: str
    indicator: int | None


class Framework(Frozen):
    """Another framework whose codes bodies print beside their measures (the Ministry of Public
    Health's MOIT): the code is kept, and decides an ITA indicator only where ``indicators`` says
    which (a mapping someone has established; empty when none is known)."""

    name: str = Field(min_length=1)
    pattern: str  # one group: the code's number
    indicators: dict[int, int] = {}  # the framework's number -> ITA indicator, where known
    examples: list[CueExample] = Field(min_length=1)  # text -> the number found (indicator: the number)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        if re.compile(v).groups != 1:
            raise ValueError(f"framework pattern {v!r} needs exactly one group (the code's number)")
        return v


class MatchingRules(Frozen):
    item_min_coverage: float = Field(gt=0, le=1)
    org_name_min: float = Field(ge=50, le=100)
    org_place_min: float = Field(ge=50, le=100)
    stop_words: list[str]
    indicator_word: str  # "ตัวชี้วัด": an indicator named by its name follows it
    item_word: str  # "ข้อ": an item code named in running text follows it
    cue_min: float = Field(gt=0)
    cue_margin: float = Field(ge=0)
    first_act_share: float = Field(gt=0, le=1)
    first_act_bonus: float = Field(ge=1)
    steps_weight: float = Field(ge=0, le=1)
    cues: dict[int, list[Cue]]
    not_ita: list[NotItaCue] = []
    ignore_phrases: list[str] = []  # words that look like a cue and are not one ("ปีงบประมาณ")
    frameworks: list[Framework] = []
    cue_examples: list[CueExample] = Field(min_length=1)

    @field_validator("cues")
    @classmethod
    def _indicators(cls, v: dict[int, list[Cue]]) -> dict[int, list[Cue]]:
        bad = [k for k in v if not 1 <= k <= 10]
        if bad:
            raise ValueError(f"cues for indicators that do not exist: {bad}")
        return v


# ------------------------------------------------------------------------------ corpus
class IdentityRules(Frozen):
    """When two inputs are one document (``pipeline.corpus.identity``)."""

    shingle: int = Field(ge=2, le=12)
    sketch_size: int = Field(ge=16, le=512)
    fold: dict[str, str] = {}  # letters OCR reads as one another -> the one they are folded into
    candidate_likeness: float = Field(gt=0, le=1)
    same_text: float = Field(gt=0, le=1)
    same_ocr: float = Field(gt=0, le=1)
    page_tolerance: float = Field(ge=0, le=1)
    revision: Pattern

    @field_validator("fold")
    @classmethod
    def _letters(cls, v: dict[str, str]) -> dict[str, str]:
        if not all(len(a) == 1 and len(b) == 1 and "\u0e01" <= a <= "\u0e4e" for a, b in v.items()):
            raise ValueError("fold maps one Thai letter to one letter")
        return v

    @model_validator(mode="after")
    def _ordered(self) -> IdentityRules:
        if not self.candidate_likeness <= self.same_ocr <= self.same_text:
            raise ValueError("candidate_likeness <= same_ocr <= same_text")
        return self


class EvidenceRule(Frozen):
    """What documents of a kind are evidence of, and what their measure rows count as."""

    doc_type: DocType | None = None
    doc_subtype: str | None = None
    evidence: list[Evidence] = []
    measures: Literal[
        "integrity", "other"
    ]  # its measure rows are integrity measures, or evidence of other things
    examples: list[str] = Field(min_length=1)  # first pages whose documents take this rule

    @model_validator(mode="after")
    def _names_a_kind(self) -> EvidenceRule:
        if self.doc_type is None and self.doc_subtype is None:
            raise ValueError("give doc_type or doc_subtype")
        return self

    def matches(self, doc_type: str | None, doc_subtype: str | None) -> bool:
        return (self.doc_type is None or self.doc_type == doc_type) and (
            self.doc_subtype is None or self.doc_subtype == doc_subtype
        )


class CorpusRules(Frozen):
    identity: IdentityRules
    evidence: list[EvidenceRule]
    expected_each_year: list[Evidence] = Field(min_length=1)
    not_integrity_examples: list[str] = Field(min_length=1)

    def evidence_rule(self, doc_type: str | None, doc_subtype: str | None) -> EvidenceRule | None:
        """The first rule a document of this kind takes (None: it is evidence of nothing here)."""
        return next((r for r in self.evidence if r.matches(doc_type, doc_subtype)), None)


# ------------------------------------------------------------------------------ assessment
class LevelRule(Frozen):
    label: str
    min: float = Field(ge=0, le=100)


class AssessmentYears(Frozen):
    """One span of assessment years with the same tools, weights and levels."""

    first: int
    last: int
    scale: Literal[
        "percent", "points"
    ]  # tools scored 0-100 (total = weighted mean), or as points (total = sum)
    weights: dict[Tool, float]
    levels: list[LevelRule] = []  # the levels by total, best first (derived only when given)
    levels_last: int | None = None  # the levels are derived only up to this year

    @field_validator("weights")
    @classmethod
    def _every_tool(cls, v: dict[Tool, float]) -> dict[Tool, float]:
        if set(v) != set(Tool) or abs(sum(v.values()) - 100) > 1e-9:
            raise ValueError("give a weight for IIT, EIT and OIT, adding up to 100")
        return v


class AssessmentRules(Frozen):
    years: list[AssessmentYears] = Field(min_length=1)
    level_words: list[str] = Field(min_length=1)
    level_examples: list[str] = Field(min_length=1)
    sum_tolerance: float = Field(ge=0, le=1)
    min_rows: int = Field(ge=1)

    def year(self, year: int | None) -> AssessmentYears | None:
        return next((y for y in self.years if year is not None and y.first <= year <= y.last), None)

    @cached_property
    def _levels(self) -> frozenset[str]:
        return frozenset(compact(w).casefold() for w in self.level_words)

    def is_level(self, text: str) -> bool:
        """Is the cell a level as printed ("ผ่านดี เยี่ยม", "aa")?"""
        return compact(text).casefold() in self._levels


# ------------------------------------------------------------------------------ ocr
class TesseractRules(Frozen):
    """Tesseract's own settings (``pipeline.adapters.tesseract``)."""

    languages: dict[OcrLanguages, str]  # tesseract language codes per script set ("tha+eng")
    psm: dict[OcrMode, int]  # page segmentation mode per kind of image
    min_linesize: dict[OcrMode, float] = {}  # textord_min_linesize per kind of image (default 1.25)

    @field_validator("languages", "psm")
    @classmethod
    def _every_member(cls, v: dict[Any, Any], info: ValidationInfo) -> dict[Any, Any]:
        enum = OcrLanguages if info.field_name == "languages" else OcrMode
        missing = set(enum) - set(v)
        if missing:
            raise ValueError(f"give every one of {sorted(enum.values())}; missing {sorted(missing)}")
        return v

    @field_validator("psm")
    @classmethod
    def _psm(cls, v: dict[OcrMode, int]) -> dict[OcrMode, int]:
        if not all(0 <= p <= 13 for p in v.values()):
            raise ValueError("a page segmentation mode is 0-13")
        return v

    @field_validator("min_linesize")
    @classmethod
    def _linesize(cls, v: dict[OcrMode, float]) -> dict[OcrMode, float]:
        if not all(0.5 <= x <= 5 for x in v.values()):
            raise ValueError("a minimum line size is 0.5-5 x-heights")
        return v


class OcrRules(Frozen):
    dpi: int = Field(ge=100, le=600)
    engine: Literal["tesseract"]
    tesseract: TesseractRules
    max_skew_degrees: float = Field(ge=0, le=45)
    min_skew_degrees: float = Field(ge=0, le=5)
    native_floor_dpi: int | None = Field(default=None, ge=72, le=600)
    cell_margin_px: int = Field(ge=0)
    checkbox_px: tuple[int, int]
    page_timeout_seconds: float = Field(gt=0)
    digit_fonts_dir: str
    digit_fonts: list[str]
    digit_min_match: float = Field(ge=0, le=1)
    short_cell_glyphs: int = Field(ge=1, le=8)
    figure_column_share: float = Field(gt=0, le=1)
    figure_min_match: float = Field(ge=0, le=1)
    period_cell_chars: int = Field(ge=10, le=200)
    mark_min_match: float = Field(ge=0, le=1)
    glyph_margin: float = Field(ge=0, le=1)
    digit_confusions: str
    latin_misread: Pattern


MonthRules.model_rebuild()
