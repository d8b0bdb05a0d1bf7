"""Crops of the page around the cells a reviewer should look at.

A crop is cut from the page as the reader sees it: a PDF page (text layer or
scan) rendered with pypdfium2, an image file's frame as kehoach read it
(extract.page_files.load_image_frame: its own resolution, EXIF orientation).
Cell boxes are PDF points with the origin at the page's top-left (the JSON's
``bbox``). Each crop is a small WebP image embedded in the page as a data URI;
the cell outline is drawn over it by the page, from the cell's box as a share
of the crop (so the picture itself stays the page as printed).
"""
from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


@dataclass(frozen=True)
class CropSettings:
    """How crops are cut and stored; every default is documented here."""

    #: Resolution of the crops: 12-pt text is about 20 px high, readable at 100 %
    #: and small to store (a row of a table is 10-30 KB).
    dpi: float = 120.0
    #: Page shown around the cells, in points: to each side, and above and below.
    margin_x: float = 36.0
    margin_y: float = 24.0
    #: A crop at least this wide (points), centred on its cells, so that a narrow
    #: cell (an item number) is seen with its row.
    min_width: float = 360.0
    #: Crops taller than this (points) are cut to it, from their top.
    max_height: float = 400.0
    #: WebP quality (0-100) of the crops, and its encoder's effort (0-6): effort 2
    #: encodes a row of a table in ~12 ms where 4 takes ~38 ms, for 6 % more bytes.
    quality: int = 55
    effort: int = 2
    #: Crops per file at most: a scan read badly everywhere shows its first
    #: ``max_per_file`` regions and says how many more there were.
    max_per_file: int = 150


@dataclass
class Crop:
    """One region of one page, and the cells outlined on it."""

    page: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in points
    uri: str = ""  # data:image/webp;base64,…
    width: int = 0
    height: int = 0
    problem: str = ""  # why there is no image


@dataclass
class PageSource:
    """Renders pages of one input file, one page kept at a time."""

    path: Path
    settings: CropSettings = field(default_factory=CropSettings)
    _page: int | None = None
    _image: object = None  # PIL image of ``_page``
    _scale: tuple[float, float] = (1.0, 1.0)  # pixels per point (x, y)
    _size: tuple[float, float] = (0.0, 0.0)  # page size in points
    _document: object = None

    def _load(self, page: int) -> None:
        if self._page == page:
            return
        self._page, self._image = page, None
        if self.path.suffix.lower() in IMAGE_SUFFIXES:
            from PIL import Image

            from extract.page_files import load_image_frame

            frame = load_image_frame(self.path, page)
            image = Image.fromarray(frame.pixels)
            sx, sy = 1.0 / frame.to_points.a, 1.0 / frame.to_points.e
            # Down to the crop resolution: the frame may be 300-600 dpi.
            factor = min(1.0, self.settings.dpi / 72.0 / max(sx, sy))
            if factor < 1.0:
                image = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))))
                sx, sy = sx * factor, sy * factor
            self._image, self._scale, self._size = image, (sx, sy), frame.page_size
            return
        import pypdfium2

        if self._document is None:
            self._document = pypdfium2.PdfDocument(str(self.path))
        pdf_page = self._document[page - 1]
        try:
            scale = self.settings.dpi / 72.0
            self._size = (float(pdf_page.get_width()), float(pdf_page.get_height()))
            self._image = pdf_page.render(scale=scale).to_pil()
            self._scale = (self._image.width / self._size[0], self._image.height / self._size[1])
        finally:
            pdf_page.close()

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None
        self._image = None

    def region(self, page: int, boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
        """The page region shown around ``boxes`` (clamped to the page)."""
        self._load(page)
        s = self.settings
        width, height = self._size
        x0 = min(b[0] for b in boxes) - s.margin_x
        x1 = max(b[2] for b in boxes) + s.margin_x
        top = min(b[1] for b in boxes) - s.margin_y
        bottom = max(b[3] for b in boxes) + s.margin_y
        if bottom - top > s.max_height:
            bottom = top + s.max_height
        if x1 - x0 < s.min_width:
            middle = (x0 + x1) / 2
            x0, x1 = middle - s.min_width / 2, middle + s.min_width / 2
        x0, x1 = max(0.0, x0), min(width, x1)
        top, bottom = max(0.0, top), min(height, bottom)
        return (round(x0, 2), round(top, 2), round(max(x1, x0 + 1), 2), round(max(bottom, top + 1), 2))

    def crop(self, page: int, boxes: list[tuple[float, float, float, float]]) -> Crop:
        try:
            box = self.region(page, boxes)
        except Exception as exc:  # an unreadable page must not stop the report
            log.warning("%s: page %s cannot be rendered (%s)", self.path.name, page, exc)
            return Crop(page=page, box=(0, 0, 0, 0), problem=f"page {page} cannot be rendered")
        sx, sy = self._scale
        pixels = (round(box[0] * sx), round(box[1] * sy), round(box[2] * sx), round(box[3] * sy))
        image = self._image.crop(pixels)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="WEBP", quality=self.settings.quality, method=self.settings.effort)
        uri = "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
        return Crop(page=page, box=box, uri=uri, width=image.width, height=image.height)


def outline(crop: Crop, bbox: list[float] | tuple[float, ...]) -> tuple[float, float, float, float]:
    """A cell's box as shares (0-100 %) of its crop: left, top, width, height."""
    x0, top, x1, bottom = crop.box
    w, h = max(x1 - x0, 1e-6), max(bottom - top, 1e-6)
    left = max(0.0, (bbox[0] - x0) / w * 100)
    upper = max(0.0, (bbox[1] - top) / h * 100)
    right = min(100.0, (bbox[2] - x0) / w * 100)
    lower = min(100.0, (bbox[3] - top) / h * 100)
    return (round(left, 2), round(upper, 2), round(max(right - left, 0.5), 2), round(max(lower - upper, 0.5), 2))
