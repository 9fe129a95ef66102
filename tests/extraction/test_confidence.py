"""Confidence: only what the text says raises an event's support."""

from __future__ import annotations

from sitrep.extraction.confidence import support
from sitrep.records import Event, Span


def _event(actor1_span: Span) -> Event:
    trigger = Span(10, 16, "attack")
    return Event(
        event_id="e",
        article_id="a",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1="Unidentified Armed Group (Kenya)",
        evidence={"event_type": [trigger], "actor1": [actor1_span]},
    )


def test_a_perpetrator_the_codebook_implied_adds_no_support() -> None:
    implied = _event(Span(10, 16, "attack"))  # evidenced by the event's own word
    named = _event(Span(0, 6, "Gunmen"))
    assert support(named) > support(implied)
