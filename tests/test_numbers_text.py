"""Amounts in messages: English style in ``message``, Vietnamese style in ``message_vi``."""
from decimal import Decimal

from normalize.checks import budget_checks
from normalize.model import Period, PlanRow, Total
from normalize.numbers_text import format_en, format_vi


def test_english_groups_thousands_with_commas_and_a_point_before_decimals():
    assert format_en(Decimal(1080)) == "1,080"
    assert format_en(Decimal("2537.5")) == "2,537.5"
    assert format_en(Decimal("-1234567.25")) == "-1,234,567.25"


def test_vietnamese_groups_thousands_with_dots_and_a_comma_before_decimals():
    assert format_vi(Decimal(1080)) == "1.080"
    assert format_vi(Decimal("2537.5")) == "2.537,5"
    assert format_vi(Decimal("1.5")) == "1,5"


def test_small_whole_numbers_and_unknowns_are_left_as_they_are():
    assert format_en(Decimal(32)) == format_vi(Decimal(32)) == "32"
    assert format_en(Decimal("32.00")) == "32"  # trailing zeros are no decimals
    assert format_en(None) == format_vi(None) == "?"


def _row(item, budget):
    return PlanRow(section="I", section_title="", item=item, level=1, task="t", products=[], lead_units=[],
                   partner_units=[], period=Period(""), budget_million_vnd=Decimal(budget), pages=[1],
                   budget_text=budget)


def test_a_total_that_fails_speaks_each_language_s_numbers():
    rows = [_row("1", "1080"), _row("2", "1457.5")]
    total = Total(stated_million_vnd=Decimal("2600"), rows_sum_million_vnd=Decimal("2537.5"))
    [check] = [c for c in budget_checks(rows, total, [], {}) if c.check == "budget-total-matches-rows"]
    assert not check.ok
    assert "2,600 million VND" in check.message and "2,537.5" in check.message and "62.5" in check.message
    assert "2.537,5" not in check.message and "2.600" not in check.message
    assert "2.600 triệu đồng" in check.message_vi and "2.537,5" in check.message_vi and "62,5" in check.message_vi


def test_a_dash_budget_is_nothing_planned_and_no_unreadable_cell():
    rows = [_row("1", "1080"), _row("2", "1080")]
    rows[1].budget_million_vnd, rows[1].budget_text = None, "-"
    checks = budget_checks(rows, Total(stated_million_vnd=Decimal(1080), rows_sum_million_vnd=Decimal(1080)), [], {})
    assert [c for c in checks if c.check == "budget-cell-readable"] == []
    rows[1].budget_text = "Ngân sách tỉnh"  # a text that is no amount is still reported
    checks = budget_checks(rows, Total(stated_million_vnd=Decimal(1080), rows_sum_million_vnd=Decimal(1080)), [], {})
    [unread] = [c for c in checks if c.check == "budget-cell-readable"]
    assert not unread.ok and "Ngân sách tỉnh" in unread.message
