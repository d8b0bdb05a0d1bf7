"""The real OCR dump from Đắk Nông, end to end (extract → normalize)."""
from decimal import Decimal

import pytest

from extract import extract_file
from normalize.plan import normalize


@pytest.fixture(scope="module")
def result():
    from conftest import SEED
    if not SEED.exists():
        pytest.skip("seed dump missing")
    return normalize(extract_file(SEED))


def check(table, name):
    return next(c for c in table.checks if c.check == name)


def test_two_plan_tables(result):
    assert [t.plan_year for t in result.tables] == [2019, 2019]
    assert result.source.method == "text-dump"


def test_provincial_total_fails_and_points_at_missing_start(result):
    provincial = result.tables[0]
    assert provincial.total.stated_million_vnd == Decimal(1080)
    assert provincial.total.in_words_million_vnd == Decimal(1080)
    # 10+8+45+40+195+60+120+180+20 + 40+60 + 90 + 20+50+40 + 70, summed by hand from the dump
    assert provincial.total.rows_sum_million_vnd == Decimal(1048)
    budget = check(provincial, "budget-total-matches-rows")
    assert not budget.ok and budget.severity == "error"
    assert "32" in budget.message and "2.2" in budget.message
    assert check(provincial, "budget-words-match-figure").ok


def test_provincial_first_rows(result):
    rows = result.tables[0].rows
    assert rows[0].item == "2.2" and rows[0].task == "Tổ Tư vấn CCHC cấp tỉnh họp định kỳ, đột xuất"
    assert rows[0].budget_million_vnd == Decimal(10)
    assert rows[0].period.start_month == 1 and rows[0].period.end_month == 12
    group = rows[1]
    assert group.item == "3" and group.products == [] and group.budget_million_vnd is None
    assert rows[2].products[0] == "Các văn bản triển khai thực hiện"
    assert rows[2].partner_units == ["Các Sở, Ban, ngành", "UBND cấp huyện"]


def test_row_split_by_page_break_is_joined(result):
    rows = result.tables[0].rows
    row = next(r for r in rows if r.section == "III" and r.item == "1.1")
    assert row.products == ["100% các quy định được ban hành đúng thẩm quyền", "Quyết định của UBND tỉnh"]


def test_education_plan_reconciles_at_81(result):
    education = result.tables[1]
    assert education.total.stated_million_vnd == Decimal(81)
    assert education.total.rows_sum_million_vnd == Decimal(81)
    assert check(education, "budget-total-matches-rows").ok
    first = education.rows[1]
    assert first.item == "1.1" and first.budget_million_vnd == Decimal(10)
    assert first.period.start == "2019-01" and first.period.end == "2019-03"


def test_sections_cover_the_national_areas(result):
    codes = []
    for row in result.tables[1].rows:
        if row.section not in codes:
            codes.append(row.section)
    assert codes == ["I", "II", "III", "IV", "V", "VI", "VII"]
