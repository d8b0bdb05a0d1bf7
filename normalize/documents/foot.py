"""The foot of a document: addressees, recipients, signing capacity, signer, stamp."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .dates import dateline, stamp_date
from .lines import (
    ADDRESSEES, AUTHORITY, BULLET, CAPACITY, DATELINE, MAX_SHORT_LINE, NAME_WINDOW, OTHER,
    RECIPIENTS, STAMP_DATE, STAMP_LABEL, STAMP_TIME, Text, classify, name_like, strip_item,
    unbullet,
)
from .vocab import Vocab


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


def _split_tail(text: str, vocab: Vocab, expect_name: bool, two_columns: bool) -> tuple[str, str | None]:
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
        if not regex.search(r"\p{Ll}", tail) and classify(tail, False, vocab) == CAPACITY:
            return " ".join(words[:k]), tail
    for m in regex.finditer(r"[;.](?=\s+\S)", text):
        tail = text[m.end():].strip()
        cls = classify(tail, False, vocab)
        if cls in (CAPACITY, STAMP_DATE, STAMP_TIME, STAMP_LABEL) or (expect_name and name_like(tail, vocab)):
            return text[: m.end()], tail
        if two_columns and m.group() == ";" and not tail.endswith((";", ".")):
            return text[: m.end()], tail
    return text, None


class FootReader:
    """Reads addressees, recipients, signing capacity, signer and stamp of a body.

    The foot of a document is often printed in two columns (Nơi nhận on the
    left, capacity and signer on the right) that a text layer or OCR reads
    across, so capacity and name lines may sit between or at the end of
    recipient lines; they are taken out wherever they are.
    """

    def __init__(self, vocab: Vocab) -> None:
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
        if self._expects_name() and name_like(text, self.vocab):
            self.foot.signer = " ".join(text.strip(" .,").split())
            self.state = "done"
            return True
        return False

    def _recipient(self, i: int, text: str) -> None:
        two_columns = self.state != "" or bool(self.foot.capacity)
        left, tail = _split_tail(text, self.vocab, self._expects_name(), two_columns)
        if strip_item(left):
            self.foot.recipients.append(unbullet(left))
        self.foot.recipient_lines.add(i)
        if tail:
            self._fragment(tail)

    def _fragment(self, text: str) -> None:
        """A piece of the right column of the foot: capacity, stamp or name."""
        cls = classify(text, False, self.vocab)
        if cls == CAPACITY or (cls == AUTHORITY and self.state == "capacity"):
            self._capacity(text)
        elif cls in (STAMP_DATE, STAMP_TIME, STAMP_LABEL):
            self._stamp(text)
        else:
            self._name(text)

    def _stamp(self, text: str) -> None:
        self.foot.stamp_date = self.foot.stamp_date or stamp_date(text)
        if self.state != "done":
            self.state, self.wait = "await", NAME_WINDOW

    def _in_list(self, i: int, item: Text, following: Text | None) -> bool:
        """Handle a line while reading addressees or recipients; False ends the list."""
        text, cls = item.text, item.cls
        target = self.foot.addressees if self.mode == "addressees" else self.foot.recipients
        if cls == BULLET:
            if self.mode == "recipients":
                self._recipient(i, text)
            else:
                target.append(unbullet(text))
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

    def line(self, i: int, item: Text, following: Text | None) -> None:
        """Read body line ``i``; ``following`` is the next non-blank line."""
        text, cls, vocab = item.text, item.cls, self.vocab
        if cls == ADDRESSEES:
            self.mode = "addressees"
            rest = vocab.addressees.match(text)["rest"]
            if strip_item(rest):
                self.foot.addressees.append(unbullet(rest))
            return
        if cls == RECIPIENTS:
            self.mode = "recipients"
            self.foot.recipient_lines.add(i)
            rest = vocab.recipients.match(text)["rest"]
            if rest and classify(rest, False, vocab) == CAPACITY:
                self._capacity(rest)  # "Nơi nhận: KT. GIÁM ĐỐC"
            elif strip_item(rest):
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
            self.foot.dateline = dateline(text)
        if self.state == "done":
            return
        if cls == CAPACITY or (cls == AUTHORITY and self.state == "capacity"):
            self._capacity(text)
            return
        if self._expects_name() and not self._name(text):
            self.wait -= 1
            if self.wait <= 0:
                self.state = ""
