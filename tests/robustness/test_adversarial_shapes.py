"""Shapes of text that once cost more than linear time or gave wrong records (issue 16)."""

from __future__ import annotations

from pathlib import Path

from loaders import read_document
from loaders.agencies import split_mentions
from tests.conftest import DOCUMENTS

QUANG_TRI = next(DOCUMENTS.glob("quang-tri_*.txt"))


def with_rows(tmp_path: Path, rows: list[str]) -> Path:
    """The Quảng Trị plan with its appendix table's rows replaced by `rows` (same header)."""
    lines = QUANG_TRI.read_text(encoding="utf-8").split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("Stt\t"))
    end = head + 1
    while end < len(lines) and "\t" in lines[end]:
        end += 1
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines[: head + 1] + rows + lines[end:]), encoding="utf-8")
    return path


def test_a_dot_leader_after_an_agency_is_not_part_of_its_name():
    for dots in (5, 500, 4000):
        assert split_mentions("Sở Tài chính …" + "." * dots + "(chủ trì)") == ["Sở Tài chính (chủ trì)"]
    assert split_mentions("UBND các huyện, thị xã, thành phố (nếu có yêu cầu)......") == ["UBND các huyện, thị xã, thành phố"]


def test_a_role_mark_in_a_cell_gives_the_role_not_a_new_agency(tmp_path):
    path = with_rows(tmp_path, ["1.\tRà soát chính sách\tSở Tài chính ….....(chủ trì), Sở Nội vụ (phối hợp)\tNăm 2024"])
    (task,) = [t for t in read_document(path).tasks if t.label == "1"]
    assert [(a.agency, a.role) for a in task.assignments] == [
        ("quang-tri/so-tai-chinh", "lead"), ("quang-tri/so-noi-vu", "coordinate")]


def test_a_table_of_10000_rows_keeps_its_numbers(tmp_path):
    rows = [f"{i}.\tNhiệm vụ số {i} về khoa học và công nghệ\tPhòng QLKH\tNăm 2024" for i in range(1, 10_001)]
    tasks = [t for t in read_document(with_rows(tmp_path, rows)).tasks if t.origin == "table"]
    assert [t.label for t in tasks] == [str(i) for i in range(1, 10_001)]  # not "999+1", "999+2", …
    assert tasks[9_999].text == "Nhiệm vụ số 10000 về khoa học và công nghệ"
