"""Tests for normalize/links.py: citations linked to documents of the same batch."""
from __future__ import annotations

import copy
import json

from extract import extract_file
from normalize.links import link_citations
from normalize.plan import normalize
from pipeline.writers import result_json


def _result(file: str, documents: list[dict]) -> dict:
    return {"source": {"file": file}, "documents": documents}


def _doc(number: str | None, date: str, cites: list[tuple[str, str]] = ()) -> dict:
    return {"kind": "Quyết định", "number": number, "date": date,
            "cites": [{"kind": "Quyết định", "number": n, "date": d, "text": f"Quyết định số {n}"}
                      for n, d in cites]}


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
    found = batch["bundle"]["documents"][0]["cites"][0]["found_in"]
    assert found == {"file": "bundle.pdf", "output": "bundle", "document": 1}
    assert batch["bundle"] == alone["bundle"]  # no batch-date check against the copy either
    assert [c["check"] for c in batch["bundle"]["checks"]] == []


def test_a_document_citing_its_own_number_links_nowhere() -> None:
    # An appendix quoting its own plan's number: the file holds it (in the citing
    # document itself), so another file with that number is not taken instead.
    plan = _result("plan.pdf", [_doc("7/KH-UBND", "2024-03-01", [("7/KH-UBND", "2024-03-01")])])
    other = _result("a.pdf", [_doc("7/KH-UBND", "2023-03-01")])
    batch = {"a": other, "plan": plan}
    link_citations(batch)
    assert "found_in" not in batch["plan"]["documents"][0]["cites"][0]


def test_a_citation_of_another_files_document_still_links_there() -> None:
    letter = _result("letter.pdf", [_doc("5/SNV", "2024-02-01", [("12/QĐ-UBND", "2024-01-11")])])
    decision = _result("decision.pdf", [_doc("12/QĐ-UBND", "2024-01-11")])
    batch = {"letter": letter, "decision": decision}
    assert link_citations(batch) == ["letter"]
    assert batch["letter"]["documents"][0]["cites"][0]["found_in"] == {
        "file": "decision.pdf", "output": "decision", "document": 0}


def test_seed_json_does_not_depend_on_the_batch(seed_path) -> None:
    # Letter 104 of the seed cites decision 1657/QĐ-SGDĐT, which is in the same dump.
    seed = result_json(normalize(extract_file(seed_path)))
    decoy = {"source": {"file": "0-decoy.pdf"}, "documents": [
        {"kind": "Quyết định", "number": "1657/QĐ-SGDĐT", "date": "2017-01-01", "cites": []}]}
    alone = {"seed": copy.deepcopy(seed)}
    batch = {"0-decoy": decoy, "seed": copy.deepcopy(seed)}
    link_citations(alone)
    link_citations(batch)
    assert json.dumps(batch["seed"], ensure_ascii=False) == json.dumps(alone["seed"], ensure_ascii=False)
    letter = batch["seed"]["documents"][0]
    cite = next(c for c in letter["cites"] if c["number"] == "1657/QĐ-SGDĐT")
    assert cite["found_in"]["file"] == seed["source"]["file"]
    assert cite["found_in"]["document"] == 2
