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

from sitrep.extraction._lexicons import alternation, load
from sitrep.extraction.counts import parse_quantity, quantity_pattern
from sitrep.records import Qualifier


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


@dataclass(frozen=True, slots=True)
class _Grammar:
    """The figure patterns of one language, built from its ``figures`` lexicon."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    figure_words: re.Pattern[str]
    """Any phrase a figure pattern needs; a sentence without one states no figure."""
    since: re.Pattern[str]
    months: dict[str, int]
    unit_kinds: dict[str, str]


@functools.cache
def _grammar(lang: str) -> _Grammar:
    words = load("figures", lang)
    displaced, refugees, missing, affected = (
        words[k] for k in ("displaced", "refugees", "missing", "affected")
    )

    def any_of(phrases: list[str]) -> str:
        return f"(?:{alternation(phrases)})"

    def aux(table: dict[str, list[str]]) -> str:
        return rf"(?:{any_of(table['auxiliaries'])}\s+)?"

    qty = quantity_pattern().pattern
    gap = r"(?:\s+[\w'’-]+){0,3}?"
    people = rf"(?:\s+(?P<unit>{alternation(words['units'])}))?"
    patterns = (
        ("displaced", re.compile(
            rf"\b{any_of(displaced['before'])}\s+(?P<q>{qty}){people}", re.I)),
        ("displaced", re.compile(
            rf"(?P<q>{qty}){people}{gap}\s+{aux(displaced)}{any_of(displaced['after'])}", re.I)),
        ("refugees", re.compile(rf"(?P<q>{qty}){gap}\s+{any_of(refugees['after'])}\b", re.I)),
        ("missing", re.compile(
            rf"(?P<q>{qty}){people}{gap}\s+{aux(missing)}"
            rf"(?:{any_of(missing['adverbs'])}\s+)?{any_of(missing['after'])}\b", re.I)),
        ("affected", re.compile(
            rf"(?P<q>{qty}){people}\s+{aux(affected)}{any_of(affected['after'])}\b", re.I)),
    )  # fmt: skip
    cues = [
        phrase
        for table in (displaced, refugees, missing, affected)
        for phrase in table.get("before", []) + table["after"]
    ]
    months = {names[0]: n for n, names in enumerate(load("dates", lang)["months"], 1)}
    since = re.compile(
        rf"\b{any_of(words['since'])}\s+(?:{any_of(words['since_modifiers'])}\s*)?"
        rf"(?P<month>{alternation(list(months))})(?:\s+(?P<year>(?:19|20)\d\d))?\b",
        re.I,
    )
    return _Grammar(
        patterns=patterns,
        figure_words=re.compile(any_of(cues), re.I),
        since=since,
        months=months,
        unit_kinds=dict(words["unit_kinds"]),
    )


def find_figures(
    text: str, start: int, end: int, published: date | None, lang: str = "en"
) -> list[FigureMention]:
    """The humanitarian figures stated in the sentence ``text[start:end]``, in language ``lang``."""
    grammar = _grammar(lang)
    if not grammar.figure_words.search(text, start, end):
        return []
    found: list[FigureMention] = []
    taken: list[tuple[int, int]] = []
    since = grammar.since.search(text, start, end)
    period_start = _month_start(since, published, grammar) if since else None
    for figure_type, pattern in grammar.patterns:
        for m in pattern.finditer(text, start, end):
            qs, qe = m.span("q")
            if any(s < qe and qs < e for s, e in taken):
                continue
            quantity = parse_quantity(m.group("q"))
            if quantity is None or quantity.value < 2:
                continue
            unit = grammar.unit_kinds.get((m.groupdict().get("unit") or "").lower(), "people")
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


def _month_start(m: re.Match[str], published: date | None, grammar: _Grammar) -> date | None:
    """The first day of the month "since December" names: the latest one before publication."""
    month = grammar.months[m.group("month").lower()]
    if m.group("year"):
        return date(int(m.group("year")), month, 1)
    if published is None:
        return None
    year = published.year if month <= published.month else published.year - 1
    return date(year, month, 1)
