"""Fixtures of the API tests: a database of hand-built records and in-process clients."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from apisupport import build_db
from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.config import Config
from sitrep.records import Article, Processed

TOKEN = "test-token-3f9c2a"
#: Small limits so that the limit tests need small bodies.
LIMITS = {"max_request_bytes": 4096, "max_article_chars": 1000, "max_batch_articles": 3}


class EchoPipeline:
    """Stands in for the NLP pipeline where a test is about the HTTP layer, not extraction.

    It returns each article with no records and remembers what it was given.
    """

    def __init__(self, config: Config) -> None:
        self.seen: list[Article] = []

    def process(self, article: Article) -> Processed:
        self.seen.append(article)
        return Processed(article)

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        for article in articles:
            yield self.process(article)


def make_config(**api: Any) -> Config:
    return Config.load(overrides={"limits": LIMITS, "api": api})


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built records in a database; tests must not write to it."""
    return build_db(tmp_path_factory.mktemp("api") / "events.duckdb")


@pytest.fixture
def writable_db(seeded_db: Path, tmp_path: Path) -> Path:
    """A private copy of the database for tests that write."""
    copy = tmp_path / "events.duckdb"
    shutil.copy(seeded_db, copy)
    return copy


@pytest.fixture(scope="module")
def client(seeded_db: Path) -> Iterator[TestClient]:
    """A read-only app over the hand-built records."""
    app = create_app(make_config(), seeded_db, pipeline_factory=EchoPipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def ingest_client(writable_db: Path) -> Iterator[TestClient]:
    """An app with ingesting enabled by a token, over a private database."""
    app = create_app(make_config(ingest_token=TOKEN), writable_db, pipeline_factory=EchoPipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
