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


def test_two_lost_dots_in_a_row():
    """"3", "31", "32" as the 150-dpi scan of samples/corpus/tinh-liberation-serif-150.pdf reads 3, 3.1, 3.2
    (its item cells read with confidence 50)."""
    assert restore_lost_dots("3", "31", "32", doubted=True) == "3.1"
    assert restore_lost_dots("3.1", "32", None) == "3.2"
    assert restore_lost_dots("3", "31", "32") is None     # read sure: items 4–30 may be on a lost page
    assert restore_lost_dots("3", "31", "4") == "3.1"     # the next one read right
    assert restore_lost_dots("3", "31", "5", doubted=True) is None  # neither "3.1" nor "31" is followed by 5
    assert restore_lost_dots("3", "4", "41", doubted=True) is None  # 4 follows 3: nothing to restore
    assert restore_lost_dots("2.1", "22", "HH") == "2.2"  # a next item that is no number says nothing
