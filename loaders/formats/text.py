"""Plain text and Markdown: decoded as text files are; Markdown pipe tables become TAB rows.

PDF-to-Markdown converters write a plan's appendix as pipe tables (`| TT | Nội dung | … |` over a
`|---|---|` line), one table per page, with bold group rows (`| **I** | **Nhiệm vụ chung** | | |`).
Each pipe row becomes one TAB-separated line and each table is set off by blank lines, so a page's
table after another reads as the same table broken by a page. The Markdown marks themselves
(bold, headings, `<br>`) are stripped later by `loaders.clean`, as in any text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..clean import decode
from . import Extracted, Location

__all__ = ["read_markdown", "read_txt", "pipe_tables_to_rows"]

# A delimiter row: "|---|:---:|", "--- | ---", at least two columns.
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def read_txt(raw: bytes, path: Path) -> Extracted:
    text, encoding = decode(raw)
    if "|" in text and _DELIMITER.search(text):
        text, locations = pipe_tables_to_rows(text)
        return Extracted(text=text, format="txt", encoding=encoding, locations=locations)
    return Extracted(text=text, format="txt", encoding=encoding)


def read_markdown(raw: bytes, path: Path) -> Extracted:
    text, encoding = decode(raw)
    text, locations = pipe_tables_to_rows(text)
    return Extracted(text=text, format="md", encoding=encoding, locations=locations)


def _cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(body)]


def _is_row(line: str) -> bool:
    return "|" in line and line.strip() != ""


def pipe_tables_to_rows(text: str) -> tuple[str, list[Location]]:
    """Every pipe table (header row, delimiter row, body rows) as TAB rows; other lines unchanged."""
    lines = text.split("\n")
    out: list[str] = []
    locations: list[Location] = []
    pos = 0
    table = 0
    i = 0

    def emit(line: str, loc: tuple[int, int] | None = None) -> None:
        nonlocal pos
        if loc is not None:
            locations.append(Location(pos, pos + len(line), table=loc[0], row=loc[1]))
        out.append(line)
        pos += len(line) + 1

    width = 0  # of the last table, while only blank lines follow it
    row = 0
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and _is_row(line) and _DELIMITER.match(lines[i + 1]):
            table += 1
            width = len(_cells(line))
            if out and out[-1].strip():
                emit("")
            emit("\t".join(_cells(line)), (table, 1))
            row = 1
            i += 2
        elif width and _is_row(line) and len(_cells(line)) == width:
            # rows after a blank line, without a header of their own: the table goes on after a page break
            table += 1
            row = 0
        else:
            if line.strip():
                width = 0
            emit(line)
            i += 1
            continue
        while i < len(lines) and _is_row(lines[i]) and not _DELIMITER.match(lines[i]):
            cells = _cells(lines[i])
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            row += 1
            emit("\t".join(cells), (table, row))
            i += 1
        if i < len(lines) and lines[i].strip():
            emit("")
    return "\n".join(out), locations
