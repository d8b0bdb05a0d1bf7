"""How scanned pages are read: :class:`ScanSettings`, every default documented."""
from __future__ import annotations

from dataclasses import dataclass, field

from .grid import GridSettings
from .page_image import PageImageSettings
from .paper import PaperSettings


@dataclass(frozen=True)
class ScanSettings:
    """How scanned pages are read; every default is documented here."""

    image: PageImageSettings = field(default_factory=PageImageSettings)
    grid: GridSettings = field(default_factory=GridSettings)
    #: When a page counts as unevenly lit, and how its ruling is erased then (extract/paper.py).
    paper: PaperSettings = field(default_factory=PaperSettings)
    #: Tesseract language model(s). Debian's ``vie`` alone: with the
    #: Vietnamese-script model (``vie+Vietnamese``) a little more of the
    #: 200-dpi scans' text is exact, but a lone "TT" reads "lại" and a page
    #: read on its side reads confidently enough that OSD's turn is not kept;
    #: ``Vietnamese`` alone reads worst (bench/RESULTS.md, "OCR models").
    lang: str = "vie"
    #: Page segmentation mode of the page read. 11 (sparse text) finds each
    #: cell's text as its own lines, which keeps word spaces and short words
    #: that the automatic layout (3) loses when it strings cells into one
    #: line; it drops lone short tokens, which step 5 reads.
    page_psm: int = 11
    #: Page segmentation mode of the strip read (6: one uniform block of text;
    #: the strip's rows are lines of cell pieces).
    strip_psm: int = 6
    #: Re-read numeric columns and inked-but-empty cells in a strip (step 5).
    reread: bool = True
    #: Then read a numeric column's cells that are still unread one by one,
    #: with the column's character set (extract/cell_reads.py), in this page
    #: segmentation mode (7: one line of text).
    cell_reads: bool = True
    cell_psm: int = 7
    #: A cell read alone whose ink is less than this many pixels tall is
    #: scaled up by the whole factor that makes it so (Tesseract reads text of
    #: 20-40 pixels best), by at most ``cell_read_max_scale``.
    cell_read_height: float = 20.0
    cell_read_max_scale: int = 3
    #: Highest confidence of a reading forced into a character set: below
    #: normalize/'s doubtful level (60), so that a person checks the cell.
    cell_read_confidence: float = 50.0
    #: A cell read alone counts only with at least this confidence (the
    #: engine's own, before the cap above).
    cell_read_min_confidence: float = 60.0
    #: A number read below this confidence is read alone as a check.
    cell_check_below: float = 85.0
    #: Widest stroke (share of the ink's height) counted by :func:`check_strokes`.
    max_stroke_width: float = 0.3
    #: How far a slash leans (its upper fifth right of its lower fifth, share of its height) for
    #: :func:`~extract.strokes.strokes_before_slash` to take the last run of "II/" for it: an
    #: upright "I" leans -0.12 to 0.03 (a slash's foot beside it pulls its lower part right),
    #: the slashes of the 150-dpi corpus scan 0.09 to 0.16.
    min_slash_lean: float = 0.06
    #: A mark Tesseract ends a word with over the box of the letter before it is printed
    #: when the word's ink ends in a piece at most this share of its letters' height (a
    #: comma or a semicolon's lower half 0.35-0.6, a stop 0.2-0.3; a letter 0.75 or more):
    #: :func:`~extract.strokes.check_trailing_marks`.
    mark_max_height: float = 0.6
    #: The ink looked at reaches this share of the word's height right of the word's box
    #: (or of the mark's, when that reaches further) and below it: the word's box may stop
    #: at its last letter. Less than a word space, so that the next word stays out.
    mark_search_pad: float = 0.15
    #: ... and this share when the next word of the line is known, up to that word (a
    #: photographed comma stood 0.2-0.3 of the height right of the word's box).
    mark_search_far: float = 0.5
    #: A dash Tesseract glued to the word before or after it ("Tháng 4- Tháng 9" printed
    #: "Tháng 4 - Tháng 9") stands apart when the blank ink between the two is at least
    #: this share of the word's height: a printed space measured 0.34-0.41, a dash typed
    #: against its word ("QĐ-UBND", "III-") 0-0.14; spaces between words on the same lines
    #: 0.25 and more (:func:`~extract.strokes.check_dash_spaces`).
    dash_space_min: float = 0.25
    #: A column is numeric when at least this share of its inked cells read
    #: as numbers (digits with . , - / and spaces, or Roman numerals) or as
    #: nothing; its cells that read as numbers or as at most ``short_text``
    #: characters are read again ("II" read as "H").
    numeric_share: float = 0.6
    short_text: int = 3
    #: White space in the strip image (between the calibration word and a
    #: piece, and between lines), as a share of the pieces' median height:
    #: about two word spaces. Much wider, and Tesseract's line recognizer drops
    #: the dot of "2.2" (read "22") or invents characters in the blank.
    strip_gap: float = 0.6
    #: A calibration word (see :func:`calibration_words`) was read with at
    #: least this confidence; a bold one is this many times bolder than the
    #: page's typical word.
    calibration_confidence: float = 90.0
    bold_weight_ratio: float = 1.3
    #: Margin cut off the inside of a cell before it goes into the strip, in points.
    cell_inset: float = 1.5
    #: Highest confidence of a cell whose two reads disagree.
    disagreement_confidence: float = 30.0
    #: A page read below this confidence does not count as a reading against
    #: the strip's (a lone "5.1" read as "S)II" at 0, "175,7" as "120,7)" at
    #: 53): the level under which normalize/ marks a cell as doubtful anyway.
    garbage_confidence: float = 60.0
    #: A cell holds ink when, after the ruling is erased, it has at least this
    #: much inked area (square points; a "1" at 11 pt is about 8).
    min_ink_area: float = 4.0
    #: A cell whose ink, on one of its lines, runs on beyond every word read there by at
    #: least this share of the line's height (with ``min_ink_area`` of ink) holds text the
    #: page read left out: the page read's sparse-text mode drops a lone short line of a
    #: cell ("IV" under "Quý III - Quý", "hành" under "Đề án ban") or a glyph ("IV" read
    #: "I" with the box of the "I"). Such a cell is read again, in a strip of its own.
    unread_ink_width: float = 0.4
    #: Word boxes are widened by this share of the line's height before the ink beyond
    #: them is measured (a glyph's serifs and overhang reach past its box) …
    unread_ink_pad: float = 0.15
    #: … and runs of unread ink closer than this share of the line's height are one run.
    unread_ink_join: float = 0.3
    #: The page is read without its empty margins: the part with ink (8×8
    #: blocks at least this dense) and this margin around it, in points.
    content_density: float = 0.05
    content_margin: float = 12.0
    #: A line of text outside the tables whose words average below this
    #: confidence is noise (a stamp's lettering, a scribble) and is left out.
    unreadable_line: float = 50.0
    #: Ask OSD whether the page is turned when the mean word confidence is
    #: below this, or when fewer than ``min_words`` words were read.
    osd_below_confidence: float = 60.0
    min_words: int = 5
    #: OSD's orientation confidence needed to turn the page.
    osd_min_confidence: float = 1.0
