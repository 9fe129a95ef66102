"""Deaths told by a killing verb that no count reads: the mention that makes a short note an event.

An ACLED-style note or a headline often names no number: "Farmer killed in
Kakuma.", "a trader was shot dead by two gunmen", "gunmen
murdered a teacher", "civilians were killed". The count grammar reads numbers
and the plain "he was killed"; this stage reads the parse of the killing verb
instead, so that such a report still yields its event:

* a singular person as the one killed (the passive subject, inherited along
  "shot and killed"; the object of an active verb; the subject of a
  headline participle with no object, "Farmer killed in X") counts one;
* a plural or unnumbered victim ("civilians were killed") is a death with no
  countable number, which makes the event without inventing a toll.

Whether the death happened here and now (not "could kill", not "killed two
years ago") is the trigger status's and the incident's business.

Example:
    >>> # "Herder killed in Kakuma." -> one death, victims "Herder"
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.extraction._lexicons import alternation, load
from sitrep.extraction.counts import SPECIFIC, VAGUE, Count, Quantity
from sitrep.extraction.triggers import status

_PERSON_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_NOBODY = frozenset({"one", "nobody", "none", "anyone", "anybody", "no-one", "noone"})


@dataclass(frozen=True, slots=True)
class _Words:
    killing: frozenset[str]
    harm: frozenset[str]
    singular: frozenset[str]
    plural: frozenset[str]
    stems: re.Pattern[str]


@functools.cache
def _words() -> _Words:
    speech = load("speech")
    return _Words(
        killing=frozenset(speech["killing_verbs"]),
        harm=frozenset(speech["harm_verbs"]),
        singular=frozenset(speech["person_nouns"]),
        plural=frozenset(speech["plural_person_nouns"]),
        stems=re.compile(rf"\b(?:{alternation(speech['killing_stems'])})", re.I),
    )


def find_deaths(doc: Doc, text: str, start: int, end: int, taken: Sequence[Count]) -> list[Count]:
    """Deaths in ``doc``'s text ``[start, end)`` that no count in ``taken`` already covers.

    Each is a ``killed`` :class:`Count` over the victim's words: of one (exact, at
    the vague level, so any stated number outranks it) for a singular person, of
    no quantity for people unnumbered.
    """
    words = _words()
    if not words.stems.search(text, start, end):
        return []  # most clauses: no word of killing, no walk over the parse
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    found: list[Count] = []
    for token in span:
        if token.pos_ != "VERB" or not _killing(token, words):
            continue
        if status(doc, span.start_char, token.idx, token.idx + len(token)) != "asserted":
            continue  # "could kill", "threatened to kill", "the man who killed ..."
        victim = _victim(token)
        if victim is None or victim.lower_ in _NOBODY:
            continue
        if any(c.clause_start <= victim.idx < c.clause_end for c in (*taken, *found)):
            continue
        number = [t for t in victim.children if t.tag_ == "CD" or t.dep_ == "nummod"]
        if any(t.lower_ in ("no", "not", "never") for t in (*victim.children, *token.children)):
            continue
        lemma = victim.lemma_.lower()
        person = lemma in words.singular or victim.lower_ in words.plural
        if not person and victim.ent_type_ != "PERSON" and not _killed_by_people(token, words):
            continue  # not a person: "killed in Afghanistan", "the 2010 attack"
        if number:
            # "2 traders were shot and killed": a plain number the count grammar left.
            if not number[0].text.isdigit() or number[0].ent_type_ in ("DATE", "TIME"):
                continue
            value = int(number[0].text)
            quantity: Quantity | None = Quantity(value, "exact", value, value, SPECIFIC)
        elif victim.tag_ in ("NN", "NNP"):
            quantity = Quantity(1, "exact", 1, 1, VAGUE)
        elif victim.tag_ == "NNS":
            quantity = None
        else:
            continue
        first, last = (victim, token) if victim.i < token.i else (token, victim)
        found.append(
            Count(
                "killed",
                quantity,
                victim.idx,
                victim.idx + len(victim.text),
                first.idx,
                last.idx + len(last.text),
                victim.text,
            )
        )
    return found


def _killed_by_people(verb: Token, words: _Words) -> bool:
    """A passive killing whose agent is people ("killed by unidentified assailants").

    What people kill on purpose is a person, whatever the role noun naming the victim
    ("a commission coordinator was killed by gunmen"); places and dates are never the
    subject of a passive "killed", and animals or accidents are not people.
    """
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for doer in (c for c in agent.children if c.dep_ == "pobj"):
            if doer.lemma_.lower() in words.singular or doer.lower_ in words.plural:
                return True
    return False


def _victim(verb: Token) -> Token | None:
    """The person ``verb`` kills: passive subject, object, or a headline participle's subject."""
    clause = verb
    # "was shot and killed": the conjunct shares the first verb's subject and auxiliary.
    while clause.dep_ == "conj" and clause.head.pos_ == "VERB":
        clause = clause.head
    children: list[Token] = [*verb.children, *(clause.children if clause.i != verb.i else ())]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in children)
    for child in children:
        if child.dep_ == "nsubjpass" and child.tag_ in _PERSON_TAGS:
            return child
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.tag_ in _PERSON_TAGS]
    if objects:
        return objects[0]
    if passive or any(c.dep_ in ("dobj", "aux") for c in verb.children):
        return None
    # "Herder killed in Kakuma.": a transitive killing verb with no object and no
    # auxiliary is the headline's passive, its subject the victim.
    if verb.dep_ == "ROOT":
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.tag_ in _PERSON_TAGS]
        if subjects and _bare(subjects[0], verb):
            return subjects[0]
    if verb.dep_ == "acl" and verb.head.tag_ in _PERSON_TAGS and verb.tag_ == "VBN":
        head: Token = verb.head
        return head  # "a teacher killed in the attack was buried"
    return None


def _killing(verb: Token, words: _Words) -> bool:
    """A verb that means killing: "killed", "murdered", or a verb of harm "to death"/"dead"."""
    lemma = verb.lemma_.lower()
    if lemma in words.killing:
        return True
    return lemma in words.harm and any(
        child.lower_ == "dead"
        or (child.lower_ == "to" and any(g.lower_ == "death" for g in child.children))
        for child in verb.children
    )


def _bare(subject: Token, verb: Token) -> bool:
    """Whether only the subject's own words stand between it and the verb (a headline)."""
    return subject.right_edge.i == verb.i - 1
