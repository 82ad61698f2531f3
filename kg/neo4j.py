"""Push the graph into a Bolt server (Neo4j, or FalkorDB in the tests) with the official driver.

Labels and relationship types come from the ontology (`:Document:Plan`, `:Agency`, `:Task`;
`IMPLEMENTS`, `ASSIGNED_TO {role}` …) and node ids are those of the RDF graph. Loading is batched
`UNWIND … MERGE`, safe to repeat, one transaction per document. Labels and types are the only words
put into query text, and only from the fixed sets below; every value travels as a parameter.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ontology import DOCUMENT_CLASSES, EDGE_PROPERTIES

KIND_LABELS = ("Document", "Agency", "Task")
LABELS = frozenset(KIND_LABELS) | frozenset(DOCUMENT_CLASSES.values()) | {"Group"}
REL_TYPES = {kind: kind.upper() for kind in EDGE_PROPERTIES}

# FalkorDB's Bolt crashes on parameters above about 3 KB (issue 5): batches are cut by size (and long
# values sent in pieces, see _pieces). Neo4j takes far more; raise the limit there (--batch-bytes).
DEFAULT_BATCH_BYTES = 2500
# A server that binds parameters (Neo4j) takes batches of thousands of rows: one document's unit
# then goes in a query or two per label and link type.
BOUND_BATCH_BYTES = 4_000_000


@dataclass
class PushReport:
    nodes: int = 0
    edges: int = 0
    transactions: int = 0
    batches: int = 0
    messages: list[str] = field(default_factory=list)


def labels_of(data: dict) -> list[str]:
    kind = data.get("kind")
    labels = [kind]
    if kind == "Document":
        labels.append(DOCUMENT_CLASSES.get(data.get("doc_type") or "", "Document"))
    if kind == "Agency" and data.get("collective"):
        labels.append("Group")
    labels = list(dict.fromkeys(labels))
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise ValueError(f"unknown node label {unknown}: the graph does not follow the ontology")
    return labels


def node_properties(node: str, data: dict) -> dict[str, Any]:
    """Scalars and lists of strings only; dates stay ISO strings (FalkorDB aborts on Bolt dates)."""
    props: dict[str, Any] = {"id": node}
    for name, value in data.items():
        if name in {"kind", "deadline"} or value is None:
            continue
        if isinstance(value, (str, int, float, bool)) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            props[name] = value
    deadline = data.get("deadline") or {}
    for name in ("text", "start", "end", "recurrence", "anchor"):
        if deadline.get(name) is not None:
            props[f"deadline_{name}"] = deadline[name]
    if deadline.get("relative"):
        props["deadline_relative"] = True
    return props


def edge_properties(data: dict) -> dict[str, Any]:
    props = {k: data[k] for k in ("role", "inherited", "file", "start", "end", "quote") if data.get(k) is not None}
    props["evidence_count"] = len(data.get("evidence") or [])
    return props


class BoltServer:
    """A Bolt server and what it can do, found by asking it once.

    FalkorDB 4.16 (the test server) writes parameters into the query text without escaping them
    (a quote breaks the query, a backslash is read as an escape) and drops explicit transactions.
    There, string values are escaped so they arrive as sent, and each batch commits on its own.
    """

    def __init__(self, driver, database: str | None = None):
        self.driver, self.database = driver, database
        probe = "a\\b'c"
        try:
            echoed = self.rows("RETURN $p AS p", p=probe, _raw=True)[0]["p"]
        except Exception:
            echoed = None
        self.pastes_parameters = echoed != probe
        self.transactions = not self.pastes_parameters

    def session(self):
        return self.driver.session(database=self.database)

    def params(self, params: dict) -> dict:
        return _escaped(params) if self.pastes_parameters else params

    def rows(self, query: str, _raw: bool = False, **params) -> list[dict]:
        with self.session() as session:
            return [r.data() for r in session.run(query, **(params if _raw else self.params(params)))]


def _escaped(value):
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    return value


class _AutoCommit:
    """A transaction stand-in for servers without them: every statement commits alone."""

    def __init__(self, session, server: BoltServer):
        self.session, self.server = session, server

    def run(self, query: str, **params):
        return self.session.run(query, **self.server.params(params))


class _Escaping:
    def __init__(self, tx, server: BoltServer):
        self.tx, self.server = tx, server

    def run(self, query: str, **params):
        return self.tx.run(query, **self.server.params(params))


def push(
    graph: nx.MultiDiGraph,
    server: BoltServer,
    *,
    max_batch_bytes: int | None = None,
    log: Callable[[str], None] = lambda message: None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> PushReport:
    """Load `graph` into the server: agencies, then documents, then one transaction per document.

    `progress(done, total)` is called after each transaction."""
    report = PushReport()
    if max_batch_bytes is None:  # the server's own limit: small where parameters are pasted into the text
        max_batch_bytes = DEFAULT_BATCH_BYTES if server.pastes_parameters else BOUND_BATCH_BYTES
    if not server.transactions:
        message = ("the server keeps no multi-statement transactions: each batch commits alone, so an "
                   "interrupted push can leave a document partly loaded; push again to complete it")
        report.messages.append(message)
        log(message)
    with server.session() as session:
        _schema(session, report, log)
    units = list(_grouped(_units(graph), UNIT_ROWS))  # all made before the first is given: costs nothing more
    for unit in units:
        with server.session() as session:
            if server.transactions:
                session.execute_write(lambda tx: _write_unit(_Escaping(tx, server), unit, max_batch_bytes, report,
                                                             in_pieces=server.pastes_parameters))
            else:
                _write_unit(_AutoCommit(session, server), unit, max_batch_bytes, report,
                            in_pieces=server.pastes_parameters)
        report.transactions += 1
        progress(report.transactions, len(units))
    return report


@dataclass
class _Unit:
    """What one transaction writes: a document with its tasks and outgoing links (or all agencies)."""

    name: str
    nodes: list[tuple[str, dict]] = field(default_factory=list)
    edges: list[tuple[str, str, str, dict]] = field(default_factory=list)


def _units(graph: nx.MultiDiGraph) -> Iterator[_Unit]:
    kinds = {n: d.get("kind") for n, d in graph.nodes(data=True)}
    document_of = {u: v for u, v, d in graph.edges(data=True) if d["type"] == "part_of"}  # task -> document
    agencies = _Unit("agencies")
    documents = _Unit("documents")  # every document node first, so links between them find both ends
    per_document: dict[str, _Unit] = defaultdict(lambda: _Unit("document"))
    for node, data in sorted(graph.nodes(data=True), key=lambda nd: nd[0]):  # by id (sorting the tuples: 10× slower)
        if data.get("kind") == "Agency":
            agencies.nodes.append((node, data))
        elif data.get("kind") == "Document":
            documents.nodes.append((node, data))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if data["type"] == "sub_organization_of":
            agencies.edges.append((u, v, key, data))
        elif kinds.get(u) == "Document":
            per_document[u].edges.append((u, v, key, data))
        elif kinds.get(u) == "Task":
            per_document[document_of[u]].edges.append((u, v, key, data))
    for node, data in sorted(graph.nodes(data=True), key=lambda nd: nd[0]):  # by id (sorting the tuples: 10× slower)
        if data.get("kind") == "Task":
            per_document[document_of[node]].nodes.append((node, data))
    yield agencies
    yield documents
    for doc in sorted(per_document):
        unit = per_document[doc]
        unit.name = doc
        yield unit


# Documents written together: one transaction (where the server has them) for consecutive documents
# holding about this many nodes and links, so that a batch fills up to its bytes instead of stopping at
# one document's few rows of a kind (data/ pushed 2.4 rows a query into FalkorDB). A document is never
# split between transactions: an interrupted push still leaves none of them half loaded.
UNIT_ROWS = 5_000


def _grouped(units: Iterator[_Unit], rows: int) -> Iterator[_Unit]:
    """The agencies and the documents' nodes as they come, then the per-document units joined in runs of
    about `rows` nodes and links (every node of a run is written before its links)."""
    run: _Unit | None = None
    for unit in units:
        if unit.name in ("agencies", "documents"):
            yield unit
            continue
        if run is not None and len(run.nodes) + len(run.edges) + len(unit.nodes) + len(unit.edges) > rows:
            yield run
            run = None
        if run is None:
            run = _Unit(unit.name)
        run.nodes += unit.nodes
        run.edges += unit.edges
    if run is not None:
        yield run


def _batches(rows: list, max_bytes: int) -> Iterator[list]:
    """Consecutive rows, each run at most `max_bytes` as JSON (separators counted; a larger row alone)."""
    batch, size = [], 0
    for row in rows:
        row_size = len(json.dumps(row, ensure_ascii=False).encode("utf-8")) + 1
        if batch and size + row_size > max_bytes:
            yield batch
            batch, size = [], 0
        batch.append(row)
        size += row_size
    if batch:
        yield batch


# FalkorDB 4.16's Bolt port crashes ("stack smashing detected") on a query text of about 4 KB once
# the parameters are pasted in. There, a value too long for one query is sent in pieces, each
# appended to what the node or link already holds. Found at 1,000 synthetic documents: an agency's
# list of source files grows with the corpus.
PIECE_CHARS = 700  # a piece of a string: at most 2.1 KB of UTF-8 Vietnamese, escapes aside
PIECE_BYTES = 1500  # a piece of a list of strings, as JSON
_PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _pieces(props: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """The properties with long values cut to their first piece, and the pieces that follow."""
    head, rest = dict(props), []
    for name, value in props.items():
        if not _PROPERTY_NAME.fullmatch(name):
            raise ValueError(f"property name {name!r} cannot be written into a query")
        if isinstance(value, str) and len(value) > PIECE_CHARS:
            parts = [value[i:i + PIECE_CHARS] for i in range(0, len(value), PIECE_CHARS)]
        elif isinstance(value, list) and len(json.dumps(value, ensure_ascii=False).encode()) > PIECE_BYTES:
            parts = list(_batches(value, PIECE_BYTES))
        else:
            continue
        head[name] = parts[0]
        rest += [(name, p) for p in parts[1:]]
    return head, rest


def _write_unit(tx, unit: _Unit, max_bytes: int, report: PushReport, *, in_pieces: bool = False) -> None:
    by_labels: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    appends: list[tuple[str, dict]] = []  # (query, parameters) sending the rest of long values
    for node, data in unit.nodes:
        labels = tuple(labels_of(data))
        props = node_properties(node, data)
        if in_pieces:
            props, rest = _pieces(props)
            appends += [(f"MATCH (n:{labels[0]} {{id: $id}}) SET n.{name} = n.{name} + $part",
                         {"id": node, "part": part}) for name, part in rest]
        by_labels[labels].append({"id": node, "props": props})
    for labels, rows in sorted(by_labels.items()):
        extra = "".join(f", n:{label}" for label in labels[1:])
        query = f"UNWIND $rows AS r MERGE (n:{labels[0]} {{id: r.id}}) SET n += r.props{extra}"
        for batch in _batches(rows, max_bytes):
            tx.run(query, rows=batch).consume()
            report.batches += 1
        report.nodes += len(rows)
    by_type: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for u, v, key, data in unit.edges:
        shape = (_kind_label(u), REL_TYPES[data["type"]], _kind_label(v))
        props = edge_properties(data)
        if in_pieces:
            props, rest = _pieces(props)
            ulabel, rel, vlabel = shape
            appends += [(f"MATCH (a:{ulabel} {{id: $u}})-[e:{rel} {{key: $key}}]->(b:{vlabel} {{id: $v}}) "
                         f"SET e.{name} = e.{name} + $part", {"u": u, "v": v, "key": key, "part": part})
                        for name, part in rest]
        by_type[shape].append({"u": u, "v": v, "key": key, "props": props})
    for (ulabel, rel, vlabel), rows in sorted(by_type.items()):
        query = (
            f"UNWIND $rows AS r MATCH (a:{ulabel} {{id: r.u}}) MATCH (b:{vlabel} {{id: r.v}}) "
            f"MERGE (a)-[e:{rel} {{key: r.key}}]->(b) SET e += r.props"
        )
        for batch in _batches(rows, max_bytes):
            tx.run(query, rows=batch).consume()
            report.batches += 1
        report.edges += len(rows)
    for query, params in appends:
        tx.run(query, **params).consume()
        report.batches += 1


def _kind_label(node: str) -> str:
    """Node ids say their kind: doc/…, agency/…, task/…."""
    prefix = node.split("/", 1)[0]
    return {"doc": "Document", "agency": "Agency", "task": "Task"}[prefix]


def _schema(session, report: PushReport, log: Callable[[str], None]) -> None:
    """Uniqueness constraints where the server has them (Neo4j), else indexes (FalkorDB), else a note."""
    for label in KIND_LABELS:
        attempts = (
            f"CREATE CONSTRAINT policy_kg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE",
            f"CREATE INDEX FOR (n:{label}) ON (n.id)",
        )
        for query in attempts:
            try:
                session.run(query).consume()
                break
            except Exception as exc:  # the server's own words say why; the other attempt may work
                last = str(exc).splitlines()[0][:160]
        else:
            message = f"no uniqueness constraint or index on :{label}(id) ({last}); loading goes on without it"
            report.messages.append(message)
            log(message)
