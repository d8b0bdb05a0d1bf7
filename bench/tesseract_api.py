#!/usr/bin/env python3
"""Would keeping Tesseract's model loaded pay, and does it read the same?

kehoach starts the ``tesseract`` program about 4 times a scanned page (the
page read, the strip re-read, the cell reads), and every start loads the
``vie`` model again. libtesseract's C API (``libtesseract.so.5`` exports it;
no headers needed, ctypes is enough) loads the model once. On one page
image of a sample scan this reads, in one run, a whole page (psm 11) and a
cell-sized crop (psm 7, with and without a digits whitelist) both ways, with
the same settings kehoach passes (``--dpi``, ``hocr_char_boxes=1``), and
prints each way's seconds and whether the words and characters (text, box,
confidence, from the hOCR) are the same.

A measurement, not part of kehoach: extract/tesseract.py still runs the program.

Usage: ``python bench/tesseract_api.py [--pdf FILE] [--page N]``
"""
from __future__ import annotations

import argparse
import ctypes
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")
_ITEMS = re.compile(r"class='(?:ocrx_word|ocrx_cinfo|ocr_line)'[^>]*title='([^']*)'[^>]*>([^<]*)")


def write_pgm(image: np.ndarray, path: Path) -> None:
    path.write_bytes(f"P5\n{image.shape[1]} {image.shape[0]}\n255\n".encode() + image.tobytes())


class Api:
    """The few libtesseract C API calls a read needs."""

    def __init__(self, lang: str):
        lib = ctypes.CDLL("libtesseract.so.5")
        lib.TessBaseAPICreate.restype = ctypes.c_void_p
        lib.TessBaseAPIInit3.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
        lib.TessBaseAPISetVariable.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
        lib.TessBaseAPISetPageSegMode.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.TessBaseAPISetImage.argtypes = [ctypes.c_void_p, ctypes.c_void_p] + [ctypes.c_int] * 4
        lib.TessBaseAPIRecognize.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        lib.TessBaseAPIGetHOCRText.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.TessBaseAPIGetHOCRText.restype = ctypes.c_void_p
        lib.TessDeleteText.argtypes = [ctypes.c_void_p]
        self.lib, self.handle = lib, lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit3(self.handle, None, lang.encode()) != 0:
            raise RuntimeError(f"libtesseract could not load {lang}")

    def hocr(self, image: np.ndarray, dpi: int, psm: int, whitelist: str) -> str:
        lib, handle = self.lib, self.handle
        lib.TessBaseAPISetPageSegMode(handle, psm)
        for name, value in (("user_defined_dpi", str(dpi)), ("hocr_char_boxes", "1"), ("hocr_font_info", "0"),
                            ("tessedit_char_whitelist", whitelist)):
            lib.TessBaseAPISetVariable(handle, name.encode(), value.encode())
        image = np.ascontiguousarray(image, dtype=np.uint8)
        lib.TessBaseAPISetImage(handle, image.ctypes.data, image.shape[1], image.shape[0], 1, image.shape[1])
        lib.TessBaseAPIRecognize(handle, None)
        pointer = lib.TessBaseAPIGetHOCRText(handle, 0)
        try:
            return ctypes.string_at(pointer).decode("utf-8")
        finally:
            lib.TessDeleteText(pointer)


def program_hocr(path: Path, dpi: int, psm: int, whitelist: str, lang: str, folder: Path) -> str:
    command = ["tesseract", str(path), str(folder / "out"), "-l", lang, "--dpi", str(dpi), "--psm", str(psm),
               "-c", "hocr_char_boxes=1"]
    if whitelist:
        command += ["-c", f"tessedit_char_whitelist={whitelist}"]
    subprocess.run(command + ["hocr"], capture_output=True, check=True, env=ENV)
    return (folder / "out.hocr").read_text(encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", type=Path, default=REPO / "samples" / "scans" / "dak-nong-qd1657-2019.scan300.pdf")
    parser.add_argument("--page", type=int, default=4)
    args = parser.parse_args()
    os.environ.update(OMP_THREAD_LIMIT="1")  # before libtesseract (and its OpenMP) is loaded
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="tess-api-") as tmp:
        folder = Path(tmp)
        subprocess.run(["pdfimages", "-f", str(args.page), "-l", str(args.page), "-j", str(args.pdf),
                        str(folder / "p")], check=True)
        page = np.array(Image.open(next(folder.glob("p-*"))).convert("L"))
        cell = np.ascontiguousarray(page[600:700, 200:500])
        write_pgm(page, folder / "page.pgm")
        write_pgm(cell, folder / "cell.pgm")
        started = time.perf_counter()
        api = Api("vie")
        print(f"loading the model once: {time.perf_counter() - started:.2f} s")
        for name, image, psm, whitelist in (("page.pgm", page, 11, ""), ("cell.pgm", cell, 7, "0123456789.,"),
                                            ("cell.pgm", cell, 7, "")):
            started = time.perf_counter()
            ours = api.hocr(image, 300, psm, whitelist)
            api_seconds = time.perf_counter() - started
            started = time.perf_counter()
            theirs = program_hocr(folder / name, 300, psm, whitelist, "vie", folder)
            program_seconds = time.perf_counter() - started
            same = _ITEMS.findall(ours) == _ITEMS.findall(theirs)
            print(f"{name} psm {psm} whitelist {whitelist or '-'}: API {api_seconds:.2f} s, program "
                  f"{program_seconds:.2f} s, {len(_ITEMS.findall(theirs))} lines/words/characters, same: {same}")
    print(f"load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
