"""The quality gate: ``sitrep evaluate``'s figures on labelled data may not fall below their floors.

The gold sets (``GOLD_SETS``):

- the real dev data of ``../shared/evaldata/`` (outside the repository; every
  set of it is skipped, with the reason, where the folder is absent, or read from
  ``$SITREP_EVALDATA``): the ISAF releases whole, and the ACLED notes of
  ``dev.jsonl`` and ``dev_global.jsonl`` by half: ``tune`` (looked at while
  tuning) and ``check`` (only ever read in aggregate; see docs/evaluation.md);
- the team's fixtures (``eval/fixtures.jsonl``) and held-out reports
  (``eval/holdout.jsonl``, never tuned on: the gate only guards it);
- the hand-labelled whole articles of ``eval/wikinews/`` when present, scored
  article by article (event precision and recall; ``main:`` figures are those
  of each article's main event).

``floors.toml`` pins, per set, the figures as last measured, rounded down to
0.01 (up to 0.01 for a lower-is-better figure such as the false-event rate,
which is a ceiling). Floors only move up (ceilings down): raise one when a
change improves its figure, never lower it to let a change through.

A figure may sit one record below its floor (``ONE_RECORD``): the model's floating
point differs between CPUs (vector instruction sets), which can flip one borderline
parse on another machine. Two records below is a regression.

The model loads once (the session's ``pipeline``), and each gold file is run once
however many halves are gated on it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from sitrep.evaluation import Evaluation, GoldRecord, Prediction, evaluate, load_gold, predict
from sitrep.evaluation.figures import Metric
from sitrep.evaluation.sets import gold_sets

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GOLD_SETS = gold_sets(REPO)
FLOORS: dict[str, dict[str, float]] = tomllib.loads((HERE / "floors.toml").read_text("utf-8"))
ONE_RECORD = 1.0

pytestmark = [pytest.mark.gate, pytest.mark.nlp]

_predicted: dict[Path, tuple[list[GoldRecord], list[Prediction]]] = {}


def absent_reason(name: str) -> str | None:
    """Why set ``name`` cannot be gated here, or ``None`` when it can."""
    gold = GOLD_SETS[name]
    if not gold.present:
        if gold.in_repo:
            return f"{gold.path} holds no labelled records yet"
        return (
            f"{gold.path} is absent (the dev data lives outside the repository, in ../shared/;"
            " SITREP_EVALDATA names another folder)"
        )
    if name not in FLOORS and gold.path.is_dir():
        return f"{gold.path} is present but floors.toml pins no [{name}] figures yet"
    return None


@pytest.fixture(scope="module", params=sorted(GOLD_SETS))
def evaluated(request: pytest.FixtureRequest, pipeline: Any) -> tuple[str, Evaluation]:
    """Score one gold set with the session's pipeline (the model loads once)."""
    name: str = request.param
    reason = absent_reason(name)
    if reason:
        pytest.skip(reason)
    gold = GOLD_SETS[name]
    if gold.path not in _predicted:
        records = load_gold(gold.path)
        _predicted[gold.path] = (records, list(predict(records, pipeline)))
    return name, evaluate(*gold.select(*_predicted[gold.path]))


def test_every_figure_is_at_or_above_its_floor(evaluated: tuple[str, Evaluation]) -> None:
    name, result = evaluated
    figures = result.figures()
    assert name in FLOORS, f"floors.toml pins no [{name}] figures: pin today's measured ones"
    off = [
        f"{metric_name} = {figures[metric_name].value} {why} (n={figures[metric_name].n})"
        for metric_name, bound in FLOORS[name].items()
        if (why := _out_of_bound(figures[metric_name], bound))
    ]
    gold = GOLD_SETS[name]
    # Misses of the real dev data are read on its tune half only (docs/evaluation.md).
    look = " --errors 20" if gold.in_repo else "; read misses with --half tune --errors 20"
    assert not off, f"{name}: " + "; ".join(off) + f" - run: {gold.command(REPO)}{look}"


def test_floors_name_only_figures_the_set_can_measure(evaluated: tuple[str, Evaluation]) -> None:
    name, result = evaluated
    figures = result.figures()
    unmeasured = [m for m in FLOORS.get(name, {}) if m not in figures or figures[m].value is None]
    assert not unmeasured, f"{name}: floors for figures its gold does not label: {unmeasured}"


def _out_of_bound(metric: Metric, bound: float) -> str | None:
    """Why ``metric`` breaks its floor (or, lower being better, its ceiling), else ``None``."""
    slack = ONE_RECORD / metric.n if metric.n else 0.0
    if metric.value is None:
        return "unmeasured"
    if metric.higher_is_better and metric.value < bound - slack:
        return f"< floor {bound}"
    if not metric.higher_is_better and metric.value > bound + slack:
        return f"> ceiling {bound}"
    return None
