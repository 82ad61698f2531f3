"""The `kg` command: output, exit codes, help, and the README that documents it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import _parser, main
from tests.conftest import DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent
QUANG_TRI = DOCUMENTS / "quang-tri_2023_43-kh-skhcn_thuc-hien-ctr-59.txt"


def test_extract_text(capsys):
    assert main(["extract", str(QUANG_TRI)]) == 0
    out = capsys.readouterr().out
    assert "Kế hoạch 43/KH-SKHCN  date: 2023-04-11  province: Quảng Trị" in out
    assert "issuer: Sở Khoa học và Công nghệ tỉnh Quảng Trị" in out
    assert "tasks: 6" in out


def test_extract_json(capsys):
    assert main(["extract", str(QUANG_TRI), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    (doc,) = payload["documents"]
    assert doc["header"]["ref"]["symbol"] == "43/KH-SKHCN"
    assert "text" not in doc
    assert [t["label"] for t in doc["tasks"]][:5] == ["1", "2", "3", "4", "5"]
    assert payload["failures"] == []


def test_extract_folder_reads_every_document(capsys):
    assert main(["extract", str(DOCUMENTS), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert len(payload["documents"]) == 5


def test_exit_status_nonzero_only_when_nothing_could_be_read(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["extract", str(QUANG_TRI), str(empty)]) == 0
    err = capsys.readouterr().err
    assert f"error: {empty}: cannot be read:" in err
    assert main(["extract", str(empty)]) == 1
    assert "no document could be read" in capsys.readouterr().err


def test_console_script_runs():
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "extract", str(QUANG_TRI)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "43/KH-SKHCN" in result.stdout


def test_every_command_has_help_and_is_in_the_readme():
    parser = _parser()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse keeps them here
    assert commands
    for name, sub in commands.items():
        assert sub.description, name
        assert f"kg {name}" in readme, name


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```")[1]
    assert "kg build data/" in block
    assert "pytest" in block


@pytest.mark.parametrize("argv", [[], ["--help"]])
def test_help(argv, capsys):
    if argv:
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 0
    else:
        assert main(argv) == 2
    assert "extract" in capsys.readouterr().out


def test_output_cut_short_by_the_reader_is_no_error(tmp_path):
    """Regression: `kg agencies | head` ended in a BrokenPipeError traceback."""
    build = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(QUANG_TRI), "--out", str(tmp_path)],
                           capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr
    result = subprocess.run(
        f"{sys.executable} -m kg.cli agencies --graph {tmp_path} | head -1", shell=True, capture_output=True, text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("overloaded:")


def test_neo4j_push_never_prints_the_password(tmp_path, monkeypatch, capsys):
    assert main(["build", str(QUANG_TRI), "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-Pa55word")
    # nothing listens on port 1: the push fails, and says so without the password
    assert main(["neo4j", "push", "--graph", str(tmp_path), "--uri", "bolt://127.0.0.1:1", "--user", "neo4j"]) == 1
    printed = capsys.readouterr()
    assert "could not load the graph into bolt://127.0.0.1:1" in printed.err
    assert "s3cret-Pa55word" not in printed.out + printed.err


def test_summary_of_a_large_corpus_shows_the_files_with_most_warnings_only():
    from kg.cli import format_summary

    warnings = {f"data/plan-{i:02d}.txt": 1 + i % 4 for i in range(30)}
    summary = {"documents": 30, "documents_loaded": 30, "tasks": 0, "agencies": 0, "groups": 0, "edges": {},
               "findings": 0, "warnings": warnings, "not_read": {}}
    lines = format_summary(summary).splitlines()
    listed = [line for line in lines if line.startswith("  ")]
    assert len(listed) == 20 and "the 20 with most of 30" in lines[lines.index(next(
        line for line in lines if line.startswith("warnings by file")))]
    assert all(line.split()[0] == "4" for line in listed[:7])  # the seven files with 4 warnings come first


def test_read_with_text_maps_each_character_back_to_the_file(tmp_path, capsys):
    """`kg extract --with-text`: the cleaned text and, per character, where it stands in the decoded file
    (Windows line ends and a non-breaking space cleaned away, the words found where they were written)."""
    raw = ("ỦY BAN NHÂN DÂN\r\nTỈNH PHÚ YÊN\r\nSố: 12/KH-UBND\r\n\r\nKẾ HOẠCH\r\nTriển khai\u00a0chuyển đổi số\r\n"
           "1. Sở Tài chính chủ trì.\r\n")
    path = tmp_path / "plan.txt"
    path.write_bytes(raw.encode("utf-8"))
    assert main(["extract", str(path), "--with-text", "-f", "json"]) == 0
    (document,) = json.loads(capsys.readouterr().out)["documents"]
    text, offsets = document["text"], document["source_offsets"]
    assert "\r" not in text and len(offsets) == len(text) + 1 and offsets[-1] == len(raw)
    start = text.index("chuyển đổi số")
    # a span takes what cleaning dropped before the next character kept: here the line's CR
    assert raw[offsets[start]:offsets[start + len("chuyển đổi số")]] == "chuyển đổi số\r"
    assert raw[offsets[text.index("Sở Tài chính")]:].startswith("Sở Tài chính chủ trì.")
    assert main(["extract", str(path), "-f", "json"]) == 0  # without --with-text: neither is printed
    assert "source_offsets" not in json.loads(capsys.readouterr().out)["documents"][0]
