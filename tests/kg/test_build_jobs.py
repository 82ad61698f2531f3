"""Reading in worker processes changes nothing: the same documents give the same graph, byte for
byte, with one job or several, and a bad file is still reported by name."""

from __future__ import annotations

from kg.cli import main
from kg.synth import write_corpus


def test_the_same_graph_with_one_job_or_two(tmp_path, capsys):
    write_corpus(tmp_path / "corpus", 24, 5)
    documents = tmp_path / "corpus" / "documents"
    (documents / "broken.docx").write_bytes(b"PK\x03\x04 not really a word file")
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        assert main(["build", str(documents), "-o", str(out), "--no-view", "-q", "--jobs", jobs]) == 0
        err = capsys.readouterr().err
        assert "broken.docx" in err  # reported, and the other 24 documents still load
        outputs[jobs] = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.json", "findings.json")}
    assert outputs["1"] == outputs["2"]
    assert outputs["1"]["graph.json"].count(b'"kind":"Document"') >= 24
