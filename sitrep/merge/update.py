"""Incremental merge: re-cluster only the neighbourhood of new events and write what changed.

Clustering treats each connected component of the candidate graph (events in
one block, see :mod:`sitrep.merge.blocking`) on its own, so the incidents of a
component depend only on its events. :func:`update_incidents` therefore grows,
from the new events, the union of the components they touch: it reads the
events of the date window around each node from the store, keeps those that
are candidates of a node, and repeats until nothing new joins. Unread articles
(other languages) are nodes too, joined to every event of their window, because
which incident one of them is linked to depends on all of those. Re-clustering
that closure and replacing its incidents gives the same incidents as merging
everything at once, in any ingest order, and running it twice changes nothing.

Incidents left stale by a re-written article (a member event that no longer
exists) are found through the store and their surviving members re-clustered
with the new events, so no incident points at a vanished event.

The cost is that of the closure, not the database; in a dense stream (one
country reporting every day) the chain of windows can grow long, which costs
time but never changes the answer. Each update is written in one transaction
(stale incidents deleted, new ones upserted, events pointed at them, the
articles it covered taken off the store's merge queue), so a crash leaves the
previous incidents and the articles still queued: :func:`merge_pending`, which
every ingest runs, finishes the job.

Example:
    >>> with Store.open("sitrep.duckdb") as store:                     # doctest: +SKIP
    ...     update_incidents(store, ["3f0a..."], Config.load())
    MergeReport(events=4, incidents=2, removed=1, linked=1)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.config import Config
from sitrep.geocode import load_gazetteer
from sitrep.merge.blocking import day_of, is_candidate, max_reach
from sitrep.merge.cluster import cluster_events
from sitrep.merge.context import event_text
from sitrep.merge.foreign import ArticleLink, link_articles
from sitrep.merge.reconcile import incident_id_for, reconcile
from sitrep.records import Article, Event, Incident, Span
from sitrep.store import EventQuery, Store


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What one update did: events re-clustered, incidents written and removed, links made."""

    events: int
    incidents: int
    removed: int
    linked: int


def merge_pending(store: Store, config: Config) -> MergeReport:
    """Merge every article written since its events were last merged (what ingest calls).

    The store queues each article it writes in the article's own transaction and
    :meth:`~sitrep.store.Store.replace_incidents` takes it off in the merge's, so
    this finishes whatever an interrupted ingest or merge left, and does nothing
    when nothing is pending.

    Raises:
        StoreError: the database cannot be read or written.
    """
    pending = store.pending_articles()
    if not pending:
        return MergeReport(0, 0, 0, 0)
    return update_incidents(
        store, store.event_ids_of(pending), config, new_article_ids=pending, done=pending
    )


def update_incidents(
    store: Store,
    new_event_ids: Iterable[str],
    config: Config,
    *,
    new_article_ids: Iterable[str] = (),
    done: Iterable[str] = (),
) -> MergeReport:
    """Fold new events (and new unread articles) into the stored incidents.

    Args:
        store: an open, writable store holding the new events.
        new_event_ids: ids of events just stored.
        config: ``[merge]`` thresholds, the languages the pipeline reads, the gazetteer.
        new_article_ids: ids of articles just stored without events (other
            languages), to be linked to an incident.
        done: ids of articles to take off the store's merge queue with the result.

    Returns:
        Counts of what changed.

    Raises:
        StoreError: the database cannot be read or written.
    """
    stale_before = store.stale_incidents()
    seed_ids = {*new_event_ids, *(e for members in stale_before.values() for e in members)}
    seeds = store.events_by_id(seed_ids)
    unread_seeds = _unread(store.unread_articles(article_ids=list(new_article_ids)), config)
    events, unread = _closure(store, seeds, unread_seeds, config)
    incidents, links = _incidents(store, events, unread, config)
    fresh = {i.incident_id for i in incidents}
    stale = ({e.incident_id for e in events.values() if e.incident_id} | set(stale_before)) - fresh
    store.replace_incidents(stale, incidents, done=done)
    return MergeReport(len(events), len(incidents), len(stale), links)


def rebuild_incidents(store: Store, config: Config) -> MergeReport:
    """Merge every stored event and unread article from scratch, in one transaction.

    Gives the incidents of an uninterrupted run whatever the database held
    before (incidents of any age, a half-finished merge, a non-empty queue).
    """
    before = {i["incident_id"] for i in store.incidents(EventQuery(limit=None))}
    events = {e.event_id: e for e in store.all_events()}
    unread = _unread(store.unread_articles(), config)
    incidents, links = _incidents(store, events, unread, config)
    store.replace_incidents((), incidents, everything=True)
    removed = before - {i.incident_id for i in incidents}
    return MergeReport(len(events), len(incidents), len(removed), links)


def _incidents(
    store: Store, events: dict[str, Event], unread: dict[str, Article], config: Config
) -> tuple[list[Incident], int]:
    """Cluster ``events``, link ``unread`` articles, reconcile: the incidents and links made."""
    if not events:
        return [], 0
    articles = store.article_texts({e.article_id for e in events.values()})
    texts = {
        e.event_id: event_text(e, *articles[e.article_id])
        for e in events.values()
        if e.article_id in articles
    }
    clusters = cluster_events(list(events.values()), config.merge, texts)
    incidents = [reconcile(members) for members in clusters]
    links: list[ArticleLink] = []
    if unread:
        gazetteer = load_gazetteer(config.geocode)
        links = link_articles(
            sorted(unread.values(), key=lambda a: a.article_id),
            list(zip(incidents, clusters, strict=True)),
            config.merge,
            gazetteer,
        )
    linked: dict[str, dict[str, dict[str, tuple[Span, ...]]]] = {}
    for link in links:
        linked.setdefault(link.incident_id, {})[link.article_id] = {link.evidence_key: link.spans}
    incidents = [reconcile(members, linked.get(incident_id_for(members))) for members in clusters]
    return incidents, len(links)


def _unread(rows: Iterable[tuple[Article, str]], config: Config) -> dict[str, Article]:
    """Articles the pipeline did not read because of their language, by id."""
    return {
        article.article_id: article
        for article, _reason in rows
        if article.language is not None
        and article.language not in config.nlp.languages
        and article.published is not None
    }


def _closure(
    store: Store, seeds: list[Event], unread_seeds: dict[str, Article], config: Config
) -> tuple[dict[str, Event], dict[str, Article]]:
    """The union of the candidate-graph components of the seeds (see the module docstring)."""
    window = config.merge.date_window_days
    reach = max_reach(window)
    events = {e.event_id: e for e in seeds}
    unread = dict(unread_seeds)
    known: dict[str, Event] = {}
    known_unread: dict[str, Article] = {}
    read_days: set[date] = set()
    pending_events = list(seeds)
    pending_unread = list(unread_seeds.values())

    def read_around(day: date) -> None:
        days = {day + timedelta(days=k) for k in range(-reach, reach + 1)} - read_days
        if not days:
            return
        start, end = min(days), max(days)
        for event in store.events_in_window(start, end):
            known.setdefault(event.event_id, event)
        rows = store.unread_articles(date_from=start, date_to=end)
        known_unread.update(_unread(rows, config))
        read_days.update(start + timedelta(days=k) for k in range((end - start).days + 1))

    def near(day: date, other: date) -> bool:
        return abs((day - other).days) <= window

    while pending_events or pending_unread:
        if pending_events:
            node = pending_events.pop()
            day = day_of(node)
            if day is None:
                continue
            read_around(day)
            joined = [
                e
                for e in known.values()
                if e.event_id not in events and is_candidate(node, e, window)
            ]
            joined_unread = [
                a
                for a in known_unread.values()
                if a.article_id not in unread and a.published and near(day, a.published)
            ]
        else:
            article = pending_unread.pop()
            assert article.published is not None
            day = article.published
            read_around(day)
            joined = [
                e
                for e in known.values()
                if e.event_id not in events and (d := day_of(e)) is not None and near(day, d)
            ]
            joined_unread = []
        for e in sorted(joined, key=lambda x: x.event_id):
            events[e.event_id] = e
            pending_events.append(e)
        for a in sorted(joined_unread, key=lambda x: x.article_id):
            unread[a.article_id] = a
            pending_unread.append(a)
    return events, unread
