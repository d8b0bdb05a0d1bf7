"""Link citations to the cited documents found elsewhere in a batch.

Works on the JSON data of a batch's outputs (schema kehoach/1): when a
document cites "Quyết định số 2070/QĐ-UBND" and a file of the same batch
holds that decision, the citation gets ``found_in`` = {file, document}.
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


def link_citations(results: dict[str, dict]) -> list[str]:
    """Add ``found_in`` to citations in place; returns the names of changed results."""
    index: dict[str, dict] = {}
    for name in sorted(results):
        for position, document in enumerate(results[name].get("documents", [])):
            key = number_key(document.get("number"))
            if key and key not in index:
                index[key] = {"file": results[name]["source"]["file"], "output": name, "document": position}
    changed: list[str] = []
    for name in sorted(results):
        dirty = False
        for position, document in enumerate(results[name].get("documents", [])):
            for citation in document.get("cites", []):
                found = index.get(number_key(citation.get("number")))
                if found and found["output"] == name and found["document"] == position:
                    found = None  # a document does not cite itself
                if citation.get("found_in") != found:
                    if found is None:
                        citation.pop("found_in", None)
                    else:
                        citation["found_in"] = dict(found)
                    dirty = True
        if dirty:
            changed.append(name)
    return changed
