"""Formats: from a file as users receive it to the text every later stage reads.

Each format has one module with one function `read_<format>(raw: bytes, path) -> Extracted`. They all
hand on the same thing: text in the layout the rest of the loaders know (one paragraph per line,
a blank line between paragraphs, a table row as one line of TAB-separated cells, a blank line where a
page breaks a table) and, for every stretch of that text, where it came from (page, table, row), so
a quotation can be found in the original. Merged cells are resolved here: a cell spanning columns
is written once with blanks after it, a cell spanning rows is blank below its first row (the text
tables' "inherited from above"). A document's layout tables (issuer | national motto,
recipients | signature) are written as lines, column by column, as the text layout has them.

`document_format(path, raw)` says which reader a file needs, from its first bytes first (a
"Word" file that is really a web page is read as one, with a warning) and its name second;
`skip_reason(path)` says why a file in a folder is not a document at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..clean import UnreadableFile

__all__ = [
    "DITTO", "DOCUMENT_SUFFIXES", "Extracted", "Location", "TextBuilder", "UnreadableFile", "is_layout_table",
    "used_columns",
    "document_format", "extract", "skip_reason",
]

# A table cell continuing a vertical merge: "the same as the cell above" (the ditto mark, 〃). The
# table parser gives the row the value above, marked inherited; text tables leave such cells blank.
DITTO = "\u3003"

# The suffixes of files read as documents, and the reader of each.
DOCUMENT_SUFFIXES: dict[str, str] = {
    ".txt": "txt", ".text": "txt",
    ".md": "md", ".markdown": "md",
    ".docx": "docx", ".docm": "docx",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".doc": "office", ".odt": "office", ".rtf": "office",
}


@dataclass(frozen=True)
class Location:
    """Where the text in [start, end) of the extracted text came from in the original file."""

    start: int
    end: int
    page: int | None = None  # PDF page, 1-based
    table: int | None = None  # table of the document, 1-based, in reading order
    row: int | None = None  # row of that table, 1-based, as the file has it (header rows counted)

    def describe(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ", ".join(parts)


@dataclass
class Extracted:
    """A file's text in the loaders' layout, and where each stretch of it came from."""

    text: str
    format: str  # "txt", "md", "docx", "pdf", "html", "doc", "odt", "rtf"
    encoding: str = "utf-8"
    locations: list[Location] = field(default_factory=list)  # sorted by start, not overlapping
    warnings: list[str] = field(default_factory=list)  # sentences a user can act on


class TextBuilder:
    """Accumulates paragraphs and table rows in the loaders' text layout, with their locations."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.locations: list[Location] = []
        self.page: int | None = None
        self._tables = 0

    def _append(self, text: str) -> tuple[int, int]:
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        return start, self._pos

    def _gap(self) -> None:
        """End the current block with a blank line (never two)."""
        if not self._parts:
            return
        tail = "".join(self._parts[-2:])
        if tail.endswith("\n\n"):
            return
        self._append("\n" if tail.endswith("\n") else "\n\n")

    def paragraph(self, text: str) -> None:
        """One paragraph: its inner line breaks kept, TABs as spaces, then a blank line."""
        text = text.replace("\t", " ").strip()
        if not text:
            return
        self._gap()
        start, end = self._append(text)
        if self.page is not None:
            self.locations.append(Location(start, end, page=self.page))

    def lines(self, lines: list[str]) -> None:
        """Lines that belong together (a header cell: "ỦY BAN NHÂN DÂN" / "TỈNH HƯNG YÊN")."""
        lines = [ln.replace("\t", " ").strip() for ln in lines]
        self.paragraph("\n".join(ln for ln in lines if ln))

    def new_table(self) -> int:
        """Start a table: the number its rows are located by."""
        self._tables += 1
        return self._tables

    def row(self, cells: list[str], *, table: int, row: int) -> None:
        """One table row as one line; a cell's own line breaks and TABs become spaces."""
        line = "\t".join(" ".join(c.split()) for c in cells)
        if not line.strip("\t"):
            return
        if self._parts and not self._parts[-1].endswith("\n"):
            self._append("\n")  # a row is a line of its own
        start, end = self._append(line)
        self._append("\n")
        self.locations.append(Location(start, end, page=self.page, table=table, row=row))

    def table(self, rows: list[list[str]], *, at_edge: bool) -> None:
        """A table of the file: task tables as rows; a layout table (see `is_layout_table`) as lines,
        column by column, as the text layout has the header and the signature block."""
        if is_layout_table(rows, at_edge):
            for column in range(max((len(r) for r in rows), default=0)):
                for r in rows:
                    if column < len(r) and r[column].strip() and r[column] != DITTO:
                        self.lines([ln for ln in r[column].split("\n") if not _RULE_LINE.match(ln.strip())])
            return
        number = self.new_table()
        self.table_break()
        for i, cells in enumerate(rows, start=1):
            self.row(cells, table=number, row=i)
        self.table_break()

    def table_break(self) -> None:
        """A page breaks the table here: a blank line, as the text tables know it."""
        self._gap()

    def result(self, fmt: str, *, encoding: str = "utf-8", warnings: list[str] | None = None) -> Extracted:
        text = "".join(self._parts).rstrip("\n") + "\n"
        return Extracted(text=text, format=fmt, encoding=encoding, locations=self.locations,
                         warnings=list(warnings or []))


# The words of a page's layout blocks: the issuer | motto header, the recipients | signature block.
_LAYOUT_WORDS = ("CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "Độc lập", "Nơi nhận", "Số:", "TM.", "KT.", "GIÁM ĐỐC",
                 "CHỦ TỊCH", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "TỈNH ỦY", "ĐẢNG CỘNG SẢN")
_RULE_LINE = re.compile(r"^[-_–—=.*~·•]{3,}$")  # the short rule drawn under a header's lines


def used_columns(rows: list[list[str]]) -> list[int]:
    """The columns of a table that hold text somewhere."""
    width = max((len(r) for r in rows), default=0)
    return [c for c in range(width) if any(c < len(r) and r[c].strip() and r[c] != DITTO for r in rows)]


def is_layout_table(rows: list[list[str]], at_edge: bool) -> bool:
    """The issuer | motto block or the recipients | signature block, set as a borderless table: at
    most two columns of text and four rows, holding a header's or signature's words, or a small
    table at the top or the bottom of the document (a piece of a wide table there is still a table)."""
    columns = used_columns(rows)
    if not columns:
        return True
    if len(columns) > 2 or len(rows) > 4:
        return False
    text = "\n".join(c for r in rows for c in r if c != DITTO)
    if any(word in text for word in _LAYOUT_WORDS):
        return True
    return at_edge and max(len(r) for r in rows) <= 3


# --------------------------------------------------------------------------------------------------
# which reader a file needs
# --------------------------------------------------------------------------------------------------

_FORMAT_NAMES = {
    "txt": "a text file", "md": "a Markdown file", "docx": "a Word .docx file", "pdf": "a PDF file",
    "html": "a web page", "office": "a legacy office file", "doc": "an old Word .doc file",
    "odt": "an OpenDocument text file", "rtf": "an RTF file",
}


def _sniff(raw: bytes) -> str | None:
    """The format the bytes themselves say, or None when they are (or may be) plain text."""
    head = raw[:2048].lstrip()
    if raw.startswith(b"%PDF") or raw[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        if b"word/" in raw[:65536] or b"[Content_Types].xml" in raw[:65536] and b"word" in raw:
            return "docx"
        if b"application/vnd.oasis.opendocument.text" in raw[:200]:
            return "odt"
        return "zip"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if raw.startswith(b"{\\rtf"):
        return "rtf"
    low = head[:1024].lower()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Word saves "Unicode" web pages as UTF-16
        try:
            low = raw[:2048].decode("utf-16", errors="ignore").lstrip("\ufeff \r\n\t").lower().encode()
        except UnicodeError:
            low = b""
        if low.startswith((b"<!doctype html", b"<html", b"<body", b"<?xml")) and b"<html" in low or b"<body" in low:
            return "html"
        return None
    for bom in (b"\xef\xbb\xbf",):
        if low.startswith(bom):
            low = low[len(bom):].lstrip()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in raw[:4096].lower() \
            or (low.startswith(b"<") and (b"<body" in raw[:65536].lower() or b"<table" in raw[:65536].lower())):
        return "html"
    if low.startswith(b"mime-version:") and b"text/html" in raw[:8192].lower():
        return "mhtml"
    return None


def document_format(path: Path, raw: bytes) -> tuple[str, str | None]:
    """(reader, warning): the reader the file's content needs, and a sentence when its name says otherwise."""
    by_name = DOCUMENT_SUFFIXES.get(path.suffix.lower(), "txt")
    by_content = _sniff(raw)
    if by_content is None:
        if by_name in {"txt", "md", "html"}:
            return by_name, None
        from ..clean import decode

        try:
            decode(raw)
        except UnreadableFile:
            raise UnreadableFile(
                f"it is named {path.suffix} but is not {_FORMAT_NAMES.get(by_name, by_name)} (its first bytes "
                f"are not those of one): it is damaged or mis-named; download or export it again") from None
        return "txt", (f"it is named {path.suffix} but holds plain text; it was read as text")
    if by_content == "zip":
        raise UnreadableFile(
            "it is a ZIP archive but not a Word document (no word/ part): if it is a .docx it is damaged; "
            "otherwise unpack it and load the documents inside")
    if by_content == "mhtml":
        raise UnreadableFile("it is a web archive (.mht): open it in a browser and save it as a web page (.html)")
    reader = "office" if by_content in {"doc", "odt", "rtf"} else by_content
    if reader == by_name or (by_name == "office" and reader == "office"):
        return reader, None
    if by_name == "txt" and path.suffix.lower() not in DOCUMENT_SUFFIXES:
        return reader, None
    return reader, (f"it is named {path.suffix or 'without a suffix'} but is {_FORMAT_NAMES.get(by_content, by_content)}; "
                    f"it was read as such")


def extract(path: str | Path, raw: bytes | None = None) -> Extracted:
    """The file's text in the loaders' layout. Raises UnreadableFile with a reason a user can act on."""
    path = Path(path)
    if raw is None:
        try:
            raw = path.read_bytes()
        except IsADirectoryError:
            raise UnreadableFile("it is a folder, not a file") from None
        except OSError as exc:
            raise UnreadableFile(f"it cannot be opened ({exc.strerror or exc})") from None
    if not raw.strip():
        from ..clean import empty_reason

        raise UnreadableFile(empty_reason(raw))
    reader, warning = document_format(path, raw)
    if reader == "txt":
        from .text import read_txt as read
    elif reader == "md":
        from .text import read_markdown as read
    elif reader == "docx":
        from .docx import read_docx as read
    elif reader == "pdf":
        from .pdf import read_pdf as read
    elif reader == "html":
        from .html import read_html as read
    else:
        from .office import read_office as read
    try:
        extracted = read(raw, path)
    except UnreadableFile as exc:
        if warning:
            raise UnreadableFile(f"{warning.split(';')[0]}, and {exc}") from None
        raise
    if warning:
        extracted.warnings.insert(0, warning[0].upper() + warning[1:] + ".")
    return extracted


# Files a folder of documents often holds that are not documents, and why they are skipped.
_SKIPPED_SUFFIXES: dict[str, str] = {
    ".json": "JSON data, not a document", ".jsonl": "JSON data, not a document",
    ".ndjson": "JSON data, not a document", ".ttl": "RDF data, not a document",
    ".nt": "RDF data, not a document", ".jsonld": "RDF data, not a document",
    ".graphml": "graph data, not a document", ".csv": "a spreadsheet export, not a document",
    ".tsv": "a spreadsheet export, not a document", ".xlsx": "a spreadsheet, not a document",
    ".xls": "a spreadsheet, not a document", ".ods": "a spreadsheet, not a document",
    ".png": "an image: scan it to PDF and load that, or OCR it", ".jpg": "an image: OCR it first",
    ".jpeg": "an image: OCR it first", ".gif": "an image", ".svg": "an image", ".webp": "an image",
    ".tif": "an image: OCR it first", ".tiff": "an image: OCR it first",
    ".zip": "an archive: unpack it and load the documents inside",
    ".rar": "an archive: unpack it and load the documents inside",
    ".7z": "an archive: unpack it and load the documents inside",
    ".gz": "an archive: unpack it and load the documents inside",
    ".js": "a script of a saved web page", ".css": "a style sheet of a saved web page",
    ".py": "program code", ".pkl": "Python data", ".pickle": "Python data",
    ".pptx": "a slide show", ".ppt": "a slide show",
}
_OWN_OUTPUTS = {"graph.json", "graph.ttl", "graph.html", "findings.json", "expected.json", "summary.json"}


def skip_reason(path: Path, *, named: bool = False) -> str | None:
    """Why a file found in a folder is not read as a document, or None when it is one.

    `named`: the user named the file itself; then a suffix kg does not know is read by its content."""
    special = _special_file(path)
    if special:
        return special
    name = path.name.lower()
    if name in {"readme.md", "readme.txt", "readme"}:
        return "a README, not a document"
    if name in _OWN_OUTPUTS:
        return "a file kg writes itself (an output, not a document)"
    if name.startswith("~$") or name.startswith(".~lock"):
        return "an office program's lock file"
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        return None
    if suffix in _SKIPPED_SUFFIXES:
        return _SKIPPED_SUFFIXES[suffix]
    if named:
        return None
    known = ", ".join(sorted({s for s in DOCUMENT_SUFFIXES}))
    return f"its type ({suffix or 'no suffix'}) is not a document format kg reads ({known})"


def _special_file(path: Path) -> str | None:
    """A pipe, socket or device is never opened (a pipe would wait for ever, /dev/zero never ends)."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # a missing file is said elsewhere
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"{kind}, not a file: kg reads documents saved as files"
