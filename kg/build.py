"""Build one graph from the records of many documents: identities, provenance, conflicts.

The networkx graph is the model every store and view is derived from (`kg.rdf` turns it into RDF).
Node ids are the local parts of the RDF IRIs, so every backend shares them. Building is
deterministic: records are taken in path order, duplicates of a path are skipped, and nothing
depends on the order the files were given in.
"""

from __future__ import annotations

import gc
import pickle
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from loaders.agencies import AgencyResolver, fullness
from loaders.citations import blank_numbered_symbol
from loaders.models import Agency, Citation, DocumentRecord, DocumentRef, Span

from .identity import DocumentKeys, agency_key, document_base, task_key


@dataclass(frozen=True)
class Evidence:
    """The words behind a node or an edge: file, character span in its cleaned text, quotation."""

    file: str
    start: int | None
    end: int | None
    quote: str

    def as_dict(self) -> dict[str, Any]:
        # "file", not "source": node-link JSON keeps an edge's start node under "source"
        return {"file": self.file, "start": self.start, "end": self.end, "quote": self.quote}


@dataclass
class Finding:
    """Something a user should check: two spellings of one document, a corrected symbol, …"""

    kind: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class KnowledgeGraph:
    graph: nx.MultiDiGraph
    findings: list[Finding] = field(default_factory=list)
    # warnings of the loaders, by file, in file order: {severity, code, message, quote, start, end,
    # location} each (kg.build._warning); a graph written by an earlier version holds plain sentences
    problems: dict[str, list[dict | str]] = field(default_factory=dict)
    # documents read but not built (an error of ours while adding them): (path, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def nodes_of(self, kind: str) -> list[str]:
        return sorted(n for n, d in self.graph.nodes(data=True) if d.get("kind") == kind)


@contextmanager
def paused_gc():
    """Python's cycle collector paused while a corpus is read and built: the records and the graph
    make millions of objects and no cycles worth collecting, and each collection walks all of them
    (15% of the time at 1,000 documents, more as the corpus grows)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


COMPACT_FROM = 20_000  # documents from which records wait for the second pass pickled, not live


def build(records: Iterable[DocumentRecord], *, compact: bool | None = None) -> KnowledgeGraph:
    """One graph for all records: one node per real document, provincial agency and task.

    Two passes: every document's identity and citations are learnt first (a citation without a year
    takes the one year the corpus knows), then each record is added. Between the passes a record
    waits pickled when `compact` (the default from COMPACT_FROM records on): 28 KB a document instead
    of about 120 KB of live objects, for 0.5 s per 1,000 documents. `records` may be a generator, so
    that a corpus is never all in memory as objects."""
    kept: dict[str, DocumentRecord | bytes] = {}
    refs: list[tuple[str, list[DocumentRef]]] = []
    problems: dict[str, list[dict]] = {}
    for record in records:
        if record.path in kept:
            continue  # the same file given twice: the first reading counts
        refs.append((record.path, [record.header.ref, *(c.ref for c in record.citations)]))
        if record.problems:
            # in file order: warnings about the whole document (no words to point at) first
            problems[record.path] = [_warning(record, p) for p in
                                     sorted(record.problems, key=lambda p: p.span.start if p.span else -1)]
        if compact is None and len(kept) + 1 >= COMPACT_FROM:
            compact = True
            kept = {path: _pickled(r) for path, r in kept.items()}
        kept[record.path] = _pickled(record) if compact else record
    keys = DocumentKeys()
    for _, mentioned in sorted(refs, key=lambda r: r[0]):  # path order: the input order never matters
        for ref in mentioned:
            keys.learn(ref)
    builder = _Builder(keys)
    failed: list[tuple[str, str]] = []
    for path in sorted(kept):
        item = kept.pop(path)  # each record is let go once added
        try:
            builder.add(pickle.loads(item) if isinstance(item, bytes) else item)
        except Exception as exc:  # noqa: BLE001 - one document never stops the batch
            failed.append((path, _unexpected(exc)))
            builder.drop_tasks_of(path)
    builder.findings.extend(_near_duplicates(builder.mentions))
    builder.findings.extend(builder.date_conflicts())
    for base in sorted(keys.ambiguous):
        builder.findings.append(Finding(
            "ambiguous-year",
            f"{base} is cited without a year and the corpus knows it in several years; "
            "those mentions are kept apart. Add the date to the citation to link it.",
        ))
    return KnowledgeGraph(graph=builder.graph, findings=_merged(builder.findings),
                          problems={p: problems[p] for p in sorted(problems)}, failed=failed)


def _unexpected(exc: BaseException) -> str:
    """One sentence for an error of ours while adding a document to the graph."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else "no detail"
    return (f"adding it to the graph stopped at an unexpected error ({type(exc).__name__}: {detail}); its "
            "tasks are left out and the other documents are built — please report it with this file")


QUOTE_LIMIT = 300


def _warning(record: DocumentRecord, problem) -> dict:
    """A loader's warning as `kg check` shows it: the sentence, and the words of the document it is about."""
    quote = start = end = None
    if problem.span is not None and record.text:
        start, end = problem.span.start, problem.span.end
        quote = " ".join(record.text[start:end].split())
        if len(quote) > QUOTE_LIMIT:
            quote = quote[: QUOTE_LIMIT - 1].rstrip() + "…"
    return {"severity": problem.severity, "code": problem.code, "message": problem.message, "quote": quote or None,
            "start": start, "end": end, "location": problem.location}


def _pickled(record: DocumentRecord | bytes) -> bytes:
    return record if isinstance(record, bytes) else pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


def _merged(findings: list[Finding]) -> list[Finding]:
    """One finding per message, with every quotation that gave it, in a stable order."""
    by_message: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        known = by_message.setdefault((finding.kind, finding.message), Finding(finding.kind, finding.message))
        known.evidence.extend(e for e in finding.evidence if e not in known.evidence)
    for finding in by_message.values():
        finding.evidence.sort(key=_order)
    return [by_message[k] for k in sorted(by_message)]


class _Builder:
    def __init__(self, keys: DocumentKeys):
        self.keys = keys
        self.graph = nx.MultiDiGraph()
        self.findings: list[Finding] = []
        self.mentions: list[tuple[str, DocumentRef, Evidence]] = []  # (node, ref, evidence)
        self.dates: dict[str, set[tuple[str, Evidence]]] = defaultdict(set)
        self.own_issuer: set[str] = set()  # documents whose issuer their own header names

    # -- documents ---------------------------------------------------------------------------

    def add(self, record: DocumentRecord) -> None:
        ref = record.header.ref
        doc = self.keys.key(ref, source=record.path)
        assert doc is not None  # a loaded document always has a key (its file at worst)
        resolver = AgencyResolver(province=ref.province)
        header_evidence = _header_evidence(record)
        self._document(doc, ref, source=record.path, evidence=header_evidence)
        self.graph.nodes[doc]["format"] = record.format
        if ref.issuer:
            self._issuer(doc, ref, resolver, header_evidence, own=True)
        cited: list[str | None] = []
        for citation in record.citations:
            node = self.keys.key(citation.ref)
            cited.append(node)
            if node is None:
                continue
            evidence = _evidence(record, citation.span, citation.text)
            self._document(node, citation.ref, source=None, evidence=evidence)
            self.mentions.append((node, citation.ref, evidence))
            if citation.ref.issuer:
                self._issuer(node, citation.ref, AgencyResolver(province=citation.ref.province), evidence)
            if citation.corrections:
                self.findings.append(_correction(citation, evidence))
        for relation in record.relations:
            subject = doc if relation.subject is None else cited[relation.subject]
            target = cited[relation.object]
            if subject is None or target is None or subject == target:
                continue
            self._edge(subject, target, relation.type, _evidence(record, relation.span, relation.quote))
        self._agencies(record)
        self._tasks(record, doc)

    def drop_tasks_of(self, path: str) -> None:
        """After a failure while adding the document at `path`: none of its tasks stays half-linked."""
        tasks = [n for n, d in self.graph.nodes(data=True) if d.get("kind") == "Task" and d.get("source") == path]
        self.graph.remove_nodes_from(tasks)

    def _document(self, node: str, ref: DocumentRef, *, source: str | None, evidence: Evidence | None) -> None:
        attrs = {
            "kind": "Document",
            "doc_type": ref.doc_type,
            "number": ref.number,
            # a blank number ("Số: /KH-SKHCN") keeps the rest of the symbol: it tells the plan apart
            "symbol": ref.symbol if ref.number else (
                ref.symbol_without_number or blank_numbered_symbol(ref.symbol)) if source else None,
            "date": ref.date.isoformat() if ref.date else None,
            "year": ref.year or (ref.date.year if ref.date else None),
            "title": ref.title,
            "issuer": None,
            "province": ref.province,
            "source": source,
        }
        if ref.date and evidence is not None:
            self.dates[node].add((ref.date.isoformat(), evidence))
        if node not in self.graph:
            self.graph.add_node(node, **attrs)
            return
        current = self.graph.nodes[node]
        if source is not None and current.get("source") is None:
            # the document itself was loaded: what its own header says comes first
            current.update({k: v for k, v in attrs.items() if v is not None})
            return
        for name, value in attrs.items():
            if current.get(name) is None and value is not None:
                current[name] = value

    def date_conflicts(self) -> list[Finding]:
        out = []
        for node, dated in sorted(self.dates.items()):
            by_date: dict[str, list[Evidence]] = defaultdict(list)
            for date, evidence in dated:
                by_date[date].append(evidence)
            if len(by_date) > 1:
                quotes = [e for d in sorted(by_date) for e in sorted(by_date[d], key=_order)[:1]]
                out.append(Finding(
                    "conflicting-dates",
                    f"{node} is dated {', '.join(sorted(by_date))} by different mentions; "
                    f"the graph keeps {self.graph.nodes[node].get('date')}.",
                    quotes,
                ))
        return out

    def _issuer(self, doc: str, ref: DocumentRef, resolver: AgencyResolver, evidence: Evidence | None, *,
                own: bool = False) -> None:
        """An issued_by link; the document's issuer is the one its own header names, else (a document only
        cited, whose citations may name the Tỉnh ủy or its Ban Thường vụ) the first by id, whatever the
        order the files were read in (every backend applies the same rule)."""
        agency = resolver.resolve(ref.issuer or "")
        if agency is None:
            return
        node = self._agency(agency, source=evidence.file if evidence else None)
        attrs = self.graph.nodes[doc]
        if own:
            attrs["issuer"] = node
            self.own_issuer.add(doc)
        elif doc not in self.own_issuer and (attrs.get("issuer") is None or node < attrs["issuer"]):
            attrs["issuer"] = node
        self._edge(doc, node, "issued_by", evidence)

    # -- agencies and tasks ----------------------------------------------------------------

    def _agency(self, agency: Agency, *, source: str | None) -> str:
        node = agency_key(agency.key)
        attrs = self.graph.nodes[node] if node in self.graph else None
        if attrs is None:
            self.graph.add_node(
                node, kind="Agency", name=agency.name, aliases=sorted(set(agency.aliases)),
                province=agency.province, collective=agency.kind == "group", level=agency.level,
                sources=[source] if source else [],
            )
            return node
        if source:  # the files that name it, kept sorted: a bisection, not a sort per mention
            sources = attrs["sources"]
            at = bisect_left(sources, source)
            if at == len(sources) or sources[at] != source:
                sources.insert(at, source)
        names = {attrs["name"], agency.name, *attrs["aliases"], *agency.aliases}
        if fullness(agency.name) > fullness(attrs["name"]):
            # the fullest canonical spelling names the agency, whatever order documents came in
            attrs["name"] = agency.name
        attrs["aliases"] = sorted(names - {attrs["name"]})
        return node

    def _agencies(self, record: DocumentRecord) -> None:
        for agency in record.agencies:
            self._agency(agency, source=record.path)
        for agency in record.agencies:
            if agency.parent:
                self._edge(agency_key(agency.key), agency_key(agency.parent), "sub_organization_of",
                           Evidence(record.path, None, None, agency.name))

    def _tasks(self, record: DocumentRecord, doc: str) -> None:
        for task in record.tasks:
            node = task_key(doc, task.label)
            deadline = task.deadline
            self.graph.add_node(
                node, kind="Task", label=task.label, code=task.code, text=task.text, product=task.product,
                heading=task.heading, origin=task.origin,
                deadline=None if deadline is None else {
                    "text": deadline.text,
                    "start": deadline.start.isoformat() if deadline.start else None,
                    "end": deadline.end.isoformat() if deadline.end else None,
                    "recurrence": deadline.recurrence,
                    "anchor": deadline.anchor,
                    "relative": deadline.relative,
                },
                source=record.path, start=task.span.start, end=task.span.end, location=task.location,
            )
            evidence = _evidence(record, task.span, None)
            self._edge(node, doc, "part_of", evidence)
            for assignment in task.assignments:
                self._edge(node, agency_key(assignment.agency), "assigned_to", evidence, role=assignment.role,
                           inherited=assignment.inherited)

    # -- edges -------------------------------------------------------------------------------

    def _edge(self, u: str, v: str, kind: str, evidence: Evidence | None, **attrs: Any) -> None:
        key = kind if "role" not in attrs else f"{kind}:{attrs['role']}"
        found = evidence.as_dict() if evidence else {"file": None, "start": None, "end": None, "quote": None}
        if self.graph.has_edge(u, v, key):
            data = self.graph.edges[u, v, key]
            # kept in order by bisection: a national document's issuer is stated by thousands of files
            evidence, order = data["evidence"], _dict_order(found)
            low = bisect_left(evidence, order, key=_dict_order)
            high = bisect_right(evidence, order, key=_dict_order)
            if found not in evidence[low:high]:
                evidence.insert(high, found)
                if high == 0:
                    data.update(file=found["file"], start=found["start"], end=found["end"], quote=found["quote"])
            return
        self.graph.add_edge(u, v, key=key, type=kind, **attrs, **found, evidence=[found])


def _order(e: Evidence) -> tuple:
    return (e.file, e.start if e.start is not None else -1)


def _dict_order(e: dict) -> tuple:
    return (e["file"] or "", e["start"] if e["start"] is not None else -1, e["quote"] or "")


def _evidence(record: DocumentRecord, span: Span, quote: str | None) -> Evidence:
    return Evidence(record.path, span.start, span.end, quote if quote is not None else record.text[span.start:span.end])


def _header_evidence(record: DocumentRecord) -> Evidence:
    """The "Số:" line, else the signature block, else the title: where the document names itself."""
    text = record.text
    for pattern in (r"^\s*Số\s*:?[^\n]*$", r"^\s*(?:TM\.|GIÁM ĐỐC)[^\n]*$"):
        m = re.search(pattern, text, re.MULTILINE)
        if m:
            return Evidence(record.path, m.start(), m.end(), m.group(0).strip())
    title = record.header.ref.title or ""
    at = text.find(title) if title else -1
    if at >= 0:
        return Evidence(record.path, at, at + len(title), title)
    return Evidence(record.path, None, None, "")


def _correction(citation: Citation, evidence: Evidence) -> Finding:
    return Finding(
        "corrected-symbol",
        f"“{citation.text.strip()}” was read as {citation.ref.symbol}: " + "; ".join(citation.corrections),
        [evidence],
    )


def _near_duplicates(mentions: list[tuple[str, DocumentRef, Evidence]]) -> list[Finding]:
    """Two numbers one keystroke apart, same issuer and type, dated the same day of the year:
    most likely one document written two ways ("1221/QĐ-UBND ngày 26/5/2021" and "1121/QĐ-UBND ngày
    26/5/2022"). Both are kept; the user decides."""
    by_scope: dict[tuple, dict[str, tuple[DocumentRef, Evidence]]] = defaultdict(dict)
    for node, ref, evidence in sorted(mentions, key=lambda m: (m[0], _order(m[2]))):
        base = document_base(ref)
        if base is None or ref.date is None:
            continue
        scope = base.rsplit("/", 1)[0]
        by_scope[scope].setdefault(node, (ref, evidence))
    out = []
    for scope, nodes in sorted(by_scope.items()):
        # Only numbers equal but for one position can be a slip: bucket each number under its
        # one-wildcard patterns (1221 -> *221, 1*21, 12*1, 122*) and compare within a bucket.
        # Linear in mentions, where comparing every pair of a scope was quadratic.
        buckets: dict[tuple, list[str]] = defaultdict(list)
        for node, (ref, _) in nodes.items():
            number = ref.number or ""
            for i in range(len(number)):
                buckets[(ref.date.day, ref.date.month, number[:i] + "*" + number[i + 1:])].append(node)
        pairs = {tuple(sorted((a, b))) for bucket in buckets.values() if len(bucket) > 1
                 for i, a in enumerate(bucket) for b in bucket[i + 1:]}
        for a, b in sorted(pairs):
            (ra, ea), (rb, eb) = nodes[a], nodes[b]
            if _suspicious(ra, rb):
                out.append(Finding(
                    "possible-same-document",
                    f"{ra.symbol} of {ra.date.isoformat()} and {rb.symbol} of {rb.date.isoformat()} differ by "
                    "one character and share their day and month: probably one document written two ways. "
                    "Both are kept; correct the wrong one in its source.",
                    [ea, eb],
                ))
    return out


def _suspicious(a: DocumentRef, b: DocumentRef) -> bool:
    """One keystroke apart in the number and the same day of the year. Numbers that differ only in
    their last digit on the very same date are consecutive documents of one day (196 and 197/KH-UBND
    of 05/12/2022), not a slip."""
    x, y = a.number or "", b.number or ""
    if x == y or len(x) != len(y) or (a.date.day, a.date.month) != (b.date.day, b.date.month):
        return False
    differing = [i for i, (p, q) in enumerate(zip(x, y)) if p != q]
    if len(differing) != 1:
        return False
    return a.date != b.date or differing[0] != len(x) - 1
