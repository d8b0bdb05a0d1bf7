"""The Python API: ``kehoach.read`` (the CLI's pipeline, one file), ``kehoach.load`` (an output
already written) and the DataFrames an analyst works on. Expected values are those of
samples/truth/synthetic-tinh-2024.json (the document's own text, checked by eye)."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

import kehoach
from normalize.model import OtherCell, OtherTable, Source
from pipeline.cli import main
from pipeline.writers import result_json

pd = pytest.importorskip("pandas")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TINH = SAMPLES / "synthetic-tinh-2024.pdf"


@pytest.fixture(scope="module")
def tinh():
    return kehoach.read(TINH)


def test_read_gives_what_the_cli_writes(tinh, tmp_path):
    assert main(["extract", str(TINH), "-o", str(tmp_path), "-j", "1", "--format", "json", "--no-report"]) == 0
    written = json.loads((tmp_path / "synthetic-tinh-2024.json").read_text(encoding="utf-8"))
    assert result_json(tinh) == written
    loaded = kehoach.load(tmp_path / "synthetic-tinh-2024.json")
    assert isinstance(loaded, kehoach.Result) and loaded == tinh


def test_plan_rows_as_a_dataframe(tinh):
    rows = tinh.to_pandas()
    assert len(rows) == 22  # the truth's 22 task rows, no section or total lines
    assert rows["item"].dtype == "string" and list(rows["item"][:5]) == ["1", "2", "3", "3.1", "3.2"]
    assert rows["budget_million_vnd"].dtype == "float64"
    assert rows["budget_million_vnd"][1] == 45 and rows["budget_million_vnd"][3] == 62.5
    assert pd.isna(rows["budget_million_vnd"][0])  # nothing printed
    assert rows["products"][1] == ["Hội nghị được tổ chức", "Báo cáo tổng kết"]
    assert rows["lead_units"][0] == ["Sở Nội vụ"]
    # "Quý II - Quý III" of 2024: 1 April to 30 September
    assert rows["start"][3] == pd.Timestamp(2024, 4, 1) and rows["end"][3] == pd.Timestamp(2024, 9, 30)
    assert str(rows["start"].dtype).startswith("datetime64")
    assert pd.isna(rows["start"][2])  # row 3 has no period
    assert rows["budget_million_vnd"].sum() == pytest.approx(float(tinh.tables[0].total.rows_sum_million_vnd))


def test_checks_as_a_dataframe(tinh):
    checks = tinh.checks_pandas()
    total = checks[checks["check"] == "budget-total-matches-rows"]
    assert total["ok"].tolist() == [True] and checks["ok"].dtype == bool
    assert "1,121 million VND" in total["message"].iloc[0] and "1.121 triệu đồng" in total["message_vi"].iloc[0]


def test_other_tables_are_reachable_with_their_header_levels():
    def cell(text, page=3):
        return OtherCell(text=text, page=page, bbox=None, confidence=None)

    table = OtherTable(id="o1", title="PHỤ LỤC", pages=[3, 4],
                       header=[["TT", "Họ và tên", "Ngày sinh", ""], ["", "", "Nam", "Nữ"]],
                       rows=[[cell("1"), cell("Trần Thị Kim Anh"), cell(""), cell("24/05/1973")],
                             [cell("2", 4), cell("Nguyễn Thành Luận", 4), cell("24/06/1982", 4), cell("", 4)]])
    result = kehoach.Result(source=Source("qd.pdf", "0" * 64, 4, "text-layer"), documents=[], tables=[],
                            lists=[], other_tables=[table])
    [(name, frame)] = result.other_tables_pandas().items()
    assert name == "o1"
    assert list(frame.columns) == ["TT", "Họ và tên", "Ngày sinh / Nam", "Nữ", "page"]
    assert frame["Nữ"][0] == "24/05/1973" and frame["page"].tolist() == [3, 4]
    assert frame["TT"].dtype == "string"  # as read, never converted
    assert result.to_pandas().empty


def test_load_refuses_what_is_not_a_kehoach_document(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"schema": "other/1"}), encoding="utf-8")
    with pytest.raises(ValueError, match="kehoach/1"):
        kehoach.load(path)


def test_the_version_is_the_one_in_pyproject():
    project = tomllib.loads((SAMPLES.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert kehoach.__version__ == project["version"]
