"""GET /articles/{id}: the text with each field's evidence; ids validated before any lookup."""

from __future__ import annotations

from typing import Any

import pytest
from factories import seed_processed
from fastapi.testclient import TestClient

SEED = seed_processed()


def _text_and_records(body: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    article = body.get("article", body)
    return article["text"], body["events"] + body["figures"]


def test_article_has_text_and_records_whose_spans_index_it(client: TestClient) -> None:
    body = client.get(f"/articles/{SEED.article.article_id}").json()
    text, records = _text_and_records(body)
    assert text == SEED.article.text
    assert len(records) == 3
    spans = [s for r in records for spans in r["evidence"].values() for s in spans]
    assert spans
    for s in spans:
        assert text[s["start"] : s["end"]] == s["text"]
    (event,) = body["events"]
    assert [r["value"] for r in event["revisions"]] == [9]
    assert event["sources_quoted"] == ["Rahmi Dogan, governor of Hatay province"]


def test_unknown_article_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/articles/0123456789abcdef")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "article_id",
    [
        "../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "....//....//etc/passwd",
        "0123456789abcdeg",
        "0123456789ABCDEF",
        "a" * 65,
        "1' OR '1'='1",
        "%00",
        "C:%5Cwindows%5Cwin.ini",
    ],
)
def test_path_traversal_and_malformed_ids_are_refused(client: TestClient, article_id: str) -> None:
    response = client.get(f"/articles/{article_id}")
    assert response.status_code in (404, 422)
    body = response.json()
    assert set(body) == {"error"}
    assert "root:" not in response.text


@pytest.mark.parametrize(
    "path",
    ["/static/../pyproject.toml", "/static/%2e%2e/config.py", "/static/..%2f..%2fetc/passwd"],
)
def test_static_files_do_not_escape_the_web_directory(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404
