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

Quantities are read by :mod:`sitrep.extraction.quantities`, the patterns compiled
by :mod:`sitrep.extraction._count_grammar`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Token

from sitrep.extraction._count_grammar import grammar, person_nouns
from sitrep.extraction._taken import Taken
from sitrep.extraction.quantities import (
    MAX_COUNT,
    SPECIFIC,
    UNSPECIFIED,
    VAGUE,
    Quantity,
    parse_number,
    parse_quantity,
    quantity_pattern,
)
from sitrep.records import Qualifier

# Quantities are re-exported: counts are where readers of tolls look for them.
__all__ = [
    "MAX_COUNT",
    "SPECIFIC",
    "UNSPECIFIED",
    "VAGUE",
    "Count",
    "CountKind",
    "Quantity",
    "find_counts",
    "find_singular_deaths",
    "parse_number",
    "parse_quantity",
    "quantity_pattern",
]

CountKind = Literal["killed", "injured"]


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
_HELD_BEFORE = re.compile(
    r"\b(?:abduct|kidnapp?|wound|injur|captur|hostage|seiz)\w*\b(?![^.;]*\b(?:killed|dead|died)\b)",
    re.I,
)
"""A group taken or hurt before "one of them" died ("abducted five farmers and killed one of
them"): that death is new, not part of a toll counted already."""
_PASSIVE = re.compile(r"\b(?:were|was|been|are|is)\b", re.I)
_RISEN = re.compile(r"\b(?:rose|risen|increased|climbed|jumped|grew|reached)\b", re.I)
_NOBODY = frozenset({"one", "nobody", "none", "anyone", "anybody", "no-one", "noone"})
_OBJECT_AFTER = re.compile(
    r"\s+(?:a|an|the|his|her|their|its|one|two|three|four|five|six|seven|eight|nine|ten|\d)\b",
    re.I,
)
"""Words that open the object of an active verb ("shot dead a man")."""


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
    g = grammar()
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
        members = g.collective.match(np) if words.lower() in ("a", "an") else None
        if members:  # "a family of four were killed": four people
            words = members.group("q")
            quantity = parse_quantity(words)
        if re.match(r"of\s+(?:the|them|those|these)\b", np, re.I) and not _HELD_BEFORE.search(
            sentence, 0, m.start()
        ):
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
            and (m.groupdict().get("v") or "").lower().startswith(("death", "killing"))
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
    elif m.group("det") and m.group("np2").split()[-1].lower().strip(".,") in person_nouns():
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
        if token.lemma_ not in _DYING or token.tag_ not in ("VBN", "VBD", "VBG", "VBZ", "VBP"):
            continue
        if any(c.dep_ == "aux" and c.lower_ in _UNREAL for c in token.children):
            continue  # "he could die", "she may have died"
        # "He was killed" (passive subject) or "killed the insurgent" / "killing Malawi
        # Sahib" (object of the active verb): one person each; "the victim died" (the
        # subject of dying).
        if token.lemma_ != "kill":
            wanted = "nsubj"
        elif token.tag_ == "VBN" and _passive(token):
            wanted = "nsubjpass"
        else:
            wanted = "dobj"
        children, accepted = list(token.children), {wanted}
        if wanted == "nsubj" and token.dep_ == "conj" and "nsubj" not in {c.dep_ for c in children}:
            # "a trader was stabbed and later succumbed": the subject of the first verb died.
            children, accepted = list(token.head.children), {"nsubj", "nsubjpass"}
        for child in children:
            if child.dep_ not in accepted or child.tag_ not in ("PRP", "NN", "NNP", "NNPS"):
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


_DYING = frozenset({"kill", "die", "succumb"})
"""Verbs whose one person is one death: the killed, the one who died or succumbed."""
_UNREAL = frozenset({"could", "may", "might", "would", "will", "can", "should", "must"})


def _passive(verb: Token) -> bool:
    """Whether ``verb`` heads a passive clause ("was killed"), not an active one."""
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children)


def _person(noun: Token) -> bool:
    """Whether ``noun`` names a person: a pronoun, a person's name, or a noun of people."""
    if noun.tag_ == "PRP":
        return True
    if noun.tag_ in ("NNP", "NNPS"):
        return noun.ent_type_ in ("PERSON", "")
    return noun.lemma_.lower() in person_nouns()
