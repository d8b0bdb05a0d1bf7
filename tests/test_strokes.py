"""The stroke check of Roman numerals before a slash ("Quý II/2026"), extract/strokes.py.

At 150 dpi Tesseract's character box of the slash in "II/2026" starts over the
second "I" (boxes as it gave them on samples/corpus/bo-liberation-sans-150.pdf:
"I" 2079–2086, "I" 2084–2102, "/" 2091–2114, "2" 2114–2136), so counting the
strokes left of the slash's box turned a right "II/2026" into "I/2026". The
strokes are now counted up to the first digit, the slash told apart by its lean.
The images are drawn like the binarized 300-dpi crops of that scan (strokes 8 px
wide and 46 high, the slash 9 px lower at its foot); the real page is read in
tests/test_corpus_golden.py.
"""
from __future__ import annotations

import numpy as np
import pytest

from extract.engine import Char, Word
from extract.scan_settings import ScanSettings
from extract.strokes import (check_dash_spaces, check_strokes, check_trailing_marks, ink_shows_mark,
                             strokes_before_slash)

HEIGHT = 46


def _draw(strokes: int, slash: bool = True) -> tuple[np.ndarray, list[tuple[str, int, int]]]:
    """Ink of ``strokes`` upright bars, a leaning slash and a digit-like block; the character
    boxes as Tesseract gives them at low resolution (the slash's box starting over the last bar)."""
    ink = np.zeros((HEIGHT, 120), dtype=bool)
    boxes = []
    x = 0
    for _ in range(strokes):
        ink[:, x:x + 8] = True
        boxes.append(("I", x, x + 8))
        x += 17
    if slash:
        for row in range(HEIGHT):
            left = x + 9 - (row * 9) // HEIGHT  # leans right going up
            ink[row, left:left + 8] = True
        boxes.append(("/", x - 17, x + 17))  # starts where the last "I" starts
        x += 17
    ink[4:42, x + 2:x + 22] = True  # "2"
    boxes.append(("2", x, x + 24))
    return ink, boxes


def _word(text: str, boxes: list[tuple[str, int, int]]) -> Word:
    chars = tuple(Char(t, left, 0, right, HEIGHT) for t, left, right in boxes)
    return Word(text, 0, 0, boxes[-1][2], HEIGHT, 80.0, chars=chars)


@pytest.mark.parametrize("read, strokes, right", [
    ("II/2026", 2, "II/2026"),   # read right: stays (the slash's box no longer cuts the second "I" off)
    ("I/2026", 2, "II/2026"),    # a stroke lost: restored from the ink
    ("II/2026", 3, "III/2026"),
    ("I/2026", 1, "I/2026"),
])
def test_strokes_before_a_slash_are_counted_in_the_ink(read, strokes, right):
    ink, boxes = _draw(strokes)
    chars = [b for b in boxes if b[0] != "I"]
    shown = [("I", boxes[0][1], boxes[0][2])] * read.index("/") + chars
    assert check_strokes([_word(read, shown)], ink.astype(np.uint8), ScanSettings())[0].text == right


def test_without_a_leaning_slash_nothing_is_counted():
    ink, boxes = _draw(3, slash=False)  # three upright runs: the last is no slash
    assert strokes_before_slash(ink[:, :boxes[-1][1]], ScanSettings()) is None
    ink, boxes = _draw(2, slash=False)
    word = _word("I/2026", [("I", 0, 8), ("/", 10, 30), ("2", 34, 58)])
    assert check_strokes([word], ink.astype(np.uint8), ScanSettings())[0].text == "I/2026"


def test_the_slash_is_told_by_its_lean():
    ink, boxes = _draw(2)
    ink = ink[:, :boxes[-1][1]]  # up to the first digit, as check_strokes looks
    widths = strokes_before_slash(ink, ScanSettings())
    assert widths is not None and len(widths) == 2
    assert strokes_before_slash(ink, ScanSettings(min_slash_lean=0.5)) is None  # a lean it does not reach


# -- marks at the end of a word -----------------------------------------------------------

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
SETTINGS = ScanSettings()


def _printed(text: str, size: int = 44) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The ink of ``text`` printed in Liberation Serif, and each character's left and right."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (size * len(text), size * 2), 255)
    ImageDraw.Draw(image).text((4, size // 3), text, font=font, fill=0)
    ink = np.asarray(image) < 128
    spans = [(4 + int(font.getlength(text[:i])), 4 + int(font.getlength(text[:i + 1]))) for i in range(len(text))]
    return ink, spans


def _read(text: str, ink: np.ndarray, spans: list[tuple[int, int]], mark_box: tuple[int, int]) -> Word:
    """Tesseract's reading of the ink: ``text`` (the printed letters and a mark), the word's
    box ending at the last letter, the mark's box ``mark_box``, as it gives them."""
    rows = np.flatnonzero(ink.any(axis=1))
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    chars = [Char(c, left, top, right, bottom) for c, (left, right) in zip(text[:-1], spans)]
    chars.append(Char(text[-1], mark_box[0], top, mark_box[1], bottom))
    return Word(text, spans[0][0], top, spans[len(text) - 2][1], bottom, 96.0, chars=tuple(chars))


def test_a_printed_mark_whose_box_lies_over_the_letter_is_kept():
    # Noto Serif's "xã," and "Sở;" at 200 dpi: Tesseract's box of the printed comma lies
    # over the "ã" and the word's box stops at the "ã"; "Văn phòng Sở; UBND các xã, phường"
    # lost both marks and came out as one unit.
    for text in ("xã,", "Sở;", "biến,"):
        ink, spans = _printed(text)
        last_left, last_right = spans[-2]
        word = _read(text, ink, spans, (last_right - 4, last_right))
        assert check_trailing_marks([word], ink, SETTINGS)[0].text == text


def test_a_mark_the_ink_does_not_show_is_dropped():
    # "QPPL" read "QPPL,": nothing printed after the L, the comma's box over it.
    ink, spans = _printed("QPPL")
    spans.append((spans[-1][1], spans[-1][1]))
    last_left, last_right = spans[-2]
    word = _read("QPPL,", ink, spans, (last_right - 6, last_right))
    assert check_trailing_marks([word], ink, SETTINGS)[0].text == "QPPL"
    # A mark whose box has a place of its own stays, as before.
    word = _read("QPPL,", ink, spans, (last_right + 2, last_right + 9))
    assert check_trailing_marks([word], ink, SETTINGS)[0].text == "QPPL,"


def test_ink_shows_a_comma_or_a_stop_but_not_a_letter():
    for text, mark in (("soát,", True), ("2026.", True), ("tra;", True), ("soát", False), ("năm", False)):
        ink, _ = _printed(text)
        assert ink_shows_mark(ink, SETTINGS) is mark, text


def _digit_and_dash(gap: int, dash_first: bool = False) -> tuple[np.ndarray, Word]:
    """A digit 24 px wide and a dash 14 px wide at mid-height, ``gap`` blank columns apart, as
    Tesseract read them in one word ("4-"): its character boxes, the dash's box reaching over the
    blank in front of it (as on tinh-noto-serif-300-seal: "4" 1504-1530, "-" 1531-1562)."""
    ink = np.zeros((HEIGHT, 24 + gap + 14 + 4), dtype=bool)
    if dash_first:
        ink[20:26, 0:14] = True
        ink[2:HEIGHT - 2, 14 + gap:14 + gap + 24] = True
        chars = (Char("-", 0, 0, 14 + gap // 2, HEIGHT), Char("4", 14 + gap // 2, 0, 38 + gap, HEIGHT))
        return ink, Word("-4", 0, 0, 38 + gap, HEIGHT, 90.0, chars=chars)
    ink[2:HEIGHT - 2, 0:24] = True
    ink[20:26, 24 + gap:38 + gap] = True
    chars = (Char("4", 0, 0, 24, HEIGHT), Char("-", 24, 0, 38 + gap, HEIGHT))
    return ink, Word("4-", 0, 0, 38 + gap, HEIGHT, 90.0, chars=chars)


def test_a_dash_glued_to_a_number_where_the_page_shows_a_space_is_a_word_of_its_own():
    # "Tháng 4 - Tháng 9" read "Tháng 4- Tháng 9" (Noto Serif and Noto Sans, 300 dpi): the blank
    # before the dash measured 0.34-0.41 of the word's height, a word space.
    ink, word = _digit_and_dash(gap=17)
    first, dash = check_dash_spaces([word], ink.astype(np.uint8), ScanSettings())
    assert (first.text, dash.text) == ("4", "-")
    assert first.right <= dash.left and (first.left, dash.right) == (word.left, word.right)
    ink, word = _digit_and_dash(gap=17, dash_first=True)
    assert [w.text for w in check_dash_spaces([word], ink.astype(np.uint8), ScanSettings())] == ["-", "4"]


def test_a_dash_typed_against_its_word_stays():
    # "3120/QĐ-UBND", "Quý III-": the blank is a side bearing (0-0.14 of the height).
    ink, word = _digit_and_dash(gap=4)
    assert [w.text for w in check_dash_spaces([word], ink.astype(np.uint8), ScanSettings())] == ["4-"]
    # A dash inside a word is never cut; a dash alone neither.
    inside = Word("QĐ-UBND", 0, 0, 60, HEIGHT, 95.0, chars=tuple(Char(c, i * 8, 0, i * 8 + 8, HEIGHT)
                                                                  for i, c in enumerate("QĐ-UBND")))
    alone = Word("-", 0, 0, 14, HEIGHT, 95.0, chars=(Char("-", 0, 0, 14, HEIGHT),))
    blank = np.zeros((HEIGHT, 80), np.uint8)
    assert [w.text for w in check_dash_spaces([inside, alone], blank, ScanSettings())] == ["QĐ-UBND", "-"]


def _shifted(ink: np.ndarray, spans: list[tuple[int, int]], text: str, shift: int) -> np.ndarray:
    """The ink with the last character (the mark) moved ``shift`` columns right."""
    left = spans[len(text) - 1][0]
    moved = np.zeros((ink.shape[0], ink.shape[1] + shift), dtype=bool)
    moved[:, :left] = ink[:, :left]
    moved[:, left + shift:] = ink[:, left:]
    return moved


def test_a_comma_further_off_on_a_photo_is_found_up_to_the_next_word():
    # A held-out phone photo (DejaVu Sans): "tra," "thải," "định:" lost their printed marks,
    # which stood 0.2-0.3 of the word's height right of a box that ends at the last letter.
    ink, spans = _printed("tra,")
    rows = np.flatnonzero(ink.any(axis=1))
    height = int(rows[-1] - rows[0] + 1)
    far = _shifted(ink, spans, "tra,", int(0.3 * height))
    last_right = spans[-2][1]
    word = _read("tra,", far, spans, (last_right - 2, last_right))
    assert check_trailing_marks([word], far.astype(np.uint8), SETTINGS)[0].text == "tra"  # no next word known
    after = Word("phế", far.shape[1] - 2, word.top, far.shape[1] + 40, word.bottom, 96.0)
    kept = check_trailing_marks([word, after], far.astype(np.uint8), SETTINGS)
    assert [w.text for w in kept] == ["tra,", "phế"]
    # The next word's own ink is never taken for the mark: "QPPL" read "QPPL," before "và".
    ink, spans = _printed("QPPL và")
    q_right = spans[3][1]
    word = Word("QPPL,", spans[0][0], word.top, q_right, word.bottom, 96.0,
                chars=tuple(Char(c, l, 0, r, ink.shape[0]) for c, (l, r) in zip("QPPL", spans[:4]))
                + (Char(",", q_right - 6, 0, q_right, ink.shape[0]),))
    after = Word("và", spans[5][0], word.top, spans[6][1], word.bottom, 96.0)
    assert check_trailing_marks([word, after], ink.astype(np.uint8), SETTINGS)[0].text == "QPPL"
