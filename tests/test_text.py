import unicodedata

from normalize.text import clean_text, nfc, strip_diacritics


def test_markup_removed_and_each_piece_recorded():
    text, fixes = clean_text('<ul style="list-style-type: none"> - Kế hoạch; - Báo cáo.', "products")
    assert text == "- Kế hoạch; - Báo cáo."
    assert [(f.field, f.from_, f.to, f.rule) for f in fixes] == [
        ("products", '<ul style="list-style-type: none">', "", "conversion-noise")]


def test_markdown_bold_removed():
    assert clean_text("**KT. GIÁM ĐỐC**")[0] == "KT. GIÁM ĐỐC"


def test_comparisons_and_plain_text_left_alone():
    for text in ("Tỷ lệ < 5% và > 2%", "a*b = c", "Mức độ 3, 4"):
        assert clean_text(text) == (text, [])


def test_nfd_becomes_nfc_silently_and_eth_becomes_d_bar_visibly():
    nfd = unicodedata.normalize("NFD", "Cộng hòa")
    assert clean_text(nfd) == ("Cộng hòa", [])
    text, fixes = clean_text("\u00d0ắk Nông")
    assert text == "Đắk Nông" and fixes[0].rule == "lookalike-letter"
    assert nfc("\u00d0") == "Đ"


def test_strip_diacritics():
    assert strip_diacritics("Đắk Nông ĐỒNG") == "dak nong dong"
