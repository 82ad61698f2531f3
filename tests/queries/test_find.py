"""Finding documents, tasks, agencies and provinces by what a person types, on every backend.

The expectations are read from data/documents: Phú Yên's plan of the Sở KH&CN (Số: /KH-SKHCN, 2022)
opens "Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh thực hiện Nghị quyết số 11 -NQ/TU
ngày 18/8/2021 của Ban Thường vụ Tỉnh ủy …": it implements Kế hoạch 209/KH-UBND, which implements
Nghị quyết 11-NQ/TU (both only cited: no file of theirs is loaded). Each of the five plans names its
province's Sở Khoa học và Công nghệ. Quảng Trị's plan cites 52-NQ/TW and 52-KL/TW: two documents
numbered 52."""

from __future__ import annotations

import pytest

from queries import BACKENDS, AmbiguousTask, UnknownTask, implementations, open_backend, trace
from queries.find import (
    Ambiguous,
    NotFound,
    find,
    resolve_agency,
    resolve_document,
    resolve_node,
    resolve_province,
    resolve_task,
    show,
)

NQ_11 = "doc/phu-yen/nq-tu/11/2021"
KH_209 = "doc/phu-yen/kh-ubnd/209/2021"
PHU_YEN_PLAN = "doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209"
PLANS = {PHU_YEN_PLAN, "doc/quang-tri/kh-skhcn/43/2023", "doc/file/hung-yen-2023-kh-ubnd-phat-trien-khcn-dmst",
         "doc/file/ninh-thuan-2022-kh-ubnd-trien-khai-qd-472", "doc/file/tay-ninh-2022-kh-khcn-chuong-trinh-hanh-dong"}
PROVINCES = ["Hưng Yên", "Ninh Thuận", "Phú Yên", "Quảng Trị", "Tây Ninh"]
TASK_2_1 = "task/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209/PLI:2.1"  # as a person types it
TASK_2_1_STORED = "task/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209/PLI%3A2.1"  # as graph.json has it
PHU_YEN_SO = "agency/phu-yen/so-khoa-hoc-cong-nghe"
PHU_YEN_PQL = "agency/phu-yen/so-khoa-hoc-cong-nghe/phong-quan-ly-khoa-hoc-cong-nghe"
# the sentence of the Phú Yên plan that states both implements links (its title, repeated as its first line)
SENTENCE = ("Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh thực hiện Nghị quyết số 11 -NQ/TU "
            "ngày 18/8/2021 của Ban Thường vụ Tỉnh ủy")


@pytest.fixture(scope="module", params=BACKENDS)
def source(request, built_graph):
    return open_backend(built_graph, request.param)


@pytest.fixture(scope="module")
def sources(built_graph):
    return {name: open_backend(built_graph, name) for name in BACKENDS}


# --- documents ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["11-NQ/TU", "11 -NQ/TU", "11 -nq/tu", "11-nq/tu", "NQ 11", "nq 11",
                                   "Nghị quyết 11", "nghi quyet so 11", "Nghị quyết số 11 năm 2021", NQ_11])
def test_a_resolution_only_cited_by_its_symbol_in_any_spelling(source, typed):
    assert resolve_document(source, typed) == NQ_11


@pytest.mark.parametrize("typed", ["209/KH-UBND", "209/kh-ubnd", "209 / KH-UBND", "KH 209", "kế hoạch 209",
                                   "Kế hoạch số 209", "ke hoach so 209", "209"])
def test_a_plan_by_its_symbol_or_type_and_number(source, typed):
    assert resolve_document(source, typed) == KH_209


@pytest.mark.parametrize("typed, expected", [
    ("295/2020/NQ-HĐND", "doc/hung-yen/nq-hdnd/295/2020"),
    ("295/2020/nq-hdnd", "doc/hung-yen/nq-hdnd/295/2020"),
    ("KH-SKHCN", PHU_YEN_PLAN),  # a plan whose number is blank keeps the rest of its symbol
    ("43/KH-SKHCN", "doc/quang-tri/kh-skhcn/43/2023"),
    ("doc/phu-yen/nq-tu/11/2021", NQ_11),
])
def test_other_symbols_and_ids(source, typed, expected):
    assert resolve_document(source, typed) == expected


def test_what_implements_the_resolution_once_found(source):
    found = implementations(source, resolve_document(source, "11-NQ/TU"))
    depth = {i.id: i.depth for i in found if i.kind == "Document"}
    assert depth == {KH_209: 1, PHU_YEN_PLAN: 2}
    assert any(i.kind == "Task" and i.via == PHU_YEN_PLAN for i in found)
    # and from the plan 209, as a person types it
    assert {i.id for i in implementations(source, resolve_document(source, "KH 209")) if i.kind == "Document"} \
        == {PHU_YEN_PLAN}


def test_a_number_two_documents_have_is_ambiguous_with_both(source):
    with pytest.raises(Ambiguous) as info:
        resolve_document(source, "52")  # Nghị quyết 52-NQ/TW and Kết luận 52-KL/TW
    assert {m.id for m in info.value.candidates} == {"doc/vn/nq-tw/52/2019", "doc/vn/kl-tw/52/2019"}
    assert info.value.total == 2 and "52" in str(info.value)
    assert resolve_document(source, "NQ 52") == "doc/vn/nq-tw/52/2019"
    assert resolve_document(source, "kết luận 52") == "doc/vn/kl-tw/52/2019"


def test_a_type_alone_is_ambiguous_with_every_document_of_that_type(source):
    with pytest.raises(Ambiguous) as info:
        resolve_document(source, "KH")
    candidates = info.value.candidates
    assert len(candidates) == info.value.total >= 10
    assert PLANS | {KH_209} <= {m.id for m in candidates}
    assert all(m.label.startswith("KH ") for m in candidates)
    assert NQ_11 not in {m.id for m in candidates}


def test_words_of_several_titles_are_ambiguous_and_list_every_candidate(source):
    with pytest.raises(Ambiguous) as info:
        resolve_document(source, "khoa học công nghệ")
    ids = {m.id for m in info.value.candidates}
    assert PHU_YEN_PLAN in ids and len(ids) == info.value.total >= 3


def test_an_unknown_symbol_is_not_found_with_what_to_type(source):
    with pytest.raises(NotFound) as info:
        resolve_document(source, "99-NQ/TU")
    message = str(info.value)
    assert "99-NQ/TU" in message and "kg find" in message and "\n" not in message
    assert "11-NQ/TU" in message  # a near symbol the graph has


# --- provinces ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["Phú Yên", "tỉnh Phú Yên", "Tỉnh Phú Yên", "phu yen", "PHÚ YÊN", "phu-yen",
                                   "tinh phu yen", " Phu  Yen "])
def test_a_province_with_or_without_tinh_and_accents(source, typed):
    assert resolve_province(source, typed) == "Phú Yên"


@pytest.mark.parametrize("typed", ["Hà Nội", "TP. Hồ Chí Minh", "Atlantis"])
def test_an_unknown_province_lists_the_provinces_there_are(source, typed):
    with pytest.raises(NotFound) as info:
        resolve_province(source, typed)
    message = str(info.value)
    assert all(p in message for p in PROVINCES) and "\n" not in message


# --- agencies ----------------------------------------------------------------------------------------

def test_one_science_department_per_province(source):
    result = find(source, "sở khoa học và công nghệ", kind="agency")
    exact = [m for m in result.matches if m.score == 0]
    assert sorted(m.province for m in exact) == PROVINCES
    assert all(m.label == f"Sở Khoa học và Công nghệ ({m.province})" for m in exact)
    assert result.matches[:5] == exact  # the exact names first
    for spelling in ("Ninh Thuận", "tỉnh Ninh Thuận", "ninh thuan"):
        only = find(source, "sở khoa học và công nghệ", kind="agency", province=spelling)
        assert only.matches and {m.province for m in only.matches} == {"Ninh Thuận"}, spelling


def test_a_shared_name_is_ambiguous_until_the_province_is_given(source):
    with pytest.raises(Ambiguous) as info:
        resolve_agency(source, "Sở Khoa học và Công nghệ")
    assert info.value.total == 5 and sorted(m.province for m in info.value.candidates) == PROVINCES
    assert resolve_agency(source, "Sở Khoa học và Công nghệ", "Quảng Trị") == "agency/quang-tri/so-khoa-hoc-cong-nghe"
    assert resolve_agency(source, "so khoa hoc va cong nghe", "tỉnh Phú Yên") == PHU_YEN_SO
    assert resolve_agency(source, PHU_YEN_PQL) == PHU_YEN_PQL


def test_an_unknown_agency_is_not_found(source):
    with pytest.raises(NotFound, match="kg find --kind agency"):
        resolve_agency(source, "Sở Tư pháp")


# --- find --------------------------------------------------------------------------------------------

def test_a_phrase_matching_many_tasks_says_how_many(source):
    result = find(source, "khoa học", kind="task", limit=5)
    everything = find(source, "khoa học", kind="task", limit=1000)
    assert len(result.matches) == 5 and result.total == len(everything.matches) > 20
    assert result.matches == everything.matches[:5]
    # every word is there, in either spelling
    assert all("khoa học" in m.text.lower() or "khoa hoc" in m.text.lower() or "kh&cn" in m.text.lower()
               or ("khoa" in m.text.lower() and "học" in m.text.lower()) for m in everything.matches)


def test_every_word_must_be_there(source):
    both = find(source, "khởi nghiệp sinh thái", kind="task", limit=1000).matches
    assert both and all("khởi nghiệp" in m.text.lower() and "sinh thái" in m.text.lower() for m in both)
    assert find(source, "khởi nghiệp qqqzzz").total == 0


def test_an_exact_symbol_comes_before_titles_that_mention_it(source):
    result = find(source, "209/KH-UBND")
    assert result.matches[0].id == KH_209 and result.matches[0].score == 0
    assert result.matches[0].label.startswith("KH 209/KH-UBND")
    assert PHU_YEN_PLAN in [m.id for m in result.matches[1:]]  # its title quotes the symbol


def test_documents_and_agencies_before_tasks(source):
    kinds = [m.kind for m in find(source, "Sở Khoa học và Công nghệ", limit=100).matches]
    assert kinds[:5] == ["agency"] * 5 and "task" in kinds


def test_a_task_match_names_its_document_and_province(source):
    (match, *rest) = find(source, "rà soát bổ sung chính sách hỗ trợ phát triển hệ sinh thái", kind="task").matches
    assert match.id == TASK_2_1 and match.kind == "task" and match.score == 1  # its text begins so
    assert all(m.score > 1 for m in rest)
    assert match.label.startswith("PLI:2.1: Rà soát, bổ sung chính sách hỗ trợ phát triển Hệ sinh thái khởi nghiệp")
    assert (match.province, match.document) == ("Phú Yên", "KH KH-SKHCN")


def test_ids_are_shown_and_taken_as_people_type_them(source):
    assert resolve_task(source, TASK_2_1) == TASK_2_1_STORED
    assert resolve_task(source, TASK_2_1_STORED) == TASK_2_1_STORED
    assert resolve_node(source, TASK_2_1) == TASK_2_1_STORED
    result = find(source, "Phú Yên", kind="task", province="Phú Yên", limit=1000)
    assert result.matches and not any("%" in m.id for m in result.matches)
    assert find(source, TASK_2_1).matches[0].id == TASK_2_1


def test_a_province_filters_tasks(source):
    tasks = find(source, "khoa học", kind="task", province="tỉnh Quảng Trị", limit=1000).matches
    assert tasks and {m.province for m in tasks} == {"Quảng Trị"}
    assert all(m.id.startswith("task/quang-tri/") for m in tasks)


# --- tasks, as `trace` and the web app ask for them -------------------------------------------------

def test_ambiguous_and_unknown_tasks_are_the_resolvers_answers(source):
    with pytest.raises(AmbiguousTask) as info:
        trace(source, "so khoa hoc")
    assert isinstance(info.value, Ambiguous) and info.value.total == len(info.value.candidates) > 1
    ident, label, text = info.value.tuples[0]
    assert ident == info.value.candidates[0].id and text == info.value.candidates[0].text
    with pytest.raises(UnknownTask) as unknown:
        trace(source, "qqqzzz")
    assert isinstance(unknown.value, NotFound) and "kg find" in str(unknown.value)
    assert trace(source, TASK_2_1).task.id == TASK_2_1_STORED


def test_a_label_several_documents_share_is_ambiguous(source):
    with pytest.raises(Ambiguous) as info:
        resolve_task(source, "II.1-1")  # the first duty of section II.1 of the Hưng Yên and Tây Ninh plans
    assert len({m.id.rsplit("/", 1)[0] for m in info.value.candidates}) > 1
    assert {m.task_label for m in info.value.candidates} == {"II.1-1"}  # the labels only, not other tasks


# --- show --------------------------------------------------------------------------------------------

def test_show_a_plan_with_its_links_and_their_quotations(source):
    view = show(source, resolve_node(source, "KH 209"))
    assert view.id == KH_209 and view.kind == "Document" and view.label.startswith("KH 209/KH-UBND")
    a = view.attributes
    assert (a["symbol"], a["date"], a["year"], a["province"], a["source"]) == ("209/KH-UBND", "2021-12-06", 2021,
                                                                              "Phú Yên", None)
    assert a["issuer"] == "Ủy ban nhân dân tỉnh"
    up = [link for link in view.links if link.type == "implements" and link.direction == "out"]
    down = [link for link in view.links if link.type == "implements" and link.direction == "in"]
    assert [link.other for link in up] == [NQ_11] and [link.other for link in down] == [PHU_YEN_PLAN]
    assert up[0].quote.startswith(SENTENCE) and down[0].quote.startswith(SENTENCE)
    assert up[0].file.endswith("phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt")
    assert up[0].label.startswith("NQ 11-NQ/TU") and down[0].label.startswith("KH KH-SKHCN")
    (issuer,) = [link for link in view.links if link.type == "issued_by"]
    assert issuer.other == "agency/phu-yen/uy-ban-nhan-dan-tinh"
    assert issuer.quote == "Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh"


def test_show_a_task_by_the_id_people_type(source):
    view = show(source, TASK_2_1)
    assert view.id == TASK_2_1 and view.kind == "Task"
    assert view.attributes["label"] == "PLI:2.1" and view.attributes["document"] == PHU_YEN_PLAN
    assert view.attributes["text"].startswith("Rà soát, bổ sung chính sách hỗ trợ phát triển Hệ sinh thái khởi nghiệp")
    roles = {(link.other, link.role) for link in view.links if link.type == "assigned_to"}
    assert (PHU_YEN_PQL, "lead") in roles
    (part_of,) = [link for link in view.links if link.type == "part_of"]
    assert part_of.other == PHU_YEN_PLAN and part_of.quote


def test_show_an_agency_with_its_parent(source):
    view = show(source, PHU_YEN_PQL)
    assert view.attributes["name"] == "Phòng Quản lý Khoa học và Công nghệ"
    assert (view.attributes["province"], view.attributes["parent"]) == ("Phú Yên", PHU_YEN_SO)


def test_show_caps_the_links_of_a_busy_agency_and_counts_the_rest(source):
    view = show(source, resolve_agency(source, "Phòng Quản lý Khoa học và Công nghệ", "Phú Yên"), limit=5)
    assigned = [link for link in view.links if link.type == "assigned_to"]
    assert len(assigned) == 5 and view.more["assigned_to"] > 20
    assert view.counts["assigned_to"] == len(assigned) + view.more["assigned_to"]
    assert [link.role for link in assigned] == ["lead"] * 5  # the tasks it leads first


def test_show_is_the_same_on_every_backend(sources):
    graph = sources["networkx"].graph
    for node in sorted(graph.nodes):
        views = {name: show(s, node).model_dump() for name, s in sources.items()}
        assert views["networkx"] == views["sparql"], node


def test_show_an_unknown_node_is_not_found(source):
    with pytest.raises(NotFound, match="kg find"):
        show(source, "doc/nowhere")


# --- the web app's search ranks as find does ---------------------------------------------------------

def test_the_web_search_is_find(sources):
    from kg.serve import GraphService

    service = GraphService(sources["networkx"].graph)
    answer = service.search("209/kh-ubnd", limit=3)
    assert answer["results"][0]["id"] == KH_209 and len(answer["results"]) <= 3
    assert answer["total"] == find(sources["networkx"], "209/kh-ubnd").total
    tasks = service.search("PLI:2.1")
    assert tasks["results"][0]["id"] == TASK_2_1_STORED  # the node id the page asks for
    phu_yen = service.search("phu yen")  # the province is no node: its documents come first
    assert {r["id"] for r in phu_yen["results"][:3]} == {PHU_YEN_PLAN, KH_209, NQ_11}
    assert phu_yen["total"] == find(sources["networkx"], "phu yen").total - 1


# --- numbers padded with zeros -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def padded_graph(tmp_path_factory):
    """A plan numbered 07/KH-UBND implementing a resolution numbered 05-NQ/TU, as offices write them."""
    from kg.cli import main

    folder = tmp_path_factory.mktemp("padded")
    (folder / "ha-giang.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nSố: 07/KH-UBND\nHà Giang, ngày 9 tháng 1 năm 2025\n\nKẾ HOẠCH\n"
        "Triển khai chuyển đổi số năm 2025\n\nThực hiện Nghị quyết số 05-NQ/TU ngày 22/12/2024 của Ban Thường "
        "vụ Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n", encoding="utf-8")
    out = folder / "kg-out"
    assert main(["build", str(folder / "ha-giang.txt"), "--out", str(out), "-q"]) == 0
    return out


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("typed, wanted", [("KH 7", "07/KH-UBND"), ("Kế hoạch số 07", "07/KH-UBND"),
                                           ("7/KH-UBND", "07/KH-UBND"), ("07/kh-ubnd", "07/KH-UBND"),
                                           ("NQ 5", "05-NQ/TU"), ("5-NQ/TU", "05-NQ/TU")])
def test_a_number_typed_without_its_zeros_finds_the_document(padded_graph, backend, typed, wanted):
    from queries.find import prepare

    source = open_backend(padded_graph, backend)
    found = show(source, resolve_document(source, typed))
    assert found.attributes["symbol"] == wanted
    prepare(source)  # a server's search: by its symbol as compared, not only by its words
    assert [m.label.split()[1] for m in find(source, typed, kind="document").matches] == [wanted]


# --- a server's search (an index of the words) finds exactly what a scan finds -----------------------

SEARCHES = ["khoa học", "Sở Khoa học và Công nghệ", "sở kh&cn", "chuyển đổi số", "đổi mới sáng tạo", "UBND tỉnh",
            "ubnd", "s", "k", "209/KH-UBND", "209 / kh-ubnd", "KH 209", "kế hoạch", "Nghị quyết 11", "11-NQ/TU",
            "KH-SKHCN", "kh - skhcn", "2.1", "II.1", "phú yên", "tỉnh Ninh Thuận", "hoàn thành", "năm 2023",
            "trung tâm", "doanh nghiệp khoa học", "qqqzz", "phát triển k", "KH", "Kế hoạch số 209", "209",
            "nq 11 2021", "209/KH", "kh-ubnd", "2021", "sở kh", "ủy ban nhân dân tỉnh", "Tây Ninh", "01/KH-UBND",
            "1/kh", "QĐ"]


@pytest.mark.parametrize("kind", [None, "document", "task", "agency"])
def test_a_servers_indexed_search_finds_what_a_scan_finds(built_graph, kind):
    from queries.find import prepare

    scanned, indexed = open_backend(built_graph, "networkx"), open_backend(built_graph, "networkx")
    prepare(indexed)
    for text in SEARCHES:
        for province in (None, "Phú Yên"):
            expected = find(scanned, text, kind=kind, province=province, limit=1000)
            assert find(indexed, text, kind=kind, province=province, limit=1000) == expected, (text, province)
            assert find(indexed, text, kind=kind, province=province, limit=3) == \
                find(scanned, text, kind=kind, province=province, limit=3)
    assert find(indexed, "khoa học", kind="task").total > 10  # the data/ plans are about science and technology
