"""The users' questions, answered the same way on every backend: trace, implementations, agency load."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from pathlib import Path

from kg import store
from loaders.textutil import fold

from .backends import AssignmentRow, Backend, Link, NetworkxBackend, SparqlBackend
from .find import AmbiguousTask, UnknownTask, _agency_label, resolve_task  # noqa: F401 (re-exported)
from .models import (AgencyLoad, AssignedAgency, ChainStep, Implementation, LoadReport, RollupLoad, SuccessionStep,
                     TaskInfo, Trace, TracePath)

BACKENDS = ("networkx", "sparql")


def open_backend(graph_dir: Path = store.DEFAULT_OUT, backend: str = "networkx", *,
                 few_nodes: bool = False) -> Backend:
    """The graph written by `kg build`, behind the backend asked for. `few_nodes`: the question reads a
    handful of nodes (a trace) or only the assignment rows (the agency load), so networkx runs over
    graph.sqlite when the build wrote one, loading nothing up front (10,000 documents: 0.5 s a trace
    instead of 17 s); a question over the whole graph (implementations, search) loads graph.json, which
    is faster for it."""
    if backend == "networkx":
        return NetworkxBackend(store.read_graph(graph_dir) if few_nodes else store.read(graph_dir).graph)
    if backend == "sparql":
        return SparqlBackend(store.read_rdf(graph_dir))
    raise ValueError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")


def find_task(source: Backend, text: str) -> str:
    """A task id from an id (either spelling) or words of its label or text: `queries.find.resolve_task`.
    Raises UnknownTask (a NotFound) or AmbiguousTask (an Ambiguous: `candidates` are Match)."""
    return resolve_task(source, text)


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
    # a backend that can fetch every document of the trace at once says so (SPARQL: one query, not one each)
    prefetch = getattr(source, "trace_documents", None)
    documents: dict[str, dict] = prefetch(task) if prefetch is not None and doc is not None else {}

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
        paths=[TracePath(chain=c) for c in paths], agencies=assigned_agencies(source, task),
    )


# --------------------------------------------------------------------------------------------------
# Who carries it now (the 2025 reorganisation, kg.succession)
# --------------------------------------------------------------------------------------------------

def _successions(source: Backend) -> dict:
    """old agency id -> its Succession (one each), from any backend's listing (which it keeps)."""
    listed = getattr(source, "successions", None)
    return {s.old: s for s in (listed() if listed is not None else [])}


def carried_by(source: Backend, agency: str, as_of: dt.date | None = None, *,
               by_old: dict | None = None) -> list[SuccessionStep]:
    """The changes from `agency` to the body carrying its duties on `as_of` (default: every change the
    graph knows), oldest first; [] for a body that never changed (or not before `as_of`)."""
    from .find import _index

    from kg.succession import successors

    by_old = _successions(source) if by_old is None else by_old  # a caller asking for many passes it once
    agencies = _index(source).agency_by_id

    def next_of(body: str):
        link = by_old.get(body)
        return (link.new, link.date, link) if link is not None else None

    steps = []
    for new, s in successors(agency, next_of, as_of):
        row = agencies.get(new) or {}
        steps.append(SuccessionStep(id=new, name=row.get("name") or new, province=row.get("province"), date=s.date,
                                    change=s.change, basis=s.basis, note=s.note, unit_known=s.unit_known))
    return steps


def assigned_agencies(source: Backend, task: str, as_of: dt.date | None = None) -> list[AssignedAgency]:
    """The agencies a task is assigned to (leads first), each with who carries it now."""
    from .find import _index

    agencies = _index(source).agency_by_id
    out = []
    for link in source.links(task):
        if link.type != "assigned_to" or link.direction != "out":
            continue
        row = agencies.get(link.other) or {}
        out.append(AssignedAgency(id=link.other, name=row.get("name") or link.other, province=row.get("province"),
                                  role=link.role or "lead", now=carried_by(source, link.other, as_of)))
    return sorted(out, key=lambda a: (a.role != "lead", a.name, a.id))


def _rows_as_of(source: Backend, as_of: dt.date) -> tuple[list[AssignmentRow], dict[str, set[str]]]:
    """The assignment rows with each agency replaced by the body carrying it on `as_of`, and, per such
    body, the agencies it took in (their ids). Every row is kept: totals are those of the documents."""
    from .find import _index

    agencies, by_old = _index(source).agency_by_id, _successions(source)
    carrier: dict[str, tuple | None] = {}  # agency -> (id, name, province, group) of its body on that date
    came: dict[str, set[str]] = defaultdict(set)
    out = []
    for row in source.assignments():
        if row.agency not in carrier:
            steps = carried_by(source, row.agency, as_of, by_old=by_old)
            last = steps[-1] if steps else None
            carrier[row.agency] = None if last is None else (
                last.id, last.name, last.province, bool((agencies.get(last.id) or {}).get("group")))
        now = carrier[row.agency]
        if now is None:
            out.append(row)
            continue
        came[now[0]].add(row.agency)
        out.append(AssignmentRow(*now, row.task, row.role, row.start, row.end, row.recurrence))
    return out, came


class _AsOf:
    """A backend whose assignment rows are those of a date (everything else asked of the original)."""

    def __init__(self, source: Backend, rows: list[AssignmentRow]):
        self._source, self._rows = source, rows

    def assignments(self) -> list[AssignmentRow]:
        return self._rows

    def __getattr__(self, name):
        return getattr(self._source, name)


def _link_order(link: Link) -> tuple:
    return (link.file or "", link.start if link.start is not None else -1, link.quote or "")


def implementations(source: Backend, doc: str) -> list[Implementation]:
    """What implements a document, down to tasks and the agencies that carry them."""
    rows = source.implementers(doc)
    tasks = {impl for impl, _, kind in rows if kind == "Task"}
    carriers: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"lead": [], "coordinate": []})
    for row in source.assignments():
        if row.task in tasks:
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


class BadQuestion(ValueError):
    """A question that cannot be answered as asked; the message is one sentence saying why."""


def _check_question(top: int | None, start: dt.date | None, end: dt.date | None) -> None:
    if top is not None and top < 1:
        raise BadQuestion(f"top must be 1 or more, not {top}")
    if start is not None and end is not None and start > end:
        raise BadQuestion(f"the period ends ({end}) before it starts ({start})")


def agency_label(agency) -> str:
    """How a person tells agencies apart: "Sở Khoa học và Công nghệ (Ninh Thuận)" (national: no province)."""
    return f"{agency.name} ({agency.province or 'national'})"


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
    as_of: dt.date | None = None,
) -> LoadReport:
    """Tasks led and co-ordinated per agency (one agency of one province, by its node id), a weighted
    load, most loaded first; the same with each agency's units rolled up; collective groups apart.

    With a period (`start` and/or `end`) every count that ranks or flags an agency is over the tasks
    open in it (see `_open`); the counts over all tasks stay in the `*_all` fields. Overloaded: load
    above `threshold`, or above `peer_factor` times the median load of the agencies of its province
    (when it has three or more). `top` keeps the most loaded agencies (and roll-ups). Raises
    `BadQuestion` for `top` below 1 and for a period that ends before it starts.

    `as_of`: each task counted for the body that carries it on that date (kg.succession), a merged
    body's load being the sum of what it took in (`came_from`); the totals stay the documents'. A
    province merged by then is asked as the province it joined.
    """
    _check_question(top, start, end)
    came: dict[str, set[str]] = {}
    named: dict[str, dict] = {}
    if as_of is not None:
        from .find import _index

        named = _index(source).agency_by_id
        rows, came = _rows_as_of(source, as_of)
        source = _AsOf(source, rows)
        province = _province_as_of(province, as_of)
    # One pass over the assignment rows, doing as little per row as it can: at 10,000 documents there
    # are 600,000 of them. Rows are unique per (agency, task, role), so counting needs no sets.
    counts: dict[str, list[int]] = {}  # agency -> [lead, coordinate, lead in period, coordinate in period]
    info: dict[str, tuple[str, str | None, bool]] = {}
    period = start is not None or end is not None
    opened: dict[str, set[str]] = defaultdict(set)  # only with a period: open tasks per agency
    is_open: dict[str, bool] = {}
    parents: dict[str, tuple[str, str]] = {}  # unit -> (parent id, parent name); groups are not units
    tops: dict[str, tuple[str, str]] = {}  # unit -> (top agency id, its name): the Sở of a unit of a unit
    in_province = _province_test(province)
    for row in source.assignments():
        if province and not in_province(row.province):
            continue
        count = counts.get(row.agency)
        if count is None:
            count = counts[row.agency] = [0, 0, 0, 0]
            info[row.agency] = (row.name, row.province, row.group)
            if row.parent is not None and not row.group:
                parents[row.agency] = (row.parent, row.parent_name or row.parent)
                if row.top is not None:
                    tops[row.agency] = (row.top, row.top_name or row.top)
        coordinates = row.role != "lead"
        count[coordinates] += 1
        if period:
            now = is_open.get(row.task)
            if now is None:
                now = is_open[row.task] = _open((row.start, row.end, row.recurrence), start, end)
            if now:
                count[2 + coordinates] += 1
                opened[row.agency].add(row.task)
        else:
            count[2 + coordinates] += 1
    weight = coordination_weight
    loads = []
    for agency, (lead_all, coordinate_all, lead, coordinate) in counts.items():
        name, prov, group = info[agency]
        if period and not opened[agency]:
            continue  # nothing of it is open in the period
        loads.append((group, AgencyLoad(
            id=agency, name=name, province=prov, lead=lead, coordinate=coordinate,
            load=round(lead + weight * coordinate, 3), lead_all=lead_all, coordinate_all=coordinate_all,
            load_all=round(lead_all + weight * coordinate_all, 3), open=len(opened[agency]) if period else None,
        )))
    if came:
        for _, a in loads:
            a.came_from = sorted(_agency_label(named[o]) for o in came.get(a.id, ()))
    agencies = [a for g, a in loads if not g]
    by_province: dict[str | None, list[float]] = defaultdict(list)
    for a in agencies:
        by_province[a.province].append(a.load)
    medians = {p: statistics.median(peers) if len(peers) >= 3 else None for p, peers in by_province.items()}

    def overloaded(load: float, median: float | None) -> bool:
        return load > threshold or (median is not None and median > 0 and load > peer_factor * median)

    for a in agencies:
        a.peer_median = medians[a.province]
        a.overloaded = overloaded(a.load, a.peer_median)
    order = lambda a: (-a.load, -a.lead, a.name, a.id)  # noqa: E731
    agencies.sort(key=order)
    groups = sorted((a for g, a in loads if g), key=order)
    rollup = _rollup(source, province, parents, tops, info, counts, is_open if period else None, weight)
    for r in rollup:
        r.peer_median = medians.get(r.province)
        r.overloaded = overloaded(r.load, r.peer_median)
    rollup.sort(key=order)
    rule = (f"overloaded: load (lead + {weight:g} × coordinate) above {threshold:g}, or above "
            f"{peer_factor:g} × the median load of the agencies of its province (three or more)")
    if as_of is not None:
        rule += f"; each task counted for the body carrying it on {as_of.isoformat()}"
    if period:
        rule += (f"; counted over the tasks open between {start or 'any start'} and {end or 'any end'} "
                 "(deadline overlapping the period, or recurring)")
    return LoadReport(rule=rule, start=start, end=end, threshold=threshold, peer_factor=peer_factor,
                      coordination_weight=weight, agencies=agencies[:top] if top else agencies,
                      rollup=rollup[:top] if top else rollup, groups=groups)


def _province_as_of(province: str | None, as_of: dt.date) -> str | None:
    """The province a merged province had joined by `as_of` (Phú Yên → Đắk Lắk from 2025-07-01)."""
    from kg.succession import PROVINCE_MERGER_DATE, province_mergers

    if province is None or as_of < PROVINCE_MERGER_DATE:
        return province
    return province_mergers().get(province, province)


def _rollup(source: Backend, province: str | None, parents: dict[str, tuple[str, str]],
            tops: dict[str, tuple[str, str]], info: dict[str, tuple[str, str | None, bool]],
            counts: dict[str, list[int]], is_open: dict[str, bool] | None, weight: float) -> list[RollupLoad]:
    """Each agency with units, its counts with theirs: distinct tasks per role, a lead winning over a
    co-ordination of the same task. A unit of a unit counts for every agency above it, up to the top
    one (`tops`), even when an agency between them carries no task itself. `is_open` (task -> open in
    the period) is None without a period."""
    if not parents:
        return []
    heads: dict[str, list[str]] = {}  # member -> every agency above it (itself first when it has units)
    for unit in parents:
        chain, seen, at = [], {unit}, parents[unit][0]
        while at is not None and at not in seen:  # a unit of a unit counts for both agencies above it
            chain.append(at)
            seen.add(at)
            at = parents[at][0] if at in parents else None
        if unit in tops and tops[unit][0] not in seen:  # an agency between them has no task of its own
            chain.append(tops[unit][0])
        heads[unit] = chain
    # an agency that carries no task itself is named by its units' rows; a unit is of its agency's province
    named = {parent: (parent_name, info[unit][1]) for unit, (parent, parent_name) in parents.items()}
    named.update({top: (top_name, info[unit][1]) for unit, (top, top_name) in tops.items() if top not in named})
    members: dict[str, list[str]] = defaultdict(list)  # head -> its units (any depth) that carry a task
    for unit, chain in heads.items():
        for head in chain:
            members[head].append(unit)
    for head in members:
        heads[head] = [head, *heads.get(head, [])]
    led: dict[str, list[set[str]]] = {h: [set(), set()] for h in members}  # head -> [all tasks, open tasks]
    coordinated: dict[str, list[set[str]]] = {h: [set(), set()] for h in members}
    active: set[str] = set()  # units with a task counted (with a period: open in it)
    in_province = _province_test(province)
    for row in source.assignments():
        chain = heads.get(row.agency)
        if chain is None or row.group or (province and not in_province(row.province)):
            continue
        now = True if is_open is None else is_open[row.task]
        if now:
            active.add(row.agency)
        tally = led if row.role == "lead" else coordinated
        for head in chain:
            sets = tally[head]
            sets[0].add(row.task)
            if now:
                sets[1].add(row.task)
    out = []
    for head, units in members.items():
        (lead_all, lead), (coordinate_all, coordinate) = led[head], coordinated[head]
        coordinate_all, coordinate = coordinate_all - lead_all, coordinate - lead
        if not lead and not coordinate:
            continue  # nothing of it or its units is open in the period
        name, prov = (info[head][0], info[head][1]) if head in info else named[head]
        own = counts.get(head, [0, 0, 0, 0])
        unit_ids = sorted(u for u in units if u in active)
        out.append(RollupLoad(
            id=head, name=name, province=prov, units=len(unit_ids), unit_ids=unit_ids,
            own_lead=own[2], own_coordinate=own[3], own_load=round(own[2] + weight * own[3], 3),
            lead=len(lead), coordinate=len(coordinate), load=round(len(lead) + weight * len(coordinate), 3),
            lead_all=len(lead_all), coordinate_all=len(coordinate_all),
            load_all=round(len(lead_all) + weight * len(coordinate_all), 3),
        ))
    return out


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


def quarter_windows(source: Backend, *, province: str | None = None, agencies: set[str] | None = None,
                    start: dt.date | None = None, end: dt.date | None = None,
                    coordination_weight: float = 0.5, as_of: dt.date | None = None,
                    members: bool = False) -> dict[str, dict]:
    """Load per agency per quarter, for the timeline heatmap: agency node id -> {quarter -> load}.

    Keyed by id, as `agency_load` is: two agencies of one name in two provinces are two rows (label
    them with `agency_label`). `agencies` keeps only those ids (the table's top rows). With a period,
    only the tasks open in it are placed (as `agency_load` counts them) and only its quarters shown.
    Collective groups are not drawn. Raises `BadQuestion` for a period that ends before it starts.
    With `members`, each cell holds the tasks that fill it instead: {agency -> {quarter -> [(task id,
    role)]}} (the heatmap's hover).
    """
    if as_of is not None:  # each task for the body carrying it on that date, as agency_load counts it
        source = _AsOf(source, _rows_as_of(source, as_of)[0])
        province = _province_as_of(province, as_of)
    from .timeline import TaskWindow, quarter_load, quarter_members, quarters_between

    _check_question(None, start, end)
    period = start is not None or end is not None
    windows = []
    is_open: dict[str, bool] = {}
    in_province = _province_test(province)
    for row in source.assignments():
        if row.group or (agencies is not None and row.agency not in agencies) or not in_province(row.province):
            continue
        if period:
            now = is_open.get(row.task)
            if now is None:
                now = is_open[row.task] = _open((row.start, row.end, row.recurrence), start, end)
            if not now:
                continue
        windows.append(TaskWindow(
            agency=row.agency,
            weight=1.0 if row.role == "lead" else coordination_weight,
            start=dt.date.fromisoformat(row.start) if row.start else None,
            end=dt.date.fromisoformat(row.end) if row.end else None,
            recurrence=row.recurrence,
            task=row.task,
            role=row.role,
        ))
    first = quarters_between(start, start)[0] if start else None
    last = quarters_between(end, end)[0] if end else None
    if members:
        return {agency: {q: [(w.task, w.role) for w in cell] for q, cell in row.items()}
                for agency, row in quarter_members(windows, first=first, last=last).items()}
    return quarter_load(windows, first=first, last=last)


def undated_tasks(source: Backend, *, province: str | None = None, agencies: set[str] | None = None,
                  as_of: dt.date | None = None) -> dict[str, int]:
    """Per agency, its tasks (led or co-ordinated) that carry no time at all: the heatmap cannot place
    them, so the load page counts them in a column of their own."""
    if as_of is not None:
        source = _AsOf(source, _rows_as_of(source, as_of)[0])
        province = _province_as_of(province, as_of)
    in_province = _province_test(province)
    counts: dict[str, set[str]] = defaultdict(set)
    for row in source.assignments():
        if row.group or (agencies is not None and row.agency not in agencies) or not in_province(row.province):
            continue
        if row.start is None and row.end is None and row.recurrence is None:
            counts[row.agency].add(row.task)
    return {agency: len(tasks) for agency, tasks in counts.items()}
