import pytest

from normalize.numbering import parse_item, restore_lost_dots, sequence_problem


@pytest.mark.parametrize("previous, current, problem", [
    ("1", "1.1", None), ("1.1", "1.2", None), ("1.2", "2", None), ("2.1.3", "3", None),
    ("1", "3", "gap"), ("1.1", "1.3", "gap"), ("2", "1", "order"), ("1.2", "1.1", "order"),
])
def test_sequence(previous, current, problem):
    assert sequence_problem(parse_item(previous), parse_item(current)) == problem


@pytest.mark.parametrize("previous, item, following, restored", [
    ("2.1", "22", "2.3", "2.2"),      # the dot lost by OCR
    ("1", "11", "1.2", "1.1"),        # first child of group 1
    ("4.2", "43", None, "4.3"),
    ("3.1", "321", "3.2.2", "3.2.1"),
])
def test_lost_dots_restored(previous, item, following, restored):
    assert restore_lost_dots(previous, item, following) == restored


@pytest.mark.parametrize("previous, item, following", [
    ("10", "11", "12"),    # a real 11 continues the outline: left alone
    ("1", "11", "12"),     # 1.1 would not be followed by 12: a gap in the document, not OCR
    ("2.2", "3", "3.1"),   # single digits cannot hide a dot
    (None, "22", None),    # nothing to compare with
])
def test_correct_numbers_left_alone(previous, item, following):
    assert restore_lost_dots(previous, item, following) is None
