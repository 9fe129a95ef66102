"""Run every evaluation and rewrite the accuracy section of BENCHMARKS.md: ``make accuracy``.

The sets are those of :mod:`sitrep.evaluation.sets` (ISAF dev, the ACLED dev
files by tune and check half, the team's fixtures and held-out reports, the
hand-labelled Wikinews articles when present). The model loads once and each
gold file runs once, however many halves are taken from it. The tables go
between ``<!-- accuracy:start -->`` and ``<!-- accuracy:end -->`` of the output
file, each under the commands that produce its figures alone; a set whose gold
is absent here is named as such, never filled in.

Usage:
    python bench/accuracy.py                       # rewrite BENCHMARKS.md
    python bench/accuracy.py --out -               # print the section only
    python bench/accuracy.py --evaldata DIR --json accuracy.json
    python bench/accuracy.py --out - --floors floors.new.toml   # proposed gate floors
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sitrep.config import Config
from sitrep.evaluation import Evaluation, GoldRecord, Prediction, evaluate, load_gold, predict
from sitrep.evaluation.report import (
    ARTICLE_FIGURES,
    KEY_FIGURES,
    markdown_table,
    value,
    value_n,
)
from sitrep.evaluation.sets import GoldSet, evaldata_folder, gold_sets
from sitrep.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- accuracy:start -->", "<!-- accuracy:end -->"
ACLED_CITATION = (
    'ACLED figures: Raleigh, Linke, Hegre and Karlsen, "Introducing ACLED: An Armed Conflict '
    'Location and Event Dataset", *Journal of Peace Research* 47(5), 2010; '
    "[acleddata.com](https://acleddata.com). The ACLED rows are used for internal measurement "
    "only and stay outside the repository."
)

#: Issue 12's targets on the check halves: figure → least value.
TARGETS = {
    "found.any_event": 0.97,
    "event_type.accuracy": 0.90,
    "sub_event_type.accuracy": 0.85,
    "killed.exact": 0.93,
    "killed.exact_if_any": 0.88,
    "injured.exact": 0.90,
    "event_date.within_1_day_dated": 0.95,
}
ARTICLE_TARGETS = {"events.precision": 0.90, "main.recall": 0.95}
#: The short figure names of the per-part table.
PART_FIGURES = {
    "found": "found.any_event",
    "type": "event_type.accuracy",
    "sub-type": "sub_event_type.accuracy",
    "killed exact": "killed.exact",
    "killed > 0": "killed.exact_if_any",
    "date (dated)": "event_date.within_1_day_dated",
    "country": "country.accuracy",
    "admin1": "admin1.accuracy",
    "25 km": "location.within_25km",
    "actor1": "actor1.match",
}


def measure(sets: Sequence[GoldSet], pipeline: Pipeline) -> dict[str, Evaluation]:
    """Evaluate every present set; each gold file is predicted once."""
    predicted: dict[Path, tuple[list[GoldRecord], list[Prediction]]] = {}
    out: dict[str, Evaluation] = {}
    for gold in sets:
        if not gold.present:
            continue
        if gold.path not in predicted:
            records = load_gold(gold.path)
            predicted[gold.path] = (records, list(predict(records, pipeline)))
        out[gold.name] = evaluate(*gold.select(*predicted[gold.path]))
    return out


def section(sets: Sequence[GoldSet], results: Mapping[str, Evaluation], seconds: float) -> str:
    """The Markdown of the accuracy section (without its sentinels)."""
    commands = "\n".join(f"{s.command(ROOT):<68} # {s.about}" for s in sets)
    absent = [s.name for s in sets if s.name not in results]
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit `{_commit()}` by "
        f"`python bench/accuracy.py` (`make accuracy`) in {seconds:.0f} s, model loaded once. "
        "Each set alone:",
        "",
        "```",
        commands,
        "```",
        "",
        *(
            ["`$SITREP_EVALDATA`: the folder of the dev data, `../shared/evaldata` by default.", ""]
            if "$SITREP_EVALDATA" in commands
            else []
        ),
        "How the figures are counted (main event, halves, when a text dates its event, the "
        "article-level matching rule) is in `docs/evaluation.md`. Value (records scored); n/a "
        "where the set does not label the field. Tune on the `tune` halves only; the `check` "
        "halves, the held-out reports and the Wikinews articles are the honest figures. "
        + ACLED_CITATION,
        "",
    ]
    lines += [
        "The quality gate (`tests/gate/`, part of `make test`) fails when a figure falls below "
        "its floor in `tests/gate/floors.toml`; floors only move up.",
        "",
    ]
    if absent:
        lines += [f"Not measured here (gold absent): {', '.join(absent)}.", ""]
    record_sets = [(n, r.records.metrics) for n, r in results.items() if r.records is not None]
    if record_sets:
        lines += ["### Per set", "", markdown_table(record_sets, KEY_FIGURES), ""]
    lines += _targets(results)
    lines += _parts(results)
    lines += _articles(results)
    return "\n".join(lines)


def _targets(results: Mapping[str, Evaluation]) -> list[str]:
    checks = [n for n in ("dev.check", "dev_global.check") if n in results]
    wiki = results.get("wikinews")
    if not checks and wiki is None:
        return []
    columns = [*checks, *(["wikinews"] if wiki is not None else [])]
    lines = [
        "### Issue 12's targets on the check halves",
        "",
        "Both check halves, and the whole-article set (its main events) when present.",
        "",
        "| figure | target | " + " | ".join(columns) + " |",
        "| --- | ---: |" + " ---: |" * len(columns),
    ]
    for name, target in TARGETS.items():
        cells = [value_n(results[n].figures().get(name)) for n in checks]
        if wiki is not None:
            cells.append(value_n(wiki.figures().get(f"main:{name}")))
        lines.append(f"| {name} | ≥ {target:.2f} | " + " | ".join(cells) + " |")
    if wiki is not None:
        for name, target in ARTICLE_TARGETS.items():
            cells = [*("" for _ in checks), value_n(wiki.figures().get(name))]
            lines.append(f"| {name} | ≥ {target:.2f} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _parts(results: Mapping[str, Evaluation]) -> list[str]:
    rows = []
    for name in ("dev.tune", "dev.check", "dev_global.tune", "dev_global.check"):
        result = results.get(name)
        if result is None:
            continue
        half = name.split(".")[1]
        for group, scores in result.groups.items():
            if group.startswith("source "):
                continue
            cells = " | ".join(
                (value_n if f.endswith("_dated") else value)(scores.metrics[f])
                for f in PART_FIGURES.values()
            )
            rows.append(
                f"| {group.removeprefix('acled ')} | {half} | {scores.n_records} | {cells} |"
            )
    if not rows:
        return []
    header = "| ACLED part | half | records | " + " | ".join(PART_FIGURES) + " |"
    return [
        "### Per ACLED part",
        "",
        "Same commands; the figures per part are printed under the per-field table. "
        "`date (dated)`: within a day, over the notes that date their event.",
        "",
        header,
        "| --- | --- |" + " ---: |" * (len(PART_FIGURES) + 1),
        *sorted(rows),
        "",
    ]


def _articles(results: Mapping[str, Evaluation]) -> list[str]:
    wiki = results.get("wikinews")
    if wiki is None or wiki.articles is None:
        return []
    articles = wiki.articles
    main = {k.removeprefix("main:"): m for k, m in wiki.figures().items() if k.startswith("main:")}
    return [
        "### Whole articles (Wikinews, every event labelled)",
        "",
        f"`sitrep evaluate eval/wikinews/`: {articles.n_articles} articles. An output event is "
        "right when a gold event of its article has its type, its country (when both name "
        "one) and a date at most 2 days away; main event = the one with the most fatalities.",
        "",
        markdown_table([("article level", articles.metrics)], ARTICLE_FIGURES),
        "",
        markdown_table([("main event", main)], KEY_FIGURES),
        "",
    ]


def floors_toml(results: Mapping[str, Evaluation]) -> str:
    """Today's figures as proposed floors for ``tests/gate/floors.toml``.

    Shares are rounded down to 0.01, lower-is-better figures (ceilings) up. It is a
    proposal to compare with the pinned floors, which only move up: never paste a
    lower floor over a higher one.
    """
    out = ["# Measured by `python bench/accuracy.py --floors FILE`; floors only move up."]
    for name, result in results.items():
        figures = result.figures()
        wanted = [*KEY_FIGURES, *ARTICLE_FIGURES, *(f"main:{k}" for k in KEY_FIGURES)]
        rows = []
        for key in wanted:
            metric = figures.get(key)
            if metric is None or metric.value is None:
                continue
            rounded = (math.floor if metric.higher_is_better else math.ceil)(
                round(metric.value * 100, 6)
            )
            rows.append(f'"{key}" = {rounded / 100:.2f}')
        out += ["", f'["{name}"]', *rows]
    return "\n".join(out) + "\n"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def write_section(path: Path, body: str) -> None:
    """Replace the text between the sentinels of ``path`` (append the section if it has none)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{body}\n{END}"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text += f"\n## Accuracy (`sitrep evaluate`)\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Measure every set, write the section, optionally the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaldata", type=Path, default=None, help="the real dev data folder")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure here")
    parser.add_argument(
        "--floors", type=Path, default=None, help="also write today's figures as gate floors"
    )
    args = parser.parse_args(argv)
    sets = list(gold_sets(ROOT, args.evaldata or evaldata_folder(ROOT)).values())
    start = time.perf_counter()
    results = measure(sets, Pipeline(Config.load()))
    body = section(sets, results, time.perf_counter() - start)
    print(body)
    if str(args.out) != "-":
        write_section(args.out, body)
    if args.floors is not None:
        args.floors.write_text(floors_toml(results), encoding="utf-8")
    if args.json is not None:
        payload: dict[str, Any] = {name: r.to_json() for name, r in results.items()}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
