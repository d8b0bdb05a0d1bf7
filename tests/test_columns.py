import pytest

from normalize.columns import (COMBINED_UNITS, NOT_PLAN, classify_header, find_header, header_map,
                               is_column_number_row)


@pytest.mark.parametrize("header, field", [
    ("TT", "item"), ("STT", "item"), ("Tt", "item"),
    ("Nhiệm vụ cụ thể", "task"), ("Nội dung công việc", "task"), ("Danh mục dự án", "task"),
    ("Sản phẩm", "products"), ("Kết quả (dự kiến)", "products"), ("Sản phẩm đầu ra", "products"),
    ("Chủ trì", "lead_units"), ("Cơ quan chủ trì", "lead_units"), ("Đơn vị thực hiện", "lead_units"),
    ("Đơn vị phối hợp", "partner_units"), ("Phối hợp", "partner_units"),
    ("Thời gian", "period"), ("Thời hạn hoàn thành", "period"), ("Thời gian thực hiện", "period"),
    ("Kinh phí (Triệu đồng)", "budget_million_vnd"), ("Dự toán (đồng)", "budget_million_vnd"), ("Kế hoạch vốn", "budget_million_vnd"),
    ("Ghi chú", "extra"), ("Nguồn kinh phí", "extra"),
])
def test_header_synonyms(header, field):
    assert classify_header(header) == field


@pytest.mark.parametrize("misread, field", [
    ("SIT", "item"), ("S TT", "item"), ("IT", "item"), ("5TT", "item"), ("S1T", "item"),
    ("Nộidung côngviệc", "task"), ("Thời gian thưc hiện", "period"), ("Kinh phi", "budget_million_vnd"),
])
def test_header_words_as_ocr_misreads_them(misread, field):
    assert classify_header(misread) == field


@pytest.mark.parametrize("joined, field", [
    ("Thờigian", "period"), ("Tiếnđộ", "period"), ("Chủtrì", "lead_units"), ("Kếtquả", "products"),
    ("Dựtoán", "budget_million_vnd"), ("Ghichú", "extra"), ("Tiến độthực hiện", "period"),
])
def test_header_whose_spaces_ocr_lost(joined, field):
    # OCR ran the words of a header cell together: the cell without its spaces is the synonym
    assert classify_header(joined) == field


@pytest.mark.parametrize("header, field", [("Tiến độ", "period"), ("Chủ trì", "lead_units"),
                                           ("Tiền", None), ("Kết luận", None), ("Chủ tịch", None)])
def test_headers_with_their_spaces_left_alone(header, field):
    assert classify_header(header) == field


@pytest.mark.parametrize("text", ["SET", "Sở", "TTT", "Mã số hồ sơ", "Nhiệm kỳ", "Tiền"])
def test_no_free_edit_distance(text):
    # letters OCR does not confuse never match: "SET" is not "STT", "Nhiệm kỳ" not "Nhiệm vụ"
    assert classify_header(text) is None


@pytest.mark.parametrize("header", ["Họ và tên", "Ngày, tháng, năm sinh", "Chức vụ", "Tiêu chí",
                                    "Điểm tối đa", "Nội dung góp ý", "Ý kiến của Sở Nội vụ",
                                    "Đơn vị tính", "Chỉ tiêu", "Diễn giải", "Tài liệu kiểm chứng"])
def test_other_tables_header_words(header):
    assert classify_header(header) == NOT_PLAN


def test_longest_synonym_wins_over_a_contained_plan_word():
    # "Nội dung góp ý" contains "nội dung" (a task), but names a comment
    assert classify_header("Nội dung góp ý") == NOT_PLAN
    assert classify_header("Nội dung") == "task"


def test_combined_unit_column_is_neither_lead_nor_partner():
    assert classify_header("Đơn vị chủ trì/phối hợp") == COMBINED_UNITS
    assert classify_header("Đơn vị chủ trì") == "lead_units"


def test_header_found_below_a_title_row_with_unit_and_extra():
    rows = [["Kế hoạch năm 2025", "", "", "", ""],
            ["STT", "Nội dung", "Dự toán (đồng)", "Cơ quan chủ trì", "Ghi chú"],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["1", "Việc", "150.000.000", "Sở Nội vụ", ""]]
    header = find_header(rows)
    assert header.index == 1
    columns = header_map(header, 5, 3)
    assert columns.fields == {0: "item", 1: "task", 2: "budget_million_vnd", 3: "lead_units"}
    assert columns.extra == {4: "Ghi chú"}
    assert columns.budget_unit == "dong"
    assert columns.recognised_by == "header"


def test_a_body_row_is_never_a_header():
    # an item number, or a cell of running text, makes a row a body row even
    # when its words are header words ("Tài liệu kiểm chứng", "Nội dung")
    rows = [["3.2", "Tự đánh giá", "Tài liệu kiểm chứng", "Sở Nội vụ", "Thời gian"]]
    assert find_header(rows) is None


def test_column_number_row():
    assert is_column_number_row(["1", "2", "3", "4"])
    assert not is_column_number_row(["1", "Tổ chức hội nghị", "Sở Nội vụ", "10"])
