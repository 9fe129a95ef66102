"""The ``store`` stage: records in a DuckDB file, written atomically, queried safely.

:class:`Store` writes each processed article in one transaction (re-writing the
same article replaces its rows, so ingest is idempotent) and answers the queries
of the CLI, the HTTP API and the merge stage. :class:`EventQuery` is the one
filter object they all use; every value in it is bound as a SQL parameter.

Example:
    >>> with Store.open("sitrep.duckdb") as store:                   # doctest: +SKIP
    ...     store.events(EventQuery(country="Syria", min_fatalities=10))
"""

from __future__ import annotations

from sitrep.store._query import SORT_KEYS, EventQuery
from sitrep.store._sharing import SharedReader, Writer
from sitrep.store._store import Store
from sitrep.store._writes import article_fingerprint

__all__ = [
    "SORT_KEYS",
    "EventQuery",
    "SharedReader",
    "Store",
    "Writer",
    "article_fingerprint",
]
