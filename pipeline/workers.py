"""Worker processes that can always be stopped completely.

Each file is read in a worker process that leads its own process group, so
that everything it starts (Tesseract, pdfimages, the page pool's fork server
and its processes) can be ended at once with one ``killpg``. Each worker has
its own temporary folder (``TMPDIR`` and :data:`tempfile.tempdir` point there,
for the worker and everything it starts): stopping a worker removes it, page
images included. A worker whose parent disappears (``kill -9`` of kehoach)
ends its own group, so nothing keeps writing after the command is gone.

The parent's side: :class:`WorkerSignals` turns SIGTERM and SIGINT into a flag
that the batch loop looks at (never an exception in the middle of a write).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

#: How often a worker checks that its parent is still there (seconds).
PARENT_POLL_SECONDS = 0.5
#: Workers' temporary folders: ``kehoach-worker-RUNNERPID-xxxxxxxx`` in the temp folder.
#: Short on purpose: the page pool's socket lives in this folder, and a Unix
#: socket's path may not pass 107 bytes however deep TMPDIR is.
TEMP_PREFIX = "kh-"


class BatchInterrupted(Exception):
    """The batch was stopped by a signal; ``signum`` says which."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _watch_parent(parent: int, temp_dir: str) -> None:
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent:
            shutil.rmtree(temp_dir, ignore_errors=True)
            os.killpg(os.getpgid(0), signal.SIGKILL)


def _die_with_parent() -> None:
    """Ask Linux to kill this process the moment its parent dies (PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the watch thread alone
        pass


def _enter_worker(temp_dir: str, parent: int) -> None:
    """Set up a freshly forked worker: own process group, own temp folder, default signals.

    A worker dies with its parent at once (so it never writes after ``kill -9``
    of kehoach); what it started is ended by the watch thread, or finishes its
    page into a temporary folder that the next run removes.
    """
    try:
        os.setpgid(0, 0)
    except OSError:  # already done by the parent
        pass
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; Ctrl-C reaches it alone
    os.environ["TMPDIR"] = temp_dir
    tempfile.tempdir = temp_dir
    # multiprocessing would make a "pymp-…" folder inside it for the page pool's
    # socket: use the worker's folder itself, one level less of path (see TEMP_PREFIX);
    # it is removed with the folder when the worker stops.
    multiprocessing.current_process()._config["tempdir"] = temp_dir
    threading.Thread(target=_watch_parent, args=(parent, temp_dir), daemon=True,
                     name="kehoach-parent-watch").start()


def _run(target: Callable, args: tuple, temp_dir: str, parent: int) -> None:
    _enter_worker(temp_dir, parent)
    target(*args)


@dataclass
class Worker:
    """A started worker process, its process group and its temporary folder."""

    process: multiprocessing.Process
    temp_dir: str

    @classmethod
    def start(cls, target: Callable, args: tuple, name: str) -> "Worker":
        context = multiprocessing.get_context("fork")
        temp_dir = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")
        process = context.Process(target=_run, args=(target, args, temp_dir, os.getpid()), name=name)
        process.start()
        try:
            os.setpgid(process.pid, process.pid)  # also done by the child: no race either way
        except OSError:
            pass
        return cls(process, temp_dir)

    def stop(self) -> None:
        """End the worker's whole process group (if still running) and remove its temp folder."""
        if self.process.exitcode is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        self.finish()

    def finish(self) -> None:
        """Reap the process; also end what it left in its group; remove its temp folder."""
        self.process.join(timeout=10)
        try:  # a worker that returned may have left children in its group
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        shutil.rmtree(self.temp_dir, ignore_errors=True)


class WorkerSignals:
    """While active, SIGTERM and SIGINT set :attr:`received` instead of stopping the process."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self):
        self.received: int | None = None
        self._previous: dict[int, object] = {}

    def _handle(self, signum, frame) -> None:
        if self.received is None:
            self.received = signum
            log.debug("received %s; stopping", signal.Signals(signum).name)

    def __enter__(self) -> "WorkerSignals":
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def check(self) -> None:
        """Raise :class:`BatchInterrupted` once a signal was received."""
        if self.received is not None:
            raise BatchInterrupted(self.received)


def remove_orphaned_temp_dirs() -> None:
    """Remove the workers' temporary folders of kehoach runs that are gone (killed with -9)."""
    folder = Path(tempfile.gettempdir())
    try:
        entries = [e for e in folder.iterdir() if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    for entry in entries:
        owner = re.match(rf"{TEMP_PREFIX}(\d+)-", entry.name)
        if owner and not _alive(int(owner.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


_WRITER = re.compile(r"\.(\d+)-[^.]*\.part$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_partial_writes(out_dir: Path, stem: str | None = None) -> None:
    """Remove write_atomic's temporary files (``.NAME.PID-xxxxxxxx.part``).

    With ``stem``: that output's, which a worker just stopped was writing. Without:
    those whose writer is gone (a run killed mid-write), never those that another
    kehoach running on the same folder is writing now.
    """
    try:
        entries = list(out_dir.iterdir())
    except OSError:
        return
    prefix = "." if stem is None else f".{stem}."
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".part")):
            continue
        writer = _WRITER.search(entry.name)
        if stem is None and writer and _alive(int(writer.group(1))):
            continue
        entry.unlink(missing_ok=True)
