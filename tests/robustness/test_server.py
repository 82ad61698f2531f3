"""`kg serve` holds (issue 16): the Host header is checked, every limit is clamped, a half-sent request
is let go, many clients queue instead of being refused, and a heavy answer is computed once."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse

import networkx as nx
import pytest

from kg import serve as serve_module
from kg import store
from kg.serve import NEIGHBOURHOOD_MAX
from tests.views.conftest import served


def get(port: int, path: str, host: str | None = None, timeout: float = 10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": host} if host is not None else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.fixture(scope="module")
def graph(built_graph):
    return store.read_app_graph(built_graph)


@pytest.fixture(scope="module")
def running(graph):
    with served(graph) as (server, _):
        yield server.server_address[1]


def test_a_request_for_another_host_is_refused(running):
    """DNS rebinding: a page of evil.example, its name pointed at 127.0.0.1, must not read the graph."""
    status, body = get(running, "/api/search?q=so+khoa+hoc", host="evil.example")
    assert status == 421
    assert "--allow-host" in json.loads(body)["error"]
    for host in (f"127.0.0.1:{running}", f"localhost:{running}", "localhost"):
        assert get(running, "/api/search?q=so+khoa+hoc", host=host)[0] == 200, host


def test_allow_host_adds_a_name(graph):
    with served(graph, allow_hosts=["kg.internal"]) as (server, _):
        port = server.server_address[1]
        assert get(port, "/", host=f"kg.internal:{port}")[0] == 200
        assert get(port, "/", host="other.internal")[0] == 421


def hub(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("agency/x", kind="Agency", name="Sở Khoa học và Công nghệ", province="Phú Yên")
    for i in range(n):
        g.add_node(f"task/x/{i}", kind="Task", label=str(i), text=f"Nhiệm vụ {i}")
        g.add_edge(f"task/x/{i}", "agency/x", key="assigned_to:lead", type="assigned_to", role="lead")
    return g


def test_neighbourhood_limits_are_clamped():
    with served(hub(NEIGHBOURHOOD_MAX + 500)) as (server, _):
        port = server.server_address[1]
        for limit, shown in (("-1", 1), ("0", 1), ("100000", NEIGHBOURHOOD_MAX), ("10", 10)):
            status, body = get(port, f"/api/neighbourhood?id=agency/x&limit={limit}")
            answer = json.loads(body)
            assert status == 200 and answer["shown"] == shown and answer["total"] == NEIGHBOURHOOD_MAX + 500, limit
        status, body = get(port, "/api/neighbourhood?id=agency/x&offset=-5")
        assert status == 200 and json.loads(body)["offset"] == 0


def test_a_search_of_thousands_of_words_is_refused_at_once(running):
    words = urllib.parse.quote(" ".join(f"tu{i}" for i in range(5_000)))  # 40 KB: under the URL limit
    started = time.perf_counter()
    status, body = get(running, f"/api/search?q={words}")
    assert status == 400 and "at most 30 words" in json.loads(body)["error"]
    assert time.perf_counter() - started < 5
    status, body = get(running, "/api/search?q=x&limit=-3")
    assert status == 200 and json.loads(body)["results"] == []


def test_half_sent_requests_are_let_go_and_others_still_answered(graph):
    with served(graph, read_timeout=1, threads=2) as (server, _):
        port = server.server_address[1]
        sockets = []
        try:
            for _ in range(40):  # five times the threads, each sending half a request and then nothing
                s = socket.create_connection(("127.0.0.1", port))
                s.sendall(b"GET /api/search?q=so HTTP/1.1\r\nHost: 127.0.0")
                sockets.append(s)
            started = time.perf_counter()
            status, _ = get(port, "/api/search?q=so+khoa+hoc", timeout=20)
            assert status == 200 and time.perf_counter() - started < 10
            sockets[0].settimeout(5)
            assert sockets[0].recv(100) == b""  # closed by the server after its 0.5 s
            assert server.request_queue_size >= 128
        finally:
            for s in sockets:
                s.close()


def test_the_first_requests_for_the_load_chart_draw_it_once(graph, monkeypatch):
    drawn = []
    original = serve_module._load_png

    def counted(*args):
        drawn.append(args[1:])
        time.sleep(0.3)  # long enough for every request to arrive while it draws
        return original(*args)

    monkeypatch.setattr(serve_module, "_load_png", counted)
    with served(graph) as (server, _):
        port = server.server_address[1]
        answers = []
        threads = [threading.Thread(target=lambda: answers.append(get(port, "/api/load.png?province=Qu%E1%BA%A3ng+Tr%E1%BB%8B")))
                   for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [status for status, _ in answers] == [200] * 20 and len({body for _, body in answers}) == 1
        assert drawn == [("Quảng Trị", "", "", "")]
