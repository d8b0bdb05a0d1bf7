"""One scanned page: page image → grid → OCR engine → tables and lines.

See extract/scan.py for the steps. Every OCR call goes through an
:class:`~extract.engine.OcrEngine` (Tesseract by default, a replay engine in tests).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import cv2
import numpy as np

from .cell_reads import reread_single_cells
from .cells import assign_words, grid_table, text_lines, unruled_table
from .engine import OcrEngine, ReadRequest, Word
from .grid import Grid, erase_rulings, find_grids, find_rulings, points_to_pixels, ruling_mask
from .model import Block
from .page_image import PageImage, background_level, deskew, prepare, turn
from .rereads import mark_ink, reread_cells
from .scan_settings import ScanSettings
from .strokes import check_strokes, check_trailing_marks

log = logging.getLogger(__name__)


@dataclass
class PageRead:
    """Intermediate results of reading one prepared page."""

    page: PageImage
    grids: list[Grid]
    clean: np.ndarray  # the page with its ruling erased
    binary: np.ndarray  # its ink
    paper: int
    words: list[Word]

    @property
    def mean_confidence(self) -> float:
        return float(np.mean([w.confidence for w in self.words])) if self.words else 0.0


def content_box(binary: np.ndarray, dpi: float, settings: ScanSettings) -> tuple[int, int, int, int]:
    """The part of the page that holds ink (x0, top, x1, bottom), with a margin.

    Measured on 8×8 blocks so that scanner specks in the margins do not
    count. Tesseract reads a page faster without its empty margins.
    """
    height, width = binary.shape
    block = 8
    small = cv2.resize(binary, (max(1, width // block), max(1, height // block)), interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small >= 255 * settings.content_density)
    if ys.size == 0:
        return 0, 0, width, height
    margin = int(points_to_pixels(settings.content_margin, dpi))
    return (max(0, int(xs.min()) * block - margin), max(0, int(ys.min()) * block - margin),
            min(width, (int(xs.max()) + 1) * block + margin), min(height, (int(ys.max()) + 1) * block + margin))


def read_prepared(page: PageImage, settings: ScanSettings, engine: OcrEngine) -> PageRead:
    """Steps 2-3 on a prepared page: grids, erased ruling, one engine run."""
    rulings = find_rulings(page.pixels, page.dpi, settings.grid)
    grids, used_short = find_grids(rulings, page.dpi, settings.grid)
    paper = background_level(page.pixels)
    mask = ruling_mask(rulings, used_short, page.dpi, settings.grid)
    clean = erase_rulings(page.pixels, mask, paper)
    binary = rulings.binary.copy()
    binary[mask > 0] = 0
    x0, top, x1, bottom = content_box(binary, page.dpi, settings)
    request = ReadRequest(psm=settings.page_psm, lang=settings.lang, chars=True)
    words = engine.read(clean[top:bottom, x0:x1], page.dpi, request)
    words = [w.shifted(x0, top) for w in words]
    return PageRead(page, grids, clean, binary, paper, words)


def _reads_badly(read: PageRead, settings: ScanSettings) -> bool:
    return len(read.words) < settings.min_words or read.mean_confidence < settings.osd_below_confidence


def read_upright(page: PageImage, settings: ScanSettings, engine: OcrEngine) -> PageRead:
    """Read a prepared page; if it reads badly, let OSD turn it and keep the better read."""
    read = read_prepared(page, settings, engine)
    if not _reads_badly(read, settings):
        return read
    try:
        orientation = engine.orientation(read.clean, page.dpi)
    except Exception as exc:  # no OSD model: keep what we have
        log.debug("page %d: no OSD (%s)", page.page, exc)
        return read
    if orientation is None or orientation.rotate == 0 or orientation.confidence < settings.osd_min_confidence:
        return read
    log.info("page %d: reads badly (mean confidence %.0f); OSD turns it %d° (confidence %.1f)",
             page.page, read.mean_confidence, orientation.rotate, orientation.confidence)
    # Straightened again: a page read on its side was deskewed on the wrong lines.
    upright, _ = deskew(turn(page, orientation.rotate), settings.image)
    turned = read_prepared(upright, settings, engine)
    return turned if turned.mean_confidence > read.mean_confidence else read


def ocr_page_image(page: PageImage, settings: ScanSettings | None = None,
                   engine: OcrEngine | None = None) -> list[Block]:
    """All steps for one page image: its tables and text lines, top to bottom.

    ``engine`` reads the pixels (default: Tesseract)."""
    settings = settings or ScanSettings()
    if engine is None:
        from .tesseract import TesseractEngine

        engine = TesseractEngine()
    started = time.perf_counter()
    page = prepare(page, settings.image)
    read = read_upright(page, settings, engine)
    page = read.page
    binary = read.binary
    read.words = check_trailing_marks(check_strokes(read.words, binary, settings))
    reads, outside = assign_words(read.grids, read.words)
    grids = list(read.grids)
    if not grids:
        grid = unruled_table(outside, page, settings)
        if grid is not None:
            grids = [grid]
            reads, outside = assign_words(grids, read.words)
    if grids:
        mark_ink(grids, reads, binary, page.dpi, settings)
        if settings.reread:
            reread_cells(grids, reads, read.clean, binary, page.dpi, settings, engine)
        if settings.cell_reads:
            reread_single_cells(grids, reads, read.clean, binary, page.dpi, settings, engine)
    placed: list[tuple[float, Block]] = [(g.box[1], grid_table(g, r, page)) for g, r in zip(grids, reads)]
    placed += text_lines(outside, page, settings)
    placed.sort(key=lambda item: item[0])
    log.debug("page %d: %d words, %d table(s), %.2f s", page.page, len(read.words), len(grids),
              time.perf_counter() - started)
    return [block for _, block in placed]
