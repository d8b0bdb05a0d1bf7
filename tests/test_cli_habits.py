"""The CLI's habits: --version, -q, -v before or after the command, INFO lines without a WARNING
label, and a progress bar that moves with every page and names the file being read."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from normalize.model import kehoach_version
from pipeline.batch import BatchOptions, BatchRunner
from pipeline.progress import Progress

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TINH = SAMPLES / "synthetic-tinh-2024.pdf"  # four text-layer pages


def kehoach(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def test_version_is_printed_and_written_into_every_json(tmp_path):
    done = kehoach("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"kehoach {kehoach_version()}"
    assert kehoach("extract", TINH, "-o", tmp_path, "--format", "json", "--no-report").returncode == 0
    data = json.loads((tmp_path / "synthetic-tinh-2024.json").read_text(encoding="utf-8"))
    assert data["producer"] == {"name": "kehoach", "version": kehoach_version()}


def test_normal_lines_are_not_labelled_warning_and_quiet_prints_nothing(tmp_path):
    normal = kehoach("extract", TINH, "-o", tmp_path / "a", "--no-report")
    assert "[1/1] synthetic-tinh-2024.pdf: ok (4 pages" in normal.stderr
    assert "WARNING" not in normal.stderr and "1 of 1 files read" in normal.stdout
    quiet = kehoach("extract", "-q", TINH, "-o", tmp_path / "b", "--no-report")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "b" / "synthetic-tinh-2024.json").exists()


def test_verbose_works_before_and_after_the_command(tmp_path):
    for args in (["-v", "extract", TINH], ["extract", TINH, "-v"]):
        done = kehoach(*args, "-o", tmp_path / args[0], "--no-report", "--format", "json")
        assert done.returncode == 0
        assert "DEBUG kehoach: synthetic-tinh-2024.pdf: page 4 of 4 read" in done.stderr
        assert "INFO kehoach: [1/1] synthetic-tinh-2024.pdf: ok" in done.stderr


def test_a_batch_reports_every_page_of_the_file_being_read(tmp_path):
    events = []
    BatchRunner(BatchOptions(out_dir=tmp_path, formats=("json",), jobs=1, report=False),
                on_page=lambda path, read, total: events.append((Path(path).name, read, total))).run([TINH])
    assert events == [("synthetic-tinh-2024.pdf", 0, 0)] + [("synthetic-tinh-2024.pdf", n, 4) for n in range(1, 5)]


def test_the_bar_moves_with_each_page_and_names_the_file_being_read():
    stream = io.StringIO()
    progress = Progress(2, stream=stream, interactive=True)
    progress.page(Path("/in/scan-a.pdf"), 0, 0)
    progress.page(Path("/in/scan-a.pdf"), 1, 4)
    first = stream.getvalue().split("\r")[-1]
    progress.page(Path("/in/scan-a.pdf"), 2, 4)
    second = stream.getvalue().split("\r")[-1]
    assert "scan-a.pdf" in first and "1 pages" in first and "2 pages" in second
    assert second.count("#") > first.count("#")  # 2 of 8 pages of the batch: the bar moved

