"""Small text helpers shared by the loaders: folding Vietnamese for matching and keys."""

from __future__ import annotations

import re
from collections.abc import Iterator
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def _base_letter(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


# Precomposed Latin letters (Vietnamese and others) -> base letters, for str.translate: folding runs
# on every cell and name, so it must not decompose character by character.
_FOLD_TABLE = {
    code: _base_letter(chr(code)) for code in range(0xC0, 0x1F00) if _base_letter(chr(code)) != chr(code)
}
_FOLD_TABLE.update({ord("đ"): "d", ord("Đ"): "D"})


def strip_diacritics(text: str) -> str:
    """'Sở Khoa học' -> 'So Khoa hoc'; đ/Đ are letters of their own, not marked d, so map them too."""
    text = text.translate(_FOLD_TABLE)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)  # combining marks of NFD input
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lowercase, no diacritics, punctuation to single spaces: the form names are compared in."""
    return _NON_WORD.sub(" ", strip_diacritics(text).lower()).strip()


def slug(text: str) -> str:
    """A stable identifier part: 'Sở Khoa học và Công nghệ' -> 'so-khoa-hoc-va-cong-nghe'."""
    return fold(text).replace(" ", "-")


def shorten(text: str, n: int) -> str:
    """At most n characters, cut with an ellipsis: for quoting a task in one line."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def lines_at(text: str, start: int = 0) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) of each line of `text` from `start` on, one at a time, as text.split("\n")
    would give them: 250,000 short lines held at once took 43 MB."""
    pos, n = start, len(text)
    while pos <= n:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        yield pos, end, text[pos:end]
        pos = end + 1


_SQUASH_CHUNK = 65536
_DOUBLE_SPACE = re.compile("  +")


def squash(text: str, chunk: int = _SQUASH_CHUNK) -> str:
    """Collapse runs of whitespace to one space and strip. A long text is squashed a piece at a time:
    splitting a cell of 300,000 words into a list of them took 22 MB, and a regex substitution as much."""
    if len(text) <= chunk:
        return " ".join(text.split())
    pieces: list[str] = []
    for start in range(0, len(text), chunk):
        part = text[start:start + chunk]
        squashed = " ".join(part.split())
        if part[:1].isspace():
            pieces.append(" ")
        pieces.append(squashed)
        if squashed and part[-1:].isspace():
            pieces.append(" ")
    # only where a piece ended and the next began with blanks are two spaces left: few to collapse
    return _DOUBLE_SPACE.sub(" ", "".join(pieces)).strip()


# Character classes for regexes: Vietnamese capitals and small letters. ("À-Ỹ" as a range would also
# take in small letters, which sit between them in Unicode.)
_VOWELS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
LOWER = "a-zđ" + "".join(sorted(set(_VOWELS) - set("aeiouy")))
UPPER = "A-ZĐ" + "".join(sorted(set(_VOWELS.upper()) - set("AEIOUY")))
