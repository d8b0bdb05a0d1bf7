"""Amounts written for a reader: English style in ``message``, Vietnamese in ``message_vi``.

The documents print 1.080 (one thousand and eighty) and 2.537,5; an English
reader reads "1.080" as one point zero eight. So a check's English message
groups thousands with commas and its Vietnamese message with dots, each with
the other mark before the decimals.
"""
from __future__ import annotations

from decimal import Decimal

#: What a message shows for an amount that was not read.
UNKNOWN = "?"


def _parts(value: Decimal) -> tuple[str, str, str]:
    """(sign, whole part with "," between thousands, decimals or "")."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = int(value)
    fraction = value - whole
    decimals = format(fraction.normalize(), "f").split(".")[1] if fraction else ""
    return sign, f"{whole:,}", decimals


def format_en(value: Decimal | None) -> str:
    """1080 → "1,080", 2537.5 → "2,537.5" (English style)."""
    if value is None:
        return UNKNOWN
    sign, whole, decimals = _parts(Decimal(value))
    return f"{sign}{whole}.{decimals}" if decimals else f"{sign}{whole}"


def format_vi(value: Decimal | None) -> str:
    """1080 → "1.080", 2537.5 → "2.537,5" (Vietnamese style, as the documents print)."""
    if value is None:
        return UNKNOWN
    sign, whole, decimals = _parts(Decimal(value))
    whole = whole.replace(",", ".")
    return f"{sign}{whole},{decimals}" if decimals else f"{sign}{whole}"
