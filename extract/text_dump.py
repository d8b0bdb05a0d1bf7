"""Read an OCR text dump: running text, with tables as tab-separated lines.

This is the format that OCR services and "PDF to text" converters write: one
line per table row with cells separated by tabs, blank lines where the page
ended, and continuation lines (a row split by the page break) whose first cell
is empty. Cell text is returned as read; cleaning it is normalize/'s job.
"""
from __future__ import annotations

import logging
from pathlib import Path

from .errors import CorruptFile
from .model import Block, Cell, Extraction, Line, Row, Table

log = logging.getLogger(__name__)

CELL_SEPARATOR = "\t"
ENCODINGS = ("utf-8-sig", "utf-16")


def decode_text(data: bytes, name: str) -> str:
    """Decode a text dump; a file that is not text is corrupt, not garbage."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorruptFile(f"{name}: binary data, not a text dump")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CorruptFile(f"{name}: not UTF-8 or UTF-16 text")


def parse_text_dump(text: str) -> list[Block]:
    """Split a dump into text lines and tables, in reading order.

    A table is a run of tab-separated lines; blank lines inside the run mark a
    page break (``Row.break_before``); any other line ends the table.
    """
    blocks: list[Block] = []
    table: Table | None = None
    pending_break = False
    for raw in text.splitlines():
        line = raw.rstrip("\r\n")
        if CELL_SEPARATOR in line:
            cells = [Cell(text=part.strip(), origin="text-dump") for part in line.split(CELL_SEPARATOR)]
            if not any(c.text for c in cells):
                pending_break = table is not None
                continue
            if table is None:
                table = Table(rows=[])
                blocks.append(table)
                pending_break = False
            table.rows.append(Row(cells=cells, break_before=pending_break))
            pending_break = False
        elif not line.strip():
            pending_break = table is not None
        else:
            table = None
            pending_break = False
            blocks.append(Line(text=line.strip(), origin="text-dump"))
    return blocks


def read_text_dump(path: Path, sha256: str, data: bytes) -> Extraction:
    text = decode_text(data, path.name)
    blocks = parse_text_dump(text)
    log.debug("%s: %d blocks, %d tables", path.name, len(blocks),
              sum(isinstance(b, Table) for b in blocks))
    return Extraction(path=str(path), sha256=sha256, pages=None, method="text-dump", blocks=blocks)
