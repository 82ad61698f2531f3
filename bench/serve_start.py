"""kg serve on a built graph: time to the first answer, search and neighbourhood latency.

Reads GRAPH_DIR (written by `kg build`) as `kg serve` does, makes the app's service, then times the
first search, 16 searches typed as people type them, and the neighbourhood of ten agencies. Compare two
revisions by running it with each on PYTHONPATH:

    python bench/serve_start.py kg-out
    PYTHONPATH=/path/to/other/checkout python bench/serve_start.py kg-out
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

SEARCHES = ["sở tài chính", "nghị quyết 20", "chuyển đổi số", "kế hoạch 12", "ubnd tỉnh lào cai",
            "đào tạo nguồn nhân lực", "khoa học", "20-NQ/TW", "lào cai", "sở kh&cn", "KH-SKHCN", "ii.1",
            "phát triển k", "ubnd tỉnh", "hoàn thành", "qqqzz"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("graph", type=Path, help="a folder written by kg build")
    parser.add_argument("--memory", action="store_true", help="load graph.json whole, as kg serve did before graph.sqlite")
    parser.add_argument("--show", action="store_true", help="print each search's time and total")
    args = parser.parse_args()
    from kg import store
    from kg.serve import GraphService

    started = time.perf_counter()
    on_disk = getattr(store, "read_app_graph", None)  # a revision before graph.sqlite held the app's rows lacks it
    graph = on_disk(args.graph) if on_disk and not args.memory else store.read(args.graph).graph
    read = time.perf_counter() - started
    started = time.perf_counter()
    service = GraphService(graph)
    made = time.perf_counter() - started
    started = time.perf_counter()
    service.search("khoa học")
    first = time.perf_counter() - started
    searches = []
    for text in SEARCHES:
        started = time.perf_counter()
        total = service.search(text)["total"]
        searches.append(time.perf_counter() - started)
        if args.show:
            print(f"  {text!r}: {total} found, {searches[-1] * 1000:.0f} ms")
    around = []
    for hit in service.search("sở")["results"][:10]:
        started = time.perf_counter()
        service.neighbourhood(hit["id"])
        around.append(time.perf_counter() - started)
    print(f"read {'graph.sqlite' if type(graph).__name__ == 'DiskGraph' else 'graph.json'} {read:.1f} s; service {made:.1f} s; first search {first:.2f} s; "
          f"to the first answer {read + made + first:.1f} s")
    print(f"search median {statistics.median(searches) * 1000:.0f} ms, max {max(searches) * 1000:.0f} ms "
          f"({len(searches)} searches); neighbourhood median {statistics.median(around) * 1000:.0f} ms, "
          f"max {max(around) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
