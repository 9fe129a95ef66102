"""Writing articles: one transaction per batch, idempotent per article, queued for the merge.

An article and all its events, figures and evidence are replaced together, and
its id joins ``merge_pending`` in the same transaction, so that whatever stops
the process afterwards, the next ingest knows which articles still have to be
merged into incidents (:mod:`sitrep.store._merge_support`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sitrep.records import Article, Event, Figure, Processed, stable_id, to_dict
from sitrep.store._connection import EVIDENCE_COLUMNS, StoreBase
from sitrep.store._rows import columns, evidence_rows, to_row

_ARTICLE_COLUMNS = (
    "article_id",
    "title",
    "text",
    "published",
    "url",
    "source",
    "language",
    "external_id",
    "origin",
    "reason",
    "fingerprint",
    "record_hash",
    "ingested_at",
)


def article_fingerprint(article: Article) -> str:
    """Hash what reading decides about an article (text and metadata, not the path).

    Ingest compares it with the stored one to skip an unchanged article without
    running the pipeline on it again.

    Example:
        >>> article_fingerprint(Article(text="a")) == article_fingerprint(Article(text="a"))
        True
    """
    published = article.published.isoformat() if article.published else ""
    return stable_id(
        article.text,
        article.title or "",
        published,
        article.url or "",
        article.source or "",
        length=32,
    )


def _article_row(processed: Processed, record_hash: str) -> tuple[Any, ...]:
    article = processed.article
    return (
        article.article_id,
        article.title,
        article.text,
        article.published,
        article.url,
        article.source,
        article.language,
        article.external_id,
        article.origin,
        processed.reason,
        article_fingerprint(article),
        record_hash,
        datetime.now(UTC).replace(tzinfo=None),
    )


def _record_hash(processed: Processed) -> str:
    data = to_dict(processed)
    data["article"].pop("origin", None)  # the same article read from another path is unchanged
    return stable_id(json.dumps(data, sort_keys=True, ensure_ascii=False), length=32)


class WritesMixin(StoreBase):
    """The writing half of :class:`~sitrep.store.Store`."""

    def write(self, processed: Processed) -> bool:
        """Store one article and its records in one transaction, replacing any earlier version.

        Writing the same processed article again changes nothing and returns
        ``False``; a changed version replaces every row of the old one. Events keep
        the incident they were merged into while their id stays the same.

        Returns:
            Whether the article was new or changed.

        Raises:
            StoreError: the database rejected the write (nothing of it is stored).
        """
        return self.write_many([processed])[0]

    def write_many(self, batch: Sequence[Processed]) -> list[bool]:
        """Store a batch of articles in one transaction, each as :meth:`write` would.

        One transaction and one statement per table for the whole batch instead of
        ten statements per article: the writer is the one process a distributed
        ingest cannot parallelise, so its cost per article bounds the whole run.
        All of the batch is stored or none of it; a re-run stores what is missing.
        Every article written is queued for the incident merge in the same
        transaction.

        Returns:
            For each article of ``batch``, whether it was new or changed.

        Raises:
            StoreError: the database rejected the write (nothing of the batch is stored).
        """
        latest = {p.article.article_id: p for p in batch}  # an article twice: its last version
        hashes = {aid: _record_hash(p) for aid, p in latest.items()}
        ids = list(latest)
        with self._guard("write"):
            stored = dict(
                self._con.execute(
                    "SELECT article_id, record_hash FROM articles "
                    "WHERE list_contains(?, article_id)",
                    [ids],
                ).fetchall()
            )
            changed = [aid for aid in ids if stored.get(aid) != hashes[aid]]
            merged = dict(
                self._con.execute(
                    "SELECT event_id, incident_id FROM events "
                    "WHERE list_contains(?, article_id) AND incident_id IS NOT NULL",
                    [changed],
                ).fetchall()
            ) if changed else {}  # fmt: skip
        if changed:
            articles, events, figures, evidence = [], [], [], []
            for aid in changed:
                processed = latest[aid]
                articles.append(_article_row(processed, hashes[aid]))
                kept = [
                    e
                    if e.incident_id or e.event_id not in merged
                    else replace(e, incident_id=merged[e.event_id])
                    for e in processed.result.events
                ]
                events += [to_row(e) for e in kept]
                figures += [to_row(f) for f in processed.result.figures]
                for e in kept:
                    evidence += evidence_rows("event", e.event_id, aid, e.evidence)
                for f in processed.result.figures:
                    evidence += evidence_rows("figure", f.figure_id, aid, f.evidence)
            with self._transaction("write"):
                for table in ("evidence", "events", "figures", "articles", "merge_pending"):
                    self._con.execute(
                        f"DELETE FROM {table} WHERE list_contains(?, article_id)", [changed]
                    )
                self._insert("articles", _ARTICLE_COLUMNS, articles)
                self._insert("events", columns(Event), events)
                self._insert("figures", columns(Figure), figures)
                self._insert("evidence", EVIDENCE_COLUMNS, evidence)
                self._insert("merge_pending", ("article_id",), [(aid,) for aid in changed])
        written = set(changed)
        seen: set[str] = set()
        out = []
        for processed in batch:
            aid = processed.article.article_id
            out.append(aid in written and aid not in seen)
            seen.add(aid)
        return out

    def has_article(self, article_id: str, *, fingerprint: str | None = None) -> bool:
        """Whether the article is stored (with this :func:`article_fingerprint`, when given)."""
        stored = self.fingerprints([article_id])
        return article_id in stored and (fingerprint is None or stored[article_id] == fingerprint)

    def stored_keys(self) -> list[str]:
        """Every stored article as its id followed by its fingerprint (what Dask workers skip)."""
        with self._guard("read"):
            rows = self._con.execute("SELECT article_id || fingerprint FROM articles").fetchall()
        return [r[0] for r in rows]

    def fingerprints(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id → stored :func:`article_fingerprint`, for the ids that are stored."""
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        with self._guard("read"):
            rows = self._con.execute(
                "SELECT article_id, fingerprint FROM articles WHERE list_contains(?, article_id)",
                [ids],
            ).fetchall()
        return dict(rows)
