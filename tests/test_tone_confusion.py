"""A file's OCR that reads the hook (hỏi) as an acute (sắc) even where it is sure
(normalize/repair/tone_confusion.py): found from the file's own sure words, and
then repaired by that one swap on a doubted word's evidence, never more.

The texts are what Tesseract printed on the 150-dpi scans of samples/corpus/
("Kiếm tra", "sửa đối", "tống hợp", "tố chức"); the real-scan test is in
tests/test_corpus_golden.py.
"""
from __future__ import annotations

import pytest

from extract.model import WordRead
from normalize.repair import ToneConfusionSettings, measure_tone_confusion, repair_text

SURE = 96.0


def sure(text: str) -> tuple[WordRead, ...]:
    return tuple(WordRead(word, SURE) for word in text.split())


#: Cells as the OCR of a hook-blind scan reads them, every word sure.
HOOK_BLIND = ["Kiếm tra, xử lý văn bản quy phạm pháp luật", "Thông tư sửa đối, bổ sung",
              "Báo cáo tống hợp kết quả", "Vụ Tố chức cán bộ", "Kết quả kiếm tra công vụ",
              "Cơ cấu tố chức bộ máy", "Tiết kiệm chi phí", "Công tác cải cách hành chính"]
#: The same file read right: hooks as hooks; "tiết kiệm", "công tác" are acutes that are right.
READ_RIGHT = ["Kiểm tra, xử lý văn bản quy phạm pháp luật", "Thông tư sửa đổi, bổ sung",
              "Báo cáo tổng hợp kết quả", "Vụ Tổ chức cán bộ", "Kết quả kiểm tra công vụ",
              "Cơ cấu tổ chức bộ máy", "Tiết kiệm chi phí", "Công tác cải cách hành chính"]


def confusion_of(cells):
    return measure_tone_confusion((text, sure(text)) for text in cells)


def test_a_file_that_reads_hooks_as_acutes_is_found():
    found = confusion_of(HOOK_BLIND)
    assert found.found
    assert found.contradicted >= 5  # kiếm tra (twice), sửa đối, tống hợp, tố chức (twice)
    assert found.confirmed >= 1  # "tiết kiệm": the acute is right there
    assert "hỏi read as sắc" in found.describe()
    assert any("Kiếm tra" in example for example in found.examples)


def test_a_file_read_right_is_not_found():
    found = confusion_of(READ_RIGHT)
    assert not found.found
    assert found.contradicted == 0


def test_doubted_words_and_text_without_confidences_are_not_judged():
    doubted = measure_tone_confusion((text, tuple(WordRead(w, 60.0) for w in text.split())) for text in HOOK_BLIND)
    assert doubted.judged == 0 and not doubted.found  # a doubted word is the repair's anyway
    no_words = measure_tone_confusion((text, ()) for text in HOOK_BLIND)
    assert no_words.judged == 0 and not no_words.found


def test_a_few_contradicted_words_are_not_enough():
    found = confusion_of(HOOK_BLIND[:2])  # two contradicted words
    assert found.contradicted == 2 and not found.found
    assert measure_tone_confusion(((t, sure(t)) for t in HOOK_BLIND[:2]),
                                  ToneConfusionSettings(min_contradicted=2)).found


@pytest.mark.parametrize("kwargs", [{"read_tone": 3, "printed_tone": 3}, {"read_tone": 7},
                                    {"min_contradicted": 0}, {"min_share": 0.0}, {"min_share": 1.5}])
def test_settings_are_validated(kwargs):
    with pytest.raises(ValueError):
        ToneConfusionSettings(**kwargs)


@pytest.mark.parametrize("text, right", [
    ("Kiếm tra, xử lý văn bản quy phạm pháp luật", "Kiểm tra, xử lý văn bản quy phạm pháp luật"),
    ("Báo cáo tống hợp kết quả", "Báo cáo tổng hợp kết quả"),
    ("Vụ Tố chức cán bộ", "Vụ Tổ chức cán bộ"),
])
def test_in_such_a_file_a_sure_acute_becomes_a_hook_on_a_phrase(text, right):
    confusion = confusion_of(HOOK_BLIND)
    repaired, fixes = repair_text(text, "task", words=sure(text), origin="ocr", tone_confusion=confusion)
    assert repaired == right
    assert [f.evidence["reason"] for f in fixes] == ["misread-tone"]
    assert fixes[0].evidence["confidence"] == SURE
    assert fixes[0].evidence["phrase"]
    assert "hỏi read as sắc" in fixes[0].evidence["misread"]
    # without the file's finding, a sure word is never changed
    assert repair_text(text, "task", words=sure(text), origin="ocr")[0] == text


@pytest.mark.parametrize("text", [
    "Tiết kiệm chi phí",              # acutes that are right: no phrase wants a hook
    "Công tác cải cách hành chính",
    "Xây dựng cơ sở dữ liệu",          # no acute to swap
    "Ý kiến của Bỏ Nội vụ",            # a sure "Bỏ" stays: only the acute-to-hook swap is allowed
])
def test_in_such_a_file_other_sure_words_stay(text):
    confusion = confusion_of(HOOK_BLIND)
    assert repair_text(text, "task", words=sure(text), origin="ocr", tone_confusion=confusion)[0] == text


def test_a_sure_hook_never_becomes_an_acute():
    """The swap goes one way: the OCR of such scans writes acutes for hooks, not hooks for acutes."""
    confusion = confusion_of(HOOK_BLIND)
    text = "Bảo cáo kết quả"  # "Báo cáo" is the phrase, but "Bảo" was read sure with a hook
    assert repair_text(text, "task", words=sure(text), origin="ocr", tone_confusion=confusion)[0] == text
    doubted = tuple(WordRead(w, 60.0 if w == "Bảo" else SURE) for w in text.split())
    assert repair_text(text, "task", words=doubted, origin="ocr")[0] == "Báo cáo kết quả"  # doubted, it would


def test_typed_text_is_never_touched():
    confusion = confusion_of(HOOK_BLIND)
    text = "Kiếm tra, xử lý văn bản"
    assert repair_text(text, "task", words=sure(text), origin="text-layer", tone_confusion=confusion)[0] == text
