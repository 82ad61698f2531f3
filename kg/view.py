"""The static view (`kg viz`): one self-contained HTML page of the graph, drawn by sigma.js (WebGL).

Why it is built this way:
- Offline: sigma.js and graphology (MIT, shipped in kg/web/vendor) are inlined; no CDN, no fetch.
- Holds at scale: sigma draws with WebGL and only the labels that do not collide (all of them as one
  zooms in); vis-network, used before, repainted every edge on the canvas each frame (bench/view_fps.py).
- Fast to open: positions are computed here with networkx, province by province, and each province's
  cluster is named where it is drawn.
- Large graphs: above `detail_limit` nodes the page draws an overview (documents and agencies);
  each document's tasks are folded into it and open on demand, and are found by the search.
- One client: kg/web/explorer.js draws this page and the app of `kg serve` alike (search, filters,
  trace, the address holding the view); here it answers every question from the page's own data.
- Safe: document text travels as JSON inside a `<script type="application/json">` (Jinja's `tojson`
  escapes `<`, `>` and `&`) and is put into the page as text, never as HTML.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jinja2
import networkx as nx

from loaders.textutil import shorten
from queries.answers import agency_load
from queries.backends import Backend, NetworkxBackend

from . import present
from .files import replaced

WEB = Path(__file__).parent / "web"
VENDOR = WEB / "vendor"
DETAIL_LIMIT = 500
BUILD_VIEW_LIMIT = 20_000  # `kg build` writes the page up to this many nodes; past it, `kg serve`
FOLDED_LIMIT = 5_000  # tasks the overview carries for "Show its tasks"; past it, the page says so
OVERVIEW_QUOTE = 300  # characters of an implements quotation the overview carries (kg serve has them whole)
OVERVIEW_QUOTE_OTHER = 160  # of any other link's


@dataclass
class ViewSummary:
    path: Path
    nodes: int  # drawn when the page opens
    edges: int
    folded_tasks: int  # tasks folded into their documents (overview only)
    overview: bool
    bytes: int


def agency_loads(source: Backend) -> dict[str, dict]:
    """Load per agency id (lead, coordinate, load, overloaded), as the agencies question counts it."""
    report = agency_load(source)
    return {a.id: a.model_dump() for a in report.agencies + report.groups}


def write_view(graph: nx.MultiDiGraph, out: Path, *, detail_limit: int = DETAIL_LIMIT, seed: int = 7) -> ViewSummary:
    """Write the page to `out`; an overview when the graph has more than `detail_limit` nodes."""
    loads = agency_loads(NetworkxBackend(graph))
    overview = graph.number_of_nodes() > detail_limit
    drawn = [n for n, d in graph.nodes(data=True) if not (overview and d.get("kind") == "Task")]
    positions, clusters = layout(graph.subgraph(drawn), seed=seed)
    nodes = [_placed(present.node_view(graph, n, loads.get(n)), positions[n]) for n in drawn]
    drawn_set = set(drawn)
    edges = [present.edge_view(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
             if u in drawn_set and v in drawn_set]
    folded: dict[str, dict] = {}
    if overview:
        edges += _task_bundles(graph)
        folded = _folded_tasks(graph, loads)
        for edge in edges + [e for f in folded.values() for e in f["edges"]]:
            longest = OVERVIEW_QUOTE if edge["type"] == "implements" else OVERVIEW_QUOTE_OTHER
            for evidence in edge["evidence"]:
                if evidence["quote"] and len(evidence["quote"]) > longest:
                    evidence["quote"] = evidence["quote"][:longest - 1] + "…"

    provinces = sorted({d.get("province") for _, d in graph.nodes(data=True) if d.get("province")})
    types = sorted({d.get("doc_type") for _, d in graph.nodes(data=True) if d.get("doc_type")})
    counts = defaultdict(int)
    for _, d in graph.nodes(data=True):
        counts[present.kind_of(d)] += 1
    summary = (f"{counts['Document']} documents, {counts['Task']} tasks, {counts['Agency']} agencies and "
               f"{counts['Group']} groups of agencies; {graph.number_of_edges()} links.")
    page = environment().get_template("explorer.html").render(
        title="policy-kg — graph of policy documents", summary=summary, inline=True, app=False,
        hint="Click a node or a link to see its details and the words that state it; pick a task and "
             "“Trace” to see the path to the top document.",
        provinces=provinces, doc_types=[{"code": t, "name": present.doc_type_name(t)} for t in types],
        legend=present.legend(),
        data=_pack(nodes, edges, folded, overview=overview, clusters=clusters),
        css=(WEB / "style.css").read_text(encoding="utf-8"),
        graphology_js=(VENDOR / "graphology.umd.min.js").read_text(encoding="utf-8"),
        sigma_js=(VENDOR / "sigma.min.js").read_text(encoding="utf-8"),
        common_js=(WEB / "common.js").read_text(encoding="utf-8"),
        explorer_js=(WEB / "explorer.js").read_text(encoding="utf-8"),
        page_js=(WEB / "view.js").read_text(encoding="utf-8"),
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replaced(out) as file:
        file.write(page)
    return ViewSummary(out, len(nodes), len(edges), sum(len(f["nodes"]) for f in folded.values()), overview,
                       out.stat().st_size)


def _pack(nodes: list[dict], edges: list[dict], folded: dict[str, dict], **extra) -> dict:
    """The page's data, small: node and link views as rows, every repeated string (field names,
    provinces, issuers, files, quotations) once in `strings`, links by node number. kg/web/view.js
    unpacks it into the same views `kg serve` sends. At 10,000 documents: 97 MB of views, a 19.5 MB page."""
    strings: list[str] = []
    index: dict[str, int] = {}

    def s(text):
        if text is None:
            return None
        at = index.get(text)
        if at is None:
            at = index[text] = len(strings)
            strings.append(text)
        return at

    all_nodes = nodes + [t for f in folded.values() for t in f["nodes"]]
    all_edges = edges + [e for f in folded.values() for e in f["edges"]]
    number = {v["id"]: i for i, v in enumerate(all_nodes)}
    node_rows = []
    for v in all_nodes:
        said = dict(v["details"]).get("Title") or dict(v["details"]).get("Text") or ""
        words = v.get("words") or ""
        if words and said and shorten(said, 90) == words:
            words = ""  # the page makes them again from the title or the text
        node_rows.append([
            v["id"], s(v["label"]), s(v["kind"]), s(v["color"]), v["size"], s(v["province"]), s(v["doc_type"]),
            words, [s(x) for pair in v["details"] for x in pair], v.get("x"), v.get("y"),
            1 if v.get("overloaded") else 0, number.get(v.get("document"), -1), s(v.get("doc_label")),
        ])
    edge_rows = []
    edge_number: dict[int, int] = {}
    key_types: dict[str, str] = {}  # a link's type, where its key is not its type
    for e in all_edges:
        if e["from"] not in number or e["to"] not in number:
            continue
        key = e["id"][len(e["from"]) + 1:len(e["id"]) - len(e["to"]) - 1]
        if e["type"] != key:
            key_types[key] = e["type"]
        row = [number[e["from"]], number[e["to"]], s(key),
               [x for ev in e["evidence"] for x in (s(ev["quote"]), s(ev["file"]), ev["start"], ev["end"])]]
        if e["type"] == "tasks":
            row.append([e["count"], s(e["name"])])
        elif e.get("inherited"):
            row.append(1)
        edge_number[id(e)] = len(edge_rows)
        edge_rows.append(row)
    folded_rows = [[number[doc], [number[t["id"]] for t in f["nodes"]],
                    [edge_number[id(e)] for e in f["edges"] if id(e) in edge_number]] for doc, f in folded.items()]
    return {"strings": strings, "nodes": node_rows, "drawn": len(nodes), "edges": edge_rows,
            "drawn_edges": sum(1 for e in edges if e["from"] in number and e["to"] in number),
            "folded": folded_rows, "key_types": key_types, "edge_types": {k: {"name": present.EDGE_NAMES[k], "color": present.EDGE_COLOURS[k]}
                                                  for k in present.EDGE_NAMES}, **extra}


def environment() -> jinja2.Environment:
    """The pages' templates (graph.html, kg serve's app and load page): escaped, compact JSON."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(WEB), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    environment.policies["json.dumps_kwargs"] = {"separators": (",", ":"), "ensure_ascii": False}
    return environment


def _placed(view: dict, xy: tuple[float, float]) -> dict:
    view["x"], view["y"] = round(xy[0], 1), round(xy[1], 1)
    return view


def _task_bundles(graph: nx.MultiDiGraph) -> list[dict]:
    """Overview links document → agency: how many of the document's tasks the agency leads or co-ordinates."""
    bundles: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"lead": 0, "coordinate": 0})
    for task, agency, data in graph.edges(data=True):
        if data.get("type") == "assigned_to":
            for _, doc, key in graph.out_edges(task, keys=True):
                if key == "part_of":
                    bundles[(doc, agency)][data["role"]] += 1
    edges = []
    for (doc, agency), roles in sorted(bundles.items()):
        parts = [f"leads {roles['lead']}" if roles["lead"] else "", f"co-ordinates {roles['coordinate']}"
                 if roles["coordinate"] else ""]
        edges.append({
            "id": f"{doc}|tasks|{agency}", "from": doc, "to": agency, "type": "tasks",
            "name": f"{present.EDGE_NAMES['tasks']}: " + ", ".join(p for p in parts if p),
            "color": present.EDGE_COLOURS["tasks"], "count": roles["lead"] + roles["coordinate"], "evidence": [],
        })
    return edges


def _folded_tasks(graph: nx.MultiDiGraph, loads: dict[str, dict]) -> dict[str, dict]:
    """Per document, its task nodes and their links, for the overview to open on demand."""
    folded: dict[str, dict] = defaultdict(lambda: {"nodes": [], "edges": []})
    carried = 0
    for task, data in graph.nodes(data=True):
        if data.get("kind") != "Task":
            continue
        view = present.node_view(graph, task)
        if view.get("document") is None or (carried >= FOLDED_LIMIT and view["document"] not in folded):
            continue
        carried += 1
        entry = folded[view["document"]]
        entry["nodes"].append(view)
        entry["edges"] += [present.edge_view(u, v, k, d) for u, v, k, d in graph.out_edges(task, keys=True, data=True)]
    return dict(folded)


def layout(graph: nx.MultiDiGraph, *, seed: int = 7) -> tuple[dict[str, tuple[float, float]], list[dict]]:
    """Positions in layout units: each province laid out on its own (spring layout), national documents
    in the middle, provinces on rings around them. Cost grows with the largest province, not the corpus.
    Also each province's circle ({name, x, y, r}), for the page to name it."""
    groups: dict[str, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        home = data.get("province")
        if data.get("kind") == "Task":  # a task sits with its document
            home = next((graph.nodes[d].get("province") for _, d, k in graph.out_edges(node, keys=True)
                         if k == "part_of"), None)
        groups[home or ""].append(node)
    placed: list[tuple[str, float, dict]] = []  # group, radius, positions around (0, 0)
    for name in sorted(groups, key=lambda g: (g != "", -len(groups[g]), g)):
        members = sorted(groups[name])
        sub = nx.Graph(graph.subgraph(members))
        radius = 45 * math.sqrt(len(members)) + 30
        if len(members) == 1:
            pos = {members[0]: (0.0, 0.0)}
        else:
            # an iteration costs n² for a group of n: big groups get fewer, so the cost grows like n, not n²
            iterations = 100 if len(members) <= 500 else max(15, 50_000 // len(members))
            pos = nx.spring_layout(sub, seed=seed, scale=radius, k=3.0 / math.sqrt(len(members)),
                                   iterations=iterations)
        placed.append((name, radius, {n: (float(x), float(y)) for n, (x, y) in pos.items()}))
    positions: dict[str, tuple[float, float]] = {}
    clusters: list[dict] = []
    centre_radius = placed[0][1] if placed and placed[0][0] == "" else 0.0
    ring = [p for p in placed if p[0] != ""]
    if placed and placed[0][0] == "":
        positions.update(placed[0][2])
    # Rings of provinces: each ring holds as many as fit at its distance from the centre.
    distance, index = centre_radius, 0
    while index < len(ring):
        widest = max(r for _, r, _ in ring[index:index + 40])
        distance += widest + 80
        fit = max(1, int(2 * math.pi * distance // (2 * widest + 40)))
        batch = ring[index:index + fit]
        for i, (name, radius, pos) in enumerate(batch):
            angle = 2 * math.pi * i / len(batch)
            cx, cy = distance * math.cos(angle), distance * math.sin(angle)
            positions.update({n: (cx + x, cy + y) for n, (x, y) in pos.items()})
            clusters.append({"name": name, "x": round(cx, 1), "y": round(cy, 1), "r": round(radius, 1)})
        distance += widest
        index += fit
    return positions, clusters
