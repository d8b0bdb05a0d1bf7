"""The ruling erased in the paper's tone, where the light is even or not.

A scan is lit evenly: its paper has one tone (:func:`page_image.background_level`)
and the ruling is painted over in it. A photographed sheet is not: lit from one
side, its paper runs from white to a gray as dark as print is light, and a ruling
painted in the white of the bright side stands out on the dark side as white
bars, which Tesseract reads as letters ("Eư`.|", "F="). On such a page
:func:`erase` fills the ruling in from the paper around it instead (OpenCV's
inpainting), which costs about half a second a page: only unevenly lit pages pay it.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .page_image import background_level

#: The page is sampled every this many pixels (as background_level samples it).
SAMPLE_STEP = 7


@dataclass(frozen=True)
class PaperSettings:
    """When the paper counts as unevenly lit, and how the ruling is filled in then."""

    #: The paper is measured in this many tiles across and down …
    tiles: int = 4
    #: … and is uneven when its brightest and darkest tiles differ by more gray levels than this.
    uneven_levels: int = 30
    #: How far around a ruling pixel the paper is looked at to fill it in (pixels).
    fill_radius: int = 3

    def __post_init__(self):
        if self.tiles < 2 or self.uneven_levels < 0 or self.fill_radius < 1:
            raise ValueError("PaperSettings: tiles >= 2, uneven_levels >= 0, fill_radius >= 1")


def unevenly_lit(gray: np.ndarray, settings: PaperSettings | None = None) -> bool:
    """Whether the paper's tone differs by more than ``uneven_levels`` between parts of the page."""
    settings = settings or PaperSettings()
    sample = gray[::SAMPLE_STEP, ::SAMPLE_STEP]
    if min(sample.shape) < 2 * settings.tiles:
        return False
    levels = [int(np.percentile(tile, 90)) for band in np.array_split(sample, settings.tiles, axis=0)
              for tile in np.array_split(band, settings.tiles, axis=1) if tile.size]
    return max(levels) - min(levels) > settings.uneven_levels


def erase(gray: np.ndarray, mask: np.ndarray, settings: PaperSettings | None = None) -> np.ndarray:
    """A copy of ``gray`` with the ``mask``'s pixels (the ruling) made paper."""
    settings = settings or PaperSettings()
    if unevenly_lit(gray, settings):
        return cv2.inpaint(gray, (mask > 0).astype(np.uint8), settings.fill_radius, cv2.INPAINT_TELEA)
    out = gray.copy()
    np.copyto(out, np.uint8(background_level(gray)), where=mask > 0)  # a fifth faster than out[mask > 0] = …
    return out
