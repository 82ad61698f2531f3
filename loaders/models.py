"""Typed records that the loaders produce: the single source of truth for every later stage.

Every thing found in a document keeps the `Span` of the cleaned text it came from, so the graph
can always show the sentence behind a node or an edge. Offsets are into `DocumentRecord.text`
(the cleaned text); `DocumentRecord.source_offsets` maps them back to the decoded file.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.dataclasses import dataclass


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The records a document has one of per task, citation or link (thousands in a long table) are
# validated dataclasses with slots rather than models: a model keeps a dict and a set of its fields
# per instance (550 bytes a Span, 490 an Assignment, 1,200 a Task; 56, 72 and 160 as slotted
# dataclasses). They are validated the same way and dump within the document's record as models do;
# `dataclasses.replace` copies one.
_leaf_record = dataclass(slots=True, kw_only=True, config=ConfigDict(extra="forbid"))


@_leaf_record
class Span:
    """Half-open character range [start, end) in the cleaned text."""

    start: int
    end: int


class Problem(Record):
    """A warning or error about one file, written as a sentence a user can act on."""

    severity: Literal["warning", "error"]
    code: str  # stable machine code, e.g. "blank-number", "no-lead-agency"
    message: str
    span: Span | None = None  # the words it is about, in the cleaned text; None when about no words
    location: str | None = None  # where in the original file: "page 2, table 1, row 4"


@_leaf_record
class DocumentRef:
    """The identity of a document as far as one mention lets us know it.

    `symbol` is normalised (`209/KH-UBND`, `11-NQ/TU`, `295/2020/NQ-HĐND`, `1392/UBND-KT`);
    `doc_type` is the type code (`KH`, `NQ`, `QĐ`, `CTr`, `CV` for an official letter).
    """

    doc_type: str | None = None
    doc_type_name: str | None = None  # Vietnamese name as written in full: "Kế hoạch"
    number: str | None = None
    year: int | None = None
    symbol: str | None = None
    # a document's own symbol whose number is blank ("Số: /KH-SKHCN"), without the blank: "KH-SKHCN". It
    # tells the plan apart wherever it is shown (the graph's `symbol`); `symbol` keeps the blank as written
    symbol_without_number: str | None = None
    issuer_code: str | None = None  # the part of the symbol that names the issuer: UBND, TU, TW
    issuer: str | None = None  # resolved issuer name: "Ủy ban nhân dân tỉnh Phú Yên"
    # every issuer of a joint document (liên tịch: "…/TTLT-BTC-BKHCN", two bodies in the header), the
    # first being `issuer`; one name for a document with one issuer; empty when unknown
    issuers: list[str] = Field(default_factory=list)
    province: str | None = None  # province of the issuer; None for national bodies
    date: dt.date | None = None
    title: str | None = None


@_leaf_record
class Citation:
    """One reference to another document, as written and normalised (eyecite's FullCitation)."""

    text: str
    span: Span
    ref: DocumentRef
    corrections: list[str] = Field(default_factory=list)  # e.g. "read 52-KI/TW as 52-KL/TW"
    location: str | None = None  # where in the original file: "page 2", "table 1, row 4"


RelationType = Literal["implements", "based_on", "cites"]


@_leaf_record
class Relation:
    """`subject` relates to `object` (indices into `DocumentRecord.citations`).

    `subject` None means the document being read; a chain such as "Kế hoạch 209 … thực hiện
    Nghị quyết 11" gives a relation between two cited documents.
    """

    type: RelationType
    subject: int | None
    object: int
    quote: str
    span: Span


@dataclass(slots=True, frozen=True, kw_only=True, config=ConfigDict(extra="forbid"))
class Deadline:
    """When a task falls due, as an interval with the original words (thời gian thực hiện).

    `recurrence` is an ISO 8601 duration (`P1Y` every year, `P2Y` every two years, `P1M`);
    `anchor` a partial ISO date inside each period (`--12` December, `--11-05` 5 November).
    A relative deadline ("20 ngày kể từ ngày nhận được") keeps its text and `relative=True`.
    Frozen: the rows of a table that share their time cells share one (a table of 25,000 rows held
    25,000 copies).
    """

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: str | None = None
    anchor: str | None = None
    relative: bool = False


class Agency(Record):
    """A body that can lead or co-ordinate tasks (cơ quan, đơn vị), or a collective group.

    `key` is unique within the document and stable across documents of the same province:
    the folded canonical name. `parent` is the key of the agency it belongs to (a Phòng
    belongs to its Sở).
    """

    key: str
    name: str
    kind: Literal["agency", "group"] = "agency"
    aliases: list[str] = Field(default_factory=list)
    province: str | None = None  # None: national body, or unknown
    level: Literal["national", "provincial", "district", "unit", "unknown"] = "unknown"
    parent: str | None = None


Role = Literal["lead", "coordinate"]


@_leaf_record
class Assignment:
    """Who carries a task and how: chủ trì (lead) or phối hợp (coordinate)."""

    agency: str  # Agency.key
    role: Role
    text: str  # the words the agency was named with
    inherited: bool = False  # taken from the row above (merged table cells)


@_leaf_record
class Task:
    """One duty given to agencies (nhiệm vụ), from a table row, a prose paragraph or a list."""

    label: str  # unique within the document: "2.1", "PL2:1+2" (2nd unnumbered row under 1)
    code: str | None = None  # as written: "2.1", "1.", "a"
    parent: str | None = None  # label of the heading or task it sits under
    heading: str | None = None  # text of that heading
    text: str
    assignments: list[Assignment] = Field(default_factory=list)
    product: str | None = None
    deadline: Deadline | None = None
    note: str | None = None
    origin: Literal["table", "prose", "list"]
    span: Span
    location: str | None = None  # where in the original file: "page 5, table 2, row 7"

    @property
    def leads(self) -> list[str]:
        return [a.agency for a in self.assignments if a.role == "lead"]

    @property
    def coordinators(self) -> list[str]:
        return [a.agency for a in self.assignments if a.role == "coordinate"]


class Header(Record):
    """What the first lines and the signature block say about the document itself."""

    ref: DocumentRef
    place: str | None = None  # as in the place-and-date line: "Phú Yên"
    signer_title: str | None = None  # "GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"
    signer: str | None = None


class DocumentRecord(Record):
    """Everything the loaders read from one file."""

    path: str
    format: str = "txt"  # the file's format: txt, md, docx, pdf, html, doc, odt, rtf
    encoding: str
    text: str
    source_offsets: list[int] = Field(default_factory=list, repr=False)
    header: Header
    citations: list[Citation] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    def agency(self, key: str) -> Agency:
        return next(a for a in self.agencies if a.key == key)

    def task(self, label: str) -> Task:
        return next(t for t in self.tasks if t.label == label)


class SkippedFile(Record):
    """A file met in a folder that is not a document (an output of kg, data, an image), and why."""

    path: str
    reason: str


class ReadFailure(Record):
    """A file that could not be read at all, and why."""

    path: str
    reason: str
