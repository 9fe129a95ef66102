"""How one reading of one place name is scored, term by term, so a decision can be explained.

Each term is a reason with a weight; a reading's score is their sum. In order
of weight: being the country itself ("Russia" is the country, not the Ohio
town), lying in the article's countries (see :mod:`sitrep.geocode.joint`), the
kind a feature word asks for ("Helmand *province*"), sharing a province or
country with the sentence's other places, the spelling as written, and
population. ``sitrep geocode PLACE --context TEXT`` prints these terms.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from sitrep.geocode.gazetteer import Gazetteer
from sitrep.geocode.toponyms import Mention

Reason = tuple[str, float]
"""One term of a reading's score: what it is, and how much it adds."""

_KIND_OF_WORD = {"admin1": 1, "admin2": 2, "city": 3}


def score_terms(
    gaz: Gazetteer,
    place_id: int,
    mention: Mention,
    wanted: str | None,
    weight: dict[int, float],
    near: Collection[int],
) -> list[Reason]:
    """The terms of ``place_id``'s score as a reading of ``mention``.

    ``wanted`` is the kind a feature word asks for; ``weight`` the article's
    countries (1 for the first, less for the others); ``near`` the readings of
    the other names of this and the previous sentence.
    """
    kind = gaz.kind_rank(place_id)
    terms: list[Reason] = []
    if kind == 0:
        terms.append(("the name of a country", 10.0))
    in_context = weight.get(gaz.country_of(place_id), 0.0)
    if in_context:
        terms.append(("in the article's countries", 4.0 * in_context))
    if wanted is not None:
        match = kind == _KIND_OF_WORD[wanted]
        terms.append((f"'{wanted}' asked by a feature word", 3.0 if match else -1.0))
    related = [
        other
        for other in near
        if other != place_id
        and (gaz.is_ancestor(other, place_id) or gaz.is_ancestor(place_id, other))
    ]
    if any(gaz.kind_rank(other) > 0 for other in related):
        terms.append(("shares a province with the sentence's places", 3.0))
    elif related:
        # Sharing only a country with the sentence's other places says less than sharing
        # a province: "Kagara in Nigeria's Niger State" is not Kaduna's Kagoro.
        terms.append(("shares a country with the sentence's places", 1.5))
    if place_id in mention.ids:
        terms.append(("spelt as written", 1.0))  # not only by transliteration key
    terms.append(("population", math.log10(gaz.population(place_id) + 1) / 2))
    if kind == 2 and wanted != "admin2":
        terms.append(("a district, not asked for", -1.0))
    if kind == 1 and wanted is None and not mention.direction:
        # A bare name shared by a province and its large seat city means the city.
        terms.append(("a province bearing a city's name", -0.5))
    return terms


def score(
    gaz: Gazetteer,
    place_id: int,
    mention: Mention,
    wanted: str | None,
    weight: dict[int, float],
    near: Collection[int],
) -> float:
    """The sum of :func:`score_terms`."""
    return sum(value for _, value in score_terms(gaz, place_id, mention, wanted, weight, near))
