"""Two small inline SVG charts: seconds per page for each file, and the
spread of OCR cell confidence across the batch. Presentation attributes
only (no style attributes), so the page's Content-Security-Policy holds."""
from __future__ import annotations

from .markup import esc

BAR_HEIGHT = 18
LABEL_WIDTH = 300
PLOT_WIDTH = 360


def seconds_per_page(items: list[tuple[str, float, int]]) -> str:
    """Horizontal bars: (file name, seconds, pages) → seconds per page."""
    if not items:
        return "<p>No timings: every file was done by an earlier run, or the batch did not record them.</p>"
    rates = [(name, seconds / max(pages, 1), seconds, pages) for name, seconds, pages in items]
    top = max(rate for _, rate, _, _ in rates) or 1.0
    height = BAR_HEIGHT * len(rates) + 30
    width = LABEL_WIDTH + PLOT_WIDTH + 90
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-labelledby="chart-speed-title"><title id="chart-speed-title">Seconds per page for each '
             f'file (the longest: {top:.1f} s a page)</title>']
    for index, (name, rate, seconds, pages) in enumerate(rates):
        y = 10 + index * BAR_HEIGHT
        bar = max(1.0, rate / top * PLOT_WIDTH)
        short = name if len(name) <= 36 else name[:35] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" font-size="12">{esc(short)}</text>'
                     f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{bar:.1f}" height="{BAR_HEIGHT - 5}" fill="#3465a4">'
                     f'<title>{esc(name)}: {seconds:.1f} s for {pages} pages</title></rect>'
                     f'<text x="{LABEL_WIDTH + bar + 5:.1f}" y="{y + 13}" font-size="12">{rate:.1f} s</text>')
    parts.append("</svg>")
    return "".join(parts)


def confidence_histogram(values: list[float], bins: int = 10) -> str:
    """Cells by OCR confidence, in ``bins`` equal bins from 0 to 100."""
    if not values:
        return "<p>No OCR confidences in this batch (text layers and text dumps have none).</p>"
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, max(0, int(value / (100 / bins))))] += 1
    top = max(counts) or 1
    plot_h, bar_w, left = 160, 44, 50
    width, height = left + bins * bar_w + 20, plot_h + 50
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-labelledby="chart-conf-title"><title id="chart-conf-title">OCR confidence of '
             f'{len(values)} cells: how many cells in each band of 10</title>',
             f'<line x1="{left}" y1="{plot_h + 10}" x2="{left + bins * bar_w}" y2="{plot_h + 10}" stroke="#555"/>',
             f'<text x="{left - 6}" y="16" text-anchor="end" font-size="11">{top}</text>',
             f'<text x="{left - 6}" y="{plot_h + 10}" text-anchor="end" font-size="11">0</text>']
    for index, count in enumerate(counts):
        h = count / top * plot_h
        x = left + index * bar_w
        low, high = index * 100 // bins, (index + 1) * 100 // bins
        fill = "#c4302b" if high <= 60 else "#3465a4"
        parts.append(f'<rect x="{x + 3}" y="{plot_h + 10 - h:.1f}" width="{bar_w - 6}" height="{h:.1f}" fill="{fill}">'
                     f'<title>{count} cells with confidence {low}-{high}</title></rect>'
                     f'<text x="{x + bar_w / 2}" y="{plot_h + 26}" text-anchor="middle" font-size="11">{low}</text>')
        if count:
            parts.append(f'<text x="{x + bar_w / 2}" y="{plot_h + 6 - h:.1f}" text-anchor="middle" font-size="10">{count}</text>')
    parts.append(f'<text x="{left + bins * bar_w / 2}" y="{plot_h + 44}" text-anchor="middle" font-size="12">'
                 f'confidence (0-100)</text></svg>')
    return "".join(parts)
