"""Word .docx: paragraphs and tables read from the document's structure (python-docx's XML).

Body paragraphs and tables are taken in document order (also inside content controls). A table cell
spanning columns (gridSpan) is written once and followed by blanks; a cell continuing a vertical
merge (vMerge) is the ditto mark, which the table parser reads as the value of the cell above. A
small table of one or two columns at the top or the bottom, or holding the header's words, is the
page layout (issuer | national motto, recipients | signature): its cells are written as lines,
column by column. Numbers and bullets that Word draws itself (list numbering: "1.", "a)", "II.",
"-") are written in front of their paragraphs, as a typed document has them. Text typed in a legacy
Vietnamese font (TCVN3 ".VnTime", VNI) is decoded by its font.
"""

from __future__ import annotations

import io
import re
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
    numbering = _Numbering(document)
    blocks = list(_blocks(document.element.body))
    for index, el in enumerate(blocks):
        if el.tag == _W + "p":
            text = _paragraph_text(el, fonts)
            if text.strip():
                out.paragraph(numbering.label(el) + text)
        else:
            rows = _table_rows(el, fonts)
            if rows:
                out.table(rows, at_edge=index < 3 or index >= len(blocks) - 3)
    return out.result("docx")


def _blocks(parent):
    """Paragraphs and tables in reading order, also those inside content controls (w:sdt)."""
    for el in parent.iterchildren():
        if el.tag in (_W + "p", _W + "tbl"):
            yield el
        elif el.tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            content = el.find(_W + "sdtContent") if el.tag == _W + "sdt" else el
            if content is not None:
                yield from _blocks(content)


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


class _Numbering:
    """The numbers and bullets Word draws in front of list paragraphs ("1.", "a)", "II.", "-"), which
    are not in the text: the task readers need them to see items and headings."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (format, text, start)
        self.abstract_of: dict[str, str] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: no list in the document
            root = None
        if root is not None:
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for node in root.iterchildren(_W + "abstractNum"):
                levels = {}
                for lvl in node.iterchildren(_W + "lvl"):
                    levels[int(lvl.get(_W + "ilvl", "0"))] = (
                        _val(lvl.find(_W + "numFmt")) or "decimal", _val(lvl.find(_W + "lvlText")) or "",
                        int(_val(lvl.find(_W + "start")) or 1))
                abstract[node.get(_W + "abstractNumId")] = levels
            for num in root.iterchildren(_W + "num"):
                ref = _val(num.find(_W + "abstractNumId"))
                levels = dict(abstract.get(ref, {}))
                for override in num.iterchildren(_W + "lvlOverride"):
                    start = _val(override.find(_W + "startOverride"))
                    ilvl = int(override.get(_W + "ilvl", "0"))
                    if start and ilvl in levels:
                        fmt, text, _ = levels[ilvl]
                        levels[ilvl] = (fmt, text, int(start))
                self.levels[num.get(_W + "numId")] = levels
                self.abstract_of[num.get(_W + "numId")] = ref or num.get(_W + "numId")
        try:
            for style in document.styles.element.iterchildren(_W + "style"):
                numpr = style.find(f"{_W}pPr/{_W}numPr")
                if numpr is not None and (num_id := _val(numpr.find(_W + "numId"))):
                    self.style_num[style.get(_W + "styleId")] = (num_id, int(_val(numpr.find(_W + "ilvl")) or 0))
        except Exception:
            pass

    def label(self, p) -> str:
        ppr = p.find(_W + "pPr")
        if ppr is None:
            return ""
        numpr = ppr.find(_W + "numPr")
        num_id, ilvl = None, 0
        if numpr is not None:
            num_id = _val(numpr.find(_W + "numId"))
            ilvl = int(_val(numpr.find(_W + "ilvl")) or 0)
        elif (style := ppr.find(_W + "pStyle")) is not None and _val(style) in self.style_num:
            num_id, ilvl = self.style_num[_val(style)]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        fmt, text, start = levels[ilvl]
        key = self.abstract_of.get(num_id, num_id)
        counters = self.counters.setdefault(key, [])
        while len(counters) <= ilvl:
            level = len(counters)
            counters.append(levels.get(level, ("", "", 1))[2] - 1)
        counters[ilvl] += 1
        del counters[ilvl + 1:]
        if fmt == "bullet":
            return "- " if ilvl == 0 else "+ "
        if fmt == "none" or not text:
            return ""

        def number(match) -> str:
            level = int(match.group(1)) - 1
            n = counters[level] if level < len(counters) else 1
            level_fmt = levels.get(level, (fmt,))[0]
            if level_fmt == "lowerLetter":
                return _letter(n)
            if level_fmt == "upperLetter":
                return _letter(n).upper()
            if level_fmt == "lowerRoman":
                return _roman(n).lower()
            if level_fmt == "upperRoman":
                return _roman(n)
            return str(n)

        return re.sub(r"%(\d)", number, text).strip() + " "


def _val(node) -> str | None:
    return None if node is None else node.get(_W + "val")


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
