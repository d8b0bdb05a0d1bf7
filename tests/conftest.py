"""Shared paths for the tests."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
TRUTH = SAMPLES / "truth"
SEED = REPO.parent / "shared" / "seed" / "dak-nong-cchc-2019.ocr.txt"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"the seed dump is not at {SEED}")
    return SEED
