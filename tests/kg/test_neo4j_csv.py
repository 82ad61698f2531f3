"""`kg export --format neo4j-csv`: the files of `neo4j-admin database import full`, and its command line."""

from __future__ import annotations

import csv
import json
import os
import shlex

import pytest

from kg import store
from kg.cli import main
from kg.export import export_graph, write_neo4j_csv
from kg.neo4j import node_properties

NODE_FILES = ("nodes_documents.csv", "nodes_agencies.csv", "nodes_tasks.csv")
EDGE_TYPES = ("implements", "based_on", "cites", "part_of", "assigned_to", "issued_by", "sub_organization_of",
              "succeeded_by")
REL_FILES = tuple(f"rels_{t}.csv" for t in EDGE_TYPES)


@pytest.fixture(scope="module")
def built(built_graph):
    return built_graph


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("neo4j-csv") / "import"  # a folder that does not exist yet
    assert main(["export", "--graph", str(built), "--format", "neo4j-csv", "--output", str(out)]) == 0
    return out


def rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def header(path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def command(folder) -> list[str]:
    """The words of the neo4j-admin command in import.sh, as the shell splits them."""
    script = (folder / "import.sh").read_text(encoding="utf-8")
    line = script[script.index("\nneo4j-admin database import full") + 1:].replace("\\\n", " ")
    return shlex.split(line)


def test_writes_node_files_a_file_per_relationship_type_and_the_script(exported):
    names = {p.name for p in exported.iterdir()}
    assert names == {*NODE_FILES, *REL_FILES, "import.sh"}
    assert os.access(exported / "import.sh", os.X_OK)


def test_documents_file_has_every_document_with_its_class_label(exported):
    documents = rows(exported / "nodes_documents.csv")
    assert len(documents) == 35  # 5 loaded + 30 only cited
    assert header(exported / "nodes_documents.csv")[:2] == ["id:ID", ":LABEL"]
    plan = next(r for r in documents if r["id:ID"] == "doc/quang-tri/kh-skhcn/43/2023")
    assert plan[":LABEL"] == "Document;Plan"
    assert (plan["symbol"], plan["date"], plan["year:int"]) == ("43/KH-SKHCN", "2023-04-11", "2023")
    assert "date" in header(exported / "nodes_documents.csv")  # an ISO string, never a date type
    assert all(r[":LABEL"].split(";")[0] == "Document" for r in documents)


def test_agencies_and_tasks_follow_the_push_conventions(built, exported):
    agencies = rows(exported / "nodes_agencies.csv")
    assert "aliases:string[]" in header(exported / "nodes_agencies.csv")
    assert {r[":LABEL"] for r in agencies} == {"Agency", "Agency;Group"}
    assert all((r[":LABEL"] == "Agency;Group") == (r["collective:boolean"] == "true") for r in agencies)
    tasks = rows(exported / "nodes_tasks.csv")
    assert len(tasks) == 152 and {r[":LABEL"] for r in tasks} == {"Task"}
    columns = header(exported / "nodes_tasks.csv")
    assert {"deadline_text", "deadline_start", "deadline_end", "deadline_recurrence", "deadline_anchor"} <= set(columns)
    assert "deadline" not in columns
    # the properties a row sets are those `kg neo4j push` sets, values equal once typed back
    graph = store.read(built).graph
    for row in tasks:
        expected = node_properties(row["id:ID"], graph.nodes[row["id:ID"]])
        got = {name.split(":")[0]: value for name, value in row.items() if value != "" and name != ":LABEL"}
        assert set(got) == set(expected)
        assert all(str(expected[name]).lower() == value.lower() for name, value in got.items())


def test_every_relationship_end_is_a_node_id(built, exported):
    ids = {r["id:ID"] for name in NODE_FILES for r in rows(exported / name)}
    graph = store.read(built).graph
    assert len(ids) == graph.number_of_nodes()
    total = 0
    for name in REL_FILES:
        assert header(exported / name)[:3] == [":START_ID", ":END_ID", ":TYPE"]
        assert {"file", "start:int", "end:int", "quote"} <= set(header(exported / name))
        for r in rows(exported / name):
            assert r[":START_ID"] in ids and r[":END_ID"] in ids
            assert r[":TYPE"] == name[len("rels_"):-len(".csv")].upper()
            total += 1
    assert total == graph.number_of_edges()


def test_assigned_to_rows_have_a_role(exported):
    assigned = rows(exported / "rels_assigned_to.csv")
    assert assigned and {r["role"] for r in assigned} == {"lead", "coordinate"}
    assert all(r[":TYPE"] == "ASSIGNED_TO" for r in assigned)
    assert all(r["file"] and int(r["start:int"]) < int(r["end:int"]) for r in assigned)


def test_command_line_names_every_file(exported):
    words = command(exported)
    assert words[:4] == ["neo4j-admin", "database", "import", "full"]
    assert words[-2:] == ["--", "neo4j"]  # after `--`, --relationships cannot take the database name
    assert "--multiline-fields=true" in words and "--array-delimiter=;" in words
    assert {w.split("=", 1)[1] for w in words if w.startswith("--nodes=")} == set(NODE_FILES)
    assert {w.split("=", 1)[1] for w in words if w.startswith("--relationships=")} == set(REL_FILES)
    assert {p.name for p in exported.glob("*.csv")} == set(NODE_FILES) | set(REL_FILES)


def test_texts_with_quotes_commas_newlines_and_semicolons_round_trip(built, tmp_path):
    graph_dir = tmp_path / "graph"
    graph_dir.mkdir()
    data = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    text = 'Sở KH&CN "chủ trì", phối hợp; báo cáo\nvà dòng thứ hai, có "ngoặc kép"'
    task = next(n for n in data["nodes"] if n["kind"] == "Task")
    task["text"] = text
    agency = next(n for n in data["nodes"] if n["kind"] == "Agency" and n["collective"])
    agency["aliases"] = ["Sở A; Sở B", 'các "sở", ngành']
    (graph_dir / "graph.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "csv"
    written = write_neo4j_csv(graph_dir, out)
    assert {p.name for p in written} == {*NODE_FILES, *REL_FILES, "import.sh"}

    tasks = {r["id:ID"]: r for r in rows(out / "nodes_tasks.csv")}
    assert tasks[task["id"]]["text"] == text
    assert len(tasks) == 152  # the newline did not make a row
    # an alias holds `;`: arrays and labels are split on another character, named in the command
    words = command(out)
    assert "--array-delimiter=|" in words
    row = next(r for r in rows(out / "nodes_agencies.csv") if r["id:ID"] == agency["id"])
    assert row["aliases:string[]"].split("|") == agency["aliases"]
    assert row[":LABEL"] == "Agency|Group"
    plan = next(r for r in rows(out / "nodes_documents.csv") if r["id:ID"] == "doc/quang-tri/kh-skhcn/43/2023")
    assert plan[":LABEL"] == "Document|Plan"


def test_neo4j_csv_needs_a_folder(built, tmp_path, capsys):
    assert main(["export", "--graph", str(built), "--format", "neo4j-csv"]) == 2
    assert "--output DIR" in capsys.readouterr().err
    a_file = tmp_path / "file.csv"
    a_file.write_text("", encoding="utf-8")
    assert main(["export", "--graph", str(built), "--format", "neo4j-csv", "--output", str(a_file)]) == 2
    assert "needs a folder" in capsys.readouterr().err
    assert main(["export", "--graph", str(tmp_path / "none"), "--format", "neo4j-csv",
                 "--output", str(tmp_path / "out")]) == 1
    assert "run `kg build data/" in capsys.readouterr().err
    with pytest.raises(ValueError, match="folder"):
        export_graph(built, "neo4j-csv")


def test_other_formats_still_export(built, tmp_path):
    out = tmp_path / "graph.nt"
    assert main(["export", "--graph", str(built), "--format", "ntriples", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("\n") > 1000
