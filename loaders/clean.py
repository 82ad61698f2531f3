"""Clean text: from a file's bytes to the text every later stage reads.

Owns two steps. `decode` turns bytes into text: UTF-8, UTF-16 with a byte-order mark, and the legacy
Vietnamese encodings Windows-1258, TCVN3 (ABC) and VNI-Windows, chosen by how Vietnamese they read;
anything else is an `UnreadableFile`. `clean` normalises that text (Unicode NFC, tone-mark placement,
Markdown/HTML residue, lines broken by PDF extraction, whitespace) and keeps an offset map from every
cleaned character back to the decoded text, so spans found later can be shown in the original.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

__all__ = ["CleanText", "UnreadableFile", "clean", "decode", "decode_as"]


class UnreadableFile(Exception):
    """str(exc) is one sentence a user can act on, naming the reason (not the path; the caller adds it)."""


# --------------------------------------------------------------------------------------------------
# decode
# --------------------------------------------------------------------------------------------------

# Files that are not text, recognised by their first bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "it is a PDF file, not text: extract its text first (for example with pdftotext) and load the .txt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "it is an old Microsoft Office file (.doc or .xls), not text: save it as plain text (UTF-8) and load the .txt"),
    (b"{\\rtf", "it is an RTF file, not plain text: save it as plain text (UTF-8) and load the .txt"),
    (b"\x89PNG\r\n\x1a\n", "it is a PNG image, not text: run OCR on it first and load the resulting .txt"),
    (b"\xff\xd8\xff", "it is a JPEG image, not text: run OCR on it first and load the resulting .txt"),
    (b"GIF8", "it is a GIF image, not text: run OCR on it first and load the resulting .txt"),
    (b"II*\x00", "it is a TIFF image, not text: run OCR on it first and load the resulting .txt"),
    (b"MM\x00*", "it is a TIFF image, not text: run OCR on it first and load the resulting .txt"),
    (b"\x1f\x8b", "it is a gzip archive, not text: unpack it and load the text file inside"),
    (b"7z\xbc\xaf\x27\x1c", "it is a 7-Zip archive, not text: unpack it and load the text files inside"),
    (b"Rar!\x1a\x07", "it is a RAR archive, not text: unpack it and load the text files inside"),
)

# Office Open XML and OpenDocument files are ZIP archives; the names of their parts tell them apart.
_ZIP_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"word/", "it is a Word .docx file, not text: save it as plain text (UTF-8) or extract its text "
               "(for example with pandoc) and load the .txt"),
    (b"xl/", "it is an Excel .xlsx file, not text: export the sheet as tab-separated text (UTF-8) and load that"),
    (b"ppt/", "it is a PowerPoint .pptx file, not text: export its text as UTF-8 and load the .txt"),
    (b"opendocument", "it is an OpenDocument file, not text: save it as plain text (UTF-8) and load the .txt"),
)
_ZIP_MESSAGE = "it is a ZIP archive, not text: unpack it and load the text files inside"

_EMPTY = "the file is empty"


def empty_reason(content: bytes | str) -> str:
    """Why a file with no text is refused: nothing at all, or only blanks, tabs and line breaks."""
    if not content.strip(b"\xef\xbb\xbf" if isinstance(content, bytes) else "\ufeff"):
        return f"{_EMPTY} (0 bytes)" if not content else _EMPTY
    unit = "byte" if isinstance(content, bytes) else "character"
    return (f"the file holds only blanks, tabs or line breaks ({len(content)} {unit}{'' if len(content) == 1 else 's'}), "
            "no text")
_NUL = ("it contains NUL bytes, so it is binary or UTF-16 without a byte-order mark: "
        "save it as UTF-8 text and load it again")
_BINARY = "it is mostly control characters, so it is binary, not text: load a plain-text (.txt) export instead"
_BAD_UTF16 = "it starts with a UTF-16 byte-order mark but is not valid UTF-16: save it as UTF-8 and load it again"
_BAD_UTF8_SIG = "it starts with a UTF-8 byte-order mark but is not valid UTF-8: save it as UTF-8 and load it again"
_UTF32 = "it is UTF-32 text: save it as UTF-8 and load it again"
_NOT_VIETNAMESE = ("it is not UTF-8 and does not read as Vietnamese in Windows-1258, TCVN3 or VNI: "
                   "save it as UTF-8 and load it again")
_DOUBLE_UTF8 = ("its text was encoded to UTF-8 twice (it reads “Viá»‡t” for “Việt”): "
                "save the original as UTF-8 once and load it again")
_BROKEN_UTF8 = ("it is UTF-8 with {count} invalid byte sequence(s), the first at byte {first}: "
                "repair or re-save it as UTF-8 and load it again")
_LEGACY_AS_UTF8 = ("its text is {name} Vietnamese that was converted to UTF-8 as if it were Western European: "
                   "convert the original from {name} to Unicode (for example with UniKey's converter) "
                   "and load it again")

# C0 control bytes that never occur in text (TAB, LF, VT, FF, CR and the DOS end-of-file mark do).
_C0_JUNK = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1a") + b"\x7f"
_JUNK_SHARE = 0.05  # random binary data has ~10% of such bytes; text has none

# TCVN3 (ABC, TCVN 5712:1993 VN3): bytes 0xA0-0xFF, one precomposed letter each. VN3 fonts only have
# lower-case toned letters; the VN1 upper-case letters sharing this range (0xAF Ằ, 0xC0 Ắ …) and the
# combining tones at 0xB0-0xB4 are decoded too. Checked against glibc iconv's TCVN5712-1:
# 0xB8 á, 0xAE đ, 0xA7 Đ, 0xAD ư. Bytes 0x80-0x9F are read as Windows-1252 (quotes, dashes).
_TCVN3_HIGH = (
    "\xa0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)


def _cp1252_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned: keep them as Latin-1
        return chr(b)


# Translation tables applied to bytes decoded as Latin-1 (so character i is byte i).
_CP1252 = {b: _cp1252_char(b) for b in range(0x80, 0xA0)}
_TCVN3 = {**_CP1252, **{0xA0 + i: c for i, c in enumerate(_TCVN3_HIGH)}}

# VNI-Windows writes a toned or modified vowel as its ASCII base letter plus one mark byte, shown here
# as read through Windows-1252 ("caùc" is "các", "Vieät" is "Việt"); đ, ơ, ư and the toned i and ỵ
# have bytes of their own. Mark bytes come in a lower- and an upper-case form (ù/Ù); the base letter
# gives the case.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_OWN = {"ñ": "đ", "ô": "ơ", "ö": "ư", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for own, letter in _VNI_OWN.items():
        table[own] = letter
        table[own.upper()] = letter.upper()
    groups = (
        ("aeouy", "", _VNI_TONES),
        ("ôö", "", _VNI_TONES),  # ơ and ư, then their tone
        ("aeo", "\u0302", _VNI_CIRCUMFLEX),
        ("a", "\u0306", _VNI_BREVE),
    )
    for bases, modifier, marks in groups:
        for base in bases:
            letter = _VNI_OWN.get(base, base)
            for mark, tone in marks.items():
                composed = unicodedata.normalize("NFC", letter + modifier + tone)
                for b, m in ((base, mark), (base, mark.upper()), (base.upper(), mark), (base.upper(), mark.upper())):
                    table[b + m] = composed.upper() if b.isupper() else composed
    return table


_VNI = _vni_table()
_VNI_MARKS = "".join({**_VNI_TONES, **_VNI_CIRCUMFLEX, **_VNI_BREVE})
_VNI_PATTERN = re.compile(
    f"[aeouyôöAEOUYÔÖ][{_VNI_MARKS}{_VNI_MARKS.upper()}]|[{''.join(_VNI_OWN)}{''.join(_VNI_OWN).upper()}]"
)

# A line of VN3 text set in an upper-case font (.VnTimeH) stores toned letters with their
# lower-case bytes: "KÕ HO¹CH" decodes to "Kế HOạCH". A line whose ASCII letters are all upper case
# is such a heading (three upper-case ASCII letters at least, so "Kế" alone is left as it is).
_NO_LOWER_ASCII_LINE = re.compile(r"^[^a-z\n]+$", re.M)
_UPPER_ASCII = re.compile(r"[A-Z]")


def _upper_heading(match: re.Match) -> str:
    line = match.group()
    return line.upper() if len(_UPPER_ASCII.findall(line)) >= 3 else line


def _decode_tcvn3(raw: bytes) -> str:
    text = raw.decode("latin-1").translate(_TCVN3)
    text = _NO_LOWER_ASCII_LINE.sub(_upper_heading, text)
    return unicodedata.normalize("NFC", text)


def _decode_vni(raw: bytes) -> str:
    text = raw.decode("latin-1").translate(_CP1252)
    # A base with a mark it cannot take ("yâ") is left as it is.
    return _VNI_PATTERN.sub(lambda m: _VNI.get(m.group(), m.group()), text)


def _decode_cp1258(raw: bytes) -> str:
    # Windows-1258 writes most tones as combining marks after the letter.
    return unicodedata.normalize("NFC", raw.decode("cp1258"))


_LEGACY: tuple[tuple[str, Callable[[bytes], str]], ...] = (
    ("cp1258", _decode_cp1258),
    ("tcvn3", _decode_tcvn3),
    ("vni", _decode_vni),
)
_LEGACY_NAMES = {"cp1258": "Windows-1258", "tcvn3": "TCVN3", "vni": "VNI"}

# --- how Vietnamese a text reads ---------------------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = "aăâeêioôơuưy"


def _untone_table() -> dict[int, str]:
    table = {}
    for base in _VOWELS + _VOWELS.upper():
        for tone in _TONE_MARKS:
            table[ord(unicodedata.normalize("NFC", base + tone))] = base
    return table


_UNTONE = _untone_table()
_TONED = re.compile("[" + "".join(map(chr, _UNTONE)) + "]")

# A Vietnamese syllable without its tone: an onset, then one of the rhymes the language has (medial
# o/u included). It rejects what wrong decodings produce: "th¸ng", "vieät", "ngổy", "kờỡ".
_ONSETS = "ngh ng nh ch gh gi kh ph th tr qu b c d đ g h k l m n p r s t v x".split()
_RHYMES = """
    a ai ao au ay ac ach am an ang anh ap at ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
    e eo ec em en eng ep et ê êu êch êm ên ênh êp êt
    i ia iu ich im in inh ip it iêc iêm iên iêng iêp iêt iêu
    o oi oc om on ong op ot oong ooc ô ôi ôc ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
    u ua ui uc um un ung up ut uôc uôi uôm uôn uông uôt
    ư ưa ưi ưu ưc ưm ưn ưng ưt ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêt yêu
    oa oai oay oac oach oam oan oang oanh oap oat oăc oăm oăn oăng oăt oe oeo oen oet
    uân uâng uât uây uê uêch uênh uơ uy uya uych uyn uynh uyp uyt uyu uyên uyêt
""".split()
_SYLLABLE = re.compile(
    "(?:" + "|".join(_ONSETS) + ")?(?:" + "|".join(sorted(_RHYMES, key=len, reverse=True)) + ")"
)

# The most frequent words of the corpus that carry a diacritic: a tie-breaker between decodings.
_FREQUENT_WORDS = frozenset("""
    và các công nghệ triển học phát tỉnh của nghiệp vụ hiện thực sở tạo dụng đổi mới sản cơ hoạch ứng
    động nhiệm kế hợp sáng chức xây dựng số phòng tổ định trình nhân hội lực trợ địa phẩm đơn hỗ vị tế
    với chính thành chủ về xuất kết lý cứu thông xã năng nghiên có tư nâng năm quyết quản chương quả
    lượng hoạt ngành đầu chất ngày trên sách bộ hiệu nước hóa nguồn trung đẩy tác chế phục đề dân tài
    phương chuyển để đến phối nhà nông khởi tăng thuộc án tiêu liên hàng hệ quốc bàn hướng tiến trường
    dự mạnh vực đại mưu hành hình kỹ thuật đoạn thống ủy pháp cầu mục cấp việc thời
""".split())

# Words are split at whitespace, ASCII punctuation, digits and general punctuation (dashes, quotes);
# the Latin-1 symbols a wrong decoding produces ("¸", "¬", "«") stay inside the word and spoil it.
_WORD_BREAK = re.compile(r"[\s!-@\[-`{-~\u2010-\u2027]+")
_SCORE_SAMPLE = 200_000  # characters: enough to judge, cheap on a 20 MB file
_PLAUSIBLE = 0.75  # share of valid syllables among words with a diacritic


def _vietnamese_score(text: str) -> tuple[float, float, int]:
    """(share of valid syllables, share of frequent words, count) over the words with a non-ASCII letter."""
    words = valid = frequent = 0
    for word in _WORD_BREAK.split(text[:_SCORE_SAMPLE]):
        if not word or word.isascii():
            continue
        words += 1
        word = word.lower()
        if len(_TONED.findall(word)) <= 1 and _SYLLABLE.fullmatch(word.translate(_UNTONE)):
            valid += 1
            frequent += word in _FREQUENT_WORDS
    if not words:
        return 0.0, 0.0, 0
    return valid / words, frequent / words, words


def _junk_count(data: bytes) -> int:
    return len(data) - len(data.translate(None, _C0_JUNK))


# The same bytes as characters: counted by one regex scan, not a Python loop over every character.
_TEXT_JUNK = re.compile("[" + re.escape(_C0_JUNK.decode("ascii")) + "]")


def _text_junk_share(text: str) -> float:
    junk = len(_TEXT_JUNK.findall(text, 0, _SCORE_SAMPLE))
    return junk / max(1, min(len(text), _SCORE_SAMPLE))


def _check_text(text: str, junk_free: bool = False) -> None:
    """junk_free: the caller knows the text holds no junk character (UTF-8 whose bytes hold none)."""
    if not text.strip():
        raise UnreadableFile(empty_reason(text))
    if "\x00" in text or (not junk_free and _text_junk_share(text) > _JUNK_SHARE):
        raise UnreadableFile(_BINARY)


def _as_western(text: str) -> bytes | None:
    """The bytes a Windows-1252 reader would have seen to produce `text`, if any."""
    out = bytearray()
    for chunk in re.split(r"([\x80-\x9f])", text[:_SCORE_SAMPLE]):
        if len(chunk) == 1 and "\x80" <= chunk <= "\x9f":
            out.append(ord(chunk))  # unassigned in Windows-1252: passed through as Latin-1
        else:
            try:
                out += chunk.encode("cp1252")
            except UnicodeEncodeError:
                return None
    return bytes(out)


# Latin-1 characters Vietnamese does not use but TCVN3, VNI or UTF-8 read as Windows-1252 produce
# ("Th¸ng", "caùc ñeà", "Viá»‡t"): only text containing one is scored for mojibake.
_MOJIBAKE_HINT = re.compile(
    "[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de-\u00df"
    "\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]"
)


def _utf8_hints() -> tuple[re.Pattern[bytes], ...]:
    """The same characters as UTF-8 byte pairs, one pattern per lead byte (0xC2, 0xC3)."""
    by_lead: dict[int, bytes] = {}
    for code in range(0x80, 0x100):
        if _MOJIBAKE_HINT.match(chr(code)):
            lead, cont = chr(code).encode("utf-8")
            by_lead[lead] = by_lead.get(lead, b"") + re.escape(bytes([cont]))
    return tuple(re.compile(bytes([lead]) + b"[" + conts + b"]") for lead, conts in by_lead.items())


# In valid UTF-8 a byte 0xC2 or 0xC3 always leads a character, so the text holds a hint character
# exactly when its bytes hold one of these pairs; a pattern opening with a literal byte is found by
# a fast search, several times faster than the class over the decoded text.
_MOJIBAKE_HINT_UTF8 = _utf8_hints()


def _check_not_mojibake(text: str, utf8: bytes | None = None) -> None:
    """Refuse UTF-8 whose text is Vietnamese that went through a wrong conversion (mojibake).

    `utf8`: the bytes `text` was decoded from, when it is all of them (UTF-8 without a BOM)."""
    if utf8 is not None and len(text) <= _SCORE_SAMPLE:
        if not any(hint.search(utf8) for hint in _MOJIBAKE_HINT_UTF8):
            return
    elif not _MOJIBAKE_HINT.search(text, 0, _SCORE_SAMPLE):
        return
    share, _, words = _vietnamese_score(text)
    if words < 3 or share >= 0.5:
        return
    western = _as_western(text)
    if western is None:
        return
    try:
        twice = western.decode("utf-8")
    except UnicodeDecodeError:
        twice = None
    if twice is not None and _vietnamese_score(twice)[0] >= _PLAUSIBLE:
        raise UnreadableFile(_DOUBLE_UTF8)
    for name, decoder in _LEGACY[1:]:
        if _vietnamese_score(decoder(western))[0] >= _PLAUSIBLE:
            raise UnreadableFile(_LEGACY_AS_UTF8.format(name=_LEGACY_NAMES[name]))


def _decode_legacy(raw: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    sample = raw[:_SCORE_SAMPLE]
    candidates = []
    for priority, (name, decoder) in enumerate(_LEGACY):
        try:
            share, frequent, words = _vietnamese_score(decoder(sample))
        except UnicodeDecodeError:  # Windows-1258 leaves a few bytes unassigned
            continue
        if words and share >= _PLAUSIBLE:
            candidates.append(((share, frequent, -priority), name, decoder))
    for _, name, decoder in sorted(candidates, key=lambda c: c[0], reverse=True):
        try:
            text = decoder(raw)
        except UnicodeDecodeError:
            continue
        _check_text(text)
        return text, name
    # UTF-8 with a few bad bytes (a file cut in the middle of a letter, a pasted byte) is not a
    # legacy file: say so, rather than suggest a conversion.
    repaired = raw.decode("utf-8", errors="replace")
    if _vietnamese_score(repaired)[0] >= _PLAUSIBLE:
        count = repaired.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
        raise UnreadableFile(_BROKEN_UTF8.format(count=count, first=utf8_error.start))
    raise UnreadableFile(_NOT_VIETNAMESE)


def decode_as(raw: bytes, name: str) -> str:
    """Bytes known to be in the legacy encoding `name` ("cp1258", "tcvn3", "vni"), as text."""
    for legacy_name, decoder in _LEGACY:
        if legacy_name == name:
            return decoder(raw)
    raise ValueError(f"unknown legacy encoding {name!r}")


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes of a file -> (text, encoding name). Raises UnreadableFile.

    The name is one of "utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3", "vni". Legacy encodings
    are told apart by how many words read as Vietnamese syllables; text that reads as none of them is
    refused rather than returned as mojibake.
    """
    if not raw.strip():
        raise UnreadableFile(empty_reason(raw))
    for magic, message in _MAGIC:
        if raw.startswith(magic):
            raise UnreadableFile(message)
    if raw.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        for marker, message in _ZIP_KINDS:
            if marker in raw:
                raise UnreadableFile(message)
        raise UnreadableFile(_ZIP_MESSAGE)

    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise UnreadableFile(_UTF32)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile(_BAD_UTF16) from None
        _check_text(text)
        return text, "utf-16"
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadableFile(_BAD_UTF8_SIG) from None
        _check_text(text)
        _check_not_mojibake(text)
        return text, "utf-8-sig"

    if b"\x00" in raw:
        raise UnreadableFile(_NUL)
    junk = _junk_count(raw)
    if junk / len(raw) > _JUNK_SHARE:
        raise UnreadableFile(_BINARY)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_legacy(raw, error)
    # UTF-8 writes each junk character as its own byte and no other byte below 0x80 in a multi-byte
    # sequence: no junk byte, no junk character, and the text need not be scanned for them again.
    _check_text(text, junk_free=junk == 0)
    _check_not_mojibake(text, utf8=raw)
    return text, "utf-8"


# --------------------------------------------------------------------------------------------------
# clean
# --------------------------------------------------------------------------------------------------


class SourceOffsets(Sequence):
    """len(text)+1 integers: offsets[i] = index in the input string of cleaned character i, and
    offsets[len(text)] = len(input); a span [s, e) of text came from input[offsets[s]:offsets[e]].
    Kept as the runs of the map (three integers per edit) and computed when asked for: a list of one
    integer per character took 36 bytes a character, 32 MB for a file of 1 MB."""

    __slots__ = ("_outs", "_ins", "_steps", "_out_len", "_in_len")

    def __init__(self, runs: list[_Run], out_len: int, in_len: int):
        self._outs = array("q", (r[0] for r in runs))
        self._ins = array("q", (r[1] for r in runs))
        self._steps = array("b", (r[2] for r in runs))
        self._out_len, self._in_len = out_len, in_len

    def __len__(self) -> int:
        return self._out_len + 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i <= self._out_len:
            raise IndexError("offset out of range")
        if i == self._out_len:
            return self._in_len
        k = bisect_right(self._outs, i) - 1
        return self._ins[k] + self._steps[k] * (i - self._outs[k])

    def __iter__(self):
        outs = self._outs
        for k, (out, start, step) in enumerate(zip(outs, self._ins, self._steps)):
            n = (outs[k + 1] if k + 1 < len(outs) else self._out_len) - out
            yield from range(start, start + n) if step else repeat(start, n)
        yield self._in_len

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(other) == len(self) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class CleanText:
    """Cleaned text and, for each of its characters, where it came from in the input of `clean`."""

    text: str  # cleaned text
    offsets: SourceOffsets  # offsets[i]: where cleaned character i came from (see SourceOffsets)


# Each step below rewrites the text through a list of edits (start, end, replacement) and returns a
# map from its output back to its input as runs (out_start, in_start, step): output positions from
# out_start up to the next run's out_start map to in_start + step * (i - out_start). Kept as runs,
# maps compose in time proportional to the number of edits, not to the length of the text; the
# per-character offsets are computed from them when asked for (SourceOffsets).
_Run = tuple[int, int, int]


def _apply(text: str, edits: Iterable[tuple[int, int, str]]) -> tuple[str, list[_Run] | None]:
    pieces: list[str] = []
    runs: list[_Run] = []
    pos = out = 0
    for start, end, replacement in edits:
        if start > pos:
            pieces.append(text[pos:start])
            runs.append((out, pos, 1))
            out += start - pos
        if replacement:
            pieces.append(replacement)
            # Same length: character for character; otherwise every new character points at the start.
            runs.append((out, start, 1 if len(replacement) == end - start else 0))
            out += len(replacement)
        pos = end
    if not runs and pos == 0:
        return text, None
    if pos < len(text):
        pieces.append(text[pos:])
        runs.append((out, pos, 1))
    return "".join(pieces), runs


def _compose(outer: list[_Run], outer_len: int, inner: list[_Run]) -> list[_Run]:
    """Runs of inner∘outer: output of the later step straight to the input of the earlier one."""
    starts = [run[0] for run in inner]
    composed: list[_Run] = []
    for k, (out, mid, step) in enumerate(outer):
        out_end = outer[k + 1][0] if k + 1 < len(outer) else outer_len
        j = bisect_right(starts, mid) - 1
        if step == 0:
            s, i, st = inner[j]
            composed.append((out, i + st * (mid - s), 0))
            continue
        mid_end = mid + (out_end - out)
        cur = mid
        while cur < mid_end:
            s, i, st = inner[j]
            composed.append((out + (cur - mid), i + st * (cur - s), st))
            cur = starts[j + 1] if j + 1 < len(starts) and starts[j + 1] < mid_end else mid_end
            j += 1
    return composed


# --- 1. characters: line endings, controls, odd spaces -------------------------------------------

# The patterns of steps 1, 2 and 5 each start with a literal character or one character class, so
# the regex engine skips quickly to the few places that need work: cleaning runs over ~20 MB.

# CR LF, CR and the Unicode line separators end lines. A form feed (pdftotext's page break) becomes
# an empty line: the table parser reads blank lines between table blocks as page breaks. Controls,
# zero-width characters, the BOM and soft hyphens go; non-breaking and other Unicode spaces become a
# plain space. TAB stays: it separates table cells. One-for-one replacements are a translate, which
# keeps every offset; only the characters that go or multiply become edits.
_EOL = "\r\x0b\x85\u2028\u2029"
_ODD_SPACES = "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_ONE_FOR_ONE = str.maketrans({**dict.fromkeys(_EOL, "\n"), **dict.fromkeys(_ODD_SPACES, " ")})
_DROP = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]))
_DROP += "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_CHARACTERS = re.compile("|".join(["\r\n", "\x0c\n?", "\n\x0c\n?", *map(re.escape, _DROP)]))
_ONE_FOR_ONE_NEEDED = re.compile("[" + re.escape(_EOL + _ODD_SPACES) + "]")
# Every match of _CHARACTERS holds a CR, a form feed or a character to drop: one scan for those and
# the one-for-one characters tells whether there is anything to do at all (mostly there is not).
_ANY_SPECIAL = re.compile("[" + re.escape("\r\x0c" + _DROP + _EOL + _ODD_SPACES) + "]")


def _character_edits(text: str):
    for m in _CHARACTERS.finditer(text):
        found = m.group()
        if found == "\r\n":
            yield m.start(), m.start() + 1, ""
        else:
            yield m.start(), m.end(), "\n\n" if "\x0c" in found else ""


def _normalise_characters(text: str):
    if not _ANY_SPECIAL.search(text):
        return text, None
    text, runs = _apply(text, _character_edits(text))
    if _ONE_FOR_ONE_NEEDED.search(text):
        text = text.translate(_ONE_FOR_ONE)
    return text, runs


# --- 2. Markdown and HTML residue ----------------------------------------------------------------

_HTML_TAGS = (
    "a|b|big|blockquote|br|caption|center|code|col|colgroup|del|div|em|font|h[1-6]|hr|i|img|ins|li|mark|"
    "o:p|ol|p|pre|s|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|tr|u|ul"
)
_MARKUP = re.compile(
    rf"""
      \*\*+                                               # "**KẾ HOẠCH**", "Số: **43**/KH-SKHCN"
    | \*(?<![\w*]\*)(?=[^\s*])[^*\n]+?(?<=[^\s*])\*(?![\w*])   # "*Phụ lục*" -> "Phụ lục"
    | __(?<!\w__)(?=[^\s_])[^_\n]+?(?<=[^\s_])__(?!\w)        # "__x__" -> "x"
    | \^\{{[^{{}}\n]*\}}                                  # "KGVX^{{Ph}}" -> "KGVXPh"
    | _\{{[^{{}}\n]*\}}                                   # "x_{{1}}" -> "x1"
    | <[bB][rR]\s*/?>                                     # a line break inside a cell: a space
    | </?(?i:{_HTML_TAGS})(?:\s[^<>]*)?/?>                # "<i>", "</i>", "<sup>", "<span …>"
    | &(?:\#[0-9]{{1,7}}|\#[xX][0-9a-fA-F]{{1,6}}|[a-zA-Z]{{2,8}});   # "&amp;", "&#272;"
    | \#\#{{0,5}}(?:[ \t]+\#\#{{0,5}})*(?:[ \t]+|$)       # "## **4. Chủ động …**", at a line start
    """,
    re.X | re.M,
)
_LINE_START = re.compile(r"(?:^|\n)[ *]*\Z")  # spaces, or bold marks going too: "**## Mục tiêu"

# Named entities that residue carries; other "&XX;" stay as written (KH&CN; is not an entity).
_ENTITIES = {
    "amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": " ", "ensp": " ", "emsp": " ",
    "thinsp": " ", "ndash": "–", "mdash": "—", "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
    "rdquo": "”", "laquo": "«", "raquo": "»", "bull": "•", "middot": "·", "deg": "°", "sect": "§",
    "para": "¶", "copy": "©", "reg": "®", "trade": "™", "times": "×", "divide": "÷", "plusmn": "±",
    "le": "≤", "ge": "≥", "ne": "≠", "minus": "−", "euro": "€", "shy": "",
}


def _entity(body: str) -> str | None:
    if not body.startswith("#"):
        return _ENTITIES.get(body)
    try:
        code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
        char = chr(code)
    except (ValueError, OverflowError):
        return None
    if 0xD800 <= code <= 0xDFFF:
        return None
    if char.isspace():
        return " "  # not a new line or TAB: that would split a paragraph or a table row
    return char if char.isprintable() else ""


def _markup_edits(text: str):
    for m in _MARKUP.finditer(text):
        start, end = m.span()
        found = m.group()
        first = found[0]
        if first == "#":
            if _LINE_START.search(text, max(0, start - 8), start):
                yield start, end, ""
        elif first == "&":
            replacement = _entity(found[1:-1])
            if replacement is not None:
                yield start, end, replacement
        elif first == "<":
            yield start, end, " " if found[1] in "bB" and found[2:3] in ("r", "R") else ""
        elif found.strip("*") == "":
            yield start, end, ""  # bold marks
        else:  # a pair around kept content: *x*, __x__, ^{x}, _{x}
            opening = 2 if found[1] in "_{" else 1
            yield start, start + opening, ""
            yield end - (2 if found.endswith("__") else 1), end, ""


def _strip_markup(text: str):
    # Removing one mark can complete another ("*<i>*" leaves "**"): repeat until nothing changes.
    runs = None
    for _ in range(4):
        text, step_runs = _apply(text, _markup_edits(text))
        if step_runs is None:
            break
        runs = step_runs if runs is None else _compose(step_runs, len(text), runs)
    return text, runs


# --- 3. Unicode NFC ------------------------------------------------------------------------------

# NFC never reaches across an ASCII character (a starter nothing composes with), so each run of
# non-ASCII characters, with the ASCII letter before it, normalises on its own; only runs that
# change become edits, and the offsets of everything else stay exact.
_NON_ASCII_RUN = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


def _nfc_edits(text: str):
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if not unicodedata.is_normalized("NFC", line):
            for m in _NON_ASCII_RUN.finditer(text, pos, end):
                run = m.group()
                if not unicodedata.is_normalized("NFC", run):
                    yield m.start(), m.end(), unicodedata.normalize("NFC", run)
        pos = end + 1


def _compose_nfc(text: str):
    if unicodedata.is_normalized("NFC", text):
        return text, None
    return _apply(text, _nfc_edits(text))


# --- 4. tone-mark placement ----------------------------------------------------------------------

# The documents mix two placements of the tone in open syllables ending in oa, oe, uy: "hóa, khỏe,
# thủy, Ủy" (tone on the first vowel: the traditional placement, used by most of the corpus and by
# schoolbooks) and "hoá, khoẻ, thuỷ, Uỷ" (on the second; the 1980s "new" rule). We write the first.
# With a final consonant both agree ("hoàn", "hoạch", "thuyết", "tuyển", "khuyến"), and in "qu" the
# u is part of the consonant ("quý", "quả"): those are never touched.
def _tone_pairs() -> dict[str, str]:
    pairs = {}
    for first, seconds in (("oO", "aAeE"), ("uU", "yY")):
        for f in first:
            for s in seconds:
                for tone in _TONE_MARKS:
                    old = f + unicodedata.normalize("NFC", s + tone)
                    pairs[old] = unicodedata.normalize("NFC", f + tone) + s
    return pairs


_TONE_PAIRS = _tone_pairs()
# [oOuU], not the u of "qu", then a toned vowel with nothing after it (an open syllable), not even a
# combining mark, which would leave the text not NFC. One pattern per first letter: a pattern that
# opens with one literal letter is found by the engine's fast literal search, several times faster
# than trying the class [oOuU] at every character.
_OLD_TONES = tuple(
    re.compile(
        first + "(?<![qQ][uU])["
        + "".join(sorted({pair[1] for pair in _TONE_PAIRS}))
        + r"](?![^\W\d_]|[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])"
    )
    for first in "oOuU"
)


def _place_tones(text: str) -> str:
    # Same length in and out: the offsets do not change. "uá" or "oý" are not pairs: left as they are.
    # Matches never overlap (a first letter is never a second), so replacing each where it stands, in
    # text order, is what one left-to-right substitution would do.
    starts = sorted(m.start() for pattern in _OLD_TONES for m in pattern.finditer(text))
    if not starts:
        return text
    pieces = []
    pos = 0
    for i in starts:
        pair = text[i:i + 2]
        pieces.append(text[pos:i])
        pieces.append(_TONE_PAIRS.get(pair, pair))
        pos = i + 2
    pieces.append(text[pos:])
    return "".join(pieces)


# --- 5. spaces inside lines ----------------------------------------------------------------------

# Spaces at either end of a line or next to a TAB go; a run inside a line becomes one space.
_SPACES = re.compile(r"  +| (?=[\t\n]|\Z)| (?<![^\t\n] )")
# What _SPACES needs to match somewhere: a space before a blank, TAB or line break, or after a TAB
# or a line break, or at either end. Tried at every space, _SPACES itself is slow to find nothing;
# these searches for literals tell first whether there is anything to do (mostly there is not).
_SPACE_BEFORE_BLANK = re.compile(" [ \t\n]")
_SPACE_AFTER_TAB = re.compile("\t ")
_SPACE_AFTER_BREAK = re.compile("\n ")


def _space_edits(text: str):
    for m in _SPACES.finditer(text):
        start, end = m.span()
        if end - start == 1 or start == 0 or end == len(text) or text[start - 1] in "\t\n" or text[end] in "\t\n":
            yield start, end, ""
        else:
            yield start + 1, end, ""


def _normalise_spaces(text: str):
    if not (text.startswith(" ") or text.endswith(" ") or _SPACE_AFTER_TAB.search(text)
            or _SPACE_AFTER_BREAK.search(text) or _SPACE_BEFORE_BLANK.search(text)):
        return text, None
    return _apply(text, _space_edits(text))


# --- 6. lines broken by PDF/Word extraction ------------------------------------------------------

# In this corpus a paragraph cut by extraction shows as two halves with a blank line between them:
# "…quyền sử dụng và thương mại\n\nhóa các kết quả…" (Phú Yên), "…hàng hóa theo\n\nKế hoạch số
# 101/KH-UBND…" (Hưng Yên). The halves are joined with a space when the first does not end a
# sentence and the second clearly continues it. Single line breaks are kept: they shape title and
# signature blocks ("KẾ HOẠCH\nPhát triển khoa học…\ntỉnh Hưng Yên giai đoạn 2023 - 2025").

# Words that cannot end a Vietnamese sentence: after them the next line continues even when it
# starts with a capital ("theo\n\nKế hoạch số 101", "Kế hoạch số\n\n142/KH-UBND"). "này" is left
# out: it closes clauses ("…được giao theo kế hoạch này" ends a Ninh Thuận item with no full stop).
_OPEN_WORDS = frozenset("""
    số theo của và với các cho tại về để trong từ đến là được những hoặc nhằm như bằng bởi mà nhưng
    giữa thuộc vào tới gồm
""".split())

# The start of a list item or numbered heading: never the second half of a broken line.
_LIST_ITEM = re.compile(
    r"""(?:
        [-+*•–—](?:\s|$)                    # "- Tổ chức…", "+ Kế hoạch…", "- + Đẩy mạnh…"
      | [a-zđA-ZĐ][.)](?:\s|$)              # "a) Sở Tài chính: …", "đ) Đến năm 2025 …"
      | \(?\d+(?:\.\d+)*[.)](?:\s|$)        # "1. Mục tiêu", "2.1. ", "1)", "(1) Hỗ trợ…"
      | \d+(?:\.\d+)+\s                     # "1.1 Tuyên truyền"
      | \(?[IVXLC]+[.)](?:\s|$)             # "I. MỤC TIÊU", "II. CÁC NHIỆM VỤ"
      | (?:Điều|Chương|Phần)\s+[\dIVXLC]    # "Điều 1", "Chương II"
    )""",
    re.X,
)
_SENTENCE_END = ".!?;:…"
_GAP = re.compile(r"\n\n+")  # not \n{2,}: a pattern opening with a literal is found by a fast search


def _is_title(line: str) -> bool:
    # "KẾ HOẠCH", "I. MỤC TIÊU", "GIÁM ĐỐC": letters, none of them lower case.
    return line.upper() == line and line.lower() != line


def _continues(first: str, second: str) -> bool:
    """Whether `second` is the rest of the sentence cut at the end of `first`."""
    if not first or not second or "\t" in first or "\t" in second:
        return False  # table rows: the table parser reads blank lines between them as page breaks
    if first[-1] in _SENTENCE_END or _LIST_ITEM.match(second):
        return False
    if _is_title(first) or _is_title(second):
        return False
    if second[0].islower() or first[-1] == ",":
        return True
    if not first[-1].isalnum() or not (second[0].isalnum() or second[0] in "(“\""):
        return False
    # as written: a capitalised word is a name's ("Cao Bằng", "Bến Tre"), not the open word "bằng"
    return first.rsplit(None, 1)[-1].lstrip("(“\"") in _OPEN_WORDS


def _line_edits(text: str):
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - len(text.rstrip("\n")) if lead < len(text) else 0
    if lead:
        yield 0, lead, ""
    for m in _GAP.finditer(text, lead, len(text) - trail):
        start, end = m.span()
        first = text[text.rfind("\n", 0, start) + 1 : start]
        next_break = text.find("\n", end)
        second = text[end : next_break if next_break != -1 else len(text)]
        if _continues(first, second):
            yield start, end, " "
        elif end - start > 2:
            yield start + 2, end, ""  # at most one empty line
    if trail:
        yield len(text) - trail, len(text), ""


def _join_lines(text: str):
    return _apply(text, _line_edits(text))


# Markup cut in two by a page break ("*a" / "a*") is whole only once the lines are joined: strip it
# again then, so that cleaning a cleaned text changes nothing.
_STEPS = (
    _normalise_characters, _strip_markup, _compose_nfc, _place_tones, _normalise_spaces, _join_lines,
    _strip_markup, _normalise_spaces,
)


def clean(text: str) -> CleanText:
    """Normalise a decoded document and map every cleaned character back to `text`.

    In order: line endings, control characters and Unicode spaces; Markdown/HTML residue (kept its
    content); NFC; tone placement in open oa/oe/uy syllables (hoá -> hóa); spaces inside lines; lines
    broken by extraction joined, blank lines collapsed to one. Hyphen and plus bullets, TABs and
    dashes are left for later stages.
    """
    source_len = len(text)
    runs: list[_Run] = [(0, 0, 1)] if text else []
    for step in _STEPS:
        result = step(text)
        if isinstance(result, str):  # a step that keeps every position
            text = result
            continue
        text, step_runs = result
        if step_runs is not None:
            runs = _compose(step_runs, len(text), runs)
    return CleanText(text, SourceOffsets(runs, len(text), source_len))
