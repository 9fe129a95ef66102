"""Hand-built events for the merge tests (no model involved)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from sitrep.records import Article, Event, Processed, Result, Span, stable_id

#: Places used across the tests across the tests: (country, iso3, admin1, location, lat, lon).
PLACES: dict[str, tuple[str, str, str, str, float, float]] = {
    "djibo": ("Burkina Faso", "BFA", "Sahel", "Djibo", 14.0986, -1.6267),
    "arbinda": ("Burkina Faso", "BFA", "Sahel", "Arbinda", 14.2308, -0.8672),
    "konduga": ("Nigeria", "NGA", "Borno", "Konduga", 11.6526, 13.4179),
    "maiduguri": ("Nigeria", "NGA", "Borno", "Maiduguri", 11.8464, 13.1603),
    "elfasher": ("Sudan", "SDN", "North Darfur", "El Fasher", 13.6279, 25.3494),
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
    values: dict[str, Any] = {
        "event_id": stable_id("event", name),
        "article_id": article or stable_id("article", name),
        "event_type": kind[0],
        "sub_event_type": kind[1],
        "source": fields.pop("source", f"source-{name}"),
        "published": published,
        "event_date": day,
        "date_precision": 1 if day else None,
        "actor1": actors[0],
        "actor2": actors[1],
        "fatalities": fatalities,
        "confidence": 0.8,
    }
    if place is not None:
        country, iso3, admin1, location, lat, lon = PLACES[place]
        values.update(
            country=country,
            iso3=iso3,
            admin1=admin1,
            location=location,
            latitude=lat,
            longitude=lon,
            geo_precision=1,
        )
    evidence: dict[str, tuple[Span, ...]] = {}
    if text:
        evidence["event_type"] = (Span(0, len(text), text),)
    if fatalities is not None:
        evidence["fatalities"] = (Span(0, len(str(fatalities)), str(fatalities)),)
    evidence = fields.pop("evidence", evidence)
    values.update(fields)
    return Event(**values, evidence=evidence)


def report(name: str, *events: Event, published: date | None = None, **fields: Any) -> Processed:
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
