"""Writing a resolved place into a record's place fields, with the evidence for each.

Every place field gets a span of its own: ``location`` the words of the chosen
mention, ``admin1`` and ``country`` the nearest words naming the chosen place's
province and country when the text names them. A province named nowhere in the
text ("Idlib" chosen from "Saraqib" alone) is given as the chosen mention's span,
since that is the evidence it was derived from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from sitrep.geocode.gazetteer import Place
from sitrep.geocode.toponyms import Mention
from sitrep.records import Event, Figure, Span

_R = TypeVar("_R", Event, Figure)


@dataclass(frozen=True, slots=True)
class Located:
    """A mention with the gazetteer entry it was resolved to."""

    mention: Mention
    place: Place


def specificity(loc: Located) -> int:
    """0 for a country … 3 for a town: how precisely a place is named."""
    return ("country", "admin1", "admin2", "city").index(loc.place.kind)


def _precision(loc: Located) -> int:
    """ACLED geo_precision: 1 the town itself, 2 near it or a district, 3 a province or larger."""
    kind = loc.place.kind
    if kind == "city":
        return 2 if loc.mention.near or loc.mention.direction else 1
    return 2 if kind == "admin2" else 3


def with_place(
    record: _R, chosen: Located, anchor: Place, located: Sequence[Located], text: str
) -> _R:
    """Set the place fields from ``chosen``; coordinates from ``anchor`` (itself, or its admin1)."""
    place = chosen.place
    mention = chosen.mention
    start = mention.hint_start if mention.hint_start is not None else mention.start
    location = place.name if mention.direction is None else f"{mention.direction} {place.name}"
    evidence = dict(record.evidence)
    own = Span(start, mention.end, text[start : mention.end])
    evidence["location"] = (own,)
    for field, kind, target in (
        ("admin1", "admin1", place.admin1_id),
        ("country", "country", place.country_id),
    ):
        if target < 0:
            continue
        support = None if place.kind == kind else _support(located, chosen, kind, target, text)
        evidence[field] = (support or own,)
    return replace(
        record,
        country=place.country,
        iso3=place.iso3 or None,
        admin1=place.admin1,
        admin2=place.admin2,
        location=location,
        latitude=anchor.latitude,
        longitude=anchor.longitude,
        geo_precision=_precision(chosen) if anchor is place else 3,
        evidence=evidence,
    )


def _support(
    located: Sequence[Located], chosen: Located, kind: str, target: int, text: str
) -> Span | None:
    """A span naming the chosen place's ``kind`` container, nearest to the chosen mention."""
    if target < 0:
        return None
    options = [
        loc
        for loc in located
        if loc.place.kind == kind and loc.place.place_id == target and not loc.mention.role
    ]
    if not options:
        return None
    nearest = min(options, key=lambda loc: abs(loc.mention.start - chosen.mention.start))
    m = nearest.mention
    start = m.hint_start if m.hint_start is not None else m.start
    return Span(start, m.end, text[start : m.end])
