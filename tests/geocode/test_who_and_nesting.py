"""Names that say who rather than where, and names written inside a place that cannot hold them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from sitrep.geocode import Gazetteer, PlaceGeocoder
from sitrep.geocode.joint import nest
from sitrep.records import Article, Event, Result, Span

pytestmark = pytest.mark.nlp


def _geocode(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc], text: str, trigger: str
) -> Event:
    start = text.index(trigger)
    span = Span(start, start + len(trigger), trigger)
    event = Event("e1", "a1", "Violence", "Attack", evidence={"event_type": (span,)})
    return geocoder(Article(text=text), annotate(text), Result(events=(event,))).events[0]


@pytest.mark.parametrize(
    ("text", "trigger", "country", "admin1"),
    [
        # A province before a group noun names whose militia it is; the event is in Yola.
        ("A Borno militia attacked herders in Yola on Monday.", "attacked", "Nigeria", "Adamawa"),
        # A number word is never a place, however a gazetteer alias spells it.
        (
            "Ten soldiers were killed when rebels attacked a base in Kidal region.",
            "killed",
            "Mali",
            "Kidal",
        ),
    ],
)
def test_a_name_that_says_who_does_not_place_the_event(
    geocoder: PlaceGeocoder,
    annotate: Callable[[str], Doc],
    text: str,
    trigger: str,
    country: str,
    admin1: str,
) -> None:
    event = _geocode(geocoder, annotate, text, trigger)
    assert (event.country, event.admin1) == (country, admin1)


def test_a_group_name_still_counts_toward_the_article_countries(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    places = geocoder.predict(annotate("Kandahar police said the convoy was ambushed."))
    (located,) = places.located
    assert located.mention.role
    assert located.place.country == "Afghanistan"


def test_a_direction_glued_to_a_name_is_part_of_it(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    text = "Troops burned houses in Yinmabin township (Yinmabin district, Sagaing-West region)."
    places = geocoder.predict(annotate(text))
    assert not any(loc.mention.name == "West" for loc in places.located)
    assert {loc.place.country for loc in places.located} == {"Myanmar"}


def test_a_name_after_district_of_is_its_province(
    geocoder: PlaceGeocoder, annotate: Callable[[str], Doc]
) -> None:
    # "Dohuk" is no entity here, and only a preposition-less name: "district of" makes it one.
    text = "Gunmen killed two shepherds in Zakho district of Dohuk on Friday."
    names = [loc.mention.name for loc in geocoder.predict(annotate(text)).located]
    assert "Dohuk" in names
    assert _geocode(geocoder, annotate, text, "killed").country == "Iraq"


def test_a_name_written_inside_a_province_of_another_country_is_dropped(
    gazetteer: Gazetteer,
) -> None:
    # "Bingol (…, Seno)": the Turkish town is no place in a Burkinabe district, unless
    # Turkey is the article's own country (then the district is more likely misspelt).
    (town,) = [i for i in gazetteer.ids("Bingol") if gazetteer.place(i).kind == "city"]
    (district,) = [i for i in gazetteer.ids("Seno") if gazetteer.place(i).kind == "admin2"]
    burkina, turkey = gazetteer.country_of(district), gazetteer.country_of(town)
    args = (gazetteer, [(0, 1)], [(town,), (district,)], [town, district], lambda _p, _i: 0.0)
    assert nest(*args, home=burkina) == [None, district]
    assert nest(*args, home=turkey) == [town, district]
