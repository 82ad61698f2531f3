"""Shared fixtures: the five corpus documents, read once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import read_document
from loaders.models import DocumentRecord

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"


def _path(prefix: str) -> Path:
    (path,) = DOCUMENTS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="session")
def corpus() -> dict[str, DocumentRecord]:
    """Records of the corpus by province slug: 'phu-yen', 'tay-ninh', 'hung-yen', 'quang-tri', 'ninh-thuan'."""
    return {
        prefix: read_document(_path(prefix))
        for prefix in ("phu-yen", "tay-ninh", "hung-yen", "quang-tri", "ninh-thuan")
    }


def leads(record: DocumentRecord, label: str) -> list[str]:
    """Names of the agencies leading a task, in the order the document gives them."""
    task = record.task(label)
    return [record.agency(a.agency).name for a in task.assignments if a.role == "lead"]


def coordinators(record: DocumentRecord, label: str) -> list[str]:
    task = record.task(label)
    return [record.agency(a.agency).name for a in task.assignments if a.role == "coordinate"]


@pytest.fixture(scope="session")
def built_graph(tmp_path_factory) -> Path:
    """A folder with the graph of data/ written by `kg build` (read only: tests write elsewhere): what
    the documents say, without the 2025 successors (tests/kg/test_succession.py builds with them)."""
    from kg.cli import main

    out = tmp_path_factory.mktemp("kg-out")
    assert main(["build", str(DOCUMENTS), "--out", str(out), "--no-succession"]) == 0
    return out
