"""Which incidents a report tells as news: aftermath, passing mentions, accident reports.

Reports written for these tests; the expectations are what an ACLED coder codes.
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


def test_an_arrest_after_the_attack_is_its_aftermath(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "Gunmen shot dead two shopkeepers in Kisumu on Thursday. "
        "Police said a suspect was arrested near the market.",
    )
    assert [e.sub_event_type for e in found] == ["Attack"]


def test_an_arrest_in_the_same_clause_as_its_cause_is_the_news(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "Police arrested a suspected bomb maker in a raid in Jolo on Thursday, officials said.",
    )
    assert "Arrests" in [e.sub_event_type for e in found]


def test_an_arrest_told_before_any_violence_is_the_news(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "A former rebel commander was arrested in Brussels on Thursday on charges of war crimes. "
        "His fighters attacked villages in the north in 2003, prosecutors say.",
    )
    assert [e.sub_event_type for e in found] == ["Arrests"]


def test_generic_fighting_after_the_lede_is_a_passing_mention(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "The new school in the capital welcomed its first pupils on Thursday. "
        "Doctors returned from abroad. Nurses were trained by volunteers. "
        "The old building was damaged when the fighting reached the city.",
    )
    assert found == []


def test_a_later_clash_with_a_toll_is_still_an_incident(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "The new school in the capital welcomed its first pupils on Thursday. "
        "Doctors returned from abroad. Nurses were trained by volunteers. "
        "In the north, clashes between the army and rebels killed six soldiers.",
    )
    assert [(e.event_type, e.fatalities) for e in found] == [("Battles", 6)]


def test_an_explosion_in_an_accident_report_is_the_accident(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "A road accident on the highway near Tema killed four people on Thursday. "
        "A lorry hit a minibus at a junction. Both drivers died at the scene. "
        '"Within seconds it exploded," a witness said.',
    )
    assert found == []


def test_a_bombing_report_keeps_its_explosion(pipeline: Pipeline) -> None:
    found = events(
        pipeline,
        "Militants attacked a checkpoint near Tema on Thursday. Two soldiers died. "
        "Officials said the attackers fled. A second device exploded near the gate.",
    )
    assert found and found[0].event_type in ("Battles", "Explosions/Remote violence")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Investigators said there were no signs of an explosion at the depot on Thursday.", []),
        (
            "Investigators said an explosion destroyed the depot on Thursday.",
            ["Explosions/Remote violence"],
        ),
    ],
)
def test_no_signs_of_an_event_deny_it(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert [e.event_type for e in events(pipeline, text)] == expected
