"""The benchmark script's bookkeeping: re-measured rows replace old ones, one note per part."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TABLE = "| measurement | result | notes |\n| --- | --- | --- |\n"


def _part(when: str, only: str, row: str) -> str:
    return f"Measured {when} by `python bench/run.py --only {only}`.\n\n{TABLE}{row}\n"


def test_a_part_measured_again_replaces_its_rows_and_its_note(tmp_path: Path) -> None:
    run = _bench()
    out = tmp_path / "BENCHMARKS.md"
    rows = "| speed | 1 | a |\n| store | 2 | b |\n"
    full = f"Measured day 1 by `python bench/run.py`.\n\n{TABLE}{rows}"
    run.write_section(out, full)
    run.write_section(out, _part("day 2", "pipeline", "| speed | 3 | c |"), "pipeline")
    run.write_section(out, _part("day 3", "store", "| store | 4 | d |"), "store")
    run.write_section(out, _part("day 4", "pipeline", "| speed | 5 | e |"), "pipeline")
    text = out.read_text(encoding="utf-8")
    assert "| speed | 5 | e |" in text and "| store | 4 | d |" in text
    assert "| speed | 3 |" not in text and "| store | 2 |" not in text
    notes = [line for line in text.splitlines() if line.startswith("Rows re-measured apart")]
    assert len(notes) == 2
    assert any("day 4" in n for n in notes) and any("day 3" in n for n in notes)
