"""Fixtures shared by every test package: the seed article and one loaded pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "tests" / "data" / "seed_000_f27050b7da281b43.txt"  # copy of shared/seed/


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The worked example of DESIGN.md (a scraped, machine-translated article)."""
    return SEED


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    """One Pipeline for the whole session: loading the model costs seconds."""
    from sitrep import Config, Pipeline

    return Pipeline(Config.load())
