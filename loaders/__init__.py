"""Loaders: read one Vietnamese policy document into a typed record.

`read_document(path)` is the one entry point per file; `read_documents(paths)` reads a batch and
never loses it to one bad file. Stages, one module each: clean (decode, hygiene) → header →
citations and relations → tables → tasks (with agencies and deadlines).
"""

from __future__ import annotations

from pathlib import Path

from .agencies import AgencyResolver
from .citations import CitationContext, find_citations, find_relations, shadow
from .clean import UnreadableFile, clean, decode
from .header import read_header
from .models import DocumentRecord, Problem, ReadFailure
from .tables import find_tables
from .tasks import tasks_from_prose, tasks_from_tables

__all__ = ["read_document", "read_documents", "parse_text", "UnreadableFile", "DocumentRecord", "ReadFailure"]


def read_document(path: str | Path, *, offsets: bool = True) -> DocumentRecord:
    """Read one file into a record. Raises UnreadableFile (with a reason a user can act on).

    `offsets=False` leaves out `source_offsets` (one integer per character, about 36 bytes each):
    building a graph of many documents does not need them and would hold gigabytes of them."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UnreadableFile("it is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFile(f"it cannot be opened ({exc.strerror or exc})") from None
    text, encoding = decode(raw)
    cleaned = clean(text)
    return parse_text(cleaned.text, path=str(path), encoding=encoding,
                      source_offsets=cleaned.offsets if offsets else None)


def read_documents(
    paths: list[str | Path], *, offsets: bool = True
) -> tuple[list[DocumentRecord], list[ReadFailure]]:
    """Read every file; a file that cannot be read is reported by name and the others still load."""
    records: list[DocumentRecord] = []
    failures: list[ReadFailure] = []
    for path in expand_paths(paths):
        try:
            record = read_document(path, offsets=offsets)
        except UnreadableFile as exc:
            failures.append(ReadFailure(path=str(path), reason=str(exc)))
            continue
        errors = [p for p in record.problems if p.severity == "error"]
        if errors:
            failures.append(ReadFailure(path=str(path), reason=errors[0].message))
            continue
        records.append(record)
    return records, failures


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given, and the files inside folders (recursively, sorted), skipping hidden ones."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and not any(x.startswith(".") for x in f.relative_to(p).parts)
                       and f.name.lower() not in {"readme.md", "readme.txt"})
            )
        else:
            out.append(p)
    return out


def parse_text(
    text: str, *, path: str = "<text>", encoding: str = "utf-8", source_offsets: list[int] | None = None
) -> DocumentRecord:
    """Everything the loaders find in an already cleaned text."""
    header, problems = read_header(text)
    ref = header.ref
    context = CitationContext(
        province=ref.province, year=ref.year, own_symbol=ref.symbol, own_doc_type=ref.doc_type
    )
    sh = shadow(text)  # both citation stages match on it: computed once
    citations, citation_problems = find_citations(text, context, shadow=sh)
    problems.extend(citation_problems)
    relations = find_relations(text, citations, shadow=sh)
    resolver = AgencyResolver(province=ref.province)
    if ref.issuer:
        resolver.issuer = resolver.resolve(ref.issuer)
    tables = find_tables(text)
    for table in tables:
        if not table.rows:
            problems.append(Problem(
                severity="warning", code="empty-table",
                message=f"A task table{f' ({table.title})' if table.title else ''} has a header but no rows: "
                "the file may be truncated; check it against the original.",
            ))
    tasks, table_problems = tasks_from_tables(tables, resolver, ref.year)
    problems.extend(table_problems)
    tasks.extend(tasks_from_prose(text, resolver, ref.year, include_duty_sections=not tasks))
    _unique_labels(tasks)
    if ref.doc_type is None and ref.symbol is None and not citations and not tasks:
        problems.append(Problem(
            severity="error", code="not-a-policy-document",
            message="It does not look like a policy document: no type line such as “KẾ HOẠCH”, no “Số:” "
            "symbol, no citation of another document and no task were found.",
        ))
    return DocumentRecord(
        path=path,
        encoding=encoding,
        text=text,
        source_offsets=source_offsets or [],
        header=header,
        citations=citations,
        relations=relations,
        agencies=sorted(resolver.agencies.values(), key=lambda a: a.key),
        tasks=tasks,
        problems=problems,
    )


def _unique_labels(tasks) -> None:
    seen: dict[str, int] = {}
    for task in tasks:
        if task.label in seen:
            seen[task.label] += 1
            task.label = f"{task.label}#{seen[task.label]}"
        else:
            seen[task.label] = 1
