"""The geocode stage: place names to gazetteer entries, with the article's country context.

``ruler_patterns()`` feeds the annotate stage's entity ruler; :class:`PlaceGeocoder`
sets the place fields of every event and figure; :func:`geocode` is the look-up
behind ``sitrep geocode``.
"""

from __future__ import annotations

from typing import Any

from sitrep.config import GeocodeConfig
from sitrep.geocode.gazetteer import Gazetteer, Place, load_gazetteer
from sitrep.geocode.resolve import PlaceGeocoder

__all__ = ["Gazetteer", "Place", "PlaceGeocoder", "geocode", "load_gazetteer", "ruler_patterns"]


def ruler_patterns(config: GeocodeConfig | None = None) -> list[dict[str, Any]]:
    """Entity-ruler patterns for spaCy (GPE: countries, admin1, larger cities; LOC: world regions).

    The statistical model mislabels provinces ("Hatay" as ORG); these patterns,
    run before ``ner``, make them places. Compiled with the cached gazetteer.
    """
    return load_gazetteer(config or GeocodeConfig()).ruler_patterns()


def geocode(
    name: str, country: str | None = None, config: GeocodeConfig | None = None
) -> list[Place]:
    """Every gazetteer entry ``name`` may mean, most plausible first (``sitrep geocode``).

    Raises:
        GazetteerError: ``country`` names no known country.
    """
    return load_gazetteer(config or GeocodeConfig()).lookup(name, country)
