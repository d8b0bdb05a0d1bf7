"""extract/: files in, raw tables and text lines out.

``extract_file(path)`` chooses the reader by the file's content: PDFs go
through pdfplumber page by page (pages without a usable text layer go to OCR),
images go to OCR, and text files are read as OCR text dumps.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .errors import (CorruptFile, EncryptedFile, ExtractError, FileTooLarge, OcrUnavailable, PageTooLarge,
                     UnsupportedFileType)
from .model import Block, Cell, Extraction, Line, Row, Table
from .pdf_text import TextLayerSettings, join_continued_tables
from .text_dump import TextDumpSettings, read_text_dump
from .text_pages import PageDecoder, pool_jobs, read_pages, read_pages_pooled

if TYPE_CHECKING:
    from .engine import OcrEngine
    from .page_pool import PageMap
    from .scan_settings import ScanSettings

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".tsv"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}

__all__ = [
    "Block", "Cell", "CorruptFile", "EncryptedFile", "ExtractError", "Extraction", "FileTooLarge", "Line",
    "OcrUnavailable", "PageTooLarge", "Row", "Table", "TextLayerSettings", "UnsupportedFileType",
    "extract_file", "file_kind",
]


def file_kind(path: Path, head: bytes) -> str:
    """"pdf", "image" or "text", from the file's first bytes, else its suffix."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf"  # claims to be a PDF but has no PDF header
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise UnsupportedFileType(f"{path.name}: unsupported file type {suffix or '(no suffix)'}")


#: Told (pages read so far, pages in the file) as each page is read, for a progress bar.
PageProgress = Callable[[int, int], None]


def extract_file(path: str | Path, settings: TextLayerSettings | None = None,
                 jobs: int | None = None, decode_page: PageDecoder | None = None,
                 scan: "ScanSettings | None" = None, engine: "OcrEngine | None" = None,
                 on_page: PageProgress | None = None, page_map: "PageMap | None" = None) -> Extraction:
    """Read one file into an :class:`Extraction`.

    ``jobs`` is how many pages are read at once (default: all cores; text
    pages only in files of at least ``settings.pool_min_pages`` pages);
    ``decode_page`` decides how each text-layer page is read (see PageDecoder);
    ``scan`` how scanned pages are read and ``engine`` the OCR engine that
    reads them (defaults: extract.scan_settings.ScanSettings(), Tesseract);
    ``on_page`` is told of every page read (see PageProgress); ``page_map``
    runs the OCR of the pages instead of the local pool (extract/page_pool.py).
    """
    ocr = {"settings": scan, "engine": engine, "page_map": page_map}
    path = Path(path)
    with path.open("rb") as handle:
        kind = file_kind(path, handle.read(8))
    if kind == "text":
        limit = TextDumpSettings().max_bytes
        size = path.stat().st_size
        if size > limit:  # refused before it is read into memory
            raise FileTooLarge(f"{path.name}: a text dump of {size / 2**20:.1f} MiB, over the limit of "
                               f"{limit / 2**20:.0f} MiB")
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    if kind == "text":
        return read_text_dump(path, sha256, data)
    if kind == "pdf":
        return _read_pdf(path, sha256, settings or TextLayerSettings(), jobs, decode_page, ocr, on_page)
    return _read_image(path, sha256, settings or TextLayerSettings(), jobs, ocr, on_page)


def _read_image(path: Path, sha256: str, settings: TextLayerSettings, jobs: int | None,
                ocr: dict | None = None, on_page: PageProgress | None = None) -> Extraction:
    """An image file (PNG, JPEG, TIFF, multi-page TIFF): every frame is OCR'd.

    The frames' sizes are checked from the headers first: one over the pixel
    limit refuses the file (PageTooLarge) before anything is decoded; one too
    small to hold text is skipped with a warning.
    """
    from .page_image import PageImageSettings
    from .page_files import image_file_pages
    from .scan import harmonize_continuations, ocr_pages

    image_settings = PageImageSettings()
    frames = image_file_pages(path, image_settings)
    warnings = [f"page {f.number} is {f.width} × {f.height} pixels, too small to hold text; skipped"
                for f in frames if min(f.width, f.height) < image_settings.min_page_side]
    numbers = [f.number for f in frames if min(f.width, f.height) >= image_settings.min_page_side]
    pages = ocr_pages(path, "image", numbers, jobs=jobs, **(ocr or {}),
                      on_page=(lambda done: on_page(done, len(numbers))) if on_page else None) if numbers else {}
    blocks: list[Block] = [block for number in numbers for block in pages[number]]
    blocks = join_continued_tables(harmonize_continuations(blocks), settings)
    return Extraction(path=str(path), sha256=sha256, pages=len(frames), method="ocr",
                      blocks=blocks, page_methods={number: "ocr" for number in numbers}, warnings=warnings)


def _read_pdf(path: Path, sha256: str, settings: TextLayerSettings, jobs: int | None = None,
              decode_page: PageDecoder | None = None, ocr: dict | None = None,
              on_page: PageProgress | None = None) -> Extraction:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedFile(f"{path.name}: encrypted PDF ({exc.__class__.__name__})") from exc
    except PDFSyntaxError as exc:
        raise CorruptFile(f"{path.name}: not a readable PDF ({exc})") from exc
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        # pdfplumber wraps pdfminer's errors: look at the wrapped one too.
        causes = [exc, *(a for a in exc.args if isinstance(a, BaseException))]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes) \
                or "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise EncryptedFile(f"{path.name}: encrypted PDF (a password is needed)") from exc
        raise CorruptFile(f"{path.name}: not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    page_blocks: dict[int, list[Block]] = {}
    page_methods: dict[int, str] = {}

    def record(number: int, decoded: list[Block] | None) -> None:
        page_methods[number] = "ocr" if decoded is None else "text-layer"
        if decoded is not None:
            page_blocks[number] = decoded
            if on_page:
                on_page(len(page_blocks), page_count)

    with pdf:
        try:
            page_count = len(pdf.pages)
        except Exception as exc:
            raise CorruptFile(f"{path.name}: damaged page tree ({exc})") from exc
        workers = pool_jobs(page_count, jobs, settings)
        if workers == 1:
            for number, decoded in read_pages(pdf, range(1, page_count + 1), settings, decode_page):
                record(number, decoded)
    if workers > 1:  # the file is closed here: each worker opens it
        for number, decoded in read_pages_pooled(path, page_count, workers, settings, decode_page):
            record(number, decoded)
    scanned = [number for number, method in page_methods.items() if method == "ocr"]
    if scanned:
        from .scan import harmonize_continuations, ocr_pages

        log.info("%s: OCR of %d page(s) without a usable text layer", path.name, len(scanned))
        read = len(page_blocks)
        page_blocks.update(ocr_pages(path, "pdf", scanned, jobs=jobs, **(ocr or {}),
                                     on_page=(lambda done: on_page(read + done, page_count)) if on_page else None))
    blocks: list[Block] = [block for number in sorted(page_blocks) for block in page_blocks[number]]
    if scanned:
        blocks = harmonize_continuations(blocks)
    blocks = join_continued_tables(blocks, settings)
    methods = set(page_methods.values())
    method = "ocr" if methods == {"ocr"} else "text-layer"
    return Extraction(path=str(path), sha256=sha256, pages=page_count, method=method,
                      blocks=blocks, page_methods=page_methods)
