"""Adversarial shapes of text against the loaders: time and memory at 10k, 100k and 1M characters.

    python bench/adversarial.py [--sizes 10000 100000 1000000] [--timeout 120]

Each shape is one plan (the Quảng Trị plan's header and prose) whose appendix table or prose is
replaced by the shape, grown to the size asked for. Each reading runs in its own process (peak memory is
that process's, less the memory of a process that has read nothing), with a time-out; memory is also
given as a multiple of the file's size in bytes (UTF-8: Vietnamese letters take 2 or 3 bytes). The growth factor
is the time at 10× the input over the time before: 10 is linear.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = next((ROOT / "data" / "documents").glob("quang-tri_*.txt"))
FIELDS = ["Tài chính", "Nội vụ", "Xây dựng", "Y tế", "Công Thương", "Tư pháp"]


def _table(rows: list[str], header: str = "Stt\tNội dung thực hiện\tĐơn vị thực hiện\tThời gian thực hiện") -> str:
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("Stt\t"))
    end = head + 1
    while end < len(lines) and "\t" in lines[end]:
        end += 1
    return "\n".join(lines[:head] + [header] + rows + lines[end:])


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


SHAPES = {
    "dot leader in a cell": lambda n: _table(["1.\tRà soát\tSở Tài chính …" + "." * n + "(chủ trì)\tNăm 2024"]),
    "rows numbered past 999": lambda n: _table([f"{i}.\tNhiệm vụ {i}\tPhòng QLKH\tNăm 2024" for i in range(1, n // 40)]),
    "one cell of departments": lambda n: _table(["1.\tRà soát\tSở Kế hoạch và Đầu tư, " + ", ".join(
        FIELDS[i % len(FIELDS)] for i in range(n // 8)) + "\tNăm 2024"]),
    "prose line of 'phối hợp'": lambda n: _table([]) + "\n\n" + "Sở Tài chính chủ trì, " + _repeat(
        "phối hợp với Sở Nội vụ, ", n) + "thực hiện rà soát.\n",
    "table of many columns": lambda n: _table(
        [f"{r}.\tNhiệm vụ {r}\tPhòng QLKH\tNăm 2024\t" + "\t".join(f"ô {c}" for c in range(n // 200)) for r in range(1, 41)],
        header="Stt\tNội dung thực hiện\tĐơn vị thực hiện\tThời gian thực hiện\t" + "\t".join(
            f"Cột {c}" for c in range(n // 200))),
    "run of punctuation": lambda n: _table([]) + "\n\n" + _repeat(",;:.-–…", n) + "\n",
    "run of numbers": lambda n: _table([]) + "\n\n" + _repeat("1.2.3/", n) + "\n",
    "citations back to back": lambda n: _table([]) + "\n\n" + _repeat(
        "Kế hoạch số 209/KH-UBND ngày 06/12/2021 của UBND tỉnh; ", n) + "\n",
    "lines of separators": lambda n: _table([]) + "\n\n" + _repeat(
        "-" * 79 + "\n" + "_" * 79 + "\n" + "=" * 79 + "\n" + "* * *\n", n),
    "a row of empty cells": lambda n: _table(["1.\tRà soát\tSở Tài chính\tNăm 2024" + "\t" * n]),
    "rows of empty cells": lambda n: _table(["1.\tRà soát\tSở Tài chính\tNăm 2024"] + ["\t\t\t"] * (n // 4)),
}

CHILD = """
import json, resource, sys, time
from pathlib import Path
from loaders import read_document
path = Path(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
record = read_document(path)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "tasks": len(record.tasks), "rss_kb": peak, "base_kb": before}))
"""


def measure(text: str, timeout: float, folder: Path) -> dict:
    path = folder / "shape.txt"
    path.write_text(text, encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "chars": len(text)}
    if done.returncode != 0:
        return {"seconds": None, "chars": len(text), "error": done.stderr.strip().splitlines()[-1][:120]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["chars"] = len(text)
    result["bytes"] = path.stat().st_size
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--shapes", nargs="*", help="only these shapes (names as listed)")
    args = parser.parse_args()
    header = " | ".join(f"{s:,} chars" for s in args.sizes)
    print(f"| shape | {header} | growth per 10× | memory at the largest, and its ratio to the file's size |")
    print("| --- |" + " ---: |" * len(args.sizes) + " ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in SHAPES.items():
            if args.shapes and name not in args.shapes:
                continue
            results = [measure(make(size), args.timeout, Path(tmp)) for size in args.sizes]
            cells = []
            for r in results:
                cells.append(f"{r['seconds']:.2f} s" if r.get("seconds") is not None else
                             (f"error: {r['error']}" if r.get("error") else f"> {args.timeout:.0f} s"))
            growth = []
            for a, b in zip(results, results[1:]):
                if a.get("seconds") and b.get("seconds"):
                    growth.append(f"{b['seconds'] / max(a['seconds'], 1e-3):.1f}×")
            last = results[-1]
            used = (last["rss_kb"] - last["base_kb"]) * 1024 if last.get("rss_kb") else None
            memory = f"{used / 1e6:.0f} MB, {used / last['bytes']:.1f}× the file ({last['bytes'] / 1e6:.1f} MB)" \
                if used is not None else ""
            print(f"| {name} | {' | '.join(cells)} | {', '.join(growth)} | {memory} |", flush=True)


if __name__ == "__main__":
    main()
