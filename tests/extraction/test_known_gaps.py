"""What a careful ACLED coder would code and the extraction stage does not yet: strict xfails.

Each case asserts the right coding. It is marked ``xfail(strict=True)`` so the
suite stays green while the gap is open and fails loudly the day it is closed:
then move the case into the module that tests its behaviour and drop the mark.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extraction.counts import find_counts, parse_number
from sitrep.extraction.dates import find_dates, report_date
from sitrep.pipeline import Pipeline
from sitrep.records import Article, Event

FRIDAY = date(2021, 3, 12)
THURSDAY = date(2020, 2, 27)


def _events(pipeline: Pipeline, text: str, published: date = FRIDAY) -> tuple[Event, ...]:
    return pipeline.process(Article(text=text, published=published)).result.events


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="number words: 'half', 'and', 'dozen' as a multiplier",
)
@pytest.mark.parametrize(
    ("words", "value"),
    [("half a million", 500_000), ("one hundred and five", 105), ("two dozen", 24)],
)
def test_number_words_with_half_and_and_dozen(words: str, value: int) -> None:
    assert parse_number(words) == value


@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="killed counts: coordinated and interrupted subjects"
)
@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Twelve people, including three children, were killed.", 12),
        ("Two policemen and a civilian were killed.", 3),
        ("A soldier and two civilians were killed.", 3),
    ],
)
def test_killed_subjects_interrupted_or_coordinated_are_counted_whole(
    sentence: str, killed: int
) -> None:
    counts = [c for c in find_counts(sentence, 0, len(sentence)) if c.kind == "killed"]
    assert sum(c.quantity.value for c in counts if c.quantity) == killed


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


@pytest.mark.xfail(
    strict=True, reason="revisions said as 'an earlier toll of' / 'initially put at'"
)
@pytest.mark.parametrize(
    "sentence",
    [
        "Police said 14 people were killed, up from an earlier toll of eight.",
        "The toll, initially put at nine, rose to 22.",
    ],
)
def test_earlier_tolls_said_other_ways_are_revisions(sentence: str) -> None:
    killed = [c for c in find_counts(sentence, 0, len(sentence)) if c.kind == "killed"]
    current = [c.quantity.value for c in killed if c.quantity and not c.revision]
    earlier = [c.quantity.value for c in killed if c.quantity and c.revision]
    assert len(current) == 1 and len(earlier) == 1
    assert current[0] > earlier[0]


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="'last Thursday' in a Thursday report is a week before",
)
@pytest.mark.parametrize("words", ["last Thursday", "on Thursday last week"])
def test_last_weekday_is_never_the_day_of_the_report(words: str) -> None:
    resolved = find_dates(words)[0].resolve(THURSDAY)
    assert resolved == (date(2020, 2, 20), 1)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="'N days ago' resolves to the report's day at precision 2",
)
def test_days_ago_is_an_exact_day() -> None:
    (mention,) = find_dates("three days ago")
    assert mention.resolve(THURSDAY) == (date(2020, 2, 24), 1)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="report_date takes a body date in the first line as header",
)
def test_a_date_in_the_first_sentence_of_an_undated_text_is_not_a_header() -> None:
    text = "Gunmen killed five villagers in Zamfara on Feb. 3, police said."
    header = report_date(text)
    assert header.body_start == 0 and header.published is None


@pytest.mark.nlp
@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="report_date header swallows the lead's own date"
)
def test_the_date_in_the_lead_dates_the_event(pipeline: Pipeline) -> None:
    text = "Gunmen killed five villagers in Zamfara on Feb. 3, police said."
    events = _events(pipeline, text, date(2021, 2, 5))
    assert [(e.event_date, e.date_precision) for e in events] == [(date(2021, 2, 3), 1)]


@pytest.mark.nlp
@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="events.py: '^' in the separate-cue regex never matches at a sentence's pos > 0",
)
@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        (
            "A roadside bomb killed three soldiers in Kandahar on Tuesday. Separately, gunmen "
            "shot dead two farmers in Helmand on Wednesday.",
            [3, 2],
        ),
        (
            "A roadside bomb killed three soldiers in Kandahar on Tuesday.\n\nSeparately, gunmen "
            "attacked a village in Helmand on Wednesday, killing two farmers.",
            [3, 2],
        ),
        (
            "A roadside bomb killed three soldiers in Kandahar on Tuesday. In a separate "
            "incident, a suicide bomber killed five people at a market in Helmand on Wednesday.",
            [3, 5],
        ),
    ],
)
def test_separately_starts_a_second_event(
    pipeline: Pipeline, text: str, fatalities: list[int]
) -> None:
    events = _events(pipeline, text)
    assert [(e.event_date, e.fatalities) for e in events] == [
        (date(2021, 3, 9), fatalities[0]),
        (date(2021, 3, 10), fatalities[1]),
    ]


@pytest.mark.nlp
@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="'denied any attack took place': deny governs a clause",
)
@pytest.mark.parametrize(
    "text",
    [
        "The army denied any attack took place in the Dera district on Thursday.",
        "The army denied that any attack took place in the district on Thursday.",
    ],
)
def test_a_denied_attack_is_no_event(pipeline: Pipeline, text: str) -> None:
    assert _events(pipeline, text) == ()


@pytest.mark.nlp
@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="an earlier stated toll is not kept as a revision"
)
def test_a_lead_toll_later_raised_is_a_revision(pipeline: Pipeline) -> None:
    text = (
        "Bombing in Kabul kills 12\n\n"
        "A car bomb exploded outside a ministry in Kabul on Thursday, killing at least eight "
        "people, officials said.\n\n"
        "The death toll later rose to 12, a health ministry spokesman said."
    )
    events = _events(pipeline, text)
    assert [(e.fatalities, [r.value for r in e.revisions]) for e in events] == [(12, [8])]


@pytest.mark.nlp
@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="the crowd is not found as an actor of a protest"
)
@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        (
            "Police fired tear gas to disperse hundreds of protesters in Harare on Thursday.",
            "Protesters (Zimbabwe)",
            "Police Forces of Zimbabwe",
        ),
        (
            "Hundreds of teachers held a peaceful protest in front of parliament in Nairobi on "
            "Thursday to demand higher pay.",
            "Protesters (Kenya)",
            None,
        ),
    ],
)
def test_the_crowd_is_actor1_of_a_protest(
    pipeline: Pipeline, text: str, actor1: str, actor2: str | None
) -> None:
    events = _events(pipeline, text)
    assert [(e.actor1, e.actor2) for e in events] == [(actor1, actor2)]


@pytest.mark.nlp
@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="a single person victim of one-sided violence is no actor",
)
@pytest.mark.parametrize(
    ("text", "actor2"),
    [
        ("Gunmen kidnapped a priest in Enugu on Wednesday.", "Civilians (Nigeria)"),
        (
            "An angry mob lynched a man accused of theft in a village near Kampala on Wednesday.",
            "Civilians (Uganda)",
        ),
    ],
)
def test_a_single_civilian_victim_is_actor2(pipeline: Pipeline, text: str, actor2: str) -> None:
    events = _events(pipeline, text)
    assert [e.actor2 for e in events] == [actor2]


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
