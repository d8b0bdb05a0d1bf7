"""Many pages: each page is independent, so :func:`ocr_pages` spreads them over
this process and a process pool of ``jobs - 1`` workers, and returns them in
page order; the result does not depend on the number of workers.

Where the pages run is pluggable: a :data:`PageMap` (an executor's ``map``)
replaces the local pool, e.g. pipeline/cluster.py's, which sends each page to
a Dask cluster as a task of its own."""
from __future__ import annotations

import contextlib
import functools
import logging
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from . import libtesseract, tesseract
from .beside_pool import map_beside_pool
from .engine import EngineCrashed, OcrEngine
from .model import Block
from .ocr_page import ocr_page_image
from .page_files import image_file_frames, load_image_frame, load_pdf_page
from .scan_settings import ScanSettings

log = logging.getLogger(__name__)

#: ``page_map(ocr_task, tasks, settings, engines)``: like ``Executor.map``, the
#: results of ``ocr_task`` over the zipped arguments, in the order of ``tasks``
#: (yielded as they are ready, for progress). A process that runs pages for
#: a map should call :func:`init_page_worker` first, as the local pool's do.
PageMap = Callable[..., Iterable[tuple[int, list[Block]]]]


@dataclass(frozen=True)
class PageTask:
    """One page to OCR: a PDF page or an image-file frame (1-based)."""

    path: str
    kind: str  # "pdf" or "image"
    number: int


def ocr_task(task: PageTask, settings: ScanSettings, engine: OcrEngine) -> tuple[int, list[Block]]:
    """Load and read one page (runs in a worker process)."""
    load = load_pdf_page if task.kind == "pdf" else load_image_frame
    # Not bound to a name here: the page as loaded is freed once prepared.
    return task.number, ocr_page_image(load(task.path, task.number, settings.image), settings, engine)


def init_page_worker() -> None:
    """Worker processes: one thread each, for OpenCV and for Tesseract (cheap: may be repeated).

    libtesseract is not loaded here but on the worker's first read, after
    ``OMP_THREAD_LIMIT`` is set; the worker then keeps its model for every
    page it reads (extract/libtesseract.py)."""
    import cv2

    cv2.setNumThreads(1)
    os.environ.update(libtesseract.TESSERACT_ENV)


def init_forked_page_worker() -> None:
    """A worker of the local pool, forked from the fork server: :func:`init_page_worker`,
    once the objects it inherited are left out of garbage collection (``gc.freeze``). A
    collection writes to every object it scans, and so would copy into each worker the
    pages it shares with the server (measured: ~20 MiB of the preloaded modules). Once per
    process only: repeated, it would also keep the worker's own garbage."""
    import gc

    gc.freeze()
    init_page_worker()


def ocr_pages(path: str | Path, kind: str, numbers: Sequence[int], jobs: int | None = None,
              settings: ScanSettings | None = None, engine: OcrEngine | None = None,
              on_page: Callable[[int], None] | None = None,
              page_map: PageMap | None = None) -> dict[int, list[Block]]:
    """OCR the given pages of a file over ``jobs`` processes (default: all cores).

    Returns the blocks of each page by page number; the result is the same
    whatever ``jobs`` is. ``engine`` reads the pixels (default: Tesseract);
    ``on_page`` is told how many pages are done as each ends; ``page_map``
    runs the pages instead of the local pool (see :data:`PageMap`).
    """
    settings = settings or ScanSettings()
    engine = engine if engine is not None else tesseract.TesseractEngine()
    tasks = [PageTask(str(path), kind, n) for n in numbers]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    if page_map is not None or jobs == 1:
        # The engine reads in this process (or the map's): check it here. With a local pool this
        # process reads its first page at once, and it (or a worker) raises the same error there.
        engine.check(settings.lang)
    results = []
    if page_map is not None:
        for found in page_map(ocr_task, tasks, [settings] * len(tasks), [engine] * len(tasks)):
            results.append(found)
            if on_page:
                on_page(len(results))
    elif jobs == 1:
        with single_threaded_opencv():
            for task in tasks:
                results.append(ocr_task(task, settings, engine))
                if on_page:
                    on_page(len(results))
    else:
        for found in _read_beside_pool(path, tasks, jobs, settings, engine):
            results.append(found)
            if on_page:
                on_page(len(results))
    return dict(sorted(results))


def _read_beside_pool(path: str | Path, tasks: Sequence[PageTask], jobs: int, settings: ScanSettings,
                      engine: OcrEngine) -> Iterator[tuple[int, list[Block]]]:
    """``(number, blocks)`` of every task, read by this process and ``jobs - 1`` pool workers
    (extract/beside_pool.py), as the pages end."""
    try:
        with single_threaded_opencv():
            for _, found in map_beside_pool(functools.partial(ocr_task, settings=settings, engine=engine),
                                            tasks, jobs, mp_context=pool_context(),
                                            initializer=init_forked_page_worker):
                yield found
    except BrokenProcessPool as exc:  # Tesseract runs inside the workers: its crash is theirs
        raise EngineCrashed(f"a page worker died while reading {Path(path).name} "
                            f"(a crash in Tesseract, or the worker was killed): {exc}") from exc


@contextlib.contextmanager
def single_threaded_opencv() -> Iterator[None]:
    """OpenCV on one thread while this process reads pages, as in a pool worker: a page
    reader is one of ``jobs`` processes, one a core (a second OpenCV thread mostly adds
    overhead: 320-360 against 370-510 ms a page of image work, bench/RESULTS.md). The
    caller's setting is put back after."""
    import cv2

    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(before)


def pool_context():
    """Workers forked from a clean server process that has imported this module
    and the text pages' reader (extract/text_pages.py, both pools use it).

    A plain fork copies the parent's OpenCV/OpenMP thread pools without their
    threads, and the workers can then hang on their first image operation;
    the fork server never ran one. Preloading makes starting a worker cheap.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "extract.text_pages", "pdfplumber"])
    return context


def image_pages(path: str | Path) -> list[int]:
    """The page (frame) numbers of an image file."""
    return list(range(1, image_file_frames(path) + 1))
