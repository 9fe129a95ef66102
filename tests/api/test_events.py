"""GET /events, /events.geojson, /figures, /incidents: every filter, paging, sorting, validation."""

from __future__ import annotations

from typing import Any

import pytest
from factories import all_processed
from fastapi.testclient import TestClient

ALL_EVENTS = [e for p in all_processed() for e in p.result.events]


def _ids(body: dict[str, Any]) -> set[str]:
    return {item["event_id"] for item in body["items"]}


def _expected(predicate: Any) -> set[str]:
    return {e.event_id for e in ALL_EVENTS if predicate(e)}


def test_events_without_filters_returns_every_event_with_total(client: TestClient) -> None:
    body = client.get("/events").json()
    assert body["total"] == len(ALL_EVENTS)
    assert _ids(body) == _expected(lambda e: True)
    assert body["offset"] == 0 and body["limit"] == 100


def test_events_carry_fields_and_evidence_spans(client: TestClient) -> None:
    body = client.get("/events", params={"country": "Syria"}).json()
    (event,) = body["items"]
    assert event["sub_event_type"] == "Air/drone strike"
    assert event["fatalities"] == 22 and event["qualifier"] == "at_least"
    assert event["event_date"] == "2020-02-27"
    assert {"fatalities", "actor1", "location"} <= set(event["evidence"])


@pytest.mark.parametrize(
    ("params", "predicate"),
    [
        ({"country": "Syria"}, lambda e: e.country == "Syria"),
        ({"admin1": "Borno"}, lambda e: e.admin1 == "Borno"),
        ({"type": "Protests"}, lambda e: e.event_type == "Protests"),
        ({"sub_type": "Arrests"}, lambda e: e.sub_event_type == "Arrests"),
        ({"since": "2020-03-01"}, lambda e: str(e.event_date) >= "2020-03-01"),
        ({"until": "2020-02-24"}, lambda e: str(e.event_date) <= "2020-02-24"),
        (
            {"since": "2020-02-21", "until": "2020-02-28"},
            lambda e: "2020-02-21" <= str(e.event_date) <= "2020-02-28",
        ),
        ({"min_fatalities": 10}, lambda e: (e.fatalities or 0) >= 10),
        ({"min_fatalities": 0, "type": "Battles"}, lambda e: e.event_type == "Battles"),
        ({"bbox": "35,34,38,37"}, lambda e: e.country == "Syria"),
        ({"bbox": "-20,-40,40,30"}, lambda e: e.country != "Syria"),
        # West greater than east: the box crosses the antimeridian.
        ({"bbox": "36,-90,-179,90"}, lambda e: e.longitude >= 36),
        ({"q": "Maiduguri"}, lambda e: e.location == "Maiduguri"),
        ({"country": "Atlantis"}, lambda e: False),
    ],
)
def test_each_filter_selects_exactly_the_matching_events(
    client: TestClient, params: dict[str, Any], predicate: Any
) -> None:
    body = client.get("/events", params=params).json()
    assert _ids(body) == _expected(predicate)
    assert body["total"] == len(body["items"])


def test_pages_are_disjoint_and_cover_every_event(client: TestClient) -> None:
    seen: list[str] = []
    for offset in range(0, len(ALL_EVENTS), 2):
        body = client.get("/events", params={"limit": 2, "offset": offset}).json()
        assert body["total"] == len(ALL_EVENTS)
        assert len(body["items"]) <= 2
        seen.extend(item["event_id"] for item in body["items"])
    assert sorted(seen) == sorted(e.event_id for e in ALL_EVENTS)
    past_end = client.get("/events", params={"offset": 50}).json()
    assert past_end["items"] == [] and past_end["total"] == len(ALL_EVENTS)


@pytest.mark.parametrize(
    ("sort", "key", "descending"),
    [
        ("event_date", "event_date", False),
        ("-event_date", "event_date", True),
        ("-fatalities", "fatalities", True),
        ("country", "country", False),
    ],
)
def test_sort_orders_events(client: TestClient, sort: str, key: str, descending: bool) -> None:
    items = client.get("/events", params={"sort": sort}).json()["items"]
    values = [item[key] for item in items if item[key] is not None]
    assert values == sorted(values, reverse=descending)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 1001},
        {"offset": -1},
        {"min_fatalities": -1},
        {"min_fatalities": "99999999999999999999"},
        {"min_fatalities": "1e308"},
        {"since": "2020-02-30"},
        {"since": "2024-13-01"},
        {"until": "yesterday"},
        {"since": "2020-03-01", "until": "2020-02-01"},
        {"date_from": "2020-02-30"},
        {"since": "2020-02-01", "date_from": "2020-02-01"},
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "170,0,190,1"},
        {"bbox": "0,80,1,95"},
        {"bbox": "nan,0,1,1"},
        {"sort": "fatalities; DROP TABLE events"},
        {"sort": "random()"},
        {"country": "x" * 201},
        {"q": "y" * 201},
    ],
)
def test_invalid_parameters_are_422_in_the_error_shape(
    client: TestClient, params: dict[str, Any]
) -> None:
    for path in ("/events", "/events.geojson"):
        response = client.get(path, params=params)
        assert response.status_code == 422, (path, params, response.text)
        assert response.json()["error"]["code"] == "validation_error"


def test_geojson_is_an_rfc7946_feature_collection(client: TestClient) -> None:
    response = client.get("/events.geojson")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert len(body["features"]) == body["total"] == len(ALL_EVENTS)
    events = {e["event_id"]: e for e in client.get("/events").json()["items"]}
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        assert "evidence" not in feature["properties"]
        event = events[feature["id"]]
        lon, lat = feature["geometry"]["coordinates"]  # RFC 7946: longitude first
        assert (lat, lon) == (event["latitude"], event["longitude"])
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_features_are_the_exports_acled_rows(client: TestClient) -> None:
    from sitrep.export import acled_row

    body = client.get("/events.geojson", params={"country": "Syria"}).json()
    (feature,) = body["features"]
    (event,) = client.get("/events", params={"country": "Syria"}).json()["items"]
    expected = acled_row(event)
    for name in ("latitude", "longitude", "evidence"):
        del expected[name]
    assert feature["properties"] == expected
    assert feature["properties"]["event_id_cnty"] == feature["id"] == event["event_id"]
    assert feature["properties"]["iso"] == 760


def test_geojson_takes_the_same_filters(client: TestClient) -> None:
    body = client.get("/events.geojson", params={"country": "Syria"}).json()
    (feature,) = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.63, 35.93]}


def test_figures_lists_humanitarian_figures_with_evidence(client: TestClient) -> None:
    figures = client.get("/figures").json()["items"]
    assert {(f["figure_type"], f["value"]) for f in figures} == {
        ("displaced", 1_000_000),
        ("refugees", 3_600_000),
    }
    assert all(f["evidence"]["value"] for f in figures)


@pytest.mark.parametrize("path", ["/events", "/incidents", "/figures"])
def test_every_record_listing_pages_the_same_way(client: TestClient, path: str) -> None:
    whole = client.get(path).json()
    assert set(whole) == {"total", "limit", "offset", "items"}
    assert whole["total"] == len(whole["items"]) >= 2
    pages = [client.get(path, params={"limit": 1, "offset": n}).json() for n in range(3)]
    assert [page["total"] for page in pages] == [whole["total"]] * 3
    assert [len(page["items"]) for page in pages] == [1, 1, min(1, whole["total"] - 2)]
    assert [item for page in pages for item in page["items"]] == whole["items"][:3]
    beyond = client.get(path, params={"limit": 1, "offset": 50}).json()
    assert (beyond["items"], beyond["total"]) == ([], whole["total"])


def test_the_old_date_names_still_filter_as_deprecated_aliases(client: TestClient) -> None:
    new = client.get("/events", params={"since": "2020-02-21", "until": "2020-02-28"}).json()
    old = client.get("/events", params={"date_from": "2020-02-21", "date_to": "2020-02-28"}).json()
    assert old == new and 0 < new["total"] < len(ALL_EVENTS)
    parameters = client.get("/openapi.json").json()["paths"]["/events"]["get"]["parameters"]
    deprecated = {p["name"] for p in parameters if p.get("deprecated")}
    assert deprecated == {"date_from", "date_to"}


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/events", {"date": "2020-02-27"}, "query.date"),
        ("/events", {"country": "Syria", "contry": "Syria"}, "query.contry"),
        ("/incidents", {"min_fatality": 3}, "query.min_fatality"),
        ("/figures", {"sub-type": "x"}, "query.<key>"),
        ("/events.geojson", {"format": "csv"}, "query.format"),
        ("/stats", {"verbose": 1}, "query.verbose"),
    ],
)
def test_an_unknown_query_parameter_is_a_422_naming_it(
    client: TestClient, path: str, params: dict[str, Any], named: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"].startswith(f"{named}: unknown parameter")


def test_stats_counts_the_database_and_states_the_paging_limits(client: TestClient) -> None:
    body = client.get("/stats").json()
    assert body["api"] == {"page_size": 100, "max_page_size": 1000, "ingest": False}
    assert body["events"] == len(ALL_EVENTS)


def test_openapi_and_offline_docs_describe_every_endpoint(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths == {
        "/events",
        "/events.geojson",
        "/figures",
        "/incidents",
        "/articles/{article_id}",
        "/stats",
        "/extract",
        "/ingest",
    }
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui.css" in docs.text
