"""The plan-table classifier: by header, with a score; by content when the header is lost."""
import pytest

from extract import extract_file
from normalize.classify import ClassifySettings, classify_table

PLAN_HEADER = ["TT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian", "Kinh phí"]


def kind(rows, settings=None):
    return classify_table(rows, max(len(r) for r in rows), settings)


def test_a_plan_header_makes_a_plan_table():
    got = kind([PLAN_HEADER, ["1", "Tổ chức hội nghị", "Báo cáo", "Sở Nội vụ", "Các sở", "Quý I", "10"]])
    assert got.kind == "plan" and got.columns.fields[6] == "budget_million_vnd" and got.header_rows == 1


def test_a_task_column_alone_is_not_a_plan():
    # "Nội dung" names a task, but nothing says who, when or how much
    got = kind([["STT", "Nội dung", "Ghi chú"], ["1", "Tổ chức hội nghị", ""]])
    assert got.kind == "other" and "none of lead unit, period or budget" in got.reasons


def test_other_tables_words_weigh_against_a_plan():
    # a task and a period column, but three staff-list columns outweigh them
    rows = [["TT", "Họ và tên", "Chức vụ", "Nội dung công việc", "Thời gian", "Trình độ"],
            ["1", "Nguyễn Văn A", "Giáo viên", "Dạy học", "2025", "Đại học"]]
    assert kind(rows).kind == "other"
    # the same header is a plan table if the evidence against it is given no weight
    assert kind(rows, ClassifySettings(against_weight=0.0)).kind == "plan"


def test_ocr_misread_header_is_still_a_plan_header():
    got = kind([["SIT", "Nộidung côngviệc", "Thời gian thưc hiện", "Đơn vị chủ trì"],
                ["1", "Ban hành kế hoạch", "Quý I", "Sở Nội vụ"]])
    assert got.kind == "plan" and got.columns.fields == {0: "item", 1: "task", 2: "period", 3: "lead_units"}


def test_combined_unit_column_counts_for_a_plan_but_is_kept_under_its_header():
    got = kind([["TT", "Nội dung công việc", "Đơn vị chủ trì/phối hợp"],
                ["1", "Ban hành kế hoạch", "Phòng Đào tạo; Trung tâm QLCL"]])
    assert got.kind == "plan"
    assert "lead_units" not in got.columns.fields.values()
    assert got.columns.extra[2] == "Đơn vị chủ trì/phối hợp"


def test_a_budget_header_over_cells_that_are_not_amounts_is_not_kept_as_budget():
    rows = [PLAN_HEADER] + [[str(i), f"Việc {i}", "", "Sở Nội vụ", "", "Quý I", "Ngân sách tỉnh"]
                            for i in range(1, 5)]
    got = kind(rows)
    assert got.kind == "plan" and 6 not in got.columns.fields and got.columns.extra[6] == "Kinh phí"
    assert any("headed as budget" in n for n in got.columns.notes)
    # a budget column of amounts is kept
    rows = [PLAN_HEADER] + [[str(i), f"Việc {i}", "", "Sở Nội vụ", "", "Quý I", "10"] for i in range(1, 5)]
    assert kind(rows).columns.fields[6] == "budget_million_vnd"


def test_a_column_whose_misread_header_names_a_unit_of_money_over_amounts_is_the_budget():
    """"Kinh phí" read "Kinl phí (triệu đồng)" (Noto Serif, harsh 150 dpi): no synonym matches,
    but the header names a unit and the cells are amounts."""
    header = PLAN_HEADER[:6] + ["Kinl phí (triệu đồng)"]
    body = [[str(i), f"Việc {i}", "", "Sở Nội vụ", "", "Quý I", amount]
            for i, amount in enumerate(["45", "62,5", "", "18", "35"], start=1)]
    got = kind([header] + body)
    assert got.columns.fields[6] == "budget_million_vnd" and got.columns.budget_unit == "million"
    assert any("read as the budget" in n for n in got.columns.notes)
    # In đồng when the header says so.
    got = kind([PLAN_HEADER[:6] + ["Dư toán (đồng)"]] + [r[:6] + ["150.000.000"] for r in body])
    assert got.columns.fields[6] == "budget_million_vnd" and got.columns.budget_unit == "dong"
    # No unit named (a count of documents), or not amounts: not the budget.
    for head, cell in (("Số văn bản", "12"), ("Kinl phí (triệu đồng)", "Ngân sách tỉnh"), ("Tỷ lệ (%)", "95")):
        got = kind([PLAN_HEADER[:6] + [head]] + [r[:6] + [cell] for r in body])
        assert "budget_million_vnd" not in got.columns.fields.values(), head


# Rows as printed in the real documents (checked against the PDFs by eye), without their header.
STAFF = [["1", "1", "Trần Thị Kim Anh", "", "24/05/1973", "Phó Hiệu trưởng", "Trường Trung học phổ thông Lai Vung 1"],
         ["2", "2", "Nguyễn Thành Luận", "24/06/1982", "", "Phó Hiệu trưởng", ""],
         ["3", "3", "Lê Nguyễn Duy Lynh", "18/8/1973", "", "Tổ trưởng", ""],
         ["4", "4", "Hồ Thị Kim Loan", "", "01/01/1973", "Giáo viên", ""],
         ["5", "5", "Nguyễn Thị Kim Chi", "", "20/04/1975", "Giáo viên", ""]]
SCORING = [["1", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", "14,5", "", ""],
           ["1.1", "Ban hành các văn bản và tổ chức thực hiện nhiệm vụ CCHC", "3,0", "", ""],
           ["1.1.1", "Ban hành kế hoạch CCHC hằng năm và các kế hoạch triển khai kịp thời", "1,0", "",
            "- Kế hoạch CCHC của cơ quan. đơn vị."],
           ["1.1.2", "Kết quả thực hiện các nhiệm vụ theo Kế hoạch CCHC của cơ quan, đơn vị", "2,0", "",
            "- Các báo cáo CCHC định kỳ và báo cáo có liên quan"],
           ["1.2", "Thực hiện chế độ báo cáo CCHC định kỳ theo quy định", "1,5", "", "- Các báo cáo định kỳ"]]


@pytest.mark.parametrize("rows", [STAFF, SCORING], ids=["staff-list", "scoring-guide"])
def test_headerless_staff_list_or_scoring_table_is_not_a_plan(rows):
    got = kind(rows)
    assert got.kind == "other" and got.reasons[0] == "no header row"


def test_headerless_list_of_units_with_amounts_is_not_a_plan():
    # item numbers, long texts, unit names and amounts, but no schedule: an allocation list
    rows = [[str(i), f"Số {i} đường Trần Hưng Đạo, phường Tân An, thành phố Gia Nghĩa", f"Trung tâm số {i}", "150"]
            for i in range(1, 6)]
    got = kind(rows)
    assert got.kind == "other" and got.reasons[-1].endswith(", no periods")
    assert kind(rows, ClassifySettings(content_requires_period=False)).kind == "plan"
    # with periods instead of addresses the same rows are a plan's
    rows = [[str(i), f"Tổ chức hội nghị tập huấn công tác cải cách hành chính đợt {i}", "Sở Nội vụ",
             "Các sở, ban, ngành", "Tháng 01 - Tháng 12", "150"] for i in range(1, 6)]
    assert kind(rows).kind == "plan"


@pytest.fixture(scope="module")
def seed_tables():
    from conftest import SEED
    if not SEED.exists():
        pytest.skip("seed dump missing")
    return extract_file(SEED).tables


def test_seed_plan_without_header_is_read_by_its_content(seed_tables):
    provincial = seed_tables[0]
    got = classify_table([r.texts for r in provincial.rows], provincial.width)
    assert got.kind == "plan" and got.header_rows == 0
    assert got.columns.recognised_by == "content"
    # the columns as the glossary and the printed plan lay them out, found by content
    assert got.columns.fields == {0: "item", 1: "task", 2: "products", 3: "lead_units",
                                  4: "partner_units", 5: "period", 6: "budget_million_vnd"}
    note = got.columns.notes[0]
    assert note.startswith("no header row") and "periods" in note and "amounts" in note


def test_seed_plan_without_header_records_how_its_columns_were_found(seed_tables):
    from conftest import SEED
    from normalize.plan import normalize
    provincial = normalize(extract_file(SEED)).tables[0]
    [note] = [c for c in provincial.checks if c.check == "table-layout" and "no header row" in c.message]
    assert not note.ok and note.severity == "warning"
    assert "column 1 = item" in note.message and "column 7 = budget" in note.message
    assert note.message.index("column 1 =") < note.message.index("column 7 =")


def test_seed_plan_with_its_header_is_read_by_its_header(seed_tables):
    education = seed_tables[1]
    got = classify_table([r.texts for r in education.rows], education.width)
    assert got.kind == "plan" and got.columns.recognised_by == "header" and got.header_rows == 1


TWO_LEVEL = [["TT", "Nhiệm vụ", "Đơn vị", "", "Thời gian", "Kinh phí (triệu đồng)"],
             ["", "", "Chủ trì", "Phối hợp", "", ""],
             ["I", "CÔNG TÁC CHỈ ĐẠO", "", "", "", ""],
             ["1", "Ban hành kế hoạch", "Sở Nội vụ", "Các sở", "Quý I", "45"]]


def test_two_level_header_names_the_columns_under_its_merged_cell():
    # "Đơn vị" merged over "Chủ trì" | "Phối hợp": the lower level names them, and both rows are the header
    got = classify_table(TWO_LEVEL, 6)
    assert got.kind == "plan" and got.header_rows == 2
    assert got.columns.fields == {0: "item", 1: "task", 2: "lead_units", 3: "partner_units", 4: "period",
                                  5: "budget_million_vnd"}


@pytest.mark.parametrize("below", [
    ["", "Ghi chú", "Chủ trì", "Phối hợp", "", ""],  # a cell under a column the header already names
    ["I", "CÔNG TÁC CHỈ ĐẠO", "", "", "", ""],  # a section row
])
def test_row_under_a_header_that_is_no_lower_level_is_left_alone(below):
    got = classify_table([TWO_LEVEL[0], below, TWO_LEVEL[3]], 6)
    assert got.kind == "plan" and got.header_rows == 1
    assert got.columns.fields == {0: "item", 1: "task", 4: "period", 5: "budget_million_vnd"}
