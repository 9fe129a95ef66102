"""Joint evidence across an article's place names: its countries, and names written as nested.

A name alone is often ambiguous ("Bondo" is in Kenya and the Congo, "Vasylivka"
in Russia and Ukraine); the article around it seldom is. Two kinds of evidence
are read from all mentions together, as CLAVIN and Mordecai do:

- **the article's countries** (:func:`article_countries`): named countries,
  demonyms and nationalities ("Syrian", "Congolese"), the countries every
  reading of every place name lies in, and above all the hierarchy the text
  writes: "Afgoye (Afgoye, Lower Shabelle)", "Vasylivka, Zaporizhia", "X township,
  Y district, Z region", "Tal Abyad town in Ar Raqqa governorate". A pair of names
  of which one reading contains a reading of the other says which country both
  are in, though the country is never named.
- **nested readings** (:func:`nest`): where the text writes A inside B, the
  readings of A and B are chosen together so that B contains A, when such a pair
  exists, rather than each on its own.

Example:
    >>> links = hierarchy_links(mentions, text)                       # doctest: +SKIP
    >>> [(mentions[i].name, mentions[j].name) for i, j in links]      # doctest: +SKIP
    [('Afgoye', 'Lower Shabelle')]
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence

from spacy.tokens import Doc

from sitrep.geocode.gazetteer import Gazetteer
from sitrep.geocode.toponyms import Mention

# What may stand between a place and the larger place that contains it: "A, B", "A (B",
# "A in B", "A of the B", "A town in B", "A - B".
_LINK = re.compile(r"\s*(?:,|\(|\s-|,?\s*(?:in|of|near|at|inside)\s+(?:the\s+)?)\s*")
# ... and between a larger place and one inside it: "Iraq's Kurdistan region".
_OWNED = re.compile(r"\s*['’]s\s+")
_NAMED = 2.0  # a country's own name
_SHARED_NAME = 1.0  # a name two countries share ("Congo"), for each
_DEMONYM = 0.5  # a nationality is often the attacker's, not the place's
_NESTED = 3.0  # a pair of names the text writes as nested, whose readings nest in one country
_READING = 1.0  # a place name's readings, shared among the countries they lie in
_MANY = 6  # a name found in more countries than this is too common to say anything
_KEEP = 3  # a country with less than a third of the top country's votes is background


def hierarchy_links(mentions: Sequence[Mention], text: str) -> list[tuple[int, int]]:
    """(inner, outer) positions of consecutive mentions the text writes as nested.

    Only the words between them are read; whether the places really nest is for
    the gazetteer to say (a list "Kabul, Kandahar" links two towns, and no
    reading of either contains the other).
    """
    links: list[tuple[int, int]] = []
    for i in range(len(mentions) - 1):
        if mentions[i].sentence != mentions[i + 1].sentence:
            continue
        between = text[mentions[i].end : mentions[i + 1].start]
        if _LINK.fullmatch(between):
            links.append((i, i + 1))
        elif _OWNED.fullmatch(between):
            links.append((i + 1, i))
    return links


def article_countries(
    gaz: Gazetteer,
    doc: Doc,
    mentions: Sequence[Mention],
    readings: Sequence[tuple[int, ...]],
    links: Sequence[tuple[int, int]],
) -> list[int]:
    """Countries of the article, most evidenced first; background countries are left out.

    A country with less than a third of the top country's votes is background
    ("a Reuters correspondent in the US"): its towns are not candidates.
    """
    ranked = country_votes(gaz, doc, mentions, readings, links)
    return [country for country, count in ranked if count * _KEEP >= ranked[0][1]]


def country_votes(
    gaz: Gazetteer,
    doc: Doc,
    mentions: Sequence[Mention],
    readings: Sequence[tuple[int, ...]],
    links: Sequence[tuple[int, int]],
) -> list[tuple[int, float]]:
    """Every country with evidence in the article and its votes, most first."""
    votes: defaultdict[int, float] = defaultdict(float)
    for mention, ids in zip(mentions, readings, strict=True):
        named = [i for i in ids if gaz.kind_rank(i) == 0]
        if named:
            # A name two countries share ("Congo") votes for both, by half: the
            # provinces the article names ("North Kivu") then decide.
            # A country the text is only about ("the invasion of Ukraine") says less than
            # one it is in ("in Ukraine").
            weight = 1.0 if mention.locative else 0.5
            for named_id in named:
                votes[named_id] += weight * (_NAMED if len(named) == 1 else _SHARED_NAME)
            continue
        if not (mention.entity or mention.feature) and mention.weak:
            continue
        best: dict[int, float] = {}
        for place_id in ids:
            country = gaz.country_of(place_id)
            best[country] = max(best.get(country, 0.0), prior(gaz, place_id))
        total = sum(best.values())
        if best and len(best) <= _MANY:
            where = 2.0 if mention.locative else 1.0  # "in Joensuu": where the text is
            for country, weight in best.items():
                # Shared among the countries, and no more than the reading's prior: one
                # hamlet of a name is weak evidence of its country.
                votes[country] += where * _READING * weight * weight / total
    for inner, outer in links:
        nested = {
            gaz.country_of(o)
            for o in readings[outer]
            if gaz.kind_rank(o) > 0
            for i in readings[inner]
            if i != o and gaz.is_ancestor(o, i)
        }
        for country in nested:
            votes[country] += _NESTED / len(nested)
    for token in doc:
        if token.ent_type_ == "NORP" or (token.is_title and token.pos_ in ("ADJ", "PROPN")):
            demonym_of = gaz.demonym_country(token.text)
            if demonym_of is not None:
                votes[demonym_of] += _DEMONYM
    return sorted(votes.items(), key=lambda item: -item[1])


def prior(gaz: Gazetteer, place_id: int) -> float:
    """How likely a reading is before context: provinces and cities over hamlets (0.1–1).

    A name that is a province in one country and a village in another is far
    more often the province in the news: the vote it casts is shared in these
    proportions ("Kandahar" is Afghanistan's, not the Indian village's).
    """
    kind = gaz.kind_rank(place_id)
    if kind < 2:
        return 1.0
    if kind == 2:
        return 0.6
    return min(1.0, max(0.1, math.log10(gaz.population(place_id) + 1) / 6 - 0.3))


def fit_inner(
    gaz: Gazetteer, links: Sequence[tuple[int, int]], readings: list[tuple[int, ...]]
) -> list[tuple[int, ...]]:
    """Drop readings of a linked inner name larger than every reading of its outer name.

    A name written inside a district is no province: in "X (Y, Z)" where Z is
    only a district, a province abroad that Y is an alias of is no reading of Y.
    A country's own name is kept, and so is every reading when none fits.
    """
    out = list(readings)
    for inner, outer in links:
        largest = min((gaz.kind_rank(i) for i in out[outer]), default=0)
        fitting = tuple(
            i for i in out[inner] if gaz.kind_rank(i) == 0 or gaz.kind_rank(i) >= largest
        )
        if fitting:
            out[inner] = fitting
    return out


def nest(
    gaz: Gazetteer,
    links: Sequence[tuple[int, int]],
    candidates: Sequence[tuple[int, ...]],
    chosen: list[int | None],
    score: Callable[[int, int], float],
    home: int | None = None,
) -> list[int | None]:
    """Re-choose linked names so that the outer one's reading contains the inner one's.

    Links are taken from the last to the first, so in "A, B, C" the pair (B, C)
    is settled before A is put inside B. A pair is changed only when some pair of
    readings nests; ``score(position, place_id)`` ranks the nesting pairs. A name
    written inside a country that has no reading there is dropped, and so is one
    written inside a province of another country, unless it lies in ``home``,
    the article's first country (there the province is more likely misspelt:
    "Nawah district, Ghanzi province" in an Afghan release).
    """
    out = list(chosen)
    fixed: set[int] = set()
    for inner, outer in reversed(links):
        a, b = out[inner], out[outer]
        if a is not None and b is not None and a != b and gaz.is_ancestor(b, a):
            fixed.update((inner, outer))
            continue
        outers = [b] if outer in fixed and b is not None else list(candidates[outer])
        pairs = [
            (score(inner, i) + score(outer, o), i, o)
            for o in outers
            for i in candidates[inner]
            if i != o and gaz.is_ancestor(o, i)
        ]
        if pairs:
            _, out[inner], out[outer] = max(pairs)
            fixed.update((inner, outer))
        elif (
            b is not None
            and a is not None
            and (gaz.kind_rank(b) == 0 or gaz.country_of(a) not in (gaz.country_of(b), home))
        ):
            # "Iraq's Kurdistan region" with no Kurdistan in Iraq: not Iran's; "Bingol
            # (…, Seno)" with no Bingol in Burkina Faso: not Turkey's.
            out[inner] = None
    return out
