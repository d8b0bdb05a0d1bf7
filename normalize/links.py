"""Link citations to the cited documents found elsewhere in a batch.

Works on the JSON data of a batch's outputs (schema kehoach/1): when a
document cites "Quyết định số 2070/QĐ-UBND" and a file of the same batch
holds that decision, the citation gets ``found_in`` = {file, document}.

A number that the citing file itself holds is resolved in that file (a
document in it, or nothing when the only holder is the citing document
itself), so a file's JSON does not change with what else is in the batch.
"""
from __future__ import annotations

import regex

_NOT_KEY = regex.compile(r"[\s&.]+")


def number_key(number: str | None) -> str | None:
    """A document number compared loosely: case, spaces, "&" and dots ignored."""
    if not number:
        return None
    key = _NOT_KEY.sub("", number.upper()).replace("Đ", "D")
    return key or None


def _holders(name: str, result: dict) -> dict[str, dict]:
    """Number key -> the first document of ``result`` that carries it."""
    out: dict[str, dict] = {}
    for position, document in enumerate(result.get("documents", [])):
        key = number_key(document.get("number"))
        if key and key not in out:
            out[key] = {"file": result["source"]["file"], "output": name, "document": position}
    return out


def _find(key: str | None, own: dict[str, dict], index: dict[str, dict], position: int) -> dict | None:
    """Where the document numbered ``key`` is: in the citing file first, else in the batch."""
    if not key:
        return None
    if key in own:
        found = own[key]
        return None if found["document"] == position else found  # a document does not cite itself
    return index.get(key)


def link_citations(results: dict[str, dict]) -> list[str]:
    """Add ``found_in`` to citations in place; returns the names of changed results."""
    holders = {name: _holders(name, results[name]) for name in sorted(results)}
    index: dict[str, dict] = {}
    for name in sorted(results):
        for key, entry in holders[name].items():
            index.setdefault(key, entry)
    dates = {(entry["output"], entry["document"]): results[entry["output"]]["documents"][entry["document"]].get("date")
             for entry in index.values()}
    changed: list[str] = []
    for name in sorted(results):
        checks = results[name].setdefault("checks", [])
        before = list(checks)
        checks[:] = [c for c in checks if c.get("check") != BATCH_DATE_CHECK]
        dirty = False
        for position, document in enumerate(results[name].get("documents", [])):
            for citation in document.get("cites", []):
                found = _find(number_key(citation.get("number")), holders[name], index, position)
                if citation.get("found_in") != found:
                    if found is None:
                        citation.pop("found_in", None)
                    else:
                        citation["found_in"] = dict(found)
                    dirty = True
                cited_date = dates.get((found["output"], found["document"])) if found else None
                if found and found["output"] != name and cited_date and citation.get("date") \
                        and cited_date != citation["date"]:
                    checks.append(_date_check(results[name], position, document, citation, found, cited_date))
        if dirty or checks != before:
            changed.append(name)
    return changed


BATCH_DATE_CHECK = "citation-date-matches-batch"


def _date_check(result: dict, position: int, document: dict, citation: dict, found: dict,
                cited_date: str) -> dict:
    label = f"{document.get('kind')} {document.get('number') or ''}".strip()
    cited = f"{citation.get('kind')} {citation.get('number')}"
    return {
        "check": BATCH_DATE_CHECK, "ok": False, "severity": "error",
        "message": f"{label} gives {cited} the date {citation['date']}, but that document "
                   f"({found['file']}) is dated {cited_date}.",
        "message_vi": f"{label} ghi {cited} ngày {citation['date']}, nhưng văn bản đó "
                      f"({found['file']}) đề ngày {cited_date}.",
        "where": {"file": result["source"]["file"], "document": position, "cited": citation.get("number"),
                  "found_in": found["file"]},
    }
