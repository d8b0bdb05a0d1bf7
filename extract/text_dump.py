"""Read an OCR text dump: running text, with tables as tab-separated lines.

This is the format that OCR services and "PDF to text" converters write: one
line per table row with cells separated by tabs, blank lines where the page
ended, and continuation lines (a row split by the page break) whose first cell
is empty. Cell text is returned as read; cleaning it is normalize/'s job.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .errors import CorruptFile, FileTooLarge, UnsupportedFileType
from .model import Block, Cell, Extraction, Line, Row, Table

log = logging.getLogger(__name__)

CELL_SEPARATOR = "\t"
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class TextDumpSettings:
    """How text dumps are decoded; every default is documented here."""

    #: Largest text dump read, in bytes. Reading is linear in the size (about
    #: 2-4 s a MiB on one core, mostly OCR repair), so 32 MiB (some 650 times
    #: the seed bundle) stays within the default 600-s time limit.
    max_bytes: int = 32 * 1024 * 1024
    #: Share of bytes that may be invalid UTF-8: each is replaced by U+FFFD and
    #: the file read with a warning (a stray byte from a transfer). More than
    #: this and the file is in another encoding, which is refused with the
    #: command that converts it (guessing an 8-bit encoding would be confidently wrong).
    max_invalid_share: float = 0.001
    #: At least this many invalid bytes are always tolerated (one stray byte in a small file).
    min_invalid_tolerated: int = 3
    #: UTF-16 without a byte-order mark is recognised by its zero bytes: at least this
    #: share of the high bytes (every second byte) are zero, and almost none of the others.
    utf16_zero_share: float = 0.2
    #: Bytes looked at to recognise the encoding.
    sniff_bytes: int = 65536


def _utf16_without_bom(data: bytes, settings: TextDumpSettings) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a BOM."""
    head = data[:settings.sniff_bytes]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_zero, odd_zero = even.count(0) / len(even), odd.count(0) / max(1, len(odd))
    if odd_zero >= settings.utf16_zero_share and even_zero < 0.02:
        return "utf-16-le"
    if even_zero >= settings.utf16_zero_share and odd_zero < 0.02:
        return "utf-16-be"
    return None


def _utf16(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CorruptFile(f"{name}: damaged UTF-16 text (invalid data at byte {exc.start})") from exc


def _looks_like_text(text: str) -> bool:
    """No control characters but tabs and line ends: text, not binary data read as UTF-16."""
    sample = text[:4096]
    return not any(ord(c) < 32 and c not in "\t\r\n" for c in sample)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, name: str, settings: TextDumpSettings | None = None) -> tuple[str, list[str]]:
    """The text of a dump and the warnings of what was recovered.

    UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one when
    its zero bytes show it); a few stray invalid UTF-8 bytes are replaced by
    U+FFFD and reported; anything else is refused with the words that say why.
    """
    settings = settings or TextDumpSettings()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(data, "utf-16", name), []
    utf16 = _utf16_without_bom(data, settings)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = None
        if text is not None and _looks_like_text(text):
            return text, [f"UTF-16 text without a byte-order mark, read as {utf16.upper()}"]
    if b"\x00" in data[:settings.sniff_bytes]:
        raise CorruptFile(f"{name}: binary data (zero bytes), not a text dump")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8-sig", errors="replace")
    invalid = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode("utf-8"))
    allowed = max(settings.min_invalid_tolerated, int(settings.max_invalid_share * len(data)))
    where = f"first at byte {first}, line {_line_of(data, first)}"
    if invalid > allowed:
        raise UnsupportedFileType(
            f"{name}: not UTF-8 or UTF-16 text ({invalid} invalid bytes of {len(data)}, {where}); "
            "if it is in an 8-bit Vietnamese encoding, convert it first, e.g. "
            "`iconv -f WINDOWS-1258 -t UTF-8 in.txt > out.txt`")
    return text, [f"{invalid} invalid UTF-8 byte(s) replaced by U+FFFD ({where})"]


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


def read_text_dump(path: Path, sha256: str, data: bytes, settings: TextDumpSettings | None = None) -> Extraction:
    settings = settings or TextDumpSettings()
    if len(data) > settings.max_bytes:
        raise FileTooLarge(f"{path.name}: a text dump of {len(data) / 2**20:.1f} MiB, over the limit of "
                           f"{settings.max_bytes / 2**20:.0f} MiB")
    text, warnings = decode_text(data, path.name, settings)
    for warning in warnings:
        log.info("%s: %s", path.name, warning)
    blocks = parse_text_dump(text)
    log.debug("%s: %d blocks, %d tables", path.name, len(blocks),
              sum(isinstance(b, Table) for b in blocks))
    return Extraction(path=str(path), sha256=sha256, pages=None, method="text-dump", blocks=blocks,
                      warnings=warnings)
