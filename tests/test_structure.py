"""Sections, items, split rows and totals, on small tables built by hand."""
from decimal import Decimal

from extract.model import Cell, Row, Table
from normalize.classify import plan_columns
from normalize.labels import find_total_line
from normalize.sections import roman_value
from normalize.structure import read_structure

HEADER = ["TT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian", "Kinh phí (triệu đồng)"]


def table(*rows, breaks=(), origin="text-layer"):
    out = []
    for i, texts in enumerate(rows):
        texts = list(texts) + [""] * (len(HEADER) - len(texts))
        out.append(Row(cells=[Cell(t, page=1, origin=origin) for t in texts], page=1, break_before=i in breaks))
    return Table(rows=out)


def keep(text, field, **_):
    return text, []


def structure(*rows, breaks=(), repair=False):
    # repair=True reads the rows as OCR text (only recognised text is repaired).
    t = table(HEADER, *rows, breaks={b + 1 for b in breaks}, origin="ocr" if repair else "text-layer")
    return read_structure(t, plan_columns([r.texts for r in t.rows], t.width), repair=keep if repair else None)


def test_roman_values():
    assert [roman_value(c) for c in ("I", "IV", "IX", "XII")] == [1, 4, 9, 12]
    assert roman_value("IIII") is None and roman_value("A") is None


def test_section_rows_are_not_rows_and_label_the_rows_below():
    s = structure(["I", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH"], ["1", "Họp định kỳ", "Báo cáo", "Sở Nội vụ", "", "Quý I", "10"],
                  ["II CẢI CÁCH THỂ CHẾ"], ["1", "Rà soát văn bản", "Báo cáo", "Sở Tư pháp"])
    assert [r.text("task") for r in s.rows] == ["Họp định kỳ", "Rà soát văn bản"]
    assert [(r.section_path[-1].code, r.section_path[-1].title) for r in s.rows] == [
        ("I", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH"), ("II", "CẢI CÁCH THỂ CHẾ")]


def test_group_row_with_empty_cells_is_a_row():
    s = structure(["3", "Tổ chức đánh giá Chỉ số CCHC"], ["3.1", "Tự đánh giá", "Báo cáo", "Sở Nội vụ"])
    assert [r.text("item") for r in s.rows] == ["3", "3.1"]
    assert s.rows[0].is_group and not s.rows[1].is_group


def test_mixed_case_roman_row_under_a_later_section_is_item_one():
    # OCR reads "1" as "I": under section III a roman I cannot open a section.
    s = structure(["III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], ["I Kiểm soát TTHC"],
                  ["1.1", "Ban hành quy định", "Quyết định", "Văn phòng UBND tỉnh"], repair=True)
    assert [r.text("item") for r in s.rows] == ["1", "1.1"]
    assert s.rows[0].text("task") == "Kiểm soát TTHC"
    assert any(f.rule == "item-ocr-digit" and f.to == "1" for f in s.rows[0].fixes)
    unrepaired = structure(["III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], ["I Kiểm soát TTHC"])
    assert unrepaired.rows[0].text("item") == "I"  # --no-fix: as read


def test_mixed_case_section_title_that_comes_next_is_a_section():
    s = structure(["I", "Công tác chỉ đạo điều hành"], ["1", "Họp", "Báo cáo", "Sở Nội vụ"],
                  ["II", "Cải cách thể chế"], ["1", "Rà soát", "Báo cáo", "Sở Tư pháp"])
    assert [r.section_path[-1].code for r in s.rows] == ["I", "II"]


def test_row_split_by_page_break_is_joined():
    s = structure(["1.1", "Công khai địa chỉ tiếp nhận, xử lý phản", "100% cơ quan", "Văn phòng", "Các cơ quan,", "Tháng 01-"],
                  ["", "ánh, kiến nghị", "thực hiện", "", "đơn vị liên quan", "Tháng 12", "5"], breaks=(1,))
    assert len(s.rows) == 1
    row = s.rows[0]
    assert row.text("task") == "Công khai địa chỉ tiếp nhận, xử lý phản\nánh, kiến nghị"
    assert row.text("period") == "Tháng 01-\nTháng 12" and row.text("budget_million_vnd") == "5"


def test_unnumbered_row_after_a_break_with_its_own_task_is_a_new_row():
    s = structure(["2", "Tổ chức cuộc họp CCHC"], ["", "Ban chỉ đạo họp định kỳ", "Báo cáo", "Văn phòng"], breaks=(1,))
    assert [r.text("task") for r in s.rows] == ["Tổ chức cuộc họp CCHC", "Ban chỉ đạo họp định kỳ"]



def test_row_cut_off_mid_list_goes_on_after_a_break_even_with_a_capital():
    # A held-out plan (Quảng Ngãi): the list of districts runs onto the next page,
    # whose first row starts with a name.
    s = structure(["18", "Tập huấn cho Tổ công nghệ số cộng đồng các huyện Ba Tơ, Sơn Hà,", "", "Sở Nội vụ"],
                  ["", "Sơn Tây, Trà Bồng"], breaks=(1,))
    assert [r.text("task") for r in s.rows] == [
        "Tập huấn cho Tổ công nghệ số cộng đồng các huyện Ba Tơ, Sơn Hà,\nSơn Tây, Trà Bồng"]
    led_on = structure(["3", "Phối hợp tuyên truyền trên Báo và", "", "Sở Nội vụ"],
                       ["", "Đài Phát thanh và Truyền hình tỉnh"], breaks=(1,))
    assert len(led_on.rows) == 1


def test_a_task_that_ends_is_not_continued_by_a_capital_row_with_its_own_amount_or_a_title():
    # The task above ends: an unnumbered row of its own.
    done = structure(["2", "Tổ chức cuộc họp CCHC"], ["", "Ban chỉ đạo họp định kỳ"], breaks=(1,))
    assert len(done.rows) == 2
    # Both rows carry an amount: two rows, whatever the task above ends on.
    amounts = structure(["2", "Tổ chức tập huấn,", "", "Sở Nội vụ", "", "", "10"],
                        ["", "Hội nghị sơ kết", "", "Sở Nội vụ", "", "", "5"], breaks=(1,))
    assert len(amounts.rows) == 2
    # A title in capitals (a section whose code went unread) is never a row's tail.
    title = structure(["2", "Tổ chức tập huấn,", "", "Sở Nội vụ"], ["", "CẢI CÁCH THỂ CHẾ"], breaks=(1,))
    assert title.rows[0].text("task") == "Tổ chức tập huấn,"

def test_repeated_header_inside_body_is_dropped():
    s = structure(["1", "Việc", "Báo cáo", "Sở Nội vụ"], HEADER, ["2", "Việc khác", "Báo cáo", "Sở Nội vụ"])
    assert [r.text("item") for r in s.rows] == ["1", "2"]


def test_total_at_top_and_bottom():
    top = structure(["", "Tổng cộng", "", "", "", "", "30"], ["1", "Việc", "", "Sở Nội vụ", "", "", "30"])
    assert top.total.position == "top" and top.total.million_vnd == Decimal(30)
    bottom = structure(["1", "Việc", "", "Sở Nội vụ", "", "", "30"], ["Tổng cộng", "", "", "", "", "", "1.080"])
    assert bottom.total.position == "bottom" and bottom.total.million_vnd == Decimal(1080)


def test_task_that_starts_with_tong_is_not_a_total():
    s = structure(["1", "Tổng kết công tác CCHC năm 2018", "Báo cáo", "Văn phòng", "", "Quý I", "10"])
    assert s.total is None and len(s.rows) == 1


def test_section_subtotal_is_kept_apart_from_rows():
    s = structure(["I", "CẢI CÁCH THỂ CHẾ", "", "", "", "", "30"], ["1", "Việc", "", "Sở Tư pháp", "", "", "10"],
                  ["2", "Việc", "", "Sở Tư pháp", "", "", "20"])
    assert [t.million_vnd for t in s.subtotals] == [Decimal(30)]
    assert [r.text("budget_million_vnd") for r in s.rows] == ["10", "20"]


def test_two_levels_of_sections():
    s = structure(["A", "NHIỆM VỤ CHUNG"], ["I", "CẢI CÁCH THỂ CHẾ"], ["1", "Việc", "", "Sở Tư pháp"],
                  ["B", "NHIỆM VỤ RIÊNG"], ["I", "HIỆN ĐẠI HÓA"], ["1", "Việc", "", "Văn phòng"])
    assert [[ref.code for ref in r.section_path] for r in s.rows] == [["A", "I"], ["B", "I"]]


def test_letter_sections_c_and_d_are_not_roman_numbers():
    s = structure(["A", "NHIỆM VỤ CHUNG"], ["1", "Việc", "", "Sở Tư pháp"],
                  ["B", "NHIỆM VỤ RIÊNG"], ["1", "Việc", "", "Văn phòng"],
                  ["C", "TỔ CHỨC THỰC HIỆN"], ["I", "KIỂM TRA"], ["1", "Việc", "", "Sở Nội vụ"],
                  ["D", "KINH PHÍ"], ["1", "Việc", "", "Sở Tài chính"])
    assert [[ref.code for ref in r.section_path] for r in s.rows] == [["A"], ["B"], ["C", "I"], ["D"]]
    assert roman_value("C") is None and roman_value("XXXIX") == 39


def _with_confidence(t, confidence):
    for row in t.rows:
        for cell in row.cells:
            cell.confidence = confidence
    return t


def test_lost_dot_in_an_ocr_item_is_restored_but_not_in_a_text_layer():
    rows = (HEADER, ["2", "Nhóm việc"], ["2.1", "Việc một", "", "Sở Nội vụ"], ["22", "Việc hai", "", "Sở Nội vụ"],
            ["2.3", "Việc ba", "", "Sở Nội vụ"])
    scanned = _with_confidence(table(*rows, origin="ocr"), 90.0)
    s = read_structure(scanned, plan_columns([r.texts for r in scanned.rows], scanned.width), repair=keep)
    assert [r.text("item") for r in s.rows] == ["2", "2.1", "2.2", "2.3"]
    assert any(f.rule == "item-lost-dot" and f.from_ == "22" for f in s.rows[2].fixes)
    printed = table(*rows)
    s = read_structure(printed, plan_columns([r.texts for r in printed.rows], printed.width), repair=keep)
    assert s.rows[2].text("item") == "22"


def _ocr_rows(items):
    rows = [HEADER] + [[item, f"Việc {n}", "", "Sở Nội vụ", "", "Quý I"] for n, item in enumerate(items, 1)]
    return _with_confidence(table(*rows, origin="ocr"), 90.0)


def test_an_unread_item_is_restored_from_the_outline_and_flagged():
    # The scanned plan 753 (../shared/realdocs): its fifth number was read "ŠS".
    scanned = _ocr_rows(["1", "2", "3", "4", "ŠS"])
    s = read_structure(scanned, plan_columns([r.texts for r in scanned.rows], scanned.width), repair=keep)
    assert [r.text("item") for r in s.rows] == ["1", "2", "3", "4", "5"]
    fix = s.rows[4].fixes[-1]
    assert (fix.from_, fix.to, fix.rule) == ("ŠS", "5", "item-from-outline")
    assert fix.evidence["previous"] == "4"
    assert "item" in s.rows[4].low_confidence


def test_an_unread_item_between_two_numbers_takes_the_one_between():
    scanned = _ocr_rows(["2", "2.1", "#", "2.3"])
    s = read_structure(scanned, plan_columns([r.texts for r in scanned.rows], scanned.width), repair=keep)
    assert [r.text("item") for r in s.rows] == ["2", "2.1", "2.2", "2.3"]


def test_an_unread_item_the_outline_does_not_settle_stays_as_read():
    # After "4" in an outline with sub-items, "5" and "4.1" are both possible.
    scanned = _ocr_rows(["3", "3.1", "4", "ŠS"])
    s = read_structure(scanned, plan_columns([r.texts for r in scanned.rows], scanned.width), repair=keep)
    assert s.rows[3].text("item") == "ŠS"
    assert not any(f.rule == "item-from-outline" for f in s.rows[3].fixes)


def test_an_item_in_a_text_layer_is_never_restored():
    rows = [HEADER] + [[item, f"Việc {n}", "", "Sở Nội vụ"] for n, item in enumerate(["1", "2", "ŠS"], 1)]
    printed = table(*rows)
    s = read_structure(printed, plan_columns([r.texts for r in printed.rows], printed.width), repair=keep)
    assert s.rows[2].text("item") == "ŠS"


def test_total_labels_as_ocr_damages_them():
    for label_cells in (["", "Tông cộng"], ["", "TONG CONG"], ["", "T0NG C0NG"], ["Tổng cộng:"],
                        ["", "", "", "Tổng cộng"], ["", "TỔNG CỘNG (I+II+III)"], ["", "TỔNG CỘNG KINH PHÍ"]):
        cells = label_cells + [""] * (6 - len(label_cells)) + ["1.080"]
        s = structure(["1", "Việc", "", "Sở Nội vụ", "", "", "1.080"], cells, repair=True)
        assert s.total is not None and s.total.million_vnd == Decimal(1080), label_cells
        assert len(s.rows) == 1


def test_a_total_row_with_a_speck_in_another_column_is_the_total():
    """A phone photo of a FreeSerif plan: "Tổng cộng" at the top, its notes cell read "1-"."""
    header = HEADER + ["Ghi chú"]
    rows = [["Tổng cộng", "", "", "", "", "", "1.080", "1-"], ["1", "Việc", "", "Sở Nội vụ", "", "", "1.080", ""]]
    t = table(header, *rows, origin="ocr")
    s = read_structure(t, plan_columns([r.texts for r in t.rows], t.width), repair=keep)
    assert s.total is not None and s.total.million_vnd == Decimal(1080) and s.total.position == "top"
    assert [r.text("item") for r in s.rows] == ["1"]


def test_total_amount_printed_in_the_label_cell():
    s = structure(["1", "Việc", "", "Sở Nội vụ", "", "", "30"], ["", "Tổng cộng: 30"], repair=True)
    assert s.total.million_vnd == Decimal(30) and s.total.text == "30"


def test_rows_that_only_start_like_a_total_are_rows():
    s = structure(["1", "Tổng số 12 nhiệm vụ chuyển tiếp", "", "Sở Nội vụ", "", "", "10"],
                  ["2", "Tổng hợp báo cáo", "Báo cáo", "Văn phòng", "", "Quý IV", "5"], repair=True)
    assert s.total is None and [r.text("item") for r in s.rows] == ["1", "2"]


def test_amount_in_words_row_whatever_ocr_did_to_its_label():
    for label in ("Bằng chữ", "Bảng chữ", "BẰNG CHỮ"):
        s = structure(["1", "Việc", "", "Sở Nội vụ", "", "", "30"], ["", f"({label}: Ba mươi triệu đồng)"])
        assert s.words is not None and len(s.rows) == 1, label


def test_total_line_below_a_table():
    assert find_total_line("Tổng cộng: 50.000 triệu đồng") == (Decimal(50000), "50.000 triệu đồng")
    assert find_total_line("Tổng kinh phí: 2.500.000.000 đồng (Bằng chữ: Hai tỷ năm trăm triệu đồng)")[0] == 2500
    assert find_total_line("TONG CONG 1.080", "million") == (Decimal(1080), "1.080")
    assert find_total_line("Tổng số 12 dự án chuyển tiếp") is None
    assert find_total_line("Tổng kết năm 2023: 15 đơn vị") is None
    assert find_total_line("Cộng đồng dân cư 2024") is None


def test_cong_rows_under_sections_are_subtotals_and_the_last_one_the_total_when_it_sums_them():
    body = (["I", "CẢI CÁCH THỂ CHẾ"], ["1", "Việc", "", "Sở Tư pháp", "", "", "10"],
            ["2", "Việc", "", "Sở Tư pháp", "", "", "20"], ["", "Cộng", "", "", "", "", "30"],
            ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], ["1", "Việc", "", "Văn phòng", "", "", "15"],
            ["", "Cộng", "", "", "", "", "15"])
    s = structure(*body, ["", "Cộng", "", "", "", "", "45"])
    assert [(t.section.code, t.million_vnd) for t in s.subtotals] == [("I", 30), ("II", 15)]
    assert s.total.million_vnd == Decimal(45) and s.total.position == "bottom" and not s.notes
    # Without the last row the table states no total: "Cộng 15" stays section II's subtotal.
    s = structure(*body)
    assert s.total is None and [t.million_vnd for t in s.subtotals] == [30, 15]
    # A table of one section ending in "Cộng": its total.
    s = structure(*body[:4])
    assert s.total.million_vnd == Decimal(30) and not s.subtotals


def ocr_structure(*rows, repair=keep):
    """Rows read by OCR: each cell a text, or (text, confidence)."""
    out = [Row(cells=[Cell(t, page=1, origin="ocr", confidence=96.0) for t in HEADER], page=1)]
    for texts in rows:
        cells = []
        for value in list(texts) + [""] * (len(HEADER) - len(texts)):
            text, confidence = value if isinstance(value, tuple) else (value, 96.0 if value else None)
            cells.append(Cell(text, page=1, origin="ocr", confidence=confidence))
        out.append(Row(cells=cells, page=1))
    t = Table(rows=out)
    return read_structure(t, plan_columns([r.texts for r in t.rows], t.width), repair=repair)


ROW = ("1", "Rà soát văn bản", "Báo cáo", "Sở Tư pháp", "", "Quý I", "10")


def test_a_section_code_ocr_could_not_read_comes_from_the_outline():
    """"III" read "HH" (confidence 30) and "C" read "€", as on the 150-dpi scans of samples/scans."""
    s = ocr_structure(["I", "CẢI CÁCH THỂ CHẾ"], ROW, ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], ROW,
                      [("HH", 30.0), "CẢI CÁCH TỔ CHỨC BỘ MÁY"], ROW)
    assert [r.section_path[-1].code for r in s.rows] == ["I", "II", "III"]
    assert s.rows[2].section_path[-1].title == "CẢI CÁCH TỔ CHỨC BỘ MÁY"
    [fix] = [f for f in s.rows[2].fixes if f.rule == "section-from-outline"]
    assert (fix.from_, fix.to) == ("HH", "III")
    assert fix.evidence == {"reason": "outline", "after": "II", "confidence": 30.0}
    letters = ocr_structure(["A", "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"], ["I", "CẢI CÁCH THỂ CHẾ"], ROW,
                            ["B", "NHIỆM VỤ CHUYỂN ĐỔI SỐ"], ["I", "HẠ TẦNG SỐ"], ROW,
                            [("€", 77.0), "CÔNG TÁC CHỈ ĐẠO, KIỂM TRA"], ROW)
    assert [[p.code for p in r.section_path] for r in letters.rows] == [["A", "I"], ["B", "I"], ["C"]]


def test_the_first_letter_section_read_with_a_mark_comes_from_the_outline():
    """"A" read "Ẩ" (confidence 50) on the FreeSerif scan of the corpus fed in turned 270°: the
    first section of a table whose top sections are letters."""
    s = ocr_structure([("Ẩ", 50.0), "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"], ["I", "CẢI CÁCH THỂ CHẾ"], ROW,
                      ["B", "NHIỆM VỤ CHUYỂN ĐỔI SỐ"], ["I", "HẠ TẦNG SỐ"], ROW)
    assert [[p.code for p in r.section_path] for r in s.rows] == [["A", "I"], ["B", "I"]]
    [fix] = [f for r in s.rows for f in r.fixes if f.rule == "section-from-outline"]
    assert (fix.from_, fix.to, fix.evidence["after"]) == ("Ẩ", "A", None)
    for first in ([("Ẩ", 96.0), "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"],    # read sure
                  [("Ơ", 50.0), "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"],    # no A under the mark
                  [("Ẩ", 50.0), "Nhiệm vụ cải cách hành chính"]):  # no title in capitals
        s = ocr_structure(first, ["I", "CẢI CÁCH THỂ CHẾ"], ROW)
        assert not any(f.rule == "section-from-outline" for r in s.rows for f in r.fixes), first
        assert all("A" not in [p.code for p in r.section_path] for r in s.rows), first
        assert [r.text("item") for r in s.rows] == [first[0][0], "1"], first  # the row stays a row


def test_a_section_code_is_not_guessed_without_doubt_or_outside_a_title_row():
    cases = [
        [("HH", 92.0), "CẢI CÁCH TỔ CHỨC BỘ MÁY"],                 # read sure: a code of its own
        [("HH", 30.0), "Cải cách tổ chức bộ máy"],                 # no title in capitals
        [("HH", 30.0), "CẢI CÁCH TỔ CHỨC BỘ MÁY", "", "Sở Nội vụ"],  # a row with a lead unit
        [("€", 77.0), "CÔNG TÁC CHỈ ĐẠO, KIỂM TRA"],               # no letter sections in this table
    ]
    for row in cases:
        s = ocr_structure(["I", "CẢI CÁCH THỂ CHẾ"], ROW, ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], ROW, row)
        assert [r.section_path[-1].code for r in s.rows] == ["I", "II", "II"], row
        assert not any(f.rule == "section-from-outline" for r in s.rows for f in r.fixes)
    typed = structure(["I", "CẢI CÁCH THỂ CHẾ"], ROW, ["HH", "CẢI CÁCH TỔ CHỨC BỘ MÁY"], ROW)
    assert [r.text("item") for r in typed.rows] == ["1", "HH", "1"]  # a text layer is as typed


def test_a_roman_section_code_read_with_a_mark_comes_from_the_outline():
    """"VI" read "VỊ" (confidence 50; FreeSans at 200 dpi under a seal): the next Roman section."""
    s = ocr_structure(["IV", "CẢI CÁCH CÔNG VỤ"], ROW, ["V", "CẢI CÁCH TÀI CHÍNH"], ROW,
                      [("VỊ", 50.0), "HIỆN ĐẠI HÓA HÀNH CHÍNH"], ROW)
    assert [r.section_path[-1].code for r in s.rows] == ["IV", "V", "VI"]
    [fix] = [f for f in s.rows[2].fixes if f.rule == "section-from-outline"]
    assert (fix.from_, fix.to) == ("VỊ", "VI")
    # "VỊ" where the outline expects "IV" is no "VI": the row stays a row.
    s = ocr_structure(["II", "CẢI CÁCH THỂ CHẾ"], ROW, [("VỊ", 50.0), "HIỆN ĐẠI HÓA HÀNH CHÍNH"], ROW)
    assert [r.text("item") for r in s.rows] == ["1", "VỊ", "1"]


UNREAD = ("", 0.0)  # a code cell with ink that no read could turn into text


def test_a_section_code_no_read_could_turn_into_text_is_named_by_the_next_section():
    """FreeSerif at 150 dpi: the first section's "I" unread (confidence 0). Its title row is a
    section row all the same, and "II" below names it."""
    s = ocr_structure([UNREAD, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"], ROW, ROW[:0] + ("2",) + ROW[1:],
                      ["II", "CẢI CÁCH THỂ CHẾ"], ROW)
    assert [(r.section_path[-1].code, r.section_path[-1].title) for r in s.rows] == [
        ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), ("II", "CẢI CÁCH THỂ CHẾ")]
    [fix] = [f for r in s.rows for f in r.fixes if f.rule == "section-from-outline"]
    assert (fix.from_, fix.to, fix.evidence["before"]) == ("", "I", "II")
    assert fix in s.rows[0].fixes  # shown on the first row under it
    # The same when the title itself is repaired (the section's reference is then a new one).
    def dieu(text, field, **_):
        return text.replace("DIỀU", "ĐIỀU"), []
    s = ocr_structure([UNREAD, "CÔNG TÁC CHỈ ĐẠO, DIỀU HÀNH"], ROW, ["II", "CẢI CÁCH THỂ CHẾ"], ROW,
                      repair=dieu)
    assert [(r.section_path[-1].code, r.section_path[-1].title) for r in s.rows] == [
        ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), ("II", "CẢI CÁCH THỂ CHẾ")]
    # Over a Roman "I": a letter section, "A"; so too the first "A" read "*" (DejaVu Sans, 200 dpi,
    # fed in upside down), a mark that is no code.
    for first in (UNREAD, ("*", 41.0)):
        s = ocr_structure([first, "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"], ["I", "CẢI CÁCH THỂ CHẾ"], ROW,
                          ["B", "NHIỆM VỤ CHUYỂN ĐỔI SỐ"], ["I", "HẠ TẦNG SỐ"], ROW)
        assert [[p.code for p in r.section_path] for r in s.rows] == [["A", "I"], ["B", "I"]], first
        [fix] = [f for r in s.rows for f in r.fixes if f.rule == "section-from-outline"]
        assert (fix.from_, fix.to, fix.evidence["confidence"]) == (first[0], "A", first[1])
    # No section after it: a section without a code, its rows no plan rows of their own.
    s = ocr_structure(["I", "CẢI CÁCH THỂ CHẾ"], ROW, [UNREAD, "CẢI CÁCH TÀI CHÍNH CÔNG"], ROW)
    assert [(r.section_path[-1].code, r.section_path[-1].title) for r in s.rows] == [
        ("I", "CẢI CÁCH THỂ CHẾ"), ("", "CẢI CÁCH TÀI CHÍNH CÔNG")]
    assert [r.text("item") for r in s.rows] == ["1", "1"]
    # Not without the ink, nor beside a lead unit, nor in a text layer.
    for row in ([("", None), "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"], [UNREAD, "CÔNG TÁC CHỈ ĐẠO", "", "Sở Nội vụ"]):
        s = ocr_structure(["I", "CẢI CÁCH THỂ CHẾ"], ROW, row, ROW)
        assert [r.section_path[-1].code for r in s.rows] == ["I", "I", "I"], row


def test_a_title_numbered_1_over_a_row_numbered_1_is_section_one_read_as_a_digit():
    # A held-out 150-dpi scan (Noto Sans): section I's "I" read "1"; its first row is "1" too.
    s = structure(["1", "PHÁT TRIỂN HẠ TẦNG SỐ"], ["1", "Phát triển mạng 5G", "", "Sở Thông tin và Truyền thông"],
                  ["2", "Nâng cấp Trung tâm dữ liệu", "", "Sở Thông tin và Truyền thông"],
                  ["II", "PHÁT TRIỂN CHÍNH QUYỀN SỐ"], ["3", "Nâng cấp Hệ thống một cửa", "", "Văn phòng UBND tỉnh"],
                  repair=True)
    assert [(r.section_path[-1].code, r.text("item")) for r in s.rows] == [("I", "1"), ("I", "2"), ("II", "3")]
    assert s.rows[0].section_path[-1].title == "PHÁT TRIỂN HẠ TẦNG SỐ"
    [fix] = [f for f in s.rows[0].fixes if f.rule == "section-from-outline"]
    assert (fix.from_, fix.to) == ("1", "I")


def test_a_group_row_numbered_1_over_its_own_rows_stays_a_row():
    # Its rows are 1.1, 1.2: a group row of its own, in capitals or not; and a typed "1" is as typed.
    s = structure(["1", "CÔNG TÁC CHỈ ĐẠO"], ["1.1", "Họp định kỳ", "", "Sở Nội vụ"], repair=True)
    assert [r.text("item") for r in s.rows] == ["1", "1.1"] and s.rows[0].is_group
    typed = structure(["1", "CÔNG TÁC CHỈ ĐẠO"], ["1", "Họp định kỳ", "", "Sở Nội vụ"])
    assert [r.text("item") for r in typed.rows] == ["1", "1"]


def test_a_section_of_several_strokes_read_as_ones_over_its_first_row():
    """"III" read "111" at 96 (a held-out Lào Cai plan, DejaVu Serif Condensed at 200 dpi): its
    rows went to section II, the title became row 111."""
    s = ocr_structure(["I", "CẢI CÁCH THỂ CHẾ"], ROW, ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], ROW,
                      ["111", "BẢO TỒN VĂN HÓA, CHĂM SÓC SỨC KHỎE"], ROW)
    assert [r.section_path[-1].code for r in s.rows] == ["I", "II", "III"]
    [fix] = [f for f in s.rows[2].fixes if f.rule == "section-from-outline"]
    assert (fix.from_, fix.to) == ("111", "III")
    # The title's last line fell in the partners' column (its cell spans the row), in capitals.
    s = ocr_structure(["I", "CẢI CÁCH THỂ CHẾ"], ROW, ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"], ROW,
                      ["111", "BẢO TỒN VĂN HÓA, BÌNH", "", "", "ĐẲNG GIỚI"], ROW)
    assert s.rows[2].section_path[-1].code == "III"
    assert s.rows[2].section_path[-1].title == "BẢO TỒN VĂN HÓA, BÌNH ĐẲNG GIỚI"
    # Not that next section stroke for stroke: a row as read.
    s = ocr_structure(["IV", "CẢI CÁCH CÔNG VỤ"], ROW, ["111", "BẢO TỒN VĂN HÓA"], ROW)
    assert [r.text("item") for r in s.rows] == ["1", "111", "1"]
