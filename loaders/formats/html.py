"""Web pages (.html, .htm, Word's "Save as Web Page"): the document's body, without the site around it.

Users save decisions, resolutions and plans from legal portals (national and provincial document
databases, the gazette, provincial portals, legal libraries) or from Word. Only the document is read:

* Decoding: a byte-order mark, then UTF-8 when the bytes are UTF-8, then the charset the page
  declares (meta tag or XML declaration), the legacy Vietnamese encodings found by `loaders.clean.decode`
  otherwise (a page typed in a TCVN3 or VNI font is declared Western but is not).
* Noise is dropped: scripts, styles, forms' controls, hidden elements; navigation, headers, footers,
  sidebars, menus, breadcrumbs, login boxes, share buttons, comments, ads, "related documents" found
  by their element (nav, aside, …), role or class/id words, unless they hold the document's own
  marks ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Số:", "Căn cứ", "Điều 1", "Nơi nhận", "TM.").
* The body is found by content, not by a site's class names: from <body>, go down into the child
  holding the most text that is not link text, as long as it holds nearly all of it (or most of it
  and every mark of a document its parent holds). Blocks in it made mostly of links (lists of other
  documents, menus) are dropped. A page Word saved is all document: its body is read whole.
* Block elements (p, div, h1-h6, li, table cells …) end paragraphs; <br> ends a line inside one;
  inline elements stay inline; numbering a browser draws for <ol> is not text (as in Word, only
  typed numbers are kept; Word's own list numbers are text in its HTML and are kept).
* Tables: a cell spanning columns is written once with blanks after it, a cell spanning rows is the
  ditto mark below its first row (what `loaders.tables` reads as "the value above"); th cells are
  cells; a table nested in a cell is read as text. The issuer | motto and recipients | signature
  tables are written as lines, column by column, as in `formats.docx`. A table that only lays the
  page out (one column, or a cell holding the document's own tables) is read as flowing text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..clean import decode
from . import DITTO, Extracted, TextBuilder, UnreadableFile, used_columns

__all__ = ["read_html"]

# --------------------------------------------------------------------------------------------------
# decoding
# --------------------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([-\w.:]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHARSETS = {
    "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "windows-1258": "cp1258", "cp1258": "cp1258", "x-cp1258": "cp1258",
    "windows-1252": "cp1252", "cp1252": "cp1252", "iso-8859-1": "cp1252", "latin1": "cp1252",
    "latin-1": "cp1252", "iso8859-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "x-user-defined": "cp1252", "iso-8859-15": "cp1252",
    "utf-16": "utf-16", "unicode": "utf-16", "utf-16le": "utf-16", "utf-16be": "utf-16",
}
# Whole elements whose text is never shown (their bytes are left out when guessing an encoding).
_HIDDEN_BYTES = re.compile(rb"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.I | re.S)
# A Vietnamese letter written as a character reference (&#7879; &#x1EC7; &#432;): the page is
# Unicode through references, whatever single-byte charset it declares.
_VIETNAMESE_REFERENCE = re.compile(
    rb"&#(?:x(?:1e[a-f][0-9a-f]|10[23]|11[01]|1a[01]|1af|1b0)|7[89]\d\d|25[89]|27[23]|41[67]|43[12]);", re.I)


def _declared_charset(raw: bytes) -> str | None:
    head = raw[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    return _CHARSETS.get(name, name)


def _legacy_decoder(name: str):
    """The decoder `loaders.clean` chose `name` with (TCVN3, VNI, Windows-1258)."""
    from ..clean import decode_as

    return lambda raw: decode_as(raw, name)


def _decode_page(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a web page's bytes."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise UnreadableFile("it starts with a UTF-8 byte-order mark but is not valid UTF-8: "
                                 "save the page again as UTF-8 and load it") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableFile("it starts with a UTF-16 byte-order mark but is not valid UTF-16: "
                                 "save the page again as UTF-8 and load it") from None
    visible = _HIDDEN_BYTES.sub(b" ", raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if not raw.isascii() and not visible.isascii():
            decode(visible)  # refuses Vietnamese that was converted twice (“Viá»‡t”), with the reason
        return text, "utf-8"
    declared = _declared_charset(raw)
    if declared == "cp1258":
        try:
            return unicodedata.normalize("NFC", raw.decode("cp1258")), "cp1258"
        except UnicodeDecodeError:
            pass
    if declared == "cp1252" and _VIETNAMESE_REFERENCE.search(raw):
        return raw.decode("cp1252", errors="replace"), "cp1252"
    try:
        _, name = decode(visible)  # how Vietnamese the page's words read in each legacy encoding
    except UnreadableFile:
        if declared and declared not in {"utf-8", "utf-16"}:
            try:
                return raw.decode(declared, errors="replace"), declared
            except LookupError:
                pass
        raise
    if name in {"utf-8", "utf-8-sig", "utf-16"}:  # not reached: UTF-8 pages were decoded above
        return raw.decode(name, errors="replace"), name
    return _legacy_decoder(name)(raw), name


# --------------------------------------------------------------------------------------------------
# the tree, cleaned of what is not the document
# --------------------------------------------------------------------------------------------------

# Blocks: each ends the paragraph before it and the one it holds.
_BLOCK = frozenset("""
    address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section summary
    table tbody thead tfoot tr td th caption ul
""".split())
# Never shown, or controls: dropped with their content.
_NEVER_TEXT = frozenset("""
    script style noscript template iframe frame frameset svg canvas object embed applet button select
    option optgroup textarea input map audio video head title meta link base datalist progress meter
""".split())
# Around the document, not in it (kept only when they hold the document's own marks).
_AROUND = frozenset("nav aside header footer menu dialog".split())
_AROUND_ROLES = frozenset("navigation banner contentinfo search complementary menu menubar dialog alert".split())
# Words of class and id names that mark site furniture. Matched as whole words of the name
# ("box-lienquan", "LeftMenu", "ctl00_Footer1" → lienquan / menu / footer).
_AROUND_WORDS = frozenset("""
    nav navbar navigation menu menubar submenu topmenu mainmenu megamenu breadcrumb breadcrumbs crumb
    crumbs footer header masthead topbar sidebar sidebox aside banner login logon signin signup register
    dangnhap dangky search timkiem share sharing social socials like facebook zalo twitter comment comments
    binhluan ykien related lienquan vblienquan tinlienquan tinkhac othernews ads advert adverts advertisement
    quangcao cookie cookies consent popup modal toolbar pagination pager paging rating tags tag widget
    copyright hotline weather counter thongke visitor visitors lienket weblink weblinks hashtag
""".split())
_NAME_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)

# The marks of a document's own text, case as written (a portal's "Quyết định" menu is not one).
_MARKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("motto", re.compile(r"CỘNG HO?[ÀÒ]A?\s+XÃ HỘI CHỦ NGHĨA|Độc lập\s*[-–—]+\s*Tự do|ĐẢNG CỘNG SẢN VIỆT NAM")),
    ("number", re.compile(r"(?m)^\s*Số\s*(?::|\d+\s*[-/])")),  # "Số: 12/KH-UBND", a Party's "Số 01-CTr/TU"
    ("place-date", re.compile(r"(?m)^\s*[^\n,]{2,40},\s*ngày\b[^\n]{0,20}tháng[^\n]{0,12}năm\s+\d{4}")),
    ("basis", re.compile(r"Căn cứ|Thực hiện (?:Quyết định|Kế hoạch|Nghị quyết|Chỉ thị|Chương trình|Công văn)")),
    ("article", re.compile(r"Điều\s+1\b")),
    ("recipients", re.compile(r"Nơi nhận")),
    ("signature", re.compile(r"(?m)^\s*(?:TM|KT|TL|TUQ)\.\s*[A-ZĐÂĂÊÔƠƯ]")),
    ("type", re.compile(r"(?m)^\s*(?:KẾ HOẠCH|QUYẾT ĐỊNH|NGHỊ QUYẾT|CHỈ THỊ|THÔNG BÁO|CHƯƠNG TRÌNH|ĐỀ ÁN|"
                        r"HƯỚNG DẪN|THÔNG TƯ|NGHỊ ĐỊNH|BÁO CÁO|QUY ĐỊNH|QUY CHẾ|CÔNG VĂN|TỜ TRÌNH)\s*$")),
    ("appendix", re.compile(r"(?m)^\s*PHỤ LỤC")),
    ("lead", re.compile(r"[Cc]hủ trì")),
)

# Short lines of a portal's furniture that sit inside the content block ("Lượt xem: 120").
_FURNITURE_LINE = re.compile(
    r"^(?:văn bản liên quan|văn bản cùng lĩnh vực|tin liên quan|bài viết liên quan|các tin khác|tin khác|"
    r"tin cùng chuyên mục|chia sẻ|share|bình luận|ý kiến bạn đọc|gửi ý kiến|in trang|in văn bản|bản in|print|"
    r"tải về|tải văn bản|download|tệp đính kèm|file đính kèm|lượt xem|số lượt xem|lượt truy cập|"
    r"về đầu trang|đầu trang|quay lại|trở về|xem thêm|xem tiếp|gửi email|theo dõi)\b[^\n]{0,30}$",
    re.I,
)


def _tag(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return tag.rsplit("}", 1)[-1].lower()


def _plain(el, out: list[str], *, links: bool) -> None:
    """The element's text, blocks on lines of their own; link text left out unless `links`."""
    tag = _tag(el)
    if not tag:
        return
    block = tag in _BLOCK
    if block:
        out.append("\n")
    in_link = not links and tag == "a" and el.get("href") is not None
    if el.text and not in_link:
        out.append(el.text)
    for child in el:
        if in_link:
            continue
        _plain(child, out, links=links)
        if child.tail:
            out.append(child.tail)
    if block or tag == "br":
        out.append("\n")


def _text_of(el, *, links: bool = False) -> str:
    out: list[str] = []
    _plain(el, out, links=links)
    text = re.sub(r"[^\S\n]+", " ", "".join(out))
    return re.sub(r" ?\n[\s]*", "\n", text).strip()


def _size(text: str) -> int:
    return len(text) - text.count("\n") - text.count(" ")


def _marks(text: str) -> frozenset[str]:
    text = unicodedata.normalize("NFC", text)  # pages may hold decomposed letters ("Số" as "So" + marks)
    return frozenset(name for name, pattern in _MARKS if pattern.search(text))


@dataclass
class _Measure:
    size: int  # visible characters outside links, blanks not counted
    marks: frozenset[str]


class _Page:
    """The parsed page, the facts about it the error messages need, and cached measures of elements."""

    def __init__(self, text: str) -> None:
        import lxml.html
        from lxml import etree

        text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
        try:
            self.root = lxml.html.document_fromstring(text, parser=parser)
        except (etree.ParserError, ValueError):
            raise UnreadableFile("it is named as a web page but holds no HTML: open it in a browser; if it shows the "
                                 "document, save it again as a web page (.html)") from None
        low = text[:200_000].lower()
        self.word = ("urn:schemas-microsoft-com:office" in low or 'content="microsoft word' in low
                     or "content=microsoft word" in low or "class=msonormal" in low or 'class="msonormal"' in low)
        title = self.root.find(".//title")
        self.title = " ".join((title.text_content() if title is not None else "").split())
        self.password = bool(self.root.xpath(".//input[@type='password' or @type='PASSWORD']"))
        self.scripts = len(self.root.xpath(".//script"))
        self._cache: dict[object, _Measure] = {}

    def measure(self, el) -> _Measure:
        found = self._cache.get(el)
        if found is None:
            text = _text_of(el)
            found = self._cache[el] = _Measure(_size(text), _marks(text))
        return found


def _is_hidden(el) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true" and _tag(el) not in {"p", "td", "th"}:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _name_words(el) -> set[str]:
    words: set[str] = set()
    for attr in ("class", "id"):
        value = el.get(attr)
        if value:
            for part in re.split(r"[^A-Za-z]+", value):
                words.update(w.lower() for w in _NAME_WORD.findall(part))
                words.add(part.lower())
    return words


def _around(el) -> str | None:
    """Site furniture by its element, role or class/id words: "edge" for a page's header or footer
    (where a document's own header or signature may be set), "side" for the rest; None otherwise."""
    tag = _tag(el)
    if tag in {"html", "body"}:
        return None
    if tag in {"header", "footer"}:
        return "edge"
    if tag in _AROUND or (el.get("role") or "").lower() in _AROUND_ROLES:
        return "side"
    if tag == "form" and el.xpath(".//input[@type='password' or @type='PASSWORD']"):
        return "side"
    words = _name_words(el) & _AROUND_WORDS
    if not words:
        return None
    return "edge" if words <= _EDGE_WORDS else "side"


_EDGE_WORDS = frozenset("header footer masthead banner topbar copyright".split())


def _strip_noise(page: _Page) -> None:
    """Drop what is never text, what is hidden, and the site's furniture. A header or footer is kept
    when it holds the marks of a document's own header or signature; a sidebar, menu or list of
    other documents when it holds most of the page's text (a container with an unlucky name)."""
    doomed = []
    body = page.root.find("body")
    whole = page.measure(body if body is not None else page.root).size
    stack = [page.root]
    while stack:
        el = stack.pop()
        for child in el:
            tag = _tag(child)
            if not tag:
                continue
            if tag in _NEVER_TEXT or _is_hidden(child):
                doomed.append(child)
                continue
            kind = _around(child)
            if kind == "edge" and len(page.measure(child).marks - {"lead"}) < 2:
                doomed.append(child)
            elif kind == "side" and page.measure(child).size < 0.4 * whole:
                doomed.append(child)
            else:
                stack.append(child)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    page._cache.clear()


_CONTAINERS = frozenset("div section article main body form center font span blockquote dd td th".split())


def _own_rows(table) -> list:
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in {"thead", "tbody", "tfoot"}:
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _own_cells(row) -> list:
    return [c for c in row if _tag(c) in {"td", "th"}]


def _find_body(page: _Page):
    """The element holding the document: go down while one child holds (nearly) all of it."""
    body = page.root.find("body")
    if body is None:
        body = page.root
    if page.word:
        return body
    node = body
    while True:
        here = page.measure(node)
        if here.size == 0:
            return node
        candidates = []
        for child in node:
            tag = _tag(child)
            if tag in _CONTAINERS:
                candidates.append(child)
            elif tag in {"table", "tbody"}:  # a layout table: the cell holding the page's text
                table = child
                cells = [c for r in _own_rows(table) for c in _own_cells(r)]
                if tag == "tbody":
                    cells = [c for r in table if _tag(r) == "tr" for c in _own_cells(r)]
                candidates.extend(cells)
        if not candidates:
            return node
        best = max(candidates, key=lambda c: page.measure(c).size)
        there = page.measure(best)
        if not there.marks >= here.marks:
            return node  # part of the document is elsewhere
        share = there.size / here.size
        if share >= 0.85 or (here.marks and share >= 0.5 and len(here.marks) >= 2):
            node = best
            continue
        return node


def _prune_links(page: _Page, el) -> None:
    """Drop blocks inside the body that are mostly links (lists of other documents, menus)."""
    doomed = []
    stack = [el]
    while stack:
        node = stack.pop()
        for child in node:
            tag = _tag(child)
            if not tag:
                continue
            if tag in {"div", "ul", "ol", "section", "table", "p", "dl", "span", "td"}:
                anchors = child.xpath(".//a[@href]")
                if len(anchors) >= 2:
                    full = _size(_text_of(child, links=True))
                    own = page.measure(child)
                    if full and (full - own.size) / full >= 0.7 and not (own.marks - {"lead"}):
                        doomed.append(child)
                        continue
            stack.append(child)
    for node in doomed:
        if node.getparent() is not None:
            node.drop_tree()
    page._cache.clear()


# --------------------------------------------------------------------------------------------------
# from the body's elements to paragraphs and tables
# --------------------------------------------------------------------------------------------------

_BREAK = "\n"
_BLANKS = re.compile(r"[^\S\n]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"), None)


@dataclass
class _Table:
    rows: list[list[str]]


class _Flow:
    """Walks elements in reading order into blocks: paragraphs (lines joined by \\n) and tables."""

    def __init__(self, *, nested: bool = False) -> None:
        self.blocks: list[str | _Table] = []
        self._buf: list[str] = []
        self._nested = nested  # inside a table cell: tables are read as text
        self._pre = 0

    def flush(self) -> None:
        text = "".join(self._buf).translate(_INVISIBLE)
        self._buf = []
        lines: list[str] = []
        for raw_line in text.split(_BREAK):
            line = _BLANKS.sub(" ", raw_line).strip()
            if line:
                lines.append(line)
            elif lines:
                self.blocks.append("\n".join(lines))
                lines = []
        if lines:
            self.blocks.append("\n".join(lines))

    def _inline(self, text: str) -> None:
        if self._pre:
            self._buf.append(text.replace("\r\n", "\n").replace("\r", "\n"))
        else:
            self._buf.append(re.sub(r"\s+", " ", text))

    def walk(self, el) -> None:
        tag = _tag(el)
        if not tag:
            return
        if tag == "br":
            self._buf.append(_BREAK)
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if tag == "pre":
            self._pre += 1
        self.content(el)
        if tag == "pre":
            self._pre -= 1
        if block:
            self.flush()

    def content(self, el) -> None:
        if el.text:
            self._inline(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self._inline(child.tail)

    def table(self, el) -> None:
        grid, cells = _grid(el)
        if not grid:
            return
        if self._nested:
            for row in grid:
                line = " ".join(" ".join(c.split()) for c in row if c and c != DITTO)
                if line:
                    self.blocks.append(line)
            return
        if _lays_out(el, grid, cells):
            for cell in cells:  # reading order: row by row
                self.content(cell)
                self.flush()
            return
        self.blocks.append(_Table(grid))


def _cell_text(cell) -> str:
    flow = _Flow(nested=True)
    flow.content(cell)
    flow.flush()
    return "\n".join(b for b in flow.blocks if isinstance(b, str))


def _span(cell, name: str) -> int:
    try:
        return max(0, min(int((cell.get(name) or "1").strip().rstrip(";")), 1000))
    except ValueError:
        return 1


def _grid(table) -> tuple[list[list[str]], list]:
    """Rows × columns of a table, merged cells resolved; and its cells in reading order."""
    rows = _own_rows(table)
    taken: dict[tuple[int, int], str] = {}
    grid: list[list[str]] = []
    cells_in_order = []
    for r, tr in enumerate(rows):
        col = 0
        for cell in _own_cells(tr):
            while (r, col) in taken:
                col += 1
            cells_in_order.append(cell)
            text = _cell_text(cell)
            colspan = max(1, _span(cell, "colspan"))
            rowspan = _span(cell, "rowspan")
            if rowspan == 0:  # to the end of the table
                rowspan = len(rows) - r
            rowspan = max(1, min(rowspan, len(rows) - r))
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr == 0:
                        value = text if dc == 0 else ""
                    else:
                        value = DITTO if dc == 0 else ""
                    taken.setdefault((r + dr, col + dc), value)
            col += colspan
    for r in range(len(rows)):
        width = max((c + 1 for (rr, c) in taken if rr == r), default=0)
        grid.append([taken.get((r, c), "") for c in range(width)])
    while grid and not any(c.strip() and c != DITTO for c in grid[-1]):
        grid.pop()
    return grid, cells_in_order


def _lays_out(table, grid: list[list[str]], cells: list) -> bool:
    """A table that only places the page's blocks: one column, or a cell holding a table of its own."""
    width = len(used_columns(grid))
    # one column in use of at most two: a piece of a wide table with one column filled is a table
    if width <= 1 and max((len(r) for r in grid), default=0) <= 2 \
            and any(c.strip() and c != DITTO for row in grid for c in row):
        total = sum(len(c) for row in grid for c in row)
        return total > 0 and not (len(grid) <= 1 and total < 200)
    for cell in cells:
        inner = cell.find(".//table")
        if inner is not None and len(_text_of(inner)) > 0.3 * max(1, len(_text_of(table))):
            return True
    return False


# The first lines of a document: who issues it, the motto, its number (what comes before is the
# site's: a page title, a "Thuộc tính" line, a view counter).
_OPENING = re.compile(
    r"(?m)^(?:CỘNG HO?[ÀÒ]A?\s+XÃ HỘI|Số\s*:|(?:ỦY|UỶ) BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BỘ [A-ZĐÂĂÊÔƠƯ]|"
    r"SỞ [A-ZĐÂĂÊÔƠƯ]|TỈNH ỦY|THÀNH ỦY|CHÍNH PHỦ|THỦ TƯỚNG|ĐẢNG CỘNG SẢN|BAN [A-ZĐÂĂÊÔƠƯ]|VĂN PHÒNG)")


def _block_text(block: str | _Table) -> str:
    if isinstance(block, str):
        return block
    return "\n".join(c for r in block.rows for c in r if c and c != DITTO)


def _trim(blocks: list[str | _Table]) -> list[str | _Table]:
    """Leave out the portal's lines inside the body: furniture lines, and short lines before the opening."""
    kept = [b for b in blocks if not (isinstance(b, str) and len(b) <= 60 and _FURNITURE_LINE.match(b))]
    for i, block in enumerate(kept[:8]):
        if _OPENING.search(_block_text(block)):
            if i and all(isinstance(b, str) and len(b) < 250 for b in kept[:i]):
                return kept[i:]
            break
    return kept


def _emit(blocks: list[str | _Table]) -> TextBuilder:
    out = TextBuilder()
    for index, block in enumerate(blocks):
        if isinstance(block, str):
            out.paragraph(block)
            continue
        if block.rows:
            out.table(block.rows, at_edge=index < 3 or index >= len(blocks) - 3)
    return out


# --------------------------------------------------------------------------------------------------
# the reader
# --------------------------------------------------------------------------------------------------

_TAG = re.compile(r"<\s*(?:html|head|body|p|div|table|tr|td|br|span|font|h[1-6]|meta|title|b|i|ul|ol|li|center)\b",
                  re.I)
_ERROR_PAGE = re.compile(r"\b(?:404|403|500|502|503)\b|not found|không tìm thấy|không tồn tại|page not|"
                         r"lỗi|error|forbidden|access denied|truy cập bị từ chối", re.I)


def _no_document(page: _Page, text: str) -> UnreadableFile:
    probe = f"{page.title}\n{text[:400]}"
    if page.password:
        return UnreadableFile("it is a login page, not a document: log in on the site, open the document's "
                              "full text (toàn văn) and save that page")
    if _ERROR_PAGE.search(probe):
        return UnreadableFile(f"it is an error page (“{(page.title or text[:60]).strip()}”) saved instead of the "
                              "document: open the document's page again and save it once it shows the text")
    if page.scripts >= 3 and len(text) < 200:
        return UnreadableFile("it is a web page whose text is filled in by scripts, and the saved copy holds none "
                              "of it: save the page once it shows the document (Save as “Web page, complete”) "
                              "or print it to PDF")
    return UnreadableFile("it is a web page without a document's text (no paragraphs of a decision, plan or "
                          "resolution in it): save the page that shows the document's full text (toàn văn)")


def read_html(raw: bytes, path: Path) -> Extracted:
    text, encoding = _decode_page(raw)
    if not _TAG.search(text[:200_000]):
        raise UnreadableFile(f"it is named {path.suffix or 'as a web page'} but holds no HTML (it is plain text or "
                             "another format): rename it to what it is (.txt for text) and load it again")
    page = _Page(text)
    _strip_noise(page)
    body = _find_body(page)
    _prune_links(page, body)
    flow = _Flow()
    flow.content(body)
    flow.flush()
    blocks = _trim(flow.blocks)
    out = _emit(blocks)
    extracted = out.result("html", encoding=encoding)
    content = extracted.text.strip()
    marks = _marks(content)
    if len(content) < 80 or (not (marks - {"lead"}) and len(content) < 1000):
        raise _no_document(page, content)
    if not marks - {"lead", "appendix"}:
        extracted.warnings.append(
            "The page has none of a document's usual parts (“Số:”, “Căn cứ”, “Điều 1”, the national motto): it "
            "was read as a whole; check that it is the document's full text.")
    return extracted
