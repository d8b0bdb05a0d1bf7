"""The syllable inventories of normalize/repair/syllables.py.

``possible_syllables`` (phonotactics) must accept every Vietnamese syllable
of real documents, names included; ``known_syllables`` (hunspell-vi, the
syllables in use) must be possible syllables and reject what OCR makes of
them ("Cẳn", "thưc").
"""
from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
import regex

from normalize.repair import known_syllables, syllable_key
from normalize.repair.syllables import is_well_formed, possible_syllables

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
HUNSPELL = Path("/usr/share/hunspell/vi_VN.dic")
_WORD = regex.compile(r"[\p{L}\p{M}]+")

#: Tokens of the born-digital real documents that are no Vietnamese syllable,
#: each checked by eye: abbreviations, foreign words, web addresses, names
#: of other languages, and the documents' own typos (kept as typed).
NOT_SYLLABLES = {
    # abbreviations (all capitals, or mixed like CTr)
    "STEM", "BGDĐT", "GDPT", "TH", "THCS", "PETROVIETNAM", "GV", "CDNN", "BNV", "GĐ", "PGĐ", "VBQPPL",
    "ĐVSNCL", "NSNN", "TDTHPL", "TLKC", "QH", "SNCL", "VPCP", "VTLT", "VPQPPL", "THPL", "VII", "VIII", "IX",
    "CC", "HĐTĐ", "CSDL", "CTr", "TW", "D", "h", "b", "V", "UBND", "KH", "QĐ", "SGDĐT", "TT", "CP", "NĐ",
    "BGDĐTGDPT", "CCHC", "cchc", "CT", "GDĐT", "KT", "NQ", "NĐCP", "PAKN", "QPPL", "QĐBNV", "SNV", "STT", "TCCB",
    "THPT", "TTBGDĐT", "TTHC", "TTVPCP", "TTg", "TTr", "VC", "VT", "II", "III", "IV",
    # foreign words and addresses
    "https", "lamdong", "gov", "vn", "Link", "amp", "logic", "Digital", "Vault", "Zero", "Touch", "infographic",
    "Internet", "clip", "video",
    # names and typos as printed (a staff list: "NguyễnThị" lacks a space, "Nguyễnn" a letter too many)
    "NguyễnThị", "ĐỗThị", "KiềuTrang", "CôCin", "Nguyễnn", "Thoonl", "Wil", "Lynh", "Khăc", "vien",
}


def _document_words() -> set[str]:
    words: set[str] = set()
    for path in sorted(REALDOCS.glob("*.pdf")):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        words.update(_WORD.findall(unicodedata.normalize("NFC", text)))
    return words


def test_every_syllable_of_the_real_documents_is_possible():
    if not REALDOCS.exists():
        pytest.skip("../shared/realdocs missing")
    words = _document_words()
    assert len(words) > 1000
    rejected = {w for w in words if syllable_key(w) not in possible_syllables()}
    assert rejected - NOT_SYLLABLES == set()
    assert {"Thới", "Ngươn", "Tý", "Quí", "Súa", "Phưởng"} <= words  # rare syllables of names
    for name in ("thới", "ngươn", "tý", "quí", "súa", "phưởng", "huẩn", "nghiêng", "khuỷu", "quyết", "gìn"):
        assert syllable_key(name) in possible_syllables(), name


def test_known_syllables_are_possible_and_come_from_the_dictionary():
    known = known_syllables()
    assert 6000 < len(known) < 7000
    assert known <= possible_syllables()
    if HUNSPELL.exists():  # the list is this dictionary's syllables (see its _comment)
        entries = HUNSPELL.read_text(encoding="utf-8").split()[1:]
        assert known == {syllable_key(w) for w in entries if is_well_formed(syllable_key(w))}


def test_spelling_rules():
    for word in ("kế", "ghi", "nghề", "cá", "ga", "ngà", "gìn", "quốc", "thực", "đắk"):
        assert is_well_formed(word), word
    for word in ("kái", "ghá", "nghà", "cế", "ngê", "thưc", "quu", "hóaa", "ubnd"):
        assert not is_well_formed(word), word


def test_what_ocr_makes_of_a_syllable_is_often_possible_but_not_in_use():
    for word in ("sảu", "thũ", "nẵm", "thẫng"):  # sau, thủ, năm, tháng with a wrong mark
        assert syllable_key(word) in possible_syllables() and syllable_key(word) not in known_syllables(), word
    for word in ("ngằy", "thuôc", "càch", "hiẹn"):  # not even possible
        assert syllable_key(word) not in possible_syllables(), word
    for word in ("căn", "ngày", "phê", "hạnh", "đỗ", "hòa"):
        assert syllable_key(word) in known_syllables(), word
