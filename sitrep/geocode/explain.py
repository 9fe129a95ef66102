"""Why a place name was read as it was: ``sitrep geocode PLACE --context TEXT``.

Runs the geocode stage on the context exactly as the pipeline does and reports,
for the mention of PLACE: the article's countries with their votes, the names
the text writes around it as a hierarchy, every candidate reading with the
terms of its score (:mod:`sitrep.geocode.score`), and the reading chosen, so a
user can see a decision and report a wrong one.

Example:
    >>> text = "Shelling hit Vasylivka, Zaporizhia."
    >>> explain("Vasylivka", text, Config.load()).chosen.country        # doctest: +SKIP
    'Ukraine'
"""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.config import Config
from sitrep.geocode._names import fold
from sitrep.geocode.gazetteer import Place
from sitrep.geocode.joint import article_countries, country_votes, hierarchy_links
from sitrep.geocode.resolve import PlaceGeocoder
from sitrep.geocode.score import Reason, score_terms
from sitrep.geocode.toponyms import find_mentions, sentences


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of the mention, its score and the terms of that score."""

    place: Place
    score: float
    terms: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything ``--context`` prints; ``chosen`` is ``None`` when no reading was kept."""

    text: str
    mention: str | None
    countries: tuple[tuple[Place, float, bool], ...]  # country, votes, in the article's context
    nested_in: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    chosen: Place | None
    note: str


def explain(place: str, context: str, config: Config) -> Explanation:
    """Geocode ``context`` and explain how its mention of ``place`` was resolved.

    When the context does not contain the name, it is added as a sentence of
    its own ("In PLACE."), so a bare name can be tried against any context.
    """
    from sitrep.annotate import Annotator

    text = context if fold(place) in fold(context) else f"{context.rstrip()}\nIn {place}."
    doc = Annotator(config.nlp)(text)
    geocoder = PlaceGeocoder(config)
    gaz = geocoder.gazetteer
    mentions = find_mentions(doc, gaz, sentences(doc))
    links = hierarchy_links(mentions, text)
    readings = geocoder.readings(mentions, links)
    votes = country_votes(gaz, doc, mentions, readings, links)
    countries = article_countries(gaz, doc, mentions, readings, links)
    listed = tuple((gaz.place(c), v, c in countries) for c, v in votes)
    wanted = fold(place)
    position = next(
        (i for i, m in enumerate(mentions) if fold(m.name) == wanted),
        next((i for i, m in enumerate(mentions) if wanted in fold(m.text)), None),
    )
    if position is None:
        note = "the text around it does not make it a place name (no mention found)"
        return Explanation(text, None, listed, (), (), None, note)
    mention = mentions[position]
    trace = geocoder.trace(mentions, countries, links)
    feature, near = trace.inputs[position]
    candidates = sorted(
        (
            Candidate(
                gaz.place(i),
                trace.scores[position][i],
                tuple(score_terms(gaz, i, mention, feature, trace.weight, near)),
            )
            for i in trace.candidates[position]
        ),
        key=lambda c: -c.score,
    )
    located = {
        (loc.mention.start, loc.mention.end): loc.place for loc in geocoder.predict(doc).located
    }
    chosen = located.get((mention.start, mention.end))
    nested_in = tuple(mentions[o].text for i, o in links if i == position)
    if chosen is None:
        note = "no reading kept: none in the article's countries or inside the place named with it"
    elif candidates and chosen.place_id != candidates[0].place.place_id:
        note = "chosen with the names written around it (nesting), over the best score alone"
    else:
        note = "the best-scored reading"
    return Explanation(text, mention.text, listed, nested_in, tuple(candidates), chosen, note)
