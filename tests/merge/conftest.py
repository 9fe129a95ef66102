"""Merge test fixtures: hand-built events (no model) and an empty store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import MakeEvent, make_event

from sitrep.store import Store


@pytest.fixture
def event() -> MakeEvent:
    """The :func:`make_event` factory."""
    return make_event


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary directory."""
    with Store.open(tmp_path / "merge.duckdb") as opened:
        yield opened
