"""Reading cells again: the strip re-read of numeric and inked-but-unread cells.

The cells of numeric columns (item numbers, amounts), where a lost dot or a
swapped digit would silently change a value, and cells that hold ink but got
no reading (Tesseract drops lone short tokens) are read again, all in **one**
engine run over a strip image (:func:`build_strip`). Each line of the strip is
one line of one cell behind a word of the same page, which gives the engine
the scale of real text (a line of bare numbers is misread).
:func:`combine_reads` settles the two readings: agreement confirms the cell
(the better confidence); disagreement caps its confidence at
``disagreement_confidence`` (30), so that normalize/ marks it for a person.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Sequence

import cv2
import numpy as np
import regex

from .cells import CellRead, group_lines, words_confidence, words_text
from .engine import OcrEngine, ReadRequest, Word
from .grid import Grid, points_to_pixels
from .scan_settings import ScanSettings
from .strokes import check_strokes

log = logging.getLogger(__name__)


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
    """Set ``has_ink`` on every cell whose inside (ruling erased) holds ink, and
    ``unread_ink`` on every cell with words whose ink runs on beyond them."""
    inset = int(points_to_pixels(settings.cell_inset * 2, dpi))
    min_area = points_to_pixels(1.0, dpi) ** 2 * settings.min_ink_area
    for grid, grid_reads in zip(grids, reads):
        for cell, read in zip(grid.cells, grid_reads):
            box = _cell_pixels(cell.box, inset, binary.shape)
            x0, top, x1, bottom = box
            if x1 > x0 and bottom > top:
                read.has_ink = bool(read.words) or int(np.count_nonzero(binary[top:bottom, x0:x1])) >= min_area
                read.unread_ink = bool(read.words) and has_unread_ink(binary, box, read.words, dpi, settings)


def has_unread_ink(binary: np.ndarray, box: tuple[int, int, int, int], words: Sequence[Word], dpi: float,
                   settings: ScanSettings) -> bool:
    """Whether a line of ink inside ``box`` runs on beyond the words read on it (see
    ScanSettings.unread_ink_width): a line no word was read on, or a glyph left out of a word."""
    min_area = points_to_pixels(1.0, dpi) ** 2 * settings.min_ink_area
    for x0, top, x1, bottom in ink_lines(binary, box, dpi):
        height = bottom - top
        band = binary[top:bottom, x0:x1] > 0
        covered = np.zeros(x1 - x0, bool)
        pad = int(settings.unread_ink_pad * height)
        for word in words:
            if word.bottom > top and word.top < bottom:
                covered[max(0, word.left - pad - x0):max(0, word.right + pad - x0)] = True
        columns = np.flatnonzero(band.any(axis=0) & ~covered)
        if columns.size == 0:
            continue
        join = max(2, int(settings.unread_ink_join * height))
        breaks = np.flatnonzero(np.diff(columns) > join)
        for first, last in zip(np.concatenate([[0], breaks + 1]), np.concatenate([breaks, [columns.size - 1]])):
            start, end = int(columns[first]), int(columns[last]) + 1
            if (end - start >= settings.unread_ink_width * height
                    and int(np.count_nonzero(band[:, start:end])) >= min_area):
                return True
    return False


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


def _completes(page: str, strip: str) -> bool:
    """Whether ``strip`` holds every character of ``page`` in order, and more (spaces aside)."""
    a, b = "".join(page.split()), "".join(strip.split())
    if len(b) <= len(a):
        return False
    rest = iter(b)
    return all(ch in rest for ch in a)


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
                 dpi: float, settings: ScanSettings, engine: OcrEngine) -> int:
    """Step 5: read numeric and inked-but-unread cells again, in one strip; returns cells changed.

    Numeric cells and cells with ink but no reading go, line by line, into one
    strip image (see :func:`build_strip`) that Tesseract reads in one run;
    :func:`combine_reads` settles the two readings of each cell. The other
    cells whose page read left some of their ink unread (``unread_ink``) are
    read the same way in a strip of their own: Tesseract reads every line of a
    strip a little differently when one more line is in it, and the first
    strip's readings ("II" at 93) stay what they are whether or not a page has
    such cells.
    """
    inset = int(points_to_pixels(settings.cell_inset, dpi))
    wanted: list[StripPiece] = []
    unread: list[StripPiece] = []
    for g, (grid, grid_reads) in enumerate(zip(grids, reads)):
        numeric = numeric_columns(grid, grid_reads, settings)
        for c, (cell, read) in enumerate(zip(grid.cells, grid_reads)):
            in_numeric = cell.col in numeric and cell.col_span == 1
            if wants_reread(read, in_numeric, settings):
                pieces = wanted
            elif read.unread_ink:
                pieces = unread
            else:
                continue
            box = _cell_pixels(cell.box, inset, clean.shape)
            if box[2] - box[0] < 4 or box[3] - box[1] < 4:
                continue
            for line, line_box in enumerate(ink_lines(binary, box, dpi)):
                pieces.append(StripPiece((g, c), line, in_numeric, line_box))
    if not wanted and not unread:
        return 0
    table_words = [w for grid_reads in reads for read in grid_reads for w in read.words]
    calibrations = calibration_words(table_words, clean, binary, settings)
    return sum(_reread_strip(pieces, reads, clean, binary, calibrations, dpi, settings, engine)
               for pieces in (wanted, unread) if pieces)


def _reread_strip(pieces: list[StripPiece], reads: list[list[CellRead]], clean: np.ndarray, binary: np.ndarray,
                  calibrations: Sequence[Word], dpi: float, settings: ScanSettings, engine: OcrEngine) -> int:
    """One strip of ``pieces`` read, and each of their cells' two readings settled; returns cells changed."""
    height = float(np.median([p.box[3] - p.box[1] for p in pieces]))
    gap = max(4, int(settings.strip_gap * height))
    strip, placed, start = build_strip(clean, binary, pieces, calibrations, gap)
    words = engine.read(strip, dpi, ReadRequest(psm=settings.strip_psm, lang=settings.lang))
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
            log.debug("cell re-read%s: %r (%s) / %r (%s)", " (ink left unread)" if read.unread_ink else "",
                      read.text, read.confidence, strip_read.text, strip_read.confidence)
        combine_reads(read, strip_read, numeric, settings)
    return changed


_I_RUN = regex.compile(r"^V?I+$")
#: A run of Roman strokes as OCR reads them (I, l, 1, |, H for two run together) before a
#: slash, a dash or the end: a quarter's "III" in "Quý III/2026".
_STROKES = regex.compile(r"(?<![\p{L}\p{N}])([IVXlH1|]{1,5})(?=\s*[/\-–]|\s*$)")


def _stroke_counts(text: str) -> list[tuple[int, str]]:
    """The Roman runs of a reading, each as (strokes, its V and X): "II1/2026" → [(3, "")]."""
    runs = []
    for match in _STROKES.finditer(text):
        run = match.group(1)
        if not any(ch in "IlH|" for ch in run):
            continue  # "11/2026": a number, not strokes
        strokes = sum(2 if ch == "H" else 1 for ch in run if ch not in "VX")
        runs.append((strokes, "".join(ch for ch in run if ch in "VX")))
    return runs


def _strokes_differ(page_text: str, strip_text: str) -> bool:
    """Whether two readings of a cell count the strokes of its Roman numerals differently."""
    page, strip = _stroke_counts(page_text), _stroke_counts(strip_text)
    return bool(page) and bool(strip) and page != strip


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
    number in a numeric column): the strip's reading, unless in a numeric
    column the page read a number and the strip none. Two different
    readings: see :func:`_strip_wins`; either way the confidence is capped at
    ``disagreement_confidence``. In a numeric column, a short reading that
    is neither a number nor a Roman numeral ("H" for "II") is capped too. A
    page read that left ink unread, completed by the strip's reading (every
    character of it there, in order: "Quý III - Quý I" by "Quý III - Quý IV",
    "Đề án ban" by "Đề án ban hành"), gives way to it, at the strip's confidence.
    A page read below the garbage level that counts a Roman numeral's strokes
    otherwise than the strip ("II1/2026" against "II/2026") still makes the
    strip's reading doubtful: strokes are what both reads get wrong.
    """
    unread = not page.words or (page.confidence or 0.0) < settings.garbage_confidence
    failed_number = numeric and is_unread(page, settings, numeric) and looks_numeric(strip.text)
    # In a numeric column a number read below the garbage level still beats a
    # strip reading that is none ("III" at 58 against "!" at 61).
    kept_number = numeric and looks_numeric(page.text) and not looks_numeric(strip.text)
    if _same_reading(strip.text, page.text):
        if page.confidence is not None and strip.confidence is not None:
            page.confidence = max(page.confidence, strip.confidence)
    elif page.unread_ink and _completes(page.text, strip.text) \
            and (strip.confidence or 0.0) >= settings.garbage_confidence:
        page.words, page.text, page.confidence = strip.words, strip.text, strip.confidence
    elif not page.words or (strip.words and (unread or failed_number) and not kept_number):
        doubted = page.words and _strokes_differ(page.text, strip.text)
        page.words, page.text, page.confidence = strip.words, strip.text, strip.confidence
        if doubted:  # the page read more strokes, or fewer ("Quý II1/2026" at 35, "Quý II/2026" at 86)
            page.confidence = min(page.confidence or 0.0, settings.disagreement_confidence)
    else:
        confidences = [c for c in (page.confidence, strip.confidence) if c is not None]
        if strip.words and _strip_wins(page, strip, numeric):
            page.words, page.text = strip.words, strip.text
        page.confidence = min([settings.disagreement_confidence] + confidences)
    compact = "".join(page.text.split())
    if numeric and compact and len(compact) <= settings.short_text and not looks_numeric(compact):
        page.confidence = min(page.confidence or 0.0, settings.disagreement_confidence)
