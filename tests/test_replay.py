"""The page logic on replayed Tesseract answers: grid, cell assignment, re-reads.

The recordings in tests/data/replay/ are Tesseract's real answers on page 2
of samples/corpus/huyen-dejavu-serif-200.pdf (samples/make_replay.py); the
expected cells are the page's rows in samples/truth/synthetic-huyen-2023.json
(the end of section IV and section V), checked against the page image by eye.
No Tesseract runs here, so these tests take seconds; the crashing engine
covers the failure paths.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import SAMPLES, TRUTH
from extract import extract_file
from extract.engine import CrashingEngine, EngineCrashed, ReplayEngine, ReplayMismatch
from extract.model import Table
from extract.ocr_page import ocr_page_image
from extract.page_files import load_pdf_page
from extract.scan_settings import ScanSettings

REPLAY = Path(__file__).resolve().parent / "data" / "replay"
PDF = SAMPLES / "corpus" / "huyen-dejavu-serif-200.pdf"


def page_rows() -> list[list[str]]:
    """The rows page 2 shows, from the truth: item, task, lead unit, period, budget."""
    body = json.loads((TRUTH / "synthetic-huyen-2023.json").read_text(encoding="utf-8"))["tables"][0]["body"]
    rows = []
    for entry in body[-5:]:
        if entry["type"] == "section":
            rows.append([entry["code"], entry["title"], "", "", ""])
        else:
            budget = entry["budget_million_vnd"]
            rows.append([entry["item"], entry["task"], "; ".join(entry["lead_units"]), entry["period"],
                         "" if budget is None else str(budget)])
    return rows


def replayed(name: str, settings: ScanSettings) -> tuple[list[Table], ReplayEngine]:
    engine = ReplayEngine.load(REPLAY / f"{name}.json")
    blocks = ocr_page_image(load_pdf_page(str(PDF), 2, settings.image), settings, engine)
    return [b for b in blocks if isinstance(b, Table)], engine


def texts(table: Table) -> list[list[str]]:
    return [[" ".join(c.text.split()) for c in row.cells] for row in table.rows]


def test_replay_reads_the_page_as_printed():
    tables, engine = replayed("huyen-200-p2", ScanSettings())
    assert engine.finished  # every recorded call was asked, in order
    assert len(tables) == 1
    got = texts(tables[0])
    assert got[0][0] == "TT" and got[-1][0] == "Tổng cộng" and got[-1][-1] == "342"
    assert got[1:-1] == page_rows()
    for row in tables[0].rows:
        for cell in row.cells:
            if cell.text:
                assert cell.origin == "ocr" and cell.words and cell.bbox is not None


def test_cells_the_page_read_missed_are_read_one_by_one():
    """Without the strip, the page read (sparse text) drops the lone item
    numbers; each is read alone with the column's character sets (digits, Roman
    numerals; the header with every character), restored, and flagged below
    normalize/'s doubtful level."""
    settings = ScanSettings(reread=False)
    tables, engine = replayed("huyen-200-p2-cells", settings)
    assert engine.finished
    items = [row.cells[0] for row in tables[0].rows[1:-1]]
    assert [c.text for c in items] == [row[0] for row in page_rows()] == ["3", "V", "1", "2", "3"]
    assert all(c.confidence is not None and c.confidence <= settings.cell_read_confidence for c in items)
    # "TT" is no number: neither character set reads it, the read with every character does.
    header = tables[0].rows[0].cells[0]
    assert header.text == "TT" and header.confidence <= settings.cell_read_confidence


def test_without_cell_reads_the_items_stay_unread():
    """The same page read, with the cell reads off: the item numbers are lost
    (what the cell reads restore above is not in the page read)."""
    engine = ReplayEngine.load(REPLAY / "huyen-200-p2-cells.json")
    engine.calls = engine.calls[:1]  # the page read only
    settings = ScanSettings(reread=False, cell_reads=False)
    blocks = ocr_page_image(load_pdf_page(str(PDF), 2, settings.image), settings, engine)
    table = next(b for b in blocks if isinstance(b, Table))
    assert engine.finished
    assert [row.cells[0].text for row in table.rows[1:-1]] != ["3", "V", "1", "2", "3"]


def test_a_changed_question_fails_loudly():
    with pytest.raises(ReplayMismatch):
        replayed("huyen-200-p2", ScanSettings(page_psm=3))


def test_replayed_words_keep_their_recorded_boxes():
    engine = ReplayEngine.load(REPLAY / "huyen-200-p2.json")
    first = engine.calls[0]
    words = engine.read(__import__("numpy").zeros(first["shape"], "uint8"), 300,
                        replace(_request(first)))
    assert [w.text for w in words] == [w["text"] for w in first["words"]]
    assert words[0].chars and words[0].left == first["words"][0]["left"]


def _request(call: dict):
    from extract.engine import ReadRequest

    return ReadRequest(**call["request"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crashing_engine_fails_the_file_with_its_reason(jobs):
    with pytest.raises(EngineCrashed) as raised:
        extract_file(PDF, jobs=jobs, engine=CrashingEngine())
    assert raised.value.reason == "crashed"
