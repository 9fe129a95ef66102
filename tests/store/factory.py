"""Hand-made records for store, export, ingest and CLI tests: no model, no pipeline."""

from __future__ import annotations

from datetime import date

from sitrep.records import Article, Event, Figure, Processed, Result, Revision, Span

SEED_TEXT = (
    "At least 22 Turkish soldiers were killed in an air strike by Syrian government forces "
    "in Idlib on Thursday, the governor of Hatay said. Earlier reports said nine."
)


def _span(text: str, words: str) -> Span:
    start = text.find(words)
    return Span(start, start + len(words), words) if start >= 0 else Span(0, 0, "")


def make_processed(
    url: str = "https://example.org/idlib",
    *,
    text: str = SEED_TEXT,
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
    events = tuple(
        Event(
            event_id=f"{aid}-e{i}",
            article_id=aid,
            event_type=event_type,
            sub_event_type=sub_event_type,
            source="Wire",
            url=url,
            published=date(2020, 2, 28),
            event_date=event_date,
            date_precision=1,
            actor1="Military Forces of Syria",
            actor2="Military Forces of Turkey",
            inter1=1,
            inter2=8,
            country=country,
            iso3=iso3,
            admin1=admin1,
            location=admin1,
            latitude=lat,
            longitude=lon,
            geo_precision=3,
            fatalities=fatalities + i,
            fatalities_low=fatalities,
            qualifier="at_least",
            revisions=(Revision(9, _span(text, "nine")),),
            sources_quoted=("the governor of Hatay",),
            notes=notes,
            confidence=0.8,
            evidence={
                "fatalities": (Span(0, 11, "At least 22"),),
                "location": (_span(text, "Idlib"),),
            },
        )
        for i in range(n_events)
    )
    figure = Figure(
        figure_id=f"{aid}-f0",
        article_id=aid,
        figure_type="displaced",
        value=900_000,
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
