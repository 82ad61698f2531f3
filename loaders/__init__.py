"""Loaders: read one Vietnamese policy document into a typed record.

`read_document(path)` is the one entry point per file; `read_documents(paths)` reads a batch and
never loses it to one bad file; `find_documents(paths)` says which files of a folder are documents.
Stages, one module each: formats (a file of any format → text in one layout, with where each part
came from) → clean (hygiene) → header → citations and relations → tables → tasks (from tables,
prose and a decision's articles, with agencies and deadlines).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .agencies import AgencyResolver
from .citations import CitationContext, find_citations, find_relations, shadow
from .clean import UnreadableFile, clean
from .header import read_header
from .formats import Extracted, extract, skip_reason
from .models import DocumentRecord, Problem, ReadFailure, SkippedFile
from .tables import find_tables
from .tasks import tasks_from_articles, tasks_from_prose, tasks_from_tables

__all__ = ["read_document", "read_documents", "read_each", "default_jobs", "parse_text", "find_documents", "expand_paths",
           "UnreadableFile", "DocumentRecord", "ReadFailure", "SkippedFile"]


def read_document(path: str | Path, *, offsets: bool = False) -> DocumentRecord:
    """Read one file of any document format into a record. Raises UnreadableFile (with a reason a
    user can act on).

    `offsets=True` adds `source_offsets` (one integer per character, about 36 bytes each, where
    each character of `text` came from): `kg extract --with-text` shows them; a graph does not need them."""
    path = Path(path)
    extracted = extract(path)
    cleaned = clean(extracted.text)
    extracted.text = ""  # the file's text as decoded is not needed past cleaning: one copy less while parsing
    record = parse_text(cleaned.text, path=str(path), encoding=extracted.encoding,
                        source_offsets=list(cleaned.offsets) if offsets else None)
    record.format = extracted.format
    for warning in extracted.warnings:
        record.problems.insert(0, Problem(severity="warning", code="format", message=warning))
    if extracted.locations:
        _locate(record, extracted, cleaned.offsets)
    return record


def _locate(record: DocumentRecord, extracted: Extracted, offsets: list[int]) -> None:
    """Say for each task, citation and warning where in the original file it is (page, table, row)."""
    from bisect import bisect_right

    locations = extracted.locations
    starts = [loc.start for loc in locations]

    def where(clean_start: int) -> str | None:
        if not offsets:
            return None
        source = offsets[min(clean_start, len(offsets) - 1)]
        i = bisect_right(starts, source) - 1
        if i < 0 or source >= locations[i].end:
            # between located stretches (a paragraph of a Word file): the page of the stretch before
            # it, or else of the one after, if pages are known
            nxt = locations[i + 1] if i + 1 < len(locations) else None
            prev = locations[i] if i >= 0 else None
            page = (prev or nxt).page if (prev or nxt) else None
            return f"page {page}" if page is not None else None
        return locations[i].describe() or None

    for task in record.tasks:
        task.location = where(task.span.start)
    for citation in record.citations:
        citation.location = where(citation.span.start)
    for problem in record.problems:
        if problem.span is not None:
            problem.location = where(problem.span.start)


def read_documents(
    paths: list[str | Path], *, offsets: bool = False
) -> tuple[list[DocumentRecord], list[ReadFailure]]:
    """Read every document; a file that cannot be read is reported by name and the others still load.

    Files in folders that are not documents are left out (see `find_documents` for the list)."""
    records: list[DocumentRecord] = []
    failures: list[ReadFailure] = []
    for path in expand_paths(paths):
        try:
            record = read_document(path, offsets=offsets)
        except UnreadableFile as exc:
            failures.append(ReadFailure(path=str(path), reason=str(exc)))
            continue
        except Exception as exc:  # a reader library's failure on a damaged file, or an error of ours: never the batch
            failures.append(ReadFailure(path=str(path), reason=f"reading it stopped at an unexpected error "
                                        f"({type(exc).__name__}: {str(exc)[:200] or 'no detail'}); check that it "
                                        "opens in its own program, else report it with this file"))
            continue
        errors = [p for p in record.problems if p.severity == "error"]
        if errors:
            reason = errors[0].message
            notes = [p.message for p in record.problems if p.code == "format"]
            failures.append(ReadFailure(path=str(path), reason=f"{notes[0]} {reason}" if notes else reason))
            continue
        records.append(record)
    return records, failures


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


DOCUMENT_TIMEOUT = 300.0  # seconds one document may take to read before it is abandoned


class _TooLong(BaseException):
    """Raised by the timer inside a reading; a BaseException, so that no `except Exception` of a
    reader swallows it."""


def _on_alarm(signum, frame):  # noqa: ARG001 - signal's signature
    raise _TooLong


def _read_one(path: Path, offsets: bool, timeout: float | None = DOCUMENT_TIMEOUT
              ) -> tuple[list[DocumentRecord], list[ReadFailure]]:
    """One document, abandoned (named, with the reason) when it takes longer than `timeout` seconds.

    The budget is a timer signal in the reading process (a worker, or the command's own main thread);
    where there is none (another thread, or not POSIX), the document is read without a budget."""
    import signal
    import threading

    if not timeout or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return read_documents([path], offsets=offsets)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return read_documents([path], offsets=offsets)
    except _TooLong:
        return [], [ReadFailure(path=str(path), reason=f"reading it took longer than {timeout:g} s and was "
                                f"abandoned; the other documents are read (a longer budget: --document-timeout)")]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


PARALLEL_FROM = 8  # fewer files than this: starting worker processes costs more than it saves


def read_each(paths: list[Path], *, jobs: int | None = None, offsets: bool = False,
              timeout: float | None = DOCUMENT_TIMEOUT
              ) -> Iterator[tuple[Path, list[DocumentRecord], list[ReadFailure]]]:
    """Read each file, `jobs` at a time in worker processes (default: every core), yielding
    (path, records, failures) in the order of `paths`, whatever order the workers finish in: the
    same input gives the same records with any number of jobs. A file that takes longer than
    `timeout` seconds is abandoned and reported as a failure."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(paths) < PARALLEL_FROM:
        for path in paths:
            yield (path, *_read_one(path, offsets, timeout))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    # fork where it exists (the workers inherit the loaded modules); spawn elsewhere
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
        chunk = max(1, min(16, len(paths) // (jobs * 8)))
        for path, (records, failures) in zip(paths, pool.map(partial(_read_one, offsets=offsets, timeout=timeout),
                                                             paths, chunksize=chunk)):
            yield path, records, failures


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """The documents to read: files as given, and the documents inside folders (recursively, sorted)."""
    return find_documents(paths)[0]


def find_documents(paths: list[str | Path]) -> tuple[list[Path], list[SkippedFile]]:
    """(documents, skipped): the files to read, and every other file met, with why it is skipped.

    Inside a folder only document formats are read (.txt, .md, .docx, .pdf, .html, .doc, .odt,
    .rtf); hidden files, READMEs, kg's own outputs (a folder holding graph.json) and data files
    are skipped and listed. A file named on the command line is read whatever its name, unless it
    is one of kg's own outputs or plainly data."""
    documents: list[Path] = []
    skipped: list[SkippedFile] = []
    for p in map(Path, paths):
        if p.is_dir():
            documents += _walk(p, skipped)
        else:
            reason = skip_reason(p, named=True) if p.exists() or p.is_symlink() else None
            if reason is None and p.is_symlink() and not p.exists():
                reason = "a link to nothing (its target is gone)"
            if reason:
                skipped.append(SkippedFile(path=str(p), reason=reason))
            else:
                documents.append(p)
    return documents, skipped


def _is_output_folder(folder: Path) -> bool:
    return (folder / "graph.json").is_file() and ((folder / "findings.json").exists() or (folder / "graph.ttl").exists())


def _walk(root: Path, skipped: list[SkippedFile]) -> list[Path]:
    """The documents under `root`, sorted; every path not read is named in `skipped` with why: kg's own
    output folders, links to nothing, links back to a folder already read (a loop), folders that cannot
    be opened, pipes and devices, files not in a document format. Hidden files and folders are passed over."""
    documents: list[Path] = []
    seen: set[tuple[int, int]] = set()
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            skipped.append(SkippedFile(path=str(folder), reason=f"the folder cannot be opened ({exc.strerror or exc})"))
            continue
        if (info.st_dev, info.st_ino) in seen:
            skipped.append(SkippedFile(path=str(folder), reason="a link back to a folder already read (a loop): read once"))
            continue
        seen.add((info.st_dev, info.st_ino))
        if _is_output_folder(folder):
            skipped.append(SkippedFile(path=str(folder), reason="a folder kg build wrote (graph.json): its outputs are not documents"))
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(SkippedFile(path=str(folder), reason=f"the folder cannot be read ({exc.strerror or exc})"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink() and not path.exists():
                    skipped.append(SkippedFile(path=str(path), reason="a link to nothing (its target is gone)"))
                elif entry.is_dir():
                    subfolders.append(path)
                else:
                    reason = skip_reason(path)
                    if reason:
                        skipped.append(SkippedFile(path=str(path), reason=reason))
                    else:
                        documents.append(path)
            except OSError as exc:
                skipped.append(SkippedFile(path=str(path), reason=f"it cannot be opened ({exc.strerror or exc})"))
        pending.extend(reversed(subfolders))
    return sorted(documents)


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
    tasks, table_problems = tasks_from_tables(tables, resolver, ref.year)  # consumes the tables' rows
    del tables
    problems.extend(table_problems)
    tasks.extend(tasks_from_prose(text, resolver, ref.year, include_duty_sections=not tasks))
    tasks[:0] = tasks_from_articles(text, resolver, ref.year)  # a decision's articles come first
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
