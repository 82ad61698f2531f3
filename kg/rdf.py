"""The graph in RDF: the networkx model written with the policy-kg ontology's terms.

Every node is an IRI (no blank nodes), so two builds of the same documents give the same triples.
Edges between documents are also reified (rdf:Statement) so that each keeps the quotation behind it
(PROV-O: pkg:quotation ⊑ prov:wasDerivedFrom).
"""

from __future__ import annotations

import hashlib
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef

from ontology import DCTERMS, DOCUMENT_CLASSES, EDGE_PROPERTIES, ELI, ID, ORG, PKG, PROV, RDF, RDFS, XSD


def iri(node: str) -> URIRef:
    return ID[node]


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    g = Graph()
    for prefix, ns in (("pkg", PKG), ("id", ID), ("eli", ELI), ("org", ORG), ("dcterms", DCTERMS), ("prov", PROV)):
        g.bind(prefix, ns)
    for node, data in sorted(graph.nodes(data=True)):
        kind = data.get("kind")
        if kind == "Document":
            _document(g, node, data)
        elif kind == "Agency":
            _agency(g, node, data)
        elif kind == "Task":
            _task(g, node, data)
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        _edge(g, u, v, key, data)
    return g


def _lit(g: Graph, s: URIRef, p: URIRef, value: Any, datatype: URIRef | None = None) -> None:
    if value is None or value == "":
        return
    g.add((s, p, Literal(value, datatype=datatype)))


def _document(g: Graph, node: str, d: dict) -> None:
    s = iri(node)
    g.add((s, RDF.type, PKG[DOCUMENT_CLASSES.get(d.get("doc_type") or "", "Document")]))
    _lit(g, s, PKG.key, node)
    _lit(g, s, PKG.docType, d.get("doc_type") or "?")
    _lit(g, s, PKG.number, d.get("number"))
    _lit(g, s, PKG.symbol, d.get("symbol"))
    _lit(g, s, PKG.year, d.get("year"), XSD.gYear if d.get("year") else None)
    _lit(g, s, PKG.date, d.get("date"), XSD.date)
    _lit(g, s, PKG.title, d.get("title"))
    _lit(g, s, PKG.province, d.get("province"))
    _lit(g, s, PKG.sourceFile, d.get("source"))


def _agency(g: Graph, node: str, d: dict) -> None:
    s = iri(node)
    g.add((s, RDF.type, PKG.CollectiveGroup if d.get("collective") else PKG.Agency))
    _lit(g, s, PKG.key, node)
    _lit(g, s, PKG.name, d.get("name"))
    for alias in d.get("aliases") or []:
        _lit(g, s, PKG.alias, alias)
    _lit(g, s, PKG.province, d.get("province"))
    for source in d.get("sources") or []:
        _lit(g, s, PKG.sourceFile, source)


def _task(g: Graph, node: str, d: dict) -> None:
    s = iri(node)
    g.add((s, RDF.type, PKG.Task))
    _lit(g, s, PKG.key, node)
    _lit(g, s, PKG.label, d.get("label"))
    _lit(g, s, PKG.code, d.get("code"))
    _lit(g, s, PKG.text, d.get("text"))
    _lit(g, s, PKG.product, d.get("product"))
    deadline = d.get("deadline")
    if deadline:
        dl = iri(f"{node}/deadline")
        g.add((s, PKG.deadline, dl))
        g.add((dl, RDF.type, PKG.Deadline))
        _lit(g, dl, PKG.deadlineText, deadline.get("text"))
        _lit(g, dl, PKG.start, deadline.get("start"), XSD.date)
        _lit(g, dl, PKG.end, deadline.get("end"), XSD.date)
        _lit(g, dl, PKG.recurrence, deadline.get("recurrence"))
        _lit(g, dl, PKG.anchor, deadline.get("anchor"))
        if deadline.get("relative"):
            _lit(g, dl, PKG.relative, True)


def _quotation(g: Graph, evidence: dict) -> URIRef | None:
    """A pkg:Quotation for evidence that has a span; knowledge without one (a unit's parent given by
    the vocabulary) keeps its file on the graph edge only."""
    if not evidence.get("file") or evidence.get("start") is None or evidence.get("end") is None:
        return None
    digest = hashlib.sha1(
        f"{evidence['file']}|{evidence.get('start')}|{evidence.get('end')}|{evidence.get('quote')}".encode()
    ).hexdigest()[:20]
    q = iri(f"quote/{digest}")
    g.add((q, RDF.type, PKG.Quotation))
    _lit(g, q, PKG.sourceFile, evidence["file"])
    _lit(g, q, PKG.startOffset, evidence.get("start") if evidence.get("start") is not None else None, XSD.integer)
    _lit(g, q, PKG.endOffset, evidence.get("end") if evidence.get("end") is not None else None, XSD.integer)
    _lit(g, q, PKG.quote, evidence.get("quote"))
    return q


def _edge(g: Graph, u: str, v: str, key: str, d: dict) -> None:
    kind = d["type"]
    s, o = iri(u), iri(v)
    g.add((s, PKG[EDGE_PROPERTIES[kind]], o))
    quotes = [q for q in (_quotation(g, e) for e in d.get("evidence") or []) if q is not None]
    if kind == "assigned_to":
        a = iri(f"{u}/assignment/{v.removeprefix('agency/')}/{d['role']}")
        g.add((s, PKG.assignment, a))
        g.add((a, RDF.type, PKG.Assignment))
        g.add((a, PKG.task, s))
        g.add((a, PKG.agency, o))
        g.add((a, PKG.role, PKG.Lead if d["role"] == "lead" else PKG.Coordinate))
        for q in quotes:
            g.add((a, PKG.quotation, q))
        return
    if kind == "part_of":
        for q in quotes:
            g.add((s, PKG.quotation, q))
        return
    if quotes:
        # the statement "u implements v" is itself described, with the sentences behind it
        digest = hashlib.sha1(f"{u}|{kind}|{v}".encode()).hexdigest()[:20]
        st = iri(f"statement/{digest}")
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, PKG[EDGE_PROPERTIES[kind]]))
        g.add((st, RDF.object, o))
        for q in quotes:
            g.add((st, PKG.quotation, q))


__all__ = ["iri", "to_rdf", "RDFS"]
