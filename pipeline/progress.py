"""Progress of a batch: a bar on a terminal, plain log lines elsewhere.

The bar is kehoach's own (one line redrawn with "\\r"), not rich or tqdm: it
needs no dependency, and what it shows (pages of the files being read, the
file being read) comes from the batch's worker messages that neither library
knows of. It moves with every page read and names the file being read.
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from .batch import FileOutcome

log = logging.getLogger("kehoach")

BAR_WIDTH = 28
NAME_WIDTH = 30


class Progress:
    """Counts finished files and pages read and estimates the time left.

    Call it with each finished file's outcome; call :meth:`page` with each page read.
    """

    def __init__(self, total_files: int, stream=None, interactive: bool | None = None):
        self.total = total_files
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.done = 0
        self.pages = 0  # pages of the finished files
        self.started = time.monotonic()
        self.worked = 0  # files actually processed (not skipped), for the ETA
        self.reading: dict[str, tuple[int, int]] = {}  # path -> (pages read, pages in the file)
        self.current = ""  # the file a page was last read from

    def eta(self) -> str:
        left = self.total - self.fraction_done()
        elapsed = time.monotonic() - self.started
        done = self.worked + sum(d / t for d, t in self.reading.values() if t)
        if not done or left <= 0:
            return "--:--"
        seconds = int(elapsed / done * left)
        return f"{seconds // 60:02d}:{seconds % 60:02d}"

    def fraction_done(self) -> float:
        """Files done, plus the share of pages read of the files being read."""
        return self.done + sum(d / t for d, t in self.reading.values() if t)

    def page(self, path: Path | str, read: int, total: int) -> None:
        """A page of ``path`` was read (``read`` = 0: the file was started)."""
        self.reading[str(path)] = (read, total)
        self.current = Path(path).name
        if self.interactive:
            self._draw()
        elif read:
            log.debug("%s: page %d of %d read", self.current, read, total)

    def _draw(self) -> None:
        filled = int(BAR_WIDTH * self.fraction_done() / max(self.total, 1))
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        pages = self.pages + sum(d for d, _ in self.reading.values())
        name = self.current if self.reading else ""
        line = (f"\r[{bar}] {self.done}/{self.total} files, {pages} pages, "
                f"ETA {self.eta()}  {name[:NAME_WIDTH]:<{NAME_WIDTH}}")
        self.stream.write(line)
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()

    def interrupted(self) -> None:
        """End the bar's line so that the next message starts on its own."""
        if self.interactive and self.done < self.total:
            self.stream.write("\n")
            self.stream.flush()

    def __call__(self, outcome: FileOutcome) -> None:
        self.done += 1
        self.pages += outcome.pages or 0
        self.reading.pop(str(outcome.path), None)
        if self.reading:
            self.current = Path(next(reversed(self.reading))).name
        if not outcome.skipped:
            self.worked += 1
        name = Path(outcome.path).name
        state = "done earlier" if outcome.skipped else (
            "ok" if outcome.status == "ok" else f"FAILED ({outcome.reason})")
        if self.interactive:
            self._draw()
        else:
            log.log(logging.INFO if outcome.status == "ok" else logging.WARNING,
                    "[%d/%d] %s: %s (%s pages, %.1f s)", self.done, self.total, name, state,
                    outcome.pages if outcome.pages is not None else "-", outcome.seconds)
