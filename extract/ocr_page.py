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
from .grid import Grid, find_grids, points_to_pixels
from .model import Block
from .page_image import PageImage, deskew, prepare, text_runs_vertically, turn
from .paper import erase
from .rereads import mark_ink, reread_cells
from .rulings import find_rulings, ruling_mask
from .scan_settings import ScanSettings
from .strokes import check_dash_spaces, check_strokes, check_trailing_marks

log = logging.getLogger(__name__)


@dataclass
class PageRead:
    """Intermediate results of reading one prepared page."""

    page: PageImage
    grids: list[Grid]
    clean: np.ndarray  # the page with its ruling erased
    binary: np.ndarray  # its ink
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
    mask = ruling_mask(rulings, used_short, page.dpi, settings.grid)
    clean = erase(page.pixels, mask, settings.paper)
    # The page's ink without its ruling, made in place from the rulings' ink
    # (nothing reads that after this) and the mask freed: whole-page images
    # held while the engine reads, besides the page: the erased page and its ink.
    binary = rulings.binary
    del rulings
    cv2.bitwise_and(binary, cv2.bitwise_not(mask), dst=binary)  # the mask is 0 or 255
    del mask
    x0, top, x1, bottom = content_box(binary, page.dpi, settings)
    request = ReadRequest(psm=settings.page_psm, lang=settings.lang, chars=True)
    words = engine.read(clean[top:bottom, x0:x1], page.dpi, request)
    words = [w.shifted(x0, top) for w in words]
    return PageRead(page, grids, clean, binary, words)


def _reads_badly(read: PageRead, settings: ScanSettings) -> bool:
    return len(read.words) < settings.min_words or read.mean_confidence < settings.osd_below_confidence


def read_upright(page: PageImage, settings: ScanSettings, engine: OcrEngine) -> PageRead:
    """Read a prepared page; if it reads badly, turn it upright and keep the better read.

    Which way is up: Tesseract's OSD when it answers with confidence; when it
    fails or is unsure, the page itself (see :func:`fallback_turns`), each
    candidate turn read and the one read with the best confidence kept.
    """
    read = read_prepared(page, settings, engine)
    if not _reads_badly(read, settings):
        return read
    try:
        orientation = engine.orientation(read.clean, page.dpi)
    except Exception as exc:  # no OSD model, or OSD failed on this page
        log.debug("page %d: no OSD (%s)", page.page, exc)
        orientation = None
    if orientation is not None and orientation.confidence >= settings.osd_min_confidence:
        if orientation.rotate == 0:
            return read
        log.info("page %d: reads badly (mean confidence %.0f); OSD turns it %d° (confidence %.1f)",
                 page.page, read.mean_confidence, orientation.rotate, orientation.confidence)
        turns: tuple[int, ...] = (orientation.rotate,)
    else:
        turns = fallback_turns(page, settings)
        log.info("page %d: reads badly (mean confidence %.0f) and OSD %s; trying turns %s",
                 page.page, read.mean_confidence, "is unsure" if orientation else "failed", turns)
    best = read
    for clockwise in turns:
        # Straightened again: a page read on its side was deskewed on the wrong lines.
        upright, _ = deskew(turn(page, clockwise), settings.image)
        turned = read_prepared(upright, settings, engine)
        if turned.mean_confidence > best.mean_confidence:
            best = turned
    return best


def fallback_turns(page: PageImage, settings: ScanSettings) -> tuple[int, ...]:
    """The clockwise turns that may make a page upright, when OSD cannot say.

    A page whose text lines run top to bottom is turned a quarter one way or
    the other (90 or 270); a page whose lines run across but reads badly may
    be upside down (180). Which of the candidates is right is for the reads'
    confidence to say.
    """
    if text_runs_vertically(page.pixels, page.dpi, settings.image):
        return 90, 270
    return (180,)


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
    read.words = check_trailing_marks(check_strokes(read.words, binary, settings), binary, settings)
    read.words = check_dash_spaces(read.words, binary, settings)
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
