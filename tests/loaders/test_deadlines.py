"""Deadlines: tables of (text, expected interval, recurrence, anchor, relative), the patterns'
own examples, the five real documents, properties over arbitrary text, and speed."""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.deadlines import FLAGS, PATTERNS, deadline_from_columns, find_deadlines, parse_deadline
from loaders.models import Deadline

DOCUMENTS = Path(__file__).resolve().parents[2] / "data" / "documents"


def _doc(prefix: str) -> str:
    (path,) = DOCUMENTS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def D(text, start=None, end=None, recurrence=None, anchor=None, relative=False) -> Deadline:
    """A Deadline from ISO strings, as the tables below write them."""
    return Deadline(
        text=text,
        start=dt.date.fromisoformat(start) if start else None,
        end=dt.date.fromisoformat(end) if end else None,
        recurrence=recurrence,
        anchor=anchor,
        relative=relative,
    )


# (text, start, end, recurrence, anchor, relative); no document year given.
PARSE = [
    # quarters
    ("Quý I/2023", "2023-01-01", "2023-03-31", None, None, False),
    ("Quý III/2022", "2022-07-01", "2022-09-30", None, None, False),
    ("Quý IV/2023", "2023-10-01", "2023-12-31", None, None, False),
    ("Quý II/2022-2023", "2022-04-01", "2023-06-30", None, None, False),
    ("cuối quý I/2022", None, "2022-03-31", None, None, False),
    ("hoàn thành cuối quý I/2022", None, "2022-03-31", None, None, False),
    ("QUÝ I/2023", "2023-01-01", "2023-03-31", None, None, False),
    ("quý i/2023", "2023-01-01", "2023-03-31", None, None, False),
    ("Q1/2023", "2023-01-01", "2023-03-31", None, None, False),
    ("Quý 1/2023", "2023-01-01", "2023-03-31", None, None, False),
    ("quý IV năm 2022", "2022-10-01", "2022-12-31", None, None, False),
    ("Quý IV, năm 2022", "2022-10-01", "2022-12-31", None, None, False),
    ("Quí II/2022", "2022-04-01", "2022-06-30", None, None, False),
    ("Qúy II/2022", "2022-04-01", "2022-06-30", None, None, False),
    ("Quý I / 2023", "2023-01-01", "2023-03-31", None, None, False),
    ("Quý I - 2023", "2023-01-01", "2023-03-31", None, None, False),
    ("Quý III-IV/2022", "2022-07-01", "2022-12-31", None, None, False),
    ("Quý IV/2022 - Quý I/2023", "2022-10-01", "2023-03-31", None, None, False),
    ("Trong quý I/2023.", "2023-01-01", "2023-03-31", None, None, False),
    ("Quý IV", None, None, None, None, False),  # no year known: a time, but no interval
    # years and periods
    ("2021", "2021-01-01", "2021-12-31", None, None, False),
    ("2021-2025", "2021-01-01", "2025-12-31", None, None, False),
    ("2022 - 2025", "2022-01-01", "2025-12-31", None, None, False),
    ("Giai đoạn 2023-2030", "2023-01-01", "2030-12-31", None, None, False),
    ("giai đoạn 2021 – 2025", "2021-01-01", "2025-12-31", None, None, False),
    ("GIAI ĐOẠN 2021—2025", "2021-01-01", "2025-12-31", None, None, False),
    ("Thông báo hàng năm (2022-2025)", "2022-01-01", "2025-12-31", "P1Y", None, False),
    ("đến năm 2025", None, "2025-12-31", None, None, False),
    ("Đến hết năm 2025", None, "2025-12-31", None, None, False),
    ("năm 2023", "2023-01-01", "2023-12-31", None, None, False),
    ("trong năm 2023", "2023-01-01", "2023-12-31", None, None, False),
    ("hoàn thành trong năm 2023", "2023-01-01", "2023-12-31", None, None, False),
    ("trước năm 2025", None, "2024-12-31", None, None, False),
    ("Từ năm 2023", "2023-01-01", None, None, None, False),
    ("từ năm 2022 đến năm 2025", "2022-01-01", "2025-12-31", None, None, False),
    ("Năm 2022 và các năm tiếp theo", "2022-01-01", None, None, None, False),
    ("6 tháng đầu năm 2023", "2023-01-01", "2023-06-30", None, None, False),
    ("6 tháng cuối năm 2022", "2022-07-01", "2022-12-31", None, None, False),
    # months
    ("tháng 11/2022", "2022-11-01", "2022-11-30", None, None, False),
    ("trong tháng 11/2022", "2022-11-01", "2022-11-30", None, None, False),
    ("trong tháng 12 năm 2022", "2022-12-01", "2022-12-31", None, None, False),
    ("chậm nhất là tháng 3/2023", None, "2023-03-31", None, None, False),
    ("trước tháng 6/2023", None, "2023-05-31", None, None, False),
    ("hoàn thành trước tháng 6/2023", None, "2023-05-31", None, None, False),
    ("Tháng 2/2024", "2024-02-01", "2024-02-29", None, None, False),
    ("tháng 2-6/2022", "2022-02-01", "2022-06-30", None, None, False),
    ("từ tháng 2 đến tháng 6/2022", "2022-02-01", "2022-06-30", None, None, False),
    ("tháng 11 - 2022", "2022-11-01", "2022-11-30", None, None, False),
    ("T6/2023", "2023-06-01", "2023-06-30", None, None, False),
    ("6/2022", "2022-06-01", "2022-06-30", None, None, False),
    ("2/2022 – 6/2022", "2022-02-01", "2022-06-30", None, None, False),
    ("tháng 12", None, None, None, "--12", False),  # no year known: keep the month
    # days
    ("ngày 15/3/2023", "2023-03-15", "2023-03-15", None, None, False),
    ("trước ngày 30/6/2023", None, "2023-06-29", None, None, False),  # "trước": strictly before
    ("ngày 18 tháng 8 năm 2021", "2021-08-18", "2021-08-18", None, None, False),
    ("15/3/2023", "2023-03-15", "2023-03-15", None, None, False),
    ("ngày 31/6/2023", "2023-06-30", "2023-06-30", None, None, False),  # past the month's end
    ("trước ngày 05/11", None, None, None, "--11-05", False),
    # recurring
    ("Hàng năm", None, None, "P1Y", None, False),
    ("Hằng năm", None, None, "P1Y", None, False),
    ("hàng năm;", None, None, "P1Y", None, False),
    ("HÀNG NĂM.", None, None, "P1Y", None, False),
    ("Cuối tháng 12 hàng năm", None, None, "P1Y", "--12", False),
    ("Định kỳ 2 năm/lần", None, None, "P2Y", None, False),
    ("định kì 2 năm/lần", None, None, "P2Y", None, False),
    ("Ðịnh kỳ 2 năm/lần", None, None, "P2Y", None, False),  # Icelandic eth for Đ
    ("Định kỳ 6 tháng", None, None, "P6M", None, False),
    ("6 tháng/lần", None, None, "P6M", None, False),
    ("2 lần/năm", None, None, "P6M", None, False),
    ("hàng quý", None, None, "P3M", None, False),
    ("hàng tháng", None, None, "P1M", None, False),
    ("thường niên", None, None, "P1Y", None, False),
    ("Thường xuyên hàng năm", None, None, "P1Y", None, False),
    ("Thường xuyên", None, None, None, None, False),
    ("Định kỳ", None, None, None, None, False),
    ("Trước 15/12 hằng năm", None, None, "P1Y", "--12-15", False),
    ("định kỳ hằng năm báo cáo kết quả thực hiện cho Ủy ban nhân dân tỉnh (thông qua Sở Khoa học và "
     "Công nghệ) trước ngày 05/11.", None, None, "P1Y", "--11-05", False),
    # relative
    ("20 ngày kể từ ngày nhận được (dự thảo …)", None, None, None, None, True),
    ("trong thời hạn 20 ngày kể từ ngày nhận được", None, None, None, None, True),
    ("Trong thời hạn 20 ngày kể từ ngày nhận được dự thảo danh mục nhiệm vụ KH&CN", None, None, None, None, True),
    ("trong vòng 15 ngày làm việc", None, None, None, None, True),
    ("30 ngày kể từ ngày 01/7/2023", None, None, None, None, True),  # relative wins: see the module
]


@pytest.mark.parametrize("text, start, end, recurrence, anchor, relative", PARSE)
def test_parse_deadline(text, start, end, recurrence, anchor, relative):
    assert parse_deadline(text) == D(text.strip(), start, end, recurrence, anchor, relative)


# With the document's year: it fills only what the phrase leaves out.
PARSE_WITH_YEAR = [
    ("trước ngày 05/11", 2022, None, "2022-11-04", None, None, False),
    ("tháng 12", 2022, "2022-12-01", "2022-12-31", None, None, False),
    ("Quý IV", 2022, "2022-10-01", "2022-12-31", None, None, False),
    ("Quý I/2023", 2022, "2023-01-01", "2023-03-31", None, None, False),  # the phrase's year wins
    ("Cuối tháng 12 hàng năm", 2022, None, None, "P1Y", "--12", False),  # recurring: no bound
    ("Trước 15/12", 2023, None, "2023-12-14", None, None, False),
]


@pytest.mark.parametrize("text, year, start, end, recurrence, anchor, relative", PARSE_WITH_YEAR)
def test_parse_deadline_with_document_year(text, year, start, end, recurrence, anchor, relative):
    assert parse_deadline(text, year=year) == D(text, start, end, recurrence, anchor, relative)


NOT_A_TIME = [
    "", "   ", "Các phòng và đơn vị", "Báo cáo", "Kế hoạch của UBND tỉnh", "Thời gian thực hiện",
    "Quyết định số 472/QĐ-UBND ngày 23/8/2022",  # a document's date, never a deadline
    "Kế hoạch số 209/KH-UBND tỉnh ngày 06/12/2021",
    "Nghị định 11/2020/NĐ-CP", "Nghị quyết số 295/2020/NQ-HĐND",  # years inside symbols
    "tháng 13/2022", "Quý V/2023", "ngày 32/1", "1,2%-1,5%", "2-3 nhiệm vụ", "15/12",
    "Quyết định số/QĐ-UBND ngày .../.../2023", "năm", "Quý", "tháng", "10000", "Tờ trình T1",
]


@pytest.mark.parametrize("text", NOT_A_TIME)
def test_parse_deadline_without_time_is_none(text):
    assert parse_deadline(text) is None


def test_parse_deadline_keeps_original_text_stripped():
    assert parse_deadline("  Quý I/2023;\n").text == "Quý I/2023;"


def test_parse_deadline_accepts_decomposed_text():
    nfd = unicodedata.normalize("NFD", "Quý II/2022-2023")
    assert nfd != "Quý II/2022-2023"
    assert parse_deadline(nfd) == D(nfd, "2022-04-01", "2023-06-30")


# (start column, end column, text, start, end)
COLUMNS = [
    ("2/2022", "6/2022", "2/2022 – 6/2022", "2022-02-01", "2022-06-30"),
    ("01/2022", "12/2024", "01/2022 – 12/2024", "2022-01-01", "2024-12-31"),
    ("8/2022", "12/2025", "8/2022 – 12/2025", "2022-08-01", "2025-12-31"),
    ("Quý I/2022", "Quý IV/2023", "Quý I/2022 – Quý IV/2023", "2022-01-01", "2023-12-31"),
    ("2/2022", "", "2/2022", "2022-02-01", None),
    ("", "6/2022", "6/2022", None, "2022-06-30"),
    (" 2/2022 ", "Chưa rõ", "2/2022", "2022-02-01", None),
    ("6/2022", "2/2022", "6/2022 – 2/2022", "2022-02-01", "2022-06-30"),  # wrong order: the span
]


@pytest.mark.parametrize("start_cell, end_cell, text, start, end", COLUMNS)
def test_deadline_from_columns(start_cell, end_cell, text, start, end):
    assert deadline_from_columns(start_cell, end_cell) == D(text, start, end)


def test_deadline_from_columns_reads_back_the_same():
    found = deadline_from_columns("2/2022", "6/2022")
    assert parse_deadline(found.text) == found


@pytest.mark.parametrize("cells", [("", ""), ("Bắt đầu", "Hoàn thành"), ("  ", "Báo cáo")])
def test_deadline_from_columns_without_time_is_none(cells):
    assert deadline_from_columns(*cells) is None


def test_deadline_from_columns_uses_the_year_for_bare_months():
    assert deadline_from_columns("tháng 2", "tháng 6", year=2022) == D(
        "tháng 2 – tháng 6", "2022-02-01", "2022-06-30")


# (prose, year, [(phrase, start, end, recurrence, anchor, relative)])
FIND = [
    ("Các cơ quan lập kế hoạch tổ chức thực hiện trong tháng 12 năm 2022.", None,
     [("trong tháng 12 năm 2022", "2022-12-01", "2022-12-31", None, None, False)]),
    ("Nội dung này hoàn thành trước tháng 6/2023.", None,
     [("hoàn thành trước tháng 6/2023", None, "2023-05-31", None, None, False)]),
    ("Nội dung này hoàn thành chậm nhất là tháng 3/2023.", None,
     [("hoàn thành chậm nhất là tháng 3/2023", None, "2023-03-31", None, None, False)]),
    ("phục vụ phát triển kinh tế-xã hội trên địa bàn tỉnh hoàn thành trong năm 2023.", None,
     [("hoàn thành trong năm 2023", "2023-01-01", "2023-12-31", None, None, False)]),
    ("xây dựng Kế hoạch cụ thể thực hiện hoàn thành cuối quý I/2022 gửi Phòng Kế hoạch", None,
     [("hoàn thành cuối quý I/2022", None, "2022-03-31", None, None, False)]),
    ("Nội dung này cần hoàn thành trong thời hạn 20 ngày kể từ ngày nhận được dự thảo danh mục "
     "nhiệm vụ KH&CN do Sở Khoa học và Công nghệ chủ trì dự thảo.", None,
     [("hoàn thành trong thời hạn 20 ngày kể từ ngày nhận được dự thảo danh mục nhiệm vụ KH&CN do "
       "Sở Khoa học và Công nghệ chủ trì dự thảo", None, None, None, None, True)]),
    ("căn cứ Kế hoạch, định kỳ hằng năm báo cáo kết quả thực hiện cho Ủy ban nhân dân tỉnh (thông qua "
     "Sở Khoa học và Công nghệ) trước ngày 05/11.", 2022,
     [("định kỳ hằng năm báo cáo kết quả thực hiện cho Ủy ban nhân dân tỉnh (thông qua Sở Khoa học và "
       "Công nghệ) trước ngày 05/11", None, None, "P1Y", "--11-05", False)]),
    ("Báo cáo gửi Sở trước ngày 05/11.", 2022,
     [("trước ngày 05/11", None, "2022-11-04", None, None, False)]),
    ("Hằng năm, trước ngày 15/12, các Sở báo cáo.", None,
     [("Hằng năm, trước ngày 15/12", None, None, "P1Y", "--12-15", False)]),
    ("Tổ chức hội nghị vào tháng 12 hằng năm.", None,
     [("vào tháng 12 hằng năm", None, None, "P1Y", "--12", False)]),
    ("theo dõi, định kỳ hàng tháng, quý báo cáo kết quả", None,
     [("định kỳ hàng tháng", None, None, "P1M", None, False)]),
    ("Báo cáo định kỳ 6 tháng một lần.", None,
     [("định kỳ 6 tháng một lần", None, None, "P6M", None, False)]),
    ("Hoàn thành trước ngày 30/6/2023 và chậm nhất là Quý IV/2023.", None,
     [("Hoàn thành trước ngày 30/6/2023", None, "2023-06-29", None, None, False),
      ("chậm nhất là Quý IV/2023", None, "2023-12-31", None, None, False)]),
    ("Thời hạn: Quý II/2023.", None, [("Thời hạn: Quý II/2023", "2023-04-01", "2023-06-30", None, None, False)]),
    ("Dự án phải hoàn thành đến năm 2025.", None,
     [("hoàn thành đến năm 2025", None, "2025-12-31", None, None, False)]),
    ("Các nhiệm vụ hoàn thành trong giai đoạn 2021-2025.", None,
     [("hoàn thành trong giai đoạn 2021-2025", "2021-01-01", "2025-12-31", None, None, False)]),
    ("Xây dựng phần mềm xong trước 15/12.", 2022,
     [("xong trước 15/12", None, "2022-12-14", None, None, False)]),
]


@pytest.mark.parametrize("prose, year, expected", FIND)
def test_find_deadlines(prose, year, expected):
    found = find_deadlines(prose, year=year)
    assert [(prose[s:e], d) for s, e, d in found] == [
        (phrase, D(phrase, start, end, rec, anchor, rel)) for phrase, start, end, rec, anchor, rel in expected
    ]


# Times in prose that are not deadlines.
NOT_DEADLINES = [
    # a plan's period in its title or its goals
    "Kế hoạch phát triển khoa học, công nghệ và đổi mới sáng tạo tỉnh Hưng Yên giai đoạn 2023 - 2025",
    "Chương trình hành động thực hiện Nghị quyết Đại hội, giai đoạn 2021-2025",
    "phấn đấu trong giai đoạn 2023-2025 xây dựng và triển khai thực hiện 2-3 nhiệm vụ KH&CN",
    "đã được UBND tỉnh phê duyệt trong giai đoạn 2021-2025, cụ thể tham mưu UBND tỉnh:",
    # a document's date
    "Thực hiện Quyết định số 472/QĐ-UBND ngày 23/8/2022 của Ủy ban nhân dân tỉnh",
    "Nghị quyết số 29-NQ/TU ngày 17/11/2022 của BCH TW Đảng khóa XIII",
    "theo Kế hoạch số 142/KH-UBND tỉnh ngày 16/9/2021 của UBND tỉnh",
    "Căn cứ Quyết định số 1956/QĐ-UBND ngày 23/9/2022 của UBND tỉnh ban hành Chương trình",
    "Quảng Trị, ngày 11 tháng 4 năm 2023",
    "Hưng Yên, ngày tháng 6 năm 2023",
    # targets
    "phấn đấu đến năm 2025, đầu tư cho KH&CN đạt 1,2%-1,5% GRDP",
    "Đến năm 2025, hình thành không gian ĐMST và chuyển đổi số.",
    "của tỉnh Ninh Thuận đến năm 2025, định hướng đến năm 2030",
    "quản lý truy xuất nguồn gốc sản phẩm trên địa bàn tỉnh vào năm 2024.",
    "và bố trí nâng dần đến năm 2025 đạt tỷ lệ 1% tổng chi thường xuyên của tỉnh.",
    # recurring words that set no time limit
    "thực hiện kế hoạch phát triển kinh tế - xã hội hàng năm của UBND tỉnh.",
    "Hằng năm, phân bổ kinh phí dành cho các hoạt động công tác khoa học",
    "thường xuyên báo cáo theo định kỳ, đột xuất theo yêu cầu của Giám đốc Sở",
    "Thường xuyên giám sát, đôn đốc, kiểm tra, thanh tra và định kỳ báo cáo UBND tỉnh",
    # numbers that are not times
    "Có 01 sản phẩm mới được hoàn thành công đoạn sản xuất thử nghiệm.",
    "Số lượng đạt ít nhất 02 lần của giai đoạn 2016-2020",
    "hằng năm đạt từ 0,5 - 1,0% tổng chi thường xuyên ngân sách tỉnh",
    "theo Nghị định số 35/2021/NĐ-CP của Chính phủ",
]


@pytest.mark.parametrize("prose", NOT_DEADLINES)
def test_find_deadlines_skips_what_is_not_a_deadline(prose):
    assert find_deadlines(prose) == []


def test_find_deadlines_offsets_are_into_the_text_as_given():
    prose = unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ hoàn thành trước tháng 6/2023.")
    ((start, end, deadline),) = find_deadlines(prose)
    assert prose[start:end] == deadline.text
    assert unicodedata.normalize("NFC", deadline.text) == "hoàn thành trước tháng 6/2023"
    assert deadline.end == dt.date(2023, 5, 31)


# --- The patterns' own examples --------------------------------------------------------------------


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_every_pattern_matches_its_examples(pattern):
    assert pattern.examples, f"{pattern.name} has no example"
    compiled = re.compile(pattern.regex, FLAGS)
    for example in pattern.examples:
        assert compiled.fullmatch(example), f"{pattern.name} does not match {example!r}"


# --- The real documents ----------------------------------------------------------------------------


def test_ninh_thuan_prose_deadlines():
    text = _doc("ninh-thuan")
    found = [(text[s:e], d.start, d.end, d.recurrence, d.anchor, d.relative) for s, e, d in find_deadlines(text, year=2022)]
    nov, dec = (dt.date(2022, 11, 1), dt.date(2022, 11, 30)), (dt.date(2022, 12, 1), dt.date(2022, 12, 31))
    assert found == [
        ("trong tháng 12 năm 2022", *dec, None, None, False),
        ("hoàn thành trước tháng 6/2023", None, dt.date(2023, 5, 31), None, None, False),
        ("hoàn thành chậm nhất là tháng 3/2023", None, dt.date(2023, 3, 31), None, None, False),
        ("hoàn thành trong năm 2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31), None, None, False),
        ("hoàn thành trong tháng 11/2022", *nov, None, None, False),
        ("hoàn thành trong tháng 11/2022", *nov, None, None, False),
        ("hoàn thành trong tháng 12/2022", *dec, None, None, False),
        ("hoàn thành trong tháng 12/2022", *dec, None, None, False),
        ("hoàn thành trong thời hạn 20 ngày kể từ ngày nhận được dự thảo danh mục nhiệm vụ KH&CN do Sở "
         "Khoa học và Công nghệ chủ trì dự thảo", None, None, None, None, True),
        ("định kỳ hằng năm báo cáo kết quả thực hiện cho Ủy ban nhân dân tỉnh (thông qua Sở Khoa học và "
         "Công nghệ) trước ngày 05/11", None, None, "P1Y", "--11-05", False),
    ]


@pytest.mark.parametrize("prefix, year, phrases", [
    ("hung-yen", 2023, ["định kỳ hàng năm"]),
    ("phu-yen", 2022, ["hoàn thành cuối quý I/2022", "định kỳ hàng tháng", "Cuối tháng 12 hàng năm",
                       "Định kỳ 2 năm/lần"]),
    ("quang-tri", 2023, []),
    ("tay-ninh", 2022, []),
])
def test_other_documents_prose_deadlines(prefix, year, phrases):
    text = _doc(prefix)
    assert [text[s:e] for s, e, _ in find_deadlines(text, year=year)] == phrases


def _table_cells(text: str, columns: int, index: int) -> list[str]:
    return [row.split("\t")[index].strip() for row in text.splitlines()
            if row.count("\t") == columns - 1 and row.split("\t")[index].strip()]


PHU_YEN_CELLS = {
    "2021": ("2021-01-01", "2021-12-31", None, None),
    "2021-2025": ("2021-01-01", "2025-12-31", None, None),
    "2022-2023": ("2022-01-01", "2023-12-31", None, None),
    "2022-2025": ("2022-01-01", "2025-12-31", None, None),
    "Cuối tháng 12 hàng năm": (None, None, "P1Y", "--12"),
    "Hàng năm;": (None, None, "P1Y", None),
    "Quý I/2022": ("2022-01-01", "2022-03-31", None, None),
    "Quý I/2023": ("2023-01-01", "2023-03-31", None, None),
    "Quý II/2022": ("2022-04-01", "2022-06-30", None, None),
    "Quý II/2022-2023": ("2022-04-01", "2023-06-30", None, None),
    "Quý III/2022": ("2022-07-01", "2022-09-30", None, None),
    "Quý IV/2022": ("2022-10-01", "2022-12-31", None, None),
    "Quý IV/2023": ("2023-10-01", "2023-12-31", None, None),
    "Thông báo hàng năm (2022-2025)": ("2022-01-01", "2025-12-31", "P1Y", None),
    "Thường xuyên hàng năm": (None, None, "P1Y", None),
    "Định kỳ 2 năm/lần": (None, None, "P2Y", None),
}


def test_phu_yen_deadline_column():
    cells = set(_table_cells(_doc("phu-yen"), 6, 5)) - {"Thời gian thực hiện"}
    assert cells == set(PHU_YEN_CELLS)
    for cell, (start, end, rec, anchor) in PHU_YEN_CELLS.items():
        assert parse_deadline(cell, year=2022) == D(cell, start, end, rec, anchor), cell


def test_phu_yen_start_and_end_columns():
    rows = [row.split("\t") for row in _doc("phu-yen").splitlines() if row.count("\t") == 7]
    pairs = {(r[5].strip(), r[6].strip()) for r in rows if re.fullmatch(r"\d+/\d{4}", r[5].strip() or "-")}
    assert ("2/2022", "6/2022") in pairs and ("01/2022", "12/2024") in pairs
    for start_cell, end_cell in pairs:
        found = deadline_from_columns(start_cell, end_cell, year=2022)
        assert found is not None and found.start is not None
        assert found.start.day == 1 and found.start.isoformat()[:7] == _iso_month(start_cell)
        if end_cell:
            assert found.end == _month_end(end_cell)


def _iso_month(cell: str) -> str:
    month, year = cell.split("/")
    return f"{year}-{int(month):02d}"


def _month_end(cell: str) -> dt.date:
    month, year = map(int, cell.split("/"))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def test_quang_tri_deadline_column():
    cells = set(_table_cells(_doc("quang-tri"), 4, 3)) - {"Thời gian thực hiện"}
    assert cells == {"Giai đoạn 2023-2030"}
    assert parse_deadline("Giai đoạn 2023-2030") == D("Giai đoạn 2023-2030", "2023-01-01", "2030-12-31")


@pytest.mark.parametrize("prefix", ["phu-yen", "tay-ninh", "hung-yen", "quang-tri", "ninh-thuan"])
def test_every_cell_and_line_of_the_corpus(prefix):
    """No cell or line raises, and every interval runs forwards."""
    text = _doc(prefix)
    for line in text.splitlines():
        for piece in [line, *line.split("\t")]:
            found = parse_deadline(piece, year=2022)
            assert found is None or found.start is None or found.end is None or found.start <= found.end


# --- Properties ------------------------------------------------------------------------------------

FRAGMENTS = [
    "Quý", "quý", "QUÝ", "Quí", "Q", "tháng", "Tháng", "năm", "ngày", "giai đoạn", "/", "-", "–", "—", " ",
    "  ", ".", ";", ",", "(", ")", "I", "II", "IV", "V", "0", "1", "2", "12", "13", "31", "05", "2022",
    "2023", "1899", "2199", "9999", "hàng năm", "hằng", "định kỳ", "lần", "trước", "chậm nhất là", "đến",
    "hết", "từ", "trong", "cuối", "đầu", "6 tháng", "hoàn thành", "kể từ", "thời hạn", "20 ngày", "sau",
    "Thường xuyên", "và các năm tiếp theo", "QĐ-UBND", "số", "\n", "\t", "ð", "\u0301",
]
fragment_text = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join),
)
years = st.one_of(st.none(), st.integers(min_value=-5, max_value=12000))


def _check_deadline(d: Deadline | None) -> None:
    assert d is None or isinstance(d, Deadline)
    if d is not None and d.start is not None and d.end is not None:
        assert d.start <= d.end


def _check_found(text: str, year, found) -> None:
    last = 0
    for start, end, d in found:
        assert last <= start < end <= len(text)
        assert text[start:end] == d.text
        assert parse_deadline(text[start:end], year=year) == d
        _check_deadline(d)
        last = end


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), fragment_text), years)
def test_parse_deadline_never_raises(text, year):
    d = parse_deadline(text, year=year)
    _check_deadline(d)
    if d is not None:
        assert d.text == text.strip()


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), fragment_text), years)
def test_find_deadlines_never_raises_and_spans_read_back(text, year):
    _check_found(text, year, find_deadlines(text, year=year))


@settings(max_examples=100, deadline=None)
@given(fragment_text, fragment_text, years)
def test_deadline_from_columns_never_raises(start, end, year):
    _check_deadline(deadline_from_columns(start, end, year=year))


@pytest.mark.parametrize("prefix", ["phu-yen", "tay-ninh", "hung-yen", "quang-tri", "ninh-thuan"])
def test_find_deadlines_spans_read_back_on_the_corpus(prefix):
    text = _doc(prefix)
    _check_found(text, 2022, find_deadlines(text, year=2022))


# --- Speed -----------------------------------------------------------------------------------------


def _best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("hostile", [
    " " * 200_000 + "trước",
    "Quý I" + " " * 100_000 + "x",
    "tháng 12" + " " * 100_000 + ", x",
    "6 tháng đầu" + " " * 100_000,
    "20 ngày" + " " * 100_000 + ",",
    "ngày 5/11" + " " * 100_000 + "hằng",
    "tháng " * 30_000,
    "1/" * 50_000,
    "2022-" * 30_000,
    "hoàn thành trong " * 10_000,
    "định kỳ hằng năm trước ngày 05/11 " * 3_000,
    "Quý II/2022-2023 " * 5_000,
])
def test_find_deadlines_is_fast_on_hostile_text(hostile):
    """A guard against catastrophic backtracking (a denial of service), not a speed measurement:
    these inputs take well under a second; exponential or quadratic matching would take minutes.
    Throughput is measured by bench/parse_throughput.py."""
    assert _best_of(1, lambda: (find_deadlines(hostile, year=2022), parse_deadline(hostile))) < 10.0
