"""``sitrep demo``: ingest, summary with evidence, three exports, dashboard hint; idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from clisupport import FakePipeline, Run

from sitrep.cli import demo
from sitrep.store import Store

EXPORTS = [
    "events.csv",
    "events.incidents.csv",
    "events.figures.csv",
    "events.csv.ATTRIBUTION.txt",
    "events.geojson",
    "events.incidents.geojson",
    "events.figures.geojson",
    "events.parquet",
    "events.incidents.parquet",
    "events.figures.parquet",
]


@pytest.fixture
def small_corpus(monkeypatch: pytest.MonkeyPatch, corpus: Path) -> Path:
    """The demo reads the test corpus instead of the bundled one."""
    monkeypatch.setattr(demo, "_corpus", lambda: corpus)
    return corpus


def test_demo_summarises_exports_and_points_at_the_dashboard(
    run: Run, fake_pipeline: FakePipeline, small_corpus: Path, tmp_path: Path
) -> None:
    db, out = tmp_path / "demo.duckdb", tmp_path / "exports"
    result = run("demo", "--db", db, "--out", out, "-q")
    assert result.code == 0, result.err
    text = result.out
    assert "read 5 articles: 5 stored" in text
    assert "Database: 5 articles, 3 events, 3 incidents, 1 figures, 37 fatalities" in text
    assert "Events by type:\n  Battles  " in text
    assert "Events by country:" in text and "Nigeria" in text
    assert "The 3 largest incidents, with the words that support them:" in text
    assert "  1. 2020-02-27 | Battles / Armed clash | Idlib, Syria | 22 killed" in text
    assert '       fatalities: "22"' in text
    assert text.rstrip().endswith(f"sitrep serve --db {db}\n  then http://127.0.0.1:8000/")
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPORTS)
    assert len(json.loads((out / "events.geojson").read_text())["features"]) == 2
    assert pq.read_table(out / "events.parquet").num_rows == 3


def test_running_the_demo_again_changes_nothing(
    run: Run, fake_pipeline: FakePipeline, small_corpus: Path, tmp_path: Path
) -> None:
    db, out = tmp_path / "demo.duckdb", tmp_path / "exports"
    first = run("demo", "--db", db, "--out", out, "-q")
    with Store.open(db, read_only=True) as store:
        before = store.stats()
    csv_before = (out / "events.csv").read_text()
    fake_pipeline.seen.clear()
    second = run("demo", "--db", db, "--out", out, "-q")
    assert (first.code, second.code) == (0, 0)
    assert "0 stored, 5 unchanged" in second.out
    assert fake_pipeline.seen == []  # nothing re-processed, the model never loaded
    with Store.open(db, read_only=True) as store:
        assert store.stats() == before
    assert (out / "events.csv").read_text() == csv_before
    assert first.out.split("\n", 1)[1] == second.out.split("\n", 1)[1]


def test_a_missing_corpus_is_one_line(
    run: Run, fake_pipeline: FakePipeline, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(demo, "_corpus", lambda: tmp_path / "gone")
    result = run("demo", "--db", tmp_path / "d.duckdb", "--out", tmp_path / "o", "-q")
    assert result.code == 1
    assert result.err_lines == [
        f"sitrep: error: {tmp_path / 'gone'}: the bundled demo corpus is missing from this install"
    ]


@pytest.mark.nlp
def test_the_bundled_corpus_ingests_without_rejections(run: Run, tmp_path: Path) -> None:
    result = run("demo", "--db", tmp_path / "demo.duckdb", "--out", tmp_path / "out", "-q")
    assert result.code == 0, result.err
    assert " 0 inputs rejected" in result.out
    assert "largest incidents, with the words that support them" in result.out
    assert "fatalities: " in result.out


@pytest.mark.parametrize(
    ("on_path", "expected"),
    [(True, "sitrep serve --db"), (False, ".venv/bin/sitrep serve --db")],
)
def test_the_dashboard_hint_names_sitrep_as_this_shell_can_run_it(
    run: Run,
    fake_pipeline: FakePipeline,
    small_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    on_path: bool,
    expected: str,
) -> None:
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "sitrep").write_text("#!/bin/sh\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(demo.sys, "executable", str(venv_bin / "python"))
    monkeypatch.setattr(demo.shutil, "which", lambda name: "/usr/bin/sitrep" if on_path else None)
    result = run("demo", "--db", "d.duckdb", "--out", "o", "-q")
    assert result.code == 0, result.err
    hint = result.out.rstrip().splitlines()[-2].strip()
    assert hint == f"{expected} d.duckdb"
