"""Background and non-events: whether a clause reports a real, current event at all.

A report's news sits among sentences that name violence without reporting it:
history ("In 2019, a bombing killed ..."), running and campaign totals ("In all,
five people have been killed since the truce"), a court's verdict about an old
massacre, figures of an earlier operation, a disaster or an accident, sport
("the visitors attacked and massacred the defence"). Each is recognised by a
general rule on the clause's one parse, not by phrases fitted to examples:

* **time**: a clause dated weeks before publication is history
  (:func:`is_history`); a count told in the perfect aspect with a discourse cue
  of totals ("in all", "so far", "since ...") or a cumulative phrase is a
  running total; a count "in the earlier operation" (an event noun modified by
  a word of the past) belongs to that earlier event;
* **frame**: a clause whose predicate is a judicial act (sentenced, convicted,
  acquitted, indicted, on trial) tells a legal step about an old event;
* **word sense**: in a clause set in a disaster or an accident (flood, gas
  leak, colliery) the words that can name an accident ("blast", "explosion",
  "fire") and its deaths are not political violence; in a clause set in sport
  ("match", "league", "striker") "attacked" and "massacred" are metaphors.

Clauses without a trigger or a count are not read at all, so the rules cost
nothing on most text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span

from sitrep.extraction._lexicons import alternation, load
from sitrep.extraction.counts import Count
from sitrep.extraction.dates import DateMention
from sitrep.extraction.triggers import Status, Trigger

BACKGROUND_DAYS = 8
"""A mention dated this many days or more before publication is history, not news: reports
of an event come within days of it, and weekly round-ups say "last week" (kept, precision 2)."""

NEWS_DAYS = 31
"""A report's lede and a late confirmation ("ISAF confirmed today that ...") state its news,
which may be an event of the past month: such a sentence is history only from this many days
before publication."""

_UNREAL = frozenset({"negated", "irrealis", "background"})
_VIOLENT = frozenset({"violent", "protest"})


@dataclass(frozen=True, slots=True)
class Reading:
    """What a clause reports as a current event: its real triggers and counts."""

    triggers: list[Trigger]
    counts: list[Count]
    disaster: bool


def is_history(dates: Sequence[DateMention], published: date | None, *, news: bool = False) -> bool:
    """Whether a clause is dated weeks before publication ("In 2019, a bombing killed...").

    A clause that states the report's ``news`` (its lede, or "confirmed today that
    Sangari was killed in an airstrike Feb. 7") may report an event of the past month.
    """
    if published is None:
        return False
    days = NEWS_DAYS if news else BACKGROUND_DAYS
    for mention in dates:
        resolved = mention.resolve(published)
        if resolved is not None and (published - resolved[0]).days >= days:
            return True
    return False


class Background:
    """The background rules, with their lexicons compiled once."""

    def __init__(self) -> None:
        speech = load("speech")
        self._cumulative = re.compile(rf"\b(?:{alternation(speech['cumulative_cues'])})", re.I)
        self._disaster = re.compile(rf"\b(?:{alternation(speech['disaster_cues'])})\b", re.I)
        self._totals = re.compile(rf"\b(?:{alternation(speech['total_cues'])})\b", re.I)
        self._past = frozenset(speech["past_modifiers"])
        self._past_words = re.compile(rf"\b(?:{alternation(speech['past_modifiers'])})\b", re.I)
        self._judicial = frozenset(speech["judicial_verbs"])
        self._sport = frozenset(speech["sport_words"])
        self._sport_words = re.compile(rf"\b(?:{alternation(speech['sport_words'])})", re.I)
        self._accident_prone = frozenset(speech["accident_prone_triggers"])

    def read(
        self,
        doc: Doc,
        text: str,
        clause: tuple[int, int],
        found: Sequence[tuple[Trigger, Status]],
        counts: list[Count],
        dates: Sequence[DateMention],
        published: date | None,
        *,
        news: bool,
        lede: bool = True,
        accident_report: bool = False,
    ) -> Reading:
        """The triggers and counts of ``clause`` (a range of ``text``) that report current events.

        ``found`` is every trigger of the clause with its status; ``news`` marks the
        report's lede or a late confirmation (see :func:`is_history`); an
        ``accident_report`` is an article whose lede tells an accident or a disaster and
        no violence, so that its later "it exploded" is that accident's (see
        :meth:`sets_accident`).
        """
        start, end = clause
        words = text[start:end]
        disaster = accident_report or bool(self._disaster.search(words))
        triggers = [t for t, said in found if said == "asserted"]
        if not triggers and not counts:
            return Reading([], [], disaster)
        span = doc.char_span(start, end, alignment_mode="expand")
        if is_history(dates, published, news=news):
            return Reading([], [], disaster)
        if span is not None and not news and _earlier_dated(span, dates):
            return Reading([], [], disaster)
        if span is not None and (
            self._judicial_frame(span)
            or (self._sport_words.search(words) and self._sport_sense(span, counts))
        ):
            return Reading([], [], disaster)
        if disaster:
            # "a gas blast at the colliery killed 12": the accident's words are no attack.
            triggers = [t for t in triggers if _words(text, t) not in self._accident_prone]
            if not any(t.kind.family in _VIOLENT for t in triggers):
                counts = []  # deaths in a flood or an accident are not political violence
        if counts and (self._cumulative.search(words) or self._running_total(span, words)):
            counts = []  # a running total ("has killed 40,000 since 2009"), not this event's
        if counts and not lede and span is not None and _summed_up(span, dates):
            counts = [c for c in counts if c.rise]  # "Nearly 1,200 have been killed" (a total)
        if (
            counts
            and span is not None
            and self._past_words.search(words)
            and self._earlier_event(span)
        ):
            counts = []  # "1,000 were killed in the earlier operation"
        if not triggers and any(said in _UNREAL for _, said in found):
            counts = []  # the clause's only events are denied, hypothetical or background
        if counts and not triggers and span is not None and _state_of_death(span):
            counts = []  # "they are both dead now": a state, no violent event told
        return Reading(triggers, counts, disaster)

    def sets_accident(self, lede: Sequence[Reading]) -> bool:
        """Whether a report's lede (its first clauses, read) tells an accident and no violence.

        "A road accident followed by a fire killed five" sets the whole report: a witness
        saying later that "it exploded" tells the same accident, not a bombing.
        """
        return any(r.disaster for r in lede) and not any(
            t.kind.family in _VIOLENT for r in lede for t in r.triggers
        )

    def _running_total(self, span: Span | None, words: str) -> bool:
        """A toll in the perfect aspect with a cue of totals: "In all, five have been killed"."""
        if span is None or not self._totals.search(words):
            return False
        return any(t.dep_ == "aux" and t.lemma_ == "have" and t.head.tag_ == "VBN" for t in span)

    def _earlier_event(self, span: Span) -> bool:
        """The clause's own setting is an earlier event: "were killed in the earlier operation".

        The modified noun must set the clause's main predicate (not a participle inside
        it: "a mine planted during previous clashes went off" is today's blast) and
        name an event, not a stretch of time ("during the past two days").
        """
        root = span.root
        # The clause's predicates: its root, their conjuncts, and what a source said.
        main = {root.i, *(c.i for c in root.children if c.dep_ in ("conj", "ccomp"))}
        for token in span:
            if token.lower_ not in self._past or token.dep_ != "amod":
                continue
            noun = token.head
            if noun.ent_type_ in ("DATE", "TIME") or noun.dep_ != "pobj":
                continue
            prep = noun.head
            if prep.lower_ in ("in", "during") and prep.head.i in main:
                return True
        return False

    def _judicial_frame(self, span: Span) -> bool:
        """A clause whose own predicate is a judicial act about what happened before."""
        root = span.root
        verbs = [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB")]
        return any(v.lemma_.lower() in self._judicial for v in verbs)

    def _sport_sense(self, span: Span, counts: Sequence[Count]) -> bool:
        """A clause about sport, where no one is said killed: its violence is a metaphor."""
        if any(c.kind == "killed" and c.quantity is not None for c in counts):
            return False
        return any(t.lemma_.lower() in self._sport for t in span)


def _earlier_dated(span: Span, dates: Sequence[DateMention]) -> bool:
    """A clause in the pluperfect with its own date: an event before the one reported.

    "A missile strike on the city on Monday had killed 10 people" sets its event
    before the report's news (the past of the past) and dates it: it is
    background, however recent. Without a date of its own the pluperfect is
    often the news told from a later point ("had been kidnapped ... and was
    found"), so it is left alone.
    """
    if not any(d.explicit and not d.attributive for d in dates):
        return False
    root = span.root
    return (
        any(
            c.dep_ == "aux" and c.lemma_ == "have" and "Past" in c.morph.get("Tense", [])
            for c in root.children
        )
        and root.tag_ == "VBN"
    )


def _summed_up(span: Span, dates: Sequence[DateMention]) -> bool:
    """A toll told after the lede in the present perfect, with no day of its own: a total.

    News tells its incident in the past ("Gunmen killed four on Monday") and sums up
    a campaign to date in the present perfect ("Nearly 1,200 people have been killed
    in the offensive"). A lede may state its own news in the perfect ("At least 20
    have been killed in a blast"), so the rule holds only after it; a toll said to
    have risen ("has risen to 22") is a revision of the incident's and is kept.
    """
    if any(d.explicit and not d.attributive for d in dates):
        return False
    root = span.root
    verbs = [root, *(c for c in root.children if c.dep_ in ("conj", "ccomp"))]
    return any(
        v.tag_ == "VBN"
        and any(
            c.dep_ == "aux" and c.lemma_ == "have" and "Pres" in c.morph.get("Tense", [])
            for c in v.children
        )
        for v in verbs
    )


def _state_of_death(span: Span) -> bool:
    """A clause that states people are dead, in the present, without telling how they died.

    "They are both dead now" reports no event; "two were killed" (past) and "have
    been killed" (perfect) do, and so does a clause with a trigger ("are dead after
    a shooting"), which is never read here.
    """
    root = span.root
    return any(
        verb.lemma_ in ("be", "remain")
        and "Pres" in verb.morph.get("Tense", [])
        and any(c.dep_ == "acomp" and c.lower_ == "dead" for c in verb.children)
        for verb in (root, *(c for c in root.children if c.dep_ in ("ccomp", "conj")))
    )


def _words(text: str, trigger: Trigger) -> str:
    return " ".join(text[trigger.start : trigger.end].lower().split())
