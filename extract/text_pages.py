"""The text-layer pages of a PDF, read with pdfplumber in this process or
spread over a process pool.

Every page is parsed once (pdfminer's interpretation of its content stream,
which is most of the time a text page costs) and then read from the objects
of that one parse: the test for a usable layer, the layer's origin, the
ruled tables and their text, the lines outside them and the page's text for
the decoder. That parse is kehoach's own (``TextLayerSettings.fast_parse``):
the content stream tokenized in C (extract/content_stream.py) and pdfplumber's
objects built with less work (extract/layout_objects.py), the very objects
pdfplumber's own parse gives. What a page's reading cached is dropped before
the next page, so memory stays flat in the number of pages.

Pages are independent. With ``jobs`` above one and a file long enough to pay
for starting the workers (``TextLayerSettings.pool_min_pages``), the pages are
cut into contiguous runs, each run read by this process or a worker beside it
(extract/beside_pool.py), which opens the file itself; the results are put back
in page order, so they do not depend on the number of workers.
"""
from __future__ import annotations

import functools
import logging
import math
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from .beside_pool import map_beside_pool
from .content_stream import parse_page
from .layout_objects import set_page_objects
from .model import Block, Line
from .pdf_text import TextLayerSettings, page_has_text_layer, read_text_page

log = logging.getLogger(__name__)

#: Given a page's text layer and its fonts' names, a function that turns each
#: piece of the page's text into readable text (an old 8-bit font's encoding
#: converted, say), or None when the layer cannot be read and the page must be
#: OCR'd. Supplied by the caller (normalize/ knows the encodings), so extract/
#: stays ignorant of any language. It must be picklable (a module-level
#: function) to be used by the workers.
PageDecoder = Callable[[str, list[str]], Optional[Callable[[str], str]]]


def decoded_page(page, number: int, settings: TextLayerSettings,
                 decode_page: PageDecoder | None) -> list[Block] | None:
    """The blocks of a pdfplumber page's text layer, or None when the page needs OCR."""
    if not page_has_text_layer(page, settings):
        return None
    blocks = read_text_page(page, number, settings)
    if decode_page is None:
        return blocks
    fonts = sorted({char.get("fontname", "") for char in page.chars})
    decode = decode_page(page.extract_text() or "", fonts)
    if decode is None:
        log.info("page %d: the text layer cannot be read; it will be OCR'd", number)
        return None
    for block in blocks:
        if isinstance(block, Line):
            block.text = decode(block.text)
        else:
            for row in block.rows:
                for cell in row.cells:
                    cell.text = decode(cell.text)
    return blocks


def drop_parsed_objects(pdf) -> None:
    """Empty pdfminer's cache of parsed objects (it is refilled on demand)."""
    cache = getattr(getattr(pdf, "doc", None), "_cached_objs", None)
    if isinstance(cache, dict):
        cache.clear()


def read_pages(pdf, numbers: Iterable[int], settings: TextLayerSettings,
               decode_page: PageDecoder | None) -> Iterator[tuple[int, list[Block] | None]]:
    """Read the given pages (1-based) of an open pdfplumber PDF, one after the
    other; yields (page number, blocks, or None for a page that needs OCR)."""
    pages = pdf.pages
    for number in numbers:
        page = pages[number - 1]
        # Pages are streamed: what a page's reading cached (its layout, its
        # characters, the objects pdfminer parsed for it) is dropped before
        # the next, so memory stays flat in the number of pages.
        try:
            if settings.fast_parse:
                parse_page(page)  # pdfminer's layout, the content stream tokenized in C
                set_page_objects(page)  # pdfplumber's objects of it, made with less work
            decoded = decoded_page(page, number, settings, decode_page)
        finally:
            page.close()
            drop_parsed_objects(pdf)
        yield number, decoded


def _read_run(path: str, numbers: Sequence[int], settings: TextLayerSettings,
              decode_page: PageDecoder | None) -> list[tuple[int, list[Block] | None]]:
    """A run of pages of a file, in this process or a worker: the file is opened here."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return list(read_pages(pdf, numbers, settings, decode_page))


def runs(count: int, jobs: int, settings: TextLayerSettings) -> list[list[int]]:
    """Pages 1..count cut into contiguous runs, about ``pool_runs_per_worker`` per worker."""
    size = max(1, math.ceil(count / (jobs * settings.pool_runs_per_worker)))
    return [list(range(start, min(start + size, count + 1))) for start in range(1, count + 1, size)]


def pool_jobs(count: int, jobs: int | None, settings: TextLayerSettings) -> int:
    """How many workers read a file of ``count`` pages (1: this process reads them)."""
    if count < settings.pool_min_pages:
        return 1
    return max(1, min(jobs or os.cpu_count() or 1, count))


def read_pages_pooled(path: str | Path, count: int, jobs: int, settings: TextLayerSettings,
                      decode_page: PageDecoder | None) -> Iterator[tuple[int, list[Block] | None]]:
    """Every page of a file over ``jobs`` readers (this process and ``jobs - 1`` workers,
    extract/beside_pool.py), yielded in page order as the runs are read (see
    :func:`read_pages`); a run read before an earlier one waits here for it."""
    from .page_pool import pool_context

    work = runs(count, jobs, settings)
    log.debug("%s: %d pages over %d readers in %d runs", Path(path).name, count, jobs, len(work))
    read = functools.partial(_read_run, str(path), settings=settings, decode_page=decode_page)
    waiting: dict[int, list[tuple[int, list[Block] | None]]] = {}
    following = 0
    for index, result in map_beside_pool(read, work, jobs, mp_context=pool_context()):
        waiting[index] = result
        while following in waiting:
            yield from waiting.pop(following)
            following += 1
