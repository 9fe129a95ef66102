"""When a predicted value counts as the gold one: place names, actor names, dated texts.

Names compare case-, diacritic- and transliteration-insensitively ("Konar" =
"Kunar", "Paktiya" = "Paktia"), with feature words ("province") dropped; an admin1
also matches when the gold name's words are all in the predicted name ("Wardak" in
"Maidan Wardak"), or when the gazetteer knows both names as one province (ACLED's
"Halab" and sitrep's "Aleppo", ISO's "Khersonska oblast" and "Kherson"): only the
gazetteer knows which spellings are one place. Actor names compare after folding,
without ACLED's regime years ("Military Forces of Kenya (2013-2022)" is sitrep's
"Military Forces of Kenya").

Whether a text **dates its event** is decided from the text and the gold date
alone, never from sitrep's output, so the dated subset is the same for every
version of the extractor. A text dates its event when either

- it writes the gold day as a calendar date and the year can be known: the day
  of the month next to the month's English name or abbreviation, in either order
  ("9 May", "May 9th", "Sept. 3"), with the gold year written somewhere in the
  text or a publication date to take it from; or the date as digits with the year
  ("2022-05-09", "9/5/2022"); or
- the record has a publication date at most seven days after the gold day and the
  text counts from it with a relative day ("yesterday", "today", "tonight", "last
  night") or a weekday name.

Example:
    >>> from datetime import date
    >>> text_dates_event("On 9 May 2022, protesters marched.", date(2022, 5, 9), None)
    True
    >>> text_dates_event("Protesters marched in the capital.", date(2022, 5, 9), None)
    False
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import cache

from sitrep.config import GeocodeConfig
from sitrep.geocode import Gazetteer, load_gazetteer
from sitrep.geocode._names import context, fold, translit_key

DATED_WITHIN_DAYS = 7
"""How long before its publication a relative day ("Tuesday") still dates an event."""

_RELATIVE_DAYS = ("yesterday", "today", "tonight", "last night")
_REGIME_YEARS = re.compile(r"\s*\(\d{4}-\d{0,4}\)")


def same_place_name(gold: str, predicted: str | None) -> bool:
    """Whether two names of an admin area or country denote the same one.

    Example:
        >>> same_place_name("Kunar", "Konar Province"), same_place_name("Wardak", "Maidan Wardak")
        (True, True)
    """
    if not predicted:
        return False
    gold_words = _name_words(gold)
    predicted_words = _name_words(predicted)
    if not gold_words:
        return False
    if "".join(gold_words) == "".join(predicted_words):
        return True
    return set(gold_words) <= set(predicted_words)


def same_admin1(gold: str, predicted: str | None) -> bool:
    """Whether two names denote one admin1: by their words, else by the gazetteer's admin ids.

    The gazetteer is asked without a country, so only exact names, aliases and
    transliterations count: fuzzy matches would be too generous for scoring.

    Example:
        >>> same_admin1("Halab", "Aleppo"), same_admin1("Halab", "Idlib")  # doctest: +SKIP
        (True, False)
    """
    if same_place_name(gold, predicted):
        return True
    if not predicted:
        return False
    return _gazetteer().same_admin1(gold, predicted)


@cache
def _gazetteer() -> Gazetteer:
    return load_gazetteer(GeocodeConfig())


def same_actor(gold: str, predicted: str | None) -> bool:
    """Whether two actor names are the same after folding case, accents, punctuation, years.

    Example:
        >>> same_actor("Military Forces of Kenya (2013-2022)", "Military Forces of Kenya")
        True
    """
    if predicted is None:
        return False
    return fold(_REGIME_YEARS.sub("", gold)) == fold(_REGIME_YEARS.sub("", predicted))


def text_dates_event(text: str, day: date, published: date | None) -> bool:
    """Whether ``text`` dates an event of ``day`` by itself (see the module docstring)."""
    if _numeric_date(day).search(text):
        return True
    year_known = published is not None or re.search(rf"\b{day.year}\b", text) is not None
    if year_known and _calendar_date(day).search(text):
        return True
    if published is None or not 0 <= (published - day).days <= DATED_WITHIN_DAYS:
        return False
    return _relative_day().search(text) is not None


@cache
def _calendar_date(day: date) -> re.Pattern[str]:
    names = {calendar.month_name[day.month], calendar.month_abbr[day.month]}
    if day.month == 9:
        names.add("Sept")
    month = "(?:" + "|".join(sorted(names, key=len, reverse=True)) + r")\.?"
    number = rf"0?{day.day}(?:st|nd|rd|th)?"
    written = (rf"\b{number}\s+(?:of\s+)?{month}(?![a-z])", rf"\b{month}\s+{number}\b")
    return re.compile("|".join(written), re.IGNORECASE)


@cache
def _numeric_date(day: date) -> re.Pattern[str]:
    digits = (
        rf"{day.year}-{day.month:02d}-{day.day:02d}",
        rf"0?{day.day}[/.]0?{day.month}[/.]{day.year}",
        rf"0?{day.month}/0?{day.day}/{day.year}",
    )
    return re.compile(r"\b(?:" + "|".join(digits) + r")\b")


@cache
def _relative_day() -> re.Pattern[str]:
    words = (*_RELATIVE_DAYS, *calendar.day_name)
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


def _name_words(name: str) -> list[str]:
    features = context().features
    return [translit_key(w) for w in fold(name).split() if w not in features]
