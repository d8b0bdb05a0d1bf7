"""Table grids on page images: ruling lines found with OpenCV (steps 1-3, in
extract/rulings.py), and columns inferred from word positions when a table has no ruling.

Ruled tables, step by step:

1.-3. find the ruling lines (extract/rulings.py: binarize, keep the
   line-shaped runs of ink, merge their pieces into lines);
4. group rulings that cross into tables, take the column and row
   boundaries, and decide for every cell edge whether a ruling covers it: an
   edge without one joins the two cells (spanning cells, section rows).

Stamps and signatures are curves, which step 2 removes; their colour is
already gone from the grayscale image (see :mod:`extract.page_image`).

Everything is measured in the image's pixels; the settings are in points
(1/72 inch) and converted with the image's resolution.
"""
from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:  # the rulings are found in extract/rulings.py, which imports this module's settings
    from .rulings import Ruling, Rulings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GridSettings:
    """How ruling lines and grids are found; lengths are in points (1/72 inch)."""

    #: Adaptive threshold: window side and how much darker than its
    #: surroundings (0..255) a pixel must be to count as ink.
    threshold_window: float = 8.0
    threshold_offset: int = 12
    #: Breaks of a line's pixels this short are closed before anything else
    #: (a thin line that the threshold cut into dashes).
    pixel_gap: float = 1.0
    #: Shortest straight run kept as a piece of a ruling line. Letters are
    #: shorter: the stems of left-aligned lines of 13-pt text are ~9 pt.
    piece_length: float = 12.0
    #: Shortest ruling line on its own: anything shorter is text (a dash, a
    #: bold bar). A shorter piece still counts when both its ends touch
    #: rulings of a table (a column border inside one short row).
    min_line_length: float = 36.0
    #: Thickest ruling line; thicker straight runs are filled shapes.
    max_thickness: float = 4.0
    #: Two parallel lines this close (centre to centre) that run side by side
    #: are one doubled ruling (a double border); no row or column is this narrow.
    doubled_distance: float = 3.5
    #: Longest break bridged inside one ruling line (broken, faint lines).
    max_gap: float = 8.0
    #: Pieces and lines whose positions differ by less than this are one line.
    position_tolerance: float = 1.5
    #: A line that ends this close to another one still touches it.
    touch_tolerance: float = 5.0
    #: A short run counts as a border inside one row only when both its ends
    #: meet a ruling line, at most this far from its edge: a drawn border
    #: joins the lines, while a tall letter's stem ("Ỉ", "Đ" in bold
    #: capitals, as tall as a one-line row) stands clear of them by the cell's padding.
    short_border_meet: float = 1.0
    #: A ruling line stands free: along each of its sides, at most this share
    #: of the band ``clearance`` points away from it holds ink. The baseline
    #: of a blurred text line (serifs run together) fails: letters stand on it.
    max_attached: float = 0.35
    clearance: float = 1.0
    #: Share of a cell's edge that ruling must cover for the edge to separate
    #: two cells; below it the cells are one spanning cell.
    min_edge_cover: float = 0.5
    #: How far around a ruling line the image is erased before OCR.
    erase_margin: float = 1.0
    #: Columns inferred from words (tables without ruling): a gap between
    #: columns is at least this wide, and is empty on at least ``min_gap_share``
    #: of the lines of the table; a table needs ``min_columns`` columns and
    #: ``min_rows`` lines that use at least two of them.
    min_column_gap: float = 10.0
    min_gap_share: float = 0.9
    #: The same share on the whole page, where titles and running text cross
    #: the gaps, to find the candidate columns before the table's lines are known.
    page_gap_share: float = 0.6
    min_columns: int = 3
    min_rows: int = 3


def points_to_pixels(points: float, dpi: float) -> float:
    return points * dpi / 72.0


# -- grids ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GridCell:
    """A cell of a grid: its output row and column, spans, and box (pixels)."""

    row: int
    col: int
    row_span: int
    col_span: int
    box: tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class Grid:
    """One table on a page image.

    ``xs`` and ``ys`` are the column and row boundaries (pixels); ``rows`` are
    the bands that start at least one cell (a band that only continues cells
    from above is not a row). ``slots`` maps every (band, column) to the index
    of the cell covering it.
    """

    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    slots: dict[tuple[int, int], int] = field(default_factory=dict)
    band_row: dict[int, int] = field(default_factory=dict)
    ruled: bool = True

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    @property
    def n_rows(self) -> int:
        return len(set(self.band_row.values()))

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def contains(self, x: float, y: float) -> bool:
        x0, top, x1, bottom = self.box
        return x0 <= x <= x1 and top <= y <= bottom

    def cell_index_at(self, x: float, y: float) -> int | None:
        """The cell whose slot holds the point, or None outside the grid."""
        if not self.contains(x, y):
            return None
        col = min(max(bisect.bisect_right(self.xs, x) - 1, 0), self.n_cols - 1)
        band = min(max(bisect.bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.slots.get((band, col))


def _cluster(values: Sequence[float], tolerance: float) -> list[float]:
    """Sorted values with neighbours closer than ``tolerance`` merged into their mean."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [float(np.mean(g)) for g in groups]


def _touches(h: Ruling, v: Ruling, tolerance: float) -> bool:
    return (h.start - tolerance <= v.position <= h.end + tolerance
            and v.start - tolerance <= h.position <= v.end + tolerance)


def _connected_groups(hs: list[Ruling], vs: list[Ruling], tolerance: float) -> list[tuple[list[Ruling], list[Ruling]]]:
    """Sets of rulings that cross or touch each other (candidate tables)."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touches(h, v, tolerance):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Ruling], list[Ruling]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 1]


def _cover(rulings: list[Ruling], position: float, start: float, end: float, tolerance: float) -> float:
    """Share of [start, end] covered by rulings at ``position``."""
    intervals = sorted((max(r.start, start), min(r.end, end)) for r in rulings
                       if abs(r.position - position) <= tolerance and r.end > start and r.start < end)
    covered, reach = 0.0, start
    for lo, hi in intervals:
        lo = max(lo, reach)
        if hi > lo:
            covered += hi - lo
            reach = hi
    return covered / max(end - start, 1e-6)


def build_grid(hs: list[Ruling], vs: list[Ruling], dpi: float, settings: GridSettings) -> Grid | None:
    """The grid of one table from its rulings, with spanning cells merged."""
    tolerance = points_to_pixels(settings.position_tolerance, dpi) * 2
    near = points_to_pixels(settings.touch_tolerance, dpi)

    def bounds(lines: list[Ruling], across: list[Ruling]) -> list[float]:
        # The lines' ends bound the table where no border is drawn; a border
        # they run into (slanted on a photo, so the ends stick out) is the bound.
        ends = (min(r.start for r in lines), max(r.end for r in lines))
        return [end for end in ends if not any(abs(r.position - end) <= near for r in across)]

    xs = _cluster([v.position for v in vs] + bounds(hs, vs), tolerance)
    ys = _cluster([h.position for h in hs] + bounds(vs, hs), tolerance)
    if len(xs) < 2 or len(ys) < 2 or (len(xs) - 1) * (len(ys) - 1) < 2:
        return None
    n_bands, n_cols = len(ys) - 1, len(xs) - 1
    cover = settings.min_edge_cover

    def v_border(band: int, j: int) -> bool:  # between column j-1 and j
        return j in (0, n_cols) or _cover(vs, xs[j], ys[band], ys[band + 1], tolerance) >= cover

    def h_border(i: int, col: int) -> bool:  # between band i-1 and i
        return i in (0, n_bands) or _cover(hs, ys[i], xs[col], xs[col + 1], tolerance) >= cover

    parent = {(i, j): (i, j) for i in range(n_bands) for j in range(n_cols)}

    def find(slot):
        while parent[slot] != slot:
            parent[slot] = parent[parent[slot]]
            slot = parent[slot]
        return slot

    for i in range(n_bands):
        for j in range(n_cols):
            if j + 1 < n_cols and not v_border(i, j + 1):
                parent[find((i, j + 1))] = find((i, j))
            if i + 1 < n_bands and not h_border(i + 1, j):
                parent[find((i + 1, j))] = find((i, j))
    regions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for slot in parent:
        regions.setdefault(find(slot), []).append(slot)
    starts = sorted({min(i for i, _ in slots) for slots in regions.values()})
    band_row = {}
    row = -1
    for band in range(n_bands):
        if band in starts:
            row += 1
        band_row[band] = max(row, 0)
    cells: list[GridCell] = []
    slot_index: dict[tuple[int, int], int] = {}
    ordered = sorted(regions.values(), key=lambda s: (min(i for i, _ in s), min(j for _, j in s)))
    for slots in ordered:
        i0, i1 = min(i for i, _ in slots), max(i for i, _ in slots)
        j0, j1 = min(j for _, j in slots), max(j for _, j in slots)
        index = len(cells)
        cells.append(GridCell(row=band_row[i0], col=j0, row_span=band_row[i1] - band_row[i0] + 1,
                              col_span=j1 - j0 + 1, box=(xs[j0], ys[i0], xs[j1 + 1], ys[i1 + 1])))
        for slot in slots:
            slot_index[slot] = index
    return Grid(xs=xs, ys=ys, cells=cells, slots=slot_index, band_row=band_row)


def _short_borders(short: list[Ruling], across: list[Ruling], along: list[Ruling], tolerance: float,
                   meet: float) -> list[Ruling]:
    """Short runs whose two ends both meet rulings of the table (within ``meet``
    pixels of their edge), or the end of its long rulings ``along`` them where
    no border is drawn: borders inside one row (column). A border inside
    the table continues a column (row) of it: a run between two inner rulings
    where no long ruling ``along`` it and no other short run stands is a stroke
    of a signature or a letter crossing a row. In the first or last row (a
    header row alone on a page) a border may stand alone."""
    first = min((r.position for r in across), default=0.0)
    last = max((r.position for r in across), default=0.0)
    # Where no border is drawn, the table ends where its long rulings end: a run
    # that ends there too meets the (undrawn) border (the header of a table
    # without its outer border, over a total row whose cell spans the columns).
    start_edge = min((r.start for r in along), default=float("-inf"))
    end_edge = max((r.end for r in along), default=float("inf"))
    found = []
    for run in short:
        at_edge = run.start - first <= tolerance or last - run.end <= tolerance
        if not at_edge and not any(abs(r.position - run.position) <= tolerance for r in along) and \
                not any(o is not run and abs(o.position - run.position) <= tolerance for o in short):
            continue
        ends = [r for r in across if r.start - tolerance <= run.position <= r.end + tolerance]
        touch_start = (any(abs(r.position - run.start) <= meet + r.thickness / 2 for r in ends)
                       or abs(run.start - start_edge) <= 2 * meet)
        touch_end = (any(abs(r.position - run.end) <= meet + r.thickness / 2 for r in ends)
                     or abs(run.end - end_edge) <= 2 * meet)
        if touch_start and touch_end:
            found.append(run)
    return found


def find_grids(rulings: Rulings, dpi: float, settings: GridSettings) -> tuple[list[Grid], list[Ruling]]:
    """The ruled tables of a page, top to bottom (a lone box is not a table),
    and the short border runs they used."""
    tolerance = points_to_pixels(settings.touch_tolerance, dpi)
    meet = points_to_pixels(settings.short_border_meet, dpi)
    grids, used_short = [], []
    for hs, vs in _connected_groups(rulings.horizontal, rulings.vertical, tolerance):
        x0, x1 = min(h.start for h in hs) - tolerance, max(h.end for h in hs) + tolerance
        y0, y1 = min(v.start for v in vs) - tolerance, max(v.end for v in vs) + tolerance
        short_v = _short_borders([r for r in rulings.short_vertical if x0 <= r.position <= x1], hs, vs,
                                 tolerance, meet)
        short_h = _short_borders([r for r in rulings.short_horizontal if y0 <= r.position <= y1], vs, hs,
                                 tolerance, meet)
        grid = build_grid(hs + short_h, vs + short_v, dpi, settings)
        if grid is not None and len(grid.cells) >= 2:
            grids.append(grid)
            used_short += short_v + short_h
    grids.sort(key=lambda g: (g.box[1], g.box[0]))
    log.debug("%d ruled table(s): %s", len(grids), [(g.n_rows, g.n_cols) for g in grids])
    return grids, used_short


# -- tables without ruling ---------------------------------------------------------------

@dataclass(frozen=True)
class TextLine:
    """A line of words for the column finder: the words' (x0, x1) spans and the line's box."""

    spans: tuple[tuple[float, float], ...]
    top: float
    bottom: float


def infer_columns(lines: Sequence[TextLine], width: float, dpi: float, settings: GridSettings,
                  gap_share: float | None = None) -> list[float]:
    """Column boundaries (pixels) of an unruled table, from where its words are.

    A boundary sits in a vertical gap at least ``min_column_gap`` wide that is
    empty of words on at least ``gap_share`` (default ``min_gap_share``) of
    the lines. Returns the
    boundaries including the outer edges, or [] when fewer than
    ``min_columns`` columns come out.
    """
    if len(lines) < settings.min_rows:
        return []
    x0 = min(s[0] for line in lines for s in line.spans)
    x1 = max(s[1] for line in lines for s in line.spans)
    size = int(x1 - x0) + 2
    if size <= 2:
        return []
    used = np.zeros(size, np.int32)
    for line in lines:
        covered = np.zeros(size, bool)
        for a, b in line.spans:
            covered[int(a - x0):int(b - x0) + 1] = True
        used += covered
    share = settings.min_gap_share if gap_share is None else gap_share
    free = used <= (1.0 - share) * len(lines)
    min_gap = points_to_pixels(settings.min_column_gap, dpi)
    boundaries = [x0]
    start = None
    for k, is_free in enumerate(np.append(free, False)):
        if is_free and start is None:
            start = k
        elif not is_free and start is not None:
            if k - start >= min_gap and start > 0 and k < size - 1:
                boundaries.append(x0 + (start + k) / 2.0)
            start = None
    boundaries.append(x1)
    return boundaries if len(boundaries) - 1 >= settings.min_columns else []


def unruled_grid(xs: list[float], row_bounds: list[float]) -> Grid:
    """A plain grid (no spans) from column and row boundaries."""
    cells, slots, band_row = [], {}, {}
    for i in range(len(row_bounds) - 1):
        band_row[i] = i
        for j in range(len(xs) - 1):
            slots[(i, j)] = len(cells)
            cells.append(GridCell(i, j, 1, 1, (xs[j], row_bounds[i], xs[j + 1], row_bounds[i + 1])))
    return Grid(xs=list(xs), ys=list(row_bounds), cells=cells, slots=slots, band_row=band_row, ruled=False)
