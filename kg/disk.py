"""graph.sqlite: the graph on disk, beside graph.json, for questions that need a few nodes of it.

`kg trace ID` reads a handful of nodes and links, `kg agencies` only the assignment rows; loading
graph.json for them means building every one of its nodes and links in memory first (7 s at 10,000
documents). `DiskGraph` answers the part of networkx's interface the questions use (nodes, edges,
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
from pathlib import Path

import networkx as nx
import orjson

GRAPH_DB = "graph.sqlite"
ASSIGNMENT_FIELDS = ("agency", "name", "province", "grp", "task", "role", "start", "end_", "recurrence",
                     "parent", "parent_name", "top", "top_name")  # AssignmentRow's, in its order


def write_db(graph: nx.MultiDiGraph, out: Path) -> Path:
    """graph.sqlite in `out`, complete or not at all."""
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
        db.executescript("CREATE INDEX edge_u ON edge (u); CREATE INDEX edge_v ON edge (v);")
        # the agency load's rows, as networkx makes them: `kg agencies` reads them instead of the graph
        from queries.backends import NetworkxBackend

        db.execute(f"CREATE TABLE assignment ({', '.join(ASSIGNMENT_FIELDS)})")
        db.executemany(f"INSERT INTO assignment VALUES ({', '.join('?' * len(ASSIGNMENT_FIELDS))})",
                       (astuple(row) for row in NetworkxBackend(graph).assignments()))
        db.commit()
    finally:
        db.close()
    os.replace(partial, path)
    return path


def usable(out: Path, json_path: Path) -> bool:
    """A store written with (or after) graph.json."""
    path = out / GRAPH_DB
    return path.is_file() and (not json_path.is_file() or path.stat().st_mtime >= json_path.stat().st_mtime)


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
