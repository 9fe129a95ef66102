"""What ``sitrep follow`` remembers between runs: each source's validators and each page's fate.

The state lives beside the database, in ``<db>.follow.sqlite``: SQLite commits
each change on its own (a killed process loses at most the page in flight),
and it never contends for the DuckDB file's lock with ``sitrep serve`` or
``sitrep ingest``. A page goes ``pending`` (fetched and read, its article kept
here) → ``stored`` (ingested); so a run killed between fetching and storing
stores the kept article on restart instead of fetching the page again. A
page that failed is ``failed``: for good (404, no article text, too large),
or for now (a busy server), in which case it is asked again on later passes up
to :data:`MAX_ATTEMPTS` times.

Example:
    >>> with FollowState.open(":memory:") as state:
    ...     state.is_new("https://example.org/a1")
    True
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sitrep._closing import Closing
from sitrep.records import Article

#: Times a page that failed for now (a busy server, a timeout) is tried before it is given up.
MAX_ATTEMPTS = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('pending', 'stored', 'failed')),
    transient INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    article TEXT,
    updated_at TEXT NOT NULL
);
"""


def state_path(db: str | Path) -> Path:
    """Where the follow state of the database ``db`` is kept.

    Example:
        >>> str(state_path("data/sitrep.duckdb"))
        'data/sitrep.duckdb.follow.sqlite'
    """
    path = Path(db)
    return path.with_name(path.name + ".follow.sqlite")


class FollowState(Closing):
    """The follow state in one SQLite file; use :meth:`open` as a context manager."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._con = connection

    @classmethod
    def open(cls, path: str | Path) -> FollowState:
        """Open (creating it if need be) the state file at ``path``."""
        con = sqlite3.connect(str(path), isolation_level=None)  # autocommit: one change, one commit
        con.execute("PRAGMA journal_mode=WAL")
        con.executescript(_SCHEMA)
        return cls(con)

    def close(self) -> None:
        """Close the state file (every change is already committed)."""
        self._con.close()

    # -- sources --------------------------------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The ``ETag`` and ``Last-Modified`` a source last answered with."""
        row = self._con.execute(
            "SELECT etag, last_modified FROM sources WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def checked(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember a source's validators after it was read (or answered 304)."""
        self._con.execute(
            "INSERT INTO sources VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
            "checked_at = excluded.checked_at",
            (url, etag, last_modified, _now()),
        )

    # -- pages ----------------------------------------------------------------------------

    def is_new(self, url: str) -> bool:
        """Whether ``url`` is to be fetched: never seen, or failed for now and not too often."""
        row = self._con.execute(
            "SELECT state, transient, attempts FROM pages WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return True
        state, transient, attempts = row
        return bool(state == "failed" and transient and attempts < MAX_ATTEMPTS)

    def retry_due(self) -> list[str]:
        """Pages that failed for now and may be tried again, oldest failure first."""
        rows = self._con.execute(
            "SELECT url FROM pages WHERE state = 'failed' AND transient = 1 AND attempts < ? "
            "ORDER BY updated_at, url",
            (MAX_ATTEMPTS,),
        ).fetchall()
        return [url for (url,) in rows]

    def keep(self, urls: Iterable[str], article: Article) -> None:
        """Mark ``urls`` (as listed, and where they led) fetched, keeping the article to store."""
        record = json.dumps(_article_record(article), ensure_ascii=False)
        for url in dict.fromkeys(urls):
            self._con.execute(
                "INSERT INTO pages (url, state, article, updated_at) VALUES (?, 'pending', ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET state = 'pending', article = excluded.article, "
                "reason = NULL, updated_at = excluded.updated_at",
                (url, record, _now()),
            )

    def pending(self) -> list[tuple[str, Article]]:
        """Pages fetched but not yet stored, oldest first, one per article URL."""
        rows = self._con.execute(
            "SELECT url, article FROM pages WHERE state = 'pending' ORDER BY updated_at, url"
        ).fetchall()
        return [(url, _article(json.loads(record))) for url, record in rows]

    def stored(self, urls: Iterable[str]) -> None:
        """Mark pages stored; their kept articles are dropped."""
        self._con.executemany(
            "UPDATE pages SET state = 'stored', article = NULL, updated_at = ? WHERE url = ?",
            [(_now(), url) for url in urls],
        )

    def failed(self, url: str, reason: str, *, transient: bool) -> None:
        """Record a failure; a transient one counts an attempt and may be tried again."""
        self._con.execute(
            "INSERT INTO pages (url, state, transient, attempts, reason, updated_at) "
            "VALUES (?, 'failed', ?, 1, ?, ?) ON CONFLICT (url) DO UPDATE SET state = 'failed', "
            "transient = excluded.transient, attempts = pages.attempts + 1, "
            "reason = excluded.reason, updated_at = excluded.updated_at",
            (url, int(transient), reason, _now()),
        )

    def counts(self) -> dict[str, int]:
        """How many pages are in each state (for a summary and for tests)."""
        rows = self._con.execute("SELECT state, count(*) FROM pages GROUP BY state").fetchall()
        return {state: int(n) for state, n in rows}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _article_record(article: Article) -> dict[str, Any]:
    record = asdict(article)
    record["published"] = article.published.isoformat() if article.published else None
    return record


def _article(record: dict[str, Any]) -> Article:
    published = record.pop("published", None)
    return Article(**record, published=date.fromisoformat(published) if published else None)
