from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("At least 22 Turkish soldiers were killed in an air strike by government forces.", "en"),
        ("Au moins 22 soldats turcs ont été tués dans une frappe aérienne du gouvernement.", "fr"),
        ("Al menos 22 soldados turcos murieron en un ataque aéreo del gobierno.", "es"),
        ("قتل 22 جنديا تركيا على الأقل في غارة جوية شنتها القوات الحكومية في إدلب", "ar"),
        ("Mindestens 22 türkische Soldaten wurden bei einem Luftangriff getötet.", "de"),
        ("Не менее 22 турецких военных погибли в результате авиаудара в Идлибе.", "ru"),
        # One English sentence the trigram detector alone rates Spanish.
        ("Police today confirmed the arrest of a militant financier in Mombasa on Tuesday.", "en"),
        # German with words English also has ("was", "will") stays German.
        ("Was die Regierung will, ist ein Ende der Kämpfe in der Provinz.", "de"),
    ],
)
def test_detects_language_of_news_text(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "Hello", "12 345 678 — 2020-02-27 !!!", "Idlib, Syria"])
def test_short_or_letterless_text_gives_none(text):
    assert detect_language(text) is None


def test_long_text_is_judged_on_its_start(seed_path):
    text = seed_path.read_text("utf-8")
    mixed = text + "\n" + "Le gouvernement a déclaré que les combats continuaient. " * 500
    assert detect_language(mixed) == "en"


def test_lone_surrogates_do_not_break_detection():
    text = "At least 22 Turkish soldiers were killed \ud800 in an air strike by government forces."
    assert detect_language(text) == "en"


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(categories=["L", "M", "N", "P", "Z", "C"])))
def test_detection_never_raises(text):
    code = detect_language(text)
    assert code is None or (len(code) == 2 and code.islower())


@pytest.mark.parametrize(
    "text",
    [
        # Headlines whose names carry another language's trigrams and which have no function words.
        "Somali militia kill Ethiopian herders",
        "Pokot raiders kill Turkana herders",
    ],
)
def test_english_with_local_names_or_no_function_words_is_not_given_another_language(text):
    assert detect_language(text) in {"en", None}


def test_a_foreign_headline_with_its_own_function_words_keeps_its_language():
    assert detect_language("Les rebelles attaquent une base de l'armée dans le nord") == "fr"
