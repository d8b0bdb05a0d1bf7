"""Words into a cell's lines (extract/cells.py): boxes as Tesseract gave them on real pages."""
from __future__ import annotations

from extract.cells import words_text
from extract.engine import Word


def _words(*boxes: tuple[str, int, int, int]) -> list[Word]:
    return [Word(text, left, top, left + 40 * len(text), bottom, 90.0) for text, top, bottom, left in boxes]


def test_a_word_drawn_tall_does_not_pull_the_next_line_in():
    # A held-out phone photo (FreeSerif): "UBND các huyện, / thị xã, thành / phố" with "các"
    # 87 px tall among words of 40; the lines' union took the second line in and sorted it
    # into the first: "xã UBND thành các phố huyện,thị", at confidence 90, unflagged.
    words = _words(("UBND", 1920, 1960, 1355), ("các", 1906, 1993, 1474), ("huyện,thị", 1919, 1960, 1554),
                   ("xã", 1948, 2014, 1351), ("thành", 1948, 2014, 1417), ("phố", 1948, 2014, 1521))
    assert words_text(words) == "UBND các huyện,thị\nxã thành phố"


def test_words_of_one_line_at_slightly_different_heights_stay_one_line():
    # A skewed scan: each word a little lower than the one before, an accent making one taller.
    words = _words(("Sở", 100, 140, 10), ("Thông", 103, 143, 120), ("tin", 106, 146, 360),
                   ("Truyền", 95, 149, 500), ("thông", 110, 150, 780))
    assert words_text(words) == "Sở Thông tin Truyền thông"
    assert words_text(_words(("Văn", 100, 140, 10), ("phòng", 160, 200, 10))) == "Văn\nphòng"
