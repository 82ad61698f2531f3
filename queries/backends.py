"""Where the questions' data comes from: the networkx graph (embedded default) or RDF via SPARQL.

Each backend answers the same small retrievals with the same plain rows; `queries.answers` turns
rows into answers, so every backend gives identical answers. The SPARQL text lives in the `.rq`
files beside this module (the Cypher twins in `.cypher`, run by the Neo4j store). Parameters are
always bound, never pasted into query text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

import networkx as nx
import pyoxigraph as ox

from kg.rdf import iri_text
from ontology import EDGE_PROPERTIES, ID, PKG, RDF

HERE = Path(__file__).resolve().parent


@cache
def query_text(name: str) -> str:
    """The named query `name` (`trace.rq`, `agency_load.cypher`, …)."""
    return (HERE / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    file: str | None
    start: int | None
    quote: str | None


@dataclass(frozen=True)
class AssignmentRow:
    agency: str
    name: str
    province: str | None
    group: bool
    task: str
    role: str
    start: str | None
    end: str | None
    recurrence: str | None
    parent: str | None = None       # the agency it is a unit of (sub_organization_of), if any
    parent_name: str | None = None
    top: str | None = None          # the agency at the top of its parents (a unit of a unit: the Sở)
    top_name: str | None = None


@dataclass(frozen=True, order=True)
class Succession:
    """A `succeeded_by` link: `new` carries `old`'s duties from `date` (ISO)."""

    old: str
    new: str
    date: str
    change: str
    basis: str
    note: str | None = None
    unit_known: bool = True


@dataclass(frozen=True)
class NodeLink:
    """One link of a node, seen from it: `direction` "out" (node → other) or "in" (other → node)."""

    type: str                # implements, based_on, cites, part_of, assigned_to, issued_by, sub_organization_of
    direction: str
    other: str
    role: str | None = None  # lead / coordinate (assigned_to)
    quote: str | None = None  # the quotation that states it (the first by file and offset), if it has a span
    file: str | None = None
    start: int | None = None


# What `node` gives per kind (the same keys on every backend; None where the graph has nothing).
NODE_FIELDS = {
    "Document": ("doc_type", "number", "symbol", "date", "year", "title", "province", "issuer", "source"),
    "Task": ("label", "code", "text", "product", "deadline", "document", "source"),
    "Agency": ("name", "aliases", "province", "collective", "parent"),
}


class Backend(Protocol):
    name: str

    def task(self, task: str) -> dict | None: ...
    def tasks(self) -> list[tuple[str, str, str]]: ...
    def links_above(self, task: str) -> tuple[str | None, list[Link]]: ...
    def document(self, doc: str) -> dict: ...
    def implementers(self, doc: str) -> list[tuple[str, str, str]]: ...
    def assignments(self) -> list[AssignmentRow]: ...
    # for finding things by what a person types (queries.find)
    def documents(self) -> list[dict]: ...
    def agencies(self) -> list[dict]: ...
    def task_documents(self) -> dict[str, str]: ...
    def node(self, node: str) -> dict | None: ...
    def links(self, node: str) -> list[NodeLink]: ...
    # who carries an agency's duties after the 2025 reorganisation (kg.succession)
    def successions(self) -> list[Succession]: ...


def _sparql_document(row) -> dict:
    """What a trace shows of a document, from a solution of documents.rq or trace_documents.rq."""
    names = {"doc_type": "docType", "number": "number", "symbol": "symbol", "date": "date", "title": "title",
             "issuer": "issuerName"}
    year = _text(row["year"])
    return {**{k: _text(row[v]) for k, v in names.items()}, "year": int(year[:4]) if year else None}


def _issuer_rank(row: dict) -> tuple:
    """Which of a document's issuers is its issuer: its own header's, else the first by id."""
    return (not row["own"], row["issuer"] or "")


def _document_row(row: dict) -> dict:
    """A row of `documents()`: id, doc_type, number, symbol, year (int), date, title, province, source,
    issuer (agency id) and issuer_name."""
    year = row.get("year")
    return {"id": row["id"], "doc_type": row.get("doc_type"), "number": row.get("number"), "symbol": row.get("symbol"),
            "year": int(str(year)[:4]) if year not in (None, "") else None, "date": row.get("date"),
            "title": row.get("title"), "province": row.get("province"), "source": row.get("source"),
            "issuer": row.get("issuer"), "issuer_name": row.get("issuer_name")}


def _agency_row(row: dict) -> dict:
    """A row of `agencies()`: id, name, aliases (sorted), province, group (collective), parent (unit of)."""
    return {"id": row["id"], "name": row.get("name") or row["id"], "aliases": sorted(set(row.get("aliases") or [])),
            "province": row.get("province"), "group": bool(row.get("group")), "parent": row.get("parent")}


def _spanned(evidence: list[dict]) -> dict | None:
    """The quotation a link is shown with: of those with a span, the first by file, offset and text."""
    spanned = [e for e in evidence if e.get("file") and e.get("start") is not None and e.get("end") is not None]
    return min(spanned, key=lambda e: (e["file"], e["start"], e.get("quote") or "")) if spanned else None


def _sorted_links(links) -> list[NodeLink]:
    return sorted(set(links), key=lambda k: (k.type, k.direction, k.other, k.role or ""))


class NetworkxBackend:
    """The embedded default: the node-link graph written by `kg build`."""

    name = "networkx"

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self._assignments: list[AssignmentRow] | None = None
        self._implements: nx.DiGraph | None = None  # the implements links alone, made on first use
        self._successions: list[Succession] | None = None

    def task(self, task: str) -> dict | None:
        data = self.graph.nodes.get(task)
        if not data or data.get("kind") != "Task":
            return None
        doc = self._part_of(task)
        return {"label": data["label"], "text": data["text"], "document": doc, "source": data.get("source")}

    def tasks(self) -> list[tuple[str, str, str]]:
        return sorted((n, d["label"], d["text"]) for n, d in self.graph.nodes(data=True) if d.get("kind") == "Task")

    def _part_of(self, task: str) -> str | None:
        return next((v for _, v, d in self.graph.out_edges(task, data=True) if d["type"] == "part_of"), None)

    def links_above(self, task: str) -> tuple[str | None, list[Link]]:
        doc = self._part_of(task)
        if doc is None:
            return None, []
        links, seen, todo = [], {doc}, [doc]
        while todo:
            current = todo.pop()
            for _, target, data in self.graph.out_edges(current, data=True):
                if data["type"] != "implements":
                    continue
                for e in data.get("evidence") or [data]:
                    links.append(Link(current, target, e.get("file"), e.get("start"), e.get("quote")))
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return doc, links

    def document(self, doc: str) -> dict:
        d = self.graph.nodes[doc]
        issuer = d.get("issuer")
        return {
            "doc_type": d.get("doc_type"), "number": d.get("number"), "symbol": d.get("symbol"),
            "date": d.get("date"), "year": d.get("year"), "title": d.get("title"),
            "issuer": self.graph.nodes[issuer]["name"] if issuer in self.graph else None,
        }

    def implementers(self, doc: str) -> list[tuple[str, str, str]]:
        if self._implements is None:  # the graph is read-only once loaded
            self._implements = _implements_only(self.graph)
        implements = self._implements
        below = {doc} | (nx.ancestors(implements, doc) if doc in implements else set()) if doc in self.graph else set()
        rows = []
        for via in below:
            for source, _, data in self.graph.in_edges(via, data=True):
                if data["type"] == "implements":
                    rows.append((source, via, "Document"))
                elif data["type"] == "part_of":
                    rows.append((source, via, "Task"))
        return sorted(set(rows), key=lambda r: (r[2], r[0], r[1]))

    def assignments(self) -> list[AssignmentRow]:
        # the graph is read-only once loaded: the rows are made once and shared by every question
        if self._assignments is None:
            stored = getattr(self.graph, "assignment_rows", None)  # graph.sqlite holds them, made by the build
            self._assignments = stored() if stored is not None else self._assignment_rows()
        return self._assignments

    def _assignment_rows(self) -> list[AssignmentRow]:
        nodes = self.graph.nodes
        parents = {u: v for u, v, d in self.graph.edges(data=True) if d["type"] == "sub_organization_of"}
        rows = []
        about: dict[str, tuple] = {}  # agency -> what every row of it repeats (its chain walked once, not per row)
        for task, agency, data in self.graph.edges(data=True):
            if data["type"] != "assigned_to":
                continue
            held = about.get(agency)
            if held is None:
                a, parent, top = nodes[agency], parents.get(agency), _top(parents, agency)
                held = about[agency] = (a["name"], a.get("province"), bool(a.get("collective")), parent,
                                        nodes[parent]["name"] if parent is not None else None,
                                        top, nodes[top]["name"] if top is not None else None)
            deadline = nodes[task].get("deadline") or {}
            rows.append(AssignmentRow(
                agency, held[0], held[1], held[2], task, data["role"],
                deadline.get("start"), deadline.get("end"), deadline.get("recurrence"), *held[3:],
            ))
        return sorted(rows, key=lambda r: (r.agency, r.task, r.role))

    def documents(self) -> list[dict]:
        nodes = self.graph.nodes
        return [_document_row({**d, "id": n, "issuer_name": nodes[d["issuer"]].get("name")
                               if d.get("issuer") in self.graph else None})
                for n, d in _sorted_nodes(self.graph, "Document")]

    def agencies(self) -> list[dict]:
        parents: dict[str, str] = {}
        for u, v, d in self.graph.edges(data=True):
            if d["type"] == "sub_organization_of" and (u not in parents or v < parents[u]):
                parents[u] = v  # one parent per unit; the first by id, as every backend picks it
        return [_agency_row({**d, "id": n, "group": d.get("collective"), "parent": parents.get(n)})
                for n, d in _sorted_nodes(self.graph, "Agency")]

    def task_documents(self) -> dict[str, str]:
        return {u: v for u, v, d in self.graph.edges(data=True) if d["type"] == "part_of"}

    def successions(self) -> list[Succession]:
        if self._successions is None:
            of_key = getattr(self.graph, "edges_of_key", None)  # graph.sqlite: only those rows
            edges = of_key("succeeded_by") if of_key is not None else (
                (u, v, d) for u, v, d in self.graph.edges(data=True) if d["type"] == "succeeded_by")
            self._successions = sorted(Succession(u, v, d["date"], d["change"], d["basis"], d.get("note"),
                                                  bool(d.get("unit_known", True))) for u, v, d in edges)
        return self._successions

    def node(self, node: str) -> dict | None:
        data = self.graph.nodes.get(node)
        if not data or data.get("kind") not in NODE_FIELDS:
            return None
        kind = data["kind"]
        out = {"kind": kind, **{k: data.get(k) for k in NODE_FIELDS[kind]}}
        if kind == "Task":
            out["deadline"] = (data.get("deadline") or {}).get("text")
            out["document"] = self._part_of(node)
        elif kind == "Agency":
            out["aliases"] = sorted(set(data.get("aliases") or []))
            out["collective"] = bool(data.get("collective"))
            out["parent"] = min((v for _, v, d in self.graph.out_edges(node, data=True)
                                 if d["type"] == "sub_organization_of"), default=None)
        return out

    def links(self, node: str) -> list[NodeLink]:
        if node not in self.graph:
            return []
        edges = [("out", v, d) for _, v, d in self.graph.out_edges(node, data=True)]
        edges += [("in", u, d) for u, _, d in self.graph.in_edges(node, data=True)]
        out = []
        for direction, other, d in edges:
            q = _spanned(d.get("evidence") or [d]) or {}
            out.append(NodeLink(d["type"], direction, other, d.get("role"), q.get("quote"), q.get("file"),
                                q.get("start")))
        return _sorted_links(out)


def _top(parents: dict[str, str], agency: str) -> str | None:
    """The last agency up the chain of parents (None for an agency that is no unit; None in a cycle)."""
    at, seen = parents.get(agency), {agency}
    while at is not None and at in parents:
        if at in seen:
            return None
        seen.add(at)
        at = parents[at]
    return at


def _sorted_nodes(graph: nx.MultiDiGraph, kind: str) -> list[tuple[str, dict]]:
    """(id, attributes) of the nodes of one kind by id; chosen first, then sorted (sorting every node of
    10,000 documents took 1.2 s, for 3,390 agencies)."""
    return sorted(((n, d) for n, d in graph.nodes(data=True) if d.get("kind") == kind), key=lambda nd: nd[0])


def _implements_only(graph: nx.MultiDiGraph) -> nx.DiGraph:
    return nx.DiGraph((u, v) for u, v, d in graph.edges(data=True) if d["type"] == "implements")


def _local(term) -> str | None:
    return None if term is None else unquote(term.value.removeprefix(str(ID)))


def _text(term) -> str | None:
    return None if term is None else term.value


def _plain(term) -> str | None:
    """A term as a plain value: an IRI as its node id, a literal as its text."""
    if term is None:
        return None
    return _local(term) if isinstance(term, ox.NamedNode) else term.value


class SparqlBackend:
    """The RDF graph (`graph.ttl`) in Oxigraph, asked with the named SPARQL queries."""

    name = "sparql"

    def __init__(self, store: ox.Store):
        self.store = store
        self._assignments: list[AssignmentRow] | None = None

    def _rows(self, name: str, **bindings) -> list:
        return list(self.store.query(
            query_text(name), substitutions={ox.Variable(k): ox.NamedNode(iri_text(v)) for k, v in bindings.items()}))

    def task(self, task: str) -> dict | None:
        rows = self._rows("task.rq", task=task)
        if not rows:
            return None
        label, text, doc, file = (rows[0][k] for k in ("label", "text", "doc", "file"))
        return {"label": label.value, "text": text.value, "document": _local(doc), "source": _text(file)}

    def tasks(self) -> list[tuple[str, str, str]]:
        return sorted((_local(r["task"]), r["label"].value, r["text"].value) for r in self._rows("tasks.rq"))

    def links_above(self, task: str) -> tuple[str | None, list[Link]]:
        doc, links = None, []
        for row in self._rows("trace.rq", task=task):
            doc = _local(row["doc"])
            if row["from"] is not None:
                start = int(row["start"].value) if row["start"] is not None else None
                links.append(Link(_local(row["from"]), _local(row["to"]), _text(row["file"]), start,
                                  _text(row["quote"])))
        return doc, links

    def document(self, doc: str) -> dict:
        rows = self._rows("documents.rq", doc=doc)
        return _sparql_document(rows[0]) if rows else {}

    def trace_documents(self, task: str) -> dict[str, dict]:
        """Every document a trace of `task` shows, as document() gives each: one query, not one a document
        (a trace of five documents: 4.1 ms → see bench/sparql_load.py)."""
        best: dict[str, tuple] = {}
        for row in self._rows("trace_documents.rq", task=task):
            doc = _local(row["doc"])
            rank = (row["own"] is None, _text(row["issuer"]) or "")
            if doc not in best or rank < best[doc][0]:
                best[doc] = (rank, row)
        return {doc: _sparql_document(row) for doc, (_, row) in best.items()}

    def implementers(self, doc: str) -> list[tuple[str, str, str]]:
        rows = {(_local(r["impl"]), _local(r["via"]), r["kind"].value) for r in self._rows("implementations.rq", doc=doc)}
        return sorted(rows, key=lambda r: (r[2], r[0], r[1]))

    def assignments(self) -> list[AssignmentRow]:
        # the store is read-only once loaded: the rows are made once and shared by every question
        if self._assignments is None:
            self._assignments = self._assignment_rows()
        return self._assignments

    def _assignment_rows(self) -> list[AssignmentRow]:
        # agency_load.rq gives assignment rows and unit -> parent links apart (one query, two UNION
        # branches, each linear in the graph); the chain up to the top agency is walked here. The
        # solutions are read by position and each IRI made an id once (by name: 3× slower than the query).
        ids: dict[str, str] = {}

        def local(term) -> str | None:
            if term is None:
                return None
            iri = term.value
            found = ids.get(iri)
            if found is None:
                found = ids[iri] = unquote(iri.removeprefix(str(ID)))
            return found

        found, parents, names = [], {}, {}
        for agency, name, province, group, task, role, start, end, recurrence, unit, parent, parent_name \
                in self._rows("agency_load.rq"):
            if unit is not None:
                unit, parent = local(unit), local(parent)
                if unit not in parents or parent < parents[unit]:  # one parent per unit, as in the graph
                    parents[unit] = parent
                names[parent] = parent_name.value
            else:
                found.append((local(agency), name.value, _text(province), group is not None, local(task), role.value,
                              _text(start), _text(end), _text(recurrence)))
        above: dict[str, tuple] = {}  # agency -> (parent, its name, top, its name)
        rows = []
        for row in found:
            up = above.get(row[0])
            if up is None:
                parent, top = parents.get(row[0]), _top(parents, row[0])
                up = above[row[0]] = (parent, names.get(parent), top, names.get(top))
            rows.append(AssignmentRow(*row, *up))
        return sorted(rows, key=lambda r: (r.agency, r.task, r.role))

    def documents(self) -> list[dict]:
        names = {"docType": "doc_type", "file": "source", "issuerName": "issuer_name"}
        rows: dict[str, dict] = {}
        for r in self._rows("documents_all.rq"):
            row = {names.get(k, k): _plain(r[k]) for k in ("id", "docType", "number", "symbol", "year", "date", "title",
                                                         "province", "file", "issuer", "issuerName")}
            row["own"] = r["own"] is not None
            held = rows.get(row["id"])
            if held is None or _issuer_rank(row) < _issuer_rank(held):
                rows[row["id"]] = row  # a document with two issuers: its own header's, else the first by id
        return [_document_row(rows[k]) for k in sorted(rows)]

    def agencies(self) -> list[dict]:
        rows: dict[str, dict] = {}
        for r in self._rows("agencies.rq"):
            agency = _plain(r["id"])
            row = rows.get(agency)
            if row is None:
                row = rows[agency] = {"id": agency, "name": _plain(r["name"]), "province": _plain(r["province"]),
                                      "group": r["group"] is not None, "aliases": [], "parent": None}
            if r["alias"] is not None:
                row["aliases"].append(r["alias"].value)
            parent = _plain(r["parent"])
            if parent is not None and (row["parent"] is None or parent < row["parent"]):
                row["parent"] = parent
        return [_agency_row(rows[k]) for k in sorted(rows)]

    def task_documents(self) -> dict[str, str]:
        return {_local(r["task"]): _local(r["doc"]) for r in self._rows("task_documents.rq")}

    def successions(self) -> list[Succession]:
        if getattr(self, "_successions", None) is None:  # asked once per agency by the load as of a date
            self._successions = sorted(
                Succession(_text(r["old"]), _text(r["new"]), r["date"].value, r["change"].value, r["basis"].value,
                           _text(r["note"]), r["unitKnown"] is None or r["unitKnown"].value == "true")
                for r in self._rows("successions.rq"))
        return self._successions

    def node(self, node: str) -> dict | None:
        facts: dict[str, list] = defaultdict(list)
        for r in self._rows("node.rq", node=node):
            facts[r["p"].value.removeprefix(str(PKG)).removeprefix(str(RDF))].append(r["o"])
        types = {t.value.removeprefix(str(PKG)) for t in facts.get("type", [])}
        if "Task" in types:
            kind = "Task"
        elif types & {"Agency", "CollectiveGroup"}:
            kind = "Agency"
        elif "docType" in facts:
            kind = "Document"
        else:
            return None

        def one(name: str):
            values = sorted(_plain(v) for v in facts.get(name, []))
            return values[0] if values else None

        if kind == "Document":
            out = {"doc_type": one("docType"), "number": one("number"), "symbol": one("symbol"), "date": one("date"),
                   "year": one("year"), "title": one("title"), "province": one("province"), "issuer": self._issuer(node),
                   "source": one("sourceFile")}
            out["year"] = int(out["year"][:4]) if out["year"] else None
        elif kind == "Task":
            out = {"label": one("label"), "code": one("code"), "text": one("text"), "product": one("product"),
                   "deadline": one("deadlineText"), "document": one("partOf"), "source": one("sourceFile")}
        else:
            out = {"name": one("name"), "aliases": sorted({_plain(v) for v in facts.get("alias", [])}),
                   "province": one("province"), "collective": "CollectiveGroup" in types,
                   "parent": one("subOrganizationOf")}
        return {"kind": kind, **out}

    def _issuer(self, doc: str) -> str | None:
        """The issuer its own header names, else the first by id (the rule of the build's `issuer`)."""
        rows = self._rows("documents.rq", doc=doc)
        return _plain(rows[0]["issuer"]) if rows else None

    def links(self, node: str) -> list[NodeLink]:
        types = {str(PKG) + p: t for t, p in EDGE_PROPERTIES.items()}
        roles = {str(PKG) + "Lead": "lead", str(PKG) + "Coordinate": "coordinate"}
        found: dict[tuple, list[dict]] = defaultdict(list)
        for r in self._rows("links.rq", node=node):
            key = (types[r["p"].value], r["direction"].value, _local(r["other"]),
                   roles.get(r["role"].value) if r["role"] is not None else None)
            evidence = found[key]
            if r["quote"] is not None:
                evidence.append({"quote": r["quote"].value, "file": _text(r["file"]), "start": int(r["start"].value),
                                 "end": 0})
        out = []
        for (kind, direction, other, role), evidence in found.items():
            q = _spanned(evidence) or {}
            out.append(NodeLink(kind, direction, other, role, q.get("quote"), q.get("file"), q.get("start")))
        return _sorted_links(out)


class CypherBackend:
    """A Bolt server (Neo4j, FalkorDB) loaded by `kg neo4j push`, asked with the named Cypher queries."""

    name = "cypher"

    def __init__(self, server):
        self.server = server  # kg.neo4j.BoltServer

    def _rows(self, name: str, **params) -> list[dict]:
        return self.server.rows(query_text(name), **params)

    def task(self, task: str) -> dict | None:
        rows = self._rows("task.cypher", task=task)
        if not rows:
            return None
        r = rows[0]
        return {"label": r["label"], "text": r["text"], "document": r["doc"], "source": r["file"]}

    def tasks(self) -> list[tuple[str, str, str]]:
        return sorted((r["task"], r["label"], r["text"]) for r in self._rows("tasks.cypher"))

    def links_above(self, task: str) -> tuple[str | None, list[Link]]:
        doc, links = None, []
        for r in self._rows("trace.cypher", task=task):
            doc = r["doc"]
            if r["from"] is not None:
                links.append(Link(r["from"], r["to"], r["file"], r["start"], r["quote"]))
        return doc, links

    def document(self, doc: str) -> dict:
        rows = self._rows("documents.cypher", doc=doc)
        return rows[0] if rows else {}

    def implementers(self, doc: str) -> list[tuple[str, str, str]]:
        rows = {(r["impl"], r["via"], r["kind"]) for r in self._rows("implementations.cypher", doc=doc)}
        return sorted(rows, key=lambda r: (r[2], r[0], r[1]))

    def assignments(self) -> list[AssignmentRow]:
        return sorted(
            (AssignmentRow(r["agency"], r["name"], r["province"], bool(r["group"]), r["task"], r["role"],
                           r["start"], r["end"], r["recurrence"], r["parent"], r["parent_name"],
                           r["top"], r["top_name"])
             for r in self._rows("agency_load.cypher")),
            key=lambda r: (r.agency, r.task, r.role),
        )

    def documents(self) -> list[dict]:
        return [_document_row(r) for r in self._rows("documents_all.cypher")]

    def agencies(self) -> list[dict]:
        rows: dict[str, dict] = {}
        for r in self._rows("agencies.cypher"):
            held = rows.get(r["id"])
            if held is None or (r["parent"] is not None and (held["parent"] is None or r["parent"] < held["parent"])):
                rows[r["id"]] = r
        return [_agency_row(rows[k]) for k in sorted(rows)]

    def task_documents(self) -> dict[str, str]:
        return {r["task"]: r["doc"] for r in self._rows("task_documents.cypher")}

    def successions(self) -> list[Succession]:
        if getattr(self, "_successions", None) is None:  # asked once per agency by the load as of a date
            self._successions = sorted(Succession(r["old"], r["new"], str(r["date"]), r["change"], r["basis"], r["note"],
                                                  r["unit_known"] is not False) for r in self._rows("successions.cypher"))
        return self._successions

    def node(self, node: str) -> dict | None:
        rows = self._rows("node.cypher", node=node)
        if not rows:
            return None
        r = rows[0]
        kind = next((k for k in NODE_FIELDS if k in (r["labels"] or [])), None)
        if kind is None:
            return None
        out = {"kind": kind, **{k: r.get(k) for k in NODE_FIELDS[kind]}}
        if kind == "Agency":
            out["aliases"] = sorted(set(out["aliases"] or []))
            out["collective"] = bool(out["collective"])
        return out

    def links(self, node: str) -> list[NodeLink]:
        out = []
        for r in self._rows("links.cypher", node=node):
            q = _spanned([r]) or {}
            out.append(NodeLink(r["type"], r["direction"], r["other"], r["role"], q.get("quote"), q.get("file"),
                                q.get("start")))
        return _sorted_links(out)
