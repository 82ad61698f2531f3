"""graph.sqlite, written by `kg build` beside graph.json: the same graph, read a node at a time.

Every question answered over it (networkx's code on `DiskGraph`) must give what the graph loaded from
graph.json gives, for every task, document and node of data/; `kg trace` reads it; a store that is
partial or older than graph.json is never read."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from kg import store
from kg.cli import main
from kg.disk import GRAPH_DB, DiskGraph
from queries import agency_load, implementations, quarter_windows, trace
from queries.backends import NetworkxBackend
from queries.find import find, show

TASK_2_1 = "task/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209/PLI:2.1"


@pytest.fixture(scope="module")
def both(built_graph):
    loaded = NetworkxBackend(store.read(built_graph).graph)
    on_disk = NetworkxBackend(DiskGraph(built_graph / GRAPH_DB))
    return loaded, on_disk


def test_the_build_writes_the_store_with_every_node_and_link(built_graph):
    graph = store.read(built_graph).graph
    disk = DiskGraph(built_graph / GRAPH_DB)
    assert disk.number_of_nodes() == graph.number_of_nodes() == 35 + 152 + len(
        [n for n, d in graph.nodes(data=True) if d["kind"] == "Agency"])
    assert disk.number_of_edges() == graph.number_of_edges()
    assert disk.nodes["doc/phu-yen/kh-ubnd/209/2021"]["symbol"] == "209/KH-UBND"
    assert list(disk.successors("doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209")) == \
        list(graph.successors("doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209"))


def test_every_trace_is_the_same_on_disk(both):
    loaded, on_disk = both
    tasks = [t for t, _, _ in loaded.tasks()]
    assert len(tasks) == 152 and [t for t, _, _ in on_disk.tasks()] == tasks
    for task in tasks:
        assert trace(on_disk, task) == trace(loaded, task), task


def test_every_node_shows_the_same_on_disk(both):
    loaded, on_disk = both
    for row in loaded.documents():
        assert show(on_disk, row["id"]) == show(loaded, row["id"])
        assert implementations(on_disk, row["id"]) == implementations(loaded, row["id"])
    for row in loaded.agencies():
        assert show(on_disk, row["id"]) == show(loaded, row["id"])
    assert show(on_disk, TASK_2_1) == show(loaded, TASK_2_1)


def test_agency_load_and_search_are_the_same_on_disk(both):
    loaded, on_disk = both
    assert agency_load(on_disk) == agency_load(loaded)
    assert agency_load(on_disk, province="Phú Yên") == agency_load(loaded, province="Phú Yên")
    assert quarter_windows(on_disk) == quarter_windows(loaded)
    for text in ("khoa học", "209/KH-UBND", "Sở Khoa học và Công nghệ", "đổi mới sáng tạo"):
        assert find(on_disk, text, limit=100) == find(loaded, text, limit=100)


def test_trace_reads_the_store(built_graph, tmp_path, capsys):
    """With graph.json gone, the trace still answers: from graph.sqlite."""
    folder = tmp_path / "kg-out"
    shutil.copytree(built_graph, folder)
    assert main(["trace", TASK_2_1, "--graph", str(built_graph), "-f", "json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    (folder / "graph.json").unlink()
    assert main(["trace", TASK_2_1, "--graph", str(folder), "-f", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer == expected
    # Số: /KH-SKHCN (a blank number) implements Kế hoạch 209/KH-UBND, which implements Nghị quyết 11-NQ/TU
    assert [s["symbol"] for s in answer["chain"]] == ["KH-SKHCN", "209/KH-UBND", "11-NQ/TU"]


def test_a_partial_or_older_store_is_never_read(built_graph, tmp_path):
    folder = tmp_path / "kg-out"
    shutil.copytree(built_graph, folder)
    # a build killed while writing the store leaves only its partial file, which nothing reads
    (folder / GRAPH_DB).rename(folder / f".{GRAPH_DB}.partial")
    assert not isinstance(store.read_graph(folder), DiskGraph)
    # a store older than graph.json (graph.json rewritten by something else) is not read either
    (folder / f".{GRAPH_DB}.partial").rename(folder / GRAPH_DB)
    assert isinstance(store.read_graph(folder), DiskGraph)
    stamp = (folder / "graph.json").stat().st_mtime
    os.utime(folder / GRAPH_DB, (stamp - 60, stamp - 60))
    assert not isinstance(store.read_graph(folder), DiskGraph)


def test_agencies_read_the_stores_rows(built_graph, tmp_path, capsys):
    """With graph.json gone, `kg agencies` answers the same, from graph.sqlite's assignment rows."""
    folder = tmp_path / "kg-out"
    shutil.copytree(built_graph, folder)
    for args in ([], ["--province", "Quảng Trị"], ["--from", "2023-01-01", "--to", "2023-12-31"]):
        assert main(["agencies", "--graph", str(built_graph), "-f", "json", *args]) == 0
        expected = json.loads(capsys.readouterr().out)
        (folder / "graph.json").unlink(missing_ok=True)
        assert main(["agencies", "--graph", str(folder), "-f", "json", *args]) == 0
        assert json.loads(capsys.readouterr().out) == expected, args
    top = expected["agencies"][0]
    assert top["lead"] + top["coordinate"] > 0


# --- search and the web app, from the store -------------------------------------------------------

SEARCHES = ["khoa học", "209/KH-UBND", "KH 209", "nghị quyết 11", "Sở Khoa học và Công nghệ", "đổi mới sáng tạo",
            "a", "k h", "ubnd tỉnh", "phú yên", "PLI:2.1", TASK_2_1, "doanh nghiệp khởi n", "công ngh", "xyzzy", "các sở, ngành"]


def test_search_reads_the_stores_index_and_finds_the_same(both):
    loaded, on_disk = both
    from queries.find import _index, _StoredIndex, resolve_node, resolve_task

    assert isinstance(_index(on_disk), _StoredIndex)  # not the tasks listed from every node
    for text in SEARCHES:
        for kind in (None, "document", "task", "agency"):
            for province in (None, "Phú Yên", "tỉnh Quảng Trị"):
                assert find(on_disk, text, kind=kind, province=province, limit=30) == \
                    find(loaded, text, kind=kind, province=province, limit=30), (text, kind, province)
    for resolver in (resolve_node, resolve_task):
        for text in ("PLI:2.1", TASK_2_1, "task/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209/PLI%3A2.1"):
            def answer(source):
                try:
                    return resolver(source, text)
                except LookupError as exc:
                    return type(exc).__name__, str(exc)
            assert answer(on_disk) == answer(loaded), (resolver, text)
    # the appendix task PLI:2.1 of the Phú Yên plan, its id typed as printed or as stored
    stored = resolve_task(on_disk, TASK_2_1)
    assert stored == TASK_2_1.replace(":", "%3A") == resolve_task(on_disk, stored)


def test_a_prepared_search_of_the_store_finds_what_a_scan_finds(built_graph):
    """kg serve indexes documents, agencies and tasks (queries.find.prepare): the same answers as scoring
    every row of the loaded graph."""
    from queries.find import prepare

    on_disk, loaded = NetworkxBackend(store.read_app_graph(built_graph)), NetworkxBackend(store.read(built_graph).graph)
    prepare(on_disk)
    for text in SEARCHES + ["KH", "209", "kế hoạch số 209", "209/kh", "NQ 11 2021", "quảng trị"]:
        for kind in (None, "document", "task", "agency"):
            assert find(on_disk, text, kind=kind, limit=1000) == find(loaded, text, kind=kind, limit=1000), (text, kind)


def test_the_app_answers_the_same_from_the_store(built_graph):
    from kg.serve import GraphService

    on_disk = store.read_app_graph(built_graph)
    assert isinstance(on_disk, DiskGraph)
    loaded = store.read(built_graph).graph
    app, reference = GraphService(on_disk), GraphService(loaded)
    assert app.provinces == reference.provinces == ["Hưng Yên", "Ninh Thuận", "Phú Yên", "Quảng Trị", "Tây Ninh"]
    assert app.loads == reference.loads
    for node in loaded:
        assert app.node(node) == reference.node(node), node
        assert app.neighbourhood(node) == reference.neighbourhood(node), node
    for node, data in loaded.nodes(data=True):
        if data["kind"] == "Task":
            assert app.trace(node) == reference.trace(node), node
    for text in SEARCHES:
        assert app.search(text) == reference.search(text), text
    for province, start, end in (("", "", ""), ("Phú Yên", "", ""), ("", "2023-01-01", "2023-12-31")):
        assert app.load(province, start, end) == reference.load(province, start, end)
    # the plan 209/KH-UBND of Phú Yên comes first for its symbol, and the Sở KH&CN's plan implementing
    # it has three neighbours of its own kind (the plan, the resolution it cites, its issuer among them)
    first = app.search("209/KH-UBND")["results"][0]
    assert (first["label"], first["kind"], first["province"]) == ("209/KH-UBND", "Document", "Phú Yên")
    around = app.neighbourhood("doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209")
    assert "doc/phu-yen/kh-ubnd/209/2021" in {n["id"] for n in around["nodes"]}
    assert any(e["type"] == "implements" and e["to"] == "doc/phu-yen/kh-ubnd/209/2021" for e in around["edges"])


def test_the_app_and_search_need_no_graph_json(built_graph, tmp_path, capsys):
    """With graph.json gone, kg serve's service, `kg find` and `kg show` answer from graph.sqlite alone."""
    from kg.serve import GraphService

    folder = tmp_path / "kg-out"
    shutil.copytree(built_graph, folder)
    questions = (["find", "khoa học", "--limit", "50"], ["find", "KH 209", "--kind", "document"],
                 ["show", "Sở Khoa học và Công nghệ", "--province", "Phú Yên"], ["show", "PLI:2.1"])
    expected = []
    for args in questions:
        assert main([*args, "--graph", str(built_graph), "-f", "json"]) == 0
        expected.append(json.loads(capsys.readouterr().out))
    (folder / "graph.json").unlink()
    for args, answer in zip(questions, expected):
        assert main([*args, "--graph", str(folder), "-f", "json"]) == 0
        assert json.loads(capsys.readouterr().out) == answer, args
    assert GraphService(store.read_app_graph(folder)).search("209/KH-UBND")["total"] >= 1


def test_a_store_without_the_apps_rows_is_not_used_for_the_app(built_graph, tmp_path):
    """graph.sqlite written before it held search (an older build): the app loads graph.json instead."""
    import sqlite3

    folder = tmp_path / "kg-out"
    shutil.copytree(built_graph, folder)
    db = sqlite3.connect(folder / GRAPH_DB)
    db.execute("DROP TABLE search_task")
    db.commit()
    db.close()
    os.utime(folder / GRAPH_DB)  # still newer than graph.json
    assert not isinstance(store.read_app_graph(folder), DiskGraph)
    graph = store.read_graph(folder)  # trace and agencies still read it: they need no search rows
    assert isinstance(graph, DiskGraph) and not graph.has_search
    assert find(NetworkxBackend(graph), "KH 209").matches[0].id == "doc/phu-yen/kh-ubnd/209/2021"
