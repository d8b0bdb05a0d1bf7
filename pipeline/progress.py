"""Progress of a batch: a bar on a terminal, plain log lines elsewhere."""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from .batch import FileOutcome

log = logging.getLogger("kehoach")

BAR_WIDTH = 28


class Progress:
    """Counts finished files and pages and estimates the time left."""

    def __init__(self, total_files: int, stream=None, interactive: bool | None = None):
        self.total = total_files
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.done = 0
        self.pages = 0
        self.started = time.monotonic()
        self.worked = 0  # files actually processed (not skipped), for the ETA

    def eta(self) -> str:
        left = self.total - self.done
        elapsed = time.monotonic() - self.started
        if not self.worked or not left:
            return "--:--"
        seconds = int(elapsed / self.worked * left)
        return f"{seconds // 60:02d}:{seconds % 60:02d}"

    def interrupted(self) -> None:
        """End the bar's line so that the next message starts on its own."""
        if self.interactive and self.done < self.total:
            self.stream.write("\n")
            self.stream.flush()

    def __call__(self, outcome: FileOutcome) -> None:
        self.done += 1
        self.pages += outcome.pages or 0
        if not outcome.skipped:
            self.worked += 1
        name = Path(outcome.path).name
        state = "done earlier" if outcome.skipped else (
            "ok" if outcome.status == "ok" else f"FAILED ({outcome.reason})")
        if self.interactive:
            filled = int(BAR_WIDTH * self.done / max(self.total, 1))
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            line = (f"\r[{bar}] {self.done}/{self.total} files, {self.pages} pages, "
                    f"ETA {self.eta()}  {name[:30]:<30}")
            self.stream.write(line)
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
        else:
            log.warning("[%d/%d] %s: %s (%s pages, %.1f s)", self.done, self.total, name, state,
                        outcome.pages if outcome.pages is not None else "-", outcome.seconds)
