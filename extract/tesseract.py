"""The one module that runs the ``tesseract`` program (through pytesseract).

Every call passes the image's resolution (``--dpi``: without it Tesseract
guesses, and on table pages it then often answers "Empty page!!") and runs
Tesseract single-threaded (``OMP_THREAD_LIMIT=1``): its OpenMP threading makes
a page about four times slower, and kehoach runs pages in parallel instead.

Images are handed over as uncompressed PGM/PPM files that this module writes
itself, which costs a few milliseconds where pytesseract's PNG encoding of a
300-dpi page costs a few hundred.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .engine import Char, Orientation, ReadRequest, Word
from .errors import OcrUnavailable

log = logging.getLogger(__name__)

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"

#: Environment for every Tesseract run: one thread (see the module docstring).
TESSERACT_ENV = {"OMP_THREAD_LIMIT": "1"}


@functools.lru_cache(maxsize=None)
def check_tesseract(lang: str = "vie") -> str:
    """Tesseract's version, or :class:`OcrUnavailable` with what to install.

    Cached, so a batch pays for the check once per process.
    """
    import pytesseract

    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise OcrUnavailable(f"tesseract is not installed: {INSTALL_HINT}")
    try:
        version = str(pytesseract.get_tesseract_version())
        languages = installed_languages(pytesseract.pytesseract.tesseract_cmd)
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrUnavailable(f"tesseract is not installed: {INSTALL_HINT}") from exc
    missing = [code for code in lang.split("+") if code not in languages]
    if missing:
        raise OcrUnavailable(f"tesseract has no {'+'.join(missing)} language model: {INSTALL_HINT}")
    log.debug("tesseract %s with %s", version, lang)
    return version


def installed_languages(command: str) -> set[str]:
    """The models ``tesseract --list-langs`` names (pytesseract's own list
    drops names with capitals, such as the script model "Vietnamese")."""
    import subprocess

    result = subprocess.run([command, "--list-langs"], capture_output=True, text=True, check=False)
    return {line.strip() for line in result.stdout.splitlines()[1:] if line.strip()}


def _environment() -> None:
    """pytesseract starts Tesseract with ``os.environ``: make it single-threaded."""
    os.environ.update(TESSERACT_ENV)


def _write_image(image: np.ndarray, folder: str) -> str:
    """Write a grayscale (or RGB) array as a binary PGM (PPM) file Tesseract reads fast."""
    height, width = image.shape[:2]
    rgb = image.ndim == 3
    path = str(Path(folder) / ("page.ppm" if rgb else "page.pgm"))
    with open(path, "wb") as handle:
        handle.write(f"{'P6' if rgb else 'P5'}\n{width} {height}\n255\n".encode("ascii"))
        handle.write(np.ascontiguousarray(image, dtype=np.uint8).tobytes())
    return path


def _config(dpi: int, psm: int, extra: str = "") -> str:
    return f"--dpi {int(round(dpi))} --psm {psm} {extra}".strip()


#: Characters the vie model writes for common ones: U+2044 FRACTION SLASH for "/".
_LOOKALIKES = str.maketrans({"\u2044": "/"})


def clean_text(text: str) -> str:
    """A word as read, stripped, with the model's look-alike characters replaced."""
    return text.strip().translate(_LOOKALIKES)


def ocr_words(image: np.ndarray, dpi: int, psm: int = 3, lang: str = "vie", extra_config: str = "") -> list[Word]:
    """Read the words of an image (a numpy array, grayscale or RGB) in one Tesseract run.

    ``psm`` is Tesseract's page segmentation mode (3 automatic, 6 one uniform
    block, 11 sparse text …). Words come back in Tesseract's reading order,
    each with its box in the image's pixels and its confidence (0..100).
    """
    import pytesseract

    check_tesseract(lang)
    _environment()
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as folder:
        path = _write_image(image, folder)
        data = pytesseract.image_to_data(path, lang=lang, config=_config(dpi, psm, extra_config),
                                         output_type=pytesseract.Output.DICT)
    words: list[Word] = []
    for index, text in enumerate(data["text"]):
        text = clean_text(text or "")
        confidence = float(data["conf"][index])
        if not text or confidence < 0:
            continue
        left, top = int(data["left"][index]), int(data["top"][index])
        words.append(Word(text=text, left=left, top=top,
                          right=left + int(data["width"][index]), bottom=top + int(data["height"][index]),
                          confidence=confidence, block=int(data["block_num"][index]),
                          paragraph=int(data["par_num"][index]), line=int(data["line_num"][index])))
    return words


_TITLE_BOX = re.compile(r"(?:bbox|x_bboxes) (\d+) (\d+) (\d+) (\d+)")
_TITLE_WCONF = re.compile(r"x_wconf (\d+(?:\.\d+)?)")


def _parse_hocr(hocr: str) -> list[Word]:
    """Words with their characters from Tesseract's hOCR (with ``hocr_char_boxes``)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(hocr)
    words: list[Word] = []
    line_number = 0
    for element in root.iter():
        kind = element.get("class", "")
        if kind in ("ocr_line", "ocr_textfloat", "ocr_header", "ocr_caption"):
            line_number += 1
        if kind != "ocrx_word":
            continue
        box = _TITLE_BOX.search(element.get("title", ""))
        conf = _TITLE_WCONF.search(element.get("title", ""))
        chars = []
        for child in element.iter():
            if child.get("class") == "ocrx_cinfo" and child.text:
                cbox = _TITLE_BOX.search(child.get("title", ""))
                if cbox:
                    chars.append(Char(child.text, *(int(v) for v in cbox.groups())))
        text = clean_text("".join(c.text for c in chars) or "".join(element.itertext()))
        if not text.strip() or box is None:
            continue
        left, top, right, bottom = (int(v) for v in box.groups())
        words.append(Word(text=text.strip(), left=left, top=top, right=right, bottom=bottom,
                          confidence=float(conf.group(1)) if conf else 0.0, line=line_number,
                          chars=tuple(chars)))
    return words


def ocr_chars(image: np.ndarray, dpi: int, psm: int = 6, lang: str = "vie", extra_config: str = "") -> list[Word]:
    """Like :func:`ocr_words`, with each word's characters and their boxes (one run, hOCR)."""
    import pytesseract

    check_tesseract(lang)
    _environment()
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as folder:
        path = _write_image(image, folder)
        hocr = pytesseract.image_to_pdf_or_hocr(path, lang=lang, extension="hocr",
                                                config=_config(dpi, psm, f"-c hocr_char_boxes=1 {extra_config}".strip()))
    return _parse_hocr(hocr.decode("utf-8"))


_OSD_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_OSD_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_orientation(image: np.ndarray, dpi: int) -> Orientation | None:
    """Tesseract's OSD on an image: how far to turn it (clockwise) to be upright.

    None when OSD finds too little text to decide.
    """
    import pytesseract

    check_tesseract("osd")
    _environment()
    with tempfile.TemporaryDirectory(prefix="kehoach-osd-") as folder:
        path = _write_image(image, folder)
        try:
            text = pytesseract.image_to_osd(path, config=f"--dpi {int(round(dpi))} --psm 0")
        except pytesseract.TesseractError as exc:  # "Too few characters", …
            log.debug("OSD could not decide: %s", exc)
            return None
    rotate, confidence = _OSD_ROTATE.search(text), _OSD_CONFIDENCE.search(text)
    if not rotate:
        return None
    return Orientation(rotate=int(rotate.group(1)) % 360,
                       confidence=float(confidence.group(1)) if confidence else 0.0)


# -- the engine ------------------------------------------------------------------------------------

def charset_config(charset: str) -> str:
    """Tesseract's option that keeps its answers to ``charset`` ("" = no limit)."""
    return f"-c tessedit_char_whitelist={charset}" if charset else ""


@dataclass(frozen=True)
class TesseractEngine:
    """Tesseract as an :class:`~extract.engine.OcrEngine`: one single-threaded
    ``tesseract`` run per read (see the module docstring)."""

    def check(self, lang: str) -> None:
        check_tesseract(lang)

    def read(self, image: np.ndarray, dpi: float, request: ReadRequest) -> list[Word]:
        extra = charset_config(request.charset)
        if request.chars:
            return ocr_chars(image, int(round(dpi)), psm=request.psm, lang=request.lang, extra_config=extra)
        return ocr_words(image, int(round(dpi)), psm=request.psm, lang=request.lang, extra_config=extra)

    def orientation(self, image: np.ndarray, dpi: float) -> Orientation | None:
        return detect_orientation(image, int(round(dpi)))
