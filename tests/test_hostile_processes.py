"""Time limits, signals and crashes end every process a file started, and its temporary files.

Tesseract runs inside kehoach's own processes (libtesseract): the processes
that read are the file's worker (``-j 1``) or the page pool's workers. A
process "is reading" once libtesseract is mapped into it (it is loaded on the
first read, or by the file worker's check that the model loads).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES

KEHOACH = [sys.executable, "-m", "pipeline.cli"]
SCANS = sorted((SAMPLES / "scans").glob("*.scan300.pdf"))


def processes_with_tmpdir(tmpdir: Path) -> dict[int, str]:
    """Live processes (kehoach, its workers …) started with TMPDIR in tmpdir: their command lines by pid."""
    found = {}
    marker = f"TMPDIR={tmpdir}".encode()  # the command's, or a worker's own folder inside it
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            if any(v == marker or v.startswith(marker + b"/") for v in environ) \
                    and (entry / "stat").read_text().split()[2] != "Z":
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                    errors="replace")
        except OSError:
            continue
    return found


def reading(tmpdir: Path, page_workers: bool, runner: int = 0) -> list[int]:
    """The processes of tmpdir with libtesseract loaded: the page pool's workers
    (children of its fork server) or, with ``page_workers`` False, the file workers
    (the others but the ``runner``)."""
    found = []
    for pid, command in processes_with_tmpdir(tmpdir).items():
        if pid == runner:
            continue
        try:
            loaded = "libtesseract" in Path(f"/proc/{pid}/maps").read_text()
        except OSError:
            continue
        if loaded and ("forkserver" in command) == page_workers:
            found.append(pid)
    return found


def wait_for_reading(tmpdir: Path, page_workers: bool, process: subprocess.Popen, seconds: float = 120) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if found := reading(tmpdir, page_workers, process.pid):
            return found
        time.sleep(0.05)
    return []


def start(args, tmpdir: Path) -> subprocess.Popen:
    tmpdir.mkdir(exist_ok=True)
    return subprocess.Popen([*KEHOACH, *map(str, args)], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmpdir)})


def settled(tmpdir: Path, seconds: float = 5.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := processes_with_tmpdir(tmpdir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def long_scan(path: Path) -> Path:
    """Every sample scan's pages, twice (58 pages at 300 dpi): far more than a time limit of
    seconds lets be read, on any machine, by any number of page workers."""
    import pypdfium2

    joined = pypdfium2.PdfDocument.new()
    for scan in SCANS * 2:
        joined.import_pages(pypdfium2.PdfDocument(scan))
    joined.save(path)
    return path


def test_time_limit_ends_the_page_workers_and_removes_page_images(tmp_path):
    tmpdir = tmp_path / "tmp"
    # Time enough for a page worker to start (its fork server imports the readers) on a loaded
    # machine, while the file's own process reads beside it.
    scan = long_scan(tmp_path / "long-scan.pdf")
    process = start(["extract", scan, "-o", tmp_path / "out", "--timeout", "20", "-j", "2"], tmpdir)
    seen_reading: set[int] = set()
    while process.poll() is None:
        seen_reading |= set(reading(tmpdir, page_workers=True))
        time.sleep(0.05)
    out, err = process.communicate()
    assert process.returncode == 1 and "timed out" in out, out + err
    assert seen_reading, "the scan was stopped before a page worker read: the test proves nothing"
    assert settled(tmpdir, 1.0) == {}  # the page workers seen reading among them
    assert list(tmpdir.iterdir()) == []  # the worker's folder, page images and all, is gone
    assert "Traceback" not in err


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_stops_workers_and_nothing_is_written_after(tmp_path, signum, code):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for scan in SCANS[:4]:
        shutil.copy(scan, inbox)
    out = tmp_path / "out"
    tmpdir = tmp_path / "tmp"
    process = start(["extract", inbox, "-o", out, "-j", "2"], tmpdir)
    assert wait_for_reading(tmpdir, False, process), "no file worker read: the test proves nothing"
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert "Traceback" not in err
    message = [line for line in err.splitlines() if line.startswith("kehoach:")]
    assert len(message) == 1 and "run the same command again to resume" in message[0], err
    assert processes_with_tmpdir(tmpdir) == {}  # at once: nothing left to write
    written = sorted(p.name for p in out.iterdir())
    time.sleep(1.5)
    assert sorted(p.name for p in out.iterdir()) == written
    assert not [p for p in written if p.endswith(".part")]
    assert list(tmpdir.iterdir()) == []


@pytest.mark.parametrize("jobs, page_workers, message", [
    ("1", False, "the worker was killed by signal 11"),  # the file's worker reads its pages itself
    ("4", True, "a page worker died while reading"),  # two files, two page workers each
])
def test_a_crash_in_tesseract_fails_its_file_and_the_batch_goes_on(tmp_path, jobs, page_workers, message):
    """A segfault in libtesseract kills the process that reads (SIGSEGV sent to it while it
    reads: what a crash does); that file fails as "crashed", the other file is read,
    and no process or temporary file is left."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    scan = max(SCANS, key=lambda p: p.stat().st_size)
    shutil.copy(scan, inbox)
    shutil.copy(SAMPLES / "synthetic-huyen-2023.pdf", inbox)  # a text layer: no OCR
    out, tmpdir = tmp_path / "out", tmp_path / "tmp"
    process = start(["extract", inbox, "-o", out, "-j", jobs], tmpdir)
    readers = wait_for_reading(tmpdir, page_workers, process)
    assert readers, "nothing was reading the scan: the test proves nothing"
    os.kill(readers[0], signal.SIGSEGV)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 1, stdout + stderr
    assert "Traceback" not in stderr
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert [(Path(e["file"]).name, e["reason"]) for e in errors] == [(scan.name, "crashed")], errors
    assert message in errors[0]["message"], errors
    assert (out / "synthetic-huyen-2023.json").exists()  # the batch went on
    assert settled(tmpdir) == {}
    assert list(tmpdir.iterdir()) == []
