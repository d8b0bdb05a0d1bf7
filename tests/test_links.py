"""Tests for normalize/links.py: citations linked to documents of the same batch."""
from __future__ import annotations

import copy
from pathlib import Path

from extract import extract_file
from normalize.links import check_counts, link_citations
from normalize.model import Citation, Document, FoundIn, Result, Source
from normalize.plan import normalize


def _result(file: str, documents: list[Document]) -> Result:
    return Result(source=Source(file, "0" * 64, 1, "text-layer"), documents=documents, tables=[], lists=[])


def _doc(number: str | None, date: str, cites: list[tuple[str, str]] = ()) -> Document:
    return Document(kind="Quyết định", number=number, date=date, issuer=None, subject=None, signer=None,
                    pages=[1], cites=[Citation("Quyết định", n, d, f"Quyết định số {n}") for n, d in cites])


def test_a_citation_found_in_its_own_file_links_there_whatever_the_batch_holds() -> None:
    bundle = _result("bundle.pdf", [_doc("5/SNV", "2024-02-01", [("12/QĐ-UBND", "2024-01-11")]),
                                    _doc("12/QĐ-UBND", "2024-01-11")])
    # A file sorted before the bundle that holds a document with the same number
    # (a copy, or an unrelated decision of another office with a look-alike number).
    other = _result("a-copy.pdf", [_doc("12/QĐ-UBND", "2024-01-09")])
    alone = {"bundle": copy.deepcopy(bundle)}
    batch = {"a-copy": other, "bundle": copy.deepcopy(bundle)}
    link_citations(alone)
    link_citations(batch)
    found = batch["bundle"].documents[0].cites[0].found_in
    assert found == FoundIn(file="bundle.pdf", output="bundle", document=1)
    assert batch["bundle"] == alone["bundle"]  # no batch-date check against the copy either
    assert batch["bundle"].checks == []


def test_a_document_citing_its_own_number_links_nowhere() -> None:
    # An appendix quoting its own plan's number: the file holds it (in the citing
    # document itself), so another file with that number is not taken instead.
    plan = _result("plan.pdf", [_doc("7/KH-UBND", "2024-03-01", [("7/KH-UBND", "2024-03-01")])])
    other = _result("a.pdf", [_doc("7/KH-UBND", "2023-03-01")])
    batch = {"a": other, "plan": plan}
    link_citations(batch)
    assert batch["plan"].documents[0].cites[0].found_in is None


def test_a_citation_of_another_files_document_still_links_there() -> None:
    letter = _result("letter.pdf", [_doc("5/SNV", "2024-02-01", [("12/QĐ-UBND", "2024-01-11")])])
    decision = _result("decision.pdf", [_doc("12/QĐ-UBND", "2024-01-11")])
    batch = {"letter": letter, "decision": decision}
    assert link_citations(batch) == ["letter"]
    assert batch["letter"].documents[0].cites[0].found_in == FoundIn("decision.pdf", "decision", 0)


def test_a_date_that_differs_from_the_cited_document_fails_once_however_often_linked() -> None:
    letter = _result("letter.pdf", [_doc("5/SNV", "2024-02-01", [("12/QĐ-UBND", "2024-01-10")])])
    decision = _result("decision.pdf", [_doc("12/QĐ-UBND", "2024-01-11")])
    batch = {"letter": letter, "decision": decision}
    assert check_counts(letter) == (0, 0)
    assert link_citations(batch) == ["letter"]
    assert link_citations(batch) == []  # the same links again: nothing changes, no second check
    [check] = letter.checks
    assert check.check == "citation-date-matches-batch" and not check.ok and check.severity == "error"
    assert "2024-01-10" in check.message and "2024-01-11" in check.message_vi
    assert check_counts(letter) == (0, 1) and check_counts(decision) == (0, 0)


def test_seed_json_does_not_depend_on_the_batch(seed_path) -> None:
    # Letter 104 of the seed cites decision 1657/QĐ-SGDĐT, which is in the same dump.
    seed = normalize(extract_file(seed_path))
    decoy = _result("0-decoy.pdf", [_doc("1657/QĐ-SGDĐT", "2017-01-01")])
    alone = {"seed": copy.deepcopy(seed)}
    batch = {"0-decoy": decoy, "seed": copy.deepcopy(seed)}
    link_citations(alone)
    link_citations(batch)
    assert batch["seed"] == alone["seed"]
    letter = batch["seed"].documents[0]
    cite = next(c for c in letter.cites if c.number == "1657/QĐ-SGDĐT")
    assert cite.found_in.file == seed.source.file
    assert cite.found_in.document == 2


LETTER = """UBND TỈNH ĐẮK NÔNG
SỞ NỘI VỤ

Số: 7/SNV-CCHC

V/v triển khai Kế hoạch cải cách hành chính năm 2019

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Đắk Nông, ngày 20 tháng 12 năm 2018

Kính gửi: Các sở, ban, ngành.

Triển khai Quyết định số 2070/QĐ-UBND ngày 14/12/2018 của Ủy ban nhân dân tỉnh về Kế hoạch CCHC tỉnh năm 2019, Sở Nội vụ đề nghị các đơn vị thực hiện.

Nơi nhận:
- Như trên;
- Lưu: VT.

GIÁM ĐỐC

Nguyễn Văn An
"""


def test_a_batch_date_check_reaches_the_summary_the_xlsx_and_strict_exit(tmp_path) -> None:
    # Decision 2070/QĐ-UBND (samples/) is dated 13/12/2018; the letter cites it as of 14/12/2018.
    import csv

    from openpyxl import load_workbook

    from pipeline.cli import main

    letter = tmp_path / "letter.ocr.txt"
    letter.write_text(LETTER, encoding="utf-8")
    decision = Path(__file__).resolve().parent.parent / "samples" / "dak-nong-qd2070-2019.pdf"
    out = tmp_path / "out"
    code = main(["extract", str(letter), str(decision), "-o", str(out), "-j", "1", "--strict", "--no-report"])
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as handle:
        lines = {Path(line["file"]).name: line for line in csv.DictReader(handle)}
    assert lines["letter.ocr.txt"]["checks_failed"] == "1"
    assert code == 3
    sheet = load_workbook(out / "letter.ocr.xlsx")["checks"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert any(r[1] == "citation-date-matches-batch" and r[2] == "no" for r in rows)
