"""A build's files are whole, one build at a time (issue 16): a build killed while writing leaves the
previous graph or a reader that refuses in one sentence; a second build into the same folder is told
so; a graph.json cut short is refused by every command."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import store
from kg.cli import main
from kg.files import LOCK_FILE
from tests.conftest import DOCUMENTS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """400 synthetic documents: a build long enough to be caught while it writes."""
    folder = tmp_path_factory.mktemp("corpus")
    assert main(["synth", "--docs", "400", "--seed", "3", "-o", str(folder), "-q"]) == 0
    return folder / "documents"


def kg_command(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kwargs)


def test_a_build_killed_while_writing_leaves_the_previous_graph_or_a_refusal(corpus, tmp_path):
    out = tmp_path / "kg-out"
    assert main(["build", str(DOCUMENTS.parent), "-o", str(out), "-q", "--no-view"]) == 0
    previous = store.read(out).graph.number_of_nodes()
    outcomes = set()
    for victim in ("graph.json", "graph.ttl", "findings.json"):
        process = kg_command("build", str(corpus), "-o", str(out), "-q", "--no-view", "--jobs", "1")
        deadline = time.monotonic() + 120
        while not list(out.glob(f".{victim}.*.part")) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        try:
            nodes = store.read(out).graph.number_of_nodes()
            outcomes.add("previous" if nodes == previous else "new")
        except store.NoGraph as exc:
            assert "run `kg build` again" in str(exc)
            outcomes.add("refused")
        # the commands say the same in one sentence, never a traceback or a partial answer
        check = subprocess.run([sys.executable, "-m", "kg.cli", "agencies", "--graph", str(out), "-f", "json"],
                               capture_output=True, text=True, timeout=120)
        assert "Traceback" not in check.stderr
        assert check.returncode == 0 or "run `kg build` again" in check.stderr
    assert outcomes <= {"previous", "new", "refused"} and outcomes
    # a build after the kills clears what they left half-written and ends whole
    assert main(["build", str(DOCUMENTS.parent), "-o", str(out), "-q", "--no-view"]) == 0
    assert store.read(out).graph.number_of_nodes() == previous
    assert [p.name for p in out.iterdir() if p.name.endswith((".part", ".partial"))] == []


def test_a_second_build_into_the_same_folder_is_told_so(corpus, tmp_path, capsys):
    out = tmp_path / "kg-out"
    first = kg_command("build", str(corpus), "-o", str(out), "-q", "--no-view", "--jobs", "1")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and first.poll() is None:
        lock = out / LOCK_FILE
        if lock.is_file() and lock.read_text().strip() == str(first.pid):
            break
        time.sleep(0.01)
    assert first.poll() is None, "the first build ended before the second could start"
    assert main(["build", str(DOCUMENTS.parent), "-o", str(out), "-q", "--no-view"]) == 1
    assert "another `kg build` is writing into" in capsys.readouterr().err
    assert first.wait(timeout=300) == 0
    graph = store.read(out).graph  # the first build's graph, whole
    assert sum(1 for _, d in graph.nodes(data=True) if (d.get("source") or "").startswith(str(corpus))) >= 400


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_a_graph_json_cut_short_is_refused_by_every_reader(built_graph, tmp_path, cut, capsys):
    out = tmp_path / "kg-out"
    shutil.copytree(built_graph, out)
    path = out / "graph.json"
    data = path.read_bytes()
    # cut at a line's end: the case that once loaded silently as a smaller graph
    end = data.rfind(b"\n", 0, int(len(data) * cut)) + 1
    path.write_bytes(data[:end])
    os.utime(out / "graph.sqlite")  # even a store that looks fresh is not read beside it
    with pytest.raises(store.NoGraph, match="is incomplete"):
        store.read(out)
    for command in (["check"], ["agencies"], ["trace", "PLI:2.1"], ["find", "so khoa hoc"]):
        assert main([*command, "--graph", str(out)]) == 1, command
        err = capsys.readouterr().err
        assert "graph.json is incomplete" in err and "Traceback" not in err, command


def test_the_files_of_a_build_are_readable_as_any_file_the_user_writes(tmp_path):
    """Written through temporary files, they keep the permissions the umask gives (0600 would hide
    graph.html and graph.json from a colleague or a web server)."""
    mask = os.umask(0o022)
    try:
        assert main(["build", str(DOCUMENTS.parent), "-o", str(tmp_path / "out"), "-q"]) == 0
    finally:
        os.umask(mask)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")}
    assert modes == dict.fromkeys(["findings.json", "graph.html", "graph.json", "graph.sqlite", "graph.ttl"], 0o644)


def test_a_build_without_a_view_leaves_no_view_of_an_earlier_build(tmp_path, capsys):
    """graph.html of the Quảng Trị plan next to a graph of the Phú Yên plan would show another graph:
    a build that draws no view removes it, and says so."""
    out = tmp_path / "kg-out"
    (quang_tri,) = DOCUMENTS.glob("quang-tri_*.txt")
    (phu_yen,) = DOCUMENTS.glob("phu-yen_*.txt")
    assert main(["build", str(quang_tri), "-o", str(out), "-q"]) == 0
    assert "43/KH-SKHCN" in (out / "graph.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(phu_yen), "-o", str(out), "-q", "--no-view"]) == 0
    assert not (out / "graph.html").exists()
    assert f"removed {out}/graph.html, the view of an earlier build" in capsys.readouterr().err
    assert main(["build", str(phu_yen), "-o", str(out), "-q", "--no-view"]) == 0  # nothing to remove: no note
    assert "removed" not in capsys.readouterr().err
