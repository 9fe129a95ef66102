"""Options and helpers shared by the data commands (extract, ingest, events, export, demo).

Kept apart from the commands so that every command spells ``--db``, ``--config``
and the record filters the same way, and so that tests can swap the pipeline
(:func:`load_pipeline`) without loading the NLP model.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from tqdm import tqdm  # type: ignore[import-untyped]

from sitrep.config import Config

if TYPE_CHECKING:
    from sitrep._types import ArticleProcessor
    from sitrep.records import Article, Processed

F = TypeVar("F", bound=Callable[..., Any])


def config_option(func: F) -> F:
    """``--config FILE``: a TOML file overriding the packaged configuration."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="A TOML file overriding the packaged configuration.",
    )(func)


def wait_option(func: F) -> F:
    """``--wait SECONDS``: how long a writer waits for another process that holds the database."""
    return click.option(
        "--wait",
        "lock_timeout",
        type=click.FloatRange(min=0),
        default=0.0,
        show_default=True,
        help="Seconds to wait for another process that holds the database.",
    )(func)


def db_option(func: F) -> F:
    """``--db FILE``: the DuckDB file; the configuration's ``[store] path`` when left out."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="DuckDB file (default: [store] path of the configuration, sitrep.duckdb).",
    )(func)


def db_file(db_path: Path | None, config: Config) -> Path:
    """The database a command works on: ``--db`` or the configured default."""
    return db_path or Path(config.store.path)


def load_pipeline(config: Config) -> ArticleProcessor:
    """Build the NLP pipeline; imported here so that ``sitrep --help`` never loads spaCy."""
    from sitrep.pipeline import Pipeline

    return Pipeline(config)


def progress_bar(desc: str, unit: str, quiet: bool) -> Any:
    """A tqdm bar on stderr; off with ``--quiet`` and when stderr is not a terminal.

    Its total is unknown (directories are walked lazily), so it counts and shows a rate.
    """
    return tqdm(
        desc=desc, unit=unit, disable=True if quiet else None, file=sys.stderr, dynamic_ncols=True
    )


class LazyPipeline:
    """The pipeline, built on the first article that needs it.

    Re-ingesting an unchanged corpus, or a batch of only bad inputs, then never
    pays the seconds it takes to load the NLP model.
    """

    def __init__(self, config: Config) -> None:
        self._config = config
        self._pipeline: ArticleProcessor | None = None

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        """Load the pipeline if needed, then process ``articles`` in order."""
        if self._pipeline is None:
            self._pipeline = load_pipeline(self._config)
        return self._pipeline.process_many(articles)


def _day(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param=param) from None


_FILTERS: tuple[Callable[[Any], Any], ...] = (
    click.option("--country", default=None, help="Country name or ISO 3166 alpha-3 code."),
    click.option("--admin1", default=None, help="First-level division (province, state)."),
    click.option("--type", "event_type", default=None, help='Event type, e.g. "Battles".'),
    click.option("--sub-type", "sub_event_type", default=None, help='e.g. "Air/drone strike".'),
    click.option(
        "--since",
        "date_from",
        callback=_day,
        metavar="DATE",
        default=None,
        help="First event date, YYYY-MM-DD.",
    ),
    click.option(
        "--until",
        "date_to",
        callback=_day,
        metavar="DATE",
        default=None,
        help="Last event date, YYYY-MM-DD.",
    ),
    click.option(
        "--min-fatalities", type=click.IntRange(min=0), default=None, help="At least N killed."
    ),
)


def filter_options(func: F) -> F:
    """The record filters of ``events``, ``incidents`` and ``export`` (all optional, ANDed).

    Each passes its value as the :class:`~sitrep.store.EventQuery` field it sets
    (``--since`` as ``date_from``), so a command's ``**filters`` are that query's
    arguments and every value is bound as a SQL parameter.
    """
    for option in reversed(_FILTERS):
        func = option(func)
    return func


def report_failures(lines: Iterable[str], what: str) -> None:
    """Print one line per failed input on stderr, then exit 1 with their count (if any).

    ``sys.exit`` rather than click's ``Exit``: the status must survive both the
    console script and ``python -m sitrep``, which ignores ``main()``'s return value.
    """
    failures = list(lines)
    for line in failures:
        click.echo(f"sitrep: {printable(line)}", err=True)
    if failures:
        noun = "input" if len(failures) == 1 else "inputs"
        click.echo(f"sitrep: {len(failures)} {noun} failed ({what})", err=True)
        sys.exit(1)


def table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> list[str]:
    """Left-aligned columns two spaces apart, as ``sitrep geocode`` prints them."""
    body = list(rows)
    widths = [max(len(row[i]) for row in (header, *body)) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *body)
    ]


def printable(text: str) -> str:
    r"""``text`` safe for a terminal: control, format and unpaired characters escaped.

    File names may hold a newline, an ANSI escape or a right-to-left override;
    printed raw they forge lines or repaint the terminal.

    Example:
        >>> printable("bad\nname\x1b[31m.txt")
        'bad\\nname\\x1b[31m.txt'
    """
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
        for c in text
    )


def with_subcommands(command: click.Command, *subcommands: click.Command) -> click.Group:
    """``command`` unchanged when run alone, plus ``subcommands`` (``sitrep incidents rebuild``).

    A group that keeps the command's options and runs its callback only when no
    subcommand is named, so adding a verb to a listing command breaks no call of it.
    """
    callback = command.callback

    @click.pass_context
    def run(ctx: click.Context, /, **kwargs: Any) -> None:
        if ctx.invoked_subcommand is None and callback is not None:
            callback(**kwargs)

    group = click.Group(
        name=command.name,
        params=list(command.params),
        callback=run,
        help=command.help,
        invoke_without_command=True,
    )
    for sub in subcommands:
        group.add_command(sub)
    return group


def formats_epilog() -> str:
    """The help's list of input formats, from :data:`sitrep.read.READERS`."""
    from sitrep.read import describe

    return f"Formats read: {describe()}. Directories are read recursively."
