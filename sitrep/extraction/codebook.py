"""The codebook: an event's ACLED sub-event type and the order of its actors.

Example:
    Police firing tear gas at protesters is a protest with intervention, the
    protesters actor 1 and the police actor 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from sitrep.extraction.actors import ActorContext, ActorMention
from sitrep.extraction.counts import Count
from sitrep.extraction.parties import CIVILIANS, CROWDS, parties
from sitrep.extraction.triggers import SubEvent, Trigger, sub_event

_EXCESSIVE = "Excessive force against protesters"


@dataclass(frozen=True, slots=True)
class Coding:
    """How one event is coded: its sub-event type, its actors, whether civilians were targeted."""

    kind: SubEvent
    actors: dict[str, ActorMention]
    civilian_targeting: bool


def code(
    doc: Doc,
    text: str,
    triggers: Sequence[Trigger],
    counts: Sequence[Count],
    sentences: Sequence[tuple[int, int]],
    family: str,
    context: ActorContext,
) -> Coding:
    """Code the event told by ``triggers`` and ``counts`` in the ``sentences`` ranges."""
    killed = [c for c in counts if c.kind == "killed"]
    kind = max((t.kind for t in triggers), key=lambda k: k.priority, default=None)
    actors = parties(doc, text, triggers, counts, sentences, family, context)
    target_inter = actors["actor2"].inter if "actor2" in actors else None
    if kind is None:
        kind = sub_event("Attack" if target_inter == CIVILIANS else "Armed clash")
    elif kind.sub_event_type == "Armed clash" and target_inter == CIVILIANS:
        kind = sub_event("Attack")
    if kind.event_type == "Protests" and any(c.quantity and c.quantity.value for c in killed):
        kind = sub_event(_EXCESSIVE)
    actors = _crowd_first(actors, kind)
    target_inter = actors["actor2"].inter if "actor2" in actors else None
    return Coding(kind, actors, target_inter == CIVILIANS)


def _crowd_first(actors: dict[str, ActorMention], kind: SubEvent) -> dict[str, ActorMention]:
    """ACLED's order and names for demonstrations: the crowd first, whoever intervened second.

    Under excessive force the order turns: the force that fired is actor 1. A
    crowd in a riot is "Rioters", not "Protesters".
    """
    if kind.event_type in ("Protests", "Riots") and kind.sub_event_type != _EXCESSIVE:
        # The people who demonstrate are the crowd, whatever the words called them
        # ("teachers held a protest"); in a riot they are rioters.
        crowd = ("Rioters", 5) if kind.event_type == "Riots" else ("Protesters", 6)
        first = actors.get("actor1")
        if first is not None and first.inter in (*CROWDS, CIVILIANS):
            place = first.name[first.name.find("(") :] if "(" in first.name else "({country})"
            actors = {
                **actors,
                "actor1": replace(first, name=f"{crowd[0]} {place}", inter=crowd[1]),
            }
    sub_event_type = kind.sub_event_type
    first, second = actors.get("actor1"), actors.get("actor2")
    crowd_second = second is not None and second.inter in CROWDS
    crowd_first = first is not None and first.inter in CROWDS
    swap = (
        crowd_first and not crowd_second
        if sub_event_type == _EXCESSIVE
        else crowd_second and not crowd_first
    )
    if not swap:
        return actors
    out = {k: v for k, v in actors.items() if k not in ("actor1", "actor2")}
    if second is not None:
        out["actor1"] = second
    if first is not None:
        out["actor2"] = first
    return out
