"""The README's Python example runs as written, on events with and without each optional field."""

from __future__ import annotations

import re
from pathlib import Path

import factories
import pytest

import sitrep
from sitrep.records import Result, Span

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "the README shows a Python example"
    return str(blocks[0])


def test_the_python_example_runs_on_an_event_without_a_fatalities_span(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counted = factories.event(
        "e1", "a1", fatalities=3, evidence={"fatalities": (Span(10, 15, "three"),)}
    )
    uncounted = factories.event("e2", "a1", "Protests", "Peaceful protest")
    monkeypatch.setattr(
        sitrep, "extract", lambda text, published=None: Result((counted, uncounted))
    )
    (tmp_path / "article.txt").write_text("Three killed.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(_python_example(), str(README), "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("3 ['three']") and lines[1].endswith("None []")
