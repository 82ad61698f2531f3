"""The users' questions, answered the same way on every backend: trace, implementations, agency load."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from pathlib import Path

from kg import store
from loaders.textutil import fold

from .backends import Backend, Link, NetworkxBackend, SparqlBackend
from .models import AgencyLoad, ChainStep, Implementation, LoadReport, TaskInfo, Trace, TracePath

BACKENDS = ("networkx", "sparql")


class AmbiguousTask(Exception):
    """A search text that names several tasks; `candidates` lists them (id, label, text)."""

    def __init__(self, text: str, candidates: list[tuple[str, str, str]]):
        super().__init__(f"“{text}” matches {len(candidates)} tasks; give one of their ids")
        self.candidates = candidates


class UnknownTask(Exception):
    pass


def open_backend(graph_dir: Path = store.DEFAULT_OUT, backend: str = "networkx") -> Backend:
    """The graph written by `kg build`, behind the backend asked for."""
    if backend == "networkx":
        return NetworkxBackend(store.read(graph_dir).graph)
    if backend == "sparql":
        return SparqlBackend(store.read_rdf(graph_dir))
    raise ValueError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")


def find_task(source: Backend, text: str) -> str:
    """A task id from an id or from words of its label or text (diacritics and case do not matter)."""
    if source.task(text) is not None:
        return text
    wanted = fold(text)
    found = [t for t in source.tasks() if wanted and (wanted == fold(t[1]) or wanted in fold(t[2]))]
    if not found:
        raise UnknownTask(f"no task matches “{text}”: give a task id (see graph.json) or other words of its text")
    if len(found) > 1:
        raise AmbiguousTask(text, found)
    return found[0][0]


def trace(source: Backend, task_or_text: str) -> Trace:
    """Every path from a task up through the documents its plan implements to the top document."""
    task = find_task(source, task_or_text)
    info = source.task(task)
    doc, links = source.links_above(task)
    best: dict[tuple[str, str], Link] = {}
    for link in links:
        key = (link.source, link.target)
        if key not in best or _link_order(link) < _link_order(best[key]):
            best[key] = link
    above: dict[str, list[str]] = defaultdict(list)
    for source_doc, target in sorted(best):
        above[source_doc].append(target)
    documents: dict[str, dict] = {}

    def step(doc_id: str, relation: str, quote: str | None) -> ChainStep:
        if doc_id not in documents:
            documents[doc_id] = source.document(doc_id)
        return ChainStep(id=doc_id, relation=relation, quote=quote, **documents[doc_id])

    paths: list[list[ChainStep]] = []

    def walk(chain: list[ChainStep]) -> None:
        current = chain[-1].id
        nexts = [t for t in above.get(current, []) if t not in {s.id for s in chain}]
        if not nexts:
            paths.append(chain)
            return
        for target in nexts:
            walk(chain + [step(target, "implements", best[(current, target)].quote)])

    walk([step(doc, "part_of", info["text"])])
    return Trace(
        task=TaskInfo(id=task, label=info["label"], text=info["text"], document=doc, source=info.get("source")),
        paths=[TracePath(chain=c) for c in paths],
    )


def _link_order(link: Link) -> tuple:
    return (link.file or "", link.start if link.start is not None else -1, link.quote or "")


def implementations(source: Backend, doc: str) -> list[Implementation]:
    """What implements a document, down to tasks and the agencies that carry them."""
    rows = source.implementers(doc)
    carriers: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"lead": [], "coordinate": []})
    for row in source.assignments():
        carriers[row.task][row.role].append(row.name)
    depth = {doc: 0}
    links = [(impl, via) for impl, via, kind in rows if kind == "Document"]
    changed = True
    while changed:  # depth of each implementing document: 1 + the depth of what it implements
        changed = False
        for impl, via in links:
            if via in depth and depth.get(impl, 10**6) > depth[via] + 1:
                depth[impl] = depth[via] + 1
                changed = True
    out = []
    for impl, via, kind in rows:
        title = source.document(impl).get("title") if kind == "Document" else source.task(impl)["text"]
        out.append(Implementation(
            id=impl, kind=kind, via=via, title=title,
            depth=depth.get(impl, 0) if kind == "Document" else depth.get(via, 0) + 1,
            leads=sorted(carriers[impl]["lead"]), coordinators=sorted(carriers[impl]["coordinate"]),
        ))
    return sorted(out, key=lambda i: (i.depth, i.kind, i.id))


def agency_load(
    source: Backend,
    *,
    province: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    top: int | None = None,
    threshold: float = 10.0,
    peer_factor: float = 3.0,
    coordination_weight: float = 0.5,
) -> LoadReport:
    """Tasks led and co-ordinated per agency, a weighted load, tasks open in a period; most loaded first.

    Overloaded: load above `threshold`, or above `peer_factor` times the median load of the agencies
    of its province (when it has three or more). Groups ("Các Sở, ban, ngành") are reported apart.
    """
    # One pass over the assignment rows, doing as little per row as it can: at 10,000 documents there
    # are 600,000 of them. Rows are unique per (agency, task, role), so counting needs no sets.
    counts: dict[str, list[int]] = {}  # agency -> [lead, coordinate]
    info: dict[str, tuple[str, str | None, bool]] = {}
    period = bool(start or end)
    assigned: dict[str, set[str]] = defaultdict(set)  # only with a period: tasks per agency
    windows: dict[str, tuple[str | None, str | None, str | None]] = {}
    in_province = _province_test(province)
    for row in source.assignments():
        if province and not in_province(row.province):
            continue
        count = counts.get(row.agency)
        if count is None:
            count = counts[row.agency] = [0, 0]
            info[row.agency] = (row.name, row.province, row.group)
        count[row.role != "lead"] += 1
        if period:
            assigned[row.agency].add(row.task)
            windows[row.task] = (row.start, row.end, row.recurrence)
    loads = []
    for agency, (lead, coordinate) in counts.items():
        name, prov, group = info[agency]
        opened = sum(1 for t in assigned[agency] if _open(windows[t], start, end)) if period else None
        loads.append((group, AgencyLoad(
            id=agency, name=name, province=prov, lead=lead, coordinate=coordinate,
            load=round(lead + coordination_weight * coordinate, 3), open=opened,
        )))
    agencies = [a for g, a in loads if not g]
    by_province: dict[str | None, list[float]] = defaultdict(list)
    for a in agencies:
        by_province[a.province].append(a.load)
    medians = {p: statistics.median(peers) if len(peers) >= 3 else None for p, peers in by_province.items()}
    for a in agencies:
        median = medians[a.province]
        a.overloaded = a.load > threshold or (median is not None and median > 0 and a.load > peer_factor * median)
    order = lambda a: (-a.load, -a.lead, a.name, a.id)  # noqa: E731
    agencies.sort(key=order)
    groups = sorted((a for g, a in loads if g), key=order)
    rule = (f"overloaded: load (lead + {coordination_weight:g} × coordinate) above {threshold:g}, or above "
            f"{peer_factor:g} × the median load of the agencies of its province (three or more)")
    return LoadReport(rule=rule, agencies=agencies[:top] if top else agencies, groups=groups)


def _province_test(province: str | None):
    """Is a row's province the one asked for (accents and case aside)? Folds each spelling once."""
    if not province:
        return lambda _: True
    wanted, folded = fold(province), {}

    def test(name: str | None) -> bool:
        if name not in folded:
            folded[name] = fold(name or "") == wanted
        return folded[name]

    return test


def _open(window: tuple[str | None, str | None, str | None], start: dt.date | None, end: dt.date | None) -> bool:
    """A task is open in [start, end] when its deadline interval overlaps it; a recurring task with no
    interval is always open; a task with no time at all is not counted."""
    s, e, recurrence = window
    if s is None and e is None:
        return recurrence is not None
    lo = dt.date.fromisoformat(s) if s else dt.date.min
    hi = dt.date.fromisoformat(e) if e else dt.date.max
    return lo <= (end or dt.date.max) and hi >= (start or dt.date.min)


def quarter_windows(source: Backend, *, province: str | None = None, coordination_weight: float = 0.5):
    """Load per agency per quarter (agency name -> quarter -> load), for the timeline heatmap."""
    from .timeline import TaskWindow, quarter_load

    windows = []
    in_province = _province_test(province)
    for row in source.assignments():
        if row.group or not in_province(row.province):
            continue
        windows.append(TaskWindow(
            agency=row.name,
            weight=1.0 if row.role == "lead" else coordination_weight,
            start=dt.date.fromisoformat(row.start) if row.start else None,
            end=dt.date.fromisoformat(row.end) if row.end else None,
            recurrence=row.recurrence,
        ))
    return quarter_load(windows)
