"""`kg build` with one job and with every core, on one synthetic corpus, against a baseline checkout.

Times, for --jobs 1 and --jobs N (default: every core): reading alone (`loaders.read_each`) and
`kg build --no-view` end to end on the command line, and checks that every job count writes the
same graph.ttl and graph.json. With `--baseline DIR` (a checkout of the previous main, e.g. made by
`git worktree add /tmp/base <rev>`), its `kg build` is timed on the same corpus in the same run, and
the ratio printed.

    python bench/build_jobs.py [--docs 2000] [--seed 1] [--jobs 2] [--baseline /tmp/base]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from kg.synth import write_corpus
from loaders import default_jobs, find_documents, read_each

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "build_jobs"


def _build(code_root: Path, documents: Path, out: Path, jobs: int | None) -> float:
    command = [sys.executable, "-m", "kg.cli", "build", str(documents), "--out", str(out), "--no-view"]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=code_root)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--baseline", type=Path, help="a checkout of the previous main to time beside this one")
    args = parser.parse_args()

    corpus = OUT / f"corpus-{args.docs}-{args.seed}"
    if not (corpus / "expected.json").exists():
        write_corpus(corpus, args.docs, args.seed)
    documents = corpus / "documents"
    paths, _ = find_documents([documents])
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{len(paths)} documents, {megabytes:.1f} MB, {default_jobs()} cores usable")

    rows = []
    for jobs in sorted({1, args.jobs}):
        start = time.perf_counter()
        for _ in read_each(paths, jobs=jobs, offsets=False):
            pass
        reading = time.perf_counter() - start
        build = _build(ROOT, documents, OUT / f"graph-j{jobs}", jobs)
        rows.append((jobs, reading, build))
    same = all((OUT / f"graph-j{j}" / name).read_bytes() == (OUT / "graph-j1" / name).read_bytes()
               for j, *_ in rows for name in ("graph.ttl", "graph.json"))
    print(f"{'jobs':>4} {'read s':>7} {'MB/s':>6} {'build s':>8} {'docs/min':>9}")
    for jobs, reading, build in rows:
        print(f"{jobs:>4} {reading:7.2f} {megabytes / reading:6.2f} {build:8.2f} {len(paths) / build * 60:9,.0f}")
    if len(rows) > 1:
        print(f"scaling 1 → {rows[-1][0]} jobs: reading {rows[0][1] / rows[-1][1]:.2f}×, build {rows[0][2] / rows[-1][2]:.2f}×")
    print(f"same graph.ttl and graph.json with every job count: {same}")
    if args.baseline:
        base = _build(args.baseline, documents, OUT / "graph-baseline", None)
        print(f"baseline {args.baseline}: build {base:.2f} s; this checkout with {rows[-1][0]} jobs: "
              f"{rows[-1][2]:.2f} s ({base / rows[-1][2]:.2f}× faster)")


if __name__ == "__main__":
    main()
