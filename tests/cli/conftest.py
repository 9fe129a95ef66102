"""CLI test helpers: run ``sitrep`` in-process as the console script does, with a fake pipeline."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from clisupport import FakePipeline, Outcome, Run

from sitrep.cli import _common, main
from sitrep.config import Config


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> FakePipeline:
    """Every command that builds a pipeline gets this fake one (no model is loaded)."""
    fake = FakePipeline()

    def load(config: Config) -> FakePipeline:
        return fake

    monkeypatch.setattr(_common, "load_pipeline", load)
    return fake


@pytest.fixture
def run() -> Run:
    """Run ``sitrep ARGS...`` through ``main()``, as the console script does, in isolation."""

    def invoke(*args: str | Path) -> Outcome:
        runner = CliRunner()
        with runner.isolation() as (out, err, _):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            sys.stdout.flush()
            sys.stderr.flush()
            return Outcome(code, out.getvalue().decode(), err.getvalue().decode())

    return invoke


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Five good articles in four formats' worth of files."""
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "idlib.txt").write_text(
        "date 2020-02-27\nAt least 22 soldiers were killed in Idlib; 900 people displaced.\n"
    )
    (root / "lagos.txt").write_text("date 2021-10-20\nPolice shot 12 protesters in Lagos.\n")
    (root / "paris.txt").write_text("Bonjour, une manifestation a Paris.\n")
    (root / "wire.jsonl").write_text(
        '{"id": "w1", "text": "Shelling in Donetsk killed 3.", "published": "2022-03-01"}\n'
        '{"id": "w2", "text": "A quiet day in the capital.", "published": "2022-03-02"}\n'
    )
    return root
