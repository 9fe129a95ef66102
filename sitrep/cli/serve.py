"""``sitrep serve``: the HTTP API and the dashboard over a database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sitrep.cli._common import config_option, db_file, db_option, printable
from sitrep.config import Config


@click.command("serve")
@db_option
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
@config_option
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name the server answers for (repeatable; default: the loopback names and "
    "--host). Requests naming another host are refused: it defeats DNS rebinding.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not log each request.")
def serve_cmd(
    db_path: Path | None,
    host: str | None,
    port: int | None,
    ingest_token: str | None,
    config_path: Path | None,
    allowed_hosts: tuple[str, ...],
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
    if allowed_hosts:
        api["allowed_hosts"] = list(allowed_hosts)
    config = Config.load(config_path, overrides={"api": api} if api else None)
    bound = config.api.host
    if bound not in config.api.allowed_hosts and bound not in ("0.0.0.0", "::"):
        names = (*config.api.allowed_hosts, bound)  # its own address is always a fine Host
        config = Config.load(config_path, overrides={"api": {**api, "allowed_hosts": names}})
    db = db_file(db_path, config)

    def announce(url: str) -> None:
        if not quiet:
            click.echo(f"sitrep: serving {printable(str(db))} at {url}", err=True)

    serve(config, db, access_log=not quiet, announce=announce)
