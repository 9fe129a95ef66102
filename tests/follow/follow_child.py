"""``sitrep follow`` in a child process with the fake pipeline, for the SIGKILL test."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # factories
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))

from clisupport import FakePipeline

from sitrep.cli import _common, main
from sitrep.config import Config


def _fake(config: Config) -> FakePipeline:
    return FakePipeline()


if __name__ == "__main__":
    _common.load_pipeline = _fake
    main(sys.argv[1:])
