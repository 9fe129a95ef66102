"""What the crash tests compare: a database's articles, events and incidents, as plain data."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import duckdb


def snapshot(db: Path) -> dict[str, Any]:
    """Everything a re-run must reproduce: articles, events (with their incident), incidents.

    Incident ids are derived from their members, so equal snapshots mean the
    same incidents with the same members and reconciled values.
    """
    with duckdb.connect(str(db), read_only=True) as con:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in con.execute(sql).fetchall()]

        return {
            "articles": rows("SELECT article_id, record_hash FROM articles ORDER BY 1"),
            "events": rows(
                "SELECT event_id, article_id, incident_id, fatalities FROM events ORDER BY 1"
            ),
            "incidents": rows(
                "SELECT incident_id, n_sources, event_date, fatalities, fatalities_best, "
                "country, location FROM incidents ORDER BY 1"
            ),
            "members": rows(
                "SELECT incident_id, event_id, position FROM incident_members ORDER BY 1, 3"
            ),
            "pending": rows("SELECT count(*) FROM merge_pending"),
        }


def article_count(db: Path) -> int | None:
    """Articles committed so far, or ``None`` while a writer holds the file."""
    if not db.exists():
        return None
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute("SELECT count(*) FROM articles").fetchone()
    except duckdb.Error:
        return None
    return int(row[0]) if row else 0


def wait_for_articles(
    process: subprocess.Popen[str],
    db: Path,
    at_least: int,
    timeout: float = 300,
    poll: float = 0.05,
) -> bool:
    """Wait until ``at_least`` articles are committed; False if the process ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        count = article_count(db)
        if count is not None and count >= at_least:
            return True
        time.sleep(poll)
    return process.poll() is None
