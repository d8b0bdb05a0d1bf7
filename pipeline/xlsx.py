"""The XLSX workbook: for a person to read, print or send as a PDF, and for a program to load.

Written with XlsxWriter rather than openpyxl because a formula needs its value
saved with it: XlsxWriter writes the computed value beside each ``=SUMIF`` (so
pandas' ``read_excel`` and viewers that do not recalculate show the total),
while openpyxl can only save a formula without its value. The plan sheets hold
the header row and the plan rows only (a program reads them as a clean table);
totals are on the "totals" sheet, each label on the same line as its value and
its formula over the plan sheet's budget column.

Every sheet prints landscape on A4, one page wide, with its header repeated on
every page; rows are as tall as their wrapped text. Colours (see the "legend"
sheet): red = read with low confidence (a comment holds the raw text and the
OCR confidence), yellow = repaired by kehoach (a comment holds the original and
the rule), red lines on the checks sheet = failed checks.
"""
from __future__ import annotations

import datetime
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from normalize.model import OtherTable, PlanRow, PlanTable, Result

from .writers import csv_record, to_json_data, to_number


@dataclass(frozen=True)
class XlsxSettings:
    """How the workbook looks and prints."""

    #: Paper size: 9 is A4 in the XLSX page setup.
    paper: int = 9
    #: Points a wrapped line of body text takes (11 pt Calibri/Carlito).
    line_height: float = 15.0
    #: Characters of body text a column holds per unit of width (below 1: a safety
    #: margin, as a wide letter takes more room than the "0" a width counts).
    chars_per_width: float = 1.0
    #: A row is never taller than this (the XLSX limit is 409 points).
    max_row_height: float = 409.0
    #: Page margins, in inches (left, right, top, bottom).
    margins: tuple[float, float, float, float] = (0.3, 0.3, 0.5, 0.5)


SETTINGS = XlsxSettings()

#: Plan sheet columns and their widths (in characters).
PLAN_COLUMNS = [
    ("section", 7), ("section_title", 18), ("item", 6), ("task", 40), ("products", 30),
    ("lead_units", 18), ("partner_units", 20), ("period", 13), ("start", 8), ("end", 8),
    ("budget_million_vnd", 19), ("subtotal", 9), ("pages", 6), ("fixes", 24), ("low_confidence", 12),
]
EXTRA_WIDTH = 18
#: Fix.field -> the plan sheet column that shows the fixed value.
FIX_COLUMN = {"budget_million_vnd": "budget_million_vnd", "section_title": "section_title"}
CHECK_COLUMNS = [("table", 6), ("check", 26), ("ok", 5), ("severity", 9), ("message", 60),
                 ("message_vi", 60), ("where", 30)]
DOCUMENT_COLUMNS = [("kind", 12), ("number", 18), ("date", 11), ("issuer", 26), ("subject", 50),
                    ("signer", 18), ("signer_title", 20), ("number_from", 40)]
TOTAL_COLUMNS = [("table", 6), ("sheet", 22), ("title", 40), ("rows sum (formula)", 16),
                 ("stated total", 14), ("difference", 14), ("total in words", 40), ("check", 26), ("ok", 5)]
OTHER_COLUMN_WIDTH = 20

#: Colours of the cells (the "legend" sheet explains them).
HEADER_FILL = "#D9D9D9"
FIXED_FILL = "#FFF2CC"  # yellow: a cell kehoach changed
LOW_CONFIDENCE_FILL = "#FF9999"  # red: a cell a person should check
LOW_CONFIDENCE_FONT = "#9C0006"
FAILED_FILL = "#FFC7CE"  # a failed check
WARNING_FILL = "#FFEB9C"  # a check that failed as a warning
NUMBER_FORMAT = "#,##0.###"
BUDGET = "budget_million_vnd"
#: Where a plan sheet marks a group row ("yes"), whose amount the totals leave out.
SUBTOTAL_COLUMN = [name for name, _ in PLAN_COLUMNS].index("subtotal")

_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
#: Zip entries and the workbook's dates get this stamp, so the same data gives the same bytes.
_STAMP = datetime.datetime(2000, 1, 1)


def sheet_title(text: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), unique in the workbook."""
    base = " ".join(text.translate(_SHEET_FORBIDDEN).split())[:31] or "table"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _lines(text: str, width: float, settings: XlsxSettings) -> int:
    per_line = max(1, int(width * settings.chars_per_width))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def row_height(values: list, widths: list[float], settings: XlsxSettings = SETTINGS) -> float:
    """Points a row needs to show every cell's wrapped text."""
    lines = max([_lines(str(v), w, settings) for v, w in zip(values, widths) if v not in (None, "")] + [1])
    return min(settings.max_row_height, lines * settings.line_height + 2)


class _Book:
    """An XlsxWriter workbook with kehoach's formats."""

    def __init__(self, settings: XlsxSettings):
        import xlsxwriter

        self.raw = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.raw, {"in_memory": True, "strings_to_formulas": False,
                                                   "strings_to_numbers": False, "strings_to_urls": False})
        self.book.set_properties({"created": _STAMP, "author": "kehoach"})
        self.settings = settings
        self.used: set[str] = set()
        base = {"text_wrap": True, "valign": "top"}
        add = self.book.add_format
        self.header = add({**base, "bold": True, "bg_color": HEADER_FILL, "border": 1})
        self.text = add(base)
        self.number = add({**base, "num_format": NUMBER_FORMAT})
        self.bold = add({**base, "bold": True})
        self.bold_number = add({**base, "bold": True, "num_format": NUMBER_FORMAT})
        self.fixed = add({**base, "bg_color": FIXED_FILL})
        self.fixed_number = add({**base, "bg_color": FIXED_FILL, "num_format": NUMBER_FORMAT})
        self.low = add({**base, "bg_color": LOW_CONFIDENCE_FILL, "font_color": LOW_CONFIDENCE_FONT})
        self.low_number = add({**base, "bg_color": LOW_CONFIDENCE_FILL, "font_color": LOW_CONFIDENCE_FONT,
                               "num_format": NUMBER_FORMAT})
        self.failed = add({**base, "bg_color": FAILED_FILL})
        self.warned = add({**base, "bg_color": WARNING_FILL})

    def sheet(self, title: str, columns: list[tuple[str, float]], header_rows: int = 1):
        """A sheet that prints landscape, one page wide, its header rows on every page."""
        sheet = self.book.add_worksheet(sheet_title(title, self.used))
        for index, (_, width) in enumerate(columns):
            sheet.set_column(index, index, width)
        sheet.set_landscape()
        sheet.set_paper(self.settings.paper)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0, header_rows - 1)
        left, right, top, bottom = self.settings.margins
        sheet.set_margins(left=left, right=right, top=top, bottom=bottom)
        sheet.set_footer("&L&A&RPage &P of &N")
        sheet.freeze_panes(header_rows, 0)
        return sheet

    def header_row(self, sheet, row: int, names: list[str], widths: list[float]) -> None:
        for column, name in enumerate(names):
            self.put(sheet, row, column, name, self.header)
        sheet.set_row(row, row_height(names, widths, self.settings))

    def put(self, sheet, row: int, column: int, value, fmt=None) -> None:
        """A value into a cell: text is always text (never a formula), numbers numbers."""
        if value is None or value == "":
            sheet.write_blank(row, column, None, fmt or self.text)
        elif isinstance(value, bool):
            sheet.write_string(row, column, "yes" if value else "no", fmt or self.text)
        elif isinstance(value, (int, float, Decimal)):
            sheet.write_number(row, column, float(value), fmt or self.number)
        else:
            sheet.write_string(row, column, str(value), fmt or self.text)

    def comment(self, sheet, row: int, column: int, text: str) -> None:
        sheet.write_comment(row, column, text, {"author": "kehoach", "x_scale": 2.5, "y_scale": 1.5})

    def bytes(self) -> bytes:
        self.book.close()
        return _stable_zip(self.raw.getvalue())


def _raw_text(row: PlanRow, name: str, value) -> str:
    """The text as read, for a low-confidence cell's comment."""
    if name == BUDGET:
        return row.budget_text
    originals = [f.from_ for f in row.fixes if f.field == name]
    return originals[0] if originals else ("" if value is None else str(value))


def _plan_sheet(book: _Book, file_name: str, table: PlanTable) -> tuple[str, int, int]:
    """A plan table's sheet; returns (sheet name, budget column, last row) for the totals."""
    extras = sorted({h for row in table.rows for h in row.extra})
    columns = list(PLAN_COLUMNS) + [(f"extra.{h}", EXTRA_WIDTH) for h in extras]
    names = [name for name, _ in columns]
    widths = [width for _, width in columns]
    sheet = book.sheet(f"{table.id} {table.title}", columns)
    book.header_row(sheet, 0, names, widths)
    budget_col = names.index(BUDGET)
    for r, row in enumerate(table.rows, start=1):
        record = csv_record(file_name, table, row)
        values = [record.get(name) for name in names]
        fixed: dict[int, list[str]] = {}
        for fix in row.fixes:
            name = FIX_COLUMN.get(fix.field, fix.field)
            if name in names:
                fixed.setdefault(names.index(name), []).append(
                    f"repaired by kehoach\nwas: {fix.from_}\nnow: {fix.to}\nrule: {fix.rule}")
        low = {names.index(n) for n in row.low_confidence if n in names}
        for c, value in enumerate(values):
            numeric = c == budget_col
            if c in low:
                fmt = book.low_number if numeric else book.low
            elif c in fixed:
                fmt = book.fixed_number if numeric else book.fixed
            else:
                fmt = book.number if numeric else book.text
            book.put(sheet, r, c, value, fmt)
            notes = list(fixed.get(c, []))
            if c in low:
                source = row.cells.get(names[c])
                confidence = f"{source.confidence:.0f}/100" if source and source.confidence is not None else "unknown"
                notes.insert(0, f"check this cell: read with low confidence\nas read: {_raw_text(row, names[c], value)!s}"
                                f"\nOCR confidence: {confidence}"
                                + (f"\npage {source.page}" if source and source.page else ""))
            if notes:
                book.comment(sheet, r, c, "\n\n".join(notes))
        sheet.set_row(r, row_height(values, widths, book.settings))
    if table.rows:
        sheet.autofilter(0, 0, len(table.rows), len(names) - 1)
    return sheet.name, budget_col, len(table.rows)


def _column_letter(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(index)


def _totals_sheet(book: _Book, result: Result, placed: list[tuple[PlanTable, str, int, int]]) -> None:
    names = [n for n, _ in TOTAL_COLUMNS]
    widths = [w for _, w in TOTAL_COLUMNS]
    sheet = book.sheet("totals", TOTAL_COLUMNS)
    book.header_row(sheet, 0, names, widths)
    for r, (table, sheet_name, budget_col, last) in enumerate(placed, start=1):
        # A group row's amount (subtotal "yes") is a subtotal of the rows under it: summed once, not twice.
        budgets = [row.budget_million_vnd for row in table.rows
                   if row.budget_million_vnd is not None and not row.subtotal]
        summed = sum(budgets, Decimal(0))
        letter = _column_letter(budget_col)
        flag = _column_letter(SUBTOTAL_COLUMN)
        quoted = "'" + sheet_name.replace("'", "''") + "'"
        formula = (f'=SUMIF({quoted}!{flag}2:{flag}{last + 1},"<>yes",{quoted}!{letter}2:{letter}{last + 1})'
                   if last else "=0")
        stated = table.total.stated_million_vnd
        check = next((c for c in table.checks if c.check == "budget-total-matches-rows"), None)
        values = [table.id, sheet_name, table.title, None, stated,
                  None, table.total.in_words, check.check if check else "", None if check is None else check.ok]
        for c, value in enumerate(values):
            if c in (3, 5):
                continue
            fmt = book.bold_number if c == 4 else None
            if c == 8 and check is not None and not check.ok:
                fmt = book.failed
            book.put(sheet, r, c, value, fmt)
        sheet.write_formula(r, 3, formula, book.bold_number, to_number(summed))
        if stated is None:
            book.put(sheet, r, 5, None)
        else:
            sheet.write_formula(r, 5, f"=E{r + 1}-D{r + 1}", book.bold_number, to_number(stated - summed))
        sheet.set_row(r, row_height(values, widths, book.settings))


def _other_sheet(book: _Book, table: OtherTable) -> None:
    """An other table as read: its header rows (every level) in bold, then its rows and each row's page."""
    width = max([len(h) for h in table.header] + [len(r) for r in table.rows] + [1])
    columns = [(f"c{i}", OTHER_COLUMN_WIDTH) for i in range(width)] + [("page", 6)]
    widths = [w for _, w in columns]
    header = table.header or [[]]
    sheet = book.sheet(f"{table.id} {table.title}", columns, header_rows=len(header))
    for r, texts in enumerate(header):
        book.header_row(sheet, r, list(texts) + [""] * (width - len(texts)) + ["page" if r == 0 else ""], widths)
    for r, cells in enumerate(table.rows, start=len(header)):
        pages = sorted({c.page for c in cells if c.page is not None and c.text.strip()})
        values = [c.text for c in cells] + [""] * (width - len(cells)) + [" ".join(str(p) for p in pages)]
        for c, value in enumerate(values):
            book.put(sheet, r, c, value)
        sheet.set_row(r, row_height(values, widths, book.settings))


def _checks_sheet(book: _Book, result: Result) -> None:
    names = [n for n, _ in CHECK_COLUMNS]
    widths = [w for _, w in CHECK_COLUMNS]
    sheet = book.sheet("checks", CHECK_COLUMNS)
    book.header_row(sheet, 0, names, widths)
    checks = [(t.id, c) for t in result.tables for c in t.checks] + [("", c) for c in result.checks]
    for r, (table_id, check) in enumerate(checks, start=1):
        values = [table_id, check.check, check.ok, check.severity, check.message, check.message_vi,
                  json.dumps(to_json_data(check.where), ensure_ascii=False)]
        fmt = None if check.ok else (book.failed if check.severity == "error" else book.warned)
        for c, value in enumerate(values):
            book.put(sheet, r, c, value, fmt)
        sheet.set_row(r, row_height(values, widths, book.settings))
    if checks:
        sheet.autofilter(0, 0, len(checks), len(names) - 1)


def _documents_sheet(book: _Book, result: Result) -> None:
    names = [n for n, _ in DOCUMENT_COLUMNS]
    widths = [w for _, w in DOCUMENT_COLUMNS]
    sheet = book.sheet("documents", DOCUMENT_COLUMNS)
    book.header_row(sheet, 0, names, widths)
    for r, document in enumerate(result.documents, start=1):
        inferred = document.number_inferred
        values = [getattr(document, name) for name in names[:-1]] + [_number_source(document)]
        for c, value in enumerate(values):
            # an inferred number is kehoach's change: yellow, like a repaired cell
            book.put(sheet, r, c, value, book.fixed if inferred and names[c] == "number" else None)
        sheet.set_row(r, row_height(values, widths, book.settings))


def _number_source(document) -> str:
    """Where the number comes from: "" when printed on its own "Số:" line, else the citing document."""
    inferred = document.number_inferred
    if inferred is None:
        return ""
    cited_by = " ".join(p for p in (inferred.cited_by_kind, inferred.cited_by_number) if p)
    return f"inferred from {cited_by} (document {inferred.cited_by_document + 1}): {inferred.citation}"


LEGEND = [
    ("red cell", "read with low confidence: check it against the page. Its comment holds the text as read, "
                 "the OCR confidence and the page.", "low"),
    ("yellow cell", "repaired by kehoach (an OCR error put right). Its comment holds the text as read, "
                    "the new text and the rule that made the change.", "fixed"),
    ("red line (checks)", "a check that failed as an error: the document contradicts itself "
                          "(a total that does not add up …).", "failed"),
    ("yellow line (checks)", "a check that failed as a warning: a person should look.", "warned"),
    ("ok", "yes: the check passed; no: it failed.", None),
    ("totals", "one line per plan table: the sum of its budget column without the group rows (a SUMIF "
               "formula, saved with its value), the stated total and the difference.", None),
    ("subtotal", "yes: a group row, whose amount is the subtotal of the rows under it (not added again "
                 "to the rows' sum).", None),
    ("budget_million_vnd", "the budget in million VND, whatever unit the table printed; empty when the "
                           "cell was empty, \"-\" or unreadable.", None),
    ("plan sheets", "one per plan table: the header row, then one line per plan row (no totals or "
                    "blank lines), so a program can read the sheet as a table.", None),
]


def _legend_sheet(book: _Book, result: Result) -> None:
    columns = [("what", 22), ("means", 90)]
    widths = [w for _, w in columns]
    sheet = book.sheet("legend", columns)
    book.header_row(sheet, 0, ["what", "means"], widths)
    for r, (what, means, style) in enumerate(LEGEND, start=1):
        book.put(sheet, r, 0, what, getattr(book, style) if style else book.bold)
        book.put(sheet, r, 1, means)
        sheet.set_row(r, row_height([what, means], widths, book.settings))
    r = len(LEGEND) + 2
    producer = f"{result.producer.name} {result.producer.version}"
    for offset, (what, value) in enumerate([("file", result.source.file), ("read by", producer),
                                            ("schema", result.schema)]):
        book.put(sheet, r + offset, 0, what, book.bold)
        book.put(sheet, r + offset, 1, value)


def xlsx_bytes(result: Result, settings: XlsxSettings = SETTINGS) -> bytes:
    """The workbook: a sheet per plan table, one per other table, then "totals", "checks",
    "documents" and "legend"."""
    book = _Book(settings)
    placed = [(table, *_plan_sheet(book, result.source.file, table)) for table in result.tables]
    for other in result.other_tables:
        _other_sheet(book, other)
    if placed:
        _totals_sheet(book, result, placed)
    _checks_sheet(book, result)
    _documents_sheet(book, result)
    _legend_sheet(book, result)
    return book.bytes()


def _stable_zip(data: bytes) -> bytes:
    """The workbook's bytes with fixed zip timestamps, so equal data gives equal files."""
    out = io.BytesIO()
    stamp = _STAMP.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stable = zipfile.ZipInfo(info.filename, date_time=stamp)
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + _STAMP.isoformat().encode() + rb"Z\g<2>", content)
            target.writestr(stable, content)
    return out.getvalue()
