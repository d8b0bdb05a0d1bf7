"""A page's image as its file holds it: a PDF page's one embedded scan at its own resolution
(no resampling, no loss), any other PDF page rendered at 300 dpi, and image files (PNG,
JPEG, TIFF, multi-page TIFF) frame by frame at the resolution their metadata states (300 dpi
assumed, and logged, when it states none). What is done to the image then is
extract/page_image.py's.
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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import CorruptFile, PageTooLarge
from .page_image import POINTS_PER_INCH, Affine, PageImage, PageImageSettings

log = logging.getLogger(__name__)


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
