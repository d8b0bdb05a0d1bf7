"""normalize/periods.py: the 'Thời gian' column."""
from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest

from normalize.model import Period
from normalize.periods import doubtful_period, parse_period


def months(text: str, plan_year: int | None = 2019) -> tuple[int | None, int | None, str | None, str | None]:
    p = parse_period(text, plan_year)
    return p.start_month, p.end_month, p.start, p.end


# -- ranges and single months/quarters --------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Tháng 01 - Tháng 12", (1, 12, "2019-01", "2019-12")),
    ("Tháng 01- Tháng 12", (1, 12, "2019-01", "2019-12")),
    ("Tháng 7 - tháng 11", (7, 11, "2019-07", "2019-11")),
    ("Tháng 10- Tháng 11", (10, 11, "2019-10", "2019-11")),
    ("Quý I", (1, 3, "2019-01", "2019-03")),
    ("Quý II", (4, 6, "2019-04", "2019-06")),
    ("Quý III", (7, 9, "2019-07", "2019-09")),
    ("Quý IV", (10, 12, "2019-10", "2019-12")),
    ("Quý III- Quý IV", (7, 12, "2019-07", "2019-12")),
    ("Tháng 12", (12, 12, "2019-12", "2019-12")),
    ("Tháng 01", (1, 1, "2019-01", "2019-01")),
    ("6 tháng đầu năm", (1, 6, "2019-01", "2019-06")),
    ("6 tháng cuối năm", (7, 12, "2019-07", "2019-12")),
    ("Năm 2019", (1, 12, "2019-01", "2019-12")),
    ("Cả năm", (1, 12, "2019-01", "2019-12")),
    ("Tháng 3/2019", (3, 3, "2019-03", "2019-03")),
    ("tháng 01-tháng 12/2019", (1, 12, "2019-01", "2019-12")),
    ("Từ tháng 3 đến tháng 10", (3, 10, "2019-03", "2019-10")),
    ("Tháng 3 - 10", (3, 10, "2019-03", "2019-10")),
])
def test_parse_period_brief_examples(text: str, expected: tuple) -> None:
    assert months(text) == expected


def test_parse_period_across_years() -> None:
    p = parse_period("Quý IV/2025 - Quý II/2026", 2019)
    assert p == Period("Quý IV/2025 - Quý II/2026", 10, 6, "2025-10", "2026-06")


@pytest.mark.parametrize("text, expected", [
    ("Tháng 01 – Tháng 12", (1, 12)),        # en dash
    ("Tháng 01 — Tháng 12", (1, 12)),        # em dash
    ("Tháng 01 -Tháng 12", (1, 12)),
    ("Tháng 01 đến Tháng 12", (1, 12)),
    ("Từ tháng 01 đến hết tháng 12", (1, 12)),
    ("THÁNG 01 - THÁNG 12", (1, 12)),
    ("tháng 1 - tháng 6", (1, 6)),
    ("Tháng01 - Tháng12", (1, 12)),
    ("Quý III - IV", (7, 12)),               # second quarter word implied
    ("Quý I - Quý II", (1, 6)),
    ("Tháng 3 - Quý IV", (3, 12)),           # mixed ends
    ("Trong Quý I", (1, 3)),
    ("Hoàn thành trong tháng 6", (6, 6)),
    ("Tháng 01 - Tháng 12.", (1, 12)),       # trailing full stop
])
def test_parse_period_variants(text: str, expected: tuple[int, int]) -> None:
    assert months(text)[:2] == expected


# -- OCR variants -----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Quý 1", (1, 3)),
    ("Quý l", (1, 3)),
    ("Quý |", (1, 3)),
    ("Qúy I", (1, 3)),
    ("Quí II", (4, 6)),
    ("Quý 2", (4, 6)),
    ("Quý 3", (7, 9)),
    ("Quý 4", (10, 12)),
    ("Quý 11", (4, 6)),      # OCR "11" for II
    ("Quý ll", (4, 6)),
    ("Quý lll", (7, 9)),
    ("Quý lV", (10, 12)),
    ("Quý 1V", (10, 12)),
    ("Quy III - Quy IV", (7, 12)),   # tone marks lost
    ("thang 01 - thang 12", (1, 12)),
])
def test_parse_period_ocr_variants(text: str, expected: tuple[int, int]) -> None:
    assert months(text)[:2] == expected


def test_parse_period_nfd_input_and_text() -> None:
    raw = unicodedata.normalize("NFD", "Quý III- Quý IV")
    p = parse_period(raw, 2019)
    assert (p.start_month, p.end_month) == (7, 12)
    assert p.text == "Quý III- Quý IV"
    assert unicodedata.is_normalized("NFC", p.text)


# -- years ------------------------------------------------------------------

def test_parse_period_year_on_the_end_applies_to_both_ends() -> None:
    assert months("tháng 01-tháng 12/2019", None) == (1, 12, "2019-01", "2019-12")
    assert months("Tháng 01 - Tháng 12 năm 2020", 2019) == (1, 12, "2020-01", "2020-12")
    assert months("Tháng 3 - 10/2020", 2019) == (3, 10, "2020-03", "2020-10")


def test_parse_period_year_on_the_start_applies_to_the_end() -> None:
    assert months("Tháng 3/2020 - Tháng 5", 2019) == (3, 5, "2020-03", "2020-05")


def test_parse_period_text_year_beats_plan_year() -> None:
    assert months("Tháng 3/2020", 2019) == (3, 3, "2020-03", "2020-03")
    assert months("Quý I/2020", 2019) == (1, 3, "2020-01", "2020-03")
    assert months("Quý I năm 2020", 2019) == (1, 3, "2020-01", "2020-03")
    assert months("Năm 2020", 2019) == (1, 12, "2020-01", "2020-12")


def test_parse_period_without_any_year_has_months_but_no_dates() -> None:
    assert months("Tháng 01 - Tháng 12", None) == (1, 12, None, None)
    assert months("Quý IV", None) == (10, 12, None, None)
    assert months("Cả năm", None) == (1, 12, None, None)


def test_parse_period_whole_years() -> None:
    assert months("Cả năm 2019", None) == (1, 12, "2019-01", "2019-12")
    assert months("Trong năm 2019", None) == (1, 12, "2019-01", "2019-12")
    assert months("2019", None) == (1, 12, "2019-01", "2019-12")
    assert months("2019 - 2020", None) == (1, 12, "2019-01", "2020-12")
    assert months("Năm 2019 - 2020", None) == (1, 12, "2019-01", "2020-12")


def test_parse_period_parts_of_the_year() -> None:
    assert months("Sáu tháng đầu năm 2019", None) == (1, 6, "2019-01", "2019-06")
    assert months("9 tháng đầu năm") == (1, 9, "2019-01", "2019-09")
    assert months("3 tháng cuối năm") == (10, 12, "2019-10", "2019-12")
    assert months("6 tháng cuối năm 2020") == (7, 12, "2020-07", "2020-12")


# -- deadlines --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Trước 30/6", (None, 6, None, "2019-06")),
    ("Trước ngày 30/6/2019", (None, 6, None, "2019-06")),
    ("Trước ngày 30/6/2020", (None, 6, None, "2020-06")),
    ("Trước tháng 6", (None, 6, None, "2019-06")),
    ("Trước ngày 15 tháng 9 năm 2019", (None, 9, None, "2019-09")),
    ("Trước 30.6", (None, 6, None, "2019-06")),
    ("Hoàn thành trước 31/12", (None, 12, None, "2019-12")),
    ("Chậm nhất trước ngày 30/6", (None, 6, None, "2019-06")),
    ("Trước Quý III", (None, 9, None, "2019-09")),
])
def test_parse_period_deadlines(text: str, expected: tuple) -> None:
    assert months(text) == expected


def test_parse_period_deadline_without_year() -> None:
    assert months("Trước 30/6", None) == (None, 6, None, None)


# -- not periods: keep the text ----------------------------------------------

@pytest.mark.parametrize("text", [
    "Thường xuyên",
    "Hằng năm",
    "Hàng năm",
    "Theo Kế hoạch của Bộ Nội vụ",
    "Đề án ban hành",
    "Theo sự chỉ đạo hoặc Kế hoạch đề ra",
    "Quyết định công bố TTHC của UBND tỉnh",
    "Theo quy định",
    "Năm",
    "Tháng",
    "Quý",
    "Tháng 01 - Tháng 12 hàng năm và đột xuất",
    "Tháng 3 - 2019",            # a year where the second month should be: ambiguous
    "Quý I, III",               # not one range
    "30/6",                     # a date without "trước"
])
def test_parse_period_free_text_keeps_text_only(text: str) -> None:
    p = parse_period(text, 2019)
    assert p == Period(text)


@pytest.mark.parametrize("text", [
    "Tháng 13",
    "Tháng 0",
    "Tháng 01 - Tháng 13",
    "Tháng 3 - 15",
    "Quý V",
    "Quý 5",
    "Trước 31/13",
    "Trước 32/6",
    "13 tháng đầu năm",
    "Năm 1066",
])
def test_parse_period_impossible_numbers_keep_text_only(text: str) -> None:
    assert parse_period(text, 2019) == Period(text)


def test_parse_period_start_after_end_is_returned_as_read() -> None:
    assert months("Tháng 10 - Tháng 3") == (10, 3, "2019-10", "2019-03")
    assert months("Quý IV - Quý I") == (10, 3, "2019-10", "2019-03")


def test_parse_period_text_is_stripped_and_single_spaced() -> None:
    p = parse_period("  Tháng 01 -\n   Tháng 12 ", 2019)
    assert p.text == "Tháng 01 - Tháng 12"
    assert (p.start_month, p.end_month) == (1, 12)
    assert parse_period("  Thường \n xuyên ", 2019).text == "Thường xuyên"


def test_parse_period_empty() -> None:
    assert parse_period("", 2019) == Period("")
    assert parse_period("   ", 2019) == Period("")


# -- periods that name days (the scanned plan 753 of ../shared/realdocs) -----

def days(text: str, plan_year: int | None = 2026) -> tuple[str | None, str | None, str | None, str | None]:
    p = parse_period(text, plan_year)
    return p.start, p.end, p.start_date, p.end_date


@pytest.mark.parametrize("text, expected", [
    ("Trước ngày 27/6/2026", (None, "2026-06", None, "2026-06-27")),
    ("Trước ngày 15/7/2026", (None, "2026-07", None, "2026-07-15")),
    ("29/6/2026 - 09/7/2026", ("2026-06", "2026-07", "2026-06-29", "2026-07-09")),
    ("10/7/2026 - 13/7/2026", ("2026-07", "2026-07", "2026-07-10", "2026-07-13")),
    ("Từ ngày 01/7 đến ngày 15/7/2026", ("2026-07", "2026-07", "2026-07-01", "2026-07-15")),
    ("Ngày 15/7/2026", ("2026-07", "2026-07", "2026-07-15", "2026-07-15")),
    # A day without a year takes the plan's year.
    ("Trước 30/6", (None, "2026-06", None, "2026-06-30")),
    ("28/12/2025 - 05/01/2026", ("2025-12", "2026-01", "2025-12-28", "2026-01-05")),
])
def test_periods_that_name_days_get_iso_dates(text, expected):
    assert days(text) == expected


def test_months_and_quarters_have_no_day():
    assert days("Tháng 01 - Tháng 12")[2:] == (None, None)
    assert days("Quý III- Quý IV")[2:] == (None, None)
    assert days("Tháng 3/2026") == ("2026-03", "2026-03", None, None)


@pytest.mark.parametrize("text", ["31/2/2026", "Trước ngày 30/2/2026", "32/7/2026 - 01/8/2026"])
def test_impossible_days_keep_only_the_text(text):
    p = parse_period(text, 2026)
    assert (p.start, p.end, p.start_date, p.end_date) == (None, None, None, None)
    assert p.text == text


def test_a_day_without_any_year_has_no_date():
    assert days("Trước 30/6", plan_year=None) == (None, None, None, None)


@pytest.mark.parametrize("text, reason", [
    # A held-out scan under a seal: strokes read after the period, which then parsed as nothing.
    ("Quý I/2026 cử À.", "unread tail"),
    ("Tháng 3- Tháng 10/2026 \\", "unread tail"),
    ("Quý II/2026 |", "unread tail"),
    # A plan for 2026: one digit of its year misread.
    ("Cả năm 2029.", "unlikely year"),
    ("Tháng 9/2036", "unlikely year"),
    # Left alone: periods that read, years a plan names, text that is no period at all.
    ("Tháng 3 - Tháng 10/2026", None),
    ("Quý I/2027", None),
    ("Năm 2026-2027", None),
    ("Năm 2030", None),
    ("Giai đoạn 2026-2030", None),
    ("Thường xuyên", None),
    ("Theo Kế hoạch số 12/KH-UBND", None),
])
def test_doubtful_ocr_periods(text, reason):
    assert doubtful_period(parse_period(text, 2026), 2026) == reason


def test_a_doubtful_period_flags_an_ocr_cell_never_a_typed_one():
    from test_totals import PLAN_HEADER, ocr_table, run

    rows = (["1", "Kiểm tra công tác", "Sở Nội vụ", "Quý I/2024 cử À.", "10"],
            ["2", "Tổng kết", "Sở Nội vụ", "Cả năm 2027", "5"],
            ["3", "Sơ kết", "Sở Nội vụ", "Quý II/2024", "5"])
    first, second, third = run(ocr_table(PLAN_HEADER, *rows, confidence=92.0)).rows
    assert "period" in first.low_confidence and first.period.start is None
    assert "period" in second.low_confidence  # a plan for 2024
    assert "period" not in third.low_confidence
    # The same cells typed in a text layer: kept as typed, and nothing is doubted.
    table = ocr_table(PLAN_HEADER, *rows)
    for row in table.rows:
        row.cells = [replace(cell, origin="text-layer", confidence=None) for cell in row.cells]
    assert all("period" not in row.low_confidence for row in run(table).rows)
