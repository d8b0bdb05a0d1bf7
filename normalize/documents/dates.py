"""Dates of place/date lines, citations and digital-signature stamps."""
from __future__ import annotations

from datetime import date as _date
from typing import Any

import regex

from .vocab import (
    BLANK_DATELINE, DATELINE_NO_PLACE, DATELINE_PATTERN, EMBEDDED_BLANK_DATE, EMBEDDED_DATE,
    STAMP_DATE_PATTERN,
)


def _iso(day: str | None, month: str | None, year: str | None) -> str | None:
    """ISO date from day, month and year strings, None when not a real date."""
    if not (day and month and year):
        return None
    try:
        return _date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def match_date(m: Any) -> str | None:
    """ISO date from a match of ``DATE`` (groups d1/m1/y1 or d2/m2/y2)."""
    if m["y1"]:
        return _iso(m["d1"], m["m1"], m["y1"])
    return _iso(m["d2"], m["m2"], m["y2"])


def place_ok(place: str) -> bool:
    """A place name: capitalised words ("Đắk Nông", "TP. Hồ Chí Minh"), maybe
    with the lower-case word of "Thành phố"/"Thị xã"/"Thị trấn"."""
    words = place.split()
    return bool(words) and all(
        regex.fullmatch(r"\p{Lu}[\p{Ll}'’]*\.?|\p{Lu}{1,3}\.|phố|xã|trấn", w) for w in words
    )


def _place_before(text: str) -> str | None:
    """The capitalised words just before a ", ngày" (the place of a date line)."""
    words = []
    for word in reversed(text.split()):
        if regex.fullmatch(r"\p{Lu}[\p{Ll}'’]*|TP\.|Tp\.", word):
            words.append(word)
        else:
            break
    return " ".join(reversed(words)) or None


def dateline(text: str) -> tuple[str | None, str | None] | None:
    """(place, ISO date) of a place/date line, or of one glued to the number line.

    A date line whose day is a printed blank ("ngày ... tháng 6 năm 2026")
    gives the date None: the day was written by hand or stamped and not read.
    """
    m = DATELINE_PATTERN.match(text)
    if m:
        return m["place"].strip(), match_date(m)
    m = DATELINE_NO_PLACE.match(text)
    if m:
        return None, match_date(m)
    m = EMBEDDED_DATE.search(text)
    if m:
        return _place_before(text[: m.start()]), match_date(m)
    m = BLANK_DATELINE.match(text)
    if m:
        return (m["place"].strip() if place_ok(m["place"].strip()) else None), None
    m = EMBEDDED_BLANK_DATE.search(text)
    if m:
        return _place_before(text[: m.start()]), None
    return None


def stamp_date(text: str) -> str | None:
    """ISO date of a digital-signature stamp line ("13.12.2018 10:44:59 +07:00")."""
    m = STAMP_DATE_PATTERN.search(text)
    if not m:
        return None
    if m["y"]:
        return _iso(m["d"], m["m"], m["y"])
    return _iso(m["d2"], m["m2"], m["y2"])
