"""Scoring: how likely two events of one block report the same incident, in [0, 1].

The score is a weighted sum of seven pieces of evidence, each in [0, 1], with
weights from ``sitrep/data/merge.toml``:

* **place**: two precise points (geo_precision 1–2) within ``near_km`` (5 km)
  score 1, falling linearly to 0 at ``distance_km`` (25 km); the same location
  name scores 1; one side known only to province level scores
  ``same_admin1`` when the provinces agree. Precise points farther apart than
  ``gate_factor × distance_km`` (100 km) cannot be one incident at all. When
  one side has no usable place but the sentences stating it name the other
  side's town, that counts nearly as much as agreeing places (the geocoder
  missed what the text says).
* **event type**: the same sub-event type 1, the same type 0.6, a compatible
  pair of types (a village raid is a battle to one outlet and an attack on
  civilians to another) 0.35; any other pair cannot be one incident.
* **date**: the same day 1, falling to 0 just past the window.
* **actors**: the share of the smaller set of normalised actor names found in
  the other; unknown on one side is neutral.
* **fatalities**: equal 1; a later report raising the toll 0.8 (tolls rise as
  the day goes on); a later, lower figure by the ratio of the two.
* **names**: the share of proper names shared by the sentences stating each
  event (:mod:`sitrep.merge.context`); it tells apart two attacks of the same
  day and province.
* **text**: rapidfuzz's token-set similarity of those sentences.

These follow the field's baseline for event deduplication (ACLED and UCDP
analysts, and automated event coders such as Phoenix, treat reports within
1–2 days and a few kilometres as one event unless type or actors conflict);
place and type carry the most weight because they are the most reliably
extracted fields, actors and counts the least.

Example:
    >>> from datetime import date
    >>> d = date(2024, 5, 11)
    >>> a = Event("a", "x", "Battles", "Armed clash", event_date=d, location="Djibo")
    >>> b = Event("b", "y", "Battles", "Armed clash", event_date=d, location="Djibo")
    >>> score_pair(a, b, MergeConfig()).total > 0.6
    True
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from sitrep.config import MergeConfig
from sitrep.geocode.distance import distance_km
from sitrep.merge._rules import Parts, Rules, rules
from sitrep.merge.blocking import day_gap, report_order
from sitrep.merge.context import EventText, evidence_text
from sitrep.records import Event


@dataclass(frozen=True, slots=True)
class PairScore(Parts):
    """The evidence for one pair and its weighted total; ``linkable`` false means never merge."""

    total: float
    linkable: bool


def score_pair(
    a: Event,
    b: Event,
    config: MergeConfig,
    texts: tuple[EventText, EventText] | None = None,
) -> PairScore:
    """Score two events of one block (see the module docstring for each part).

    Args:
        a: one event.
        b: another event, of another article.
        config: the date window and distance scale.
        texts: the sentences stating each event (:func:`~sitrep.merge.context.event_text`);
            without them the events' own evidence words are compared.
    """
    r = rules()
    text_a, text_b = texts or (evidence_text(a), evidence_text(b))
    place, place_ok = _place(a, b, config, r)
    if place == r.place_unknown and (_names_place(a, text_b) or _names_place(b, text_a)):
        place = r.place_named
    kind, kind_ok = _event_type(a, b, r)
    parts = {
        "place": place,
        "event_type": kind,
        "date": _date(a, b, config.date_window_days),
        "names": _shared_names(text_a.names, text_b.names, r),
        "fatalities": _fatalities(a, b, r),
        "actors": _actors(a, b, r),
        "text": _text(text_a.text, text_b.text),
    }
    total = sum(getattr(r.weights, name) * value for name, value in parts.items())
    return PairScore(**parts, total=round(total, 6), linkable=place_ok and kind_ok)


def _is_precise(e: Event) -> bool:
    return (
        e.latitude is not None
        and e.longitude is not None
        and e.geo_precision is not None
        and e.geo_precision <= 2
    )


def _same(x: str | None, y: str | None) -> bool:
    return bool(x and y and x.casefold() == y.casefold())


def _place(a: Event, b: Event, config: MergeConfig, r: Rules) -> tuple[float, bool]:
    if _is_precise(a) and _is_precise(b):
        assert a.latitude is not None and a.longitude is not None
        assert b.latitude is not None and b.longitude is not None
        km = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
        if km > r.gate_factor * config.distance_km:
            return 0.0, False
        if _same(a.location, b.location) or km <= r.near_km:
            return 1.0, True
        closeness = max(0.0, 1.0 - (km - r.near_km) / max(config.distance_km - r.near_km, 1e-9))
        if _same(a.admin2, b.admin2):
            return max(closeness, r.same_admin2), True
        if _same(a.admin1, b.admin1):
            return max(closeness, r.same_admin1_far), True
        return closeness, True
    if _same(a.location, b.location):
        return 1.0, True
    if a.admin1 and b.admin1:
        return (r.same_admin1, True) if _same(a.admin1, b.admin1) else (0.0, True)
    return r.place_unknown, True


def _names_place(located: Event, text: EventText) -> bool:
    """Whether ``text`` (of an event without a place) names ``located``'s town or district."""
    names = {n.casefold() for n in text.names}
    return any(n and n.casefold() in names for n in (located.location, located.admin2))


def _event_type(a: Event, b: Event, r: Rules) -> tuple[float, bool]:
    if a.sub_event_type == b.sub_event_type and a.event_type == b.event_type:
        return 1.0, True
    if a.event_type == b.event_type:
        return r.same_type, True
    if frozenset((a.event_type, b.event_type)) in r.compatible:
        return r.compatible_type, True
    return 0.0, False


def _date(a: Event, b: Event, window_days: int) -> float:
    gap = day_gap(a, b)
    if gap is None:
        return 0.0
    return max(0.0, 1.0 - gap / (window_days + 1))


def _shared_names(a: frozenset[str], b: frozenset[str], r: Rules) -> float:
    if not a or not b:
        return r.names_unknown
    return len(a & b) / min(len(a), len(b))


def _actor_names(e: Event) -> set[str]:
    names = (e.actor1, e.actor2, e.assoc_actor1, e.assoc_actor2)
    return {n.casefold() for n in names if n}


def _actors(a: Event, b: Event, r: Rules) -> float:
    names_a, names_b = _actor_names(a), _actor_names(b)
    if not names_a or not names_b:
        return r.actors_unknown
    shared = len(names_a & names_b) / min(len(names_a), len(names_b))
    return max(r.actors_floor, shared)


def _fatalities(a: Event, b: Event, r: Rules) -> float:
    if a.fatalities is None or b.fatalities is None:
        return r.fatalities_unknown
    earlier, later = sorted((a, b), key=report_order)
    assert earlier.fatalities is not None and later.fatalities is not None
    if earlier.fatalities == later.fatalities:
        return 1.0
    if later.fatalities > earlier.fatalities:
        return r.raised
    return later.fatalities / earlier.fatalities


def _text(text_a: str, text_b: str) -> float:
    if not text_a or not text_b:
        return 0.0
    return fuzz.token_set_ratio(text_a.casefold(), text_b.casefold()) / 100.0
