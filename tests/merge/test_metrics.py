"""Clustering metrics: known values on small tables."""

from __future__ import annotations

import pytest

from sitrep.evaluation.clusters import cluster_scores

GOLD = {"a": "x", "b": "x", "c": "x", "d": "y"}


@pytest.mark.parametrize(
    ("predicted", "pair", "b3"),
    [
        ({"a": 1, "b": 1, "c": 1, "d": 2}, (1.0, 1.0), (1.0, 1.0)),
        # everything apart: precision perfect, recall only from the singletons' own pairs
        ({"a": 1, "b": 2, "c": 3, "d": 4}, (1.0, 0.0), (1.0, 0.5)),
        # everything together: recall perfect
        ({"a": 1, "b": 1, "c": 1, "d": 1}, (0.5, 1.0), (0.625, 1.0)),
    ],
)
def test_pairwise_and_bcubed_match_hand_computed_values(
    predicted: dict[str, int], pair: tuple[float, float], b3: tuple[float, float]
) -> None:
    scores = cluster_scores(GOLD, predicted)
    assert (scores.pair_precision, scores.pair_recall) == pytest.approx(pair)
    assert (scores.b3_precision, scores.b3_recall) == pytest.approx(b3)
    assert scores.items == 4 and scores.gold_clusters == 2


def test_an_item_without_prediction_is_an_error() -> None:
    with pytest.raises(ValueError, match="no prediction"):
        cluster_scores(GOLD, {"a": 1})


def test_nothing_to_score_is_an_error() -> None:
    with pytest.raises(ValueError, match="no gold items"):
        cluster_scores({}, {})
