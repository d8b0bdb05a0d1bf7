"""How a cell read twice (the page pass and the strip re-read) is settled:
extract/rereads.py's combine_reads, on readings as Tesseract gave them on the
corpus' 150-dpi Liberation Sans scan (samples/corpus/bo-liberation-sans-150.pdf, page 2)."""
from __future__ import annotations

import pytest

from extract.cells import CellRead
from extract.engine import Word
from extract.rereads import combine_reads
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

