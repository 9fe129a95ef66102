"""``sitrep extract``: events and figures of articles, printed, without a database.

Three outputs for three readers: a table for a person, ``--json`` for a script
that wants everything about each article, and ``--jsonl IN`` for evaluation
tools, which need exactly one line per input record keyed by the record's own
``id`` (the contract of ``DESIGN.md``'s field names).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from sitrep.cli import _common
from sitrep.cli._common import config_option, formats_epilog, report_failures, table
from sitrep.config import Config
from sitrep.errors import InputError
from sitrep.records import Event, Figure, Processed, to_dict


@click.command("extract", epilog=formats_epilog())
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one item per article.")
@click.option(
    "--jsonl",
    "jsonl_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help='Read records from this JSON Lines file; write one line {"id", "events", "figures"} '
    "per record.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="With --jsonl: write the lines to this file instead of standard output.",
)
@config_option
def extract_cmd(
    files: tuple[Path, ...],
    as_json: bool,
    jsonl_path: Path | None,
    out_path: Path | None,
    config_path: Path | None,
) -> None:
    """Extract the events and humanitarian figures of each article in FILES.

    FILES are files or directories in the formats listed below (in a text file,
    an optional first line "date YYYY-MM-DD" gives the publication date). Nothing
    is stored: use "sitrep ingest" for that.

    A bad input is reported on one line and the others are still extracted; the
    exit status is then 1.

    Example: sitrep extract --jsonl articles.jsonl --out predictions.jsonl
    """
    if jsonl_path is None and not files:
        raise click.UsageError("give FILE arguments or --jsonl IN.jsonl")
    if jsonl_path is not None and (files or as_json):
        raise click.UsageError("--jsonl takes no FILE arguments and no --json")
    if out_path is not None and jsonl_path is None:
        raise click.UsageError("--out goes with --jsonl")
    config = Config.load(config_path)
    rejected: list[str] = []
    if jsonl_path is not None:
        results = _process([jsonl_path], config, rejected)
        if out_path is None:
            _write_jsonl(results, sys.stdout)
        else:
            try:
                with out_path.open("w", encoding="utf-8") as out:
                    _write_jsonl(results, out)
            except OSError as exc:
                raise InputError(str(out_path), f"cannot be written ({exc.strerror})") from None
    elif as_json:
        items = [
            {
                "article": to_dict(p.article),
                "events": to_dict(p.result.events),
                "figures": to_dict(p.result.figures),
                "reason": p.reason,
            }
            for p in _process(files, config, rejected)
        ]
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    else:
        for i, processed in enumerate(_process(files, config, rejected)):
            if i:
                click.echo()
            for line in describe(processed):
                click.echo(line)
    report_failures(rejected, "nothing was extracted from them")


def _process(paths: Iterable[Path], config: Config, rejected: list[str]) -> Iterator[Processed]:
    """Read ``paths`` and run the readable articles through the pipeline, in order.

    Rejections are appended to ``rejected`` as they are met, so the output
    streams (a large JSONL file is never held in memory).
    """
    from sitrep.read import read_articles

    articles = read_articles(paths, config.limits, lambda bad: rejected.append(bad.message))
    yield from _common.load_pipeline(config).process_many(articles)


def _write_jsonl(results: Iterable[Processed], out: IO[str]) -> None:
    for processed in results:
        article = processed.article
        line: dict[str, Any] = {
            "id": article.external_id if article.external_id is not None else article.article_id,
            "article_id": article.article_id,
            "events": to_dict(processed.result.events),
            "figures": to_dict(processed.result.figures),
        }
        if processed.reason:
            line["reason"] = processed.reason
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()


def describe(processed: Processed) -> list[str]:
    """A person's view of one processed article: a heading, its events, its figures.

    Example:
        >>> from sitrep.records import Article, Processed
        >>> describe(Processed(Article(text="Nothing happened.", origin="a.txt")))[1]
        '  no events'
    """
    article = processed.article
    heading = article.origin or article.article_id
    if article.title:
        heading += f" | {article.title}"
    if article.published:
        heading += f" | published {article.published.isoformat()}"
    lines = [heading]
    if processed.reason:
        return [*lines, f"  not extracted: {processed.reason}"]
    events, figures = processed.result.events, processed.result.figures
    if events:
        columns = ("date", "type", "location", "fatalities", "actors")
        lines += ["  " + row for row in table(columns, (_event_row(e) for e in events))]
    else:
        lines.append("  no events")
    if figures:
        lines.append("")
        figure_columns = ("figure", "value", "location", "period")
        lines += ["  " + row for row in table(figure_columns, (_figure_row(f) for f in figures))]
    return lines


def _event_row(event: Event) -> tuple[str, str, str, str, str]:
    when = event.event_date.isoformat() if event.event_date else "undated"
    if event.event_date and event.date_precision and event.date_precision > 1:
        when += f" (p{event.date_precision})"
    return (
        when,
        f"{event.event_type} / {event.sub_event_type}",
        _place(event.location, event.admin1, event.country, event.geo_precision),
        _fatalities(event),
        _actors(event),
    )


def _figure_row(figure: Figure) -> tuple[str, str, str, str]:
    value = f"{figure.value:,} {figure.unit}"
    if figure.qualifier and figure.qualifier != "exact":
        value = f"{figure.qualifier.replace('_', ' ')} {value}"
    start = figure.period_start.isoformat() if figure.period_start else ""
    end = figure.period_end.isoformat() if figure.period_end else ""
    return (
        figure.figure_type,
        value,
        _place(figure.location, figure.admin1, figure.country, figure.geo_precision),
        f"{start}..{end}" if start or end else "",
    )


def _place(
    location: str | None, admin1: str | None, country: str | None, precision: int | None
) -> str:
    names: list[str] = []
    for name in (location, admin1, country):
        if name and name not in names:
            names.append(name)
    if not names:
        return "unknown"
    return ", ".join(names) + (f" (p{precision})" if precision else "")


def _fatalities(event: Event) -> str:
    if event.fatalities is None:
        text = "unknown"
    else:
        text = str(event.fatalities)
        if event.qualifier and event.qualifier != "exact":
            text += f" ({event.qualifier.replace('_', ' ')})"
    if event.revisions:
        text += "; earlier " + ", ".join(str(r.value) for r in event.revisions)
    if event.injured is not None:
        text += f"; {event.injured} injured"
    elif event.injured_mentioned:
        text += "; injured: mentioned"
    return text


def _actors(event: Event) -> str:
    def side(actor: str | None, assoc: str | None) -> str:
        name = actor or "?"
        return f"{name} (with {assoc})" if assoc else name

    if not (event.actor1 or event.actor2):
        return ""
    if not event.actor2:
        return side(event.actor1, event.assoc_actor1)
    return f"{side(event.actor1, event.assoc_actor1)} -> {side(event.actor2, event.assoc_actor2)}"
