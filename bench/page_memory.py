#!/usr/bin/env python3
"""Memory of one page worker on one scanned page: what is alive at each step, and the peak.

Reads pages of a scanned PDF (default: samples/scans/dak-nong-qd1657-2019.scan300.pdf,
2481 × 3508 at 300 dpi) the way a page worker does (``page_pool.ocr_task``, real
Tesseract), with every step of extract/ocr_page.py wrapped so as to record, under
``tracemalloc`` (numpy and OpenCV's arrays are traced there):

- ``live``: Python and numpy memory alive after the step (MiB),
- ``peak``: the most alive at one moment during the step (MiB),
- ``VmRSS`` / ``VmHWM`` of the process after the step (/proc/self/status, MiB);

and, at the end, the memory the pages' blocks take once unpickled (as the file
worker receives them from a page worker), in KiB a page.

Usage: ``python bench/page_memory.py [--pages 1,3] [PDF]``; prints one table a page.
The wrapping is for measuring only: the steps run unchanged.
"""
from __future__ import annotations

import argparse
import functools
import gc
import pickle
import sys
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SOURCE = REPO / "samples" / "scans" / "dak-nong-qd1657-2019.scan300.pdf"
MIB = 2 ** 20


def status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class Steps:
    """Records, for each wrapped call, the traced memory alive after it and its peak."""

    def __init__(self):
        self.rows: list[tuple[str, float, float, float, float]] = []
        self.depth = 0

    def wrap(self, module, name: str) -> None:
        function = getattr(module, name)

        @functools.wraps(function)
        def measured(*args, **kwargs):
            self.depth += 1
            if self.depth == 1:
                tracemalloc.reset_peak()
            try:
                return function(*args, **kwargs)
            finally:
                self.depth -= 1
                if self.depth == 0:
                    live, peak = tracemalloc.get_traced_memory()
                    self.rows.append((name, live / MIB, peak / MIB, status("VmRSS"), status("VmHWM")))

        setattr(module, name, measured)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdf", nargs="?", default=str(SOURCE))
    parser.add_argument("--pages", default="1", help="page numbers, comma-separated (each read in turn)")
    args = parser.parse_args()

    from extract import ocr_page, page_pool
    from extract.scan_settings import ScanSettings
    from extract.tesseract import TesseractEngine

    # What the fork server preloads (extract/page_pool.py, pool_context), so that
    # "at start" is a page worker's start.
    import extract.text_pages  # noqa: F401
    import pdfplumber  # noqa: F401

    page_pool.init_page_worker()
    steps = Steps()
    for name in ("prepare", "find_rulings", "find_grids", "ruling_mask", "erase",
                 "content_box", "check_strokes", "assign_words", "mark_ink", "reread_cells",
                 "reread_single_cells", "grid_table", "text_lines"):
        steps.wrap(ocr_page, name)
    steps.wrap(page_pool, "load_pdf_page")
    steps.wrap(TesseractEngine, "read")  # the page read (inside a re-read step, part of that step)
    steps.wrap(TesseractEngine, "orientation")
    settings, engine = ScanSettings(), TesseractEngine()
    print(f"at start: VmRSS {status('VmRSS'):.0f} MiB, VmHWM {status('VmHWM'):.0f} MiB")
    tracemalloc.start()
    numbers = [int(n) for n in args.pages.split(",")]
    received = []  # the pages' blocks as the file worker gets them: unpickled
    for number in numbers:
        steps.rows.clear()
        tracemalloc.reset_peak()
        _, blocks = page_pool.ocr_task(page_pool.PageTask(args.pdf, "pdf", number), settings, engine)
        live, peak = tracemalloc.get_traced_memory()
        # Each step resets tracemalloc's peak: the page's is the largest of theirs.
        peak = max([peak / MIB] + [row[2] for row in steps.rows])
        print(f"\npage {number}: {len(blocks)} blocks; traced after the page {live / MIB:.1f} MiB, "
              f"peak over the page {peak:.1f} MiB; VmHWM {status('VmHWM'):.0f} MiB")
        print("| step | live after (MiB) | peak during (MiB) | VmRSS after | VmHWM after |")
        print("|---|---|---|---|---|")
        for name, live, peak, rss, hwm in steps.rows:
            print(f"| {name} | {live:.1f} | {peak:.1f} | {rss:.0f} | {hwm:.0f} |")
        received.append(pickle.dumps(blocks))
        del blocks
    # What the file worker keeps a page: its blocks as unpickled there (own strings, floats, objects).
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    kept = [pickle.loads(blob) for blob in received]
    gc.collect()
    size = tracemalloc.get_traced_memory()[0] - before
    print(f"\nblocks kept by the file worker: {size / 1024 / len(kept):.1f} KiB a page "
          f"(pages {args.pages}, {sum(len(b) for b in kept)} blocks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
