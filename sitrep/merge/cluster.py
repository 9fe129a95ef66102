"""Clustering: group the events of a neighbourhood into incidents by average linkage.

Connected components over pairs above a threshold chain: A–B and B–C above it
would put A and C together even when A and C are 80 km and three days apart.
Average linkage guards against that: two groups merge only when the *mean*
score over every cross pair reaches ``threshold``, and a pair outside the block
(dates too far apart, different countries) counts as 0 in that mean. A pair
that can never be one incident (two events of one article, incompatible types,
precise places far apart) forbids the merge outright.

The result depends only on the set of events, never on their order: pairs are
visited in id order and ties broken by the smallest member ids. Components of
the candidate graph are clustered separately, which is what lets
:func:`sitrep.merge.update_incidents` re-cluster one neighbourhood alone and get
the same incidents as a full rebuild.

Example:
    >>> from datetime import date
    >>> d = date(2024, 5, 11)
    >>> a = Event("a", "x", "Battles", "Armed clash", event_date=d, location="Djibo")
    >>> b = Event("b", "y", "Battles", "Armed clash", event_date=d, location="Djibo")
    >>> [[e.event_id for e in group] for group in cluster_events([b, a], MergeConfig())]
    [['a', 'b']]
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence

from sitrep.config import MergeConfig
from sitrep.merge.blocking import candidate_pairs
from sitrep.merge.context import EventText, evidence_text
from sitrep.merge.scoring import score_pair
from sitrep.records import Event

_NEVER = float("-inf")


def cluster_events(
    events: Sequence[Event],
    config: MergeConfig,
    texts: Mapping[str, EventText] | None = None,
) -> list[list[Event]]:
    """Group ``events`` into incidents; groups and members sorted by event id.

    Args:
        events: events of any number of articles (duplicates by id are ignored).
        config: the date window, distance scale and merge threshold.
        texts: event id → the sentences stating it; events missing here are
            compared on their own evidence words.

    Returns:
        One list per incident, every input event in exactly one.
    """
    unique = sorted({e.event_id: e for e in events}.values(), key=lambda e: e.event_id)
    scores: dict[tuple[int, int], float] = {}
    known = texts or {}
    contexts = [known.get(e.event_id) or evidence_text(e) for e in unique]
    for i, j in candidate_pairs(unique, config.date_window_days):
        pair = score_pair(unique[i], unique[j], config, (contexts[i], contexts[j]))
        scores[i, j] = pair.total if pair.linkable else _NEVER
    in_component: set[int] = set()
    clusters: list[list[Event]] = []
    for component in _components(len(unique), scores):
        in_component.update(component)
        for group in _average_linkage(component, scores, config.threshold):
            clusters.append([unique[i] for i in group])
    clusters.extend([e] for i, e in enumerate(unique) if i not in in_component)
    return sorted(clusters, key=lambda c: c[0].event_id)


def _components(n: int, scores: dict[tuple[int, int], float]) -> list[list[int]]:
    """Connected components over scored (candidate) pairs, singletons left out."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in scores:
        root_i, root_j = find(i), find(j)
        if root_i != root_j:
            parent[max(root_i, root_j)] = min(root_i, root_j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    return [m for m in members.values() if len(m) > 1]


def _average_linkage(
    items: list[int], scores: dict[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Agglomerate ``items`` while the best mean cross-pair score reaches ``threshold``.

    Only group pairs joined by at least one scored pair can reach a positive
    mean, so the sums are kept sparsely (average linkage's Lance-Williams update
    is a plain sum of the two rows) and candidate merges wait in a heap; an entry
    made stale by a later merge is skipped when it surfaces. Ties go to the
    smallest group keys, so the result does not depend on input order.
    """
    members: dict[int, list[int]] = {i: [i] for i in items}
    links: dict[int, dict[int, float]] = {i: {} for i in items}
    for (i, j), score in scores.items():
        if i in members and j in members:
            links[i][j] = links[j][i] = score
    heap: list[tuple[float, int, int]] = []

    def offer(x: int, y: int) -> None:
        x, y = min(x, y), max(x, y)
        mean = links[x][y] / (len(members[x]) * len(members[y]))
        if mean >= threshold:
            heapq.heappush(heap, (-mean, x, y))

    for x in sorted(links):
        for y in links[x]:
            if y > x:
                offer(x, y)
    while heap:
        negative, x, y = heapq.heappop(heap)
        if x not in members or y not in members or y not in links[x]:
            continue
        if -negative != links[x][y] / (len(members[x]) * len(members[y])):
            continue  # stale: a group changed since this entry was made
        members[x] = sorted(members[x] + members.pop(y))
        for z, total in links.pop(y).items():
            if z == x:
                continue
            del links[z][y]
            links[x][z] = links[z][x] = links[x].get(z, 0.0) + total
        links[x].pop(y, None)
        for z in links[x]:
            offer(x, z)
    return [members[k] for k in sorted(members)]
