"""What every `kg` command shares: exit codes, one-sentence failures, output files, formats, stdin.

The conventions follow sqlite-utils and csvkit: `-o/--output` (alias `--out`) names where a
command writes, `-f/--format` how, `-q/--quiet` silences progress and notes, `-` reads standard
input, and a failure is one sentence on standard error with an exit status a script can test:

    0  answered
    1  not found, or nothing to do (an unknown document, an empty answer, an unreadable input)
    2  usage error (a bad option value, an output path that cannot be written)
    3  ambiguous: what was typed names several things; they are listed
"""

from __future__ import annotations

import csv
import io
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_AMBIGUOUS = 0, 1, 2, 3
CANDIDATES_SHOWN = 20


class Failure(Exception):
    """A failure told to the user as one sentence, with the exit status it ends in."""

    def __init__(self, message: str, status: int = EXIT_NOT_FOUND, details: Iterable[str] = ()):
        super().__init__(message)
        self.status = status
        self.details = list(details)


# --------------------------------------------------------------------------------------------------
# Output: standard output, or a file written whole (a temporary file renamed over the target)
# --------------------------------------------------------------------------------------------------

def output_file(path: Path, *, option: str = "--output") -> Path:
    """`path` as a file to write, or a Failure saying why it cannot be (a folder, a missing folder)."""
    if path.is_dir():
        raise Failure(f"{path} is a folder; give {option} a file name to write (e.g. {path / 'answer.txt'})", EXIT_USAGE)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        what = "is a file, not a folder" if parent.exists() else "does not exist"
        raise Failure(f"cannot write {path}: the folder {parent} {what}; create it first or choose another {option}",
                      EXIT_USAGE)
    return path


def output_folder(path: Path, *, option: str = "--output") -> Path:
    """`path` as a folder to write into (made if missing), or a Failure saying why it cannot be."""
    if path.exists() and not path.is_dir():
        raise Failure(f"{path} is a file; {option} needs a folder to write into (e.g. {path.parent / 'kg-out'})",
                      EXIT_USAGE)
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise Failure(f"cannot make the folder {path}: {parent} is a file", EXIT_USAGE)
            break
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Failure(f"cannot make the folder {path}: {(exc.strerror or str(exc)).lower()}", EXIT_USAGE) from None
    return path


@contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[Any]:
    """Write `path` whole or not at all: into a temporary file beside it, renamed over it at the end."""
    from .files import replaced

    output_file(path)
    with replaced(path, mode) as file:
        yield file


@contextmanager
def answer_stream(output: Path | None) -> Iterator[io.TextIOBase]:
    """Where a command's answer goes: standard output, or the file `-o` names (written whole)."""
    if output is None or str(output) == "-":
        yield sys.stdout
        return
    with atomic_write(output) as file:
        yield file


# --------------------------------------------------------------------------------------------------
# Formats: one payload, written as text, JSON, CSV or NDJSON
# --------------------------------------------------------------------------------------------------

FORMAT_ALIASES = {"txt": "text", "jsonl": "ndjson", "ttl": "turtle", "nt": "ntriples", "json-ld": "jsonld",
                  "n-triples": "ntriples", "nodelink": "node-link"}


def format_type(choices: tuple[str, ...]) -> Callable[[str], str]:
    """An argparse type: the format's usual aliases (ttl, nt, jsonl) mapped to its name."""

    def convert(text: str) -> str:
        name = text.lower()
        return name if name in choices else FORMAT_ALIASES.get(name, name)

    return convert


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def write_rows(stream, rows: list[dict], fmt: str) -> None:
    """Rows as CSV (header from the keys, in order of first appearance) or NDJSON (one object a line)."""
    if fmt == "ndjson":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    fields: dict[str, None] = {}
    for row in rows:
        fields.update(dict.fromkeys(row))
    writer = csv.DictWriter(stream, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})


def agency_rows(report) -> list[dict]:
    """The rows of `kg agencies -f csv` (and of the load page's CSV): agencies, roll-ups and groups, told
    apart by `kind`, each overloaded row with why."""
    out = [{"kind": "agency", **a.model_dump(mode="json"), "overloaded_because": report.reason(a)}
           for a in report.agencies]
    out += [{"kind": "rollup", **r.model_dump(mode="json"), "overloaded_because": report.reason(r)}
            for r in report.rollup]
    out += [{"kind": "group", **g.model_dump(mode="json")} for g in report.groups]
    return out


def write_json(stream, payload: Any) -> None:
    json.dump(payload, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def emit(args, *, payload: Any, rows: Callable[[], list[dict]] | None = None,
         text: Callable[[Any], None] | None = None) -> None:
    """Write one answer in the format asked for, to standard output or the -o file."""
    fmt = getattr(args, "format", "text")
    with answer_stream(getattr(args, "output", None)) as stream:
        if fmt == "json":
            write_json(stream, payload)
        elif fmt in ("csv", "ndjson"):
            write_rows(stream, rows() if rows else [payload], fmt)
        else:
            text(stream)


# --------------------------------------------------------------------------------------------------
# Standard input as a document
# --------------------------------------------------------------------------------------------------

STDIN_NAME = "stdin"
_SUFFIX_BY_FORMAT = {"pdf": ".pdf", "docx": ".docx", "odt": ".odt", "doc": ".doc", "rtf": ".rtf", "html": ".html"}


def stdin_document(folder: Path) -> Path:
    """Standard input saved as a file the loaders can read, named by what its bytes are."""
    from loaders.formats import _sniff

    if sys.stdin is None or sys.stdin.isatty():
        raise Failure("“-” reads a document from standard input, but nothing is piped in: "
                      "e.g. `kg extract - < plan.docx`", EXIT_USAGE)
    raw = sys.stdin.buffer.read()
    if not raw.strip():
        raise Failure("standard input is empty: pipe a document into it, e.g. `kg extract - < plan.docx`")
    path = folder / (STDIN_NAME + _SUFFIX_BY_FORMAT.get(_sniff(raw) or "", ".txt"))
    path.write_bytes(raw)
    return path


def ambiguous(exc, what: str) -> Failure:
    """An Ambiguous answer as a Failure listing the candidates (the first N and how many more)."""
    candidates = list(exc.candidates)
    total = getattr(exc, "total", None) or len(candidates)
    lines = [f"  {_candidate_line(c)}" for c in candidates[:CANDIDATES_SHOWN]]
    if total > len(lines):
        lines.append(f"  … and {total - len(lines)} more (narrow it down, or list them with `kg find`)")
    return Failure(f"{exc} — say which {what}:", EXIT_AMBIGUOUS, lines)


def _candidate_line(candidate) -> str:
    return f"{candidate.id}  {(candidate.label or '')[:90]}"  # a queries.find.Match
