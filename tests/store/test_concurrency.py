"""Two processes, one database: a clear lock error or a bounded wait; SIGKILL loses nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from sitrep.errors import StoreLockedError
from sitrep.store import Store

TESTS = Path(__file__).resolve().parents[1]
N_ARTICLES = 60
N_EVENTS = 3

#: Holds the database open for writing; prints "ready" once it does.
HOLDER = """
import sys, time
from sitrep.store import Store
with Store.open(sys.argv[1]):
    print("ready", flush=True)
    time.sleep(float(sys.argv[2]))
"""

#: Writes N_ARTICLES articles of N_EVENTS events each, one transaction per article.
WRITER = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from factories import make_processed
from sitrep.store import Store
with Store.open(sys.argv[1], lock_timeout=10) as store:
    print("ready", flush=True)
    for i in range({N_ARTICLES}):
        store.write(make_processed(f"https://example.org/{{i}}", n_events={N_EVENTS}))
"""


def _start(script: str, *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def test_a_second_writer_fails_fast_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    holder = _start(HOLDER, str(db), "30")
    try:
        started = time.monotonic()
        with pytest.raises(StoreLockedError, match="in use by another process"):
            Store.open(db)
        assert time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()


def test_a_writer_that_waits_gets_the_database_once_it_is_released(tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    holder = _start(HOLDER, str(db), "1")
    try:
        with Store.open(db, lock_timeout=30) as store:
            assert store.stats()["articles"] == 0
    finally:
        holder.wait()


def _per_article(db: Path) -> list[tuple[str, int, int, int, int]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT a.article_id, count(*) OVER (PARTITION BY a.article_id), "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.article_id), "
            "(SELECT count(*) FROM figures f WHERE f.article_id = a.article_id), "
            "(SELECT count(*) FROM evidence v WHERE v.article_id = a.article_id) "
            "FROM articles a"
        ).fetchall()


def test_sigkill_mid_write_leaves_complete_articles_and_a_rerun_stores_each_once(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.duckdb"
    rng = random.Random(8)
    complete = (1, N_EVENTS, 1, 2 * N_EVENTS + 1)
    partial = []
    for _ in range(3):
        writer = _start(WRITER, str(db))
        time.sleep(rng.uniform(0.05, 0.8))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        rows = _per_article(db)  # the database opens cleanly after the kill
        assert all(row[1:] == complete for row in rows)
        partial.append(len(rows))
    assert any(0 < n < N_ARTICLES for n in partial), f"no kill landed mid-run: {partial}"
    writer = _start(WRITER, str(db))
    assert writer.wait(timeout=120) == 0
    rows = _per_article(db)
    assert len(rows) == N_ARTICLES
    assert all(row[1:] == complete for row in rows)
