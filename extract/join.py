"""Continued tables across OCR'd pages: running lines and repeated headers made
to read the same on every page, so that the join of continued tables works."""
from __future__ import annotations

import difflib
import logging
import statistics
import unicodedata
from collections import Counter
from dataclasses import replace

import regex

from .model import Block, Line, Row, Table
from .pdf_text import _is_page_furniture, running_lines

log = logging.getLogger(__name__)


def _row_key(row: Row) -> str:
    return " | ".join(" ".join(unicodedata.normalize("NFC", t).split()) for t in row.texts)


def _digit_groups(text: str) -> list[str]:
    return regex.findall(r"\d+", text)


def _masked(text: str) -> str:
    return regex.sub(r"\d+", "#", " ".join(text.split()))


def _same_place(a: Line, b: Line, tolerance: float) -> bool:
    """Two lines at the same height of their pages (PDF points)."""
    return a.bbox is not None and b.bbox is not None and abs(a.bbox[1] - b.bbox[1]) <= tolerance


def harmonize_running_lines(blocks: list[Block], min_similarity: float = 0.75,
                            min_similarity_in_place: float = 0.5, place_tolerance: float = 12.0,
                            doubtful_confidence: float = 60.0) -> list[Block]:
    """Make an OCR'd running header or footer read the same on every page.

    :func:`~extract.pdf_text.running_lines` knows a running line by its text
    (digits aside) appearing on several pages; OCR reads it a little
    differently each time. The first and last lines of the pages are grouped
    by similarity (difflib ratio of the texts with digits masked, at least
    ``min_similarity``, or ``min_similarity_in_place`` for lines at the same
    height of their pages, within ``place_tolerance`` points); in a group that spans pages, every line takes the
    text of the group's consensus reading (the one most alike to all the
    others, weighted by its confidence, among the readings with as many numbers
    as most of the group's), with its own numbers put back (a page number stays
    this page's); a line that reads numbers where the group's usual reading has
    none takes the consensus as it is (letters misread as digits). The two
    first and two last lines of a page are looked at, and the first and last read at or above ``doubtful_confidence``
    (a speck read under the footer is the page's last line). A doubtful lone line at the place of a running
    line joins it (:func:`_join_doubtful_lines`).
    """
    by_page: dict[int, list[Line]] = {}
    for block in blocks:
        if isinstance(block, Line) and block.page is not None:
            by_page.setdefault(block.page, []).append(block)
    groups: list[list[Line]] = []
    for page in sorted(by_page):
        lines = by_page[page]
        # A page's first two and last two lines, and its first and last read with confidence:
        # a speck read as "“Ì" under a footer, or the footer's last word read as a line of its
        # own ("thị" beside "… không phải văn bản"), would otherwise stand in for the footer.
        sure = [line for line in lines if line.confidence is None or line.confidence >= doubtful_confidence]
        ends = lines[:2] + lines[-2:] + ([sure[0], sure[-1]] if sure else [])
        for line in [line for i, line in enumerate(ends) if all(line is not other for other in ends[:i])]:
            key = _masked(line.text)
            for group in groups:
                ratio = difflib.SequenceMatcher(None, _masked(group[0].text), key).ratio()
                if ratio >= min_similarity or (ratio >= min_similarity_in_place
                                               and _same_place(group[0], line, place_tolerance)):
                    group.append(line)
                    break
            else:
                groups.append([line])
    groups = _join_doubtful_lines(groups, place_tolerance, doubtful_confidence)
    for group in groups:
        if len({line.page for line in group}) < 2:
            continue
        keys = [_masked(line.text) for line in group]
        # The model reads as many numbers as most of the group: a footer that prints none
        # read "7 ¡ mẫu …" on one page ("Tài liệu" taken for a 7) is not the model …
        counts = Counter(len(_digit_groups(line.text)) for line in group)
        usual = max(counts, key=lambda count: (counts[count], -count))
        model = max((line for line in group if len(_digit_groups(line.text)) == usual),
                    key=lambda line: sum(difflib.SequenceMatcher(None, _masked(line.text), key).ratio()
                                         for key in keys) * _weight(line))
        for line in group:
            mine = _digit_groups(line.text)
            if line is model or (len(mine) != usual and usual):
                continue  # … and a line that reads other numbers than a numbered running line keeps its own
            if len(mine) != usual:  # digits misread in a line printed without any
                line.text = " ".join(model.text.split())
                log.debug("page %s: running line read as %r", line.page, line.text)
                continue
            numbers = iter(mine)
            line.text = regex.sub(r"\d+", lambda _: next(numbers), " ".join(model.text.split()))
            log.debug("page %s: running line read as %r", line.page, line.text)
    return blocks


def _weight(line: Line) -> float:
    """A line's say in the consensus: its confidence (0..1), or 1 when it has none (a text layer)."""
    return 1.0 if line.confidence is None else max(line.confidence, 1.0) / 100.0


def _join_doubtful_lines(groups: list[list[Line]], tolerance: float, doubtful: float) -> list[list[Line]]:
    """A lone first or last line of a page at the place of a running line
    printed on other pages (same height, within ``tolerance`` points) joins
    it, so that it is taken as that line, when it is a piece of it (its
    extent inside the running line's: a small footer in a harsh scan read
    "h phải") or read doubtfully (below ``doubtful``) over it."""
    running = [g for g in groups if len({line.page for line in g}) >= 2]
    out = []
    for group in groups:
        line = group[0]
        home = None
        if len(group) == 1 and line.bbox is not None:
            home = next((g for g in running if line.page not in {other.page for other in g}
                         and _same_place(g[0], line, tolerance) and _over(g[0], line, tolerance, doubtful)), None)
        if home is None:
            out.append(group)
            continue
        log.debug("page %s: line %r taken as the running line %r", line.page, line.text, home[0].text)
        home.append(line)
    return out


def _over(running: Line, line: Line, tolerance: float, doubtful: float) -> bool:
    """Whether ``line`` lies inside ``running``'s extent, or overlaps it and is doubtful."""
    (a0, _, a1, _), (b0, _, b1, _) = running.bbox, line.bbox
    inside = a0 - tolerance <= b0 and b1 <= a1 + tolerance
    overlaps = min(a1, b1) > max(a0, b0)
    return inside or (overlaps and line.confidence is not None and line.confidence < doubtful)


def harmonize_repeated_headers(blocks: list[Block], max_rows: int = 3, min_similarity: float = 0.85) -> list[Block]:
    """Make an OCR'd header that a continuation page repeats read like the first one.

    :func:`~extract.pdf_text.join_continued_tables` drops a continuation's
    leading rows only when their text equals the table's first rows; OCR
    rarely reads the same header twice to the letter. When a table starts a
    later page right after another table (nothing but page furniture between
    them: page numbers, running headers and footers) with the same width, each
    leading row whose text is at least ``min_similarity`` alike (difflib
    ratio) to the header row at the same place, with the same numbers, gets
    that header row's text, so that the join drops it (a row that differs in
    a number is a row of its own: "3 | Việc | Sở Nội vụ" under "1 | Việc | Sở
    Nội vụ" would otherwise be dropped as a repeat). Run
    :func:`harmonize_running_lines` first.
    """
    running = running_lines(blocks)
    previous: Table | None = None
    for block in blocks:
        if isinstance(block, Table):
            if (previous is not None and block.width == previous.width and block.rows and previous.rows
                    and (block.rows[0].page or 0) > (previous.rows[-1].page or 0)):
                for index in range(min(max_rows, len(block.rows), len(previous.rows))):
                    head, row = previous.rows[index], block.rows[index]
                    ratio = difflib.SequenceMatcher(None, _row_key(head), _row_key(row)).ratio()
                    if ratio < min_similarity or _digit_groups(_row_key(head)) != _digit_groups(_row_key(row)):
                        break  # not alike, or another row ("3 | Việc" is no repeat of "1 | Việc")
                    if ratio < 1.0:
                        log.debug("page %s: header row %r read as %r", row.page, _row_key(head), _row_key(row))
                        row.cells = [replace(cell, text=model.text) for cell, model in zip(row.cells, head.cells)]
            previous = block
        elif not _is_page_furniture(block, running):
            previous = None
    return blocks


def drop_doubtful_breaks(blocks: list[Block], doubtful_confidence: float = 60.0,
                         speck_height: float = 0.6) -> list[Block]:
    """Leave out the doubtful lines that alone stand between a table and its continuation.

    A table that ends a page and one of the same width that starts a later
    page are joined when nothing but page furniture stands between them. A
    footer that a harsh scan garbles ("Tòi I4 uỡng hợp đứng để ) sêm H", read
    at confidence 0) is no running line any more and would keep the two
    apart. When every line between them that is not furniture was read below
    ``doubtful_confidence`` or is a speck (no letter or digit: a "|" read off the
    edge of a table; or one lone letter: a phone photo's desk edge read "W"; or a
    few characters in a box less than ``speck_height`` of the OCR'd lines' median
    height: a photo's "sá" 2 pt high, all at any confidence), those lines are logged
    and left out.
    """
    running = running_lines(blocks)
    heights = [b.bbox[3] - b.bbox[1] for b in blocks
               if isinstance(b, Line) and b.bbox is not None and b.confidence is not None]
    low_line = speck_height * float(statistics.median(heights)) if heights else 0.0
    tables = [i for i, block in enumerate(blocks) if isinstance(block, Table)]
    dropped: set[int] = set()
    for first, second in zip(tables, tables[1:]):
        a, b = blocks[first], blocks[second]
        if not (a.rows and b.rows and a.width == b.width and (b.rows[0].page or 0) > (a.rows[-1].page or 0)):
            continue
        between = [i for i in range(first + 1, second) if not _is_page_furniture(blocks[i], running)]
        if between and all(isinstance(blocks[i], Line) and blocks[i].confidence is not None
                           and (blocks[i].confidence < doubtful_confidence or _is_speck(blocks[i].text)
                                or _is_small_speck(blocks[i], low_line))
                           for i in between):
            for i in between:
                log.info("page %s: doubtful line between a table and its continuation left out: %r",
                         blocks[i].page, blocks[i].text)
            dropped.update(between)
    return [block for i, block in enumerate(blocks) if i not in dropped]


def _is_speck(text: str) -> bool:
    """OCR'd text with no letter or digit in it ("|", "'", "“ ."), or one letter alone
    ("W"): a speck, an edge, a stroke."""
    text = text.strip()
    return not any(ch.isalnum() for ch in text) or (len(text) == 1 and text.isalpha())


def _is_small_speck(line: Line, low_line: float, max_chars: int = 3) -> bool:
    """A few characters in a box lower than any line of text ("sá" 2 pt high, a "H" in a corner)."""
    return (line.bbox is not None and len("".join(line.text.split())) <= max_chars
            and line.bbox[3] - line.bbox[1] < low_line)


def harmonize_continuations(blocks: list[Block]) -> list[Block]:
    """What OCR'd pages need before the join, in order: running lines made
    alike, doubtful lines between a table and its continuation left out,
    repeated headers made alike."""
    return harmonize_repeated_headers(drop_doubtful_breaks(harmonize_running_lines(blocks)))
