"""Parties: who acted on whom in one event, from the roles its actor mentions play.

:mod:`sitrep.extraction.actors` finds and names each actor mention and says how it
attaches to the words around it (doer or target). This module weighs those
mentions over an event's sentences and picks actor 1, actor 2 and actor 1's backer.

Example:
    A count's victims ("killed three villagers") outrank the object of a verb, and
    the agent of a passive ("by government forces") outranks a clause's subject.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from sitrep.extraction._lexicons import alternation, load
from sitrep.extraction.actors import (
    ActorContext,
    ActorMention,
    country_backer,
    role,
    state_force_before,
)
from sitrep.extraction.counts import Count
from sitrep.extraction.triggers import Trigger

CIVILIANS = 7
CROWDS = frozenset({5, 6})  # ACLED interaction codes of rioters and protesters
ARMED = frozenset({1, 2, 3, 4, 8})  # state forces, rebels, militias, external forces
_VAGUE_PEOPLE = frozenset({"people", "persons", "person", "individuals", "others", "other"})
_STATE_WEAPON_TYPES = frozenset({"Explosions/Remote violence", "Battles"})


def parties(
    doc: Doc,
    text: str,
    triggers: Sequence[Trigger],
    counts: Sequence[Count],
    sentences: Sequence[tuple[int, int]],
    family: str,
    context: ActorContext,
) -> dict[str, ActorMention]:
    """Actor 1, actor 2 and actor 1's backer, from the strongest evidence of each role.

    The victims of a count and the agent of a passive ("by government forces")
    outrank a clause's subject or object; in a two-sided event a second party
    seen as a doer ("Nigerian troops repelled an assault by Boko Haram") is the
    other side.
    """
    candidates: list[tuple[str, int, int, ActorMention]] = []
    order = 0
    for count in counts:
        victim = victims(text, count, context)
        if victim is not None:
            # "Seven people were killed, among them four soldiers": "people" says least.
            vague = set(count.victims.lower().split()) <= _VAGUE_PEOPLE
            strength = 1 if vague else 3 if count.kind == "killed" else 2
            candidates.append(("target", strength, order, named(victim, context)))
            order += 1
    for trigger in triggers:
        if trigger.kind.family == "violent":
            target = object_of(doc, text, trigger, context)
            if target is not None:
                candidates.append(("target", 1, order, target))
                order += 1
    for trigger in triggers:
        if trigger.kind.event_type in _STATE_WEAPON_TYPES:
            force = state_force_before(text, trigger.start, context)
            if force is not None:
                candidates.append(("perpetrator", 2, order, force))
                order += 1
    backers: list[ActorMention] = []
    for start, end in sentences:
        for mention in context.within(start, end):
            seen = role(doc, text, mention)
            if seen is not None:
                candidates.append((seen[0], seen[1], order, named(mention, context)))
                order += 1
        backer = country_backer(text, start, end)
        if backer is not None:
            backers.append(backer)
    crowds = (*CROWDS, CIVILIANS)
    if family == "protest" and not any(c[3].inter in crowds for c in candidates):
        # "fired tear gas to disperse hundreds of protesters": the crowd is a party
        # of its protest even where the parse gives it no role.
        for start, end in sentences:
            crowd = [m for m in context.within(start, end) if m.inter in crowds]
            if crowd:
                candidates.append(("perpetrator", 2, order, crowd[0]))
                break
    ranked = sorted(candidates, key=lambda c: (-c[1], c[3].generic, c[2]))
    found: dict[str, ActorMention] = {}
    for slot, which in (("actor1", "perpetrator"), ("actor2", "target")):
        other = found.get("actor1")
        for kind, _, _, mention in ranked:
            # Civilians may be on both sides: villagers who beat a thief are a crowd, and
            # the codebook names them rioters.
            if kind == which and (
                other is None or mention.name != other.name or mention.inter == CIVILIANS
            ):
                found[slot] = mention
                break
    if "actor1" in found and "actor2" not in found:
        for kind, _, _, mention in ranked:
            if kind == "perpetrator" and mention.name != found["actor1"].name:
                found["actor2"] = mention
                break
    for backer in backers:
        if "actor1" in found and backer.name not in (
            found["actor1"].name,
            found.get("actor2") and found["actor2"].name,
        ):
            found["assoc_actor1"] = backer
            break
    return found


def victims(text: str, count: Count, context: ActorContext) -> ActorMention | None:
    """Who the people a count numbers are, as an actor ("three soldiers", "a trader").

    A named force or group among the words is that actor, unless the words make its
    members civilians ("an off-duty soldier", "a former police officer", as ACLED codes
    them); other people ("two men", "a councillor", "villagers") are civilians. A count
    without words for its people ("killing seven") says nothing.
    """
    if not count.victims:
        return None
    start = text.find(count.victims, count.clause_start, count.clause_end)
    if start < 0:
        return None
    end = start + len(count.victims)
    words = _words()
    lead = text[max(count.clause_start, start - 25) : end].lower()
    off_duty = words.not_on_duty.search(lead) is not None
    for mention in context.mentions:
        if mention.start < end and start < mention.end:
            if off_duty and mention.inter in ARMED:
                break
            return mention
    nouns = re.findall(r"[a-z]+(?:-[a-z]+)?", count.victims.lower())
    if off_duty or any(n in words.people for n in nouns):
        return civilians(context, start, end)
    return None


def object_of(doc: Doc, text: str, trigger: Trigger, context: ActorContext) -> ActorMention | None:
    """The target a violent verb's object or "on"/"against" phrase names, as an actor.

    "attacked a village", "opened fire on a bus": a place where civilians live or
    travel makes the target civilians; "ambushed a convoy", "attacked a checkpoint": a
    military or police place or unit makes it that force. Actor mentions are read by
    :func:`sitrep.extraction.actors.role`; this reads the nouns the lexicon does not name.
    """
    span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    head = span.root
    objects = [c for c in head.children if c.dep_ == "dobj"]
    objects += [
        g
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "at", "targeting")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    words = _words()
    for noun in objects:
        lemma = noun.lemma_.lower()
        phrase = " ".join(t.lower_ for t in noun.subtree)
        start, end = noun.idx, noun.idx + len(noun.text)
        if any(m.start < end and start < m.end for m in context.mentions):
            return None  # a named actor: its role is read from the parse
        owned = any(t.lower_ in words.force_words for t in noun.subtree)
        if owned or (
            _names(phrase, lemma, words.force_places)
            and not _names(phrase, lemma, words.civilian_places)
        ):
            return force(context, start, end, police="police" in phrase.split())
        if lemma in words.people or _names(phrase, lemma, words.civilian_places):
            return civilians(context, start, end)
    return None


def _names(phrase: str, lemma: str, places: frozenset[str]) -> bool:
    """Whether a noun phrase names one of ``places``: its head, or a compound ("idp camp")."""
    return lemma in places or any(" " in p and p in phrase for p in places)


def civilians(context: ActorContext, start: int, end: int) -> ActorMention:
    """ACLED's civilians of the event's country, evidenced by ``[start, end)``."""
    return ActorMention(f"Civilians ({_country(context)})", CIVILIANS, start, end, True)


def force(context: ActorContext, start: int, end: int, *, police: bool) -> ActorMention:
    """The state's military or police forces, evidenced by ``[start, end)``."""
    which = "Police" if police else "Military"
    place = context.government or context.country or "{country}"
    return ActorMention(f"{which} Forces of {place}", 1, start, end, False)


def unidentified(context: ActorContext, start: int, end: int) -> ActorMention:
    """ACLED's unidentified armed group of the event's country, evidenced by ``[start, end)``."""
    return ActorMention(f"Unidentified Armed Group ({_country(context)})", 3, start, end, True)


def communal(context: ActorContext, start: int, end: int) -> ActorMention:
    """ACLED's unidentified communal militia: a community's people armed against another's."""
    return ActorMention(f"Unidentified Communal Militia ({_country(context)})", 4, start, end, True)


def crowd(context: ActorContext, start: int, end: int, *, riot: bool) -> ActorMention:
    """The crowd of a demonstration: rioters in a riot, protesters otherwise."""
    if riot:
        return ActorMention(f"Rioters ({_country(context)})", 5, start, end, True)
    return ActorMention(f"Protesters ({_country(context)})", 6, start, end, True)


def _country(context: ActorContext) -> str:
    """The article's country, or the placeholder the geocoded country fills in later."""
    return context.country or "{country}"


@dataclass(frozen=True, slots=True)
class _Words:
    people: frozenset[str]
    civilian_places: frozenset[str]
    force_places: frozenset[str]
    force_words: frozenset[str]
    not_on_duty: re.Pattern[str]


@functools.cache
def _words() -> _Words:
    data = load("codebook")
    return _Words(
        people=frozenset(data["people"]),
        civilian_places=frozenset(data["civilian_places"]),
        force_places=frozenset(data["force_places"]),
        force_words=frozenset(data["force_words"]),
        not_on_duty=re.compile(rf"\b{alternation(data['not_on_duty'])}", re.I),
    )


def named(mention: ActorMention, context: ActorContext) -> ActorMention:
    """An unnamed armed group in an article that names exactly one group is that group."""
    group = context.named_group
    if group is not None and mention.generic and mention.name.startswith("Unidentified Armed"):
        return replace(mention, name=group.name, inter=2, generic=False)
    return mention
