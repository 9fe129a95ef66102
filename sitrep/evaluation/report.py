"""The figures as text for the terminal and as Markdown tables for ``BENCHMARKS.md``.

Every table shows a figure as its value and, in brackets or its own column, the
number of records it is over, so that 1.000 over 3 records is never read as 1.000
over 300.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from sitrep.evaluation.articles import ArticleScores
from sitrep.evaluation.figures import Metric
from sitrep.evaluation.scores import COUNT_METRICS, NO_EVENT, Scores

#: Scored field → the metrics shown for it, in order.
FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("found", ("any_event",)),
    ("killed", COUNT_METRICS),
    ("injured", COUNT_METRICS),
    ("event_type", ("accuracy", "weighted_f1")),
    ("sub_event_type", ("accuracy", "weighted_f1")),
    ("country", ("accuracy",)),
    ("admin1", ("accuracy",)),
    ("location", ("within_25km", "within_25km_precise", "median_km", "p90_km", "coverage")),
    ("event_date", ("within_1_day", "within_1_day_dated")),
    ("actor1", ("match",)),
    ("actor2", ("match",)),
)

#: The figures the issues set targets on: the rows of the per-group and per-set tables.
KEY_FIGURES = (
    "found.any_event",
    "event_type.accuracy",
    "sub_event_type.accuracy",
    "sub_event_type.weighted_f1",
    "killed.exact",
    "killed.exact_if_any",
    "killed.main_exact",
    "injured.exact",
    "injured.exact_if_any",
    "event_date.within_1_day",
    "event_date.within_1_day_dated",
    "country.accuracy",
    "admin1.accuracy",
    "location.within_25km",
    "location.within_25km_precise",
    "actor1.match",
    "actor2.match",
)

ARTICLE_FIGURES = (
    "events.precision",
    "events.recall",
    "main.recall",
    "main.all_six",
    "no_event.false_event_rate",
)


def value(metric: Metric | None) -> str:
    """A figure's value: three decimals for shares, two for errors and km, n/a for none."""
    if metric is None or metric.value is None:
        return "n/a"
    return f"{metric.value:.3f}" if metric.higher_is_better else f"{metric.value:.2f}"


def value_n(metric: Metric | None) -> str:
    """A figure with its number of records, ``0.912 (240)``, or n/a."""
    return "n/a" if metric is None or metric.value is None else f"{value(metric)} ({metric.n})"


def format_scores(scores: Scores, name: str) -> str:
    """The figures table, the event-type confusion matrix and the commonest sub-type confusions."""
    lines = [
        f"{name}: {scores.n_records} records",
        "",
        f"{'field':<16}{'metric':<20}{'value':>9}{'n':>7}",
    ]
    for field, names in FIELDS:
        for metric_name in names:
            metric = scores.metrics[f"{field}.{metric_name}"]
            lines.append(f"{field:<16}{metric_name:<20}{value(metric):>9}{metric.n:>7}")
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


def format_groups(groups: Mapping[str, Scores]) -> str:
    """The key figures per source and part, one column per group: ``value (n)``."""
    names = list(groups)
    width = max(len(n) for n in (*names, "n/a (000)")) + 2
    lines = ["figures per source and part: value (records scored)", ""]
    lines.append(f"{'':<32}" + "".join(f"{n:>{width}}" for n in names))
    lines.append(f"{'records':<32}" + "".join(f"{groups[n].n_records:>{width}}" for n in names))
    for key in KEY_FIGURES:
        cells = "".join(f"{value_n(groups[n].metrics.get(key)):>{width}}" for n in names)
        lines.append(f"{key:<32}{cells}")
    return "\n".join(lines)


def format_articles(scores: ArticleScores, name: str) -> str:
    """The article-level figures, then the main event's record-level figures."""
    with_events = sum(bool(a.gold_events) for a in scores.articles)
    gold_events = sum(len(a.gold_events) for a in scores.articles)
    output_events = sum(len(a.output_right) for a in scores.articles)
    lines = [
        f"{name}: {scores.n_articles} articles ({with_events} with events, "
        f"{scores.n_articles - with_events} without); {gold_events} gold events, "
        f"{output_events} output events",
        "",
        f"{'figure':<36}{'value':>9}{'n':>7}",
    ]
    for key in ARTICLE_FIGURES:
        metric = scores.metrics[key]
        lines.append(f"{key:<36}{value(metric):>9}{metric.n:>7}")
    lines += ["", format_scores(scores.main, f"{name}, main event of each article")]
    return "\n".join(lines)


def markdown_table(columns: Sequence[tuple[str, Mapping[str, Metric]]], rows: Sequence[str]) -> str:
    """A Markdown table: one row per figure, one column per named set, ``value (n)`` cells.

    A row no column can measure is left out.
    """
    kept = [r for r in rows if any(m.get(r) and m[r].value is not None for _, m in columns)]
    lines = [
        "| figure | " + " | ".join(name for name, _ in columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for row in kept:
        lines.append(f"| {row} | " + " | ".join(value_n(m.get(row)) for _, m in columns) + " |")
    return "\n".join(lines)


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
