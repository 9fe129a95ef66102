"""Clustering: reports of one incident together, distractors apart, order irrelevant."""

from __future__ import annotations

import random
from datetime import date

from factories import MakeEvent

from sitrep.config import MergeConfig
from sitrep.merge import cluster_events
from sitrep.records import Event

CONFIG = MergeConfig()


def _ids(groups: list[list[Event]]) -> list[list[str]]:
    return [[e.event_id for e in group] for group in groups]


def _scenario(event: MakeEvent) -> tuple[list[Event], set[frozenset[str]]]:
    """Two Djibo reports, two Konduga reports, and three distractors."""
    djibo = [
        event("dj1", fatalities=15, text="attack on the army base", published=date(2024, 5, 12)),
        event(
            "dj2", fatalities=26, text="militants attacked the base", published=date(2024, 5, 13)
        ),
    ]
    konduga = [
        event(
            "ko1",
            place="konduga",
            day=date(2024, 8, 17),
            published=date(2024, 8, 17),
            kind=("Explosions/Remote violence", "Remote explosive/landmine/IED"),
            fatalities=7,
            text="bomb hit a passenger bus",
        ),
        event(
            "ko2",
            place="konduga",
            day=date(2024, 8, 17),
            published=date(2024, 8, 18),
            kind=("Explosions/Remote violence", "Remote explosive/landmine/IED"),
            fatalities=12,
            text="explosion on the bus",
        ),
    ]
    distractors = [
        event("same-place-later", day=date(2024, 5, 20), published=date(2024, 5, 21)),
        event("same-day-elsewhere", place="elfasher", kind=("Battles", "Armed clash")),
        event(
            "same-province-other-town",
            place="maiduguri",
            day=date(2024, 8, 17),
            published=date(2024, 8, 17),
            kind=("Protests", "Peaceful protest"),
        ),
    ]
    truth = {
        frozenset(e.event_id for e in djibo),
        frozenset(e.event_id for e in konduga),
        *(frozenset([e.event_id]) for e in distractors),
    }
    return [*djibo, *konduga, *distractors], truth


def test_reports_of_one_incident_cluster_and_distractors_stay_apart(event: MakeEvent) -> None:
    events, truth = _scenario(event)
    assert {frozenset(g) for g in _ids(cluster_events(events, CONFIG))} == truth


def test_the_clustering_does_not_depend_on_input_order(event: MakeEvent) -> None:
    events, _ = _scenario(event)
    expected = _ids(cluster_events(events, CONFIG))
    rng = random.Random(7)
    for _ in range(5):
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert _ids(cluster_events(shuffled, CONFIG)) == expected


def test_average_linkage_does_not_chain_across_the_window(event: MakeEvent) -> None:
    # a-b and b-c are each one day apart, a-c three: c must not be pulled in through b
    # when its link to a is absent.
    a = event("a", day=date(2024, 5, 10), published=date(2024, 5, 10))
    b = event("b", day=date(2024, 5, 11), published=date(2024, 5, 11))
    c = event("c", day=date(2024, 5, 13), published=date(2024, 5, 13))
    groups = {frozenset(g) for g in _ids(cluster_events([a, b, c], CONFIG))}
    assert frozenset([c.event_id]) in groups


def test_two_events_of_one_article_stay_two_incidents(event: MakeEvent) -> None:
    a = event("a", article="x", fatalities=3)
    b = event("b", article="x", fatalities=3)
    assert len(cluster_events([a, b], CONFIG)) == 2


def test_every_event_lands_in_exactly_one_incident(event: MakeEvent) -> None:
    events, _ = _scenario(event)
    members = [e for group in cluster_events(events + events[:2], CONFIG) for e in group]
    assert sorted(e.event_id for e in members) == sorted({e.event_id for e in events})


def test_a_higher_threshold_splits_what_a_lower_one_merges(event: MakeEvent) -> None:
    a = event("a", fatalities=15)
    b = event("b", place="arbinda", fatalities=15)  # ~85 km apart, same province
    assert len(cluster_events([a, b], MergeConfig(threshold=0.5))) == 1
    assert len(cluster_events([a, b], MergeConfig(threshold=0.9))) == 2
