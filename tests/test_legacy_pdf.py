"""A PDF whose text layer is in an old 8-bit Vietnamese font encoding (TCVN3/ABC)."""
from reportlab.pdfgen import canvas

from extract import extract_file
from normalize.legacy import page_text_decoder

# How a TCVN3 font's text reads when taken as Latin-1, as pdfplumber gives it.
TCVN3_LINES = ["Céng hßa x· héi chñ nghÜa ViÖt Nam", "§éc lËp - Tù do - H¹nh phóc",
               "KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2019"]


def test_legacy_text_layer_is_converted(tmp_path):
    pdf = tmp_path / "tcvn3.pdf"
    page = canvas.Canvas(str(pdf))
    for i, line in enumerate(TCVN3_LINES):
        page.drawString(72, 720 - 20 * i, line)
    page.save()
    raw = extract_file(pdf)
    assert raw.lines[0].text == TCVN3_LINES[0]
    decoded = extract_file(pdf, decode_page=page_text_decoder)
    assert [line.text for line in decoded.lines] == [
        "Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc",
        "Kế hoạch cải cách hành chính năm 2019"]
    assert decoded.page_methods == {1: "text-layer"}


def test_unreadable_layer_goes_to_ocr_and_unicode_is_left_alone():
    assert page_text_decoder("Cộng hòa xã hội chủ nghĩa Việt Nam", ["Times-Roman"])("Cộng hòa") == "Cộng hòa"
    garbage = "ÐÏ×Ò ÆÇÈ ¼½¾ ÞßÐ ÐÏ×Ò ÆÇÈ ¼½¾ ÞßÐ " * 5
    assert page_text_decoder(garbage, []) is None
