"""libtesseract in-process reads exactly what the ``tesseract`` program reads.

Real images (a page of a sample scan, a cell-sized crop of it, the page
turned), real libtesseract and the real program, run the way kehoach ran it
before (pytesseract's command lines): words, boxes, confidences, character
boxes and orientation must be the same, whatever was read before on the same
loaded model.
"""
from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO, SAMPLES
from extract import libtesseract, tesseract
from extract.engine import RecordingEngine
from extract.errors import OcrUnavailable
from extract.ocr_page import ocr_page_image
from extract.page_files import load_pdf_page

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs the tesseract program to compare")

SCAN = SAMPLES / "scans" / "dak-nong-qd1657-2019.scan300.pdf"
DIGITS = "0123456789.,%"
#: Crops of page 4 (rows, columns): an item-number cell ("6.1") and a table row
#: strip that starts with it and goes on in words.
CROPS = {"item cell": (slice(835, 895), slice(190, 300)), "row strip": (slice(830, 900), slice(180, 900))}


@pytest.fixture(scope="module")
def page() -> tuple[np.ndarray, int]:
    found = load_pdf_page(SCAN, 4)
    return np.ascontiguousarray(found.pixels), int(round(found.dpi))


def crop(page, name: str) -> np.ndarray:
    return np.ascontiguousarray(page[0][CROPS[name]])


def program(image: np.ndarray, dpi: int, folder: Path, args: list[str], output: str) -> str:
    """Run the program as pytesseract did; its output file's text ("" when it wrote none)."""
    path = folder / "image.pgm"
    path.write_bytes(f"P5\n{image.shape[1]} {image.shape[0]}\n255\n".encode() + image.tobytes())
    for old in folder.glob("out.*"):
        old.unlink()
    subprocess.run(["tesseract", str(path), str(folder / "out"), "--dpi", str(dpi), *args],
                   capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=False)
    written = folder / f"out.{output}"
    return written.read_text(encoding="utf-8") if written.exists() else ""


def program_words(image, dpi, folder, psm, charset=""):
    """The program's TSV rows (without the header) and its words as kehoach parses them."""
    whitelist = ["-c", f"tessedit_char_whitelist={charset}"] if charset else []
    tsv = program(image, dpi, folder, ["-l", "vie", "--psm", str(psm), "-c", "tessedit_create_tsv=1", *whitelist],
                  "tsv")
    rows = tsv.split("\n", 1)[1]
    return rows, tesseract._parse_tsv(rows)


def program_chars(image, dpi, folder, psm, charset=""):
    whitelist = ["-c", f"tessedit_char_whitelist={charset}"] if charset else []
    hocr = program(image, dpi, folder, ["-l", "vie", "--psm", str(psm), "-c", "hocr_char_boxes=1", *whitelist,
                                        "hocr"], "hocr")
    return tesseract._parse_hocr(hocr)


def program_orientation(image, dpi, folder):
    text = program(image, dpi, folder, ["-l", "osd", "--psm", "0"], "osd")
    fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    if "Rotate" not in fields:
        return None
    return libtesseract.OsdResult(int(fields["Rotate"]), float(fields["Orientation confidence"]))


def api_rows(image, dpi, psm, charset=""):
    return libtesseract.api("vie").recognize(image, dpi, psm, tesseract._variables(charset, False), "tsv")


def test_a_page_reads_the_same_words_boxes_and_confidences(page, tmp_path):
    pixels, dpi = page
    rows, words = program_words(pixels, dpi, tmp_path, 3)
    assert len(words) > 100  # a real page of text
    assert api_rows(pixels, dpi, 3) == rows  # every TSV row, numbers and text, as the program wrote it
    assert tesseract.ocr_words(pixels, dpi, psm=3) == words


def test_a_page_reads_the_same_characters_at_psm_11(page, tmp_path):
    pixels, dpi = page
    expected = program_chars(pixels, dpi, tmp_path, 11)
    assert sum(len(w.chars) for w in expected) > 500
    assert tesseract.ocr_chars(pixels, dpi, psm=11) == expected


@pytest.mark.parametrize("charset", ["", DIGITS])
@pytest.mark.parametrize("name", CROPS)
def test_a_cell_reads_the_same_with_and_without_a_character_set(page, tmp_path, name, charset):
    cell, dpi = crop(page, name), page[1]
    rows, words = program_words(cell, dpi, tmp_path, 7, charset)
    assert words and words[0].text.startswith("6.1") and (not charset or all(set(w.text) <= set(DIGITS) for w in words))
    assert api_rows(cell, dpi, 7, charset) == rows
    assert tesseract.ocr_chars(cell, dpi, psm=7, charset=charset) == program_chars(cell, dpi, tmp_path, 7, charset)


def test_a_read_does_not_depend_on_the_reads_before(page, tmp_path):
    """The program starts fresh every time; one loaded model must answer as if it did:
    a read after a whitelisted read and after a whole page is the first read's twin."""
    pixels, dpi = page
    cell = crop(page, "row strip")
    plain = program_chars(cell, dpi, tmp_path, 7)
    digits = program_chars(cell, dpi, tmp_path, 7, DIGITS)
    assert plain != digits  # else the order could not show
    sequence = [(cell, 7, DIGITS), (cell, 7, ""), (pixels, 11, ""), (cell, 7, DIGITS), (cell, 7, "")]
    got = [tesseract.ocr_chars(image, dpi, psm=psm, charset=charset) for image, psm, charset in sequence]
    assert got[0] == got[3] == digits
    assert got[1] == got[4] == plain


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_orientation_is_the_programs_on_a_turned_page(page, tmp_path, turns):
    pixels, dpi = page
    turned = np.ascontiguousarray(np.rot90(pixels, turns))  # counter-clockwise
    expected = program_orientation(turned, dpi, tmp_path)
    assert expected is not None and expected.rotate == (90 * turns) % 360  # the program finds the turn
    found = tesseract.detect_orientation(turned, dpi)
    assert (found.rotate, found.confidence) == (expected.rotate, expected.confidence)


@pytest.mark.parametrize("name", ["huyen-200-p2", "huyen-200-p2-cells"])
def test_a_whole_page_asks_and_gets_what_the_program_answered(name):
    """The replay recordings (tests/data/replay/, made with the program by
    samples/make_replay.py): every call kehoach makes on the page, read again now
    in-process, gets the recorded answer, words, boxes, confidences and characters."""
    sys.path.insert(0, str(SAMPLES))
    try:
        import make_replay
    finally:
        sys.path.remove(str(SAMPLES))
    recording = next(r for r in make_replay.RECORDINGS if r.name == name)
    settings = recording.scan_settings()
    engine = RecordingEngine(tesseract.TesseractEngine())
    ocr_page_image(load_pdf_page(REPO / recording.pdf, recording.page, settings.image), settings, engine)
    recorded = json.loads((REPO / "tests" / "data" / "replay" / f"{name}.json").read_text(encoding="utf-8"))
    assert len(engine.calls) == len(recorded["calls"]) > 3
    for number, (now, then) in enumerate(zip(json.loads(json.dumps(engine.calls)), recorded["calls"]), 1):
        assert now == then, f"call {number}"


def test_orientation_of_a_blank_image_is_undecided_both_ways(tmp_path):
    blank = np.full((600, 800), 255, np.uint8)
    assert program_orientation(blank, 300, tmp_path) is None
    assert tesseract.detect_orientation(blank, 300) is None


def test_the_engine_pickles_without_a_model_and_a_model_never_pickles(page):
    pixels, dpi = page
    engine = tesseract.TesseractEngine()
    engine.check("vie")
    assert pickle.loads(pickle.dumps(engine)) == engine
    with pytest.raises(TypeError, match="belongs to its process"):
        pickle.dumps(libtesseract.api("vie"))
    assert libtesseract.api("vie") is libtesseract.api("vie")  # one model a process


def test_a_missing_model_is_ocr_unavailable_with_the_install_hint():
    with pytest.raises(OcrUnavailable, match="no xyz language model.*apt-get install tesseract-ocr"):
        tesseract.check_tesseract("xyz")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_missing_model_fails_the_pages_the_same_way_with_a_pool(jobs):
    """With a pool the file's own process loads no model (it reads nothing): the workers find it
    missing at their first page, and the error is the same as with one job."""
    from extract.page_pool import ocr_pages
    from extract.scan_settings import ScanSettings

    with pytest.raises(OcrUnavailable, match="no xyz language model.*apt-get install tesseract-ocr"):
        ocr_pages(SCAN, "pdf", [1, 2], jobs=jobs, settings=ScanSettings(lang="xyz"))


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"})


def test_a_missing_library_is_ocr_unavailable_with_the_install_hint():
    done = run_python(
        "from extract import libtesseract, tesseract\n"
        "libtesseract.LIBRARY = 'libtesseract-not-installed.so.5'\n"
        "try:\n    tesseract.check_tesseract('vie')\n"
        "except Exception as exc:\n    print(type(exc).__name__, exc)\n")
    assert done.stdout.startswith("OcrUnavailable libtesseract is not installed"), done.stdout + done.stderr
    assert "apt-get install tesseract-ocr" in done.stdout


def test_reads_are_single_threaded_and_say_nothing_on_stderr():
    """No thread appears while a page is read (OpenMP limited before the library
    loaded), and the library's messages ("Empty page!!" on a blank image) are not printed."""
    done = run_python(
        "import os, numpy as np\n"
        "from extract import tesseract\n"
        "from extract.page_files import load_pdf_page\n"
        f"page = load_pdf_page({str(SCAN)!r}, 4)\n"
        "before = len(os.listdir('/proc/self/task'))\n"
        "words = tesseract.ocr_chars(page.pixels, 300, psm=11)\n"
        "blank = tesseract.ocr_words(np.full((300, 300), 255, np.uint8), 300, psm=3)\n"
        "print(before, len(os.listdir('/proc/self/task')), len(words), len(blank), os.environ['OMP_THREAD_LIMIT'])\n")
    before, after, words, blank, limit = done.stdout.split()
    assert (after, limit) == (before, "1") and int(words) > 100 and blank == "0", done.stdout
    assert done.stderr == ""


def test_a_crop_is_read_as_it_lies_in_the_page(page):
    """A crop of the page is handed over without a copy (its rows a page's width
    apart) and reads exactly as the same pixels copied out."""
    pixels, dpi = page
    view = pixels[CROPS["row strip"]]
    assert not view.flags["C_CONTIGUOUS"] and libtesseract.rows_of_pixels(view).base is not None
    copied = np.ascontiguousarray(view)
    assert tesseract.ocr_chars(view, dpi, psm=7) == tesseract.ocr_chars(copied, dpi, psm=7) != []
    turned = view.T  # rows no longer side by side: copied first
    assert libtesseract.rows_of_pixels(turned).flags["C_CONTIGUOUS"]


def test_hocr_words_characters_lines_and_entities():
    hocr = (
        "<div class='ocr_page' id='page_1' title='image \"x\"; bbox 0 0 100 50'>\n"
        " <span class='ocr_line' id='line_1_1' title=\"bbox 0 0 90 20; baseline 0 -3\">\n"
        "  <span class='ocrx_word' id='word_1_1' title='bbox 1 2 30 20; x_wconf 91'>\n"
        "   <span class='ocrx_cinfo' title='x_bboxes 1 2 10 20; x_conf 99.1'>A</span>\n"
        "   <span class='ocrx_cinfo' title='x_bboxes 11 2 20 20; x_conf 98'>&amp;</span>\n"
        "   <span class='ocrx_cinfo' title='x_bboxes 21 2 30 20; x_conf 97'>\u2044</span>\n"
        "  </span>\n"
        "  <span class='ocrx_word' id='word_1_2' title='bbox 40 2 50 20; x_wconf 12'>\n  </span>\n"
        " </span>\n"
        " <span class='ocr_line' id='line_1_2' title=\"bbox 0 25 90 45\">\n"
        "  <span class='ocrx_word' id='word_1_3' title='bbox 5 25 40 45; x_wconf 88'>Bộ</span>\n"
        " </span>\n</div>\n")
    words = tesseract._parse_hocr(hocr)
    assert [(w.text, w.line, w.confidence) for w in words] == [("A&/", 1, 91.0), ("Bộ", 2, 88.0)]
    assert [c.text for c in words[0].chars] == ["A", "&", "\u2044"]  # characters as read; the word cleaned
    assert (words[0].chars[1].left, words[0].chars[1].right) == (11, 20) and words[1].chars == ()
    assert (words[1].left, words[1].top, words[1].right, words[1].bottom) == (5, 25, 40, 45)
