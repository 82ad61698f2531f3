"""The agency load, rolled up and explained: units of units up to the top Sở, the units a roll-up counts,
why an agency is overloaded; the same on networkx and SPARQL."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from kg.rdf import to_store
from queries import BACKENDS, agency_load, open_backend
from queries.backends import NetworkxBackend, SparqlBackend

PHU_YEN_SO = "agency/phu-yen/so-khoa-hoc-cong-nghe"
PHU_YEN_UNITS = [f"{PHU_YEN_SO}/{slug}" for slug in (
    "chi-cuc-tieu-chuan-do-luong-chat-luong", "phong-ke-hoach-tai-chinh", "phong-quan-ly-khoa-hoc-cong-nghe",
    "phong-thanh-tra-hanh-chinh-tong-hop", "trung-tam-khoa-hoc-cong-nghe")]
HUNG_YEN_SO = "agency/hung-yen/so-khoa-hoc-cong-nghe"


@pytest.fixture(scope="module")
def sources(built_graph):
    return {name: open_backend(built_graph, name) for name in BACKENDS}


def test_phu_yen_roll_up_names_its_five_units(sources):
    """phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt hands its tasks to Phòng Quản lý KH&CN, Phòng Kế hoạch -
    Tài chính, Trung tâm KH&CN, Chi cục TCĐLCL and Phòng Thanh tra - Hành chính tổng hợp; "Các phòng và đơn
    vị thuộc Sở" is a collective mention, not one of them."""
    for source in sources.values():
        (so,) = [r for r in agency_load(source, province="Phú Yên").rollup if r.id == PHU_YEN_SO]
        assert (so.units, so.unit_ids) == (5, PHU_YEN_UNITS)


def test_in_a_period_a_roll_up_counts_the_units_with_a_task_open_in_it(sources):
    """In 2021 the Trung tâm KH&CN has nothing open: its tasks run from Quý II/2022 (Phụ lục I 3.2, 3.3),
    2022-2023 (3.4), Quý III and IV/2022 (4.3, 4.2... as co-ordinator) and 01/2022 (Phụ lục II). The four
    others have: Phòng Thanh tra 1.2 ("2021-2025"), Phòng Kế hoạch - Tài chính 2.3 and 3.6 (every year) and
    IV.2 (every month), Phòng Quản lý KH&CN 2.7 ("2021-2025"), 2.8 (recurring), 5.1 and 5.2 ("2021"), the
    Chi cục 5.4 ("2021")."""
    for source in sources.values():
        report = agency_load(source, province="Phú Yên", start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))
        (so,) = [r for r in report.rollup if r.id == PHU_YEN_SO]
        assert so.units == 4 and so.unit_ids == [u for u in PHU_YEN_UNITS if not u.endswith("trung-tam-khoa-hoc-cong-nghe")]
        assert (so.lead, so.coordinate) == (10, 0)


def test_the_reason_says_which_rule_and_which_numbers(sources):
    """Hưng Yên's Sở KH&CN (hung-yen_2023_kh-ubnd_phat-trien-khcn-dmst.txt, Part V): it leads the six dashes
    of V.1 and co-ordinates V.2, V.3 and V.4: load 6 + 0.5 × 3 = 7.5, under 10. Its peers: Sở Kế hoạch và
    Đầu tư leads V.2 (1.0), Sở Tài chính leads V.3 and co-ordinates V.2 (1.5), Sở Nội vụ leads V.4 and
    co-ordinates the fifth dash of V.1 (1.5): median 1.5, and 7.5 is above 3 × 1.5."""
    for source in sources.values():
        report = agency_load(source)
        so = next(a for a in report.agencies if a.id == HUNG_YEN_SO)
        assert (so.lead, so.coordinate, so.load, so.peer_median) == (6, 3, 7.5, 1.5)
        assert report.reason(so) == "load 7.5 above 3 × 1.5, the median of Hưng Yên"
        phong = next(a for a in report.agencies if a.id.endswith("/phong-quan-ly-khoa-hoc-cong-nghe"))
        assert report.reason(phong).startswith("load 31.5 above 10; load 31.5 above 3 × ")
        (rolled,) = [r for r in report.rollup if r.id == PHU_YEN_SO]
        assert report.reason(rolled).startswith("load 51 above 10")
        quiet = next(a for a in report.agencies if not a.overloaded)
        assert report.reason(quiet) is None


# --- a unit of a unit: every agency above it counts its tasks, up to the top Sở ----------------------------

SO = "agency/x/so-y-te"
CHI_CUC = f"{SO}/chi-cuc-dan-so"  # carries no task of its own
PHONG_CC = f"{CHI_CUC}/phong-ke-hoach"
PHONG = f"{SO}/phong-nghiep-vu"


def _nested() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node, name in ((SO, "Sở Y tế"), (CHI_CUC, "Chi cục Dân số"), (PHONG_CC, "Phòng Kế hoạch"),
                       (PHONG, "Phòng Nghiệp vụ")):
        graph.add_node(node, kind="Agency", name=name, province="Tỉnh X")
    for unit, parent in ((CHI_CUC, SO), (PHONG_CC, CHI_CUC), (PHONG, SO)):
        graph.add_edge(unit, parent, key="sub_organization_of", type="sub_organization_of")
    tasks = {"t1": [(PHONG_CC, "lead"), (PHONG, "coordinate")],  # one task: led once by the family
             "t2": [(PHONG_CC, "lead")], "t3": [(PHONG, "lead")], "t4": [(PHONG, "coordinate")],
             "t5": [(SO, "lead"), (PHONG, "lead")]}
    for task, assigned in tasks.items():
        graph.add_node(f"task/{task}", kind="Task", label=task, text=f"Nhiệm vụ {task}",
                       deadline={"start": "2023-01-01", "end": "2023-12-31"} if task != "t4" else None)
        for agency, role in assigned:
            graph.add_edge(f"task/{task}", agency, key=f"assigned_to:{role}", type="assigned_to", role=role)
    return graph


@pytest.mark.parametrize("backend", ["networkx", "sparql"])
def test_a_unit_of_a_unit_rolls_up_to_the_top_agency(backend):
    graph = _nested()
    source = NetworkxBackend(graph) if backend == "networkx" else SparqlBackend(to_store(graph))
    rows = {r.agency: (r.parent, r.top, r.top_name) for r in source.assignments()}
    assert rows[PHONG_CC] == (CHI_CUC, SO, "Sở Y tế") and rows[PHONG] == (SO, SO, "Sở Y tế")
    assert rows[SO] == (None, None, None)
    report = agency_load(source)
    rollup = {r.id: r for r in report.rollup}
    so = rollup[SO]
    # t1, t2 (Phòng Kế hoạch of the Chi cục), t3, t5 led; t4 co-ordinated by the Phòng Nghiệp vụ only
    assert (so.lead, so.coordinate, so.load, so.own_lead, so.own_load) == (4, 1, 4.5, 1, 1.0)
    assert (so.units, so.unit_ids) == (2, [PHONG_CC, PHONG])
    cc = rollup[CHI_CUC]  # the Chi cục carries nothing itself: it is named by its unit's row
    assert (cc.name, cc.province, cc.lead, cc.coordinate, cc.own_load, cc.unit_ids) == (
        "Chi cục Dân số", "Tỉnh X", 2, 0, 0.0, [PHONG_CC])
    assert [r.id for r in report.rollup] == [SO, CHI_CUC]
    # in 2024 nothing is open but nothing dated runs then; t4 has no time: nothing is counted
    assert agency_load(source, start=dt.date(2024, 1, 1)).rollup == []
    in_2023 = {r.id: r for r in agency_load(source, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31)).rollup}
    assert (in_2023[SO].lead, in_2023[SO].coordinate, in_2023[SO].coordinate_all) == (4, 0, 1)


def test_the_nested_roll_up_is_the_same_on_both_backends():
    graph = _nested()
    answers = [agency_load(s, start=dt.date(2023, 1, 1)).model_dump()
               for s in (NetworkxBackend(graph), SparqlBackend(to_store(graph)))]
    assert answers[0] == answers[1]
