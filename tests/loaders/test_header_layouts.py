"""The issuer from every common layout of the header block (Nghị định 30/2020/NĐ-CP, Phụ lục I).

The block puts the issuer's name in capitals at the top left (under the body it answers to, when
there is one) and the national motto at the top right. Extraction from Word, PDF and web pages runs
the two columns together in several ways; each test writes one way for several provinces or bodies
and expects what a reader of the printed page would name as the issuer.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders import parse_text
from loaders.clean import clean
from loaders.header import read_header

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"


def header(text: str):
    return read_header(clean(text).text)[0]


def tail(place: str, symbol: str = "12/QĐ-UBND", kind: str = "QUYẾT ĐỊNH") -> str:
    return f"Số: {symbol}\n\n{place}, ngày 05 tháng 3 năm 2023\n\n{kind}\nVề việc ban hành Kế hoạch năm 2023\n"


PROVINCES = [("QUẢNG NAM", "Quảng Nam"), ("BẮC NINH", "Bắc Ninh"), ("HẬU GIANG", "Hậu Giang"),
             ("THỪA THIÊN HUẾ", "Thừa Thiên Huế"), ("KHÁNH HÒA", "Khánh Hòa")]


@pytest.mark.parametrize("caps,province", PROVINCES)
def test_name_broken_over_two_lines(caps, province):
    h = header(f"ỦY BAN NHÂN DÂN\nTỈNH {caps}\n-------\n\n{MOTTO}\n{SLOGAN}\n\n" + tail(province))
    assert h.ref.issuer == f"Ủy ban nhân dân tỉnh {province}"
    assert h.ref.issuers == [h.ref.issuer]
    assert h.ref.province == province


@pytest.mark.parametrize("caps,province", PROVINCES)
@pytest.mark.parametrize("sep", [" ", " | ", "\t"])
def test_header_flattened_into_one_line_with_the_motto(caps, province, sep):
    text = f"ỦY BAN NHÂN DÂN TỈNH {caps}{sep}{MOTTO}{sep}{SLOGAN}\n\n" + tail(province)
    h = header(text)
    assert h.ref.issuer == f"Ủy ban nhân dân tỉnh {province}"
    assert (h.ref.symbol, h.ref.date, h.place) == ("12/QĐ-UBND", dt.date(2023, 3, 5), province)


@pytest.mark.parametrize("caps,province", PROVINCES)
def test_columns_run_together_row_by_row(caps, province):
    # the left cell of each row, then the right one: the symbol and the place share a line too
    text = (f"ỦY BAN NHÂN DÂN {MOTTO}\nTỈNH {caps} {SLOGAN}\n\n"
            f"Số: 994/QĐ-UBND {province}, ngày 19 tháng 6 năm 2017\n\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch\n")
    h = header(text)
    assert h.ref.issuer == f"Ủy ban nhân dân tỉnh {province}"
    assert h.ref.symbol == "994/QĐ-UBND"
    assert h.place == province
    assert h.ref.date == dt.date(2017, 6, 19)


def test_whole_header_on_one_line_symbol_and_date_included():
    text = (f"ỦY BAN NHÂN DÂN TỈNH BẮC NINH {MOTTO} {SLOGAN} Số: 45/QĐ-UBND Bắc Ninh, ngày 10 tháng 3 năm 2023\n\n"
            "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch\n")
    h = header(text)
    assert (h.ref.issuer, h.ref.symbol, h.ref.date) == (
        "Ủy ban nhân dân tỉnh Bắc Ninh", "45/QĐ-UBND", dt.date(2023, 3, 10))


def test_motto_broken_and_cells_on_lines_of_their_own():
    # a web page's table: each cell on its lines, "|" between cells, the number under "Số:"
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n" + SLOGAN +
            "\n---------------\n|\nSố:\n40/2024/QĐ-UBND\n|\nĐồng Nai, ngày 20\ntháng 9 năm 2024\n|\nQUYẾT ĐỊNH\n"
            "BAN HÀNH KẾ HOẠCH\nỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n")
    h = header(text)
    assert h.ref.issuer == "Ủy ban nhân dân tỉnh Đồng Nai"
    assert h.ref.symbol == "40/2024/QĐ-UBND"
    assert h.ref.date == dt.date(2024, 9, 20)
    assert h.ref.title == "BAN HÀNH KẾ HOẠCH"  # the authority's line and the preamble are not the title


@pytest.mark.parametrize("superior,own,symbol,place,issuer", [
    ("UBND TỈNH QUẢNG TRỊ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "15/QĐ-SKHCN", "Quảng Trị",
     "Sở Khoa học và Công nghệ tỉnh Quảng Trị"),
    ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "SỞ XÂY DỰNG", "15/QĐ-SXD", "Nghệ An", "Sở Xây dựng tỉnh Nghệ An"),
    ("UBND TỈNH GIA LAI", "SỞ TÀI CHÍNH", "20/QĐ-STC", "Pleiku", "Sở Tài chính tỉnh Gia Lai"),
    ("UBND THÀNH PHỐ CẦN THƠ", "SỞ NỘI VỤ", "7/QĐ-SNV", "Cần Thơ", "Sở Nội vụ thành phố Cần Thơ"),
])
def test_issuer_under_its_superior_body(superior, own, symbol, place, issuer):
    h = header(f"{superior}\n{own}\n\n{MOTTO}\n{SLOGAN}\n\n" + tail(place, symbol))
    assert h.ref.issuer == issuer
    assert h.ref.issuers == [issuer]


def test_superior_body_gives_the_province_when_the_place_is_a_city():
    h = header(f"UBND TỈNH GIA LAI\nSỞ TÀI CHÍNH\n\n" + tail("Pleiku", "20/QĐ-STC"))
    assert h.ref.province == "Gia Lai"


@pytest.mark.parametrize("lines,issuer", [
    ("BỘ KHOA HỌC VÀ\nCÔNG NGHỆ", "Bộ Khoa học và Công nghệ"),
    ("BỘ KẾ HOẠCH VÀ\nĐẦU TƯ", "Bộ Kế hoạch và Đầu tư"),
    ("THỦ TƯỚNG\nCHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("HỘI ĐỒNG NHÂN DÂN\nTỈNH QUẢNG NGÃI", "Hội đồng nhân dân tỉnh Quảng Ngãi"),
    ("VĂN PHÒNG\nỦY BAN NHÂN DÂN TỈNH LONG AN", "Văn phòng Ủy ban nhân dân tỉnh Long An"),
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
    ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẠI LỘC", "Ủy ban nhân dân huyện Đại Lộc"),
])
def test_long_names_broken_where_the_column_is_narrow(lines, issuer):
    h = header(f"{lines}\n-------\n\n" + tail("Hà Nội", "30/QĐ-XX"))
    assert h.ref.issuer == issuer


@pytest.mark.parametrize("block", [
    "BỘ TÀI CHÍNH - BỘ KHOA HỌC\nVÀ CÔNG NGHỆ",  # joined by a dash, broken in the second name
    "BỘ TÀI CHÍNH-BỘ KHOA HỌC VÀ CÔNG NGHỆ",
    f"BỘ TÀI CHÍNH\tBỘ KHOA HỌC VÀ CÔNG NGHỆ\t{MOTTO}",  # side by side
    f"BỘ TÀI CHÍNH | BỘ KHOA HỌC VÀ CÔNG NGHỆ | {MOTTO}",
])
def test_joint_document_has_both_issuers(block):
    h = header(f"{block}\n\n" + tail("Hà Nội", "55/2015/TTLT-BTC-BKHCN", "THÔNG TƯ LIÊN TỊCH"))
    assert h.ref.issuers == ["Bộ Tài chính", "Bộ Khoa học và Công nghệ"]
    assert h.ref.issuer == "Bộ Tài chính"
    assert h.ref.doc_type == "TTLT"


def test_joint_symbol_alone_names_the_issuers_in_its_order():
    h = header(tail("Hà Nội", "27/2015/TTLT-BKHCN-BTC", "THÔNG TƯ LIÊN TỊCH"))
    assert h.ref.issuers == ["Bộ Khoa học và Công nghệ", "Bộ Tài chính"]
    assert h.ref.issuer == "Bộ Khoa học và Công nghệ"


def test_joint_guidance_of_two_departments_of_a_province():
    h = header("SỞ KHOA HỌC VÀ CÔNG NGHỆ - SỞ TÀI CHÍNH\nTỈNH PHÚ THỌ\n\n"
               + tail("Phú Thọ", "01/HDLN-SKHCN-STC", "HƯỚNG DẪN"))
    assert h.ref.issuers == ["Sở Khoa học và Công nghệ tỉnh Phú Thọ", "Sở Tài chính tỉnh Phú Thọ"]


def test_party_committee_header_is_read_as_before():
    h = header("TỈNH ỦY LÂM ĐỒNG\n*\nSố 183-KH/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nLâm Đồng, ngày 05 tháng 01 năm 2024\n\n"
               "KẾ HOẠCH\nthực hiện Nghị quyết\n")
    assert (h.ref.issuer, h.ref.issuers) == ("Tỉnh ủy Lâm Đồng", ["Tỉnh ủy Lâm Đồng"])


def test_no_header_block_keeps_the_issuer_of_the_symbol():
    h = header("Số: 43/KH-SKHCN\n\nQuảng Trị, ngày 11 tháng 4 năm 2023\n\nKẾ HOẠCH\nThực hiện Chương trình\n")
    assert h.ref.issuer == "Sở Khoa học và Công nghệ tỉnh Quảng Trị"


def test_issuer_of_the_header_is_the_owner_of_its_units():
    # "Phòng Quản lý chuyên ngành" named in a department's decision is that department's unit
    text = ("UBND TỈNH NAM ĐỊNH\nSỞ XÂY DỰNG\n\n" + tail("Nam Định", "15/QĐ-SXD")
            + "\nQUYẾT ĐỊNH:\n\nĐiều 1. Giao Phòng Quản lý chuyên ngành chủ trì tổ chức thực hiện Kế hoạch.\n")
    record = parse_text(clean(text).text)
    (task,) = record.tasks
    lead = record.agency(task.leads[0])
    assert lead.name == "Phòng Quản lý chuyên ngành"
    assert record.agency(lead.parent).name == "Sở Xây dựng"
