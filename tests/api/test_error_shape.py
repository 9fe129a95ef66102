"""Every error the service can answer has one JSON shape: {"error": {status, code, message}}."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from apisupport import TOKEN, EchoPipeline, make_config
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.config import Config
from sitrep.errors import StoreError

Request = Callable[[TestClient], httpx.Response]

CASES: list[tuple[str, Request, int, str]] = [
    ("unknown route", lambda c: c.get("/nowhere"), 404, "not_found"),
    ("unknown article", lambda c: c.get("/articles/00000000deadbeef"), 404, "not_found"),
    ("wrong method", lambda c: c.delete("/events"), 405, "method_not_allowed"),
    ("wrong method on extract", lambda c: c.get("/extract"), 405, "method_not_allowed"),
    ("query validation", lambda c: c.get("/events?limit=abc"), 422, "validation_error"),
    ("body validation", lambda c: c.post("/extract", json={"txt": "x"}), 422, "validation_error"),
    (
        "malformed JSON",
        lambda c: c.post(
            "/extract", content=b"{not json", headers={"content-type": "application/json"}
        ),
        422,
        "validation_error",
    ),
    ("body too large", lambda c: c.post("/extract", content=b"x" * 5000), 413, "payload_too_large"),
    ("read-only ingest", lambda c: c.post("/ingest", json={"articles": []}), 403, "forbidden"),
]


def _assert_shape(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


@pytest.mark.parametrize(("name", "request_", "status", "code"), CASES, ids=[c[0] for c in CASES])
def test_error_has_the_one_shape(
    client: TestClient, name: str, request_: Request, status: int, code: str
) -> None:
    _assert_shape(request_(client), status, code)


def test_unauthorised_ingest_has_the_shape_and_asks_for_a_bearer_token(
    ingest_client: TestClient,
) -> None:
    response = ingest_client.post("/ingest", json={"articles": [{"text": "x"}]})
    _assert_shape(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


class _BrokenPipeline:
    def __init__(self, config: Config) -> None:
        pass

    def process(self, article: Any) -> Any:
        raise RuntimeError("secret internal detail /home/user/.ssh")

    def process_many(self, articles: Any) -> Any:
        raise RuntimeError("secret internal detail")


def test_a_bug_is_a_500_in_the_shape_without_leaking_details(seeded_db: Path) -> None:
    app = create_app(make_config(), seeded_db, pipeline_factory=_BrokenPipeline)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/extract", json={"text": "Some text."})
    _assert_shape(response, 500, "internal_error")
    assert "secret" not in response.text and "Traceback" not in response.text


def test_openapi_documents_the_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "ErrorBody" in schema["components"]["schemas"]
    assert "4XX" in schema["paths"]["/events"]["get"]["responses"]


def test_missing_database_is_a_clear_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        create_app(make_config(), tmp_path / "absent.duckdb", pipeline_factory=EchoPipeline)


def test_ingest_token_makes_the_app_accept_a_new_database(tmp_path: Path) -> None:
    app = create_app(
        make_config(ingest_token=TOKEN), tmp_path / "new.duckdb", pipeline_factory=EchoPipeline
    )
    with TestClient(app) as client:
        assert client.get("/events").json()["total"] == 0
