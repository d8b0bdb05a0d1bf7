"""The cheaper image work of a scanned page (issue 9) gives what the plain operations give.

- :func:`extract.rulings.line_opening` against ``cv2.morphologyEx`` (MORPH_OPEN, line
  kernel): on random images with long runs, many of them at the edges (where the
  erosion's border lets shorter runs survive), and on a real page of the sample scans;
- the skew search's profile sharpness (:func:`extract.page_image._sharpness_at`, arrays
  reused, squares summed as integers) against the plain float computation it replaced;
- :func:`extract.page_files.load_pdf_page`, which makes only the page it loads.
"""
from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pytest

from extract.grid import points_to_pixels
from extract.rulings import binarize, line_opening
from extract.page_image import _analysis_binary, _points, _sharpness_at, prepare
from extract.page_files import load_pdf_page
from extract.scan_settings import ScanSettings

SCAN = Path(__file__).resolve().parent.parent / "samples" / "scans" / "dak-nong-qd1657-2019.scan300.pdf"


def _opened(image: np.ndarray, horizontal: bool, length: int) -> np.ndarray:
    kernel = np.ones((1, length) if horizontal else (length, 1), np.uint8)
    return cv2.morphologyEx(image, cv2.MORPH_OPEN, kernel)


def _random_image(rng: np.random.Generator, length: int) -> np.ndarray:
    height, width = (int(v) for v in rng.integers(1, 140, size=2))
    image = (rng.random((height, width)) < rng.choice([0.3, 0.8, 0.97, 0.995])).astype(np.uint8) * 255
    for _ in range(int(rng.integers(0, 8))):  # runs about as long as the kernel, some past an edge
        start = int(rng.integers(-length, max(height, width)))
        end = start + int(rng.integers(1, 2 * length + 2))
        if rng.random() < 0.5:
            image[int(rng.integers(0, height)), max(start, 0):max(min(end, width), 0)] = 255
        else:
            image[max(start, 0):max(min(end, height), 0), int(rng.integers(0, width))] = 255
    return image


@pytest.mark.parametrize("horizontal", [True, False])
def test_line_opening_is_the_opening_on_random_images(horizontal):
    rng = np.random.default_rng(9)
    for _ in range(600):
        length = int(rng.integers(3, 90))
        image = _random_image(rng, length)
        assert np.array_equal(line_opening(image, horizontal, length), _opened(image, horizontal, length)), \
            (image.shape, length)


def test_line_opening_keeps_an_edge_run_shorter_than_the_kernel():
    """The case the edge rule is for: a run touching the right edge (of a width that
    is no multiple of 8, so its last block is never whole) survives the opening shorter
    than the kernel, and is found although no block test sees it."""
    image = np.zeros((40, 203), np.uint8)
    image[10, 173:203] = 255  # 30 px at the edge, kernel 50: cv2 keeps it
    image[20, 60:90] = 255  # 30 px inside: gone
    expected = _opened(image, True, 50)
    assert expected[10].any() and not expected[20].any()
    assert np.array_equal(line_opening(image, True, 50), expected)
    assert np.array_equal(line_opening(image.T.copy(), False, 50), _opened(image.T.copy(), False, 50))


@pytest.mark.skipif(not SCAN.is_file(), reason="samples/scans not made")
def test_line_opening_on_a_scanned_page():
    settings = ScanSettings()
    page = prepare(load_pdf_page(SCAN, 5, settings.image), settings.image)
    binary = binarize(page.pixels, page.dpi, settings.grid)
    length = int(points_to_pixels(settings.grid.piece_length, page.dpi))
    gap = int(points_to_pixels(settings.grid.pixel_gap, page.dpi))
    for horizontal in (True, False):
        closer = np.ones((1, gap) if horizontal else (gap, 1), np.uint8)
        closed = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, closer)
        expected = _opened(closed, horizontal, length)
        assert expected.any()  # the page's ruling
        assert np.array_equal(line_opening(closed, horizontal, length), expected)


def _plain_sharpness(across: np.ndarray, along: np.ndarray, angle: float) -> float:
    """The computation the skew search used before (floats, new arrays each time)."""
    t = math.radians(angle)
    values = np.round(across * math.cos(t) + along * math.sin(t))
    hist = np.bincount((values - values.min()).astype(np.int64))
    return float(np.sum(np.diff(hist.astype(np.float64)) ** 2))


@pytest.mark.skipif(not SCAN.is_file(), reason="samples/scans not made")
def test_skew_sharpness_is_the_plain_computation():
    settings = ScanSettings().image
    page = load_pdf_page(SCAN, 5, settings)
    xs, ys = _points(_analysis_binary(page.pixels, page.dpi, settings))
    work = (np.empty_like(ys), np.empty_like(ys), np.empty(ys.shape, np.int64))
    angles = list(np.arange(-5.0, 5.1, 0.2)) + list(np.arange(-0.2, 0.21, 0.02))
    for angle in angles:
        assert _sharpness_at(ys, xs, float(angle), work) == _plain_sharpness(ys, xs, float(angle))
        assert _sharpness_at(xs, ys, float(angle)) == _plain_sharpness(xs, ys, float(angle))


@pytest.mark.skipif(not SCAN.is_file(), reason="samples/scans not made")
def test_load_pdf_page_loads_the_page_asked_for():
    settings = ScanSettings().image
    third, fourth = load_pdf_page(SCAN, 3, settings), load_pdf_page(SCAN, 4, settings)
    assert (third.page, fourth.page) == (3, 4)
    assert third.source == "embedded image"
    assert third.pixels.shape != fourth.pixels.shape or not np.array_equal(third.pixels, fourth.pixels)
    with pytest.raises(IndexError):
        load_pdf_page(SCAN, 11, settings)
