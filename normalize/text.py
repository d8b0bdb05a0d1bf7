"""Text clean-up that every cell and line gets before anything reads it.

Pure functions ``text -> (text, [Fix])``. Changes that a reader cannot see
(Unicode composition, runs of spaces) are not recorded; changes a reader can
see (a look-alike letter replaced, markup removed) are recorded as fixes.
"""
from __future__ import annotations

import unicodedata

import regex

from .model import Fix

# Conversion noise: HTML tags and Markdown emphasis that converters leave in text.
_HTML_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MARKDOWN_BOLD = regex.compile(r"(?<!\*)\*\*(?!\*)|(?<![_\w])__(?![_\w])")
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
# Icelandic eth (U+00D0/U+00F0) looks like Vietnamese đ but is another letter.
_LOOKALIKES = {"\u00d0": "\u0110", "\u00f0": "\u0111"}
LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_STRAY_MARKS = regex.compile(r"(?<![\p{L}])\p{Mn}+")


def nfc(text: str) -> str:
    """NFC with look-alike letters mapped (Ð → Đ); one character for one after NFC."""
    return unicodedata.normalize("NFC", text).translate(LOOKALIKE_TABLE)


def strip_diacritics(text: str) -> str:
    """Lower-case text without tone marks or vowel marks, đ → d (for matching)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.replace("đ", "d").replace("\u00f0", "d")


def collapse_spaces(text: str) -> str:
    """Runs of spaces to one space on each line; blank lines and edges removed."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def one_line(text: str) -> str:
    """The text on one line, single-spaced."""
    return " ".join(text.split())


def clean_text(text: str, field: str = "") -> tuple[str, list[Fix]]:
    """Unicode NFC, look-alike letters, conversion noise and spacing."""
    fixes: list[Fix] = []
    cleaned = unicodedata.normalize("NFC", text)
    if any(ch in cleaned for ch in _LOOKALIKES):
        fixed = "".join(_LOOKALIKES.get(ch, ch) for ch in cleaned)
        fixes.append(Fix(field, one_line(cleaned), one_line(fixed), "lookalike-letter"))
        cleaned = fixed
    stray = _STRAY_MARKS.sub("", cleaned)
    if stray != cleaned:
        fixes.append(Fix(field, one_line(cleaned), one_line(stray), "stray-combining-mark"))
        cleaned = stray
    # Each piece of markup removed is one fix, showing just that piece.
    for pattern in (_HTML_TAG, _MARKDOWN_BOLD):
        for match in pattern.finditer(cleaned):
            fixes.append(Fix(field, match.group(0), "", "conversion-noise"))
        cleaned = pattern.sub(" " if pattern is _HTML_TAG else "", cleaned)
    return collapse_spaces(cleaned), fixes
