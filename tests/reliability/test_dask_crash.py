"""The Dask engine killed with SIGKILL mid-run, then re-run: the records of an uninterrupted run.

The driver and its LocalCluster run as one process group that is killed at a
seeded random moment after the first articles are committed; the re-run (also
on Dask) must leave exactly the articles, events and incidents of an
uninterrupted local ingest, remove the staging folder the killed run left in
the temporary directory, and a further run on the complete database must
process nothing.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crashsupport import snapshot, wait_for_articles
from synthetic_news import write_corpus

from sitrep.config import Config
from sitrep.ingest import ingest
from sitrep.scale import STAGE_PREFIX
from sitrep.store import Store

pytestmark = [pytest.mark.nlp, pytest.mark.cluster]

N_ARTICLES = 60


def _dask_ingest(corpus: Path, db: Path, tmp: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "sitrep", "ingest", str(corpus), "--db", str(db)]
    small_batches = tmp.parent / "batches.toml"  # more transactions, so a kill lands among them
    small_batches.write_text("[nlp]\nbatch_size = 2\n", encoding="utf-8")
    return subprocess.Popen(
        [*command, "--engine", "dask", "--workers", "1", "--quiet", "--config", str(small_batches)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp)},
        start_new_session=True,  # its own process group: the cluster dies with the driver
    )


def test_sigkill_of_a_dask_ingest_then_a_rerun_gives_the_uninterrupted_records(
    tmp_path: Path,
    pipeline,  # type: ignore[no-untyped-def]
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_ARTICLES, seed=11)
    reference = tmp_path / "reference.duckdb"
    with Store.open(reference) as store:
        ingest([corpus], store, pipeline, Config.load())
    expected = snapshot(reference)

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    db = tmp_path / "dask.duckdb"
    process = _dask_ingest(corpus, db, tmp)
    try:
        assert wait_for_articles(process, db, 1, timeout=600), process.communicate()[1]
        time.sleep(random.Random(5).uniform(0.0, 0.2))  # writes and merge take about a second
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert snapshot(db) != expected
    assert list(tmp.glob(f"{STAGE_PREFIX}*")), "the killed run left its staging folder"

    rerun = _dask_ingest(corpus, db, tmp)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert snapshot(db) == expected
    assert not list(tmp.glob(f"{STAGE_PREFIX}*"))

    with socket.socket() as dashboard:  # Dask's default dashboard port, busy: no noise about it
        with contextlib.suppress(OSError):
            dashboard.bind(("127.0.0.1", 8787))
            dashboard.listen()
        again = _dask_ingest(corpus, db, tmp)
        out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert f"0 stored, {N_ARTICLES} unchanged" in out and "0 events, 0 figures" in out
    assert "8787" not in err and err == "", err
