"""Segmenting a report into incidents: each event coded from its own incident's clauses.

Reports written for these tests; the expectations are what an ACLED coder codes.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event

pytestmark = pytest.mark.nlp

FRIDAY = date(2021, 3, 12)


def events(pipeline: Pipeline, text: str, published: date | None = FRIDAY) -> list[Event]:
    return list(pipeline.process(Article(text=text, published=published)).result.events)


def test_two_days_give_two_incidents_with_their_own_tolls_and_dates(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "A car bomb killed four people in Kandahar on Monday. "
        "On Thursday, gunmen kidnapped two engineers in Herat.",
    )
    assert [(e.sub_event_type, e.fatalities, e.event_date) for e in found] == [
        ("Remote explosive/landmine/IED", 4, date(2021, 3, 8)),
        ("Abduction/forced disappearance", None, date(2021, 3, 11)),
    ]


def test_type_cues_of_another_incident_do_not_name_this_one(pipeline: Pipeline) -> None:
    bombing, kidnapping = events(
        pipeline,
        "A roadside bomb killed three soldiers near Gao on Tuesday. "
        "On Thursday, militants abducted a village chief near Menaka.",
    )
    assert bombing.sub_event_type == "Remote explosive/landmine/IED"
    assert kidnapping.sub_event_type == "Abduction/forced disappearance"


def test_tolls_at_two_places_are_two_incidents_never_summed(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "A bomb killed five people at a market in Mogadishu on Thursday. "
        "Another explosion killed two soldiers in Baidoa.",
    )
    assert sorted(e.fatalities for e in found) == [2, 5]


@pytest.mark.parametrize(
    "text",
    [
        # headline, lede and a revised toll: one incident, the latest toll
        "Nine soldiers killed in Idlib air strike. Syrian government air strikes killed nine "
        "Turkish soldiers in Idlib on Thursday. The toll later rose to 22, the governor said.",
        # a lede and its detail sentence name the same dead at a district and an outpost
        "Troops killed three insurgents in Giro district, Ghazni province, on Thursday. After "
        "coming under attack, soldiers at Outpost Falcon engaged the insurgents, killing three.",
    ],
)
def test_mentions_of_one_incident_fold_into_one_event(pipeline: Pipeline, text: str) -> None:
    violent = [e for e in events(pipeline, text) if e.fatalities]
    assert len(violent) == 1


def test_a_toll_after_a_disaster_sentence_is_not_violence(pipeline: Pipeline) -> None:
    assert events(pipeline, "Floods swept the valley on Wednesday. Twelve people died.") == []


def test_a_disaster_elsewhere_in_the_text_leaves_a_bombing_toll_alone(pipeline: Pipeline) -> None:
    (event,) = events(
        pipeline,
        "A bomb exploded at a bus station in Maiduguri on Thursday. Seven people died. "
        "Relief agencies are also helping families hit by last month's floods.",
    )
    assert event.fatalities == 7
