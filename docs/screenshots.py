"""Take the README's screenshots of the browser views: `python docs/screenshots.py [--graph kg-out]`.

Needs a built graph (`kg build data/`) and Debian's chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg import store
from kg.serve import make_server
from kg.view import write_view

DOCS = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph", type=Path, default=store.DEFAULT_OUT)
    args = parser.parse_args()
    graph = store.read(args.graph).graph
    page_file = write_view(graph, args.graph / "graph.html").path.resolve()
    server = make_server(graph)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860}, bypass_csp=True)

        page.goto(page_file.as_uri())
        page.wait_for_function("window.kgView && window.kgView.ready")
        page.fill("#search", "209/kh-ubnd")
        page.click("#search-results button.hit >> nth=0")
        page.evaluate("kgView.network.fit({animation: false})")
        page.screenshot(path=DOCS / "view.png")

        page.goto(url)
        page.wait_for_function("window.kgApp && window.kgApp.ready")
        page.fill("#search", "PLI:2.1")
        page.click("#search-results button.trace >> nth=0")
        page.wait_for_function("kgApp.highlighted")
        page.evaluate("kgApp.network.fit({animation: false})")
        page.screenshot(path=DOCS / "app-trace.png")

        page.goto(f"{url}/load?province=Ph%C3%BA+Y%C3%AAn")
        page.wait_for_function("document.getElementById('load-chart').complete")
        page.screenshot(path=DOCS / "app-load.png", full_page=True)
        browser.close()
    server.shutdown()
    for name in ("view.png", "app-trace.png", "app-load.png"):
        print(DOCS / name)


if __name__ == "__main__":
    main()
