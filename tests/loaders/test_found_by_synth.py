"""Misreads of realistic text found by the synthetic corpus (kg.synth), one test each."""

from __future__ import annotations

from loaders import parse_text
from loaders.agencies import AgencyResolver, split_mentions, take_agency_list
from loaders.citations import CitationContext, find_citations, find_relations
from loaders.clean import clean
from loaders.header import read_header


def _relations(text: str, context: CitationContext) -> set[tuple]:
    citations, _ = find_citations(text, context)
    name = lambda k: "DOC" if k is None else citations[k].ref.symbol  # noqa: E731
    return {(r.type, name(r.subject), name(r.object)) for r in find_relations(text, citations)}


def test_bodies_of_a_centrally_run_city_are_named_as_such():
    header, _ = read_header("Số: 12/KH-UBND\n\nCần Thơ, ngày 05 tháng 3 năm 2022\n\nKẾ HOẠCH\nVề việc\n")
    assert header.ref.issuer == "Ủy ban nhân dân thành phố Cần Thơ"
    header, _ = read_header("Số 02-NQ/TU\n\nHà Nội, ngày 05 tháng 3 năm 2022\n\nNGHỊ QUYẾT\nVề việc\n")
    assert header.ref.issuer == "Thành ủy Hà Nội"
    resolver = AgencyResolver(province="Cần Thơ")
    department = resolver.resolve("Sở Tài chính thành phố Cần Thơ")
    assert (department.name, department.province) == ("Sở Tài chính", "Cần Thơ")
    assert resolver.resolve("Thành ủy Cần Thơ") is not None


def test_an_action_programme_has_its_type_line_and_title():
    header, _ = read_header("Số 59-CTr/TU\n\nQuảng Trị, ngày 05 tháng 3 năm 2023\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\n"
                            "thực hiện Nghị quyết số 29-NQ/TW\n\nI. MỤC TIÊU\n")
    assert (header.ref.doc_type, header.ref.doc_type_name) == ("CTr", "Chương trình")
    assert header.ref.title == "thực hiện Nghị quyết số 29-NQ/TW"


def test_department_names_and_abbreviations_end_where_they_end_in_prose():
    cases = {
        "Sở Nông nghiệp và Phát triển nông thôn, Sở Y tế tổ chức": ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Y tế"],
        "Sở Văn hóa, Thể thao và Du lịch tổ chức": ["Sở Văn hóa, Thể thao và Du lịch"],
        "Sở Công Thương tiếp tục": ["Sở Công Thương"],
        "Sở KH&CN tổ chức": ["Sở KH&CN"],
        "Phòng KH-TC tổ chức": ["Phòng KH-TC"],
        "Sở Kế hoạch và Đầu tư và UBND các huyện, thị xã, thành phố huy động":
            ["Sở Kế hoạch và Đầu tư", "UBND các huyện, thị xã, thành phố"],
        "Phòng Giáo dục Mầm non và Phòng Giáo dục Trung học tham mưu":
            ["Phòng Giáo dục Mầm non", "Phòng Giáo dục Trung học"],
        "Sở Y tế tỉnh tổ chức": ["Sở Y tế tỉnh"],
    }
    for text, names in cases.items():
        assert take_agency_list(text)[0] == names, text


def test_party_bodies_and_whole_names_in_a_cell():
    assert split_mentions("Ban Tuyên giáo Tỉnh ủy") == ["Ban Tuyên giáo Tỉnh ủy"]
    assert split_mentions("Sở KH&CN, Ban Tuyên giáo Thành ủy") == ["Sở KH&CN", "Ban Tuyên giáo Thành ủy"]
    assert split_mentions("Tỉnh đoàn, Sở Tài chính") == ["Tỉnh đoàn", "Sở Tài chính"]
    assert split_mentions("UBND các huyện, thị xã, thành phố") == ["UBND các huyện, thị xã, thành phố"]


def test_what_a_cited_decision_issues_is_not_the_document_naming_itself():
    text = ("KẾ HOẠCH\nTriển khai Quyết định số 31/QĐ-UBND ngày 04/6/2022 của UBND tỉnh\n\n"
            "Thực hiện Quyết định số 31/QĐ-UBND ngày 04/6/2022 của UBND tỉnh ban hành Chương trình hành động "
            "thực hiện Nghị quyết số 01-NQ/TU ngày 06/3/2022 của Ban Thường vụ Tỉnh ủy, Ủy ban nhân dân tỉnh ban "
            "hành Kế hoạch triển khai thực hiện như sau:\n\nI. MỤC ĐÍCH\n")
    assert _relations(text, CitationContext("An Giang", 2022)) == {
        ("implements", "DOC", "31/QĐ-UBND"),
        ("implements", "31/QĐ-UBND", "01-NQ/TU"),
        ("cites", "DOC", "01-NQ/TU"),
    }


def test_the_same_number_of_another_year_is_another_document():
    text = "Số: 16/KH-UBND\n\nII. NỘI DUNG\n\n- Theo Kế hoạch số 16/KH-UBND ngày 01/7/2021 của UBND tỉnh.\n"
    citations, _ = find_citations(text, CitationContext("Bắc Ninh", 2024, "16/KH-UBND", "KH"))
    assert [(c.ref.symbol, c.ref.year) for c in citations] == [("16/KH-UBND", 2021)]
    citations, _ = find_citations(text.replace("2021", "2024"), CitationContext("Bắc Ninh", 2024, "16/KH-UBND", "KH"))
    assert citations == []  # its own number, its own year: the document itself


def test_a_title_ending_in_a_province_name_is_not_glued_to_the_next_paragraph():
    text = "KẾ HOẠCH\nThực hiện Kế hoạch số 15/KH-UBND ngày 14/10/2024 của UBND tỉnh Cao Bằng\n\nSở Y tế xây dựng Kế hoạch.\n"
    record = parse_text(clean(text).text)
    assert record.header.ref.title == "Thực hiện Kế hoạch số 15/KH-UBND ngày 14/10/2024 của UBND tỉnh Cao Bằng"
