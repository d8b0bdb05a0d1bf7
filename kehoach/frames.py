"""DataFrames of a result, for analysts: numbers as numbers, dates as dates, lists as lists.

pandas is imported only here, when a DataFrame is asked for.
"""
from __future__ import annotations

import calendar
from datetime import date

from normalize.model import OtherTable, Period, Result

#: Plan row columns, in order (extra columns, "extra.<header>", follow).
PLAN_COLUMNS = ["file", "table", "table_title", "plan_year", "section", "section_title", "item", "level",
                "task", "products", "lead_units", "partner_units", "period", "start", "end",
                "budget_million_vnd", "budget_text", "pages", "fixes", "low_confidence"]


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # an optional extra
        raise ImportError("kehoach's DataFrames need pandas: pip install 'kehoach[pandas]'") from exc
    return pandas


def period_dates(period: Period) -> tuple[date | None, date | None]:
    """First and last day of a period: its named days, else its months' first and last days."""
    start = date.fromisoformat(period.start_date) if period.start_date else None
    end = date.fromisoformat(period.end_date) if period.end_date else None
    if start is None and period.start:
        year, month = map(int, period.start.split("-"))
        start = date(year, month, 1)
    if end is None and period.end:
        year, month = map(int, period.end.split("-"))
        end = date(year, month, calendar.monthrange(year, month)[1])
    return start, end


def plan_rows(result: Result):
    """One row per plan row: ``item`` as text ("1.1" stays "1.1"), ``budget_million_vnd`` a float
    (NaN when empty or unreadable), ``start``/``end`` dates (NaT when the period names none),
    ``products``/``lead_units``/``partner_units``/``pages``/``low_confidence`` lists and ``fixes``
    a list of dicts (field, from, to, rule)."""
    pd = _pandas()
    records = []
    for table in result.tables:
        for row in table.rows:
            start, end = period_dates(row.period)
            record = {
                "file": result.source.file, "table": table.id, "table_title": table.title,
                "plan_year": table.plan_year, "section": row.section, "section_title": row.section_title,
                "item": row.item, "level": row.level, "task": row.task, "products": list(row.products),
                "lead_units": list(row.lead_units), "partner_units": list(row.partner_units),
                "period": row.period.text, "start": start, "end": end,
                "budget_million_vnd": None if row.budget_million_vnd is None else float(row.budget_million_vnd),
                "budget_text": row.budget_text, "pages": list(row.pages),
                "fixes": [f.as_json() for f in row.fixes], "low_confidence": list(row.low_confidence),
            }
            record.update({f"extra.{k}": v for k, v in row.extra.items()})
            records.append(record)
    extras = sorted({k for r in records for k in r if k not in PLAN_COLUMNS})
    frame = pd.DataFrame.from_records(records, columns=PLAN_COLUMNS + extras)
    text = ["file", "table", "table_title", "section", "section_title", "item", "task", "period", "budget_text"]
    frame[text] = frame[text].astype("string")
    frame["plan_year"] = frame["plan_year"].astype("Int64")
    frame["level"] = frame["level"].astype("int64")
    frame["budget_million_vnd"] = frame["budget_million_vnd"].astype("float64")
    for name in ("start", "end"):
        frame[name] = pd.to_datetime(frame[name])
    return frame


def _column_names(table: OtherTable, width: int) -> list[str]:
    """One name a column: its header levels joined by " / ", made unique; "column N" when blank."""
    names, used = [], set()
    for index in range(width):
        levels = [row[index].strip() for row in table.header if index < len(row) and row[index].strip()]
        name = " / ".join(dict.fromkeys(levels)) or f"column {index + 1}"
        base, n = name, 2
        while name in used:
            name, n = f"{base} ({n})", n + 1
        used.add(name)
        names.append(name)
    return names


def other_table(table: OtherTable):
    """An other table's rows as read (text, never converted), and each row's ``page``."""
    pd = _pandas()
    width = max([len(h) for h in table.header] + [len(r) for r in table.rows] + [0])
    names = _column_names(table, width)
    records = []
    for cells in table.rows:
        texts = [c.text for c in cells] + [""] * (width - len(cells))
        pages = sorted({c.page for c in cells if c.page is not None and c.text.strip()})
        records.append(dict(zip(names, texts)) | {"page": pages[0] if pages else None})
    frame = pd.DataFrame.from_records(records, columns=names + ["page"])
    frame[names] = frame[names].astype("string")
    frame["page"] = frame["page"].astype("Int64")
    return frame


def checks(result: Result):
    """One row per check: table ("" for the file's own), check, ok, severity, message, message_vi, where."""
    pd = _pandas()
    rows = [(t.id, c) for t in result.tables for c in t.checks] + [("", c) for c in result.checks]
    records = [{"table": table_id, "check": c.check, "ok": c.ok, "severity": c.severity, "message": c.message,
                "message_vi": c.message_vi, "where": dict(c.where)} for table_id, c in rows]
    frame = pd.DataFrame.from_records(
        records, columns=["table", "check", "ok", "severity", "message", "message_vi", "where"])
    frame["ok"] = frame["ok"].astype("bool")
    return frame
