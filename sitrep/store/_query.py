"""Filters over stored records, turned into parameterised SQL.

Every value a user gives becomes a bound parameter; the only text spliced into
SQL is a column expression picked from a fixed table by the sort key, so no
filter can change what a query does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sitrep.errors import InputError

#: Sort keys every query accepts; a leading "-" sorts descending.
SORT_KEYS = (
    "event_date",
    "published",
    "fatalities",
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
    "location",
)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which records to return, in what order, one page at a time.

    Filters that do not apply to a kind of record are ignored for it (figures have
    no event type). Text filters match case-insensitively: ``country`` matches the
    country name or its ISO 3166 alpha-3 code, ``text`` any substring of the notes,
    location or actors. ``limit`` ``None`` returns every match.

    Example:
        >>> EventQuery(country="Syria", min_fatalities=10, sort="-fatalities").limit
        100
    """

    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    min_fatalities: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None
    limit: int | None = 100
    offset: int = 0
    sort: str = "-event_date"

    def __post_init__(self) -> None:
        if self.sort.removeprefix("-") not in SORT_KEYS:
            raise InputError("sort", f"unknown sort key {self.sort!r}; use one of {SORT_KEYS}")
        if self.limit is not None and self.limit < 0:
            raise InputError("limit", "must not be negative")
        if self.offset < 0:
            raise InputError("offset", "must not be negative")


@dataclass(frozen=True, slots=True)
class _Columns:
    """How one table's columns answer the filters and sort keys (SQL expressions)."""

    table: str
    date: str
    fatalities: str | None
    event_type: str | None
    sub_event_type: str | None
    text: tuple[str, ...]
    sort: dict[str, str]
    tiebreak: str


EVENTS = _Columns(
    table="events e",
    date="coalesce(e.event_date, e.published)",
    fatalities="e.fatalities",
    event_type="e.event_type",
    sub_event_type="e.sub_event_type",
    text=("e.notes", "e.location", "e.actor1", "e.actor2", "e.assoc_actor1", "e.assoc_actor2"),
    sort={key: f"e.{key}" for key in SORT_KEYS},
    tiebreak="e.event_id",
)

FIGURES = _Columns(
    table="figures e JOIN articles a USING (article_id)",
    date="coalesce(e.period_end, e.period_start, a.published)",
    fatalities=None,
    event_type=None,
    sub_event_type=None,
    text=("e.location", "e.figure_type", "e.admin1"),
    sort={
        "event_date": "coalesce(e.period_end, e.period_start, a.published)",
        "published": "a.published",
        "fatalities": "e.value",
        "country": "e.country",
        "admin1": "e.admin1",
        "event_type": "e.figure_type",
        "sub_event_type": "e.figure_type",
        "location": "e.location",
    },
    tiebreak="e.figure_id",
)

#: Incidents carry their events' columns and answer the filters as events do, except for
#: their table, their date, the text searched and "published" (when first reported).
INCIDENTS = replace(
    EVENTS,
    table="incidents e",
    date="coalesce(e.event_date, e.first_reported)",
    text=("e.location", "e.admin1"),
    sort={**EVENTS.sort, "published": "e.first_reported"},
    tiebreak="e.incident_id",
)


def where(q: EventQuery, cols: _Columns) -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (possibly empty) and its parameters for ``q`` over ``cols``."""
    clauses: list[str] = []
    params: list[Any] = []
    if q.country is not None:
        clauses.append("(lower(e.country) = lower(?) OR upper(e.iso3) = upper(?))")
        params += [q.country, q.country]
    # Filters of one value and one comparison; a column the table lacks ignores its filter.
    compared: tuple[tuple[str | None, str, Any], ...] = (
        ("e.admin1", "lower({}) = lower(?)", q.admin1),
        (cols.event_type, "lower({}) = lower(?)", q.event_type),
        (cols.sub_event_type, "lower({}) = lower(?)", q.sub_event_type),
        (cols.date, "{} >= ?", q.date_from),
        (cols.date, "{} <= ?", q.date_to),
        (cols.fatalities, "{} >= ?", q.min_fatalities),
    )
    for column, comparison, value in compared:
        if value is not None and column:
            clauses.append(comparison.format(column))
            params.append(value)
    if q.bbox is not None:
        west, south, east, north = q.bbox
        clauses.append("e.latitude BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            clauses.append("e.longitude BETWEEN ? AND ?")
            params += [west, east]
        else:  # the box crosses the antimeridian
            clauses.append("(e.longitude >= ? OR e.longitude <= ?)")
            params += [west, east]
    if q.text is not None:
        haystack = " || ' ' || ".join(f"coalesce({c}, '')" for c in cols.text)
        clauses.append(f"contains(lower({haystack}), lower(?))")
        params.append(q.text)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def order_and_page(q: EventQuery, cols: _Columns) -> tuple[str, list[Any]]:
    """``ORDER BY`` from the whitelist (ties broken by id, so pages are stable) and paging."""
    direction = "DESC" if q.sort.startswith("-") else "ASC"
    column = cols.sort[q.sort.removeprefix("-")]
    sql = f" ORDER BY {column} {direction} NULLS LAST, {cols.tiebreak}"
    params: list[Any] = []
    if q.limit is not None:
        sql += " LIMIT ?"
        params.append(q.limit)
    if q.offset:
        sql += " OFFSET ?"
        params.append(q.offset)
    return sql, params
