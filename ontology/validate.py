"""Validation of a policy-kg graph against the SHACL shapes (`shapes.ttl`), with pyshacl.

The ontology is mixed into the data graph (pyshacl's `ont_graph`) so that `sh:class pkg:Document`
sees a `pkg:Plan` as a document: the builder types each document with its subclass only. No RDFS or
OWL inference is run: inferring types from `rdfs:range` would make an `issuedBy` that points at a
task look like it points at an agency, and hide the very error the shapes are there to report.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from rdflib import Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ontology import ONTOLOGY_FILE, SHAPES_FILE


class Violation(NamedTuple):
    focus: Node
    path: Node | None
    message: str


class Report(NamedTuple):
    conforms: bool
    graph: Graph  # the sh:ValidationReport, in RDF
    text: str

    def violations(self) -> Iterator[Violation]:
        for result in sorted(self.graph.subjects(RDF.type, SH.ValidationResult)):
            yield Violation(
                focus=self.graph.value(result, SH.focusNode),
                path=self.graph.value(result, SH.resultPath),
                message=str(self.graph.value(result, SH.resultMessage) or ""),
            )


@cache
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@cache
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def validate(data: Graph) -> Report:
    """Validate `data` (left unchanged) against the shapes; never touches the network."""
    from pyshacl import validate as shacl_validate

    conforms, graph, text = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        do_owl_imports=False,
    )
    return Report(bool(conforms), graph, str(text))


__all__ = ["Report", "Violation", "ontology_graph", "shapes_graph", "validate"]
