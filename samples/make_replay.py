#!/usr/bin/env python3
"""Record Tesseract's answers on a few corpus pages, for the replay tests.

Each recording (tests/data/replay/<name>.json) is every call kehoach makes to
the OCR engine while reading one page, with Tesseract's answer
(extract.engine.RecordingEngine). tests/test_replay.py plays them back
(extract.engine.ReplayEngine): the grid, the cell assignment and the re-read
logic then run in a fraction of a second, with real OCR answers. Re-record
after a change in what kehoach asks the engine (the replay fails loudly with
ReplayMismatch until then).

Usage: ``python samples/make_replay.py``
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.engine import RecordingEngine  # noqa: E402
from extract.ocr_page import ocr_page_image  # noqa: E402
from extract.page_files import load_pdf_page  # noqa: E402
from extract.scan_settings import ScanSettings  # noqa: E402
from extract.tesseract import TesseractEngine  # noqa: E402

log = logging.getLogger("make_replay")
OUT = ROOT / "tests" / "data" / "replay"


@dataclass(frozen=True)
class Recording:
    name: str
    pdf: str  # relative to the repository
    page: int
    #: ScanSettings fields that differ from the defaults.
    settings: dict = field(default_factory=dict)

    def scan_settings(self) -> ScanSettings:
        return ScanSettings(**self.settings)


RECORDINGS = (
    Recording("huyen-200-p2", "samples/corpus/huyen-dejavu-serif-200.pdf", 2),
    # Without the strip re-read: the cells the page read leaves go to the cell-by-cell reads.
    Recording("huyen-200-p2-cells", "samples/corpus/huyen-dejavu-serif-200.pdf", 2, {"reread": False}),
)


def record(recording: Recording) -> Path:
    settings = recording.scan_settings()
    engine = RecordingEngine(TesseractEngine())
    image = load_pdf_page(str(ROOT / recording.pdf), recording.page, settings.image)
    ocr_page_image(image, settings, engine)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"{recording.name}.json"
    engine.save(target)
    log.info("%s: %d calls, %.0f KB", target.name, len(engine.calls), target.stat().st_size / 1024)
    return target


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for recording in RECORDINGS:
        record(recording)
    return 0


if __name__ == "__main__":
    sys.exit(main())
