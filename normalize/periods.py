"""The 'Thời gian' (period) column of a plan table.

A period is read into the months it covers: ``Tháng 01 - Tháng 12`` is
January to December, ``Quý III- Quý IV`` July to December, ``6 tháng đầu
năm`` January to June, ``Trước 30/6`` a deadline (no start, ends in June).
``start``/``end`` are ISO year-months built from a year printed in the text,
else from the plan's year, else left ``None``; a period that names days
(``Trước ngày 27/6/2026``, ``29/6/2026 - 09/7/2026``) also gets
``start_date``/``end_date`` as ISO dates. Text that is not a period the
grammar below knows (``Thường xuyên``, ``Theo Kế hoạch của Bộ Nội vụ``) is
kept as text with every other field ``None``; so is a period whose numbers are
impossible (``Tháng 13``, ``Quý V``), which the checker reports.

Words are compared without case or diacritics so that OCR damage to tone
marks (``Qúy``, ``thang``) does not matter; the vocabulary lives in
``normalize/data/periods.json``.
"""
from __future__ import annotations

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

from .model import Period
from .text import strip_diacritics

__all__ = ["doubtful_period", "parse_period"]

_DASHES = str.maketrans({ch: "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_SPACES = re.compile(r"\s+")
_QUARTER_TOKEN = r"[ivl|1-4]{1,3}(?![a-z0-9])"
_END = r"\s*[.;,]*\s*\Z"


class _Invalid(Exception):
    """The text has the shape of a period but impossible numbers (Tháng 13)."""


@dataclass(frozen=True)
class _Point:
    """One end of a period: a month (first == last) or a quarter."""

    first: int
    last: int
    year: int | None


# -- text -----------------------------------------------------------------

def _clean(text: str) -> str:
    """NFC, stripped, runs of whitespace collapsed to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _key(text: str) -> str:
    """Lower case without diacritics (đ -> d), dashes unified, spaces collapsed."""
    return _SPACES.sub(" ", strip_diacritics(text).translate(_DASHES)).strip()


# -- grammar --------------------------------------------------------------

@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("normalize").joinpath("data/periods.json").read_text(encoding="utf-8")
    return json.loads(text)


def _alternation(words: list[str]) -> str:
    """A regex alternation of the words' keys, longest first; a space matches any spaces."""
    keys = sorted({_key(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


@dataclass(frozen=True)
class _Grammar:
    head: re.Pattern[str]
    month: re.Pattern[str]
    quarter: re.Pattern[str]
    month_year: re.Pattern[str]
    bare_month: re.Pattern[str]
    bare_quarter: re.Pattern[str]
    separator: re.Pattern[str]
    end: re.Pattern[str]
    deadline: re.Pattern[str]
    date: re.Pattern[str]
    date_words: re.Pattern[str]
    whole_year: re.Pattern[str]
    part_of_year: re.Pattern[str]
    counts: dict[str, int]
    quarters: dict[str, int]
    year_min: int
    year_max: int


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    d = _data()
    months = _alternation(d["month_words"])
    quarters = _alternation(d["quarter_words"])
    years = _alternation(d["year_words"])
    days = _alternation(d["day_words"])
    prefix = rf"(?:(?:{_alternation(d['prefixes'])})(?:\s*:\s*|\s+))?"
    starts = rf"(?:(?:{_alternation(d['range_starts'])})\s+)?"
    year_suffix = rf"(?:(?:\s*/\s*|\s+(?:{years})\s+)(?P<y>\d{{4}}))?"
    word_seps = [s for s in d["range_separators"] if _key(s).replace(" ", "").isalpha()]
    sign_seps = [s for s in d["range_separators"] if s not in word_seps]
    separator = rf"\s*-+\s*|\s+(?:{_alternation(word_seps)})\s+"
    if sign_seps:
        separator += rf"|\s*(?:{_alternation(sign_seps)})\s*"
    counts = {_key(w): int(n) for w, n in d["count_words"].items()}
    count_alt = "|".join(re.escape(k).replace(r"\ ", r"\s+")
                         for k in sorted(counts, key=len, reverse=True))
    whole = _alternation(d["whole_year"])
    return _Grammar(
        head=re.compile(prefix + starts),
        month=re.compile(rf"(?:{months})\s*(?P<n>\d{{1,2}})(?!\d){year_suffix}"),
        quarter=re.compile(rf"(?:{quarters})\s*(?P<q>{_QUARTER_TOKEN}){year_suffix}"),
        month_year=re.compile(r"(?P<n>\d{1,2})\s*/\s*(?P<y>\d{4})(?!\d)"),
        bare_month=re.compile(rf"(?P<n>\d{{1,2}})(?!\d){year_suffix}"),
        bare_quarter=re.compile(rf"(?P<q>{_QUARTER_TOKEN}){year_suffix}"),
        separator=re.compile(rf"(?:{separator})"),
        end=re.compile(_END),
        deadline=re.compile(rf"{prefix}(?:(?:{_alternation(d['deadline_words'])})\s+)+"),
        date=re.compile(rf"(?:(?:{days})\s+)?(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})"
                        rf"(?:\s*[/.-]\s*(?P<y>\d{{4}}))?(?!\d)"),
        date_words=re.compile(rf"(?:(?:{days})\s+)?(?P<d>\d{{1,2}})\s+(?:{months})\s+(?P<m>\d{{1,2}})"
                              rf"(?:\s+(?:{years})\s+(?P<y>\d{{4}}))?(?!\d)"),
        whole_year=re.compile(
            rf"{prefix}(?:(?:{whole})(?:\s+(?P<y>\d{{4}}))?"
            rf"|(?:(?:{years})\s+)?(?P<y1>\d{{4}})(?:\s*-\s*(?:(?:{years})\s+)?(?P<y2>\d{{4}}))?){_END}"),
        part_of_year=re.compile(
            rf"{prefix}(?P<n>\d{{1,2}}|{count_alt})\s+(?:{months})\s+"
            rf"(?:(?P<first>{_alternation(d['first_months'])})|(?P<last>{_alternation(d['last_months'])}))"
            rf"(?:\s+(?P<y>\d{{4}}))?{_END}"),
        counts=counts,
        quarters={_key(k): int(v) for k, v in d["quarter_numerals"].items()},
        year_min=int(d["year_min"]),
        year_max=int(d["year_max"]),
    )


# -- pieces ---------------------------------------------------------------

def _year(text: str | None, g: _Grammar) -> int | None:
    if text is None:
        return None
    year = int(text)
    if not g.year_min <= year <= g.year_max:
        raise _Invalid(text)
    return year


def _month(text: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise _Invalid(text)
    return month


def _quarter(token: str, g: _Grammar) -> int:
    """A quarter numeral: I..IV or 1..4, with OCR's l, | and 1 for I (Quý 11 = Quý II)."""
    token = token.replace("l", "i").replace("|", "i")
    for candidate in (token, token.replace("1", "i")):
        if candidate in g.quarters:
            return g.quarters[candidate]
    raise _Invalid(token)


def _point(key: str, pos: int, g: _Grammar, bare: _Point | None = None) -> tuple[_Point, int] | None:
    """The month or quarter starting at ``pos``.

    ``bare`` is the range's first end: after it the second end may omit its
    word (``Tháng 3 - 10``, ``Quý III - IV``) and is then of the same kind.
    """
    m = g.month.match(key, pos)
    if m:
        month = _month(m["n"])
        return _Point(month, month, _year(m["y"], g)), m.end()
    m = g.quarter.match(key, pos)
    if m:
        q = _quarter(m["q"], g)
        return _Point(3 * q - 2, 3 * q, _year(m["y"], g)), m.end()
    m = g.month_year.match(key, pos)
    if m:
        month = _month(m["n"])
        return _Point(month, month, _year(m["y"], g)), m.end()
    if bare is not None and bare.first == bare.last:
        m = g.bare_month.match(key, pos)
        if m:
            month = _month(m["n"])
            return _Point(month, month, _year(m["y"], g)), m.end()
    if bare is not None and bare.first != bare.last:
        m = g.bare_quarter.match(key, pos)
        if m:
            q = _quarter(m["q"], g)
            return _Point(3 * q - 2, 3 * q, _year(m["y"], g)), m.end()
    return None


def _iso(year: int | None, month: int | None) -> str | None:
    if year is None or month is None:
        return None
    return f"{year:04d}-{month:02d}"


@dataclass(frozen=True)
class _Parsed:
    start_month: int | None
    end_month: int | None
    start: str | None
    end: str | None
    start_date: str | None = None
    end_date: str | None = None


def _day(day: str, month: int, year: int | None) -> str | None:
    """An ISO date, None without a year; an impossible day (31/2) is invalid."""
    if not 1 <= int(day) <= 31:
        raise _Invalid(day)
    if year is None:
        return None
    try:
        return datetime.date(year, month, int(day)).isoformat()
    except ValueError:
        raise _Invalid(f"{day}/{month}/{year}") from None


def _date_at(key: str, pos: int, g: _Grammar) -> tuple[re.Match[str], int] | None:
    for pattern in (g.date_words, g.date):
        m = pattern.match(key, pos)
        if m:
            return m, m.end()
    return None


def _two_ends(key: str, g: _Grammar, read_at: Callable[[int, Any], tuple[Any, int] | None]) -> tuple[Any, Any] | None:
    """The one or two ends of a period ("A", "A - B", "từ A đến B"), read by ``read_at(pos, first)``.

    The whole text must be used; a single end is returned twice (the same object).
    """
    pos = g.head.match(key).end()  # type: ignore[union-attr]  # the head is optional
    found = read_at(pos, None)
    if found is None:
        return None
    first, pos = found
    last = first
    sep = g.separator.match(key, pos)
    if sep:
        second = read_at(sep.end(), first)
        if second is None:
            return None
        last, pos = second
    return (first, last) if g.end.match(key, pos) else None


def _dates(key: str, plan_year: int | None, g: _Grammar) -> _Parsed | None:
    """``29/6/2026 - 09/7/2026``, ``Từ ngày 01/7 đến ngày 15/7/2026``, ``Ngày 15/7/2026``.

    A single date counts only with its day word ("Ngày 15/7/2026").
    """
    ends = _two_ends(key, g, lambda pos, first: _date_at(key, pos, g))
    if ends is None:
        return None
    first, last = ends
    if first is last and not first.group(0)[:1].isalpha():
        return None  # a bare "30/6" may be a deadline or a day: left as text
    start_month, end_month = _month(first["m"]), _month(last["m"])
    end_year = _year(last["y"], g)
    start_year = _year(first["y"], g)
    if end_year is None:
        end_year = start_year if start_year is not None else plan_year
    if start_year is None:
        start_year = end_year
    return _Parsed(start_month, end_month, _iso(start_year, start_month), _iso(end_year, end_month),
                   _day(first["d"], start_month, start_year), _day(last["d"], end_month, end_year))


def _range(key: str, plan_year: int | None, g: _Grammar) -> _Parsed | None:
    """``Tháng 01 - Tháng 12``, ``Từ tháng 3 đến tháng 10``, ``Quý I``, ``Tháng 3/2019``."""
    ends = _two_ends(key, g, lambda pos, first: _point(key, pos, g, bare=first))
    if ends is None:
        return None
    first, last = ends
    start_year, end_year = first.year, last.year
    if start_year is None:
        start_year = end_year  # "tháng 01-tháng 12/2019": the end's year applies to both
    if end_year is None:
        end_year = start_year
    if start_year is None:
        start_year = end_year = plan_year
    return _Parsed(first.first, last.last, _iso(start_year, first.first), _iso(end_year, last.last))


def _deadline(key: str, plan_year: int | None, g: _Grammar) -> _Parsed | None:
    """``Trước 30/6``, ``Trước ngày 30/6/2019``, ``Trước tháng 6``: no start, the end month."""
    m = g.deadline.match(key)
    if m is None:
        return None
    pos = m.end()
    month: int | None = None
    year: int | None = None
    day: str | None = None
    for pattern in (g.date_words, g.date):
        dm = pattern.match(key, pos)
        if dm and g.end.match(key, dm.end()):
            month, year, day = _month(dm["m"]), _year(dm["y"], g), dm["d"]
            break
    else:
        found = _point(key, pos, g)
        if found is None or not g.end.match(key, found[1]):
            return None
        month, year = found[0].last, found[0].year
    if year is None:
        year = plan_year
    end_date = _day(day, month, year) if day is not None else None
    return _Parsed(None, month, None, _iso(year, month), None, end_date)


def _whole_year(key: str, plan_year: int | None, g: _Grammar) -> _Parsed | None:
    """``Năm 2019``, ``Cả năm``, ``2019 - 2020``: January to December."""
    m = g.whole_year.match(key)
    if m is None:
        return None
    start_year = _year(m["y"] or m["y1"], g)
    end_year = _year(m["y2"], g) if m["y2"] else start_year
    if start_year is None:
        start_year = end_year = plan_year
    return _Parsed(1, 12, _iso(start_year, 1), _iso(end_year, 12))


def _part_of_year(key: str, plan_year: int | None, g: _Grammar) -> _Parsed | None:
    """``6 tháng đầu năm`` = 1..6, ``6 tháng cuối năm`` = 7..12."""
    m = g.part_of_year.match(key)
    if m is None:
        return None
    count_text = _SPACES.sub(" ", m["n"])
    count = int(count_text) if count_text.isdigit() else g.counts[count_text]
    if not 1 <= count <= 12:
        raise _Invalid(count_text)
    year = _year(m["y"], g)
    if year is None:
        year = plan_year
    first, last = (1, count) if m["first"] else (13 - count, 12)
    return _Parsed(first, last, _iso(year, first), _iso(year, last))


# -- public ---------------------------------------------------------------

def parse_period(text: str, plan_year: int | None) -> Period:
    """Read a period cell.

    Returns a :class:`Period` whose ``text`` is the cell stripped, NFC and
    single-spaced. Months and ISO ends are filled for month and quarter ranges
    (``Tháng 7 - tháng 11``, ``Quý III- Quý IV``, ``Tháng 3 - 10``, ``Từ tháng 3
    đến tháng 10``, ``Quý IV/2025 - Quý II/2026``), single months and quarters,
    the whole year (``Năm 2019``, ``Cả năm``), parts of the year (``6 tháng
    đầu năm``) and deadlines (``Trước 30/6`` -> start_month None, end_month 6).

    A year printed on one end applies to the other end when that has none;
    otherwise ``plan_year`` is used, and without either ``start``/``end`` stay
    ``None``. A start after the end is returned as read. Anything else, and
    impossible numbers (``Tháng 13``), keep only the text.
    """
    cleaned = _clean(text)
    key = _key(cleaned)
    if not key:
        return Period(cleaned)
    g = _grammar()
    try:
        for reader in (_deadline, _whole_year, _part_of_year, _range, _dates):
            parsed = reader(key, plan_year, g)
            if parsed is not None:
                return Period(cleaned, parsed.start_month, parsed.end_month, parsed.start, parsed.end,
                              parsed.start_date, parsed.end_date)
    except _Invalid:
        return Period(cleaned)
    return Period(cleaned)


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def doubtful_period(period: Period, plan_year: int | None) -> str | None:
    """Why an OCR'd period should be checked by a person, or None.

    * "unread tail": the text is no period, but its first words are one
      ("Quý I/2026 cử À.", "Tháng 3- Tháng 10/2026 \\"): a seal's or a
      ruling's strokes read after it, or words the grammar does not know;
      the dates are left unread (the tail may be a second period);
    * "unlikely year": a year one digit away from the plan's year and more
      than a year from it ("Cả năm 2029", "Tháng 9/2036" in a plan for 2026),
      the commonest digit misread (6/9, 6/8, 2/3) of a plan's own year.

    For OCR text only: a typed period is what its writer typed.
    """
    if period.start_month is None and period.end_month is None:
        words = period.text.split()
        for cut in range(len(words) - 1, 0, -1):
            head = parse_period(" ".join(words[:cut]), plan_year)
            if head.start_month is not None or head.end_month is not None:
                return "unread tail"
        return None
    if plan_year is not None:
        for found in _YEAR_IN_TEXT.findall(period.text):
            year = int(found)
            differ = sum(a != b for a, b in zip(found, str(plan_year)))
            if differ == 1 and abs(year - plan_year) > 1:
                return "unlikely year"
    return None
