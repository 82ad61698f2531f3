"""Browser fixtures: Debian's chromium driven headless by Playwright, and `kg serve` on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg import store
from kg.cli import main
from kg.serve import make_server
from tests.conftest import DOCUMENTS

CHROMIUM = "/usr/bin/chromium"
# The payloads a hostile (or merely unlucky) document could carry; each would set window.__xss if run.
SCRIPT = "<script>window.__xss = 'script'</script>"
IMG = "<img src=x onerror=\"window.__xss = 'img'\">"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`), as .ci/run does")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            # WebGL (sigma.js) without a GPU: chromium's software renderer, SwiftShader
            args=["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                  "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that fails the test on any script error. CSP is bypassed so that Playwright can
    poll the page; the escaping is what the XSS tests check, not the CSP."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.errors = errors
    yield page
    context.close()
    assert not errors, errors


@contextmanager
def served(graph, **options):
    """`kg serve` of a graph (or of the graph in a folder, read as `kg serve` reads it: graph.sqlite) on a
    free port of 127.0.0.1, for the length of a `with`: (server, url). `options` go to make_server."""
    server = make_server(store.read_app_graph(graph) if isinstance(graph, Path) else graph, **options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def app_url(built_graph):
    with served(built_graph) as (_, url):
        yield url


@pytest.fixture(scope="session")
def hostile_graph(tmp_path_factory) -> Path:
    """The Phú Yên plan with script and img payloads in its title and in a task's text, built."""
    folder = tmp_path_factory.mktemp("hostile")
    (source,) = DOCUMENTS.glob("phu-yen_*.txt")
    text = source.read_text(encoding="utf-8")
    cell = "\tĐề xuất thí điểm một số chính sách mới về KH&CN"
    assert cell in text and "\nKẾ HOẠCH\n" in text
    text = text.replace(cell, f"\t{SCRIPT} {cell[1:]}", 1)
    text = text.replace("\nKẾ HOẠCH\n\nThực hiện", f"\nKẾ HOẠCH\n\n{SCRIPT} Thực hiện", 1)
    (folder / "docs").mkdir()
    (folder / "docs" / source.name).write_text(text, encoding="utf-8")
    assert main(["build", str(folder / "docs"), "--out", str(folder / "out")]) == 0
    # The cleaner strips formatting tags such as <img> (the corpus has <i>), so the built graph is
    # edited to carry one: the views must be safe for any text in a graph, whoever wrote it.
    path = folder / "out" / "graph.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for node in data["nodes"]:
        if node.get("kind") == "Task" and SCRIPT in node["text"]:
            node["text"] = node["text"].replace(SCRIPT, SCRIPT + IMG)
        if node.get("kind") == "Document" and node.get("title"):
            node["title"] = IMG + node["title"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder / "out"


def hostile_task(graph_dir: Path) -> str:
    graph = store.read(graph_dir).graph
    (task,) = [n for n, d in graph.nodes(data=True) if d.get("kind") == "Task" and SCRIPT in d["text"]]
    return task




def node_point(page, api: str, node: str) -> dict:
    """Where a node is drawn, in page pixels (sigma's viewport plus the canvas's place in the page)."""
    return page.evaluate("""([api, node]) => {
        const view = window[api], d = view.renderer.getNodeDisplayData(node);
        const p = view.renderer.framedGraphToViewport(d), box = document.getElementById('graph').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", [api, node])


def settle(page, api: str) -> None:
    """Wait until sigma has drawn twice more: camera moves are animated."""
    page.evaluate("""(api) => new Promise((resolve) => { let n = 0;
        const tick = () => { n += 1; if (n > 3) resolve(); else requestAnimationFrame(tick); }; tick(); })""", api)
    page.wait_for_timeout(350)
