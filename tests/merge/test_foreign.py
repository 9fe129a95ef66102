"""Linking unread (non-English) articles to incidents by places, numbers and dates."""

from __future__ import annotations

from datetime import date

import pytest
from factories import make_event

from sitrep.config import MergeConfig
from sitrep.merge import link_articles, reconcile
from sitrep.merge.foreign import article_cues, skeleton
from sitrep.records import Article, Event, Incident

CONFIG = MergeConfig()

ARABIC = (
    "الفاشر - قُتل 13 مدنياً على الأقل وأصيب أكثر من 40 آخرين جراء قصف مدفعي "
    "استهدف السوق الكبير في مدينة الفاشر، عاصمة ولاية شمال دارفور."
)
FRENCH = (
    "OUAGADOUGOU - Au moins quinze soldats ont été tués samedi lors d'une attaque "
    "contre le détachement militaire de Djibo, dans la province du Soum."
)


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("El Fasher", "الفاشر"), ("Darfur", "دارفور"), ("Khartoum", "الخرطوم"), ("Kabul", "كابول")],
)
def test_a_latin_name_and_its_arabic_spelling_share_a_skeleton(latin: str, arabic: str) -> None:
    assert skeleton(latin) == skeleton(arabic)


def test_different_names_have_different_skeletons() -> None:
    assert skeleton("El Fasher") != skeleton("Nyala")


@pytest.mark.parametrize(
    ("text", "language", "numbers"),
    [
        ("قُتل ١٣ مدنياً", "ar", {13}),
        ("au moins quinze soldats", "fr", {15}),
        ("vingt et une personnes", "fr", {21}),
        ("depuis 2022, 3 morts", "fr", {3}),
        ("killed 4.5 km away", "en", set()),
    ],
)
def test_numbers_are_read_in_any_script_and_in_words(
    text: str, language: str, numbers: set[int]
) -> None:
    cues = article_cues(Article(text=text, language=language))
    assert set(cues.numbers) == numbers


def _incidents(*groups: list[Event]) -> list[tuple[Incident, list[Event]]]:
    return [(reconcile(group), group) for group in groups]


SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")


def test_an_arabic_article_links_by_place_skeleton_number_and_date() -> None:
    fasher = [
        make_event(
            "f1",
            place="elfasher",
            kind=SHELLING,
            day=date(2024, 6, 14),
            published=date(2024, 6, 14),
            fatalities=13,
        )
    ]
    other = [make_event("d1", day=date(2024, 6, 14), published=date(2024, 6, 14), fatalities=13)]
    article = Article(text=ARABIC, published=date(2024, 6, 15), language="ar")
    links = link_articles([article], _incidents(fasher, other), CONFIG)
    assert [link.incident_id for link in links] == [reconcile(fasher).incident_id]
    assert {s.text for s in links[0].spans} >= {"الفاشر", "13"}
    assert links[0].score == pytest.approx(0.5 + 0.3 + 0.2 * 2 / 3, abs=0.01)


def test_a_french_article_links_by_town_name_and_number_word() -> None:
    djibo = [make_event("dj", fatalities=15)]
    article = Article(text=FRENCH, published=date(2024, 5, 12), language="fr")
    links = link_articles([article], _incidents(djibo), CONFIG)
    assert len(links) == 1
    assert {s.text for s in links[0].spans} == {"Djibo", "quinze"}


def test_an_article_outside_the_window_is_not_linked() -> None:
    djibo = [make_event("dj", fatalities=15)]
    article = Article(text=FRENCH, published=date(2024, 6, 30), language="fr")
    assert link_articles([article], _incidents(djibo), CONFIG) == []


def test_an_article_without_a_date_is_not_linked() -> None:
    article = Article(text=FRENCH, language="fr")
    assert link_articles([article], _incidents([make_event("dj")]), CONFIG) == []


def test_equally_good_incidents_at_two_places_leave_the_article_unlinked() -> None:
    djibo = [make_event("a")]
    arbinda = [make_event("b", place="arbinda")]
    text = "Des attaques ont visé Djibo et Arbinda samedi."
    article = Article(text=text, published=date(2024, 5, 12), language="fr")
    assert link_articles([article], _incidents(djibo, arbinda), CONFIG) == []


def test_facets_of_one_place_go_to_the_incident_with_most_sources() -> None:
    protest = [make_event("p", kind=("Protests", "Peaceful protest"))]
    arrests = [
        make_event("r1", kind=("Strategic developments", "Arrests")),
        make_event("r2", kind=("Strategic developments", "Arrests")),
    ]
    article = Article(text=FRENCH, published=date(2024, 5, 12), language="fr")
    links = link_articles([article], _incidents(protest, arrests), CONFIG)
    assert [link.incident_id for link in links] == [reconcile(arrests).incident_id]


def test_a_date_alone_is_not_enough() -> None:
    article = Article(text="Rien à signaler.", published=date(2024, 5, 12), language="fr")
    assert link_articles([article], _incidents([make_event("a")]), CONFIG) == []
