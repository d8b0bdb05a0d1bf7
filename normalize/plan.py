"""Assemble the canonical result for one file from what extract/ read."""
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from decimal import Decimal
from pathlib import PurePath

import regex

from extract.model import Extraction, Line, Table, WordRead

from .checks import budget_checks, numbering_checks, section_checks
from .classify import Classification, ClassifySettings, classify_table
from .columns import ColumnMap
from .consistency import citation_date_checks, period_checks, plan_year_check
from .documents import parse_documents, parse_lists
from .model import (CellSource, Check, Document, Fix, OtherTable, PlanRow, PlanTable, Result, Source, Subtotal,
                    Total)
from .money import find_amount_in_words, parse_money, unwrapped_amount
from .other_tables import header_row_count, other_table, other_table_title
from .periods import doubtful_period, parse_period
from .repair import ToneConfusion, ToneConfusionSettings, measure_tone_confusion, repair_text, unknown_words
from .repair.tone_confusion import TONE_NAMES
from .groups import GroupReading, read_groups
from .labels import find_total_line
from .structure import (RawPlanRow, Repair, StructureOptions, TableStructure, is_recognised,
                        read_structure)
from .text import clean_text, one_line
from .units import split_products, split_units, unit_lines

log = logging.getLogger(__name__)

_YEAR = regex.compile(r"(?:năm|NĂM)\s+((?:19|20)\d{2})\b")
_PLAN_TITLE = regex.compile(r"^(KẾ HOẠCH|DANH MỤC|BẢNG|PHỤ LỤC)\b")
_PLAN_PHRASE = regex.compile(r"(Kế hoạch\b.*?năm\s+(?:19|20)\d{2})")
#: How many text lines before a table are searched for its title and year.
TITLE_LOOKBACK = 60
#: Most lines a title in capitals wraps over.
TITLE_MAX_LINES = 3
#: How many text lines after a table are searched for the amount in words.
WORDS_LOOKAHEAD = 4


@dataclass
class NormalizeOptions:
    """What normalize() does; the defaults are what the CLI uses."""

    #: Repair OCR errors in the text (``--no-fix`` turns it off).
    repair: bool = True
    #: When a file's OCR is taken to read the hook (hỏi) as an acute (sắc) even where it is sure.
    tone_confusion: ToneConfusionSettings = field(default_factory=ToneConfusionSettings)
    structure: StructureOptions = field(default_factory=StructureOptions)
    classify: ClassifySettings = field(default_factory=ClassifySettings)


def normalize(extraction: Extraction, options: NormalizeOptions | None = None) -> Result:
    """The canonical plan data for one extracted file."""
    options = options or NormalizeOptions()
    repair: Repair | None = None
    checks: list[Check] = []
    if options.repair:
        confusion = measure_tone_confusion(_ocr_texts(extraction), options.tone_confusion)
        repair = partial(repair_text, tone_confusion=confusion) if confusion.found else repair_text
        if confusion.found:
            checks.append(_tone_confusion_check(confusion, PurePath(extraction.path).name))
    cleaned = {index: _clean_line(b) for index, b in enumerate(extraction.blocks) if isinstance(b, Line)}
    lines = list(cleaned.values())
    documents = parse_documents(lines)
    lists = parse_lists(lines)
    tables: list[PlanTable] = []
    others: list[OtherTable] = []
    file_name = PurePath(extraction.path).name
    # Each text line is looked at once (the time stays linear in the file's size):
    # a table's issuing decision is the last one in the text since the previous
    # table, else the previous table's.
    seen = 0  # text lines before the current block
    since = 0  # where the text after the previous table starts
    decision: Document | None = None
    for index, block in enumerate(extraction.blocks):
        if index in cleaned:
            seen += 1
        if not isinstance(block, Table) or not block.rows:
            continue
        decision = _issuing_decision(lines[since:seen]) or decision
        since = seen
        before = lines[max(0, seen - TITLE_LOOKBACK):seen]
        after: list[Line] = []
        while index + 1 + len(after) in cleaned and len(after) < WORDS_LOOKAHEAD:
            after.append(cleaned[index + 1 + len(after)])
        texts = [r.texts for r in block.rows]
        classified = classify_table(texts, block.width, options.classify)
        if classified.kind == "plan" and classified.columns is not None:
            tables.append(_plan_table(block, classified.columns, f"t{len(tables) + 1}", before,
                                      after, file_name, repair, options, decision))
        else:
            others.append(_other_table(block, classified, f"o{len(others) + 1}", before, file_name))
    source = Source(file=file_name, sha256=extraction.sha256, pages=extraction.pages,
                    method=extraction.method)
    checks += citation_date_checks(documents, {"file": file_name})
    return Result(source=source, documents=documents, tables=tables, lists=lists, checks=checks,
                  other_tables=others)


def _ocr_texts(extraction: Extraction) -> Iterator[tuple[str, Sequence[WordRead]]]:
    """The text and OCR words of every cell and line kehoach's OCR read (the evidence for tone confusion)."""
    for block in extraction.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    if cell.origin == "ocr" and cell.words:
                        yield cell.text, cell.words
        elif block.origin == "ocr" and block.words:
            yield block.text, block.words


def _tone_confusion_check(confusion: ToneConfusion, file_name: str) -> Check:
    message = (f"the OCR of this file misreads a tone even where it is sure: {confusion.describe()} "
               f"(e.g. {'; '.join(confusion.examples)}); "
               f"such words read sure were changed where a vocabulary phrase supports it, each fix says so "
               f"(evidence reason misread-tone); a scan at 300 dpi reads better")
    printed, read = TONE_NAMES[confusion.printed_tone], TONE_NAMES[confusion.read_tone]
    message_vi = (f"Bản quét bị đọc nhầm dấu {printed} thành dấu {read} ({confusion.contradicted}/{confusion.judged} "
                  f"từ); các từ này được sửa khi có cụm từ trong từ điển hỗ trợ, mỗi chỗ sửa đều được ghi lại. "
                  f"Nên quét lại ở 300 dpi.")
    return Check("ocr-tone-confusion", False, "warning", message,
                 {"file": file_name, "contradicted": confusion.contradicted, "judged": confusion.judged},
                 message_vi)


def _other_table(table: Table, classified: Classification, table_id: str, before: list[Line],
                 file_name: str) -> OtherTable:
    log.info("%s: table %s is not a plan table: %s", file_name, table_id, "; ".join(classified.reasons))
    header_rows = header_row_count([r.texts for r in table.rows], classified.header_rows)
    title = other_table_title([line.text for line in before[-TITLE_LOOKBACK:]])
    return other_table(table, table_id, title, header_rows, classified.reasons)




def _clean_line(line: Line) -> Line:
    text, _ = clean_text(line.text)
    return Line(text=one_line(text), page=line.page, bbox=line.bbox, confidence=line.confidence,
                origin=line.origin, words=line.words)


def _plan_table(table: Table, columns: ColumnMap, table_id: str, before: list[Line], after: list[Line],
                file_name: str, repair: Repair | None, options: NormalizeOptions,
                decision: Document | None = None) -> PlanTable:
    title, plan_year = _title_and_year(before)
    structure = read_structure(table, columns, repair, options.structure)
    rows = [_plan_row(raw, plan_year, repair, columns.budget_unit) for raw in structure.rows]
    total = _total(structure, rows, after)
    subtotals = _subtotals(structure, rows, total)
    where = {"file": file_name, "table": table_id}
    checks: list[Check] = []
    for note in structure.notes:
        checks.append(Check("table-layout", False, "warning", note, where, note))
    if structure.total is not None and structure.total.low_confidence:
        total.position = "low-confidence"
    checks += budget_checks(rows, total, subtotals, where)
    if structure.total is not None and structure.total.low_confidence:
        total.position = structure.total.position
    checks += numbering_checks(rows, where)
    checks += section_checks(rows, where)
    plan = PlanTable(id=table_id, title=title, plan_year=plan_year, header=[], pages=[], rows=rows,
                     total=total)
    checks += period_checks(plan, where)
    checks += plan_year_check(plan, decision, where)
    return PlanTable(id=table_id, title=title, plan_year=plan_year,
                     header=[h for h in columns.headers], pages=table.pages, rows=rows,
                     total=total, checks=checks, columns=columns.field_headers(),
                     budget_unit=columns.budget_unit, subtotals=subtotals)


def _issuing_decision(before: list[Line]) -> Document | None:
    """The last decision above a table that issues a plan: the plan's own decision."""
    for document in reversed(parse_documents(before)):
        if document.kind == "Quyết định" and document.subject and "kế hoạch" in document.subject.lower():
            return document
    return None


def _in_capitals(text: str) -> bool:
    """Every letter of the text in capitals, and it has some."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _title_and_year(before: list[Line]) -> tuple[str, int | None]:
    """The nearest plan title above the table, and the plan's year."""
    window = before[-TITLE_LOOKBACK:]
    title = ""
    for i in range(len(window) - 1, -1, -1):
        # The title's head in capitals; its subject in capitals too, or not ("KẾ HOẠCH
        # Phổ biến, giáo dục pháp luật … năm 2026"), or on the line below a head alone.
        head = _PLAN_TITLE.match(window[i].text)
        if head:
            title = window[i].text.strip()
            below = window[i + 1].text if i + 1 < len(window) else ""
            if title == head.group(1) and below and not below.startswith("("):
                title = f"{title} {below.strip()}"
            elif _in_capitals(title):
                # A title in capitals wrapped over lines ("… VÙNG ĐỒNG" over "BÀO DÂN TỘC …").
                for line in window[i + 1:i + 1 + TITLE_MAX_LINES - 1]:
                    if line.text.startswith("(") or not _in_capitals(line.text):
                        break
                    title = f"{title} {line.text.strip()}"
            break
    if not title:
        for line in reversed(window):
            match = _PLAN_PHRASE.search(line.text)
            if match:
                title = match.group(1)
                break
    year_match = _YEAR.search(title)
    if year_match is None:
        for line in reversed(window):
            year_match = _YEAR.search(line.text)
            if year_match:
                break
    return title, int(year_match.group(1)) if year_match else None


def _plan_row(raw: RawPlanRow, plan_year: int | None, repair: Repair | None,
              budget_unit: str) -> PlanRow:
    fixes = list(raw.fixes)
    misread: set[str] = set()

    def text(name: str) -> str:
        value = raw.text(name)
        cell = raw.sources.get(name)
        if value and is_recognised(cell):
            if repair is not None:
                value, found = repair(value, name, words=cell.words, origin=cell.origin)
                fixes.extend(found)
            # A word OCR misread past mending ("bhòng", a seal's strokes read "Đhồ") is
            # doubtful whatever the engine's confidence: the cell is marked for a person.
            if unknown_words(value, name):
                misread.add(name)
        return value

    item = raw.text("item")
    task = one_line(text("task"))
    products = split_products(text("products"))
    # A line break inside a unit cell is a wrap of the printed line, not a list.
    leads = split_units(unit_lines(text("lead_units")))
    partners = split_units(unit_lines(text("partner_units")))
    period = parse_period(one_line(text("period")), plan_year)
    if is_recognised(raw.sources.get("period")) and (doubt := doubtful_period(period, plan_year)):
        log.debug("row %s: period %r flagged (%s)", item, period.text, doubt)
        misread.add("period")
    budget_text = one_line(raw.text("budget_million_vnd"))
    money = parse_money(budget_text, budget_unit)
    unread_budget = _unread_budget(money.ok, budget_text)
    joined = unwrapped_amount(budget_text) if unread_budget else None
    if joined is not None and (rejoined := parse_money(joined, budget_unit)).million_vnd is not None:
        # Read as the number it is, and still flagged: the cell did not print it on one line.
        money = rejoined
        fixes.append(Fix("budget_million_vnd", budget_text, joined, "number-unwrapped", {"reason": "shape"}))
    section = raw.section_path[-1] if raw.section_path else None
    level = len(item.split(".")) if item else 0
    cells = {name: src for name in raw.sources if (src := raw.source(name)) is not None}
    return PlanRow(
        section=section.code if section else "", section_title=section.title if section else "",
        item=item, level=level, task=task, products=products, lead_units=leads,
        partner_units=partners, period=period, budget_million_vnd=money.million_vnd,
        pages=sorted(raw.pages), fixes=fixes, section_path=list(raw.section_path),
        extra={k: one_line(v) for k, v in raw.extra.items()}, cells=cells,
        low_confidence=sorted(raw.low_confidence | unread_budget | misread),
        budget_text=budget_text)


def _unread_budget(ok: bool, text: str) -> set[str]:
    """A budget cell with digits that is no amount ("150.000.00 0", a number
    wrapped inside a digit group) is flagged: its None is not "no budget"."""
    return {"budget_million_vnd"} if not ok and any(ch.isdigit() for ch in text) else set()


def _total(structure: TableStructure, rows: list[PlanRow], after: list[Line]) -> Total:
    """The table's stated total (its row, a line just below it, or only in words) and its rows' sum.

    The rows' sum counts each amount once: the amounts of group rows are
    subtotals (see normalize.groups) and are left out.
    """
    total = Total()
    if structure.total is not None:
        total.stated_million_vnd = structure.total.million_vnd
        total.position = structure.total.position
        source = structure.total.source
        if source is not None:
            bbox = [round(v, 2) for v in source.bbox] if source.bbox else None
            total.cell = CellSource(page=source.page, bbox=bbox, confidence=source.confidence,
                                    origin=source.origin)
    words_text = structure.words
    for line in after:
        if structure.total is None and total.stated_million_vnd is None:
            found = find_total_line(line.text, structure.budget_unit)
            if found is not None:
                total.stated_million_vnd, total.position = found[0], "below"
        if words_text is None and find_amount_in_words(line.text):
            words_text = line.text
    if words_text is not None:
        found_words = find_amount_in_words(words_text)
        if found_words:
            total.in_words = found_words[0]
            total.in_words_million_vnd = found_words[1] / Decimal(1_000_000)
    total.rows_sum_million_vnd = _groups(structure, rows, total).rows_sum
    return total


def _groups(structure: TableStructure, rows: list[PlanRow], total: Total) -> GroupReading:
    """The table's group rows, the stated figures choosing between readings the sums allow."""
    target = total.stated_million_vnd if total.stated_million_vnd is not None else total.in_words_million_vnd
    sections = {(s.section.code, s.section.title): s.million_vnd for s in structure.subtotals}
    return read_groups(rows, target, sections)


def _subtotals(structure: TableStructure, rows: list[PlanRow], total: Total) -> list[Subtotal]:
    """Section rows' subtotals and group rows' amounts, each against the rows under it.

    A group row is marked ``subtotal`` so that no writer or reader adds its amount again.
    """
    reading = _groups(structure, rows, total)
    heads = reading.group_rows()
    for index in heads:
        rows[index].subtotal = True
    out = []
    for sub in structure.subtotals:
        in_section = [r.budget_million_vnd for i, r in enumerate(rows)
                      if any(ref.code == sub.section.code and ref.title == sub.section.title
                             for ref in r.section_path)
                      and r.budget_million_vnd is not None and i not in heads]
        out.append(Subtotal(section=sub.section.code, stated_million_vnd=sub.million_vnd,
                            rows_sum_million_vnd=sum(in_section, Decimal(0))))
    for group in reading.groups:
        row = rows[group.row]
        out.append(Subtotal(section=_group_label(row), stated_million_vnd=row.budget_million_vnd,
                            rows_sum_million_vnd=group.leaves_sum, basis=group.basis, pages=list(row.pages)))
    return out


def _group_label(row: PlanRow) -> str:
    """How a group row is named in checks: its item ("I.3"), else the start of its task."""
    if row.item:
        return f"{row.section}.{row.item}" if row.section else row.item
    words = row.task.split()
    return " ".join(words[:6]) + (" …" if len(words) > 6 else "") if words else "(untitled row)"
