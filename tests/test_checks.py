from decimal import Decimal

from normalize.checks import budget_checks, numbering_checks
from normalize.model import Period, PlanRow, SectionRef, Subtotal, Total


def row(item, budget=None, section="I", low=()):
    return PlanRow(section=section, section_title="", item=item, level=1, task="t", products=[],
                   lead_units=[], partner_units=[], period=Period(""),
                   budget_million_vnd=None if budget is None else Decimal(budget), pages=[1],
                   section_path=[SectionRef(section, "")], low_confidence=list(low),
                   budget_text="" if budget is None else str(budget))


def by_id(checks, name):
    return [c for c in checks if c.check == name]


def test_total_that_reconciles():
    rows = [row("1", 10), row("2", 71)]
    checks = budget_checks(rows, Total(stated_million_vnd=Decimal(81), rows_sum_million_vnd=Decimal(81)), [], {})
    assert by_id(checks, "budget-total-matches-rows")[0].ok


def test_failing_total_says_by_how_much_and_why():
    rows = [row("2.2", 10, section="I"), row("3", 1038, section="I")]
    total = Total(stated_million_vnd=Decimal(1080), rows_sum_million_vnd=Decimal(1048))
    check = by_id(budget_checks(rows, total, [], {}), "budget-total-matches-rows")[0]
    assert not check.ok and check.severity == "error"
    assert "32" in check.message and "I.2.2" in check.message
    assert "32" in check.message_vi


def test_low_confidence_amount_never_passes():
    rows = [row("1", 10, low=["budget_million_vnd"]), row("2", 71)]
    total = Total(stated_million_vnd=Decimal(81), rows_sum_million_vnd=Decimal(81))
    check = by_id(budget_checks(rows, total, [], {}), "budget-total-matches-rows")[0]
    assert not check.ok and "cannot be confirmed" in check.message


def test_words_disagreeing_with_figure():
    total = Total(stated_million_vnd=Decimal(1080), in_words="Một tỉ", in_words_million_vnd=Decimal(1000),
                  rows_sum_million_vnd=Decimal(1080))
    check = by_id(budget_checks([row("1", 1080)], total, [], {}), "budget-words-match-figure")[0]
    assert not check.ok


def test_subtotal_check():
    checks = budget_checks([], Total(), [Subtotal("I", Decimal(30), Decimal(29))], {})
    assert not by_id(checks, "budget-subtotal-matches-section")[0].ok


def test_numbering_in_order_passes():
    rows = [row(i) for i in ("1", "1.1", "1.2", "2", "2.1", "2.1.1", "3")] + [row("1", section="II")]
    checks = numbering_checks(rows, {})
    assert [c.check for c in checks] == ["numbering"] and checks[0].ok


def test_numbering_gap_duplicate_and_order():
    rows = [row(i) for i in ("1", "2", "4", "4", "3.1")]
    names = [c.check for c in numbering_checks(rows, {})]
    assert names == ["numbering-gap", "numbering-duplicate", "numbering-order"]


def test_unnumbered_rows_are_ignored():
    rows = [row("1"), row(""), row("2")]
    assert numbering_checks(rows, {})[0].ok


def test_no_stated_total_is_a_warning_not_a_pass():
    rows = [row("1", 10), row("2", 15)]
    check = by_id(budget_checks(rows, Total(rows_sum_million_vnd=Decimal(25)), [], {}), "budget-total-stated")[0]
    assert not check.ok and check.severity == "warning"
    assert "No stated total found" in check.message and "25" in check.message
    assert "Không tìm thấy tổng cộng" in check.message_vi


def test_table_without_amounts_needs_no_total():
    check = by_id(budget_checks([row("1"), row("2")], Total(rows_sum_million_vnd=Decimal(0)), [], {}),
                  "budget-total-stated")[0]
    assert check.ok and check.severity == "info"


def test_rows_summing_to_a_multiple_of_the_total_say_so():
    # 50.000 at the top, sections and items all counted: 150.000.
    rows = [row("", 50000), row("", 20000), row("", 30000), row("", 20000), row("", 30000)]
    total = Total(stated_million_vnd=Decimal(50000), rows_sum_million_vnd=Decimal(150000), position="top")
    check = by_id(budget_checks(rows, total, [], {}), "budget-total-matches-rows")[0]
    assert not check.ok and check.severity == "error"
    assert "3 times the stated total" in check.message and "gấp 3 lần tổng cộng" in check.message_vi
    assert check.where["multiple"] == 3
    plain = Total(stated_million_vnd=Decimal(50000), rows_sum_million_vnd=Decimal(140000))
    assert "times" not in by_id(budget_checks(rows, plain, [], {}), "budget-total-matches-rows")[0].message


def test_no_total_but_a_sum_that_is_a_multiple_of_the_largest_amount():
    rows = [row("", 50000), row("", 20000), row("", 30000), row("", 20000), row("", 30000)]
    check = by_id(budget_checks(rows, Total(rows_sum_million_vnd=Decimal(150000)), [], {}), "budget-total-stated")[0]
    assert not check.ok and "3 times the largest amount" in check.message and "gấp 3 lần" in check.message_vi


def test_total_only_in_words_is_compared_like_a_figure():
    total = Total(in_words="Ba mươi triệu đồng", in_words_million_vnd=Decimal(30), rows_sum_million_vnd=Decimal(25))
    check = by_id(budget_checks([row("1", 10), row("2", 15)], total, [], {}), "budget-total-matches-rows")[0]
    assert not check.ok and "in words" in check.message and "5" in check.message
    assert not by_id(budget_checks([row("1", 10)], total, [], {}), "budget-total-stated")


def test_groups_read_from_sums_are_reported_and_confirmed_only_by_a_figure():
    rows = [row("", 30), row("", 10), row("", 20)]
    groups = [Subtotal("CẢI CÁCH THỂ CHẾ", Decimal(30), Decimal(30), basis="sums")]
    confirmed = Total(stated_million_vnd=Decimal(30), rows_sum_million_vnd=Decimal(30))
    check = by_id(budget_checks(rows, confirmed, groups, {}), "budget-groups-by-sum")[0]
    assert check.ok and check.severity == "info" and "60" in check.message
    alone = by_id(budget_checks(rows, Total(rows_sum_million_vnd=Decimal(30)), groups, {}), "budget-groups-by-sum")[0]
    assert not alone.ok and alone.severity == "warning" and "Check them against the page" in alone.message
    subtotal = by_id(budget_checks(rows, confirmed, groups, {}), "budget-subtotal-matches-section")[0]
    assert subtotal.ok and "CẢI CÁCH THỂ CHẾ" in subtotal.message and subtotal.where["basis"] == "sums"
    assert not by_id(budget_checks(rows, confirmed, [], {}), "budget-groups-by-sum")
