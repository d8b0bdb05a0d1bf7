"""Ruling lines on page images, found with OpenCV (steps 1-3 of extract/grid.py's table grids).

1. binarize the (grayscale, red-suppressed, deskewed) page with an adaptive
   threshold, so faint lines on uneven paper still count as ink;
2. keep the horizontal and the vertical runs of ink (morphological opening
   with a short line-shaped kernel): letters go, line pieces stay;
3. merge the pieces into ruling lines: pieces at the same height (width)
   are one line when the breaks between them are short (broken or faint
   lines, a stamp's gap); lines shorter than half an inch are not rulings.

And the mask of the rulings that the page read erases. Everything is measured in the
image's pixels; the settings (extract.grid.GridSettings) are in points.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Sequence

import cv2
import numpy as np

from .grid import GridSettings, points_to_pixels

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ruling:
    """A straight ruling line: ``position`` across it, ``start``..``end`` along it (pixels)."""

    horizontal: bool
    position: float
    start: float
    end: float
    labels: tuple[int, ...] = ()  # the pieces (contour indices) it is made of
    thickness: float = 1.0

    @property
    def length(self) -> float:
        return self.end - self.start


def binarize(gray: np.ndarray, dpi: float, settings: GridSettings) -> np.ndarray:
    """Ink as 255, paper as 0 (adaptive mean threshold)."""
    window = int(points_to_pixels(settings.threshold_window, dpi)) | 1
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 max(3, window), settings.threshold_offset)


#: Width of the blocks in which :func:`line_opening` looks for long runs of ink.
_BLOCK = 8


def line_opening(closed: np.ndarray, horizontal: bool, length: int) -> np.ndarray:
    """``cv2.morphologyEx(closed, MORPH_OPEN, kernel)`` with a 1 × ``length`` line kernel
    (``length`` × 1 when vertical), the same pixels, computed on the rows (columns) that
    can hold a run of ink that long.

    A line opening keeps the runs of ink at least ``length`` long, and each row
    (column) is opened on its own: a row without such a run opens to nothing. A
    run that long, away from the image's edges, covers at least
    ``(length - 7) // 8`` whole aligned blocks of 8 pixels in a row, all ink:
    that is looked for on the blocks (packed bits along a row; an AND of 8 rows
    down a column), which costs a small part of the opening. A run at an edge
    may survive shorter (outside the image the erosion sees ink): rows (columns)
    with ink at either end are opened too. The rows (columns) found are opened
    together, gathered into one image (a column as a row, turned), and put back.
    """
    image = closed if horizontal else closed.T
    blocks = (length - (_BLOCK - 1)) // _BLOCK
    kernel = np.ones((1, length), np.uint8)
    if blocks < 1 or min(image.shape) < 2 * _BLOCK:
        return cv2.morphologyEx(closed, cv2.MORPH_OPEN, kernel if horizontal else kernel.T)
    if horizontal:  # a byte 255: 8 pixels of ink side by side
        full = (np.packbits(closed, axis=1) == 255).view(np.uint8)
        run = cv2.erode(full, np.ones((1, blocks), np.uint8))
        found = run.any(axis=1)
    else:  # 8 pixels of ink one above the other
        count = closed.shape[0] // _BLOCK
        stacked = closed[:count * _BLOCK].reshape(count, _BLOCK, closed.shape[1])
        full = cv2.bitwise_and(stacked[:, 0], stacked[:, 1])
        for k in range(2, _BLOCK):
            cv2.bitwise_and(full, stacked[:, k], dst=full)
        run = cv2.erode(full, np.ones((blocks, 1), np.uint8))
        found = run.any(axis=0)
    lines = np.flatnonzero(found | (image[:, 0] > 0) | (image[:, -1] > 0))
    opened = np.zeros(closed.shape, closed.dtype)  # calloc'd: pages the opening never writes cost nothing
    if lines.size:
        out = opened if horizontal else opened.T
        out[lines] = cv2.morphologyEx(np.ascontiguousarray(image[lines]), cv2.MORPH_OPEN, kernel)
    return opened


def _pieces(binary: np.ndarray, horizontal: bool, dpi: float, settings: GridSettings):
    """Straight pieces of ink in one direction: (contours, [(index, start, end, position)])."""
    length = max(3, int(points_to_pixels(settings.piece_length, dpi)))
    gap = max(1, int(points_to_pixels(settings.pixel_gap, dpi)))
    closer = np.ones((1, gap) if horizontal else (gap, 1), np.uint8)
    opened = line_opening(cv2.morphologyEx(binary, cv2.MORPH_CLOSE, closer), horizontal, length)
    # Contours rather than labelled components: the opened image is nearly
    # empty, and tracing its outlines is some 40 times faster.
    contours, _ = cv2.findContours(opened, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    max_thickness = points_to_pixels(settings.max_thickness, dpi)
    pieces = []
    for index, contour in enumerate(contours):
        x, y, w, h = cv2.boundingRect(contour)
        along, across = (w, h) if horizontal else (h, w)
        if cv2.contourArea(contour) / max(along, 1) > max_thickness:
            continue  # a filled shape, not a line
        start = x if horizontal else y
        position = y + (h - 1) / 2.0 if horizontal else x + (w - 1) / 2.0
        pieces.append((index, float(start), float(start + along), float(position), float(across)))
    return contours, pieces


def _merge_pieces(pieces, horizontal: bool, dpi: float, settings: GridSettings) -> tuple[list[Ruling], list[Ruling]]:
    """Pieces at one position, with short breaks between them, make one ruling line.

    Returns the ruling lines and the short runs (below ``min_line_length``).
    """
    tolerance = points_to_pixels(settings.position_tolerance, dpi)
    max_gap = points_to_pixels(settings.max_gap, dpi)
    min_length = points_to_pixels(settings.min_line_length, dpi)
    rulings: list[Ruling] = []
    short: list[Ruling] = []
    clusters: list[list] = []
    for piece in sorted(pieces, key=lambda p: p[3]):
        if clusters and piece[3] - np.mean([p[3] for p in clusters[-1]]) <= tolerance:
            clusters[-1].append(piece)
        else:
            clusters.append([piece])
    for cluster in clusters:
        run: list = []
        for piece in sorted(cluster, key=lambda p: p[1]) + [None]:
            if piece is not None and run and piece[1] - max(p[2] for p in run) <= max_gap:
                run.append(piece)
                continue
            if run:
                start, end = min(p[1] for p in run), max(p[2] for p in run)
                weights = [p[2] - p[1] for p in run]
                position = float(np.average([p[3] for p in run], weights=weights))
                thickness = float(np.median([p[4] for p in run]))
                ruling = Ruling(horizontal, position, start, end, tuple(p[0] for p in run), thickness)
                (rulings if end - start >= min_length else short).append(ruling)
            run = [piece] if piece is not None else []
    return rulings, short


@dataclass
class Rulings:
    """The ruling lines of a page, the short runs that may still be cell
    borders, and the pieces' outlines (to erase exactly their pixels)."""

    horizontal: list[Ruling]
    vertical: list[Ruling]
    short_horizontal: list[Ruling]
    short_vertical: list[Ruling]
    h_contours: Sequence[np.ndarray]
    v_contours: Sequence[np.ndarray]
    shape: tuple[int, int]
    binary: np.ndarray  # the page's ink (255), from :func:`binarize`


def stands_free(ruling: Ruling, binary: np.ndarray, dpi: float, settings: GridSettings) -> bool:
    """Whether a ruling has paper along both its sides (it is not the baseline of text)."""
    offset = int(round(ruling.thickness / 2 + points_to_pixels(settings.clearance, dpi)))
    depth = max(2, int(points_to_pixels(0.5, dpi)))
    lo, hi = int(ruling.start), int(ruling.end)
    center = int(round(ruling.position))
    image = binary if ruling.horizontal else binary.T
    limit = image.shape[0]
    for side in (-1, 1):
        near = center + side * offset
        a, b = sorted((near, near + side * depth))
        a, b = max(0, a), min(limit, b + 1)
        if b <= a:
            continue
        band = image[a:b, lo:hi]
        if band.size and float(band.any(axis=0).mean()) > settings.max_attached:
            return False
    return True


def join_doubled(rulings: list[Ruling], dpi: float, settings: GridSettings) -> list[Ruling]:
    """Doubled rulings (two lines side by side, ``doubled_distance`` apart at most)
    as one line between them, as thick as the pair: each alone has ink along one
    side (its partner) and would not stand free."""
    distance = points_to_pixels(settings.doubled_distance, dpi)
    lines = sorted(rulings, key=lambda r: r.position)
    used = [False] * len(lines)
    out = []
    for i, a in enumerate(lines):
        if used[i]:
            continue
        for j in range(i + 1, len(lines)):
            b = lines[j]
            if b.position - a.position > distance:
                break
            overlap = min(a.end, b.end) - max(a.start, b.start)
            if not used[j] and b.position > a.position and overlap >= 0.5 * min(a.length, b.length):
                used[j] = True
                a = Ruling(a.horizontal, (a.position + b.position) / 2, min(a.start, b.start), max(a.end, b.end),
                           a.labels + b.labels, b.position - a.position + max(a.thickness, b.thickness))
                break
        out.append(a)
    return out


def find_rulings(gray: np.ndarray, dpi: float, settings: GridSettings) -> Rulings:
    """All horizontal and vertical ruling lines of a page image."""
    binary = binarize(gray, dpi, settings)
    h_contours, h_pieces = _pieces(binary, True, dpi, settings)
    v_contours, v_pieces = _pieces(binary, False, dpi, settings)
    horizontal, short_h = _merge_pieces(h_pieces, True, dpi, settings)
    vertical, short_v = _merge_pieces(v_pieces, False, dpi, settings)
    horizontal, short_h, vertical, short_v = (
        [r for r in join_doubled(rulings, dpi, settings) if stands_free(r, binary, dpi, settings)]
        for rulings in (horizontal, short_h, vertical, short_v))
    return Rulings(horizontal, vertical, short_h, short_v, h_contours, v_contours, gray.shape[:2], binary)


def ruling_mask(rulings: Rulings, used_short: Sequence[Ruling], dpi: float, settings: GridSettings) -> np.ndarray:
    """The pixels of the ruling lines (and of the short borders the grids used), with a margin."""
    mask = np.zeros(rulings.shape, np.uint8)
    for contours, horizontal in ((rulings.h_contours, True), (rulings.v_contours, False)):
        lines = list(rulings.horizontal if horizontal else rulings.vertical)
        lines += [r for r in used_short if r.horizontal == horizontal]
        keep = [contours[i] for ruling in lines for i in ruling.labels]
        if keep:
            cv2.drawContours(mask, keep, -1, 255, thickness=cv2.FILLED)
    margin = max(1, int(round(points_to_pixels(settings.erase_margin, dpi))))
    return cv2.dilate(mask, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8))
