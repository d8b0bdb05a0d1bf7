"""The XLSX as a person and a program use it: it prints (LibreOffice headless turns it into a
PDF, landscape, one page wide, the header on every page), pandas reads clean tables and the
totals' values, and every colour has its comment and its line in the legend."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook

from extract import extract_file
from normalize.model import CellSource, Check, Fix, Period, PlanRow, PlanTable, Result, Source, Total
from normalize.plan import normalize
from pipeline.xlsx import FAILED_FILL, FIXED_FILL, LOW_CONFIDENCE_FILL, PLAN_COLUMNS, row_height, xlsx_bytes

pd = pytest.importorskip("pandas")

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (make setup installs it) is missing")


def _row(item, task, budget, **kw):
    return PlanRow(section="I", section_title="CÔNG TÁC CHỈ ĐẠO", item=item, level=len(item.split(".")), task=task,
                   products=["Báo cáo"], lead_units=["Sở Nội vụ"], partner_units=["Các sở, ngành"],
                   period=Period("Quý I", 1, 3, "2019-01", "2019-03"),
                   budget_million_vnd=None if budget is None else Decimal(budget), pages=[2],
                   budget_text=kw.pop("budget_text", budget or ""), **kw)


def small_result() -> Result:
    rows = [
        _row("1", "Tổ chức hội nghị triển khai kế hoạch cải cách hành chính năm 2019", "1080"),
        _row("2", "Kiểm tra công tác cải cách hành chính " * 12, "457.5",
             fixes=[Fix("task", "Kiểm tra cộng tác", "Kiểm tra công tác", "vocabulary-phrase")]),
        _row("3", "Tuyên truyền", None, budget_text="1.O80", low_confidence=["budget_million_vnd"],
             cells={"budget_million_vnd": CellSource(page=3, bbox=[1.0, 2.0, 3.0, 4.0], confidence=41.0, origin="ocr")}),
    ]
    checks = [Check("budget-total-matches-rows", False, "error", "The stated total is 2,000 million VND but …",
                    {}, "Tổng cộng ghi 2.000 triệu đồng nhưng …"),
              Check("numbering", True, "info", "Items are numbered in order.", {}, "Số thứ tự liền mạch.")]
    table = PlanTable(id="t1", title="KẾ HOẠCH CCHC NĂM 2019", plan_year=2019, header=[], pages=[2, 3], rows=rows,
                      total=Total(stated_million_vnd=Decimal(2000), rows_sum_million_vnd=Decimal("1537.5")),
                      checks=checks)
    return Result(source=Source("kh.pdf", "0" * 64, 3, "ocr"), documents=[], tables=[table], lists=[])


@pytest.fixture
def seed_xlsx(tmp_path, seed_path) -> Path:
    path = tmp_path / "seed.xlsx"
    path.write_bytes(xlsx_bytes(normalize(extract_file(seed_path))))
    return path


def test_every_sheet_prints_landscape_a4_one_page_wide_with_its_header_repeated():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(small_result())))
    assert workbook.sheetnames == ["t1 KẾ HOẠCH CCHC NĂM 2019", "totals", "checks", "documents", "legend"]
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.paperSize in (9, "9")
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth in (None, 1, "1")  # absent means 1 (ECMA-376)
        assert int(sheet.page_setup.fitToHeight) == 0  # as many pages tall as the rows need
        assert sheet.print_title_rows.replace("$", "") == "1:1"


def test_rows_are_as_tall_as_their_wrapped_text():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(small_result())))
    sheet = workbook.worksheets[0]
    task_width = dict(PLAN_COLUMNS)["task"]
    long_task = sheet["D3"].value
    assert len(long_task) > 10 * task_width  # wraps onto more than ten lines
    assert sheet.row_dimensions[3].height >= 11 * 15
    assert sheet.row_dimensions[2].height < sheet.row_dimensions[3].height
    assert row_height(["kort"], [10]) == 17  # one line


def test_pandas_reads_the_plan_sheet_as_a_clean_table_and_the_totals_with_their_values():
    data = io.BytesIO(xlsx_bytes(small_result()))
    plan = pd.read_excel(data, sheet_name=0, dtype={"item": str})
    assert list(plan["item"]) == ["1", "2", "3"]  # no blank, sum or stated-total lines
    assert plan["budget_million_vnd"].tolist()[:2] == [1080, 457.5] and pd.isna(plan["budget_million_vnd"][2])
    totals = pd.read_excel(data, sheet_name="totals")
    [line] = totals.to_dict("records")
    assert line["rows sum (formula)"] == 1537.5  # the formula's saved value: 1080 + 457.5
    assert line["stated total"] == 2000 and line["difference"] == 462.5 and line["ok"] == "no"
    formulas = load_workbook(data)["totals"]
    sheet = "'t1 KẾ HOẠCH CCHC NĂM 2019'"
    assert formulas["D2"].value == f'=SUMIF({sheet}!L2:L4,"<>yes",{sheet}!K2:K4)'


def test_the_totals_leave_a_group_row_out_of_the_rows_sum():
    result = small_result()
    table = result.tables[0]
    # Item 1 heads 1.1 and 1.2 (1,080 = 600 + 480): its amount is their subtotal.
    table.rows[0].subtotal = True
    table.rows[1:1] = [_row("1.1", "Hội nghị cấp tỉnh", "600"), _row("1.2", "Hội nghị cấp huyện", "480")]
    data = io.BytesIO(xlsx_bytes(result))
    plan = load_workbook(data).worksheets[0]
    assert [plan.cell(row=r, column=12).value for r in range(2, 7)] == ["yes", None, None, None, None]
    [line] = pd.read_excel(data, sheet_name="totals").to_dict("records")
    assert line["rows sum (formula)"] == 1537.5  # 600 + 480 + 457.5; the group row's 1,080 not again
    assert line["difference"] == 462.5


def test_a_low_confidence_cell_is_red_with_the_raw_text_and_the_confidence():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(small_result()))).worksheets[0]
    cell = sheet["K4"]
    assert cell.value is None  # "1.O80" is not read as a number
    assert cell.fill.fgColor.rgb.endswith(LOW_CONFIDENCE_FILL.lstrip("#"))
    assert "1.O80" in cell.comment.text and "41/100" in cell.comment.text and "page 3" in cell.comment.text
    assert sheet["K2"].comment is None and not sheet["K2"].fill.fgColor.rgb.endswith(LOW_CONFIDENCE_FILL.lstrip("#"))


def test_a_repaired_cell_holds_the_original_and_the_rule():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(small_result()))).worksheets[0]
    comment = sheet["D3"].comment.text
    assert "was: Kiểm tra cộng tác" in comment and "rule: vocabulary-phrase" in comment


def test_checks_say_yes_or_no_and_failures_are_highlighted():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(small_result())))["checks"]
    assert [sheet["C2"].value, sheet["C3"].value] == ["no", "yes"]
    assert sheet["E2"].fill.fgColor.rgb.endswith(FAILED_FILL.lstrip("#"))
    assert sheet["E3"].fill.fill_type is None


def test_a_number_taken_from_a_citation_says_so_and_is_yellow(seed_xlsx):
    """The seed's decision on the 2019 plan has no readable "Số:" line; the letter cites it as 2070/QĐ-UBND."""
    sheet = load_workbook(seed_xlsx)["documents"]
    header = [c.value for c in sheet[1]]
    number, source = header.index("number") + 1, header.index("number_from") + 1
    rows = {sheet.cell(row=r, column=number).value: r for r in range(2, sheet.max_row + 1)}
    inferred = rows["2070/QĐ-UBND"]
    assert sheet.cell(row=inferred, column=source).value.startswith("inferred from ")
    assert sheet.cell(row=inferred, column=number).fill.fgColor.rgb.endswith(FIXED_FILL.lstrip("#"))
    printed = [r for n, r in rows.items() if n and n != "2070/QĐ-UBND"]
    assert printed and all(sheet.cell(row=r, column=source).value in (None, "") for r in printed)


def test_the_legend_explains_each_colour():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(small_result())))["legend"]
    what = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=1) for r in range(2, sheet.max_row + 1)}
    assert what["red cell"].fill.fgColor.rgb.endswith(LOW_CONFIDENCE_FILL.lstrip("#"))
    assert {"yellow cell", "red line (checks)", "ok", "totals"} <= set(what)


def test_the_same_result_gives_the_same_bytes():
    assert xlsx_bytes(small_result()) == xlsx_bytes(small_result())


def _pdf_pages(xlsx: Path, tmp_path: Path, screenshot: str | None = None) -> list[str]:
    """The workbook printed by LibreOffice headless (a fresh profile), as the text of each page."""
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=120)
    pdf_path = tmp_path / f"{xlsx.stem}.pdf"
    if screenshot:  # KEHOACH_XLSX_SCREENSHOT=docs/xlsx-page.png: the README's picture of a printed page
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
                        str(Path(screenshot).with_suffix(""))], check=True)
    with pdfplumber.open(pdf_path) as pdf:
        assert all(page.width > page.height for page in pdf.pages)  # landscape
        assert all(abs(page.width - 842) < 2 for page in pdf.pages)  # A4
        return [page.extract_text() or "" for page in pdf.pages]


@needs_libreoffice
def test_libreoffice_prints_one_page_a_sheet_for_a_small_workbook(tmp_path):
    path = tmp_path / "small.xlsx"
    path.write_bytes(xlsx_bytes(small_result()))
    pages = _pdf_pages(path, tmp_path)
    # five sheets, each one page wide and short enough for one page
    assert len(pages) == 5
    first = "".join(pages[0].split())
    assert "budget_million_vnd" in first and "low_confidence" in first  # every column on the page
    assert "rows sum" in pages[1] and "1,537.5" in pages[1]  # the total's label and value on one page


@needs_libreoffice
def test_libreoffice_prints_the_seed_with_the_header_on_every_page(tmp_path, seed_xlsx):
    pages = _pdf_pages(seed_xlsx, tmp_path, os.environ.get("KEHOACH_XLSX_SCREENSHOT"))
    plan_pages = [p for p in pages if "section_title" in p]
    # two plan tables (84 and 67 rows) and five other sheets: far from the 13-28 pages of one column group each
    assert 2 <= len(plan_pages) <= 16 and len(pages) <= len(plan_pages) + 6
    for text in plan_pages:
        assert text.startswith("section section_title item task")
        assert "budget_million_vnd" in "".join(text.split())
