"""Files of kg-out/ written whole or not at all, and one build at a time into a folder.

A build killed while writing used to leave graph.json truncated and the previous graph destroyed; two
builds into one folder left files of neither. Every file is now written into a temporary file in the
same folder, flushed to disk, and renamed over the old one (a rename is atomic on one file system);
a build holds a lock on its folder for as long as it writes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

LOCK_FILE = ".kg-build.lock"


class FolderBusy(Exception):
    """Another build is writing into the same folder."""


@contextlib.contextmanager
def replaced(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write `path` whole or not at all: a temporary file beside it, fsynced, renamed over it."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # mkstemp makes it 0600: give it what open() would
        with os.fdopen(handle, mode, **({"encoding": "utf-8", "newline": ""} if "b" not in mode else {})) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
        sync_folder(path.parent)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it: set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX: fsync the directory)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold `folder` for one build: a second build into it is told so at once (FolderBusy), not
    left to interleave its files with this one's. The lock goes with the process, however it ends."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / LOCK_FILE, "a+")  # noqa: SIM115 - held for the whole build
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(f"another `kg build` is writing into {folder}/ right now; wait for it to end, "
                             "or build into another folder with --output") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        for pattern in (".graph.*.part", ".findings.json.*.part"):  # left by a killed build: ours to clear now
            for stale in folder.glob(pattern):
                stale.unlink(missing_ok=True)
        yield
    finally:
        handle.close()
