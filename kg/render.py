"""Render a document's text into the formats users receive it in: Markdown, Word, a saved web page, PDF.

The input is the loaders' text layout (one paragraph per line, a blank line between paragraphs, a
table row as one line of TAB-separated cells, a blank line where a page breaks a table). The output
is what an office would have made of the same document: the header lines (issuer, "Số: …", the
national motto, the place and date) in a borderless two-column table, each table piece a real table
whose first row repeats on every page, Markdown marks as bold. `kg synth --format` writes its
corpus through it, and the tests turn the plans of data/ into every format to check that the
readers give the same records back.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["FORMATS", "render", "render_bytes", "RenderError"]

FORMATS = ("txt", "md", "docx", "html", "pdf")


class RenderError(Exception):
    """A format cannot be written here (LibreOffice missing for PDF); one sentence."""


@dataclass
class _Table:
    pieces: list[list[list[str]]] = field(default_factory=list)  # page pieces of rows of cells


@dataclass
class _Layout:
    header_left: list[str]
    header_right: list[str]
    blocks: list[tuple[str, object]]  # ("p", lines) or ("table", _Table)


_PLACE_DATE = re.compile(r"^[^,\n]{2,40},\s*ngày\b", re.IGNORECASE)
_SO = re.compile(r"^\s*(?:\*\*)?Số\b")
_MOTTO = ("CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "Độc lập - Tự do", "ĐẢNG CỘNG SẢN VIỆT NAM")
_MARKS = re.compile(r"\*\*|^#{1,6}\s+")


def _strip_marks(text: str) -> str:
    return _MARKS.sub("", text).strip()


def _layout(text: str) -> _Layout:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    # the header: the paragraphs up to the place-and-date line, when it comes early
    left: list[str] = []
    right: list[str] = []
    first = 0
    for i, para in enumerate(paragraphs[:8]):
        if any("\t" in ln for ln in para):
            break
        if any(_PLACE_DATE.match(_strip_marks(ln)) for ln in para):
            for ln in (ln for p in paragraphs[: i + 1] for ln in p):
                plain = _strip_marks(ln)
                (right if _PLACE_DATE.match(plain) or plain.startswith(_MOTTO) else left).append(ln)
            first = i + 1
            break
    blocks: list[tuple[str, object]] = []
    for para in paragraphs[first:]:
        if all("\t" in ln for ln in para):
            rows = [ln.split("\t") for ln in para]
            if blocks and blocks[-1][0] == "table" and _continues(blocks[-1][1], rows):
                blocks[-1][1].pieces.append(rows)
            else:
                blocks.append(("table", _Table(pieces=[rows])))
        else:
            blocks.append(("p", para))
    return _Layout(left, right, blocks)


def _continues(table: _Table, rows: list[list[str]]) -> bool:
    """The rows after a blank line are the same table on the next page when they have its width."""
    width = max(len(r) for r in table.pieces[0])
    return max(len(r) for r in rows) == width


def _width(table: _Table) -> int:
    return max(len(r) for piece in table.pieces for r in piece)


# --------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------


def _md_cell(cell: str) -> str:
    return cell.replace("|", "\\|").strip()


def to_markdown(text: str) -> str:
    layout = _layout(text)
    out: list[str] = []
    for line in layout.header_left + layout.header_right:
        out += [line, ""]
    for kind, item in layout.blocks:
        if kind == "p":
            out += [*item, ""]
            continue
        width = _width(item)
        for piece in item.pieces:
            # a converter writes each page's piece as a table of its own, its first row as header
            for i, row in enumerate(piece):
                cells = [_md_cell(c) for c in row] + [""] * (width - len(row))
                out.append("| " + " | ".join(cells) + " |")
                if i == 0:
                    out.append("|" + "---|" * width)
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------------
# HTML: a page saved from a legal-document portal
# --------------------------------------------------------------------------------------------------


def _inline(text: str) -> str:
    """Escaped text with Markdown bold as <b>."""
    parts = re.split(r"\*\*", re.sub(r"^#{1,6}\s+", "", text))
    return "".join(f"<b>{html.escape(p)}</b>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def to_html(text: str, title: str = "Văn bản") -> str:
    layout = _layout(text)
    body: list[str] = []
    if layout.header_left or layout.header_right:
        left = "<br>".join(_inline(ln) for ln in layout.header_left)
        right = "<br>".join(_inline(ln) for ln in layout.header_right)
        body.append(f'<table class="header" width="100%"><tr><td align="center">{left}</td>'
                    f'<td align="center">{right}</td></tr></table>')
    for kind, item in layout.blocks:
        if kind == "p":
            body.append("<p>" + "<br>\n".join(_inline(ln) for ln in item) + "</p>")
            continue
        width = _width(item)
        for n, piece in enumerate(item.pieces):
            rows = []
            for i, row in enumerate(piece):
                tag = "th" if n == 0 and i == 0 else "td"
                cells = [*row, *[""] * (width - len(row))]
                rows.append("<tr>" + "".join(f"<{tag}>{_inline(c)}</{tag}>" for c in cells) + "</tr>")
            body.append('<table border="1" cellspacing="0" cellpadding="4">' + "\n".join(rows) + "</table>")
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>
<body>
<header class="site-header"><a href="/">Cổng thông tin điện tử</a>
<nav class="menu"><ul><li><a href="/gioi-thieu">Giới thiệu</a></li><li><a href="/tin-tuc">Tin tức</a></li>
<li><a href="/van-ban">Văn bản chỉ đạo điều hành</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/van-ban">Văn bản</a></div>
<div class="container"><div class="noidung-vanban">
{chr(10).join(body)}
</div>
<aside class="sidebar"><h3>Văn bản mới</h3><ul><li><a href="/vb/1">Thông báo lịch tiếp công dân tháng này</a></li>
<li><a href="/vb/2">Kế hoạch tổ chức hội nghị sơ kết</a></li></ul></aside></div>
<footer>Bản quyền thuộc Cổng thông tin điện tử. Địa chỉ: số 1 đường Trung tâm. Điện thoại: 0123 456 789.</footer>
</body></html>
"""


# --------------------------------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------------------------------


def _runs(paragraph, text: str) -> None:
    heading = bool(re.match(r"^#{1,6}\s+", text))
    parts = re.split(r"\*\*", re.sub(r"^#{1,6}\s+", "", text))
    for i, part in enumerate(parts):
        if part:
            run = paragraph.add_run(part)
            run.bold = bool(i % 2) or heading


def to_docx(text: str, path: Path, *, merge: bool = False) -> Path:
    """A Word file; `merge=True` merges a cell down the rows below it that repeat it (vMerge) and a
    group row's title across the blank cells after it (gridSpan)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    layout = _layout(text)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    if any(kind == "table" and _width(item) >= 6 for kind, item in layout.blocks):
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    usable = section.page_width - section.left_margin - section.right_margin
    if layout.header_left or layout.header_right:
        header = doc.add_table(rows=1, cols=2)
        for cell, lines in zip(header.rows[0].cells, (layout.header_left, layout.header_right)):
            cell.paragraphs[0].text = ""
            for i, line in enumerate(lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _runs(p, line)
    centred = 2 if layout.header_left or layout.header_right else 0  # the type line and the title
    for kind, item in layout.blocks:
        if kind == "p":
            p = doc.add_paragraph()
            if centred:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_before = Pt(12)
                centred -= 1
            for i, line in enumerate(item):
                if i:
                    p.add_run().add_break()
                _runs(p, line)
            continue
        width = _width(item)
        widths = _column_widths(item, width, usable)
        heading = _header_rows(item.pieces[0])
        for n, piece in enumerate(item.pieces):
            if n:
                # a page's piece of the table (as the text has it): a table of its own, set apart
                gap = doc.add_paragraph()
                gap.paragraph_format.space_before = Pt(14)
            table = doc.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            table.autofit = False
            for j, column in enumerate(table.columns):
                # the grid's widths are what LibreOffice lays the table out by (the cells' own are hints)
                column.width = widths[j]
            for i, row in enumerate(piece):
                cells = table.add_row().cells
                for j in range(width):
                    cells[j].width = widths[j]
                    value = row[j] if j < len(row) else ""
                    _runs(cells[j].paragraphs[0], value)
                # the table's header rows, and the same rows where a page's piece begins with them
                # again, repeat at the top of every page the table runs onto
                if i < len(heading) and piece[: i + 1] == heading[: i + 1]:
                    tr_pr = table.rows[i]._tr.get_or_add_trPr()
                    mark = OxmlElement("w:tblHeader")
                    mark.set(qn("w:val"), "true")
                    tr_pr.append(mark)
            if merge:
                _merge_repeats(table, piece)
                _merge_group_rows(table, piece, width)
                if len(heading) == 2 and piece[:2] == heading:
                    _merge_heading(table, heading, width)
    doc.save(path)
    return path


def _merge_repeats(table, piece: list[list[str]]) -> None:
    """Cells of an agency or time column that repeat the one above become one merged cell."""
    header = [c.lower() for c in piece[0]]
    columns = [j for j, h in enumerate(header) if any(w in h for w in ("chủ trì", "phối hợp", "thời gian", "thời hạn"))]
    for j in columns:
        i = 1
        while i < len(piece):
            k = i
            value = piece[i][j] if j < len(piece[i]) else ""
            while value and k + 1 < len(piece) and j < len(piece[k + 1]) and piece[k + 1][j] == value:
                k += 1
            if k > i:
                top = table.cell(i, j)
                merged = top.merge(table.cell(k, j))
                for p in merged.paragraphs[1:]:
                    p._p.getparent().remove(p._p)
                merged.paragraphs[0].text = ""
                _runs(merged.paragraphs[0], value)
            i = k + 1


def _header_rows(rows: list[list[str]]) -> list[list[str]]:
    """The table's heading: its first row, and a second row of sub-headings under it ("Chủ trì |
    Phối hợp" under "Đơn vị thực hiện") when that row has no number and only short words, set
    under the first row's blank cells or the heading they divide."""
    heading = rows[:1]
    if len(rows) > 2:
        first, second = rows[0], rows[1]
        cells = [_strip_marks(c) for c in second]
        filled = [j for j, c in enumerate(cells) if c]
        if (filled and not cells[0] and all(len(cells[j]) <= 25 and not re.search(r"\d", cells[j]) for j in filled)
                and any(j < len(first) and not first[j].strip() for j in filled)):
            heading = rows[:2]
    return heading


def _column_widths(table: _Table, width: int, usable: int) -> list[int]:
    """Column widths (EMU) as an office sets them: each column at least as wide as its longest word
    (the number column's "1.10", a date's "01/2022", a heading's "Thời gian"), and the rest of the
    line shared by how much text each column holds, the long task column capped so the agency
    columns keep a readable width."""
    from docx.shared import Cm

    rows = [r for piece in table.pieces for r in piece]
    least, share = [], []
    for j in range(width):
        cells = [_strip_marks(r[j]) for r in rows if j < len(r)]
        longest = min(18, max((len(w) for c in cells for w in c.split()), default=1))
        least.append(Cm(0.5 + 0.27 * max(2, longest)))  # 13 pt Times: about 0.27 cm a character
        share.append(min(80.0, sum(len(c) for c in cells) / max(1, len(rows))) + 1.0)
    spare = usable - sum(least)
    if spare <= 0:
        return [int(usable * w / sum(least)) for w in least]
    return [int(w + spare * s / sum(share)) for w, s in zip(least, share)]


def _merge_heading(table, heading: list[list[str]], width: int) -> None:
    """A two-row heading as offices draw it: a heading with sub-headings under it spans their columns
    (gridSpan), a heading without any spans both rows (vMerge)."""
    first = [*heading[0], *[""] * (width - len(heading[0]))]
    second = [*heading[1], *[""] * (width - len(heading[1]))]
    spans = []
    j = 0
    while j < width:
        k = j
        while k + 1 < width and not first[k + 1].strip() and second[k + 1].strip() and first[j].strip():
            k += 1
        spans.append((j, k))
        j = k + 1
    for j, k in spans:
        if k > j:
            merged = table.cell(0, j).merge(table.cell(0, k))
            for p in merged.paragraphs[1:]:
                p._p.getparent().remove(p._p)
        elif first[j].strip() and not second[j].strip():
            merged = table.cell(0, j).merge(table.cell(1, j))
            for p in merged.paragraphs[1:]:
                p._p.getparent().remove(p._p)


def _merge_group_rows(table, piece: list[list[str]], width: int) -> None:
    """A group row ("II | Ứng dụng và chuyển giao công nghệ", the rest blank) has its title cell
    spanning the blank columns after it (gridSpan), as offices set a section of an appendix."""
    for i, row in enumerate(piece):
        if i == 0 or width < 4:
            continue
        cells = [*row, *[""] * (width - len(row))]
        filled = [j for j, c in enumerate(cells) if c.strip()]
        if not filled or filled != list(range(len(filled))) or len(filled) > 2:
            continue
        last = filled[-1]
        merged = table.cell(i, last).merge(table.cell(i, width - 1))
        for p in merged.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        merged.paragraphs[0].text = ""
        _runs(merged.paragraphs[0], cells[last])


# --------------------------------------------------------------------------------------------------
# PDF through LibreOffice
# --------------------------------------------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_paths: list[Path], outdir: Path) -> list[Path]:
    """Convert Word files to PDF in one LibreOffice run (it starts in about a second)."""
    program = soffice()
    if program is None:
        raise RenderError("writing PDF needs LibreOffice: apt-get install libreoffice-writer-nogui")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kg-render-") as tmp:
        for start in range(0, len(docx_paths), 200):
            batch = docx_paths[start:start + 200]
            result = subprocess.run(
                [program, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(outdir), *map(str, batch)],
                capture_output=True, text=True, timeout=60 + 10 * len(batch), env={**os.environ, "HOME": tmp})
            if result.returncode != 0:
                raise RenderError(f"LibreOffice could not convert to PDF: {result.stderr.strip()[:200]}")
    out = [outdir / f"{p.stem}.pdf" for p in docx_paths]
    missing = [p.name for p in out if not p.exists()]
    if missing:
        raise RenderError(f"LibreOffice wrote no PDF for {', '.join(missing[:3])}")
    return out


# --------------------------------------------------------------------------------------------------


def render(text: str, fmt: str, path: Path, *, merge: bool = False) -> Path:
    """Write `text` as `fmt` to `path` (its suffix is replaced by the format's). Returns the path."""
    path = Path(path).with_suffix(f".{fmt}")
    if fmt == "txt":
        path.write_text(text, encoding="utf-8")
    elif fmt == "md":
        path.write_text(to_markdown(text), encoding="utf-8")
    elif fmt == "html":
        path.write_text(to_html(text), encoding="utf-8")
    elif fmt == "docx":
        to_docx(text, path, merge=merge)
    elif fmt == "pdf":
        with tempfile.TemporaryDirectory(prefix="kg-render-") as tmp:
            source = to_docx(text, Path(tmp) / f"{path.stem}.docx", merge=merge)
            [made] = docx_to_pdf([source], Path(tmp) / "pdf")
            shutil.move(str(made), path)
    else:
        raise RenderError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return path


def render_bytes(text: str, fmt: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="kg-render-") as tmp:
        return render(text, fmt, Path(tmp) / "document").read_bytes()
