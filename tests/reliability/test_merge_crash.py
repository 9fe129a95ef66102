"""The incident merge killed with SIGKILL at random points, then finished by the next run.

A database is filled with generated articles whose events are queued for the
merge but not merged (what a run killed after its last batch leaves). A child
process runs the merge and is killed at seeded random moments of it; whatever
the moment, the database opens cleanly and one more merge (what the next
``sitrep ingest`` runs first) gives exactly the incidents of an uninterrupted
merge. ``sitrep incidents rebuild`` gives them too, from any state.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crashsupport import snapshot
from synthetic_news import processed_for

from sitrep.config import Config
from sitrep.merge.update import merge_pending
from sitrep.store import Store

N = 150
ROUNDS = 4
_MERGE = (
    "import sys; from sitrep.config import Config; from sitrep.store import Store; "
    "from sitrep.merge.update import merge_pending; "
    "store = Store.open(sys.argv[1]); print('merging', flush=True); "
    "merge_pending(store, Config.load()); store.close()"
)


@pytest.fixture(scope="module")
def unmerged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """N stored articles, one event each, all still queued for the merge."""
    db = tmp_path_factory.mktemp("merge-crash") / "unmerged.duckdb"
    with Store.open(db) as store:
        store.write_many([processed_for(i, seed=7) for i in range(N)])
        assert len(store.pending_articles()) == N
    return db


def _merge(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _MERGE, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _started(process: subprocess.Popen[str]) -> float:
    """Wait for the child to begin merging; return the time it did."""
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "merging"
    return time.monotonic()


def test_sigkill_in_the_merge_then_a_rerun_gives_the_incidents_of_an_uninterrupted_one(
    unmerged: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference.duckdb"
    shutil.copy(unmerged, reference)
    process = _merge(reference)
    start = _started(process)
    assert process.wait(timeout=300) == 0, process.stderr.read() if process.stderr else ""
    duration = time.monotonic() - start
    expected = snapshot(reference)
    assert expected["pending"] == [(0,)] and expected["incidents"]

    db = tmp_path / "crash.duckdb"
    shutil.copy(unmerged, db)
    rng = random.Random(16)
    kills = 0
    for _ in range(ROUNDS):
        process = _merge(db)
        _started(process)
        time.sleep(rng.uniform(0.0, duration))
        process.send_signal(signal.SIGKILL)
        kills += process.wait(timeout=120) == -signal.SIGKILL
        state = snapshot(db)  # opens cleanly
        assert state["articles"] == expected["articles"]
        # All of a merge or none of it: queue emptied exactly when incidents are written.
        assert (state["pending"] == [(0,)]) == (state["incidents"] == expected["incidents"])
    assert kills >= 2, "the merges ended before the kills: the test did not exercise a crash"

    with Store.open(db) as store:
        merge_pending(store, Config.load())
    assert snapshot(db) == expected


def test_rebuild_gives_the_incidents_of_an_uninterrupted_run_from_any_state(
    unmerged: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference.duckdb"
    shutil.copy(unmerged, reference)
    with Store.open(reference) as store:
        merge_pending(store, Config.load())
    expected = snapshot(reference)

    db = tmp_path / "damaged.duckdb"
    shutil.copy(reference, db)
    with Store.open(db) as store:  # a third of the incidents lost, their events unlinked
        store.delete_incidents(row[0] for row in expected["incidents"][::3])
    assert snapshot(db) != expected
    result = subprocess.run(
        [sys.executable, "-m", "sitrep", "incidents", "rebuild", "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"rebuilt {len(expected['incidents'])} incidents from ")
    assert snapshot(db) == expected
