"""Fuzzing the HTTP API: whatever a client sends, the answer is a status and the one error shape.

No request may produce a 500, echo a traceback, or change what is stored unless
it is a valid, authorised ``/ingest``. The pipeline is the model-free stand-in
(cleaning only): these tests are about the HTTP layer and the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic_news import N_ARTICLES, CleaningPipeline

from sitrep.api import create_app
from sitrep.config import Config

TOKEN = "fuzz-token-51b0"
AUTH = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OK_OR_CLIENT_ERROR = {200, 400, 404, 405, 413, 415, 422}

_HOSTILE = (
    "\ud800\udfff\u200b\u200d\u202e\u2066\ufeff\x00\x1b\u2028'\";--%_\\/*<>&"
    "٠١٢\u0663\u00b2\u2167\uff11"  # digits that are not ASCII
)
hostile_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_HOSTILE)), max_size=80)
numbers_and_dates = st.sampled_from(
    [
        "1e308",
        "-1e308",
        "1e309",
        "99999999999999999999",
        "-0",
        "NaN",
        "Infinity",
        "Feb 30",
        "2020-02-30",
        "2020-02-29",
        "0000-01-01",
        "9999-12-31",
        "2020-02-27T25:61:00",
        "",
    ]
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | hostile_text
    | numbers_and_dates,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=15,
)
article_bodies = st.fixed_dictionaries(
    {},
    optional={
        "text": hostile_text | numbers_and_dates | json_values,
        "published": numbers_and_dates | json_values,
        "url": hostile_text | json_values,
        "title": hostile_text | json_values,
        "source": hostile_text | json_values,
        "extra": json_values,
    },
)


@pytest.fixture(scope="module")
def db(generated_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("fuzz") / "api.duckdb"
    copy.write_bytes(generated_db.read_bytes())
    return copy


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    config = Config.load(overrides={"api": {"ingest_token": TOKEN}})
    app = create_app(config, db, pipeline_factory=CleaningPipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _check(response_status: int, body: bytes) -> None:
    assert response_status in OK_OR_CLIENT_ERROR, body[:300]
    if response_status != 200:
        error = json.loads(body)["error"]
        assert set(error) == {"status", "code", "message"}
        assert error["status"] == response_status
        assert "Traceback" not in error["message"] and "\n" not in error["message"]


def _post(client: TestClient, path: str, content: bytes) -> None:
    response = client.post(path, content=content, headers=AUTH)
    _check(response.status_code, response.content)


def _quote(value: str, safe: str = "") -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe=safe)


def _dumps(value: object) -> bytes:
    # ensure_ascii keeps lone surrogates as "\ud800" escapes, as a hostile client would send them.
    return json.dumps(value, ensure_ascii=True).encode("ascii")


@FUZZ
@given(article_bodies | json_values)
def test_extract_answers_any_json_body_without_a_server_error(
    client: TestClient, body: object
) -> None:
    _post(client, "/extract", _dumps(body))


@FUZZ
@given(st.lists(article_bodies, min_size=1, max_size=3))
def test_ingest_answers_any_batch_and_stores_only_valid_articles(
    client: TestClient, articles: list[object]
) -> None:
    before = client.get("/stats").json()["articles"]
    response = client.post("/ingest", content=_dumps({"articles": articles}), headers=AUTH)
    _check(response.status_code, response.content)
    after = client.get("/stats").json()["articles"]
    if response.status_code != 200:
        assert after == before
    else:
        assert before <= after <= before + len(articles)


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_body_get_a_client_error(client: TestClient, data: bytes) -> None:
    _post(client, "/extract", data)
    _post(client, "/ingest", data)


@pytest.mark.parametrize("depth", [10, 1_000, 100_000, 500_000])
@pytest.mark.parametrize("opener", ["[", '{"a":'])
@pytest.mark.parametrize("path", ["/extract", "/ingest"])
def test_deeply_nested_json_bombs_are_client_errors(
    client: TestClient, path: str, opener: str, depth: int
) -> None:
    closer = "]" if opener == "[" else "}"
    bomb = '{"text": "x", "published": ' + opener * depth + "1" + closer * depth + "}"
    _post(client, path, bomb.encode("ascii"))


@pytest.mark.parametrize(
    "body",
    [
        '{"text": "' + "x" * 1_000_000 + '"}',  # one huge string near the body limit
        '{"text": "' + "\\ud800" * 170_000 + '"}',  # escapes that decode to lone surrogates
        '{"text": "a", ' + ", ".join(f'"k{i}": {i}' for i in range(80_000)) + "}",
        '{"articles": [' + ", ".join(['{"text": "a"}'] * 60_000) + "]}",
        '{"text": 1' + "0" * 5000 + "}",  # an integer of 5000 digits
        '{"text": "a", "published": 1e999}',
    ],
    ids=["huge-string", "surrogate-escapes", "many-keys", "many-items", "long-int", "inf"],
)
@pytest.mark.parametrize("path", ["/extract", "/ingest"])
def test_big_and_odd_json_is_answered_within_the_body_limit(
    client: TestClient, path: str, body: str
) -> None:
    _post(client, path, body.encode("ascii"))


@pytest.mark.parametrize(
    "text",
    [
        "The toll rose from 99999999999999999999 to 1e308 killed on Feb 30.",
        "date 2020-02-30\n-0 people were killed; 1e308 injured.",
        "\u202eRTL override\u202c killed \u200b3\u200b people \u2066in\u2069 Kabul.",
    ],
)
def test_hostile_but_valid_text_is_extracted_and_stored_once(client: TestClient, text: str) -> None:
    article = {"text": text, "url": f"https://e.invalid/{len(text)}", "title": "\u202et\u200b"}
    for _ in range(2):
        response = client.post("/ingest", content=_dumps({"articles": [article]}), headers=AUTH)
        assert response.status_code == 200, response.text
    assert response.json()["unchanged"] == 1
    extracted = client.post("/extract", content=_dumps(article), headers=AUTH)
    assert extracted.status_code == 200, extracted.text
    stored = client.get(f"/articles/{extracted.json()['article_id']}").json()
    assert stored["text"] == extracted.json()["text"]


@pytest.mark.parametrize("field", ["text", "url", "title", "source"])
def test_lone_surrogates_in_a_body_are_a_validation_error_naming_the_field(
    client: TestClient, field: str
) -> None:
    article = {"text": "Three people were killed.", field: "a\ud800b"}
    before = client.get("/stats").json()["articles"]
    response = client.post("/ingest", content=_dumps({"articles": [article]}), headers=AUTH)
    assert response.status_code == 422
    assert f"body.articles.0.{field}" in response.json()["error"]["message"]
    assert client.get("/stats").json()["articles"] == before


@pytest.mark.parametrize("key", ["\n", "a\nb", "<script>alert(1)</script>", "k" * 5000, "é"])
@pytest.mark.parametrize("path", ["/extract", "/ingest"])
def test_an_unexpected_key_is_named_in_one_line_never_echoed(
    client: TestClient, path: str, key: str
) -> None:
    body = {"text": "Two were killed.", key: 1}
    response = client.post(
        path, content=_dumps(body if path == "/extract" else {"articles": [body]}), headers=AUTH
    )
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "\n" not in message and key not in message and "<key>" in message


query_values = hostile_text | numbers_and_dates | st.integers().map(str)
query_keys = st.sampled_from(
    [
        *("country", "admin1", "type", "sub_type", "date_from", "date_to", "min_fatalities"),
        *("bbox", "q", "limit", "offset", "sort"),
    ]
)


@FUZZ
@given(
    st.sampled_from(["/events", "/events.geojson", "/figures", "/incidents"]),
    st.dictionaries(query_keys | hostile_text, query_values, max_size=5),
)
def test_any_query_string_gets_a_page_or_a_validation_error(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    # Percent-encoded by hand: lone surrogates become bytes that are not UTF-8, as on the wire.
    query = "&".join(f"{_quote(key)}={_quote(value)}" for key, value in params.items())
    response = client.get(f"{path}?{query}")
    _check(response.status_code, response.content)


@FUZZ
@given(hostile_text | st.sampled_from(["../../etc/passwd", "%2e%2e%2f", "0" * 65, "deadbeef"]))
def test_any_article_id_is_found_missing_or_invalid(client: TestClient, article_id: str) -> None:
    response = client.get("/articles/" + _quote(article_id, safe="/%."))
    _check(response.status_code, response.content)


def test_the_database_is_intact_after_the_fuzzing(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert stats["events"] == N_ARTICLES
    assert stats["articles"] >= N_ARTICLES
    events = client.get("/events", params={"limit": 1000}).json()
    assert events["total"] == N_ARTICLES
