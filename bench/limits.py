#!/usr/bin/env python3
"""Memory and time limits: peak memory of long and hostile files, time per MB of text dump.

Each measurement runs ``kehoach extract`` on one generated file in a fresh
process and reads that process tree's peak resident memory (``ru_maxrss`` of
the children, from ``os.wait4``) and its wall time:

1. a 500-page text-layer PDF (one ruled plan table running over every page),
   written with reportlab;
2. decompression bombs: a 20000 × 20000 PNG of 440 KB (400 Mpx) and a
   551-byte PDF whose one page is 14400 pt square with no text layer;
3. the seed text dump repeated 1×, 20× and 60×: seconds per MiB, which stays
   flat when the time is linear in the size.

Peak memory is the largest of the runner and each worker (``ru_maxrss`` from
``wait4`` covers the process and the descendants it waited for).

Usage: ``python bench/limits.py [--pages 500] [--no-write]``; writes the
figures into bench/RESULTS.md under "Memory and time limits".
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "dak-nong-cchc-2019.ocr.txt"
RESULTS = REPO / "bench" / "RESULTS.md"
HEADING = "## Memory and time limits"


def long_pdf(path: Path, pages: int) -> int:
    """A text-layer PDF of about ``pages`` pages; returns the page count."""
    import glob

    import pdfplumber
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    # Liberation 2 carries the Vietnamese letters (Liberation 1 lacks some: they would read as \x00).
    font = sorted(glob.glob("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"))[0]
    pdfmetrics.registerFont(TTFont("LS", font))
    rows = [["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian", "Kinh phí (triệu đồng)"]]
    for n in range(1, pages * 39 + 1):
        rows.append([str(n), f"Nhiệm vụ số {n} về cải cách hành chính", "Sở Nội vụ", "Quý I", "1"])
    rows.append(["Tổng cộng", "", "", "", str(pages * 39)])
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), "LS", 9)])
    SimpleDocTemplate(str(path), pagesize=A4).build([Table(rows, style=style, repeatRows=1)])
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def png_bomb(path: Path, width: int, height: int) -> None:
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * width
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", data) + chunk(b"IEND", b""))


HUGE_PAGE = (b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
             b"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
             b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 14400 14400]>> endobj\n"
             b"trailer <</Root 1 0 R>>\n%%EOF\n")


def measure(path: Path, out: Path) -> tuple[float, float, int, str]:
    """(peak RSS in MiB, seconds, exit code, the file's status) of one ``kehoach extract`` run."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(path), "-o", str(out),
                                "-j", "1", "--format", "json", "--force", "--timeout", "1800"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # wait4 reports the child's usage with that of the descendants it waited for (the
    # worker, Tesseract): ru_maxrss is the largest of them.
    peak = usage.ru_maxrss / 1024
    line = next((l for l in output.splitlines() if l.startswith(path.name[:20])), "")
    state = "read" if " ok " in f" {line} " else (re.search(r"FAILED \(([^)]*)\)", line) or [None, "?"])[1]
    return peak, seconds, process.returncode, state


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--parts", default="pdf,bombs,dumps",
                        help="which measurements, among pdf, bombs, dumps (default: all)")
    args = parser.parse_args()
    lines = []
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as folder:
        folder = Path(folder)
        parts = set(args.parts.split(","))
        files = []
        if "pdf" in parts:
            pdf = folder / "long.pdf"
            pages = long_pdf(pdf, args.pages)  # 39 rows a page: about ``pages`` pages
            files.append((f"text-layer PDF, {pages} pages", pdf))
        if "bombs" in parts:
            bomb = folder / "bomb.png"
            png_bomb(bomb, 20000, 20000)
            huge = folder / "huge-page.pdf"
            huge.write_bytes(HUGE_PAGE)
            files += [("PNG bomb 20000×20000 (400 Mpx)", bomb), ("PDF page 14400 pt square, no text", huge)]
        lines.append("| file | size | outcome | peak RSS | time |")
        lines.append("|---|---|---|---|---|")
        for label, path in files:
            peak, seconds, _, state = measure(path, folder / "out")
            lines.append(f"| {label} | {path.stat().st_size / 1024:.0f} KiB | {state} | {peak:.0f} MiB | {seconds:.1f} s |")
            print(lines[-1], flush=True)
        lines.append("")
        lines.append("| text dump | size | time | seconds per MiB |")
        lines.append("|---|---|---|---|")
        seed = SEED.read_text(encoding="utf-8")
        for copies in (1, 20, 60) if "dumps" in parts else ():
            dump = folder / f"seed-x{copies}.txt"
            dump.write_text(seed * copies, encoding="utf-8")
            mib = dump.stat().st_size / 2**20
            _, seconds, _, state = measure(dump, folder / "out")
            lines.append(f"| seed × {copies} ({state}) | {mib:.2f} MiB | {seconds:.1f} s | {seconds / mib:.1f} |")
            print(lines[-1], flush=True)
    machine = f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    body = (f"{HEADING}\n\nMeasured by `.venv/bin/python bench/limits.py` ({machine}); each row is one "
            "`kehoach extract FILE -j 1` in a fresh process (times include starting Python, about 1-2 s; the "
            "machine was shared, so times are upper bounds). Peak RSS is the largest process of the run "
            "(runner, worker, Tesseract).\n\n" + "\n".join(lines) + "\n")
    if not args.no_write:
        text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
        if HEADING in text:
            start = text.index(HEADING)
            end = text.find("\n## ", start + len(HEADING))
            text = text[:start] + body + (text[end + 1:] if end != -1 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + body
        RESULTS.write_text(text, encoding="utf-8")
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
