"""Compare kehoach's output with the golden data in samples/truth/, field by field.

Truth rows and output rows are aligned as sequences (by section, item and the
start of the task), so a missing or an extra row costs its own fields and
does not shift every row after it. Used by the golden tests and by bench/.
"""
from __future__ import annotations

import difflib
import json
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

FIELDS = ("task", "products", "lead_units", "partner_units", "period", "budget")
TEXT_FIELDS = ("task", "products", "lead_units", "partner_units", "period")


@dataclass
class Mismatch:
    table: str
    section: str
    item: str
    field: str
    expected: object
    got: object


@dataclass
class Score:
    matched: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    total: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    flagged: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    mismatches: list[Mismatch] = field(default_factory=list)

    def share(self, fields=FIELDS) -> float:
        total = sum(self.total[f] for f in fields)
        return sum(self.matched[f] for f in fields) / total if total else 1.0

    def share_or_flagged(self, fields=FIELDS) -> float:
        total = sum(self.total[f] for f in fields)
        return sum(self.matched[f] + self.flagged[f] for f in fields) / total if total else 1.0

    def add(self, other: "Score") -> None:
        for f in FIELDS:
            self.matched[f] += other.matched[f]
            self.total[f] += other.total[f]
            self.flagged[f] += other.flagged[f]
        self.mismatches += other.mismatches

    def report(self) -> str:
        parts = [f"{f} {self.matched[f]}/{self.total[f]}" for f in FIELDS]
        return f"{self.share():.1%} of fields match ({', '.join(parts)})"


def load_truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def truth_rows(table: dict) -> list[dict]:
    """The truth table's rows with their section code, as the output has them."""
    rows, section = [], ""
    for entry in table["body"]:
        if entry["type"] == "section":
            section = entry["code"]
        elif entry["type"] == "row":
            rows.append({**entry, "section": section})
    return rows


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def expected_value(row: dict, name: str):
    if name == "budget":
        value = row.get("budget_million_vnd")
        return None if value is None else Decimal(str(value))
    if name == "period":
        return _norm(row.get("period", ""))
    if name == "task":
        return _norm(row.get("task", ""))
    return [_norm(v) for v in row.get(name, [])]


def got_value(row: dict, name: str):
    if name == "budget":
        value = row.get("budget_million_vnd")
        return None if value is None else Decimal(str(value))
    if name == "period":
        return _norm(row["period"]["text"])
    if name == "task":
        return _norm(row["task"])
    return [_norm(v) for v in row[name]]


def _key(row: dict, task: str) -> str:
    return f"{row.get('section', '')}|{row.get('item', '')}|{_norm(task)[:12].lower()}"


def compare_table(truth_table: dict, out_table: dict, name: str = "") -> Score:
    score = Score()
    expected = truth_rows(truth_table)
    got = out_table["rows"] if out_table else []
    matcher = difflib.SequenceMatcher(a=[_key(r, r.get("task", "")) for r in expected],
                                      b=[_key(r, r["task"]) for r in got], autojunk=False)
    pairs: list[tuple[dict | None, dict | None]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and a1 - a0 == b1 - b0):
            pairs += list(zip(expected[a0:a1], got[b0:b1]))
        else:
            pairs += [(r, None) for r in expected[a0:a1]] + [(None, r) for r in got[b0:b1]]
    for truth_row, out_row in pairs:
        for f in FIELDS:
            score.total[f] += 1
            want = expected_value(truth_row, f) if truth_row else None
            have = got_value(out_row, f) if out_row else None
            if truth_row and out_row and want == have:
                score.matched[f] += 1
                continue
            flagged_name = "budget_million_vnd" if f == "budget" else f
            if out_row and flagged_name in out_row.get("low_confidence", []):
                score.flagged[f] += 1
            ref = truth_row or out_row
            score.mismatches.append(Mismatch(name, ref.get("section", ""), ref.get("item", ""), f,
                                             want if truth_row else "(extra row)",
                                             have if out_row else "(missing row)"))
    return score


#: The checks that must fail on each sample, read off the documents by hand:
#: 2070's rows sum to 1.048 against 1.080 (its first page is missing); the
#: district plan states 342 against 337 and numbers section III 1, 2, 3, 3, 5;
#: letter 104 cites a letter dated after itself; 1657's plan caption dates the
#: decision 2019 instead of 2018. Every other check must pass.
EXPECTED_FAILING = {
    "dak-nong-cv104-2019": {"citation-after-document"},
    "dak-nong-qd1657-2019": {"citation-date-matches"},
    "dak-nong-qd2070-2019": {"budget-total-matches-rows"},
    "synthetic-bo-2025": set(),
    "synthetic-huyen-2023": {"budget-total-matches-rows", "numbering-duplicate", "numbering-gap"},
    "synthetic-tinh-2024": set(),
}


def failing_checks(data: dict) -> set[str]:
    """Ids of the failing checks in an output (tables and documents)."""
    return ({c["check"] for t in data["tables"] for c in t["checks"] if not c["ok"]}
            | {c["check"] for c in data.get("checks", []) if not c["ok"]})
