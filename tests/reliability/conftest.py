"""Fixtures of the reliability tests (helpers live in ``synthetic_news``, importable by name)."""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic_news import N_ARTICLES, processed_for

from sitrep.store import Store


@pytest.fixture(scope="session")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of ``N_ARTICLES`` generated articles, one event and one figure each."""
    path = tmp_path_factory.mktemp("reliability") / "generated.duckdb"
    with Store.open(path) as store:
        for i in range(N_ARTICLES):
            store.write(processed_for(i))
    return path
