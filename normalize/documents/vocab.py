"""The patterns of official documents and the vocabulary of data/documents.json, compiled."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from ..text import nfc


_SEQ = r"\d+\p{L}{0,3}"
_CODE = r"[\p{L}&][\p{L}\p{N}&]*"
_UCODE = r"[\p{Lu}&][\p{Lu}\p{N}&]*(?![\p{L}\p{N}])"
_CODES = rf"{_CODE}(?:-{_CODE}|\s+-\s*{_UCODE}|-\s+{_UCODE})*"
#: A document number: sequence (digits, maybe letters: "30c"), optional year,
#: type code and issuer codes ("61/2018/NĐ-CP", "1657/QĐ-SGD&ĐT", "104 /SGDDĐT-VP"); or,
#: as the Party numbers its documents, the type code after a hyphen ("57-NQ/TW", "06-CTr/TU").
NUMBER_PATTERN = rf"{_SEQ}(?:(?:\s*/\s*\d{{4}})?\s*/\s*{_CODES}|-{_CODE}\s*/\s*{_CODES})"
_DATE_WORDS = (
    r"(?:(?P<d1>\d{1,2})\s*(?i:th[áa]ng)\s*(?P<m1>\d{1,2})\s*(?i:n[ăa]m)\s*(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))"
)
DATE = rf"(?i:ng[àa]y)\s*{_DATE_WORDS}"
#: What is left in a printed blank ("ngày ..... tháng", "Số: ____/KH"): the day
#: or number is written by hand or stamped later, and may be unreadable.
_BLANK = r"[\s.…:_\-–]*"
#: A date whose day (maybe month) is a blank: "ngày ... tháng 6 năm 2026".
BLANK_DATE = rf"(?i:ng[àa]y){_BLANK}(?i:th[áa]ng)\s*(?:\d{{1,2}}|{_BLANK})\s*(?i:n[ăa]m)\s*\d{{4}}"

HTML_TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
MARKDOWN = regex.compile(r"\*{2,}|(?<![\p{L}\p{N}_])__|__(?![\p{L}\p{N}_])")
EDGE_MARKUP = regex.compile(r"^[*_\s]+|[*_\s]+$")
BULLET_PATTERN = regex.compile(r"^[-+•·–—*∙◦▪►]+(?=\s|\p{L}|\d|$)")
BULLETS = regex.compile(r"^(?:[-+•·–—*∙◦▪►]+\s*)+")
HEADING_PATTERN = regex.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)/]\s*\S|^[IVXLC]+\s+\p{Lu}")
GROUP = regex.compile(r"^(?P<num>\d+|[IVXLC]+|[a-zđ])\s*[.)]\s*(?P<text>\S.*)$")
SUBITEM = regex.compile(r"^\d+\.\d+(?:\.\d+)*\.?\s+(?P<text>\S.*)$")
ARTICLE = regex.compile(r"^(?i:Điều|Ðiều)\s+\d")
STAMP_DATE_PATTERN = regex.compile(
    r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[+-]\d{2}:?\d{2})?)?$"
    r"|(?P<d2>\d{1,2})[./-](?P<m2>\d{1,2})[./-](?P<y2>\d{4})\s+\d{1,2}:\d{2}:\d{2}"
)
STAMP_TIME_PATTERN = regex.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[+-]\d{2}:?\d{2}|GMT\S*|UTC\S*))?$")
#: A date line without a place starts with a capital: a lower-case "ngày …" line
#: is the end of a sentence wrapped onto its own line.
DATELINE_NO_PLACE = regex.compile(rf"^(?=N){DATE}\s*\.?$")
_PLACE = r"(?P<place>\p{Lu}[^\d,;:()/]{1,40}?)"
DATELINE_PATTERN = regex.compile(rf"^{_PLACE}\s*,\s*{DATE}")
#: A place/date line whose day is a blank: the whole line, nothing after the year.
BLANK_DATELINE = regex.compile(rf"^{_PLACE}\s*,\s*{BLANK_DATE}\s*\.?$")
EMBEDDED_DATE = regex.compile(rf",\s*{DATE}")
EMBEDDED_BLANK_DATE = regex.compile(rf",\s*{BLANK_DATE}\s*\.?$")
#: The stamp of an electronic document system on an attachment: the number of the
#: document it belongs to, then its date and time ("Số:666/TTr-SNV;22/12/2025;18:56:39;+07:00").
NUMBER_STAMP = regex.compile(
    rf"^(?:Số|SỐ)\s*:?\s*{NUMBER_PATTERN}\s*;\s*\d{{1,2}}/\d{{1,2}}/\d{{4}}\s*;\s*\d{{1,2}}:\d{{2}}"
)
TRAILING = " ;.,:"


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
class Vocab:
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
def load_vocab() -> Vocab:
    """Load and compile data/documents.json (once)."""
    text = resources.files("normalize").joinpath("data/documents.json").read_text(encoding="utf-8")
    data = json.loads(text)
    titles = _alternation(list(data["title_kinds"]))
    signing = _alternation(data["signing_titles"])
    deputy = regex.escape(data["deputy_word"])
    kinds = _alternation(data["cite_kinds"])
    named = _alternation(data["named_act_kinds"])
    # The name of an act runs up to its number or date, and never over a
    # numbered document ("Luật Ngân sách nhà nước và Nghị định số 163/2016/NĐ-CP");
    # two acts named together share their date ("Luật A và Luật B ngày …").
    name_body = rf"(?:(?!(?i:số)\s*:?\s*\d)(?!{kinds}\s+(?i:số)(?![\p{{L}}]))[^;()\n.])"
    return Vocab(
        title_kinds={fold_key(k): v for k, v in data["title_kinds"].items()},
        type_codes={fold_key(k): v for k, v in data["type_codes"].items()},
        cite_kinds={fold_key(k): k for k in data["cite_kinds"]},
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
            rf"^(?:Số|SỐ|So)\s*(?:[:.]\s*|(?=\d))(?:(?P<num>{NUMBER_PATTERN}|\d+\p{{L}}{{0,2}}(?![\p{{L}}\p{{N}}/]))"
            rf"|{_BLANK}/\s*(?P<blank_code>{_CODES}))"  # "Số: ..../KH-ĐCT": the number is a blank
        ),
        citation=regex.compile(
            rf"(?<![\p{{L}}])(?P<kind>(?i:{kinds}))\s+"
            rf"(?:(?i:số)\s*[:.]?\s*(?:(?P<n1>{NUMBER_PATTERN})|(?P<n2>\d+\p{{L}}{{0,2}})(?![\p{{L}}\p{{N}}/]))"
            rf"|(?P<n3>{NUMBER_PATTERN}))"
            rf"(?:\s*,?\s*{DATE})?"
        ),
        # "Luật Đất đai ngày 18 tháng 01 năm 2024", "Luật Tổ chức chính quyền
        # địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025": a named act is
        # cited by its date, its number, or both.
        named_act=regex.compile(
            rf"(?<![\p{{L}}])(?P<kind>{named})\s+(?!(?i:số)(?![\p{{L}}]))(?P<name>{name_body}{{1,150}}?)\s*,?\s*"
            rf"(?:(?i:số)\s*:?\s*(?P<n1>{NUMBER_PATTERN})|(?=(?i:ng[àa]y)\s*\d))(?:\s*,?\s*{DATE})?"
        ),
        undated_act=regex.compile(
            rf"^(?i:{_alternation(data['basis_labels'])})\s+(?P<kind>{named})\s+(?!(?i:số)(?![\p{{L}}]))"
            rf"(?P<name>{name_body}{{1,150}}?)\s*(?=[;.]|$)"
        ),
    )


def fold_key(text: str) -> str:
    """Key for looking words up: NFC, look-alike Ð mapped, upper case, single spaces."""
    text = nfc(text)
    return " ".join(text.upper().split())
