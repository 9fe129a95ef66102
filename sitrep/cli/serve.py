"""``sitrep serve``: the HTTP API and the dashboard over a database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sitrep.config import Config


@click.command("serve")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DuckDB file to serve (default: [store] path of the configuration).",
)
@click.option(
    "--host", default=None, help="Address to bind (default 127.0.0.1: this machine only)."
)
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default 8000).")
@click.option(
    "--ingest-token",
    envvar="SITREP_INGEST_TOKEN",
    default=None,
    help="Enable POST /ingest for clients sending 'Authorization: Bearer TOKEN' "
    "(or set SITREP_INGEST_TOKEN); without it the server is read-only.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A TOML file overriding the packaged configuration.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not log each request.")
def serve_cmd(
    db_path: Path | None,
    host: str | None,
    port: int | None,
    ingest_token: str | None,
    config_path: Path | None,
    quiet: bool,
) -> None:
    """Serve the JSON API and the map dashboard of a database.

    Open http://127.0.0.1:8000/ for the dashboard and /docs for the API. Works
    offline; read-only unless an ingest token is given.
    """
    from sitrep.api import serve

    api: dict[str, Any] = {}
    if host is not None:
        api["host"] = host
    if port is not None:
        api["port"] = port
    if ingest_token:
        api["ingest_token"] = ingest_token
    config = Config.load(config_path, overrides={"api": api} if api else None)
    db = db_path or Path(config.store.path)
    if not quiet:
        click.echo(f"sitrep: serving {db} at http://{config.api.host}:{config.api.port}/", err=True)
    serve(config, db, access_log=not quiet)
