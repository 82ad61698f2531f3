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
