"""Tasks written as prose: subjects before a colon, subject sentences, heading agencies with bullets."""

from __future__ import annotations

from loaders import parse_text


def _record(body: str):
    text = "KẾ HOẠCH\nThử nghiệm\n\nQuảng Nam, ngày 01 tháng 3 năm 2024\n\n" + body
    return parse_text(text)


def _assignments(record, label):
    task = record.task(label)
    return (
        [record.agency(a.agency).name for a in task.assignments if a.role == "lead"],
        [record.agency(a.agency).name for a in task.assignments if a.role == "coordinate"],
    )


def test_agencies_before_a_colon_lead_the_duty_after_it():
    record = _record(
        "II. NHIỆM VỤ TRỌNG TÂM\n\n1. Tuyên truyền\n\n"
        "a) Sở Thông tin và Truyền thông, Đài Phát thanh và Truyền hình tỉnh, Báo Quảng Nam: Xây dựng các "
        "chương trình thông tin tuyên truyền.\n\n"
        "b) Sở Tài chính: Bố trí kinh phí.\n"
    )
    assert [t.label for t in record.tasks] == ["II.1.a", "II.1.b"]
    assert _assignments(record, "II.1.a") == (
        ["Sở Thông tin và Truyền thông", "Đài Phát thanh và Truyền hình", "Báo Quảng Nam"], [])
    assert record.task("II.1.a").heading == "Tuyên truyền"


def test_heading_agency_gives_its_bullets_and_chu_tri_phoi_hop_adds_coordinators():
    record = _record(
        "II. NHIỆM VỤ\n\n2. Huy động nguồn lực\n\na) Sở Khoa học và Công nghệ\n\n"
        "- Chủ trì, phối hợp với Sở Kế hoạch và Đầu tư, Cục Thuế tỉnh khuyến khích doanh nghiệp.\n\n"
        "- Hỗ trợ nâng cao năng lực.\n\n"
        "b) Sở Kế hoạch và Đầu tư\n\n"
        "- Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở Nội vụ, Sở Tài chính và các Sở, ngành liên quan "
        "tham mưu lồng ghép.\n"
    )
    assert [t.label for t in record.tasks] == ["II.2.a-1", "II.2.a-2", "II.2.b-1"]
    assert _assignments(record, "II.2.a-1") == (
        ["Sở Khoa học và Công nghệ"], ["Sở Kế hoạch và Đầu tư", "Cục Thuế"])
    assert _assignments(record, "II.2.a-2") == (["Sở Khoa học và Công nghệ"], [])
    assert _assignments(record, "II.2.b-1") == (
        ["Sở Kế hoạch và Đầu tư"], ["Sở Nội vụ", "Sở Tài chính", "Các Sở, ngành liên quan"])
    groups = [a for a in record.agencies if a.kind == "group"]
    assert [g.name for g in groups] == ["Các Sở, ngành liên quan"]


def test_numbered_duties_in_the_organisation_section():
    record = _record(
        "V. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Sở Khoa học và Công nghệ có trách nhiệm\n\n- Theo dõi, tổng hợp tình hình thực hiện.\n\n"
        "2. Sở Nội vụ chủ trì, phối hợp với Sở Khoa học và Công nghệ xây dựng chính sách.\n\n"
        "3. Giao Sở Tài chính bố trí kinh phí; phối hợp Sở Nội vụ trong việc khen thưởng.\n\n"
        "4. Ủy ban nhân dân huyện, thị xã, thành phố chủ động xây dựng kế hoạch.\n\n"
        "Trên đây là Kế hoạch của Ủy ban nhân dân tỉnh./.\n\n"
        "Nơi nhận:\n- Sở Y tế: thực hiện;\n"
    )
    assert [t.label for t in record.tasks] == ["V.1-1", "V.2", "V.3", "V.4"]
    assert _assignments(record, "V.2") == (["Sở Nội vụ"], ["Sở Khoa học và Công nghệ"])
    assert _assignments(record, "V.3") == (["Sở Tài chính"], ["Sở Nội vụ"])
    lead = record.agency(record.task("V.4").assignments[0].agency)
    assert lead.kind == "group"
    # the closing sentence and the recipients are no duties
    assert "Trên đây" not in record.task("V.4").text


def test_someone_elses_coordination_is_not_the_tasks():
    record = _record(
        "III. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Các Sở, ban, ngành: Đề xuất danh mục do Sở Khoa học và Công nghệ phối hợp với các đơn vị khoa học "
        "dự thảo.\n"
    )
    lead, coordinate = _assignments(record, "III.1")
    assert lead == ["Các Sở, ban, ngành"]
    assert coordinate == []


def test_duty_sections_without_agencies_give_unassigned_tasks():
    record = _record(
        "II. NHIỆM VỤ CHỦ YẾU\n\n1. Phát triển tiềm lực\n\n- Đầu tư cơ sở vật chất.\n\n- Đào tạo nhân lực.\n\n"
        "III. GIẢI PHÁP\n\n- Tăng cường tuyên truyền.\n"
    )
    assert [(t.label, t.assignments) for t in record.tasks] == [("II.1-1", []), ("II.1-2", [])]


def test_plus_sub_bullets_stay_inside_their_bullet():
    record = _record(
        "II. NHIỆM VỤ\n\n1. Cơ chế\n\n- Tham mưu UBND tỉnh:\n\n+ Trình Tỉnh ủy ban hành Nghị quyết.\n\n"
        "+ Ban hành định mức.\n\n- Rà soát quy định.\n"
    )
    assert [t.label for t in record.tasks] == ["II.1-1", "II.1-2"]
    assert record.task("II.1-1").text == "Tham mưu UBND tỉnh: Trình Tỉnh ủy ban hành Nghị quyết. Ban hành định mức."


def test_task_spans_point_at_their_text():
    record = _record("II. NHIỆM VỤ\n\n1. Việc\n\n- Đầu tư cơ sở vật chất.\n")
    task = record.tasks[0]
    assert record.text[task.span.start:task.span.end] == "- Đầu tư cơ sở vật chất."
