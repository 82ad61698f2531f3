"""Answers to the users' questions, as typed objects every backend returns alike."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TaskInfo(Answer):
    id: str
    label: str
    text: str
    document: str  # id of the document it is part of
    source: str | None = None


class ChainStep(Answer):
    """One document on the way up, and the link that leads to it with the words that state it."""

    id: str
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None
    year: int | None = None  # a document whose date is blank keeps its year
    title: str | None = None
    issuer: str | None = None  # the issuer's name
    relation: str  # "part_of" for the task's own document, then "implements"
    quote: str | None = None


class TracePath(Answer):
    chain: list[ChainStep]


class SuccessionStep(Answer):
    """One change on the way from the agency a document names to the body carrying its duties now."""

    id: str  # the body after the change
    name: str
    province: str | None = None
    date: str  # ISO: the first day the new body carries the duties
    change: str  # merged_into, split_between, renamed, abolished
    basis: str  # the legal basis
    note: str | None = None
    unit_known: bool = True  # False: only the new body is known, not which of its units carries it


class AssignedAgency(Answer):
    """An agency a task is assigned to, as the document names it, and who carries it now."""

    id: str
    name: str
    province: str | None = None
    role: str  # lead or coordinate
    now: list[SuccessionStep] = []  # the changes since, oldest first; empty when the body never changed


class Trace(Answer):
    task: TaskInfo
    paths: list[TracePath]
    agencies: list[AssignedAgency] = []

    def as_json(self) -> dict:
        """One path: {"task", "chain", "agencies"}; several: {"task", "paths": [{"chain"}, …], "agencies"}."""
        task = self.task.model_dump()
        agencies = [a.model_dump() for a in self.agencies]
        if len(self.paths) == 1:
            return {"task": task, "chain": [s.model_dump() for s in self.paths[0].chain], "agencies": agencies}
        return {"task": task, "paths": [{"chain": [s.model_dump() for s in p.chain]} for p in self.paths],
                "agencies": agencies}


class Implementation(Answer):
    """Something that implements a document: another document, or a task of one, with who carries it."""

    id: str
    kind: str  # "Document" or "Task"
    depth: int  # 1: implements it directly
    via: str | None  # the document it implements or is part of
    title: str | None = None
    leads: list[str] = []
    coordinators: list[str] = []


class _Counted(Answer):
    """What every load row has: who, the counts over the report's period and over every task, and
    the overload rule's verdict (see AgencyLoad and RollupLoad for what each counts)."""

    id: str
    name: str
    province: str | None
    lead: int
    coordinate: int
    load: float
    lead_all: int
    coordinate_all: int
    load_all: float
    peer_median: float | None = None
    overloaded: bool = False


class AgencyLoad(_Counted):
    """One agency (or collective group) of one province: the tasks it leads and co-ordinates.

    `lead`, `coordinate` and `load` (lead + the co-ordination weight × coordinate) are counted over
    the period the report answers: with a period, only the tasks open in it (deadline interval
    overlapping it, or recurring with no interval; a task with no time at all is not counted);
    without one, every task. `lead_all`, `coordinate_all` and `load_all` are always counted over
    every task, whatever the period. `open` is the number of distinct tasks open in the period
    (None without a period). `peer_median` is the median load of the agencies of its province, the
    yardstick of the peer rule (None under three agencies, and for groups).
    """

    open: int | None = None  # tasks open in the period asked for
    came_from: list[str] = []  # as of a date: the bodies the documents name whose tasks it carries now


class RollupLoad(_Counted):
    """An agency together with its units (Phòng, Chi cục, Trung tâm: agencies `sub_organization_of`
    it, at any depth; collective groups such as "Các phòng thuộc Sở" are not units).

    `own_*` are the agency's own counts; `lead`, `coordinate`, `load` count the distinct tasks that
    the agency or any of its units leads or co-ordinates: a task led by both the Sở and a Phòng is
    one task led, and a task that one of them leads and another co-ordinates counts as led only.
    Counted over the report's period like `AgencyLoad`; `*_all` count every task. `unit_ids` are its
    units (at any depth) that carry a task counted (with a period: one open in it), `units` their
    number. `overloaded` applies the report's rule to the rolled-up load; the yardstick of the peer
    rule (`peer_median`) is the median load of the single agencies of its province, the same one its
    units are measured by: a Sở with its units is compared with the agencies a reader compares it with,
    and a province with only one or two Sở with units still has a median.
    """

    units: int
    unit_ids: list[str] = []
    own_lead: int
    own_coordinate: int
    own_load: float


class LoadReport(Answer):
    """The load answer: `agencies` most loaded first, `rollup` (agencies with units, most loaded with
    their units first), `groups` (collective mentions, never counted for one agency). `start`/`end`
    are the period the counts are over (None: unbounded on that side; both None: every task)."""

    rule: str
    start: dt.date | None = None
    end: dt.date | None = None
    threshold: float = 10.0
    peer_factor: float = 3.0
    coordination_weight: float = 0.5
    agencies: list[AgencyLoad]
    rollup: list[RollupLoad] = []
    groups: list[AgencyLoad]  # collective mentions, never counted for one agency

    def reason(self, entry: AgencyLoad | RollupLoad) -> str | None:
        """Why `entry` is overloaded, in words (None when it is not)."""
        if not entry.overloaded:
            return None
        why = []
        if entry.load > self.threshold:
            why.append(f"load {entry.load:g} above {self.threshold:g}")
        if entry.peer_median and entry.load > self.peer_factor * entry.peer_median:
            median = f"{entry.peer_median:g}" if entry.peer_median % 1 else f"{entry.peer_median:.1f}"
            why.append(f"load {entry.load:g} above {self.peer_factor:g} × {median}, the median of "
                       f"{entry.province or 'the national agencies'}")
        return "; ".join(why) or None
