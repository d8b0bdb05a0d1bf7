"""Page images for OCR, and the way back from their pixels to PDF points.

How a page's image is taken out of its file is extract/page_files.py's. Preparing a page turns it into what the grid finder and Tesseract want: one
grayscale channel in which coloured ink (red stamps, blue signatures) is
lightened away, a working resolution between ``min_dpi`` and ``max_dpi``,
upright (quarter turns) and straight (skew up to ±5°). Every step that moves
pixels updates :attr:`PageImage.to_points`, the affine map from the current
image's pixels to PDF points (origin top-left, like pdfplumber's ``top``), so
that every cell keeps a bounding box on the page it came from.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from .model import BBox
from .perspective import PhotoSettings, find_page, straighten

log = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PageImageSettings:
    """How page images are obtained and prepared; every default is documented here."""

    #: Resolution at which a page that is not a single image is rendered.
    render_dpi: int = 300
    #: Most pixels a page image may have (80 Mpx: an A3 page at 600 dpi, 70 Mpx,
    #: fits; its gray copy is 80 MB, about 0.6 GB while it is prepared). A PDF page
    #: that would render larger is rendered at a lower resolution, down to
    #: ``min_render_dpi``; a page that does not fit even then, and an image
    #: (file frame or embedded scan) over the limit, is refused as "page too
    #: large" before any pixel is decoded (a decompression bomb costs nothing).
    max_page_pixels: int = 80_000_000
    #: Lowest resolution a too-large PDF page is rendered at; below it text is unreadable.
    min_render_dpi: float = 150.0
    #: An image frame with a side shorter than this many pixels cannot hold a
    #: line of text: it is skipped, with a warning, instead of being OCR'd.
    min_page_side: int = 32
    #: A page is "one image" when a single image covers at least this share
    #: of the page; that image is then used at its own resolution.
    min_image_cover: float = 0.85
    #: Resolution assumed for an image file whose metadata states none (or an
    #: implausible one, outside ``plausible_dpi``).
    assumed_dpi: float = 300.0
    plausible_dpi: tuple[float, float] = (50.0, 1200.0)
    #: Images below ``min_dpi`` are upscaled, images above ``max_dpi``
    #: downscaled, to ``work_dpi``: Tesseract reads best with text ~20-30 px
    #: high (on the 200-dpi sample scans, upscaling took the share of exact
    #: cells from 77% to 98%), and a 600-dpi page only costs time.
    min_dpi: float = 250.0
    max_dpi: float = 450.0
    work_dpi: float = 300.0
    #: How strongly coloured ink is lightened in the grayscale image:
    #: gray = max(R, G, B) + gain * (max - min). Black and gray print stays
    #: dark, a red stamp (or a blue signature) turns to paper.
    color_suppression: float = 1.0
    #: Largest skew corrected, in degrees, and the smallest worth a rotation.
    max_skew: float = 5.0
    min_skew: float = 0.05
    #: Resolution of the image the skew and text direction are measured on.
    analysis_dpi: float = 100.0
    #: Steps of the coarse-to-fine skew search, in degrees.
    skew_coarse_step: float = 0.2
    skew_fine_step: float = 0.02
    #: Look for pages turned a quarter before reading them (see
    #: :func:`text_runs_vertically`). Off by default: a turned page reads
    #: badly, and Tesseract's OSD then turns it (extract/scan.py), which costs
    #: a second read on the rare turned page instead of 25 ms on every page.
    quarter_turn_check: bool = False
    #: Text runs vertically (the page is turned a quarter) when the column
    #: profile of the ink is this many times sharper than the row profile.
    quarter_turn_ratio: float = 1.3
    #: A photographed sheet (the desk around it, its corners no right angles)
    #: is made rectangular first: extract/perspective.py.
    photo: PhotoSettings = field(default_factory=PhotoSettings)


@dataclass(frozen=True)
class Affine:
    """x' = a·x + b·y + c, y' = d·x + e·y + f."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 0.0
    e: float = 1.0
    f: float = 0.0

    @classmethod
    def from_matrix(cls, m: np.ndarray) -> "Affine":
        return cls(*(float(v) for v in m[0, :3]), *(float(v) for v in m[1, :3]))

    def matrix(self) -> np.ndarray:
        return np.array([[self.a, self.b, self.c], [self.d, self.e, self.f], [0.0, 0.0, 1.0]])

    @classmethod
    def scale(cls, sx: float, sy: float | None = None) -> "Affine":
        return cls(a=sx, e=sx if sy is None else sy)

    def then(self, other: "Affine") -> "Affine":
        """The map that applies ``self`` first, then ``other``."""
        return Affine.from_matrix(other.matrix() @ self.matrix())

    def inverse(self) -> "Affine":
        return Affine.from_matrix(np.linalg.inv(self.matrix()))

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.b * y + self.c, self.d * x + self.e * y + self.f

    def box(self, x0: float, top: float, x1: float, bottom: float) -> BBox:
        """The axis-aligned box around the image of a box, rounded to 0.01."""
        corners = [self.point(x, y) for x in (x0, x1) for y in (top, bottom)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        return (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))


@dataclass
class PageImage:
    """A page as pixels, with the way back to PDF points."""

    pixels: np.ndarray  # uint8, (H, W) grayscale or (H, W, 3) RGB
    dpi: float  # pixels per inch of ``pixels`` (what Tesseract is told)
    to_points: Affine  # pixels of ``pixels`` -> PDF points, origin top-left
    page: int  # 1-based page (or frame) number
    page_size: tuple[float, float]  # width, height in points
    source: str = ""  # "embedded image", "rendered" or "image file"

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    def moved(self, pixels: np.ndarray, forward: Affine, dpi: float | None = None) -> "PageImage":
        """This page after a pixel operation that maps old pixels to new by ``forward``."""
        return replace(self, pixels=pixels, dpi=self.dpi if dpi is None else dpi,
                       to_points=forward.inverse().then(self.to_points))


# -- preparing a page ----------------------------------------------------------------

#: Rows of a colour page turned gray at a time: the wide intermediates (int16,
#: float64) then take a few MB instead of 17-70 MB each for a 300-dpi A4 page.
GRAY_BAND_ROWS = 256


def to_gray(pixels: np.ndarray, settings: PageImageSettings) -> np.ndarray:
    """One channel in which black print stays dark and coloured ink turns to paper."""
    if pixels.ndim == 2:
        return pixels
    gray = np.empty(pixels.shape[:2], np.uint8)
    for start in range(0, pixels.shape[0], GRAY_BAND_ROWS):
        band = pixels[start:start + GRAY_BAND_ROWS]
        high = band.max(axis=2).astype(np.int16)
        low = band.min(axis=2).astype(np.int16)
        wide = high + np.round(settings.color_suppression * (high - low)).astype(np.int16)
        gray[start:start + GRAY_BAND_ROWS] = np.clip(wide, 0, 255)
    return gray


def background_level(gray: np.ndarray) -> int:
    """The paper's gray level (a high percentile of a sample of the pixels)."""
    sample = gray[::7, ::7]
    return int(np.percentile(sample, 90)) if sample.size else 255


def set_resolution(page: PageImage, settings: PageImageSettings) -> PageImage:
    """Resample a page outside [min_dpi, max_dpi] to ``work_dpi``."""
    if settings.min_dpi <= page.dpi <= settings.max_dpi:
        return page
    factor = settings.work_dpi / page.dpi
    size = (max(1, int(round(page.width * factor))), max(1, int(round(page.height * factor))))
    interpolation = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
    pixels = cv2.resize(page.pixels, size, interpolation=interpolation)
    forward = Affine.scale(size[0] / page.width, size[1] / page.height)
    log.debug("page %d: resampled from %.0f to %.0f dpi", page.page, page.dpi, settings.work_dpi)
    return page.moved(pixels, forward, dpi=settings.work_dpi)


def turn(page: PageImage, clockwise: int) -> PageImage:
    """Turn a page by a multiple of 90° clockwise."""
    clockwise %= 360
    if clockwise == 0:
        return page
    w, h = page.width, page.height
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    pixels = cv2.rotate(page.pixels, codes[clockwise])
    # Pixel (x, y) goes to: 90 -> (h-1-y, x); 180 -> (w-1-x, h-1-y); 270 -> (y, w-1-x).
    forward = {90: Affine(a=0, b=-1, c=h - 1, d=1, e=0, f=0),
               180: Affine(a=-1, b=0, c=w - 1, d=0, e=-1, f=h - 1),
               270: Affine(a=0, b=1, c=0, d=-1, e=0, f=w - 1)}[clockwise]
    return page.moved(pixels, forward)


def rotate(page: PageImage, degrees: float, fill: int | None = None) -> PageImage:
    """Rotate a page counter-clockwise by a small angle, growing the canvas to keep the corners."""
    if degrees == 0:
        return page
    w, h = page.width, page.height
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    new_w, new_h = int(math.ceil(h * sin + w * cos)), int(math.ceil(h * cos + w * sin))
    m[0, 2] += new_w / 2.0 - w / 2.0
    m[1, 2] += new_h / 2.0 - h / 2.0
    if fill is None:
        fill = background_level(page.pixels if page.pixels.ndim == 2 else page.pixels.max(axis=2))
    border = fill if page.pixels.ndim == 2 else (fill, fill, fill)
    pixels = cv2.warpAffine(page.pixels, m, (new_w, new_h), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    return page.moved(pixels, Affine.from_matrix(np.vstack([m, [0.0, 0.0, 1.0]])))


def _analysis_binary(gray: np.ndarray, dpi: float, settings: PageImageSettings) -> np.ndarray:
    """A small, binarized (ink = 255) copy of the page at ``analysis_dpi``."""
    factor = min(1.0, settings.analysis_dpi / dpi)
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else gray
    _, binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def _without_rulings(binary: np.ndarray, settings: PageImageSettings) -> np.ndarray:
    """The binary image without long straight lines (half an inch or more)."""
    length = max(3, int(settings.analysis_dpi / 2))
    rulings = (cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
               | cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8)))
    return binary & ~cv2.dilate(rulings, np.ones((3, 3), np.uint8))


def _points(binary: np.ndarray, limit: int = 120_000) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates (xs, ys) of the ink, centred, at most ``limit`` of them."""
    ys, xs = np.nonzero(binary)
    if len(xs) > limit:  # a regular (deterministic) subsample is enough for a profile
        step = int(math.ceil(len(xs) / limit))
        xs, ys = xs[::step], ys[::step]
    xs = xs.astype(np.float64)
    ys = ys.astype(np.float64)
    return xs - xs.mean() if len(xs) else xs, ys - ys.mean() if len(ys) else ys


def _sharpness_at(across: np.ndarray, along: np.ndarray, angle: float,
                  work: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> float:
    """Sharpness of the profile across lines that run along ``along``, turned by ``angle``°:
    the energy of the bin-to-bin changes of the histogram of the points' rounded positions
    across the lines. ``work``: two float64 and one int64 array of the points' size to
    compute in (:func:`_best_angle` reuses them for every angle).

    The squares are summed as integers; the float sum gave the same value (a page's
    histogram keeps them far below 2**53, where floats hold integers exactly).
    """
    if across.size < 2:
        return 0.0
    t = math.radians(angle)
    turned, part, bins = work or (np.empty_like(across), np.empty_like(across), np.empty(across.shape, np.int64))
    np.multiply(across, math.cos(t), out=turned)
    np.multiply(along, math.sin(t), out=part)
    np.add(turned, part, out=turned)
    np.rint(turned, out=turned)
    bins[...] = turned
    bins -= bins.min()
    changes = np.diff(np.bincount(bins))
    return float(np.dot(changes, changes))


def _best_angle(across: np.ndarray, along: np.ndarray, half: float, coarse: float,
                fine: float) -> tuple[float, float]:
    """(angle, sharpness) of the sharpest profile within ±half degrees, coarse then fine."""
    work = (np.empty_like(across), np.empty_like(across), np.empty(across.shape, np.int64))

    def search(center: float, span: float, step: float) -> tuple[float, float]:
        angles = np.arange(center - span, center + span + step / 2, step)
        scores = [_sharpness_at(across, along, float(a), work) for a in angles]
        best = int(np.argmax(scores))
        return float(angles[best]), scores[best]

    angle, _ = search(0.0, half, coarse)
    return search(angle, coarse, fine)


def estimate_skew(gray: np.ndarray, dpi: float, settings: PageImageSettings,
                  small: np.ndarray | None = None) -> float:
    """The page's skew in degrees (counter-clockwise positive), within ±max_skew.

    The angle at which the ink's row profile is sharpest: text lines and ruling
    lines then fall into the fewest rows. Coarse search, then a fine one, on a
    copy of the page at ``analysis_dpi`` (``small``, when already made).
    """
    xs, ys = _points(_analysis_binary(gray, dpi, settings) if small is None else small)
    if len(xs) < 200:
        return 0.0
    angle, _ = _best_angle(ys, xs, settings.max_skew, settings.skew_coarse_step, settings.skew_fine_step)
    return round(angle, 3)


def text_runs_vertically(gray: np.ndarray, dpi: float, settings: PageImageSettings,
                         small: np.ndarray | None = None) -> bool:
    """Whether the page is turned a quarter (its text lines run top to bottom).

    With the ruling lines taken out, compares the sharpest row profile of the
    ink with its sharpest column profile (each within ±max_skew): text lines
    make the profile across them peaky. Upright pages measure 1.4-2 times
    sharper across rows; turned ones the inverse.
    """
    small = _analysis_binary(gray, dpi, settings) if small is None else small
    xs, ys = _points(_without_rulings(small, settings))
    if len(xs) < 200:
        return False
    step = 2 * settings.skew_coarse_step
    _, rows = _best_angle(ys, xs, settings.max_skew, step, step)
    _, cols = _best_angle(xs, ys, settings.max_skew, step, step)
    return cols > settings.quarter_turn_ratio * rows


def deskew(page: PageImage, settings: PageImageSettings,
           small: np.ndarray | None = None) -> tuple[PageImage, float]:
    """The page turned straight, and the skew (degrees) that was removed."""
    angle = estimate_skew(page.pixels, page.dpi, settings, small)
    if abs(angle) < settings.min_skew or abs(angle) >= settings.max_skew:
        return page, 0.0
    # Content rotated counter-clockwise by ``angle`` is straightened by rotating back.
    return rotate(page, -angle), angle


def straighten_photo(page: PageImage, settings: PageImageSettings) -> PageImage:
    """A photographed sheet mapped onto a rectangle (see extract/perspective.py); any other page as it is.

    The page's way back to PDF points goes through the affine map nearest to the
    perspective: boxes land within a few pixels of where the photo shows them."""
    if not settings.photo.enabled:
        return page
    quad = find_page(page.pixels, page.dpi, settings.photo)
    if quad is None:
        return page
    edge = int(math.ceil(2 * page.dpi / settings.photo.analysis_dpi)) + 2  # two pixels of the small copy
    pixels, affine = straighten(page.pixels, quad, background_level(page.pixels), edge)
    log.info("page %d: a photographed sheet; its perspective undone (corners %s)", page.page,
             " ".join(f"{x:.0f},{y:.0f}" for x, y in quad))
    return page.moved(pixels, Affine.from_matrix(affine))


def prepare(page: PageImage, settings: PageImageSettings) -> PageImage:
    """Grayscale without coloured ink, working resolution, a photographed sheet made
    rectangular, (upright,) straight."""
    gray = to_gray(page.pixels, settings)
    page = replace(page, pixels=gray)
    page = set_resolution(page, settings)
    page = straighten_photo(page, settings)
    small = _analysis_binary(page.pixels, page.dpi, settings)  # shared by the two measures
    if settings.quarter_turn_check and text_runs_vertically(page.pixels, page.dpi, settings, small):
        log.info("page %d: text runs vertically; turning the page a quarter", page.page)
        page = turn(page, 90)
        small = cv2.rotate(small, cv2.ROTATE_90_CLOCKWISE)
    page, angle = deskew(page, settings, small)
    if angle:
        log.debug("page %d: deskewed by %.2f°", page.page, angle)
    return page
