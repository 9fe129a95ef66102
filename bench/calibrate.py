"""Fit the confidence calibration table on labelled reports: ``python bench/calibrate.py``.

An event is *right* when it is the primary event of a labelled report and has the
gold sub-event type; every event of a report labelled as having no event is
*wrong*. Raw support (:func:`sitrep.extraction.confidence.support`) is mapped to
the share of right events by isotonic regression (pool-adjacent-violators), so
higher support never means lower confidence. The table goes to
``sitrep/data/calibration.toml``; the Brier score before and after, and a
reliability table, to ``bench/results/calibration.md``.

It is fitted on the team's fixtures and checked on the held-out set, whose
Brier score is the honest one; the ISAF releases label no types and are not used.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sitrep.config import Config
from sitrep.evaluation import load_gold, predict
from sitrep.extraction.confidence import interpolate, support
from sitrep.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
FIT = ROOT / "eval" / "fixtures.jsonl"
CHECK = ROOT / "eval" / "holdout.jsonl"


def labelled_events(paths: Sequence[Path], pipeline: Pipeline) -> list[tuple[float, int]]:
    """``(raw support, 1 if right else 0)`` for every event that can be judged."""
    pairs: list[tuple[float, int]] = []
    for path in paths:
        records = load_gold(path)
        for record, prediction in zip(records, predict(records, pipeline), strict=True):
            wanted = record.gold.get("sub_event_type")
            if wanted is None:
                pairs += [(support(e), 0) for e in prediction.events]
            elif prediction.primary is not None:
                right = int(prediction.primary.sub_event_type == wanted)
                pairs.append((support(prediction.primary), right))
    return pairs


def isotonic(pairs: Sequence[tuple[float, int]]) -> list[tuple[float, float]]:
    """Pool-adjacent-violators: a non-decreasing map from support to the share of right events."""
    blocks: list[list[float]] = []  # [support sum, right sum, count]
    for x, y in sorted(pairs):
        blocks.append([x, float(y), 1.0])
        while len(blocks) > 1 and (
            blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]
            or blocks[-2][0] / blocks[-2][2] == blocks[-1][0] / blocks[-1][2]
        ):
            x2, y2, n2 = blocks.pop()
            blocks[-1][0] += x2
            blocks[-1][1] += y2
            blocks[-1][2] += n2
    return [(round(sx / n, 3), round(sy / n, 3)) for sx, sy, n in blocks]


def brier(pairs: Sequence[tuple[float, int]], table: Sequence[tuple[float, float]] | None) -> float:
    """Mean squared error of the confidence (raw, or through ``table``) against right/wrong."""
    total = 0.0
    for x, y in pairs:
        p = interpolate(table, x) if table is not None else x
        total += (p - y) ** 2
    return total / len(pairs)


def main(argv: list[str] | None = None) -> int:
    """Fit on one labelled set, check on another; write the table and the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", type=Path, default=FIT, help="labelled reports to fit on")
    parser.add_argument("--check", type=Path, default=CHECK, help="held-out reports to check on")
    parser.add_argument("--table", type=Path, default=ROOT / "sitrep" / "data" / "calibration.toml")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "calibration.md")
    args = parser.parse_args(argv)
    pipeline = Pipeline(Config.load())
    fit = labelled_events([args.fit], pipeline)
    check = labelled_events([args.check], pipeline) if args.check.exists() else []
    if not fit:
        print("no labelled events to fit on", file=sys.stderr)
        return 1
    table = isotonic(fit)
    lines = [
        "# Confidence calibration",
        "",
        f"Command: `python bench/calibrate.py` — fitted on `{_name(args.fit)}` ({len(fit)} "
        f"judged events, {sum(y for _, y in fit)} right), checked on "
        f"`{_name(args.check)}` ({len(check)} judged events, {sum(y for _, y in check)} right).",
        "",
        "| Brier score (lower is better) | raw support | calibrated |",
        "| --- | --- | --- |",
        f"| fit set (optimistic) | {brier(fit, None):.3f} | {brier(fit, table):.3f} |",
    ]
    if check:
        lines.append(f"| held-out set | {brier(check, None):.3f} | {brier(check, table):.3f} |")
    lines += ["", "| raw support | P(right) |", "| --- | --- |"]
    lines += [f"| {x:.3f} | {y:.3f} |" for x, y in table]
    args.table.write_text(
        "# Confidence calibration: raw support -> share of events that were right.\n"
        f"# Fitted by `python bench/calibrate.py` on {_name(args.fit)} ({len(fit)} events).\n"
        f"support = {[x for x, _ in table]}\n"
        f"probability = {[y for _, y in table]}\n",
        encoding="utf-8",
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


if __name__ == "__main__":
    sys.exit(main())
