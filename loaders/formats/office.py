"""office: not written yet."""
from pathlib import Path
from . import Extracted, UnreadableFile

def read_office(raw: bytes, path: Path) -> Extracted:
    raise UnreadableFile("this format is not supported yet")
