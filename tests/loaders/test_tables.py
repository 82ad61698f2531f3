"""Tables: headers, page breaks, rows cut in two, merged cells, rows shifted left."""

from __future__ import annotations

from loaders.tables import cell_kind, find_tables, header_roles

HEADER = "TT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tCơ quan phối hợp\tSản phẩm\tThời gian thực hiện"


def rows(text: str) -> list[dict[str, str]]:
    (table,) = find_tables(text)
    return [row.cells for row in table.rows]


def test_header_words_name_the_columns():
    assert header_roles(HEADER.split("\t")) == ["code", "content", "lead", "coord", "product", "deadline"]
    assert header_roles(["Stt", "Nội dung thực hiện", "Đơn vị thực hiện", "Thời gian thực hiện"]) == [
        "code", "content", "lead", "deadline"]
    # a data row whose words happen to be header words is not a header
    assert header_roles(["01 giải pháp ứng phó biến đổi khí hậu.", "", "Các phòng và đơn vị", "01/2022"]) is None


def test_repeated_header_and_row_cut_by_a_page_break():
    text = "\n".join([
        HEADER,
        "2.6\tXây dựng Cổng thông tin có tích hợp phần\tChi cục TCĐLCL\tCác phòng\tCổng\tQuý IV/2023",
        "",
        HEADER,
        "\tmềm kết nối cung - cầu các sản phẩm của tỉnh\t\t\t\t",
        "2.7\tThực hiện các nhiệm vụ KH&CN\tPhòng Quản lý KH&CN\tCác phòng\tBáo cáo\t2021-2025",
    ])
    got = rows(text)
    assert len(got) == 2
    assert got[0]["content"] == "Xây dựng Cổng thông tin có tích hợp phần mềm kết nối cung - cầu các sản phẩm của tỉnh"
    assert got[1]["code"] == "2.7"


def test_cells_continued_after_the_break_join_their_own_column():
    text = "\n".join([
        HEADER,
        "4.2\tĐề án kết nối cung - cầu công nghệ\tPhòng Quản lý KH&CN\tTrung tâm KH&CN; Phòng Kế hoạch\tQuyết định của Chủ tịch\tQuý IV/2022",
        "",
        HEADER,
        "\t\t\t– Tài chính\tUBND\t",
    ])
    (row,) = rows(text)
    assert row["coord"] == "Trung tâm KH&CN; Phòng Kế hoạch – Tài chính"
    assert row["product"] == "Quyết định của Chủ tịch UBND"


def test_two_line_header_under_merged_cells():
    text = "\n".join([
        "TT\tMục tiêu\tKết quả/ sản phẩm\tPhòng/ Đơn vị thực hiện\t\tThời gian thực hiện\t\tGhi chú",
        "\t\t\tChủ trì\tPhối hợp\tBắt đầu\tHoàn thành\t",
        "1\tChương trình 1: Phát triển tiềm lực\t\t\t\t\t\t",
        "\tĐầu tư phát triển\t01 mạng lưới\tPhòng Kế hoạch – tài chính\tPhòng Quản lý KH&CN\t2/2022\t6/2022\t",
    ])
    (table,) = find_tables(text)
    assert table.roles == ["code", "content", "product", "lead", "coord", "start", "end", "note"]
    assert table.rows[1].cells["start"] == "2/2022" and table.rows[1].cells["end"] == "6/2022"


def test_row_that_lost_its_merged_cells_is_realigned():
    text = "\n".join([
        "TT\tMục tiêu\tKết quả/ sản phẩm\tPhòng/ Đơn vị thực hiện\t\tThời gian thực hiện\t\tGhi chú",
        "\t\t\tChủ trì\tPhối hợp\tBắt đầu\tHoàn thành\t",
        "6\tChương trình 6\t\t\t\t\t\t",
        "\tGiải pháp thích ứng\t01 công nghệ sản xuất\tPhòng Quản lý KH&CN\tCác phòng và đơn vị\t01/2022\t12/2024\t",
        "Tiếp nhận 01 công nghệ xử lý ô nhiễm môi trường.\t\tCác phòng và đơn vị\t\t01/2022\t12/2024\t\t",
    ])
    last = rows(text)[-1]
    assert last == {"product": "Tiếp nhận 01 công nghệ xử lý ô nhiễm môi trường.",
                    "coord": "Các phòng và đơn vị", "start": "01/2022", "end": "12/2024"}


def test_text_before_and_after_a_table_is_not_a_row():
    text = "PHỤ LỤC II\nPhân công\n\n" + HEADER + "\n1.1\tViệc\tSở Y tế\t\t\t2023\nNơi nhận:\n- Lưu: VT."
    (table,) = find_tables(text)
    assert table.appendix == "II"
    assert len(table.rows) == 1


def test_no_table_without_a_header():
    assert find_tables("Một\tdòng\tcó tab\nnhưng không có tiêu đề\tbảng") == []


def test_cell_kinds():
    assert cell_kind("01/2022") == "time"
    assert cell_kind("Quý II/2022-2023") == "time"
    assert cell_kind("Phòng Quản lý KH&CN") == "agency"
    assert cell_kind("Các phòng và đơn vị") == "agency"
    assert cell_kind("Có 01 sản phẩm mới") == "text"
    assert cell_kind("2.1") == "code"
