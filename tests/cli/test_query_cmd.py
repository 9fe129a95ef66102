"""``sitrep events``, ``sitrep incidents`` and ``sitrep export`` over an ingested database."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from clisupport import FakePipeline, Run
from factories import incident

from sitrep.export import ACLED_COLUMNS, EVENT_COLUMNS, INCIDENT_COLUMNS
from sitrep.store import EventQuery, Store


@pytest.fixture
def db(run: Run, fake_pipeline: FakePipeline, corpus: Path, tmp_path: Path) -> Path:
    """The test corpus ingested; its one incident holds the Idlib event."""
    path = tmp_path / "db.duckdb"
    assert run("ingest", corpus, "--db", path, "-q").code == 0
    with Store.open(path) as store:
        # Replace whatever the merge stage made with one known incident.
        store.delete_incidents(i["incident_id"] for i in store.incidents(EventQuery(limit=None)))
        events = store.events(EventQuery(limit=None, country="SYR"))
        store.upsert_incidents(
            [
                incident(
                    "inc-idlib",
                    tuple(e["event_id"] for e in events),
                    tuple(e["article_id"] for e in events),
                    "Battles",
                    "Armed clash",
                    event_date=date(2020, 2, 27),
                    country="Syria",
                    iso3="SYR",
                    admin1="Idlib",
                    fatalities=22,
                    fatalities_low=22,
                    fatalities_best=22,
                    fatalities_high=22,
                )
            ]
        )
    return path


def test_events_table_lists_every_event(run: Run, db: Path) -> None:
    result = run("events", "--db", db)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:3] == ["event_id", "date", "type"]
    assert len(lines) == 1 + 3
    assert "22 (at least)" in result.out and "Idlib, Syria" in result.out


@pytest.mark.parametrize(
    "filters, countries",
    [
        (("--country", "syr"), ["Syria"]),
        (("--country", "Nigeria"), ["Nigeria"]),
        (("--min-fatalities", "12"), ["Nigeria", "Syria"]),
        (("--since", "2021-01-01"), ["Ukraine", "Nigeria"]),
        (("--until", "2021-01-01"), ["Syria"]),
        (("--type", "battles", "--admin1", "Lagos"), ["Nigeria"]),
        (("--sub-type", "Air/drone strike"), []),
    ],
)
def test_events_json_applies_the_filters(
    run: Run, db: Path, filters: tuple[str, ...], countries: list[str]
) -> None:
    result = run("events", "--db", db, "--format", "json", *filters)
    assert result.code == 0, result.err
    assert [e["country"] for e in json.loads(result.out)] == countries


def test_events_csv_has_the_export_columns_and_limit_says_so(run: Run, db: Path) -> None:
    result = run("events", "--db", db, "--format", "csv", "--limit", "1", "--sort", "fatalities")
    assert result.code == 0
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert list(rows[0]) == list(EVENT_COLUMNS)
    assert rows[0]["country"] == "Ukraine"  # 3 killed: the fewest
    assert "showing the first 1 events" in result.err


def test_incidents_in_every_format(run: Run, db: Path) -> None:
    table = run("incidents", "--db", db)
    assert table.code == 0 and "inc-idlib" in table.out and "22 (22/22/22)" in table.out
    listed = json.loads(run("incidents", "--db", db, "--format", "json").out)
    assert listed[0]["incident_id"] == "inc-idlib" and len(listed[0]["event_ids"]) == 1
    rows = list(csv.DictReader(io.StringIO(run("incidents", "--db", db, "--format", "csv").out)))
    assert list(rows[0]) == list(INCIDENT_COLUMNS)
    assert run("incidents", "--db", db, "--country", "NGA").err.strip() == "no records match"


@pytest.mark.parametrize(
    "args",
    [
        ("events", "--since", "yesterday"),
        ("events", "--format", "xml"),
        ("events", "--min-fatalities", "-1"),
        ("events", "--sort", "title"),
        ("export", "--format", "acled-csv"),
        ("export", "--format", "shapefile", "--out", "x.shp"),
    ],
    ids=["bad date", "bad format", "negative count", "bad sort", "no out", "bad export format"],
)
def test_usage_mistakes_exit_2(run: Run, db: Path, args: tuple[str, ...]) -> None:
    result = run(*args, "--db", db)
    assert result.code == 2
    assert "Traceback" not in result.err


def test_a_missing_database_is_one_line_and_exit_1(run: Run, tmp_path: Path) -> None:
    result = run("events", "--db", tmp_path / "absent.duckdb")
    assert result.code == 1
    assert len(result.err_lines) == 1 and "absent.duckdb" in result.err_lines[0]
    assert not (tmp_path / "absent.duckdb").exists()


@pytest.mark.parametrize(
    "fmt, ext", [("acled-csv", "csv"), ("geojson", "geojson"), ("parquet", "parquet")]
)
def test_export_writes_three_layers_that_parse_back(
    run: Run, db: Path, tmp_path: Path, fmt: str, ext: str
) -> None:
    out = tmp_path / "out" / f"events.{ext}"
    result = run("export", "--db", db, "--format", fmt, "--out", out)
    assert result.code == 0, result.err
    written = (
        "2 events, 0 incidents, 0 figures"
        if fmt == "geojson"
        else "3 events, 1 incidents, 1 figures"
    )
    assert result.out.startswith(f"wrote {written} as {fmt}")
    incidents = out.with_name(f"events.incidents.{ext}")
    figures = out.with_name(f"events.figures.{ext}")
    if fmt == "acled-csv":
        with out.open(encoding="utf-8") as handle:
            assert tuple(next(csv.reader(handle))[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
        assert (tmp_path / "out" / "events.csv.ATTRIBUTION.txt").exists()
        assert len(list(csv.DictReader(incidents.open(encoding="utf-8")))) == 1
    elif fmt == "geojson":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert len(data["features"]) == 2  # Donetsk has no coordinates
        assert "(left out for want of coordinates: 1 events, 1 incidents, 1 figures)" in result.out
        assert "GeoNames" in data["attribution"]
        assert json.loads(incidents.read_text(encoding="utf-8"))["features"] == []
    else:
        assert pq.read_table(out).num_rows == 3
        assert pq.read_table(incidents).num_rows == 1
    assert figures.exists()


def test_export_filters_like_events(run: Run, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "syria.csv"
    result = run("export", "--db", db, "--format", "acled-csv", "--out", out, "--country", "SYR")
    assert result.code == 0
    assert [r["country"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["Syria"]


def test_events_through_python_m_sitrep(db: Path) -> None:
    """A real process prints the same JSON as the in-process run."""
    done = subprocess.run(
        [sys.executable, "-m", "sitrep", "events", "--db", db, "--format", "json", "--limit", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(e["country"] for e in json.loads(done.stdout)) == ["Nigeria", "Syria", "Ukraine"]
    usage = subprocess.run(
        [sys.executable, "-m", "sitrep", "events", "--format", "xml"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
