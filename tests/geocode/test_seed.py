"""The worked example of DESIGN.md: the strike is in Idlib, not where officials spoke or met."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.tokens import Doc

from sitrep import Config, Pipeline
from sitrep.geocode import PlaceGeocoder
from sitrep.read import read_file
from sitrep.records import Article, Event, Figure, Result, Span

pytestmark = pytest.mark.nlp


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), words)


def test_seed_event_and_figures_are_placed(
    seed_path: Path, geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    text = seed_path.read_text("utf-8")
    event = Event(
        "e1",
        "a1",
        "Explosions/Remote violence",
        "Air/drone strike",
        evidence={
            "sub_event_type": (_span(text, "air strike"),),
            "fatalities": (_span(text, "At least 22"), _span(text, "increased to 22")),
        },
    )
    displaced = Figure(
        "f1", "a1", "displaced", 1_000_000, evidence={"value": (_span(text, "almost a million"),)}
    )
    refugees = Figure(
        "f2", "a1", "refugees", 3_600_000, evidence={"value": (_span(text, "3.6 million"),)}
    )
    result = geocoder(
        Article(text=text), annotate(text), Result(events=(event,), figures=(displaced, refugees))
    )
    placed = result.events[0]
    assert (placed.country, placed.iso3, placed.admin1, placed.geo_precision) == (
        "Syria",
        "SYR",
        "Idlib",
        3,
    )
    assert placed.evidence["location"][0].text == "Idlib"
    assert placed.evidence["fatalities"] == event.evidence["fatalities"]
    assert result.figures[0].admin1 == "Idlib"
    assert (result.figures[1].country, result.figures[1].admin1) == ("Turkey", None)


def test_seed_through_the_pipeline_places_nothing_in_hatay_or_ankara(seed_path: Path) -> None:
    config = Config.load()
    pipeline = Pipeline(config)
    (article,) = read_file(seed_path, config.limits)
    assert isinstance(article, Article)
    events = pipeline.process(article).result.events
    assert events
    for event in events:
        assert event.admin1 not in ("Hatay", "Ankara")
        assert event.location not in ("Hatay", "Ankara", "Turkey")
    assert any(e.admin1 == "Idlib" and e.country == "Syria" for e in events)
