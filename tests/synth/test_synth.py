"""The synthetic corpus: deterministic, realistic, and read back by the real loaders exactly as written.

A corpus of 50 documents is written with `kg.synth.write_corpus`, every file is read with the real
loaders and the graph is built with `kg.build.build`; what they find must equal `expected.json`:
headers, citations and relations, chains of implements edges up to the resolution, tasks with their
lead and co-ordinating agencies and deadlines. The comparisons are shown to fail on a wrong fact.
"""

from __future__ import annotations

import json
import statistics
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest

from kg import synth
from kg.build import build
from kg.cli import main
from loaders import read_documents
from loaders.clean import clean
from loaders import parse_text

SEED = 20240611
DOCS = 50


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A written corpus, its facts, the records read from it and the graph built from them."""
    out = tmp_path_factory.mktemp("synth")
    summary = synth.write_corpus(out, DOCS, SEED)
    facts = synth.load_expected(out / "expected.json")
    records, failures = read_documents([out / "documents"])
    return out, summary, facts, records, failures, build(records)


@pytest.fixture(scope="module")
def sample():
    """400 documents generated in memory (not read): for properties of the corpus itself."""
    return list(synth.generate(400, SEED + 1))


# --------------------------------------------------------------------------------------------------
# Determinism, streaming.

def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(tmp_path):
    synth.write_corpus(tmp_path / "a", 40, 7)
    synth.write_corpus(tmp_path / "b", 40, 7)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(a) == 41 and a.keys() == b.keys()  # 40 documents and expected.json
    assert all(a[k] == b[k] for k in a)


def test_different_seeds_give_different_corpora(tmp_path):
    synth.write_corpus(tmp_path / "a", 40, 7)
    synth.write_corpus(tmp_path / "b", 40, 8)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["expected.json"] != b["expected.json"]
    assert set(a.values()) != set(b.values())


def test_generate_streams_and_makes_exactly_the_documents_asked_for():
    # a billion documents asked for: the first comes at once, nothing is prepared ahead
    first = next(synth.generate(10**9, 3))
    assert first.path.startswith("documents/") and first.text
    docs = list(synth.generate(37, 3))
    assert len(docs) == 37 and len({d.path for d in docs}) == 37
    assert docs[0] == first
    path, text, facts = docs[1]
    assert facts.file == path and text.endswith("\n")


def test_memory_does_not_grow_with_the_corpus():
    def peak(n: int) -> int:
        tracemalloc.start()
        for _ in synth.generate(n, 5):
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak(100), peak(1000)  # ten times the text (about 10 MB)
    assert large < 2 * small + 2_000_000


def test_expected_json_has_one_entry_per_file(corpus):
    out, summary, facts, *_ = corpus
    data = json.loads((out / "expected.json").read_text(encoding="utf-8"))
    assert data["seed"] == SEED and len(data["documents"]) == DOCS == summary.documents
    written = sorted(p.relative_to(out).as_posix() for p in (out / "documents").rglob("*.txt"))
    assert sorted(f.file for f in facts) == written


# --------------------------------------------------------------------------------------------------
# Read back by the real loaders, exactly.

def test_every_file_is_read(corpus):
    _out, _summary, facts, records, failures, _kg = corpus
    assert failures == []
    assert len(records) == len(facts) == DOCS


def test_loaders_read_every_document_exactly_as_written(corpus):
    out, _summary, facts, records, _failures, _kg = corpus
    by_file = {Path(r.path).resolve(): r for r in records}
    differences = []
    for f in facts:
        record = by_file[(out / f.file).resolve()]
        differences += synth.compare(f, synth.read_back(record, f.file))
    assert differences == [], "\n".join(differences[:30])


def test_graph_matches_the_facts_exactly(corpus):
    out, _summary, facts, _records, _failures, kg = corpus
    differences = synth.compare_graph(kg.graph, facts, out)
    assert differences == [], "\n".join(differences[:30])


def test_chains_reach_a_resolution_in_the_graph(corpus):
    out, _summary, facts, _records, _failures, kg = corpus
    graph = kg.graph
    tops = Counter()
    for f in facts:
        if len(f.chain) >= 2:
            top = f.chain[-1]
            node = next(n for n, d in graph.nodes(data=True) if d.get("kind") == "Document" and
                        f"{d.get('symbol') or d.get('title')}|{d.get('province') or ''}|{d.get('year') or ''}" == top)
            tops[graph.nodes[node]["doc_type"]] += 1
    # plans of departments implement plans of the committee, which implement resolutions or programmes
    assert tops["NQ"] >= 3
    assert sum(tops.values()) >= 10


def test_larger_corpus_reads_back_exactly():
    """400 more documents, read from memory: every variant of the generator meets the loaders."""
    differences = []
    for doc in synth.generate(400, SEED + 2):
        cleaned = clean(doc.text)
        record = parse_text(cleaned.text, path=doc.path)
        differences += synth.compare(doc.facts, synth.read_back(record, doc.path))
    assert differences == [], "\n".join(differences[:30])


# --------------------------------------------------------------------------------------------------
# The comparisons fail on a wrong fact.

def test_a_wrong_fact_is_caught(corpus):
    out, _summary, facts, records, _failures, kg = corpus
    f = next(f for f in facts if any(t.leads and t.origin == "table" for t in f.tasks) and f.relations)
    record = next(r for r in records if Path(r.path).resolve() == (out / f.file).resolve())
    found = synth.read_back(record, f.file)
    assert synth.compare(f, found) == []

    task = next(t for t in f.tasks if t.leads and t.origin == "table")
    wrong_lead = f.model_copy(deep=True)
    next(t for t in wrong_lead.tasks if t.label == task.label).leads[0].name = "Sở Ngoại vụ"
    assert any(f"task {task.label} leads" in d for d in synth.compare(wrong_lead, found))

    wrong_relation = f.model_copy(deep=True)
    wrong_relation.relations[0].type = "cites" if f.relations[0].type != "cites" else "based_on"
    assert any("relation" in d for d in synth.compare(wrong_relation, found))

    wrong_deadline = f.model_copy(deep=True)
    dated = next((t for t in wrong_deadline.tasks if t.deadline is not None), None)
    if dated is not None:
        dated.deadline.recurrence = "P3Y"
        assert any(f"task {dated.label}" in d for d in synth.compare(wrong_deadline, found))

    # and in the graph: a chain through a document it does not implement, an edge no document states
    broken = [x.model_copy(deep=True) for x in facts]
    victim = next(x for x in broken if x.chain)
    stranger = next(synth.doc_key(x.document) for x in facts
                    if x.document.number and synth.doc_key(x.document) not in victim.chain and x.file != victim.file)
    victim.chain = [stranger]
    assert any("chain broken" in d for d in synth.compare_graph(kg.graph, broken, out))
    victim.chain = []
    victim.relations.append(synth.RelationFact(type="implements", subject=None, object=stranger))
    assert any(d.startswith("graph: no implements edge") for d in synth.compare_graph(kg.graph, broken, out))
    assert synth.compare_graph(kg.graph, facts, out) == []


# --------------------------------------------------------------------------------------------------
# What the corpus holds.

def test_provinces_are_the_34(sample):
    provinces = {d.facts.document.province for d in sample}
    assert provinces <= set(synth.PROVINCES_34)
    assert len(provinces) >= 30


def test_documents_are_realistic_in_size(sample):
    sizes = sorted(len(d.text.encode("utf-8")) for d in sample)
    assert sizes[0] > 1_000 and sizes[-1] < 40_000
    assert statistics.median(sizes) > 6_000


def test_load_is_skewed_towards_a_few_agencies(sample):
    """In each province a few departments lead most tasks (Zipf-like, not uniform)."""
    leads = Counter()
    for d in sample:
        for t in d.facts.tasks:
            for a in t.leads:
                if not a.group:
                    leads[(a.province, a.parent, a.name)] += 1
    counts = sorted(leads.values(), reverse=True)
    top = counts[: max(1, len(counts) // 10)]
    assert sum(top) >= 0.35 * sum(counts)  # the top tenth of agencies leads over a third of the tasks
    assert counts[0] >= 10 * statistics.median(counts)


def test_corpus_holds_every_form(sample):
    texts = "\n".join(d.text for d in sample)
    facts = [d.facts for d in sample]
    relations = Counter(r.type for f in facts for r in f.relations)
    assert relations["implements"] and relations["based_on"] and relations["cites"]
    assert any(r.subject is not None for f in facts for r in f.relations)  # "Kế hoạch 209 … thực hiện Nghị quyết 11"
    types = Counter(f.document.doc_type for f in facts)
    assert {"KH", "NQ", "QĐ", "CTr"} <= set(types)
    for spelling in (" -NQ/TU", "-NQ/TU", "/NQ-HĐND", "/QĐ-UBND", "/KH-UBND", "/QĐ-TTg", "-NQ/TW", "/UBND-",
                     "của UBND tỉnh", "của Ủy ban nhân dân tỉnh", "của Ban Thường vụ Tỉnh ủy", " tháng ", "Căn cứ ",
                     "Thực hiện ", " ban hành Chương trình hành động thực hiện ", "Triển khai “", "Số: /KH-",
                     "Luật Tổ chức chính quyền địa phương ngày ", "chủ trì, phối hợp với", "Giao ", "có trách nhiệm:",
                     "UBND các huyện, thị xã, thành phố", "thuộc Sở", "hoá", "**",
                     "Nghị quyết Đại hội đại biểu Đảng bộ", "Văn bản số ", "Chương trình hành động số ",
                     "CHƯƠNG TRÌNH HÀNH ĐỘNG\n", "Ủy ban nhân dân thành phố", "Thành ủy"):
        assert spelling in texts, spelling
    # page breaks: the header of a table repeated; a row cut by the break and going on after it
    assert any(d.text.count("\tNội dung nhiệm vụ\t") >= 2 for d in sample)
    assert any("\n\n\t" in d.text or "\t\t\t– " in d.text for d in sample)
    origins = Counter(t.origin for f in facts for t in f.tasks)
    assert origins["table"] and origins["list"]
    assert any("+" in t.label for f in facts for t in f.tasks)  # unnumbered rows under merged cells
    assert any(t.label.startswith("PL") for f in facts for t in f.tasks)  # two appendix tables
    deadlines = [t.deadline for f in facts for t in f.tasks if t.deadline]
    assert any(d.recurrence == "P1Y" and d.anchor for d in deadlines)
    assert any(d.start is None and d.end for d in deadlines) and any(d.start and d.end for d in deadlines)
    assert any(a.group for f in facts for t in f.tasks for a in t.coordinators)
    assert any(a.parent for f in facts for t in f.tasks for a in t.leads)  # units of a department


# --------------------------------------------------------------------------------------------------
# Spellings the loaders are known to misread (see kg.synth: _reads_in_prose, _SUBJECT_VERBS,
# _MISREAD_EVERYWHERE, _Writer.closing). When the loaders learn them, this test passes and the
# marker should go.

@pytest.mark.xfail(strict=True, reason="known loader misreads of realistic spellings (reported)")
def test_loaders_read_even_the_known_misreads():
    differences = []
    for doc in synth.generate(60, SEED):
        cleaned = clean(doc.text)
        record = parse_text(cleaned.text, path=doc.path)
        differences += synth.compare(doc.facts, synth.read_back(record, doc.path))
    assert differences == []
    misread = []
    for doc in synth.generate(60, SEED, misreads=True):
        cleaned = clean(doc.text)
        record = parse_text(cleaned.text, path=doc.path)
        misread += synth.compare(doc.facts, synth.read_back(record, doc.path))
    assert misread == [], "\n".join(misread[:10])


# --------------------------------------------------------------------------------------------------
# Command line.

def test_cli_synth_writes_the_corpus_and_prints_a_summary(tmp_path, capsys):
    assert main(["synth", "--docs", "6", "--seed", "4", "--out", str(tmp_path), "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == 6 and summary["seed"] == 4 and summary["tasks"] > 0
    assert len(list((tmp_path / "documents").rglob("*.txt"))) == 6
    assert main(["synth", "--docs", "6", "--seed", "4", "--out", str(tmp_path / "t")]) == 0
    text = capsys.readouterr().out
    assert text.startswith("documents  6 ") and "expected.json" in text
