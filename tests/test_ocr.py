"""OCR of scans: real Tesseract (vie) on real scans made here, no mocks.

A small page (a few lines and a ruled 3-row table in Vietnamese) is drawn with
reportlab, rasterized by pdftoppm at 300 dpi, skewed 1.5° and lightly
degraded, and wrapped as an image-only PDF, PDFs of the page turned 90, 180
and 270°, a PNG and a two-page TIFF. Pages are small so that the whole file runs in seconds.
"""
from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from extract import Table, extract_file

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None or shutil.which("pdftoppm") is None,
                                reason="needs tesseract (vie) and pdftoppm")

FONTS = Path("/usr/share/fonts/truetype/liberation2")
PAGE = (420.0, 300.0)  # points: a small landscape page
DPI = 300
HEADER = ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Kinh phí"]
ROWS = [["1", "Rà soát thủ tục hành chính", "Sở Nội vụ", "25"],
        ["2", "Tổ chức hội nghị tổng kết", "Văn phòng", "40"]]
LINES = ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024", "Các nhiệm vụ trọng tâm của năm như sau:"]


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass
class Scans:
    """The files made once for this module."""

    pdf: Path  # image-only PDF, skewed 1.5°
    turned: dict[int, Path]  # the same page turned 90, 180 and 270° (counter-clockwise)
    png: Path  # the page as a PNG with dpi metadata
    tiff: Path  # two pages in one TIFF


def draw_page(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table as RLTable, TableStyle

    pdfmetrics.registerFont(TTFont("Serif", str(FONTS / "LiberationSerif-Regular.ttf")))
    style = ParagraphStyle("p", fontName="Serif", fontSize=12, leading=15)
    cell = ParagraphStyle("c", fontName="Serif", fontSize=11, leading=13)
    story = [Paragraph(text, style) for text in LINES]
    data = [[Paragraph(t, cell) for t in row] for row in [HEADER] + ROWS]
    table = RLTable(data, colWidths=[30, 150, 100, 60])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=30, rightMargin=30,
                      topMargin=25, bottomMargin=20).build(story)


def scanned_image(pdf: Path, folder: Path):
    """The page at 300 dpi, skewed 1.5°, with a little noise, as a grayscale PIL image."""
    from PIL import Image, ImageFilter

    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", str(pdf),
                    str(folder / "page")], check=True)
    image = Image.open(folder / "page.png").convert("L").rotate(1.5, resample=Image.BICUBIC, fillcolor=255)
    pixels = np.asarray(image, np.float32) * 0.94 + np.random.default_rng(7).normal(0, 3, image.size[::-1])
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5))


def image_pdf(image, path: Path, size: tuple[float, float]) -> None:
    """An image-only PDF: the JPEG drawn over the whole page, no text layer."""
    from reportlab.pdfgen import canvas

    jpeg = path.with_suffix(".jpg")
    image.save(jpeg, "JPEG", quality=85)
    pdf = canvas.Canvas(str(path), pagesize=size, invariant=1)
    pdf.drawImage(str(jpeg), 0, 0, width=size[0], height=size[1])
    pdf.showPage()
    pdf.save()


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> Scans:
    folder = tmp_path_factory.mktemp("scans")
    source = folder / "source.pdf"
    draw_page(source)
    image = scanned_image(source, folder)
    image_pdf(image, folder / "scan.pdf", PAGE)
    turned = {}
    for angle in (90, 180, 270):
        turned[angle] = folder / f"turned{angle}.pdf"
        image_pdf(image.rotate(angle, expand=True), turned[angle], PAGE if angle == 180 else PAGE[::-1])
    image.save(folder / "page.png", dpi=(DPI, DPI))
    from PIL import Image

    second = Image.new("L", image.size, 240)  # page 2: only the two lines of text
    second.paste(image.crop((0, 0, image.width, int(0.22 * image.height))), (0, 0))
    image.save(folder / "pages.tiff", save_all=True, append_images=[second], dpi=(DPI, DPI),
               compression="tiff_lzw")
    return Scans(folder / "scan.pdf", turned, folder / "page.png", folder / "pages.tiff")


def check_table(table: Table, page_size: tuple[float, float]) -> None:
    """The table reads as printed: shape, Vietnamese text, boxes and confidences."""
    assert table.width == 4 and len(table.rows) == 3
    expected = [HEADER] + ROWS
    got = [[norm(c.text) for c in row.cells] for row in table.rows]
    exact = sum(e == g for erow, grow in zip(expected, got) for e, g in zip(erow, grow))
    assert exact >= 11, got  # of 12 cells; OCR may miss one character
    assert "Sở Nội vụ" in {g for row in got for g in row}, got
    for row in table.rows:
        for cell in row.cells:
            assert cell.page is not None and cell.bbox is not None
            x0, top, x1, bottom = cell.bbox
            assert 0 <= x0 < x1 <= page_size[0] + 1 and 0 <= top < bottom <= page_size[1] + 1
            assert cell.confidence is not None and 0 <= cell.confidence <= 100


def test_skewed_image_only_pdf(scans):
    extraction = extract_file(scans.pdf, jobs=1)
    assert extraction.method == "ocr" and extraction.page_methods == {1: "ocr"}
    assert len(extraction.tables) == 1
    check_table(extraction.tables[0], PAGE)
    # The header cell's box is where the table starts on the page (30 pt margin, below two lines).
    x0, top, _, _ = extraction.tables[0].rows[0].cells[0].bbox
    assert 20 <= x0 <= 45 and 40 <= top <= 90
    texts = [norm(line.text) for line in extraction.lines]
    assert any("CẢI CÁCH HÀNH CHÍNH" in t for t in texts), texts
    assert all(line.bbox is not None and 0 <= (line.confidence or 0) <= 100 for line in extraction.lines)


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_turned_page_is_read_upright(scans, angle):
    extraction = extract_file(scans.turned[angle], jobs=1)
    assert len(extraction.tables) == 1
    check_table(extraction.tables[0], PAGE if angle == 180 else PAGE[::-1])


def test_png_with_dpi_metadata(scans):
    extraction = extract_file(scans.png, jobs=1)
    assert extraction.method == "ocr" and extraction.pages == 1
    # points = pixels * 72 / dpi: the image is the page again.
    check_table(extraction.tables[0], PAGE)


def test_multi_page_tiff(scans):
    extraction = extract_file(scans.tiff, jobs=1)
    assert extraction.pages == 2 and extraction.page_methods == {1: "ocr", 2: "ocr"}
    assert {line.page for line in extraction.lines} == {1, 2}
    assert len(extraction.tables) == 1 and extraction.tables[0].pages == [1]


def test_same_result_whatever_the_number_of_workers(scans):
    one = extract_file(scans.tiff, jobs=1)
    two = extract_file(scans.tiff, jobs=2)
    assert one.blocks == two.blocks


def test_table_without_ruling_gets_columns_from_the_words(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", str(FONTS / "LiberationSerif-Regular.ttf")))
    source = tmp_path / "unruled.pdf"
    page = canvas.Canvas(str(source), pagesize=PAGE)
    page.setFont("Serif", 12)
    page.drawString(30, 270, "Danh sách các đơn vị và kinh phí năm 2024")
    rows = [["TT", "Đơn vị thực hiện", "Kinh phí"], ["1", "Sở Nội vụ", "25"],
            ["2", "Văn phòng UBND tỉnh", "40"], ["3", "Sở Tư pháp", "15"]]
    for index, row in enumerate(rows):
        for x, text in zip((40, 110, 330), row):
            page.drawString(x, 230 - index * 24, text)
    page.showPage()
    page.save()
    scan = tmp_path / "unruled-scan.pdf"
    image_pdf(scanned_image(source, tmp_path), scan, PAGE)
    extraction = extract_file(scan, jobs=1)
    assert len(extraction.tables) == 1
    got = [[norm(c.text) for c in row.cells] for row in extraction.tables[0].rows]
    assert got == rows
    assert [norm(line.text) for line in extraction.lines] == ["Danh sách các đơn vị và kinh phí năm 2024"]


def test_unreadable_image_is_a_corrupt_file(tmp_path):
    from extract import CorruptFile

    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(CorruptFile):
        extract_file(bad, jobs=1)
