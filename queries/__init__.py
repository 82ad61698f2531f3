"""The users' questions as named queries (`.rq` for RDF, `.cypher` for Neo4j) and Python functions.

    from queries import open_backend, trace, agency_load
    source = open_backend(Path("kg-out"))           # or backend="sparql"
    trace(source, "so khoa hoc")                    # a task id or words of it
    agency_load(source, province="Phú Yên", top=5)
"""

from .answers import (
    BACKENDS,
    AmbiguousTask,
    UnknownTask,
    agency_load,
    find_task,
    implementations,
    open_backend,
    trace,
)

__all__ = ["BACKENDS", "AmbiguousTask", "UnknownTask", "agency_load", "find_task", "implementations",
           "open_backend", "trace"]
