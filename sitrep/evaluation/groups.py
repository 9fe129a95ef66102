"""Figures per source and per part: where a set's average hides a weak corner.

Real gold mixes sources that differ in how they write (ACLED's one-line notes,
ISAF's press releases, whole news articles) and, within ACLED, parts that differ
in what they state (the 2022 and 2025 notes and Benin date their events, Kenya's
and the 2016 notes mostly do not). Each group is scored on its own with the same
rules as the whole (:func:`~sitrep.evaluation.scores.score`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sitrep.evaluation.gold import GoldRecord
from sitrep.evaluation.prediction import Prediction
from sitrep.evaluation.scores import Scores, score


def group_names(record: GoldRecord) -> list[str]:
    """The groups a record is reported in: its source, and its part where the source has parts."""
    names = [f"source {record.source}"]
    if record.part is not None:
        names.append(f"{record.source} {record.part}")
    return names


def score_groups(
    records: Sequence[GoldRecord], predictions: Sequence[Prediction]
) -> dict[str, Scores]:
    """Scores per group, in order of first appearance; empty when there is only one group.

    Raises:
        ValueError: the two sequences differ in length.
    """
    if len(records) != len(predictions):
        raise ValueError(f"{len(records)} gold records but {len(predictions)} predictions")
    members: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        for name in group_names(record):
            members.setdefault(name, []).append(index)
    if len(members) == 1 and len(next(iter(members.values()))) == len(records):
        return {}
    return {
        name: score([records[i] for i in indices], [predictions[i] for i in indices])
        for name, indices in members.items()
    }
