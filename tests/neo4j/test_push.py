"""Push data/ into a real Bolt server and ask the same questions there."""

from __future__ import annotations

import datetime as dt

import pytest

from kg import store
from kg.build import build
from kg.neo4j import BoltServer, push
from loaders import parse_text, read_documents
from queries import agency_load, trace
from queries.backends import CypherBackend, NetworkxBackend
from tests.conftest import DOCUMENTS


@pytest.fixture(scope="module")
def graph():
    return build(read_documents([DOCUMENTS])[0]).graph


def _sessions(bolt):
    return lambda: bolt.driver.session(database=bolt.database)


def _server(bolt) -> BoltServer:
    return BoltServer(bolt.driver, bolt.database)


def _empty(bolt) -> None:
    with _sessions(bolt)() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


def _count(bolt, query: str, **params) -> int:
    with _sessions(bolt)() as session:
        return session.run(query, **params).single()[0]


@pytest.fixture(scope="module")
def loaded(bolt, graph):
    _empty(bolt)
    report = push(graph, _server(bolt))
    return report


def test_push_loads_every_node_and_edge(bolt, graph, loaded):
    assert loaded.nodes == graph.number_of_nodes()
    assert loaded.edges == graph.number_of_edges()
    assert _count(bolt, "MATCH (n) RETURN count(n)") == graph.number_of_nodes()
    assert _count(bolt, "MATCH ()-[r]->() RETURN count(r)") == graph.number_of_edges()
    assert _count(bolt, "MATCH (n:Document) RETURN count(n)") == 35
    assert _count(bolt, "MATCH (n:Task) RETURN count(n)") == 152
    labels = _count(bolt, "MATCH (d {id: $id}) RETURN labels(d)", id="doc/quang-tri/kh-skhcn/43/2023")
    assert sorted(labels) == ["Document", "Plan"]
    role = _count(bolt, "MATCH (:Task)-[r:ASSIGNED_TO]->(:Agency {id: $a}) RETURN collect(DISTINCT r.role)",
                  a="agency/quang-tri/so-khoa-hoc-cong-nghe/phong-quan-ly-khoa-hoc")
    assert role == ["lead"]


def test_pushing_twice_changes_nothing(bolt, graph, loaded):
    push(graph, _server(bolt))
    assert _count(bolt, "MATCH (n) RETURN count(n)") == graph.number_of_nodes()
    assert _count(bolt, "MATCH ()-[r]->() RETURN count(r)") == graph.number_of_edges()


def test_small_batches_load_the_same(bolt, graph, loaded):
    report = push(graph, _server(bolt), max_batch_bytes=400)
    assert report.batches > loaded.batches
    assert _count(bolt, "MATCH (n) RETURN count(n)") == graph.number_of_nodes()


def test_the_same_answers_as_the_embedded_default(bolt, graph, loaded):
    server, embedded = CypherBackend(_server(bolt)), NetworkxBackend(graph)
    for task in ("task/quang-tri/kh-skhcn/43/2023/1",
                 "task/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209/PLI%3A2.1",
                 "task/file/ninh-thuan-2022-kh-ubnd-trien-khai-qd-472/II.4.a-1"):
        assert trace(server, task).as_json() == trace(embedded, task).as_json(), task
    assert agency_load(server).model_dump() == agency_load(embedded).model_dump()


def test_hostile_text_loads_as_text_and_deletes_nothing(bolt, graph, loaded, tmp_path):
    before = _count(bolt, "MATCH (n) RETURN count(n)")
    hostile = "Nhiệm vụ 'quoted' \"double\" back\\slash '}) DETACH DELETE n //"
    record = parse_text(
        "KẾ HOẠCH\nThử\n\nQuảng Nam, ngày 01 tháng 3 năm 2024\n\nII. NHIỆM VỤ\n\n1. Việc\n\n"
        f"- Sở Y tế: {hostile}\n",
        path=str(tmp_path / "hostile.txt"),
    )
    small = build([record]).graph
    push(small, _server(bolt))
    texts = _server(bolt).rows("MATCH (t:Task) WHERE t.text CONTAINS $x RETURN t.text AS text", x="DETACH")
    texts = [row["text"] for row in texts]
    assert texts == [f"Sở Y tế: {hostile}"]
    added = small.number_of_nodes() - sum(1 for n in small if n in graph)
    assert _count(bolt, "MATCH (n) RETURN count(n)") == before + added


def test_cli_push_reads_the_password_from_the_environment(bolt, graph, loaded, tmp_path, monkeypatch, capsys):
    from kg.cli import main

    out = tmp_path / "kg-out"
    assert main(["build", str(DOCUMENTS), "--out", str(out)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("NEO4J_PASSWORD", bolt.password)
    argv = ["neo4j", "push", "--graph", str(out), "--uri", bolt.uri, "--user", bolt.user]
    if bolt.database:
        argv += ["--database", bolt.database]
    assert main(argv) == 0
    printed = capsys.readouterr()
    built = store.read(out).graph  # with the 2025 successors: agencies and succeeded_by links pushed too
    assert f"pushed {built.number_of_nodes()} nodes and {built.number_of_edges()} edges" in printed.out
    assert built.number_of_edges() > graph.number_of_edges()
    server, embedded = CypherBackend(_server(bolt)), NetworkxBackend(built)
    assert server.successions() == embedded.successions() and len(embedded.successions()) >= 30
    today = dt.date(2026, 1, 1)
    for province in ("Ninh Thuận", "Phú Yên"):  # the server also holds the other tests' small graphs
        assert agency_load(server, province=province, as_of=today).model_dump() == \
            agency_load(embedded, province=province, as_of=today).model_dump()
    if bolt.password:
        assert bolt.password not in printed.out + printed.err
    ids = [n for n, d in graph.nodes(data=True) if d["kind"] == "Document"]
    assert _count(bolt, "MATCH (n:Document) WHERE n.id IN $ids RETURN count(n)", ids=ids) == 35


def test_long_texts_and_long_lists_arrive_whole(bolt, graph, loaded):
    """FalkorDB's Bolt port crashed on a query of about 4 KB: an agency named in 200 files, a task of
    6,000 characters (with quotes and backslashes) must still arrive whole, and twice is once."""
    import networkx as nx

    long_text = ("Nhiệm vụ dài 'một' \\ hai " * 300)[:6000]
    files = [f"data/documents/tinh-{i:03d}/ke-hoach-so-{i:03d}-thuc-hien-nghi-quyet.txt" for i in range(200)]
    big = nx.MultiDiGraph()
    big.add_node("agency/test/so-dai", kind="Agency", name="Sở Dài", province="Test", sources=files)
    big.add_node("doc/test/kh/1", kind="Document", doc_type="KH", title="Kế hoạch dài")
    big.add_node("task/test/1", kind="Task", label="1", text=long_text)
    big.add_edge("task/test/1", "doc/test/kh/1", key="part_of", type="part_of", quote=long_text, file=files[0])
    big.add_edge("task/test/1", "agency/test/so-dai", key="assigned_to:lead", type="assigned_to", role="lead")
    for _ in range(2):
        push(big, _server(bolt))
        rows = _server(bolt).rows(
            "MATCH (t:Task {id: $t})-[p:PART_OF]->(:Document) MATCH (a:Agency {id: $a}) "
            "RETURN t.text AS text, p.quote AS quote, a.sources AS sources", t="task/test/1", a="agency/test/so-dai")
        assert len(rows) == 1
        assert rows[0]["text"] == long_text and rows[0]["quote"] == long_text
        assert rows[0]["sources"] == files


def test_the_pushed_graph_is_the_built_graph(bolt, graph, loaded):
    """Counts by label and link type, and the properties a reader looks at: a task's text, an
    assignment's role, quotation and file (copied on the server from the task's PART_OF link)."""
    from collections import Counter

    _empty(bolt)
    push(graph, _server(bolt))  # onto an empty database: nodes and links CREATEd
    kinds = Counter(d["kind"] for _, d in graph.nodes(data=True))
    for kind, count in kinds.items():
        assert _count(bolt, f"MATCH (n:{kind}) RETURN count(n)") == count
    types = Counter(d["type"] for _, _, d in graph.edges(data=True))
    for kind, count in types.items():
        assert _count(bolt, f"MATCH ()-[r:{kind.upper()}]->() RETURN count(r)") == count
    assigned = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if d["type"] == "assigned_to"]
    for u, v, key, data in assigned[:40]:
        rows = _server(bolt).rows(
            "MATCH (t:Task {id: $u})-[e:ASSIGNED_TO {key: $key}]->(:Agency {id: $v}) "
            "RETURN t.text AS text, e.role AS role, e.quote AS quote, e.file AS file", u=u, v=v, key=key)
        assert rows == [{"text": graph.nodes[u]["text"], "role": data["role"], "quote": data.get("quote"),
                         "file": data.get("file")}]
    sources = {n: d["sources"] for n, d in graph.nodes(data=True) if d["kind"] == "Agency" and d.get("sources")}
    agency = max(sources, key=lambda n: len(sources[n]))
    assert _server(bolt).rows("MATCH (a:Agency {id: $a}) RETURN a.sources AS s", a=agency) == [{"s": sources[agency]}]
