"""The extract stage: event mentions in clauses, segmented into incidents, coded as events.

A news report names its event many times (headline, lead, a quote with the
revised toll, a background paragraph) and often reports several. The extractor
reads clause by clause: the triggers that assert something happened (see
:mod:`sitrep.extraction.triggers`), counts, deaths told without a number
(:mod:`sitrep.extraction.deaths`), dates; drops what is background or no event
(:mod:`sitrep.extraction.background`); then segments the clauses into incidents
(:mod:`sitrep.extraction.incidents`) and codes one event per incident from that
incident's clauses only. ``docs/extraction.md`` describes the rules.

Fields of a folded event:

* type: the most specific trigger (an air strike beats an attack); an attack on
  civilians is ACLED's *Violence against civilians / Attack*; a protest with
  deaths is *Excessive force against protesters*;
* fatalities: the largest specific count stated for it, plus counts marked as
  additional ("two more"); counts marked as earlier ("previously said nine")
  become revisions, oldest first;
* date: the first date expression of its sentences, resolved against the
  publication date (or the dateline); mentions dated weeks before publication
  are background and are dropped;
* actors, sources: see :mod:`sitrep.extraction.actors`, :mod:`sitrep.extraction.sources`.

Place fields are left for the geocode stage, which reads the evidence spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc

from sitrep.config import Config
from sitrep.extraction._lexicons import alternation, load
from sitrep.extraction.actors import ActorContext
from sitrep.extraction.background import Background, Reading, is_history
from sitrep.extraction.codebook import code
from sitrep.extraction.confidence import calibrated, support
from sitrep.extraction.counts import Count, find_counts, find_singular_deaths
from sitrep.extraction.dates import DateMention, ReportDate, find_dates, report_date
from sitrep.extraction.deaths import find_deaths
from sitrep.extraction.discourse import reported
from sitrep.extraction.figures import FigureMention, find_figures
from sitrep.extraction.incidents import SAID_ON, Clause, Incident, anchor, clauses, places, segment
from sitrep.extraction.notes import note
from sitrep.extraction.sources import Source, find_sources
from sitrep.extraction.triggers import (
    Trigger,
    find_bases,
    find_gatherings,
    find_triggers,
    status,
    sub_event,
)
from sitrep.records import Article, Event, Figure, Result, Revision, Span, stable_id

_CONFIRMED = re.compile(r"\bconfirm(?:ed|s)\s+(?:\w+\s+){0,3}that\b", re.I)
"""A late confirmation ("ISAF confirmed today that ...") states the report's news, like its
lede: see :func:`sitrep.extraction.background.is_history`."""

_LEDE = 3
"""Clauses of the headline and lede, where a report states what it is about."""

_IN_PROTEST = {"arrest": "Protest with intervention", "looting": "Violent demonstration"}


@dataclass(frozen=True, slots=True)
class _Report:
    """What every event of one article shares: its dates, lead and actor context."""

    published: date | None
    year: int | None
    lead: list[Clause]
    actors: ActorContext


class EventExtractor:
    """Events and figures of one annotated article; pure, so workers can hold one."""

    def __init__(self, config: Config) -> None:
        self.config = config
        speech = load("speech")
        self._background = Background()
        self._separate = re.compile(rf"\W*(?:{alternation(speech['separate_cues'])})\b", re.I)
        # Where a sentence turns to a second event: ", and another bomb ...", "; a second attack".
        openers = alternation(speech["second_event_openers"])
        nouns = alternation(speech["second_event_nouns"])
        self._another = re.compile(
            rf"[,;]\s+(?:and\s+|while\s+|but\s+)?(?=(?:{openers})\s+(?:\w+\s+)?(?:{nouns})s?\b)",
            re.I,
        )

    def __call__(self, article: Article, doc: Doc) -> Result:
        """Extract the events and humanitarian figures ``doc`` (the annotated article) reports."""
        text = article.text
        published = article.published
        header = report_date(text)
        published = published or header.published
        sentences = self._sentences(doc, text, published, header)
        lead = [s for s in sentences if s.end > header.body_start][:_LEDE]
        groups = reported(segment(sentences), {s.index for s in lead})
        context = ActorContext.of(text)
        report = _Report(published, header.year, lead, context)
        events = [self._event(article, doc, g, report) for g in groups]
        figures = self._figures(article, sentences, published)
        return Result(events=tuple(events), figures=figures)

    def _sentences(
        self, doc: Doc, text: str, published: date | None, header: ReportDate
    ) -> list[Clause]:
        out: list[Clause] = []
        lede = True
        read: list[Reading] = []  # the lede's clauses, read
        for index, (start, end, second) in enumerate(clauses(doc, text, self._another)):
            news = (lede and end > header.body_start) or bool(_CONFIRMED.search(text, start, end))
            lede = lede and end <= header.body_start
            dates = [d for d in find_dates(text, max(start, header.body_start), end)]
            found = [
                (t, status(doc, start, t.start, t.end))
                for t in [
                    *find_triggers(text, start, end),
                    *find_gatherings(doc, text, start, end),
                    *find_bases(doc, text, start, end),
                ]
            ]
            counts = find_counts(text, start, end)
            counts += find_singular_deaths(doc, start, end, counts)
            counts += find_deaths(doc, text, start, end, counts)
            reading = self._background.read(
                doc,
                text,
                (start, end),
                found,
                counts,
                dates,
                published,
                news=news,
                lede=len(read) < _LEDE,
                accident_report=len(read) == _LEDE and self._background.sets_accident(read),
            )
            if end > header.body_start and len(read) < _LEDE:
                read.append(reading)
            triggers = _drop_generic_in_protest(reading.triggers)
            counts = reading.counts
            out.append(
                Clause(
                    index,
                    start,
                    end,
                    triggers,
                    counts,
                    dates,
                    second or bool(self._separate.match(text, start, end)),
                    anchor(text, dates, published, header.year),
                    places(doc, start, end) if triggers or counts else frozenset(),
                    reading.disaster,
                )
            )
        return out

    def _event(
        self,
        article: Article,
        doc: Doc,
        group: Incident,
        report: _Report,
    ) -> Event:
        text = article.text
        evidence: dict[str, list[Span]] = {}

        def span(start: int, end: int) -> Span:
            return Span(start, end, text[start:end])

        killed = [c for c in group.counts if c.kind == "killed"]
        injured = [c for c in group.counts if c.kind == "injured"]
        coding = code(
            doc,
            text,
            group.triggers,
            group.counts,
            [(s.start, s.end) for s in group.sentences],
            group.family,
            report.actors,
        )
        kind, actors = coding.kind, coding.actors
        first = min([t.start for t in group.triggers] + [c.start for c in killed])
        type_spans = [span(t.start, t.end) for t in group.triggers] or [
            span(c.clause_start, c.clause_end) for c in killed[:1]
        ]
        evidence["event_type"] = type_spans
        evidence["sub_event_type"] = [
            s for t, s in zip(group.triggers, type_spans, strict=False) if t.kind == kind
        ] or type_spans

        fatalities = _tally(killed)
        values: dict[str, object] = {}
        if fatalities is not None:
            chosen, total, revisions = fatalities
            q = chosen.quantity
            assert q is not None
            values.update(
                fatalities=total,
                fatalities_low=q.low if total == q.value else total,
                fatalities_high=q.high if total == q.value else None,
                qualifier=q.qualifier,
                revisions=tuple(
                    Revision(c.quantity.value, span(c.start, c.end))
                    for c in revisions
                    if c.quantity
                ),
            )
            evidence["fatalities"] = [span(chosen.start, chosen.end)] + [
                span(c.start, c.end) for c in killed if c.additive
            ]
            evidence["qualifier"] = [span(chosen.start, chosen.end)]
            if revisions:
                evidence["revisions"] = [span(c.start, c.end) for c in revisions]
        if injured:
            hurt = _tally(injured)
            values["injured_mentioned"] = True
            if hurt is not None:
                values["injured"] = hurt[1]
                evidence["injured"] = [span(hurt[0].start, hurt[0].end)]
            else:
                evidence["injured_mentioned"] = [span(injured[0].start, injured[0].end)]

        resolved = self._date(text, group, report.lead, report.published, report.year)
        if resolved is not None:
            when, precision, where = resolved
            values.update(event_date=when, date_precision=precision)
            if where is not None:
                evidence["event_date"] = [span(where.start, where.end)]

        for name, mention in actors.items():
            values[name] = mention.name
            evidence[name] = [span(mention.start, mention.end)]
            if name in ("actor1", "actor2"):
                values["inter1" if name == "actor1" else "inter2"] = mention.inter
        if coding.civilian_targeting:
            values["civilian_targeting"] = True
            evidence["civilian_targeting"] = evidence["actor2"]

        sources = self._sources(doc, group)
        if sources:
            values["sources_quoted"] = tuple(s.text for s in sources)
            evidence["sources_quoted"] = [span(s.start, s.end) for s in sources]

        event = Event(
            event_id=stable_id(article.article_id, "event", str(first)),
            article_id=article.article_id,
            event_type=kind.event_type,
            sub_event_type=kind.sub_event_type,
            source=article.source,
            url=article.url,
            published=article.published,
            evidence=evidence,
        )
        event = replace(event, **values)  # type: ignore[arg-type]
        return replace(event, notes=note(event), confidence=calibrated(support(event)))

    def _date(
        self,
        text: str,
        group: Incident,
        lead: Sequence[Clause],
        published: date | None,
        year: int | None,
    ) -> tuple[date, int, DateMention | None] | None:
        """The event's date: its sentences' most precise date, else the lead's, else the report's.

        A report whose event sentences carry no date most often dated the event in
        its lead ("... in Khost province yesterday."), unless the lead's date is
        history ("In June, insurgents ..." in a July report); with no date anywhere,
        the publication date stands in at precision 2 (within the week before).
        """
        found = [
            (resolved[1], SAID_ON.search(text, max(0, m.start - 40), m.start) is not None,
             order, not m.explicit, resolved[0], m)
            for order, sentence in enumerate([*group.sentences, *lead])
            for m in sentence.dates
            if not m.attributive
            and (resolved := m.resolve(published, year)) is not None
            and (published is None or resolved[0] <= published)
            and (
                order < len(group.sentences)
                or not is_history([m], published, news=sentence is lead[0])
            )
        ]  # fmt: skip
        if found:
            # The most precise date wins ("in March ... on Tuesday" is Tuesday), then a date
            # that is not when someone spoke ("said on Monday"), then the first sentence's,
            # where a named day outranks a relative one ("overnight ... Thursday").
            precision, _, _, _, when, mention = min(
                found, key=lambda f: (f[0], f[1], f[2], f[3], f[5].start)
            )
            return when, precision, mention
        if published is None:
            return None
        return published, 2, None

    def _sources(self, doc: Doc, group: Incident) -> list[Source]:
        seen: dict[str, Source] = {}
        for sentence in group.sentences:
            for source in find_sources(doc, sentence.start, sentence.end):
                seen.setdefault(source.text.lower(), source)
        return list(seen.values())

    def _figures(
        self, article: Article, sentences: Sequence[Clause], published: date | None
    ) -> tuple[Figure, ...]:
        text = article.text
        out: dict[tuple[str, int], Figure] = {}
        for sentence in sentences:
            for m in find_figures(text, sentence.start, sentence.end, published):
                key = (m.figure_type, m.value)
                if key not in out:
                    out[key] = _figure(article, m, published)
        return tuple(out.values())


def _figure(article: Article, m: FigureMention, published: date | None) -> Figure:
    text = article.text
    evidence = {
        "value": [Span(m.start, m.end, text[m.start : m.end])],
        "figure_type": [Span(m.clause_start, m.clause_end, text[m.clause_start : m.clause_end])],
    }
    if m.period_span is not None:
        s, e = m.period_span
        evidence["period_start"] = [Span(s, e, text[s:e])]
    return Figure(
        figure_id=stable_id(article.article_id, "figure", str(m.start)),
        article_id=article.article_id,
        figure_type=m.figure_type,
        value=m.value,
        low=m.low,
        high=m.high,
        qualifier=m.qualifier,
        unit=m.unit,
        period_start=m.period_start,
        period_end=published if m.period_start else None,
        evidence=evidence,
    )


def _drop_generic_in_protest(triggers: list[Trigger]) -> list[Trigger]:
    """Read a sentence about a protest as one protest event.

    "Clashes" or an "attack" there describe the protest, not a battle; arrests are
    the police intervening ("arrested 40 activists and broke up a rally"), and
    looting or burning is the crowd turning violent.
    """
    if not any(t.kind.family == "protest" for t in triggers):
        return triggers
    out = []
    for t in triggers:
        if t.kind.family == "violent" and t.kind.priority <= 1:
            continue
        if t.kind.family in _IN_PROTEST:
            t = replace(t, kind=sub_event(_IN_PROTEST[t.kind.family]))
        out.append(t)
    return out


def _tally(counts: Sequence[Count]) -> tuple[Count, int, list[Count]] | None:
    """The count an event is coded with, its total, and the earlier figures it revises.

    The most precisely stated figure wins (a number over "dozens"), the largest of
    those (a revised toll rises); figures marked additional ("two more", "also killed"
    after an earlier toll) add to it.
    Figures marked earlier ("previously said nine"), and smaller ones told before a
    toll said to have risen ("killing at least eight ... the toll rose to 12"), are
    its revisions.
    """
    stated = [c for c in counts if c.quantity is not None]
    if not stated:
        return None
    # "Also killed" adds only to a toll told before it: in "detained several insurgents
    # ... four insurgents were also killed", four is the event's first toll.
    first = min((c.start for c in stated if not c.additive and not c.also), default=None)
    stated = [
        replace(c, additive=True) if c.also and first is not None and first < c.start else c
        for c in stated
    ]
    current = (
        [c for c in stated if not c.revision and not c.additive]
        or [c for c in stated if not c.additive]
        or stated
    )
    level = max(c.quantity.level for c in current if c.quantity)
    best = max(
        (c for c in current if c.quantity and c.quantity.level == level),
        key=lambda c: (c.quantity.value if c.quantity else 0, -c.start),
    )
    assert best.quantity is not None
    extra = sum(c.quantity.value for c in stated if c.additive and c.quantity and c is not best)
    risen = [
        c.start for c in stated if c.rise and c.quantity and c.quantity.value == best.quantity.value
    ]
    earlier: dict[int, Count] = {}
    for c in stated:
        superseded = any(c.start < r for r in risen) and not c.additive
        if (c.revision or superseded) and c.quantity and c.quantity.value != best.quantity.value:
            earlier.setdefault(c.quantity.value, c)
    revisions = sorted(earlier.values(), key=lambda c: c.quantity.value if c.quantity else 0)
    return best, best.quantity.value + extra, revisions
