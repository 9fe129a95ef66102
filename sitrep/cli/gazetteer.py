"""``sitrep gazetteer``: the offline gazetteer's data (``import`` a GeoNames dump, ``info``)."""

from __future__ import annotations

from pathlib import Path

import click

from sitrep.config import Config

_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A TOML file overriding the packaged configuration.",
)


@click.group("gazetteer")
def gazetteer_cmd() -> None:
    """The offline gazetteer: where its data comes from, and adding more."""


@gazetteer_cmd.command("import")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@_CONFIG
def import_cmd(files: tuple[Path, ...], config_path: Path | None) -> None:
    """Add villages and alternate names from GeoNames dump FILES (.txt or .zip).

    FILES are GeoNames' geoname tables (allCountries.zip, or one country's XX.zip)
    and alternate-name tables (alternateNamesV2.zip), as downloaded from
    geonames.org; populated places not yet known are added, alternate names
    attach to known places. Imports add up; the index is rebuilt on next use.

    Example: sitrep gazetteer import ~/Downloads/SO.zip ~/Downloads/alternateNamesV2.zip
    """
    from sitrep.geocode import load_gazetteer
    from sitrep.geocode.dump import import_files

    config = Config.load(config_path)
    known = load_gazetteer(config.geocode).town_geonames()
    report = import_files(files, config.geocode, known)
    load_gazetteer.cache_clear()
    gazetteer = load_gazetteer(config.geocode)
    click.echo(
        f"imported {report.places:,} places and {report.alternates:,} alternate names "
        f"into {report.path}; the gazetteer now has {len(gazetteer):,} entries"
    )
    if report.skipped_lines:
        click.echo(f"sitrep: {report.skipped_lines:,} malformed lines skipped", err=True)


@gazetteer_cmd.command("info")
@_CONFIG
def info_cmd(config_path: Path | None) -> None:
    """Say which data the gazetteer was compiled from and how many entries it has."""
    from sitrep.geocode import load_gazetteer
    from sitrep.geocode.dump import load_extras

    config = Config.load(config_path)
    gazetteer = load_gazetteer(config.geocode)
    extras = load_extras(config.geocode)
    imported = len(extras.places_by_id) if extras is not None else 0
    click.echo(
        f"data: {gazetteer.version}; entries: {len(gazetteer):,}; imported places: {imported:,}"
    )
