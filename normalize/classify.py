"""Is a table a plan table? A score from its header, or from its content when it has none.

A table is a plan table when its header names a task column and at least one
of lead unit, period or budget, and header words of other kinds of tables
("Họ và tên", "Điểm tối đa", "Ý kiến" …) do not outweigh them. A column's role
named by its header is confirmed by its content (a column of item numbers is
the item column, one of amounts the budget) — never by its position.

A table printed without a header (its first page lost) is read as a plan only
when its columns show the content of one: item numbers, long task texts, unit
names, periods ("Tháng 01 - Tháng 12"), amounts — a column of periods and at
least two of units, periods and amounts. A staff list (names, birth dates, job titles) or a
scoring table (criteria and points) does not pass that test.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from .columns import (COMBINED_UNITS, NOT_PLAN, ColumnMap, HeaderRow, find_header, header_map,
                      is_column_number_row, with_lower_level)
from .groups import label_kind
from .money import header_unit, parse_money
from .periods import parse_period
from .text import one_line, strip_diacritics
from .units import split_units


@dataclass
class ClassifySettings:
    """Weights and thresholds of the plan-table score (documented defaults)."""

    #: Score of a header naming a task column.
    task_weight: float = 2.0
    #: Score of each other plan column a header names (products, lead, partner,
    #: combined units, period, budget).
    role_weight: float = 1.0
    #: Score taken off for each header cell in the vocabulary of other tables.
    against_weight: float = 1.5
    #: A header table scoring at least this is a plan table (a task column
    #: plus one of lead, period or budget gives 3).
    header_threshold: float = 3.0
    #: Share of a column's non-empty cells that must be item numbers ("1", "1.2", "II").
    item_share: float = 0.8
    #: Below this share of item numbers a column headed "TT"/"STT" is not the item column.
    item_confirm_share: float = 0.5
    #: Share of a column's non-empty cells that must be amounts (budget) …
    amount_share: float = 0.8
    #: … and below which a column headed "Kinh phí" is not kept as the budget.
    amount_confirm_share: float = 0.5
    #: Share of a column's non-empty cells that must be periods ("Tháng 01 - Tháng 12", "Quý I").
    period_share: float = 0.6
    #: A period is short ("Tháng 01 - Tháng 12", "Theo Kế hoạch của Bộ Nội vụ"): longer cells are prose.
    period_max_chars: int = 60
    #: Share of a column's non-empty cells that must begin with a unit's name ("Sở", "UBND", "Các cơ quan").
    unit_share: float = 0.6
    #: A column of texts this long on average (characters) may be the task or products column.
    long_text_chars: int = 25
    #: A content role needs at least this many non-empty cells.
    min_cells: int = 3
    #: Score of each column role recognised by content (item, task, products, units, period, budget).
    content_role_weight: float = 1.0
    #: A headerless table needs at least this many of the kinds units, periods, amounts …
    content_min_kinds: int = 2
    #: … and a content score of at least this (task + item + two kinds gives 4).
    content_threshold: float = 4.0
    #: A headerless table must have a column of periods: a plan's schedule is what
    #: sets it apart from a list of units with amounts (grants, allocations).
    content_requires_period: bool = True


@dataclass
class Classification:
    """What a table is, and the evidence."""

    kind: str  # "plan" | "other"
    score: float
    reasons: list[str]
    #: The plan columns (kind "plan" only).
    columns: ColumnMap | None = None
    #: How many leading rows are the header (title rows, header levels, a column-number row).
    header_rows: int = 0


_ITEM = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXLC]{1,6}\.?|[a-zđ]\))$")
_SECTION_ITEM = regex.compile(r"^[IVXLC]{1,6}[.):]?\s+\p{Lu}")
_BARE_DATE = regex.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$")
_PERIOD_WORDS = regex.compile(
    r"\b(?:thang|quy|nam \d{4}|hang nam|hang thang|hang quy|thuong xuyen|truoc ngay|tu ngay|den ngay|"
    r"ca nam)\b|^\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*-\s*\d{1,2}/\d{1,2}")
_DIGIT = regex.compile(r"\d")


@lru_cache(maxsize=1)
def _unit_starts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Lower-case beginnings of unit names, and beginnings that are not units ("Tổ chức")."""
    text = resources.files("normalize").joinpath("data/units.json").read_text(encoding="utf-8")
    data = json.loads(text)
    heads = [h.lower() for h in data["unit_heads"]]
    heads += [f"{p} {h.lower()}" for p in data["plural_prefixes"] for h in data["plural_heads"]]
    return tuple(heads), tuple(n.lower() for n in data["not_heads"])


def is_item_number(text: str) -> bool:
    return bool(_ITEM.match(text) or _SECTION_ITEM.match(text))


def is_item_label(text: str) -> bool:
    """An item number, or another label a plan numbers its rows with ("a)", "-", "+", "•")."""
    return is_item_number(text) or label_kind(text) in {"letter", "roman"} or (
        (label_kind(text) or "").startswith("bullet"))


def is_amount(text: str) -> bool:
    return len(text) <= 24 and bool(_DIGIT.search(text)) and not _BARE_DATE.match(text) and \
        parse_money(text).million_vnd is not None


def is_period(text: str, max_chars: int = 60) -> bool:
    if len(text) > max_chars or _BARE_DATE.match(text) or text.startswith(("-", "+", "•")):
        return False  # a bare date is a birth date as often as a deadline; a bullet starts a list
    period = parse_period(text, None)
    if period.start_month is not None or period.end_month is not None:
        return True
    return bool(_PERIOD_WORDS.search(strip_diacritics(text)))


def is_unit(text: str) -> bool:
    low = text.lower()
    heads, not_heads = _unit_starts()
    if low.startswith(not_heads):
        return False
    return any(low.startswith(h) and (len(low) == len(h) or not low[len(h)].isalpha()) for h in heads)


@dataclass
class _Profile:
    """The content of one column."""

    index: int
    texts: list[str]  # non-empty cells, one line each
    rows: int  # rows looked at
    sections: int = 0  # rows where this is the only text beside the item number

    def share(self, test) -> float:
        return sum(1 for t in self.texts if test(t)) / len(self.texts) if self.texts else 0.0

    @property
    def fill(self) -> float:
        return len(self.texts) / self.rows if self.rows else 0.0

    @property
    def mean_length(self) -> float:
        return sum(len(t) for t in self.texts) / len(self.texts) if self.texts else 0.0

    def counter_share(self) -> float:
        """Share of the whole numbers that are one more than the one before (1, 2, 3 …)."""
        numbers = [int(t.rstrip(".")) for t in self.texts if t.rstrip(".").isdigit()]
        if len(numbers) < 2:
            return 0.0
        return sum(1 for a, b in zip(numbers, numbers[1:]) if b == a + 1) / (len(numbers) - 1)

    def units_per_cell(self) -> float:
        return sum(len(split_units(t)) for t in self.texts) / len(self.texts) if self.texts else 0.0


def _profiles(rows: list[list[str]], width: int) -> list[_Profile]:
    body = [[one_line(t) for t in r] + [""] * (width - len(r)) for r in rows]
    profiles = [_Profile(i, [r[i] for r in body if r[i]], len(body)) for i in range(width)]
    for r in body:
        filled = [i for i, t in enumerate(r) if t]
        if len(filled) == 2 and is_item_number(r[filled[0]]):
            profiles[filled[1]].sections += 1
    return profiles


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


def classify_table(rows: list[list[str]], width: int,
                   settings: ClassifySettings | None = None) -> Classification:
    """Decide whether a table (its rows' texts) is a plan table, and map its columns if so."""
    settings = settings or ClassifySettings()
    header = find_header(rows)
    if header is None:
        return _by_content(rows, width, settings)
    return _by_header(rows, width, with_lower_level(rows, header), settings)


def _header_rows(rows: list[list[str]], header: HeaderRow) -> int:
    count = header.index + 1
    if count < len(rows) and is_column_number_row(rows[count]):
        count += 1
    return count


def _by_header(rows: list[list[str]], width: int, header: HeaderRow,
               settings: ClassifySettings) -> Classification:
    fields = set(header.fields.values())
    roles = fields - {"item", "task"}
    if header.count(COMBINED_UNITS):
        roles.add(COMBINED_UNITS)
    against = header.count(NOT_PLAN)
    has_task = "task" in fields
    score = (settings.task_weight if has_task else 0.0) + settings.role_weight * len(roles) \
        - settings.against_weight * against
    reasons = [f"header row {header.index + 1} names: "
               + ", ".join(f"{header.texts[i]!r} = {n}" for i, n in sorted(header.names.items()))]
    anchor = bool(roles & {"lead_units", "period", "budget_million_vnd", COMBINED_UNITS})
    count = _header_rows(rows, header)
    if not has_task:
        reasons.append("no task column")
    if not anchor:
        reasons.append("none of lead unit, period or budget")
    if against:
        reasons.append(f"{against} header word(s) of other tables")
    if not (has_task and anchor and score >= settings.header_threshold):
        reasons.append(f"score {score:g} (plan needs a task column, one of lead, period or budget, "
                       f"and {settings.header_threshold:g})")
        return Classification("other", score, reasons, header_rows=count)
    columns = header_map(header, width, count)
    _confirm_by_content(columns, _profiles(rows[count:], width), settings)
    reasons.append(f"score {score:g}")
    return Classification("plan", score, reasons, columns=columns, header_rows=count)


def _confirm_by_content(columns: ColumnMap, profiles: list[_Profile], settings: ClassifySettings) -> None:
    """Drop a header's item or budget role its column's content denies; find an unnamed item
    column, and a budget column whose header names a unit of money but no budget synonym."""
    checks = {"item": (is_item_label, settings.item_confirm_share, "item numbers or labels"),
              "budget_million_vnd": (is_amount, settings.amount_confirm_share, "amounts")}
    for index, name in list(columns.fields.items()):
        if name not in checks or index >= len(profiles):
            continue
        test, share, what = checks[name]
        profile = profiles[index]
        if len(profile.texts) >= settings.min_cells and profile.share(test) < share:
            del columns.fields[index]
            columns.extra[index] = columns.headers[index] or f"column {index + 1}"
            columns.notes.append(
                f"column {index + 1} ({columns.headers[index]!r}) is headed as {name} but only "
                f"{_pct(profile.share(test))} of its cells are {what}: kept as an extra column")
    if "budget_million_vnd" not in columns.fields.values():
        # A header OCR misread past its synonyms ("Kinl phí (triệu đồng)") still names its unit.
        for profile in profiles:
            header = columns.headers[profile.index] if profile.index < len(columns.headers) else ""
            unit = header_unit(header)
            if (profile.index not in columns.fields and unit is not None and len(profile.texts) >= settings.min_cells
                    and profile.share(is_amount) >= settings.amount_share):
                columns.fields[profile.index] = "budget_million_vnd"
                columns.extra.pop(profile.index, None)
                columns.budget_unit = unit
                columns.notes.append(
                    f"column {profile.index + 1} ({header!r}) read as the budget: its header names a unit of "
                    f"money and {_pct(profile.share(is_amount))} of its cells are amounts")
                break
    if "item" not in columns.fields.values():
        for profile in profiles:
            if (profile.index not in columns.fields and len(profile.texts) >= settings.min_cells
                    and profile.share(is_item_number) >= settings.item_share):
                columns.fields[profile.index] = "item"
                columns.extra.pop(profile.index, None)
                columns.notes.append(
                    f"column {profile.index + 1} ({columns.headers[profile.index]!r}) read as the item "
                    f"column: {_pct(profile.share(is_item_number))} of its cells are item numbers")
                break


def _by_content(rows: list[list[str]], width: int, settings: ClassifySettings) -> Classification:
    profiles = _profiles(rows, width)
    usable = [p for p in profiles if len(p.texts) >= settings.min_cells]
    found: dict[int, str] = {}
    evidence: list[str] = []

    def best(test, threshold: float, what: str, name: str) -> _Profile | None:
        scored = [(p.share(test), p) for p in usable if p.index not in found]
        scored = [(s, p) for s, p in scored if s >= threshold]
        if not scored:
            return None
        share, profile = max(scored, key=lambda sp: (sp[0], len(sp[1].texts)))
        found[profile.index] = name
        evidence.append(f"column {profile.index + 1} = {name} ({_pct(share)} of its cells are {what})")
        return profile

    best(is_item_number, settings.item_share, "item numbers", "item")
    # A column of item numbers or of a counter (1, 2, 3 …) is never the budget,
    # even beside the item column ("TT | TT" of a staff list).
    usable = [p for p in usable if p.share(is_item_number) < settings.item_share
              and p.counter_share() < settings.item_share]
    budget = best(is_amount, settings.amount_share, "amounts", "budget_million_vnd")
    period = best(lambda t: is_period(t, settings.period_max_chars), settings.period_share, "periods", "period")
    units = [p for p in usable if p.index not in found and p.share(is_unit) >= settings.unit_share]
    if len(units) >= 2:
        units.sort(key=lambda p: p.units_per_cell())
        lead, partner = units[0], units[-1]
        for profile, name in ((lead, "lead_units"), (partner, "partner_units")):
            found[profile.index] = name
            evidence.append(f"column {profile.index + 1} = {name} ({_pct(profile.share(is_unit))} of its "
                            f"cells name units, {profile.units_per_cell():.1f} per cell)")
    elif units:
        found[units[0].index] = "lead_units"
        evidence.append(f"column {units[0].index + 1} = lead_units ({_pct(units[0].share(is_unit))} of its "
                        "cells name units; the only unit column, so read as the lead units)")
    long_texts = [p for p in usable if p.index not in found and p.mean_length >= settings.long_text_chars]
    long_texts.sort(key=lambda p: (p.sections, p.fill), reverse=True)
    for profile, name in zip(long_texts, ("task", "products")):
        found[profile.index] = name
        evidence.append(f"column {profile.index + 1} = {name} (texts of {profile.mean_length:.0f} characters "
                        f"on average, filled in {_pct(profile.fill)} of rows, alone beside the item number "
                        f"in {profile.sections})")
    evidence.sort(key=lambda e: int(e.split()[1]))  # "column N = …", left to right
    kinds = sum(1 for present in (budget, period, units) if present)
    score = settings.content_role_weight * len(found)
    reasons = ["no header row"] + evidence
    missing = [what for what, absent in (("no task texts", "task" not in found.values()),
                                         ("no periods", settings.content_requires_period and period is None))
               if absent]
    if missing or kinds < settings.content_min_kinds or score < settings.content_threshold:
        reasons.append(f"content is not a plan's: {kinds} of units, periods and amounts "
                       f"(needs {settings.content_min_kinds}), score {score:g} "
                       f"(needs {settings.content_threshold:g}){''.join(', ' + m for m in missing)}")
        return Classification("other", score, reasons, header_rows=0)
    fields = dict(sorted(found.items()))
    extra = {i: f"column {i + 1}" for i in range(width) if i not in fields and profiles[i].texts}
    note = ("no header row (the table's first page may be lost): columns recognised by their content: "
            + "; ".join(evidence))
    columns = ColumnMap(fields=fields, extra=extra, headers=[""] * width, header_rows=0,
                        recognised_by="content", notes=[note])
    return Classification("plan", score, reasons + [f"score {score:g}"], columns=columns, header_rows=0)


def plan_columns(rows: list[list[str]], width: int,
                 settings: ClassifySettings | None = None) -> ColumnMap | None:
    """The columns of a plan table, or None when the table is not one."""
    return classify_table(rows, width, settings).columns
