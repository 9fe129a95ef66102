"""Fit the confidence calibration table on labelled reports: ``python bench/calibrate.py``.

An event is *right* when it is the primary event of a labelled report and has the
gold sub-event type; every event of a report labelled as having no event is
*wrong*. Raw support (:func:`sitrep.extraction.confidence.support`) is mapped to
the share of right events by isotonic regression (pool-adjacent-violators), so
higher support never means lower confidence. The table goes to
``sitrep/data/calibration.toml``; the Brier score before and after, and a
reliability table, to ``bench/results/calibration.md``.

Only gold files that label sub-event types can be used (the team's fixtures and
held-out set); the ISAF releases do not label types.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sitrep.config import Config
from sitrep.evaluate import load_gold, predict
from sitrep.extraction.confidence import interpolate, support
from sitrep.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
GOLD = (ROOT / "eval" / "fixtures.jsonl", ROOT / "eval" / "holdout.jsonl")


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


def brier(pairs: Sequence[tuple[float, int]], predict_p: dict[float, float] | None) -> float:
    """Mean squared error of the confidence against right (1) / wrong (0)."""
    total = 0.0
    for x, y in pairs:
        p = predict_p[x] if predict_p is not None else x
        total += (p - y) ** 2
    return total / len(pairs)


def main(argv: list[str] | None = None) -> int:
    """Fit, write the table and the report; print the Brier scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", nargs="*", type=Path, default=[p for p in GOLD if p.exists()])
    parser.add_argument("--table", type=Path, default=ROOT / "sitrep" / "data" / "calibration.toml")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "calibration.md")
    args = parser.parse_args(argv)
    pairs = labelled_events(args.gold, Pipeline(Config.load()))
    if not pairs:
        print("no labelled events", file=sys.stderr)
        return 1
    table = isotonic(pairs)
    fitted = {x: interpolate(table, x) for x, _ in pairs}
    before, after = brier(pairs, None), brier(pairs, fitted)
    names = ", ".join(str(p.relative_to(ROOT)) for p in args.gold)
    args.table.write_text(
        "# Confidence calibration: raw support -> share of events that were right.\n"
        f"# Fitted by `python bench/calibrate.py` on {names} ({len(pairs)} events).\n"
        f"support = {[x for x, _ in table]}\n"
        f"probability = {[y for _, y in table]}\n",
        encoding="utf-8",
    )
    rows = "\n".join(f"| {x:.3f} | {y:.3f} |" for x, y in table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "# Confidence calibration\n\n"
        f"Command: `python bench/calibrate.py` — gold: {names}; {len(pairs)} judged events, "
        f"{sum(y for _, y in pairs)} right.\n\n"
        f"Brier score: raw support {before:.3f} → calibrated {after:.3f} (lower is better; "
        "fitted and measured on the same events, so the second figure is optimistic).\n\n"
        "| raw support | P(right) |\n| --- | --- |\n" + rows + "\n",
        encoding="utf-8",
    )
    print(f"{len(pairs)} events; Brier {before:.3f} -> {after:.3f}; table {args.table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
