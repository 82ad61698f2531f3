"""Export a built graph: RDF serialisations, GraphML, networkx node-link JSON, Neo4j bulk-import CSV."""

from __future__ import annotations

import io
import json
import shlex
from pathlib import Path
from typing import Any

import networkx as nx

from ontology import EDGE_PROPERTIES

from . import store
from .neo4j import REL_TYPES, edge_properties, labels_of, node_properties
from .rdf import ntriples, to_rdf

EXPORT_FORMATS = ("turtle", "jsonld", "ntriples", "graphml", "node-link")  # one file each: export_graph
NEO4J_CSV = "neo4j-csv"
FOLDER_FORMATS = (NEO4J_CSV,)  # several files into a folder: write_neo4j_csv


def export_graph(folder: Path, fmt: str) -> bytes:
    """The graph in `folder` (written by `kg build`) as bytes of the given format."""
    if fmt in FOLDER_FORMATS:
        raise ValueError(f"{fmt} is several files: write them into a folder with write_neo4j_csv")
    kg = store.read(folder)
    if fmt == "node-link":
        return (folder / store.GRAPH_JSON).read_bytes()
    if fmt == "graphml":
        return _graphml(kg.graph)
    if fmt == "ntriples":
        # sorted, so two builds of the same documents compare line by line
        return "".join(sorted(ntriples(kg.graph))).encode("utf-8")
    if fmt == "turtle":
        return (folder / store.GRAPH_TTL).read_bytes()
    return to_rdf(kg.graph).serialize(format="json-ld").encode("utf-8")


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML holds scalars only: lists and dicts (aliases, deadline, evidence) go in as JSON text."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_scalars(data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **_scalars(data))
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer)
    return buffer.getvalue()


def _scalars(data: dict) -> dict:
    out = {}
    for name, value in data.items():
        if value is None:
            continue
        out[name] = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
    return out


# -- Neo4j bulk import (neo4j-admin database import full) ---------------------------------------------

NODE_FILES = {"Document": "nodes_documents.csv", "Agency": "nodes_agencies.csv", "Task": "nodes_tasks.csv"}
IMPORT_SCRIPT = "import.sh"
DATABASE = "neo4j"

# `neo4j-admin` has no escape for the array delimiter (it splits `:LABEL` values and `string[]` properties
# on it, inside quotes too): the first of these that no array element contains is used, and named in the
# command. `;` (the tool's default) whenever the data allows.
ARRAY_DELIMITERS = (";", "|", "^", "~", "\x1f")

# Columns every file of that kind has, with their import types; other properties are typed from their values.
_NODE_TYPES = {"year": "int", "start": "int", "end": "int", "collective": "boolean", "deadline_relative": "boolean",
               "aliases": "string[]", "sources": "string[]"}
_EDGE_COLUMNS = ("file", "start", "end", "quote")
_EDGE_TYPES = {"start": "int", "end": "int", "inherited": "boolean", "evidence_count": "int"}


def rels_file(edge_type: str) -> str:
    return f"rels_{edge_type}.csv"


def write_neo4j_csv(folder: Path, out_dir: Path) -> list[Path]:
    """Write the graph in `folder` as the CSV files of `neo4j-admin database import full`, and the command.

    Files: nodes_documents.csv, nodes_agencies.csv, nodes_tasks.csv, one rels_<type>.csv per edge type of
    the ontology (header only when the graph has none of that type) and import.sh, which runs the import.
    Labels, relationship types and properties are those `kg neo4j push` writes (`kg.neo4j`): node id in
    `id:ID`, labels `Document;Plan`, `Agency;Group`, `Task`; types IMPLEMENTS, ASSIGNED_TO {role} …;
    dates as ISO strings; a task's deadline flattened to deadline_text, deadline_start … . Every text is
    quoted (RFC 4180: `"` doubled); texts span lines, so the command sets --multiline-fields=true.
    CSV cannot tell an empty array from none: an agency without aliases gets no `aliases` property.
    """
    graph = store.read(folder).graph
    out_dir.mkdir(parents=True, exist_ok=True)

    nodes: dict[str, list[dict[str, Any]]] = {kind: [] for kind in NODE_FILES}
    for node, data in sorted(graph.nodes(data=True), key=lambda nd: nd[0]):  # by id (sorting the tuples: 10× slower)
        kind = data.get("kind")
        if kind not in NODE_FILES:
            raise ValueError(f"node {node} has kind {kind!r}: the graph does not follow the ontology")
        props = node_properties(node, data)
        props.pop("id")
        nodes[kind].append({"id:ID": node, ":LABEL": labels_of(data), **props})

    edges: dict[str, list[dict[str, Any]]] = {edge_type: [] for edge_type in EDGE_PROPERTIES}
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if data.get("type") not in REL_TYPES:
            raise ValueError(f"edge {u} -> {v} has type {data.get('type')!r}: the graph does not follow the ontology")
        props = edge_properties(data)
        edges[data["type"]].append({":START_ID": u, ":END_ID": v, ":TYPE": REL_TYPES[data["type"]], "key": key, **props})

    delimiter = _array_delimiter([*nodes.values(), *edges.values()])
    written = []
    for kind, name in NODE_FILES.items():
        columns = _columns(nodes[kind], ("id:ID", ":LABEL"), _NODE_TYPES)
        written.append(_write_csv(out_dir / name, columns, nodes[kind], delimiter))
    for edge_type, rows in edges.items():
        leading = (":START_ID", ":END_ID", ":TYPE", *(("role",) if edge_type == "assigned_to" else ()), *_EDGE_COLUMNS)
        columns = _columns(rows, leading, _EDGE_TYPES)
        written.append(_write_csv(out_dir / rels_file(edge_type), columns, rows, delimiter))
    script = out_dir / IMPORT_SCRIPT
    script.write_text(import_script(delimiter), encoding="utf-8", newline="\n")
    script.chmod(0o755)
    written.append(script)
    return written


def import_command(array_delimiter: str = ";", database: str = DATABASE, extra: tuple[str, ...] = ()) -> str:
    """The `neo4j-admin database import full` command line for the files, relative to their folder."""
    if array_delimiter.isprintable():
        delimiter = shlex.quote(array_delimiter)
    else:
        delimiter = f"U+{ord(array_delimiter):04X}"
    parts = [
        "neo4j-admin database import full",
        f"--array-delimiter={delimiter}",
        "--multiline-fields=true",
        "--legacy-style-quoting=false",
        *(f"--nodes={shlex.quote(name)}" for name in NODE_FILES.values()),
        *(f"--relationships={shlex.quote(rels_file(t))}" for t in EDGE_PROPERTIES),
        *extra,
        # --nodes and --relationships take several values: `--` keeps them from taking the database name
        f"-- {shlex.quote(database)}",
    ]
    return " \\\n  ".join(parts)


def import_script(array_delimiter: str = ";") -> str:
    command = import_command(array_delimiter, extra=('"$@"',))
    return (
        "#!/bin/sh\n"
        "# Bulk-load these files (written by `kg export --format neo4j-csv`) into a new, empty Neo4j database.\n"
        "# Stop the database first; neo4j-admin must be on PATH (it is in the bin/ folder of Neo4j).\n"
        "# The import refuses a database that exists (a Neo4j started once has `neo4j`): to replace it, run\n"
        "#   sh import.sh --overwrite-destination=true\n"
        "# (options given here are passed on to neo4j-admin). Then start Neo4j.\n"
        "set -e\n"
        'cd "$(dirname "$0")"\n'
        f"{command}\n"
    )


def _array_delimiter(tables: list[list[dict[str, Any]]]) -> str:
    elements = {item for rows in tables for row in rows for value in row.values()
                if isinstance(value, list) for item in value}
    for candidate in ARRAY_DELIMITERS:
        if not any(candidate in element for element in elements):
            return candidate
    raise ValueError("every array delimiter neo4j-admin could use occurs in an alias or a file name")


def _columns(rows: list[dict[str, Any]], leading: tuple[str, ...], known: dict[str, str]) -> list[tuple[str, str]]:
    """(property, header) pairs: the leading ones, then every other property of the rows, sorted."""
    names = list(leading)
    names += sorted({name for row in rows for name in row} - set(leading))
    columns = []
    for name in names:
        if name.startswith(":") or name.endswith(":ID"):
            columns.append((name, name))
            continue
        kind = known.get(name) or _value_type([row[name] for row in rows if row.get(name) is not None])
        columns.append((name, name if kind == "string" else f"{name}:{kind}"))
    return columns


def _value_type(values: list[Any]) -> str:
    types = {type(value) for value in values}
    if types == {bool}:
        return "boolean"
    if types == {int}:
        return "int"
    if types and types <= {int, float}:
        return "double"
    if types == {list}:
        return "string[]"
    return "string"


def _write_csv(path: Path, columns: list[tuple[str, str]], rows: list[dict[str, Any]], delimiter: str) -> Path:
    lines = [",".join(header for _, header in columns)]  # names and types only: nothing to quote
    for row in rows:
        lines.append(",".join(_cell(row.get(name), header, delimiter) for name, header in columns))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return path


def _cell(value: Any, header: str, delimiter: str) -> str:
    """A value as neo4j-admin reads it: nothing for null, bare numbers and booleans, quoted text."""
    if value is None or value == []:
        return ""
    kind = header.rsplit(":", 1)[1] if ":" in header else "string"
    if kind == "boolean":
        return "true" if value else "false"
    if kind in {"int", "double"}:
        return repr(value)
    if isinstance(value, list):
        return _quoted(delimiter.join(str(item) for item in value))
    if isinstance(value, dict):
        return _quoted(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return _quoted(str(value))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
