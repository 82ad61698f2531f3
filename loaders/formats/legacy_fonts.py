"""Text set in the pre-Unicode Vietnamese fonts (TCVN3 ".VnTime", VNI "VNI-Times"), turned into Unicode.

Old provincial documents, and templates copied from them, type Vietnamese in 8-bit fonts: the file
stores Western European characters ("Kõ ho¹ch") that only the font draws as Vietnamese ("Kế
hoạch"). Word and PDF files name the font of every run of text, so the run is decoded by its font,
exactly: TCVN3 for the ".Vn…" fonts (".VnTimeH", with a final H, is the capitals-only face), VNI for
"VNI-…" fonts.
"""

from __future__ import annotations

import re

import unicodedata

from ..clean import _TCVN3, _decode_vni

__all__ = ["legacy_encoding", "from_legacy_font"]

_TCVN3_FONT = re.compile(r"\.?Vn[A-Z]")  # ".VnTime", ".VnArialH", "VnTimes"
_VNI_FONT = re.compile(r"(?:^|\+)VNI[-_ ]", re.IGNORECASE)


def legacy_encoding(font: str | None) -> str | None:
    """"tcvn3", "tcvn3-upper", "vni" for a legacy Vietnamese font's name, else None."""
    if not font:
        return None
    name = font.split("+", 1)[-1]  # PDF subsets prefix the name: "ABCDEF+.VnTime"
    if _VNI_FONT.match(name):
        return "vni"
    if _TCVN3_FONT.match(name):
        stem = re.split(r"[-,\s]", name)[0]
        return "tcvn3-upper" if stem.endswith("H") else "tcvn3"
    return None


def _bytes(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 0x100:
            out.append(code)
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            out += b"?"
    return bytes(out)


def from_legacy_font(text: str, encoding: str | None) -> str:
    """The Unicode text of a run set in a legacy font (unchanged for any other font)."""
    if not encoding or not text or text.isascii() and encoding != "tcvn3-upper":
        return text
    raw = _bytes(text)
    if encoding == "vni":
        return _decode_vni(raw)
    # the font is known: no guessing which lines were set in the capitals face
    decoded = unicodedata.normalize("NFC", raw.decode("latin-1").translate(_TCVN3))
    return decoded.upper() if encoding == "tcvn3-upper" else decoded


def guess_legacy(text: str) -> str | None:
    """"tcvn3" or "vni" when `text` is legacy Vietnamese shown as Western characters and the font that
    would say so is gone (a PDF made where the font was not installed), else None."""
    from ..clean import _MOJIBAKE_HINT, _PLAUSIBLE, _vietnamese_score

    if not _MOJIBAKE_HINT.search(text):
        return None
    share, _, words = _vietnamese_score(text)
    if words < 3 or share >= 0.5:
        return None
    best, best_share = None, _PLAUSIBLE
    for encoding in ("tcvn3", "vni"):
        candidate = _vietnamese_score(from_legacy_font(text, encoding))[0]
        if candidate >= best_share:
            best, best_share = encoding, candidate
    return best
