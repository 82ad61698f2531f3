"""How nodes and edges look in the browser views: one place for colours, shapes, labels and details.

The static view (`kg viz`) and the web app (`kg serve`) both draw with sigma.js (kg/web/explorer.js) and
must agree; the legend is made from the same table as the drawing. Every node is a disc: its colour says
its kind (a document's, its type), its size an agency's load, a red ring an overloaded agency. Everything
here is plain data; the pages put text in with `textContent`, never as HTML.
"""

from __future__ import annotations

import math

import networkx as nx

from loaders.textutil import shorten
from loaders.vocab import DOC_TYPE_BY_CODE

from .succession import carried_by

# Colour per document type (a Vietnamese reader knows the type by its name, shown in the legend).
DOC_TYPE_COLOURS = {
    "NQ": "#c0392b", "KL": "#8e44ad", "CTr": "#d35400", "KH": "#2471a3", "QĐ": "#1e8449",
    "CT": "#b7950b", "NĐ": "#6e2c00", "TT": "#117a65", "L": "#17202a", "CV": "#7f8c8d",
}
OTHER_DOC_COLOUR = "#5d6d7e"
KIND_STYLE = {  # colour and size (in layout units) by kind; documents are coloured by type instead
    "Document": {"color": OTHER_DOC_COLOUR, "size": 8},
    "Task": {"color": "#d4ac0d", "size": 3.5},
    "Agency": {"color": "#48c9b0", "size": 5},
    "Group": {"color": "#a3e4d7", "size": 5},
}
OVERLOADED_RING = "#c0392b"
EDGE_COLOURS = {
    "implements": "#c0392b", "based_on": "#e67e22", "cites": "#aab7b8", "part_of": "#d4ac0d",
    "assigned_to:lead": "#117864", "assigned_to:coordinate": "#76d7c4", "issued_by": "#85929e",
    "sub_organization_of": "#85929e", "tasks": "#117864",
}
EDGE_NAMES = {
    "implements": "implements", "based_on": "based on", "cites": "cites", "part_of": "part of",
    "assigned_to:lead": "led by", "assigned_to:coordinate": "co-ordinated by", "issued_by": "issued by",
    "sub_organization_of": "part of (agency)", "tasks": "tasks assigned",
}


def doc_type_name(code: str | None) -> str:
    known = DOC_TYPE_BY_CODE.get(code or "")
    return f"{known.name} ({code})" if known else (code or "Document")


def kind_of(data: dict) -> str:
    """Kind as drawn: collective mentions ("các Sở, ngành") are drawn apart from real agencies."""
    kind = data.get("kind", "")
    return "Group" if kind == "Agency" and data.get("collective") else kind


def label_of(data: dict) -> str:
    kind = data.get("kind")
    if kind == "Document":
        if data.get("symbol") and data.get("number"):
            return data["symbol"]
        if data.get("number"):
            return f"{data['number']}/{data.get('doc_type') or ''}".rstrip("/")
        year = data.get("year") or (data.get("date") or "")[:4]
        # a blank number ("Số: /KH-SKHCN"): what is left of the symbol, the province and the year
        head = data.get("symbol") or data.get("doc_type") or "Văn bản"
        return " ".join(str(x) for x in (head, data.get("province"), year) if x)
    if kind == "Task":
        return data.get("label") or "task"
    return shorten(data.get("name") or "", 40)


def count_in(graph, node: str, key: str) -> int:
    """How many links `key` end at `node` (graph.sqlite counts them without reading them)."""
    counted = getattr(graph, "count_in", None)
    return counted(node, key) if counted is not None else sum(1 for _, _, k in graph.in_edges(node, keys=True) if k == key)


def document_of(graph, tasks) -> dict[str, str]:
    """Each task's document (its part_of link), read at once from graph.sqlite."""
    batch = getattr(graph, "targets", None)
    if batch is not None:
        return batch(tasks, "part_of")
    return {t: d for t in tasks for d in [next((v for _, v, k in graph.out_edges(t, keys=True) if k == "part_of"), None)]
            if d is not None}


def details_of(graph: nx.MultiDiGraph, node: str, data: dict, load: dict | None = None) -> list[list[str]]:
    """[[field, value], ...]: what hovering or clicking a node shows, in the order a reader wants it."""
    kind = data.get("kind")
    rows: list[list[str | None]] = []
    if kind == "Document":
        issuer = data.get("issuer")
        rows += [
            ["Type", doc_type_name(data.get("doc_type"))],
            ["Number", data.get("symbol") or data.get("number") or "(blank in the document)"],
            ["Date", data.get("date") or (str(data["year"]) if data.get("year") else "(blank in the document)")],
            ["Issuer", graph.nodes[issuer].get("name") if issuer in graph else None],
            ["Title", data.get("title")],
            ["Province", data.get("province")],
            ["Tasks", count_in(graph, node, "part_of") or None],
            ["File", data.get("source")],
        ]
    elif kind == "Task":
        deadline = data.get("deadline") or {}
        rows += [
            ["Task", data.get("label")],
            ["Text", shorten(data.get("text") or "", 600)],
            ["Section", data.get("heading")],
            ["Deadline", deadline.get("text")],
            ["Product", data.get("product")],
            ["File", data.get("source")],
        ]
    else:
        rows += [["Agency" if not data.get("collective") else "Group of agencies", data.get("name")],
                 ["Province", data.get("province") or "national"]]
        if load:
            rows += [["Leads", str(load["lead"])], ["Co-ordinates", str(load["coordinate"])],
                     ["Load", f"{load['load']:g}" + (" (overloaded)" if load.get("overloaded") else "")]]
        steps = carried_by(graph, node)  # who carries its duties since the 2025 reorganisation
        if steps:
            rows.append(["Carried now by", " → ".join(
                f"{s['name']} ({s['province'] or 'national'}) from {s['date']}, {s['basis']}"
                + ("" if s["unit_known"] else " (unit not known)") for s in steps)])
    return [[k, str(v)] for k, v in rows if v not in (None, "")]


def node_view(graph: nx.MultiDiGraph, node: str, load: dict | None = None, data: dict | None = None,
              document: tuple[str | None, dict | None] | None = None) -> dict:
    """A node as the pages draw it (id, label, kind, colour, size) plus what they filter, search and show
    on (`data`: the node's attributes when already read; `document`: a task's document and its
    attributes, or (None, None) when it has none, when already read). A search hit says what the node
    is: `words` (the first words of a task's text or a document's title, an agency's whole name) and,
    for a task, `doc_label` (its document's number)."""
    data = graph.nodes[node] if data is None else data
    kind = kind_of(data)
    style = KIND_STYLE.get(kind, KIND_STYLE["Document"])
    colour = DOC_TYPE_COLOURS.get(data.get("doc_type"), OTHER_DOC_COLOUR) if kind == "Document" else style["color"]
    size = style["size"]
    if kind == "Agency" and load:  # bigger with its load, never big enough to hide its neighbours
        size = round(style["size"] + min(7.0, 0.8 * math.sqrt(load["load"])), 1)
    label = label_of(data)
    words = data.get("text") if kind == "Task" else data.get("title") if kind == "Document" else data.get("name")
    view = {
        "id": node, "label": label, "kind": kind, "color": colour, "size": size,
        "province": data.get("province") or "", "doc_type": data.get("doc_type") or "",
        "words": "" if words == label else shorten(words or "", 90),
        "details": details_of(graph, node, data, load),
    }
    if kind == "Agency" and load and load.get("overloaded"):
        view["overloaded"] = True
    if kind == "Task":  # filters follow the task's document
        if document is None:
            found = document_of(graph, [node]).get(node)
            document = (found, graph.nodes[found] if found is not None else None)
        view["document"], doc = document
        if doc is not None:
            view["doc_label"] = label_of(doc)
            view["province"] = view["province"] or doc.get("province") or ""
    return view


def edge_view(source: str, target: str, key: str, data: dict) -> dict:
    """An edge with its type, its colour and the quotation that states it."""
    kind = key if key in EDGE_COLOURS else data.get("type", key)
    evidence = data.get("evidence") or [data]
    view = {
        "id": f"{source}|{key}|{target}", "from": source, "to": target, "type": kind,
        "name": EDGE_NAMES.get(kind, kind), "color": EDGE_COLOURS.get(kind, "#aab7b8"),
        "evidence": [{"quote": e.get("quote"), "file": e.get("file"), "start": e.get("start"), "end": e.get("end")}
                     for e in evidence if e.get("quote")],
    }
    if data.get("inherited"):
        view["inherited"] = True
    return view


def legend() -> dict:
    """What the legend lists, drawn as the view draws them: node kinds as discs of their colour and
    relative size (an overloaded agency with its ring), document types with their colours, links."""
    kinds = [
        {"name": "Document (colour: its type)", "color": OTHER_DOC_COLOUR, "px": 13},
        {"name": "Task", "color": KIND_STYLE["Task"]["color"], "px": 7},
        {"name": "Agency (size: its load)", "color": KIND_STYLE["Agency"]["color"], "px": 10},
        {"name": "Overloaded agency (red ring)", "color": KIND_STYLE["Agency"]["color"], "px": 12,
         "ring": OVERLOADED_RING},
        {"name": "Group of agencies (“các Sở, ngành”)", "color": KIND_STYLE["Group"]["color"], "px": 10},
    ]
    return {
        "kinds": kinds,
        "doc_types": [{"code": c, "name": doc_type_name(c), "color": col} for c, col in DOC_TYPE_COLOURS.items()],
        "edges": [{"type": k, "name": n, "color": EDGE_COLOURS[k]} for k, n in EDGE_NAMES.items() if k != "tasks"],
    }
