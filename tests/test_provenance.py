"""Where a text came from decides whether it may be repaired.

A born-digital text layer is what a person typed: kept word for word. An OCR
text layer inside a PDF (invisible text over a page image, a font only OCR
programs write, a scanner's producer) was recognised from pixels and may carry
OCR errors, as kehoach's own OCR and OCR text dumps may.

The PDFs here are drawn with reportlab on the fly: a ruled plan table whose task
cell reads "Tổ chức đánh giá Chi số CCHC" (the OCR error "Chi số" for "Chỉ số"),
once as visible typed text and once as invisible text over a page image.
"""
from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extract import extract_file
from extract.pdf_text import TextLayerSettings, text_layer_origin
from normalize.plan import normalize

FONT_FILE = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
REALDOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"

HEADER = ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian", "Kinh phí"]
ROWS = [["1", "Tổ chức đánh giá Chi số CCHC", "Sở Nội vụ", "Quý I", "10"],
        ["2", "Rà soát thủ tục hành chính", "Văn phòng", "Quý II", "5"]]
WIDTHS = [40, 220, 120, 70, 60]


def _plan_pdf(path: Path, *, invisible: bool, producer: str = "kehoach tests") -> Path:
    pdfmetrics.registerFont(TTFont("LibSerif", str(FONT_FILE)))
    page_w, page_h = 595, 842
    c = canvas.Canvas(str(path), pagesize=(page_w, page_h))
    c.setProducer(producer)
    if invisible:
        # The page image a scanner makes (plain paper grey is enough for the test).
        image = Image.new("L", (page_w, page_h), 235)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        c.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, page_w, page_h)
    x0, top, row_h = 40, 780, 40
    xs = [x0]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    rows = [HEADER] + ROWS
    for r in range(len(rows) + 1):
        c.line(xs[0], top - r * row_h, xs[-1], top - r * row_h)
    for x in xs:
        c.line(x, top, x, top - len(rows) * row_h)
    for r, texts in enumerate(rows):
        for j, text in enumerate(texts):
            t = c.beginText(xs[j] + 3, top - r * row_h - 24)
            t.setFont("LibSerif", 9)
            t.setTextRenderMode(3 if invisible else 0)
            t.textLine(text)
            c.drawText(t)
    c.drawString(40, 800, "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2019") if not invisible else None
    c.showPage()
    c.save()
    return path


def _origin(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return text_layer_origin(pdf.pages[0], TextLayerSettings())


def test_typed_text_is_a_text_layer(tmp_path):
    assert _origin(_plan_pdf(tmp_path / "typed.pdf", invisible=False)) == "text-layer"


def test_invisible_text_over_a_page_image_is_an_ocr_layer(tmp_path):
    assert _origin(_plan_pdf(tmp_path / "ocr.pdf", invisible=True)) == "ocr-layer"


def test_a_scanner_or_ocr_producer_makes_an_ocr_layer(tmp_path):
    path = _plan_pdf(tmp_path / "abbyy.pdf", invisible=False, producer="ABBYY FineReader 15")
    assert _origin(path) == "ocr-layer"


@pytest.mark.parametrize("name", ["dak-nong-qd2070-2019.pdf", "synthetic-tinh-2024.pdf"])
def test_the_samples_text_layers_are_typed(name):
    assert _origin(SAMPLES / name) == "text-layer"


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not beside the repository")
@pytest.mark.parametrize("name", ["dongthap_kh362_sgddt_stem_2026.pdf", "lamdong_tt666_gopy_kh_cchc_2026.pdf"])
def test_real_word_and_aspose_exports_are_typed(name):
    assert _origin(REALDOCS / name) == "text-layer"


def _task_and_cell(path: Path):
    extraction = extract_file(path)
    table = extraction.tables[0]
    assert {c.origin for r in table.rows for c in r.cells if c.text}  # origins are set
    result = normalize(extraction)
    row = result.tables[0].rows[0]
    return row, {c.origin for r in table.rows for c in r.cells if c.text}


def test_a_typed_table_keeps_every_word_and_records_its_origin(tmp_path):
    row, origins = _task_and_cell(_plan_pdf(tmp_path / "typed.pdf", invisible=False))
    assert origins == {"text-layer"}
    assert row.task == "Tổ chức đánh giá Chi số CCHC"
    assert row.fixes == []
    assert row.cells["task"].origin == "text-layer"


def test_an_ocr_layer_is_repaired_and_the_fix_recorded(tmp_path):
    row, origins = _task_and_cell(_plan_pdf(tmp_path / "ocr.pdf", invisible=True))
    assert origins == {"ocr-layer"}
    assert row.task == "Tổ chức đánh giá Chỉ số CCHC"
    assert len(row.fixes) == 1
    fix = row.fixes[0]
    assert fix.field == "task" and fix.from_.startswith("Chi") and fix.to.startswith("Chỉ")
    assert row.cells["task"].origin == "ocr-layer"
