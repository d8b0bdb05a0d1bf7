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


#: The largest multiple of a printed total that a rows' sum is recognised as
#: ("the rows sum to 3 times the total": subtotals or the total counted as rows).
MAX_MULTIPLE = 10


def _multiple(rows_sum: Decimal | None, value: Decimal | None) -> int | None:
    """k when ``rows_sum`` is k (2 … MAX_MULTIPLE) times ``value``."""
    if rows_sum is None or value is None or value <= 0 or rows_sum <= value:
        return None
    k = rows_sum / value
    return int(k) if k == int(k) and 2 <= k <= MAX_MULTIPLE else None


def budget_checks(rows: list[PlanRow], total: Total, subtotals: list[Subtotal],
                  where: dict) -> list[Check]:
    """The stated total, the amount in words and the subtotals against the rows.

    ``total.rows_sum_million_vnd`` counts each amount once (group rows'
    amounts are subtotals, listed in ``subtotals``; see normalize.groups).
    A total printed only in words is compared like a figure.
    """
    checks: list[Check] = []
    stated = total.stated_million_vnd
    rows_sum = total.rows_sum_million_vnd
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

    figure = stated if stated is not None else total.in_words_million_vnd
    if figure is None:
        checks.append(_no_total_check(rows, total, subtotals, where))
    else:
        checks.append(_total_check(rows, total, figure, unread, where))

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

    checks.extend(_subtotal_checks(subtotals, where))
    checks.extend(_groups_by_sum_check(rows, total, figure, subtotals, where))
    return checks


def _total_check(rows: list[PlanRow], total: Total, figure: Decimal, unread: list[PlanRow],
                 where: dict) -> Check:
    """budget-total-matches-rows: the stated total (or the total in words) against the rows' sum."""
    rows_sum = total.rows_sum_million_vnd
    unsure = [r for r in rows if "budget_million_vnd" in r.low_confidence]
    in_words = total.stated_million_vnd is None
    name = "the total stated in words" if in_words else "the stated total"
    name_vi = "tổng bằng chữ" if in_words else "tổng cộng"
    diff = figure - (rows_sum or Decimal(0))
    if unsure or total.position == "low-confidence":
        items = ", ".join(r.item or "(unnumbered)" for r in unsure) or "the total"
        return Check(
            "budget-total-matches-rows", False, WARNING,
            f"The total cannot be confirmed: amounts in {items} were read with low confidence "
            f"(stated {format_en(figure)}, rows sum to {format_en(rows_sum)} million VND). "
            "Check them against the page.",
            {**where, "items": [r.item for r in unsure]},
            f"Chưa thể xác nhận tổng: số tiền ở mục {items} đọc không chắc chắn "
            f"(ghi {format_vi(figure)}, cộng các dòng {format_vi(rows_sum)} triệu đồng).")
    if diff == 0:
        return Check(
            "budget-total-matches-rows", True, INFO,
            f"{name[0].upper()}{name[1:]} {format_en(figure)} million VND equals the sum of the rows.",
            where, f"{name_vi[0].upper()}{name_vi[1:]} {format_vi(figure)} triệu đồng khớp với tổng các dòng.")
    direction = "more" if diff > 0 else "less"
    cause = ""
    cause_vi = ""
    midway = numbering_starts_midway(rows)
    times = _multiple(rows_sum, figure)
    if times:
        cause = (f" The rows sum to {times} times {name}: rows that are subtotals (of sections "
                 "or groups), or the total itself, are probably counted as rows.")
        cause_vi = (f" Các dòng cộng lại gấp {times} lần {name_vi}: có thể các dòng cộng phần, "
                    "cộng nhóm hoặc chính dòng tổng đã bị tính như dòng nhiệm vụ.")
    elif diff > 0 and midway:
        cause = (f" The table starts at item {midway}, so its first rows (probably a "
                 "missing page) are not in the document.")
        cause_vi = (f" Bảng bắt đầu từ mục {midway}: các dòng đầu (có thể một trang bị thiếu) "
                    "không có trong văn bản.")
    elif unread:
        cause = " Some budget cells could not be read as numbers."
        cause_vi = " Một số ô kinh phí không đọc được thành số."
    label = "The total stated in words is" if in_words else "The stated total is"
    label_vi = "Tổng bằng chữ ghi" if in_words else "Tổng cộng ghi"
    return Check(
        "budget-total-matches-rows", False, ERROR,
        f"{label} {format_en(figure)} million VND but the rows sum to "
        f"{format_en(rows_sum)}: the total is {format_en(abs(diff))} million VND "
        f"{direction} than the rows.{cause}",
        {**where, "difference_million_vnd": float(diff), "starts_at": midway, "multiple": times},
        f"{label_vi} {format_vi(figure)} triệu đồng nhưng các dòng cộng lại "
        f"{format_vi(rows_sum)}: chênh lệch {format_vi(abs(diff))} triệu đồng.{cause_vi}")


def _no_total_check(rows: list[PlanRow], total: Total, subtotals: list[Subtotal], where: dict) -> Check:
    """budget-total-stated: a table with amounts and no stated total is a warning."""
    rows_sum = total.rows_sum_million_vnd
    amounts = [r.budget_million_vnd for r in rows if r.budget_million_vnd is not None]
    if not amounts and not any(r.budget_text for r in rows):
        return Check("budget-total-stated", True, INFO, "The table has no budget figures.", where,
                     "Bảng không có số liệu kinh phí.")
    if total.position is not None:
        found = "a total row was found but its amount could not be read"
        found_vi = "có dòng tổng cộng nhưng không đọc được số tiền"
    else:
        found = "no 'Tổng cộng' row, total line or amount in words was found"
        found_vi = "không tìm thấy dòng tổng cộng, dòng tổng dưới bảng hay số tiền bằng chữ"
    message = (f"No stated total found: {found}; the rows sum to {format_en(rows_sum)} million VND, "
               "which nothing printed confirms.")
    message_vi = (f"Không tìm thấy tổng cộng: {found_vi}; các dòng cộng lại được {format_vi(rows_sum)} "
                  "triệu đồng, chưa có số in nào xác nhận.")
    largest = max(amounts, default=None)
    times = _multiple(rows_sum, largest)
    if times:
        message += (f" The rows sum to {times} times the largest amount in the table "
                    f"({format_en(largest)}): it may be a total or subtotals counted as rows.")
        message_vi += (f" Các dòng cộng lại gấp {times} lần số tiền lớn nhất trong bảng "
                       f"({format_vi(largest)}): có thể đó là dòng tổng hoặc dòng cộng bị tính như dòng nhiệm vụ.")
    heading = [s for s in subtotals if s.basis == "sums" and s.stated_million_vnd == rows_sum]
    if heading:
        message += (f" Row '{heading[0].section}' ({format_en(rows_sum)}) equals the sum of all the "
                    "rows under it: it may be the total, its label unread.")
        message_vi += (f" Dòng '{heading[0].section}' ({format_vi(rows_sum)}) bằng tổng mọi dòng "
                       "dưới nó: có thể đó là dòng tổng cộng bị đọc sai nhãn.")
    return Check("budget-total-stated", False, WARNING, message,
                 {**where, "rows_sum_million_vnd": float(rows_sum or 0), "multiple": times}, message_vi)


def _subtotal_checks(subtotals: list[Subtotal], where: dict) -> list[Check]:
    """budget-subtotal-matches-section: each section's or group's subtotal against the rows under it."""
    checks: list[Check] = []
    for subtotal in subtotals:
        ok = subtotal.stated_million_vnd == subtotal.rows_sum_million_vnd
        stated, stated_vi = format_en(subtotal.stated_million_vnd), format_vi(subtotal.stated_million_vnd)
        summed, summed_vi = format_en(subtotal.rows_sum_million_vnd), format_vi(subtotal.rows_sum_million_vnd)
        place = {**where, "section": subtotal.section, "basis": subtotal.basis}
        if subtotal.pages:
            place["pages"] = subtotal.pages
        if subtotal.basis == "sums":
            message = (f"Row '{subtotal.section}': its amount {stated} equals the sum of the rows under it "
                       "and is read as their subtotal (not added again).")
            message_vi = (f"Dòng '{subtotal.section}': số tiền {stated_vi} bằng tổng các dòng dưới nó, "
                          "được hiểu là dòng cộng (không cộng thêm lần nữa).")
        elif subtotal.basis == "numbering":
            message = (f"Item {subtotal.section}: subtotal {stated}, the items under it sum to "
                       f"{summed} million VND.")
            message_vi = (f"Mục {subtotal.section}: cộng mục ghi {stated_vi}, các mục con cộng lại "
                          f"{summed_vi} triệu đồng.")
        else:
            message = f"Section {subtotal.section}: subtotal {stated}, its rows sum to {summed} million VND."
            message_vi = f"Phần {subtotal.section}: cộng phần ghi {stated_vi}, các dòng cộng lại {summed_vi} triệu đồng."
        checks.append(Check("budget-subtotal-matches-section", ok, INFO if ok else ERROR, message, place,
                            message_vi))
    return checks


def _groups_by_sum_check(rows: list[PlanRow], total: Total, figure: Decimal | None,
                         subtotals: list[Subtotal], where: dict) -> list[Check]:
    """budget-groups-by-sum: rows read as subtotals from their sums alone, and whether a figure confirms it."""
    by_sum = [s for s in subtotals if s.basis == "sums"]
    if not by_sum:
        return []
    every = sum((r.budget_million_vnd for r in rows if r.budget_million_vnd is not None), Decimal(0))
    names = ", ".join(f"'{s.section}'" for s in by_sum)
    confirmed = figure is not None and figure == total.rows_sum_million_vnd and figure != every
    if confirmed:
        return [Check(
            "budget-groups-by-sum", True, INFO,
            f"Rows {names} carry the sums of the rows under them and are read as subtotals; the rows' "
            f"sum without them, {format_en(total.rows_sum_million_vnd)}, equals the stated total "
            f"(counting every row would give {format_en(every)}).",
            {**where, "rows": [s.section for s in by_sum]},
            f"Các dòng {names} mang tổng của các dòng dưới chúng nên được hiểu là dòng cộng; không tính "
            f"chúng, các dòng cộng lại {format_vi(total.rows_sum_million_vnd)}, khớp với tổng cộng "
            f"(tính cả chúng sẽ là {format_vi(every)}).")]
    return [Check(
        "budget-groups-by-sum", False, WARNING,
        f"Rows {names} were read as subtotals only because their amounts equal the sums of the rows "
        f"under them (no item number says so); the rows sum to {format_en(total.rows_sum_million_vnd)} "
        f"without them, {format_en(every)} with them. Check them against the page.",
        {**where, "rows": [s.section for s in by_sum]},
        f"Các dòng {names} được hiểu là dòng cộng chỉ vì số tiền bằng tổng các dòng dưới chúng (không có "
        f"số thứ tự xác nhận); không tính chúng các dòng cộng lại {format_vi(total.rows_sum_million_vnd)}, "
        f"tính cả là {format_vi(every)}. Cần đối chiếu với bản gốc.")]


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
    from .sections import roman_value

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
