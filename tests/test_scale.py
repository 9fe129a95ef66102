"""The Dask ingest: same records as a local ingest, and a killed worker loses nothing."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from sitrep.config import Config
from sitrep.scale import SHARD_BYTES, ingest_distributed, plan_shards

REPORTS = [
    (
        "2024-03-04",
        "At least 12 people were killed when gunmen attacked a market in Maiduguri, "
        "Borno state, on Sunday, police said.",
    ),
    (
        "2024-03-05",
        "Protesters marched peacefully through Nairobi on Monday to demand lower fuel "
        "prices, organisers said.",
    ),
    (
        "2024-03-06",
        "A roadside bomb killed three soldiers near Gao, Mali, on Tuesday, the army said.",
    ),
    ("2024-03-07", "Police arrested 14 opposition supporters in Harare on Wednesday."),
]


def _write_inputs(folder: Path, copies: int = 1) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        for i, (published, text) in enumerate(REPORTS):
            body = f"date {published}\n{text} (report {copy})\n"
            (folder / f"report-{copy:03d}-{i}.txt").write_text(body, encoding="utf-8")


def test_plan_shards_groups_files_and_keeps_missing_paths(tmp_path: Path) -> None:
    _write_inputs(tmp_path / "in")
    missing = tmp_path / "absent.txt"
    shards = plan_shards([tmp_path / "in", missing])
    assert sum(len(s) for s in shards) == len(REPORTS) + 1
    assert [str(missing)] in shards or any(str(missing) in s for s in shards)
    assert plan_shards([tmp_path / "in"], shard_bytes=1) == [
        [str(p)] for p in sorted((tmp_path / "in").iterdir())
    ]
    assert SHARD_BYTES > 0


def _event_rows(db: Path) -> list[tuple[object, ...]]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT event_id, article_id, incident_id, event_type, sub_event_type, event_date, "
            "fatalities, country, admin1, location FROM events ORDER BY event_id"
        ).fetchall()


@pytest.mark.nlp
@pytest.mark.cluster
def test_dask_ingest_stores_the_same_records_as_a_local_ingest(tmp_path: Path) -> None:
    from sitrep.ingest import ingest
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store

    _write_inputs(tmp_path / "in")
    config = Config.load()
    with Store.open(tmp_path / "local.duckdb") as store:
        ingest([tmp_path / "in"], store, Pipeline(config), config)
    with Store.open(tmp_path / "dask.duckdb") as store:
        report = ingest_distributed([tmp_path / "in"], store, config, workers=2)
    assert (report.read, report.stored) == (len(REPORTS), len(REPORTS))
    local, dask = _event_rows(tmp_path / "local.duckdb"), _event_rows(tmp_path / "dask.duckdb")
    assert local and local == dask
    assert all(row[2] for row in dask), "every event is folded into an incident"
    assert report.events == len(dask), "the summary counts the events stored"

    # A re-run on the complete database skips every article before the pipeline.
    with Store.open(tmp_path / "dask.duckdb") as store:
        again = ingest_distributed([tmp_path / "in"], store, config, workers=1)
    assert (again.read, again.stored, again.unchanged) == (len(REPORTS), 0, len(REPORTS))
    assert (again.events, again.figures) == (0, 0)
    assert _event_rows(tmp_path / "dask.duckdb") == dask


@pytest.mark.nlp
@pytest.mark.cluster
def test_a_worker_killed_mid_run_loses_no_article_and_stores_none_twice(tmp_path: Path) -> None:
    import duckdb
    from distributed import Client, LocalCluster

    from sitrep.store import Store

    _write_inputs(tmp_path / "in", copies=12)
    expected = len(REPORTS) * 12
    killed: list[int] = []
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        Client(cluster) as client,
    ):

        def kill_a_busy_worker() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not killed:
                busy = [w for w, tasks in client.processing().items() if tasks]
                if busy:
                    pids = client.run(os.getpid, workers=[busy[0]])
                    pid = next(iter(pids.values()))
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                time.sleep(0.2)

        killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
        killer.start()
        with Store.open(tmp_path / "db.duckdb") as store:
            # Shards of one file each, so there are tasks in flight to kill.
            report = ingest_distributed(
                [tmp_path / "in"],
                store,
                Config.load(),
                scheduler=cluster.scheduler_address,
                shard_bytes=1,
            )
        killer.join()
    assert killed, "no worker was killed: the test did not exercise a failure"
    assert report.read >= expected
    with duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True) as con:
        total, distinct = con.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM articles"
        ).fetchone()  # type: ignore[misc]
    assert total == distinct == expected


def test_staging_folders_of_dead_runs_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    import subprocess
    import sys

    from sitrep.scale import STAGE_PREFIX, remove_abandoned_stages

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                           capture_output=True, text=True)  # fmt: skip
    dead = tmp_path / f"{STAGE_PREFIX}{ended.stdout.strip()}-abc"
    live = tmp_path / f"{STAGE_PREFIX}{os.getpid()}-def"
    legacy = tmp_path / f"{STAGE_PREFIX}q1w2e3"  # named before folders carried a process id
    for folder in (dead, live, legacy):
        folder.mkdir()
        (folder / "shard-000000.parquet").write_bytes(b"article text")
    assert sorted(remove_abandoned_stages(tmp_path)) == sorted([dead, legacy])
    assert live.exists() and not dead.exists() and not legacy.exists()
