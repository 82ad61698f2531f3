"""`kg serve`: the JSON answers over HTTP, then the app driven in headless chromium.

Expected figures are read from the documents: Phú Yên's Phòng Quản lý KH&CN leads 30 tasks and
co-ordinates 3; task PLI:2.1 of the Phú Yên plan traces to 209/KH-UBND and then 11-NQ/TU."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import networkx as nx
import pytest

from kg.serve import GraphService, make_server

from .conftest import IMG, SCRIPT, hostile_task, node_point, served, settle

PQL = "agency/phu-yen/so-khoa-hoc-cong-nghe/phong-quan-ly-khoa-hoc-cong-nghe"
PLAN_209 = "doc/phu-yen/kh-ubnd/209/2021"
NQ_11 = "doc/phu-yen/nq-tu/11/2021"


def fetch(url: str, method: str = "GET"):
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def api(url: str):
    status, _, body = fetch(url)
    return status, json.loads(body)


def test_search_ignores_accents_and_case(app_url):
    status, answer = api(f"{app_url}/api/search?q=PHONG+QUAN+LY+KHOA+HOC+VA+CONG+NGHE")
    assert status == 200
    assert answer["results"][0]["id"] == PQL
    _, by_symbol = api(f"{app_url}/api/search?q=209/kh-ubnd")
    assert by_symbol["results"][0]["id"] == PLAN_209


def test_search_pages_and_filters_by_kind_and_province(app_url):
    _, first = api(f"{app_url}/api/search?q=so+khoa+hoc&limit=5")
    _, second = api(f"{app_url}/api/search?q=so+khoa+hoc&limit=5&offset=5")
    assert first["total"] == second["total"] > 10 and len(second["results"]) == 5
    assert not {h["id"] for h in first["results"]} & {h["id"] for h in second["results"]}
    _, groups = api(f"{app_url}/api/search?q=cac+so&kind=Group")
    assert groups["total"] == len(groups["results"]) > 0 and {h["kind"] for h in groups["results"]} == {"Group"}
    _, agencies = api(f"{app_url}/api/search?q=so+khoa+hoc&kind=Agency&province=Qu%E1%BA%A3ng+Tr%E1%BB%8B")
    assert [h["label"] for h in agencies["results"]] == ["Sở Khoa học và Công nghệ"]
    assert agencies["results"][0]["province"] == "Quảng Trị"
    status, answer = api(f"{app_url}/api/search?q=so&kind=agencies")
    assert status == 400 and "kind must be one of" in answer["error"]


def test_heatmap_cell_lists_its_tasks(app_url):
    """Ninh Thuận's Sở KH&CN in 2022-Q4: II.3's first dash (by 3/2023) and II.4.a's three (11/2022, 11/2022, 12/2022)."""
    _, cell = api(f"{app_url}/api/load/cell?agency=agency/ninh-thuan/so-khoa-hoc-cong-nghe&quarter=2022-Q4")
    assert cell["total"] == 4
    assert sorted(t["label"] for t in cell["tasks"]) == ["II.3+1-1", "II.4.a-1", "II.4.a-2", "II.4.a-3"]
    assert {t["role"] for t in cell["tasks"]} == {"lead"}


def test_neighbourhood_is_limited_and_says_how_many_more(app_url):
    _, hood = api(f"{app_url}/api/neighbourhood?id={PQL}&limit=5")
    # 30 led + 3 co-ordinated tasks, plus the Sở it belongs to
    assert hood["total"] == 34 and hood["shown"] == 5 and len(hood["nodes"]) == 6
    assert hood["nodes"][0]["id"] == PQL
    assert all(PQL in (e["from"], e["to"]) for e in hood["edges"])


def test_trace_names_the_documents_up_to_the_resolution(app_url):
    _, tasks = api(f"{app_url}/api/search?q=PLI:2.1")
    task = tasks["results"][0]
    assert task["label"] == "PLI:2.1"
    _, trace = api(f"{app_url}/api/trace?{urllib.parse.urlencode({'task': task['id']})}")
    (chain,) = trace["paths"]
    assert [s["symbol"] for s in chain[1:]] == ["209/KH-UBND", "11-NQ/TU"]
    assert {PLAN_209, NQ_11} <= {n["id"] for n in trace["nodes"]}
    assert any(e["type"] == "implements" and e["to"] == NQ_11 and e["evidence"] for e in trace["edges"])


def test_agency_load_and_its_chart(app_url):
    _, load = api(f"{app_url}/api/load?province=Ph%C3%BA+Y%C3%AAn")
    top = load["agencies"][0]
    assert (top["name"], top["lead"], top["coordinate"]) == ("Phòng Quản lý Khoa học và Công nghệ", 30, 3)
    status, headers, png = fetch(f"{app_url}/api/load.png?province=Ph%C3%BA+Y%C3%AAn")
    assert status == 200 and headers["Content-Type"] == "image/png" and png.startswith(b"\x89PNG\r\n")


def test_read_only_and_errors_are_sentences(app_url):
    status, _, body = fetch(f"{app_url}/api/search?q=x", method="POST")
    assert status == 405 and "read-only" in json.loads(body)["error"]
    status, answer = api(f"{app_url}/api/node?id=doc/nowhere")
    assert status == 404 and "search for it" in answer["error"]
    status, answer = api(f"{app_url}/api/neighbourhood")
    assert status == 400


def test_pages_forbid_scripts_from_anywhere_else(app_url):
    _, headers, _ = fetch(f"{app_url}/")
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_listens_on_loopback_by_default(built_graph):
    from kg import store

    server = make_server(store.read(built_graph).graph)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


# --- in the browser -------------------------------------------------------------------------------


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("window.kgApp && window.kgApp.ready")


def node_count(page) -> int:
    return page.evaluate("kgApp.graph.order")


def test_search_then_open_then_expand_then_undo(app_url, page):
    open_app(page, app_url)
    page.fill("#search", "phong quan ly khoa hoc va cong nghe")
    page.wait_for_selector("#search-results button.hit")
    assert page.inner_text("#search-results button.hit >> nth=0").split("\n")[0].endswith(
        "Phòng Quản lý Khoa học và Công nghệ Phú Yên")
    page.click("#search-results button.hit >> nth=0")
    page.wait_for_function("kgApp.lastExpand")
    assert node_count(page) == 35  # the agency and its 34 neighbours
    assert "Leads\n30" in page.inner_text("#details")
    # double-click the Sở it belongs to: its other units and tasks join the page, around it
    sở = "agency/phu-yen/so-khoa-hoc-cong-nghe"
    before = node_count(page)
    page.evaluate(f"kgApp.fit(['{sở}'], false)")
    settle(page, "kgApp")
    point = node_point(page, "kgApp", sở)
    page.mouse.dblclick(point["x"], point["y"])
    page.wait_for_function(f"kgApp.lastExpand.id === '{sở}'")
    hood = page.evaluate("kgApp.lastExpand")
    assert hood["added"] > 0 and node_count(page) == before + hood["added"]
    # nothing drawn on top of another: no two nodes at the same place
    assert page.evaluate("new Set(kgApp.graph.mapNodes((n, a) => Math.round(a.x) + ',' + Math.round(a.y))).size") \
        == node_count(page)
    page.click("#undo")
    assert node_count(page) == before
    page.click("#clear")
    assert node_count(page) == 0


def test_trace_is_highlighted_and_names_the_top_resolution(app_url, page):
    open_app(page, app_url)
    page.fill("#search", "PLI:2.1")
    page.wait_for_selector("#search-results button.trace")
    page.click("#search-results button.trace >> nth=0")
    page.wait_for_function("kgApp.highlighted")
    highlighted = page.evaluate("kgApp.highlighted")
    assert {PLAN_209, NQ_11} <= set(highlighted["nodes"]) and len(highlighted["edges"]) == 3
    colours = page.evaluate("kgApp.highlighted.edges.map(id => kgApp.renderer.getEdgeDisplayData(id).color)")
    assert set(colours) == {"#e67e22"}  # part_of, then two implements
    text = page.inner_text("#trace")
    assert "209/KH-UBND" in text and "Thực hiện Kế hoạch số 209/KH-UBND ngày 06/12/2021" in text
    assert "NQ 11-NQ/TU · 2021-08-18 · Ban Thường vụ Tỉnh ủy · Phú Yên" in page.inner_text("#trace-top")
    # the chain top-down: the resolution above its plan, the plan above the task
    y = page.evaluate(f"""() => Object.fromEntries(['{NQ_11}', '{PLAN_209}', kgApp.state.trace.task.id]
        .map(n => [n, kgApp.renderer.framedGraphToViewport(kgApp.renderer.getNodeDisplayData(n)).y]))""")
    task = page.evaluate("kgApp.state.trace.task.id")
    assert y[NQ_11] < y[PLAN_209] < y[task]


def test_the_address_of_a_trace_reopens_it(app_url, page, browser):
    open_app(page, app_url)
    page.fill("#search", "PLI:2.1")
    page.wait_for_selector("#search-results button.trace")
    page.click("#search-results button.trace >> nth=0")
    page.wait_for_function("kgApp.highlighted && location.hash.includes('trace=')")
    url, shown = page.url, page.inner_text("#trace")
    other = browser.new_context(viewport={"width": 1200, "height": 800}, bypass_csp=True).new_page()
    try:
        other.goto(url)
        other.wait_for_function("window.kgApp && kgApp.ready && kgApp.highlighted")
        assert other.inner_text("#trace") == shown
    finally:
        other.context.close()


def test_the_app_runs_under_its_own_content_security_policy(app_url, browser):
    """No bypass here: sigma, graphology and the app's scripts run with only 'self' allowed (no eval)."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(app_url)
        page.fill("#search", "phong quan ly khoa hoc va cong nghe")
        page.click("#search-results button.hit >> nth=0")
        page.wait_for_selector("#status:has-text('34 neighbours')")
        assert page.locator("#graph canvas").count() > 0 and "Leads\n30" in page.inner_text("#details")
        assert errors == []
    finally:
        context.close()


def test_search_hits_say_what_they_are_and_filter(app_url, page):
    open_app(page, app_url)
    page.select_option("#kind", "Task")
    page.select_option("#province", "Phú Yên")
    page.fill("#search", "ra soat bo sung chinh sach")
    page.wait_for_selector("#search-results button.hit")
    hit = page.inner_text("#search-results li >> nth=0")
    assert "PLI:2.1" in hit and "in KH-SKHCN Phú Yên 2022" in hit and "Rà soát, bổ sung chính sách" in hit
    assert page.evaluate("kgApp.lastSearch.results.every(h => h.kind === 'Task' && h.province === 'Phú Yên')")


def test_load_page_answers_first_with_the_heatmap(app_url, page):
    page.goto(f"{app_url}/load?province=Ninh+Thu%E1%BA%ADn")
    heat = page.locator("#heatmap").bounding_box()
    table = page.locator("#load-table").bounding_box()
    assert heat["y"] < table["y"] and heat["y"] < 900  # at the top, on the first screen
    row = page.locator('#heatmap tr[data-id="agency/ninh-thuan/so-khoa-hoc-cong-nghe"]')
    # 16 tasks (13 led, 3 co-ordinated): II.3 and II.4.a carry dates, the other 11 none
    assert row.locator("td.undated").inner_text() == "11"
    row.locator('td[data-quarter="2022-Q4"]').hover()
    page.wait_for_selector("#cell-tasks", state="visible")
    box = page.inner_text("#cell-tasks")
    assert "2022-Q4: 4 tasks" in box and "II.4.a-1" in box and "hoàn thành trong tháng 11/2022" in box
    first = page.inner_text("#load-table tbody tr >> nth=0").split("\t")
    assert first[:5] == ["Sở Khoa học và Công nghệ", "Ninh Thuận", "13", "3", "14.5"]
    assert page.get_attribute("#load-table tbody tr >> nth=0 >> a", "href").startswith(
        "/#node=agency/ninh-thuan/so-khoa-hoc-cong-nghe&open=")
    page.click("#load-table thead th >> nth=2")  # sort by Leads, most first
    leads = [int(x) for x in page.eval_on_selector_all("#load-table tbody tr td:nth-child(3)", "els => els.map(e => e.textContent)")]
    assert leads == sorted(leads, reverse=True)
    page.click("#load-table thead th >> nth=2")
    leads = [int(x) for x in page.eval_on_selector_all("#load-table tbody tr td:nth-child(3)", "els => els.map(e => e.textContent)")]
    assert leads == sorted(leads)


def test_load_csv_is_what_kg_agencies_writes(app_url, built_graph, page, capsys):
    from kg.cli import main

    assert main(["agencies", "--graph", str(built_graph), "--province", "Phú Yên", "--format", "csv"]) == 0
    expected = capsys.readouterr().out
    page.goto(f"{app_url}/load?province=Ph%C3%BA+Y%C3%AAn")
    with page.expect_download() as download:
        page.click("#csv")
    assert Path(download.value.path()).read_text(encoding="utf-8") == expected
    assert expected.startswith("kind,") and "Phòng Quản lý Khoa học và Công nghệ" in expected


def test_agency_row_opens_the_agency_in_the_graph(app_url, page):
    page.goto(f"{app_url}/load?province=Ph%C3%BA+Y%C3%AAn")
    page.click("#load-table tbody tr >> nth=0 >> a")
    page.wait_for_function("window.kgApp && kgApp.ready && kgApp.state.selected")
    assert page.evaluate("kgApp.state.selected") == PQL
    assert node_count(page) == 35


def test_app_shows_document_text_as_text(hostile_graph, page):
    with served(hostile_graph) as (_, url):
        open_app(page, url)
        task = hostile_task(hostile_graph)
        page.fill("#search", "xuat thi diem mot so chinh sach moi")
        page.wait_for_selector("#search-results button.hit")
        assert SCRIPT in page.inner_text("#search-results")
        page.click("#search-results button.trace >> nth=0")
        page.wait_for_function("kgApp.highlighted")
        page.evaluate(f"kgApp.select('{task}')")
        details = page.inner_text("#details")
        assert SCRIPT in details and IMG in details
        assert IMG in page.inner_text("#trace")  # the plan's title in the trace
        page.wait_for_timeout(200)
        assert page.evaluate("window.__xss === undefined")


def test_a_neighbourhood_of_350_opens_300_then_the_rest(page):
    """An agency leading 350 tasks: the page draws 300, says 50 more, and opens them on request."""
    graph = nx.MultiDiGraph()
    graph.add_node("agency/x", kind="Agency", name="Sở Khoa học và Công nghệ", province="Phú Yên")
    graph.add_node("doc/x", kind="Document", doc_type="KH", province="Phú Yên", title="Kế hoạch")
    for i in range(350):
        task = f"task/x/{i}"
        graph.add_node(task, kind="Task", label=str(i), text=f"Nhiệm vụ {i}")
        graph.add_edge(task, "doc/x", key="part_of", type="part_of")
        graph.add_edge(task, "agency/x", key="assigned_to:lead", type="assigned_to", role="lead")
    assert len(GraphService(graph).neighbourhood("agency/x")["nodes"]) == 301
    with served(graph) as (_, url):
        open_app(page, url)
        page.fill("#search", "so khoa hoc")
        page.click("#search-results button.hit >> nth=0")
        page.wait_for_function("kgApp.lastExpand")
        assert node_count(page) == 301 and page.evaluate("kgApp.graph.size") == 300
        assert "50 more neighbours not shown" in page.inner_text("#details")
        page.click("#show-more")
        page.wait_for_function("kgApp.graph.order === 351")
        assert page.evaluate("kgApp.graph.size") == 350


def test_documents_that_look_alike_are_labelled_with_their_province(page):
    """Two resolutions 01-NQ/TU, of the Tỉnh ủy of Phú Yên and of Quảng Trị, both cited by one plan."""
    graph = nx.MultiDiGraph()
    graph.add_node("doc/plan", kind="Document", doc_type="KH", number="5", symbol="5/KH-UBND", province="Phú Yên")
    for slug, province in (("phu-yen", "Phú Yên"), ("quang-tri", "Quảng Trị")):
        graph.add_node(f"doc/{slug}/nq-tu/01", kind="Document", doc_type="NQ", number="01", symbol="01-NQ/TU",
                       province=province)
        graph.add_edge("doc/plan", f"doc/{slug}/nq-tu/01", key="cites", type="cites", quote="… 01-NQ/TU …")
    with served(graph) as (_, url):
        open_app(page, url)
        page.fill("#search", "5/KH-UBND")
        page.click("#search-results button.hit >> nth=0")
        page.wait_for_function("kgApp.lastExpand")
        labels = page.evaluate("kgApp.graph.mapNodes((n, a) => a.label)")
        assert sorted(labels) == ["01-NQ/TU (Phú Yên)", "01-NQ/TU (Quảng Trị)", "5/KH-UBND"]


def test_kg_serve_command_prints_its_address_and_answers(built_graph):
    import re
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--graph", str(built_graph), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + process.stderr.read()
        status, headers, body = fetch(match.group(0))
        assert status == 200 and b"/static/app.js" in body
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_load_page_escapes_what_the_address_carries(app_url):
    status, _, body = fetch(f"{app_url}/load?{urllib.parse.urlencode({'province': SCRIPT})}")
    assert status == 200
    assert SCRIPT.encode() not in body and b"&lt;script&gt;" in body


NINH_THUAN_SO = "agency/ninh-thuan/so-khoa-hoc-cong-nghe"


def test_load_heatmap_rows_are_agencies_labelled_with_their_province(app_url):
    """The heatmap's rows are the table's agencies, by id, in its order, each named with its province."""
    _, load = api(f"{app_url}/api/load")
    rows = load["timeline"]["rows"]
    table = [a["id"] for a in load["agencies"]]
    assert [r["id"] for r in rows] == [a for a in table if a in {r["id"] for r in rows}]
    by_id = {r["id"]: r for r in rows}
    # Ninh Thuận's Sở KH&CN: II.3 (by 3/2023; within 2023) and II.4.a (11/2022, 11/2022, 12/2022), all led
    assert by_id[NINH_THUAN_SO]["label"] == "Sở Khoa học và Công nghệ (Ninh Thuận)"
    # Hưng Yên's Sở KH&CN: none of its tasks carries a time, so its row has no quarter, all counted undated
    hung_yen = next(a for a in load["agencies"] if a["id"] == "agency/hung-yen/so-khoa-hoc-cong-nghe")
    assert by_id[hung_yen["id"]]["load"] == {} and by_id[hung_yen["id"]]["undated"] == hung_yen["lead"] + hung_yen["coordinate"]
    assert all(r["label"].endswith(")") for r in rows)


def test_load_over_a_period(app_url):
    """In 2022 Ninh Thuận's Sở KH&CN has 4 tasks open (II.3 first dash, II.4.a), of 13 led and 3 co-ordinated."""
    _, load = api(f"{app_url}/api/load?province=Ninh+Thu%E1%BA%ADn&from=2022-01-01&to=2022-12-31")
    so = next(a for a in load["agencies"] if a["id"] == NINH_THUAN_SO)
    assert (so["lead"], so["coordinate"], so["load"], so["load_all"]) == (4, 0, 4.0, 14.5)
    assert (load["start"], load["end"]) == ("2022-01-01", "2022-12-31")
    assert load["timeline"]["quarters"] == ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
    status, answer = api(f"{app_url}/api/load?from=2023-01-01&to=2022-01-01")
    assert status == 400 and "the period ends (2022-01-01) before it starts (2023-01-01)" in answer["error"]
    status, answer = api(f"{app_url}/api/load?from=yesterday")
    assert status == 400 and "not a date" in answer["error"]
    status, headers, png = fetch(f"{app_url}/api/load.png?from=2022-01-01&to=2022-12-31")
    assert status == 200 and png.startswith(b"\x89PNG\r\n")


def test_load_page_shows_groups_rollup_and_heatmap_rows_with_their_province(app_url):
    status, _, body = fetch(f"{app_url}/load?province=Ph%C3%BA+Y%C3%AAn")
    page = body.decode()
    assert status == 200
    assert '<td>Các phòng và đơn vị thuộc Sở</td><td>Phú Yên</td>' in page  # a group with its province
    # the Sở with its five units: 51 tasks led (task 3.2 of Phụ lục I has two of them as leads)
    assert 'id="rollup-table"' in page
    assert '<td>Sở Khoa học và Công nghệ</td><td>Phú Yên</td>\n      <td class="num">5</td><td class="num">51</td>' in page
    assert '<tr data-id="agency/phu-yen/so-khoa-hoc-cong-nghe/phong-quan-ly-khoa-hoc-cong-nghe"><th scope="row">' in page
    assert '>Phòng Quản lý Khoa học và Công nghệ (Phú Yên)</a></th>' in page


def test_load_page_in_the_browser_keeps_the_period(app_url, page):
    page.goto(f"{app_url}/load?province=Ninh+Thu%E1%BA%ADn&from=2022-01-01&to=2022-12-31")
    first = page.inner_text("#load-table tbody tr >> nth=0").split("\t")
    assert first[:5] == ["Sở Khoa học và Công nghệ", "Ninh Thuận", "4", "0", "4.0"]
    assert page.inner_text("#heatmap tbody th >> nth=0") == "Sở Khoa học và Công nghệ (Ninh Thuận)"
    assert page.eval_on_selector_all("#heatmap thead th", "els => els.map(e => e.textContent)")[1:] == [
        "2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4", "no date"]
    assert page.input_value("#from") == "2022-01-01"
    assert "from=2022-01-01" in page.get_attribute("#csv", "href")
