"""Score sitrep's incidents against labelled article groups: pairwise and B-cubed P/R/F1.

Each labelled set is a JSONL file of ``{"file", "id", "incident"}`` rows (``id``
picks one record of a JSONL input) with the folder its files live in. The files
are ingested into a fresh database by the real pipeline (``sitrep.ingest``,
which runs the merge stage), and each labelled article is then assigned the
incident of its main event: the one whose incident the most articles report
(an article's lead story is the one others tell too), then the deadliest, the
most confident, the smallest id. An article without events is assigned the
incident it was linked to (other languages), else stands alone. Items are
articles because the labels are.

Usage:
    python bench/cluster_eval.py                       # rewrites, corpus a, corpus b, all
    python bench/cluster_eval.py --set rewrites --verbose
    python bench/cluster_eval.py --incremental         # also: corpus, then rewrites

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
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


@dataclass(frozen=True)
class Label:
    path: Path
    record_id: str | None
    incident: str


@dataclass(frozen=True)
class Scores:
    items: int
    gold_clusters: int
    predicted_clusters: int
    pair_p: float
    pair_r: float
    pair_f: float
    b3_p: float
    b3_r: float
    b3_f: float


def read_labels(sources: Sequence[tuple[Path, Path]]) -> list[Label]:
    labels = []
    for labels_file, root in sources:
        if not labels_file.exists():
            continue
        for line in labels_file.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("file") and row.get("incident"):
                    labels.append(Label(root / row["file"], row.get("id"), row["incident"]))
    return labels


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: dict[str, str], predicted: dict[str, str]) -> Scores:
    """Pairwise and B-cubed precision/recall/F1 of ``predicted`` against ``gold`` (item → cluster)."""
    items = sorted(gold)
    same_gold = {(a, b) for a, b in combinations(items, 2) if gold[a] == gold[b]}
    same_pred = {(a, b) for a, b in combinations(items, 2) if predicted[a] == predicted[b]}
    both = len(same_gold & same_pred)
    pair_p = both / len(same_pred) if same_pred else 1.0
    pair_r = both / len(same_gold) if same_gold else 1.0
    by_gold: dict[str, set[str]] = defaultdict(set)
    by_pred: dict[str, set[str]] = defaultdict(set)
    for item in items:
        by_gold[gold[item]].add(item)
        by_pred[predicted[item]].add(item)
    b3_p = sum(
        len(by_gold[gold[i]] & by_pred[predicted[i]]) / len(by_pred[predicted[i]]) for i in items
    ) / len(items)
    b3_r = sum(
        len(by_gold[gold[i]] & by_pred[predicted[i]]) / len(by_gold[gold[i]]) for i in items
    ) / len(items)
    return Scores(
        len(items),
        len(by_gold),
        len(by_pred),
        pair_p,
        pair_r,
        _f(pair_p, pair_r),
        b3_p,
        b3_r,
        _f(b3_p, b3_r),
    )


def article_ids(paths: Iterable[Path], config: Any) -> dict[tuple[str, str | None], str]:
    """(resolved path, record id) → stored article id, read the way ingest reads them."""
    from sitrep.clean import clean_article
    from sitrep.read import read_paths
    from sitrep.records import Rejected

    out: dict[tuple[str, str | None], str] = {}
    for item in read_paths(sorted(set(paths)), config.limits):
        if isinstance(item, Rejected) or item.origin is None:
            continue
        origin = item.origin.split(":")[0] if item.external_id else item.origin
        key = (str(Path(origin).resolve()), item.external_id)
        out[key] = clean_article(item).article_id
    return out


def predicted_incidents(store: Any, ids: Iterable[str]) -> dict[str, str]:
    """Article id → the incident of its main event, else of its link, else itself."""
    from sitrep.store import EventQuery

    linked: dict[str, str] = {}
    for incident in store.incidents(EventQuery(limit=None)):
        for key in incident["evidence"]:
            if key.startswith("link:"):
                linked[key.rsplit("@", 1)[1]] = incident["incident_id"]
    reach: dict[str, int] = {}
    for incident in store.incidents(EventQuery(limit=None)):
        reach[incident["incident_id"]] = len(incident["article_ids"])
    out = {}
    for article_id in ids:
        stored = store.article(article_id) or {"events": []}
        events = sorted(
            (e for e in stored["events"] if e["incident_id"]),
            key=lambda e: (
                -reach.get(e["incident_id"], 0),
                -(e["fatalities"] or 0),
                -e["confidence"],
                e["event_id"],
            ),
        )
        if events:
            out[article_id] = events[0]["incident_id"]
        else:
            out[article_id] = linked.get(article_id, f"alone:{article_id}")
    return out


def ingest_into(db: Path, paths: Sequence[Path], pipeline: Any, config: Any) -> float:
    from sitrep.ingest import ingest
    from sitrep.store import Store

    start = time.perf_counter()
    with Store.open(db) as store:
        ingest(paths, store, pipeline, config)
    return time.perf_counter() - start


def evaluate(name: str, pipeline: Any, config: Any, workdir: Path, verbose: bool) -> dict[str, Any]:
    from sitrep.store import Store

    labels = read_labels(SETS[name])
    if not labels:
        return {"set": name, "error": "no labels"}
    paths = sorted({label.path for label in labels})
    ids = article_ids(paths, config)
    db = workdir / f"{name}.duckdb"
    seconds = ingest_into(db, paths, pipeline, config)
    gold: dict[str, str] = {}
    missing = 0
    for label in labels:
        article_id = ids.get((str(label.path.resolve()), label.record_id))
        if article_id is None:
            missing += 1
            continue
        gold[article_id] = label.incident
    with Store.open(db, read_only=True) as store:
        predicted = predicted_incidents(store, gold)
        n_events = store.stats()["events"]
        n_incidents = store.stats()["incidents"]
        if verbose:
            _explain(store, gold, predicted, labels, ids)
    scores = score(gold, predicted)
    return {
        "set": name,
        "articles": scores.items,
        "missing": missing,
        "events": n_events,
        "incidents": n_incidents,
        "seconds": round(seconds, 1),
        **{k: round(v, 3) if isinstance(v, float) else v for k, v in vars(scores).items()},
    }


def _explain(
    store: Any,
    gold: dict[str, str],
    predicted: dict[str, str],
    labels: Sequence[Label],
    ids: dict[tuple[str, str | None], str],
) -> None:
    names = {
        ids.get((str(label.path.resolve()), label.record_id)): f"{label.path.name}"
        + (f"#{label.record_id}" if label.record_id else "")
        for label in labels
    }
    by_pred: dict[str, list[str]] = defaultdict(list)
    for article_id, incident in predicted.items():
        by_pred[incident].append(article_id)
    for incident, members in sorted(by_pred.items(), key=lambda kv: sorted(gold[m] for m in kv[1])):
        golds = sorted({gold[m] for m in members})
        flag = "MIXED " if len(golds) > 1 else ""
        print(f"{flag}{incident[:12]}: " + ", ".join(f"{names[m]} [{gold[m]}]" for m in members))
    by_gold: dict[str, set[str]] = defaultdict(set)
    for article_id, incident in gold.items():
        by_gold[incident].add(predicted[article_id])
    for incident, preds in sorted(by_gold.items()):
        if len(preds) > 1:
            print(f"SPLIT {incident}: {len(preds)} predicted incidents")


def incremental_check(pipeline: Any, config: Any, workdir: Path) -> bool:
    """Corpus then rewrites, one ingest each, gives the incidents of one ingest of both."""
    from sitrep.store import EventQuery, Store

    corpus = sorted({label.path for label in read_labels(SETS["corpus-a"] + SETS["corpus-b"])})
    rewrites = sorted({label.path for label in read_labels(SETS["rewrites"])})
    ingest_into(workdir / "inc.duckdb", corpus, pipeline, config)
    ingest_into(workdir / "inc.duckdb", rewrites, pipeline, config)

    def state(db: Path) -> list[Any]:
        with Store.open(db, read_only=True) as store:
            return sorted(
                (i["incident_id"], i["event_ids"], i["article_ids"], i["fatalities"])
                for i in store.incidents(EventQuery(limit=None))
            )

    return state(workdir / "inc.duckdb") == state(workdir / "all.duckdb")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=sorted(SETS), dest="sets")
    parser.add_argument("--verbose", action="store_true", help="print every predicted incident")
    parser.add_argument("--incremental", action="store_true", help="check incremental = batch")
    parser.add_argument("--json", action="store_true", help="one JSON object per set")
    args = parser.parse_args(argv)
    sets = args.sets or ["rewrites", "corpus-a", "corpus-b", "all"]
    if args.incremental and "all" not in sets:
        sets.append("all")

    from sitrep.config import Config
    from sitrep.pipeline import Pipeline

    config = Config.load()
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
                f"| {r['set']} | {r['articles']} | {r['gold_clusters']} | "
                f"{r['predicted_clusters']} | {r['events']} | {r['pair_p']:.3f} | "
                f"{r['pair_r']:.3f} | {r['pair_f']:.3f} | {r['b3_p']:.3f} | {r['b3_r']:.3f} | "
                f"{r['b3_f']:.3f} | {r['seconds']} |"
            )
    if same is not None:
        print(f"\nincremental (corpus, then rewrites) == one ingest of both: {same}")
    return 0 if same in (None, True) else 1


if __name__ == "__main__":
    sys.exit(main())
