"""Checks that a file's documents agree with each other and with their plans.

- a cited document dated after the document that cites it;
- a citation whose date differs from the cited document's own date (an
  attached plan's caption against its decision, a letter against a decision);
- months outside 1–12, or a period that starts after it ends;
- a plan year that differs from the year of the decision that issues the plan.
"""
from __future__ import annotations

import regex

from .checks import ERROR, WARNING
from .links import number_key
from .model import Check, Citation, Document, PlanTable

_MONTH = regex.compile(r"(?i)\btháng\s+(\d{1,2})\b")
_YEAR = regex.compile(r"(?i)\bnăm\s+((?:19|20)\d{2})\b")


def _label(document: Document) -> str:
    return f"{document.kind} {document.number}" if document.number else document.kind


def _citation_label(citation: Citation) -> str:
    return f"{citation.kind} {citation.number}".strip()


def citation_date_checks(documents: list[Document], where: dict) -> list[Check]:
    checks: list[Check] = []
    by_number = {number_key(d.number): d for d in documents if d.number}
    for position, document in enumerate(documents):
        place = {**where, "document": position, "number": document.number}
        for citation in document.cites:
            if not citation.date:
                continue
            if document.date and citation.date > document.date and citation.role != "attached_to":
                checks.append(Check(
                    "citation-after-document", False, ERROR,
                    f"{_label(document)} dated {document.date} cites {_citation_label(citation)} "
                    f"dated {citation.date}, after the citing document itself: one of the dates is wrong.",
                    {**place, "cited": citation.number, "cited_date": citation.date},
                    f"{_label(document)} ngày {document.date} viện dẫn {_citation_label(citation)} "
                    f"ngày {citation.date}, sau ngày của chính văn bản: một trong hai ngày bị sai."))
            cited = by_number.get(number_key(citation.number))
            if cited is not None and cited is not document and cited.date and cited.date != citation.date:
                checks.append(Check(
                    "citation-date-matches", False, ERROR,
                    f"{_label(document)} gives {_citation_label(citation)} the date {citation.date}, "
                    f"but that document in this file is dated {cited.date}.",
                    {**place, "cited": citation.number, "cited_date": citation.date,
                     "document_date": cited.date},
                    f"{_label(document)} ghi {_citation_label(citation)} ngày {citation.date}, "
                    f"nhưng văn bản đó trong hồ sơ này đề ngày {cited.date}."))
    return checks


def period_checks(table: PlanTable, where: dict) -> list[Check]:
    checks: list[Check] = []
    for row in table.rows:
        place = {**where, "table": table.id, "section": row.section, "item": row.item, "pages": row.pages}
        bad = [int(m) for m in _MONTH.findall(row.period.text) if not 1 <= int(m) <= 12]
        if bad:
            checks.append(Check(
                "period-month-valid", False, ERROR,
                f"Item {row.item or '(unnumbered)'}: month {bad[0]} in '{row.period.text}' does not exist.",
                place, f"Mục {row.item or '(không số)'}: tháng {bad[0]} trong '{row.period.text}' không tồn tại."))
        if row.period.start and row.period.end and row.period.start > row.period.end:
            checks.append(Check(
                "period-start-before-end", False, ERROR,
                f"Item {row.item or '(unnumbered)'}: the period '{row.period.text}' starts "
                f"({row.period.start}) after it ends ({row.period.end}).",
                place, f"Mục {row.item or '(không số)'}: thời gian '{row.period.text}' bắt đầu "
                       f"({row.period.start}) sau khi kết thúc ({row.period.end})."))
    return checks


def plan_year_check(table: PlanTable, decision: Document | None, where: dict) -> list[Check]:
    """The plan's year against the year the issuing decision names."""
    if decision is None or table.plan_year is None or not decision.subject:
        return []
    match = _YEAR.search(decision.subject)
    if match is None:
        return []
    year = int(match.group(1))
    ok = year == table.plan_year
    return [Check(
        "plan-year-matches-decision", ok, "info" if ok else WARNING,
        f"The plan is for {table.plan_year}; {_label(decision)} issues a plan for {year}.",
        {**where, "table": table.id, "decision": decision.number},
        f"Kế hoạch cho năm {table.plan_year}; {_label(decision)} ban hành kế hoạch năm {year}.")]
