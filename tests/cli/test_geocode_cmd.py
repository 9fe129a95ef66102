"""``sitrep geocode`` (look-up, --context) and ``sitrep gazetteer import``, as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from clisupport import Run

from sitrep.config import GeocodeConfig
from sitrep.geocode import load_gazetteer
from sitrep.geocode.build import data_version
from sitrep.geocode.index import index_path

DATA = Path(__file__).parents[1] / "geocode" / "data"


def test_a_name_found_is_listed_and_exits_0(run: Run) -> None:
    outcome = run("geocode", "Kandahar", "--country", "AF", "--json")
    assert outcome.code == 0
    assert json.loads(outcome.out)[0]["iso2"] == "AF"


def test_nothing_found_exits_1_with_one_line(run: Run) -> None:
    outcome = run("geocode", "Qzxvbnmrt")
    assert (outcome.code, outcome.out) == (1, "")
    assert outcome.err_lines == ["sitrep: no gazetteer entry for 'Qzxvbnmrt'"]


def test_an_unknown_country_is_a_usage_error(run: Run) -> None:
    outcome = run("geocode", "Idlib", "--country", "XX")
    assert outcome.code == 2
    assert "--country" in outcome.err and "XX" in outcome.err


@pytest.mark.nlp
def test_context_shows_the_candidates_and_the_nesting_that_chose_one(run: Run) -> None:
    text = "On Tuesday, forces fired artillery at Vasylivka, Zaporizhia. Casualties unknown."
    outcome = run("geocode", "Vasylivka", "--context", text, "--json")
    assert outcome.code == 0
    report = json.loads(outcome.out)
    assert report["written_inside"] == ["Zaporizhia"]
    assert report["countries"][0]["country"] == "Ukraine"
    assert len(report["candidates"]) > 1  # Vasylivka is a name in several oblasts
    assert (report["chosen"]["country"], report["chosen"]["admin1"]) == ("Ukraine", "Zaporizhzhia")
    plain = run("geocode", "Vasylivka", "--context", text)
    assert "chosen: Vasylivka" in plain.out and "in the article's countries" in plain.out


@pytest.mark.nlp
def test_context_without_a_place_reading_exits_1(run: Run) -> None:
    outcome = run("geocode", "the", "--context", "Protesters gathered near the market.")
    assert outcome.code == 1
    assert "chosen: nothing" in outcome.out


def test_import_adds_villages_that_lookups_then_find(run: Run, tmp_path: Path) -> None:
    # Start from the compiled index the other tests use, so only the import recompiles.
    load_gazetteer(GeocodeConfig())
    cache = tmp_path / "cache"
    cache.mkdir()
    base = index_path(GeocodeConfig(), data_version())
    shutil.copy(base, cache / base.name)
    config = tmp_path / "sitrep.toml"
    config.write_text(f'[geocode]\ncache_dir = "{cache}"\n', encoding="utf-8")
    assert run("geocode", "Tor Ghundai", "--config", config).code == 1
    outcome = run(
        "gazetteer",
        "import",
        DATA / "geonames_sample.txt",
        DATA / "alternate_names_sample.txt",
        "--config",
        config,
    )
    assert outcome.code == 0, outcome.err
    assert "imported 2 places and 2 alternate names" in outcome.out
    found = run("geocode", "Tor Ghundai", "--config", config, "--json")
    assert found.code == 0
    (village,) = json.loads(found.out)
    assert (village["name"], village["admin1"], village["country"]) == (
        "Tor Ghundey Sar",
        "Helmand",
        "Afghanistan",
    )
