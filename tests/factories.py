"""Hand-built records for every test folder: one place that builds Events, Figures and Incidents.

No model and no pipeline: each builder sets what its tests look at and leaves the
rest to the record's defaults. Evidence is found in the article's own text with
:func:`span`, which fails loudly when the words are absent, so the spans are exact
by construction. Test modules import it by name (``from factories import ...``);
pytest puts ``tests/`` on the path because it holds a ``conftest.py``.

The scenarios at the end are the shared fixtures' data: the worked example of
DESIGN.md and four short reports (the API and dashboard database), an air strike
in Idlib (store, export and concurrency tests) and events placed in the Sahel,
Borno and Darfur (merge tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.records import (
    Article,
    Event,
    Figure,
    Incident,
    Processed,
    Result,
    Revision,
    Span,
    stable_id,
)

SEED = Path(__file__).resolve().parent / "data" / "seed_000_f27050b7da281b43.txt"


def span(text: str, phrase: str, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``phrase`` in ``text`` as a Span (fails loudly if absent)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), phrase)


def evidence(text: str, **fields: str | tuple[str, ...]) -> dict[str, tuple[Span, ...]]:
    """Field name → the spans of ``text`` quoting each of its phrases."""
    out = {}
    for name, phrases in fields.items():
        phrases = (phrases,) if isinstance(phrases, str) else phrases
        out[name] = tuple(span(text, p) for p in phrases)
    return out


@dataclass(frozen=True)
class Place:
    """The place fields an Event or Figure shares, set together."""

    country: str | None
    iso3: str | None
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None

    def fields(self) -> dict[str, Any]:
        return asdict(self)


IDLIB = Place("Syria", "SYR", "Idlib", "Idlib", 35.93, 36.63, 3)


def event(
    event_id: str = "e",
    article_id: str = "a",
    event_type: str = "Battles",
    sub_event_type: str = "Armed clash",
    *,
    place: Place | None = None,
    **fields: Any,
) -> Event:
    """An event with what the test sets; ``place`` fills the place fields (``fields`` win)."""
    values = (place.fields() if place else {}) | fields
    return Event(event_id, article_id, event_type, sub_event_type, **values)


def event_in(
    article: Article,
    event_type: str,
    sub_event_type: str,
    *,
    event_id: str | None = None,
    **fields: Any,
) -> Event:
    """An event reported by ``article``: its id, source, url and date are the article's."""
    values = {"source": article.source, "url": article.url, "published": article.published}
    aid = article.article_id
    return event(
        event_id or stable_id(aid, "event", "0"),
        aid,
        event_type,
        sub_event_type,
        **(values | fields),
    )


def figure_in(
    article: Article,
    figure_type: str,
    value: int,
    *,
    figure_id: str | None = None,
    place: Place | None = None,
    **fields: Any,
) -> Figure:
    """A humanitarian figure reported by ``article``; ``place`` fills the place fields."""
    aid = article.article_id
    values = (place.fields() if place else {}) | fields
    return Figure(figure_id or stable_id(aid, "figure", "0"), aid, figure_type, value, **values)


def incident(
    incident_id: str,
    event_ids: tuple[str, ...] = (),
    article_ids: tuple[str, ...] = (),
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Air/drone strike",
    *,
    n_sources: int = 1,
    **fields: Any,
) -> Incident:
    """An incident as the merge stage would store it, with what the test sets."""
    return Incident(
        incident_id, event_ids, article_ids, n_sources, event_type, sub_event_type, **fields
    )


# --- The worked example and four short reports: the API and dashboard database.


def seed_processed() -> Processed:
    """The seed article with its air strike event and two humanitarian figures."""
    raw = SEED.read_text(encoding="utf-8")
    text = raw[raw.index("At least 22") :].strip()
    article = Article(
        text=text,
        title="Turkish soldiers killed in Idlib air strike",
        published=date(2020, 2, 27),
        url="https://example.org/news/idlib-air-strike",
        source="Example News",
        language="en",
    )
    strike = event_in(
        article,
        "Explosions/Remote violence",
        "Air/drone strike",
        place=IDLIB,
        event_date=date(2020, 2, 27),
        date_precision=1,
        actor1="Military Forces of Syria",
        actor2="Military Forces of Turkey",
        assoc_actor1="Military Forces of Russia",
        inter1=1,
        inter2=8,
        fatalities=22,
        fatalities_low=22,
        fatalities_high=22,
        injured_mentioned=True,
        qualifier="at_least",
        revisions=(Revision(9, span(text, "nine")),),
        sources_quoted=("Rahmi Dogan, governor of Hatay province",),
        notes="On 27 February 2020, Syrian government forces struck Turkish soldiers in Idlib.",
        confidence=0.9,
        evidence=evidence(
            text,
            event_type="air strike",
            sub_event_type="air strike",
            event_date="Thursday",
            actor1="government forces",
            assoc_actor1="backed by Russia",
            actor2="Turkish soldiers",
            location="province of Idlib",
            country="Syria",
            fatalities=("At least 22", "increased to 22"),
            injured="others were injured",
            sources_quoted="Rahmi Dogan, governor of Hatay province",
        ),
    )
    displaced = figure_in(
        article,
        "displaced",
        1_000_000,
        qualifier="up_to",
        period_start=date(2019, 12, 1),
        country="Syria",
        iso3="SYR",
        admin1="Idlib",
        geo_precision=3,
        evidence=evidence(text, value="almost a million", figure_type="displaced"),
    )
    refugees = figure_in(
        article,
        "refugees",
        3_600_000,
        figure_id=stable_id(article.article_id, "figure", "1"),
        qualifier="more_than",
        country="Turkey",
        iso3="TUR",
        evidence=evidence(text, value="more than 3.6 million", figure_type="Syrian refugees"),
    )
    return Processed(article, Result(events=(strike,), figures=(displaced, refugees)))


#: (published, text, (event_type, sub_event_type), place, fatalities,
#:  evidence phrases for: type trigger, place, fatalities or None)
_REPORTS: list[tuple[date, str, tuple[str, str], Place, int | None, tuple[str, str, str | None]]]
_REPORTS = [
    (
        date(2020, 2, 20),
        "At least 12 people were killed when gunmen attacked a market in Maiduguri, "
        "Borno state, on Thursday, police said.",
        ("Violence against civilians", "Attack"),
        Place("Nigeria", None, "Borno", "Maiduguri", 11.85, 13.16, 1),
        12,
        ("gunmen attacked", "Maiduguri", "At least 12"),
    ),
    (
        date(2020, 2, 24),
        "Protesters marched peacefully through Nairobi on Monday to demand lower fuel "
        "prices, organisers said.",
        ("Protests", "Peaceful protest"),
        Place("Kenya", None, "Nairobi", "Nairobi", -1.29, 36.82, 1),
        None,
        ("marched peacefully", "Nairobi", None),
    ),
    (
        date(2020, 3, 3),
        "A roadside bomb killed three soldiers near Gao, Mali, on Tuesday, the army said.",
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        Place("Mali", None, "Gao", "Gao", 16.27, -0.04, 1),
        3,
        ("roadside bomb", "near Gao", "three soldiers"),
    ),
    (
        date(2020, 3, 5),
        "Police arrested 14 opposition supporters in Harare on Thursday.",
        ("Strategic developments", "Arrests"),
        Place("Zimbabwe", None, "Harare", "Harare", -17.83, 31.05, 1),
        None,
        ("arrested", "Harare", None),
    ),
]


def report_processed() -> list[Processed]:
    """Four short reports, one event each, in four countries over two weeks."""
    out = []
    for i, (published, text, kind, place, fatalities, phrases) in enumerate(_REPORTS):
        trigger, where, toll = phrases
        article = Article(
            text=text,
            title=f"Report {i}",
            published=published,
            url=f"https://example.org/news/report-{i}",
            source="Example Wire",
            language="en",
        )
        found = evidence(text, event_type=trigger, sub_event_type=trigger, location=where)
        if toll:
            found["fatalities"] = (span(text, toll),)
        reported = event_in(
            article,
            *kind,
            place=place,
            event_date=published,
            date_precision=1,
            fatalities=fatalities,
            qualifier="at_least" if toll and toll.startswith("At least") else None,
            confidence=0.7,
            evidence=found,
        )
        out.append(Processed(article, Result(events=(reported,))))
    return out


def all_processed() -> list[Processed]:
    """Every hand-built article of the API database, the seed first."""
    return [seed_processed(), *report_processed()]


# --- An air strike in Idlib: store, export and concurrency tests.

STRIKE_TEXT = (
    "At least 22 Turkish soldiers were killed in an air strike by Syrian government forces "
    "in Idlib on Thursday, the governor of Hatay said. Earlier reports said nine."
)


def make_processed(
    url: str = "https://example.org/idlib",
    *,
    fatalities: int = 22,
    country: str = "Syria",
    iso3: str = "SYR",
    admin1: str = "Idlib",
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Air/drone strike",
    event_date: date = date(2020, 2, 27),
    lat: float | None = 35.93,
    lon: float | None = 36.63,
    notes: str = "Air strike on Turkish soldiers in Idlib.",
    n_events: int = 1,
) -> Processed:
    """The strike article with ``n_events`` events (fatalities ``fatalities + i``) and a figure."""
    text = STRIKE_TEXT
    article = Article(
        text=text,
        title="Strike in Idlib",
        published=date(2020, 2, 28),
        url=url,
        source="Wire",
        language="en",
        origin="in/a.txt",
    )
    aid = article.article_id
    place = Place(country, iso3, admin1, admin1, lat, lon, 3)
    events = tuple(
        event_in(
            article,
            event_type,
            sub_event_type,
            event_id=f"{aid}-e{i}",
            place=place,
            event_date=event_date,
            date_precision=1,
            actor1="Military Forces of Syria",
            actor2="Military Forces of Turkey",
            inter1=1,
            inter2=8,
            fatalities=fatalities + i,
            fatalities_low=fatalities,
            qualifier="at_least",
            revisions=(Revision(9, span(text, "nine")),),
            sources_quoted=("the governor of Hatay",),
            notes=notes,
            confidence=0.8,
            evidence={
                "fatalities": (Span(0, 11, "At least 22"),),
                "location": (span(text, "Idlib"),),
            },
        )
        for i in range(n_events)
    )
    figure = figure_in(
        article,
        "displaced",
        900_000,
        figure_id=f"{aid}-f0",
        qualifier="about",
        country=country,
        iso3=iso3,
        admin1=admin1,
        latitude=lat,
        longitude=lon,
        period_start=date(2019, 12, 1),
        evidence={"value": (Span(0, 8, "At least"),)},
    )
    return Processed(article, Result(events, (figure,)))


# --- Events in the Sahel, Borno and Darfur: the merge tests.

#: Places of the merge tests, by short name.
PLACES: dict[str, Place] = {
    "djibo": Place("Burkina Faso", "BFA", "Sahel", "Djibo", 14.0986, -1.6267, 1),
    "arbinda": Place("Burkina Faso", "BFA", "Sahel", "Arbinda", 14.2308, -0.8672, 1),
    "konduga": Place("Nigeria", "NGA", "Borno", "Konduga", 11.6526, 13.4179, 1),
    "maiduguri": Place("Nigeria", "NGA", "Borno", "Maiduguri", 11.8464, 13.1603, 1),
    "elfasher": Place("Sudan", "SDN", "North Darfur", "El Fasher", 13.6279, 25.3494, 1),
}

MakeEvent = Callable[..., Event]


def make_event(
    name: str,
    *,
    article: str | None = None,
    place: str | None = "djibo",
    day: date | None = date(2024, 5, 11),
    published: date | None = date(2024, 5, 12),
    kind: tuple[str, str] = ("Battles", "Armed clash"),
    fatalities: int | None = None,
    actors: tuple[str | None, str | None] = (None, None),
    text: str = "",
    **fields: Any,
) -> Event:
    """One event; ``text`` becomes its evidence (a trigger span) for text similarity."""
    found: dict[str, tuple[Span, ...]] = {}
    if text:
        found["event_type"] = (Span(0, len(text), text),)
    if fatalities is not None:
        found["fatalities"] = (Span(0, len(str(fatalities)), str(fatalities)),)
    values: dict[str, Any] = {
        "source": f"source-{name}",
        "published": published,
        "event_date": day,
        "date_precision": 1 if day else None,
        "actor1": actors[0],
        "actor2": actors[1],
        "fatalities": fatalities,
        "confidence": 0.8,
        "evidence": found,
    }
    return event(
        stable_id("event", name),
        article or stable_id("article", name),
        *kind,
        place=PLACES[place] if place is not None else None,
        **(values | fields),
    )


def reported(name: str, *events: Event, published: date | None = None, **fields: Any) -> Processed:
    """An article ``name`` holding ``events`` (re-pointed at it), ready for ``Store.write``."""
    article = Article(
        text=fields.pop("text", f"Report {name}."),
        published=published or next((e.published for e in events), None),
        url=f"https://news.example/{name}",
        source=fields.pop("source", f"Outlet {name}"),
        language=fields.pop("language", "en"),
    )
    moved = tuple(
        replace(
            e, article_id=article.article_id, source=article.source, published=article.published
        )
        for e in events
    )
    return Processed(article, Result(events=moved), reason=fields.pop("reason", None))
