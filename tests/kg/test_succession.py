"""Who carries a task now: the 2025 reorganisation (kg.succession) on the plans of data/.

Written from the documents and the legal facts: Nghị định 45/2025/NĐ-CP merged the provincial
departments from 1 March 2025 (Sở KH&ĐT into Sở Tài chính, Sở TT&TT into Sở KH&CN, …); Nghị quyết
202/2025/QH15 made 63 provinces 34 from 1 July 2025 (Phú Yên into Đắk Lắk, Ninh Thuận into Khánh Hòa;
Hưng Yên, Quảng Trị and Tây Ninh kept their names and took in a neighbour); the district level ended
on 1 July 2025, its duties going to the communes."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from kg.cli import main
from kg.succession import province_mergers
from queries import agency_load, open_backend, trace
from queries.answers import carried_by
from tests.conftest import DOCUMENTS

TODAY = dt.date(2026, 1, 1)
PHU_YEN_2_1 = "task/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209/PLI:2.1"


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("succession")
    assert main(["build", str(DOCUMENTS), "--out", str(out), "-q", "--no-view"]) == 0
    return out


@pytest.fixture(scope="module", params=["networkx", "sparql"])
def source(request, graph_dir):
    return open_backend(graph_dir, request.param)


def _steps(source, agency, as_of=None):
    return [(s.name, s.province, s.date, s.basis) for s in carried_by(source, agency, as_of)]


def test_phu_yen_science_department_is_dak_laks_from_july_2025(source):
    assert _steps(source, "agency/phu-yen/so-khoa-hoc-cong-nghe") == [
        ("Sở Khoa học và Công nghệ", "Đắk Lắk", "2025-07-01", "Nghị quyết 202/2025/QH15")]
    # on the eve of the merger it was still Phú Yên's own
    assert carried_by(source, "agency/phu-yen/so-khoa-hoc-cong-nghe", dt.date(2025, 6, 30)) == []


def test_ninh_thuan_planning_department_is_khanh_hoas_finance_department(source):
    assert _steps(source, "agency/ninh-thuan/so-ke-hoach-dau-tu") == [
        ("Sở Tài chính", "Ninh Thuận", "2025-03-01", "Nghị định 45/2025/NĐ-CP"),
        ("Sở Tài chính", "Khánh Hòa", "2025-07-01", "Nghị quyết 202/2025/QH15")]
    assert _steps(source, "agency/ninh-thuan/so-ke-hoach-dau-tu", dt.date(2025, 4, 1)) == [
        ("Sở Tài chính", "Ninh Thuận", "2025-03-01", "Nghị định 45/2025/NĐ-CP")]
    # Sở Thông tin và Truyền thông went into the Sở Khoa học và Công nghệ, then to Khánh Hòa
    assert [s[:2] for s in _steps(source, "agency/ninh-thuan/so-thong-tin-truyen-thong")] == [
        ("Sở Khoa học và Công nghệ", "Ninh Thuận"), ("Sở Khoa học và Công nghệ", "Khánh Hòa")]


def test_district_committees_duties_go_to_the_communes(source):
    # Ninh Thuận's plan assigns tasks to "Ủy ban nhân dân các huyện, thành phố"
    steps = carried_by(source, "agency/ninh-thuan/group/uy-ban-nhan-dan-cac-huyen-thanh-pho")
    assert [(s.name, s.province, s.date, s.change) for s in steps] == [
        ("Ủy ban nhân dân các xã, phường, đặc khu", "Khánh Hòa", "2025-07-01", "abolished")]
    assert "72/2025/QH15" in steps[0].basis


def test_a_unit_of_a_merged_department_goes_to_the_new_department_unit_not_known(source):
    steps = carried_by(source, "agency/phu-yen/so-khoa-hoc-cong-nghe/phong-quan-ly-khoa-hoc-cong-nghe")
    assert [(s.name, s.province, s.unit_known) for s in steps] == [("Sở Khoa học và Công nghệ", "Đắk Lắk", False)]


def test_an_agency_that_never_changed_keeps_its_tasks(source):
    # Hưng Yên kept its name (it took in Thái Bình); its Sở KH&CN was not merged
    assert carried_by(source, "agency/hung-yen/so-khoa-hoc-cong-nghe") == []
    written = {a.id: a for a in agency_load(source).agencies}
    today = {a.id: a for a in agency_load(source, as_of=TODAY).agencies}
    mine = "agency/hung-yen/so-khoa-hoc-cong-nghe"
    assert (today[mine].lead, today[mine].coordinate) == (written[mine].lead, written[mine].coordinate)
    assert today[mine].came_from == []


def test_load_as_of_today_keeps_the_totals_and_says_where_they_came_from(source):
    written, today = agency_load(source), agency_load(source, as_of=TODAY)
    total = lambda r: sum(a.lead_all + a.coordinate_all for a in r.agencies + r.groups)  # noqa: E731
    assert total(today) == total(written) > 0
    by_id = {a.id: a for a in today.agencies}
    finance = by_id["agency/khanh-hoa/so-tai-chinh"]
    assert finance.came_from == ["Sở Kế hoạch và Đầu tư (Ninh Thuận)", "Sở Tài chính (Ninh Thuận)"]
    was = {a.id: a for a in written.agencies}
    took = [was["agency/ninh-thuan/so-ke-hoach-dau-tu"], was["agency/ninh-thuan/so-tai-chinh"]]
    assert finance.lead == sum(a.lead for a in took) and finance.coordinate == sum(a.coordinate for a in took)
    # nobody of Ninh Thuận or Phú Yên carries a task any more but the newspaper named after the province, whose
    # successor no rule names (it is not invented); asked by its old name, a province is its new one
    assert [a.name for a in today.agencies if a.province in ("Ninh Thuận", "Phú Yên")] == ["Báo Ninh Thuận"]
    assert agency_load(source, province="Phú Yên", as_of=TODAY) == agency_load(source, province="Đắk Lắk", as_of=TODAY)


def test_a_date_before_the_changes_answers_as_the_documents_do(source):
    before, written = agency_load(source, as_of=dt.date(2025, 2, 28)), agency_load(source)
    assert before.agencies == written.agencies and before.groups == written.groups and before.rollup == written.rollup


def test_the_trace_says_who_carries_each_assignment_now(source):
    answer = trace(source, PHU_YEN_2_1)
    # Phụ lục II, row 2.1 of the Phú Yên plan: led by the Phòng Quản lý KH&CN, with the Sở's units
    assert [(a.role, a.name, a.province) for a in answer.agencies] == [
        ("lead", "Phòng Quản lý Khoa học và Công nghệ", "Phú Yên"),
        ("coordinate", "Các phòng và đơn vị thuộc Sở", "Phú Yên")]
    assert [(s.name, s.province, s.unit_known) for s in answer.agencies[0].now] == [
        ("Sở Khoa học và Công nghệ", "Đắk Lắk", False)]


def test_the_answers_are_the_same_on_both_backends(graph_dir):
    loaded, sparql = open_backend(graph_dir, "networkx"), open_backend(graph_dir, "sparql")
    assert sparql.successions() == loaded.successions() and len(loaded.successions()) >= 30
    assert agency_load(sparql, as_of=TODAY) == agency_load(loaded, as_of=TODAY)


def test_command_line(graph_dir, capsys):
    assert main(["trace", "PLI:2.1", "--graph", str(graph_dir)]) == 0
    out = capsys.readouterr().out
    assert "→ Sở Khoa học và Công nghệ (Đắk Lắk) from 2025-07-01: merged into, Nghị quyết 202/2025/QH15; " \
           "which unit carries it is not known" in out
    assert main(["show", "Sở Kế hoạch và Đầu tư", "--province", "Ninh Thuận", "--graph", str(graph_dir)]) == 0
    out = capsys.readouterr().out
    assert "→ Sở Tài chính (Khánh Hòa) from 2025-07-01" in out
    assert main(["agencies", "--as-of", "2026-01-01", "--province", "Ninh Thuận", "-f", "json",
                 "--graph", str(graph_dir)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {a["province"] for a in report["agencies"]} == {"Khánh Hòa"}
    assert "each task counted for the body carrying it on 2026-01-01" in report["rule"]


def test_the_province_table_comes_from_the_package_and_agrees_with_the_other():
    """vietnamadminunits' 63 → 34 against vietnam-provinces' list of the 34 (names and count)."""
    from vietnam_provinces import Province

    mergers = province_mergers()
    assert mergers["Phú Yên"] == "Đắk Lắk" and mergers["Ninh Thuận"] == "Khánh Hòa"
    assert mergers["Long An"] == "Tây Ninh" and mergers["Thái Bình"] == "Hưng Yên" and mergers["Quảng Bình"] == "Quảng Trị"
    assert not {"Tây Ninh", "Hưng Yên", "Quảng Trị", "Đắk Lắk", "Khánh Hòa"} & set(mergers)  # they kept their names
    new = {p.name.removeprefix("Tỉnh ").removeprefix("Thành phố ") for p in Province.iter_all()}
    assert len(new) == 34
    assert set(mergers.values()) <= new | {"Thành phố Hồ Chí Minh"}
    assert len(mergers) == 63 - 34  # every old province either kept its name or joined one of the 34


def test_a_provinces_own_decision_wins_and_is_not_a_skipped_document(tmp_path, capsys):
    docs = tmp_path / "docs"
    shutil.copytree(DOCUMENTS, docs)
    (docs / "succession").mkdir()
    (docs / "succession" / "phu-yen.csv").write_text(
        "level,old,new,change,date,basis,province,note\n"
        "province,Sở Kế hoạch và Đầu tư,Sở Tài chính,merged_into,2025-02-20,Quyết định 99/QĐ-UBND,Phú Yên,\n",
        encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(docs), "--out", str(out), "--no-view", "-f", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert not any("succession" in path for path in summary["skipped"])
    source = open_backend(out)
    assert _steps(source, "agency/phu-yen/so-ke-hoach-dau-tu")[0] == (
        "Sở Tài chính", "Phú Yên", "2025-02-20", "Quyết định 99/QĐ-UBND")
    # the general pattern still holds elsewhere
    assert _steps(source, "agency/ninh-thuan/so-ke-hoach-dau-tu")[0][2] == "2025-03-01"


def test_a_bad_succession_file_is_named_with_its_line(tmp_path, capsys):
    docs = tmp_path / "docs"
    (docs / "succession").mkdir(parents=True)
    shutil.copy(next(DOCUMENTS.glob("phu-yen_*.txt")), docs)
    (docs / "succession" / "typo.csv").write_text(
        "level,old,new,change,date,basis,province,note\nprovince,Sở A,Sở B,merged,2025-13-01,x,,\n", encoding="utf-8")
    assert main(["build", str(docs), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "typo.csv, line 2" in err and "--no-succession" in err and "Traceback" not in err


def test_the_change_events_are_w3c_org_and_conform_to_the_shapes(graph_dir):
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import XSD

    from kg import store
    from kg.rdf import to_rdf
    from ontology import ORG, PKG, PROV
    from ontology.validate import validate

    rdf = to_rdf(store.read(graph_dir).graph)
    ID = Namespace("https://w3id.org/policy-kg/id/")
    old, new = ID["agency/phu-yen/so-khoa-hoc-cong-nghe"], ID["agency/dak-lak/so-khoa-hoc-cong-nghe"]
    (event,) = rdf.objects(old, ORG.changedBy)
    assert (event, ORG.resultingOrganization, new) in rdf and (new, ORG.resultedFrom, event) in rdf
    assert (event, PROV.startedAtTime, Literal("2025-07-01", datatype=XSD.date)) in rdf
    assert (old, PKG.succeededBy, new) in rdf
    report = validate(rdf)
    assert report.conforms, report.text
    # a change event without its date does not conform
    rdf.remove((event, PROV.startedAtTime, None))
    assert not validate(rdf).conforms
    assert isinstance(event, URIRef)


def test_the_web_app_shows_who_carries_an_agency_now(graph_dir):
    from kg import store
    from kg.serve import GraphService

    app = GraphService(store.read_app_graph(graph_dir))
    details = dict(app.node("agency/ninh-thuan/so-ke-hoach-dau-tu")["details"])
    assert details["Carried now by"] == (
        "Sở Tài chính (Ninh Thuận) from 2025-03-01, Nghị định 45/2025/NĐ-CP → "
        "Sở Tài chính (Khánh Hòa) from 2025-07-01, Nghị quyết 202/2025/QH15")
    assert "Carried now by" not in dict(app.node("agency/hung-yen/so-khoa-hoc-cong-nghe")["details"])


def test_the_web_apps_load_page_counts_as_of_a_date(graph_dir):
    import threading
    import urllib.request

    from kg import store
    from kg.serve import make_server

    server = make_server(store.read_app_graph(graph_dir))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(f"{url}/api/load?province=Ninh%20Thu%E1%BA%ADn&as_of=2026-01-01") as response:
            answer = json.loads(response.read())
        finance = next(a for a in answer["agencies"] if a["id"] == "agency/khanh-hoa/so-tai-chinh")
        assert finance["came_from"] == ["Sở Kế hoạch và Đầu tư (Ninh Thuận)", "Sở Tài chính (Ninh Thuận)"]
        assert {a["province"] for a in answer["agencies"]} == {"Khánh Hòa"}
        with urllib.request.urlopen(f"{url}/load?province=Ninh%20Thu%E1%BA%ADn&as_of=2026-01-01") as response:
            page = response.read().decode()
        assert "carries the tasks of: Sở Kế hoạch và Đầu tư (Ninh Thuận); Sở Tài chính (Ninh Thuận)" in page
        assert 'value="2026-01-01"' in page and "as_of=2026-01-01" in page
        with urllib.request.urlopen(f"{url}/api/load.png?province=Ninh%20Thu%E1%BA%ADn&as_of=2026-01-01") as response:
            assert response.read()[:4] == b"\x89PNG"
    finally:
        server.shutdown()
        server.server_close()
