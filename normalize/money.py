"""Amounts of money as Vietnamese plans print them.

Conventions (see GLOSSARY.md): a dot groups thousands and a comma is the
decimal mark (``1.080`` = 1080, ``1,5`` = 1.5); a space inside a number groups
thousands too (``1 080``). Budget columns name their unit in the header
(``Kinh phí (triệu đồng)``); a unit word inside a cell (``10 triệu``,
``2.500.000.000 đồng``) overrides the column's unit. Every amount is returned
in million VND as a :class:`~decimal.Decimal` without trailing zeros.

Totals are also written in words (``(Bằng chữ: Một tỉ không trăm tám mươi
triệu đồng)``); :func:`parse_amount_in_words` reads them strictly and returns
``None`` rather than guess.

The vocabulary lives in ``normalize/data/money.json``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

from .model import Money
from .text import nfc

__all__ = [
    "budget_unit_from_header",
    "parse_money",
    "parse_amount_in_words",
    "find_amount_in_words",
    "vnd_to_million",
]

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u3000]+")
# Digits grouped by dots, commas or by single spaces followed by exactly three digits.
_NUMBER = re.compile(r"\d+(?:(?:[.,]|[ ](?=\d{3}(?!\d)))\d+)*")
_DASHES = "-\u2013\u2014\u2212"
_LETTER = re.compile(r"[^\W\d_]")


# -- data -----------------------------------------------------------------

@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("normalize").joinpath("data/money.json").read_text(encoding="utf-8")
    return json.loads(text)


def _fold(text: str) -> str:
    """NFC, look-alike letters fixed, lower case, whitespace collapsed.

    Keeps diacritics. The result has the same length as ``_clean(text)``.
    """
    return "".join(_lower1(ch) for ch in _clean(text))


def _lower1(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def _clean(text: str) -> str:
    """NFC, look-alike letters fixed, whitespace collapsed, stripped."""
    return _SPACES.sub(" ", nfc(text)).strip()


def _bare(ch: str) -> str:
    """One character without its marks, lower case (đ -> d); length-preserving."""
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return "d" if base in ("đ", "\u00f0") else base


@lru_cache(maxsize=1)
def _unit_words() -> list[tuple[str, str]]:
    """(folded word, unit) pairs, longest word first."""
    pairs = [(_fold(word), unit) for unit, words in _data()["unit_words"].items() for word in words]
    return sorted(pairs, key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def _factors() -> dict[str, Decimal]:
    return {unit: Decimal(v) for unit, v in _data()["unit_factors_million"].items()}


def _bounded_at(text: str, word: str, pos: int) -> bool:
    """``word`` occurs at ``pos`` of ``text`` and is not part of a longer word.

    Digits may touch a word (``10tr``, ``100.000đ``); letters may not.
    """
    if not text.startswith(word, pos):
        return False
    end = pos + len(word)
    if end < len(text) and _LETTER.match(text[end]) and _LETTER.match(word[-1]):
        return False
    return not (pos > 0 and _LETTER.match(text[pos - 1]) and _LETTER.match(word[0]))


def _tidy(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and without an exponent for integers."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# -- column unit ----------------------------------------------------------

def header_unit(header: str) -> str | None:
    """The unit of VND a column's header names ("dong", "thousand", "million", "billion"), or None.

    ``Kinh phí (triệu đồng)`` / ``tr.đ`` -> "million"; ``nghìn đồng`` / ``ngàn
    đồng`` -> "thousand"; ``tỷ đồng`` / ``tỉ đồng`` -> "billion"; ``đồng`` /
    ``VNĐ`` alone -> "dong"; ``Tỷ lệ (%)`` -> None. Case and Unicode form (NFC/NFD) do not matter.
    """
    folded = _fold(header)
    for phrase in _data()["header_not_units"]:
        folded = folded.replace(_fold(phrase), " ")
    for word, unit in _unit_words():
        start = folded.find(word)
        while start >= 0:
            if _bounded_at(folded, word, start):
                return unit
            start = folded.find(word, start + 1)
    return None


def budget_unit_from_header(header: str) -> str:
    """The unit a budget column's header names (see :func:`header_unit`); a header that names
    none gives the plans' usual unit, "million"."""
    return header_unit(header) or str(_data()["default_header_unit"])


# -- numbers in cells -----------------------------------------------------

def _interpret_number(digits: str, unit: str) -> Decimal | None:
    """Read one printed number (digits with '.', ',' or ' ' between them).

    Vietnamese convention first: '.' groups thousands, ',' is the decimal mark.
    A single '.' not followed by exactly three digits (``1.5``) or after a
    lone ``0`` (``0.500``) is an English-style decimal point. Several commas
    in three-digit groups (``1,234,567``) can only be English grouping. In a
    column counted in đồng, where fractions do not exist, ``1,500`` is 1500.
    Returns ``None`` for digit strings that fit no convention (``1.2.3``,
    ``29.5.2018``).
    """
    digits = digits.replace(" ", "")
    dots, commas = digits.count("."), digits.count(",")

    def grouped(text: str, sep: str) -> str | None:
        """Remove thousands separators when every group after the first has three digits."""
        groups = text.split(sep)
        if 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            return "".join(groups)
        return None

    plain: str | None
    if not dots and not commas:
        plain = digits
    elif dots and not commas:
        head, _, tail = digits.partition(".")
        if dots == 1 and (len(tail) != 3 or head == "0" or len(head) > 3):
            plain = digits  # English decimal point: 1.5, 0.500, 1080.000
        else:
            plain = grouped(digits, ".")
    elif commas and not dots:
        head, _, tail = digits.partition(",")
        if commas == 1:
            if unit == "dong" and len(tail) == 3 and head != "0" and len(head) <= 3:
                plain = head + tail  # no fractions of a đồng: 1,500 đồng is 1500
            else:
                plain = head + "." + tail
        else:
            plain = grouped(digits, ",")
    elif commas == 1 and digits.rfind(",") > digits.rfind("."):
        integer, _, fraction = digits.partition(",")  # 1.234,5
        integer_plain = grouped(integer, ".")
        plain = None if integer_plain is None else integer_plain + "." + fraction
    elif dots == 1 and digits.rfind(".") > digits.rfind(","):
        integer, _, fraction = digits.partition(".")  # 1,234.5
        integer_plain = grouped(integer, ",")
        plain = None if integer_plain is None else integer_plain + "." + fraction
    else:
        plain = None
    if plain is None:
        return None
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def _unit_at(folded: str, pos: int) -> tuple[str, int] | None:
    """The unit word starting at ``pos`` (longest first) and the position after it."""
    for word, unit in _unit_words():
        if _bounded_at(folded, word, pos):
            return unit, pos + len(word)
    return None


#: A number grouped in thousands by dots, as Vietnamese prints amounts ("150.000.000", "62.500,5").
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_SPACE_IN_NUMBER = re.compile(r"(?<=[\d.,])\s+(?=[\d.,])")


def unwrapped_amount(text: str) -> str | None:
    """"150.000.00 0" → "150.000.000": an amount a narrow cell wrapped inside a digit group,
    when only the joined text is a number grouped in thousands; else None."""
    joined = _SPACE_IN_NUMBER.sub("", text.strip())
    if joined == text.strip() or not _GROUPED.match(joined):
        return None
    return joined


def parse_money(text: str, unit: str = "million") -> Money:
    """An amount cell in million VND.

    ``unit`` is the column's unit (see :func:`budget_unit_from_header`); a unit
    word in the cell overrides it (``10 triệu``, ``2.500.000.000 đồng``,
    ``1,5 tỷ``, ``100.000đ``). Several amounts with falling units add up
    (``1 tỷ 80 triệu`` = 1080). Parentheses around the amount are ignored
    (not read as a negative); a leading dash followed by a space is a bullet,
    a dash directly before the digits is a minus sign.

    Empty cells (``""``, spaces, ``-``) give ``Money(None, ok=True)``; any
    other text that is not an amount (``Ngân sách tỉnh``, ``x``, ``10%``)
    gives ``Money(None, ok=False)``.
    """
    cleaned = _clean(text)
    empties = {_clean(e) for e in _data()["empty_cells"]}
    if cleaned in empties:
        return Money(None, ok=True)
    body = _fold(cleaned)
    while body.startswith("(") and body.endswith(")"):
        body = body[1:-1].strip()
    body = body.rstrip(" .;,:").strip()
    if body in empties:
        return Money(None, ok=True)

    sign = Decimal(1)
    if body and body[0] in _DASHES:
        rest = body[1:]
        if rest[:1].isdigit():
            sign = Decimal(-1)
            body = rest
        elif rest[:1] == " ":
            body = rest.strip()  # a bullet: "- 10"

    parts: list[tuple[str, str | None]] = []
    pos = 0
    while pos < len(body):
        match = _NUMBER.match(body, pos)
        if match is None:
            return Money(None, ok=False)
        pos = match.end()
        while pos < len(body) and body[pos] == " ":
            pos += 1
        found = _unit_at(body, pos)
        cell_unit = None
        if found is not None:
            cell_unit, pos = found
        parts.append((match.group(), cell_unit))
        while pos < len(body) and body[pos] == " ":
            pos += 1
    if not parts:
        return Money(None, ok=False)

    factors = _factors()
    if len(parts) > 1:
        units = [u for _, u in parts]
        if any(u is None for u in units[:-1]):
            return Money(None, ok=False)  # "10 20": two numbers, not one amount
        if units[-1] is None:
            return Money(None, ok=False)  # "1 tỷ 80": the last unit would be a guess
        scales = [factors[u] for u in units if u is not None]
        if any(a <= b for a, b in zip(scales, scales[1:])):
            return Money(None, ok=False)
    total = Decimal(0)
    for digits, cell_unit in parts:
        effective = cell_unit or unit
        if effective not in factors:
            raise ValueError(f"unknown money unit {effective!r}")
        value = _interpret_number(digits, effective)
        if value is None:
            return Money(None, ok=False)
        total += value * factors[effective]
    return Money(_tidy(sign * total), ok=True)


def vnd_to_million(value: Decimal) -> Decimal:
    """VND -> million VND, exactly, without trailing zeros."""
    return _tidy(Decimal(value).scaleb(-6))


# -- amounts in words -----------------------------------------------------

class _Words:
    """The number-word vocabulary, folded."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.digits = {_fold(w): v for w, v in data["digits"].items()}
        self.after_tens = {_fold(w): v for w, v in data["after_tens"].items()}
        self.after_ten = {_fold(w): v for w, v in data["after_ten"].items()}
        self.after_zero_tens = {_fold(w): v for w, v in data["after_zero_tens"].items()}
        self.ten = {_fold(w) for w in data["ten"]}
        self.tens = {_fold(w) for w in data["tens"]}
        self.hundred = {_fold(w) for w in data["hundred"]}
        self.zero_tens = {_fold(w) for w in data["zero_tens"]}
        self.scales = {_fold(w): v for w, v in data["scales"].items()}
        self.currency = {_fold(w) for w in data["currency"]}
        self.alone = {_fold(w) for w in data["alone_is_not_a_number"]}
        self.reject = {_fold(w) for w in data["reject_words"]}
        self.ordinary = [tuple(_fold(p).split()) for p in data["ordinary_phrases"]]
        self.number = (set(self.digits) | set(self.after_tens) | set(self.after_ten)
                       | set(self.after_zero_tens) | self.ten
                       | self.tens | self.hundred | self.zero_tens | set(self.scales))


@lru_cache(maxsize=1)
def _words() -> _Words:
    return _Words(_data())


def _parse_group(tokens: list[str], w: _Words) -> int | None:
    """A number below 1000: [d trăm] [linh d | mười [u] | d mươi [u] | d]."""
    if not tokens:
        return None
    value, i = 0, 0
    had_hundreds = False
    if len(tokens) >= 2 and tokens[1] in w.hundred and tokens[0] in w.digits:
        value, i, had_hundreds = w.digits[tokens[0]] * 100, 2, True
    rest = tokens[i:]
    if not rest:
        return value if had_hundreds else None
    first = rest[0]
    if first in w.zero_tens:
        # "một trăm linh năm" = 105; linh needs hundreds before and one digit after
        if not had_hundreds or len(rest) != 2:
            return None
        unit = w.digits.get(rest[1]) or w.after_zero_tens.get(rest[1])
        return None if not unit else value + unit
    if first in w.ten:
        tail = rest[1:]
        if not tail:
            return value + 10
        if len(tail) != 1:
            return None
        unit = w.digits.get(tail[0]) or w.after_ten.get(tail[0])
        return None if not unit else value + 10 + unit
    if first in w.digits and len(rest) >= 2 and (rest[1] in w.tens or rest[1] in w.ten):
        # "tám mươi" (and "tám mười", the tone lost by OCR) = 80
        tens_digit = w.digits[first]
        if tens_digit < 2:
            return None
        tail = rest[2:]
        if not tail:
            return value + tens_digit * 10
        if len(tail) != 1:
            return None
        unit = w.digits.get(tail[0]) or w.after_tens.get(tail[0])
        return None if not unit else value + tens_digit * 10 + unit
    if first in w.digits and len(rest) == 1 and not had_hundreds:
        # a bare digit after "trăm" ("một trăm năm") is colloquial 150 or 105: not guessed
        return w.digits[first]
    return None


def _parse_run(tokens: list[str], w: _Words) -> int | None:
    """A run of number words, split at the first occurrence of its largest scale word."""
    if not tokens:
        return None
    scale_positions = [(w.scales[t], i) for i, t in enumerate(tokens) if t in w.scales]
    if not scale_positions:
        return _parse_group(tokens, w)
    top = max(s for s, _ in scale_positions)
    index = min(i for s, i in scale_positions if s == top)
    left, right = tokens[:index], tokens[index + 1:]
    biggest = max(w.scales.values())
    left_value = _parse_run(left, w) if top == biggest else _parse_group(left, w)
    if not left_value:
        return None  # "triệu đồng" alone, "không triệu"
    value = left_value * top
    if not right:
        return value
    if len(right) == 1 and right[0] in w.digits:
        return None  # "một triệu hai": colloquial 1.2 million, not 1 000 002
    right_value = _parse_run(right, w)
    if right_value is None:
        return None
    if right_value >= top and not (top == biggest and right_value < value):
        return None  # "một triệu hai triệu"
    return value + right_value


def _ordinary_positions(tokens: list[str], w: _Words) -> set[int]:
    """Positions of tokens inside ordinary phrases that contain a number word (``đầu tư``)."""
    positions: set[int] = set()
    for phrase in w.ordinary:
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if tuple(tokens[i:i + n]) == phrase:
                positions.update(range(i, i + n))
    return positions


def _tokens(text: str) -> list[str]:
    """Words, and the punctuation that ends a run of number words (``:;()``)."""
    return re.findall(r"\w+|[:;()\[\]!?]", _fold(text))


def parse_amount_in_words(text: str) -> Decimal | None:
    """Vietnamese number words to VND.

    ``Một tỉ không trăm tám mươi triệu đồng`` -> 1080000000;
    ``Hai trăm linh năm triệu đồng`` -> 205000000; ``Mười lăm triệu`` ->
    15000000. Case, NFC/NFD and the variants mốt/một, tư/bốn, lăm/năm, tỉ/tỷ,
    nghìn/ngàn, linh/lẻ are accepted; a trailing ``đồng`` and ``chẵn`` are
    ignored, and so are words before and after the number (``Bằng chữ:``).

    Returns ``None`` when there is no number, when two runs of number words
    are separated by another word, when a run does not follow the grammar
    (``hai hai``, ``một trăm năm`` — colloquially 150) and when a word such as
    ``rưỡi`` (and a half) would change the value. A lone word that is also an
    ordinary word (``năm`` = year, ``không`` = not) is not a number unless
    ``đồng`` follows it.
    """
    w = _words()
    tokens = _tokens(text)
    if any(t in w.reject for t in tokens):
        return None
    runs: list[list[str]] = []
    current: list[str] = []
    ordinary = _ordinary_positions(tokens, w)
    for i, token in enumerate(tokens):
        followed_by_digits = i + 1 < len(tokens) and tokens[i + 1].isdigit()
        if token in w.number and i not in ordinary and not followed_by_digits:
            current.append(token)  # "năm 2019" is a year, "đầu tư" an investment
            continue
        if current:
            keep = len(current) > 1 or current[0] not in w.alone or token in w.currency
            if keep:
                runs.append(current)
            current = []
    if current and (len(current) > 1 or current[0] not in w.alone):
        runs.append(current)
    if len(runs) != 1:
        return None
    value = _parse_run(runs[0], w)
    return None if value is None else Decimal(value)


def find_amount_in_words(text: str) -> tuple[str, Decimal] | None:
    """The amount written in words on a line: ``(Bằng chữ: …)`` or ``Bằng chữ: …``.

    The label is matched without case or diacritics, so the OCR forms
    ``Bảng chữ``/``Băng chữ`` are found too. Returns the words as printed
    (NFC, single-spaced, without the closing parenthesis or final full stop)
    and their value in VND, or ``None`` when there is no label or the words
    are not a number :func:`parse_amount_in_words` can read.
    """
    cleaned = _clean(text)
    bare = "".join(_bare(ch) for ch in cleaned)
    label = r"\s*".join(re.escape(part) for part in str(_data()["in_words_label"]).split())
    match = re.search(rf"(?<![a-z])(\(?)\s*{label}(?![a-z])\s*[:：.]?\s*", bare)
    if match is None:
        return None
    start = match.end()
    close = cleaned.find(")", start)
    end = close if close >= 0 else len(cleaned)
    words = cleaned[start:end].strip().rstrip(" .;,/").strip()
    if not words:
        return None
    value = parse_amount_in_words(words)
    if value is None:
        return None
    return words, value
