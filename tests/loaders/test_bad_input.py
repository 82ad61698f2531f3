"""Bad input never loses the batch: each bad file is named with a reason; the others still load."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import read_document, read_documents
from loaders.clean import UnreadableFile
from tests.conftest import DOCUMENTS

GOOD = DOCUMENTS / "quang-tri_2023_43-kh-skhcn_thuc-hien-ctr-59.txt"


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "blank": tmp_path / "blank.txt",
        "binary": tmp_path / "image.txt",
        "pdf": tmp_path / "plan.pdf",
        "prose": tmp_path / "recipe.txt",
        "latin1": tmp_path / "legacy.txt",
    }
    files["empty"].write_bytes(b"")
    files["blank"].write_text("   \n\n  \n", encoding="utf-8")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["pdf"].write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    files["prose"].write_text("Cho bột vào bát, thêm nước và khuấy đều trong năm phút.\n", encoding="utf-8")
    # Latin-1 bytes that are neither UTF-8 nor Vietnamese in any legacy encoding
    files["latin1"].write_bytes("Ærøskøbing façade naïve über straße".encode("latin-1") * 20)
    return files


def test_empty_file_is_unreadable_with_a_reason(bad_files):
    with pytest.raises(UnreadableFile, match=r"empty \(0 bytes\)"):
        read_document(bad_files["empty"])
    with pytest.raises(UnreadableFile, match="holds only blanks, tabs or line breaks"):
        read_document(bad_files["blank"])


def test_pdf_is_named_as_pdf(bad_files):
    with pytest.raises(UnreadableFile, match="PDF"):
        read_document(bad_files["pdf"])


def test_a_folder_or_missing_file_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="folder"):
        read_document(tmp_path)
    with pytest.raises(UnreadableFile, match="cannot be opened"):
        read_document(tmp_path / "missing.txt")


def test_batch_goes_on_past_bad_files(bad_files):
    records, failures = read_documents([GOOD, *bad_files.values()])
    assert [Path(r.path).name for r in records] == [GOOD.name]
    failed = {Path(f.path).name: f.reason for f in failures}
    assert set(failed) == {p.name for p in bad_files.values()}
    assert all(reason and reason[0].isalpha() for reason in failed.values())
    assert "policy document" in failed["recipe.txt"]


def test_truncated_table_is_a_warning(tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    cut = text[: text.index("Stt\tNội dung thực hiện") + len("Stt\tNội dung thực hiện\tĐơn vị thực hiện\tThời gian thực hiện")]
    path = tmp_path / "cut.txt"
    path.write_text(cut, encoding="utf-8")
    record = read_document(path)
    assert record.header.ref.symbol == "43/KH-SKHCN"
    assert any(p.code == "empty-table" and "truncated" in p.message for p in record.problems)


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes tone marks as combining characters after a precomposed base letter."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_legacy_encoded_copy_reads_like_the_original(tmp_path):
    original = read_document(GOOD)
    path = tmp_path / "cp1258.txt"
    path.write_bytes(_cp1258(GOOD.read_text(encoding="utf-8")))
    record = read_document(path)
    assert record.encoding == "cp1258"
    assert record.header.ref.symbol == "43/KH-SKHCN"
    assert [t.label for t in record.tasks] == [t.label for t in original.tasks]


def test_nfd_text_reads_like_nfc(tmp_path):
    import unicodedata

    original = read_document(GOOD)
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", GOOD.read_text(encoding="utf-8")), encoding="utf-8")
    record = read_document(path)
    assert [(t.label, t.assignments) for t in record.tasks] == [(t.label, t.assignments) for t in original.tasks]
