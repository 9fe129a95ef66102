"""The geocode stage on short hand-written texts: events built by hand with evidence spans."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from sitrep.geocode import PlaceGeocoder
from sitrep.records import Article, Event, Figure, Result, Span

pytestmark = pytest.mark.nlp


def _event(text: str, trigger: str) -> Event:
    start = text.index(trigger)
    span = Span(start, start + len(trigger), trigger)
    return Event("e1", "a1", "Violence", "Attack", evidence={"event_type": (span,)})


def _geocode(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc], text: str, trigger: str
) -> Event:
    result = Result(events=(_event(text, trigger),))
    return geocoder(Article(text=text), annotate(text), result).events[0]


@pytest.mark.parametrize(
    ("text", "trigger", "country", "admin1", "location", "precision"),
    [
        (
            "At least 22 soldiers were killed in an air strike in the province of Idlib, "
            "according to the governor of Hatay province.",
            "air strike",
            "Syria",
            "Idlib",
            "Idlib",
            3,
        ),
        (
            "A coalition force detained two insurgents in Marjeh district, Helmand province, "
            "yesterday.",
            "detained",
            "Afghanistan",
            "Helmand",
            "Helmand",
            3,
        ),
        (
            "A car bomb exploded in Jalalabad on Sunday, killing five people.",
            "exploded",
            "Afghanistan",
            "Nangarhar",
            "Jalalabad",
            1,
        ),
        (
            "Afghan forces killed three insurgents near Jalalabad on Sunday.",
            "killed",
            "Afghanistan",
            "Nangarhar",
            "Jalalabad",
            2,
        ),
        (
            "Insurgents attacked a police checkpoint in Konar province, Afghan officials said.",
            "attacked",
            "Afghanistan",
            "Kunar",
            "Kunar",
            3,
        ),
        (
            "Security forces clashed with insurgents in Nahr-e Saraj district of Helmand.",
            "clashed",
            "Afghanistan",
            "Helmand",
            "Nahr-e Saraj",
            2,
        ),
        (
            "Government aircraft bombed villages in northwestern Syria on Monday.",
            "bombed",
            "Syria",
            None,
            "northwestern Syria",
            3,
        ),
        (
            "Police arrested ten protesters in Russia on Friday.",
            "arrested",
            "Russia",
            None,
            "Russia",
            3,
        ),
    ],
)
def test_event_takes_the_place_of_its_sentence(
    geocoder: PlaceGeocoder,
    annotate: Callable[[str], Doc],
    text: str,
    trigger: str,
    country: str,
    admin1: str | None,
    location: str,
    precision: int,
) -> None:
    event = _geocode(geocoder, annotate, text, trigger)
    assert (event.country, event.admin1, event.location, event.geo_precision) == (
        country,
        admin1,
        location,
        precision,
    )
    assert event.latitude is not None and event.longitude is not None
    (span,) = event.evidence["location"]
    assert text[span.start : span.end] == span.text
    assert span.text


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        (
            "After the attack in Idlib, President Erdogan held an emergency meeting in Ankara.",
            "attack",
        ),
        (
            "The governor of Hatay province said an air strike had killed soldiers in Idlib.",
            "air strike",
        ),
    ],
)
def test_event_is_not_placed_where_officials_spoke_or_met(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc], text: str, trigger: str
) -> None:
    event = _geocode(geocoder, annotate, text, trigger)
    assert (event.country, event.admin1) == ("Syria", "Idlib")


def test_event_without_a_place_in_its_sentence_takes_the_dominant_place(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    text = (
        "Fighting continued in Kunduz province this week. Five policemen were killed on "
        "Tuesday. The clashes in Kunduz displaced hundreds of families."
    )
    event = _geocode(geocoder, annotate, text, "killed")
    assert (event.admin1, event.geo_precision) == ("Kunduz", 3)


def test_country_evidence_points_at_its_own_span(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    text = "Turkish soldiers were killed in the province of Idlib, in northwestern Syria."
    event = _geocode(geocoder, annotate, text, "killed")
    assert [s.text for s in event.evidence["location"]] == ["Idlib"]
    assert [s.text for s in event.evidence["country"]] == ["northwestern Syria"]
    assert event.evidence["event_type"][0].text == "killed"


def test_text_without_places_leaves_the_event_unplaced(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    event = _geocode(geocoder, annotate, "Five people were killed on Tuesday.", "killed")
    assert event.country is None and event.geo_precision is None
    assert "location" not in event.evidence


def test_figures_are_placed_like_events(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    text = "Turkey already hosts more than 3.6 million Syrian refugees."
    start = text.index("3.6 million")
    figure = Figure(
        "f1",
        "a1",
        "refugees",
        3_600_000,
        evidence={"value": (Span(start, start + 11, "3.6 million"),)},
    )
    result = geocoder(Article(text=text), annotate(text), Result(figures=(figure,)))
    placed = result.figures[0]
    assert (placed.country, placed.iso3, placed.geo_precision) == ("Turkey", "TUR", 3)


def test_predict_marks_roles_and_datelines(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    text = (
        "KABUL, Afghanistan (Nov. 20, 2011)\n"
        "A coalition force detained a Taliban leader in Logar province, an official in Kabul said."
    )
    places = geocoder.predict(annotate(text))
    flags = {(loc.mention.name, loc.mention.dateline, loc.mention.role) for loc in places.located}
    assert ("KABUL", True, False) in flags
    assert ("Logar", False, False) in flags
    assert ("Kabul", False, True) in flags


@pytest.mark.parametrize(
    ("text", "trigger", "admin1", "location"),
    [
        # District names shared with, or fuzzily close to, districts of other provinces.
        (
            "KABUL, Afghanistan (May 3) A security force detained a bomb maker in Khogyani "
            "district, Ghazni province, today.",
            "detained",
            "Ghazni",
            "Ghazni",
        ),
        (
            "KABUL, Afghanistan (May 3) Afghan commandos killed three Taliban fighters in Chak "
            "district, Wardak province.",
            "killed",
            "Wardak",
            "Wardak",
        ),
        # A first word that alone is some town does not cut the name short.
        (
            "KABUL, Afghanistan (May 3) Coalition forces killed two insurgents in Mata Khan "
            "district, Paktika province, yesterday.",
            "killed",
            "Paktika",
            "Muta Khan",
        ),
        # Five tokens, with a curly apostrophe and particles, before the feature word.
        (
            "KUNDUZ, Afghanistan (July 4) Commandos detained four insurgents in a village of "
            "Qal’ eh ye Zal district on Monday.",
            "detained",
            "Kunduz",
            "Qal'ah-ye Zal",
        ),
    ],
)
def test_a_district_is_held_to_the_province_the_text_puts_it_in(
    geocoder: PlaceGeocoder,
    annotate: Callable[[str], Doc],
    text: str,
    trigger: str,
    admin1: str,
    location: str,
) -> None:
    event = _geocode(geocoder, annotate, text, trigger)
    assert (event.country, event.admin1, event.location) == ("Afghanistan", admin1, location)


@pytest.mark.parametrize(
    ("text", "name", "dateline"),
    [
        ("Kabul, Afghanistan (Sept. 2) - Coalition forces struck a convoy.", "Kabul", True),
        ("Kabul, the capital, was quiet (for once) on Monday.", "Kabul", False),
    ],
)
def test_title_case_datelines_are_datelines(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc], text: str, name: str, dateline: bool
) -> None:
    places = geocoder.predict(annotate(text))
    assert (name, dateline) in {(loc.mention.name, loc.mention.dateline) for loc in places.located}


def test_a_headline_place_after_a_preposition_is_found(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    text = (
        "Coalition Forces Conduct Precision Strike Against Senior Member in Takhar Province\n"
        "Coalition forces conducted a precision strike this morning, killing six insurgents."
    )
    event = _geocode(geocoder, annotate, text, "killing")
    assert (event.admin1, event.geo_precision) == ("Takhar", 3)


def test_a_lower_case_word_inside_a_place_entity_is_not_a_town(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    text = "KUNAR, Afghanistan (Oct. 2) Commandos cleared Maya village, Khas Kunar district."
    places = geocoder.predict(annotate(text))
    assert {loc.place.country for loc in places.located} == {"Afghanistan"}


@pytest.mark.parametrize(
    ("text", "trigger", "admin1"),
    [
        # An institution or office-holder that the act struck is its target, not a speaker.
        (
            "Gunmen looted a hospital and two shops in Khartoum on Tuesday, doctors said.",
            "looted",
            "Khartoum",
        ),
        (
            "Afghan commandos killed a Taliban commander in Chak district, Wardak province.",
            "killed",
            "Wardak",
        ),
    ],
)
def test_a_struck_institution_does_not_make_its_place_a_role(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc], text: str, trigger: str, admin1: str
) -> None:
    assert _geocode(geocoder, annotate, text, trigger).admin1 == admin1


def test_a_place_where_the_wounded_were_taken_stays_a_role(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    places = geocoder.predict(annotate("The wounded were taken to a hospital in Kandahar."))
    assert [loc.mention.role for loc in places.located] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "HARARE - Police fired tear gas at protesters in the city centre on Monday.",
        "HARARE (Reuters) - Police fired tear gas at protesters in the capital on Monday.",
    ],
)
def test_a_dash_dateline_places_an_event_that_names_no_other_place(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc], text: str
) -> None:
    event = _geocode(geocoder, annotate, text, "fired")
    assert (event.country, event.location) == ("Zimbabwe", "Harare")
    (located,) = geocoder.predict(annotate(text)).located
    assert located.mention.dateline


@pytest.mark.parametrize(
    ("text", "trigger", "country", "admin1"),
    [
        # A province named with its feature word beats a town of the demonym's country.
        (
            "Russian forces shelled a village near Bakhmut in Donetsk region on Tuesday.",
            "shelled",
            "Ukraine",
            "Donetsk",
        ),
        # A misspelt province is matched at home, not to a namesake abroad.
        (
            "KABUL, Afghanistan (April 5) A combined force killed several insurgents in Nawah "
            "district, Ghanzi province, yesterday.",
            "killed",
            "Afghanistan",
            "Ghazni",
        ),
    ],
)
def test_a_province_word_weighs_against_the_article_countries_only_without_a_home_match(
    geocoder: PlaceGeocoder,
    annotate: Callable[[str], Doc],
    text: str,
    trigger: str,
    country: str,
    admin1: str,
) -> None:
    event = _geocode(geocoder, annotate, text, trigger)
    assert (event.country, event.admin1) == (country, admin1)


def test_a_town_spelt_as_written_inside_the_named_state_beats_a_larger_namesake_by_key(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    text = "Gunmen stormed a boarding school in Kagara in Nigeria's Niger State on Wednesday."
    event = _geocode(geocoder, annotate, text, "stormed")
    assert (event.location, event.admin1, event.geo_precision) == ("Kagara", "Niger", 1)


@pytest.mark.parametrize(
    ("text", "country", "location"),
    [
        (
            "Police fired tear gas at protesters in the Zimbabwean capital on Monday.",
            "Zimbabwe",
            "Harare",
        ),
        ("Thousands of teachers rallied in the Chilean capital on Thursday.", "Chile", "Santiago"),
    ],
)
def test_a_demonym_capital_is_the_capital_city(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc], text: str, country: str, location: str
) -> None:
    trigger = "fired" if "fired" in text else "rallied"
    event = _geocode(geocoder, annotate, text, trigger)
    assert (event.country, event.location, event.geo_precision) == (country, location, 1)
    assert event.evidence["location"][0].text.endswith("capital")


@pytest.mark.parametrize(
    ("text", "trigger", "country", "admin1", "admin2"),
    [
        (
            "Soldiers shot dead a man during a raid in Nablus on Monday.",
            "shot dead",
            "Palestine",
            "West Bank",
            "Nablus",
        ),
        (
            "An air strike hit a house in Khan Yunis overnight.",
            "air strike",
            "Palestine",
            "Gaza Strip",
            "Khan Yunis",
        ),
        (
            "A drone attack struck a fuel depot in Simferopol.",
            "drone attack",
            "Ukraine",
            "Autonomous Republic of Crimea",
            "Simferopol Raion",
        ),
        ("Police dispersed a protest in Tiraspol.", "protest", "Moldova", "Transnistria", None),
    ],
)
def test_special_areas_follow_the_documented_convention(
    geocoder: PlaceGeocoder,
    annotate: Callable[[str], Doc],
    text: str,
    trigger: str,
    country: str,
    admin1: str,
    admin2: str | None,
) -> None:
    """docs/geocoding.md: West Bank and Gaza Strip are admin1 of Palestine, Crimea is Ukraine's."""
    event = _geocode(geocoder, annotate, text, trigger)
    assert (event.country, event.admin1, event.admin2) == (country, admin1, admin2)


@pytest.mark.parametrize(
    ("text", "trigger", "country", "admin1"),
    [
        # No country named: the hierarchy written after the town says where it is.
        (
            "On Tuesday, forces fired artillery at Vasylivka, Zaporizhia.",
            "artillery",
            "Ukraine",
            "Zaporizhzhia",
        ),
        (
            "Militants ambushed a convoy near Afgoye town (Afgoye, Lower Shabelle).",
            "ambushed",
            "Somalia",
            "Shabeellaha Hoose",
        ),
        (
            "A US military patrol was attacked near Jolo.",
            "attacked",
            "Philippines",
            "Autonomous Region in Muslim Mindanao",
        ),
    ],
)
def test_the_country_comes_from_the_places_when_it_is_not_named(
    geocoder: PlaceGeocoder,
    annotate: Callable[[str], Doc],
    text: str,
    trigger: str,
    country: str,
    admin1: str,
) -> None:
    event = _geocode(geocoder, annotate, text, trigger)
    assert (event.country, event.admin1) == (country, admin1)


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Protesters rallied in Nicosia against the invasion of Ukraine.", "rallied"),
        ("About 200 Ukrainians rallied in Nicosia.", "rallied"),
    ],
)
def test_a_country_only_talked_about_does_not_place_the_event(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc], text: str, trigger: str
) -> None:
    assert _geocode(geocoder, annotate, text, trigger).country == "Cyprus"
