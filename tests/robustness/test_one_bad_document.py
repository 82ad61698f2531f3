"""One bad document never stops a batch (issue 16): what broke, each named after it."""

from __future__ import annotations

import json
import sys

from kg.cli import main
from loaders import read_documents
from loaders.agencies import split_mentions
from tests.conftest import DOCUMENTS

QUANG_TRI = next(DOCUMENTS.glob("quang-tri_*.txt"))
ROW_2 = ("2.\tHoàn thiện cơ chế, chính sách về khoa học và công nghệ nhằm thúc đẩy công nghiệp hoá, hiện đại "
         "hoá đất nước\tPhòng QLCN&ĐMST, Phòng QLKH, Phòng QLTD\tGiai đoạn 2023-2030")
FIELDS = ["Tài chính", "Nội vụ", "Xây dựng", "Y tế", "Công Thương", "Tư pháp"]


def cell_of(n: int) -> str:
    """"Sở Kế hoạch và Đầu tư, Tài chính, Nội vụ, …": n departments sharing one "Sở"."""
    return "Sở Kế hoạch và Đầu tư, " + ", ".join(FIELDS[i % len(FIELDS)] for i in range(n - 1))


def test_a_cell_of_1200_departments_sharing_one_so_is_split_without_recursion():
    limit = sys.getrecursionlimit()
    assert limit <= 3000  # the splitter once recursed once per department
    mentions = split_mentions(cell_of(1200))
    assert len(mentions) == 1200
    assert mentions[:3] == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Nội vụ"]
    assert mentions[-1] == f"Sở {FIELDS[(1200 - 2) % len(FIELDS)]}"


def test_a_plan_whose_cell_lists_1200_departments_is_read_and_built(tmp_path, capsys):
    text = QUANG_TRI.read_text(encoding="utf-8")
    assert ROW_2 in text
    bad = text.replace(ROW_2, f"2.\tHoàn thiện cơ chế\t{cell_of(1200)}\tGiai đoạn 2023-2030")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "many.txt").write_text(bad, encoding="utf-8")
    records, failures = read_documents([tmp_path / "docs" / "many.txt"])
    assert failures == []
    (task,) = [t for t in records[0].tasks if t.label == "2"]
    assert len(task.leads) + len(task.coordinators) == 7  # Kế hoạch và Đầu tư and the six fields, each once
    assert main(["build", str(tmp_path / "docs"), "-o", str(tmp_path / "out"), "-q", "-f", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["not_read"] == {}


def test_an_error_of_ours_in_one_document_names_it_and_builds_the_others(tmp_path, capsys, monkeypatch):
    """Fault injection: adding one plan's tasks raises; the other plans are built, the file is named."""
    from kg import build as build_module

    docs = tmp_path / "docs"
    docs.mkdir()
    for source in sorted(DOCUMENTS.glob("*.txt"))[:3]:
        (docs / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    victim = sorted(docs.iterdir())[1]
    original = build_module._Builder._tasks

    def failing(self, record, doc):
        if record.path.endswith(victim.name):
            raise KeyError("a bug of ours")
        return original(self, record, doc)

    monkeypatch.setattr(build_module._Builder, "_tasks", failing)
    assert main(["build", str(docs), "-o", str(tmp_path / "out"), "-f", "json", "--no-view"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    (path, reason), = summary["not_read"].items()
    assert path.endswith(victim.name) and "KeyError" in reason and "report it with this file" in reason
    assert f"{victim.name}: not built:" in captured.err
    graph = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    sources = {n.get("source") for n in graph["nodes"] if n.get("kind") == "Task"}
    assert len(sources) == 2 and not any(s.endswith(victim.name) for s in sources)


def big_table(n: int) -> str:
    lines = QUANG_TRI.read_text(encoding="utf-8").split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("Stt\t"))
    end = head + 1
    while end < len(lines) and "\t" in lines[end]:
        end += 1
    rows = [f"{i}.\tNhiệm vụ số {i} về khoa học và công nghệ\tPhòng QLKH\tNăm 2024" for i in range(1, n + 1)]
    return "\n".join(lines[: head + 1] + rows + lines[end:])


import pytest  # noqa: E402


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_over_its_time_budget_is_abandoned_and_named(tmp_path, capsys, jobs):
    """A 40,000-row plan (several seconds to read) with a budget of 0.5 s, beside eight ordinary plans."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "huge.txt").write_text(big_table(40_000), encoding="utf-8")
    for i in range(8):  # eight files or more are read in worker processes with --jobs 2
        (docs / f"plan-{i}.txt").write_text(QUANG_TRI.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["build", str(docs), "-o", str(tmp_path / "out"), "-q", "-f", "json", "--no-view",
                 "--jobs", jobs, "--document-timeout", "0.5"]) == 0
    summary = json.loads(capsys.readouterr().out)
    (path, reason), = summary["not_read"].items()
    assert path.endswith("huge.txt") and "took longer than 0.5 s and was abandoned" in reason
