"""Pair scores: each piece of evidence moves the score the right way."""

from __future__ import annotations

from datetime import date

import pytest
from factories import MakeEvent

from sitrep.config import MergeConfig
from sitrep.geocode.distance import distance_km
from sitrep.merge.context import EventText
from sitrep.merge.scoring import score_pair

CONFIG = MergeConfig()


def test_haversine_gives_known_distances() -> None:
    assert distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.2, abs=0.1)
    assert distance_km(14.0, -1.6, 14.0, -1.6) == 0.0


def test_two_reports_of_one_attack_score_above_the_threshold(event: MakeEvent) -> None:
    a = event("a", fatalities=15, text="attacked an army base")
    b = event("b", fatalities=26, text="attacked the army base", published=date(2024, 5, 13))
    score = score_pair(a, b, CONFIG)
    assert score.linkable
    assert score.total >= CONFIG.threshold


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"place": "arbinda"}, "place"),
        ({"day": date(2024, 5, 13)}, "date"),
        ({"kind": ("Violence against civilians", "Attack")}, "event_type"),
        ({"fatalities": 3}, "fatalities"),
        ({"actors": ("Police Forces of Nigeria", None)}, "actors"),
    ],
)
def test_disagreement_lowers_its_part_and_the_total(
    event: MakeEvent, change: dict[str, object], field: str
) -> None:
    base = {"fatalities": 20, "actors": ("JNIM", None)}
    a = event("a", **base)
    same = score_pair(a, event("b", **base), CONFIG)
    other = score_pair(a, event("c", **{**base, **change}), CONFIG)
    assert getattr(other, field) < getattr(same, field)
    assert other.total < same.total


def test_a_later_report_raising_the_toll_is_compatible(event: MakeEvent) -> None:
    early = event("a", fatalities=7, published=date(2024, 8, 17))
    raised = event("b", fatalities=12, published=date(2024, 8, 18))
    lowered = event("c", fatalities=2, published=date(2024, 8, 18))
    assert (
        score_pair(early, raised, CONFIG).fatalities > score_pair(early, lowered, CONFIG).fatalities
    )


@pytest.mark.parametrize(
    ("kind_b", "linkable"),
    [
        (("Battles", "Armed clash"), True),
        (("Violence against civilians", "Attack"), True),
        (("Protests", "Peaceful protest"), False),
    ],
)
def test_incompatible_types_can_never_merge(
    event: MakeEvent, kind_b: tuple[str, str], linkable: bool
) -> None:
    assert score_pair(event("a"), event("b", kind=kind_b), CONFIG).linkable is linkable


def test_precise_places_far_apart_can_never_merge(event: MakeEvent) -> None:
    far = event("b", latitude=12.0, longitude=-1.6)  # ~230 km south of Djibo
    assert not score_pair(event("a"), far, CONFIG).linkable


def test_a_province_level_report_is_partly_compatible_with_a_town_in_it(
    event: MakeEvent,
) -> None:
    town = event("a")
    province = event("b", location=None, latitude=None, longitude=None, geo_precision=3)
    score = score_pair(town, province, CONFIG).place
    assert 0 < score < 1


def test_a_report_without_a_place_that_names_the_other_town_scores_on_place(
    event: MakeEvent,
) -> None:
    placed = event("a")
    unplaced = event("b", place=None)
    naming = EventText("Militants attacked the base in Djibo.", frozenset({"Djibo"}))
    silent = EventText("Militants attacked a base.", frozenset())
    here = EventText("", frozenset())
    with_name = score_pair(placed, unplaced, CONFIG, (here, naming)).place
    without = score_pair(placed, unplaced, CONFIG, (here, silent)).place
    assert with_name > without
