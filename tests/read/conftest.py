"""Fixtures of the read tests: the input fixtures folder and default limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.config import LimitsConfig

INPUTS = Path(__file__).resolve().parents[1] / "data" / "inputs"


@pytest.fixture
def inputs() -> Path:
    """Hand-written input files, one or more per format."""
    return INPUTS


@pytest.fixture
def limits() -> LimitsConfig:
    """The packaged default limits."""
    return LimitsConfig()
