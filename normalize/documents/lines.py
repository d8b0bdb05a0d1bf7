"""Lines as the document reader sees them: cleaned text and a class (number, date line, title …)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from extract.model import Line

from .dates import place_ok
from .vocab import (
    BLANK_DATELINE, BULLETS, BULLET_PATTERN, DATELINE_NO_PLACE, DATELINE_PATTERN, EDGE_MARKUP, HEADING_PATTERN,
    HTML_TAG, MARKDOWN, NUMBER_STAMP, STAMP_DATE_PATTERN, STAMP_TIME_PATTERN, TRAILING, Vocab,
)


BLANK = "blank"
SEPARATOR = "separator"
MOTTO = "motto"
NUMBER = "number"
DATELINE = "dateline"
SUBJECT = "subject"  # "V/v …" / "Về việc …"
LIST = "list"  # "DANH SÁCH …" heading
OPERATIVE = "operative"  # "QUYẾT ĐỊNH:" before the articles of a decision
TITLE = "title"  # "QUYẾT ĐỊNH", "KẾ HOẠCH …"
AUTHORITY = "authority"  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"
CAPACITY = "capacity"  # "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
AGENCY = "agency"  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
HEADING = "heading"  # "I. MỤC TIÊU", "1. Mục đích"
UPPER = "upper"  # any other upper-case line
CAPTION = "caption"  # "(Kèm theo Quyết định số …)"
ADDRESSEES = "addressees"  # "Kính gửi:"
RECIPIENTS = "recipients"  # "Nơi nhận:"
BASIS = "basis"  # "Căn cứ …"
STAMP_DATE = "stamp-date"  # "13.12.2018" of a digital signature
STAMP_TIME = "stamp-time"  # "10:44:59 +07:00"
STAMP_LABEL = "stamp-label"  # "Người ký: …"
BULLET = "bullet"
OTHER = "other"

#: How many lines after a signing capacity or a stamp the signer's name may be.
NAME_WINDOW = 8
#: Longest line taken as (part of) a subject, an addressee or a list heading.
MAX_SUBJECT_LINE = 200
MAX_SUBJECT_CONTINUATION = 160
MAX_SUBJECT_LINES = 4
MAX_SHORT_LINE = 120
#: How far ahead an agency line looks for the "Số:" line or the motto that
#: make it the start of a new document rather than an upper-case body line.
AGENCY_LOOKAHEAD = 6


@dataclass(frozen=True)
class Text:
    """A line as this module reads it: cleaned text, its page and class."""

    text: str
    page: int | None
    motto: bool
    cls: str = OTHER


def _clean(text: str, vocab: Vocab) -> tuple[str, bool]:
    """NFC, conversion noise and the national motto removed, spaces collapsed.

    Returns the text and whether the line held (part of) the national motto,
    which OCR of a two-column header often glues to the agency or number.
    """
    text = unicodedata.normalize("NFC", text)
    text = HTML_TAG.sub(" ", text)
    text = MARKDOWN.sub("", text)
    text, mottos = vocab.motto.subn(" ", text)
    text = " ".join(text.split())
    text = EDGE_MARKUP.sub("", text)
    return text, mottos > 0


def is_upper(text: str) -> bool:
    """True when (almost) every letter of ``text`` is upper case."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def classify(text: str, motto: bool, vocab: Vocab) -> str:
    """The class of one cleaned line (the constants at the top of the module)."""
    if not text:
        return MOTTO if motto else BLANK
    if not regex.search(r"[\p{L}\p{N}]", text):
        return SEPARATOR
    if NUMBER_STAMP.match(text):
        return STAMP_LABEL  # not this document's own number line
    if vocab.number_line.match(text):
        return NUMBER
    dateline = DATELINE_PATTERN.match(text)
    if dateline and len(text) <= 100 and place_ok(dateline["place"]):
        return DATELINE
    if DATELINE_NO_PLACE.match(text):
        return DATELINE
    if BLANK_DATELINE.match(text) and len(text) <= 100:
        return DATELINE
    if vocab.subject.match(text):
        return SUBJECT
    if vocab.addressees.match(text):
        return ADDRESSEES
    if vocab.recipients.match(text):
        return RECIPIENTS
    if vocab.basis.match(text):
        return BASIS
    if STAMP_DATE_PATTERN.search(text) and len(text) <= 60:
        return STAMP_DATE
    if STAMP_TIME_PATTERN.match(text):
        return STAMP_TIME
    if vocab.stamp_label.match(text):
        return STAMP_LABEL
    if vocab.capacity_prefix.match(text):
        return CAPACITY
    upper = is_upper(text)
    if upper and vocab.list_heading.match(text):
        return LIST
    title = vocab.title.match(text)
    if title:
        rest = title["rest"]
        if rest.startswith(":") and not rest[1:].strip():
            return OPERATIVE
        if not rest or is_upper(rest) or (rest[0].isupper() and len(rest) <= MAX_SUBJECT_LINE):
            return TITLE
    if upper and vocab.bare_title.match(text):
        return CAPACITY
    if upper and vocab.authority.match(text):
        return AUTHORITY
    if HEADING_PATTERN.match(text):
        return HEADING
    if upper and len(text) <= MAX_SHORT_LINE and vocab.agency.match(text):
        return AGENCY
    if text.startswith("(") and vocab.caption.search(text[:40]):
        return CAPTION
    if BULLET_PATTERN.match(text):
        return BULLET
    if upper:
        return UPPER
    return OTHER


def prepare(lines: list[Line], vocab: Vocab) -> list[Text]:
    """Clean and classify every line."""
    out = []
    for line in lines:
        text, motto = _clean(line.text or "", vocab)
        out.append(Text(text, line.page, motto, classify(text, motto, vocab)))
    return out


def name_like(text: str, vocab: Vocab) -> bool:
    """True for a person's name line: "Trần Sĩ Thành", "Cao Huy", "NGUYỄN VĂN A"."""
    text = text.strip(" .,")
    words = text.split()
    if not 2 <= len(words) <= 5 or regex.search(r"[\d:/()@;,]", text):
        return False
    if words[0].casefold() in vocab.name_stopwords:
        return False
    if is_upper(text):
        if vocab.agency.match(text) or vocab.bare_title.match(text) or vocab.title.match(text):
            return False
        return all(regex.fullmatch(r"\p{Lu}+", w) for w in words)
    return all(regex.fullmatch(r"\p{Lu}\p{Ll}*", w) for w in words)

def unbullet(text: str) -> str:
    """A line without its leading bullets ("- +", "•" …)."""
    return BULLETS.sub("", text).strip()


def strip_item(text: str) -> str:
    """An addressee, recipient or list item without bullets and trailing ; . , :"""
    return unbullet(text).rstrip(TRAILING).strip()


def join(parts: list[str]) -> str:
    """The parts on one line, single-spaced."""
    return " ".join(" ".join(parts).split())

def next_text(items: list[Text], i: int) -> Text | None:
    """The next non-blank line after ``i``."""
    for item in items[i + 1:]:
        if item.cls not in (BLANK, SEPARATOR):
            return item
    return None


def agency_starts(items: list[Text], i: int) -> bool:
    """Is the agency line at ``i`` the top of a header (a number or motto follows)?"""
    for item in items[i + 1: i + 1 + AGENCY_LOOKAHEAD]:
        if item.cls in (NUMBER, MOTTO) or item.motto:
            return True
        if item.cls not in (AGENCY, UPPER, BLANK, SEPARATOR):
            return False
    return False

def agency_of_authority(text: str, vocab: Vocab) -> str:
    """The agency of an authority: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X" → "ỦY BAN NHÂN
    DÂN TỈNH X", "Bộ trưởng Bộ Khoa học" → "Bộ Khoa học" (any case)."""
    upper = text.upper()
    m = vocab.authority.match(upper) if len(upper) == len(text) else None
    return text[m.start("agency"):].strip() if m else text
