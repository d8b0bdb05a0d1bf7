"""Render the golden truth files (samples/truth/*.json) as realistic PDFs.

Each truth file describes a bundle: documents (letters, decisions, plans),
plan tables and item lists. This script lays them out the way Vietnamese
administrative PDFs look (national motto block, issuer block, "Số: ...",
place/date line, title, body, "Nơi nhận:" and signature block on portrait A4;
the plan tables fully ruled on landscape A4, header row repeated on every page,
long rows split by page breaks) and writes ``<out>/<id>.pdf``.

The anatomy comes from the truth data, not from code: what is printed is the
canonical value, or the row's ``printed_*`` field when the document printed it
differently. Optional ``render`` keys in a truth table are layout hints only
(``after_document``, ``placement``, ``heading``, ``col_widths``,
``min_split_rows`` for ``--check``).

Output is deterministic (reportlab invariant mode): re-running gives
byte-identical files. ``--check`` re-opens the PDFs with pdfplumber and checks
the text layer, the ruled tables, the repeated headers and reports which rows
a page break split.

Usage:
    python samples/make_samples.py [--out samples] [--truth samples/truth] [--only ID] [--check]
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

log = logging.getLogger("make_samples")

HERE = Path(__file__).resolve().parent
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONT = "LiberationSerif"
FONT_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    FONT + "-Bold": "LiberationSerif-Bold.ttf",
    FONT + "-Italic": "LiberationSerif-Italic.ttf",
    FONT + "-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
ISSUER_LINE_BREAKS = ("ỦY BAN NHÂN DÂN",)
SYNTHETIC_FOOTER = "Tài liệu mẫu tổng hợp dùng để kiểm thử – không phải văn bản thật"

PORTRAIT = A4
LANDSCAPE = landscape(A4)
PORTRAIT_MARGINS = (30 * mm, 15 * mm, 20 * mm, 20 * mm)  # left, right, top, bottom
LANDSCAPE_MARGINS = (15 * mm, 15 * mm, 15 * mm, 15 * mm)

# Relative column widths by field, used when the truth gives no col_widths.
FIELD_WEIGHTS = {
    "item": 0.05,
    "task": 0.27,
    "products": 0.22,
    "lead_units": 0.13,
    "partner_units": 0.15,
    "period": 0.09,
    "budget": 0.08,
    "extra": 0.10,
}
CENTERED_FIELDS = {"item", "period", "budget"}


# --------------------------------------------------------------------------- fonts and styles

def register_fonts(font_dir: Path) -> None:
    """Register Liberation Serif (regular, bold, italic, bold italic) as one family."""
    for name, filename in FONT_FILES.items():
        path = font_dir / filename
        if not path.exists():
            raise SystemExit(f"font not found: {path} (use --font-dir)")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT + "-Bold", italic=FONT + "-Italic", boldItalic=FONT + "-BoldItalic"
    )


def make_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=12.5, leading=16)

    def style(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": style("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=5),
        "heading": style("heading", fontName=FONT + "-Bold", spaceBefore=4, spaceAfter=5),
        "center-bold": style("center-bold", fontName=FONT + "-Bold", alignment=TA_CENTER, spaceBefore=4, spaceAfter=6),
        "block": style("block", fontSize=12, leading=14.5, alignment=TA_CENTER),
        "block-bold": style("block-bold", fontName=FONT + "-Bold", fontSize=12, leading=14.5, alignment=TA_CENTER),
        "number": style("number", fontSize=12.5, leading=15, alignment=TA_CENTER, spaceBefore=4),
        "subject-small": style("subject-small", fontSize=11.5, leading=13.5, alignment=TA_CENTER, spaceBefore=2),
        "date": style("date", fontName=FONT + "-Italic", fontSize=12.5, leading=15, alignment=TA_CENTER, spaceBefore=4),
        "title": style("title", fontName=FONT + "-Bold", fontSize=14, leading=18, alignment=TA_CENTER, spaceBefore=12),
        "subject": style("subject", fontName=FONT + "-Bold", fontSize=13, leading=16, alignment=TA_CENTER),
        "caption": style("caption", fontName=FONT + "-Italic", fontSize=12.5, leading=15, alignment=TA_CENTER,
                         spaceAfter=8),
        "authority": style("authority", fontName=FONT + "-Bold", fontSize=13, leading=16, alignment=TA_CENTER,
                           spaceBefore=14, spaceAfter=10),
        "addressee-label": style("addressee-label", alignment=TA_RIGHT),
        "addressee": style("addressee", alignment=TA_LEFT),
        "recipients-label": style("recipients-label", fontName=FONT + "-BoldItalic", fontSize=12, leading=14),
        "recipients": style("recipients", fontSize=11, leading=13),
        "sign": style("sign", fontName=FONT + "-Bold", fontSize=13, leading=16, alignment=TA_CENTER),
        "stamp": style("stamp", fontName=FONT + "-Italic", fontSize=8, leading=9.5, alignment=TA_CENTER,
                       textColor=colors.HexColor("#1f3f8f")),
        "cell": style("cell", fontSize=10.5, leading=12.5, alignment=TA_LEFT),
        "cell-center": style("cell-center", fontSize=10.5, leading=12.5, alignment=TA_CENTER),
        "cell-bold": style("cell-bold", fontName=FONT + "-Bold", fontSize=10.5, leading=12.5),
        "cell-bold-center": style("cell-bold-center", fontName=FONT + "-Bold", fontSize=10.5, leading=12.5,
                                  alignment=TA_CENTER),
        "words": style("words", fontName=FONT + "-Italic", fontSize=12, leading=15, alignment=TA_CENTER,
                       spaceBefore=6, spaceAfter=8),
        "list-title": style("list-title", fontName=FONT + "-Bold", fontSize=13, leading=16, alignment=TA_CENTER),
        "list-heading": style("list-heading", fontName=FONT + "-Bold", spaceBefore=8, spaceAfter=4),
        "list-item": style("list-item", leftIndent=8 * mm, spaceAfter=2),
    }


# --------------------------------------------------------------------------- text helpers

def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def lines_para(lines: list[str], style: ParagraphStyle) -> Paragraph:
    return Paragraph("<br/>".join(escape(x) for x in lines), style)


def vn_date(iso: str, place: str | None) -> str:
    """'2019-01-16', 'Đắk Nông' -> 'Đắk Nông, ngày 16 tháng 01 năm 2019' (leading 0 for days < 10, months 1-2)."""
    year, month, day = (int(x) for x in iso.split("-"))
    dd = f"{day:02d}"
    mm_ = f"{month:02d}" if month <= 2 else str(month)
    text = f"ngày {dd} tháng {mm_} năm {year}"
    return f"{place}, {text}" if place else text.capitalize()


def rule(width: str) -> HRFlowable:
    """The short line typed under the issuer and under the motto."""
    return HRFlowable(width=width, thickness=0.6, color=colors.black, spaceBefore=4, spaceAfter=2, hAlign="CENTER")


def bullet_lines(items: list[str], bullet: str = "-") -> list[str]:
    """['a', 'b'] -> ['- a;', '- b.'] (the way lists are typed in the documents)."""
    return [f"{bullet} {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


# --------------------------------------------------------------------------- documents

@dataclass
class Ctx:
    styles: dict[str, ParagraphStyle]
    portrait_width: float
    landscape_width: float


def header_block(doc: dict, ctx: Ctx) -> Table:
    """Issuer block (left) and national motto + place/date (right)."""
    s = ctx.styles
    left = []
    if doc.get("issuer_parent"):
        left.append(para(doc["issuer_parent"], s["block"]))
    issuer = escape(doc["issuer"])
    for head in ISSUER_LINE_BREAKS:  # "ỦY BAN NHÂN DÂN / TỈNH ĐẮK NÔNG" is typed on two lines
        if issuer.startswith(head + " "):
            issuer = head + "<br/>" + issuer[len(head) + 1:]
    left.append(Paragraph(issuer, s["block-bold"]))
    left.append(rule("30%"))
    left.append(para("Số: " + doc["number"], s["number"]))
    if doc.get("subject_prefix") == "V/v" and doc["kind"] == "Công văn":
        left.append(para(f"V/v {doc['subject']}", s["subject-small"]))
    right = [para(MOTTO[0], s["block-bold"]), para(MOTTO[1], s["block-bold"]), rule("58%")]
    if doc.get("date"):
        right.append(para(vn_date(doc["date"], doc.get("place")), s["date"]))
    width = ctx.portrait_width
    t = Table([[left, right]], colWidths=[0.42 * width, 0.58 * width])
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return t


def title_block(doc: dict, ctx: Ctx) -> list:
    s = ctx.styles
    out = []
    if doc.get("title"):
        out.append(para(doc["title"], s["title"]))
        if doc["kind"] != "Công văn" and doc.get("subject") and doc.get("number"):
            prefix = doc.get("subject_prefix")
            out.append(para(f"{prefix} {doc['subject']}" if prefix else doc["subject"], s["subject"]))
    if doc.get("caption"):
        out.append(para(doc["caption"], s["caption"]))
    if doc.get("authority"):
        out.append(para(doc["authority"], s["authority"]))
    elif out:
        out.append(Spacer(1, 8))
    return out


def addressees_block(doc: dict, ctx: Ctx) -> list:
    items = doc.get("addressees") or []
    if not items:
        return []
    s = ctx.styles
    lines = bullet_lines(items) if len(items) > 1 else items
    t = Table([[para("Kính gửi:", s["addressee-label"]), lines_para(lines, s["addressee"])]],
              colWidths=[0.3 * ctx.portrait_width, 0.7 * ctx.portrait_width])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    return [Spacer(1, 8), t]


def body_flowables(items: list, ctx: Ctx) -> list:
    """Body paragraphs: strings, or {'text', 'style'} for headings and centred lines."""
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(para(item["text"], ctx.styles[item.get("style", "body")]))
            continue
        text = escape(item)
        m = re.match(r"(Điều \d+\.)", text)
        if m:  # article numbers are bold in decisions
            text = f"<b>{m.group(1)}</b>{text[m.end():]}"
        out.append(Paragraph(text, ctx.styles["body"]))
    return out


def signature_block(doc: dict, ctx: Ctx) -> list:
    if not doc.get("signer") and not doc.get("recipients"):
        return []
    s = ctx.styles
    left = []
    if doc.get("recipients"):
        left = [para("Nơi nhận:", s["recipients-label"]), lines_para(bullet_lines(doc["recipients"]), s["recipients"])]
    right = [lines_para(doc.get("sign_block") or [], s["sign"])]
    if doc.get("signature_stamp"):
        right += [Spacer(1, 8), lines_para(doc["signature_stamp"], s["stamp"]), Spacer(1, 8)]
    else:
        right.append(Spacer(1, 50))
    if doc.get("signer"):
        right.append(para(doc["signer"], s["sign"]))
    width = ctx.portrait_width
    t = Table([[left, right]], colWidths=[0.5 * width, 0.5 * width])
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [Spacer(1, 10), KeepTogether([t])]


def document_front(doc: dict, ctx: Ctx) -> list:
    """Everything of a document that comes before its inline tables."""
    out = []
    if doc.get("number"):
        out.append(header_block(doc, ctx))
    out += title_block(doc, ctx)
    out += addressees_block(doc, ctx)
    if not doc.get("title") and not doc.get("addressees"):
        out.append(Spacer(1, 14))
    out += body_flowables(doc.get("body") or [], ctx)
    return out


# --------------------------------------------------------------------------- plan tables

def column_widths(table: dict, total_width: float) -> list[float]:
    weights = (table.get("render") or {}).get("col_widths") or [FIELD_WEIGHTS[c["field"]] for c in table["columns"]]
    scale = total_width / sum(weights)
    return [w * scale for w in weights]


def budget_text(value, printed: str | None) -> str:
    if printed is not None:
        return printed
    if value is None:
        return ""
    return str(value)


def cell_text(entry: dict, column: dict) -> str:
    """Plain text of one cell of a plan row, as the document prints it (lines joined by newlines)."""
    field = column["field"]
    if field == "item":
        return entry.get("printed_item", entry["item"])
    if field == "task":
        return entry["task"]
    if field == "products":
        items = entry["products"]
        return "\n".join(bullet_lines(items)) if len(items) > 1 else "".join(items)
    if field in ("lead_units", "partner_units"):
        return entry.get("printed_" + field, "; ".join(entry[field]))
    if field == "period":
        return entry["period"]
    if field == "budget":
        return budget_text(entry["budget_million_vnd"], entry.get("printed_budget"))
    if field == "extra":
        return (entry.get("extra") or {}).get(column["header"], "")
    raise ValueError(f"unknown column field {field!r}")


def expected_cells(entry: dict, table: dict) -> list[str]:
    """The plain text of every cell of a body entry ('section', 'row' or 'total'), left to right."""
    cols = table["columns"]
    fields = [c["field"] for c in cols]
    if entry["type"] == "row":
        return [cell_text(entry, c) for c in cols]
    cells = [""] * len(cols)
    budget_at = fields.index("budget") if "budget" in fields else None
    if entry["type"] == "section":
        cells[0], cells[1] = entry["code"], entry["title"]
        if budget_at is not None and entry.get("subtotal_million_vnd") is not None:
            cells[budget_at] = budget_text(entry["subtotal_million_vnd"], entry.get("printed_subtotal"))
    else:  # total
        cells[0] = "Tổng cộng"
        if budget_at is not None:
            cells[budget_at] = entry["printed"]
    return cells


def table_entries(table: dict) -> list[dict]:
    """Body entries in print order, with the 'Tổng cộng' row at the top or bottom."""
    total = table.get("total")
    total_entry = [{"type": "total", **total}] if total and total.get("printed") else []
    if total_entry and total.get("position") == "top":
        return total_entry + table["body"]
    return table["body"] + total_entry


def is_group_row(entry: dict) -> bool:
    return entry["type"] == "row" and not (entry["products"] or entry["lead_units"] or entry["partner_units"]
                                           or entry["period"] or entry["budget_million_vnd"] is not None)


def row_span_commands(entry: dict, r: int, table: dict) -> list[tuple]:
    """SPAN commands: section titles span to the budget column (or the end), 'Tổng cộng' spans to the budget."""
    fields = [c["field"] for c in table["columns"]]
    last = len(fields) - 1
    budget_at = fields.index("budget") if "budget" in fields else None
    if entry["type"] == "section":
        end = budget_at - 1 if budget_at is not None and entry.get("subtotal_million_vnd") is not None else last
        return [("SPAN", (1, r), (end, r))] if end > 1 else []
    if entry["type"] == "total":
        end = (budget_at - 1) if budget_at is not None else last
        return [("SPAN", (0, r), (end, r))] if end > 0 else []
    return []


class RuledTable(Table):
    """A table ruled on every cell (GRID), also after a page break splits a row.

    reportlab's in-row split rewrites the line commands and loses the line under
    the first part of the split row and the line above its continuation; each
    part gets the full GRID back here (GRID honours SPAN cells).
    """

    GRID = ("GRID", (0, 0), (-1, -1), 0.6, colors.black)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part._linecmds = []
            part.setStyle(TableStyle([self.GRID]))
        return parts


def header_levels(table: dict, header: list, style: ParagraphStyle) -> tuple[list[list], list[tuple]]:
    """The header row, or two levels when ``render.header_groups`` groups columns
    under one title ([{"title": "Đơn vị", "fields": ["lead_units", "partner_units"]}]):
    the title spans its columns, whose own headers stand below it; every other
    header spans both levels. Returns the rows and their SPAN commands."""
    groups = (table.get("render") or {}).get("header_groups") or []
    if not groups:
        return [header], []
    fields = [c["field"] for c in table["columns"]]
    upper, lower, commands = list(header), [""] * len(header), []
    grouped = set()
    for group in groups:
        first, last = fields.index(group["fields"][0]), fields.index(group["fields"][-1])
        upper[first:last + 1] = [para(group["title"], style)] + [""] * (last - first)
        lower[first:last + 1] = header[first:last + 1]
        grouped.update(range(first, last + 1))
        commands.append(("SPAN", (first, 0), (last, 0)))
    commands += [("SPAN", (i, 0), (i, 1)) for i in range(len(header)) if i not in grouped]
    return [upper, lower], commands


def plan_table(table: dict, ctx: Ctx) -> Table:
    s = ctx.styles
    cols = table["columns"]
    header = [para(c["header"], s["cell-bold-center"]) for c in cols]
    data, commands = header_levels(table, header, s["cell-bold-center"])
    levels = len(data)
    for entry in table_entries(table):
        r = len(data)
        texts = expected_cells(entry, table)
        bold = entry["type"] != "row" or is_group_row(entry)
        cells = []
        for c, text in zip(cols, texts):
            centered = c["field"] in CENTERED_FIELDS or (entry["type"] == "total" and c["field"] == "item")
            name = ("cell-bold" if bold else "cell") + ("-center" if centered else "")
            cells.append(lines_para(text.split("\n"), s[name]) if text else "")
        data.append(cells)
        commands += row_span_commands(entry, r, table)
    t = RuledTable(data, colWidths=column_widths(table, ctx.landscape_width), repeatRows=levels,
                   splitByRow=0, splitInRow=1, hAlign="CENTER")
    t.setStyle(TableStyle([
        RuledTable.GRID,
        ("VALIGN", (0, 0), (-1, levels - 1), "MIDDLE"),
        ("VALIGN", (0, levels), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *commands,
    ]))
    return t


def table_flowables(table: dict, ctx: Ctx) -> list:
    s = ctx.styles
    out = []
    if (table.get("render") or {}).get("heading", True):
        out.append(para(table["title"], s["title"]))
        if table.get("caption"):
            out.append(para(table["caption"], s["caption"]))
    out += [plan_table(table, ctx), Spacer(1, 6)]
    words = (table.get("total") or {}).get("in_words")
    if words:
        out.append(para(f"(Bằng chữ: {words})", s["words"]))
    return out


# --------------------------------------------------------------------------- lists

def list_flowables(lst: dict, ctx: Ctx) -> list:
    s = ctx.styles
    out = [para(lst["title"], s["list-title"])]
    if lst.get("subtitle"):
        out.append(para(lst["subtitle"], s["caption"]))
    bullet = lst.get("bullet", "-")
    for group in lst["groups"]:
        out.append(para(group["heading"], s["list-heading"]))
        out += [para(line, s["list-item"]) for line in bullet_lines(group["items"], bullet)]
    return out


# --------------------------------------------------------------------------- assembling a bundle

def tables_of(truth: dict, doc_index: int, placement: str) -> list[dict]:
    last = len(truth["documents"]) - 1
    out = []
    for table in truth.get("tables", []):
        render = table.get("render") or {}
        after = render.get("after_document", last)
        where = render.get("placement", "appendix")
        if after == doc_index and where == placement:
            out.append(table)
    return out


def switch_to(template: str, first: bool) -> list:
    return [NextPageTemplate(template)] + ([] if first else [PageBreak()])


def bundle_story(truth: dict, ctx: Ctx) -> list:
    """The whole PDF as a platypus story: documents, their tables (landscape), then lists."""
    story = []
    for i, doc in enumerate(truth["documents"]):
        story += switch_to("portrait", first=not story)
        story += document_front(doc, ctx)
        inline = tables_of(truth, i, "inline")
        for table in inline:
            story += switch_to("landscape", first=False)
            story += table_flowables(table, ctx)
        if inline:
            story += body_flowables(doc.get("body_after_table") or [], ctx)
        story += signature_block(doc, ctx)
        for table in tables_of(truth, i, "appendix"):
            story += switch_to("landscape", first=False)
            story += table_flowables(table, ctx)
    for lst in truth.get("lists", []):
        story += switch_to("portrait", first=False)
        story += list_flowables(lst, ctx)
    return story


def page_decorator(footer: str | None):
    """Page number at the top centre from page 2 on; a footer line on synthetic samples."""
    def draw(canvas, doc):
        canvas.saveState()
        width, height = canvas._pagesize
        if doc.page > 1:
            canvas.setFont(FONT, 11)
            canvas.drawCentredString(width / 2, height - 10 * mm, str(doc.page))
        if footer:
            canvas.setFont(FONT + "-Italic", 7.5)
            canvas.setFillColor(colors.grey)
            canvas.drawCentredString(width / 2, 7 * mm, footer)
        canvas.restoreState()
    return draw


def make_doc(path: Path, truth: dict) -> BaseDocTemplate:
    first = truth["documents"][0]
    doc = BaseDocTemplate(
        str(path), pagesize=PORTRAIT, invariant=1,
        title=(truth.get("tables") or [{}])[0].get("title") or first.get("subject") or truth["id"],
        author=first.get("issuer", ""), subject=first.get("subject", ""),
        creator="kehoach samples/make_samples.py", producer="ReportLab",
    )
    deco = page_decorator(SYNTHETIC_FOOTER if truth.get("source") == "synthetic" else None)
    templates = []
    for name, size, (left, right, top, bottom) in (("portrait", PORTRAIT, PORTRAIT_MARGINS),
                                                  ("landscape", LANDSCAPE, LANDSCAPE_MARGINS)):
        frame = Frame(left, bottom, size[0] - left - right, size[1] - top - bottom, id=name,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates.append(PageTemplate(id=name, frames=[frame], pagesize=size, onPage=deco))
    doc.addPageTemplates(templates)
    return doc


def render(truth: dict, out_dir: Path, styles: dict) -> Path:
    ctx = Ctx(styles,
              PORTRAIT[0] - PORTRAIT_MARGINS[0] - PORTRAIT_MARGINS[1],
              LANDSCAPE[0] - LANDSCAPE_MARGINS[0] - LANDSCAPE_MARGINS[1])
    path = out_dir / f"{truth['id']}.pdf"
    make_doc(path, truth).build(bundle_story(truth, ctx))
    log.info("wrote %s (%d KB)", path, path.stat().st_size // 1024)
    return path


def load_truths(truth_dir: Path, only: list[str] | None) -> list[dict]:
    truths = []
    for path in sorted(truth_dir.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth["id"] != path.stem:
            raise SystemExit(f"{path}: id {truth['id']!r} does not match the file name")
        if not only or truth["id"] in only:
            truths.append(truth)
    return truths


# --------------------------------------------------------------------------- checking the PDFs

def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _matches(pdf_cells: list, expected: list[str], how: str) -> bool:
    """True when every non-empty PDF cell is a prefix ('start') or suffix ('end') of the expected cell."""
    seen = False
    for got, want in zip(pdf_cells, expected):
        got, want = _norm(got), _norm(want)
        if not got:
            continue
        seen = True
        if not (want.startswith(got) if how == "start" else want.endswith(got)):
            return False
    return seen


def check_pdf(path: Path, truth: dict) -> list[str]:
    """Check one PDF against its truth; returns problems (empty = fine) and logs the split rows.

    Checks: the text layer has Vietnamese diacritics (NFC) and the documents' numbers and
    signers; every ruled table pdfplumber finds (default lines strategy) starts with the
    header of a truth table (so the header repeats on every page); walking the fragments
    in order finds every body entry, each either starting a row or continuing the row
    that a page break split.
    """
    import pdfplumber

    problems = []
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        fragments = [(page.page_number, found.extract()) for page in pdf.pages for found in page.find_tables()]
    if not re.search("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐ]", text):
        problems.append("no Vietnamese diacritics in the text layer")
    if not unicodedata.is_normalized("NFC", text):
        problems.append("text layer is not NFC")
    for doc in truth["documents"]:
        for key in ("number", "signer"):
            if doc.get(key) and _norm(doc[key]) not in _norm(text):
                problems.append(f"{key} {doc[key]!r} not found in the text")
    tables = truth.get("tables", [])
    by_table: list[list] = [[] for _ in tables]
    for page_no, rows in fragments:
        owner = next((i for i, t in enumerate(tables)
                      if rows and [_norm(c) for c in rows[0]] == [_norm(c["header"]) for c in t["columns"]]), None)
        if owner is None:
            problems.append(f"p{page_no}: ruled table without a known header row: {rows[:1]!r}")
        else:
            by_table[owner].append((page_no, rows[1:]))
    for table, frags in zip(tables, by_table):
        problems += _check_table(frags, table, path.name)
    return problems


def entry_labels(table: dict) -> list[str]:
    """'III/4.2'-style labels (section path / item) for the entries of table_entries()."""
    labels, path = [], {}
    for e in table_entries(table):
        if e["type"] == "section":
            path = {lvl: code for lvl, code in path.items() if lvl < e["level"]}
            path[e["level"]] = e["code"]
            labels.append("/".join(path.values()))
        elif e["type"] == "row":
            labels.append("/".join([*path.values(), e["item"] or "(no number)"]))
        else:
            labels.append("Tổng cộng")
    return labels


def _check_table(frags: list, table: dict, name: str) -> list[str]:
    if not frags:
        return [f"{name}: table {table['title']!r} not found"]
    problems = []
    expected = [expected_cells(e, table) for e in table_entries(table)]
    labels = entry_labels(table)
    k, splits = 0, []
    for page_no, rows in frags:
        for row in rows:
            if k < len(expected) and _matches(row, expected[k], "start"):
                k += 1
            elif k > 0 and _matches(row, expected[k - 1], "end"):
                splits.append(f"{labels[k - 1]} (continues on p{page_no})")
            else:
                problems.append(f"{name} p{page_no}: unexpected row {row!r}")
    if k != len(expected):
        problems.append(f"{name}: {k} of {len(expected)} table entries found")
    log.info("%s: table on pages %s, header row on each; rows split across pages: %s",
             name, [p for p, _ in frags], ", ".join(splits) or "none")
    wanted = (table.get("render") or {}).get("min_split_rows", 0)
    if len(splits) < wanted:
        problems.append(f"{name}: {len(splits)} rows split across pages, wanted at least {wanted}")
    return problems


# --------------------------------------------------------------------------- CLI

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Render the golden truth files (samples/truth/*.json) as realistic PDFs "
                    "(<out>/<id>.pdf): letters and decisions on portrait A4, plan tables fully ruled "
                    "on landscape A4 with the header repeated on every page and rows split by page "
                    "breaks. Output is byte-for-byte deterministic.")
    parser.add_argument("--out", type=Path, default=HERE, help="output directory (default: %(default)s)")
    parser.add_argument("--truth", type=Path, default=HERE / "truth", help="truth directory (default: %(default)s)")
    parser.add_argument("--font-dir", type=Path, default=DEFAULT_FONT_DIR,
                        help="directory with LiberationSerif-*.ttf (default: %(default)s)")
    parser.add_argument("--only", action="append", metavar="ID", help="render only this id (repeatable)")
    parser.add_argument("--check", action="store_true",
                        help="after writing, re-open each PDF with pdfplumber and check text, tables, "
                             "repeated headers and split rows")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(levelname)s %(message)s")

    rl_config.invariant = 1
    register_fonts(args.font_dir)
    styles = make_styles()
    args.out.mkdir(parents=True, exist_ok=True)
    truths = load_truths(args.truth, args.only)
    if not truths:
        log.error("no truth files in %s", args.truth)
        return 1
    failed = 0
    for truth in truths:
        path = render(truth, args.out, styles)
        if args.check:
            problems = check_pdf(path, truth)
            for p in problems:
                log.error("%s", p)
            failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
