"""``sitrep evaluate``: run the pipeline over gold files and print the figures per field.

Thin over :mod:`sitrep.evaluation`: read the gold (one half of it, if asked),
predict, score, print. The ``--errors`` listing is written for whoever tunes
extraction next: each record shows what it missed (gold vs output), the start of
its text, every event the pipeline produced and the evidence spans behind each
field; an article-level record shows which output events matched a gold event
and which gold events were found.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from sitrep.cli._common import config_option, load_pipeline, progress_bar
from sitrep.config import Config
from sitrep.evaluation import (
    HALVES,
    Evaluation,
    GoldRecord,
    Half,
    RecordResult,
    evaluate,
    load_gold,
    predict,
    select_half,
)
from sitrep.evaluation.articles import ArticleResult
from sitrep.evaluation.report import FIELDS, format_articles, format_groups, format_scores
from sitrep.records import Event, Span, to_dict

_EXCERPT_CHARS = 600
_CONTEXT_CHARS = 40
_SPACES = re.compile(r"\s+")


@click.command("evaluate")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--half",
    type=click.Choice(HALVES),
    default="all",
    show_default=True,
    help="Only the tune half (sha256 of the id even) or the check half of the records.",
)
@click.option(
    "--errors",
    "n_errors",
    type=click.IntRange(0),
    default=0,
    help="List the N worst records: misses, text, gold, output and evidence.",
)
@click.option(
    "--errors-field",
    type=click.Choice([field for field, _ in FIELDS]),
    default=None,
    help="With --errors: only records that miss this field.",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Also write the figures, confusion tables and every record's misses as JSON.",
)
@click.option(
    "--limit", type=click.IntRange(1), default=None, help="Only the first N records (of the half)."
)
@config_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
def evaluate_cmd(
    gold: tuple[Path, ...],
    half: Half,
    n_errors: int,
    errors_field: str | None,
    json_out: Path | None,
    limit: int | None,
    config_path: Path | None,
    quiet: bool,
) -> None:
    """Score sitrep against the hand-labelled records of GOLD (JSON Lines files or folders).

    Fields the gold does not label are shown as n/a. How an article with several
    events is compared with one gold record, and how whole articles labelled with
    all their events are scored, is in docs/evaluation.md.

    Example: sitrep evaluate ../shared/evaldata/dev.jsonl --half tune --errors 10
    """
    if n_errors and half == "check":
        raise click.UsageError(
            "--errors shows records, and the check half is only read in aggregate: "
            "look at errors on --half tune"
        )
    config = Config.load(config_path)
    records = select_half(load_gold(list(gold), config.limits), half)[:limit]
    predictions = []
    with progress_bar("evaluate", "record", quiet) as bar:
        for prediction in predict(records, load_pipeline(config)):
            predictions.append(prediction)
            bar.update(1)
    result = evaluate(records, predictions)
    name = " ".join(str(path) for path in gold) + ("" if half == "all" else f" ({half} half)")
    click.echo(format_evaluation(result, name))
    if n_errors:
        click.echo(format_errors(result, n_errors, errors_field))
    if json_out is not None:
        payload = {"gold": [str(p) for p in gold], "half": half, "limit": limit}
        payload |= result.to_json()
        json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")


def format_evaluation(result: Evaluation, name: str) -> str:
    """Every table of one evaluation: record-level figures, per group, article-level."""
    parts = []
    if result.records is not None:
        parts.append(format_scores(result.records, name))
    if result.groups:
        parts.append(format_groups(result.groups))
    if result.articles is not None:
        parts.append(format_articles(result.articles, name))
    return "\n\n".join(parts)


def format_errors(result: Evaluation, n: int, only_field: str | None) -> str:
    """The worst records (and articles) of an evaluation, each with its evidence."""
    lines = []
    if result.records is not None:
        worst = result.records.worst(n, only_field)
        lines.append(
            f"\n{len(worst)} worst records" + (f" missing {only_field}" if only_field else "")
        )
        lines += [format_record(r) for r in worst]
    if result.articles is not None:
        articles = result.articles.worst(n)
        lines.append(f"\n{len(articles)} worst articles (false and missed events)")
        lines += [format_article(a) for a in articles]
    return "\n".join(lines)


def format_record(result: RecordResult) -> str:
    """One record for ``--errors``: what it missed, its text, and every event with evidence."""
    record, prediction = result.record, result.prediction
    lines = [
        *_header(record),
        "missed: "
        + "; ".join(
            f"{m.field}: gold {to_dict(m.gold)!r}, got {to_dict(m.predicted)!r}"
            for m in result.misses
        ),
        "text: " + _excerpt(record.article.text),
        "gold: " + json.dumps(dict(record.gold), ensure_ascii=False),
    ]
    if prediction.reason:
        lines.append(f"pipeline: {prediction.reason}")
    if not prediction.events:
        lines.append("output: no event")
    for index, event in enumerate(prediction.events, start=1):
        marker = " (primary)" if event is prediction.primary else ""
        lines.append(f"event {index}{marker}: {_event_line(event)}")
        for field, spans in event.evidence.items():
            quoted = " | ".join(_in_context(prediction.text, span) for span in spans)
            lines.append(f"    {field}: {quoted}")
    return "\n".join(lines)


def format_article(result: ArticleResult) -> str:
    """One article for ``--errors``: each gold event found or missed, each output event right."""
    record, prediction = result.record, result.prediction
    lines = [*_header(record), "text: " + _excerpt(record.article.text)]
    for found, labels in zip(result.gold_found, result.gold_events, strict=True):
        mark = "found" if found else "MISSED"
        main = " (main)" if labels.get("main") else ""
        lines.append(f"gold{main} [{mark}]: {_gold_line(labels)}")
    if not result.gold_events:
        lines.append("gold: no event (" + str(record.gold.get("note", "")) + ")")
    if prediction.reason:
        lines.append(f"pipeline: {prediction.reason}")
    for right, event in zip(result.output_right, prediction.events, strict=True):
        main = " (main)" if event is prediction.primary else ""
        lines.append(f"output{main} [{'right' if right else 'FALSE'}]: {_event_line(event)}")
    if result.main_all_six is False:
        lines.append("main event: not all six fields right")
    return "\n".join(lines)


def _header(record: GoldRecord) -> list[str]:
    published = record.article.published.isoformat() if record.article.published else "no date"
    return ["", "=" * 100, f"{record.record_id}  (published {published})"]


def _gold_line(event: Mapping[str, Any]) -> str:
    parts = [
        f"{event.get('event_type')} / {event.get('sub_event_type')}",
        f"killed={event.get('killed')}",
        f"injured={event.get('injured')}",
        f"date={event.get('event_date')}",
        f"place={event.get('location')}, {event.get('admin1')}, {event.get('country')}",
        f"actors={event.get('actor1')} vs {event.get('actor2')}",
    ]
    return "; ".join(parts)


def _in_context(text: str, span: Span) -> str:
    """``start:«…words [span] words…»``: the span with a few words either side, on one line."""
    if text[span.start : span.end] != span.text:
        return f"{span.start}:{span.text!r}"
    before = _SPACES.sub(" ", text[max(0, span.start - _CONTEXT_CHARS) : span.start])
    after = _SPACES.sub(" ", text[span.end : span.end + _CONTEXT_CHARS])
    before = before.partition(" ")[2] if span.start > _CONTEXT_CHARS else before
    after = after.rpartition(" ")[0] if span.end + _CONTEXT_CHARS < len(text) else after
    return f"{span.start}:«…{before}[{_SPACES.sub(' ', span.text)}]{after}…»"


def _event_line(event: Event) -> str:
    parts = [
        f"{event.event_type} / {event.sub_event_type}",
        f"killed={event.fatalities}",
        f"injured={event.injured}",
        f"date={event.event_date}",
        f"place={event.location}, {event.admin1}, {event.country}",
        f"actors={event.actor1} vs {event.actor2}",
    ]
    return "; ".join(parts)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    short = flat if len(flat) <= _EXCERPT_CHARS else flat[:_EXCERPT_CHARS] + " …"
    return textwrap.fill(short, width=100, subsequent_indent="      ")
