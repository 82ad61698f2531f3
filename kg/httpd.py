"""The HTTP/1.1 server under `kg serve`: one loop reads whole requests for every connection, a few threads
answer them.

A thread per connection (http.server's way) lets a client that sends half a request hold a thread,
and many threads computing at once only take turns at Python's lock: at 200 clients, 64 threads took 7
times the processor time of one. Here a selector (epoll) reads each connection until its request is
whole, then one of `threads` workers answers it and writes the answer; a connection kept alive goes
back to the loop for its next request. A connection that has not sent a whole request within
`read_timeout` is closed, and so is one that does not take its answer within it.

    server = Server(answer, socket.create_server(("127.0.0.1", 0), backlog=1024), threads=2)
    threading.Thread(target=server.serve_forever).start() … server.shutdown(); server.server_close()

`answer(method, target, headers)` returns (status, [(name, value), …], body); headers' names are in
lower case.
"""

from __future__ import annotations

import email.utils
import queue
import selectors
import socket
import sys
import threading
import time
import traceback
from http import HTTPStatus

MAX_HEAD = 64 * 1024  # a request line and headers longer than this are refused (431)
MAX_CONNECTIONS = 1000  # open at once (reading, waiting, answered); past it new ones wait in the listen queue


def _connection_limit() -> int:
    """MAX_CONNECTIONS, or half the files this process may open if that is less (each is a file)."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, ValueError, OSError):
        return MAX_CONNECTIONS
    return MAX_CONNECTIONS if soft == resource.RLIM_INFINITY else min(MAX_CONNECTIONS, max(16, soft // 2))


class Server:
    """`serve_forever`, `shutdown` and `server_close` as in socketserver; `server_address` as bound."""

    def __init__(self, answer, sock: socket.socket, *, threads: int = 2, read_timeout: float = 10.0,
                 verbose: bool = False, name: str = "policy-kg"):
        self.answer = answer
        self.socket = sock
        self.server_address = sock.getsockname()[:2]
        self.request_queue_size = 1024
        self.read_timeout = read_timeout
        self.verbose = verbose
        self.name = name
        self._threads = threads
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()  # (connection, request bytes) for the workers
        self._back: queue.SimpleQueue = queue.SimpleQueue()  # kept-alive connections and what they sent ahead
        self._reading: dict[socket.socket, list] = {}  # connection -> [bytes so far, deadline]
        self._open = 0  # connections open: reading, waiting for a worker or being answered
        self._pending = 0  # whole requests no worker has taken yet
        self._open_lock = threading.Lock()
        self._limit = _connection_limit()
        self._running = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._wake_write.setblocking(False)

    # --- the loop --------------------------------------------------------------------------------

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Serve until shutdown(). The workers start here, so that a process forked before (a worker
        process of `kg serve`) starts its own."""
        workers = [threading.Thread(target=self._work, daemon=True, name=f"{self.name}-{i}")
                   for i in range(self._threads)]
        for worker in workers:
            worker.start()
        selector = selectors.DefaultSelector()
        self.socket.setblocking(False)
        selector.register(self.socket, selectors.EVENT_READ, "accept")
        selector.register(self._wake_read, selectors.EVENT_READ, "wake")
        listening, next_sweep = True, time.monotonic() + 0.25
        self._stopped.clear()
        self._running.set()
        try:
            while self._running.is_set():
                for key, _ in selector.select(poll_interval):
                    if key.data == "accept":
                        self._accept(selector)
                    elif key.data == "wake":
                        self._take_back(selector)
                    else:
                        self._read(selector, key.fileobj)
                now = time.monotonic()
                if now >= next_sweep:  # let go of connections that sent no whole request in time
                    next_sweep = now + 0.25
                    for conn, (_, deadline) in list(self._reading.items()):
                        if now > deadline:
                            self._drop(selector, conn)
                # busy (every worker has a request waiting): leave new connections in the listen queue,
                # where another process of `kg serve --jobs` that is idle takes them
                full = self._open >= self._limit or self._pending >= self._threads
                if full == listening:  # stop taking connections when full; take them again when not
                    listening = not full
                    if full:
                        selector.unregister(self.socket)
                    else:
                        selector.register(self.socket, selectors.EVENT_READ, "accept")
        finally:
            for conn in list(self._reading):
                self._drop(selector, conn)
            while True:  # kept alive, handed back as the loop stopped
                try:
                    self._close(self._back.get_nowait()[0])
                except queue.Empty:
                    break
            for _ in workers:
                self._jobs.put(None)
            selector.close()
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serve_forever (from another thread) and wait until it has."""
        self._running.clear()
        self._wake()
        self._stopped.wait()

    def server_close(self) -> None:
        self.socket.close()
        self._wake_read.close()
        self._wake_write.close()

    def _wake(self) -> None:
        try:
            self._wake_write.send(b"x")
        except (BlockingIOError, OSError):
            pass  # already woken, or closed

    def _accept(self, selector: selectors.BaseSelector) -> None:
        for _ in range(min(64, self._limit - self._open)):  # what is waiting, a batch at a time
            try:
                conn, _ = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # a connection reset before it was taken, or no file left for it
                return
            with self._open_lock:
                self._open += 1
            conn.setblocking(False)
            self._reading[conn] = [b"", time.monotonic() + self.read_timeout]
            selector.register(conn, selectors.EVENT_READ, "read")

    def _take_back(self, selector: selectors.BaseSelector) -> None:
        try:
            while self._wake_read.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass
        while True:
            try:
                conn, ahead = self._back.get_nowait()
            except queue.Empty:
                return
            conn.setblocking(False)
            self._reading[conn] = [b"", time.monotonic() + self.read_timeout]
            selector.register(conn, selectors.EVENT_READ, "read")
            if ahead:
                self._received(selector, conn, ahead)

    def _read(self, selector: selectors.BaseSelector, conn: socket.socket) -> None:
        try:
            data = conn.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(selector, conn)
            return
        self._received(selector, conn, data)

    def _received(self, selector: selectors.BaseSelector, conn: socket.socket, data: bytes) -> None:
        held = self._reading[conn]
        held[0] += data
        if b"\r\n\r\n" in held[0] or len(held[0]) > MAX_HEAD:
            selector.unregister(conn)
            del self._reading[conn]
            with self._open_lock:
                self._pending += 1
            self._jobs.put((conn, held[0]))

    def _drop(self, selector: selectors.BaseSelector, conn: socket.socket) -> None:
        self._reading.pop(conn, None)
        try:
            selector.unregister(conn)
        except (KeyError, ValueError):
            pass
        self._close(conn)

    def _close(self, conn: socket.socket) -> None:
        conn.close()
        with self._open_lock:
            self._open -= 1
        self._wake()  # the loop may take connections again

    # --- the workers -----------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            with self._open_lock:
                self._pending -= 1
                busy = self._pending == self._threads - 1
            if busy:
                self._wake()  # the loop may take connections again
            conn, data = job
            try:
                keep, ahead = self._respond(conn, data)
            except OSError:  # the client went away, or took longer than read_timeout to take its answer
                keep, ahead = False, b""
            if keep and self._running.is_set():
                self._back.put((conn, ahead))
                self._wake()
            else:
                self._close(conn)

    def _respond(self, conn: socket.socket, data: bytes) -> tuple[bool, bytes]:
        """Answer the request at the start of `data`; (keep the connection, bytes sent after the request)."""
        head, found, ahead = data.partition(b"\r\n\r\n")
        conn.settimeout(self.read_timeout)
        if not found or len(head) > MAX_HEAD:
            self._send(conn, "GET", HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, [], b"", keep=False)
            return False, b""
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            self._send(conn, "GET", HTTPStatus.BAD_REQUEST, [("Content-Type", "text/plain; charset=utf-8")],
                       b"bad request line\n", keep=False)
            return False, b""
        method, target, version = parts
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        wants_close = headers.get("connection", "").lower() == "close"
        keep = version == "HTTP/1.1" and not wants_close or \
            version == "HTTP/1.0" and headers.get("connection", "").lower() == "keep-alive"
        if "content-length" in headers or "transfer-encoding" in headers:
            keep = False  # a request with a body: none is read (only GET is answered), so the connection ends
        try:
            status, out_headers, body = self.answer(method, target, headers)
        except Exception:  # noqa: BLE001 - one failed answer never stops the server
            traceback.print_exc(file=sys.stderr)
            status, out_headers, body = HTTPStatus.INTERNAL_SERVER_ERROR, [
                ("Content-Type", "text/plain; charset=utf-8")], b"the server failed to answer this; see its output\n"
            keep = False
        self._send(conn, method, status, out_headers, body, keep=keep)
        if self.verbose:
            print(f'{_peer(conn)} - - [{time.strftime("%d/%b/%Y %H:%M:%S")}] "{lines[0]}" {status.value} '
                  f"{len(body)}", file=sys.stderr)
        return keep, ahead

    def _send(self, conn: socket.socket, method: str, status: HTTPStatus, headers: list, body: bytes, *,
              keep: bool) -> None:
        head = [f"HTTP/1.1 {status.value} {status.phrase}", f"Server: {self.name}",
                f"Date: {email.utils.formatdate(usegmt=True)}", f"Content-Length: {len(body)}",
                f"Connection: {'keep-alive' if keep else 'close'}",
                *(f"{name}: {value}" for name, value in headers)]
        message = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1", errors="replace")
        conn.sendall(message + body if method != "HEAD" else message)


def _peer(conn: socket.socket) -> str:
    try:
        return conn.getpeername()[0]
    except OSError:
        return "-"
