"""A document's number from its bundle, when its own "Số:" line gave none.

A scan may lose a document's header (the seed's decision 2070/QĐ-UBND keeps
its title, subject and signature, not its number). Another document of the
same file often cites it: "Căn cứ Quyết định số 2070/QĐ-UBND ngày 13 tháng 12
năm 2018 của Ủy ban nhân dân tỉnh Đắk Nông về việc ban hành Kế hoạch cải cách
hành chính tỉnh Đắk Nông năm 2019". When such a citation names the
document's kind, its date and its subject (and, if the citation names an
issuer, the same issuer), the number it gives is the document's, marked as
inferred with the citing document (:class:`~normalize.model.InferredNumber`).

Never a guess: a document whose number was read is never touched; a
citation that differs in kind, date, subject or issuer does not match; when
two citations give different numbers, when two documents fit one citation, or
when another document of the file already carries the cited number, nothing
is inferred.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

import regex

from ..model import Document, InferredNumber
from .citations import citation_from
from .vocab import Vocab, fold_key


@dataclass(frozen=True)
class IdentitySettings:
    """How strict the match between a citation and a document must be."""

    #: Fewest words the document's subject must have (after "Về việc" and the
    #: kind's own words are dropped) to identify it: "ban hành Kế hoạch" alone
    #: fits too many documents.
    min_subject_words: int = 4
    #: How much text after a citation is read for its issuer and subject.
    max_tail_chars: int = 400


#: The words that introduce a subject ("về việc", "V/v", "về").
_SUBJECT_MARKERS = (("về", "việc"), ("v", "v"), ("về",))
#: Abbreviations of issuers written out before issuers are compared.
_ISSUER_ABBREVIATIONS = {"ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân"}
_ISSUER = regex.compile(r"^\s*,?\s*(?i:của)\s+(?P<who>.+?)(?=\s+(?i:về|v\s*/\s*v)(?![\p{L}\p{N}])|$)")


@dataclass(frozen=True)
class _Mention:
    """A numbered citation in a document's text and the words that follow it."""

    document: int
    kind: str
    number: str
    date: str | None
    text: str
    tail: str


def _words(text: str) -> list[str]:
    """Words compared loosely: NFC, lower case, look-alike Ð and ỷ/ủy unified."""
    text = unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("ð", "đ").casefold()
    text = text.replace("uỷ", "ủy")
    return regex.findall(r"[\p{L}\p{N}]+", text)


def _subject_core(subject: str, kind: str) -> list[str]:
    """The words of a subject without "Về việc"/"V/v" and without the kind
    repeated at its start ("KẾ HOẠCH CÔNG TÁC …" → "công tác …")."""
    words = _words(subject)
    kind_words = _words(kind)
    if words[: len(kind_words)] == kind_words:
        words = words[len(kind_words):]
    for marker in _SUBJECT_MARKERS:
        if tuple(words[: len(marker)]) == marker:
            return words[len(marker):]
    return words


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i: i + n] == part for i in range(len(words) - n + 1))


def _issuer_words(text: str) -> list[str]:
    return [w for word in _words(text) for w in _ISSUER_ABBREVIATIONS.get(word, word).split()]


def _issuers_agree(cited: str, issuer: str) -> bool:
    """"Ủy ban nhân dân tỉnh Đắk Nông" is "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG"; "UBND tỉnh"
    may be it too (one is the start of the other); "Bộ Giáo dục" is not "Sở Giáo dục"."""
    a, b = _issuer_words(cited), _issuer_words(issuer)
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and longer[: len(shorter)] == shorter


def mentions(document: int, text: str, vocab: Vocab, settings: IdentitySettings) -> list[_Mention]:
    """The numbered citations in one document's text, each with the words after it
    up to the end of its clause (";", a line end, or the next citation)."""
    found = list(vocab.citation.finditer(text))
    out = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(text)
        tail = text[m.end(): min(end, m.end() + settings.max_tail_chars)]
        tail = regex.split(r"[;\n]|\.(?:\s|$)", tail, maxsplit=1)[0]
        cite = citation_from(m, text, vocab, "cites")
        if cite.number:
            out.append(_Mention(document, cite.kind, cite.number, cite.date, cite.text, tail.strip()))
    return out


def _key(number: str) -> str:
    return regex.sub(r"[\s.&]+", "", fold_key(number)).replace("Đ", "D")


def _code_fits(number: str, kind: str, vocab: Vocab) -> bool:
    """Does the number's type code ("QĐ" of "2070/QĐ-UBND") agree with the kind?"""
    parts = number.split("/")
    code = parts[-1].split("-")[0] if len(parts) > 1 else ""
    known = vocab.type_codes.get(fold_key(code))
    return known is None or known == kind


def _matches(document: Document, mention: _Mention, vocab: Vocab,
             settings: IdentitySettings) -> list[str] | None:
    """What ``mention`` and ``document`` agree on, or None when they are not the same document."""
    if fold_key(mention.kind) != fold_key(document.kind) or mention.date != document.date:
        return None
    if not _code_fits(mention.number, document.kind, vocab):
        return None
    core = _subject_core(document.subject or "", document.kind)
    if len(core) < settings.min_subject_words or not _contains(_words(mention.tail), core):
        return None
    matched = ["kind", "date", "subject"]
    issuer = _ISSUER.match(mention.tail)
    if issuer and document.issuer:
        if not _issuers_agree(issuer["who"], document.issuer):
            return None
        matched.append("issuer")
    return matched


def _candidate(document: Document, vocab: Vocab) -> bool:
    """A document that lacks a number and says enough of itself to be recognised."""
    return (document.number is None and document.kind != vocab.unknown_kind
            and bool(document.date) and bool(document.subject)
            and not any(c.role == "attached_to" for c in document.cites))


def infer_numbers(documents: list[Document], texts: list[str], vocab: Vocab,
                  settings: IdentitySettings | None = None) -> list[Document]:
    """``documents`` with the numbers that citations in the same file give them.

    ``texts[i]`` is the running text of ``documents[i]`` in which citations
    are looked for. Documents are returned unchanged unless exactly one
    number fits (see the module's docstring).
    """
    settings = settings or IdentitySettings()
    all_mentions = [m for i, text in enumerate(texts) for m in mentions(i, text, vocab, settings)]
    own_numbers = {_key(d.number) for d in documents if d.number}
    fits: dict[int, list[tuple[_Mention, list[str]]]] = {}
    claimed: dict[str, set[int]] = {}  # cited number -> documents it fits
    for i, document in enumerate(documents):
        if not _candidate(document, vocab):
            continue
        for mention in all_mentions:
            if mention.document == i or _key(mention.number) in own_numbers:
                continue
            matched = _matches(document, mention, vocab, settings)
            if matched:
                fits.setdefault(i, []).append((mention, matched))
                claimed.setdefault(_key(mention.number), set()).add(i)
    out = list(documents)
    for i, found in fits.items():
        numbers = {_key(m.number) for m, _ in found}
        if len(numbers) != 1 or len(claimed[numbers.pop()]) != 1:
            continue  # two numbers for one document, or one number for two documents
        mention, matched = max(found, key=lambda f: len(f[1]))  # the citation that says most
        citing = documents[mention.document]
        citation = " ".join(f"{mention.text} {mention.tail}".split())
        out[i] = replace(out[i], number=mention.number, number_inferred=InferredNumber(
            cited_by_document=mention.document, cited_by_kind=citing.kind,
            cited_by_number=citing.number, citation=citation, matched=matched))
    return out
