"""Golden tests on the scanned samples: real Tesseract (vie) on real scans, no mocks.

The scans in samples/scans/ are the text-layer samples rasterized at 300, 200
and a harsh 150 dpi, skewed, noisy and stamped (samples/make_scans.py).
"""
from functools import lru_cache

import pytest

from conftest import SAMPLES, TRUTH
from extract import extract_file
from golden import EXPECTED_FAILING, TEXT_FIELDS, Score, compare_table, failing_checks, load_truth
from normalize.plan import normalize
from pipeline.writers import result_json

SCANS = SAMPLES / "scans"
WITH_TABLES = sorted(p.stem for p in TRUTH.glob("*.json") if load_truth(p).get("tables"))


@lru_cache(maxsize=None)
def scanned(sample: str, dpi: int) -> dict:
    return result_json(normalize(extract_file(SCANS / f"{sample}.scan{dpi}.pdf")))


def score(dpi: int) -> Score:
    total = Score()
    for sample in WITH_TABLES:
        truth = load_truth(TRUTH / f"{sample}.json")
        data = scanned(sample, dpi)
        for index, truth_table in enumerate(truth["tables"]):
            table = data["tables"][index] if index < len(data["tables"]) else None
            total.add(compare_table(truth_table, table, sample))
    return total


def test_300_dpi_cells_match_truth():
    result = score(300)
    text = result.share(TEXT_FIELDS)
    budget = result.share_or_flagged(("budget",))
    print(f"300 dpi: {result.report()}; text cells {text:.1%}, budgets exact or flagged {budget:.1%}")
    assert text >= 0.97
    assert budget == 1.0, [m for m in result.mismatches if m.field == "budget"][:5]


# Measured: 200 dpi 98.7% of text cells exact, the harsh 150 dpi 86.1% (57.9% before the
# file-level tone confusion, the stroke check before a slash and section codes from the outline;
# see bench/RESULTS.md).
@pytest.mark.parametrize("dpi, floor", [(200, 0.95), (150, 0.84)])
def test_lower_resolutions_are_reported(dpi, floor):
    result = score(dpi)
    print(f"{dpi} dpi: {result.report()}; text cells {result.share(TEXT_FIELDS):.1%}, "
          f"budgets exact or flagged {result.share_or_flagged(('budget',)):.1%}")
    assert result.share(TEXT_FIELDS) >= floor


@pytest.mark.parametrize("sample", sorted(EXPECTED_FAILING))
def test_check_verdicts_on_scans_match_text_layer(sample):
    assert failing_checks(scanned(sample, 300)) == EXPECTED_FAILING[sample]
