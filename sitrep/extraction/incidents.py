"""Segmenting an article into the incidents it reports, before any field is coded.

A report tells one incident many times (headline, lede, a quote with the revised
toll) and often tells several: "A car bomb killed four in Kabul on Thursday. On
Saturday, gunmen kidnapped two engineers in Herat." Each event must be coded from
its own incident's sentences only, or the type of one, the toll of another and
the place of a third end up in one record. So the article is first cut into
clauses (:func:`clauses`), each read for its triggers, counts and dates, and the
clauses are then grouped into incidents (:func:`segment`):

* an incident is anchored on its trigger family (violent, protest, arrest, ...),
  its day and its places;
* a clause continues the incident being told unless it opens another: a
  discourse cue ("Separately", "In another attack", ", and another bomb ..."),
  or its own anchor that differs, namely a day-precise date of its own at least
  two days from the incident's, or (for a clause that states its own toll of an
  incident that has one) only places the incident never named;
* a clause with a toll and no trigger adds to the violent incident being told,
  or opens one, unless it is set in a natural or technical disaster that the
  text is telling ("the floods killed 12"): disaster is read clause by clause,
  never pooled from the whole text.

The type, date, place, actors and counts of each event are then read from its
incident's clauses only (see :mod:`sitrep.extraction.events`), so counts are
never summed across incidents nor taken from another date.

Example:
    >>> # "A bomb killed 4 in Kabul on Monday. On Thursday a bomb killed 2 in Herat."
    >>> # -> two incidents, 4 killed on Monday and 2 on Thursday
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from sitrep.extraction.counts import Count
from sitrep.extraction.dates import DateMention
from sitrep.extraction.triggers import Trigger

_APART_DAYS = 2
"""Two clauses dated this many days apart tell two incidents: one day apart is often the
same one ("late on Monday" / "early Tuesday"), or a report's day against the event's."""

SAID_ON = re.compile(
    r"\b(?:said|says|told|announced|reported|added|stated|confirmed|statement|reports?)\b"
    r"[^.;]{0,25}$",
    re.I,
)
"""A date right after a verb of saying dates the saying, not the incident."""

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(slots=True)
class Clause:
    """One sentence or clause of the article, with what it says and where it stands."""

    index: int
    start: int
    end: int
    triggers: list[Trigger]
    counts: list[Count]
    dates: list[DateMention]
    separate: bool
    anchor: date | None = None
    places: frozenset[str] = frozenset()
    disaster: bool = False


@dataclass(slots=True)
class Incident:
    """The clauses of one incident, and the mentions folded into its event."""

    family: str
    triggers: list[Trigger] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    sentences: list[Clause] = field(default_factory=list)
    anchor: date | None = None
    places: set[str] = field(default_factory=set)

    def add(self, clause: Clause) -> None:
        """Add ``clause`` (once) and take its anchors where the incident has none yet."""
        if not self.sentences or self.sentences[-1] is not clause:
            self.sentences.append(clause)
            if self.anchor is None:
                self.anchor = clause.anchor
            self.places |= clause.places

    def opened_by(self, clause: Clause) -> bool:
        """Whether ``clause`` is anchored elsewhere than this incident: another day or place.

        Another place opens an incident only where both tell a toll of their own and the
        tolls differ: a lede and its detail sentence name the same dead at a district and
        at an outpost of it ("killed several ... in Giyan district" / "forces at the
        outpost ... killing several").
        """
        if (
            self.anchor is not None
            and clause.anchor is not None
            and abs((self.anchor - clause.anchor).days) >= _APART_DAYS
        ):
            return True
        if not (self.places and clause.places) or self.places & clause.places:
            return False
        told = {c.quantity.value for c in self.counts if c.kind == "killed" and c.quantity}
        tolls = {c.quantity.value for c in clause.counts if c.kind == "killed" and c.quantity}
        return bool(told and tolls) and not (told & tolls)


def clauses(doc: Doc, text: str, another: re.Pattern[str]) -> Iterator[tuple[int, int, bool]]:
    """The doc's sentences as character ranges, cut where one turns to another event.

    "A bomb killed four in Kabul on Thursday, and another bomb killed two in Herat on
    Friday." is two clauses; the flag marks a second clause, which starts a separate event.
    """
    for sent in doc.sents:
        start = sent.start_char
        for cut in another.finditer(text, sent.start_char, sent.end_char):
            yield start, cut.start(), start != sent.start_char
            start = cut.end()
        yield start, sent.end_char, start != sent.start_char


def anchor(
    text: str, dates: Sequence[DateMention], published: date | None, year: int | None
) -> date | None:
    """The day a clause itself names for what it tells: its first explicit day-precise date.

    Not a date of saying ("said on Monday") nor one naming another event ("the
    July 2 attack"), and never one after the report's date.
    """
    for mention in dates:
        if mention.attributive or not mention.explicit:
            continue
        if SAID_ON.search(text, max(0, mention.start - 40), mention.start):
            continue
        resolved = mention.resolve(published, year)
        if resolved is None or resolved[1] != 1:
            continue
        if published is not None and resolved[0] > published:
            continue
        return resolved[0]
    return None


def places(doc: Doc, start: int, end: int) -> frozenset[str]:
    """The place names a clause mentions (folded to lower case), from the one parse."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return frozenset()
    return frozenset(e.text.lower() for e in span.ents if e.label_ in _PLACE_LABELS)


def segment(sentences: Sequence[Clause]) -> list[Incident]:
    """Group clause mentions into incidents, one event each.

    Counts of killed and injured belong to a violent incident (or a protest that
    turned deadly), never to the arrests or agreements of the same clause: a toll
    with no violent trigger in its clause joins the violent incident being told,
    or opens one, except in a clause set in a disaster the text is telling.
    """
    incidents: list[Incident] = []
    current: dict[str, Incident] = {}
    disaster = False

    def incident_for(family: str, clause: Clause) -> Incident:
        incident = current.get(family)
        if incident is None or clause.separate or incident.opened_by(clause):
            incident = Incident(family)
            incidents.append(incident)
            current[family] = incident
        return incident

    for clause in sentences:
        families = list(dict.fromkeys(t.kind.family for t in clause.triggers))
        if any(f in ("violent", "protest") for f in families):
            disaster = False
        elif clause.disaster:
            disaster = True
        for family in families:
            incident = incident_for(family, clause)
            incident.triggers.extend(t for t in clause.triggers if t.kind.family == family)
            incident.add(clause)
        if not clause.counts:
            continue
        owner: Incident | None
        if "violent" not in families and "protest" in families:
            owner = current["protest"]
        elif "violent" in families:
            owner = current["violent"]
        elif disaster:
            owner = None  # "the floods killed 12": figures of a disaster, not violence
        elif "violent" in current:
            owner = incident_for("violent", clause)
        elif "protest" in current and clause.index - current["protest"].sentences[-1].index <= 1:
            owner = current["protest"]  # "Six officers were injured", right after the protest
        elif any(c.kind == "killed" for c in clause.counts):
            # A toll with no trigger is violence told by its victims: "a man was shot and
            # killed", "Farmer killed in X".
            owner = incident_for("violent", clause)
        else:
            owner = None
        if owner is None:
            continue
        owner.counts.extend(clause.counts)
        owner.add(clause)
    return [i for i in incidents if i.triggers or any(c.kind == "killed" for c in i.counts)]
