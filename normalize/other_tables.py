"""Tables that are not plan tables, kept as read: header levels and cells with their provenance."""
from __future__ import annotations

import regex

from extract.model import Cell, Table

from .columns import find_header, is_column_number_row
from .model import OtherCell, OtherTable
from .text import one_line

#: A sub-header cell ("Nam", "Nữ" under "Ngày sinh") is at most this long.
SUBHEADER_CELL_CHARS = 30
#: At most this many rows under the header are read as its lower levels.
MAX_SUBHEADER_ROWS = 2

#: At most this many lines (page numbers, a "(Kèm theo …)" note) between a title and its table.
TITLE_SKIP_LINES = 4

_DIGIT = regex.compile(r"\d")


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) / len(letters) >= 0.8


def other_table_title(before: list[str]) -> str:
    """The title printed just above a table: the run of capitalised lines that
    ends there ("DANH SÁCH CÁC TRƯỜNG …" over two lines), passing over page
    numbers and a parenthesised note ("(Kèm theo Quyết định số …)"); empty when
    running text comes first."""
    lines = [one_line(t) for t in before if one_line(t)]
    i = len(lines) - 1
    skipped, in_note = 0, False
    while i >= 0 and skipped < TITLE_SKIP_LINES:
        line = lines[i]
        if in_note or line.isdigit() or line.startswith("("):
            in_note = "(" not in line and (in_note or line.endswith(")"))
        elif line.endswith(")") and "(" not in line:
            in_note = True
        else:
            break
        skipped, i = skipped + 1, i - 1
    title: list[str] = []
    while i >= 0 and _is_upper(lines[i]):
        title.insert(0, lines[i])
        i -= 1
    return " ".join(title)


def _is_subheader(texts: list[str], above: list[str]) -> bool:
    """A lower header level: short texts without figures, fewer than the level above, some cells empty."""
    cells = [one_line(t) for t in texts]
    filled = [t for t in cells if t]
    return (bool(filled) and len(filled) < len([t for t in above if one_line(t)])
            and len(filled) < len(cells)
            and all(len(t) <= SUBHEADER_CELL_CHARS and not _DIGIT.search(t) for t in filled))


def header_row_count(rows: list[list[str]], classified: int) -> int:
    """How many leading rows are the header: what the classifier found, else a
    first row of several cells naming a known column; then any lower levels below it."""
    count = classified
    if count == 0 and rows and len([t for t in rows[0] if one_line(t)]) >= 2:
        first = find_header(rows[:1], min_names=1)
        count = 1 if first is not None else 0
    if count == 0:
        return 0
    for _ in range(MAX_SUBHEADER_ROWS):
        if count < len(rows) and (is_column_number_row(rows[count])
                                  or _is_subheader(rows[count], rows[count - 1])):
            count += 1
        else:
            break
    return count


def _cell(cell: Cell) -> OtherCell:
    return OtherCell(text=cell.text, page=cell.page,
                     bbox=list(cell.bbox) if cell.bbox is not None else None,
                     confidence=cell.confidence, origin=cell.origin)


def other_table(table: Table, table_id: str, title: str, header_rows: int,
                reasons: list[str]) -> OtherTable:
    """An other table from an extracted table whose first ``header_rows`` rows are its header."""
    return OtherTable(id=table_id, title=title, pages=table.pages,
                      header=[r.texts for r in table.rows[:header_rows]],
                      rows=[[_cell(c) for c in r.cells] for r in table.rows[header_rows:]],
                      reasons=list(reasons))
