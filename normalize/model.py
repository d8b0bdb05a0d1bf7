"""The canonical plan model (schema "kehoach/1") that normalize/ produces.

These dataclasses are the seam between normalize/ and the writers in
pipeline/: ``dataclasses.asdict`` of a :class:`Result` is the JSON document
described by ``pipeline/schema/kehoach-1.schema.json``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from typing import Any

SCHEMA_ID = "kehoach/1"
PRODUCER_NAME = "kehoach"


def kehoach_version() -> str:
    """The installed package's version ("0+unknown" when run from an uninstalled tree)."""
    try:
        return metadata.version(PRODUCER_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"


@dataclass
class Producer:
    """The program that wrote an output, so a reader knows which rules made it."""

    name: str = PRODUCER_NAME
    version: str = field(default_factory=kehoach_version)


@dataclass
class Fix:
    """One change made to the text as read, so a person can audit it."""

    field: str
    from_: str
    to: str
    rule: str
    #: Why the change was made: the OCR confidence of the word, the phrase of
    #: the vocabulary that supports it, the outline it restores … (empty for
    #: conversions such as Unicode normalization).
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "from": self.from_, "to": self.to, "rule": self.rule}
        if self.evidence:
            out["evidence"] = dict(self.evidence)
        return out


@dataclass
class Period:
    text: str
    start_month: int | None = None
    end_month: int | None = None
    start: str | None = None  # ISO year-month "2019-01"
    end: str | None = None
    start_date: str | None = None  # ISO date "2026-06-29", when the period names a day
    end_date: str | None = None


@dataclass
class Money:
    """A parsed amount, always in million VND."""

    million_vnd: Decimal | None
    ok: bool = True  # False when the text was not empty but not a number


@dataclass
class CellSource:
    page: int | None
    bbox: list[float] | None
    confidence: float | None
    origin: str = "text-layer"  # see extract.model.Origin


@dataclass
class SectionRef:
    code: str
    title: str


@dataclass
class PlanRow:
    section: str
    section_title: str
    item: str
    level: int
    task: str
    products: list[str]
    lead_units: list[str]
    partner_units: list[str]
    period: Period
    budget_million_vnd: Decimal | None
    pages: list[int]
    fixes: list[Fix] = field(default_factory=list)
    section_path: list[SectionRef] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    cells: dict[str, CellSource] = field(default_factory=dict)
    low_confidence: list[str] = field(default_factory=list)
    budget_text: str = ""
    #: A group row: its amount is the subtotal of the rows under it (see
    #: normalize.groups), already counted there; never add it again.
    subtotal: bool = False


@dataclass
class Subtotal:
    """A subtotal printed on a section or group row (never added to the rows' sum)."""

    section: str  # the section's code; for a group row its item ("I.3") or the start of its task
    stated_million_vnd: Decimal
    rows_sum_million_vnd: Decimal
    #: What makes it a subtotal: "section" (a section row), "numbering" (an
    #: item whose sub-items carry amounts), "sums" (its amount equals the sum of
    #: the rows under it, the printed structure saying nothing; see normalize.groups).
    basis: str = "section"
    pages: list[int] = field(default_factory=list)


@dataclass
class Total:
    stated_million_vnd: Decimal | None = None
    in_words: str | None = None
    in_words_million_vnd: Decimal | None = None
    rows_sum_million_vnd: Decimal | None = None
    position: str | None = None  # "top" | "bottom" | None
    #: Where the stated total was read (its budget cell), for a reviewer to look at.
    cell: CellSource | None = None


@dataclass
class Check:
    check: str
    ok: bool
    severity: str  # "error" | "warning" | "info"
    message: str
    where: dict[str, Any] = field(default_factory=dict)
    message_vi: str = ""


@dataclass
class PlanTable:
    id: str
    title: str
    plan_year: int | None
    header: list[str]
    pages: list[int]
    rows: list[PlanRow]
    total: Total
    checks: list[Check] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header text
    budget_unit: str = "million"
    subtotals: list[Subtotal] = field(default_factory=list)


@dataclass
class OtherCell:
    """A cell of an other table, exactly as read."""

    text: str
    page: int | None
    bbox: list[float] | None
    confidence: float | None
    origin: str = "text-layer"  # see extract.model.Origin


@dataclass
class OtherTable:
    """A table that is not a plan table (a staff list, a scoring guide, comments …).

    Kept as read: no plan checks run on it and no text is repaired.
    """

    id: str
    title: str
    pages: list[int]
    #: The header rows, top to bottom, each a list of its cells' texts: the
    #: levels of a two-level header ("Ngày sinh" over "Nam" | "Nữ") are kept.
    header: list[list[str]]
    rows: list[list[OtherCell]]
    #: Why it is not a plan table (the classifier's evidence).
    reasons: list[str] = field(default_factory=list)


@dataclass
class FoundIn:
    """Where a cited document was found among the files of the same batch."""

    file: str  # the input file's name (Source.file)
    output: str  # the output's name: OUT/<output>.json
    document: int  # the cited document's index in that file's documents


@dataclass
class Citation:
    kind: str
    number: str  # "" for an act cited by name only ("Luật Tổ chức chính quyền địa phương")
    date: str | None
    text: str
    role: str = "cites"  # "attached_to": the decision a plan is attached to ("Kèm theo ...")
    #: Set by normalize.links when a file of the batch (this one first) holds the cited document.
    found_in: FoundIn | None = None


@dataclass
class InferredNumber:
    """Where a document's number comes from when its own "Số:" line gave none.

    Another document of the same file cites a document of this kind and date,
    about this subject (and, when it names one, from this issuer): the number
    it gives is taken, marked as inferred, never as read.
    """

    cited_by_document: int  # the citing document's index in the file's documents
    cited_by_kind: str
    cited_by_number: str | None
    citation: str  # the citation as printed, with the subject it names
    matched: list[str]  # what the citation and the document agree on: kind, date, subject, issuer
    inferred: bool = True


@dataclass
class Document:
    kind: str
    number: str | None
    date: str | None
    issuer: str | None
    subject: str | None
    signer: str | None
    pages: list[int]
    signer_title: str | None = None
    addressees: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    cites: list[Citation] = field(default_factory=list)
    place: str | None = None
    #: Set when ``number`` was not read from the document but inferred from a citation.
    number_inferred: InferredNumber | None = None


@dataclass
class ListGroup:
    heading: str
    items: list[str]


@dataclass
class ItemList:
    title: str
    groups: list[ListGroup]
    pages: list[int] = field(default_factory=list)


@dataclass
class Source:
    file: str
    sha256: str
    pages: int | None
    method: str


@dataclass
class Result:
    source: Source
    documents: list[Document]
    tables: list[PlanTable]
    lists: list[ItemList]
    checks: list[Check] = field(default_factory=list)  # document-level checks
    other_tables: list[OtherTable] = field(default_factory=list)
    schema: str = SCHEMA_ID
    producer: Producer = field(default_factory=Producer)
