"""``sitrep export``: a database as ACLED-style CSV, GeoJSON or Parquet files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sitrep.cli._common import config_option, db_file, db_option, filter_options
from sitrep.config import Config
from sitrep.export.registry import EXPORTERS


@click.command("export")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORTERS)),
    required=True,
    help="; ".join(f"{e.name}: {e.description}" for e in EXPORTERS.values()) + ".",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The events file; incidents and figures go beside it.",
)
@filter_options
@config_option
def export_cmd(
    db_path: Path | None, fmt: str, out_path: Path, config_path: Path | None, **filters: Any
) -> None:
    """Write the stored records matching the filters to files.

    Three files per export: OUT holds the events, OUT-stem.incidents.EXT the
    incidents (events merged across articles) and OUT-stem.figures.EXT the
    humanitarian figures. Every format has ACLED's column names and meanings
    (event_id_cnty, iso, assoc_actor_1, time_precision, ...); unknown fatalities
    are 0, ACLED's rule. Place data comes from GeoNames (CC BY 4.0): the CSV
    export writes the credit to OUT.ATTRIBUTION.txt, GeoJSON to its
    "attribution" member, Parquet to its metadata. GeoJSON leaves out records
    without coordinates and says how many.

    Example: sitrep export --db events.duckdb --format acled-csv --out exports/events.csv
    """
    from sitrep.export import export
    from sitrep.store import EventQuery, Store

    config = Config.load(config_path)
    query = EventQuery(**filters, limit=None, sort="event_date")
    with Store.open(db_file(db_path, config), read_only=True) as store:
        report = export(store, fmt, out_path, query)
    click.echo(report.summary())
