"""graph.sqlite: the graph on disk, beside graph.json, for questions that need a few nodes of it.

`kg trace ID` reads a handful of nodes and links, `kg agencies` only the assignment rows, `kg find`,
`kg show` and `kg serve` the rows search scores and a neighbourhood at a time; loading graph.json for
them means building every one of its nodes and links in memory first (7 s at 10,000 documents, and
8 s more for kg serve's index and loads). The build also stores what those would compute from the
whole graph: the agency load's rows, queries.find's rows of documents, agencies and tasks with an FTS5
index of the tasks' folded words, each agency's load as the views show it, and the provinces. `DiskGraph` answers the part of networkx's interface the questions use (nodes, edges,
out_edges, in_edges, successors, predecessors, `in`) from an SQLite file with indexes on both ends
of every link, so `queries.backends.NetworkxBackend` runs on it unchanged and its answers are the same
by construction. Rows are kept in graph.json's order (nodes and links sorted), which is the order
networkx iterates a graph read from it, so even the order of what is listed agrees.

The file is written to a temporary name and renamed when complete: a killed build never leaves a half
store. It is only read when it is at least as new as graph.json (a graph.json written by something
else is not shadowed by an older store).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import astuple
from functools import cached_property
from pathlib import Path

import networkx as nx
import orjson

from .files import sync_folder

GRAPH_DB = "graph.sqlite"
ASSIGNMENT_FIELDS = ("agency", "name", "province", "grp", "task", "role", "start", "end_", "recurrence",
                     "parent", "parent_name", "top", "top_name")  # AssignmentRow's, in its order


def write_db(graph: nx.MultiDiGraph, out: Path, *, build: str | None = None) -> Path:
    """graph.sqlite in `out`, complete or not at all, marked with the build's id."""
    path, partial = out / GRAPH_DB, out / f".{GRAPH_DB}.partial"
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        db.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE node (id TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE edge (u TEXT NOT NULL, v TEXT NOT NULL, k TEXT NOT NULL, data BLOB NOT NULL);
        """)
        db.executemany("INSERT INTO node VALUES (?, ?)",
                       ((n, orjson.dumps(graph.nodes[n])) for n in sorted(graph)))
        db.executemany("INSERT INTO edge VALUES (?, ?, ?, ?)",
                       ((u, v, k, orjson.dumps(graph[u][v][k])) for u, v, k in sorted(graph.edges(keys=True))))
        db.executescript("CREATE INDEX edge_u ON edge (u); CREATE INDEX edge_v ON edge (v); CREATE INDEX edge_k ON edge (k);")
        # the agency load's rows, as networkx makes them: `kg agencies` reads them instead of the graph
        from queries.backends import NetworkxBackend

        db.execute(f"CREATE TABLE assignment ({', '.join(ASSIGNMENT_FIELDS)})")
        backend = NetworkxBackend(graph)
        db.executemany(f"INSERT INTO assignment VALUES ({', '.join('?' * len(ASSIGNMENT_FIELDS))})",
                       (astuple(row) for row in backend.assignments()))
        _write_app(db, graph, backend)
        db.execute("INSERT INTO meta VALUES ('build', ?)", (orjson.dumps(build),))
        db.commit()
    finally:
        db.close()
    with open(partial, "rb+") as file:  # on disk before it takes the old one's place
        os.fsync(file.fileno())
    os.replace(partial, path)
    sync_folder(out)
    return path


TASK_FIELDS = ("id", "label", "text", "document", "document_label", "province", "folded_label", "folded_text")


def _write_app(db: sqlite3.Connection, graph: nx.MultiDiGraph, backend) -> None:
    """What search and the web app read instead of the whole graph: the rows search scores (made by
    queries.find as it makes them in memory), a full-text index of the tasks' folded words, the load
    of every agency as the views show it, and the provinces."""
    from queries.find import display_id, search_rows

    from .view import agency_loads

    documents, agencies, tasks = search_rows(backend)
    db.executescript(f"""
        CREATE TABLE search_row (kind TEXT NOT NULL, data BLOB NOT NULL);
        CREATE TABLE search_task (pos INTEGER PRIMARY KEY, display TEXT NOT NULL, {', '.join(TASK_FIELDS)});
        CREATE VIRTUAL TABLE search_word USING fts5(words, content='', detail=none,
                                                    tokenize='unicode61 remove_diacritics 0');
        CREATE TABLE agency_load (id TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
    """)
    db.executemany("INSERT INTO search_row VALUES (?, ?)",
                   [("document", orjson.dumps(d)) for d in documents] + [("agency", orjson.dumps(a)) for a in agencies])
    db.executemany(f"INSERT INTO search_task VALUES (?, ?, {', '.join('?' * len(TASK_FIELDS))})",
                   ((i, display_id(t["id"]), *(t[f] for f in TASK_FIELDS)) for i, t in enumerate(tasks)))
    db.executemany("INSERT INTO search_word (rowid, words) VALUES (?, ?)", enumerate(t["words"] for t in tasks))
    db.executescript("CREATE INDEX search_task_id ON search_task (id); "
                     "CREATE INDEX search_task_display ON search_task (display);")
    db.executemany("INSERT INTO agency_load VALUES (?, ?)",
                   ((a, orjson.dumps(load)) for a, load in sorted(agency_loads(backend).items())))
    provinces = sorted({d["province"] for _, d in graph.nodes(data=True) if d.get("province")})
    db.execute("INSERT INTO meta VALUES ('provinces', ?)", (orjson.dumps(provinces),))


def usable(out: Path, json_path: Path) -> bool:
    """A store written by the same build as graph.json (its id on both; a store of an earlier version has
    none) and not older than it. Any other store is not used: the reader then loads graph.json, which
    says what is wrong if it is cut short."""
    path = out / GRAPH_DB
    if not path.is_file():
        return False
    if not json_path.is_file():
        return True
    from .store import json_build

    stored = _stored_build(path)
    if stored is not None and stored != json_build(json_path):
        return False
    return path.stat().st_mtime >= json_path.stat().st_mtime


def _stored_build(path: Path) -> str | None:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'build'").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return orjson.loads(row[0]) if row else None


class _Nodes:
    """`graph.nodes`: `nodes[n]`, `nodes.get(n)`, `nodes(data=True)`."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __getitem__(self, node: str) -> dict:
        data = self.get(node)
        if data is None:
            raise KeyError(node)
        return data

    def get(self, node: str, default=None):
        row = self.db.execute("SELECT data FROM node WHERE id = ?", (node,)).fetchone()
        return orjson.loads(row[0]) if row else default

    def __call__(self, data: bool = False):
        if data:
            return ((n, orjson.loads(d)) for n, d in self.db.execute("SELECT id, data FROM node ORDER BY id"))
        return (n for (n,) in self.db.execute("SELECT id FROM node ORDER BY id"))

    def __iter__(self):
        return self()


class DiskGraph:
    """A read-only MultiDiGraph over graph.sqlite (what queries and views ask of networkx)."""

    def __init__(self, path: Path):
        self.path = path
        # read-only, and usable from the threads of kg serve
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.nodes = _Nodes(self.db)
        self.graph: dict = {}

    def reopen(self) -> None:
        """A connection of its own to the same file, for a process forked from the one that opened it
        (kg serve's workers): an SQLite connection must not be used on both sides of a fork."""
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.nodes.db = self.db
        if "search_tasks" in self.__dict__:
            self.search_tasks.db = self.db

    def __contains__(self, node) -> bool:
        return isinstance(node, str) and self.db.execute(
            "SELECT 1 FROM node WHERE id = ?", (node,)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return self.nodes()

    def assignment_rows(self) -> list:
        """The agency load's rows as the build made them (queries.backends.AssignmentRow), in order."""
        from queries.backends import AssignmentRow

        return [AssignmentRow(a, n, p, bool(g), *rest) for a, n, p, g, *rest in
                self.db.execute("SELECT * FROM assignment ORDER BY rowid")]

    @cached_property
    def has_search(self) -> bool:
        """Written by a build that stores search and the app's rows (not by an older one)."""
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_task'").fetchone() is not None

    def search_rows(self, kind: str) -> list[dict]:
        """queries.find's rows of documents or agencies, in its order."""
        return [orjson.loads(d) for (d,) in
                self.db.execute("SELECT data FROM search_row WHERE kind = ? ORDER BY rowid", (kind,))]

    @cached_property
    def search_tasks(self) -> "_StoredTasks":
        return _StoredTasks(self.db)

    def agency_loads(self) -> dict[str, dict]:
        """kg.view.agency_loads of the graph, as the build made it."""
        return {a: orjson.loads(d) for a, d in self.db.execute("SELECT id, data FROM agency_load")}

    def provinces(self) -> list[str]:
        """The provinces any node names, sorted."""
        return orjson.loads(self.db.execute("SELECT value FROM meta WHERE key = 'provinces'").fetchone()[0])

    def edges_of_key(self, key: str) -> list[tuple[str, str, dict]]:
        """(u, v, data) of the links with one key (`succeeded_by`), in stored order."""
        return [(u, v, orjson.loads(d)) for u, v, d in
                self.db.execute("SELECT u, v, data FROM edge WHERE k = ? ORDER BY rowid", (key,))]

    def nodes_data(self, nodes) -> dict[str, dict]:
        """The attributes of many nodes in one query."""
        return {n: orjson.loads(d) for n, d in self.db.execute(
            "SELECT id, data FROM node WHERE id IN (SELECT value FROM json_each(?))", (orjson.dumps(list(nodes)),))}

    def targets(self, nodes, key: str) -> dict[str, str]:
        """The first target of a link `key` from each of `nodes` (a task's document: part_of), one query
        (`+k`: looked up by u, not by the index on k, which would read every link of that key)."""
        out: dict[str, str] = {}
        for u, v in self.db.execute("SELECT u, v FROM edge WHERE +k = ? AND u IN (SELECT value FROM json_each(?)) "
                                    "ORDER BY rowid", (key, orjson.dumps(list(nodes)))):
            out.setdefault(u, v)
        return out

    def count_in(self, node: str, key: str) -> int:
        """How many links `key` end at `node` (a document's tasks), counted without reading them (by v)."""
        return self.db.execute("SELECT count(*) FROM edge WHERE v = ? AND +k = ?", (node, key)).fetchone()[0]

    def edges_among(self, nodes: list[str]) -> list[tuple[str, str, str, dict]]:
        """(u, v, key, data) of the links between `nodes`, by u in the order given, then as stored."""
        rows = self.db.execute(
            "WITH kept(id, i) AS (SELECT value, key FROM json_each(?)) "
            "SELECT e.u, e.v, e.k, e.data FROM edge e JOIN kept a ON e.u = a.id WHERE e.v IN (SELECT id FROM kept) "
            "ORDER BY a.i, e.rowid", (orjson.dumps(nodes),))
        return [(u, v, k, orjson.loads(d)) for u, v, k, d in rows]

    def get_edge_data(self, u: str, v: str, key: str | None = None, default=None):
        if key is None:
            found = {k: orjson.loads(d) for k, d in
                     self.db.execute("SELECT k, data FROM edge WHERE u = ? AND v = ? ORDER BY rowid", (u, v))}
            return found or default
        row = self.db.execute("SELECT data FROM edge WHERE u = ? AND v = ? AND k = ?", (u, v, key)).fetchone()
        return orjson.loads(row[0]) if row else default

    def number_of_nodes(self) -> int:
        return self.db.execute("SELECT count(*) FROM node").fetchone()[0]

    def number_of_edges(self) -> int:
        return self.db.execute("SELECT count(*) FROM edge").fetchone()[0]

    def edges(self, data: bool = False, keys: bool = False):
        return self._edges("SELECT u, v, k, data FROM edge ORDER BY rowid", (), data, keys)

    def out_edges(self, node: str, data: bool = False, keys: bool = False):
        return self._edges("SELECT u, v, k, data FROM edge WHERE u = ? ORDER BY rowid", (node,), data, keys)

    def in_edges(self, node: str, data: bool = False, keys: bool = False):
        return self._edges("SELECT u, v, k, data FROM edge WHERE v = ? ORDER BY rowid", (node,), data, keys)

    def successors(self, node: str) -> Iterator[str]:
        seen = dict.fromkeys(v for (v,) in self.db.execute("SELECT v FROM edge WHERE u = ? ORDER BY rowid", (node,)))
        return iter(seen)

    def predecessors(self, node: str) -> Iterator[str]:
        seen = dict.fromkeys(u for (u,) in self.db.execute("SELECT u FROM edge WHERE v = ? ORDER BY rowid", (node,)))
        return iter(seen)

    def _edges(self, query: str, params: tuple, data: bool, keys: bool):
        rows = self.db.execute(query, params)
        if data and keys:
            return [(u, v, k, orjson.loads(d)) for u, v, k, d in rows]
        if data:
            return [(u, v, orjson.loads(d)) for u, v, _, d in rows]
        if keys:
            return [(u, v, k) for u, v, k, _ in rows]
        return [(u, v) for u, v, _, _ in rows]


class _StoredTasks:
    """queries.find's task rows by id (`in`, `[]`, `get`), by id as typed (`by_display`) and by the
    words they hold (`holding`, the full-text index): a lookup each instead of 200,000 rows in memory."""

    _COLUMNS = ", ".join(TASK_FIELDS)

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._held: list[tuple] | None = None

    def _row(self, values) -> dict:
        task = dict(zip(TASK_FIELDS, values))
        task["words"] = f" {task['folded_label']} {task['folded_text']} "
        return task

    def get(self, task: str, default=None):
        row = self.db.execute(f"SELECT {self._COLUMNS} FROM search_task WHERE id = ?", (task,)).fetchone()
        return self._row(row) if row else default

    def __getitem__(self, task: str) -> dict:
        found = self.get(task)
        if found is None:
            raise KeyError(task)
        return found

    def __contains__(self, task) -> bool:
        return isinstance(task, str) and self.db.execute(
            "SELECT 1 FROM search_task WHERE id = ?", (task,)).fetchone() is not None

    def by_display(self, text: str) -> str | None:
        row = self.db.execute("SELECT id FROM search_task WHERE display = ? ORDER BY pos", (text,)).fetchone()
        return row[0] if row else None

    def load(self) -> None:
        """Hold what scoring reads of every task (ids, provinces, folded words: 0.4 s and ~100 MB at
        10,000 documents) so that a long-lived search (kg serve) reads only the full-text index."""
        if self._held is None:
            self._held = list(zip(*self.db.execute(
                "SELECT id, province, folded_label, folded_text FROM search_task ORDER BY pos"))) or [(), (), (), ()]

    def holding(self, words: list[str]):
        """(id, province, folded label, folded text) of the tasks holding a word beginning with each of
        `words` (folded: letters and digits), in order; a superset of what matches (the scoring decides).
        Words of one or two letters begin too many words to look up: they are left to the scoring unless
        nothing longer was typed."""
        looked_up = [w for w in words if len(w) > 2] or words
        if not looked_up:
            return []
        match = " AND ".join(f'"{w}"*' for w in dict.fromkeys(looked_up))
        if self._held is None:
            return self.db.execute("SELECT id, province, folded_label, folded_text FROM search_task WHERE pos IN "
                                   "(SELECT rowid FROM search_word WHERE search_word MATCH ?) ORDER BY pos",
                                   (match,)).fetchall()
        ids, provinces, labels, texts = self._held
        # one row holding every position: a row at a time would hand Python's lock back and forth per row
        (found,) = self.db.execute("SELECT group_concat(rowid) FROM (SELECT rowid FROM search_word "
                                   "WHERE search_word MATCH ? ORDER BY rowid)", (match,)).fetchone()
        return [(ids[i], provinces[i], labels[i], texts[i]) for i in map(int, found.split(",") if found else ())]
