"""Actors: who did it to whom, named the way ACLED names them.

Mentions are found with the patterns of ``actors.toml`` ("government forces",
"Turkish soldiers", "gunmen", "Taliban") and normalised there ("Military
Forces of Turkey", "Unidentified Armed Group (Afghanistan)"), with ACLED's
interaction codes. A role comes from how the mention attaches to the event's
words: the agent of a passive ("killed in an air strike by government forces"),
the subject of an active trigger ("gunmen attacked") → perpetrator (actor 1);
the victims of a count, the object of a trigger, or what an attack was "on" →
target (actor 2). "backed by Russia" names an associated actor of the perpetrator.

Example:
    >>> ctx = ActorContext.of("The Syrian government pressed on. Air strikes by government forces.")
    >>> [m.name for m in ctx.within(34, 69)]
    ['Military Forces of Syria']
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import countryinfo
from spacy.tokens import Doc

from sitrep.extraction._lexicons import alternation, load
from sitrep.extraction._taken import Taken
from sitrep.extraction.notes import fill_country, note
from sitrep.records import Event

_AGENT = re.compile(r"\bby\s+(?:the\s+|a\s+|an\s+)?$", re.I)
_TARGET = re.compile(r"\b(?:on|against|targeting|targeted|at)\s+(?:the\s+|a\s+|an\s+)?$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
_GROUP_NOUNS = frozenset(
    {
        "number",
        "group",
        "member",
        "band",
        "crowd",
        "gang",
        "team",
        "dozen",
        "hundred",
        "thousand",
        "score",
        "couple",
        "handful",
        "faction",
        "element",
        "unit",
        "cell",
        "section",
        "fighter",
    }
)
_BACKER = re.compile(r"\b(?:backed|supported|aided|assisted)\s+by\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A normalised actor name, its ACLED interaction code, and where it was said."""

    name: str
    inter: int
    start: int
    end: int
    generic: bool


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    name: str
    inter: int


@dataclass(frozen=True, slots=True)
class ActorContext:
    """What the whole article says that actor names need: its government's and main country.

    ``government`` fills "government forces" ("the Syrian government" → Syria);
    ``country`` fills unnamed groups ("gunmen" → "Unidentified Armed Group (Nigeria)");
    ``named_group`` is the one armed group the article names, which its unnamed
    "insurgents" most likely belong to.
    """

    government: str | None
    country: str | None
    named_group: ActorMention | None
    mentions: tuple[ActorMention, ...]

    @classmethod
    def of(cls, text: str) -> ActorContext:
        """Read the context, and every actor mention, from the article text (one scan)."""
        lex = _lexicon()
        government = None
        m = lex.government.search(text)
        if m:
            government = lex.demonyms[m.group("dem").lower()]
        votes = Counter(lex.demonyms[d.group(0).lower()] for d in lex.demonym.finditer(text))
        country = government or (votes.most_common(1)[0][0] if votes else None)
        mentions = tuple(_scan(text, 0, len(text), government, country))
        groups = {m.name: m for m in mentions if m.inter == 2 and not m.generic}
        named = next(iter(groups.values())) if len(groups) == 1 else None
        return cls(government, country, named, mentions)

    def within(self, start: int, end: int) -> list[ActorMention]:
        """The actor mentions inside ``[start, end)`` of the article, in text order.

        The article was scanned once when its context was read; this picks the
        mentions of one sentence or clause from that scan.
        """
        return [m for m in self.mentions if start <= m.start and m.end <= end]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    patterns: tuple[_Pattern, ...]
    demonyms: dict[str, str]
    demonym: re.Pattern[str]
    government: re.Pattern[str]
    modifier: re.Pattern[str]


def _country_words() -> dict[str, str]:
    """Every country's name and demonym from ``countryinfo`` ("nigeria", "nigerian" → Nigeria).

    The table in ``actors.toml`` overrides these with ACLED's spellings.
    """
    words: dict[str, str] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        name, demonym = info.get("name"), info.get("demonym")
        if not name or not (info.get("ISO") or {}).get("alpha2"):
            continue
        words.setdefault(name.lower(), name)
        if demonym and len(demonym) > 3:
            words.setdefault(demonym.lower(), name)
    return words


@functools.cache
def _lexicon() -> _Lexicon:
    data = load("actors")
    demonyms = {**_country_words(), **{k.lower(): v for k, v in data["demonyms"].items()}}
    dem = alternation(list(demonyms))
    patterns = tuple(
        _Pattern(
            re.compile(
                r"(?<![\w-])(?:"
                + row["pattern"].replace("{demonym}", f"(?P<dem>{dem})")
                + r")(?![\w-])",
                re.I,
            ),
            row["name"],
            row["inter"],
        )
        for row in data["actor"]
    )
    return _Lexicon(
        patterns=patterns,
        demonyms={k.lower(): v for k, v in demonyms.items()},
        demonym=re.compile(rf"(?<![\w-])(?:{dem})(?![\w-])", re.I),
        modifier=re.compile(
            rf"(?<![\w-])(?P<who>(?P<dem>{dem})|government|regime|pro-government)"
            r"(?:\s+(?:air\s+force|army|military|navy|forces?))?\s+$",
            re.I,
        ),
        government=re.compile(
            rf"(?<![\w-])(?P<dem>{dem})\s+(?:government|regime|president|army|military)\b", re.I
        ),
    )


def _scan(
    text: str, start: int, end: int, government: str | None, country: str | None
) -> list[ActorMention]:
    """Every actor mention of ``text[start:end]``; where readings overlap the longest wins.

    "Kachin Independence Army" is the rebel group, not "army"; among readings of
    equal length the earlier pattern of ``actors.toml`` wins.
    """
    lex = _lexicon()
    matches = [
        (m.end() - m.start(), order, m)
        for order, pattern in enumerate(lex.patterns)
        for m in pattern.regex.finditer(text, start, end)
    ]
    found: list[ActorMention] = []
    taken = Taken()
    for _, order, m in sorted(matches, key=lambda x: (-x[0], x[1], x[2].start())):
        if not taken.free(*m.span()):
            continue
        pattern = lex.patterns[order]
        named = m.groupdict().get("dem")
        place = lex.demonyms[named.lower()] if named else None
        if "{country}" in pattern.name and place is None:
            place = government if pattern.inter == 1 else country
        # With no country in sight the placeholder stays, for name_by_place to fill.
        name = pattern.name.replace("{country}", place) if place else pattern.name
        taken.take(*m.span())
        found.append(ActorMention(name, pattern.inter, m.start(), m.end(), "(" in name))
    return sorted(found, key=lambda a: a.start)


def country_backer(text: str, start: int, end: int) -> ActorMention | None:
    """A country named as a backer in ``text[start:end]`` ("backed by Russia") as a state force."""
    lex = _lexicon()
    for m in lex.demonym.finditer(text, start, end):
        if _BACKER.search(text, max(0, m.start() - 30), m.start()):
            country = lex.demonyms[m.group(0).lower()]
            return ActorMention(f"Military Forces of {country}", 1, m.start(), m.end(), False)
    return None


def state_force_before(text: str, start: int, context: ActorContext) -> ActorMention | None:
    """The state force a trigger's modifier names ("Russian drone strike", "government shelling").

    ACLED codes an air strike or shelling "by Russia" as Military Forces of Russia.
    """
    lex = _lexicon()
    window = text[max(0, start - 40) : start]
    m = lex.modifier.search(window)
    if m is None:
        return None
    base = max(0, start - 40)
    if m.group("dem"):
        country = lex.demonyms[m.group("dem").lower()]
    elif context.government:
        country = context.government
    else:
        return None
    return ActorMention(
        f"Military Forces of {country}", 1, base + m.start("who"), base + m.end("who"), False
    )


def role(doc: Doc, text: str, mention: ActorMention) -> tuple[str, int] | None:
    """``("perpetrator" | "target", strength)``, or ``None``: how the mention attaches.

    Words first ("by", "between", "on", "against" just before the mention: strong),
    then the parse: the subject of an active verb is its doer, the passive subject
    or the direct object its target (weak). A modifier ("Al-Shabaab fighters", "an
    army checkpoint") takes the role of the noun it modifies; the subject of a
    verb of saying ("residents said") is a source, not a party.
    """
    before = text[max(0, mention.start - 20) : mention.start]
    if _BACKER.search(before):
        return None
    if _AGENT.search(before):
        return "perpetrator", 3
    if _BETWEEN.search(before):
        return "perpetrator", 2
    if _TARGET.search(before):
        return "target", 2
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    while root.dep_ in ("compound", "amod", "nmod", "poss") and root.head is not root:
        root = root.head
    # "a number of farmers attacked", "members of Boko Haram killed": the group is its members.
    while (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lemma_.lower() in _GROUP_NOUNS
    ):
        root = root.head.head
    if root.dep_ in ("nsubj", "csubj"):
        return None if root.head.lemma_ in _speech_verbs() else ("perpetrator", 1)
    if root.dep_ in ("nsubjpass", "dobj"):
        return "target", 1
    if root.dep_ == "pobj" and root.head.lower_ == "by":
        return "perpetrator", 3
    if root.dep_ == "pobj" and root.head.lower_ in ("on", "against", "at"):
        return "target", 2
    if root.dep_ == "conj" and any(t.lower_ == "between" for t in root.head.ancestors):
        return "target", 2
    return None


@functools.cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(load("speech")["speech_verbs"])


_COUNTRY_SUFFIX = re.compile(r"\((?P<country>[^()]+)\)$")


def name_by_place(event: Event) -> Event:
    """Name unnamed groups after the country the event happened in, as ACLED does.

    "Civilians (Russia)" was only the article's guess at the country; once the
    geocoder has placed the event in Ukraine it is "Civilians (Ukraine)".
    """
    changes: dict[str, Any] = {}
    country = acled_country(event.country) if event.country else None
    for name in ("actor1", "actor2", "assoc_actor1", "assoc_actor2"):
        value = getattr(event, name)
        if not value:
            continue
        if "{country}" in value:
            changes[name] = fill_country(value, country)
        elif country and (m := _COUNTRY_SUFFIX.search(value)) and m.group("country") != country:
            changes[name] = value[: m.start()] + f"({country})"
    if not changes:
        return event
    named = dataclasses.replace(event, **changes)
    return dataclasses.replace(named, notes=note(named))


def acled_country(name: str) -> str:
    """ACLED's spelling of a country name ("Democratic Republic of the Congo" → "... of Congo")."""
    spellings: dict[str, str] = load("actors")["acled_country_names"]
    return spellings.get(name, name)
