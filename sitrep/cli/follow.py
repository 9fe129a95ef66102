"""``sitrep follow``: keep a database up to date from live RSS/Atom feeds and news sitemaps."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import click

from sitrep.cli._common import LazyPipeline, config_option, db_file, db_option
from sitrep.config import Config

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smh]?)")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}


def parse_duration(_ctx: click.Context | None, param: click.Parameter | None, value: str) -> float:
    """``90``, ``90s``, ``10m`` or ``1h`` as seconds (click callback).

    Example:
        >>> parse_duration(None, None, "10m")
        600.0
    """
    match = _DURATION.fullmatch(value.strip().lower())
    if match is None or float(match.group(1)) <= 0:
        raise click.BadParameter(f"{value!r} is not a duration such as 90s, 10m or 1h", param=param)
    return float(match.group(1)) * _SECONDS[match.group(2)]


@click.command("follow")
@click.argument("sources", nargs=-1, required=True, metavar="FEED_OR_SITEMAP_URL...")
@db_option
@click.option(
    "--every",
    callback=parse_duration,
    default="10m",
    show_default=True,
    metavar="DURATION",
    help="Pause between passes: 90s, 10m, 1h.",
)
@click.option("--once", is_flag=True, help="One pass, then exit (1 if anything failed).")
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Least seconds between two requests to one host (robots.txt may ask for more).",
)
@click.option("--quiet", "-q", is_flag=True, help="Only failures, no pass summaries.")
@config_option
def follow_cmd(
    sources: tuple[str, ...],
    db_path: Path | None,
    every: float,
    once: bool,
    delay: float,
    quiet: bool,
    config_path: Path | None,
) -> None:
    """Poll feeds and sitemaps; fetch, read and store every new article, once.

    Each pass reads every source (conditional requests: an unchanged feed costs a
    304), fetches the article pages it has not seen, extracts each page's article
    with trafilatura and stores it as `sitrep ingest` does, merging incidents.
    It obeys robots.txt, waits between requests to one host, retries busy servers
    with growing pauses and names itself in its user agent. A failed source or page
    is one line on stderr and the pass goes on. What was fetched is remembered in
    DB.follow.sqlite, so a restarted run, even after a crash, fetches nothing twice.

    Example: sitrep follow https://example.org/feed.xml --db events.duckdb --every 10m
    """
    from sitrep.follow import Fetcher, FetchOptions, FollowReport, follow

    config = Config.load(config_path)

    def passed(report: FollowReport) -> None:
        if not quiet:
            click.echo(report.summary())

    with Fetcher(FetchOptions(delay=delay)) as fetcher:
        report = follow(
            list(sources),
            db_file(db_path, config),
            LazyPipeline(config),
            config,
            fetcher,
            every=None if once else every,
            on_failure=lambda line: click.echo(f"sitrep: {line}", err=True),
            on_pass=passed,
            sleep=time.sleep,
        )
    if report.failures:
        n = len(report.failures)
        click.echo(
            f"sitrep: {n} {'source or page' if n == 1 else 'sources or pages'} failed", err=True
        )
        sys.exit(1)
