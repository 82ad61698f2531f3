"""`kg viz`: the offline page, opened in headless chromium. Figures come from reading the documents:
Quảng Trị's plan 43/KH-SKHCN has 6 tasks, Phú Yên's Phòng Quản lý KH&CN leads 30 tasks (12 + 18),
209/KH-UBND is dated 06/12/2021, and the Phú Yên plan has 53 tasks."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kg.cli import main
from tests.conftest import DOCUMENTS

from .conftest import IMG, SCRIPT

QT_PLAN = "doc/quang-tri/kh-skhcn/43/2023"
QT_PROGRAMME = "doc/quang-tri/ctr-tu/59"
PLAN_209 = "doc/phu-yen/kh-ubnd/209/2021"


@pytest.fixture(scope="module")
def view_page(built_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    assert main(["viz", "--graph", str(built_graph), "--out", str(out)]) == 0
    return out


def open_view(page, path: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("window.kgView && window.kgView.ready")
    page.requests = requests


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith(("#", "data:")):
                self.external.append(f"<{tag} {name}={value}>")


def test_page_loads_nothing_from_outside(view_page, page):
    parser = _Resources()
    parser.feed(view_page.read_text(encoding="utf-8"))
    assert parser.external == []
    open_view(page, view_page)
    assert page.requests[0] == view_page.as_uri()
    assert [url for url in page.requests if not url.startswith(("file:", "data:"))] == []
    assert page.evaluate("document.querySelector('#graph canvas') !== null")


def test_whole_graph_drawn_with_positions_and_physics_off(view_page, page):
    open_view(page, view_page)
    counts = page.evaluate("""() => ({nodes: kgView.nodes.length, edges: kgView.edges.length,
        placed: kgView.nodes.get().every(n => Number.isFinite(n.x) && Number.isFinite(n.y)),
        physics: kgView.network.physics.options.enabled})""")
    assert counts == {"nodes": 257, "edges": 474, "placed": True, "physics": False}


def test_legend_names_document_types_and_kinds(view_page, page):
    open_view(page, view_page)
    legend = page.inner_text(".legend")
    for words in ("Kế hoạch (KH)", "Nghị quyết (NQ)", "Chương trình (CTr)", "Task", "implements", "led by"):
        assert words in legend


def test_search_without_accents_finds_the_agency_and_shows_its_load(view_page, page):
    open_view(page, view_page)
    page.fill("#search", "phong quan ly khoa hoc va cong nghe")
    results = page.inner_text("#search-results")
    assert "Phòng Quản lý Khoa học và Công nghệ" in results
    page.click("#search-results button.hit")
    details = page.inner_text("#details")
    assert "Phú Yên" in details and "Leads\n30" in details


def test_province_filter_keeps_the_province_and_the_national_documents_it_links_to(view_page, page):
    open_view(page, view_page)
    page.select_option("#province", "Quảng Trị")
    shown = page.evaluate("""() => kgView.nodes.get({filter: n => !n.hidden}).map(n => n.id)""")
    data = page.evaluate("kgView.data.nodes")
    by_id = {n["id"]: n for n in data}
    assert {by_id[n]["province"] for n in shown} == {"Quảng Trị", ""}
    assert sum(by_id[n]["kind"] == "Task" for n in shown) == 6
    assert "doc/vn/nq-tw/29/2022" in shown  # Nghị quyết 29-NQ/TW, which 59-CTr/TU implements
    assert "doc/phu-yen/nq-tu/11/2021" not in shown


def test_document_type_filter(view_page, page):
    open_view(page, view_page)
    page.select_option("#doctype", "NQ")
    shown = page.evaluate("""() => kgView.data.nodes.filter(n => n.kind === 'Document'
        && !kgView.nodes.get(n.id).hidden).map(n => n.doc_type)""")
    assert shown and set(shown) == {"NQ"}


def _centre_on(page, ids: list[str]) -> dict:
    """Zoom the view onto the middle of the given nodes; returns that point in page pixels."""
    return page.evaluate("""(ids) => {
        const pos = kgView.network.getPositions(ids), pts = Object.values(pos);
        const mid = {x: pts.reduce((s, p) => s + p.x, 0) / pts.length, y: pts.reduce((s, p) => s + p.y, 0) / pts.length};
        kgView.network.moveTo({position: mid, scale: 4, animation: false});
        const dom = kgView.network.canvasToDOM(mid), box = document.getElementById('graph').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""", ids)


def test_hover_shows_number_date_and_issuer(view_page, page):
    open_view(page, view_page)
    point = _centre_on(page, [PLAN_209])
    page.mouse.move(point["x"] - 30, point["y"] - 30)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("div.vis-tooltip .kg-tooltip", state="visible")
    tooltip = page.inner_text("div.vis-tooltip")
    assert "209/KH-UBND" in tooltip and "2021-12-06" in tooltip and "Ủy ban nhân dân tỉnh" in tooltip


def test_click_on_a_link_shows_its_quotation(view_page, page):
    open_view(page, view_page)
    # on a loaded machine the view may still be moving when the point is computed, and the click's handler
    # fills the details a moment later: centre and click again (at most five times) until they show
    for _ in range(5):
        point = _centre_on(page, [QT_PLAN, QT_PROGRAMME])
        page.mouse.click(point["x"], point["y"])
        try:
            page.wait_for_function("document.getElementById('details').innerText.startsWith('implements')",
                                   timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    details = page.inner_text("#details")
    assert details.startswith("implements")
    assert "Thực hiện Chương trình hành động số 59-CTr/TU của BCH Đảng bộ khóa XVII" in page.inner_text(
        "#details blockquote")
    assert "quang-tri_2023_43-kh-skhcn" in details


def test_large_graph_opens_as_overview_with_tasks_folded(built_graph, tmp_path, page):
    out = tmp_path / "overview.html"
    assert main(["viz", "--graph", str(built_graph), "--out", str(out), "--detail-limit", "100"]) == 0
    open_view(page, out)
    kinds = page.evaluate("() => kgView.nodes.get().map(n => kgView.data.nodes.find(m => m.id === n.id).kind)")
    assert "Task" not in kinds and len(kinds) == 35 + 70  # documents and agencies (with groups)
    page.fill("#search", "phu yen 2022")
    page.click("#search-results button.hit")  # the Phú Yên plan itself
    page.click("#open-tasks")
    tasks = page.evaluate("() => kgView.nodes.get().filter(n => n.id.startsWith('task/')).length")
    assert tasks == 53


def test_document_text_is_shown_as_text_never_run(hostile_graph, tmp_path, page):
    out = tmp_path / "hostile.html"
    assert main(["viz", "--graph", str(hostile_graph), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert SCRIPT not in html and IMG not in html  # only escaped inside the JSON
    open_view(page, out)
    page.fill("#search", "xuat thi diem mot so chinh sach moi")
    page.click("#search-results button.hit")
    assert SCRIPT in page.inner_text("#details") and IMG in page.inner_text("#details")
    page.fill("#search", "phu yen 2022")
    page.click("#search-results button.hit")
    assert IMG in page.inner_text("#details")  # the title
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss === undefined")


def test_build_writes_the_view_unless_told_not_to(built_graph, tmp_path):
    assert (built_graph / "graph.html").is_file()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.txt").write_text((next(DOCUMENTS.glob("quang-tri_*.txt"))).read_text("utf-8"), "utf-8")
    assert main(["build", str(tmp_path / "docs"), "--out", str(tmp_path / "out"), "--no-view"]) == 0
    assert not (tmp_path / "out" / "graph.html").exists()


def test_viz_reports_what_it_wrote(built_graph, tmp_path, capsys):
    assert main(["viz", "--graph", str(built_graph), "--out", str(tmp_path / "v.html"), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["nodes"], report["edges"], report["overview"]) == (257, 474, False)


def test_viz_without_a_graph_says_how_to_make_one(tmp_path, capsys):
    assert main(["viz", "--graph", str(tmp_path / "nothing")]) == 1
    assert "kg build data/" in capsys.readouterr().err
