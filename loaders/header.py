"""The document's own identity: type, number and symbol, place and date, issuer, title, signer.

Reads the first lines (the "Số:" line, the place-and-date line, the type and title) and the
signature block. A draft leaves blanks: `Số: /KH-SKHCN`, `ngày tháng năm 2022`; a blank is
unknown, and the year still comes out. A document with no "Số:" line at all (the Ninh Thuận plan)
gets its issuer from the signature block and its province from how it names itself.
"""

from __future__ import annotations

import dataclasses

import datetime as dt
import re
from collections import Counter

from .agency_names import ABBREVIATIONS, DEPARTMENTS
from .citations import CitationContext, blank_numbered_symbol, fill_issuer, name_issuer, parse_symbol, title_end
from .models import DocumentRef, Header, Problem, Span
from .textutil import LOWER, UPPER, fold
from .vocab import DOC_TYPES, ISSUER_BY_CODE, ISSUER_CODES, PROVINCES

_SO_LINE = re.compile(r"^\s*Số\s*:?\s*(?P<symbol>[^\n]{0,60})$", re.MULTILINE)
# "Phú Yên, ngày tháng năm 2022", "Quảng Trị, ngày 11 tháng 4 năm 2023", "Hà Nội, ngày 05/12/2022"
_PLACE_DATE = re.compile(
    r"^\s*(?P<place>[^\n,]{2,40}),\s*ngày\s*(?P<day>\d{1,2})?[\s.…/]*tháng\s*(?P<month>\d{1,2})?[\s.…/]*"
    r"năm\s*(?P<year>\d{4})",
    re.MULTILINE | re.IGNORECASE,
)
# The type line: a type's name in capitals, or a longer name of it ("CHƯƠNG TRÌNH HÀNH ĐỘNG").
_TYPE_BY_LINE = {n.upper(): t for t in DOC_TYPES for n in (t.name, *t.names)}
_TYPE_LINE = re.compile(
    r"^\s*(?P<type>" + "|".join(re.escape(n) for n in sorted(_TYPE_BY_LINE, key=len, reverse=True)) + r")\s*$",
    re.MULTILINE,
)
# Signature block: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "GIÁM ĐỐC", then the name.
_SIGNER_TITLES = ("GIÁM ĐỐC", "CHỦ TỊCH", "BÍ THƯ", "TRƯỞNG BAN", "BỘ TRƯỞNG", "THỦ TƯỚNG", "CHÁNH VĂN PHÒNG")
_SIGNATURE = re.compile(
    rf"^\s*(?P<title>(?:(?:TM|KT|TL|TUQ|Q)\.\s*[{UPPER} ]+\n\s*)*(?:PHÓ\s+)?(?:{'|'.join(_SIGNER_TITLES)}|"
    rf"TM\.\s*[{UPPER} ]+))\s*$",
    re.MULTILINE,
)
_PERSON = re.compile(rf"^\s*(?P<name>(?:[{UPPER}][{LOWER}]+\s){{1,4}}[{UPPER}][{LOWER}]+)\s*$", re.MULTILINE)
# Who signs on behalf of which body ("TM. ỦY BAN NHÂN DÂN" = the People's Committee).
_BODY_BY_SIGNATURE = (
    ("ỦY BAN NHÂN DÂN", "UBND"),
    ("HỘI ĐỒNG NHÂN DÂN", "HĐND"),
    ("BAN THƯỜNG VỤ", "TU"),
    ("BAN CHẤP HÀNH", "TU"),
    ("TỈNH ỦY", "TU"),
)
# "Sở Khoa học và Công nghệ xây dựng Kế hoạch", "Ủy ban nhân dân tỉnh ban hành Kế hoạch"
_SELF_NAMED = re.compile(
    rf"(?P<issuer>Sở [{UPPER}][^,.;()]{{3,60}}?|Ủy ban nhân dân tỉnh|UBND tỉnh)\s*(?:\([^)]*\)\s*)?"
    r"(?:xây dựng|ban hành)\s+(?:Kế hoạch|kế hoạch|Chương trình|Đề án)"
)
_HEAD_LINES = 40  # the header lives in the first lines; scanning more finds citations' dates


def _stripped_span(match: re.Match) -> Span:
    """The span of a match without the blanks around it (the head is a prefix of the text: same offsets)."""
    whole = match.group(0)
    start = match.start() + len(whole) - len(whole.lstrip())
    return Span(start=start, end=match.start() + len(whole.rstrip()))


def _line_end(text: str, lines: int) -> int:
    """Where the first `lines` lines of `text` end (its length if it has no more)."""
    if lines <= 0:
        return 0
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def read_header(text: str) -> tuple[Header, list[Problem]]:
    problems: list[Problem] = []
    head = text[:_line_end(text, _HEAD_LINES)]
    ref = DocumentRef()
    so = _SO_LINE.search(head) or _SO_INSIDE.search(head)
    if so:
        parsed = parse_symbol(so.group("symbol"))
        if parsed is not None:
            ref = dataclasses.replace(parsed)
        if ref.number is None:
            # "Số: /KH-SKHCN": the rest of the symbol still tells the plan apart; kept without the blank
            ref.symbol_without_number = blank_numbered_symbol(ref.symbol)
            problems.append(Problem(
                severity="warning",
                code="blank-own-number",
                message=f"The document's number is blank (“{so.group(0).strip()}”): it is a draft or an "
                "unnumbered copy, so it is identified by its file until a numbered version is loaded.",
                span=_stripped_span(so),
            ))
    else:
        problems.append(Problem(
            severity="warning",
            code="no-symbol",
            message="The document has no “Số:” line, so its number and symbol are unknown; its issuer "
            "comes from the signature block.",
        ))
    place = None
    pd = _PLACE_DATE.search(head) or _PLACE_DATE_INSIDE.search(head)
    if pd:
        place = _place(pd.group("place"))
        year = int(pd.group("year"))
        ref.year = year
        if pd.group("day") and pd.group("month"):
            try:
                ref.date = dt.date(year, int(pd.group("month")), int(pd.group("day")))
            except ValueError:
                problems.append(Problem(
                    severity="warning", code="bad-date",
                    message=f"The date line “{pd.group(0).strip()}” is not a real date; only the year is kept.",
                ))
    else:
        problems.append(Problem(
            severity="warning", code="no-date",
            message="The document has no place-and-date line (“…, ngày … tháng … năm …”): its date is unknown.",
        ))
    ref.province = _province(place, text)
    type_line = _TYPE_LINE.search(head)
    if type_line:
        doc_type = _TYPE_BY_LINE[type_line.group("type")]
        if ref.doc_type is None:
            ref.doc_type = doc_type.code
        ref.doc_type_name = doc_type.name
        ref.title = _title(text, type_line.end())
    signer_title, signer, body = _signature(text)
    bodies = _header_bodies(head, ref)
    ref.issuer = bodies[0] if bodies else _issuer(ref, body, text)
    joint = _joint_issuers(ref)
    ref.issuers = bodies if len(bodies) >= len(joint) else joint
    if ref.issuers and ref.issuer not in ref.issuers:
        ref.issuer = ref.issuers[0]  # "…/TTLT-BKHCN-BTC" and no header block: the first code's body
    if not ref.issuers and ref.issuer:
        ref.issuers = [ref.issuer]
    return Header(ref=ref, place=place, signer_title=signer_title, signer=signer), problems


# Built once: folding every province name on every document was a measurable share of the header.
_PROVINCE_BY_FOLD = {fold(p): p for p in PROVINCES}
_TINH_PROVINCE = re.compile(r"tỉnh\s+(" + "|".join(re.escape(p) for p in PROVINCES) + r")\b")


def _province(place: str | None, text: str) -> str | None:
    by_fold = _PROVINCE_BY_FOLD
    if place and fold(place) in by_fold:
        return by_fold[fold(place)]
    # no place line: the province the document names itself after most ("tỉnh Ninh Thuận")
    counts = Counter(by_fold[fold(m.group(1))] for m in _TINH_PROVINCE.finditer(text))
    return counts.most_common(1)[0][0] if counts else None


def _title(text: str, after: int) -> str | None:
    """The block of lines right after the type line ("KẾ HOẠCH"), up to the first blank line, or up
    to the enacting authority's line or the preamble when no blank line comes between them."""
    rest = text[after:].lstrip("\n")
    block = re.split(r"\n\s*\n", rest, maxsplit=1)[0]
    block = block[:title_end(block, 0, len(block))]
    title = " ".join(line.strip() for line in block.split("\n") if line.strip())
    return title or None


# Every character of a _SIGNATURE match is an upper-case letter, a blank or a ".", and every match
# holds one of these words: a match lies inside one stretch of such characters that holds one of
# them, and the matches of different stretches do not touch. The last match is found by looking at
# those stretches from the end of the text, rather than by running _SIGNATURE over all of it.
_SIGNATURE_WORDS = (*_SIGNER_TITLES, "TM.")
_SIGNATURE_WORDS_REVERSED = re.compile("|".join(re.escape(w[::-1]) for w in _SIGNATURE_WORDS))
_NOT_SIGNATURE_CHAR = re.compile(rf"[^{UPPER}\s.]")
assert not any(_NOT_SIGNATURE_CHAR.match(c) for w in _SIGNATURE_WORDS for c in w)


def _last_signature(body: str) -> re.Match | None:
    """The last match of _SIGNATURE.finditer(body)."""
    reversed_body = body[::-1]
    n = len(body)
    pos = 0  # in reversed_body
    while (word := _SIGNATURE_WORDS_REVERSED.search(reversed_body, pos)) is not None:
        before = _NOT_SIGNATURE_CHAR.search(reversed_body, word.end())
        start = n - before.start() if before else 0  # of the stretch around the word
        after = _NOT_SIGNATURE_CHAR.search(body, n - word.end())
        end = after.start() if after else n
        # up to the character after the stretch, so that "$" there reads as in the whole text
        last = None
        for last in _SIGNATURE.finditer(body, start, min(n, end + 1)):
            pass
        if last is not None:
            return last
        pos = n - start
    return None


def _signature(text: str) -> tuple[str | None, str | None, str | None]:
    body_end = len(text)
    # the pattern is tried at every character: skip it when the words are nowhere in the text
    appendix = re.search(r"^\s*PHỤ LỤC", text, re.MULTILINE) if "PHỤ LỤC" in text else None
    if appendix:
        body_end = appendix.start()
    body = text[:body_end]
    sig = _last_signature(body)
    signer_title = " / ".join(x.strip() for x in sig.group("title").split("\n")) if sig else None
    tail = body[sig.end():] if sig else body[-400:]
    person = _PERSON.search(tail)
    signer = person.group("name") if person else None
    signing_body = None
    if signer_title:
        for words, code in _BODY_BY_SIGNATURE:
            if words in signer_title.upper():
                signing_body = code
                break
    return signer_title, signer, signing_body


def _issuer(ref: DocumentRef, signing_body: str | None, text: str) -> str | None:
    """The issuer's name: from the symbol's issuer code, else the signature, else the opening sentence."""
    province = ref.province or ""
    code = ref.issuer_code or signing_body
    if code is None:
        m = _SELF_NAMED.search(text[:3000])
        if m:
            name = m.group("issuer").strip()
            code = "UBND" if "tỉnh" in name and not name.startswith("Sở") else None
            if code is None:
                return f"{name} tỉnh {province}".strip() if province else name
    if code is None:
        return None
    if ref.issuer_code is None:
        ref.issuer_code = code
    issuer = ISSUER_BY_CODE.get(code)
    if issuer is None:
        return None
    # "Ủy ban nhân dân thành phố Hà Nội", "Thành ủy Cần Thơ": named as citations name them
    return fill_issuer(issuer.name, province or None) or issuer.name.format(province="").strip()


# --------------------------------------------------------------------------------------------------
# The header block (Nghị định 30/2020/NĐ-CP, Phụ lục I): the issuer's name at the top left in capitals,
# under the name of the body it answers to when there is one ("UBND TỈNH QUẢNG TRỊ" / "SỞ KHOA HỌC VÀ
# CÔNG NGHỆ"), a long name broken over lines ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NAM"); the national motto
# at the top right. Extraction runs the two columns together: one after the other, row by row ("ỦY BAN
# NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "TỈNH HẬU GIANG Độc lập - Tự do - Hạnh phúc"), all on one
# line, with "|" or TAB between cells. A joint document names its bodies side by side or joined by a
# dash ("BỘ TÀI CHÍNH - BỘ KHOA HỌC VÀ CÔNG NGHỆ").

# "Số: 12/QĐ-UBND" after the motto on a flattened header line; a capital S and a number or "/".
_SO_INSIDE = re.compile(r"(?<![\w])Số\s*:?\s*(?P<symbol>\d{0,6}\s*[/-][^\s,|]{1,40})")
# The place and date anywhere in a header line: "… Số: 12/QĐ-UBND Bắc Ninh, ngày 10 tháng 3 năm 2023".
_PLACE_DATE_INSIDE = re.compile(_PLACE_DATE.pattern.replace(r"^\s*", "", 1), re.IGNORECASE)
# The right column, from where it starts to the end of the line: the motto (quốc hiệu and tiêu ngữ,
# also broken after "CỘNG" or "XÃ HỘI"), or the Party's "ĐẢNG CỘNG SẢN VIỆT NAM".
_MOTTO = re.compile(
    r"(?:(?:CỘNG\s+)?H(?:ÒA|OÀ)\s+)?(?:XÃ\s+HỘI\s+)?CHỦ\s+NGHĨA\s+VIỆT\s+NAM.*$"
    r"|CỘNG\s+H(?:ÒA|OÀ).*$|(?:^|\s)CỘNG\s*$"
    r"|Độc\s+lập\s*[-–—]+\s*Tự\s+do.*$"
    r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM.*$"
)
_DECORATION = re.compile(r"^[\s\-–—_*=.|~#>]*$")
_CELL_BREAK = re.compile(r"\s*[|\t]\s*")
_HAS_SMALL = re.compile(f"[{LOWER}]")
# Words a body's name opens with, in capitals. A line opening with none of them goes on the name above
# ("TỈNH QUẢNG NAM", "CÔNG NGHỆ"); a head word alone ("VĂN PHÒNG", "THƯỜNG TRỰC") needs the next line.
_BODY_HEADS = (
    "ỦY BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND", "ỦY BAN THƯỜNG VỤ", "ỦY BAN", "SỞ", "BỘ",
    "CHÍNH PHỦ", "THỦ TƯỚNG", "QUỐC HỘI", "VĂN PHÒNG", "TỔNG CỤC", "CỤC", "CHI CỤC", "TRUNG TÂM", "BAN",
    "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "ĐẢNG ỦY", "ĐẢNG BỘ", "THƯỜNG TRỰC", "LIÊN HIỆP", "LIÊN ĐOÀN",
    "TỈNH ĐOÀN", "MẶT TRẬN", "VIỆN", "TRƯỜNG", "ĐẠI HỌC", "KHO BẠC", "CÔNG AN", "THANH TRA", "ĐÀI", "HỘI",
    "QUỸ", "BỘ CHỈ HUY", "LIÊN BỘ",
)
_HEAD_START = re.compile(
    r"^(?:" + "|".join(re.escape(h) for h in sorted(_BODY_HEADS, key=len, reverse=True)) + r")(?![\w])"
)
_WHOLE_BODIES = {"CHÍNH PHỦ", "QUỐC HỘI", "TỈNH ỦY", "THÀNH ỦY"}
_GOES_ON = re.compile(r"(?:\s(?:VÀ|CÁC|CỦA)|[-–—,&])\s*$")
# Two bodies of a joint document in one name: a dash, or "VÀ", before a second body's head word.
_JOINT_BREAK = re.compile(
    r"\s*[-–—]\s*(?=(?:BỘ|SỞ|ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|TỈNH ỦY|BAN|CỤC)(?![\w]))"
    r"|\s+VÀ\s+(?=(?:BỘ|SỞ)\s)"
)
_STOP_LINE = re.compile(r"^\s*(?:Số\b|V/v|Về việc|Kính gửi)", re.IGNORECASE)
_HEADER_LINES = 14  # the block is a few lines; a document without one starts with its type line


def _header_cells(head: str) -> list[list[str]]:
    """The left column of the header block: per line, the cells in capitals that are not the motto."""
    rows: list[list[str]] = []
    for line in head.split("\n")[:_HEADER_LINES]:
        if _STOP_LINE.match(line) or _TYPE_LINE.match(line) or _PLACE_DATE.match(line):
            break
        cells = []
        for cell in _CELL_BREAK.split(line):
            cell = _MOTTO.sub("", cell.strip("*#_ ")).strip(" *#_")
            symbol = _SO_INSIDE.search(cell)
            if symbol:
                cell = cell[:symbol.start()].strip()
            if not cell or _DECORATION.match(cell):
                continue
            if _HAS_SMALL.search(cell):
                return rows  # prose: the block is over (or there was none)
            cells.append(" ".join(cell.split()))
        if cells:
            rows.append(cells)
        if _SO_INSIDE.search(line):
            break  # the symbol ends the block even on a flattened line
    return rows


_MOTTO_END = re.compile(r"Hạnh\s+phúc|VIỆT\s+NAM")


def _place(written: str) -> str:
    """The place of a place-and-date line, without what a flattened header put before it ("Số: 994/
    UBND-KGVX Hậu Giang", "| Đồng Nai", "Độc lập - Tự do - Hạnh phúc Bắc Ninh")."""
    place = _CELL_BREAK.split(written)[-1]
    so = _SO_INSIDE.search(place)
    if so:
        place = place[so.end():]
    motto = None
    for motto in _MOTTO_END.finditer(place):
        pass
    if motto is not None:
        place = place[motto.end():]
    return place.strip(" -–*#_")


def _header_names(rows: list[list[str]]) -> list[list[str]]:
    """Body names in capitals, as stacked levels: [[superior], [issuer]] or [[joint 1, joint 2]]."""
    levels: list[list[str]] = []
    for cells in rows:
        if len(cells) > 1 and all(_HEAD_START.match(c) for c in cells):
            levels.append(list(cells))  # side by side: joint issuers
            continue
        for cell in cells:
            last = levels[-1][-1] if levels else None
            if last is not None and (not _HEAD_START.match(cell) or _GOES_ON.search(last)
                                     or (_HEAD_START.fullmatch(last) and last not in _WHOLE_BODIES)):
                levels[-1][-1] = f"{last} {cell}"
            else:
                levels.append([cell])
    out = []
    for level in levels:
        names = [n for name in level for n in _JOINT_BREAK.split(name) if n.strip()]
        out.append(names)
    return out


_PLACE_WORDS = re.compile(r"(?<![\w])(huyện|quận|thị xã|thành phố|xã|phường|tỉnh)\s+(.+)$")
_PROVINCE_IN_LOWER = re.compile(
    "(?<![\\w])(" + "|".join(re.escape(p.lower()) for p in sorted(PROVINCES, key=len, reverse=True)) + ")(?![\\w])"
)
_PROVINCE_BY_LOWER = {p.lower(): p for p in PROVINCES}
_KEEP_CAPITALS = {*ABBREVIATIONS, *ISSUER_BY_CODE, "TW", "MTTQ"}


def _proper(caps: str) -> str:
    """A name in capitals as it is written in prose, as far as rules tell: "ỦY BAN NHÂN DÂN TỈNH QUẢNG
    NAM" -> "Ủy ban nhân dân tỉnh Quảng Nam". Canonical names (issuers, departments) are looked up
    afterwards; this is for matching them and for bodies no list knows."""
    words = [w if w in _KEEP_CAPITALS else w.lower() for w in caps.split()]
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    text = _PROVINCE_IN_LOWER.sub(lambda m: _PROVINCE_BY_LOWER[m.group(1)], text)
    place = _PLACE_WORDS.search(text)
    if place and not any(p in place.group(2) for p in PROVINCES):
        text = text[: place.start(2)] + place.group(2).title()
    return text


_DEPARTMENT_BY_FOLD = {fold(d): d for d in DEPARTMENTS}
_NATIONAL_BY_FOLD = {fold(c.name): c.name for c in ISSUER_CODES if c.level == "national"}


def _body_name(caps: str, province: str | None, under: str | None) -> tuple[str, str | None]:
    """(canonical name, province) of a body named in capitals, `under` the name of the body above it."""
    phrase = _proper(caps)
    hit = name_issuer(phrase, CitationContext(province=province))
    if hit is not None:
        return hit[0], hit[1]
    folded = fold(caps)
    if folded in _NATIONAL_BY_FOLD:
        return _NATIONAL_BY_FOLD[folded], None
    if folded in _DEPARTMENT_BY_FOLD:  # "SỞ XÂY DỰNG" under "UBND TỈNH QUẢNG NAM": that province's
        name = _DEPARTMENT_BY_FOLD[folded]
        return fill_issuer(f"{name} tỉnh {{province}}", province) or name, province
    national_above = under is not None and under in _NATIONAL_BY_FOLD.values()
    if province and not national_above and not _PROVINCE_IN_LOWER.search(phrase.lower()):
        return fill_issuer(f"{phrase} tỉnh {{province}}", province) or phrase, province
    return phrase, (None if national_above else province)


def _header_bodies(head: str, ref: DocumentRef) -> list[str]:
    """The issuers the header block names, canonical; the province of a body above fills in the
    document's when the place line does not give it. Empty when the block names no body."""
    levels = _header_names(_header_cells(head))
    if not levels:
        return []
    province = ref.province
    under = None
    names: list[str] = []
    for level in levels:
        names = []
        for caps in level:
            name, found = _body_name(caps, province, under)
            names.append(name)
            province = province or found
        under = names[-1]
    if ref.province is None:
        ref.province = province
    return names


def _joint_issuers(ref: DocumentRef) -> list[str]:
    """The issuers a joint symbol names ("55/2015/TTLT-BTC-BKHCN"), when it names more than one."""
    codes = (ref.issuer_code or "").split("-")
    if len(codes) < 2:
        return []
    names = []
    for code in codes:
        issuer = ISSUER_BY_CODE.get(code)
        if issuer is None:
            return []
        name = fill_issuer(issuer.name, ref.province)
        if name is None:
            return []
        names.append(name)
    return names
