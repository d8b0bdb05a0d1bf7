"""Item numbers and sections against samples/truth: the part of a scanned table
that the field score in golden.py does not count (it aligns rows by them).

Rows are paired by the start of their task (as golden.py does, without the
section and item), and a truth row counts as read when its paired output row
has the same item number and section code. Used by the scan goldens and bench/.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from golden import _norm, truth_rows


@dataclass
class ItemScore:
    items: int = 0  # truth rows with an item number
    items_exact: int = 0
    sections_exact: int = 0  # truth rows whose section code was read

    def add(self, other: "ItemScore") -> None:
        self.items += other.items
        self.items_exact += other.items_exact
        self.sections_exact += other.sections_exact

    @property
    def item_share(self) -> float:
        return self.items_exact / self.items if self.items else 1.0

    @property
    def section_share(self) -> float:
        return self.sections_exact / self.items if self.items else 1.0


def item_score(truth_table: dict, out_table: dict | None) -> ItemScore:
    expected = [r for r in truth_rows(truth_table) if r.get("item")]
    got = out_table["rows"] if out_table else []
    matcher = difflib.SequenceMatcher(a=[_norm(r.get("task", ""))[:20].lower() for r in expected],
                                      b=[_norm(r["task"])[:20].lower() for r in got], autojunk=False)
    score = ItemScore(items=len(expected))
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            for want, have in zip(expected[a0:a1], got[b0:b1]):
                score.items_exact += str(want.get("item", "")) == str(have.get("item", ""))
                score.sections_exact += str(want.get("section", "")) == str(have.get("section", ""))
    return score
