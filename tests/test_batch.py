"""Real batches in temporary folders: failures isolated, resumable, outputs people can trust."""
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO, SAMPLES

KEHOACH = [sys.executable, "-m", "pipeline.cli"]
GOOD_PDFS = ["dak-nong-cv104-2019.pdf", "dak-nong-qd2070-2019.pdf", "synthetic-huyen-2023.pdf"]


def kehoach(*args, **kwargs):
    return subprocess.run([*KEHOACH, *map(str, args)], cwd=REPO, capture_output=True, text=True,
                          timeout=300, **kwargs)


@pytest.fixture
def inbox(tmp_path, seed_path):
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    for name in GOOD_PDFS:
        shutil.copy(SAMPLES / name, folder / name)
    shutil.copy(seed_path, folder / "sub" / seed_path.name)
    (folder / "hỏng.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if not p.name.startswith((".", "manifest.sqlite"))
            and p.name not in ("report.html", "inputs.jsonl")}  # these two record the run's timings


def test_mixed_folder_outputs_and_error_entry(inbox, tmp_path):
    out = tmp_path / "out"
    done = kehoach("extract", inbox, "-o", out, "-j", "2")
    assert done.returncode == 1, done.stderr
    names = set(outputs(out))
    for stem in [Path(n).stem for n in GOOD_PDFS] + ["dak-nong-cchc-2019.ocr"]:
        assert {f"{stem}.json", f"{stem}.csv", f"{stem}.xlsx"} <= names
    assert not any(n.startswith("hỏng") for n in names)
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert [(Path(e["file"]).name, e["reason"]) for e in errors] == [("hỏng.pdf", "corrupt")]
    summary = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert len(summary) == 5
    by_name = {Path(r["file"]).name: r for r in summary}
    assert by_name["dak-nong-qd2070-2019.pdf"]["budget"] == "FAIL"
    assert by_name["dak-nong-qd2070-2019.pdf"]["stated_million_vnd"] == "1080"
    assert by_name["dak-nong-qd2070-2019.pdf"]["rows_sum_million_vnd"] == "1048"
    assert by_name["hỏng.pdf"]["status"] == "failed"
    assert "hỏng.pdf" in done.stdout and "corrupt" in done.stdout


def test_rerun_skips_done_files(inbox, tmp_path):
    out = tmp_path / "out"
    kehoach("extract", inbox, "-o", out)
    first = outputs(out)
    again = kehoach("extract", inbox, "-o", out)
    assert again.stdout.count("done earlier") == 4
    assert outputs(out) == first


def test_kill_9_then_rerun_gives_identical_outputs(inbox, tmp_path):
    reference = tmp_path / "reference"
    kehoach("extract", inbox, "-o", reference, "-j", "1")
    out = tmp_path / "out"
    process = subprocess.Popen([*KEHOACH, "extract", str(inbox), "-o", str(out), "-j", "1"], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*.json")):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the runner and its workers, mid-batch
    process.wait()
    partial = set(outputs(out))
    assert partial != set(outputs(reference)), "the batch finished before it was killed"
    kehoach("extract", inbox, "-o", out, "-j", "1")
    assert outputs(out) == outputs(reference)
    assert not list(out.glob(".*.part"))


def test_formula_cell_is_neutralised_end_to_end(tmp_path):
    dump = tmp_path / "formula.txt"
    dump.write_text("TT\tNhiệm vụ\tĐơn vị chủ trì\tKinh phí (triệu đồng)\n"
                    "1\t=1+1\t@SUM(A1)\t10\nTổng cộng\t\t\t10\n", encoding="utf-8")
    out = tmp_path / "out"
    assert kehoach("extract", dump, "-o", out).returncode == 0
    rows = list(csv.DictReader(io.StringIO((out / "formula.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["task"] == "'=1+1" and rows[0]["lead_units"] == "'@SUM(A1)"
    sheet = openpyxl.load_workbook(out / "formula.xlsx").worksheets[0]
    task = sheet.cell(row=2, column=4)
    assert task.value == "=1+1" and task.data_type == "s"


def test_xlsx_opens_and_totals_equal_json(tmp_path):
    out = tmp_path / "out"
    kehoach("extract", SAMPLES / "synthetic-tinh-2024.pdf", SAMPLES / "dak-nong-qd1657-2019.pdf", "-o", out)
    for stem in ("synthetic-tinh-2024", "dak-nong-qd1657-2019"):
        data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        book = openpyxl.load_workbook(out / f"{stem}.xlsx")
        assert "checks" in book.sheetnames
        for table, sheet in zip(data["tables"], book.worksheets):
            header = [c.value for c in sheet[1]]
            col = header.index("budget_million_vnd") + 1
            flag = header.index("subtotal") + 1
            rows = range(2, len(table["rows"]) + 2)
            # A group row's amount (subtotal "yes") is already in the rows under it.
            total = sum(Decimal(str(sheet.cell(row=r, column=col).value)) for r in rows
                        if sheet.cell(row=r, column=col).value is not None
                        and sheet.cell(row=r, column=flag).value != "yes")
            assert total == Decimal(str(table["total"]["rows_sum_million_vnd"]))
            assert [sheet.cell(row=r, column=flag).value == "yes" for r in rows] == [
                row["subtotal"] for row in table["rows"]]
            assert sheet.max_row == len(table["rows"]) + 1  # the totals are on the "totals" sheet
        totals = list(book["totals"].iter_rows(min_row=2, values_only=True))
        assert [line[3].startswith("=SUMIF(") for line in totals] == [True] * len(data["tables"])
        assert [line[4] for line in totals] == [t["total"]["stated_million_vnd"] for t in data["tables"]]
        for table, sheet in zip(data["tables"], book.worksheets):
            assert sheet.freeze_panes == "A2" and sheet.cell(row=1, column=1).font.bold


def test_file_over_time_limit_is_reported_and_batch_goes_on(tmp_path, seed_path):
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    big.write_text(seed_path.read_text(encoding="utf-8") * 60, encoding="utf-8")
    shutil.copy(SAMPLES / "dak-nong-cv104-2019.pdf", big.parent)
    out = tmp_path / "out"
    done = kehoach("extract", big.parent, "-o", out, "--timeout", "5", "-j", "1")
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert [e["reason"] for e in errors] == ["timed out"]
    assert (out / "dak-nong-cv104-2019.json").exists() and done.returncode == 1


def test_strict_fails_on_a_failing_check(tmp_path):
    out = tmp_path / "out"
    assert kehoach("extract", SAMPLES / "dak-nong-qd1657-2019.pdf", "-o", out, "--format", "json").returncode == 0
    done = kehoach("extract", SAMPLES / "dak-nong-qd2070-2019.pdf", "-o", out, "--strict", "--format", "json")
    assert done.returncode == 3
    assert not (out / "dak-nong-qd2070-2019.csv").exists()


def test_cited_document_in_the_batch_is_linked(tmp_path):
    out = tmp_path / "out"
    kehoach("extract", SAMPLES / "dak-nong-cv104-2019.pdf", SAMPLES / "dak-nong-qd2070-2019.pdf",
            SAMPLES / "dak-nong-qd1657-2019.pdf", "-o", out, "--format", "json")
    letter = json.loads((out / "dak-nong-cv104-2019.json").read_text(encoding="utf-8"))
    cites = {c["number"]: c for d in letter["documents"] for c in d["cites"]}
    assert cites["2070/QĐ-UBND"]["found_in"]["file"] == "dak-nong-qd2070-2019.pdf"
    assert cites.get("51/SNV-CCHC", {}).get("found_in") is None


def test_encrypted_and_unsupported_files_get_plain_reasons(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    inbox = tmp_path / "in"
    inbox.mkdir()
    pdf = canvas.Canvas(str(inbox / "secret.pdf"), encrypt=pdfencrypt.StandardEncryption("mật khẩu"))
    pdf.drawString(72, 720, "Ke hoach")
    pdf.save()
    (inbox / "letter.docx").write_bytes(b"PK\x03\x04 not a plan format")
    (inbox / "empty.txt").write_text("Xin chào\n", encoding="utf-8")
    out = tmp_path / "out"
    kehoach("extract", inbox / "secret.pdf", inbox / "letter.docx", inbox / "empty.txt", "-o", out)
    reasons = {Path(e["file"]).name: e["reason"]
               for e in json.loads((out / "errors.json").read_text(encoding="utf-8"))}
    assert reasons == {"secret.pdf": "encrypted", "letter.docx": "unsupported type", "empty.txt": "not a plan"}
