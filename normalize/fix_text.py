"""Repair a whole text line for line (the ``kehoach fix-text`` command)."""
from __future__ import annotations

from .model import Fix
from .repair import repair_text
from .text import clean_text

CELL_SEPARATOR = "\t"


def repair_line(line: str) -> tuple[str, list[Fix]]:
    """One line; tab-separated cells are repaired one by one, the tabs kept."""
    cells, fixes = [], []
    for cell in line.split(CELL_SEPARATOR):
        cleaned, found = clean_text(cell, "line")
        repaired, repaired_fixes = repair_text(cleaned, "line")
        cells.append(repaired)
        fixes += found + repaired_fixes
    return CELL_SEPARATOR.join(cells), fixes


def repair_lines(lines: list[str]) -> tuple[list[str], list[tuple[int, Fix]]]:
    """The repaired lines (as many as given) and each fix with its 1-based line number."""
    out: list[str] = []
    fixes: list[tuple[int, Fix]] = []
    for number, line in enumerate(lines, start=1):
        repaired, found = repair_line(line)
        out.append(repaired)
        fixes += [(number, fix) for fix in found]
    return out, fixes
