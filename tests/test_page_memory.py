"""What the memory work must not change: the gray image of a colour page, made in bands
of rows, and the blocks, now slotted dataclasses, crossing processes whole."""
from __future__ import annotations

import pickle

import numpy as np

from extract.engine import Char, Word
from extract.model import Cell, Extraction, Line, Row, Table, WordRead
from extract.page_image import GRAY_BAND_ROWS, PageImageSettings, to_gray


def test_gray_of_a_colour_page_is_the_whole_page_formula_band_by_band():
    rng = np.random.default_rng(7)
    # More rows than two bands and not a multiple of a band: the last band is short.
    rgb = rng.integers(0, 256, (2 * GRAY_BAND_ROWS + 37, 41, 3), dtype=np.uint8)
    rgb[0, 0] = (200, 30, 30)  # a red stamp's pixel: max 200 + (200 - 30) -> paper (255)
    rgb[1, 0] = (40, 40, 40)  # black print stays as dark as it is
    for gain in (1.0, 0.35):
        high = rgb.max(axis=2).astype(np.float64)
        low = rgb.min(axis=2).astype(np.float64)
        expected = np.clip(high + np.round(gain * (high - low)), 0, 255).astype(np.uint8)
        gray = to_gray(rgb, PageImageSettings(color_suppression=gain))
        assert gray.dtype == np.uint8 and gray.shape == rgb.shape[:2]
        assert np.array_equal(gray, expected)
    assert to_gray(rgb, PageImageSettings())[0, 0] == 255
    assert to_gray(rgb, PageImageSettings())[1, 0] == 40


def test_a_gray_page_is_kept_as_it_is():
    gray = np.full((10, 10), 128, np.uint8)
    assert to_gray(gray, PageImageSettings()) is gray


def test_blocks_are_slotted_and_cross_processes_equal():
    cell = Cell("1.250", page=3, bbox=(10.0, 20.0, 30.5, 40.25), confidence=91.0, origin="ocr",
                words=(WordRead("1.250", 91.0),))
    extraction = Extraction("plan.pdf", "ab" * 32, 3, "ocr",
                            blocks=[Line("KẾ HOẠCH", page=1, confidence=88.0, origin="ocr"),
                                    Table([Row([cell, Cell("")], page=3, break_before=True)])],
                            page_methods={1: "ocr", 3: "ocr"}, warnings=["page 2: blank"])
    word = Word("Sở", 1, 2, 30, 40, 95.5, block=1, paragraph=1, line=2, chars=(Char("S", 1, 2, 15, 40),))
    for value in (extraction, cell, word):
        assert not hasattr(value, "__dict__")  # no per-object dict: the blocks of 500 pages stay small
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value and copy is not value
    assert pickle.loads(pickle.dumps(extraction)).tables[0].rows[0].cells[0].bbox == (10.0, 20.0, 30.5, 40.25)
    changed = pickle.loads(pickle.dumps(cell))
    changed.text = "1.25"
    assert changed != cell
