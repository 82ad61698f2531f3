"""pdf: not written yet."""
from pathlib import Path
from . import Extracted, UnreadableFile

def read_pdf(raw: bytes, path: Path) -> Extracted:
    raise UnreadableFile("this format is not supported yet")
