"""Fixtures of the API tests: a database of hand-built records and in-process clients."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from apisupport import TOKEN, EchoPipeline, build_db, make_config
from fastapi.testclient import TestClient

from sitrep.api import create_app


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
