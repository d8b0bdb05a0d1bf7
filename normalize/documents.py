"""Official documents and item lists in the running text of a bundle.

A bundle (one PDF, scan or OCR dump) holds several official documents in a
row: a letter (công văn), decisions (quyết định), the plan a decision attaches
(kế hoạch) … Every document has the same anatomy (see the glossary): a header
(agency block, ``Số:`` number, national motto, place/date line, title and
subject), a body (``Kính gửi:``, ``Căn cứ …``, articles or paragraphs) and a
foot (``Nơi nhận:`` list, signing capacity, signer's name, maybe a digital
signature stamp). Any part can be lost to a bad scan, so every field is
optional and every split is made from what survived.

:func:`parse_documents` splits the running-text lines into
:class:`~normalize.model.Document` objects; :func:`parse_lists` finds lists
introduced by a ``DANH SÁCH``/``DANH MỤC`` heading. Table rows are not read
here. Text is returned as printed (Unicode NFC, Markdown/HTML noise and runs
of spaces removed); repairing OCR errors is another module's job. The
vocabulary (document kinds, type codes, agencies, signing capacities …) lives
in ``data/documents.json``.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date as _date
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from extract.model import Line

from .model import Citation, Document, ItemList, ListGroup
from .text import nfc

# Line classes -------------------------------------------------------------
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

_SEQ = r"\d+\p{L}{0,3}"
_CODE = r"[\p{L}&][\p{L}\p{N}&]*"
_UCODE = r"[\p{Lu}&][\p{Lu}\p{N}&]*(?![\p{L}\p{N}])"
_CODES = rf"{_CODE}(?:-{_CODE}|\s+-\s*{_UCODE}|-\s+{_UCODE})*"
#: A document number: sequence (digits, maybe letters: "30c"), optional year,
#: type code and issuer codes ("61/2018/NĐ-CP", "1657/QĐ-SGD&ĐT", "104 /SGDDĐT-VP").
NUMBER_PATTERN = rf"{_SEQ}(?:\s*/\s*\d{{4}})?\s*/\s*{_CODES}"
_DATE_WORDS = (
    r"(?:(?P<d1>\d{1,2})\s*(?i:th[áa]ng)\s*(?P<m1>\d{1,2})\s*(?i:n[ăa]m)\s*(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))"
)
_DATE = rf"(?i:ng[àa]y)\s*{_DATE_WORDS}"

_HTML_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MARKDOWN = regex.compile(r"\*{2,}|(?<![\p{L}\p{N}_])__|__(?![\p{L}\p{N}_])")
_EDGE_MARKUP = regex.compile(r"^[*_\s]+|[*_\s]+$")
_BULLET = regex.compile(r"^[-+•·–—*∙◦▪►]+(?=\s|\p{L}|\d|$)")
_BULLETS = regex.compile(r"^(?:[-+•·–—*∙◦▪►]+\s*)+")
_HEADING = regex.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)/]\s*\S|^[IVXLC]+\s+\p{Lu}")
_GROUP = regex.compile(r"^(?P<num>\d+|[IVXLC]+|[a-zđ])\s*[.)]\s*(?P<text>\S.*)$")
_SUBITEM = regex.compile(r"^\d+\.\d+(?:\.\d+)*\.?\s+(?P<text>\S.*)$")
_ARTICLE = regex.compile(r"^(?i:Điều|Ðiều)\s+\d")
_STAMP_DATE = regex.compile(
    r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[+-]\d{2}:?\d{2})?)?$"
    r"|(?P<d2>\d{1,2})[./-](?P<m2>\d{1,2})[./-](?P<y2>\d{4})\s+\d{1,2}:\d{2}:\d{2}"
)
_STAMP_TIME = regex.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[+-]\d{2}:?\d{2}|GMT\S*|UTC\S*))?$")
_DATELINE_NO_PLACE = regex.compile(rf"^{_DATE}\s*\.?$")
_DATELINE = regex.compile(rf"^(?P<place>\p{{Lu}}[^\d,;:()/]{{1,40}}?)\s*,\s*{_DATE}")
_EMBEDDED_DATE = regex.compile(rf",\s*{_DATE}")
_TRAILING = " ;.,:"


# Vocabulary -----------------------------------------------------------------


def _alternation(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first; Đ/đ also match Ð/ð."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = regex.escape(word).replace("Đ", "[ĐÐ]").replace("đ", "[đð]")
        parts.append(regex.sub(r"(?:\\ )+| +", r"\\s+", escaped))
    return "(?:" + "|".join(parts) + ")"


def _marker_alternation(words: list[str]) -> str:
    """Like :func:`_alternation`, with optional spaces around a slash (``V / v``)."""
    return _alternation(words).replace("/", r"\s*/\s*")


@dataclass(frozen=True)
class _Vocab:
    """The compiled vocabulary of data/documents.json."""

    title_kinds: dict[str, str]
    type_codes: dict[str, str]
    cite_kinds: dict[str, str]
    letter_kind: str
    unknown_kind: str
    name_stopwords: frozenset[str]
    motto: Any
    title: Any
    agency: Any
    authority: Any
    bare_title: Any
    capacity_prefix: Any
    subject: Any
    list_heading: Any
    caption: Any
    addressees: Any
    recipients: Any
    basis: Any
    body_starter: Any
    stamp_label: Any
    number_line: Any
    citation: Any
    named_act: Any
    undated_act: Any


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    """Load and compile data/documents.json (once)."""
    text = resources.files("normalize").joinpath("data/documents.json").read_text(encoding="utf-8")
    data = json.loads(text)
    titles = _alternation(list(data["title_kinds"]))
    signing = _alternation(data["signing_titles"])
    deputy = regex.escape(data["deputy_word"])
    kinds = _alternation(data["cite_kinds"])
    named = _alternation(data["named_act_kinds"])
    name_body = r"(?:(?!(?i:số)\s*:?\s*\d)[^;()\n.])"
    return _Vocab(
        title_kinds={_fold_key(k): v for k, v in data["title_kinds"].items()},
        type_codes={_fold_key(k): v for k, v in data["type_codes"].items()},
        cite_kinds={_fold_key(k): k for k in data["cite_kinds"]},
        letter_kind=data["letter_kind"],
        unknown_kind=data["unknown_kind"],
        name_stopwords=frozenset(w.casefold() for w in data["name_stopwords"]),
        motto=regex.compile("|".join(f"(?:{m})" for m in data["national_motto"])),
        title=regex.compile(rf"^(?P<kw>{titles})(?![\p{{L}}\p{{N}}])\s*(?P<rest>.*)$"),
        agency=regex.compile(rf"^{_alternation(data['agency_heads'])}(?![\p{{L}}\p{{N}}])"),
        authority=regex.compile(
            rf"^(?:{deputy}\s+)?(?P<title>{signing})\s+(?P<agency>\p{{Lu}}.*)$"
        ),
        bare_title=regex.compile(rf"^(?:{deputy}\s+)?{signing}\s*\.?$"),
        capacity_prefix=regex.compile(
            rf"^(?P<prefix>{_alternation(data['signing_prefixes'])})\s*\.\s*(?=\p{{Lu}})"
        ),
        subject=regex.compile(
            rf"^(?P<marker>{_marker_alternation(data['subject_markers'])})(?![\p{{L}}\p{{N}}])\s*:?\s*"
        ),
        list_heading=regex.compile(rf"^{_alternation(data['list_headings'])}(?![\p{{L}}\p{{N}}])"),
        caption=regex.compile(rf"(?i:{_alternation(data['caption_markers'])})"),
        addressees=regex.compile(rf"^(?i:{_alternation(data['addressee_labels'])})\s*:?\s*(?P<rest>.*)$"),
        recipients=regex.compile(rf"^(?i:{_alternation(data['recipient_labels'])})\s*:?\s*(?P<rest>.*)$"),
        basis=regex.compile(rf"^(?i:{_alternation(data['basis_labels'])})(?![\p{{L}}\p{{N}}])"),
        body_starter=regex.compile(rf"^{_alternation(data['body_starters'])}(?![\p{{L}}\p{{N}}])"),
        stamp_label=regex.compile(rf"^(?i:{_alternation(data['stamp_labels'])})\s*:"),
        number_line=regex.compile(
            rf"^(?:Số|SỐ|So)\s*(?:[:.]\s*|(?=\d))(?P<num>{NUMBER_PATTERN}|\d+\p{{L}}{{0,2}}(?![\p{{L}}\p{{N}}/]))"
        ),
        citation=regex.compile(
            rf"(?<![\p{{L}}])(?P<kind>(?i:{kinds}))\s+"
            rf"(?:(?i:số)\s*[:.]?\s*(?:(?P<n1>{NUMBER_PATTERN})|(?P<n2>\d+\p{{L}}{{0,2}})(?![\p{{L}}\p{{N}}/]))"
            rf"|(?P<n3>{NUMBER_PATTERN}))"
            rf"(?:\s*,?\s*{_DATE})?"
        ),
        named_act=regex.compile(
            rf"(?<![\p{{L}}])(?P<kind>{named})\s+(?!(?i:số)(?![\p{{L}}]))(?P<name>{name_body}{{1,150}}?)\s*,?\s*{_DATE}"
        ),
        undated_act=regex.compile(
            rf"^(?i:{_alternation(data['basis_labels'])})\s+(?P<kind>{named})\s+(?!(?i:số)(?![\p{{L}}]))"
            rf"(?P<name>{name_body}{{1,150}}?)\s*(?=[;.]|$)"
        ),
    )


def _fold_key(text: str) -> str:
    """Key for looking words up: NFC, look-alike Ð mapped, upper case, single spaces."""
    text = nfc(text)
    return " ".join(text.upper().split())


# Lines ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """A line as this module reads it: cleaned text, its page and class."""

    text: str
    page: int | None
    motto: bool
    cls: str = OTHER


def _clean(text: str, vocab: _Vocab) -> tuple[str, bool]:
    """NFC, conversion noise and the national motto removed, spaces collapsed.

    Returns the text and whether the line held (part of) the national motto,
    which OCR of a two-column header often glues to the agency or number.
    """
    text = unicodedata.normalize("NFC", text)
    text = _HTML_TAG.sub(" ", text)
    text = _MARKDOWN.sub("", text)
    text, mottos = vocab.motto.subn(" ", text)
    text = " ".join(text.split())
    text = _EDGE_MARKUP.sub("", text)
    return text, mottos > 0


def _is_upper(text: str) -> bool:
    """True when (almost) every letter of ``text`` is upper case."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def _classify(text: str, motto: bool, vocab: _Vocab) -> str:
    """The class of one cleaned line (the constants at the top of the module)."""
    if not text:
        return MOTTO if motto else BLANK
    if not regex.search(r"[\p{L}\p{N}]", text):
        return SEPARATOR
    if vocab.number_line.match(text):
        return NUMBER
    dateline = _DATELINE.match(text)
    if dateline and len(text) <= 100 and _place_ok(dateline["place"]):
        return DATELINE
    if _DATELINE_NO_PLACE.match(text):
        return DATELINE
    if vocab.subject.match(text):
        return SUBJECT
    if vocab.addressees.match(text):
        return ADDRESSEES
    if vocab.recipients.match(text):
        return RECIPIENTS
    if vocab.basis.match(text):
        return BASIS
    if _STAMP_DATE.search(text) and len(text) <= 60:
        return STAMP_DATE
    if _STAMP_TIME.match(text):
        return STAMP_TIME
    if vocab.stamp_label.match(text):
        return STAMP_LABEL
    if vocab.capacity_prefix.match(text):
        return CAPACITY
    upper = _is_upper(text)
    if upper and vocab.list_heading.match(text):
        return LIST
    title = vocab.title.match(text)
    if title:
        rest = title["rest"]
        if rest.startswith(":") and not rest[1:].strip():
            return OPERATIVE
        if not rest or _is_upper(rest) or (rest[0].isupper() and len(rest) <= MAX_SUBJECT_LINE):
            return TITLE
    if upper and vocab.bare_title.match(text):
        return CAPACITY
    if upper and vocab.authority.match(text):
        return AUTHORITY
    if _HEADING.match(text):
        return HEADING
    if upper and len(text) <= MAX_SHORT_LINE and vocab.agency.match(text):
        return AGENCY
    if text.startswith("(") and vocab.caption.search(text[:40]):
        return CAPTION
    if _BULLET.match(text):
        return BULLET
    if upper:
        return UPPER
    return OTHER


def _prepare(lines: list[Line], vocab: _Vocab) -> list[_Text]:
    """Clean and classify every line."""
    out = []
    for line in lines:
        text, motto = _clean(line.text or "", vocab)
        out.append(_Text(text, line.page, motto, _classify(text, motto, vocab)))
    return out


def _name_like(text: str, vocab: _Vocab) -> bool:
    """True for a person's name line: "Trần Sĩ Thành", "Cao Huy", "NGUYỄN VĂN A"."""
    text = text.strip(" .,")
    words = text.split()
    if not 2 <= len(words) <= 5 or regex.search(r"[\d:/()@;,]", text):
        return False
    if words[0].casefold() in vocab.name_stopwords:
        return False
    if _is_upper(text):
        if vocab.agency.match(text) or vocab.bare_title.match(text) or vocab.title.match(text):
            return False
        return all(regex.fullmatch(r"\p{Lu}+", w) for w in words)
    return all(regex.fullmatch(r"\p{Lu}\p{Ll}*", w) for w in words)


# Dates ------------------------------------------------------------------------


def _iso(day: str | None, month: str | None, year: str | None) -> str | None:
    """ISO date from day, month and year strings, None when not a real date."""
    if not (day and month and year):
        return None
    try:
        return _date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _match_date(m: Any) -> str | None:
    """ISO date from a match of ``_DATE`` (groups d1/m1/y1 or d2/m2/y2)."""
    if m["y1"]:
        return _iso(m["d1"], m["m1"], m["y1"])
    return _iso(m["d2"], m["m2"], m["y2"])


def _place_ok(place: str) -> bool:
    """A place name: capitalised words ("Đắk Nông", "TP. Hồ Chí Minh"), maybe
    with the lower-case word of "Thành phố"/"Thị xã"/"Thị trấn"."""
    words = place.split()
    return bool(words) and all(
        regex.fullmatch(r"\p{Lu}[\p{Ll}'’]*\.?|\p{Lu}{1,3}\.|phố|xã|trấn", w) for w in words
    )


def _place_before(text: str) -> str | None:
    """The capitalised words just before a ", ngày" (the place of a date line)."""
    words = []
    for word in reversed(text.split()):
        if regex.fullmatch(r"\p{Lu}[\p{Ll}'’]*|TP\.|Tp\.", word):
            words.append(word)
        else:
            break
    return " ".join(reversed(words)) or None


def _dateline(text: str) -> tuple[str | None, str | None] | None:
    """(place, ISO date) of a place/date line, or of one glued to the number line."""
    m = _DATELINE.match(text)
    if m:
        return m["place"].strip(), _match_date(m)
    m = _DATELINE_NO_PLACE.match(text)
    if m:
        return None, _match_date(m)
    m = _EMBEDDED_DATE.search(text)
    if m:
        return _place_before(text[: m.start()]), _match_date(m)
    return None


def _stamp_date(text: str) -> str | None:
    """ISO date of a digital-signature stamp line ("13.12.2018 10:44:59 +07:00")."""
    m = _STAMP_DATE.search(text)
    if not m:
        return None
    if m["y"]:
        return _iso(m["d"], m["m"], m["y"])
    return _iso(m["d2"], m["m2"], m["y2"])


def _unbullet(text: str) -> str:
    """A line without its leading bullets ("- +", "•" …)."""
    return _BULLETS.sub("", text).strip()


def _strip_item(text: str) -> str:
    """An addressee, recipient or list item without bullets and trailing ; . , :"""
    return _unbullet(text).rstrip(_TRAILING).strip()


def _join(parts: list[str]) -> str:
    """The parts on one line, single-spaced."""
    return " ".join(" ".join(parts).split())


# Foot -------------------------------------------------------------------------


@dataclass
class _Foot:
    """What the body and foot of a document yield."""

    addressees: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    recipient_lines: set[int] = field(default_factory=set)
    capacity: list[str] = field(default_factory=list)
    signer: str | None = None
    stamp_date: str | None = None
    dateline: tuple[str | None, str | None] | None = None


def _split_tail(text: str, vocab: _Vocab, expect_name: bool, two_columns: bool) -> tuple[str, str | None]:
    """A recipient line and what a two-column foot glued to its end.

    ``"- Như trên; PHÓ GIÁM ĐỐC"`` → ("- Như trên;", "PHÓ GIÁM ĐỐC"); a stamp's
    date or time, or (with ``expect_name``) the signer's name after the ";" or
    "." of the item are cut off the same way. Once the foot is known to be read
    across two columns (``two_columns``), any text after an item's ";" is taken
    for a fragment of the right column (the stamp's agency …).
    """
    words = text.split()
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        if not regex.search(r"\p{Ll}", tail) and _classify(tail, False, vocab) == CAPACITY:
            return " ".join(words[:k]), tail
    for m in regex.finditer(r"[;.](?=\s+\S)", text):
        tail = text[m.end():].strip()
        cls = _classify(tail, False, vocab)
        if cls in (CAPACITY, STAMP_DATE, STAMP_TIME, STAMP_LABEL) or (expect_name and _name_like(tail, vocab)):
            return text[: m.end()], tail
        if two_columns and m.group() == ";" and not tail.endswith((";", ".")):
            return text[: m.end()], tail
    return text, None


class _FootReader:
    """Reads addressees, recipients, signing capacity, signer and stamp of a body.

    The foot of a document is often printed in two columns (Nơi nhận on the
    left, capacity and signer on the right) that a text layer or OCR reads
    across, so capacity and name lines may sit between or at the end of
    recipient lines; they are taken out wherever they are.
    """

    def __init__(self, vocab: _Vocab) -> None:
        self.vocab = vocab
        self.foot = _Foot()
        self.mode = ""  # "" | "addressees" | "recipients"
        self.state = ""  # "" | "capacity" | "await" (stamp seen) | "done"
        self.wait = 0

    def _capacity(self, text: str) -> None:
        if self.state == "done":
            return
        if self.state != "capacity":
            self.foot.capacity = []
        self.foot.capacity.append(text)
        self.state, self.wait = "capacity", NAME_WINDOW

    def _expects_name(self) -> bool:
        return self.state in ("capacity", "await")

    def _name(self, text: str) -> bool:
        if self._expects_name() and _name_like(text, self.vocab):
            self.foot.signer = " ".join(text.strip(" .,").split())
            self.state = "done"
            return True
        return False

    def _recipient(self, i: int, text: str) -> None:
        two_columns = self.state != "" or bool(self.foot.capacity)
        left, tail = _split_tail(text, self.vocab, self._expects_name(), two_columns)
        if _strip_item(left):
            self.foot.recipients.append(_unbullet(left))
        self.foot.recipient_lines.add(i)
        if tail:
            self._fragment(tail)

    def _fragment(self, text: str) -> None:
        """A piece of the right column of the foot: capacity, stamp or name."""
        cls = _classify(text, False, self.vocab)
        if cls == CAPACITY or (cls == AUTHORITY and self.state == "capacity"):
            self._capacity(text)
        elif cls in (STAMP_DATE, STAMP_TIME, STAMP_LABEL):
            self._stamp(text)
        else:
            self._name(text)

    def _stamp(self, text: str) -> None:
        self.foot.stamp_date = self.foot.stamp_date or _stamp_date(text)
        if self.state != "done":
            self.state, self.wait = "await", NAME_WINDOW

    def _in_list(self, i: int, item: _Text, following: _Text | None) -> bool:
        """Handle a line while reading addressees or recipients; False ends the list."""
        text, cls = item.text, item.cls
        target = self.foot.addressees if self.mode == "addressees" else self.foot.recipients
        if cls == BULLET:
            if self.mode == "recipients":
                self._recipient(i, text)
            else:
                target.append(_unbullet(text))
            return True
        if target and text[:1].islower() and not target[-1].endswith((";", ".")):
            target[-1] = f"{target[-1]} {text}"
            if self.mode == "recipients":
                self.foot.recipient_lines.add(i)
            return True
        if self.mode == "addressees":
            if (not target and cls == OTHER and len(text) <= MAX_SHORT_LINE
                    and not self.vocab.body_starter.match(text)):
                target.append(text)
                return True
            return False
        if cls == CAPACITY or (cls == AUTHORITY and self.state == "capacity"):
            self._capacity(text)
            return True
        if self._name(text):
            return True
        # A right-column fragment between two recipient lines (the stamp's agency …).
        return following is not None and following.cls == BULLET and len(text) <= MAX_SHORT_LINE

    def line(self, i: int, item: _Text, following: _Text | None) -> None:
        """Read body line ``i``; ``following`` is the next non-blank line."""
        text, cls, vocab = item.text, item.cls, self.vocab
        if cls == ADDRESSEES:
            self.mode = "addressees"
            rest = vocab.addressees.match(text)["rest"]
            if _strip_item(rest):
                self.foot.addressees.append(_unbullet(rest))
            return
        if cls == RECIPIENTS:
            self.mode = "recipients"
            self.foot.recipient_lines.add(i)
            rest = vocab.recipients.match(text)["rest"]
            if rest and _classify(rest, False, vocab) == CAPACITY:
                self._capacity(rest)  # "Nơi nhận: KT. GIÁM ĐỐC"
            elif _strip_item(rest):
                self._recipient(i, rest)
            return
        if cls in (STAMP_DATE, STAMP_TIME, STAMP_LABEL):
            self._stamp(text)
            return
        if self.mode:
            if self._in_list(i, item, following):
                return
            self.mode = ""
        if cls == DATELINE and self.foot.dateline is None:
            self.foot.dateline = _dateline(text)
        if self.state == "done":
            return
        if cls == CAPACITY or (cls == AUTHORITY and self.state == "capacity"):
            self._capacity(text)
            return
        if self._expects_name() and not self._name(text):
            self.wait -= 1
            if self.wait <= 0:
                self.state = ""


# Segmentation -----------------------------------------------------------------


@dataclass
class _Segment:
    """The line indexes of one document: header lines with their roles, then
    body lines and what the foot reader found in them."""

    header: list[tuple[int, str]]
    reader: _FootReader
    body: list[int] = field(default_factory=list)


def _subject_first(item: _Text) -> bool:
    """Can this line be the first subject line after a bare title ("KẾ HOẠCH")?"""
    return (
        item.cls == OTHER
        and len(item.text) <= MAX_SUBJECT_LINE
        and not _ARTICLE.match(item.text)
    )


def _subject_next(item: _Text, vocab: _Vocab) -> bool:
    """Can this line continue a subject ("hành chính năm 2019")?"""
    return (
        item.cls == OTHER
        and len(item.text) <= MAX_SUBJECT_CONTINUATION
        and not vocab.body_starter.match(item.text)
    )


def _scan_header(items: list[_Text], start: int, vocab: _Vocab) -> tuple[int, list[str]]:
    """The header of a document starting at ``start``: its end and line roles.

    Roles: agency, agency-more, number, motto, date, title, subject,
    authority, caption, blank. The header ends at the first line that none
    of them fits (``Kính gửi``, ``Căn cứ``, a paragraph …).
    """
    roles: list[str] = []
    seen_title = False
    subject: str | None = None  # None | "first" | "more" | "upper"
    subject_lines = 0
    caption_open = 0
    previous = ""
    j = start
    while j < len(items):
        item = items[j]
        cls = item.cls
        role = ""
        if caption_open:
            role = "caption"
            caption_open = 0 if ")" in item.text or caption_open >= 4 else caption_open + 1
        elif cls in (BLANK, SEPARATOR):
            role = "blank"
        elif cls in (MOTTO, NUMBER, DATELINE, AGENCY):
            role = {MOTTO: "motto", NUMBER: "number", DATELINE: "date", AGENCY: "agency"}[cls]
            subject = None
        elif cls == UPPER and previous in ("agency", "agency-more") and not seen_title:
            role = "agency-more"
        elif cls == TITLE and not seen_title:
            role, seen_title, subject_lines = "title", True, 0
            rest = vocab.title.match(item.text)["rest"]
            subject = "upper" if rest and _is_upper(rest) else ("more" if rest else "first")
        elif cls == SUBJECT:
            role, subject, subject_lines = "subject", "more", 1
        elif cls == AUTHORITY:
            role, subject = "authority", None
        elif cls == CAPTION and seen_title:
            role, subject = "caption", None
            caption_open = 0 if ")" in item.text else 1
        elif subject == "first" and _subject_first(item):
            role, subject, subject_lines = "subject", "more", 1
        elif subject == "more" and subject_lines < MAX_SUBJECT_LINES and _subject_next(item, vocab):
            role, subject_lines = "subject", subject_lines + 1
        elif subject == "upper" and subject_lines < MAX_SUBJECT_LINES - 1 and cls == UPPER:
            role, subject_lines = "title", subject_lines + 1
        if not role:
            break
        roles.append(role)
        if role != "blank":
            previous = role
        j += 1
    return j, roles


def _next_text(items: list[_Text], i: int) -> _Text | None:
    """The next non-blank line after ``i``."""
    for item in items[i + 1:]:
        if item.cls not in (BLANK, SEPARATOR):
            return item
    return None


def _agency_starts(items: list[_Text], i: int) -> bool:
    """Is the agency line at ``i`` the top of a header (a number or motto follows)?"""
    for item in items[i + 1: i + 1 + AGENCY_LOOKAHEAD]:
        if item.cls in (NUMBER, MOTTO) or item.motto:
            return True
        if item.cls not in (AGENCY, UPPER, BLANK, SEPARATOR):
            return False
    return False


def _starts_document(items: list[_Text], i: int, closed: bool) -> bool:
    """Does line ``i`` (inside a document's body) start a new document?"""
    item = items[i]
    if item.cls in (NUMBER, MOTTO) or item.motto:
        return True
    if item.cls == TITLE:
        following = _next_text(items, i)
        return following is None or not _ARTICLE.match(following.text)
    if item.cls == AGENCY:
        return _agency_starts(items, i)
    if item.cls == DATELINE:
        return closed
    return False


def _segment(items: list[_Text], vocab: _Vocab) -> list[_Segment]:
    """Split the lines into documents; lines of item lists belong to none.

    Each segment's body is read as it grows, so that a signed document (its
    signer's name found) lets a place/date line start the next one.
    """
    segments: list[_Segment] = []
    current: _Segment | None = None
    after_list = False
    i = 0
    while i < len(items):
        item = items[i]
        if item.cls == LIST:
            i = _scan_list(items, i, vocab)[0]
            after_list = True
            continue
        if item.cls in (BLANK, SEPARATOR) and not item.motto:
            i += 1
            continue
        closed = after_list or (current is not None and current.reader.state == "done")
        if current is None or _starts_document(items, i, closed):
            end, roles = _scan_header(items, i, vocab)
            current = _Segment(header=list(zip(range(i, end), roles, strict=True)),
                               reader=_FootReader(vocab))
            segments.append(current)
            after_list = False
            if end > i:
                i = end
                continue
        current.body.append(i)
        current.reader.line(i, item, _next_text(items, i))
        i += 1
    return segments


# Fields -----------------------------------------------------------------------


def _type_code(number: str) -> str | None:
    """The type code of a number ("QĐ" in "2070/QĐ-UBND"), if the number has one."""
    parts = number.split("/")
    if len(parts) < 2:
        return None
    return parts[-1].split("-")[0] or None


def _agency_of_authority(text: str, vocab: _Vocab) -> str:
    """The agency of an authority: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X" → "ỦY BAN NHÂN
    DÂN TỈNH X", "Bộ trưởng Bộ Khoa học" → "Bộ Khoa học" (any case)."""
    upper = text.upper()
    m = vocab.authority.match(upper) if len(upper) == len(text) else None
    return text[m.start("agency"):].strip() if m else text


def _format_capacity(parts: list[str], vocab: _Vocab) -> str | None:
    """"KT.GIÁM ĐỐC" + "PHÓ GIÁM ĐỐC" → "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC"."""
    out = []
    for part in parts:
        for piece in part.split("/"):
            piece = " ".join(piece.split()).strip(" ,;")
            m = vocab.capacity_prefix.match(piece)
            if m:
                piece = f"{m['prefix']}. {piece[m.end():].strip()}"
            if piece:
                out.append(piece)
    return ", ".join(out) or None


def _citation_from(m: Any, text: str, vocab: _Vocab, role: str, prefix: str = "") -> Citation:
    """A Citation from a match of the citation patterns over ``text``."""
    kind = vocab.cite_kinds.get(_fold_key(m["kind"]), m["kind"])
    number = m.groupdict().get("n1") or m.groupdict().get("n2") or m.groupdict().get("n3") or ""
    number = regex.sub(r"\s+", "", number)
    cited = _join([prefix, text[m.start(): m.end()]])
    return Citation(kind=kind, number=number, date=_match_date(m), text=cited, role=role)


def find_citations(text: str, role: str = "cites") -> list[Citation]:
    """Every document cited in ``text``: numbered ones and acts cited by name.

    ``text`` may span lines (joined with newlines); a numbered citation may
    cross a line break, the name of an act may not.
    """
    vocab = _vocab()
    found: list[tuple[int, int, Citation]] = []
    for m in vocab.citation.finditer(text):
        found.append((m.start(), m.end(), _citation_from(m, text, vocab, role)))
    for m in vocab.named_act.finditer(text):
        found.append((m.start(), m.end(), _citation_from(m, text, vocab, role)))
    for line_start, line in _line_offsets(text):
        m = vocab.undated_act.match(line)
        if m and not vocab.named_act.search(line):
            start = line_start + m.start("kind")
            cite = Citation(vocab.cite_kinds.get(_fold_key(m["kind"]), m["kind"]), "", None,
                            _join([line[m.start("kind"): m.end()]]), role)
            found.append((start, line_start + m.end(), cite))
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[Citation] = []
    end = -1
    for start, stop, cite in found:
        if start >= end:
            out.append(cite)
            end = stop
    return out


def _paragraphs(lines: list[_Text], vocab: _Vocab) -> list[str]:
    """Physical lines (a text layer wraps paragraphs) joined back into paragraphs.

    A line continues the previous one when it starts in lower case, or when
    the previous one does not end a sentence and this one does not start a
    new unit (heading, bullet, "Căn cứ …", an upper-case line).
    """
    out: list[str] = []
    for line in lines:
        text = line.text
        if not text:
            continue
        new_unit = (line.cls in (HEADING, BULLET, BASIS, ADDRESSEES, RECIPIENTS, TITLE, OPERATIVE,
                                 CAPACITY, AUTHORITY, AGENCY, UPPER, LIST, NUMBER, DATELINE, SUBJECT)
                    or bool(vocab.body_starter.match(text)) or bool(_ARTICLE.match(text)))
        if out and (text[:1].islower() or (not out[-1].endswith((".", ";", ":", "!", "?")) and not new_unit)):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _line_offsets(text: str) -> list[tuple[int, str]]:
    """Each line of ``text`` with the offset where it starts."""
    offsets, pos = [], 0
    for line in text.split("\n"):
        offsets.append((pos, line))
        pos += len(line) + 1
    return offsets


def _dedupe(cites: list[Citation]) -> list[Citation]:
    """One citation per cited document (and role); a dated mention wins."""
    out: list[Citation] = []
    index: dict[tuple[str, str, str], int] = {}
    for cite in cites:
        key = (cite.role, cite.kind, cite.number or cite.text)
        if key not in index:
            index[key] = len(out)
            out.append(cite)
        elif out[index[key]].date is None and cite.date is not None:
            out[index[key]] = cite
    return out


def _caption_citations(caption: str, vocab: _Vocab) -> tuple[list[Citation], str | None]:
    """The attaching document(s) of a "(Kèm theo …)" caption, and the issuer it names."""
    body = caption.strip().lstrip("(").rstrip(")").strip()
    marker = vocab.caption.search(body)
    start = 0
    if marker:
        # Keep words printed before the marker ("Ban hành kèm theo").
        start = 0 if marker.start() < 20 else marker.start()
    cites = []
    issuer = None
    for m in vocab.citation.finditer(body):
        cites.append(_citation_from(m, body, vocab, "attached_to", prefix=body[start: m.start()]))
        start = m.end()
        after = regex.match(r"\s*,?\s*(?i:của)\s+(?P<who>[^()]+)", body[m.end():])
        if after and issuer is None:
            issuer = _agency_of_authority(after["who"].strip(_TRAILING), vocab) or None
    return cites, issuer


@dataclass
class _Header:
    """What the header lines of a document yield."""

    agencies: list[list[str]] = field(default_factory=list)  # top-down, each maybe two lines
    authority: str | None = None
    number: str | None = None
    place: str | None = None
    date: str | None = None
    title_kind: str | None = None
    title: list[str] = field(default_factory=list)
    subject: list[str] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)
    subject_marker: bool = False  # "V/v …" / "Về việc …"


def _read_header(items: list[_Text], header: list[tuple[int, str]], vocab: _Vocab) -> _Header:
    """Number, date, agencies, title, subject and caption from the header lines."""
    out = _Header()
    seen_title = False
    for i, role in header:
        text = items[i].text
        if role == "number":
            m = vocab.number_line.match(text)
            out.number = out.number or regex.sub(r"\s+", "", m["num"])
        if role in ("number", "date", "motto") and out.date is None:
            found = _dateline(text)
            if found:
                out.place, out.date = found
        if role == "agency" and not seen_title:
            out.agencies.append([text])
        elif role == "agency":  # under the title: the collective authority
            out.authority = out.authority or text
        elif role == "agency-more" and out.agencies:
            out.agencies[-1].append(text)
        elif role == "authority":
            out.authority = out.authority or _agency_of_authority(text, vocab)
        elif role == "title" and not seen_title:
            seen_title = True
            m = vocab.title.match(text)
            out.title_kind = vocab.title_kinds.get(_fold_key(m["kw"]))
            rest = m["rest"]
            if rest and _is_upper(rest):
                out.title.append(text)  # "KẾ HOẠCH CÔNG TÁC …": the title is the subject
            elif rest:
                out.subject.append(rest)  # "KẾ HOẠCH Thực hiện …" on one line
        elif role == "title":
            out.title.append(text)
        elif role == "subject":
            out.subject_marker = out.subject_marker or items[i].cls == SUBJECT
            out.subject.append(text)
        elif role == "caption":
            out.caption.append(text)
    return out


def _kind(head: _Header, vocab: _Vocab) -> str | None:
    """Title word, else the number's type code, else a letter (V/v or a number)."""
    if head.title_kind:
        return head.title_kind
    code = _type_code(head.number) if head.number else None
    if code and _fold_key(code) in vocab.type_codes:
        return vocab.type_codes[_fold_key(code)]
    if head.subject_marker or head.number:
        return vocab.letter_kind
    return None


def _build(items: list[_Text], segment: _Segment, vocab: _Vocab) -> Document | None:
    """A Document from one segment; None when nothing identifies a document."""
    head = _read_header(items, segment.header, vocab)
    foot = segment.reader.foot
    place, date = head.place, head.date
    if date is None and foot.dateline:
        place, date = foot.dateline
    if date is None:
        date = foot.stamp_date

    cites: list[Citation] = []
    caption_issuer = None
    if head.caption:
        cites, caption_issuer = _caption_citations(_join(head.caption), vocab)
    cited_lines = [items[i] for i, role in segment.header if role not in ("caption", "number")]
    cited_lines += [items[i] for i in segment.body if i not in foot.recipient_lines]
    own = head.number or ""
    cites += [c for c in find_citations("\n".join(_paragraphs(cited_lines, vocab)))
              if not own or c.number != own]  # e.g. an appendix caption citing its own plan
    cites = _dedupe(cites)

    kind = _kind(head, vocab)
    if not (kind or head.agencies or head.authority or date or foot.signer or head.caption):
        return None
    issuer = _join(head.agencies[-1]) if head.agencies else (head.authority or caption_issuer)
    lines = [i for i, _ in segment.header] + segment.body
    return Document(
        kind=kind or vocab.unknown_kind,
        number=head.number,
        date=date,
        issuer=issuer,
        subject=_join(head.title + head.subject) or None,
        signer=foot.signer,
        pages=sorted({items[i].page for i in lines if items[i].page is not None}),
        signer_title=_format_capacity(foot.capacity, vocab),
        addressees=[a for a in map(_strip_item, foot.addressees) if a],
        recipients=[r for r in map(_strip_item, foot.recipients) if r],
        cites=cites,
        place=place,
    )


def parse_documents(lines: list[Line]) -> list[Document]:
    """Split running-text lines (tables removed, reading order) into documents.

    A document starts at a header (agency block with a ``Số:`` line or the
    national motto, a ``Số:`` line, a title such as ``QUYẾT ĐỊNH`` or
    ``KẾ HOẠCH …``) or, after a signed document, at a place/date line. Lines
    of ``DANH SÁCH``/``DANH MỤC`` lists belong to no document (see
    :func:`parse_lists`). Fields a scan lost are None or empty; an attached
    plan has number None and its "Kèm theo …" decision among ``cites`` with
    ``role="attached_to"``.
    """
    vocab = _vocab()
    items = _prepare(lines, vocab)
    documents = []
    for segment in _segment(items, vocab):
        document = _build(items, segment, vocab)
        if document is not None:
            documents.append(document)
    return documents


# Lists ------------------------------------------------------------------------


def _scan_list(items: list[_Text], start: int, vocab: _Vocab) -> tuple[int, ItemList]:
    """The list whose heading is at ``start``: where it ends and what it holds."""
    title = [items[start].text]
    j = start + 1
    while j < len(items) and items[j].cls in (UPPER, AGENCY, LIST) and len(title) < 4 \
            and not vocab.list_heading.match(items[j].text):
        title.append(items[j].text)
        j += 1
    while j < len(items) and items[j].cls in (BLANK, SEPARATOR):
        j += 1
    if j < len(items) and items[j].text.startswith("("):
        basis = []
        while j < len(items) and len(basis) < 4:
            basis.append(items[j].text)
            j += 1
            if ")" in basis[-1]:
                break
        title.append(_join(basis))
    groups: list[ListGroup] = []
    last_open = False  # the last item may continue on the next line
    while j < len(items):
        item = items[j]
        text, cls = item.text, item.cls
        if cls in (BLANK, SEPARATOR) and not item.motto:
            j += 1
            continue
        if cls in (NUMBER, MOTTO, TITLE, LIST, ADDRESSEES, RECIPIENTS, BASIS, CAPACITY, OPERATIVE) \
                or item.motto or (cls == AGENCY and _agency_starts(items, j)):
            break
        sub = _SUBITEM.match(text)
        group = _GROUP.match(text)
        if cls == BULLET or sub:
            if not groups:
                groups.append(ListGroup("", []))
            entry = _unbullet(sub["text"] if sub else text)
            if _strip_item(entry):
                groups[-1].items.append(entry)
            last_open = not text.rstrip().endswith((";", "."))
        elif group and len(text) <= MAX_SUBJECT_LINE:
            groups.append(ListGroup(text.rstrip(" :"), []))
            last_open = False
        elif last_open and groups and groups[-1].items and text[:1].islower():
            groups[-1].items[-1] = _join([groups[-1].items[-1], text])
            last_open = not text.rstrip().endswith((";", "."))
        else:
            break
        j += 1
    groups = [ListGroup(g.heading, [_strip_item(x) for x in g.items]) for g in groups]
    if groups and all(not g.items for g in groups):
        # A numbered list without bullets: the numbered lines are the items.
        groups = [ListGroup("", [_strip_item(_GROUP.match(g.heading)["text"]) for g in groups])]
    used = range(start, j)
    pages = sorted({items[k].page for k in used if items[k].page is not None})
    return j, ItemList(title=_join(title), groups=groups, pages=pages)


def parse_lists(lines: list[Line]) -> list[ItemList]:
    """Lists introduced by a ``DANH SÁCH``/``DANH MỤC`` heading in capitals.

    The heading may span lines; a parenthesised legal basis under it is
    appended to the title. Numbered lines ("1. … mức độ 3:") open groups,
    bullet lines ("- + …", "+ …", "- …") are items, stripped of bullets and
    of a trailing ";" or "."; items before any numbered line go to a group with
    an empty heading. A list whose items were all in a table (so nothing is
    left in the running text) is not returned.
    """
    vocab = _vocab()
    items = _prepare(lines, vocab)
    lists = []
    i = 0
    while i < len(items):
        if items[i].cls == LIST:
            i, found = _scan_list(items, i, vocab)
            if found.groups:
                lists.append(found)
        else:
            i += 1
    return lists
