"""From raw table rows to plan rows: sections, items, totals, split rows.

A plan table mixes several kinds of rows: section rows ("II CẢI CÁCH THỂ
CHẾ", sometimes with a subtotal), numbered items and their groups, rows that
a page break split in two, a repeated header, and a "Tổng cộng" row. This
module tells them apart and joins the split rows back; parsing the values of
the cells (money, periods, units) is left to the modules named after them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

import regex

from extract.model import RECOGNISED_ORIGINS, Cell, Row, Table

from .columns import ColumnMap, is_column_number_row
from .labels import amount_after_label, table_words
from .model import CellSource, Fix, SectionRef
from .money import find_amount_in_words, parse_money
from .numbering import item_from_outline, parse_item, restore_lost_dots
from .sections import SECTION, STROKE_LIKE, UnreadCode, is_upper_title, roman_value, to_roman
from .text import clean_text, one_line, strip_diacritics

log = logging.getLogger(__name__)

#: A repair function, called as ``repair(text, field, words=..., origin=...)``
#: (see normalize.repair.repair_text); it leaves a born-digital text alone.
Repair = Callable[..., tuple[str, list[Fix]]]


def is_recognised(cell: Cell | None) -> bool:
    """Whether a cell's text was recognised from pixels (and so may carry OCR errors)."""
    return cell is not None and cell.origin in RECOGNISED_ORIGINS

_ITEM_CHARS = regex.compile(r"^[0-9IlO|]+(?:\.[0-9IlO|]+)*\.?$")
_ITEM = regex.compile(r"^\d+(?:\.\d+)*$")
_LEADING_ITEM = regex.compile(r"^(?P<item>[0-9IlO|]+(?:\.[0-9IlO|]+)*\.?)\s+(?P<rest>\S.*)$", regex.S)


#: What a total row prints in cells that are not summed ("x", "-").
_FILLER = regex.compile(r"[xX×\-–—/.*]+")
_LETTER = regex.compile(r"\p{L}")


@dataclass
class RawPlanRow:
    """A plan row before its cells are parsed: cleaned texts by field."""

    texts: dict[str, str]
    sources: dict[str, Cell]
    pages: list[int]
    fixes: list[Fix]
    section_path: list[SectionRef]
    extra: dict[str, str] = field(default_factory=dict)
    low_confidence: set[str] = field(default_factory=set)

    def text(self, name: str) -> str:
        return self.texts.get(name, "")

    @property
    def is_group(self) -> bool:
        """A numbered row with nothing but its title (it heads sub-items)."""
        return not any(self.text(f) for f in ("products", "lead_units", "partner_units", "period", "budget_million_vnd"))

    def source(self, name: str) -> CellSource | None:
        cell = self.sources.get(name)
        if cell is None:
            return None
        bbox = [round(v, 2) for v in cell.bbox] if cell.bbox else None
        return CellSource(page=cell.page, bbox=bbox, confidence=cell.confidence, origin=cell.origin)


@dataclass
class StatedTotal:
    million_vnd: Decimal | None
    text: str
    position: str
    source: Cell | None = None
    low_confidence: bool = False


@dataclass
class SectionTotal:
    section: SectionRef
    million_vnd: Decimal
    text: str


@dataclass
class TableStructure:
    rows: list[RawPlanRow]
    total: StatedTotal | None
    subtotals: list[SectionTotal]
    words: str | None
    pages: list[int]
    notes: list[str]
    budget_unit: str = "million"  # the budget column's unit (see normalize.money)


@dataclass
class StructureOptions:
    """Settings for reading a table's structure."""

    #: OCR confidence (0..100) below which a cell is marked for a person to check.
    low_confidence: float = 60.0


class _Builder:
    def __init__(self, columns: ColumnMap, repair: Repair | None, options: StructureOptions):
        self.columns = columns
        self.repair = repair
        self.options = options
        self.rows: list[RawPlanRow] = []
        self.path: list[SectionRef] = []
        self.total: StatedTotal | None = None
        self.subtotals: list[SectionTotal] = []
        self.words: str | None = None
        self.notes: list[str] = []
        self.words_cfg = table_words()
        self.letter_sections = False
        self.pending_fixes: list[Fix] = []
        self.unread_code: UnreadCode | None = None
        self.unread_read: tuple[str, float | None] = ("", 0.0)  # the code cell of a section opened without its code
        #: The last "Cộng" row under a section: (its index in subtotals, plan rows before it, budget cell, low).
        self.labelled_subtotal: tuple[int, int, Cell | None, bool] | None = None

    # -- cells -------------------------------------------------------------
    def _cell_texts(self, row: Row) -> tuple[dict[str, str], dict[str, Cell], dict[str, str], list[Fix], set[str]]:
        texts: dict[str, str] = {}
        sources: dict[str, Cell] = {}
        extra: dict[str, str] = {}
        fixes: list[Fix] = []
        low: set[str] = set()
        for index, cell in enumerate(row.cells):
            name = self.columns.fields.get(index)
            header = self.columns.extra.get(index)
            if name is None and header is None:
                if cell.text.strip():
                    header = f"column {index + 1}"
                else:
                    continue
            label = name or f"extra.{header}"
            text, cell_fixes = clean_text(cell.text, label)
            fixes.extend(cell_fixes)
            if name is not None:
                texts[name] = text
                sources[name] = cell
                if (cell.confidence is not None and text
                        and cell.confidence < self.options.low_confidence):
                    low.add(name)
            elif text:
                extra[header] = text
        return texts, sources, extra, fixes, low

    # -- row kinds ---------------------------------------------------------
    def _section(self, texts: dict[str, str]) -> tuple[str, str] | None:
        content = [texts.get(f, "") for f in ("item", "task", "products", "lead_units",
                                               "partner_units", "period")]
        joined = one_line(" ".join(t for t in content if t))
        match = SECTION.match(joined)
        if not match:
            return None
        code, title = match["code"], match["title"].strip()
        # A section row carries nothing but its code and title (and a subtotal).
        body_cells = [texts.get(f, "") for f in ("lead_units", "partner_units", "period")]
        if any(body_cells):
            return None
        is_letter = code in self.words_cfg["section_letters"] and len(code) == 1 and roman_value(code) is None
        if roman_value(code) is None and not is_letter:
            return None
        if is_upper_title(title) or self._expected_section(code):
            return code, title
        return None

    def _section_with_unread_code(self, texts: dict[str, str], sources: dict[str, Cell], low: set[str],
                                  fixes: list[Fix]) -> tuple[str, str] | None:
        """A section row whose code OCR could not read ("HH" or "!" for III, "€" for C), its code
        taken from the outline and recorded as a fix.

        Only for a code cell read by OCR, with low confidence or as no letter or digit at all
        ("€", "!"), that holds a short token which is no number, no Roman numeral and no section
        letter, beside a title in capitals, the row's other cells empty. A token of strokes (I,
        H, l, 1, |, !) stands for the next Roman section of the current level; any other, in a
        table that numbers its top sections with letters, for the next letter; and before any
        section, the first letter read with a mark it never carries as a code ("Ẩ", "Ă" for A),
        and a mark that is no code at all ("*") a section the next one names.
        Nothing else is guessed: the row stays a row, and the numbering checks speak.
        """
        code = texts.get("item", "").strip()
        title = one_line(texts.get("task", ""))
        doubtful = "item" in low or not any(ch.isalnum() for ch in code)
        if not code:
            return self._section_with_unread_ink(texts, sources, title)
        if (not doubtful or not is_recognised(sources.get("item")) or len(code) > 4
                or " " in code or parse_item(code) is not None or roman_value(code) is not None
                or code in self.words_cfg["section_letters"] or not is_upper_title(title)
                or any(texts.get(f) for f in ("products", "lead_units", "partner_units", "period"))):
            return None
        roman_path = [s for s in self.path if roman_value(s.code)]
        next_roman = to_roman((roman_value(roman_path[-1].code) if roman_path else 0) + 1)
        if set(code) <= STROKE_LIKE or strip_diacritics(code).upper() == next_roman:
            expected = next_roman  # strokes, or the numeral with a mark it never carries ("VỊ")
        elif self.letter_sections and self.path and roman_value(self.path[0].code) is None:
            letters = self.words_cfg["section_letters"]
            position = letters.find(self.path[0].code)
            expected = letters[position + 1] if 0 <= position < len(letters) - 1 else None
        elif not self.path and len(code) == 1 and strip_diacritics(code).upper() == self.words_cfg["section_letters"][0]:
            expected = self.words_cfg["section_letters"][0]
        else:
            expected = None
        if expected is None:
            if self.path or any(ch.isalnum() for ch in code):
                return None
            # A mark that is no code ("*" for the first "A") on the table's first section row,
            # where the outline cannot say yet: opened without a code, the next section names it.
            self.unread_read = (code, sources["item"].confidence)
            return "", title
        previous = self.path[-1].code if self.path else None
        fixes.append(Fix("item", code, expected, "section-from-outline",
                         {"reason": "outline", "after": previous, "confidence": sources["item"].confidence}))
        texts["item"] = expected
        return expected, title

    def _section_from_its_first_row(self, texts: dict[str, str]) -> None:
        """A title row in capitals numbered "1" by OCR, the row right under it numbered "1"
        too: the title is section I read "1" (a group row's own rows are numbered 1.1, 1.2,
        never like it). It becomes the next Roman section of its level, and the row under
        it records the fix. Only for an OCR'd number of strokes ("1", "l", "|") over a row
        numbered 1, the title row's other cells empty; a number of several strokes ("111",
        "1V") only where it is that next section stroke for stroke (III after II)."""
        if not self.rows or texts.get("item", "").strip() != "1":
            return
        above = self.rows[-1]
        code = above.texts.get("item", "").strip()
        if (not 1 <= len(code) <= 4 or not set(code) <= STROKE_LIKE | {"V", "v"} or roman_value(code) is not None
                or not is_recognised(above.sources.get("item")) or above.section_path != self.path
                or not is_upper_title(one_line(above.texts.get("task", "")))
                or any(above.texts.get(f) and not (len(code) > 1 and is_upper_title(above.texts[f]))
                       for f in ("products", "lead_units", "partner_units", "period"))):
            return  # (a long title's last line may fall in a unit's column, in capitals too)
        roman_path = [s for s in self.path if roman_value(s.code)]
        expected = to_roman((roman_value(roman_path[-1].code) if roman_path else 0) + 1)
        if len(code) > 1 and "".join("V" if ch in "Vv" else "I" for ch in code) != expected:
            return  # "111" after section II is III; after section IV it is no section code
        self.rows.pop()
        previous = self.path[-1].code if self.path else None
        fix = Fix("item", code, expected, "section-from-outline",
                  {"reason": "outline", "after": previous, "first_row": "1",
                   "confidence": above.sources["item"].confidence})
        self.pending_fixes.extend(above.fixes)
        title = " ".join(one_line(above.texts[f]) for f in ("task", "products", "lead_units", "partner_units", "period")
                         if above.texts.get(f))
        self._open_section(expected, title, texts=dict(above.texts), fixes=[fix], sources=above.sources)

    def _section_with_unread_ink(self, texts: dict[str, str], sources: dict[str, Cell],
                                 title: str) -> tuple[str, str] | None:
        """A title row in capitals whose code cell holds ink that no read could turn into
        text (confidence 0), the row's other cells empty: a section whose code is not known
        yet. It is opened with no code, and the next section at its level names it (the one
        before "II" is "I", before "C" is "B"; see :meth:`_resolve_unread_code`)."""
        cell = sources.get("item")
        if (cell is None or not is_recognised(cell) or cell.confidence != 0.0 or not is_upper_title(title)
                or any(texts.get(f) for f in ("products", "lead_units", "partner_units", "period"))):
            return None
        return "", title

    def _resolve_unread_code(self, code: str) -> None:
        """The section opened without a code (:meth:`_section_with_unread_ink`) takes the one
        before ``code``, the next section opened: "I" before "II"; a top one "B" before "C",
        and "A" when "I" follows it (a letter section over Roman ones). Its first row records
        the fix. Anything else leaves it without a code."""
        unread, self.unread_code = self.unread_code, None
        value = roman_value(code)
        letters = self.words_cfg["section_letters"]
        if value is not None and value > 1:
            resolved = to_roman(value - 1)
        elif unread.top and value == 1 and not self.letter_sections:
            resolved = letters[0]
        elif unread.top and value is None and code in letters and letters.index(code) > 0:
            resolved = letters[letters.index(code) - 1]
        else:
            return
        unread.section.code = resolved
        if roman_value(resolved) is None:
            self.letter_sections = True
        fix = Fix("item", unread.read, resolved, "section-from-outline",
                  {"reason": "outline", "before": code, "confidence": unread.confidence})
        # On the section's first row; on the next one when none came before this section.
        (unread.first_row_fixes if unread.first_row_fixes is not None else self.pending_fixes).append(fix)

    def _expected_section(self, code: str) -> bool:
        """Whether a mixed-case "II Cải cách thể chế" is the next section."""
        roman_path = [s for s in self.path if roman_value(s.code)]
        last = roman_value(roman_path[-1].code) if roman_path else 0
        return roman_value(code) == last + 1

    def _label_row(self, row: Row, labels: list[str]) -> tuple[bool, str]:
        """Whether a row is nothing but a label such as "Tổng cộng", in whichever cells OCR put it.

        Returns the amount too: the budget cell's, or one printed after the label
        in the same cell ("Tổng cộng: 50.000"). Amounts in other columns are allowed.
        """
        parts: list[str] = []
        budget = ""
        for index, cell in enumerate(row.cells):
            text = one_line(clean_text(cell.text)[0]).strip()
            if not text:
                continue
            if self.columns.fields.get(index) == "budget_million_vnd":
                budget = text
            elif _FILLER.fullmatch(text) or _LETTER.search(text) is None:
                continue  # an amount in another money column, an "x" where nothing is summed, a speck ("1-")
            else:
                parts.append(text)
        if not parts:
            return False, ""
        is_label, amount = amount_after_label(" ".join(parts), labels, self.columns.budget_unit)
        return is_label, budget or amount

    def _is_continuation(self, row: Row, texts: dict[str, str]) -> bool:
        if not self.rows or texts.get("item") or not row.break_before:
            return False
        # The tail of a split row: its task continues mid-sentence ("ánh, kiến
        # nghị", "9001:2015 …") or is empty; a task of its own starts a capital …
        task = texts.get("task", "")
        if not task or not task[0].isupper():
            return True
        # … unless the task above was cut off mid-list ("… các huyện Ba Tơ, Sơn Hà,"
        # over "Sơn Tây, Trà Bồng"): a tail may start with a name. Never a title in
        # capitals (a section whose code went unread), never a second amount.
        previous = self.rows[-1]
        if is_upper_title(task) or (texts.get("budget_million_vnd") and previous.texts.get("budget_million_vnd")):
            return False
        return _ends_open(previous.texts.get("task", ""), self.words_cfg["open_endings"])

    # -- building ------------------------------------------------------------
    def add(self, row: Row) -> None:
        texts, sources, extra, fixes, low = self._cell_texts(row)
        if not any(texts.values()) and not extra:
            return
        if self._is_header_repeat(row):
            return
        if is_column_number_row(row.texts):
            return
        joined = " ".join(t for t in texts.values() if t)
        if find_amount_in_words(joined):  # "(Bằng chữ: …)", its label matched as OCR reads it
            self.words = joined
            return
        # Under a section, a "Cộng" row is that section's subtotal (the last one
        # may turn out to be the table's total: see finish); "Tổng cộng" is the total.
        is_subtotal, amount = self._label_row(row, self.words_cfg["subtotal_labels"])
        if is_subtotal and self.path:
            money = parse_money(amount, self.columns.budget_unit)
            if money.million_vnd is not None:
                self.subtotals.append(SectionTotal(self.path[-1], money.million_vnd, amount))
                self.labelled_subtotal = (len(self.subtotals) - 1, len(self.rows), sources.get("budget_million_vnd"),
                                          "budget_million_vnd" in low)
            return
        is_total, amount = self._label_row(row, self.words_cfg["total_labels"])
        if is_total:
            self._set_total(amount, sources, low)
            return
        if self._is_continuation(row, texts):
            self._continue(self.rows[-1], texts, sources, extra, fixes, low, row)
            return
        self._split_leading_item(texts, fixes)
        section = self._section(texts) or self._section_with_unread_code(texts, sources, low, fixes)
        if section is not None:
            self._open_section(*section, texts=texts, fixes=fixes, sources=sources)
            return
        self._section_from_its_first_row(texts)
        self._fix_item(texts, fixes, sources)
        # Fixes made to a section's title are shown on the first row under it.
        fixes = self.pending_fixes + fixes
        self.pending_fixes = []
        self.rows.append(RawPlanRow(texts=texts, sources=sources, pages=_pages(row),
                                    fixes=fixes, section_path=list(self.path), extra=extra,
                                    low_confidence=low))
        if self.unread_code is not None and self.unread_code.first_row_fixes is None:
            self.unread_code.first_row_fixes = fixes

    def _is_header_repeat(self, row: Row) -> bool:
        headers = [one_line(h) for h in self.columns.headers]
        values = [one_line(t) for t in row.texts]
        return any(headers) and values[:len(headers)] == headers[:len(values)]

    def finish(self) -> None:
        """A "Cộng" row that ends the table and carries the sum of the subtotals above it is the total.

        So is the only subtotal of a table that states no other total (a table
        of one section). Any other "Cộng" row stays its section's subtotal.
        """
        if self.total is not None or self.labelled_subtotal is None:
            return
        index, rows_before, cell, low = self.labelled_subtotal
        if rows_before != len(self.rows) or index != len(self.subtotals) - 1:
            return  # plan rows or other subtotals follow it
        last = self.subtotals[index]
        others = self.subtotals[:index]
        if others and sum((o.million_vnd for o in others), Decimal(0)) != last.million_vnd:
            return
        self.subtotals.pop(index)
        self.total = StatedTotal(last.million_vnd, last.text, "bottom", cell, low)

    def _set_total(self, budget: str, sources: dict[str, Cell], low: set[str]) -> None:
        money = parse_money(budget, self.columns.budget_unit)
        position = "bottom" if self.rows else "top"
        if self.total is not None:
            self.notes.append(f"a second total row ({budget!r}) was ignored")
            return
        self.total = StatedTotal(money.million_vnd, budget, position, sources.get("budget_million_vnd"),
                                 "budget_million_vnd" in low)

    def _open_section(self, code: str, title: str, texts: dict[str, str], fixes: list[Fix],
                      sources: dict[str, Cell]) -> None:
        if self.unread_code is not None and code:
            self._resolve_unread_code(code)
        is_letter = roman_value(code) is None and bool(code)
        if not code:
            # A code not read (see _section_with_unread_ink): at the level of the Roman
            # numerals under a letter section, else a top one.
            under_letter = self.letter_sections and self.path and roman_value(self.path[0].code) is None
            self.path = [self.path[0], SectionRef(code, title)] if under_letter else [SectionRef(code, title)]
        elif is_letter:
            self.letter_sections = True
            self.path = [SectionRef(code, title)]
        elif self.letter_sections and self.path and roman_value(self.path[0].code) is None:
            self.path = [self.path[0], SectionRef(code, title)]
        else:
            self.path = [SectionRef(code, title)]
        # Kept for the next plan row; a section row right under another (A, then I) adds its own.
        self.pending_fixes.extend(fixes)
        title_cell = next((sources[f] for f in ("task", "item") if f in sources and sources[f].text.strip()), None)
        if self.repair is not None and is_recognised(title_cell):
            repaired, repair_fixes = self.repair(title, "section_title", words=title_cell.words,
                                                 origin=title_cell.origin)
            if repaired != title:
                self.path[-1] = SectionRef(code, repaired)
            self.pending_fixes.extend(repair_fixes)
        if not code:  # named by the next section (the path's last reference, title repaired)
            read, confidence = self.unread_read
            self.unread_code = UnreadCode(self.path[-1], top=len(self.path) == 1, read=read, confidence=confidence)
            self.unread_read = ("", 0.0)
        budget = texts.get("budget_million_vnd", "")
        money = parse_money(budget, self.columns.budget_unit)
        if money.million_vnd is not None:
            self.subtotals.append(SectionTotal(self.path[-1], money.million_vnd, budget))

    def _split_leading_item(self, texts: dict[str, str], fixes: list[Fix]) -> None:
        """"3.1 Tổ chức …" read into the number cell: split number and task."""
        item = texts.get("item", "")
        match = _LEADING_ITEM.match(item)
        if match and not texts.get("task") and "task" in self.columns.fields.values():
            texts["item"] = match["item"]
            texts["task"] = match["rest"]

    def _fix_item(self, texts: dict[str, str], fixes: list[Fix], sources: dict[str, Cell]) -> None:
        item = texts.get("item", "")
        stripped = item.strip().rstrip(".")
        if not stripped:
            texts["item"] = ""
            return
        if (self.repair is not None and is_recognised(sources.get("item"))
                and _ITEM_CHARS.match(item.strip()) and not _ITEM.match(stripped)):
            digits = stripped.translate(str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0"}))
            if _ITEM.match(digits):
                fixes.append(Fix("item", stripped, digits, "item-ocr-digit"))
                stripped = digits
        texts["item"] = stripped

    def _continue(self, previous: RawPlanRow, texts: dict[str, str], sources: dict[str, Cell],
                  extra: dict[str, str], fixes: list[Fix], low: set[str], row: Row) -> None:
        for name, text in texts.items():
            if not text:
                continue
            before = previous.texts.get(name, "")
            previous.texts[name] = f"{before}\n{text}" if before else text
            previous.sources.setdefault(name, sources[name])
        for header, text in extra.items():
            before = previous.extra.get(header, "")
            previous.extra[header] = f"{before}\n{text}" if before else text
        previous.fixes.extend(fixes)
        previous.low_confidence |= low
        for page in _pages(row):
            if page not in previous.pages:
                previous.pages.append(page)


def _ends_open(task: str, open_endings: list[str]) -> bool:
    """Whether a task stops where no sentence ends: after a comma, a semicolon or
    a dash, or on a word that leads on ("và", "của", "các": ``open_endings``)."""
    words = task.split()
    if not words:
        return False
    if words[-1][-1] in ",;-–":
        return True
    return words[-1].lower() in open_endings


def _pages(row: Row) -> list[int]:
    return [row.page] if row.page is not None else []


def _read_by_ocr(row: RawPlanRow, name: str) -> bool:
    """Whether a cell's text came from OCR (a scan, an OCR layer or an OCR text dump)."""
    return is_recognised(row.sources.get(name))


def restore_item_dots(rows: list[RawPlanRow]) -> None:
    """Put back the dots OCR drops from item numbers ("22" after "2.1" → "2.2").

    Only for numbers read by OCR: in a text layer a number is as printed.
    """
    numbered = [r for r in rows if r.text("item")]
    for index, row in enumerate(numbered):
        if not _read_by_ocr(row, "item"):
            continue
        previous = numbered[index - 1] if index else None
        following = numbered[index + 1] if index + 1 < len(numbered) else None
        if previous is None or previous.section_path != row.section_path:
            continue
        same_section = following is not None and following.section_path == row.section_path
        restored = restore_lost_dots(previous.text("item"), row.text("item"),
                                     following.text("item") if same_section else None,
                                     doubted="item" in row.low_confidence)
        if restored:
            evidence = {"reason": "outline", "previous": previous.text("item"),
                        "following": following.text("item") if same_section else None,
                        "confidence": row.sources["item"].confidence if row.sources.get("item") else None}
            row.fixes.append(Fix("item", row.text("item"), restored, "item-lost-dot", evidence))
            row.texts["item"] = restored


def _unread_item(row: RawPlanRow) -> bool:
    """An OCR'd number cell that holds ink no read turned into a number ("ŠS", or nothing)."""
    cell = row.sources.get("item")
    if not is_recognised(cell):
        return False
    text = row.text("item").strip()
    if parse_item(text) is not None:
        return False
    if not text:
        return cell.confidence == 0.0  # ink, but no text (see extract/scan.py)
    return len(text) <= 4 and " " not in text and roman_value(text) is None


def restore_unread_items(rows: list[RawPlanRow]) -> None:
    """An unread number restored from the outline around it, recorded and flagged.

    Only where the neighbours leave one possible number (see
    normalize.numbering.item_from_outline); otherwise the cell stays as read.
    """
    depths = {len(n) for r in rows if (n := parse_item(r.text("item")))}
    for index, row in enumerate(rows):
        if not _unread_item(row):
            continue
        previous = next((r for r in reversed(rows[:index]) if parse_item(r.text("item"))), None)
        following = next((r for r in rows[index + 1:] if parse_item(r.text("item"))), None)
        if previous is None or previous.section_path != row.section_path:
            continue
        if following is not None and following.section_path != row.section_path:
            following = None
        restored = item_from_outline(previous.text("item"), following.text("item") if following else None,
                                     depths)
        if restored is None:
            continue
        cell = row.sources.get("item")
        row.fixes.append(Fix("item", row.text("item"), restored, "item-from-outline",
                             {"previous": previous.text("item"),
                              "following": following.text("item") if following else None,
                              "confidence": cell.confidence if cell else None}))
        row.texts["item"] = restored
        row.low_confidence.add("item")


def read_structure(table: Table, columns: ColumnMap, repair: Repair | None = None,
                   options: StructureOptions | None = None) -> TableStructure:
    """Walk the body rows of a table and sort them into plan rows and totals."""
    builder = _Builder(columns, repair, options or StructureOptions())
    for row in table.rows[columns.header_rows:]:
        builder.add(row)
    builder.finish()
    if repair is not None:
        restore_item_dots(builder.rows)
        restore_unread_items(builder.rows)
    return TableStructure(rows=builder.rows, total=builder.total, subtotals=builder.subtotals,
                          words=builder.words, pages=table.pages, notes=builder.notes + columns.notes,
                          budget_unit=columns.budget_unit)
