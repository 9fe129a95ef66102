"""``sitrep demo``: the bundled corpus, end to end, in one command.

The demo is the shortest honest tour of sitrep: it ingests the articles that
ship in ``sitrep/data/corpus/`` (a file of each format in :data:`sitrep.read.READERS`), shows
what came out with the words that support it, writes the three exports and says
how to open the dashboard. It writes one export per registered format
(:data:`sitrep.export.EXPORTERS`). Running it again changes nothing: unchanged articles
are skipped and the exports are rewritten in place. It writes through a
:class:`~sitrep.store.Writer`, as ``sitrep ingest`` does, so it can run while
``sitrep serve`` shows the same database.
"""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import click

from sitrep.cli._common import (
    LazyPipeline,
    config_option,
    db_file,
    db_option,
    progress_bar,
    report_failures,
)
from sitrep.config import Config
from sitrep.errors import InputError

#: Evidence shown for each of the largest records, in this order, when present.
_SHOWN_FIELDS = ("fatalities", "sub_event_type", "event_date", "location", "actor1", "actor2")
_LARGEST = 5
#: Rows shown of the by-type and by-country counts; the rest are summed on one line.
_TOP = 10
_QUOTE_CHARS = 90


@click.command("demo")
@db_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sitrep-demo"),
    show_default=True,
    help="Folder for the CSV, GeoJSON and Parquet exports.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@config_option
def demo_cmd(db_path: Path | None, out_dir: Path, quiet: bool, config_path: Path | None) -> None:
    """Ingest the bundled demo corpus, summarise it, export it, and point at the dashboard.

    Safe to run again: articles already stored are skipped.

    Example: sitrep demo --db sitrep.duckdb --out sitrep-demo/
    """
    from sitrep.export import EXPORTERS, export
    from sitrep.ingest import ingest
    from sitrep.store import EventQuery, Writer

    config = Config.load(config_path)
    db = db_file(db_path, config)
    with resources.as_file(_corpus()) as corpus:
        if not corpus.is_dir():
            raise InputError(str(corpus), "the bundled demo corpus is missing from this install")
        # A Writer holds the file only while it writes or reads, so a server may show it meanwhile.
        with Writer(db) as writer:
            with progress_bar("demo corpus", " inputs", quiet) as bar:
                report = ingest([corpus], writer, LazyPipeline(config), config, bar.update)
            with writer.session() as store:
                stats = store.stats()
                largest_incidents = store.incidents(EventQuery(limit=_LARGEST, sort="-fatalities"))
                largest_events = store.events(EventQuery(limit=_LARGEST, sort="-fatalities"))
                everything = EventQuery(limit=None, sort="event_date")
                reports = [
                    export(store, name, out_dir / f"events{exporter.extension}", everything)
                    for name, exporter in EXPORTERS.items()
                ]
    click.echo(report.summary())
    for line in summarise(stats, largest_incidents or largest_events, bool(largest_incidents)):
        click.echo(line)
    click.echo("")
    click.echo("Exports:")
    for written in reports:
        click.echo(f"  {written.summary()}")
    click.echo("")
    click.echo("Open the dashboard (map, timeline, evidence):")
    click.echo(f"  {sitrep_command()} serve --db {db}")
    click.echo("  then http://127.0.0.1:8000/")
    report_failures(report.rejected, "the other demo articles were stored")


def sitrep_command() -> str:
    """How to type ``sitrep`` in this shell: the bare name only when it is on ``PATH``.

    ``make demo`` runs the console script from ``.venv/bin`` without activating
    the environment, so a hint that says ``sitrep serve`` would fail with
    "command not found"; the script beside the running interpreter is named by
    its path instead (relative when it lies under the working directory).
    """
    if shutil.which("sitrep"):
        return "sitrep"
    script = Path(sys.executable).parent / "sitrep"
    if not script.exists():
        return f"{sys.executable} -m sitrep"
    try:
        return str(script.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(script.absolute())


def _corpus() -> Traversable:
    """The bundled demo corpus, ``sitrep/data/corpus/``, wherever the package is installed."""
    return resources.files("sitrep").joinpath("data", "corpus")


def summarise(stats: dict[str, Any], largest: list[dict[str, Any]], incidents: bool) -> list[str]:
    """The demo's summary: totals, events by type and country, the largest records quoted.

    Args:
        stats: :meth:`Store.stats` of the database.
        largest: the records with the most fatalities, largest first.
        incidents: whether ``largest`` are incidents (else events).

    Example:
        >>> summarise({"articles": 1, "events": 0, "figures": 0, "incidents": 0,
        ...            "fatalities": 0, "by_type": {}, "by_country": {}}, [], False)[0]
        'Database: 1 articles, 0 events, 0 incidents, 0 figures, 0 fatalities'
    """
    lines = [
        f"Database: {stats['articles']} articles, {stats['events']} events, "
        f"{stats['incidents']} incidents, {stats['figures']} figures, "
        f"{stats['fatalities']} fatalities"
    ]
    groups = (("type", "types", stats["by_type"]), ("country", "countries", stats["by_country"]))
    for title, plural, counts in groups:
        shown = list(counts.items())[:_TOP]
        lines += ["", f"Events by {title}:"]
        width = max((len(name) for name, _ in shown), default=0)
        lines += [f"  {name.ljust(width)}  {n:>5}" for name, n in shown]
        if len(counts) > _TOP:
            rest = sum(list(counts.values())[_TOP:])
            lines.append(f"  ... {rest} more events in {len(counts) - _TOP} other {plural}")
    if largest:
        noun = "incidents" if incidents else "events"
        lines += ["", f"The {len(largest)} largest {noun}, with the words that support them:"]
        for rank, record in enumerate(largest, 1):
            lines.append(f"  {rank}. {_headline(record)}")
            quotes = _first_quotes(record.get("evidence") or {})
            lines += [f"       {name}: {quotes[name]}" for name in _SHOWN_FIELDS if name in quotes]
    return lines


def _headline(record: dict[str, Any]) -> str:
    fatalities = record.get("fatalities")
    killed = "fatalities unknown" if fatalities is None else f"{fatalities} killed"
    place = ", ".join(
        dict.fromkeys(str(record[k]) for k in ("location", "admin1", "country") if record.get(k))
    )
    parts = [
        record.get("event_date") or "undated",
        f"{record['event_type']} / {record['sub_event_type']}",
        place or "place unknown",
        killed,
    ]
    if "n_sources" in record:
        n = record["n_sources"]
        parts.append(f"{n} source" if n == 1 else f"{n} sources")
    return " | ".join(parts)


def _first_quotes(evidence: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Field → its first quoted span; incident evidence keys read ``field@article_id``."""
    quotes: dict[str, str] = {}
    for key, spans in evidence.items():
        name = key.split("@", 1)[0]
        if spans and name not in quotes:
            quotes[name] = _quote(spans[0]["text"])
    return quotes


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > _QUOTE_CHARS:
        flat = flat[: _QUOTE_CHARS - 1] + "…"
    return f'"{flat}"'
