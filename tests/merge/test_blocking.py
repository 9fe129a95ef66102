"""Blocking: which pairs of events are scored at all."""

from __future__ import annotations

from datetime import date

import pytest
from factories import MakeEvent, make_event

from sitrep.merge.blocking import candidate_pairs, day_of, is_candidate


@pytest.mark.parametrize(
    ("day_b", "expected"),
    [(date(2024, 5, 11), True), (date(2024, 5, 13), True), (date(2024, 5, 14), False)],
)
def test_dates_within_the_window_are_candidates(day_b: date, expected: bool) -> None:
    a = make_event("a", day=date(2024, 5, 11))
    b = make_event("b", day=day_b)
    assert is_candidate(a, b, window_days=2) is expected


def test_an_undated_event_falls_back_to_its_publication_date(event: MakeEvent) -> None:
    a = event("a", day=None, published=date(2024, 5, 12))
    assert day_of(a) == date(2024, 5, 12)
    assert is_candidate(a, event("b", day=date(2024, 5, 11)), window_days=2)


def test_an_event_with_no_date_at_all_is_never_a_candidate(event: MakeEvent) -> None:
    assert not is_candidate(event("a", day=None, published=None), event("b"), window_days=2)


@pytest.mark.parametrize(
    ("place_b", "expected"),
    [("arbinda", True), ("konduga", False), (None, True)],
    ids=["same-country", "other-country", "unknown-country"],
)
def test_a_country_conflict_breaks_the_block(
    event: MakeEvent, place_b: str | None, expected: bool
) -> None:
    assert is_candidate(event("a"), event("b", place=place_b), window_days=2) is expected


def test_two_events_of_one_article_are_never_candidates(event: MakeEvent) -> None:
    assert not is_candidate(event("a", article="x"), event("b", article="x"), window_days=2)


def test_candidate_pairs_compares_only_inside_the_window(event: MakeEvent) -> None:
    events = [
        event("a", day=date(2024, 5, 1)),
        event("b", day=date(2024, 5, 2)),
        event("c", day=date(2024, 5, 9)),
        event("d", day=date(2024, 5, 10)),
    ]
    pairs = {
        tuple(sorted((events[i].event_id, events[j].event_id)))
        for i, j in candidate_pairs(events, 2)
    }
    expected = {
        tuple(sorted((events[0].event_id, events[1].event_id))),
        tuple(sorted((events[2].event_id, events[3].event_id))),
    }
    assert pairs == expected


def test_an_event_of_unknown_country_is_compared_with_every_country(event: MakeEvent) -> None:
    events = [event("bf"), event("ng", place="konduga"), event("unknown", place=None)]
    pairs = {
        tuple(sorted((events[i].event_id, events[j].event_id)))
        for i, j in candidate_pairs(events, 2)
    }
    unknown = events[2].event_id
    assert pairs == {
        tuple(sorted((events[0].event_id, unknown))),
        tuple(sorted((events[1].event_id, unknown))),
    }


@pytest.mark.parametrize(("precision", "expected"), [(1, False), (2, True)])
def test_a_week_precise_date_widens_the_window(
    event: MakeEvent, precision: int, expected: bool
) -> None:
    a = event("a", day=date(2024, 5, 11))
    b = event("b", day=date(2024, 5, 15), date_precision=precision)
    assert is_candidate(a, b, window_days=2) is expected
