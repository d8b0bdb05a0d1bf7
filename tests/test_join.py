"""A table continued on the next OCR'd page is one table (extract/join.py, then
extract/pdf_text.join_continued_tables), when only page furniture and OCR noise stand
between its halves; a line of text between them keeps them apart.

The cases are those of the corpus' phone photos (samples/corpus/*photo*): the footer's last
word read as a line of its own, a speck under the footer, a "|" read off a table's edge.
"""
from __future__ import annotations

from extract.join import harmonize_continuations
from extract.model import Cell, Line, Row, Table
from extract.pdf_text import TextLayerSettings, join_continued_tables

HEADER = ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian", "Kinh phí"]
FOOTER = "Tài liệu mẫu tổng hợp dùng để kiểm thử - không phải văn bản thật"


def _table(page: int, *items: str) -> Table:
    rows = [Row([Cell(t, page=page, origin="ocr", confidence=95.0) for t in HEADER], page=page)]
    rows += [Row([Cell(t, page=page, origin="ocr", confidence=95.0) for t in (item, "Việc", "Sở Nội vụ", "Quý I", "")],
                 page=page) for item in items]
    return Table(rows)


def _line(text: str, page: int, top: float, confidence: float = 93.0, left: float = 290.0) -> Line:
    return Line(text, page=page, bbox=(left, top, left + 5.0 * len(text), top + 12.0), confidence=confidence,
                origin="ocr")


def _joined(blocks) -> list[Table]:
    out = join_continued_tables(harmonize_continuations(blocks), TextLayerSettings())
    return [b for b in out if isinstance(b, Table)]


def test_a_table_continued_past_an_ocr_footer_is_one_table():
    """Its header repeated on page 2 is dropped; its rows "3" and "4", alike to "1" and "2" but
    for their numbers, are rows of their own (they had been taken for a repeated header)."""
    blocks = [_line("2", 1, 30), _table(1, "1", "2"), _line(FOOTER, 1, 553),
              _line("3", 2, 30), _table(2, "3", "4"), _line(FOOTER, 2, 553)]
    [table] = _joined(blocks)
    assert [r.texts[0] for r in table.rows] == ["TT", "1", "2", "3", "4"]


def test_the_footer_counts_when_a_speck_or_its_last_word_is_the_page_last_line():
    for tail in ([_line(FOOTER, 2, 553), _line("“Ì", 2, 575, confidence=56.0, left=490)],
                 [_line(FOOTER[:-5], 2, 553), _line("thị", 2, 553, confidence=95.0, left=521)]):
        blocks = [_table(1, "1", "2"), _line(FOOTER, 1, 553), _table(2, "3", "4"), *tail]
        [table] = _joined(blocks)
        assert len(table.rows) == 5, tail[-1].text


def test_a_speck_between_the_halves_does_not_keep_them_apart():
    blocks = [_table(1, "1", "2"), _line("|", 1, 143, confidence=74.0, left=782), _line(FOOTER, 1, 553),
              _line("'", 2, 38, confidence=56.0, left=760), _table(2, "3", "4"), _line(FOOTER, 2, 553)]
    [table] = _joined(blocks)
    assert len(table.rows) == 5


def test_a_line_of_text_between_two_tables_keeps_them_apart():
    blocks = [_table(1, "1", "2"), _line("Ghi chú: số liệu tạm tính", 1, 300, confidence=91.0),
              _line(FOOTER, 1, 553), _table(2, "3", "4"), _line(FOOTER, 2, 553)]
    assert len(_joined(blocks)) == 2


def test_a_footer_read_with_a_digit_on_one_page_is_still_the_footer():
    # A held-out 150-dpi scan (Noto Serif): the footer printed without a number read
    # "7 ¡ mẫu tống hợp …" on page 2 ("Tài liệu" taken for a 7), the others without one.
    # The 7 made that reading no copy of the others, so the footer stood between the
    # table and its continuation, and the page's rows went to a table of their own.
    blocks = [_table(1, "1", "2"), _line("Tài liệu trâu tống hợp dùng đế kiếm thứ khôn phái vân bán thật", 1, 553, 0.0),
              _table(2, "3", "4"), _line("7 ¡ mẫu tống hợp dùng đề kiếm thứ không phải vẫn bản thật", 2, 553, 73.0),
              _table(3, "5", "6"), _line("Tài liệu mâu tông hợp dùng để kiếm thủ không phải vận bán thật", 3, 553, 40.0)]
    [table] = _joined(blocks)
    assert [r.texts[0] for r in table.rows] == ["TT", "1", "2", "3", "4", "5", "6"]


def test_a_numbered_running_line_keeps_each_page_number():
    blocks = [_line("Trang 1", 1, 30), _table(1, "1"), _line("Trang 2", 2, 30), _table(2, "2"),
              _line("Trang 3", 3, 30), _table(3, "3")]
    harmonize_continuations(blocks)
    assert [b.text for b in blocks if isinstance(b, Line)] == ["Trang 1", "Trang 2", "Trang 3"]


def test_a_lone_letter_between_the_halves_does_not_keep_them_apart():
    # A held-out phone photo: the desk's edge beside page 2 read "W" at 78.
    blocks = [_table(1, "1", "2"), _line(FOOTER, 1, 553), _table(2, "3", "4"), _line("W", 2, 540, confidence=78.0, left=820),
              _line(FOOTER, 2, 553), _table(3, "5", "6"), _line(FOOTER, 3, 553)]
    [table] = _joined(blocks)
    assert len(table.rows) == 7
    # A word is no speck: "Ghi chú" between the halves keeps them apart (above).
    blocks = [_table(1, "1", "2"), _line("Ở", 1, 300, confidence=91.0), _line("Nơi nhận", 1, 320, confidence=91.0),
              _table(2, "3", "4")]
    assert len(_joined(blocks)) == 2


def test_a_few_characters_lower_than_any_text_line_do_not_keep_the_halves_apart():
    # A held-out phone photo of a Hà Nội plan: "sá" in a box 2 pt high under page 3's footer and
    # an "H" 5 pt high in page 4's corner (read at 64 and 91) split off the table's last two pages.
    def small(text, page, top, confidence):
        return Line(text, page=page, bbox=(494.0, top, 499.0, top + 2.5), confidence=confidence, origin="ocr")

    blocks = [_table(1, "1", "2"), _line(FOOTER, 1, 553), small("sá", 1, 564, 64.0), small("H", 2, 37, 91.0),
              _table(2, "3", "4"), _line(FOOTER, 2, 553)]
    [table] = _joined(blocks)
    assert len(table.rows) == 5
    # Words as high as the text are no specks, whatever their length.
    blocks = [_table(1, "1", "2"), _line(FOOTER, 1, 553), _line("Ghi", 1, 564, confidence=91.0),
              _table(2, "3", "4")]
    assert len(_joined(blocks)) == 2
