"""Every question on the SPARQL backend (Oxigraph) against networkx, on synthetic corpora.

For each --docs N: builds (or reuses) `kg synth --docs N --seed S` and its graph under bench/out/
sparql_load/, opens each backend and times, each question on a freshly opened backend (so the
assignment rows, cached per backend, are made inside the first question that needs them, as on the
command line): trace of 50 random tasks, implementations of 20 random documents, agency_load
without and with a period (2024), quarter_windows, and `kg agencies` (agency_load then
quarter_windows on one backend). Prints seconds per backend, the ratio sparql/networkx, and
whether the answers are identical.

With `--baseline REV`, the agency_load.rq of that git revision (e.g. `main`) is also run through
pyoxigraph on the same store, once, and its time printed beside today's query.

    python bench/sparql_load.py [--docs 500 2000] [--seed 1] [--baseline HEAD~1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import time
from pathlib import Path

import queries
from queries.backends import query_text

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "sparql_load"


def _graph(docs: int, seed: int) -> Path:
    from kg.synth import write_corpus

    corpus, graph = OUT / f"corpus-{docs}-{seed}", OUT / f"graph-{docs}-{seed}"
    if not (corpus / "expected.json").exists():
        write_corpus(corpus, docs, seed)
    if not (graph / "graph.ttl").exists():
        subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus / "documents"), "--out", str(graph),
                        "--no-view", "-q"], check=True, cwd=ROOT)
    return graph


def _questions(graph: Path, seed: int) -> dict:
    nx_source = queries.open_backend(graph, "networkx")
    rng = random.Random(seed)
    tasks = [t for t, _, _ in nx_source.tasks()]
    docs = sorted(n for n in nx_source.graph.nodes if n.startswith("doc/"))
    sample_tasks, sample_docs = rng.sample(tasks, min(50, len(tasks))), rng.sample(docs, min(20, len(docs)))
    year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))

    def agencies(s):
        report = queries.agency_load(s)
        return report, queries.quarter_windows(s)

    return {
        "trace ×50": lambda s: [queries.trace(s, t) for t in sample_tasks],
        "implementations ×20": lambda s: [queries.implementations(s, d) for d in sample_docs],
        "agency_load": lambda s: queries.agency_load(s),
        "agency_load 2024": lambda s: queries.agency_load(s, start=year[0], end=year[1]),
        "quarter_windows": lambda s: queries.quarter_windows(s),
        "kg agencies": agencies,
    }


def _time(graph: Path, backend: str, ask) -> tuple[float, object]:
    source = queries.open_backend(graph, backend)
    start = time.perf_counter()
    answer = ask(source)
    return time.perf_counter() - start, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", help="a git revision whose queries/agency_load.rq is timed on the same store")
    args = parser.parse_args()

    print("| docs | question | networkx (s) | sparql (s) | sparql / networkx | identical |")
    print("| ---: | --- | ---: | ---: | ---: | --- |")
    notes = []
    for docs in args.docs:
        graph = _graph(docs, args.seed)
        opened = {}
        for backend in ("networkx", "sparql"):
            start = time.perf_counter()
            queries.open_backend(graph, backend)
            opened[backend] = time.perf_counter() - start
        print(f"| {docs:,} | (open the graph) | {opened['networkx']:.2f} | {opened['sparql']:.2f} "
              f"| {opened['sparql'] / opened['networkx']:.1f}× | |")
        for name, ask in _questions(graph, args.seed).items():
            t_nx, a_nx = _time(graph, "networkx", ask)
            t_sq, a_sq = _time(graph, "sparql", ask)
            print(f"| {docs:,} | {name} | {t_nx:.2f} | {t_sq:.2f} | {t_sq / t_nx:.1f}× | "
                  f"{'yes' if a_nx == a_sq else 'NO'} |", flush=True)
        if args.baseline:
            store = queries.open_backend(graph, "sparql").store
            old = subprocess.run(["git", "show", f"{args.baseline}:queries/agency_load.rq"], cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout
            timings = []
            for text in (old, query_text("agency_load.rq")):
                start = time.perf_counter()
                n = sum(1 for _ in store.query(text))
                timings.append((time.perf_counter() - start, n))
            (t_old, n_old), (t_new, n_new) = timings
            notes.append(f"{docs:,} documents: agency_load.rq of {args.baseline} {t_old:.2f} s ({n_old:,} rows), "
                         f"today's {t_new:.2f} s ({n_new:,} rows): {t_old / t_new:,.0f}× faster")
            print(notes[-1], flush=True)


if __name__ == "__main__":
    main()
