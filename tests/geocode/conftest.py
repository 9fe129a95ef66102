"""Fixtures of the geocode tests: the gazetteer, and an annotator for the NLP-marked tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from sitrep.config import Config
from sitrep.geocode import Gazetteer, PlaceGeocoder, load_gazetteer


@pytest.fixture(scope="session")
def config() -> Config:
    return Config.load()


@pytest.fixture(scope="session")
def gazetteer(config: Config) -> Gazetteer:
    return load_gazetteer(config.geocode)


@pytest.fixture(scope="session")
def geocoder(config: Config) -> PlaceGeocoder:
    return PlaceGeocoder(config)


@pytest.fixture(scope="session")
def annotate(config: Config) -> Callable[[str], Doc]:
    from sitrep.annotate import Annotator

    return Annotator(config.nlp)
