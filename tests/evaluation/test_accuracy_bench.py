"""bench/accuracy.py's bookkeeping: what the section says, and that only it is rewritten."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from types import ModuleType

import factories

from sitrep.evaluation import Prediction, evaluate, load_gold
from sitrep.evaluation.sets import gold_sets
from sitrep.records import Event, Span

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _protest() -> Event:
    return factories.event(
        event_type="Protests",
        sub_event_type="Peaceful protest",
        country="Kenya",
        evidence={"event_type": (Span(0, 5, "march"),)},
    )


def test_the_section_names_commands_absent_sets_and_cites_acled(tmp_path: Path) -> None:
    bench = _bench()
    sets = list(gold_sets(ROOT, tmp_path / "no-evaldata").values())
    records = load_gold(ARTICLES)
    results = {"wikinews": evaluate(records, [Prediction.from_events((_protest(),))] * 3)}
    text = bench.section(sets, results, 1.0)
    assert "sitrep evaluate $SITREP_EVALDATA/dev.jsonl --half check" in text
    assert "Not measured here (gold absent): isaf_dev, dev.tune, dev.check" in text
    assert "Raleigh, Linke, Hegre and Karlsen" in text and "acleddata.com" in text
    assert "| events.precision | 0.333 (3) |" in text
    assert "| main.recall | ≥ 0.95 | 0.500 (2) |" in text


def test_only_the_text_between_the_sentinels_is_replaced(tmp_path: Path) -> None:
    bench = _bench()
    out = tmp_path / "BENCHMARKS.md"
    out.write_text(f"# B\n\nbefore\n{bench.START}\nold\n{bench.END}\nafter\n", encoding="utf-8")
    bench.write_section(out, "new \\1 table")
    assert out.read_text(encoding="utf-8") == (
        f"# B\n\nbefore\n{bench.START}\nnew \\1 table\n{bench.END}\nafter\n"
    )


def test_a_file_without_sentinels_gets_the_section_appended(tmp_path: Path) -> None:
    bench = _bench()
    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# B\n", encoding="utf-8")
    bench.write_section(out, "table")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# B\n") and f"{bench.START}\ntable\n{bench.END}" in text


def test_floors_are_proposed_rounded_towards_the_safe_side() -> None:
    bench = _bench()
    records = load_gold(ARTICLES)
    results = {"wikinews": evaluate(records, [Prediction.from_events((_protest(),))] * 3)}
    floors = tomllib.loads(bench.floors_toml(results))["wikinews"]
    assert floors["events.precision"] == 0.33  # 1/3 rounded down
    assert floors["no_event.false_event_rate"] == 1.0  # a ceiling: rounded up
    assert floors["main:event_type.accuracy"] == 0.5
    assert "main:injured.exact" not in floors  # the fixture labels no injured count
