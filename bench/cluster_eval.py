"""Score sitrep's incidents against labelled article groups: pairwise and B-cubed P/R/F1.

Each labelled set is a JSONL file of ``{"file", "id", "incident"}`` rows (``id``
picks one record of a JSONL input) with the folder its files live in. The files
are ingested into a fresh database by the real pipeline (``sitrep.ingest``,
which runs the merge stage); each labelled article is then assigned the
incident of its main event, or the incident it was linked to when it has none
(``sitrep.evaluation.clusters.article_incidents`` says how), and scored with
``sitrep.evaluation.clusters.cluster_scores``. Items are articles because the labels are.

Usage:
    python bench/cluster_eval.py                       # rewrites, corpus a, corpus b, all
    python bench/cluster_eval.py --set rewrites --verbose
    python bench/cluster_eval.py --incremental         # also: corpus, then rewrites
    python bench/cluster_eval.py --scale 30000         # time clustering synthetic events

``--incremental`` ingests the corpus first and the rewrites after it into a
second database and checks that both give the same incidents.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "sitrep" / "data" / "corpus"
REWRITES = REPO / "tests" / "data" / "rewrites"

#: name → list of (labels file, folder its ``file`` paths are relative to)
SETS: dict[str, list[tuple[Path, Path]]] = {
    "rewrites": [(REWRITES / "labels.jsonl", REWRITES)],
    "corpus-a": [(REPO / "eval" / "incidents-a.jsonl", CORPUS)],
    "corpus-b": [(REPO / "eval" / "incidents-b.jsonl", CORPUS)],
}
SETS["all"] = SETS["corpus-a"] + SETS["corpus-b"] + SETS["rewrites"]


def ingest_into(db: Path, paths: Sequence[Path], pipeline: Any, config: Any) -> float:
    from sitrep.ingest import ingest
    from sitrep.store import Store

    start = time.perf_counter()
    with Store.open(db) as store:
        ingest(paths, store, pipeline, config)
    return time.perf_counter() - start


def gold_for(name: str, config: Any) -> tuple[dict[str, str], list[Path]]:
    """Article id → labelled incident over the label files of set ``name``, and their inputs."""
    from sitrep.evaluation.clusters import labelled_articles

    gold: dict[str, str] = {}
    paths: list[Path] = []
    for labels_file, root in SETS[name]:
        if labels_file.exists():
            found, files = labelled_articles(labels_file, root, config.limits)
            gold.update(found)
            paths.extend(files)
    return gold, sorted(set(paths))


def evaluate(name: str, pipeline: Any, config: Any, workdir: Path, verbose: bool) -> dict[str, Any]:
    from sitrep.evaluation.clusters import article_incidents, cluster_scores
    from sitrep.store import Store

    gold, paths = gold_for(name, config)
    if not gold:
        return {"set": name, "error": "no labels"}
    db = workdir / f"{name}.duckdb"
    seconds = ingest_into(db, paths, pipeline, config)
    with Store.open(db, read_only=True) as store:
        predicted = article_incidents(store, gold)
        stats = store.stats()
        if verbose:
            _explain(store, gold, predicted)
    scores = cluster_scores(gold, predicted)
    return {
        "set": name,
        "events": stats["events"],
        "incidents": stats["incidents"],
        "seconds": round(seconds, 1),
        **{k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(scores).items()},
    }


def _explain(store: Any, gold: dict[str, str], predicted: dict[str, str]) -> None:
    """Print each predicted incident with its articles' titles and gold labels."""
    by_pred: dict[str, list[str]] = defaultdict(list)
    for article_id, incident in predicted.items():
        by_pred[incident].append(article_id)
    titles = {a: (store.article(a) or {}).get("title") or a for a in gold}
    for incident, members in sorted(by_pred.items(), key=lambda kv: sorted(gold[m] for m in kv[1])):
        flag = "MIXED " if len({gold[m] for m in members}) > 1 else ""
        print(f"{flag}{incident[:12]}: " + "; ".join(f"{titles[m]} [{gold[m]}]" for m in members))
    by_gold: dict[str, set[str]] = defaultdict(set)
    for article_id, incident in gold.items():
        by_gold[incident].add(predicted[article_id])
    for incident, preds in sorted(by_gold.items()):
        if len(preds) > 1:
            print(f"SPLIT {incident}: {len(preds)} predicted incidents")


def incremental_check(pipeline: Any, config: Any, workdir: Path) -> bool:
    """Corpus then rewrites, one ingest each, gives the incidents of one ingest of both."""
    from sitrep.store import EventQuery, Store

    corpus = sorted({*gold_for("corpus-a", config)[1], *gold_for("corpus-b", config)[1]})
    rewrites = gold_for("rewrites", config)[1]
    ingest_into(workdir / "inc.duckdb", corpus, pipeline, config)
    ingest_into(workdir / "inc.duckdb", rewrites, pipeline, config)

    def state(db: Path) -> list[Any]:
        with Store.open(db, read_only=True) as store:
            return sorted(
                (i["incident_id"], i["event_ids"], i["article_ids"], i["fatalities"])
                for i in store.incidents(EventQuery(limit=None))
            )

    return state(workdir / "inc.duckdb") == state(workdir / "all.duckdb")


def scale(n: int) -> str:
    """Time ``cluster_events`` on ``n`` synthetic events (a year, ten countries, 3 reports each)."""
    import random
    from datetime import date, timedelta

    from sitrep.config import MergeConfig
    from sitrep.merge import cluster_events
    from sitrep.records import Event

    rng = random.Random(5)
    events = []
    for k in range(n):
        incident = k // 3
        day = date(2024, 1, 1) + timedelta(days=incident * 3 * 365 // max(n, 1))
        events.append(
            Event(
                event_id=f"e{k:07d}",
                article_id=f"a{k:07d}",
                event_type="Battles",
                sub_event_type="Armed clash",
                event_date=day + timedelta(days=rng.choice((0, 0, 1))),
                date_precision=1,
                published=day + timedelta(days=1),
                country=f"C{incident % 10}",
                admin1=f"P{incident % 37}",
                location=f"T{incident}",
                latitude=10 + (incident % 97) * 0.5,
                longitude=10 + (incident % 89) * 0.5,
                geo_precision=1,
                fatalities=rng.randint(1, 30),
            )
        )
    start = time.perf_counter()
    groups = cluster_events(events, MergeConfig())
    seconds = time.perf_counter() - start
    return f"{n} events -> {len(groups)} incidents in {seconds:.2f} s ({n / seconds:.0f} events/s)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=sorted(SETS), dest="sets")
    parser.add_argument("--verbose", action="store_true", help="print every predicted incident")
    parser.add_argument("--incremental", action="store_true", help="check incremental = batch")
    parser.add_argument("--json", action="store_true", help="one JSON object per set")
    parser.add_argument("--threshold", type=float, help="override [merge] threshold")
    parser.add_argument("--scale", type=int, metavar="N", help="only time clustering N events")
    args = parser.parse_args(argv)
    if args.scale:
        print(scale(args.scale))
        return 0
    sets = args.sets or ["rewrites", "corpus-a", "corpus-b", "all"]
    if args.incremental and "all" not in sets:
        sets.append("all")

    from sitrep.config import Config
    from sitrep.pipeline import Pipeline

    overrides = {"merge": {"threshold": args.threshold}} if args.threshold is not None else None
    config = Config.load(overrides=overrides)
    pipeline = Pipeline(config)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for name in sets:
            row = evaluate(name, pipeline, config, workdir, args.verbose)
            rows.append(row)
            if args.json:
                print(json.dumps(row))
        same = incremental_check(pipeline, config, workdir) if args.incremental else None
    if not args.json:
        print(
            "| set | articles | gold | predicted | events | pair P | pair R | pair F1 "
            "| B³ P | B³ R | B³ F1 | ingest s |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            if "error" in r:
                print(f"| {r['set']} | {r['error']} |")
                continue
            print(
                f"| {r['set']} | {r['items']} | {r['gold_clusters']} | "
                f"{r['predicted_clusters']} | {r['events']} | {r['pair_precision']:.3f} | "
                f"{r['pair_recall']:.3f} | {r['pair_f1']:.3f} | {r['b3_precision']:.3f} | "
                f"{r['b3_recall']:.3f} | {r['b3_f1']:.3f} | {r['seconds']} |"
            )
    if same is not None:
        print(f"\nincremental (corpus, then rewrites) == one ingest of both: {same}")
    return 0 if same in (None, True) else 1


if __name__ == "__main__":
    sys.exit(main())
