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
