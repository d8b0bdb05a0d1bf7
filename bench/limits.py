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
   flat when the time is linear in the size;
4. (``--parts scan``) a long scan: the ten 300-dpi JPEG pages of
   samples/scans/dak-nong-qd1657-2019.scan300.pdf repeated into a PDF (the
   JPEGs embedded as they are, so it is cheap to make).

Peak memory is given twice: the largest single process (``ru_maxrss`` from
``wait4``) and the largest sum over the whole process tree at one moment
(runner, file worker, page workers, Tesseract; sampled from /proc every 0.1 s)
of the processes' proportional set sizes, which count a page that forked
processes share once (a sum of RSS would count it in every process). Under
each row: the peak PSS and RSS of each kind of process (runner, file worker,
fork server, page worker, tesseract …; the largest of its processes), and what
the tree's peak was made of at its moment (PSS summed by kind).

Usage: ``python bench/limits.py [--pages 50,500] [--parts pdf,scan,bombs,dumps] [--jobs N]``;
prints the rows (bench/RESULTS.md, "Memory and time limits", is written by hand from them).
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
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "dak-nong-cchc-2019.ocr.txt"
HEADING = "## Memory and time limits"
#: The scanned file whose pages the long scan repeats (10 pages at 300 dpi, JPEG).
SCAN_SOURCE = REPO / "samples" / "scans" / "dak-nong-qd1657-2019.scan300.pdf"


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


def long_scan(path: Path, pages: int, source: Path = SCAN_SOURCE) -> int:
    """A scanned PDF of ``pages`` pages: the JPEG page images of ``source``
    repeated (embedded as they are, not decoded), at their own size; returns
    the page count."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory(prefix="kehoach-scan-") as folder:
        subprocess.run(["pdfimages", "-j", str(source), str(Path(folder) / "p")], check=True)
        images = sorted(Path(folder).glob("p-*.jpg"))
        sizes = [tuple(pdfium.PdfDocument(str(source))[i].get_size()) for i in range(len(images))]
        sheet = canvas.Canvas(str(path))
        for number in range(pages):
            width, height = sizes[number % len(images)]
            sheet.setPageSize((width, height))
            sheet.drawImage(str(images[number % len(images)]), 0, 0, width, height)
            sheet.showPage()
        sheet.save()
    return pages


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


def _sizes(pid: int) -> tuple[int, int]:
    """A process's proportional set size and resident set size (bytes). PSS
    counts its private pages and its share of the pages it shares (a forked
    worker shares its parent's); RSS counts every page it maps in full."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return pss, rss


def _pss(pid: int) -> int:
    return _sizes(pid)[0]


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return children


def _role(pid: int, parent_role: str | None) -> str:
    """What a process of a ``kehoach extract`` tree is: runner, file worker,
    fork server, page worker, tesseract or other (from its place and command line)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        command = ""
    if parent_role is None:
        return "runner"
    if "tesseract" in command.split(" ")[0]:
        return "tesseract"
    if parent_role == "fork server":  # forked from it: the same command line
        return "page worker"
    if "forkserver" in command:
        return "fork server"
    if "resource_tracker" in command:
        return "resource tracker"
    if parent_role == "runner":
        return "file worker"
    return "other"


def tree_sizes(root: int) -> dict[int, tuple[str, int, int]]:
    """Every process of a tree: pid -> (role, PSS, RSS) in bytes."""
    children = _children()
    found: dict[int, tuple[str, int, int]] = {}
    todo: list[tuple[int, str | None]] = [(root, None)]
    while todo:
        pid, parent_role = todo.pop()
        role = _role(pid, parent_role)
        found[pid] = (role, *_sizes(pid))
        todo += [(child, role) for child in children.get(pid, [])]
    return found


def tree_memory(root: int) -> int:
    """Memory (bytes) of a process and all its descendants: the sum of their
    proportional set sizes, which counts a page shared by forked processes once."""
    return sum(pss for _, pss, _ in tree_sizes(root).values())


class TreeSampler(threading.Thread):
    """Samples the process tree of ``pid`` every ``interval`` seconds: ``peak`` is
    the largest PSS sum at one moment; ``processes`` the peak PSS and RSS of each
    process (pid -> [role, PSS, RSS])."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.processes: dict[int, list] = {}
        self.at_peak: dict[str, int] = {}  # role -> PSS summed over its processes, at the tree's peak
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            sizes = tree_sizes(self.pid)
            total = sum(pss for _, pss, _ in sizes.values())
            if total > self.peak:
                self.peak, self.at_peak = total, {}
                for role, pss, _ in sizes.values():
                    self.at_peak[role] = self.at_peak.get(role, 0) + pss
            for pid, (role, pss, rss) in sizes.items():
                seen = self.processes.setdefault(pid, [role, 0, 0])
                seen[1], seen[2] = max(seen[1], pss), max(seen[2], rss)
            self.done.wait(self.interval)

    def peak_parts(self) -> str:
        """What the tree's peak is made of: "runner 81 + file worker 111 + … MiB"."""
        return " + ".join(f"{role} {pss / 2**20:.0f}" for role, pss in
                          sorted(self.at_peak.items(), key=lambda r: -r[1]) if pss) + " MiB"

    def by_role(self) -> str:
        """The peaks of each kind of process: "page worker ×2: PSS 150, RSS 220 MiB; …"
        (for several processes of a kind, the largest of their peaks)."""
        roles: dict[str, list] = {}
        for role, pss, rss in self.processes.values():
            if pss == 0 and rss == 0:
                continue
            seen = roles.setdefault(role, [0, 0, 0])
            seen[0] += 1
            seen[1], seen[2] = max(seen[1], pss), max(seen[2], rss)
        order = ["runner", "file worker", "fork server", "page worker", "tesseract", "resource tracker", "other"]
        return "; ".join(f"{role} ×{n}: PSS {pss / 2**20:.0f}, RSS {rss / 2**20:.0f} MiB"
                         for role, (n, pss, rss) in sorted(roles.items(), key=lambda r: order.index(r[0])))


@dataclass
class Measured:
    peak: float  # MiB, the largest single process of the run (ru_maxrss from wait4)
    tree_peak: float  # MiB, the largest PSS sum over the whole process tree at one moment (sampled)
    seconds: float
    returncode: int
    state: str  # "read", or why the file failed
    processes: str = ""  # the peaks of each kind of process (TreeSampler.by_role)
    peak_parts: str = ""  # the tree's peak by kind of process (TreeSampler.peak_parts)


def measure(path: Path, out: Path, jobs: int = 1) -> Measured:
    """Peak memory, wall time and outcome of one ``kehoach extract`` run in a fresh process."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(path), "-o", str(out),
                                "-j", str(jobs), "--format", "json", "--force", "--timeout", "3600"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    output = process.stdout.read()
    sampler.done.set()
    sampler.join()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # wait4 reports the child's usage with that of the descendants it waited for (the
    # worker, Tesseract): ru_maxrss is the largest of them.
    peak = usage.ru_maxrss / 1024
    line = next((l for l in output.splitlines() if l.startswith(path.name[:20])), "")
    state = "read" if " ok " in f" {line} " else (re.search(r"FAILED \(([^)]*)\)", line) or [None, "?"])[1]
    return Measured(peak, sampler.peak / 2**20, seconds, process.returncode, state, sampler.by_role(),
                    sampler.peak_parts())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="500",
                        help="page counts of the long text PDF and the long scan, comma-separated "
                             "(several show whether the peak grows with the pages)")
    parser.add_argument("--jobs", type=int, default=1, help="kehoach extract -j (default 1)")
    parser.add_argument("--parts", default="pdf,bombs,dumps",
                        help="which measurements, among pdf, scan, bombs, dumps (default: pdf,bombs,dumps)")
    args = parser.parse_args()
    lines = []
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as folder:
        folder = Path(folder)
        parts = set(args.parts.split(","))
        files = []
        for wanted in (int(n) for n in args.pages.split(",")):
            if "pdf" in parts:
                pdf = folder / f"long-{wanted}.pdf"
                pages = long_pdf(pdf, wanted)  # 39 rows a page: about ``wanted`` pages
                files.append((f"text-layer PDF, {pages} pages", pdf))
            if "scan" in parts:
                scan = folder / f"scan-{wanted}.pdf"
                pages = long_scan(scan, wanted)
                files.append((f"scan, {pages} pages at 300 dpi ({SCAN_SOURCE.name} repeated)", scan))
        if "bombs" in parts:
            bomb = folder / "bomb.png"
            png_bomb(bomb, 20000, 20000)
            huge = folder / "huge-page.pdf"
            huge.write_bytes(HUGE_PAGE)
            files += [("PNG bomb 20000×20000 (400 Mpx)", bomb), ("PDF page 14400 pt square, no text", huge)]
        lines.append(f"| file | size | outcome | peak RSS, largest process | peak, whole tree (PSS) | time (-j {args.jobs}) |")
        lines.append("|---|---|---|---|---|---|")
        for label, path in files:
            m = measure(path, folder / "out", args.jobs)
            lines.append(f"| {label} | {path.stat().st_size / 1024:.0f} KiB | {m.state} | {m.peak:.0f} MiB "
                         f"| {m.tree_peak:.0f} MiB | {m.seconds:.1f} s |")
            print(lines[-1], flush=True)
            print(f"    per process (peak of each kind): {m.processes}", flush=True)
            print(f"    the tree's peak (PSS): {m.peak_parts}", flush=True)
        lines.append("")
        lines.append("| text dump | size | time | seconds per MiB |")
        lines.append("|---|---|---|---|")
        seed = SEED.read_text(encoding="utf-8")
        for copies in (1, 20, 60) if "dumps" in parts else ():
            dump = folder / f"seed-x{copies}.txt"
            dump.write_text(seed * copies, encoding="utf-8")
            mib = dump.stat().st_size / 2**20
            m = measure(dump, folder / "out", args.jobs)
            lines.append(f"| seed × {copies} ({m.state}) | {mib:.2f} MiB | {m.seconds:.1f} s | {m.seconds / mib:.1f} |")
            print(lines[-1], flush=True)
    machine = f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    print(f"\n{machine}, load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
