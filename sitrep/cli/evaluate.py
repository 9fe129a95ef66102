"""``sitrep evaluate``: run the pipeline over a gold file and print the figures per field.

Thin over :mod:`sitrep.evaluate`: read the gold, predict, score, print. The
``--errors`` listing is written for whoever tunes extraction next: each record
shows what it missed (gold vs output), the start of its text, every event the
pipeline produced and the evidence spans behind each field.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from pathlib import Path

import click

from sitrep.cli._common import config_option, load_pipeline, progress_bar
from sitrep.config import Config
from sitrep.evaluate import NO_EVENT, Metric, RecordResult, Scores, load_gold, predict, score
from sitrep.records import Event, Span, to_dict

#: Scored field → the metrics printed for it, in order.
_FIELDS = (
    ("killed", ("exact", "exact_if_any", "mae", "mae_if_any")),
    ("injured", ("exact", "exact_if_any", "mae", "mae_if_any")),
    ("event_type", ("accuracy", "weighted_f1")),
    ("sub_event_type", ("accuracy", "weighted_f1")),
    ("country", ("accuracy",)),
    ("admin1", ("accuracy",)),
    ("location", ("within_25km", "median_km", "p90_km", "coverage")),
    ("event_date", ("within_1_day",)),
    ("actor1", ("match",)),
    ("actor2", ("match",)),
)

_EXCERPT_CHARS = 600
_CONTEXT_CHARS = 40
_SPACES = re.compile(r"\s+")


@click.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--errors",
    "n_errors",
    type=click.IntRange(0),
    default=0,
    help="List the N worst records: misses, text, gold, output and evidence.",
)
@click.option(
    "--errors-field",
    type=click.Choice([field for field, _ in _FIELDS]),
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
    "--limit", type=click.IntRange(1), default=None, help="Only the first N records of the file."
)
@config_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
def evaluate_cmd(
    gold: Path,
    n_errors: int,
    errors_field: str | None,
    json_out: Path | None,
    limit: int | None,
    config_path: Path | None,
    quiet: bool,
) -> None:
    """Score sitrep against the hand-labelled records of GOLD (JSON Lines).

    Fields the gold file does not label are shown as n/a. Conventions (how an
    article with several events is compared with one gold record) are in the
    documentation of sitrep.evaluate.

    Example: sitrep evaluate eval/fixtures.jsonl --errors 10
    """
    config = Config.load(config_path)
    records = load_gold(gold, config.limits)[:limit]
    predictions = []
    with progress_bar("evaluate", "record", quiet) as bar:
        for prediction in predict(records, load_pipeline(config)):
            predictions.append(prediction)
            bar.update(1)
    scores = score(records, predictions)
    click.echo(format_scores(scores, str(gold)))
    if n_errors:
        worst = scores.worst(n_errors, errors_field)
        click.echo(
            f"\n{len(worst)} worst records" + (f" missing {errors_field}" if errors_field else "")
        )
        for result in worst:
            click.echo(format_record(result))
    if json_out is not None:
        payload = {"gold": str(gold), "limit": limit, **scores.to_json()}
        json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", "utf-8")


def format_scores(scores: Scores, name: str) -> str:
    """The figures table, the event-type confusion matrix and the commonest sub-type confusions."""
    lines = [
        f"{name}: {scores.n_records} records",
        "",
        f"{'field':<16}{'metric':<14}{'value':>9}{'n':>7}",
    ]
    for field, names in _FIELDS:
        for metric_name in names:
            metric = scores.metrics[f"{field}.{metric_name}"]
            lines.append(f"{field:<16}{metric_name:<14}{_value(metric):>9}{metric.n:>7}")
    kinds = scores.miss_kinds()
    if kinds:
        lines += ["", "misses by field (how they went wrong)"]
        for field, counter in kinds.items():
            detail = ", ".join(f"{kind} {n}" for kind, n in counter.most_common())
            lines.append(f"  {field}: {counter.total()} ({detail})")
    event_table = scores.confusion["event_type"]
    if event_table:
        lines += ["", "event_type confusion (rows gold, columns predicted)", *_matrix(event_table)]
    sub_table = scores.confusion["sub_event_type"]
    wrong = [(pair, n) for pair, n in sub_table.most_common() if pair[0] != pair[1]]
    if wrong:
        lines += ["", "sub_event_type confusions (gold -> predicted: records)"]
        lines += [f"  {g} -> {p}: {n}" for (g, p), n in wrong[:15]]
    return "\n".join(lines)


def format_record(result: RecordResult) -> str:
    """One record for ``--errors``: what it missed, its text, and every event with evidence."""
    record, prediction = result.record, result.prediction
    published = record.article.published.isoformat() if record.article.published else "no date"
    lines = [
        "",
        "=" * 100,
        f"{record.record_id}  (published {published})",
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


def _value(metric: Metric) -> str:
    if metric.value is None:
        return "n/a"
    return f"{metric.value:.3f}" if metric.higher_is_better else f"{metric.value:.2f}"


def _matrix(table: Counter[tuple[str, str]]) -> list[str]:
    labels = sorted({label for pair in table for label in pair}, key=lambda s: (s == NO_EVENT, s))
    short = {label: label.split("/")[0][:10] for label in labels}
    width = max(len(label) for label in labels) + 2
    header = " " * width + "".join(f"{short[label]:>12}" for label in labels)
    rows = [header]
    for gold in labels:
        cells = "".join(f"{table.get((gold, pred), 0):>12}" for pred in labels)
        rows.append(f"{gold:<{width}}{cells}")
    return rows
