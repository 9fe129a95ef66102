"""Which of an article's incidents it reports as news, read from the order of telling.

A news report puts its event first (headline and lede) and then tells what came of
it and what surrounds it: the suspect arrested, the shops burned, a curfew declared,
"the fighting" in the region. Segmentation (:mod:`sitrep.extraction.incidents`)
gives every such mention an incident of its own; ACLED codes only some of them:

* **aftermath**: a strategic development (an arrest, property destroyed, a group
  dissolved, an emergency declared) first told after the clause that opens a violent
  incident or a protest is that event's consequence or the authorities' response to
  it ("Gunmen shot two shopkeepers. A suspect was detained."), coded with it
  (*Protest with intervention*, an attack), not as an event of its own. One told
  before any violence or protest, or in the same clause ("arrested a bomb maker in a
  raid", "imposed a curfew after a series of attacks"), is the news and stays;
* **passing mention**: an incident first told after the lede that has only words of
  generic fighting ("attack", "fighting", "clashes"), no toll and no day of its own
  is a word about a conflict ("since the fighting began", "the attack on the
  website"), not a report of an incident: an incident told as news outside the lede
  is anchored by a toll, a date or a specific event word.

Example:
    >>> # "Police arrested six people after a bomb killed two in the market."
    >>> # -> one incident kept: the bombing; the arrest is its aftermath
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sitrep.extraction.incidents import Incident

_TOLD_FAMILIES = frozenset({"violent", "protest"})
"""Families whose incidents are the events a report is about; the others are developments."""

_GENERIC_PRIORITY = 1
"""Trigger priority of words that name fighting in general ("attack", "clashes")."""


def reported(incidents: Sequence[Incident], lede: Collection[int]) -> list[Incident]:
    """The incidents of ``incidents`` that the article reports as events of their own.

    ``lede`` holds the clause indices of the headline and lede, where a report states
    its news.
    """
    kept = [i for i in incidents if i.sentences and not _passing(i, lede)]
    told = [i.sentences[0].index for i in kept if i.family in _TOLD_FAMILIES]
    opened = min(told, default=None)
    return [
        i
        for i in kept
        if i.family in _TOLD_FAMILIES or opened is None or i.sentences[0].index <= opened
    ]


def _passing(incident: Incident, lede: Collection[int]) -> bool:
    """An incident told after the lede by generic words only, with no toll and no day."""
    if incident.sentences[0].index in lede or incident.anchor is not None:
        return False
    if any(c.kind == "killed" and c.quantity is not None for c in incident.counts):
        return False
    return all(t.kind.priority <= _GENERIC_PRIORITY for t in incident.triggers)
