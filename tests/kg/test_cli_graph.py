"""`kg build`, `kg export`, `kg check` on data/: files written, formats that parse, findings listed."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from rdflib import Graph

from kg.cli import main
from tests.conftest import DOCUMENTS


@pytest.fixture(scope="module")
def built(built_graph):
    return built_graph


def test_build_writes_turtle_and_node_link_json(built):
    assert (built / "graph.ttl").is_file()
    data = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    kinds = {n["kind"] for n in data["nodes"]}
    assert kinds == {"Document", "Agency", "Task"}
    document = next(n for n in data["nodes"] if n["id"] == "doc/quang-tri/kh-skhcn/43/2023")
    assert {k: document[k] for k in ("doc_type", "number", "symbol", "date", "year")} == {
        "doc_type": "KH", "number": "43", "symbol": "43/KH-SKHCN", "date": "2023-04-11", "year": 2023}
    assert document["issuer"] == "agency/quang-tri/so-khoa-hoc-cong-nghe"
    assert document["source"].endswith("quang-tri_2023_43-kh-skhcn_thuc-hien-ctr-59.txt")
    assert {e["type"] for e in data["links"]} == {
        "implements", "based_on", "cites", "part_of", "assigned_to", "issued_by", "sub_organization_of"}
    assert all(e["role"] in {"lead", "coordinate"} for e in data["links"] if e["type"] == "assigned_to")


def test_build_prints_a_summary(tmp_path, capsys):
    assert main(["build", str(DOCUMENTS), "--out", str(tmp_path), "--format", "json", "--no-succession"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["documents"], summary["documents_loaded"], summary["tasks"]) == (35, 5, 152)
    assert summary["warnings"][str(DOCUMENTS / "phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt")] == 2


@pytest.mark.parametrize(("fmt", "rdf_format"), [("turtle", "turtle"), ("jsonld", "json-ld"), ("ntriples", "nt")])
def test_rdf_exports_parse(built, fmt, rdf_format, tmp_path, capsys):
    out = tmp_path / f"graph.{fmt}"
    assert main(["export", "--graph", str(built), "--format", fmt, "--output", str(out)]) == 0
    graph = Graph().parse(out, format=rdf_format)
    assert len(graph) > 1000


def test_graphml_and_node_link_exports_load_in_networkx(built, tmp_path):
    graphml = tmp_path / "graph.graphml"
    assert main(["export", "--graph", str(built), "--format", "graphml", "--output", str(graphml)]) == 0
    graph = nx.read_graphml(graphml)
    assert graph.nodes["doc/phu-yen/kh-ubnd/209/2021"]["symbol"] == "209/KH-UBND"
    link = tmp_path / "graph.json"
    assert main(["export", "--graph", str(built), "--format", "node-link", "--output", str(link)]) == 0
    assert json.loads(link.read_text(encoding="utf-8"))["nodes"]


def test_check_lists_findings_with_quotations(built, capsys):
    assert main(["check", "--graph", str(built)]) == 0
    out = capsys.readouterr().out
    assert "[possible-same-document] 1121/QĐ-UBND of 2022-05-26 and 1221/QĐ-UBND of 2021-05-26" in out
    assert "“Quyết định số 1221/QĐ-UBND ngày 26/5/2021 của Ủy ban nhân dân tỉnh”" in out
    assert "[corrected-symbol]" in out and "29-NQ/TW" in out


def test_commands_without_a_graph_say_how_to_build_one(tmp_path, capsys):
    assert main(["check", "--graph", str(tmp_path / "none")]) == 1
    assert "run `kg build data/" in capsys.readouterr().err
    assert main(["export", "--graph", str(tmp_path / "none"), "--format", "turtle"]) == 1


def test_build_of_nothing_readable_fails(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["build", str(empty), "--out", str(tmp_path / "out")]) == 1
    assert "nothing was built" in capsys.readouterr().err


def test_edge_provenance_survives_the_json_file(built):
    """Regression: node-link JSON keeps a link's start node under "source"; the file must not be lost."""
    from kg import store

    graph = store.read(built).graph
    data = graph.get_edge_data("doc/phu-yen/kh-ubnd/209/2021", "doc/phu-yen/nq-tu/11/2021")["implements"]
    assert data["file"].endswith("phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt")
    assert "209/KH-UBND" in data["quote"]


def test_graph_json_is_what_networkx_node_link_gives(built):
    """graph.json is streamed line by line; it must still be exactly networkx's node-link data."""
    data = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    expected = nx.node_link_data(graph, edges="links")
    expected["links"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
    expected["nodes"].sort(key=lambda n: n["id"])
    complete = data.pop("complete")  # the closing line: the file is whole (networkx ignores it)
    assert data == expected
    assert (len(data["nodes"]), len(data["links"])) == (257, 474)
    assert (complete["nodes"], complete["links"]) == (257, 474) and len(complete["build"]) == 32


def test_graph_ttl_holds_each_triple_once(built):
    lines = [line for line in (built / "graph.ttl").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert len(lines) == len(set(lines)) == len(Graph().parse(built / "graph.ttl", format="turtle"))


def test_graph_json_reads_back_line_by_line_or_whole(built, tmp_path):
    """store.read streams the lines write_json lays out, and parses any other node-link layout whole."""
    from kg import store

    data = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    expected = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    streamed = store.read(built).graph
    assert nx.utils.graphs_equal(streamed, expected) and list(streamed) == list(expected)
    (tmp_path / "graph.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    whole = store.read(tmp_path).graph
    assert nx.utils.graphs_equal(whole, expected)
