"""Measure the OCR repair (normalize/repair/): precision and recall.

    .venv/bin/python bench/repair_quality.py [--rates 0.05,0.1,0.2] [--seed 4] [--scans] [--confidences]

Precision is the share of the repair's changes that were right; recall is the
share of the errors it fixed. The measurements:

(a) Synthetic noise on held-out text. ``bench/data/heldout_clean.txt`` is
    clean administrative Vietnamese written for this bench and never used to
    build the vocabulary. ``normalize.noise.add_ocr_noise`` damages it with a
    fixed seed; noise and repair keep every token's length and place, so the
    tokens pair up by offset. ``bench/data/heldout_c.txt`` (part C) was
    written later, after every rule and phrase existed, and is measured the
    same way; nobody has read the repair's misses on it: its figures are the
    clean held-out ones. Part D is the text of the four plans written for
    the scan corpus (``samples/corpus/truth/``), by writers who had not seen
    the repair, after all of it existed. The same is done on the clean text of the
    synthetic samples (``samples/truth/synthetic-*.json``, written by another
    engineer, also not in the vocabulary). Repairing the clean text itself
    must change nothing.
(b) The seed dump (``../shared/seed/*.ocr.txt``) against its hand-corrected
    truth (``samples/truth/dak-nong-*.json``). Alignment: the seed is parsed
    like the pipeline does (``extract.text_dump``); every table cell is
    repaired with the field of its column (TT, task, products, lead units,
    partner units, period, budget; a row holding only a Roman numeral and an
    upper-case title is a section title) and every text line as "line". The
    words of all seed cells, in reading order, are aligned with the words of
    the truth (rows, section titles, document text, lists, in file order) by
    ``difflib.SequenceMatcher`` on their folds (lower case without marks), so
    a word that OCR damaged still lines up with its correct form; a second
    pass aligns what the first left over (the truth orders some blocks
    differently). Pairs come from equal blocks of 2+ words and from replace
    blocks of equal length (up to 3 words); words that OCR merged, split or
    lost are left out. An *error* is a pair whose words
    differ (tone placement hóa/hoá aside); it is *in scope* when the words
    differ only in marks, case or l/I/1, O/0 (what the repair can see). A
    change to a seed word that has no truth counterpart counts as wrong.
    The seed is measured twice: with the full vocabulary, and without the
    vocabulary's "seed_corrected" category (the seed's own corrected text),
    which is the figure for a document the vocabulary has not seen.
(c) With --scans: Tesseract's own output on the scanned samples
    (samples/scans/*.scan300/200/150.pdf), read with repair off, each cell
    repaired with its column's field, and aligned with the truth tables'
    words as in (b).
(d) With --confidences: how many of the words Tesseract read right and
    wrong on the scanned samples fall below a confidence threshold (the
    evidence behind RepairSettings.low_confidence and the simulated
    confidences of (a)).
(e) With --scan-repair: each cell of the scanned samples repaired with
    Tesseract's own word confidences, against the text-layer twin (as in
    (d)), at the threshold 90 and at RepairSettings.low_confidence.

(a) is measured with simulated OCR word confidences
(``normalize.noise.simulate_confidences``), in the calibrations of
``normalize.noise.CALIBRATIONS``: "tesseract-300dpi", the share of damaged
words Tesseract is sure of and of right words it doubts as measured by (d)
at 300 dpi, which is what the goal (precision >= 99.5 %, recall >= 80 %) is
stated on; "tesseract-150dpi", the harsher figures of the 150 dpi scans;
"assumed", the first guess, for earlier figures; and with none, as for a
text dump or a scanner's OCR layer.
"""
from __future__ import annotations

import argparse
import difflib
import glob
import json
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import regex  # noqa: E402

from extract.model import Line, Table, WordRead  # noqa: E402
from extract.text_dump import parse_text_dump  # noqa: E402
from normalize.noise import (CALIBRATIONS, ConfidenceModel, RepairScore, add_ocr_noise, score_repair,  # noqa: E402
                            simulate_confidences)
from normalize.repair import (FIELDS, RepairSettings, fold, known_syllables, measure_tone_confusion,  # noqa: E402
                              repair_text, syllable_key)

HELDOUT = ROOT / "bench" / "data" / "heldout_clean.txt"
#: Part C: written on 2026-12-01 after every rule and phrase of the repair existed; nobody has read
#: the repair's misses on it (measure it, never tune on it).
HELDOUT_C = ROOT / "bench" / "data" / "heldout_c.txt"
TRUTH_DIR = ROOT / "samples" / "truth"
SEED_GLOB = str(ROOT.parent / "shared" / "seed" / "*.ocr.txt")
SEED_TRUTH = "dak-nong-*.json"
SYNTHETIC_TRUTH = "synthetic-*.json"
#: The columns of the seed's plan tables, in order.
SEED_COLUMNS = ("item", "task", "products", "lead_units", "partner_units", "period", "budget_million_vnd")
#: Truth keys that hold text the seed prints (notes and layout hints do not).
TRUTH_SKIP = {"type", "style", "field", "number", "date", "id", "source", "code", "printed", "kind",
              "notes", "render", "placement", "min_split_rows", "bullet", "position", "budget_unit",
              "printed_budget", "printed_item", "level", "attached_to", "columns"}
TRUTH_FIELDS = {"task": "task", "products": "products", "lead_units": "lead_units",
                "partner_units": "partner_units", "period": "period",
                "printed_lead_units": "lead_units", "printed_partner_units": "partner_units"}
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_SECTION_ROW = regex.compile(r"^(?P<code>[IVX]+)\.?\s+(?P<title>\S.*)$")
Cell = tuple[str, str]  # (field, text)
#: Alignment: a single word that matches between long unmatched stretches is
#: likely a coincidence, and so is a long stretch of different words.
MIN_EQUAL_RUN = 2
MAX_REPLACE_RUN = 3


# -- (a) synthetic noise ------------------------------------------------------

def load_heldout(path: Path = HELDOUT, part: str | None = None) -> list[Cell]:
    """Cells of the held-out file: "field<TAB>text" lines, or plain lines of running text.

    ``part`` "A" or "B" keeps the lines before or after the "# === Part B ===" line
    (part B was written after the repair was tuned and measured once).
    """
    cells = []
    current = "A"
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# === Part B ==="):
            current = "B"
        if not raw.strip() or raw.startswith("#") or (part and part != current):
            continue
        field, _, text = raw.partition("\t")
        if not text or field not in FIELDS:
            field, text = "line", raw
        cells.append((field, text.strip()))
    return cells


def truth_texts(path: Path) -> list[Cell]:
    """The text of a truth file in file order, with the field each string belongs to."""
    out: list[Cell] = []

    def walk(value, key: str | None) -> None:
        if isinstance(value, str):
            if any(ch.isalpha() for ch in value):
                out.append((TRUTH_FIELDS.get(key or "", "line"), value))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, dict):
            if value.get("type") == "section":
                out.append(("section_title", value.get("title", "")))
                return
            for name, item in value.items():
                if name in TRUTH_SKIP:
                    continue
                if name.startswith("printed_") and name not in TRUTH_FIELDS:
                    continue
                if f"printed_{name}" in value:
                    continue  # the printed form is what OCR saw
                walk(item, name)

    walk(json.loads(path.read_text(encoding="utf-8")), None)
    return out


def synthetic_truth_cells(folder: Path = TRUTH_DIR) -> list[Cell]:
    cells: list[Cell] = []
    for path in sorted(folder.glob(SYNTHETIC_TRUTH)):
        cells += truth_texts(path)
    return cells


#: Plans written for the scan corpus after the repair's rules and vocabulary (2026-12-02, by
#: writers who had not seen them), never tuned on: part D.
CORPUS_TRUTH_DIR = ROOT / "samples" / "corpus" / "truth"


def measure_noise(cells: list[Cell], rate: float, seed: int, exclude: tuple[str, ...] = (),
                  confidences: ConfidenceModel | None = None) -> tuple[RepairScore, int]:
    """Noise every cell (seed + index), repair it; also count clean cells the repair changed.

    With ``confidences`` the repair is given simulated OCR word confidences
    (normalize.noise.simulate_confidences: damaged words mostly low, clean
    words mostly high); without, none (like a text dump or an OCR layer).
    The clean text is repaired with every word at a high confidence when
    simulating, with none otherwise.
    """
    total = RepairScore()
    clean_changed = 0
    for index, (field, text) in enumerate(cells):
        cell_seed = seed * 100_003 + index
        noisy, changes = add_ocr_noise(text, rate, cell_seed)
        words = simulate_confidences(noisy, changes, cell_seed, confidences) if confidences else ()
        clean_words = simulate_confidences(text, [], cell_seed, confidences) if confidences else ()
        if repair_text(text, field, words=clean_words, exclude=exclude)[0] != text:
            clean_changed += 1
        repaired, _ = repair_text(noisy, field, words=words, exclude=exclude)
        total.add(score_repair(text, noisy, repaired))
    return total, clean_changed


# -- (b) the seed dump against its truth -----------------------------------------

@dataclass
class SeedScore(RepairScore):
    """Counts of a measurement against aligned truth words (precision, recall from RepairScore)."""

    words: int = 0
    aligned: int = 0
    errors_in_scope: int = 0
    fixed_in_scope: int = 0
    unverifiable: list[str] = field(default_factory=list)  # changes to words with no counterpart
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def recall_in_scope(self) -> float:
        return self.fixed_in_scope / self.errors_in_scope if self.errors_in_scope else 1.0


def seed_cells(text: str) -> list[Cell]:
    """The cells and lines of a seed dump, with the field of each.

    As in normalize/structure.py, a row after a page break whose TT cell is
    empty continues the row before it: its cells are joined to that row's
    cells with a line break, so the repair sees "phản\nảnh" whole.
    """
    cells: list[Cell] = []
    for block in parse_text_dump(text):
        if isinstance(block, Line):
            cells.append(("line", block.text))
            continue
        assert isinstance(block, Table)
        rows: list[list[str]] = []
        for row in block.rows:
            texts = [c.text for c in row.cells]
            if row.break_before and rows and not texts[0] and not _section_title(rows[-1]):
                previous = rows[-1]
                previous += [""] * (len(texts) - len(previous))
                for index, cell in enumerate(texts):
                    if cell:
                        previous[index] = f"{previous[index]}\n{cell}" if previous[index] else cell
            else:
                rows.append(texts)
        for texts in rows:
            title = _section_title(texts)
            if title:
                cells.append(("section_title", title))
                continue
            for index, cell in enumerate(texts):
                if cell:
                    cells.append((SEED_COLUMNS[index] if index < len(SEED_COLUMNS) else "line", cell))
    return cells


def _section_title(texts: list[str]) -> str | None:
    """The title of a section row ("II CẢI CÁCH THỂ CHẾ", code and title in one or two cells)."""
    filled = [t for t in texts if t]
    section = _SECTION_ROW.match(" ".join(filled))
    if not section or len(filled) > 2:
        return None
    title = section["title"]
    return title if title.upper() == title and any(ch.isalpha() for ch in title) else None


def _same_word(a: str, b: str) -> bool:
    """Equal, or equal up to tone placement (hóa/hoá) in the same letter case."""
    if a == b:
        return True
    return syllable_key(a) == syllable_key(b) and [c.isupper() for c in a] == [c.isupper() for c in b]


def _in_scope(ocr: str, truth: str) -> bool:
    """Whether the words differ only in what the repair can see.

    Marks (tones, ơ/o, đ/d ...), l/I/1 and O/0, and the case of a letter
    inside the word; not the case of a whole word or of its first letter
    ("Của" for "của" is a matter of style the repair does not judge).
    """
    def simple(word: str) -> str:
        return fold(word).translate(str.maketrans({"l": "i", "1": "i", "0": "o"}))
    if len(ocr) != len(truth) or simple(ocr) != simple(truth):
        return False
    if ocr[0].isupper() != truth[0].isupper() and ocr[0] not in "Il1" and truth[0] not in "Il1":
        return False
    return not (ocr.isupper() and truth.islower()) and not (ocr.islower() and truth.isupper())


def _words(cells: list[Cell]) -> list[tuple[int, int, int, str]]:
    """(cell index, start, end, word) for every word of the cells."""
    return [(i, m.start(), m.end(), m.group()) for i, (_, text) in enumerate(cells)
            for m in _WORD.finditer(text)]


def measure_seed(seed_text: str, truth_paths: list[Path], exclude: tuple[str, ...] = ()) -> SeedScore:
    """Repair the seed's cells and compare their words with the aligned truth words."""
    return measure_cells(seed_cells(seed_text), truth_paths, exclude)


def measure_cells(cells: list[Cell], truth_paths: list[Path], exclude: tuple[str, ...] = ()) -> SeedScore:
    """Repair OCR'd cells and compare their words with the aligned truth words."""
    repaired = [repair_text(text, field, exclude=exclude)[0] for field, text in cells]
    truth: list[Cell] = []
    for path in truth_paths:
        truth += truth_texts(path)
    ocr_words = _words(cells)
    truth_words = [w for _, _, _, w in _words(truth)]
    pairs = align_words([w[3] for w in ocr_words], truth_words)
    score = SeedScore(words=len(ocr_words), aligned=len(pairs))
    for index, (cell, start, end, word) in enumerate(ocr_words):
        result = repaired[cell][start:end] if len(repaired[cell]) == len(cells[cell][1]) else word
        expected = pairs.get(index)
        if result != word:
            if expected is None:
                score.unverifiable.append(f"{word} → {result} in {cells[cell][1][:70]!r}")
            else:
                score.changes += 1
                score.right_changes += _same_word(result, expected)
                if not _same_word(result, expected):
                    score.wrong.append(f"{word} → {result} (truth {expected}) in {cells[cell][1][:70]!r}")
        if expected is None or _same_word(word, expected):
            continue
        score.errors += 1
        fixed = _same_word(result, expected)
        score.fixed += fixed
        if _in_scope(word, expected):
            score.errors_in_scope += 1
            score.fixed_in_scope += fixed
        if not fixed:
            score.missed.append(f"{word} (truth {expected}) in {cells[cell][1][:70]!r}")
    return score


def align_words(ocr: list[str], truth: list[str]) -> dict[int, str]:
    """OCR word index → truth word, aligned on folds; a second pass aligns reordered blocks."""
    pairs: dict[int, str] = {}
    left_ocr: list[int] = []
    left_truth: list[int] = []
    _align_pass(ocr, truth, list(range(len(ocr))), list(range(len(truth))), pairs, left_ocr, left_truth)
    _align_pass(ocr, truth, left_ocr, left_truth, pairs, [], [])
    return pairs


def _align_pass(ocr: list[str], truth: list[str], ocr_index: list[int], truth_index: list[int],
                pairs: dict[int, str], left_ocr: list[int], left_truth: list[int]) -> None:
    matcher = difflib.SequenceMatcher(None, [fold(ocr[i]) for i in ocr_index],
                                      [fold(truth[j]) for j in truth_index], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if (tag == "equal" and i2 - i1 >= MIN_EQUAL_RUN) or (tag == "replace" and i2 - i1 == j2 - j1 <= MAX_REPLACE_RUN):
            for k in range(i2 - i1):
                pairs[ocr_index[i1 + k]] = truth[truth_index[j1 + k]]
        else:
            left_ocr.extend(ocr_index[i1:i2])
            left_truth.extend(truth_index[j1:j2])


def seed_inputs() -> tuple[str, list[Path]] | None:
    """The seed dump and its truth files, or None when either is missing."""
    seeds = sorted(glob.glob(SEED_GLOB))
    truths = sorted(TRUTH_DIR.glob(SEED_TRUTH))
    if not seeds or not truths:
        return None
    text = "\n".join(Path(p).read_text(encoding="utf-8") for p in seeds)
    return unicodedata.normalize("NFC", text), _in_seed_order(truths)


def _in_seed_order(paths: list[Path]) -> list[Path]:
    """The Đắk Nông bundle prints letter 104, then decision 2070's plan, then decision 1657."""
    order = ["cv104", "qd2070", "qd1657"]
    return sorted(paths, key=lambda p: next((i for i, k in enumerate(order) if k in p.name), len(order)))


# -- (c) Tesseract's own output on the scanned samples -----------------------------

def scan_cells(pdf: Path) -> list[Cell]:
    """The cells kehoach reads from a scan with repair off, as (field, text)."""
    from extract import extract_file
    from normalize.plan import NormalizeOptions, normalize

    result = normalize(extract_file(pdf), NormalizeOptions(repair=False))
    cells: list[Cell] = []
    for table in result.tables:
        seen_sections: set[str] = set()
        for row in table.rows:
            if row.section_title and row.section_title not in seen_sections:
                seen_sections.add(row.section_title)
                cells.append(("section_title", row.section_title))
            cells.append(("task", row.task))
            cells += [("products", p) for p in row.products]
            cells += [("lead_units", u) for u in row.lead_units]
            cells += [("partner_units", u) for u in row.partner_units]
            cells.append(("period", row.period.text))
    return [c for c in cells if c[1]]


def table_truth_paths(stem: str) -> list[Path]:
    """A truth file reduced to its tables (the scans' tables are what is compared)."""
    import tempfile

    data = json.loads((TRUTH_DIR / f"{stem}.json").read_text(encoding="utf-8"))
    reduced = {"tables": [{"body": t["body"]} for t in data.get("tables", [])]}
    handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
    with handle:
        json.dump(reduced, handle, ensure_ascii=False)
    return [Path(handle.name)]


def measure_scans(dpi: int) -> SeedScore | None:
    scans = sorted((ROOT / "samples" / "scans").glob(f"*.scan{dpi}.pdf"))
    total = SeedScore()
    for pdf in scans:
        stem = pdf.name.split(".scan")[0]
        if not (TRUTH_DIR / f"{stem}.json").exists():
            continue
        paths = table_truth_paths(stem)
        try:
            score = measure_cells(scan_cells(pdf), paths)
        finally:
            for path in paths:
                path.unlink()
        for name in ("words", "aligned", "errors", "errors_in_scope", "fixed", "fixed_in_scope",
                     "changes", "right_changes"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
        for name in ("unverifiable", "wrong", "missed"):
            getattr(total, name).extend(getattr(score, name))
    return total if scans else None


# -- (d) how far Tesseract's word confidences tell its errors ------------------------

@dataclass
class ConfidenceCounts:
    """Words of a scan that OCR read right or wrong, and how many of each fell below a threshold."""

    threshold: float
    right: int = 0
    right_low: int = 0
    wrong: int = 0
    wrong_low: int = 0
    #: Of the wrong words, those that differ from the right one only in marks, case or l/I/1, O/0
    #: (what normalize.noise simulates and the repair can see), and how many of them were real syllables.
    marks: int = 0
    marks_low: int = 0
    marks_real: int = 0
    marks_real_low: int = 0


def _ocr_words(blocks, with_confidence: bool) -> list[tuple[str, float | None]]:
    words: list[tuple[str, float | None]] = []
    for block in blocks:
        cells = [c for row in block.rows for c in row.cells] if isinstance(block, Table) else [block]
        for cell in cells:
            if with_confidence:
                words += [(unicodedata.normalize("NFC", w.text), w.confidence) for w in cell.words]
            else:
                words += [(w, None) for w in unicodedata.normalize("NFC", cell.text).split()]
    return words


def measure_confidences(dpi: int, thresholds: tuple[float, ...] = (90.0, 95.0)) -> list[ConfidenceCounts]:
    """Tesseract's words on the scans at ``dpi`` against the same sample's text layer.

    The words of the scan (with their confidences) and of the text-layer PDF
    are aligned by ``difflib.SequenceMatcher``; an equal pair is a word read
    right, a pair of a replace block of equal length a word read wrong (words
    merged, split or lost are left out).
    """
    from extract import extract_file

    counts = [ConfidenceCounts(t) for t in thresholds]
    for pdf in sorted((ROOT / "samples" / "scans").glob(f"*.scan{dpi}.pdf")):
        layer = ROOT / "samples" / (pdf.name.split(".scan")[0] + ".pdf")
        if not layer.exists():
            continue
        ocr = _ocr_words(extract_file(pdf).blocks, True)
        typed = [w for w, _ in _ocr_words(extract_file(layer).blocks, False)]
        matcher = difflib.SequenceMatcher(None, [w for w, _ in ocr], typed, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
                for (word, confidence), right in zip(ocr[i1:i2], typed[j1:j2]):
                    marks = op != "equal" and _in_scope(word, right)
                    real = marks and syllable_key(word) in known_syllables()
                    for c in counts:
                        low = confidence is not None and confidence < c.threshold
                        if op == "equal":
                            c.right += 1
                            c.right_low += low
                        else:
                            c.wrong += 1
                            c.wrong_low += low
                            c.marks += marks
                            c.marks_low += marks and low
                            c.marks_real += real
                            c.marks_real_low += real and low
    return counts


# -- (e) the repair on Tesseract's words, with Tesseract's own confidences ------------

def _scan_cells_with_words(blocks) -> list[tuple[str, list[WordRead]]]:
    cells = []
    for block in blocks:
        for cell in ([c for row in block.rows for c in row.cells] if isinstance(block, Table) else [block]):
            words = [WordRead(unicodedata.normalize("NFC", w.text), w.confidence) for w in cell.words]
            cells.append((unicodedata.normalize("NFC", cell.text), words))
    return cells


def measure_scan_repair(dpi: int, thresholds: tuple[float, ...]) -> list[tuple[float, RepairScore, list[str]]]:
    """Each cell of each scan at ``dpi`` repaired with its words' own confidences, against the text-layer twin.

    The words of the OCR text, of the repaired text and of the text layer
    are aligned as in (d); an error is an aligned OCR word that differs from
    the typed one. Words are compared with their punctuation, so a right
    change to "'Tố" (typed "Tổ" after a quote the OCR joined) counts as wrong:
    the listed wrong changes are to be read. Each file's cells are repaired
    with what ``measure_tone_confusion`` finds in that file's sure words, as
    normalize does.
    """
    from extract import extract_file

    scans = []
    for pdf in sorted((ROOT / "samples" / "scans").glob(f"*.scan{dpi}.pdf")):
        layer = ROOT / "samples" / (pdf.name.split(".scan")[0] + ".pdf")
        if layer.exists():
            scans.append((_scan_cells_with_words(extract_file(pdf).blocks),
                          [w for w, _ in _ocr_words(extract_file(layer).blocks, False)]))
    results = []
    for threshold in thresholds:
        settings, score, wrong = RepairSettings(low_confidence=threshold), RepairScore(), []
        for cells, typed in scans:
            ocr, repaired = [], []
            confusion = measure_tone_confusion(cells, repair_settings=settings)
            for text, words in cells:
                result = repair_text(text, "line", words=words, origin="ocr", settings=settings,
                                     tone_confusion=confusion if confusion.found else None)[0]
                before, after = text.split(), result.split()
                ocr += before
                repaired += after if len(after) == len(before) else before
            matcher = difflib.SequenceMatcher(None, ocr, typed, autojunk=False)
            for op, i1, i2, j1, j2 in matcher.get_opcodes():
                if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
                    for read, result, truth in zip(ocr[i1:i2], repaired[i1:i2], typed[j1:j2]):
                        score.tokens += 1
                        if read != truth and _in_scope(read, truth):
                            score.errors += 1
                            score.fixed += result == truth
                        if result != read:
                            score.changes += 1
                            score.right_changes += result == truth
                            if result != truth:
                                wrong.append(f"{read} -> {result} (typed {truth})")
        results.append((threshold, score, wrong))
    return results


# -- report -----------------------------------------------------------------------

def _line(label: str, score: RepairScore, clean_changed: int | None = None) -> str:
    text = (f"{label:<44} tokens {score.tokens:5d}  errors {score.errors:4d}  changes {score.changes:4d}"
            f"  precision {score.precision:6.2%}  recall {score.recall:6.2%}")
    if clean_changed is not None:
        text += f"  clean cells changed {clean_changed}"
    return text


_CALIBRATION_LABELS = {
    "tesseract-300dpi": "simulated OCR confidences calibrated on Tesseract at 300 dpi (the goal: precision >= 99.5%,"
                        " recall >= 80%)",
    "tesseract-150dpi": "simulated OCR confidences calibrated on Tesseract at 150 dpi (harsher)",
    "assumed": "simulated OCR confidences as first assumed (15% of damaged words confident, 10% of clean ones doubted)",
    "none": "no confidences (like a text dump or an OCR text layer)",
}


def _confidence_runs(names: str) -> list[tuple[str, ConfidenceModel | None]]:
    """(label, model) for each named calibration ("none": no confidences)."""
    runs = []
    for name in names.split(","):
        if name != "none" and name not in CALIBRATIONS:
            raise SystemExit(f"unknown calibration {name!r}: one of {', '.join([*CALIBRATIONS, 'none'])}")
        runs.append((_CALIBRATION_LABELS.get(name, name), None if name == "none" else CALIBRATIONS[name]))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", default="0.05,0.1,0.2", help="noise rates (share of tokens damaged)")
    parser.add_argument("--seed", type=int, default=4, help="seed of the noise generator")
    parser.add_argument("--calibrations", default="tesseract-300dpi,tesseract-150dpi,none",
                        help="simulated confidences to measure (a) with: names of normalize.noise.CALIBRATIONS, or"
                             " none (default tesseract-300dpi,tesseract-150dpi,none; 'assumed' gives the earlier figures)")
    parser.add_argument("--scans", action="store_true",
                        help="also OCR the scanned samples and measure the repair on Tesseract's output (slow)")
    parser.add_argument("--confidences", action="store_true",
                        help="also measure how far Tesseract's word confidences tell its errors on the scans (slow)")
    parser.add_argument("--scan-repair", action="store_true",
                        help="also repair Tesseract's words on the scans with its own confidences, at the thresholds"
                             " 90 and RepairSettings.low_confidence (slow)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the seed's wrong, missed and unverifiable changes")
    args = parser.parse_args(argv)
    rates = [float(r) for r in args.rates.split(",")]
    started = time.perf_counter()

    print("(a) synthetic OCR noise, fixed seed", args.seed)
    heldout, part_b, samples = load_heldout(), load_heldout(part="B"), synthetic_truth_cells()
    part_c = load_heldout(HELDOUT_C)
    part_d = synthetic_truth_cells(CORPUS_TRUTH_DIR)
    for label, confidences in _confidence_runs(args.calibrations):
        print(f" {label}")
        for rate in rates:
            score, clean = measure_noise(heldout, rate, args.seed, confidences=confidences)
            print(_line(f"  heldout_clean.txt ({len(heldout)} cells), rate {rate:.2f}", score, clean))
        for rate in rates:
            score, clean = measure_noise(part_b, rate, args.seed, confidences=confidences)
            print(_line(f"    of which part B ({len(part_b)} cells), rate {rate:.2f}", score, clean))
        for rate in rates:
            score, clean = measure_noise(part_c, rate, args.seed, confidences=confidences)
            print(_line(f"  heldout_c.txt, never tuned on ({len(part_c)} cells), rate {rate:.2f}", score, clean))
        for rate in rates:
            score, clean = measure_noise(part_d, rate, args.seed, confidences=confidences)
            print(_line(f"  samples/corpus/truth/, never tuned on ({len(part_d)} cells), rate {rate:.2f}", score, clean))
        if samples:
            for rate in rates:
                score, clean = measure_noise(samples, rate, args.seed, confidences=confidences)
                print(_line(f"  samples/truth/synthetic-* ({len(samples)} cells), rate {rate:.2f}", score, clean))
    print("(b) the seed dump against samples/truth/dak-nong-*.json")
    inputs = seed_inputs()
    if inputs is None:
        print("  (seed dump or truth files missing: skipped)")
    else:
        text, truths = inputs
        cells = seed_cells(text)
        repair_text("khởi động", "task")  # load the data files first
        timer = time.perf_counter()
        for field_name, cell in cells:
            repair_text(cell, field_name)
        print(f"  repairing the whole seed ({len(cells)} cells and lines): {time.perf_counter() - timer:.2f}s")
        for label, exclude in (("full vocabulary", ()), ("without seed_corrected", ("seed_corrected",))):
            timer = time.perf_counter()
            s = measure_seed(text, truths, exclude)
            print(f"  {label:<24} words {s.words}  aligned {s.aligned}  errors {s.errors}"
                  f" (in scope {s.errors_in_scope})  changes {s.changes}  precision {s.precision:6.2%}"
                  f"  recall {s.recall:6.2%}  recall in scope {s.recall_in_scope:6.2%}"
                  f"  unverifiable changes {len(s.unverifiable)}  ({time.perf_counter() - timer:.2f}s)")
            if args.verbose:
                for kind in ("wrong", "missed", "unverifiable"):
                    for entry in getattr(s, kind):
                        print(f"    {kind}: {entry}")
    if args.scans:
        print("(c) Tesseract's output on the scanned samples (samples/scans/*.scanDPI.pdf) against samples/truth/")
        for dpi in (300, 200, 150):
            timer = time.perf_counter()
            s = measure_scans(dpi)
            if s is None:
                print(f"  {dpi} dpi: no scans")
                continue
            print(f"  {dpi} dpi{'':<17} words {s.words}  aligned {s.aligned}  errors {s.errors}"
                  f" (in scope {s.errors_in_scope})  changes {s.changes}  precision {s.precision:6.2%}"
                  f"  recall {s.recall:6.2%}  recall in scope {s.recall_in_scope:6.2%}"
                  f"  ({time.perf_counter() - timer:.0f}s with OCR)")
            if args.verbose:
                for kind in ("wrong", "missed"):
                    for entry in getattr(s, kind):
                        print(f"    {kind}: {entry}")
    if args.confidences:
        print("(d) Tesseract's word confidences on the scanned samples against their text layers")
        for dpi in (300, 200, 150):
            for c in measure_confidences(dpi):
                print(f"  {dpi} dpi, below {c.threshold:.0f}: words read right {c.right} ({c.right_low / max(c.right, 1):.1%}"
                      f" below), read wrong {c.wrong} ({c.wrong_low / max(c.wrong, 1):.1%} below); of these, marks"
                      f" only {c.marks} ({c.marks_low / max(c.marks, 1):.1%} below), of which real syllables"
                      f" {c.marks_real} ({c.marks_real_low / max(c.marks_real, 1):.1%} below)")
    if args.scan_repair:
        print("(e) the repair of Tesseract's words on the scans with Tesseract's own confidences, against the text"
              " layers (errors: marks, case, l/I/1, O/0 only)")
        for dpi in (300, 150):
            for threshold, score, wrong in measure_scan_repair(dpi, (90.0, RepairSettings().low_confidence)):
                print(_line(f"  {dpi} dpi, doubted below {threshold:.0f}", score))
                for entry in wrong:
                    print(f"    changed, not as typed: {entry}")
    print(f"total time {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
