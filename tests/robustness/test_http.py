"""The HTTP layer of `kg serve` (kg.httpd): whole requests read by one loop, answered by a few threads;
connections kept alive as browsers expect; what is not a GET said so; a slow answer holds no other; the
worker processes of `kg serve --jobs` answer and stop together."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from pathlib import Path

import pytest

from kg import serve as serve_module
from kg import store
from tests.views.conftest import served

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def running(built_graph):
    with served(store.read_app_graph(built_graph)) as (server, _):
        yield server.server_address[1]


def _raw(port: int, data: bytes, timeout: float = 10) -> bytes:
    """What the server sends back for `data`, until it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_one_connection_answers_one_request_after_another(running):
    """A browser keeps its connection open: three searches on one connection, each answered whole."""
    connection = http.client.HTTPConnection("127.0.0.1", running, timeout=10)
    try:
        for words in ("khoa học", "209/KH-UBND", "Sở Tài chính"):
            connection.request("GET", "/api/search?" + urllib.parse.urlencode({"q": words}))
            response = connection.getresponse()
            answer = json.loads(response.read())
            assert response.status == 200 and answer["total"] >= 1, words
            assert response.getheader("Connection") == "keep-alive"
    finally:
        connection.close()


def test_requests_sent_together_are_answered_in_order(running):
    """Two requests sent at once on one connection (pipelined): two answers, in the order asked."""
    sent = (b"GET /api/search?q=ke+hoach HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            b"GET /api/nothing-here HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    answer = _raw(running, sent)
    statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)  # the second right after the first's body
    assert statuses == [b"200", b"404"]


def test_head_has_the_headers_and_no_body(running):
    answer = _raw(running, b"HEAD /api/search?q=so HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    assert head.startswith(b"HTTP/1.1 200 ") and length > 0 and body == b""
    assert b"Content-Security-Policy: default-src 'self'" in head


def test_what_is_not_a_get_is_refused_and_the_connection_ends(running):
    answer = _raw(running, b"POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nq=abc")
    assert answer.startswith(b"HTTP/1.1 405 ") and b"Connection: close" in answer
    assert "only GET is answered" in json.loads(answer.partition(b"\r\n\r\n")[2])["error"]


def test_a_garbled_request_line_and_a_huge_head_are_refused(running):
    assert _raw(running, b"HELLO\r\n\r\n").startswith(b"HTTP/1.1 400 ")
    huge = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + b"a" * 70_000 + b"\r\n\r\n"
    assert _raw(running, huge).startswith(b"HTTP/1.1 431 ")


def test_a_slow_answer_holds_no_other(built_graph, monkeypatch):
    """While one request draws the load chart for two seconds, searches are answered at once."""
    original = serve_module._load_png

    def slow(*args):
        time.sleep(2)
        return original(*args)

    monkeypatch.setattr(serve_module, "_load_png", slow)
    with served(store.read_app_graph(built_graph)) as (server, _):
        port = server.server_address[1]
        drawing = threading.Thread(target=_raw, args=(port, b"GET /api/load.png HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                            b"Connection: close\r\n\r\n"))
        drawing.start()
        time.sleep(0.2)
        started = time.perf_counter()
        answer = _raw(port, b"GET /api/search?q=tai+chinh HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        waited = time.perf_counter() - started
        drawing.join()
    assert answer.startswith(b"HTTP/1.1 200 ") and waited < 1.5


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the worker processes from /proc")
def test_serve_with_jobs_answers_from_every_worker_and_stops_them_all(built_graph):
    """`kg serve --jobs 3`: three processes on one port, each taking its share of 600 questions asked 20
    at a time; SIGTERM stops them all."""
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--graph", str(built_graph), "--port", "0",
                                "--jobs", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = process.stdout.readline()
        assert "with 3 workers" in line, line
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", line).group(1))
        workers = _children(process.pid)
        assert len(workers) == 2
        before = {pid: _cpu(pid) for pid in [process.pid, *workers]}

        def ask(i: int) -> bytes:
            return _raw(port, f"GET /api/search?q=k{i} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                        .encode())

        with ThreadPoolExecutor(20) as pool:  # different questions, so that none is answered from memory
            answers = list(pool.map(ask, range(600)))
        assert all(a.startswith(b"HTTP/1.1 200 ") for a in answers)
        # each process took its share: its processor time grew (ticks of 10 ms)
        assert all(_cpu(pid) > before[pid] for pid in before), {pid: _cpu(pid) - before[pid] for pid in before}
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _cpu(pid: int) -> int:
    """Processor time of a process and its threads so far, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[1].split()[0] != "Z"


def test_past_the_connection_limit_connections_wait_their_turn(built_graph, monkeypatch):
    """At most MAX_CONNECTIONS are held open (each is a file of the process): with four, four clients
    that send nothing hold the server until their time-out (1 s) lets them go, and the fifth is
    answered then, not refused."""
    import kg.httpd

    monkeypatch.setattr(kg.httpd, "MAX_CONNECTIONS", 4)
    with served(store.read_app_graph(built_graph), read_timeout=1) as (server, _):
        port = server.server_address[1]
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
        try:
            time.sleep(0.3)  # taken by the server
            started = time.perf_counter()
            answer = _raw(port, b"GET /api/search?q=so HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            waited = time.perf_counter() - started
        finally:
            for s in idle:
                s.close()
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert 0.4 < waited < 5, waited  # it waited for the idle ones to be let go


def test_a_busy_process_leaves_new_connections_to_an_idle_one():
    """Two servers on one listening socket, as the processes of `kg serve --jobs 2` are: the first,
    with one worker answering a slow request and another waiting, takes no more connections, so the
    next ones are answered by the second at once instead of waiting behind the slow one."""
    from kg.httpd import Server

    def slow(method, target, headers):
        time.sleep(1.5)
        return HTTPStatus.OK, [], b"slow"

    def quick(method, target, headers):
        return HTTPStatus.OK, [], b"quick"

    sock = socket.create_server(("127.0.0.1", 0), backlog=64)
    port = sock.getsockname()[1]
    busy, idle = Server(slow, sock, threads=1), Server(quick, sock, threads=1)
    threading.Thread(target=busy.serve_forever, daemon=True).start()
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    first = ThreadPoolExecutor(2)
    try:
        answers = [first.submit(_raw, port, request)]
        time.sleep(0.3)  # taken by the worker
        answers.append(first.submit(_raw, port, request))
        time.sleep(0.3)  # waiting for the worker: the busy server stops taking connections
        threading.Thread(target=idle.serve_forever, daemon=True).start()
        started = time.perf_counter()
        later = [_raw(port, request) for _ in range(6)]  # each would have a fair chance at the busy one
        waited = time.perf_counter() - started
        assert all(a.endswith(b"quick") for a in later) and waited < 1.0, ([a[-5:] for a in later], waited)
        assert [a.result(timeout=10).endswith(b"slow") for a in answers] == [True, True]
    finally:
        first.shutdown(wait=False)
        busy.shutdown()
        idle.shutdown()
        busy.server_close()
