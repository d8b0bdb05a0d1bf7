"""libtesseract in-process, through its C API (``libtesseract.so.5``, ctypes: no headers needed).

The ``tesseract`` program loads its language model on every start (0.1-0.35 s
for ``vie``), and kehoach reads a scanned page about four times (the page,
the strip re-reads, the cell reads). A :class:`TessApi` is one loaded model:
it is created on a process's first read with that model and then reused for
every read of that process (see :func:`api`).

Every read asks the same as the program did (``tesseract IMAGE OUT -l LANG
--dpi D --psm P -c …``) and answers with the program's own output functions
(the TSV and hOCR text are made by the same library code the program's
renderers call), so that the words, boxes and confidences are the program's
(tests/test_libtesseract.py compares them). A read never depends on the ones
before it, as the program's fresh start guaranteed: the document dictionary
and the adaptive classifier are forgotten before each read, the character
whitelist is set on every read (to "" when there is none), and the image and
its results are freed after it.

The library runs single-threaded: ``OMP_THREAD_LIMIT=1`` is put in the
environment before it is loaded (OpenMP reads it once, at load). Its
messages ("Empty page!!", resolution warnings …) go to ``/dev/null``, as the
program's went to a pipe that nobody printed.
"""
from __future__ import annotations

import ctypes
import functools
import logging
import os
import threading
from dataclasses import dataclass

import numpy as np

from .errors import ExtractError, OcrUnavailable

log = logging.getLogger(__name__)

#: The shared library (Debian's libtesseract5, installed with tesseract-ocr).
LIBRARY = "libtesseract.so.5"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
#: Environment for the library: one thread (its OpenMP threading makes a page
#: about four times slower, and kehoach runs pages in parallel instead).
TESSERACT_ENV = {"OMP_THREAD_LIMIT": "1"}
#: Where the library's own messages go (its ``debug_file`` setting).
MESSAGES = os.devnull


class ReadFailed(ExtractError):
    """libtesseract could not read an image (Recognize failed)."""

    reason = "crashed"  # one of pipeline.failures.Reason, as for a program that died


@functools.lru_cache(maxsize=None)
def library() -> ctypes.CDLL:
    """libtesseract with the argument types of the calls kehoach makes (loaded once a process)."""
    os.environ.update(TESSERACT_ENV)  # before the library (and its OpenMP) is loaded
    try:
        lib = ctypes.CDLL(LIBRARY)
    except OSError as exc:
        raise OcrUnavailable(f"libtesseract is not installed ({exc}): {INSTALL_HINT}") from exc
    handle, text = ctypes.c_void_p, ctypes.c_char_p
    lib.TessVersion.restype = text
    lib.TessBaseAPICreate.restype = handle
    lib.TessBaseAPIDelete.argtypes = [handle]
    lib.TessBaseAPIInit3.argtypes = [handle, text, text]
    lib.TessBaseAPISetVariable.argtypes = [handle, text, text]
    lib.TessBaseAPISetPageSegMode.argtypes = [handle, ctypes.c_int]
    lib.TessBaseAPISetImage.argtypes = [handle, ctypes.c_void_p] + [ctypes.c_int] * 4
    lib.TessBaseAPIRecognize.argtypes = [handle, ctypes.c_void_p]
    lib.TessBaseAPIClearAdaptiveClassifier.argtypes = [handle]
    lib.TessBaseAPIClear.argtypes = [handle]
    for name in ("TessBaseAPIGetHOCRText", "TessBaseAPIGetTsvText"):
        getattr(lib, name).argtypes = [handle, ctypes.c_int]
        getattr(lib, name).restype = ctypes.c_void_p  # a pointer, to be freed with TessDeleteText
    lib.TessDeleteText.argtypes = [ctypes.c_void_p]
    lib.TessBaseAPIDetectOrientationScript.argtypes = [
        handle, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_float),
        ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_float)]
    return lib


def version() -> str:
    """The library's version ("5.3.0")."""
    return library().TessVersion().decode()


@dataclass(frozen=True)
class OsdResult:
    """What Tesseract's orientation detection says, as the program's ``--psm 0`` prints it."""

    rotate: int  # clockwise degrees that make the page upright (the program's "Rotate:")
    confidence: float  # "Orientation confidence:", two decimals as printed


#: Clockwise turn that makes the page upright, by the orientation found (Tesseract's
#: OrientationIdToValue: the text is turned counter-clockwise by the key).
_ROTATE = {0: 0, 90: 270, 180: 180, 270: 90}


def rows_of_pixels(image: np.ndarray) -> np.ndarray:
    """``image`` as uint8 rows whose pixels lie side by side (a crop of a larger
    page as it is, without a copy; anything else copied into that form)."""
    pixels = np.asarray(image)
    pixel_bytes = pixels.shape[2] if pixels.ndim == 3 else 1
    inner = pixels.strides[1:] == ((pixel_bytes, 1) if pixels.ndim == 3 else (1,))
    if pixels.dtype != np.uint8 or not inner or pixels.strides[0] < pixels.shape[1] * pixel_bytes:
        pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    return pixels


class TessApi:
    """One ``TessBaseAPI`` with one model loaded. Not thread-safe and not
    picklable: get one with :func:`api`, in the process and thread that reads."""

    def __init__(self, lang: str):
        self.lib = library()
        self.lang = lang
        self.handle = self.lib.TessBaseAPICreate()
        self._set("debug_file", MESSAGES)
        if self.lib.TessBaseAPIInit3(self.handle, None, lang.encode()) != 0:
            self.lib.TessBaseAPIDelete(self.handle)
            self.handle = None
            raise OcrUnavailable(f"tesseract has no {lang} language model: {INSTALL_HINT}")
        log.debug("libtesseract %s: %s loaded in process %d", version(), lang, os.getpid())

    def __reduce__(self):
        raise TypeError("a loaded Tesseract model belongs to its process: use extract.libtesseract.api()")

    def _set(self, name: str, value: str) -> None:
        if not self.lib.TessBaseAPISetVariable(self.handle, name.encode(), value.encode("utf-8")):
            raise ValueError(f"libtesseract has no setting {name}")

    def _prepare(self, image: np.ndarray, dpi: int, psm: int, variables: dict[str, str]) -> None:
        self.lib.TessBaseAPIClearAdaptiveClassifier(self.handle)  # and the document dictionary
        self.lib.TessBaseAPISetPageSegMode(self.handle, psm)
        self._set("user_defined_dpi", str(int(dpi)))
        for name, value in variables.items():
            self._set(name, value)
        pixels = rows_of_pixels(image)
        depth = 3 if pixels.ndim == 3 else 1
        if depth == 3 and pixels.shape[2] != 3:
            raise ValueError(f"an image of {pixels.shape[2]} channels: grayscale or RGB only")
        height, width = pixels.shape[:2]
        # The library copies the pixels into its own image here, row by row
        # (``bytes_per_line`` apart), so a crop of a larger page is given as it lies.
        self.lib.TessBaseAPISetImage(self.handle, pixels.ctypes.data, width, height, depth, pixels.strides[0])

    def _text(self, pointer: int | None) -> str:
        if not pointer:
            return ""
        try:
            return ctypes.string_at(pointer).decode("utf-8")
        finally:
            self.lib.TessDeleteText(pointer)

    def recognize(self, image: np.ndarray, dpi: int, psm: int, variables: dict[str, str],
                  output: str) -> str:
        """Read an image; the page's ``output`` ("tsv" or "hocr") as the program writes it
        (the TSV without its header line, the hOCR page without the document around it).

        ``variables`` are the program's ``-c`` settings; every read must name the
        same ones (their values stay set until the next read sets them again).
        """
        self._prepare(image, dpi, psm, variables)
        try:
            if self.lib.TessBaseAPIRecognize(self.handle, None) < 0:
                raise ReadFailed(f"libtesseract could not read a {image.shape[1]}x{image.shape[0]} image")
            getter = {"tsv": self.lib.TessBaseAPIGetTsvText, "hocr": self.lib.TessBaseAPIGetHOCRText}[output]
            return self._text(getter(self.handle, 0))
        finally:
            self.lib.TessBaseAPIClear(self.handle)

    def orientation(self, image: np.ndarray, dpi: int) -> OsdResult | None:
        """Orientation detection (the handle must have the ``osd`` model); None
        when it finds too little text to decide (the program's "Too few characters")."""
        self._prepare(image, dpi, 0, {})
        degrees, confidence = ctypes.c_int(), ctypes.c_float()
        script, script_confidence = ctypes.c_char_p(), ctypes.c_float()
        try:
            found = self.lib.TessBaseAPIDetectOrientationScript(
                self.handle, ctypes.byref(degrees), ctypes.byref(confidence), ctypes.byref(script),
                ctypes.byref(script_confidence))
        finally:
            self.lib.TessBaseAPIClear(self.handle)
        if not found or degrees.value not in _ROTATE:
            return None
        return OsdResult(rotate=_ROTATE[degrees.value], confidence=float(f"{confidence.value:.2f}"))


class _Handles(threading.local):
    """The loaded models of this thread of this process, by language."""

    def __init__(self):
        self.pid = os.getpid()
        self.apis: dict[str, TessApi] = {}


_HANDLES = _Handles()


def api(lang: str) -> TessApi:
    """This process's (and thread's) :class:`TessApi` for ``lang``, loading the model on first use.

    Handles live in a private per-thread cache, not on the engine: the page
    pool hands each page a fresh copy (pickle) of the engine, so a handle on the
    engine would load the model once a page, not once a worker. A process forked
    from one that has handles loads its own (the cache is keyed by process id)
    and never touches its parent's copies.
    """
    if _HANDLES.pid != os.getpid():
        _HANDLES.pid, _HANDLES.apis = os.getpid(), {}
    found = _HANDLES.apis.get(lang)
    if found is None:
        found = _HANDLES.apis[lang] = TessApi(lang)
    return found
