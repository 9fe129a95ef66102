"""``sitrep ingest``: read, process and store articles, locally or on a Dask cluster."""

from __future__ import annotations

from pathlib import Path

import click

from sitrep.cli._common import (
    LazyPipeline,
    config_option,
    db_file,
    db_option,
    formats_epilog,
    printable,
    progress_bar,
    report_failures,
    wait_option,
)
from sitrep.config import Config


@click.command("ingest", epilog=formats_epilog())
# readable=False: an unreadable input is one failure among the others, reported by the reader.
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
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
@wait_option
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read files that symbolic links in the folders point at (never outside the folders).",
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
    follow_links: bool,
    quiet: bool,
    config_path: Path | None,
) -> None:
    """Extract the events of PATHS and store them in the database.

    PATHS are files or directories (read recursively) in the formats listed
    below; symbolic links inside directories are not followed unless
    --follow-links is given. Articles are stored a batch per transaction; an
    article already stored unchanged is skipped, so re-running an ingest is
    cheap, adds no duplicates and finishes the incidents an interrupted run left
    unmerged. Works while `sitrep serve` shows the same database. Bad inputs are
    listed, the rest is stored, and the exit status is then 1.

    Example: sitrep ingest corpus/ --db events.duckdb --engine dask --workers 2
    """
    from sitrep.store import Writer

    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    config = Config.load(config_path)
    db = db_file(db_path, config)
    with (
        Writer(db, lock_timeout=lock_timeout) as writer,
        progress_bar("ingest", " inputs", quiet) as bar,
    ):
        if engine == "local":
            from sitrep.ingest import ingest

            report = ingest(
                paths, writer, LazyPipeline(config), config, bar.update, follow_links=follow_links
            )
        else:
            from sitrep.scale import ingest_distributed

            report = ingest_distributed(
                paths,
                writer,
                config,
                scheduler=scheduler,
                workers=workers,
                progress=bar.update,
                follow_links=follow_links,
            )
    click.echo(f"{report.summary()} -> {printable(str(db))}")
    report_failures(report.rejected, "the other inputs were stored")


@click.command("rebuild")
@db_option
@wait_option
@config_option
def rebuild_cmd(db_path: Path | None, lock_timeout: float, config_path: Path | None) -> None:
    """Recompute every incident from the stored events, in one transaction.

    Incidents are derived data: whatever stopped an earlier run, this gives the
    incidents an uninterrupted ingest would have. Every ingest already finishes
    an interrupted merge; this is for a changed [merge] configuration, or to check.

    Example: sitrep incidents rebuild --db events.duckdb
    """
    from sitrep.merge.update import rebuild_incidents
    from sitrep.store import Writer

    config = Config.load(config_path)
    db = db_file(db_path, config)
    if not db.is_file():
        raise click.BadParameter(f"no database at {printable(str(db))}", param_hint="--db")
    with Writer(db, lock_timeout=lock_timeout) as writer, writer.session() as store:
        report = rebuild_incidents(store, config)
    click.echo(
        f"rebuilt {report.incidents} incidents from {report.events} events "
        f"({report.linked} articles in other languages linked) -> {printable(str(db))}"
    )
