"""Checks of two known misreadings against the page's ink.

A run of "I" strokes read as "H", "IH", "II" for "III" … (:func:`check_strokes`),
a comma or full stop added after a word where none is printed
(:func:`check_trailing_marks`), and a dash read as part of the word beside it
where a space stands between them on the page (:func:`check_dash_spaces`).
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Sequence

import cv2
import numpy as np
import regex

from .engine import Word
from .scan_settings import ScanSettings

log = logging.getLogger(__name__)


# -- strokes: Roman numerals ---------------------------------------------------------------

#: A reading that may be a run of "I" strokes, maybe after a "V": bold serif
#: "II" and "III" run their serifs together and read as "H", "IH", "Il", "Ì" …
_STROKE_RUN = regex.compile(r"^(?P<v>V?)(?P<strokes>[IHlLÌÍÏĨ1|]{1,4})(?P<rest>/\d+)?$")


def _runs_across(ink: np.ndarray, low: float, high: float) -> tuple[list[tuple[int, int]], int]:
    """The (start, end) columns of the runs of ink across the rows from ``low`` to ``high`` of the
    ink's height (shares), and that height."""
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size < 3:
        return [], 0
    height = int(rows[-1] - rows[0] + 1)
    band = ink[rows[0] + int(low * height):rows[0] + int(high * height) + 1]
    profile = np.concatenate([[False], band.any(axis=0), [False]])
    edges = np.flatnonzero(np.diff(profile.astype(np.int8)))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist())), height


def stroke_runs(ink: np.ndarray) -> list[float]:
    """Widths (share of the ink's height) of the runs of ink across the middle fifth of the ink."""
    runs, height = _runs_across(ink, 0.4, 0.6)
    return [float(end - start) / height for start, end in runs]


def _lean(ink: np.ndarray, start: int, end: int) -> float:
    """How far (share of the ink's height) the ink of the columns around one run lies further right
    in the upper fifth of the ink than in the lower: about 0 for an "I", clearly more for "/"."""
    rows = np.flatnonzero(ink.any(axis=1))
    height = rows[-1] - rows[0] + 1
    pad = end - start
    part = ink[:, max(0, start - pad):end + pad]

    def centre(low: float, high: float) -> float | None:
        band = part[rows[0] + int(low * height):rows[0] + int(high * height) + 1]
        columns = np.flatnonzero(band.any(axis=0))
        return float(columns.mean()) if columns.size else None

    upper, lower = centre(0.1, 0.3), centre(0.7, 0.9)
    return (upper - lower) / height if upper is not None and lower is not None else 0.0


def strokes_before_slash(ink: np.ndarray, settings: ScanSettings) -> list[float] | None:
    """Widths of the strokes of "II/": the runs across the middle of the ink but the last, which
    must lean like a slash (``ScanSettings.min_slash_lean``); None when the last does not."""
    runs, height = _runs_across(ink, 0.4, 0.6)
    if len(runs) < 2 or _lean(ink, *runs[-1]) < settings.min_slash_lean:
        return None
    return [float(end - start) / height for start, end in runs[:-1]]


def check_strokes(words: Sequence[Word], binary: np.ndarray, settings: ScanSettings) -> list[Word]:
    """Words that read as a run of "I"-like letters get as many "I" as the image has strokes.

    Only readings with a letter among the strokes (so "11" stays a number),
    only when every stroke across the middle of the word is thin (an "H" has
    its bar there and is left alone), and only for one to four strokes. After
    a "V", the strokes are counted right of the V's character box, and only
    when the reading is not already Roman. "II/2026" is checked up to its
    first digit, its slash found in the ink (:func:`strokes_before_slash`): at
    low resolution Tesseract's box of the slash starts over the second "I",
    so the slash's box is no bound.
    """
    out = []
    for word in words:
        match = _STROKE_RUN.match(word.text)
        left, right = word.left, word.right
        if match and match["rest"]:  # "II/2026": up to the first digit after the slash
            slash = next((i for i, c in enumerate(word.chars) if c.text == "/"), None)
            digit = next((c for c in word.chars[slash + 1:] if c.text.isdigit()), None) if slash is not None else None
            right = digit.left if digit is not None else word.left
        if match and match["v"]:
            already_roman = set(match["strokes"]) == {"I"}
            left = word.chars[0].right if word.chars and not already_roman else right
        if match and not match["strokes"].isdigit() and right > left:
            ink = binary[word.top:word.bottom, left:right]
            runs = strokes_before_slash(ink, settings) if match["rest"] else stroke_runs(ink)
            if runs and max(runs) <= settings.max_stroke_width and len(runs) <= 4:
                text = match["v"] + "I" * len(runs) + (match["rest"] or "")
                if text != word.text:
                    log.debug("strokes: %r read as %r", word.text, text)
                    word = replace(word, text=text)
        out.append(word)
    return out


# -- punctuation that is not on the page -----------------------------------------------------

_MARKS = ",.;:"


def ink_shows_mark(ink: np.ndarray, settings: ScanSettings) -> bool:
    """Whether a word's ink ends in a mark: a comma, a stop or a semicolon's lower
    half, a piece at most ``ScanSettings.mark_max_height`` of the letters' height.

    The pieces (connected ink) that reach the lower half of the word's ink are
    its letters and marks; accents above the letters are not. The last is the
    one that reaches furthest right, even where it starts under the letter
    before it ("t," whose comma starts under the foot of the t); its height is
    compared with the median of the others'.
    """
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    rows = np.flatnonzero(ink.any(axis=1))
    if count < 3 or rows.size == 0:
        return False
    middle = (rows[0] + rows[-1]) / 2
    pieces = sorted((x + w, h) for x, y, w, h, _ in stats[1:].tolist() if y + h - 1 > middle)
    if len(pieces) < 2:
        return False
    letters = float(np.median([height for _, height in pieces[:-1]]))
    return letters > 0 and pieces[-1][1] <= settings.mark_max_height * letters


def check_trailing_marks(words: Sequence[Word], binary: np.ndarray, settings: ScanSettings) -> list[Word]:
    """Drop a comma or full stop that Tesseract adds after a word when the image has none.

    The line recognizer sometimes ends a word with a mark that is not printed
    ("QPPL" read as "QPPL,"): such a mark has no place of its own, its box
    lies over the letter before it. But Tesseract puts the box of a printed
    mark over the letter too in some fonts (Noto Serif's "xã," and "Sở;"),
    so a mark whose box has no place of its own is dropped only when the
    page's ink does not show it either: a printed mark is a small piece right
    of the last letter (:func:`ink_shows_mark`; the word's box may stop short
    of it). Needs the words' character boxes (:func:`tesseract.ocr_chars`).
    """
    out = []
    next_left = _next_word_lefts(words)
    for index, word in enumerate(words):
        chars = word.chars
        if len(chars) >= 2 and chars[-1].text in _MARKS and chars[-2].text not in _MARKS:
            mark, before = chars[-1], chars[-2]
            # The word's box may end at its last letter, the printed mark right of it
            # (and its tail below): as far as the mark's box reaches, and a little more;
            # up to the next word of the line when there is one (a photo's comma may
            # stand further off), never into it.
            height = word.bottom - word.top
            pad = int(round(settings.mark_search_pad * height))
            end = max(word.right, mark.right)
            right = end + pad
            if next_left[index] is not None and next_left[index] > end:
                right = min(end + int(round(settings.mark_search_far * height)), next_left[index] - 1)
            ink = binary[max(0, word.top):word.bottom + pad, max(0, word.left):right] > 0
            width = max(1, mark.right - mark.left)
            overlap = max(0, min(mark.right, before.right) - max(mark.left, before.left))
            if overlap >= 0.5 * width and not (ink.size and ink_shows_mark(ink, settings)):
                log.debug("mark: %r has no %r of its own on the page", word.text, mark.text)
                word = replace(word, text=word.text[:-1], chars=chars[:-1])
        out.append(word)
    return out


def _next_word_lefts(words: Sequence[Word]) -> list[int | None]:
    """For each word, the left edge of the next word of its line (the engine's line), or None."""
    by_line: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(words):
        by_line.setdefault(word.line_key, []).append(index)
    out: list[int | None] = [None] * len(words)
    for indices in by_line.values():
        ordered = sorted(indices, key=lambda i: words[i].left)
        for here, there in zip(ordered, ordered[1:]):
            out[here] = words[there].left
    return out


# -- a dash glued to its neighbour --------------------------------------------------------

_DASHES = "-–—"


def _blank_run(ink: np.ndarray) -> int:
    """The widest run of blank columns in ``ink``."""
    best = run = 0
    for column in ink.any(axis=0).tolist():
        run = 0 if column else run + 1
        best = max(best, run)
    return best


def _split_word(word: Word, at: int) -> list[Word]:
    """The word cut before its character ``at``, each part with its characters' box."""
    parts = []
    for chars in (word.chars[:at], word.chars[at:]):
        parts.append(replace(word, text="".join(c.text for c in chars), chars=chars,
                             left=max(word.left, min(c.left for c in chars)),
                             right=min(word.right, max(c.right for c in chars))))
    return parts


def check_dash_spaces(words: Sequence[Word], binary: np.ndarray, settings: ScanSettings) -> list[Word]:
    """Put back the space between a dash and the word Tesseract glued it to.

    The line recognizer often reads "4 - Tháng" as "4-" and "Tháng": a dash is
    narrow and its spaces look like a letter's side bearings. A word that ends
    or starts with a dash is cut there when the page's ink between the dash and
    the letter beside it is blank over at least ``ScanSettings.dash_space_min``
    of the word's height (measured between the two characters' centres). A
    dash typed against its word ("3120/QĐ-UBND", "Quý III-") is left as read.
    Needs the words' character boxes.
    """
    out: list[Word] = []
    for word in words:
        chars = word.chars
        height = word.bottom - word.top
        cut = None
        if len(chars) >= 2 and height > 0 and chars[-1].text in _DASHES and chars[-2].text not in _DASHES:
            cut = len(chars) - 1
        elif len(chars) >= 2 and height > 0 and chars[0].text in _DASHES and chars[1].text not in _DASHES:
            cut = 1
        if cut is not None:
            left, right = chars[cut - 1], chars[cut]
            x0, x1 = (left.left + left.right) // 2, (right.left + right.right) // 2
            ink = binary[max(0, word.top):word.bottom, max(0, x0):max(0, x1)] > 0
            if ink.size and _blank_run(ink) >= settings.dash_space_min * height:
                log.debug("dash: %r is two words on the page", word.text)
                out.extend(_split_word(word, cut))
                continue
        out.append(word)
    return out
