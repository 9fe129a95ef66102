"""Linking articles sitrep cannot read (other languages) to the incidents they report.

The English pipeline stores a French or Arabic article with a ``reason`` and no
events. Without reading it, three cues still tie it to an incident:

* **place** (weight 0.5): a name in it is the incident's town, district or
  province. Latin-script names are capitalised word runs compared, folded to
  ASCII, with the names of the incident's members, then looked up in the
  gazetteer (a town inside the incident's country within ``distance_km`` of it,
  or in its province, counts). Arabic words and capitalised Cyrillic words are
  compared by consonant skeleton (الفاشر → ``fshr`` ← "El Fasher", Шебекино →
  ``shbkn`` ← "Shebekino"), the rules in ``merge.toml``; a
  two-letter skeleton only counts beside its province. A full match is the
  town or district; a province alone gives half.
* **number** (0.3): a number in it (digits of any script, or a number word of
  its language from ``merge.toml``) is one of the incident's figures: a toll,
  a range bound, an earlier figure or the injured count.
* **date** (0.2): it was published within the window of the incident's date,
  scored like the date part of the pair score.

An article is linked to the best incident of its window when the score reaches
``link_threshold`` and no incident *at another place* comes within ``margin``
of it; that tie is left unlinked rather than guessed. Incidents at the same
place and close in score are facets of one event the extractor typed apart
(a protest and the arrests at it): the article goes to the one with the most
sources, then the most fatalities. The link is recorded in the incident: the article
joins ``article_ids`` and the cue spans (indexing that article's text) are kept
under the evidence key ``"link:<score>@<article_id>"``.

What it does not do: translate, read dates written in the text, or link an
article without a publication date.

Example:
    >>> skeleton("El Fasher") == skeleton("الفاشر")
    True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from unidecode import unidecode

from sitrep.config import MergeConfig
from sitrep.geocode import Gazetteer
from sitrep.geocode.distance import distance_km
from sitrep.merge._rules import rules
from sitrep.records import Article, Event, Incident, Span

_DIGITS = re.compile(r"(?<![\w.,])[0-9\u0660-\u0669\u06f0-\u06f9]{1,5}(?![\w]|[.,][0-9])")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_ARABIC = re.compile(r"[\u0600-\u06ff]+")
_CYRILLIC_NAME = re.compile(r"\b[\u0400-\u042f][\u0400-\u04ff]+")
_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ -][A-ZÀ-ÖØ-Þ][\w'’-]*){0,2}")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True, slots=True)
class Cues:
    """What an unread article offers for linking: numbers and candidate place names.

    ``other_script`` holds Arabic words and capitalised Cyrillic words, compared
    by consonant skeleton (which also absorbs Russian case endings: Шебекино,
    Шебекине).
    """

    numbers: dict[int, tuple[Span, ...]] = field(default_factory=dict)
    latin_names: tuple[Span, ...] = ()
    other_script: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleLink:
    """An unread article linked to an incident, with its score and the spans that support it."""

    article_id: str
    incident_id: str
    score: float
    spans: tuple[Span, ...]

    @property
    def evidence_key(self) -> str:
        """The key under which the incident keeps this link's spans."""
        return f"link:{self.score:.2f}@{self.article_id}"


def fold(text: str) -> str:
    """Lower-case ASCII words joined by one space ("Djenné" → "djenne")."""
    return _NON_WORD.sub(" ", unidecode(text).casefold()).strip()


def skeleton(name: str) -> str:
    """A place name's consonant skeleton, comparable across Latin and Arabic script.

    The Arabic article (ال, "al-"/"el-") is dropped, the name transliterated,
    vowels and weak letters removed and letters transliterations disagree on
    folded; a final ``h`` (Arabic tāʾ marbūṭa) is dropped.
    """
    r = rules()
    text = unicodedata.normalize("NFKC", name).strip()
    if text.startswith("ال"):
        text = text[2:]
    words = unidecode(text).casefold().replace("-", " ").split()
    if len(words) > 1 and words[0] in r.skeleton_articles:
        words = words[1:]
    letters = "".join(r.skeleton_fold.get(ch, ch) for ch in "".join(words) if ch.isalnum())
    out = "".join(ch for ch in letters if ch not in r.skeleton_drop)
    return out[:-1] if out.endswith("h") and len(out) > 3 else out


def article_cues(article: Article) -> Cues:
    """Numbers and name candidates of ``article``, with their spans in its text."""
    r = rules()
    text = article.text
    numbers: dict[int, list[Span]] = {}

    def add(value: int, start: int, end: int) -> None:
        if 2 <= value <= r.link.max_number:
            numbers.setdefault(value, []).append(Span(start, end, text[start:end]))

    for m in _DIGITS.finditer(text):
        add(int(m.group().translate(_ARABIC_DIGITS)), m.start(), m.end())
    words = r.numbers.get(article.language or "", {})
    if words:
        for value, start, end in _number_words(text, words):
            add(value, start, end)
    latin = tuple(
        Span(m.start(), m.end(), m.group())
        for m in _LATIN_NAME.finditer(text)
        if len(m.group()) >= r.link.min_place_chars
    )
    other = tuple(
        Span(m.start(), m.end(), m.group())
        for pattern in (_ARABIC, _CYRILLIC_NAME)
        for m in pattern.finditer(text)
        if len(skeleton(m.group())) >= 2
    )
    return Cues({k: tuple(v) for k, v in numbers.items()}, latin, other)


def _number_words(text: str, words: dict[str, int]) -> Iterator[tuple[int, int, int]]:
    """Written-out numbers, with "vingt et une" style compounds of a ten and a unit."""
    tokens = [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        value = words.get(word)
        if value is None:
            i += 1
            continue
        step = 1
        if value % 10 == 0 and value >= 20:
            rest = tokens[i + 1 : i + 3]
            joined = [w for w, _, _ in rest]
            if len(rest) == 2 and joined[0] in ("et", "y", "e") and words.get(joined[1], 10) < 10:
                value, end, step = value + words[joined[1]], rest[1][2], 3
            elif rest and words.get(rest[0][0], 10) < 10:
                value, end, step = value + words[rest[0][0]], rest[0][2], 2
        yield value, start, end
        i += step


def link_articles(
    articles: Sequence[Article],
    incidents: Sequence[tuple[Incident, Sequence[Event]]],
    config: MergeConfig,
    gazetteer: Gazetteer | None = None,
) -> list[ArticleLink]:
    """Link each unread article to the incident of its window it most plausibly reports.

    Args:
        articles: articles without events (other languages), with publication dates.
        incidents: candidate incidents with their member events.
        config: the date window, distance scale and link threshold.
        gazetteer: resolves Latin-script names that are not the members' own names.

    Returns:
        At most one link per article, in article id order.
    """
    r = rules()
    links: list[ArticleLink] = []
    for article in sorted(articles, key=lambda a: a.article_id):
        if article.published is None:
            continue
        cues = article_cues(article)
        scored: list[tuple[float, Incident, tuple[Span, ...]]] = []
        for incident, members in incidents:
            day = incident.event_date or incident.first_reported
            if day is None or abs((article.published - day).days) > config.date_window_days:
                continue
            score, spans = _score(
                article.published, day, cues, (incident, members), config, gazetteer
            )
            scored.append((score, incident, spans))
        if not scored:
            continue
        best = max(s for s, _, _ in scored)
        close = [item for item in scored if best - item[0] < r.link.margin]
        leader = max(close, key=lambda item: item[0])[1]
        if best < config.link_threshold or not all(
            _same_place(leader, i, config) for _, i, _ in close
        ):
            continue
        score, incident, spans = min(
            close,
            key=lambda item: (
                -item[0],
                -item[1].n_sources,
                -(item[1].fatalities or 0),
                item[1].incident_id,
            ),
        )
        incident_id = incident.incident_id
        links.append(ArticleLink(article.article_id, incident_id, round(score, 2), spans))
    return links


def _score(
    published: date,
    day: date,
    cues: Cues,
    candidate: tuple[Incident, Sequence[Event]],
    config: MergeConfig,
    gazetteer: Gazetteer | None,
) -> tuple[float, tuple[Span, ...]]:
    r = rules()
    incident, members = candidate
    place, place_spans = _place(cues, incident, members, config, gazetteer)
    shared = sorted(_figures(members) & cues.numbers.keys())
    number_spans = tuple(s for value in shared for s in cues.numbers[value])
    date_part = max(0.0, 1.0 - abs((published - day).days) / (config.date_window_days + 1))
    score = r.link.place * place + r.link.number * bool(number_spans) + r.link.date * date_part
    spans = tuple(sorted({*place_spans, *number_spans}, key=lambda s: (s.start, s.end)))
    return score, spans


def _same_place(a: Incident, b: Incident, config: MergeConfig) -> bool:
    """Whether two incidents are at one place (facets of one event, not rival places)."""
    if a.location and b.location and fold(a.location) == fold(b.location):
        return True
    if None not in (a.latitude, a.longitude, b.latitude, b.longitude):
        assert a.latitude is not None and a.longitude is not None
        assert b.latitude is not None and b.longitude is not None
        km = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
        return km <= config.distance_km
    return not a.location and not b.location and fold(a.admin1 or "") == fold(b.admin1 or "")


def _figures(members: Sequence[Event]) -> set[int]:
    values: set[int] = set()
    for e in members:
        values.update(
            v for v in (e.fatalities, e.fatalities_low, e.fatalities_high, e.injured) if v
        )
        values.update(rev.value for rev in e.revisions)
    return values


def _place(
    cues: Cues,
    incident: Incident,
    members: Sequence[Event],
    config: MergeConfig,
    gazetteer: Gazetteer | None,
) -> tuple[float, tuple[Span, ...]]:
    """1 for the incident's town or district, 0.5 for its province alone, with the spans."""
    towns = {fold(n) for e in members for n in (e.location, e.admin2) if n}
    provinces = {fold(e.admin1) for e in members if e.admin1}
    town_skeletons = {skeleton(n) for e in members for n in (e.location, e.admin2) if n}
    province_skeletons = {skeleton(word) for e in members if e.admin1 for word in e.admin1.split()}
    full: list[Span] = []
    half: list[Span] = []
    for span in cues.latin_names:
        name = fold(span.text)
        if name in towns:
            full.append(span)
        elif name in provinces:
            half.append(span)
        elif gazetteer is not None and incident.iso3:
            level = _gazetteer_level(span.text, incident, config, gazetteer)
            if level == 1.0:
                full.append(span)
            elif level:
                half.append(span)
    short: list[Span] = []
    for span in cues.other_script:
        key = skeleton(span.text)
        if _skeleton_in(key, town_skeletons):
            (full if len(key) >= 3 else short).append(span)
        elif len(key) >= 3 and _skeleton_in(key, province_skeletons):
            half.append(span)
    if half:
        # A two-letter skeleton (أريحا → "rh" ← "Ariha") is too common to count
        # alone, but a town named inside the incident's province is the town.
        full.extend(short)
    if full:
        return 1.0, tuple(full + half)
    if half:
        return 0.5, tuple(half)
    return 0.0, ()


def _skeleton_in(key: str, names: set[str]) -> bool:
    """``key`` is one of ``names``, or one of four letters or more with an ending added.

    Russian and Arabic inflect place names into adjectives and cases
    (Гегаркуникской, "of Gegharkunik"): the skeleton grows a suffix.
    """
    return key in names or any(len(n) >= 4 and key.startswith(n) for n in names)


def _gazetteer_level(
    name: str, incident: Incident, config: MergeConfig, gazetteer: Gazetteer
) -> float:
    """1 if ``name`` is a place near the incident, 0.5 if one in its province, else 0."""
    level = 0.0
    for place_id in gazetteer.ids(name):
        place = gazetteer.place(place_id)
        if place.kind == "country" or place.iso3 != incident.iso3:
            continue
        if (
            place.kind != "admin1"
            and place.latitude is not None
            and place.longitude is not None
            and incident.latitude is not None
            and incident.longitude is not None
            and distance_km(place.latitude, place.longitude, incident.latitude, incident.longitude)
            <= config.distance_km
        ):
            return 1.0
        if incident.admin1 and place.admin1 and fold(place.admin1) == fold(incident.admin1):
            level = 0.5
    return level
