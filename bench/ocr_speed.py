#!/usr/bin/env python3
"""OCR speed: kehoach against plain Tesseract on the same scanned pages.

On the 300-dpi scans (samples/scans/*.scan300.pdf), or on one multi-page
file (``--file``: the page pool spreading ONE file's pages), this times, in one run:

1. plain ``OMP_THREAD_LIMIT=1 tesseract IMAGE - -l LANG --dpi 300`` on every
   page image, one after the other (the images are taken out of the PDFs
   first, with ``pdfimages -j``; that is not timed);
2. kehoach's ``extract_file`` on the PDFs with ``jobs=1``;
3. the same with ``jobs=2``.

With ``--rounds N`` the three runs are repeated N times, plain Tesseract and
kehoach with one worker taking turns to go first, and the figures are the
medians of the rounds (each round's ratio measured on runs minutes apart at most:
the machine's own speed drifts by 10-20% over an hour, which a single pair of
runs mistakes for kehoach's). The first round also pays this process's one-time
costs (imports, the model load); later rounds are what a batch's long-lived
worker costs.

With ``--side-by-side`` each round instead runs plain Tesseract (in a process
of its own, on one core) and kehoach with one worker (here, on the other core)
at the same time, so that both meet the same machine speed; the ratio is then
of two runs that overlapped. It needs two idle cores; the two-worker run follows
alone.

LANG is kehoach's model (extract.scan_settings.ScanSettings.lang), so that
both read with the same model. kehoach reads in-process (libtesseract, one
model load per worker); plain Tesseract starts the program once a page. Beside
the wall-clock seconds it prints the CPU seconds (user + system) of plain
Tesseract and of kehoach with one worker (this process and the programs it
waited for): on a machine shared with other jobs the wall clock follows the
load, the CPU seconds much less. It prints seconds per page and the ratios
against the goals of issue 9 (kehoach with one worker no slower per page than
plain Tesseract; two workers at least 1.8 times faster than one), and writes them, with the machine (nproc, CPU model,
tesseract --version), into bench/RESULTS.md under the heading "OCR speed".

With ``--profile`` it instead says where one worker's time goes (nothing is
written): every engine call of ``extract_file(jobs=1)`` timed by kind (page read,
strip re-reads, cell reads by character set, orientation), the rest being the
image work and the tables; then each page image read in-process both ways,
kehoach's page read (psm 11 with character boxes) and plain Tesseract's (psm 3).

Usage: ``python bench/ocr_speed.py [--scans DIR | --file PDF] [--limit N] [--rounds N] [--side-by-side] [--no-write] [--profile]``
"""
from __future__ import annotations

import argparse
import logging
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from extract import extract_file  # noqa: E402
from extract.scan_settings import ScanSettings  # noqa: E402

LANG = ScanSettings().lang

log = logging.getLogger("ocr_speed")

HEADING = "## OCR speed"
#: Goals from the issue: one worker at most this many times plain Tesseract per page …
GOAL_RATIO = 1.0
#: … and two workers at least this many times faster than one.
GOAL_SPEEDUP = 1.8


@dataclass
class Figures:
    files: int
    pages: int
    plain: float  # seconds, all pages, plain tesseract
    jobs1: float  # seconds, all files, kehoach jobs=1
    jobs2: float  # seconds, all files, kehoach jobs=2
    source: str = "samples/scans/*.scan300.pdf"
    command: str = ""
    plain_cpu: float = 0.0  # CPU seconds (user + system) of the plain runs
    jobs1_cpu: float = 0.0  # CPU seconds of kehoach jobs=1 (this process and its waited-for children)
    load: str = ""  # load averages at the start and at the end
    kehoach_first: bool | None = False  # kehoach's one-worker run before plain Tesseract's (None: side by side)

    @property
    def ratio(self) -> float:
        return self.jobs1 / self.plain

    @property
    def speedup(self) -> float:
        return self.jobs1 / self.jobs2

    @property
    def cpu_ratio(self) -> float:
        return self.jobs1_cpu / self.plain_cpu if self.plain_cpu else float("nan")


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of the children it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_average() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = match.group(1).strip() if match else cpu
    except OSError:
        pass
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    first = (version.stdout or version.stderr).splitlines()[0] if (version.stdout or version.stderr) else "?"
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "tesseract": first.strip(),
            "python": platform.python_version()}


def page_images(pdfs: list[Path], folder: Path) -> list[Path]:
    """Every page's embedded image, as pdfimages writes it (JPEG kept as is)."""
    images = []
    for index, pdf in enumerate(pdfs):
        prefix = folder / f"{index:02d}"
        subprocess.run(["pdfimages", "-j", str(pdf), str(prefix)], check=True)
        images += sorted(folder.glob(f"{index:02d}-*"))
    return images


def start_plain(images: list[Path]) -> subprocess.Popen:
    """Plain Tesseract over the images in a process of its own (see :func:`plain_result`)."""
    code = ("import sys, time, resource, subprocess, os\n"
            "env = dict(os.environ, OMP_THREAD_LIMIT='1')\n"
            "started = time.perf_counter()\n"
            "for image in sys.argv[2:]:\n"
            "    subprocess.run(['tesseract', image, '-', '-l', sys.argv[1], '--dpi', '300'],\n"
            "                   capture_output=True, env=env, check=True)\n"
            "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(time.perf_counter() - started, usage.ru_utime + usage.ru_stime)\n")
    return subprocess.Popen([sys.executable, "-c", code, LANG, *map(str, images)], stdout=subprocess.PIPE, text=True)


def time_plain(images: list[Path]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of plain Tesseract over the images, run now."""
    return plain_result(start_plain(images))


def plain_result(process: subprocess.Popen) -> tuple[float, float]:
    """Wall-clock and CPU seconds of a :func:`start_plain` run, once it has ended."""
    out, _ = process.communicate()
    if process.returncode:
        raise RuntimeError(f"plain tesseract failed (exit {process.returncode})")
    wall, cpu = out.split()
    return float(wall), float(cpu)


def time_kehoach(pdfs: list[Path], jobs: int) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds (meaningful for jobs=1 only: the pool's
    workers are not this process's children) and pages."""
    started, cpu = time.perf_counter(), cpu_seconds()
    pages = 0
    for pdf in pdfs:
        pages += extract_file(pdf, jobs=jobs).pages or 0
    return time.perf_counter() - started, cpu_seconds() - cpu, pages


@dataclass
class TimedEngine:
    """Tesseract, with every call's CPU seconds (this process's: the reads run in it)
    added up by kind of call."""

    inner: object
    seconds: dict = None
    calls: dict = None

    def __post_init__(self):
        self.seconds, self.calls = {}, {}

    def _add(self, kind: str, started: float) -> None:
        self.seconds[kind] = self.seconds.get(kind, 0.0) + time.process_time() - started
        self.calls[kind] = self.calls.get(kind, 0) + 1

    def check(self, lang: str) -> None:
        started = time.process_time()
        self.inner.check(lang)
        self._add("check (model load)", started)

    def read(self, image, dpi, request):
        started = time.process_time()
        try:
            return self.inner.read(image, dpi, request)
        finally:
            charset = f", charset {request.charset[:12]}" if request.charset else ""
            self._add(f"psm {request.psm}{' chars' if request.chars else ''}{charset}", started)

    def orientation(self, image, dpi):
        started = time.process_time()
        try:
            return self.inner.orientation(image, dpi)
        finally:
            self._add("orientation (OSD)", started)


def profile(pdfs: list[Path]) -> str:
    """Where one worker's time goes (see the module docstring), as Markdown lines."""
    import numpy as np
    from PIL import Image

    from extract import tesseract

    engine = TimedEngine(tesseract.TesseractEngine())
    started, cpu = time.perf_counter(), time.process_time()
    pages = sum(extract_file(pdf, jobs=1, engine=engine).pages or 0 for pdf in pdfs)
    total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    lines = [f"kehoach `extract_file(jobs=1)`: {total:.1f} s, {total_cpu:.1f} CPU s for {pages} pages; "
             f"load average {load_average()}", "", "| engine calls | calls | CPU seconds | share |", "|---|---|---|---|"]
    for kind in sorted(engine.seconds, key=engine.seconds.get, reverse=True):
        lines.append(f"| {kind} | {engine.calls[kind]} | {engine.seconds[kind]:.2f} "
                     f"| {engine.seconds[kind] / total_cpu:.0%} |")
    rest = total_cpu - sum(engine.seconds.values())
    lines += [f"| everything else (page images, deskew, grid, cells, tables) | | {rest:.2f} "
              f"| {rest / total_cpu:.0%} |", ""]
    with tempfile.TemporaryDirectory(prefix="ocr-profile-") as tmp:
        images = [np.asarray(Image.open(path).convert("L")) for path in page_images(pdfs, Path(tmp))]
    tesseract.check_tesseract(LANG)
    timed = {}
    for name, read in (("psm 11 with character boxes (kehoach's page read)",
                        lambda image: tesseract.ocr_chars(image, 300, psm=11, lang=LANG)),
                       ("psm 3, words (as plain Tesseract segments)",
                        lambda image: tesseract.ocr_words(image, 300, psm=3, lang=LANG))):
        started = time.process_time()
        for image in images:
            read(image)
        timed[name] = time.process_time() - started
    lines += ["The page images as embedded (not deskewed or cleaned), read in-process:", ""]
    lines += [f"- {name}: {seconds / len(images):.2f} CPU s a page" for name, seconds in timed.items()]
    lines.append(f"- load average {load_average()}")
    return "\n".join(lines)


def report(rounds: list[Figures], info: dict[str, str]) -> str:
    """The RESULTS.md section: every round's figures, and the medians against the goals."""
    first = rounds[0]
    per = lambda seconds: seconds / first.pages  # noqa: E731
    ok = lambda good: "meets the goal" if good else "MISSES the goal"  # noqa: E731
    ratio = statistics.median(r.ratio for r in rounds)
    cpu_ratio = statistics.median(r.cpu_ratio for r in rounds)
    speedup = statistics.median(r.speedup for r in rounds)
    lines = [
        HEADING,
        "",
        f"Measured by `bench/ocr_speed.py {first.command}` on {first.files} scanned file(s) "
        f"({first.source}, {first.pages} pages at 300 dpi), all runs in one run of the script, "
        f"{len(rounds)} round(s).",
        "",
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['tesseract']}, Python {info['python']}; "
        f"load average {first.load}.",
        "",
        "| round (seconds per page) | plain `OMP_THREAD_LIMIT=1 tesseract IMAGE - -l "
        f"{LANG} --dpi 300` | kehoach `extract_file(jobs=1)` | its CPU / plain's CPU | kehoach `jobs=2` "
        "| one worker / plain | two workers against one |",
        "|---|---|---|---|---|---|---|",
    ]
    for number, r in enumerate(rounds, 1):
        order = "side by side" if r.kehoach_first is None else "kehoach first" if r.kehoach_first else "plain first"
        lines.append(f"| {number} ({order}) | {per(r.plain):.2f} | {per(r.jobs1):.2f} | {r.cpu_ratio:.2f}× "
                     f"| {per(r.jobs2):.2f} | {r.ratio:.2f}× | {r.speedup:.2f}× |")
    lines += [
        "",
        f"- kehoach with one worker / plain Tesseract, per page, median of the rounds: **{ratio:.2f}×** "
        f"(goal ≤ {GOAL_RATIO}×: {ok(ratio <= GOAL_RATIO)}); in CPU seconds {cpu_ratio:.2f}×.",
        f"- two workers against one, median: **{speedup:.2f}× faster** "
        f"(goal ≥ {GOAL_SPEEDUP}×: {ok(speedup >= GOAL_SPEEDUP)}).",
        "",
        "kehoach's time includes everything plain Tesseract does not do: taking the page image out of",
        "the PDF, deskewing, finding the ruling and the cells, erasing the ruling, a second Tesseract",
        "read of a strip of the numeric and unread cells, the cell-by-cell reads of what is still",
        "unread, and building the tables; plain Tesseract reads each page once (psm 3, plain text).",
        "",
    ]
    return "\n".join(lines)


def write_results(text: str, path: Path) -> None:
    """Replace (or add) the head of the "OCR speed" section of RESULTS.md (up to its
    first dated ``###`` subsection), keeping the rest."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^### |^## |\Z)", re.M | re.S)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    tmp = path.with_suffix(".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=Path, default=REPO / "samples" / "scans", help="folder of *.scan300.pdf")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (0: all)")
    parser.add_argument("--file", type=Path, default=None, help="time this one multi-page file instead")
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat the runs N times, taking turns which goes first; figures are the medians")
    parser.add_argument("--side-by-side", action="store_true",
                        help="run plain Tesseract and kehoach's one worker at the same time, one core each")
    parser.add_argument("--no-write", action="store_true", help="print only, do not touch bench/RESULTS.md")
    parser.add_argument("--profile", action="store_true", help="where one worker's time goes (writes nothing)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be 1 or more")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    pdfs = [args.file] if args.file else sorted(args.scans.glob("*.scan300.pdf"))[: args.limit or None]
    if not pdfs:
        log.error("no *.scan300.pdf in %s (run samples/make_scans.py)", args.scans)
        return 1
    if args.profile:
        print(profile(pdfs))
        return 0
    info = machine()
    command = " ".join(sys.argv[1:] if argv is None else argv)
    source = str(args.file.resolve().relative_to(REPO)) if args.file else "samples/scans/*.scan300.pdf"
    rounds: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="ocr-speed-") as tmp:
        images = page_images(pdfs, Path(tmp))
        for number in range(1, args.rounds + 1):
            load_before = load_average()
            kehoach_first = number % 2 == 0  # take turns: neither side always runs on a warmer machine
            log.info("round %d of %d: %d files, %d page images", number, args.rounds, len(pdfs), len(images))
            if args.side_by_side:
                plain_run = start_plain(images)
                jobs1, jobs1_cpu, pages = time_kehoach(pdfs, jobs=1)
                plain, plain_cpu = plain_result(plain_run)
                kehoach_first = None
            elif kehoach_first:
                jobs1, jobs1_cpu, pages = time_kehoach(pdfs, jobs=1)
                plain, plain_cpu = time_plain(images)
            else:
                plain, plain_cpu = time_plain(images)
                jobs1, jobs1_cpu, pages = time_kehoach(pdfs, jobs=1)
            jobs2, _, _ = time_kehoach(pdfs, jobs=2)
            rounds.append(Figures(len(pdfs), pages, plain, jobs1, jobs2, source, command, plain_cpu, jobs1_cpu,
                                  f"{load_before} at the start, {load_average()} at the end", kehoach_first))
            log.info("round %d: one worker / plain %.2f×, two workers %.2f× one",
                     number, rounds[-1].ratio, rounds[-1].speedup)
    text = report(rounds, info)
    print(text)
    if not args.no_write:
        write_results(text, HERE / "RESULTS.md")
        log.info("written to %s", HERE / "RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
