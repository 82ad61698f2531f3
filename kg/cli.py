"""The `kg` command: a thin layer that parses options, calls one library function, formats output.

Every command follows one convention (see `kg.cli_parts`): `-o/--output`, `-f/--format`,
`-q/--quiet`, `--debug`, `-` for standard input, exit codes 0 answered, 1 not found or nothing to
do, 2 usage error, 3 ambiguous. Failures are one sentence; a traceback only with --debug.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from loaders import default_jobs, find_documents, read_documents, read_each
from loaders.models import DocumentRecord, ReadFailure
from loaders.textutil import shorten

from . import progress, store
from .build import build as build_graph
from .build import paused_gc
from .cli_parts import (EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, Failure, agency_rows, ambiguous, atomic_write,
                        emit, format_type, output_file, output_folder, stdin_document, write_json)
from .export import EXPORT_FORMATS, export_graph
from .store import DEFAULT_OUT
from .succession import add_successions, is_rules_file

TEXT_FORMATS = ("text", "json", "csv", "ndjson")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    debug = getattr(args, "debug", False)
    progress.set_quiet(getattr(args, "quiet", False))
    try:
        return args.run(args)
    except Failure as exc:
        print(f"error: {exc}", file=sys.stderr)
        for line in exc.details:
            print(line, file=sys.stderr)
        return exc.status
    except store.NoGraph as exc:  # every command that reads a built graph: one sentence, status 1
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except BrokenPipeError:
        # the reader stopped reading (`kg agencies | head`): not an error; silence the final flush
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("\ninterrupted.", file=sys.stderr)
        return 130
    except Exception as exc:
        if debug:
            raise
        print(f"error: {_sentence(exc)} (run the command again with --debug to see where it failed)", file=sys.stderr)
        return EXIT_NOT_FOUND


def _sentence(exc: Exception) -> str:
    """An unexpected failure in one sentence: the path and the reason for a file error."""
    if isinstance(exc, OSError) and exc.filename:
        reason = (exc.strerror or str(exc)).lower()
        return f"{exc.filename}: {reason}"
    text = str(exc).splitlines()[0] if str(exc) else "no detail"
    return f"{type(exc).__name__}: {text[:300]}"


# --------------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------------

class _Help(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str):
        super().__init__(prog, max_help_position=32)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("policy-kg")
    except PackageNotFoundError:
        return "unknown"


def _common() -> argparse.ArgumentParser:
    """-q/--quiet and --debug, accepted before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="no progress bars and no notes on standard error (errors are still shown)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show the Python traceback of an unexpected failure")
    return common


def _command(commands, name: str, *, help: str, description: str, examples: list[str], **kwargs):
    epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples)
    return commands.add_parser(name, help=help, description=description, epilog=epilog, formatter_class=_Help,
                               parents=[_common()], **kwargs)


def _format_option(parser, choices: tuple[str, ...], default: str | None = "text", *, what: str = "output format",
                   extra: str = "") -> None:
    parser.add_argument("-f", "--format", type=format_type(choices), choices=choices, default=default,
                        metavar="FORMAT", help=f"{what}: {'|'.join(choices)}" + (f" (default: {default})" if default else "")
                        + extra)


def _output_option(parser, what: str) -> None:
    parser.add_argument("-o", "--output", "--out", dest="output", type=Path, metavar="PATH", help=what)


def _graph_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-g", "--graph", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="folder of a built graph (default: kg-out/)")


def _backend_option(parser: argparse.ArgumentParser) -> None:
    from queries import BACKENDS

    parser.add_argument("--backend", choices=BACKENDS, default="networkx", help="where to ask (default: networkx)")


def _answer_options(parser, formats=TEXT_FORMATS, *, backend: bool = True) -> None:
    _graph_option(parser)
    if backend:
        _backend_option(parser)
    _format_option(parser, formats)
    _output_option(parser, "write the answer to this file (default: standard output)")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small: give 1 or more")
    return value


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date: write it as YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    from .neo4j import BOUND_BATCH_BYTES, DEFAULT_BATCH_BYTES

    parser = argparse.ArgumentParser(
        prog="kg", formatter_class=_Help, parents=[_common()],
        description="policy-kg: a knowledge graph of Vietnamese policy documents — plans, resolutions, "
        "decisions — the tasks they assign and the agencies that carry them.",
        epilog="exit status: 0 answered, 1 not found or nothing to do, 2 usage error, 3 ambiguous "
        "(the candidates are listed)\n\nstart with:\n  kg build data/            # build kg-out/ and print a summary\n"
        "  kg find \"khoa học\"        # find documents, tasks, agencies\n  kg agencies --top 10      # who is overloaded",
    )
    parser.add_argument("--version", action="version", version=f"kg (policy-kg) {_version()}")
    parser.set_defaults(quiet=False, debug=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    extract = _command(
        commands, "extract", help="read documents and print what the loaders found",
        description="Read policy documents (files or folders; - for standard input) and print their header, "
        "citations, relations, agencies and tasks. Unreadable files are reported by name; the others still load.",
        examples=["kg extract data/documents/quang-tri_2023_43-kh-skhcn_thuc-hien-ctr-59.txt",
                  "kg extract data/ -f json -o records.json", "kg extract - < plan.docx"])
    extract.add_argument("paths", nargs="+", metavar="FILE", help="document files or folders; - reads standard input")
    _format_option(extract, ("text", "json", "ndjson"), extra="; ndjson: one record per line")
    _output_option(extract, "write the answer to this file (default: standard output)")
    extract.add_argument("--with-text", action="store_true", help="include the cleaned text in JSON output")
    extract.set_defaults(run=_extract)

    build = _command(
        commands, "build", help="build the knowledge graph from documents and write it to a folder",
        description="Read documents (files or folders; - for standard input), build one graph (one node per real "
        "document, provincial agency and task) and write OUT/graph.ttl (RDF Turtle), OUT/graph.json (networkx "
        "node-link), OUT/findings.json and OUT/graph.html (the browser view, see `kg viz`); print a summary. "
        "Agencies renamed or merged in the 2025 reorganisation get `succeeded_by` links to the bodies that carry "
        "their duties now (data/succession/*.csv, the 63 → 34 provinces; CSV files in a folder named "
        "`succession` among the inputs add a province's own decisions, which win).",
        examples=["kg build data/", "kg build data/ ~/Downloads/plans -o kg-out -f json", "kg build -q data/ > summary.txt",
                  "kg build --jobs 1 data/          # one document at a time",
                  "kg build data/ ~/dak-lak/succession/quyet-dinh-2025.csv   # a province's own dates"])
    build.add_argument("paths", nargs="+", metavar="PATH", help="document files or folders; - reads standard input")
    _output_option(build, "output folder (default: kg-out/)")
    _format_option(build, ("text", "json"), what="summary format")
    build.add_argument("--no-view", action="store_true",
                       help="do not write the browser view graph.html (an earlier build's is removed: it shows another graph)")
    build.add_argument("--no-succession", action="store_true",
                       help="only what the documents say: no links to the bodies that succeeded them in 2025")
    build.add_argument("-j", "--jobs", type=_positive, default=None,
                       help=f"documents read at once, in worker processes (default: every core, {default_jobs()} here)")
    build.add_argument("--document-timeout", type=_positive_float, default=300, metavar="SECONDS",
                       help="abandon a document that takes longer than this to read, name it, and go on (default 300)")
    build.set_defaults(run=_build)

    find = _command(
        commands, "find", help="find documents, tasks, agencies and provinces by their words",
        description="Search the graph by words (accents and case do not matter; every word must match), best "
        "matches first: documents by symbol, number or title, tasks by their text, agencies by name, provinces. "
        "Prints the ids to give `kg show`, `kg trace` and `kg implementations`.",
        examples=["kg find 11-NQ/TU", "kg find \"so khoa hoc\" --kind agency", "kg find \"khởi nghiệp\" --kind task "
                  "--province \"Phú Yên\" --limit 50", "kg find \"hệ sinh thái\" -f csv -o found.csv"])
    find.add_argument("text", metavar="TEXT", help="words to look for")
    find.add_argument("--kind", choices=("document", "task", "agency", "province"), help="only this kind of thing")
    find.add_argument("--province", help="only in this province (with or without “tỉnh”, accents optional)")
    find.add_argument("--limit", type=_positive, default=20, help="show at most this many (default 20; the total is always said)")
    _answer_options(find)
    find.set_defaults(run=_find)

    show = _command(
        commands, "show", help="show one document, task or agency with its links",
        description="One node of the graph with its attributes and its links in and out, each link with the "
        "quotation that states it. ID is an id printed by `kg find`, or what a person would type: a symbol "
        "(209/KH-UBND), a type and number (KH 209), words of a title or task, an agency's name.",
        examples=["kg show 11-NQ/TU", "kg show \"KH 209\"", "kg show \"Sở Khoa học và Công nghệ\" --province \"Phú Yên\"",
                  "kg show doc/phu-yen/nq-tu/11/2021 -f json"])
    show.add_argument("node", metavar="ID", help="an id, a symbol, or words naming one node")
    show.add_argument("--province", help="when a name is shared across provinces: this province")
    show.add_argument("--limit", type=_positive, default=50, help="links shown per type (default 50; the rest are counted)")
    _answer_options(show)
    show.set_defaults(run=_show)

    trace = _command(
        commands, "trace", help="trace a task up to the documents it ultimately implements",
        description="Every path from a task through its plan and the documents that plan implements "
        "up to the top document (usually a resolution), each step with the quotation behind it. TASK "
        "is a task id (as `kg find` prints it) or words of its text (accents and case do not matter).",
        examples=["kg trace \"ra soat, bo sung chinh sach ho tro\"", "kg trace task/quang-tri/kh-skhcn/43/2023/1 -f json",
                  "kg trace \"hệ sinh thái khởi nghiệp\" --backend sparql"])
    trace.add_argument("task", metavar="TASK", help="a task id, or words of its text")
    _answer_options(trace)
    trace.set_defaults(run=_trace)

    impl = _command(
        commands, "implementations", help="list what implements a document, down to tasks and their agencies",
        description="The documents that implement DOC, directly or down a chain, and their tasks with "
        "the agencies that lead and co-ordinate them. DOC is what a person would type: a symbol "
        "(11-NQ/TU, 209/KH-UBND), a type and number (NQ 11, KH 209), words of its title, or an id.",
        examples=["kg implementations 11-NQ/TU", "kg implementations \"KH 209\" -f csv -o tasks.csv",
                  "kg implementations doc/phu-yen/nq-tu/11/2021 --backend sparql"])
    impl.add_argument("document", metavar="DOC", help="a symbol, type and number, words of a title, or an id")
    _answer_options(impl)
    impl.set_defaults(run=_implementations)

    agencies = _command(
        commands, "agencies", help="how many tasks each agency leads and co-ordinates, and who is overloaded",
        description="Per agency (one row per agency of one province): tasks led, tasks co-ordinated, a weighted "
        "load; most loaded first. With --from/--to only the tasks open in that period are counted, for the "
        "ranking, the overload rule and the heatmap alike. A Sở is also shown with its Phòng, Chi cục and "
        "Trung tâm rolled up. Collective groups (\"Các Sở, ban, ngành\") are reported apart, never counted "
        "for one agency. The overload rule is printed with the answer.",
        examples=["kg agencies --top 10", "kg agencies --province \"tinh Phu Yen\" --from 2022-01-01 --to 2022-12-31",
                  "kg agencies --as-of 2026-01-01 --province \"Đắk Lắk\"   # who carries the tasks today",
                  "kg agencies --top 8 --timeline load.png", "kg agencies -f csv -o load.csv"])
    _answer_options(agencies)
    agencies.add_argument("--province", help="only agencies of this province (with or without “tỉnh”, accents optional)")
    agencies.add_argument("--from", dest="start", type=_date, metavar="DATE", help="period start (YYYY-MM-DD)")
    agencies.add_argument("--to", dest="end", type=_date, metavar="DATE", help="period end (YYYY-MM-DD)")
    agencies.add_argument("--as-of", dest="as_of", type=_date, metavar="DATE",
                          help="count each task for the body that carries it on DATE, after the 2025 reorganisation "
                               "(default: the agencies the documents name)")
    agencies.add_argument("--top", type=_positive, metavar="N", help="only the N most loaded agencies")
    agencies.add_argument("--threshold", type=float, default=10.0, help="load above which an agency is overloaded (default 10)")
    agencies.add_argument("--peer-factor", type=float, default=3.0,
                          help="overloaded too above this many times its province's median load (default 3)")
    agencies.add_argument("--timeline", type=Path, metavar="PNG",
                          help="also write the load per agency per quarter as a heatmap picture")
    agencies.set_defaults(run=_agencies)

    check = _command(
        commands, "check", help="list what to check: the loaders' warnings by file, corrected symbols, doubtful numbers",
        description="List what the build found doubtful, each with the quotations behind it: the loaders' warnings "
        "by file (blank numbers, rows without a lead agency, …), symbols corrected from their context, numbers "
        "that are probably one document written two ways, documents dated differently by different mentions.",
        examples=["kg check", "kg check --graph kg-out -f json", "kg check -f csv -o to-check.csv"])
    _answer_options(check, backend=False)
    check.set_defaults(run=_check)

    export = _command(
        commands, "export", help="write a built graph in another format",
        description="Write the graph built by `kg build` as Turtle, JSON-LD, N-Triples, GraphML or "
        "networkx node-link JSON, to standard output or --output FILE; or as the CSV files of "
        "`neo4j-admin database import full` with their import.sh (neo4j-csv), into the folder --output DIR.",
        examples=["kg export -f ttl -o graph.ttl", "kg export -f graphml -o graph.graphml",
                  "kg export -f neo4j-csv -o neo4j-import/"])
    _graph_option(export)
    formats = (*EXPORT_FORMATS, "neo4j-csv")
    _format_option(export, formats, default=None, what="output format (required; ttl and nt are accepted)")
    _output_option(export, "file to write (default: standard output); for neo4j-csv a folder, required")
    export.set_defaults(run=_export)

    viz = _command(
        commands, "viz", help="write the graph as one HTML page to explore offline",
        description="Write a self-contained HTML page of a built graph, drawn with sigma.js (WebGL; works "
        "offline): search that names what each hit is, filters by kind, province and document type, the "
        "trace of a task to its top resolution, details on hover, the quotation of a link on click; the "
        "address keeps the view (send it to a colleague). Graphs larger than --detail-limit nodes open as an "
        "overview with tasks folded into documents.",
        examples=["kg viz", "kg viz --graph kg-out -o ~/graph.html", "kg viz --detail-limit 2000 -f json"])
    _graph_option(viz)
    _format_option(viz, ("text", "json"), what="format of the report")
    _output_option(viz, "HTML file to write, or a folder to write graph.html into (default: graph.html in the graph folder)")
    viz.add_argument("--detail-limit", type=_positive, default=500,
                     help="above this many nodes, draw the overview (default 500)")
    viz.set_defaults(run=_viz)

    serve = _command(
        commands, "serve", help="explore a built graph in the browser (a local, read-only web app)",
        description="Serve a built graph to the browser: search, neighbourhoods that expand on click, "
        "traces highlighted up to the top document, and the agency-load page. Read-only; listens on "
        "127.0.0.1 unless --host says otherwise.",
        examples=["kg serve", "kg serve --graph kg-out --port 9000",
                  "kg serve --allow-host kg.internal   # reached through another name (a proxy)",
                  "kg serve --jobs 1                   # one process (one core)"])
    _graph_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8750, help="port (default 8750; 0 picks a free one)")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="another name the browser may use for this server (the Host header); repeatable. "
                            "By default only the address it listens on, localhost and 127.0.0.1 are answered")
    serve.add_argument("-j", "--jobs", type=_positive, default=None,
                       help="processes answering on the port, each on a core of its own (default: every core up "
                            "to 4)")
    serve.set_defaults(run=_serve)

    synth = _command(
        commands, "synth", help="write a synthetic corpus and the facts the loaders must read from it",
        description="Write N documents to OUT/documents/<province>/ (plans implementing plans up to resolutions, "
        "citations in every spelling, appendix tables with page-break artefacts, prose duties, 34 provinces, a "
        "skewed load per agency) and what each must be read as to OUT/expected.json. The same seed gives the "
        "same bytes.",
        examples=["kg synth --docs 2000 -o corpus", "kg synth --docs 50 --doc-format docx -o corpus-docx",
                  "kg synth --docs 10 --seed 3 -o corpus -f json"])
    synth.add_argument("--docs", type=int, required=True, metavar="N", help="number of documents")
    synth.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    synth.add_argument("-o", "--output", "--out", dest="output", type=Path, required=True, metavar="DIR",
                       help="output folder")
    synth.add_argument("--misreads", action="store_true",
                       help="also write realistic spellings the loaders are known to misread")
    synth.add_argument("--doc-format", choices=("txt", "md", "docx", "html", "pdf"), default=None,
                       help="format of the documents: txt (default), md (pipe tables), docx (Word), html (a saved "
                       "portal page) or pdf (Word turned into PDF by LibreOffice); the facts are the same")
    _format_option(synth, ("text", "json", "txt", "md", "docx", "html", "pdf"), what="summary format",
                   extra="; a document format here (txt, md, docx, html, pdf) is read as --doc-format, as before")
    synth.add_argument("--summary", choices=("text", "json"), default=None, help=argparse.SUPPRESS)
    synth.add_argument("--merge-cells", action="store_true",
                       help="docx and pdf: merge a lead or deadline repeated down rows into one cell and let a "
                       "group row's title span its row, as many offices' Word files do")
    synth.set_defaults(run=_synth)

    neo4j = _command(
        commands, "neo4j", help="load the graph into a Neo4j (Bolt) server",
        description="Work with a Neo4j server (or any Bolt server). The password is read from "
        "NEO4J_PASSWORD and never printed.",
        examples=["NEO4J_PASSWORD=… kg neo4j push --uri bolt://localhost:7687"])
    neo4j_commands = neo4j.add_subparsers(dest="neo4j_command", metavar="ACTION", required=True)
    push_cmd = _command(
        neo4j_commands, "push", help="push a built graph into the server (safe to repeat)",
        description="Load the graph written by `kg build` into a Bolt server with batched UNWIND … MERGE, "
        "one transaction per document; pushing twice changes nothing. The password is read from the "
        "environment variable NEO4J_PASSWORD (never from the command line, never printed).",
        examples=["export NEO4J_PASSWORD=…; kg neo4j push --uri bolt://localhost:7687",
                  "kg neo4j push --graph kg-out --uri neo4j://db.example:7687 --user kg --database policy"])
    _graph_option(push_cmd)
    push_cmd.add_argument("--uri", required=True, help="bolt://host:7687 or neo4j://…")
    push_cmd.add_argument("--user", default="neo4j", help="user name (default: neo4j)")
    push_cmd.add_argument("--database", help="database name (default: the server's default)")
    push_cmd.add_argument("--connect-timeout", type=_positive, default=15, metavar="SECONDS",
                          help="give up when the server has not answered within this long (default 15)")
    push_cmd.add_argument("--timeout", type=_positive, default=3600, metavar="SECONDS",
                          help="give up when the whole push takes longer (default 3600)")
    push_cmd.add_argument("--batch-bytes", type=_positive, default=None,
                          help=f"largest parameter payload per query (default: {DEFAULT_BATCH_BYTES} for a server "
                          f"that pastes parameters into the query, as FalkorDB does; {BOUND_BATCH_BYTES:,} for Neo4j)")
    _format_option(push_cmd, ("text", "json"), what="format of the report")
    push_cmd.set_defaults(run=_neo4j_push)
    return parser


# --------------------------------------------------------------------------------------------------
# Reading and building
# --------------------------------------------------------------------------------------------------

def _document_paths(paths: list[str], scratch: Path) -> list[str]:
    """The paths as given, with `-` replaced by standard input saved as a file."""
    if paths.count("-") > 1:
        raise Failure("“-” (standard input) can be given once", EXIT_USAGE)
    return [str(stdin_document(scratch)) if p == "-" else p for p in paths]


def _missing(paths: list[str]) -> None:
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise Failure(f"{missing[0]} does not exist: give a document file or a folder of documents"
                      + (f" ({len(missing) - 1} more paths are missing too)" if len(missing) > 1 else ""))


def _extract(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="kg-stdin-") as scratch:
        paths = _document_paths(args.paths, Path(scratch))
        _missing(paths)
        found, skipped = find_documents(paths)
        for item in skipped:
            progress.note(f"{item.path}: skipped, {item.reason}")
        records, failures = [], []
        with progress.counter("reading", total=len(found)) as bar:
            for path in found:
                batch, failed = read_documents([path], offsets=args.with_text)
                records += batch
                failures += failed
                bar.update()
    for failure in failures:
        print(f"error: {failure.path}: cannot be read: {failure.reason}", file=sys.stderr)
    for record in records:
        for problem in record.problems:
            if problem.severity == "error" or not progress.quiet():
                print(f"{problem.severity}: {record.path}: {problem.message}", file=sys.stderr)
    exclude = None if args.with_text else {"text", "source_offsets"}
    payload = {
        "documents": [r.model_dump(mode="json", exclude=exclude) for r in records],
        "failures": [f.model_dump(mode="json") for f in failures],
    }

    def text(stream) -> None:
        for record in records:
            stream.write(format_record(record))
        if failures:
            stream.write(_format_failures(failures))

    emit(args, payload=payload, rows=lambda: payload["documents"] + [{"failure": f} for f in payload["failures"]],
         text=text)
    if not records:
        raise Failure("no document could be read.")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    with paused_gc():
        return _build_all(args)


def _build_all(args: argparse.Namespace) -> int:
    from .files import FolderBusy, build_lock

    target = args.output or DEFAULT_OUT
    if target.exists() and not target.is_dir():
        output_folder(target)  # says why, before any document is read
    try:
        with build_lock(output_folder(target)):
            return _build_locked(args, target)
    except FolderBusy as exc:
        raise Failure(str(exc)) from None


def _build_locked(args: argparse.Namespace, target: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="kg-stdin-") as scratch:
        given = _document_paths(args.paths, Path(scratch))
        _missing(given)
        out = output_folder(target)
        paths, skipped = find_documents(given)
        rules = _succession_rules(args, skipped)
        skipped = [s for s in skipped if not is_rules_file(Path(s.path))]
        failures: list[ReadFailure] = []
        read = 0
        with progress.counter("reading", total=len(paths)) as bar:
            def records():  # in input order, as workers read them: a corpus is never all in memory as objects
                nonlocal read
                for _, batch, failed in read_each(paths, jobs=args.jobs, offsets=False, timeout=args.document_timeout):
                    failures.extend(failed)
                    read += len(batch)
                    bar.update()
                    yield from batch

            kg = build_graph(records())
        not_built = [ReadFailure(path=path, reason=reason) for path, reason in kg.failed]
    if rules:
        with progress.stage("linking agencies to their successors"):
            add_successions(kg.graph, rules)
    for failure in failures:
        print(f"error: {failure.path}: cannot be read: {failure.reason}", file=sys.stderr)
    for failure in not_built:
        print(f"error: {failure.path}: not built: {failure.reason}", file=sys.stderr)
    failures += not_built
    if not read:
        if not paths and skipped:
            raise Failure(f"no document to read: the {len(skipped)} file(s) found are not documents "
                          f"(kg reads .txt, .md, .docx, .pdf, .html, .doc, .odt, .rtf); nothing was built.")
        raise Failure("no document could be read; nothing was built.")
    with progress.stage(f"writing {out}/graph.ttl, graph.json, graph.sqlite"):
        written = store.write(kg, out)
    from .view import BUILD_VIEW_LIMIT, write_view

    if not args.no_view and kg.graph.number_of_nodes() <= BUILD_VIEW_LIMIT:
        with progress.stage(f"drawing {out}/graph.html"):
            written["view"] = write_view(kg.graph, out / "graph.html").path
    else:
        if not args.no_view:
            progress.note(f"no graph.html for {kg.graph.number_of_nodes():,} nodes (more than {BUILD_VIEW_LIMIT:,}): "
                          f"explore with `kg serve --graph {out}`, or write the overview with `kg viz --graph {out}`")
        if (out / "graph.html").is_file():  # an earlier build's view would show another graph
            (out / "graph.html").unlink()
            print(f"note: removed {out}/graph.html, the view of an earlier build; `kg viz --graph {out}` draws this one",
                  file=sys.stderr)
    summary = summarize(kg, failures, skipped)
    summary["graph"] = str(out)
    if args.format == "json":
        summary["written"] = {k: str(v) for k, v in written.items()}
        write_json(sys.stdout, summary)
    else:
        sys.stdout.write(format_summary(summary))
        sys.stdout.write(f"written: {', '.join(str(p) for k, p in written.items() if k != 'findings')}\n")
    return EXIT_OK


def _succession_rules(args: argparse.Namespace, skipped) -> list:
    """The national pattern and the succession files among the inputs, or none with --no-succession."""
    from .succession import BadRules, default_rule_files, read_rules

    if args.no_succession:
        return []
    try:
        return read_rules(default_rule_files([Path(s.path) for s in skipped if is_rules_file(Path(s.path))]))
    except BadRules as exc:
        raise Failure(f"{exc}; fix the file or build with --no-succession") from None


def summarize(kg, failures, skipped=()) -> dict:
    """Counts a user checks after a build: documents, tasks, agencies, edges, warnings by file."""
    graph = kg.graph
    nodes = [d for _, d in graph.nodes(data=True)]
    edges = Counter(d["type"] for *_, d in graph.edges(data=True))
    return {
        "documents": sum(d["kind"] == "Document" for d in nodes),
        "documents_loaded": sum(d["kind"] == "Document" and d.get("source") is not None for d in nodes),
        "tasks": sum(d["kind"] == "Task" for d in nodes),
        "agencies": sum(d["kind"] == "Agency" and not d.get("collective") and not d.get("successor") for d in nodes),
        "groups": sum(d["kind"] == "Agency" and bool(d.get("collective")) and not d.get("successor") for d in nodes),
        "successors": sum(d["kind"] == "Agency" and bool(d.get("successor")) for d in nodes),
        "edges": dict(sorted(edges.items())),
        "findings": len(kg.findings),
        "warnings": {path: len(messages) for path, messages in sorted(kg.problems.items())},
        "not_read": {f.path: f.reason for f in failures},
        "skipped": {f.path: f.reason for f in skipped},
        "formats": dict(sorted(Counter(d["format"] for d in nodes if d.get("format")).items())),
    }


WARNED_FILES_SHOWN = 20  # a corpus of thousands of files must not bury the summary


def format_summary(summary: dict) -> str:
    rows = [
        ("documents", f"{summary['documents']} ({summary['documents_loaded']} loaded, "
                      f"{summary['documents'] - summary['documents_loaded']} only cited)"),
        ("tasks", str(summary["tasks"])),
        ("agencies", f"{summary['agencies']} (+ {summary['groups']} collective groups)"
                     + (f"; {summary['successors']} more carry their duties since 2025 (`kg show`, "
                        "`kg agencies --as-of`)" if summary.get("successors") else "")),
        ("edges", f"{sum(summary['edges'].values())}: " + ", ".join(f"{k} {v}" for k, v in summary["edges"].items())),
        ("findings", f"{summary['findings']}" + (f", and {sum(summary['warnings'].values())} warnings of the loaders"
                                                 if summary["warnings"] else "")
         + f" (read them with `kg check --graph {summary.get('graph', DEFAULT_OUT)}`)"),
    ]
    width = max(len(k) for k, _ in rows)
    out = [f"{k.ljust(width)}  {v}" for k, v in rows]
    if summary["warnings"]:
        shown = sorted(summary["warnings"].items(), key=lambda item: (-item[1], item[0]))[:WARNED_FILES_SHOWN]
        out.append("warnings by file:" if len(shown) == len(summary["warnings"]) else
                   f"warnings by file (the {len(shown)} with most of {len(summary['warnings'])}; "
                   "all are in findings.json under \"problems\"):")
        out += [f"  {count:3d}  {path}" for path, count in shown]
    if summary["not_read"]:
        out.append("not read:")
        out += [f"  {path}: {reason}" for path, reason in summary["not_read"].items()]
    skipped = summary.get("skipped") or {}
    if skipped:
        shown = list(skipped.items())[:SKIPPED_SHOWN]
        out.append(f"skipped, not documents: {len(skipped)}" + (f" (the first {len(shown)})" if len(shown) < len(skipped) else ""))
        out += [f"  {path}: {reason}" for path, reason in shown]
    return "\n".join(out) + "\n"


SKIPPED_SHOWN = 20




# --------------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------------

def _source(args: argparse.Namespace, *, few_nodes: bool = False):
    from queries import open_backend

    with progress.stage(f"opening {args.graph}" + (" in SPARQL" if getattr(args, "backend", "") == "sparql" else "")):
        return open_backend(args.graph, getattr(args, "backend", "networkx"), few_nodes=few_nodes)


def _resolve(kind: str, resolver, *values):
    """Run a resolver from queries.find, turning its NotFound / Ambiguous into a Failure."""
    from queries.find import Ambiguous, NotFound

    try:
        return resolver(*values)
    except Ambiguous as exc:
        raise ambiguous(exc, kind) from None
    except NotFound as exc:
        raise Failure(str(exc), EXIT_NOT_FOUND) from None


def _province(source, text: str | None) -> str | None:
    from queries.find import resolve_province

    return _resolve("province", resolve_province, source, text) if text else None


def _find(args: argparse.Namespace) -> int:
    from queries.find import find

    source = _source(args, few_nodes=True)  # graph.sqlite's search rows and index, not the whole graph
    province = _province(source, args.province)
    result = find(source, args.text, kind=args.kind, province=province, limit=args.limit)
    if not result.matches:
        where = f" in {province}" if province else ""
        raise Failure(f"nothing{where} matches “{args.text}”" + (f" among {args.kind}s" if args.kind else "")
                      + ": try fewer or other words (accents and case do not matter)")
    payload = {"query": args.text, "kind": args.kind, "province": province, "total": result.total,
               "shown": len(result.matches), "matches": [m.model_dump() for m in result.matches]}

    def text(stream) -> None:
        width = max(len(m.id) for m in result.matches)
        for m in result.matches:
            stream.write(f"{m.kind:8} {m.id.ljust(width)}  {m.label}\n")
        if result.total > len(result.matches):
            stream.write(f"… and {result.total - len(result.matches)} more ({result.total} in all): "
                         f"raise --limit, or add words\n")

    emit(args, payload=payload, rows=lambda: [m.model_dump() for m in result.matches], text=text)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from queries.find import resolve_node, show

    source = _source(args, few_nodes=True)  # graph.sqlite's search rows and index, not the whole graph
    province = _province(source, args.province)
    node = _resolve("one", resolve_node, source, args.node, province)
    view = show(source, node, limit=args.limit)
    payload = view.model_dump()

    def text(stream) -> None:
        stream.write(f"{view.kind} {view.id}\n")
        for key, value in view.attributes.items():
            if value not in (None, "", [], {}):
                shown = "; ".join(map(str, value)) if isinstance(value, list) else value
                stream.write(f"  {key}: {shown}\n")
        for link in view.links:
            arrow = "→" if link.direction == "out" else "←"
            role = f" ({link.role})" if link.role else ""
            stream.write(f"  {arrow} {link.type}{role} {link.other}  {link.label or ''}".rstrip() + "\n")
            if link.quote:
                stream.write(f"      “{shorten(link.quote, 200)}”\n")
        for what, count in (view.more or {}).items():
            stream.write(f"  … and {count} more {what} links (raise --limit to see them)\n")
        if view.now:
            stream.write("  carried now by (the 2025 reorganisation):\n")
            for step in view.now:
                stream.write(f"    → {succession_text(step)}\n")

    emit(args, payload=payload, rows=lambda: [{"node": view.id, **link.model_dump()} for link in view.links],
         text=text)
    return EXIT_OK


def succession_text(step) -> str:
    """'Sở Tài chính (Khánh Hòa) from 2025-07-01: merged_into, Nghị quyết 202/2025/QH15'."""
    where = f" ({step.province})" if step.province else ""
    unit = "; which unit carries it is not known" if not step.unit_known else ""
    return f"{step.name}{where} from {step.date}: {step.change.replace('_', ' ')}, {step.basis}{unit}"


def _trace(args: argparse.Namespace) -> int:
    from queries import trace as trace_task
    from queries.find import resolve_task

    from queries.find import display_id

    source = _source(args, few_nodes=True)
    task = _resolve("task", resolve_task, source, args.task)
    answer = trace_task(source, task)
    answer.task.id = display_id(answer.task.id)

    def text(stream) -> None:
        stream.write(f"task {answer.task.label}: {answer.task.text}\n")
        for n, path in enumerate(answer.paths, start=1):
            if len(answer.paths) > 1:
                stream.write(f"path {n}:\n")
            for depth, step in enumerate(path.chain):
                what = " ".join(x for x in (step.doc_type, step.symbol or "(no number)", step.date or (str(step.year) if step.year else "")) if x)
                stream.write(f"{'  ' * depth}└ {step.relation} → {what}  {step.issuer or ''}".rstrip() + "\n")
                if step.quote and step.relation != "part_of":
                    stream.write(f"{'  ' * depth}    “{step.quote}”\n")
        if answer.agencies:
            stream.write("assigned to (as the document says → who carries it now):\n")
            for agency in answer.agencies:
                where = f" ({agency.province})" if agency.province else ""
                stream.write(f"  {agency.role:10} {agency.name}{where}" + ("" if agency.now else "  (unchanged)") + "\n")
                for step in agency.now:
                    stream.write(f"    → {succession_text(step)}\n")

    def rows() -> list[dict]:
        return [{"task": answer.task.id, "path": n, "depth": depth, **step.model_dump()}
                for n, path in enumerate(answer.paths, start=1) for depth, step in enumerate(path.chain)]

    emit(args, payload=answer.as_json(), rows=rows, text=text)
    return EXIT_OK


def _implementations(args: argparse.Namespace) -> int:
    from queries import implementations
    from queries.find import resolve_document

    source = _source(args)
    doc = _resolve("document", resolve_document, source, args.document)
    found = implementations(source, doc)
    about = source.document(doc)
    name = " ".join(x for x in (about.get("doc_type"), about.get("symbol") or doc) if x)
    if not found:
        raise Failure(f"nothing in the graph implements {name} ({doc}): no loaded document says it implements it")
    from queries.find import display_id

    for item in found:
        item.id, item.via = display_id(item.id), item.via and display_id(item.via)
    payload = {"document": {"id": display_id(doc), **about}, "implementations": [i.model_dump() for i in found]}

    def text(stream) -> None:
        stream.write(f"what implements {name}" + (f" — {shorten(about['title'], 80)}" if about.get("title") else "")
                     + f": {sum(i.kind == 'Document' for i in found)} documents, {sum(i.kind == 'Task' for i in found)} tasks\n")
        for item in found:
            who = ", ".join(item.leads) + (f" (with {', '.join(item.coordinators)})" if item.coordinators else "")
            stream.write(f"{'  ' * (item.depth - 1)}- {item.kind.lower()} {item.id}: {(item.title or '')[:70]}"
                         + (f" — {who}" if who else "") + "\n")

    emit(args, payload=payload, rows=lambda: payload["implementations"], text=text)
    return EXIT_OK


def _agencies(args: argparse.Namespace) -> int:
    from queries import agency_load
    from queries.answers import BadQuestion, agency_label, quarter_windows
    from queries.timeline import render_text

    if args.start and args.end and args.start > args.end:
        raise Failure(f"the period ends ({args.end}) before it starts ({args.start}): swap --from and --to", EXIT_USAGE)
    if args.timeline:
        output_file(args.timeline, option="--timeline")
    source = _source(args, few_nodes=True)  # the assignment rows of graph.sqlite, not the whole graph
    province = _province(source, args.province)
    try:
        with progress.stage("counting tasks per agency"):
            report = agency_load(source, province=province, start=args.start, end=args.end, top=args.top,
                                 threshold=args.threshold, peer_factor=args.peer_factor, as_of=args.as_of)
    except BadQuestion as exc:
        raise Failure(str(exc), EXIT_USAGE) from None
    if not report.agencies and not report.groups:
        where = f" of {province}" if province else ""
        period = f" open between {args.start or '…'} and {args.end or '…'}" if args.start or args.end else ""
        raise Failure(f"no agency{where} has a task{period}")
    shown = [a.id for a in report.agencies]
    labels = {a.id: agency_label(a) for a in report.agencies}
    with progress.stage("placing tasks in quarters"):
        timeline = quarter_windows(source, province=province, agencies=set(shown), start=args.start, end=args.end,
                                   as_of=args.as_of)
    if args.timeline:
        from queries.timeline import render_png

        with atomic_write(args.timeline, "wb") as file:
            render_png(timeline, file, title="Load per quarter", labels=labels, order=shown)
    payload = {**report.model_dump(mode="json"), "timeline": {
        "quarters": sorted({q for row in timeline.values() for q in row}),
        "rows": [{"id": a, "label": labels[a], "load": timeline[a]} for a in shown if a in timeline],
        "undated": [a for a in shown if a not in timeline]}}

    def text(stream) -> None:
        stream.write(report.rule + "\n")
        if report.start or report.end:
            stream.write(f"period: {report.start or '…'} to {report.end or '…'} (only tasks open in it are counted)\n")
        stream.write(f"{'lead':>5} {'coord':>5} {'load':>6}  agency\n")
        for a in report.agencies:
            flag = "  OVERLOADED" if a.overloaded else ""
            stream.write(f"{a.lead:5d} {a.coordinate:5d} {a.load:6.1f}  {agency_label(a)}{flag}\n")
            if a.came_from:
                stream.write(f"{'':19}  carries the tasks of: {'; '.join(a.came_from)}\n")
        if report.rollup:
            stream.write("\nwith their units (Phòng, Chi cục, Trung tâm) rolled up:\n")
            stream.write(f"{'lead':>5} {'coord':>5} {'load':>6} {'own':>6} {'units':>5}  agency\n")
            for r in report.rollup:
                flag = "  OVERLOADED" if r.overloaded else ""
                stream.write(f"{r.lead:5d} {r.coordinate:5d} {r.load:6.1f} {r.own_load:6.1f} {r.units:5d}  "
                             f"{agency_label(r)}{flag}\n")
        if report.groups:
            stream.write("\ncollective groups (not counted for any one agency):\n")
            for g in report.groups:
                stream.write(f"{g.lead:5d} {g.coordinate:5d} {g.load:6.1f}  {agency_label(g)}\n")
        stream.write("\nload per quarter (lead 1, co-ordinate 0.5; total: the quarters shown added up):\n")
        stream.write(render_text(timeline, labels=labels, order=shown) + "\n")
        undated = [labels[a] for a in shown if a not in timeline]
        if undated:
            stream.write(f"not in the heatmap, no task with a date{' in the period' if report.start or report.end else ''}: "
                         + "; ".join(undated) + "\n")
        if args.timeline:
            stream.write(f"timeline written: {args.timeline}\n")

    emit(args, payload=payload, rows=lambda: agency_rows(report), text=text)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    kg = store.read(args.graph)
    warnings = store.warnings_by_file(kg)
    findings = [{"kind": f.kind, "message": f.message, "evidence": [e.as_dict() for e in f.evidence]}
                for f in kg.findings]
    payload = {"findings": findings,
               "warnings": {path: [w.model_dump(mode="json") if hasattr(w, "model_dump") else dict(w) for w in items]
                            for path, items in warnings.items()}}

    def text(stream) -> None:
        if not findings and not warnings:
            stream.write("nothing to check.\n")
        for finding in kg.findings:
            stream.write(f"[{finding.kind}] {finding.message}\n")
            for e in finding.evidence:
                where = f"{e.file}:{e.start}-{e.end}" if e.start is not None else e.file
                stream.write(f"    {where}: “{e.quote}”\n")
        if warnings:
            stream.write(f"\nwarnings of the loaders, by file ({sum(map(len, warnings.values()))} in "
                         f"{len(warnings)} files):\n")
        for path, items in warnings.items():
            stream.write(f"{path}\n")
            for w in payload["warnings"][path]:
                where = f" [{w['location']}]" if w.get("location") else ""
                stream.write(f"  {w.get('severity', 'warning')}: {w['message']}{where}\n")
                if w.get("quote"):
                    stream.write(f"      “{shorten(w['quote'], 200)}”\n")

    def rows() -> list[dict]:
        out = [{"kind": f["kind"], "file": e.get("file"), "message": f["message"], "quote": e.get("quote"),
                "start": e.get("start"), "end": e.get("end")} for f in findings for e in f["evidence"] or [{}]]
        out += [{"kind": w.get("code") or "warning", "file": path, "message": w["message"], "quote": w.get("quote"),
                 "start": w.get("start"), "end": w.get("end"), "location": w.get("location")}
                for path, items in payload["warnings"].items() for w in items]
        return out

    emit(args, payload=payload, rows=rows, text=text)
    return EXIT_OK


# --------------------------------------------------------------------------------------------------
# Writing a built graph elsewhere
# --------------------------------------------------------------------------------------------------

def _export(args: argparse.Namespace) -> int:
    if args.format is None:
        raise Failure("say which format to export with -f/--format: turtle (ttl), ntriples (nt), jsonld, graphml, "
                      "node-link or neo4j-csv", EXIT_USAGE)
    if args.format == "neo4j-csv":
        return _export_neo4j_csv(args)
    if args.output and str(args.output) != "-":
        output_file(args.output)
    with progress.stage(f"writing {args.format}"):
        data = export_graph(args.graph, args.format)
        if args.output and str(args.output) != "-":
            with atomic_write(args.output, "wb") as file:
                file.write(data)
        else:
            sys.stdout.buffer.write(data)
    return EXIT_OK


def _export_neo4j_csv(args: argparse.Namespace) -> int:
    import shlex

    from .export import IMPORT_SCRIPT, write_neo4j_csv

    if args.output is None or str(args.output) == "-":
        raise Failure("-f neo4j-csv writes several files (nodes, relationships, import.sh): "
                      "name a folder for them with -o/--output DIR", EXIT_USAGE)
    out = output_folder(args.output)
    with progress.stage(f"writing {out}/"):
        paths = write_neo4j_csv(args.graph, out)
    print(f"wrote {len(paths)} files to {out}/; load them into a stopped Neo4j with: "
          f"sh {shlex.quote(str(out / IMPORT_SCRIPT))}")
    return EXIT_OK


def _viz(args: argparse.Namespace) -> int:
    from .view import write_view

    target = args.output or args.graph / "graph.html"
    if target.is_dir():
        target = target / "graph.html"
    if args.output:
        output_file(target)
    with progress.stage(f"reading {args.graph}"):
        graph = store.read(args.graph).graph
    with progress.stage(f"drawing {target}"):
        view = write_view(graph, target, detail_limit=args.detail_limit)
    if args.format == "json":
        write_json(sys.stdout, {"path": str(view.path), "nodes": view.nodes, "edges": view.edges,
                                "overview": view.overview, "folded_tasks": view.folded_tasks, "bytes": view.bytes})
    else:
        kind = "overview (tasks folded into their documents)" if view.overview else "graph"
        print(f"written: {view.path} — {kind}, {view.nodes} nodes and {view.edges} links, "
              f"{view.bytes / 1e6:.1f} MB; open it in a browser (works offline)")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .serve import default_workers, serve

    return serve(args.graph, host=args.host, port=args.port, allow_hosts=args.allow_host,
                 workers=args.jobs or default_workers())


def _synth(args: argparse.Namespace) -> int:
    from .render import RenderError
    from .synth import write_corpus

    if args.docs < 0:
        raise Failure("--docs must be 0 or more", EXIT_USAGE)
    legacy = args.format in ("txt", "md", "docx", "html", "pdf")
    doc_format = args.doc_format or (args.format if legacy else "txt")
    as_json = args.summary == "json" or (args.summary is None and args.format == "json")
    out = output_folder(args.output)
    with progress.counter(f"writing {doc_format}", total=args.docs) as bar:
        try:
            summary = write_corpus(out, args.docs, args.seed, misreads=args.misreads, doc_format=doc_format,
                                   merge=args.merge_cells, progress=lambda n: bar.update())
        except RenderError as exc:
            raise Failure(str(exc)) from None
    if as_json:
        write_json(sys.stdout, summary.model_dump())
        return EXIT_OK
    relations = ", ".join(f"{k} {v}" for k, v in summary.relations.items())
    types = ", ".join(f"{k} {v}" for k, v in summary.by_type.items())
    print(f"documents  {summary.documents} {summary.format} ({types}) in {summary.provinces} provinces, "
          f"{summary.bytes / 1e6:.1f} MB, {summary.seconds:.1f} s")
    print(f"tasks      {summary.tasks}")
    print(f"citations  {summary.citations}; relations: {relations}")
    print(f"written: {Path(summary.out) / 'documents'}, {summary.expected}")
    return EXIT_OK


BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _neo4j_push(args: argparse.Namespace) -> int:
    import os
    import threading
    from urllib.parse import urlsplit

    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable

    from .neo4j import BoltServer, push

    parts = urlsplit(args.uri)
    if parts.scheme not in BOLT_SCHEMES or not parts.hostname:
        raise Failure(f"--uri must be a Bolt address such as bolt://localhost:7687 (schemes: {', '.join(BOLT_SCHEMES)}), "
                      f"not “{args.uri}”; Neo4j's Bolt port is usually 7687 (7474 is its web page)", EXIT_USAGE)
    where = f"{parts.hostname}:{parts.port or 7687}"
    kg = store.read(args.graph)
    password = os.environ.get("NEO4J_PASSWORD")
    hint = ("" if password is not None else
            "; NEO4J_PASSWORD is not set: export NEO4J_PASSWORD=… with the password of user "
            f"“{args.user}” and push again")
    notes: list[str] = []
    timed_out = threading.Event()

    def cause(exc: Exception) -> str:
        """One sentence for why the server could not be reached."""
        text = str(exc)
        if isinstance(exc, ConnectionRefusedError) or "Connection refused" in text or "ConnectionRefused" in text:
            return f"nothing listens at {where}; start the server or check --uri"
        if "timed out" in text.lower() or isinstance(exc, TimeoutError):
            return (f"{where} did not answer within {args.connect_timeout} s (a server that accepts connections but "
                    "never speaks Bolt, or a firewall); check --uri, or raise --connect-timeout")
        if "handshake" in text.lower() or "protocol" in text.lower() or "defunct" in text.lower():
            return (f"{where} took the connection but gave no Bolt answer: it is not a Bolt server (the web port "
                    "7474?) or it does not answer; check --uri")
        return f"no Bolt server answers at {where} ({text.splitlines()[0][:160] if text else type(exc).__name__})"

    try:
        with GraphDatabase.driver(args.uri, auth=(args.user, password or ""),
                                  connection_timeout=args.connect_timeout,
                                  connection_acquisition_timeout=args.connect_timeout,
                                  max_transaction_retry_time=min(30, args.timeout)) as driver:
            def give_up() -> None:  # the overall deadline: closing the driver ends what is in flight
                timed_out.set()
                driver.close()

            watchdog = threading.Timer(args.timeout, give_up)
            watchdog.daemon = True
            watchdog.start()
            try:
                try:
                    driver.verify_connectivity()  # wrong credentials: the AuthError is told below
                except (ServiceUnavailable, OSError) as exc:
                    raise Failure(f"could not load the graph into {args.uri}: {cause(exc)}") from None
                server = BoltServer(driver, args.database)  # what the server can do: asked once connected
                with progress.counter(f"pushing to {args.uri}", unit="tx") as bar:
                    def step(done: int, total: int) -> None:
                        bar.total = total
                        bar.update()

                    report = push(kg.graph, server, max_batch_bytes=args.batch_bytes, log=notes.append, progress=step)
            finally:
                watchdog.cancel()
    except Exception as exc:  # the driver's own sentence; the password is never part of it
        if timed_out.is_set():  # whatever the closed driver raised, the deadline is the reason
            raise Failure(f"the push to {args.uri} took longer than --timeout {args.timeout} s and was stopped; "
                          "pushing again goes on from what was loaded (it changes nothing twice)") from None
        if isinstance(exc, Failure):
            raise
        if isinstance(exc, AuthError):
            raise Failure(f"{args.uri} refused user “{args.user}”: wrong user name or password{hint}") from None
        raise Failure(f"could not load the graph into {args.uri}: {str(exc).splitlines()[0][:300]}") from None
    for message in notes:
        progress.note(message)
    if args.format == "json":
        write_json(sys.stdout, {"uri": args.uri, "nodes": report.nodes, "edges": report.edges,
                                "transactions": report.transactions, "batches": report.batches,
                                "notes": report.messages})
        return EXIT_OK
    print(f"pushed {report.nodes} nodes and {report.edges} edges in {report.transactions} transactions "
          f"({report.batches} batches) to {args.uri}")
    return EXIT_OK


# --------------------------------------------------------------------------------------------------
# Text of a record (kg extract)
# --------------------------------------------------------------------------------------------------

def format_record(record: DocumentRecord) -> str:
    """A human-readable account of one record."""
    ref = record.header.ref
    names = {a.key: a.name for a in record.agencies}
    out = [f"== {record.path}" + (f"  ({record.format})" if record.format != "txt" else "")]
    out.append(f"   {ref.doc_type_name or ref.doc_type or '?'} {ref.symbol or '(no symbol)'}"
               f"  date: {ref.date or (ref.year or '?')}  province: {ref.province or '?'}")
    out.append(f"   issuer: {ref.issuer or '?'}")
    if ref.title:
        out.append(f"   title: {ref.title}")
    out.append(f"   citations: {len(record.citations)}")
    seen = set()
    for c in record.citations:
        key = (c.ref.symbol, c.ref.date)
        if key in seen:
            continue
        seen.add(key)
        out.append(f"     - {c.ref.doc_type or '?'} {c.ref.symbol or c.ref.title or c.text}"
                   f"  {c.ref.date or c.ref.year or ''}  {c.ref.issuer or ''}".rstrip())
    out.append(f"   relations: {len(record.relations)}")
    for rel in record.relations:
        subject = "this document" if rel.subject is None else _ref_name(record, rel.subject)
        out.append(f"     - {subject} {rel.type} {_ref_name(record, rel.object)}")
    out.append(f"   agencies: {sum(a.kind == 'agency' for a in record.agencies)}"
               f", groups: {sum(a.kind == 'group' for a in record.agencies)}")
    for agency in record.agencies:
        parent = f"  (part of {names[agency.parent]})" if agency.parent in names else ""
        kind = "group: " if agency.kind == "group" else ""
        out.append(f"     - {kind}{agency.name}{parent}")
    out.append(f"   tasks: {len(record.tasks)}")
    for task in record.tasks:
        leads = ", ".join(names[a.agency] for a in task.assignments if a.role == "lead") or "-"
        coords = ", ".join(names[a.agency] for a in task.assignments if a.role == "coordinate")
        due = f"  due: {task.deadline.text}" if task.deadline else ""
        where = f"  [{task.location}]" if task.location else ""
        out.append(f"     {task.label}  {shorten(task.text, 90)}{where}")
        out.append(f"         lead: {leads}" + (f"; coordinate: {coords}" if coords else "") + due)
    out.append("")
    return "\n".join(out) + "\n"


def _ref_name(record: DocumentRecord, index: int) -> str:
    ref = record.citations[index].ref
    return ref.symbol or ref.title or record.citations[index].text


def _format_failures(failures: list[ReadFailure]) -> str:
    lines = [f"== not read: {len(failures)}"]
    lines += [f"   {f.path}: {f.reason}" for f in failures]
    return "\n".join(lines) + "\n"



if __name__ == "__main__":
    raise SystemExit(main())
