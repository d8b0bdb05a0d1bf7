"""A photographed page made rectangular again: the page found against what lies around it.

A phone photo of a letter shows the sheet as a quadrilateral (held a little askew,
its far edge shorter) with the desk around it. The grid finder looks for straight
horizontal and vertical rulings: in such a photo the columns' rulings lean, each
by its own angle, and a header row's cells run together. :func:`find_page` finds
the sheet (the largest bright region, four corners, not the whole image) and
:func:`straighten` maps it onto a rectangle, so that what follows sees a scan.

Scans are left alone: their paper fills the image (no desk around it), and a
sheet scanned skewed is a rectangle turned, which deskewing handles; only a
quadrilateral whose corners are not right angles is a perspective.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class PhotoSettings:
    """When a page image is a photo to straighten; every default is documented here."""

    #: Straighten photographed pages at all.
    enabled: bool = True
    #: Resolution of the copy the sheet is looked for on.
    analysis_dpi: float = 50.0
    #: The sheet covers at least this share of the image (smaller: a photo of
    #: something else, or a sheet too far away to read) …
    min_page_share: float = 0.35
    #: … and at most this share: a scan's paper fills its image.
    max_page_share: float = 0.97
    #: A corner further than this many degrees from a right angle makes a
    #: perspective worth undoing (a turned rectangle has four right angles).
    min_corner_degrees: float = 1.0
    #: The sheet's paper is at least this many gray levels brighter than the
    #: image's edges (the desk); less, and the edges are the sheet: a scan.
    min_contrast: float = 60.0
    #: What is brighter than the desk by this share of the way to the paper is sheet.
    desk_to_paper: float = 0.25
    #: The four corners must trace the sheet's outline this closely (the share of
    #: its area outside them): a torn or folded sheet, or a hand over it, is left as it is.
    outline_tolerance: float = 0.02

    def __post_init__(self):
        if not 0 < self.min_page_share < self.max_page_share <= 1:
            raise ValueError("PhotoSettings: 0 < min_page_share < max_page_share <= 1")
        if self.analysis_dpi <= 0 or self.min_corner_degrees < 0 or self.outline_tolerance <= 0:
            raise ValueError("PhotoSettings: analysis_dpi and outline_tolerance must be positive, "
                             "min_corner_degrees not negative")


def _ordered(corners: np.ndarray) -> np.ndarray:
    """Four points as top-left, top-right, bottom-right, bottom-left."""
    by_sum = corners.sum(axis=1)
    by_diff = corners[:, 0] - corners[:, 1]
    return np.float32([corners[np.argmin(by_sum)], corners[np.argmax(by_diff)],
                       corners[np.argmax(by_sum)], corners[np.argmin(by_diff)]])


def _corner_angles(quad: np.ndarray) -> list[float]:
    """The inner angles (degrees) at the four corners."""
    angles = []
    for i in range(4):
        before, here, after = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = before - here, after - here
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)))
        angles.append(math.degrees(math.acos(max(-1.0, min(1.0, cos)))))
    return angles


def _edge_and_paper(image: np.ndarray) -> tuple[float, float]:
    """The median gray of a frame 2% wide around the image, and its paper's level (90th percentile)."""
    frame = max(1, int(0.02 * min(image.shape)))
    edges = np.concatenate([image[:frame].ravel(), image[-frame:].ravel(),
                            image[:, :frame].ravel(), image[:, -frame:].ravel()])
    return float(np.median(edges)), float(np.percentile(image, 90))


def find_page(gray: np.ndarray, dpi: float, settings: PhotoSettings) -> np.ndarray | None:
    """The corners of the photographed sheet (top-left, top-right, bottom-right,
    bottom-left, in pixels of ``gray``), or None when the image is no photo of one."""
    # The desk shows at the image's edges; a scan's edges are paper (or a thin dark
    # scanner border, which leaves the median of the frame bright). Measured first on
    # every few pixels: a scan costs no more than that.
    step = max(1, int(dpi / settings.analysis_dpi))
    desk, sheet_level = _edge_and_paper(gray[::step, ::step])
    if sheet_level - desk < settings.min_contrast:
        return None
    factor = min(1.0, settings.analysis_dpi / dpi)
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else gray
    small = cv2.GaussianBlur(small, (5, 5), 0)
    desk, sheet_level = _edge_and_paper(small)
    # Nearer the desk than the paper: a sheet lit unevenly stays sheet (half way, or
    # Otsu, which splits the print from the paper, cut its shadowed side off).
    level = desk + settings.desk_to_paper * (sheet_level - desk)
    _, paper = cv2.threshold(small, level, 255, cv2.THRESH_BINARY)
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = cv2.convexHull(max(contours, key=cv2.contourArea))
    share = cv2.contourArea(sheet) / float(small.shape[0] * small.shape[1])
    if not settings.min_page_share <= share <= settings.max_page_share:
        return None
    # The corners: the outline's points furthest out along the two diagonals. They trace a
    # sheet only if the quadrilateral they make covers nearly all of the outline.
    quad = _ordered(sheet.reshape(-1, 2).astype(np.float32))
    if cv2.contourArea(quad) < (1 - settings.outline_tolerance) * cv2.contourArea(sheet):
        return None
    quad = quad / factor
    if max(abs(a - 90.0) for a in _corner_angles(quad)) < settings.min_corner_degrees:
        return None  # a rectangle, perhaps turned: no perspective
    return quad


def straighten(gray: np.ndarray, quad: np.ndarray, fill: int, edge: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The sheet inside ``quad`` mapped onto a rectangle as wide and tall as its longer
    edges, and the affine map (2×3) nearest to that perspective, for the page's coordinates.
    A frame of ``edge`` pixels is painted ``fill``: the corners are found on a small copy,
    and a sliver of desk along an edge would read as a "|".

    A box found on the straightened image and taken back to the photo by that affine map
    lies within a few pixels of where the perspective puts it (the corners' residual).
    """
    top, bottom = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3])
    left, right = np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1])
    width, height = int(round(max(top, bottom))), int(round(max(left, right)))
    target = np.float32([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    perspective = cv2.getPerspectiveTransform(quad, target)
    pixels = cv2.warpPerspective(gray, perspective, (width, height), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=int(fill))
    if edge > 0:
        pixels[:edge], pixels[-edge:], pixels[:, :edge], pixels[:, -edge:] = fill, fill, fill, fill
    design = np.hstack([quad, np.ones((4, 1), np.float32)])
    affine, *_ = np.linalg.lstsq(design, target, rcond=None)
    return pixels, affine.T
