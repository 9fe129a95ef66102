"""Article-level scoring: every event an article reports, against every event sitrep emits.

For gold that lists all of an article's events (``gold.events``, one of them
``main``; ``[]`` when the article reports no ACLED event), the question is not
only "is the main event right" but "are the events emitted real events of the
article, and are the article's events all found". The rule that pairs them:

**An output event matches a gold event** when they have the same ``event_type``,
the same country when both name one, and dates at most ``MATCH_DAYS`` (2) days
apart when both have one. Matching is not one-to-one: two output events that
both match one gold event are both right (a duplicate is a merge problem, not a
false event).

The figures:

- ``events.precision``: output events that match some gold event of their
  article, over all output events;
- ``events.recall``: gold events matched by some output event, over gold events;
- ``main.recall``: articles whose main gold event is matched, over articles with
  events;
- ``no_event.false_event_rate``: articles without gold events that yielded an
  event, over such articles (lower is better);
- ``main.all_six``: articles whose main output event (the one with the most
  fatalities) has the main gold event's type, sub-type, date (within a day),
  country, admin1 (when labelled) and fatalities all right;
- and the record-level figures of :mod:`~sitrep.evaluation.scores` on the main
  event alone (``main``): the main gold event against the main output event.

Example:
    >>> from sitrep.records import Article
    >>> gold = {"events": [], "note": "a flood"}
    >>> scores = score_articles([GoldRecord("wn-1", Article(text="Rain."), gold)],
    ...                         [Prediction.from_events(())])
    >>> scores.metrics["no_event.false_event_rate"].value
    0.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sitrep.evaluation.figures import Metric, share
from sitrep.evaluation.gold import GoldRecord
from sitrep.evaluation.matching import same_place_name
from sitrep.evaluation.prediction import Prediction
from sitrep.evaluation.scores import Scores, metrics_json, score
from sitrep.records import Event

MATCH_DAYS = 2
"""How many days apart an output event's date may be from a gold event's and still match."""

_MAIN_FIELDS = ("event_type", "sub_event_type", "event_date", "country", "admin1", "killed")
_EVENT_LABELS = (
    "event_type",
    "sub_event_type",
    "event_date",
    "country",
    "admin1",
    "location",
    "killed",
    "injured",
    "actor1",
    "actor2",
)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """One article: which output events matched a gold event, which gold events were found."""

    record: GoldRecord
    prediction: Prediction
    output_right: tuple[bool, ...]
    gold_found: tuple[bool, ...]
    main_all_six: bool | None

    @property
    def gold_events(self) -> list[Mapping[str, Any]]:
        """The article's gold events, as labelled."""
        events: list[Mapping[str, Any]] = self.record.gold["events"]
        return events

    @property
    def badness(self) -> int:
        """Sort key for ``--errors``: false events plus missed gold events."""
        return self.output_right.count(False) + self.gold_found.count(False)


@dataclass(frozen=True, slots=True)
class ArticleScores:
    """The article-level figures, the main-event figures and each article's result."""

    n_articles: int
    metrics: dict[str, Metric]
    main: Scores
    articles: tuple[ArticleResult, ...]

    def worst(self, n: int) -> list[ArticleResult]:
        """The ``n`` articles with the most false and missed events."""
        pool = [a for a in self.articles if a.badness or a.main_all_six is False]
        return sorted(pool, key=lambda a: (a.badness, a.main_all_six is False), reverse=True)[:n]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready summary: figures, main-event figures and per-article matches."""
        return {
            "n_articles": self.n_articles,
            "metrics": metrics_json(self.metrics),
            "main": self.main.to_json(),
            "articles": [
                {
                    "id": a.record.record_id,
                    "output_right": list(a.output_right),
                    "gold_found": list(a.gold_found),
                    "main_all_six": a.main_all_six,
                }
                for a in self.articles
            ],
        }


def event_matches(output: Event, gold: Mapping[str, Any]) -> bool:
    """Whether an output event is the gold event (the rule of the module docstring)."""
    if output.event_type != gold.get("event_type"):
        return False
    country = gold.get("country")
    if country and output.country and not same_place_name(country, output.country):
        return False
    day = gold.get("event_date")
    if day and output.event_date is not None:
        return abs((output.event_date - date.fromisoformat(day)).days) <= MATCH_DAYS
    return True


def main_event_record(record: GoldRecord) -> GoldRecord | None:
    """The article's main gold event as a record-level gold, ``None`` for a no-event article."""
    main = next((e for e in record.gold["events"] if e.get("main")), None)
    if main is None:
        return None
    labels = {name: main[name] for name in _EVENT_LABELS if main.get(name) is not None}
    return GoldRecord(record.record_id, record.article, labels)


def score_articles(
    records: Sequence[GoldRecord], predictions: Sequence[Prediction]
) -> ArticleScores:
    """Score article-level gold records against the articles' output events.

    Raises:
        ValueError: the two sequences differ in length, or a record has no ``events``.
    """
    if len(records) != len(predictions):
        raise ValueError(f"{len(records)} gold records but {len(predictions)} predictions")
    main_records: list[GoldRecord] = []
    main_predictions: list[Prediction] = []
    main_of: dict[int, int] = {}  # article index -> index among the main-event records
    for index, (record, prediction) in enumerate(zip(records, predictions, strict=True)):
        if not record.article_level:
            raise ValueError(f"{record.record_id}: gold has no 'events' list")
        main = main_event_record(record)
        if main is not None:
            main_of[index] = len(main_records)
            main_records.append(main)
            # The main output event alone: its own fatalities are compared, not a sum.
            only = (prediction.primary,) if prediction.primary else ()
            main_predictions.append(Prediction.from_events(only, text=prediction.text))
    main_scores = score(main_records, main_predictions)
    results = tuple(
        _match(
            record,
            prediction,
            _all_six_right(main_scores.records[main_of[i]].misses) if i in main_of else None,
        )
        for i, (record, prediction) in enumerate(zip(records, predictions, strict=True))
    )
    return ArticleScores(len(records), _metrics(results), main_scores, results)


def _match(record: GoldRecord, prediction: Prediction, all_six: bool | None) -> ArticleResult:
    gold_events = record.gold["events"]
    output_right = tuple(any(event_matches(e, g) for g in gold_events) for e in prediction.events)
    gold_found = tuple(any(event_matches(e, g) for e in prediction.events) for g in gold_events)
    return ArticleResult(record, prediction, output_right, gold_found, all_six)


def _all_six_right(misses: Sequence[Any]) -> bool:
    return not any(m.field in (*_MAIN_FIELDS, "found") for m in misses)


def _metrics(results: Sequence[ArticleResult]) -> dict[str, Metric]:
    with_events = [a for a in results if a.gold_events]
    without = [a for a in results if not a.gold_events]
    false_rate = share([bool(a.prediction.events) for a in without])
    return {
        "events.precision": share([ok for a in results for ok in a.output_right]),
        "events.recall": share([ok for a in results for ok in a.gold_found]),
        "main.recall": share(
            [
                found
                for a in with_events
                for found, gold in zip(a.gold_found, a.gold_events, strict=True)
                if gold.get("main")
            ]
        ),
        "main.all_six": share([bool(a.main_all_six) for a in with_events]),
        "no_event.false_event_rate": Metric(false_rate.value, false_rate.n, False),
    }
