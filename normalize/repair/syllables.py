"""Vietnamese syllables: tones, their placement, and two inventories.

* ``possible_syllables``: generated from Vietnamese phonotactics. A syllable
  is an onset (``ONSETS``), a rhyme (``RHYMES``) and one of six tones, with
  the spelling rules of the script (k/gh/ngh before i, e, ê, y; c/g/ng
  elsewhere; q only in qu) and the rule that a syllable closed by p, t, c or
  ch carries the sắc or nặng tone (``is_well_formed``). Every Vietnamese
  syllable is in it (the tests check the words of real documents, names
  included); it also holds about 12,000 combinations no word uses.
* ``known_syllables``: the syllables in use, from Debian's hunspell-vi
  dictionary (``data/syllables.json``, about 6,600), all of them possible.
  The repair treats a word outside it (and outside the vocabulary) as no
  syllable at all: "nẵm" is spelled like a syllable but no word uses it.
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import resources

import regex

from ..text import strip_diacritics

_WORD = regex.compile(r"[\p{L}\p{M}]+")


#: Combining tone marks and their numbers: 0 ngang (no mark), 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng.
TONE_MARKS = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_MARK_OF_TONE = {number: mark for mark, number in TONE_MARKS.items()}
VOWELS = "aăâeêioôơuưy"
_MARKED_VOWELS = "ăâêôơư"
#: Rhymes written without a final consonant whose tone may sit on either vowel.
_STYLE_PAIRS = ("oa", "oe", "uy")
_STOP_FINALS = ("ch", "c", "p", "t")
#: Letters whose upper and lower case look alike to OCR (tone marks aside).
SAME_SHAPE = frozenset("cosvwxzôơ")

#: Vietnamese rhymes (without tone) that a syllable may end with.
RHYMES = frozenset("""
a ai ao au ay am an ang anh ap at ac ach
ăm ăn ăng ăp ăt ăc ăk
âm ân âng âp ât âc âu ây
e eo em en eng ep et ec
ê êu êm ên ênh êp êt êch
i ia iu im in inh ip it ich
iêu iêm iên iêng iêp iêt iêc
yêu yêm yên yêng yêt
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


@lru_cache(maxsize=1 << 16)
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


@lru_cache(maxsize=1 << 16)
def syllable_key(word: str) -> str:
    """Canonical lower-case form of a word: the tone placed in the classic style."""
    base, tone = split_tone(word.lower())
    return place_tone(base, tone, "classic")


def fold(word: str) -> str:
    """Lower case without tone or vowel marks, đ → d: what OCR keeps of a word."""
    return strip_diacritics(word)


#: Onsets written only before a front vowel (i, e, ê, y) and their spellings elsewhere.
_FRONT_ONLY = ("k", "gh", "ngh")
_NOT_FRONT = ("c", "g", "ng")
_FRONT_VOWELS = "ieêy"


def _onset_fits(onset: str, rhyme: str) -> bool:
    """The spelling rules of the script: "kế" but "cá", "ghi" but "ga", "nghề" but "ngà"."""
    front = rhyme[:1] in _FRONT_VOWELS
    if onset in _FRONT_ONLY:
        return front
    if onset in _NOT_FRONT:
        return not front or (onset == "g" and rhyme[:1] == "i")  # "gìn", "gì": g + i
    if onset == "qu":
        return rhyme[:1] != "u"
    return True


def is_well_formed(syllable: str) -> bool:
    """Whether a lower-case word is spelled like a Vietnamese syllable.

    Onset + rhyme from the tables above, the spelling rules of onsets
    (``_onset_fits``), and the rule that a syllable ending in p, t, c or ch
    carries the sắc or nặng tone (so "thưc" is not a syllable).
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
            if not _onset_fits(onset, rhyme):
                continue
            return True
    return False


@lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    """The syllables in use (``data/syllables.json``, from the hunspell-vi dictionary), lower case, classic tone.

    A word outside this list and outside the vocabulary is "not a syllable"
    for the repair: the OCR misread it, whatever its confidence.
    """
    data = resources.files("normalize").joinpath("data/syllables.json").read_text(encoding="utf-8")
    return frozenset(json.loads(data)["syllables"])


@lru_cache(maxsize=1)
def loanwords() -> frozenset[str]:
    """Foreign words and names in their own spelling that are right as printed
    (``data/loanwords.json``: "email", "Zalo", "Khmer"), lower case."""
    data = resources.files("normalize").joinpath("data/loanwords.json").read_text(encoding="utf-8")
    return frozenset(json.loads(data)["words"])


@lru_cache(maxsize=1)
def peoples() -> tuple[str, ...]:
    """The names of Viet Nam's ethnic groups as written ("Bố Y", "Giáy": ``data/loanwords.json``)."""
    data = resources.files("normalize").joinpath("data/loanwords.json").read_text(encoding="utf-8")
    return tuple(json.loads(data)["peoples"])


@lru_cache(maxsize=1)
def possible_syllables() -> frozenset[str]:
    """Every possible Vietnamese syllable, lower case, tone in the classic place.

    Generated: each onset with each rhyme (and the "gi"/"qu" onsets with the
    rhymes they combine with) under each tone, kept when ``is_well_formed``.
    """
    found = set()
    rhymes = set(RHYMES) | {r[1:] for r in RHYMES if r[:1] in "iu" and len(r) > 1}
    for onset in ONSETS:
        for rhyme in rhymes:
            base = onset + rhyme
            for tone in range(6):
                syllable = place_tone(base, tone, "classic")
                if is_well_formed(syllable):
                    found.add(syllable)
    return frozenset(found)


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


