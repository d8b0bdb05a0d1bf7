"""The labels that mark a plan table's special rows ("Tổng cộng", "Cộng"), as OCR prints them.

Labels are compared without case, marks or punctuation, and with OCR's digits
inside words read as letters ("T0NG C0NG"); a label may be followed by a
section code or "mục …" ("Tổng cộng mục II"), and by its amount in the same
cell ("Tổng cộng: 50.000"). The words are in ``data/table_words.json``.
"""
from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import regex

from .money import parse_money
from .text import one_line, strip_diacritics


@lru_cache(maxsize=1)
def table_words() -> dict:
    """data/table_words.json: the labels of total and subtotal rows, section letters."""
    text = resources.files("normalize").joinpath("data/table_words.json").read_text(encoding="utf-8")
    return json.loads(text)


#: OCR's digit-for-letter misreads inside a word ("T0NG C0NG", "k1nh phí").
_OCR_LETTERS = str.maketrans({"0": "o", "1": "i", "5": "s", "|": "l"})


_NOT_WORD = regex.compile(r"[^\p{L}\p{N}| ]+")
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\d")


@lru_cache(maxsize=8192)
def _label_key(text: str) -> str:
    """A label's text as compared: no case, marks or punctuation, OCR's digits in words read as letters."""
    words = _NOT_WORD.sub(" ", strip_diacritics(text)).split()
    return " ".join(w.translate(_OCR_LETTERS) if _LETTER.search(w) else w for w in words)


@lru_cache(maxsize=None)
def _label_pattern(bare: str):
    """A label followed by a section code, a letter, a number or "mục …"/"các …" ("tong cong muc ii")."""
    return regex.compile(rf"^{regex.escape(bare)}(?: (?:[ivxlc]+|[a-h]|\d+|muc .*|cac .*))*$")


def _label_match(text: str, labels: list[str]) -> bool:
    key = _label_key(text)
    for label in labels:
        bare = _label_key(label)
        if key == bare or key.replace(" ", "") == bare.replace(" ", ""):
            return True
        if _label_pattern(bare).match(key):
            return True
    return False


def amount_after_label(text: str, labels: list[str], unit: str) -> tuple[bool, str]:
    """Whether ``text`` is a total label, and the amount printed after it ("Tổng cộng: 50.000").

    The label is everything before the first digit; the amount what follows,
    when it reads as money ("" when there is none).
    """
    match = _DIGIT.search(text)
    if match is None:
        return _label_match(text, labels), ""
    label, rest = text[:match.start()], text[match.start():]
    if not label.strip() or not _label_match(label, labels):
        return _label_match(text, labels), ""
    # The amount runs to the end, or to a bracket ("(Bằng chữ: …)"), a semicolon
    # or a comma before more words (", trong đó …"); anything else is not an amount.
    amount = regex.split(r"\(|;|,\s", rest)[0].strip().rstrip(".")
    if parse_money(amount, unit).million_vnd is not None:
        return True, amount
    return False, ""


def find_total_line(text: str, unit: str = "million") -> tuple[Decimal, str] | None:
    """A total printed as a line of text near a table: "Tổng cộng: 50.000 triệu đồng"."""
    is_total, amount = amount_after_label(one_line(text), table_words()["total_labels"], unit)
    if not is_total or not amount:
        return None
    money = parse_money(amount, unit)
    return (money.million_vnd, amount) if money.million_vnd is not None else None
