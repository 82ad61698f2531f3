"""`kg serve` under load: latency of search and neighbourhood at 50 and 200 simultaneous clients.

    python bench/serve_load.py GRAPH [--clients 50 200] [--requests 2000] [--jobs N]

The server runs as `kg serve --port 0` in its own processes on 127.0.0.1 (loopback only); the clients
are coroutines of this process, each sending its requests one after another on a new connection, half
of them searches (one or two words of the names and labels of the graph: a few hundred different
questions), half neighbourhoods (of the nodes found). The server keeps its last 4,096 answers, so a
question asked again is answered from memory, as it is for users. Bounded in requests (--requests per
run) and in time (--seconds). Reports p50, p95 and p99 in milliseconds per kind, and the failures
(errors and time-outs, 30 s).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import http.client
import json
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path


def start_server(graph: Path, jobs: int | None = None) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph), "--port", "0",
                                *(["--jobs", str(jobs)] if jobs else [])],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
    return process, port


def fetch(port: int, path: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"status {response.status}")
        return json.loads(body)
    finally:
        connection.close()


def questions(port: int, n: int, seed: int = 1) -> list[tuple[str, str]]:
    """n requests: searches for words of the graph, neighbourhoods of what they find."""
    rng = random.Random(seed)
    words = ["so", "khoa hoc", "cong nghe", "tai chinh", "ke hoach", "phat trien", "chuyen doi so", "nong nghiep",
             "giao duc", "xay dung", "y te", "noi vu", "doi moi sang tao", "du lich", "cong thuong"]
    ids: list[str] = []
    for w in words:
        ids += [h["id"] for h in fetch(port, "/api/search?" + urllib.parse.urlencode({"q": w, "limit": 50}))["results"]]
    # the searches: one or two words of the names and labels found (a few hundred different questions)
    labels = [h["label"] for w in words
              for h in fetch(port, "/api/search?" + urllib.parse.urlencode({"q": w, "limit": 50}))["results"]]
    asked = sorted({" ".join(rng.sample(label.split(), min(len(label.split()), rng.choice((1, 2)))))
                    for label in labels if label.split()})
    out = []
    for i in range(n):
        if i % 2 == 0:
            out.append(("search", "/api/search?" + urllib.parse.urlencode({"q": rng.choice(asked)})))
        else:
            out.append(("neighbourhood", "/api/neighbourhood?" + urllib.parse.urlencode({"id": rng.choice(ids)})))
    return out


async def _ask(port: int, path: str) -> None:
    """One request on a new connection, its whole answer read; raises unless the status is 200."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        answer = await reader.read()
        status = answer[9:12]
        if status != b"200":
            raise RuntimeError(f"status {status.decode(errors='replace')}")
    finally:
        writer.close()


async def _clients(port: int, clients: int, todo: list[tuple[str, str]], seconds: float) -> tuple[dict, list, float]:
    times: dict[str, list[float]] = {"search": [], "neighbourhood": []}
    failures: list[str] = []
    deadline = time.monotonic() + seconds

    async def client() -> None:
        while todo and time.monotonic() < deadline:
            kind, path = todo.pop()
            started = time.perf_counter()
            try:
                await asyncio.wait_for(_ask(port, path), 30)
                times[kind].append((time.perf_counter() - started) * 1000)
            except Exception as exc:  # noqa: BLE001 - counted and named
                failures.append(f"{kind}: {type(exc).__name__}: {exc}")

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return times, failures, time.perf_counter() - began


def run(port: int, clients: int, requests: int, seconds: float) -> dict:
    """`requests` questions asked by `clients` clients at once, each asking its next when answered.
    The clients are coroutines of one event loop (a thread each would cost the bench more processor
    time than the server it measures)."""
    todo = questions(port, requests)
    gc.disable()  # a collection in the bench would count as the server's time: 2,000 requests fit in memory
    try:
        times, failures, wall = asyncio.run(_clients(port, clients, todo, seconds))
    finally:
        gc.enable()
    report = {"clients": clients, "requests": sum(len(v) for v in times.values()) + len(failures),
              "failures": len(failures), "seconds": round(wall, 1), "examples": failures[:3]}
    for kind, values in times.items():
        if values:
            q = statistics.quantiles(values, n=100)
            report[kind] = {"p50": round(q[49]), "p95": round(q[94]), "p99": round(q[98])}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("graph", type=Path, help="a built graph folder (kg build … -o GRAPH)")
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--requests", type=int, default=2000, help="requests per run (default 2000)")
    parser.add_argument("--seconds", type=float, default=120, help="a run stops after this long (default 120)")
    parser.add_argument("--jobs", type=int, default=None, help="kg serve --jobs (default: kg serve's own)")
    args = parser.parse_args()
    print(f"graph: {args.graph}")
    print("| clients | server | requests | failures | wall | search p50 / p95 / p99 ms | neighbourhood p50 / p95 / p99 ms |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for clients in args.clients:
        process, port = start_server(args.graph, args.jobs)  # a fresh server: nothing answered yet
        try:
            for state in ("just started", "same questions again"):
                r = run(port, clients, args.requests, args.seconds)
                s, n = r.get("search", {}), r.get("neighbourhood", {})
                print(f"| {clients} | {state} | {r['requests']} | {r['failures']} | {r['seconds']} s | "
                      f"{s.get('p50')} / {s.get('p95')} / {s.get('p99')} | "
                      f"{n.get('p50')} / {n.get('p95')} / {n.get('p99')} |", flush=True)
                for example in r["examples"]:
                    print(f"  failure: {example}")
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
