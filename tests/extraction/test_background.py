"""Background and non-events: history, totals, trials, accidents, sport, plans, relative clauses.

Reports written for these tests; none of them reports a current political-violence event
(or, where said, only the one named).
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event

pytestmark = pytest.mark.nlp

FRIDAY = date(2021, 3, 12)


def events(pipeline: Pipeline, text: str) -> list[Event]:
    return list(pipeline.process(Article(text=text, published=FRIDAY)).result.events)


@pytest.mark.parametrize(
    "text",
    [
        "In all, seven villagers have been killed in the district since January.",
        "So far, 40 people have been killed in the unrest.",
        "More than 1,000 militants were killed in the earlier operation.",
        "A court sentenced the former colonel to life in prison for the massacre of 300 villagers.",
        "A gas blast at a coal mine killed 14 miners on Thursday.",
        "The home side attacked from the first minute and massacred the visitors in the "
        "league match.",
        "Police warned of possible attacks on churches over the holiday.",
        "The rebels threatened to attack the town.",
        "In 2015, a suicide bomber killed 30 people at the same market.",
        "Her parents are both dead now, she told the court.",
    ],
)
def test_not_a_current_event(pipeline: Pipeline, text: str) -> None:
    found = events(pipeline, text)
    assert not any(e.fatalities for e in found), [(e.sub_event_type, e.fatalities) for e in found]
    assert not [e for e in found if e.event_type != "Strategic developments"]


def test_a_relative_clause_of_the_past_leaves_the_main_clause_event(pipeline: Pipeline) -> None:
    (event,) = events(
        pipeline, "Police on Thursday arrested a man who carried out a bombing in Kano."
    )
    assert event.sub_event_type == "Arrests"


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("The air force carried out air strikes on rebel positions near Kidal on Thursday.",
         "Air/drone strike"),
        ("Nurses organized a protest outside the ministry in Accra on Thursday.",
         "Peaceful protest"),
    ],
)  # fmt: skip
def test_the_clause_own_past_predicate_reports_the_event(
    pipeline: Pipeline, text: str, sub_event_type: str
) -> None:
    (event,) = events(pipeline, text)
    assert event.sub_event_type == sub_event_type


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("A landmine planted during previous clashes killed a farmer near Kidal on Thursday.", 1),
        ("Troops killed 30 insurgents in an offensive in Helmand during the past two days.", 30),
        ("The fighters killed four guards and shouted at the crowd after the match.", 4),
    ],
)
def test_words_of_the_past_or_of_sport_elsewhere_leave_the_news(
    pipeline: Pipeline, text: str, fatalities: int
) -> None:
    assert sum(e.fatalities or 0 for e in events(pipeline, text)) == fatalities


def test_a_dated_pluperfect_event_is_background_to_the_news(pipeline: Pipeline) -> None:
    (event,) = events(
        pipeline,
        "Air defences shot down nine drones over Odesa overnight into Friday, the army said. "
        "A missile strike on the port on Monday had killed eight people.",
    )
    assert event.event_date == FRIDAY
    assert not event.fatalities


def test_the_grievance_of_a_protest_is_not_an_event_of_its_own(pipeline: Pipeline) -> None:
    (event,) = events(
        pipeline,
        "Students marched in Kano on Thursday to protest against the abduction of a lecturer.",
    )
    assert event.event_type == "Protests"


def test_a_perfect_toll_after_the_lede_is_a_campaign_total(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "Rockets hit the border town of Sderot on Thursday, officials said. "
        "Nobody was hurt. Sirens sounded across the region. "
        "Nearly 900 people have been killed in the offensive, according to the ministry.",
    )
    assert [e.fatalities for e in found] == [None]


def test_a_perfect_toll_in_the_lede_is_the_news(pipeline: Pipeline) -> None:
    found = events(
        pipeline, "At least 20 people have been killed in a bomb blast at a market in Quetta."
    )
    assert [e.fatalities for e in found] == [20]


def test_a_toll_said_to_have_risen_after_the_lede_is_kept(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "A car bomb killed nine people in Mogadishu on Thursday. Dozens were wounded. "
        "Police sealed off the area. The death toll has risen to 14, officials said.",
    )
    assert [e.fatalities for e in found] == [14]
