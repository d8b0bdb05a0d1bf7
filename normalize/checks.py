"""Checks that a plan agrees with itself: totals and numbering.

Every check says, in words a civil servant understands (English and
Vietnamese), what disagrees, by how much and where. A failing total never
passes: an amount that was not read with confidence makes the check fail
as "cannot be confirmed", never succeed.
"""
from __future__ import annotations

from decimal import Decimal

from .model import Check, PlanRow, Subtotal, Total
from .money import parse_money
from .numbering import parse_item, sequence_problem
from .numbers_text import format_en, format_vi

ERROR, WARNING, INFO = "error", "warning", "info"


def numbering_starts_midway(rows: list[PlanRow]) -> str | None:
    """Where the first numbered row is not the first item of its table."""
    first = next((r for r in rows if parse_item(r.item)), None)
    if first is None:
        return None
    number = parse_item(first.item)
    section = first.section
    midway_section = bool(section) and section not in ("I", "A")
    if number != (1,) or midway_section:
        label = f"{section}.{first.item}" if section else first.item
        return label
    return None


def budget_checks(rows: list[PlanRow], total: Total, subtotals: list[Subtotal],
                  where: dict) -> list[Check]:
    checks: list[Check] = []
    stated = total.stated_million_vnd
    rows_sum = total.rows_sum_million_vnd
    unsure = [r for r in rows if "budget_million_vnd" in r.low_confidence]
    # "-", "…" mark a row with nothing planned (money.json empty_cells): no unread amount.
    unread = [r for r in rows if r.budget_text and r.budget_million_vnd is None
              and not parse_money(r.budget_text).ok]

    for row in unread:
        checks.append(Check(
            "budget-cell-readable", False, WARNING,
            f"Item {row.item or '(unnumbered)'}: the budget '{row.budget_text}' is not a number; "
            "it is left out of the sum.",
            {**where, "item": row.item, "section": row.section, "pages": row.pages},
            f"Mục {row.item or '(không số)'}: kinh phí '{row.budget_text}' không phải là số; "
            "không được cộng vào tổng."))

    if stated is None:
        checks.append(Check(
            "budget-total-stated", True, INFO,
            f"The table states no total; its rows sum to {format_en(rows_sum)} million VND.",
            where, f"Bảng không ghi tổng cộng; các dòng cộng lại được {format_vi(rows_sum)} triệu đồng."))
    else:
        diff = stated - (rows_sum or Decimal(0))
        if unsure or total.position == "low-confidence":
            items = ", ".join(r.item or "(unnumbered)" for r in unsure) or "the total"
            checks.append(Check(
                "budget-total-matches-rows", False, WARNING,
                f"The total cannot be confirmed: amounts in {items} were read with low confidence "
                f"(stated {format_en(stated)}, rows sum to {format_en(rows_sum)} million VND). "
                "Check them against the page.",
                {**where, "items": [r.item for r in unsure]},
                f"Chưa thể xác nhận tổng: số tiền ở mục {items} đọc không chắc chắn "
                f"(ghi {format_vi(stated)}, cộng các dòng {format_vi(rows_sum)} triệu đồng)."))
        elif diff == 0:
            checks.append(Check(
                "budget-total-matches-rows", True, INFO,
                f"The stated total {format_en(stated)} million VND equals the sum of the rows.",
                where, f"Tổng cộng {format_vi(stated)} triệu đồng khớp với tổng các dòng."))
        else:
            direction = "more" if diff > 0 else "less"
            cause = ""
            cause_vi = ""
            midway = numbering_starts_midway(rows)
            if diff > 0 and midway:
                cause = (f" The table starts at item {midway}, so its first rows (probably a "
                         "missing page) are not in the document.")
                cause_vi = (f" Bảng bắt đầu từ mục {midway}: các dòng đầu (có thể một trang bị thiếu) "
                            "không có trong văn bản.")
            elif unread:
                cause = " Some budget cells could not be read as numbers."
                cause_vi = " Một số ô kinh phí không đọc được thành số."
            checks.append(Check(
                "budget-total-matches-rows", False, ERROR,
                f"The stated total is {format_en(stated)} million VND but the rows sum to "
                f"{format_en(rows_sum)}: the total is {format_en(abs(diff))} million VND "
                f"{direction} than the rows.{cause}",
                {**where, "difference_million_vnd": float(diff), "starts_at": midway},
                f"Tổng cộng ghi {format_vi(stated)} triệu đồng nhưng các dòng cộng lại "
                f"{format_vi(rows_sum)}: chênh lệch {format_vi(abs(diff))} triệu đồng.{cause_vi}"))

    if total.in_words is not None:
        words_value = total.in_words_million_vnd
        if words_value is None:
            checks.append(Check(
                "budget-words-readable", False, WARNING,
                f"The amount in words '{total.in_words}' could not be read as a number.",
                where, f"Không đọc được số tiền bằng chữ '{total.in_words}'."))
        elif stated is not None:
            ok = words_value == stated
            checks.append(Check(
                "budget-words-match-figure", ok, INFO if ok else ERROR,
                f"The amount in words ({format_en(words_value)} million VND) "
                f"{'agrees with' if ok else 'differs from'} the stated total ({format_en(stated)}).",
                where,
                f"Số tiền bằng chữ ({format_vi(words_value)} triệu đồng) "
                f"{'khớp với' if ok else 'khác với'} tổng cộng bằng số ({format_vi(stated)})."))

    for subtotal in subtotals:
        ok = subtotal.stated_million_vnd == subtotal.rows_sum_million_vnd
        checks.append(Check(
            "budget-subtotal-matches-section", ok, INFO if ok else ERROR,
            f"Section {subtotal.section}: subtotal {format_en(subtotal.stated_million_vnd)}, "
            f"its rows sum to {format_en(subtotal.rows_sum_million_vnd)} million VND.",
            {**where, "section": subtotal.section},
            f"Phần {subtotal.section}: cộng phần ghi {format_vi(subtotal.stated_million_vnd)}, "
            f"các dòng cộng lại {format_vi(subtotal.rows_sum_million_vnd)} triệu đồng."))
    return checks


def numbering_checks(rows: list[PlanRow], where: dict) -> list[Check]:
    """Gaps, duplicates and out-of-order item numbers, section by section."""
    checks: list[Check] = []
    by_section: dict[tuple[str, ...], list[PlanRow]] = {}
    for row in rows:
        key = tuple(ref.code for ref in row.section_path) or (row.section,)
        by_section.setdefault(key, []).append(row)
    for key, section_rows in by_section.items():
        section = ".".join(c for c in key if c)
        seen: dict[tuple[int, ...], PlanRow] = {}
        previous: tuple[int, ...] | None = None
        for row in section_rows:
            number = parse_item(row.item)
            if number is None:
                continue
            place = {**where, "section": section, "item": row.item, "pages": row.pages}
            label = f"{section}.{row.item}" if section else row.item
            if number in seen:
                checks.append(Check(
                    "numbering-duplicate", False, WARNING,
                    f"Item {label} appears twice.", place, f"Mục {label} bị trùng số thứ tự."))
            elif previous is not None:
                problem = sequence_problem(previous, number)
                before = ".".join(map(str, previous))
                before = f"{section}.{before}" if section else before
                if problem == "gap":
                    checks.append(Check(
                        "numbering-gap", False, WARNING,
                        f"Item {label} follows {before}: a number is missing.",
                        place, f"Mục {label} đứng sau mục {before}: thiếu số thứ tự."))
                elif problem == "order":
                    checks.append(Check(
                        "numbering-order", False, WARNING,
                        f"Item {label} is out of order (after {before}).",
                        place, f"Mục {label} không đúng thứ tự (sau mục {before})."))
            seen[number] = row
            previous = number
    if not checks:
        checks.append(Check("numbering", True, INFO, "Item numbers run in order without gaps or duplicates.",
                            where, "Số thứ tự các mục liên tục, không trùng, không thiếu."))
    return checks


def section_checks(rows: list[PlanRow], where: dict) -> list[Check]:
    """Roman section numbers that skip or repeat."""
    from .structure import roman_value

    checks: list[Check] = []
    codes: list[str] = []
    for row in rows:
        ref = next((s for s in reversed(row.section_path) if roman_value(s.code)), None)
        if ref and (not codes or codes[-1] != ref.code):
            codes.append(ref.code)
    values = [roman_value(c) for c in codes]
    for before, after, code in zip(values, values[1:], codes[1:]):
        if after is not None and before is not None and after != before + 1 and after != 1:
            checks.append(Check("section-sequence", False, WARNING,
                                f"Section {code} does not follow the previous section in order.",
                                {**where, "section": code},
                                f"Phần {code} không liền sau phần trước đó."))
    return checks
