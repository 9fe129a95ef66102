"""Parties: who acted on whom in one event, from the roles its actor mentions play.

:mod:`sitrep.extraction.actors` finds and names each actor mention and says how it
attaches to the words around it (doer or target). This module weighs those
mentions over an event's sentences and picks actor 1, actor 2 and actor 1's backer.

Example:
    A count's victims ("killed three villagers") outrank the object of a verb, and
    the agent of a passive ("by government forces") outranks a clause's subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

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
    for count in (c for c in counts if c.kind == "killed" and c.victims):
        start = text.find(count.victims, count.clause_start, count.clause_end)
        for victim in context.within(start, start + len(count.victims))[:1]:
            candidates.append(("target", 3, order, named(victim, context)))
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
            if kind == which and (other is None or mention.name != other.name):
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


def named(mention: ActorMention, context: ActorContext) -> ActorMention:
    """An unnamed armed group in an article that names exactly one group is that group."""
    group = context.named_group
    if group is not None and mention.generic and mention.name.startswith("Unidentified Armed"):
        return replace(mention, name=group.name, inter=2, generic=False)
    return mention
