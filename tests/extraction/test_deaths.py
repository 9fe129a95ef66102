"""Short notes with no number: a killing verb and its victim make the event and its one death."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event

pytestmark = pytest.mark.nlp


def events(pipeline: Pipeline, text: str) -> list[Event]:
    return list(pipeline.process(Article(text=text, published=date(2021, 3, 12))).result.events)


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("Herder killed in Mopti.", 1),
        ("On Thursday, a man was shot and killed by two gunmen in Recife.", 1),
        ("Gunmen murdered a teacher in Kano on Thursday.", 1),
        ("A shopkeeper was beaten to death in the market on Thursday.", 1),
        ("Villagers were killed when gunmen raided Kwata on Thursday.", None),
    ],
)
def test_a_note_without_a_number_is_an_event(
    pipeline: Pipeline, text: str, fatalities: int | None
) -> None:
    (event,) = events(pipeline, text)
    assert event.event_type in ("Violence against civilians", "Battles")
    assert event.fatalities == fatalities


@pytest.mark.parametrize(
    "text",
    [
        "The rebels threatened to kill the mayor.",
        "No one was killed in the incident.",
        "Nobody was murdered.",
    ],
)
def test_no_death_where_none_happened(pipeline: Pipeline, text: str) -> None:
    assert not any(e.fatalities for e in events(pipeline, text))


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Raiders abduct herders near Moyale.", "Abduction/forced disappearance"),
        ("Traders riot and force council workers to flee.", "Violent demonstration"),
        ("Army shells villages near the border.", "Shelling/artillery/missile attack"),
        ("Nurses picket the ministry over unpaid wages.", "Peaceful protest"),
    ],
)
def test_headline_present_forms_are_triggers(
    pipeline: Pipeline, text: str, sub_event_type: str
) -> None:
    assert [e.sub_event_type for e in events(pipeline, text)] == [sub_event_type]
