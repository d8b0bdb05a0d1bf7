"""extract/beside_pool.py: work over the calling process and a pool beside it."""
from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from extract.beside_pool import map_beside_pool
from extract.page_pool import pool_context

CALLER = os.getpid()


def square_where(n: int) -> tuple[int, int]:
    time.sleep(0.05)
    return n * n, os.getpid()


def fail_at_five(n: int) -> int:
    if n == 5:
        raise ValueError("five")
    time.sleep(0.05)
    return n


def die_in_a_worker(n: int) -> int:
    if multiprocessing.parent_process() is not None:  # a pool worker
        os._exit(3)  # what a crash in a native library does to its process
    time.sleep(0.2)
    return n


def test_every_item_once_by_both_readers():
    got = dict(map_beside_pool(square_where, list(range(40)), 2, mp_context=pool_context()))
    assert sorted(got) == list(range(40))
    assert all(got[i][0] == i * i for i in got)
    readers = {pid for _, pid in got.values()}
    assert CALLER in readers and len(readers) == 2, readers


def test_an_error_is_raised_and_no_more_items_are_taken():
    seen = []
    with pytest.raises(ValueError, match="five"):
        for index, value in map_beside_pool(fail_at_five, list(range(100)), 2, mp_context=pool_context()):
            seen.append(index)
    assert 5 not in seen and len(seen) < 90  # it stopped soon after


def test_a_worker_that_dies_is_a_broken_pool():
    with pytest.raises(BrokenProcessPool):
        list(map_beside_pool(die_in_a_worker, list(range(50)), 2, mp_context=pool_context()))


def slow_start() -> None:
    time.sleep(1.5)


def test_a_worker_takes_no_item_before_it_has_started():
    """Items taken only by a started worker: a short job is read by the caller alone
    while the worker is still starting, none of it left waiting for that start."""
    got = dict(map_beside_pool(square_where, list(range(8)), 2, mp_context=pool_context(),
                               initializer=slow_start))
    assert sorted(got) == list(range(8))
    assert {pid for _, pid in got.values()} == {CALLER}
