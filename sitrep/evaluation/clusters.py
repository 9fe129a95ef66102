"""How well a clustering matches labelled groups: pairwise and B-cubed precision, recall, F1.

Pairwise scores count item pairs put together; they are dominated by large
clusters. B-cubed (Bagga and Baldwin, 1998) averages over items the share of
an item's predicted cluster that truly belongs with it (precision) and the
share of its true cluster that was found with it (recall), so every report
counts once; it is the figure the merge stage is held to (F1 ≥ 0.90).

Example:
    >>> gold = {"a": "x", "b": "x", "c": "y"}
    >>> cluster_scores(gold, {"a": 1, "b": 1, "c": 2}).b3_f1
    1.0
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from sitrep.clean import clean_article
from sitrep.config import LimitsConfig
from sitrep.read import read_paths
from sitrep.records import Rejected
from sitrep.store import EventQuery, Store

_RECORD_SUFFIX = re.compile(r"(:\d+|#\d+)$")


@dataclass(frozen=True, slots=True)
class ClusterScores:
    """Sizes and the six figures of one comparison."""

    items: int
    gold_clusters: int
    predicted_clusters: int
    pair_precision: float
    pair_recall: float
    pair_f1: float
    b3_precision: float
    b3_recall: float
    b3_f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def cluster_scores(
    gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]
) -> ClusterScores:
    """Compare ``predicted`` with ``gold`` (item → cluster label) over the gold items.

    Raises:
        ValueError: ``gold`` is empty or an item of it has no prediction.
    """
    items = sorted(gold)
    if not items:
        raise ValueError("nothing to score: no gold items")
    missing = [i for i in items if i not in predicted]
    if missing:
        raise ValueError(f"{len(missing)} gold items have no prediction, e.g. {missing[0]!r}")
    same_gold = {(a, b) for a, b in combinations(items, 2) if gold[a] == gold[b]}
    same_pred = {(a, b) for a, b in combinations(items, 2) if predicted[a] == predicted[b]}
    both = len(same_gold & same_pred)
    pair_p = both / len(same_pred) if same_pred else 1.0
    pair_r = both / len(same_gold) if same_gold else 1.0
    by_gold: dict[Hashable, set[str]] = defaultdict(set)
    by_pred: dict[Hashable, set[str]] = defaultdict(set)
    for item in items:
        by_gold[gold[item]].add(item)
        by_pred[predicted[item]].add(item)
    overlap = {i: len(by_gold[gold[i]] & by_pred[predicted[i]]) for i in items}
    b3_p = sum(overlap[i] / len(by_pred[predicted[i]]) for i in items) / len(items)
    b3_r = sum(overlap[i] / len(by_gold[gold[i]]) for i in items) / len(items)
    return ClusterScores(
        items=len(items),
        gold_clusters=len(by_gold),
        predicted_clusters=len(by_pred),
        pair_precision=pair_p,
        pair_recall=pair_r,
        pair_f1=_f1(pair_p, pair_r),
        b3_precision=b3_p,
        b3_recall=b3_r,
        b3_f1=_f1(b3_p, b3_r),
    )


def labelled_articles(
    labels_file: Path, root: Path, limits: LimitsConfig
) -> tuple[dict[str, str], list[Path]]:
    """Article id → labelled incident for a labels file, and the input files it names.

    Each JSONL row gives ``file`` (relative to ``root``), ``id`` (the record of a
    JSONL input, else null) and ``incident``. Files are read as ingest reads
    them, so the ids are those the store gives the articles.
    """
    rows = [json.loads(line) for line in labels_file.read_text("utf-8").splitlines() if line]
    wanted = {
        (str((root / row["file"]).resolve()), row.get("id")): row["incident"]
        for row in rows
        if row.get("file") and row.get("incident")
    }
    paths = sorted({Path(path) for path, _ in wanted})
    gold: dict[str, str] = {}
    for item in read_paths(paths, limits):
        if isinstance(item, Rejected) or item.origin is None:
            continue
        # A record of a JSONL file is named "path:line", a feed entry "path#n".
        origin = _RECORD_SUFFIX.sub("", item.origin) if item.external_id else item.origin
        incident = wanted.get((str(Path(origin).resolve()), item.external_id))
        if incident is not None:
            gold[clean_article(item).article_id] = incident
    return gold, paths


def article_incidents(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """Article id → the incident it reports, for scoring at article level.

    An article's incident is that of its main event: the one whose incident the
    most articles report (an article's lead story is the one others tell too),
    then the deadliest, the most confident, the smallest id. An article without
    events takes the incident it was linked to (other languages); one with
    neither stands alone (``"alone:<article id>"``).
    """
    reach: dict[str, int] = {}
    linked: dict[str, str] = {}
    for incident in store.incidents(EventQuery(limit=None)):
        reach[incident["incident_id"]] = len(incident["article_ids"])
        for key in incident["evidence"]:
            if key.startswith("link:"):
                linked[key.rsplit("@", 1)[1]] = incident["incident_id"]
    out: dict[str, str] = {}
    for article_id in article_ids:
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
