"""OCR of scanned pages: page image → grid → Tesseract → tables and lines.

One page goes through these steps (each a function below):

1. :func:`~extract.page_image.prepare`: grayscale without coloured ink,
   working resolution, a photographed sheet made rectangular
   (extract/perspective.py), upright, deskewed;
2. :func:`~extract.rulings.find_rulings` and :func:`~extract.grid.find_grids`:
   the ruled tables and their cells;
3. erase the ruling lines (so that Tesseract reads no "|" and does not drop
   the text that touches them; in the paper around them where the light is
   uneven, extract/paper.py) and read the page, without its empty margins,
   in **one** Tesseract run (sparse-text mode, with character boxes); if that
   reads badly, ask Tesseract's OSD whether the page is upside down or turned
   and read it again turned;
4. check three known misreadings against the image: a run of "I" strokes read
   as "H", "IH", "II" for "III" … (:func:`check_strokes`), a comma or
   full stop added after a word where none is printed
   (:func:`check_trailing_marks`), and a dash glued to the word beside it
   where the page shows a space (:func:`check_dash_spaces`);
5. put every word into the cell that holds its centre; words outside the
   tables make text lines;
6. read the cells that need it again, all in **one** more run over a strip
   image (:func:`build_strip`): the cells of numeric columns (item numbers,
   amounts), where a lost dot or a swapped digit would silently change a
   value, and cells that hold ink but got no reading (Tesseract drops lone
   short tokens); cells whose ink runs on beyond the words read in them go
   into a strip of their own. Each line of the strip is one line of one cell behind a
   word of the same page, which gives Tesseract the scale of real text (a
   line of bare numbers is misread). :func:`combine_reads` settles the two
   readings: agreement confirms the cell; disagreement caps its confidence,
   so that normalize/ marks it for a person;
7. a page without ruled tables gets its columns from the words (gaps that
   stay empty over many lines), when there are any.

**Confidence.** A word's confidence is Tesseract's (0..100). A cell's (and a
line's) confidence is the *lowest* confidence of its words: one doubtful word
makes the cell doubtful. A cell read twice the same way takes the better of
the two; read two ways, at most ``disagreement_confidence`` (30). An empty
cell with no ink has no confidence (None); a cell with ink that no read could
turn into text has confidence 0.

Pages are independent: :func:`ocr_pages` spreads them over the file's own
process and a process pool beside it, and returns them in page order, so the
result does not depend on the number of workers.

Where each part lives: the settings in extract/scan_settings.py; one page
(steps 1-3 and the order of the rest) in extract/ocr_page.py; words into cells,
lines and tables (steps 5 and 7) in extract/cells.py; the stroke and mark
checks (step 4) in extract/strokes.py; the re-reads (step 6) in
extract/rereads.py; the page pool in extract/page_pool.py; continued tables
across pages in extract/join.py. Every OCR call goes through an
:class:`~extract.engine.OcrEngine` (extract/engine.py): Tesseract
(extract/tesseract.py) by default, a replay or a crashing engine in tests.
This module is the entry point extract/__init__.py uses.
"""
from __future__ import annotations

from .join import harmonize_continuations
from .page_pool import image_pages, ocr_pages

__all__ = ["harmonize_continuations", "image_pages", "ocr_pages"]
