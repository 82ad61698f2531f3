"""Take the README's screenshots of the browser views: `python docs/screenshots.py [--graph kg-out]
[--large GRAPH]`.

Needs a built graph (`kg build data/`) and Debian's chromium at /usr/bin/chromium (WebGL through its
software renderer). `--large` also draws the overview of a bigger graph (e.g. `kg synth --docs 1000`).
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
ARGS = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-background-networking"]
SIZE = {"width": 1440, "height": 900}


def settle(page) -> None:
    page.wait_for_timeout(700)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph", type=Path, default=store.DEFAULT_OUT)
    parser.add_argument("--large", type=Path, help="a bigger built graph, drawn as an overview")
    args = parser.parse_args()
    graph = store.read(args.graph).graph
    page_file = write_view(graph, args.graph / "graph.html").path.resolve()
    server = make_server(graph)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    names = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport=SIZE, bypass_csp=True)  # Playwright polls with eval; the CSP forbids it

        def shot(name: str) -> None:
            settle(page)
            page.screenshot(path=DOCS / name)
            names.append(name)

        def ask(api: str, words: str, button: str, done: str) -> None:
            """Search for `words` and press the first hit's `button` (hit or trace), until `done` holds."""
            page.fill("#search", words)
            page.click(f"#search-results button.{button} >> nth=0")
            page.wait_for_function(f"{api}.{done}")

        page.goto(page_file.as_uri())
        page.wait_for_function("window.kgView && window.kgView.ready")
        shot("view.png")
        ask("kgView", "PLI:2.1", "trace", "highlighted")
        shot("view-trace.png")

        for words, button, done, name in (("phong quan ly khoa hoc va cong nghe", "hit", "lastExpand", "app-neighbourhood.png"),
                                          ("PLI:2.1", "trace", "highlighted", "app-trace.png")):
            page.goto(url)
            page.wait_for_function("window.kgApp && window.kgApp.ready")
            ask("kgApp", words, button, done)
            shot(name)

        page.goto(f"{url}/load?province=Ninh+Thu%E1%BA%ADn")
        page.locator('#heatmap td[data-quarter="2022-Q4"] >> nth=0').hover()
        page.wait_for_selector("#cell-tasks", state="visible")
        page.screenshot(path=DOCS / "app-load.png")
        names.append("app-load.png")

        if args.large:
            large = write_view(store.read(args.large).graph, args.large / "overview.html").path.resolve()
            page.goto(large.as_uri())
            page.wait_for_function("window.kgView && window.kgView.ready", timeout=120_000)
            settle(page)
            page.screenshot(path=DOCS / "view-large.png")
            names.append("view-large.png")
        browser.close()
    server.shutdown()
    for name in names:
        print(DOCS / name)


if __name__ == "__main__":
    main()
