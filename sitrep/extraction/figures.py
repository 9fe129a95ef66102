"""Humanitarian figures: displaced, refugees, missing, affected — quantities that are not one event.

IDMC-style figures describe a population over a period ("has displaced almost a
million people since December"), not a violent event on a day, so they are kept
apart from events with their own period. Each figure keeps the qualifier of its
words and the unit counted (people, households, families, children).

Example:
    >>> from datetime import date
    >>> s = "Turkey already hosts more than 3.6 million Syrian refugees."
    >>> found = find_figures(s, 0, len(s), date(2020, 2, 27))
    >>> [(f.figure_type, f.value, f.qualifier) for f in found]
    [('refugees', 3600000, 'more_than')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from sitrep.extraction.counts import parse_quantity, quantity_pattern
from sitrep.records import Qualifier

_UNITS = {"households": "households", "families": "households", "children": "children"}
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FigureMention:
    """A figure found in one sentence; ``start``/``end`` cover its quantity words."""

    figure_type: str
    value: int
    low: int | None
    high: int | None
    qualifier: Qualifier
    unit: str
    start: int
    end: int
    clause_start: int
    clause_end: int
    period_start: date | None
    period_span: tuple[int, int] | None


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    qty = quantity_pattern().pattern
    gap = r"(?:\s+[\w'’-]+){0,3}?"
    people = r"(?:\s+(?P<unit>people|persons|civilians|residents|households|families|children|villagers|individuals))?"  # noqa: E501
    return (
        ("displaced", re.compile(
            rf"\b(?:displaced|uprooted|forced)\s+(?P<q>{qty}){people}", re.I)),
        ("displaced", re.compile(
            rf"(?P<q>{qty}){people}{gap}\s+(?:have\s+been\s+|were\s+|are\s+|had\s+been\s+)?"
            rf"(?:displaced|fled\s+their\s+homes|forced\s+to\s+flee|made\s+homeless)", re.I)),
        ("refugees", re.compile(rf"(?P<q>{qty}){gap}\s+refugees\b", re.I)),
        ("missing", re.compile(
            rf"(?P<q>{qty}){people}{gap}\s+(?:are\s+|were\s+|remain\s+|remained\s+)?"
            rf"(?:still\s+)?missing\b", re.I)),
        ("affected", re.compile(
            rf"(?P<q>{qty}){people}\s+(?:have\s+been\s+|were\s+|are\s+)?affected\b", re.I)),
    )  # fmt: skip


_FIGURE_WORDS = re.compile(
    r"displac|uproot|forced|fled|flee|homeless|refugee|missing|affected", re.I
)
"""Word stems every figure pattern contains; a sentence without one states no figure."""

_SINCE = re.compile(
    r"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?P<month>" + "|".join(_MONTH_NAMES) + r")"
    r"(?:\s+(?P<year>(?:19|20)\d\d))?\b",
    re.I,
)


def find_figures(text: str, start: int, end: int, published: date | None) -> list[FigureMention]:
    """The humanitarian figures stated in the sentence ``text[start:end]``."""
    if not _FIGURE_WORDS.search(text, start, end):
        return []
    found: list[FigureMention] = []
    taken: list[tuple[int, int]] = []
    since = _SINCE.search(text, start, end)
    period_start = _month_start(since, published) if since else None
    for figure_type, pattern in _patterns():
        for m in pattern.finditer(text, start, end):
            qs, qe = m.span("q")
            if any(s < qe and qs < e for s, e in taken):
                continue
            quantity = parse_quantity(m.group("q"))
            if quantity is None or quantity.value < 2:
                continue
            unit = _UNITS.get((m.groupdict().get("unit") or "").lower(), "people")
            taken.append((qs, qe))
            found.append(
                FigureMention(
                    figure_type,
                    quantity.said,
                    quantity.said if quantity.qualifier == "more_than" else quantity.low,
                    quantity.high,
                    quantity.qualifier,
                    unit,
                    qs,
                    qe,
                    m.start(),
                    m.end(),
                    period_start,
                    since.span() if since and period_start else None,
                )
            )
    return sorted(found, key=lambda f: f.start)


def _month_start(m: re.Match[str], published: date | None) -> date | None:
    """The first day of the month "since December" names: the latest one before publication."""
    month = _MONTH_NAMES.index(m.group("month").lower()) + 1
    if m.group("year"):
        return date(int(m.group("year")), month, 1)
    if published is None:
        return None
    year = published.year if month <= published.month else published.year - 1
    return date(year, month, 1)
