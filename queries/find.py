"""Finding things by what a person types: a symbol, a type and number, words of a title, a name.

    find(source, "khởi nghiệp", kind="task")        # ranked matches and how many there are
    resolve_document(source, "11 -nq/tu")            # 'doc/phu-yen/nq-tu/11/2021'
    resolve_document(source, "KH 209")               # 'doc/phu-yen/kh-ubnd/209/2021'
    resolve_province(source, "tinh phu yen")         # 'Phú Yên'
    show(source, "doc/phu-yen/kh-ubnd/209/2021")     # the node and its links, with their quotations

A resolver returns one node id, or raises `NotFound` (a sentence saying what to type instead) or
`Ambiguous` (every candidate of the best kind of match, best first, and how many there are). Ids are
printed as people type them (percent-decoded: `…/PLI:2.1`) and accepted in either spelling. Every
backend answers: the listings are named queries (`documents_all`, `agencies`, `tasks`) with bound
parameters only; matching and ranking happen here, the same for all.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from pydantic import BaseModel, ConfigDict

from loaders.textutil import fold, shorten, strip_diacritics
from loaders.vocab import DOC_TYPES

KINDS = ("document", "task", "agency", "province")
_KIND_ORDER = {"province": 0, "document": 1, "agency": 2, "task": 3}


class NotFound(LookupError):
    """Nothing in the graph is what was typed; the message says what to type instead."""


class Ambiguous(LookupError):
    """What was typed names several things: `candidates` (best first, Match) and their `total`."""

    def __init__(self, message: str, candidates: list["Match"], total: int):
        super().__init__(message)
        self.candidates = candidates
        self.total = total


class Match(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str  # as a person types it (percent-decoded)
    kind: str  # document, task, agency or province
    label: str  # one line a person recognises it by
    text: str | None = None  # a document's title, a task's text
    province: str | None = None
    document: str | None = None  # a task's document (its symbol, or id)
    score: int = 0  # 0 exact, 1 a type and number or a prefix, 2 every word


class FindResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str
    total: int
    matches: list[Match]


class LinkView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    direction: str  # "out": this node → other; "in": other → this node
    other: str  # the other end's id, as typed
    label: str | None = None  # the other end, in words
    role: str | None = None  # lead / coordinate for assigned_to
    quote: str | None = None
    file: str | None = None


class NodeView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    label: str
    attributes: dict
    links: list[LinkView]
    more: dict[str, int] = {}  # links left out per type (beyond the limit)


# --------------------------------------------------------------------------------------------------
# Listings, from any backend
# --------------------------------------------------------------------------------------------------

def display_id(node: str) -> str:
    """An id as a person types it: `…/PLI%3A2.1` → `…/PLI:2.1`."""
    return unquote(node) if "%" in node else node


def _value(row, key):
    value = row[key]
    return None if value is None else getattr(value, "value", value)


class _Index:
    """What the questions search, read once per backend: documents, agencies, tasks, provinces."""

    def __init__(self, source):
        self.source = source
        self.documents = _documents(source)
        self.agencies = _agencies(source)
        self.tasks = [{"id": t, "label": label, "text": text} for t, label, text in source.tasks()]
        provinces = {d["province"] for d in self.documents if d.get("province")}
        provinces |= {a["province"] for a in self.agencies if a.get("province")}
        self.provinces = sorted(provinces)
        self.by_display = {display_id(x["id"]): x["id"] for group in (self.documents, self.agencies, self.tasks)
                           for x in group}
        self.doc_symbol = {d["id"]: _document_label(d) for d in self.documents}
        self.task_document: dict[str, str] | None = None


def _documents(source) -> list[dict]:
    name = getattr(source, "name", "")
    if hasattr(source, "graph"):  # networkx
        graph = source.graph
        out = []
        for node, d in graph.nodes(data=True):
            if d.get("kind") != "Document":
                continue
            issuer = d.get("issuer")
            out.append({"id": node, "doc_type": d.get("doc_type"), "number": d.get("number"), "symbol": d.get("symbol"),
                        "year": d.get("year"), "date": d.get("date"), "title": d.get("title"),
                        "province": d.get("province"), "source": d.get("source"),
                        "issuer": graph.nodes[issuer].get("name") if issuer in graph else None})
        return sorted(out, key=lambda d: d["id"])
    if name == "sparql":
        out = []
        for r in source._rows("documents_all.rq"):  # noqa: SLF001 - the backend's own query runner
            year = _value(r, "year")
            out.append({"id": _value(r, "id"), "doc_type": _value(r, "docType"), "number": _value(r, "number"),
                        "symbol": _value(r, "symbol"), "year": int(str(year)[:4]) if year else None,
                        "date": _value(r, "date"), "title": _value(r, "title"), "province": _value(r, "province"),
                        "source": _value(r, "file"), "issuer": _value(r, "issuerName")})
        out = {d["id"]: d for d in out}  # a document with two issuers' names: one row
        return sorted(out.values(), key=lambda d: d["id"])
    rows = source._rows("documents_all.cypher")  # noqa: SLF001
    return [{**r, "source": r.get("file")} for r in rows]


def _agencies(source) -> list[dict]:
    name = getattr(source, "name", "")
    if hasattr(source, "graph"):
        graph = source.graph
        parents = {u: v for u, v, d in graph.edges(data=True) if d.get("type") == "sub_organization_of"}
        return sorted(({"id": n, "name": d.get("name") or n, "province": d.get("province"),
                        "group": bool(d.get("collective")), "aliases": list(d.get("aliases") or []),
                        "parent": parents.get(n)}
                       for n, d in graph.nodes(data=True) if d.get("kind") == "Agency"), key=lambda a: a["id"])
    if name == "sparql":
        out = []
        for r in source._rows("agencies.rq"):  # noqa: SLF001
            aliases = _value(r, "aliases")
            out.append({"id": _value(r, "id"), "name": _value(r, "name"), "province": _value(r, "province"),
                        "group": str(_value(r, "group")).lower() == "true",
                        "aliases": [a for a in (aliases or "").split("\u001f") if a]})
        return out
    return [{**r, "group": bool(r["group"]), "aliases": list(r.get("aliases") or [])}
            for r in source._rows("agencies.cypher")]  # noqa: SLF001


_INDEXES: dict[int, tuple[object, _Index]] = {}


def _index(source) -> _Index:
    """One index per backend object (the graph is read-only once loaded)."""
    held = _INDEXES.get(id(source))
    if held is None or held[0] is not source:
        held = _INDEXES[id(source)] = (source, _Index(source))
    return held[1]


# --------------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------------

def symbol_key(text: str) -> str:
    """A symbol as compared: no accents, capitals, no spaces ('11 -nq/tu' and '11-NQ/TU' agree)."""
    return re.sub(r"\s+", "", strip_diacritics(text)).upper()


def _type_words() -> list[tuple[str, str]]:
    """(folded name or code, code), longest first: 'nghi quyet' → NQ, 'kh' → KH."""
    pairs = []
    for t in DOC_TYPES:
        for name in (t.name, *t.names, t.code):
            pairs.append((fold(name), t.code))
    return sorted(set(pairs), key=lambda p: -len(p[0]))


_TYPED_NUMBER = re.compile(r"^(?:(?P<type>[a-z ]+?)\s*)?(?:so\s*)?(?P<number>\d+)(?:\s*(?:nam\s*)?(?P<year>(?:19|20)\d\d))?$")


def _type_and_number(text: str) -> tuple[str | None, str, int | None] | None:
    """'KH 209', 'Kế hoạch số 209', 'nghị quyết 11', '209', 'NQ 11 2021' → (type code or None, number, year)."""
    folded = fold(text)
    match = _TYPED_NUMBER.match(folded)
    if not match:
        return None
    code = None
    if match["type"]:
        words = match["type"].strip()
        code = next((c for name, c in _type_words() if name == words), None)
        if code is None:
            return None
    return code, match["number"], int(match["year"]) if match["year"] else None


def _document_label(d: dict) -> str:
    symbol = d.get("symbol") or (f"{d['number']}" if d.get("number") else "(no number)")
    when = d.get("date") or (str(d["year"]) if d.get("year") else "")
    return " ".join(x for x in (d.get("doc_type"), symbol, when) if x and x != "?")


def _document_text(d: dict) -> str:
    names = next(((t.name, *t.names) for t in DOC_TYPES if t.code == d.get("doc_type")), ())
    return fold(" ".join(str(x) for x in (d.get("symbol"), d.get("number"), d.get("title"), *names,
                                          d.get("issuer"), d.get("province"), d.get("year")) if x))


def _document_score(d: dict, text: str, words: list[str]) -> int | None:
    key = symbol_key(text)
    symbol = d.get("symbol")
    if symbol and symbol_key(symbol) == key:
        return 0
    typed = _type_and_number(text)
    if typed:
        code, number, year = typed
        if str(d.get("number") or "") == number and (code is None or d.get("doc_type") == code) \
                and (year is None or d.get("year") == year):
            return 1
    if symbol and len(key) >= 3 and symbol_key(symbol).startswith(key) and any(ch.isdigit() for ch in key):
        return 1
    if words and all(w in _document_text(d) for w in words):
        title = fold(d.get("title") or "")
        return 2 if title.startswith(" ".join(words)) else 3
    return None


def _agency_score(a: dict, words: list[str]) -> int | None:
    wanted = " ".join(words)
    names = [fold(a["name"]), *(fold(x) for x in a.get("aliases") or [])]
    if wanted in names:
        return 0
    if any(n.startswith(wanted) for n in names):
        return 1
    haystack = " ".join(names + [fold(a.get("province") or "")])
    if all(w in haystack for w in words):
        return 2
    return None


def _task_score(t: dict, words: list[str]) -> int | None:
    wanted = " ".join(words)
    if fold(t["label"]) == wanted:
        return 0
    text = fold(t["text"])
    if text.startswith(wanted):
        return 1
    if wanted in text:
        return 2
    if all(w in text for w in words):
        return 3
    return None


_PROVINCE_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp)\s+")


def _province_key(text: str) -> str:
    return _PROVINCE_PREFIX.sub("", fold(text.replace("-", " ")))


def _agency_label(a: dict) -> str:
    return f"{a['name']} ({a.get('province') or 'national'})"


def _province_of_task(index: _Index, task: str) -> str | None:
    doc = _task_documents(index).get(task)
    return next((d.get("province") for d in index.documents if d["id"] == doc), None) if doc else None


def _task_documents(index: _Index) -> dict[str, str]:
    if index.task_document is None:
        source = index.source
        if hasattr(source, "graph"):
            index.task_document = {u: v for u, v, d in source.graph.edges(data=True) if d.get("type") == "part_of"}
        else:
            index.task_document = {}
    return index.task_document


def _document_match(d: dict, score: int) -> Match:
    return Match(id=display_id(d["id"]), kind="document", score=score, text=d.get("title"), province=d.get("province"),
                 label=_document_label(d) + (f" — {shorten(d['title'], 80)}" if d.get("title") else ""))


def _agency_match(a: dict, score: int) -> Match:
    return Match(id=display_id(a["id"]), kind="agency", label=_agency_label(a) + (" — a group" if a.get("group") else ""),
                 province=a.get("province"), score=score)


def _task_match(t: dict, score: int, **more) -> Match:
    return Match(id=display_id(t["id"]), kind="task", label=f"{t['label']}: {shorten(t['text'], 90)}", text=t["text"],
                 score=score, **more)


def find(source, text: str, *, kind: str | None = None, province: str | None = None, limit: int = 20) -> FindResult:
    """Everything that matches `text` (every word, accents and case aside), best first; `total` counts all."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    index = _index(source)
    words = fold(text).split()
    scored: list[tuple[int, int, str, Match]] = []
    if not words and not text.strip():
        return FindResult(query=text, total=0, matches=[])
    in_province = (lambda p: True) if not province else (lambda p: p is not None and fold(p) == fold(province))
    if kind in (None, "province"):
        for p in index.provinces:
            key = _province_key(text)
            if key and (fold(p) == key or fold(p).startswith(key)) and in_province(p):
                scored.append((0 if fold(p) == key else 1, _KIND_ORDER["province"], p,
                               Match(id=p, kind="province", label=p, province=p)))
    if kind in (None, "document"):
        for d in index.documents:
            score = _document_score(d, text, words)
            if score is not None and in_province(d.get("province")):
                scored.append((score, _KIND_ORDER["document"], d["id"], _document_match(d, score)))
    if kind in (None, "agency"):
        for a in index.agencies:
            score = _agency_score(a, words) if words else None
            if score is not None and in_province(a.get("province")):
                scored.append((score, _KIND_ORDER["agency"], a["id"], _agency_match(a, score)))
    if kind in (None, "task"):
        documents = _task_documents(index)
        for t in index.tasks:
            score = _task_score(t, words) if words else None
            if score is None:
                continue
            doc = documents.get(t["id"])
            task_province = _province_of_task(index, t["id"]) if province else None
            if province and not in_province(task_province):
                continue
            scored.append((score, _KIND_ORDER["task"], t["id"], _task_match(
                t, score, document=index.doc_symbol.get(doc) if doc else None, province=task_province)))
    scored.sort(key=lambda s: (s[0], s[1], s[2]))
    return FindResult(query=text, total=len(scored), matches=[m for *_, m in scored[:limit]])


# --------------------------------------------------------------------------------------------------
# Resolvers
# --------------------------------------------------------------------------------------------------

def _as_id(index: _Index, text: str, prefix: str) -> str | None:
    text = text.strip()
    if not text.startswith(prefix):
        return None
    for candidate in (text, index.by_display.get(text), index.by_display.get(unquote(text))):
        if candidate and (candidate in index.by_display.values()):
            return candidate
    return None


def _one(text: str, what: str, scored: list[tuple[int, str, Match]], hint: str) -> str:
    if not scored:
        raise NotFound(f"no {what} matches “{text}”: {hint}")
    scored.sort(key=lambda s: (s[0], s[1]))
    best = [s for s in scored if s[0] == scored[0][0]]
    if len(best) == 1:
        return best[0][1]
    raise Ambiguous(f"“{text}” matches {len(best)} {what}s", [m for *_, m in best], len(best))


def resolve_document(source, text: str) -> str:
    """One document's id from its id, symbol ('11-NQ/TU'), type and number ('KH 209'), number or title words."""
    index = _index(source)
    found = _as_id(index, text, "doc/")
    if found:
        return found
    words = fold(text).split()
    scored = []
    for d in index.documents:
        score = _document_score(d, text, words)
        if score is not None:
            scored.append((score, d["id"], _document_match(d, score)))
    return _one(text, "document", scored, "give its symbol as written (209/KH-UBND, 11-NQ/TU), its type and number "
                "(KH 209), words of its title, or look for it with `kg find`")


def resolve_task(source, text: str) -> str:
    """One task's id from its id (in either spelling) or words of its label or text."""
    index = _index(source)
    found = _as_id(index, text, "task/")
    if found:
        return found
    words = fold(text).split()
    scored = []
    for t in index.tasks:
        score = _task_score(t, words) if words else None
        if score is not None:
            scored.append((min(score, 2), t["id"], _task_match(t, score)))
    return _one(text, "task", scored, "give other words of its text, or its id as `kg find --kind task` prints it")


def resolve_agency(source, text: str, province: str | None = None) -> str:
    """One agency's id from its id or name (a name several provinces share needs `province`)."""
    index = _index(source)
    found = _as_id(index, text, "agency/")
    if found:
        return found
    words = fold(text).split()
    scored = []
    for a in index.agencies:
        score = _agency_score(a, words) if words else None
        if score is not None and (not province or fold(a.get("province") or "") == fold(province)):
            scored.append((score, a["id"], _agency_match(a, score)))
    return _one(text, "agency", scored, "give its name as the documents write it, or look for it with `kg find --kind agency`")


def resolve_province(source, text: str) -> str:
    """A province's name as the graph has it ('Phú Yên') from 'tỉnh Phú Yên', 'phu yen', 'phu-yen'."""
    index = _index(source)
    key = _province_key(text)
    exact = [p for p in index.provinces if fold(p) == key]
    if len(exact) == 1:
        return exact[0]
    prefix = [p for p in index.provinces if key and fold(p).startswith(key)]
    if len(prefix) == 1:
        return prefix[0]
    if len(prefix) > 1:
        raise Ambiguous(f"“{text}” matches {len(prefix)} provinces", [Match(id=p, kind="province", label=p)
                                                                       for p in prefix], len(prefix))
    listed = ", ".join(index.provinces) or "none"
    raise NotFound(f"no province “{text}” in this graph; its provinces are: {listed}")


def resolve_node(source, text: str, province: str | None = None) -> str:
    """Any one node: an id, else a document (symbol, type and number), else an agency, else a task."""
    index = _index(source)
    for prefix in ("doc/", "agency/", "task/"):
        found = _as_id(index, text, prefix)
        if found:
            return found
    words = fold(text).split()
    scored = []
    for d in index.documents:
        score = _document_score(d, text, words)
        if score is not None and score <= 1:
            scored.append((score, d["id"], _document_match(d, score)))
    if not scored:
        for a in index.agencies:
            score = _agency_score(a, words) if words else None
            if score is not None and (not province or fold(a.get("province") or "") == fold(province)):
                scored.append((score, a["id"], _agency_match(a, score)))
    if not scored:
        for d in index.documents:
            score = _document_score(d, text, words)
            if score is not None:
                scored.append((score, d["id"], _document_match(d, score)))
        for t in index.tasks:
            score = _task_score(t, words) if words else None
            if score is not None:
                scored.append((score + 1, t["id"], _task_match(t, score)))
    return _one(text, "node", scored, "look for it with `kg find`, which lists ids to give `kg show`")


# --------------------------------------------------------------------------------------------------
# One node and its links
# --------------------------------------------------------------------------------------------------

_ATTRIBUTES = {
    "Document": ("doc_type", "number", "symbol", "date", "year", "title", "province", "issuer", "source", "format"),
    "Task": ("label", "code", "text", "product", "deadline", "source", "location"),
    "Agency": ("name", "aliases", "province", "collective"),
}


def show(source, node: str, *, limit: int = 50) -> NodeView:
    """One node with its attributes and links in and out (each with its quotation); `limit` per type."""
    graph = getattr(source, "graph", None)
    if graph is None:
        raise NotImplementedError("`show` reads the embedded graph (networkx backend)")
    if node not in graph:
        raise NotFound(f"no node “{node}” in this graph; look for it with `kg find`")
    data = graph.nodes[node]
    kind = data.get("kind", "?")
    attributes = {}
    for key in _ATTRIBUTES.get(kind, ()):
        value = data.get(key)
        if key == "issuer" and value in graph:
            value = graph.nodes[value].get("name")
        if key == "deadline" and isinstance(value, dict):
            value = value.get("text")
        attributes[key] = value
    parents = [v for _, v, d in graph.out_edges(node, data=True) if d.get("type") == "sub_organization_of"]
    if parents:
        attributes["part of"] = display_id(parents[0])
    links: list[LinkView] = []
    counts: dict[str, int] = {}
    edges = [("out", v, d) for _, v, d in graph.out_edges(node, data=True)]
    edges += [("in", u, d) for u, _, d in graph.in_edges(node, data=True)]
    order = {"implements": 0, "based_on": 1, "part_of": 3, "assigned_to": 2, "cites": 4, "issued_by": 5}
    edges.sort(key=lambda e: (order.get(e[2].get("type"), 9), e[0], e[1]))
    for direction, other, d in edges:
        kind_of_link = d.get("type", "?")
        counts[kind_of_link] = counts.get(kind_of_link, 0) + 1
        if counts[kind_of_link] > limit:
            continue
        links.append(LinkView(type=kind_of_link, direction=direction, other=display_id(other),
                              label=_node_label(graph, other), role=d.get("role"), quote=d.get("quote"),
                              file=d.get("file")))
    more = {k: n - limit for k, n in counts.items() if n > limit}
    return NodeView(id=display_id(node), kind=kind, label=_node_label(graph, node), attributes=attributes,
                    links=links, more=more)


def _node_label(graph, node: str) -> str:
    d = graph.nodes[node]
    if d.get("kind") == "Document":
        return _document_label(d) + (f" — {shorten(d['title'], 70)}" if d.get("title") else "")
    if d.get("kind") == "Agency":
        return _agency_label({"name": d.get("name") or node, "province": d.get("province")})
    return f"{d.get('label')}: {shorten(d.get('text') or '', 80)}"
