#!/usr/bin/env python3
"""Pages per second on a Dask cluster of 1, 2 and 4 workers, against the local pool.

On the same scanned pages (samples/scans/*.scan300.pdf; ``--files`` picks
them), in one run of the script, this times the whole batch (read, OCR,
normalize, render, write, manifest) with:

1. the floor: the local process pool, ``BatchRunner`` with ``jobs`` = the
   number of cores (what ``kehoach extract`` does without ``--scheduler``),
   after an untimed run of the first file (Tesseract's model and the
   libraries read from disk once, as they are for the Dask runs after it);
2. ``ClusterRunner`` on a ``LocalCluster(n_workers=N, threads_per_worker=1,
   processes=True)`` for N = 1, 2 and 4 (each cluster started and warmed up
   before the clock starts: starting workers is not the batch's time).

Every run's outputs are compared byte for byte with the floor's. It also
times the client's own share of a file (writing its outputs with
``write_atomic`` and recording it in the manifest), the part of the work
that does not spread over machines. It prints a section "Dask workers" and
writes it into bench/RESULTS.md (``--no-write``: print only).

Usage: ``python bench/dask_workers.py [--files PDF...] [--workers 1 2 4] [--no-write]``
"""
from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from ocr_speed import machine  # noqa: E402
from pipeline.batch import BatchOptions, BatchRunner  # noqa: E402
from pipeline.cluster import ClusterRunner, ClusterSettings  # noqa: E402
from pipeline.manifest import Manifest  # noqa: E402
from pipeline.writers import write_atomic  # noqa: E402

log = logging.getLogger("dask_workers")

HEADING = "## Dask workers"
DEFAULT_FILES = ["synthetic-bo-2025.scan300.pdf", "synthetic-tinh-2024.scan300.pdf"]
#: Writes of one file's outputs and manifest records timed for the client's share.
CLIENT_REPEATS = 40


@dataclass
class Run:
    name: str
    seconds: float
    pages: int
    #: CPU seconds of the processes that did the work and of their Tesseract runs (None: not
    #: known; the local pool's page processes are not waited for by the worker that started them)
    cpu: float | None
    identical: bool | None = None  # outputs byte for byte the floor's (None: the floor itself)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def cpu_per_page(self) -> str:
        return "—" if self.cpu is None else f"{self.cpu / self.pages:.2f}"


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    """User and system CPU seconds of this process (RUSAGE_SELF) or of its ended children."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _worker_cpu() -> float:
    """On a worker: its CPU seconds and its ended children's (Tesseract)."""
    return cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN)


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.suffix in (".json", ".csv", ".xlsx") and not p.name.startswith(".")}


def options(out: Path, jobs: int) -> BatchOptions:
    return BatchOptions(out_dir=out, jobs=jobs, report=False)


def run_local(pdfs: list[Path], out: Path, jobs: int) -> tuple[float, int]:
    started = time.perf_counter()
    done = BatchRunner(options(out, jobs)).run(pdfs)
    return time.perf_counter() - started, sum(o.pages or 0 for o in done)


def _warm_up() -> None:
    """On a worker: import what a page needs (OpenCV, Tesseract's wrapper, the normalizers)."""
    import extract.page_pool  # noqa: F401
    import pipeline.batch  # noqa: F401


def run_cluster(pdfs: list[Path], out: Path, workers: int) -> tuple[float, int, float]:
    """Seconds, pages, CPU seconds (the workers', Tesseract included, and this client's)."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        client.run(_warm_up)
        cpu = sum(client.run(_worker_cpu).values()) + cpu_seconds()
        started = time.perf_counter()
        done = ClusterRunner(options(out, 1), ClusterSettings(cluster.scheduler_address)).run(pdfs)
        seconds = time.perf_counter() - started
        cpu = sum(client.run(_worker_cpu).values()) + cpu_seconds() - cpu
        return seconds, sum(o.pages or 0 for o in done), cpu


@dataclass
class ClientShare:
    """What the client does for every file, the part of the work that does not spread out."""

    seconds: float  # per file: its outputs written atomically and one manifest record
    manifest_seconds: float  # per file: the manifest record alone
    output_bytes: float  # per page: the outputs sent back to the client
    input_bytes: float  # per page: what the client reads for the sha256 (and a worker reads again)


def client_share(folder: Path, scratch: Path, inputs: list[Path], pages: int) -> ClientShare:
    files = outputs(folder)
    stems = len({Path(name).stem for name in files})
    manifest = Manifest(scratch)
    started = time.perf_counter()
    for repeat in range(CLIENT_REPEATS):
        for name, data in files.items():
            write_atomic(scratch / name, data)
        manifest.record(f"{repeat:064x}", "bench", "stem", "path", "ok", {"status": "ok"})
    seconds = (time.perf_counter() - started) / (CLIENT_REPEATS * stems)
    started = time.perf_counter()
    for repeat in range(CLIENT_REPEATS):
        manifest.record(f"{repeat + CLIENT_REPEATS:064x}", "bench", "stem", "path", "ok", {"status": "ok"})
    manifest_seconds = (time.perf_counter() - started) / CLIENT_REPEATS
    return ClientShare(seconds, manifest_seconds, sum(map(len, files.values())) / pages,
                       sum(p.stat().st_size for p in inputs) / pages)


def report(runs: list[Run], client: ClientShare, info: dict[str, str], files: list[Path], command: str,
           load: str) -> str:
    floor = runs[0]
    pages = floor.pages
    lines = [
        HEADING,
        "",
        f"Measured by `.venv/bin/python bench/dask_workers.py{(' ' + command) if command else ''}` in one run: "
        f"{len(files)} scanned file(s) ({', '.join(f.name for f in files)}; {pages} pages at 300 dpi), the "
        "whole batch each time (read, OCR, normalize, render, write, manifest); Dask runs on a "
        "`LocalCluster` with one thread per worker, started and warmed up before the clock starts.",
        "",
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['tesseract']}, Python {info['python']}, "
        f"load average {load} before the run (the machine is shared with other jobs). With "
        f"{info['nproc']} cores, 4 workers oversubscribe them: more than {info['nproc']} workers cannot "
        "be faster here.",
        "",
        "| run | seconds | pages per second | against the floor | CPU seconds per page | bytes as the floor's |",
        "|---|---|---|---|---|---|",
    ]
    for run in runs:
        same = "—" if run.identical is None else ("yes" if run.identical else "**NO**")
        lines.append(f"| {run.name} | {run.seconds:.1f} | {run.pages_per_second:.2f} "
                     f"| {run.pages_per_second / floor.pages_per_second:.2f}× | {run.cpu_per_page} | {same} |")
    lines += [
        "",
        f"The client's own share of a file (its outputs written with `write_atomic`, fsync included, "
        f"and one manifest record), measured on these outputs: **{client.seconds * 1000:.1f} ms**, "
        f"about {1 / client.seconds:.0f} files per second from one client; the manifest record alone "
        f"{client.manifest_seconds * 1000:.1f} ms. Per page, the outputs sent back to the client weigh "
        f"{client.output_bytes / 1000:.0f} kB and the input {client.input_bytes / 1000:.0f} kB (read "
        "once by the client for its sha256, once by a worker).",
        "",
        "CPU seconds per page count the Dask workers and the Tesseract runs they waited for (and the "
        "client, with the scheduler, which a `LocalCluster` runs in its process); they depend far less "
        "than seconds on what else the machine runs. The local pool's "
        "are not counted: its page processes' CPU time does not reach this process.",
        "",
    ]
    return "\n".join(lines)


def write_results(text: str, path: Path) -> None:
    """Replace the section, keeping the rest of RESULTS.md (and an "Estimate" subsection written by hand)."""
    import re

    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^### |^## |\Z)", re.M | re.S)
    new = pattern.sub(lambda _: text + "\n", old, count=1) if pattern.search(old) \
        else old.rstrip("\n") + "\n\n" + text
    tmp = path.with_suffix(".tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=Path, nargs="+",
                        default=[REPO / "samples" / "scans" / name for name in DEFAULT_FILES])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--no-write", action="store_true", help="print only, do not touch bench/RESULTS.md")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")  # not the scheduler's INFO lines
    log.setLevel(logging.INFO)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    info = machine()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="dask-workers-") as tmp:
        tmp = Path(tmp)
        log.info("warming up (the model and the libraries read from disk once) …")
        run_local(args.files[:1], tmp / "warm-up", cores)
        log.info("the floor: the local pool, jobs=%d …", cores)
        seconds, pages = run_local(args.files, tmp / "local", cores)
        runs = [Run(f"floor: local process pool (`-j {cores}`)", seconds, pages, None)]
        reference = outputs(tmp / "local")
        for workers in args.workers:
            log.info("Dask, %d worker(s) …", workers)
            out = tmp / f"dask{workers}"
            seconds, pages, cpu = run_cluster(args.files, out, workers)
            runs.append(Run(f"Dask, {workers} worker{'s' if workers > 1 else ''} × 1 thread", seconds, pages, cpu,
                            outputs(out) == reference))
            shutil.rmtree(out)
        scratch = tmp / "client"
        scratch.mkdir()
        client = client_share(tmp / "local", scratch, args.files, runs[0].pages)
    command = " ".join(sys.argv[1:] if argv is None else argv)
    text = report(runs, client, info, args.files, command, load)
    print(text)
    if not args.no_write:
        write_results(text, HERE / "RESULTS.md")
        log.info("written to %s", HERE / "RESULTS.md")
    return 0 if all(run.identical is not False for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
