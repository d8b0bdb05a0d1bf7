"""normalize/money.py: budget units, amounts in cells, amounts in words."""
from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from normalize.model import Money
from normalize.money import (
    budget_unit_from_header,
    find_amount_in_words,
    parse_amount_in_words,
    parse_money,
    unwrapped_amount,
    vnd_to_million,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- budget_unit_from_header ----------------------------------------------

@pytest.mark.parametrize("header, unit", [
    ("Kinh phí (Triệu đồng)", "million"),
    ("Kinh phí (triệu đồng)", "million"),
    ("KINH PHÍ (TRIỆU ĐỒNG)", "million"),
    ("Kinh phí (tr.đ)", "million"),
    ("Kinh phí (trđ)", "million"),
    ("Dự toán (triệu)", "million"),
    ("Dự toán (nghìn đồng)", "thousand"),
    ("Dự toán (ngàn đồng)", "thousand"),
    ("Kinh phí (1.000 đồng)", "thousand"),
    ("Kinh phí (tỷ đồng)", "billion"),
    ("Kinh phí (tỉ đồng)", "billion"),
    ("Kinh phí (đồng)", "dong"),
    ("Kinh phí (VNĐ)", "dong"),
    ("Số tiền (VND)", "dong"),
    ("Dự toán (đông)", "dong"),  # OCR lost the grave of "đồng" (a 150-dpi Liberation Sans scan)
    ("Kinh phí hoạt động", "million"),  # "động" is no unit: the plans' usual one
])
def test_budget_unit_from_header(header: str, unit: str) -> None:
    assert budget_unit_from_header(header) == unit


def test_budget_unit_from_header_nfd_and_lookalike_letters() -> None:
    assert budget_unit_from_header(nfd("Kinh phí (Triệu đồng)")) == "million"
    assert budget_unit_from_header(nfd("Dự toán (nghìn đồng)")) == "thousand"
    assert budget_unit_from_header(nfd("Kinh phí (tỷ đồng)")) == "billion"
    assert budget_unit_from_header(nfd("Kinh phí (đồng)")) == "dong"
    # Icelandic eth U+00D0 for Đ, as PDFs produce it
    assert budget_unit_from_header("KINH PHÍ (\u00d0ỒNG)") == "dong"


@pytest.mark.parametrize("header", ["Kinh phí", "Dự toán", "", "Ghi chú", "Kinh phí (ngân sách tỉnh)"])
def test_budget_unit_from_header_defaults_to_million(header: str) -> None:
    # "ngân" must not be read as "ngàn" (thousand): diacritics matter here
    assert budget_unit_from_header(header) == "million"


def test_budget_unit_from_header_ratio_is_not_billion() -> None:
    assert budget_unit_from_header("Tỷ lệ (%)") == "million"
    assert budget_unit_from_header("Tỷ lệ kinh phí (triệu đồng)") == "million"


def test_budget_unit_from_header_longest_phrase_wins() -> None:
    # "triệu đồng" contains "đồng" but is a million
    assert budget_unit_from_header("Kinh phí thực hiện (Triệu đồng)") == "million"
    assert budget_unit_from_header("Kinh phí (1.000.000 đồng)") == "million"


def test_budget_unit_from_header_word_boundaries() -> None:
    # "tr" inside "trong" and "đ" inside "đầu" are not units
    assert budget_unit_from_header("Kinh phí trong năm đầu") == "million"
    assert budget_unit_from_header("Kinh phí đầu tư (đ)") == "dong"


# -- parse_money: the brief's and the glossary's examples ------------------

@pytest.mark.parametrize("text, expected", [
    ("1.080", "1080"),
    ("10 triệu", "10"),
    ("01", "1"),
    ("1,5", "1.5"),
    ("1.234,5", "1234.5"),
    ("2.500.000.000 đồng", "2500"),
    ("81", "81"),
    ("195", "195"),
    ("0", "0"),
])
def test_parse_money_examples(text: str, expected: str) -> None:
    money = parse_money(text)
    assert money == Money(Decimal(expected), ok=True)


@pytest.mark.parametrize("text", ["", "   ", "-", " - ", "–", "—", "\n"])
def test_parse_money_empty_cells_are_ok(text: str) -> None:
    assert parse_money(text) == Money(None, ok=True)


@pytest.mark.parametrize("text", [
    "Ngân sách tỉnh", "x", "X", "10%", "Theo dự toán", "1.2.3", "29.5.2018",
    "10 20", "10 trăm", "1 tỷ 80", "10 triệu 1 tỷ", "Tr", "đ", "1.080 (triệu đồng)", "khoảng 10",
])
def test_parse_money_not_a_number(text: str) -> None:
    assert parse_money(text) == Money(None, ok=False)


def test_parse_money_values_are_normalized() -> None:
    assert str(parse_money("1.080").million_vnd) == "1080"
    assert str(parse_money("1.080,000").million_vnd) == "1080"
    assert str(parse_money("1,50").million_vnd) == "1.5"
    assert str(parse_money("2.500.000.000 đồng").million_vnd) == "2500"
    assert str(parse_money("10 triệu").million_vnd) == "10"


# -- parse_money: separators ----------------------------------------------

def test_parse_money_english_decimal_point() -> None:
    # a dot followed by a group of other than three digits is a decimal point
    assert parse_money("1.5").million_vnd == Decimal("1.5")
    assert parse_money("12.75").million_vnd == Decimal("12.75")
    assert parse_money("1.5000").million_vnd == Decimal("1.5")
    # "0.500" cannot be thousands grouping
    assert parse_money("0.500").million_vnd == Decimal("0.5")
    # four digits before the dot: not a thousands group either
    assert parse_money("1080.000").million_vnd == Decimal("1080")


def test_parse_money_dot_groups_thousands() -> None:
    assert parse_money("1.080.000").million_vnd == Decimal("1080000")
    assert parse_money("12.500").million_vnd == Decimal("12500")
    assert parse_money("1.080.000,25").million_vnd == Decimal("1080000.25")
    # a malformed group is rejected, not guessed
    assert parse_money("1.08.000").ok is False
    assert parse_money("1.080.00").ok is False


def test_parse_money_spaces_group_thousands() -> None:
    assert parse_money("1 080").million_vnd == Decimal("1080")
    assert parse_money("1 080 000").million_vnd == Decimal("1080000")
    assert parse_money("1\u00a0080").million_vnd == Decimal("1080")
    assert parse_money("1 080,5").million_vnd == Decimal("1080.5")


def test_parse_money_comma_is_the_decimal_mark() -> None:
    assert parse_money("1,080").million_vnd == Decimal("1.08")
    assert parse_money("0,5").million_vnd == Decimal("0.5")
    # several commas in three-digit groups can only be English grouping
    assert parse_money("1,234,567").million_vnd == Decimal("1234567")
    assert parse_money("1,234.5").million_vnd == Decimal("1234.5")
    assert parse_money("1,2,3").ok is False


def test_parse_money_comma_in_dong_column_has_no_fractions() -> None:
    # there are no fractions of a đồng, so "1,500" in a đồng column is 1500 đồng
    assert parse_money("1,500", "dong").million_vnd == Decimal("0.0015")
    assert parse_money("1,500 đồng").million_vnd == Decimal("0.0015")
    # ... but in a million column the comma stays a decimal mark
    assert parse_money("1,500", "million").million_vnd == Decimal("1.5")


# -- parse_money: units ---------------------------------------------------

@pytest.mark.parametrize("text, unit, expected", [
    ("500", "thousand", "0.5"),
    ("1.500.000", "dong", "1.5"),
    ("1,5", "billion", "1500"),
    ("2", "billion", "2000"),
    ("1.080", "million", "1080"),
])
def test_parse_money_column_unit(text: str, unit: str, expected: str) -> None:
    assert parse_money(text, unit).million_vnd == Decimal(expected)


@pytest.mark.parametrize("text, expected", [
    ("10 triệu", "10"),
    ("10 triệu đồng", "10"),
    ("10 Triệu đồng.", "10"),
    ("10tr", "10"),
    ("10 tr.đ", "10"),
    ("10 trđ", "10"),
    ("1,5 tỷ", "1500"),
    ("1,5 tỉ đồng", "1500"),
    ("500 nghìn đồng", "0.5"),
    ("500 ngàn", "0.5"),
    ("100.000đ", "0.1"),
    ("2.500.000.000 VNĐ", "2500"),
    ("2.500.000.000 đồng", "2500"),
    ("1 tỷ 80 triệu", "1080"),
])
def test_parse_money_unit_word_in_cell_overrides_column(text: str, expected: str) -> None:
    for column in ("dong", "thousand", "million", "billion"):
        assert parse_money(text, column).million_vnd == Decimal(expected), column


def test_parse_money_unit_word_boundaries() -> None:
    # "tr" is a unit, "trăm" (hundred) is not
    assert parse_money("10 trăm").ok is False
    assert parse_money("10 đồng").million_vnd == Decimal("0.00001")


def test_parse_money_unit_order_must_fall() -> None:
    assert parse_money("80 triệu 1 tỷ").ok is False
    assert parse_money("1 tỷ 1 tỷ").ok is False


def test_parse_money_unknown_column_unit_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_money("10", "crore")


# -- parse_money: decoration ----------------------------------------------

def test_parse_money_parentheses_are_not_negative() -> None:
    assert parse_money("(1.080)").million_vnd == Decimal("1080")
    assert parse_money("(10 triệu)").million_vnd == Decimal("10")
    assert parse_money("()") == Money(None, ok=True)


def test_parse_money_bullet_dash_and_minus_sign() -> None:
    assert parse_money("- 10").million_vnd == Decimal("10")
    assert parse_money("-10").million_vnd == Decimal("-10")


def test_parse_money_trailing_punctuation_and_spaces() -> None:
    assert parse_money(" 1.080. ").million_vnd == Decimal("1080")
    assert parse_money("45;").million_vnd == Decimal("45")
    assert parse_money("1.080\n").million_vnd == Decimal("1080")


def test_parse_money_nfd_unit_word() -> None:
    assert parse_money(nfd("10 triệu")).million_vnd == Decimal("10")
    assert parse_money(nfd("2.500.000.000 đồng")).million_vnd == Decimal("2500")


# -- vnd_to_million -------------------------------------------------------

def test_vnd_to_million() -> None:
    assert vnd_to_million(Decimal("1080000000")) == Decimal("1080")
    assert str(vnd_to_million(Decimal("1080000000"))) == "1080"
    assert vnd_to_million(Decimal("1500000")) == Decimal("1.5")
    assert vnd_to_million(Decimal(0)) == Decimal(0)


# -- parse_amount_in_words ------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Một tỉ không trăm tám mươi triệu đồng", 1_080_000_000),
    ("Tám mươi mốt triệu đồng", 81_000_000),
    ("Hai trăm linh năm triệu đồng", 205_000_000),
    ("Mười lăm triệu", 15_000_000),
    ("Một trăm hai mươi tư nghìn", 124_000),
    ("Ba tỷ năm trăm triệu đồng chẵn", 3_500_000_000),
    ("một nghìn tỷ", 1_000_000_000_000),
])
def test_parse_amount_in_words_examples(text: str, value: int) -> None:
    assert parse_amount_in_words(text) == Decimal(value)


@pytest.mark.parametrize("text, value", [
    ("Hai trăm lẻ năm triệu đồng", 205_000_000),
    ("Hai trăm linh tư nghìn", 204_000),
    ("Một trăm hai mươi bốn nghìn", 124_000),
    ("Hai mươi lăm triệu", 25_000_000),
    ("Hai mươi năm triệu", 25_000_000),
    ("Hai mươi một triệu", 21_000_000),
    ("Mười năm triệu", 15_000_000),
    ("Mười một triệu", 11_000_000),
    ("Mười triệu đồng", 10_000_000),
    ("Một trăm mười triệu", 110_000_000),
    ("Bẩy mươi triệu", 70_000_000),
    ("Một ngàn đồng", 1_000),
    ("Một tỷ hai trăm triệu", 1_200_000_000),
    ("Một tỷ không trăm linh năm triệu", 1_005_000_000),
    ("Một triệu không trăm linh một nghìn hai trăm đồng", 1_001_200),
    ("Hai nghìn ba trăm tỷ", 2_300_000_000_000),
    ("Không đồng", 0),
    ("Năm triệu đồng", 5_000_000),
    ("Năm đồng", 5),
])
def test_parse_amount_in_words_variants(text: str, value: int) -> None:
    assert parse_amount_in_words(text) == Decimal(value)


def test_parse_amount_in_words_case_nfd_and_lookalikes() -> None:
    expected = Decimal(1_080_000_000)
    assert parse_amount_in_words("MỘT TỈ KHÔNG TRĂM TÁM MƯƠI TRIỆU ĐỒNG") == expected
    assert parse_amount_in_words(nfd("Một tỉ không trăm tám mươi triệu đồng")) == expected
    assert parse_amount_in_words("Một tỷ không trăm tám mươi triệu \u00d0ồng") == expected


def test_parse_amount_in_words_ignores_words_around_the_number() -> None:
    assert parse_amount_in_words("Bằng chữ: Tám mươi mốt triệu đồng./.") == Decimal(81_000_000)
    # "năm" is "year" here: a lone number word outside the run is not a number
    assert parse_amount_in_words("Kinh phí năm 2019: hai trăm triệu đồng") == Decimal(200_000_000)
    assert parse_amount_in_words("Hai trăm triệu đồng (năm 2019)") == Decimal(200_000_000)
    assert parse_amount_in_words("Hai trăm triệu năm 2019") == Decimal(200_000_000)
    # "tư" in "đầu tư" (investment) is not four, with or without punctuation after it
    assert parse_amount_in_words("Vốn đầu tư: ba tỷ đồng") == Decimal(3_000_000_000)
    assert parse_amount_in_words("Vốn đầu tư ba tỷ đồng") == Decimal(3_000_000_000)
    assert parse_amount_in_words("Kinh phí hằng năm năm mươi triệu") == Decimal(50_000_000)


@pytest.mark.parametrize("text", [
    "",
    "Ngân sách tỉnh",
    "năm 2019",
    "Hằng năm",
    "không có",
    "1.080.000.000 đồng",
    "Một tỉ XYZ tám mươi triệu",           # unknown word between number words
    "Hai trăm triệu và năm mươi nghìn",    # two runs
    "một triệu rưỡi",                      # 1.5 million: not followed
    "một triệu hai",                       # colloquial 1.2 million, not 1 000 002
    "một trăm năm",                        # colloquial 150 or 105
    "hai hai triệu",
    "triệu đồng",
    "mươi lăm triệu",
    "một mươi triệu",
    "một triệu hai triệu",
    "không triệu",
    "linh năm triệu",
    "mười mốt triệu",
])
def test_parse_amount_in_words_rejects(text: str) -> None:
    assert parse_amount_in_words(text) is None


# -- find_amount_in_words -------------------------------------------------

def test_find_amount_in_words_seed_line() -> None:
    # as printed in the seed dump, with the OCR's "Bảng chữ"
    found = find_amount_in_words("(Bảng chữ: Một tỉ không trăm tám mươi triệu đồng)")
    assert found == ("Một tỉ không trăm tám mươi triệu đồng", Decimal(1_080_000_000))


@pytest.mark.parametrize("line", [
    "(Bằng chữ: Tám mươi mốt triệu đồng)",
    "Bằng chữ: Tám mươi mốt triệu đồng",
    "Bằng chữ: Tám mươi mốt triệu đồng.",
    "(Băng chữ: Tám mươi mốt triệu đồng)",
    "(bằng chữ Tám mươi mốt triệu đồng)",
    "(BẰNG CHỮ: Tám mươi mốt triệu đồng)",
    "Tổng cộng: 81 (Bằng chữ: Tám mươi mốt triệu đồng) ./.",
    "Số tiền bằng chữ : Tám mươi mốt triệu đồng",
])
def test_find_amount_in_words_labels(line: str) -> None:
    assert find_amount_in_words(line) == ("Tám mươi mốt triệu đồng", Decimal(81_000_000))


def test_find_amount_in_words_nfd() -> None:
    words, value = find_amount_in_words(nfd("(Bằng chữ: Mười lăm triệu đồng)")) or ("", None)
    assert words == "Mười lăm triệu đồng"
    assert unicodedata.is_normalized("NFC", words)
    assert value == Decimal(15_000_000)


@pytest.mark.parametrize("line", [
    "Một tỉ không trăm tám mươi triệu đồng",   # no label
    "Tổng cộng 1.080",
    "(Bằng chữ: )",
    "(Bằng chữ: không rõ)",
    "Bằng chữ: 1.080.000.000 đồng",
    "Bảng chấm điểm: Một triệu",
])
def test_find_amount_in_words_none(line: str) -> None:
    assert find_amount_in_words(line) is None


@pytest.mark.parametrize("text, joined", [
    ("150.000.00 0", "150.000.000"), ("150.000.\n000", "150.000.000"), ("62.5 00", "62.500"),
    ("150.000 20.000", None), ("150.000.000", None), ("1.080", None), ("Ngân sách tỉnh", None), ("10 tr", None),
])
def test_an_amount_wrapped_inside_a_digit_group(text, joined):
    assert unwrapped_amount(text) == joined
