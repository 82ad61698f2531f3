"""The `kg` command: a thin layer that parses options, calls one library function, formats output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from collections import Counter
from pathlib import Path

from loaders import expand_paths, read_documents
from loaders.models import DocumentRecord, ReadFailure

from . import store
from .build import build as build_graph
from .export import EXPORT_FORMATS, export_graph
from .store import DEFAULT_OUT


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return args.run(args)


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
        "node-link) and OUT/findings.json; print a summary.",
    )
    build.add_argument("paths", nargs="+", metavar="PATH", help="document files or folders")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: kg-out/)")
    build.add_argument("--format", choices=("text", "json"), default="text", help="summary format (default: text)")
    build.set_defaults(run=_build)

    export = commands.add_parser(
        "export",
        help="write a built graph in another format",
        description="Write the graph built by `kg build` as Turtle, JSON-LD, N-Triples, GraphML or "
        "networkx node-link JSON, to standard output or --output FILE.",
    )
    export.add_argument("--graph", type=Path, default=DEFAULT_OUT, help="folder of a built graph (default: kg-out/)")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True, help="output format")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=_export)

    check = commands.add_parser(
        "check",
        help="list findings a user should check: corrected symbols, one document written two ways",
        description="List what the build found doubtful, each with the quotations behind it: symbols "
        "corrected from their context, numbers that are probably one document written two ways, "
        "documents dated differently by different mentions.",
    )
    check.add_argument("--graph", type=Path, default=DEFAULT_OUT, help="folder of a built graph (default: kg-out/)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.set_defaults(run=_check)
    return parser


def _build(args: argparse.Namespace) -> int:
    paths = expand_paths(args.paths)
    progress = _Progress(len(paths))
    records, failures = [], []
    for path in paths:
        progress.step(path.name)
        batch, failed = read_documents([path])
        records += batch
        failures += failed
    progress.done()
    for failure in failures:
        print(f"error: {failure.path}: cannot be read: {failure.reason}", file=sys.stderr)
    if not records:
        print("error: no document could be read; nothing was built.", file=sys.stderr)
        return 1
    kg = build_graph(records)
    written = store.write(kg, args.out)
    summary = summarize(kg, failures)
    if args.format == "json":
        summary["written"] = {k: str(v) for k, v in written.items()}
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_summary(summary))
        sys.stdout.write(f"written: {written['turtle']}, {written['json']}\n")
    return 0


def summarize(kg, failures) -> dict:
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
    }


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
        out.append("warnings by file:")
        out += [f"  {count:3d}  {path}" for path, count in summary["warnings"].items()]
    if summary["not_read"]:
        out.append("not read:")
        out += [f"  {path}: {reason}" for path, reason in summary["not_read"].items()]
    return "\n".join(out) + "\n"


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
    try:
        data = export_graph(args.graph, args.format)
    except store.NoGraph as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.output:
        args.output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _check(args: argparse.Namespace) -> int:
    try:
        kg = store.read(args.graph)
    except store.NoGraph as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
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
            where = f"{e.source}:{e.start}-{e.end}" if e.start is not None else e.source
            print(f"    {where}: “{e.quote}”")
    return 0


def _extract(args: argparse.Namespace) -> int:
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
    out = [f"== {record.path}"]
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
        out.append(f"     {task.label}  {_short(task.text)}")
        out.append(f"         lead: {leads}" + (f"; coordinate: {coords}" if coords else "") + due)
    out.append("")
    return "\n".join(out) + "\n"


def _ref_name(record: DocumentRecord, index: int) -> str:
    ref = record.citations[index].ref
    return ref.symbol or ref.title or record.citations[index].text


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _format_failures(failures: list[ReadFailure]) -> str:
    lines = [f"== not read: {len(failures)}"]
    lines += [f"   {f.path}: {f.reason}" for f in failures]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
