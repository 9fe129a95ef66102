"""Short notes and headlines are events: a killing verb, a present trigger, a claim-making crowd.

Notes written for these tests; none is copied from labelled data.
"""

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
        "The mayor was found dead in a park on Thursday.",
        "The new coronavirus killed two foreign visitors in Wuhan on Thursday.",
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
        ("Nurses union protest closure of district hospitals.", "Peaceful protest"),
    ],
)
def test_headline_present_forms_are_triggers(
    pipeline: Pipeline, text: str, sub_event_type: str
) -> None:
    assert [e.sub_event_type for e in events(pipeline, text)] == [sub_event_type]


@pytest.mark.parametrize(
    ("text", "protest"),
    [
        ("Taxi drivers gathered in the main square on Thursday to demand higher fares.", True),
        ("Residents blocked the highway near Gyumri on Thursday demanding bus services.", True),
        ("Ministers gathered in Geneva on Thursday to discuss the budget.", False),
    ],
)
def test_a_gathering_to_make_a_claim_is_a_protest(
    pipeline: Pipeline, text: str, protest: bool
) -> None:
    found = [e.sub_event_type for e in events(pipeline, text)]
    assert found == (["Peaceful protest"] if protest else [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Soldiers set up a new military post near Menaka on Thursday.", True),
        ("The army established two outposts along the river on Thursday.", True),
        ("The town council opened a new post office on Thursday.", False),
    ],
)
def test_setting_up_a_military_site_is_a_base_established(
    pipeline: Pipeline, text: str, found: bool
) -> None:
    types = [e.sub_event_type for e in events(pipeline, text)]
    assert types == (["Headquarters or base established"] if found else [])


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        # whoever people kill on purpose is a person, whatever role noun names them
        (
            "An Independent Land and Water Commission (ILWC) Coordinator was killed by "
            "unknown attackers in Meru town.",
            [1],
        ),
        # floods are not people: no violent event
        (
            "An Independent Land and Water Commission (ILWC) Coordinator was killed by "
            "floods in Meru town.",
            [],
        ),
    ],
)
def test_a_victim_killed_by_people_is_a_person(
    pipeline: Pipeline, text: str, killed: list[int]
) -> None:
    assert [e.fatalities for e in events(pipeline, text)] == killed
