"""Writers for output/: canonical JSON, analyst CSV and XLSX.

The CSV holds plan rows only; other tables (staff lists, scoring guides …)
are in the JSON's ``other_tables`` and on their own XLSX sheets.

Every file is written to a temporary name in the same folder and renamed
into place, so a reader (or a resumed batch) never sees half a file.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from normalize.model import Fix, OtherTable, PlanRow, Result

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = [
    "file", "table", "table_title", "plan_year", "section", "section_title", "item", "level",
    "task", "products", "lead_units", "partner_units", "period", "start_month", "end_month",
    "start", "end", "start_date", "end_date", "budget_million_vnd", "subtotal", "pages", "fixes", "low_confidence",
]


def to_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def to_json_data(value: Any) -> Any:
    """Dataclasses, Decimals and fixes as plain JSON values."""
    if isinstance(value, Fix):
        return value.as_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return to_number(value)
    if isinstance(value, dict):
        return {k: to_json_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_data(v) for v in value]
    return value


def result_json(result: Result) -> dict:
    data = to_json_data(result)
    return {"schema": data.pop("schema"), **data}


def json_text(result: Result) -> str:
    return json.dumps(result_json(result), ensure_ascii=False, indent=1) + "\n"


def spreadsheet_safe(text: str) -> str:
    """Neutralise a cell that a spreadsheet would run as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _fix_text(fix: Fix) -> str:
    return f"{fix.field}: {fix.from_} → {fix.to} ({fix.rule})"


def csv_record(file_name: str, table, row: PlanRow) -> dict[str, Any]:
    record: dict[str, Any] = {
        "file": file_name, "table": table.id, "table_title": table.title,
        "plan_year": table.plan_year, "section": row.section, "section_title": row.section_title,
        "item": row.item, "level": row.level, "task": row.task,
        "products": "; ".join(row.products), "lead_units": "; ".join(row.lead_units),
        "partner_units": "; ".join(row.partner_units), "period": row.period.text,
        "start_month": row.period.start_month, "end_month": row.period.end_month,
        "start": row.period.start, "end": row.period.end,
        "start_date": row.period.start_date, "end_date": row.period.end_date,
        "budget_million_vnd": to_number(row.budget_million_vnd) if row.budget_million_vnd is not None else None,
        "pages": " ".join(str(p) for p in row.pages),
        "fixes": " | ".join(_fix_text(f) for f in row.fixes),
        "low_confidence": "; ".join(row.low_confidence),
        "subtotal": "yes" if row.subtotal else "",
    }
    for header, value in row.extra.items():
        record[f"extra.{header}"] = value
    return record


def csv_text(result: Result) -> str:
    """One line per plan row; UTF-8 with BOM is added by the writer."""
    records = [csv_record(result.source.file, table, row)
               for table in result.tables for row in table.rows]
    columns = list(CSV_COLUMNS)
    for record in records:
        for key in record:
            if key not in columns:
                columns.append(key)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: spreadsheet_safe(v) if isinstance(v, str) else ("" if v is None else v)
                         for k, v in record.items()})
    return buffer.getvalue()


def _umask() -> int:
    """The process's umask (read without changing it where the system allows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place.

    The file gets the permissions any new file gets (0666 less the umask), not
    the temporary file's private 0600.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # The writer's pid in the name: a re-run removes the parts of writers that are gone.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, result: Result) -> None:
    write_atomic(path, json_text(result).encode("utf-8"))


def write_csv(path: Path, result: Result) -> None:
    write_atomic(path, b"\xef\xbb\xbf" + csv_text(result).encode("utf-8"))


# -- XLSX -------------------------------------------------------------------

XLSX_COLUMNS = [
    ("section", 8), ("section_title", 28), ("item", 7), ("task", 48), ("products", 40),
    ("lead_units", 26), ("partner_units", 30), ("period", 18), ("start", 9), ("end", 9),
    ("budget_million_vnd", 14), ("subtotal", 9), ("pages", 8), ("fixes", 30), ("low_confidence", 16),
]
#: Fix.field → the XLSX column that shows the fixed value.
FIX_COLUMN = {"budget_million_vnd": "budget_million_vnd", "section_title": "section_title"}
FIXED_FILL = "FFF2CC"  # pale yellow: a cell kehoach changed
LOW_CONFIDENCE_FILL = "F8CBAD"  # pale red: a cell a person should check
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
#: Zip entries get this timestamp so the same data gives the same bytes.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _sheet_title(text: str, used: set[str]) -> str:
    base = " ".join(text.translate(_SHEET_FORBIDDEN).split())[:31] or "table"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _set_text(cell, value) -> None:
    """Put a value in a cell; text is always text, never a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


NUMBER_FORMAT = "#,##0.###"


def _new_sheet(workbook, title: str, used: set[str], columns: list[tuple[str, float]]):
    """A sheet with a frozen bold header row and the given column widths."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(_sheet_title(title, used))
    for index, (name, width) in enumerate(columns, start=1):
        sheet.cell(row=1, column=index, value=name).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _write_row(sheet, row: int, values: list) -> None:
    """Values into a row as wrapped, top-aligned cells (text never a formula)."""
    from openpyxl.styles import Alignment

    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        _set_text(cell, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _table_sheet(workbook, used: set[str], file_name: str, table) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    extras = sorted({h for row in table.rows for h in row.extra})
    columns = list(XLSX_COLUMNS) + [(f"extra.{h}", 24) for h in extras]
    names = [name for name, _ in columns]
    sheet = _new_sheet(workbook, f"{table.id} {table.title}", used, columns)
    budget_col = names.index("budget_million_vnd") + 1
    for r, row in enumerate(table.rows, start=2):
        record = csv_record(file_name, table, row)
        _write_row(sheet, r, [record.get(name) for name in names])
        sheet.cell(row=r, column=budget_col).number_format = NUMBER_FORMAT
        notes: dict[int, list[str]] = {}
        for fix in row.fixes:
            name = FIX_COLUMN.get(fix.field, fix.field)
            if name in names:
                notes.setdefault(names.index(name) + 1, []).append(
                    f"was: {fix.from_}\nnow: {fix.to}\n({fix.rule})")
        for c, texts in notes.items():
            cell = sheet.cell(row=r, column=c)
            cell.fill = PatternFill("solid", fgColor=FIXED_FILL)
            cell.comment = Comment("\n\n".join(texts), "kehoach")
        for name in row.low_confidence:
            if name in names:
                sheet.cell(row=r, column=names.index(name) + 1).fill = PatternFill(
                    "solid", fgColor=LOW_CONFIDENCE_FILL)
    bold = Font(bold=True)
    last = len(table.rows) + 1
    total_row = last + 2
    letter = get_column_letter(budget_col)
    subtotal_letter = get_column_letter(names.index("subtotal") + 1)
    sheet.cell(row=total_row, column=budget_col - 1, value="rows sum (formula)").font = bold
    # A group row's amount is a subtotal of the rows under it: summed once, not twice.
    total_cell = sheet.cell(row=total_row, column=budget_col,
                            value=f'=SUMIF({subtotal_letter}2:{subtotal_letter}{last},"<>yes",'
                                  f'{letter}2:{letter}{last})')
    total_cell.font = bold
    total_cell.number_format = NUMBER_FORMAT
    stated = table.total.stated_million_vnd
    sheet.cell(row=total_row + 1, column=budget_col - 1, value="stated total").font = bold
    sheet.cell(row=total_row + 1, column=budget_col,
               value=to_number(stated) if stated is not None else None).number_format = NUMBER_FORMAT


#: Width of an other table's columns in the XLSX.
OTHER_COLUMN_WIDTH = 24


def _other_table_sheet(workbook, used: set[str], table: OtherTable) -> None:
    """An other table as read: its header rows (every level) in bold, then its rows,
    and a last column with each row's page."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    width = max([len(h) for h in table.header] + [len(r) for r in table.rows] + [1])
    sheet = workbook.create_sheet(_sheet_title(f"{table.id} {table.title}", used))
    for index in range(1, width + 2):
        sheet.column_dimensions[get_column_letter(index)].width = OTHER_COLUMN_WIDTH
    bold = Font(bold=True)
    header = table.header or [[]]
    for r, texts in enumerate(header, start=1):
        _write_row(sheet, r, list(texts) + [""] * (width - len(texts)) + ["page" if r == 1 else ""])
        for c in range(1, width + 2):
            sheet.cell(row=r, column=c).font = bold
    first = len(header) + 1
    for r, cells in enumerate(table.rows, start=first):
        pages = sorted({c.page for c in cells if c.page is not None and c.text.strip()})
        _write_row(sheet, r, [c.text for c in cells] + [""] * (width - len(cells))
                   + [" ".join(str(p) for p in pages)])
    sheet.freeze_panes = f"A{first}"


CHECK_COLUMNS = [("table", 8), ("check", 28), ("ok", 6), ("severity", 9), ("message", 70),
                 ("message_vi", 70), ("where", 40)]
DOCUMENT_COLUMNS = [("kind", 12), ("number", 20), ("date", 11), ("issuer", 30), ("subject", 60),
                    ("signer", 20), ("signer_title", 24)]


def xlsx_bytes(result: Result) -> bytes:
    """A workbook: a sheet per plan table, one per other table, then "checks" and "documents"."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in result.tables:
        _table_sheet(workbook, used, result.source.file, table)
    for other in result.other_tables:
        _other_table_sheet(workbook, used, other)
    checks = _new_sheet(workbook, "checks", used, CHECK_COLUMNS)
    all_checks = [(t.id, c) for t in result.tables for c in t.checks] + [("", c) for c in result.checks]
    for r, (table_id, check) in enumerate(all_checks, start=2):
        _write_row(checks, r, [table_id, check.check, check.ok, check.severity, check.message,
                               check.message_vi, json.dumps(to_json_data(check.where), ensure_ascii=False)])
    documents = _new_sheet(workbook, "documents", used, DOCUMENT_COLUMNS)
    for r, document in enumerate(result.documents, start=2):
        _write_row(documents, r, [getattr(document, name) for name, _ in DOCUMENT_COLUMNS])
    return _stable_zip(workbook)


def _stable_zip(workbook) -> bytes:
    """The workbook's bytes with fixed timestamps, so equal data gives equal files."""
    import datetime
    import zipfile

    stamp = datetime.datetime(*_ZIP_TIME)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.lastModifiedBy = "kehoach"
    workbook.properties.creator = "kehoach"
    raw = io.BytesIO()
    workbook.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stable = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            stable.compress_type = zipfile.ZIP_DEFLATED
            stable.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.isoformat().encode() + rb"Z\g<2>", data)
            target.writestr(stable, data)
    return out.getvalue()


def write_xlsx(path: Path, result: Result) -> None:
    write_atomic(path, xlsx_bytes(result))
