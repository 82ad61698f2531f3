"""`kg neo4j push` has deadlines and says why it could not connect (issue 16). No database needed: the
servers here are a silent socket, a closed port and a web server."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from kg.cli import main


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_silent_server_is_given_up_on_within_the_connect_timeout(built_graph, capsys):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # accepts connections (the kernel does) and never says a word
    port = listener.getsockname()[1]
    try:
        started = time.monotonic()
        assert main(["neo4j", "push", "--graph", str(built_graph), "--uri", f"bolt://127.0.0.1:{port}",
                     "--connect-timeout", "2"]) == 1
        elapsed = time.monotonic() - started
        err = capsys.readouterr().err
        assert elapsed < 30, elapsed  # was 481 s
        assert f"127.0.0.1:{port}" in err and "Traceback" not in err
        assert "did not answer within 2 s" in err or "gave no Bolt answer" in err, err
    finally:
        listener.close()


def test_nothing_listening_is_said_so(built_graph, capsys):
    port = free_port()
    assert main(["neo4j", "push", "--graph", str(built_graph), "--uri", f"bolt://127.0.0.1:{port}",
                 "--connect-timeout", "2"]) == 1
    assert f"nothing listens at 127.0.0.1:{port}" in capsys.readouterr().err


def test_a_web_server_is_not_a_bolt_server(built_graph, capsys):
    class Page(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>Neo4j Browser</html>")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        assert main(["neo4j", "push", "--graph", str(built_graph), "--uri",
                     f"bolt://127.0.0.1:{server.server_address[1]}", "--connect-timeout", "2"]) == 1
        err = capsys.readouterr().err
        assert time.monotonic() - started < 30
        assert "Traceback" not in err and f"127.0.0.1:{server.server_address[1]} took the connection but gave no Bolt answer" in err
    finally:
        server.shutdown()
        server.server_close()


def test_an_http_uri_is_refused_with_the_schemes_that_work(built_graph, capsys):
    assert main(["neo4j", "push", "--graph", str(built_graph), "--uri", "http://127.0.0.1:7474"]) == 2
    err = capsys.readouterr().err
    assert "must be a Bolt address such as bolt://localhost:7687" in err and "aiohttp" not in err
