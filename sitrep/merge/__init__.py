"""The merge stage: events of different articles (and languages) folded into incidents.

A wire story is rewritten by dozens of outlets and its toll changes through the
day; analysts need one record per real event with every report kept as
provenance. The stage runs in four steps, one module each:

* :mod:`~sitrep.merge.blocking`: which pairs are worth scoring (dates within
  ``date_window_days``, no country conflict, never two events of one article);
* :mod:`~sitrep.merge.scoring`: a pair score from place, type, date, actors,
  counts and text;
* :mod:`~sitrep.merge.cluster`: average-linkage clustering (no chaining);
* :mod:`~sitrep.merge.reconcile`: one :class:`~sitrep.records.Incident` per
  cluster, with conservative and UCDP-style counts and the revision chain;

plus :mod:`~sitrep.merge.foreign`, which links articles in other languages, and
:mod:`~sitrep.merge.update`, which applies all of it to the neighbourhood of new
events in a store (what ``sitrep ingest`` calls).

Example:
    >>> groups = cluster_events(events, config.merge)                 # doctest: +SKIP
    >>> incidents = [reconcile(group) for group in groups]             # doctest: +SKIP
"""

from __future__ import annotations

from sitrep.merge.cluster import cluster_events
from sitrep.merge.foreign import ArticleLink, link_articles
from sitrep.merge.reconcile import reconcile
from sitrep.merge.scoring import PairScore, score_pair
from sitrep.merge.update import MergeReport, rebuild_incidents, update_incidents

__all__ = [
    "ArticleLink",
    "MergeReport",
    "PairScore",
    "cluster_events",
    "link_articles",
    "rebuild_incidents",
    "reconcile",
    "score_pair",
    "update_incidents",
]
