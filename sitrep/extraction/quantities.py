"""Quantities: how many people a phrase says, coded the ACLED way ("at least 22", "dozens").

Example:
    >>> parse_quantity("at least 22").value
    22
    >>> parse_quantity("dozens").qualifier
    'at_least'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.extraction._count_grammar import grammar
from sitrep.extraction._lexicons import load
from sitrep.records import Qualifier

SPECIFIC, VAGUE, UNSPECIFIED = 2, 1, 0
"""How precisely a count was stated; a folded event keeps its most precise counts."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A parsed quantity: its conservative value, qualifier, range and precision level."""

    value: int
    qualifier: Qualifier
    low: int | None
    high: int | None
    level: int
    stated: int | None = None

    @property
    def said(self) -> int:
        """The number as the words give it ("more than 30" → 30), for figures."""
        return self.value if self.stated is None else self.stated


#: More people than live on Earth: a larger "count" is a misread (an id, digits run together,
#: "1e308") and would not fit the store's 64-bit integers, so it is no count at all.
MAX_COUNT = 10_000_000_000


def quantity_pattern() -> re.Pattern[str]:
    """The compiled pattern of one quantity phrase (shared with :mod:`figures`)."""
    return grammar().qty


def parse_number(words: str) -> int | None:
    """The integer ``words`` spell: "22", "3.6 million", "twenty-two", "a dozen", "dozens".

    Example:
        >>> parse_number("twenty-two"), parse_number("3.6 million"), parse_number("a million")
        (22, 3600000, 1000000)
    """
    lex = load("numbers")
    text = " ".join(words.lower().replace("-", " ").split())
    for key in (text, re.sub(r"\s+of$", "", text)):
        if key in lex["vague"]:
            return int(lex["vague"][key])
    text = re.sub(r"\s+of$", "", text)
    if text in ("him", "her", "another", "another one"):
        return 1
    scales: dict[str, int] = lex["scales"]
    cardinals: dict[str, int] = lex["cardinals"]
    total = 0.0
    current = 0.0
    seen = False
    words_ = text.split()
    for i, word in enumerate(words_):
        if word == "and" and seen:
            continue  # "one hundred and five"
        if word in ("a", "an") and i > 0 and words_[i - 1] == "half":
            continue  # "half a million"
        if word == "half":
            current, seen = 0.5, True
        elif re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", word):
            current, seen = float(word.replace(",", "")), True
        elif word in scales:
            current = (current or 1.0) * scales[word]
            if scales[word] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif word in cardinals:
            current, seen = current + cardinals[word], True
        elif word == "both":
            current, seen = 2.0, True
        else:
            return None
    if not seen:
        return None
    value = round(total + current)
    return value if value <= MAX_COUNT else None


def parse_quantity(phrase: str) -> Quantity | None:
    """Parse a quantity phrase with its qualifier into a :class:`Quantity`.

    Example:
        >>> q = parse_quantity("more than 30")
        >>> (q.value, q.qualifier, q.low)
        (31, 'more_than', 31)
    """
    lex = load("numbers")
    between = re.fullmatch(r"between\s+(.+?)\s+and\s+(.+)", " ".join(phrase.split()), re.I)
    between = between or re.fullmatch(r"([\d,]+)\s*(?:-|–|to)\s*([\d,]+)", phrase.strip())
    if between:
        low, high = parse_number(between.group(1)), parse_number(between.group(2))
        if low is None or high is None:
            return None
        return Quantity(min(low, high), "at_least", min(low, high), max(low, high), SPECIFIC)
    match = grammar().qty_full.fullmatch(" ".join(phrase.split()))
    if match is None:
        return None
    num = match.group("num")
    value = parse_number(num)
    if value is None:
        return None
    qual_words = (match.group("qual") or "").lower()
    vague = num.lower() in lex["vague"] or re.sub(r"\s+of$", "", num.lower()) in lex["vague"]
    qualifier: Qualifier = lex["qualifiers"][qual_words] if qual_words else "exact"
    if vague:
        fewest = value + 1 if qualifier == "more_than" else value
        return Quantity(fewest, "at_least", fewest, None, VAGUE)
    if qualifier == "at_least":
        return Quantity(value, qualifier, value, None, SPECIFIC)
    if qualifier == "more_than":
        return Quantity(value + 1, qualifier, value + 1, None, SPECIFIC, value)
    if qualifier == "up_to":
        return Quantity(value, qualifier, None, value, SPECIFIC)
    if qualifier == "about":
        return Quantity(value, qualifier, None, None, SPECIFIC)
    return Quantity(value, "exact", value, value, SPECIFIC)
