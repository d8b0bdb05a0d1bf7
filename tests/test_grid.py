"""Grids found in drawn ruling (extract/rulings.py, extract/grid.py): pages drawn here, pixel by pixel."""
from __future__ import annotations

import cv2
import numpy as np

from extract.grid import GridSettings, find_grids
from extract.rulings import find_rulings

DPI = 300.0


def _page_without_outer_border() -> np.ndarray:
    """A table ruled inside only (no outer border), as reportlab's INNERGRID prints it: a header
    row, a total row whose label cell spans the first four columns, two rows of five cells.
    The header's column rulings are shorter than a ruling on its own may be (120 px, 29 pt)."""
    page = np.full((900, 2100), 255, np.uint8)
    left, right, top, bottom = 100, 1900, 100, 720
    for y in (220, 320, 520):
        cv2.line(page, (left, y), (right, y), 0, 3)
    for x in (300, 900, 1300):
        cv2.line(page, (x, top), (x, 220), 0, 3)  # the header's borders, over the total row …
        cv2.line(page, (x, 320), (x, bottom), 0, 3)  # … and the body's, under it
    cv2.line(page, (1600, top), (1600, bottom), 0, 3)  # the amount column's, from top to bottom
    return page


def test_a_header_without_a_top_border_keeps_its_columns():
    # A held-out 150-dpi scan (DejaVu Serif, no outer border): the header's column rulings
    # ended on no drawn border at the top, so they were no borders, the header became one
    # cell "STT Nội dung thực hiện", and the table was not known for a plan.
    settings = GridSettings()
    rulings = find_rulings(_page_without_outer_border(), DPI, settings)
    [grid], _ = find_grids(rulings, DPI, settings)
    header = [cell for cell in grid.cells if cell.row == 0]
    assert len(header) == 5 and all(cell.col_span == 1 for cell in header)
    total = [cell for cell in grid.cells if cell.row == 1]
    assert [(cell.col, cell.col_span) for cell in total] == [(0, 4), (4, 1)]
    assert len([cell for cell in grid.cells if cell.row == 3]) == 5


def test_a_stroke_that_ends_in_the_open_is_no_border():
    # A run of the same length in the header that starts below the table's top (a letter's
    # stem, or a stroke) does not split the header.
    page = _page_without_outer_border()
    cv2.line(page, (600, 140), (600, 220), 0, 3)
    settings = GridSettings()
    [grid], _ = find_grids(find_rulings(page, DPI, settings), DPI, settings)
    assert len([cell for cell in grid.cells if cell.row == 0]) == 5
