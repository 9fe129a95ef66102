"""The DuckDB store: one file, atomic and idempotent per article, parameterised queries."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import duckdb

from sitrep.errors import StoreError, StoreLockedError
from sitrep.records import Article, Event, Figure, Incident, Processed, stable_id, to_dict
from sitrep.store._query import EVENTS, FIGURES, INCIDENTS, EventQuery, order_and_page, where
from sitrep.store._rows import columns, evidence_rows, from_row, group_evidence, to_row
from sitrep.store._schema import SCHEMA_VERSION, TABLES

_R = TypeVar("_R", Event, Figure, Incident)

#: Rows per multi-row INSERT statement (one statement is far cheaper than one per row).
_INSERT_CHUNK = 500
#: Events per page when streaming every event (keyset paging, so writes in between are safe).
_STREAM_CHUNK = 1000
#: How often a waiting open retries a locked database.
_LOCK_POLL_S = 0.2

_ARTICLE_COLUMNS = (
    "article_id",
    "title",
    "text",
    "published",
    "url",
    "source",
    "language",
    "external_id",
    "origin",
    "reason",
    "fingerprint",
    "record_hash",
    "ingested_at",
)


def article_fingerprint(article: Article) -> str:
    """Hash what reading decides about an article (text and metadata, not the path).

    Ingest compares it with the stored one to skip an unchanged article without
    running the pipeline on it again.

    Example:
        >>> article_fingerprint(Article(text="a")) == article_fingerprint(Article(text="a"))
        True
    """
    published = article.published.isoformat() if article.published else ""
    return stable_id(
        article.text,
        article.title or "",
        published,
        article.url or "",
        article.source or "",
        length=32,
    )


def _article_row(processed: Processed, record_hash: str) -> tuple[Any, ...]:
    article = processed.article
    return (
        article.article_id,
        article.title,
        article.text,
        article.published,
        article.url,
        article.source,
        article.language,
        article.external_id,
        article.origin,
        processed.reason,
        article_fingerprint(article),
        record_hash,
        datetime.now(UTC).replace(tzinfo=None),
    )


def _record_hash(processed: Processed) -> str:
    data = to_dict(processed)
    data["article"].pop("origin", None)  # the same article read from another path is unchanged
    return stable_id(json.dumps(data, sort_keys=True, ensure_ascii=False), length=32)


class Store:
    """Articles, events, figures, evidence and incidents in one DuckDB file.

    DuckDB lets one process write a file at a time: a second writer gets
    :class:`~sitrep.errors.StoreLockedError` (after waiting up to ``lock_timeout``
    seconds), never a corrupted file. Each article is written in one transaction,
    so a crash leaves every stored article complete. The object is safe to share
    between threads (calls are serialised).

    Example:
        >>> with Store.open("sitrep.duckdb") as store:               # doctest: +SKIP
        ...     store.write(processed)
        ...     store.events(EventQuery(country="Syria"))
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self._con = connection
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, lock_timeout: float = 0.0) -> Store:
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
                message = str(exc)
                if "lock" not in message.lower():
                    raise StoreError(name, _reason(exc, "cannot open the database")) from None
                if time.monotonic() >= deadline:
                    raise StoreLockedError(
                        name, "database is in use by another process; retry when it has finished"
                    ) from None
                time.sleep(_LOCK_POLL_S)
            except duckdb.Error as exc:
                raise StoreError(name, _reason(exc, "cannot open the database")) from None
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

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

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

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Serialise the call and turn DuckDB failures into one-line :class:`StoreError` s."""
        with self._lock:
            try:
                yield
            except duckdb.Error as exc:
                raise StoreError(self.path, _reason(exc, f"cannot {action}")) from None

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

    # -- writing ------------------------------------------------------------------------

    def write(self, processed: Processed) -> bool:
        """Store one article and its records in one transaction, replacing any earlier version.

        Writing the same processed article again changes nothing and returns
        ``False``; a changed version replaces every row of the old one. Events keep
        the incident they were merged into while their id stays the same.

        Returns:
            Whether the article was new or changed.

        Raises:
            StoreError: the database rejected the write (nothing of it is stored).
        """
        return self.write_many([processed])[0]

    def write_many(self, batch: Sequence[Processed]) -> list[bool]:
        """Store a batch of articles in one transaction, each as :meth:`write` would.

        One transaction and one statement per table for the whole batch instead of
        ten statements per article: the writer is the one process a distributed
        ingest cannot parallelise, so its cost per article bounds the whole run.
        All of the batch is stored or none of it; a re-run stores what is missing.

        Returns:
            For each article of ``batch``, whether it was new or changed.

        Raises:
            StoreError: the database rejected the write (nothing of the batch is stored).
        """
        latest = {p.article.article_id: p for p in batch}  # an article twice: its last version
        hashes = {aid: _record_hash(p) for aid, p in latest.items()}
        ids = list(latest)
        with self._guard("write"):
            stored = dict(
                self._con.execute(
                    "SELECT article_id, record_hash FROM articles "
                    "WHERE list_contains(?, article_id)",
                    [ids],
                ).fetchall()
            )
            changed = [aid for aid in ids if stored.get(aid) != hashes[aid]]
            merged = dict(
                self._con.execute(
                    "SELECT event_id, incident_id FROM events "
                    "WHERE list_contains(?, article_id) AND incident_id IS NOT NULL",
                    [changed],
                ).fetchall()
            ) if changed else {}  # fmt: skip
        if changed:
            articles, events, figures, evidence = [], [], [], []
            for aid in changed:
                processed = latest[aid]
                articles.append(_article_row(processed, hashes[aid]))
                kept = [
                    e
                    if e.incident_id or e.event_id not in merged
                    else replace(e, incident_id=merged[e.event_id])
                    for e in processed.result.events
                ]
                events += [to_row(e) for e in kept]
                figures += [to_row(f) for f in processed.result.figures]
                for e in kept:
                    evidence += evidence_rows("event", e.event_id, aid, e.evidence)
                for f in processed.result.figures:
                    evidence += evidence_rows("figure", f.figure_id, aid, f.evidence)
            with self._transaction("write"):
                for table in ("evidence", "events", "figures", "articles"):
                    self._con.execute(
                        f"DELETE FROM {table} WHERE list_contains(?, article_id)", [changed]
                    )
                self._insert("articles", _ARTICLE_COLUMNS, articles)
                self._insert("events", columns(Event), events)
                self._insert("figures", columns(Figure), figures)
                self._insert("evidence", _EVIDENCE_COLUMNS, evidence)
        written = set(changed)
        seen: set[str] = set()
        out = []
        for processed in batch:
            aid = processed.article.article_id
            out.append(aid in written and aid not in seen)
            seen.add(aid)
        return out

    def has_article(self, article_id: str, *, fingerprint: str | None = None) -> bool:
        """Whether the article is stored (with this :func:`article_fingerprint`, when given)."""
        with self._guard("read"):
            row = self._con.execute(
                "SELECT fingerprint FROM articles WHERE article_id = ?", [article_id]
            ).fetchone()
        return row is not None and (fingerprint is None or row[0] == fingerprint)

    # -- incidents (written by the merge stage) -----------------------------------------

    def upsert_incidents(self, incidents: Iterable[Incident]) -> None:
        """Insert or replace incidents, their members and evidence, in one transaction."""
        items = list(incidents)
        if not items:
            return
        ids = [i.incident_id for i in items]
        with self._transaction("write incidents"):
            self._delete_incident_rows(ids)
            self._insert("incidents", columns(Incident), [to_row(i) for i in items])
            self._insert(
                "incident_members",
                ("incident_id", "event_id", "position"),
                [(i.incident_id, e, n) for i in items for n, e in enumerate(i.event_ids)],
            )
            self._insert(
                "evidence",
                _EVIDENCE_COLUMNS,
                [
                    r
                    for i in items
                    for r in evidence_rows("incident", i.incident_id, None, i.evidence)
                ],
            )

    def delete_incidents(self, ids: Iterable[str]) -> None:
        """Remove incidents; their events no longer point at them."""
        id_list = list(ids)
        if not id_list:
            return
        with self._transaction("delete incidents"):
            self._delete_incident_rows(id_list)
            self._con.execute(
                "UPDATE events SET incident_id = NULL WHERE list_contains(?, incident_id)",
                [id_list],
            )

    def _delete_incident_rows(self, ids: list[str]) -> None:
        for table in ("incidents", "incident_members"):
            self._con.execute(f"DELETE FROM {table} WHERE list_contains(?, incident_id)", [ids])
        self._con.execute(
            "DELETE FROM evidence WHERE owner_kind = 'incident' AND list_contains(?, owner_id)",
            [ids],
        )

    def set_incident_ids(self, mapping: Mapping[str, str | None]) -> None:
        """Point events (by id) at their incident; ``None`` clears the link."""
        if not mapping:
            return
        with self._transaction("link events to incidents"):
            self._con.execute(
                "UPDATE events SET incident_id = m.incident_id "
                "FROM (SELECT unnest(?::VARCHAR[]) AS event_id, "
                "unnest(?::VARCHAR[]) AS incident_id) AS m "
                "WHERE events.event_id = m.event_id",
                [list(mapping), list(mapping.values())],
            )

    def stale_incidents(self) -> dict[str, list[str]]:
        """Incidents with a member event that is gone (its article was re-written differently).

        Returns each such incident's surviving member ids, so the merge stage can
        re-cluster them and drop the incident.
        """
        with self._guard("read incidents"):
            rows = self._con.execute(
                "SELECT m.incident_id, list(e.event_id ORDER BY e.event_id) "
                "FILTER (WHERE e.event_id IS NOT NULL) "
                "FROM incident_members m LEFT JOIN events e ON e.event_id = m.event_id "
                "GROUP BY m.incident_id HAVING count(e.event_id) < count(*) "
                "ORDER BY m.incident_id"
            ).fetchall()
        return {incident_id: list(members or []) for incident_id, members in rows}

    def events_in_window(
        self, date_from: date, date_to: date, country: str | None = None
    ) -> list[Event]:
        """Events dated in ``[date_from, date_to]`` (published date if undated), with evidence."""
        query = EventQuery(
            country=country, date_from=date_from, date_to=date_to, limit=None, sort="event_date"
        )
        return [event for event, _ in self._events(query)]

    def events_by_id(self, ids: Iterable[str]) -> list[Event]:
        """The events with these ids (unknown ids skipped), with evidence, in id order."""
        id_list = sorted(set(ids))
        if not id_list:
            return []
        with self._guard("read events"):
            rows = self._dicts(
                "SELECT * FROM events WHERE list_contains(?, event_id) ORDER BY event_id",
                [id_list],
            )
            evidence = self._evidence("event", [r["event_id"] for r in rows])
        return [from_row(Event, r, evidence.get(r["event_id"])) for r in rows]

    def article_texts(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str]]:
        """Article id → (title, cleaned text), for the articles that exist."""
        id_list = sorted(set(ids))
        if not id_list:
            return {}
        with self._guard("read articles"):
            rows = self._con.execute(
                "SELECT article_id, title, text FROM articles WHERE list_contains(?, article_id)",
                [id_list],
            ).fetchall()
        return {article_id: (title, text) for article_id, title, text in rows}

    def unread_articles(
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        article_ids: Iterable[str] | None = None,
    ) -> list[tuple[Article, str]]:
        """Articles stored with a ``reason`` (no records by design) and that reason, by id.

        Filtered by publication date in ``[date_from, date_to]`` and, when given,
        by ``article_ids``; the merge stage links such articles to incidents.
        """
        clauses = ["reason IS NOT NULL"]
        params: list[Any] = []
        if date_from is not None:
            clauses.append("published >= ?")
            params.append(date_from)
        if date_to is not None:
            clauses.append("published <= ?")
            params.append(date_to)
        if article_ids is not None:
            clauses.append("list_contains(?, article_id)")
            params.append(sorted(set(article_ids)))
        with self._guard("read articles"):
            rows = self._dicts(
                "SELECT title, text, published, url, source, language, external_id, origin, "
                f"reason FROM articles WHERE {' AND '.join(clauses)} ORDER BY article_id",
                params,
            )
        return [
            (Article(**{k: v for k, v in row.items() if k != "reason"}), row["reason"])
            for row in rows
        ]

    def all_events(self) -> Iterator[Event]:
        """Every stored event, streamed in pages by id (safe to write between pages)."""
        last = ""
        while True:
            with self._guard("read events"):
                rows = self._dicts(
                    "SELECT * FROM events WHERE event_id > ? ORDER BY event_id LIMIT ?",
                    [last, _STREAM_CHUNK],
                )
                evidence = self._evidence("event", [r["event_id"] for r in rows])
            if not rows:
                return
            for row in rows:
                yield from_row(Event, row, evidence.get(row["event_id"]))
            last = rows[-1]["event_id"]

    # -- queries ------------------------------------------------------------------------

    def events(self, q: EventQuery) -> list[dict[str, Any]]:
        """Events matching ``q`` as JSON-ready dicts (record field names, evidence included).

        Each dict also carries the article's ``title`` and the UTC ``ingested_at``
        time of the article, for display and for ACLED's ``timestamp``.
        """
        out = []
        for event, extra in self._events(q):
            item = to_dict(event)
            item["title"] = extra["article_title"]
            ingested = extra["ingested_at"]
            item["ingested_at"] = ingested.isoformat() + "Z" if ingested else None
            out.append(item)
        return out

    def count_events(self, q: EventQuery) -> int:
        """How many events match ``q``, ignoring its paging."""
        clause, params = where(q, EVENTS)
        with self._guard("count events"):
            row = self._con.execute(
                f"SELECT count(*) FROM {EVENTS.table}{clause}", params
            ).fetchone()
        return int(row[0]) if row else 0

    def _events(self, q: EventQuery) -> list[tuple[Event, dict[str, Any]]]:
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

    def figures(self, q: EventQuery) -> list[dict[str, Any]]:
        """Figures matching the place, date, bounding-box and text filters of ``q``."""
        clause, params = where(q, FIGURES)
        order, page = order_and_page(q, FIGURES)
        with self._guard("read figures"):
            rows = self._dicts(f"SELECT e.* FROM {FIGURES.table}{clause}{order}", params + page)
            evidence = self._evidence("figure", [r["figure_id"] for r in rows])
        return [to_dict(from_row(Figure, r, evidence.get(r["figure_id"]))) for r in rows]

    def incidents(self, q: EventQuery) -> list[dict[str, Any]]:
        """Incidents matching ``q``, each with its member event ids and the sources that told it."""
        clause, params = where(q, INCIDENTS)
        order, page = order_and_page(q, INCIDENTS)
        with self._guard("read incidents"):
            rows = self._dicts(f"SELECT e.* FROM {INCIDENTS.table}{clause}{order}", params + page)
            ids = [r["incident_id"] for r in rows]
            evidence = self._evidence("incident", ids)
            members: dict[str, list[str]] = {}
            sources: dict[str, list[str]] = {}
            for incident_id, event_id, source in self._con.execute(
                "SELECT m.incident_id, m.event_id, e.source FROM incident_members m "
                "LEFT JOIN events e ON e.event_id = m.event_id "
                "WHERE list_contains(?, m.incident_id) ORDER BY m.incident_id, m.position",
                [ids],
            ).fetchall():
                members.setdefault(incident_id, []).append(event_id)
                if source and source not in sources.setdefault(incident_id, []):
                    sources[incident_id].append(source)
        out = []
        for row in rows:
            iid = row["incident_id"]
            row["event_ids"] = members.get(iid, [])
            item = to_dict(from_row(Incident, row, evidence.get(iid)))
            item["sources"] = sources.get(iid, [])
            out.append(item)
        return out

    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article's cleaned text with its events and figures, whose spans index that text."""
        with self._guard("read the article"):
            rows = self._dicts(
                "SELECT article_id, title, text, published, url, source, language, origin, "
                "reason, ingested_at FROM articles WHERE article_id = ?",
                [article_id],
            )
        if not rows:
            return None
        item: dict[str, Any] = to_dict(rows[0])
        item["ingested_at"] = rows[0]["ingested_at"].isoformat() + "Z"
        with self._guard("read the article"):
            events = self._dicts(
                "SELECT * FROM events WHERE article_id = ? ORDER BY event_id", [article_id]
            )
            ev_evidence = self._evidence("event", [r["event_id"] for r in events])
            figures = self._dicts(
                "SELECT * FROM figures WHERE article_id = ? ORDER BY figure_id", [article_id]
            )
            fig_evidence = self._evidence("figure", [r["figure_id"] for r in figures])
        item["events"] = [
            to_dict(from_row(Event, r, ev_evidence.get(r["event_id"]))) for r in events
        ]
        item["figures"] = [
            to_dict(from_row(Figure, r, fig_evidence.get(r["figure_id"]))) for r in figures
        ]
        return item

    def stats(self) -> dict[str, Any]:
        """Counts of what the database holds: records, fatalities, dates, types and countries."""
        with self._guard("count records"):
            counts = {
                table: self._scalar(f"SELECT count(*) FROM {table}")
                for table in ("articles", "events", "figures", "incidents")
            }
            counts["articles_without_records"] = self._scalar(
                "SELECT count(*) FROM articles WHERE reason IS NOT NULL"
            )
            fatalities = self._scalar("SELECT coalesce(sum(fatalities), 0) FROM events")
            first, last = self._con.execute(
                "SELECT min(event_date), max(event_date) FROM events"
            ).fetchone() or (None, None)
            by_type = self._con.execute(
                "SELECT event_type, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC, 1"
            ).fetchall()
            by_country = self._con.execute(
                "SELECT coalesce(country, 'unknown'), count(*) AS n FROM events "
                "GROUP BY ALL ORDER BY n DESC, 1"
            ).fetchall()
        return {
            **counts,
            "fatalities": fatalities,
            "date_range": {
                "from": first.isoformat() if first else None,
                "to": last.isoformat() if last else None,
            },
            "by_type": dict(by_type),
            "by_country": dict(by_country),
        }

    # -- helpers (callers hold the lock) -------------------------------------------------

    def _dicts(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cursor = self._con.execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _scalar(self, sql: str) -> int:
        row = self._con.execute(sql).fetchone()
        return int(row[0]) if row else 0

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


_EVIDENCE_COLUMNS = (
    "owner_kind",
    "owner_id",
    "article_id",
    "field",
    "position",
    "span_start",
    "span_end",
    "span_text",
)


def _reason(exc: Exception, action: str) -> str:
    """The first line of a DuckDB message, which is the part a user can act on."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{action} ({first})"
