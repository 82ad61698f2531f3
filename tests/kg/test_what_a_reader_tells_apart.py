"""Answers a person can tell apart: a plan with a blank number keeps the rest of its symbol, its year
and its title; rows sharing one objective lead with their own product; the loaders' warnings carry
the words of the document they are about. Read from data/documents."""

from __future__ import annotations

import json

from kg import store
from queries import open_backend, trace
from tests.conftest import DOCUMENTS

PHU_YEN_PLAN = "doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209"


def test_a_blank_number_keeps_the_rest_of_the_symbol(built_graph):
    graph = store.read(built_graph).graph
    # "Số: /KH-SKHCN" … "Phú Yên, ngày tháng năm 2022"; "Số: /KH-KHCN" … "năm 2022"; "Số: /KH-UBND"
    expected = {PHU_YEN_PLAN: ("KH-SKHCN", 2022),
                "doc/file/tay-ninh-2022-kh-khcn-chuong-trinh-hanh-dong": ("KH-KHCN", 2022),
                "doc/file/hung-yen-2023-kh-ubnd-phat-trien-khcn-dmst": ("KH-UBND", 2023)}
    for node, (symbol, year) in expected.items():
        d = graph.nodes[node]
        assert (d["symbol"], d["number"], d["year"]) == (symbol, None, year), node
    assert graph.nodes[PHU_YEN_PLAN]["title"].startswith("Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021")


def test_a_trace_names_the_plan_by_what_is_left_of_its_symbol(built_graph):
    source = open_backend(built_graph)
    task = next(t for t, label, _ in source.tasks() if t.startswith(f"task/{PHU_YEN_PLAN[4:]}/") and label == "PLI:2.1")
    first = trace(source, task).paths[0].chain[0]
    assert (first.doc_type, first.symbol, first.year, first.date) == ("KH", "KH-SKHCN", 2022, None)


def test_rows_sharing_an_objective_lead_with_their_product(corpus):
    """Phụ lục II, Chương trình 1: one objective ("Đầu tư phát triển tiềm lực KH&CN …") over four rows."""
    record = corpus["phu-yen"]
    appendix = [t for t in record.tasks if t.label.startswith("PLII:")]
    texts = [t.text for t in appendix]
    assert len(texts) == len(set(texts)) == 22
    first = {t.label: t.text for t in appendix if t.label.startswith("PLII:1+")}
    assert first["PLII:1+1"].startswith("01 mạng lưới tổ chức KH&CN — Đầu tư phát triển tiềm lực KH&CN và ĐMST")
    assert first["PLII:1+2"].startswith("Hỗ trợ thành lập 05 doanh nghiệp KH&CN, 05 doanh nghiệp khởi nghiệp ĐMST")
    assert "— Đầu tư phát triển tiềm lực KH&CN" in first["PLII:1+2"]  # the shared objective is still there


def test_other_plans_keep_their_task_texts(corpus):
    """Only rows that share a text change: Quảng Trị's five table tasks read as written."""
    record = corpus["quang-tri"]
    assert not any(" — " in t.text for t in record.tasks)


def test_warnings_carry_the_words_they_are_about(built_graph):
    warnings = store.warnings_by_file(store.read(built_graph))
    phu_yen = next(items for path, items in warnings.items() if "phu-yen" in path)
    blank = next(w for w in phu_yen if w["code"] == "blank-own-number")
    assert blank["quote"] == "Số: /KH-SKHCN"
    text = (DOCUMENTS / "phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt").read_text(encoding="utf-8")
    assert "Số: /KH-SKHCN" in text
    no_lead = next(w for w in phu_yen if w["code"] == "no-lead-agency")
    assert no_lead["quote"].startswith("1.1")


def test_warnings_of_an_older_graph_still_read(built_graph, tmp_path):
    for name in ("graph.json", "graph.ttl"):
        (tmp_path / name).write_bytes((built_graph / name).read_bytes())
    findings = json.loads((built_graph / "findings.json").read_text(encoding="utf-8"))
    findings["problems"] = {"a.txt": ["The document has no “Số:” line."]}
    (tmp_path / "findings.json").write_text(json.dumps(findings), encoding="utf-8")
    (item,) = store.warnings_by_file(store.read(tmp_path))["a.txt"]
    assert item["message"] == "The document has no “Số:” line." and item["quote"] is None
