"""What a careful ACLED coder would code and the extraction stage does not yet: strict xfails.

Each case asserts the right coding. It is marked ``xfail(strict=True)`` so the
suite stays green while the gap is open and fails loudly the day it is closed:
then move the case into the module that tests its behaviour and drop the mark.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extraction.counts import find_counts
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event

FRIDAY = date(2021, 3, 12)
THURSDAY = date(2020, 2, 27)


def _events(pipeline: Pipeline, text: str, published: date = FRIDAY) -> tuple[Event, ...]:
    return pipeline.process(Article(text=text, published=published)).result.events


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="'wounded' as an adjective makes a killed count injured",
)
def test_wounded_soldiers_who_were_killed_are_killed() -> None:
    sentence = "Three wounded soldiers were killed."
    counts = find_counts(sentence, 0, len(sentence))
    assert [(c.kind, c.quantity.value if c.quantity else None) for c in counts] == [("killed", 3)]


@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="'an additional two' is neither a count nor additive"
)
def test_an_additional_two_killed_is_an_additive_count() -> None:
    sentence = "An additional two civilians were killed."
    killed = [c for c in find_counts(sentence, 0, len(sentence)) if c.kind == "killed"]
    assert [(c.quantity.value if c.quantity else None, c.additive) for c in killed] == [(2, True)]


@pytest.mark.nlp
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="one sentence, two places and days")
def test_another_bomb_elsewhere_on_another_day_is_a_second_event(pipeline: Pipeline) -> None:
    text = (
        "A bomb killed four people in Kabul on Thursday, and another bomb killed two people in "
        "Herat on Friday."
    )
    events = _events(pipeline, text)
    assert [(e.location, e.event_date, e.fatalities) for e in events] == [
        ("Kabul", date(2021, 3, 11), 4),
        ("Herat", date(2021, 3, 12), 2),
    ]
