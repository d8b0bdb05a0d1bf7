"""Item numbers of a plan outline ("1", "1.2", "1.2.3"): order and OCR damage."""
from __future__ import annotations

from itertools import combinations


def parse_item(item: str) -> tuple[int, ...] | None:
    parts = item.split(".")
    if not item or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def sequence_problem(previous: tuple[int, ...], current: tuple[int, ...]) -> str | None:
    """None when current may follow previous in a numbered outline."""
    if current == previous + (1,):
        return None  # first child
    for depth in range(len(previous), 0, -1):
        parent = previous[:depth - 1]
        if current[:depth - 1] == parent and len(current) >= depth:
            step = current[depth - 1] - previous[depth - 1]
            tail_ok = all(p == 1 for p in current[depth:])
            if step == 1 and tail_ok:
                return None
            if step > 1:
                return "gap"
            if step <= 0:
                return "order"
    if len(current) > len(previous) + 1 or current[len(previous):] != (1,) * (len(current) - len(previous)):
        return "gap"
    return "order"


def _dotted_readings(digits: str) -> list[str]:
    """"221" → "2.21", "22.1", "2.2.1": the numbers a lost dot may have hidden."""
    readings = []
    for count in range(1, len(digits)):
        for cuts in combinations(range(1, len(digits)), count):
            parts = [digits[i:j] for i, j in zip((0, *cuts), (*cuts, len(digits)))]
            if all(not (len(p) > 1 and p.startswith("0")) for p in parts):
                readings.append(".".join(parts))
    return readings


def restore_lost_dots(previous: str | None, item: str, following: str | None = None,
                      doubted: bool = False) -> str | None:
    """The item with the dots OCR dropped ("22" after "2.1" → "2.2"), or None.

    Only when the item as read does not continue the outline from
    ``previous`` and exactly one reading with dots does (and, when the next
    item is known, that reading is also followed by it; as read, or, when
    the OCR ``doubted`` this item, with the next one's own lost dots put
    back: "31" between "3" and "32" is "3.1", "32" then being "3.2". A sure
    "31" between "3" and "32" may be a page of items lost between them.)
    """
    number = parse_item(item)
    before = parse_item(previous) if previous else None
    if number is None or len(number) != 1 or before is None or len(item) < 2:
        return None
    if sequence_problem(before, number) is None:
        return None
    # The next item as read (and with its own lost dots when this one is doubted); one that is no
    # number ("HH", "") says nothing, as before.
    afters = [a for a in ((_as_read_or_dotted(following) if doubted else [parse_item(following)])
                          if following else []) if a is not None]
    fitting = []
    for reading in _dotted_readings(item):
        candidate = parse_item(reading)
        if sequence_problem(before, candidate) is None and (
                not afters or any(sequence_problem(candidate, after) is None for after in afters)):
            fitting.append(reading)
    return fitting[0] if len(fitting) == 1 else None


def _as_read_or_dotted(item: str) -> list[tuple[int, ...]]:
    """An item as read, and, for a bare number of two digits or more, its readings with lost dots."""
    number = parse_item(item)
    if number is None:
        return []
    readings = [number]
    if len(number) == 1 and len(item) >= 2:
        readings += [parse_item(r) for r in _dotted_readings(item)]
    return readings


def _next_items(previous: tuple[int, ...]) -> list[tuple[int, ...]]:
    """What may follow ``previous``: its first child, its next sibling, an uncle's next sibling."""
    out = [previous + (1,)]
    for depth in range(len(previous), 0, -1):
        out.append(previous[:depth - 1] + (previous[depth - 1] + 1,))
    return out


def item_from_outline(previous: str | None, following: str | None, depths: set[int]) -> str | None:
    """The one number an unread item cell can hold, or None when the outline allows several.

    ``previous``/``following`` are the neighbouring items as read; ``depths``
    the outline levels the table uses. "4" then nothing, in a table numbered
    1, 2, 3 … only, can only be "5"; "2.1" then "2.3" can only be "2.2".
    """
    before = parse_item(previous) if previous else None
    if before is None:
        return None
    after = parse_item(following) if following else None
    fitting = [c for c in _next_items(before)
               if len(c) in depths and (after is None or sequence_problem(c, after) is None)]
    return ".".join(str(n) for n in fitting[0]) if len(fitting) == 1 else None
