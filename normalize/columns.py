"""Map a plan table's columns to canonical fields by their header text.

Plans from different offices name, order and choose their columns freely
("TT"/"STT", "Nhiệm vụ"/"Nội dung", "Chủ trì"/"Đơn vị thực hiện", "Kinh phí
(triệu đồng)"/"Dự toán (đồng)" …). The synonyms live in data/columns.json.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from .money import budget_unit_from_header
from .text import one_line, strip_diacritics

FIELDS = ("item", "task", "products", "lead_units", "partner_units", "period", "budget")
#: The column order the glossary describes, used only for a table printed
#: without a header (its first page lost) that has exactly this many columns.
DEFAULT_ORDER = FIELDS
#: A header row must name at least this many known fields, one of them the task.
MIN_HEADER_FIELDS = 2
#: How many leading rows are searched for the header.
HEADER_SEARCH_ROWS = 4

_PUNCT = regex.compile(r"[^\p{L}\p{N} ]+")
_COLUMN_NUMBER = regex.compile(r"^\(?\d{1,2}\)?$|^\(?[a-z]\)?$|^\(\d+\)\s*=.*$")


@dataclass
class ColumnMap:
    """Which column holds which field; unmapped columns go to ``extra``."""

    fields: dict[int, str]  # column index -> canonical field
    extra: dict[int, str]  # column index -> header text
    headers: list[str]
    budget_unit: str = "million"
    assumed: bool = False  # no header found: the default order was assumed
    header_rows: int = 1  # rows the header (and a column-number row) take
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
    return " ".join(_PUNCT.sub(" ", strip_diacritics(text)).split())


def classify_header(text: str) -> str | None:
    """The canonical field a header names ("extra" for known non-plan columns)."""
    head = _key(regex.sub(r"\(.*?\)", " ", text)) or _key(text)
    if not head:
        return None
    best, best_len = None, 0
    for name, synonyms in _synonyms().items():
        for synonym in synonyms:
            if head == synonym or regex.search(rf"(?:^| ){regex.escape(synonym)}(?: |$)", head):
                if len(synonym) > best_len:
                    best, best_len = name, len(synonym)
    return best


def _map_row(texts: list[str]) -> tuple[dict[int, str], dict[int, str]]:
    fields: dict[int, str] = {}
    extra: dict[int, str] = {}
    for index, text in enumerate(texts):
        text = one_line(text)
        if not text:
            continue
        name = classify_header(text)
        if name in FIELDS and name not in fields.values():
            fields[index] = name
        else:
            extra[index] = text
    return fields, extra


def is_column_number_row(texts: list[str]) -> bool:
    """A row such as "(1) (2) (3) …" or "1 2 3 …" printed under the header."""
    values = [one_line(t) for t in texts if one_line(t)]
    return len(values) >= 3 and all(_COLUMN_NUMBER.match(v) for v in values)


def find_columns(rows: list[list[str]], width: int) -> ColumnMap:
    """Find the header among the first rows and map every column."""
    for index, texts in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields, extra = _map_row(texts)
        if len(fields) >= MIN_HEADER_FIELDS and "task" in fields.values():
            headers = [one_line(t) for t in texts] + [""] * (width - len(texts))
            budget_index = next((i for i, f in fields.items() if f == "budget"), None)
            unit = budget_unit_from_header(headers[budget_index]) if budget_index is not None else "million"
            header_rows = index + 1
            if header_rows < len(rows) and is_column_number_row(rows[header_rows]):
                header_rows += 1
            return ColumnMap(fields=fields, extra=extra, headers=headers,
                             budget_unit=unit, header_rows=header_rows)
    if width >= len(DEFAULT_ORDER):
        notes = [f"no header row found; assumed the usual column order {', '.join(DEFAULT_ORDER)}"]
        return ColumnMap(fields=dict(enumerate(DEFAULT_ORDER)), extra={},
                         headers=[""] * width, assumed=True, header_rows=0, notes=notes)
    return ColumnMap(fields={}, extra={}, headers=[""] * width, assumed=True, header_rows=0,
                     notes=["no header row found and the table is not in the usual layout"])
