"""Periods and dates in Thai: month names and abbreviations, Buddhist-Era years, fiscal quarters.

All functions take repaired text (Arabic digits) and the rules; years in and out are B.E.,
dates out are ``datetime.date`` (C.E.). The Thai fiscal year B.E. n runs 1 Oct (n-1) .. 30 Sep n.

>>> from pipeline.rules import load_rules
>>> parse_period("ต.ค. 65 - ก.ย. 66", 2566, load_rules())
(datetime.date(2022, 10, 1), datetime.date(2023, 9, 30))
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..rules import Rules

BE_OFFSET = 543


@dataclass(frozen=True)
class DateMention:
    day: int | None
    month: int
    year_be: int | None
    start: int
    end: int


def _abbreviation_regex(abbr: str) -> str:
    """``มี.ค.`` -> ``มี\\.\\s?ค\\.?`` (inner dot needed, final dot optional, spaces tolerated)."""
    return r"\.\s?".join(re.escape(p) for p in _parts(abbr)) + r"\.?"


def _parts(abbr: str) -> list[str]:
    """An abbreviation's letters between its dots: ``มี.ค.`` -> ``["มี", "ค"]``."""
    return [p for p in re.split(r"[.\s]+", abbr) if p]


#: marks OCR takes for one another (the upper vowels ิ ี ึ ื; the tone marks)
_LOOK_ALIKE = ("\u0e34\u0e35\u0e36\u0e37", "\u0e48\u0e49\u0e4a\u0e4b")
_STRAY_MARKS = (
    "\u0e31" + "".join(chr(c) for c in range(0x0E34, 0x0E3B)) + "".join(chr(c) for c in range(0x0E47, 0x0E4F))
)


def _ocr_form(abbr: str, abbreviations: tuple[str, ...], sep: str) -> str:
    """An abbreviation's parts joined by ``sep`` with a stray mark allowed after each part: OCR
    reads a dot as a mark ("ก.ุย.", "ธุค:"). Never a mark that spells another month, nor one that
    looks like it: "มึ.ค." may be "มี.ค." read wrong, so it is no "ม.ค."."""
    parts = _parts(abbr)
    other = {q for a in abbreviations if a != abbr for q in _parts(a)}
    out = ""
    for k, part in enumerate(parts):
        out += re.escape(part)
        if k < len(parts) - 1:
            spelled = {m for m in _STRAY_MARKS if any(q.startswith(part + m) for q in other)}
            spelled |= {m for g in _LOOK_ALIKE if spelled & set(g) for m in g}
            marks = "".join(m for m in _STRAY_MARKS if m not in spelled)
            stray = f"[{marks}]?"
            out += stray + sep + stray + r"\s?"
    return out


def _ocr_abbreviation_regex(abbr: str, abbreviations: tuple[str, ...]) -> str:
    """OCR forms of an abbreviation: a dot lost or read as a stray mark ("ก.ุย.", "กุย.", "ธุค:" for
    "ก.ย.", "ธ.ค."); only used when a year follows, where such a form cannot be anything else."""
    return _ocr_form(abbr, abbreviations, r"[.:]?") + r"[.:]?(?=\s*\d{2,4})"


def _abbreviations(rules: Rules) -> tuple[str, ...]:
    return tuple(a for m in rules.months.months.values() for a in m.abbreviations)


@lru_cache(maxsize=4)
def _month_regex(rules: Rules) -> tuple[re.Pattern[str], dict[str, int]]:
    forms: list[tuple[str, int]] = []
    every = _abbreviations(rules)
    for month, m in rules.months.months.items():
        forms += [(re.escape(n), month) for n in m.names]
        forms += [(_abbreviation_regex(a), month) for a in m.abbreviations]
        forms += [(_ocr_abbreviation_regex(a, every), month) for a in m.abbreviations]
    forms.sort(key=lambda f: -len(f[0]))
    groups = "|".join(f"(?P<m{i}>{p})" for i, (p, _) in enumerate(forms))
    era = rules.months.era
    rx = re.compile(
        rf"(?:(?<![\u0e01-\u0e4e\d])(?P<day>\d{{1,2}})\s*)?(?:{groups})\s*(?:{era}\s*)?(?P<year>\d{{4}}|\d{{2}}(?!\d))?"
    )
    return rx, {f"m{i}": month for i, (_, month) in enumerate(forms)}


@lru_cache(maxsize=4)
def month_word_regex(rules: Rules) -> re.Pattern[str]:
    """A month's name or abbreviation as printed or as OCR reads it (a stray mark, a lost dot),
    with or without a year after it."""
    forms = [re.escape(n) for m in rules.months.months.values() for n in m.names]
    every = _abbreviations(rules)
    forms += [_ocr_form(a, every, r"\.?") + r"(?:[.:,]|(?=\s))" for a in every]
    return re.compile("|".join(sorted(forms, key=len, reverse=True)))


def normalise_year(y: int) -> int | None:
    """2-digit B.E. (``65`` -> 2565), 4-digit B.E. kept, 4-digit C.E. (2024 -> 2567)."""
    if y < 100:
        return 2500 + y
    if 1900 <= y <= 2100:
        return y + BE_OFFSET
    if 2400 <= y <= 2700:
        return y
    return None


def find_dates(text: str, rules: Rules) -> list[DateMention]:
    """Every month mention with its day and year when printed (``ต.ค. 65``, ``1 ตุลาคม 2567``)."""
    rx, groups = _month_regex(rules)
    out = []
    for m in rx.finditer(text):
        key = next(k for k, v in m.groupdict().items() if v and k in groups)
        month = groups[key]
        year = normalise_year(int(m.group("year"))) if m.group("year") else None
        day = int(m.group("day")) if m.group("day") else None
        start = m.start()
        if day is not None and not 1 <= day <= 31:
            day, start = None, m.start(key)  # "65 ก.ย. 66": the number before is no day of this date
        out.append(DateMention(day, month, year, start, m.end()))
    return out


def fiscal_year_span(fy_be: int, rules: Rules) -> tuple[date, date]:
    """The whole fiscal year B.E. ``fy_be``: 2568 -> 2024-10-01 .. 2025-09-30."""
    start_month = rules.periods.fiscal_year_start_month
    y = fy_be - BE_OFFSET
    start = date(y - 1 if start_month > 1 else y, start_month, 1)
    end_month = start_month - 1 or 12
    end_year = y
    return start, date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


def fiscal_year_of(day: date, rules: Rules) -> int:
    """The fiscal year B.E. a day falls in: 2024-10-01 -> 2568, 2025-09-30 -> 2568."""
    start = rules.periods.fiscal_year_start_month
    return day.year + BE_OFFSET + (1 if start > 1 and day.month >= start else 0)


def quarter_span(fy_be: int, quarter: int, rules: Rules) -> tuple[date, date]:
    """Quarter 1-4 of a fiscal year: Q1 of 2568 = 2024-10-01 .. 2024-12-31."""
    start, _ = fiscal_year_span(fy_be, rules)
    m0 = start.month + 3 * (quarter - 1)
    y = start.year + (m0 - 1) // 12
    m = (m0 - 1) % 12 + 1
    m_end = m + 2
    y_end = y + (m_end - 1) // 12
    m_end = (m_end - 1) % 12 + 1
    return date(y, m, 1), date(y_end, m_end, calendar.monthrange(y_end, m_end)[1])


def _year_for_month(month: int, fy_be: int, rules: Rules) -> int:
    """The B.E. calendar year of ``month`` inside fiscal year ``fy_be``."""
    return fy_be - 1 if month >= rules.periods.fiscal_year_start_month else fy_be


def _valid(d: date | None, rules: Rules) -> bool:
    fy = rules.thresholds.fiscal_year
    return d is not None and fy.min_be_year <= d.year + BE_OFFSET <= fy.max_be_year + 1


def _mention_date(m: DateMention, year_be: int, first: bool) -> date | None:
    y = year_be - BE_OFFSET
    try:
        if m.day:
            return date(y, m.month, m.day)
        return date(y, m.month, 1 if first else calendar.monthrange(y, m.month)[1])
    except ValueError:
        return None


Period = tuple[date | None, date | None]
NO_PERIOD: Period = (None, None)


def _month_range(mentions: list[DateMention], fiscal_year: int | None, rules: Rules) -> Period:
    """From the first month mentioned to the last; a missing year from the other end of the range
    (a range that goes backwards crosses a year) or from the fiscal year."""
    first, last = mentions[0], mentions[-1]
    y_first, y_last = first.year_be, last.year_be
    if y_first is None and y_last is not None:
        y_first = y_last - 1 if (first.month, first.day or 1) > (last.month, last.day or 31) else y_last
    if y_last is None and y_first is not None:
        y_last = y_first + 1 if (last.month, last.day or 31) < (first.month, first.day or 1) else y_first
    if y_first is None or y_last is None:
        if fiscal_year is None:
            return NO_PERIOD
        y_first = _year_for_month(first.month, fiscal_year, rules)
        y_last = _year_for_month(last.month, fiscal_year, rules)
    start, end = _mention_date(first, y_first, True), _mention_date(last, y_last, False)
    if start is not None and end is not None and _valid(start, rules) and _valid(end, rules) and start <= end:
        return start, end
    return NO_PERIOD


def _fiscal_span(text: str, flat: str, rules: Rules) -> Period | None:
    """A span of fiscal years (``ปีงบประมาณ พ.ศ. 2566 - 2570``), or None."""
    span = rules.patterns["year_span"].search(text)
    if span and rules.periods.budget_word in flat[: flat.find(span.group(1)) + 1]:
        a, b = int(span.group(1)), int(span.group(2))
        return fiscal_year_span(a, rules)[0], fiscal_year_span(b, rules)[1]
    return None


def parse_period(text: str | None, fiscal_year: int | None, rules: Rules) -> Period:
    """Resolve a period as printed to (start, end) dates; (None, None) when it cannot be read.

    Month ranges (``ม.ค.- มี.ค. 64``, ``ตุลาคม 2567 – กันยายน 2568``, ``เดือน ต.ค. ถึง ธ.ค.``),
    quarters (``ไตรมาสแรกของปีงบประมาณ พ.ศ. 2568``), fiscal-year spans (``ปีงบประมาณ พ.ศ. 2566 - 2570``)
    and the whole fiscal year (``ตลอดปีงบประมาณ``, ``ทุกเดือน``, ``ทุกไตรมาส``) of ``fiscal_year``.
    """
    if not text or not text.strip():
        return NO_PERIOD
    flat = re.sub(r"\s+", "", text)
    span = _fiscal_span(text, flat, rules)
    if span is not None:
        return span
    mentions = find_dates(text, rules)
    if len(mentions) == 1 and half_read(text, mentions[0], rules):
        return NO_PERIOD  # "ต.ค. 65 - ?.?. 66": the end is there but unreadable; never guess
    if mentions:
        return _month_range(mentions, fiscal_year, rules)
    q = rules.periods.quarter.regex.search(flat)
    if q:
        n = rules.periods.quarter.words.get(q.group(1)) or int(q.group(1))
        fy = _explicit_fiscal_year(text, rules) or fiscal_year
        if fy and 1 <= n <= 4:
            return quarter_span(fy, n, rules)
        return None, None
    if any(p in flat for p in rules.periods.whole_fiscal_year):
        fy = _explicit_fiscal_year(text, rules) or fiscal_year
        if fy:
            return fiscal_year_span(fy, rules)
    return None, None


def half_read(text: str, mention: DateMention, rules: Rules) -> bool:
    """Is ``mention`` one end of a range whose other end was not read? (after it, see
    ``unread_range_end``; before it, a number with no month read: "กล 2567 - 6 กย 2567",
    "หค. 6 5 กุย. 66")."""
    head = text[: mention.start].rstrip()
    return (
        unread_range_end(text, mention, rules)
        or bool(re.search(r"\d", head))
        or any(head.endswith(sep) for sep in rules.periods.range_separators)
    )  # "ตค Oe - ก.ุย. 66"


def unread_range_end(text: str, mention: DateMention, rules: Rules) -> bool:
    """Does a range go on after ``mention`` with an end that is not a readable month?"""
    rest = text[mention.end :].strip()
    seps = sorted(rules.periods.range_separators, key=len, reverse=True)
    sep = next((s for s in seps if rest.startswith(s)), None)
    tail = rest[len(sep) :].strip() if sep else rest
    if sep is not None and tail:
        return True  # "ต.ค. 65 - ปัจจุบัน", "ต.ค. 65 - A.W. 66": a range whose end is no month read
    if rules.periods.unread_end.regex.match(tail):
        return True  # "ต.ค. 65 - กุย. oo": an abbreviation that is no month, its year read as letters
    if month_word_regex(rules).search(tail):
        return True  # "ต.ค. 65 ก.ุย. จ66", "ต.ค. DE - ก.ุย. DO": another month whose year was not read
    # "ต.ค. 65 ชร ทาค 66", "ต.ค. 65 ธาตด นง วอ6": a number after the one month read: its other end, unread
    return bool(re.search(r"\d", tail))


def _explicit_fiscal_year(text: str, rules: Rules) -> int | None:
    m = rules.patterns["be_year"].search(text)
    if m and rules.thresholds.fiscal_year.plausible(int(m.group(1))):
        return int(m.group(1))
    return None


def parse_date(text: str, rules: Rules) -> date | None:
    """The first full date in ``text`` (``วันที่ 31 มีนาคม 2564`` -> 2021-03-31)."""
    for m in find_dates(text, rules):
        if m.day and m.year_be:
            d = _mention_date(m, m.year_be, True)
            if _valid(d, rules):
                return d
    return None
