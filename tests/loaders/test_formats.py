"""Documents as users receive them: Word, PDF (with and without a text layer), legacy office files,
Markdown, and files in a folder that are not documents at all.

One plan is written here as a Word file the way provincial offices lay it out: the issuer and the
national motto side by side in a borderless table, then the type, title and basis, then an appendix
table with a group row spanning the columns, a lead agency merged down three rows, and enough long
rows to run over several pages. What a person reading it finds is written below as constants; the
PDF LibreOffice makes of it, and its .odt and .doc copies, must give the same.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from loaders import find_documents, read_document, read_documents

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                   "apt-get install libreoffice-writer-nogui")

KHCN = "Sở Khoa học và Công nghệ"
TASKS = [  # (TT, content, lead, co-ordinators, time) as the appendix table shows them
    ("1", "Rà soát, sửa đổi cơ chế hỗ trợ doanh nghiệp đổi mới công nghệ", KHCN, ["Sở Tài chính"], "Năm 2025"),
    ("2", "Xây dựng cơ sở dữ liệu chuyên gia khoa học và công nghệ của tỉnh", None, ["Sở Nội vụ"], "Quý IV/2025"),
    ("3", "Hỗ trợ doanh nghiệp đăng ký bảo hộ quyền sở hữu trí tuệ cho sản phẩm chủ lực", None,
     ["Sở Công Thương", "Sở Nông nghiệp và Môi trường"], "2025 - 2026"),
    ("4", "Đào tạo, bồi dưỡng nhân lực chuyển đổi số cho cán bộ, công chức cấp xã", "Sở Nội vụ",
     ["Sở Khoa học và Công nghệ"], "Hằng năm"),
    ("5", "Bố trí kinh phí thực hiện các nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo", "Sở Tài chính",
     [], "Năm 2025"),
]
MERGED_LEAD_ROWS = {"1", "2", "3"}  # the lead cell is merged down these rows: all are led by KHCN
LONG = ("; đồng thời tổ chức khảo sát, đánh giá nhu cầu, lấy ý kiến các cơ quan, đơn vị, địa phương và doanh "
        "nghiệp, tổng hợp, báo cáo kết quả thực hiện định kỳ theo quy định") * 3
EXTRA_ROWS = 18  # rows 6..23: Sở Thông tin và Truyền thông leads, Sở Y tế co-ordinates, in 2026


def expected_tasks() -> dict[str, tuple[str, list[str], str]]:
    """code -> (lead, co-ordinators, time) as a person reads the table."""
    out = {}
    for code, _, lead, coords, time in TASKS:
        out[code] = (lead or KHCN, coords, time)
    for n in range(6, 6 + EXTRA_ROWS):
        out[str(n)] = ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Y tế"], "Năm 2026")
    return out


def _shade_none(table) -> None:
    """A borderless layout table, as the header of a real document is."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def write_plan_docx(path: Path) -> Path:
    doc = Document()
    header = doc.add_table(rows=2, cols=2)
    _shade_none(header)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 45/KH-UBND"
    header.cell(1, 1).text = "Bắc Ninh, ngày 12 tháng 3 năm 2025"
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Triển khai phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Bắc Ninh năm 2025")
    doc.add_paragraph(
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực "
        "hiện như sau:")
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    doc.add_paragraph("Cụ thể hóa các nhiệm vụ của Nghị quyết, phân công rõ cơ quan chủ trì, phối hợp và thời hạn hoàn thành.")
    doc.add_paragraph("II. NHIỆM VỤ CỤ THỂ")
    doc.add_paragraph("Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.")
    sign = doc.add_table(rows=1, cols=2)
    _shade_none(sign)
    sign.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    sign.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An"
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC NHIỆM VỤ")
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                                 "Thời gian hoàn thành"]):
        cell.text = title
    _repeat_header(table.rows[0])
    group = table.add_row().cells
    group[0].text = "I"
    merged = group[1].merge(group[4])
    merged.text = "NHIỆM VỤ CHUNG"
    first_lead_row = None
    for code, content, lead, coords, time in TASKS:
        cells = table.add_row().cells
        cells[0].text = code
        cells[1].text = content
        cells[2].text = lead or (KHCN if code == "1" else "")
        cells[3].text = ", ".join(coords)
        cells[4].text = time
        if code == "1":
            first_lead_row = len(table.rows) - 1
    top = table.cell(first_lead_row, 2)
    top.merge(table.cell(first_lead_row + 2, 2)).text = KHCN
    for n in range(6, 6 + EXTRA_ROWS):
        cells = table.add_row().cells
        cells[0].text = str(n)
        cells[1].text = f"Nhiệm vụ tuyên truyền số {n} về khoa học và công nghệ trên báo chí, truyền thông" + LONG
        cells[2].text = "Sở Văn hóa, Thể thao và Du lịch"
        cells[3].text = "Sở Y tế"
        cells[4].text = "Năm 2026"
    doc.save(path)
    return path


def convert(source: Path, fmt: str, outdir: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "HOME": str(outdir)})
    return outdir / f"{source.stem}.{fmt.split(':')[0]}"


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("formats")
    files = {"docx": write_plan_docx(root / "bac-ninh-45-kh-ubnd.docx")}
    if SOFFICE:
        files["pdf"] = convert(files["docx"], "pdf", root / "pdf")
        files["odt"] = convert(files["docx"], "odt", root / "odt")
        files["doc"] = convert(files["odt"], "doc", root / "doc")
    return files


def facts(path: Path) -> dict[str, tuple[str, list[str], str]]:
    record = read_document(path)
    names = {a.key: a.name for a in record.agencies}
    out = {}
    for task in record.tasks:
        leads = [names[k] for k in task.leads]
        out[task.code] = (", ".join(leads), [names[k] for k in task.coordinators],
                          task.deadline.text if task.deadline else "")
    return out


def check_plan(path: Path) -> None:
    record = read_document(path)
    ref = record.header.ref
    assert (ref.doc_type, ref.symbol, ref.date) == ("KH", "45/KH-UBND", dt.date(2025, 3, 12))
    assert ref.issuer == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert ref.title.startswith("Triển khai phát triển khoa học, công nghệ")
    implemented = [record.citations[r.object].ref.symbol for r in record.relations if r.type == "implements"]
    assert implemented == ["57-NQ/TW"]
    assert facts(path) == expected_tasks()


def test_word_plan_reads_header_table_merged_cells_and_all_rows(plan_files):
    check_plan(plan_files["docx"])


def test_word_merged_lead_is_marked_inherited_and_rows_are_located(plan_files):
    record = read_document(plan_files["docx"])
    assert record.format == "docx"
    by_code = {t.code: t for t in record.tasks}
    for code in ("2", "3"):  # the rows under the merged lead cell
        lead = next(a for a in by_code[code].assignments if a.role == "lead")
        assert lead.inherited, code
    # the group row "I | NHIỆM VỤ CHUNG" is the heading of the tasks, not a task
    assert by_code["1"].heading == "NHIỆM VỤ CHUNG"
    # row 1 is the header, row 2 the group row: task 1 is the table's third row
    assert by_code["1"].location == "table 1, row 3"
    assert by_code["23"].location == "table 1, row 25"


def test_word_signature_block_is_read_as_lines(plan_files):
    record = read_document(plan_files["docx"])
    assert record.header.signer == "Nguyễn Văn An"


@needs_soffice
def test_pdf_made_by_libreoffice_gives_the_same_plan(plan_files):
    check_plan(plan_files["pdf"])


@needs_soffice
def test_pdf_table_runs_over_pages_and_tasks_say_their_page(plan_files):
    record = read_document(plan_files["pdf"])
    assert record.format == "pdf"
    pages = {t.location.split(",")[0] for t in record.tasks}
    assert len(pages) >= 3, pages  # the table crosses at least two page breaks
    by_code = {t.code: t for t in record.tasks}
    assert by_code["1"].location == "page 1, table 1, row 3"  # a row is located where it starts
    last = max(record.tasks, key=lambda t: int(t.code))
    assert last.location.startswith("page ") and last.location.endswith("row 25")
    # each long row is whole: a row cut by a page break is joined back, not a task of its own
    assert all(t.text.endswith("theo quy định") for t in record.tasks if int(t.code) >= 6)


@needs_soffice
@pytest.mark.parametrize("fmt", ["odt", "doc"])
def test_legacy_office_files_read_through_libreoffice(plan_files, fmt):
    check_plan(plan_files[fmt])
    assert read_document(plan_files[fmt]).format == fmt


def test_legacy_file_without_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without soffice
    records, failures = read_documents([path])
    assert not records
    assert "LibreOffice" in failures[0].reason and "save the file as .docx" in failures[0].reason


# --- scans ----------------------------------------------------------------------------------------

def write_scan(path: Path) -> Path:
    """A page image with no text layer, as a scanner writes it."""
    import matplotlib
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSerif.ttf"), 34)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    lines = ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 112/KH-UBND", "", "Lào Cai, ngày 20 tháng 5 năm 2025", "",
             "KẾ HOẠCH", "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
             "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo."]
    for i, line in enumerate(lines):
        draw.text((200, 200 + 60 * i), line, font=font, fill=0)
    image.save(path, resolution=300)
    return path


def _has_ocr() -> bool:
    if not shutil.which("tesseract") or not shutil.which("pdftoppm"):
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    return "vie" in out.split()


@pytest.mark.skipif(not _has_ocr(), reason="Tesseract with Vietnamese data is not installed: apt-get install "
                    "tesseract-ocr-vie poppler-utils")
def test_scanned_pdf_is_read_by_ocr_with_a_warning(tmp_path):
    record = read_document(write_scan(tmp_path / "scan.pdf"))
    ref = record.header.ref
    assert (ref.symbol, ref.date, ref.province) == ("112/KH-UBND", dt.date(2025, 5, 20), "Lào Cai")
    assert [record.citations[r.object].ref.symbol for r in record.relations if r.type == "implements"] == ["57-NQ/TW"]
    assert any("OCR" in p.message for p in record.problems if p.severity == "warning")


def test_scanned_pdf_without_ocr_says_it_needs_ocr(tmp_path, monkeypatch):
    scan = write_scan(tmp_path / "scan.pdf")
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without tesseract
    records, failures = read_documents([scan])
    assert not records
    assert "scanned PDF" in failures[0].reason and "OCR" in failures[0].reason


# --- Markdown ---------------------------------------------------------------------------------------

MARKDOWN = """\
**ỦY BAN NHÂN DÂN TỈNH GIA LAI**

Số: 210/KH-UBND

Gia Lai, ngày 02 tháng 4 năm 2025

# KẾ HOẠCH

## Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

**PHỤ LỤC**

| TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
|---|---|---|---|---|
| **I** | **Phát triển hạ tầng khoa học và công nghệ** | | | |
| 1 | Đầu tư trung tâm dữ liệu của tỉnh | Sở Khoa học và Công nghệ | Sở Tài chính | Năm 2025 |
| 2 | Nâng cấp phòng thí nghiệm<br>kiểm định chất lượng | Sở Khoa học và Công nghệ | Sở Công Thương, Sở Xây dựng | Quý III/2025 |

| 3 | Hỗ trợ doanh nghiệp khởi nghiệp sáng tạo | Sở Tài chính | Tỉnh đoàn | 2025 - 2027 |
| 4 | Tuyên truyền về đổi mới sáng tạo \\| chuyển đổi số | Sở Văn hóa, Thể thao và Du lịch |  | Hằng năm |
"""


def test_markdown_pipe_tables_give_tasks_across_a_page_break(tmp_path):
    path = tmp_path / "gia-lai.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    record = read_document(path)
    names = {a.key: a.name for a in record.agencies}
    got = {t.code: ([names[k] for k in t.leads], [names[k] for k in t.coordinators], t.deadline.text)
           for t in record.tasks}
    assert got == {
        "1": (["Sở Khoa học và Công nghệ"], ["Sở Tài chính"], "Năm 2025"),
        "2": (["Sở Khoa học và Công nghệ"], ["Sở Công Thương", "Sở Xây dựng"], "Quý III/2025"),
        "3": (["Sở Tài chính"], ["Tỉnh đoàn"], "2025 - 2027"),
        "4": (["Sở Văn hóa, Thể thao và Du lịch"], [], "Hằng năm"),
    }
    by_code = {t.code: t for t in record.tasks}
    assert by_code["2"].text == "Nâng cấp phòng thí nghiệm kiểm định chất lượng"
    assert by_code["4"].text == "Tuyên truyền về đổi mới sáng tạo | chuyển đổi số"
    assert by_code["1"].heading == "Phát triển hạ tầng khoa học và công nghệ"
    assert (by_code["1"].location, by_code["3"].location) == ("table 1, row 3", "table 2, row 1")
    assert record.header.ref.symbol == "210/KH-UBND" and record.format == "md"


# --- bad files never lose the batch -----------------------------------------------------------------

@pytest.fixture
def bad_batch(tmp_path, plan_files) -> dict[str, Path]:
    good = tmp_path / "good.docx"
    good.write_bytes(plan_files["docx"].read_bytes())
    files = {"good": good}
    files["truncated"] = tmp_path / "truncated.docx"
    files["truncated"].write_bytes(plan_files["docx"].read_bytes()[:3000])
    files["html_named_docx"] = tmp_path / "page.docx"
    files["html_named_docx"].write_text("<html><body><h1>404</h1><p>Không tìm thấy trang</p></body></html>",
                                        encoding="utf-8")
    files["not_pdf"] = tmp_path / "random.pdf"
    files["not_pdf"].write_bytes(bytes(range(256)) * 4)
    files["truncated_pdf"] = tmp_path / "cut.pdf"
    files["truncated_pdf"].write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    files["empty"] = tmp_path / "empty.docx"
    files["empty"].write_bytes(b"")
    if SOFFICE:
        files["encrypted"] = convert(
            plan_files["docx"],
            'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
            '"DocumentOpenPassword":{"type":"string","value":"secret"}}', tmp_path / "enc")
    return files


def test_bad_files_are_named_with_their_reason_and_the_batch_goes_on(bad_batch):
    records, failures = read_documents(list(bad_batch.values()))
    assert [Path(r.path).name for r in records] == ["good.docx"]
    reasons = {Path(f.path).name: f.reason for f in failures}
    assert "damaged or truncated .docx" in reasons["truncated.docx"]
    assert "web page" in reasons["page.docx"]
    assert "not a PDF" in reasons["random.pdf"]
    assert "PDF" in reasons["cut.pdf"] and ("damaged" in reasons["cut.pdf"] or "truncated" in reasons["cut.pdf"])
    assert reasons["empty.docx"] == "the file is empty (0 bytes)"
    if "encrypted" in bad_batch:
        assert "password-protected PDF" in reasons[bad_batch["encrypted"].name]
    assert len(failures) == len(bad_batch) - 1


def test_word_file_that_is_a_web_page_is_read_as_one_with_a_warning(tmp_path):
    path = tmp_path / "ke-hoach.doc"  # portals serve HTML under a Word name
    path.write_text(
        "<html><body><p>Số: 07/KH-UBND</p><p>Hà Giang, ngày 9 tháng 1 năm 2025</p><p>KẾ HOẠCH</p>"
        "<p>Triển khai chuyển đổi số năm 2025</p><p>Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 "
        "của Bộ Chính trị, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:</p></body></html>", encoding="utf-8")
    try:
        record = read_document(path)
    except Exception as exc:  # the HTML reader may not be there yet: then it must say why
        pytest.fail(f"a web page named .doc was not read: {exc}")
    assert record.header.ref.symbol == "07/KH-UBND"
    assert any("named .doc but is a web page" in p.message for p in record.problems)


# --- only documents are read from a folder ------------------------------------------------------------

def test_a_folder_yields_documents_and_lists_everything_else(tmp_path, plan_files):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "bac-ninh.docx").write_bytes(plan_files["docx"].read_bytes())
    (tmp_path / "plans" / "gia-lai.md").write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / "kg-out"
    out.mkdir()
    for name in ("graph.json", "graph.ttl", "findings.json", "graph.html"):
        (out / name).write_text("{}", encoding="utf-8")
    (tmp_path / "expected.json").write_text('{"documents": []}', encoding="utf-8")
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "targets.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / "~$bac-ninh.docx").write_bytes(b"lock")
    documents, skipped = find_documents([tmp_path])
    assert sorted(p.name for p in documents) == ["bac-ninh.docx", "gia-lai.md"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert set(reasons) == {"kg-out", "expected.json", "scan.png", "targets.csv", "README.md", "~$bac-ninh.docx"}
    assert "kg build wrote" in reasons["kg-out"]
    assert "image" in reasons["scan.png"] and "not a document" in reasons["targets.csv"]


def test_kg_build_lists_what_it_skipped(tmp_path, plan_files, capsys):
    from kg.cli import main

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.docx").write_bytes(plan_files["docx"].read_bytes())
    (tmp_path / "docs" / "expected.json").write_text("{}", encoding="utf-8")
    assert main(["build", str(tmp_path / "docs"), "--out", str(tmp_path / "out"), "--no-view"]) == 0
    printed = capsys.readouterr().out
    assert "skipped, not documents: 1" in printed and "expected.json" in printed
    assert "documents  " in printed and "23 loaded" not in printed
    # building again over a folder that now holds kg's own output skips that output
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out"), "--no-view", "--format", "json"]) == 0
    import json

    summary = json.loads(capsys.readouterr().out)
    assert summary["documents_loaded"] == 1
    assert str(tmp_path / "out") in summary["skipped"]
    assert summary["formats"] == {"docx": 1}


# --- legacy Vietnamese fonts ----------------------------------------------------------------------------

def _tcvn3(text: str) -> str:
    """What a Word file stores for `text` typed in a TCVN3 font: its TCVN3 bytes as Western characters
    (encoded by glibc's iconv, not by our own table)."""
    raw = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(), capture_output=True,
                         check=True).stdout
    return raw.decode("latin-1")


def _set_font(run, name: str) -> None:
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), name)
    fonts.set(qn("w:hAnsi"), name)


@pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc's iconv makes the TCVN3 text")
def test_word_text_in_a_tcvn3_font_is_read_as_unicode(tmp_path):
    doc = Document()
    for line in ("Số: 15/KH-UBND", "Điện Biên, ngày 3 tháng 2 năm 2025", "KẾ HOẠCH",
                 "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, UBND tỉnh ban hành Kế "
                 "hoạch như sau:"):
        run = doc.add_paragraph().add_run(_tcvn3(line.lower() if line == "KẾ HOẠCH" else line))
        _set_font(run, ".VnTimeH" if line == "KẾ HOẠCH" else ".VnTime")  # the capitals face for the type
    table = doc.add_table(rows=2, cols=4)
    for row, cells in enumerate([("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"),
                                 ("1", "Xây dựng đề án phát triển nguồn nhân lực số", "Sở Nội vụ", "Năm 2025")]):
        for cell, text in zip(table.rows[row].cells, cells):
            _set_font(cell.paragraphs[0].add_run(_tcvn3(text)), ".VnTime")
    path = tmp_path / "dien-bien.docx"
    doc.save(path)
    record = read_document(path)
    ref = record.header.ref
    assert (ref.symbol, ref.doc_type, ref.province, ref.date) == ("15/KH-UBND", "KH", "Điện Biên", dt.date(2025, 2, 3))
    [task] = record.tasks
    assert task.text == "Xây dựng đề án phát triển nguồn nhân lực số"
    assert [a.name for a in record.agencies if a.key in task.leads] == ["Sở Nội vụ"]


def test_word_list_numbering_is_written_before_its_items(tmp_path):
    """Word draws "1.", "a)" and bullets itself: the duties of a prose plan are still read per agency."""
    doc = Document()
    for line in ("Số: 88/KH-UBND", "Cà Mau, ngày 10 tháng 7 năm 2025", "KẾ HOẠCH", "Chuyển đổi số năm 2025",
                 "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ủy ban nhân dân tỉnh ban "
                 "hành Kế hoạch như sau:", "III. TỔ CHỨC THỰC HIỆN"):
        doc.add_paragraph(line)
    duties = [("Sở Khoa học và Công nghệ", "Chủ trì tổng hợp, theo dõi việc thực hiện Kế hoạch; báo cáo trước "
               "ngày 15/12/2025."),
              ("Sở Tài chính", "Bố trí kinh phí thực hiện Kế hoạch theo quy định.")]
    for agency, duty in duties:
        doc.add_paragraph(f"{agency}: {duty}", style="List Number")
    path = tmp_path / "ca-mau.docx"
    doc.save(path)
    record = read_document(path)
    assert "\n1. Sở Khoa học và Công nghệ: Chủ trì" in record.text
    assert "\n2. Sở Tài chính: Bố trí" in record.text
    names = {a.key: a.name for a in record.agencies}
    leads = sorted(names[k] for t in record.tasks for k in t.leads)
    assert leads == ["Sở Khoa học và Công nghệ", "Sở Tài chính"]


def test_word_web_page_saved_as_unicode_is_read_as_html(tmp_path):
    """Word's "Save as Web Page" in Unicode writes UTF-16 with a byte-order mark, often named .doc."""
    page = ("<html><body><p>Số: 19/QĐ-UBND</p><p>Sơn La, ngày 4 tháng 3 năm 2025</p><p>QUYẾT ĐỊNH</p>"
            "<p>Ban hành Kế hoạch chuyển đổi số năm 2025</p><p>Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 "
            "của Bộ Chính trị;</p></body></html>")
    path = tmp_path / "quyet-dinh.doc"
    path.write_bytes(page.encode("utf-16"))
    record = read_document(path)
    assert record.format == "html"
    assert (record.header.ref.symbol, record.header.ref.doc_type) == ("19/QĐ-UBND", "QĐ")
    assert "<p>" not in record.text
