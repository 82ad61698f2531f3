"""Read speed per document format: documents, pages and MB per second through `loaders.read_document`.

One synthetic corpus (`kg synth`) is written in every format (PDF through LibreOffice), then each
is read file by file, on one core; the facts read back are compared with the corpus' own
(`kg.synth.compare`), so a format read fast but wrong shows it. Pages are the PDF's pages (the same
documents in every format, so pages/s compares like with like).

    python bench/formats.py [--docs 100] [--seed 7] [--formats txt,md,docx,html,pdf] [--out bench/out/formats]
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from kg import synth
from loaders import read_document

ROOT = Path(__file__).resolve().parent.parent


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


if __name__ == "__main__":
    main()
