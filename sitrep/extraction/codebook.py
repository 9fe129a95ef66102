"""The codebook: an event's ACLED sub-event type and actors, from who acted on whom and how.

The trigger words say what kind of thing happened (a bomb went off, people were
shot, a crowd gathered); ACLED's sub-event type also depends on the parties
(docs/acled-coding.md has the rules in full):

* one organised armed side against civilians or other unarmed people, including
  unidentified gunmen killing "a man", is *Violence against civilians*: an
  *Attack*, or an *Abduction* where nobody was killed, *Sexual violence* where
  that was the harm;
* two organised armed sides (state forces, rebels, militias, gangs) fighting
  each other is an *Armed clash* — also when one of them used shells, drones or
  grenades during the fighting;
* bombs, shells, missiles, air strikes and grenades used without fighting are
  *Explosions/Remote violence*, typed by the weapon; aimed at civilians they are
  still explosions, with ``civilian_targeting``;
* an unorganised crowd that kills, beats or burns is a *Riot*: a *Violent
  demonstration* where it was demonstrating, *Mob violence* otherwise;
* a demonstration is *Peaceful*, *with intervention* (dispersed, tear-gassed,
  arrested) or met with *Excessive force* (killed, fired on with live rounds).

Example:
    >>> decide(Facts(top="Armed clash", target=7)).sub_event_type
    'Attack'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from sitrep.extraction.actors import ActorContext, ActorMention
from sitrep.extraction.counts import Count
from sitrep.extraction.parties import (
    ARMED,
    CIVILIANS,
    CROWDS,
    civilians,
    communal,
    crowd,
    force,
    parties,
    unidentified,
)
from sitrep.extraction.senses import NEGATED, crowd_did, forces_did, lemma_in, words
from sitrep.extraction.triggers import SubEvent, Trigger, find_triggers, sub_event

_EXCESSIVE = "Excessive force against protesters"
_REMOTE = "Explosions/Remote violence"
_ONE_SIDED = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"})
_TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


@dataclass(frozen=True, slots=True)
class Coding:
    """How one event is coded: its sub-event type, its actors, whether civilians were targeted."""

    kind: SubEvent
    actors: dict[str, ActorMention]
    civilian_targeting: bool


@dataclass(frozen=True, slots=True)
class Facts:
    """What the codebook's rules read about one event (see :func:`decide`).

    ``top`` is the sub-event type of its most specific trigger (``None``: only a
    toll); ``weapons`` the explosive sub-event types its triggers name;
    ``perpetrator``/``target`` the interaction codes of its sides (``None``:
    unknown); ``crowd_acts`` that unorganised people (not one person) did the
    violence; ``reciprocal`` that it was told as fighting between two sides;
    ``demonstration`` that a demonstration was told, ``crowd_violence`` that its
    crowd turned violent, ``intervention`` that the authorities acted on it,
    ``lethal`` that live fire was used on it; ``killed`` whether anyone died.
    """

    top: str | None
    family: str = "violent"
    weapons: frozenset[str] = field(default_factory=frozenset)
    perpetrator: int | None = None
    unidentified: bool = False
    abuse: bool = False
    target: int | None = None
    crowd_acts: bool = False
    reciprocal: bool = False
    demonstration: bool = False
    crowd_violence: bool = False
    riot_acts: bool = False
    clashed: bool = False
    mob: bool = False
    suspects: bool = False
    intervention: bool = False
    lethal: bool = False
    killed: bool = False
    abduction: bool = False
    sexual: bool = False


def decide(facts: Facts) -> SubEvent:
    """The ACLED sub-event type the codebook gives an event with these facts."""
    if facts.family == "protest" and _armed_killing(facts):
        # "militia torched the village and killed three women": a riot's words, an armed
        # side's violence; coded as the violence it was.
        return decide(replace(facts, family="violent", top=None))
    if facts.family == "protest":
        return sub_event(_demonstration(facts))
    if facts.family == "arrest" and facts.abuse:
        return sub_event("Attack")  # the force beat, tortured or shot the people it held
    if facts.family != "violent":
        return sub_event(facts.top or "Armed clash")
    if facts.top == "Chemical weapon" or facts.sexual:
        return sub_event("Chemical weapon" if facts.top == "Chemical weapon" else "Sexual violence")
    if facts.top in _TERRITORY:
        return sub_event(facts.top)
    armed_sides = facts.perpetrator in ARMED and facts.target in ARMED
    if facts.weapons:
        if facts.reciprocal and armed_sides and "Suicide bomb" not in facts.weapons:
            return sub_event("Armed clash")  # shelling or air support during a battle
        kind = sub_event(facts.top) if facts.top in facts.weapons else None
        return kind or sub_event(sorted(facts.weapons)[0])
    if facts.crowd_acts or facts.perpetrator in CROWDS:
        if facts.demonstration:
            return sub_event("Violent demonstration")
        if facts.killed and not facts.suspects and not facts.mob:
            # A community's people killing people of another: a communal militia's attack.
            return sub_event("Armed clash" if facts.reciprocal else "Attack")
        return sub_event("Mob violence")  # mob justice, a beating, a brawl
    if facts.abduction and not facts.killed:
        return sub_event("Abduction/forced disappearance")
    if armed_sides or facts.reciprocal:
        return sub_event("Armed clash")  # civilians caught in the crossfire were not its target
    if facts.target == CIVILIANS:
        return sub_event("Attack")
    if facts.top in _ONE_SIDED:
        return sub_event(facts.top)
    if (
        facts.target is None
        and facts.killed
        and (facts.unidentified or (facts.top is None and facts.perpetrator not in ARMED))
    ):
        # "a man was killed", "unknown gunmen killed him": someone killed a person.
        return sub_event("Attack")
    return sub_event("Armed clash")


def _armed_killing(facts: Facts) -> bool:
    """Whether an organised armed side, not a crowd or a demonstration, killed people."""
    return (
        facts.killed
        and facts.perpetrator in ARMED
        and facts.target not in CROWDS
        and not facts.demonstration
        and not facts.crowd_acts
        and facts.top in ("Violent demonstration", "Mob violence")
    )


def _demonstration(facts: Facts) -> str:
    if facts.mob and not facts.demonstration:
        return "Mob violence"
    if facts.riot_acts or (facts.crowd_violence and not facts.clashed):
        riot = facts.demonstration or facts.riot_acts
        return "Violent demonstration" if riot else "Mob violence"
    if facts.killed or facts.lethal:
        return _EXCESSIVE  # the dead of a demonstration that did not riot: the force fired
    if facts.clashed:
        return "Violent demonstration" if facts.demonstration else "Mob violence"
    if facts.intervention:
        return "Protest with intervention"
    if facts.top in ("Violent demonstration", "Mob violence"):
        return facts.top
    return "Peaceful protest"


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
    actors = parties(doc, text, triggers, counts, sentences, family, context)
    facts = _facts(doc, text, triggers, counts, sentences, family, actors, context)
    kind = decide(facts)
    anchor = _anchor(triggers, counts, sentences)
    armed = [m for start, end in sentences for m in context.within(start, end) if m.inter in ARMED]
    actors = _complete(actors, kind, facts, context, anchor, armed)
    second = actors.get("actor2")
    targeted = (
        second is not None
        and second.inter == CIVILIANS
        and kind.event_type in ("Violence against civilians", _REMOTE, "Riots")
    )
    return Coding(kind, actors, targeted or kind.event_type == "Violence against civilians")


def _facts(
    doc: Doc,
    text: str,
    triggers: Sequence[Trigger],
    counts: Sequence[Count],
    sentences: Sequence[tuple[int, int]],
    family: str,
    actors: dict[str, ActorMention],
    context: ActorContext,
) -> Facts:
    lexicon = words()
    kinds = {t.kind.sub_event_type for t in triggers}
    top = max((t.kind for t in triggers), key=lambda k: k.priority, default=None)
    first, second = actors.get("actor1"), actors.get("actor2")
    seen = [t for start, end in sentences for t in find_triggers(text, start, end)]
    seen_kinds = {t.kind.sub_event_type for t in seen}
    remote = [t for t in triggers if t.kind.event_type == _REMOTE]
    told = [
        (start, end)
        for start, end in sentences
        if any(start <= t.start < end for t in remote or triggers)
        or (not remote and any(start <= c.start < end for c in counts))
    ]
    reciprocal = any(
        not NEGATED.search(text, max(0, m.start() - 12), m.start())
        for start, end in told
        for m in lexicon.reciprocal.finditer(text, start, end)
    )
    armed = [m for start, end in sentences for m in context.within(start, end) if m.inter in ARMED]
    crowd_acts = crowd_did(doc, sentences, lexicon, armed)
    riot_acts = (
        bool(seen_kinds & {"Violent demonstration"})
        or any(lexicon.crowd_nouns.search(text, start, end) for start, end in sentences)
        or (family == "protest" and crowd_acts)
    )
    forces = [m for start, end in sentences for m in context.within(start, end) if m.inter == 1]
    intervention = bool(seen_kinds & {"Protest with intervention", "Arrests"}) or forces_did(
        doc, sentences, lexicon.intervention, forces
    )
    clashed = family == "protest" and reciprocal and bool(forces)  # demonstrators and police
    crowd_violence = riot_acts or clashed or (first is not None and first.inter == 5)
    if reciprocal and first is not None and first.inter == CIVILIANS and not armed:
        crowd_acts = True  # "clashes erupted between two families": people, not armed sides
    crowd_acts = crowd_acts and family == "violent"
    demonstrating = bool(seen_kinds & {"Peaceful protest", "Protest with intervention", _EXCESSIVE})
    if not demonstrating and crowd_acts:
        demonstrating = lemma_in(doc, sentences, lexicon.demonstrating)
    perpetrator = first.inter if first is not None else None
    if perpetrator == CIVILIANS:
        perpetrator = None  # people who did not act as a crowd: not an organised side
    return Facts(
        top=top.sub_event_type if top else None,
        family=family,
        weapons=frozenset(t.kind.sub_event_type for t in triggers if t.kind.event_type == _REMOTE),
        perpetrator=perpetrator,
        target=second.inter if second is not None else None,
        crowd_acts=crowd_acts,
        reciprocal=reciprocal,
        demonstration=demonstrating,
        unidentified=first is not None and first.generic and first.inter == 3,
        abuse=family == "arrest" and forces_did(doc, sentences, lexicon.abuse, forces),
        crowd_violence=crowd_violence,
        riot_acts=riot_acts,
        clashed=clashed,
        mob="Mob violence" in seen_kinds,
        suspects=any(lexicon.suspects.search(text, start, end) for start, end in sentences),
        intervention=intervention,
        lethal=_EXCESSIVE in kinds,
        killed=any(c.kind == "killed" and c.quantity and c.quantity.value for c in counts),
        abduction="Abduction/forced disappearance" in kinds,
        sexual="Sexual violence" in kinds,
    )


def _complete(
    actors: dict[str, ActorMention],
    kind: SubEvent,
    facts: Facts,
    context: ActorContext,
    anchor: tuple[int, int],
    armed: Sequence[ActorMention],
) -> dict[str, ActorMention]:
    """ACLED's actors for the sub-event: every side it implies named, in ACLED's order.

    An attack always has a perpetrator (an unidentified armed group when the text
    names none) and civilian victims; a demonstration is its crowd's (protesters,
    or rioters in a riot) with whoever intervened second — except under excessive
    force, where the force that fired comes first; a clash told with one side has an
    unidentified armed group as the other.
    """
    out = dict(actors)
    first, second = out.get("actor1"), out.get("actor2")
    sub = kind.sub_event_type
    start, end = anchor
    if (
        first is not None
        and first.inter == CIVILIANS
        and kind.event_type
        not in (
            "Protests",
            "Riots",
        )
    ):
        out.pop("actor1")  # people who did not act as a crowd are no side of a fight
        first = None
    if kind.event_type in ("Protests", "Riots"):
        crowds = [m for m in (first, second) if m is not None and m.inter in (*CROWDS, CIVILIANS)]
        others = [m for m in (first, second) if m is not None and m not in crowds]
        where = _span(crowds[0]) if crowds else None
        begin, stop = where or anchor
        mob = crowd(context, begin, stop, riot=kind.event_type == "Riots")
        out.pop("actor2", None)
        if sub == _EXCESSIVE:
            out["actor1"] = others[0] if others else force(context, start, end, police=True)
            out["actor2"] = replace(mob, name=mob.name.replace("Rioters", "Protesters"), inter=6)
            return out
        out["actor1"] = mob
        victim = second if second is not None and second.inter == CIVILIANS else None
        if others:
            out["actor2"] = others[0]
        elif sub == "Mob violence" and victim is not None and victim is not crowds[0]:
            out["actor2"] = victim
        elif sub == "Mob violence" and facts.reciprocal:
            out["actor2"] = mob  # two crowds fought each other
        elif sub == "Protest with intervention":
            out["actor2"] = force(context, start, end, police=True)
        return out
    if sub in _ONE_SIDED:
        if facts.crowd_acts:
            out["actor1"] = communal(context, start, end)
        elif first is None or first.inter not in ARMED:
            out["actor1"] = unidentified(context, start, end)
        if second is None or second.inter != CIVILIANS:
            where = _span(second) or anchor
            out["actor2"] = civilians(context, *where)
        return out
    if sub == "Armed clash" and second is not None and second.inter == CIVILIANS:
        out.pop("actor2")  # civilians caught in a battle are not its other side
    if first is None and (sub == "Armed clash" or kind.event_type == _REMOTE):
        # An unnamed side is an unidentified armed group; an air strike's is the state
        # force its sentences name, though the parse gave it no role.
        taken = second.name if second is not None else None
        air = [m for m in armed if m.name != taken and m.inter in (1, 8)]
        if sub != "Air/drone strike":
            out["actor1"] = unidentified(context, start, end)
        else:
            # Aircraft are a state's: the force the sentences name ("the Nigerian Air Force
            # claimed"), else the military of the country the strike hit.
            out["actor1"] = air[0] if air else force(context, start, end, police=False)
    elif first is None and sub == "Arrests":
        out["actor1"] = force(context, start, end, police=True)
    if "actor1" in out and "actor2" in out and out["actor1"].name == out["actor2"].name:
        out.pop("actor2")
    return out


def _span(mention: ActorMention | None) -> tuple[int, int] | None:
    return (mention.start, mention.end) if mention is not None else None


def _anchor(
    triggers: Sequence[Trigger], counts: Sequence[Count], sentences: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """The words an implied actor is evidenced by: the event's trigger, else its toll."""
    if triggers:
        return triggers[0].start, triggers[0].end
    for count in sorted(counts, key=lambda c: c.kind != "killed"):
        return count.clause_start, count.clause_end
    return sentences[0]
