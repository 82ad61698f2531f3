"""kg-out/: where a build is written and read back (graph.ttl, graph.json, findings.json)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from .build import Evidence, Finding, KnowledgeGraph
from .rdf import read_turtle, to_store, write_turtle

DEFAULT_OUT = Path("kg-out")
GRAPH_JSON = "graph.json"
GRAPH_TTL = "graph.ttl"
FINDINGS_JSON = "findings.json"


class NoGraph(Exception):
    """There is no built graph where the user pointed."""


def write(kg: KnowledgeGraph, out: Path = DEFAULT_OUT) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": write_json(kg, out), "turtle": write_turtle(to_store(kg.graph), out / GRAPH_TTL),
             "findings": out / FINDINGS_JSON}
    findings = {
        "findings": [
            {"kind": f.kind, "message": f.message, "evidence": [e.as_dict() for e in f.evidence]} for f in kg.findings
        ],
        "problems": kg.problems,
    }
    paths["findings"].write_text(json.dumps(findings, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return paths


def write_json(kg: KnowledgeGraph, out: Path = DEFAULT_OUT) -> Path:
    """graph.json: networkx node-link JSON, nodes and links sorted so that two builds compare."""
    data = nx.node_link_data(kg.graph, edges="links")
    data["links"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
    data["nodes"].sort(key=lambda n: n["id"])
    path = out / GRAPH_JSON
    # One node or link per line: each encoded by json's C encoder (an indented dump runs the pure
    # Python one, 5x slower) and written as it goes, so the whole text is never held in memory.
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    with path.open("w", encoding="utf-8") as file:
        head = {k: v for k, v in data.items() if k not in ("nodes", "links")}
        file.write(encode(head)[:-1] + ',\n"links": [\n')
        file.write(",\n".join(map(encode, data["links"])))
        file.write('\n],\n"nodes": [\n')
        file.write(",\n".join(map(encode, data["nodes"])))
        file.write("\n]}\n")
    return path


def read(out: Path = DEFAULT_OUT) -> KnowledgeGraph:
    path = out / GRAPH_JSON
    if not path.is_file():
        raise NoGraph(f"no graph in {out}/ — run `kg build data/ --out {out}` first")
    data = json.loads(path.read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
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
    return KnowledgeGraph(graph=graph, findings=findings, problems=problems)


def read_rdf(out: Path = DEFAULT_OUT) -> ox.Store:
    """graph.ttl in an in-memory Oxigraph store (SPARQL answers in well under a millisecond)."""
    path = out / GRAPH_TTL
    if not path.is_file():
        raise NoGraph(f"no graph in {out}/ — run `kg build data/ --out {out}` first")
    return read_turtle(path)
