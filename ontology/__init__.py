"""Namespaces and terms of the policy-kg ontology: the one place IRIs are spelled.

The ontology itself is `policy-kg.ttl` (OWL) and its constraints `shapes.ttl` (SHACL), both beside
this file. Code imports the constants below and never writes an IRI by hand.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "policy-kg.ttl"
SHAPES_FILE = HERE / "shapes.ttl"

PKG = Namespace("https://w3id.org/policy-kg/ontology#")  # classes and properties
ID = Namespace("https://w3id.org/policy-kg/id/")  # documents, agencies, tasks, assignments
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")

# Document type code (as in symbols) -> OWL class local name.
DOCUMENT_CLASSES: dict[str, str] = {
    "NQ": "Resolution",
    "QĐ": "Decision",
    "CT": "Directive",
    "KH": "Plan",
    "CTr": "Programme",
    "ĐA": "Scheme",
    "KL": "Conclusion",
    "NĐ": "Decree",
    "TT": "Circular",
    "TB": "Notice",
    "HD": "Guidance",
    "BC": "Report",
    "TTr": "Submission",
    "L": "Law",
    "CV": "OfficialLetter",
}

# Edge type in the graph (networkx `type`, Neo4j relationship) -> ontology property local name.
EDGE_PROPERTIES: dict[str, str] = {
    "implements": "implements",
    "based_on": "basedOn",
    "cites": "cites",
    "part_of": "partOf",
    "assigned_to": "assignedTo",
    "issued_by": "issuedBy",
    "sub_organization_of": "subOrganizationOf",
    "succeeded_by": "succeededBy",  # with an org:ChangeEvent that says when, how and on what basis
}

__all__ = [
    "DCTERMS", "DOCUMENT_CLASSES", "EDGE_PROPERTIES", "ELI", "ID", "ONTOLOGY_FILE", "ORG", "OWL", "PKG",
    "PROV", "RDF", "RDFS", "SHAPES_FILE", "SKOS", "XSD",
]
