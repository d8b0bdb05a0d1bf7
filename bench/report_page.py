#!/usr/bin/env python3
"""Review page size and time: ``OUT/report.html`` against the batch it shows.

Runs ``kehoach extract samples/ <seed> -o OUT --no-report -j 2`` (or, with
``--out DIR``, takes a batch already run into DIR), then builds the review page
from DIR's outputs in this process and prints its size, its crops and its time
as a share of the batch's own time (``batch_seconds`` in DIR/inputs.jsonl). The
goals: under 20 MB for the 27 samples, written in under 10 % of the batch's time.

Usage: ``python bench/report_page.py [--out DIR] [-j N]``
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.report import INPUTS_NAME, write_report  # noqa: E402

SEED = sorted((REPO.parent / "shared" / "seed").glob("*.ocr.txt"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="a batch's output folder to reuse (else a new batch is run)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="kehoach-report-bench-"))
    if not (out / INPUTS_NAME).exists():
        command = [sys.executable, "-m", "pipeline.cli", "extract", "samples/", *map(str, SEED), "-o", str(out),
                   "--no-report", "-j", str(args.jobs)]
        print("running", " ".join(command), flush=True)
        subprocess.run(command, cwd=REPO, check=False, stdout=subprocess.DEVNULL)
    first = json.loads((out / INPUTS_NAME).read_text(encoding="utf-8").splitlines()[0])
    batch_seconds = first["batch_seconds"]
    started = time.monotonic()
    stats = write_report(out)
    seconds = time.monotonic() - started
    share = seconds / batch_seconds * 100
    print(f"files {stats.files}, crops {stats.crops}, report.html {stats.bytes / 1e6:.2f} MB "
          f"(goal < 20 MB), written in {seconds:.1f} s = {share:.1f} % of the batch's {batch_seconds:.0f} s "
          f"(goal < 10 %)")
    return 0 if stats.bytes < 20e6 and share < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
