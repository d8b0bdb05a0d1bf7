"""Golden tests on the scan corpus (samples/corpus/, made by samples/make_corpus.py):
plan tables printed in fonts, rulings and column widths kehoach was not tuned
on, scanned at 300, 250, 200 and a harsh 150 dpi, fed in turned 90, 180 and
270°, doubled or broken ruling without an outer border, shaded and two-level
headers, a red seal and a blue signature over the table, a phone photo; and the real scan of
../shared/realdocs/ (plan 753/KH-ĐCT), scored against a truth read off its
pages by eye (samples/corpus/huit-kh753.truth.json).
Real Tesseract, no mocks; every file is scored against its source's truth.

The floors are the levels measured on this corpus (each test prints its
scores: ``pytest -s tests/test_corpus_golden.py``), about one cell under them
so that a change of Tesseract build does not fail the suite; the issue's
goals are above some of them.
"""
from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import SAMPLES
from extract import extract_file
from extract.model import Table
from extract.ocr_page import ocr_page_image
from extract.page_files import load_pdf_page
from extract.tesseract import TesseractEngine
from golden import TEXT_FIELDS, Score, compare_table, load_truth
from normalize.plan import normalize
from pipeline.writers import result_json
from scan_score import ItemScore, item_score

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract (vie)")

import sys  # noqa: E402

sys.path.insert(0, str(SAMPLES))
from make_corpus import VARIANTS, truth_path  # noqa: E402

CORPUS = SAMPLES / "corpus"
BY_NAME = {v.name: v for v in VARIANTS}
REALDOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"
KH753 = REALDOCS / "huit_kh753_khaosat_2026_scan.pdf"
KH753_TRUTH = CORPUS / "huit-kh753.truth.json"


def _score(truth: dict, data: dict, name: str) -> tuple[Score, ItemScore]:
    fields, items = Score(), ItemScore()
    for index, truth_table in enumerate(truth["tables"]):
        table = data["tables"][index] if index < len(data["tables"]) else None
        fields.add(compare_table(truth_table, table, name))
        items.add(item_score(truth_table, table))
    print(f"{name}: {fields.report()}; text {fields.share(TEXT_FIELDS):.1%}, budgets exact or flagged "
          f"{fields.share_or_flagged(('budget',)):.1%}, items {items.item_share:.1%}, "
          f"sections {items.section_share:.1%}")
    return fields, items


@lru_cache(maxsize=None)
def result_of(name: str) -> dict:
    return result_json(normalize(extract_file(CORPUS / f"{name}.pdf")))


@lru_cache(maxsize=None)
def scored(name: str) -> tuple[Score, ItemScore]:
    variant = BY_NAME[name]
    return _score(load_truth(truth_path(variant.source)), result_of(name), name)


#: name: (text cells exact, item numbers exact, budgets exact or flagged): the
#: levels measured on 2026-12-01 (each file printed in its own font: before,
#: every file after the first was printed in DejaVu Serif) less a margin of
#: about one cell. Where a floor is under the issue's goal, the comment says what is lost.
FLOORS = {
    "tinh-dejavu-serif-300": (0.97, 0.97, 1.0),  # 98.2%: "hạn", "điện" lose their dot below
    "huyen-dejavu-serif-200": (0.97, 0.97, 1.0),  # 100%
    # 93.3% (77.1% before normalize.repair.tone_confusion and the slash-aware stroke check): at
    # 150 dpi Liberation Sans' hook above reads as an acute even where Tesseract is sure ("kiếm
    # tra", "Tố chức"), and the slash's box cut "II/2026" to "I/2026"; still lost: "sửa đối",
    # words run together ("đơnvị"), two partner units joined.
    "bo-liberation-sans-150": (0.92, 0.97, 1.0),
    # 98.2% (87.3% without normalize.repair.tone_confusion), made after it to check it on a file
    # it was not built on; items 100% (90.9% before "31", "32" after "3" were restored as
    # 3.1, 3.2: normalize.numbering.restore_lost_dots).
    "tinh-liberation-serif-150": (0.97, 0.97, 1.0),
    "tinh-dejavu-serif-300-turned90": (0.97, 0.97, 1.0),  # 98.2%, as upright
    "huyen-dejavu-serif-condensed-300-turned180-270": (0.97, 0.97, 1.0),  # 100%
    # 97.6%: "Phòng Tư pháp" and one more unit under the seal's ring and the signature.
    "huyen-liberation-serif-200-doubled-seal": (0.96, 0.97, 1.0),
    "huyen-dejavu-sans-250-broken": (0.97, 0.97, 1.0),  # 98.8%
    "tinh-liberation-sans-200-two-level": (0.97, 0.97, 1.0),  # 99.1%
    # 100% (98.8% before the strip of cells whose ink the page read left unread).
    "huyen-dejavu-serif-photo": (0.97, 0.97, 1.0),
    # The four files below were added on 2026-12-02 in the fonts the issue names that the corpus
    # lacked (Noto Serif, Noto Sans, FreeSerif), and measured once before any change: 89.1%, 93.3%,
    # 97.6% and 92.7% of text cells. What they showed was then built for the whole class (a slash
    # read twice, a colon read for the semicolon between two units, a quarter read "li" or "ïI",
    # "đơn VỊ", the first letter section read "Ẩ", a line the page read dropped); now:
    # 90.9%: five cells under the blue signature (two empty ones read as its strokes, flagged;
    # "Sở Nội vụ R À"), two periods whose space before the dash the OCR lost ("Tháng 4- Tháng 9",
    # which typed plans also print, so it is not repaired), "Nền" read "Nên", and lost commas.
    "tinh-noto-serif-300-seal": (0.90, 0.97, 1.0),
    "bo-freeserif-200": (0.97, 0.97, 1.0),  # 99.0%: "chi tiết" read "chỉ tiết" with confidence
    "huyen-noto-sans-150": (0.97, 0.97, 1.0),  # 100%
    "bo-freeserif-300-turned270": (0.97, 0.97, 1.0),  # 99.0%, as upright at 200 dpi
    # A second round (bench/RESULTS.md, "Photos, and a second round"). Phone photos held more
    # askew than huyen-dejavu-serif-photo: read as they lie, 17.6% and 12.4%, their columns'
    # rulings leaning up to 2.7° (extract/perspective.py now makes the sheet rectangular).
    "huyen-noto-serif-photo": (0.96, 0.97, 1.0),  # 97.6%: "Quý III" read "1", two units joined
    # 87.6%: commas lost in six tasks, "Phương án … phê duyệt" read "Phương: được Bộ" under the
    # shadow, two periods' dashes lost ("Quý IV/2025 Quý II/2026").
    "bo-freeserif-photo": (0.86, 0.97, 1.0),
    # 94.1%: its first section's "I" no read could turn into text (named by the "II" below it);
    # lost commas; two budgets flagged ("12" read "2", "85" unread).
    "huyen-freeserif-150": (0.93, 0.97, 1.0),
    # 93.6%: the cells under the signature (two empty ones read as its strokes, flagged), "VI"
    # read "VỊ" (taken from the outline), items 90.9% (two under the seal, flagged).
    "tinh-freesans-200-seal": (0.92, 0.90, 1.0),
    # Plans written for the corpus after the rules (samples/corpus/truth/; bench/RESULTS.md, "Plans
    # written after the rules"), probed first on other renders of them, what they showed built
    # for the whole class, then these four made and measured (before the changes, by the code of
    # cb7756b: 88.9%, 0%, 92.7%, 81.8%):
    # 93.3%: lost commas ("Phòng Phổ biến giáo dục"), a bullet's "-" lost so two products are one,
    # a space lost before a dash (printed commas whose boxes lay over the letter before them were
    # dropped: 88.9%).
    "can-tho-noto-serif-200": (0.92, 0.97, 1.0),
    # 93.3%: a semicolon lost between two units, "thưởng" read "th g", lost commas (the table was
    # an other table, 0%, before the header's column rulings counted without a top border).
    "can-tho-dejavu-serif-150-no-border": (0.92, 0.97, 1.0),
    # 92.7%, as before: hooks read as acutes ("chuyến đối"), "huvên. thi xã." (here section I
    # reads "I"; on the probe's render it read "1", 53.6%, before that was taken for section I).
    "quang-ngai-noto-sans-150": (0.91, 0.97, 1.0),
    # 83.6% (81.8%): semicolons read as colons between units, periods under the shadow (flagged:
    # "Quý II" for "Quý III", "_"), quotes read before "Thường xuyên".
    "quang-ngai-freeserif-photo": (0.82, 0.97, 1.0),
    # Two plans written on 2026-12-02 (night), probed on other renders first (by the code of
    # d67a7c4 these files read 53.5% and 87.5%):
    # 85.3% (53.5%: section III read "111" with its title's last line in the partners' column,
    # its rows in section II, budgets 64.9%): hooks read as tildes ("Hồ trợ", "thụ hướng"), a
    # bullet lost between two products, lost commas.
    "lao-cai-dejavu-serif-condensed-200": (0.84, 0.97, 1.0),
    # 92.5% (87.5%: printed commas looked for too close to the word): "Ban quản \ý", a speck before
    # a unit, lost spaces ("Ủy banMTTQ", "tháng5"), "82,5" read "832,5" (flagged).
    "ha-noi-dejavu-sans-photo": (0.91, 0.97, 1.0),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_corpus_cells_and_items(name):
    fields, items = scored(name)
    text_floor, item_floor, budget_floor = FLOORS[name]
    assert fields.share(TEXT_FIELDS) >= text_floor, fields.mismatches[:8]
    assert items.item_share >= item_floor
    assert fields.share_or_flagged(("budget",)) >= budget_floor, \
        [m for m in fields.mismatches if m.field == "budget"][:5]


def _period(data: dict, section: str, item: str) -> str:
    [row] = [r for t in data["tables"] for r in t["rows"] if (r["section"], r["item"]) == (section, item)]
    return row["period"]["text"]


def test_a_line_the_page_read_left_unread_is_read_again():
    """"Quý III - Quý" over a lone "IV": the page read dropped the "IV" and gave the "I" of it
    alone (at 92, with the box of the "I"); the ink beyond its box sends the cell to a strip of
    its own, whose reading completes the page's. Noto Serif, 300 dpi; and the 150-dpi Noto Sans
    file's "Tháng 5 - Tháng" over a lone "8"."""
    data = result_of("tinh-noto-serif-300-seal")
    assert _period(data, "III", "4") == "Quý III - Quý IV"
    assert _period(data, "IV", "1") == "Quý II - Quý IV"
    assert _period(result_of("huyen-noto-sans-150"), "IV", "2") == "Tháng 5 - Tháng 8"


def _misread_tone_fixes(data: dict) -> list[dict]:
    return [f for t in data["tables"] for r in t["rows"] for f in r["fixes"]
            if "misread-tone" in f["evidence"].get("reason", "")]


def test_a_scan_whose_ocr_reads_hooks_as_acutes_says_so_and_is_repaired():
    """At 150 dpi Tesseract reads "Kiểm tra" as "Kiếm tra" and is sure of it: the file's own
    sure words show it, a warning check says so, and those words change on a phrase, each
    fix with its evidence."""
    data = result_of("bo-liberation-sans-150")
    [check] = [c for c in data["checks"] if c["check"] == "ocr-tone-confusion"]
    assert check["severity"] == "warning" and not check["ok"]
    assert "hỏi read as sắc" in check["message"] and "dấu hỏi thành dấu sắc" in check["message_vi"]
    fixes = _misread_tone_fixes(data)
    assert {("Tố", "Tổ"), ("kiếm", "kiểm"), ("thiếu", "thiểu")} <= {(f["from"], f["to"]) for f in fixes}
    assert all(f["evidence"]["phrase"] and f["evidence"]["confidence"] >= 95 for f in fixes
               if f["evidence"]["reason"] == "misread-tone")
    tasks = [r["task"] for t in data["tables"] for r in t["rows"]]
    # (its first letter Tesseract read small: "kiếm tra", a case error of its own, kept as read)
    assert "kiểm tra, xử lý văn bản quy phạm pháp luật có nội dung trái pháp luật, chồng chéo" in tasks


@pytest.mark.parametrize("name", ["tinh-dejavu-serif-300", "huyen-dejavu-serif-200",
                                  "huyen-liberation-serif-200-doubled-seal"])
def test_a_scan_read_right_has_no_tone_confusion(name):
    data = result_of(name)
    assert not [c for c in data["checks"] if c["check"] == "ocr-tone-confusion"]
    assert not _misread_tone_fixes(data)


def test_turned_page_reads_as_well_as_upright():
    upright, _ = scored("tinh-dejavu-serif-300")
    turned, _ = scored("tinh-dejavu-serif-300-turned90")
    assert turned.share(TEXT_FIELDS) >= upright.share(TEXT_FIELDS) - 0.02


class NoOsdEngine(TesseractEngine):
    """Tesseract whose orientation detection fails (no osd model, or OSD giving up)."""

    def orientation(self, image, dpi):
        raise RuntimeError("OSD failed")


@pytest.mark.parametrize("page, first_task", [
    (1, "Ban hành Kế hoạch cải cách hành chính, Kế hoạch tuyên truyền cải cách hành chính năm 2023"),
    (2, "Ứng dụng chữ ký số trong gửi, nhận văn bản điện tử"),
])
def test_page_turned_upright_without_osd(page, first_task):
    """Page 1 is upside down, page 2 turned a quarter: with OSD failing, the
    page's text lines and the reads' confidence still find which way is up."""
    name = "huyen-dejavu-serif-condensed-300-turned180-270"
    blocks = ocr_page_image(load_pdf_page(CORPUS / f"{name}.pdf", page), engine=NoOsdEngine())
    tables = [b for b in blocks if isinstance(b, Table)]
    assert tables, [getattr(b, "text", "") for b in blocks][:5]
    rows = [[cell.text for cell in row.cells] for row in tables[0].rows]
    assert rows[0][1:4] == ["Nội dung", "Đơn vị chủ trì", "Thời gian"]
    assert first_task in {" ".join(row[1].split()) for row in rows[1:4]}


@pytest.mark.skipif(not KH753.is_file(), reason="../shared/realdocs is not beside the repository")
def test_real_scan_kh753():
    """The real scan's one plan table: 5 rows over pages 3-4 under a repeated
    header, every cell as printed (read off the pages by eye), and
    the combined "chủ trì/phối hợp" column kept as it is (its items and dates:
    tests/test_realdocs.py)."""
    truth = load_truth(KH753_TRUTH)
    data = result_json(normalize(extract_file(KH753)))
    fields, items = _score(truth, data, "huit-kh753")
    assert len(data["tables"]) == 1
    assert fields.share() == 1.0, fields.mismatches
    assert items.item_share == 1.0
    rows = data["tables"][0]["rows"]
    for want, have in zip(truth["tables"][0]["body"], rows):
        assert have["extra"] == want["extra"]
