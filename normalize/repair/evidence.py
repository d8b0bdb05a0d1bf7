"""What the OCR itself says about a word: its confidence, and whether it is a name or an abbreviation.

A word may change only where the OCR doubts it: its confidence is below
``RepairSettings.low_confidence``, or it is no Vietnamese syllable at all.
Where the confidence is unknown (text dumps, OCR text layers) a real word
changes only inside an exact vocabulary phrase of
``RepairSettings.unknown_confidence_phrase_words`` words. Names of people and
places (runs of capitalised words the vocabulary does not write) and
abbreviations (06-CTr/TU, TU, TW) never change.
"""
from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from extract.model import WordRead

from .syllables import known_syllables, syllable_key
from .vocabulary import Token, abbreviation_folds, is_capitalised
from .syllables import fold


@dataclass(frozen=True)
class RepairSettings:
    """The thresholds of the evidence rules (defaults documented here, used everywhere)."""

    #: A word read with a confidence below this (Tesseract's 0..100 word
    #: confidence) is one the OCR doubts. Measured on the sample scans of
    #: decision 1657 against their text layer: at 90, 1.6 % (300 dpi) and
    #: 5.7 % (150 dpi) of the words read right fall below, and 67 % / 42 % of
    #: the words read wrong; at 80 only 33 % / 24 % of the wrong ones do.
    low_confidence: float = 90.0
    #: Words (the changed one included) of the exact vocabulary phrase that a
    #: real word must complete to change when its confidence is low (or the
    #: phrase is the whole run of words: "Chi số" alone in a cell).
    low_confidence_phrase_words: int = 3
    #: ... and when its confidence is unknown (a dump, an OCR text layer): a
    #: longer phrase, since nothing says OCR doubted the word.
    unknown_confidence_phrase_words: int = 3
    #: ... and when the changed word is the phrase's first word rather than
    #: inside it ("Bảo cáo kết quả" → "Báo cáo kết quả"; not "cửa các cấp").
    unknown_confidence_edge_phrase_words: int = 4
    #: A word the vocabulary's phrases use this often is an everyday word (bỏ,
    #: tại, cấp, có): read with a low confidence, it changes on a two-word
    #: phrase only where the text does not go on otherwise than the phrase.
    everyday_word_count: int = 20
    #: All-capital tokens up to this many letters are abbreviations (TU, HU, TW).
    abbreviation_letters: int = 4


DEFAULT_SETTINGS = RepairSettings()

#: A chunk of text without spaces that holds a digit or a slash: a code or a number ("06-CTr/TU").
_CODE_CHUNK = regex.compile(r"\S*[\p{N}/]\S*")


@dataclass(frozen=True)
class Doubt:
    """What is known of one token before repair."""

    confidence: float | None  # the OCR's word confidence, None when unknown
    protected: str | None = None  # "name" or "abbreviation": never changed


def token_confidences(text: str, tokens: Sequence[Token], words: Sequence[WordRead]) -> list[float | None]:
    """The OCR confidence of each token, aligned by characters; None where a token does not align.

    The OCR's words are joined with spaces and aligned with the text letter by
    letter (case ignored), so a token that OCR split or joined differently
    still gets the lowest confidence of the words its letters came from.
    """
    if not words:
        return [None] * len(tokens)
    pieces, owner = [], []
    for index, word in enumerate(words):
        if pieces:
            pieces.append(" ")
            owner.append(None)
        piece = unicodedata.normalize("NFC", word.text)
        pieces.append(piece)
        owner.extend([index] * len(piece))
    joined = "".join(pieces).lower()
    source = text.lower()
    if len(joined) != len(owner) or len(source) != len(text):
        return [None] * len(tokens)  # lower() changed a length: do not guess
    mapped: list[int | None] = [None] * len(text)
    matcher = difflib.SequenceMatcher(None, source, joined, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapped[block.a + k] = owner[block.b + k]
    out: list[float | None] = []
    for token in tokens:
        sources = mapped[token.start:token.end]
        if any(s is None for s in sources):
            out.append(None)
        else:
            out.append(min(words[s].confidence for s in set(sources)))
    return out


def protections(text: str, run: Sequence[Token], settings: RepairSettings) -> list[str | None]:
    """For each token of a run: "abbreviation", or None (names are judged on the decoded run)."""
    codes = [(m.start(), m.end()) for m in _CODE_CHUNK.finditer(text)]
    out: list[str | None] = []
    for position, token in enumerate(run):
        if any(start <= token.start and token.end <= end for start, end in codes):
            out.append("abbreviation")  # 06-CTr/TU, 2070/QĐ-UBND
        elif _is_abbreviation(run, position, settings):
            out.append("abbreviation")
        else:
            out.append(None)
    return out


def _is_abbreviation(run: Sequence[Token], position: int, settings: RepairSettings) -> bool:
    """TU, HU, TW: a short all-capital token the vocabulary does not know, outside an all-capital title."""
    word = run[position].text
    if not (word.isalpha() and word.isupper() and len(word) <= settings.abbreviation_letters):
        return False
    if fold(word) in abbreviation_folds():
        return False  # "HDND" is the vocabulary's "HĐND" read without its đ
    neighbours = [run[i].text for i in (position - 1, position + 1) if 0 <= i < len(run)]
    in_title = any(n.isupper() and len(n) > 1 and syllable_key(n) in known_syllables() for n in neighbours)
    return not in_title  # "CÀI CÁCH THỬ TỰC" is a title in capitals; "Thường trực TU" an abbreviation


def capitalised_span(run: Sequence[Token], position: int) -> tuple[int, int] | None:
    """The run of 2+ consecutive capitalised tokens around ``position`` (first, last+1), or None."""
    if not is_capitalised(run[position].text):
        return None
    first = position
    while first > 0 and is_capitalised(run[first - 1].text):
        first -= 1
    last = position + 1
    while last < len(run) and is_capitalised(run[last].text):
        last += 1
    return (first, last) if last - first >= 2 else None
