"""The `kg` command: a thin layer that parses options, calls one library function, formats output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from collections import Counter
from pathlib import Path

from loaders import find_documents, read_documents
from loaders.models import DocumentRecord, ReadFailure
from loaders.textutil import shorten

from . import store
from .build import build as build_graph
from .build import paused_gc
from .export import EXPORT_FORMATS, export_graph
from .store import DEFAULT_OUT
from queries import BACKENDS, AmbiguousTask, UnknownTask, agency_load, implementations, open_backend
from queries import trace as trace_task
from queries.answers import quarter_windows

from .neo4j import DEFAULT_BATCH_BYTES, BoltServer, push


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except store.NoGraph as exc:  # every command that reads a built graph: one sentence, status 1
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader stopped reading (`kg agencies | head`): not an error; silence the final flush
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="policy-kg: a knowledge graph of Vietnamese policy documents.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    extract = commands.add_parser(
        "extract",
        help="read documents and print what the loaders found",
        description="Read policy documents (files or folders) and print their header, citations, "
        "relations, agencies and tasks. Unreadable files are reported by name; the others still load.",
    )
    extract.add_argument("paths", nargs="+", metavar="FILE", help="document files or folders")
    extract.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    extract.add_argument("--with-text", action="store_true", help="include the cleaned text in JSON output")
    extract.set_defaults(run=_extract)

    build = commands.add_parser(
        "build",
        help="build the knowledge graph from documents and write it to a folder",
        description="Read documents (files or folders), build one graph (one node per real document, "
        "provincial agency and task) and write OUT/graph.ttl (RDF Turtle), OUT/graph.json (networkx "
        "node-link), OUT/findings.json and OUT/graph.html (the browser view, see `kg viz`); print a summary.",
    )
    build.add_argument("paths", nargs="+", metavar="PATH", help="document files or folders")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: kg-out/)")
    build.add_argument("--format", choices=("text", "json"), default="text", help="summary format (default: text)")
    build.add_argument("--no-view", action="store_true", help="do not write the browser view graph.html")
    build.set_defaults(run=_build)

    export = commands.add_parser(
        "export",
        help="write a built graph in another format",
        description="Write the graph built by `kg build` as Turtle, JSON-LD, N-Triples, GraphML or "
        "networkx node-link JSON, to standard output or --output FILE; or as the CSV files of "
        "`neo4j-admin database import full` with their import.sh (neo4j-csv), into the folder --output DIR.",
    )
    _graph_option(export)
    export.add_argument("--format", choices=(*EXPORT_FORMATS, "neo4j-csv"), required=True, help="output format")
    export.add_argument("--output", type=Path,
                        help="file to write (default: standard output); for neo4j-csv a folder, required")
    export.set_defaults(run=_export)

    check = commands.add_parser(
        "check",
        help="list findings a user should check: corrected symbols, one document written two ways",
        description="List what the build found doubtful, each with the quotations behind it: symbols "
        "corrected from their context, numbers that are probably one document written two ways, "
        "documents dated differently by different mentions.",
    )
    _graph_option(check)
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.set_defaults(run=_check)

    trace = commands.add_parser(
        "trace",
        help="trace a task up to the documents it ultimately implements",
        description="Every path from a task through its plan and the documents that plan implements "
        "up to the top document (usually a resolution), each step with the quotation behind it. TASK "
        "is a task id or words of its text (accents and case do not matter).",
    )
    trace.add_argument("task", metavar="TASK", help="a task id, or words of its text")
    _graph_options(trace, formats=("text", "json"))
    trace.set_defaults(run=_trace)

    impl = commands.add_parser(
        "implementations",
        help="list what implements a document, down to tasks and their agencies",
        description="The documents that implement DOC, directly or down a chain, and their tasks with "
        "the agencies that lead and co-ordinate them.",
    )
    impl.add_argument("document", metavar="DOC", help="a document id, e.g. doc/phu-yen/nq-tu/11/2021")
    _graph_options(impl, formats=("text", "json"))
    impl.set_defaults(run=_implementations)

    agencies = commands.add_parser(
        "agencies",
        help="how many tasks each agency leads and co-ordinates, and who is overloaded",
        description="Per agency: tasks led, tasks co-ordinated, a weighted load, tasks open in a period; "
        "most loaded first. Collective groups (\"Các Sở, ban, ngành\") are reported apart, never counted "
        "for one agency. The overload rule is printed with the answer.",
    )
    _graph_options(agencies, formats=("text", "json", "csv"))
    agencies.add_argument("--province", help="only agencies of this province")
    agencies.add_argument("--from", dest="start", type=_date, help="period start (YYYY-MM-DD)")
    agencies.add_argument("--to", dest="end", type=_date, help="period end (YYYY-MM-DD)")
    agencies.add_argument("--top", type=int, help="only the N most loaded")
    agencies.add_argument("--threshold", type=float, default=10.0, help="load above which an agency is overloaded (default 10)")
    agencies.add_argument("--peer-factor", type=float, default=3.0,
                          help="overloaded too above this many times its province's median load (default 3)")
    agencies.add_argument("--timeline", type=Path, metavar="PNG",
                          help="also write the load per agency per quarter as a heatmap picture")
    agencies.set_defaults(run=_agencies)

    viz = commands.add_parser(
        "viz",
        help="write the graph as one HTML page to explore offline",
        description="Write a self-contained HTML page of a built graph (vis-network via pyvis): search, "
        "filters by province and document type, details on hover, the quotation of a link on click. "
        "Graphs larger than --detail-limit nodes open as an overview with tasks folded into documents.",
    )
    _graph_options(viz, formats=("text", "json"))
    viz.add_argument("--out", type=Path, help="HTML file to write (default: graph.html in the graph folder)")
    viz.add_argument("--detail-limit", type=int, default=500,
                     help="above this many nodes, draw the overview (default 500)")
    viz.set_defaults(run=_viz)

    serve = commands.add_parser(
        "serve",
        help="explore a built graph in the browser (a local, read-only web app)",
        description="Serve a built graph to the browser: search, neighbourhoods that expand on click, "
        "traces highlighted up to the top document, and the agency-load page. Read-only; listens on "
        "127.0.0.1 unless --host says otherwise.",
    )
    _graph_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8750, help="port (default 8750; 0 picks a free one)")
    serve.set_defaults(run=_serve)

    synth = commands.add_parser(
        "synth",
        help="write a synthetic corpus and the facts the loaders must read from it",
        description="Write N documents in the corpus' own text format to OUT/documents/<province>/ (plans "
        "implementing plans up to resolutions, citations in every spelling, appendix tables with page-break "
        "artefacts, prose duties, 34 provinces, a skewed load per agency) and what each must be read as to "
        "OUT/expected.json. The same seed gives the same bytes.",
    )
    synth.add_argument("--docs", type=int, required=True, metavar="N", help="number of documents")
    synth.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    synth.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    synth.add_argument("--misreads", action="store_true",
                       help="also write realistic spellings the loaders are known to misread")
    synth.add_argument("--format", choices=("txt", "md", "docx", "html", "pdf", "text", "json"), default="txt",
                       help="format of the documents: txt (default), md (pipe tables), docx (Word), html (a saved "
                       "portal page) or pdf (Word turned into PDF by LibreOffice); the facts are the same. "
                       "'json' (kept for scripts) writes txt and prints the summary as JSON")
    synth.add_argument("--merge-cells", action="store_true",
                       help="docx and pdf: merge a lead or deadline repeated down rows into one cell and let a "
                       "group row's title span its row, as many offices' Word files do")
    synth.add_argument("--summary", choices=("text", "json"), default=None,
                       help="how to print the summary (default: text)")
    synth.set_defaults(run=_synth)

    neo4j = commands.add_parser(
        "neo4j",
        help="load the graph into a Neo4j (Bolt) server",
        description="Work with a Neo4j server (or any Bolt server). The password is read from "
        "NEO4J_PASSWORD and never printed.",
    )
    neo4j_commands = neo4j.add_subparsers(dest="neo4j_command", metavar="ACTION", required=True)
    push_cmd = neo4j_commands.add_parser(
        "push",
        help="push a built graph into the server (safe to repeat)",
        description="Load the graph written by `kg build` into a Bolt server with batched UNWIND … MERGE, "
        "one transaction per document; pushing twice changes nothing.",
    )
    _graph_option(push_cmd)
    push_cmd.add_argument("--uri", required=True, help="bolt://host:7687 or neo4j://…")
    push_cmd.add_argument("--user", default="neo4j", help="user name (default: neo4j)")
    push_cmd.add_argument("--database", help="database name (default: the server's default)")
    push_cmd.add_argument("--batch-bytes", type=int, default=DEFAULT_BATCH_BYTES,
                          help=f"largest parameter payload per query (default {DEFAULT_BATCH_BYTES}; raise it for Neo4j)")
    push_cmd.set_defaults(run=_neo4j_push)
    return parser


def _viz(args: argparse.Namespace) -> int:
    from .view import write_view

    graph = store.read(args.graph).graph
    view = write_view(graph, args.out or args.graph / "graph.html", detail_limit=args.detail_limit)
    if args.format == "json":
        json.dump({"path": str(view.path), "nodes": view.nodes, "edges": view.edges, "overview": view.overview,
                   "folded_tasks": view.folded_tasks, "bytes": view.bytes}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        kind = "overview (tasks folded into their documents)" if view.overview else "graph"
        print(f"written: {view.path} — {kind}, {view.nodes} nodes and {view.edges} links, "
              f"{view.bytes / 1e6:.1f} MB; open it in a browser (works offline)")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.graph, host=args.host, port=args.port)


def _synth(args: argparse.Namespace) -> int:
    from .synth import write_corpus

    if args.docs < 0:
        print("error: --docs must be 0 or more", file=sys.stderr)
        return 2
    doc_format = {"text": "txt", "json": "txt"}.get(args.format, args.format)
    as_json = args.summary == "json" or (args.summary is None and args.format == "json")
    progress = _Progress(args.docs)
    from .render import RenderError

    try:
        summary = write_corpus(args.out, args.docs, args.seed, misreads=args.misreads, doc_format=doc_format,
                               merge=args.merge_cells, progress=lambda n: progress.step(f"document {n}"))
    except RenderError as exc:
        progress.done()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    progress.done()
    if as_json:
        json.dump(summary.model_dump(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    relations = ", ".join(f"{k} {v}" for k, v in summary.relations.items())
    types = ", ".join(f"{k} {v}" for k, v in summary.by_type.items())
    print(f"documents  {summary.documents} {summary.format} ({types}) in {summary.provinces} provinces, "
          f"{summary.bytes / 1e6:.1f} MB, {summary.seconds:.1f} s")
    print(f"tasks      {summary.tasks}")
    print(f"citations  {summary.citations}; relations: {relations}")
    print(f"written: {Path(summary.out) / 'documents'}, {summary.expected}")
    return 0


def _neo4j_push(args: argparse.Namespace) -> int:
    import os

    from neo4j import GraphDatabase

    kg = store.read(args.graph)
    password = os.environ.get("NEO4J_PASSWORD", "")
    try:
        with GraphDatabase.driver(args.uri, auth=(args.user, password)) as driver:
            server = BoltServer(driver, args.database)
            report = push(kg.graph, server, max_batch_bytes=args.batch_bytes,
                          log=lambda message: print(f"note: {message}", file=sys.stderr))
    except Exception as exc:  # the driver's own sentence; the password is never part of it
        print(f"error: could not load the graph into {args.uri}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    print(f"pushed {report.nodes} nodes and {report.edges} edges in {report.transactions} transactions "
          f"({report.batches} batches) to {args.uri}")
    return 0


def _graph_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--graph", type=Path, default=DEFAULT_OUT, help="folder of a built graph (default: kg-out/)")


def _graph_options(parser: argparse.ArgumentParser, *, formats: tuple[str, ...]) -> None:
    _graph_option(parser)
    parser.add_argument("--backend", choices=BACKENDS, default="networkx", help="where to ask (default: networkx)")
    parser.add_argument("--format", choices=formats, default="text", help="output format (default: text)")


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date: write it as YYYY-MM-DD") from None


def _trace(args: argparse.Namespace) -> int:
    source = open_backend(args.graph, args.backend)
    try:
        answer = trace_task(source, args.task)
    except AmbiguousTask as exc:
        print(f"error: {exc}:", file=sys.stderr)
        for task, label, text in exc.candidates[:20]:
            print(f"  {task}  {text[:80]}", file=sys.stderr)
        return 2
    except UnknownTask as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        json.dump(answer.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"task {answer.task.label}: {answer.task.text}")
    for n, path in enumerate(answer.paths, start=1):
        if len(answer.paths) > 1:
            print(f"path {n}:")
        for depth, step in enumerate(path.chain):
            what = " ".join(x for x in (step.doc_type, step.symbol or "(no number)", step.date or "") if x)
            print(f"{'  ' * depth}└ {step.relation} → {what}  {step.issuer or ''}".rstrip())
            if step.quote and step.relation != "part_of":
                print(f"{'  ' * depth}    “{step.quote}”")
    return 0


def _implementations(args: argparse.Namespace) -> int:
    source = open_backend(args.graph, args.backend)
    found = implementations(source, args.document)
    if args.format == "json":
        json.dump([i.model_dump() for i in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not found:
        print(f"nothing in the graph implements {args.document}.")
    for item in found:
        who = ", ".join(item.leads) + (f" (with {', '.join(item.coordinators)})" if item.coordinators else "")
        print(f"{'  ' * (item.depth - 1)}- {item.kind.lower()} {item.id}: {(item.title or '')[:70]}"
              + (f" — {who}" if who else ""))
    return 0


def _agencies(args: argparse.Namespace) -> int:
    source = open_backend(args.graph, args.backend)
    report = agency_load(source, province=args.province, start=args.start, end=args.end, top=args.top,
                         threshold=args.threshold, peer_factor=args.peer_factor)
    shown = {a.name for a in report.agencies}
    timeline = {name: row for name, row in quarter_windows(source, province=args.province).items() if name in shown}
    if args.timeline:
        from queries.timeline import render_png

        render_png(timeline, args.timeline, title="Load per quarter")
    if args.format == "json":
        json.dump([a.model_dump() for a in report.agencies], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "name", "province", "lead", "coordinate", "load", "open", "overloaded"])
        for a in report.agencies:
            writer.writerow([a.id, a.name, a.province or "", a.lead, a.coordinate, a.load,
                             "" if a.open is None else a.open, a.overloaded])
        return 0
    print(report.rule)
    print(f"{'lead':>5} {'coord':>5} {'load':>6} {'open':>5}  agency")
    for a in report.agencies:
        flag = "  OVERLOADED" if a.overloaded else ""
        print(f"{a.lead:5d} {a.coordinate:5d} {a.load:6.1f} {'' if a.open is None else a.open:>5}  "
              f"{a.name} ({a.province or 'national'}){flag}")
    if report.groups:
        print("collective groups (not counted for any one agency):")
        for g in report.groups:
            print(f"{g.lead:5d} {g.coordinate:5d} {g.load:6.1f} {'' if g.open is None else g.open:>5}  {g.name}")
    from queries.timeline import render_text

    print("\nload per quarter (lead 1, co-ordinate 0.5):")
    print(render_text(timeline))
    if args.timeline:
        print(f"timeline written: {args.timeline}")
    return 0


def _build(args: argparse.Namespace) -> int:
    with paused_gc():
        return _build_all(args)


def _build_all(args: argparse.Namespace) -> int:
    paths, skipped = find_documents(args.paths)
    progress = _Progress(len(paths))
    failures: list[ReadFailure] = []
    read = 0

    def records():  # one file at a time: a large corpus is never all in memory as objects
        nonlocal read
        for path in paths:
            progress.step(path.name)
            batch, failed = read_documents([path], offsets=False)
            failures.extend(failed)
            read += len(batch)
            yield from batch

    kg = build_graph(records())
    progress.done()
    for failure in failures:
        print(f"error: {failure.path}: cannot be read: {failure.reason}", file=sys.stderr)
    if not read:
        if not paths and skipped:
            print(f"error: no document to read: the {len(skipped)} file(s) found are not documents "
                  f"(kg reads .txt, .md, .docx, .pdf, .html, .doc, .odt, .rtf); nothing was built.", file=sys.stderr)
        else:
            print("error: no document could be read; nothing was built.", file=sys.stderr)
        return 1
    written = store.write(kg, args.out)
    from .view import BUILD_VIEW_LIMIT, write_view

    if args.no_view:
        pass
    elif kg.graph.number_of_nodes() <= BUILD_VIEW_LIMIT:
        written["view"] = write_view(kg.graph, args.out / "graph.html").path
    else:
        print(f"note: no graph.html for {kg.graph.number_of_nodes():,} nodes (more than {BUILD_VIEW_LIMIT:,}): "
              f"explore with `kg serve --graph {args.out}`, or write the overview with `kg viz --graph {args.out}`",
              file=sys.stderr)
    summary = summarize(kg, failures, skipped)
    if args.format == "json":
        summary["written"] = {k: str(v) for k, v in written.items()}
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_summary(summary))
        sys.stdout.write(f"written: {', '.join(str(p) for k, p in written.items() if k != 'findings')}\n")
    return 0


def summarize(kg, failures, skipped=()) -> dict:
    """Counts a user checks after a build: documents, tasks, agencies, edges, warnings by file."""
    graph = kg.graph
    nodes = [d for _, d in graph.nodes(data=True)]
    edges = Counter(d["type"] for *_, d in graph.edges(data=True))
    return {
        "documents": sum(d["kind"] == "Document" for d in nodes),
        "documents_loaded": sum(d["kind"] == "Document" and d.get("source") is not None for d in nodes),
        "tasks": sum(d["kind"] == "Task" for d in nodes),
        "agencies": sum(d["kind"] == "Agency" and not d.get("collective") for d in nodes),
        "groups": sum(d["kind"] == "Agency" and bool(d.get("collective")) for d in nodes),
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
        ("agencies", f"{summary['agencies']} (+ {summary['groups']} collective groups)"),
        ("edges", f"{sum(summary['edges'].values())}: " + ", ".join(f"{k} {v}" for k, v in summary["edges"].items())),
        ("findings", f"{summary['findings']} (see `kg check`)"),
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


class _Progress:
    """A one-line progress bar on standard error, drawn only when it is a terminal."""

    def __init__(self, total: int):
        self.total, self.count = total, 0
        self.live = sys.stderr.isatty()

    def step(self, name: str) -> None:
        self.count += 1
        if self.live:
            filled = int(30 * self.count / max(self.total, 1))
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total} {name[:40]:40}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.live:
            sys.stderr.write("\n")


def _export(args: argparse.Namespace) -> int:
    if args.format == "neo4j-csv":
        return _export_neo4j_csv(args)
    data = export_graph(args.graph, args.format)
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _export_neo4j_csv(args: argparse.Namespace) -> int:
    import shlex

    from .export import IMPORT_SCRIPT, write_neo4j_csv

    if args.output is None:
        print("error: --format neo4j-csv writes several files (nodes, relationships, import.sh): "
              "name a folder for them with --output DIR", file=sys.stderr)
        return 2
    if args.output.exists() and not args.output.is_dir():
        print(f"error: {args.output} is a file: --format neo4j-csv needs a folder for --output", file=sys.stderr)
        return 2
    paths = write_neo4j_csv(args.graph, args.output)
    print(f"wrote {len(paths)} files to {args.output}/; load them into a stopped Neo4j with: "
          f"sh {shlex.quote(str(args.output / IMPORT_SCRIPT))}")
    return 0


def _check(args: argparse.Namespace) -> int:
    kg = store.read(args.graph)
    if args.format == "json":
        payload = [{"kind": f.kind, "message": f.message, "evidence": [e.as_dict() for e in f.evidence]}
                   for f in kg.findings]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not kg.findings:
        print("nothing to check.")
    for finding in kg.findings:
        print(f"[{finding.kind}] {finding.message}")
        for e in finding.evidence:
            where = f"{e.file}:{e.start}-{e.end}" if e.start is not None else e.file
            print(f"    {where}: “{e.quote}”")
    return 0


def _extract(args: argparse.Namespace) -> int:
    _, skipped = find_documents(args.paths)
    for item in skipped:
        print(f"note: {item.path}: skipped, {item.reason}", file=sys.stderr)
    records, failures = read_documents(args.paths)
    for failure in failures:
        print(f"error: {failure.path}: cannot be read: {failure.reason}", file=sys.stderr)
    for record in records:
        for problem in record.problems:
            print(f"{problem.severity}: {record.path}: {problem.message}", file=sys.stderr)
    if args.format == "json":
        exclude = None if args.with_text else {"text", "source_offsets"}
        payload = {
            "documents": [r.model_dump(mode="json", exclude=exclude) for r in records],
            "failures": [f.model_dump(mode="json") for f in failures],
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for record in records:
            sys.stdout.write(format_record(record))
        if failures:
            sys.stdout.write(_format_failures(failures))
    if not records:
        print("error: no document could be read.", file=sys.stderr)
        return 1
    return 0


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
