"""Section codes of a plan outline: Roman numerals (I … XXXIX), section letters, and what
OCR makes of them. normalize/structure.py opens sections with these."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .model import Fix, SectionRef

ROMAN = regex.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
#: A section row's code and title, as one text ("II. CẢI CÁCH THỂ CHẾ").
SECTION = regex.compile(r"^(?P<code>[IVXLC]+|[A-H])\s*[.):]?\s+(?P<title>\S.*)$", regex.S)

#: Plans have a handful of sections: a Roman "C" (100) or "D" (500) is a letter section.
MAX_SECTION_NUMBER = 39


@dataclass
class UnreadCode:
    """A section opened without its code (ink no read could turn into text, or a mark that is
    no code: "*"), until the next section names it; ``top``: not under a letter section;
    ``read``: what OCR read in the code cell, and its confidence."""

    section: SectionRef
    top: bool
    read: str = ""
    confidence: float | None = 0.0
    first_row_fixes: list[Fix] | None = None


def roman_value(code: str) -> int | None:
    """The value of a Roman section number (I … XXXIX), None for anything else."""
    if not code or not ROMAN.match(code):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for current, following in zip(code, code[1:] + " "):
        value = values[current]
        total += -value if following != " " and values.get(following, 0) > value else value
    return total if total <= MAX_SECTION_NUMBER else None


#: What OCR reads for the strokes of a Roman numeral it cannot make out ("HH", "!", "Il").
STROKE_LIKE = frozenset("IHlL1|!ÌÍïi")


def to_roman(value: int) -> str:
    """1 → "I", 14 → "XIV" (up to MAX_SECTION_NUMBER)."""
    out = ""
    for number, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += letters
            value -= number
    return out


def is_upper_title(text: str) -> bool:
    """A title in capitals (80% of its letters or more), as a section row prints it."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) / len(letters) >= 0.8
