"""The count grammar: the regular expressions :mod:`sitrep.extraction.counts` reads tolls with.

Built once per process from the lexicons (``numbers.toml`` for quantities,
``triggers.toml`` for the words that are never victims, ``speech.toml`` for the
cues of additive and earlier figures), so that each count carries exact offsets.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sitrep.extraction._lexicons import alternation, load


@dataclass(frozen=True, slots=True)
class Grammar:
    """The compiled patterns of quantities, deaths, injuries and tolls."""

    qty: re.Pattern[str]
    qty_full: re.Pattern[str]
    killed: tuple[re.Pattern[str], ...]
    joined: tuple[re.Pattern[str], ...]
    injured: tuple[re.Pattern[str], ...]
    toll: re.Pattern[str]
    mixed: tuple[re.Pattern[str], ...]
    rise: re.Pattern[str]
    non_person: frozenset[str]
    additive_before: re.Pattern[str]
    additive_first: re.Pattern[str]
    revision: re.Pattern[str]
    collective: re.Pattern[str]


_STOP = (
    r"and|or|but|while|who|which|that|were|was|is|are|been|be|have|has|had|wounded|injured|"
    r"detained|captured|arrested|killed|killing|dead|died|in|on|at|by|during|after|as|when"
)
_KILLING = (
    r"shot\s+dead|shot\s+to\s+death|gunned\s+down|beaten\s+to\s+death|hacked\s+to\s+death|stabbed\s+to\s+death|"
    r"burned\s+to\s+death|burnt\s+to\s+death|lynched|executed|beheaded|massacred|murdered"
)
_AUX = (
    r"were|was|have|has|had|been|are|is|being|also|reportedly|allegedly|all|later|"
    r"confirmed|subsequently|each|both|believed|reported|said|to|be|thought|found"
)
_HOW = (
    r"(?:(?:(?<=\bwas)|(?<=\bwere)|(?<=\bbeen)|(?<=\bare)|(?<=\bis))"
    r"\s+(?!(?:and|or)\b)\w+(?:ed|en|t)\s+and)?"
)
"""A passive verb coordinated before the death ("was shot and killed", "were abducted and
killed"): the victims of both are the same people. Without "was"/"were" the people before
it did the killing ("four armed men shot and killed a boy")."""
_THEN = r"(?:\s+and\s+(?!(?:injured|wounded|injuring|wounding)\b)\w+(?:ed|t))?"
"""A verb coordinated after the killing ("killed and burned a driver"): the same victims."""


@functools.cache
def grammar() -> Grammar:
    """The count grammar, compiled once."""
    lex = load("numbers")
    cardinals: dict[str, int] = {
        k: v for k, v in lex["cardinals"].items() if k not in ("a", "an", "a_single", "both")
    }
    tens = [w for w, v in cardinals.items() if v >= 20]
    units = [w for w, v in cardinals.items() if v < 10]
    words = alternation(list(cardinals))
    scales = alternation(list(lex["scales"]))
    number = (
        rf"(?:\d{{1,3}}(?:,\d{{3}})+|(?!(?:19|20)\d\d\b)\d+(?:\.\d+)?)(?:\s+(?:{scales}))?"
        rf"|(?:{alternation(tens)})[-\s](?:{alternation(units)})(?:\s+(?:{scales}))*"
        rf"|(?:{words})(?:\s+(?:{scales}))*(?:\s+and\s+(?:{words}))?"
        rf"|(?:a|one|half\s+a)\s+(?:{scales})"
    )
    # One more person ("wounded another one", "and another was injured"), not "another two".
    another = rf"another(?:\s+one)?(?!\s+(?:\d|(?:{words}|{scales})\b))"
    vague = alternation(list(lex["vague"]))
    quals = alternation(list(lex["qualifiers"]))
    qty = (
        rf"between\s+(?:{number})\s+and\s+(?:{number})"
        r"|\d{1,3}(?:,\d{3})*\s*(?:-|–|to)\s*\d{1,3}(?:,\d{3})*(?!\d)"
        rf"|(?:(?:{quals})\s+)?(?:(?:{vague})(?:\s+of)?|{number}|both|an?(?=\s+[a-z])"
        # "an additional two", "a further 40": the number counts, the article does not.
        rf"(?!\s+(?:additional|further)\s+(?:\d|(?:{words})\b)))"
    )
    speech = load("speech")
    additive = alternation(speech["additive_cues"])
    trig = load("triggers")
    # Words of weapons and events ("two air strikes killed ...") are not victims;
    # agent nouns among trigger words ("suicide bombers", "attackers") are people.
    non_person = frozenset(
        word
        for entry in trig["sub_event"]
        for p in entry["phrases"]
        for word in p.split()
        if not word.endswith(("ers", "ors", "men")) and word not in person_nouns()
    )
    word = rf"(?:\s+(?!(?:{_STOP})\b)[\w'’.-]+)"  # one word of a noun phrase
    # "killed with machetes two herders": the weapon in hand before the victims.
    weapons = alternation(load("codebook")["hand_weapons"])
    held = rf"(?:\s+(?:with|by)\s+(?:(?:an?|the|their|his)\s+)?(?:{weapons}))?"
    np = rf"(?P<np>{word}{{0,5}}?)"
    aux = rf"(?:\s+(?:{_AUX}))*"
    killed = (
        re.compile(  # "Three wounded soldiers were killed": wounded describes them
            rf"\b(?P<q>{qty})\s+(?:wounded|injured)(?P<np>{word}{{1,3}}?)"
            rf"{aux}\s+(?P<v>killed|died|dead|slain|{_KILLING})\b",
            re.I,
        ),
        re.compile(
            rf"\b(?P<q>{qty}){np}{aux}{_HOW}\s+(?P<v>killed|dead|died|slain|perished|deaths|"
            rf"fatalities|martyred|lost\s+their\s+lives|{_KILLING})\b",
            re.I,
        ),
        re.compile(
            rf"\b(?P<v>killed|killing|kills|kill|{_KILLING}){_THEN}{held}\s+(?:(?:all|the|some)\s+)?"
            rf"(?P<q>{qty}|{another})"
            rf"(?P<np>(?:\s+(?!(?:{_STOP})\b)[\w'’.-]+){{0,4}})",
            re.I,
        ),
        re.compile(  # "three civilian bodies were found": the dead, counted where found
            rf"\b(?P<q>{qty})(?P<np>(?:\s+(?!(?:{_STOP})\b)[\w'’.-]+){{0,2}}?)\s+(?P<v>bodies|corpses)"
            rf"\b(?:\s+(?:were|have\s+been|had\s+been))?\s+(?:found|recovered|discovered|retrieved|pulled)",
            re.I,
        ),
        re.compile(  # "Also killed in the strike were more than a dozen insurgents"
            rf"\b(?P<v>killed|dead)\s+(?:in\s+[^,.;]{{0,40}}?\s+)?(?:were|was)\s+(?P<q>{qty})"
            rf"(?P<np>(?:\s+(?!(?:{_STOP})\b)[\w'’.-]+){{0,4}})",
            re.I,
        ),
        re.compile(  # "beat a man to death"
            rf"\b(?P<v>beat|beaten|stabbed|hacked|burned|burnt|stoned)\s+(?P<q>{qty})"
            rf"(?P<np>(?:\s+(?!(?:{_STOP}|to)\b)[\w'’.-]+){{0,3}})\s+to\s+death",
            re.I,
        ),
        re.compile(  # "killing him": one person, named before
            r"\b(?P<v>killed|killing|kills|kill)\s+(?P<q>him|her)\b(?P<np>)",
            re.I,
        ),
        re.compile(
            rf"\b(?P<v>deaths?|killings?)\s+of\s+(?:the\s+)?(?P<q>{qty})"
            rf"(?P<np>(?:\s+(?!(?:{_STOP})\b)[\w'’.-]+){{0,4}})",
            re.I,
        ),
    )
    dying = rf"killed|dead|died|slain|perished|{_KILLING}"
    # "Two policemen and a civilian were killed", "killed a soldier and two civilians",
    # "their driver": two groups of victims of one clause, counted together.
    second = (
        rf"\s+and(?:\s+(?P<det>their|his|her|its|the))?(?:\s+(?P<q2>{qty}))?"
        rf"(?P<np2>{word}{{1,3}}?)"
    )
    joined = (
        # An aside in brackets may follow the first group ("three fighters (VDP) and a guard").
        re.compile(
            rf"\b(?P<q>{qty})(?P<np>{word}{{1,3}}?)(?:\s*\([^()]{{1,40}}\))?{second}{aux}"
            rf"\s+(?P<v>{dying})\b",
            re.I,
        ),
        re.compile(
            rf"\b(?P<v>killed|killing|kills|kill){_THEN}\s+(?P<q>{qty})(?P<np>{word}{{1,3}}?){second}"
            rf"(?=\s*(?:[,.;(]|$|\s+(?:in|on|at|near|during|when|while|after)\b))",
            re.I,
        ),
        # "Twelve people, including three children, were killed": the whole, not the part.
        re.compile(
            rf"\b(?P<q>{qty})(?P<np>{word}{{1,3}}?),\s+(?:including|among\s+them)\s+[^,.;]{{1,50}},"
            rf"{aux}\s+(?P<v>{dying})\b",
            re.I,
        ),
    )
    hurt = r"injured|wounded|hurt"
    injured = (
        # "25 others, including students, were injured": the whole, not the part.
        re.compile(
            rf"\b(?P<q>{qty})(?P<np>{word}{{0,3}}?),\s+(?:including|among\s+them)\s+[^,.;]{{1,50}},"
            rf"{aux}{_HOW}\s+(?P<v>{hurt})\b",
            re.I,
        ),
        re.compile(
            rf"\b(?P<q>{qty}|{another}|others|many\s+others|several\s+others){np}{aux}{_HOW}"
            rf"\s+(?P<v>{hurt})\b",
            re.I,
        ),
        re.compile(
            rf"\b(?P<v>wounding|injuring|wounded|injured|hurt)\s+(?:(?:the|some)\s+)?"
            rf"(?P<q>{qty}|{another}|others)"
            rf"(?P<np>(?:\s+(?!(?:{_STOP})\b)[\w'’.-]+){{0,3}})",
            re.I,
        ),
        # "Seven people sustained gunshot wounds", "two suffered serious injuries"
        re.compile(
            rf"\b(?P<q>{qty}){np}\s+(?P<v>sustained|suffered|received)\s+(?:[\w-]+\s+){{0,2}}?"
            r"(?:injuries|wounds)\b",
            re.I,
        ),
    )
    # "killing and injuring four", "four people were killed and injured": one number for
    # the dead and the hurt together.
    mixed = (
        re.compile(
            rf"\b(?:killing|killed|kills)\s+and\s+(?:injuring|wounding|injured|wounded)"
            rf"\s+(?:(?:the|some)\s+)?(?P<q>{qty})(?P<np>{word}{{0,3}})",
            re.I,
        ),
        re.compile(
            rf"\b(?P<q>{qty})(?P<np>{word}{{0,3}}?){aux}\s+(?:killed|dead)\s+and\s+"
            r"(?:injured|wounded)\b",
            re.I,
        ),
    )
    toll = re.compile(
        rf"\b(?:(?:death|casualty|fatality)\s+)?toll\b[^.;\d]{{0,40}}?"
        rf"(?:\bfrom\s+(?P<q0>{qty})\s+)?\b(?:to|at|of|reached|hit)\s+(?P<q>{qty})\b",
        re.I,
    )
    rise = re.compile(
        rf"\b(?:rose|risen|increased|climbed|jumped|grew|reached)\s+(?:from\s+(?P<q0>{qty})\s+)?"
        rf"to\s+(?P<q>{qty})\b",
        re.I,
    )
    return Grammar(
        qty=re.compile(rf"\b(?:{qty})\b", re.I),
        qty_full=re.compile(rf"(?:(?P<qual>{quals})\s+)?(?P<num>.+)", re.I | re.S),
        killed=killed,
        joined=joined,
        injured=injured,
        toll=toll,
        mixed=mixed,
        rise=rise,
        non_person=non_person,
        additive_before=re.compile(rf"\b{additive}\s*$"),
        additive_first=re.compile(rf"{additive}\b"),
        revision=re.compile(rf"\b{alternation(speech['revision_cues'])}\b", re.I),
        collective=re.compile(
            rf"\s*(?:{alternation(lex['collectives']['nouns'])})\s+of\s+(?P<q>{qty})\b", re.I
        ),
    )


@functools.cache
def person_nouns() -> frozenset[str]:
    """Nouns of a person: the speech lexicon's and the codebook's unorganised people."""
    return frozenset(load("speech")["person_nouns"]) | frozenset(load("codebook")["people"])
