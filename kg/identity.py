"""Identities that hold across documents: one key per real document, agency and task.

A document is known by who issued it, its type, number and year (DOMAIN.md: a number is unique
only within issuer, type and year). A mention without a year joins the one year the corpus knows
for that number, if there is exactly one; with several it cannot be placed and stays apart (and is
reported). Keys depend on the whole set of mentions, never on the order documents were read in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from loaders.models import DocumentRef
from loaders.textutil import slug


def _scope(ref: DocumentRef) -> str:
    return slug(ref.province) if ref.province else "vn"


def document_base(ref: DocumentRef) -> str | None:
    """'phu-yen/kh-ubnd/209': issuer scope, type and issuer code, number; None without a number."""
    if not ref.number or not ref.doc_type:
        return None
    issuer = slug(ref.issuer_code or "unknown")
    return f"{_scope(ref)}/{slug(ref.doc_type)}-{issuer}/{slug(ref.number)}"


def _year(ref: DocumentRef) -> int | None:
    return ref.year or (ref.date.year if ref.date else None)


@dataclass
class DocumentKeys:
    """Gives every mention of a document its node id, from all mentions known to the build."""

    years: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    ambiguous: set[str] = field(default_factory=set)

    def learn(self, ref: DocumentRef) -> None:
        base = document_base(ref)
        if base and _year(ref):
            self.years[base].add(_year(ref))

    def key(self, ref: DocumentRef, *, source: str | None = None) -> str | None:
        """The node id of the document a reference names, or None when it names nothing usable."""
        base = document_base(ref)
        if base is None:
            if source is not None:  # a loaded draft without a number: the file is its identity
                return f"doc/file/{slug(Path(source).stem)}"
            if ref.title and ref.doc_type:
                return f"doc/{_scope(ref)}/{slug(ref.doc_type)}/{slug(ref.title)[:80]}"
            return None
        year = _year(ref)
        if year is None:
            known = self.years.get(base, set())
            if len(known) == 1:
                year = next(iter(known))
            elif len(known) > 1:
                self.ambiguous.add(base)
        return f"doc/{base}/{year}" if year else f"doc/{base}"


def task_key(document: str, label: str) -> str:
    """'task/<document path>/<label>', the label percent-encoded ("II.2.đ" and "II.2.d" both exist)."""
    return f"task/{document.removeprefix('doc/')}/{quote(label, safe='.+-')}"


def agency_key(agency_key_in_record: str) -> str:
    return f"agency/{agency_key_in_record}"
