"""Counts: numbers with their qualifiers, and the killed / injured statements that carry them.

A count is a quantity ("at least 22", "twenty-two", "dozens", "an") attached to a
death or injury predicate in one sentence. Patterns are compiled once from the
lexicons (``numbers.toml``, ``triggers.toml``) and run over sentence text, so
every count carries exact character offsets for its evidence.

Conventions (ACLED codebook, as data in ``numbers.toml``):

* "at least 22" → 22, low 22; "more than 30" → 31 (the fewest the words allow, as
  the labelled minimum counts code it), low 31; "nearly/almost/up to N" → N with
  high N; "about N" → N. ``stated`` keeps the number as written (30).
* vague words ("dozens" 12, "tens" 10, "hundreds" 100, "several" 3) count as their
  codebook value with qualifier ``at_least``.
* deaths with no number ("killing the insurgents", "he was killed") count 3 when
  the victims are plural and 1 when singular; they rank below any stated number.
* injured people are never counted as killed: the two predicates are separate.

Example:
    >>> parse_quantity("at least 22").value
    22
    >>> parse_quantity("dozens").qualifier
    'at_least'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Token

from sitrep.extraction._lexicons import alternation, load
from sitrep.extraction._taken import Taken
from sitrep.records import Qualifier

CountKind = Literal["killed", "injured"]

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


@dataclass(frozen=True, slots=True)
class Count:
    """A killed or injured statement: the quantity, where it is, and what it says about whom.

    ``start``/``end`` cover the quantity words; ``clause_start``/``clause_end`` the
    whole statement ("At least 22 Turkish soldiers have been killed");
    ``victims`` the words naming who ("Turkish soldiers"), for the target actor;
    ``rise`` marks a toll said to have risen to it ("the toll rose to 12"), which
    makes smaller figures stated before it earlier figures of the same event;
    ``additive`` marks more people ("two more", "other insurgents"), ``also`` a toll
    told with "also", which adds only where the event has a toll before it.
    """

    kind: CountKind
    quantity: Quantity | None
    start: int
    end: int
    clause_start: int
    clause_end: int
    victims: str
    revision: bool = False
    additive: bool = False
    rise: bool = False
    also: bool = False


@dataclass(frozen=True, slots=True)
class _Grammar:
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


#: More people than live on Earth: a larger "count" is a misread (an id, digits run together,
#: "1e308") and would not fit the store's 64-bit integers, so it is no count at all.
MAX_COUNT = 10_000_000_000

_STOP = (
    r"and|or|but|while|who|which|that|were|was|is|are|been|be|have|has|had|wounded|injured|"
    r"detained|captured|arrested|killed|killing|dead|died|in|on|at|by|during|after|as|when"
)
_MOURNED = re.compile(
    r"\b(?:protest\w*|mourn\w*|over|against|commemorat\w*|anniversary|avenge\w*|marking)\b"
    r"[^.;]{0,25}$"
)
_DATE_BEFORE = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\d[-/])\s*$", re.I
)
_ERA_AFTER = re.compile(r"\s*(?:BC|BCE|AD|CE)\b")
_HARM = re.compile(
    r"kill|dead|die|death|slain|perish|fatal|martyr|lives|shot|gunned|beat|hack|stab|burn|"
    r"stoned|lynch|execut|behead|massacr|murder|injur|wound|hurt|toll",
    re.I,
)
"""Word stems every killed or injured pattern contains; a sentence without one has no count."""
_ALSO = re.compile(r"\balso\b", re.I)
_ALSO_BEFORE = re.compile(r"\balso\s+(?:\w+ly\s+)?$", re.I)
"""A toll with "also" in its clause or just before its verb adds to those counted already:
"Also killed in the strike were more than a dozen insurgents", "the blast also killed
three civilians"."""
_PASSIVE = re.compile(r"\b(?:were|was|been|are|is)\b", re.I)
_RISEN = re.compile(r"\b(?:rose|risen|increased|climbed|jumped|grew|reached)\b", re.I)
_NOBODY = frozenset({"one", "nobody", "none", "anyone", "anybody", "no-one", "noone"})
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
_OBJECT_AFTER = re.compile(
    r"\s+(?:a|an|the|his|her|their|its|one|two|three|four|five|six|seven|eight|nine|ten|\d)\b",
    re.I,
)
"""Words that open the object of an active verb ("shot dead a man")."""
_THEN = r"(?:\s+and\s+(?!(?:injured|wounded|injuring|wounding)\b)\w+(?:ed|t))?"
"""A verb coordinated after the killing ("killed and burned a driver"): the same victims."""


@functools.cache
def _grammar() -> _Grammar:
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
        if not word.endswith(("ers", "ors", "men")) and word not in _person_nouns()
    )
    word = rf"(?:\s+(?!(?:{_STOP})\b)[\w'’.-]+)"  # one word of a noun phrase
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
            rf"\b(?P<v>killed|killing|kills|kill|{_KILLING}){_THEN}\s+(?:(?:all|the|some)\s+)?"
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
            rf"\b(?P<v>deaths?)\s+of\s+(?:the\s+)?(?P<q>{qty})"
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
        re.compile(rf"\b(?P<q>{qty})(?P<np>{word}{{1,3}}?){second}{aux}\s+(?P<v>{dying})\b", re.I),
        re.compile(
            rf"\b(?P<v>killed|killing|kills|kill){_THEN}\s+(?P<q>{qty})(?P<np>{word}{{1,3}}?){second}"
            rf"(?=\s*(?:[,.;]|$|\s+(?:in|on|at|near|during|when|while|after)\b))",
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
    return _Grammar(
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
    )


def quantity_pattern() -> re.Pattern[str]:
    """The compiled pattern of one quantity phrase (shared with :mod:`figures`)."""
    return _grammar().qty


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
    match = _grammar().qty_full.fullmatch(" ".join(phrase.split()))
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


def find_counts(text: str, start: int, end: int) -> list[Count]:
    """Every killed and injured statement in ``text[start:end]`` (one sentence).

    Example:
        >>> s = "At least 22 soldiers were killed and others were injured."
        >>> [(c.kind, c.quantity and c.quantity.value) for c in find_counts(s, 0, len(s))]
        [('killed', 22), ('injured', None)]
    """
    sentence = text[start:end]
    if not _HARM.search(sentence):
        return []  # most sentences of a report state no harm: skip the patterns
    g = _grammar()
    found: list[Count] = []
    taken = Taken()
    # Where the first revision cue ("earlier toll", "initially") ends: a count after it is an
    # earlier figure. Found once, not searched again from the start for every count.
    cue_end = min((c.end() for c in g.revision.finditer(sentence)), default=None)

    def add(
        kind: CountKind,
        m: re.Match[str],
        group: str,
        revision: bool,
        *,
        rise: bool = False,
        joined: bool = False,
    ) -> None:
        qs, qe = m.span(group)
        claim = m.span() if joined else (qs, qe)
        if not taken.free(*claim):
            return
        words = m.group(group)
        quantity = parse_quantity(words)
        np = (m.groupdict().get("np") or "").strip()
        if joined:
            if m.groupdict().get("np2") is not None and not (m.group("det") or m.group("q2")):
                return  # "killing four people and wounding nine": no second group of victims
            passive = m.start("v") > qs
            if (
                passive
                and not _PASSIVE.search(sentence, m.end("np"), m.start("v"))
                and m.group("v").lower() not in ("dead", "died", "perished")
            ):
                return  # "An Afghan and coalition force killed ...": they are the killers
            quantity = _joined(quantity, m, subject=passive)
            if quantity is None:
                return
            qe = m.end("np2") if m.groupdict().get("np2") else qe
        if kind == "killed" and quantity is None:
            return
        if re.match(r"of\s+(?:the|them|those|these)\b", np, re.I):
            return  # "one of the insurgents died": part of a group counted already
        if np and m.start("v") > qs and np.split()[-1].lower().strip(".,") in g.non_person:
            return
        if not joined and words.lower() in ("a", "an"):
            if "v" not in m.groupdict():
                return  # "the toll rose to a record": no number at all
            between = sentence[qe : m.start("v")].lower()
            dying = m.group("v").lower() in ("died", "dead", "perished")
            if m.start("v") > qs and not dying and not re.search(r"\b(?:was|been|is)\b", between):
                return
        if (
            not joined
            and "v" in m.groupdict()
            and m.start("v") > qs
            and not _PASSIVE.search(sentence, qe, m.start("v"))
            and _OBJECT_AFTER.match(sentence, m.end("v"))
        ):
            return  # "two armed men shot dead a civilian": they are the killers, not the dead
        before = sentence[max(0, qs - 40) : qs].lower()
        if re.search(r"\b(?:no|not)\s*$", before):
            return  # "no one was hurt"
        if _DATE_BEFORE.search(before) or _ERA_AFTER.match(sentence, qe):
            return  # a day of a date ("February 30 killed"), not a count
        if (
            kind == "killed"
            and (m.groupdict().get("v") or "").lower().startswith("death")
            and _MOURNED.search(before)
        ):
            return  # "protesting the death of a colleague": an earlier death, not this event's
        additive = (
            bool(g.additive_before.search(before))
            or bool(g.additive_first.match(np.lower()))
            or words.lower().startswith("another")
        )
        also = bool(_ALSO.search(sentence, m.start(), m.end())) or bool(
            _ALSO_BEFORE.search(sentence[max(0, m.start() - 25) : m.start()])
        )
        revision = revision or (not rise and cue_end is not None and cue_end <= qs)
        taken.take(*claim)
        found.append(
            Count(
                kind,
                quantity,
                start + qs,
                start + qe,
                start + m.start(),
                start + m.end(),
                np,
                revision,
                additive,
                rise,
                also,
            )
        )

    for pattern in g.mixed:
        for m in pattern.finditer(sentence):
            _mixed(m, start, taken, found)
    for pattern in (g.toll, g.rise):
        for m in pattern.finditer(sentence):
            if pattern is g.rise and not re.search(
                r"\b(?:killed|dead|death|deaths|toll)\b", sentence, re.I
            ):
                continue
            if m.group("q0"):
                add("killed", m, "q0", True)
            risen = pattern is g.rise or bool(_RISEN.search(m.group(0)))
            add("killed", m, "q", False, rise=risen)
    for pattern in g.joined:
        for m in pattern.finditer(sentence):
            add("killed", m, "q", False, joined=True)
    for pattern in g.killed:
        for m in pattern.finditer(sentence):
            add("killed", m, "q", False)
    for pattern in g.injured:
        for m in pattern.finditer(sentence):
            add("injured", m, "q", False)
    return sorted(found, key=lambda c: c.start)


def _mixed(m: re.Match[str], offset: int, taken: Taken, found: list[Count]) -> None:
    """The dead and the hurt told as one number ("killing and injuring four").

    The words say that someone died and someone was hurt, not how many of each: ACLED's
    conservative reading is one death, the rest of the number at most; the injured are
    mentioned, their number unknown.
    """
    quantity = parse_quantity(m.group("q"))
    if quantity is None or quantity.value < 2 or not taken.free(*m.span()):
        return
    taken.take(*m.span())
    high = quantity.high - 1 if quantity.high is not None else None
    dead = Quantity(1, "at_least", 1, high, VAGUE)
    qs, qe = m.span("q")
    np = m.group("np").strip()
    parts: tuple[tuple[CountKind, Quantity | None], ...] = (("killed", dead), ("injured", None))
    for kind, amount in parts:
        found.append(
            Count(kind, amount, offset + qs, offset + qe, offset + m.start(), offset + m.end(), np)
        )


def _joined(first: Quantity | None, m: re.Match[str], *, subject: bool) -> Quantity | None:
    """The victims of a coordinated subject or object together ("two policemen and a civilian").

    A second group without a number is one person only after a possessive or "the" and
    when it ends in a singular noun of a person ("eight commandos and their driver").
    Another second group cannot be counted: a ``subject`` ("three soldiers and the
    attackers were killed") still says at least the first group died; after an active
    verb the words may start a new clause ("killed five villagers and their families
    fled"), so ``None`` leaves the first group to the plain patterns.
    """
    if first is None or m.groupdict().get("np2") is None:
        return first
    words = m.group("q2")
    if words:
        second = parse_quantity(words)
    elif m.group("det") and m.group("np2").split()[-1].lower().strip(".,") in _person_nouns():
        second = Quantity(1, "exact", 1, 1, SPECIFIC)
    else:
        second = None
    if second is None:
        at_least = Quantity(first.value, "at_least", first.value, None, first.level)
        return at_least if subject else None
    exact = first.qualifier == "exact" and second.qualifier == "exact"
    qualifier: Qualifier = "exact" if exact else "at_least"
    value = first.value + second.value
    high = first.high + second.high if first.high is not None and second.high is not None else None
    return Quantity(value, qualifier, value, high, min(first.level, second.level))


def find_singular_deaths(doc: Doc, start: int, end: int, taken: Sequence[Count]) -> list[Count]:
    """One death per singular person killed that no count covers (ranked as a vague count).

    "He was subsequently killed", "Sangari, an insurgent leader, was killed in an
    airstrike": the parse, not a number, says one person died. Plural and
    pronoun-less subjects ("insurgents were killed") say nothing countable.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    found: list[Count] = []
    for token in span:
        if token.lemma_ != "kill" or token.tag_ not in ("VBN", "VBD", "VBG", "VBZ", "VBP"):
            continue
        # "He was killed" (passive subject) or "killed the insurgent" / "killing Malawi
        # Sahib" (object of the active verb): one person each.
        wanted = "nsubjpass" if token.tag_ == "VBN" and _passive(token) else "dobj"
        for child in token.children:
            if child.dep_ != wanted or child.tag_ not in ("PRP", "NN", "NNP", "NNPS"):
                continue
            if any(t.dep_ == "nummod" or t.tag_ == "CD" for t in child.children):
                continue
            if not _person(child):
                continue
            if child.lower_ in _NOBODY or any(
                t.dep_ in ("neg", "det") and t.lower_ in ("no", "not", "never")
                for t in (*child.children, *token.children)
            ):
                continue  # "No one was killed", "nobody was killed"
            if child.tag_ == "PRP" and child.lower_ not in ("he", "she", "him", "her"):
                continue
            if any(c.clause_start <= child.idx < c.clause_end for c in taken):
                continue
            # The clause runs from the earlier word to the later: the subject comes before
            # the verb ("he was killed"), the object after it ("killed the insurgent").
            first, last = (child, token) if child.i < token.i else (token, child)
            found.append(
                Count(
                    "killed",
                    Quantity(1, "exact", 1, 1, VAGUE),
                    child.idx,
                    child.idx + len(child.text),
                    first.idx,
                    last.idx + len(last.text),
                    "" if child.tag_ == "PRP" else child.text,
                )
            )
    return found


def _passive(verb: Token) -> bool:
    """Whether ``verb`` heads a passive clause ("was killed"), not an active one."""
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children)


def _person(noun: Token) -> bool:
    """Whether ``noun`` names a person: a pronoun, a person's name, or a noun of people."""
    if noun.tag_ == "PRP":
        return True
    if noun.tag_ in ("NNP", "NNPS"):
        return noun.ent_type_ in ("PERSON", "")
    return noun.lemma_.lower() in _person_nouns()


@functools.cache
def _person_nouns() -> frozenset[str]:
    """Nouns of a person: the speech lexicon's and the codebook's unorganised people."""
    return frozenset(load("speech")["person_nouns"]) | frozenset(load("codebook")["people"])
