"""Decisions (Quyết định), resolutions (Nghị quyết) and joint circulars of any province.

Each document is built here in the national format (Nghị định 30/2020/NĐ-CP): a preamble of "Căn cứ"
lines (the legal basis) and a "Xét đề nghị …" / "Theo đề nghị …" line, then the articles. The
expectations are what a reader says: which documents are the basis, which are only cited, which
articles charge which bodies and in what role.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders import parse_text
from loaders.clean import clean

HEADER = "ỦY BAN NHÂN DÂN\nTỈNH {caps}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"


def read(text: str):
    return parse_text(clean(text).text)


def relations(record) -> dict[str, str]:
    """What the document does to each document it names (by symbol, or title for laws)."""
    out = {}
    for r in record.relations:
        if r.subject is None:
            ref = record.citations[r.object].ref
            out.setdefault(ref.symbol or ref.title, r.type)
    return out


def names(record, task, role: str) -> list[str]:
    return [record.agency(a.agency).name for a in task.assignments if a.role == role]


def committee_decision(caps: str, province: str, *, broken: bool = False) -> str:
    """A Quyết định of a provincial People's Committee that issues (ban hành) a plan."""
    basis = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
        "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;\n\n"
        "Căn cứ Luật Sở hữu trí tuệ ngày 29 tháng 11 năm 2005;\n\n"
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư và Thông tư số "
        "01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ;\n\n"
        "Căn cứ Quyết định số 2205/QĐ-TTg ngày 24/12/2021 của Thủ tướng Chính phủ phê duyệt Chương trình phát "
        "triển tài sản trí tuệ đến năm 2030;\n\n"
        "Xét đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 45/TTr-SKHCN ngày 02/5/2023.\n\n"
    )
    if broken:  # as a PDF gives it: lines cut where the column ends, no blank lines
        basis = basis.replace("\n\n", "\n").replace("địa phương ngày 19", "địa phương ngày\n19").replace(
            "một số điều của Luật Tổ chức", "một số điều của Luật\nTổ chức").replace(
            "văn thư và Thông tư số", "văn thư và\nThông tư số").replace("Khoa học và Công nghệ tại", "Khoa học và\nCông nghệ tại")
    return (
        HEADER.format(caps=caps) + f"Số: 1234/QĐ-UBND\n\n{province}, ngày 15 tháng 5 năm 2023\n\n"
        f"QUYẾT ĐỊNH\nBan hành Kế hoạch phát triển tài sản trí tuệ tỉnh {province} giai đoạn 2023 - 2025\n"
        + ("" if broken else "\n") + f"ỦY BAN NHÂN DÂN TỈNH {caps}\n" + ("" if broken else "\n") + basis
        + "QUYẾT ĐỊNH:\n\n"
        f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển tài sản trí tuệ tỉnh {province} giai đoạn "
        "2023 - 2025.\n\n"
        "Điều 2. Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Tài chính, Sở Kế hoạch và Đầu tư và các "
        "cơ quan, đơn vị liên quan tổ chức triển khai thực hiện Kế hoạch; định kỳ hằng năm báo cáo UBND tỉnh "
        "trước ngày 15 tháng 12.\n\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
        "Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Khoa học và Công nghệ, Tài chính, Kế hoạch và Đầu tư; Thủ "
        "trưởng các sở, ban, ngành; Chủ tịch UBND các huyện, thị xã, thành phố và các tổ chức, cá nhân có liên "
        "quan chịu trách nhiệm thi hành Quyết định này./.\n\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn Hai\n"
    )


DECISION_PROVINCES = [("QUẢNG NAM", "Quảng Nam"), ("BẮC GIANG", "Bắc Giang"), ("ĐẮK LẮK", "Đắk Lắk")]
BASES = {
    "Luật Tổ chức chính quyền địa phương",
    "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
    "Luật Sở hữu trí tuệ", "30/2020/NĐ-CP", "01/2011/TT-BNV", "2205/QĐ-TTg",
}


@pytest.mark.parametrize("caps,province", DECISION_PROVINCES)
@pytest.mark.parametrize("broken", [False, True], ids=["paragraphs", "pdf-lines"])
def test_every_document_of_the_legal_basis_is_based_on(caps, province, broken):
    record = read(committee_decision(caps, province, broken=broken))
    found = relations(record)
    assert {k for k, v in found.items() if v == "based_on"} == BASES
    assert found["45/TTr-SKHCN"] == "cites"  # "Xét đề nghị … tại Tờ trình": not a basis


@pytest.mark.parametrize("caps,province", DECISION_PROVINCES)
def test_laws_are_cited_by_name_and_date_without_a_number(caps, province):
    record = read(committee_decision(caps, province))
    laws = {c.ref.title: c.ref for c in record.citations if c.ref.doc_type == "L"}
    local = laws["Luật Tổ chức chính quyền địa phương"]
    assert (local.date, local.number, local.symbol) == (dt.date(2015, 6, 19), None, None)
    assert laws["Luật Sở hữu trí tuệ"].date == dt.date(2005, 11, 29)


@pytest.mark.parametrize("caps,province", DECISION_PROVINCES)
def test_decision_header_and_title(caps, province):
    ref = read(committee_decision(caps, province, broken=True)).header.ref
    assert ref.issuer == f"Ủy ban nhân dân tỉnh {province}"
    assert (ref.doc_type, ref.symbol) == ("QĐ", "1234/QĐ-UBND")
    assert ref.title == f"Ban hành Kế hoạch phát triển tài sản trí tuệ tỉnh {province} giai đoạn 2023 - 2025"


@pytest.mark.parametrize("caps,province", DECISION_PROVINCES)
@pytest.mark.parametrize("broken", [False, True], ids=["paragraphs", "pdf-lines"])
def test_decision_articles_as_tasks(caps, province, broken):
    record = read(committee_decision(caps, province, broken=broken))
    assert [t.label for t in record.tasks] == ["Điều 2", "Điều 3"]  # Điều 1 issues the plan: no task
    assign, execute = record.tasks
    assert names(record, assign, "lead") == ["Sở Khoa học và Công nghệ"]
    assert names(record, assign, "coordinate") == ["Sở Tài chính", "Sở Kế hoạch và Đầu tư",
                                                   "Các cơ quan, đơn vị liên quan"]
    assert (assign.deadline.recurrence, assign.deadline.anchor) == ("P1Y", "--12-15")
    carriers = names(record, execute, "lead")
    assert carriers[:4] == ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Khoa học và Công nghệ", "Sở Tài chính",
                            "Sở Kế hoạch và Đầu tư"]
    assert "UBND các huyện, thị xã, thành phố" in carriers
    groups = {record.agency(a.agency).name for a in execute.assignments if record.agency(a.agency).kind == "group"}
    assert {"Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"} <= groups
    assert not names(record, execute, "coordinate")
    assert all(record.text[t.span.start:t.span.end].replace("\n", " ") == t.text for t in record.tasks)


@pytest.mark.parametrize("clause,expected", [
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở, Thủ trưởng các ban, ngành, Chủ tịch Ủy ban nhân dân "
     "các huyện, thành phố",
     ["Văn phòng Ủy ban nhân dân tỉnh", "Các Sở", "Các ban, ngành", "Ủy ban nhân dân các huyện, thành phố"]),
    ("Chánh Văn phòng UBND tỉnh; Giám đốc Sở Tài chính; Giám đốc Sở Văn hóa, Thể thao và Du lịch; Cục trưởng Cục "
     "Thuế tỉnh; Chủ tịch Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
     ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch", "Cục Thuế",
      "Liên hiệp các Hội Khoa học và Kỹ thuật"]),
    ("Giám đốc các Sở: Văn hóa, Thể thao và Du lịch, Tài chính và Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên quan",
     ["Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "Sở Nội vụ", "Các cơ quan, đơn vị có liên quan"]),
])
@pytest.mark.parametrize("verb", ["chịu trách nhiệm thi hành Quyết định này./.", "căn cứ Quyết định thi hành./."])
def test_execution_clause_names_bodies_by_their_heads(clause, expected, verb):
    text = (HEADER.format(caps="TIỀN GIANG") + "Số: 88/QĐ-UBND\n\nTiền Giang, ngày 02 tháng 2 năm 2024\n\n"
            "QUYẾT ĐỊNH\nVề việc thành lập Hội đồng\n\nỦY BAN NHÂN DÂN TỈNH TIỀN GIANG\n\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\nQUYẾT ĐỊNH:\n\n"
            "Điều 1. Thành lập Hội đồng khoa học và công nghệ tỉnh.\n\n"
            f"Điều 2. {clause} {verb}\n\nNơi nhận:\n- Như Điều 2;\n")
    record = read(text)
    (task,) = record.tasks
    assert task.label == "Điều 2"
    assert names(record, task, "lead") == expected


def council_resolution(caps: str, province: str, *, inline: bool = False) -> str:
    """A Nghị quyết of a provincial People's Council, with its organisation article."""
    if inline:
        organisation = ("Điều 2. Tổ chức thực hiện: 1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này. "
                        "2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh giám sát "
                        "việc thực hiện Nghị quyết này.\n\n")
    else:
        organisation = ("Điều 2. Tổ chức thực hiện\n\n1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.\n\n"
                        "2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh giám sát "
                        "việc thực hiện Nghị quyết này.\n\n")
    return (
        f"HỘI ĐỒNG NHÂN DÂN\nTỈNH {caps}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        f"Số: 30/2023/NQ-HĐND\n\n{province}, ngày 14 tháng 7 năm 2023\n\n"
        f"NGHỊ QUYẾT\nQuy định chính sách hỗ trợ phát triển khoa học và công nghệ tỉnh {province}\n\n"
        f"HỘI ĐỒNG NHÂN DÂN TỈNH {caps}\nKHÓA XIII, KỲ HỌP THỨ 10\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\n"
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;\n\n"
        "Căn cứ Nghị định số 08/2014/NĐ-CP ngày 27/01/2014 của Chính phủ quy định chi tiết và hướng dẫn thi hành "
        "một số điều của Luật Khoa học và Công nghệ;\n\n"
        "Xét Tờ trình số 95/TTr-UBND ngày 20 tháng 6 năm 2023 của Ủy ban nhân dân tỉnh về dự thảo Nghị quyết; Báo "
        "cáo thẩm tra số 40/BC-HĐND ngày 05/7/2023 của Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh; ý kiến "
        "thảo luận của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp.\n\n"
        "QUYẾT NGHỊ:\n\n"
        f"Điều 1. Quy định chính sách hỗ trợ phát triển khoa học và công nghệ tỉnh {province}.\n\n"
        + organisation +
        f"Điều 3. Hiệu lực thi hành\n\nNghị quyết này đã được Hội đồng nhân dân tỉnh {province} khóa XIII, kỳ họp "
        "thứ 10 thông qua ngày 14 tháng 7 năm 2023 và có hiệu lực từ ngày 25 tháng 7 năm 2023./.\n\n"
        "Nơi nhận:\n- Ủy ban Thường vụ Quốc hội;\n- Chính phủ;\n\nCHỦ TỊCH\n\nBùi Thị Vân\n"
    )


@pytest.mark.parametrize("caps,province", [("QUẢNG NGÃI", "Quảng Ngãi"), ("SƠN LA", "Sơn La"),
                                           ("VĨNH LONG", "Vĩnh Long")])
@pytest.mark.parametrize("inline", [False, True], ids=["items-on-lines", "items-in-one-line"])
def test_council_resolution(caps, province, inline):
    record = read(council_resolution(caps, province, inline=inline))
    ref = record.header.ref
    assert (ref.issuer, ref.doc_type, ref.title) == (
        f"Hội đồng nhân dân tỉnh {province}", "NQ",
        f"Quy định chính sách hỗ trợ phát triển khoa học và công nghệ tỉnh {province}")
    found = relations(record)
    assert found == {
        "Luật Tổ chức chính quyền địa phương": "based_on",
        "Luật Ban hành văn bản quy phạm pháp luật": "based_on",
        "08/2014/NĐ-CP": "based_on",
        "95/TTr-UBND": "cites",
        "40/BC-HĐND": "cites",
    }
    assert [t.label for t in record.tasks] == ["Điều 2.1", "Điều 2.2"]
    execute, supervise = record.tasks
    assert names(record, execute, "lead") == ["Ủy ban nhân dân tỉnh"]
    assert record.agency(execute.leads[0]).province == province
    assert names(record, supervise, "lead")[0] == "Thường trực Hội đồng nhân dân tỉnh"
    assert record.agency(supervise.leads[1]).kind == "group"
    assert execute.heading == supervise.heading == "Tổ chức thực hiện"


def department_decision(caps: str, province: str) -> str:
    """A Quyết định of a provincial department (Sở), whose header names the People's Committee above it."""
    return (
        f"UBND TỈNH {caps}\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\n\nSố: 215/QĐ-SKHCN\n\n{province}, ngày 03 tháng 4 năm 2024\n\n"
        "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch kiểm tra nhà nước về đo lường năm 2024\n"
        "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ\n"
        "Căn cứ Luật Đo lường ngày 11 tháng 11 năm 2011;\n"
        f"Căn cứ Quyết định số 12/2021/QĐ-UBND ngày 15/3/2021 của UBND tỉnh {province} quy định chức năng, nhiệm "
        "vụ, quyền hạn và cơ cấu tổ chức của Sở Khoa học và Công nghệ;\n"
        "Theo đề nghị của Chi cục trưởng Chi cục Tiêu chuẩn Đo lường Chất lượng tại Tờ trình số 20/TTr-CCTĐC ngày "
        "01/4/2024.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch kiểm tra nhà nước về đo lường năm 2024.\n"
        "Điều 2. Giao Chi cục Tiêu chuẩn Đo lường Chất lượng chủ trì, phối hợp với Thanh tra Sở tổ chức thực hiện "
        "Kế hoạch, báo cáo kết quả trước ngày 15/12/2024.\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Chi cục trưởng Chi cục Tiêu chuẩn Đo "
        "lường Chất lượng, Chánh Thanh tra Sở và Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành "
        "Quyết định này./.\n"
        "Nơi nhận:\n- Như Điều 3;\nGIÁM ĐỐC\nLê Văn Bình\n"
    )


@pytest.mark.parametrize("caps,province", [("THANH HÓA", "Thanh Hóa"), ("LÀO CAI", "Lào Cai"),
                                           ("BÌNH DƯƠNG", "Bình Dương")])
def test_department_decision(caps, province):
    record = read(department_decision(caps, province))
    ref = record.header.ref
    assert ref.issuer == f"Sở Khoa học và Công nghệ tỉnh {province}"
    assert ref.title == "Về việc ban hành Kế hoạch kiểm tra nhà nước về đo lường năm 2024"
    found = relations(record)
    assert found == {"Luật Đo lường": "based_on", "12/2021/QĐ-UBND": "based_on", "20/TTr-CCTĐC": "cites"}
    assert [t.label for t in record.tasks] == ["Điều 2", "Điều 3"]
    assign, execute = record.tasks
    assert names(record, assign, "lead") == ["Chi cục Tiêu chuẩn Đo lường Chất lượng"]
    assert names(record, assign, "coordinate") == ["Thanh tra Sở"]
    assert assign.deadline.end == dt.date(2024, 12, 14)
    assert names(record, execute, "lead") == ["Văn phòng Sở", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
                                              "Thanh tra Sở", "Các đơn vị có liên quan"]
    # the department's units belong to it
    assert record.agency(record.agency(assign.leads[0]).parent).name == "Sở Khoa học và Công nghệ"


def joint_circular() -> str:
    return (
        "BỘ TÀI CHÍNH - BỘ KHOA HỌC\nVÀ CÔNG NGHỆ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: 55/2015/TTLT-BTC-BKHCN\n\nHà Nội, ngày 22 tháng 4 năm 2015\n\n"
        "THÔNG TƯ LIÊN TỊCH\nHướng dẫn định mức xây dựng, phân bổ dự toán kinh phí đối với nhiệm vụ khoa học và "
        "công nghệ\n\n"
        "Căn cứ Luật Ngân sách nhà nước ngày 16 tháng 12 năm 2002 và Nghị định số 60/2003/NĐ-CP ngày 06/6/2003 của "
        "Chính phủ quy định chi tiết và hướng dẫn thi hành Luật Ngân sách nhà nước;\n\n"
        "Căn cứ Nghị định số 215/2013/NĐ-CP ngày 23/12/2013 của Chính phủ quy định chức năng, nhiệm vụ của Bộ Tài "
        "chính, Nghị định số 20/2013/NĐ-CP ngày 26/02/2013 của Chính phủ quy định chức năng, nhiệm vụ của Bộ Khoa "
        "học và Công nghệ;\n\n"
        "Bộ trưởng Bộ Tài chính và Bộ trưởng Bộ Khoa học và Công nghệ ban hành Thông tư liên tịch hướng dẫn định mức "
        "xây dựng dự toán kinh phí như sau:\n\n"
        "Điều 1. Phạm vi điều chỉnh\n\nThông tư liên tịch này hướng dẫn định mức xây dựng dự toán.\n\n"
        "Điều 2. Tổ chức thực hiện\n\n1. Sở Tài chính chủ trì, phối hợp với Sở Khoa học và Công nghệ hướng dẫn các "
        "đơn vị thực hiện Thông tư liên tịch này.\n\n"
        "Nơi nhận:\n- Văn phòng Chính phủ;\n"
    )


def test_joint_circular_issuers_and_basis():
    record = read(joint_circular())
    ref = record.header.ref
    assert ref.issuers == ["Bộ Tài chính", "Bộ Khoa học và Công nghệ"]
    assert ref.issuer == "Bộ Tài chính" and ref.doc_type == "TTLT"
    found = relations(record)
    assert found == {"Luật Ngân sách nhà nước": "based_on", "60/2003/NĐ-CP": "based_on",
                     "215/2013/NĐ-CP": "based_on", "20/2013/NĐ-CP": "based_on"}
    (task,) = record.tasks
    assert (task.label, names(record, task, "lead"), names(record, task, "coordinate")) == (
        "Điều 2.1", ["Sở Tài chính"], ["Sở Khoa học và Công nghệ"])


def test_what_a_basis_implements_is_not_a_basis():
    # "Căn cứ Kế hoạch 209 … thực hiện Nghị quyết 11": the plan is the basis; 209 implements 11
    text = (HEADER.format(caps="PHÚ YÊN") + "Số: 77/QĐ-UBND\n\nPhú Yên, ngày 05 tháng 3 năm 2022\n\n"
            "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch\n\nỦY BAN NHÂN DÂN TỈNH PHÚ YÊN\n\n"
            "Căn cứ Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh thực hiện Nghị quyết số 11-NQ/TU ngày "
            "18/8/2021 của Ban Thường vụ Tỉnh ủy;\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n")
    record = read(text)
    assert relations(record) == {"209/KH-UBND": "based_on", "11-NQ/TU": "cites"}
    chain = [(record.citations[r.subject].ref.symbol, record.citations[r.object].ref.symbol)
             for r in record.relations if r.subject is not None]
    assert chain == [("209/KH-UBND", "11-NQ/TU")]


@pytest.mark.parametrize("article", [
    "Điều 1. Phê duyệt Đề án phát triển thị trường khoa học và công nghệ tỉnh.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 03/2014/QĐ-UBND.",
    "Điều 3. Nghị quyết này đã được Hội đồng nhân dân tỉnh thông qua ngày 10 tháng 7 năm 2023.",
    "Điều 1. Thông qua các nội dung của Đề án.",
])
def test_issuing_and_effect_articles_give_no_task(article):
    text = (HEADER.format(caps="NAM ĐỊNH") + "Số: 9/QĐ-UBND\n\nNam Định, ngày 05 tháng 3 năm 2022\n\n"
            "QUYẾT ĐỊNH\nVề việc phê duyệt Đề án\n\nỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH\n\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\nQUYẾT ĐỊNH:\n\n"
            f"{article}\n\nNơi nhận:\n- Như trên;\n")
    assert read(text).tasks == []


def test_articles_of_an_issued_regulation_after_the_signature_are_not_the_decisions():
    text = committee_decision("QUẢNG NAM", "Quảng Nam") + (
        "\nQUY CHẾ\nQuản lý nhiệm vụ khoa học\n(Ban hành kèm theo Quyết định số 1234/QĐ-UBND)\n\n"
        "Điều 1. Giao Sở Nội vụ chủ trì thẩm định hồ sơ.\n")
    assert [t.label for t in read(text).tasks] == ["Điều 2", "Điều 3"]
