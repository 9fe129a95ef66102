"""The shape of the merge score, read once from ``sitrep/data/merge.toml``.

Weights, compatibility pairs and number words are data so that they can be
tuned against labelled groups without touching code; the thresholds a user
may want to change per run are in :class:`sitrep.config.MergeConfig`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sitrep import _data
from sitrep.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Parts:
    """The pieces of evidence a pair score weighs, declared once for weights and scores."""

    place: float
    event_type: float
    date: float
    names: float
    fatalities: float
    actors: float
    text: float


@dataclass(frozen=True, slots=True)
class Weights(Parts):
    """How much each piece of evidence counts in a pair score (they sum to 1)."""


@dataclass(frozen=True, slots=True)
class LinkRules:
    """How an article in another language is scored against an incident."""

    place: float
    number: float
    date: float
    margin: float
    min_place_chars: int
    max_number: int


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything of ``merge.toml``, typed."""

    weights: Weights
    date_slack: dict[int, int]
    near_km: float
    gate_factor: float
    same_admin2: float
    same_admin1: float
    same_admin1_far: float
    place_unknown: float
    place_named: float
    same_type: float
    compatible_type: float
    compatible: frozenset[frozenset[str]]
    names_unknown: float
    stop_names: frozenset[str]
    raised: float
    fatalities_unknown: float
    actors_unknown: float
    actors_floor: float
    link: LinkRules
    skeleton_drop: frozenset[str]
    skeleton_articles: tuple[str, ...]
    skeleton_fold: dict[str, str]
    numbers: dict[str, dict[str, int]]


@functools.cache
def rules() -> Rules:
    """The packaged merge rules (read once per process).

    Raises:
        ConfigError: the packaged file is missing a key (a broken install).
    """
    data = _data.read_toml("data/merge.toml")
    try:
        return Rules(
            weights=Weights(**data["weights"]),
            date_slack={int(k): int(v) for k, v in data["date"]["slack"].items()},
            near_km=float(data["place"]["near_km"]),
            gate_factor=float(data["place"]["gate_factor"]),
            same_admin2=float(data["place"]["same_admin2"]),
            same_admin1=float(data["place"]["same_admin1"]),
            same_admin1_far=float(data["place"]["same_admin1_far"]),
            place_unknown=float(data["place"]["unknown"]),
            place_named=float(data["place"]["named"]),
            same_type=float(data["event_type"]["same_type"]),
            compatible_type=float(data["event_type"]["compatible"]),
            compatible=frozenset(frozenset(pair) for pair in data["compatible"]["pairs"]),
            names_unknown=float(data["names"]["unknown"]),
            stop_names=frozenset(data["names"]["stop"]),
            raised=float(data["fatalities"]["raised"]),
            fatalities_unknown=float(data["fatalities"]["unknown"]),
            actors_unknown=float(data["actors"]["unknown"]),
            actors_floor=float(data["actors"]["floor"]),
            link=LinkRules(**data["link"]),
            skeleton_drop=frozenset(data["skeleton"]["drop"]),
            skeleton_articles=tuple(sorted(data["skeleton"]["articles"], key=len, reverse=True)),
            skeleton_fold=dict(data["skeleton"]["fold"]),
            numbers={
                lang: {word.casefold(): int(n) for word, n in words.items()}
                for lang, words in data["numbers"].items()
            },
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError("sitrep/data/merge.toml", f"missing or malformed key {exc}") from None
