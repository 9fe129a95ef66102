"""``sitrep ingest``: read, process and store articles, locally or on a Dask cluster."""

from __future__ import annotations

from pathlib import Path

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


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this process; dask: shards on a Dask cluster (a LocalCluster without "
    "--scheduler).",
)
@click.option(
    "--scheduler", default=None, help="Address of a running Dask scheduler (with --engine dask)."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes of the LocalCluster (with --engine dask and no --scheduler).",
)
@click.option(
    "--wait",
    "lock_timeout",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds to wait for another process that holds the database.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@config_option
def ingest_cmd(
    paths: tuple[Path, ...],
    db_path: Path | None,
    engine: str,
    scheduler: str | None,
    workers: int,
    lock_timeout: float,
    quiet: bool,
    config_path: Path | None,
) -> None:
    """Extract the events of PATHS and store them in the database.

    PATHS are files or directories (read recursively) of text, HTML, JSON Lines
    or RSS/Atom. Each article is stored in one transaction; an article already
    stored unchanged is skipped, so re-running an ingest is cheap and adds no
    duplicates. Bad inputs are listed, the rest is stored, and the exit status
    is then 1.

    Example: sitrep ingest corpus/ --db events.duckdb --engine dask --workers 2
    """
    from sitrep.store import Store

    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    config = Config.load(config_path)
    db = db_file(db_path, config)
    with (
        Store.open(db, lock_timeout=lock_timeout) as store,
        progress_bar("ingest", " inputs" if engine == "local" else " articles", quiet) as bar,
    ):
        if engine == "local":
            from sitrep.ingest import ingest

            report = ingest(paths, store, LazyPipeline(config), config, bar.update)
            summary, rejected = report.summary(), report.rejected
        else:
            from sitrep.scale import ingest_distributed

            dask = ingest_distributed(
                paths,
                store,
                config,
                scheduler=scheduler,
                workers=workers,
                progress=lambda done: bar.update(done - bar.n),
            )
            summary = (
                f"read {dask.articles} articles in {dask.shards} shards: {dask.stored} stored, "
                f"{dask.articles - dask.stored} unchanged, {len(dask.rejected)} inputs rejected; "
                f"{dask.events} events, {dask.figures} figures"
            )
            rejected = dask.rejected
    click.echo(f"{summary} -> {db}")
    report_failures(rejected, "the other inputs were stored")
