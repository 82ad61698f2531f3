"""Read speed per document format: documents, pages and MB per second through `loaders.read_document`.

One synthetic corpus (`kg synth`) is written in every format (PDF through LibreOffice), then each
is read file by file, on one core; the facts read back are compared with the corpus' own
(`kg.synth.compare`), so a format read fast but wrong shows it. Pages are the PDF's pages (the same
documents in every format, so pages/s compares like with like).

    python bench/formats.py [--docs 100] [--seed 7] [--formats txt,md,docx,html,pdf] [--out bench/out/formats]
                            [--results bench/RESULTS.md]

With --results, the table is also written into that file under "## Reading each format": the table
there is replaced (the prose around it is the reader's to update), or the heading and table added.
"""

from __future__ import annotations

import argparse
import re
import shutil
import time
from pathlib import Path

from kg import synth
from loaders import read_document

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Reading each format (`bench/formats.py`)"
LABELS = {"md": "md (pipe tables)", "docx": "docx (python-docx)", "html": "html (a portal page)", "pdf": "pdf (pdfplumber)"}


def markdown_table(rows, docs: int, pages: int | None) -> str:
    lines = ["| format | written in (s) | size (MB) | read in (s) | documents/s | pages/s | MB/s | tasks identical |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for fmt, write_s, size, seconds, same, total in rows:
        share = "" if same == total else f" ({100 * same / max(1, total):.1f}%)"
        per_page = f"{pages / seconds:,.0f}" if pages else ""
        lines.append(f"| {LABELS.get(fmt, fmt)} | {write_s:.1f} | {size / 1e6:.2f} | {seconds:.2f} | {docs / seconds:,.1f} | "
                     f"{per_page} | {size / 1e6 / seconds:.2f} | {same:,} / {total:,}{share} |")
    return "\n".join(lines) + "\n"


def write_results(path: Path, table: str, note: str) -> None:
    """Replace the table under HEADING in `path`, or add the heading, a note and the table at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    at = text.find(HEADING)
    if at < 0:
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n{note}\n\n{table}"
    else:
        section_end = text.find("\n## ", at + len(HEADING))
        section = text[at: section_end if section_end >= 0 else len(text)]
        match = re.search(r"(?m)^\|.*\|\n(?:^\|.*\|\n)+", section)
        section = section[:match.start()] + table + section[match.end():] if match else section.rstrip("\n") + "\n\n" + table
        text = text[:at] + section + (text[section_end:] if section_end >= 0 else "")
    path.write_text(text, encoding="utf-8")


def _pages(pdf_root: Path) -> int:
    import pdfplumber

    total = 0
    for path in pdf_root.rglob("*.pdf"):
        with pdfplumber.open(path) as pdf:
            total += len(pdf.pages)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", default="txt,md,docx,html,pdf")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "formats")
    parser.add_argument("--results", type=Path, default=None, help="also write the table into this Markdown file")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    if "pdf" in formats and shutil.which("soffice") is None:
        print("note: no LibreOffice (soffice): pdf left out")
        formats.remove("pdf")
    rows = []
    pages = None
    for fmt in formats:
        out = args.out / fmt
        shutil.rmtree(out, ignore_errors=True)
        written = synth.write_corpus(out, args.docs, args.seed, doc_format=fmt)
        if fmt == "pdf":
            pages = _pages(out / "documents")
        facts = {f.file: f for f in synth.load_expected(out / "expected.json")}
        size = sum(p.stat().st_size for p in (out / "documents").rglob("*") if p.is_file())
        seconds = 0.0
        same = total = 0
        for name, fact in facts.items():
            started = time.perf_counter()
            record = read_document(out / name, offsets=False)
            seconds += time.perf_counter() - started
            got = {t.label: t for t in synth.read_back(record, name).tasks}
            total += len(fact.tasks)
            same += sum(1 for t in fact.tasks if got.get(t.label) == t)
        rows.append((fmt, written.seconds, size, seconds, same, total))
    print(f"{args.docs} documents, seed {args.seed}" + (f", {pages} PDF pages" if pages else ""))
    print(f"{'format':7} {'write s':>8} {'MB':>7} {'read s':>7} {'docs/s':>7} {'pages/s':>8} {'MB/s':>6} {'tasks identical':>16}")
    for fmt, write_s, size, seconds, same, total in rows:
        per_page = f"{pages / seconds:8.1f}" if pages else f"{'':>8}"
        print(f"{fmt:7} {write_s:8.1f} {size / 1e6:7.2f} {seconds:7.2f} {args.docs / seconds:7.1f} {per_page} "
              f"{size / 1e6 / seconds:6.2f} {same:>7}/{total} ({100 * same / max(1, total):.1f}%)")
    if args.results:
        note = (f"One synthetic corpus (`kg synth --docs {args.docs} --seed {args.seed}`) in every format, read file by "
                f"file through `loaders.read_document` on one core" + (f"; {pages:,} PDF pages" if pages else "") + ".")
        write_results(args.results, markdown_table(rows, args.docs, pages), note)
        print(f"written: {args.results}")


if __name__ == "__main__":
    main()
