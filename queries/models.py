"""Answers to the users' questions, as typed objects every backend returns alike."""

from __future__ import annotations

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
    title: str | None = None
    issuer: str | None = None  # the issuer's name
    relation: str  # "part_of" for the task's own document, then "implements"
    quote: str | None = None


class TracePath(Answer):
    chain: list[ChainStep]


class Trace(Answer):
    task: TaskInfo
    paths: list[TracePath]

    def as_json(self) -> dict:
        """One path: {"task", "chain"}; several: {"task", "paths": [{"chain"}, …]}."""
        task = self.task.model_dump()
        if len(self.paths) == 1:
            return {"task": task, "chain": [s.model_dump() for s in self.paths[0].chain]}
        return {"task": task, "paths": [{"chain": [s.model_dump() for s in p.chain]} for p in self.paths]}


class Implementation(Answer):
    """Something that implements a document: another document, or a task of one, with who carries it."""

    id: str
    kind: str  # "Document" or "Task"
    depth: int  # 1: implements it directly
    via: str | None  # the document it implements or is part of
    title: str | None = None
    leads: list[str] = []
    coordinators: list[str] = []


class AgencyLoad(Answer):
    id: str
    name: str
    province: str | None
    lead: int
    coordinate: int
    load: float
    open: int | None = None  # tasks open in the period asked for
    overloaded: bool = False


class LoadReport(Answer):
    rule: str
    agencies: list[AgencyLoad]
    groups: list[AgencyLoad]  # collective mentions, never counted for one agency
