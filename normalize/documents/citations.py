"""Documents cited in running text and in "(Kèm theo …)" captions."""
from __future__ import annotations

from typing import Any

import regex

from ..model import Citation
from .dates import match_date
from .lines import (
    ADDRESSEES, AGENCY, AUTHORITY, BASIS, BULLET, CAPACITY, DATELINE, HEADING, LIST, NUMBER,
    OPERATIVE, RECIPIENTS, SUBJECT, TITLE, Text, UPPER, agency_of_authority, join,
)
from .vocab import ARTICLE, TRAILING, Vocab, fold_key, load_vocab


def citation_from(m: Any, text: str, vocab: Vocab, role: str, prefix: str = "") -> Citation:
    """A Citation from a match of the citation patterns over ``text``."""
    kind = vocab.cite_kinds.get(fold_key(m["kind"]), m["kind"])
    number = m.groupdict().get("n1") or m.groupdict().get("n2") or m.groupdict().get("n3") or ""
    number = regex.sub(r"\s+", "", number)
    cited = join([prefix, text[m.start(): m.end()]])
    return Citation(kind=kind, number=number, date=match_date(m), text=cited, role=role)


def find_citations(text: str, role: str = "cites") -> list[Citation]:
    """Every document cited in ``text``: numbered ones and acts cited by name.

    ``text`` may span lines (joined with newlines); a numbered citation may
    cross a line break, the name of an act may not.
    """
    vocab = load_vocab()
    found: list[tuple[int, int, Citation]] = []
    for m in vocab.citation.finditer(text):
        found.append((m.start(), m.end(), citation_from(m, text, vocab, role)))
    for m in vocab.named_act.finditer(text):
        cite = citation_from(m, text, vocab, role)
        if cite.number or cite.date:  # "ngày" then no readable date: not a citation
            found.append((m.start(), m.end(), cite))
    for line_start, line in _line_offsets(text):
        m = vocab.undated_act.match(line)
        if m and not _names_an_act(line, vocab):
            start = line_start + m.start("kind")
            cite = Citation(vocab.cite_kinds.get(fold_key(m["kind"]), m["kind"]), "", None,
                            join([line[m.start("kind"): m.end()]]), role)
            found.append((start, line_start + m.end(), cite))
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[Citation] = []
    end = -1
    for start, stop, cite in found:
        if start >= end:
            out.append(cite)
            end = stop
    return out


def _names_an_act(line: str, vocab: Vocab) -> bool:
    """Whether ``line`` cites an act by name with its number or date."""
    return any(m["n1"] or m["d1"] or m["d2"] for m in vocab.named_act.finditer(line))


def paragraphs(lines: list[Text], vocab: Vocab) -> list[str]:
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
                    or bool(vocab.body_starter.match(text)) or bool(ARTICLE.match(text)))
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


def dedupe(cites: list[Citation]) -> list[Citation]:
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


def caption_citations(caption: str, vocab: Vocab) -> tuple[list[Citation], str | None]:
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
        cites.append(citation_from(m, body, vocab, "attached_to", prefix=body[start: m.start()]))
        start = m.end()
        after = regex.match(r"\s*,?\s*(?i:của)\s+(?P<who>[^()]+)", body[m.end():])
        if after and issuer is None:
            issuer = agency_of_authority(after["who"].strip(TRAILING), vocab) or None
    return cites, issuer
