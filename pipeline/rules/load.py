"""Load ``rules/`` into a validated, frozen ``Rules`` (one attribute per file).

Where the rules are: ``$ITA_RULES_DIR`` when set (read by the command line and the runner, never
below them), else the ``rules/`` folder of a source checkout, else the copy installed with the
package. ``load_rules`` caches by content: an edited file is seen by the next call, and a
long-lived worker never keeps using rules that changed.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from ..adapters.yamlfile import YAMLError, read_yaml
from ..model import Vocabulary
from .catalogs import Catalog, TopicRules
from .models import (
    AssessmentRules,
    CorpusRules,
    DocTypeRules,
    MatchingRules,
    MonthRules,
    OcrRules,
    OrgRules,
    PatternRules,
    PeriodRules,
    PlaceRules,
    TableRules,
    TextRules,
    Thresholds,
)

_CHECKOUT_RULES = Path(__file__).resolve().parents[2] / "rules"


def default_rules_dir() -> Path:
    """The project's rules: the checkout's ``rules/``, else the copy installed with the package."""
    if (_CHECKOUT_RULES / "text.yaml").is_file() and (_CHECKOUT_RULES.parent / "pyproject.toml").is_file():
        return _CHECKOUT_RULES
    return Path(str(resources.files("pipeline") / "_rules"))


RULES_DIR = default_rules_dir()


class RulesError(ValueError):
    """A rules file is missing or invalid; the message names the file and the entry."""


FILES: dict[str, type[BaseModel]] = {
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
    "places.yaml": PlaceRules,
    "corpus.yaml": CorpusRules,
    "assessment.yaml": AssessmentRules,
    "topics.yaml": TopicRules,
}


@dataclass(frozen=True, eq=False)
class Rules:
    """All rules, one attribute per file; ``digest`` changes when any file does."""

    text: TextRules
    thresholds: Thresholds
    orgs: OrgRules
    doc_types: DocTypeRules
    months: MonthRules
    patterns: PatternRules
    tables: TableRules
    periods: PeriodRules
    matching: MatchingRules
    ocr: OcrRules
    places: PlaceRules
    corpus: CorpusRules
    assessment: AssessmentRules
    topics: TopicRules
    catalogs: dict[int, Catalog]
    digest: str
    directory: Path

    def catalog(self, year: int | None) -> Catalog | None:
        """The catalog of an assessment year (item codes mean nothing without their year)."""
        return self.catalogs.get(year) if year else None

    def topic_of(self, year: int | None, code: str) -> str | None:
        """The topic of item ``code`` in assessment ``year`` (None: the year or the code is unknown)."""
        cat = self.catalog(year)
        item = cat.item(code) if cat else None
        return item.topic if item else None

    def nearest_catalog(self, year: int | None) -> Catalog | None:
        """The catalog of ``year``, else of the closest year (indicators 1-10 are stable 2561-2568)."""
        if not self.catalogs:
            return None
        if year in self.catalogs:
            return self.catalogs[year]
        if year is None:
            return self.catalogs[max(self.catalogs)]
        return self.catalogs[min(self.catalogs, key=lambda y: (abs(y - year), -y))]


def _format_error(where: str, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        lines.append(f"rules/{where}: {loc}: {err['msg']}")
    return "\n".join(lines)


def rules_digest(directory: Path = RULES_DIR) -> str:
    """sha256 over every file under ``rules/`` (names and bytes): changes when any rule does."""
    h = hashlib.sha256()
    for p in sorted(directory.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(directory)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def _read(path: Path, where: str) -> Any:
    if not path.exists():
        raise RulesError(f"rules/{where}: file is missing")
    try:
        return read_yaml(path)
    except YAMLError as exc:
        raise RulesError(f"rules/{where}: not valid YAML: {exc}") from exc


def load_rules_from(directory: Path) -> Rules:
    """Read and validate every rules file of ``directory`` (no cache)."""
    parts: dict[str, Any] = {}
    for name, model in FILES.items():
        data = _read(directory / name, name)
        try:
            parts[name] = model.model_validate(data)
        except ValidationError as exc:
            raise RulesError(_format_error(name, exc)) from exc
    catalogs = _load_catalogs(directory / "catalogs")
    problems = parts["topics.yaml"].check_catalogs(catalogs)
    if problems:
        raise RulesError("\n".join(f"rules/{p}" for p in problems))
    return Rules(
        parts["text.yaml"],
        parts["thresholds.yaml"],
        parts["org_types.yaml"],
        parts["doc_types.yaml"],
        parts["months.yaml"],
        parts["patterns.yaml"],
        parts["tables.yaml"],
        parts["periods.yaml"],
        parts["matching.yaml"],
        parts["ocr.yaml"],
        parts["places.yaml"],
        parts["corpus.yaml"],
        parts["assessment.yaml"],
        parts["topics.yaml"],
        catalogs,
        rules_digest(directory),
        directory,
    )


def _load_catalogs(folder: Path) -> dict[int, Catalog]:
    """Every ``catalogs/*.yaml``; ``indicators_from: <year>`` borrows that year's indicators."""
    raw: dict[int, tuple[str, dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.yaml")):
        where = f"catalogs/{path.name}"
        data = _read(path, where)
        try:
            cat = Catalog.model_validate(data)
        except ValidationError as exc:
            raise RulesError(_format_error(where, exc)) from exc
        if cat.year in raw:
            raise RulesError(f"rules/{where}: a second catalog for {cat.year}")
        raw[cat.year] = (where, data)
    out: dict[int, Catalog] = {}
    for year, (where, data) in raw.items():
        src = data.get("indicators_from")
        if not data.get("indicators") and src is not None:
            if src not in raw or not raw[src][1].get("indicators"):
                raise RulesError(
                    f"rules/{where}: indicators_from {src}: no catalog with indicators for {src}"
                )
            data = {**data, "indicators": raw[src][1]["indicators"]}
        try:
            out[year] = Catalog.model_validate(data)
        except ValidationError as exc:
            raise RulesError(_format_error(where, exc)) from exc
    return out


@lru_cache(maxsize=4)
def _load_cached(directory: str, digest: str) -> Rules:
    return load_rules_from(Path(directory))


def load_rules(directory: str | Path | None = None, expect_digest: str | None = None) -> Rules:
    """The rules of ``directory`` (default: ``$ITA_RULES_DIR`` or the project's), validated, cached
    per content. ``expect_digest``: the rules a task was planned with; a worker that has others
    (an edit mid-run, another machine) refuses."""
    d = Path(directory or os.environ.get("ITA_RULES_DIR") or RULES_DIR).resolve()
    rules = _load_cached(str(d), rules_digest(d))
    if expect_digest is not None and rules.digest != expect_digest:
        raise RulesError(
            f"{d}: these rules ({rules.digest[:12]}) are not the ones the run started with "
            f"({expect_digest[:12]}); were they edited during the run?"
        )
    return rules


T = TypeVar("T")


def cached_by_digest(size: int = 4) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache ``fn(rules, *args)`` by the rules' content (``rules.digest``) and ``args``: what is
    built from rules is built once per content, and an edited rules file gives a new one."""

    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        cache: OrderedDict[tuple[Any, ...], T] = OrderedDict()

        @wraps(fn)
        def wrapper(rules: Rules, *args: Any) -> T:
            key = (rules.digest, *args)
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
            value = fn(rules, *args)
            cache[key] = value
            if len(cache) > size:
                cache.popitem(last=False)
            return value

        return wrapper

    return decorate


def rules_vocabularies() -> dict[type[Vocabulary], list[str]]:
    """Every closed vocabulary a rules file's schema names (its codes are checked against it when
    the file is loaded), with where: ``tables.yaml: roles``."""
    out: dict[type[Vocabulary], list[str]] = {}
    files: dict[str, type[BaseModel]] = {**FILES, "catalogs/ita_<year>.yaml": Catalog}
    for name, model in files.items():
        for where, vocab in _model_vocabularies(model, ""):
            out.setdefault(vocab, []).append(f"{name}: {where}")
    return out


def _model_vocabularies(model: type[BaseModel], prefix: str) -> list[tuple[str, type[Vocabulary]]]:
    found: list[tuple[str, type[Vocabulary]]] = []
    for field_name, info in model.model_fields.items():
        path = f"{prefix}{field_name}"
        for t in _types_in(info.annotation):
            if isinstance(t, type) and issubclass(t, Vocabulary):
                found.append((path, t))
            elif isinstance(t, type) and issubclass(t, BaseModel):
                found += _model_vocabularies(t, path + ".")
    return found


def _types_in(annotation: Any) -> list[Any]:
    """The types an annotation is made of (``dict[Role, list[str]]`` -> dict, Role, list, str)."""
    return [annotation, *(t for arg in get_args(annotation) for t in _types_in(arg))]
