"""Name a table's columns by their header text.

Plans from different offices name, order and choose their columns freely
("TT"/"STT", "Nhiệm vụ"/"Nội dung", "Chủ trì"/"Đơn vị thực hiện", "Kinh phí
(triệu đồng)"/"Dự toán (đồng)" …). The synonyms live in data/columns.json,
with the header words of tables that are not plans (staff lists, scoring
guides, comment tables: "Họ và tên", "Điểm tối đa", "Ý kiến" …), which are
evidence against a plan (see normalize/classify.py).

Header words read by OCR are matched as OCR misreads them: both sides are
compared after an OCR-confusion fold (S/5, T/I/1/l, O/0) and with their
spaces removed: a whole cell equal to a synonym ("S TT", "Tiếnđộ", "Chủtrì"),
or a long synonym inside a cell ("Nộidungcôngviệc").
Nothing looser: no edit distance, which would let anything match anything.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from .money import budget_unit_from_header
from .text import one_line, strip_diacritics

FIELDS = ("item", "task", "products", "lead_units", "partner_units", "period", "budget_million_vnd")
#: A column naming both the lead and the partner units ("Đơn vị chủ trì/phối hợp"):
#: evidence of a plan, but kept as an extra column under its own header, since
#: the document does not say which of its units leads.
COMBINED_UNITS = "lead_or_partner_units"
#: Header words of tables that are not plans.
NOT_PLAN = "not_plan"
#: How many leading rows are searched for the header.
HEADER_SEARCH_ROWS = 4
#: A synonym with at least this many letters may also match a header whose words
#: OCR joined ("Nộidungcôngviệc").
JOINED_SYNONYM_LETTERS = 7
#: A cell longer than this (characters) is body text, never a header.
HEADER_CELL_CHARS = 90

_PUNCT = regex.compile(r"[^\p{L}\p{N} ]+")
_NUMBER_CELL = regex.compile(r"^\d{1,3}(?:[.,]\d+)*\.?$")
_COLUMN_NUMBER = regex.compile(r"^\(?\d{1,2}\)?$|^\(?[a-z]\)?$|^\(\d+\)\s*=.*$")
#: Characters OCR confuses in header words, folded to one representative.
_OCR_FOLD = str.maketrans({"5": "s", "i": "t", "1": "t", "l": "t", "|": "t", "!": "t", "0": "o"})


@dataclass
class ColumnMap:
    """Which column holds which field; unmapped columns go to ``extra``."""

    fields: dict[int, str]  # column index -> canonical field
    extra: dict[int, str]  # column index -> header text
    headers: list[str]
    budget_unit: str = "million"
    header_rows: int = 1  # rows the header (its levels and a column-number row) take
    #: "header" when the header named the columns, "content" when a table
    #: printed without a header had its columns recognised by their content.
    recognised_by: str = "header"
    notes: list[str] = field(default_factory=list)

    def index_of(self, name: str) -> int | None:
        for index, mapped in self.fields.items():
            if mapped == name:
                return index
        return None

    def field_headers(self) -> dict[str, str]:
        return {name: self.headers[i] for i, name in sorted(self.fields.items())}


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, list[str]]:
    text = resources.files("normalize").joinpath("data/columns.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {key: [_key(s) for s in values] for key, values in data.items() if not key.startswith("_")}


def _key(text: str) -> str:
    """Lower case, no diacritics, no punctuation, OCR confusions folded, single-spaced."""
    return " ".join(_PUNCT.sub(" ", strip_diacritics(text)).translate(_OCR_FOLD).split())


def _letters(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def _matches(head: str, synonym: str) -> bool:
    if head == synonym or regex.search(rf"(?:^| ){regex.escape(synonym)}(?: |$)", head):
        return True
    joined_head, joined_synonym = head.replace(" ", ""), synonym.replace(" ", "")
    if joined_head == joined_synonym:  # the whole cell, its spaces lost or added ("Tiếnđộ", "S TT")
        return True
    return len(joined_synonym) >= JOINED_SYNONYM_LETTERS and joined_synonym in joined_head


def classify_header(text: str) -> str | None:
    """What a header cell names: a field, COMBINED_UNITS, NOT_PLAN, "extra"
    (known columns of no field, such as "Ghi chú"), or None (unknown)."""
    head = _key(regex.sub(r"\(.*?\)", " ", text)) or _key(text)
    if not head:
        return None
    best, best_len = None, 0
    for name, synonyms in _synonyms().items():
        for synonym in synonyms:
            if _matches(head, synonym) and len(synonym) > best_len:
                best, best_len = name, len(synonym)
    return best


@dataclass
class HeaderRow:
    """One row read as a header: what each of its cells names."""

    index: int  # row index in the table
    names: dict[int, str]  # column index -> what classify_header() said (None left out)
    texts: list[str]

    @property
    def fields(self) -> dict[int, str]:
        """The plan fields, each taken by its first column only."""
        out: dict[int, str] = {}
        for column, name in sorted(self.names.items()):
            if name in FIELDS and name not in out.values():
                out[column] = name
        return out

    def count(self, name: str) -> int:
        return sum(1 for n in self.names.values() if n == name)


def read_header_row(texts: list[str], index: int) -> HeaderRow:
    """What the cells of a row name, read as a header; a row holding numbers or
    long texts is a body row and names nothing."""
    cells = [one_line(t) for t in texts]
    names: dict[int, str] = {}
    if not any(_NUMBER_CELL.match(t) or len(t) > HEADER_CELL_CHARS for t in cells):
        for column, text in enumerate(cells):
            name = classify_header(text) if text else None
            if name is not None:
                names[column] = name
    return HeaderRow(index=index, names=names, texts=cells)


def find_header(rows: list[list[str]], min_names: int = 2) -> HeaderRow | None:
    """The leading row whose cells name the most known columns (at least ``min_names``)."""
    best: HeaderRow | None = None
    for index, texts in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = read_header_row(texts, index)
        if len(header.names) >= min_names and (best is None or len(header.names) > len(best.names)):
            best = header
    return best


def with_lower_level(rows: list[list[str]], header: HeaderRow) -> HeaderRow:
    """The header with its lower level, when the row below it is one.

    A two-level header puts a title in a merged cell over some columns
    ("Đơn vị" over "Chủ trì" | "Phối hợp"); the merged cell's text stands in its
    first column, the others are empty. The row below is a lower level when
    every cell it fills names a known column and stands under a merged cell
    (where the header row is empty, or in the first column of such a run).
    Its names then replace the title's, and the header takes both rows.
    """
    index = header.index + 1
    if index >= len(rows):
        return header
    lower = read_header_row(rows[index], index)
    filled = [column for column, text in enumerate(lower.texts) if text]
    uppers = header.texts + [""] * (len(lower.texts) - len(header.texts))
    def under_merged(column: int) -> bool:  # the merged cell's first column or one it covers
        return not uppers[column] or (column + 1 < len(uppers) and not uppers[column + 1]
                                      and column + 1 in lower.names)

    if (not lower.names or any(column not in lower.names for column in filled)
            or not all(under_merged(column) for column in lower.names)):
        return header
    names = {column: name for column, name in header.names.items() if column not in lower.names}
    names.update(lower.names)
    texts = [lower.texts[column] if column in lower.names else text for column, text in enumerate(uppers)]
    return HeaderRow(index=index, names=names, texts=texts)


def is_column_number_row(texts: list[str]) -> bool:
    """A row such as "(1) (2) (3) …" or "1 2 3 …" printed under the header."""
    values = [one_line(t) for t in texts if one_line(t)]
    return len(values) >= 3 and all(_COLUMN_NUMBER.match(v) for v in values)


def header_map(header: HeaderRow, width: int, header_rows: int) -> ColumnMap:
    """The column map a header row gives (the classifier has decided it is a plan's)."""
    headers = header.texts + [""] * (width - len(header.texts))
    fields = header.fields
    extra = {i: headers[i] for i in range(len(header.texts)) if i not in fields and headers[i]}
    budget_index = next((i for i, f in fields.items() if f == "budget_million_vnd"), None)
    unit = budget_unit_from_header(headers[budget_index]) if budget_index is not None else "million"
    return ColumnMap(fields=fields, extra=extra, headers=headers, budget_unit=unit,
                     header_rows=header_rows)
