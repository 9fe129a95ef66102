"""Resolving mentions with the article's context, and choosing each event's place.

The article's countries come from all its names at once (:mod:`sitrep.geocode.joint`:
named countries, every reading of every name, the hierarchy the text writes,
demonyms); each name's readings are then scored (:mod:`sitrep.geocode.score`)
and names written as nested are chosen together. An event takes the place its
own sentences name, never one where people spoke or met unless the article has
no other; failing that, the article's dominant place. See ``docs/geocoding.md``.

Example:
    >>> geocoder = PlaceGeocoder(Config.load())                       # doctest: +SKIP
    >>> geocoder(article, doc, result).events[0].admin1               # doctest: +SKIP
    'Idlib'
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from spacy.tokens import Doc

from sitrep.config import Config
from sitrep.geocode._names import context, fold
from sitrep.geocode.fields import Located, specificity, with_place
from sitrep.geocode.gazetteer import Gazetteer, load_gazetteer
from sitrep.geocode.joint import article_countries, fit_inner, hierarchy_links, nest
from sitrep.geocode.score import score
from sitrep.geocode.toponyms import Mention, find_mentions, sentences
from sitrep.records import Article, Event, Figure, Result, Span

_ANCHOR_FIELDS = ("fatalities", "sub_event_type", "event_type", "value", "figure_type")
_WHO_FIELDS = frozenset({"actor1", "actor2", "assoc_actor1", "assoc_actor2", "sources_quoted"})
_R = TypeVar("_R", Event, Figure)
# Between a place and the province that contains it: "Chak district, Wardak province",
# "Sangin in Helmand province", "Marjah district of Helmand province".
_ENCLOSED_BY = re.compile(r"\s*(,|,?\s*(in|of))\s*(the\s+)?")


@dataclass(frozen=True, slots=True)
class ArticlePlaces:
    """What :meth:`PlaceGeocoder.predict` finds: the resolved mentions and sentence starts."""

    located: tuple[Located, ...]
    sentence_starts: tuple[int, ...]
    countries: tuple[int, ...]

    def sentence_of(self, offset: int) -> int:
        """The index of the sentence containing character ``offset``."""
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)


@dataclass(frozen=True, slots=True)
class Trace:
    """The inside of one resolution, for :meth:`PlaceGeocoder.trace` and ``--context``.

    Per mention: its candidates, each candidate's score, the reading chosen
    jointly (before "X district, Y province" is held to its word), and the
    scoring inputs (the kind a feature word asks for, the sentence's other
    readings); ``weight`` is each article country's weight.
    """

    candidates: tuple[tuple[int, ...], ...]
    scores: tuple[dict[int, float], ...]
    chosen: tuple[int | None, ...]
    inputs: tuple[tuple[str | None, frozenset[int]], ...]
    weight: dict[int, float]


class PlaceGeocoder:
    """The geocode stage: sets the place fields of every event and figure of a result."""

    def __init__(self, config: Config) -> None:
        self.gazetteer: Gazetteer = load_gazetteer(config.geocode)

    def __call__(self, article: Article, doc: Doc, result: Result) -> Result:
        """Return ``result`` with place fields and evidence set where the text supports them."""
        if not result.events and not result.figures:
            return result
        places = self.predict(doc)
        return Result(
            events=tuple(self._apply(record, places, article.text) for record in result.events),
            figures=tuple(self._apply(record, places, article.text) for record in result.figures),
        )

    def predict(self, doc: Doc) -> ArticlePlaces:
        """Find and resolve every place name of ``doc`` (pure: no record is touched)."""
        ranges = sentences(doc)
        text = doc.text
        mentions = find_mentions(doc, self.gazetteer, ranges)
        links = hierarchy_links(mentions, text)
        readings = self.readings(mentions, links)
        countries = article_countries(self.gazetteer, doc, mentions, readings, links)
        located = self._resolve(mentions, countries, text, links)
        starts = tuple(doc[start].idx for start, _ in ranges)
        return ArticlePlaces(tuple(located), starts, tuple(countries))

    def choose(self, places: ArticlePlaces, evidence: Sequence[Span]) -> Located | None:
        """The place of a record whose evidence is ``evidence``.

        A place in the record's own sentences wins: the one nearest the evidence,
        or a more specific place the same sentences put inside it ("Nowzad
        district, Helmand province"). Places where people spoke or met, and
        datelines, are never taken from the sentence. Failing that, or when the
        sentence names only a country ("in southern Afghanistan"), the article's
        dominant place inside that country is used.
        """
        wanted = {places.sentence_of(span.start) for span in evidence}
        own = [
            loc
            for loc in places.located
            if loc.mention.sentence in wanted and not loc.mention.role and not loc.mention.dateline
        ]
        dominant = self._dominant(places.located)
        if not own and dominant is None:
            # Every place of the article is where someone spoke, met or worked ("a protest
            # outside the governor's office in Mirpur Khas"): the event's own sentence
            # still places it better than nothing.
            own = [
                loc
                for loc in places.located
                if loc.mention.sentence in wanted and not loc.mention.dateline
            ]
            if not own:
                return self._dominant(places.located, roles=True)
        if not own:
            return dominant
        if any(loc.mention.locative for loc in own):
            # "rallied in Nicosia against the invasion of Ukraine": a country the sentence
            # is about, not in, does not place the event.
            own = [loc for loc in own if loc.mention.locative or loc.place.kind != "country"]
        nearest = min(own, key=lambda loc: _distance(loc.mention, evidence))
        inner = [
            loc
            for loc in own
            if loc is not nearest
            and self.gazetteer.is_ancestor(nearest.place.place_id, loc.place.place_id)
            and loc.place.place_id != nearest.place.place_id
        ]
        if inner:
            nearest = max(
                inner, key=lambda loc: (specificity(loc), -_distance(loc.mention, evidence))
            )
        if (
            nearest.place.kind == "country"
            and dominant is not None
            and dominant.place.kind != "country"
            and (dominant.place.country_id == nearest.place.place_id or nearest.mention.near)
        ):
            # "in southern Afghanistan": the article's place inside it; "near the Somalia
            # border": the article's place, on whichever side it is.
            return dominant
        return nearest

    def _apply(self, record: _R, places: ArticlePlaces, text: str) -> _R:
        # The record is anchored at the words that state it: its count, else its
        # first trigger. Later mentions ("After the attack, ... met in Ankara") are
        # where the story moved on, not where the event happened.
        evidence = next(
            ([spans[0]] for name in _ANCHOR_FIELDS if (spans := record.evidence.get(name))),
            [],
        )
        # A country named as an actor or a source ("backed by Russia", "an official
        # in Turkey") says who, not where: its words are not candidate places.
        who = [span for name in _WHO_FIELDS for span in record.evidence.get(name, ())]
        if who:
            places = replace(
                places,
                located=tuple(
                    loc
                    for loc in places.located
                    if not any(s.start < loc.mention.end and loc.mention.start < s.end for s in who)
                ),
            )
        chosen = self.choose(places, evidence)
        if chosen is None:
            return record
        anchor = chosen.place
        if anchor.latitude is None and anchor.admin1_id >= 0:
            # A district no town of cities500 lies in: its province's seat, and the
            # precision of a province, rather than coordinates that would overstate it.
            anchor = self.gazetteer.place(anchor.admin1_id)
        return with_place(record, chosen, anchor, places.located, text)

    def _resolve(
        self,
        mentions: Sequence[Mention],
        countries: Sequence[int],
        text: str,
        links: Sequence[tuple[int, int]],
    ) -> list[Located]:
        trace = self.trace(mentions, countries, links)
        gaz = self.gazetteer
        return [
            Located(mention, gaz.place(place_id))
            for mention, place_id in zip(
                mentions,
                self._contained(mentions, trace.candidates, trace.chosen, text, countries),
                strict=True,
            )
            if place_id is not None
        ]

    def trace(
        self,
        mentions: Sequence[Mention],
        countries: Sequence[int],
        links: Sequence[tuple[int, int]],
    ) -> Trace:
        """Every mention's candidates, the scoring inputs, and the readings chosen jointly."""
        gaz = self.gazetteer
        weight = {c: 1.0 - rank / (len(countries) + 1) for rank, c in enumerate(countries)}
        cues: defaultdict[str, set[str]] = defaultdict(set)
        for mention in mentions:
            if mention.feature:
                cues[fold(mention.name)].add(mention.feature)
        candidates = [self._candidates(m, countries) for m in mentions]
        by_sentence: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
        for position, (mention, ids) in enumerate(zip(mentions, candidates, strict=True)):
            for place_id in ids:
                by_sentence[mention.sentence].append((position, place_id))
        scores: list[dict[int, float]] = []
        inputs: list[tuple[str | None, frozenset[int]]] = []
        for position, (mention, ids) in enumerate(zip(mentions, candidates, strict=True)):
            near = frozenset(
                place_id
                for sentence in (mention.sentence, mention.sentence - 1)
                for other, place_id in by_sentence[sentence]
                if other != position
            )
            wanted = mention.feature or _single(cues[fold(mention.name)])
            inputs.append((wanted, near))
            scores.append({i: score(gaz, i, mention, wanted, weight, near) for i in ids})
        chosen: list[int | None] = [
            max(table, key=table.__getitem__) if table else None for table in scores
        ]
        home = countries[0] if countries else None
        chosen = nest(gaz, links, candidates, chosen, lambda pos, i: scores[pos][i], home)
        return Trace(tuple(candidates), tuple(scores), tuple(chosen), tuple(inputs), weight)

    def _contained(
        self,
        mentions: Sequence[Mention],
        candidates: Sequence[tuple[int, ...]],
        chosen: Sequence[int | None],
        text: str,
        countries: Sequence[int],
    ) -> list[int | None]:
        """Hold "X district, Y province" to its word: X must lie in Y.

        Districts share names and spellings across provinces ("Khogyani" is in
        Nangarhar and Ghazni; "Chak" fuzzily meets Logar's "Charkh"). When the
        text puts a name inside the province named right after it, a candidate
        inside that province is taken; with none, the name is dropped and the
        province stands for the place, rather than a district elsewhere. A
        province in another country than the article's is more likely a
        misspelling ("Nawah district, Ghanzi province" in an Afghan release) and
        overrules nothing; in the article's country it does ("Chak district,
        Wardak province" is not Chak in Pakistan).
        """
        gaz = self.gazetteer
        out = list(chosen)
        for position, mention in enumerate(mentions[:-1]):
            outer_mention, outer = mentions[position + 1], chosen[position + 1]
            place_id = chosen[position]
            if (
                place_id is None
                or outer is None
                or gaz.kind_rank(outer) != 1
                or outer_mention.feature != "admin1"
                or gaz.kind_rank(place_id) < 2
                or gaz.is_ancestor(outer, place_id)
                or (
                    gaz.country_of(outer) != gaz.country_of(place_id)
                    and gaz.country_of(outer) not in countries[:1]
                )
                or not _ENCLOSED_BY.fullmatch(text[mention.end : outer_mention.start])
            ):
                continue
            inside = [i for i in candidates[position] if gaz.is_ancestor(outer, i)]
            out[position] = max(inside, key=gaz.kind_rank) if inside else None
        return out

    def _candidates(self, mention: Mention, countries: Sequence[int]) -> tuple[int, ...]:
        """The entries a mention may mean, inside the article's countries where possible.

        An exact name inside the article's countries wins; then a shared
        transliteration key or a fuzzy match inside them (only for a name the
        text marks as a place: "Wardag province"); an exact name abroad is kept
        only for a place entity ("Ali district" in an Afghan release is not the
        Indian district).
        """
        gaz = self.gazetteer
        ids = mention.ids
        divisions = self._divisions(mention)
        if countries:
            in_context = set(countries)
            local = tuple(
                i for i in ids if gaz.country_of(i) in in_context or gaz.kind_rank(i) == 0
            )
            if mention.feature or mention.entity:
                spelt = tuple(
                    i
                    for i in gaz.translit_ids(mention.name)
                    if gaz.country_of(i) in in_context and i not in local
                )
                local += spelt
                if not any(gaz.kind_rank(i) == 1 for i in local):
                    # "Zaporizhia" spells a province as well as the town it shares a key with.
                    fuzzy = gaz.fuzzy_ids(mention.name, countries)
                    local += tuple(i for i in fuzzy if i not in local)
            # "Donetsk region" in a report on Russian shelling: a province of that name
            # abroad ("Donetsk Oblast") beats a town at home; not a province at home
            # spelt otherwise ("Ghanzi province" in an Afghan release is Ghazni).
            if not any(gaz.kind_rank(i) == 1 for i in local):
                local += tuple(i for i in divisions if i not in local)
            if local:
                ids = local
            elif not mention.entity or mention.feature or mention.weak:
                ids = ()
            else:
                # A town abroad needs more than its name: in a report from El Salvador,
                # "colonia San Antonio" is no Texan city. A province or country may stand.
                ids = tuple(i for i in ids if gaz.kind_rank(i) < 2)
        else:
            ids += tuple(i for i in divisions if i not in ids)
        # Only a division the exact name reaches through an alias is shadowed by its town
        # ("Damascus"); one found by spelling or fuzzily ("Zaporizhia") is not.
        shadowed = set(mention.ids) - set(gaz.drop_alias_shadows(mention.name, mention.ids))
        return tuple(i for i in ids if i not in shadowed)

    def readings(
        self, mentions: Sequence[Mention], links: Sequence[tuple[int, int]]
    ) -> list[tuple[int, ...]]:
        """Every entry each mention may mean anywhere, for the article's country evidence.

        A name the text marks as a province, or writes as the outer place of a
        hierarchy, is also matched fuzzily against every country's provinces
        ("Zaporizhia" is GeoNames' "Zaporizka oblast").
        """
        gaz = self.gazetteer
        outers = {outer for _, outer in links}
        out: list[tuple[int, ...]] = []
        for position, mention in enumerate(mentions):
            ids = mention.ids + tuple(i for i in self._divisions(mention) if i not in mention.ids)
            outer_name = position in outers and mention.feature is None
            if (outer_name or mention.feature == "admin1") and not any(
                gaz.kind_rank(i) == 1 for i in ids
            ):
                # "Sol region" is Somalia's Sool: a short province name, too short for
                # fuzzy matching, spelt another way (a longer one's key is too loose).
                spelt = tuple(
                    i
                    for i in gaz.translit_ids(mention.name)
                    if gaz.kind_rank(i) == 1 and len(fold(mention.name)) < 5
                )
                ids += tuple(
                    dict.fromkeys(
                        i for i in spelt + gaz.fuzzy_admin1_ids(mention.name) if i not in ids
                    )
                )
            out.append(ids)
        return fit_inner(gaz, links, out)

    def _divisions(self, mention: Mention) -> tuple[int, ...]:
        """Provinces the name means alone or with a province word ("Donetsk Oblast").

        GeoNames keeps such forms as aliases of admin1 entries, which a text saying
        "Donetsk region" does not spell out. Not for districts: "Ali District" is
        a GeoNames alias far from the "Ali district" of an Afghan release.
        """
        if mention.feature != "admin1":
            return ()
        gaz = self.gazetteer
        key = fold(mention.name)
        named = (gaz.ids_folded(f"{key} {fold(word)}") for word in context().feature["admin1"])
        return tuple(
            dict.fromkeys(
                place_id
                for ids in (mention.ids, *named)
                for place_id in ids
                if gaz.kind_rank(place_id) == 1
            )
        )

    def _dominant(self, located: Sequence[Located], roles: bool = False) -> Located | None:
        """The place the article talks about most.

        That is the province (or town) named most often, counting a province's
        districts and towns toward it, and then the most specific place named
        inside it; a country only when the article names nothing inside one.
        Places where people spoke or met count only with ``roles``.
        """
        usable = [loc for loc in located if roles or not loc.mention.role]
        if not usable:
            return None
        # A dateline is seldom where the event was, but it beats a bare country:
        # "PAKTIA, Afghanistan — ... in eastern Afghanistan".
        preferred = (
            [loc for loc in usable if not loc.mention.dateline and loc.place.kind != "country"]
            or [loc for loc in usable if loc.place.kind != "country"]
            or [loc for loc in usable if not loc.mention.dateline]
            or usable
        )
        support: Counter[int] = Counter()
        for loc in preferred:
            place = loc.place
            for container in {place.place_id, place.admin1_id}:
                if container >= 0:
                    support[container] += 1
        inside = [loc for loc in preferred if loc.place.kind != "country"] or preferred
        best = max(
            inside,
            key=lambda loc: (support[loc.place.place_id], -specificity(loc), -loc.mention.start),
        )
        # The province leads by the support of the places inside it; the place to give is
        # the most specific of those ("Cabo de Santo Agostinho (Pernambuco)"), not its centre.
        within = [
            loc
            for loc in inside
            if loc.place.place_id != best.place.place_id
            and self.gazetteer.is_ancestor(best.place.place_id, loc.place.place_id)
        ]
        if within:
            best = max(
                within,
                key=lambda loc: (support[loc.place.place_id], specificity(loc), -loc.mention.start),
            )
        return best


def _distance(mention: Mention, evidence: Sequence[Span]) -> int:
    """Characters between a mention and the nearest evidence span (0 when they overlap)."""
    if not evidence:
        return mention.start
    return min(max(span.start - mention.end, mention.start - span.end, 0) for span in evidence)


def _single(kinds: set[str]) -> str | None:
    return next(iter(kinds)) if len(kinds) == 1 else None
