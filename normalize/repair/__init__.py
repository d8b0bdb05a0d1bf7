"""Repair of Vietnamese OCR errors by context, on evidence (issues #4 and #8).

OCR of a Vietnamese scan drops and swaps tone marks and vowel marks, and the
wrong form is often a real word itself: "Chi số" must become "Chỉ số" while
"Chi phí" stays. A word list cannot tell these apart; the neighbours can.
And a real word may be right as printed ("bỏ nội dung", "tại khoản 1",
"hằng năm", "Thị Hạnh"): so a word changes only where the OCR itself doubts
it and the context supports the other form.

The package, along its seams:

* ``syllables``: tones and their placement; the syllables in use
  (``data/syllables.json``, from hunspell-vi) and every possible syllable
  (generated from phonotactics).
* ``vocabulary``: tokens, the domain vocabulary (``data/vocabulary.json``),
  the field-weighted syllable language model, candidates by fold, phrases.
* ``evidence``: ``RepairSettings``, the OCR's word confidences aligned with
  the text, names and abbreviations that never change, and the phrase
  evidence a change needs (``doubt_evidence``).
* ``decoder``: candidates, the noisy-channel decoder and the rules that accept a
  change (rule ids: vocabulary-phrase, similar-word, letter-confusion,
  function-word, invalid-syllable, abbreviation).
* ``ocr_rules``: digit-letter, quarter-roman, period-word, roman-numeral, item-digit, letter-case,
  slash-doubled, space-restored.
* ``tone_confusion``: whether a file's OCR reads one tone for another even
  where it is sure (the hook as an acute at low resolution), judged on the
  file's own sure words against the vocabulary's phrases.

When may a word change (``evidence.doubt_evidence``), once the context rules
of the decoder found a better reading:

* it is no syllable in use and no vocabulary word ("thưc", "Nghiêp", "HDND"),
  and no phrase it would join borrows a word of the next phrase ("Só tài
  khoản" is not "Sở Tài [chính]"): evidence reason "not-a-syllable";
* it is a real word read with a confidence below
  ``RepairSettings.low_confidence`` and the new word completes an exact
  vocabulary phrase the OCR word does not, of 3+ words, or of 2 that borrow
  no word of the next phrase ("Chi số" → "Chỉ số"; not "bỏ nội dung" → "bộ
  nội [vụ]"): "low-confidence";
* it is a real word, its confidence unknown (dumps, OCR text layers), and the
  new word completes such a phrase of 3+ words with a word of it on each side
  (or 4+ words starting with it, or an edge the text and the phrase share):
  "phrase";
* a real word read with a confidence at or above the threshold, when
  ``tone_confusion`` found that this file's OCR reads that word's tone for
  another even where it is sure ("kiếm tra" → "kiểm tra" in a file whose OCR
  reads hooks as acutes), by that one swap only and on the evidence a
  doubted word needs: "misread-tone", with the file's counts;
* never: a real word read with a confidence at or above the threshold (but
  for the swap above), a
  word in a run of capitalised words the vocabulary does not write (names of
  people and places: "Thị Hạnh", "Đỗ Văn"), a line that is only a person's
  name in capitals (a signature block's "NGUYỄN THỊ HẠNH": a surname of
  ``data/person_names.json`` first), an abbreviation (a short
  all-capital token the vocabulary does not know, "TU", "TW"; any token in a
  chunk with a digit or a slash, "06-CTr/TU"), one correct spelling for
  another ("hằng năm" / "hàng năm": ``spelling_variants`` in the vocabulary).

Tone placement ("hóa" or "hoá", "thủy" or "thuỷ") is a matter of style, not an
error: syllables are compared in one canonical placement and a repaired word
is written in the style the cell already uses (the "hóa" style when the cell
does not say).

Every change is returned as a :class:`Fix` with its evidence (``reason``,
``confidence``, ``phrase``). ``Fix.from_``/``Fix.to`` hold the smallest
phrase that changed: a maximal run of adjacent changed words with the spaces
between them ("THỬ TỰC" → "THỦ TỤC"), one token for the digit rules, and
"Quý 1" → "Quý I" for the quarter rule.
"""
from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from typing import Any

from extract.model import RECOGNISED_ORIGINS, WordRead

from ..model import Fix
from .decoder import Accepted, render, repair_run, similar_words
from .evidence import DEFAULT_SETTINGS, Doubt, RepairSettings, RunContext, protections, token_confidences
from .ocr_rules import (Edit, case_edits, digit_edits, item_edits, lone_digit_edits, quarter_edits, roman_edits,
                        period_word_edits, slash_edits, space_edits)
from .syllables import (SAME_SHAPE, fold, is_well_formed, known_syllables, loanwords, place_tone, possible_syllables,
                        split_tone, syllable_key, tone_style)
from .tone_confusion import ToneConfusion, ToneConfusionSettings, measure_tone_confusion
from .vocabulary import (FIELDS, NUMERIC_FIELDS, Token, candidates, capitalised_ngrams, is_known, language_model,
                         phrase_edges, phrase_entries, phrase_extensions, phrase_ngrams, runs_of_tokens,
                         spelling_variants, vocabulary)

__all__ = ["FIELDS", "SAME_SHAPE", "RepairSettings", "ToneConfusion", "ToneConfusionSettings", "candidates", "fold",
           "is_well_formed", "known_syllables", "measure_tone_confusion", "place_tone", "repair_text",
           "similar_words", "split_tone", "syllable_key", "tone_style", "unknown_words", "vocabulary"]

log = logging.getLogger(__name__)


def _vocabulary_edits(text: str, field: str, words: Sequence[WordRead], exclude: tuple[str, ...],
                      settings: RepairSettings, tone_confusion: ToneConfusion | None) -> list[Edit]:
    """Tone and vowel-mark repairs chosen by the language model, one Edit per changed phrase."""
    model = language_model(field, exclude)
    style = tone_style(text) or "classic"
    phrases, capitalised = phrase_ngrams(exclude), capitalised_ngrams(exclude)
    runs = runs_of_tokens(text)
    confidences = iter(token_confidences(text, [t for run in runs for t in run], words))
    edits = []
    for run in runs:
        doubts = [Doubt(next(confidences), protected)
                  for protected in protections(text, run, settings)]
        changes = repair_run(run, model, RunContext(doubts, phrases, capitalised, spelling_variants(), phrase_extensions(exclude),
                                                phrase_edges(exclude), phrase_entries(exclude), settings,
                                                tone_confusion))
        positions = sorted(changes)
        while positions:
            first = last = positions.pop(0)
            while positions and positions[0] == last + 1:
                last = positions.pop(0)
            pieces = []
            for position in range(first, last + 1):
                token = run[position]
                if position in changes:
                    pieces.append(render(changes[position][0], style))
                else:
                    pieces.append(token.text)
                if position < last:
                    pieces.append(text[token.end:run[position + 1].start])
            accepted = [changes[p][1] for p in range(first, last + 1) if p in changes]
            rules = {a.rule for a in accepted}
            rule = "vocabulary-phrase" if "vocabulary-phrase" in rules else sorted(rules)[0]
            edits.append(Edit(run[first].start, run[last].end, "".join(pieces), rule, _joined_evidence(accepted)))
    return edits


def _joined_evidence(accepted: list[Accepted]) -> dict[str, Any]:
    """The evidence of a fix of several adjacent words: their reasons, the lowest confidence, the longest phrase."""
    if len(accepted) == 1:
        return dict(accepted[0].evidence)
    reasons = sorted({a.evidence["reason"] for a in accepted})
    confidences = [a.evidence["confidence"] for a in accepted if a.evidence["confidence"] is not None]
    phrases = [a.evidence["phrase"] for a in accepted if a.evidence["phrase"]]
    return {"reason": "+".join(reasons), "confidence": min(confidences) if confidences else None,
            "phrase": max(phrases, key=lambda p: len(p.split())) if phrases else None}


def _shape_edits(edits: list[Edit], text: str, words: Sequence[WordRead]) -> list[Edit]:
    """The OCR rules' edits with the confidence of the token they change, when known."""
    if not edits:
        return edits
    spans = [Token(e.start, e.end, text[e.start:e.end]) for e in edits]
    confidences = token_confidences(text, spans, words)
    return [Edit(e.start, e.end, e.new, e.rule, {**e.evidence, "confidence": c}) for e, c in zip(edits, confidences)]


def _confident(confidence: float | None, settings: RepairSettings) -> bool:
    """Whether the OCR read a word with a confidence at or above the threshold."""
    return confidence is not None and confidence >= settings.low_confidence


def _doubted(confidence: float | None, settings: RepairSettings) -> bool:
    """Whether the OCR read a word with a known confidence below the threshold."""
    return confidence is not None and confidence < settings.low_confidence


def _apply(text: str, edits: list[Edit], field: str, fixes: list[Fix]) -> str:
    """Make the edits (they do not overlap) and record them as fixes."""
    pieces, last = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        old = text[edit.start:edit.end]
        if old == edit.new:
            continue
        pieces.append(text[last:edit.start])
        pieces.append(edit.new)
        last = edit.end
        fixes.append(Fix(field, old, edit.new, edit.rule, dict(edit.evidence)))
        log.debug("%s: %r -> %r (%s)", field, old, edit.new, edit.rule)
    pieces.append(text[last:])
    return "".join(pieces)


def repair_text(text: str, field: str, *, words: Sequence[WordRead] = (), origin: str = "text-dump",
                exclude: tuple[str, ...] = (), settings: RepairSettings = DEFAULT_SETTINGS,
                tone_confusion: ToneConfusion | None = None) -> tuple[str, list[Fix]]:
    """Repair the OCR errors of one cell; return the text and the fixes made.

    ``field`` is the context: "task", "products", "lead_units",
    "partner_units", "period", "section_title", "item", "budget_million_vnd"
    or "line" (running text; also used for any other name). The text may
    hold several lines; line breaks and spacing are kept. The function is
    pure: the same input always gives the same output. ``origin`` is where
    the text came from (extract.model.Origin): text from a born-digital text
    layer is returned unchanged. ``words`` are the OCR's words with their
    confidences, when known, in reading order (they are aligned with the
    text's tokens; a token that does not align has unknown confidence).
    ``exclude`` names vocabulary categories to leave out (for measurements
    only); ``settings`` holds the evidence thresholds. ``tone_confusion`` is
    what :func:`measure_tone_confusion` found in the whole file's OCR: when
    it found that the OCR reads one tone for another even where it is sure,
    such words may change by that one swap on a doubted word's evidence.
    """
    text = unicodedata.normalize("NFC", text)
    fixes: list[Fix] = []
    if not text.strip() or origin not in RECOGNISED_ORIGINS:
        # A born-digital text layer holds what a person typed: never repaired.
        return text, fixes
    if field == "item":
        return _apply(text, _shape_edits(item_edits(text), text, words), field, fixes), fixes
    text = _apply(text, _shape_edits(digit_edits(text) + lone_digit_edits(text), text, words), field, fixes)
    if field in NUMERIC_FIELDS:
        return text, fixes
    text = _apply(text, _shape_edits(case_edits(text), text, words), field, fixes)
    # Typists glue names too ("NguyễnThị" in a real staff list): a space is put back
    # only where the OCR doubted the glued word.
    text = _apply(text, [e for e in _shape_edits(space_edits(text), text, words)
                         if _doubted(e.evidence["confidence"], settings)], field, fixes)
    text = _apply(text, [e for e in _shape_edits(roman_edits(text), text, words)
                         if not _confident(e.evidence["confidence"], settings)], field, fixes)
    if field == "period":
        text = _apply(text, _shape_edits(period_word_edits(text), text, words), field, fixes)
        text = _apply(text, _shape_edits(quarter_edits(text), text, words), field, fixes)
    # After the quarters: "Quý I1//2026" is "Quý II//2026" only now.
    text = _apply(text, _shape_edits(slash_edits(text), text, words), field, fixes)
    model_field = field if field in FIELDS else "line"
    text = _apply(text, _vocabulary_edits(text, model_field, words, exclude, settings, tone_confusion), field, fixes)
    return text, fixes


#: Fields that hold names of units (offices, bodies).
UNIT_FIELDS = ("lead_units", "partner_units")


def unknown_words(text: str, field: str) -> list[str]:
    """The words of a text that are no Vietnamese syllable in use and no vocabulary word
    ("bhòng", "Đhồ", a seal's "R"): what OCR misread and the repair could not mend.

    Words in capitals of two letters or more are left out (abbreviations: "UBND",
    "QPPL"), and so are tokens with a digit, foreign words and names in their own
    spelling ("email", "Zalo", "Khmer": ``data/loanwords.json``) and capitalised words
    that are a possible Vietnamese syllable, if a rare one (names of peoples and
    places: "Giáy", "Pả"). A unit's name holds no letter standing alone but a
    syllable ("Sở Y tế"): another one is a misread even where the vocabulary
    knows it as a word ("Sở Nội vụ R À", a signature's strokes).
    """
    model = language_model(field)
    lone_letters = field in UNIT_FIELDS
    found = []
    for run in runs_of_tokens(text):
        for token in run:
            word = token.text
            if not word.isalpha() or (len(word) > 1 and word.isupper()):
                continue
            key = syllable_key(word)
            if lone_letters and len(word) == 1 and key not in known_syllables():
                found.append(word)
            elif not (is_known(model, key) or key in loanwords()
                      or (len(word) > 1 and word[0].isupper() and key in possible_syllables())):
                found.append(word)
    return found

