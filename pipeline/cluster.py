"""The batch on a Dask cluster: ``kehoach extract … --scheduler tcp://HOST:8786``.

Without a scheduler nothing here runs: the local process pool
(pipeline/batch.py, pipeline/workers.py) is the embedded default.

Who does what, and why:

- **Files as tasks.** Each file to do is one task, :func:`read_file_task`,
  which reads and normalizes it and renders its outputs to bytes with the
  same function a local run uses (pipeline/batch.py ``render_file``), so the
  bytes are the same. It returns a :class:`~pipeline.batch.RenderedFile`:
  the outcome and each output's bytes.
- **Pages of scans as tasks.** Inside a file task the OCR of the scanned
  pages is handed to :class:`DaskPageMap` (extract/page_pool.py's pluggable
  page map): each page is a task of its own, possibly on another worker; the
  file task leaves its worker thread while it waits (``worker_client``
  secedes), so the pages can use it. Results come back in page order, so
  the extraction is the same as a local run's.
- **The client writes.** Workers never write: the client writes each file's
  outputs atomically (pipeline/writers.py ``write_atomic``) into the output
  folder and then records it in the manifest, which stays the single source
  of truth with a single writer. A task redone after a worker was lost
  writes nothing twice (its first run's result was never delivered), and the
  output folder need not be shared with the workers. The cost: every
  output's bytes cross the network to the client (tens of kB per file).
- **Inputs are read by the workers at their path** (made absolute on the
  client): the input folder must be visible on every worker at the same
  path (a shared or replicated folder). Sending the bytes instead would put
  every input (up to 512 MiB each) through the client and the scheduler.
  The worker checks that it read the file the client saw (same sha256);
  a different file at that path is a failed file ("unreadable"), never
  outputs of another file.
- **Back-pressure.** At most ``window_per_thread`` × (the cluster's worker
  threads) files are in flight; the next is submitted as one completes, and
  each result is released once written: the client's memory is flat however
  many files are queued.
- **Failures.** A file that fails on a worker is a failed file with the same
  reason and remedy as locally (pipeline/failures.py). A worker lost
  mid-batch: the scheduler gives its tasks to other workers (up to dask's
  ``distributed.scheduler.allowed-failures`` times); a file whose task kills
  that many workers is failed as "crashed". The time limit (``--timeout``)
  is kept by the file task between pages and checked when the file is done:
  a Dask task cannot be stopped from outside, so a single page (or a text
  layer) that never ends is not cut short as a local run's worker would be.
- **Resume.** As locally: a file recorded in the manifest is skipped, so a
  client killed mid-batch and started again finishes the batch with the same
  bytes.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from extract import ExtractError
from normalize.model import kehoach_version

from .batch import BatchOptions, BatchRunner, FileOutcome, RenderedFile, UsageError, render_file, write_rendered
from .failures import Reason
from .naming import printable
from .workers import WorkerSignals

log = logging.getLogger(__name__)

#: The environment variable that gives the scheduler when ``--scheduler`` is not given.
SCHEDULER_ENV = "KEHOACH_SCHEDULER"


@dataclass
class ClusterSettings:
    #: The Dask scheduler's address, e.g. ``tcp://10.0.0.5:8786``.
    scheduler: str
    #: Files in flight per worker thread of the cluster: enough to keep every
    #: thread busy while results travel, few enough that the client's memory is flat.
    window_per_thread: int = 2
    #: Send the OCR of each scanned page as a task of its own (else the file's
    #: task reads its pages one after the other).
    pages_as_tasks: bool = True
    #: Priority of the page tasks over the file tasks: a file's pages run before
    #: the next file is started, so files finish (and are written) early.
    page_priority: int = 10
    #: Seconds to wait for the scheduler when connecting.
    connect_timeout: float = 30.0
    #: Seconds between two looks at the signals (Ctrl-C, SIGTERM) while waiting for results.
    poll_seconds: float = 0.05


class ClusterUnavailable(UsageError):
    """The scheduler cannot be reached, or its workers run another kehoach."""


class ClusterLost(Exception):
    """The cluster lost the batch's tasks (the scheduler went away): the files written are kept."""


class PagesTimedOut(ExtractError):
    reason = Reason.TIMED_OUT.value


class PageCrashed(ExtractError):
    reason = Reason.CRASHED.value


class WorkerMismatch(Exception):
    """A worker runs another version of kehoach than the client (its bytes would differ)."""


def code_version(options: BatchOptions) -> str:
    """What must be the same on the client and a worker for the outputs to be the same."""
    return f"{kehoach_version()}|{options.version()}"


@dataclass
class FileTask:
    """One file for a worker: opened at ``path``, named ``shown`` in the outputs."""

    path: str  # absolute: the workers' working folder is not the client's
    shown: str  # as given on the command line, as a local run's outputs hold it
    stem: str
    sha256: str  # as the client read it
    options: BatchOptions
    version: str  # the client's code_version()
    pages_as_tasks: bool = True
    page_priority: int = 10

    def key(self) -> str:
        """The same task, the same key: a client started again after being killed finds
        the task it had submitted if the scheduler still holds it."""
        return "kehoach-file-" + hashlib.sha256(repr(self).encode("utf-8")).hexdigest()[:32]


@dataclass
class DaskPageMap:
    """extract/page_pool.py's page map, running each page as a Dask task (from inside a task).

    Pages not back by ``deadline`` (time.monotonic() on this worker) are cancelled
    and the file is timed out. The tasks' keys hold the file's sha256: a page of
    another file at the same path is never taken for this one's.
    """

    deadline: float
    sha256: str
    priority: int = 10
    timeout: float = 0.0  # the limit, for the message

    def __call__(self, function: Callable, tasks: Sequence, *arguments: Sequence) -> Iterable:
        from distributed import KilledWorker, worker_client

        with worker_client() as client:  # secedes: this thread may run pages meanwhile
            futures = client.map(_run_page, [function] * len(tasks), tasks, *arguments,
                                 key=f"kehoach-page-{self.sha256[:16]}", priority=self.priority)
            try:
                for future in futures:
                    remaining = self.deadline - time.monotonic()
                    try:
                        found = future.result(timeout=max(remaining, 0.001))
                    except TimeoutError:
                        raise PagesTimedOut(f"stopped after {self.timeout:g} s") from None
                    except KilledWorker as exc:
                        raise PageCrashed(f"reading a page killed the workers ({exc})") from None
                    future.release()
                    yield found
            finally:
                client.cancel(futures)


def _run_page(function: Callable, *arguments):
    from extract.page_pool import init_page_worker  # OpenCV: imported on the workers only

    init_page_worker()
    return function(*arguments)


def read_file_task(task: FileTask) -> RenderedFile:
    """Read one file on a worker: its outcome and its outputs' bytes (nothing written)."""
    if code_version(task.options) != task.version:
        raise WorkerMismatch(f"a worker runs kehoach {code_version(task.options)!r}, the client "
                             f"{task.version!r}: install the same kehoach on every worker")
    from extract.page_pool import init_page_worker  # OpenCV: imported on the workers only

    init_page_worker()
    options = task.options
    page_map = DaskPageMap(time.monotonic() + options.timeout, task.sha256, task.page_priority,
                           options.timeout) if task.pages_as_tasks else None
    rendered = render_file(Path(task.path), task.stem, options, page_map=page_map, shown_path=task.shown)
    outcome = rendered.outcome
    name = Path(task.shown).name
    if outcome.sha256 and outcome.sha256 != task.sha256:
        return RenderedFile(FileOutcome(
            path=task.shown, status="failed", stem=task.stem, sha256=task.sha256, reason=Reason.UNREADABLE.value,
            message=f"{name}: the worker read another file at {task.path} (sha256 {outcome.sha256[:12]}…, "
                    f"the client's {task.sha256[:12]}…): the input folder must be the same on every worker"))
    if outcome.seconds > options.timeout:
        return RenderedFile(FileOutcome(path=task.shown, status="failed", stem=task.stem, sha256=task.sha256,
                                        reason=Reason.TIMED_OUT.value, seconds=round(options.timeout, 2),
                                        message=f"{name}: stopped after {options.timeout:g} s"))
    return rendered


class ClusterRunner(BatchRunner):
    """The batch runner with files (and pages) sent to a Dask cluster; the rest of the batch
    (the manifest, the skipped files, the reports) is BatchRunner's."""

    def __init__(self, options: BatchOptions, settings: ClusterSettings,
                 on_file: Callable[[FileOutcome], None] | None = None,
                 on_page: Callable[[str, int, int], None] | None = None):
        super().__init__(options, on_file, on_page)
        self.settings = settings

    def _connect(self):
        from distributed import Client

        try:
            return Client(self.settings.scheduler, timeout=self.settings.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterUnavailable(f"cannot reach the Dask scheduler at {self.settings.scheduler}: {exc}") from exc

    def _execute(self, queue: list[tuple[Path, str]], stems: dict[Path, str], signals: WorkerSignals,
                 done: Callable[[Path, str, FileOutcome], None]) -> None:
        if not queue:
            return
        from distributed import as_completed

        settings = self.settings
        client = self._connect()
        version = code_version(self.options)
        waiting = deque(queue)
        in_flight: dict = {}  # future -> (path, sha256)
        completed = as_completed([], loop=client.loop, with_results=False)
        threads = sum(client.nthreads().values())
        log.info("%d file(s) to the Dask cluster at %s (%d worker threads now)", len(queue),
                 settings.scheduler, threads)
        if not threads:
            log.warning("the Dask cluster at %s has no worker yet: the files wait for one", settings.scheduler)
        try:
            while waiting or in_flight:
                signals.check()
                if waiting:
                    threads = sum(client.nthreads().values())
                    window = max(1, settings.window_per_thread * threads)
                    while waiting and len(in_flight) < window:
                        path, sha256 = waiting.popleft()
                        task = FileTask(path=os.path.abspath(path), shown=str(path), stem=stems[path],
                                        sha256=sha256, options=self.options, version=version,
                                        pages_as_tasks=settings.pages_as_tasks,
                                        page_priority=settings.page_priority)
                        future = client.submit(read_file_task, task, key=task.key(), pure=False)
                        in_flight[future] = (path, sha256)
                        completed.add(future)
                        self.on_page(printable(str(path)), 0, 0)  # sent: no page read yet
                if not completed.has_ready():  # a short sleep, not a blocking wait: signals are looked at
                    time.sleep(settings.poll_seconds)
                    continue
                for future in completed.next_batch(block=False):
                    path, sha256 = in_flight.pop(future)
                    outcome = self._collect(future, path, stems[path], sha256)
                    future.release()  # its bytes are written: the scheduler may forget them
                    del future
                    done(path, sha256, outcome)
        finally:
            completed.clear()
            if in_flight:
                client.cancel(list(in_flight))
            client.close()

    def _collect(self, future, path: Path, stem: str, sha256: str) -> FileOutcome:
        """A finished task's outputs written (by this client alone), or the file's failure."""
        from distributed import CancelledError, KilledWorker

        def failed(reason: Reason, message: str) -> FileOutcome:
            return FileOutcome(path=str(path), status="failed", stem=stem, sha256=sha256,
                               reason=reason.value, message=f"{path.name}: {message}")

        try:
            rendered = future.result()
        except KilledWorker as exc:
            return failed(Reason.CRASHED, f"its task ended the worker that ran it, again and again "
                                          f"(dask's allowed-failures): {exc}")
        except WorkerMismatch as exc:
            raise ClusterUnavailable(str(exc)) from exc
        except CancelledError as exc:
            raise ClusterLost(f"the cluster at {self.settings.scheduler} lost the task of {path.name}") from exc
        except Exception as exc:  # the task itself failed (render_file catches what the file causes)
            return failed(Reason.INTERNAL_ERROR, f"{exc.__class__.__name__}: {exc}")
        return write_rendered(rendered, self.options.out_dir)
