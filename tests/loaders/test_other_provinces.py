"""Documents shaped like those of other provinces: rules follow national conventions, not our five files.

The two texts in tests/loaders/texts/ were written for these tests in the national formats (a
People's Committee plan with a Roman-numbered appendix table; a provincial Party committee plan with
prose duties). Expectations are what a reader of those texts would say.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from loaders import read_document
from tests.conftest import coordinators, leads

TEXTS = Path(__file__).resolve().parent / "texts"


@pytest.fixture(scope="module")
def binh_dinh():
    return read_document(TEXTS / "binh-dinh_2023_kh-ubnd_sample.txt")


@pytest.fixture(scope="module")
def lam_dong():
    return read_document(TEXTS / "lam-dong_2024_kh-tu_sample.txt")


def test_committee_plan_header_and_relations(binh_dinh):
    ref = binh_dinh.header.ref
    assert (ref.symbol, ref.date, ref.province) == ("125/KH-UBND", dt.date(2023, 9, 15), "Bình Định")
    assert ref.issuer == "Ủy ban nhân dân tỉnh Bình Định"
    relations = {(r.type, binh_dinh.citations[r.object].ref.symbol) for r in binh_dinh.relations if r.subject is None}
    assert ("implements", "45/NQ-HĐND") in relations
    assert ("based_on", "569/QĐ-TTg") in relations


def test_roman_numeral_rows_in_a_table_are_headings(binh_dinh):
    table = [t for t in binh_dinh.tasks if t.origin == "table"]
    assert [t.label for t in table] == ["1", "2", "3", "4", "5"]
    assert [t.parent for t in table] == ["I", "I", "II", "II", "II"]
    assert table[2].heading == "Phát triển tiềm lực"
    assert not any(p.code == "no-lead-agency" for p in binh_dinh.problems)


def test_committee_plan_assignments(binh_dinh):
    assert leads(binh_dinh, "4") == ["Sở Nội vụ"]
    assert coordinators(binh_dinh, "4") == ["Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo"]
    assert leads(binh_dinh, "5") == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert coordinators(binh_dinh, "5")[-1] == "UBND các huyện, thị xã, thành phố"
    assert leads(binh_dinh, "III.2") == ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]
    due = binh_dinh.task("III.3").deadline
    assert due.end == dt.date(2023, 10, 29)  # "trước ngày 30/10/2023": strictly before
    yearly = binh_dinh.task("III.1").deadline
    assert (yearly.recurrence, yearly.anchor) == ("P1Y", "--12-15")


def test_party_plan_header_and_relations(lam_dong):
    ref = lam_dong.header.ref
    assert (ref.symbol, ref.doc_type, ref.province) == ("183-KH/TU", "KH", "Lâm Đồng")
    assert ref.issuer == "Tỉnh ủy Lâm Đồng"
    implemented = {lam_dong.citations[r.object].ref.symbol for r in lam_dong.relations
                   if r.subject is None and r.type == "implements"}
    assert implemented == {"29-NQ/TW", "24/CTr-CP"}


def test_subject_paragraph_under_a_topic_item_is_its_duty(lam_dong):
    # "1. Đẩy mạnh công tác tuyên truyền" is a topic; the paragraph below it is the duty
    task = lam_dong.task("II.1+1")
    assert task.parent == "II.1" and task.heading == "Đẩy mạnh công tác tuyên truyền"
    assert leads(lam_dong, "II.1+1") == ["Ban Tuyên giáo Tỉnh ủy"]
    assert "II.1" not in [t.label for t in lam_dong.tasks]


def test_name_with_a_dash_between_its_words(lam_dong):
    assert coordinators(lam_dong, "II.1+1") == [
        "Sở Thông tin và Truyền thông", "Báo Lâm Đồng", "Đài Phát thanh - Truyền hình"]


def test_party_delegation_is_one_body(lam_dong):
    assert leads(lam_dong, "II.2.a") == ["Ban cán sự đảng Ủy ban nhân dân tỉnh"]


def test_party_plan_deadlines(lam_dong):
    assert lam_dong.task("II.2.b").deadline.recurrence == "P6M"
    february = lam_dong.task("III.1").deadline
    assert (february.start, february.end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
