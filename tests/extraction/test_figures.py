"""Humanitarian figures: type, value as said, qualifier, unit and period, apart from events."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extraction.figures import FigureMention, find_figures

PUBLISHED = date(2020, 2, 27)


def _figures(sentence: str) -> list[FigureMention]:
    return find_figures(sentence, 0, len(sentence), PUBLISHED)


@pytest.mark.parametrize(
    ("sentence", "figure_type", "value", "qualifier", "low", "high", "unit", "words"),
    [
        (
            "The offensive has displaced almost a million people since December.",
            "displaced", 1_000_000, "up_to", None, 1_000_000, "people", "almost a million",
        ),
        (
            "Turkey already hosts more than 3.6 million Syrian refugees.",
            "refugees", 3_600_000, "more_than", 3_600_000, None, "people", "more than 3.6 million",
        ),
        (
            "About 2,000 families have been displaced since March 2019.",
            "displaced", 2000, "about", None, None, "households", "About 2,000",
        ),
        (
            "At least 40 people are still missing after the attack.",
            "missing", 40, "at_least", 40, None, "people", "At least 40",
        ),
        (
            "Some 500 households were affected by the floods.",
            "affected", 500, "about", None, None, "households", "Some 500",
        ),
        (
            "The clashes forced 3,000 villagers to flee.",
            "displaced", 3000, "exact", 3000, 3000, "people", "3,000",
        ),
        (
            "Nearly 12,000 people fled their homes.",
            "displaced", 12_000, "up_to", None, 12_000, "people", "Nearly 12,000",
        ),
        (
            "The camp hosts 20,000 refugees.",
            "refugees", 20_000, "exact", 20_000, 20_000, "people", "20,000",
        ),
    ],
)  # fmt: skip
def test_figures_keep_the_number_as_said_with_its_qualifier_and_unit(
    sentence: str,
    figure_type: str,
    value: int,
    qualifier: str,
    low: int | None,
    high: int | None,
    unit: str,
    words: str,
) -> None:
    (figure,) = _figures(sentence)
    assert (figure.figure_type, figure.value, figure.qualifier) == (figure_type, value, qualifier)
    assert (figure.low, figure.high, figure.unit) == (low, high, unit)
    assert sentence[figure.start : figure.end] == words


@pytest.mark.parametrize(
    ("sentence", "period_start"),
    [
        ("The offensive has displaced almost a million people since December.", date(2019, 12, 1)),
        ("About 2,000 families have been displaced since March 2019.", date(2019, 3, 1)),
        ("Some 300 families have been displaced since February.", date(2020, 2, 1)),
        ("The camp hosts 20,000 refugees.", None),
    ],
)
def test_since_a_month_starts_the_period_at_the_latest_such_month(
    sentence: str, period_start: date | None
) -> None:
    (figure,) = _figures(sentence)
    assert figure.period_start == period_start
    if period_start is not None:
        assert figure.period_span is not None
        assert sentence[slice(*figure.period_span)].lower().startswith("since")


@pytest.mark.parametrize(
    "sentence",
    [
        "Three people were killed in the attack.",
        "Gunmen abducted 30 students from a school.",
        "The army deployed 2,000 troops to the border.",
    ],
)
def test_deaths_abductions_and_troops_are_not_figures(sentence: str) -> None:
    assert _figures(sentence) == []


def test_figures_offsets_index_the_whole_text() -> None:
    text = "A strike hit the town.\n\nThe fighting has displaced 5,000 people."
    start = text.index("The fighting")
    (figure,) = find_figures(text, start, len(text), PUBLISHED)
    assert text[figure.start : figure.end] == "5,000"
    assert "displaced" in text[figure.clause_start : figure.clause_end]
