import pytest

from normalize.columns import classify_header, find_columns, is_column_number_row


@pytest.mark.parametrize("header, field", [
    ("TT", "item"), ("STT", "item"), ("Tt", "item"),
    ("Nhiệm vụ cụ thể", "task"), ("Nội dung công việc", "task"), ("Danh mục dự án", "task"),
    ("Sản phẩm", "products"), ("Kết quả (dự kiến)", "products"), ("Sản phẩm đầu ra", "products"),
    ("Chủ trì", "lead_units"), ("Cơ quan chủ trì", "lead_units"), ("Đơn vị thực hiện", "lead_units"),
    ("Đơn vị phối hợp", "partner_units"), ("Phối hợp", "partner_units"),
    ("Thời gian", "period"), ("Thời hạn hoàn thành", "period"), ("Thời gian thực hiện", "period"),
    ("Kinh phí (Triệu đồng)", "budget"), ("Dự toán (đồng)", "budget"), ("Kế hoạch vốn", "budget"),
    ("Ghi chú", "extra"), ("Nguồn kinh phí", "extra"),
])
def test_header_synonyms(header, field):
    assert classify_header(header) == field


def test_unknown_header_is_not_guessed():
    assert classify_header("Mã số hồ sơ") is None


def test_reordered_subset_with_unit_and_extra():
    rows = [["Kế hoạch năm 2025", "", "", "", ""],
            ["STT", "Nội dung", "Dự toán (đồng)", "Cơ quan chủ trì", "Ghi chú"],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],
            ["1", "Việc", "150.000.000", "Sở Nội vụ", ""]]
    columns = find_columns(rows, 5)
    assert columns.fields == {0: "item", 1: "task", 2: "budget", 3: "lead_units"}
    assert columns.extra == {4: "Ghi chú"}
    assert columns.budget_unit == "dong"
    assert columns.header_rows == 3  # title row, header and the column-number row are skipped
    assert not columns.assumed


def test_headerless_table_of_usual_width_assumes_usual_order():
    columns = find_columns([["2.2", "Việc", "Sp", "A", "B", "Tháng 01", "10"]], 7)
    assert columns.assumed and columns.fields[6] == "budget" and columns.header_rows == 0


def test_column_number_row():
    assert is_column_number_row(["1", "2", "3", "4"])
    assert not is_column_number_row(["1", "Tổ chức hội nghị", "Sở Nội vụ", "10"])
