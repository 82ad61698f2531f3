"""A Bolt server for these tests: the Neo4j named by NEO4J_URI, or FalkorDB started here."""

from __future__ import annotations

import os
from typing import Any, NamedTuple

import pytest

from .server import isolated, start_falkordb


class Bolt(NamedTuple):
    driver: Any
    database: str | None
    uri: str
    user: str
    password: str


@pytest.fixture(scope="session")
def bolt(tmp_path_factory):
    """A real Bolt server: its driver, database, address and credentials."""
    from neo4j import GraphDatabase

    if os.environ.get("NEO4J_URI"):
        user, password = os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")
        driver = GraphDatabase.driver(os.environ["NEO4J_URI"], auth=(user, password))
        yield Bolt(driver, os.environ.get("NEO4J_DATABASE") or None, os.environ["NEO4J_URI"], user, password)
        driver.close()
        return
    if not isolated():
        pytest.skip(
            "FalkorDB's Bolt port listens on every interface, so its tests run only in a private network "
            "namespace: as root, `unshare -n sh -c 'ip link set lo up && python -m pytest'` (what .ci/run "
            "does), or set NEO4J_URI to test against a Neo4j server"
        )
    server = start_falkordb(tmp_path_factory.mktemp("falkordb"))
    driver = GraphDatabase.driver(server.uri, auth=server.auth)
    try:
        yield Bolt(driver, server.database, server.uri, *server.auth)
    finally:
        driver.close()
        server.stop()
