"""Writers: plan rows to CSV, JSON and XLSX; other tables to the JSON and their own XLSX
sheet, never to the plan CSV."""
import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from normalize.model import Fix, OtherCell, OtherTable, Period, PlanRow, PlanTable, Result, Source, Total
from pipeline.batch import SUMMARY_NAME, BatchOptions, process_file, write_batch_reports
from pipeline.cli import schema_text
from pipeline.writers import csv_text, json_text, result_json, spreadsheet_safe, write_csv
from pipeline.xlsx import xlsx_bytes

REALDOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"


def sample_result(task="Tổ chức hội nghị"):
    row = PlanRow(section="I", section_title="CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH", item="1.1", level=2, task=task,
                  products=["Hội nghị", "Báo cáo kết quả"], lead_units=["Văn phòng"],
                  partner_units=["Các Sở, Ban, ngành", "UBND cấp huyện"],
                  period=Period("Quý I", 1, 3, "2019-01", "2019-03"), budget_million_vnd=Decimal("1080"),
                  pages=[2, 3], fixes=[Fix("task", "Bảo cáo", "Báo cáo", "vocabulary-phrase")],
                  extra={"Ghi chú": "=HYPERLINK(\"x\")"})
    table = PlanTable(id="t1", title="KẾ HOẠCH", plan_year=2019, header=[], pages=[2, 3], rows=[row],
                      total=Total(stated_million_vnd=Decimal(1080)))
    return Result(source=Source("a.pdf", "0" * 64, 3, "text-layer"), documents=[], tables=[table], lists=[])


def test_csv_numbers_lists_and_fixes():
    rows = list(csv.DictReader(io.StringIO(csv_text(sample_result()))))
    assert rows[0]["budget_million_vnd"] == "1080"
    assert rows[0]["partner_units"] == "Các Sở, Ban, ngành; UBND cấp huyện"
    assert rows[0]["pages"] == "2 3"
    assert "Bảo cáo → Báo cáo" in rows[0]["fixes"]
    assert rows[0]["extra.Ghi chú"].startswith("'=")


def test_csv_formula_cells_are_neutralised():
    rows = list(csv.DictReader(io.StringIO(csv_text(sample_result(task="=1+1")))))
    assert rows[0]["task"] == "'=1+1"
    assert spreadsheet_safe("-5") == "'-5" and spreadsheet_safe("Họp") == "Họp"


def test_csv_file_has_bom(tmp_path):
    target = tmp_path / "x.csv"
    write_csv(target, sample_result())
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "Tổ chức hội nghị".encode() in data
    assert not list(tmp_path.glob(".*part"))


def test_json_decimals_are_numbers():
    text = json_text(sample_result())
    assert '"budget_million_vnd": 1080' in text and '"from": "Bảo cáo"' in text


def test_json_bytes_are_the_text_in_utf8_written_piece_by_piece():
    """json_bytes streams the encoder's pieces (for memory); the bytes must be json_text's exactly."""
    from pipeline.writers import json_bytes

    result = sample_result()
    data = json_bytes(result)
    assert data == json_text(result).encode("utf-8")
    assert data.endswith(b"}\n") and "Bảo cáo".encode() in data


def staff_list_result() -> Result:
    def cell(text, x):
        return OtherCell(text=text, page=3, bbox=[x, 100.0, x + 40.0, 120.0], confidence=None)

    table = OtherTable(
        id="o1", title="PHỤ LỤC 1", pages=[3],
        header=[["TT", "Họ và tên", "Ngày sinh", ""], ["", "", "Nam", "Nữ"]],
        rows=[[cell("1", 10), cell("Trần Thị Kim Anh", 50), cell("", 90), cell("24/05/1973", 130)],
              [cell("2", 10), cell("=Nguyễn Thành Luận", 50), cell("24/06/1982", 90), cell("", 130)]],
        reasons=["header row 1 names: 'Họ và tên' = not_plan", "no task column"])
    return Result(source=Source(file="qd337.pdf", sha256="0" * 64, pages=78, method="text-layer"),
                  documents=[], tables=[], lists=[], other_tables=[table])


def test_json_holds_other_tables_and_matches_the_schema():
    data = result_json(staff_list_result())
    jsonschema.validate(data, json.loads(schema_text()))
    other = data["other_tables"][0]
    assert other["header"][1] == ["", "", "Nam", "Nữ"]
    assert other["rows"][0][1] == {"text": "Trần Thị Kim Anh", "page": 3, "bbox": [50.0, 100.0, 90.0, 120.0],
                                   "confidence": None, "origin": "text-layer"}


def test_schema_rejects_an_other_table_cell_without_its_provenance():
    data = result_json(staff_list_result())
    del data["other_tables"][0]["rows"][0][1]["bbox"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(schema_text()))


def test_plan_csv_never_holds_other_tables():
    text = csv_text(staff_list_result())
    assert list(csv.reader(io.StringIO(text)))[1:] == []
    assert "Trần Thị Kim Anh" not in text


def test_xlsx_has_a_sheet_per_other_table_with_its_header_levels_in_bold():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(staff_list_result())))
    assert workbook.sheetnames == ["o1 PHỤ LỤC 1", "checks", "documents", "legend"]
    sheet = workbook["o1 PHỤ LỤC 1"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["TT", "Họ và tên", "Ngày sinh", None, "page"]
    assert values[1] == [None, None, "Nam", "Nữ", None]
    assert values[2] == ["1", "Trần Thị Kim Anh", None, "24/05/1973", "3"]
    assert sheet["C2"].font.bold and sheet["B1"].font.bold and not sheet["B3"].font.bold
    assert sheet["B4"].data_type == "s"  # "=…" stays text, never a formula
    assert sheet.freeze_panes == "A3"


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not beside the repository")
def test_a_file_with_only_an_other_table_is_read_not_failed(tmp_path):
    path = REALDOCS / "lamdong_tt666_gopy_kh_cchc_2026.pdf"
    outcome = process_file(path, "tt666", BatchOptions(out_dir=tmp_path))
    assert outcome.status == "ok" and outcome.reason == ""
    assert outcome.tables == 0 and outcome.other_tables == 1 and outcome.checks_failed == 0
    data = json.loads((tmp_path / "tt666.json").read_text(encoding="utf-8"))
    assert data["tables"] == [] and len(data["other_tables"][0]["rows"]) == 27
    write_batch_reports(tmp_path, [outcome])
    with open(tmp_path / SUMMARY_NAME, encoding="utf-8-sig", newline="") as handle:
        [line] = list(csv.DictReader(handle))
    assert line["status"] == "ok" and line["tables"] == "0" and line["other_tables"] == "1"


def test_a_phone_number_keeps_its_plus_and_never_runs_as_a_formula():
    result = sample_result()
    result.tables[0].rows[0].products = ["+84 912 345 678"]
    result.tables[0].rows[0].task = "=HYPERLINK(\"http://x\")"
    assert result_json(result)["tables"][0]["rows"][0]["products"] == ["+84 912 345 678"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(result))).worksheets[0]
    assert sheet["E2"].value == "+84 912 345 678" and sheet["E2"].data_type == "s"  # text, as printed
    assert sheet["D2"].value == "=HYPERLINK(\"http://x\")" and sheet["D2"].data_type == "s"
    # a CSV has no cell types: the apostrophe that keeps a spreadsheet from running it stays visible
    [row] = list(csv.DictReader(io.StringIO(csv_text(result))))
    assert row["products"] == "'+84 912 345 678"
