"""The object model that extract/ hands to normalize/.

An extraction is the reading order of a file as a list of blocks: text lines
and tables. A table is rows of cells; every cell carries its page, its bounding
box in PDF points (origin top-left, as pdfplumber's ``top``/``bottom``) and, for
OCR, a confidence between 0 and 100. Nothing here knows about plans or about
Vietnamese: that is normalize/'s job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Method = Literal["text-layer", "ocr", "text-dump"]
BBox = tuple[float, float, float, float]

#: Where a text came from, which decides whether it may carry OCR errors:
#:
#: - ``text-layer``: a born-digital text layer, typed by a person; kept exactly as typed.
#: - ``ocr``: kehoach's own OCR of a page image (word confidences known).
#: - ``ocr-layer``: an OCR text layer inside the PDF (invisible text over a page
#:   image, or a page written by a scanner's OCR); recognised from pixels by someone else.
#: - ``text-dump``: a plain-text OCR dump (no confidences).
Origin = Literal["text-layer", "ocr", "ocr-layer", "text-dump"]
#: Origins whose text was recognised from pixels and so may be repaired.
RECOGNISED_ORIGINS: frozenset[str] = frozenset({"ocr", "ocr-layer", "text-dump"})


@dataclass(frozen=True, slots=True)
class WordRead:
    """One word of a cell or line as OCR read it, with its confidence (0..100)."""

    text: str
    confidence: float


@dataclass(slots=True)
class Cell:
    """One table cell as read from the page."""

    text: str
    page: int | None = None
    bbox: BBox | None = None
    confidence: float | None = None  # 0..100 for OCR, None for text layers
    origin: Origin = "text-layer"
    #: The words in reading order with their OCR confidences (kehoach's own OCR only).
    words: tuple[WordRead, ...] = ()


@dataclass(slots=True)
class Row:
    """One table row.

    ``break_before`` is true when a page break separates this row from the
    previous row of the same table (in an OCR text dump: a blank line), which is
    where a row split by a page break continues.
    """

    cells: list[Cell]
    page: int | None = None
    break_before: bool = False

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(slots=True)
class Table:
    """A table, possibly spanning pages; repeated header rows already dropped."""

    rows: list[Row]

    @property
    def pages(self) -> list[int]:
        return sorted({r.page for r in self.rows if r.page is not None})

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


@dataclass(slots=True)
class Line:
    """A line of running text outside tables."""

    text: str
    page: int | None = None
    bbox: BBox | None = None
    confidence: float | None = None
    origin: Origin = "text-layer"
    words: tuple[WordRead, ...] = ()


Block = Union[Line, Table]


@dataclass(slots=True)
class Extraction:
    """Everything extract/ read from one file."""

    path: str
    sha256: str
    pages: int | None
    method: Method
    blocks: list[Block] = field(default_factory=list)
    page_methods: dict[int, Method] = field(default_factory=dict)
    #: What was recovered from while reading (the file was read): an invalid
    #: byte replaced, a page read at a lower resolution …
    warnings: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def lines(self) -> list[Line]:
        return [b for b in self.blocks if isinstance(b, Line)]
