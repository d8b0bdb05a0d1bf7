"""OCR of scanned pages: page image → grid → Tesseract → tables and lines.

One page goes through these steps (each a function below):

1. :func:`~extract.page_image.prepare`: grayscale without coloured ink,
   working resolution, upright, deskewed;
2. :func:`~extract.grid.find_rulings` and :func:`~extract.grid.find_grids`:
   the ruled tables and their cells;
3. erase the ruling lines (so that Tesseract reads no "|" and does not drop
   the text that touches them) and read the page, without its empty margins,
   in **one** Tesseract run (sparse-text mode, with character boxes); if that
   reads badly, ask Tesseract's OSD whether the page is upside down or turned
   and read it again turned;
4. check two known misreadings against the image: a run of "I" strokes read
   as "H", "IH", "II" for "III" … (:func:`check_strokes`), and a comma or
   full stop added after a word where none is printed
   (:func:`check_trailing_marks`);
5. put every word into the cell that holds its centre; words outside the
   tables make text lines;
6. read the cells that need it again, all in **one** more run over a strip
   image (:func:`build_strip`): the cells of numeric columns (item numbers,
   amounts), where a lost dot or a swapped digit would silently change a
   value, and cells that hold ink but got no reading (Tesseract drops lone
   short tokens). Each line of the strip is one line of one cell behind a
   word of the same page, which gives Tesseract the scale of real text (a
   line of bare numbers is misread). :func:`combine_reads` settles the two
   readings: agreement confirms the cell; disagreement caps its confidence,
   so that normalize/ marks it for a person;
7. a page without ruled tables gets its columns from the words (gaps that
   stay empty over many lines), when there are any.

**Confidence.** A word's confidence is Tesseract's (0..100). A cell's (and a
line's) confidence is the *lowest* confidence of its words: one doubtful word
makes the cell doubtful. A cell read twice the same way takes the better of
the two; read two ways, at most ``disagreement_confidence`` (30). An empty
cell with no ink has no confidence (None); a cell with ink that no read could
turn into text has confidence 0.

Pages are independent: :func:`ocr_pages` spreads them over a process pool and
returns them in page order, so the result does not depend on the number of
workers.
"""
from __future__ import annotations

import difflib
import logging
import os
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

import cv2
import numpy as np
import regex

from . import tesseract
from .grid import (Grid, GridSettings, TextLine, erase_rulings, find_grids, find_rulings,
                   infer_columns, points_to_pixels, ruling_mask, unruled_grid)
from .model import Block, Cell, Line, Row, Table, WordRead
from .pdf_text import _is_page_furniture, running_lines
from .page_image import (PageImage, PageImageSettings, background_level, image_file_frames,
                         deskew, load_image_frame, load_pdf_page, prepare, turn)
from .tesseract import Word

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanSettings:
    """How scanned pages are read; every default is documented here."""

    image: PageImageSettings = field(default_factory=PageImageSettings)
    grid: GridSettings = field(default_factory=GridSettings)
    #: Tesseract language model(s).
    lang: str = "vie"
    #: Page segmentation mode of the page read. 11 (sparse text) finds each
    #: cell's text as its own lines, which keeps word spaces and short words
    #: that the automatic layout (3) loses when it strings cells into one
    #: line; it drops lone short tokens, which step 5 reads.
    page_psm: int = 11
    #: Page segmentation mode of the strip read (6: one uniform block of text;
    #: the strip's rows are lines of cell pieces).
    strip_psm: int = 6
    #: Re-read numeric columns and inked-but-empty cells in a strip (step 5).
    reread: bool = True
    #: Widest stroke (share of the ink's height) counted by :func:`check_strokes`.
    max_stroke_width: float = 0.3
    #: A column is numeric when at least this share of its inked cells read
    #: as numbers (digits with . , - / and spaces, or Roman numerals) or as
    #: nothing; its cells that read as numbers or as at most ``short_text``
    #: characters are read again ("II" read as "H").
    numeric_share: float = 0.6
    short_text: int = 3
    #: White space in the strip image (between the calibration word and a
    #: piece, and between lines), as a share of the pieces' median height:
    #: about two word spaces. Much wider, and Tesseract's line recognizer drops
    #: the dot of "2.2" (read "22") or invents characters in the blank.
    strip_gap: float = 0.6
    #: A calibration word (see :func:`calibration_words`) was read with at
    #: least this confidence; a bold one is this many times bolder than the
    #: page's typical word.
    calibration_confidence: float = 90.0
    bold_weight_ratio: float = 1.3
    #: Margin cut off the inside of a cell before it goes into the strip, in points.
    cell_inset: float = 1.5
    #: Highest confidence of a cell whose two reads disagree.
    disagreement_confidence: float = 30.0
    #: A page read below this confidence does not count as a reading against
    #: the strip's (a lone "5.1" read as "S)II" at 0, "175,7" as "120,7)" at
    #: 53): the level under which normalize/ marks a cell as doubtful anyway.
    garbage_confidence: float = 60.0
    #: A cell holds ink when, after the ruling is erased, it has at least this
    #: much inked area (square points; a "1" at 11 pt is about 8).
    min_ink_area: float = 4.0
    #: The page is read without its empty margins: the part with ink (8×8
    #: blocks at least this dense) and this margin around it, in points.
    content_density: float = 0.05
    content_margin: float = 12.0
    #: A line of text outside the tables whose words average below this
    #: confidence is noise (a stamp's lettering, a scribble) and is left out.
    unreadable_line: float = 50.0
    #: Ask OSD whether the page is turned when the mean word confidence is
    #: below this, or when fewer than ``min_words`` words were read.
    osd_below_confidence: float = 60.0
    min_words: int = 5
    #: OSD's orientation confidence needed to turn the page.
    osd_min_confidence: float = 1.0


# -- words into cells and lines -------------------------------------------------------

def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines by geometry, top to bottom, each left to right.

    A word joins a line when its vertical middle falls inside the line's
    band (the band of the words that already joined it).
    """
    lines: list[list[Word]] = []
    bands: list[list[float]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.left)):
        middle = (word.top + word.bottom) / 2
        for line, band in zip(lines, bands):
            if band[0] <= middle <= band[1]:
                line.append(word)
                band[0], band[1] = min(band[0], word.top), max(band[1], word.bottom)
                break
        else:
            lines.append([word])
            bands.append([word.top, word.bottom])
    order = sorted(range(len(lines)), key=lambda i: (bands[i][0] + bands[i][1]) / 2)
    return [sorted(lines[i], key=lambda w: w.left) for i in order]


def words_text(words: Sequence[Word]) -> str:
    """Words as text: lines joined by newlines, words by spaces."""
    return "\n".join(" ".join(w.text for w in line) for line in group_lines(words))


def words_confidence(words: Sequence[Word]) -> float | None:
    """The lowest word confidence (see the module docstring), or None."""
    return round(min(w.confidence for w in words), 2) if words else None


def word_reads(words: Sequence[Word]) -> tuple[WordRead, ...]:
    """The words in reading order (line by line), each with its confidence."""
    return tuple(WordRead(w.text, round(w.confidence, 2)) for line in group_lines(words) for w in line)


def words_box(words: Sequence[Word]) -> tuple[float, float, float, float]:
    return (min(w.left for w in words), min(w.top for w in words),
            max(w.right for w in words), max(w.bottom for w in words))


@dataclass
class CellRead:
    """What was read in one grid cell."""

    words: list[Word] = field(default_factory=list)
    text: str = ""
    confidence: float | None = None
    has_ink: bool = False


def assign_words(grids: Sequence[Grid], words: Iterable[Word]) -> tuple[list[list[CellRead]], list[Word]]:
    """Each word into the grid cell that holds its centre; the rest are outside."""
    reads = [[CellRead() for _ in grid.cells] for grid in grids]
    outside: list[Word] = []
    for word in words:
        x, y = word.center
        for g, grid in enumerate(grids):
            index = grid.cell_index_at(x, y)
            if index is not None:
                reads[g][index].words.append(word)
                break
        else:
            outside.append(word)
    for grid_reads in reads:
        for read in grid_reads:
            read.text = words_text(read.words)
            read.confidence = words_confidence(read.words)
    return reads, outside


# -- strokes: Roman numerals ---------------------------------------------------------------

#: A reading that may be a run of "I" strokes, maybe after a "V": bold serif
#: "II" and "III" run their serifs together and read as "H", "IH", "Il", "Ì" …
_STROKE_RUN = regex.compile(r"^(?P<v>V?)(?P<strokes>[IHlLÌÍÏĨ1|]{1,4})(?P<rest>/\d+)?$")


def stroke_runs(ink: np.ndarray) -> list[float]:
    """Widths (share of the ink's height) of the runs of ink across the middle fifth of the ink."""
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size < 3:
        return []
    height = rows[-1] - rows[0] + 1
    band = ink[rows[0] + int(0.4 * height):rows[0] + int(0.6 * height) + 1]
    profile = np.concatenate([[False], band.any(axis=0), [False]])
    edges = np.flatnonzero(np.diff(profile.astype(np.int8)))
    return [float(w) / height for w in edges[1::2] - edges[::2]]


def check_strokes(words: Sequence[Word], binary: np.ndarray, settings: ScanSettings) -> list[Word]:
    """Words that read as a run of "I"-like letters get as many "I" as the image has strokes.

    Only readings with a letter among the strokes (so "11" stays a number),
    only when every stroke across the middle of the word is thin (an "H" has
    its bar there and is left alone), and only for one to four strokes. After
    a "V", the strokes are counted right of the V's character box, and only
    when the reading is not already Roman; "II/2026" is checked before its slash.
    """
    out = []
    for word in words:
        match = _STROKE_RUN.match(word.text)
        left, right = word.left, word.right
        if match and match["rest"]:  # "II/2026": only the part before the slash
            slash = next((c for c in word.chars if c.text == "/"), None)
            right = slash.left if slash is not None else word.left
        if match and match["v"]:
            already_roman = set(match["strokes"]) == {"I"}
            left = word.chars[0].right if word.chars and not already_roman else right
        if match and not match["strokes"].isdigit() and right > left:
            runs = stroke_runs(binary[word.top:word.bottom, left:right])
            if runs and max(runs) <= settings.max_stroke_width and len(runs) <= 4:
                text = match["v"] + "I" * len(runs) + (match["rest"] or "")
                if text != word.text:
                    log.debug("strokes: %r read as %r", word.text, text)
                    word = replace(word, text=text)
        out.append(word)
    return out


# -- punctuation that is not on the page -----------------------------------------------------

_MARKS = ",.;:"


def check_trailing_marks(words: Sequence[Word]) -> list[Word]:
    """Drop a comma or full stop that Tesseract adds after a word when the image has none.

    The line recognizer sometimes ends a word with a mark that is not printed
    ("QPPL" read as "QPPL,"): such a mark has no place of its own, its box
    lies over the letter before it. A printed mark sits mostly to the right
    of that letter. Needs the words' character boxes (:func:`tesseract.ocr_chars`).
    """
    out = []
    for word in words:
        chars = word.chars
        if len(chars) >= 2 and chars[-1].text in _MARKS and chars[-2].text not in _MARKS:
            mark, before = chars[-1], chars[-2]
            width = max(1, mark.right - mark.left)
            overlap = max(0, min(mark.right, before.right) - max(mark.left, before.left))
            if overlap >= 0.5 * width:
                log.debug("mark: %r has no %r of its own on the page", word.text, mark.text)
                word = replace(word, text=word.text[:-1], chars=chars[:-1])
        out.append(word)
    return out


# -- the strip re-read ---------------------------------------------------------------------

_NUMBER = regex.compile(r"^[\d.,;:\-–/()% ]*\d[\d.,;:\-–/()% ]*$")
_ROMAN = regex.compile(r"^[IVXLC]+\.?$")


def looks_numeric(text: str) -> bool:
    """A number, an item number or a Roman numeral (nothing plan-specific)."""
    compact = " ".join(text.split())
    return bool(compact) and bool(_NUMBER.match(compact) or _ROMAN.match(compact))


def numeric_columns(grid: Grid, reads: Sequence[CellRead], settings: ScanSettings) -> set[int]:
    """Columns of numbers: at least ``numeric_share`` of their inked,
    single-column cells read as numbers or not at all (the page read drops
    or garbles lone short tokens, and a column of item numbers is mostly those)."""
    share = settings.numeric_share
    found = set()
    for col in range(grid.n_cols):
        cells = [reads[i] for i, cell in enumerate(grid.cells)
                 if cell.col == col and cell.col_span == 1 and reads[i].has_ink]
        numbers = sum(1 for read in cells if is_unread(read, settings, True) or looks_numeric(read.text))
        if len(cells) >= 2 and numbers >= share * len(cells):
            found.add(col)
    return found


def is_unread(read: CellRead, settings: ScanSettings, numeric: bool = False) -> bool:
    """A page read that does not count as a reading: nothing, garbage (very
    low confidence) or, in a numeric column, letters without a single digit
    ("ĐO" for "35")."""
    if not read.words or (read.confidence or 0.0) < settings.garbage_confidence:
        return True
    compact = "".join(read.text.split())
    return numeric and not any(ch.isdigit() for ch in compact) and not _ROMAN.match(compact) \
        and len(compact) <= settings.short_text


def wants_reread(read: CellRead, numeric_column: bool, settings: ScanSettings) -> bool:
    """Whether a cell goes into the strip: ink that was not read, or, in a
    numeric column, a numeric, short or doubtful reading."""
    if not read.has_ink:
        return False
    if is_unread(read, settings):
        return True
    compact = "".join(read.text.split())
    return numeric_column and (looks_numeric(read.text) or len(compact) <= settings.short_text)


def _cell_pixels(box, inset: int, shape) -> tuple[int, int, int, int]:
    x0, top, x1, bottom = box
    return (max(0, int(x0) + inset), max(0, int(top) + inset),
            min(shape[1], int(x1) - inset), min(shape[0], int(bottom) - inset))


def mark_ink(grids: Sequence[Grid], reads: list[list[CellRead]], binary: np.ndarray, dpi: float,
             settings: ScanSettings) -> None:
    """Set ``has_ink`` on every cell whose inside (ruling erased) holds ink."""
    inset = int(points_to_pixels(settings.cell_inset * 2, dpi))
    min_area = points_to_pixels(1.0, dpi) ** 2 * settings.min_ink_area
    for grid, grid_reads in zip(grids, reads):
        for cell, read in zip(grid.cells, grid_reads):
            x0, top, x1, bottom = _cell_pixels(cell.box, inset, binary.shape)
            if x1 > x0 and bottom > top:
                read.has_ink = bool(read.words) or int(np.count_nonzero(binary[top:bottom, x0:x1])) >= min_area


def ink_lines(binary: np.ndarray, box: tuple[int, int, int, int], dpi: float) -> list[tuple[int, int, int, int]]:
    """Tight boxes (page pixels) of the lines of ink inside a cell, top to bottom.

    Rows of ink separated by at least 1 pt of paper are separate lines; a
    sliver (a stray dot, a diacritic cut off) joins the line next to it.
    """
    x0, top, x1, bottom = box
    inside = binary[top:bottom, x0:x1]
    rows = np.flatnonzero(inside.any(axis=1))
    if rows.size == 0:
        return []
    split = max(2, int(points_to_pixels(1.0, dpi)))
    runs: list[list[int]] = [[int(rows[0]), int(rows[0])]]
    for r in rows[1:]:
        if r - runs[-1][1] > split:
            runs.append([int(r), int(r)])
        else:
            runs[-1][1] = int(r)
    tallest = max(b - a + 1 for a, b in runs)
    merged: list[list[int]] = []
    for run in runs:
        if merged and (run[1] - run[0] + 1 < 0.35 * tallest or merged[-1][1] - merged[-1][0] + 1 < 0.35 * tallest):
            merged[-1][1] = run[1]
        else:
            merged.append(run)
    boxes = []
    for a, b in merged:
        cols = np.flatnonzero(inside[a:b + 1].any(axis=0))
        boxes.append((x0 + int(cols[0]), top + a, x0 + int(cols[-1]) + 1, top + b + 1))
    return boxes


@dataclass(frozen=True)
class StripPiece:
    """One line of one cell, and where it went in the strip image."""

    key: tuple[int, int]  # (grid, cell)
    line: int
    numeric: bool  # the cell is in a numeric column
    box: tuple[int, int, int, int]  # in the page image
    place: tuple[int, int, int, int] = (0, 0, 0, 0)  # x0, top, x1, bottom in the strip


#: Letters that reach above the x-height (capitals too), and letters or marks
#: that reach below the baseline: a calibration word has both, so that its
#: line spans the full height of the font.
_ASCENDING = set("bdđhklftĐABCDEGHIKLMNOPQRSTUVXY")
_DESCENDING = set("gpqyạặậẹệịọộợụựỵẠẶẬẸỆỊỌỘỢỤỰỴ")


def stroke_weight(ink: np.ndarray) -> float:
    """How bold ink is: its mean stroke width (2·area/perimeter) over its height."""
    if ink.size == 0 or not ink.any():
        return 0.0
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    rows = np.flatnonzero(ink.any(axis=1))
    height = float(rows[-1] - rows[0] + 1)
    return 2.0 * float(np.count_nonzero(ink)) / max(perimeter, 1.0) / height


@dataclass(frozen=True)
class Calibration:
    """A word image that sets the scale of a strip line, how bold it is, and its baseline row."""

    image: np.ndarray
    weight: float
    baseline: int


def calibration_words(words: Sequence[Word], clean: np.ndarray, binary: np.ndarray,
                      settings: ScanSettings) -> list[Calibration]:
    """Confidently read words of the page that give a strip line its scale.

    Tesseract scales every text line to one height from the line's extent. A
    line of bare numbers has no ascenders or descenders, is scaled wrong, and
    the numbers are misread ("2.2" as "22", "3" as "s", bold "II" as "H").
    Putting a real word of the same tables (same font, same size) before
    each number restores the scale. Returns a regular word that reaches above the
    x-height and below the baseline and, when the page has one, a bold word
    (bold numbers and headers read best next to bold type).
    """
    confident = [w for w in words if w.confidence >= settings.calibration_confidence and len(w.text) >= 2]
    if not confident:
        return []
    median = float(np.median([w.height for w in confident]))
    sized = [(w, stroke_weight(binary[w.top:w.bottom, w.left:w.right])) for w in confident
             if median <= w.height <= 1.6 * median]
    if not sized:
        return []
    typical = float(np.median([weight for _, weight in sized]))

    def full_height(w: Word) -> bool:
        return len(w.text) >= 4 and bool(_ASCENDING & set(w.text)) and bool(_DESCENDING & set(w.text))

    chosen = []
    regular = [c for c in sized if c[1] <= typical and full_height(c[0])]
    bold = [c for c in sized if c[1] >= settings.bold_weight_ratio * typical]
    for group in (regular, bold):
        if group:
            word, weight = min(group, key=lambda c: (not full_height(c[0]), -c[0].confidence, c[0].top, c[0].left))
            margin = max(2, word.height // 10)
            top, left = max(0, word.top - margin), max(0, word.left - margin)
            crop = clean[top:word.bottom + margin, left:word.right + margin]
            base = word.top - top + baseline(binary[word.top:word.bottom, word.left:word.right])
            chosen.append(Calibration(_whitened(crop), weight, base))
    return chosen


def _whitened(crop: np.ndarray) -> np.ndarray:
    """A crop shifted so that its own paper is white (no crop edge shows in the strip)."""
    paper = float(np.percentile(crop, 90)) if crop.size else 255.0
    return np.clip(crop.astype(np.int16) + int(255 - paper), 0, 255).astype(np.uint8)


def baseline(ink: np.ndarray) -> int:
    """The row the ink stands on: the lowest row holding at least half as much
    ink as the fuller inked rows (a descender or a dot below holds less)."""
    counts = np.count_nonzero(ink, axis=1)
    inked = counts[counts > 0]
    if inked.size == 0:
        return ink.shape[0] - 1
    rows = np.flatnonzero(counts >= 0.5 * float(np.percentile(inked, 75)))
    return int(rows[-1])


def build_strip(clean: np.ndarray, binary: np.ndarray, pieces: Sequence[StripPiece],
                calibrations: Sequence[Calibration], gap: int) -> tuple[np.ndarray, list[StripPiece], int]:
    """The strip image: one piece per line, each behind a calibration word.

    Every line is the calibration word closest in weight to the piece, ``gap``
    pixels of paper, then the piece, both standing on one baseline; lines are
    ``gap`` apart. One piece per line means two cells can never be read as
    one word. Returns the strip, the pieces with their places, and the x where
    pieces start.
    """
    margin = max(2, gap // 4)
    prefix_w = max((c.image.shape[1] for c in calibrations), default=0)
    start = gap + (prefix_w + gap if calibrations else 0)
    lines = []  # (crop, its baseline row, calibration or None)
    for piece in pieces:
        x0, top, x1, bottom = piece.box
        y0, xa = max(0, top - margin), max(0, x0 - margin)
        crop = _whitened(clean[y0:bottom + margin, xa:x1 + margin])
        ink = binary[top:bottom, x0:x1]
        chosen = None
        if calibrations:
            weight = stroke_weight(ink)
            chosen = min(calibrations, key=lambda c: abs(c.weight - weight))
        lines.append((crop, top - y0 + baseline(ink), chosen))
    heights, aboves = [], []
    for crop, base, chosen in lines:
        above = max(base, chosen.baseline if chosen else 0)
        below = max(crop.shape[0] - base, chosen.image.shape[0] - chosen.baseline if chosen else 0)
        heights.append(above + below)
        aboves.append(above)
    width = start + max(crop.shape[1] for crop, _, _ in lines) + gap
    strip = np.full((gap * (len(lines) + 1) + sum(heights), width), 255, np.uint8)
    placed = []
    y = gap
    for piece, (crop, base, chosen), height, above in zip(pieces, lines, heights, aboves):
        line_base = y + above
        if chosen is not None:
            ph, pw = chosen.image.shape
            top = line_base - chosen.baseline
            strip[top:top + ph, gap + prefix_w - pw:gap + prefix_w] = chosen.image
        h, w = crop.shape
        top = line_base - base
        strip[top:top + h, start:start + w] = crop
        place_x0 = start + (piece.box[0] - max(0, piece.box[0] - margin))
        place_y0 = top + (piece.box[1] - max(0, piece.box[1] - margin))
        placed.append(replace(piece, place=(place_x0, place_y0, place_x0 + piece.box[2] - piece.box[0],
                                            place_y0 + piece.box[3] - piece.box[1])))
        y += height + gap
    return strip, placed, start


def _same_reading(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _strip_words(words: Sequence[Word], placed: Sequence[StripPiece], start: int,
                 gap: int) -> dict[tuple[int, int], list[Word]]:
    """Strip words back to their cells, in page pixels (the calibration words are dropped)."""
    by_piece: dict[int, list[Word]] = {}
    for word in words:
        cx, cy = word.center
        if cx < start - gap / 2:
            continue  # the calibration word
        for index, piece in enumerate(placed):
            x0, top, x1, bottom = piece.place
            if top - gap / 2 <= cy < bottom + gap / 2:
                dx, dy = piece.box[0] - x0, piece.box[1] - top
                by_piece.setdefault(index, []).append(word.shifted(dx, dy))
                break
    found: dict[tuple[int, int], list[Word]] = {}
    for index, piece_words in sorted(by_piece.items()):
        if len(piece_words) == 1:  # the word is the whole piece: its box is the piece's ink
            x0, top, x1, bottom = placed[index].box
            piece_words = [replace(piece_words[0], left=x0, top=top, right=x1, bottom=bottom)]
        found.setdefault(placed[index].key, []).extend(piece_words)
    return found


def number_text(words: Sequence[Word]) -> str:
    """Words of a numeric cell as text; a number split after its dot ("6." "1") is joined."""
    lines = []
    for line in group_lines(words):
        text = ""
        for word in line:
            joined = text and text[-1] in ".," and text[-2:-1].isdigit() and word.text[:1].isdigit()
            text += word.text if (not text or joined) else " " + word.text
        lines.append(text)
    return "\n".join(lines)


def reread_cells(grids: Sequence[Grid], reads: list[list[CellRead]], clean: np.ndarray, binary: np.ndarray,
                 dpi: float, settings: ScanSettings) -> int:
    """Step 5: read numeric and inked-but-unread cells again, in one strip; returns cells changed.

    Numeric cells and cells with ink but no reading go, line by line, into one
    strip image (see :func:`build_strip`) that Tesseract reads in one run;
    :func:`combine_reads` settles the two readings of each cell.
    """
    inset = int(points_to_pixels(settings.cell_inset, dpi))
    pieces: list[StripPiece] = []
    for g, (grid, grid_reads) in enumerate(zip(grids, reads)):
        numeric = numeric_columns(grid, grid_reads, settings)
        for c, (cell, read) in enumerate(zip(grid.cells, grid_reads)):
            in_numeric = cell.col in numeric and cell.col_span == 1
            if not wants_reread(read, in_numeric, settings):
                continue
            box = _cell_pixels(cell.box, inset, clean.shape)
            if box[2] - box[0] < 4 or box[3] - box[1] < 4:
                continue
            for line, line_box in enumerate(ink_lines(binary, box, dpi)):
                pieces.append(StripPiece((g, c), line, in_numeric, line_box))
    if not pieces:
        return 0
    height = float(np.median([p.box[3] - p.box[1] for p in pieces]))
    gap = max(4, int(settings.strip_gap * height))
    table_words = [w for grid_reads in reads for read in grid_reads for w in read.words]
    calibrations = calibration_words(table_words, clean, binary, settings)
    strip, placed, start = build_strip(clean, binary, pieces, calibrations, gap)
    words = tesseract.ocr_words(strip, dpi, psm=settings.strip_psm, lang=settings.lang)
    found = {key: check_strokes(cell_words, binary, settings)
             for key, cell_words in _strip_words(words, placed, start, gap).items()}
    changed = 0
    numeric_keys = {p.key for p in pieces if p.numeric}
    for key in dict.fromkeys(p.key for p in pieces):
        read = reads[key[0]][key[1]]
        strip_read = CellRead(words=found.get(key, []), has_ink=True)
        numeric = key in numeric_keys
        strip_read.text = number_text(strip_read.words) if numeric else words_text(strip_read.words)
        strip_read.confidence = words_confidence(strip_read.words)
        if not _same_reading(strip_read.text, read.text):
            changed += 1
            log.debug("cell re-read: %r (%s) / %r (%s)", read.text, read.confidence,
                      strip_read.text, strip_read.confidence)
        combine_reads(read, strip_read, numeric, settings)
    return changed


_I_RUN = regex.compile(r"^V?I+$")


def _strip_wins(page: CellRead, strip: CellRead, numeric: bool) -> bool:
    """Which of two different readings to keep: of "VI" and "VII" the longer
    (bold serifs run together and lose a stroke, never add one); in a numeric
    column the one that is a number (the strip's when both are); else the
    more confident."""
    a, b = "".join(page.text.split()), "".join(strip.text.split())
    if _I_RUN.match(a) and _I_RUN.match(b) and (a.startswith(b) or b.startswith(a)):
        return len(b) > len(a)
    if numeric:
        page_number, strip_number = looks_numeric(page.text), looks_numeric(strip.text)
        if page_number != strip_number:
            return strip_number
        if strip_number:
            return True
    return (strip.confidence or 0.0) > (page.confidence or 0.0)


def combine_reads(page: CellRead, strip: CellRead, numeric: bool, settings: ScanSettings) -> None:
    """Settle a cell read twice (in place on ``page``).

    The same text twice: confirmed, the better confidence. A page read that
    does not count (nothing, garbage, or letters where the strip reads a
    number in a numeric column): the strip's reading. Two different
    readings: see :func:`_strip_wins`; either way the confidence is capped at
    ``disagreement_confidence``. In a numeric column, a short reading that
    is neither a number nor a Roman numeral ("H" for "II") is capped too.
    """
    unread = not page.words or (page.confidence or 0.0) < settings.garbage_confidence
    failed_number = numeric and is_unread(page, settings, numeric) and looks_numeric(strip.text)
    if _same_reading(strip.text, page.text):
        if page.confidence is not None and strip.confidence is not None:
            page.confidence = max(page.confidence, strip.confidence)
    elif not page.words or (strip.words and (unread or failed_number)):
        page.words, page.text, page.confidence = strip.words, strip.text, strip.confidence
    else:
        confidences = [c for c in (page.confidence, strip.confidence) if c is not None]
        if strip.words and _strip_wins(page, strip, numeric):
            page.words, page.text = strip.words, strip.text
        page.confidence = min([settings.disagreement_confidence] + confidences)
    compact = "".join(page.text.split())
    if numeric and compact and len(compact) <= settings.short_text and not looks_numeric(compact):
        page.confidence = min(page.confidence or 0.0, settings.disagreement_confidence)


# -- blocks -------------------------------------------------------------------------------------

def grid_table(grid: Grid, reads: Sequence[CellRead], page: PageImage) -> Table:
    """A :class:`Table` from a grid and its cell reads (bboxes in PDF points).

    A spanning cell keeps its text in its first column and row; the other
    positions it covers are empty cells without a box, as pdfplumber does.
    """
    width = grid.n_cols
    rows: dict[int, list[Cell]] = {}
    for cell, read in zip(grid.cells, reads):
        row = rows.setdefault(cell.row, [Cell(text="", page=page.page, origin="ocr") for _ in range(width)])
        confidence = read.confidence
        if confidence is None and read.has_ink:
            confidence = 0.0  # ink that no read could turn into text
        row[cell.col] = Cell(text=read.text, page=page.page, bbox=page.to_points.box(*cell.box),
                             confidence=confidence, origin="ocr", words=word_reads(read.words))
    return Table(rows=[Row(cells=rows[r], page=page.page) for r in sorted(rows)])


def text_lines(words: Sequence[Word], page: PageImage, settings: ScanSettings) -> list[tuple[float, Line]]:
    """Lines of running text, each with its top (pixels) for ordering.

    A line whose words average below ``unreadable_line`` confidence is noise
    that Tesseract made words of (a stamp, a scribble, a footnote too small
    for the scan); it is logged and left out.
    """
    out = []
    for line in group_lines(words):
        mean = float(np.mean([w.confidence for w in line]))
        if mean < settings.unreadable_line:
            log.info("page %d: unreadable line left out (mean confidence %.0f): %r",
                     page.page, mean, " ".join(w.text for w in line))
            continue
        x0, top, x1, bottom = words_box(line)
        out.append((top, Line(text=" ".join(w.text for w in line), page=page.page,
                              bbox=page.to_points.box(x0, top, x1, bottom),
                              confidence=words_confidence(line), origin="ocr",
                              words=word_reads(line))))
    return out


def unruled_table(words: Sequence[Word], page: PageImage, settings: ScanSettings) -> Grid | None:
    """Columns inferred from the words, for a page without ruled tables.

    Finds the longest run of consecutive lines whose words fall into two or
    more of three or more columns, and returns its grid (one row per line).
    """
    lines = group_lines(words)
    if len(lines) < settings.grid.min_rows:
        return None
    text_rows = [TextLine(tuple((w.left, w.right) for w in line), min(w.top for w in line),
                          max(w.bottom for w in line)) for line in lines]
    xs = infer_columns(text_rows, page.width, page.dpi, settings.grid, settings.grid.page_gap_share)
    if not xs:
        return None

    def tabular(row: TextLine) -> bool:
        """Words in two columns or more, and no word across a column boundary."""
        used = {min(max(int(np.searchsorted(xs, (a + b) / 2)) - 1, 0), len(xs) - 2) for a, b in row.spans}
        crossing = any(a < x < b for a, b in row.spans for x in xs[1:-1])
        return len(used) >= 2 and not crossing

    best, start = (0, -1), None
    for k, row in enumerate(text_rows + [None]):
        multi = row is not None and tabular(row)
        if multi and start is None:
            start = k
        elif not multi and start is not None:
            if k - start > best[1] - best[0] + 1 or best[1] < 0:
                best = (start, k - 1)
            start = None
    first, last = best
    if last < 0 or last - first + 1 < settings.grid.min_rows:
        return None
    run = text_rows[first:last + 1]
    xs = infer_columns(run, page.width, page.dpi, settings.grid)
    if not xs:
        return None
    bounds = [run[0].top] + [(a.bottom + b.top) / 2 for a, b in zip(run, run[1:])] + [run[-1].bottom]
    return unruled_grid(xs, bounds)


# -- one page -------------------------------------------------------------------------------------

@dataclass
class PageRead:
    """Intermediate results of reading one prepared page."""

    page: PageImage
    grids: list[Grid]
    clean: np.ndarray  # the page with its ruling erased
    binary: np.ndarray  # its ink
    paper: int
    words: list[Word]

    @property
    def mean_confidence(self) -> float:
        return float(np.mean([w.confidence for w in self.words])) if self.words else 0.0


def content_box(binary: np.ndarray, dpi: float, settings: ScanSettings) -> tuple[int, int, int, int]:
    """The part of the page that holds ink (x0, top, x1, bottom), with a margin.

    Measured on 8×8 blocks so that scanner specks in the margins do not
    count. Tesseract reads a page faster without its empty margins.
    """
    height, width = binary.shape
    block = 8
    small = cv2.resize(binary, (max(1, width // block), max(1, height // block)), interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small >= 255 * settings.content_density)
    if ys.size == 0:
        return 0, 0, width, height
    margin = int(points_to_pixels(settings.content_margin, dpi))
    return (max(0, int(xs.min()) * block - margin), max(0, int(ys.min()) * block - margin),
            min(width, (int(xs.max()) + 1) * block + margin), min(height, (int(ys.max()) + 1) * block + margin))


def read_prepared(page: PageImage, settings: ScanSettings) -> PageRead:
    """Steps 2-3 on a prepared page: grids, erased ruling, one Tesseract run."""
    rulings = find_rulings(page.pixels, page.dpi, settings.grid)
    grids, used_short = find_grids(rulings, page.dpi, settings.grid)
    paper = background_level(page.pixels)
    mask = ruling_mask(rulings, used_short, page.dpi, settings.grid)
    clean = erase_rulings(page.pixels, mask, paper)
    binary = rulings.binary.copy()
    binary[mask > 0] = 0
    x0, top, x1, bottom = content_box(binary, page.dpi, settings)
    words = tesseract.ocr_chars(clean[top:bottom, x0:x1], page.dpi, psm=settings.page_psm, lang=settings.lang)
    words = [w.shifted(x0, top) for w in words]
    return PageRead(page, grids, clean, binary, paper, words)


def _reads_badly(read: PageRead, settings: ScanSettings) -> bool:
    return len(read.words) < settings.min_words or read.mean_confidence < settings.osd_below_confidence


def read_upright(page: PageImage, settings: ScanSettings) -> PageRead:
    """Read a prepared page; if it reads badly, let OSD turn it and keep the better read."""
    read = read_prepared(page, settings)
    if not _reads_badly(read, settings):
        return read
    try:
        orientation = tesseract.detect_orientation(read.clean, page.dpi)
    except Exception as exc:  # no OSD model: keep what we have
        log.debug("page %d: no OSD (%s)", page.page, exc)
        return read
    if orientation is None or orientation.rotate == 0 or orientation.confidence < settings.osd_min_confidence:
        return read
    log.info("page %d: reads badly (mean confidence %.0f); OSD turns it %d° (confidence %.1f)",
             page.page, read.mean_confidence, orientation.rotate, orientation.confidence)
    # Straightened again: a page read on its side was deskewed on the wrong lines.
    upright, _ = deskew(turn(page, orientation.rotate), settings.image)
    turned = read_prepared(upright, settings)
    return turned if turned.mean_confidence > read.mean_confidence else read


def ocr_page_image(page: PageImage, settings: ScanSettings | None = None) -> list[Block]:
    """All steps for one page image: its tables and text lines, top to bottom."""
    settings = settings or ScanSettings()
    started = time.perf_counter()
    page = prepare(page, settings.image)
    read = read_upright(page, settings)
    page = read.page
    binary = read.binary
    read.words = check_trailing_marks(check_strokes(read.words, binary, settings))
    reads, outside = assign_words(read.grids, read.words)
    grids = list(read.grids)
    if not grids:
        grid = unruled_table(outside, page, settings)
        if grid is not None:
            grids = [grid]
            reads, outside = assign_words(grids, read.words)
    if grids:
        mark_ink(grids, reads, binary, page.dpi, settings)
        if settings.reread:
            reread_cells(grids, reads, read.clean, binary, page.dpi, settings)
    placed: list[tuple[float, Block]] = [(g.box[1], grid_table(g, r, page)) for g, r in zip(grids, reads)]
    placed += text_lines(outside, page, settings)
    placed.sort(key=lambda item: item[0])
    log.debug("page %d: %d words, %d table(s), %.2f s", page.page, len(read.words), len(grids),
              time.perf_counter() - started)
    return [block for _, block in placed]


# -- many pages -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageTask:
    """One page to OCR: a PDF page or an image-file frame (1-based)."""

    path: str
    kind: str  # "pdf" or "image"
    number: int


def ocr_task(task: PageTask, settings: ScanSettings) -> tuple[int, list[Block]]:
    """Load and read one page (runs in a worker process)."""
    if task.kind == "pdf":
        image = load_pdf_page(task.path, task.number, settings.image)
    else:
        image = load_image_frame(task.path, task.number, settings.image)
    return task.number, ocr_page_image(image, settings)


def _init_worker() -> None:
    """Worker processes: one thread each, for OpenCV and for Tesseract."""
    import cv2

    cv2.setNumThreads(1)
    os.environ.update(tesseract.TESSERACT_ENV)


def ocr_pages(path: str | Path, kind: str, numbers: Sequence[int], jobs: int | None = None,
              settings: ScanSettings | None = None,
              on_page: Callable[[int], None] | None = None) -> dict[int, list[Block]]:
    """OCR the given pages of a file over ``jobs`` processes (default: all cores).

    Returns the blocks of each page by page number; the result is the same
    whatever ``jobs`` is. ``on_page`` is told how many pages are done as each ends.
    """
    settings = settings or ScanSettings()
    tesseract.check_tesseract(settings.lang)
    tasks = [PageTask(str(path), kind, n) for n in numbers]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    results = []
    if jobs == 1:
        for task in tasks:
            results.append(ocr_task(task, settings))
            if on_page:
                on_page(len(results))
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context(),
                                 initializer=_init_worker) as pool:
            for found in pool.map(ocr_task, tasks, [settings] * len(tasks)):
                results.append(found)
                if on_page:
                    on_page(len(results))
    return dict(sorted(results))


def _pool_context():
    """Workers forked from a clean server process that has imported this module.

    A plain fork copies the parent's OpenCV/OpenMP thread pools without their
    threads, and the workers can then hang on their first image operation;
    the fork server never ran one. Preloading makes starting a worker cheap.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def image_pages(path: str | Path) -> list[int]:
    """The page (frame) numbers of an image file."""
    return list(range(1, image_file_frames(path) + 1))


# -- continued tables ----------------------------------------------------------------------------

def _row_key(row: Row) -> str:
    return " | ".join(" ".join(unicodedata.normalize("NFC", t).split()) for t in row.texts)


def _digit_groups(text: str) -> list[str]:
    return regex.findall(r"\d+", text)


def _masked(text: str) -> str:
    return regex.sub(r"\d+", "#", " ".join(text.split()))


def _same_place(a: Line, b: Line, tolerance: float) -> bool:
    """Two lines at the same height of their pages (PDF points)."""
    return a.bbox is not None and b.bbox is not None and abs(a.bbox[1] - b.bbox[1]) <= tolerance


def harmonize_running_lines(blocks: list[Block], min_similarity: float = 0.75,
                            min_similarity_in_place: float = 0.5, place_tolerance: float = 12.0) -> list[Block]:
    """Make an OCR'd running header or footer read the same on every page.

    :func:`~extract.pdf_text.running_lines` knows a running line by its text
    (digits aside) appearing on several pages; OCR reads it a little
    differently each time. The first and last lines of the pages are grouped
    by similarity (difflib ratio of the texts with digits masked, at least
    ``min_similarity``, or ``min_similarity_in_place`` for lines at the same
    height of their pages, within ``place_tolerance`` points); in a group that spans pages, every line takes the
    text of the group's consensus reading (the one most alike to all the
    others), with its own numbers put back (a page number stays this page's).
    """
    by_page: dict[int, list[Line]] = {}
    for block in blocks:
        if isinstance(block, Line) and block.page is not None:
            by_page.setdefault(block.page, []).append(block)
    groups: list[list[Line]] = []
    for page in sorted(by_page):
        lines = by_page[page]
        for line in ([lines[0], lines[-1]] if len(lines) > 1 else lines):
            key = _masked(line.text)
            for group in groups:
                ratio = difflib.SequenceMatcher(None, _masked(group[0].text), key).ratio()
                if ratio >= min_similarity or (ratio >= min_similarity_in_place
                                               and _same_place(group[0], line, place_tolerance)):
                    group.append(line)
                    break
            else:
                groups.append([line])
    for group in groups:
        if len({line.page for line in group}) < 2:
            continue
        keys = [_masked(line.text) for line in group]
        model = max(group, key=lambda line: sum(difflib.SequenceMatcher(None, _masked(line.text), key).ratio()
                                                for key in keys))
        for line in group:
            mine = _digit_groups(line.text)
            if line is model or len(mine) != len(_digit_groups(model.text)):
                continue
            numbers = iter(mine)
            line.text = regex.sub(r"\d+", lambda _: next(numbers), " ".join(model.text.split()))
            log.debug("page %s: running line read as %r", line.page, line.text)
    return blocks


def harmonize_repeated_headers(blocks: list[Block], max_rows: int = 3, min_similarity: float = 0.85) -> list[Block]:
    """Make an OCR'd header that a continuation page repeats read like the first one.

    :func:`~extract.pdf_text.join_continued_tables` drops a continuation's
    leading rows only when their text equals the table's first rows; OCR
    rarely reads the same header twice to the letter. When a table starts a
    later page right after another table (nothing but page furniture between
    them: page numbers, running headers and footers) with the same width, each
    leading row whose text is at least ``min_similarity`` alike (difflib
    ratio) to the header row at the same place gets that header row's text,
    so that the join drops it. Run :func:`harmonize_running_lines` first.
    """
    running = running_lines(blocks)
    previous: Table | None = None
    for block in blocks:
        if isinstance(block, Table):
            if (previous is not None and block.width == previous.width and block.rows and previous.rows
                    and (block.rows[0].page or 0) > (previous.rows[-1].page or 0)):
                for index in range(min(max_rows, len(block.rows), len(previous.rows))):
                    head, row = previous.rows[index], block.rows[index]
                    ratio = difflib.SequenceMatcher(None, _row_key(head), _row_key(row)).ratio()
                    if ratio < min_similarity:
                        break
                    if ratio < 1.0:
                        log.debug("page %s: header row %r read as %r", row.page, _row_key(head), _row_key(row))
                        row.cells = [replace(cell, text=model.text) for cell, model in zip(row.cells, head.cells)]
            previous = block
        elif not _is_page_furniture(block, running):
            previous = None
    return blocks


def harmonize_continuations(blocks: list[Block]) -> list[Block]:
    """Both harmonizations, in order: what OCR'd pages need before the join."""
    return harmonize_repeated_headers(harmonize_running_lines(blocks))
