"""How a cell read twice (the page pass and the strip re-read) is settled:
extract/rereads.py's combine_reads, on readings as Tesseract gave them on the
corpus' 150-dpi Liberation Sans scan (samples/corpus/bo-liberation-sans-150.pdf, page 2)."""
from __future__ import annotations

import numpy as np
import pytest

from extract.cells import CellRead
from extract.engine import Word
from extract.rereads import combine_reads, has_unread_ink
from extract.scan_settings import ScanSettings

SETTINGS = ScanSettings()


def read(text: str, confidence: float | None) -> CellRead:
    words = [Word(text, 0, 0, 10, 10, confidence)] if text else []
    return CellRead(words=words, text=text, confidence=confidence, has_ink=True)


def test_a_numeral_read_below_the_garbage_level_beats_a_strip_reading_that_is_none():
    # section III's code: the page read "III" at 58, the strip "!" at 61
    page = read("III", 58.0)
    combine_reads(page, read("!", 61.0), numeric=True, settings=SETTINGS)
    assert page.text == "III"
    assert page.confidence == SETTINGS.disagreement_confidence  # two readings disagree: flagged


@pytest.mark.parametrize("page_text, page_confidence, strip_text, strip_confidence", [
    ("", None, "4", 94.0),  # nothing read on the page: the strip's number
    ("ĐO", 70.0, "35", 90.0),  # letters where the strip reads a number
    ("!", 40.0, "2", 96.0),  # garbage on the page, a number in the strip
])
def test_the_strip_number_replaces_a_page_read_that_does_not_count(page_text, page_confidence, strip_text,
                                                                   strip_confidence):
    page = read(page_text, page_confidence)
    combine_reads(page, read(strip_text, strip_confidence), numeric=True, settings=SETTINGS)
    assert (page.text, page.confidence) == (strip_text, strip_confidence)


def test_a_garbage_page_read_that_counts_other_strokes_leaves_the_strip_reading_doubtful():
    # A held-out phone photo (FreeSerif): "Quý III/2026" read "Quý II1/2026" at 35 on the
    # page, "Quý II/2026" at 86 in the strip: kept, unflagged, a quarter off.
    page = read("Quý II1/2026", 35.0)
    combine_reads(page, read("Quý II/2026", 86.0), numeric=False, settings=SETTINGS)
    assert page.text == "Quý II/2026" and page.confidence == SETTINGS.disagreement_confidence
    # Garbage that holds no Roman numeral to count keeps the strip's confidence ("5.1" read "S)").
    page = read("S)", 0.0)
    combine_reads(page, read("5.1", 93.0), numeric=True, settings=SETTINGS)
    assert (page.text, page.confidence) == ("5.1", 93.0)
    page = read("Quý HI/2026", 40.0)  # H for two strokes run together: three, as in the strip
    combine_reads(page, read("Quý III/2026", 90.0), numeric=False, settings=SETTINGS)
    assert page.confidence == 90.0



# -- ink the page read left unread -----------------------------------------------------------

def test_a_page_read_that_left_ink_unread_gives_way_to_the_strip_that_completes_it():
    """The Noto Serif scan of the corpus (300 dpi, page 2): "Quý III - Quý" over a lone "IV"
    that the page read took for "I" (at 92), with the box of the "I" alone."""
    page = read("Quý III - Quý\nI", 89.0)
    page.unread_ink = True
    combine_reads(page, read("Quý III - Quý\nIV", 90.0), numeric=False, settings=SETTINGS)
    assert (page.text, page.confidence) == ("Quý III - Quý\nIV", 90.0)
    # The same two readings without the evidence of unread ink: they disagree, and are flagged.
    page = read("Quý III - Quý\nI", 89.0)
    combine_reads(page, read("Quý III - Quý\nIV", 90.0), numeric=False, settings=SETTINGS)
    assert page.confidence == SETTINGS.disagreement_confidence
    # A strip reading that does not hold the page's is no completion; one below the garbage
    # level neither.
    for strip in (read("Quý II - Quý\nIV", 90.0), read("Quý III - Quý\nI\\", 20.0)):
        page = read("Quý III - Quý\nI", 89.0)
        page.unread_ink = True
        combine_reads(page, strip, numeric=False, settings=SETTINGS)
        assert page.confidence <= SETTINGS.disagreement_confidence, strip.text  # flagged either way


def _line_of_ink(width: int, height: int = 40) -> np.ndarray:
    binary = np.zeros((200, 600), np.uint8)
    binary[80:80 + height, 100:100 + width] = 255
    return binary


def test_ink_beyond_the_words_read_on_its_line_is_unread():
    dpi = 300.0
    box = (50, 50, 550, 150)
    binary = _line_of_ink(200)  # ink from x 100 to 300
    whole = [Word("Tháng", 100, 80, 300, 120, 95.0)]
    assert not has_unread_ink(binary, box, whole, dpi, SETTINGS)
    part = [Word("Tháng", 100, 80, 220, 120, 95.0)]  # 80 px (twice the line's height) unread
    assert has_unread_ink(binary, box, part, dpi, SETTINGS)
    overhang = [Word("Tháng", 100, 80, 290, 120, 95.0)]  # a serif's 10 px beyond the box
    assert not has_unread_ink(binary, box, overhang, dpi, SETTINGS)
    # A second line that no word was read on.
    binary[130:145, 100:160] = 255
    assert has_unread_ink(binary, box, whole, dpi, SETTINGS)
    # A speck beside the words is no text.
    binary = _line_of_ink(200)
    binary[95:98, 330:333] = 255
    assert not has_unread_ink(binary, box, whole, dpi, SETTINGS)
