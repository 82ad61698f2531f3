"""Assignment tables (Phụ lục): find them in extracted text and rebuild their logical rows.

Text extracted from PDF or Word keeps one table row per line with TAB-separated cells. Pages
break tables: a blank line, often the header again, and a row cut in two. Merged cells come out
blank below their first row, or drop out and shift the row left. This module undoes that and
yields rows whose cells are named by role (code, content, lead, …); `loaders.tasks` turns rows
into tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .agencies import is_group, split_mentions, head_word_of
from .textutil import fold, lines_at

# Header words -> column role. Folded (no diacritics); the first match in this order wins, so
# "Đơn vị chủ trì" is a lead column and "Cơ quan phối hợp" a co-ordinating one.
HEADER_ROLES: tuple[tuple[str, str], ...] = (
    ("ghi chu", "note"),  # Ghi chú
    ("phoi hop", "coord"),  # Cơ quan phối hợp
    ("chu tri", "lead"),  # Đơn vị chủ trì
    ("bat dau", "start"),  # Bắt đầu
    ("hoan thanh", "end"),  # Hoàn thành
    ("ket thuc", "end"),
    ("thoi gian", "deadline"),  # Thời gian thực hiện
    ("thoi han", "deadline"),
    ("tien do", "deadline"),
    ("don vi thuc hien", "lead"),  # Đơn vị thực hiện: a single column names leads
    ("co quan thuc hien", "lead"),
    ("don vi", "lead"),  # Phòng/ Đơn vị thực hiện
    ("san pham", "product"),  # Sản phẩm, Kết quả/ sản phẩm
    ("ket qua", "product"),
    ("noi dung", "content"),  # Nội dung nhiệm vụ, Nội dung thực hiện
    ("nhiem vu", "content"),
    ("muc tieu", "content"),  # Mục tiêu
    ("giai phap", "content"),
    ("stt", "code"),
    ("tt", "code"),  # TT, Stt
)
_ROLE_WORDS = {"code", "content", "lead", "coord", "product", "deadline", "start", "end", "note"}

# A row's number: "1", "2.1", "1.", "3.2.1", "I", "II.", "a)", "a." (Stt / TT column).
CODE = re.compile(r"^(?:\d{1,5}(?:\.\d{1,3}){0,3}\.?|[IVX]{1,5}\.?|[a-zđ][).])$")  # up to 99,999 rows
_DATE_CELL = re.compile(
    r"^(?:\d{1,2}/\d{4}|(?:quý|quí|q)\s*[IV\d]+.*|\d{4}(?:\s*[-–]\s*\d{4})?|giai đoạn.*|"
    r"hàng năm.*|hằng năm.*|định kỳ.*|thường xuyên.*|cuối .*|trước .*|trong .*|tháng .*)[;.]?$",
    re.IGNORECASE,
)


# A cell continuing a vertical merge, as the Word, PDF and HTML readers write it (loaders.formats):
# it holds the value of the cell above.
DITTO = "\u3003"


@dataclass(slots=True)
class Row:
    """One logical row: cells by role, with the character span of its line(s). Slotted, and with no set
    of its own until a cell is merged: a table of 25,000 rows held 23 MB of them."""

    cells: dict[str, str]
    start: int
    end: int
    line_count: int = 1
    inherited: frozenset[str] = frozenset()  # roles whose cell is merged with the one above

    def get(self, role: str) -> str:
        return self.cells.get(role, "").strip()


@dataclass
class Table:
    """One assignment table, its roles in column order, its rows, and where it was found."""

    roles: list[str]
    rows: list[Row] = field(default_factory=list)
    title: str | None = None  # the "PHỤ LỤC …" line above it
    appendix: str | None = None  # "I", "II" from "PHỤ LỤC II"
    start: int = 0
    end: int = 0
    problems: list[str] = field(default_factory=list)


_APPENDIX = re.compile(r"^\s*PHỤ LỤC\s*(?P<num>[IVX]+|\d+)?\b", re.IGNORECASE)


def header_roles(cells: list[str]) -> list[str] | None:
    """Roles of a header row, or None when the row is not a header.

    A header names a task column (content) and at least one of lead / time / product columns.
    """
    roles = []
    for c in cells:
        role = _role_of(c)
        if role is None and c.strip():
            return None  # a filled cell that names no column (every data row): stop at the first
        roles.append(role)
    named = {r for r in roles if r}
    if "content" in named and len(named & {"lead", "coord", "deadline", "start", "product"}) >= 1 and len(named) >= 3:
        return [r or "" for r in roles]
    return None


def _subheader_roles(cells: list[str]) -> list[str] | None:
    """A second header line under merged header cells: 'Chủ trì | Phối hợp | Bắt đầu | Hoàn thành'."""
    roles = [_role_of(c) if c.strip() else "" for c in cells]
    filled = [c for c in cells if c.strip()]
    if filled and all(_role_of(c) for c in filled) and "content" not in roles:
        return roles
    return None


def _role_of(cell: str) -> str | None:
    # A header cell is a few words: a cell of more than 200 characters names no column, and is neither
    # folded (a cell of a million dots once took 16 MB to fold) nor kept in the cache.
    if len(cell) > 200:
        return None
    return _short_role_of(cell)


@lru_cache(maxsize=4096)
def _short_role_of(cell: str) -> str | None:
    # The fold of a cell's start is never longer than the cell's own fold: a long content cell is
    # known to name no column from its first 100 characters, without folding all of it.
    if len(cell) > 100 and len(fold(cell[:100])) > 40:
        return None
    folded = fold(cell)
    if not folded or len(folded) > 40:
        return None
    # `folded` is words of [0-9a-z] joined by single spaces, so "word between blanks or the ends"
    # is a substring test on the space-padded forms: no regex per header word.
    padded = f" {folded} "
    for word, role in HEADER_ROLES:
        if f" {word} " in padded:
            return role
    return None


def find_tables(text: str) -> list[Table]:
    """Every assignment table in the cleaned text, with rows rebuilt across page breaks."""
    tables: list[Table] = []
    current: Table | None = None
    width = 0
    after_break = False
    last_appendix: tuple[str | None, str | None] = (None, None)
    for start, end, line in lines_at(text):
        if "\t" not in line:
            stripped = line.strip()
            if not stripped:
                after_break = True
                continue
            m = _APPENDIX.match(line) if stripped[0] in "pP" else None  # it opens with "phụ lục"
            if m:
                last_appendix = (m.group("num"), line.strip())
            if current is not None:
                current.end = start
                tables.append(current)
                current = None
            continue
        cells = _cells(line)
        merged = [c == DITTO for c in cells] if DITTO in line else []  # only Word, PDF and HTML write them
        if any(merged):
            cells = ["" if m else c for c, m in zip(cells, merged)]
        roles = header_roles(cells)
        if roles is not None:
            if current is None:
                current = Table(roles=roles, appendix=last_appendix[0], title=last_appendix[1], start=start)
                width = len(roles)
            after_break = True  # a repeated header is a page break
            continue
        if current is None:
            continue
        if not current.rows and (sub := _subheader_roles(cells)) is not None:
            current.roles = [s or r for r, s in zip(current.roles, sub + [""] * len(current.roles))]
            continue
        cells = (cells + [""] * width)[:width] if len(cells) <= width else _fold_extra(cells, width)
        count = len(current.rows)
        _add_row(current, cells, start, end, after_break)
        if any(merged) and len(current.rows) > count >= 1:
            _inherit_merged(current, merged)
        after_break = False
    if current is not None:
        current.end = len(text)
        tables.append(current)
    return tables


def _inherit_merged(table: Table, merged: list[bool]) -> None:
    """The new row's cells merged with those above take their value (a Word vMerge, an HTML rowspan)."""
    row, above = table.rows[-1], table.rows[-2]
    for role, is_merged in zip(table.roles, merged):
        if is_merged and role and not row.cells.get(role) and above.cells.get(role):
            row.cells[role] = above.cells[role]
            row.inherited |= {role}


MAX_COLUMNS = 100  # no table is wider; the cells past it are read as one (a line of a million tabs)
_TAB_RUN = re.compile(r"\s*\t\s*")


def _cells(line: str) -> list[str]:
    """A line's cells, stripped; past MAX_COLUMNS the rest are one cell, its filled cells joined by a
    space (as _fold_extra joins the cells past a header's width)."""
    cells = line.split("\t", MAX_COLUMNS)
    if len(cells) > MAX_COLUMNS:
        cells[-1] = _TAB_RUN.sub(" ", cells[-1])
    return [c.strip() for c in cells]


def _fold_extra(cells: list[str], width: int) -> list[str]:
    """More cells than header columns: keep the first width-1, join the rest into the last."""
    return cells[: width - 1] + [" ".join(c for c in cells[width - 1:] if c)]


def _add_row(table: Table, cells: list[str], start: int, end: int, after_break: bool) -> None:
    roles = table.roles
    code_col = roles.index("code") if "code" in roles else None
    filled = [i for i, c in enumerate(cells) if c]
    if not filled:
        return
    code = cells[code_col] if code_col is not None else ""
    has_code = bool(code) and bool(CODE.match(code))
    if table.rows and not has_code and _is_continuation(cells, roles, after_break):
        _merge_continuation(table, cells, end)
        return
    if code_col is not None and code and not has_code:
        # the number column holds text: merged cells on the left dropped out; realign by content
        cells = _realign(cells, table)
    table.rows.append(Row(cells={r: c for r, c in zip(roles, cells) if r and c}, start=start, end=end))


def _is_continuation(cells: list[str], roles: list[str], after_break: bool) -> bool:
    """The rest of the row above, cut by a page break: lowercase start, or no task text of its own."""
    if not after_break:
        return False
    first = next(c for c in cells if c)
    if first[0].islower():
        return True
    content = [c for c, r in zip(cells, roles) if r == "content"]
    return bool(content) and not any(content) and first[0] in "–-,;("


def _merge_continuation(table: Table, cells: list[str], end: int) -> None:
    roles = table.roles
    for i, cell in enumerate(cells):
        if not cell:
            continue
        role = roles[i]
        if role == "code" or not role:
            # text in the number column is the end of the row's text cell
            target_row, role = _last_text_cell(table)
        else:
            target_row = next((r for r in reversed(table.rows) if r.get(role)), table.rows[-1])
        if target_row is None:
            continue
        joined = f"{target_row.cells.get(role, '')} {cell}".strip()
        target_row.cells[role] = joined
    table.rows[-1].end = end
    table.rows[-1].line_count += 1


def _last_text_cell(table: Table) -> tuple[Row | None, str]:
    row = table.rows[-1]
    for role in reversed(table.roles):
        if role in {"content", "product", "note"} and row.get(role):
            return row, role
    return row, "content"


def cell_kind(cell: str) -> str:
    """'empty', 'code', 'time', 'agency' or 'text': what a cell holds, judged by its words."""
    text = cell.strip()
    if not text:
        return "empty"
    if CODE.match(text):
        return "code"
    if _DATE_CELL.match(text):
        return "time"
    mentions = split_mentions(text) if len(text) < 160 else []
    if mentions and all(head_word_of(m) or is_group(m) for m in mentions):
        return "agency"
    return "text"


_FIT = {
    ("time", "deadline"): 3, ("time", "start"): 3, ("time", "end"): 3,
    ("agency", "lead"): 2, ("agency", "coord"): 2,
    ("text", "content"): 2, ("text", "product"): 2, ("text", "note"): 1,
    ("agency", "note"): 1,
}


def _realign(cells: list[str], table: Table) -> list[str]:
    """Place a row's non-empty cells in the columns they fit, keeping their order.

    Dynamic programming over (cell, column) maximises how well each cell's kind fits its column
    (dates in time columns, agencies in lead/co-ordination columns, prose in text columns); ties
    go to the columns most often filled in this table, and a group to the co-ordination column.
    """
    roles = table.roles
    items = [(cell_kind(c), c) for c in cells if c]
    fill = {r: sum(1 for row in table.rows if row.get(r)) for r in roles}
    total = max(1, len(table.rows))

    def score(kind: str, cell: str, col: int) -> float:
        role = roles[col]
        base = _FIT.get((kind, role), -3.0 if role == "code" else -1.0)
        if kind == "text" and role == "content" and "product" in roles:
            # the cells that dropped out are the merged ones on the left (number, task text), so a
            # row's own text is its result
            base -= 0.5
        bonus = 0.1 * fill.get(role, 0) / total
        if kind == "agency" and role == "coord" and is_group(cell):
            bonus += 0.5
        return base + bonus

    n, m = len(items), len(roles)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[-1] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            # item i-1 goes to column j-1, the previous items to columns before it
            prev = max(range(i - 1, j), key=lambda k: best[i - 1][k])
            if best[i - 1][prev] == neg:
                continue
            best[i][j] = best[i - 1][prev] + score(items[i - 1][0], items[i - 1][1], j - 1)
            back[i][j] = prev
    j = max(range(n, m + 1), key=lambda k: best[n][k])
    out = [""] * m
    for i in range(n, 0, -1):
        out[j - 1] = items[i - 1][1]
        j = back[i][j]
    return out
