"""Progress on standard error for the steps that take more than a moment.

Drawn by tqdm, and only when standard error is a terminal: a pipe, a log file or `--quiet` get
nothing, so `kg agencies -f csv > load.csv` and scripts stay clean. Counted steps (documents read,
transactions pushed) show count and rate; steps that cannot count (writing graph.ttl, laying out
the view) show their name and the time spent, refreshed while they run.

    with progress.counter("reading", total=len(paths), unit="doc") as bar:
        for path in paths:
            ...
            bar.update()
    with progress.stage("writing graph.ttl, graph.json"):
        store.write(kg, out)
"""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Iterator

_quiet = False


def set_quiet(quiet: bool) -> None:
    """`--quiet`: no progress and no notes for the rest of the run."""
    global _quiet
    _quiet = quiet


def quiet() -> bool:
    return _quiet


def live() -> bool:
    """Is progress drawn? Only on a terminal, and not under --quiet."""
    try:
        return not _quiet and sys.stderr.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stderr
        return False


def note(message: str) -> None:
    """A sentence worth knowing that is not an error (silent under --quiet)."""
    if not _quiet:
        print(f"note: {message}", file=sys.stderr)


def _size() -> dict:
    """The terminal's size for tqdm; a terminal that reports none (some consoles and ptys say 0 x 0,
    and tqdm then hides its bar) counts as 100 x 24."""
    import shutil

    size = shutil.get_terminal_size((100, 24))
    return {"ncols": size.columns if size.columns > 20 else 100, "nrows": size.lines if size.lines > 2 else 24}


@contextmanager
def counter(description: str, *, total: int | None = None, unit: str = "doc") -> Iterator:
    """A bar with count and rate; `bar.update(n)` after each item, `bar.set_postfix_str(name)` to say which."""
    from tqdm import tqdm

    with tqdm(total=total, desc=description, unit=unit, file=sys.stderr, disable=not live(), **_size(),
              mininterval=0.25, smoothing=0.1) as bar:
        yield bar


@contextmanager
def stage(description: str) -> Iterator[None]:
    """A step that cannot count: its name and the seconds spent, kept up to date while it runs."""
    if not live():
        yield
        return
    from tqdm import tqdm

    bar = tqdm(total=None, desc=description, file=sys.stderr, bar_format="{desc}: {elapsed}", leave=True, **_size())
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(0.5):
            bar.refresh()

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()
        bar.close()
