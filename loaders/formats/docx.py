"""Word .docx: paragraphs and tables read from the document's structure (python-docx's XML).

Body paragraphs and tables are taken in document order. A table cell spanning columns (gridSpan)
is written once and followed by blanks; a cell continuing a vertical merge (vMerge) is the ditto
mark, which the table parser reads as the value of the cell above. A small table of one or two columns at the top or the bottom is
the page layout (issuer | national motto, recipients | signature): its cells are written as lines,
column by column. Text typed in a legacy Vietnamese font (TCVN3 ".VnTime", VNI) is decoded by
its font. Numbering that Word draws itself ("1.", "a)") is not in the text; a paragraph
styled as a list keeps only what is typed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from . import DITTO, Extracted, TextBuilder, UnreadableFile
from .legacy_fonts import from_legacy_font, legacy_encoding

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(raw: bytes, path: Path) -> Extracted:
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - a dependency of the package
        raise UnreadableFile("reading .docx needs python-docx: pip install python-docx") from None
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise UnreadableFile("it is a damaged or truncated .docx (its ZIP structure cannot be read): "
                             "open it in Word or LibreOffice and save it again") from None
    if "word/document.xml" not in names:
        if "EncryptionInfo" in names or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise UnreadableFile("it is a password-protected Word file: save an unprotected copy and load that")
        raise UnreadableFile("it is a ZIP archive without a Word document inside (no word/document.xml)")
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # lxml or python-docx on a damaged part
        raise UnreadableFile(f"it is a damaged .docx ({type(exc).__name__}): open it in Word or LibreOffice "
                             "and save it again") from None
    out = TextBuilder()
    fonts = _Fonts(document)
    body = document.element.body
    blocks = [el for el in body.iterchildren() if el.tag in (_W + "p", _W + "tbl")]
    for index, el in enumerate(blocks):
        if el.tag == _W + "p":
            out.paragraph(_paragraph_text(el, fonts))
        else:
            rows = _table_rows(el, fonts)
            at_edge = index < 3 or index >= len(blocks) - 3
            if _is_layout_table(rows, at_edge):
                for column in range(max(len(r) for r in rows)):
                    for r in rows:
                        if column < len(r) and r[column].strip() and r[column] != DITTO:
                            out.lines(r[column].split("\n"))
                continue
            number = out.new_table()
            out.table_break()
            for i, cells in enumerate(rows, start=1):
                out.row(cells, table=number, row=i)
            out.table_break()
    return out.result("docx")


class _Fonts:
    """The font of each run: its own, else its paragraph style's, else the document's default.

    Only to find runs typed in a legacy Vietnamese font (".VnTime", "VNI-Times") and decode them."""

    def __init__(self, document) -> None:
        self.by_style: dict[str, str | None] = {}
        self.default: str | None = None
        try:
            styles = document.styles.element
        except Exception:  # no styles part
            return
        defaults = styles.find(f"{_W}docDefaults")
        if defaults is not None:
            self.default = _font_of(defaults.find(f"{_W}rPrDefault/{_W}rPr"))
        for style in styles.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            font = _font_of(style.find(f"{_W}rPr"))
            if style_id:
                self.by_style[style_id] = font
        self.default = self.by_style.get("Normal") or self.default

    def encoding(self, run, paragraph_style: str | None) -> str | None:
        font = _font_of(run.find(f"{_W}rPr")) or self.by_style.get(paragraph_style or "") or self.default
        return legacy_encoding(font)


def _font_of(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(f"{_W}rFonts")
    if fonts is None:
        return None
    return fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")


def _paragraph_text(p, fonts: _Fonts | None = None) -> str:
    """A paragraph's text: its runs (each decoded from a legacy Vietnamese font if set in one), with
    Word's line breaks as new lines and tabs as spaces."""
    style = None
    ppr = p.find(f"{_W}pPr")
    if ppr is not None and (ps := ppr.find(f"{_W}pStyle")) is not None:
        style = ps.get(f"{_W}val")
    parts: list[str] = []
    for run in p.iter(_W + "r"):
        text: list[str] = []
        for node in run.iterchildren(_W + "t", _W + "br", _W + "cr", _W + "tab"):
            tag = node.tag
            if tag == _W + "t":
                text.append(node.text or "")
            elif tag in (_W + "br", _W + "cr"):
                if node.get(_W + "type") not in ("page", "column"):
                    text.append("\n")
            else:
                text.append(" ")
        joined = "".join(text)
        if fonts is not None and joined and not joined.isascii():
            joined = from_legacy_font(joined, fonts.encoding(run, style))
        elif fonts is not None and joined:
            encoding = fonts.encoding(run, style)
            if encoding == "tcvn3-upper":
                joined = joined.upper()
        parts.append(joined)
    return "".join(parts)


def _cell_text(tc, fonts: _Fonts | None = None) -> str:
    paragraphs = [_paragraph_text(p, fonts).strip() for p in tc.iter(_W + "p")]
    return "\n".join(p for p in paragraphs if p)


def _table_rows(tbl, fonts: _Fonts | None = None) -> list[list[str]]:
    """Rows × grid columns of one table; merged cells resolved; nested tables read as text."""
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(_W + "tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(_W + "tc"):
            props = tc.find(_W + "tcPr")
            span = 1
            continued = False
            if props is not None:
                grid = props.find(_W + "gridSpan")
                if grid is not None:
                    try:
                        span = max(1, int(grid.get(_W + "val", "1")))
                    except ValueError:
                        span = 1
                vmerge = props.find(_W + "vMerge")
                if vmerge is not None and vmerge.get(_W + "val", "continue") != "restart":
                    continued = True
            text = DITTO if continued else _cell_text(tc, fonts)
            cells.append(text)
            cells.extend([""] * (span - 1))
        # cells skipped before the first (w:gridBefore) keep the columns aligned
        trpr = tr.find(_W + "trPr")
        if trpr is not None and (before := trpr.find(_W + "gridBefore")) is not None:
            try:
                cells = [""] * int(before.get(_W + "val", "0")) + cells
            except ValueError:
                pass
        rows.append(cells)
    return [r for r in rows if r]


_LAYOUT_WORDS = ("CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "Độc lập", "Nơi nhận", "Số:", "TM.", "KT.", "GIÁM ĐỐC",
                 "CHỦ TỊCH", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "TỈNH ỦY", "ĐẢNG CỘNG SẢN")


def _is_layout_table(rows: list[list[str]], at_edge: bool) -> bool:
    """The issuer | motto block or the recipients | signature block, set as a borderless table."""
    if not rows:
        return True
    width = max(len(r) for r in rows)
    if width > 2 or len(rows) > 4:
        return False
    text = "\n".join(c for r in rows for c in r if c != DITTO)
    return at_edge or any(word in text for word in _LAYOUT_WORDS)
