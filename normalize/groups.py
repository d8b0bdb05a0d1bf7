"""Group rows: rows whose amount is the subtotal of the rows under them.

A plan table often prints an amount on a row that heads other rows ("3 Tổ
chức đánh giá … 20" over "3.1 … 12" and "3.2 … 8", or an unrecognised
section row "XÂY DỰNG CƠ SỞ … 20.000" over its items). Such an amount is a
subtotal: adding it to the rows' sum counts the same money twice. This
module decides which rows are group rows, in this order:

1. **The printed structure decides first.** Section rows and rows labelled
   "Cộng" never reach this module (normalize.structure keeps their amounts
   apart as subtotals). A numbered row whose item number has children in the
   numbering ("3" over "3.1", "3.2") is a group row when it carries an amount
   and so does one of its children, even with a single child ("3" over
   "3.1" alone). Rows whose labels are of one kind ("1", "2", "3"; "a", "b";
   "-", "-") are siblings and never one another's group row, whatever their
   amounts.
2. **Sums are evidence where the printed structure is silent.** A row is a
   group row when its amount equals the sum of the rows under it *up to the
   next such row* (nested levels too: a group row inside a group), the rows
   under it being unlabelled or labelled otherwise than it (the item column
   was not recognised; "1" over "-" bullets). A plain row may follow a group
   at the same level only where a known sum (a group row's amount, the
   stated total) says so. Among the readings the sums allow, the one whose
   rows' sum equals the stated total (or the section's printed subtotal)
   wins, then the one with the most groups of two rows or more and the
   fewest groups of one. A row whose amount equals the single row below it
   is a group only beside groups of several rows (a section of one project
   among sections), never by itself.

Every group row found by sums is reported (see normalize.checks): its
amount becomes a subtotal checked against the rows beneath it, never added
to the rows' sum, and a reading that nothing printed confirms is a warning.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import regex

from .model import PlanRow
from .numbering import parse_item

log = logging.getLogger(__name__)

NUMBERING, SUMS = "numbering", "sums"


@dataclass
class GroupOptions:
    """Limits of the search for group rows by their sums."""

    #: Rows with an amount, per section, above which no group is looked for
    #: by sums (the search grows with the square of this number; plan tables
    #: have far fewer amounts per section).
    max_amounts: int = 120
    #: Levels of group rows found by sums under one another (total, section,
    #: group of items: three in the plans seen; one more for safety).
    max_depth: int = 4


@dataclass
class Group:
    """A group row: its amount is the subtotal of the rows under it."""

    row: int  # index of the group row in the table's rows
    members: list[int]  # indices of every row under it (any depth)
    leaves_sum: Decimal  # the sum of the amounts under it that are not subtotals themselves
    basis: str  # NUMBERING or SUMS


@dataclass
class GroupReading:
    """Which rows of a table are group rows, and the rows' sum without their subtotals."""

    groups: list[Group] = field(default_factory=list)
    rows_sum: Decimal = Decimal(0)  # each amount once: group rows' amounts left out
    every_row_sum: Decimal = Decimal(0)  # every amount added, group rows too

    def group_rows(self) -> set[int]:
        return {g.row for g in self.groups}


def _amount(row: PlanRow) -> Decimal | None:
    return row.budget_million_vnd


def _section_key(row: PlanRow) -> tuple[tuple[str, str], ...]:
    return tuple((ref.code, ref.title) for ref in row.section_path) or ((row.section, row.section_title),)


def read_groups(rows: list[PlanRow], total: Decimal | None = None,
                section_totals: dict[tuple[str, str], Decimal] | None = None,
                options: GroupOptions | None = None) -> GroupReading:
    """The group rows of a table and its rows' sum counting each amount once.

    ``total`` is the table's stated total and ``section_totals`` the printed
    subtotals of its sections, by (code, title): they choose between the
    readings the sums allow, never override what the numbering says.
    """
    options = options or GroupOptions()
    section_totals = section_totals or {}
    groups: list[Group] = []
    scopes: list[list[int]] = []
    for index, row in enumerate(rows):
        if scopes and _section_key(rows[scopes[-1][-1]]) == _section_key(row):
            scopes[-1].append(index)
        else:
            scopes.append([index])
    for scope in scopes:
        key = _section_key(rows[scope[0]])[-1]
        target = section_totals.get(key)
        if target is None and len(scopes) == 1:
            target = total
        numbered = _numbered_groups(rows, scope)
        groups.extend(numbered)
        groups.extend(_sum_groups(rows, scope, numbered, target, options))
    heads = {g.row for g in groups}
    amounts = [(i, _amount(r)) for i, r in enumerate(rows) if _amount(r) is not None]
    groups.extend(_bare_total_rows(rows, amounts, heads))
    heads = {g.row for g in groups}
    for group in groups:
        group.leaves_sum = sum((a for i, a in amounts if i in group.members and i not in heads), Decimal(0))
    groups.sort(key=lambda g: g.row)
    return GroupReading(groups=groups,
                        rows_sum=sum((a for i, a in amounts if i not in heads), Decimal(0)),
                        every_row_sum=sum((a for _, a in amounts), Decimal(0)))


def _is_bare_amount(row: PlanRow) -> bool:
    """A row that holds an amount and nothing else: no label, no task, no unit, no period."""
    return (_amount(row) is not None and not row.item and not row.task and not row.products
            and not row.lead_units and not row.partner_units and not row.period.text and not row.extra)


def _bare_total_rows(rows: list[PlanRow], amounts: list[tuple[int, Decimal]], heads: set[int]) -> list[Group]:
    """The first or last row, an amount alone that equals all the other rows: a total whose label was lost.

    Its sections' rows are in other scopes, so the search by sections cannot
    see it; it is a group over the whole table (its amount never added again),
    and nothing printed confirms it, so the checks say so.
    """
    out = []
    for index in sorted({0, len(rows) - 1}):
        if index in heads or not rows or not _is_bare_amount(rows[index]):
            continue
        others = [i for i, _ in amounts if i != index]
        rest = sum((a for i, a in amounts if i != index and i not in heads), Decimal(0))
        if others and _amount(rows[index]) == rest:
            out.append(Group(row=index, members=[i for i in range(len(rows)) if i != index],
                             leaves_sum=rest, basis=SUMS))
            break
    return out


def _numbered_groups(rows: list[PlanRow], scope: list[int]) -> list[Group]:
    """Numbered rows with an amount over numbered children with amounts."""
    out: list[Group] = []
    for position, index in enumerate(scope):
        number = parse_item(rows[index].item)
        if number is None or _amount(rows[index]) is None:
            continue
        members: list[int] = []
        for other in scope[position + 1:]:
            child = parse_item(rows[other].item)
            if child is None:
                if _amount(rows[other]) is not None:
                    break  # an unnumbered amount ends the numbered group
                members.append(other)
                continue
            if len(child) <= len(number) or child[:len(number)] != number:
                break
            members.append(other)
        if any(_amount(rows[m]) is not None for m in members):
            out.append(Group(index, members, Decimal(0), NUMBERING))
    return out


#: Item labels that mark a row as one of a list of siblings ("-", "+", "a", "b" …).
_BULLETS = set("-+*•–")


def label_kind(item: str) -> str | None:
    """The kind of an item label: rows of one kind are siblings, so never one another's group row.

    "1", "2" → "number 1"; "1.1" → "number 2"; "a", "b)" → "letter"; "-" → "bullet -";
    a Roman numeral → "roman"; no label → None (the printed structure says nothing).
    """
    text = item.strip().rstrip(".)")
    if not text:
        return None
    number = parse_item(text)
    if number is not None:
        return f"number {len(number)}"
    if text in _BULLETS:
        return f"bullet {text}"
    if regex.fullmatch(r"[IVXLC]+", text):
        return "roman"
    if regex.fullmatch(r"\p{Ll}", text):
        return "letter"
    return "other"


@dataclass
class _Atom:
    rows: list[int]  # the table rows it stands for (a numbered group and its children are one atom)
    amount: Decimal
    kind: str | None  # see label_kind

    @property
    def can_head(self) -> bool:
        return self.amount > 0


@dataclass(frozen=True)
class _Parse:
    """A reading of a run of atoms: its group rows (head, first, end) and its counts.

    ``items`` is the number of rows at the run's own level; ``multi`` and
    ``single`` count the groups of two rows or more and of one row (at any
    level), ``level_multi`` and ``level_single`` those at the run's own level.
    """

    groups: tuple[tuple[int, int, int], ...] = ()
    items: int = 0
    multi: int = 0
    single: int = 0
    level_multi: int = 0
    level_single: int = 0

    def score(self) -> tuple[int, int]:
        return self.multi, -self.single

    def then(self, other: "_Parse") -> "_Parse":
        """This run followed by another at the same level."""
        return _Parse(self.groups + other.groups, self.items + other.items, self.multi + other.multi,
                      self.single + other.single, self.level_multi + other.level_multi,
                      self.level_single + other.level_single)

    def sound(self) -> bool:
        """A group of one only beside a group of several rows: never by its sum alone."""
        return self.level_single == 0 or self.level_multi > 0


def _group(head: int, end: int, body: _Parse) -> _Parse:
    """The group row ``head`` over the atoms up to ``end``, read as ``body``, as one item."""
    several = body.items >= 2
    return _Parse(((head, head + 1, end),) + body.groups, 1, body.multi + several,
                  body.single + (not several), int(several), int(not several))


def _preferred(a: _Parse | None, b: _Parse | None) -> _Parse | None:
    """Of two complete runs of groups at one level, the sound one, then the better scored."""
    if b is None:
        return a
    return b if a is None or (b.sound(), b.score()) > (a.sound(), a.score()) else a


def _better(a: _Parse | None, b: _Parse | None) -> _Parse | None:
    """Of two readings, the better scored; an unsound reading is never taken."""
    if b is None or not b.sound():
        return a
    return b if a is None or b.score() > a.score() else a


def _sum_groups(rows: list[PlanRow], scope: list[int], numbered: list[Group], target: Decimal | None,
                options: GroupOptions) -> list[Group]:
    """Rows whose amount is the sum of the rows under them, where the labels do not say otherwise."""
    inside = {m for g in numbered for m in g.members}
    atoms: list[_Atom] = []
    for index in scope:
        if index in inside or _amount(rows[index]) is None:
            continue  # rows without an amount add nothing and head nothing
        group = next((g for g in numbered if g.row == index), None)
        members = [index] + (group.members if group else [])
        atoms.append(_Atom(members, _amount(rows[index]), label_kind(rows[index].item)))
    if len(atoms) < 2:
        return []
    if len(atoms) > options.max_amounts:
        log.info("%d amounts in one section: group rows are not looked for by their sums", len(atoms))
        return []
    parse = _best_reading(atoms, target, options.max_depth)
    if parse is None or not parse.groups:
        return []
    out = []
    for head, first, end in parse.groups:
        members = [r for atom in atoms[first:end] for r in atom.rows]
        out.append(Group(atoms[head].rows[0], members, Decimal(0), SUMS))
    return out


def _best_reading(atoms: list[_Atom], target: Decimal | None, max_depth: int) -> _Parse | None:
    """The reading of the run of atoms that the sums and the stated total support best."""
    n = len(atoms)
    amounts = [a.amount for a in atoms]
    prefix = [Decimal(0)]
    for amount in amounts:
        prefix.append(prefix[-1] + amount)

    def flat(lo: int, hi: int) -> Decimal:
        return prefix[hi] - prefix[lo]

    @lru_cache(maxsize=None)
    def reach(lo: int, hi: int, wanted: Decimal, depth: int) -> _Parse | None:
        """The best reading of atoms[lo:hi], rows and groups in any order, whose rows sum to ``wanted``.

        Only a known sum (a group row's amount, a stated total) lets a plain row
        follow a group at the same level: the sum is the evidence.
        """
        every = flat(lo, hi)
        if wanted < 0 or wanted > every:
            return None
        if wanted == every:
            return _Parse(items=hi - lo)  # a group row would make the sum smaller
        if depth >= max_depth:
            return None
        best: _Parse | None = None
        rest = reach(lo + 1, hi, wanted - amounts[lo], depth)
        if rest is not None:
            best = _preferred(best, _Parse(items=1).then(rest))
        if atoms[lo].can_head and 0 < amounts[lo] <= wanted:
            for j, group in bodies(lo, hi, depth):
                rest = reach(j, hi, wanted - amounts[lo], depth)
                if rest is not None:
                    best = _preferred(best, group.then(rest))
        return best

    def bodies(k: int, hi: int, depth: int):
        """The sound readings of the atoms under a group row at ``k``, by where they end."""
        for j in range(k + 2, hi + 1):
            if amounts[j - 1] > amounts[k]:
                break  # nothing under a group row is larger than its amount
            if atoms[k].kind is not None and atoms[j - 1].kind == atoms[k].kind:
                break  # a row labelled like the group row is its sibling, not under it
            if flat(k + 1, j) < amounts[k]:
                continue
            body = reach(k + 1, j, amounts[k], depth + 1)
            if body is not None and body.sound():
                yield j, _group(k, j, body)

    @lru_cache(maxsize=None)
    def top_groups(k: int) -> _Parse | None:
        """atoms[k:] as consecutive groups, whatever their sum."""
        if not atoms[k].can_head or amounts[k] <= 0:
            return None
        best: _Parse | None = None
        for j, group in bodies(k, n, 0):
            tail = _Parse() if j == n else top_groups(j)
            if tail is not None:
                best = _preferred(best, group.then(tail))
        return best

    if target is not None:
        found = reach(0, n, target, 0)
        if found is not None and found.sound():
            return found
    # No figure to match: the best reading whatever its sum.
    best: _Parse | None = _Parse(items=n)
    for k in range(n):
        found = top_groups(k)
        if found is not None:
            best = _better(best, _Parse(items=k).then(found))
    return best
