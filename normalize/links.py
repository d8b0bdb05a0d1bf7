"""Link citations to the cited documents found elsewhere in a batch.

Works on the :class:`Result` dataclasses of a batch (name of the output ->
result): when a document cites "Quyết định số 2070/QĐ-UBND" and a file of the
same batch holds that decision, the citation's ``found_in`` is set to
:class:`FoundIn` (file, output, document). A cited date that differs from the
date of the document found in another file adds a failed check
``citation-date-matches-batch`` to the citing result's ``checks``.

A number that the citing file itself holds is resolved in that file (a
document in it, or nothing when the only holder is the citing document
itself), so a file's output does not change with what else is in the batch.
Linking again gives the same results (the batch checks are replaced, not
added twice).
"""
from __future__ import annotations

import regex

from .model import Check, Citation, Document, FoundIn, Result

_NOT_KEY = regex.compile(r"[\s&.]+")

BATCH_DATE_CHECK = "citation-date-matches-batch"


def number_key(number: str | None) -> str | None:
    """A document number compared loosely: case, spaces, "&" and dots ignored."""
    if not number:
        return None
    key = _NOT_KEY.sub("", number.upper()).replace("Đ", "D")
    return key or None


def _holders(name: str, result: Result) -> dict[str, FoundIn]:
    """Number key -> the first document of ``result`` that carries it."""
    out: dict[str, FoundIn] = {}
    for position, document in enumerate(result.documents):
        key = number_key(document.number)
        if key and key not in out:
            out[key] = FoundIn(file=result.source.file, output=name, document=position)
    return out


def _find(key: str | None, own: dict[str, FoundIn], index: dict[str, FoundIn], position: int) -> FoundIn | None:
    """Where the document numbered ``key`` is: in the citing file first, else in the batch."""
    if not key:
        return None
    if key in own:
        found = own[key]
        return None if found.document == position else found  # a document does not cite itself
    return index.get(key)


def link_citations(results: dict[str, Result]) -> list[str]:
    """Set ``found_in`` on citations in place; returns the names of the changed results."""
    holders = {name: _holders(name, results[name]) for name in sorted(results)}
    index: dict[str, FoundIn] = {}
    for name in sorted(results):
        for key, entry in holders[name].items():
            index.setdefault(key, entry)
    changed: list[str] = []
    for name in sorted(results):
        result = results[name]
        before = list(result.checks)
        result.checks[:] = [c for c in result.checks if c.check != BATCH_DATE_CHECK]
        dirty = False
        for position, document in enumerate(result.documents):
            for citation in document.cites:
                found = _find(number_key(citation.number), holders[name], index, position)
                if citation.found_in != found:
                    citation.found_in = None if found is None else FoundIn(found.file, found.output, found.document)
                    dirty = True
                if found is None or found.output == name:
                    continue
                cited_date = results[found.output].documents[found.document].date
                if cited_date and citation.date and cited_date != citation.date:
                    result.checks.append(_date_check(result, position, document, citation, found, cited_date))
        if dirty or result.checks != before:
            changed.append(name)
    return changed


def check_counts(result: Result) -> tuple[int, int]:
    """(passed, failed) over every check of a result: its tables' and its own."""
    checks = [c for t in result.tables for c in t.checks] + list(result.checks)
    failed = sum(1 for c in checks if not c.ok)
    return len(checks) - failed, failed


def _date_check(result: Result, position: int, document: Document, citation: Citation, found: FoundIn,
                cited_date: str) -> Check:
    label = f"{document.kind} {document.number or ''}".strip()
    cited = f"{citation.kind} {citation.number}"
    return Check(
        check=BATCH_DATE_CHECK, ok=False, severity="error",
        message=f"{label} gives {cited} the date {citation.date}, but that document "
                f"({found.file}) is dated {cited_date}.",
        message_vi=f"{label} ghi {cited} ngày {citation.date}, nhưng văn bản đó "
                   f"({found.file}) đề ngày {cited_date}.",
        where={"file": result.source.file, "document": position, "cited": citation.number,
               "found_in": found.file})
