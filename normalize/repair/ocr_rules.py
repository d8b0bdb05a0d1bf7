"""OCR rules that are not about tones: digits read as letters, quarters, item numbers, letter case.

"digit-letter" (letters read for digits: "2O19", "l0", "tháng l"),
"quarter-roman" in the period column ("Quý 1" → "Quý I", "Quý iI" → "Quý II"),
"period-word" there too (the word before a period's number read with another
mark: "thắng 11/2026" → "tháng 11/2026", "Qúy" → "Quý"),
"slash-doubled" (one slash read as two between a month or quarter and a year:
"Quý I//2026"), "roman-numeral"
(a Roman one read with a tone: "Quý Í", "Ỉ. MỤC ĐÍCH"; kept when read with
high confidence), "item-digit" in
the item column ("l.2" → "1.2"), "letter-case" (a letter whose case OCR
flipped inside a word: "cÔng" → "công") and "space-restored" (the space
between two capitalised syllables lost: "SởNông" → "Sở Nông"). The shape of the token itself is
the evidence: no Vietnamese word mixes digits and letters that way.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import regex

from .syllables import _WORD, SAME_SHAPE, known_syllables, split_tone, syllable_key


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``new``; recorded as a Fix under ``rule``."""

    start: int
    end: int
    new: str
    rule: str
    evidence: dict[str, Any] = field(default_factory=lambda: {"reason": "shape"})


#: A token of digits where OCR read some digits as O/o (0) or l/I (1): "2O19", "l0".
_NUMBER_LIKE = regex.compile(r"(?<![\p{L}\p{N}])[0-9OolI]*[0-9][0-9OolI]*(?![\p{L}\p{N}])")
#: Ones and the letters OCR reads for them, and nothing else, two or more: Arabic (11) or Roman (II) alike.
_ROMAN_OR_ARABIC = regex.compile(r"(?=.*[lI|])[1lI|]{2,}")
_DIGIT_FOR_LETTER = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
#: "Quý" and the quarter after it, with OCR's digits for Roman letters ("Quý 1", "Quý lV").
#: An i with a speck OCR read for a mark ("ï", "ì") stands for I too.
_I_LIKE = "1lI|ïíìỉĩị"
#: And an H for two strokes whose serifs ran together ("Quý HI" for "Quý III").
_QUARTER = regex.compile(r"(?<![\p{L}\p{N}])(?P<word>qu[yý])(?P<gap>\s+)(?P<code>[" + _I_LIKE + r"VH]{1,4})(?![\p{L}\p{N}])",
                         regex.IGNORECASE)
_AS_ROMAN = str.maketrans({**{ch: "I" for ch in _I_LIKE + _I_LIKE.upper() + "i"}, "v": "V", "H": "II", "h": "II"})
_QUARTERS = ("I", "II", "III", "IV")
#: Words followed by an Arabic number (not a Roman one, as after "Quý", "Mục", "cấp").
#: Not "điểm": the points of a legal clause are letters ("điểm i khoản 4", "điểm l").
_NUMBER_WORDS = ("tháng", "ngày", "lớp", "điều", "khoản", "mức độ", "bước", "tầng", "lần", "số")
_AFTER_NUMBER_WORD = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(_NUMBER_WORDS) + r")\s+$", regex.IGNORECASE)
_LONE_ONE = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(_NUMBER_WORDS) + r")\s+(?P<one>(?-i:[lI]))(?![\p{L}\p{N}])",
                          regex.IGNORECASE)
#: Days and months are never Roman: "tháng II", "ngày lI" are 11 read as strokes (a month
#: or a day only: "Phụ lục số II" is Roman).
_TWO_ONES = regex.compile(r"(?<![\p{L}\p{N}])(?:tháng|ngày)\s+(?P<ones>(?-i:[lI|]{2}))(?![\p{L}\p{N}])", regex.IGNORECASE)
_ITEM_SHAPE = regex.compile(r"^[0-9lIO|]+(?:\.[0-9lIO|]+)*\.?$")
_ITEM = regex.compile(r"^\d+(?:\.\d+)*\.?$")


def digit_edits(text: str) -> list[Edit]:
    """"2O19" → "2019", "l0/2O18" → "10/2018": letters inside a number are digits."""
    edits = []
    for match in _NUMBER_LIKE.finditer(text):
        if _ROMAN_OR_ARABIC.fullmatch(match.group()) and not _AFTER_NUMBER_WORD.search(text, 0, match.start()):
            continue  # "Quý I1/2026", "lI1": 11 or the Roman II? The shape does not say ("ngày l1" does)
        digits = match.group().translate(_DIGIT_FOR_LETTER)
        if digits != match.group():
            edits.append(Edit(match.start(), match.end(), digits, "digit-letter"))
    return edits


#: Two slashes between a number (a month, a day, a Roman quarter) and a year or month:
#: "Quý I//2026", "30/6//2026". A date or a period never prints two; a web address has
#: its "//" after a colon ("https://"), never after a digit.
_DOUBLED_SLASH = regex.compile(r"(?<=(?<![\p{L}\p{N}])(?:\d{1,2}|[IVX]{1,4}))//(?=\d)")


def slash_edits(text: str) -> list[Edit]:
    """"Quý I//2026" → "Quý I/2026": OCR read one slash as two."""
    return [Edit(m.start(), m.end(), "/", "slash-doubled") for m in _DOUBLED_SLASH.finditer(text)]


def lone_digit_edits(text: str) -> list[Edit]:
    """"tháng l", "Điều I", "lớp l" → 1: a lone l or I after a word that takes an Arabic
    number; "tháng II" → 11 (a month or a day)."""
    edits = []
    for match in _LONE_ONE.finditer(text):
        start = match.start("one")
        edits.append(Edit(start, start + 1, "1", "digit-letter"))
    for match in _TWO_ONES.finditer(text):
        edits.append(Edit(match.start("ones"), match.end("ones"), "11", "digit-letter"))
    return edits


def item_edits(text: str) -> list[Edit]:
    """An item number with letters for digits ("l.2" → "1.2"); Roman "I", "II" stay."""
    stripped = text.strip()
    if not _ITEM_SHAPE.match(stripped) or _ITEM.match(stripped):
        return []
    if not any(ch.isdigit() for ch in stripped) and "." not in stripped.rstrip("."):
        if stripped.rstrip(".") != "l":
            return []  # "I", "II", "IV.": a Roman section number
    digits = stripped.translate(_DIGIT_FOR_LETTER)
    if not _ITEM.match(digits):
        return []
    start = text.index(stripped)
    return [Edit(start, start + len(stripped), digits, "item-digit")]


def quarter_edits(text: str) -> list[Edit]:
    """"Quý 1" → "Quý I", "Quý lV" → "Quý IV", "Quý iI" → "Quý II" (period column only)."""
    edits = []
    for match in _QUARTER.finditer(text):
        code = match["code"]
        roman = code.translate(_AS_ROMAN)
        if roman != code and roman in _QUARTERS:
            edits.append(Edit(match.start(), match.end(),
                              match["word"] + match["gap"] + roman, "quarter-roman"))
    return edits


#: The words of the period column that stand before its numbers, by their letters without
#: marks: "tháng 11", "Quý II", "năm 2026", "ngày 15". Any other mark on those letters
#: before such a number is a misread ("thắng 11/2026", "Nam 2026" are no period).
_PERIOD_WORDS = {"thang": "tháng", "quy": "quý", "qui": "quí", "nam": "năm", "ngay": "ngày"}
_PERIOD_WORD = regex.compile(r"(?<![\p{L}\p{N}])(?P<word>\p{L}{3,5})(?=\s*(?:\d|[IVX]+(?![\p{L}\p{N}])))")


#: Words a period word follows (without marks): "Từ tháng", "đến tháng", "Trước ngày", "hằng quý" …
_BEFORE_PERIOD_WORD = frozenset({"tu", "den", "toi", "truoc", "trong", "vao", "het", "ca", "hang", "va", "sau",
                                 "cuoi", "dau", "giua", "thanh", "la", "nhat", "ngay", "thang", "quy", "nam"})


def period_word_edits(text: str) -> list[Edit]:
    """"thắng 11/2026" → "tháng 11/2026", "Qúy II" → "Quý II", "Nam 2026" → "Năm 2026" (period column only).

    The word must stand before a number (a Roman one only after "Quý"), first in the cell, after
    a sign or after a word of the period grammar ("đến", "Trước", "hằng"): the shape of the
    period is the evidence, whatever the OCR's confidence. The old spelling "Quí" is kept.
    """
    edits = []
    for match in _PERIOD_WORD.finditer(text):
        word = match["word"]
        right = _PERIOD_WORDS.get(_folded(word).lower())
        if right is None or word.lower() == right:
            continue
        before = regex.search(r"(\p{L}+)\s*$", text[:match.start()])
        if before and _folded(before.group(1)).lower() not in _BEFORE_PERIOD_WORD:
            continue  # "chiến thắng 2026": the word goes with the one before it
        if not right.startswith("qu") and regex.match(r"\s*[IVX]", text[match.end():]):
            continue  # a Roman number follows only "Quý"
        fixed = right.upper() if word.isupper() else (right.capitalize() if word[0].isupper() else right)
        edits.append(Edit(match.start(), match.end(), fixed, "period-word"))
    return edits


def _folded(word: str) -> str:
    """The letters of a word without any mark ("thắng" → "thang", "Đ" stays a D-like letter)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch)).replace("đ", "d")


#: Words followed by a Roman number ("Quý I", "cấp II", "Phần III", "Phụ lục IV").
_ROMAN_WORDS = ("quý", "cấp", "phần", "mục", "chương", "phụ lục", "giai đoạn", "khu vực", "hạng", "loại", "đợt")
#: A capital I that OCR gave a tone mark (a speck above or below it), alone.
_TONED_I = "ÍÌỈĨỊ"
_ROMAN_AFTER_WORD = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(_ROMAN_WORDS) + r")\s+(?P<roman>(?-i:[" + _TONED_I
                                  + r"]))(?![\p{L}\p{N}])", regex.IGNORECASE)
#: ... or opening a line as a section number: "Ỉ. MỤC ĐÍCH".
_ROMAN_HEADING = regex.compile(r"(?m)^[ \t]*(?P<roman>[" + _TONED_I + r"])\.(?=\s)")


def roman_edits(text: str) -> list[Edit]:
    """"Quý Í" → "Quý I", "cấp Ỉ" → "cấp I", "Ỉ. MỤC ĐÍCH" → "I. MỤC ĐÍCH": a Roman one with a stray tone.

    The toned capitals are syllables (ỉ, ì), but never alone after a word
    that takes a Roman number nor as a section number; the caller keeps the
    word when the OCR read it with high confidence.
    """
    starts = sorted({m.start("roman") for pattern in (_ROMAN_AFTER_WORD, _ROMAN_HEADING)
                     for m in pattern.finditer(text)})
    return [Edit(start, start + 1, "I", "roman-numeral") for start in starts]


def case_edits(text: str) -> list[Edit]:
    """A word whose letter case OCR flipped inside it ("cÔng" → "công", "CôNG" → "CÔNG"), or
    a whole word in capitals after a word in small letters ("đơn VỊ" → "đơn vị").

    Only letters whose two cases look alike (c, o, s, v, x, z, ô, ơ …) are
    changed; the other letters of the word tell the intended case. l and I
    are left to the vocabulary repair (they are a letter confusion, not a case).
    A whole word is put in small letters only when it carries a Vietnamese mark
    (so it is no abbreviation and no Roman numeral: "Chương VI", "UBND" stay) and
    every letter of it looks alike in both cases but for an i (whose dot OCR loses).
    """
    edits = []
    words = list(_WORD.finditer(text))
    for index, match in enumerate(words):
        fixed = _fixed_case(match.group())
        if fixed is None and index > 0:
            following = words[index + 1].group() if index + 1 < len(words) else ""
            fixed = _small_in_context(match.group(), words[index - 1].group(), following)
        if fixed is not None:
            edits.append(Edit(match.start(), match.end(), fixed, "letter-case"))
    return edits


#: A word that goes on in a capital after small letters: where OCR lost a space ("SởNông").
_GLUED = regex.compile(r"(?<![\p{L}\p{N}])\p{L}+(?:(?<=\p{Ll})\p{Lu}\p{Ll}+)+(?![\p{L}\p{N}])")
_GLUED_PART = regex.compile(r"\p{Lu}?\p{Ll}+")


def space_edits(text: str) -> list[Edit]:
    """Syllables OCR glued together where a space was printed: "SởNông nghiệp" → "Sở Nông
    nghiệp", "UBNDHuyện" is left alone (an abbreviation's capitals are no syllable).

    A Vietnamese word is one syllable and never goes on in a capital after small
    letters, so a token made of capitalised syllables in use, each starting where
    a small letter ends, is several words. Foreign names that mix cases ("iGate",
    "YouTube", "MobiFone") hold a part that is no Vietnamese syllable and stay.
    """
    edits = []
    for match in _GLUED.finditer(text):
        parts = _GLUED_PART.findall(match.group())
        if "".join(parts) != match.group() or len(parts) < 2:
            continue
        if all(syllable_key(part) in known_syllables() for part in parts):
            edits.append(Edit(match.start(), match.end(), " ".join(parts), "space-restored"))
    return edits


def _small_in_context(word: str, before: str, after: str) -> str | None:
    """"VỊ" after "đơn": a word OCR read in capitals among words in small letters."""
    if not word.isupper() or not before.islower() or (after and after.isupper()):
        return None
    lower = word.lower()
    bases = [_base_letter(ch) for ch in lower]
    marked = any(base != ch for base, ch in zip(bases, lower)) or any(ch in "ôơ" for ch in lower)
    shapes = [_bare(base) for base in bases]
    if not marked or not all(b in SAME_SHAPE or b == "i" for b in shapes) or not any(b in SAME_SHAPE for b in shapes):
        return None  # "cấp Ỉ" is a Roman one with a speck (roman_edits)
    return lower if syllable_key(lower) in known_syllables() else None


def _bare(ch: str) -> str:
    """A letter without any mark (ô → o), but ô and ơ stay: their two cases look alike."""
    return ch if ch in "ôơ" else unicodedata.normalize("NFD", ch)[0]


def _fixed_case(word: str) -> str | None:
    if len(word) < 2 or word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower()):
        return None
    if syllable_key(word) not in known_syllables():
        return None  # ThS, TTr, iPhone: abbreviations and names keep their case
    rest = word[1:]
    if word[0].islower() and word[0] != "l" and "I" not in rest:
        return word.lower()  # "sƠ", "cÔng": a word never starts small and goes on in capitals
    reliable = [ch for ch in rest if ch not in "Il" and _base_letter(ch.lower()) not in SAME_SHAPE]
    if not reliable or not (all(ch.isupper() for ch in reliable) or all(ch.islower() for ch in reliable)):
        return None
    upper = reliable[0].isupper()
    if ("l" in rest and upper) or ("I" in rest and not upper):
        return None
    return word[0] + (rest.upper() if upper else rest.lower())


def _base_letter(ch: str) -> str:
    """A letter without its tone mark (ố → ô)."""
    return split_tone(ch)[0]


