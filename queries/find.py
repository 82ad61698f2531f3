"""Finding things by what a person types: a symbol, a type and number, words of a title, a name.

    find(source, "khởi nghiệp", kind="task")        # ranked matches and how many there are
    resolve_document(source, "11 -nq/tu")            # 'doc/phu-yen/nq-tu/11/2021'
    resolve_document(source, "KH 209")               # 'doc/phu-yen/kh-ubnd/209/2021'
    resolve_province(source, "tinh phu yen")         # 'Phú Yên'
    show(source, "doc/phu-yen/kh-ubnd/209/2021")     # the node and its links, with their quotations

A resolver returns one node id (as the graph stores it), or raises `NotFound` (a sentence saying what
to type instead) or `Ambiguous` (every candidate of the best kind of match, best first, and how many
there are). Ids are printed as people type them (percent-decoded: `…/PLI:2.1`) and accepted in either
spelling. Every backend answers: the listings are the backends' `documents()`, `agencies()`, `tasks()`
and `task_documents()`, one node is `node(id)` and `links(id)`, all named queries with bound
parameters only; matching and ranking happen here, the same for all.

Matching: accents, case and punctuation do not matter (`fold`); every word typed must begin a word of
the thing (AND). Scores, best first: 0 exact (a symbol, a type and number, a number, a name, a task's
label), 1 a beginning (of a symbol, a title, a name, a task's text) or a document type alone, 2 the
words in a row, 3 every word somewhere. At one score: provinces, documents, agencies, then tasks.
"""

from __future__ import annotations

import difflib
import heapq
import re
import weakref
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property
from operator import itemgetter
from urllib.parse import unquote

from pydantic import BaseModel, ConfigDict

from loaders.textutil import fold, shorten, strip_diacritics
from loaders.vocab import DOC_TYPES, PROVINCE_ALIASES, PROVINCES

KINDS = ("document", "task", "agency", "province")
_KIND_ORDER = {"province": 0, "document": 1, "agency": 2, "task": 3}
EXACT, BEGINS, PHRASE, WORDS = 0, 1, 2, 3


class NotFound(LookupError):
    """Nothing in the graph is what was typed; the message is one sentence saying what to type instead."""


class Ambiguous(LookupError):
    """What was typed names several things: `candidates` (Match, best first: all of them) and `total`."""

    def __init__(self, message: str, candidates: list["Match"], total: int | None = None):
        super().__init__(message)
        self.candidates = candidates
        self.total = len(candidates) if total is None else total


class UnknownTask(NotFound):
    """No task is what was typed (`resolve_task`, `queries.answers.trace`)."""


class AmbiguousTask(Ambiguous):
    """What was typed names several tasks: `candidates` are Match (id as typed, label, text)."""

    @property
    def tuples(self) -> list[tuple[str, str, str]]:
        """The candidates as (id, label, text): what `candidates` held before it held Match."""
        return [(m.id, m.task_label or m.label, m.text or "") for m in self.candidates]


class Match(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str  # as a person types it (percent-decoded)
    kind: str  # document, task, agency or province
    label: str  # one line a person recognises it by
    text: str | None = None  # a document's title, a task's text
    province: str | None = None
    document: str | None = None  # a task's document: its type and symbol (or its id)
    task_label: str | None = None  # a task's own label ("PLI:2.1")
    score: int = 0  # 0 exact, 1 a beginning, 2 the words in a row, 3 every word somewhere


class FindResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str
    total: int  # every match; `matches` holds the first `limit`
    matches: list[Match]


class LinkView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    direction: str  # "out": this node → other; "in": other → this node
    other: str  # the other end's id, as typed
    label: str | None = None  # the other end, in words
    role: str | None = None  # lead / coordinate for assigned_to
    quote: str | None = None  # the sentence that states it
    file: str | None = None


class NodeView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str  # as typed
    kind: str  # Document, Task, Agency
    label: str
    attributes: dict
    links: list[LinkView]
    counts: dict[str, int] = {}  # links per type, all of them
    more: dict[str, int] = {}  # links left out per type (beyond the limit)
    now: list = []  # an agency: the bodies that carried its duties since (queries.models.SuccessionStep)


# --------------------------------------------------------------------------------------------------
# What is searched, read once per backend
# --------------------------------------------------------------------------------------------------

def display_id(node: str) -> str:
    """An id as a person types it: `…/PLI%3A2.1` → `…/PLI:2.1`."""
    return unquote(node) if "%" in node else node


def _haystack(*parts) -> str:
    """Folded words with a space either side, so that ' ' + word finds a word's beginning."""
    return " " + fold(" ".join(str(p) for p in parts if p not in (None, ""))) + " "


def _type_names(code: str | None) -> tuple[str, ...]:
    return next(((t.name, *t.names) for t in DOC_TYPES if t.code == code), ())


class _Index:
    """Documents, agencies, tasks and provinces of one backend, each with its folded search text;
    each part read the first time it is asked for (the graph is read-only once loaded)."""

    def __init__(self, source):
        self.source = source
        self.task_words: _WordIndex | None = None  # made by prepare() for a long-lived backend
        self.documents_indexed: _DocumentIndex | None = None
        self.agency_words: _WordIndex | None = None

    def prepare(self) -> None:
        """Index the words of tasks, documents and agencies, and the documents' symbols, numbers and
        types: a second or two at 10,000 documents, then each search scores only what may match. Worth
        it for a server, not for one question on the command line."""
        if self.task_words is None:
            self.task_words = _WordIndex([t["words"] for t in self.tasks])
        self._prepare_documents_and_agencies()

    def _prepare_documents_and_agencies(self) -> None:
        if self.documents_indexed is None:
            self.documents_indexed = _DocumentIndex(self.documents)
            self.agency_words = _WordIndex([a["words"] for a in self.agencies])

    @cached_property
    def documents(self) -> list[dict]:
        out = []
        for d in self.source.documents():
            d = dict(d)
            d["key"] = symbol_key(d["symbol"]) if d.get("symbol") else None
            d["folded_title"] = fold(d.get("title") or "")
            d["words"] = _haystack(d.get("doc_type"), d.get("symbol"), d.get("number"), d.get("title"),
                                   *_type_names(d.get("doc_type")), d.get("issuer_name"), d.get("province"),
                                   d.get("year"))
            d["label"] = document_label(d)
            out.append(d)
        return out

    @cached_property
    def agencies(self) -> list[dict]:
        out = []
        for a in self.source.agencies():
            a = dict(a)
            a["names"] = [fold(a["name"]), *(fold(x) for x in a.get("aliases") or [])]
            a["words"] = _haystack(*a["names"], a.get("province"))
            out.append(a)
        return out

    @cached_property
    def tasks(self) -> list[dict]:
        documents = self.source.task_documents()
        out = []
        for task, label, text in self.source.tasks():
            doc = self.document_by_id.get(documents.get(task))
            folded_label, folded_text = fold(label), fold(text)  # folded once each: 20,000 tasks at 1,000 documents
            out.append({"id": task, "label": label, "text": text, "document": doc["id"] if doc else documents.get(task),
                        "document_label": _short_document_label(doc) if doc else None,
                        "province": doc.get("province") if doc else None, "folded_label": folded_label,
                        "folded_text": folded_text, "words": f" {folded_label} {folded_text} "})
        return out

    @cached_property
    def document_by_id(self) -> dict[str, dict]:
        return {d["id"]: d for d in self.documents}

    @cached_property
    def agency_by_id(self) -> dict[str, dict]:
        return {a["id"]: a for a in self.agencies}

    @cached_property
    def task_by_id(self) -> dict[str, dict]:
        return {t["id"]: t for t in self.tasks}

    @cached_property
    def provinces(self) -> list[str]:
        found = {d["province"] for d in self.documents if d.get("province")}
        found |= {a["province"] for a in self.agencies if a.get("province")}
        return sorted(found, key=fold)

    @cached_property
    def province_keys(self) -> list[tuple[str, str]]:
        """(province, its name as compared) in order."""
        return [(p, _province_key(p)) for p in self.provinces]

    def stored(self, text: str, prefix: str = "") -> str | None:
        """The stored id of an id typed in either spelling (`…/PLI:2.1` or `…/PLI%3A2.1`), if any."""
        text = text.strip()
        if not text.startswith(prefix) or "/" not in text:
            return None
        groups = {"doc/": (self.document_by_id,), "agency/": (self.agency_by_id,), "task/": (self.task_by_id,),
                  "": (self.document_by_id, self.agency_by_id, self.task_by_id)}
        for group in groups.get(prefix, groups[""]):
            if text in group:
                return text
            for spelling in (text, unquote(text)):
                found = self._by_display(group, spelling)
                if found is not None:
                    return found
        return None

    def _by_display(self, group, spelling: str) -> str | None:
        lookup = getattr(group, "by_display", None)  # a group on disk looks it up itself
        return lookup(spelling) if lookup is not None else self._displayed(id(group), group).get(spelling)

    def task_candidates(self, words: list[str]):
        """(id, province, folded label, folded text) of the tasks that may hold every word (all of them
        until prepare() indexed their words), in order."""
        tasks = self.tasks if self.task_words is None else [self.tasks[i] for i in self.task_words.holding_all(words)]
        return ((t["id"], t["province"], t["folded_label"], t["folded_text"]) for t in tasks)

    def _displayed(self, key: int, group: dict) -> dict[str, str]:
        cache = self.__dict__.setdefault("_display_cache", {})
        if key not in cache:
            cache[key] = {display_id(n): n for n in group}
        return cache[key]


class _WordIndex:
    """Which items hold a word beginning with each typed word, so that a long-lived search (kg serve)
    scores only the items holding every word instead of all of them: at 10,000 documents, 200,000 tasks
    took 270 ms a search to score. The distinct words are kept sorted, so the words a typed word begins
    are one range; `total` counts their items without reading them."""

    def __init__(self, haystacks: list[str]):
        postings: dict[str, list[int]] = defaultdict(list)
        for i, haystack in enumerate(haystacks):
            for word in set(haystack.split()):
                postings[word].append(i)
        self.haystacks = haystacks
        self.words = sorted(postings)
        self.postings = [postings[w] for w in self.words]
        self.running = [0]  # items of the words before each word, for counting a range at once
        for items in self.postings:
            self.running.append(self.running[-1] + len(items))

    def _range(self, word: str) -> tuple[int, int]:
        return bisect_left(self.words, word), bisect_left(self.words, word + "\U0010ffff")

    def holding_all(self, words: list[str]) -> list[int]:
        """The items holding a word that begins with each of `words` (a superset of what matches: the
        scoring decides), in order. The rarest word gives the candidates; a common word (one or two
        letters, "khoa") is then checked in each candidate's text rather than gathered."""
        ranges = sorted((self.running[hi] - self.running[lo], lo, hi, w) for w in words for lo, hi in [self._range(w)])
        size, lo, hi, _ = ranges[0]
        if size == 0:
            return []
        found: set[int] = set()
        for items in self.postings[lo:hi]:
            found.update(items)
        for size, lo, hi, word in ranges[1:]:
            if size > 4 * len(found):  # cheaper to look in the candidates' own words
                needle = " " + word
                found = {i for i in found if needle in self.haystacks[i]}
            else:
                other: set[int] = set()
                for items in self.postings[lo:hi]:
                    other.update(items)
                found &= other
            if not found:
                return []
        return sorted(found)


class _DocumentIndex:
    """The documents a search may match, without scoring all of them: by the words they hold, their
    symbol as compared (whole, or a beginning of it), their number and their type."""

    def __init__(self, documents: list[dict]):
        self.words = _WordIndex([d["words"] for d in documents])
        self.by_number: dict = defaultdict(list)
        self.by_type: dict[str, list[int]] = defaultdict(list)
        keyed = []
        for i, d in enumerate(documents):
            number = str(d.get("number") or "")
            self.by_number[int(number) if number.isdecimal() else number].append(i)
            self.by_type[d.get("doc_type")].append(i)
            if d["key"]:
                keyed.append((d["key"], i))
        keyed.sort()
        self.keys = [k for k, _ in keyed]
        self.keyed = [i for _, i in keyed]

    def candidates(self, words: list[str], key: str, typed, type_only: str | None, key_begins: str | None) -> list[int]:
        """Positions of every document `_document_score` may score (a superset), in order."""
        held = set(self.words.holding_all(words)) if words else set()
        lo = bisect_left(self.keys, key_begins or key)
        hi = bisect_left(self.keys, (key_begins or key) + "\U0010ffff") if key_begins else lo
        while hi < len(self.keys) and self.keys[hi] == key:  # the symbol typed whole
            hi += 1
        held.update(self.keyed[lo:hi])
        if typed:
            held.update(self.by_number.get(int(typed[1]), ()))
        if type_only is not None and words:
            held.update(self.by_type.get(type_only, ()))
        return sorted(held)


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _StoredIndex(_Index):
    """The index as the build wrote it into graph.sqlite (`search_rows`): documents and agencies read
    at once (thousands), tasks looked up in the store (hundreds of thousands: its full-text index gives
    the tasks holding every word, scored here as in memory). Same rows, same scoring, same answers."""

    def __init__(self, source, store):
        super().__init__(source)
        self.store = store

    def prepare(self) -> None:
        if self.documents_indexed is None:
            self._prepare_documents_and_agencies()
            self.store.search_tasks.load()

    @cached_property
    def documents(self) -> list[dict]:
        return self.store.search_rows("document")

    @cached_property
    def agencies(self) -> list[dict]:
        return self.store.search_rows("agency")

    @property
    def tasks(self) -> list[dict]:
        raise TypeError("the stored index lists no tasks: use task_candidates or task_by_id")

    @cached_property
    def task_by_id(self):
        return self.store.search_tasks

    def task_candidates(self, words: list[str]):
        return self.store.search_tasks.holding(words)


def search_rows(source) -> tuple[list[dict], list[dict], list[dict]]:
    """The documents, agencies and tasks as search reads them (folded words, labels): what graph.sqlite
    stores so that a search on disk scores exactly what a search in memory does."""
    index = _Index(source)
    return index.documents, index.agencies, index.tasks


def _index(source) -> _Index:
    """One index per backend object, dropped with it; the stored one when the graph is on disk and holds it."""
    index = _INDEXES.get(source)
    if index is None:
        store = getattr(source, "graph", None)
        stored = store is not None and getattr(store, "has_search", False)
        index = _INDEXES[source] = _StoredIndex(source, store) if stored else _Index(source)
    return index


def prepare(source) -> None:
    """Make searches of `source` fast from now on (an index of the tasks' words): for a backend that
    answers many searches, such as kg serve's."""
    _index(source).prepare()


# --------------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------------

def symbol_key(text: str) -> str:
    """A symbol as compared: no accents, capitals, no spaces, no zeros padding its number ('11 -nq/tu' and
    '11-NQ/TU' agree, and so do '1/KH-UBND' and '01/KH-UBND')."""
    return re.sub(r"^0+(?=\d)", "", re.sub(r"\s+", "", strip_diacritics(text)).upper())


def _type_words() -> list[tuple[str, str]]:
    """(folded name or code, code), longest first: 'nghi quyet' → NQ, 'kh' → KH."""
    pairs = {(fold(name), t.code) for t in DOC_TYPES for name in (t.name, *t.names, t.code)}
    return sorted(pairs, key=lambda p: (-len(p[0]), p))


_TYPE_WORDS = _type_words()
_TYPED_NUMBER = re.compile(
    r"^(?:(?P<type>[a-z ]+?)\s*)?(?:so\s*)?(?P<number>\d+)(?:\s*(?:nam\s*)?(?P<year>(?:19|20)\d\d))?$")


def _type_and_number(text: str) -> tuple[str | None, str, int | None] | None:
    """'KH 209', 'Kế hoạch số 209', 'nghị quyết 11', '209', 'NQ 11 2021' → (type code or None, number, year)."""
    match = _TYPED_NUMBER.match(fold(text))
    if not match:
        return None
    code = None
    if match["type"]:
        code = _type_only(match["type"])
        if code is None:
            return None
    return code, match["number"], int(match["year"]) if match["year"] else None


def _same_number(written: str, typed: str) -> bool:
    """'01' as written and '1' as typed are one number: offices pad numbers with zeros, people do not."""
    return written == typed or (written.isdigit() and typed.isdigit() and int(written) == int(typed))


def _type_only(text: str) -> str | None:
    """'KH', 'kế hoạch', 'Nghị quyết' → its type code; anything else None."""
    words = fold(text)
    return next((code for name, code in _TYPE_WORDS if name == words), None)


def document_label(d: dict) -> str:
    """'KH 209/KH-UBND 2021-12-06', 'KH KH-SKHCN 2022' (a blank number keeps the rest of its symbol)."""
    return " ".join(x for x in (_short_document_label(d), d.get("date") or (str(d["year"]) if d.get("year") else ""))
                    if x)


def _short_document_label(d: dict) -> str:
    """Its type and symbol: 'KH 209/KH-UBND', 'KH KH-SKHCN', 'NQ (no number)'."""
    symbol = d.get("symbol") or (str(d["number"]) if d.get("number") else "(no number)")
    code = d.get("doc_type")
    return f"{code} {symbol}" if code and code != "?" else symbol


def _words_score(haystack: str, wanted: str, words: list[str]) -> int | None:
    if (" " + wanted) in haystack:
        return PHRASE
    if all((" " + w) in haystack for w in words):
        return WORDS
    return None


def _document_score(d: dict, key: str, typed, type_only: str | None, words: list[str], key_begins: str | None) -> int | None:
    """`key_begins`: the typed symbol when a symbol's beginning may match it (three characters or more, a digit)."""
    if d["key"] and d["key"] == key:
        return EXACT
    if typed:
        code, number, year = typed
        if _same_number(str(d.get("number") or ""), number) and (code is None or d.get("doc_type") == code) \
                and (year is None or d.get("year") == year):
            return EXACT
    if not words:
        return None
    wanted = " ".join(words)
    if type_only is not None and d.get("doc_type") == type_only:
        return BEGINS
    if key_begins and d["key"] and d["key"].startswith(key_begins):
        return BEGINS
    if d["folded_title"] and (d["folded_title"] + " ").startswith(wanted + " "):
        return BEGINS
    return _words_score(d["words"], wanted, words)


def _agency_score(a: dict, words: list[str]) -> int | None:
    wanted = " ".join(words)
    if wanted in a["names"]:
        return EXACT
    if any((n + " ").startswith(wanted + " ") for n in a["names"]):
        return BEGINS
    return _words_score(a["words"], wanted, words)


def _task_scores(candidates, words: list[str], in_province) -> Iterator[tuple[int, str]]:
    """(score, id) of each candidate task (id, province, folded label, folded text) that matches, in
    one loop with what every candidate is compared with made once: half the tasks of a graph are
    candidates for a word such as "sở" or "1"."""
    wanted = " ".join(words)
    begins, phrase, needles = wanted + " ", " " + wanted, [" " + w for w in words]
    for task, province, label, text in candidates:
        if in_province is not None and not in_province(province):
            continue
        if label == wanted or text == wanted:
            yield EXACT, task
        elif text.startswith(begins):
            yield BEGINS, task
        else:
            haystack = f" {label} {text} "
            if phrase in haystack:
                yield PHRASE, task
            elif all(n in haystack for n in needles):
                yield WORDS, task


_PROVINCE_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp)\s+")
_PROVINCE_ALIASES = {fold(alias): name for alias, name in PROVINCE_ALIASES.items()}


def _province_key(text: str) -> str:
    """'Tỉnh Phú Yên', 'phu-yen', 'TP. Hồ Chí Minh', 'Thành phố Hồ Chí Minh' → 'phu yen', 'ho chi minh'."""
    folded = fold(text)
    folded = fold(_PROVINCE_ALIASES.get(folded, folded))
    return _PROVINCE_PREFIX.sub("", folded)


def _agency_label(a: dict) -> str:
    return f"{a['name']} ({a.get('province') or 'national'})"


def _document_match(d: dict, score: int) -> Match:
    return Match(id=display_id(d["id"]), kind="document", score=score, text=d.get("title"), province=d.get("province"),
                 label=d["label"] + (f" — {shorten(d['title'], 80)}" if d.get("title") else ""))


def _agency_match(a: dict, score: int) -> Match:
    return Match(id=display_id(a["id"]), kind="agency", label=_agency_label(a) + (" — a group" if a.get("group") else ""),
                 province=a.get("province"), score=score)


def _task_match(t: dict, score: int) -> Match:
    return Match(id=display_id(t["id"]), kind="task", label=f"{t['label']}: {shorten(t['text'], 90)}", text=t["text"],
                 task_label=t["label"], province=t["province"], score=score,
                 document=t["document_label"] or (display_id(t["document"]) if t["document"] else None))


def _province_match(p: str, score: int) -> Match:
    return Match(id=p, kind="province", label=p, province=p, score=score)


def _in_province(province: str | None):
    if not province:
        return lambda p: True
    wanted = _province_key(province)
    return lambda p: p is not None and _province_key(p) == wanted


def _scored(index: _Index, text: str, kind: str | None, province: str | None, *,
            best_first: bool = True) -> list[tuple[int, int, str, Match]]:
    """(score, kind order, id, Match) of everything `text` matches, best first (or in no order)."""
    words = fold(text).split()
    if not words:
        return []
    in_province = _in_province(province)
    out: list[tuple[int, int, str, Match]] = []
    node = index.stored(text)
    if node is not None:  # an id, in either spelling
        for what, by_id, make in (("document", index.document_by_id, _document_match),
                                  ("agency", index.agency_by_id, _agency_match), ("task", index.task_by_id, _task_match)):
            if node in by_id and kind in (None, what) and in_province(by_id[node].get("province")):
                return [(EXACT, -1, node, make(by_id[node], EXACT))]
    if kind in (None, "province"):
        key = _province_key(text)
        for p, pkey in index.province_keys:
            score = EXACT if pkey == key else BEGINS if (pkey + " ").startswith(key + " ") else None
            if score is not None and in_province(p):
                out.append((score, _KIND_ORDER["province"], p, _province_match(p, score)))
    if kind in (None, "document"):
        key, typed, type_only = symbol_key(text), _type_and_number(text), _type_only(text)
        key_begins = key if len(key) >= 3 and any(ch.isdigit() for ch in key) else None
        documents = index.documents
        if index.documents_indexed is not None:  # only those that may match
            documents = [documents[i] for i in index.documents_indexed.candidates(words, key, typed, type_only,
                                                                                     key_begins)]
        for d in documents:
            score = _document_score(d, key, typed, type_only, words, key_begins)
            if score is not None and in_province(d.get("province")):
                out.append((score, _KIND_ORDER["document"], d["id"], None))  # its Match made if kept
    if kind in (None, "agency"):
        agencies = index.agencies if index.agency_words is None else \
            [index.agencies[i] for i in index.agency_words.holding_all(words)]
        for a in agencies:
            score = _agency_score(a, words)
            if score is not None and in_province(a.get("province")):
                out.append((score, _KIND_ORDER["agency"], a["id"], _agency_match(a, score)))
    if kind in (None, "task"):
        task_kind = _KIND_ORDER["task"]
        out.extend((score, task_kind, task, None) for score, task in
                   _task_scores(index.task_candidates(words), words, in_province if province else None))
    if best_first:
        out.sort(key=_rank)
    return out


_rank = itemgetter(0, 1, 2)  # score, kind, id: a row's rank (its Match is not compared)


def _matches(index: _Index, scored: list, limit: int | None = None) -> list[Match]:
    """The Match of each scored row (documents' and tasks' made only for the rows kept)."""
    rows = scored if limit is None else scored[:limit]
    return [m if m is not None else _document_match(index.document_by_id[n], s) if kind == _KIND_ORDER["document"]
            else _task_match(index.task_by_id[n], s) for s, kind, n, m in rows]


def find(source, text: str, *, kind: str | None = None, province: str | None = None, limit: int = 20) -> FindResult:
    """Everything that matches `text` (every word, accents and case aside), best first; `total` counts
    all of them, `matches` holds the first `limit`. `kind`: document, task, agency or province;
    `province`: only things of that province (spelt as people write it: 'tỉnh Phú Yên', 'phu yen')."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    index = _index(source)
    scored = _scored(index, text, kind, province, best_first=False)
    best = heapq.nsmallest(limit, scored, key=_rank) if limit < len(scored) else sorted(scored, key=_rank)
    return FindResult(query=text, total=len(scored), matches=_matches(index, best))


def find_nodes(source, text: str, *, kind: str | None = None, province: str | None = None,
               limit: int = 20) -> tuple[int, list[str]]:
    """What `find` finds, as (how many match, the stored ids of the first `limit`, provinces left out):
    for a caller that draws nodes (kg serve), without making a Match of each."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    scored = [row for row in _scored(_index(source), text, kind, province, best_first=False)
              if row[1] != _KIND_ORDER["province"]]
    best = heapq.nsmallest(limit, scored, key=_rank) if limit < len(scored) else sorted(scored, key=_rank)
    return len(scored), [node for _, _, node, _ in best]


# --------------------------------------------------------------------------------------------------
# Resolvers
# --------------------------------------------------------------------------------------------------

def _one(text: str, what: str, index: _Index, scored: list, hint: str, tiers=lambda score: score,
         ambiguous=Ambiguous, not_found=NotFound) -> str:
    """The id of the only match of the best tier; else Ambiguous (every match of that tier) or NotFound
    (the sentence: "no <what> matches “<text>”<hint>")."""
    if not scored:
        raise not_found(f"no {what} matches “{text.strip()}”{hint}")
    best = tiers(scored[0][0])
    chosen = [s for s in scored if tiers(s[0]) == best]
    if len(chosen) == 1:
        return chosen[0][2]
    candidates = _matches(index, chosen)
    plural = "agencies" if what == "agency" else f"{what}s"
    raise ambiguous(f"“{text.strip()}” matches {len(chosen)} {plural}", candidates, len(chosen))


def _nearest(text: str, names: list[str], n: int = 3) -> str:
    """' (the nearest: a, b, c)' when some names are near what was typed; else ''."""
    near = difflib.get_close_matches(text, names, n=n, cutoff=0.6)
    return f" (the nearest: {', '.join(near)})" if near else ""  # noqa: RUF001


def resolve_document(source, text: str) -> str:
    """One document's id from its id, its symbol ('11-NQ/TU', '11 -nq/tu', '295/2020/nq-hdnd'), its
    type and number ('KH 209', 'Nghị quyết 11', 'Kế hoạch số 209'), its number alone when no other
    document has it ('209'), or words of its title. Documents only cited count too."""
    index = _index(source)
    found = index.stored(text, "doc/")
    if found:
        return found
    scored = _scored(index, text, "document", None)
    typed = text.strip()
    symbols = [d["symbol"] for d in index.documents if d.get("symbol")]
    near = _nearest(typed, symbols) if re.search(r"[\d/]", typed) else ""
    hint = (f"{near}: give a symbol as written (209/KH-UBND, 11-NQ/TU), a type and number (KH 209) or words of "
            f"its title, or try `kg find \"{typed}\"`")
    # a symbol or type and number, then a symbol's or title's beginning or a type alone, then title words
    return _one(text, "document", index, scored, hint, tiers=lambda s: min(s, PHRASE))


def resolve_task(source, text: str) -> str:
    """One task's id from its id (in either spelling) or words of its label or text: a label or whole
    text that only one task has, else the only task holding every word."""
    if text.startswith("task/") and source.task(text) is not None:
        return text
    index = _index(source)
    found = index.stored(text, "task/")
    if found:
        return found
    scored = _scored(index, text, "task", None)
    hint = (f": give other words of its text, or its id as `kg find --kind task \"{text.strip()}\"` prints it"
            if fold(text) else ": give words of its text or its id")
    return _one(text, "task", index, scored, hint, tiers=lambda s: min(s, BEGINS),
                ambiguous=AmbiguousTask, not_found=UnknownTask)


def resolve_agency(source, text: str, province: str | None = None) -> str:
    """One agency's id from its id or its name or alias (words of it when only one agency has them); a
    name several provinces share is Ambiguous until `province` is given."""
    index = _index(source)
    found = index.stored(text, "agency/")
    if found:
        return found
    if province:
        province = resolve_province(source, province)
    scored = _scored(index, text, "agency", province)
    names = sorted({a["name"] for a in index.agencies})
    where = f" in {province}" if province else ""
    hint = (f"{where}{_nearest(text.strip(), names)}: give its name as the documents write it, or try "
            f"`kg find --kind agency \"{text.strip()}\"`")
    return _one(text, "agency", index, scored, hint, tiers=lambda s: min(s, BEGINS))


def resolve_province(source, text: str) -> str:
    """A province's name as the graph stores it ('Phú Yên') from 'Phú Yên', 'tỉnh Phú Yên', 'phu yen',
    'PHÚ YÊN', 'phu-yen', 'TP. Hồ Chí Minh'; NotFound names the provinces the graph has."""
    index = _index(source)
    key = _province_key(text)
    exact = [p for p in index.provinces if _province_key(p) == key]
    if len(exact) == 1:
        return exact[0]
    begins = [p for p in index.provinces if key and (_province_key(p) + " ").startswith(key + " ")]
    if len(begins) == 1:
        return begins[0]
    if len(exact or begins) > 1:
        chosen = exact or begins
        raise Ambiguous(f"“{text}” matches {len(chosen)} provinces", [_province_match(p, 0) for p in chosen])
    listed = ", ".join(index.provinces) or "none"
    known = next((p for p in PROVINCES if _province_key(p) == key), None)
    if known:
        raise NotFound(f"no document of {known} is in this graph; its provinces are: {listed}")
    raise NotFound(f"no province “{text}” in this graph; its provinces are: {listed}")


def resolve_node(source, text: str, province: str | None = None) -> str:
    """Any one node: an id, else a document by symbol or type and number, else an agency by name (in
    `province` when given), else a document or task by words."""
    index = _index(source)
    found = index.stored(text)
    if found:
        return found
    if province:
        province = resolve_province(source, province)
    scored = [s for s in _scored(index, text, "document", province) if s[0] == EXACT]
    if not scored:
        scored = _scored(index, text, "agency", province)
    if not scored:
        scored = [s for s in _scored(index, text, None, province) if s[3] is None or s[3].kind != "province"]
    hint = f": try `kg find \"{text.strip()}\"`, which lists ids to give `kg show`"
    return _one(text, "node", index, scored, hint, tiers=lambda s: min(s, BEGINS))


# --------------------------------------------------------------------------------------------------
# One node and its links
# --------------------------------------------------------------------------------------------------

_LINK_ORDER = {"implements": 0, "based_on": 1, "assigned_to": 2, "part_of": 3, "cites": 4, "issued_by": 5,
               "sub_organization_of": 6}


def _label(index: _Index, node: str) -> str | None:
    if node in index.document_by_id:
        d = index.document_by_id[node]
        return d["label"] + (f" — {shorten(d['title'], 70)}" if d.get("title") else "")
    if node in index.agency_by_id:
        return _agency_label(index.agency_by_id[node])
    if node in index.task_by_id:
        t = index.task_by_id[node]
        return f"{t['label']}: {shorten(t['text'], 80)}"
    return None


def show(source, node: str, *, limit: int = 50) -> NodeView:
    """One node (an id in either spelling) with its attributes and its links in and out, each with its
    role, the other end's id and label, and the quotation that states it; at most `limit` links per
    type and direction, the rest counted in `more`. Works on every backend (`node`, `links`)."""
    index = _index(source)
    stored = index.stored(node) or node
    data = source.node(stored)
    if data is None:
        raise NotFound(f"no node “{node}” in this graph; try `kg find \"{node}\"`")
    kind = data.pop("kind")
    attributes = dict(data)
    if kind == "Document":
        issuer = attributes.pop("issuer", None)
        attributes["issuer"] = (index.agency_by_id.get(issuer) or {}).get("name") if issuer else None
        attributes["issuer_id"] = display_id(issuer) if issuer else None
    elif kind == "Task":
        doc = attributes.get("document")
        attributes["document"] = display_id(doc) if doc else None
        attributes["document_label"] = _short_document_label(index.document_by_id[doc]) \
            if doc in index.document_by_id else None
    elif kind == "Agency":
        parent = attributes.get("parent")
        attributes["parent"] = display_id(parent) if parent else None
        attributes["parent_name"] = (index.agency_by_id.get(parent) or {}).get("name") if parent else None
    links: list[LinkView] = []
    counts: dict[str, int] = {}
    shown: dict[tuple[str, str], int] = {}
    more: dict[str, int] = {}
    for link in sorted(source.links(stored), key=lambda k: (_LINK_ORDER.get(k.type, 9), k.direction,
                                                           k.role != "lead", k.other)):
        counts[link.type] = counts.get(link.type, 0) + 1
        key = (link.type, link.direction)
        shown[key] = shown.get(key, 0) + 1
        if shown[key] > limit:
            more[link.type] = more.get(link.type, 0) + 1
            continue
        links.append(LinkView(type=link.type, direction=link.direction, other=display_id(link.other),
                              label=_label(index, link.other), role=link.role, quote=link.quote, file=link.file))
    now = []
    if kind == "Agency":
        from .answers import carried_by

        now = carried_by(source, stored)
    return NodeView(id=display_id(stored), kind=kind, label=_label(index, stored) or display_id(stored),
                    attributes=attributes, links=links, counts=counts, more=more, now=now)
