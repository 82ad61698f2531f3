"""Legacy Word (.doc), OpenDocument (.odt) and RTF: converted to .docx by LibreOffice, then read as one.

LibreOffice runs headless with a profile of its own per call (parallel builds do not share one),
and only when `soffice` is installed; otherwise the file is refused with what to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import Extracted, UnreadableFile

__all__ = ["read_office", "soffice"]

_TIMEOUT = 180  # seconds for one conversion: a 100-page document takes about 10


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_office(raw: bytes, path: Path) -> Extracted:
    from .docx import read_docx

    suffix = path.suffix.lower() if path.suffix.lower() in {".doc", ".odt", ".rtf"} else _suffix_of(raw)
    kind = {".doc": "an old Word .doc", ".odt": "an OpenDocument .odt", ".rtf": "an RTF"}.get(suffix, "an office")
    program = soffice()
    if program is None:
        raise UnreadableFile(
            f"it is {kind} file, which needs LibreOffice to read: install it (apt-get install "
            f"libreoffice-writer-nogui) or save the file as .docx and load that")
    with tempfile.TemporaryDirectory(prefix="kg-office-") as tmp:
        source = Path(tmp) / f"document{suffix}"
        source.write_bytes(raw)
        profile = Path(tmp) / "profile"
        try:
            result = subprocess.run(
                [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(Path(tmp) / "out"), str(source)],
                capture_output=True, text=True, timeout=_TIMEOUT, env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired:
            raise UnreadableFile(f"LibreOffice did not finish converting it within {_TIMEOUT} s: "
                                 "save it as .docx yourself and load that") from None
        except OSError as exc:
            raise UnreadableFile(f"LibreOffice could not be started ({exc.strerror or exc})") from None
        converted = Path(tmp) / "out" / "document.docx"
        if result.returncode != 0 or not converted.exists():
            raise UnreadableFile(f"it is {kind} file that LibreOffice could not convert (it may be damaged "
                                 "or password-protected): open it, save it as .docx and load that")
        extracted = read_docx(converted.read_bytes(), converted)
    extracted.format = suffix.lstrip(".") or "office"
    return extracted


def _suffix_of(raw: bytes) -> str:
    if raw.startswith(b"{\\rtf"):
        return ".rtf"
    if raw.startswith(b"PK"):
        return ".odt"
    return ".doc"
