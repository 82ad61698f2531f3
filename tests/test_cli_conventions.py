"""The command line's conventions: one option name for one thing, exit codes a script can test,
one-sentence failures without tracebacks, output files written whole, standard input, progress only
on a terminal. Every test here failed on the command line before these conventions."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import _parser, main
from tests.conftest import DOCUMENTS

ROOT = Path(__file__).resolve().parent.parent
QUANG_TRI = DOCUMENTS / "quang-tri_2023_43-kh-skhcn_thuc-hien-ctr-59.txt"


def _commands():
    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse keeps them here
    for name, sub in commands.items():
        if name == "neo4j":
            yield "neo4j push", sub._subparsers._group_actions[0].choices["push"]  # noqa: SLF001
        yield name, sub


def _kg(*argv: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *argv], input=stdin, capture_output=True, check=False,
                          cwd=ROOT)


# --- the same options everywhere ----------------------------------------------------------------------

def test_every_command_has_examples_in_its_help():
    for name, sub in _commands():
        assert sub.epilog and "examples:" in sub.epilog and f"kg {name.split()[0]}" in sub.epilog, name


def test_every_command_that_writes_takes_dash_o_and_keeps_out():
    for name, sub in _commands():
        options = {o for action in sub._actions for o in action.option_strings}  # noqa: SLF001
        if name in ("serve", "neo4j", "neo4j push"):
            continue
        if name not in ("viz",) and "--format" not in options:
            continue
        assert {"-o", "--output", "--out"} <= options, name
        assert {"-f", "--format", "-q", "--quiet", "--debug"} <= options, name


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("kg (policy-kg) 0.")


def test_short_options_and_format_aliases(built_graph, tmp_path, capsys):
    out = tmp_path / "graph.ttl"
    assert main(["export", "-g", str(built_graph), "-f", "ttl", "-o", str(out)]) == 0
    assert "<https://w3id.org/policy-kg/id/doc/phu-yen/nq-tu/11/2021>" in out.read_text(encoding="utf-8")
    assert main(["export", "--graph", str(built_graph), "-f", "nt", "-o", str(tmp_path / "g.nt")]) == 0
    assert main(["build", str(QUANG_TRI), "-o", str(tmp_path / "b"), "--no-view", "-q"]) == 0
    assert (tmp_path / "b" / "graph.json").exists()


# --- exit codes --------------------------------------------------------------------------------------

def test_a_usage_error_exits_2(built_graph, capsys):
    for argv in (["agencies", "--graph", str(built_graph), "--top", "0"],
                 ["agencies", "--graph", str(built_graph), "--top", "-1"],
                 ["agencies", "--graph", str(built_graph), "--from", "2023-13-01"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2, argv
    assert main(["agencies", "--graph", str(built_graph), "--from", "2023-01-01", "--to", "2022-01-01"]) == 2
    assert "before it starts" in capsys.readouterr().err


def test_an_unknown_document_is_not_found_and_exits_1(built_graph, capsys):
    assert main(["implementations", "99-NQ/TU", "--graph", str(built_graph)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "99-NQ/TU" in err and "Traceback" not in err


def test_an_unknown_province_is_not_an_empty_table(built_graph, capsys):
    assert main(["agencies", "--graph", str(built_graph), "--province", "Hà Nội"]) == 1
    err = capsys.readouterr().err
    assert "Hà Nội" in err and "Phú Yên" in err  # says which provinces there are


def test_a_province_as_people_write_it(built_graph, capsys):
    for spelling in ("tỉnh Phú Yên", "phu yen", "Tinh Phu Yen"):
        assert main(["agencies", "--graph", str(built_graph), "--province", spelling, "-f", "json"]) == 0
        answer = json.loads(capsys.readouterr().out)
        assert {a["province"] for a in answer["agencies"]} == {"Phú Yên"}, spelling


def test_an_ambiguous_input_lists_the_candidates_and_exits_3(built_graph, capsys):
    # "Sở Khoa học và Công nghệ" is an agency in several provinces
    assert main(["show", "Sở Khoa học và Công nghệ", "--graph", str(built_graph)]) == 3
    err = capsys.readouterr().err
    assert "agency/phu-yen/so-khoa-hoc-cong-nghe" in err and "agency/ninh-thuan/so-khoa-hoc-cong-nghe" in err
    assert main(["show", "Sở Khoa học và Công nghệ", "--province", "Ninh Thuận", "--graph", str(built_graph)]) == 0


# --- the answers a person asks for, by what a person types -----------------------------------------

def test_implementations_of_a_resolution_by_its_symbol(built_graph, capsys):
    """Phú Yên's Kế hoạch 209/KH-UBND implements Nghị quyết 11-NQ/TU, and the Sở KH&CN plan implements 209."""
    for spelling in ("11-NQ/TU", "11 -NQ/TU", "NQ 11"):
        assert main(["implementations", spelling, "--graph", str(built_graph), "-f", "json"]) == 0, spelling
        answer = json.loads(capsys.readouterr().out)
        assert answer["document"]["id"] == "doc/phu-yen/nq-tu/11/2021"
        depth = {i["id"]: i["depth"] for i in answer["implementations"] if i["kind"] == "Document"}
        assert depth["doc/phu-yen/kh-ubnd/209/2021"] == 1
        assert depth["doc/file/phu-yen-2022-kh-skhcn-thuc-hien-kh-209"] == 2


def test_implementations_when_nothing_implements_it_exits_1(built_graph, capsys):
    # Nghị định 35/2021/NĐ-CP is cited by a plan, implemented by none
    assert main(["implementations", "doc/vn/nd-cp/35/2021", "--graph", str(built_graph)]) == 1
    assert "nothing in the graph implements" in capsys.readouterr().err


def test_find_says_how_many_more_there_are(built_graph, capsys):
    assert main(["find", "khoa học", "--kind", "task", "--limit", "5", "--graph", str(built_graph)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 6 and lines[-1].startswith("… and ")
    assert main(["find", "khoa học", "--kind", "task", "--limit", "5", "--graph", str(built_graph), "-f", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["shown"] == 5 and answer["total"] > 5
    assert not any("%3A" in m["id"] for m in answer["matches"])


def test_find_a_mistyped_word_exits_1(built_graph, capsys):
    assert main(["find", "qqqzzz", "--graph", str(built_graph)]) == 1
    assert "nothing matches" in capsys.readouterr().err


def test_show_a_document_with_its_links_and_quotations(built_graph, capsys):
    assert main(["show", "209/KH-UBND", "--graph", str(built_graph)]) == 0
    out = capsys.readouterr().out
    assert "doc/phu-yen/kh-ubnd/209/2021" in out.splitlines()[0]
    assert "doc/phu-yen/nq-tu/11/2021" in out  # it implements Nghị quyết 11
    assert "“" in out  # with the sentence that says so


def test_show_answers_the_same_on_every_backend(built_graph, capsys):
    answers = {}
    for backend in ("networkx", "sparql"):
        assert main(["show", "209/KH-UBND", "--graph", str(built_graph), "--backend", backend, "-f", "json"]) == 0
        answers[backend] = json.loads(capsys.readouterr().out)
    assert answers["sparql"] == answers["networkx"]
    implements = [link for link in answers["sparql"]["links"] if link["type"] == "implements"]
    assert {link["other"] for link in implements} >= {"doc/phu-yen/nq-tu/11/2021"}


# --- failures are sentences --------------------------------------------------------------------------

def test_writing_into_a_missing_folder_is_one_sentence(built_graph, tmp_path):
    missing = tmp_path / "nope" / "load.png"
    result = _kg("agencies", "--graph", str(built_graph), "--timeline", str(missing))
    err = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in err
    assert str(missing.parent) in err and len(err.strip().splitlines()) == 1


def test_export_onto_a_folder_or_into_a_missing_one(built_graph, tmp_path):
    for target in (tmp_path, tmp_path / "nope" / "g.ttl"):
        result = _kg("export", "--graph", str(built_graph), "-f", "turtle", "-o", str(target))
        err = result.stderr.decode()
        assert result.returncode == 2 and "Traceback" not in err and str(target.parent if target != tmp_path else target) in err


def test_build_onto_a_file(tmp_path):
    file = tmp_path / "a-file"
    file.write_text("x")
    result = _kg("build", str(QUANG_TRI), "--out", str(file))
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()
    assert "is a file" in result.stderr.decode()


def test_viz_onto_a_folder_writes_graph_html_in_it(built_graph, tmp_path, capsys):
    assert main(["viz", "--graph", str(built_graph), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "graph.html").stat().st_size > 1000


def test_a_traceback_only_with_debug(built_graph, monkeypatch, capsys):
    import queries

    def broken(*args, **kwargs):
        raise RuntimeError("the store is broken")

    monkeypatch.setattr(queries, "open_backend", broken)
    assert main(["agencies", "--graph", str(built_graph)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the store is broken" in err and "--debug" in err
    with pytest.raises(RuntimeError):
        main(["agencies", "--graph", str(built_graph), "--debug"])


def test_an_answer_written_to_a_file_is_whole(built_graph, tmp_path, capsys):
    out = tmp_path / "load.csv"
    assert main(["agencies", "--graph", str(built_graph), "-f", "csv", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and not list(tmp_path.glob(".*.part"))


# --- standard input -----------------------------------------------------------------------------------

def test_extract_reads_standard_input():
    result = _kg("extract", "-", stdin=QUANG_TRI.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    assert "43/KH-SKHCN" in result.stdout.decode()


def test_extract_of_empty_standard_input_says_so():
    result = _kg("extract", "-", stdin=b"")
    assert result.returncode == 1 and "standard input is empty" in result.stderr.decode()


# --- progress: on a terminal only ---------------------------------------------------------------------

def _stderr_on_a_terminal(*argv: str) -> tuple[int, str]:
    """Run kg with standard error on a pseudo-terminal; standard output to a pipe."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", *argv], stdout=subprocess.PIPE, stderr=follower,
                               cwd=ROOT)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.stdout.read()
    code = process.wait()
    os.close(leader)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_progress_on_a_terminal_with_count_and_rate(tmp_path):
    code, err = _stderr_on_a_terminal("build", str(DOCUMENTS), "-o", str(tmp_path / "out"), "--no-view")
    assert code == 0
    assert "reading" in err and "5/5" in err and "doc/s" in err


def test_no_progress_under_quiet_or_in_a_pipe(tmp_path):
    code, err = _stderr_on_a_terminal("build", str(DOCUMENTS), "-o", str(tmp_path / "out"), "--no-view", "-q")
    assert code == 0 and "reading" not in err and "note:" not in err
    result = _kg("build", str(DOCUMENTS), "-o", str(tmp_path / "out2"), "--no-view")
    assert result.returncode == 0 and "reading" not in result.stderr.decode()


# --- JSON and CSV carry what the text shows ------------------------------------------------------------

def test_agencies_json_and_csv_carry_the_rule_and_the_groups(built_graph, capsys):
    assert main(["agencies", "--graph", str(built_graph), "-f", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "overloaded" in answer["rule"]
    groups = {(g["name"], g["province"]) for g in answer["groups"]}
    assert ("Các phòng và đơn vị thuộc Sở", "Phú Yên") in groups
    assert answer["timeline"]["rows"]
    assert main(["agencies", "--graph", str(built_graph), "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    kinds = {r["kind"] for r in rows}
    assert {"agency", "group", "rollup"} <= kinds
    overloaded = [r for r in rows if r["kind"] == "agency" and r["overloaded"] == "true"]
    assert overloaded and all(r["overloaded_because"] for r in overloaded)


def test_check_lists_the_loaders_warnings_by_file(built_graph, capsys):
    assert main(["check", "--graph", str(built_graph)]) == 0
    out = capsys.readouterr().out
    assert "phu-yen_2022_kh-skhcn_thuc-hien-kh-209.txt" in out
    assert "Số: /KH-SKHCN" in out  # the quotation of the blank-number warning


def test_the_build_summary_names_the_check_command(tmp_path, capsys):
    assert main(["build", str(DOCUMENTS), "-o", str(tmp_path), "--no-view"]) == 0
    assert f"kg check --graph {tmp_path}" in capsys.readouterr().out


def test_neo4j_push_without_a_server_says_only_that(tmp_path, monkeypatch, capsys):
    """Before: four notes about transactions and constraints, then the error."""
    assert main(["build", str(QUANG_TRI), "-o", str(tmp_path), "--no-view", "-q"]) == 0
    capsys.readouterr()
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    assert main(["neo4j", "push", "--graph", str(tmp_path), "--uri", "bolt://127.0.0.1:1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "note:" not in err
    assert "nothing listens at 127.0.0.1:1" in err
