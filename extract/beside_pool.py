"""Work spread over this process and a process pool beside it.

:func:`map_beside_pool` runs a function over items with ``jobs`` readers: the
calling process itself and ``jobs - 1`` pool workers, each taking the next item
as it ends one. The calling process begins at once, while the pool's fork server
and workers are still starting (about a second, importing OpenCV and the
readers); a pool of ``jobs`` workers would leave the caller idle and every
reader waiting for that start. A short job is then never slower than reading it
in one process, and a long one gains the start.

Each worker is given one item at a time, by a feeder thread of the calling
process that waits for it, and only once the worker has started: an item queued
for a worker could not be taken back by an idle reader (the calling process,
which may have ended the rest while the worker was starting).
"""
from __future__ import annotations

import os
import queue
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_FEEDER_DONE = object()


def _started() -> int:
    """Answered by a worker once it has started (its initializer run)."""
    return os.getpid()


def map_beside_pool(function: Callable[[Item], Result], items: Sequence[Item], jobs: int, *,
                    mp_context, initializer: Callable[[], None] | None = None
                    ) -> Iterator[tuple[int, Result]]:
    """Yield ``(index, function(items[index]))`` for every item, as each ends (not in order).

    ``function`` and the items must be picklable (the workers run it too). An
    error of ``function``, here or in a worker (a worker that died: the pool's
    ``BrokenProcessPool``), is raised here once this process ends the item it
    is on; no reader takes another item after it, and the pool ends with the
    items it has begun.
    """
    todo = deque(enumerate(items))
    lock = threading.Lock()
    done: queue.SimpleQueue = queue.SimpleQueue()
    stop = threading.Event()

    def next_item() -> tuple[int, Item] | None:
        with lock:
            return todo.popleft() if todo and not stop.is_set() else None

    def feed(pool: ProcessPoolExecutor) -> None:
        try:
            pool.submit(_started).result()
            while (taken := next_item()) is not None:
                index, item = taken
                done.put((index, pool.submit(function, item).result()))
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread, which raises it
            stop.set()
            done.put(exc)
        finally:
            done.put(_FEEDER_DONE)

    feeding = 0

    def handed_over(wait: bool) -> Iterator[tuple[int, Result]]:
        """What the feeders handed over: all of it (``wait``) or what is there now; a
        feeder's error is raised."""
        nonlocal feeding
        while feeding and (wait or not done.empty()):
            item = done.get()
            if item is _FEEDER_DONE:
                feeding -= 1
            elif isinstance(item, BaseException):
                raise item
            else:
                yield item

    workers = max(0, jobs - 1)
    threads: list[threading.Thread] = []
    try:
        with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=mp_context,
                                 initializer=initializer) as pool:
            threads = [threading.Thread(target=feed, args=(pool,), daemon=True,
                                        name=f"kehoach-pool-feeder-{i}") for i in range(workers)]
            for thread in threads:
                thread.start()
            feeding = len(threads)
            try:
                while (taken := next_item()) is not None:
                    index, item = taken
                    yield index, function(item)
                    yield from handed_over(wait=False)
                yield from handed_over(wait=True)
            except BaseException:
                stop.set()  # the feeders take no more items
                raise
    finally:
        for thread in threads:
            thread.join()
