"""Fixtures of the follow tests: the loopback news site and the fake pipeline (no model)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))

from clisupport import FakePipeline
from followsite import Site, serve

from sitrep.cli import _common
from sitrep.config import Config


@pytest.fixture
def site() -> Iterator[Site]:
    """An empty site on a free loopback port; tests add its routes."""
    with serve(Site()) as running:
        yield running


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> FakePipeline:
    """The CLI builds this fake pipeline instead of loading the model."""
    fake = FakePipeline()

    def load(config: Config) -> FakePipeline:
        return fake

    monkeypatch.setattr(_common, "load_pipeline", load)
    return fake
