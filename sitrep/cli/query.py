"""``sitrep events`` and ``sitrep incidents``: filtered views of a database.

Both take the same filters (shared with ``sitrep export``) and print a table, a
JSON list or CSV. The CSV has the columns of the ACLED-style export, so a
filtered look and a full export read the same way in a spreadsheet.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import click

from sitrep.cli._common import (
    config_option,
    db_file,
    db_option,
    filter_options,
    table,
    with_subcommands,
)
from sitrep.cli.ingest import rebuild_cmd
from sitrep.config import Config
from sitrep.store import SORT_KEYS

_SORTS = [*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)]


def _query_command(name: str, noun: str) -> Callable[[Callable[..., None]], click.Command]:
    """The options every query command shares, around the function that prints."""

    def decorate(func: Callable[..., None]) -> click.Command:
        options = (
            db_option,
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["table", "json", "csv"]),
                default="table",
                show_default=True,
                help="Output format.",
            ),
            filter_options,
            click.option(
                "--sort",
                type=click.Choice(_SORTS),
                metavar="KEY",
                default="-event_date",
                show_default=True,
                help=f'One of {", ".join(SORT_KEYS)}; a leading "-" sorts descending.',
            ),
            click.option(
                "--limit",
                type=click.IntRange(min=0),
                default=100,
                show_default=True,
                help=f"Most {noun} to print; 0 for all.",
            ),
            config_option,
        )
        for option in reversed(options):
            func = option(func)
        return click.command(name)(func)

    return decorate


@_query_command("events", "events")
def events_cmd(fmt: str, db_path: Path | None, config_path: Path | None, **filters: Any) -> None:
    """Print the stored events that match every filter given.

    Example: sitrep events --db events.duckdb --country Syria --min-fatalities 10
    """
    from sitrep.export import EVENT_COLUMNS, acled_row

    rows = _fetch("events", db_path, config_path, filters)
    _print(rows, fmt, (_EVENT_HEADER, _event_cells), EVENT_COLUMNS, acled_row)


@_query_command("incidents", "incidents")
def incidents_cmd(fmt: str, db_path: Path | None, config_path: Path | None, **filters: Any) -> None:
    """Print the incidents (events merged across articles) that match every filter given.

    An incident's fatalities follow ACLED's conservative rule; low, best and high
    are the range its reports give, and sources counts distinct publishers.

    Example: sitrep incidents --db events.duckdb --country Nigeria --format json
    """
    from sitrep.export import INCIDENT_COLUMNS, incident_row

    rows = _fetch("incidents", db_path, config_path, filters)
    _print(rows, fmt, (_INCIDENT_HEADER, _incident_cells), INCIDENT_COLUMNS, incident_row)


incidents_cmd = with_subcommands(incidents_cmd, rebuild_cmd)


def _fetch(
    kind: str, db_path: Path | None, config_path: Path | None, filters: dict[str, Any]
) -> list[dict[str, Any]]:
    from sitrep.store import EventQuery, Store

    config = Config.load(config_path)
    limit = filters.pop("limit")
    query = EventQuery(**filters, limit=limit or None)
    with Store.open(db_file(db_path, config), read_only=True) as store:
        rows: list[dict[str, Any]] = (
            store.events(query) if kind == "events" else store.incidents(query)
        )
    if limit and len(rows) == limit:
        click.echo(f"sitrep: showing the first {limit} {kind}; raise --limit for more", err=True)
    return rows


def _print(
    rows: list[dict[str, Any]],
    fmt: str,
    view: tuple[tuple[str, ...], Callable[[dict[str, Any]], tuple[str, ...]]],
    columns: Iterable[str],
    csv_row: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(csv_row(row) for row in rows)
    elif not rows:
        click.echo("no records match", err=True)
    else:
        header, cells = view
        for line in table(header, (cells(row) for row in rows)):
            click.echo(line)


_EVENT_HEADER = ("event_id", "date", "type", "location", "fatalities", "actors")
_INCIDENT_HEADER = ("incident_id", "date", "type", "location", "fatalities", "sources", "events")


def _event_cells(event: dict[str, Any]) -> tuple[str, ...]:
    actors = " -> ".join(a for a in (event.get("actor1"), event.get("actor2")) if a)
    return (
        event["event_id"],
        _text(event.get("event_date")),
        f"{event['event_type']} / {event['sub_event_type']}",
        _place(event),
        _fatalities(event.get("fatalities"), event.get("qualifier")),
        actors,
    )


def _incident_cells(incident: dict[str, Any]) -> tuple[str, ...]:
    low, best, high = (
        incident.get(k) for k in ("fatalities_low", "fatalities_best", "fatalities_high")
    )
    count = _fatalities(incident.get("fatalities"), None)
    if low is not None or high is not None:
        count += f" ({_text(low)}/{_text(best)}/{_text(high)})"
    return (
        incident["incident_id"],
        _text(incident.get("event_date")),
        f"{incident['event_type']} / {incident['sub_event_type']}",
        _place(incident),
        count,
        str(incident.get("n_sources", "")),
        str(len(incident.get("event_ids", []))),
    )


def _place(record: dict[str, Any]) -> str:
    names: list[str] = []
    for key in ("location", "admin1", "country"):
        name = record.get(key)
        if name and name not in names:
            names.append(name)
    return ", ".join(names)


def _fatalities(value: int | None, qualifier: str | None) -> str:
    if value is None:
        return "unknown"
    if qualifier and qualifier != "exact":
        return f"{value} ({qualifier.replace('_', ' ')})"
    return str(value)


def _text(value: str | int | date | None) -> str:
    return "" if value is None else str(value)
