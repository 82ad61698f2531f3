"""Shapes of text that once cost more than linear time or gave wrong records (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def _peak_mb(read) -> float:
    """The most memory (MB) Python held at once while `read()` ran, beyond what it held before."""
    import tracemalloc

    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape, cell", [
    ("a dot leader of a million dots", "Sở Tài chính …" + "." * 1_000_000 + "(chủ trì)"),
    ("a cell of 150,000 departments", "Sở Kế hoạch và Đầu tư, " + ", ".join(
        ("Tài chính", "Nội vụ", "Xây dựng", "Y tế", "Công Thương", "Tư pháp")[i % 6] for i in range(150_000))),
])
def test_a_cell_of_a_megabyte_is_read_in_little_memory(tmp_path, shape, cell):
    """Once the dot leader's pattern kept the regex engine's state per dot (122 MB) and the split held
    every name and every word of the cell (28 MB): 130 and 39 MB in all. Now 16 bytes a character at
    most: the file, its decoded and cleaned text (2 bytes a character each) and a few copies of the cell."""
    path = with_rows(tmp_path, [f"1.\tRà soát\t{cell}\tNăm 2024"])
    found = []
    peak = _peak_mb(lambda: found.append(read_document(path)))
    (task,) = [t for t in found[0].tasks if t.label == "1"]
    assert task.leads[0] == "quang-tri/so-tai-chinh" if "dot" in shape else "quang-tri/so-ke-hoach-va-dau-tu"
    assert peak < 16 * len(cell) / 1e6, (shape, peak)


def test_a_quarter_of_a_million_empty_rows_are_read_in_little_memory(tmp_path):
    """A list of every line (250,000 tuples) once took 43 MB for 1 MB of text."""
    path = with_rows(tmp_path, ["1.\tRà soát\tSở Tài chính\tNăm 2024"] + ["\t\t\t"] * 250_000)
    found = []
    peak = _peak_mb(lambda: found.append(read_document(path)))
    assert [t.label for t in found[0].tasks if t.origin == "table"] == ["1"]
    assert peak < 20, peak
