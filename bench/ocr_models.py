#!/usr/bin/env python3
"""Which Tesseract model reads Vietnamese scans best: ``vie``, ``Vietnamese``
(Debian's tesseract-ocr-script-viet) or both (``vie+Vietnamese``).

For every model, every scanned sample with a truth file (samples/scans/
*.scan<DPI>.pdf) is read by kehoach with one worker, normalized, and scored
against samples/truth/: text cells exact, budgets exact or flagged, item
numbers and sections exact, and seconds per page. All models are timed in the
same run, so that the load of the machine falls on all of them alike.

Usage: ``python bench/ocr_models.py [--dpi 300,200,150] [--langs vie,Vietnamese,vie+Vietnamese] [--limit N]``
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from extract import extract_file  # noqa: E402
from extract.scan_settings import ScanSettings  # noqa: E402
from golden import TEXT_FIELDS, Score, compare_table, load_truth  # noqa: E402
from normalize.plan import normalize  # noqa: E402
from pipeline.writers import result_json  # noqa: E402
from scan_score import ItemScore, item_score  # noqa: E402

log = logging.getLogger("ocr_models")
TRUTH = ROOT / "samples" / "truth"


def measure(pdfs: list[Path], lang: str) -> tuple[Score, ItemScore, float, int]:
    """Field score, item score, seconds and pages of reading ``pdfs`` with ``lang``."""
    fields, items, seconds, pages = Score(), ItemScore(), 0.0, 0
    for pdf in pdfs:
        truth = load_truth(TRUTH / f"{pdf.name.split('.scan')[0]}.json")
        started = time.perf_counter()
        extraction = extract_file(pdf, jobs=1, scan=ScanSettings(lang=lang))
        seconds += time.perf_counter() - started
        pages += extraction.pages
        data = result_json(normalize(extraction))
        for index, truth_table in enumerate(truth["tables"]):
            table = data["tables"][index] if index < len(data["tables"]) else None
            fields.add(compare_table(truth_table, table, pdf.name))
            items.add(item_score(truth_table, table))
        log.info("%s %s: %.1f s", lang, pdf.name, time.perf_counter() - started)
    return fields, items, seconds, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dpi", default="200", help="comma-separated resolutions of samples/scans/")
    parser.add_argument("--langs", default="vie,Vietnamese,vie+Vietnamese")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files per resolution")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print("| dpi | model | text cells exact | tasks | budgets exact or flagged | items exact | sections exact "
          "| s/page |")
    print("|---|---|---|---|---|---|---|---|")
    for dpi in (int(d) for d in args.dpi.split(",")):
        pdfs = [p for p in sorted((ROOT / "samples" / "scans").glob(f"*.scan{dpi}.pdf"))
                if (TRUTH / f"{p.name.split('.scan')[0]}.json").exists()
                and load_truth(TRUTH / f"{p.name.split('.scan')[0]}.json").get("tables")]
        pdfs = pdfs[: args.limit or None]
        for lang in args.langs.split(","):
            fields, items, seconds, pages = measure(pdfs, lang)
            print(f"| {dpi} | `{lang}` | {fields.share(TEXT_FIELDS):.1%} | {fields.share(('task',)):.1%} "
                  f"| {fields.share_or_flagged(('budget',)):.1%} | {items.item_share:.1%} "
                  f"| {items.section_share:.1%} | {seconds / max(pages, 1):.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
