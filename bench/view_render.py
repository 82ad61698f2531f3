"""Browser views at size: `kg viz` write time and page size, time until the page is drawn in headless
chromium, and the web app's time to draw a 300-node neighbourhood.

    python bench/view_render.py --copies 1 4 20 100

The graph of data/ (257 nodes) is copied N times with distinct ids; above 500 nodes the page is the
overview (documents and agencies, tasks folded). Needs Debian's chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bolt_push import copies  # noqa: E402
from kg.build import build  # noqa: E402
from kg.serve import make_server  # noqa: E402
from kg.view import write_view  # noqa: E402
from loaders import read_documents  # noqa: E402

ARGS = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-background-networking"]


def hub(n: int) -> nx.MultiDiGraph:
    """One agency leading n tasks of one plan: a neighbourhood of n + 1 nodes."""
    graph = nx.MultiDiGraph()
    graph.add_node("agency/x", kind="Agency", name="Sở Khoa học và Công nghệ", province="Phú Yên")
    graph.add_node("doc/x", kind="Document", doc_type="KH", province="Phú Yên", title="Kế hoạch")
    for i in range(n):
        graph.add_node(f"task/x/{i}", kind="Task", label=str(i), text=f"Nhiệm vụ số {i} của kế hoạch")
        graph.add_edge(f"task/x/{i}", "doc/x", key="part_of", type="part_of")
        graph.add_edge(f"task/x/{i}", "agency/x", key="assigned_to:lead", type="assigned_to", role="lead")
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 4, 20, 100])
    parser.add_argument("--hub", type=int, default=300, help="neighbourhood size for the app (default 300)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    base = build(read_documents([ROOT / "data"])[0]).graph
    print("| copies | nodes | drawn | page | kg viz | opened in chromium |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n in args.copies:
            graph = copies(base, n)
            started = time.perf_counter()
            view = write_view(graph, Path(tmp) / f"view{n}.html")
            written = time.perf_counter() - started
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            page.goto(view.path.as_uri())
            page.wait_for_function("window.kgView && window.kgView.ready")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            opened = time.perf_counter() - started
            page.close()
            print(f"| {n} | {graph.number_of_nodes():,} | {view.nodes:,} | {view.bytes / 1e6:.1f} MB "
                  f"| {written:.2f} s | {opened:.2f} s |", flush=True)

        server = make_server(hub(args.hub))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.wait_for_function("window.kgApp && window.kgApp.ready")
        page.fill("#search", "so khoa hoc")
        page.wait_for_selector("#search-results button.hit")
        page.click("#search-results button.hit >> nth=0")
        page.wait_for_function("window.kgApp.lastExpand")
        expand = page.evaluate("kgApp.lastExpand")
        print(f"\nkg serve: a neighbourhood of {expand['added']} nodes fetched and drawn in {expand['ms']:.0f} ms")
        server.shutdown()
        browser.close()


if __name__ == "__main__":
    main()
