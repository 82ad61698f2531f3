"""Who carries a task now: the 2025 reorganisation as dated, sourced `succeeded_by` links.

What the documents say is never rewritten: a 2022 plan's "Sở Kế hoạch và Đầu tư tỉnh Ninh Thuận"
stays its agency. Beside it the build adds the bodies that carry its duties since, each step a link
with its date, the kind of change and its legal basis:

    Sở Kế hoạch và Đầu tư (Ninh Thuận) --2025-03-01 merged_into, Nghị định 45/2025/NĐ-CP-->
    Sở Tài chính (Ninh Thuận) --2025-07-01 merged_into, Nghị quyết 202/2025/QH15--> Sở Tài chính (Khánh Hòa)

Three kinds of rule, applied in this order to every agency:
1. a named body's change (data/succession/*.csv: ministries, a province's departments): a province's
   own rule (its `province` column filled) wins over the general pattern for that body;
2. district-level bodies (Ủy ban nhân dân huyện…, Phòng … huyện) ended on 1 July 2025, their duties
   moved to the communes: the province's "Ủy ban nhân dân các xã, phường, đặc khu";
3. the 63 provinces became 34 on 1 July 2025: a body of a province merged into another becomes the
   same body of that province. The table comes from the `vietnamadminunits` package (its converter's
   province table, read through its public `convert_address`), not typed here.
A unit of a body that changed (a Phòng of a Sở) goes to its parent's successor, marked
`unit_known: false`: which Phòng of the new Sở carries it is not known and is never invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, ValidationError

from loaders.agencies import AgencyResolver
from loaders.textutil import fold
from loaders.vocab import PROVINCE_ALIASES, PROVINCES

from .identity import agency_key

RULES_DIR = Path(__file__).resolve().parents[1] / "data" / "succession"  # the national pattern
SUCCESSION_FOLDER = "succession"  # CSV files in a folder of this name are rules, not documents
PROVINCE_MERGER_DATE = dt.date(2025, 7, 1)
PROVINCE_MERGER_BASIS = "Nghị quyết 202/2025/QH15"
CHANGES = ("merged_into", "split_between", "renamed", "abolished")
_DISTRICT = re.compile(r"\b(?:huyen|thi xa|cap huyen)\b")


class SuccessionRule(BaseModel):
    """One row of a succession file: `old` carries on as `new` from `date` (the first day of the new body)."""

    model_config = ConfigDict(extra="forbid")

    level: Literal["national", "province", "district", "merger"]
    old: str
    new: str
    change: Literal["merged_into", "split_between", "renamed", "abolished"]
    date: dt.date
    basis: str
    province: str | None = None  # a province's own decision: wins over the general pattern
    note: str | None = None
    file: str = ""
    line: int = 0

    @property
    def quote(self) -> str:
        where = f" ({self.province})" if self.province else ""
        return f"{self.old}{where} → {self.new}: {self.change}, {self.date.isoformat()}, {self.basis}"


class BadRules(ValueError):
    """A succession file that cannot be read; the message names the file and line."""


def is_rules_file(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and path.parent.name.lower() == SUCCESSION_FOLDER


def read_rules(paths: list[Path]) -> list[SuccessionRule]:
    """The rules of every file, in the order given (a later file's rule for a body wins)."""
    rules = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadRules(f"{path}: cannot be read as UTF-8 text ({exc})") from None
        for number, row in enumerate(csv.DictReader(text.splitlines()), start=2):
            values = {k.strip(): (v or "").strip() or None for k, v in row.items() if k}
            try:
                rules.append(SuccessionRule(**values, file=str(path), line=number))
            except ValidationError as exc:
                problem = exc.errors()[0]
                field = ".".join(str(p) for p in problem["loc"])
                raise BadRules(f"{path}, line {number}: {field}: {problem['msg']} — the columns are "
                               "level, old, new, change, date (YYYY-MM-DD), basis, province, note") from None
    return rules


def default_rule_files(inputs: list[Path] = ()) -> list[Path]:
    """The national pattern, then the rules found among the inputs (a province's own decisions)."""
    files = sorted(RULES_DIR.glob("*.csv")) if RULES_DIR.is_dir() else []
    return files + [p for p in inputs if p.resolve() not in {f.resolve() for f in files}]


def _province_name(text: str) -> str:
    """A province as the graph spells it (loaders.vocab.PROVINCES)."""
    text = PROVINCE_ALIASES.get(text, text)
    key = fold(text)
    return next((p for p in PROVINCES if fold(p) == key), text)


@lru_cache(maxsize=1)
def province_mergers() -> dict[str, str]:
    """Old province -> the province it belongs to from 1 July 2025, for those that changed (29 of 63,
    by Nghị quyết 202/2025/QH15), spelt as the graph spells provinces. From vietnamadminunits."""
    from vietnamadminunits import convert_address
    from vietnamadminunits.database.main import get_data

    olds = {row["provinceShort"] for row in get_data(fields="provinceShort", table="admin_units_legacy")}
    out = {}
    for old in sorted(olds):
        new = convert_address(old).short_province
        if fold(new) != fold(old):
            out[_province_name(old)] = _province_name(new)
    return out


def _canonical(name: str, province: str | None) -> str:
    """A body's name as the loaders write it ('Sở KH&CN' -> 'Sở Khoa học và Công nghệ'), folded."""
    agency = AgencyResolver(province=province).resolve(name)
    return fold(agency.name if agency is not None else name)


class _Rules:
    def __init__(self, rules: list[SuccessionRule]):
        self.named: dict[tuple[str, str | None], SuccessionRule] = {}
        self.district = None
        for rule in rules:
            if rule.level == "district":
                self.district = rule
            elif rule.level in ("national", "province"):
                province = _province_name(rule.province) if rule.province else None
                self.named[(_canonical(rule.old, province), province)] = rule

    def named_rule(self, name: str, province: str | None, national: bool) -> SuccessionRule | None:
        key = fold(name)
        own = self.named.get((key, province)) if province else None
        general = self.named.get((key, None))
        if general is not None and (general.level == "national") != national:
            general = None
        return own or general


def add_successions(graph: nx.MultiDiGraph, rules: list[SuccessionRule]) -> int:
    """Add the successor bodies and `succeeded_by` links of every agency; the number of links added."""
    table = _Rules(rules)
    mergers = province_mergers()
    parents = {u: v for u, v, k in graph.edges(keys=True) if k == "sub_organization_of"}
    added = 0
    pending = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == "Agency")
    done: set[str] = set()
    units = []
    while pending:
        node = pending.pop(0)
        if node in done:
            continue
        done.add(node)
        if node in parents:
            units.append(node)
            continue
        step = _next(graph.nodes[node], table, mergers)
        if step is None:
            continue
        new_name, new_province, rule, change, date, basis, note = step
        successor = _body(graph, new_name, new_province)
        if successor == node:
            continue
        _link(graph, node, successor, change=change, date=date, basis=basis, note=note, rule=rule, unit_known=True)
        added += 1
        pending.append(successor)
    for unit in units:  # a unit goes where its parent went: the new body, its own unit not known
        parent = parents[unit]
        step = next(((v, d) for _, v, d in graph.out_edges(parent, data=True) if d["type"] == "succeeded_by"), None)
        if step is None:
            continue
        successor, d = step
        _link(graph, unit, successor, change=d["change"], date=dt.date.fromisoformat(d["date"]), basis=d["basis"],
              note="the unit that carries it in the new body is not known", rule=None, unit_known=False,
              quote=d["evidence"][0]["quote"], file=d["evidence"][0]["file"])
        added += 1
    return added


def _next(attrs: dict, table: _Rules, mergers: dict[str, str]):
    """The body that next carries an agency's duties: (name, province, rule, change, date, basis, note) or None."""
    name, province = attrs.get("name") or "", attrs.get("province")
    national = attrs.get("level") == "national" or (province is None and name.startswith("Bộ"))
    rule = table.named_rule(name, province, national)
    if rule is not None:
        return rule.new, province, rule, rule.change, rule.date, rule.basis, rule.note
    if province and table.district is not None and _DISTRICT.search(fold(name)):
        rule = table.district
        return rule.new, mergers.get(province, province), rule, rule.change, rule.date, rule.basis, rule.note
    if province in mergers and fold(province) not in fold(name):  # "Báo Ninh Thuận": its successor is not known
        return (name, mergers[province], None, "merged_into", PROVINCE_MERGER_DATE, PROVINCE_MERGER_BASIS,
                f"tỉnh {province} hợp nhất vào tỉnh {mergers[province]}")
    return None


def _body(graph: nx.MultiDiGraph, name: str, province: str | None) -> str:
    """The node of a body named as the loaders name it, added when the graph has none."""
    agency = AgencyResolver(province=province).resolve(name)
    if agency is None:
        raise BadRules(f"“{name}” is not a body's name the loaders know; write it as documents do")
    node = agency_key(agency.key)
    if node not in graph:
        graph.add_node(node, kind="Agency", name=agency.name, aliases=[], province=agency.province,
                       collective=agency.kind == "group", level=agency.level, sources=[], successor=True)
    return node


def _link(graph: nx.MultiDiGraph, old: str, new: str, *, change: str, date: dt.date, basis: str, note: str | None,
          rule: SuccessionRule | None, unit_known: bool, quote: str | None = None, file: str | None = None) -> None:
    quote = quote if quote is not None else (rule.quote if rule is not None else
                                            f"{graph.nodes[old].get('province')} → {graph.nodes[new].get('province')}: "
                                            f"{change}, {date.isoformat()}, {basis}")
    file = file if file is not None else (rule.file if rule is not None else "vietnamadminunits (63 → 34 provinces)")
    evidence = {"file": file, "start": None, "end": None, "quote": quote}
    # the legal basis is `basis`: node-link JSON keeps `source` for the link's start
    graph.add_edge(old, new, key="succeeded_by", type="succeeded_by", date=date.isoformat(), change=change,
                   basis=basis, note=note, unit_known=unit_known, **evidence, evidence=[evidence])


def successors(agency: str, next_of, as_of: dt.date | None = None) -> list[tuple[str, object]]:
    """(body, link) of each change from `agency` to the body carrying its duties on `as_of` (default:
    every change known), oldest first; [] when it never changed. `next_of(body)` gives the body's one
    succeeded_by link as (successor, date as ISO text, link), or None: a graph's edge or a backend's
    listing (queries.answers.carried_by), walked the same way."""
    steps, current, seen = [], agency, {agency}
    while (found := next_of(current)) is not None:
        successor, date, link = found
        if (as_of is not None and dt.date.fromisoformat(date) > as_of) or successor in seen:
            break
        steps.append((successor, link))
        seen.add(successor)
        current = successor
    return steps


def carried_by(graph, agency: str, as_of: dt.date | None = None) -> list[dict]:
    """The steps from `agency` to the body carrying its duties on `as_of` (default: every change known):
    [{"id", "name", "province", "date", "change", "basis", "note", "unit_known"}, ...]; [] when unchanged."""
    def next_of(body: str):
        return next(((v, d["date"], d) for _, v, d in graph.out_edges(body, data=True) if d["type"] == "succeeded_by"),
                    None)

    return [{"id": successor, "name": graph.nodes[successor].get("name"), "province": graph.nodes[successor].get("province"),
             "date": d["date"], "change": d["change"], "basis": d["basis"], "note": d.get("note"),
             "unit_known": d.get("unit_known", True)} for successor, d in successors(agency, next_of, as_of)]
