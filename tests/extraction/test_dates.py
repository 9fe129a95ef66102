"""Dates: expressions found with offsets, resolved against the report's date; datelines read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sitrep.extraction.dates import find_dates, report_date

THURSDAY = date(2020, 2, 27)


def _resolve(words: str, reference: date | None = THURSDAY) -> tuple[date, int] | None:
    (mention,) = find_dates(words)
    return mention.resolve(reference)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Thursday's deaths", date(2020, 2, 27)),  # the report's own weekday is that day
        ("on Thursday", date(2020, 2, 27)),
        ("on Wednesday", date(2020, 2, 26)),
        ("on Monday", date(2020, 2, 24)),
        ("on Friday", date(2020, 2, 21)),  # never after the report: the Friday before
        ("Sunday night", date(2020, 2, 23)),
    ],
)
def test_a_weekday_is_the_latest_such_day_on_or_before_the_reference(
    words: str, expected: date
) -> None:
    assert _resolve(words) == (expected, 1)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("yesterday", date(2020, 2, 26)),
        ("last night", date(2020, 2, 26)),
        ("overnight", date(2020, 2, 26)),
        ("today", date(2020, 2, 27)),
        ("this morning", date(2020, 2, 27)),
    ],
)
def test_relative_days_count_back_from_the_reference(words: str, expected: date) -> None:
    assert _resolve(words) == (expected, 1)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Feb. 27", date(2020, 2, 27)),
        ("on Feb. 26", date(2020, 2, 26)),
        ("on Feb. 28", date(2019, 2, 28)),  # no year: the latest one not after the report
        ("Dec. 31", date(2019, 12, 31)),
        ("Sept. 1", date(2019, 9, 1)),
        ("27 February", date(2020, 2, 27)),
        ("February 29, 2020", date(2020, 2, 29)),
        ("on 3 March 2019", date(2019, 3, 3)),
        ("2020-02-20", date(2020, 2, 20)),
    ],
)
def test_calendar_dates_without_a_year_are_not_after_the_reference(
    words: str, expected: date
) -> None:
    assert _resolve(words) == (expected, 1)


@pytest.mark.parametrize("words", ["Feb 30", "June 31", "February 30, 2020"])
def test_a_calendar_date_that_does_not_exist_resolves_to_nothing(words: str) -> None:
    assert _resolve(words) is None


@pytest.mark.parametrize(
    ("words", "precision"),
    [("last week", 2), ("earlier this week", 2), ("earlier this month", 3), ("last month", 3)],
)
def test_vague_periods_carry_a_coarser_precision(words: str, precision: int) -> None:
    resolved = _resolve(words)
    assert resolved is not None
    when, got = resolved
    assert got == precision
    assert THURSDAY - timedelta(days=31) <= when <= THURSDAY


def test_a_bare_year_is_month_precision_history() -> None:
    assert _resolve("In 2019, a bombing killed 40") == (date(2019, 12, 31), 3)


@pytest.mark.parametrize("words", ["on Thursday", "yesterday", "last week"])
def test_relative_expressions_need_a_reference(words: str) -> None:
    assert _resolve(words, None) is None


def test_a_year_hint_dates_a_calendar_date_when_there_is_no_reference() -> None:
    (mention,) = find_dates("on June 25")
    assert mention.resolve(None, 2010) == (date(2010, 6, 25), 1)
    assert mention.resolve(None) is None


def test_placeholder_references_do_not_overflow() -> None:
    (mention,) = find_dates("on Sunday")
    assert mention.resolve(date.min) is None


def test_find_dates_gives_offsets_in_text_order_without_overlap() -> None:
    text = "On Feb. 27, 2020, and again yesterday"
    found = find_dates(text)
    assert [text[m.start : m.end] for m in found] == ["Feb. 27, 2020", "yesterday"]
    assert [m.kind for m in found] == ["absolute", "offset"]


def test_find_dates_searches_only_the_given_slice_with_text_offsets() -> None:
    text = "On Monday a bomb. On Friday a strike."
    start = text.index("On Friday")
    (mention,) = find_dates(text, start, len(text))
    assert text[mention.start : mention.end] == "Friday"


@pytest.mark.parametrize(
    ("text", "published", "year", "body"),
    [
        (
            "KABUL, Afghanistan (Nov. 20, 2011) - An Afghan and coalition force detained two.",
            date(2011, 11, 20),
            None,
            "An Afghan",
        ),
        (
            "2010-09-CA-005\nKABUL, Afghanistan (Sept. 1) - A combined force detained one.",
            date(2010, 9, 1),
            2010,
            "A combined",
        ),
        (
            "Release 2010-06-CA-012\nKABUL, Afghanistan (June 25) - ISAF confirmed the death.",
            date(2010, 6, 25),
            2010,
            "ISAF",
        ),
        (
            "KANDAHAR, Afghanistan, Feb. 3, 2012 – Insurgents attacked a patrol.",
            date(2012, 2, 3),
            None,
            "Insurgents",
        ),
        (
            "2011-06-CA-012\nBAGRAM AIRFIELD, Afghanistan - A force detained a facilitator.",
            None,
            2011,
            "A force",
        ),
        ("KABUL, Afghanistan (Sept. 1) - A force detained one.", None, None, "A force"),
        (
            "2010-07-CA-227\n\xa0KABUL, Afghanistan (July 31) - A force detained three.",
            date(2010, 7, 31),
            2010,
            "A force",
        ),
    ],
)
def test_report_date_reads_isaf_style_datelines(
    text: str, published: date | None, year: int | None, body: str
) -> None:
    header = report_date(text)
    assert header.published == published
    assert header.year == year
    assert text[header.body_start :].lstrip(" –-").startswith(body)


def test_a_text_without_a_header_has_no_report_date() -> None:
    header = report_date("Gunmen attacked a village, killing three people.")
    assert header.published is None and header.year is None and header.body_start == 0


@pytest.mark.parametrize(
    ("words", "attributive"),
    [
        ("linked to the July 2 attack near the hotel", True),
        ("behind the May 11 insider attack", True),
        ("killed in an airstrike on July 2 near the hotel", False),
        ("fighting resumed on the border July 2 and", False),
    ],
)
def test_a_date_between_the_and_a_noun_names_another_event(words: str, attributive: bool) -> None:
    (mention,) = [m for m in find_dates(words) if m.kind == "absolute"]
    assert mention.attributive is attributive


@pytest.mark.parametrize(
    ("words", "days"), [("during the past two days", 2), ("over the last 3 days", 3)]
)
def test_the_past_days_start_that_many_days_back_within_the_week(words: str, days: int) -> None:
    assert _resolve(words) == (THURSDAY - timedelta(days=days), 2)


def test_a_lede_ending_in_a_date_is_not_a_dateline() -> None:
    header = report_date("Commandos detained two men in Archi district, Kunduz province, Feb. 26.")
    assert header.published is None and header.body_start == 0
