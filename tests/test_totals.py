"""Totals that cannot be silently wrong (issue 8): group rows, stated totals found on scans.

The tables are built by hand as OCR gives them (cells with origin "ocr" and
word confidences); the amounts are those printed on the (invented) pages.
"""
import csv
import io
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REPO
from extract import extract_file
from extract.model import Cell, Extraction, Line, Row, Table
from normalize.groups import read_groups
from normalize.model import Period, PlanRow
from normalize.plan import normalize

CAPITAL_HEADER = ["SIT", "Danh mục dự án", "Chủ đầu tư", "Thời gian thực hiện", "Kế hoạch vốn năm 2024 (triệu đồng)"]
PLAN_HEADER = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian", "Kinh phí (triệu đồng)"]

# A capital plan as printed: the total at the top, section rows carrying their
# subtotals, section II with a single project. Read by OCR with "STT" as "SIT",
# the item column is not recognised: "I", "1", "2" land in an extra column and
# the section rows look like plan rows. Every amount added: 150.000.
TOTAL_ROW = ["", "TÔNG CỘNG", "", "", "50.000"]
CAPITAL_BODY = [
    ["I", "LĨNH VỰC GIAO THÔNG", "", "", "20.000"],
    ["1", "Đường giao thông liên xã Quảng Sơn - Đắk Ha", "UBND huyện Đắk Glong", "2023-2025", "12.000"],
    ["2", "Cầu treo thôn 5, xã Quảng Khê", "UBND huyện Đắk Glong", "2024", "8.000"],
    ["II", "LĨNH VỰC GIÁO DỤC", "", "", "30.000"],
    ["1", "Trường THCS Nguyễn Du, huyện Cư Jút", "Sở Giáo dục và Đào tạo", "2024-2025", "30.000"],
]


def ocr_table(header, *rows, confidence=91.0):
    out = []
    for texts in (header, *rows):
        texts = list(texts) + [""] * (len(header) - len(texts))
        out.append(Row(cells=[Cell(t, page=1, bbox=(0, 0, 1, 1), confidence=confidence if t else None,
                                   origin="ocr") for t in texts], page=1))
    return Table(rows=out)


def run(table, after=()):
    blocks = [Line("KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2024", page=1, origin="ocr"), table]
    blocks += [Line(text, page=1, origin="ocr") for text in after]
    result = normalize(Extraction(path="scan.png", sha256="0" * 64, pages=1, method="ocr", blocks=blocks))
    assert len(result.tables) == 1
    return result.tables[0]


def check(table, name):
    found = [c for c in table.checks if c.check == name]
    assert len(found) == 1, [c.check for c in table.checks]
    return found[0]


def test_capital_plan_read_with_sit_sums_to_50000_not_150000():
    # "SIT" is read as the item column (normalize/columns.py folds OCR's S/I/T confusions):
    # the section rows are sections, their amounts subtotals, never added again.
    # (The item column unrecognised: test_group_rows_when_the_item_column_was_not_recognised.)
    table = run(ocr_table(CAPITAL_HEADER, TOTAL_ROW, *CAPITAL_BODY))
    assert table.total.stated_million_vnd == Decimal(50000) and table.total.position == "top"
    assert table.total.rows_sum_million_vnd == Decimal(50000)
    assert check(table, "budget-total-matches-rows").ok
    assert [r.item for r in table.rows] == ["1", "2", "1"]
    assert {(s.section, s.basis, s.rows_sum_million_vnd) for s in table.subtotals} == {
        ("I", "section", Decimal(20000)), ("II", "section", Decimal(30000))}


def plan_row(task, amount, sit="", item=""):
    """A plan row as normalize.structure makes it; ``sit`` is the item number left in an extra column."""
    return PlanRow(section="", section_title="", item=item, level=0, task=task, products=[], lead_units=[],
                   partner_units=[], period=Period(""), budget_million_vnd=Decimal(amount.replace(".", "")), pages=[1],
                   extra={"SIT": sit} if sit else {}, budget_text=amount)


def test_group_rows_when_the_item_column_was_not_recognised():
    rows = [plan_row(task, amount, sit) for sit, task, _, _, amount in CAPITAL_BODY]
    reading = read_groups(rows, Decimal(50000))
    assert reading.rows_sum == Decimal(50000) and reading.every_row_sum == Decimal(100000)
    assert [(g.row, g.basis, g.leaves_sum) for g in reading.groups] == [
        (0, "sums", Decimal(20000)), (3, "sums", Decimal(30000))]
    # The total row counted as a row too (its label unread, no figure to match): 150.000 read as 50.000.
    with_total = [plan_row("", "50.000")] + rows
    reading = read_groups(with_total)
    assert reading.every_row_sum == Decimal(150000) and reading.rows_sum == Decimal(50000)
    assert [g.row for g in reading.groups] == [0, 1, 4]


def test_total_row_whose_label_ocr_lost_is_a_group_row_and_no_total_is_a_warning():
    lost = ["", "", "", "", "50.000"]
    table = run(ocr_table(CAPITAL_HEADER, lost, *CAPITAL_BODY))
    assert table.total.stated_million_vnd is None
    assert table.total.rows_sum_million_vnd == Decimal(50000)
    stated = check(table, "budget-total-stated")
    assert not stated.ok and stated.severity == "warning"
    assert "No stated total found" in stated.message and "may be the total" in stated.message
    assert "Không tìm thấy tổng cộng" in stated.message_vi
    assert not check(table, "budget-groups-by-sum").ok  # nothing printed confirms the reading


@pytest.mark.parametrize("cells", [
    ["", "Tổng cộng", "", "", "50.000"],
    ["", "Tông cộng", "", "", "50.000"],
    ["", "TONG CONG", "", "", "50.000"],
    ["", "T0NG C0NG", "", "", "50.000"],
    ["", "TỔNG CỘNG (I+II)", "", "", "50.000"],
    ["Tổng cộng", "", "", "", "50.000"],
    ["", "", "Tổng cộng:", "", "50.000"],
    ["", "Tổng cộng: 50.000", "", "", ""],
    ["", "Tổng cộng", "x", "x", "50.000"],
], ids=["plain", "tong-misread", "no-marks", "zeros", "with-sections", "in-item-column",
        "in-unit-column", "amount-in-label-cell", "x-in-other-cells"])
def test_total_found_whatever_ocr_did_to_its_label(cells):
    table = run(ocr_table(CAPITAL_HEADER, *CAPITAL_BODY, cells))
    assert table.total.stated_million_vnd == Decimal(50000) and table.total.position == "bottom"
    assert check(table, "budget-total-matches-rows").ok


def test_total_line_printed_below_the_table():
    table = run(ocr_table(CAPITAL_HEADER, *CAPITAL_BODY), after=["Tổng cộng: 50.000 triệu đồng"])
    assert table.total.stated_million_vnd == Decimal(50000) and table.total.position == "below"
    assert check(table, "budget-total-matches-rows").ok


def test_total_only_in_words_is_compared_with_the_rows():
    words = ["", "(Bằng chữ: Năm mươi tỷ đồng)"]
    table = run(ocr_table(CAPITAL_HEADER, *CAPITAL_BODY, words))
    assert table.total.stated_million_vnd is None and table.total.in_words_million_vnd == Decimal(50000)
    total = check(table, "budget-total-matches-rows")
    assert total.ok and "in words" in total.message
    wrong = run(ocr_table(CAPITAL_HEADER, *CAPITAL_BODY, ["", "(Bằng chữ: Sáu mươi tỷ đồng)"]))
    failing = check(wrong, "budget-total-matches-rows")
    assert not failing.ok and failing.severity == "error" and "10,000" in failing.message and "10.000" in failing.message_vi


def test_a_line_of_text_below_that_is_not_a_total_is_not_taken_for_one():
    table = run(ocr_table(CAPITAL_HEADER, *CAPITAL_BODY), after=["Tổng số 12 dự án chuyển tiếp"])
    assert table.total.stated_million_vnd is None
    assert not check(table, "budget-total-stated").ok


def test_numbered_siblings_are_never_grouped_by_their_sums():
    # 50 = 20 + 30 by coincidence: the numbering says these are three tasks.
    rows = [["1", "Việc một", "Sở Nội vụ", "Quý I", "50"], ["2", "Việc hai", "Sở Nội vụ", "Quý II", "20"],
            ["3", "Việc ba", "Sở Nội vụ", "Quý III", "30"], ["", "Tổng cộng", "", "", "50"]]
    table = run(ocr_table(PLAN_HEADER, *rows))
    assert table.total.rows_sum_million_vnd == Decimal(100)
    total = check(table, "budget-total-matches-rows")
    assert not total.ok and "2 times" in total.message and "gấp 2 lần" in total.message_vi
    assert not [s for s in table.subtotals if s.basis == "sums"]


def test_sums_never_hide_what_the_stated_total_confirms():
    # Unnumbered rows 50, 20, 30 could be a group, but the stated 100 says they are three rows.
    rows = [["", "Việc một", "Sở Nội vụ", "Quý I", "50"], ["", "Việc hai", "Sở Nội vụ", "Quý II", "20"],
            ["", "Việc ba", "Sở Nội vụ", "Quý III", "30"], ["", "Tổng cộng", "", "", "100"]]
    table = run(ocr_table(PLAN_HEADER, *rows))
    assert table.total.rows_sum_million_vnd == Decimal(100) and check(table, "budget-total-matches-rows").ok
    assert not table.subtotals


def test_a_group_of_one_is_never_made_by_its_sum_alone():
    # Two unnumbered rows of 10: two tasks of the same cost, not a group and its item.
    rows = [["", "Việc một", "Sở Nội vụ", "Quý I", "10"], ["", "Việc hai", "Sở Nội vụ", "Quý II", "10"],
            ["", "Tổng cộng", "", "", "10"]]
    table = run(ocr_table(PLAN_HEADER, *rows))
    assert table.total.rows_sum_million_vnd == Decimal(20)
    total = check(table, "budget-total-matches-rows")
    assert not total.ok and "2 times" in total.message


def test_numbered_group_row_with_one_sub_item_is_counted_once():
    rows = [["1", "Việc một", "Sở Nội vụ", "Quý I", "10"], ["2", "Nhóm việc", "", "", "25"],
            ["2.1", "Việc con", "Sở Tư pháp", "Quý II", "25"], ["", "Tổng cộng", "", "", "35"]]
    table = run(ocr_table(PLAN_HEADER, *rows))
    assert table.total.rows_sum_million_vnd == Decimal(35) and check(table, "budget-total-matches-rows").ok
    [group] = table.subtotals
    assert (group.section, group.basis, group.rows_sum_million_vnd) == ("2", "numbering", Decimal(25))


def test_numbered_group_whose_items_disagree_fails_and_the_items_are_summed():
    rows = [["1", "Nhóm việc", "", "", "20"], ["1.1", "Việc", "Sở Nội vụ", "Quý I", "12"],
            ["1.2", "Việc", "Sở Nội vụ", "Quý II", "10"], ["", "Tổng cộng", "", "", "20"]]
    table = run(ocr_table(PLAN_HEADER, *rows))
    assert table.total.rows_sum_million_vnd == Decimal(22)
    subtotal = check(table, "budget-subtotal-matches-section")
    assert not subtotal.ok and subtotal.severity == "error" and "22" in subtotal.message
    assert not check(table, "budget-total-matches-rows").ok


def test_nested_groups_by_sums_total_section_and_group():
    # The total row lost its label; under section I a group "Công trình A" of two items.
    rows = [["", "", "", "", "100"],
            ["", "LĨNH VỰC GIAO THÔNG", "", "", "60"],
            ["", "Công trình A", "", "", "40"],
            ["", "Hạng mục A1", "UBND huyện", "2024", "25"],
            ["", "Hạng mục A2", "UBND huyện", "2024", "15"],
            ["", "Công trình B", "UBND huyện", "2024", "20"],
            ["", "LĨNH VỰC Y TẾ", "", "", "40"],
            ["", "Trạm y tế xã", "Sở Y tế", "2024", "30"],
            ["", "Trang thiết bị", "Sở Y tế", "2024", "10"]]
    table = run(ocr_table(CAPITAL_HEADER, *rows), after=["(Bằng chữ: Một trăm triệu đồng)"])
    assert table.total.rows_sum_million_vnd == Decimal(100)
    assert check(table, "budget-total-matches-rows").ok
    by_sum = {s.section: s.rows_sum_million_vnd for s in table.subtotals if s.basis == "sums"}
    assert by_sum == {"(untitled row)": Decimal(100), "LĨNH VỰC GIAO THÔNG": Decimal(60),
                      "Công trình A": Decimal(40), "LĨNH VỰC Y TẾ": Decimal(40)}


def test_section_subtotal_leaves_out_a_group_row_inside_it():
    rows = [["I", "CẢI CÁCH THỂ CHẾ", "", "", "30"], ["1", "Nhóm việc", "", "", "20"],
            ["1.1", "Việc", "Sở Tư pháp", "Quý I", "12"], ["1.2", "Việc", "Sở Tư pháp", "Quý II", "8"],
            ["2", "Việc khác", "Sở Tư pháp", "Quý III", "10"], ["", "Tổng cộng", "", "", "30"]]
    table = run(ocr_table(PLAN_HEADER, *rows))
    section = [s for s in table.subtotals if s.basis == "section"]
    assert [(s.section, s.rows_sum_million_vnd) for s in section] == [("I", Decimal(30))]
    assert table.total.rows_sum_million_vnd == Decimal(30) and check(table, "budget-total-matches-rows").ok


def test_summary_says_no_total_for_a_table_with_amounts_and_no_stated_total(tmp_path):
    dump = tmp_path / "inbox" / "khong-tong.ocr.txt"
    dump.parent.mkdir()
    dump.write_text("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024\n"
                    "TT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian\tKinh phí (triệu đồng)\n"
                    "1\tHọp Ban chỉ đạo\tSở Nội vụ\tQuý I\t10\n"
                    "2\tKiểm tra công tác CCHC\tSở Nội vụ\tQuý III\t15\n", encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(dump.parent), "-o", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    [line] = csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig")))
    assert line["budget"] == "no total" and line["rows_sum_million_vnd"] == "25"
    assert "no total" in done.stdout + done.stderr  # the terminal summary table


# -- a real scan: the capital plan drawn, rasterized at 200 dpi and read by Tesseract (vie) ------

FONTS = Path("/usr/share/fonts/truetype/liberation2")
SCAN_HEADER = ["SIT", "Danh mục dự án", "Chủ đầu tư", "Kế hoạch vốn năm 2024 (triệu đồng)"]
SCAN_ROWS = [["", "TỔNG CỘNG", "", "50.000"],
             ["I", "LĨNH VỰC GIAO THÔNG", "", "20.000"],
             ["1", "Đường giao thông liên xã Quảng Sơn", "UBND huyện Đắk Glong", "12.000"],
             ["2", "Cầu treo thôn 5, xã Quảng Khê", "UBND huyện Đắk Glong", "8.000"],
             ["II", "LĨNH VỰC GIÁO DỤC", "", "30.000"],
             ["1", "Trường THCS Nguyễn Du", "Sở Giáo dục và Đào tạo", "30.000"]]


@pytest.fixture(scope="module")
def capital_scan(tmp_path_factory):
    """One small page at 200 dpi, as a PNG: the header printed "SIT" as OCR misreads "STT"."""
    from PIL import Image
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table as RLTable, TableStyle

    if shutil.which("tesseract") is None or shutil.which("pdftoppm") is None:
        pytest.skip("needs tesseract (vie) and pdftoppm")
    folder = tmp_path_factory.mktemp("capital")
    pdfmetrics.registerFont(TTFont("Serif", str(FONTS / "LiberationSerif-Regular.ttf")))
    title = ParagraphStyle("t", fontName="Serif", fontSize=12, leading=15)
    cell = ParagraphStyle("c", fontName="Serif", fontSize=11, leading=13)
    data = [[Paragraph(t, cell) for t in row] for row in [SCAN_HEADER] + SCAN_ROWS]
    table = RLTable(data, colWidths=[30, 170, 120, 90])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    pdf = folder / "capital.pdf"
    SimpleDocTemplate(str(pdf), pagesize=(480.0, 330.0), leftMargin=30, rightMargin=30, topMargin=25,
                      bottomMargin=20).build([Paragraph("KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2024", title), table])
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(pdf), str(folder / "page")],
                   check=True)
    png = folder / "capital.png"
    Image.open(folder / "page.png").save(png, dpi=(200, 200))
    return png


def test_real_scan_of_a_capital_plan_with_sit_sums_to_50000(capital_scan):
    result = normalize(extract_file(capital_scan))
    [table] = result.tables
    assert table.total.stated_million_vnd == Decimal(50000) and table.total.position == "top"
    assert table.total.rows_sum_million_vnd == Decimal(50000)
    assert check(table, "budget-total-matches-rows").ok


def test_numbered_row_over_bullets_is_a_group_by_its_sum_but_bullets_are_siblings():
    rows = [["1", "Đào tạo, bồi dưỡng", "", "", "30"], ["-", "Lớp cấp tỉnh", "Sở Nội vụ", "Quý II", "20"],
            ["-", "Lớp cấp huyện", "UBND huyện", "Quý III", "10"], ["2", "Kiểm tra", "Sở Nội vụ", "Quý IV", "5"],
            ["", "Tổng cộng", "", "", "35"]]
    table = run(ocr_table(PLAN_HEADER, *rows))
    assert table.total.rows_sum_million_vnd == Decimal(35) and check(table, "budget-total-matches-rows").ok
    assert [(s.section, s.basis) for s in table.subtotals] == [("1", "sums")]
    # "-" 30 over "-" 20, "-" 10: bullets are siblings, however the sums fall.
    siblings = [["-", "Việc một", "Sở Nội vụ", "Quý I", "30"], ["-", "Việc hai", "Sở Nội vụ", "Quý II", "20"],
                ["-", "Việc ba", "Sở Nội vụ", "Quý III", "10"]]
    table = run(ocr_table(PLAN_HEADER, *siblings))
    assert table.total.rows_sum_million_vnd == Decimal(60) and not table.subtotals


def test_an_amount_wrapped_inside_a_digit_group_is_read_and_stays_flagged():
    """"150.000.000" printed in a narrow cell as "150.000.00" over "0" (DejaVu Sans, 200 dpi)."""
    header = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian", "Dự toán (đồng)"]
    table = run(ocr_table(header, ["1", "Rà soát văn bản", "Vụ Pháp chế", "Quý I/2026", "150.000.00\n0"],
                          ["2", "Kiểm tra văn bản", "Vụ Pháp chế", "Quý II/2026", "87.500.000"]))
    first, second = table.rows
    assert first.budget_million_vnd == Decimal(150) and first.budget_text == "150.000.00 0"
    assert "budget_million_vnd" in first.low_confidence  # read, and a person still checks it
    [fix] = [f for f in first.fixes if f.rule == "number-unwrapped"]
    assert (fix.from_, fix.to) == ("150.000.00 0", "150.000.000")
    assert second.budget_million_vnd == Decimal("87.5") and not second.fixes
    # Two amounts side by side are no wrap: "150.000 20.000" stays unread and flagged.
    [row] = run(ocr_table(header, ["1", "Rà soát văn bản", "Vụ Pháp chế", "Quý I/2026", "150.000 20.000"])).rows
    assert row.budget_million_vnd is None and "budget_million_vnd" in row.low_confidence
