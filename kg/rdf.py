"""The graph in RDF: the networkx model written with the policy-kg ontology's terms.

Every node is an IRI (no blank nodes), so two builds of the same documents give the same triples.
Edges between documents are also reified (rdf:Statement) so that each keeps the quotation behind it
(PROV-O: pkg:quotation ⊑ prov:wasDerivedFrom).

The triples are made as N-Triples lines: written straight to graph.ttl (N-Triples is Turtle), and
loaded into Oxigraph (pyoxigraph) for SPARQL. At 10,000 documents rdflib's in-memory store took
205 s to load them and 762 s to write Turtle; writing the lines takes 11 s (bench/RESULTS.md).
rdflib still reads the ontology and runs SHACL; `to_rdf` gives it the same triples.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, URIRef

from ontology import DCTERMS, DOCUMENT_CLASSES, EDGE_PROPERTIES, ELI, ID, ORG, PKG, PROV, RDF, RDFS, XSD

PREFIXES = {"pkg": str(PKG), "id": str(ID), "eli": str(ELI), "org": str(ORG), "dcterms": str(DCTERMS),
            "prov": str(PROV), "rdf": str(RDF), "xsd": str(XSD)}
# Characters an IRI may not hold (RFC 3987 / N-Triples IRIREF), and %: percent-encoded in node ids.
_IRI_UNSAFE = {c: f"%{ord(c):02X}" for c in ' <>"{}|^`\\%'} | {chr(c): f"%{c:02X}" for c in range(0x21)}
_IRI_TABLE = str.maketrans(_IRI_UNSAFE)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_ESCAPE_RE = re.compile(r'[\\"\n\r]')


def iri(node: str) -> URIRef:
    return URIRef(iri_text(node))


_IRI_UNSAFE_RE = re.compile("[" + re.escape("".join(_IRI_UNSAFE)) + "]")
_ID = str(ID)


def iri_text(node: str) -> str:
    # most ids are safe: a search is much cheaper than a translate
    return _ID + (node.translate(_IRI_TABLE) if _IRI_UNSAFE_RE.search(node) else node)


def ntriples(graph: nx.MultiDiGraph) -> Iterator[str]:
    """The graph's triples as N-Triples lines (with their newline), nodes and edges in sorted order."""
    out = _Triples()
    for node, data in sorted(graph.nodes(data=True), key=lambda nd: nd[0]):  # by id (sorting the tuples: 10× slower)
        kind = data.get("kind")
        if kind == "Document":
            _document(out, node, data)
        elif kind == "Agency":
            _agency(out, node, data)
        elif kind == "Task":
            _task(out, node, data)
        yield from out.drain()
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        _edge(out, u, v, key, data)
        yield from out.drain()


def to_store(graph: nx.MultiDiGraph) -> ox.Store:
    """An in-memory Oxigraph store holding the graph's triples (a built graph loads with read_turtle)."""
    store = ox.Store()
    store.bulk_load(input="".join(ntriples(graph)).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def read_turtle(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def write_turtle(graph: nx.MultiDiGraph, path: Path) -> Path:
    """graph.ttl, written straight from the graph: one triple per line with full IRIs (N-Triples, which
    is also Turtle). At 10,000 documents (6.5 million triples) this takes 14 s; loading an Oxigraph
    store to have it pretty-print the same triples takes 31 s more, rdflib over a minute."""
    from .files import replaced

    with replaced(Path(path)) as file:
        file.write("# policy-kg graph: N-Triples lines, which are also Turtle (terms: ontology/policy-kg.ttl)\n")
        batch: list[str] = []
        for line in ntriples(graph):
            batch.append(line)
            if len(batch) >= 10_000:
                file.write("".join(batch))
                batch.clear()
        file.write("".join(batch))
    return Path(path)


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    """The same triples in an rdflib Graph: for SHACL (pyshacl) and rdflib's serialisers."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.parse(data="".join(ntriples(graph)), format="nt")
    return g


class _Triples:
    """Collects N-Triples lines; subjects and predicates are IRIs, objects IRIs or literals."""

    def __init__(self):
        self.lines: list[str] = []
        # a task's quotation backs its part_of and each of its assignments: written once
        self.quotations: dict[tuple, str] = {}

    def drain(self) -> list[str]:
        lines, self.lines = self.lines, []
        return lines

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> .\n")

    def lit(self, s: str, p: str, value: Any, datatype: str | None = None) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool):
            text, datatype = ("true" if value else "false"), datatype or str(XSD.boolean)
        else:
            text = str(value)
            if datatype is None and isinstance(value, int):
                datatype = str(XSD.integer)
        if _ESCAPE_RE.search(text):
            text = text.translate(_ESCAPES)
        literal = f'"{text}"^^<{datatype}>' if datatype else f'"{text}"'
        self.lines.append(f"<{s}> <{p}> {literal} .\n")


_TYPE = str(RDF.type)
_XSD_DATE, _XSD_GYEAR, _XSD_INTEGER = str(XSD.date), str(XSD.gYear), str(XSD.integer)


def _p(name: str) -> str:
    return str(PKG) + name


def _document(out: _Triples, node: str, d: dict) -> None:
    s = iri_text(node)
    out.add(s, _TYPE, _p(DOCUMENT_CLASSES.get(d.get("doc_type") or "", "Document")))
    out.lit(s, _p("key"), node)
    out.lit(s, _p("docType"), d.get("doc_type") or "?")
    out.lit(s, _p("number"), d.get("number"))
    out.lit(s, _p("symbol"), d.get("symbol"))
    out.lit(s, _p("year"), d.get("year"), _XSD_GYEAR)
    out.lit(s, _p("date"), d.get("date"), _XSD_DATE)
    out.lit(s, _p("title"), d.get("title"))
    out.lit(s, _p("province"), d.get("province"))
    out.lit(s, _p("sourceFile"), d.get("source"))


def _agency(out: _Triples, node: str, d: dict) -> None:
    s = iri_text(node)
    out.add(s, _TYPE, _p("CollectiveGroup" if d.get("collective") else "Agency"))
    out.lit(s, _p("key"), node)
    out.lit(s, _p("name"), d.get("name"))
    for alias in d.get("aliases") or []:
        out.lit(s, _p("alias"), alias)
    out.lit(s, _p("province"), d.get("province"))
    for source in d.get("sources") or []:
        out.lit(s, _p("sourceFile"), source)


def _task(out: _Triples, node: str, d: dict) -> None:
    s = iri_text(node)
    out.add(s, _TYPE, _p("Task"))
    out.lit(s, _p("key"), node)
    out.lit(s, _p("label"), d.get("label"))
    out.lit(s, _p("code"), d.get("code"))
    out.lit(s, _p("text"), d.get("text"))
    out.lit(s, _p("product"), d.get("product"))
    deadline = d.get("deadline")
    if deadline:
        dl = iri_text(f"{node}/deadline")
        out.add(s, _p("deadline"), dl)
        out.add(dl, _TYPE, _p("Deadline"))
        out.lit(dl, _p("deadlineText"), deadline.get("text"))
        out.lit(dl, _p("start"), deadline.get("start"), _XSD_DATE)
        out.lit(dl, _p("end"), deadline.get("end"), _XSD_DATE)
        out.lit(dl, _p("recurrence"), deadline.get("recurrence"))
        out.lit(dl, _p("anchor"), deadline.get("anchor"))
        if deadline.get("relative"):
            out.lit(dl, _p("relative"), True)


def _quotation(out: _Triples, evidence: dict) -> str | None:
    """A pkg:Quotation for evidence that has a span; knowledge without one (a unit's parent given by
    the vocabulary) keeps its file on the graph edge only."""
    if not evidence.get("file") or evidence.get("start") is None or evidence.get("end") is None:
        return None
    key = (evidence["file"], evidence["start"], evidence["end"], evidence.get("quote"))
    known = out.quotations.get(key)
    if known is not None:
        return known
    digest = hashlib.sha1(
        f"{evidence['file']}|{evidence.get('start')}|{evidence.get('end')}|{evidence.get('quote')}".encode()
    ).hexdigest()[:20]
    q = out.quotations[key] = iri_text(f"quote/{digest}")
    out.add(q, _TYPE, _p("Quotation"))
    out.lit(q, _p("sourceFile"), evidence["file"])
    out.lit(q, _p("startOffset"), evidence["start"], _XSD_INTEGER)
    out.lit(q, _p("endOffset"), evidence["end"], _XSD_INTEGER)
    out.lit(q, _p("quote"), evidence.get("quote"))
    return q


def _edge(out: _Triples, u: str, v: str, key: str, d: dict) -> None:
    kind = d["type"]
    s, o = iri_text(u), iri_text(v)
    prop = _p(EDGE_PROPERTIES[kind])
    out.add(s, prop, o)
    quotes = [q for q in (_quotation(out, e) for e in d.get("evidence") or []) if q is not None]
    if kind == "assigned_to":
        a = iri_text(f"{u}/assignment/{v.removeprefix('agency/')}/{d['role']}")
        out.add(s, _p("assignment"), a)
        out.add(a, _TYPE, _p("Assignment"))
        out.add(a, _p("task"), s)
        out.add(a, _p("agency"), o)
        out.add(a, _p("role"), _p("Lead" if d["role"] == "lead" else "Coordinate"))
        for q in quotes:
            out.add(a, _p("quotation"), q)
        return
    if kind == "part_of":
        for q in quotes:
            out.add(s, _p("quotation"), q)
        return
    if kind == "succeeded_by":
        _change_event(out, u, v, s, o, d)
        return
    if quotes:
        # the statement "u implements v" is itself described, with the sentences behind it
        digest = hashlib.sha1(f"{u}|{kind}|{v}".encode()).hexdigest()[:20]
        st = iri_text(f"statement/{digest}")
        out.add(st, _TYPE, str(RDF.Statement))
        out.add(st, str(RDF.subject), s)
        out.add(st, str(RDF.predicate), prop)
        out.add(st, str(RDF.object), o)
        for q in quotes:
            out.add(st, _p("quotation"), q)


def _change_event(out: _Triples, u: str, v: str, s: str, o: str, d: dict) -> None:
    """W3C ORG: the change that ended (or renamed) `u` and whose result carries its duties, `v`; dated
    (prov:startedAtTime) and sourced (dcterms:source: the legal basis; pkg:quotation: the rule's row)."""
    event = iri_text(f"change/{hashlib.sha1(f'{u}|{v}'.encode()).hexdigest()[:20]}")
    out.add(event, _TYPE, str(ORG.ChangeEvent))
    out.add(event, str(ORG.originalOrganization), s)
    out.add(event, str(ORG.resultingOrganization), o)
    out.add(s, str(ORG.changedBy), event)
    out.add(o, str(ORG.resultedFrom), event)
    out.lit(event, str(PROV.startedAtTime), d.get("date"), _XSD_DATE)
    out.lit(event, _p("changeKind"), d.get("change"))
    out.lit(event, str(DCTERMS.source), d.get("basis"))
    out.lit(event, _p("note"), d.get("note"))
    out.lit(event, _p("unitKnown"), bool(d.get("unit_known", True)))
    for evidence in d.get("evidence") or []:
        out.lit(event, _p("ruleFile"), evidence.get("file"))
        out.lit(event, _p("quote"), evidence.get("quote"))


__all__ = ["iri", "ntriples", "to_store", "to_rdf", "read_turtle", "write_turtle", "PREFIXES", "RDFS"]
