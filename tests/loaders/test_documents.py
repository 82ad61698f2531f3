"""The five corpus documents, end to end: what a person reading each one would expect.

Counts and names below were taken by reading the documents (data/documents/), not from our output.
"""

from __future__ import annotations

import datetime as dt

from tests.conftest import coordinators, leads

D = dt.date


# --- Phú Yên: plan of the Sở KH&CN, draft without number, two appendix tables ------------------

def test_phu_yen_header(corpus):
    ref = corpus["phu-yen"].header.ref
    assert (ref.doc_type, ref.number, ref.year, ref.date) == ("KH", None, 2022, None)
    assert ref.province == "Phú Yên"
    assert ref.issuer == "Sở Khoa học và Công nghệ tỉnh Phú Yên"
    assert ref.title.startswith("Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021")


def test_phu_yen_task_counts(corpus):
    record = corpus["phu-yen"]
    tables = [t for t in record.tasks if t.origin == "table"]
    # Phụ lục I: 27 numbered tasks (1.1–1.2, 2.1–2.8, 3.1–3.6, 4.1–4.5, 5.1–5.4, 6.1–6.2) and two
    # unnumbered rows ("Đề xuất thí điểm …" under 2.2, "- Thẩm định công nghệ …" under 2.8)
    appendix_1 = [t for t in tables if t.label.startswith("PLI:")]
    assert len(appendix_1) == 29
    assert sum(1 for t in appendix_1 if t.code) == 27
    # Phụ lục II: six programmes with 4, 3, 4, 4, 3 and 4 results
    appendix_2 = [t for t in tables if t.label.startswith("PLII:")]
    assert [sum(1 for t in appendix_2 if t.parent == f"PLII:{n}") for n in range(1, 7)] == [4, 3, 4, 4, 3, 4]
    # IV. TỔ CHỨC THỰC HIỆN gives two duties: to the heads of units, and to Phòng Kế hoạch - Tài chính
    assert [t.label for t in record.tasks if t.origin != "table"] == ["IV.1", "IV.2"]


def test_phu_yen_assignments(corpus):
    record = corpus["phu-yen"]
    assert leads(record, "PLI:2.1") == ["Phòng Quản lý Khoa học và Công nghệ"]
    assert coordinators(record, "PLI:2.1") == ["Các phòng và đơn vị thuộc Sở"]
    # two units run together in one cell
    assert leads(record, "PLI:3.2") == ["Trung tâm Khoa học và Công nghệ", "Phòng Thanh tra - Hành chính tổng hợp"]
    # a unit and a group run together, and a name cut by the page break ("Phòng Kế hoạch | – Tài chính")
    assert coordinators(record, "PLI:3.4")[0] == "Phòng Thanh tra - Hành chính tổng hợp"
    assert coordinators(record, "PLI:4.2") == ["Trung tâm Khoa học và Công nghệ", "Phòng Kế hoạch - Tài chính"]
    assert record.task("PLI:4.2").product == "Quyết định của Chủ tịch UBND"
    assert leads(record, "PLI:2.5") == ["Chi cục Tiêu chuẩn Đo lường Chất lượng"]
    # the unnumbered row under 2.2 has a lead of its own
    assert leads(record, "PLI:2.2+1") == ["Phòng Kế hoạch - Tài chính"]
    assert record.task("PLI:2.2+1").text.startswith("Đề xuất thí điểm một số chính sách mới")
    # "- Thẩm định công nghệ …" is a sub-item of 2.8, due every year
    sub = record.task("PLI:2.8+1")
    assert sub.parent == "PLI:2.8" and sub.deadline.recurrence == "P1Y"
    # 1.1 names no lead: kept, with a warning
    assert leads(record, "PLI:1.1") == []
    assert any(p.code == "no-lead-agency" and "PLI:1.1" in p.message for p in record.problems)


def test_phu_yen_rows_cut_by_page_breaks(corpus):
    record = corpus["phu-yen"]
    assert "có tích hợp phần mềm kết nối cung - cầu các sản phẩm của tỉnh" in record.task("PLI:2.6").text
    heading_2 = record.task("PLII:2+1").heading
    assert heading_2.endswith("xây dựng nông thôn mới")
    assert record.task("PLII:3+1").text.endswith("cho các ngành công nghiệp chủ lực của tỉnh.")


def test_phu_yen_programme_rows_share_merged_cells(corpus):
    record = corpus["phu-yen"]
    # Chương trình 6: the last three results lost their left cells in extraction
    last = record.task("PLII:6+4")
    assert last.product == "02 mô hình dự báo thiên tai."
    assert leads(record, "PLII:6+4") == ["Phòng Quản lý Khoa học và Công nghệ"]
    assert "Các phòng và đơn vị thuộc Sở" in coordinators(record, "PLII:6+4")
    assert (last.deadline.start, last.deadline.end) == (D(2022, 1, 1), D(2024, 12, 31))
    # the note "Chủ động phối hợp với các cơ quan: Sở Kế hoạch Đầu tư, Sở Nội vụ …" names co-ordinators
    assert {"Sở Kế hoạch và Đầu tư", "Sở Nội vụ"} <= set(coordinators(record, "PLII:1+1"))
    assert "Sở Y tế" in coordinators(record, "PLII:4+1")
    first = record.task("PLII:1+1")
    assert (first.deadline.start, first.deadline.end) == (D(2022, 2, 1), D(2022, 6, 30))


def test_phu_yen_deadlines(corpus):
    record = corpus["phu-yen"]
    q1 = record.task("PLI:2.1").deadline
    assert (q1.text, q1.start, q1.end) == ("Quý I/2023", D(2023, 1, 1), D(2023, 3, 31))
    yearly = record.task("PLI:2.3").deadline
    assert (yearly.recurrence, yearly.anchor) == ("P1Y", "--12")
    assert record.task("PLI:2.8").deadline.recurrence == "P2Y"
    span = record.task("PLI:3.2").deadline
    assert (span.start, span.end) == (D(2022, 4, 1), D(2023, 6, 30))


def test_phu_yen_units_belong_to_the_department(corpus):
    record = corpus["phu-yen"]
    department = "phu-yen/so-khoa-hoc-cong-nghe"
    units = [a for a in record.agencies if a.kind == "agency" and a.key != department]
    assert {a.name for a in units} >= {
        "Phòng Quản lý Khoa học và Công nghệ", "Phòng Kế hoạch - Tài chính",
        "Phòng Thanh tra - Hành chính tổng hợp", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        "Trung tâm Khoa học và Công nghệ",
    }
    for unit in units:
        if unit.name.startswith(("Phòng", "Chi cục", "Trung tâm")):
            assert unit.parent == department, unit.name


# --- Quảng Trị: 43/KH-SKHCN, one table with a single "Đơn vị thực hiện" column ---------------------

def test_quang_tri_header(corpus):
    ref = corpus["quang-tri"].header.ref
    assert (ref.symbol, ref.number, ref.date) == ("43/KH-SKHCN", "43", D(2023, 4, 11))
    assert ref.issuer == "Sở Khoa học và Công nghệ tỉnh Quảng Trị"
    assert corpus["quang-tri"].header.signer == "Đào Ngọc Hoàng"


def test_quang_tri_tasks(corpus):
    record = corpus["quang-tri"]
    assert [t.label for t in record.tasks if t.origin == "table"] == ["1", "2", "3", "4", "5"]
    # "Văn phòng Trung tâm Nghiên cứu, CGCN&ĐMST" is two units
    assert leads(record, "1") == ["Văn phòng Sở", "Trung tâm Nghiên cứu, Chuyển giao công nghệ và Đổi mới sáng tạo"]
    assert leads(record, "2") == ["Phòng Quản lý Công nghệ và Đổi mới sáng tạo", "Phòng Quản lý Khoa học", "Phòng QLTD"]
    assert leads(record, "5") == ["Phòng Quản lý Khoa học", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
                                  "Trung tâm Nghiên cứu, Chuyển giao công nghệ và Đổi mới sáng tạo"]
    due = record.task("3").deadline
    assert (due.start, due.end) == (D(2023, 1, 1), D(2030, 12, 31))
    assert all(not t.coordinators for t in record.tasks if t.origin == "table")


# --- Ninh Thuận: UBND plan with no "Số:" line and no date, all duties in prose -------------------

def test_ninh_thuan_header(corpus):
    record = corpus["ninh-thuan"]
    ref = record.header.ref
    assert ref.symbol is None and ref.date is None
    assert ref.province == "Ninh Thuận"
    assert ref.issuer == "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert record.header.signer == "Lê Huyền"
    assert {p.code for p in record.problems} >= {"no-symbol", "no-date"}


def test_ninh_thuan_tasks(corpus):
    record = corpus["ninh-thuan"]
    # II.1: a, b; II.2: six bullets of the Sở KH&CN, two of KH&ĐT, two of Tài chính, two of the
    # groups, and đ); II.3: three; II.4: three and two; III: three numbered duties
    assert len(record.tasks) == 2 + (6 + 2 + 2 + 2 + 1) + 3 + (3 + 2) + 3
    assert leads(record, "II.1.a") == ["Sở Thông tin và Truyền thông", "Đài Phát thanh và Truyền hình", "Báo Ninh Thuận"]
    assert leads(record, "II.2.a-6") == ["Sở Khoa học và Công nghệ"]
    assert coordinators(record, "II.2.a-6") == ["Sở Kế hoạch và Đầu tư", "Cục Thuế"]
    assert leads(record, "II.2.b-2") == ["Sở Kế hoạch và Đầu tư"]
    assert coordinators(record, "II.2.b-2") == ["Sở Nội vụ", "Sở Tài chính", "Sở Khoa học và Công nghệ",
                                                "Các Sở, ngành liên quan"]
    assert leads(record, "II.2.đ") == ["Các tổ chức khoa học, công nghệ và đổi mới sáng tạo thuộc tỉnh"]
    assert leads(record, "III.2") == ["Sở Khoa học và Công nghệ"]


def test_ninh_thuan_deadlines(corpus):
    record = corpus["ninh-thuan"]
    november = record.task("II.4.a-1").deadline
    assert (november.start, november.end) == (D(2022, 11, 1), D(2022, 11, 30))
    assert record.task("II.3+1-1").deadline.end == D(2023, 3, 31)  # "chậm nhất là tháng 3/2023"
    assert record.task("II.2.đ").deadline.end == D(2023, 5, 31)  # "trước tháng 6/2023"
    relative = record.task("II.4.b-2").deadline
    assert relative.relative and "20 ngày kể từ ngày nhận được" in relative.text
    report = record.task("III.1").deadline
    assert (report.recurrence, report.anchor) == ("P1Y", "--11-05")


def test_ninh_thuan_groups_are_not_agencies(corpus):
    record = corpus["ninh-thuan"]
    groups = {a.name for a in record.agencies if a.kind == "group"}
    assert "Các Sở, ban, ngành cấp tỉnh" in groups
    assert "Ủy ban nhân dân các huyện, thành phố" in groups
    agencies = {a.name for a in record.agencies if a.kind == "agency"}
    assert "Liên hiệp các Hội khoa học kỹ thuật" in agencies
    assert not agencies & groups


# --- Hưng Yên: UBND plan, unassigned duty list and an assigned organisation section ---------------

def test_hung_yen_tasks(corpus):
    record = corpus["hung-yen"]
    duties = [t for t in record.tasks if t.label.startswith("II.")]
    # nine numbered fields with 3, 5, 3, 3, 4, 5, 2, 4 and 5 bullets
    assert len(duties) == 34
    organisation = [t for t in record.tasks if t.label.startswith("V")]
    assert len(organisation) == 6 + 5 + 1
    assert leads(record, "V.4") == ["Sở Nội vụ"]
    assert coordinators(record, "V.4") == ["Sở Khoa học và Công nghệ", "Các sở, ngành liên quan"]
    assert leads(record, "V.3") == ["Sở Tài chính"]
    assert leads(record, "V.1-5") == ["Sở Khoa học và Công nghệ"]
    assert coordinators(record, "V.1-5") == ["Sở Nội vụ"]


def test_hung_yen_header(corpus):
    record = corpus["hung-yen"]
    ref = record.header.ref
    assert (ref.year, ref.province, ref.issuer) == (2023, "Hưng Yên", "Ủy ban nhân dân tỉnh Hưng Yên")
    assert ref.title == "Phát triển khoa học, công nghệ và đổi mới sáng tạo tỉnh Hưng Yên giai đoạn 2023 - 2025"
    assert record.header.signer == "Nguyễn Duy Hưng"


# --- Tây Ninh: Sở plan with a duty list and two organisation duties --------------------------------

def test_tay_ninh_tasks(corpus):
    record = corpus["tay-ninh"]
    assert len([t for t in record.tasks if t.label.startswith("II.")]) == 4 + 3 + 3 + 2 + 7
    assert leads(record, "III.2") == ["Văn phòng Sở"]
    assert record.agency(record.task("III.2").assignments[0].agency).parent == "tay-ninh/so-khoa-hoc-cong-nghe"
    assert record.header.ref.issuer == "Sở Khoa học và Công nghệ tỉnh Tây Ninh"


# --- across documents ------------------------------------------------------------------------------

def test_each_province_has_its_own_department(corpus):
    keys = {a.key for r in corpus.values() for a in r.agencies if a.name == "Sở Khoa học và Công nghệ"}
    assert keys == {f"{p}/so-khoa-hoc-cong-nghe" for p in ("phu-yen", "tay-ninh", "hung-yen", "quang-tri", "ninh-thuan")}


def test_every_task_span_lies_in_the_text(corpus):
    for record in corpus.values():
        for task in record.tasks:
            assert 0 <= task.span.start < task.span.end <= len(record.text)
            first_words = task.text.split()[0].lstrip("-–+")
            assert first_words in record.text[task.span.start:task.span.end] or task.origin == "table"


def test_labels_are_unique(corpus):
    for record in corpus.values():
        labels = [t.label for t in record.tasks]
        assert len(labels) == len(set(labels))
