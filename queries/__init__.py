"""The users' questions as named queries (`.rq` for RDF, `.cypher` for Neo4j) and Python functions.

    from queries import open_backend, trace, agency_load
    source = open_backend(Path("kg-out"))           # or backend="sparql"
    trace(source, "so khoa hoc")                    # a task id or words of it
    agency_load(source, province="Phú Yên", top=5)  # agencies, their roll-ups with units, groups
    quarter_windows(source, province="Phú Yên")     # agency id -> quarter -> load, for the heatmap
"""

from .answers import (
    BACKENDS,
    AmbiguousTask,
    BadQuestion,
    UnknownTask,
    agency_label,
    agency_load,
    find_task,
    implementations,
    open_backend,
    quarter_windows,
    trace,
)

__all__ = ["BACKENDS", "AmbiguousTask", "BadQuestion", "UnknownTask", "agency_label", "agency_load", "find_task",
           "implementations", "open_backend", "quarter_windows", "trace"]
