"""Agencies: split the words that name them, give each one canonical name, key, province and parent.

Owns the decision of *who* a mention is within one document. Identity across documents (one node
per province) follows from the key, which depends only on the province and the folded canonical
name, never on the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .agency_names import (
    ABBREVIATIONS,
    KNOWN_BODIES,
    DEPARTMENTS,
    GROUP_NOUNS,
    HEAD_WORDS,
    NATIONAL_BODIES,
    UNIT_HEADS,
    UNIT_PARENTS,
)
from .models import Agency
from .textutil import LOWER, UPPER, fold, slug, squash
from .vocab import CENTRAL_CITIES, COUNCIL_HEADS, PERSON_TITLES, PROVINCES

_HEADS = sorted({*HEAD_WORDS, *COUNCIL_HEADS}, key=len, reverse=True)
_HEAD_ALT = "|".join(re.escape(h) for h in _HEADS)
_GROUP_NOUN_ALT = "|".join(re.escape(n) for n in sorted(GROUP_NOUNS, key=len, reverse=True))

# A collective mention opens with "các"/"những" and a plural noun, or names the district level as
# a whole: "Các phòng và đơn vị thuộc Sở", "các Sở, ban, ngành", "UBND các huyện, thành phố",
# "Ủy ban nhân dân huyện, thị xã, thành phố", "Trưởng các phòng và đơn vị".
_GROUP_START = re.compile(
    rf"^(?:(?:Trưởng|Thủ trưởng|Lãnh đạo)\s+)?(?:các|những)\s+(?:{_GROUP_NOUN_ALT})\b"
    rf"|^(?:UBND|Ủy ban nhân dân)\s+(?:các|\d+)\s"
    rf"|^(?:UBND|Ủy ban nhân dân)\s+(?:huyện|quận|thị xã|thành phố)\s*,",
    re.IGNORECASE,
)
# "các X" inside a cell starts a new (group) mention: "Phòng KH-TC và các phòng thuộc Sở".
_GROUP_INSIDE = re.compile(rf"(?:các|những)\s+(?:{_GROUP_NOUN_ALT})\b", re.IGNORECASE)

# Words after which a head word continues the same name: "Trung tâm … thuộc Sở KH&CN",
# "Liên hiệp các Hội", "Giám đốc Sở".
_CONTINUERS = {"thuộc", "của", "Liên", "hiệp", "Giám", "đốc", "Lãnh", "đạo", "Chủ", "tịch", "Trưởng",
               "Phó", "cho", "tại", "đảng"}  # "Ban cán sự đảng UBND tỉnh" is one body
# "Văn phòng Sở", "Văn phòng UBND tỉnh" are one office; "Văn phòng Trung tâm …" are two agencies.
_OFFICE_OF = {"Sở", "UBND", "Ủy ban nhân dân", "HĐND", "Hội đồng nhân dân", "Tỉnh ủy", "Chính phủ",
              "Bộ", "Cục", "Chi cục"}

_HARD_SPLIT = re.compile(r"\s*;\s*|\s+phối hợp(?:\s+với)?\s+|\s*\bphối hợp với\s+")
_BOUNDARY = re.compile(r"\s*,\s*|\s+và\s+|\s+")
_LEADING_NOISE = re.compile(
    r"^(?:[-–+•*]\s*)?(?:(?:chủ trì|phối hợp(?:\s+với)?|với|và|giao|do|cùng)[\s,]+)*", re.IGNORECASE
)
# "(nếu có …)", "(b/c)" closing a mention: a note, not a part of the name
_TRAILING_NOTE = re.compile(r"\((?:nếu có|b/c|t/h|biết)[^()]*\)$", re.IGNORECASE)
_TAIL_CHARS = ",;.:–-…"
# a dot leader ("Sở Tài chính ….....(chủ trì)"): never part of a name
# three dots or more, blanks between them allowed; checked by a bounded look-ahead, then taken as one
# run of a character class ("(?:\s*[.…]){3,}" kept the regex engine's state for every dot: 122 MB for
# a leader of a million)
_LEADER = re.compile(r"\s*(?=(?:\s*[.…]){3})[.…][.…\s]*|\s*…+\s*")
_PROVINCE_ALT = "|".join(re.escape(p) for p in sorted(PROVINCES, key=len, reverse=True))
_PROVINCE_SUFFIX = re.compile(rf"\s+(?:tỉnh\s+)?(?P<province>{_PROVINCE_ALT})$")
_TINH_SUFFIX = re.compile(r"(?<!nhân dân)\s+tỉnh$")  # "Cục Thuế tỉnh"; not "… Ủy ban nhân dân tỉnh"
_CITY_SUFFIX = re.compile(r"\s+thành phố$")
_PARENT_CLAUSE = re.compile(r"\s+(?:trực thuộc|thuộc|của)\s+(?P<parent>.+)$")

# One lookbehind before the alternation, not one per abbreviation: the engine tried 41 lookbehinds at
# every character. Same matches: the abbreviations are tried in the same order, each with its lookahead.
_ABBREV = re.compile(
    r"(?<![\w&])(?:"
    + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w&])"
)
_DASH = re.compile(rf"\s*[–—]\s*|\s+-\s+|(?<=[{LOWER}])-(?=[{UPPER}])")

_DEPARTMENT_BY_FIELD = {
    fold(d.removeprefix("Sở ")).replace(" va ", " "): d for d in DEPARTMENTS
}


# A list of agencies inside a sentence ("phối hợp với Sở Nội vụ, Sở Tài chính và các sở, ngành liên
# quan xây dựng …"): known bodies whole, groups up to their last group word, other names by shape —
# a head word, then capitalised syllables each followed by at most one lowercase syllable
# (Vietnamese names capitalise the first syllable of each word: "Sở Xây dựng", "Cục Thuế tỉnh").
# The national names of the departments are known bodies too: their words do not follow the name
# shape ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Văn hóa, Thể thao và Du lịch"), or end in a
# capital that a following verb would be glued to ("Sở Công Thương tổ chức").
_KNOWN_ALT = "|".join(
    re.escape(b).replace(r"\ và\ ", r"\s+(?:và\s+)?").replace(r"\ ", r"\s+")
    for b in sorted({*KNOWN_BODIES, *DEPARTMENTS}, key=len, reverse=True)
)
_GROUP_WORD = r"(?:cơ quan|đơn vị|sở|ban|ngành|phòng|địa phương|tổ chức|huyện|thị xã|thành phố|hội)"
_GROUP_TAIL = (
    r"(?:chuyên môn|sự nghiệp|có liên quan|liên quan|khác|thuộc Sở|thuộc tỉnh|thuộc UBND tỉnh|"
    r"thuộc Ủy ban nhân dân tỉnh|cấp tỉnh|tỉnh|cấp huyện|trực thuộc|"
    r"cơ quan|đơn vị|sở|ban|ngành|phòng|địa phương|huyện|thị xã|thành phố)"
)
_NAME_IN_PROSE = re.compile(
    rf"(?P<known>(?:{_KNOWN_ALT})(?![\w])(?:\s+tỉnh(?![\w]))?)"
    rf"|(?P<group>(?:(?:Trưởng|Thủ trưởng|Lãnh đạo)\s+)?(?:[Cc]ác|[Nn]hững)\s+(?i:{_GROUP_WORD})"
    rf"(?:(?:\s*,\s*|\s+và\s+|\s+)(?i:{_GROUP_TAIL}))*)"
    rf"|(?P<ubnd>(?:UBND|Ủy ban nhân dân)\s+(?:các\s+)?(?:huyện|quận)(?:\s*,\s*(?:thị xã|thành phố|quận))*"
    rf"(?:\s+thuộc\s+tỉnh)?)"
    # an abbreviation ("KH&CN", "KH-TC") is a whole word: no lower-case syllable is glued to it; "và"
    # joins two words of one name, never a name and the next one ("Sở Kế hoạch và Đầu tư và UBND …")
    rf"|(?P<shape>(?:{_HEAD_ALT})(?:(?:\s+|\s*[-–]\s*(?=[{UPPER}]))(?:[A-ZĐ][A-ZĐ&-]+(?![\w&])|"
    rf"(?!(?:{_HEAD_ALT})\b)[{UPPER}][\w&-]*(?:\s+[{LOWER}][\w]*)?|và(?=\s+(?!(?:{_HEAD_ALT})\b)[{UPPER}])))*"
    rf"(?:\s+tỉnh(?![\w]))?)"
)
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*(?:và\s+)?|\s+và\s+|\s+")


def take_agency_list(text: str) -> tuple[list[str], int]:
    """Agency names at the start of `text` and where the list ends (the rest is the duty)."""
    names: list[str] = []
    pos = 0
    while pos < len(text):
        m = _NAME_IN_PROSE.match(text, pos)
        if m is None or m.end() == m.start():
            break
        name = m.group(0)
        if m.lastgroup == "shape" and head_word_of(name) == name:
            break  # a head word alone ("Sở") is not a name
        names.append(name)
        pos = m.end()
        sep = _LIST_SEPARATOR.match(text, pos)
        if sep is None:
            break
        nxt = _NAME_IN_PROSE.match(text, sep.end())
        if nxt is None or nxt.end() == nxt.start() or (
            nxt.lastgroup == "shape" and head_word_of(nxt.group(0)) == nxt.group(0)
        ):
            break
        pos = sep.end()
    return names, pos


def _field_key(text: str) -> str:
    return fold(text).replace(" va ", " ")


def expand_abbreviations(name: str) -> str:
    """'Phòng QLCN&ĐMST' -> 'Phòng Quản lý Công nghệ và Đổi mới sáng tạo'."""
    expanded = _ABBREV.sub(lambda m: ABBREVIATIONS[m.group(0)], name)
    return squash(_DASH.sub(" - ", expanded))


def is_group(mention: str) -> bool:
    # every alternative of _GROUP_START opens with ^: match() tries the start alone, as search() would
    # after failing at every other position
    return bool(_GROUP_START.match(mention.strip()))


def split_mentions(cell: str) -> list[str]:
    """Split a cell or a list of names into one string per agency or group.

    Splits at ';' and 'phối hợp với'; at ',' or 'và' when a new name follows; and where a head word
    runs into the previous name ("Trung tâm KH và CN Phòng Thanh tra …"). "Sở NN và PTNT, TNMT"
    names two departments: the second field gets its "Sở" back.
    """
    return list(each_mention(cell))


def each_mention(cell: str) -> Iterator[str]:
    """split_mentions one name at a time: a long cell is never held as a list of its names. The short
    cells, repeated row after row, are split once (a long one would stay in the cache)."""
    return iter(_cached_split(cell)) if len(cell) <= 1000 else _mentions(cell)


def _mentions(cell: str) -> Iterator[str]:
    for part in _HARD_SPLIT.split(squash(_LEADER.sub(" ", cell))):
        for mention in _split_part(part):
            cleaned = _clean_mention(mention)
            if cleaned:
                yield cleaned


@lru_cache(maxsize=8192)
def _cached_split(cell: str) -> tuple[str, ...]:
    return tuple(_mentions(cell))


_LOOKAHEAD = 300  # characters after a boundary that decide it: a head word, a group, a department's field


def _split_part(part: str) -> Iterator[str]:
    """One pass over the part, whatever its length: "Sở Tài chính, Nội vụ, Xây dựng, …" goes on from
    each field with its "Sở" given back (a recursion per field once raised RecursionError at 1,200)."""
    start, prefix = 0, ""
    # where a head word or a group opens after a blank or comma (every boundary ends in one): one
    # scan, rather than two matches at every boundary; both scans go in order, so the next opening is
    # read as the boundaries pass it (no set of them all)
    opens = (m.end() for m in _OPENS_NAME.finditer(part))
    next_open = next(opens, None)
    for m in _BOUNDARY.finditer(part):
        if m.start() == 0 or m.end() >= len(part):
            continue
        while next_open is not None and next_open < m.end():
            next_open = next(opens, None)
        if m.end() != next_open and "," not in m.group(0):
            continue  # no name or group opens after it, and no comma: no split here (see _is_boundary)
        before = prefix + part[start:m.start()]
        rest = part[m.end():m.end() + _LOOKAHEAD]  # only its beginning is read
        sep = m.group(0).strip()
        if _is_boundary(before, rest, sep):
            yield before
            start, prefix = m.end(), ""
        elif sep == "," and before.startswith("Sở ") and _is_department_field(rest):
            yield before
            start, prefix = m.end(), "Sở "
    yield prefix + part[start:]


def _is_boundary(before: str, rest: str, sep: str) -> bool:
    words = before.split()
    if not words:
        return False
    prev = words[-1]
    head = head_word_of(rest)
    if before in {"Văn phòng", "VP"} and head is not None:
        return head not in _OFFICE_OF  # "Văn phòng Sở" is one office, "Văn phòng Trung tâm …" two
    if head_word_of(before) == before and not (sep == "," and before in _WHOLE_NAMES):
        return False  # a head word alone is no name yet: "UBND các huyện", "Các Sở, ban, ngành"
    if _GROUP_INSIDE.match(rest):
        return not before.endswith(("Liên hiệp", "Liên Hiệp")) and prev not in _CONTINUERS
    if head is None:
        return False
    if sep in {",", "và"}:
        return True
    if head in _PARTY_COMMITTEES:
        return False  # "Ban Tuyên giáo Tỉnh ủy", "Văn phòng Thành ủy": the committee owns the name before it
    return prev not in _CONTINUERS and prev.lower() not in {"các", "những"}


_PARTY_COMMITTEES = {"Tỉnh ủy", "Thành ủy"}
# Head words that are whole names as well: "Tỉnh đoàn, Sở Tài chính" names two bodies.
_WHOLE_NAMES = {"Tỉnh đoàn", "Tỉnh ủy", "Thành ủy", "Chính phủ"}
_HEAD_AT = re.compile(rf"(?:{_HEAD_ALT})(?!\w)")
# A blank or comma, then what _HEAD_AT or _GROUP_INSIDE matches
_OPENS_NAME = re.compile(rf"[\s,](?=(?:{_HEAD_ALT})(?!\w)|(?i:(?:các|những)\s+(?:{_GROUP_NOUN_ALT})\b))")


def head_word_of(text: str) -> str | None:
    """The head word a name opens with ("Sở", "Chi cục", "Văn phòng"), or None."""
    m = _HEAD_AT.match(text)
    return m.group(0) if m else None


def _is_department_field(rest: str) -> bool:
    field = _FIELD_END.split(rest)[0]
    return _field_key(expand_abbreviations(field)) in _DEPARTMENT_BY_FIELD


# compiled once (they ran through re's cache of patterns on every mention)
_FIELD_END = re.compile(r"\s*[,;]\s*|\s+và\s+các\b")
_LETTER = re.compile(r"[A-Za-zÀ-ỹ]")
_HEAD_OF = re.compile(r"^(?:Trưởng|Thủ trưởng|Lãnh đạo)\s+")
_OWN_UNITS = re.compile(r"\bphòng\b|thuộc Sở\b|đơn vị thuộc Sở", re.I)
_THUOC_SO = re.compile(r"\s+thuoc so$")


_ROLE_MARK = re.compile(r"\s*\((chủ trì|phối hợp|phối hợp thực hiện|thực hiện)\)$", re.IGNORECASE)


def role_marked(mention: str) -> tuple[str, str | None]:
    """"Sở Tài chính (chủ trì)": the name, and the role the mark gives it (None without one)."""
    m = _ROLE_MARK.search(mention)
    if not m:
        return mention, None
    mark = m.group(1).lower()
    return mention[: m.start()], "lead" if mark in ("chủ trì", "thực hiện") else "coordinate"


def _clean_mention(text: str) -> str:
    text = _LEADING_NOISE.sub("", squash(text))
    # the tail: blanks and , ; . : – - …, with at most one "(nếu có …)" inside it. Cut from the end in
    # one pass (a pattern tried at every character took 10 s on 2,000 dots of a dot leader).
    text = _strip_tail(text)
    note = _TRAILING_NOTE.search(text) if text.endswith(")") else None
    if note:
        text = _strip_tail(text[: note.start()])
    return text.strip(" ,;:.")


def _strip_tail(text: str) -> str:
    end = len(text)
    while end and (text[end - 1] in _TAIL_CHARS or text[end - 1].isspace()):
        end -= 1
    return text[:end]


@dataclass
class AgencyResolver:
    """Resolves mentions of one document to `Agency` records, merging aliases by key.

    `issuer` is the document's own issuing agency: the Phòng and Trung tâm named in a plan of a
    Sở are that Sở's units.
    """

    province: str | None
    issuer: Agency | None = None
    agencies: dict[str, Agency] = field(default_factory=dict)
    _known: dict[str, str | None] = field(default_factory=dict, repr=False)  # mention -> key

    def resolve(self, mention: str) -> Agency | None:
        if mention in self._known:
            key = self._known[mention]
            return self.agencies[key] if key else None
        agency = self._resolve(mention)
        self._known[mention] = agency.key if agency else None
        return agency

    def _resolve(self, mention: str) -> Agency | None:
        mention = role_marked(mention)[0]  # "Sở Tài chính (chủ trì)" is Sở Tài chính; the role is the caller's
        text = _clean_mention(mention)
        if not text or not _LETTER.search(text):
            return None
        if is_group(text):
            return self._add(self._group(text), text)
        agency = self._agency(text)
        return self._add(agency, text) if agency else None

    def resolve_all(self, cell: str) -> list[Agency]:
        out: list[Agency] = []
        for mention in each_mention(cell):
            agency = self.resolve(mention)
            if agency and agency.key not in {a.key for a in out}:
                out.append(agency)
        return out

    def _add(self, agency: Agency, alias: str) -> Agency:
        known = self.agencies.get(agency.key)
        if known is None:
            known = agency
            self.agencies[agency.key] = known
        elif fullness(agency.name) > fullness(known.name):
            # the fullest spelling names the agency, whatever order the mentions came in
            known.aliases = [*known.aliases, known.name]
            known.name = agency.name
        aliases = [a for a in known.aliases if a != known.name]
        if alias not in aliases and alias != known.name:
            aliases.append(alias)
        if agency.name not in aliases and agency.name != known.name:
            aliases.append(agency.name)
        known.aliases = aliases
        return known

    def _group(self, text: str) -> Agency:
        # "Trưởng các phòng và đơn vị" gives the duty to the units through their heads
        text = _HEAD_OF.sub("", text)
        name = text[0].upper() + text[1:]
        parent = None
        key_name = _field_key(name)
        if self.issuer is not None and _OWN_UNITS.search(name):
            # "Các phòng và đơn vị (thuộc Sở)" in a department's own plan: its units
            parent = self.issuer.key
            key_name = _THUOC_SO.sub("", key_name)
        base = parent or _province_slug(self.province)
        return Agency(
            key=f"{base}/group/{key_name.replace(' ', '-')}",
            name=name,
            kind="group",
            province=self.province,
            level="unit" if parent else ("provincial" if self.province else "unknown"),
            parent=parent,
        )

    def _agency(self, text: str) -> Agency | None:
        head = head_word_of(text)
        parent_text = None
        m = _PARENT_CLAUSE.search(text)
        if m and head:
            parent_text = m.group("parent")
            text = text[: m.start()]
        province = self.province
        name = expand_abbreviations(text)
        pm = _PROVINCE_SUFFIX.search(name)
        # "Sở … tỉnh Quảng Trị", "Ủy ban nhân dân tỉnh Phú Yên" name the province; "Báo Ninh Thuận" is
        # the newspaper's own name (only a head word would be left)
        council = head in {"Ủy ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND"}
        if pm and (pm.group(0).lstrip().startswith("tỉnh") or head_word_of(name[: pm.start()]) != name[: pm.start()]):
            province = pm.group("province")
            name = name[: pm.start()]
            if not council and province in CENTRAL_CITIES:
                name = _CITY_SUFFIX.sub("", name)  # "Sở Tài chính thành phố Hà Nội": the city's department
        name = _TINH_SUFFIX.sub("", name) if not council else name
        head = head_word_of(name)
        if head is None:
            return None
        if name in {"Ủy ban nhân dân", "Hội đồng nhân dân"}:
            name += " tỉnh"  # the province's own council or committee, however it was written
        if name in {"Văn phòng", "VP"}:
            name = "Văn phòng Sở"
        if head == "Sở":
            name = _DEPARTMENT_BY_FIELD.get(_field_key(name.removeprefix("Sở ")), name)
        national = any(name.startswith(b) for b in NATIONAL_BODIES)
        if national:
            province = None
        parent_key = None
        if head in UNIT_HEADS and not national:
            parent = self._parent_of(name, parent_text)
            if parent is not None:
                parent_key = parent.key
                province = parent.province
        elif parent_text:
            parent = self.resolve(parent_text)
            parent_key = parent.key if parent else None
        level = "national" if national else ("unit" if parent_key and head in UNIT_HEADS else "provincial")
        if province is None and not national:
            level = "unknown"
        base = parent_key or ("vn" if national else _province_slug(province))
        return Agency(
            key=f"{base}/{_field_key(name).replace(' ', '-')}",
            name=name,
            province=province,
            level=level,
            parent=parent_key,
        )

    def _parent_of(self, name: str, parent_text: str | None) -> Agency | None:
        if parent_text:
            return self.resolve(parent_text)
        folded = fold(name)
        for prefix, department in UNIT_PARENTS.items():
            if folded.startswith(prefix):
                if self.issuer is not None and fold(self.issuer.name) == fold(department):
                    return self.issuer
                return self.resolve(department)
        if self.issuer is not None and self.issuer.name.startswith("Sở"):
            return self.issuer
        return None


def fullness(name: str) -> tuple[int, int, str]:
    """Longer, then more capitalised ("Tài chính" over "tài chính"), then by letters: a total order."""
    return len(name), sum(map(str.isupper, name)), name


def _province_slug(province: str | None) -> str:
    return slug(province) if province else "unknown-province"


# --------------------------------------------------------------------------------------------------
# Carriers named by their heads' titles: "Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Khoa học và Công
# nghệ, Tài chính; Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện, thị xã, thành phố".

_TITLE_ALT = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(PERSON_TITLES, key=len, reverse=True))
_TITLE_AT = re.compile(rf"(?:(?:Ông|Bà)\s+)?(?:Phó\s+)?(?P<title>{_TITLE_ALT})\s+(?=\S)")
# Where a new person (and so a new body) starts in a list: after a comma or "và", at a title.
_TITLE_BREAK = re.compile(rf"(?:\s*,\s*|\s+và\s+)(?=(?:(?:Ông|Bà)\s+)?(?:Phó\s+)?(?:{_TITLE_ALT})\s)")
# "các Sở: Khoa học và Công nghệ, Tài chính, Nội vụ": one department per field.
_FIELD_LIST = re.compile(r"^(?:các\s+)?(?P<head>Sở|sở)\s*:\s*(?P<fields>.+)$")


def carriers_of(subject: str) -> list[str]:
    """The bodies a list of persons and bodies names, each as a mention the resolver reads: a
    person's title is dropped ("Giám đốc Sở Tài chính" -> "Sở Tài chính") or leaves its office
    ("Chánh Văn phòng UBND tỉnh" -> "Văn phòng UBND tỉnh"); "các Sở: A, B" names Sở A and Sở B; a
    collective ("Thủ trưởng các sở, ban, ngành") stays a group. Parts that name no body are left out."""
    out: list[str] = []
    for piece in re.split(r"\s*;\s*", squash(subject)):
        for part in _TITLE_BREAK.split(piece):
            part = part.strip(" ,.")
            m = _TITLE_AT.match(part)
            if m:
                kept = PERSON_TITLES[" ".join(m.group("title").split())]
                part = f"{kept} {part[m.end():]}".strip() if kept else part[m.end():]
            fields = _FIELD_LIST.match(part)
            mentions = department_list(fields.group("fields")) if fields else split_mentions(part)
            for mention in mentions:
                if head_word_of(mention) or is_group(mention):
                    out.append(mention)
    return out


_ANY_TITLE = re.compile(rf"(?<![\w])(?:(?:Ông|Bà)\s+)?(?:Phó\s+)?(?:{_TITLE_ALT})(?![\w])\s*")


def without_titles(text: str) -> str:
    """`text` less the persons' titles in it: what is left should be names of bodies."""
    return _ANY_TITLE.sub("", text)


def department_list(fields: str) -> list[str]:
    """'Khoa học và Công nghệ, Tài chính, Kế hoạch và Đầu tư' -> one 'Sở …' per department: commas
    and "và" part them, unless they are inside a department's name ("Văn hóa, Thể thao và Du lịch")."""
    pieces = [p.strip() for p in re.split(r"\s*,\s*", fields.strip(" .;")) if p.strip()]
    out: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + 3), i, -1):
            field_ = ", ".join(pieces[i:j])
            if _names_department(field_) or j == i + 1:
                break
        if _names_department(field_):
            out.append(f"Sở {field_}")
        else:  # "Tài chính và Nội vụ": two fields joined by "và"
            parts = re.split(r"\s+và\s+", field_)
            if len(parts) > 1 and all(_names_department(p) for p in parts):
                out.extend(f"Sở {p}" for p in parts)
            else:
                out.append(f"Sở {field_}")
        i = j
    return out


def _names_department(field_: str) -> bool:
    return _field_key(expand_abbreviations(field_)) in _DEPARTMENT_BY_FIELD
