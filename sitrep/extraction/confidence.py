"""Confidence: how likely an extracted event is real and correctly typed, calibrated on labels.

The raw *support* of an event counts what the text gives it: how many times it is
mentioned, a stated toll, a day-precise date, a named perpetrator, a quoted
source. Raw support is not a probability, so ``calibration.toml`` maps it to the
share of events with that support that were right on labelled reports (isotonic
regression fitted by ``bench/calibrate.py``, which also reports the Brier score
before and after). Without a table the raw support is returned unchanged.

Example:
    >>> 0.0 <= calibrated(support_of(n_mentions=2, fatalities=True, day=True,
    ...                              perpetrator=False, sources=True)) <= 1.0
    True
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence

from sitrep import _data
from sitrep.records import Event


def support_of(
    *, n_mentions: int, fatalities: bool, day: bool, perpetrator: bool, sources: bool
) -> float:
    """The raw support score (0–1) of an event with these features."""
    score = 0.35 + min(n_mentions, 3) * 0.08
    score += 0.12 if fatalities else 0.0
    score += 0.08 if day else 0.0
    score += 0.06 if perpetrator else 0.0
    score += 0.05 if sources else 0.0
    return round(min(score, 1.0), 3)


def support(event: Event) -> float:
    """The raw support of ``event``, read from its own fields and evidence.

    A perpetrator supports the event only where the text names one: an actor 1 the
    codebook implied ("Unidentified Armed Group" for "a man was shot dead") is
    evidenced by the event's own words, and says nothing more about it.
    """
    said = {(s.start, s.end) for s in event.evidence.get("event_type", ())}
    named = [s for s in event.evidence.get("actor1", ()) if (s.start, s.end) not in said]
    return support_of(
        n_mentions=len(event.evidence.get("event_type", ())),
        fatalities=event.fatalities is not None,
        day=event.date_precision == 1,
        perpetrator=event.actor1 is not None and bool(named),
        sources=bool(event.sources_quoted),
    )


def calibrated(raw: float) -> float:
    """The probability that an event of raw support ``raw`` is right, from the fitted table."""
    points = _table()
    return interpolate(points, raw) if points else raw


def interpolate(points: Sequence[tuple[float, float]], x: float) -> float:
    """Piecewise-linear ``points`` (sorted by x) at ``x``, flat beyond both ends."""
    xs = [px for px, _ in points]
    i = bisect.bisect_left(xs, x)
    if i == 0:
        return points[0][1]
    if i == len(points):
        return points[-1][1]
    (x0, y0), (x1, y1) = points[i - 1], points[i]
    share = (x - x0) / (x1 - x0) if x1 > x0 else 0.0
    return round(y0 + share * (y1 - y0), 3)


@functools.cache
def _table() -> tuple[tuple[float, float], ...]:
    if not _data.exists("data/calibration.toml"):
        return ()
    data = _data.read_toml("data/calibration.toml")
    return tuple(
        (float(x), float(y)) for x, y in zip(data["support"], data["probability"], strict=True)
    )
