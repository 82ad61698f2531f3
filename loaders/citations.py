"""References to other documents (trích dẫn văn bản) and the relations they state.

This module owns the citation stage of the loaders, in eyecite's shape:

- `parse_symbol` reads one document symbol (số, ký hiệu) into a `DocumentRef`;
- `find_citations` finds every mention of another document in cleaned text: first the mentions as
  written, then a resolution step that gives repeats the identity of their full mention;
- `resolve_issuer` names the body behind an issuer phrase ("UBND tỉnh", "BCH TW Đảng");
- `find_relations` turns mentions into `implements` / `based_on` / `cites` edges.

The rules follow the national conventions (Nghị định 30/2020/NĐ-CP for state documents, the
Party's rules for its own), never one file: see DOMAIN.md. Codes, names and issuers are data read
from `loaders.vocab`; the patterns below are data too, each with an example it must match.

Matching runs on a "shadow" of the text with the same length (so every span is a span of the
text): tone marks placed one way (`hoá` and `hóa`, `uỷ` and `ủy` read alike) and look-alike
letters unified. Every regex is linear: quantifiers are bounded, and the costly ones only run in
small windows next to a symbol.

Choices, where the conventions leave room:
- A blank number ("Quyết định số/QĐ-UBND") is a warning, never a citation: a blank is unknown. The
  document's own symbol, and an appendix's "(Kèm theo Kế hoạch số …)", are the document itself.
- The symbol is normalised (numbers under 10 as "05", codes in their vocab case, Đ restored, OCR
  slips such as "KI" read as the type the text names); every change of letters is a correction.
  A Party symbol whose issuer phrase names a central body (BCH TW, Bộ Chính trị, Ban Bí thư) is
  read as /TW; mentions of the same written symbol without an issuer phrase follow it.
- An issuer phrase ("của UBND tỉnh") names the issuer; without one, the symbol's issuer code does.
  "UBND huyện X" is the district's, not the province's.
- A repeat ("Quyết định số 1956/QĐ-UBND") takes date and issuer from the nearest full mention of
  the same symbol: one citation per mention, one identity per document.
- Unnumbered documents are citations only when a name identifies them: Party congress and plenum
  resolutions, laws with their date, and the programme a title implements when no cited decision
  issues it. A programme a cited decision issues ("… ban hành Chương trình …") is that decision.
- "Thực hiện Văn bản số 1392/UBND-KT …" in the opening: the plan implements the letter, as the
  national formula says; the letter asks for plans "về việc xây dựng thực hiện" 59-CTr/TU, which is
  no chain (the letter does not implement 59; the plan does, by its title).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
import unicodedata
from array import array
from dataclasses import dataclass, field

from .models import Citation, DocumentRef, Problem, Relation, Span
from .textutil import LOWER as _LOWER
from .textutil import UPPER as _UPPER
from .textutil import squash as _squash
from .textutil import strip_diacritics
from .vocab import (
    CENTRAL_CITIES,
    DOC_TYPE_BY_CODE,
    DOC_TYPES,
    ISSUER_ALIASES,
    ISSUER_BY_CODE,
    ISSUER_CODES,
    PROVINCE_ALIASES,
    PROVINCES,
)

__all__ = [
    "CitationContext",
    "PATTERNS",
    "Pattern",
    "find_citations",
    "find_relations",
    "name_issuer",
    "parse_symbol",
    "resolve_issuer",
    "shadow",
]


# --------------------------------------------------------------------------------------------------
# The shadow text: same length, tone placement and look-alikes unified.

def _tone_moves() -> dict[str, str]:
    """'oá' -> 'óa', 'uỷ' -> 'ủy' (and capitals): the two places a tone mark goes in these pairs."""
    moves: dict[str, str] = {}
    for firsts, seconds in (("oO", "aeAE"), ("uU", "yY")):
        for first in firsts:
            for second in seconds:
                for mark in "\u0300\u0301\u0309\u0303\u0323":
                    key = first + unicodedata.normalize("NFC", second + mark)
                    value = unicodedata.normalize("NFC", first + mark) + second
                    if len(key) == 2 and len(value) == 2:
                        moves[key] = value
    return moves


_TONE_MOVES = _tone_moves()
_O_SECONDS = "".join(sorted({k[1] for k in _TONE_MOVES if k[0] in "oO"}))
_U_SECONDS = "".join(sorted({k[1] for k in _TONE_MOVES if k[0] in "uU"}))
# The pairs [oO][…] and [uU][…], one pattern per first letter: a pattern that opens with one literal
# letter is found by the engine's fast literal search, several times faster than trying the class
# [oOuU] at every character of the text.
_TONE_RES = tuple(re.compile(f"{first}[{seconds}]") for first, seconds in (
    ("o", _O_SECONDS), ("O", _O_SECONDS), ("u", _U_SECONDS), ("U", _U_SECONDS)
))
# Eth (Ð, from legacy encodings) for Đ; no-break and thin spaces for spaces; one char for one char.
_SHADOW_TABLE = str.maketrans({"Ð": "Đ", "ð": "đ", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "‑": "-"})
_SHADOWED = tuple(chr(c) for c in _SHADOW_TABLE)


def _shadow(text: str) -> str:
    # No pair overlaps another (a first letter is never a second), so replacing each pair where it
    # stands, in text order, is what one left-to-right substitution would do.
    starts = sorted(m.start() for pattern in _TONE_RES for m in pattern.finditer(text))
    out = text
    if starts:
        pieces = []
        pos = 0
        for i in starts:
            pieces.append(text[pos:i])
            pieces.append(_TONE_MOVES[text[i:i + 2]])
            pos = i + 2
        pieces.append(text[pos:])
        out = "".join(pieces)
    if any(c in out for c in _SHADOWED):  # translate is slow on long non-ASCII text: only when needed
        out = out.translate(_SHADOW_TABLE)
    return out if len(out) == len(text) else text  # never: every replacement keeps the length


def shadow(text: str) -> str:
    """The shadow of a whole text. `parse_text` computes it once and hands it to `find_citations` and
    `find_relations` (each would otherwise compute it again: a scan of the whole text).

    In the preamble of a titled document, a line break inside a paragraph is a blank in the shadow:
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật\nTổ chức Chính phủ … ngày 22 tháng 11 năm 2019;"
    names one law, as a reader reads it (see `_join_preamble`)."""
    return _join_preamble(_shadow(text))


def _join_preamble(sh: str) -> str:
    """`sh` with the line breaks inside the preamble's paragraphs made blanks (same length).

    A break is inside a paragraph when the line before it does not end a sentence or a list item
    (. ; : ! ?), neither line is in capitals (the authority's line, "KHÓA XV, KỲ HỌP THỨ 10") and the
    next line does not open a paragraph ("Căn cứ", "Xét", "Theo đề nghị", "Điều 1", "QUYẾT ĐỊNH:").
    Only titled documents have a preamble: the header block of an untitled one is left alone."""
    if "\n" not in sh:
        return sh
    zones = _zones(sh, purpose_zones=False)
    if zones.title is None:
        return sh
    z0, z1 = zones.preamble
    breaks = []
    pos = sh.find("\n", z0, z1)
    while pos != -1:
        prev_start = sh.rfind("\n", 0, pos) + 1
        nxt_end = sh.find("\n", pos + 1)
        nxt_end = len(sh) if nxt_end == -1 else nxt_end
        prev, nxt = sh[prev_start:pos].strip(), sh[pos + 1:nxt_end].strip()
        if prev and nxt and prev[-1] not in ".;:!?" and not _all_capitals(prev) and not _all_capitals(nxt) \
                and not _PREAMBLE_OPENER.match(sh, pos + 1, nxt_end) and not _HEADING.match(sh, pos + 1, nxt_end):
            breaks.append(pos)
        pos = sh.find("\n", pos + 1, z1)
    if not breaks:
        return sh
    chars = list(sh)
    for b in breaks:
        chars[b] = " "
    return "".join(chars)


_HAS_LOWER = re.compile(rf"[{_LOWER}]")
_HAS_UPPER = re.compile(rf"[{_UPPER}]")


def _all_capitals(line: str) -> bool:
    """A line of capital letters ("KHÓA XV, KỲ HỌP THỨ 10"); "2019;" has no letters and is not one."""
    return _HAS_LOWER.search(line) is None and _HAS_UPPER.search(line) is not None


_NON_WORD = re.compile(r"[^\w&]+")
_LINE_BREAK = re.compile("\n")


def _key(text: str) -> str:
    """Lowercase, no diacritics, words only: the form names are compared in."""
    # strip_diacritics is NFD less the combining marks, with đ/Đ as d/D, done by a translate table
    # rather than a Python step per character
    return " ".join(_NON_WORD.sub(" ", strip_diacritics(text).lower()).split())


def _phrase(words: str) -> str:
    """A literal phrase as a regex: shadowed, spaces as runs of blanks."""
    return r"[ \t]+".join(re.escape(w) for w in _shadow(words).split())


def _alternation(phrases) -> str:
    return "|".join(_phrase(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))



# --------------------------------------------------------------------------------------------------
# Vocabulary, as lookups.

_TYPE_BY_UPPER = {t.code.upper(): t.code for t in DOC_TYPES}
_TYPE_BY_FOLD = {t.code.upper().replace("Đ", "D"): t.code for t in DOC_TYPES}
_ISSUER_BY_UPPER = {c.upper(): c for c in ISSUER_BY_CODE}
_ISSUER_BY_FOLD = {c.upper().replace("Đ", "D"): c for c in ISSUER_BY_CODE}
# Letters OCR reads for others in type codes: "52-KI/TW" is 52-KL/TW.
_OCR_LOOKALIKES = {"I": "L", "1": "L", "|": "L", "0": "O"}

# Type words as they open a citation ("Kế hoạch", "Chương trình hành động", "Văn bản") -> code.
_TYPE_NAMES: dict[str, str] = {}
for _t in DOC_TYPES:
    for _n in (_t.name, *_t.names):
        _TYPE_NAMES.setdefault(_key(_n), _t.code)
_GENERIC_TYPES = {"CV"}  # "Văn bản số 12/KH-UBND": the symbol says what it is
_TYPE_NAMES_RE = _alternation(n for t in DOC_TYPES for n in (t.name, *t.names))

_PROVINCE_BY_KEY = {_key(p): p for p in PROVINCES}
_PROVINCE_BY_KEY.update({_key(a): p for a, p in PROVINCE_ALIASES.items()})
_PROVINCES_RE = _alternation([*PROVINCES, *PROVINCE_ALIASES])


@dataclass(frozen=True)
class _Issuer:
    code: str
    template: str  # canonical name, "{province}" to fill
    level: str


def _issuer_table() -> dict[str, _Issuer]:
    table: dict[str, _Issuer] = {}
    for c in ISSUER_CODES:  # the canonical name, less its province, names the body too
        alias = re.sub(r"\s*(?:tỉnh\s*)?\{province\}", "", c.name).strip()
        table.setdefault(_key(alias), _Issuer(c.code, c.name, c.level))
    for a in ISSUER_ALIASES:
        base = ISSUER_BY_CODE[a.code]
        table.setdefault(_key(a.phrase), _Issuer(a.code, a.name or base.name, base.level))
    return table


_ISSUERS = _issuer_table()
_ISSUER_PHRASES_RE = _alternation(
    [re.sub(r"\s*(?:tỉnh\s*)?\{province\}", "", c.name).strip() for c in ISSUER_CODES]
    + [a.phrase for a in ISSUER_ALIASES]
)
_ROLES_RE = _alternation(
    ["Bộ trưởng", "Thứ trưởng", "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Thủ trưởng",
     "Chánh Văn phòng", "Bí thư", "Tổng Bí thư"]
)
_LOCAL_UNITS = r"huyện|thị[ \t]+xã|quận|thị[ \t]+trấn|xã|phường|các"


# --------------------------------------------------------------------------------------------------
# Patterns, as data: each with an example it must match (tests run every one over its example).

@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    example: str  # cleaned text in which the regex must find a match
    note: str = ""

    def finds(self, text: str) -> bool:
        return self.regex.search(_shadow(text)) is not None


PATTERNS: dict[str, Pattern] = {}


def _pattern(name: str, source: str, example: str, flags: int = 0, note: str = "") -> re.Pattern[str]:
    regex = re.compile(_shadow(source), flags)
    PATTERNS[name] = Pattern(name, regex, example, note)
    return regex


_I = re.IGNORECASE
_M = re.MULTILINE

# A code inside a symbol: type (KH, CTr, QĐi), issuer (UBND, TTg, HĐND, BKHCN) or unit (KT); a
# legislature's number may follow (QH15). Never glued to a following word.
_CODE = r"[A-ZĐ][A-Za-zĐđ&]{0,11}\d{0,2}(?![\w&])"
_DASH = r"[ \t]{0,2}[-–][ \t]{0,2}"
_SLASH = r"[ \t]{0,2}/[ \t]{0,2}"

# Party symbols put a hyphen after the number: 11-NQ/TU, 59-CTr/TU, 29-NQ/TW. "11 -NQ/TU" (a
# space before the hyphen) and a blank number ("-NQ/TU", in drafts) are read too.
_PARTY_SYMBOL = (
    rf"(?:(?<![\d/.,])(?P<p_num>\d{{1,6}})[ \t]{{0,2}})?[-–][ \t]{{0,2}}(?P<p_type>{_CODE}){_SLASH}"
    rf"(?P<p_iss>{_CODE}(?:[-–]{_CODE}){{0,2}})"
)
# State symbols: number/TYPE-ISSUER (209/KH-UBND), number/year/TYPE-ISSUER for legal normative
# documents (295/2020/NQ-HĐND), number/ISSUER-UNIT for official letters (1392/UBND-KT), laws
# number/year/QH13. The number may be blank in drafts ("/KH-SKHCN").
_STATE_SYMBOL = (
    rf"(?:(?<![\d/.,])(?P<s_num>\d{{1,6}})[ \t]{{0,2}})?/[ \t]{{0,2}}"
    rf"(?:(?P<s_year>(?:19|20)\d\d){_SLASH})?(?P<s_codes>{_CODE}(?:{_DASH}{_CODE}){{0,4}})"
)
_SYMBOL = _pattern(
    # the lookahead lets the engine skip at once every position that cannot open a symbol
    "symbol", rf"(?=[\d/\-–])(?:{_PARTY_SYMBOL}|{_STATE_SYMBOL})", "Nghị quyết số 11 -NQ/TU ngày 18/8/2021",
    note="anchors every numbered citation; also 209/KH-UBND, 295/2020/NQ-HĐND, 1392/UBND-KT",
)
# What stands before a symbol, read backwards from it (searched in a short window, anchored at the
# symbol): a type word and "số", or "số" alone ("Số:" at a line start is the document's own).
_PREFIX = _pattern(
    "prefix",
    rf"(?:(?<![\w])(?P<name>{_TYPE_NAMES_RE})(?![\w])[ \t\n]{{0,4}}(?:(?P<so>số|so)[ \t\n]{{0,4}}:?[ \t\n]{{0,4}})?"
    rf"|(?<![\w])(?P<so2>số|so)[ \t\n]{{0,4}}:?[ \t\n]{{0,4}})[.…_ \t]{{0,12}}\Z",
    "theo Kế hoạch số ", _I,
)
# "Luật Khoa học và Công nghệ số 29/2013/QH13": a law named before its number.
_LAW_PREFIX = _pattern(
    "law-prefix", rf"(?<![\w])(?P<law>Luật[ \t]+[{_UPPER}][^;.()\n“”\"]{{1,120}}?)[ \t\n]{{1,4}}\Z",
    "Luật Khoa học và Công nghệ ",
)
_OWN_LINE = _pattern("own-line", r"(?:\A|\n)[#*_> \t]*\Z", "\n", note="line start before 'Số:'")
_KEM_THEO = _pattern(
    "kem-theo", r"(?<![\w])kèm[ \t]+theo[ \t\n]{1,3}\Z", "(Ban hành kèm theo ", _I,
    note="an appendix naming the document it belongs to",
)
# After a symbol: a stray "tỉnh" ("209/KH-UBND tỉnh ngày …"), a date, an issuer phrase.
_STRAY = _pattern(
    "stray-tinh", r"[ \t]{1,3}tỉnh(?=[ \t]{1,3}(?:ngày|của|do)(?![\w]))", " tỉnh ngày 06/12/2021", _I
)
_DATE = _pattern(
    "date",
    r",?[ \t]{0,3}\n?[ \t]{0,3}(?<![\w])ngày[ \t.…_]{1,12}(?:"
    r"(?P<d>\d{1,2})?[ \t.…_]{0,12}tháng[ \t.…_]{1,12}(?P<m>\d{1,2})?[ \t.…_]{0,12}năm[ \t]{1,3}"
    r"(?P<y>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})?[ \t.…_]{0,10}[/.\-][ \t.…_]{0,10}(?P<m2>\d{1,2})?[ \t.…_]{0,10}[/.\-][ \t]{0,2}"
    r"(?P<y2>(?:19|20)\d\d))(?!\d)",
    " ngày 18 tháng 8 năm 2021", _I, note="also 06/12/2021, 30/05/2019, blank 'ngày .../.../2023'",
)
_ISSUER_LEAD = _pattern("issuer-lead", r",?[ \t]{0,3}\n?[ \t]{0,3}(?:của|do)[ \t]{1,3}", " của UBND tỉnh", _I)
_ISSUER = _pattern(
    "issuer",
    rf"(?:(?P<role>{_ROLES_RE})[ \t]+)?(?P<alias>{_ISSUER_PHRASES_RE})(?![\w&])"
    rf"(?![ \t]+(?:{_LOCAL_UNITS})(?![\w]))"
    rf"(?:[ \t]+(?P<lvl>tỉnh|thành[ \t]+phố|TP\.?)(?![\w]))?"
    rf"(?:[ \t]+(?P<prov>{_PROVINCES_RE})(?![\w]))?"
    r"(?:[ \t]{0,2}\(?[ \t]{0,2}(?:khóa|nhiệm[ \t]+kỳ)[ \t]+(?-i:[IVXLC]{1,7})(?![\w])\)?)?",
    "Bộ trưởng Bộ Khoa học và Công nghệ", _I,
    note="also 'UBND tỉnh', 'Ban Thường vụ Tỉnh ủy', 'BCH TW Đảng khóa XIII', 'Bộ Chính trị'",
)
_LOCAL_ISSUER = _pattern(
    "local-issuer",
    rf"(?P<body>UBND|Ủy[ \t]+ban[ \t]+nhân[ \t]+dân|HĐND|Hội[ \t]+đồng[ \t]+nhân[ \t]+dân|Huyện[ \t]+ủy|Thị[ \t]+ủy)"
    rf"[ \t]+(?P<kind>huyện|thị[ \t]+xã|quận|thành[ \t]+phố|thị[ \t]+trấn|xã|phường)?[ \t]*"
    rf"(?P<name>(?-i:[{_UPPER}])\w*(?:[ \t]+(?-i:[{_UPPER}])\w*){{0,3}})",
    "UBND huyện Tân Châu", _I, note="district and commune bodies: not the province's",
)
# Documents named, not numbered, by convention: Party congress and plenum resolutions, dated laws.
_CONGRESS = _pattern(
    "congress-resolution",
    rf"(?=[Nn]ghị)(?<![\w])Nghị[ \t]+quyết[ \t]+(?:của[ \t]+)?Đại[ \t]+hội(?:[ \t]+đại[ \t]+biểu)?"
    rf"(?:[ \t]+(?P<scope>toàn[ \t]+quốc|Đảng[ \t]+bộ(?:[ \t]+(?:tỉnh|thành[ \t]+phố))?"
    rf"(?:[ \t]+(?P<prov>{_PROVINCES_RE}))?))?"
    r"(?:[ \t]+lần[ \t]+thứ)?[ \t]+(?P<ord>(?-i:[IVXL]{1,6})|\d{1,2})(?![\w])"
    r"(?:,?[ \t]+nhiệm[ \t]+kỳ[ \t]+\d{4}[ \t]*[-–][ \t]*\d{4})?"
    r"(?P<party>[ \t]+của[ \t]+Đảng(?![ \t]+bộ))?",
    "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI", _I,
)
_PLENUM = _pattern(
    "plenum-resolution",
    r"(?=[Nn]ghị)(?<![\w])Nghị[ \t]+quyết[ \t]+(?:Hội[ \t]+nghị[ \t]+(?:lần[ \t]+thứ[ \t]+)?(?P<n1>\d{1,2})[ \t]+"
    r"Ban[ \t]+Chấp[ \t]+hành[ \t]+Trung[ \t]+ương(?:[ \t]+Đảng)?"
    r"|(?:Hội[ \t]+nghị[ \t]+)?(?:Trung[ \t]+ương|TW)[ \t]+(?:lần[ \t]+thứ[ \t]+)?(?P<n2>\d{1,2}))"
    r"[ \t]+\(?[ \t]{0,2}khóa[ \t]+(?P<term>(?-i:[IVXL]{1,6}))(?![\w])\)?",
    "Nghị quyết Trung ương 7 khóa X", _I,
)
_DATED_LAW = _pattern(
    "dated-law",
    rf"(?=[Ll]uật)(?<![\w])Luật[ \t]+(?P<lname>(?:[{_UPPER}]|sửa[ \t]+đổi)[^;.()\n“”\"]{{1,160}}?)(?=,?[ \t]+(?:ngày|năm)[ \t])",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    note="a law is a citation only with its date or year, which bounds its name",
)
_LAW_YEAR = _pattern("law-year", r",?[ \t]+năm[ \t]+(?P<y>(?:19|20)\d\d)(?!\d)", " năm 2013")

# Relation words (DOMAIN.md "Relations between documents").
_VERB = r"(?:triển[ \t]+khai[ \t]+thực[ \t]+hiện|triển[ \t]+khai|thực[ \t]+hiện|cụ[ \t]+thể[ \t]+hóa)"
_VERB_START = _pattern(
    "implements-start",
    rf"[-+•*–> \t]{{0,6}}(?:(?:Để|Nhằm)[ \t]+)?(?:Quán[ \t]+triệt[ \t]*(?:,|và)[ \t]*)?(?:Tiếp[ \t]+tục[ \t]+)?"
    rf"(?:Tổ[ \t]+chức[ \t]+)?"
    rf"{_VERB}(?![\w])[ \t]*",
    "- Tổ chức triển khai nhiệm vụ của Kế hoạch số 209/KH-UBND", _I,
    note="at a clause start in the title, opening or Mục đích: the document implements what follows",
)
_VERB_ANY = _pattern("implements-word", rf"(?<![\w]){_VERB}(?![\w])[ \t]*", "Ban hành Kế hoạch thực hiện ", _I)
_REVIEW = _pattern(
    "review", r"(?<![\w])(?:tổng[ \t]+kết|sơ[ \t]+kết|kết[ \t]+quả|đánh[ \t]+giá|tình[ \t]+hình)(?![\w])",
    "Báo cáo sơ kết 5 năm thực hiện", _I, note="a title that reviews what it names does not implement it",
)
_BASED_ON = _pattern("based-on", r"[-+•*–> \t]{0,6}Căn[ \t]+cứ(?![\w])[ \t]*", "Căn cứ Quyết định số 1956", _I)
_SELF_PLAN = _pattern(
    "self-plan",
    rf"(?<![\w])(?:xây[ \t]+dựng|ban[ \t]+hành)[ \t]+(?:{_TYPE_NAMES_RE})(?:[ \t]+này)?[ \t]+"
    rf"(?:triển[ \t]+khai[ \t]+)?(?:thực[ \t]+hiện|triển[ \t]+khai)(?![\w])[ \t]*",
    "Sở Khoa học và Công nghệ xây dựng Kế hoạch thực hiện Chương trình", _I,
    note="in the opening, the document names itself: it implements what follows",
)
# "Kế hoạch 209 … thực hiện Nghị quyết 11": what separates two documents when the first implements
# the second. "về việc xây dựng thực hiện" (1392 asks for a plan) is no chain.
_CHAIN_GAP = _pattern(
    "chain",
    r"[ \t]{0,3}\n?[ \t]{0,3}(?:(?:về|để|nhằm)[ \t]+)?(?:việc[ \t]+)?(?:tiếp[ \t]+tục[ \t]+)?(?:tổ[ \t]+chức[ \t]+)?"
    r"(?:triển[ \t]+khai[ \t]+)?(?:thực[ \t]+hiện|triển[ \t]+khai)[ \t]{0,3}",
    " về tiếp tục thực hiện ", _I,
)
_VERB_BEFORE = _pattern("verb-before", rf"(?<![\w]){_VERB}[ \t]{{1,3}}\Z", "Chương trình X thực hiện ", _I)
_COORDINATED = _pattern("coordinated", r"[ \t]{0,3}(?:,|;|và|,[ \t]*và)[ \t]{0,3}", " và ", _I)
# A decision issues (ban hành, phê duyệt) a programme or plan; the programme is what plans implement.
_ISSUES = _pattern(
    "issues",
    rf"[ \t]{{0,3}},?[ \t]{{0,3}}(?:(?:về|V/v)[ \t]+(?:việc[ \t]+)?)?(?:ban[ \t]+hành|phê[ \t]+duyệt)[ \t]{{1,3}}"
    rf"(?P<named>(?:(?:{_TYPE_NAMES_RE})[ \t]{{1,3}})?[“\"«][^”\"»\n]{{3,400}}[”\"»]"
    rf"|(?-i:{_TYPE_NAMES_RE})(?![\w])[^()\n.;“”\"]{{3,400}})",
    " ban hành “Chương trình ứng dụng, phát triển khoa học”", _I,
)
# What a named (unnumbered) object looks like: a quote or a capitalised type word.
_NAMED_START = _pattern("named-start", rf"[“\"«]|(?:{_TYPE_NAMES_RE})(?![\w])", "“Chương trình")
_CAPITAL_TYPE_WORD = _pattern("type-word", rf"(?<![\w])(?:{_TYPE_NAMES_RE})(?![\w])|[“\"«]", "của Chương trình")
# A law's name may hold other laws ("Luật sửa đổi … của Luật Tổ chức Chính phủ"), not other documents.
_NOT_IN_LAW_NAME = _pattern(
    "not-in-law-name",
    r"(?<![\w])(?:" + _alternation(n for t in DOC_TYPES if t.code != "L" for n in (t.name, *t.names)) + r")(?![\w])",
    "Luật Ngân sách nhà nước và Nghị định",
)

# Zones of a document where it speaks of itself: title, opening, Mục đích.
_TYPE_HEADING = _pattern(
    "type-heading",
    r"^[#*_> \t]*(?P<type>" + _alternation(n.upper() for t in DOC_TYPES for n in (t.name, *t.names))
    + r")(?![\w])[*_ \t:]*(?P<rest>[^\n]*)$",
    "KẾ HOẠCH", _M, note="the type line; the title follows it (also 'CHƯƠNG TRÌNH HÀNH ĐỘNG')",
)
_VV_LINE = _pattern("vv-line", r"^[#*_> \t]*(?:V/v|Về việc)[ \t]+[^\n]+$", "V/v triển khai Kế hoạch", _M)
_HEADING = _pattern(
    "heading",
    r"^[#*_> \t]*(?:(?-i:[IVX]{1,5})[ \t]*[.:)\-]|\d{1,2}[ \t]*[.)](?!\d)|Điều[ \t]+1(?!\d)"
    r"|(?-i:PHẦN|CHƯƠNG|PHỤ[ \t]+LỤC)(?![\w])|(?-i:QUYẾT[ \t]+ĐỊNH|NGHỊ[ \t]+QUYẾT|QUYẾT[ \t]+NGHỊ)[ \t]*:)",
    "I. MỤC ĐÍCH, YÊU CẦU", _M, note="also the enacting words of a decision or resolution: 'QUYẾT NGHỊ:'",
)
# The enacting authority, on a line of its own between a decision's title and its preamble (Nghị định
# 30/2020/NĐ-CP, the "thẩm quyền ban hành" line): "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "HỘI ĐỒNG NHÂN DÂN
# TỈNH QUẢNG NGÃI", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "BỘ TRƯỞNG BỘ KHOA HỌC VÀ CÔNG NGHỆ", "GIÁM ĐỐC
# SỞ …". Capitals only: it ends the title, which may be in capitals too but never opens so.
_AUTHORITY_LINE = _pattern(
    "authority-line",
    r"^[#*_> \t]*(?:(?:PHÓ[ \t]+)?(?:CHỦ[ \t]+TỊCH|GIÁM[ \t]+ĐỐC|BỘ[ \t]+TRƯỞNG|THỦ[ \t]+TƯỚNG|TRƯỞNG[ \t]+BAN"
    r"|CHÁNH[ \t]+VĂN[ \t]+PHÒNG|CỤC[ \t]+TRƯỞNG)[ \t]+)?"
    r"(?:ỦY[ \t]+BAN[ \t]+NHÂN[ \t]+DÂN|UBND|HỘI[ \t]+ĐỒNG[ \t]+NHÂN[ \t]+DÂN|HĐND|SỞ|BỘ|CỤC|CHÍNH[ \t]+PHỦ"
    r"|TỈNH[ \t]+ỦY|THÀNH[ \t]+ỦY|BAN[ \t]+THƯỜNG[ \t]+VỤ|BAN[ \t]+CHẤP[ \t]+HÀNH|THƯỜNG[ \t]+TRỰC)(?![\w])"
    rf"[^\n{_LOWER}]*$",
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", _M,
)
# What opens a paragraph of the preamble (căn cứ ban hành): the legal basis, the submission it answers,
# what it carries out. Written with a capital at a line start, or after ";" in lower case.
_OPENER_WORDS = (
    r"Căn[ \t]+cứ|Xét|Theo[ \t]+đề[ \t]+nghị|Thực[ \t]+hiện|Triển[ \t]+khai|Trên[ \t]+cơ[ \t]+sở|Sau[ \t]+khi"
    r"|Theo[ \t]+(?:ý[ \t]+kiến|chỉ[ \t]+đạo)"
)
_PREAMBLE_OPENER = _pattern(
    "preamble-opener", rf"[-+•*–> \t]{{0,6}}(?P<word>{_OPENER_WORDS})(?![\w])", "Xét đề nghị của Giám đốc Sở", _I,
)
_TITLE_STOP = _pattern(
    "title-stop", r"^[-+•*–> \t]{0,6}(?:Căn[ \t]+cứ|Xét|Theo[ \t]+đề[ \t]+nghị)(?![\w])",
    "Căn cứ Luật Tổ chức chính quyền địa phương", _M, note="a preamble line right under a title: the title ends",
)
_BASIS_WORD = re.compile(_shadow(r"căn[ \t]+cứ"), re.IGNORECASE)
_PURPOSE_HEADING = _pattern(
    "purpose-heading",
    r"^[#*_> \t]*(?:(?:(?-i:[IVX]{1,5})|\d{1,2}|[a-zđ])[ \t]*[.):\-][ \t]*)?[*_]*Mục[ \t]+đích(?![\w])[^\n]{0,60}$",
    "1. Mục đích:", _I | _M,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LEGISLATURE = re.compile(r"(.*?[^\d])(\d{1,2})")
_LEADING_OF = re.compile(_shadow(r"^(?:của|do)[ \t]+"), re.IGNORECASE)
_CODE_SPLIT = re.compile(r"[ \t]*[-–][ \t]*")
_CLAUSE_BREAK = re.compile(r";[ \t]*")
_TYPE_WORD_AT = re.compile(_shadow(rf"(?:{_TYPE_NAMES_RE})(?![\w])"), re.IGNORECASE)
_CLOSE_QUOTE = re.compile(r"[”\"»]")
_NAMED_STOP = re.compile(r"[(;\n]")
_WORD_BEFORE = re.compile(r"(\w+)\Z")
_NEXT_CHAR = re.compile(r"[ \t]*(\S)")
_MARKUP = " \t\n#*_>"


# --------------------------------------------------------------------------------------------------
# Symbols.

@dataclass
class _Symbol:
    number: str | None
    year: int | None
    doc_type: str | None
    issuer_code: str | None  # normalised issuer part: "UBND", "TW", "BTC-BNV", "QH13"
    lookup: str | None  # the code its issuer is known by in vocab ("QH" for "QH13"), None if unknown
    party: bool
    shape: str  # "typed", "letter", "law", "party"
    symbol: str  # normalised and corrected: "11-NQ/TU", "52-KL/TW"
    written: str  # as written, blanks squeezed out: "11-NQ/TU", "52-KI/TW"
    type_known: bool
    corrections: list[str] = field(default_factory=list)


def _number(text: str | None) -> str | None:
    """Numbers under 10 are written with a leading zero (05), others without: one form per number."""
    if not text:
        return None
    return f"{int(text):02d}"


def _type_code(code: str) -> tuple[str | None, str | None]:
    """(type code, why it was corrected) or (None, None) when `code` is no type code."""
    up = code.upper()
    if up in _TYPE_BY_UPPER:
        return _TYPE_BY_UPPER[up], None
    folded = up.replace("Đ", "D")
    if folded in _TYPE_BY_FOLD:
        return _TYPE_BY_FOLD[folded], "its Đ was written D"
    for i, ch in enumerate(folded):
        alt = _OCR_LOOKALIKES.get(ch)
        if alt and (candidate := folded[:i] + alt + folded[i + 1:]) in _TYPE_BY_FOLD:
            return _TYPE_BY_FOLD[candidate], f"“{code}” is no type code, an OCR slip"
    return None, None


def _issuer_code(code: str) -> tuple[str, str | None, str | None]:
    """(normalised code, vocab code it is known by or None, why it was corrected)."""
    up = code.upper()
    if up in _ISSUER_BY_UPPER:
        return _ISSUER_BY_UPPER[up], _ISSUER_BY_UPPER[up], None
    folded = up.replace("Đ", "D")
    if folded in _ISSUER_BY_FOLD:
        c = _ISSUER_BY_FOLD[folded]
        return c, c, "its Đ was written D"
    m = _LEGISLATURE.fullmatch(code)  # "QH15": Quốc hội khóa XV
    if m:
        base, lookup, why = _issuer_code(m.group(1))
        return base + m.group(2), lookup, why
    return code, None, None


def _read_symbol(g: dict, hint: str | None) -> _Symbol:
    """Interpret a symbol match; `hint` is the type code of the word before it ("Kết luận" -> KL)."""
    specific_hint = hint if hint and hint not in _GENERIC_TYPES else None
    if g.get("p_type"):
        number, written_type = _number(g["p_num"]), g["p_type"]
        issuer_parts = [_issuer_code(p) for p in _CODE_SPLIT.split(g["p_iss"])]
        written = f"{g['p_num'] or ''}-{written_type}/{g['p_iss']}"
        doc_type, why = _type_code(written_type)
        if specific_hint and (doc_type is None or (why and doc_type != specific_hint)):
            doc_type, why = specific_hint, f"“{written_type}” is no type code and the text calls it a {hint}"
        known = doc_type is not None
        doc_type = doc_type or written_type
        issuer = "-".join(p[0] for p in issuer_parts)
        sym = _Symbol(number, None, doc_type, issuer, issuer_parts[0][1], True, "party",
                      f"{number or ''}-{doc_type}/{issuer}", written, known)
        reasons = [why] + [p[2] for p in issuer_parts]
    else:
        number = _number(g["s_num"])
        year = int(g["s_year"]) if g.get("s_year") else None
        parts = [p for p in _CODE_SPLIT.split(g["s_codes"]) if p]
        written = f"{g['s_num'] or ''}/{str(year) + '/' if year else ''}{'-'.join(parts)}"
        head_type, why = _type_code(parts[0])
        head_issuer = _issuer_code(parts[0])
        reasons = [why]
        if year and len(parts) == 1:  # 29/2013/QH13: a law or a resolution of the legislature
            shape, doc_type, known = "law", specific_hint, specific_hint is not None
            issuers = [head_issuer]
        elif len(parts) >= 2 and head_type and head_issuer[1] is None:
            shape, doc_type, known = "typed", head_type, True
            if specific_hint and why and head_type != specific_hint:
                doc_type, reasons = specific_hint, [f"“{parts[0]}” is no type code and the text calls it a {hint}"]
            issuers = [_issuer_code(p) for p in parts[1:]]
        elif len(parts) >= 2 and head_issuer[1] is None and _issuer_code(parts[1])[1] and specific_hint:
            # "Kế hoạch số 12/KX-UBND": an unreadable type before a known issuer; the word says it
            shape, doc_type, known = "typed", specific_hint, True
            reasons = [f"“{parts[0]}” is no type code and the text calls it a {hint}"]
            issuers = [_issuer_code(p) for p in parts[1:]]
        else:  # 1392/UBND-KT: an official letter (công văn) has no type part
            shape, doc_type, known = "letter", "CV", head_issuer[1] is not None
            reasons = []
            issuers = [head_issuer]
            units = parts[1:]
        issuer = "-".join(p[0] for p in issuers)
        reasons += [p[2] for p in issuers]
        middle = f"{year}/" if year else ""
        if shape == "typed":
            text = f"{number or ''}/{middle}{doc_type}-{issuer}"
        elif shape == "law":
            text = f"{number or ''}/{middle}{issuer}"
        else:
            text = f"{number or ''}/{middle}{'-'.join([issuer, *units])}"
        sym = _Symbol(number, year, doc_type, issuer, issuers[0][1], False, shape, text, written, known)
    reasons = [r for r in reasons if r]
    if sym.symbol != sym.written and reasons:
        sym.corrections.append(f"read {sym.written} as {sym.symbol}: {'; '.join(reasons)}")
    return sym


def blank_numbered_symbol(symbol: str | None) -> str | None:
    """The symbol of a document whose number is blank, without the blank: "/KH-SKHCN" -> "KH-SKHCN",
    "-NQ/TU" -> "NQ/TU"; None when nothing is left. A year after the blank keeps its slash
    ("/2020/NQ-HĐND"): without it the year would read as a number."""
    rest = (symbol or "").strip(" /-")
    if rest[:1].isdigit():
        return "/" + rest
    return rest or None


def _type_name(code: str | None) -> str | None:
    t = DOC_TYPE_BY_CODE.get(code or "")
    return t.name if t else None


def parse_symbol(text: str) -> DocumentRef | None:
    """A document symbol ('Số: 43/KH-SKHCN', '/KH-SKHCN', '11 -NQ/TU', '295/2020/NQ-HĐND', '1392/UBND-KT',
    '52-KI/TW') -> DocumentRef with doc_type, number (None when blank), year (from the symbol), issuer_code
    and the normalised symbol. National issuers are named (no context needed); provincial ones are not."""
    if not text:
        return None
    sh = _shadow(text).replace("*", "").replace("_", "")
    m = _SYMBOL.search(sh)
    if m is None:
        return None
    sym = _read_symbol(m.groupdict(), None)
    ref = DocumentRef(
        doc_type=sym.doc_type, doc_type_name=_type_name(sym.doc_type), number=sym.number, year=sym.year,
        symbol=sym.symbol, issuer_code=sym.issuer_code,
    )
    base = ISSUER_BY_CODE.get(sym.lookup or "")
    if base is not None and base.level == "national":
        ref.issuer = base.name
    return ref


# --------------------------------------------------------------------------------------------------
# Issuers.

@dataclass
class CitationContext:
    """What the citing document says about itself, to read its citations in."""

    province: str | None  # the citing document's province ("UBND tỉnh" = UBND of this province)
    year: int | None = None  # the citing document's year
    own_symbol: str | None = None  # its own symbol, possibly with a blank number ("/KH-SKHCN")
    own_doc_type: str | None = None  # "KH": "Kèm theo Kế hoạch số …" in an appendix is the document itself


@dataclass
class _IssuerHit:
    end: int
    name: str | None
    province: str | None
    code: str | None
    start: int


def _fill(template: str, province: str | None) -> str | None:
    """A body's name in a province: "{province}" filled, "tỉnh"/"Tỉnh ủy" made "thành phố"/"Thành ủy" in a
    centrally-run city; None for a provincial body whose province is unknown."""
    if "{province}" not in template:
        return template
    if not province:
        return None
    if province in CENTRAL_CITIES:  # "Ủy ban nhân dân thành phố Hà Nội", "Thành ủy Hà Nội"
        template = template.replace("tỉnh {province}", "thành phố {province}").replace("Tỉnh ủy", "Thành ủy")
        return template.replace("{province}", province).replace("thành phố Thành phố", "Thành phố")
    return template.replace("{province}", province)  # not str.format: a template may hold the text's own braces


def _match_issuer(sh: str, pos: int, context: CitationContext | None) -> _IssuerHit | None:
    """The issuer phrase starting at `pos` of shadow text, resolved."""
    own = context.province if context else None
    local = _LOCAL_ISSUER.match(sh, pos)
    if local and local.group("kind"):
        place = _PROVINCE_BY_KEY.get(_key(local.group("name")))
        if place is None or _key(local.group("kind")) != "thanh pho":
            body = _key(local.group("body"))
            full = {"ubnd": "Ủy ban nhân dân", "hdnd": "Hội đồng nhân dân"}.get(body, _squash(local.group("body")))
            kind = _squash(local.group("kind"))
            name = f"{full} {kind} {_squash(local.group('name'))}"
            code = {"ubnd": "UBND", "uy ban nhan dan": "UBND", "hdnd": "HĐND", "hoi dong nhan dan": "HĐND"}.get(body)
            return _IssuerHit(local.end(), name, own, code, pos)
    m = _ISSUER.match(sh, pos)
    if m is None:
        return None
    entry = _ISSUERS.get(_key(m.group("alias")))
    if entry is None:
        return None
    province = _PROVINCE_BY_KEY.get(_key(m.group("prov"))) if m.group("prov") else None
    if entry.level == "national":
        name, province = _fill(entry.template, None), None
    else:
        province = province or own
        name = _fill(entry.template, province)
        if name is None:
            province = None
    return _IssuerHit(m.end(), name, province, entry.code, pos)


def resolve_issuer(phrase: str, context: CitationContext) -> tuple[str | None, str | None]:
    """'UBND tỉnh' / 'Ủy ban nhân dân tỉnh' / 'Ban Thường vụ Tỉnh ủy' / 'BCH TW Đảng' / 'Bộ Chính trị' /
    'Ban Bí thư' / 'Thủ tướng Chính phủ' / 'Bộ trưởng Bộ Khoa học và Công nghệ' / 'HĐND tỉnh' ->
    (canonical issuer name, province or None for national). Reads the issuer at the start of the
    phrase; (None, None) when none is recognised, or when a provincial body's province is unknown."""
    if not phrase:
        return None, None
    sh = _shadow(phrase).strip(" \t\n,.;:()")
    sh = _LEADING_OF.sub("", sh)
    hit = _match_issuer(sh, 0, context)
    if hit is None or hit.name is None:
        return None, None
    return hit.name, hit.province


def name_issuer(phrase: str, context: CitationContext) -> tuple[str, str | None, str | None] | None:
    """A whole phrase that names an issuer, in any case ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM", "Bộ tài
    chính", "THỦ TƯỚNG CHÍNH PHỦ") -> (canonical name, province, issuer code); None when the phrase
    says more than the issuer (or names none): a header line names its body and nothing else."""
    sh = _shadow(_squash(phrase)).strip(" \t\n,.;:()")
    hit = _match_issuer(sh, 0, context)
    if hit is None or hit.name is None:
        return None
    rest = _key(sh[hit.end:])
    if rest and not _key(hit.name).endswith(rest):
        return None  # "Thủ tướng" + "chính phủ" is the name; "Sở KH&CN" + "Trung tâm …" is not
    return hit.name, hit.province, hit.code



def _issuer_from_code(sym: _Symbol, context: CitationContext) -> tuple[str | None, str | None]:
    base = ISSUER_BY_CODE.get(sym.lookup or "")
    if base is None:
        return None, None
    if base.level == "national":
        return base.name, None
    name = _fill(base.name, context.province)
    return name, (context.province if name else None)


fill_issuer = _fill


# --------------------------------------------------------------------------------------------------
# Finding mentions.

@dataclass
class _Mention:
    start: int
    end: int
    ref: DocumentRef
    corrections: list[str] = field(default_factory=list)
    written: str | None = None  # the symbol as written (before corrections)
    issuer_phrase: str | None = None  # the issuer as the text names it, if it does


@dataclass
class _Own:
    doc_type: str | None
    number: str | None
    issuer: str | None

    @classmethod
    def of(cls, context: CitationContext) -> _Own:
        doc_type, number, issuer = context.own_doc_type, None, None
        if context.own_symbol:
            m = _SYMBOL.search(_shadow(context.own_symbol))
            if m:
                sym = _read_symbol(m.groupdict(), None)
                doc_type, number, issuer = sym.doc_type or doc_type, sym.number, (sym.issuer_code or "").upper()
        return cls(doc_type, number, issuer)

    def is_self(self, sym: _Symbol) -> bool:
        """The document's own symbol, or a blank-numbered copy of it."""
        return (
            self.issuer is not None and sym.doc_type == self.doc_type and (sym.issuer_code or "").upper() == self.issuer
            and (sym.number is None or sym.number == self.number)
        )


def _date(m: re.Match) -> tuple[dt.date | None, int, bool]:
    """(date or None when blank or not real, year, whether it was not a real date)."""
    year = int(m.group("y") or m.group("y2"))
    day, month = m.group("d") or m.group("d2"), m.group("m") or m.group("m2")
    if not (day and month):
        return None, year, False
    try:
        return dt.date(year, int(month), int(day)), year, False
    except ValueError:
        return None, year, True


def _tail(sh: str, end: int, context: CitationContext):
    """What follows a symbol: a stray "tỉnh", a date and the issuer, in either order.

    Returns (end, date, year, whether the date was not real, issuer hit)."""
    stray = _STRAY.match(sh, end)
    if stray:
        end = stray.end()
    date = year = None
    bad_date = False
    hit: _IssuerHit | None = None
    for _ in range(2):
        dm = _DATE.match(sh, end) if year is None else None
        if dm:
            date, year, bad_date = _date(dm)
            end = dm.end()
            continue
        lead = _ISSUER_LEAD.match(sh, end) if hit is None else None
        if lead:
            hit = _match_issuer(sh, lead.end(), context)
            if hit:
                end = hit.end
                continue
        break
    return end, date, year, bad_date, hit


def _numbered(text: str, sh: str, m: re.Match, context: CitationContext, own: _Own,
              mentions: list[_Mention], problems: list[Problem]) -> None:
    g = m.groupdict()
    sym_start = m.start()
    prefix = _PREFIX.search(sh, max(0, sym_start - 60), sym_start)
    name = prefix.group("name") if prefix else None
    so = prefix and (prefix.group("so") or prefix.group("so2"))
    law = None
    if prefix and not name:
        law = _LAW_PREFIX.search(sh, max(0, prefix.start() - 130), prefix.start() if so else sym_start)
        if law and _NOT_IN_LAW_NAME.search(law.group("law")):
            law = None
    hint = _TYPE_NAMES.get(_key(name)) if name else ("L" if law else None)
    sym = _read_symbol(g, hint)
    if not (name or so or law):  # a bare symbol: only what cannot be anything else
        if sym.number is None or not (
            (sym.shape in ("typed", "party") and sym.type_known)
            or (sym.shape == "letter" and sym.lookup is not None and "-" in sym.symbol.split("/")[-1])
            or (sym.shape == "law" and sym.lookup is not None)
        ):
            return
    if sym.number is None and not (name or so):
        return
    start = law.start() if law else (prefix.start() if (prefix and (name or so)) else sym_start)
    if prefix and not name and prefix.group("so2") and _OWN_LINE.search(sh, max(0, prefix.start() - 40), prefix.start()):
        if prefix.group("so2")[0] == "S" or ":" in sh[prefix.start():sym_start]:
            return  # "Số: 43/KH-SKHCN": the document's own number line
    end, date, year, bad_date, hit = _tail(sh, m.end(), context)
    written_text = _squash(text[start:end])
    kem_theo = _KEM_THEO.search(sh, max(0, start - 30), start)
    # numbers restart every year: "Kế hoạch số 16/KH-UBND ngày 01/7/2021" cited in 16/KH-UBND of 2024 is another plan
    other_year = context.year is not None and (sym.year or year or context.year) != context.year
    if (own.is_self(sym) and not other_year) or (
        kem_theo and (sym.number is None or (own.doc_type and sym.doc_type == own.doc_type))
    ):
        return  # the document itself ("Kèm theo Kế hoạch số 43/KH-SKHCN"), not a citation
    span = Span(start=start, end=end)
    if sym.number is None:
        problems.append(Problem(
            severity="warning", code="blank-number", span=span,
            message=f"“{written_text}” is cited with its number left blank, so it is not linked to any "
            "document; fill in the number from the signed copy.",
        ))
        return
    if bad_date:
        problems.append(Problem(
            severity="warning", code="bad-date", span=span,
            message=f"The date in “{written_text}” is not a real date; only its year is kept.",
        ))
    if context.year and (sym.year or year or 0) > context.year:
        problems.append(Problem(
            severity="warning", code="cited-later", span=span,
            message=f"“{written_text}” is dated {sym.year or year}, after this document ({context.year}); "
            "check its number and date.",
        ))
    if sym.year and year and sym.year != year:
        problems.append(Problem(
            severity="warning", code="year-mismatch", span=span,
            message=f"“{written_text}” carries the year {sym.year} in its symbol but is dated {year}; "
            "the symbol's year is kept.",
        ))
    corrections = list(sym.corrections)
    symbol, issuer_code = sym.symbol, sym.issuer_code
    issuer, province = _issuer_from_code(sym, context)
    phrase = None
    if hit is not None and hit.code is not None:
        phrase = _squash(text[hit.start:hit.end])
        if sym.party and hit.code == "TW" and sym.lookup != "TW":
            # "29-NQ/TU … của BCH TW Đảng": a central Party body issued it; the issuer wins.
            symbol = f"{sym.number}-{sym.doc_type}/TW"
            corrections.append(
                f"read {sym.written} as {symbol}: issued by “{phrase}”, a central Party body, whose "
                "documents carry /TW"
            )
            issuer_code, issuer, province = "TW", hit.name, None
        elif hit.code == sym.lookup or sym.lookup is None or (
            ISSUER_BY_CODE.get(sym.lookup) and ISSUER_BY_CODE[sym.lookup].name == ISSUER_BY_CODE[hit.code].name
        ):
            if hit.name is not None:
                issuer, province = hit.name, hit.province
        else:
            problems.append(Problem(
                severity="warning", code="issuer-conflict", span=span,
                message=f"“{written_text}” names “{phrase}” as its issuer but its symbol says {sym.issuer_code}; "
                "the symbol is kept.",
            ))
            phrase = None
    doc_type = sym.doc_type
    title = None
    if law:
        title = _squash(text[law.start("law"):law.end("law")])
    ref = DocumentRef(
        doc_type=doc_type,
        doc_type_name=_squash(text[prefix.start("name"):prefix.end("name")]) if name else (
            "Luật" if law else _type_name(doc_type)),
        number=sym.number, year=sym.year or year, symbol=symbol, issuer_code=issuer_code,
        issuer=issuer, province=province, date=date, title=title,
    )
    mentions.append(_Mention(start, end, ref, corrections, sym.written, phrase))


# Where a resolution or a law can be named: every match of _CONGRESS and _PLENUM (case-insensitive)
# opens with "nghị" in some case, every match of _DATED_LAW with "Luật". These anchors open with a
# literal, which the engine finds by its fast literal search ("nghị" is found by its "ị", the rarest
# letter, then checked backwards); the patterns, which open with a lookahead and are tried at every
# position by finditer, are then tried at the anchors alone.
_NGHI_ANCHORS = (re.compile("ị(?<=[Nn][Gg][Hh]ị)"), re.compile("Ị(?<=[Nn][Gg][Hh]Ị)"))
_LUAT_ANCHOR = re.compile("Luật")


def _matches_at(pattern: re.Pattern[str], sh: str, starts: list[int]):
    """The matches of pattern.finditer(sh), for a pattern that never matches empty and only at `starts`
    (sorted)."""
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = pattern.match(sh, start)
        if m is not None:
            yield m
            pos = m.end()


def _named(text: str, sh: str, context: CitationContext) -> list[_Mention]:
    """Documents named by convention rather than number: congress and plenum resolutions, dated laws."""
    out: list[_Mention] = []
    nghi = sorted(a.start() - 3 for anchor in _NGHI_ANCHORS for a in anchor.finditer(sh))
    for m in _matches_at(_CONGRESS, sh, nghi):
        scope = _key(m.group("scope") or "")
        ordinal = m.group("ord")
        if scope.startswith("dang bo"):
            province = _PROVINCE_BY_KEY.get(_key(m.group("prov"))) if m.group("prov") else context.province
            if province is None:
                continue
            body = _fill("Đảng bộ tỉnh {province}", province)
            title, issuer = f"Nghị quyết Đại hội đại biểu {body} lần thứ {ordinal}", f"Đại hội đại biểu {body}"
        elif scope == "toan quoc" or m.group("party"):
            province = None
            title = f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {ordinal} của Đảng"
            issuer = "Đại hội đại biểu toàn quốc của Đảng"
        else:
            continue  # "Nghị quyết Đại hội XIII" alone does not say whose congress
        ref = DocumentRef(doc_type="NQ", doc_type_name="Nghị quyết", title=title, issuer=issuer, province=province)
        out.append(_Mention(m.start(), m.end(), ref))
    for m in _matches_at(_PLENUM, sh, nghi):
        n = m.group("n1") or m.group("n2")
        ref = DocumentRef(
            doc_type="NQ", doc_type_name="Nghị quyết", title=f"Nghị quyết Hội nghị Trung ương {int(n)} khóa {m.group('term')}",
            issuer=ISSUER_BY_CODE["TW"].name, issuer_code=None,
        )
        out.append(_Mention(m.start(), m.end(), ref))
    for m in _matches_at(_DATED_LAW, sh, [a.start() for a in _LUAT_ANCHOR.finditer(sh)]):
        lname = _squash(text[m.start("lname"):m.end("lname")]).rstrip(" ,")
        if _NOT_IN_LAW_NAME.search(lname):
            continue
        end, date, year = m.end(), None, None
        dm = _DATE.match(sh, end)
        if dm:
            date, year, _bad = _date(dm)
            end = dm.end()
        else:
            ym = _LAW_YEAR.match(sh, end)
            if not ym:
                continue
            year, end = int(ym.group("y")), ym.end()
        ref = DocumentRef(
            doc_type="L", doc_type_name="Luật", title=f"Luật {lname}", year=year, date=date,
            issuer=ISSUER_BY_CODE["QH"].name,
        )
        out.append(_Mention(m.start(), end, ref))
    return out


# --------------------------------------------------------------------------------------------------
# Zones where a document speaks of itself, and sentences.

@dataclass
class _Zones:
    title: tuple[int, int] | None
    preamble: tuple[int, int]
    purpose: list[tuple[int, int]]

    def in_title(self, pos: int) -> bool:
        return self.title is not None and self.title[0] <= pos < self.title[1]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _MARKUP:
        start += 1
    while end > start and text[end - 1] in _MARKUP:
        end -= 1
    return start, end


# Words a title line may end with when it goes on in the next line ("… CỦA" / "ỦY BAN NHÂN DÂN TỈNH").
_OPEN_END = re.compile(_shadow(r"(?:^|[ \t])(?:của|và|thuộc|tại|cho|với|về)[ \t]*$"), re.IGNORECASE)


def title_end(text: str, start: int, end: int) -> int:
    """Where a title that starts at `start` ends, at the latest `end` (its block's end): before the
    enacting authority's own line ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI") or the first line of the preamble
    ("Căn cứ …"), which follow a decision's title with no blank line between when a file lost them.
    `text` is the shadow or the text itself (the patterns read both)."""
    first = text.find("\n", start, end)
    while first != -1:
        line_start = first + 1
        prev_start = text.rfind("\n", 0, first) + 1
        if (_TITLE_STOP.match(text, line_start, end) or _AUTHORITY_LINE.match(text, line_start, end)) \
                and not _OPEN_END.search(text, prev_start, first):
            return first
        first = text.find("\n", line_start, end)
    return end


_MAX_PURPOSE_ZONES = 3  # a document states its purpose once; appendices may repeat the heading


def _zones(sh: str, purpose_zones: bool = True) -> _Zones:
    title = None
    head = _TYPE_HEADING.search(sh, 0, min(len(sh), 3000))
    if head:
        if head.group("rest").strip(_MARKUP):
            start = head.start("rest")
        else:
            start = head.end()
            while start < len(sh) and sh[start] in " \t\n":
                start += 1
        blank = _BLANK_LINE.search(sh, start, min(len(sh), start + 800))
        end = title_end(sh, start, blank.start() if blank else min(len(sh), start + 800))
        s, e = _strip_span(sh, start, end)
        title = (s, e) if e > s else None
    else:
        vv = _VV_LINE.search(sh, 0, min(len(sh), 2000))
        if vv:
            title = _strip_span(sh, vv.start(), vv.end())
    pre_start = title[1] if title else 0
    limit = min(len(sh), pre_start + 8000)
    heading = _HEADING.search(sh, pre_start, limit)
    preamble = (pre_start, heading.start() if heading else limit)
    purpose: list[tuple[int, int]] = []
    scan_end = min(len(sh), 50_000) if purpose_zones else 0
    for ph in _PURPOSE_HEADING.finditer(sh, 0, scan_end):
        if len(purpose) == _MAX_PURPOSE_ZONES:
            break
        zone_start = ph.end()
        if purpose and zone_start < purpose[-1][1]:
            continue  # "I. MỤC ĐÍCH, YÊU CẦU" then "1. Mục đích": one zone
        zone_end = min(len(sh), zone_start + 6000)
        for h in _HEADING.finditer(sh, zone_start, zone_end):
            if not _PURPOSE_HEADING.match(sh, h.start()):
                zone_end = h.start()
                break
        purpose.append((zone_start, zone_end))
    return _Zones(title, preamble, purpose)


# . ! ? … before a blank or the end; one pattern per mark, as a pattern opening with a literal is
# found by the engine's fast literal search (a class is tried at every character)
_SENTENCE_MARKS = tuple(re.compile(re.escape(mark) + r"(?=[ \t\n]|$)") for mark in ".!?…")
_ABBREVIATIONS = {"tp", "tm", "kt", "tl", "tuq", "ths", "ts", "pgs", "gs", "p", "st", "q", "v", "vv", "th"}


class _Sentences:
    """Sentence bounds: a line break, or . ! ? before a capital (not after "TP.", "P.", "TM.")."""

    def __init__(self, text: str):
        self.text = text
        bounds = []
        # each mark is judged on its own and the bounds are sorted below: the order they come in
        # does not matter
        for mark in _SENTENCE_MARKS:
            for m in mark.finditer(text):
                i = m.start()
                nxt = _NEXT_CHAR.match(text, i + 1, i + 8)
                if nxt and nxt.group(1).islower():
                    continue  # checked first: cheaper than the word before
                word = _WORD_BEFORE.search(text, max(0, i - 8), i)
                if word and (word.group(1).lower() in _ABBREVIATIONS or (len(word.group(1)) <= 2 and word.group(1).isupper())):
                    continue
                bounds.append(i + 1)
        # Every line break is a bound (found by the regex engine, not by a list of every line). Merged in
        # order, the bounds are in text order, as one scan for marks and breaks would give them; kept as
        # an array (8 bytes a bound, not 36: a text of 250,000 short lines has as many)
        breaks = array("q", (m.start() for m in _LINE_BREAK.finditer(text)))
        self.bounds = array("q", heapq.merge(sorted(bounds), breaks))

    def at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.bounds, pos)
        start = self.bounds[i - 1] if i > 0 else 0
        end = self.bounds[i] if i < len(self.bounds) else len(self.text)
        if end <= pos:  # pos is a boundary itself
            end = self.bounds[i + 1] if i + 1 < len(self.bounds) else len(self.text)
        while start < end and self.text[start] in " \t\n-+•*–>#":
            start += 1
        while end > start and self.text[end - 1] in " \t\n":
            end -= 1
        return start, end


def _basis_paragraphs(sh: str, zone: tuple[int, int]) -> list[tuple[int, int]]:
    """(start, end) of each "Căn cứ" paragraph of the preamble `zone`.

    A paragraph opens with "Căn cứ" at a line start or after ";" and runs until the next opener
    ("Căn cứ", "Xét", "Theo đề nghị", "Thực hiện" …) or the end of a line that ends with "." or ":",
    or is followed by a blank line or a line in capitals. Lines ending in ";" go on: a list of bases
    may be written one per line under one "Căn cứ"."""
    z0, z1 = zone
    out: list[tuple[int, int]] = []
    opens: list[tuple[int, bool]] = []  # (position, is "Căn cứ")
    pos = z0
    while pos < z1:
        line_end = sh.find("\n", pos, z1)
        line_end = z1 if line_end == -1 else line_end
        starts = [pos] + [m.end() for m in _CLAUSE_BREAK.finditer(sh, pos, line_end)]
        for c in starts:
            m = _PREAMBLE_OPENER.match(sh, c, line_end)
            if m:
                opens.append((m.start("word"), bool(_BASIS_WORD.match(m.group("word")))))
        pos = line_end + 1
    for k, (start, basis) in enumerate(opens):
        if not basis:
            continue
        limit = opens[k + 1][0] if k + 1 < len(opens) else z1
        end = start
        while end < limit:
            line_end = sh.find("\n", end, limit)
            if line_end == -1:
                end = limit
                break
            line = sh[end:line_end].rstrip()
            nxt_end = sh.find("\n", line_end + 1)
            nxt = sh[line_end + 1:nxt_end if nxt_end != -1 else len(sh)].strip()
            end = line_end
            if not line or line[-1] in ".:" or not nxt or _all_capitals(nxt):
                break
            end = line_end + 1
        s, e = _strip_span(sh, start, end)
        while e > s and sh[e - 1] in " \t;,.":
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# --------------------------------------------------------------------------------------------------
# Named objects: "Triển khai “Chương trình …”", issued by a decision ("… ban hành Chương trình …").

def _named_tokens(text: str) -> list[str]:
    return _key(text).split()


def _same_named(a: str, b: str) -> bool:
    ta, tb = _named_tokens(a), _named_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    sa, sb = set(ta), set(tb)
    small, large = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if len(small) >= 5 and small <= large:
        return True
    return len(sa & sb) / len(sa | sb) >= 0.8


def _issued(sh: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(index of the issuing citation, start, end of what it issues), for "X ban hành Chương trình …"."""
    out = []
    for k, (_s, e) in enumerate(spans):
        m = _ISSUES.match(sh, e)
        if m:
            s2, e2 = _strip_span(sh, m.start("named"), m.end("named"))
            while e2 > s2 and sh[e2 - 1] in ",: ":
                e2 -= 1
            out.append((k, s2, e2))
    return out


def _title_object(sh: str, zones: _Zones, starts: list[int]) -> tuple[int, int, int] | None:
    """Where the title's implemented object begins: (verb start, object start, title end)."""
    if zones.title is None:
        return None
    t0, t1 = zones.title
    verb = _VERB_START.match(sh, t0)
    if verb is None or verb.end() > t1:
        verb = _VERB_ANY.search(sh, t0, t1)
        if verb is None:
            return None
        i = bisect.bisect_left(starts, t0)
        if i < len(starts) and starts[i] < verb.start():
            return None  # "Kế hoạch 209 … thực hiện …" in a title is a chain, not the title's verb
        if _REVIEW.search(sh, t0, verb.start()):
            return None  # "Báo cáo tổng kết 10 năm thực hiện X" reviews X, it does not implement it
    return verb.start(), verb.end(), t1


def _named_end(sh: str, start: int, limit: int) -> int:
    """A named object runs to the end of its quotes, else to "(", ";" or the limit."""
    if start < limit and sh[start] in "“\"«":
        close = _CLOSE_QUOTE.search(sh, start + 1, limit)
        return close.end() if close else limit
    stop = _NAMED_STOP.search(sh, start, limit)
    return stop.start() if stop else limit


# --------------------------------------------------------------------------------------------------
# Resolution: repeats take the identity of their full mention.

def _compatible_dates(a: _Mention, b: _Mention) -> bool:
    return a.ref.date is None or b.ref.date is None or a.ref.date == b.ref.date


def _resolve(mentions: list[_Mention]) -> None:
    """Give repeats the identity of their full mention (eyecite's short-form resolution). Linear."""
    numbered = sorted((m for m in mentions if m.written), key=lambda m: m.start)
    # 1. a correction made where the issuer is named carries to the mentions that do not name it
    fixed: dict[str, dict[dt.date | None, _Mention]] = {}
    for m in numbered:
        if m.issuer_phrase and m.ref.issuer_code == "TW" and _key(m.written) != _key(m.ref.symbol or ""):
            fixed.setdefault(m.written, {}).setdefault(m.ref.date, m)
    for m in numbered:
        by_date = fixed.get(m.written)
        if not by_date or m.issuer_phrase:
            continue
        f = by_date.get(m.ref.date) if m.ref.date else next(iter(by_date.values()))
        if f is None:
            f = by_date.get(None)
        if f is None or m.ref.symbol == f.ref.symbol:
            continue
        m.corrections.append(
            f"read {m.written} as {f.ref.symbol}, as where it is cited with its issuer (“{f.issuer_phrase}”)"
        )
        m.ref.symbol, m.ref.issuer_code = f.ref.symbol, f.ref.issuer_code
        m.ref.issuer, m.ref.province = f.ref.issuer, f.ref.province
    # 2. a repeat without date (or issuer) takes them from the nearest full mention of the same symbol:
    #    the one before it, else the one after it.
    groups: dict[tuple, list[_Mention]] = {}
    for m in numbered:
        groups.setdefault((m.ref.symbol, m.ref.province), []).append(m)
    for group in groups.values():
        if len(group) < 2:
            continue
        for m, full in zip(group, _nearest(group, lambda g: g.ref.date is not None)):
            if m.ref.date is None and full is not None:
                m.ref.date, m.ref.year = full.ref.date, full.ref.year
        for m, full in zip(group, _nearest(group, lambda g: g.ref.year is not None)):
            if m.ref.year is None and full is not None:
                m.ref.year = full.ref.year
        for m, named in zip(group, _nearest(group, lambda g: bool(g.issuer_phrase))):
            if not m.issuer_phrase and named is not None and named.ref.year in (None, m.ref.year) \
                    and _compatible_dates(named, m):
                m.ref.issuer, m.ref.province = named.ref.issuer, named.ref.province


def _nearest(group: list[_Mention], full) -> list[_Mention | None]:
    """For each mention, the nearest other mention before it that is `full`, else the nearest after.

    A repeat fills in only from a mention of the same year, when its symbol carries one."""
    out: list[_Mention | None] = [None] * len(group)
    for indices in (range(len(group)), range(len(group) - 1, -1, -1)):
        last: dict[int | None, _Mention] = {}
        for i in indices:
            m = group[i]
            if out[i] is None:
                out[i] = last.get(m.ref.year) if m.ref.year is not None else last.get(None)
            if full(m):
                last[None] = m
                if m.ref.year is not None:
                    last[m.ref.year] = m
    return out


# Every symbol holds a "/" at most _SYMBOL_REACH characters after its start (6 digits, 2 blanks, a
# dash, 2 blanks, a 14-character code, 2 blanks), and an attempt to match _SYMBOL at a position reads
# fewer than _SYMBOL_READS characters from it (the longest match is 110 characters, and a lookahead
# reads one more). So _symbols runs _SYMBOL only near the "/"s, which the engine finds by a fast
# literal search, rather than trying it at every character of the text.
_SYMBOL_REACH = 27
_SYMBOL_READS = 112
_SYMBOL_WINDOW = 160  # how far past a "/" a search may read: more than _SYMBOL_READS


def _symbols(sh: str):
    """The matches of _SYMBOL.finditer(sh).

    No match starts between `pos` and _SYMBOL_REACH before the next "/". A search that may read up
    to `end` finds what an unbounded one would wherever it starts _SYMBOL_READS or more before
    `end`; a match it finds further on is not trusted, and is found again from a later "/"."""
    pos = 0
    while (slash := sh.find("/", pos)) != -1:
        end = slash + _SYMBOL_WINDOW
        m = _SYMBOL.search(sh, max(pos, slash - _SYMBOL_REACH), end)
        if m is not None and m.start() + _SYMBOL_READS <= end:
            yield m
            pos = m.end()
        else:
            pos = end - _SYMBOL_READS + 1  # nothing starts before that


def find_citations(
    text: str, context: CitationContext, *, shadow: str | None = None
) -> tuple[list[Citation], list[Problem]]:
    """Every reference to another document, as written (Citation.text, .span) and normalised (.ref).

    Numbered mentions ("Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh", a bare "1130/QĐ-UBND")
    with their date and issuer; documents named by convention (congress and plenum resolutions, dated
    laws); and the programme a title implements when no cited decision issues it. A blank number is a
    warning, not a citation; the document's own symbol and its appendix's "Kèm theo …" are skipped.
    `shadow` is `shadow(text)`, when the caller has it already.
    """
    if not text:
        return [], []
    sh = _join_preamble(_shadow(text)) if shadow is None else shadow
    own = _Own.of(context)
    mentions: list[_Mention] = []
    problems: list[Problem] = []
    for m in _symbols(sh):
        _numbered(text, sh, m, context, own, mentions, problems)
    numbered_spans = sorted((m.start, m.end) for m in mentions)
    for named in _named(text, sh, context):
        i = bisect.bisect_right(numbered_spans, (named.end, len(sh)))
        if i > 0 and numbered_spans[i - 1][1] > named.start:
            continue  # "Luật X số 29/2013/QH13 ngày …" is already the numbered mention
        mentions.append(named)
    mentions.sort(key=lambda m: (m.start, m.end))
    titled = _title_programme(text, sh, context, mentions)
    if titled is not None:
        mentions.append(titled)
        mentions.sort(key=lambda m: (m.start, m.end))
    _resolve(mentions)
    citations = [
        Citation(text=text[m.start:m.end], span=Span(start=m.start, end=m.end), ref=m.ref, corrections=m.corrections)
        for m in mentions
    ]
    return citations, problems


def _title_programme(text: str, sh: str, context: CitationContext, mentions: list[_Mention]) -> _Mention | None:
    """The unnumbered programme or plan a title implements, when no cited decision issues it.

    "Triển khai “Chương trình ứng dụng … của tỉnh Ninh Thuận …”" names a programme; when the body says
    "Quyết định số 472/QĐ-UBND … ban hành “Chương trình …”", the decision stands for it and no
    citation is made here. Otherwise the programme is a citation of its own, with a title and a type
    but no symbol. A type word with no name ("Nghị quyết của HĐND tỉnh") is no programme.
    """
    zones = _zones(sh, purpose_zones=False)
    starts = [m.start for m in mentions]
    found = _title_object(sh, zones, starts)
    if found is None:
        return None
    _verb_start, obj, limit = found
    i = bisect.bisect_left(starts, obj)
    if i < len(starts) and starts[i] == obj:
        return None  # a numbered or conventional citation: nothing to add
    if not _NAMED_START.match(sh, obj):
        return None
    end = _named_end(sh, obj, limit)
    named = text[obj:end]
    for _k, s, e in _issued(sh, [(m.start, m.end) for m in mentions]):
        if _same_named(named, text[s:e]):
            return None
    body = sh[obj:end].strip("“”\"«» ")
    type_word = _TYPE_WORD_AT.match(body)
    doc_type = _TYPE_NAMES.get(_key(type_word.group())) if type_word else None
    rest = body[type_word.end():] if type_word else body
    issuer = province = None
    lead = _ISSUER_LEAD.match(rest)
    if lead:
        hit = _match_issuer(rest, lead.end(), context)
        if hit is not None:
            issuer, province = hit.name, hit.province
            rest = rest[hit.end:]
    if len(_key(rest).split()) < 3:
        return None
    if province is None and "quoc gia" not in _key(body):
        province = context.province
    ref = DocumentRef(
        doc_type=doc_type, doc_type_name=_type_name(doc_type), title=_squash(text[obj:end].strip("“”\"«» ")),
        issuer=issuer, province=province,
    )
    return _Mention(obj, end, ref)


# --------------------------------------------------------------------------------------------------
# Relations.

def _identities(citations: list[Citation]) -> list[int]:
    """One id per document: same symbol (or title) and scope, years equal or one unknown."""
    base: list[tuple] = []
    for c in citations:
        r = c.ref
        if r.number is not None and r.symbol:
            base.append(("n", r.doc_type, r.number, (r.issuer_code or "").upper(), r.province))
        else:
            base.append(("t", r.doc_type, _key(r.title or c.text), r.province))
    years: dict[tuple, set[int]] = {}
    for b, c in zip(base, citations):
        if c.ref.year is not None:
            years.setdefault(b, set()).add(c.ref.year)
    ids: dict[tuple, int] = {}
    out = []
    for b, c in zip(base, citations):
        year = c.ref.year
        if year is None and len(years.get(b, ())) == 1:
            year = next(iter(years[b]))
        out.append(ids.setdefault((b, year), len(ids)))
    return out


class _RelationSet:
    def __init__(self, text: str, ident: list[int]):
        self.text, self.ident = text, ident
        self.seen: set[tuple] = set()
        self.out: list[Relation] = []
        self.from_document: set[int] = set()

    def add(self, kind: str, subject: int | None, obj: int, span: tuple[int, int]) -> None:
        subj_id = None if subject is None else self.ident[subject]
        if subj_id == self.ident[obj]:
            return
        key = (kind, subj_id, self.ident[obj])
        if key in self.seen:
            return
        self.seen.add(key)
        if subject is None:
            self.from_document.add(self.ident[obj])
        self.out.append(Relation(
            type=kind, subject=subject, object=obj, quote=self.text[span[0]:span[1]],
            span=Span(start=span[0], end=span[1]),
        ))


# A document names the programme it implements in its title and opening, a few times at most; the
# bound keeps matching names linear on any input.
_MAX_NAMED_LOOKUPS = 64


def find_relations(text: str, citations: list[Citation], *, shadow: str | None = None) -> list[Relation]:
    """implements / based_on / cites relations; subject None = the document being read.

    The document is the subject only where it speaks of itself: its title, its opening sentences
    ("Thực hiện X", "Căn cứ X", "… xây dựng Kế hoạch thực hiện X") and its Mục đích section. A cited
    document is the subject of a chain ("Kế hoạch 209 … thực hiện Nghị quyết 11") and of what the
    programme it issues implements. Every other document mentioned is cited, once. `shadow` is
    `shadow(text)`, when the caller has it already.
    """
    if not text or not citations:
        return []
    sh = _join_preamble(_shadow(text)) if shadow is None else shadow
    n = len(citations)
    order = sorted(range(n), key=lambda k: (citations[k].span.start, citations[k].span.end))
    starts = [citations[k].span.start for k in order]
    spans = [(c.span.start, c.span.end) for c in citations]
    rels = _RelationSet(text, _identities(citations))
    sentences = _Sentences(text)
    zones = _zones(sh)
    issued = _issued(sh, spans)
    issued_starts = sorted(s for _k, s, _e in issued)

    def quote(pos: int) -> tuple[int, int]:
        return zones.title if zones.in_title(pos) else sentences.at(pos)

    def direct(pos: int, limit: int) -> list[int]:
        """The citation right after `pos` (past a few words, no other document named), and those
        co-ordinated with it ("X và Y")."""
        i = bisect.bisect_left(starts, pos)
        if i == n or starts[i] >= limit:
            return []
        gap = sh[pos:starts[i]]
        if len(gap) > 120 or any(ch in gap for ch in ".;\n") or _CAPITAL_TYPE_WORD.search(gap):
            return []
        objs = [order[i]]
        while i + 1 < n and starts[i + 1] < limit:
            end = spans[order[i]][1]
            if starts[i + 1] >= end and _COORDINATED.fullmatch(sh, end, starts[i + 1]):
                objs.append(order[i + 1])
                i += 1
            else:
                break
        return objs

    issued_names: dict[str, int] = {}  # one per name: a decision issuing a programme twice is one
    for k, s, e in issued:
        issued_names.setdefault(_key(text[s:e]), k)
    lookups = [0]

    def named(pos: int, limit: int) -> list[int]:
        """An unnumbered programme right after `pos`: the decision that issues it, or its own citation."""
        while pos < limit and sh[pos] in " \t":
            pos += 1
        if not _NAMED_START.match(sh, pos, limit) or lookups[0] >= _MAX_NAMED_LOOKUPS:
            return []
        lookups[0] += 1
        end = _named_end(sh, pos, limit)
        for name, k in issued_names.items():
            if _same_named(text[pos:end], name):
                return [k]
        i = bisect.bisect_left(starts, pos)
        if i < n and starts[i] == pos:
            return [order[i]]
        return []

    def objects(pos: int, limit: int) -> list[int]:
        return direct(pos, limit) or named(pos, limit)

    # the title: "Thực hiện X", "Triển khai “Chương trình …”", "Ban hành Kế hoạch thực hiện X"
    found = _title_object(sh, zones, starts)
    if found is not None:
        for k in objects(found[1], found[2]):
            rels.add("implements", None, k, zones.title)
    # the opening and Mục đích: clause starts
    zone_spans = [("preamble", zones.preamble)] + [("purpose", z) for z in zones.purpose]
    for which, (z0, z1) in zone_spans:
        pos = z0
        while pos < z1:
            s, e = sentences.at(pos)
            if e <= pos:
                pos += 1
                continue
            e = min(e, z1) if s < z1 else e
            clause_starts = [s] + [c.end() for c in _CLAUSE_BREAK.finditer(sh, s, e)]
            for c in clause_starts:
                if which == "preamble":
                    based = _BASED_ON.match(sh, c, e)
                    if based:
                        for k in objects(based.end(), e):
                            rels.add("based_on", None, k, (s, e))
                        continue
                verb = _VERB_START.match(sh, c, e)
                if verb:
                    for k in objects(verb.end(), e):
                        rels.add("implements", None, k, (s, e))
            if which == "preamble":
                for self_plan in _SELF_PLAN.finditer(sh, s, e):
                    i = bisect.bisect_left(issued_starts, self_plan.start())
                    if i < len(issued_starts) and issued_starts[i] < self_plan.end():
                        continue  # "Quyết định số 31 … ban hành Chương trình … thực hiện X": the decision's, not ours
                    for k in objects(self_plan.end(), e):
                        rels.add("implements", None, k, (s, e))
            pos = max(e + 1, pos + 1)
    nested: set[int] = set()  # what a cited document implements: no basis of the document itself
    # chains: "Kế hoạch 209 … thực hiện Nghị quyết 11" (209 implements 11)
    for a, b in zip(order, order[1:]):
        end_a, start_b = spans[a][1], spans[b][0]
        if start_b >= end_a and start_b - end_a <= 80 and _CHAIN_GAP.fullmatch(sh, end_a, start_b):
            rels.add("implements", a, b, quote(spans[a][0]))
            nested.add(b)
    # what a programme implements, its issuer (or the programme's own citation) implements
    containers = [(k, s, e) for k, s, e in issued] + [
        (k, spans[k][0], spans[k][1]) for k in range(n) if citations[k].ref.symbol is None
    ]
    for k, s, e in containers:
        i = bisect.bisect_left(starts, s)
        while i < n and starts[i] < e:
            j = order[i]
            if j != k and _VERB_BEFORE.search(sh, max(s, starts[i] - 40), starts[i]):
                rels.add("implements", k, j, quote(spans[k][0]))
                nested.add(j)
            i += 1
    # the legal basis of a decision or resolution: every document its "Căn cứ" paragraphs name, however
    # many a paragraph lists ("Căn cứ Luật A ngày …; Luật B ngày …", "Căn cứ Nghị định X … và Thông tư
    # Y …"), but not what those documents implement ("Căn cứ Kế hoạch 209 … thực hiện Nghị quyết 11")
    for s, e in _basis_paragraphs(sh, zones.preamble):
        i = bisect.bisect_left(starts, s)
        while i < n and starts[i] < e:
            if order[i] not in nested:
                rels.add("based_on", None, order[i], (s, e))
            i += 1
    # every other document mentioned is cited, once, where it is first mentioned
    for k in order:
        if rels.ident[k] not in rels.from_document:
            rels.add("cites", None, k, quote(spans[k][0]))
    rels.out.sort(key=lambda r: (r.span.start, r.subject is not None, r.object))
    return rels.out
