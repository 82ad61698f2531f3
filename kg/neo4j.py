"""Push the graph into a Bolt server (Neo4j, or FalkorDB in the tests) with the official driver.

Labels and relationship types come from the ontology (`:Document:Plan`, `:Agency`, `:Task`;
`IMPLEMENTS`, `ASSIGNED_TO {role}` …) and node ids are those of the RDF graph. Loading is batched
`UNWIND … MERGE` (CREATE into an empty database), safe to repeat, one transaction per unit of documents.
Labels, types and property names are the only words put into query text, and only from the fixed sets below; every value travels as a parameter.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import orjson

from ontology import DOCUMENT_CLASSES, EDGE_PROPERTIES

KIND_LABELS = ("Document", "Agency", "Task")
LABELS = frozenset(KIND_LABELS) | frozenset(DOCUMENT_CLASSES.values()) | {"Group"}
REL_TYPES = {kind: kind.upper() for kind in EDGE_PROPERTIES}

# FalkorDB's Bolt crashes on parameters above about 4 KB (issue 5): batches are cut by size (and long
# values sent apart, in pieces, see _Writer). Neo4j takes far more; raise the limit there (--batch-bytes).
DEFAULT_BATCH_BYTES = 3300
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
    props = {k: data[k] for k in ("role", "inherited", "file", "start", "end", "quote", "date", "change", "basis",
                                  "note", "unit_known") if data.get(k) is not None}
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
    max_batch_rows: int | None = None,
    sessions: int | None = None,
    log: Callable[[str], None] = lambda message: None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> PushReport:
    """Load `graph` into the server: agencies, then documents, then their tasks and links in units of
    many documents, one transaction per unit.

    On an empty database nodes and links are CREATEd (each id once: the graph has no duplicates);
    otherwise MERGEd, so that pushing again changes nothing. `progress(done, total)` is called after
    each unit."""
    report = PushReport()
    if max_batch_bytes is None:  # the server's own limit: small where parameters are pasted into the text
        max_batch_bytes = DEFAULT_BATCH_BYTES if server.pastes_parameters else BOUND_BATCH_BYTES
    if max_batch_rows is None:
        max_batch_rows = PASTED_BATCH_ROWS if server.pastes_parameters else BOUND_BATCH_ROWS
    if not server.transactions:
        message = ("the server keeps no multi-statement transactions: each batch commits alone, so an "
                   "interrupted push can leave a document partly loaded; push again to complete it")
        report.messages.append(message)
        log(message)
    with server.session() as session:
        _schema(session, report, log)
    fresh = not server.rows("MATCH (n) RETURN n.id AS id LIMIT 1", _raw=True)
    units = list(_units(graph))  # all are made before the first is given: listing them costs nothing more
    writer = _Writer(max_batch_bytes, max_batch_rows, report, in_pieces=server.pastes_parameters,
                     long_bytes=LONG_BYTES if server.pastes_parameters else None, create=fresh)
    sessions = 1 if server.transactions else sessions or PARALLEL_SESSIONS
    with server.session() as session, _Sessions(server, sessions) as parallel:
        for unit in units:
            if server.transactions:
                session.execute_write(lambda tx: writer.write(_Escaping(tx, server), unit))
            else:
                writer.parallel = parallel
                writer.write(_AutoCommit(session, server), unit)
            report.transactions += 1
            progress(report.transactions, len(units))
    return report


class _Sessions:
    """Sessions in threads, for a server whose every statement commits alone: while one query crosses
    the network or waits for the server, another is sent."""

    def __init__(self, server: BoltServer, count: int):
        self.server, self.count, self.local, self.opened = server, count, threading.local(), []
        self.pool = ThreadPoolExecutor(count) if count > 1 else None

    def __enter__(self):
        return self if self.pool else None

    def __exit__(self, *exc):
        if self.pool:
            self.pool.shutdown()
        for session in self.opened:
            session.close()

    def _run(self, query: str, rows: list) -> None:
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = self.server.session()
            self.opened.append(session)
        session.run(query, **self.server.params({"rows": rows})).consume()

    def run_all(self, query: str, batches: list[list]) -> None:
        """Every batch, all done (or the first error raised) before returning."""
        for future in [self.pool.submit(self._run, query, batch) for batch in batches]:
            future.result()


@dataclass
class _Unit:
    """What one transaction writes: documents with their tasks and outgoing links (or all agencies)."""

    name: str
    nodes: list[tuple[str, dict]] = field(default_factory=list)
    edges: list[tuple[str, str, str, dict]] = field(default_factory=list)


def _units(graph: nx.MultiDiGraph, unit_items: int | None = None) -> Iterator[_Unit]:
    """Agencies, then every document node (so that links between documents find both ends), then
    each document's tasks and outgoing links, gathered into units of about `unit_items` nodes+edges."""
    unit_items = unit_items or UNIT_ITEMS
    kinds = {n: d.get("kind") for n, d in graph.nodes(data=True)}
    document_of = {u: v for u, v, d in graph.edges(data=True) if d["type"] == "part_of"}  # task -> document
    agencies = _Unit("agencies")
    documents = _Unit("documents")
    per_document: dict[str, _Unit] = defaultdict(lambda: _Unit("document"))
    for node, data in sorted(graph.nodes(data=True), key=lambda nd: nd[0]):  # by id (sorting the tuples: 10× slower)
        if data.get("kind") == "Agency":
            agencies.nodes.append((node, data))
        elif data.get("kind") == "Document":
            documents.nodes.append((node, data))
        elif data.get("kind") == "Task":
            per_document[document_of[node]].nodes.append((node, data))
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if data["type"] in ("sub_organization_of", "succeeded_by"):  # between agencies
            agencies.edges.append((u, v, key, data))
        elif kinds.get(u) == "Document":
            per_document[u].edges.append((u, v, key, data))
        elif kinds.get(u) == "Task":
            per_document[document_of[u]].edges.append((u, v, key, data))
    yield agencies
    yield documents
    unit = None
    for doc in sorted(per_document):
        part = per_document[doc]
        if unit is None or len(unit.nodes) + len(unit.edges) >= unit_items:
            if unit is not None:
                yield unit
            unit = _Unit(doc)
        unit.nodes += part.nodes
        unit.edges += part.edges
    if unit is not None:
        yield unit


def _batches(rows: list, max_bytes: int, max_rows: int | None = None) -> Iterator[list]:
    """Consecutive rows, each run at most `max_rows` rows and `max_bytes` as JSON (separators counted;
    a larger row alone)."""
    batch, size = [], 0
    for row in rows:
        row_size = _size(row) + 1
        if batch and (size + row_size > max_bytes or (max_rows and len(batch) >= max_rows)):
            yield batch
            batch, size = [], 0
        batch.append(row)
        size += row_size
    if batch:
        yield batch


# FalkorDB 4.16's Bolt port crashes ("stack smashing detected") once the parameters it pastes into the
# query pass about 4,000 bytes (a 3,900-character string passes, 4,100 crash; a query text of 8,000
# bytes without parameters is fine). There, a value too long for one query is sent in pieces, each
# appended to what the node or link already holds. Found at 1,000 synthetic documents: an agency's
# list of source files grows with the corpus.
PIECE_CHARS = 700  # a piece of a string: at most 2.1 KB of UTF-8 Vietnamese, escapes aside
PIECE_BYTES = 1500  # a piece of a list of strings, as JSON
# Where parameters are pasted, values longer than this (task texts, quotations, lists of source
# files) go apart from the structural rows, so that those stay short and many fit in a query.
LONG_BYTES = 1000
# Rows per query: FalkorDB's is a bound on work between round trips (the byte limit binds first);
# Neo4j takes thousands of bound rows per query.
PASTED_BATCH_ROWS = 200
BOUND_BATCH_ROWS = 5000
# Sessions sending batches side by side where each statement commits alone (FalkorDB); a server with
# transactions takes each unit in one.
PARALLEL_SESSIONS = 2
UNIT_ITEMS = 20_000  # nodes + links per transaction on a server that keeps transactions
_PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _parts(value: Any) -> list:
    """A value cut into pieces that each fit in one query where parameters are pasted."""
    if isinstance(value, str):
        return [value[i:i + PIECE_CHARS] for i in range(0, len(value), PIECE_CHARS)] or [value]
    if isinstance(value, list) and value:
        return list(_batches(value, PIECE_BYTES))
    return [value]


def _size(value: Any) -> int:
    """Bytes as JSON: about what a server that pastes parameters writes into the query (its escape of a
    single quote counted too)."""
    encoded = orjson.dumps(value)
    return len(encoded) + encoded.count(b"'")


def _checked(names) -> tuple[str, ...]:
    for name in names:
        if not _PROPERTY_NAME.fullmatch(name):
            raise ValueError(f"property name {name!r} cannot be written into a query")
    return tuple(sorted(names))


class _Writer:
    """Rows as lists of values, one query shape per label set (or link type) and property names.

    Where the server pastes parameters into the query (FalkorDB), long values are taken out of the
    structural rows and sent after them, batched by size, in pieces when longer than one query takes."""

    def __init__(self, max_bytes: int, max_rows: int, report: PushReport, *, in_pieces: bool,
                 long_bytes: int | None, create: bool):
        self.max_bytes, self.max_rows, self.report = max_bytes, max_rows, report
        self.in_pieces, self.long_bytes = in_pieces, long_bytes
        self.verb = "CREATE" if create else "MERGE"

    def _split(self, props: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
        """Short properties, and (name, value) of those sent apart."""
        if not self.in_pieces:
            return props, []
        short, apart = {}, []
        for name, value in props.items():
            if isinstance(value, (str, list)) and (self.long_bytes is not None and _size(value) > self.long_bytes
                                                   or _size(value) > PIECE_BYTES):
                apart.append((name, value))
            else:
                short[name] = value
        return short, apart

    parallel: _Sessions | None = None

    def _run(self, tx, query: str, rows: list, max_rows: int | None = None) -> None:
        """The rows in batches; side by side in several sessions where that is allowed (max_rows=1
        keeps order: pieces of one value)."""
        batches = list(_batches(rows, self.max_bytes, max_rows or self.max_rows))
        if self.parallel and max_rows != 1 and len(batches) > 1:
            self.parallel.run_all(query, batches)
        else:
            for batch in batches:
                tx.run(query, rows=batch).consume()
        self.report.batches += len(batches)

    def _send_apart(self, tx, target: str, key_width: int, longs: dict[str, list[list]]) -> None:
        """`target` matches `n` from r[0] … r[key_width-1]; each value is set, then appended piece by piece."""
        for name, rows in sorted(longs.items()):
            first, rest = [], []
            for row in rows:
                keys, parts = row[:key_width], _parts(row[key_width])
                first.append([*keys, parts[0]])
                rest += [[*keys, part] for part in parts[1:]]
            self._run(tx, f"UNWIND $rows AS r {target} SET n.{name} = r[{key_width}]", first)
            # pieces in order: one row per query, so a later piece never overtakes an earlier one
            self._run(tx, f"UNWIND $rows AS r {target} SET n.{name} = n.{name} + r[{key_width}]", rest, 1)

    def write(self, tx, unit: _Unit) -> None:
        by_shape: dict[tuple, list[list]] = defaultdict(list)
        longs: dict[tuple[str, str], list[list]] = defaultdict(list)  # (label, property) -> [id, value]
        for node, data in unit.nodes:
            labels = tuple(labels_of(data))
            props, apart = self._split(node_properties(node, data))
            props.pop("id")
            names = _checked(props)
            by_shape[(labels, names)].append([node, *(props[n] for n in names)])
            for name, value in apart:
                longs[(labels[0], _checked([name])[0])].append([node, value])
        for (labels, names), rows in sorted(by_shape.items()):
            extra = "".join(f", n:{label}" for label in labels[1:])
            sets = "".join(f", n.{name} = r[{i}]" for i, name in enumerate(names, 1))
            if self.verb == "CREATE":
                query = f"UNWIND $rows AS r CREATE (n:{':'.join(labels)} {{id: r[0]}}) SET n.id = r[0]{sets}"
            else:
                query = f"UNWIND $rows AS r MERGE (n:{labels[0]} {{id: r[0]}}) SET n.id = r[0]{sets}{extra}"
            self._run(tx, query, rows)
            self.report.nodes += len(rows)
        by_link: dict[tuple, list[list]] = defaultdict(list)
        link_longs: dict[tuple, list[list]] = defaultdict(list)
        # a task's assignments quote its sentence in its file, as its PART_OF link does: where that link
        # carries them in its own row, they are copied on the server rather than sent again
        part_of, sources = {}, {}
        if self.in_pieces:
            links = Counter(u for u, _, _, data in unit.edges if data["type"] == "part_of")
            for u, _, _, data in unit.edges:
                if data["type"] == "part_of" and links[u] == 1:  # one PART_OF: the MATCH finds one row
                    short, _ = self._split(edge_properties(data))
                    part_of[u] = short
            # and the file a task's links cite is the task's own source, written with the node
            sources = {node: data["source"] for node, data in unit.nodes
                       if isinstance(data.get("source"), str) and _size(data["source"]) <= (self.long_bytes or 0)}
        for u, v, key, data in unit.edges:
            ends = (_kind_label(u), REL_TYPES[data["type"]], _kind_label(v))
            props = edge_properties(data)
            held = dict(part_of.get(u, {}) if data["type"] != "part_of" else {})
            if u in sources:
                held["file"] = sources[u]
            same = tuple((n, "a.source" if n == "file" and u in sources else f"p.{n}") for n in ("quote", "file")
                         if n in props and held.get(n) == props[n])
            props, apart = self._split({n: value for n, value in props.items() if n not in dict(same)})
            names = _checked(props)
            by_link[(ends, names, same)].append([u, v, key, *(props[n] for n in names)])
            for name, value in apart:
                link_longs[(ends, _checked([name])[0])].append([u, v, key, value])
        # PART_OF first: the links that copy from it find it there
        for ((ulabel, rel, vlabel), names, same), rows in sorted(by_link.items(), key=lambda i: (i[0][0][1] != "PART_OF", i[0])):
            sets = "".join(f", e.{name} = r[{i}]" for i, name in enumerate(names, 3))
            a = f"(a:{ulabel} {{id: r[0]}})"
            sets += "".join(f", e.{name} = {source}" for name, source in same)
            if any(source.startswith("p.") for _, source in same):
                a += "-[p:PART_OF]->(:Document)"
            query = (f"UNWIND $rows AS r MATCH {a} MATCH (b:{vlabel} {{id: r[1]}}) "
                     f"{self.verb} (a)-[e:{rel} {{key: r[2]}}]->(b) SET e.key = r[2]{sets}")
            self._run(tx, query, rows)
            self.report.edges += len(rows)
        for (label, name), rows in sorted(longs.items()):
            self._send_apart(tx, f"MATCH (n:{label} {{id: r[0]}})", 1, {name: rows})
        for ((ulabel, rel, vlabel), name), rows in sorted(link_longs.items()):
            target = f"MATCH (:{ulabel} {{id: r[0]}})-[n:{rel} {{key: r[2]}}]->(:{vlabel} {{id: r[1]}})"
            self._send_apart(tx, target, 3, {name: rows})


def _kind_label(node: str) -> str:
    """Node ids say their kind: doc/…, agency/…, task/…."""
    prefix = node.split("/", 1)[0]
    return {"doc": "Document", "agency": "Agency", "task": "Task"}[prefix]


def _indexed_labels(session) -> set[str] | None:
    """The labels whose `id` the server already indexes (FalkorDB's and Neo4j 4's db.indexes()), or None
    when it cannot say: asked before creating, so that a second push creates nothing (an index created
    twice failed on FalkorDB, dropped the connection and stalled the server for a minute)."""
    try:
        rows = [r.data() for r in session.run("CALL db.indexes()")]
    except Exception:  # noqa: BLE001 - a server without the procedure (Neo4j 5 has SHOW INDEXES)
        return None
    labels = set()
    for row in rows:
        label = row.get("label") or (row.get("labelsOrTypes") or [None])[0]
        properties = row.get("properties") or []
        if label and "id" in properties:
            labels.add(label)
    return labels


def _schema(session, report: PushReport, log: Callable[[str], None]) -> None:
    """Uniqueness constraints where the server has them (Neo4j, IF NOT EXISTS), else indexes (FalkorDB)
    where there is none yet, else a note."""
    indexed = _indexed_labels(session) or set()
    for label in KIND_LABELS:
        if label in indexed:
            continue  # there already: nothing to create
        attempts = (
            f"CREATE CONSTRAINT policy_kg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE",
            f"CREATE INDEX FOR (n:{label}) ON (n.id)",
        )
        last = ""
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
