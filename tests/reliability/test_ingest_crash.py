"""The real ``sitrep ingest`` killed with SIGKILL mid-run, re-run, and run twice at once.

Each round starts ``python -m sitrep ingest CORPUS --db FILE`` as a child
process, waits until it has committed articles, lets it run a seeded random
while longer and kills it; a last round kills it at the end of its run, in its
last batch or in the incident merge (kills inside the merge's own work are in
``test_merge_crash.py``). The database must then open
cleanly and hold only complete articles; a final re-run must leave exactly the
articles, events and incidents of an uninterrupted run. Two ingests started
together must never corrupt the file: the second fails at once with one clear
line, or waits with ``--wait`` and finds nothing left to do.
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
from crashsupport import article_count, snapshot, wait_for_articles
from synthetic_news import write_corpus

from sitrep.clean import clean_article
from sitrep.config import Config
from sitrep.ingest import ingest
from sitrep.read import read_paths
from sitrep.records import Article
from sitrep.store import Store

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


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, pipeline, tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[no-untyped-def]
    """The articles, events and incidents of one uninterrupted ingest of the corpus."""
    db = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    config = Config.load(corpus / "fast.toml")
    with Store.open(db) as store:
        report = ingest([corpus / "corpus"], store, pipeline, config)
    assert report.stored == N_ARTICLES and report.merged and report.merged.incidents > 0
    return snapshot(db)


def test_sigkill_at_random_points_then_a_rerun_stores_every_article_once(
    corpus: Path, expected: dict[str, tuple[int, int]], uninterrupted: dict, tmp_path: Path
) -> None:
    db = tmp_path / "crash.duckdb"
    rng = random.Random(20)
    stored_after_kill = []
    for _ in range(ROUNDS):  # killed in extraction, between batch transactions or in one
        process = _ingest(corpus, db)
        already = article_count(db) or 0
        if wait_for_articles(process, db, already + 1):
            time.sleep(rng.uniform(0.0, 0.6))
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=120)
        ids, counts, orphans = _contents(db)  # opens cleanly after the kill
        assert orphans == 0
        assert all(n == 1 for n in ids.values())
        assert all(counts[a] == expected[a] for a in counts), "an article was stored in part"
        stored_after_kill.append(len(ids))
    assert sum(0 < n < N_ARTICLES for n in stored_after_kill) >= 2, stored_after_kill

    # Killed at the end of the run: in its last batch or in the incident merge that follows
    # (kills at random points inside the merge itself: test_merge_crash.py).
    process = _ingest(corpus, db)
    assert wait_for_articles(process, db, N_ARTICLES - 4, poll=0.01), "the run ended first"
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=120) == -signal.SIGKILL
    ids, counts, orphans = _contents(db)
    assert orphans == 0 and all(counts[a] == expected[a] for a in counts)
    stored_after_kill.append(len(ids))

    rerun = _ingest(corpus, db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"{N_ARTICLES - stored_after_kill[-1]} stored" in out
    ids, counts, orphans = _contents(db)
    assert set(ids) == set(expected) and all(n == 1 for n in ids.values())
    assert counts == expected and orphans == 0
    assert snapshot(db) == uninterrupted


def test_a_second_ingest_fails_at_once_with_one_line_or_waits_its_turn(
    corpus: Path, expected: dict[str, tuple[int, int]], tmp_path: Path
) -> None:
    db = tmp_path / "shared.duckdb"
    first = _ingest(corpus, db)
    try:
        assert wait_for_articles(first, db, 1), "the first ingest ended before it could be raced"
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
