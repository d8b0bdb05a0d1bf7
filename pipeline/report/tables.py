"""A file's tables on the review page: rows, marked cells and their crops.

A cell is *marked* when kehoach repaired it (the OCR text, the rule and its
evidence are shown on hover or focus) or when OCR read it with low
confidence. A click on a marked cell opens the crop of the page around its
row with the cell outlined; the crops of a table sit in ``<template>``
elements after it, so the browser decodes only the one that is opened.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from .crops import Crop, CropSettings, PageSource, outline
from .markup import attrs, esc, number, tag, text

#: Plan-row fields in the order of the page, with the heading used when the
#: table does not name its column.
PLAN_FIELDS = (("item", "TT"), ("task", "Nhiệm vụ"), ("products", "Sản phẩm"),
               ("lead_units", "Chủ trì"), ("partner_units", "Phối hợp"), ("period", "Thời gian"),
               ("budget_million_vnd", "Kinh phí (triệu đồng)"))
#: Names a field goes by in ``columns`` and ``fixes`` as against ``cells``.
FIELD_ALIASES = {"budget": "budget_million_vnd"}
#: Rows shown of a table that is not a plan table.
OTHER_TABLE_ROWS = 25


def field_key(name: str) -> str:
    return FIELD_ALIASES.get(name, name)


@dataclass
class FileCrops:
    """The crops of one file: pages rendered on demand, a few kept at a time."""

    source: Path | None
    prefix: str
    settings: CropSettings = field(default_factory=CropSettings)
    reason: str = ""  # why there are no crops
    pending: list[tuple[str, Crop]] = field(default_factory=list)  # cut, not yet on the page
    made: int = 0
    omitted: int = 0
    _renderer: PageSource | None = None

    def __post_init__(self) -> None:
        if self.source is not None:
            self._renderer = PageSource(self.source, self.settings)

    def cut(self, page: int | None, boxes: list) -> tuple[str | None, Crop | None, str]:
        """A crop of ``page`` around ``boxes``: (its id, the crop, or why none)."""
        if self._renderer is None:
            return None, None, self.reason or "the input file cannot be found"
        if page is None or not boxes:
            return None, None, "no position on the page was recorded for this cell"
        if self.made >= self.settings.max_per_file:
            self.omitted += 1
            return None, None, (f"not cropped: this file already has {self.settings.max_per_file} crops; "
                                f"see page {page}")
        crop = self._renderer.crop(page, [tuple(b) for b in boxes])
        if crop.problem:
            return None, None, crop.problem
        self.made += 1
        key = f"{self.prefix}-{self.made}"
        self.pending.append((key, crop))
        return key, crop, ""

    def take(self, key: str) -> None:
        """A crop shown in the page itself, not kept for a template."""
        self.pending = [(k, c) for k, c in self.pending if k != key]

    def take_templates(self) -> str:
        """The crops cut since the last call, as ``<template>`` elements."""
        out = []
        for key, crop in self.pending:
            out.append(tag("template", f'<img{attrs(src=crop.uri, width=crop.width, height=crop.height, alt=f"page {crop.page}")}>',
                           id=key, data_page=crop.page,
                           data_box=",".join(f"{v:g}" for v in crop.box)))
        self.pending = []
        return "".join(out)

    def close(self) -> None:
        if self._renderer is not None:
            self._renderer.close()


@dataclass
class Counter:
    """Ids unique on the page, for tooltips."""

    value: int = 0

    def next(self, prefix: str) -> str:
        self.value += 1
        return f"{prefix}{self.value}"


def cell_text(row: dict, key: str) -> str:
    if key.startswith("extra."):
        return str((row.get("extra") or {}).get(key[len("extra."):], ""))
    if key == "budget_million_vnd":
        value = row.get("budget_million_vnd")
        return number(value) if value is not None else (row.get("budget_text") or "")
    value = row.get(key)
    if key == "period":
        return (value or {}).get("text", "") if isinstance(value, dict) else str(value or "")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _evidence(evidence: object) -> str:
    if not isinstance(evidence, dict) or not evidence:
        return ""
    return "; ".join(f"{k}: {v}" for k, v in evidence.items())


def mark_tip(fixes: list[dict], confidence: float | None, low: bool) -> str:
    """What the tooltip of a marked cell says (text, escaped by the caller)."""
    lines = []
    for fix in fixes:
        line = f"OCR read «{fix.get('from', '')}», kehoach wrote «{fix.get('to', '')}» (rule {fix.get('rule', '?')})"
        evidence = _evidence(fix.get("evidence"))
        lines.append(line + (f"; evidence: {evidence}" if evidence else ""))
    if low:
        lines.append("low OCR confidence" + (f": {confidence:g} of 100" if confidence is not None else "")
                     + ": check it against the page")
    return "\n".join(lines)


def marked_cell(content: str, fixes: list[dict], low: bool, confidence: float | None, crop_id: str | None,
                crop: Crop | None, bbox, why_none: str, ids: Counter, label: str, field_name: str = "") -> str:
    tip_id = ids.next("tip")
    kinds = " ".join(k for k, on in (("fix", bool(fixes)), ("low", low)) if on)
    box = ",".join(f"{v:g}" for v in outline(crop, bbox)) if crop is not None and bbox else None
    button = tag("button", esc(content) or "<i>(empty)</i>", type="button", class_=f"mark {kinds}",
                 data_crop=crop_id, data_outline=box, data_none=why_none or None, data_field=field_name,
                 data_label=label, aria_describedby=tip_id)
    tip = tag("span", esc(mark_tip(fixes, confidence, low)).replace("\n", "<br>"), class_="tip",
              role="tooltip", id=tip_id)
    return button + tip


def plan_table(table: dict, crops: FileCrops, ids: Counter, anchor: str) -> tuple[str, dict]:
    """A plan table's rows; returns the markup and counts (rows, marked cells, confidences)."""
    columns = {field_key(k): v for k, v in (table.get("columns") or {}).items()}
    shown = [(key, columns.get(key, default)) for key, default in PLAN_FIELDS
             if not columns or key in columns]
    extras = sorted({name for row in table.get("rows", []) for name in (row.get("extra") or {})})
    shown += [(f"extra.{name}", name) for name in extras]
    head = "".join(text("th", label, scope="col") for _, label in shown)
    width = len(shown)
    body: list[str] = []
    stats = {"rows": 0, "marked": 0, "fixes": 0, "low": 0}
    section = None
    for number_, row in enumerate(table.get("rows", []), start=1):
        stats["rows"] += 1
        fixes_by_field: dict[str, list[dict]] = OrderedDict()
        for fix in row.get("fixes") or []:
            fixes_by_field.setdefault(field_key(fix.get("field", "")), []).append(fix)
        low = {field_key(f) for f in row.get("low_confidence") or []}
        cells = row.get("cells") or {}
        path = tuple((s.get("code", ""), s.get("title", "")) for s in row.get("section_path") or []) or (
            (row.get("section", ""), row.get("section_title", "")),)
        if path != section and any(code or title for code, title in path):
            section = path
            title = " / ".join(f"{code}. {title}".strip(". ") for code, title in path)
            section_fixes = fixes_by_field.pop("section_title", [])
            content = esc(title)
            if section_fixes:
                content = marked_cell(title, section_fixes, False, None, None, None, None,
                                      "the section heading's position is not recorded", ids, title,
                                      "section_title")
            body.append(tag("tr", tag("th", content, colspan=width, scope="colgroup"), class_="section",
                            data_look="1" if section_fixes else None))
        else:
            fixes_by_field.pop("section_title", None)
        marked = [k for k, _ in shown if k in fixes_by_field or k in low]
        stats["marked"] += len(marked)
        stats["fixes"] += sum(len(v) for v in fixes_by_field.values())
        stats["low"] += len(low)
        # One crop per page of the row, around all its marked cells on that page.
        per_page: dict[int | None, list] = OrderedDict()
        for key in marked:
            source = cells.get(key) or {}
            if source.get("bbox"):
                per_page.setdefault(source.get("page"), []).append(source["bbox"])
        for page_number, boxes in per_page.items():  # the whole row, for context
            boxes += [c["bbox"] for c in cells.values() if isinstance(c, dict) and c.get("bbox")
                      and c.get("page") == page_number]
        cut = {page: crops.cut(page, boxes) for page, boxes in per_page.items()}
        tds = []
        for key, label in shown:
            content = cell_text(row, key)
            if key in marked:
                source = cells.get(key) or {}
                crop_id, crop, why = cut.get(source.get("page"), (None, None, "")) if source.get("bbox") else (
                    None, None, "no position on the page was recorded for this cell")
                tds.append(tag("td", marked_cell(content, fixes_by_field.get(key, []), key in low,
                                                 source.get("confidence"), crop_id, crop, source.get("bbox"),
                                                 why, ids, f"{label} {row.get('item', '')}".strip(), key)))
            else:
                tds.append(text("td", content))
        body.append(tag("tr", "".join(tds), id=f"{anchor}-r{number_}", data_look="1" if marked else None))
    caption = esc(table.get("title") or table.get("id", ""))
    markup = (f'<div class="scroll">{tag("table", tag("caption", caption) + tag("thead", tag("tr", head)) + tag("tbody", "".join(body)), class_="rows")}</div>'
              + crops.take_templates())
    return markup, stats


def _cell_value(cell: object) -> str:
    if isinstance(cell, dict):
        return str(cell.get("text", ""))
    return "" if cell is None else str(cell)


def other_table(table: dict) -> str:
    """A table that is not a plan table, briefly: title, pages, header, first rows."""
    rows = table.get("rows") or []
    header = table.get("header") or table.get("header_rows") or []
    if header and not isinstance(header[0], list):
        header = [header]
    head = "".join(tag("tr", "".join(text("th", _cell_value(c), scope="col") for c in line)) for line in header)
    body = []
    for row in rows[:OTHER_TABLE_ROWS]:
        cells = row.get("cells", []) if isinstance(row, dict) else row
        if isinstance(cells, dict):
            cells = list(cells.values())
        body.append(tag("tr", "".join(text("td", _cell_value(c)) for c in cells)))
    pages = ", ".join(str(p) for p in table.get("pages") or [])
    more = len(rows) - OTHER_TABLE_ROWS
    summary = (f"{esc(table.get('title') or 'Untitled table')} — {len(rows)} rows"
               + (f", pages {esc(pages)}" if pages else ""))
    note = f"<p>… and {more} more rows (see the JSON or XLSX output).</p>" if more > 0 else ""
    reasons = table.get("reasons") or []
    if reasons:
        note += text("p", "Not a plan table: " + "; ".join(str(r) for r in reasons), class_="note")
    return tag("details", tag("summary", summary) + '<div class="scroll">'
               + tag("table", tag("thead", head) + tag("tbody", "".join(body)), class_="rows other")
               + "</div>" + note, class_="other-table")
