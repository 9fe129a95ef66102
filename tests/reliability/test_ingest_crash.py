"""The real ``sitrep ingest`` killed with SIGKILL mid-run, re-run, and run twice at once.

Each round starts ``python -m sitrep ingest CORPUS --db FILE`` as a child
process, waits until it has begun writing articles (the database's write-ahead
log grows), lets it run a seeded random while longer and kills it. The database
must then open cleanly and hold only complete articles; a final re-run must
leave every article stored exactly once, with the records an uninterrupted
pipeline gives. Two ingests started together must never corrupt the file: the
second fails at once with one clear line, or waits with ``--wait`` and finds
nothing left to do.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from synthetic_news import write_corpus

from sitrep.clean import clean_article
from sitrep.config import Config
from sitrep.read import read_paths
from sitrep.records import Article

pytestmark = pytest.mark.nlp

N_ARTICLES = 120
ROUNDS = 3
#: Small batches, so that articles are written steadily while the process runs.
FAST_CONFIG = "[nlp]\nbatch_size = 4\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("crash")
    write_corpus(root / "corpus", N_ARTICLES, seed=3)
    (root / "fast.toml").write_text(FAST_CONFIG, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def expected(corpus: Path, pipeline) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """article id → (events, figures) of an uninterrupted in-process run over the corpus."""
    articles = [
        a for a in read_paths([corpus / "corpus"], Config.load().limits) if isinstance(a, Article)
    ]
    assert len(articles) == N_ARTICLES
    out = {}
    for processed in pipeline.process_many(articles):
        out[processed.article.article_id] = (
            len(processed.result.events),
            len(processed.result.figures),
        )
    assert set(out) == {clean_article(a).article_id for a in articles}
    return out


def _ingest(corpus: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "sitrep", "ingest", str(corpus / "corpus"), "--db", str(db)]
    return subprocess.Popen(
        [*command, "--quiet", "--config", str(corpus / "fast.toml"), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wal(db: Path) -> int:
    wal = db.with_name(db.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def _wait_for_writes(process: subprocess.Popen[str], db: Path, timeout: float = 120) -> bool:
    """Wait until the process has written articles; False if it ended first.

    The signal is the write-ahead log growing by 64 KiB past its size at the start,
    or past zero once the restart's recovery has checkpointed and emptied it.
    """
    baseline = _wal(db)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        size = _wal(db)
        baseline = min(baseline, size)
        if size > baseline + 64 * 1024:
            return True
        time.sleep(0.02)
    return process.poll() is None


def _contents(db: Path) -> tuple[Counter[str], dict[str, tuple[int, int]], int]:
    """(article ids with their multiplicity, article → (events, figures), orphan rows)."""
    with duckdb.connect(str(db), read_only=True) as con:
        ids = Counter(r[0] for r in con.execute("SELECT article_id FROM articles").fetchall())
        counts = {
            r[0]: (r[1], r[2])
            for r in con.execute(
                "SELECT a.article_id, "
                "(SELECT count(*) FROM events e WHERE e.article_id = a.article_id), "
                "(SELECT count(*) FROM figures f WHERE f.article_id = a.article_id) "
                "FROM articles a"
            ).fetchall()
        }
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM events WHERE article_id NOT IN "
            "(SELECT article_id FROM articles)) + (SELECT count(*) FROM figures WHERE "
            "article_id NOT IN (SELECT article_id FROM articles)) + (SELECT count(*) FROM "
            "evidence v WHERE v.article_id IS NOT NULL AND v.article_id NOT IN "
            "(SELECT article_id FROM articles))"
        ).fetchone()
    assert orphans is not None
    return ids, counts, int(orphans[0])


def test_sigkill_at_random_points_then_a_rerun_stores_every_article_once(
    corpus: Path, expected: dict[str, tuple[int, int]], tmp_path: Path
) -> None:
    db = tmp_path / "crash.duckdb"
    rng = random.Random(20)
    stored_after_kill = []
    for _ in range(ROUNDS):
        process = _ingest(corpus, db)
        if _wait_for_writes(process, db):
            time.sleep(rng.uniform(0.0, 0.6))
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=120)
        ids, counts, orphans = _contents(db)  # opens cleanly after the kill
        assert orphans == 0
        assert all(n == 1 for n in ids.values())
        assert all(counts[a] == expected[a] for a in counts), "an article was stored in part"
        stored_after_kill.append(len(ids))
    assert sum(0 < n < N_ARTICLES for n in stored_after_kill) >= 2, stored_after_kill

    rerun = _ingest(corpus, db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"{N_ARTICLES - stored_after_kill[-1]} stored" in out
    ids, counts, orphans = _contents(db)
    assert set(ids) == set(expected) and all(n == 1 for n in ids.values())
    assert counts == expected and orphans == 0


def test_a_second_ingest_fails_at_once_with_one_line_or_waits_its_turn(
    corpus: Path, expected: dict[str, tuple[int, int]], tmp_path: Path
) -> None:
    db = tmp_path / "shared.duckdb"
    first = _ingest(corpus, db)
    try:
        assert _wait_for_writes(first, db), "the first ingest ended before it could be raced"
        started = time.monotonic()
        refused = _ingest(corpus, db)
        _, err = refused.communicate(timeout=60)
        assert refused.returncode == 1, err
        assert time.monotonic() - started < 30, "a refused ingest must not wait"
        assert err.strip().count("\n") == 0, err
        assert err.startswith("sitrep: error:") and "in use by another process" in err
        waiting = _ingest(corpus, db, "--wait", "300")
        out, err = waiting.communicate(timeout=300)
        assert waiting.returncode == 0, err
        _, first_err = first.communicate(timeout=30)
        assert first.returncode == 0, first_err
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert f"0 stored, {N_ARTICLES} unchanged" in out
    ids, counts, orphans = _contents(db)
    assert set(ids) == set(expected) and all(n == 1 for n in ids.values())
    assert counts == expected and orphans == 0
