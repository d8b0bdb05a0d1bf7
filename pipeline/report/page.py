"""The review page: one self-contained HTML file for a whole batch.

Inline CSS and JS (allowed by their hashes in a strict Content-Security-Policy),
crops as data URIs, charts as inline SVG: nothing is fetched from anywhere.
Sections, failing things first: the batch at a glance, the checks that
failed, the files that failed, the budget totals that do not add up, then
every file with its tables.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .charts import confidence_histogram, seconds_per_page
from .collect import Batch, FileEntry, read_batch
from .crops import CropSettings, outline
from .markup import attrs, esc, number, tag, text
from .tables import Counter, FileCrops, other_table, plan_table

log = logging.getLogger(__name__)

REPORT_NAME = "report.html"
BUDGET_CHECKS = ("budget-total-matches-rows", "budget-words-match-figure")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class ReportSettings:
    crops: CropSettings = field(default_factory=CropSettings)
    #: The page's title.
    title: str = "kehoach: review of the batch"


@dataclass
class ReportStats:
    path: Path
    bytes: int
    seconds: float
    crops: int
    files: int


def _asset(name: str) -> str:
    return resources.files("pipeline.report").joinpath(name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def _checks(entry: FileEntry) -> list[dict]:
    data = entry.data or {}
    found = []
    for table in data.get("tables") or []:
        for check in table.get("checks") or []:
            found.append({**check, "_table": table.get("id", "")})
    for check in data.get("checks") or []:
        found.append({**check, "_table": ""})
    return found


def _failed(checks: list[dict]) -> list[dict]:
    return sorted((c for c in checks if not c.get("ok")),
                  key=lambda c: SEVERITY_ORDER.get(c.get("severity", ""), 3))


def _confidences(entry: FileEntry) -> list[float]:
    values = []
    for table in (entry.data or {}).get("tables") or []:
        for row in table.get("rows") or []:
            for cell in (row.get("cells") or {}).values():
                if isinstance(cell, dict) and cell.get("confidence") is not None:
                    values.append(float(cell["confidence"]))
    return values


def _marked_count(entry: FileEntry) -> int:
    total = 0
    for table in (entry.data or {}).get("tables") or []:
        for row in table.get("rows") or []:
            fields = {f.get("field") for f in row.get("fixes") or []} | set(row.get("low_confidence") or [])
            total += len(fields)
    return total


def _summary_number(entry: FileEntry, name: str) -> float | None:
    try:
        return float(entry.summary.get(name, ""))
    except ValueError:
        return None


class _Page:
    def __init__(self, batch: Batch, settings: ReportSettings):
        self.batch = batch
        self.settings = settings
        self.ids = Counter()
        self.crop_count = 0
        self.checks = [_checks(e) for e in batch.files]
        self.failed = [_failed(c) for c in self.checks]
        # Failing things first: failed files, then files by failed checks, then the batch order.
        self.order = sorted(range(len(batch.files)), key=lambda i: (
            not batch.files[i].failed, -len(self.failed[i]), -_marked_count(batch.files[i]), i))

    def anchor(self, index: int) -> str:
        return f"f{index + 1}"

    def looks(self, index: int) -> bool:
        entry = self.batch.files[index]
        return entry.failed or bool(self.failed[index]) or _marked_count(entry) > 0

    # -- the batch at a glance -------------------------------------------------------
    def overview(self) -> str:
        files = self.batch.files
        ok = [e for e in files if not e.failed]

        def total(name: str) -> float:
            return sum(v for e in ok if (v := _summary_number(e, name)) is not None)

        passed = sum(1 for checks in self.checks for c in checks if c.get("ok"))
        failed = sum(len(f) for f in self.failed)
        stats = [("files", len(files)), ("read", len(ok)), ("failed", len(files) - len(ok)),
                 ("pages", int(total("pages"))), ("tables", int(total("tables"))), ("rows", int(total("rows"))),
                 ("stated totals (million VND)", number(total("stated_million_vnd"))),
                 ("rows summed (million VND)", number(total("rows_sum_million_vnd"))),
                 ("checks passed", passed), ("checks failed", failed)]
        if self.batch.seconds is not None:
            stats.append(("batch time", f"{self.batch.seconds:.0f} s"))
        dl = tag("dl", "".join(tag("div", text("dt", k) + tag("dd", esc(v), class_="bad" if k in (
            "failed", "checks failed") and v else None)) for k, v in stats), class_="stats")
        head = "".join(text("th", h, scope="col", class_="num" if i > 2 else None) for i, h in enumerate(
            ["file", "status", "method", "pages", "tables", "rows", "stated", "summed", "checks failed",
             "checks passed", "fixes", "cells to look at", "seconds", "s / page"]))
        lines = []
        for i in self.order:
            e = files[i]
            status = f"FAILED ({e.reason})" if e.failed else ("done earlier" if e.skipped else "ok")
            seconds = "" if e.seconds is None else f"{e.seconds:.1f}"
            rate = "" if e.seconds is None or not e.pages else f"{e.seconds / e.pages:.2f}"
            cells = [tag("td", tag("a", esc(e.name), href=f"#{self.anchor(i)}")),
                     text("td", status, class_="status-bad" if e.failed else "status-ok"), text("td", e.method)]
            values = [e.pages, e.summary.get("tables", ""), e.summary.get("rows", ""),
                      number(e.summary.get("stated_million_vnd", "")), number(e.summary.get("rows_sum_million_vnd", "")),
                      len(self.failed[i]), e.summary.get("checks_passed", ""), e.summary.get("fixes", ""),
                      _marked_count(e), seconds, rate]
            cells += [text("td", "" if v is None else v, class_="num") for v in values]
            lines.append(tag("tr", "".join(cells), data_filterable=True, data_file=self.anchor(i),
                             data_checks=" ".join(sorted({c.get("check", "") for c in self.failed[i]})),
                             data_look="1" if self.looks(i) else None))
        table = tag("div", tag("table", tag("caption", "Files, failing ones first") + tag("thead", tag("tr", head))
                                + tag("tbody", "".join(lines)), class_="files"), class_="scroll")
        speeds = [(e.name, e.seconds, e.pages) for e in files if e.seconds is not None and e.pages and not e.failed]
        confidences = [v for e in files for v in _confidences(e)]
        charts = tag("div", tag("figure", text("figcaption", "Seconds per page") + seconds_per_page(speeds))
                     + tag("figure", text("figcaption", "OCR confidence of the cells")
                           + confidence_histogram(confidences)), class_="charts")
        notes = "".join(text("p", n, class_="note") for n in self.batch.notes)
        return tag("section", text("h2", "The batch") + dl + notes + table + charts, id="batch")

    def failing_checks(self) -> str:
        """Failed checks, one line per file and check id (its other messages folded)."""
        items = []
        count = 0
        for i in self.order:
            entry = self.batch.files[i]
            groups: dict[str, list[dict]] = {}
            for check in self.failed[i]:
                groups.setdefault(check.get("check", ""), []).append(check)
            for check_id, checks in groups.items():
                count += len(checks)
                first = checks[0]
                where = f"table {first['_table']}" if first.get("_table") else "the file"
                line = (text("span", first.get("severity", ""), class_=f"sev-{first.get('severity', '')}")
                        + " " + tag("a", esc(entry.name), href=f"#{self.anchor(i)}") + f" ({esc(where)}) "
                        + text("code", check_id) + (f" ×{len(checks)}" if len(checks) > 1 else "") + ": "
                        + esc(first.get("message", "")))
                if len(checks) > 1:
                    line += tag("details", tag("summary", f"{len(checks) - 1} more")
                                + tag("ul", "".join(text("li", c.get("message", "")) for c in checks[1:])))
                items.append(tag("li", line, data_filterable=True, data_file=self.anchor(i),
                                 data_checks=check_id, data_look="1"))
        body = tag("ul", "".join(items), class_="checks") if items else "<p>Every check passed.</p>"
        return tag("section", text("h2", f"Checks that failed ({count})") + body, id="failing")

    def failed_files(self) -> str:
        failed = [(i, e) for i, e in enumerate(self.batch.files) if e.failed]
        if not failed:
            return ""
        rows = "".join(tag("tr", tag("td", tag("a", esc(e.name), href=f"#{self.anchor(i)}")) + text("td", e.reason)
                               + text("td", e.message) + text("td", e.remedy or "—"),
                               data_filterable=True, data_file=self.anchor(i), data_look="1")
                       for i, e in failed)
        head = "".join(text("th", h, scope="col") for h in ("file", "reason", "message", "remedy"))
        return tag("section", text("h2", f"Files that failed ({len(failed)})") + tag("div", tag(
            "table", tag("thead", tag("tr", head)) + tag("tbody", rows)), class_="scroll"), id="failed-files")

    # -- budget totals ------------------------------------------------------------------
    def budget_cases(self, crops_by_file: dict[int, FileCrops]) -> str:
        cases = []
        for i in self.order:
            entry = self.batch.files[i]
            tables = {t.get("id"): t for t in (entry.data or {}).get("tables") or []}
            for check in self.failed[i]:
                if check.get("check") not in BUDGET_CHECKS or check.get("_table") not in tables:
                    continue
                cases.append(self.budget_case(i, tables[check["_table"]], check, crops_by_file[i]))
        if not cases:
            return ""
        return tag("section", text("h2", f"Budget totals that do not add up ({len(cases)})") + "".join(cases),
                   id="budget")

    def budget_case(self, index: int, table: dict, check: dict, crops: FileCrops) -> str:
        entry = self.batch.files[index]
        total = table.get("total") or {}
        stated, summed = total.get("stated_million_vnd"), total.get("rows_sum_million_vnd")
        difference = stated - summed if stated is not None and summed is not None else None
        words = total.get("in_words")
        words_value = total.get("in_words_million_vnd")
        facts = [("file", entry.name), ("table", table.get("title") or table.get("id", "")),
                 ("stated total", f"{number(stated)} million VND" if stated is not None else "not found"),
                 ("total in words", f"{words} (= {number(words_value)} million VND)" if words else "not found"),
                 ("rows summed", f"{number(summed)} million VND" if summed is not None else "—"),
                 ("difference", f"{number(difference)} million VND" if difference is not None else "—"),
                 ("likely cause", check.get("message", "")), ("in Vietnamese", check.get("message_vi", ""))]
        dl = tag("dl", "".join(text("dt", k) + text("dd", v) for k, v in facts if v))
        rows = [r for r in table.get("rows") or [] if r.get("budget_million_vnd") is not None]
        listing = "".join(tag("tr", text("td", r.get("item", "")) + text("td", r.get("task", ""))
                                     + text("td", number(r.get("budget_million_vnd")), class_="num")) for r in rows)
        listing += tag("tr", text("th", "sum of the rows", colspan=2, scope="row")
                       + text("td", number(summed), class_="num"))
        details = tag("details", tag("summary", f"the {len(rows)} rows with an amount") + tag(
            "div", tag("table", tag("tbody", listing), class_="rows"), class_="scroll"))
        return tag("article", text("h3", f"{entry.name} — {check.get('check', '')}") + dl
                   + self.total_crop(total, table, crops) + details, class_="budget-case",
                   data_filterable=True, data_file=self.anchor(index), data_checks=check.get("check", ""),
                   data_look="1")

    def total_crop(self, total: dict, table: dict, crops: FileCrops) -> str:
        cell = total.get("cell") or {}
        if not cell.get("bbox"):
            return '<p class="note">No crop of the total line: its position on the page was not recorded.</p>'
        # The whole line: from the table's left edge to its right edge (its columns
        # stand at the same place on every page).
        edges = [c["bbox"] for r in table.get("rows") or [] for c in (r.get("cells") or {}).values()
                 if isinstance(c, dict) and c.get("bbox")]
        left = min([b[0] for b in edges] + [cell["bbox"][0]])
        right = max([b[2] for b in edges] + [cell["bbox"][2]])
        line = [left, cell["bbox"][1], right, cell["bbox"][3]]
        key, crop, why = crops.cut(cell.get("page"), [line])
        if crop is None:
            return f'<p class="note">No crop of the total line: {esc(why)}.</p>'
        box = ",".join(f"{v:g}" for v in outline(crop, cell["bbox"]))
        crops.take(key)
        image = f'<img{attrs(src=crop.uri, width=crop.width, height=crop.height, alt=f"The total line on page {crop.page}")}>'
        return tag("figure", tag("div", image + '<div class="crop-outline" hidden></div>', class_="crop-frame",
                                 data_outline=box, data_page=crop.page,
                                 data_box=",".join(f"{v:g}" for v in crop.box))
                   + text("figcaption", f"The total line, page {crop.page} (the stated total outlined)"))

    # -- files ------------------------------------------------------------------------------
    def file_section(self, index: int, crops: FileCrops) -> str:
        entry = self.batch.files[index]
        anchor = self.anchor(index)
        parts = [text("h2", entry.name)]
        facts = [entry.path, entry.method, f"{entry.pages} pages" if entry.pages else "",
                 "" if entry.seconds is None else f"{entry.seconds:.1f} s"]
        parts.append(text("p", " · ".join(f for f in facts if f)))
        if entry.failed:
            parts.append(text("p", f"Not read: {entry.reason}. {entry.message} {entry.remedy}".strip(), class_="bad"))
        if entry.note:
            parts.append(text("p", entry.note.capitalize() + ".", class_="note"))
        data = entry.data or {}
        documents = data.get("documents") or []
        if documents:
            parts.append(tag("ul", "".join(text("li", " ".join(str(v) for v in (
                d.get("kind"), d.get("number") or "(no number)", d.get("date") or "(no date)",
                d.get("issuer") or "") if v)) for d in documents), class_="documents"))
        if self.failed[index]:
            parts.append(tag("ul", "".join(tag("li", text("span", c.get("severity", ""), class_=f"sev-{c.get('severity', '')}")
                                                + " " + text("code", c.get("check", "")) + ": "
                                                + esc(c.get("message", ""))) for c in self.failed[index]), class_="checks"))
        for table in data.get("tables") or []:
            markup, stats = plan_table(table, crops, self.ids, f"{anchor}-{table.get('id', '')}")
            parts.append(text("h3", f"Table {table.get('id', '')}: {table.get('title') or '(no title)'}")
                         + text("p", f"{stats['rows']} rows, {stats['marked']} cells to look at "
                                     f"({stats['fixes']} repairs, {stats['low']} read with low confidence)")
                         + markup)
        if crops.omitted:
            parts.append(text("p", f"{crops.omitted} more regions were not cropped "
                                   f"(limit {crops.settings.max_per_file} per file).", class_="note"))
        others = data.get("other_tables") or []
        if others:
            parts.append(text("h3", f"Other tables ({len(others)})") + "".join(other_table(t) for t in others))
        return tag("article", "".join(parts), id=anchor, class_="file", data_filterable=True, data_file=anchor,
                   data_checks=" ".join(sorted({c.get("check", "") for c in self.failed[index]})),
                   data_look="1" if self.looks(index) else None)

    def filters(self) -> str:
        files = "".join(text("option", self.batch.files[i].name, value=self.anchor(i)) for i in self.order)
        ids = sorted({c.get("check", "") for f in self.failed for c in f})
        checks = "".join(text("option", c, value=c) for c in ids)
        return tag("nav", tag("label", "File " + tag("select", '<option value="">all files</option>' + files,
                                                      id="filter-file"))
                   + tag("label", "Failed check " + tag("select", '<option value="">any</option>' + checks,
                                                         id="filter-check"))
                   + tag("label", '<input type="checkbox" id="filter-look"> needs a look only')
                   + tag("span", "", id="filter-count", role="status"), class_="filters", aria_label="Filters")

    def render(self) -> str:
        crops_by_file = {i: FileCrops(e.source, f"c{i + 1}", self.settings.crops, reason=e.note)
                         for i, e in enumerate(self.batch.files)}
        try:
            budget = self.budget_cases(crops_by_file)
            files = "".join(self.file_section(i, crops_by_file[i]) for i in self.order)
        finally:
            for crops in crops_by_file.values():
                crops.close()
        self.crop_count = sum(c.made for c in crops_by_file.values())
        legend = ('<p class="legend"><span><span class="mark fix">repaired</span> a cell kehoach repaired</span>'
                  '<span><span class="mark low">low confidence</span> a cell OCR read with low confidence</span> '
                  'Hover or focus a marked cell to see what was read; click it (or press Enter) to see the page.</p>')
        body = (f'<a class="skip" href="#main">Skip to the report</a>{self.filters()}<main id="main">'
                + text("h1", self.settings.title) + text("p", f"Output folder: {self.batch.out_dir}", class_="note")
                + legend + self.overview() + self.failing_checks() + self.failed_files() + budget
                + tag("section", text("h2", "Files") + files, id="files") + "</main>"
                + '<dialog id="crop-dialog" aria-labelledby="crop-caption"><figure>'
                  '<div class="crop-frame" id="crop-frame"><div class="crop-outline" id="crop-outline" hidden></div></div>'
                  '<figcaption id="crop-caption"></figcaption></figure>'
                  '<button type="button" id="crop-close">Close</button></dialog>')
        css, js = _asset("report.css"), _asset("report.js")
        policy = (f"default-src 'none'; img-src data:; style-src {_hash(css)}; script-src {_hash(js)}; "
                  "base-uri 'none'; form-action 'none'")
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"{text('title', self.settings.title)}<style>{css}</style></head><body>{body}"
                f"<script>{js}</script></body></html>\n")


def write_report(out_dir: Path, settings: ReportSettings | None = None) -> ReportStats:
    """Build ``OUT/report.html`` from the outputs already in ``out_dir``."""
    from ..writers import write_atomic

    started = time.monotonic()
    settings = settings or ReportSettings()
    batch = read_batch(Path(out_dir))
    page = _Page(batch, settings)
    html_text = page.render()
    target = Path(out_dir) / REPORT_NAME
    data = html_text.encode("utf-8")
    write_atomic(target, data)
    stats = ReportStats(target, len(data), round(time.monotonic() - started, 2), page.crop_count, len(batch.files))
    log.info("%s: %d files, %d crops, %.1f MB in %.1f s", target, stats.files, stats.crops,
             stats.bytes / 1e6, stats.seconds)
    return stats
