#!/usr/bin/env python3
"""Text-layer PDFs: kehoach against bare pdfplumber on the same pages.

The named floor (issue 13) is bare pdfplumber: open the PDF and call
``page.extract_tables()`` on every page (pdfplumber's default settings, which
find ruled tables as kehoach does; each page closed after, as kehoach does).
kehoach does more on each page: it tests whether the layer is usable and
typed, reads the text lines outside the tables and the page's text for the
legacy-encoding decoder, and keeps every cell's box. In one run of this
script, on the same files, it times:

1. the floor;
2. kehoach ``extract_file`` (what ``kehoach extract`` does to read a file),
   with one job and with ``--jobs`` jobs (several worker processes read the
   pages of a long file: extract/text_pages.py);
3. kehoach ``extract_file`` + ``normalize`` (everything but writing), the same two ways;
4. kehoach ``extract_file`` with one job and pdfplumber's own parse of each page
   (``TextLayerSettings(fast_parse=False)``: what kehoach did before
   extract/content_stream.py and extract/layout_objects.py), so that before and
   after are timed in the same run.

Wall-clock seconds, and below them the CPU seconds of the runs that stay in
this process (the floor and the one-job runs), which a shared machine disturbs less.

Each figure is the best of ``--rounds`` rounds (the machine may be shared;
the best round is the one least disturbed), the rounds interleaved so that
every run sees the same machine. The files: the text-layer PDFs of samples/,
the four born-digital PDFs of ../shared/realdocs/, and a long generated plan
(``--long-pages`` pages, bench/limits.py's ``long_pdf``).

``--profile`` prints where kehoach's time goes (cProfile, one job, extract
only, all the files) instead; ``--steps`` the seconds of each step of
reading a text page, and whether the floor pays for it too. ``--pdfium`` compares, page by page, the
characters pypdfium2 gives with pdfplumber's (the same visible text? the same
boxes?) and the time each takes, to show whether pypdfium2 could stand in for
pdfminer's parse.

Usage: ``python bench/text_speed.py [--rounds 3] [--jobs 2] [--long-pages 500] [--profile | --steps | --pdfium]``
"""
from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import re
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

REALDOCS = REPO.parent / "shared" / "realdocs"
BORN_DIGITAL = ("dongthap_kh362_sgddt_stem_2026.pdf", "dongthap_qd337_sgddt_thanghang_2025.pdf",
                "lamdong_pl01_chamdiem_cchc_songanh_2025.pdf", "lamdong_tt666_gopy_kh_cchc_2026.pdf")


def floor(path: Path) -> int:
    """Bare pdfplumber: every page's ``extract_tables()``; returns the page count."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def kehoach(path: Path, jobs: int, normalize: bool, fast_parse: bool = True) -> int:
    """kehoach's reading of a file as the batch does it (and its normalizing); returns the page count.

    ``fast_parse=False``: pages parsed by pdfplumber itself, as before
    extract/content_stream.py (``TextLayerSettings.fast_parse``)."""
    from extract import TextLayerSettings, extract_file
    from normalize.legacy import page_text_decoder
    from normalize.plan import NormalizeOptions
    from normalize.plan import normalize as normalize_extraction

    extraction = extract_file(path, settings=TextLayerSettings(fast_parse=fast_parse), jobs=jobs,
                              decode_page=page_text_decoder)
    if normalize:
        normalize_extraction(extraction, NormalizeOptions())
    return extraction.pages


@dataclass
class Group:
    """A set of files timed together."""

    name: str
    files: list[Path]
    pages: int = 0
    best: dict[str, float] = field(default_factory=dict)
    best_cpu: dict[str, float] = field(default_factory=dict)


def runs(jobs: int) -> dict[str, object]:
    return {
        "floor": floor,
        "extract, 1 job, pdfplumber's parse": lambda p: kehoach(p, 1, False, fast_parse=False),
        "extract, 1 job": lambda p: kehoach(p, 1, False),
        f"extract, {jobs} jobs": lambda p: kehoach(p, jobs, False),
        "extract + normalize, 1 job": lambda p: kehoach(p, 1, True),
        f"extract + normalize, {jobs} jobs": lambda p: kehoach(p, jobs, True),
    }


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have been waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = match.group(1).strip() if match else cpu
    except OSError:
        pass
    import pdfplumber
    import pdfminer

    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"pdfplumber {pdfplumber.__version__}, pdfminer.six {pdfminer.__version__}")


def profile(files: list[Path], top: int = 30) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        kehoach(path, 1, False)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def steps(files: list[Path]) -> None:
    """Seconds of each step of kehoach's reading of a text page, summed over the files' pages."""
    import collections

    import pdfplumber

    from extract.annotations import add_annotation_chars
    from extract.content_stream import parse_page
    from extract.layout_objects import set_page_objects
    from extract.pdf_text import TextLayerSettings, page_has_text_layer, text_layer_origin
    from extract.text_pages import drop_parsed_objects
    from normalize.legacy import page_text_decoder

    settings = TextLayerSettings()
    spent: collections.Counter = collections.Counter()
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                marks = [("parse (kehoach's: content_stream + layout_objects)",
                          lambda: (parse_page(page), set_page_objects(page), page.chars)),
                         ("usable layer?", lambda: page_has_text_layer(page, settings)),
                         ("typed or OCR layer?", lambda: text_layer_origin(page, settings)),
                         ("annotations' text", lambda: add_annotation_chars(page)),
                         ("find tables", lambda: page.find_tables(table_settings=settings.table_settings))]
                found = None
                for name, step in marks:
                    started = time.perf_counter()
                    found = step()
                    spent[name] += time.perf_counter() - started
                for name, step in [
                        ("cells' text", lambda: [t.extract() for t in found]),
                        ("lines outside tables", lambda: page.extract_text_lines(strip=True, return_chars=False)),
                        ("page text for the decoder", lambda: page_text_decoder(
                            page.extract_text() or "", sorted({c.get("fontname", "") for c in page.chars}))),
                        ("close, drop parsed objects", lambda: (page.close(), drop_parsed_objects(pdf)))]:
                    started = time.perf_counter()
                    step()
                    spent[name] += time.perf_counter() - started
    total = sum(spent.values())
    print("| step | seconds | share | the floor does it too |")
    print("|---|---|---|---|")
    floor_steps = {"parse (kehoach's: content_stream + layout_objects)", "find tables", "cells' text"}
    for name, seconds in spent.items():
        print(f"| {name} | {seconds:.2f} | {seconds / total:.0%} | {'yes' if name in floor_steps else 'no'} |")
    print(f"| all | {total:.2f} | | |")


def pdfium_check(files: list[Path]) -> None:
    """pypdfium2's characters against pdfplumber's, on every page of the files."""
    import pdfplumber
    import pypdfium2

    pages = same_text = 0
    worst = 0.0
    seconds = {"pypdfium2": 0.0, "pdfplumber": 0.0}
    for path in files:
        started = time.perf_counter()
        document = pypdfium2.PdfDocument(str(path))
        theirs = []
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            theirs.append([(textpage.get_text_range(k, 1), textpage.get_charbox(k, loose=True))
                           for k in range(textpage.count_chars())])
        seconds["pypdfium2"] += time.perf_counter() - started
        started = time.perf_counter()
        ours = []
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                height = float(page.height)
                ours.append([(c["text"], (c["x0"], height - c["bottom"], c["x1"], height - c["top"]))
                             for c in page.chars])
                page.close()
        seconds["pdfplumber"] += time.perf_counter() - started
        for a, b in zip(theirs, ours):
            pages += 1
            a = [c for c in a if c[0].strip()]
            b = [c for c in b if c[0].strip()]
            if "".join(t for t, _ in a) == "".join(t for t, _ in b):
                same_text += 1
                worst = max([worst] + [abs(p - q) for (_, x), (_, y) in zip(a, b) for p, q in zip(x, y)])
    print(f"{pages} pages: the same visible characters on {same_text}; on those, boxes differ by up to "
          f"{worst:.2f} pt; pypdfium2 {seconds['pypdfium2']:.2f} s, pdfplumber's characters "
          f"{seconds['pdfplumber']:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--long-pages", type=int, default=500, help="pages of the generated plan (0: none)")
    parser.add_argument("--profile", action="store_true", help="print kehoach's profile instead")
    parser.add_argument("--steps", action="store_true", help="print the seconds of each step of a text page instead")
    parser.add_argument("--pdfium", action="store_true", help="compare pypdfium2's characters with pdfplumber's instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="text-speed-") as folder:
        groups = [
            Group("samples/*.pdf", sorted((REPO / "samples").glob("*.pdf"))),
            Group("realdocs, born-digital", [REALDOCS / name for name in BORN_DIGITAL if (REALDOCS / name).exists()]),
        ]
        if args.long_pages:
            from limits import long_pdf

            long = Path(folder) / f"long-{args.long_pages}.pdf"
            long_pdf(long, args.long_pages)
            groups.append(Group(f"generated plan, {args.long_pages} pages", [long]))
        groups = [g for g in groups if g.files]
        if args.profile:
            profile([path for group in groups for path in group.files])
            return 0
        if args.steps:
            steps([path for group in groups for path in group.files])
            return 0
        if args.pdfium:
            pdfium_check([path for group in groups for path in group.files])
            return 0
        timed = runs(args.jobs)
        for round_number in range(args.rounds):
            for group in groups:
                for name, run in timed.items():
                    started, started_cpu = time.perf_counter(), cpu_seconds()
                    pages = sum(run(path) for path in group.files)
                    seconds, cpu = time.perf_counter() - started, cpu_seconds() - started_cpu
                    group.pages = pages
                    group.best[name] = min(seconds, group.best.get(name, float("inf")))
                    group.best_cpu[name] = min(cpu, group.best_cpu.get(name, float("inf")))
            print(f"round {round_number + 1} of {args.rounds} done", file=sys.stderr, flush=True)
    print(f"Machine: {machine()}; load average {' '.join(f'{v:.1f}' for v in os.getloadavg())} at the end.")
    print(f"Best of {args.rounds} rounds; ratio = kehoach's time / the floor's (below 1: faster than the floor).\n")
    names = list(timed)
    _print_ratios(groups, names, "best")
    one_process = [name for name in names if "jobs" not in name]
    print("\nCPU seconds of this process (the runs in one process only: pool workers are the fork "
          "server's children, whose time this process is not told of):\n")
    _print_ratios(groups, one_process, "best_cpu")
    return 0


def _print_ratios(groups, names: list[str], field: str) -> None:
    """A table of each group's seconds (``field``: best wall or CPU) and ratio to the floor."""
    print("| files | pages | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for group in groups:
        seconds = getattr(group, field)
        floor = seconds["floor"]
        cells = [f"{floor:.2f} s"] + [f"{seconds[name]:.2f} s ({seconds[name] / floor:.2f}×)" for name in names[1:]]
        print(f"| {group.name} | {group.pages} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
