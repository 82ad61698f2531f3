"""The RDF written for Oxigraph: ids that are not valid in an IRI survive the trip through SPARQL."""

from __future__ import annotations

import networkx as nx

from kg.rdf import ntriples, to_rdf, to_store
from queries.backends import SparqlBackend


def _graph(task: str) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_node("doc/x", kind="Document", doc_type="KH", title='Kế hoạch "số 1"\nhai dòng \\ gạch')
    graph.add_node(task, kind="Task", label="1", text="Nhiệm vụ")
    graph.add_edge(task, "doc/x", key="part_of", type="part_of",
                   evidence=[{"file": "a.txt", "start": 0, "end": 8, "quote": "Nhiệm vụ"}])
    return graph


def test_unsafe_characters_in_ids_come_back_unchanged():
    task = "task/x/Mục 1 <a>|50%"
    backend = SparqlBackend(to_store(_graph(task)))
    assert backend.tasks() == [(task, "1", "Nhiệm vụ")]
    assert backend.task(task)["document"] == "doc/x"


def test_quotes_newlines_and_backslashes_in_text_are_kept():
    graph = _graph("task/x/1")
    titles = [str(o) for s, p, o in to_rdf(graph) if str(p).endswith("#title")]
    assert titles == ['Kế hoạch "số 1"\nhai dòng \\ gạch']
    assert len(list(ntriples(graph))) == len(to_store(graph))
