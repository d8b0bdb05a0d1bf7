"""Documents that contradict themselves: the seed's two date errors and synthetic ones."""
import pytest

from extract import extract_file
from normalize.consistency import citation_date_checks, period_checks, plan_year_check
from normalize.links import number_key
from normalize.model import Citation, Document, Period, PlanRow, PlanTable, Total
from normalize.plan import normalize


def doc(kind, number, date, cites=(), subject=None):
    return Document(kind=kind, number=number, date=date, issuer=None, subject=subject, signer=None,
                    pages=[], cites=list(cites))


def test_seed_has_two_date_contradictions(seed_path):
    result = normalize(extract_file(seed_path))
    failed = {(c.check, c.where.get("cited")) for c in result.checks if not c.ok}
    # letter 104 (16/01/2019) cites letter 51/SNV-CCHC "ngày 08/11/2019"
    assert ("citation-after-document", "51/SNV-CCHC") in failed
    # the plan's caption dates decision 1657 "28 tháng 12 năm 2019"; the decision says 28/12/2018
    assert ("citation-date-matches", "1657/QĐ-SGDĐT") in failed
    assert all(c.message_vi for c in result.checks)


def test_citation_before_document_is_fine():
    letter = doc("Công văn", "5/SNV", "2024-03-01", [Citation("Quyết định", "9/QĐ-UBND", "2024-01-02", "…")])
    assert citation_date_checks([letter], {}) == []


def test_number_key_ignores_ampersand_spacing_and_case():
    assert number_key("1657/QĐ-SGD&ĐT") == number_key("1657/qđ-sgdđt") == number_key("1657 /QĐ-SGDĐT")
    assert number_key("1657/QĐ-UBND") != number_key("1657/QĐ-SGDĐT")


def row(text, start, end):
    return PlanRow(section="I", section_title="", item="1", level=1, task="t", products=[], lead_units=[],
                   partner_units=[], period=Period(text, None, None, start, end), budget_million_vnd=None,
                   pages=[])


def test_impossible_months_and_reversed_periods():
    table = PlanTable(id="t1", title="", plan_year=2024, header=[], pages=[], total=Total(),
                      rows=[row("Tháng 13", None, None), row("Tháng 10 - Tháng 3", "2024-10", "2024-03"),
                            row("Tháng 01 - Tháng 12", "2024-01", "2024-12")])
    assert [c.check for c in period_checks(table, {})] == ["period-month-valid", "period-start-before-end"]


def test_plan_year_against_decision():
    table = PlanTable(id="t1", title="", plan_year=2024, header=[], pages=[], rows=[], total=Total())
    decision = doc("Quyết định", "1/QĐ-UBND", "2023-12-20", subject="Về việc ban hành Kế hoạch CCHC năm 2025")
    assert not plan_year_check(table, decision, {})[0].ok
    decision.subject = "Về việc ban hành Kế hoạch CCHC năm 2024"
    assert plan_year_check(table, decision, {})[0].ok
