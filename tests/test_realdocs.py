"""The five real PDFs of ../shared/realdocs give what that folder's README says.

Nobody on this project made these files: they are what offices published. Four
are born-digital (Word/Aspose exports, a signed PDF): kehoach must not change a
single word of them. One is a real colour scan (a university's plan 753).
Each file is read once per module, as the batch reads it (extract + normalize).
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import regex

from extract import extract_file
from normalize.legacy import page_text_decoder
from normalize.plan import normalize

REALDOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"
BORN_DIGITAL = [
    "dongthap_kh362_sgddt_stem_2026.pdf",
    "dongthap_qd337_sgddt_thanghang_2025.pdf",
    "lamdong_pl01_chamdiem_cchc_songanh_2025.pdf",
    "lamdong_tt666_gopy_kh_cchc_2026.pdf",
]
SCAN = "huit_kh753_khaosat_2026_scan.pdf"
#: Conversions, not repairs: they change how a text is encoded, never a word.
CONVERSION_RULES = {"lookalike-letter", "stray-combining-mark", "conversion-noise"}

pytestmark = pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not beside the repository")

_cache: dict[str, object] = {}


def read(name: str):
    if name not in _cache:
        extraction = extract_file(REALDOCS / name, decode_page=page_text_decoder)
        _cache[name] = (extraction, normalize(extraction))
    return _cache[name]


def _words(text: str) -> list[str]:
    return regex.findall(r"[\p{L}\p{M}\p{N}]+", unicodedata.normalize("NFC", text))


def _output_texts(result) -> list[str]:
    texts = []
    for table in result.tables:
        texts.append(table.title)
        for row in table.rows:
            texts += [row.task, row.section_title, row.item, row.period.text, row.budget_text,
                      *row.products, *row.lead_units, *row.partner_units, *row.extra.values()]
    for table in getattr(result, "other_tables", []):
        for row in table.rows:
            texts += [cell.text for cell in row]
    return texts


@pytest.mark.parametrize("name", BORN_DIGITAL)
def test_not_one_word_changed_on_born_digital_pages(name):
    extraction, result = read(name)
    # What pdfplumber read from the page's characters, cell by cell and line by line.
    printed = {w for t in extraction.tables for r in t.rows for c in r.cells for w in _words(c.text)}
    printed |= {w for line in extraction.lines for w in _words(line.text)}
    changed = sorted({w for text in _output_texts(result) for w in _words(text)} - printed)
    assert changed == [], f"words not printed in {name}: {changed[:20]}"
    repairs = [f for t in result.tables for r in t.rows for f in r.fixes if f.rule not in CONVERSION_RULES]
    assert repairs == []
    origins = {c.origin for t in extraction.tables for r in t.rows for c in r.cells}
    assert origins == {"text-layer"}


@pytest.mark.parametrize("name", ["dongthap_qd337_sgddt_thanghang_2025.pdf",
                                  "lamdong_pl01_chamdiem_cchc_songanh_2025.pdf",
                                  "lamdong_tt666_gopy_kh_cchc_2026.pdf"])
def test_staff_lists_scoring_guides_and_comment_tables_are_not_plans(name):
    _, result = read(name)
    assert result.tables == []
    assert result.other_tables, "their tables are kept as other tables"
    assert not [c for c in result.checks if c.check.startswith("budget")]


def test_the_staff_list_is_one_row_per_person_under_two_header_levels():
    _, result = read("dongthap_qd337_sgddt_thanghang_2025.pdf")
    table = max(result.other_tables, key=lambda t: len(t.rows))
    assert len(table.header) == 2  # "Ngày tháng năm sinh" over "Nam" / "Nữ"
    flat = " ".join(" ".join(level) for level in table.header)
    assert "Họ và tên" in flat and "Nam" in flat and "Nữ" in flat
    assert len(table.rows) > 1000


def test_the_comments_table_keeps_its_words():
    _, result = read("lamdong_tt666_gopy_kh_cchc_2026.pdf")
    text = " ".join(c.text for t in result.other_tables for r in t.rows for c in r)
    assert "Đề nghị bỏ nội dung" in text
    assert "tại khoản 1" in text
    assert "06-CTr/TU" in text


def test_the_stem_plan_is_numbered_and_its_school_list_is_an_other_table():
    _, result = read("dongthap_kh362_sgddt_stem_2026.pdf")
    numbers = [d.number for d in result.documents]
    assert "362/KH-SGDĐT" in numbers
    plan = next(d for d in result.documents if d.number == "362/KH-SGDĐT")
    assert plan.date == "2026-04-14" and plan.issuer  # "ngày 14 tháng 4 năm 2026", stamped at signing
    schools = [t for t in result.other_tables if any("Tên đơn vị" in " ".join(level) for level in t.header)]
    assert schools and len(schools[0].rows) == 9  # "Danh sách có 09 trường"


def test_the_scanned_plan_753_is_five_rows_with_items_and_dates():
    extraction, result = read(SCAN)
    assert len(result.tables) == 1
    rows = result.tables[0].rows
    assert [r.item for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0].period.end_date == "2026-06-27"          # "Trước ngày 27/6/2026"
    assert (rows[2].period.start_date, rows[2].period.end_date) == ("2026-06-29", "2026-07-09")
    assert (rows[3].period.start_date, rows[3].period.end_date) == ("2026-07-10", "2026-07-13")
    assert rows[4].period.end_date == "2026-07-15"          # "Trước ngày 15/7/2026"
    assert {c.origin for t in extraction.tables for r in t.rows for c in r.cells} == {"ocr"}


def test_text_stamped_at_signing_is_read_where_it_is_printed():
    # The number (362) and the day (14) of plan 362 are drawn by the signature
    # widgets into the blanks "Số:      /KH-SGDĐT" and "ngày      tháng 4", outside
    # the page's content stream (checked against the page rendered by pdftoppm).
    extraction, _ = read("dongthap_kh362_sgddt_stem_2026.pdf")
    first_page = " ".join(line.text for line in extraction.lines if line.page == 1)
    assert regex.search(r"Số:\s*362\s*/KH-SGDĐT", first_page)
    assert "ngày 14 tháng 4 năm 2026" in first_page
