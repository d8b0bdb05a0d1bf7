"""The local page pool: the file's own process reads pages beside the pool's workers.

The engine here records which process read each page and reads no words (a real scan's
pages are loaded and prepared, only the OCR is left out), so the test runs in seconds;
tests/test_ocr.py shows that real reads give the same blocks whatever the number of jobs.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import SAMPLES
from extract.page_pool import ocr_pages
from extract.scan_settings import ScanSettings

SCAN = SAMPLES / "scans" / "dak-nong-qd1657-2019.scan300.pdf"  # 10 pages, 6 read here


@dataclass(frozen=True)
class ProcessRecordingEngine:
    """Writes a file named after the reading process for every page read (its first
    read of a page image), and finds no words."""

    folder: str
    seconds: float = 0.2

    def check(self, lang: str) -> None:
        pass

    def read(self, image, dpi, request):
        if request.psm == ScanSettings().page_psm:  # a page read, not a cell or strip re-read
            (Path(self.folder) / f"{os.getpid()}-{time.monotonic_ns()}").touch()
            time.sleep(self.seconds)
        return []

    def orientation(self, image, dpi):
        return None


def test_the_files_process_reads_pages_beside_the_workers(tmp_path):
    engine = ProcessRecordingEngine(str(tmp_path))
    done: list[int] = []
    pages = ocr_pages(SCAN, "pdf", list(range(1, 7)), jobs=2, engine=engine, on_page=done.append)
    assert sorted(pages) == list(range(1, 7))
    assert done == list(range(1, 7))  # told once a page, counting up
    readers = {int(p.name.split("-")[0]) for p in tmp_path.iterdir()}
    assert os.getpid() in readers, "the file's process read no page"
    assert len(readers) == 2, readers  # and one worker read the others
    assert len(list(tmp_path.iterdir())) >= 6  # every page was read (a turned page reads twice)


def test_opencv_keeps_its_threads_after_the_pool(tmp_path):
    import cv2

    before = cv2.getNumThreads()
    ocr_pages(SCAN, "pdf", [1, 2], jobs=2, engine=ProcessRecordingEngine(str(tmp_path), 0.0))
    assert cv2.getNumThreads() == before
