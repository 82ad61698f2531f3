"""kg-out/: where a build is written and read back (graph.ttl, graph.json, graph.sqlite, findings.json)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from pathlib import Path

import networkx as nx
import orjson
import pyoxigraph as ox

from .build import Evidence, Finding, KnowledgeGraph, paused_gc
from .disk import DiskGraph, GRAPH_DB, usable, write_db
from .files import replaced
from .rdf import read_turtle, write_turtle

DEFAULT_OUT = Path("kg-out")
GRAPH_JSON = "graph.json"
GRAPH_TTL = "graph.ttl"
FINDINGS_JSON = "findings.json"


class NoGraph(Exception):
    """There is no built graph where the user pointed."""


# Up to this many nodes graph.sqlite is written by a forked process while this one writes graph.json
# and graph.ttl (10,000 documents: 219,000 nodes, 10.7 s of writing that no longer adds to the build).
# The child shares the graph's memory until it touches it, so at most a second copy of the graph: beyond
# this size (about 45,000 documents) that copy is not worth the risk, and the store is written after.
FORK_STORE_BELOW = 1_000_000


def write(kg: KnowledgeGraph, out: Path = DEFAULT_OUT) -> dict[str, Path]:
    """Every file of the build, each written whole (kg.files.replaced) and marked with one build id:
    graph.json ends with its counts and the id, graph.sqlite and findings.json carry the id, and a
    reader refuses files of two builds, or a graph.json cut short."""
    out.mkdir(parents=True, exist_ok=True)
    build = build_id(kg.graph)
    child = _start_store(kg.graph, out, build)
    paths = {"json": write_json(kg, out, build=build), "turtle": write_turtle(kg.graph, out / GRAPH_TTL),
             "findings": out / FINDINGS_JSON}
    if child is None:
        paths["store"] = write_db(kg.graph, out, build=build)
    else:
        child.join()
        if child.exitcode != 0:  # say so and write it here: the build still ends with every file
            print(f"note: writing {out / GRAPH_DB} beside the other files failed (status {child.exitcode}); "
                  "writing it again", file=sys.stderr)
            paths["store"] = write_db(kg.graph, out, build=build)
        else:
            paths["store"] = out / GRAPH_DB
    os.utime(paths["store"])  # a store is read only when it is not older than graph.json
    findings = {
        "build": build,
        "findings": [
            {"kind": f.kind, "message": f.message, "evidence": [e.as_dict() for e in f.evidence]} for f in kg.findings
        ],
        "problems": kg.problems,
    }
    with replaced(paths["findings"]) as file:
        file.write(json.dumps(findings, ensure_ascii=False, indent=1) + "\n")
    return paths


def build_id(graph: nx.MultiDiGraph) -> str:
    """An id for the files of one build, made from the graph (its nodes and how many links), so that
    the same documents give the same files, byte for byte, however often they are built."""
    digest = hashlib.sha256(f"{graph.number_of_nodes()} {graph.number_of_edges()}\n".encode())
    for node in sorted(graph):
        digest.update(node.encode() + b"\n")
    return digest.hexdigest()[:32]


def _start_store(graph: nx.MultiDiGraph, out: Path, build: str):
    """A forked process writing graph.sqlite, or None where forking is not possible or not wise."""
    if graph.number_of_nodes() >= FORK_STORE_BELOW or "fork" not in multiprocessing.get_all_start_methods():
        return None
    child = multiprocessing.get_context("fork").Process(target=write_db, args=(graph, out),
                                                        kwargs={"build": build}, daemon=True)
    child.start()
    return child


def write_json(kg: KnowledgeGraph, out: Path = DEFAULT_OUT, *, build: str | None = None) -> Path:
    """graph.json: networkx node-link JSON (as `nx.node_link_data(graph, edges="links")` gives it),
    nodes and links sorted so that two builds compare.

    One node or link per line, each encoded by orjson and written as it goes: neither a copy of the
    graph nor the whole text is ever held in memory (json's indented dump took 15 s at 10,000
    documents, most of it in its pure-Python encoder)."""
    graph = kg.graph
    path = out / GRAPH_JSON
    with replaced(path, "wb") as file:
        file.write(b'{"directed":true,"graph":' + _encode(graph.graph) + b',"multigraph":true,\n"links":[')
        separator = b"\n"
        for u, v, k in sorted(graph.edges(keys=True)):
            file.write(separator + _encode({**graph[u][v][k], "source": u, "target": v, "key": k}))
            separator = b",\n"
        file.write(b'\n],\n"nodes":[')
        separator = b"\n"
        for node in sorted(graph):
            file.write(separator + _encode({**graph.nodes[node], "id": node}))
            separator = b",\n"
        # the last line says the file is whole: what it holds, and the build it belongs to
        complete = {"build": build or build_id(graph), "links": graph.number_of_edges(), "nodes": len(graph)}
        file.write(b"\n],\n" + _COMPLETE + _encode(complete) + b"}\n")
    return path


def _encode(value) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


_HEAD = b'{"directed":true,"graph":'
_COMPLETE = b'"complete":'


def _read_lines(path: Path) -> nx.MultiDiGraph | None:
    """graph.json as write_json lays it out, read one line at a time: the text and a parsed copy of
    the whole file are never in memory beside the graph. Nodes first (the order node_link_graph
    gives), then links: two passes over the file. None if the file is laid out otherwise."""
    graph = nx.MultiDiGraph()
    with path.open("rb") as file:
        head = file.readline()
        if not head.startswith(_HEAD) or not head.rstrip().endswith(b',"multigraph":true,'):
            return None
        graph.graph.update(orjson.loads(head[len(_HEAD):-len(b',"multigraph":true,\n')].strip() or b"{}"))
        for node in _items(file, b'"nodes":['):
            graph.add_node(node.pop("id"), **node)
        complete = _complete(file.readline())
        file.seek(0)
        for link in _items(file, b'"links":['):
            graph.add_edge(link.pop("source"), link.pop("target"), key=link.pop("key"), **link)
    if complete is None and _ends_as_before(path):
        raise NoGraph(f"{path} was written by an earlier version of policy-kg, which did not mark a whole file; "
                      f"run `kg build` again into {path.parent}/")
    if complete is None or (complete.get("nodes"), complete.get("links")) != (len(graph), graph.number_of_edges()):
        raise NoGraph(f"{path} is incomplete (a build was stopped while writing it, or the file was cut); "
                      f"run `kg build` again into {path.parent}/")
    graph.graph["_build"] = complete.get("build")
    return graph


def _ends_as_before(path: Path) -> bool:
    """graph.json of an earlier version: whole, closed by "]}", without the closing line."""
    with path.open("rb") as file:
        file.seek(max(0, path.stat().st_size - 4))
        return file.read().endswith(b"\n]}\n")


def _complete(line: bytes) -> dict | None:
    """The closing line of graph.json, or None when the file ends before it."""
    if not line.startswith(_COMPLETE) or not line.rstrip().endswith(b"}}"):
        return None
    try:
        return orjson.loads(line.rstrip()[len(_COMPLETE):-1])
    except orjson.JSONDecodeError:
        return None


def json_build(path: Path) -> str | None:
    """The build id on graph.json's last line, read from the end of the file; None if it has none."""
    try:
        with path.open("rb") as file:
            file.seek(max(0, path.stat().st_size - 4096))
            last = file.read().rstrip(b"\n").rsplit(b"\n", 1)[-1] + b"\n"
    except OSError:
        return None
    complete = _complete(last)
    return complete.get("build") if complete else None


def _items(file, opening: bytes):
    """The objects of one list of graph.json, one per line, from the line that opens it to its "]"."""
    for line in file:
        if line.startswith(opening):
            break
    for line in file:
        if line.startswith(b"]"):
            return
        yield orjson.loads(line.rstrip().removesuffix(b","))


def read_graph(out: Path = DEFAULT_OUT):
    """The graph for questions about a few nodes: graph.sqlite read as it is asked (no loading), else
    graph.json loaded whole (a folder written before the store existed)."""
    if usable(out, out / GRAPH_JSON):
        return DiskGraph(out / GRAPH_DB)
    return read(out).graph


def read_app_graph(out: Path = DEFAULT_OUT):
    """The graph for kg serve and search: graph.sqlite when it holds search and the app's rows (read as
    asked), else graph.json loaded whole."""
    if usable(out, out / GRAPH_JSON):
        disk = DiskGraph(out / GRAPH_DB)
        if disk.has_search:
            return disk
    return read(out).graph


def read(out: Path = DEFAULT_OUT) -> KnowledgeGraph:
    path = out / GRAPH_JSON
    if not path.is_file():
        raise NoGraph(f"no graph in {out}/ — run `kg build data/ --out {out}` first")
    with paused_gc():  # millions of dicts made and none of them garbage: 1.7× faster read
        graph = _read_lines(path)
        if graph is None:  # node-link JSON laid out otherwise (another writer): parsed whole
            try:
                data = orjson.loads(path.read_bytes())
                graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
            except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
                raise NoGraph(f"{path} is not a whole graph ({str(exc)[:80]}); run `kg build` again into "
                              f"{out}/") from None
    build = graph.graph.pop("_build", None)
    findings_path = out / FINDINGS_JSON
    findings, problems = [], {}
    if findings_path.is_file():
        raw = json.loads(findings_path.read_text(encoding="utf-8"))
        try:
            findings = [
                Finding(f["kind"], f["message"], [Evidence(**e) for e in f["evidence"]]) for f in raw["findings"]
            ]
        except (KeyError, TypeError):
            raise NoGraph(f"{out}/ was written by another version of policy-kg — run `kg build data/ --out {out}` "
                          "again") from None
        problems = raw.get("problems", {})
        if build and raw.get("build") and raw["build"] != build:
            raise NoGraph(f"{findings_path} and {path} come from two different builds (one was stopped, or two "
                          f"ran at once); run `kg build` again into {out}/")
    return KnowledgeGraph(graph=graph, findings=findings, problems=problems)


_WARNING_KEYS = ("severity", "code", "message", "quote", "start", "end", "location")


def warnings_by_file(kg: KnowledgeGraph) -> dict[str, list[dict]]:
    """The loaders' warnings per file (paths sorted), each {severity, code, message, quote, start, end,
    location}, in the order of the file (those about no words of it first). A graph written by an
    earlier version (plain sentences) gives the sentences as warnings with no code and no quotation."""
    out: dict[str, list[dict]] = {}
    for path, items in sorted(kg.problems.items()):
        warnings = [_as_warning(item) for item in items]
        warnings.sort(key=lambda w: w["start"] if isinstance(w["start"], int) else -1)  # stable
        out[path] = warnings
    return out


def _as_warning(item: dict | str) -> dict:
    if isinstance(item, str):  # findings.json of an earlier version: the sentence only
        item = {"message": item}
    warning = {key: item.get(key) for key in _WARNING_KEYS}
    warning["severity"] = warning["severity"] or "warning"
    return warning


def read_rdf(out: Path = DEFAULT_OUT) -> ox.Store:
    """graph.ttl in an in-memory Oxigraph store (SPARQL answers in well under a millisecond)."""
    path = out / GRAPH_TTL
    if not path.is_file():
        raise NoGraph(f"no graph in {out}/ — run `kg build data/ --out {out}` first")
    return read_turtle(path)
