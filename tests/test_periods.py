"""Periods as printed in ITA measure tables -> ISO dates (every form the documents use)."""

from datetime import date

import pytest

from pipeline.text.periods import fiscal_year_span, normalise_year, parse_date, parse_period, quarter_span


@pytest.mark.parametrize(
    "text, fy, start, end",
    [
        ("ม.ค.- มี.ค. ๖๔", 2564, date(2021, 1, 1), date(2021, 3, 31)),  # doc-000, Thai digits, 2-digit year
        ("ต.ค. 65 - ก.ย. 66", 2566, date(2022, 10, 1), date(2023, 9, 30)),  # doc-004
        ("ตุลาคม 2567- ธันวาคม 2567", 2568, date(2024, 10, 1), date(2024, 12, 31)),  # doc-001
        ("ตุลาคม 2567 – กันยายน 2568", 2568, date(2024, 10, 1), date(2025, 9, 30)),  # en dash
        ("เดือน ตุลาคม ๒๕๖๗ ถึง เดือน กันยายน ๒๕๖๘", 2568, date(2024, 10, 1), date(2025, 9, 30)),  # doc-002 "ถึง"
        ("ต.ค. - ธ.ค.", 2568, date(2024, 10, 1), date(2024, 12, 31)),  # no year: the document's fiscal year
        ("พ.ย.67", 2568, date(2024, 11, 1), date(2024, 11, 30)),
        ("1 ต.ค. 2567 - 30 ก.ย. 2568", 2568, date(2024, 10, 1), date(2025, 9, 30)),
        ("ตลอดปีงบประมาณ", 2568, date(2024, 10, 1), date(2025, 9, 30)),
        ("ตลอดปี งบประมาณ", 2566, date(2022, 10, 1), date(2023, 9, 30)),  # doc-004, split by a line wrap
        ("ทุกเดือน", 2568, date(2024, 10, 1), date(2025, 9, 30)),
        ("ประเมินความพึงพอใจในการให้บริการทุกไตรมาส", 2568, date(2024, 10, 1), date(2025, 9, 30)),
        ("ภายในไตรมาสแรกของปีงบประมาณ พ.ศ. 2568", 2568, date(2024, 10, 1), date(2024, 12, 31)),
        ("ไตรมาสแรก ของ ปีงบประมาณ", 2568, date(2024, 10, 1), date(2024, 12, 31)),
        ("ไตรมาสที่ 3", 2568, date(2025, 4, 1), date(2025, 6, 30)),
        ("ปีงบประมาณ พ.ศ. 2566 - 2570", 2566, date(2022, 10, 1), date(2027, 9, 30)),
    ],
)
def test_periods(rules, text, fy, start, end):
    from conftest import repair_text

    assert parse_period(repair_text(text), fy, rules) == (start, end)


@pytest.mark.parametrize("text", ["", "ดำเนินการตามความเหมาะสม", "ต.ค. 99 - ก.ย. 12"])
def test_unreadable_period_gives_nulls(rules, text):
    assert parse_period(text, 2568, rules) == (None, None)


def test_month_without_year_and_without_fiscal_year_is_unknown(rules):
    assert parse_period("ต.ค. - ธ.ค.", None, rules) == (None, None)


def test_years_and_spans(rules):
    assert normalise_year(65) == 2565 and normalise_year(2024) == 2567 and normalise_year(2567) == 2567
    assert fiscal_year_span(2568, rules) == (date(2024, 10, 1), date(2025, 9, 30))
    assert quarter_span(2568, 2, rules) == (date(2025, 1, 1), date(2025, 3, 31))
    assert parse_date("ที่.....49010/.....วันที่ 31 มีนาคม 2564", rules) == date(2021, 3, 31)
