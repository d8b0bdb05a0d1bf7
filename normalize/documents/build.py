"""A Document from one segment: header fields, kind, issuer, citations."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extract.model import Line

from ..model import Citation, Document
from .citations import caption_citations, dedupe, find_citations, paragraphs
from .dates import dateline
from .identity import infer_numbers
from .lines import SUBJECT, Text, agency_of_authority, is_upper, join, prepare, strip_item
from .segments import Segment, split_segments
from .vocab import Vocab, fold_key, load_vocab


def _type_code(number: str) -> str | None:
    """The type code of a number ("QĐ" in "2070/QĐ-UBND"), if the number has one."""
    parts = number.split("/")
    if len(parts) < 2:
        return None
    return parts[-1].split("-")[0] or None


def _format_capacity(parts: list[str], vocab: Vocab) -> str | None:
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

@dataclass
class _Header:
    """What the header lines of a document yield."""

    agencies: list[list[str]] = field(default_factory=list)  # top-down, each maybe two lines
    authority: str | None = None
    number: str | None = None
    #: The type code of a "Số: ..../KH-ĐCT" line whose number is a blank.
    blank_number_code: str | None = None
    place: str | None = None
    date: str | None = None
    #: The header's date line was read but its day is a blank (handwritten, stamped).
    blank_date: bool = False
    title_kind: str | None = None
    title: list[str] = field(default_factory=list)
    subject: list[str] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)
    subject_marker: bool = False  # "V/v …" / "Về việc …"


def _read_header(items: list[Text], header: list[tuple[int, str]], vocab: Vocab) -> _Header:
    """Number, date, agencies, title, subject and caption from the header lines."""
    out = _Header()
    seen_title = False
    for i, role in header:
        text = items[i].text
        if role == "number":
            m = vocab.number_line.match(text)
            if m["num"]:
                out.number = out.number or regex.sub(r"\s+", "", m["num"])
            else:
                code = regex.sub(r"\s+", "", m["blank_code"]).split("-")[0]
                out.blank_number_code = out.blank_number_code or code or None
        if role in ("number", "date", "motto") and out.date is None:
            found = dateline(text)
            if found:
                out.place, out.date = found[0] or out.place, found[1]
                out.blank_date = out.blank_date or found[1] is None
        if role == "agency" and not seen_title:
            out.agencies.append([text])
        elif role == "agency":  # under the title: the collective authority
            out.authority = out.authority or text
        elif role == "agency-more" and out.agencies:
            out.agencies[-1].append(text)
        elif role == "authority":
            out.authority = out.authority or agency_of_authority(text, vocab)
        elif role == "title" and not seen_title:
            seen_title = True
            m = vocab.title.match(text)
            out.title_kind = vocab.title_kinds.get(fold_key(m["kw"]))
            rest = m["rest"]
            if rest and is_upper(rest):
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


def _kind(head: _Header, vocab: Vocab) -> str | None:
    """Title word, else the number's type code, else a letter (V/v or a number)."""
    if head.title_kind:
        return head.title_kind
    code = _type_code(head.number) if head.number else head.blank_number_code
    if code and fold_key(code) in vocab.type_codes:
        return vocab.type_codes[fold_key(code)]
    if head.subject_marker or head.number:
        return vocab.letter_kind
    return None


#: A printed page number: "2", "- 2 -", "Trang 2".
PAGE_NUMBER = regex.compile(r"^[-–\s]*(?:(?i:trang)\s*)?\d{1,3}[-–\s]*$")


def page_furniture(items: list[Text]) -> set[int]:
    """Indices of the lines that belong to the page, not to a document: page
    numbers, and running headers and footers (the same text, digits aside, on
    two pages or more). A document's pages are where its own lines are; the
    number printed at the top of the next page is not one of them."""
    pages_by_text: dict[str, set[int]] = {}
    for item in items:
        if item.page is not None:
            pages_by_text.setdefault(regex.sub(r"\d+", "#", item.text), set()).add(item.page)
    return {i for i, item in enumerate(items)
            if PAGE_NUMBER.match(item.text) or len(pages_by_text.get(regex.sub(r"\d+", "#", item.text), ())) >= 2}


def _pages(items: list[Text], lines: list[int], furniture: set[int]) -> list[int]:
    """The pages of a document's lines, page furniture aside (unless it holds nothing else)."""
    own = [i for i in lines if i not in furniture] or lines
    return sorted({items[i].page for i in own if items[i].page is not None})


def _build(items: list[Text], segment: Segment, vocab: Vocab,
           furniture: set[int]) -> tuple[Document, str] | None:
    """A Document from one segment and the running text its citations were
    read from; None when nothing identifies a document."""
    head = _read_header(items, segment.header, vocab)
    foot = segment.reader.foot
    place, date = head.place, head.date
    # A blank day in the header's date line is never filled from elsewhere.
    if date is None and foot.dateline and not head.blank_date:
        place, date = foot.dateline
    if date is None and not head.blank_date:
        date = foot.stamp_date

    cites: list[Citation] = []
    caption_issuer = None
    if head.caption:
        cites, caption_issuer = caption_citations(join(head.caption), vocab)
    cited_lines = [items[i] for i, role in segment.header if role not in ("caption", "number")]
    cited_lines += [items[i] for i in segment.body if i not in foot.recipient_lines]
    own = head.number or ""
    text = "\n".join(paragraphs(cited_lines, vocab))
    cites += [c for c in find_citations(text)
              if not own or c.number != own]  # e.g. an appendix caption citing its own plan
    cites = dedupe(cites)

    kind = _kind(head, vocab)
    if not (kind or head.agencies or head.authority or date or foot.signer or head.caption):
        return None
    issuer = join(head.agencies[-1]) if head.agencies else (head.authority or caption_issuer)
    lines = [i for i, _ in segment.header] + segment.body
    return Document(
        kind=kind or vocab.unknown_kind,
        number=head.number,
        date=date,
        issuer=issuer,
        subject=join(head.title + head.subject) or None,
        signer=foot.signer,
        pages=_pages(items, lines, furniture),
        signer_title=_format_capacity(foot.capacity, vocab),
        addressees=[a for a in map(strip_item, foot.addressees) if a],
        recipients=[r for r in map(strip_item, foot.recipients) if r],
        cites=cites,
        place=place,
    ), text


def parse_documents(lines: list[Line]) -> list[Document]:
    """Split running-text lines (tables removed, reading order) into documents.

    A document starts at a header (agency block with a ``Số:`` line or the
    national motto, a ``Số:`` line, a title such as ``QUYẾT ĐỊNH`` or
    ``KẾ HOẠCH …``) or, after a signed document, at a place/date line. Lines
    of ``DANH SÁCH``/``DANH MỤC`` lists belong to no document (see
    :func:`parse_lists`). Fields a scan lost are None or empty; an attached
    plan has number None and its "Kèm theo …" decision among ``cites`` with
    ``role="attached_to"``. A document whose number is lost takes the number
    that a citation in another document of the same lines gives it, marked as
    inferred (see :mod:`normalize.documents.identity`).
    """
    vocab = load_vocab()
    items = prepare(lines, vocab)
    furniture = page_furniture(items)
    built = [b for b in (_build(items, segment, vocab, furniture) for segment in split_segments(items, vocab)) if b]
    return infer_numbers([d for d, _ in built], [t for _, t in built], vocab)
