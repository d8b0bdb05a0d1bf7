"""Words into cells, lines and tables: where each OCR'd word belongs on the page.

**Confidence.** A word's confidence is the engine's (0..100). A cell's (and a
line's) confidence is the *lowest* confidence of its words: one doubtful word
makes the cell doubtful. An empty cell with no ink has no confidence (None); a
cell with ink that no read could turn into text has confidence 0.
"""
from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from .engine import Word
from .grid import Grid, TextLine, infer_columns, unruled_grid
from .model import Cell, Line, Row, Table, WordRead
from .page_image import PageImage
from .scan_settings import ScanSettings

log = logging.getLogger(__name__)


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines by geometry, top to bottom, each left to right.

    A word joins a line when its vertical middle falls inside the line's
    band: from the median top to the median bottom of the words that already
    joined it. The median, not the union: one word whose box OCR drew tall (a
    speck or the next line's accent taken in, on a phone photo "các" 87 px
    tall among words of 40) would otherwise stretch the band over the next
    line and draw its words in ("UBND các huyện, / thị xã, thành phố" read as
    "xã UBND thành các phố huyện,").
    """
    lines: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.left)):
        middle = (word.top + word.bottom) / 2
        for index, (low, high) in enumerate(bands):
            if low <= middle <= high:
                lines[index].append(word)
                bands[index] = _band(lines[index])
                break
        else:
            lines.append([word])
            bands.append((word.top, word.bottom))
    order = sorted(range(len(lines)), key=lambda i: (bands[i][0] + bands[i][1]) / 2)
    return [sorted(lines[i], key=lambda w: w.left) for i in order]


def _band(line: Sequence[Word]) -> tuple[float, float]:
    """A line's band: the median top and the median bottom of its words."""
    return statistics.median(w.top for w in line), statistics.median(w.bottom for w in line)


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
    #: Ink the words read do not cover (see ScanSettings.unread_ink_width).
    unread_ink: bool = False


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
