"""Export a built graph: RDF serialisations, GraphML, networkx node-link JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx

from . import store
from .rdf import to_rdf

EXPORT_FORMATS = ("turtle", "jsonld", "ntriples", "graphml", "node-link")


def export_graph(folder: Path, fmt: str) -> bytes:
    """The graph in `folder` (written by `kg build`) as bytes of the given format."""
    kg = store.read(folder)
    if fmt == "node-link":
        return (folder / store.GRAPH_JSON).read_bytes()
    if fmt == "graphml":
        return _graphml(kg.graph)
    rdf = to_rdf(kg.graph)
    if fmt == "ntriples":
        # sorted, so two builds of the same documents compare line by line
        lines = sorted(line for line in rdf.serialize(format="nt").splitlines() if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8")
    return rdf.serialize(format={"turtle": "turtle", "jsonld": "json-ld"}[fmt]).encode("utf-8")


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
