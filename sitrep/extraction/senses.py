"""Word senses the codebook reads from an event's sentences: crowds, forces, fighting words.

:mod:`sitrep.extraction.codebook` decides an event's sub-event type from facts
about its parties; this module reads those facts from the dependency parse and
the word lists of ``lexicons/codebook.toml``: whether a crowd did violence
("residents stormed the station"), whether a state force acted on a crowd
("police dispersed the marchers"), which words say two sides fought.

Example:
    >>> bool(words().reciprocal.search("troops clashed with rebels"))
    True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep.extraction._lexicons import alternation, load
from sitrep.extraction.actors import ActorMention


def crowd_did(
    doc: Doc,
    sentences: Sequence[tuple[int, int]],
    words: Words,
    armed: Sequence[ActorMention],
) -> bool:
    """Whether a crowd did violence ("residents stormed the station").

    A crowd is unorganised people, several of them ("a number of farmers"), as the
    subject of a violent verb.
    """
    for start, end in sentences:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            if token.pos_ != "VERB" or token.lemma_.lower() not in words.crowd_violence:
                continue
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            if not subjects and token.dep_ == "conj":
                subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
            for subject in subjects:
                first, last = subject.left_edge, subject.right_edge
                left, right = first.idx, last.idx + len(last.text)
                if any(m.start < right and left < m.end for m in armed):
                    continue  # "armed men", "members of a militia": an organised armed side
                lemma = subject.lemma_.lower()
                if lemma in words.groups or (
                    subject.tag_ in ("NNS", "NNPS")
                    and (lemma in words.crowds or subject.lower_ in words.crowds)
                ):
                    return True
    return False


def forces_did(
    doc: Doc,
    sentences: Sequence[tuple[int, int]],
    lemmas: frozenset[str],
    forces: Sequence[ActorMention],
) -> bool:
    """Whether a state force is the doer of one of the verbs ``lemmas`` ("police dispersed").

    The subject of the verb or the agent of its passive ("were dispersed by police")
    must be the force: "the demonstration dispersed, police said" is no intervention.
    """
    if not forces:
        return False
    for start, end in sentences:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            if token.pos_ != "VERB" or token.lemma_.lower() not in lemmas:
                continue
            doers = [c for c in token.children if c.dep_ == "nsubj"]
            doers += [g for c in token.children if c.dep_ == "agent" for g in c.children]
            if not doers and token.dep_ in ("conj", "xcomp", "advcl"):
                doers = [c for c in token.head.children if c.dep_ == "nsubj"]
            for doer in doers:
                if any(m.start <= doer.idx < m.end for m in forces):
                    return True
    return False


def lemma_in(doc: Doc, sentences: Sequence[tuple[int, int]], lemmas: frozenset[str]) -> bool:
    """Whether a word of one of ``lemmas`` is said in the ``sentences``."""
    for start, end in sentences:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(t.lemma_.lower() in lemmas for t in span):
            return True
    return False


NEGATED = re.compile(r"\b(?:no|not|without)\s+(?:\w+\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class Words:
    """The word senses of ``codebook.toml``, compiled once."""

    reciprocal: re.Pattern[str]
    crowd_violence: frozenset[str]
    crowd_nouns: re.Pattern[str]
    intervention: frozenset[str]
    crowds: frozenset[str]
    groups: frozenset[str]
    suspects: re.Pattern[str]
    demonstrating: frozenset[str]
    abuse: frozenset[str]


@functools.cache
def words() -> Words:
    """The codebook's word senses, read from ``lexicons/codebook.toml`` once per process."""
    data = load("codebook")
    return Words(
        reciprocal=re.compile(rf"(?<![\w-]){alternation(data['reciprocal'])}(?![\w-])", re.I),
        crowd_violence=frozenset(data["crowd_violence"]),
        crowd_nouns=re.compile(
            rf"(?<![\w-]){alternation(data['crowd_violence_nouns'])}(?![\w-])", re.I
        ),
        intervention=frozenset(data["intervention_verbs"]),
        crowds=frozenset(data["people"])
        | {"protester", "demonstrator", "rioter", "protesters", "demonstrators", "rioters"},
        groups=frozenset(data["groups"]),
        demonstrating=frozenset(data["demonstrating"]),
        abuse=frozenset(data["abuse"]),
        suspects=re.compile(rf"(?<![\w-]){alternation(data['suspects'])}(?![\w-])", re.I),
    )
