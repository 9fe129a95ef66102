"""``sitrep ingest`` into the database a running ``sitrep serve`` shows.

DuckDB lets one process write a file, and only while no other has it open; the
server holds it only while it answers and lets go when a writer runs, the
ingest holds it only for each batch's transaction and its merge
(:mod:`sitrep.store._sharing`). So the ingest succeeds, the server keeps
answering through it, and what it shows is always committed: every article it
lists is complete, and the new events end in ``/events`` and ``/incidents``.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from apisupport import build_db, live_server

pytestmark = pytest.mark.nlp

#: Two reports of one attack (one incident) and one of another.
ARTICLES = {
    "a.txt": "date 2024-05-06\nAt least 14 people were killed on Sunday when gunmen attacked "
    "a market in Maiduguri, police said.\n",
    "b.txt": "date 2024-05-06\nGunmen killed 14 people at a market in Maiduguri on Sunday, "
    "officials said.\n",
    "c.txt": "date 2024-05-09\nAn airstrike on Wednesday killed five fighters near Idlib, "
    "a monitoring group said.\n",
}


def test_ingest_while_serving_succeeds_and_the_new_events_are_served(tmp_path: Path) -> None:
    db = build_db(tmp_path / "served.duckdb")
    corpus = tmp_path / "new"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    with live_server(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        before = client.get("/stats").json()
        seen: list[tuple[int, int]] = []
        failures: list[str] = []
        done = threading.Event()

        def watch() -> None:  # the server keeps answering, and only with whole articles
            while not done.is_set():
                response = client.get("/stats")
                if response.status_code != 200:
                    failures.append(response.text)
                else:
                    body = response.json()
                    seen.append((body["articles"], body["events"]))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        ingest = subprocess.run(
            [sys.executable, "-m", "sitrep", "ingest", str(corpus), "--db", str(db), "--quiet"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        done.set()
        watcher.join(timeout=30)
        assert ingest.returncode == 0, ingest.stderr
        assert "3 stored" in ingest.stdout

        after = client.get("/stats").json()
        assert after["articles"] == before["articles"] + 3
        assert after["events"] > before["events"]
        assert not failures, failures[:3]
        assert seen == sorted(seen), "counts only grow: nothing half-written was shown"

        events = client.get("/events", params={"limit": 1000}).json()["items"]
        new = [e for e in events if e["location"] in ("Maiduguri", "Idlib")]
        assert new and all(e["incident_id"] for e in new)
        incidents = client.get("/incidents", params={"limit": 1000}).json()
        items = incidents["items"] if isinstance(incidents, dict) else incidents
        ids = {i["incident_id"] for i in items}
        assert {e["incident_id"] for e in new} <= ids


def test_the_demo_runs_while_serving_and_its_articles_are_served(tmp_path: Path) -> None:
    db = build_db(tmp_path / "served.duckdb")
    with live_server(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        before = client.get("/stats").json()
        done = threading.Event()
        answers: list[int] = []

        def watch() -> None:  # a busy server: it holds the file between requests
            while not done.is_set():
                answers.append(client.get("/stats").status_code)
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        out = str(tmp_path / "out")
        demo = subprocess.run(
            [sys.executable, "-m", "sitrep", "demo", "--db", str(db), "--quiet", "--out", out],
            capture_output=True,
            text=True,
            timeout=600,
        )
        done.set()
        watcher.join(timeout=30)
        assert demo.returncode == 0, demo.stderr
        after = client.get("/stats").json()
    assert answers and set(answers) == {200}
    assert after["articles"] > before["articles"] and after["incidents"] > before["incidents"]
    assert (tmp_path / "out" / "events.csv").exists()
