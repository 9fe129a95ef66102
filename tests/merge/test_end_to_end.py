"""The merge stage end to end: rewritten article groups through the real pipeline and ingest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sitrep.config import Config
from sitrep.evaluation.clusters import article_incidents, cluster_scores, labelled_articles
from sitrep.ingest import ingest
from sitrep.store import EventQuery, Store

REWRITES = Path(__file__).resolve().parents[1] / "data" / "rewrites"

#: Floors for the rewrites (measured 1.00 / 1.00 when set); they move up, never silently down.
MIN_B3_F1 = 0.90
MIN_B3_PRECISION = 0.95

pytestmark = pytest.mark.nlp


@pytest.fixture(scope="module")
def labelled() -> tuple[dict[str, str], list[Path]]:
    return labelled_articles(REWRITES / "labels.jsonl", REWRITES, Config.load().limits)


def _state(store: Store) -> list[tuple[Any, ...]]:
    return sorted(
        (i["incident_id"], tuple(i["event_ids"]), tuple(i["article_ids"]), i["fatalities"])
        for i in store.incidents(EventQuery(limit=None))
    )


def test_rewrites_fold_into_one_incident_per_real_event(
    tmp_path: Path, pipeline: Any, labelled: tuple[dict[str, str], list[Path]]
) -> None:
    gold, paths = labelled
    config = Config.load()
    with Store.open(tmp_path / "all.duckdb") as store:
        report = ingest(paths, store, pipeline, config)
        assert report.incidents_updated
        scores = cluster_scores(gold, article_incidents(store, gold))
    assert scores.b3_f1 >= MIN_B3_F1, scores
    assert scores.b3_precision >= MIN_B3_PRECISION, scores


def _alternate(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    return paths[1::2], paths[::2]


def _foreign_last(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    foreign = [p for p in paths if p.stem.endswith(("-fr", "-ar"))]
    return [p for p in paths if p not in foreign], foreign


@pytest.mark.parametrize("split", [_alternate, _foreign_last], ids=["alternate", "foreign-last"])
def test_ingesting_in_two_batches_gives_the_incidents_of_one_ingest(
    tmp_path: Path,
    pipeline: Any,
    labelled: tuple[dict[str, str], list[Path]],
    split: Any,
) -> None:
    _, paths = labelled
    config = Config.load()
    with Store.open(tmp_path / "once.duckdb") as once:
        ingest(paths, once, pipeline, config)
        expected = _state(once)
    first, second = split(paths)
    with Store.open(tmp_path / "twice.duckdb") as twice:
        ingest(first, twice, pipeline, config)
        ingest(second, twice, pipeline, config)
        assert _state(twice) == expected
        ingest(paths, twice, pipeline, config)  # everything again: nothing changes
        assert _state(twice) == expected


def test_the_french_and_arabic_rewrites_are_linked_to_their_incidents(
    tmp_path: Path, pipeline: Any, labelled: tuple[dict[str, str], list[Path]]
) -> None:
    gold, paths = labelled
    with Store.open(tmp_path / "all.duckdb") as store:
        ingest(paths, store, pipeline, Config.load())
        foreign = {
            a["article_id"]
            for a in (store.article(i) for i in gold)
            if a is not None and a["language"] in ("fr", "ar")
        }
        linked = {
            key.rsplit("@", 1)[1]
            for incident in store.incidents(EventQuery(limit=None))
            for key in incident["evidence"]
            if key.startswith("link:")
        }
    assert len(foreign) == 2
    assert foreign <= linked
