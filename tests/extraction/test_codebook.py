"""ACLED's sub-event types and actors, decided from who acted on whom (docs/acled-coding.md).

The table tests drive :func:`decide` with hand-built facts; the model tests run the
team's own sentences through the pipeline, as a reader of the codebook would code them.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extraction.codebook import Facts, decide
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event

MONDAY = date(2023, 5, 8)
STATE, REBELS, MILITIA, RIOTERS, PROTESTERS, CIVILIANS = 1, 2, 3, 5, 6, 7
ABDUCTION = "Abduction/forced disappearance"


@pytest.mark.parametrize(
    ("facts", "sub_event_type"),
    [
        # One organised armed side against civilians: an attack, whatever the verb.
        (Facts(top="Armed clash", perpetrator=MILITIA, target=CIVILIANS), "Attack"),
        (Facts(top="Armed clash", perpetrator=STATE, target=CIVILIANS), "Attack"),
        (Facts(top=None, target=CIVILIANS), "Attack"),
        (Facts(top=None, killed=True), "Attack"),  # "a man was killed": someone killed him
        # Unidentified gunmen who killed someone not named as a combatant: an attack;
        # a named rebel group's toll with no victims named: its fighting.
        (Facts(top="Armed clash", perpetrator=MILITIA, unidentified=True, killed=True), "Attack"),
        (Facts(top="Armed clash", perpetrator=REBELS, killed=True), "Armed clash"),
        # An arrest in which the force beat or shot the people it held is an attack.
        (Facts(top="Arrests", family="arrest", abuse=True), "Attack"),
        # Two organised armed sides: a clash, whatever the verb.
        (Facts(top="Attack", perpetrator=MILITIA, target=STATE), "Armed clash"),
        (Facts(top="Armed clash", perpetrator=REBELS, target=STATE), "Armed clash"),
        # Civilians caught in fighting are not its target.
        (Facts(top="Armed clash", target=CIVILIANS, reciprocal=True), "Armed clash"),
        # Abduction only where nobody was killed.
        (Facts(top=ABDUCTION, abduction=True), ABDUCTION),
        (Facts(top=ABDUCTION, abduction=True, killed=True, target=CIVILIANS), "Attack"),
        # Weapons type explosions, unless they were part of a battle between armed sides.
        (
            Facts(top="Shelling/artillery/missile attack", target=CIVILIANS,
                  weapons=frozenset({"Shelling/artillery/missile attack"})),
            "Shelling/artillery/missile attack",
        ),
        (
            Facts(top="Air/drone strike", perpetrator=STATE, target=REBELS, reciprocal=True,
                  weapons=frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})),
            "Armed clash",
        ),
        (
            Facts(top="Suicide bomb", perpetrator=REBELS, target=STATE, reciprocal=True,
                  weapons=frozenset({"Suicide bomb"})),
            "Suicide bomb",
        ),
        # Crowds: mob justice, a communal raid, rioters.
        (Facts(top=None, crowd_acts=True, killed=True, suspects=True), "Mob violence"),
        (Facts(top="Armed clash", crowd_acts=True), "Mob violence"),
        (Facts(top=None, crowd_acts=True, killed=True), "Attack"),
        (Facts(top="Armed clash", perpetrator=RIOTERS, target=CIVILIANS), "Mob violence"),
        # Demonstrations, from what the crowd did and what was done to it.
        (Facts(top="Peaceful protest", family="protest", demonstration=True), "Peaceful protest"),
        (
            Facts(top="Peaceful protest", family="protest", demonstration=True, intervention=True),
            "Protest with intervention",
        ),
        (
            Facts(top="Peaceful protest", family="protest", demonstration=True, killed=True),
            "Excessive force against protesters",
        ),
        (
            Facts(top="Violent demonstration", family="protest", demonstration=True,
                  crowd_violence=True, riot_acts=True, killed=True),
            "Violent demonstration",
        ),
        (
            Facts(top="Peaceful protest", family="protest", demonstration=True,
                  crowd_violence=True, clashed=True),
            "Violent demonstration",
        ),
        (
            Facts(top="Peaceful protest", family="protest", demonstration=True,
                  crowd_violence=True, clashed=True, killed=True),
            "Excessive force against protesters",
        ),
        (Facts(top="Mob violence", family="protest", mob=True), "Mob violence"),
        # A riot's words ("torched") with an armed side killing civilians: its attack.
        (
            Facts(top="Violent demonstration", family="protest", riot_acts=True,
                  perpetrator=MILITIA, target=CIVILIANS, killed=True),
            "Attack",
        ),
        # Police killing rioters stay in the riot.
        (
            Facts(top="Violent demonstration", family="protest", riot_acts=True,
                  perpetrator=STATE, target=RIOTERS, killed=True),
            "Violent demonstration",
        ),
        (Facts(top="Arrests", family="arrest"), "Arrests"),
        (Facts(top="Armed clash", crowd_acts=True, demonstration=True), "Violent demonstration"),
    ],
)  # fmt: skip
def test_the_sub_event_follows_from_the_sides_and_how_they_fought(
    facts: Facts, sub_event_type: str
) -> None:
    assert decide(facts).sub_event_type == sub_event_type


def _primary(pipeline: Pipeline, text: str) -> Event:
    events = pipeline.process(Article(text=text, published=MONDAY)).result.events
    assert events, text
    return max(events, key=lambda e: e.fatalities or 0)


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("text", "coded"),
    [
        (
            "Unidentified gunmen shot and killed a shopkeeper in Kisumu on Sunday.",
            ("Attack", "Unidentified Armed Group (Kenya)", "Civilians (Kenya)", True),
        ),
        (
            "A councillor was shot dead outside his home in Kisumu on Sunday.",
            ("Attack", "Unidentified Armed Group (Kenya)", "Civilians (Kenya)", True),
        ),
        (
            "Gunmen ambushed an army patrol near Gao on Sunday, killing four soldiers.",
            ("Armed clash", "Unidentified Armed Group (Mali)", "Military Forces of Mali", False),
        ),
        (
            "A bomb exploded in a crowded market in Kano on Sunday, killing 12 shoppers.",
            (
                "Remote explosive/landmine/IED",
                "Unidentified Armed Group (Nigeria)",
                "Civilians (Nigeria)",
                True,
            ),
        ),
        (
            "Villagers beat a suspected thief to death in Kakamega on Sunday.",
            ("Mob violence", "Rioters (Kenya)", "Civilians (Kenya)", True),
        ),
        (
            "Hundreds of traders marched through Accra on Sunday to demand lower market fees.",
            ("Peaceful protest", "Protesters (Ghana)", None, False),
        ),
        (
            "Police fired tear gas to disperse hundreds of teachers protesting over pay in "
            "Nairobi on Sunday.",
            ("Protest with intervention", "Protesters (Kenya)", "Police Forces of Kenya", False),
        ),
        (
            "Protesters threw stones at police and burned tyres in Lagos on Sunday.",
            ("Violent demonstration", "Rioters (Nigeria)", "Police Forces of Nigeria", False),
        ),
    ],
)
def test_each_event_is_coded_as_the_codebook_says(
    pipeline: Pipeline, text: str, coded: tuple[str, str, str | None, bool]
) -> None:
    event = _primary(pipeline, text)
    assert (event.sub_event_type, event.actor1, event.actor2, event.civilian_targeting) == coded


@pytest.mark.nlp
def test_shelling_during_a_battle_is_an_armed_clash(pipeline: Pipeline) -> None:
    text = (
        "Rebels clashed with soldiers near Goma on Sunday as army artillery shelled their "
        "positions; six fighters were killed."
    )
    assert _primary(pipeline, text).sub_event_type == "Armed clash"


@pytest.mark.nlp
def test_an_off_duty_policeman_killed_at_home_is_a_civilian(pipeline: Pipeline) -> None:
    text = "Gunmen shot and killed an off-duty policeman at his home in Kisumu on Sunday."
    event = _primary(pipeline, text)
    assert (event.sub_event_type, event.actor2) == ("Attack", "Civilians (Kenya)")


@pytest.mark.nlp
@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed two farmers on Sunday.",
        "Police dispersed a crowd of protesters on Sunday.",
        "Rioters torched a bus on Sunday.",
        "A man was stabbed to death on Sunday.",
    ],
)
def test_notes_never_show_a_placeholder_and_actor1_is_named(pipeline: Pipeline, text: str) -> None:
    event = _primary(pipeline, text)
    assert event.actor1
    assert event.notes is not None and "{" not in event.notes and "}" not in event.notes
    assert "{" not in event.actor1
