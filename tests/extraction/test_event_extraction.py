"""Events from short hand-written reports: type, status of the mention, folding, evidence, ids.

Each report is written for these tests (never copied from labelled data); the
expectations are what an ACLED coder would code from it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event, Result, Span

pytestmark = pytest.mark.nlp

FRIDAY = date(2021, 3, 12)


def extract(pipeline: Pipeline, text: str, published: date | None = FRIDAY) -> Result:
    """The events and figures the whole pipeline finds in ``text``."""
    return pipeline.process(Article(text=text, published=published)).result


def only_event(pipeline: Pipeline, text: str) -> Event:
    events = extract(pipeline, text).events
    assert len(events) == 1, [(e.sub_event_type, e.fatalities) for e in events]
    return events[0]


def all_spans(record: Any) -> list[Span]:
    spans = [span for field in record.evidence.values() for span in field]
    return spans + [r.span for r in getattr(record, "revisions", ())]


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        (
            "Syrian government warplanes carried out an air strike on a market in Maarat "
            "al-Numan on Thursday, killing 11 civilians.",
            "Explosions/Remote violence", "Air/drone strike",
        ),
        (
            "A drone strike by the US military killed three al-Shabaab fighters near Jilib on "
            "Wednesday.",
            "Explosions/Remote violence", "Air/drone strike",
        ),
        (
            "A roadside bomb exploded under a police vehicle in Kandahar on Tuesday, killing "
            "four policemen.",
            "Explosions/Remote violence", "Remote explosive/landmine/IED",
        ),
        (
            "A suicide bomber blew himself up at a checkpoint in Baghdad on Thursday, killing "
            "seven soldiers.",
            "Explosions/Remote violence", "Suicide bomb",
        ),
        (
            "Militants fired mortars at a military base in Kunduz on Thursday, wounding three "
            "soldiers.",
            "Explosions/Remote violence", "Shelling/artillery/missile attack",
        ),
        (
            "Unknown assailants threw a grenade into a bar in Bujumbura on Thursday night, "
            "wounding nine people.",
            "Explosions/Remote violence", "Grenade",
        ),
        (
            "Gunmen abducted 30 students from a school in Kaduna state on Thursday, police said.",
            "Violence against civilians", "Abduction/forced disappearance",
        ),
        (
            "Soldiers raped two women in a village near Bunia on Tuesday, a local official said.",
            "Violence against civilians", "Sexual violence",
        ),
        (
            "Soldiers clashed with Boko Haram fighters near Maiduguri on Wednesday; five "
            "soldiers and 12 insurgents were killed.",
            "Battles", "Armed clash",
        ),
        (
            "Hundreds of teachers held a peaceful protest in front of parliament in Nairobi on "
            "Thursday to demand higher pay.",
            "Protests", "Peaceful protest",
        ),
        (
            "Police fired tear gas to disperse hundreds of protesters in Harare on Thursday.",
            "Protests", "Protest with intervention",
        ),
        (
            "Security forces opened fire on protesters in Mandalay on Thursday, killing eight "
            "people.",
            "Protests", "Excessive force against protesters",
        ),
        (
            "Rioters threw stones at police and torched vehicles in Dakar on Thursday.",
            "Riots", "Violent demonstration",
        ),
        (
            "An angry mob lynched a man accused of theft in a village near Kampala on Wednesday.",
            "Riots", "Mob violence",
        ),
        (
            "Police arrested 15 opposition activists in Minsk on Thursday.",
            "Strategic developments", "Arrests",
        ),
        (
            "Armed men looted shops and burned down homes in a village in Ituri on Wednesday.",
            "Strategic developments", "Looting/property destruction",
        ),
        (
            "The government and the rebels signed a peace agreement in Juba on Thursday.",
            "Strategic developments", "Agreement",
        ),
    ],
)  # fmt: skip
def test_each_report_gives_one_event_of_its_acled_type(
    pipeline: Pipeline, text: str, event_type: str, sub_event_type: str
) -> None:
    event = only_event(pipeline, text)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)
    assert event.evidence["sub_event_type"]


def test_an_air_strike_is_dated_coded_and_counted(pipeline: Pipeline) -> None:
    text = (
        "Syrian government warplanes carried out an air strike on a market in Maarat al-Numan "
        "on Thursday, killing 11 civilians."
    )
    event = only_event(pipeline, text)
    assert (event.event_date, event.date_precision) == (date(2021, 3, 11), 1)
    assert event.evidence["event_date"][0].text == "Thursday"
    assert event.actor1 == "Military Forces of Syria"
    assert (event.fatalities, event.qualifier) == (11, "exact")
    assert "11" in event.evidence["fatalities"][0].text


@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        (
            "Gunmen attacked a village in Zamfara state on Wednesday, killing 20 villagers.",
            "Civilians (Nigeria)",
        ),
        (
            "Gunmen opened fire on worshippers at a mosque in Kano on Friday, killing 14 "
            "civilians.",
            "Civilians (Nigeria)",
        ),
    ],
)
def test_attacks_on_civilians_are_violence_against_civilians(
    pipeline: Pipeline, text: str, actor2: str
) -> None:
    event = only_event(pipeline, text)
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.civilian_targeting is True
    assert event.actor2 == actor2
    assert event.evidence["civilian_targeting"]


def test_soldiers_killed_in_a_clash_are_not_civilians(pipeline: Pipeline) -> None:
    text = "Two soldiers were killed when insurgents ambushed a patrol in Borno on Wednesday."
    event = only_event(pipeline, text)
    assert event.event_type == "Battles"
    assert event.civilian_targeting is False
    assert event.actor2 == "Military Forces of Nigeria"


def test_killed_and_injured_of_one_event_are_not_mixed(pipeline: Pipeline) -> None:
    text = (
        "Militants fired mortars at a military base in Kunduz on Thursday, killing two "
        "soldiers and wounding five others."
    )
    event = only_event(pipeline, text)
    assert (event.fatalities, event.injured) == (2, 5)
    assert "two" in event.evidence["fatalities"][0].text
    assert "five" in event.evidence["injured"][0].text


@pytest.mark.parametrize(
    "text",
    [
        "Local officials said no attack took place in the village.",
        "Rebels did not attack the town on Thursday, the governor said.",
        "The insurgents threatened to strike the capital if the army advanced.",
        "The minister said the army would respond with force if the rebels attack the town.",
        "Officials warned that militants could attack polling stations.",
        "The rebels vowed to launch an offensive on the city.",
    ],
)
def test_denied_threatened_and_hypothetical_attacks_are_no_events(
    pipeline: Pipeline, text: str
) -> None:
    assert extract(pipeline, text).events == ()


def test_no_one_hurt_keeps_the_event_without_casualties(pipeline: Pipeline) -> None:
    text = "A bomb exploded near a police station in Peshawar on Thursday. No one was hurt."
    event = only_event(pipeline, text)
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.fatalities is None and event.injured is None
    assert event.injured_mentioned is False


@pytest.mark.parametrize(
    "text",
    [
        "In 2019, a bombing killed 40 people at a wedding in Kabul. The city has been calm "
        "since then.",
        "Police patrolled the streets of Kabul on Thursday. In 2019, a bombing killed 40 people "
        "at a wedding in the city.",
    ],
)
def test_history_is_not_counted_as_this_weeks_event(pipeline: Pipeline, text: str) -> None:
    events = extract(pipeline, text).events
    assert all(e.fatalities != 40 for e in events)
    assert all(e.event_date is None or e.event_date.year == 2021 for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers found grenades and explosives in a house in Mombasa on Thursday.",
        "Police discovered a cache of weapons including grenades in Garissa on Thursday.",
    ],
)
def test_weapons_found_are_not_an_explosion(pipeline: Pipeline, text: str) -> None:
    events = extract(pipeline, text).events
    assert all(e.event_type != "Explosions/Remote violence" for e in events)


def test_headline_lead_and_later_toll_fold_into_one_event(pipeline: Pipeline) -> None:
    text = (
        "Bombing in Kabul kills 12\n\n"
        "A car bomb exploded outside a ministry in Kabul on Thursday, killing at least eight "
        "people, officials said.\n\n"
        "The death toll later rose to 12, a health ministry spokesman said."
    )
    event = only_event(pipeline, text)
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert event.fatalities == 12
    assert (event.event_date, event.date_precision) == (date(2021, 3, 11), 1)


def test_a_toll_that_rose_keeps_the_earlier_figure_as_a_revision(pipeline: Pipeline) -> None:
    text = (
        "A car bomb exploded outside a ministry in Kabul on Thursday, officials said. "
        "The death toll rose from nine to 22 overnight."
    )
    event = only_event(pipeline, text)
    assert event.fatalities == 22
    assert [r.value for r in event.revisions] == [9]
    assert event.revisions[0].span.text == "nine"


def test_more_deaths_added_later_raise_the_toll(pipeline: Pipeline) -> None:
    text = (
        "Taliban fighters attacked a checkpoint in Ghazni on Tuesday. The attack killed five "
        "police officers. Officials said two more officers later died of their wounds."
    )
    event = only_event(pipeline, text)
    assert event.fatalities == 7
    assert event.actor1 == "Taliban"
    assert len(event.evidence["fatalities"]) == 2


def test_separate_paragraph_events_stay_apart_from_a_protest(pipeline: Pipeline) -> None:
    text = (
        "A roadside bomb killed three soldiers in Kandahar on Tuesday.\n\n"
        "Hundreds of students protested in Kabul on Thursday against rising fees."
    )
    events = extract(pipeline, text).events
    types = sorted(e.sub_event_type for e in events)
    assert types == ["Peaceful protest", "Remote explosive/landmine/IED"]
    bomb = next(e for e in events if e.event_type == "Explosions/Remote violence")
    assert bomb.fatalities == 3 and bomb.event_date == date(2021, 3, 9)


ARTICLES = [
    "A roadside bomb exploded under a police vehicle in Kandahar on Tuesday, killing four "
    "policemen and wounding two others.",
    "Bombing in Kabul kills 12\n\nA car bomb exploded outside a ministry in Kabul on Thursday, "
    "killing at least eight people, officials said. The death toll later rose to 12.",
    "Police fired tear gas to disperse hundreds of protesters in Harare on Thursday. Police "
    "arrested 20 people.",
    "The fighting has displaced almost 5,000 families since January, and 300 people are "
    "still missing, the UN said.",
]


@pytest.mark.parametrize("text", ARTICLES)
def test_every_evidence_span_lies_inside_the_text_and_quotes_it(
    pipeline: Pipeline, text: str
) -> None:
    result = extract(pipeline, text)
    assert result.events or result.figures
    for record in (*result.events, *result.figures):
        for span in all_spans(record):
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text


@pytest.mark.parametrize("text", ARTICLES)
def test_event_ids_are_stable_across_runs(pipeline: Pipeline, text: str) -> None:
    first, second = extract(pipeline, text), extract(pipeline, text)
    assert [e.event_id for e in first.events] == [e.event_id for e in second.events]
    assert [f.figure_id for f in first.figures] == [f.figure_id for f in second.figures]
    assert first == second


def test_event_ids_differ_between_articles_and_events(pipeline: Pipeline) -> None:
    ids = [e.event_id for text in ARTICLES for e in extract(pipeline, text).events]
    assert len(ids) == len(set(ids)) >= 3


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Gunmen killed five villagers in Zamfara state on Thursday, according to Reuters.",
            "Reuters",
        ),
        (
            "Gunmen killed five villagers in Zamfara state on Thursday, police spokesman "
            "Mohammed Shehu said.",
            "police spokesman Mohammed Shehu",
        ),
    ],
)
def test_who_said_it_is_quoted_with_its_span(pipeline: Pipeline, text: str, source: str) -> None:
    event = only_event(pipeline, text)
    assert event.sources_quoted == (source,)
    assert [span.text for span in event.evidence["sources_quoted"]] == [source]


def test_a_hijacking_is_an_abduction(pipeline: Pipeline) -> None:
    result = pipeline.process(
        Article(text="Pirates hijacked a cargo ship off the coast of Somalia on Thursday.")
    )
    assert [e.sub_event_type for e in result.result.events] == ["Abduction/forced disappearance"]
