"""Page images for OCR, and the way back from their pixels to PDF points.

A scanned PDF page is usually one image: it is taken at its own resolution
(no resampling, no loss); any other page is rendered at 300 dpi. Image files
(PNG, JPEG, TIFF, multi-page TIFF) are read frame by frame, at the resolution
their metadata states (300 dpi assumed, and logged, when it states none).

Preparing a page turns it into what the grid finder and Tesseract want: one
grayscale channel in which coloured ink (red stamps, blue signatures) is
lightened away, a working resolution between ``min_dpi`` and ``max_dpi``,
upright (quarter turns) and straight (skew up to ±5°). Every step that moves
pixels updates :attr:`PageImage.to_points`, the affine map from the current
image's pixels to PDF points (origin top-left, like pdfplumber's ``top``), so
that every cell keeps a bounding box on the page it came from.
"""
from __future__ import annotations

import io
import logging
import math
import os
import re
import subprocess
import tempfile
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np

from .errors import CorruptFile, PageTooLarge
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


# -- reading pages -----------------------------------------------------------------

def _pil_to_array(image, exif: bool = False) -> np.ndarray:
    """A PIL image as uint8 gray (H, W) or RGB (H, W, 3).

    ``exif``: apply the EXIF orientation (photos); a PDF viewer ignores it, so
    embedded images do not.
    """
    from PIL import Image, ImageOps

    if exif:
        image = ImageOps.exif_transpose(image)
    if image.mode == "L":
        return np.asarray(image)
    if image.mode == "1":
        return np.asarray(image.convert("L"))
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        wide = np.asarray(image, dtype=np.float64)
        top = wide.max() or 1.0
        return (wide * (255.0 / top)).astype(np.uint8)
    if image.mode in ("LA", "RGBA", "PA", "P"):
        image = image.convert("RGBA")
        canvas = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(canvas, image)
    return np.asarray(image.convert("RGB"))


def _single_image(page, settings: PageImageSettings) -> dict | None:
    """The one image that makes up a scanned page, or None."""
    images = page.images
    if len(images) != 1:
        return None
    image = images[0]
    width, height = float(image["x1"] - image["x0"]), float(image["bottom"] - image["top"])
    if width * height < settings.min_image_cover * float(page.width) * float(page.height):
        return None
    src_w, src_h = image.get("srcsize") or (0, 0)
    if src_w and src_h and float(src_w) * float(src_h) > settings.max_page_pixels:
        raise PageTooLarge(f"page {page.page_number}: its image is {int(src_w)} × {int(src_h)} pixels "
                           f"({float(src_w) * float(src_h) / 1e6:.0f} Mpx), over the limit of "
                           f"{settings.max_page_pixels / 1e6:.0f} Mpx")
    if not src_w or not src_h or abs(src_w / src_h - width / height) > 0.03 * (width / height):
        return None  # drawn turned or stretched: let the renderer place it
    return image


def _decode_embedded(pdf_path: Path, page_number: int, image: dict) -> np.ndarray | None:
    """The embedded image's pixels at their own resolution (JPEG as is, others via pdfimages)."""
    from PIL import Image

    stream = image["stream"]
    filter_names = [getattr(name, "name", str(name)) for name, _ in stream.get_filters()]
    try:
        if filter_names == ["DCTDecode"]:  # the JPEG file itself
            return _pil_to_array(Image.open(io.BytesIO(stream.get_rawdata())))
    except Exception as exc:  # a damaged JPEG: let poppler try
        log.debug("page %d: JPEG not decoded in-process (%s)", page_number, exc)
    # Anything else (CCITT, JBIG2, JPEG 2000, Flate, ASCII85 around a JPEG …):
    # poppler decodes it (pdfminer's pure-Python ASCII85 alone costs 0.25 s a page).
    with tempfile.TemporaryDirectory(prefix="kehoach-img-") as folder:
        prefix = str(Path(folder) / "img")
        result = subprocess.run(["pdfimages", "-j", "-f", str(page_number), "-l", str(page_number),
                                 str(pdf_path), prefix], capture_output=True, timeout=120)
        files = sorted(Path(folder).iterdir())
        if result.returncode != 0 or len(files) != 1:
            log.debug("page %d: pdfimages gave %d files (rc %d)", page_number, len(files), result.returncode)
            return None
        with Image.open(files[0]) as decoded:
            return _pil_to_array(decoded)


def pdf_page_image(pdf_path: Path, page, page_number: int, settings: PageImageSettings) -> PageImage:
    """The image of a pdfplumber page: its one embedded image, else a 300-dpi rendering."""
    width, height = float(page.width), float(page.height)
    image = _single_image(page, settings)
    if image is not None:
        pixels = _decode_embedded(pdf_path, page_number, image)
        if pixels is not None:
            px_h, px_w = pixels.shape[:2]
            box_w, box_h = float(image["x1"] - image["x0"]), float(image["bottom"] - image["top"])
            sx, sy = box_w / px_w, box_h / px_h
            dpi = POINTS_PER_INCH / math.sqrt(sx * sy)
            to_points = Affine(a=sx, c=float(image["x0"]), e=sy, f=float(image["top"]))
            log.debug("page %d: embedded %dx%d image, %.0f dpi", page_number, px_w, px_h, dpi)
            return PageImage(pixels, dpi, to_points, page_number, (width, height), "embedded image")
    dpi = render_resolution(width, height, page_number, settings)
    rendered = page.to_image(resolution=dpi).original
    pixels = _pil_to_array(rendered)
    sx = width / pixels.shape[1]
    sy = height / pixels.shape[0]
    return PageImage(pixels, float(dpi), Affine.scale(sx, sy), page_number, (width, height), "rendered")


def render_resolution(width: float, height: float, page_number: int, settings: PageImageSettings) -> float:
    """The resolution a page of ``width`` × ``height`` points is rendered at, within the pixel limit."""
    inches = (width / POINTS_PER_INCH) * (height / POINTS_PER_INCH)
    if inches <= 0:
        raise CorruptFile(f"page {page_number}: the page has no area ({width:g} × {height:g} pt)")
    fits = math.sqrt(settings.max_page_pixels / inches)
    if fits >= settings.render_dpi:
        return float(settings.render_dpi)
    if fits < settings.min_render_dpi:
        raise PageTooLarge(
            f"page {page_number}: {width / POINTS_PER_INCH:.0f} × {height / POINTS_PER_INCH:.0f} inches, "
            f"which would take {inches * settings.min_render_dpi ** 2 / 1e6:.0f} Mpx even at "
            f"{settings.min_render_dpi:g} dpi (the limit is {settings.max_page_pixels / 1e6:.0f} Mpx)")
    fits = math.floor(fits)
    log.info("page %d: %.0f × %.0f in; rendered at %d dpi to stay within %d Mpx", page_number,
             width / POINTS_PER_INCH, height / POINTS_PER_INCH, fits, settings.max_page_pixels // 10**6)
    return float(fits)


def load_pdf_page(pdf_path: str | Path, page_number: int, settings: PageImageSettings | None = None) -> PageImage:
    """Open a PDF and return the image of one page (1-based)."""
    import pdfplumber

    settings = settings or PageImageSettings()
    # Only this page made into a pdfplumber page: making all of them (what
    # ``pdf.pages`` does, and closing the file then) cost a file of 78 pages
    # 0.06 s for each page loaded.
    with pdfplumber.open(pdf_path, pages=[page_number]) as pdf:
        if not pdf.pages:
            raise IndexError(f"page {page_number} is not in {Path(pdf_path).name}")
        return pdf_page_image(Path(pdf_path), pdf.pages[0], page_number, settings)


@dataclass(frozen=True)
class FrameInfo:
    """One page (frame) of an image file, as its header states it."""

    number: int  # 1-based
    width: int
    height: int


#: What libtiff and libpng write on stderr when a frame's data is damaged
#: (Pillow decodes such a frame "successfully", into garbage).
_DAMAGE_MESSAGE = re.compile(r"(?im)^.*(bad code|corrupt|premature|unexpected|invalid|not enough data|"
                             r"read error|decode.*error|error.*decod|crc error|truncat).*$")


@contextmanager
def _quiet_pillow():
    """Pillow's warnings (corrupt EXIF, "decompression bomb") belong in the log, not on the terminal."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for warning in caught:
        log.debug("pillow: %s", warning.message)


def image_file_pages(path: str | Path, settings: PageImageSettings | None = None) -> list[FrameInfo]:
    """The frames of an image file from its headers alone (nothing decoded).

    Raises CorruptFile for a file that is not a readable image, and
    PageTooLarge for a frame over ``max_page_pixels``.
    """
    from PIL import Image

    settings = settings or PageImageSettings()
    path = Path(path)
    frames: list[FrameInfo] = []
    try:
        with _quiet_pillow(), Image.open(path) as image:
            for index in range(int(getattr(image, "n_frames", 1))):
                image.seek(index)
                frames.append(FrameInfo(index + 1, *image.size))
    except Image.DecompressionBombError as exc:
        raise PageTooLarge(f"{path.name}: {exc}") from exc
    except Exception as exc:  # Pillow raises many kinds (OSError, TypeError, SyntaxError …) on damage
        raise CorruptFile(f"{path.name}: not a readable image ({exc.__class__.__name__}: {exc})") from exc
    for frame in frames:
        if frame.width * frame.height > settings.max_page_pixels:
            raise PageTooLarge(f"{path.name}: page {frame.number} is {frame.width} × {frame.height} pixels "
                               f"({frame.width * frame.height / 1e6:.0f} Mpx), over the limit of "
                               f"{settings.max_page_pixels / 1e6:.0f} Mpx")
    return frames


def image_file_frames(path: str | Path) -> int:
    """How many pages (frames) an image file holds."""
    return len(image_file_pages(path))


def _file_dpi(image, name: str, settings: PageImageSettings) -> tuple[float, float]:
    dpi = image.info.get("dpi")
    try:
        x, y = (float(dpi[0]), float(dpi[1])) if dpi else (0.0, 0.0)
    except (TypeError, ValueError, IndexError):
        x = y = 0.0
    low, high = settings.plausible_dpi
    if low <= x <= high and low <= y <= high:
        return x, y
    log.info("%s: no usable resolution in the image metadata (%s); assuming %.0f dpi",
             name, dpi, settings.assumed_dpi)
    return settings.assumed_dpi, settings.assumed_dpi


def _load_checked(image, name: str, frame: int) -> None:
    """Decode a frame, refusing it when the decoder reports damaged data on stderr."""
    with tempfile.TemporaryFile() as errors:
        saved = os.dup(2)
        os.dup2(errors.fileno(), 2)
        try:
            image.load()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        errors.seek(0)
        said = errors.read(4096).decode("utf-8", errors="replace")
    # libjpeg's "Corrupt JPEG data: N extraneous bytes before marker" is harmless (the image is whole).
    damage = _DAMAGE_MESSAGE.search("\n".join(l for l in said.splitlines() if "extraneous bytes" not in l))
    if damage:
        raise CorruptFile(f"{name}: page {frame} is damaged ({damage.group(0).strip()})")
    if said.strip():
        log.debug("%s: page %d: the decoder said %s", name, frame, said.strip())


def load_image_frame(path: str | Path, frame: int, settings: PageImageSettings | None = None) -> PageImage:
    """One page (frame, 1-based) of an image file; points = pixels * 72 / dpi."""
    from PIL import Image

    settings = settings or PageImageSettings()
    path = Path(path)
    try:
        with _quiet_pillow(), Image.open(path) as image:
            image.seek(frame - 1)
            if image.size[0] * image.size[1] > settings.max_page_pixels:
                raise PageTooLarge(f"{path.name}: page {frame} is {image.size[0]} × {image.size[1]} pixels, "
                                   f"over the limit of {settings.max_page_pixels / 1e6:.0f} Mpx")
            dpi_x, dpi_y = _file_dpi(image, path.name, settings)
            _load_checked(image, path.name, frame)
            pixels = _pil_to_array(image, exif=True)
    except (CorruptFile, PageTooLarge):
        raise
    except Image.DecompressionBombError as exc:
        raise PageTooLarge(f"{path.name}: {exc}") from exc
    except Exception as exc:  # Pillow raises many kinds on damaged data
        raise CorruptFile(f"{path.name}: page {frame} is not a readable image "
                          f"({exc.__class__.__name__}: {exc})") from exc
    sx, sy = POINTS_PER_INCH / dpi_x, POINTS_PER_INCH / dpi_y
    size = (pixels.shape[1] * sx, pixels.shape[0] * sy)
    return PageImage(pixels, math.sqrt(dpi_x * dpi_y), Affine.scale(sx, sy), frame, size, "image file")


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
