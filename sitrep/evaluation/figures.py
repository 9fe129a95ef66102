"""The arithmetic of a figure: a share or mean over the records that could be scored.

A figure that no record could score is ``None`` (shown n/a), never 0: a gold file
that does not label injured counts says nothing about how well they are found.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure: its value (``None`` when no record could be scored) over ``n`` records."""

    value: float | None
    n: int
    higher_is_better: bool = True


def share(hits: Sequence[bool]) -> Metric:
    """The share of true values, over their number."""
    return Metric(sum(hits) / len(hits) if hits else None, len(hits))


def mean(values: Sequence[float]) -> Metric:
    """The mean of an error (lower is better)."""
    return Metric(sum(values) / len(values) if values else None, len(values), False)


def weighted_f1(pairs: Counter[tuple[str, str]]) -> float | None:
    """F1 per gold class averaged with gold support as weights (scikit-learn's ``weighted``)."""
    support: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for (gold, pred), count in pairs.items():
        support[gold] += count
        predicted[pred] += count
        if gold == pred:
            correct[gold] += count
    total = sum(support.values())
    if not total:
        return None
    weighted = 0.0
    for label, n in support.items():
        tp = correct[label]
        if tp:
            precision, recall = tp / predicted[label], tp / n
            weighted += n * 2 * precision * recall / (precision + recall)
    return weighted / total


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0–1) with linear interpolation, ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
