"""Tests of normalize/legacy.py: TCVN3 (ABC) and VNI text layers."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from normalize.legacy import (convert_legacy, detect_legacy_encoding, encoding_from_font_name, legacy_table,
                              text_is_garbage, to_unicode)

ROOT = Path(__file__).resolve().parents[1]

UNICODE = "Cộng hòa Xã hội chủ nghĩa Việt Nam"
TCVN3 = "Céng hßa X· héi chñ nghÜa ViÖt Nam"
VNI = "Coäng hoøa Xaõ hoäi chuû nghóa Vieät Nam"


def _heldout_lines() -> list[str]:
    lines = (ROOT / "bench" / "data" / "heldout_clean.txt").read_text(encoding="utf-8").splitlines()
    return [line.partition("\t")[2] or line for line in lines if line and not line.startswith("#")]


def _encode(text: str, encoding: str) -> str:
    """Unicode → legacy with the inverse table (longest Unicode first is not needed: 1 letter each)."""
    inverse = {}
    for sequence, letter in legacy_table(encoding).items():
        inverse.setdefault(letter, sequence)
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def test_detects_and_converts_tcvn3():
    assert detect_legacy_encoding(TCVN3) == "tcvn3"
    assert convert_legacy(TCVN3, "tcvn3") == UNICODE
    text = "Uû ban nh©n d©n tØnh §¾k N«ng. QuyÕt ®Þnh vÒ viÖc ban hµnh KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2019"
    assert detect_legacy_encoding(text) == "tcvn3"
    assert convert_legacy(text, "tcvn3") == ("Uỷ ban nhân dân tỉnh Đắk Nông. Quyết định về việc ban hành "
                                             "Kế hoạch cải cách hành chính năm 2019")


def test_tcvn3_upper_case_font_words_are_upper_cased():
    text = "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM\nX· héi"
    assert convert_legacy(text, "tcvn3") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXã hội"


def test_detects_and_converts_vni():
    assert detect_legacy_encoding(VNI) == "vni"
    assert convert_legacy(VNI, "vni") == UNICODE
    assert convert_legacy("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "vni") == UNICODE.upper()
    text = "Ñoäc laäp - Töï do - Haïnh phuùc. Ngöôøi, ñöôïc, quyeát ñònh, thuû tuïc, yù kieán"
    assert convert_legacy(text, "vni") == "Độc lập - Tự do - Hạnh phúc. Người, được, quyết định, thủ tục, ý kiến"


@pytest.mark.parametrize("text", [
    UNICODE,
    "Tôi là sinh viên",
    "hoà hợp, thuỷ lợi, khoẻ mạnh, hoá đơn",
    "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
    "The quick brown fox jumps over the lazy dog. Report 2019.",
    "Le café résumé à Paris était très célèbre.",
    "1.080 10 20 30/6/2019",
    "",
])
def test_no_detection_on_unicode_or_english(text):
    assert detect_legacy_encoding(text) is None


def test_no_detection_on_any_heldout_line():
    assert [line for line in _heldout_lines() if detect_legacy_encoding(line)] == []


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_round_trip_over_heldout_text(encoding):
    text = "\n".join(_heldout_lines())
    if encoding == "tcvn3":
        text = text.lower()  # the lower-case ABC font has no upper-case toned letters
    legacy = _encode(text, encoding)
    assert detect_legacy_encoding(legacy) == encoding
    assert convert_legacy(legacy, encoding) == text


def test_unknown_encoding_is_an_error():
    with pytest.raises(ValueError):
        convert_legacy("abc", "viscii")


def test_garbage():
    assert text_is_garbage("(cid:12)(cid:45)(cid:3) (cid:77)(cid:9) Kế hoạch")
    assert text_is_garbage("K\ufffd ho\ufffdch c\ufffdi c\ufffdch h\ufffdnh ch\ufffdnh")
    assert text_is_garbage("\ue001\ue002\ue003 \ue004\ue005")
    assert text_is_garbage(TCVN3)            # still encoded: convert it first
    assert text_is_garbage("ÿþý ¤¥¦ ±²³ µ¶· ¹º» ¼½¾")


def test_not_garbage():
    assert not text_is_garbage(UNICODE)
    assert not text_is_garbage(convert_legacy(TCVN3, "tcvn3"))
    assert not text_is_garbage(convert_legacy(VNI, "vni"))
    assert not text_is_garbage("Quyết định số 2070/QĐ-UBND ngày 13/12/2018 của UBND tỉnh; HĐND, CCHC, TTHC")
    assert not text_is_garbage("The quick brown fox jumps over the lazy dog.")
    assert not text_is_garbage("Nhiệt độ 30°C, tỷ lệ 95%")
    assert not text_is_garbage("")
    assert [line for line in _heldout_lines() if text_is_garbage(line)] == []


def test_to_unicode():
    assert to_unicode(TCVN3) == (UNICODE, "tcvn3")
    assert to_unicode(VNI) == (UNICODE, "vni")
    assert to_unicode(UNICODE) == (UNICODE, None)


@pytest.mark.parametrize("name, encoding", [
    (".VnTime", "tcvn3"), ("ABCDEF+.VnTimeH", "tcvn3"), (".VnArial", "tcvn3"), ("VnCentury", "tcvn3"),
    ("VNI-Times", "vni"), ("XYZABC+VNI-Helve-Bold", "vni"),
    ("TimesNewRomanPSMT", None), ("Arial-BoldMT", None), ("ABCDEF+Calibri", None),
])
def test_encoding_from_font_name(name, encoding):
    assert encoding_from_font_name(name) == encoding
