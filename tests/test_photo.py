"""Photographed pages: the sheet found and made rectangular (extract/perspective.py), and the
ruling erased in the paper's own tone where the light is uneven (extract/paper.py).

Synthetic sheets here, drawn with a known perspective; the real Tesseract reads of phone
photos are in tests/test_corpus_golden.py (samples/corpus/*photo*).
"""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from extract.page_image import Affine, PageImage, PageImageSettings, background_level, prepare
from extract.paper import erase, unevenly_lit
from extract.perspective import PhotoSettings, _corner_angles, find_page, straighten

DPI = 200.0
SHEET_W, SHEET_H = 1600, 1100  # the sheet's own pixels before it is photographed


def _sheet() -> np.ndarray:
    """A white sheet with a ruled table on it: rows every 100 px, columns at fixed places."""
    sheet = np.full((SHEET_H, SHEET_W), 245, np.uint8)
    for y in range(150, 1000, 100):
        sheet[y:y + 3, 100:1500] = 30
    for x in (100, 300, 900, 1200, 1500):
        sheet[150:952, x:x + 3] = 30
    for y in range(180, 950, 100):  # "text" in the cells
        for x in (330, 940, 1230):
            sheet[y:y + 20, x:x + 200] = 40
    return sheet


CORNERS = np.float32([[160, 90], [1830, 140], [1760, 1250], [110, 1290]])  # in the photo


def _photo(corners: np.ndarray = CORNERS, desk: int = 70) -> np.ndarray:
    """The sheet photographed: mapped onto ``corners`` of a 1950×1400 image, the desk around it."""
    source = np.float32([[0, 0], [SHEET_W - 1, 0], [SHEET_W - 1, SHEET_H - 1], [0, SHEET_H - 1]])
    matrix = cv2.getPerspectiveTransform(source, corners)
    return cv2.warpPerspective(_sheet(), matrix, (1950, 1400), flags=cv2.INTER_LINEAR, borderValue=desk)


def test_the_sheet_is_found_and_made_rectangular():
    photo = _photo()
    quad = find_page(photo, DPI, PhotoSettings())
    assert quad is not None
    assert np.abs(quad - CORNERS).max() <= 12  # found at 50 dpi: within a few of its pixels
    straight, affine = straighten(photo, quad, 245)
    assert abs(straight.shape[1] - 1670) <= 15 and abs(straight.shape[0] - 1200) <= 15
    # The rulings run straight again: each row's ruling lies in one band of rows of pixels.
    dark = straight < 100
    profile = dark[:, int(0.3 * straight.shape[1]):int(0.7 * straight.shape[1])].mean(axis=1)
    rows = np.flatnonzero(profile > 0.9)
    bands = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    assert len(bands) == 9  # the nine rulings, each dark across the middle of the page
    # In the photo, the same band holds no ruling across: they lean.
    lean = (photo < 100)[150:450, 600:1200].mean(axis=1)  # the top rulings lean most
    assert (lean > 0.9).sum() == 0
    # The affine map nearest to the perspective takes the corners close to the rectangle's.
    design = np.hstack([quad, np.ones((4, 1), np.float32)])
    mapped = design @ affine.T
    assert np.abs(mapped - [[0, 0], [straight.shape[1], 0], straight.shape[::-1], [0, straight.shape[0]]]).max() < 60


def test_a_scan_and_a_turned_rectangle_are_no_photos():
    settings = PhotoSettings()
    scan = np.full((1400, 1950), 245, np.uint8)
    scan[200:1200, 200:1700] = _sheet()[:1000, :1500]
    assert find_page(scan, DPI, settings) is None  # paper to the edges: no desk
    # A sheet on a dark ground, turned but not in perspective: deskewing's work, not this.
    c, s = np.cos(np.radians(2.0)), np.sin(np.radians(2.0))
    centre = np.float32([975, 700])
    box = np.float32([[-800, -550], [800, -550], [800, 550], [-800, 550]])
    turned = (box @ np.float32([[c, s], [-s, c]])) + centre
    assert find_page(_photo(turned), DPI, settings) is None
    quad = find_page(_photo(), DPI, settings)
    assert max(abs(a - 90) for a in _corner_angles(quad)) >= settings.min_corner_degrees


def test_prepare_straightens_a_photo_and_keeps_the_way_back_to_points():
    photo = _photo()
    page = PageImage(photo, DPI, Affine.scale(72 / DPI), 1, (1950 * 72 / DPI, 1400 * 72 / DPI), "embedded image")
    ready = prepare(page, PageImageSettings(min_dpi=150))
    assert ready.pixels.shape[1] < photo.shape[1] and ready.pixels.shape[0] < photo.shape[0]
    # The straightened page's top-left corner goes back to where the sheet's corner is in the photo.
    x, y = ready.to_points.point(0, 0)
    assert abs(x - 160 * 72 / DPI) < 12 and abs(y - 90 * 72 / DPI) < 12
    off = PageImageSettings(min_dpi=150, photo=PhotoSettings(enabled=False))
    assert prepare(page, off).pixels.shape[:2] != ready.pixels.shape[:2]


@pytest.mark.parametrize("bad", [dict(min_page_share=0.9, max_page_share=0.5), dict(analysis_dpi=0),
                                 dict(outline_tolerance=0)])
def test_photo_settings_are_checked(bad):
    with pytest.raises(ValueError):
        PhotoSettings(**bad)


def _lit_from_the_left(gray: np.ndarray) -> np.ndarray:
    light = np.linspace(1.0, 0.62, gray.shape[1])[None, :]
    return np.clip(gray.astype(np.float32) * light, 0, 255).astype(np.uint8)


def test_the_ruling_is_erased_in_the_paper_around_it_where_the_light_is_uneven():
    sheet = _sheet()
    mask = np.zeros_like(sheet)
    for y in range(150, 1000, 100):
        mask[y - 2:y + 5, 100:1500] = 255
    assert not unevenly_lit(sheet)
    even = erase(sheet, mask)
    assert (even[mask > 0] == background_level(sheet)).all()  # one tone, as before
    lit = _lit_from_the_left(sheet)
    assert unevenly_lit(lit)
    clean = erase(lit, mask)
    # On the dark right side the erased ruling is as gray as the paper beside it, not white.
    right = clean[140:160, 1350:1450].astype(int)
    paper_beside = lit[170:175, 1350:1450].astype(int)
    assert abs(right.mean() - paper_beside.mean()) < 8
    assert background_level(lit) - paper_beside.mean() > 30  # the one tone would have stood out
