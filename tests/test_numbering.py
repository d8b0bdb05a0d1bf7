"""normalize/numbering.py: what an outline of item numbers allows."""
import pytest

from normalize.numbering import item_from_outline, restore_lost_dots


@pytest.mark.parametrize("previous, following, depths, expected", [
    ("4", None, {1}, "5"),            # a table numbered 1, 2, 3 … only
    ("2.1", "2.3", {1, 2}, "2.2"),
    ("2.3", "3", {1, 2}, "2.4"),      # "3" cannot follow "3": only 2.4 fits
    ("1.2", "2", {2}, "1.3"),         # only sub-items in the table
    ("4", None, {1, 2}, None),        # 5 or 4.1
    ("4", "4.2", {1, 2}, "4.1"),
    (None, "2", {1}, None),           # nothing before: not settled here
    ("II", "3", {1}, None),           # not a number
])
def test_item_from_outline(previous, following, depths, expected):
    assert item_from_outline(previous, following, depths) == expected


def test_lost_dot_is_restored_only_when_one_reading_fits():
    assert restore_lost_dots("2.1", "22", "2.3") == "2.2"
    assert restore_lost_dots("2.1", "2.2") is None  # already fine
    assert restore_lost_dots("9", "10") is None     # 10 follows 9
