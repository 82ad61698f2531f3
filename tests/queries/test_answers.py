"""Trace and agency load over data/, checked by hand against the documents, the same on every backend."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kg.cli import main
from queries import BACKENDS, AmbiguousTask, agency_load, implementations, open_backend, trace

PHU_YEN_PLAN = "doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209"
PHU_YEN_2_1 = "task/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209/PLI%3A2.1"
QUANG_TRI_1 = "task/quang-tri/kh-skhcn/43/2023/1"
NINH_THUAN_TASK = "task/file/ninh-thuan-2022-kh-ubnd-trien-khai-qd-472/II.4.a-1"


@pytest.fixture(scope="module")
def graph_dir(built_graph):
    return built_graph


@pytest.fixture(scope="module")
def sources(graph_dir):
    return {name: open_backend(graph_dir, name) for name in BACKENDS}


def _symbols(path):
    return [step.symbol or step.id for step in path.chain]


@pytest.mark.parametrize("backend", BACKENDS)
def test_trace_phu_yen_task_to_the_resolution(sources, backend):
    answer = trace(sources[backend], PHU_YEN_2_1)
    assert answer.task.label == "PLI:2.1"
    (path,) = answer.paths
    # the task's plan implements Kế hoạch 209/KH-UBND, which implements Nghị quyết 11-NQ/TU
    assert _symbols(path) == [PHU_YEN_PLAN, "209/KH-UBND", "11-NQ/TU"]
    assert [s.relation for s in path.chain] == ["part_of", "implements", "implements"]
    top = path.chain[-1]
    assert (top.doc_type, top.date, top.issuer) == ("NQ", "2021-08-18", "Ban Thường vụ Tỉnh ủy")
    assert "thực hiện Nghị quyết số 11" in top.quote


@pytest.mark.parametrize("backend", BACKENDS)
def test_trace_quang_tri_task_gives_two_paths(sources, backend):
    answer = trace(sources[backend], QUANG_TRI_1)
    paths = sorted(_symbols(p) for p in answer.paths)
    # the plan implements programme 59-CTr/TU (which implements 29-NQ/TW) and the letter 1392/UBND-KT
    assert paths == [["43/KH-SKHCN", "1392/UBND-KT"], ["43/KH-SKHCN", "59-CTr/TU", "29-NQ/TW"]]


@pytest.mark.parametrize("backend", BACKENDS)
def test_trace_ninh_thuan_task_to_decision_472(sources, backend):
    (path,) = trace(sources[backend], NINH_THUAN_TASK).paths
    assert [s.symbol for s in path.chain][1:] == ["472/QĐ-UBND"]
    assert path.chain[1].date == "2022-08-23"


def test_task_found_by_words_without_accents(sources):
    answer = trace(sources["networkx"], "ra soat, bo sung chinh sach ho tro phat trien he sinh thai")
    assert answer.task.id == PHU_YEN_2_1
    with pytest.raises(AmbiguousTask) as info:
        trace(sources["networkx"], "so khoa hoc")
    assert len(info.value.candidates) > 1


def test_every_trace_is_the_same_on_every_backend(sources):
    tasks = [t for t, _, _ in sources["networkx"].tasks()]
    assert len(tasks) == 152
    for task in tasks:
        answers = {name: trace(source, task).as_json() for name, source in sources.items()}
        assert answers["networkx"] == answers["sparql"], task


def test_phu_yen_department_that_leads_most(sources):
    report = agency_load(sources["networkx"], province="Phú Yên")
    first = report.agencies[0]
    # Phòng Quản lý KH&CN leads 12 tasks of Phụ lục I and 18 result rows of Phụ lục II (rows under a
    # merged lead cell counted)
    assert (first.name, first.lead) == ("Phòng Quản lý Khoa học và Công nghệ", 30)
    assert first.overloaded
    assert all(a.province == "Phú Yên" for a in report.agencies)
    assert "Các phòng và đơn vị thuộc Sở" in [g.name for g in report.groups]
    assert "Các phòng và đơn vị thuộc Sở" not in [a.name for a in report.agencies]
    assert "overloaded" in report.rule


def test_agency_load_is_the_same_on_every_backend(sources):
    period = {"start": dt.date(2023, 1, 1), "end": dt.date(2023, 12, 31)}
    answers = {name: agency_load(source, **period).model_dump() for name, source in sources.items()}
    assert answers["networkx"] == answers["sparql"]


def test_open_tasks_in_a_period(sources):
    report = agency_load(sources["networkx"], province="Quảng Trị", start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31))
    # every task of the Quảng Trị appendix runs "Giai đoạn 2023-2030"
    for agency in report.agencies:
        assert agency.open == agency.lead + agency.coordinate


def test_implementations_go_down_to_tasks(sources):
    for source in sources.values():
        found = implementations(source, "doc/phu-yen/nq-tu/11/2021")
        by_id = {i.id: i for i in found}
        assert by_id["doc/phu-yen/kh-ubnd/209/2021"].depth == 1
        assert by_id[PHU_YEN_PLAN].depth == 2
        assert by_id[PHU_YEN_2_1].depth == 3
        assert by_id[PHU_YEN_2_1].leads == ["Phòng Quản lý Khoa học và Công nghệ"]
        assert sum(1 for i in found if i.kind == "Task") == 53


def test_cli_trace_json_and_agencies_csv(graph_dir, capsys):
    assert main(["trace", QUANG_TRI_1, "--graph", str(graph_dir), "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"task", "paths"} and len(answer["paths"]) == 2
    assert main(["trace", PHU_YEN_2_1, "--graph", str(graph_dir), "--format", "json", "--backend", "sparql"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"task", "chain"}
    assert set(answer["chain"][1]) == {"id", "doc_type", "number", "symbol", "date", "title", "issuer", "relation", "quote"}
    assert main(["agencies", "--graph", str(graph_dir), "--format", "csv", "--top", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,name,province,lead,coordinate,load,open,overloaded"
    assert len(lines) == 4
    assert main(["trace", "so khoa hoc", "--graph", str(graph_dir)]) == 2
    assert "matches" in capsys.readouterr().err


def test_cli_agencies_timeline_text_and_png(graph_dir, tmp_path, capsys):
    png = tmp_path / "load.png"
    assert main(["agencies", "--graph", str(graph_dir), "--province", "Quảng Trị", "--timeline", str(png)]) == 0
    out = capsys.readouterr().out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the Quảng Trị appendix runs "Giai đoạn 2023-2030": its quarters are on the time axis
    assert "load per quarter" in out and "2023" in out and "2030" in out
    assert "Phòng Quản lý Khoa học" in out
