"""The last re-read: a numeric column's cells that the page read and the strip
left empty or doubtful, read one by one with the column's character set.

A cell of a numeric column (item numbers, Roman section numerals, amounts)
that holds ink but has no reading that counts after the strip re-read
(:mod:`extract.rereads`) is cut out (its ink, with paper around it, scaled up
when the scan is coarse) and read as one line of text, once per character set
the column can hold: digits with dots and commas (item numbers and amounts)
and, in a column of item numbers, Roman numerals. The reading that has the
form of its set and the highest confidence, at least
``cell_read_min_confidence``, is kept. When no set gives a
reading of its form (the column's header, "TT", is no number), the cell is
read once more alone with every character.

A number that was read, but below ``cell_check_below``, is read alone the
same way as a check: when the two disagree, the cell keeps its reading with
its confidence capped at ``disagreement_confidence``, so that it is flagged.

A reading forced into a character set can be confidently wrong (a smudge read
"1"), so it gets at most ``cell_read_confidence``: below normalize/'s
doubtful level, the cell is flagged for a person; an item number that does
not fit the outline is then restored or left flagged by normalize/. Only when
it agrees with an earlier reading of the cell does the cell keep the better
confidence of the two.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Sequence

import cv2
import numpy as np
import regex

from .cells import CellRead, words_confidence
from .engine import OcrEngine, ReadRequest, Word
from .grid import Grid, points_to_pixels
from .rereads import _cell_pixels, _same_reading, ink_lines, is_unread, looks_numeric, number_text, numeric_columns
from .scan_settings import ScanSettings
from .strokes import check_strokes

log = logging.getLogger(__name__)

#: Character sets of a numeric column's cells, with the form a reading must have.
DIGITS = "0123456789.,"
ROMAN = "IVXLC."
ANY = ""
_FORMS = {DIGITS: regex.compile(r"^\d[\d.,]*$"), ROMAN: regex.compile(r"^[IVXLC]+\.?$"), ANY: regex.compile(r"\S")}
_ITEM_LIKE = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]+\.?)$")


def column_charsets(grid: Grid, reads: Sequence[CellRead], col: int) -> tuple[str, ...]:
    """The character sets a numeric column's cells are read with.

    A column whose readings are item numbers or Roman numerals (or that has no
    reading at all, and is the table's first column, where the numbering
    goes) may hold either; any other numeric column holds amounts.
    """
    texts = ["".join(r.text.split()) for cell, r in zip(grid.cells, reads)
             if cell.col == col and cell.col_span == 1 and r.text.strip()]
    numbers = [t for t in texts if looks_numeric(t)]
    if numbers and sum(bool(_ITEM_LIKE.match(t)) for t in numbers) >= 0.5 * len(numbers):
        return DIGITS, ROMAN
    if not numbers and col == 0:
        return DIGITS, ROMAN
    return (DIGITS,)


def wants_cell_read(read: CellRead, settings: ScanSettings) -> bool:
    """Ink, and no reading that counts: nothing, garbage, letters without a digit."""
    if not read.has_ink:
        return False
    if is_unread(read, settings, numeric=True):
        return True
    return not looks_numeric(read.text) and len("".join(read.text.split())) <= settings.short_text


def wants_check(read: CellRead, settings: ScanSettings) -> bool:
    """A number read, but not surely (below ``cell_check_below``): read alone
    once more, and a disagreement flags it ("25" read "35" at 71 on a harsh scan)."""
    return (read.has_ink and looks_numeric(read.text) and read.confidence is not None
            and read.confidence < settings.cell_check_below)


def cell_image(clean: np.ndarray, box: tuple[int, int, int, int], settings: ScanSettings,
               dpi: float) -> tuple[np.ndarray, float, tuple[int, int]]:
    """The ink of a cell with paper around it, scaled by a whole factor when
    the ink is less than ``cell_read_height`` pixels tall; returns the image,
    the scale and the page position of the image's origin (before scaling)."""
    x0, top, x1, bottom = box
    height = bottom - top
    pad = max(4, height)
    crop = clean[top:bottom, x0:x1]
    paper = float(np.percentile(crop, 95)) if crop.size else 255.0
    whitened = np.clip(crop.astype(np.int16) + int(255 - paper), 0, 255).astype(np.uint8)
    image = np.full((height + 2 * pad, (x1 - x0) + 2 * pad), 255, np.uint8)
    image[pad:pad + height, pad:pad + (x1 - x0)] = whitened
    # Whole factors only: Tesseract misreads a crop scaled by 1.18 ("TT" as "bò 8")
    # that it reads right at 1 and at 2.
    scale = float(min(settings.cell_read_max_scale, int(np.ceil(settings.cell_read_height / max(height, 1)))))
    if scale > 1.0:
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return image, scale, (x0 - pad, top - pad)


def _to_page(word: Word, scale: float, origin: tuple[int, int]) -> Word:
    def back(v: int, o: int) -> int:
        return int(round(v / scale)) + o

    chars = tuple(replace(c, left=back(c.left, origin[0]), top=back(c.top, origin[1]),
                          right=back(c.right, origin[0]), bottom=back(c.bottom, origin[1])) for c in word.chars)
    return replace(word, left=back(word.left, origin[0]), top=back(word.top, origin[1]),
                   right=back(word.right, origin[0]), bottom=back(word.bottom, origin[1]), chars=chars)


def read_cell(clean: np.ndarray, binary: np.ndarray, box: tuple[int, int, int, int], charsets: Sequence[str],
              dpi: float, settings: ScanSettings, engine: OcrEngine, any_char: bool = True) -> CellRead | None:
    """The best reading of one line of a cell over the character sets, or None.

    ``any_char``: when no set gives a reading, read with every character.
    Words come with their characters, so that a run of "I" strokes read
    "H" is counted on the page (:func:`~extract.strokes.check_strokes`)."""
    image, scale, origin = cell_image(clean, box, settings, dpi)
    best: CellRead | None = None
    for charset in (*charsets, ANY) if any_char else charsets:
        if charset == ANY and best is not None:
            break
        request = ReadRequest(psm=settings.cell_psm, lang=settings.lang, chars=True, charset=charset)
        words = [_to_page(w, scale, origin) for w in engine.read(image, dpi * scale, request)]
        words = check_strokes(words, binary, settings)
        text = number_text(words)
        if not words or not _FORMS[charset].search("".join(text.split())):
            continue
        read = CellRead(words=words, text=text, confidence=words_confidence(words), has_ink=True)
        if (read.confidence or 0.0) < settings.cell_read_min_confidence:
            continue  # a guess ("TT" forced into digits reads "8" at 0)
        if best is None or (read.confidence or 0.0) > (best.confidence or 0.0):
            best = read
    return best


def reread_single_cells(grids: Sequence[Grid], reads: list[list[CellRead]], clean: np.ndarray,
                        binary: np.ndarray, dpi: float, settings: ScanSettings, engine: OcrEngine) -> int:
    """Read the numeric columns' still unread cells one by one; returns the cells now read."""
    inset = int(points_to_pixels(settings.cell_inset, dpi))
    changed = 0
    for grid, grid_reads in zip(grids, reads):
        numeric = numeric_columns(grid, grid_reads, settings)
        charsets = {col: column_charsets(grid, grid_reads, col) for col in numeric}
        for cell, read in zip(grid.cells, grid_reads):
            if cell.col not in numeric or cell.col_span != 1:
                continue
            unread, unsure = wants_cell_read(read, settings), wants_check(read, settings)
            if not (unread or unsure):
                continue
            lines = ink_lines(binary, _cell_pixels(cell.box, inset, clean.shape), dpi)
            if len(lines) != 1:  # a number is one line; several lines are not a lone number
                continue
            found = read_cell(clean, binary, lines[0], charsets[cell.col], dpi, settings, engine, any_char=unread)
            if not unread:
                if found is not None and not _same_reading(found.text, read.text):
                    log.debug("cell read alone disagrees: %r (%s) / %r (%s)", read.text, read.confidence,
                              found.text, found.confidence)
                    read.confidence = min(read.confidence or 0.0, settings.disagreement_confidence)
                continue
            if found is None:
                continue
            log.debug("cell read alone: %r (%s) → %r (%s)", read.text, read.confidence, found.text,
                      found.confidence)
            if _same_reading(found.text, read.text):
                read.confidence = max(read.confidence or 0.0, found.confidence or 0.0)
                continue
            read.words, read.text = found.words, found.text
            read.confidence = min(found.confidence or 0.0, settings.cell_read_confidence)
            changed += 1
    return changed
