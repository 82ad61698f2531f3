"""Finding documents, tasks, agencies and provinces by what a person types, on every backend.

The expectations are read from data/documents: Phú Yên's plan of the Sở KH&CN implements Kế hoạch
209/KH-UBND of 06/12/2021, which implements Nghị quyết 11-NQ/TU of 18/8/2021 (only cited); five
provinces each have a Sở Khoa học và Công nghệ."""

from __future__ import annotations

import pytest

from queries import BACKENDS, implementations, open_backend
from queries.find import Ambiguous, NotFound, find, resolve_agency, resolve_document, resolve_node, \
    resolve_province, resolve_task, show

NQ_11 = "doc/phu-yen/nq-tu/11/2021"
KH_209 = "doc/phu-yen/kh-ubnd/209/2021"
PHU_YEN_PLAN = "doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209"
PROVINCES = ["Hưng Yên", "Ninh Thuận", "Phú Yên", "Quảng Trị", "Tây Ninh"]


@pytest.fixture(scope="module", params=BACKENDS)
def source(request, built_graph):
    return open_backend(built_graph, request.param)


@pytest.mark.parametrize("typed", ["11-NQ/TU", "11 -NQ/TU", "11-nq/tu", "NQ 11", "Nghị quyết 11", "nghi quyet so 11"])
def test_a_resolution_by_its_symbol_in_any_spelling(source, typed):
    assert resolve_document(source, typed) == NQ_11


@pytest.mark.parametrize("typed", ["209/KH-UBND", "209/kh-ubnd", "KH 209", "Kế hoạch số 209", "kế hoạch 209", "209"])
def test_a_plan_by_its_symbol_or_type_and_number(source, typed):
    assert resolve_document(source, typed) == KH_209


def test_what_implements_the_resolution_once_found(source):
    found = implementations(source, resolve_document(source, "11-NQ/TU"))
    depth = {i.id: i.depth for i in found if i.kind == "Document"}
    assert depth == {KH_209: 1, PHU_YEN_PLAN: 2}


def test_words_of_several_titles_are_ambiguous_and_list_every_candidate(source):
    with pytest.raises(Ambiguous) as info:
        resolve_document(source, "khoa học công nghệ")
    ids = {m.id for m in info.value.candidates}
    assert PHU_YEN_PLAN in ids and len(ids) == info.value.total >= 3


def test_an_unknown_symbol_is_not_found_with_what_to_type(source):
    with pytest.raises(NotFound, match="kg find"):
        resolve_document(source, "99-NQ/TU")


@pytest.mark.parametrize("typed", ["Phú Yên", "tỉnh Phú Yên", "Tỉnh Phú Yên", "phu yen", "PHÚ YÊN", "phu-yen", "tinh phu yen"])
def test_a_province_with_or_without_tinh_and_accents(source, typed):
    assert resolve_province(source, typed) == "Phú Yên"


def test_an_unknown_province_lists_the_provinces_there_are(source):
    with pytest.raises(NotFound) as info:
        resolve_province(source, "Hà Nội")
    assert all(p in str(info.value) for p in PROVINCES)


def test_one_science_department_per_province(source):
    result = find(source, "sở khoa học và công nghệ", kind="agency")
    exact = [m for m in result.matches if m.score == 0]
    assert sorted(m.province for m in exact) == PROVINCES
    assert all(m.label == f"Sở Khoa học và Công nghệ ({m.province})" for m in exact)
    only = find(source, "sở khoa học và công nghệ", kind="agency", province="Ninh Thuận")
    assert {m.province for m in only.matches} == {"Ninh Thuận"}


def test_a_shared_name_is_ambiguous_until_the_province_is_given(source):
    with pytest.raises(Ambiguous) as info:
        resolve_agency(source, "Sở Khoa học và Công nghệ")
    assert info.value.total == 5
    assert resolve_agency(source, "Sở Khoa học và Công nghệ", "Quảng Trị") == "agency/quang-tri/so-khoa-hoc-cong-nghe"


def test_a_phrase_matching_many_tasks_says_how_many(source):
    result = find(source, "khoa học", kind="task", limit=5)
    assert len(result.matches) == 5 and result.total > 20


def test_ids_are_shown_and_taken_as_people_type_them(source):
    typed = f"task/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209/PLI:2.1"
    resolved = resolve_task(source, typed)
    assert resolved.endswith("PLI%3A2.1")
    result = find(source, "hệ sinh thái khởi nghiệp", kind="task")
    assert result.matches and not any("%" in m.id for m in result.matches)


def test_show_a_plan_with_its_links_and_their_quotations(built_graph):
    source = open_backend(built_graph)
    node = resolve_node(source, "KH 209")
    view = show(source, node)
    assert view.attributes["symbol"] == "209/KH-UBND" and view.attributes["date"] == "2021-12-06"
    up = [link for link in view.links if link.type == "implements" and link.direction == "out"]
    down = [link for link in view.links if link.type == "implements" and link.direction == "in"]
    assert [link.other for link in up] == [NQ_11] and [link.other for link in down] == [PHU_YEN_PLAN]
    # the sentence of the Phú Yên plan that states both links
    assert up[0].quote.startswith("Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh")


def test_show_caps_the_links_of_a_busy_agency_and_counts_the_rest(built_graph):
    source = open_backend(built_graph)
    node = resolve_agency(source, "Phòng Quản lý Khoa học và Công nghệ", "Phú Yên")
    view = show(source, node, limit=5)
    assigned = [link for link in view.links if link.type == "assigned_to"]
    assert len(assigned) == 5 and view.more["assigned_to"] > 20
