"""Repair of Vietnamese OCR errors by context (issue #4).

OCR of a Vietnamese scan drops and swaps tone marks and vowel marks, and the
wrong form is often a real word itself: "Chi số" must become "Chỉ số" while
"Chi phí" stays. A word list cannot tell these apart; the neighbours can.

How it works
------------
* Every word is compared by its *fold*: lower case without any mark, đ → d
  (``strip_diacritics``). All real syllables with the same fold are the
  *candidates* for an OCR word ("chi" → chi, chí, chì, chỉ, chị ...).
* A syllable language model built from the domain vocabulary
  (``data/vocabulary.json``: administrative phrases, unit names, products,
  procedure names, the seed's corrected text) scores each sequence of
  candidates: bigram counts with "stupid backoff" to unigram counts. The
  vocabulary categories are weighted by the column (``field``): unit names
  count more in unit columns, section titles in section rows.
* A noisy-channel decoder (Viterbi over the candidates of a run of words)
  picks the best sequence; keeping the OCR form is free, changing it costs.
* A change is only kept when the context supports it (precision first):
  the new word forms a known bigram with a neighbour that the OCR form does
  not, and the gain is above a margin. An OCR word that is not a real
  syllable at all may also be changed without context when one candidate
  dominates ("invalid-syllable").
* Small rules handle what is not a tone error: letters read for digits
  ("2O19", "l0"), quarters in the period column ("Quý 1" → "Quý I") and
  letters whose case OCR flipped inside a word ("cÔng" → "công").

Tone placement ("hóa" or "hoá", "thủy" or "thuỷ") is a matter of style, not an
error: syllables are compared in one canonical placement and a repaired word
is written in the style the cell already uses (the "hóa" style when the cell
does not say).

Every change is returned as a :class:`Fix`. ``Fix.from_``/``Fix.to`` hold the
smallest phrase that changed: a maximal run of adjacent changed words with the
spaces between them ("THỬ TỤC" → "THỦ TỤC"), one token for the digit rules,
and "Quý 1" → "Quý I" for the quarter rule (the word "Quý" is kept in the fix
so a reader can see why the digit changed).
"""
from __future__ import annotations

import json
import logging
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from .model import Fix
from .text import strip_diacritics

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Vietnamese syllables: tones and their placement
# ---------------------------------------------------------------------------

#: Combining tone marks and their numbers (0 = ngang, no mark).
TONE_MARKS = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
TONE_NAMES = {0: "ngang", 1: "sắc", 2: "huyền", 3: "hỏi", 4: "ngã", 5: "nặng"}
_MARK_OF_TONE = {number: mark for mark, number in TONE_MARKS.items()}
VOWELS = "aăâeêioôơuưy"
_MARKED_VOWELS = "ăâêôơư"
#: Rhymes written without a final consonant whose tone may sit on either vowel.
_STYLE_PAIRS = ("oa", "oe", "uy")
_STOP_FINALS = ("ch", "c", "p", "t")

#: Vietnamese rhymes (without tone) that a syllable may end with.
RHYMES = frozenset("""
a ai ao au ay am an ang anh ap at ac ach
ăm ăn ăng ăp ăt ăc ăk
âm ân âng âp ât âc âu ây
e eo em en eng ep et ec
ê êu êm ên ênh êp êt êch
i ia iu im in inh ip it ich
iêu iêm iên iêng iêp iêt iêc
yêu yêm yên yêt
o oa oe oi om on ong op ot oc ooc oong
oai oay oao oeo oan oang oanh oat oac oach oam oap
oăm oăn oăng oăt oăc
oen oet
ô ôi ôm ôn ông ôp ôt ôc
ơ ơi ơm ơn ơp ơt
u ua ui uy uê uơ um un ung up ut uc
uân uâng uât uây
uênh uêch
uôi uôm uôn uông uôt uôc
uya uyu uyn uynh uyt uych uyp uyên uyêt
ư ưa ưi ưu ưm ưn ưng ưt ưc
ươi ươu ươm ươn ương ươp ươt ươc
y
""".split())
#: Initial consonants, longest first (qu and gi are handled as onsets).
ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")


def split_tone(syllable: str) -> tuple[str, int]:
    """("hoá" → ("hoa", 1)): the syllable without its tone mark, and the tone."""
    tone = 0
    kept = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(lower: str, style: str) -> int | None:
    """Index of the vowel that carries the tone in a toneless lower-case syllable."""
    start = 0
    if lower[:2] in ("qu", "gi") and len(lower) > 2 and lower[2] in VOWELS:
        start = 2
    first = start
    while first < len(lower) and lower[first] not in VOWELS:
        first += 1
    if first == len(lower):
        return None
    end = first
    while end < len(lower) and lower[end] in VOWELS:
        end += 1
    marked = [i for i in range(first, end) if lower[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if end - first == 1:
        return first
    if end < len(lower):  # a final consonant: hoàn, toán, huỳnh
        return end - 1
    if end - first == 2 and lower[first:end] in _STYLE_PAIRS:
        return first if style == "classic" else first + 1
    if end - first == 3:  # ngoài, xoáy, khuỷu
        return first + 1
    return first


def place_tone(base: str, tone: int, style: str = "classic") -> str:
    """Write ``tone`` on a toneless syllable; style "classic" (hóa) or "modern" (hoá)."""
    if tone == 0:
        return base
    position = _tone_position(base.lower(), style)
    if position is None:
        return base
    marked = unicodedata.normalize("NFC", base[position] + _MARK_OF_TONE[tone])
    return base[:position] + marked + base[position + 1:]


def syllable_key(word: str) -> str:
    """Canonical lower-case form of a word: the tone placed in the classic style."""
    base, tone = split_tone(word.lower())
    return place_tone(base, tone, "classic")


def fold(word: str) -> str:
    """Lower case without tone or vowel marks, đ → d: what OCR keeps of a word."""
    return strip_diacritics(word)


def is_well_formed(syllable: str) -> bool:
    """Whether a lower-case word is spelled like a Vietnamese syllable.

    Onset + rhyme from the tables above, and the rule that a syllable ending in
    p, t, c or ch carries the sắc or nặng tone (so "thưc" is not a syllable).
    """
    base, tone = split_tone(syllable)
    if not base or not base.isalpha():
        return False
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if onset == "gi" and rhyme == "":
            rhyme = "i"
        if onset in ("gi", "qu") and rhyme[:1] not in VOWELS:
            continue
        if (rhyme in RHYMES or (onset == "g" and "i" + rhyme in RHYMES)
                or (onset == "qu" and "u" + rhyme in RHYMES)):
            if rhyme.endswith(_STOP_FINALS) and tone not in (1, 5):
                continue
            return True
    return False


def tone_style(text: str) -> str | None:
    """"modern" if the text writes hoá/thuỷ, "classic" if hóa/thủy, None if it does not say."""
    classic = modern = 0
    for word in _WORD.findall(text):
        lower = word.lower()
        base, tone = split_tone(lower)
        if tone == 0:
            continue
        as_classic = place_tone(base, tone, "classic")
        as_modern = place_tone(base, tone, "modern")
        if as_classic == as_modern:
            continue
        if lower == as_classic:
            classic += 1
        elif lower == as_modern:
            modern += 1
    if modern > classic:
        return "modern"
    if classic:
        return "classic"
    return None


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------

_WORD = regex.compile(r"[\p{L}\p{M}]+")
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
#: What may separate two words of one run: spaces and line breaks only.
_RUN_GAP = regex.compile(r"^[ \t\u00a0\n\r]+$")
NUMBER_KEY = "<num>"
