"""Text layers in the legacy Vietnamese font encodings TCVN3 (ABC) and VNI.

Many older offices typed their documents in TCVN3 fonts (.VnTime) or VNI
fonts (VNI-Times). Their PDFs carry a text layer whose characters are the
font's byte codes read as Latin-1, so "Cộng hòa Xã hội" comes out as
"Céng hßa X· héi" (TCVN3) or "Coäng hoøa Xaõ hoäi" (VNI).

* :func:`detect_legacy_encoding` tells such a text from Unicode Vietnamese and
  from plain English (run it per page or per font span);
* :func:`convert_legacy` converts it to Unicode with the tables in
  ``data/legacy_tcvn3.json`` and ``data/legacy_vni.json``;
* :func:`text_is_garbage` says whether a text (converted or not) is still
  unreadable, so the caller OCRs the page instead of emitting garbage.

Typical use by a PDF reader (per page, or per span of one font, whose name
:func:`encoding_from_font_name` may already tell)::

    text, encoding = to_unicode(page_text)
    if text_is_garbage(text):
        ...  # OCR this page
"""
from __future__ import annotations

import json
import logging
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Callable

import regex

from .repair import is_well_formed, known_syllables, syllable_key

log = logging.getLogger(__name__)

ENCODINGS = ("tcvn3", "vni")
#: A "word" here is anything between spaces and ASCII punctuation: legacy
#: encodings put letters on symbols like "·" or "§", which regex \w misses.
_WORD = regex.compile(r"[^\s!-/:-@\[-`{-~]+")
#: Letters only Unicode Vietnamese has (a legacy text has none of them).
_UNICODE_VIETNAMESE = regex.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1EA0-\u1EF9]")
_CID = regex.compile(r"\(cid:\d+\)")
_LATIN1_PUNCTUATION = set("¡¦§¨ª«¬\xad¯°±²³´µ¶·¸¹º»¼½¾¿×÷")
_BROKEN = regex.compile(r"[\uFFFD\uE000-\uF8FF\x00-\x08\x0B\x0C\x0E-\x1F]")

#: How many words a conversion must change, and how readable it must make them.
MIN_CHANGED_WORDS = 2
MIN_READABLE_AFTER = 0.7
MIN_GAIN = 0.3
#: Share of Vietnamese-only letters among non-ASCII letters above which a text is Unicode.
UNICODE_SHARE = 0.2
#: text_is_garbage: below this share of readable words (among 5 or more), a text is garbage.
MIN_READABLE_SHARE = 0.6


@lru_cache(maxsize=None)
def legacy_table(encoding: str) -> dict[str, str]:
    """The sequence → Unicode map of an encoding ("tcvn3" or "vni")."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")
    text = resources.files("normalize").joinpath(f"data/legacy_{encoding}.json").read_text(encoding="utf-8")
    return json.loads(text)["map"]


@lru_cache(maxsize=None)
def _pattern(encoding: str) -> regex.Pattern:
    """Alternation of the table's sequences, longest first (VNI "oâ" before "ô")."""
    keys = sorted(legacy_table(encoding), key=len, reverse=True)
    return regex.compile("|".join(regex.escape(k) for k in keys))


def convert_legacy(text: str, encoding: str) -> str:
    """Convert a TCVN3 or VNI text to Unicode (NFC).

    Words typed in TCVN3's upper-case fonts come out with lower-case letters
    in upper-case words ("CéNG" → "CộNG"): such a word is upper-cased whole.
    """
    table = legacy_table(encoding)
    converted = _pattern(encoding).sub(lambda m: table[m.group()], text)
    return unicodedata.normalize("NFC", "\n".join(_restore_case(line) for line in converted.split("\n")))


def _restore_case(line: str) -> str:
    """"CộNG HòA" → "CỘNG HÒA": words of TCVN3's upper-case fonts.

    A word whose ASCII letters (two or more) are all upper case is upper
    case; a word with a single upper-case ASCII letter ("X·" is "Xã" or
    "XÃ") follows its nearest neighbour that says.
    """
    words = list(_WORD.finditer(line))
    verdicts = [_case_verdict(m.group()) for m in words]
    for i, verdict in enumerate(verdicts):
        if verdict == "single":
            neighbours = [v for v in verdicts[i - 1::-1] if v != "single"][:1] if i else []
            neighbours += [v for v in verdicts[i + 1:] if v != "single"][:1]
            verdicts[i] = "upper" if neighbours and neighbours[0] == "upper" else "keep"
    pieces, last = [], 0
    for match, verdict in zip(words, verdicts):
        pieces.append(line[last:match.start()])
        pieces.append(match.group().upper() if verdict == "upper" else match.group())
        last = match.end()
    pieces.append(line[last:])
    return "".join(pieces)


def _case_verdict(word: str) -> str:
    """"upper", "keep", or "single" (one upper-case ASCII letter: the neighbours decide)."""
    ascii_letters = [ch for ch in word if ch.isascii() and ch.isalpha()]
    if not ascii_letters or not all(ch.isupper() for ch in ascii_letters):
        return "keep"
    if word.isupper():
        return "upper"
    return "upper" if len(ascii_letters) >= 2 else "single"


def to_unicode(text: str) -> tuple[str, str | None]:
    """The text in Unicode and the legacy encoding it was in (None: it was not)."""
    encoding = detect_legacy_encoding(text)
    return (convert_legacy(text, encoding), encoding) if encoding else (text, None)


def encoding_from_font_name(font_name: str) -> str | None:
    """"tcvn3" for the ABC fonts (.VnTime, .VnArialH), "vni" for VNI-Times …, else None.

    PDF font names may carry a subset prefix ("ABCDEF+.VnTime").
    """
    name = font_name.split("+", 1)[-1].lstrip(".").lower()
    if name.startswith("vni-") or name.startswith("vni "):
        return "vni"
    if name.startswith("vn") and not name.startswith("vni"):
        return "tcvn3"
    return None


def detect_legacy_encoding(text: str) -> str | None:
    """"tcvn3" or "vni" when the text reads better converted, else None.

    Unicode Vietnamese (it has letters no legacy text has) and text that no
    table changes (English, numbers) give None. Otherwise each table is tried:
    it must change at least MIN_CHANGED_WORDS words and make at least
    MIN_READABLE_AFTER of them Vietnamese syllables, MIN_GAIN more than before.
    """
    text = unicodedata.normalize("NFC", text)
    if _looks_unicode(text):
        return None
    best, best_score = None, 0.0
    for encoding in ENCODINGS:
        score = _conversion_gain(text, encoding)
        if score is not None and score > best_score:
            best, best_score = encoding, score
    if best:
        log.debug("legacy encoding %s detected (gain %.2f)", best, best_score)
    return best


def _looks_unicode(text: str) -> bool:
    non_ascii = [ch for ch in text if not ch.isascii() and ch.isalpha()]
    if not non_ascii:
        return False
    vietnamese = len(_UNICODE_VIETNAMESE.findall(text))
    return vietnamese / len(non_ascii) > UNICODE_SHARE


def _conversion_gain(text: str, encoding: str) -> float | None:
    """How much more readable the words that the table changes become (None: not this table)."""
    pattern = _pattern(encoding)
    before_words = [w for w in _WORD.findall(text) if pattern.search(w)]
    if len(before_words) < MIN_CHANGED_WORDS:
        return None
    after_words = [convert_legacy(w, encoding) for w in before_words]
    before = _readable_share(before_words)
    after = _readable_share(after_words)
    if after < MIN_READABLE_AFTER or after - before < MIN_GAIN:
        return None
    return after - before


def _readable_share(words: list[str]) -> float:
    return sum(_is_vietnamese_word(w) for w in words) / len(words) if words else 0.0


def _is_vietnamese_word(word: str) -> bool:
    letters = regex.sub(r"[^\p{L}]", "", word)
    if not letters:
        return False
    key = syllable_key(letters)
    return key in known_syllables() or is_well_formed(key)


def text_is_garbage(text: str) -> bool:
    """Whether a text layer is unreadable: the caller should OCR the page instead.

    Garbage: glyphs without Unicode ("(cid:42)", U+FFFD, private-use
    characters, control characters), a legacy encoding still unconverted, or
    a text whose words are mostly neither Vietnamese syllables, nor
    abbreviations, nor numbers, nor ASCII words with a vowel. An empty text
    is not garbage (there is simply nothing to read).
    """
    text = unicodedata.normalize("NFC", text)
    stripped = "".join(text.split())
    if not stripped:
        return False
    broken = len(_BROKEN.findall(text)) + 6 * len(_CID.findall(text))
    if broken / len(stripped) > 0.02:
        return True
    symbols = sum(unicodedata.category(ch).startswith("S") or ch in _LATIN1_PUNCTUATION for ch in stripped)
    if len(stripped) >= 10 and symbols / len(stripped) > 0.2:
        return True
    if detect_legacy_encoding(text) is not None:
        return True
    words = [w for w in _WORD.findall(text) if any(ch.isalpha() for ch in w)]
    if len(words) < 5:
        return False
    readable = sum(_is_readable(w) for w in words)
    return readable / len(words) < MIN_READABLE_SHARE


def _is_readable(word: str) -> bool:
    """A Vietnamese syllable, an abbreviation (UBND, HĐND) or an ASCII word with a vowel."""
    if _is_vietnamese_word(word):
        return True
    letters = regex.sub(r"[^\p{L}]", "", word)
    is_abbreviation = letters.isupper() and (letters.isascii() or bool(_UNICODE_VIETNAMESE.search(letters)))
    if is_abbreviation:
        return True
    return word.isascii() and any(ch in "aeiouyAEIOUY" for ch in word)


def page_text_decoder(page_text: str, font_names: list[str]) -> Callable[[str], str] | None:
    """How to read a page's text layer: a converter for each piece of its text,
    or None when the layer is unreadable and the page should be OCR'd instead.

    The fonts' names are the first clue (".VnTime" is TCVN3, "VNI-Times" is
    VNI); the text itself decides when they say nothing.
    """
    by_font = {encoding_from_font_name(name) for name in font_names} - {None}
    encoding = by_font.pop() if len(by_font) == 1 else detect_legacy_encoding(page_text)
    if encoding is not None:
        if text_is_garbage(convert_legacy(page_text, encoding)):
            return None
        return lambda text: convert_legacy(text, encoding)
    if text_is_garbage(page_text):
        return None
    return _unchanged


def _unchanged(text: str) -> str:
    return text
