"""`kg viz`: the offline page, opened in headless chromium. Figures come from reading the documents:
Quảng Trị's plan 43/KH-SKHCN has 6 tasks, Phú Yên's Phòng Quản lý KH&CN leads 30 tasks (12 + 18),
209/KH-UBND is dated 06/12/2021 and implements Nghị quyết 11-NQ/TU of the Ban Thường vụ Tỉnh ủy, and
the Phú Yên plan has 53 tasks, its task PLI:2.1 "Rà soát, bổ sung chính sách hỗ trợ phát triển Hệ sinh
thái khởi nghiệp ĐMST tỉnh"."""

from __future__ import annotations

import base64
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kg.cli import main
from tests.conftest import DOCUMENTS

from .conftest import IMG, SCRIPT, node_point, settle

QT_PLAN = "doc/quang-tri/kh-skhcn/43/2023"
QT_PROGRAMME = "doc/quang-tri/ctr-tu/59"
PLAN_209 = "doc/phu-yen/kh-ubnd/209/2021"
NQ_11 = "doc/phu-yen/nq-tu/11/2021"
PQL = "agency/phu-yen/so-khoa-hoc-cong-nghe/phong-quan-ly-khoa-hoc-cong-nghe"
PROVINCES = {"Phú Yên", "Tây Ninh", "Hưng Yên", "Quảng Trị", "Ninh Thuận"}


@pytest.fixture(scope="module")
def view_page(built_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    assert main(["viz", "--graph", str(built_graph), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def overview_page(built_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("overview") / "overview.html"
    assert main(["viz", "--graph", str(built_graph), "--out", str(out), "--detail-limit", "100"]) == 0
    return out


def open_view(page, url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_function("window.kgView && window.kgView.ready")
    page.requests = requests


def search(page, text: str) -> None:
    page.fill("#search", text)
    page.wait_for_function("(text) => window.kgView.lastSearch && document.getElementById('search-summary').textContent",
                           arg=text)
    page.wait_for_timeout(250)  # the search runs 150 ms after the last key


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
    open_view(page, view_page.as_uri())
    assert page.requests[0] == view_page.as_uri()
    assert [url for url in page.requests if not url.startswith(("file:", "data:", "blob:"))] == []
    assert page.evaluate("document.querySelector('#graph canvas') !== null")


def test_whole_graph_drawn_placed_and_in_view(view_page, page):
    open_view(page, view_page.as_uri())
    counts = page.evaluate("""() => ({nodes: kgView.graph.order, edges: kgView.graph.size,
        placed: kgView.graph.everyNode((n, a) => Number.isFinite(a.x) && Number.isFinite(a.y))})""")
    assert counts == {"nodes": 257, "edges": 474, "placed": True}
    assert page.evaluate("kgView.graph.everyNode((n) => kgView.inViewport(n))")


def test_each_province_cluster_is_named(view_page, page):
    open_view(page, view_page.as_uri())
    names = page.eval_on_selector_all("#clusters .cluster-name:not([hidden])", "els => els.map(e => e.textContent)")
    assert set(names) == PROVINCES


def test_documents_are_drawn_above_agencies_and_overloaded_agencies_ringed(view_page, page):
    open_view(page, view_page.as_uri())
    drawn = page.evaluate(f"""() => ({{doc: kgView.renderer.getNodeDisplayData('{PLAN_209}').zIndex,
        agency: kgView.renderer.getNodeDisplayData('{PQL}').zIndex, task: kgView.graph.findNode((n, a) => n.startsWith('task/'))
        && kgView.renderer.getNodeDisplayData(kgView.graph.findNode((n) => n.startsWith('task/'))).zIndex,
        ring: kgView.graph.getNodeAttribute('{PQL}', 'borderColor')}})""")
    assert drawn["doc"] > drawn["agency"] > drawn["task"]
    assert drawn["ring"] == "#c0392b"  # 30 led + 3 co-ordinated: a load of 31.5, above the threshold of 10


def test_legend_names_what_is_drawn(view_page, page):
    open_view(page, view_page.as_uri())
    legend = page.inner_text(".legend")
    for words in ("Kế hoạch (KH)", "Nghị quyết (NQ)", "Chương trình (CTr)", "Task", "Overloaded agency", "implements",
                  "led by"):
        assert words in legend
    # every kind is a disc, as sigma draws them
    assert page.eval_on_selector_all(".legend span.dot", "els => els.every(e => getComputedStyle(e).borderRadius === '50%')")


def test_search_hit_says_what_it_is_and_opens_with_its_load(view_page, page):
    open_view(page, view_page.as_uri())
    search(page, "phong quan ly khoa hoc va cong nghe")
    first = page.inner_text("#search-results li >> nth=0")
    assert "Phòng Quản lý Khoa học và Công nghệ" in first and "Phú Yên" in first and "AGENCY" in first.upper()
    page.click("#search-results button.hit >> nth=0")
    details = page.inner_text("#details")
    assert "Phú Yên" in details and "Leads\n30" in details


def test_a_task_hit_carries_its_document_province_and_words(view_page, page):
    open_view(page, view_page.as_uri())
    search(page, "ra soat bo sung chinh sach ho tro phat trien he sinh thai")
    hit = page.inner_text("#search-results li >> nth=0")
    assert "PLI:2.1" in hit and "in KH-SKHCN Phú Yên 2022" in hit and "Phú Yên" in hit
    assert "Rà soát, bổ sung chính sách hỗ trợ phát triển" in hit


def test_search_filters_by_kind_and_pages(view_page, page):
    open_view(page, view_page.as_uri())
    page.select_option("#kind", "Task")
    search(page, "so khoa hoc")  # tasks whose words hold "sở khoa học"
    total = page.evaluate("kgView.lastSearch.total")
    assert total > 25 and page.evaluate("kgView.lastSearch.results.every(h => h.kind === 'Task')")
    assert len(page.query_selector_all("#search-results button.hit")) == 25
    page.click("#all-results")
    page.wait_for_function(f"document.querySelectorAll('#search-results button.hit').length === {total}")
    page.select_option("#kind", "Document")
    page.wait_for_function("kgView.lastSearch.results.every(h => h.kind === 'Document')")


def test_province_filter_keeps_its_nodes_in_view_and_lets_go_of_others(view_page, page):
    open_view(page, view_page.as_uri())
    search(page, "phong quan ly khoa hoc va cong nghe")
    page.click("#search-results button.hit >> nth=0")  # a Phú Yên agency in the details
    page.select_option("#province", "Quảng Trị")
    shown = page.evaluate("[...kgView.state.visible]")
    data = page.evaluate("Object.fromEntries(kgView.data.nodes.map(n => [n.id, [n.province, n.kind]]))")
    assert {data[n][0] for n in shown} == {"Quảng Trị", ""}
    assert sum(data[n][1] == "Task" for n in shown) == 6
    assert "doc/vn/nq-tw/29/2022" in shown  # Nghị quyết 29-NQ/TW, which 59-CTr/TU implements
    assert "doc/phu-yen/nq-tu/11/2021" not in shown
    assert page.evaluate("[...kgView.state.visible].every(n => kgView.inViewport(n))")
    assert "Phú Yên" not in page.inner_text("#details")  # the other province's agency is let go


def test_document_type_filter(view_page, page):
    open_view(page, view_page.as_uri())
    page.select_option("#doctype", "NQ")
    shown = page.evaluate("""() => kgView.data.nodes.filter(n => n.kind === 'Document'
        && kgView.state.visible.has(n.id)).map(n => n.doc_type)""")
    assert shown and set(shown) == {"NQ"}


def test_hover_shows_number_date_and_issuer_in_sans_serif(view_page, page):
    open_view(page, view_page.as_uri())
    page.evaluate(f"kgView.fit(['{PLAN_209}'], false)")
    settle(page, "kgView")
    point = node_point(page, "kgView", PLAN_209)
    page.mouse.move(point["x"] - 40, point["y"] - 40)
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#tooltip", state="visible")
    tooltip = page.inner_text("#tooltip")
    assert "209/KH-UBND" in tooltip and "2021-12-06" in tooltip and "Ủy ban nhân dân tỉnh" in tooltip
    assert "serif" not in page.evaluate("getComputedStyle(document.getElementById('tooltip')).fontFamily").replace(
        "sans-serif", "")
    # hovering dims all but the neighbourhood, and the links keep the colours of their kinds
    edge = page.evaluate(f"kgView.graph.edges('{PLAN_209}').find(e => e.includes('|implements|'))")
    colour = page.evaluate(f"kgView.renderer.getEdgeDisplayData('{edge}').color")
    assert colour == "#c0392b"


def test_click_on_a_link_shows_its_quotation(view_page, page):
    open_view(page, view_page.as_uri())
    for _ in range(5):  # on a loaded machine the camera may still be moving: centre and click again
        page.evaluate(f"kgView.fit(['{QT_PLAN}', '{QT_PROGRAMME}'], false)")
        settle(page, "kgView")
        a, b = node_point(page, "kgView", QT_PLAN), node_point(page, "kgView", QT_PROGRAMME)
        page.mouse.click((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
        try:
            page.wait_for_function("document.getElementById('details').innerText.startsWith('implements')", timeout=3000)
            break
        except PlaywrightTimeout:
            continue
    details = page.inner_text("#details")
    assert details.startswith("implements")
    assert "Thực hiện Chương trình hành động số 59-CTr/TU của BCH Đảng bộ khóa XVII" in page.inner_text(
        "#details blockquote")
    assert "quang-tri_2023_43-kh-skhcn" in details


def trace_pli_2_1(page) -> None:
    search(page, "PLI:2.1")
    page.click("#search-results button.trace >> nth=0")
    page.wait_for_function("kgView.highlighted")


def test_trace_in_the_page_names_the_top_resolution_and_each_link_once(view_page, page):
    open_view(page, view_page.as_uri())
    trace_pli_2_1(page)
    highlighted = page.evaluate("kgView.highlighted")
    assert {PLAN_209, NQ_11} <= set(highlighted["nodes"]) and len(highlighted["edges"]) == 3
    top = page.inner_text("#trace-top")
    assert "11-NQ/TU" in top and "Ban Thường vụ Tỉnh ủy" in top and "2021-08-18" in top and "Phú Yên" in top
    text = page.inner_text("#trace")
    assert text.count("implements ") == 2 and "Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021" in text
    assert "{" not in text  # quotations as text, not JSON
    # the pane is at the top of the side panel, above the search
    assert page.evaluate("document.getElementById('trace').getBoundingClientRect().top "
                         "< document.getElementById('search').getBoundingClientRect().top")
    assert page.evaluate("kgView.state.traceNodes.size") == 4
    assert all(page.evaluate(f"kgView.inViewport('{n}')") for n in highlighted["nodes"])


def test_a_trace_saved_as_text(view_page, page):
    open_view(page, view_page.as_uri())
    trace_pli_2_1(page)
    with page.expect_download() as download:
        page.click("#trace-text")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("Task PLI:2.1: Rà soát, bổ sung chính sách hỗ trợ phát triển Hệ sinh thái khởi nghiệp")
    assert "Ultimately implements: NQ 11-NQ/TU · 2021-08-18 · Ban Thường vụ Tỉnh ủy · Phú Yên" in text
    assert "implements KH 209/KH-UBND · 2021-12-06" in text


def test_the_address_of_a_trace_reopens_it_in_a_fresh_page(view_page, page, browser):
    open_view(page, view_page.as_uri())
    trace_pli_2_1(page)
    url, shown = page.url, page.inner_text("#trace")
    assert "trace=" in url
    other = browser.new_context(viewport={"width": 1200, "height": 800}).new_page()
    try:
        other.goto(url)
        other.wait_for_function("window.kgView && window.kgView.ready && kgView.highlighted")
        assert other.inner_text("#trace") == shown
        assert other.input_value("#search") == "PLI:2.1"
    finally:
        other.context.close()


def test_back_and_forward_follow_the_view(view_page, page):
    open_view(page, view_page.as_uri())
    page.select_option("#province", "Quảng Trị")
    page.wait_for_function("location.hash.includes('province=')")
    search(page, "43/KH-SKHCN")
    page.click("#search-results button.hit >> nth=0")
    page.wait_for_function(f"location.hash.includes({json.dumps('node=')})")
    page.go_back()
    page.wait_for_function("!location.hash.includes('node=')")
    page.wait_for_function("!kgView.state.selected")
    page.go_forward()
    page.wait_for_function(f"kgView.state.selected === '{QT_PLAN}'")
    assert page.input_value("#province") == "Quảng Trị"


def test_keyboard_reaches_results_and_neighbours(view_page, page):
    open_view(page, view_page.as_uri())
    page.fill("#search", "43/KH-SKHCN")
    page.wait_for_selector("#search-results button.hit")
    page.focus("#search")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.id") == QT_PLAN
    page.keyboard.press("Enter")
    page.wait_for_function(f"kgView.state.selected === '{QT_PLAN}'")
    neighbours = page.eval_on_selector_all("#neighbours button.hit", "els => els.map(e => e.dataset.id)")
    assert QT_PROGRAMME in neighbours and sum(n.startswith("task/") for n in neighbours) == 6
    page.focus("#neighbours button.hit >> nth=0")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.id") == neighbours[1]
    page.focus("#graph")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("kgView.state.hovered") == neighbours[0]


def test_view_exported_as_png(view_page, page):
    open_view(page, view_page.as_uri())
    data = page.evaluate("kgView.png()")
    assert data.startswith("data:image/png;base64,")
    png = base64.b64decode(data.split(",", 1)[1])
    assert png.startswith(b"\x89PNG\r\n") and len(png) > 20_000  # a drawing, not a blank canvas (~6 KB)
    with page.expect_download() as download:
        page.click("#export-png")
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG\r\n")


def test_overview_folds_tasks_finds_them_and_traces_them(overview_page, page):
    open_view(page, overview_page.as_uri())
    kinds = page.evaluate("kgView.graph.mapNodes(n => kgView.views.get(n).kind)")
    assert "Task" not in kinds and len(kinds) == 35 + 70  # documents and agencies (with groups)
    # a document's tasks folded into one link per agency: 43/KH-SKHCN gives Phòng QLKH tasks 2, 3, 4 and 5
    bundle = page.evaluate(f"kgView.edgeViews.get('{QT_PLAN}|tasks|agency/quang-tri/so-khoa-hoc-cong-nghe/"
                           "phong-quan-ly-khoa-hoc')")
    assert (bundle["name"], bundle["count"]) == ("tasks assigned: leads 4", 4)
    search(page, "phu yen 2022")
    page.click("#search-results button.hit >> nth=0")  # the Phú Yên plan itself
    page.click("#open-tasks")
    page.wait_for_function("kgView.graph.filterNodes(n => n.startsWith('task/')).length === 53")
    page.click("#undo")
    assert page.evaluate("kgView.graph.filterNodes(n => n.startsWith('task/')).length") == 0
    # a folded task is found and traced: its document's tasks open first
    trace_pli_2_1(page)
    assert page.evaluate("kgView.graph.filterNodes(n => n.startsWith('task/')).length") == 53
    assert "11-NQ/TU" in page.inner_text("#trace-top")
    page.click("#clear")
    assert page.evaluate("kgView.graph.order") == 105 and page.evaluate("kgView.highlighted") is None


def test_document_text_is_shown_as_text_never_run(hostile_graph, tmp_path, page):
    out = tmp_path / "hostile.html"
    assert main(["viz", "--graph", str(hostile_graph), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert SCRIPT not in html and IMG not in html  # only escaped inside the JSON
    open_view(page, out.as_uri())
    search(page, "xuat thi diem mot so chinh sach moi")
    assert SCRIPT in page.inner_text("#search-results")  # the hit's first words
    page.click("#search-results button.hit >> nth=0")
    assert SCRIPT in page.inner_text("#details") and IMG in page.inner_text("#details")
    page.click("#trace-button")
    page.wait_for_function("kgView.highlighted")
    assert IMG in page.inner_text("#trace")  # the plan's title
    search(page, "phu yen 2022")
    page.click("#search-results button.hit >> nth=0")
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
