"""`kg synth --format`: the same corpus in every format users receive, read back to the same facts.

Markdown, Word (plain and with merged cells) and web pages must give exactly the facts written
(zero differences in header, citations, relations and tasks). PDF is read from positions on pages
and loses rows where LibreOffice's pages cut the tables (see tests/loaders/test_converted_seeds.py for
the reader bugs): 10 documents of this seed give 93% of tasks identical (and 97.8% on 60 documents of
seed 7); every document must still be read, its header and citations intact.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg import synth
from kg.cli import main
from loaders import read_documents

SEED = 20241205
HAS_SOFFICE = bool(shutil.which("soffice") or shutil.which("libreoffice"))


def read_back(out: Path) -> tuple[list[str], int, int, int]:
    """(differences, documents not read, tasks read identically, tasks written)."""
    facts = synth.load_expected(out / "expected.json")
    records, failures = read_documents([out / "documents"])
    by_file = {Path(r.path).resolve(): r for r in records}
    differences: list[str] = []
    same = total = 0
    for f in facts:
        record = by_file.get((out / f.file).resolve())
        if record is None:
            differences.append(f"{f.file}: not read")
            continue
        found = synth.read_back(record, f.file)
        differences += synth.compare(f, found)
        got = {t.label: t for t in found.tasks}
        total += len(f.tasks)
        same += sum(1 for t in f.tasks if got.get(t.label) == t)
    return differences, len(failures), same, total


@pytest.mark.parametrize("fmt,merge", [("md", False), ("html", False), ("docx", False), ("docx", True)],
                         ids=["md", "html", "docx", "docx-merged"])
def test_structured_formats_read_back_exactly(tmp_path, fmt, merge):
    summary = synth.write_corpus(tmp_path, 10, SEED, doc_format=fmt, merge=merge)
    files = sorted(p.suffix for p in (tmp_path / "documents").rglob("*") if p.is_file())
    assert files == [f".{fmt}"] * 10 and summary.format == fmt
    differences, failures, same, total = read_back(tmp_path)
    assert failures == 0
    assert differences == [], "\n".join(differences[:20])
    assert same == total == summary.tasks


def test_merged_word_files_have_real_merged_cells(tmp_path):
    import zipfile

    synth.write_corpus(tmp_path, 10, SEED, doc_format="docx", merge=True)
    vmerge = gridspan = 0
    for path in (tmp_path / "documents").rglob("*.docx"):
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode()
        vmerge += xml.count("<w:vMerge")
        gridspan += xml.count("<w:gridSpan")
    assert vmerge >= 10 and gridspan >= 10, (vmerge, gridspan)


def test_word_header_is_the_two_column_layout(tmp_path):
    """The issuer and number on the left, the national motto (or the Party's) and place-and-date on
    the right, in a borderless table, as the header of a Vietnamese document is set."""
    from docx import Document

    synth.write_corpus(tmp_path, 10, SEED, doc_format="docx")
    texts = {doc.path: doc.text for doc in synth.generate(10, SEED)}
    mottos = 0
    for f in synth.load_expected(tmp_path / "expected.json"):
        doc = Document(str(tmp_path / f.file))
        left, right = (c.text for c in doc.tables[0].rows[0].cells)
        assert doc.tables[0].style.name != "Table Grid"
        assert "Số" in left and "ngày" in right, f.file
        assert f.document.symbol.split("/")[-1] in left, f.file
        text = texts[Path(f.file).with_suffix(".txt").as_posix()]
        for motto in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM"):
            if motto in text:
                assert motto in right and motto not in left, f.file
                mottos += 1
    assert mottos >= 2


def test_facts_are_the_same_in_every_format(tmp_path):
    txt = synth.write_corpus(tmp_path / "txt", 10, SEED)
    docx = synth.write_corpus(tmp_path / "docx", 10, SEED, doc_format="docx")
    a = synth.load_expected(tmp_path / "txt" / "expected.json")
    b = synth.load_expected(tmp_path / "docx" / "expected.json")
    assert [f.model_copy(update={"file": Path(f.file).with_suffix("").as_posix()}) for f in a] == \
        [f.model_copy(update={"file": Path(f.file).with_suffix("").as_posix()}) for f in b]
    assert (txt.tasks, txt.citations) == (docx.tasks, docx.citations)


def test_txt_is_the_default_and_unchanged(tmp_path):
    """--format txt writes what `kg synth` always wrote for the seed (the text, byte for byte)."""
    assert main(["synth", "--docs", "4", "--seed", "3", "--out", str(tmp_path / "a")]) == 0
    assert main(["synth", "--docs", "4", "--seed", "3", "--out", str(tmp_path / "b"), "--format", "txt"]) == 0
    a = sorted((p.relative_to(tmp_path / "a"), p.read_bytes()) for p in (tmp_path / "a").rglob("*") if p.is_file())
    b = sorted((p.relative_to(tmp_path / "b"), p.read_bytes()) for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert a == b
    docs = [doc.text for doc in synth.generate(4, 3)]
    assert sorted(p.read_text(encoding="utf-8") for p in (tmp_path / "a" / "documents").rglob("*.txt")) == sorted(docs)


@pytest.mark.skipif(not HAS_SOFFICE, reason="PDF is made by LibreOffice, and `soffice` is not installed here: "
                    "apt-get install libreoffice-writer-nogui")
def test_pdf_corpus_reads_back_nearly_exactly(tmp_path):
    summary = synth.write_corpus(tmp_path, 10, SEED, doc_format="pdf")
    assert len(list((tmp_path / "documents").rglob("*.pdf"))) == 10
    assert not list((tmp_path / "documents").rglob("*.docx"))  # the Word sources are not left behind
    differences, failures, same, total = read_back(tmp_path)
    assert failures == 0
    assert not [d for d in differences if "not read" in d or "symbol" in d or "citations" in d], differences[:20]
    assert total == summary.tasks and same / total >= 0.90, f"{same}/{total}\n" + "\n".join(differences[:20])


def test_cli_synth_format_writes_word_files(tmp_path, capsys):
    assert main(["synth", "--docs", "3", "--seed", "1", "--out", str(tmp_path), "--format", "docx"]) == 0
    assert "documents  3 docx" in capsys.readouterr().out
    assert len(list((tmp_path / "documents").rglob("*.docx"))) == 3
    assert main(["synth", "--docs", "2", "--out", str(tmp_path / "j"), "--format", "html", "--summary", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "html"
    assert main(["synth", "--docs", "2", "--out", str(tmp_path / "m"), "--format", "docx", "--merge-cells"]) == 0
    assert len(list((tmp_path / "m" / "documents").rglob("*.docx"))) == 2
