"""PDF: words by their position and table cells from the ruling lines (pdfplumber), page by page.

A PDF has no paragraphs or rows, only words at positions. This module puts them back:
- Table cells come from the ruling lines (pdfplumber's lattice finder); the lines a narrow cell
  wraps its words into are joined. A cell covering several rows or columns is written once, with
  blanks below or after it, as the other formats do.
- A table that goes on over the next page is one table: its header row repeated on the new page is
  dropped, and a row cut by the page (its rest at the top of the new page, with no number of its
  own and starting in lower case) is joined back into the row above.
- Outside tables, words are grouped into lines, and lines into paragraphs by the page's geometry
  (a wider gap, a line that ends short of the right margin, an indented first line, a list mark).
- Side-by-side blocks (issuer | national motto, "Số: …" | place and date, recipients | signature)
  are written column by column, as the text layout has them.
- Page numbers alone on a line are dropped.
- Words set in a legacy Vietnamese font (TCVN3 ".VnTime", VNI) are decoded by the font's name, and a
  page that reads as legacy Vietnamese without one is decoded whole.

A PDF without a text layer (a scan) is read by OCR when Tesseract and its Vietnamese data are
installed (with a warning to check names and numbers), and otherwise refused with what to do.
"""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..tables import CODE, header_roles
from . import DITTO, Extracted, TextBuilder, UnreadableFile
from .legacy_fonts import from_legacy_font, guess_legacy, legacy_encoding

__all__ = ["read_pdf"]

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                   "intersection_tolerance": 4}
_LIST_MARK = re.compile(r"^(?:[-+*•–—]\s|[a-zđ][.)]\s|\(?\d+(?:\.\d+)*[.)]\s|\d+(?:\.\d+)+\s|[IVXLC]+[.)]\s|"
                        r"(?:Điều|Chương|Phần|Mục)\s+[\dIVXLC]|PHỤ LỤC|Phụ lục|Nơi nhận|(?:TM|KT|TL|TUQ|Q)\.\s)")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$", re.IGNORECASE)
_MIN_CHARS_PER_PAGE = 15  # fewer characters than this on every page: a scan without a text layer


def read_pdf(raw: bytes, path: Path) -> Extracted:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError:  # pragma: no cover - a dependency of the package
        raise UnreadableFile("reading .pdf needs pdfplumber: pip install pdfplumber") from None
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
        pages = list(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableFile("it is a password-protected PDF: save an unprotected copy (or print it to PDF) "
                             "and load that") from None
    except Exception as exc:
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise UnreadableFile("it is a password-protected PDF: save an unprotected copy and load that") from None
        raise UnreadableFile(f"it is a damaged or truncated PDF ({type(exc).__name__}): download it again "
                             "or open and re-save it") from None
    try:
        if not pages:
            raise UnreadableFile("it is a PDF with no pages")
        try:
            counts = [len(page.chars) for page in pages]
        except Exception as exc:
            raise UnreadableFile(f"it is a damaged PDF: its pages cannot be read ({type(exc).__name__})") from None
        if max(counts) < _MIN_CHARS_PER_PAGE:
            return _read_scanned(raw, len(pages))
        out = TextBuilder()
        state = _TableState()
        for number, page in enumerate(pages, start=1):
            out.page = number
            _read_page(page, out, state)
        _flush_row(out, state)
        return out.result("pdf")
    finally:
        pdf.close()


# --------------------------------------------------------------------------------------------------
# one page
# --------------------------------------------------------------------------------------------------


@dataclass
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    segments: list[tuple[float, float, str]]  # (x0, x1, text) split at wide gaps


@dataclass
class _TableState:
    """The table open at the end of the previous page, to continue it on the next."""

    number: int | None = None
    header: list[str] | None = None
    columns: list[float] | None = None
    last_row: list[str] | None = None
    last_index: int = 0
    pending: list[str] | None = None  # the last row, not yet written: the next page may continue it
    pending_page: int | None = None  # the page that row starts on


def _read_page(page, out: TextBuilder, state: _TableState) -> None:
    try:
        tables = page.find_tables(_TABLE_SETTINGS)
    except Exception:
        tables = []
    tables = [t for t in tables if len(t.rows) >= 1 and len(t.rows[0].cells) >= 2]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] - 1 <= x <= b[2] + 1 and b[1] - 1 <= y <= b[3] + 1 for b in boxes)

    all_words = _words(page)
    words = [w for w in all_words if outside(w)] if boxes else all_words
    lines = _lines(words)
    lines = [ln for ln in lines if not _is_page_number(ln, page.height)]
    blocks: list[tuple[float, str, object]] = [(ln.top, "line", ln) for ln in lines]
    blocks += [(t.bbox[1], "table", t) for t in tables]
    blocks.sort(key=lambda b: b[0])
    width = page.width
    left, right = _margins(lines, width)
    if state.number is not None and (not blocks or blocks[0][1] != "table"):
        _close_table(out, state)  # the table of the previous page ended with it
    pending: list[_Line] = []
    for index, (_, kind, item) in enumerate(blocks):
        if kind == "line":
            if state.number is not None:
                _close_table(out, state)
            pending.append(item)
            continue
        if pending:
            _write_lines(pending, out, left, right, width)
            pending = []
        texts = _cell_texts(item, all_words) if getattr(page, "kg_legacy", False) else None
        _write_table(item, out, state, continues=index == 0, texts=texts)
    if pending:
        _write_lines(pending, out, left, right, width)


def _close_table(out: TextBuilder, state: _TableState) -> None:
    _flush_row(out, state)
    state.number = None
    out.table_break()


def _words(page) -> list[dict]:
    """The page's words, each in Unicode: a word set in a legacy Vietnamese font is decoded by its font,
    and a page whose text reads as legacy Vietnamese without such a font's name is decoded whole."""
    words = page.extract_words(keep_blank_chars=False, x_tolerance=1.5, y_tolerance=3, extra_attrs=["fontname"])
    decoded = False
    for w in words:
        w["text"] = unicodedata.normalize("NFC", w["text"])
        encoding = legacy_encoding(w.get("fontname"))
        if encoding:
            w["text"] = from_legacy_font(w["text"], encoding)
            decoded = True
    if not decoded:
        encoding = guess_legacy(" ".join(w["text"] for w in words))
        if encoding:
            for w in words:
                w["text"] = from_legacy_font(w["text"], encoding)
            decoded = True
    page.kg_legacy = decoded
    return words


def _cell_texts(table, words: list[dict]) -> list[list[str | None]]:
    """Each cell's text from the page's (decoded) words inside it; None for a merged cell."""
    out: list[list[str | None]] = []
    for row in table.rows:
        texts: list[str | None] = []
        for box in row.cells:
            if box is None:
                texts.append(None)
                continue
            inside = [w for w in words if box[0] - 1 <= (w["x0"] + w["x1"]) / 2 <= box[2] + 1
                      and box[1] - 1 <= (w["top"] + w["bottom"]) / 2 <= box[3] + 1]
            texts.append("\n".join(line.text for line in _lines(inside)))
        out.append(texts)
    return out


def _lines(words: list[dict]) -> list[_Line]:
    """Words grouped into lines by their vertical position, then split where a wide gap separates them."""
    words = sorted(words, key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict]] = []
    for w in words:
        for row in reversed(rows[-3:]):
            ref = row[0]
            overlap = min(ref["bottom"], w["bottom"]) - max(ref["top"], w["top"])
            if overlap > 0.5 * min(ref["bottom"] - ref["top"], w["bottom"] - w["top"]):
                row.append(w)
                break
        else:
            rows.append([w])
    out = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        size = statistics.median(w["bottom"] - w["top"] for w in row)
        segments: list[tuple[float, float, str]] = []
        for w in row:
            if segments and w["x0"] - segments[-1][1] <= 2.2 * size:
                x0, x1, text = segments[-1]
                gap = w["x0"] - x1
                segments[-1] = (x0, w["x1"], text + (" " if gap > 0.12 * size else "") + w["text"])
            else:
                segments.append((w["x0"], w["x1"], w["text"]))
        out.append(_Line(top=min(w["top"] for w in row), bottom=max(w["bottom"] for w in row),
                         x0=row[0]["x0"], x1=max(w["x1"] for w in row),
                         text=" ".join(s[2] for s in segments), segments=segments))
    out.sort(key=lambda ln: ln.top)
    return out


def _is_page_number(line: _Line, height: float) -> bool:
    near_edge = line.top < 0.1 * height or line.bottom > 0.9 * height
    return near_edge and bool(_PAGE_NUMBER.match(line.text.strip()))


def _margins(lines: list[_Line], width: float) -> tuple[float, float]:
    if not lines:
        return 0.0, width
    lefts = sorted(ln.x0 for ln in lines)
    rights = sorted(ln.x1 for ln in lines)
    return lefts[len(lefts) // 10], rights[(len(rights) * 9) // 10]


def _write_lines(lines: list[_Line], out: TextBuilder, left: float, right: float, width: float) -> None:
    """Lines into paragraphs; runs of side-by-side lines column by column."""
    middle = width / 2
    i = 0
    paragraph: list[_Line] = []

    def flush() -> None:
        if paragraph:
            out.paragraph(_join_words([ln.text for ln in paragraph]))
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        if _is_split(line, middle):
            flush()
            j = i
            block: list[_Line] = []
            height = line.bottom - line.top
            while j < len(lines) and (_is_split(lines[j], middle) or _is_right_only(lines[j], middle)
                                      or (_is_left_only(lines[j], middle) and j > i)):
                # the block is the lines set close together: the type line under it is the page's
                if block and lines[j].top - block[-1].bottom > 1.2 * height:
                    break
                block.append(lines[j])
                j += 1
            _write_columns(block, out, middle)
            i = j
            continue
        if paragraph and _starts_paragraph(paragraph[-1], line, left, right):
            flush()
        paragraph.append(line)
        i += 1
    flush()


def _is_split(line: _Line, middle: float) -> bool:
    return len(line.segments) >= 2 and line.segments[0][0] < middle <= line.segments[-1][0] + 1


def _is_right_only(line: _Line, middle: float) -> bool:
    """A line of the right column alone: it starts in the right half."""
    return len(line.segments) == 1 and line.x0 >= 0.95 * middle


def _is_left_only(line: _Line, middle: float) -> bool:
    """A line of the left column alone: it ends in the left half."""
    return len(line.segments) == 1 and line.x1 <= 1.02 * middle


def _write_columns(block: list[_Line], out: TextBuilder, middle: float) -> None:
    left_col: list[str] = []
    right_col: list[str] = []
    for line in block:
        for x0, x1, text in line.segments:
            (right_col if x0 >= 0.95 * middle else left_col).append(text)
    for column in (left_col, right_col):
        joined: list[str] = []
        for text in column:
            if joined and _continues_in_column(joined[-1], text):
                joined[-1] = _join_words([joined[-1], text])
            else:
                joined.append(text)
        out.lines(joined)


def _continues_in_column(first: str, second: str) -> bool:
    """"Hưng Yên, ngày 05 tháng 6 năm" / "2023"; "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM"."""
    if not first or not second:
        return False
    if second[0].islower() or second[0].isdigit() and not _LIST_MARK.match(second):
        return True
    if first.endswith((",", "-", "và", "VÀ")):
        return True
    return first.rstrip().endswith("CHỦ NGHĨA") and second.startswith("VIỆT NAM")


def _is_title(text: str) -> bool:
    """"KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH": letters, none of them lower case."""
    return text.upper() == text and text.lower() != text


def _starts_paragraph(previous: _Line, line: _Line, left: float, right: float) -> bool:
    height = max(1.0, previous.bottom - previous.top)
    if _is_title(previous.text) and _is_title(line.text):
        return True  # lines of capitals are lines of their own: a signature block, a type and its body
    if line.top - previous.bottom > 0.9 * height:
        return True
    if _LIST_MARK.match(line.text):
        return True
    if _is_title(previous.text) != _is_title(line.text):
        return True  # "KẾ HOẠCH" over its title, a heading over its text
    centre = (left + right) / 2
    if all(abs((ln.x0 + ln.x1) / 2 - centre) < 3 * height and ln.x0 > left + 0.5 * height for ln in (previous, line)):
        return False  # a centred title wrapped over lines: one paragraph
    full = previous.x0 <= left + 0.5 * height and previous.x1 >= right - 2 * height
    if full and abs((line.x0 + line.x1) / 2 - centre) < 2 * height and previous.text.rstrip()[-1:] not in ".:;!?":
        return False  # the last, centred line of a centred paragraph whose first line filled the width
    if previous.x1 < right - 4 * height:  # the line above ended short: its paragraph ended
        return True
    if line.x0 > left + 1.5 * height and previous.x0 <= left + 1.5 * height:  # an indented first line
        return True
    return previous.text.rstrip().endswith((".", ":", ";")) and line.x0 > left + 0.5 * height


# "209/KH-" + "UBND", "NQ/" + "TU": a symbol cut at its dash or slash (a token with a digit or in
# capitals); "Đề án/" + "Kế hoạch" keeps its space
_GLUED = re.compile(r"(?:^|\s)(?=\S*(?:\d|[A-ZĐ]{2}))\S*[\w)][-/]$")


# An abbreviation too long for its narrow cell, broken inside: "QLCN&ĐMS" + "T"
_LONG_ABBREVIATION = re.compile(r"(?:^|\s)[A-ZĐ0-9&]{6,}$")
_CAPITALS_START = re.compile(r"^[A-ZĐ0-9&]+(?:\s|$)")


def _join_words(parts: list[str]) -> str:
    """Lines wrapped inside a paragraph or cell, joined: "209/KH-" + "UBND" keeps no space."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and _GLUED.search(out) and part[:1].isalnum() and part[:1].isupper():
            out += part
        elif out and _LONG_ABBREVIATION.search(out) and _CAPITALS_START.match(part):
            out += part
        else:
            out = f"{out} {part}" if out else part
    return out


# --------------------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------------------


def _cell(text: str | None) -> str:
    # NFC: a PDF may draw a toned letter as its base and a mark; the header and continuation rules
    # below match composed letters
    return _join_words(unicodedata.normalize("NFC", text or "").split("\n"))


def _columns(table) -> list[float]:
    xs = sorted({round(c[0]) for row in table.rows for c in row.cells if c})
    return xs


def _same_columns(a: list[float] | None, b: list[float]) -> bool:
    return a is not None and len(a) == len(b) and all(abs(x - y) <= 4 for x, y in zip(a, b))


def _merged_below(table, texts: list[list[str | None]]) -> list[list[str]]:
    """Cells as text; a cell covered by the one above it (a vertical merge) is the ditto mark."""
    cells = [row.cells for row in table.rows]
    out: list[list[str]] = []
    for i, row in enumerate(texts):
        line = []
        for j, text in enumerate(row):
            if text is not None:
                line.append(_cell(text))
                continue
            above = None
            for k in range(i - 1, -1, -1):
                if j < len(cells[k]) and cells[k][j] is not None:
                    above = cells[k][j]
                    break
            top = next((c[1] for c in cells[i] if c is not None), None)
            line.append(DITTO if above is not None and top is not None and above[3] > top + 2 else "")
        out.append(line)
    return out


def _write_table(table, out: TextBuilder, state: _TableState, *, continues: bool,
                 texts: list[list[str | None]] | None = None) -> None:
    try:
        rows = _merged_below(table, texts if texts is not None else table.extract())
    except Exception:
        return
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        return
    columns = _columns(table)
    content = _content_column(state.header)
    if continues and state.number is not None and _same_columns(state.columns, columns):
        if state.header and _similar(rows[0], state.header):
            rows = rows[1:]  # the header repeated on the new page
        elif state.pending is not None and state.last_index == 1 and header_roles(state.pending) is None \
                and _is_continuation(rows[0], content):
            # the header row itself was cut by the page
            state.header = [f"{a} {b}".strip() for a, b in zip(state.pending, rows[0])]
            state.pending = state.header
            rows = rows[1:]
        if rows and state.pending is not None and header_roles(state.pending) is None \
                and _is_continuation(rows[0], content):
            state.pending = [f"{a} {b}".strip() if b and b != DITTO else a for a, b in zip(state.pending, rows[0])]
            rows = rows[1:]
        elif rows and state.pending is not None:
            # a cell merged down the rows goes on over the page: blank on the new page, still merged.
            # When the merge started in the page's last row, only the lead and time columns are taken
            # as merged (a task always has them; a blank co-ordination cell is common).
            carried = _carried_columns(state.header)
            first = rows[0]
            # a heading row ("3 | Chương trình 3: …", nothing else) carries nothing from above
            others = [c for j, c in enumerate(first) if j not in (0, content) and c]
            if not others:
                carried = set()
            rows[0] = [DITTO if not b and (a == DITTO or (a and j in carried)) else b
                       for j, (a, b) in enumerate(zip(state.pending, first))]
    else:
        _flush_row(out, state)
        state.number = out.new_table()
        out.table_break()
        if header_roles(rows[0]) is not None or not (state.header and _same_columns(state.columns, columns)):
            state.header = rows[0]  # a piece of the table above (same columns, no header) keeps its header
        state.last_index = 0
        state.pending = None
    state.columns = columns
    for row in rows:
        _flush_row(out, state)
        state.pending = row
        state.pending_page = out.page
        state.last_index += 1


def _flush_row(out: TextBuilder, state: _TableState) -> None:
    if state.pending is not None and state.number is not None:
        page, out.page = out.page, state.pending_page or out.page
        out.row(state.pending, table=state.number, row=state.last_index)
        out.page = page
    state.pending = None


def _similar(a: list[str], b: list[str]) -> bool:
    return len(a) == len(b) and sum(x == y for x, y in zip(a, b) if x or y) >= max(1, sum(1 for x in b if x) - 1)


_ITEM_MARK = re.compile(r"^(?:[-+*•–—]\s*|[a-zđ][.)]\s|\(?\d+(?:\.\d+)*[.)]?\s)")


def _is_continuation(row: list[str], content: int | None = None) -> bool:
    """The rest of a row cut by the page: no number of its own, and either its task text goes on in
    lower case or it has no task text at all (only the end of an agency's name, "Du lịch", is left)."""
    filled = [c for c in row if c and c != DITTO]
    if not filled:
        return False
    if row[0] and (CODE.match(row[0]) or not row[0][0].islower()):
        return False  # a number of its own; text in the number column goes on only in lower case
    if any(_ITEM_MARK.match(c) for c in filled):
        return False  # an unnumbered item of its own: "- Thẩm định …"
    if all(c[0].islower() or c[0] in ",;.)–-" for c in filled):
        return True
    if content is None or content >= len(row):
        return False
    text = row[content] if row[content] != DITTO else ""
    if not text or text[0].islower():
        return True
    # only task text and every other cell empty (not merged): the rest of the row's text, which the
    # page cut at the start of a sentence or a name ("… phục vụ" / "Chương trình ứng dụng …")
    return all(c == "" for j, c in enumerate(row) if j not in (0, content))


_CARRIED_HEADER = re.compile(r"chủ trì|thời gian|thời hạn|tiến độ|hoàn thành", re.IGNORECASE)


def _carried_columns(header: list[str] | None) -> set[int]:
    return {i for i, cell in enumerate(header or []) if _CARRIED_HEADER.search(cell)}


_CONTENT_HEADER = re.compile(r"nội dung|nhiệm vụ|mục tiêu|giải pháp|tên", re.IGNORECASE)


def _content_column(header: list[str] | None) -> int | None:
    """The column of the task text, named by the header ("Nội dung nhiệm vụ")."""
    for i, cell in enumerate(header or []):
        if i and _CONTENT_HEADER.search(cell):
            return i
    return None


# --------------------------------------------------------------------------------------------------
# scans
# --------------------------------------------------------------------------------------------------


def _ocr_available() -> bool:
    if not (shutil.which("tesseract") and shutil.which("pdftoppm")):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in langs.stdout.split()


_OCR_SECONDS_PER_PAGE = 120


def _read_scanned(raw: bytes, pages: int) -> Extracted:
    if not _ocr_available():
        raise UnreadableFile(
            "it is a scanned PDF with no text layer, so it needs OCR: install Tesseract with its Vietnamese "
            "data (apt-get install tesseract-ocr-vie poppler-utils) and load it again, or OCR it yourself "
            "(for example with ocrmypdf -l vie) and load the result")
    out = TextBuilder()
    with tempfile.TemporaryDirectory(prefix="kg-ocr-") as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(raw)
        try:
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(source), str(Path(tmp) / "page")],
                           check=True, capture_output=True, timeout=_OCR_SECONDS_PER_PAGE * pages)
        except (OSError, subprocess.SubprocessError) as exc:
            raise UnreadableFile(f"it is a scanned PDF and its pages could not be turned into images for OCR "
                                 f"({type(exc).__name__})") from None
        images = sorted(Path(tmp).glob("page*.png"))
        for number, image in enumerate(images, start=1):
            try:
                result = subprocess.run(["tesseract", str(image), "-", "-l", "vie", "--psm", "4"],
                                        capture_output=True, text=True, timeout=_OCR_SECONDS_PER_PAGE, check=True)
            except (OSError, subprocess.SubprocessError) as exc:
                raise UnreadableFile(f"it is a scanned PDF and OCR failed on page {number} ({type(exc).__name__})") from None
            out.page = number
            # one paragraph a line: the cleaning joins a line to the next where the sentence goes on,
            # as it does for any text extracted from a PDF
            for line in result.stdout.split("\n"):
                out.paragraph(line.strip())
    extracted = out.result("pdf")
    if not extracted.text.strip():
        raise UnreadableFile("it is a scanned PDF and OCR found no text in it: check the scan")
    extracted.warnings.append(
        f"It is a scanned PDF ({pages} page(s)) read by OCR (Tesseract, Vietnamese): tables are read as "
        "plain lines, and names, numbers and dates may be misread; check them against the scan.")
    return extracted
