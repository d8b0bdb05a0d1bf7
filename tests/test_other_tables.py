"""Real documents: which tables are plans, and the others kept as read (../shared/realdocs)."""
from pathlib import Path

import pytest

from extract import extract_file
from normalize.classify import classify_table
from normalize.legacy import page_text_decoder
from normalize.other_tables import other_table_title
from normalize.plan import normalize

REALDOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"
pytestmark = pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not beside the repository")


def _read(name):
    return extract_file(REALDOCS / name, decode_page=page_text_decoder)


@pytest.fixture(scope="module")
def qd337():
    return _read("dongthap_qd337_sgddt_thanghang_2025.pdf")


@pytest.fixture(scope="module")
def pl01():
    return _read("lamdong_pl01_chamdiem_cchc_songanh_2025.pdf")


@pytest.fixture(scope="module")
def tt666():
    return normalize(_read("lamdong_tt666_gopy_kh_cchc_2026.pdf"))


@pytest.fixture(scope="module")
def kh362():
    return normalize(_read("dongthap_kh362_sgddt_stem_2026.pdf"))


@pytest.fixture(scope="module")
def kh753():
    return normalize(_read("huit_kh753_khaosat_2026_scan.pdf"))


def texts(table):
    return [[c.text for c in row] for row in table.rows]


def test_staff_list_is_not_a_plan_and_keeps_its_two_header_levels(qd337):
    result = normalize(qd337)
    assert result.tables == []  # so no plan checks, no budget checks
    staff = next(t for t in result.other_tables if len(t.rows) > 1000)
    assert staff.header == [
        ["TT", "TT", "Họ và tên", "Ngày. tháng. năm sinh", "", "Chức vụ\nhoặc chức\ndanh công\ntác",
         "Cơ quan.\nđơn vị đang\nlàm việc"],
        ["", "", "", "Nam", "Nữ", "", ""]]
    # one row per person, numbered 1 … 1362 down the first column, names as printed
    assert [row[0] for row in texts(staff)][:3] == ["1", "2", "3"]
    assert [int(row[0]) for row in texts(staff)] == list(range(1, len(staff.rows) + 1))
    assert texts(staff)[0][:5] == ["1", "1", "Trần Thị Kim Anh", "", "24/05/1973"]
    first = staff.rows[0][2]
    assert first.page == 3 and first.bbox is not None and first.origin == "text-layer"
    assert staff.pages[0] == 3 and "Họ và tên" in staff.reasons[0]


def test_staff_list_without_its_header_is_not_a_plan_either(qd337):
    # its first page lost: names, birth dates and job titles are not a plan's content
    staff = next(t for t in qd337.tables if len(t.rows) > 1000)
    got = classify_table([r.texts for r in staff.rows[2:]], staff.width)
    assert got.kind == "other" and got.reasons[0] == "no header row"


def test_scoring_guide_is_an_other_table_with_its_hierarchy_and_text_kept(pl01):
    result = normalize(pl01)
    assert result.tables == []
    [guide] = result.other_tables
    assert guide.header[0][0] == "STT" and guide.header[0][2] == "Điểm\ntối đa"
    items = [row[0] for row in texts(guide)]
    assert items[:4] == ["1", "1.1", "1.1.1", "1.1.2"]
    assert texts(guide)[-1][1:3] == ["TỔNG ĐIỂM", "75,0"]
    assert any("hằng năm" in cell for row in texts(guide) for cell in row)


def test_scoring_guide_without_its_header_is_not_a_plan(pl01):
    table = pl01.tables[0]
    got = classify_table([r.texts for r in table.rows[1:]], table.width)
    assert got.kind == "other"


def test_comments_table_is_an_other_table_with_no_text_changed(tt666):
    assert tt666.tables == []
    [comments] = tt666.other_tables
    assert comments.header == [["STT", "Nội dung góp ý", "Đơn vị góp ý", "Ý kiến của Sở Nội vụ"]]
    cells = [cell for row in texts(comments) for cell in row]
    for printed in ("Đề nghị bỏ nội dung", "tại khoản 1", "06-CTr/TU"):
        assert any(printed in cell for cell in cells), printed


def test_schedule_is_a_plan_and_the_school_list_an_other_table(kh362):
    [schedule] = kh362.tables
    assert len(schedule.rows) == 6 and schedule.columns == {"period": "THỜI GIAN", "task": "NỘI DUNG"}
    [schools] = kh362.other_tables
    assert schools.title == ("DANH SÁCH CÁC TRƯỜNG THAM GIA LÀM VIỆC "
                             "VỚI ĐOÀN KIỂM TRA CỦA BỘ GIÁO DỤC VÀ ĐÀO TẠO")
    assert schools.header == [["TT", "Tên đơn vị", "Cấp học"]]
    assert len(schools.rows) == 9 and texts(schools)[0] == ["1", "Trường TH Nguyễn Thị Tốt, xã Vĩnh Hựu", "Tiểu học"]


def test_scanned_plan_753_is_one_plan_of_five_rows_with_its_combined_unit_column(kh753):
    [plan] = kh753.tables
    assert len(plan.rows) == 5
    assert plan.columns == {"item": "TT", "task": "Nội dung công việc", "period": "Thời gian thực hiện"}
    first = plan.rows[0]
    # "chủ trì/phối hợp" does not say which unit leads: kept under its own header
    assert first.lead_units == [] and first.partner_units == []
    assert first.extra == {"Đơn vị chủ trì/phối hợp": "Phòng Đào tạo; Trung tâm QLCL"}
    assert first.period.text == "Trước ngày 27/6/2026"
    # the list of faculties surveyed (TT / Khoa tham gia khảo sát / Đối tượng khảo sát) is not a plan
    [faculties] = kh753.other_tables
    assert faculties.header == [["TT", "Khoa tham gia khảo sát", "Đối tượng khảo sát"]]
    assert texts(faculties)[1][1] == "Khoa Công nghệ Thông tin" and faculties.rows[0][1].origin == "ocr"


def test_title_is_the_capitalised_run_just_above_passing_a_note_and_a_page_number():
    before = ["Nguyễn Phương Toàn", "4", "Phụ lục I", "DANH SÁCH CÁC TRƯỜNG THAM GIA LÀM VIỆC",
              "VỚI ĐOÀN KIỂM TRA", "(Kèm theo Quyết định số: 337/QĐ-SGDĐT ngày 14 tháng 4 năm 20",
              "Đào tạo tỉnh Đồng Tháp)", "5"]
    assert other_table_title(before) == "DANH SÁCH CÁC TRƯỜNG THAM GIA LÀM VIỆC VỚI ĐOÀN KIỂM TRA"


def test_no_title_when_running_text_is_just_above():
    assert other_table_title(["QUYẾT ĐỊNH:", "Điều 1. Phê duyệt kết quả kỳ xét thăng hạng"]) == ""
