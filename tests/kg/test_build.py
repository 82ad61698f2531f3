"""The graph built from data/: identities, chains, provenance, conflicts, determinism, RDF."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic

from kg.build import build
from kg.rdf import to_rdf
from loaders import read_documents
from ontology import ID, PKG
from tests.conftest import DOCUMENTS


@pytest.fixture(scope="module")
def records():
    records, failures = read_documents([DOCUMENTS])
    assert not failures
    return records


@pytest.fixture(scope="module")
def kg(records):
    return build(records)


def _edges(kg, kind):
    return {(u, v) for u, v, d in kg.graph.edges(data=True) if d["type"] == kind}


def test_node_counts(kg):
    # read from the documents: 5 plans loaded; they cite 30 other documents (Phú Yên 2, Tây Ninh 3,
    # Hưng Yên 13, Quảng Trị 10 — its blank-numbered decision is no document —, Ninh Thuận 2)
    documents = kg.nodes_of("Document")
    assert len(documents) == 35
    assert sum(1 for n in documents if kg.graph.nodes[n]["source"]) == 5
    assert len(kg.nodes_of("Task")) == 53 + 21 + 46 + 6 + 26


def test_one_node_per_provincial_department(kg):
    departments = {
        kg.graph.nodes[n]["province"]: n for n in kg.nodes_of("Agency")
        if kg.graph.nodes[n]["name"] == "Sở Khoa học và Công nghệ"
    }
    assert set(departments) == {"Phú Yên", "Tây Ninh", "Hưng Yên", "Quảng Trị", "Ninh Thuận"}
    assert len(set(departments.values())) == 5


def test_units_hang_under_their_own_department(kg):
    parents = dict(_edges(kg, "sub_organization_of"))
    unit = "agency/quang-tri/so-khoa-hoc-cong-nghe/phong-quan-ly-khoa-hoc"
    assert parents[unit] == "agency/quang-tri/so-khoa-hoc-cong-nghe"
    assert parents["agency/phu-yen/so-khoa-hoc-cong-nghe/chi-cuc-tieu-chuan-do-luong-chat-luong"] == \
        "agency/phu-yen/so-khoa-hoc-cong-nghe"


def test_chains_of_implementation(kg):
    implements = _edges(kg, "implements")
    plan_209, resolution_11 = "doc/phu-yen/kh-ubnd/209/2021", "doc/phu-yen/nq-tu/11/2021"
    assert (plan_209, resolution_11) in implements
    assert ("doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209", plan_209) in implements
    programme_59, resolution_29 = "doc/quang-tri/ctr-tu/59", "doc/vn/nq-tw/29/2022"
    assert (programme_59, resolution_29) in implements
    assert ("doc/quang-tri/kh-skhcn/43/2023", programme_59) in implements
    assert kg.graph.nodes[resolution_29]["symbol"] == "29-NQ/TW"


def test_a_document_cited_by_one_plan_and_named_by_another_is_one_node(kg):
    # 29-NQ/TW: cited as "29-NQ/TU … của BCH TW Đảng" in Quảng Trị; the issuer wins
    assert [n for n in kg.nodes_of("Document") if "/29/" in n] == ["doc/vn/nq-tw/29/2022"]
    issuer = kg.graph.nodes["doc/vn/nq-tw/29/2022"]["issuer"]
    assert kg.graph.nodes[issuer]["name"] == "Ban Chấp hành Trung ương Đảng"


def test_edges_keep_the_sentence_behind_them(kg):
    data = kg.graph.get_edge_data("doc/phu-yen/kh-ubnd/209/2021", "doc/phu-yen/nq-tu/11/2021")["implements"]
    assert data["file"].endswith("phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt")
    assert "209/KH-UBND" in data["quote"] and "11" in data["quote"]
    record_text = next(r for r in read_documents([data["file"]])[0]).text
    assert record_text[data["start"]:data["end"]] == data["quote"]


def test_task_assignments(kg):
    task = "task/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209/PLI:2.1".replace(":", "%3A")
    assert kg.graph.nodes[task]["label"] == "PLI:2.1"
    assigned = {(v, d["role"]) for _, v, d in kg.graph.out_edges(task, data=True) if d["type"] == "assigned_to"}
    assert assigned == {
        ("agency/phu-yen/so-khoa-hoc-cong-nghe/phong-quan-ly-khoa-hoc-cong-nghe", "lead"),
        ("agency/phu-yen/so-khoa-hoc-cong-nghe/group/cac-phong-don-vi", "coordinate"),
    }
    assert kg.graph.nodes[task]["deadline"] == {
        "text": "Quý I/2023", "start": "2023-01-01", "end": "2023-03-31", "recurrence": None, "anchor": None,
        "relative": False,
    }


def test_conflicts_are_kept_and_reported(kg):
    kinds = {(f.kind, f.message.split(" ")[0]) for f in kg.findings}
    assert ("possible-same-document", "1121/QĐ-UBND") in kinds
    same = next(f for f in kg.findings if f.kind == "possible-same-document")
    assert [e.quote for e in same.evidence] == [
        "Quyết định số 1221/QĐ-UBND ngày 26/5/2021 của Ủy ban nhân dân tỉnh",
        "Quyết định số 1121/QĐ-UBND ngày 26/5/2022 của UBND tỉnh",
    ]
    # both are kept
    assert {"doc/hung-yen/qd-ubnd/1221/2021", "doc/hung-yen/qd-ubnd/1121/2022"} <= set(kg.nodes_of("Document"))
    corrected = [f for f in kg.findings if f.kind == "corrected-symbol" and "29-NQ/TU" in f.message]
    assert corrected and all("29-NQ/TU" in e.quote for f in corrected for e in f.evidence)
    # consecutive plans of one day (196 and 197/KH-UBND of 05/12/2022) are no slip
    assert not any("196/KH-UBND" in f.message for f in kg.findings)


def _ntriples(kg) -> list[str]:
    return sorted(line for line in to_rdf(kg.graph).serialize(format="nt").splitlines() if line.strip())


def test_building_is_order_independent_and_idempotent(records, kg):
    once = _ntriples(kg)
    assert _ntriples(build(list(reversed(records)))) == once
    assert _ntriples(build(records + records)) == once


def test_turtle_round_trip(kg, tmp_path):
    rdf = to_rdf(kg.graph)
    path = tmp_path / "graph.ttl"
    rdf.serialize(destination=path, format="turtle")
    again = Graph().parse(path, format="turtle")
    assert isomorphic(to_isomorphic(rdf), to_isomorphic(again))
    plan = ID["doc/quang-tri/kh-skhcn/43/2023"]
    assert (plan, PKG.implements, ID["doc/quang-tri/ctr-tu/59"]) in again


def test_graph_of_data_conforms_to_the_shapes(kg):
    from ontology.validate import validate

    report = validate(to_rdf(kg.graph))
    assert report.conforms, report.text


def test_shapes_catch_a_broken_graph(kg):
    """The validation above can fail: a task without its document does not conform."""
    from ontology.validate import validate

    rdf = to_rdf(kg.graph)
    task = next(rdf.subjects(PKG.partOf, None))
    rdf.remove((task, PKG.partOf, None))
    assert not validate(rdf).conforms


def test_a_loaded_document_cited_by_others_is_one_node(records, tmp_path):
    from loaders import parse_text

    quang_tri = next(r for r in records if "quang-tri" in r.path)
    citing = [
        parse_text(
            f"Số: {n}/BC-SKHCN\n\nQuảng Trị, ngày 20 tháng 12 năm 2023\n\nBÁO CÁO\n"
            "Kết quả thực hiện Kế hoạch số 43/KH-SKHCN ngày 11/4/2023 của Sở Khoa học và Công nghệ\n",
            path=str(tmp_path / f"report-{n}.txt"),
        )
        for n in (17, 18)
    ]
    kg = build([quang_tri, *citing])
    plan = "doc/quang-tri/kh-skhcn/43/2023"
    assert [n for n in kg.nodes_of("Document") if "/43/" in n] == [plan]
    assert kg.graph.nodes[plan]["source"] == quang_tri.path
    citers = {u for u, v, d in kg.graph.in_edges(plan, data=True) if d["type"] in {"cites", "implements"}}
    assert citers == {"doc/quang-tri/bc-skhcn/17/2023", "doc/quang-tri/bc-skhcn/18/2023"}


def test_records_waiting_pickled_build_the_same_graph(corpus):
    """Large corpora wait between the two passes pickled; the graph must not change, nor depend on
    whether the records come as a list or one by one."""
    records = list(corpus.values())
    live = build(records, compact=False)
    pickled = build(iter(reversed(records)), compact=True)
    assert nx.utils.graphs_equal(live.graph, pickled.graph)
    assert [f.message for f in live.findings] == [f.message for f in pickled.findings]
    assert live.problems == pickled.problems


# --- a plan whose number is left blank ("Số: /KH-SKHCN … ngày tháng năm 2022") ------------------------

PHU_YEN_PLAN = "doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209"
BLANK_NUMBERED_PLANS = {  # node: (symbol without the blank, year), read from the documents
    PHU_YEN_PLAN: ("KH-SKHCN", 2022),
    "doc/file/tay-ninh-2022-kh-khcn-chuong-trinh-hanh-dong": ("KH-KHCN", 2022),
    "doc/file/hung-yen-2023-kh-ubnd-phat-trien-khcn-dmst": ("KH-UBND", 2023),
}


def test_a_blank_numbered_plan_keeps_its_symbol_year_and_title(kg):
    for node, (symbol, year) in BLANK_NUMBERED_PLANS.items():
        d = kg.graph.nodes[node]
        assert (d["doc_type"], d["number"], d["symbol"], d["year"], d["date"]) == ("KH", None, symbol, year, None), node
    assert kg.graph.nodes[PHU_YEN_PLAN]["title"] == (
        "Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh thực hiện Nghị quyết số 11 -NQ/TU "
        "ngày 18/8/2021 của Ban Thường vụ Tỉnh ủy về phát triển, ứng dụng khoa học, công nghệ và đổi mới sáng "
        "tạo phục vụ phát triển kinh tế-xã hội tỉnh")


def test_a_trace_names_a_blank_numbered_plan_by_its_symbol(kg):
    from queries import trace
    from queries.backends import NetworkxBackend

    source = NetworkxBackend(kg.graph)
    task = next(t for t, label, _ in source.tasks() if t.startswith("task/file/phu-yen-") and label == "PLII:1+2")
    first = trace(source, task).paths[0].chain[0]
    assert (first.id, first.doc_type, first.number, first.symbol, first.year) == (PHU_YEN_PLAN, "KH", None,
                                                                                   "KH-SKHCN", 2022)


def test_the_symbol_of_a_blank_numbered_plan_in_rdf_conforms(kg):
    from ontology.validate import validate

    from kg.rdf import iri

    rdf = to_rdf(kg.graph)
    assert [str(o) for o in rdf.objects(iri(PHU_YEN_PLAN), PKG.symbol)] == ["KH-SKHCN"]
    assert not list(rdf.objects(iri(PHU_YEN_PLAN), PKG.number))
    assert validate(rdf).conforms


def _draft(tmp_path, name: str, title: str, *, cites: str = ""):
    from loaders import parse_text

    return parse_text(
        f"UBND TỈNH PHÚ YÊN\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: /KH-SKHCN\nPhú Yên, ngày tháng năm 2022\n\n"
        f"KẾ HOẠCH\n{title}\n\n{cites}\n",
        path=str(tmp_path / name),
    )


def test_blank_numbered_plans_of_one_issuer_stay_apart(records, tmp_path):
    """Two drafts of the Phú Yên department, both "Số: /KH-SKHCN" of 2022: two documents, each its file;
    a report citing "Kế hoạch số /KH-SKHCN" links to neither."""
    from loaders import parse_text

    a = _draft(tmp_path, "draft-a.txt", "Phát triển thị trường khoa học và công nghệ")
    b = _draft(tmp_path, "draft-b.txt", "Hỗ trợ doanh nghiệp khởi nghiệp đổi mới sáng tạo")
    report = parse_text(
        "Số: 7/BC-SKHCN\nPhú Yên, ngày 20 tháng 12 năm 2022\n\nBÁO CÁO\nKết quả năm 2022\n\n"
        "Thực hiện Kế hoạch số /KH-SKHCN ngày tháng năm 2022 của Sở Khoa học và Công nghệ, Sở báo cáo.\n",
        path=str(tmp_path / "report.txt"),
    )
    phu_yen = next(r for r in records if "phu-yen" in r.path)
    built = build([a, b, report, phu_yen])
    nodes = {n: built.graph.nodes[n] for n in built.nodes_of("Document") if built.graph.nodes[n].get("symbol") == "KH-SKHCN"}
    assert sorted(nodes) == ["doc/file/draft-a", "doc/file/draft-b", PHU_YEN_PLAN]
    assert {nodes[n]["title"] for n in nodes} >= {"Phát triển thị trường khoa học và công nghệ",
                                                 "Hỗ trợ doanh nghiệp khởi nghiệp đổi mới sáng tạo"}
    cited = {v for u, v, d in built.graph.out_edges("doc/phu-yen/bc-skhcn/7/2022", data=True)
             if d["type"] in {"cites", "implements", "based_on"}}
    assert not cited & set(nodes)
    assert [p["code"] for p in built.problems[report.path]] == ["blank-number"]


# --- Phụ lục II of the Phú Yên plan: rows sharing one objective ------------------------------------

def test_rows_sharing_an_objective_are_distinct_tasks(kg):
    tasks = {d["label"]: d["text"] for n, d in kg.graph.nodes(data=True)
             if d.get("kind") == "Task" and n.startswith("task/file/phu-yen-") and d["label"].startswith("PLII:")}
    assert len(tasks) == 22 and len(set(tasks.values())) == 22
    assert tasks["PLII:1+2"].startswith("Hỗ trợ thành lập 05 doanh nghiệp KH&CN")
    assert tasks["PLII:2+2"].startswith("Nghiên cứu bảo tồn và khai thác ít nhất 02 nguồn gen có giá trị kinh tế — ")
    objective = "Đầu tư phát triển tiềm lực KH&CN và ĐMST"
    assert [label for label, text in sorted(tasks.items()) if objective in text] == [
        "PLII:1+1", "PLII:1+2", "PLII:1+3", "PLII:1+4"]


# --- the loaders' warnings with the words they are about --------------------------------------------

def test_warnings_carry_their_quotation(kg, tmp_path):
    import json

    from kg import store

    store.write(kg, tmp_path)
    problems = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))["problems"]
    keys = {"severity", "code", "message", "quote", "start", "end", "location"}
    assert all(set(w) == keys for items in problems.values() for w in items)
    assert sum(len(items) for items in problems.values()) == 7
    by_name = {path.rsplit("/", 1)[-1]: items for path, items in problems.items()}
    phu_yen = by_name["phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt"]
    assert [w["code"] for w in phu_yen] == ["blank-own-number", "no-lead-agency"]  # in file order
    blank = phu_yen[0]
    assert "Số: /KH-SKHCN" in blank["quote"] and (blank["start"], blank["end"], blank["severity"]) == (0, 13, "warning")
    assert phu_yen[1]["quote"].startswith("1.1 -Tô chức quán triệt Nghị quyết")
    quang_tri = by_name["quang-tri_2023_43-kh-skhcn_thuc-hien-ctr-59.txt"]
    assert [w["quote"] for w in quang_tri] == ["Quyết định số/QĐ-UBND ngày .../.../2023"]
    ninh_thuan = by_name["ninh-thuan_2022_kh-ubnd_trien-khai-qd-472.txt"]
    assert [(w["code"], w["quote"], w["start"]) for w in ninh_thuan] == [("no-symbol", None, None), ("no-date", None, None)]
    read = store.read(tmp_path)
    assert {p: len(items) for p, items in read.problems.items()} == {p: len(items) for p, items in problems.items()}
    assert store.warnings_by_file(read) == problems


def test_a_long_quotation_is_shortened():
    from kg.build import QUOTE_LIMIT, _warning
    from loaders import parse_text
    from loaders.models import Problem, Span

    record = parse_text("Số: 1/KH-UBND\n" + "chữ " * 200, path="long.txt")
    warning = _warning(record, Problem(severity="warning", code="x", message="m", span=Span(start=0, end=800)))
    assert QUOTE_LIMIT == 300 and len(warning["quote"]) <= 300 and warning["quote"].startswith("Số: 1/KH-UBND chữ")
    assert (warning["start"], warning["end"]) == (0, 800)


def test_warnings_of_an_older_findings_file_still_read(kg, tmp_path):
    import json

    from kg import store

    store.write(kg, tmp_path)
    findings = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    findings["problems"] = {"b.txt": ["The document has no place-and-date line."],
                            "a.txt": ["The document has no “Số:” line.", "Task 1 names no lead agency."]}
    (tmp_path / "findings.json").write_text(json.dumps(findings), encoding="utf-8")
    read = store.read(tmp_path)
    assert len(read.problems["a.txt"]) == 2
    warnings = store.warnings_by_file(read)
    assert list(warnings) == ["a.txt", "b.txt"]
    assert warnings["a.txt"][1] == {"severity": "warning", "code": None, "message": "Task 1 names no lead agency.",
                                    "quote": None, "start": None, "end": None, "location": None}
