import csv
import io
from decimal import Decimal

from normalize.model import Fix, Period, PlanRow, PlanTable, Result, Source, Total
from pipeline.writers import csv_text, json_text, spreadsheet_safe, write_csv


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
