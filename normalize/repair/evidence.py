"""The evidence a change needs: what the OCR says of a word, names and abbreviations, phrases.

A word may change only where the OCR doubts it: its confidence is below
``RepairSettings.low_confidence``, or it is no Vietnamese syllable in use at
all. A real word changes only where the new word completes an exact
vocabulary phrase that the OCR word does not, firmly placed
(``_placed_well``); where the confidence is unknown (text dumps, OCR text
layers) a longer one. Names of people and places (runs of capitalised words
the vocabulary does not write) and abbreviations (06-CTr/TU, TU, TW) never
change.
"""
from __future__ import annotations

import difflib
import unicodedata
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from extract.model import WordRead

from .syllables import fold, known_syllables, peoples, syllable_key
from .vocabulary import (MAX_PHRASE_WORDS, NUMBER_KEY, LanguageModel, Token, abbreviation_folds, is_capitalised,
                         person_name_folds, phrase_fold_pairs,
                         is_known)

if TYPE_CHECKING:
    from .tone_confusion import ToneConfusion


@dataclass(frozen=True)
class RepairSettings:
    """The thresholds of the evidence rules (defaults documented here, used everywhere)."""

    #: A word read with a confidence below this (Tesseract's 0..100 word
    #: confidence) is one the OCR doubts. Measured on the scanned samples
    #: against their text layers (bench/repair_quality.py --confidences):
    #: Tesseract's word confidences crowd just under 97; at 95, 14 % (300
    #: dpi) to 21 % (150 dpi) of the words read right fall below, and of the
    #: words read wrong only in their marks 93 % to 58 % (at 90: 75 % to 36 %,
    #: at 2 % to 6 % of the right words). A doubted right word still needs a
    #: vocabulary phrase to change: repairing Tesseract's own output of the
    #: 150 dpi scans with its confidences made 94 more right changes at 95
    #: than at 90, and no more wrong ones (bench/RESULTS.md).
    low_confidence: float = 95.0
    #: Words (the changed one included) of the exact vocabulary phrase that a
    #: real word must complete to change when its confidence is low; a
    #: two-word phrase will do when it borrows no word of the next phrase of
    #: the text ("Chi số" → "Chỉ số", not "bỏ nội dung" → "bộ nội [vụ]").
    low_confidence_phrase_words: int = 3
    #: ... and when its confidence is unknown (a dump, an OCR text layer),
    #: with the word inside the phrase (a word of it on each side), or at an
    #: edge the text's run and a vocabulary phrase share.
    unknown_confidence_phrase_words: int = 3
    #: ... or the word as the phrase's first or last word, elsewhere ("Bảo cáo
    #: kết quả" → "Báo cáo kết quả"; not "cửa các cấp" → "của các cấp").
    unknown_confidence_edge_phrase_words: int = 4
    #: A word the vocabulary's phrases use this often is an everyday word (bỏ,
    #: tại, cấp, có): read with a low confidence, it changes on a two-word
    #: phrase only where the text does not go on otherwise than the phrase.
    everyday_word_count: int = 20
    #: All-capital tokens up to this many letters are abbreviations (TU, HU, TW).
    abbreviation_letters: int = 4
    #: How many words (fewest, most) a line may hold to be a person's name alone ("NGUYỄN THỊ HẠNH").
    name_line_words: tuple[int, int] = (2, 5)


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
    """For each token of a run: "name", "abbreviation", or None (other names are judged on the decoded run)."""
    codes = [(m.start(), m.end()) for m in _CODE_CHUNK.finditer(text)]
    peoples = _peoples_spans(text)
    out: list[str | None] = []
    for position, token in enumerate(run):
        if _on_a_name_line(text, token, settings):
            out.append("name")  # "NGUYỄN THỊ HẠNH" under a signature
        elif any(start <= token.start and token.end <= end for start, end in peoples):
            out.append("name")  # "dân tộc Phù Lá, La Chí, Bố Y": no "Bộ Y [tế]"
        elif any(start <= token.start and token.end <= end for start, end in codes):
            out.append("abbreviation")  # 06-CTr/TU, 2070/QĐ-UBND
        elif _is_abbreviation(run, position, settings):
            out.append("abbreviation")
        else:
            out.append(None)
    return out


#: Words after which a people's name is written: "dân tộc Mông", "người Dao", "đồng bào Khmer".
_PEOPLE_CUE = regex.compile(r"(?i:dân tộc|người|đồng bào)\s+$")


def _peoples_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names an ethnic group after "dân tộc", "người" or "đồng bào", or in a comma
    list of such names after them ("dân tộc Phù Lá, La Chí, Bố Y và Hà Nhì")."""
    names = _peoples_pattern()
    spans: list[tuple[int, int]] = []
    for match in names.finditer(text):
        listed = bool(spans) and regex.fullmatch(r"\s*(?:,|và)\s*", text[spans[-1][1]:match.start()])
        if listed or _PEOPLE_CUE.search(text[:match.start()]):
            spans.append((match.start(), match.end()))
    return spans


@lru_cache(maxsize=1)
def _peoples_pattern() -> Any:
    names = sorted(peoples(), key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(regex.escape(n) for n in names) + r")(?![\p{L}\p{N}])")


def _on_a_name_line(text: str, token: Token, settings: RepairSettings) -> bool:
    """Whether the token's line is only a person's name: "NGUYỄN THỊ HẠNH", "Trần Văn Ban", "Y Ngông".

    A line of ``name_line_words`` capitalised or all-capital words, the first
    a surname (data/person_names.json, compared without marks, so "NGUYEN"
    counts), the second a middle name or the line of three words or more, and
    the first two words no pair of the vocabulary's phrases ("PHÓ CHỦ TỊCH",
    "HÀ NỘI" are not names). Names in capitals are what signature blocks
    print; they are never changed, however the OCR doubted them.
    """
    start = text.rfind("\n", 0, token.start) + 1
    end = text.find("\n", token.end)
    words = text[start:end if end >= 0 else len(text)].split()
    low, high = settings.name_line_words
    if not low <= len(words) <= high:
        return False
    if not all(w.isalpha() and (w.isupper() or is_capitalised(w)) for w in words):
        return False
    surnames, middle_names = person_name_folds()
    first, second = fold(words[0]), fold(words[1])
    if first not in surnames or (first, second) in phrase_fold_pairs():
        return False
    return second in middle_names or len(words) >= 3


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


@dataclass(frozen=True)
class RunContext:
    """What the rules know of a run besides the model: each token's doubt, the phrases, the settings."""

    doubts: list[Doubt]
    phrases: frozenset[tuple[str, ...]]
    capitalised: frozenset[tuple[str, ...]]
    variants: frozenset[tuple[tuple[str, ...], tuple[str, ...]]]
    extensions: tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]
    edges: tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]
    entries: frozenset[tuple[str, ...]]  # whole vocabulary entries of 2+ words ("chuyên môn")
    settings: RepairSettings
    #: The file's OCR misreads one tone as another even where it is sure (normalize.repair.tone_confusion).
    tone_confusion: "ToneConfusion | None" = None


def doubted(context: RunContext, position: int) -> bool:
    """Whether the OCR read the word with a confidence below the threshold."""
    confidence = context.doubts[position].confidence
    return confidence is not None and confidence < context.settings.low_confidence


def misread_tone(context: RunContext, own_key: str, new_key: str) -> bool:
    """Whether the change is the one tone swap the file's OCR makes even where it is sure ("kiếm" → "kiểm")."""
    return context.tone_confusion is not None and context.tone_confusion.allows(own_key, new_key)


def doubt_evidence(model: LanguageModel, run: Sequence[Token], keys: list[str], position: int, own_key: str,
                   context: RunContext) -> dict[str, Any] | None:
    """Why OCR's word may be wrong, or None when nothing says so (the word then stays).

    A name or an abbreviation never changes. A non-word may change (the
    context rules already found the better word). A real word changes only
    when the OCR doubted it (confidence below the threshold) or did not say
    (confidence unknown), and the new word completes an exact vocabulary
    phrase of the required length that the OCR word does not. Read sure, it
    changes only by the one tone swap the file's OCR is found to make
    (``RunContext.tone_confusion``), on the evidence a doubted word needs.
    """
    doubt = context.doubts[position]
    if doubt.protected:
        return None
    span = capitalised_span(run, position)
    if span is not None:
        marked = tuple("^" + keys[i] for i in range(*span))
        if marked not in context.capitalised:
            return None  # "Thị Hạnh", "Đỗ Văn": a name the vocabulary does not write
    own_keys = keys[:position] + [own_key] + keys[position + 1:]
    new_only, own_only = discriminating_windows(keys, own_keys, position, context.phrases)
    settings = context.settings
    if not is_known(model, own_key):
        # OCR misread the word; the new one must not rest on a fragment ("Só tài khoản" is not "Sở Tài [chính]")
        solid = [w for w in new_only if not _fragment(w, keys, context) and _edge_shared(w, position, keys, context)]
        if new_only and not solid:
            return None
        phrase = _phrase_of(keys, solid[0]) if solid else None
        return {"reason": "not-a-syllable", "confidence": doubt.confidence, "phrase": phrase}
    tone_swap = misread_tone(context, own_key, keys[position])
    if doubt.confidence is not None and doubt.confidence >= settings.low_confidence and not tone_swap:
        return None
    if own_only or _variant_swap(keys, own_keys, position, context.variants):
        return None  # the OCR word makes a phrase the new one does not; or both spellings are right
    everyday = _plain_count(model, own_key) >= settings.everyday_word_count
    good = [w for w in new_only if _placed_well(w, position, keys, doubt.confidence, context, everyday)]
    if not good:
        return None
    if tone_swap and doubt.confidence is not None and doubt.confidence >= settings.low_confidence:
        # read sure, but this file's OCR reads that tone for another (normalize.repair.tone_confusion)
        return {"reason": "misread-tone", "confidence": doubt.confidence, "phrase": _phrase_of(keys, good[0]),
                "misread": context.tone_confusion.describe()}
    reason = "phrase" if doubt.confidence is None else "low-confidence"
    return {"reason": reason, "confidence": doubt.confidence, "phrase": _phrase_of(keys, good[0])}


def _plain_count(model: LanguageModel, key: str) -> float:
    """How often a word occurs in the vocabulary's phrases (unweighted by field)."""
    return model.plain_unigrams.get(key, 0)


def _phrase_of(keys: list[str], window: tuple[int, int]) -> str:
    first, size = window
    return " ".join(keys[first:first + size])


def _placed_well(window: tuple[int, int], position: int, keys: list[str], confidence: float | None,
                 context: RunContext, everyday: bool) -> bool:
    """Whether a phrase window holds the changed word firmly enough to change it.

    A short window may be a fragment of a longer vocabulary phrase that the
    text does not go on with: "bộ nội" of "Bộ Nội vụ" in "bỏ nội dung",
    "theo quy" of "theo quy định" in "theo quý,". So with a low confidence
    the phrase needs ``low_confidence_phrase_words`` words, or must not be
    such a fragment (``_fragment``: "Chỉ số" alone in a cell), and when the OCR
    word is an everyday word (bỏ, tại, cấp, có: ``everyday_word_count``) the
    text must not go on where the vocabulary's phrase goes on otherwise
    (``_cut_short``). With an unknown confidence it needs
    ``unknown_confidence_phrase_words`` words and the word inside it (a word of the phrase on each side: "thủ tục" in "cải
    cách thủ tục hành chính"); or the word at the phrase's edge where the
    text's run of words ends too and the vocabulary's phrase ends there as
    well ("nền hành chính" closing a cell); or, as its first or last word
    elsewhere, a longer phrase (``unknown_confidence_edge_phrase_words``: "Báo
    cáo kết quả", "Ủy ban nhân dân tỉnh [Bình Phước]") where the text does not
    go on otherwise than the vocabulary (``_cut_short``).
    """
    first, size = window
    settings = context.settings
    if confidence is not None:
        if not _edge_shared(window, position, keys, context):
            return False
        if size >= settings.low_confidence_phrase_words:
            return True
        return not _fragment(window, keys, context) and not (everyday and _cut_short(window, keys, context))
    if size < settings.unknown_confidence_phrase_words:
        return False
    if first < position < first + size - 1:
        return True
    gram = tuple(keys[first:first + size])
    starts, ends = context.edges
    at_end = position == first + size - 1
    if at_end and first + size == len(keys):
        return gram in ends
    if not at_end and first == 0 and gram in starts:
        return True
    return size >= settings.unknown_confidence_edge_phrase_words and not _cut_short(window, keys, context)


def _edge_shared(window: tuple[int, int], position: int, keys: list[str], context: RunContext) -> bool:
    """Whether, where the word begins (ends) both the text's run and the phrase, a vocabulary phrase does too.

    "Quă theo dõi" opening a sentence is not "[kết] quả theo dõi": that
    phrase never begins with "quả".
    """
    first, size = window
    gram = tuple(keys[first:first + size])
    starts, ends = context.edges
    if position == first == 0 and gram not in starts:
        return False
    return not (position == first + size - 1 == len(keys) - 1 and gram not in ends)


def _fragment(window: tuple[int, int], keys: list[str], context: RunContext) -> bool:
    """Whether a two-word phrase is only a piece of a longer one and borrows a word of the next phrase of the text.

    "bỏ nội dung": "bộ nội" (of "Bộ Nội vụ") would take "nội" from "nội
    dung"; "Só tài khoản": "sở tài" (of "Sở Tài chính") would take "tài" from
    "tài khoản". A longer phrase is not judged so, nor a two-word phrase that
    is a whole vocabulary entry itself: "y tế" in "dịch vụ y tế và giáo dục"
    ("tế và" is a piece of "kinh tế và ...").
    """
    first, size = window
    if size != 2:
        return False
    gram = tuple(keys[first:first + size])
    if gram in context.entries:
        return False
    after = first + size
    if after < len(keys) and (keys[after - 1], keys[after]) in context.phrases and gram + (keys[after],) not in context.phrases:
        return True
    return first > 0 and (keys[first - 1], keys[first]) in context.phrases and (keys[first - 1],) + gram not in context.phrases


def _cut_short(window: tuple[int, int], keys: list[str], context: RunContext) -> bool:
    """Whether the text goes on past the window where the vocabulary's phrases go on otherwise.

    "tài khoản" + "1": the vocabulary has "tài khoản định danh", "tài khoản
    VNeID", never "tài khoản 1".
    """
    first, size = window
    gram = tuple(keys[first:first + size])
    goes_on_after, goes_on_before = context.extensions
    after = first + size
    if after < len(keys) and gram in goes_on_after and gram + (keys[after],) not in context.phrases:
        return True
    return first > 0 and gram in goes_on_before and (keys[first - 1],) + gram not in context.phrases


def _windows(size_limit: int, position: int, length: int):
    """(first, size) of every window of 2+ keys that holds ``position``, longest first."""
    for size in range(min(size_limit, length), 1, -1):
        for first in range(max(0, position - size + 1), min(position, length - size) + 1):
            yield first, size


def discriminating_windows(keys: list[str], own_keys: list[str], position: int,
                            phrases: frozenset[tuple[str, ...]]) -> tuple[list[tuple[int, int]], bool]:
    """The windows (first, size), longest first, where the new word makes a vocabulary phrase and
    the OCR word does not; and whether some window works the other way round.

    A window of words where both forms make a phrase ("thực hiện chi [trả]",
    "thực hiện chỉ [thị]") says nothing about which is right; only the
    windows where one of them fits and the other does not count.
    """
    new_only: list[tuple[int, int]] = []
    own_only = False
    for first, size in _windows(MAX_PHRASE_WORDS, position, len(keys)):
        if sum(1 for k in keys[first:first + size] if k != NUMBER_KEY) < 2:
            continue  # "từ <num>" is no phrase: a number next to a word says little about the word
        new_fits = tuple(keys[first:first + size]) in phrases
        own_fits = tuple(own_keys[first:first + size]) in phrases
        if new_fits and not own_fits:
            new_only.append((first, size))
        own_only = own_only or (own_fits and not new_fits)
    return new_only, own_only


def _variant_swap(keys: list[str], own_keys: list[str], position: int,
                  variants: frozenset[tuple[tuple[str, ...], tuple[str, ...]]]) -> bool:
    """Whether the change swaps one correct spelling for another ("hằng năm" ↔ "hàng năm")."""
    for first, size in _windows(MAX_PHRASE_WORDS, position, len(keys)):
        if (tuple(own_keys[first:first + size]), tuple(keys[first:first + size])) in variants:
            return True
    return False
