"""Load and validate the YAML rules in ``rules/`` into typed, frozen objects.

Every file is validated at load: a mistake names the file and the entry
(``rules/patterns.yaml: patterns.district.examples.0: pattern does not match 'อ.เทพารักษ์'``).
``load_rules()`` is cached per process (workers load the rules once).
"""
from __future__ import annotations

import hashlib
import os
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


class RulesError(ValueError):
    """A rules file is missing or invalid; the message names the file and the entry."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ------------------------------------------------------------------------------ text.yaml
class FaultRules(_Frozen):
    min_letters: int = Field(ge=0)
    min_am_share: float = Field(ge=0, le=1)
    min_tone_share: float = Field(ge=0, le=1)
    min_spaced_aa: int = Field(ge=1)
    min_am_for_aa: int = Field(ge=1)


class RepairRules(_Frozen):
    faults: FaultRules
    unseen_word_frequency: int = Field(gt=0)
    unknown_base_cost: float = Field(ge=0)
    unknown_letter_cost: float = Field(ge=0)
    rare_word_cost: float = Field(ge=0)
    ambiguity_margin: float = Field(ge=0)
    beam_width: int = Field(ge=0, le=50)
    penalties: dict[str, float]

    @field_validator("penalties")
    @classmethod
    def _known_edits(cls, v: dict[str, float]) -> dict[str, float]:
        known = {"lost_nikhahit", "nikhahit_as_space", "mark_misread", "am_for_aa", "drop_space", "mark_for_space", "misplaced_mark", "lost_tone", "tone_for_uu"}
        if set(v) != known:
            raise ValueError(f"penalties must name exactly the edits {sorted(known)}")
        return v


class TextRules(_Frozen):
    source: str
    repair: RepairRules
    pua_thai: dict[str, str]
    symbol_fonts: dict[str, dict[str, str]]
    default_symbol_font: str
    extra_words: list[str]

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
    def _default_font(self) -> "TextRules":
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


# ------------------------------------------------------------------------------ thresholds
class PageQualityRules(_Frozen):
    needs_ocr_below: float = Field(ge=0, le=1)
    min_text_chars: int = Field(ge=0)
    scan_image_cover: float = Field(ge=0, le=1)
    blank_image_cover: float = Field(ge=0, le=1)


class FiscalYearRules(_Frozen):
    max_plan_span_years: int = Field(ge=1, le=20)
    min_be_year: int
    max_be_year: int


class ItaRules(_Frozen):
    pass_mark: float = Field(ge=0, le=100)


class Thresholds(_Frozen):
    page_quality: PageQualityRules
    fiscal_year: FiscalYearRules
    ita: ItaRules


# ------------------------------------------------------------------------------ org types
class OrgType(_Frozen):
    code: str
    canonical: str
    phrases: list[str]
    abbreviations: list[str] = []

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        allowed = {"sao", "subdistrict_municipality", "town_municipality", "city_municipality", "pao", "other"}
        if v not in allowed:
            raise ValueError(f"org_type code must be one of {sorted(allowed)}")
        return v

    @model_validator(mode="after")
    def _canonical_listed(self) -> "OrgType":
        if self.canonical not in self.phrases:
            raise ValueError(f"canonical {self.canonical!r} must be one of its phrases")
        return self


class OrgRules(_Frozen):
    org_types: list[OrgType]
    name_terminators: list[str]
    name_stop_words: list[str]


# ------------------------------------------------------------------------------ doc types
class DocType(_Frozen):
    code: str
    patterns: list[str]
    examples: list[str]

    @field_validator("patterns")
    @classmethod
    def _compile(cls, v: list[str]) -> list[str]:
        for p in v:
            re.compile(p)
        return v

    @model_validator(mode="after")
    def _examples_match(self) -> "DocType":
        for ex in self.examples:
            flat = re.sub(r"\s+", "", ex)
            if not any(re.search(p, flat) for p in self.patterns):
                raise ValueError(f"no pattern matches its example {ex!r}")
        return self


class DocTypeRules(_Frozen):
    doc_types: list[DocType]
    title_chars: int = Field(gt=0)


# ------------------------------------------------------------------------------ months
class Month(_Frozen):
    names: list[str]
    abbreviations: list[str]


class MonthRules(_Frozen):
    months: dict[int, Month]

    @field_validator("months")
    @classmethod
    def _twelve(cls, v: dict[int, Month]) -> dict[int, Month]:
        if sorted(v) != list(range(1, 13)):
            raise ValueError("months must be exactly 1..12")
        return v


# ------------------------------------------------------------------------------ patterns
class PatternExample(_Frozen):
    text: str
    groups: list[str | None] = []


class NamedPattern(_Frozen):
    pattern: str
    examples: list[PatternExample] = Field(min_length=1)

    @model_validator(mode="after")
    def _examples(self) -> "NamedPattern":
        rx = re.compile(self.pattern)
        for ex in self.examples:
            m = rx.search(ex.text)
            if not m:
                raise ValueError(f"pattern does not match its example {ex.text!r}")
            if ex.groups and list(m.groups()) != ex.groups:
                raise ValueError(f"example {ex.text!r} gives groups {list(m.groups())}, expected {ex.groups}")
        return self

    @cached_property
    def regex(self) -> re.Pattern:
        return re.compile(self.pattern)


class PatternRules(_Frozen):
    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))
    patterns: dict[str, NamedPattern]

    def __getitem__(self, name: str) -> re.Pattern:
        return self.patterns[name].regex


# ------------------------------------------------------------------------------ tables
class SimplePattern(_Frozen):
    """A regex with examples (each example must match; ``groups`` checked when given)."""

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))
    pattern: str
    examples: list[PatternExample] = Field(min_length=1)

    @model_validator(mode="after")
    def _examples(self) -> "SimplePattern":
        NamedPattern._examples(self)  # same check
        return self

    @cached_property
    def regex(self) -> re.Pattern:
        return re.compile(self.pattern)


class RowMarker(_Frozen):
    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))
    pattern: str
    example: str

    @model_validator(mode="after")
    def _example(self) -> "RowMarker":
        if not re.search(self.pattern, self.example):
            raise ValueError(f"pattern does not match its example {self.example!r}")
        return self

    @cached_property
    def regex(self) -> re.Pattern:
        return re.compile(self.pattern)


class StatusRules(_Frozen):
    ticked: list[str]
    unticked: list[str]
    labels: dict[str, list[str]]
    wording: dict[str, list[str]]

    @field_validator("labels", "wording")
    @classmethod
    def _statuses(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        if set(v) != {"done", "in_progress", "not_started"}:
            raise ValueError("must give done, in_progress and not_started")
        return v


class TableRules(_Frozen):
    header_match_min: float = Field(ge=0, le=100)
    header_row_share: float = Field(ge=0, le=1)
    first_row_share: float = Field(ge=0, le=1)
    roles: dict[str, list[str]]
    year_header: SimplePattern
    section_title: SimplePattern
    row_markers: dict[str, RowMarker]
    total_row: SimplePattern
    status: StatusRules

    @field_validator("roles")
    @classmethod
    def _unique_synonyms(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        seen: dict[str, str] = {}
        for role, syns in v.items():
            for s in syns:
                key = re.sub(r"\s+", "", s)
                if key in seen and seen[key] != role:
                    raise ValueError(f"synonym {s!r} is given for both {seen[key]!r} and {role!r}")
                seen[key] = role
        return v


class QuarterRules(SimplePattern):
    words: dict[str, int]


class PeriodRules(_Frozen):
    fiscal_year_start_month: int = Field(ge=1, le=12)
    whole_fiscal_year: list[str]
    quarter: QuarterRules
    range_separators: list[str]


# ------------------------------------------------------------------------------ matching
class MatchingRules(_Frozen):
    score_scale: float = Field(gt=0)
    margin_scale: float = Field(gt=0)
    min_score: float = Field(ge=0, le=100)
    item_min_coverage: float = Field(gt=0, le=1)
    org_name_min: float = Field(ge=50, le=100)
    org_place_min: float = Field(ge=50, le=100)
    stop_words: list[str]


# ------------------------------------------------------------------------------ ocr
class OcrRules(_Frozen):
    dpi: int = Field(ge=100, le=600)
    lang: str
    psm_page: int = Field(ge=0, le=13)
    psm_cell: int = Field(ge=0, le=13)
    max_skew_degrees: float = Field(ge=0, le=45)
    min_skew_degrees: float = Field(ge=0, le=5)
    cell_margin_px: int = Field(ge=0)
    page_timeout_seconds: float = Field(gt=0)
    digit_fonts_dir: str
    digit_fonts: list[str]
    digit_min_match: float = Field(ge=0, le=1)
    digit_confusions: str
    latin_misread: SimplePattern


# ------------------------------------------------------------------------------ catalogs
class CatalogIndicator(_Frozen):
    number: int = Field(ge=1, le=10)
    tool: str
    name: str
    aliases: list[str] = []
    keywords: list[str] = []

    @field_validator("tool")
    @classmethod
    def _tool(cls, v: str) -> str:
        if v not in {"IIT", "EIT", "OIT"}:
            raise ValueError("tool must be IIT, EIT or OIT")
        return v


class CatalogItem(_Frozen):
    code: str
    indicator: int
    name: str
    keywords: list[str] = []
    source: str | None = None  # where the entry was read (notes/ita-catalog.md legend)

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not re.fullmatch(r"[ieo][1-9]\d?", v):
            raise ValueError(f"item code {v!r} must be i/e/o and a number (i1, e9, o35)")
        return v


class Catalog(_Frozen):
    year: int
    source: str
    confidence: str | None = None
    complete: bool = True  # False: the year's list is only partly known
    indicators_from: int | None = None  # take indicators 1-10 from that year's catalog
    indicators: list[CatalogIndicator] = []
    items: list[CatalogItem]

    @model_validator(mode="after")
    def _consistent(self) -> "Catalog":
        if not self.indicators:
            if self.indicators_from is None:
                raise ValueError("give indicators or indicators_from")
            return self  # checked once the referenced catalog is resolved
        nos = [i.number for i in self.indicators]
        if len(set(nos)) != len(nos):
            raise ValueError("indicator numbers must be unique")
        codes = [i.code for i in self.items]
        dup = {c for c in codes if codes.count(c) > 1}
        if dup:
            raise ValueError(f"item codes must be unique: {sorted(dup)}")
        for it in self.items:
            if it.indicator not in nos:
                raise ValueError(f"item {it.code} points to indicator {it.indicator}, which is not in the catalog")
        return self

    def item(self, code: str) -> CatalogItem | None:
        return next((i for i in self.items if i.code == code), None)

    def indicator(self, no: int) -> CatalogIndicator | None:
        return next((i for i in self.indicators if i.number == no), None)


# ------------------------------------------------------------------------------ all rules
_FILES: dict[str, type[BaseModel]] = {
    "text.yaml": TextRules,
    "thresholds.yaml": Thresholds,
    "org_types.yaml": OrgRules,
    "doc_types.yaml": DocTypeRules,
    "months.yaml": MonthRules,
    "patterns.yaml": PatternRules,
    "tables.yaml": TableRules,
    "periods.yaml": PeriodRules,
    "matching.yaml": MatchingRules,
    "ocr.yaml": OcrRules,
}


class Rules:
    """All rules, one attribute per file."""

    def __init__(self, parts: dict[str, Any], digest: str, directory: Path):
        self.text: TextRules = parts["text.yaml"]
        self.thresholds: Thresholds = parts["thresholds.yaml"]
        self.orgs: OrgRules = parts["org_types.yaml"]
        self.doc_types: DocTypeRules = parts["doc_types.yaml"]
        self.months: MonthRules = parts["months.yaml"]
        self.patterns: PatternRules = parts["patterns.yaml"]
        self.tables: TableRules = parts["tables.yaml"]
        self.periods: PeriodRules = parts["periods.yaml"]
        self.matching: MatchingRules = parts["matching.yaml"]
        self.ocr: OcrRules = parts["ocr.yaml"]
        self.catalogs: dict[int, Catalog] = parts["catalogs"]
        self.digest = digest
        self.directory = directory

    def catalog(self, year: int | None) -> Catalog | None:
        """The catalog of an assessment year (item codes mean nothing without their year)."""
        return self.catalogs.get(year) if year else None

    def nearest_catalog(self, year: int | None) -> Catalog | None:
        """The catalog of ``year``, else of the closest year (indicators 1-10 are stable 2561-2568)."""
        if not self.catalogs:
            return None
        if year in self.catalogs:
            return self.catalogs[year]
        if year is None:
            return self.catalogs[max(self.catalogs)]
        return self.catalogs[min(self.catalogs, key=lambda y: (abs(y - year), -y))]


def _format_error(path: Path, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        lines.append(f"rules/{path.name}: {loc}: {err['msg']}")
    return "\n".join(lines)


_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 4x faster, same result


def _read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)


def rules_digest(directory: Path = RULES_DIR) -> str:
    """sha256 over every file under ``rules/`` (names and bytes): changes when any rule does."""
    h = hashlib.sha256()
    for p in sorted(directory.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(directory)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def load_rules_from(directory: Path) -> Rules:
    parts: dict[str, Any] = {}
    for name, model in _FILES.items():
        path = directory / name
        if not path.exists():
            raise RulesError(f"rules/{name}: file is missing")
        try:
            data = _read_yaml(path)
        except yaml.YAMLError as exc:
            raise RulesError(f"rules/{name}: not valid YAML: {exc}") from exc
        try:
            parts[name] = model.model_validate(data)
        except ValidationError as exc:
            raise RulesError(_format_error(path, exc)) from exc
    parts["catalogs"] = _load_catalogs(directory / "catalogs")
    return Rules(parts, rules_digest(directory), directory)


def _load_catalogs(folder: Path) -> dict[int, Catalog]:
    """Every ``catalogs/*.yaml``; ``indicators_from: <year>`` borrows that year's indicators."""
    raw: dict[int, tuple[Path, dict]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = _read_yaml(path)
            cat = Catalog.model_validate(data)
        except yaml.YAMLError as exc:
            raise RulesError(f"rules/catalogs/{path.name}: not valid YAML: {exc}") from exc
        except ValidationError as exc:
            raise RulesError(_format_error(path, exc).replace("rules/", "rules/catalogs/")) from exc
        if cat.year in raw:
            raise RulesError(f"rules/catalogs/{path.name}: a second catalog for {cat.year}")
        raw[cat.year] = (path, data)
    out: dict[int, Catalog] = {}
    for year, (path, data) in raw.items():
        src = data.get("indicators_from")
        if not data.get("indicators") and src is not None:
            if src not in raw or not raw[src][1].get("indicators"):
                raise RulesError(f"rules/catalogs/{path.name}: indicators_from {src}: no catalog with indicators for {src}")
            data = {**data, "indicators": raw[src][1]["indicators"]}
        try:
            out[year] = Catalog.model_validate(data)
        except ValidationError as exc:
            raise RulesError(_format_error(path, exc).replace("rules/", "rules/catalogs/")) from exc
    return out


@lru_cache(maxsize=4)
def _load_cached(directory: str, digest: str) -> Rules:
    return load_rules_from(Path(directory))


def load_rules(directory: str | Path | None = None, expect_digest: str | None = None) -> Rules:
    """The project's rules (``$ITA_RULES_DIR`` or ``rules/``), validated, cached per process and
    per content (an edited file is picked up by the next call). ``expect_digest``: the rules a
    task was planned with; a worker that has others (an edit mid-run, another machine) refuses."""
    d = Path(directory or os.environ.get("ITA_RULES_DIR") or RULES_DIR).resolve()
    rules = _load_cached(str(d), rules_digest(d))
    if expect_digest is not None and rules.digest != expect_digest:
        raise RulesError(f"{d}: these rules ({rules.digest[:12]}) are not the ones the run started with "
                         f"({expect_digest[:12]}); were they edited during the run?")
    return rules
