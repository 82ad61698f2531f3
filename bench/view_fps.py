"""The static view at scale: frames per second while zooming, at N drawn nodes, in headless chromium.

    python bench/view_fps.py --nodes 5000 20000
    python bench/view_fps.py --nodes 5000 20000 --root ../old-checkout   # the same, with another checkout's kg

The graph of data/ (257 nodes) is copied until it has N nodes, and `kg viz` draws all of them (no
overview). The page is opened at 1440×900, then the camera zooms in and out for `--seconds`, one step
per animation frame; a frame counts when the renderer has drawn it (sigma's `afterRender`, vis-network's
`afterDrawing`), so a renderer slower than the screen shows fewer frames. Chromium draws WebGL here with
its software renderer (SwiftShader), as on a machine without a GPU: a GPU is faster for sigma, not for
vis-network, which draws on a 2D canvas. Needs Debian's chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-background-networking"]

ZOOM = """async (ms) => {
    const view = window.kgView;
    let frames = 0;
    const t0 = performance.now();
    let step = 0;
    if (view.renderer) {  // sigma.js
        view.renderer.on("afterRender", () => { frames += 1; });
        const camera = view.renderer.getCamera();
        while (performance.now() - t0 < ms) {
            step += 1;
            camera.setState({ratio: camera.ratio * (Math.floor(step / 30) % 2 ? 1.04 : 0.96)});
            await new Promise((r) => requestAnimationFrame(r));
        }
    } else {  // vis-network
        const network = view.network;
        network.on("afterDrawing", () => { frames += 1; });
        while (performance.now() - t0 < ms) {
            step += 1;
            network.moveTo({scale: network.getScale() * (Math.floor(step / 30) % 2 ? 1.04 : 0.96), animation: false});
            await new Promise((r) => requestAnimationFrame(r));
        }
    }
    return {frames, seconds: (performance.now() - t0) / 1000, steps: step};
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose kg draws the page")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    sys.path.insert(1, str(ROOT))
    from playwright.sync_api import sync_playwright

    from bench.bolt_push import copies
    from kg.build import build
    from kg.view import write_view
    from loaders import read_documents

    base = build(read_documents([ROOT / "data"])[0]).graph
    print(f"checkout: {args.root.resolve()}")
    print("| drawn nodes | links | page | opened | frames/s zooming |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for wanted in args.nodes:
            graph = copies(base, max(1, math.ceil(wanted / base.number_of_nodes())))
            view = write_view(graph, Path(tmp) / f"view{wanted}.html", detail_limit=10**9)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            started = time.perf_counter()
            page.goto(view.path.as_uri(), timeout=600_000)
            page.wait_for_function("window.kgView && window.kgView.ready", timeout=600_000)
            page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
            opened = time.perf_counter() - started
            result = page.evaluate(ZOOM, args.seconds * 1000)
            fps = result["frames"] / result["seconds"]
            print(f"| {view.nodes:,} | {view.edges:,} | {view.bytes / 1e6:.1f} MB | {opened:.1f} s | {fps:.1f} |", flush=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
