"""Opening a sitrep database: the connection, its lock, its schema and the helpers all parts use.

:class:`StoreBase` is what the three parts of :class:`~sitrep.store.Store`
(writes, merge support, read views) share: one DuckDB connection serialised by
a lock, one-line :class:`~sitrep.errors.StoreError` s for every DuckDB failure,
and transactions that roll back on any exception.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

import duckdb

from sitrep._closing import Closing
from sitrep.errors import StoreError, StoreLockedError
from sitrep.records import Event
from sitrep.store._query import EVENTS, EventQuery, order_and_page, where
from sitrep.store._rows import from_row, group_evidence
from sitrep.store._schema import ADDED_TABLES, SCHEMA_VERSION, TABLES

#: Rows per multi-row INSERT statement (one statement is far cheaper than one per row).
_INSERT_CHUNK = 500
#: How often a waiting open retries a locked database.
LOCK_POLL_S = 0.05

EVIDENCE_COLUMNS = (
    "owner_kind",
    "owner_id",
    "article_id",
    "field",
    "position",
    "span_start",
    "span_end",
    "span_text",
)


class StoreBase(Closing):
    """One DuckDB connection, serialised by a lock, with the schema checked on open."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self._con = connection
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, lock_timeout: float = 0.0) -> Self:
        """Open (and, when writable, create) the database at ``path``; use it as a context manager.

        Args:
            path: the DuckDB file.
            read_only: open for queries only; several read-only processes may share a file.
            lock_timeout: seconds to wait for another process to release the file.

        Raises:
            StoreLockedError: another process holds the file past ``lock_timeout``.
            StoreError: the file does not exist (read-only), is not a sitrep database of
                this version, or cannot be opened.
        """
        name = str(path)
        deadline = time.monotonic() + lock_timeout
        while True:
            try:
                connection = duckdb.connect(name, read_only=read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(name, reason(exc, "cannot open the database")) from None
                if time.monotonic() >= deadline:
                    raise StoreLockedError(
                        name, "database is in use by another process; retry when it has finished"
                    ) from None
                time.sleep(LOCK_POLL_S)
            except duckdb.Error as exc:
                raise StoreError(name, reason(exc, "cannot open the database")) from None
        store = cls(connection, name, read_only)
        try:
            store._prepare_schema()
        except BaseException:
            connection.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection; a committed write is already durable."""
        with self._lock:
            self._con.close()

    def _prepare_schema(self) -> None:
        with self._guard("prepare the database"):
            tables = {
                row[0]
                for row in self._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            }
            if not tables and not self.read_only:
                self._con.execute("BEGIN TRANSACTION")
                for table, spec in TABLES.items():
                    self._con.execute(f"CREATE TABLE {table} ({spec})")
                self._con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
                self._con.execute("COMMIT")
                return
            if "meta" not in tables:
                raise StoreError(self.path, "not a sitrep database")
            row = self._con.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
            if row is None or row[0] != str(SCHEMA_VERSION):
                found = row[0] if row else "none"
                raise StoreError(
                    self.path,
                    f"database schema version {found}, this sitrep reads {SCHEMA_VERSION}",
                )
            missing = [t for t in ADDED_TABLES if t not in tables]
            if missing and not self.read_only:
                self._con.execute("BEGIN TRANSACTION")
                for table in missing:
                    self._con.execute(f"CREATE TABLE {table} ({TABLES[table]})")
                    self._con.execute(ADDED_TABLES[table])
                self._con.execute("COMMIT")

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Serialise the call and turn DuckDB failures into one-line :class:`StoreError` s."""
        with self._lock:
            try:
                yield
            except duckdb.Error as exc:
                raise StoreError(self.path, reason(exc, f"cannot {action}")) from None

    @contextmanager
    def _transaction(self, action: str) -> Iterator[None]:
        with self._guard(action):
            self._con.execute("BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            self._con.execute("COMMIT")

    def _insert(self, table: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` with multi-row statements; every value is a bound parameter."""
        row_sql = "(" + ", ".join("?" * len(names)) + ")"
        head = f"INSERT INTO {table} ({', '.join(names)}) VALUES "
        for i in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[i : i + _INSERT_CHUNK]
            params = [value for row in chunk for value in row]
            self._con.execute(head + ", ".join([row_sql] * len(chunk)), params)

    # -- helpers (callers hold the lock) -------------------------------------------------

    def _dicts(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cursor = self._con.execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _scalar(self, sql: str) -> int:
        row = self._con.execute(sql).fetchone()
        return int(row[0]) if row else 0

    def _events(self, q: EventQuery) -> list[tuple[Event, dict[str, Any]]]:
        """Events matching ``q`` with their evidence, each with its article's title and time."""
        clause, params = where(q, EVENTS)
        order, page = order_and_page(q, EVENTS)
        sql = (
            "SELECT e.*, a.title AS article_title, a.ingested_at AS ingested_at "
            f"FROM {EVENTS.table} LEFT JOIN articles a ON a.article_id = e.article_id"
            f"{clause}{order}"
        )
        with self._guard("read events"):
            rows = self._dicts(sql, params + page)
            evidence = self._evidence("event", [r["event_id"] for r in rows])
        extras = ("article_title", "ingested_at")
        return [
            (
                from_row(
                    Event,
                    {k: v for k, v in row.items() if k not in extras},
                    evidence.get(row["event_id"]),
                ),
                {k: row[k] for k in extras},
            )
            for row in rows
        ]

    def _evidence(self, kind: str, ids: list[str]) -> dict[str, Any]:
        if not ids:
            return {}
        rows = self._con.execute(
            "SELECT owner_id, field, span_start, span_end, span_text FROM evidence "
            "WHERE owner_kind = ? AND list_contains(?, owner_id) "
            "ORDER BY owner_id, field, position",
            [kind, ids],
        ).fetchall()
        return group_evidence(rows)


def reason(exc: Exception, action: str) -> str:
    """The first line of a DuckDB message, which is the part a user can act on."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{action} ({first})"
