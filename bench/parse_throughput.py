"""Parse throughput of the loaders: MB of text per second on one core.

The five corpus documents are parsed over and over until about `--mb` megabytes (default 20) of
UTF-8 text have gone through the whole loader pipeline (decode, clean, header, citations,
relations, tables, tasks). Prints MB/s overall and per document.

The loaders' module-level caches (`agencies._split_mentions`, `tables._role_of`) are cleared before
each document, so repeating the same few documents does not make every parse after the first a run
of cache hits: each document costs what a new document of a real corpus would. (The caches stay in
the loaders: within one document, and across a real corpus, cells do repeat.)

    python bench/parse_throughput.py [--mb 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from loaders import agencies, tables
from loaders.clean import clean, decode
from loaders import parse_text

CORPUS = Path(__file__).resolve().parent.parent / "data" / "documents"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of text to parse (default 20)")
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*.txt"))
    raws = [(f.name, f.read_bytes()) for f in files]
    corpus_bytes = sum(len(r) for _, r in raws)
    rounds = max(1, round(args.mb * 1_000_000 / corpus_bytes))
    per_doc: dict[str, float] = {name: 0.0 for name, _ in raws}
    started = time.perf_counter()
    for _ in range(rounds):
        for name, raw in raws:
            _clear_caches()
            t0 = time.perf_counter()
            text, _encoding = decode(raw)
            cleaned = clean(text)
            parse_text(cleaned.text, path=name, source_offsets=list(cleaned.offsets))
            per_doc[name] += time.perf_counter() - t0
    elapsed = time.perf_counter() - started
    total_mb = rounds * corpus_bytes / 1_000_000
    print(f"parsed {total_mb:.1f} MB ({rounds} rounds of {len(raws)} documents) in {elapsed:.1f} s: "
          f"{total_mb / elapsed:.2f} MB/s")
    for name, raw in raws:
        mb = rounds * len(raw) / 1_000_000
        print(f"  {name}: {mb / per_doc[name]:.2f} MB/s")


def _clear_caches() -> None:
    """Forget what earlier documents left in the loaders' caches (outside the timed span)."""
    agencies._split_mentions.cache_clear()
    tables._role_of.cache_clear()


if __name__ == "__main__":
    main()
