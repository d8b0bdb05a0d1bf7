"""Read the text layer of PDF pages with pdfplumber.

Tables are found by their ruling lines (pdfplumber's "lines" strategy); the
text outside tables is returned as lines. A table that continues on the next
page is joined into one :class:`~extract.model.Table`, with the header rows
that the document repeats on every page dropped.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import regex

from .annotations import add_annotation_chars
from .model import Block, Cell, Line, Origin, Row, Table

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextLayerSettings:
    """How text-layer pages are read; every default is documented here."""

    #: pdfplumber table finder settings: ruled tables, with small tolerances so
    #: a line drawn a hair short still closes the cell.
    table_settings: dict = field(default_factory=lambda: {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "snap_tolerance": 3,
        "join_tolerance": 3,
        "intersection_tolerance": 3,
    })
    #: A page whose text layer has fewer visible characters than this has no
    #: usable text layer (a scan, or a scan with a stamp's text) and goes to OCR.
    min_chars: int = 20
    #: Share of characters that must be printable letters/digits/punctuation
    #: for the layer to count as usable (a legacy-font layer reads as symbols).
    min_printable_share: float = 0.6
    #: How many leading rows of a continued table are compared with the
    #: table's own first rows to drop the header that each page repeats.
    max_header_rows: int = 3
    #: Share of the page an image must cover for invisible text over it to be
    #: taken as an OCR layer (a scanner's or OCRmyPDF's text under a page image).
    ocr_image_cover: float = 0.5
    #: Fonts that only OCR programs write: Tesseract's PDF renderer draws its
    #: text in "GlyphLessFont". A page using one is an OCR layer whatever its render mode.
    ocr_fonts: tuple[str, ...] = ("GlyphLessFont",)
    #: Producer/creator names (lower case, matched as substrings) of scanner and OCR
    #: programs: a text layer they wrote was recognised from pixels, not typed.
    ocr_producers: tuple[str, ...] = (
        "ocrmypdf", "tesseract", "abbyy", "finereader", "paper capture", "readiris",
        "omnipage", "epson scan", "scansnap", "naps2", "kofax", "canon ir", "scan to pdf",
        "hp scan", "cardiris", "clearscan",
    )
    #: Fewest pages for which a file's pages are read by several worker
    #: processes (when more than one job is allowed): starting the workers
    #: costs about a second, a text page 0.05-0.2 s (extract/text_pages.py).
    pool_min_pages: int = 24
    #: Runs of contiguous pages per worker: a few, so that a worker that drew
    #: light pages takes another run while the other still reads heavy ones,
    #: and few enough that opening the file once per run stays cheap.
    pool_runs_per_worker: int = 4
    #: Parse each page with extract/content_stream.py (content streams cut into
    #: tokens by one C regular expression, read by pdfminer's own interpreter) and
    #: make pdfplumber's objects with extract/layout_objects.py: the very objects
    #: pdfplumber makes, in about half the time. False: pdfplumber parses the page
    #: itself (for comparison: bench/text_speed.py).
    fast_parse: bool = True


_INVISIBLE_TEXT = regex.compile(rb"(?<![\d.])3\s+Tr\b")


def _page_streams(page) -> bytes:
    """The raw content stream(s) of a pdfplumber page ('' when unreadable)."""
    try:
        contents = page.page_obj.contents
    except Exception:  # noqa: BLE001 - damaged streams are read as no stream
        return b""
    out = []
    for stream in contents or []:
        try:
            out.append(stream.get_data())
        except Exception:  # noqa: BLE001
            continue
    return b"\n".join(out)


def text_layer_origin(page, settings: TextLayerSettings) -> Origin:
    """Whether a page's text layer was typed ("text-layer") or recognised ("ocr-layer").

    An OCR layer is invisible text (render mode 3) over an image that covers
    most of the page, text in a font only OCR programs write, or a layer whose
    producer is a scanner or OCR program. Everything else is a born-digital
    layer: what a person typed.
    """
    fonts = {c.get("fontname", "") for c in page.chars}
    if any(marker.lower() in font.lower() for font in fonts for marker in settings.ocr_fonts):
        return "ocr-layer"
    metadata = getattr(getattr(page, "pdf", None), "metadata", None) or {}
    producer = " ".join(str(metadata.get(key, "")) for key in ("Producer", "Creator")).lower()
    if any(name in producer for name in settings.ocr_producers):
        return "ocr-layer"
    area = float(page.width) * float(page.height)
    covered = max((float(i["width"]) * float(i["height"]) for i in page.images), default=0.0)
    if area and covered / area >= settings.ocr_image_cover and _INVISIBLE_TEXT.search(_page_streams(page)):
        return "ocr-layer"
    return "text-layer"


def page_has_text_layer(page, settings: TextLayerSettings) -> bool:
    """Whether a pdfplumber page carries a usable text layer."""
    chars = [c["text"] for c in page.chars if c["text"].strip()]
    if len(chars) < settings.min_chars:
        return False
    printable = sum(1 for ch in chars if ch.isalnum() or ch in ".,;:-()/%–+\"'")
    return printable / len(chars) >= settings.min_printable_share


def _inside(bbox: tuple[float, float, float, float], x: float, y: float) -> bool:
    x0, top, x1, bottom = bbox
    return x0 <= x <= x1 and top <= y <= bottom


def read_text_page(page, page_number: int, settings: TextLayerSettings) -> list[Block]:
    """Tables and text lines of one page, ordered top to bottom.

    Text that the page's annotations draw (a number stamped by the signing
    system into "Số: ___") is read with the page's own text. Every cell and
    line records its origin (see :func:`text_layer_origin`).
    """
    origin = text_layer_origin(page, settings)
    if origin != "text-layer":
        log.info("page %d: the text layer is an OCR layer (recognised, not typed)", page_number)
    add_annotation_chars(page)
    placed: list[tuple[float, Block]] = []
    found = page.find_tables(table_settings=settings.table_settings)
    for found_table in found:
        texts = found_table.extract()
        rows: list[Row] = []
        for row_texts, row in zip(texts, found_table.rows):
            cells = [
                Cell(text=(text or "").strip(), page=page_number,
                     bbox=tuple(round(v, 2) for v in bbox) if bbox else None, origin=origin)
                for text, bbox in zip(row_texts, row.cells)
            ]
            rows.append(Row(cells=cells, page=page_number))
        if rows:
            placed.append((found_table.bbox[1], Table(rows=rows)))
    table_boxes = [t.bbox for t in found]
    for text_line in page.extract_text_lines(strip=True, return_chars=False):
        cx = (text_line["x0"] + text_line["x1"]) / 2
        cy = (text_line["top"] + text_line["bottom"]) / 2
        if any(_inside(box, cx, cy) for box in table_boxes):
            continue
        bbox = tuple(round(text_line[k], 2) for k in ("x0", "top", "x1", "bottom"))
        placed.append((text_line["top"], Line(text=text_line["text"], page=page_number, bbox=bbox, origin=origin)))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def _furniture_key(text: str) -> str:
    return regex.sub(r"\d+", "#", " ".join(text.split()))


def running_lines(blocks: list[Block]) -> set[str]:
    """Texts (digits masked) of lines printed on several pages: running headers and footers."""
    pages_by_text: dict[str, set[int]] = {}
    for block in blocks:
        if isinstance(block, Line) and block.page is not None:
            pages_by_text.setdefault(_furniture_key(block.text), set()).add(block.page)
    return {text for text, pages in pages_by_text.items() if len(pages) >= 2}


def _is_page_furniture(block: Block, running: set[str]) -> bool:
    """A page number, running header or footer between a table's two halves."""
    if not isinstance(block, Line):
        return False
    text = block.text.strip()
    return text.strip("-– ").isdigit() or _furniture_key(text) in running


def join_continued_tables(blocks: list[Block], settings: TextLayerSettings) -> list[Block]:
    """Join a table with its continuation on the next page.

    Two tables are one when nothing but page furniture stands between them,
    the second starts on a later page and both have the same number of
    columns. Leading rows of the continuation that repeat the table's first
    rows (the header printed on every page) are dropped.
    """
    running = running_lines(blocks)
    out: list[Block] = []
    last_table: Table | None = None
    furniture: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            if (last_table is not None and block.width == last_table.width
                    and block.rows and last_table.rows
                    and (block.rows[0].page or 0) > (last_table.rows[-1].page or 0)):
                rows = _drop_repeated_header(last_table, block.rows, settings.max_header_rows)
                if rows:
                    rows[0].break_before = True
                last_table.rows.extend(rows)
                furniture = []
                continue
            out.extend(furniture)
            furniture = []
            out.append(block)
            last_table = block
        elif last_table is not None and _is_page_furniture(block, running):
            furniture.append(block)
        else:
            out.extend(furniture)
            furniture = []
            out.append(block)
            last_table = None
    out.extend(furniture)
    return out


def _drop_repeated_header(table: Table, rows: list[Row], max_rows: int) -> list[Row]:
    def key(row: Row) -> list[str]:
        return [" ".join(t.split()) for t in row.texts]

    count = 0
    while (count < max_rows and count < len(rows) and count < len(table.rows)
           and key(rows[count]) == key(table.rows[count])):
        count += 1
    if count:
        log.debug("dropped %d repeated header row(s) on page %s", count, rows[0].page)
    return rows[count:]
