from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from factories import incident, make_processed

from sitrep.errors import InputError, StoreError
from sitrep.records import PLACE_FIELDS, Incident, Span, to_dict
from sitrep.store import EventQuery, Store, article_fingerprint


def _counts(store: Store) -> dict[str, int]:
    return {t: store.stats()[t] for t in ("articles", "events", "figures")}


def _evidence_rows(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM evidence").fetchone()
    assert row is not None
    return int(row[0])


def test_a_written_article_reads_back_with_every_field_and_span(store: Store) -> None:
    processed = make_processed()
    assert store.write(processed) is True
    [event] = store.events(EventQuery())
    expected = to_dict(processed.result.events[0])
    assert event["fatalities"] == 22
    assert event["event_date"] == "2020-02-27"
    assert event["revisions"] == expected["revisions"]
    assert event["revisions"][0]["span"]["text"] == "nine"
    assert event["sources_quoted"] == ["the governor of Hatay"]
    assert event["evidence"]["fatalities"] == [{"start": 0, "end": 11, "text": "At least 22"}]
    assert event["title"] == "Strike in Idlib"
    assert {k: event[k] for k in expected} == expected
    [figure] = store.figures(EventQuery())
    assert figure["value"] == 900_000 and figure["period_start"] == "2019-12-01"


def test_all_events_rebuilds_the_records_that_were_written(store: Store) -> None:
    processed = make_processed(n_events=3)
    store.write(processed)
    assert sorted(store.all_events(), key=lambda e: e.event_id) == list(processed.result.events)


def test_the_article_view_holds_text_and_spans_that_index_it(store: Store) -> None:
    processed = make_processed()
    store.write(processed)
    article = store.article(processed.article.article_id)
    assert article is not None
    span = article["events"][0]["evidence"]["location"][0]
    assert article["text"][span["start"] : span["end"]] == span["text"] == "Idlib"
    assert len(article["figures"]) == 1
    assert store.article("0" * 16) is None


def test_writing_the_same_article_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    processed = make_processed(n_events=2)
    store.write(processed)
    before = _counts(store)
    assert store.write(processed) is False
    assert (
        store.write(
            dataclasses.replace(
                processed, article=dataclasses.replace(processed.article, origin="elsewhere/a.txt")
            )
        )
        is False
    )
    assert _counts(store) == before == {"articles": 1, "events": 2, "figures": 1}


def test_a_changed_article_replaces_its_rows(store: Store, tmp_path: Path) -> None:
    store.write(make_processed(n_events=3))
    assert store.write(make_processed(n_events=1, fatalities=30)) is True
    assert _counts(store) == {"articles": 1, "events": 1, "figures": 1}
    assert [e["fatalities"] for e in store.events(EventQuery())] == [30]
    store.close()
    assert _evidence_rows(tmp_path / "db.duckdb") == 3  # 2 spans of the event + 1 of the figure


def test_a_failure_mid_write_leaves_the_previous_version(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(make_processed(fatalities=22))
    original = Store._insert

    def failing(self: Store, table: str, names: Any, rows: Any) -> None:
        if table == "figures":
            raise duckdb.IOException("disk full")
        original(self, table, names, rows)

    monkeypatch.setattr(Store, "_insert", failing)
    with pytest.raises(StoreError, match="disk full"):
        store.write(make_processed(fatalities=50, n_events=2))
    monkeypatch.undo()
    assert _counts(store) == {"articles": 1, "events": 1, "figures": 1}
    assert [e["fatalities"] for e in store.events(EventQuery())] == [22]


def test_has_article_compares_the_fingerprint_when_given(store: Store) -> None:
    processed = make_processed()
    store.write(processed)
    aid = processed.article.article_id
    assert store.has_article(aid)
    assert store.has_article(aid, fingerprint=article_fingerprint(processed.article))
    assert not store.has_article(aid, fingerprint="other")
    assert not store.has_article("missing")


@pytest.fixture
def filled(store: Store) -> Store:
    store.write(make_processed("https://a", fatalities=22, event_date=date(2020, 2, 27)))
    store.write(
        make_processed(
            "https://b",
            fatalities=3,
            country="Nigeria",
            iso3="NGA",
            admin1="Borno",
            event_type="Battles",
            sub_event_type="Armed clash",
            event_date=date(2021, 5, 1),
            lat=11.8,
            lon=13.15,
            notes="Clash between Boko Haram and soldiers near Maiduguri.",
        )
    )
    store.write(
        make_processed(
            "https://c",
            fatalities=0,
            country="Fiji",
            iso3="FJI",
            admin1="Central",
            event_type="Protests",
            sub_event_type="Peaceful protest",
            event_date=date(2022, 1, 1),
            lat=-18.1,
            lon=178.4,
            notes="Protest in Suva.",
        )
    )
    store.write(make_processed("https://d", lat=None, lon=None, event_date=date(2019, 1, 1)))
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(), {22, 3, 0}),
        (EventQuery(country="nigeria"), {3}),
        (EventQuery(country="NGA"), {3}),
        (EventQuery(admin1="idlib"), {22}),
        (EventQuery(event_type="Battles"), {3}),
        (EventQuery(sub_event_type="peaceful protest"), {0}),
        (EventQuery(date_from=date(2021, 1, 1)), {3, 0}),
        (EventQuery(date_to=date(2020, 12, 31)), {22}),
        (EventQuery(date_from=date(2020, 2, 27), date_to=date(2021, 5, 1)), {22, 3}),
        (EventQuery(min_fatalities=3), {22, 3}),
        (EventQuery(bbox=(10.0, 5.0, 20.0, 15.0)), {3}),
        (EventQuery(bbox=(170.0, -20.0, -170.0, -10.0)), {0}),  # across the antimeridian
        (EventQuery(text="boko haram"), {3}),
        (EventQuery(text="military forces of turkey"), {22, 3, 0}),  # actor2
        (EventQuery(country="Syria", min_fatalities=23), set()),
    ],
)
def test_every_filter_selects_the_matching_events(
    filled: Store, query: EventQuery, expected: set[int]
) -> None:
    got = [e["fatalities"] for e in filled.events(query)]
    assert set(got) == expected
    assert filled.count_events(query) == len(got)


@pytest.mark.parametrize(
    ("sort", "first"),
    [("-fatalities", 22), ("fatalities", 0), ("event_date", 22), ("-event_date", 0)],
)
def test_sort_orders_by_the_whitelisted_key(filled: Store, sort: str, first: int) -> None:
    assert filled.events(EventQuery(sort=sort))[0]["fatalities"] == first


def test_paging_returns_disjoint_pages_and_count_ignores_it(filled: Store) -> None:
    pages = [filled.events(EventQuery(limit=2, offset=o, sort="country")) for o in (0, 2)]
    ids = [e["event_id"] for page in pages for e in page]
    assert len(ids) == len(set(ids)) == 4
    assert filled.count_events(EventQuery(limit=1)) == 4


@pytest.mark.parametrize("sort", ["fatalities; DROP TABLE events", "notes", "-", "id desc"])
def test_a_sort_key_outside_the_whitelist_is_refused(sort: str) -> None:
    with pytest.raises(InputError, match="sort"):
        EventQuery(sort=sort)


INJECTIONS = [
    "'; DROP TABLE events; --",
    "Syria' OR '1'='1",
    '" OR 1=1 --',
    "%",
    "_",
    "\\'",
    "x'); DELETE FROM articles; --",
]


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("field", ["country", "admin1", "event_type", "sub_event_type", "text"])
def test_injection_strings_in_filters_match_nothing_and_harm_nothing(
    filled: Store, field: str, value: str
) -> None:
    query = EventQuery(**{field: value})
    assert filled.events(query) == []
    if field in ("country", "admin1", "text"):  # figures have no event type
        assert filled.figures(query) == []
    assert filled.incidents(query) == []
    assert filled.stats()["events"] == 4


def test_figures_answer_place_and_date_filters(filled: Store) -> None:
    assert {f["country"] for f in filled.figures(EventQuery(country="Fiji"))} == {"Fiji"}
    assert len(filled.figures(EventQuery(date_from=date(2030, 1, 1)))) == 0


@pytest.mark.parametrize(
    "query",
    [EventQuery(), EventQuery(country="Fiji"), EventQuery(country="Syria"), EventQuery(limit=1)],
)
def test_figures_and_incidents_are_counted_as_they_are_listed(
    filled: Store, query: EventQuery
) -> None:
    events = filled.events(EventQuery(country="Syria"))
    filled.upsert_incidents([_incident("inc1", tuple(e["event_id"] for e in events))])
    unpaged = dataclasses.replace(query, limit=None)
    assert filled.count_figures(query) == len(filled.figures(unpaged))
    assert filled.count_incidents(query) == len(filled.incidents(unpaged))
    assert filled.count_figures(EventQuery()) > 0 and filled.count_incidents(EventQuery()) == 1


def test_stats_count_types_countries_dates_and_fatalities(filled: Store) -> None:
    stats = filled.stats()
    assert stats["by_country"] == {"Syria": 2, "Fiji": 1, "Nigeria": 1}
    assert stats["by_type"]["Battles"] == 1
    assert stats["date_range"] == {"from": "2019-01-01", "to": "2022-01-01"}
    assert stats["fatalities"] == 47


def _incident(iid: str, event_ids: tuple[str, ...], fatalities: int = 22) -> Incident:
    return incident(
        iid,
        event_ids,
        ("a1",),
        event_date=date(2020, 2, 27),
        country="Syria",
        iso3="SYR",
        admin1="Idlib",
        fatalities=fatalities,
        evidence={"fatalities": (Span(0, 11, "At least 22"),)},
    )


def test_incidents_are_upserted_linked_and_deleted(filled: Store) -> None:
    events = filled.events(EventQuery(country="Syria"))
    ids = tuple(e["event_id"] for e in events)
    filled.upsert_incidents([_incident("inc1", ids)])
    filled.upsert_incidents([_incident("inc1", ids, fatalities=25)])
    filled.set_incident_ids(dict.fromkeys(ids, "inc1"))
    [incident] = filled.incidents(EventQuery())
    assert incident["fatalities"] == 25 and incident["event_ids"] == list(ids)
    assert incident["sources"] == ["Wire"]
    assert incident["evidence"]["fatalities"][0]["text"] == "At least 22"
    assert {e["incident_id"] for e in filled.events(EventQuery(country="Syria"))} == {"inc1"}
    assert filled.incidents(EventQuery(min_fatalities=26)) == []
    filled.delete_incidents(["inc1"])
    assert filled.incidents(EventQuery()) == []
    assert {e["incident_id"] for e in filled.events(EventQuery())} == {None}


def test_a_rewritten_article_keeps_the_incident_of_its_events(store: Store) -> None:
    store.write(make_processed(fatalities=22))
    [event] = store.events(EventQuery())
    store.set_incident_ids({event["event_id"]: "inc9"})
    store.write(make_processed(fatalities=23))
    assert [e["incident_id"] for e in store.events(EventQuery())] == ["inc9"]


def test_events_in_window_returns_records_with_evidence(filled: Store) -> None:
    events = filled.events_in_window(date(2020, 2, 26), date(2020, 2, 28), country="Syria")
    assert [e.fatalities for e in events] == [22]
    assert events[0].evidence["location"][0].text == "Idlib"
    assert filled.events_in_window(date(2020, 2, 26), date(2020, 2, 28), country="Fiji") == []


def test_read_only_open_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("hello, not a database\n" * 100)
    with pytest.raises(StoreError):
        Store.open(path)


def test_a_database_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    Store.open(path).close()
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="version 999"):
        Store.open(path)


def test_every_located_table_has_the_record_place_columns_in_order(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    Store.open(path).close()
    with duckdb.connect(str(path), read_only=True) as con:
        for table in ("events", "figures", "incidents"):
            columns = [
                (name, kind) for name, kind, *_ in con.execute(f"DESCRIBE {table}").fetchall()
            ]
            start = [name for name, _ in columns].index(PLACE_FIELDS[0])
            assert columns[start : start + len(PLACE_FIELDS)] == [
                ("country", "VARCHAR"),
                ("iso3", "VARCHAR"),
                ("admin1", "VARCHAR"),
                ("admin2", "VARCHAR"),
                ("location", "VARCHAR"),
                ("latitude", "DOUBLE"),
                ("longitude", "DOUBLE"),
                ("geo_precision", "INTEGER"),
            ], table


def test_a_read_only_store_refuses_writes_with_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "db.duckdb"
    Store.open(path).close()
    with Store.open(path, read_only=True) as store, pytest.raises(StoreError):
        store.write(make_processed())
