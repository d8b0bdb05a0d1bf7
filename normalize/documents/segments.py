"""Splitting running text into the line ranges of documents (header roles, then body)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .foot import FootReader
from .lines import (
    AGENCY, AUTHORITY, BLANK, CAPTION, DATELINE, LIST, MAX_SUBJECT_CONTINUATION,
    MAX_SUBJECT_LINE, MAX_SUBJECT_LINES, MOTTO, NUMBER, OTHER, SEPARATOR, SUBJECT, TITLE, Text,
    UPPER, agency_starts, is_upper, next_text,
)
from .lists import scan_list
from .vocab import ARTICLE, Vocab


@dataclass
class Segment:
    """The line indexes of one document: header lines with their roles, then
    body lines and what the foot reader found in them."""

    header: list[tuple[int, str]]
    reader: FootReader
    body: list[int] = field(default_factory=list)


def _subject_first(item: Text) -> bool:
    """Can this line be the first subject line after a bare title ("KẾ HOẠCH")?"""
    return (
        item.cls == OTHER
        and len(item.text) <= MAX_SUBJECT_LINE
        and not ARTICLE.match(item.text)
    )


def _subject_next(item: Text, vocab: Vocab) -> bool:
    """Can this line continue a subject ("hành chính năm 2019")?"""
    return (
        item.cls == OTHER
        and len(item.text) <= MAX_SUBJECT_CONTINUATION
        and not vocab.body_starter.match(item.text)
    )


def _scan_header(items: list[Text], start: int, vocab: Vocab) -> tuple[int, list[str]]:
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
            subject = "upper" if rest and is_upper(rest) else ("more" if rest else "first")
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


def _starts_document(items: list[Text], i: int, closed: bool) -> bool:
    """Does line ``i`` (inside a document's body) start a new document?"""
    item = items[i]
    if item.cls in (NUMBER, MOTTO) or item.motto:
        return True
    if item.cls == TITLE:
        following = next_text(items, i)
        return following is None or not ARTICLE.match(following.text)
    if item.cls == AGENCY:
        return agency_starts(items, i)
    if item.cls == DATELINE:
        return closed
    return False


def split_segments(items: list[Text], vocab: Vocab) -> list[Segment]:
    """Split the lines into documents; lines of item lists belong to none.

    Each segment's body is read as it grows, so that a signed document (its
    signer's name found) lets a place/date line start the next one.
    """
    segments: list[Segment] = []
    current: Segment | None = None
    after_list = False
    i = 0
    while i < len(items):
        item = items[i]
        if item.cls == LIST:
            i = scan_list(items, i, vocab)[0]
            after_list = True
            continue
        if item.cls in (BLANK, SEPARATOR) and not item.motto:
            i += 1
            continue
        closed = after_list or (current is not None and current.reader.state == "done")
        if current is None or _starts_document(items, i, closed):
            end, roles = _scan_header(items, i, vocab)
            current = Segment(header=list(zip(range(i, end), roles, strict=True)),
                               reader=FootReader(vocab))
            segments.append(current)
            after_list = False
            if end > i:
                i = end
                continue
        current.body.append(i)
        current.reader.line(i, item, next_text(items, i))
        i += 1
    return segments
