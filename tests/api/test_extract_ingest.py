"""POST /extract (nothing stored) and POST /ingest (stored, token required)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from apisupport import TOKEN, make_config
from factories import SEED, report_processed
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.config import Config
from sitrep.records import Article, Processed
from sitrep.store import Store

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_extract_passes_text_date_and_url_to_the_pipeline(client: TestClient) -> None:
    response = client.post(
        "/extract",
        json={"text": "A short report.", "published": "2020-02-27", "url": "https://e.org/a"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["article_id"] == Article(text="A short report.", url="https://e.org/a").article_id
    assert body["events"] == [] and body["figures"] == [] and body["reason"] is None
    assert client.get("/stats").json()["articles"] == 5  # nothing stored


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": 42},
        {"text": "x", "published": "2020-13-01"},
        {"text": "x", "published": "Feb 30"},
        {"text": "x", "unexpected": True},
        {"text": "x", "url": "u" * 3000},
        [],
        "just a string",
    ],
)
def test_extract_rejects_malformed_bodies(client: TestClient, body: object) -> None:
    response = client.post("/extract", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_ingest_with_the_token_stores_articles_once(ingest_client: TestClient) -> None:
    articles = [
        {"text": "Police arrested 3 people in Harare.", "url": "https://e.org/x"},
        {"text": "Protesters marched in Nairobi.", "published": "2020-03-02"},
    ]
    first = ingest_client.post("/ingest", json={"articles": articles}, headers=AUTH)
    assert first.status_code == 200, first.text
    assert first.json()["received"] == 2 and first.json()["stored"] == 2
    article_id = Article(text=articles[0]["text"], url=articles[0]["url"]).article_id
    stored = ingest_client.get(f"/articles/{article_id}").json()
    assert stored.get("article", stored)["text"] == articles[0]["text"]
    again = ingest_client.post("/ingest", json={"articles": articles}, headers=AUTH).json()
    assert again["stored"] + again["unchanged"] == 2
    assert ingest_client.get("/stats").json()["articles"] == 5 + 2


def test_ingest_refuses_more_articles_than_the_batch_limit(ingest_client: TestClient) -> None:
    articles = [{"text": f"Report {i}."} for i in range(4)]
    response = ingest_client.post("/ingest", json={"articles": articles}, headers=AUTH)
    assert response.status_code == 422
    assert "at most 3" in response.json()["error"]["message"]


@pytest.mark.nlp
def test_extract_with_the_real_pipeline_returns_evidenced_events(seeded_db: Path) -> None:
    raw = SEED.read_text(encoding="utf-8")
    config = Config.load()
    with TestClient(create_app(config, seeded_db)) as client:
        response = client.post("/extract", json={"text": raw, "published": "2020-02-27"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["events"], body
    text = body["text"]
    records = body["events"] + body["figures"]
    spans = [s for r in records for spans in r["evidence"].values() for s in spans]
    assert spans, body
    for s in spans:
        assert text[s["start"] : s["end"]] == s["text"]


class ReplayPipeline:
    """Gives each hand-built report's article its hand-built events, as if extracted."""

    def __init__(self, config: Config) -> None:
        self.known = {p.article.article_id: p for p in report_processed()}

    def process(self, article: Article) -> Processed:
        return self.known.get(article.article_id, Processed(article))

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        return (self.process(article) for article in articles)


def test_ingest_merges_into_incidents_and_counts_only_what_it_stored(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    Store.open(db).close()
    reports = report_processed()[:3]
    body = {
        "articles": [
            {"text": p.article.text, "url": p.article.url, "title": p.article.title}
            for p in reports
        ]
    }
    app = create_app(make_config(ingest_token=TOKEN), db, pipeline_factory=ReplayPipeline)
    with TestClient(app, raise_server_exceptions=False) as client:
        first = client.post("/ingest", json=body, headers=AUTH).json()
        assert (first["stored"], first["unchanged"], first["events"]) == (3, 0, 3)
        events = client.get("/events").json()["items"]
        assert len(events) == 3 and all(e["incident_id"] for e in events)
        assert client.get("/incidents").json()["total"] == 3  # three places, three incidents
        again = client.post("/ingest", json=body, headers=AUTH).json()
        assert (again["received"], again["stored"], again["unchanged"]) == (3, 0, 3)
        assert (again["events"], again["reasons"]) == (0, [])
