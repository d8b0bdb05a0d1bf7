"""Text printed by a PDF page's annotations (their appearance streams).

Electronic signing systems stamp a document's number and day into blanks of
the typed text ("Số: ___/KH-SGDĐT", "ngày ___ tháng 4") as signature
widgets: the digits are drawn by the widget's appearance, not by the page's
content, so pdfplumber's ``page.chars`` never holds them although every
viewer shows them. :func:`add_annotation_chars` adds the characters that
visible annotations draw to the page's characters, at the place the viewer
draws them, so that the lines read from the page are the lines as printed.
"""
from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

#: Annotation flags (PDF 32000-1, 12.5.3) that keep an annotation off the page.
_HIDDEN = 1 << 1
_NO_VIEW = 1 << 5


def _number_list(value: Any) -> list[float] | None:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    try:
        return [float(resolve1(v)) for v in value]
    except (TypeError, ValueError):
        return None


def _appearance(annot: dict) -> Any | None:
    """The normal appearance stream of an annotation, None when it has none."""
    from pdfminer.pdftypes import PDFStream, resolve1

    ap = resolve1(annot.get("AP"))
    if not isinstance(ap, dict):
        return None
    normal = resolve1(ap.get("N"))
    if isinstance(normal, dict):  # appearance states: the current one
        state = annot.get("AS")
        normal = resolve1(normal.get(getattr(state, "name", state))) if state is not None else None
    return normal if isinstance(normal, PDFStream) else None


def _placement(annot: dict, stream: Any) -> tuple[float, ...] | None:
    """The matrix that draws the appearance's BBox into the annotation's Rect.

    Only the translation and scale of the usual case are handled (an
    appearance Matrix that rotates or skews is skipped).
    """
    rect = _number_list(annot.get("Rect"))
    bbox = _number_list(stream.attrs.get("BBox"))
    matrix = _number_list(stream.attrs.get("Matrix")) or [1, 0, 0, 1, 0, 0]
    if not rect or not bbox or len(rect) != 4 or len(bbox) != 4 or matrix[1] or matrix[2]:
        return None
    a, _, _, d, e, f = matrix
    bx0, bx1 = sorted((a * bbox[0] + e, a * bbox[2] + e))
    by0, by1 = sorted((d * bbox[1] + f, d * bbox[3] + f))
    rx0, rx1 = sorted((rect[0], rect[2]))
    ry0, ry1 = sorted((rect[1], rect[3]))
    if bx1 <= bx0 or by1 <= by0:
        return None
    sx, sy = (rx1 - rx0) / (bx1 - bx0), (ry1 - ry0) / (by1 - by0)
    return (a * sx, 0.0, 0.0, d * sy, rx0 + (e - bx0) * sx, ry0 + (f - by0) * sy)


def _chars(node: Any) -> list[Any]:
    from pdfminer.layout import LTChar, LTContainer

    if isinstance(node, LTChar):
        return [node]
    if isinstance(node, LTContainer):
        return [c for child in node for c in _chars(child)]
    return []


def annotation_chars(page) -> list[dict]:
    """pdfplumber character dicts of the text that ``page``'s visible annotations draw.

    Each dict also has ``"annotation"``: the index of the annotation that draws it.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import resolve1

    annots = resolve1(page.page_obj.annots) or []
    if not isinstance(annots, list) or page.rotation % 360:
        return []  # on a rotated page the appearance would need rotating too
    x_offset, y_offset = (float(v) for v in page.page_obj.mediabox[:2])
    out: list[dict] = []
    for index, ref in enumerate(annots):
        try:
            annot = resolve1(ref)
            if not isinstance(annot, dict) or int(resolve1(annot.get("F")) or 0) & (_HIDDEN | _NO_VIEW):
                continue
            stream = _appearance(annot)
            placement = _placement(annot, stream) if stream is not None else None
            if placement is None:
                continue
            device = PDFPageAggregator(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
            interpreter = PDFPageInterpreter(page.pdf.rsrcmgr, device)
            device.begin_page(page.page_obj, (1, 0, 0, 1, 0, 0))
            interpreter.init_resources(resolve1(stream.attrs.get("Resources")) or {})
            a, b, c, d, e, f = placement
            interpreter.init_state((a, b, c, d, e - x_offset, f - y_offset))
            interpreter.execute([stream])
            device.end_page(page.page_obj)
            out += [{**page.process_object(ch), "annotation": index}
                    for ch in _chars(device.get_result())]
        except Exception as exc:  # a damaged appearance must not lose the page
            log.warning("page %d: an annotation's appearance could not be read (%s)", page.page_number, exc)
    return [c for c in out if c.get("text", "").strip()]


def _covers(drawn: list[dict], char: dict) -> bool:
    """Does the text of one annotation lie over ``char`` (a blank it fills)?"""
    x0, x1 = min(c["x0"] for c in drawn), max(c["x1"] for c in drawn)
    top, bottom = min(c["top"] for c in drawn), max(c["bottom"] for c in drawn)
    centre = (char["x0"] + char["x1"]) / 2
    return x0 <= centre <= x1 and char["top"] < bottom and char["bottom"] > top


def add_annotation_chars(page) -> None:
    """Add the characters drawn by ``page``'s annotations to ``page.chars`` (in place).

    The spaces of the page that an annotation's text is drawn over (the
    blank typed for the number) are dropped, so "Số: ___/KH" reads
    "Số: 362 /KH" and not "Số: 3 6 2 /KH".
    """
    chars = page.objects.setdefault("char", [])
    if any("annotation" in c for c in chars):
        return  # already added
    drawn = annotation_chars(page)
    if not drawn:
        return
    runs: dict[int, list[dict]] = {}
    for char in drawn:
        runs.setdefault(char["annotation"], []).append(char)
    chars[:] = [c for c in chars
                if not (c["text"].isspace() and any(_covers(run, c) for run in runs.values()))]
    chars.extend(drawn)
