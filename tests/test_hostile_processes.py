"""Time limits and signals end every process a file started, and its temporary files."""
from __future__ import annotations

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


def processes_with_tmpdir(tmpdir: Path) -> list[str]:
    """Live processes (kehoach, its workers, Tesseract …) started with TMPDIR in tmpdir."""
    found = []
    marker = f"TMPDIR={tmpdir}".encode()  # the command's, or a worker's own folder inside it
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            if any(v == marker or v.startswith(marker + b"/") for v in environ) \
                    and (entry / "stat").read_text().split()[2] != "Z":
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    return found


def start(args, tmpdir: Path) -> subprocess.Popen:
    tmpdir.mkdir(exist_ok=True)
    return subprocess.Popen([*KEHOACH, *map(str, args)], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmpdir)})


def settled(tmpdir: Path, seconds: float = 5.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := processes_with_tmpdir(tmpdir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_time_limit_ends_tesseract_and_removes_page_images(tmp_path):
    tmpdir = tmp_path / "tmp"
    # The scan with the most pages: OCR'ing it takes far longer than the limit, on any machine.
    longest = max(SCANS, key=lambda p: p.stat().st_size)
    process = start(["extract", longest, "-o", tmp_path / "out", "--timeout", "3", "-j", "2"], tmpdir)
    seen_tesseract = False
    while process.poll() is None:
        seen_tesseract |= any("tesseract" in p for p in processes_with_tmpdir(tmpdir))
        time.sleep(0.1)
    out, err = process.communicate()
    assert process.returncode == 1 and "timed out" in out, out + err
    assert seen_tesseract, "the scan was stopped before Tesseract started: the test proves nothing"
    assert settled(tmpdir, 1.0) == []
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
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any("tesseract" in p for p in processes_with_tmpdir(tmpdir)):
        time.sleep(0.1)
    assert time.monotonic() < deadline, "Tesseract never started: the test proves nothing"
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert "Traceback" not in err
    message = [line for line in err.splitlines() if line.startswith("kehoach:")]
    assert len(message) == 1 and "run the same command again to resume" in message[0], err
    assert processes_with_tmpdir(tmpdir) == []  # at once: nothing left to write
    written = sorted(p.name for p in out.iterdir())
    time.sleep(1.5)
    assert sorted(p.name for p in out.iterdir()) == written
    assert not [p for p in written if p.endswith(".part")]
    assert list(tmpdir.iterdir()) == []
