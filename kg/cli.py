"""The `kg` command: a thin layer that parses options, calls one library function, formats output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from loaders import read_documents
from loaders.models import DocumentRecord, ReadFailure


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
    return parser


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
