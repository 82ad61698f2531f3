"""Fixtures of the loaders' tests that are slow to make, made once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.render import docx_to_pdf, render

DOCUMENTS = Path(__file__).resolve().parents[2] / "data" / "documents"

# The formats the five plans are converted to; "-merged": Word with merged cells (a lead repeated
# down rows merged into one cell, a group row's title spanning the row), and its PDF.
CONVERTED_FORMATS = ("md", "html", "docx", "docx-merged", "pdf", "pdf-merged")


@pytest.fixture(scope="session")
def converted_seeds(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Each plan of data/documents written by `kg.render` in every format: {(stem, format): path}.

    The PDFs are LibreOffice's from the Word files, converted in one run; without LibreOffice
    (`soffice`) there are none, and the PDF tests skip."""
    root = tmp_path_factory.mktemp("converted-seeds")
    out: dict[tuple[str, str], Path] = {}
    for plan in sorted(DOCUMENTS.glob("*.txt")):
        text = plan.read_text(encoding="utf-8")
        for fmt in ("md", "html", "docx", "docx-merged"):
            base, _, merged = fmt.partition("-")
            folder = root / fmt
            folder.mkdir(exist_ok=True)
            out[plan.stem, fmt] = render(text, base, folder / plan.stem, merge=bool(merged))
    if shutil.which("soffice") or shutil.which("libreoffice"):
        for fmt in ("docx", "docx-merged"):
            target = fmt.replace("docx", "pdf")
            sources = [out[stem, f] for stem, f in list(out) if f == fmt]
            for made in docx_to_pdf(sources, root / target):
                out[made.stem, target] = made
    return out
