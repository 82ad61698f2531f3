"""The document's own identity: type, number and symbol, place and date, issuer, title, signer.

Reads the first lines (the "Số:" line, the place-and-date line, the type and title) and the
signature block. A draft leaves blanks: `Số: /KH-SKHCN`, `ngày tháng năm 2022`; a blank is
unknown, and the year still comes out. A document with no "Số:" line at all (the Ninh Thuận plan)
gets its issuer from the signature block and its province from how it names itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from .citations import fill_issuer, parse_symbol
from .models import DocumentRef, Header, Problem
from .textutil import LOWER, UPPER, fold
from .vocab import DOC_TYPES, ISSUER_BY_CODE, PROVINCES

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


def read_header(text: str) -> tuple[Header, list[Problem]]:
    problems: list[Problem] = []
    head = "\n".join(text.split("\n")[:_HEAD_LINES])
    ref = DocumentRef()
    so = _SO_LINE.search(head)
    if so:
        parsed = parse_symbol(so.group("symbol"))
        if parsed is not None:
            ref = parsed.model_copy()
        if ref.number is None:
            problems.append(Problem(
                severity="warning",
                code="blank-own-number",
                message=f"The document's number is blank (“{so.group(0).strip()}”): it is a draft or an "
                "unnumbered copy, so it is identified by its file until a numbered version is loaded.",
            ))
    else:
        problems.append(Problem(
            severity="warning",
            code="no-symbol",
            message="The document has no “Số:” line, so its number and symbol are unknown; its issuer "
            "comes from the signature block.",
        ))
    place = None
    pd = _PLACE_DATE.search(head)
    if pd:
        place = pd.group("place").strip()
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
    ref.issuer = _issuer(ref, body, text)
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
    """The block of lines right after the type line ("KẾ HOẠCH"), up to the first blank line."""
    rest = text[after:].lstrip("\n")
    block = re.split(r"\n\s*\n", rest, maxsplit=1)[0]
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
