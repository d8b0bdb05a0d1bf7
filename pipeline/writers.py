"""Writers for output/: canonical JSON, analyst CSV and XLSX (built in pipeline/xlsx.py).

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

from normalize.model import Fix, PlanRow, Result

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
    return {"schema": data.pop("schema"), "producer": data.pop("producer"), **data}


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


def json_bytes(result: Result) -> bytes:
    """``json_text`` as UTF-8, encoded piece by piece as the encoder makes them.

    ``json.dumps`` with an indent joins a list of every small piece of the
    document into one string, and encoding copies it once more: for a
    500-page plan that was most of the run's peak memory. Writing the pieces
    to a buffer gives the same bytes and holds them once.
    """
    buffer = io.BytesIO()
    writer = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    json.dump(result_json(result), writer, ensure_ascii=False, indent=1)
    writer.write("\n")
    writer.flush()
    data = buffer.getvalue()
    writer.detach()
    return data


def csv_bytes(result: Result) -> bytes:
    return b"\xef\xbb\xbf" + csv_text(result).encode("utf-8")


def xlsx_bytes(result: Result) -> bytes:
    from .xlsx import xlsx_bytes as workbook  # the workbook is its own module (pipeline/xlsx.py)

    return workbook(result)


#: Each output format's bytes, rendered in memory: what a local run and a
#: cluster run write (pipeline/batch.py render_file), so their bytes are the same.
RENDERERS = {"json": json_bytes, "csv": csv_bytes, "xlsx": xlsx_bytes}


def write_json(path: Path, result: Result) -> None:
    write_atomic(path, json_bytes(result))


def write_csv(path: Path, result: Result) -> None:
    write_atomic(path, csv_bytes(result))


def write_xlsx(path: Path, result: Result) -> None:
    write_atomic(path, xlsx_bytes(result))
