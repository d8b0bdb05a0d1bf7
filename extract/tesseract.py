"""Tesseract, the one OCR engine: what kehoach asks of it and how its answers are read.

Reads run in-process, in libtesseract (extract/libtesseract.py): each worker
process loads a model once and keeps it, where starting the ``tesseract``
program loaded it on every read. Every read passes the image's resolution
(``user_defined_dpi``, the program's ``--dpi``: without it Tesseract guesses,
and on table pages it then often answers "Empty page!!") and runs
single-threaded (``OMP_THREAD_LIMIT=1``): kehoach runs pages in parallel instead.
"""
from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass

import numpy as np

from . import libtesseract
from .engine import Char, Orientation, ReadRequest, Word
from .libtesseract import INSTALL_HINT  # noqa: F401  (pipeline/failures.py names it with the reasons)

log = logging.getLogger(__name__)


def check_tesseract(lang: str = "vie") -> str:
    """libtesseract's version, once ``lang``'s model is loaded in this process, or
    :class:`~extract.errors.OcrUnavailable` saying what to install.

    The model stays loaded for this process's reads (see :func:`libtesseract.api`).
    """
    libtesseract.api(lang)
    return libtesseract.version()


#: Characters the vie model writes for common ones: U+2044 FRACTION SLASH for "/".
_LOOKALIKES = str.maketrans({"\u2044": "/"})


def clean_text(text: str) -> str:
    """A word as read, stripped, with the model's look-alike characters replaced."""
    return text.strip().translate(_LOOKALIKES)


def _variables(charset: str, char_boxes: bool) -> dict[str, str]:
    """The program's ``-c`` settings of a read; every read sets all of them
    (a setting left from the read before would change this one)."""
    return {"tessedit_char_whitelist": charset, "hocr_char_boxes": "1" if char_boxes else "0"}


def _tsv_number(value: str) -> int:
    """A TSV number as kehoach has always taken it (pytesseract's ``int(float(…))``:
    confidences in whole numbers, truncated, as hOCR's ``x_wconf``)."""
    return int(float(value))


def _parse_tsv(tsv: str) -> list[Word]:
    """Words from Tesseract's TSV rows (level … conf text, no header): those with text."""
    words: list[Word] = []
    for row in tsv.split("\n"):
        columns = row.split("\t", 11)
        if len(columns) < 12:
            continue
        text = clean_text(columns[11])
        confidence = float(_tsv_number(columns[10]))
        if not text or confidence < 0:
            continue
        block, paragraph, line = (_tsv_number(v) for v in columns[2:5])
        left, top, width, height = (_tsv_number(v) for v in columns[6:10])
        words.append(Word(text=text, left=left, top=top, right=left + width, bottom=top + height,
                          confidence=confidence, block=block, paragraph=paragraph, line=line))
    return words


def ocr_words(image: np.ndarray, dpi: int, psm: int = 3, lang: str = "vie", charset: str = "") -> list[Word]:
    """Read the words of an image (a numpy array, grayscale or RGB).

    ``psm`` is Tesseract's page segmentation mode (3 automatic, 6 one uniform
    block, 11 sparse text …); ``charset`` the only characters it may answer
    with ("" = any). Words come back in Tesseract's reading order, each with
    its box in the image's pixels, its confidence (0..100) and its block,
    paragraph and line numbers.
    """
    tsv = libtesseract.api(lang).recognize(image, dpi, psm, _variables(charset, False), "tsv")
    return _parse_tsv(tsv)


_TITLE_BOX = re.compile(r"(?:bbox|x_bboxes) (\d+) (\d+) (\d+) (\d+)")
_TITLE_WCONF = re.compile(r"x_wconf (\d+(?:\.\d+)?)")
#: The hOCR elements kehoach reads, in document order: a character
#: (``hocr_char_boxes``: its box and text), or a line or a word (its class,
#: title and the text right after its start tag). Tesseract writes one element
#: per line of hOCR, each character of a word in an ``ocrx_cinfo`` of its own.
_HOCR_ELEMENT = re.compile(
    r"""<span class='ocrx_cinfo' title='x_bboxes (\d+) (\d+) (\d+) (\d+)[^>]*>([^<]*)"""
    r"""|<\w+ class='(ocr_line|ocr_textfloat|ocr_header|ocr_caption|ocrx_word)'"""
    r"""[^>]*? title=(['"])(.*?)\7[^>]*>([^<]*)""")
_LINE_CLASSES = frozenset({"ocr_line", "ocr_textfloat", "ocr_header", "ocr_caption"})


def _parse_hocr(hocr: str) -> list[Word]:
    """Words with their characters from Tesseract's hOCR (with ``hocr_char_boxes``).

    Read with one regular expression over the elements, in document order (an
    XML parse took 1.6 ms a read of the sample pages against 1.0 ms): a line element starts a new line
    number, a word element a word, its character elements give its characters
    and their boxes; a word's text is its characters (the text inside the word
    element when it has none), with HTML's entities decoded.
    """
    words: list[Word] = []
    line_number = 0
    pending: tuple[str, str, list[Char]] | None = None  # the word being read: title, own text, characters

    def finish() -> None:
        if pending is None:
            return
        title, own_text, chars = pending
        box = _TITLE_BOX.search(title)
        conf = _TITLE_WCONF.search(title)
        text = clean_text("".join(c.text for c in chars) or own_text)
        if not text.strip() or box is None:
            return
        left, top, right, bottom = (int(v) for v in box.groups())
        words.append(Word(text=text.strip(), left=left, top=top, right=right, bottom=bottom,
                          confidence=float(conf.group(1)) if conf else 0.0, line=line_number,
                          chars=tuple(chars)))

    for left, top, right, bottom, char, kind, _, title, text in _HOCR_ELEMENT.findall(hocr):
        if not kind:  # a character of the word being read
            if pending is not None and char:
                pending[2].append(Char(html.unescape(char) if "&" in char else char,
                                       int(left), int(top), int(right), int(bottom)))
            continue
        finish()
        pending = None
        if kind in _LINE_CLASSES:
            line_number += 1
        else:
            pending = (title, html.unescape(text), [])
    finish()
    return words


def ocr_chars(image: np.ndarray, dpi: int, psm: int = 6, lang: str = "vie", charset: str = "") -> list[Word]:
    """Like :func:`ocr_words`, with each word's characters and their boxes (hOCR
    with ``hocr_char_boxes``; words carry line numbers, not blocks and paragraphs)."""
    hocr = libtesseract.api(lang).recognize(image, dpi, psm, _variables(charset, True), "hocr")
    return _parse_hocr(hocr)


def detect_orientation(image: np.ndarray, dpi: int) -> Orientation | None:
    """Tesseract's OSD on an image: how far to turn it (clockwise) to be upright.

    None when OSD finds too little text to decide.
    """
    found = libtesseract.api("osd").orientation(image, dpi)
    if found is None:
        log.debug("OSD could not decide")
        return None
    return Orientation(rotate=found.rotate % 360, confidence=found.confidence)


# -- the engine ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TesseractEngine:
    """Tesseract as an :class:`~extract.engine.OcrEngine`, in-process (see the
    module docstring). Holds nothing: the loaded models belong to the process
    (:func:`libtesseract.api`), so the engine pickles to the page pool's workers
    as it is, and each worker loads a model once, on its first read."""

    def check(self, lang: str) -> None:
        check_tesseract(lang)

    def read(self, image: np.ndarray, dpi: float, request: ReadRequest) -> list[Word]:
        read = ocr_chars if request.chars else ocr_words
        return read(image, int(round(dpi)), psm=request.psm, lang=request.lang, charset=request.charset)

    def orientation(self, image: np.ndarray, dpi: float) -> Orientation | None:
        return detect_orientation(image, int(round(dpi)))
