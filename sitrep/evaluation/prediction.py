"""What the pipeline said about one gold record, reduced to what is scored.

An article may yield several events; a record-level gold describes one. The
**main event** is the output event with the most fatalities, ties broken by the
earliest evidence span in the text: type, place, date and actors are read from
it. The predicted ``killed`` (and ``injured``) is the **sum over the article's
events**, an event without a count adding 0, no event at all meaning 0; the main
event's own count is scored apart (``killed.main_exact``), so that a background
toll added to the news, or one incident split in two, shows in one figure or the
other.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.records import Event, Processed

if TYPE_CHECKING:
    from sitrep._types import ArticleProcessor
    from sitrep.evaluation.gold import GoldRecord


@dataclass(frozen=True, slots=True)
class Prediction:
    """The events of one article and the two readings of them that are scored.

    ``killed``/``injured`` are sums over the article's events; ``primary`` is the
    main event; ``text`` is the cleaned text the evidence spans index (it may
    differ from the gold record's raw text), kept to show each span in context.
    """

    killed: int
    injured: int
    primary: Event | None
    events: tuple[Event, ...] = ()
    reason: str | None = None
    text: str = ""

    @classmethod
    def from_events(
        cls, events: Sequence[Event], reason: str | None = None, text: str = ""
    ) -> Prediction:
        """Summarise an article's events with the counting and main-event conventions."""
        killed = sum(e.fatalities or 0 for e in events)
        injured = sum(e.injured or 0 for e in events)
        primary = min(events, key=_primary_key, default=None)
        return cls(killed, injured, primary, tuple(events), reason, text)

    @classmethod
    def from_processed(cls, processed: Processed) -> Prediction:
        """Summarise one pipeline output."""
        return cls.from_events(processed.result.events, processed.reason, processed.article.text)

    @property
    def main_killed(self) -> int:
        """The main event's own fatalities (0 without a main event or a count)."""
        return (self.primary.fatalities or 0) if self.primary else 0

    @property
    def main_injured(self) -> int:
        """The main event's own injured count (0 without a main event or a count)."""
        return (self.primary.injured or 0) if self.primary else 0


def predict(records: Iterable[GoldRecord], pipeline: ArticleProcessor) -> Iterator[Prediction]:
    """Run the records' articles through ``pipeline`` (a :class:`sitrep.Pipeline`), in order.

    The pipeline is passed in, not built here, so that scoring alone needs no model
    and one loaded pipeline can serve several gold files.
    """
    for processed in pipeline.process_many(r.article for r in records):
        yield Prediction.from_processed(processed)


def _primary_key(event: Event) -> tuple[int, float]:
    starts = [float(span.start) for spans in event.evidence.values() for span in spans]
    return -(event.fatalities or 0), min(starts, default=math.inf)
