"""Trace and agency load over data/, checked by hand against the documents, the same on every backend."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kg.cli import main
from tests.conftest import coordinators, leads
from queries import (
    BACKENDS,
    AmbiguousTask,
    BadQuestion,
    agency_label,
    agency_load,
    implementations,
    open_backend,
    quarter_windows,
    trace,
)
from queries.backends import NetworkxBackend
from queries.timeline import render_text

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
    # the task's plan ("Số: /KH-SKHCN", a blank number) implements Kế hoạch 209/KH-UBND, which
    # implements Nghị quyết 11-NQ/TU
    assert _symbols(path) == ["KH-SKHCN", "209/KH-UBND", "11-NQ/TU"]
    assert path.chain[0].id == PHU_YEN_PLAN and path.chain[0].year == 2022
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


@pytest.mark.parametrize("period", [
    {}, {"start": dt.date(2023, 1, 1), "end": dt.date(2023, 12, 31)}, {"start": dt.date(2022, 1, 1)},
    {"end": dt.date(2021, 12, 31)}, {"province": "Phú Yên", "start": dt.date(2022, 1, 1), "end": dt.date(2022, 12, 31)},
])
def test_agency_load_is_the_same_on_every_backend(sources, period):
    answers = {name: agency_load(source, **period).model_dump() for name, source in sources.items()}
    assert answers["networkx"] == answers["sparql"]
    assert answers["networkx"]["rollup"]  # the roll-ups are compared too
    timelines = {name: quarter_windows(source, **period) for name, source in sources.items()}
    assert timelines["networkx"] == timelines["sparql"]
    rows = {name: [(r.agency, r.parent, r.parent_name) for r in source.assignments()] for name, source in sources.items()}
    assert rows["networkx"] == rows["sparql"]


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
    assert set(answer) == {"task", "paths", "agencies"} and len(answer["paths"]) == 2
    assert main(["trace", PHU_YEN_2_1, "--graph", str(graph_dir), "--format", "json", "--backend", "sparql"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"task", "chain", "agencies"}
    assert set(answer["chain"][1]) == {"id", "doc_type", "number", "symbol", "date", "year", "title", "issuer", "relation",
                                       "quote"}
    assert main(["agencies", "--graph", str(graph_dir), "--format", "csv", "--top", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("kind,id,name,province,lead,coordinate,load,")
    assert sum(line.startswith("agency,") for line in lines) == 3
    assert main(["trace", "so khoa hoc", "--graph", str(graph_dir)]) == 3  # exit 3: ambiguous (kg/cli_parts.py)
    assert "matches" in capsys.readouterr().err


def test_cli_agencies_timeline_text_and_png(graph_dir, tmp_path, capsys):
    png = tmp_path / "load.png"
    assert main(["agencies", "--graph", str(graph_dir), "--province", "Quảng Trị", "--timeline", str(png)]) == 0
    out = capsys.readouterr().out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the Quảng Trị appendix runs "Giai đoạn 2023-2030": its quarters are on the time axis
    assert "load per quarter" in out and "2023" in out and "2030" in out
    assert "Phòng Quản lý Khoa học" in out


# --- the load per agency: keyed by agency, labelled with the province, over a period, rolled up ------------

NINH_THUAN_SO = "agency/ninh-thuan/so-khoa-hoc-cong-nghe"
HUNG_YEN_SO = "agency/hung-yen/so-khoa-hoc-cong-nghe"
PHU_YEN_SO = "agency/phu-yen/so-khoa-hoc-cong-nghe"
PHU_YEN_TRUNG_TAM = "agency/phu-yen/so-khoa-hoc-cong-nghe/trung-tam-khoa-hoc-cong-nghe"


def test_the_heatmap_has_one_row_per_agency_labelled_with_its_province(sources):
    """Ninh Thuận's plan (ninh-thuan_2022_kh-ubnd_trien-khai-qd-472.txt) gives its Sở Khoa học và Công nghệ
    five dated tasks, all led: II.3 first dash "hoàn thành chậm nhất là tháng 3/2023" (no start: it runs
    from the first quarter shown), II.3 second dash "hoàn thành trong năm 2023", II.4.a first and second
    dashes "trong tháng 11/2022", third dash "trong tháng 12/2022". Ninh Thuận's dates run from 11/2022
    to 2023, so its quarters are 2022-Q4 to 2023-Q4. Hưng Yên's Sở (Part V of its plan) has no task with a
    time, so it gets no row, and nothing of it lands in Ninh Thuận's."""
    for source in sources.values():
        load = quarter_windows(source, province="Ninh Thuận")
        assert load[NINH_THUAN_SO] == {"2022-Q4": 4.0, "2023-Q1": 2.0, "2023-Q2": 1.0, "2023-Q3": 1.0, "2023-Q4": 1.0}
        assert sum(load[NINH_THUAN_SO].values()) == 9.0
        everywhere = quarter_windows(source)
        assert all(key.startswith("agency/") for key in everywhere)  # ids, never names
        assert NINH_THUAN_SO in everywhere and HUNG_YEN_SO not in everywhere
    report = agency_load(sources["networkx"])
    labels = {a.id: agency_label(a) for a in report.agencies}
    assert labels[NINH_THUAN_SO] == "Sở Khoa học và Công nghệ (Ninh Thuận)"
    assert labels[HUNG_YEN_SO] == "Sở Khoa học và Công nghệ (Hưng Yên)"
    text = render_text(quarter_windows(sources["networkx"], province="Ninh Thuận"), labels=labels,
                       order=[a.id for a in report.agencies])
    rows = text.splitlines()[2:-1]
    assert rows[0].startswith("Sở Khoa học và Công nghệ (Ninh Thuận)") and rows[0].endswith(" 9")


def _two_provinces_graph():
    """A Sở Khoa học và Công nghệ in Ninh Thuận (3 tasks of 2023) and one in Hưng Yên (1 task of 2023)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for prov, slug, n in (("Ninh Thuận", "ninh-thuan", 3), ("Hưng Yên", "hung-yen", 1)):
        agency = f"agency/{slug}/so-khoa-hoc-cong-nghe"
        graph.add_node(agency, kind="Agency", name="Sở Khoa học và Công nghệ", province=prov)
        for i in range(n):
            task = f"task/{slug}/{i}"
            graph.add_node(task, kind="Task", label=str(i), text="Nhiệm vụ",
                           deadline={"start": "2023-01-01", "end": "2023-12-31"})
            graph.add_edge(task, agency, key="assigned_to:lead", type="assigned_to", role="lead")
    return NetworkxBackend(graph)


def test_agencies_of_one_name_in_two_provinces_are_two_rows_and_top_takes_one():
    source = _two_provinces_graph()
    load = quarter_windows(source)
    assert load == {"agency/ninh-thuan/so-khoa-hoc-cong-nghe": {f"2023-Q{q}": 3.0 for q in range(1, 5)},
                    "agency/hung-yen/so-khoa-hoc-cong-nghe": {f"2023-Q{q}": 1.0 for q in range(1, 5)}}
    report = agency_load(source, top=1)
    (first,) = report.agencies
    assert (first.id, first.load) == ("agency/ninh-thuan/so-khoa-hoc-cong-nghe", 3.0)
    shown = quarter_windows(source, agencies={a.id for a in report.agencies})
    assert list(shown) == [first.id]  # the other Sở of the same name is not pulled in
    text = render_text(load, labels={a.id: agency_label(a) for a in agency_load(source).agencies})
    assert "Sở Khoa học và Công nghệ (Ninh Thuận)" in text and "Sở Khoa học và Công nghệ (Hưng Yên)" in text


def test_a_period_counts_for_the_ranking_the_rule_and_the_heatmap(sources):
    """Over every task Ninh Thuận's Sở KH&CN (leads 13, co-ordinates 3: 14.5) ranks above Phú Yên's Trung tâm
    Khoa học và Công nghệ (leads 6, co-ordinates 1: 6.5). In 2022 the Ninh Thuận Sở has 4 tasks open, all led
    (II.3 first dash, by 3/2023; II.4.a three dashes, 11 and 12/2022); its co-ordinated tasks (II.2.b, II.2.c,
    II.4.b) have no time and are not counted. Every task of the Trung tâm runs in 2022 (Phụ lục I 3.2
    "Quý II/2022-2023", 3.3 "Quý II/2022", 3.4 "2022-2023", 4.2 "Quý IV/2022", 4.3 "Quý III/2022"; its
    Phụ lục II rows 2022-2024), so it stays at 6.5 and now ranks above."""
    for source in sources.values():
        every = [a.id for a in agency_load(source).agencies]
        assert every.index(NINH_THUAN_SO) < every.index(PHU_YEN_TRUNG_TAM)
        report = agency_load(source, start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
        assert (report.start, report.end) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
        assert "2022-01-01" in report.rule and "2022-12-31" in report.rule
        in_2022 = [a.id for a in report.agencies]
        assert in_2022.index(PHU_YEN_TRUNG_TAM) < in_2022.index(NINH_THUAN_SO)
        so = next(a for a in report.agencies if a.id == NINH_THUAN_SO)
        assert (so.lead, so.coordinate, so.load, so.open) == (4, 0, 4.0, 4)
        assert (so.lead_all, so.coordinate_all, so.load_all) == (13, 3, 14.5)
        # over every task it is overloaded (14.5 above 10); in 2022 it is not: 4.0 is under 10, and only two
        # Ninh Thuận agencies have a task open then (the Liên hiệp các Hội is the other), too few for a median
        assert next(a for a in agency_load(source).agencies if a.id == NINH_THUAN_SO).overloaded
        assert not so.overloaded and so.peer_median is None
        # 2023: II.3 first dash (by 3/2023) and second dash (within 2023)
        in_2023 = agency_load(source, province="Ninh Thuận", start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
        assert next(a.load for a in in_2023.agencies if a.id == NINH_THUAN_SO) == 2.0
        heat = quarter_windows(source, province="Ninh Thuận", start=dt.date(2023, 1, 1), end=dt.date(2023, 6, 30))
        assert heat[NINH_THUAN_SO] == {"2023-Q1": 2.0, "2023-Q2": 1.0}  # only the quarters of the period


def test_without_a_period_the_counts_are_those_of_every_task(sources):
    report = agency_load(sources["networkx"], province="Ninh Thuận")
    so = report.agencies[0]
    assert (so.id, so.lead, so.coordinate, so.load, so.open) == (NINH_THUAN_SO, 13, 3, 14.5, None)
    assert (so.lead_all, so.coordinate_all, so.load_all) == (13, 3, 14.5)
    assert report.start is None and report.end is None


def test_phu_yen_department_rolled_up_with_its_units(sources, corpus):
    """Phú Yên's plan is the Sở KH&CN's own (phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt): it hands every task
    to its units and none to itself. Its five units carry tasks: Phòng Quản lý KH&CN leads 30, Phòng Kế hoạch
    - Tài chính 8, Trung tâm KH&CN 6, Chi cục TCĐLCL 5, Phòng Thanh tra - Hành chính tổng hợp 3: 52 leads, on
    51 tasks, because task 3.2 of Phụ lục I ("Trung tâm KH và CN Phòng Thanh tra Hành chính Tổng hợp") has two
    of them as leads. Each co-ordination by a unit is on a task another unit leads (4.2: Phòng Quản lý KH&CN
    leads, "Trung tâm KH&CN; Phòng Kế hoạch – Tài chính" co-ordinate), so the Sở with its units co-ordinates
    none beside what it leads. "Các phòng và đơn vị thuộc Sở" is a collective mention, not a unit."""
    record = corpus["phu-yen"]
    unit_names = {"Phòng Quản lý Khoa học và Công nghệ", "Phòng Kế hoạch - Tài chính", "Trung tâm Khoa học và Công nghệ",
                  "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Phòng Thanh tra - Hành chính tổng hợp"}
    led = {t.label for t in record.tasks if unit_names & set(leads(record, t.label))}
    co = {t.label for t in record.tasks if unit_names & set(coordinators(record, t.label))}
    assert len(led) == 51 and co <= led
    assert set(leads(record, "PLI:3.2")) == {"Trung tâm Khoa học và Công nghệ", "Phòng Thanh tra - Hành chính tổng hợp"}
    for source in sources.values():
        report = agency_load(source, province="Phú Yên")
        own = {a.id: a for a in report.agencies}
        (so,) = [r for r in report.rollup if r.id == PHU_YEN_SO]
        assert (so.name, so.province, so.units) == ("Sở Khoa học và Công nghệ", "Phú Yên", 5)
        assert (so.own_lead, so.own_coordinate, so.own_load) == (0, 0, 0.0)
        assert (so.lead, so.coordinate, so.load) == (51, 0, 51.0)
        units = [a for a in own.values() if a.id.startswith(PHU_YEN_SO + "/")]
        assert sorted(a.lead for a in units) == [3, 5, 6, 8, 30]
        assert so.lead == sum(a.lead for a in units) - 1  # task 3.2 counted once
        assert so.load <= sum(a.load for a in units)
        assert so.overloaded and report.reason(so).startswith("load 51 above 10")
        assert report.rollup[0].id == PHU_YEN_SO  # most loaded with its units first
        # 2021: Phụ lục I 5.1, 5.2, 5.4 ("2021"), 1.2, 2.7 ("2021-2025"), the recurring 2.3 ("Cuối tháng 12 hàng
        # năm"), 2.8 ("Định kỳ 2 năm/lần"; "Hàng năm"), 3.6 ("Thường xuyên hàng năm") and IV.2 of the text
        # ("định kỳ hàng tháng"): 10 tasks, all led by a unit. Phòng Kế hoạch - Tài chính co-ordinates 5.1 and 5.2,
        # which Phòng Quản lý KH&CN leads: with the units rolled up they are led, not co-ordinated.
        in_2021 = agency_load(source, province="Phú Yên", start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))
        (so21,) = [r for r in in_2021.rollup if r.id == PHU_YEN_SO]
        assert (so21.lead, so21.coordinate, so21.load, so21.lead_all) == (10, 0, 10.0, 51)
        pkh = next(a for a in in_2021.agencies if a.name == "Phòng Kế hoạch - Tài chính")
        assert (pkh.lead, pkh.coordinate) == (3, 2)


def test_bad_questions_are_refused_in_one_sentence(sources):
    source = sources["networkx"]
    for top in (0, -1):
        with pytest.raises(BadQuestion, match=f"top must be 1 or more, not {top}"):
            agency_load(source, top=top)
    with pytest.raises(BadQuestion) as info:
        agency_load(source, start=dt.date(2023, 1, 1), end=dt.date(2022, 1, 1))
    assert str(info.value) == "the period ends (2022-01-01) before it starts (2023-01-01)"
    assert isinstance(info.value, ValueError)
    with pytest.raises(BadQuestion):
        quarter_windows(source, start=dt.date(2023, 1, 1), end=dt.date(2022, 1, 1))
    assert len(agency_load(source, top=1).agencies) == 1


def test_groups_carry_their_province(sources):
    report = agency_load(sources["networkx"])
    assert report.groups and all(g.province for g in report.groups)
    labels = [agency_label(g) for g in report.groups]
    assert "Các sở, ban, ngành (Hưng Yên)" in labels and "Các Sở ban, ngành (Phú Yên)" in labels


# --- a synthetic corpus: many agencies share a name across provinces ---------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from kg import synth

    folder = tmp_path_factory.mktemp("synth")
    synth.write_corpus(folder, 200, 7)
    assert main(["build", str(folder / "documents"), "--out", str(folder / "out"), "-q"]) == 0
    return open_backend(folder / "out")


def test_synthetic_top_agencies_are_exactly_the_heatmap_rows(synthetic):
    report = agency_load(synthetic, top=8)
    shown = [a.id for a in report.agencies]
    assert len(shown) == 8
    load = quarter_windows(synthetic, agencies=set(shown))
    assert set(load) <= set(shown) and len(load) >= 6  # an agency with no dated task has no row
    labels = {a.id: agency_label(a) for a in report.agencies}
    rows = render_text(load, labels=labels, order=shown).splitlines()[2:-1]
    assert len(rows) == len(load)
    first = next(a for a in shown if a in load)
    assert rows[0].startswith(labels[first].split(" (")[0][:24])  # the table's order
    assert rows[0].split("  ")[0].endswith(f"({next(a.province for a in report.agencies if a.id == first)})")
    # the names of the top agencies are shared with agencies of other provinces: those are not rows
    everywhere = quarter_windows(synthetic)
    names = {a.id: a.name for a in agency_load(synthetic).agencies}
    namesakes = [i for i in everywhere if names.get(i) == names[first] and i != first]
    assert namesakes and not set(namesakes) & set(load)
    # each row is that agency's own: its total is no more than its tasks' weights times the quarters shown
    quarters = len(next(iter(load.values())))
    top = next(a for a in report.agencies if a.id == first)
    assert sum(load[first].values()) <= top.load * quarters


def test_a_heatmap_cell_names_each_agencys_role_however_it_is_weighed(sources):
    """The tasks behind a cell say who leads and who co-ordinates as the plans do: weighing a
    co-ordinating agency as much as a lead changes its load, not its role."""
    for source in sources.values():
        as_written = quarter_windows(source, members=True)
        weighed_alike = quarter_windows(source, members=True, coordination_weight=1.0)
        assert weighed_alike == as_written
        roles = {role for row in as_written.values() for cell in row.values() for _, role in cell}
        assert roles == {"lead", "coordinate"}  # the plans name both, with dates
