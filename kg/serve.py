"""The web app (`kg serve`): a local, read-only server that sends the browser only what it asks for.

`GraphService` answers in plain data (search, a node's neighbourhood, a trace, the agency load);
`make_server` puts it behind HTTP. The page never receives the whole graph, so a graph of any size
opens as fast as the neighbourhood asked for. Scripts are files of ours served from /static/ and the
Content-Security-Policy forbids any other, so text from a document can never run as code.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import mimetypes
import os
import signal
import socket
import sys
import threading
import time
from collections import OrderedDict
from http import HTTPStatus
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

import networkx as nx

from queries import AmbiguousTask, UnknownTask, agency_label, agency_load, quarter_windows
from queries.answers import undated_tasks
from queries import trace as trace_task
from queries.backends import NetworkxBackend
from queries.find import find_nodes, prepare

from . import present, store
from .httpd import Server
from .cli_parts import agency_rows, write_rows
from .view import VENDOR, WEB, agency_loads, environment

NEIGHBOURHOOD_LIMIT = 300
NEIGHBOURHOOD_MAX = 2000  # what a page may ask for at once, whatever `limit` says
SEARCH_LIMIT = 25
SEARCH_MAX_CHARS = 300  # a question longer than this is not a search
SEARCH_MAX_WORDS = 30
READ_TIMEOUT = 10.0  # seconds a client has to send its request, and to take the answer
COMPUTING = 2  # threads computing answers: more only take turns at Python's lock (64 took 7× the time of 1)
BACKLOG = 1024  # past the queue a connection's SYN is dropped and retried a second later
ANSWERS_CACHED = 4096  # answers kept (searches and neighbourhoods as sent, load tables, charts)
CHART_ROWS = 40
KIND_ORDER = {"Document": 0, "Agency": 1, "Group": 2, "Task": 3}
SEARCH_MAX = 1000  # "show all" stops here: past it, narrow the search
STATIC = {  # URL name -> file; nothing else is served
    "sigma.min.js": VENDOR / "sigma.min.js", "graphology.umd.min.js": VENDOR / "graphology.umd.min.js",
    "common.js": WEB / "common.js", "explorer.js": WEB / "explorer.js", "app.js": WEB / "app.js",
    "load.js": WEB / "load.js", "style.css": WEB / "style.css",
}
SEARCH_KINDS = {"Document": "document", "Agency": "agency", "Group": "agency", "Task": "task"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"


class _Memo:
    """Answers kept by question, since the graph never changes while served: the last `size`, each
    computed once however many requests ask for it at the same moment (the others wait for the first).
    A question that fails is not kept."""

    def __init__(self, size: int):
        self.size = size
        self.kept: OrderedDict = OrderedDict()
        self.pending: dict = {}  # question -> the lock its first asker holds while computing
        self.lock = threading.Lock()

    def get(self, key, compute):
        with self.lock:
            if key in self.kept:
                self.kept.move_to_end(key)
                return self.kept[key]
            gate = self.pending.setdefault(key, threading.Lock())
        with gate:
            with self.lock:
                if key in self.kept:
                    return self.kept[key]
            try:
                value = compute()
            except BaseException:
                with self.lock:
                    self.pending.pop(key, None)
                raise
            with self.lock:
                self.kept[key] = value
                if len(self.kept) > self.size:
                    self.kept.popitem(last=False)
                self.pending.pop(key, None)
            return value


class NotFound(Exception):
    """What was asked for is not in the graph; the message says what to do."""


class GraphService:
    """The app's questions, answered from one graph: in memory, or graph.sqlite (kg.disk.DiskGraph),
    which holds what the app would otherwise compute at start-up (the agency loads, the provinces, the
    search rows and their index), so that a server of any size is ready at once."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        self.backend = NetworkxBackend(graph)
        on_disk = getattr(graph, "has_search", False)
        self.loads = graph.agency_loads() if on_disk else agency_loads(self.backend)
        self._views: dict[str, dict] = {}
        self.memo = _Memo(ANSWERS_CACHED)  # searches, neighbourhoods, load tables, charts
        self._lock = threading.Lock()  # views are made on first use (search is queries.find's index)
        self.provinces = graph.provinces() if on_disk else \
            sorted({d["province"] for _, d in graph.nodes(data=True) if d.get("province")})
        prepare(self.backend)  # index the words once: each search then scores only what holds them

    def answer(self, key: tuple, compute) -> bytes:
        """A question's answer as the JSON bytes sent, kept for the next time it is asked."""
        return self.memo.get(key, lambda: json.dumps(compute(), ensure_ascii=False).encode())

    def view(self, node: str, data: dict | None = None) -> dict:
        return self.views([node], None if data is None else {node: data})[0]

    def views(self, nodes: list[str], data: dict[str, dict] | None = None) -> list[dict]:
        """The nodes as the pages draw them (present.node_view), each made once; what those not yet made
        need is read at once (their attributes, each task's document), not node by node."""
        missing = [n for n in dict.fromkeys(nodes) if n not in self._views]
        if missing:
            data = dict(data or {})
            unread = [n for n in missing if n not in data]
            if unread:
                data.update(self._data(unread))
            documents = present.document_of(self.graph, [n for n in missing if data[n].get("kind") == "Task"])
            of_documents = self._data(set(documents.values()))
            made = {n: present.node_view(self.graph, n, self.loads.get(n), data[n],
                                         document=(documents.get(n), of_documents.get(documents.get(n))))
                    if data[n].get("kind") == "Task" else present.node_view(self.graph, n, self.loads.get(n), data[n])
                    for n in missing}
            with self._lock:
                for n, view in made.items():
                    self._views.setdefault(n, view)
        return [self._views[n] for n in nodes]

    def search(self, text: str, limit: int = SEARCH_LIMIT, *, kind: str = "", province: str = "",
               offset: int = 0) -> dict:
        """Nodes holding every word of `text` (accents and case do not matter), ranked as `kg find` ranks
        them (queries.find): exact symbols, names and labels first, then beginnings, then the words;
        documents and agencies before tasks. `kind` (Document, Agency, Group, Task) and `province` keep
        only those; `total` counts every node that matches, `offset` pages through them."""
        if kind and kind not in SEARCH_KINDS:
            raise ValueError(f"kind must be one of {', '.join(SEARCH_KINDS)}, not “{kind}”")
        if len(text) > SEARCH_MAX_CHARS or len(text.split()) > SEARCH_MAX_WORDS:
            raise ValueError(f"a search holds at most {SEARCH_MAX_WORDS} words and {SEARCH_MAX_CHARS} characters; "
                             "search for a few words of it")
        limit = max(0, min(limit, SEARCH_MAX))
        # provinces are not nodes: not listed, not counted
        total, nodes = find_nodes(self.backend, text, kind=SEARCH_KINDS.get(kind), province=province or None,
                                  limit=offset + limit if kind not in ("Agency", "Group") else 1_000_000)
        if kind in ("Agency", "Group"):  # find() has agencies; groups are the collective ones
            nodes = [v["id"] for v in self.views(nodes) if v["kind"] == kind]
            total = len(nodes)
        return {"query": text, "total": total, "offset": offset,
                "results": [self._brief(v) for v in self.views(nodes[offset:offset + limit])]}

    @staticmethod
    def _brief(v: dict) -> dict:
        """A search hit that says what it is: kind, label, its document (a task), province, first words."""
        return {"id": v["id"], "label": v["label"], "kind": v["kind"], "province": v["province"],
                "doc_label": v.get("doc_label"), "words": v.get("words") or ""}

    def node(self, node: str) -> dict:
        if node not in self.graph:
            raise NotFound(f"no node “{node}” in this graph; search for it by its words instead")
        return self.view(node)

    def neighbourhood(self, node: str, limit: int = NEIGHBOURHOOD_LIMIT, offset: int = 0) -> dict:
        """The node, up to `limit` of its neighbours from `offset` on (documents and agencies first) and
        the links among them; `total` and `shown` let the page offer the rest."""
        limit, offset = max(1, min(limit, NEIGHBOURHOOD_MAX)), max(0, offset)
        centre = self.node(node)
        around = set(self.graph.successors(node)) | set(self.graph.predecessors(node))
        around.discard(node)
        data = self._data(around)
        ordered = sorted(around, key=lambda n: (KIND_ORDER.get(present.kind_of(data[n]), 9), n))
        chosen = ordered[offset:offset + limit]
        keep = sorted({node, *chosen})
        among = getattr(self.graph, "edges_among", None)  # graph.sqlite: one query, not one per node
        if among is not None:
            links = among(keep)
        else:
            kept = set(keep)
            links = [(u, v, k, d) for member in keep
                     for u, v, k, d in self.graph.out_edges(member, keys=True, data=True) if v in kept]
        return {"centre": node, "nodes": [centre] + self.views(chosen, data),
                "edges": [present.edge_view(u, v, k, d) for u, v, k, d in links],
                "total": len(around), "shown": len(chosen), "offset": offset}

    def _data(self, nodes) -> dict[str, dict]:
        batch = getattr(self.graph, "nodes_data", None)
        return batch(nodes) if batch is not None else {n: self.graph.nodes[n] for n in nodes}

    def trace(self, task: str) -> dict:
        """A task's trace with the nodes and links along it, for the page to draw and highlight."""
        answer = trace_task(self.backend, task)
        ids = {answer.task.id}
        edges: dict[str, dict] = {}
        for path in answer.paths:
            below = answer.task.id
            for step in path.chain:
                ids.add(step.id)
                key = "part_of" if step.relation == "part_of" else "implements"
                data = self.graph.get_edge_data(below, step.id, key=key) or {"type": key}
                view = present.edge_view(below, step.id, key, data)
                edges[view["id"]] = view
                below = step.id
        return {"task": answer.task.model_dump(), "paths": [[s.model_dump() for s in p.chain] for p in answer.paths],
                "nodes": self.views(sorted(ids)), "edges": list(edges.values())}

    def load(self, province: str | None = None, start: str | None = None, end: str | None = None,
             as_of: str | None = None) -> dict:
        """The load table and heatmap rows (see `_load`), computed once per question: requests that
        arrive together for the same one wait for the first to answer."""
        return self.memo.get(("load", province or "", start or "", end or "", as_of or ""),
                             lambda: self._load(province, start, end, as_of))

    def _load(self, province: str | None = None, start: str | None = None, end: str | None = None,
              as_of: str | None = None) -> dict:
        """The load table, the roll-ups, the groups and the heatmap's rows (keyed by agency id, labelled
        with the province, in the table's order), over the period when one is given (ISO dates), each
        task for the body carrying it on `as_of` when given (the 2025 reorganisation)."""
        first, last, on = _day(start, "from"), _day(end, "to"), _day(as_of, "as of")
        report = agency_load(self.backend, province=province or None, start=first, end=last, as_of=on)
        shown = [a.id for a in report.agencies[:CHART_ROWS]]
        labels = {a.id: agency_label(a) for a in report.agencies[:CHART_ROWS]}
        timeline = quarter_windows(self.backend, province=province or None, agencies=set(shown), start=first, end=last,
                                   as_of=on)
        undated = {} if first or last else undated_tasks(self.backend, province=province or None,
                                                         agencies=set(shown), as_of=on)
        return {**report.model_dump(mode="json"), "timeline": {
            "quarters": sorted({q for row in timeline.values() for q in row}),
            "rows": [{"id": a, "label": labels[a], "load": timeline.get(a, {}), "undated": undated.get(a, 0)}
                     for a in shown if a in timeline or undated.get(a)]}}

    def load_rows(self, province: str | None = None, start: str | None = None, end: str | None = None,
                  as_of: str | None = None) -> str:
        """The load table as `kg agencies -f csv` writes it (same rows, same columns)."""
        report = agency_load(self.backend, province=province or None, start=_day(start, "from"),
                             end=_day(end, "to"), as_of=_day(as_of, "as of"))
        stream = io.StringIO()
        write_rows(stream, agency_rows(report), "csv")
        return stream.getvalue()

    def load_cell(self, agency: str, quarter: str, province: str | None = None, start: str | None = None,
                  end: str | None = None, as_of: str | None = None, limit: int = 30) -> dict:
        """The tasks that fill one cell of the heatmap (one agency, one quarter), for its hover box."""
        first, last, on = _day(start, "from"), _day(end, "to"), _day(as_of, "as of")
        cells = quarter_windows(self.backend, province=province or None, agencies={agency}, start=first, end=last,
                                as_of=on, members=True)
        tasks = sorted(set(cells.get(agency, {}).get(quarter, [])))
        rows = [{"id": task, "label": v["label"], "doc_label": v.get("doc_label"), "role": role,
                 "words": v.get("words") or "", "deadline": dict(v["details"]).get("Deadline")}
                for (task, role), v in zip(tasks[:limit], self.views([t for t, _ in tasks[:limit]]))]
        return {"agency": agency, "quarter": quarter, "total": len(tasks), "tasks": rows}

    def load_png(self, province: str | None = None, start: str | None = None, end: str | None = None,
                 as_of: str | None = None) -> bytes:
        key = (province or "", start or "", end or "", as_of or "")
        return self.memo.get(("png", *key), lambda: _load_png(self, *key))


def _day(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a date like 2023-01-31 (the “{name}” of the period)") from None


_DRAWING = threading.Lock()  # matplotlib's rc settings are global: one chart at a time
def _load_png(service: GraphService, province: str, start: str, end: str, as_of: str = "") -> bytes:
    from queries.timeline import render_png

    answer = service.load(province, start, end, as_of)
    rows = answer["timeline"]["rows"]  # the table's most loaded agencies, in its order
    title = f"Load per quarter — {province}" if province else "Load per quarter"
    if start or end:
        title += f", {start or '…'} to {end or '…'}"
    if as_of:
        title += f", as of {as_of}"
    if len(answer["agencies"]) > CHART_ROWS:  # thousands of rows make no chart: the most loaded ones
        title += f" (the {CHART_ROWS} most loaded agencies)"
    buffer = io.BytesIO()
    with _DRAWING:
        render_png({r["id"]: r["load"] for r in rows}, buffer, title=title,
                   labels={r["id"]: r["label"] for r in rows}, order=[r["id"] for r in rows])
    return buffer.getvalue()


class _Response(NamedTuple):
    body: bytes
    content_type: str
    status: HTTPStatus = HTTPStatus.OK
    cache: bool = False
    filename: str | None = None


def _json(value, status: HTTPStatus = HTTPStatus.OK) -> _Response:
    return _Response(json.dumps(value, ensure_ascii=False).encode(), JSON, status)


class _App:
    """The app: a request's method, path, query and Host in, one answer out. Everything it sends carries
    the security headers; only GET and HEAD are answered."""

    def __init__(self, service: GraphService, allowed_hosts: frozenset[str]):
        self.service = service
        self.allowed_hosts = allowed_hosts  # empty: any (a server listening on every address)

    def __call__(self, method: str, target: str, headers: dict[str, str]) -> tuple[HTTPStatus, list, bytes]:
        """kg.httpd's question: (status, headers, body) of one request."""
        url = urlsplit(target)
        response = self.respond(method, url.path or "/", url.query, headers.get("host", ""))
        out = [("Content-Type", response.content_type),
               ("Cache-Control", "max-age=3600" if response.cache else "no-store"), *SECURITY_HEADERS.items()]
        if response.filename:
            out.append(("Content-Disposition", f'attachment; filename="{response.filename}"'))
        return response.status, out, response.body

    def respond(self, method: str, path: str, query_string: str, host: str) -> _Response:
        if method not in ("GET", "HEAD"):
            return _json({"error": "this server is read-only; only GET is answered"}, HTTPStatus.METHOD_NOT_ALLOWED)
        if not self._host_allowed(host):
            return _json({"error": f"this server answers to {', '.join(sorted(self.allowed_hosts))} only, not to "
                                   f"“{host}”; start it with --allow-host NAME to use that name"},
                         HTTPStatus.MISDIRECTED_REQUEST)
        query = {k: v[-1] for k, v in parse_qs(query_string).items()}
        try:
            return self._route(path, query)
        except (NotFound, UnknownTask, AmbiguousTask) as exc:
            return _json({"error": str(exc)}, HTTPStatus.NOT_FOUND)
        except (KeyError, ValueError) as exc:
            return _json({"error": f"bad request: {exc}"}, HTTPStatus.BAD_REQUEST)

    def _host_allowed(self, host: str) -> bool:
        """The Host header names this server: a page of another site that rebinds its name to 127.0.0.1
        (DNS rebinding) is refused, so it cannot read the graph through the user's browser."""
        if not self.allowed_hosts:
            return True
        host = host.strip().lower()
        if host.startswith("["):
            name = host[: host.find("]") + 1]
        else:
            name = host.rsplit(":", 1)[0] if ":" in host else host
        return name in self.allowed_hosts

    def _route(self, path: str, query: dict[str, str]) -> _Response:
        s = self.service
        if path in ("/", "/index.html"):
            return _Response(environment().get_template("explorer.html").render(
                title="policy-kg", summary="", inline=False, app=True, doc_types=[],
                hint="Search, then click a result to draw its neighbourhood; double-click a node (or “Expand”) "
                     "to add its neighbours; pick a task and “Trace” to see the path to the top document.",
                provinces=s.provinces, legend=present.legend()).encode(), HTML)
        if path == "/load":
            province, start, end = query.get("province", ""), query.get("from", ""), query.get("to", "")
            as_of = query.get("as_of", "")
            report = s.load(province, start, end, as_of)
            asked = _qs(province=province, as_of=as_of, **{"from": start, "to": end})
            return _Response(environment().get_template("load.html").render(
                provinces=s.provinces, province=province, start=start, end=end, as_of=as_of, report=report,
                heat=_heat(report["timeline"]), asked=asked, chart=f"/api/load.png?{asked}",
                csv=f"/api/load.csv?{asked}").encode(), HTML)
        if path == "/favicon.ico":
            return _Response(b"", "image/x-icon", HTTPStatus.NO_CONTENT)
        if path.startswith("/static/") and path[len("/static/"):] in STATIC:
            file = STATIC[path[len("/static/"):]]
            return _Response(file.read_bytes(), (mimetypes.guess_type(file.name)[0] or "text/plain") + "; charset=utf-8",
                             cache=True)
        if path == "/api/search":
            return _Response(s.answer(("search", tuple(sorted(query.items()))), lambda: s.search(
                query.get("q", ""), int(query.get("limit", SEARCH_LIMIT)), kind=query.get("kind", ""),
                province=query.get("province", ""), offset=max(0, int(query.get("offset", 0))))), JSON)
        if path == "/api/node":
            return _json(s.node(query["id"]))
        if path == "/api/neighbourhood":
            return _Response(s.answer(("neighbourhood", tuple(sorted(query.items()))), lambda: s.neighbourhood(
                query["id"], int(query.get("limit", NEIGHBOURHOOD_LIMIT)), int(query.get("offset", 0)))), JSON)
        if path == "/api/trace":
            return _json(s.trace(query["task"]))
        if path == "/api/load":
            return _json(s.load(query.get("province"), query.get("from"), query.get("to"), query.get("as_of")))
        if path in ("/api/load.csv", "/load.csv"):
            body = s.load_rows(query.get("province"), query.get("from"), query.get("to"), query.get("as_of"))
            return _Response(body.encode(), "text/csv; charset=utf-8", filename="agency-load.csv")
        if path == "/api/load/cell":
            return _json(s.load_cell(query["agency"], query["quarter"], query.get("province"), query.get("from"),
                                     query.get("to"), query.get("as_of")))
        if path == "/api/load.png":
            return _Response(s.load_png(query.get("province"), query.get("from"), query.get("to"),
                                        query.get("as_of")), "image/png")
        return _json({"error": f"nothing at {path}; the app is at /"}, HTTPStatus.NOT_FOUND)


def _heat(timeline: dict) -> list[dict]:
    """The heatmap's rows as the page draws them: each cell's load and its shade (0 to 1 of the busiest)."""
    peak = max((v for row in timeline["rows"] for v in row["load"].values()), default=0) or 1
    return [{"id": row["id"], "label": row["label"], "undated": row.get("undated", 0),
             "total": sum(row["load"].values()),
             "cells": [{"quarter": q, "load": row["load"].get(q, 0.0), "shade": round(row["load"].get(q, 0.0) / peak, 3)}
                       for q in timeline["quarters"]]} for row in timeline["rows"]]


def _qs(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in params.items() if v})


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def make_server(graph: nx.MultiDiGraph, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False,
                allow_hosts: list[str] | tuple[str, ...] = (), read_timeout: float = READ_TIMEOUT,
                threads: int = COMPUTING) -> Server:
    """A server for `graph` (listening, not yet serving: call serve_forever). Port 0 picks a free port.
    It answers only requests whose Host is the address it listens on, a loopback name, or one of
    `allow_hosts` (a server on every address, 0.0.0.0 or ::, answers any)."""
    wildcard = host in ("0.0.0.0", "::", "")
    names = {h.lower() for h in allow_hosts}
    if not wildcard:
        names |= {host.lower(), *LOOPBACK_NAMES}
        if ":" in host:  # an IPv6 address is written in brackets in a Host header
            names.add(f"[{host.lower()}]")
    app = _App(GraphService(graph), frozenset(names) if not wildcard else frozenset())
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host or "0.0.0.0", port), family=family, backlog=BACKLOG)
    return Server(app, sock, threads=threads, read_timeout=read_timeout, verbose=verbose)


def default_workers() -> int:
    """One worker process per core this process may use, at most 4 (one process answers on one core)."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def serve(graph_dir: Path = store.DEFAULT_OUT, host: str = "127.0.0.1", port: int = 8750,
          allow_hosts: list[str] | tuple[str, ...] = (), workers: int = 1) -> int:
    """Serve until Ctrl+C (or SIGTERM). `workers` processes answer on the same port, each with the graph
    and its index as this process made them (forked, shared until written) and answers of its own; one
    process uses one core however many threads it has."""
    graph = store.read_app_graph(graph_dir)
    try:
        server = make_server(graph, host, port, verbose=True, allow_hosts=allow_hosts)
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port} ({exc.strerror}); choose another --port", file=sys.stderr)
        return 1
    # what start-up made (the graph's index, the loads) lives until the end: the collector need not walk
    # it at every collection, and the workers forked now share its memory instead of copying it
    gc.freeze()
    forked = _fork_workers(server, graph, workers - 1) if workers > 1 and hasattr(os, "fork") else []
    bound_host, bound_port = server.server_address[:2]
    print(f"policy-kg: serving {graph_dir}/ ({graph.number_of_nodes()} nodes) at http://{bound_host}:{bound_port}/ "
          f"with {len(forked) + 1} worker{'s' if forked else ''} — read-only; Ctrl+C stops it", flush=True)
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        for pid in forked:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
    return 0


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def _fork_workers(server: Server, graph, count: int) -> list[int]:
    """`count` processes serving `server`'s socket, forked before any thread starts. Each stops with
    SIGTERM or when this process is gone."""
    parent, pids = os.getpid(), []
    for _ in range(count):
        pid = os.fork()
        if pid:
            pids.append(pid)
            continue
        code = 0
        try:
            signal.signal(signal.SIGTERM, _stop)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches every process: the first one stops us
            reopen = getattr(graph, "reopen", None)
            if reopen is not None:
                reopen()

            def orphaned() -> None:
                while os.getppid() == parent:
                    time.sleep(1)
                server.shutdown()

            threading.Thread(target=orphaned, daemon=True).start()
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        except BaseException:  # noqa: BLE001 - a worker never returns into the parent's code
            code = 1
        finally:
            os._exit(code)
    return pids
