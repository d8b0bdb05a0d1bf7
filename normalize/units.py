"""Lists inside cells: organisations in the unit columns, outputs in 'Sản phẩm'.

:func:`split_units` splits ``Đơn vị chủ trì`` / ``Đơn vị phối hợp`` cells into
organisations: on ``;`` and new lines, and on a comma that starts a new
organisation (``Sở Tư pháp, UBND cấp huyện``), but never inside a phrase that
lists kinds of bodies (``Các Sở, Ban, ngành``) nor inside parentheses.

:func:`split_products` splits ``Sản phẩm`` cells on list bullets
(``- Kế hoạch; - Báo cáo kết quả.``) and leaves text without bullets whole.

Parts keep their printed text (Unicode NFC, single-spaced). The vocabulary
(unit head words, protected phrases, bullets) lives in
``normalize/data/units.json``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .text import nfc

__all__ = ["split_units", "split_products"]

_SPACES = re.compile(r"\s+")
_TRAILING = " \t;,."
_OPEN, _CLOSE = "([{", ")]}"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("normalize").joinpath("data/units.json").read_text(encoding="utf-8")
    return json.loads(text)


def _match_form(text: str) -> str:
    """NFC text with look-alike letters fixed, same length as ``unicodedata.normalize("NFC", text)``."""
    return nfc(text)


def _lower(text: str) -> str:
    """Lower case, one character for one (so positions stay valid)."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _word_at(text: str, word: str, pos: int) -> bool:
    """``word`` starts at ``pos`` and does not run on into a longer word."""
    if not text.startswith(word, pos):
        return False
    end = pos + len(word)
    return end >= len(text) or not (_is_letter(text[end]) and _is_letter(word[-1]))


def _part(text: str) -> str:
    """A part as printed: single-spaced, no leading bullet, no trailing ';,.'."""
    part = _SPACES.sub(" ", text).strip()
    bullets = _bullets()
    while len(part) >= 2 and part[0] in bullets and part[1] == " ":
        part = part[2:].lstrip()
    while part and part[-1] in _TRAILING:
        part = part[:-1]
    return part.strip()


# -- units ----------------------------------------------------------------

@dataclass(frozen=True)
class _Vocabulary:
    heads: tuple[str, ...]            # as written, longest first
    heads_lower: tuple[str, ...]      # unit heads and plural heads, lower case
    prefixes: tuple[str, ...]         # lower case, longest first
    not_heads: tuple[str, ...]        # lower case
    protected: tuple[str, ...]        # lower case


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    d = _data()

    def longest_first(words: list[str]) -> tuple[str, ...]:
        return tuple(sorted(set(words), key=len, reverse=True))

    heads = [_match_form(h) for h in d["unit_heads"]]
    return _Vocabulary(
        heads=longest_first(heads + [h.upper() for h in heads]),
        heads_lower=longest_first([_lower(_match_form(h)) for h in d["unit_heads"] + d["plural_heads"]]),
        prefixes=longest_first([_lower(_match_form(p)) for p in d["plural_prefixes"]]),
        not_heads=longest_first([_lower(_match_form(p)) for p in d["not_heads"]]),
        protected=longest_first([_lower(_match_form(p)) for p in d["protected_phrases"]]),
    )


def _protected_mask(low: str, v: _Vocabulary) -> list[bool]:
    """True at every position inside a protected phrase (whole words only)."""
    mask = [False] * len(low)
    for phrase in v.protected:
        start = low.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            before_ok = start == 0 or not _is_letter(low[start - 1])
            after_ok = end == len(low) or not _is_letter(low[end])
            if before_ok and after_ok:
                for i in range(start, end):
                    mask[i] = True
            start = low.find(phrase, start + 1)
    return mask


def _starts_unit(form: str, low: str, pos: int, v: _Vocabulary) -> bool:
    """Does a new organisation begin at ``pos`` (spaces skipped)?"""
    while pos < len(form) and form[pos].isspace():
        pos += 1
    if pos >= len(form):
        return False
    for prefix in v.prefixes:
        if _word_at(low, prefix, pos):
            after = pos + len(prefix)
            if after < len(low) and low[after] == " ":
                after += 1
                return any(_word_at(low, head, after) for head in v.heads_lower)
    if any(_word_at(low, phrase, pos) for phrase in v.not_heads):
        return False
    return any(_word_at(form, head, pos) for head in v.heads)


def _is_single_unit(form: str, low: str, start: int, v: _Vocabulary) -> bool:
    """Whether the part that begins at ``start`` names one organisation (a unit head, not
    "Các đơn vị", which may introduce a list: "Các đơn vị: Sở Nội vụ, Sở Tư pháp")."""
    while start < len(form) and form[start].isspace():
        start += 1
    return (_starts_unit(form, low, start, v)
            and not any(_word_at(low, prefix, start) for prefix in v.prefixes))


def split_units(text: str) -> list[str]:
    """The organisations in a unit cell, in order, as printed.

    Splits on ``;`` and new lines, on a colon between two organisations (OCR reads the
    semicolon of "Văn phòng Bộ; Cục Thuế" as a colon), and on a comma followed by a unit head word
    (``Sở``, ``UBND``, ``Văn phòng`` …, or ``các`` + a head in any case:
    ``các Sở, Ban, ngành``, ``các đơn vị trực thuộc``). Never splits inside
    parentheses or inside a protected phrase (``Các Sở, Ban, ngành``,
    ``huyện, thị xã``, ``cơ quan, đơn vị``; any case). Parts are single-spaced,
    lose a leading list bullet and trailing ``;,.``; empty parts are dropped.

    >>> split_units("Văn phòng UBND tỉnh, các Sở, Ban, ngành; UBND cấp huyện")
    ['Văn phòng UBND tỉnh', 'các Sở, Ban, ngành', 'UBND cấp huyện']
    """
    printed = unicodedata.normalize("NFC", text)
    form = _match_form(text)
    low = _lower(form)
    v = _vocabulary()
    protected = _protected_mask(low, v)
    parts: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(form):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0 and (ch in ";\n\r" or (ch == "," and not protected[i]
                                                 and _starts_unit(form, low, i + 1, v))
                             or (ch == ":" and _starts_unit(form, low, i + 1, v)
                                 and _is_single_unit(form, low, start, v))):
            parts.append(printed[start:i])
            start = i + 1
    parts.append(printed[start:])
    return [p for p in (_part(p) for p in parts) if p]


# -- products -------------------------------------------------------------

@lru_cache(maxsize=1)
def _bullets() -> frozenset[str]:
    return frozenset(_data()["product_bullets"])


@lru_cache(maxsize=1)
def _bullet_pattern() -> re.Pattern[str]:
    chars = "".join(re.escape(b) for b in sorted(_bullets()))
    # at the start of the text or of a line, or after ';', '.' or ':' and whitespace; a "+"
    # directly before a digit is a sign ("+84 912 345 678"), not a bullet (a dash there is
    # a bullet glued to its item: "-100% TTHC trễ hạn …" in the seed)
    return re.compile(rf"(?:\A|\n|[;.:]\s)[^\S\n]*(?P<b>[{chars}])(?<!\+(?=\d))")


def unit_lines(text: str) -> str:
    r"""A unit cell's lines on one line: a line break is a wrap of the printed line, but in a
    cell whose first line starts with a bullet, a line that starts with one begins the next
    unit (its ";" may be lost: OCR drops small marks), so it is joined after a ";".

    >>> unit_lines("- Các tổ dân phố\n- Đoàn Thanh niên phường")
    '- Các tổ dân phố; - Đoàn Thanh niên phường'
    >>> unit_lines("Phòng Văn hóa\n- Xã hội")
    'Phòng Văn hóa - Xã hội'
    """
    lines = [line.strip() for line in nfc(text).splitlines() if line.strip()]
    bullets = _bullets()

    def bulleted(line: str) -> bool:
        return len(line) >= 2 and line[0] in bullets and line[1] == " "

    listed = bool(lines) and bulleted(lines[0])
    out = lines[:1]
    for line in lines[1:]:
        out.append(f"; {line}" if listed and bulleted(line) and not out[-1].endswith(";") else f" {line}")
    return _SPACES.sub(" ", "".join(out)).strip()


def split_products(text: str) -> list[str]:
    """The outputs listed in a 'Sản phẩm' cell.

    A bullet (``-``, ``+``, ``•``, ``–``, ``*`` …) at the start of the text or
    of a line, or after ``;``/``.``/``:`` and whitespace, starts an item; text
    before the first bullet is an item too. A dash inside running text
    (``Từ 03 - 04 Bản tin``) is not a bullet, and text without bullets is one
    item even when it contains ``;``. Items are single-spaced, lose stacked
    bullets (``- + Cấp bản sao``) and trailing ``;,.``; empty items are dropped.
    A ``+`` directly before a digit is a sign, kept: ``+84 912 345 678``; a
    dash that starts a line between two numbers before any bullet is a range
    the line wrapped (``năm học 2026`` over ``- 2027``).

    >>> split_products("- Kế hoạch; - Báo cáo kết quả.")
    ['Kế hoạch', 'Báo cáo kết quả']
    """
    printed = unicodedata.normalize("NFC", text)
    pieces: list[str] = []
    start = 0
    for match in _bullet_pattern().finditer(printed):
        if not pieces and _wrapped_range(printed, match):
            continue
        pieces.append(printed[start:match.start("b")])
        start = match.end("b")
    pieces.append(printed[start:])
    return [p for p in (_part(p) for p in pieces) if p]


def _wrapped_range(text: str, match: re.Match[str]) -> bool:
    """A dash that starts a line between two numbers of as many digits, in a cell no
    bullet has opened yet, is a range the line wrapped ("năm học 2026" over "- 2027"),
    not a bullet ("Kế hoạch năm 2026" over "- 2 báo cáo" is one)."""
    before, after = text[:match.start("b")].rstrip(), text[match.end("b"):]
    first = re.search(r"\d+$", before)
    second = re.match(r"[^\S\n]+(\d+)", after)
    return (match.group("b") in "-–" and "\n" in text[len(before):match.start("b")]
            and first is not None and second is not None and len(first.group()) == len(second.group(1)))
